package io.dealstream.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service as a process of its own: {@code java -jar quarkus-run.jar} in {@code <module>/target/quarkus-app}, with
 * the AOT cache there ({@code app.aot}, JEP 483/514/515) when a training run has made one for this build.
 */
public final class ServiceNode extends QuarkusProcess {

    /** The AOT cache a training run leaves beside quarkus-run.jar (and each image makes in its build). */
    public static final String AOT_CACHE = "app.aot";

    private final Service service;

    ServiceNode(Service service, Path home, Path projectRoot, int port) {
        this(service, service.module(), home, projectRoot, port);
    }

    /** @param role the process's name in pid and log files: the module, or e.g. {@code compute-service-2} */
    ServiceNode(Service service, String role, Path home, Path projectRoot, int port) {
        super(service.module(), new Proc(role, home), port, service.runJar(projectRoot));
        this.service = service;
    }

    public Service service() {
        return service;
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
        // the cache names the class path as the training run had it, quarkus-run.jar in its folder: so run it from
        // there. A cache the JVM cannot use (another JVM build, jars changed since) is ignored, the start goes on
        List<String> jvm = new ArrayList<>(jvmOptions);
        if (Files.isRegularFile(aotCache())) {
            jvm.add("-XX:AOTCache=" + AOT_CACHE);
        }
        return launch(env, jvm, detached, inheritEnvironment);
    }

    /**
     * Starts the service as its AOT cache's training run: the JVM records what the service loads, links and compiles
     * until it stops, and writes {@code app.aot} on the way out ({@code -XX:AOTCacheOutput}, JEP 514). The JVM
     * options must be those of the production starts: the cache serves only a JVM configured like the one that made it.
     */
    public ProcessHandle startTraining(Map<String, String> env, List<String> jvmOptions, boolean detached) {
        try {
            // the options are written once the run made its cache (trained): a run cut short leaves no cache to use
            Files.deleteIfExists(aotOptions());
            Files.deleteIfExists(aotCache());
        } catch (IOException e) {
            throw new IllegalStateException("cannot replace " + aotCache() + ": " + e.getMessage(), e);
        }
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.add("-XX:AOTCacheOutput=" + AOT_CACHE);
        return launch(env, jvm, detached, true);
    }

    /**
     * No AOT cache, one older than the build, or one trained with other JVM options (another collector, compact
     * object headers...): a start with {@code jvmOptions} would not use it.
     */
    public boolean needsTraining(List<String> jvmOptions) {
        try {
            return !Files.isRegularFile(aotCache())
                    || Files.getLastModifiedTime(aotCache()).compareTo(Files.getLastModifiedTime(jar)) < 0
                    || !Files.isRegularFile(aotOptions())
                    || !Files.readString(aotOptions()).strip().equals(String.join(" ", jvmOptions));
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * After the training run ended: checks that it left its cache (a JVM killed while writing it leaves an empty file)
     * and records the JVM options it was trained with.
     */
    public void trained(List<String> jvmOptions) {
        try {
            if (!Files.isRegularFile(aotCache()) || Files.size(aotCache()) == 0) {
                throw new IllegalStateException(service.module() + "'s training run left no AOT cache in "
                        + aotCache() + "; its log " + proc.logFile() + " ends with:\n" + proc.logTail(20));
            }
            Files.writeString(aotOptions(), String.join(" ", jvmOptions) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot record the options of " + aotCache() + ": " + e.getMessage(), e);
        }
    }

    /** The JVM options the AOT cache was trained with, beside it. */
    private Path aotOptions() {
        return jar.resolveSibling(AOT_CACHE + ".options");
    }

    private ProcessHandle launch(Map<String, String> env, List<String> jvm, boolean detached,
            boolean inheritEnvironment) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B package -DskipTests)");
        }
        if (Ports.answers(StackConfig.HOST, port())) {
            throw new IllegalStateException("port " + port() + " (" + service.module() + ") is taken by another process; "
                    + "stop it or set " + service.portVariable() + " to a free port");
        }
        List<String> main = List.of("-jar", jar.getFileName().toString());
        return proc.start(jvm, main, env, jar.getParent(), detached, inheritEnvironment);
    }

    /** Where this service's AOT cache is (or a training run makes it). */
    public Path aotCache() {
        return jar.resolveSibling(AOT_CACHE);
    }

    /**
     * The running process has its AOT cache mapped: the JVM unmaps a cache it refuses (another JVM build, other JVM
     * options, jars changed since), so this says whether the start used it.
     */
    public boolean usesAotCache() {
        Optional<ProcessHandle> handle = proc.running();
        if (handle.isEmpty() || !Files.isRegularFile(aotCache())) {
            return false;
        }
        try {
            // the kernel names the file by its real path
            return maps(Files.readString(Path.of("/proc", Long.toString(handle.get().pid()), "maps")),
                    aotCache().toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** A process's {@code /proc/<pid>/maps} text has {@code file} mapped. */
    public static boolean maps(String procMaps, Path file) {
        String suffix = " " + file;
        return procMaps.lines().anyMatch(l -> l.endsWith(suffix));
    }

}
