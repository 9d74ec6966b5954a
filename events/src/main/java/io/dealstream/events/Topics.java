package io.dealstream.events;

/** The Kafka topics of the system; each is written by exactly one service. */
public final class Topics {

    /**
     * Every round opened and every tranche change, keyed by round id (a tranche's {@code ce_subject} is its tranche
     * id, a round's its round id): a round's opening and every version of its tranches share one partition, in order,
     * so a consumer learns a round before any of its tranches, while different rounds spread over the partitions.
     * Written by investment-service.
     */
    public static final String TRANCHE_EVENTS = "investment.tranche-events";

    /** Capacity released or lapsed, keyed by commitment id; written by compute-service. */
    public static final String CAPACITY_EVENTS = "compute.capacity-events";

    /** Distribution rights activated or lapsed, keyed by right id; written by distribution-service. */
    public static final String RIGHTS_EVENTS = "distribution.rights-events";

    private Topics() {
    }
}
