package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class ReportTest {

    private static Map<String, Object> configuration(boolean withBare) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("partitions", 3);
        c.put("instancesPerConsumerService", 1);
        c.put("floorMs", new Stats(10, 1.5, 9, 10, 2));
        c.put("propagation", Map.of("propagationMs", new Stats(10, 12.4, 25.9, 43.4, 13)));
        c.put("throughput", Map.of("sustainedPerSecond", 250.0));
        if (withBare) {
            Map<String, Object> bare = new LinkedHashMap<>();
            bare.put("writers", 8);
            bare.put("propagation", Map.of("propagationMs", new Stats(10, 4.1, 9.5, 12.25, 5)));
            bare.put("throughput", Map.of("sustainedPerSecond", 1000.0));
            c.put("barePipeline", bare);
            c.put("servicesVsBare", Map.of("propagationP50", 3.02, "propagationP99", 2.73, "sustained", 0.25));
        }
        return c;
    }

    @SafeVarargs
    private static JsonNode run(Map<String, Object>... configurations) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("machine", Map.of("cpus", 2));
        r.put("configurations", List.of(configurations));
        return Report.tree(r);
    }

    @Test
    void theBarePipelineHasATableOfItsOwnWithTheRatios() {
        String md = Report.markdown(run(configuration(true)));
        assertTrue(md.contains("| partitions | instances | bare pipeline p50 / p99 / max ms | services p50 / p99 ms"
                + " | sustained changes/s: bare / services | services vs bare: p50 / p99 / sustained |"), md);
        assertTrue(md.contains("| 3 | 1 | 4.10 / 9.50 / 12.3 | 12.4 / 25.9 | 1000 / 250 | 3.02x / 2.73x / 0.25x |"),
                md);
    }

    @Test
    void aRunWithoutTheBarePipelineHasNoSuchTable() {
        assertEquals("", Report.bareTable(run(configuration(false)).path("configurations")));
        assertFalse(Report.markdown(run(configuration(false))).contains("Bare pipeline"));
    }

    @Test
    void theBarePipelineAloneShowsNoServicesFigures() {
        Map<String, Object> c = configuration(true);
        c.put("instancesPerConsumerService", 0);
        c.remove("propagation");
        c.remove("throughput");
        c.remove("servicesVsBare");
        String md = Report.bareTable(run(c).path("configurations"));
        assertTrue(md.contains("| 3 | - | 4.10 / 9.50 / 12.3 | - / - | 1000 / - | - / - / - |"), md);
    }

    @Test
    void aConfigurationReusingTheBarePipelineOfItsPartitionCountSaysSo() {
        Map<String, Object> one = configuration(true);
        ((Map<String, Object>) one.get("barePipeline")).put("measuredWithInstances", 1);
        Map<String, Object> two = configuration(true);
        two.put("instancesPerConsumerService", 2);
        two.put("barePipeline", one.get("barePipeline"));
        String md = Report.bareTable(run(one, two).path("configurations"));
        assertTrue(md.contains("| 3 | 1 | 4.10 / 9.50 / 12.3 | 12.4"), md);
        assertTrue(md.contains("| 3 | 2 | 4.10 / 9.50 / 12.3 (as with 1) | 12.4"), md);
    }

    @Test
    void servicesThatSustainedNothingShowZero() {
        Map<String, Object> c = configuration(true);
        c.put("throughput", Map.of("sustainedPerSecond", 0));
        assertTrue(Report.bareTable(run(c).path("configurations")).contains("| 1000 / 0 |"));
    }

    @Test
    void aRatioThatCouldNotBeComputedShowsAsADash() {
        Map<String, Object> c = configuration(true);
        c.put("servicesVsBare", Steps.servicesVsBare(new Stats(1, 5, 5, 5, 5), 250, Stats.EMPTY, 0));
        String md = Report.bareTable(run(c).path("configurations"));
        assertTrue(md.contains("| - / - / - |"), md);
    }

    @Test
    void theNativeMemoryTableListsCategoriesOfAMegabyteOrMoreOneColumnPerServiceWithTheTotalAndRss() {
        Map<String, Object> nmt = new LinkedHashMap<>();
        nmt.put("investment-service", Map.of("rssMb", 201.5, "committedMb",
                mapOf("Java Heap", 40.0, "Class", 30.5, "Tracing", 0.2, "Total", 150.25)));
        nmt.put("compute-service", Map.of("rssMb", 190.0, "committedMb",
                mapOf("Java Heap", 38.0, "Class", 29.0, "Tracing", 1.5, "Total", 140.0)));
        String md = Report.nativeMemoryTable(Report.tree(nmt));
        assertTrue(md.contains("| category | investment-service | compute-service |\n|---|---:|---:|\n"), md);
        assertTrue(md.contains("| Java Heap | 40.0 | 38.0 |\n| Class | 30.5 | 29.0 |\n| Tracing | 0.20 | 1.50 |\n"
                + "| Total | 150 | 140 |\n| RSS | 202 | 190 |\n"), md);
        assertEquals("", Report.nativeMemoryTable(Report.tree(Map.of())));
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
