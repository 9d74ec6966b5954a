package io.dealstream.events.capacity;

import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** A change in the capacity a compute commitment has released or lost. */
public enum CapacityEventType implements EventType {
    RELEASED("CapacityReleased", "compute.capacity.released.v1"),
    LAPSED("CapacityLapsed", "compute.capacity.lapsed.v1");

    private final Names names;

    CapacityEventType(String eventName, String ceType) {
        this.names = new Names(eventName, ceType, Topics.CAPACITY_EVENTS, CapacitySnapshot.class);
    }

    @Override
    public Names names() {
        return names;
    }
}
