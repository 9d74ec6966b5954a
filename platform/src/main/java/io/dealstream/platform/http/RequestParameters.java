package io.dealstream.platform.http;

import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.problem.Problem;
import io.dealstream.platform.problem.ProblemMappers;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any resource method runs, a request whose path or query parameters hold a control character (C0
 * such as NUL, CR and LF, DEL, or C1), once decoded: no id, investor, holder or filter of the API has one, PostgreSQL
 * refuses NUL in text (a 500 otherwise), and CR/LF in a value would forge lines in a plain-text log. One 400 names
 * every parameter at fault, path parameters by the name the matched resource gives them ({@code id},
 * {@code commitmentId}), query parameters by theirs ({@code investor}, {@code holder}, {@code roundId}...).
 */
public class RequestParameters {

    @ServerRequestFilter
    public Optional<Response> refuseControlCharacters(UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        check(uri.getPathParameters(), errors);
        check(uri.getQueryParameters(), errors);
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String detail = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
        Problem problem = new Problem(400, "Bad Request", detail, errors, Map.of());
        // the raw (still percent-encoded) path: the decoded one holds the very characters refused
        return Optional.of(Response.status(400).type(ProblemMappers.PROBLEM_JSON)
                .entity(problem.body(uri.getRequestUri().getRawPath())).build());
    }

    /** What is wrong with {@code value}, or null: the first control character, by code point and position. */
    static String fault(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (LogSafe.isControl(c)) {
                return String.format("contains the control character U+%04X at position %d; control characters "
                        + "(U+0000-U+001F, U+007F-U+009F) are not allowed", (int) c, i + 1);
            }
        }
        return null;
    }

    private static void check(MultivaluedMap<String, String> parameters, List<Problem.FieldError> errors) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String fault = fault(name);
            if (fault != null) {
                errors.add(new Problem.FieldError(LogSafe.of(name), "the parameter's name " + fault));
                continue;
            }
            for (String value : parameter.getValue()) {
                fault = value == null ? null : fault(value);
                if (fault != null) {
                    errors.add(new Problem.FieldError(name, fault));
                    break;
                }
            }
        }
    }
}
