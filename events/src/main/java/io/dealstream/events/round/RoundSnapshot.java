package io.dealstream.events.round;

import static io.dealstream.events.Require.atMost;
import static io.dealstream.events.Require.id;
import static io.dealstream.events.Require.inRange;
import static io.dealstream.events.Require.presentField;
import static io.dealstream.events.Require.usd;

import io.dealstream.events.Limits;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of a RoundOpened event: the round as it opened, which it stays (a round never changes). The consumers take
 * from it which rounds exist and who invests in each, and refuse a tranche of any other round or investor. Held to
 * the rules {@code POST /rounds} holds a round to: at most {@link Limits#ROUND_INVESTORS} investors, each once, their
 * commitments adding up to no more than the round's amount (a round may list none).
 *
 * @param amount the money the round raises, in USD
 * @param preMoneyValuation the company's value before the round, in USD
 * @param openedOn the day the round opened
 * @param investors the investors and their commitments, in the round's order
 */
public record RoundSnapshot(
        String roundId,
        String name,
        BigDecimal amount,
        BigDecimal preMoneyValuation,
        LocalDate openedOn,
        List<RoundCommitment> investors) {

    public RoundSnapshot {
        id(roundId, "roundId");
        atMost(presentField(name, "name"), Limits.ROUND_NAME, "name");
        usd(presentField(amount, "amount"), "amount");
        usd(presentField(preMoneyValuation, "preMoneyValuation"), "preMoneyValuation");
        inRange(presentField(openedOn, "openedOn"), "openedOn");
        presentField(investors, "investors");
        if (investors.size() > Limits.ROUND_INVESTORS) {
            throw new IllegalArgumentException("field 'investors' lists " + investors.size() + " investors, more than "
                    + Limits.ROUND_INVESTORS);
        }
        Set<String> listed = new HashSet<>();
        BigDecimal committed = BigDecimal.ZERO;
        for (int i = 0; i < investors.size(); i++) {
            String field = "investors[" + i + "]";
            RoundCommitment commitment = presentField(investors.get(i), field);
            atMost(presentField(commitment.investor(), field + ".investor"), Limits.INVESTOR, field + ".investor");
            usd(presentField(commitment.committed(), field + ".committed"), field + ".committed");
            if (!listed.add(commitment.investor())) {
                throw new IllegalArgumentException("field 'investors' lists investor '" + commitment.investor()
                        + "' twice");
            }
            committed = committed.add(commitment.committed());
        }
        if (committed.compareTo(amount) > 0) {
            throw new IllegalArgumentException("field 'investors' commit " + committed.toPlainString()
                    + " in all, more than 'amount' (" + amount.toPlainString() + ")");
        }
        investors = List.copyOf(investors);
    }

    /** The commitment of {@code investor} in this round, or null when the round does not list it. */
    public BigDecimal commitmentOf(String investor) {
        return investors.stream().filter(c -> c.investor().equals(investor)).map(RoundCommitment::committed)
                .findFirst().orElse(null);
    }
}
