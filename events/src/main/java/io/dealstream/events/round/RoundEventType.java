package io.dealstream.events.round;

import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/**
 * A round opening: investment-service publishes it once per round, on the tranche topic and keyed by the round id, so
 * that it comes before every version of the round's tranches in their partition.
 */
public enum RoundEventType implements EventType {
    OPENED("RoundOpened", "investment.round.opened.v1");

    private final Names names;

    RoundEventType(String eventName, String ceType) {
        this.names = new Names(eventName, ceType, Topics.TRANCHE_EVENTS, RoundSnapshot.class);
    }

    @Override
    public Names names() {
        return names;
    }
}
