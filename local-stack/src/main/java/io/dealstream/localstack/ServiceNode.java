package io.dealstream.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service as a process of its own: {@code java -jar quarkus-run.jar} in {@code <module>/target/quarkus-app}, with
 * the class-data archive the build left there ({@code app-cds.jsa}, Quarkus AppCDS) when there is one.
 */
public final class ServiceNode {

    /** What {@code quarkus.package.jar.appcds.enabled} leaves beside quarkus-run.jar. */
    public static final String CLASS_DATA_ARCHIVE = "app-cds.jsa";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Service service;
    private final Proc proc;
    private final int port;
    private final Path jar;

    ServiceNode(Service service, Path home, Path projectRoot, int port) {
        this(service, service.module(), home, projectRoot, port);
    }

    /** @param role the process's name in pid and log files: the module, or e.g. {@code compute-service-2} */
    ServiceNode(Service service, String role, Path home, Path projectRoot, int port) {
        this.service = service;
        this.proc = new Proc(role, home);
        this.port = port;
        this.jar = service.runJar(projectRoot).toAbsolutePath();
    }

    public Service service() {
        return service;
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

    /**
     * Starts the packaged service with its settings in the environment (DB_URL, DB_USER, DB_PASSWORD,
     * KAFKA_BOOTSTRAP_SERVERS, QUARKUS_HTTP_PORT), as a container would get them.
     */
    public ProcessHandle start(Map<String, String> env, List<String> jvmOptions, boolean detached) {
        return start(env, jvmOptions, detached, true);
    }

    /** As {@link #start(Map, List, boolean)}; with {@code inheritEnvironment} false, with {@code env} only. */
    public ProcessHandle start(Map<String, String> env, List<String> jvmOptions, boolean detached,
            boolean inheritEnvironment) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B package -DskipTests)");
        }
        if (Ports.answers(StackConfig.HOST, port)) {
            throw new IllegalStateException("port " + port + " (" + service.module() + ") is taken by another process; "
                    + "stop it or set " + service.portVariable() + " to a free port");
        }
        // the archive names the class path as the build ran it, quarkus-run.jar in its folder: so run it from there.
        // A JVM other than the one that built it ignores the archive (-Xshare:auto) and starts as without it.
        Path appDir = jar.getParent();
        List<String> jvm = new ArrayList<>(jvmOptions);
        if (Files.isRegularFile(classDataArchive())) {
            jvm.add("-XX:SharedArchiveFile=" + CLASS_DATA_ARCHIVE);
        }
        List<String> main = List.of("-jar", jar.getFileName().toString());
        return proc.start(jvm, main, env, appDir, detached, inheritEnvironment);
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
                throw new IllegalStateException(service.module() + " ended before it was ready; " + proc.logFile()
                        + " ends with:\n" + proc.logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service.module() + " was not ready (" + url()
                        + "/q/health/ready) within " + timeout.toSeconds() + " s; see " + proc.logFile()
                        + "; it ends with:\n" + proc.logTail(20));
            }
            Waits.sleep(every.toMillis());
        }
    }

    /** Where the build leaves this service's class-data archive. */
    public Path classDataArchive() {
        return jar.resolveSibling(CLASS_DATA_ARCHIVE);
    }

    /**
     * The running process has its class-data archive mapped: the JVM unmaps an archive it refuses (another JVM build,
     * jars changed since), so this says whether the start used it.
     */
    public boolean usesClassDataArchive() {
        Optional<ProcessHandle> handle = proc.running();
        if (handle.isEmpty() || !Files.isRegularFile(classDataArchive())) {
            return false;
        }
        try {
            // the kernel names the file by its real path
            return maps(Files.readString(Path.of("/proc", Long.toString(handle.get().pid()), "maps")),
                    classDataArchive().toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** A process's {@code /proc/<pid>/maps} text has {@code file} mapped. */
    public static boolean maps(String procMaps, Path file) {
        String suffix = " " + file;
        return procMaps.lines().anyMatch(l -> l.endsWith(suffix));
    }

    public Proc.Stopped stop(Duration grace) {
        return proc.stop(grace);
    }

    /** kill -9 of the process tree. */
    public boolean kill() {
        return proc.kill();
    }
}
