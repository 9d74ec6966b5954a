package io.dealstream.investment.round;

import io.dealstream.events.Limits;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An investor's commitment in a round, in USD, as the API reads and writes it. */
public record InvestorCommitment(
        @Schema(examples = "Amazon") @NotBlank @Size(max = Limits.INVESTOR, message = Limits.TOO_LONG) String investor,
        @Schema(description = "USD", examples = "50000000000.00") @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal committed) {
}
