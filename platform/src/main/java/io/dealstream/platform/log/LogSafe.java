package io.dealstream.platform.log;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What a caller sent, or a record on a topic carried, made safe for a plain-text log line: control characters (C0,
 * DEL, C1) and the Unicode line and paragraph separators are written as escapes ({@code \r}, {@code \n}, {@code \t},
 * {@code \u0000}…) and a backslash as {@code \\}, so a value can neither end the line it is on nor start a forged
 * one, and an escape in the log always means the value held that character. Every log call that can carry such a
 * value passes it through {@link #of(Object)} (a failure's message and stack through {@link #failure(Throwable)}).
 */
public final class LogSafe {

    private LogSafe() {
    }

    /** The value's text with every character that could break the line escaped; "null" for null. */
    public static String of(Object value) {
        String text = String.valueOf(value);
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && safe == null) {
                safe = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (safe != null) {
                if (escape != null) {
                    safe.append(escape);
                } else {
                    safe.append(c);
                }
            }
        }
        return safe == null ? text : safe.toString();
    }

    /**
     * A stand-in for {@code failure} that prints the same stack, with the same causes, but with every message escaped
     * as {@link #of(Object)} does: a failure's message often quotes the input that caused it.
     */
    public static Throwable failure(Throwable failure) {
        return failure == null ? null : Escaped.escape(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** Whether {@code c} is a control character: C0 (U+0000–U+001F), DEL (U+007F) or C1 (U+0080–U+009F). */
    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7F && c <= 0x9F;
    }

    private static String escape(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> isControl(c) || c == '\u2028' || c == '\u2029' ? String.format("\\u%04X", (int) c) : null;
        };
    }

    /** Prints as "class: escaped message", with the original's stack and its causes likewise escaped. */
    private static final class Escaped extends RuntimeException {

        private final String text;

        private Escaped(Throwable original, Escaped cause) {
            super(original.getMessage() == null ? null : of(original.getMessage()), cause, true, true);
            this.text = original.getClass().getName() + (getMessage() == null ? "" : ": " + getMessage());
            setStackTrace(original.getStackTrace());
        }

        /** Each throwable once, however its causes and suppressed ones loop back. */
        static Escaped escape(Throwable original, Set<Throwable> seen) {
            seen.add(original);
            Throwable cause = original.getCause();
            Escaped escaped = new Escaped(original, cause == null || seen.contains(cause) ? null : escape(cause, seen));
            for (Throwable suppressed : original.getSuppressed()) {
                if (!seen.contains(suppressed)) {
                    escaped.addSuppressed(escape(suppressed, seen));
                }
            }
            return escaped;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
