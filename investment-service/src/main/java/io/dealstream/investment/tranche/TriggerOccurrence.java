package io.dealstream.investment.tranche;

import io.dealstream.events.tranche.TriggerType;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /tranches/{id}/triggers}: which trigger occurred, and when. */
public record TriggerOccurrence(@NotNull TriggerType type, @Schema(examples = "2026-06-30") @NotNull LocalDate occurredOn) {
}
