package io.dealstream.investment.round;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Who owns what of the company once the round closes. Each investor's stake is its money over the
 * post-money valuation (pre-money + the round's amount): {@code stakeNow} counts what it has funded,
 * {@code stakeIfAllFunded} its whole commitment. Stakes are fractions (0.059524 = 5.9524%) with
 * {@value #STAKE_SCALE} decimal places, rounded half-even so that rounding does not lean one way.
 */
public record CapTable(String roundId, BigDecimal preMoneyValuation, BigDecimal roundAmount,
        BigDecimal postMoneyValuation, List<Line> investors) {

    public static final int STAKE_SCALE = 6;

    /** One investor: committed and funded in USD, stakes as fractions of the post-money valuation. */
    public record Line(String investor, BigDecimal committed, BigDecimal funded, BigDecimal stakeNow,
            BigDecimal stakeIfAllFunded) {
    }

    /**
     * @param fundedByInvestor the sum of each investor's FUNDED tranches in this round; absent means nothing yet
     */
    public static CapTable of(String roundId, BigDecimal preMoneyValuation, BigDecimal roundAmount,
            List<InvestorCommitment> commitments, Map<String, BigDecimal> fundedByInvestor) {
        BigDecimal postMoney = postMoney(preMoneyValuation, roundAmount);
        List<Line> lines = commitments.stream().map(c -> {
            BigDecimal funded = fundedByInvestor.getOrDefault(c.investor(), BigDecimal.ZERO).setScale(2);
            return new Line(c.investor(), c.committed(), funded, stake(funded, postMoney),
                    stake(c.committed(), postMoney));
        }).toList();
        return new CapTable(roundId, preMoneyValuation, roundAmount, postMoney, lines);
    }

    public static BigDecimal postMoney(BigDecimal preMoneyValuation, BigDecimal roundAmount) {
        return preMoneyValuation.add(roundAmount);
    }

    static BigDecimal stake(BigDecimal money, BigDecimal postMoney) {
        return money.divide(postMoney, STAKE_SCALE, RoundingMode.HALF_EVEN);
    }
}
