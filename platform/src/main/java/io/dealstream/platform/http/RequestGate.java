package io.dealstream.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.platform.problem.Problem;
import io.dealstream.platform.problem.ProblemMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a request must be before any route reads it, answered as problems where Vert.x would answer with an empty body
 * or Quarkus' own error page: a URI no longer than {@code dealstream.http.limits.max-uri-length} (else 414), headers
 * no larger than {@code dealstream.http.limits.max-header-size} in all (else 431, naming the largest header), a body
 * whose Content-Length is within {@code quarkus.http.limits.max-body-size} (else 413), and a valid Host (else 400).
 *
 * <p>Vert.x itself refuses what its own, higher, limits do not fit
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) and a request line that does not parse
 * (a space, a malformed %-escape), with an empty answer before any route runs. Between the two, this filter answers
 * first: before Quarkus' own body-size check (route order -2), after the configured header filters (route order
 * MIN_VALUE), so its answers carry the security headers.
 * A body streamed without Content-Length (chunked) is read here, up to the limit, before the resource reads it (else
 * Quarkus' reader would cut it off at the limit with an empty 413, from inside the resource's read).
 */
@ApplicationScoped
public class RequestGate {

    /** Route order -1000: after the header filters, before Quarkus' body-size check. */
    static final int PRIORITY = 1000;

    private final RequestLimitSettings settings;
    private final Optional<MemorySize> maxBodySize;
    private final ObjectMapper json;
    private final BodyHandler streamedBody;

    RequestGate(RequestLimitSettings settings,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            ObjectMapper json) {
        this.settings = settings;
        this.maxBodySize = maxBodySize;
        this.json = json;
        this.streamedBody = BodyHandler.create(false)
                .setBodyLimit(maxBodySize.map(MemorySize::asLongValue).orElse(-1L));
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    /**
     * Two refusals Vert.x Web makes by failing the request, which Quarkus' error handler would answer with its own
     * JSON: a Host that is not a host[:port] (before any route runs) and a streamed body past the limit (the body
     * handler).
     */
    void failures(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.response().headWritten()) {
                ctx.next();
            } else if (ctx.statusCode() == 400 && ctx.request().authority() == null) {
                answer(ctx, problem(400, "Bad Request", "Host", "is missing or is not a host[:port]"));
            } else if (ctx.statusCode() == 413 && maxBodySize.isPresent()) {
                answer(ctx, problem(413, "Content Too Large", "$", "is more than "
                        + maxBodySize.get().asLongValue() + " bytes; at most that many are accepted"));
            } else {
                ctx.next();
            }
        });
    }

    void check(RoutingContext ctx) {
        Problem refused = refusal(ctx.request());
        if (refused != null) {
            answer(ctx, refused);
        } else if (streamed(ctx.request())) {
            // read whole, or failed with 413 past the limit; the resource then reads it from the routing context
            streamedBody.handle(ctx);
        } else {
            ctx.next();
        }
    }

    /** A body whose size is not known until it ends: sent in chunks (HTTP/1.1), or in frames without a length (h2c). */
    private static boolean streamed(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
            return false;
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || request.version() == HttpVersion.HTTP_2
                && (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT
                        || request.method() == HttpMethod.PATCH);
    }

    private void answer(RoutingContext ctx, Problem refused) {
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
        ctx.response().setStatusCode(refused.status()).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON);
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            // the body (if any) is left unread, so the connection cannot carry another request (HTTP/2 resets the
            // stream alone, and has no Connection header)
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(text);
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
