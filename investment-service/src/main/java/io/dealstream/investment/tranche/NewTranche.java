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

/**
 * The body of {@code POST /tranches}: a tranche of an investor's commitment in a round. Without an id the
 * server makes one; {@code expiresOn} is required for a CONTINGENT tranche and refused for an IMMEDIATE one.
 */
public record NewTranche(
        @Size(max = Limits.ID, message = Limits.TOO_LONG) @Pattern(regexp = Limits.ID_PATTERN,
                message = Limits.ID_MESSAGE) String id,
        @NotBlank @Size(max = Limits.ID, message = Limits.TOO_LONG) String roundId,
        @NotBlank @Size(max = Limits.INVESTOR, message = Limits.TOO_LONG) String investor,
        @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal amount,
        @NotNull TrancheKind kind,
        @Size(max = Limits.SECURITY, message = Limits.TOO_LONG) String security,
        LocalDate dueOn,
        LocalDate expiresOn) {
}
