package io.dealstream.events.capacity;

import io.dealstream.events.EventFamily;
import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** A change in the capacity a compute commitment has released or lost. */
@EventFamily(source = "compute", subject = "Capacity", topic = Topics.CAPACITY_EVENTS, body = CapacitySnapshot.class)
public enum CapacityEventType implements EventType {
    RELEASED,
    LAPSED
}
