package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepsTest {

    @Test
    void aStepDoneInFullAndCaughtUpIsSustained() {
        assertTrue(Steps.sustained(200, 0, 199.5, 0, 0.2, 1));
    }

    @Test
    void ninetyFivePercentOfTheOfferedRateIsEnough() {
        assertTrue(Steps.sustained(200, 0, 190, 0, 0, 1));
        assertFalse(Steps.sustained(200, 0, 189.9, 0, 0, 1));
    }

    @Test
    void anErrorAChangeNeverSeenOrABacklogIsNotSustained() {
        assertFalse(Steps.sustained(200, 1, 200, 0, 0, 1));
        assertFalse(Steps.sustained(200, 0, 200, 1, 0, 1));
        assertFalse(Steps.sustained(200, 0, 200, 0, 1.01, 1));
    }

    @Test
    void viewsThatNeverConvergedAreNotSustained() {
        // catch-up is NaN when the views did not report everything in time
        assertFalse(Steps.sustained(200, 0, 200, 0, Double.NaN, 1));
    }

    @Test
    void aStepHasTheRateForItsLengthAndAtLeastTwentyChanges() {
        assertEquals(2000, Steps.changes(200, 10));
        assertEquals(20, Steps.changes(5, 1));
    }

    @Test
    void servicesAgainstTheBarePipelineAreServicesOverBare() {
        Stats services = new Stats(100, 12, 26, 40, 13);
        Stats bare = new Stats(100, 4, 13, 20, 5);
        Map<String, Object> vs = Steps.servicesVsBare(services, 250, bare, 1000);
        assertEquals(3.0, vs.get("propagationP50"));
        assertEquals(2.0, vs.get("propagationP99"));
        assertEquals(0.25, vs.get("sustained"));
    }

    @Test
    void noBareFigureGivesNoRatio() {
        Map<String, Object> vs = Steps.servicesVsBare(new Stats(1, 5, 5, 5, 5), 250, Stats.EMPTY, 0);
        assertTrue(Double.isNaN((Double) vs.get("propagationP50")));
        assertTrue(Double.isNaN((Double) vs.get("sustained")));
    }

    @Test
    void theRunsThroughputMapsGiveTheRatios() {
        Map<String, Object> bareThroughput = new LinkedHashMap<>();
        bareThroughput.put("sustainedPerSecond", 500.0);
        Map<String, Object> bareProp = new LinkedHashMap<>();
        bareProp.put("propagationMs", new Stats(10, 5, 10, 12, 6));
        Map<String, Object> bare = new LinkedHashMap<>();
        bare.put("propagation", bareProp);
        bare.put("throughput", bareThroughput);
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("sustainedPerSecond", 0); // nothing sustained
        Map<String, Object> vs = Bench.servicesVsBare(new Stats(10, 10, 30, 40, 12), services, bare);
        assertEquals(2.0, vs.get("propagationP50"));
        assertEquals(3.0, vs.get("propagationP99"));
        assertEquals(0.0, vs.get("sustained"));
    }
}
