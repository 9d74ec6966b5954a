package io.dealstream.events.tranche;

import static io.dealstream.events.Require.notNegative;
import static io.dealstream.events.Require.presentField;
import static io.dealstream.events.Require.positiveVersion;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The body of every tranche event: the tranche's full state after the change, and its version (1 for the
 * commitment, +1 per change). A consumer that has applied version n ignores any version up to n.
 *
 * @param amount the tranche amount in USD, exact
 * @param fundedAmount what has been paid in, in USD: 0 or the full amount
 * @param trigger the trigger that obliged the tranche, or null
 */
public record TrancheSnapshot(
        String trancheId,
        String roundId,
        String investor,
        BigDecimal amount,
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
        presentField(trancheId, "trancheId");
        presentField(roundId, "roundId");
        presentField(investor, "investor");
        notNegative(amount, "amount");
        presentField(kind, "kind");
        presentField(state, "state");
        notNegative(fundedAmount, "fundedAmount");
        positiveVersion(version, "version");
    }
}
