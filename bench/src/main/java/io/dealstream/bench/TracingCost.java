package io.dealstream.bench;

import io.dealstream.testsupport.KafkaAccess;
import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.launch.Service;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import io.dealstream.testsupport.OtlpReceiver;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code bench.jar tracing|tracing-smoke}: what tracing costs. make up's configuration (3 partitions, one instance of
 * each service), the propagation phase at the steady rate under each share of traces recorded
 * ({@code QUARKUS_OTEL_TRACES_SAMPLER_ARG}: 0, the default, records none; 1 every change; 0.1 one in ten), every
 * share exporting to an OTLP receiver in this process, so that the export is paid in full (the batch span
 * processor's encoding and its HTTP requests). The services restart with each share, warm up, and are measured; the
 * shares take turns over several rounds, each round starting one share further on, so that what else the machine does
 * falls on all alike. Per share: the median of its rounds, and the difference to tracing off.
 */
final class TracingCost {

    /** make up's configuration: the one whose cost is asked about. */
    static final int PARTITIONS = 3;

    /** A folder and ports of its own, away from make up's and make bench's, so that they can run at the same time. */
    static final Map<String, String> STACK_DEFAULTS = Map.of(
            "KAFKA_PORT", "47092",
            "KAFKA_CONTROLLER_PORT", "47093",
            "PG_PORT", "47432",
            "INVESTMENT_PORT", "47081",
            "COMPUTE_PORT", "47082",
            "DISTRIBUTION_PORT", "47083");

    /**
     * Shorter phases than make bench's (the smoke keeps its own): every round starts each share's services anew, and
     * C1 (the only compiler of the stack's services) has compiled the hot code within the warm-up.
     */
    static final Map<String, String> RUN_DEFAULTS = Map.of("BENCH_WARMUP", "1500", "BENCH_CHANGES", "3000");

    static final String SAMPLER_ARG = "QUARKUS_OTEL_TRACES_SAMPLER_ARG";
    static final String ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

    /** One share of traces recorded: its name in the tables ("off", "100%", "10%") and the sampler's argument. */
    record Share(String name, String samplerArg) {

        static Share of(String samplerArg) {
            BigDecimal share = new BigDecimal(samplerArg.trim());
            if (share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(SAMPLER_ARG + " is a share from 0 to 1, not " + samplerArg);
            }
            return new Share(share.signum() == 0 ? "off"
                    : share.movePointRight(2).stripTrailingZeros().toPlainString() + "%", samplerArg.trim());
        }
    }

    private final Settings settings;
    private final List<Share> shares;
    private final int rounds;
    private final PrintStream out;
    private final Progress progress;

    TracingCost(Settings settings, List<Share> shares, int rounds, PrintStream out) {
        this.settings = settings;
        this.shares = shares;
        this.rounds = rounds;
        this.out = out;
        this.progress = new Progress(out);
    }

    /**
     * Runs, writes {@code <results>/tracing-<time>.json} (smoke: {@code tracing-smoke-<time>.json}) and prints the
     * tables. Exit 1 when the measurement itself does not work: errors, changes the views never report, spans exported
     * with tracing off, or none received with it on.
     */
    static int main(Path root, Function<String, String> env, boolean smoke, PrintStream out) throws Exception {
        Settings settings = Settings.fromEnvironment(root, Settings.withDefaults(env, name -> name.equals("STACK_HOME")
                ? root.resolve(".local").resolve("bench-tracing").toString()
                : STACK_DEFAULTS.getOrDefault(name, smoke ? null : RUN_DEFAULTS.get(name))), smoke);
        List<Share> shares = Arrays.stream(or(env, "BENCH_TRACING_SHARES", "0,1,0.1").split(","))
                .map(Share::of).toList();
        int rounds = Integer.parseInt(or(env, "BENCH_TRACING_ROUNDS", smoke ? "1" : "3"));
        long t0 = System.nanoTime();
        Map<String, Object> results = new TracingCost(settings, shares, rounds, out).run();
        JsonNode tree = Report.publish(results, t0, settings, smoke ? "tracing-smoke" : "tracing",
                TracingCost::markdown, out);
        List<String> problems = problems(tree);
        problems.forEach(p -> out.println("tracing: " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    private static String or(Function<String, String> env, String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /**
     * The order of the run: every share once a round, each round starting one share further on, so that over as many
     * rounds as there are shares each share has run in each place of a round.
     */
    static <T> List<T> schedule(List<T> shares, int rounds) {
        List<T> order = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < shares.size(); i++) {
                order.add(shares.get((r + i) % shares.size()));
            }
        }
        return order;
    }

    /** Per figure, the median of the rounds that measured it (nearest rank: of an even count, the lower middle). */
    static Map<String, Double> medians(List<Map<String, Double>> rounds) {
        Map<String, List<Double>> byFigure = new LinkedHashMap<>();
        rounds.forEach(r -> r.forEach((figure, v) -> {
            if (!Double.isNaN(v)) {
                byFigure.computeIfAbsent(figure, f -> new ArrayList<>()).add(v);
            }
        }));
        Map<String, Double> medians = new LinkedHashMap<>();
        byFigure.forEach((figure, values) -> medians.put(figure,
                Bench.round(Stats.median(values.stream().mapToDouble(Double::doubleValue).toArray()))));
        return medians;
    }

    /** Each figure of {@code share} minus the same figure with tracing off; figures off lacks are left out. */
    static Map<String, Double> minus(Map<String, Double> share, Map<String, Double> off) {
        Map<String, Double> difference = new LinkedHashMap<>();
        share.forEach((figure, v) -> {
            Double base = off.get(figure);
            if (base != null) {
                difference.put(figure, Bench.round(v - base));
            }
        });
        return difference;
    }

    /** The whole run; returns the results (written as JSON by the caller). */
    Map<String, Object> run() throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        List<Map<String, Object>> segments = new ArrayList<>();
        try (BenchStack stacks = new BenchStack("tracing", out)) {
            Bench.snapshotApps(settings, out);
            results.put("machine", Machine.describe());
            List<Share> order = schedule(shares, rounds);
            try (OtlpReceiver receiver = OtlpReceiver.start()) {
                results.put("settings", describe(receiver));
                out.printf("tracing: %d round(s) of %s, each %d changes of warm-up and %d measured at %.0f/s;"
                        + " spans to %s%n",
                        rounds, shares.stream().map(Share::name).toList(), settings.warmupChanges(), settings.changes(),
                        settings.rate(), receiver.endpoint());
                Stack stack = stacks.fresh(stackConfig(order.get(0), receiver));
                stack.up(out);
                Map<Service, List<String>> urls = new LinkedHashMap<>();
                for (Service s : Bench.VIEWS) {
                    urls.put(s, List.of(stack.service(s).url()));
                }
                // the phase counts the processes of the stack of the moment: each share's services are other ones
                try (Instruments instruments = Instruments.follow(stacks, "t", urls, progress)) {
                    for (int i = 0; i < order.size(); i++) {
                        Share share = order.get(i);
                        int round = i / shares.size() + 1;
                        if (i > 0) {
                            // PostgreSQL and the broker run on; the services start with this share's environment
                            stack = stacks.upOver(stackConfig(share, receiver));
                        }
                        segments.add(segment(round, share, instruments.phase(), receiver, stack));
                    }
                }
            }
        }
        results.put("rounds", segments);
        results.put("bySetting", bySetting(segments));
        return results;
    }

    private StackConfig stackConfig(Share share, OtlpReceiver receiver) {
        return settings.stackConfig(PARTITIONS, Map.of(SAMPLER_ARG, share.samplerArg(), ENDPOINT,
                receiver.endpoint()));
    }

    /**
     * One share's turn in a round, its services just started: the floor, the warm-up, the measured phase; then the
     * services stop, which flushes the spans they still hold, so that every span of the turn is counted.
     */
    private Map<String, Object> segment(int round, Share share, Phase phase, OtlpReceiver receiver, Stack stack)
            throws Exception {
        out.printf("%n=== round %d of %d: tracing %s (%s=%s; load average %.2f)%n", round, rounds, share.name(),
                SAMPLER_ARG, share.samplerArg(), ProcStats.loadAverage());
        int spansBefore = receiver.spans().size();
        Stats floor = Floor.measure(stack.kafka().client(KafkaAccess.ADMIN), Math.min(200, settings.floorRoundTrips()),
                settings.floorRoundTrips());
        out.printf("  floor p50 %.2f ms, p99 %.2f ms%n", floor.p50(), floor.p99());
        Phase.Figures warmUp = phase.run("warm-up, tracing " + share.name(), settings.rate(),
                settings.warmupChanges(), 30);
        double busyBefore = ProcStats.busyCpuSeconds();
        Map<String, Double> spanProcessorBefore = spanProcessorCpuSeconds(stack);
        long t0 = System.nanoTime();
        Phase.Figures f = phase.run("propagation, tracing " + share.name(), settings.rate(), settings.changes(), 30);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> spanProcessor = new LinkedHashMap<>();
        spanProcessorCpuSeconds(stack).forEach((service, cpu) -> spanProcessor.put(service,
                Bench.round(1000 * (cpu - spanProcessorBefore.get(service)) / Math.max(1, f.sent()))));
        // what the machine spent beyond this benchmark's processes: other work sharing the CPUs
        double ours = f.cpuPercent().values().stream().mapToDouble(Double::doubleValue).sum();
        double otherWork = 100 * (ProcStats.busyCpuSeconds() - busyBefore) / seconds - ours;
        Map<String, Object> rss = Bench.rss(stack);
        stopServices(stack);
        List<OtlpReceiver.ReceivedSpan> spans = receiver.spans();
        Map<String, Integer> byName = new TreeMap<>();
        for (OtlpReceiver.ReceivedSpan s : spans.subList(spansBefore, spans.size())) {
            byName.merge(s.service() + ": " + s.name(), 1, Integer::sum);
        }
        int received = spans.size() - spansBefore;
        int changes = warmUp.sent() + f.sent();

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", round);
        m.put("setting", share.name());
        m.put(SAMPLER_ARG, share.samplerArg());
        m.put("floorMs", floor);
        m.put("warmUp", Map.of("changes", warmUp.sent(), "errors", warmUp.errors(), "notReportedByViews",
                warmUp.unseen()));
        m.put("propagation", f.toMap(floor));
        m.put("spanProcessorCpuMsPerChange", spanProcessor);
        m.put("otherWorkPercentOfOneCore", Bench.round(otherWork));
        m.put("rssMb", rss);
        m.put("changesInRound", changes);
        m.put("spansReceived", received);
        m.put("spansByName", byName);
        m.put("figures", figures(f, floor, spanProcessor, rss, otherWork, received / (double) Math.max(1, changes)));
        m.put("refusedExports", receiver.refused().size());
        out.printf("  propagation p50 %.2f ms, p99 %.2f ms; CPU per change %s; %d spans received for %d changes;"
                + " other work %.0f%% of a core%n", f.propagation().p50(), f.propagation().p99(), f.cpuMsPerChange(),
                received, changes, otherWork);
        return m;
    }

    /**
     * CPU seconds so far of each service's batch span processor threads: where the spans of a trace are queued,
     * batched and handed to the exporter. What tracing adds on the request and consumer threads (starting and ending
     * spans) and the export's HTTP on Vert.x's event loop share their threads with the work itself.
     */
    private static Map<String, Double> spanProcessorCpuSeconds(Stack stack) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (Service s : Service.values()) {
            cpu.put(s.module(), ProcStats.threadCpuSeconds(stack.service(s).running(),
                    name -> name.startsWith("BatchSpanProces")));
        }
        return cpu;
    }

    /** Stops the three services together (a graceful stop: each exports the spans it still holds). */
    private static void stopServices(Stack stack) {
        CompletableFuture.allOf(Arrays.stream(Service.values())
                .map(s -> CompletableFuture.runAsync(() -> stack.service(s).stop(Duration.ofSeconds(30))))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** The figures a share's rounds are compared by, flat, in ms unless the name says otherwise. */
    static Map<String, Double> figures(Phase.Figures f, Stats floor, Map<String, Double> spanProcessor,
            Map<String, Object> rss, double otherWork, double spansPerChange) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("propagation.p50", f.propagation().p50());
        m.put("propagation.p99", f.propagation().p99());
        f.propagationByView().forEach((view, s) -> {
            m.put("propagation." + view + ".p50", s.p50());
            m.put("propagation." + view + ".p99", s.p99());
        });
        m.put("propagation.p50VsFloor", Bench.round(f.propagation().p50() / floor.p50()));
        m.put("propagation.p99VsFloor", Bench.round(f.propagation().p99() / floor.p99()));
        m.put("floor.p50", floor.p50());
        m.put("floor.p99", floor.p99());
        m.put("http.p50", f.http().p50());
        m.put("http.p99", f.http().p99());
        double system = 0;
        for (Map.Entry<String, Double> e : f.cpuMsPerChange().entrySet()) {
            m.put("cpuMsPerChange." + e.getKey(), e.getValue());
            if (!e.getKey().startsWith("bench")) {
                system += e.getValue();
            }
        }
        m.put("cpuMsPerChange.system", Bench.round(system));
        spanProcessor.forEach((service, ms) -> m.put("spanProcessorCpuMsPerChange." + service, ms));
        rss.forEach((service, mb) -> m.put("rssMb." + service, ((Number) mb).doubleValue()));
        m.put("spansPerChange", Bench.round(spansPerChange));
        m.put("otherWorkPercentOfOneCore", Bench.round(otherWork));
        m.put("loadAverage", f.loadAverage());
        return m;
    }

    /** Per share: its rounds' medians, the difference to tracing off, and the spans received per change by name. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> bySetting(List<Map<String, Object>> segments) {
        Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
        Map<String, Object> all = new LinkedHashMap<>();
        for (Share share : shares) {
            List<Map<String, Object>> mine = segments.stream().filter(s -> s.get("setting").equals(share.name()))
                    .toList();
            Map<String, Double> m = medians(mine.stream().map(s -> (Map<String, Double>) s.get("figures")).toList());
            medians.put(share.name(), m);
            Map<String, Integer> spans = new TreeMap<>();
            int changes = 0;
            for (Map<String, Object> s : mine) {
                ((Map<String, Integer>) s.get("spansByName")).forEach((name, n) -> spans.merge(name, n, Integer::sum));
                changes += (Integer) s.get("changesInRound");
            }
            Map<String, Double> perChange = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : spans.entrySet()) {
                perChange.put(e.getKey(), Bench.round(e.getValue() / (double) Math.max(1, changes)));
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put(SAMPLER_ARG, share.samplerArg());
            r.put("rounds", mine.size());
            r.put("medians", m);
            r.put("spansPerChangeByName", perChange);
            all.put(share.name(), r);
        }
        Map<String, Double> off = medians.get("off");
        if (off != null) {
            all.forEach((name, r) -> ((Map<String, Object>) r).put("vsOff", minus(medians.get(name), off)));
        }
        return all;
    }

    private Map<String, Object> describe(OtlpReceiver receiver) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("smoke", settings.smoke());
        m.put("partitions", PARTITIONS);
        m.put("instancesPerConsumerService", 1);
        m.put("shares", shares.stream().map(Share::samplerArg).toList());
        m.put("rounds", rounds);
        m.put("order", schedule(shares, rounds).stream().map(Share::name).toList());
        m.put("floorRoundTrips", settings.floorRoundTrips());
        m.put("warmupChanges", settings.warmupChanges());
        m.put("propagationChanges", settings.changes());
        m.put("propagationRatePerSecond", settings.rate());
        m.put("exporter", "OTLP http/protobuf to test-support's OtlpReceiver in the benchmark's process ("
                + receiver.endpoint() + "), the batch span processor's defaults");
        StackConfig config = settings.stackConfig(PARTITIONS);
        m.put("postgres", config.postgres().describe());
        m.put("serviceJvmOptions", config.serviceJvmOptions());
        return m;
    }

    /** What makes a run's figures meaningless: the measurement did not work as it says. */
    static List<String> problems(JsonNode tree) {
        List<String> problems = new ArrayList<>();
        for (JsonNode r : tree.path("rounds")) {
            String which = "round " + r.path("round").asInt() + ", tracing " + r.path("setting").asText();
            JsonNode p = r.path("propagation");
            if (p.path("errors").asInt() > 0 || p.path("notReportedByViews").asInt() > 0
                    || p.path("propagationMs").path("n").asInt() == 0
                    || r.path("warmUp").path("errors").asInt() > 0
                    || r.path("warmUp").path("notReportedByViews").asInt() > 0) {
                problems.add(which + ": changes failed or were not reported: " + p.path("errors").asInt()
                        + " errors, " + p.path("notReportedByViews").asInt() + " not reported");
            }
            boolean off = r.path(SAMPLER_ARG).asDouble() == 0;
            int spans = r.path("spansReceived").asInt();
            if (off && spans > 0) {
                problems.add(which + ": " + spans + " spans exported with tracing off");
            } else if (!off && spans == 0) {
                problems.add(which + ": no span received (" + r.path("refusedExports").asInt()
                        + " exports refused)");
            }
        }
        return problems;
    }

    /** The tables of a run: per share the medians of its rounds against tracing off, then every round. */
    static String markdown(JsonNode r) {
        StringBuilder md = new StringBuilder();
        JsonNode m = r.path("machine");
        JsonNode s = r.path("settings");
        md.append(String.format("Run %s on %d CPUs (%s), %.1f GB, %s; %s; load average %.2f at the start. make up's"
                + " configuration (%d partitions, 1 instance each); %d round(s) in the order %s, each share's services"
                + " started anew, %d changes of warm-up, then %d measured at %s/s; spans exported to an OTLP receiver"
                + " in the benchmark's process.%n%n", m.path("time").asText(), m.path("cpus").asInt(),
                m.path("cpuModel").asText(), m.path("memoryGb").asDouble(), m.path("java").asText(),
                s.path("postgres").asText(), m.path("loadAverageAtStart").asDouble(), s.path("partitions").asInt(),
                s.path("rounds").asInt(), s.path("order"), s.path("warmupChanges").asInt(),
                s.path("propagationChanges").asInt(), f(s.path("propagationRatePerSecond"))));
        JsonNode by = r.path("bySetting");
        List<String> views = new ArrayList<>();
        JsonNode first = by.elements().hasNext() ? by.elements().next().path("medians") : Report.JSON.nullNode();
        first.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("propagation.") && name.endsWith(".p50") && name.split("\\.").length == 3) {
                views.add(name.substring("propagation.".length(), name.length() - ".p50".length()));
            }
        });
        md.append("Propagation at ").append(f(s.path("propagationRatePerSecond")))
                .append("/s, ms (median of the rounds):\n\n| tracing | until both views p50 / p99 |");
        views.forEach(v -> md.append(' ').append(v).append(" p50 / p99 |"));
        md.append(" p50 / p99 vs off | p50 / p99 vs floor | http p50 |\n|---|---|");
        md.append("---|".repeat(views.size())).append("---|---|---:|\n");
        for (Map.Entry<String, JsonNode> e : by.properties()) {
            JsonNode med = e.getValue().path("medians");
            JsonNode vs = e.getValue().path("vsOff");
            md.append("| ").append(e.getKey()).append(" | ").append(pair(med, "propagation")).append(" |");
            views.forEach(v -> md.append(' ').append(pair(med, "propagation." + v)).append(" |"));
            md.append(' ').append(change(e.getKey(), vs, med, "propagation.p50")).append(" / ")
                    .append(change(e.getKey(), vs, med, "propagation.p99")).append(" | ")
                    .append(Report.times(med.path("propagation.p50VsFloor"))).append(" / ")
                    .append(Report.times(med.path("propagation.p99VsFloor"))).append(" | ")
                    .append(f(med.path("http.p50"))).append(" |\n");
        }
        List<String> processes = new ArrayList<>();
        first.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("cpuMsPerChange.") && !name.equals("cpuMsPerChange.system")) {
                processes.add(name.substring("cpuMsPerChange.".length()));
            }
        });
        md.append("\nCPU per change, ms (median of the rounds; \"system\": all but the benchmark's own process, which"
                + " also runs the OTLP receiver; the span processor threads of investment / compute / distribution),"
                + " spans received per change and RSS after the phase (MB, same order):\n\n| tracing |");
        processes.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append(" system | system vs off | of which the span processor threads | spans per change | RSS MB |\n|---|");
        md.append("---:|".repeat(processes.size())).append("---:|---:|---|---:|---|\n");
        for (Map.Entry<String, JsonNode> e : by.properties()) {
            JsonNode med = e.getValue().path("medians");
            md.append("| ").append(e.getKey()).append(" |");
            processes.forEach(p -> md.append(' ').append(f(med.path("cpuMsPerChange." + p))).append(" |"));
            List<String> rss = valuesUnder(med, "rssMb.");
            List<String> spanProcessor = valuesUnder(med, "spanProcessorCpuMsPerChange.");
            md.append(' ').append(f(med.path("cpuMsPerChange.system"))).append(" | ")
                    .append(change(e.getKey(), e.getValue().path("vsOff"), med, "cpuMsPerChange.system")).append(" | ")
                    .append(spanProcessor.isEmpty() ? "-" : String.join(" / ", spanProcessor)).append(" | ")
                    .append(f(med.path("spansPerChange"))).append(" | ").append(String.join(" / ", rss))
                    .append(" |\n");
        }
        for (Map.Entry<String, JsonNode> e : by.properties()) {
            JsonNode names = e.getValue().path("spansPerChangeByName");
            if (names.isEmpty()) {
                continue;
            }
            md.append(String.format("%nSpans received per change, tracing %s:", e.getKey()));
            names.fields().forEachRemaining(x -> md.append(' ').append(x.getKey()).append(' ')
                    .append(f(x.getValue())).append(';'));
            md.append('\n');
        }
        md.append("\nEvery round:\n\n| round | tracing | propagation p50 / p99 ms | floor p50 / p99 ms"
                + " | system CPU ms per change | spans received | other work on the machine, % of one core"
                + " | load avg |\n"
                + "|---:|---|---|---|---:|---:|---:|---:|\n");
        for (JsonNode round : r.path("rounds")) {
            JsonNode fig = round.path("figures");
            md.append(String.format("| %d | %s | %s | %s | %s | %d | %s | %s |%n", round.path("round").asInt(),
                    round.path("setting").asText(), pair(fig, "propagation"), pair(fig, "floor"),
                    f(fig.path("cpuMsPerChange.system")), round.path("spansReceived").asInt(),
                    f(fig.path("otherWorkPercentOfOneCore")), f(fig.path("loadAverage"))));
        }
        return md.toString();
    }

    /** The figures whose names start with {@code prefix} (one per service or process), in their order, as shown. */
    private static List<String> valuesUnder(JsonNode figures, String prefix) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, JsonNode> x : figures.properties()) {
            if (x.getKey().startsWith(prefix)) {
                values.add(f(x.getValue()));
            }
        }
        return values;
    }

    /** "p50 / p99" of a figure. */
    private static String pair(JsonNode figures, String figure) {
        return f(figures.path(figure + ".p50")) + " / " + f(figures.path(figure + ".p99"));
    }

    /** A share's difference to tracing off, and its part of off's figure: "+1.20 (+9%)"; "-" for off itself. */
    static String change(String share, JsonNode vsOff, JsonNode medians, String figure) {
        JsonNode d = vsOff.path(figure);
        if (share.equals("off") || !d.isNumber()) {
            return "-";
        }
        double delta = d.asDouble();
        double off = medians.path(figure).asDouble() - delta;
        return (delta < 0 ? "-" : "+") + Report.f(Report.JSON.getNodeFactory().numberNode(Math.abs(delta)))
                + String.format(" (%+.0f%%)", 100 * delta / off);
    }

    private static String f(JsonNode n) {
        return Report.f(n);
    }
}
