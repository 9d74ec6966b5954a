package io.dealstream.investment.tranche;

import io.dealstream.events.Limits;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.investment.round.NewRound;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /tranches}: a tranche of an investor's commitment in a round. Without an id the
 * server makes one; {@code expiresOn} is required for a CONTINGENT tranche and refused for an IMMEDIATE one.
 */
public record NewTranche(
        @Schema(description = "Optional: without one the service makes one", examples = "amazon-t3")
        @Size(max = Limits.ID, message = Limits.TOO_LONG) @Pattern(regexp = Limits.ID_PATTERN,
                message = Limits.ID_MESSAGE) String id,
        @Schema(examples = "openai-2026") @NotBlank @Size(max = Limits.ID, message = Limits.TOO_LONG) String roundId,
        @Schema(description = "One of the round's investors", examples = "Amazon")
        @NotBlank @Size(max = Limits.INVESTOR, message = Limits.TOO_LONG) String investor,
        @Schema(description = "USD, at most cents; with the investor's other tranches within its commitment",
                examples = "15000000000.00")
        @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal amount,
        @NotNull TrancheKind kind,
        @Schema(description = "The security the tranche buys", examples = "Series C Preferred")
        @Size(max = Limits.SECURITY, message = Limits.TOO_LONG) String security,
        @Schema(description = "When the money is due, if agreed", examples = "2026-03-31") LocalDate dueOn,
        @Schema(description = "A CONTINGENT tranche's last day; refused for an IMMEDIATE one", examples = "2028-12-31")
        LocalDate expiresOn) {
}
