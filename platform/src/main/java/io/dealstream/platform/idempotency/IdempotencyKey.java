package io.dealstream.platform.idempotency;

import io.dealstream.platform.problem.Problem;
import java.util.List;

/**
 * The {@code Idempotency-Key} request header: 1 to 255 letters, digits and {@code - _ . : ~} (a UUID, a ULID or a hash
 * fits), sent bare and once. Anything else is a 400 naming the header, so a key is never cut, trimmed or guessed at.
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;
    /** The rule, as the OpenAPI documents show it. */
    public static final String PATTERN = "^[A-Za-z0-9._:~-]{1,255}$";
    public static final String DESCRIPTION = "Optional: makes the write safe to retry. 1 to 255 ASCII letters, digits "
            + "and - _ . : ~ (a UUID fits), sent once. A repeat with the same key and body gets the first answer again "
            + "(its status, body, Location and ETag, and Idempotent-Replayed: true) and writes nothing; a repeat sent "
            + "while the first runs waits for it. Keys are the caller's own (the token's subject) and kept "
            + "dealstream.idempotency.keep (24 h by default), then count as new. Only a successful answer is kept: a "
            + "refused request is judged again when retried.";
    /** The 422 of a key sent again with another request, as the OpenAPI documents show it. */
    public static final String REUSED = "The Idempotency-Key was sent before with another body or to another route: "
            + "nothing written (problem+json naming Idempotency-Key)";
    /** The characters a key may have besides ASCII letters and digits. */
    private static final String PUNCTUATION = "-_.:~";

    private IdempotencyKey() {
    }

    /** The key the header lines give; null when there is none. */
    public static String read(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return null;
        }
        if (lines.size() > 1) {
            throw refused("is sent " + lines.size() + " times; a request has one key");
        }
        String key = lines.getFirst();
        if (key.isEmpty()) {
            throw refused("is empty; a key is 1 to " + MAX_LENGTH + " characters");
        }
        if (key.length() > MAX_LENGTH) {
            throw refused("is " + key.length() + " characters long; at most " + MAX_LENGTH + " are accepted");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!allowed(c)) {
                String what = c >= 0x21 && c < 0x7F ? "'" + c + "'" : "the character U+%04X".formatted((int) c);
                throw refused("contains " + what + " at position " + (i + 1)
                        + "; a key is ASCII letters, digits and - _ . : ~ only");
            }
        }
        return key;
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || PUNCTUATION.indexOf(c) >= 0;
    }

    private static Problem refused(String message) {
        return Problem.badRequest(HEADER, message);
    }
}
