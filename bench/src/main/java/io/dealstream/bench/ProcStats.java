package io.dealstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a process (and its children) costs, from /proc: CPU time and resident memory. */
final class ProcStats {

    /** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /**
     * User + system CPU seconds of the process and its descendants so far (0 when it is gone); for this JVM, its own
     * only, since its descendants are the stack under test, counted process by process.
     */
    static double cpuSeconds(Optional<ProcessHandle> process) {
        if (process.isEmpty()) {
            return 0;
        }
        double total = 0;
        for (ProcessHandle h : withDescendants(process.get())) {
            total += cpuTicks(h.pid()) / TICKS_PER_SECOND;
        }
        return total;
    }

    /**
     * User + system CPU seconds the process's JIT compiler threads spent so far: warm-up, not the work itself (0 for
     * a process that is not a JVM, or is gone).
     */
    static double jitCpuSeconds(Optional<ProcessHandle> process) {
        return threadCpuSeconds(process,
                name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
    }

    /**
     * User + system CPU seconds the process's threads whose name (as /proc shows it: its first 15 characters)
     * satisfies {@code name} spent so far (0 when the process is gone).
     */
    static double threadCpuSeconds(Optional<ProcessHandle> process, java.util.function.Predicate<String> name) {
        if (process.isEmpty()) {
            return 0;
        }
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(process.get().pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (name.test(Files.readString(task.resolve("comm")).trim())) {
                        ticks += cpuTicks(task.resolve("stat"));
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * Nanoseconds each thread of the process and its descendants has spent runnable but waiting for a CPU so far
     * (/proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat, second field), by thread id: on a saturated machine, the time a stage
     * queues for a core rather than works or waits for another stage. {@link #runQueueSeconds} compares two of these.
     */
    static Map<Long, Long> runQueueNanosByThread(Optional<ProcessHandle> process) {
        Map<Long, Long> byThread = new HashMap<>();
        if (process.isEmpty()) {
            return byThread;
        }
        for (ProcessHandle h : withDescendants(process.get())) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(h.pid()), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        byThread.put(Long.parseLong(task.getFileName().toString()),
                                Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]));
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return byThread;
    }

    /**
     * The wait for a CPU between two readings: each thread's growth, a thread started meanwhile with all of its wait.
     * A thread that ended meanwhile is left out (its last count is gone), so the figure never goes below zero.
     */
    static double runQueueSeconds(Map<Long, Long> before, Map<Long, Long> after) {
        long nanos = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            nanos += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
        }
        return nanos / 1e9;
    }

    /** The process and its descendants; for this JVM, itself only (its descendants are the stack under test). */
    private static List<ProcessHandle> withDescendants(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process);
        if (process.pid() != ProcessHandle.current().pid()) {
            all.addAll(process.descendants().toList());
        }
        return all;
    }

    private static long cpuTicks(long pid) {
        return cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long cpuTicks(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Resident set size in MB (VmRSS), or NaN. */
    static double rssMb(Optional<ProcessHandle> process) {
        if (process.isEmpty()) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.get().pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return Double.NaN;
    }

    /** The share of the machine's CPU time that was idle over the next {@code millis} (/proc/stat), or NaN. */
    static double idleFraction(long millis) throws InterruptedException {
        long[] before = cpuTimes();
        Thread.sleep(millis);
        long[] after = cpuTimes();
        if (before == null || after == null || after[0] == before[0]) {
            return Double.NaN;
        }
        return (double) (after[1] - before[1]) / (after[0] - before[0]);
    }

    /**
     * Waits until the machine's CPUs were at least {@code share} idle over half a second, at most {@code max}; returns
     * the last idle share seen. A start timed while the previous phase's work still drains measures that work too.
     */
    static double awaitIdle(double share, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        double idle;
        do {
            idle = idleFraction(500);
        } while (!(idle >= share) && System.nanoTime() < deadline);
        return idle;
    }

    /** CPU seconds the whole machine spent busy so far (all CPUs, all processes; /proc/stat), or NaN. */
    static double busyCpuSeconds() {
        long[] t = cpuTimes();
        return t == null ? Double.NaN : (t[0] - t[1]) / TICKS_PER_SECOND;
    }

    /** {total, idle + iowait} jiffies of all CPUs, or null. */
    private static long[] cpuTimes() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The 1-minute load average, or NaN. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
