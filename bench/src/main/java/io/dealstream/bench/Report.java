package io.dealstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The results as JSON (everything) and as a Markdown table (the figures the targets are about). */
final class Report {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {
    }

    static JsonNode tree(Map<String, Object> results) {
        return JSON.valueToTree(results);
    }

    /**
     * Ends a run: the seconds since {@code startNanos} go into {@code results}, which are written to
     * {@code <results>/<name>-<UTC time>.json}; prints their {@code tables} and where they are. Returns them as JSON.
     */
    static JsonNode publish(Map<String, Object> results, long startNanos, Settings settings, String name,
            Function<JsonNode, String> tables, PrintStream out) throws IOException {
        results.put("seconds", Bench.round((System.nanoTime() - startNanos) / 1e9));
        JsonNode tree = tree(results);
        String stamp = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = settings.results().resolve(name + "-" + stamp + ".json");
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), tree);
        out.println();
        out.println(tables.apply(tree));
        out.printf("results: %s (%.0f s)%n", settings.root().relativize(file.toAbsolutePath()),
                (System.nanoTime() - startNanos) / 1e9);
        return tree;
    }

    /** The Markdown tables of a run. */
    static String markdown(JsonNode r) {
        StringBuilder md = new StringBuilder();
        JsonNode m = r.path("machine");
        md.append(String.format("Run %s on %d CPUs (%s), %.1f GB, %s; %s; load average %.2f at the start.%n%n",
                m.path("time").asText(), m.path("cpus").asInt(), m.path("cpuModel").asText(),
                m.path("memoryGb").asDouble(), m.path("java").asText(), r.path("settings").path("postgres").asText(),
                m.path("loadAverageAtStart").asDouble()));
        md.append("| partitions | instances | floor p50 / p99 ms | propagation p50 / p99 / max ms | p50 / p99 vs floor "
                + "| sustained changes/s | at that rate: http / relay / consumer / view p50 ms | load avg |\n");
        md.append("|---:|---:|---|---|---|---:|---|---:|\n");
        for (JsonNode c : r.path("configurations")) {
            JsonNode floor = c.path("floorMs");
            JsonNode p = c.path("propagation");
            JsonNode at = c.path("throughput").path("atSustained");
            JsonNode stages = at.path("stagesMs");
            StringBuilder where = new StringBuilder();
            for (Iterator<JsonNode> it = stages.elements(); it.hasNext();) {
                where.append(where.length() == 0 ? "" : " / ").append(f(it.next().path("p50")));
            }
            md.append(String.format("| %d | %d | %s / %s | %s / %s / %s | %sx / %sx | %s | %s | %.2f |%n",
                    c.path("partitions").asInt(), c.path("instancesPerConsumerService").asInt(),
                    f(floor.path("p50")), f(floor.path("p99")),
                    f(p.path("propagationMs").path("p50")), f(p.path("propagationMs").path("p99")),
                    f(p.path("propagationMs").path("max")), f(p.path("p50VsFloor")), f(p.path("p99VsFloor")),
                    c.path("throughput").path("sustainedPerSecond").asText(),
                    where.length() == 0 ? "-" : where, p.path("loadAverage").asDouble()));
        }
        md.append(bareTable(r.path("configurations")));
        for (JsonNode c : r.path("configurations")) {
            JsonNode starts = c.path("starts");
            if (starts.isMissingNode()) {
                continue;
            }
            md.append(String.format("%nStart to ready and RSS after load, %d starts each (JVM options %s):%n%n",
                    r.path("settings").path("starts").asInt(), starts.path("jvmOptions")));
            md.append("| service | ready median ms (spread) | RSS after load median MB (spread) | startup archive used "
                    + "| CPU idle before the starts, least |\n");
            md.append("|---|---:|---:|---|---:|\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = starts.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().has("readyMsMedian")) {
                    continue;
                }
                JsonNode s = e.getValue();
                md.append(String.format("| %s | %s (%s) | %s (%s) | %s | %s |%n", e.getKey(),
                        f(s.path("readyMsMedian")), f(s.path("readyMsSpread")), f(s.path("rssMbMedian")),
                        f(s.path("rssMbSpread")),
                        archiveUse(s.has("aotCache") ? s.path("aotCache") : s.path("classDataArchive")),
                        leastIdle(s.path("cpuIdleBeforeStart"))));
            }
            md.append(nativeMemoryTable(starts.path("nativeMemory")));
            int cpus = r.path("machine").path("cpus").asInt();
            JsonNode sustained = c.path("throughput").path("atSustained");
            if (!sustained.isMissingNode() && !sustained.isNull()) {
                // what a change costs in CPU where the pipeline batches most bounds the rate the machine can carry
                double system = cpuPerChange(md.append(String.format("%nCPU per change at the sustained rate (%s"
                        + " changes/s, ms):", c.path("throughput").path("sustainedPerSecond").asText())), sustained);
                md.append(String.format(" the system %.2f ms in all, a ceiling of ~%.0f changes/s on %d CPUs.%n",
                        system, cpus * 1000 / Math.max(0.001, system), cpus));
                if (sustained.has("cpuWaitMsPerChange")) {
                    // ready to run but no free core: the queueing that a saturated machine adds to every stage
                    md.append(String.format("%nWaiting for a CPU per change at that rate (ms, runnable threads"
                            + " without a free core):"));
                    sustained.path("cpuWaitMsPerChange").fields().forEachRemaining(
                            e -> md.append(' ').append(e.getKey()).append(' ').append(f(e.getValue())).append(';'));
                    md.append('\n');
                }
            }
            JsonNode propagation = c.path("propagation");
            if (!propagation.path("cpuMsPerChange").isMissingNode()) {
                double system = cpuPerChange(md.append(String.format("%nCPU per change in the propagation phase (%s"
                        + " changes/s, ms):", f(propagation.path("offeredPerSecond")))), propagation);
                md.append(String.format(" the system %.2f ms in all: polls, timers and batches of one weigh more per"
                        + " change at a low rate.%n", system));
            }
        }
        return md.toString();
    }

    /**
     * The bare pipeline beside the services, per configuration that measured it; empty if none did. The ratios are
     * services / bare: what the frameworks and the services' code add to the design's own cost.
     */
    static String bareTable(JsonNode configurations) {
        StringBuilder md = new StringBuilder();
        for (JsonNode c : configurations) {
            JsonNode bare = c.path("barePipeline");
            if (bare.isMissingNode() || bare.isNull()) {
                continue;
            }
            if (md.length() == 0) {
                md.append(String.format("%nBare pipeline (the same database and Kafka work per change, plain JDBC and"
                        + " kafka-clients in one process, %s writers; same PostgreSQL and broker):%n%n",
                        bare.path("writers").asText("?")));
                md.append("| partitions | instances | bare pipeline p50 / p99 / max ms | services p50 / p99 ms "
                        + "| sustained changes/s: bare / services | services vs bare: p50 / p99 / sustained |\n");
                md.append("|---:|---:|---|---|---|---|\n");
            }
            JsonNode bp = bare.path("propagation").path("propagationMs");
            // measured once per partition count: a further configuration says where its figures come from
            int measuredWith = bare.path("measuredWithInstances").asInt(c.path("instancesPerConsumerService").asInt());
            String from = measuredWith == c.path("instancesPerConsumerService").asInt() ? ""
                    : " (as with " + measuredWith + ")";
            JsonNode sp = c.path("propagation").path("propagationMs");
            JsonNode vs = c.path("servicesVsBare");
            md.append(String.format("| %d | %s | %s / %s / %s%s | %s / %s | %s / %s | %s / %s / %s |%n",
                    c.path("partitions").asInt(), c.path("instancesPerConsumerService").asInt() > 0
                            ? c.path("instancesPerConsumerService").asText() : "-", f(bp.path("p50")),
                    f(bp.path("p99")), f(bp.path("max")), from, f(sp.path("p50")), f(sp.path("p99")),
                    rate(bare.path("throughput").path("sustainedPerSecond")),
                    rate(c.path("throughput").path("sustainedPerSecond")), times(vs.path("propagationP50")),
                    times(vs.path("propagationP99")), times(vs.path("sustained"))));
        }
        return md.toString();
    }

    /**
     * Native Memory Tracking's committed MB by category (the categories that reach 1 MB in a service), one column per
     * service, with its RSS; empty for runs from before it was measured.
     */
    static String nativeMemoryTable(JsonNode nativeMemory) {
        if (nativeMemory.isMissingNode() || nativeMemory.isEmpty()) {
            return "";
        }
        List<String> services = new ArrayList<>();
        nativeMemory.fieldNames().forEachRemaining(services::add);
        Set<String> categories = new LinkedHashSet<>();
        for (String service : services) {
            nativeMemory.path(service).path("committedMb").fields().forEachRemaining(e -> {
                if (e.getValue().asDouble() >= 1 && !e.getKey().equals("Total")) {
                    categories.add(e.getKey());
                }
            });
        }
        categories.add("Total");
        StringBuilder md = new StringBuilder(String.format("%nWhere the memory goes: one more start of each with"
                + " Native Memory Tracking (summary), the same load, then committed MB by category:%n%n| category |"));
        services.forEach(s -> md.append(' ').append(s).append(" |"));
        md.append("\n|---|").append("---:|".repeat(services.size())).append('\n');
        for (String category : categories) {
            md.append("| ").append(category).append(" |");
            services.forEach(s -> md.append(' ')
                    .append(f(nativeMemory.path(s).path("committedMb").path(category))).append(" |"));
            md.append('\n');
        }
        md.append("| RSS |");
        services.forEach(s -> md.append(' ').append(f(nativeMemory.path(s).path("rssMb"))).append(" |"));
        md.append('\n');
        return md.toString();
    }

    /** Appends a phase's CPU per change by process, and the JIT compilers' part; returns the system's total. */
    private static double cpuPerChange(StringBuilder md, JsonNode phase) {
        double system = 0;
        JsonNode jit = phase.path("jitCpuMsPerChange");
        for (Iterator<Map.Entry<String, JsonNode>> it = phase.path("cpuMsPerChange").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            md.append(' ').append(e.getKey()).append(' ').append(f(e.getValue()));
            if (jit.has(e.getKey())) {
                md.append(" (JIT ").append(f(jit.path(e.getKey()))).append(')');
            }
            md.append(';');
            if (!e.getKey().startsWith("bench")) {
                system += e.getValue().asDouble();
            }
        }
        return system;
    }


    /** The least idle share of the CPUs before a start, in %; "-" for runs from before it was recorded. */
    private static String leastIdle(JsonNode shares) {
        if (!shares.isArray() || shares.isEmpty()) {
            return "-";
        }
        double least = Double.MAX_VALUE;
        for (JsonNode share : shares) {
            least = Math.min(least, share.asDouble());
        }
        return String.format("%.0f%%", 100 * least);
    }

    /** "used", "not used", or how many of the starts used it; "-" for runs from before it was recorded. */
    private static String archiveUse(JsonNode starts) {
        if (!starts.isArray() || starts.isEmpty()) {
            return "-";
        }
        int used = 0;
        for (JsonNode start : starts) {
            used += start.asBoolean() ? 1 : 0;
        }
        return used == starts.size() ? "used" : used == 0 ? "not used" : used + " of " + starts.size() + " starts";
    }

    /** Changes per second, whole: "250", "0", or "-" when there is none. */
    private static String rate(JsonNode n) {
        return f(n).equals("-") ? "-" : String.format("%.0f", n.asDouble());
    }

    /** A ratio: "2.50x", or "-" when there is none. */
    static String times(JsonNode n) {
        String v = f(n);
        return v.equals("-") ? v : v + "x";
    }

    static String f(JsonNode n) {
        // NaN: a figure the phase could not give (no sample, no sustained step)
        if (n.isMissingNode() || n.isNull() || !n.isNumber() || Double.isNaN(n.asDouble())) {
            return "-";
        }
        double v = n.asDouble();
        return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
