package io.dealstream.platform.http;

import io.dealstream.events.Limits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How every list of the API pages (but the funding view's events, which keep their own limits): at most
 * {@code limit} items a request, {@value #DEFAULT_LIMIT} when not given, {@value #MAX_LIMIT} at most, in a stable order
 * by a key, starting after the key {@code after} names. The next page is announced in a {@code Link: <...>;
 * rel="next"} header (RFC 8288) whose target is a relative reference: the request's path and query, with the
 * request's own {@code limit} and {@code after} replaced.
 */
public final class Paging {

    public static final String LIMIT = "limit";
    public static final String AFTER = "after";
    /** The header that names the next page. */
    public static final String LINK = "Link";
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** The OpenAPI descriptions of the paging parameters and of the Link header, the same on every list. */
    public static final String LIMIT_DESCRIPTION = "At most this many items: 1 to " + MAX_LIMIT + ", " + DEFAULT_LIMIT
            + " when not given";
    public static final String AFTER_ID_DESCRIPTION = "The id this page starts after: the last item's of the page "
            + "before (not given: from the first). An id that names no item is no error: the page starts where it "
            + "would be. Not an id (longer than " + Limits.ID + " characters, other characters): 400";
    public static final String AFTER_POSITION_DESCRIPTION = "The position this page starts after: the last item's "
            + "of the page before, 1 for the first (not given or 0: from the first). Past the end: an empty page";
    public static final String LINK_DESCRIPTION = "The next page, on every page but the last: <target>; "
            + "rel=\"next\" (RFC 8288), a relative reference with this request's path, filters and limit and the "
            + "next after";

    /** Path characters kept as they are in a segment (RFC 3986 pchar but '%'): the rest is percent-encoded. */
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@";
    /** Query characters kept as they are in a name or value: unreserved ones alone, so '&', '=' and '+' stay data. */
    private static final String QUERY_SAFE = "-._~";

    private Paging() {
    }

    /**
     * The next page's target: {@code path} (decoded, as JAX-RS gives it) re-encoded, the query's parameters in the
     * order sent but {@code limit} and {@code after}, then {@code limit} and {@code after} as given here.
     */
    static String nextTarget(String path, String rawQuery, int limit, String after) {
        StringBuilder target = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!target.isEmpty() || !segment.isEmpty()) {
                target.append('/').append(encode(segment, PATH_SAFE));
            }
        }
        if (target.isEmpty()) {
            target.append('/');
        }
        List<String> query = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (!name.equals(LIMIT) && !name.equals(AFTER)) {
                    query.add(encode(name, QUERY_SAFE) + "=" + encode(value, QUERY_SAFE));
                }
            }
        }
        query.add(LIMIT + "=" + limit);
        query.add(AFTER + "=" + encode(after, QUERY_SAFE));
        return target.append('?').append(String.join("&", query)).toString();
    }

    /** The {@code Link} header's value for a next page at {@code target}. */
    static String nextLink(String target) {
        return "<" + target + ">; rel=\"next\"";
    }

    /** Percent-encodes every UTF-8 byte of {@code text} but ASCII letters, digits and {@code safe}. */
    static String encode(String text, String safe) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c < 0x80 && safe.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * A query's name or value as the server reads it: '+' is a space, %XY a byte of UTF-8. A malformed escape never
     * gets here (the HTTP server refuses the request line); should one, it is kept as it is.
     */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
                i += 3;
                continue;
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
            }
            i += Character.charCount(c);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
