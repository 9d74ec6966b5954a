package io.dealstream.events.round;

import io.dealstream.events.EventFamily;
import io.dealstream.events.EventType;
import io.dealstream.events.Topics;

/**
 * A round opening: investment-service publishes it once per round, on the tranche topic and keyed by the round id, so
 * that it comes before every version of the round's tranches in their partition.
 */
@EventFamily(source = "investment", subject = "Round", topic = Topics.TRANCHE_EVENTS, body = RoundSnapshot.class)
public enum RoundEventType implements EventType {
    OPENED
}
