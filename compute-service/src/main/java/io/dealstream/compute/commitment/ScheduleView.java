package io.dealstream.compute.commitment;

import io.dealstream.compute.commitment.SpendSchedule.ContractYear;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A commitment's spend per contract year; the years add up exactly to the total. */
public record ScheduleView(
        String commitmentId,
        @Schema(description = "Total spend, USD; equals the sum of the years") BigDecimal totalUsd,
        @Schema(description = "STRAIGHT_LINE (total / years rounded down to the cent, the remainder in the last "
                + "year) or GIVEN") Commitment.ScheduleBasis basis,
        @Schema(description = "Contract year n runs from startsOn + (n-1) years to the day before startsOn + n years")
        List<ContractYear> years) {

    static ScheduleView of(Commitment c) {
        return new ScheduleView(c.id, c.totalUsd, c.scheduleBasis, SpendSchedule.years(c.startsOn, c.spendUsd));
    }
}
