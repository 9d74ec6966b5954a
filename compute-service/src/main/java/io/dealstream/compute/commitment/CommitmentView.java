package io.dealstream.compute.commitment;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A commitment as the API shows it. */
public record CommitmentView(
        String id,
        String provider,
        String customer,
        String description,
        @Schema(description = "Total spend, USD") BigDecimal totalUsd,
        int years,
        @Schema(description = "First day of contract year 1") LocalDate startsOn,
        @Schema(description = "Last day of the last contract year") LocalDate endsOn,
        @Schema(description = "Contracted capacity in GW; null when the commitment states none (the sources give "
                + "none for aws-2025-11)") BigDecimal capacityGw,
        @Schema(description = "Capacity per chip generation, as contracted") List<GenerationTerms> generations,
        @Schema(description = "STRAIGHT_LINE or GIVEN") Commitment.ScheduleBasis scheduleBasis) {

    static CommitmentView of(Commitment c) {
        return new CommitmentView(c.id, c.provider, c.customer, c.description, c.totalUsd, c.years, c.startsOn,
                c.endsOn(), c.capacityGw, c.generations.stream().map(GenerationTerms::of).toList(), c.scheduleBasis);
    }
}
