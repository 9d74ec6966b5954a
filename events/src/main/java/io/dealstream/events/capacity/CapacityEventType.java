package io.dealstream.events.capacity;

import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** A change in the capacity a compute commitment has released or lost. */
public enum CapacityEventType implements EventType {
    RELEASED("CapacityReleased", "compute.capacity.released.v1"),
    LAPSED("CapacityLapsed", "compute.capacity.lapsed.v1");

    private final String eventName;
    private final String ceType;

    CapacityEventType(String eventName, String ceType) {
        this.eventName = eventName;
        this.ceType = ceType;
    }

    @Override
    public String ceType() {
        return ceType;
    }

    @Override
    public String topic() {
        return Topics.CAPACITY_EVENTS;
    }

    @Override
    public String eventName() {
        return eventName;
    }
}
