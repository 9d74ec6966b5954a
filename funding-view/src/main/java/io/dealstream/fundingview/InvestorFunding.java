package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * One investor's money in one round, as the view holds it: everything committed (expired tranches included,
 * since they were committed), and how much of it is funded, obligated by a trigger, contingent or expired.
 */
public record InvestorFunding(String roundId, String investor, BigDecimal committed, BigDecimal funded,
        BigDecimal obligated, BigDecimal contingent, BigDecimal expired, int tranches) {

    public static InvestorFunding of(String roundId, String investor, Collection<TrancheView> tranches) {
        BigDecimal committed = BigDecimal.ZERO;
        BigDecimal funded = BigDecimal.ZERO;
        BigDecimal obligated = BigDecimal.ZERO;
        BigDecimal contingent = BigDecimal.ZERO;
        BigDecimal expired = BigDecimal.ZERO;
        for (TrancheView t : tranches) {
            committed = committed.add(t.amount);
            if (t.state == TrancheState.FUNDED) {
                funded = funded.add(t.amount);
            } else if (t.state == TrancheState.OBLIGATED) {
                obligated = obligated.add(t.amount);
            } else if (t.state == TrancheState.CONTINGENT) {
                contingent = contingent.add(t.amount);
            } else if (t.state == TrancheState.EXPIRED) {
                expired = expired.add(t.amount);
            }
        }
        return new InvestorFunding(roundId, investor, committed, funded, obligated, contingent, expired,
                tranches.size());
    }
}
