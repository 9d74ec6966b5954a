package io.dealstream.console.deal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's reads against a JDK HTTP server that answers its lists in pages, as the services do. */
class ServiceApiTest {

    private HttpServer server;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private ServiceApi api;

    @BeforeEach
    void aServiceThatPagesItsLists() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tranches", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            boolean first = !exchange.getRequestURI().getRawQuery().contains("after=");
            if (first) {
                exchange.getResponseHeaders().add("Link", "</tranches?limit=2&after=t2>; rel=\"next\"");
            }
            answer(exchange, 200, first ? "[{\"trancheId\":\"t1\"},{\"trancheId\":\"t2\"}]" : "[{\"trancheId\":\"t3\"}]");
        });
        server.createContext("/rights", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            if (exchange.getRequestURI().getRawQuery().contains("after=")) {
                answer(exchange, 503, "{\"status\":503}");
            } else {
                exchange.getResponseHeaders().add("Link", "</rights?limit=1&after=r1>; rel=\"next\"");
                answer(exchange, 200, "[{\"id\":\"r1\"}]");
            }
        });
        server.start();
        api = new ServiceApi("http://127.0.0.1:" + server.getAddress().getPort(), HttpClient.newHttpClient(),
                new ObjectMapper());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aListIsReadWholeFollowingEachLinkToTheLastPage() {
        JsonNode tranches = api.getAll("/tranches?limit=2").join();
        assertEquals("[{\"trancheId\":\"t1\"},{\"trancheId\":\"t2\"},{\"trancheId\":\"t3\"}]", tranches.toString());
        assertEquals(List.of("/tranches?limit=2", "/tranches?limit=2&after=t2"), requests);
    }

    @Test
    void aPageThatFailsFailsTheWholeRead() {
        CompletionException failed = assertThrows(CompletionException.class, () -> api.getAll("/rights?limit=1").join());
        assertEquals("GET /rights?limit=1&after=r1 answered 503", ServiceApi.problem(failed));
        assertEquals(List.of("/rights?limit=1", "/rights?limit=1&after=r1"), requests);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
