package io.dealstream.events.right;

import static io.dealstream.events.Require.atMost;
import static io.dealstream.events.Require.positiveVersion;
import static io.dealstream.events.Require.presentField;

import io.dealstream.events.Limits;
import java.time.OffsetDateTime;

/**
 * The body of a right event: the right after the change, why it changed (e.g. the tranche event that met its
 * condition) and a version per right (1, 2, 3...).
 */
public record RightSnapshot(
        String rightId,
        String holder,
        String product,
        String cloud,
        String mode,
        RightStatus status,
        String condition,
        String reason,
        OffsetDateTime changedAt,
        String causeEventId,
        long version) {

    public RightSnapshot {
        atMost(presentField(rightId, "rightId"), Limits.ID, "rightId");
        atMost(presentField(holder, "holder"), Limits.HOLDER, "holder");
        presentField(product, "product");
        presentField(status, "status");
        positiveVersion(version, "version");
    }
}
