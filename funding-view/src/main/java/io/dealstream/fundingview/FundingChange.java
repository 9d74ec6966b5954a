package io.dealstream.fundingview;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;

/**
 * Fired (as a synchronous CDI event) inside the transaction that applied a tranche event to the view, so a
 * service's reaction (capacity, rights) and the events it publishes commit together with the view, or not at all.
 *
 * @param previousState the tranche's state before, or null if the view did not know it
 */
public record FundingChange(CloudEvent event, TrancheEventType type, TrancheSnapshot tranche,
        TrancheState previousState) {
}
