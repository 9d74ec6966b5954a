package io.dealstream.fundingview;

/** What applying a tranche event did to the view. */
public enum Outcome {
    /** The event carried a newer version of its tranche and the view now holds it. */
    APPLIED,
    /** The view already held this version of the tranche or a newer one: nothing changed. */
    STALE,
    /** This ce_id was seen before: nothing changed. */
    DUPLICATE;

    /** The rule for a tranche event that is not a repeat: only a newer version than the one held changes the view. */
    public static Outcome forVersion(Long heldVersion, long eventVersion) {
        return heldVersion == null || eventVersion > heldVersion ? APPLIED : STALE;
    }
}
