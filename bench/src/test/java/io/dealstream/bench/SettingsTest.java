package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings settings(Map<String, String> env, boolean smoke) {
        return Settings.fromEnvironment(Path.of("/tmp/root"), env::get, smoke);
    }

    @Test
    void theBarePipelineStepsOnPastTheServicesHighestStep() {
        Settings s = settings(Map.of("BENCH_STEPS", "100,200,400"), false);
        assertEquals(List.of(100.0, 200.0, 400.0, 600.0, 800.0, 1200.0), s.bareSteps());
        assertEquals(List.of(100.0, 200.0, 400.0), s.steps());
    }

    @Test
    void theBarePipelineTakesTheServicesChangeCountUnlessToldOtherwise() {
        assertEquals(700, settings(Map.of("BENCH_CHANGES", "700"), false).bareChanges());
        assertEquals(90, settings(Map.of("BENCH_CHANGES", "700", "BENCH_BARE_CHANGES", "90"), false).bareChanges());
        assertTrue(settings(Map.of(), false).bare());
        assertFalse(settings(Map.of("BENCH_BARE", "0"), false).bare());
    }

    @Test
    void theSmokeRunsAFewDozenChangesAndOneStep() {
        Settings s = settings(Map.of(), true);
        assertEquals(40, s.bareChanges());
        assertEquals(20, s.bareWarmupChanges());
        assertEquals(List.of(200.0), s.bareSteps());
    }

    @Test
    void explicitBareStepsWin() {
        assertEquals(List.of(50.0, 5000.0), settings(Map.of("BENCH_BARE_STEPS", "50, 5000"), false).bareSteps());
    }
}
