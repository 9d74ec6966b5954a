package io.dealstream.events.capacity;

import static io.dealstream.events.Require.atMost;
import static io.dealstream.events.Require.notNegative;
import static io.dealstream.events.Require.positiveVersion;
import static io.dealstream.events.Require.presentField;

import io.dealstream.events.Limits;
import java.math.BigDecimal;
import java.util.List;

/**
 * The body of a capacity event: a commitment's capacity after the change, in GW, per chip generation and in
 * total, with the tranche event that caused it and a version per commitment (1, 2, 3...).
 */
public record CapacitySnapshot(
        String commitmentId,
        BigDecimal contractedGw,
        BigDecimal releasedGw,
        BigDecimal lapsedGw,
        BigDecimal pendingGw,
        List<GenerationCapacity> generations,
        String causeEventId,
        long version) {

    public CapacitySnapshot {
        atMost(presentField(commitmentId, "commitmentId"), Limits.ID, "commitmentId");
        notNegative(contractedGw, "contractedGw");
        notNegative(releasedGw, "releasedGw");
        notNegative(lapsedGw, "lapsedGw");
        generations = List.copyOf(presentField(generations, "generations"));
        positiveVersion(version, "version");
    }
}
