package io.dealstream.investment.tranche;

import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.events.tranche.TriggerType;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A tranche as the REST API returns it. Its own record, apart from the event contract's {@code TrancheSnapshot},
 * so that the API and the events can change apart; today both carry the same fields.
 *
 * @param amount the tranche amount in USD, exact
 * @param fundedAmount what has been paid in, in USD: 0 or the full amount
 * @param trigger the trigger that obliged the tranche, or null
 * @param version 1 when committed, +1 per change
 */
public record TrancheResponse(
        String trancheId,
        String roundId,
        String investor,
        BigDecimal amount,
        TrancheKind kind,
        TrancheState state,
        String security,
        LocalDate dueOn,
        LocalDate expiresOn,
        Obligation trigger,
        BigDecimal fundedAmount,
        LocalDate fundedOn,
        LocalDate expiredOn,
        long version) {

    /** The trigger that obliged a contingent tranche, and the day by which it must be funded. */
    public record Obligation(TriggerType type, LocalDate occurredOn, LocalDate fundingDeadline) {
    }

    static TrancheResponse of(Tranche t) {
        Obligation trigger = t.triggerType == null ? null
                : new Obligation(t.triggerType, t.triggerOccurredOn, t.fundingDeadline);
        return new TrancheResponse(t.id, t.roundId, t.investor, t.amount, t.kind, t.state, t.security, t.dueOn,
                t.expiresOn, trigger, t.fundedAmount, t.fundedOn, t.expiredOn, t.version);
    }
}
