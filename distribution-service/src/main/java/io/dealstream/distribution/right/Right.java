package io.dealstream.distribution.right;

import io.dealstream.events.right.RightSnapshot;
import io.dealstream.events.right.RightStatus;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A distribution right as the rules, the entitlement decision and the API see it. */
@Schema(description = "A distribution right: who may offer which OpenAI product through which cloud, in which mode, "
        + "and whether it is in force")
public record Right(
        @Schema(description = "Unique id, e.g. frontier-aws") String id,
        @Schema(description = "The company holding the right, e.g. Amazon") String holder,
        Product product,
        Cloud cloud,
        Mode mode,
        @Schema(description = "Whether no other cloud may offer this product in this mode while the right is not LAPSED")
        boolean exclusive,
        @Schema(description = "What the right grants, in the deal's words") String description,
        Condition condition,
        @Schema(description = "PENDING until its condition is met, ACTIVE while in force, LAPSED (final) once its "
                + "condition can no longer be met") RightStatus status,
        @Schema(description = "Why the status last changed") String reason,
        @Schema(description = "When the status last changed") OffsetDateTime changedAt,
        @Schema(description = "The ce_id of the tranche event that caused the last change; null when the right was "
                + "created in that status") String causeEventId,
        @Schema(description = "1 when created, +1 per status change") long version) {

    /** The body of the right event that announces this version. */
    public RightSnapshot snapshot() {
        return new RightSnapshot(id, holder, product.name(), cloud.name(), mode.name(), status, condition.describe(),
                reason, changedAt, causeEventId, version);
    }
}
