package io.dealstream.investment.tranche;

import io.dealstream.events.tranche.TriggerType;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/** The body of {@code POST /tranches/{id}/triggers}: which trigger occurred, and when. */
public record TriggerOccurrence(@NotNull TriggerType type, @NotNull LocalDate occurredOn) {
}
