package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingCostTest {

    @Test
    void eachRoundRunsEveryShareOnceStartingOneShareFurtherOn() {
        assertEquals(List.of("off", "100%", "10%", "100%", "10%", "off", "10%", "off", "100%"),
                TracingCost.schedule(List.of("off", "100%", "10%"), 3));
    }

    @Test
    void overAsManyRoundsAsSharesEachShareRunsInEachPlaceOfARoundOnce() {
        List<String> order = TracingCost.schedule(List.of("a", "b", "c"), 3);
        for (int place = 0; place < 3; place++) {
            assertEquals(List.of("a", "b", "c"),
                    List.of(order.get(place), order.get(3 + place), order.get(6 + place)).stream().sorted().toList());
        }
    }

    @Test
    void oneRoundIsTheSharesInTheirOrder() {
        assertEquals(List.of("off", "100%", "10%"), TracingCost.schedule(List.of("off", "100%", "10%"), 1));
    }

    @Test
    void aShareIsNamedByItsPercentageAndZeroIsOff() {
        assertEquals(new TracingCost.Share("off", "0"), TracingCost.Share.of("0"));
        assertEquals(new TracingCost.Share("100%", "1"), TracingCost.Share.of("1"));
        assertEquals(new TracingCost.Share("10%", "0.1"), TracingCost.Share.of(" 0.1 "));
        assertEquals(new TracingCost.Share("100%", "1.0"), TracingCost.Share.of("1.0"));
        assertEquals(new TracingCost.Share("2.5%", "0.025"), TracingCost.Share.of("0.025"));
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TracingCost.Share.of("1.5"));
        assertThrows(IllegalArgumentException.class, () -> TracingCost.Share.of("-0.1"));
    }

    @Test
    void eachFigureIsTheMedianOfItsRounds() {
        Map<String, Double> medians = TracingCost.medians(List.of(
                Map.of("propagation.p50", 14.0, "cpuMsPerChange.system", 20.0),
                Map.of("propagation.p50", 30.0, "cpuMsPerChange.system", 21.5),
                Map.of("propagation.p50", 12.5, "cpuMsPerChange.system", 19.0)));
        assertEquals(Map.of("propagation.p50", 14.0, "cpuMsPerChange.system", 20.0), medians);
    }

    @Test
    void aRoundWithoutAFigureLeavesTheMedianToTheOthers() {
        Map<String, Double> medians = TracingCost.medians(List.of(
                Map.of("propagation.p99", 40.0),
                Map.of("propagation.p99", Double.NaN),
                Map.of("propagation.p99", 36.0, "spansPerChange", 6.0)));
        // nearest rank: of two, the lower
        assertEquals(Map.of("propagation.p99", 36.0, "spansPerChange", 6.0), medians);
    }

    @Test
    void theDifferenceToOffIsTheShareMinusOffFigureByFigure() {
        Map<String, Double> share = new LinkedHashMap<>();
        share.put("propagation.p50", 15.25);
        share.put("cpuMsPerChange.system", 23.0);
        share.put("spansPerChange", 6.1);
        Map<String, Double> off = Map.of("propagation.p50", 14.0, "cpuMsPerChange.system", 20.5);
        assertEquals(Map.of("propagation.p50", 1.25, "cpuMsPerChange.system", 2.5),
                TracingCost.minus(share, off));
    }

    @Test
    void theChangeToOffIsShownWithItsPartOfOffsFigure() {
        JsonNode medians = Report.tree(Map.of("propagation.p50", 15.0));
        JsonNode vsOff = Report.tree(Map.of("propagation.p50", 3.0));
        assertEquals("+3.00 (+25%)", TracingCost.change("100%", vsOff, medians, "propagation.p50"));
        assertEquals("-12.0 (-44%)", TracingCost.change("10%", Report.tree(Map.of("propagation.p50", -12.0)),
                medians, "propagation.p50"));
        assertEquals("-", TracingCost.change("off", Report.tree(Map.of("propagation.p50", 0.0)), medians,
                "propagation.p50"));
    }

    @Test
    void spansWithTracingOffOrNoneWithTracingOnMakeTheRunMeaningless() {
        Map<String, Object> off = round(1, "off", "0", 12);
        Map<String, Object> on = round(1, "100%", "1", 0);
        Map<String, Object> fine = round(2, "10%", "0.1", 40);
        assertEquals(List.of("round 1, tracing off: 12 spans exported with tracing off",
                "round 1, tracing 100%: no span received (0 exports refused)"),
                TracingCost.problems(Report.tree(Map.of("rounds", List.of(off, on, fine)))));
    }

    @Test
    void aChangeTheViewsNeverReportedMakesTheRunMeaningless() {
        Map<String, Object> r = round(1, "100%", "1", 600);
        r.put("propagation", Map.of("errors", 0, "notReportedByViews", 2, "propagationMs",
                new Stats(98, 12, 30, 40, 14)));
        assertEquals(List.of("round 1, tracing 100%: changes failed or were not reported: 0 errors, 2 not reported"),
                TracingCost.problems(Report.tree(Map.of("rounds", List.of(r)))));
    }

    private static Map<String, Object> round(int round, String setting, String samplerArg, int spans) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("round", round);
        r.put("setting", setting);
        r.put(TracingCost.SAMPLER_ARG, samplerArg);
        r.put("warmUp", Map.of("changes", 100, "errors", 0, "notReportedByViews", 0));
        r.put("propagation", Map.of("errors", 0, "notReportedByViews", 0, "propagationMs",
                new Stats(100, 12, 30, 40, 14)));
        r.put("spansReceived", spans);
        r.put("refusedExports", 0);
        return r;
    }
}
