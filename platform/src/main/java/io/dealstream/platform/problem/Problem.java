package io.dealstream.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal the API reports as an RFC 9457 problem ({@code application/problem+json}): its status, a short
 * title, a detail sentence, the fields at fault and any extension members (e.g. a tranche's current state).
 */
public class Problem extends RuntimeException {

    /** One input field and what is wrong with it; {@code field} is the JSON path or parameter name. */
    public record FieldError(String field, String message) {
    }

    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public Problem(int status, String title, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        this(status, title, detail, errors, extensions, Map.of());
    }

    /** A problem answered with these headers too (e.g. a 412's current ETag). */
    public Problem(int status, String title, String detail, List<FieldError> errors, Map<String, Object> extensions,
            Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
        this.headers = Map.copyOf(headers);
    }

    /** 404: there is no {@code what} with this id. */
    public static Problem notFound(String what, String id) {
        return new Problem(404, "Not Found", "no " + what + " '" + id + "'", List.of(), Map.of());
    }

    /** {@code found}, or the 404 that there is no {@code what} with this id when it is null. */
    public static <T> T found(T found, String what, String id) {
        if (found == null) {
            throw notFound(what, id);
        }
        return found;
    }

    /** 400: the request itself is malformed in {@code field}. */
    public static Problem badRequest(String field, String message) {
        return new Problem(400, "Bad Request", field + ": " + message, List.of(new FieldError(field, message)), Map.of());
    }

    /** 422: the request is well-formed but the deal's rules refuse the value of {@code field}. */
    public static Problem unprocessable(String field, String message) {
        return new Problem(422, "Unprocessable Content", field + ": " + message,
                List.of(new FieldError(field, message)), Map.of());
    }

    /** 409: the target's current state does not allow this; {@code extensions} say what it is and what it allows. */
    public static Problem conflict(String detail, Map<String, Object> extensions) {
        return new Problem(409, "Conflict", detail, List.of(), extensions);
    }

    /** 403: the caller is known but may not do this; {@code extensions} say what was needed. */
    public static Problem forbidden(String detail, Map<String, Object> extensions) {
        return new Problem(403, "Forbidden", detail, List.of(), extensions);
    }

    /** 503: something the request needs (the broker, the database) does not answer now; worth trying again later. */
    public static Problem unavailable(String detail) {
        return new Problem(503, "Service Unavailable", detail, List.of(), Map.of());
    }

    public int status() {
        return status;
    }

    /** The headers the answer carries besides Content-Type. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The problem document, in RFC 9457's member order, then the extensions. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        body.put("instance", instance);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }
}
