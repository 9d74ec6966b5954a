package io.dealstream.investment.round;

import io.dealstream.platform.problem.Problem;
import java.time.LocalDate;

/**
 * The day a round opened (plain Java): as {@code POST /rounds} gives it, or today by the service's clock; never in the
 * future. Its tranches are not funded, triggered or due before it (tranche/TrancheLifecycle).
 */
public final class OpeningDay {

    private OpeningDay() {
    }

    /** {@code requested}, or {@code today} when none is given; a 422 on {@code openedOn} when it is after today. */
    public static LocalDate of(LocalDate requested, LocalDate today) {
        if (requested == null) {
            return today;
        }
        if (requested.isAfter(today)) {
            throw Problem.unprocessable("openedOn", requested + " is in the future (today is " + today + ")");
        }
        return requested;
    }
}
