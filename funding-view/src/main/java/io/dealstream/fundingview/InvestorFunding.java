package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * One investor's money in one round, as the view holds it: everything committed (expired tranches included,
 * since they were committed), and how much of it is funded, obligated by a trigger, contingent or expired.
 */
public record InvestorFunding(String roundId, String investor, BigDecimal committed, BigDecimal funded,
        BigDecimal obligated, BigDecimal contingent, BigDecimal expired, int tranches) {

    public static InvestorFunding of(String roundId, String investor, Collection<TrancheView> tranches) {
        Map<TrancheState, BigDecimal> byState = new EnumMap<>(TrancheState.class);
        tranches.forEach(t -> byState.merge(t.state, t.amount, BigDecimal::add));
        return ofTotals(roundId, investor, byState, tranches.size());
    }

    /** From the amounts of an investor's tranches summed by state, and how many tranches there are. */
    public static InvestorFunding ofTotals(String roundId, String investor, Map<TrancheState, BigDecimal> byState,
            int tranches) {
        BigDecimal committed = byState.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new InvestorFunding(roundId, investor, committed, amount(byState, TrancheState.FUNDED),
                amount(byState, TrancheState.OBLIGATED), amount(byState, TrancheState.CONTINGENT),
                amount(byState, TrancheState.EXPIRED), tranches);
    }

    private static BigDecimal amount(Map<TrancheState, BigDecimal> byState, TrancheState state) {
        return byState.getOrDefault(state, BigDecimal.ZERO);
    }
}
