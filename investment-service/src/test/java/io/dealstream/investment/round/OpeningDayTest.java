package io.dealstream.investment.round;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dealstream.platform.problem.Problem;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The day a round opened, without Quarkus. */
class OpeningDayTest {

    static final LocalDate TODAY = LocalDate.parse("2026-12-05");

    @Test
    void aRoundWithoutAnOpeningDayOpensToday() {
        assertEquals(TODAY, OpeningDay.of(null, TODAY));
    }

    @Test
    void aRoundMayOpenTodayOrOnAnEarlierDay() {
        assertEquals(TODAY, OpeningDay.of(TODAY, TODAY));
        assertEquals(LocalDate.parse("2026-02-26"), OpeningDay.of(LocalDate.parse("2026-02-26"), TODAY));
    }

    @Test
    void aRoundCannotOpenInTheFuture() {
        Problem p = assertThrows(Problem.class, () -> OpeningDay.of(TODAY.plusDays(1), TODAY));
        assertEquals(422, p.status());
        assertEquals("openedOn: 2026-12-06 is in the future (today is 2026-12-05)", p.getMessage());
        assertEquals(List.of(new Problem.FieldError("openedOn", "2026-12-06 is in the future (today is 2026-12-05)")),
                p.body("/rounds").get("errors"));
    }
}
