package io.dealstream.launch;

import io.dealstream.testsupport.LocalIssuer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the demo's bearer tokens come from: signed here with the private key of a key pair, or given ready-made in
 * the environment ({@code DEAL_ADMIN_TOKEN}, and {@code <INVESTOR>_TOKEN} for each investor, e.g. AMAZON_TOKEN), as
 * {@code make kind-demo} gives them to its pod so that the private key never enters the cluster.
 */
public interface DemoTokens {

    String ADMIN_VARIABLE = "DEAL_ADMIN_TOKEN";

    String admin();

    /** The investor role's token for {@code investor}, or null when none was given. */
    String investor(String investor);

    /** What the demo prints about where its tokens come from. */
    String source();

    /** Tokens given in {@code env} when it has {@link #ADMIN_VARIABLE}, else null. */
    static DemoTokens given(Function<String, String> env) {
        String admin = env.apply(ADMIN_VARIABLE);
        if (admin == null || admin.isBlank()) {
            return null;
        }
        return new DemoTokens() {
            public String admin() {
                return admin.trim();
            }

            public String investor(String investor) {
                String token = env.apply(investor.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_TOKEN");
                return token == null || token.isBlank() ? null : token.trim();
            }

            public String source() {
                return "given in " + ADMIN_VARIABLE + " and <INVESTOR>_TOKEN";
            }
        };
    }

    /** Tokens signed with the private key in {@code keys}, or null when there is none. */
    static DemoTokens signedWith(Path keys) {
        if (!Files.isRegularFile(keys.resolve(LocalIssuer.PRIVATE_KEY))) {
            return null;
        }
        LocalIssuer issuer = LocalIssuer.in(keys);
        return new DemoTokens() {
            public String admin() {
                return issuer.admin();
            }

            public String investor(String investor) {
                return issuer.investor(investor);
            }

            public String source() {
                return "signed with " + keys.resolve(LocalIssuer.PRIVATE_KEY) + " (make token prints one)";
            }
        };
    }

    /** The environment's tokens if it gives them, else those signed with the key pair in {@code keys}. */
    static DemoTokens from(Map<String, String> env, Path keys) {
        DemoTokens given = given(env::get);
        return given != null ? given : signedWith(keys);
    }
}
