package io.dealstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** The results as JSON (everything) and as a Markdown table (the figures the targets are about). */
final class Report {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {
    }

    static JsonNode tree(Map<String, Object> results) {
        return JSON.valueToTree(results);
    }

    static void write(Path file, JsonNode results) throws IOException {
        Files.createDirectories(file.getParent());
        JSON.writeValue(file.toFile(), results);
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
        for (JsonNode c : r.path("configurations")) {
            JsonNode starts = c.path("starts");
            if (starts.isMissingNode()) {
                continue;
            }
            md.append(String.format("%nStart to ready and RSS after load, %d starts each (JVM options %s):%n%n",
                    r.path("settings").path("starts").asInt(), starts.path("jvmOptions")));
            md.append("| service | ready median ms (spread) | RSS after load median MB (spread) |\n");
            md.append("|---|---:|---:|\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = starts.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().has("readyMsMedian")) {
                    continue;
                }
                JsonNode s = e.getValue();
                md.append(String.format("| %s | %s (%s) | %s (%s) |%n", e.getKey(), f(s.path("readyMsMedian")),
                        f(s.path("readyMsSpread")), f(s.path("rssMbMedian")), f(s.path("rssMbSpread"))));
            }
            JsonNode perChange = c.path("propagation").path("cpuMsPerChange");
            if (!perChange.isMissingNode()) {
                double system = 0;
                StringBuilder parts = new StringBuilder();
                for (Iterator<Map.Entry<String, JsonNode>> it = perChange.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    parts.append(' ').append(e.getKey()).append(' ').append(f(e.getValue())).append(';');
                    if (!e.getKey().startsWith("bench")) {
                        system += e.getValue().asDouble();
                    }
                }
                // what a change costs in CPU bounds the rate the machine can carry, however busy it is otherwise
                md.append(String.format("%nCPU per change in the propagation phase (ms):%s the system %.2f ms in all,"
                        + " a ceiling of ~%.0f changes/s on %d CPUs.%n", parts, system,
                        r.path("machine").path("cpus").asInt() * 1000 / Math.max(0.001, system),
                        r.path("machine").path("cpus").asInt()));
                JsonNode jit = c.path("propagation").path("jitCpuMsPerChange");
                if (jit.size() > 0) {
                    md.append("Of which the JIT compilers (warm-up still under way):");
                    jit.fields().forEachRemaining(e -> md.append(' ').append(e.getKey()).append(' ')
                            .append(f(e.getValue())).append(';'));
                    md.append('\n');
                }
            }
            JsonNode cpu = c.path("throughput").path("atSustained").path("cpuPercentOfOneCore");
            if (!cpu.isMissingNode()) {
                md.append(String.format("%nCPU at the sustained rate (%s changes/s, %% of one core):",
                        c.path("throughput").path("sustainedPerSecond").asText()));
                cpu.fields().forEachRemaining(e -> md.append(' ').append(e.getKey()).append(' ')
                        .append(f(e.getValue())).append(';'));
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String f(JsonNode n) {
        if (n.isMissingNode() || n.isNull() || !n.isNumber()) {
            return "-";
        }
        double v = n.asDouble();
        return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
