package io.dealstream.fundingview;

/** What applying an event of the tranche topic did to the view. */
public enum Outcome {
    /** The event opened a round the view did not know, or carried its tranche's next version: the view holds it. */
    APPLIED,
    /** The view already held this version of the tranche or a newer one: nothing changed. */
    STALE,
    /** This ce_id was seen before, or the round it opens is known just as it says: nothing changed. */
    DUPLICATE,
    /**
     * The event does not follow what the view holds (a round it does not know, an investor the round does not list, a
     * skipped version, another round or investor, a round changed) or could not be written: nothing changed, it is not
     * recorded, and it went to the dead-letter topic with the reason.
     */
    REFUSED
}
