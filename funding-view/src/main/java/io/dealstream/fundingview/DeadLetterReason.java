package io.dealstream.fundingview;

/** Why a record went to the dead-letter topic, in few enough kinds to tag a metric with (the header has the detail). */
public enum DeadLetterReason {
    /** Not a binary-mode CloudEvent 1.0: a header missing or malformed, another content type, no body. */
    NOT_A_CLOUD_EVENT,
    /** A CloudEvent whose ce_type is not a tranche event type. */
    UNKNOWN_TYPE,
    /** A tranche event whose body does not parse as a tranche snapshot. */
    UNREADABLE_BODY,
    /** Readable, but key, subject, type and body disagree, or an amount the view cannot hold. */
    INCONSISTENT;

    /** The metric's tag value, e.g. {@code unknown-type}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
