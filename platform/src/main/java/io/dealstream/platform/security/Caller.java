package io.dealstream.platform.security;

import io.dealstream.platform.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who sent the request, as its verified bearer token says: the object-level checks the roles alone cannot make. */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /**
     * Refuses with 403 unless the caller may move money of {@code investor}: a deal-admin may for any investor, an
     * investor token only for the investor its claim names (compared ignoring case, as the API's investors are).
     */
    public void mayActFor(String investor, String what) {
        if (identity.hasRole(Roles.DEAL_ADMIN)) {
            return;
        }
        String claimed = claimedInvestor();
        if (claimed == null || !claimed.equalsIgnoreCase(investor)) {
            Map<String, Object> needed = new LinkedHashMap<>();
            needed.put("requiredInvestor", investor);
            if (claimed != null) {
                needed.put("tokenInvestor", claimed);
            }
            throw Problem.forbidden(what + " is " + investor + "'s: it needs role " + Roles.DEAL_ADMIN
                    + " or an " + Roles.INVESTOR + " token for " + investor
                    + (claimed == null ? "; this token names no investor" : ", not for " + claimed), needed);
        }
    }

    private String claimedInvestor() {
        if (!identity.hasRole(Roles.INVESTOR) || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return null;
        }
        Object claim = jwt.getClaim(Roles.INVESTOR_CLAIM);
        String investor = claim instanceof JsonString text ? text.getString().trim()
                : claim instanceof String text ? text.trim() : null;
        return investor == null || investor.isEmpty() ? null : investor;
    }
}
