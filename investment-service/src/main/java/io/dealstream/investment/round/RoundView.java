package io.dealstream.investment.round;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A round as the API returns it; post-money = pre-money + the round's amount. */
public record RoundView(String id, String name, BigDecimal amount, BigDecimal preMoneyValuation,
        BigDecimal postMoneyValuation, List<InvestorCommitment> investors, LocalDate openedOn) {

    static RoundView of(Round round) {
        return new RoundView(round.id, round.name, round.amount, round.preMoneyValuation,
                CapTable.postMoney(round.preMoneyValuation, round.amount), round.commitments(), round.openedOn);
    }
}
