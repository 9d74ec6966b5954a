package io.dealstream.fundingview;

/** What applying a tranche event did to the view. */
public enum Outcome {
    /** The event carried a newer version of its tranche and the view now holds it. */
    APPLIED,
    /** The view already held this version of the tranche or a newer one: nothing changed. */
    STALE,
    /** This ce_id was seen before: nothing changed. */
    DUPLICATE,
    /**
     * The event does not follow what the view holds (a skipped version, another round or investor) or could not be
     * written: nothing changed, it is not recorded, and it went to the dead-letter topic with the reason.
     */
    REFUSED
}
