package io.dealstream.launch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A packaged Quarkus application run as a process of its own ({@code java -jar quarkus-run.jar} in its
 * {@code target/quarkus-app}), on a port of 127.0.0.1: a service or the console.
 */
public abstract class QuarkusProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Its process: pid file, log and signals. */
    protected final Proc proc;
    private final String name;
    private final int port;
    /** Its quarkus-run.jar. */
    protected final Path jar;

    QuarkusProcess(String name, Proc proc, int port, Path jar) {
        this.name = name;
        this.proc = proc;
        this.port = port;
        this.jar = jar.toAbsolutePath();
    }

    public Proc process() {
        return proc;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://" + StackConfig.HOST + ":" + port;
    }

    public Path jar() {
        return jar;
    }

    public Optional<ProcessHandle> running() {
        return proc.running();
    }

    /** GET /q/health/ready answers 200. */
    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until ready; fails at once, with the end of its log, if the process ends. */
    public void awaitReady(Duration timeout) {
        awaitReady(timeout, Duration.ofMillis(500));
    }

    /** As {@link #awaitReady(Duration)}, asking every {@code every} (a start-time measurement asks often). */
    public void awaitReady(Duration timeout, Duration every) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (proc.running().isEmpty()) {
                throw new IllegalStateException(name + " ended before it was ready; " + proc.logFile()
                        + " ends with:\n" + proc.logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready (" + url() + "/q/health/ready) within "
                        + timeout.toSeconds() + " s; see " + proc.logFile() + "; it ends with:\n" + proc.logTail(20));
            }
            Waits.sleep(every.toMillis());
        }
    }

    public Proc.Stopped stop(Duration grace) {
        return proc.stop(grace);
    }

    /** kill -9 of the process tree. */
    public boolean kill() {
        return proc.kill();
    }
}
