package io.dealstream.testsupport;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes down every answer a service gives in its module's {@code @QuarkusTest}s (method, path, status) to
 * {@code target/observed-http.tsv}, so that {@link OpenApiContract} can check that the served OpenAPI document lists
 * every status the tests saw. The file starts afresh with each test JVM; {@code /q/} answers are not written, so a
 * later JVM that only reads {@code /q/openapi} keeps the earlier one's record.
 */
@Singleton
public class ObservedExchanges {

    /** An answer as the tests saw it. */
    public record Exchange(String method, String path, int status) {
    }

    private static final String STARTED = "dealstream.observed-http.started";

    void observe(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String method = ctx.request().method().name();
            String path = ctx.request().path();
            if (path != null && !path.startsWith("/q/")) {
                ctx.addHeadersEndHandler(ignored -> write(method, path, ctx.response().getStatusCode()));
            }
            ctx.next();
        });
    }

    /** The record's file in the module that runs the tests. */
    public static Path file() {
        return Path.of(System.getProperty("basedir", "."), "target", "observed-http.tsv");
    }

    /** What the module's tests recorded, in the order the answers went out. */
    public static List<Exchange> read() {
        Path file = file();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> l.split("\t", 3))
                    .map(f -> new Exchange(f[0], f[2], Integer.parseInt(f[1]))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void write(String method, String path, int status) {
        // the system property outlives the class loaders of the Quarkus apps a test JVM starts one after the other
        boolean first = System.getProperty(STARTED) == null;
        System.setProperty(STARTED, "true");
        String line = method + "\t" + status + "\t" + path.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ')
                + "\n";
        try {
            Files.createDirectories(file().getParent());
            Files.writeString(file(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    first ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
