package io.dealstream.events;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A kind of event: its CloudEvents {@code type}, the topic it is published to and its short name. Each is an enum
 * constant holding its {@link Names}, so the enums of the three topics share one shape.
 */
public interface EventType {

    /** What an event type is called on the wire and in logs. */
    record Names(String eventName, String ceType, String topic) {
    }

    /** This event type's names. */
    Names names();

    /** The CloudEvents type, e.g. {@code investment.tranche.funded.v1}. */
    default String ceType() {
        return names().ceType();
    }

    /** The topic every event of this kind goes to. */
    default String topic() {
        return names().topic();
    }

    /** The short name used in logs and docs, e.g. {@code TrancheFunded}. */
    default String eventName() {
        return names().eventName();
    }

    /** The event type among {@code known} with this CloudEvents type, or an error naming the known ones. */
    static <T extends EventType> T fromCeType(String ceType, List<T> known) {
        for (T t : known) {
            if (t.ceType().equals(ceType)) {
                return t;
            }
        }
        throw new InvalidEventException("unknown ce_type '" + ceType + "'; expected one of: "
                + known.stream().map(EventType::ceType).collect(Collectors.joining(", ")));
    }
}
