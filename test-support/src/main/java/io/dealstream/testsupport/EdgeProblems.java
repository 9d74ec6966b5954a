package io.dealstream.testsupport;

/** The messages of platform's HTTP edge that the services' edge tests expect, written once. */
public final class EdgeProblems {

    private EdgeProblems() {
    }

    /** A path or query parameter (or its name) holding a control character at {@code position}. */
    public static String controlCharacter(int codePoint, int position) {
        return String.format("contains the control character U+%04X at position %d; control characters "
                + "(U+0000-U+001F, U+007F-U+009F) are not allowed", codePoint, position);
    }
}
