package io.dealstream.compute.capacity;

import io.dealstream.events.capacity.GenerationCapacity;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One commitment's capacity on a day, in total and per chip generation. */
@Schema(description = "A commitment's capacity in GW. released = contracted x funded / committed equity of the "
        + "partner investor; lapsed = contracted x expired / committed; pending = the rest (an illustrative, "
        + "configurable ASSUMPTION: the sources tie no capacity to the investment). available = released and "
        + "deliverable on asOf.")
public record CommitmentCapacity(
        String commitmentId,
        @Schema(description = "The day availability is computed for (the service clock's date, UTC)") LocalDate asOf,
        BigDecimal contractedGw,
        @Schema(description = "Unlocked by the partner's funding") BigDecimal releasedGw,
        @Schema(description = "Lost with the partner's expired tranches; never released") BigDecimal lapsedGw,
        @Schema(description = "Neither released nor lapsed yet") BigDecimal pendingGw,
        @Schema(description = "Released and deliverable on asOf") BigDecimal availableGw,
        @Schema(description = "Per chip generation, deliverable first: released fills the first, lapsed comes off "
                + "the last") List<Generation> generations,
        @Schema(description = "Capacity events published for this commitment (0 before the first)") long version,
        @Schema(description = "ce_id of the tranche event behind the last change") String causeEventId,
        OffsetDateTime changedAt) {

    /**
     * One chip generation's capacity as the API returns it: its own record, apart from the event contract's
     * {@link GenerationCapacity}, so that the API and the events can change apart.
     */
    @Schema(description = "A chip generation's capacity in GW: pending = contracted - released - lapsed; available = "
            + "released and deliverable on asOf (nothing before availableFrom)")
    public record Generation(String generation, BigDecimal contractedGw, BigDecimal releasedGw, BigDecimal lapsedGw,
            BigDecimal pendingGw, BigDecimal availableGw, LocalDate availableFrom) {

        static Generation of(GenerationCapacity g) {
            return new Generation(g.generation(), g.contractedGw(), g.releasedGw(), g.lapsedGw(), g.pendingGw(),
                    g.availableGw(), g.availableFrom());
        }
    }

    static CommitmentCapacity of(CapacityState state, ReleaseRule.Capacity capacity, LocalDate asOf) {
        return new CommitmentCapacity(state.commitmentId, asOf, capacity.contractedGw(), capacity.releasedGw(),
                capacity.lapsedGw(), capacity.pendingGw(), capacity.availableGw(),
                capacity.generations().stream().map(Generation::of).toList(), state.version, state.causeEventId,
                state.changedAt);
    }
}
