package io.dealstream.compute.capacity;

import io.dealstream.compute.commitment.CommitmentAdded;
import io.dealstream.fundingview.FundingChange;
import io.dealstream.fundingview.Partner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Re-decides capacity when the partner investor's funding changes, and sets up a new commitment's capacity. Both
 * run synchronously inside the transaction that made the change, so the capacity events commit with it or not at
 * all (a failure here rolls the tranche event back and the consumer retries it).
 */
@ApplicationScoped
public class FundingReaction {

    private static final Logger LOG = Logger.getLogger(FundingReaction.class);

    @Inject
    Partner partner;

    @Inject
    CapacityLedger ledger;

    void on(@Observes FundingChange change) {
        if (!partner.is(change.tranche().roundId(), change.tranche().investor())) {
            LOG.debugf("ce_id=%s tranche=%s: %s in %s is not the partner investor, capacity unchanged",
                    change.event().id(), change.tranche().trancheId(), change.tranche().investor(),
                    change.tranche().roundId());
            return;
        }
        ledger.fundingChanged(change.event().id());
    }

    void on(@Observes CommitmentAdded added) {
        if (added.commitment().statesCapacity()) {
            ledger.open(added.commitment());
        }
    }
}
