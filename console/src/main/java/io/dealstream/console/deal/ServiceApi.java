package io.dealstream.console.deal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dealstream.launch.PageLink;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * GETs of one service's JSON API, a list's every page; a service that does not answer, or answers other than 200,
 * fails the read.
 */
final class ServiceApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String baseUrl;
    private final HttpClient http;
    private final ObjectMapper json;

    ServiceApi(String baseUrl, HttpClient http, ObjectMapper json) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = http;
        this.json = json;
    }

    String url() {
        return baseUrl;
    }

    CompletableFuture<JsonNode> get(String path) {
        return page(path).thenApply(HttpResponse::body).thenApply(body -> parse(path, body));
    }

    /** A list, every page of it: each answer's {@code Link: <...>; rel="next"} followed until a page has none. */
    CompletableFuture<JsonNode> getAll(String path) {
        return collect(path, json.createArrayNode());
    }

    private CompletableFuture<JsonNode> collect(String path, ArrayNode items) {
        return page(path).thenCompose(r -> {
            parse(path, r.body()).forEach(items::add);
            Optional<String> next = PageLink.next(r.headers().allValues("Link"));
            return next.isPresent() ? collect(next.get(), items) : CompletableFuture.completedFuture(items);
        });
    }

    private CompletableFuture<HttpResponse<String>> page(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode());
            }
            return r;
        });
    }

    private JsonNode parse(String path, String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " did not answer JSON", e);
        }
    }

    /** Why a read failed, in the page's words. */
    static String problem(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof ConnectException) {
            return "not answering (connection refused)";
        }
        if (cause instanceof HttpTimeoutException) {
            return "not answering (no reply within " + TIMEOUT.toSeconds() + " s)";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
