package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void movesByHand() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        assertEquals(ZoneId.of("Z"), clock.getZone());
        assertEquals(Instant.parse("2026-03-03T10:00:00Z"), clock.advance(Duration.ofDays(2)));
        clock.setDate(LocalDate.of(2026, 12, 31));
        assertEquals(Instant.parse("2026-12-31T00:00:00Z"), clock.instant());
        assertEquals(LocalDate.of(2026, 12, 31), LocalDate.now(clock));

        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.setInstant(Instant.parse("2027-01-01T00:00:00Z"));
        assertEquals(clock.instant(), paris.instant(), "a zone view follows the clock");
    }
}
