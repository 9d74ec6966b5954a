package io.dealstream.events.right;

/** Whether a distribution right can be exercised. */
public enum RightStatus {
    /** Its activating condition has not been met yet. */
    PENDING,
    /** In force. */
    ACTIVE,
    /** Its condition can no longer be met (e.g. the tranche it waited on expired). Final. */
    LAPSED
}
