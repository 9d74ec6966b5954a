package io.dealstream.events.tranche;

import static io.dealstream.events.Require.absentOrAtLeast;
import static io.dealstream.events.Require.atMost;
import static io.dealstream.events.Require.id;
import static io.dealstream.events.Require.inRange;
import static io.dealstream.events.Require.presentField;
import static io.dealstream.events.Require.positiveVersion;
import static io.dealstream.events.Require.usd;

import io.dealstream.events.Limits;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The body of every tranche event: the tranche's full state after the change, and its version (1 for the
 * commitment, +1 per change). A consumer that has applied version n ignores any version up to n.
 *
 * @param amount the tranche amount in USD, exact
 * @param investorCommitment the investor's total commitment in the round, in USD, as investment-service states it
 *        when it publishes: the round's committed amount for that investor (its cap-table line), which every tranche
 *        of the investor is a part of, so it is at least {@code amount} and at least the sum of the investor's
 *        tranches. It is the one definition of "committed" for the consumers: the one of the latest event (by
 *        {@code ce_time}) they have applied for the investor in the round. Records published before the field
 *        existed lack it (null); a consumer that has seen none with it counts the tranches it has seen of that
 *        investor as its commitment. A reader older than the field refuses it (unknown property), so consumers are
 *        upgraded before the producer.
 * @param fundedAmount what has been paid in, in USD: the full amount once FUNDED, 0 before
 * @param trigger the trigger that obliged the tranche, or null
 */
public record TrancheSnapshot(
        String trancheId,
        String roundId,
        String investor,
        BigDecimal amount,
        BigDecimal investorCommitment,
        TrancheKind kind,
        TrancheState state,
        String security,
        LocalDate dueOn,
        LocalDate expiresOn,
        Trigger trigger,
        BigDecimal fundedAmount,
        LocalDate fundedOn,
        LocalDate expiredOn,
        long version) {

    public TrancheSnapshot {
        id(trancheId, "trancheId");
        id(roundId, "roundId");
        atMost(presentField(investor, "investor"), Limits.INVESTOR, "investor");
        atMost(security, Limits.SECURITY, "security");
        usd(presentField(amount, "amount"), "amount");
        absentOrAtLeast(usd(investorCommitment, "investorCommitment"), amount, "investorCommitment", "amount");
        presentField(kind, "kind");
        presentField(state, "state");
        usd(presentField(fundedAmount, "fundedAmount"), "fundedAmount");
        if (state == TrancheState.FUNDED ? fundedAmount.compareTo(amount) != 0 : fundedAmount.signum() != 0) {
            throw new IllegalArgumentException("field 'fundedAmount' is " + fundedAmount.toPlainString()
                    + " in state " + state + ": it must be " + (state == TrancheState.FUNDED ? "'amount'" : "0")
                    + " (" + (state == TrancheState.FUNDED ? amount.toPlainString() : "0") + ")");
        }
        inRange(dueOn, "dueOn");
        inRange(expiresOn, "expiresOn");
        inRange(fundedOn, "fundedOn");
        inRange(expiredOn, "expiredOn");
        if (trigger != null) {
            inRange(trigger.occurredOn(), "trigger.occurredOn");
            inRange(trigger.fundingDeadline(), "trigger.fundingDeadline");
        }
        positiveVersion(version, "version");
    }
}
