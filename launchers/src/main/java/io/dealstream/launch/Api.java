package io.dealstream.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dealstream.events.EventJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small JSON-over-HTTP client of one service (java.net.http + Jackson, with the contract's JSON settings); with
 * {@link #withBearer}, one that sends a bearer token with every request, as the services' writes need.
 */
public final class Api {

    public static final ObjectMapper JSON = EventJson.configure(new ObjectMapper());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** An answer: its status, JSON body (a missing node when there is none) and headers. */
    public record Reply(int status, JsonNode body, String raw, HttpHeaders headers) {

        private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (name, value) -> true);

        /** An answer without headers (e.g. none at all: the request failed). */
        public Reply(int status, JsonNode body, String raw) {
            this(status, body, raw, NONE);
        }

        /** The Content-Type header, or "" when there is none. */
        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body, or an error naming the status and the problem's detail. */
        public JsonNode orThrow(String what) {
            if (!ok()) {
                throw new ApiException(what + " answered " + status + ": " + raw);
            }
            return body;
        }
    }

    /** A request failed or was refused. */
    public static final class ApiException extends RuntimeException {
        public ApiException(String message) {
            super(message);
        }

        public ApiException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String baseUrl;
    /** The bearer token sent with every request, or null for none. */
    private final String bearer;

    public Api(String baseUrl) {
        this(baseUrl, null);
    }

    private Api(String baseUrl, String bearer) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.bearer = bearer;
    }

    /** A client of the same service that sends {@code Authorization: Bearer <token>} with every request. */
    public Api withBearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("no bearer token given");
        }
        return new Api(baseUrl, token.strip());
    }

    /**
     * Has {@code request} carry {@code token} as its bearer token: for callers that build their own requests (the
     * benchmark's asynchronous load), so that the header is written in one place.
     */
    public static HttpRequest.Builder authorize(HttpRequest.Builder request, String token) {
        return request.setHeader("Authorization", "Bearer " + token);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** GET; the body, or an exception for any status but 2xx. */
    public JsonNode get(String path) {
        return send("GET", path, null, Map.of()).orThrow("GET " + baseUrl + path);
    }

    /**
     * GET of a list, every page of it: the items of each page in order, following each answer's
     * {@code Link: <...>; rel="next"} until a page has none; an exception for any status but 2xx.
     */
    public ArrayNode getAll(String path) {
        ArrayNode all = JSON.createArrayNode();
        for (String next = path; next != null; ) {
            Reply page = send("GET", next, null, Map.of());
            page.orThrow("GET " + baseUrl + next).forEach(all::add);
            next = PageLink.next(page.headers().allValues("Link")).orElse(null);
        }
        return all;
    }

    public Reply getReply(String path) {
        return send("GET", path, null, Map.of());
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    /** POST with extra request headers (e.g. a {@code traceparent}). */
    public Reply post(String path, Object body, Map<String, String> headers) {
        return send("POST", path, body, headers);
    }

    /** The path with query parameters, e.g. {@code query("/entitlements", Map.of("product", "FRONTIER"))}. */
    public static String query(String path, Map<String, String> params) {
        return path + "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Whether GET /q/health/ready answers 200. */
    public boolean ready() {
        try {
            return send("GET", "/q/health/ready", null, Map.of()).status() == 200;
        } catch (ApiException e) {
            return false;
        }
    }

    private Reply send(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Accept", "application/json");
            if (bearer != null) {
                authorize(request, bearer);
            }
            headers.forEach(request::setHeader);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body() == null ? "" : response.body();
            JsonNode json = raw.isBlank() ? JSON.missingNode() : parse(raw);
            return new Reply(response.statusCode(), json, raw, response.headers());
        } catch (IOException e) {
            throw new ApiException(method + " " + baseUrl + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted", e);
        }
    }

    private static JsonNode parse(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(raw);
        }
    }
}
