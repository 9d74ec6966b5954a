package io.dealstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One measured stretch of load: sends the changes, waits until both views report them, and says how long each took
 * end to end and per stage, and what each process spent in CPU meanwhile.
 */
final class Phase {

    /** What one phase measured. Times in ms; catch-up in s; CPU in % of one core over the phase. */
    record Figures(String name, double offeredPerSecond, int sent, int errors, String firstError,
            double achievedPerSecond, Stats propagation, Map<String, Stats> propagationByView, Stats http,
            Map<String, Stats> stages, int unseen,
            double catchUpSeconds, Map<String, Double> cpuPercent, Map<String, Double> cpuMsPerChange,
            Map<String, Double> jitCpuMsPerChange, Map<String, Double> cpuWaitMsPerChange, double loadAverage) {

        Map<String, Object> toMap(Stats floor) {
            Map<String, Object> m = outcome(offeredPerSecond, sent, achievedPerSecond, errors, firstError,
                    "notReportedByViews", unseen, catchUpSeconds, propagation);
            m.put("p50VsFloor", Bench.round(propagation.p50() / floor.p50()));
            m.put("p99VsFloor", Bench.round(propagation.p99() / floor.p99()));
            m.put("propagationMsByView", propagationByView);
            m.put("httpMs", http);
            m.put("stagesMs", stages);
            m.put("cpuPercentOfOneCore", cpuPercent);
            m.put("cpuMsPerChange", cpuMsPerChange);
            m.put("jitCpuMsPerChange", jitCpuMsPerChange);
            m.put("cpuWaitMsPerChange", cpuWaitMsPerChange);
            m.put("loadAverage", loadAverage);
            return m;
        }
    }

    /**
     * The figures of a phase through the services and of a bare one alike, in this order: the load offered, sent and
     * answered, then how the views followed ({@code unseen}, the changes they never showed, named {@code unseenName}).
     */
    static Map<String, Object> outcome(double offeredPerSecond, int sent, double achievedPerSecond, int errors,
            String firstError, String unseenName, int unseen, double catchUpSeconds, Stats propagation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offeredPerSecond", offeredPerSecond);
        m.put("changes", sent);
        m.put("achievedPerSecond", Bench.round(achievedPerSecond));
        m.put("errors", errors);
        if (firstError != null) {
            m.put("firstError", firstError);
        }
        m.put(unseenName, unseen);
        m.put("viewsCaughtUpSeconds", Bench.round(catchUpSeconds));
        m.put("propagationMs", propagation);
        return m;
    }

    private final TrancheLoad load;
    private final Views views;
    private final Map<String, Long> recordTimes;
    private final Supplier<Map<String, Supplier<Optional<ProcessHandle>>>> processes;
    private final Progress progress;

    /**
     * @param recordTimes Kafka timestamps of the tranche records by change, for the stages (may stay empty)
     * @param processes the processes whose CPU time to count, by name (re-read each phase: a restart changes them)
     */
    Phase(TrancheLoad load, Views views, Map<String, Long> recordTimes,
            Supplier<Map<String, Supplier<Optional<ProcessHandle>>>> processes, Progress progress) {
        this.load = load;
        this.views = views;
        this.recordTimes = recordTimes;
        this.processes = processes;
        this.progress = progress;
    }

    Figures run(String name, double rate, int changes, int convergeSeconds) throws InterruptedException {
        int tranches = (changes + 1) / 2;
        List<String> rounds = load.openRounds(tranches);
        Map<String, Supplier<Optional<ProcessHandle>>> processes = this.processes.get();
        Map<String, Double> cpuBefore = cpu(processes);
        Map<String, Double> jitBefore = jitCpu(processes);
        Map<String, Map<Long, Long>> waitBefore = cpuWait(processes);
        long t0 = System.nanoTime();
        TrancheLoad.Result result = load.run(rate, tranches, rounds, (soFar, inFlight) -> progress.show(String.format(
                "  %s: %.0f s, %d changes answered (%.0f/s), %d errors, %d tranches in flight; views: %s", name,
                (System.nanoTime() - soFar.startNanos()) / 1e9, soFar.changes().size(),
                soFar.changes().size() / Math.max(0.001, soFar.seconds()), soFar.errors(), inFlight,
                views.counts(soFar.changes().stream().filter(TrancheLoad.Change::ok).map(TrancheLoad.Change::key)
                        .toList()))));
        List<TrancheLoad.Change> ok = result.changes().stream().filter(TrancheLoad.Change::ok).toList();
        long deadline = System.nanoTime() + convergeSeconds * 1_000_000_000L;
        long converged = -1;
        int reported = 0; // changes before this one have all been reported
        while (!views.watches().isEmpty() && System.nanoTime() < deadline) {
            while (reported < ok.size() && views.last(ok.get(reported).key()) != null) {
                reported++;
            }
            if (reported == ok.size()) {
                converged = System.nanoTime();
                break;
            }
            Thread.sleep(5);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cpuAfter = cpu(processes);
        Map<String, Double> jitAfter = jitCpu(processes);
        Map<String, Map<Long, Long>> waitAfter = cpuWait(processes);
        progress.done();
        Map<String, Double> cpuPercent = new LinkedHashMap<>();
        Map<String, Double> cpuPerChange = new LinkedHashMap<>();
        long answered = result.changes().size();
        cpuBefore.forEach((k, v) -> {
            cpuPercent.put(k, Bench.round(100 * (cpuAfter.get(k) - v) / seconds));
            // CPU per change: what a change costs each process, which other load on the machine hardly changes
            cpuPerChange.put(k, Bench.round(1000 * (cpuAfter.get(k) - v) / Math.max(1, answered)));
        });
        // the part of it the JIT compilers took: a figure that shrinks as the services warm up
        Map<String, Double> jitPerChange = new LinkedHashMap<>();
        jitBefore.forEach((k, v) -> {
            double jit = jitAfter.getOrDefault(k, v) - v;
            if (jit > 0) {
                jitPerChange.put(k, Bench.round(1000 * jit / Math.max(1, answered)));
            }
        });
        // the time each process's threads were ready to run but found no free core
        Map<String, Double> waitPerChange = new LinkedHashMap<>();
        waitBefore.forEach((k, v) -> waitPerChange.put(k, Bench.round(
                1000 * ProcStats.runQueueSeconds(v, waitAfter.getOrDefault(k, v)) / Math.max(1, answered))));

        List<Double> propagation = new ArrayList<>();
        // each view on its own: until that service reported the change (on any of its instances)
        Map<String, List<Double>> byView = new LinkedHashMap<>();
        views.watches().forEach(w -> byView.put(w.name(), new ArrayList<>()));
        List<Double> relay = new ArrayList<>();
        List<Double> consumer = new ArrayList<>();
        List<Double> report = new ArrayList<>();
        long lastSeen = 0;
        int unseen = 0;
        for (TrancheLoad.Change c : ok) {
            for (ViewWatch w : views.watches()) {
                ViewWatch.Seen seen = w.seen(c.key());
                if (seen != null) {
                    byView.get(w.name()).add((seen.nanos() - c.answeredNanos()) / 1e6);
                }
            }
            ViewWatch.Seen last = views.last(c.key());
            if (last == null) {
                unseen += views.watches().isEmpty() ? 0 : 1;
                continue;
            }
            lastSeen = Math.max(lastSeen, last.nanos());
            propagation.add((last.nanos() - c.answeredNanos()) / 1e6);
            Long recordMillis = recordTimes.get(c.key());
            if (recordMillis != null) {
                relay.add((recordMillis * 1000 - c.answeredMicros()) / 1e3);
                consumer.add((last.appliedMicros() - recordMillis * 1000) / 1e3);
            }
            report.add((last.micros() - last.appliedMicros()) / 1e3);
        }
        Map<String, Stats> stages = new LinkedHashMap<>();
        stages.put("http (request, transaction, commit)", Stats.of(result.changes().stream()
                .filter(TrancheLoad.Change::ok).map(TrancheLoad.Change::httpMillis).toList()));
        stages.put("outbox relay (answer to Kafka send)", Stats.of(relay));
        stages.put("broker + consumer (send to view applied)", Stats.of(consumer));
        stages.put("view commit + report (applied to seen)", Stats.of(report));
        double catchUp = converged < 0 ? Double.NaN : Math.max(0, (lastSeen - result.endNanos()) / 1e9);
        Map<String, Stats> propagationByView = new LinkedHashMap<>();
        byView.forEach((view, times) -> propagationByView.put(view, Stats.of(times)));
        return new Figures(name, rate, result.changes().size(), result.errors(), result.firstError(),
                result.achievedPerSecond(), Stats.of(propagation), propagationByView,
                stages.get("http (request, transaction, commit)"), stages, unseen, catchUp, cpuPercent, cpuPerChange,
                jitPerChange, waitPerChange, ProcStats.loadAverage());
    }

    private static Map<String, Double> cpu(Map<String, Supplier<Optional<ProcessHandle>>> processes) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        processes.forEach((name, handle) -> cpu.put(name, ProcStats.cpuSeconds(handle.get())));
        return cpu;
    }

    private static Map<String, Map<Long, Long>> cpuWait(Map<String, Supplier<Optional<ProcessHandle>>> processes) {
        Map<String, Map<Long, Long>> wait = new LinkedHashMap<>();
        processes.forEach((name, handle) -> wait.put(name, ProcStats.runQueueNanosByThread(handle.get())));
        return wait;
    }

    private static Map<String, Double> jitCpu(Map<String, Supplier<Optional<ProcessHandle>>> processes) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        processes.forEach((name, handle) -> cpu.put(name, ProcStats.jitCpuSeconds(handle.get())));
        return cpu;
    }
}
