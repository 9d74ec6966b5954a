package io.dealstream.bench;

import io.dealstream.testsupport.KafkaAccess;
import io.dealstream.launch.Service;
import io.dealstream.launch.ServiceNode;
import io.dealstream.launch.Stack;
import io.dealstream.testsupport.Folders;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code make bench}: for each configuration (partitions x instances of each consumer service) a fresh stack, the
 * floor, propagation at a steady rate, throughput by stepping the offered load; on the first configuration with one
 * instance at 3 partitions (make up's), each service's start-to-ready time and RSS over several starts.
 */
final class Bench {

    static final List<Service> VIEWS = List.of(Service.COMPUTE, Service.DISTRIBUTION);

    private final Settings settings;
    private final PrintStream out;
    private final Progress progress;
    /** The bare pipeline by partition count: it has no instances, so a further configuration reuses it. */
    private final Map<Integer, Map<String, Object>> bareByPartitions = new LinkedHashMap<>();

    Bench(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.progress = new Progress(out);
    }

    /** The whole run; returns the results (also written as JSON by the caller). */
    Map<String, Object> run() throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        try (BenchStack stacks = new BenchStack("bench", out)) {
            snapshotApps(settings, out);
            results.put("machine", Machine.describe());
            results.put("settings", describe(settings));
            List<Map<String, Object>> configs = new ArrayList<>();
            results.put("configurations", configs);
            for (int[] config : configurations()) {
                configs.add(runConfiguration(config[0], config[1], stacks));
            }
        }
        return results;
    }

    /** Copies each service's target/quarkus-app under the stack's home, and runs it from there (Settings.appsRoot). */
    static void snapshotApps(Settings settings, PrintStream out) throws java.io.IOException {
        for (Service s : Service.values()) {
            java.nio.file.Path from = s.runJar(settings.root()).getParent();
            java.nio.file.Path to = s.runJar(settings.appsRoot()).getParent();
            if (!java.nio.file.Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(from + " is not built: make build");
            }
            Folders.deleteRecursively(to);
            try (var paths = java.nio.file.Files.walk(from)) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) paths::iterator) {
                    java.nio.file.Path target = to.resolve(from.relativize(p).toString());
                    if (java.nio.file.Files.isDirectory(p)) {
                        java.nio.file.Files.createDirectories(target);
                    } else if (p.getFileName().toString().equals(ServiceNode.AOT_CACHE)) {
                        // the bench's stack trains a cache of its own, with the JVM options it measures
                        continue;
                    } else {
                        // with its modification time: an AOT cache is only used with the jars it was made from
                        java.nio.file.Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        out.println("services copied from their target/quarkus-app folders to " + settings.appsRoot());
    }

    /** (partitions, instances): every partition count with one instance, then the further instance counts. */
    private List<int[]> configurations() {
        List<int[]> configs = new ArrayList<>();
        for (int instances : settings.instances()) {
            for (int partitions : settings.partitions()) {
                if (instances == 1 || partitions >= instances) {
                    configs.add(new int[] {partitions, instances});
                }
            }
        }
        return configs;
    }

    private boolean headline(int partitions, int instances) {
        int headlinePartitions = settings.partitions().contains(3) ? 3 : settings.partitions().get(0);
        return partitions == headlinePartitions && instances == settings.instances().get(0);
    }

    private Map<String, Object> runConfiguration(int partitions, int instances, BenchStack stacks) throws Exception {
        boolean headline = headline(partitions, instances);
        out.printf("%n=== %d partition%s, %d instance%s of each consumer service%s (load average %.2f)%n", partitions,
                partitions == 1 ? "" : "s", instances, instances == 1 ? "" : "s",
                headline ? " - make up's configuration" : "", ProcStats.loadAverage());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("partitions", partitions);
        result.put("instancesPerConsumerService", instances);
        result.put("headline", headline);
        Stack stack = stacks.fresh(settings.stackConfig(partitions));
        stack.up(out);
        Map<Service, List<String>> urls = new LinkedHashMap<>();
        for (Service s : VIEWS) {
            for (int i = 2; i <= instances; i++) {
                out.printf("starting %s instance %d on port %d%n", s.module(), i, settings.instancePort(s, i));
                stack.startInstance(s, i, settings.instancePort(s, i));
            }
            urls.put(s, stack.instances(s).stream().map(ServiceNode::url).toList());
        }
        try (Instruments instruments = Instruments.follow(stacks, "b", urls, progress)) {
            Phase phase = instruments.phase();

            out.printf("floor: %d bare producer -> consumer round trips (acks=all) on %s%n",
                    settings.floorRoundTrips(), stack.kafka().bootstrapServers());
            Stats floor = Floor.measure(stack.kafka().client(KafkaAccess.ADMIN),
                    Math.min(200, settings.floorRoundTrips()),
                    settings.floorRoundTrips());
            out.printf("  floor p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", floor.p50(), floor.p99(), floor.max());
            result.put("floorMs", floor);

            // the design's own cost on the same PostgreSQL and broker, before the services put load on them
            Map<String, Object> bare = null;
            if (settings.bare()) {
                bare = bareByPartitions.get(partitions);
                if (bare == null) {
                    bare = BarePipeline.measure(stack, partitions, settings, out);
                    bare.put("measuredWithInstances", instances);
                    bareByPartitions.put(partitions, bare);
                } else {
                    out.printf("bare pipeline: as measured with %s instance(s) at %d partitions%n",
                            bare.get("measuredWithInstances"), partitions);
                }
                result.put("barePipeline", bare);
            }

            // the JIT compilers take minutes of CPU here: warm up at the measured rate, so that what follows is measured
            // on compiled code rather than on a backlog the warm-up left
            out.printf("warm-up: %d changes at %.0f/s (not counted)%n", settings.warmupChanges(), settings.rate());
            phase.run("warm-up", settings.rate(), settings.warmupChanges(), 30);

            out.printf("propagation: %d changes at %.0f/s%n", settings.changes(), settings.rate());
            Phase.Figures propagation = phase.run("propagation", settings.rate(), settings.changes(), 30);
            result.put("propagation", propagation.toMap(floor));
            out.printf("  propagation p50 %.2f ms (%.1fx floor), p99 %.2f ms (%.1fx floor), max %.2f ms; %d of %d"
                    + " changes reported by both views%n", propagation.propagation().p50(),
                    propagation.propagation().p50() / floor.p50(), propagation.propagation().p99(),
                    propagation.propagation().p99() / floor.p99(), propagation.propagation().max(),
                    propagation.propagation().n(), propagation.sent());

            List<Map<String, Object>> steps = new ArrayList<>();
            Map<String, Object> best = null;
            for (double rate : settings.steps()) {
                int changes = Steps.changes(rate, settings.stepSeconds());
                out.printf("throughput step: %.0f changes/s for %d s%n", rate, settings.stepSeconds());
                Phase.Figures f = phase.run("step " + (int) rate + "/s", rate, changes, 60);
                boolean sustained = Steps.sustained(rate, f.errors(), f.achievedPerSecond(), f.unseen(),
                        f.catchUpSeconds(), settings.catchUpSeconds());
                Map<String, Object> step = f.toMap(floor);
                step.put("sustained", sustained);
                steps.add(step);
                out.printf("  %s: achieved %.0f/s, errors %d, views caught up %.2f s after the last answer,"
                        + " propagation p50 %.1f ms p99 %.1f ms%n", sustained ? "sustained" : "NOT sustained",
                        f.achievedPerSecond(), f.errors(), f.catchUpSeconds(), f.propagation().p50(),
                        f.propagation().p99());
                if (sustained) {
                    best = step;
                } else {
                    break;
                }
            }
            Map<String, Object> throughput = new LinkedHashMap<>();
            throughput.put("steps", steps);
            throughput.put("sustainedPerSecond", best == null ? 0 : best.get("offeredPerSecond"));
            throughput.put("atSustained", best);
            result.put("throughput", throughput);
            if (bare != null) {
                result.put("servicesVsBare", servicesVsBare(propagation.propagation(), throughput, bare));
                out.printf("  services vs bare pipeline: %s%n", result.get("servicesVsBare"));
            }
            result.put("rssMbAfterLoad", rss(stack));

            if (headline && settings.starts() > 0) {
                result.put("starts", starts(phase, stack));
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> servicesVsBare(Stats services, Map<String, Object> throughput,
            Map<String, Object> bare) {
        Map<String, Object> bareThroughput = (Map<String, Object>) bare.get("throughput");
        Map<String, Object> bareP = (Map<String, Object>) bare.get("propagation");
        return Steps.servicesVsBare(services, ((Number) throughput.get("sustainedPerSecond")).doubleValue(),
                (Stats) bareP.get("propagationMs"),
                ((Number) bareThroughput.get("sustainedPerSecond")).doubleValue());
    }

    /** The processes of {@code stack} whose CPU time a phase counts, and this one (the load and the watch). */
    static Map<String, java.util.function.Supplier<Optional<ProcessHandle>>> processes(Stack stack) {
        Map<String, java.util.function.Supplier<Optional<ProcessHandle>>> p = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            for (ServiceNode node : stack.instances(s)) {
                p.put(node.process().role(), node::running);
            }
        }
        p.put("kafka", stack.kafka()::running);
        if (stack.postgres().embedded()) {
            p.put("postgres", stack.postgres()::postmaster);
        }
        p.put("bench (load + watch)", Bench::self);
        return p;
    }

    /** Each service instance's RSS in MB, by its role. */
    static Map<String, Object> rss(Stack stack) {
        Map<String, Object> rss = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            for (ServiceNode node : stack.instances(s)) {
                rss.put(node.process().role(), round(ProcStats.rssMb(node.running())));
            }
        }
        return rss;
    }

    /** Restarts each service in turn, timing start to ready, then puts load on all and reads their RSS. */
    private Map<String, Object> starts(Phase phase, Stack stack) throws Exception {
        Map<Service, double[]> ready = new LinkedHashMap<>();
        Map<Service, double[]> rss = new LinkedHashMap<>();
        Map<Service, List<Boolean>> archive = new LinkedHashMap<>();
        Map<Service, double[]> idle = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            idle.put(s, new double[settings.starts()]);
            ready.put(s, new double[settings.starts()]);
            rss.put(s, new double[settings.starts()]);
            archive.put(s, new ArrayList<>());
        }
        for (int k = 0; k < settings.starts(); k++) {
            out.printf("start %d of %d (load average %.2f):", k + 1, settings.starts(), ProcStats.loadAverage());
            for (Service s : Service.values()) {
                ServiceNode node = stack.service(s);
                node.stop(Duration.ofSeconds(30));
                // timed on a quiet machine, as a start in a cluster mostly is: not while the last phase drains
                idle.get(s)[k] = ProcStats.awaitIdle(0.9, Duration.ofSeconds(60));
                long t0 = System.nanoTime();
                stack.launchService(s);
                node.awaitReady(Duration.ofSeconds(120), Duration.ofMillis(5));
                ready.get(s)[k] = (System.nanoTime() - t0) / 1e6;
                boolean archived = node.usesAotCache();
                archive.get(s).add(archived);
                if (!archived) {
                    // a start without its cache measures another thing than the one the figures name
                    throw new IllegalStateException(s.module() + " started without its AOT cache " + node.aotCache()
                            + " (start " + (k + 1) + "); its log: " + node.process().logFile());
                }
                out.printf(" %s ready in %.0f ms;", s.shortName(), ready.get(s)[k]);
            }
            out.println();
            phase.run("load after start " + (k + 1), settings.rate() * 2, settings.startLoadChanges(), 30);
            for (Service s : Service.values()) {
                rss.get(s)[k] = ProcStats.rssMb(stack.service(s).running());
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("readyMs", round(ready.get(s)));
            r.put("readyMsMedian", round(Stats.median(ready.get(s))));
            r.put("readyMsSpread", round(Stats.spread(ready.get(s))));
            r.put("cpuIdleBeforeStart", round(idle.get(s)));
            r.put("rssMb", round(rss.get(s)));
            r.put("rssMbMedian", round(Stats.median(rss.get(s))));
            r.put("rssMbSpread", round(Stats.spread(rss.get(s))));
            r.put("aotCache", archive.get(s));
            result.put(s.module(), r);
        }
        result.put("jvmOptions", stack.config().serviceJvmOptions());
        result.put("nativeMemory", nativeMemory(phase, stack));
        return result;
    }

    /**
     * One more start of each service with Native Memory Tracking, the same load, and the committed memory by
     * category: where the RSS goes. Then the services start again as measured, without it.
     */
    private Map<String, Object> nativeMemory(Phase phase, Stack stack) throws Exception {
        out.print("start with Native Memory Tracking:");
        for (Service s : Service.values()) {
            ServiceNode node = stack.service(s);
            node.stop(Duration.ofSeconds(30));
            stack.launchService(s, List.of(NativeMemory.TRACKING));
            node.awaitReady(Duration.ofSeconds(120), Duration.ofMillis(5));
            out.printf(" %s%s;", s.shortName(), node.usesAotCache() ? "" : " (without its AOT cache)");
        }
        out.println();
        phase.run("load with Native Memory Tracking", settings.rate() * 2, settings.startLoadChanges(), 30);
        Map<String, Object> result = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            ServiceNode node = stack.service(s);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rssMb", round(ProcStats.rssMb(node.running())));
            r.put("aotCache", node.usesAotCache());
            r.put("committedMb", NativeMemory.committedMb(node.running().orElseThrow().pid()));
            result.put(s.module(), r);
        }
        for (Service s : Service.values()) {
            stack.service(s).stop(Duration.ofSeconds(30));
            stack.startService(s);
        }
        return result;
    }

    private static Map<String, Object> describe(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("smoke", s.smoke());
        m.put("partitions", s.partitions());
        m.put("instances", s.instances());
        m.put("floorRoundTrips", s.floorRoundTrips());
        m.put("warmupChanges", s.warmupChanges());
        m.put("propagationChanges", s.changes());
        m.put("propagationRatePerSecond", s.rate());
        m.put("stepsPerSecond", s.steps());
        m.put("stepSeconds", s.stepSeconds());
        m.put("catchUpSeconds", s.catchUpSeconds());
        m.put("starts", s.starts());
        m.put("barePipeline", s.bare());
        m.put("bareWarmupChanges", s.bareWarmupChanges());
        m.put("barePropagationChanges", s.bareChanges());
        m.put("bareWriters", BarePipeline.WRITERS);
        m.put("bareStepsPerSecond", s.bareSteps());
        m.put("postgres", s.stackConfig(3).postgres().describe());
        m.put("serviceJvmOptions", s.stackConfig(3).serviceJvmOptions());
        return m;
    }

    static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
    }

    static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = round(v[i]);
        }
        return r;
    }

    static Optional<ProcessHandle> self() {
        return Optional.of(ProcessHandle.current());
    }
}
