package io.dealstream.testsupport;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand (e.g. past a tranche's expiry), used in place of the services' UTC clock.
 * Thread-safe: the app's threads read it while the test moves it. In a {@code @QuarkusTest} it is the app's clock
 * where selected: for a service's every test with {@code %test.quarkus.arc.selected-alternatives}, for one test
 * profile with its enabled alternatives; it starts at the current time.
 */
@Alternative
@Singleton
public class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** Starts at the current time. */
    public MutableClock() {
        this(Instant.now());
    }

    public MutableClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public void setInstant(Instant instant) {
        now.set(instant);
    }

    /** Moves the time forward (or back, for a negative amount) and returns the new instant. */
    public Instant advance(Duration amount) {
        return now.updateAndGet(instant -> instant.plus(amount));
    }

    /** Moves the time to the start of that day, UTC. */
    public void setDate(LocalDate date) {
        setInstant(date.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time, so moving either moves both. */
    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(this.zone) ? this : new MutableClock(now, zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "," + zone + "]";
    }
}
