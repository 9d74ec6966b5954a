package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One investor's money in one round, as the view holds it: its commitment, and how much of it is funded, obligated
 * by a trigger, contingent or expired. {@code committed} is the commitment the investor's latest applied tranche event
 * stated (TrancheSnapshot.investorCommitment), so a view that has not seen every tranche yet still knows the whole;
 * when none of the view's events stated one (records published before the contract had it), it is the tranches seen,
 * expired ones included, since they were committed. It is never less than the tranches seen, so no rule ever finds
 * more funded than committed.
 *
 * @param commitmentStated whether a tranche event stated {@code committed}; false when it is only the tranches seen,
 *        which may not be all of them yet
 */
public record InvestorFunding(String roundId, String investor, BigDecimal committed, boolean commitmentStated,
        BigDecimal funded, BigDecimal obligated, BigDecimal contingent, BigDecimal expired, int tranches) {

    /** What one tranche adds to the totals: its state and amount, and the commitment its latest event stated, when. */
    public record TrancheShare(TrancheState state, BigDecimal amount, BigDecimal investorCommitment,
            OffsetDateTime statedAt) {
    }

    /** Orders statements by time; at one instant the larger commitment wins, whatever the order they are read in. */
    private static final Comparator<TrancheShare> LATEST_STATEMENT = Comparator
            .comparing(TrancheShare::statedAt)
            .thenComparing(TrancheShare::investorCommitment);

    public static InvestorFunding of(String roundId, String investor, Collection<TrancheView> tranches) {
        return ofShares(roundId, investor, tranches.stream()
                .map(t -> new TrancheShare(t.state, t.amount, t.investorCommitment, t.lastEventTime))
                .toList());
    }

    public static InvestorFunding ofShares(String roundId, String investor, Collection<TrancheShare> shares) {
        Map<TrancheState, BigDecimal> byState = new EnumMap<>(TrancheState.class);
        shares.forEach(s -> byState.merge(s.state(), s.amount(), BigDecimal::add));
        BigDecimal seen = byState.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Optional<BigDecimal> stated = shares.stream()
                .filter(s -> s.investorCommitment() != null)
                .max(LATEST_STATEMENT)
                .map(TrancheShare::investorCommitment);
        return new InvestorFunding(roundId, investor, stated.map(seen::max).orElse(seen), stated.isPresent(),
                amount(byState, TrancheState.FUNDED), amount(byState, TrancheState.OBLIGATED),
                amount(byState, TrancheState.CONTINGENT), amount(byState, TrancheState.EXPIRED), shares.size());
    }

    private static BigDecimal amount(Map<TrancheState, BigDecimal> byState, TrancheState state) {
        return byState.getOrDefault(state, BigDecimal.ZERO);
    }
}
