package io.dealstream.events.right;

import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** A distribution right coming into force or lapsing. */
public enum RightEventType implements EventType {
    ACTIVATED("RightActivated", "distribution.right.activated.v1"),
    LAPSED("RightLapsed", "distribution.right.lapsed.v1");

    private final Names names;

    RightEventType(String eventName, String ceType) {
        this.names = new Names(eventName, ceType, Topics.RIGHTS_EVENTS, RightSnapshot.class);
    }

    @Override
    public Names names() {
        return names;
    }
}
