package io.dealstream.compute.capacity;

import io.dealstream.testsupport.MutableClock;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Instant;

/** The service clock, moved by hand in tests whose profile enables it (it replaces the platform's UTC clock). */
@Alternative
@Singleton
public class TestClock extends MutableClock {

    public TestClock() {
        super(Instant.parse("2026-06-01T00:00:00Z"));
    }
}
