package io.dealstream.investment.tranche;

import static io.dealstream.events.tranche.TrancheState.COMMITTED;
import static io.dealstream.events.tranche.TrancheState.CONTINGENT;
import static io.dealstream.events.tranche.TrancheState.EXPIRED;
import static io.dealstream.events.tranche.TrancheState.FUNDED;
import static io.dealstream.events.tranche.TrancheState.OBLIGATED;

import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.events.tranche.TriggerType;
import io.dealstream.platform.problem.Problem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The tranche state machine, in plain Java:
 *
 * <pre>
 * COMMITTED  --fund-->    FUNDED
 * CONTINGENT --trigger--> OBLIGATED --fund--> FUNDED
 * CONTINGENT --fund-->    FUNDED      (the investor's discretion)
 * CONTINGENT --expire-->  EXPIRED     (by the expiry job, once today is past expiresOn)
 * </pre>
 *
 * Every move bumps the tranche's version. A refused move changes nothing and throws a {@link Problem}: 409
 * naming the current state and the allowed actions, or 422 naming the field at fault.
 */
public final class TrancheLifecycle {

    public static final String FUND = "fund";
    public static final String TRIGGER = "trigger";

    private final int obligationWindowDays;

    /** @param obligationWindowDays how long a trigger gives the investor to fund (an assumption: not public) */
    public TrancheLifecycle(int obligationWindowDays) {
        this.obligationWindowDays = obligationWindowDays;
    }

    public static TrancheState initialState(TrancheKind kind) {
        return kind == TrancheKind.IMMEDIATE ? COMMITTED : CONTINGENT;
    }

    /** What can be asked of a tranche in {@code state}; expiry is not among them, only the job expires. */
    public static List<String> allowedActions(TrancheState state) {
        return switch (state) {
            case COMMITTED, OBLIGATED -> List.of(FUND);
            case CONTINGENT -> List.of(FUND, TRIGGER);
            case FUNDED, EXPIRED -> List.of();
        };
    }

    /** The investor pays the full amount in on {@code fundedOn}. */
    public void fund(Tranche tranche, BigDecimal amount, LocalDate fundedOn, LocalDate today) {
        requireAllowed(tranche, FUND);
        requireNotAfterToday("fundedOn", fundedOn, today);
        // compareTo, not equals: 15000000000 is the same money as 15000000000.00
        if (amount.compareTo(tranche.amount) != 0) {
            throw Problem.unprocessable("amount", "a tranche is funded in full: expected "
                    + tranche.amount.toPlainString() + ", got " + amount.toPlainString());
        }
        if (tranche.state == CONTINGENT && fundedOn.isAfter(tranche.expiresOn)) {
            throw expired(tranche, "funded on " + fundedOn);
        }
        tranche.state = FUNDED;
        tranche.fundedAmount = tranche.amount;
        tranche.fundedOn = fundedOn;
        tranche.version++;
    }

    /** A trigger obliges the investor to fund a contingent tranche within the obligation window. */
    public void trigger(Tranche tranche, TriggerType type, LocalDate occurredOn, LocalDate today) {
        requireAllowed(tranche, TRIGGER);
        requireNotAfterToday("occurredOn", occurredOn, today);
        if (occurredOn.isAfter(tranche.expiresOn)) {
            throw expired(tranche, type + " on " + occurredOn);
        }
        tranche.state = OBLIGATED;
        tranche.triggerType = type;
        tranche.triggerOccurredOn = occurredOn;
        tranche.fundingDeadline = occurredOn.plusDays(obligationWindowDays);
        tranche.version++;
    }

    /** Whether a contingent tranche's commitment has run out: {@code today} is past its expiry date. */
    public static boolean hasLapsed(Tranche tranche, LocalDate today) {
        return tranche.state == CONTINGENT && today.isAfter(tranche.expiresOn);
    }

    /** Expires a lapsed tranche; it expired the day after its last day, however late the job noticed. */
    public void expire(Tranche tranche, LocalDate today) {
        if (!hasLapsed(tranche, today)) {
            throw new IllegalStateException("tranche " + tranche.id + " (" + tranche.state + ", expires "
                    + tranche.expiresOn + ") has not lapsed on " + today);
        }
        tranche.state = EXPIRED;
        tranche.expiredOn = tranche.expiresOn.plusDays(1);
        tranche.version++;
    }

    private static void requireAllowed(Tranche tranche, String action) {
        List<String> allowed = allowedActions(tranche.state);
        if (!allowed.contains(action)) {
            throw conflict(tranche, "tranche '" + tranche.id + "' is " + tranche.state + ": cannot " + action
                    + " it", allowed);
        }
    }

    private static void requireNotAfterToday(String field, LocalDate date, LocalDate today) {
        if (date.isAfter(today)) {
            throw Problem.unprocessable(field, date + " is in the future (today is " + today + ")");
        }
    }

    private static Problem expired(Tranche tranche, String what) {
        return conflict(tranche, "tranche '" + tranche.id + "': " + what + " is after " + tranche.expiresOn
                + ", when the commitment expired", allowedActions(tranche.state));
    }

    private static Problem conflict(Tranche tranche, String detail, List<String> allowed) {
        return Problem.conflict(detail, Map.of("trancheId", tranche.id, "currentState", tranche.state,
                "allowedActions", allowed));
    }
}
