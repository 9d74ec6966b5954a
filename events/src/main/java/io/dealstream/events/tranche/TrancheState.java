package io.dealstream.events.tranche;

/** Where a tranche stands in its lifecycle. */
public enum TrancheState {
    /** An immediate tranche, agreed and awaiting its money. */
    COMMITTED,
    /** A tranche the investor buys at its discretion or when a trigger obliges it; expires unfunded on its date. */
    CONTINGENT,
    /** A trigger occurred: the investor must fund by the deadline. It no longer expires. */
    OBLIGATED,
    /** The full amount is paid in. Final. */
    FUNDED,
    /** Its expiry date passed with no trigger and no funding. Final. */
    EXPIRED
}
