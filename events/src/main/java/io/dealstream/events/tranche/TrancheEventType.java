package io.dealstream.events.tranche;

import io.dealstream.events.EventFamily;
import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** The four tranche changes; each state change of a tranche publishes exactly one of them. */
@EventFamily(source = "investment", subject = "Tranche", topic = Topics.TRANCHE_EVENTS, body = TrancheSnapshot.class)
public enum TrancheEventType implements EventType {
    COMMITTED,
    OBLIGATED,
    FUNDED,
    EXPIRED;

    /** The event that announces a tranche entering {@code state}. */
    public static TrancheEventType enteringState(TrancheState state) {
        return switch (state) {
            case COMMITTED, CONTINGENT -> COMMITTED;
            case OBLIGATED -> OBLIGATED;
            case FUNDED -> FUNDED;
            case EXPIRED -> EXPIRED;
        };
    }
}
