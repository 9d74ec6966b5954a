package io.dealstream.events;

/** The Kafka topics of the system; each is written by exactly one service. */
public final class Topics {

    /** Every tranche change, keyed by tranche id; written by investment-service. */
    public static final String TRANCHE_EVENTS = "investment.tranche-events";

    /** Capacity released or lapsed, keyed by commitment id; written by compute-service. */
    public static final String CAPACITY_EVENTS = "compute.capacity-events";

    /** Distribution rights activated or lapsed, keyed by right id; written by distribution-service. */
    public static final String RIGHTS_EVENTS = "distribution.rights-events";

    private Topics() {
    }
}
