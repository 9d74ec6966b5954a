package io.dealstream.platform.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request sent with an Idempotency-Key: whose key it is (the token's subject: keys are each caller's own), the
 * request as a log line names it ({@code POST /tranches}) and its fingerprint, the SHA-256 of the method, the path and
 * the body as the service read it (so the same values in another order or spacing are the same body).
 */
record KeyedRequest(String caller, String key, String request, String fingerprint) {

    static KeyedRequest of(String caller, String key, String method, String path, byte[] body) {
        String request = method + " " + path;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(request.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(body);
            return new KeyedRequest(caller, key, request, HexFormat.of().formatHex(sha256.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
