package io.dealstream.investment.tranche;

import io.dealstream.events.Limits;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /tranches/{id}/funding}: the money paid in (the full amount) and when. */
public record Funding(
        @Schema(description = "USD: the tranche's whole amount", examples = "15000000000.00")
        @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal amount,
        @Schema(description = "Not before the round opened, not after today", examples = "2026-03-31")
        @NotNull LocalDate fundedOn) {
}
