package io.dealstream.compute.commitment;

import io.dealstream.events.Limits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /commitments}. Money in USD with at most cents; GW with at most 3 decimals. */
@Schema(description = "A compute commitment to add beside the deal's two (which are seeded at first start).")
public record NewCommitment(
        @Schema(description = "Unique id: 1 to 64 letters, digits, '.', '_' or '-'", examples = "aws-2027-01-pilot")
        @NotBlank @Size(max = Limits.ID, message = Limits.TOO_LONG)
        @Pattern(regexp = Limits.ID_PATTERN, message = Limits.ID_MESSAGE) String id,
        @Schema(examples = "AWS") @NotBlank @Size(max = Limits.PARTY, message = Limits.TOO_LONG) String provider,
        @Schema(examples = "OpenAI") @NotBlank @Size(max = Limits.PARTY, message = Limits.TOO_LONG) String customer,
        @Schema(examples = "A pilot of Trainium capacity") @Size(max = Limits.COMMITMENT_DESCRIPTION,
                message = Limits.TOO_LONG) String description,
        @Schema(description = "Total spend over the commitment, USD", examples = "38000000000.00")
        @NotNull @Positive @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal totalUsd,
        @Schema(description = "Contract years, 1 to 30", examples = "7")
        @NotNull @Min(1) @Max(30) Integer years,
        @Schema(description = "First day of contract year 1", examples = "2025-11-01")
        @NotNull LocalDate startsOn,
        @Schema(description = "Contracted capacity in GW; omit when the commitment states none", examples = "0.5")
        @PositiveOrZero @Digits(integer = 6, fraction = 3) BigDecimal capacityGw,
        @Schema(description = "Capacity per chip generation, adding up exactly to capacityGw; omitted, the whole "
                + "capacity is one generation named 'unspecified', deliverable from startsOn")
        @Size(max = 16) List<@NotNull @Valid GenerationTerms> generations,
        @Schema(description = "Spend per contract year in USD, year 1 first: exactly one amount per year, adding up "
                + "exactly to totalUsd. Omitted: straight-line (totalUsd / years rounded down to the cent, the "
                + "remainder in the last year).", examples = "[5000000000.00, 5000000000.00]")
        @Size(max = 30) List<@NotNull @PositiveOrZero @Digits(integer = Limits.MONEY_INTEGER_DIGITS, fraction = Limits.MONEY_SCALE) BigDecimal> schedule) {
}
