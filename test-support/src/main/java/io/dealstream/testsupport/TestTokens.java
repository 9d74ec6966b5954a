package io.dealstream.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer tokens for the services' tests, signed with the tests' fixed key ({@code dealstream-test-jwt/} on the class
 * path, which the {@code %test} profile verifies with), and the kinds of token a service must refuse.
 */
public final class TestTokens {

    /** The tests' public key on the class path, as {@code mp.jwt.verify.publickey.location} names it. */
    public static final String PUBLIC_KEY_RESOURCE = "dealstream-test-jwt/publicKey.pem";

    private static final LocalIssuer ISSUER = LocalIssuer.ofPem(resource("dealstream-test-jwt/privateKey.pem"));
    private static LocalIssuer stranger;

    private TestTokens() {
    }

    public static String admin() {
        return ISSUER.admin();
    }

    /** The investor role for {@code investor}, e.g. "Amazon". */
    public static String investor(String investor) {
        return ISSUER.investor(investor);
    }

    /** A valid token with these roles and no investor claim. */
    public static String withRoles(String... roles) {
        return ISSUER.token("someone", List.of(roles), null, Duration.ofHours(1));
    }

    /** A deal-admin token that expired an hour ago (past any clock skew allowed). */
    public static String expired() {
        return ISSUER.token("deal-admin", List.of(LocalIssuer.DEAL_ADMIN), null,
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
    }

    /** A deal-admin token signed by a key the services do not know. */
    public static synchronized String wrongSignature() {
        if (stranger == null) {
            try {
                Path dir = Files.createTempDirectory("stranger-jwt");
                stranger = LocalIssuer.in(dir);
                Folders.deleteRecursively(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stranger.admin();
    }

    /** A deal-admin token signed with the right key by an issuer the services do not trust. */
    public static String wrongIssuer() {
        return ISSUER.as("https://issuer.example").admin();
    }

    /** A deal-admin token with {@code "alg": "none"} and no signature. */
    public static String unsigned() {
        String token = admin();
        return header("{\"alg\":\"none\",\"typ\":\"JWT\"}") + token.substring(token.indexOf('.'), token.lastIndexOf('.') + 1);
    }

    /** A deal-admin token signed HS256 with the services' PUBLIC key as the secret (the algorithm confusion attack). */
    public static String hmacWithPublicKey() {
        try {
            String token = admin();
            String signed = header("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")
                    + token.substring(token.indexOf('.'), token.lastIndexOf('.'));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(resource(PUBLIC_KEY_RESOURCE).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return signed + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.US_ASCII));
    }

    /** The public key's file (the tests that start services as processes point them at it). */
    public static Path publicKeyFile(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(LocalIssuer.PUBLIC_KEY);
            Files.writeString(file, resource(PUBLIC_KEY_RESOURCE));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
