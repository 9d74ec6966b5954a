package io.dealstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    @Test
    void aTrackedJvmReportsItsCommittedMemoryByCategoryWithTheHeapAtItsCommittedSize() throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Process jvm = new ProcessBuilder(java.toString(), NativeMemory.TRACKING, "-Xms64m", "-Xmx64m",
                "-XX:+UseSerialGC", "-XX:+AlwaysPreTouch", "-cp", System.getProperty("java.class.path"),
                Idle.class.getName()).redirectErrorStream(true).start();
        try {
            assertEquals('r', jvm.getInputStream().read(), "the tracked JVM did not start");
            Map<String, Double> committed = NativeMemory.committedMb(jvm.pid());
            assertEquals(64.0, committed.get("Java Heap"), committed::toString);
            assertTrue(committed.containsKey("Class") && committed.containsKey("Thread"), committed::toString);
            assertEquals("Total", List.copyOf(committed.keySet()).get(committed.size() - 1));
            double categories = committed.entrySet().stream().filter(e -> !e.getKey().equals("Total"))
                    .mapToDouble(Map.Entry::getValue).sum();
            assertEquals(committed.get("Total"), categories, 0.1 * committed.size(), committed::toString);
        } finally {
            jvm.destroyForcibly().waitFor();
        }
    }

    @Test
    void aSummaryWithoutTrackingIsRefusedNamingWhatCameBack() {
        IOException e = assertThrows(IOException.class,
                () -> NativeMemory.parse(List.of("Native memory tracking is not enabled")));
        assertTrue(e.getMessage().contains("Native memory tracking is not enabled"), e.getMessage());
    }

    /** A JVM that says it is ready and waits to be killed. */
    public static final class Idle {
        public static void main(String[] args) throws InterruptedException {
            System.out.print('r');
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
