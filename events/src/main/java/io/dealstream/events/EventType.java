package io.dealstream.events;

/** A kind of event: its CloudEvents {@code type} and the topic it is published to. */
public interface EventType {

    /** The CloudEvents type, e.g. {@code investment.tranche.funded.v1}. */
    String ceType();

    /** The topic every event of this kind goes to. */
    String topic();

    /** The short name used in logs and docs, e.g. {@code TrancheFunded}. */
    String eventName();

    /** The event type with this CloudEvents type among {@code values}, or an error naming the known ones. */
    static <T extends Enum<T> & EventType> T fromCeType(Class<T> kind, String ceType) {
        for (T t : kind.getEnumConstants()) {
            if (t.ceType().equals(ceType)) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (T t : kind.getEnumConstants()) {
            known.append(known.length() == 0 ? "" : ", ").append(t.ceType());
        }
        throw new InvalidEventException("unknown ce_type '" + ceType + "'; expected one of: " + known);
    }
}
