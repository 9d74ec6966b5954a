package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class FundingRulesTest {

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

    @Test
    void theCommitmentIsTheOneTheTrancheEventsStateEvenBeforeEveryTrancheIsSeen() {
        // only amazon-t1's events have arrived; they state Amazon's $50B in the round
        InvestorFunding amazon = amazon(
                stated(tranche("15000000000.00", TrancheState.FUNDED), "50000000000.00", "2026-03-20T10:00:00Z"));
        assertEquals(new BigDecimal("50000000000.00"), amazon.committed());
        assertTrue(amazon.commitmentStated());
        assertEquals(new BigDecimal("15000000000.00"), amazon.funded());
        assertEquals(0, amazon.contingent().signum());
        assertEquals(1, amazon.tranches());
    }

    @Test
    void theLatestStatementOfTheCommitmentCountsWhateverTheOrderTheTranchesAreHeldIn() {
        InvestorFunding amazon = amazon(
                stated(tranche("15000000000.00", TrancheState.FUNDED), "60000000000.00", "2026-03-20T10:00:00Z"),
                stated(tranche("35000000000.00", TrancheState.CONTINGENT), "50000000000.00", "2026-02-26T12:00:00Z"));
        assertEquals(new BigDecimal("60000000000.00"), amazon.committed());

        InvestorFunding sameInstant = amazon(
                stated(tranche("15000000000.00", TrancheState.FUNDED), "50000000000.00", "2026-03-20T10:00:00Z"),
                stated(tranche("35000000000.00", TrancheState.CONTINGENT), "55000000000.00", "2026-03-20T10:00:00Z"));
        assertEquals(new BigDecimal("55000000000.00"), sameInstant.committed());
    }

    @Test
    void withoutAStatedCommitmentTheTranchesSeenAreTheCommitment() {
        // records published before the contract carried the commitment: what the view has seen is all it knows
        InvestorFunding legacy = amazon(tranche("15000000000.00", TrancheState.FUNDED));
        assertEquals(new BigDecimal("15000000000.00"), legacy.committed());
        assertFalse(legacy.commitmentStated());

        // one stated commitment among legacy tranches is the commitment
        InvestorFunding mixed = amazon(
                tranche("15000000000.00", TrancheState.FUNDED),
                stated(tranche("35000000000.00", TrancheState.CONTINGENT), "50000000000.00", "2026-02-26T12:00:00Z"));
        assertEquals(new BigDecimal("50000000000.00"), mixed.committed());
        assertTrue(mixed.commitmentStated());
    }

    @Test
    void aStatedCommitmentBelowTheTranchesSeenCountsThoseTranches() {
        InvestorFunding amazon = amazon(
                stated(tranche("15000000000.00", TrancheState.FUNDED), "15000000000.00", "2026-03-20T10:00:00Z"),
                stated(tranche("35000000000.00", TrancheState.FUNDED), "35000000000.00", "2026-03-21T10:00:00Z"));
        assertEquals(new BigDecimal("50000000000.00"), amazon.committed());
        assertEquals(new BigDecimal("50000000000.00"), amazon.funded());
    }

    private static InvestorFunding amazon(TrancheView... tranches) {
        return InvestorFunding.of("openai-2026", "Amazon", List.of(tranches));
    }

    private static TrancheView stated(TrancheView t, String commitment, String at) {
        t.investorCommitment = new BigDecimal(commitment);
        t.lastEventTime = OffsetDateTime.parse(at);
        return t;
    }

    private static TrancheView tranche(String amount, TrancheState state) {
        TrancheView t = new TrancheView();
        t.amount = new BigDecimal(amount);
        t.state = state;
        return t;
    }
}
