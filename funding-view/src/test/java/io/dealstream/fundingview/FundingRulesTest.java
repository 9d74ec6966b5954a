package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class FundingRulesTest {

    @Test
    void onlyANewerVersionChangesTheView() {
        assertEquals(Outcome.APPLIED, Outcome.forVersion(null, 1));
        assertEquals(Outcome.APPLIED, Outcome.forVersion(1L, 2));
        assertEquals(Outcome.APPLIED, Outcome.forVersion(1L, 3));
        assertEquals(Outcome.STALE, Outcome.forVersion(2L, 2));
        assertEquals(Outcome.STALE, Outcome.forVersion(3L, 2));
    }

    @Test
    void investorTotalsCountExpiredTranchesAsCommitted() {
        InvestorFunding amazon = InvestorFunding.of("openai-2026", "Amazon", List.of(
                tranche("15000000000.00", TrancheState.FUNDED), tranche("35000000000.00", TrancheState.EXPIRED)));
        assertEquals(new BigDecimal("50000000000.00"), amazon.committed());
        assertEquals(new BigDecimal("15000000000.00"), amazon.funded());
        assertEquals(new BigDecimal("35000000000.00"), amazon.expired());
        assertEquals(0, amazon.obligated().signum());
        assertEquals(2, amazon.tranches());

        InvestorFunding obliged = InvestorFunding.of("openai-2026", "Amazon", List.of(
                tranche("15000000000.00", TrancheState.COMMITTED), tranche("35000000000.00", TrancheState.OBLIGATED)));
        assertEquals(new BigDecimal("35000000000.00"), obliged.obligated());
        assertEquals(0, obliged.funded().signum());
        assertEquals(new BigDecimal("50000000000.00"), obliged.committed());

        InvestorFunding none = InvestorFunding.of("r", "i", List.of());
        assertEquals(0, none.committed().signum());
    }

    private static TrancheView tranche(String amount, TrancheState state) {
        TrancheView t = new TrancheView();
        t.amount = new BigDecimal(amount);
        t.state = state;
        return t;
    }
}
