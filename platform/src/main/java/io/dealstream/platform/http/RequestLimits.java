package io.dealstream.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.platform.problem.Problem;
import io.dealstream.platform.problem.ProblemMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The size limits of a request, answered as problems: a URI longer than {@code dealstream.http.limits.max-uri-length}
 * (414), headers larger than {@code dealstream.http.limits.max-header-size} in all (431, naming the largest header) and
 * a body whose Content-Length exceeds {@code quarkus.http.limits.max-body-size} (413). Vert.x itself refuses what its
 * own, higher, limits do not fit ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}), with
 * an empty answer before any route runs; between the two this route answers first, before Quarkus' own body-size
 * check (route order -2), and with the security headers of the configured filters (route order MIN_VALUE).
 */
@ApplicationScoped
public class RequestLimits {

    /** Route order -1000: after the header filters, before Quarkus' body-size check. */
    static final int PRIORITY = 1000;

    private final RequestLimitSettings settings;
    private final Optional<MemorySize> maxBodySize;
    private final ObjectMapper json;

    RequestLimits(RequestLimitSettings settings,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            ObjectMapper json) {
        this.settings = settings;
        this.maxBodySize = maxBodySize;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext ctx) {
        Problem refused = refusal(ctx.request());
        if (refused == null) {
            ctx.next();
            return;
        }
        Map<String, Object> body = refused.body(ctx.request().path());
        if (refused.status() == 414) {
            // the URI is what is too long: not repeated
            body.remove("instance");
        }
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the body (if any) is left unread, so the connection cannot carry another request
        ctx.response().setStatusCode(refused.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(text);
    }

    /** The first limit the request exceeds, as the problem to answer, or null. */
    Problem refusal(HttpServerRequest request) {
        int uriLength = request.uri().length();
        if (uriLength > settings.maxUriLength()) {
            return problem(414, "URI Too Long", "uri", "is " + uriLength + " characters long; at most "
                    + settings.maxUriLength() + " are accepted");
        }
        long headerBytes = 0;
        String largest = null;
        long largestBytes = -1;
        for (Map.Entry<String, String> header : request.headers()) {
            // as on the wire: "name: value" and CRLF
            long bytes = header.getKey().length() + 2 + header.getValue().length() + 2;
            headerBytes += bytes;
            if (bytes > largestBytes) {
                largest = header.getKey();
                largestBytes = bytes;
            }
        }
        long maxHeaders = settings.maxHeaderSize().asLongValue();
        if (headerBytes > maxHeaders) {
            return problem(431, "Request Header Fields Too Large", largest, "is " + largestBytes
                    + " bytes of the request's " + headerBytes + " bytes of headers; at most " + maxHeaders
                    + " bytes of headers are accepted");
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && maxBodySize.isPresent()) {
            long maxBody = maxBodySize.get().asLongValue();
            long bytes;
            try {
                bytes = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return problem(400, "Bad Request", "Content-Length", "is not a number of bytes");
            }
            if (bytes > maxBody) {
                return problem(413, "Content Too Large", "$", "is " + bytes + " bytes; at most " + maxBody
                        + " bytes are accepted");
            }
        }
        return null;
    }

    private static Problem problem(int status, String title, String field, String message) {
        return new Problem(status, title, field + ": " + message, List.of(new Problem.FieldError(field, message)),
                Map.of());
    }
}
