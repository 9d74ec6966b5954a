package io.dealstream.investment.round;

import io.dealstream.events.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /rounds}. Amounts in USD with at most cents; at most {@link Limits#ROUND_INVESTORS}
 * investors (none is allowed); {@code openedOn}, the day the round opened, is optional (today, by the service's clock)
 * and may not be in the future.
 */
public record NewRound(
        @Schema(examples = "openai-2026-extension") @NotBlank @Size(max = Limits.ID, message = Limits.TOO_LONG)
        @Pattern(regexp = Limits.ID_PATTERN, message = Limits.ID_MESSAGE) String id,
        @Schema(examples = "OpenAI 2026 extension") @NotBlank @Size(max = Limits.ROUND_NAME, message = Limits.TOO_LONG)
        String name,
        @Schema(description = "What the round raises, USD", examples = "110000000000.00")
        @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal amount,
        @Schema(description = "USD", examples = "730000000000.00")
        @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal preMoneyValuation,
        @NotNull @Size(max = Limits.ROUND_INVESTORS, message = "must list at most {max} investors")
        List<@NotNull @Valid InvestorCommitment> investors,
        @Schema(description = "Optional, today by default; never in the future", examples = "2026-02-26")
        LocalDate openedOn) {
}
