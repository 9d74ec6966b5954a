package io.dealstream.platform.http;

import io.dealstream.platform.problem.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code If-Match} precondition of a write to an existing resource (RFC 9110 13.1.1): {@code *}, or a list of
 * entity tags one of which must be the resource's current one. Tags are compared strongly, as the RFC requires, so a
 * weak tag ({@code W/"3"}) is well-formed but never matches. Several header lines are one list. Without the header
 * there is no precondition. A value that is neither is a 400 naming {@code If-Match}; a precondition the resource does
 * not meet, a 412 with its {@code currentVersion} and current ETag.
 */
public final class IfMatch {

    public static final String HEADER = "If-Match";
    /** The header and its answers, as the OpenAPI documents show them. */
    public static final String DESCRIPTION = "Optional: writes only if the tranche's current ETag is listed (\"2\", "
            + "or \"1\", \"2\"), or if it exists at all (*). Compared strongly: a weak tag (W/\"2\") never matches. "
            + "Without it, the write goes ahead whatever the version.";
    public static final String FAILED = "If-Match lists no current ETag: nothing written (problem+json with "
            + "currentVersion, and the current ETag header)";
    /** No If-Match header: any state goes. */
    public static final IfMatch NONE = new IfMatch(false, List.of());

    /** One entity tag of the list, its opaque part without the quotes. */
    private record ListedTag(boolean weak, String opaque) {

        @Override
        public String toString() {
            return (weak ? "W/" : "") + '"' + opaque + '"';
        }
    }

    private final boolean any;
    private final List<ListedTag> tags;

    private IfMatch(boolean any, List<ListedTag> tags) {
        this.any = any;
        this.tags = tags;
    }

    /** The precondition the header lines state (none or empty: {@link #NONE}); a 400 when they are malformed. */
    public static IfMatch of(List<String> lines) {
        if (lines == null || lines.isEmpty()) {
            return NONE;
        }
        String value = String.join(",", lines).strip();
        if (value.equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<ListedTag> tags = new ArrayList<>();
        int at = 0;
        while (true) {
            at = skipSeparators(value, at);
            if (at == value.length()) {
                break;
            }
            boolean weak = value.startsWith("W/", at);
            int open = weak ? at + 2 : at;
            if (open >= value.length() || value.charAt(open) != '"') {
                throw malformed(value.charAt(at) == '*' ? "\"*\" stands alone, not in a list"
                        : "an entity tag is quoted, such as \"3\"; found " + found(value, open));
            }
            int close = open + 1;
            while (close < value.length() && value.charAt(close) != '"') {
                char c = value.charAt(close);
                if (c < 0x21 || c == 0x7F) {
                    throw malformed("an entity tag holds no space or control character; found U+%04X at position %d"
                            .formatted((int) c, close + 1));
                }
                close++;
            }
            if (close == value.length()) {
                throw malformed("the entity tag opened at position " + (open + 1) + " is not closed");
            }
            tags.add(new ListedTag(weak, value.substring(open + 1, close)));
            at = close + 1;
            int next = skipSpaces(value, at);
            if (next < value.length() && value.charAt(next) != ',') {
                throw malformed("entity tags are separated by commas; found " + found(value, next));
            }
            at = next;
        }
        if (tags.isEmpty()) {
            throw malformed("it is empty");
        }
        return new IfMatch(false, List.copyOf(tags));
    }

    /**
     * Refuses with 412 unless {@code what}, now at {@code currentVersion}, meets the precondition: call it under the
     * lock that the write then holds, so no other write comes between.
     */
    public void require(long currentVersion, String what) {
        if (this == NONE || any) {
            return;
        }
        String current = String.valueOf(currentVersion);
        if (tags.stream().anyMatch(t -> !t.weak() && t.opaque().equals(current))) {
            return;
        }
        String listed = tags.stream().map(ListedTag::toString).collect(Collectors.joining(", "));
        String message = what + " is at version " + current + " (ETag " + EntityTags.of(currentVersion)
                + "), which " + listed + " does not match"
                + (tags.stream().anyMatch(ListedTag::weak) ? " (a weak tag never matches: If-Match compares strongly)" : "")
                + "; read it again and decide anew";
        throw new Problem(412, "Precondition Failed", HEADER + ": " + message,
                List.of(new Problem.FieldError(HEADER, message)), Map.of("currentVersion", currentVersion),
                Map.of(HttpHeaders.ETAG, EntityTags.of(currentVersion)));
    }

    private static Problem malformed(String why) {
        return Problem.badRequest(HEADER, "is not \"*\" or a list of entity tags such as \"3\": " + why);
    }

    private static int skipSeparators(String value, int at) {
        while (at < value.length() && (value.charAt(at) == ',' || value.charAt(at) == ' '
                || value.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    private static int skipSpaces(String value, int at) {
        while (at < value.length() && (value.charAt(at) == ' ' || value.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    /** What stands at {@code at}, as a message shows it: a printable character itself, any other its code point. */
    private static String found(String value, int at) {
        if (at >= value.length()) {
            return "the end";
        }
        char c = value.charAt(at);
        return (c >= 0x21 && c < 0x7F ? "'" + c + "'" : "U+%04X".formatted((int) c)) + " at position " + (at + 1);
    }
}
