package io.dealstream.compute.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dealstream.compute.capacity.ReleaseRule.Capacity;
import io.dealstream.compute.capacity.ReleaseRule.ChipGeneration;
import io.dealstream.compute.capacity.ReleaseRule.Decision;
import io.dealstream.compute.capacity.ReleaseRule.Equity;
import io.dealstream.compute.capacity.ReleaseRule.ReleaseOn;
import io.dealstream.events.capacity.GenerationCapacity;
import io.dealstream.fundingview.InvestorFunding;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The release rule on the deal's figures: Amazon's $15B + $35B against the expansion's 2 GW (1 + 1 assumed). */
class ReleaseRuleTest {

    private static final BigDecimal T1 = usd("15000000000.00");
    private static final BigDecimal T2 = usd("35000000000.00");
    private static final BigDecimal BOTH = T1.add(T2);
    private static final BigDecimal NONE = usd("0.00");
    private static final BigDecimal CONTRACTED = gw("2.000");
    private static final List<ChipGeneration> TRAINIUM = List.of(
            // listed out of order on purpose: release follows availability, not the list
            new ChipGeneration("Trainium4", gw("1.000"), LocalDate.of(2027, 1, 1)),
            new ChipGeneration("Trainium3", gw("1.000"), LocalDate.of(2026, 2, 26)));
    private static final LocalDate MID_2026 = LocalDate.of(2026, 6, 1);

    @Test
    void nothingFundedReleasesNothing() {
        Capacity c = capacity(new Equity(BOTH, NONE, NONE), MID_2026);
        assertTotals(c, "2.000", "0.000", "0.000", "2.000", "0.000");
        assertGeneration(c.generations().get(0), "Trainium3", "0.000", "0.000", "1.000", "0.000");
        assertGeneration(c.generations().get(1), "Trainium4", "0.000", "0.000", "1.000", "0.000");
    }

    @Test
    void zeroCommittedEquityReleasesAndLapsesNothing() {
        assertEquals(new Decision(gw("0.000"), gw("0.000")), ReleaseRule.decide(CONTRACTED, new Equity(NONE, NONE, NONE)));
    }

    @Test
    void firstTrancheFundedReleasesPointSixGwOfTrainium3() {
        Capacity c = capacity(new Equity(BOTH, T1, NONE), MID_2026);
        assertTotals(c, "2.000", "0.600", "0.000", "1.400", "0.600");
        assertGeneration(c.generations().get(0), "Trainium3", "0.600", "0.000", "0.400", "0.600");
        assertGeneration(c.generations().get(1), "Trainium4", "0.000", "0.000", "1.000", "0.000");
    }

    @Test
    void bothFundedReleaseAllButTrainium4IsNotAvailableBefore2027() {
        Capacity in2026 = capacity(new Equity(BOTH, BOTH, NONE), LocalDate.of(2026, 12, 31));
        assertTotals(in2026, "2.000", "2.000", "0.000", "0.000", "1.000");
        assertGeneration(in2026.generations().get(1), "Trainium4", "1.000", "0.000", "0.000", "0.000");

        Capacity in2027 = capacity(new Equity(BOTH, BOTH, NONE), LocalDate.of(2027, 1, 1));
        assertTotals(in2027, "2.000", "2.000", "0.000", "0.000", "2.000");
        assertGeneration(in2027.generations().get(1), "Trainium4", "1.000", "0.000", "0.000", "1.000");
    }

    @Test
    void nothingIsAvailableBeforeTheFirstGenerationIsDeliverable() {
        Capacity c = capacity(new Equity(BOTH, BOTH, NONE), LocalDate.of(2026, 2, 25));
        assertTotals(c, "2.000", "2.000", "0.000", "0.000", "0.000");
        assertEquals(gw("1.000"), capacity(new Equity(BOTH, BOTH, NONE), LocalDate.of(2026, 2, 26)).availableGw());
    }

    @Test
    void secondTrancheExpiredLapsesOnePointFourGwFromTrainium4Back() {
        Capacity c = capacity(new Equity(BOTH, T1, T2), MID_2026);
        assertTotals(c, "2.000", "0.600", "1.400", "0.000", "0.600");
        assertGeneration(c.generations().get(0), "Trainium3", "0.600", "0.400", "0.000", "0.600");
        assertGeneration(c.generations().get(1), "Trainium4", "0.000", "1.000", "0.000", "0.000");
    }

    @Test
    void lapsedCapacityIsNeverReleasedEvenIfTheFirstTrancheIsStillUnfunded() {
        Capacity c = capacity(new Equity(BOTH, NONE, T2), MID_2026);
        assertTotals(c, "2.000", "0.000", "1.400", "0.600", "0.000");
        assertGeneration(c.generations().get(0), "Trainium3", "0.000", "0.400", "0.600", "0.000");
        assertGeneration(c.generations().get(1), "Trainium4", "0.000", "1.000", "0.000", "0.000");
    }

    @Test
    void gwAreRoundedDownSoNothingIsOverReleased() {
        // 2 GW x 1/3 = 0.6666..., x 2/3 = 1.3333...: down to 0.666 and 1.333, and 0.001 GW stays pending
        Decision d = ReleaseRule.decide(CONTRACTED, new Equity(usd("3.00"), usd("1.00"), usd("2.00")));
        assertEquals(new Decision(gw("0.666"), gw("1.333")), d);
        assertTotals(ReleaseRule.spread(TRAINIUM, d, MID_2026), "2.000", "0.666", "1.333", "0.001", "0.666");
        // 1 GW x 2/3 = 0.6666...: rounding half-up would give 0.667
        assertEquals(gw("0.666"), ReleaseRule.decide(gw("1.000"),
                new Equity(usd("3.00"), usd("2.00"), NONE)).releasedGw());
    }

    @Test
    void obligatedEquityReleasesOnlyWhenConfiguredTo() {
        InvestorFunding obliged = new InvestorFunding("openai-2026", "Amazon", BOTH, true, T1, T2, NONE, NONE, 2);
        assertEquals(gw("0.600"), ReleaseRule.decide(CONTRACTED, Equity.of(obliged, ReleaseOn.FUNDED)).releasedGw());
        assertEquals(gw("2.000"), ReleaseRule.decide(CONTRACTED, Equity.of(obliged, ReleaseOn.OBLIGATED)).releasedGw());
    }

    @Test
    void equityComesFromTheFundingViewWithExpiredTranchesCommitted() {
        InvestorFunding expired = new InvestorFunding("openai-2026", "Amazon", BOTH, true, T1, NONE, NONE, T2, 2);
        assertEquals(new Equity(BOTH, T1, T2), Equity.of(expired, ReleaseOn.FUNDED));
    }

    @Test
    void aDecisionBeyondTheContractedCapacityIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ReleaseRule.spread(TRAINIUM, new Decision(gw("1.500"), gw("0.501")), MID_2026));
    }

    private static Capacity capacity(Equity equity, LocalDate on) {
        return ReleaseRule.spread(TRAINIUM, ReleaseRule.decide(CONTRACTED, equity), on);
    }

    private static void assertTotals(Capacity c, String contracted, String released, String lapsed, String pending,
            String available) {
        assertEquals(List.of(gw(contracted), gw(released), gw(lapsed), gw(pending), gw(available)),
                List.of(c.contractedGw(), c.releasedGw(), c.lapsedGw(), c.pendingGw(), c.availableGw()),
                "contracted, released, lapsed, pending, available");
    }

    private static void assertGeneration(GenerationCapacity g, String name, String released, String lapsed,
            String pending, String available) {
        assertEquals(name, g.generation());
        assertEquals(List.of(gw(released), gw(lapsed), gw(pending), gw(available)),
                List.of(g.releasedGw(), g.lapsedGw(), g.pendingGw(), g.availableGw()),
                name + ": released, lapsed, pending, available");
    }

    private static BigDecimal gw(String value) {
        return new BigDecimal(value);
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }
}
