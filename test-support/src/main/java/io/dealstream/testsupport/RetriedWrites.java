package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * What the services' tests of writes sent again, or at once, share: requests sent together, fresh ids, the answers
 * compared, and the rows the writes left read back with plain SQL.
 */
public final class RetriedWrites {

    private RetriedWrites() {
    }

    /** A new id of the form {@code retried-1a2b3c4d}. */
    public static String newId() {
        return "retried-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code request} sent by {@code clients} threads let go together; the answers in the order of the threads. */
    public static <T> List<T> atOnce(int clients, Callable<T> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    /** {@code again} answers as {@code first} did: the same status, body, Location, ETag and Content-Type. */
    public static void assertSameAnswer(ExtractableResponse<Response> first, ExtractableResponse<Response> again) {
        assertEquals(first.statusCode(), again.statusCode());
        assertEquals(first.asString(), again.asString());
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(first.header("ETag"), again.header("ETag"));
        assertEquals(first.header("Content-Type"), again.header("Content-Type"));
    }

    /** {@code answers}, one request's sent at once: the first has {@code status} and every one is the same answer. */
    public static void assertOneAnswer(List<ExtractableResponse<Response>> answers, int status) {
        assertEquals(status, answers.getFirst().statusCode(), answers.getFirst().asString());
        answers.forEach(answer -> assertSameAnswer(answers.getFirst(), answer));
    }

    /**
     * {@code refused} is the 422 problem for {@code key} sent again to {@code write} (e.g. {@code POST /rights}) with
     * another body, naming the key.
     */
    public static void assertAnotherBodyRefused(ExtractableResponse<Response> refused, String key, String write) {
        assertEquals(422, refused.statusCode());
        assertEquals("application/problem+json", refused.contentType());
        assertEquals("Idempotency-Key", refused.path("errors[0].field"));
        assertEquals("'" + key + "' was sent before with another body to " + write + "; a key stands for one "
                + "request: send a new key with a new request", refused.path("errors[0].message"));
    }

    /** The number the one-parameter {@code sql} counts. */
    public static long count(DataSource database, String sql, String parameter) {
        return Long.parseLong(text(database, sql, parameter));
    }

    /** The first column of the first row of the one-parameter {@code sql}, as text. */
    public static String text(DataSource database, String sql, String parameter) {
        try (Connection db = database.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
