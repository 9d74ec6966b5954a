package io.dealstream.investment.tranche;

import io.dealstream.events.Limits;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The body of {@code POST /tranches/{id}/funding}: the money paid in (the full amount) and when. */
public record Funding(
        @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal amount,
        @NotNull LocalDate fundedOn) {
}
