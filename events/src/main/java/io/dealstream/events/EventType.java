package io.dealstream.events;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A kind of event: its CloudEvents {@code type}, the topic it is published to, its short name and the record its body
 * is. Each is a constant of an enum annotated with its {@link EventFamily}, and its names follow from the two: the
 * constant {@code FUNDED} of the family {@code (investment, Tranche)} is {@code TrancheFunded}, of CloudEvents type
 * {@code investment.tranche.funded.v1}. The AsyncAPI catalogue ({@code META-INF/resources/asyncapi.yaml}) is checked
 * against them.
 */
public interface EventType {

    /** What an event type is called on the wire and in logs, and the record its JSON body is. */
    record Names(String eventName, String ceType, String topic, Class<? extends Record> body) {
    }

    /** This event type's names, derived once per enum from its {@link EventFamily}. */
    default Names names() {
        return EventFamilies.names(this);
    }

    /** The CloudEvents type, e.g. {@code investment.tranche.funded.v1}. */
    default String ceType() {
        return names().ceType();
    }

    /** The topic every event of this kind goes to. */
    default String topic() {
        return names().topic();
    }

    /** The record an event of this kind carries as its JSON body, e.g. {@code TrancheSnapshot}. */
    default Class<? extends Record> body() {
        return names().body();
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
