package io.dealstream.investment.tranche;

import static io.dealstream.events.tranche.TrancheState.COMMITTED;
import static io.dealstream.events.tranche.TrancheState.CONTINGENT;
import static io.dealstream.events.tranche.TrancheState.EXPIRED;
import static io.dealstream.events.tranche.TrancheState.FUNDED;
import static io.dealstream.events.tranche.TrancheState.OBLIGATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.events.tranche.Trigger;
import io.dealstream.events.tranche.TriggerType;
import io.dealstream.platform.problem.Problem;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every allowed and every refused move of the tranche state machine, without Quarkus. */
class TrancheLifecycleTest {

    static final BigDecimal AMOUNT = new BigDecimal("35000000000.00");
    static final BigDecimal COMMITMENT = new BigDecimal("50000000000.00");
    static final LocalDate EXPIRES_ON = LocalDate.parse("2028-12-31");
    static final LocalDate TODAY = LocalDate.parse("2026-11-23");
    static final LocalDate OPENED_ON = LocalDate.parse("2026-02-26");

    final TrancheLifecycle lifecycle = new TrancheLifecycle(90);

    /** A tranche in {@code state} as the lifecycle would have left it, at version 1. */
    static Tranche tranche(TrancheState state) {
        Tranche t = new Tranche();
        t.id = "t-" + state.name().toLowerCase();
        t.roundId = "round";
        t.investor = "Amazon";
        t.amount = AMOUNT;
        t.investorCommitment = COMMITMENT;
        t.roundOpenedOn = OPENED_ON;
        t.kind = state == COMMITTED ? TrancheKind.IMMEDIATE : TrancheKind.CONTINGENT;
        t.state = state;
        t.expiresOn = t.kind == TrancheKind.CONTINGENT ? EXPIRES_ON : null;
        t.fundedAmount = BigDecimal.ZERO;
        t.version = 1;
        if (state == OBLIGATED) {
            t.triggerType = TriggerType.IPO;
            t.triggerOccurredOn = LocalDate.parse("2026-10-01");
            t.fundingDeadline = LocalDate.parse("2026-12-30");
        } else if (state == FUNDED) {
            t.fundedAmount = AMOUNT;
            t.fundedOn = LocalDate.parse("2026-10-01");
        } else if (state == EXPIRED) {
            t.expiredOn = EXPIRES_ON.plusDays(1);
        }
        return t;
    }

    @Test
    void newTranchesStartCommittedOrContingentByKind() {
        assertEquals(COMMITTED, TrancheLifecycle.initialState(TrancheKind.IMMEDIATE));
        assertEquals(CONTINGENT, TrancheLifecycle.initialState(TrancheKind.CONTINGENT));
    }

    @Test
    void allowedActionsPerState() {
        assertEquals(List.of("fund"), TrancheLifecycle.allowedActions(COMMITTED));
        assertEquals(List.of("fund", "trigger"), TrancheLifecycle.allowedActions(CONTINGENT));
        assertEquals(List.of("fund"), TrancheLifecycle.allowedActions(OBLIGATED));
        assertEquals(List.of(), TrancheLifecycle.allowedActions(FUNDED));
        assertEquals(List.of(), TrancheLifecycle.allowedActions(EXPIRED));
    }

    // ---- allowed moves

    @ParameterizedTest
    @EnumSource(value = TrancheState.class, names = {"COMMITTED", "CONTINGENT", "OBLIGATED"})
    void fundingInFullFundsTheTranche(TrancheState from) {
        Tranche t = tranche(from);
        Trigger triggerBefore = t.snapshot().trigger();

        lifecycle.fund(t, AMOUNT, TODAY, TODAY);

        assertEquals(FUNDED, t.state);
        assertEquals(AMOUNT, t.fundedAmount);
        assertEquals(TODAY, t.fundedOn);
        assertEquals(2, t.version);
        assertEquals(triggerBefore, t.snapshot().trigger(), "funding keeps the trigger that obliged it");
    }

    @Test
    void theAmountIsComparedAsMoneyNotAsText() {
        Tranche t = tranche(COMMITTED);
        t.amount = new BigDecimal("15000000000.00");
        lifecycle.fund(t, new BigDecimal("15000000000"), TODAY, TODAY);
        assertEquals(FUNDED, t.state);
        assertEquals(new BigDecimal("15000000000.00"), t.fundedAmount, "the tranche's own amount is recorded");
    }

    @ParameterizedTest
    @EnumSource(TriggerType.class)
    void anyTriggerObligesAContingentTrancheWithADeadline(TriggerType type) {
        Tranche t = tranche(CONTINGENT);
        LocalDate occurredOn = LocalDate.parse("2026-11-02");

        lifecycle.trigger(t, type, occurredOn, TODAY);

        assertEquals(OBLIGATED, t.state);
        assertEquals(new Trigger(type, occurredOn, LocalDate.parse("2027-01-31")), t.snapshot().trigger());
        assertEquals(2, t.version);
    }

    @Test
    void theObligationWindowIsConfigurable() {
        Tranche t = tranche(CONTINGENT);
        new TrancheLifecycle(30).trigger(t, TriggerType.IPO, LocalDate.parse("2026-11-02"), TODAY);
        assertEquals(LocalDate.parse("2026-12-02"), t.fundingDeadline);
    }

    @Test
    void aContingentTrancheMayBeFundedOrTriggeredOnItsLastDay() {
        Tranche funded = tranche(CONTINGENT);
        lifecycle.fund(funded, AMOUNT, EXPIRES_ON, EXPIRES_ON);
        assertEquals(FUNDED, funded.state);

        Tranche triggered = tranche(CONTINGENT);
        lifecycle.trigger(triggered, TriggerType.MANDATORY_FUNDING_EVENT, EXPIRES_ON, EXPIRES_ON);
        assertEquals(OBLIGATED, triggered.state);
    }

    @Test
    void aTrancheMayBeFundedOrTriggeredOnTheDayItsRoundOpened() {
        Tranche funded = tranche(COMMITTED);
        lifecycle.fund(funded, AMOUNT, OPENED_ON, TODAY);
        assertEquals(OPENED_ON, funded.fundedOn);

        Tranche triggered = tranche(CONTINGENT);
        lifecycle.trigger(triggered, TriggerType.IPO, OPENED_ON, TODAY);
        assertEquals(OPENED_ON, triggered.triggerOccurredOn);
    }

    @Test
    void anObligatedTrancheMayBeFundedOnTheDayOfItsTrigger() {
        Tranche t = tranche(OBLIGATED);
        lifecycle.fund(t, AMOUNT, t.triggerOccurredOn, TODAY);
        assertEquals(FUNDED, t.state);
        assertEquals(LocalDate.parse("2026-10-01"), t.fundedOn);
    }

    // ---- committing

    @ParameterizedTest
    @EnumSource(TrancheKind.class)
    void aNewTrancheStartsInItsKindsStateAtVersion1(TrancheKind kind) {
        Tranche t = newTranche(kind);
        lifecycle.commit(t, TODAY);
        assertEquals(kind == TrancheKind.IMMEDIATE ? COMMITTED : CONTINGENT, t.state);
        assertEquals(1, t.version);
    }

    @Test
    void aContingentTrancheMayBeCommittedOnItsLastDay() {
        Tranche t = newTranche(TrancheKind.CONTINGENT);
        t.expiresOn = TODAY;
        lifecycle.commit(t, TODAY);
        assertEquals(CONTINGENT, t.state);
    }

    @Test
    void aContingentTrancheCannotBeCommittedAlreadyExpired() {
        Tranche t = newTranche(TrancheKind.CONTINGENT);
        t.expiresOn = TODAY.minusDays(1);
        Problem p = assertThrows(Problem.class, () -> lifecycle.commit(t, TODAY));
        assertDateRefused(p, "expiresOn", "2026-11-22 has passed (today is 2026-11-23): a contingent tranche "
                + "cannot be committed already expired", "today", TODAY);
        assertNull(t.state, "nothing set");
    }

    @Test
    void aTrancheCannotBeDueOrExpireBeforeItsRoundOpened() {
        Tranche due = newTranche(TrancheKind.IMMEDIATE);
        due.dueOn = OPENED_ON.minusDays(1);
        assertDateRefused(assertThrows(Problem.class, () -> lifecycle.commit(due, TODAY)), "dueOn",
                "2026-02-25 is before round 'round' opened on 2026-02-26", "roundOpenedOn", OPENED_ON);

        Tranche expiring = newTranche(TrancheKind.CONTINGENT);
        expiring.expiresOn = OPENED_ON.minusDays(1);
        assertDateRefused(assertThrows(Problem.class, () -> lifecycle.commit(expiring, OPENED_ON)), "expiresOn",
                "2026-02-25 is before round 'round' opened on 2026-02-26", "roundOpenedOn", OPENED_ON);
    }

    @Test
    void theSeedRecordsATrancheAsOfTheDayItWasAgreed() {
        Tranche t = newTranche(TrancheKind.CONTINGENT);
        lifecycle.commit(t, OPENED_ON);
        assertEquals(CONTINGENT, t.state);
        assertTrue(TrancheLifecycle.hasLapsed(t, EXPIRES_ON.plusDays(1)), "and the job expires it once lapsed");
    }

    @Test
    void anObligatedTrancheNoLongerExpiresAndMayBeFundedLate() {
        Tranche t = tranche(OBLIGATED);
        LocalDate afterExpiry = EXPIRES_ON.plusMonths(2);
        assertFalse(TrancheLifecycle.hasLapsed(t, afterExpiry));
        lifecycle.fund(t, AMOUNT, afterExpiry, afterExpiry);
        assertEquals(FUNDED, t.state);
    }

    @Test
    void aContingentTrancheLapsesTheDayAfterItsExpiryDate() {
        Tranche t = tranche(CONTINGENT);
        assertFalse(TrancheLifecycle.hasLapsed(t, EXPIRES_ON));
        assertTrue(TrancheLifecycle.hasLapsed(t, EXPIRES_ON.plusDays(1)));

        lifecycle.expire(t, EXPIRES_ON.plusMonths(6));

        assertEquals(EXPIRED, t.state);
        assertEquals(LocalDate.parse("2029-01-01"), t.expiredOn, "the day after its last day, not when noticed");
        assertEquals(2, t.version);
    }

    // ---- refused moves: each leaves the tranche exactly as it was

    @ParameterizedTest
    @EnumSource(value = TrancheState.class, names = {"FUNDED", "EXPIRED"})
    void fundingIsRefusedOnceFundedOrExpired(TrancheState from) {
        Tranche t = tranche(from);
        assertConflict(from, List.of(), t, () -> lifecycle.fund(t, AMOUNT, TODAY, TODAY));
    }

    @ParameterizedTest
    @EnumSource(value = TrancheState.class, names = {"COMMITTED", "OBLIGATED", "FUNDED", "EXPIRED"})
    void onlyAContingentTrancheCanBeTriggered(TrancheState from) {
        Tranche t = tranche(from);
        assertConflict(from, TrancheLifecycle.allowedActions(from), t,
                () -> lifecycle.trigger(t, TriggerType.IPO, TODAY, TODAY));
    }

    @ParameterizedTest
    @EnumSource(value = TrancheState.class, names = {"COMMITTED", "OBLIGATED", "FUNDED", "EXPIRED"})
    void onlyAContingentTrancheCanExpire(TrancheState from) {
        Tranche t = tranche(from);
        t.expiresOn = EXPIRES_ON;
        LocalDate longAfter = EXPIRES_ON.plusYears(1);
        assertFalse(TrancheLifecycle.hasLapsed(t, longAfter));
        assertUnchanged(t, () -> assertThrows(IllegalStateException.class, () -> lifecycle.expire(t, longAfter)));
    }

    @Test
    void aContingentTrancheDoesNotExpireOnOrBeforeItsDate() {
        Tranche t = tranche(CONTINGENT);
        assertUnchanged(t, () -> assertThrows(IllegalStateException.class, () -> lifecycle.expire(t, EXPIRES_ON)));
    }

    @Test
    void aTriggerAfterTheExpiryDateIsRefusedAsExpired() {
        Tranche t = tranche(CONTINGENT);
        LocalDate late = EXPIRES_ON.plusDays(1);
        Problem p = assertConflict(EXPIRED, List.of(), t, () -> lifecycle.trigger(t, TriggerType.IPO, late, late));
        assertEquals("tranche 't-contingent' has expired: its commitment ran out after 2028-12-31 and today is "
                + "2029-01-01, so it can no longer be triggered, whatever the date given", p.getMessage());
        assertEquals(EXPIRES_ON, p.body("/").get("expiresOn"));
    }

    @Test
    void fundingAContingentTrancheAfterTheExpiryDateIsRefusedAsExpired() {
        Tranche t = tranche(CONTINGENT);
        LocalDate late = EXPIRES_ON.plusDays(1);
        Problem p = assertConflict(EXPIRED, List.of(), t, () -> lifecycle.fund(t, AMOUNT, late, late));
        assertEquals("tranche 't-contingent' has expired: its commitment ran out after 2028-12-31 and today is "
                + "2029-01-01, so it can no longer be funded, whatever the date given", p.getMessage());
    }

    /** The backdating hole: the same funding dated today is refused, so is one dated before the expiry. */
    @Test
    void aLapsedTrancheCannotBeFundedByDatingTheFundingBeforeItsExpiry() {
        LocalDate today = EXPIRES_ON.plusDays(5);
        for (LocalDate fundedOn : List.of(today, EXPIRES_ON, EXPIRES_ON.minusDays(30), OPENED_ON)) {
            Tranche t = tranche(CONTINGENT);
            Problem p = assertConflict(EXPIRED, List.of(), t, () -> lifecycle.fund(t, AMOUNT, fundedOn, today));
            assertEquals("tranche 't-contingent' has expired: its commitment ran out after 2028-12-31 and today is "
                    + "2029-01-05, so it can no longer be funded, whatever the date given", p.getMessage());
        }
    }

    @Test
    void aTriggerThatOccurredInTimeButIsRecordedAfterTheExpiryIsRefused() {
        Tranche t = tranche(CONTINGENT);
        assertConflict(EXPIRED, List.of(), t,
                () -> lifecycle.trigger(t, TriggerType.CONFIDENTIAL_IPO_FILING, EXPIRES_ON, EXPIRES_ON.plusDays(1)));
    }

    @ParameterizedTest
    @EnumSource(value = TrancheState.class, names = {"COMMITTED", "CONTINGENT", "OBLIGATED"})
    void fundingDatedBeforeTheRoundOpenedIsRefusedOnFundedOn(TrancheState from) {
        Tranche t = tranche(from);
        Problem p = assertUnprocessable("fundedOn", t,
                () -> lifecycle.fund(t, AMOUNT, LocalDate.parse("2026-01-15"), TODAY));
        assertDateRefused(p, "fundedOn", "2026-01-15 is before round 'round' opened on 2026-02-26",
                "roundOpenedOn", OPENED_ON);
    }

    @Test
    void aTriggerDatedBeforeTheRoundOpenedIsRefusedOnOccurredOn() {
        Tranche t = tranche(CONTINGENT);
        Problem p = assertUnprocessable("occurredOn", t,
                () -> lifecycle.trigger(t, TriggerType.IPO, OPENED_ON.minusDays(1), TODAY));
        assertDateRefused(p, "occurredOn", "2026-02-25 is before round 'round' opened on 2026-02-26",
                "roundOpenedOn", OPENED_ON);
    }

    @Test
    void anObligatedTrancheIsNotFundedBeforeTheTriggerThatObligedIt() {
        Tranche t = tranche(OBLIGATED);
        Problem p = assertUnprocessable("fundedOn", t,
                () -> lifecycle.fund(t, AMOUNT, LocalDate.parse("2026-09-30"), TODAY));
        assertDateRefused(p, "fundedOn", "2026-09-30 is before 2026-10-01, when IPO obliged the tranche: it was "
                + "not funded then", "triggerOccurredOn", LocalDate.parse("2026-10-01"));
    }

    @ParameterizedTest
    @EnumSource(value = TrancheState.class, names = {"COMMITTED", "CONTINGENT", "OBLIGATED"})
    void fundingWithAnotherAmountIsRefusedOnAmount(TrancheState from) {
        Tranche t = tranche(from);
        for (String wrong : List.of("34999999999.99", "35000000000.01", "15000000000")) {
            assertUnprocessable("amount", t, () -> lifecycle.fund(t, new BigDecimal(wrong), TODAY, TODAY));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TrancheState.class, names = {"COMMITTED", "CONTINGENT", "OBLIGATED"})
    void fundingDatedInTheFutureIsRefusedOnFundedOn(TrancheState from) {
        Tranche t = tranche(from);
        Problem p = assertUnprocessable("fundedOn", t, () -> lifecycle.fund(t, AMOUNT, TODAY.plusDays(1), TODAY));
        assertDateRefused(p, "fundedOn", "2026-11-24 is in the future (today is 2026-11-23)", "today", TODAY);
    }

    @Test
    void aTriggerDatedInTheFutureIsRefusedOnOccurredOn() {
        Tranche t = tranche(CONTINGENT);
        Problem p = assertUnprocessable("occurredOn", t,
                () -> lifecycle.trigger(t, TriggerType.IPO, TODAY.plusDays(1), TODAY));
        assertDateRefused(p, "occurredOn", "2026-11-24 is in the future (today is 2026-11-23)", "today", TODAY);
    }

    /** The complete table: each (state, action) pair is either a move to the expected state or a refusal. */
    @ParameterizedTest
    @EnumSource(TrancheState.class)
    void everyStateAndActionIsCovered(TrancheState from) {
        Map<String, TrancheState> moves = Map.of(
                "fund", FUNDED,
                "trigger", OBLIGATED);
        Set<TrancheState> canFund = EnumSet.of(COMMITTED, CONTINGENT, OBLIGATED);
        Set<TrancheState> canTrigger = EnumSet.of(CONTINGENT);
        for (String action : moves.keySet()) {
            Tranche t = tranche(from);
            Runnable move = action.equals("fund")
                    ? () -> lifecycle.fund(t, AMOUNT, TODAY, TODAY)
                    : () -> lifecycle.trigger(t, TriggerType.IPO, TODAY, TODAY);
            boolean allowed = action.equals("fund") ? canFund.contains(from) : canTrigger.contains(from);
            assertEquals(allowed, TrancheLifecycle.allowedActions(from).contains(action), from + " " + action);
            if (allowed) {
                move.run();
                assertEquals(moves.get(action), t.state, from + " " + action);
                assertEquals(2, t.version);
            } else {
                assertConflict(from, TrancheLifecycle.allowedActions(from), t, move);
            }
        }
    }

    private static Problem assertConflict(TrancheState state, List<String> allowed, Tranche t, Runnable move) {
        Problem p = assertRefused(t, move);
        assertEquals(409, p.status(), p.getMessage());
        Map<String, Object> body = p.body("/tranches/" + t.id);
        assertEquals(state, body.get("currentState"));
        assertEquals(allowed, body.get("allowedActions"));
        assertEquals(t.id, body.get("trancheId"));
        return p;
    }

    private static Problem assertUnprocessable(String field, Tranche t, Runnable move) {
        Problem p = assertRefused(t, move);
        assertEquals(422, p.status(), p.getMessage());
        assertEquals(List.of(field), ((List<?>) p.body("/").get("errors")).stream()
                .map(e -> ((Problem.FieldError) e).field()).toList());
        return p;
    }

    /** A 422 on {@code field} saying {@code message}, with the date that decides as member {@code decides}. */
    private static void assertDateRefused(Problem p, String field, String message, String decides, LocalDate date) {
        assertEquals(422, p.status(), p.getMessage());
        Map<String, Object> body = p.body("/");
        assertEquals(field + ": " + message, body.get("detail"));
        assertEquals(List.of(new Problem.FieldError(field, message)), body.get("errors"));
        assertEquals(date, body.get(decides));
    }

    /** A tranche of {@code kind} as POST /tranches reads it, before the lifecycle commits it. */
    private static Tranche newTranche(TrancheKind kind) {
        Tranche t = new Tranche();
        t.id = "t-new";
        t.roundId = "round";
        t.investor = "Amazon";
        t.amount = AMOUNT;
        t.investorCommitment = COMMITMENT;
        t.roundOpenedOn = OPENED_ON;
        t.kind = kind;
        t.expiresOn = kind == TrancheKind.CONTINGENT ? EXPIRES_ON : null;
        t.fundedAmount = BigDecimal.ZERO;
        return t;
    }

    private static Problem assertRefused(Tranche t, Runnable move) {
        TrancheSnapshot before = t.snapshot();
        Problem p = assertThrows(Problem.class, move::run);
        assertEquals(before, t.snapshot(), "a refused move changes nothing");
        return p;
    }

    private static void assertUnchanged(Tranche t, Runnable check) {
        TrancheSnapshot before = t.snapshot();
        check.run();
        assertEquals(before, t.snapshot(), "a refused move changes nothing");
    }
}
