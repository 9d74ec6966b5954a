package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** `auto` asks for Docker on every test run, so the answer must come fast, engine or not. */
class DockerProbeTest {

    @Test
    void answersWithinItsBound() {
        long t0 = System.nanoTime();
        boolean available = KafkaHost.dockerAvailable();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Logger.getLogger(DockerProbeTest.class).infof("Docker available: %s (probe took %d ms)", available, millis);
        assertTrue(millis < 12_000, "the probe took " + millis + " ms");
    }
}
