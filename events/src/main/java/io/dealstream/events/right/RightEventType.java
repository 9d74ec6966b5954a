package io.dealstream.events.right;

import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** A distribution right coming into force or lapsing. */
public enum RightEventType implements EventType {
    ACTIVATED("RightActivated", "distribution.right.activated.v1"),
    LAPSED("RightLapsed", "distribution.right.lapsed.v1");

    private final String eventName;
    private final String ceType;

    RightEventType(String eventName, String ceType) {
        this.eventName = eventName;
        this.ceType = ceType;
    }

    @Override
    public String ceType() {
        return ceType;
    }

    @Override
    public String topic() {
        return Topics.RIGHTS_EVENTS;
    }

    @Override
    public String eventName() {
        return eventName;
    }
}
