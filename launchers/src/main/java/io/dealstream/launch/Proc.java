package io.dealstream.launch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One JVM process of the stack (the broker, the PostgreSQL host, a service): started with its output appended to a
 * log file and its pid recorded in a file, stopped (or killed) by that pid only.
 *
 * <p>Every process gets two marker arguments, {@code -Ddealstream.stack.home=<stack home>} and
 * {@code -Ddealstream.stack.role=<role>}. A recorded pid counts as ours only while the process with that pid still
 * carries both markers, so a stale pid file can never make {@code make down} stop someone else's process.
 */
public final class Proc {

    static final String HOME_MARKER = "-Ddealstream.stack.home=";
    static final String ROLE_MARKER = "-Ddealstream.stack.role=";

    private final String role;
    private final Path home;
    private final Path pidFile;
    private final Path logFile;
    /** The process this JVM started, when it did: waiting on it reaps it (no zombie after a kill). */
    private volatile Process started;

    Proc(String role, Path home) {
        this.role = role;
        this.home = home.toAbsolutePath().normalize();
        this.pidFile = this.home.resolve("run").resolve(role + ".pid");
        this.logFile = this.home.resolve("logs").resolve(role + ".log");
    }

    public String role() {
        return role;
    }

    public Path logFile() {
        return logFile;
    }

    public Path pidFile() {
        return pidFile;
    }

    /** The running process recorded for this role, if there is one and it is still ours. */
    public Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        if (started != null && started.pid() == pid && started.isAlive()) {
            // started here: ours, even in the instant before its command line turns from the spawn helper's to ours
            return Optional.of(started.toHandle());
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::isOurs);
    }

    /** Whether a pid file exists whose process is gone (or is no longer ours). */
    public boolean isStale() {
        return Files.isRegularFile(pidFile) && running().isEmpty();
    }

    private boolean isOurs(ProcessHandle handle) {
        List<String> args = arguments(handle);
        return args.contains(HOME_MARKER + home) && args.contains(ROLE_MARKER + role);
    }

    /** The process's arguments, read from /proc where there is one (ProcessHandle.Info may be shortened). */
    static List<String> arguments(ProcessHandle handle) {
        Path proc = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            if (Files.exists(proc)) {
                String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
                return List.of(raw.split("\0"));
            }
        } catch (IOException e) {
            // fall through
        }
        List<String> args = new ArrayList<>();
        handle.info().command().ifPresent(args::add);
        handle.info().arguments().ifPresent(a -> args.addAll(List.of(a)));
        return args;
    }

    /**
     * Starts {@code java <jvmArgs> <markers> <mainArgs>} (mainArgs: {@code -jar x.jar ...} or {@code -cp cp Main
     * ...}) in {@code workDir}, appending its output to the log file and recording its pid.
     *
     * @param detached in a session of its own (setsid), so that it outlives the terminal that ran {@code make up}
     */
    public ProcessHandle start(List<String> jvmArgs, List<String> mainArgs, Map<String, String> env, Path workDir,
            boolean detached) {
        return start(jvmArgs, mainArgs, env, workDir, detached, true);
    }

    /**
     * As {@link #start(List, List, Map, Path, boolean)}; with {@code inheritEnvironment} false the process gets only
     * {@code env}, as a container gets only what its manifest sets.
     */
    public ProcessHandle start(List<String> jvmArgs, List<String> mainArgs, Map<String, String> env, Path workDir,
            boolean detached, boolean inheritEnvironment) {
        List<String> command = new ArrayList<>();
        if (detached && new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        } else if (detached && new File("/bin/setsid").canExecute()) {
            command.add("/bin/setsid");
        }
        command.add(javaBinary());
        command.add(HOME_MARKER + home);
        command.add(ROLE_MARKER + role);
        command.addAll(jvmArgs);
        command.addAll(mainArgs);
        try {
            Files.createDirectories(pidFile.getParent());
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(workDir);
            Files.writeString(logFile, "=== " + java.time.OffsetDateTime.now() + " starting " + role + ": "
                    + String.join(" ", abbreviate(command)) + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (!inheritEnvironment) {
                builder.environment().clear();
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            started = process;
            Files.writeString(pidFile, Long.toString(process.pid()) + System.lineSeparator());
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + role, e);
        }
    }

    /** How a stop went. */
    public enum Stopped {
        /** Nothing of ours was running. */
        NOT_RUNNING,
        /** Ended on SIGTERM within the grace period. */
        GRACEFULLY,
        /** Still running after the grace period: killed (SIGKILL), with its descendants. */
        KILLED
    }

    /**
     * Stops the process gracefully (SIGTERM), then kills it and its descendants (SIGKILL) if it has not ended within
     * {@code grace}. Removes the pid file.
     */
    public Stopped stop(Duration grace) {
        Optional<ProcessHandle> handle = running();
        if (handle.isEmpty()) {
            deletePidFile();
            return Stopped.NOT_RUNNING;
        }
        ProcessHandle h = handle.get();
        List<ProcessHandle> tree = new ArrayList<>(h.descendants().toList());
        h.destroy();
        Stopped how = Stopped.GRACEFULLY;
        if (!awaitExit(h, grace)) {
            kill(h, tree);
            how = Stopped.KILLED;
        }
        tree.forEach(child -> awaitExit(child, Duration.ofSeconds(5)));
        deletePidFile();
        return how;
    }

    /** Kills the process and its descendants at once (SIGKILL), as a crash would. */
    public boolean kill() {
        Optional<ProcessHandle> handle = running();
        if (handle.isEmpty()) {
            deletePidFile();
            return false;
        }
        kill(handle.get(), new ArrayList<>(handle.get().descendants().toList()));
        deletePidFile();
        return true;
    }

    private void kill(ProcessHandle h, List<ProcessHandle> tree) {
        tree.addAll(h.descendants().toList());
        h.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        awaitExit(h, Duration.ofSeconds(10));
        tree.forEach(child -> awaitExit(child, Duration.ofSeconds(5)));
    }

    private boolean awaitExit(ProcessHandle h, Duration timeout) {
        Process own = started;
        try {
            if (own != null && own.pid() == h.pid()) {
                return own.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !h.isAlive();
        } catch (Exception e) {
            return !h.isAlive();
        }
    }

    void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> abbreviate(List<String> command) {
        return command.stream().map(a -> a.length() > 200 ? a.substring(0, 60) + "...(" + a.length() + " chars)" : a)
                .toList();
    }

    @Override
    public String toString() {
        return role;
    }
}
