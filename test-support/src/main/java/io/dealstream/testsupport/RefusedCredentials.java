package io.dealstream.testsupport;

import java.util.function.Supplier;

/**
 * The credentials every write must refuse with 401, whatever role it needs: each with the {@code Authorization} header
 * it sends (none for {@link #NONE}) and the reason the problem's detail gives.
 */
public enum RefusedCredentials {

    NONE(() -> null, null),
    NOT_BEARER(() -> "Basic ZGVhbC1hZG1pbjpzZWNyZXQ=", null),
    EXPIRED(() -> "Bearer " + TestTokens.expired(), "it has expired"),
    WRONG_SIGNATURE(() -> "Bearer " + TestTokens.wrongSignature(), "its signature does not verify with the issuer's key"),
    WRONG_ISSUER(() -> "Bearer " + TestTokens.wrongIssuer(), "it is not from the trusted issuer"),
    NOT_A_JWT(() -> "Bearer not.a.token", "it is not a valid signed JWT of the trusted issuer"),
    UNSIGNED(() -> "Bearer " + TestTokens.unsigned(), "it is not a valid signed JWT of the trusted issuer"),
    HMAC_WITH_PUBLIC_KEY(() -> "Bearer " + TestTokens.hmacWithPublicKey(),
            "it is not a valid signed JWT of the trusted issuer");

    private final Supplier<String> authorization;
    private final String reason;

    RefusedCredentials(Supplier<String> authorization, String reason) {
        this.authorization = authorization;
        this.reason = reason;
    }

    /** The Authorization header to send, or null to send none. */
    public String authorization() {
        return authorization.get();
    }

    /** The 401's detail for a write that needs {@code roles} (e.g. "role deal-admin"). */
    public String detail(String roles) {
        return reason == null ? "this needs a bearer token with " + roles
                : "the bearer token is refused: " + reason + "; this needs a valid token with " + roles;
    }
}
