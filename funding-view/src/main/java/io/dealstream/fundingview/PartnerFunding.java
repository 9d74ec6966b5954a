package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.fundingview.InvestorFunding.TrancheShare;
import io.dealstream.platform.lock.AdvisoryLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The {@link Partner} investor's funding as the view holds it: what the capacity and the rights are decided from, and
 * what the reports show.
 */
@ApplicationScoped
public class PartnerFunding {

    private final EntityManager em;
    private final Partner partner;

    PartnerFunding(EntityManager em, Partner partner) {
        this.em = em;
        this.partner = partner;
    }

    /** Whether the tranche counts in the partner's funding: it is the partner investor's, in the partner's round. */
    public boolean counts(TrancheSnapshot tranche) {
        return partner.is(tranche.roundId(), tranche.investor());
    }

    /** The partner's totals as this transaction sees them now (committed rows and its own writes). */
    public InvestorFunding current() {
        // scalars, not entities: the projection writes the rows by JDBC, so managed TrancheViews could be stale
        List<TrancheShare> shares = em.createQuery("select t.state, t.amount, t.investorCommitment, t.lastEventTime"
                + " from TrancheView t where t.roundId = :round and t.investor = :investor", Object[].class)
                .setParameter("round", partner.roundId())
                .setParameter("investor", partner.investor())
                .getResultStream()
                .map(row -> new TrancheShare((TrancheState) row[0], (BigDecimal) row[1], (BigDecimal) row[2],
                        (OffsetDateTime) row[3]))
                .toList();
        return InvestorFunding.ofShares(partner.roundId(), partner.investor(), shares);
    }

    /**
     * The partner's totals after this transaction changed them, for the reactions to decide from. Every transaction
     * that changes them takes {@link AdvisoryLock#PARTNER_FUNDING} after its view writes and reads them only then, so
     * two replicas applying the partner's tranches from different partitions take turns: the second reads once the
     * first has committed, and sees its tranches too. Decisions thus follow the lock's order and the last one made is
     * made from every change (read before the lock, the second could miss the first and decide last from stale totals).
     */
    InvestorFunding afterChange() {
        AdvisoryLock.PARTNER_FUNDING.holdUntilCommit(em);
        return current();
    }
}
