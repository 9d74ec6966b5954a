package io.dealstream.platform.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadinessProbeTest {

    private static final Duration SHORT = Duration.ofMillis(500);

    /** A server on 127.0.0.1 whose /q/health/ready answers the status, or hangs until released when status is 0. */
    private static HttpServer server(int status, CountDownLatch release) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext(ReadinessProbe.PATH, exchange -> {
            try {
                if (status == 0) {
                    release.await(10, TimeUnit.SECONDS);
                }
                byte[] body = "{\"status\":\"UP\"}".getBytes();
                exchange.sendResponseHeaders(status == 0 ? 200 : status, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        s.start();
        return s;
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort() + ReadinessProbe.PATH;
    }

    @Test
    void readyWhenTheServiceAnswers200() throws IOException {
        HttpServer s = server(200, new CountDownLatch(0));
        try {
            assertEquals(0, ReadinessProbe.probe(url(s), SHORT));
        } finally {
            s.stop(0);
        }
    }

    @Test
    void notReadyWhenTheServiceAnswers503() throws IOException {
        HttpServer s = server(503, new CountDownLatch(0));
        try {
            assertEquals(1, ReadinessProbe.probe(url(s), SHORT));
        } finally {
            s.stop(0);
        }
    }

    @Test
    void notReadyWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        assertEquals(1, ReadinessProbe.probe("http://127.0.0.1:" + port + ReadinessProbe.PATH, SHORT));
    }

    @Test
    void notReadyWhenTheAnswerOutlastsTheTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer s = server(0, release);
        try {
            long start = System.nanoTime();
            assertEquals(1, ReadinessProbe.probe(url(s), SHORT));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= 400 && ms < 3000, "gave up after " + ms + " ms, expected about 500");
        } finally {
            release.countDown();
            s.stop(0);
        }
    }

    @Test
    void waitsThreeSecondsAtMost() {
        assertEquals(Duration.ofSeconds(3), ReadinessProbe.TIMEOUT);
        assertEquals("/q/health/ready", ReadinessProbe.PATH);
    }
}
