package io.dealstream.localstack;

import io.dealstream.testsupport.LocalIssuer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code make token ROLE=deal-admin|investor [INVESTOR=Amazon] [TTL=minutes]}: one bearer token, signed with the key
 * pair the local services verify with (made if missing), and nothing else on stdout, so that
 * {@code TOKEN=$(make -s token ROLE=deal-admin)} works. Its arguments are those names, {@code NAME=value}; an empty
 * value is no value.
 */
public final class Token {

    /** Bad arguments: nothing printed on stdout. */
    public static final int REFUSED = 2;
    public static final int DEFAULT_TTL_MINUTES = 60;
    /** A week: a local token is for trying things out, never a lasting credential. */
    public static final int MAX_TTL_MINUTES = 7 * 24 * 60;
    static final List<String> ROLES = List.of(LocalIssuer.DEAL_ADMIN, LocalIssuer.INVESTOR);
    static final String USAGE = "usage: make token ROLE=deal-admin|investor [INVESTOR=<name>, needed with ROLE=investor]"
            + " [TTL=<minutes>, default " + DEFAULT_TTL_MINUTES + ", at most " + MAX_TTL_MINUTES + "]";

    private Token() {
    }

    /**
     * Prints the token on {@code out}; a refusal, and a note when the key pair is made, on {@code err}.
     *
     * @return 0, or {@link #REFUSED}
     */
    public static int run(List<String> args, Path keys, PrintStream out, PrintStream err) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (eq < 0 || !List.of("ROLE", "INVESTOR", "TTL").contains(name)) {
                return refuse(err, "'" + arg + "' is not one of ROLE=..., INVESTOR=..., TTL=...");
            }
            String value = arg.substring(eq + 1).strip();
            if (!value.isEmpty()) {
                given.put(name, value);
            }
        }
        String role = given.get("ROLE");
        String investor = given.get("INVESTOR");
        if (role == null) {
            return refuse(err, "ROLE is missing: deal-admin or investor");
        }
        if (!ROLES.contains(role)) {
            return refuse(err, "ROLE=" + role + " is not a role: deal-admin or investor");
        }
        if (role.equals(LocalIssuer.INVESTOR) && investor == null) {
            return refuse(err, "ROLE=investor needs INVESTOR, the investor whose tranches the token may fund "
                    + "(e.g. INVESTOR=Amazon)");
        }
        if (role.equals(LocalIssuer.DEAL_ADMIN) && investor != null) {
            return refuse(err, "INVESTOR=" + investor + " goes with ROLE=investor; a deal-admin acts for every investor");
        }
        Duration ttl = Duration.ofMinutes(DEFAULT_TTL_MINUTES);
        if (given.containsKey("TTL")) {
            String badTtl = "TTL=" + given.get("TTL") + " is not a whole number of minutes from 1 to " + MAX_TTL_MINUTES;
            try {
                long minutes = Long.parseLong(given.get("TTL"));
                if (minutes < 1 || minutes > MAX_TTL_MINUTES) {
                    return refuse(err, badTtl);
                }
                ttl = Duration.ofMinutes(minutes);
            } catch (NumberFormatException e) {
                return refuse(err, badTtl);
            }
        }
        if (!Files.isRegularFile(keys.resolve(LocalIssuer.PRIVATE_KEY))) {
            err.println("made a key pair in " + keys + " (services started before it verify with another key: make down,"
                    + " make up)");
        }
        LocalIssuer issuer = LocalIssuer.in(keys);
        String subject = investor == null ? role : investor.toLowerCase(Locale.ROOT);
        out.println(issuer.token(subject, List.of(role), investor, ttl));
        return 0;
    }

    private static int refuse(PrintStream err, String why) {
        err.println("make token: " + why);
        err.println(USAGE);
        return REFUSED;
    }
}
