package io.dealstream.events.right;

import io.dealstream.events.EventFamily;
import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/** A distribution right coming into force or lapsing. */
@EventFamily(source = "distribution", subject = "Right", topic = Topics.RIGHTS_EVENTS, body = RightSnapshot.class)
public enum RightEventType implements EventType {
    ACTIVATED,
    LAPSED
}
