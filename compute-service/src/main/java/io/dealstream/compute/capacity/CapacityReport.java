package io.dealstream.compute.capacity;

import io.dealstream.compute.capacity.ReleaseRule.ReleaseOn;
import io.dealstream.fundingview.LastAppliedEvent;
import io.dealstream.fundingview.InvestorFunding;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The capacity of every commitment that states one, with the funding it was decided from. */
public record CapacityReport(
        @Schema(description = "The day availability is computed for (the service clock's date, UTC)") LocalDate asOf,
        @Schema(description = "Which equity releases capacity: FUNDED (default) or OBLIGATED (funded + obligated); "
                + "setting dealstream.capacity.release-on, an ASSUMPTION") ReleaseOn releaseOn,
        @Schema(description = "The partner investor's funding as the funding view holds it (setting "
                + "dealstream.partner.*: Amazon in openai-2026)") InvestorFunding funding,
        @Schema(description = "The last tranche event the funding view applied, or null before the first")
        LastAppliedEvent lastEvent,
        List<CommitmentCapacity> commitments) {
}
