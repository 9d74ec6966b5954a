package io.dealstream.investment.round;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cap-table arithmetic, without Quarkus. */
class CapTableTest {

    static final BigDecimal B = new BigDecimal("1000000000");

    static BigDecimal billions(long n) {
        return B.multiply(BigDecimal.valueOf(n)).setScale(2);
    }

    static final List<InvestorCommitment> OPENAI_2026 = List.of(
            new InvestorCommitment("Amazon", billions(50)),
            new InvestorCommitment("SoftBank", billions(30)),
            new InvestorCommitment("Nvidia", billions(30)));

    @Test
    void theDealAtFullFundingGivesAmazonAbout595Percent() {
        CapTable table = CapTable.of("openai-2026", billions(730), billions(110), OPENAI_2026,
                Map.of("Amazon", billions(50), "SoftBank", billions(30), "Nvidia", billions(30)));

        assertEquals(billions(840), table.postMoneyValuation(), "post-money = pre-money + round");
        CapTable.Line amazon = table.investors().get(0);
        assertEquals("Amazon", amazon.investor());
        assertEquals(new BigDecimal("0.059524"), amazon.stakeNow(), "50/840 = 0.0595238...");
        assertEquals(new BigDecimal("0.059524"), amazon.stakeIfAllFunded());
        assertEquals(new BigDecimal("0.035714"), table.investors().get(1).stakeIfAllFunded(), "30/840 = 0.0357142...");
        assertEquals(List.of("Amazon", "SoftBank", "Nvidia"),
                table.investors().stream().map(CapTable.Line::investor).toList(), "in the round's order");
    }

    @Test
    void stakeNowCountsOnlyWhatIsFunded() {
        CapTable table = CapTable.of("openai-2026", billions(730), billions(110), OPENAI_2026,
                Map.of("Amazon", billions(15)));

        CapTable.Line amazon = table.investors().get(0);
        assertEquals(billions(50), amazon.committed());
        assertEquals(billions(15), amazon.funded());
        assertEquals(new BigDecimal("0.017857"), amazon.stakeNow(), "15/840 = 0.0178571...");
        assertEquals(new BigDecimal("0.059524"), amazon.stakeIfAllFunded());

        CapTable.Line softBank = table.investors().get(1);
        assertEquals(new BigDecimal("0.00"), softBank.funded(), "nothing funded yet is 0.00 USD");
        assertEquals(new BigDecimal("0.000000"), softBank.stakeNow());
    }

    @Test
    void stakesHaveSixPlacesRoundedHalfEven() {
        // post-money 1,000,000: a commitment of 0.50 is a stake of exactly 0.0000005, 1.50 is 0.0000015
        List<InvestorCommitment> commitments = List.of(
                new InvestorCommitment("A", new BigDecimal("0.50")),
                new InvestorCommitment("B", new BigDecimal("1.50")),
                new InvestorCommitment("C", new BigDecimal("2.50")));
        CapTable table = CapTable.of("r", new BigDecimal("999995.50"), new BigDecimal("4.50"), commitments, Map.of());

        assertEquals(new BigDecimal("1000000.00"), table.postMoneyValuation());
        assertEquals(List.of(new BigDecimal("0.000000"), new BigDecimal("0.000002"), new BigDecimal("0.000002")),
                table.investors().stream().map(CapTable.Line::stakeIfAllFunded).toList(), "half-even: to the even digit");
        table.investors().forEach(line -> assertEquals(CapTable.STAKE_SCALE, line.stakeNow().scale()));
    }
}
