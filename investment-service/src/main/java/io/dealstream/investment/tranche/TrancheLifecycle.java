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
 * naming the current state and the allowed actions, or 422 naming the field at fault and the date that decides.
 *
 * <p>The date rules (investment-service README, "Dates"): a tranche is funded, triggered and due no earlier than its
 * round opened, and funded or triggered no later than today; an obligated tranche is funded no earlier than the
 * trigger that obliged it; a contingent tranche is committed no later than its expiry date, and once today is past
 * that date it is EXPIRED for every funding and trigger, whatever day they give, before the expiry job has recorded it
 * too.
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

    /**
     * A new tranche of its kind's initial state at version 1, recorded on {@code today}: not due before its round
     * opened, and, if contingent, not already expired.
     */
    public void commit(Tranche tranche, LocalDate today) {
        if (tranche.dueOn != null) {
            requireNotBeforeOpened("dueOn", tranche.dueOn, tranche);
        }
        if (tranche.kind == TrancheKind.CONTINGENT) {
            requireNotBeforeOpened("expiresOn", tranche.expiresOn, tranche);
            if (tranche.expiresOn.isBefore(today)) {
                throw dateRefused("expiresOn", tranche.expiresOn + " has passed (today is " + today
                        + "): a contingent tranche cannot be committed already expired", "today", today);
            }
        }
        tranche.state = initialState(tranche.kind);
        tranche.version = 1;
    }

    /** The investor pays the full amount in on {@code fundedOn}. */
    public void fund(Tranche tranche, BigDecimal amount, LocalDate fundedOn, LocalDate today) {
        requireAllowed(tranche, FUND);
        requireNotLapsed(tranche, today, "funded");
        requireNotAfterToday("fundedOn", fundedOn, today);
        requireNotBeforeOpened("fundedOn", fundedOn, tranche);
        if (tranche.state == OBLIGATED && fundedOn.isBefore(tranche.triggerOccurredOn)) {
            throw dateRefused("fundedOn", fundedOn + " is before " + tranche.triggerOccurredOn + ", when "
                    + tranche.triggerType + " obliged the tranche: it was not funded then", "triggerOccurredOn",
                    tranche.triggerOccurredOn);
        }
        // compareTo, not equals: 15000000000 is the same money as 15000000000.00
        if (amount.compareTo(tranche.amount) != 0) {
            throw Problem.unprocessable("amount", "a tranche is funded in full: expected "
                    + tranche.amount.toPlainString() + ", got " + amount.toPlainString());
        }
        tranche.state = FUNDED;
        tranche.fundedAmount = tranche.amount;
        tranche.fundedOn = fundedOn;
        tranche.version++;
    }

    /** A trigger obliges the investor to fund a contingent tranche within the obligation window. */
    public void trigger(Tranche tranche, TriggerType type, LocalDate occurredOn, LocalDate today) {
        requireAllowed(tranche, TRIGGER);
        requireNotLapsed(tranche, today, "triggered");
        requireNotAfterToday("occurredOn", occurredOn, today);
        requireNotBeforeOpened("occurredOn", occurredOn, tranche);
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
                    + " it", tranche.state, allowed);
        }
    }

    /**
     * A lapsed tranche is EXPIRED by the service's clock, not by the day a request gives: a funding or trigger dated
     * back to before the expiry date is refused as one dated today is, and the same whether the job ran yet or not.
     */
    private static void requireNotLapsed(Tranche tranche, LocalDate today, String what) {
        if (hasLapsed(tranche, today)) {
            throw Problem.conflict("tranche '" + tranche.id + "' has expired: its commitment ran out after "
                    + tranche.expiresOn + " and today is " + today + ", so it can no longer be " + what
                    + ", whatever the date given", Map.of("trancheId", tranche.id, "currentState", EXPIRED,
                    "allowedActions", allowedActions(EXPIRED), "expiresOn", tranche.expiresOn));
        }
    }

    private static void requireNotAfterToday(String field, LocalDate date, LocalDate today) {
        if (date.isAfter(today)) {
            throw dateRefused(field, date + " is in the future (today is " + today + ")", "today", today);
        }
    }

    private static void requireNotBeforeOpened(String field, LocalDate date, Tranche tranche) {
        if (date.isBefore(tranche.roundOpenedOn)) {
            throw dateRefused(field, date + " is before round '" + tranche.roundId + "' opened on "
                    + tranche.roundOpenedOn, "roundOpenedOn", tranche.roundOpenedOn);
        }
    }

    /** 422 on {@code field}, with the date that decides as an extension member named {@code decides}. */
    private static Problem dateRefused(String field, String message, String decides, LocalDate date) {
        return new Problem(422, "Unprocessable Content", field + ": " + message,
                List.of(new Problem.FieldError(field, message)), Map.of(decides, date));
    }

    private static Problem conflict(Tranche tranche, String detail, TrancheState state, List<String> allowed) {
        return Problem.conflict(detail, Map.of("trancheId", tranche.id, "currentState", state,
                "allowedActions", allowed));
    }
}
