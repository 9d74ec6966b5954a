package io.dealstream.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 as written by hand, for requests an HTTP client will not send as they are: a hostile Host header, a
 * Content-Length larger than the body that follows, headers of an exact size. Each request is sent with
 * {@code Connection: close} and the answer read to the end.
 */
public final class RawHttp {

    /** An answer: its status, headers by lower-case name, and body as UTF-8 text. */
    public record Answer(int status, Map<String, List<String>> headers, String body) {

        /** The header's only value, or null; fails if it is sent more than once. */
        public String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            if (values.size() > 1) {
                throw new AssertionError(name + " is sent " + values.size() + " times: " + values);
            }
            return values.isEmpty() ? null : values.getFirst();
        }
    }

    private RawHttp() {
    }

    /**
     * Sends {@code method target} to the server of {@code base} with the header lines given (each "Name: value",
     * without CRLF) and, if not null, the body after them; Host is localhost unless a header line names another.
     */
    public static Answer send(URL base, String method, String target, List<String> headerLines, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (headerLines.stream().noneMatch(h -> h.regionMatches(true, 0, "Host:", 0, 5))) {
            head.append("Host: localhost\r\n");
        }
        headerLines.forEach(h -> head.append(h).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException refusedBeforeTheEnd) {
                    // the server may answer and close before it read the whole body; its answer is read below
                }
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Answer get(URL base, String target, String... headerLines) {
        return send(base, "GET", target, List.of(headerLines), null);
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (IOException resetAfterTheAnswer) {
            if (all.size() == 0) {
                throw resetAfterTheAnswer;
            }
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete answer: " + text);
        }
        String[] head = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.computeIfAbsent(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(head[i].substring(colon + 1).trim());
        }
        byte[] body = all.toByteArray();
        byte[] rest = java.util.Arrays.copyOfRange(body, end + 4, body.length);
        String encoding = headers.getOrDefault("transfer-encoding", List.of("")).getFirst();
        return new Answer(status, headers, new String(encoding.equalsIgnoreCase("chunked") ? unchunked(rest) : rest,
                StandardCharsets.UTF_8));
    }

    private static byte[] unchunked(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOfCrlf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).trim()
                    .split(";")[0], 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }
}
