package io.dealstream.investment.tranche;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The body of {@code POST /tranches/{id}/funding}: the money paid in (the full amount) and when. */
public record Funding(
        @NotNull @Positive @Digits(integer = 17, fraction = 2) BigDecimal amount,
        @NotNull LocalDate fundedOn) {
}
