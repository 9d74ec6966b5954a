package io.dealstream.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a JDK HTTP server on a free port that records each request's Authorization header. */
class ApiTest {

    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private String url;

    @BeforeEach
    void aServerThatRecordsWhoCalls() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + (authorization == null ? "-" : authorization) + " "
                    + exchange.getRequestHeaders().getOrDefault("Authorization", List.of()).size());
            byte[] body = "{\"status\":401}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aClientWithABearerSendsItOnceWithEveryRequestAndTheClientItCameFromSendsNone() {
        Api anonymous = new Api(url);
        Api admin = anonymous.withBearer(" aaa.bbb.ccc\n");
        Api.Reply reply = admin.post("/rounds", Map.of("id", "r1"));
        admin.getReply("/rounds/r1");
        admin.post("/tranches/t1/funding", Map.of(), Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-"
                + "b7ad6b7169203331-01"));
        anonymous.post("/rounds", Map.of("id", "r2"));
        assertEquals(List.of("POST /rounds Bearer aaa.bbb.ccc 1", "GET /rounds/r1 Bearer aaa.bbb.ccc 1",
                "POST /tranches/t1/funding Bearer aaa.bbb.ccc 1", "POST /rounds - 0"), requests);
        assertEquals(401, reply.status());
        assertEquals("application/problem+json", reply.contentType());
        assertEquals(url, admin.baseUrl());
    }

    @Test
    void aBlankTokenIsNoBearer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Api(url).withBearer(" "));
        assertEquals("no bearer token given", e.getMessage());
    }

    @Test
    void aListIsReadToItsLastPageFollowingEachLink() {
        // three pages of /items, each naming the next as the services do, the last naming none
        server.createContext("/items", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            String query = exchange.getRequestURI().getRawQuery();
            String after = query == null || !query.contains("after=") ? "" : query.substring(query.indexOf("after=") + 6);
            String body = switch (after) {
                case "" -> "[{\"id\":\"a\"},{\"id\":\"b\"}]";
                case "b" -> "[{\"id\":\"c\"},{\"id\":\"d\"}]";
                default -> "[{\"id\":\"e\"}]";
            };
            if (!after.equals("d")) {
                String next = after.isEmpty() ? "b" : "d";
                exchange.getResponseHeaders().add("Link", "</items?state=x&limit=2&after=" + next + ">; rel=\"next\"");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });

        List<String> ids = new ArrayList<>();
        new Api(url).getAll("/items?state=x&limit=2").forEach(item -> ids.add(item.path("id").asText()));

        assertEquals(List.of("a", "b", "c", "d", "e"), ids);
        assertEquals(List.of("/items?state=x&limit=2", "/items?state=x&limit=2&after=b",
                "/items?state=x&limit=2&after=d"), requests);
    }

    @Test
    void aListPageThatIsRefusedFailsTheRead() {
        Api.ApiException e = assertThrows(Api.ApiException.class, () -> new Api(url).getAll("/rounds"));
        assertEquals("GET " + url + "/rounds answered 401: {\"status\":401}", e.getMessage());
    }
}
