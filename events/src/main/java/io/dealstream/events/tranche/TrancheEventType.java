package io.dealstream.events.tranche;

import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** The four tranche changes; each state change of a tranche publishes exactly one of them. */
public enum TrancheEventType implements EventType {
    COMMITTED("TrancheCommitted", "investment.tranche.committed.v1"),
    OBLIGATED("TrancheObligated", "investment.tranche.obligated.v1"),
    FUNDED("TrancheFunded", "investment.tranche.funded.v1"),
    EXPIRED("TrancheExpired", "investment.tranche.expired.v1");

    private final Names names;

    TrancheEventType(String eventName, String ceType) {
        this.names = new Names(eventName, ceType, Topics.TRANCHE_EVENTS, TrancheSnapshot.class);
    }

    /** The event that announces a tranche entering {@code state}. */
    public static TrancheEventType enteringState(TrancheState state) {
        return switch (state) {
            case COMMITTED, CONTINGENT -> COMMITTED;
            case OBLIGATED -> OBLIGATED;
            case FUNDED -> FUNDED;
            case EXPIRED -> EXPIRED;
        };
    }

    @Override
    public Names names() {
        return names;
    }
}
