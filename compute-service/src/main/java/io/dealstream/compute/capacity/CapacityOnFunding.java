package io.dealstream.compute.capacity;

import io.dealstream.compute.commitment.CommitmentAdded;
import io.dealstream.fundingview.PartnerFundingChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Re-decides capacity when the partner investor's funding changes, and sets up a new commitment's capacity. Both
 * run synchronously inside the transaction that made the change, so the capacity events commit with it or not at
 * all (a failure here rolls the tranche event back and the consumer retries it).
 */
@ApplicationScoped
public class CapacityOnFunding {

    private final CapacityLedger ledger;

    CapacityOnFunding(CapacityLedger ledger) {
        this.ledger = ledger;
    }

    void on(@Observes PartnerFundingChanged change) {
        ledger.fundingChanged(change.funding(), change.event().id());
    }

    void on(@Observes CommitmentAdded added) {
        if (added.commitment().statesCapacity()) {
            ledger.open(added.commitment());
        }
    }
}
