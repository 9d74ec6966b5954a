package io.dealstream.fundingview;

/** Why a record went to the dead-letter topic, in few enough kinds to tag a metric with (the header has the detail). */
public enum DeadLetterReason {
    /**
     * Not a binary-mode CloudEvent 1.0 of the contract: a header missing, malformed or beyond the contract's limits
     * (length, control characters, a time out of range), another content type, no body.
     */
    NOT_A_CLOUD_EVENT,
    /** A CloudEvent whose ce_type is neither a round's nor a tranche's event type. */
    UNKNOWN_TYPE,
    /** A body that does not parse as its type's snapshot (a round's, a tranche's) within the contract's limits. */
    UNREADABLE_BODY,
    /** Readable, but key, subject, type and body disagree (the key is not the body's round id, say). */
    INCONSISTENT,
    /** A tranche of a round the view has not learnt of (no RoundOpened before it): a round no one opened. */
    UNKNOWN_ROUND,
    /** A tranche of an investor its round does not list. */
    UNKNOWN_INVESTOR,
    /** A tranche stating another commitment of its investor than the round's opening lists. */
    COMMITMENT_MISMATCH,
    /** A RoundOpened of a round the view knows, with other figures or investors: a round never changes. */
    ROUND_CHANGED,
    /** A version that is not the next of its tranche (one was skipped, or the first is not 1): applying it would jump. */
    VERSION_GAP,
    /** A tranche the view holds as another investor's, or in another round: a tranche never changes hands. */
    IDENTITY_CHANGED,
    /** Applying it failed for a reason retrying did not take away (the database refused a value), a few times over. */
    APPLY_FAILED;

    /** What the dead-letter header and the repairs' reports say: this reason, then the detail. */
    public String because(String detail) {
        return name() + ": " + detail;
    }

    /** The metric's tag value, e.g. {@code unknown-type}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
