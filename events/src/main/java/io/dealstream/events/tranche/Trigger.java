package io.dealstream.events.tranche;

import java.time.LocalDate;

/** The trigger that obliged a contingent tranche, and the date by which it must be funded. */
public record Trigger(TriggerType type, LocalDate occurredOn, LocalDate fundingDeadline) {
}
