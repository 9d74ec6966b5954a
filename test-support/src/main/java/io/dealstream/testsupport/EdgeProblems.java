package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The messages and headers of platform's HTTP edge that the services' edge tests expect, written once. */
public final class EdgeProblems {

    /** The Content-Security-Policy of every API answer: it is data, never a page. */
    public static final String API_POLICY =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private EdgeProblems() {
    }

    /** A path or query parameter (or its name) holding a control character at {@code position}. */
    public static String controlCharacter(int codePoint, int position) {
        return String.format("contains the control character U+%04X at position %d; control characters "
                + "(U+0000-U+001F, U+007F-U+009F) are not allowed", codePoint, position);
    }

    /**
     * {@code answer} is the edge's 400 problem of {@code instance}, byte for byte, naming {@code field} alone with
     * {@code message} (both as they stand in the JSON text).
     */
    public static void assertBadRequest(RawHttp.Answer answer, String instance, String field, String message) {
        assertEquals(400, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertEquals("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"" + field + ": "
                + message + "\",\"instance\":\"" + instance + "\",\"errors\":[{\"field\":\"" + field
                + "\",\"message\":\"" + message + "\"}]}", answer.body());
    }

    /** {@code answer} (to {@code what}) is neither sniffed, nor framed, nor stored. */
    public static void assertApiHeaders(RawHttp.Answer answer, String what) {
        assertEquals("nosniff", answer.header("X-Content-Type-Options"), what);
        assertEquals("DENY", answer.header("X-Frame-Options"), what);
        assertEquals(API_POLICY, answer.header("Content-Security-Policy"), what);
        assertEquals("no-store", answer.header("Cache-Control"), what);
    }
}
