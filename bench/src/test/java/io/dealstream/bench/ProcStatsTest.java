package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void theWaitForACpuCountsEachThreadsGrowthAndANewThreadWhollyButNeverAThreadThatEnded() {
        Map<Long, Long> before = Map.of(11L, 5_000_000L, 12L, 900_000_000L);
        // thread 12 ended (its 900 ms are gone), 11 waited 20 ms more, 13 started and waited 3 ms
        Map<Long, Long> after = Map.of(11L, 25_000_000L, 13L, 3_000_000L);
        assertEquals(0.023, ProcStats.runQueueSeconds(before, after), 1e-12);
        assertEquals(0.0, ProcStats.runQueueSeconds(after, after), 1e-12);
    }

    @Test
    void thisJvmsThreadsAreReadFromProcWithTheirWaitSoFar() {
        Map<Long, Long> threads = ProcStats.runQueueNanosByThread(Optional.of(ProcessHandle.current()));
        assertTrue(threads.containsKey(ProcessHandle.current().pid()), "the main thread's id is the pid: " + threads);
        assertTrue(threads.values().stream().allMatch(n -> n >= 0), threads::toString);
    }
}
