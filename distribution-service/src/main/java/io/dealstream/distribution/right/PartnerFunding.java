package io.dealstream.distribution.right;

import io.dealstream.events.tranche.TrancheState;
import io.dealstream.fundingview.InvestorFunding;
import io.dealstream.fundingview.Partner;
import io.dealstream.fundingview.TrancheView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.List;

/** The partner investor's funding as the view holds it now. */
@ApplicationScoped
public class PartnerFunding {

    @Inject
    EntityManager em;

    @Inject
    Partner partner;

    /**
     * The totals, read with a scalar query rather than as entities: the transaction that applies a tranche event
     * has already loaded the partner's tranches, and another replica may have changed one of them since (a
     * different partition), which an entity query would answer from the stale copies.
     */
    public InvestorFunding current() {
        List<TrancheView> tranches = em.createQuery(
                "select t.amount, t.state from TrancheView t where t.roundId = :round and t.investor = :investor",
                Object[].class)
                .setParameter("round", partner.roundId())
                .setParameter("investor", partner.investor())
                .getResultStream()
                .map(row -> amountInState((BigDecimal) row[0], (TrancheState) row[1]))
                .toList();
        return InvestorFunding.of(partner.roundId(), partner.investor(), tranches);
    }

    /** A detached row holding just what the totals add up; it is never persisted. */
    private static TrancheView amountInState(BigDecimal amount, TrancheState state) {
        TrancheView tranche = new TrancheView();
        tranche.amount = amount;
        tranche.state = state;
        return tranche;
    }
}
