package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.fundingview.TrancheEventReader.RoundEvent;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import io.dealstream.fundingview.ViewBatch.Held;
import io.dealstream.fundingview.ViewBatch.Step;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ViewBatchTest {

    static final String ROUND = "openai-2026";
    static final RoundSnapshot DEAL = new RoundSnapshot(ROUND, "OpenAI 2026 funding round",
            new BigDecimal("110000000000.00"), new BigDecimal("730000000000.00"), LocalDate.parse("2026-02-26"),
            List.of(new RoundCommitment("Amazon", new BigDecimal("50000000000.00")),
                    new RoundCommitment("SoftBank", new BigDecimal("30000000000.00")),
                    new RoundCommitment("Nvidia", new BigDecimal("30000000000.00"))));
    /** The rounds the view knows in most tests: the deal's. */
    static final Map<String, RoundSnapshot> ROUNDS = Map.of(ROUND, DEAL);

    @Test
    void aBatchWithTwoVersionsOfOneTrancheAppliesBothInPartitionOrder() {
        List<Step> steps = ViewBatch.decide(List.of(event("e1", "t1", 1), event("e2", "t1", 2)), Map.of(), ROUNDS,
                Set.of());
        assertEquals(List.of(Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
        assertEquals(List.of("e2"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void aRepeatedCeIdIsADuplicateWhetherRecordedBeforeOrEarlierInTheBatch() {
        List<Step> steps = ViewBatch.decide(
                List.of(event("e1", "t1", 1), event("e2", "t2", 3), event("e2", "t2", 3), event("e3", "t3", 1)),
                Map.of("t1", amazons(1), "t2", amazons(2)), ROUNDS, Set.of("e1"));
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.APPLIED, Outcome.DUPLICATE, Outcome.APPLIED),
                outcomes(steps));
        assertEquals(List.of("e2", "e3"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void anOlderVersionThanTheHeldOneOrOneAppliedEarlierInTheBatchIsStale() {
        List<Step> steps = ViewBatch.decide(
                List.of(event("e4", "t1", 4), event("e3", "t1", 3), event("e9", "t2", 2), event("e8", "t2", 2)),
                Map.of("t1", amazons(3), "t2", amazons(1)), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.APPLIED, Outcome.STALE, Outcome.APPLIED, Outcome.STALE), outcomes(steps));
        assertEquals(List.of("e4", "e9"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void aBatchOfRepeatsAndStaleVersionsLeavesNothingToWrite() {
        List<Step> steps = ViewBatch.decide(List.of(event("e1", "t1", 1), event("e7", "t1", 2)),
                Map.of("t1", amazons(2)), ROUNDS, Set.of("e1"));
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.STALE), outcomes(steps));
        assertEquals(List.of(), ViewBatch.lastAppliedPerTranche(steps));
    }

    @Test
    void aVersionThatSkipsOneIsRefusedAndSoIsEveryLaterOneUntilTheMissingOneComes() {
        List<Step> steps = ViewBatch.decide(
                List.of(event("e3", "t1", 3), event("e4", "t1", 4), event("e2", "t1", 2), event("e3b", "t1", 3)),
                Map.of("t1", amazons(1)), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED, Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
        assertEquals(DeadLetterReason.VERSION_GAP, steps.get(0).refusedAs());
        assertEquals("version 3 of tranche 't1' is not the next one: the view holds version 1, so it needs version 2"
                + " first", steps.get(0).refusal());
        assertEquals(List.of("e3b"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void theLargestVersionCannotMakeEveryLaterRealEventStale() {
        List<Step> steps = ViewBatch.decide(List.of(event("forged", "t1", Long.MAX_VALUE), event("real", "t1", 2)),
                Map.of("t1", amazons(1)), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.APPLIED), outcomes(steps));
        assertEquals(List.of("real"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void aTrancheTheViewDoesNotHoldStartsAtVersionOne() {
        List<Step> steps = ViewBatch.decide(List.of(event("e2", "t9", 2)), Map.of(), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED), outcomes(steps));
        assertEquals("version 2 of tranche 't9' is not the next one: the view holds none, so it needs version 1 first",
                steps.get(0).refusal());
    }

    @Test
    void aTrancheNeverMovesToAnotherInvestorOrRound() {
        List<Step> steps = ViewBatch.decide(List.of(event("e2", "t1", 2), event("e3", "t2", 2)),
                Map.of("t1", new Held(1, "openai-2026", "Microsoft"), "t2", new Held(1, "openai-2025", "Amazon")),
                ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED), outcomes(steps));
        assertEquals(DeadLetterReason.IDENTITY_CHANGED, steps.get(0).refusedAs());
        assertEquals("tranche 't1' is investor 'Microsoft''s in round 'openai-2026', not investor 'Amazon''s in round"
                + " 'openai-2026'", steps.get(0).refusal());
    }

    @Test
    void aRefusedCeIdIsNotTakenAsSeenSoItsRedriveIsJudgedAgain() {
        List<Step> steps = ViewBatch.decide(List.of(event("e3", "t1", 3), event("e2", "t1", 2), event("e3", "t1", 3)),
                Map.of("t1", amazons(1)), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
    }

    @Test
    void aTrancheOfARoundTheViewDoesNotKnowIsRefusedAsUnknownRound() {
        List<Step> steps = ViewBatch.decide(
                List.of(event("e1", "ghost-1", "ghost-round", "Amazon", "50000000000.00", 1)), Map.of(), ROUNDS,
                Set.of());
        assertEquals(List.of(Outcome.REFUSED), outcomes(steps));
        assertEquals(DeadLetterReason.UNKNOWN_ROUND, steps.get(0).refusedAs());
        assertEquals("tranche 'ghost-1' is of round 'ghost-round', which the view does not know: no RoundOpened of it"
                + " came before", steps.get(0).refusal());
    }

    @Test
    void aTrancheOfAnInvestorItsKnownRoundDoesNotListIsRefusedAsUnknownInvestor() {
        List<Step> steps = ViewBatch.decide(List.of(event("e1", "forged-1", ROUND, "Mallory", "50000000000.00", 1)),
                Map.of(), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED), outcomes(steps));
        assertEquals(DeadLetterReason.UNKNOWN_INVESTOR, steps.get(0).refusedAs());
        assertEquals("tranche 'forged-1' is investor 'Mallory''s, whom round 'openai-2026' does not list",
                steps.get(0).refusal());
    }

    @Test
    void aTrancheStatingAnotherCommitmentThanItsRoundListsIsRefusedAndOneStatingNoneIsTaken() {
        List<Step> steps = ViewBatch.decide(List.of(
                event("inflated", "t1", ROUND, "Amazon", "500000000000.00", 1),
                event("before-the-field", "t2", ROUND, "SoftBank", null, 1),
                event("to-the-cent", "t3", ROUND, "Nvidia", "30000000000", 1)), Map.of(), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
        assertEquals(DeadLetterReason.COMMITMENT_MISMATCH, steps.get(0).refusedAs());
        assertEquals("tranche 't1' states investor 'Amazon''s commitment as 500000000000.00 USD; round 'openai-2026'"
                + " lists 50000000000.00 USD", steps.get(0).refusal());
    }

    @Test
    void aRoundOpenedEarlierInTheBatchMakesItsTranchesAcceptableAndOneOpenedLaterDoesNot() {
        RoundSnapshot seed = round("seed-2026", "Amazon", "1000000.00");
        List<Step> steps = ViewBatch.decide(List.of(
                event("early", "s0", "seed-2026", "Amazon", "1000000.00", 1),
                opened("o1", seed),
                event("e1", "s1", "seed-2026", "Amazon", "1000000.00", 1),
                event("e2", "s1", "seed-2026", "Amazon", "1000000.00", 2)), Map.of(), Map.of(), Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.APPLIED, Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
        assertEquals(DeadLetterReason.UNKNOWN_ROUND, steps.get(0).refusedAs());
        assertEquals(List.of("o1"), ViewBatch.openedRounds(steps).stream().map(e -> e.cloudEvent().id()).toList());
        assertEquals(List.of("e2"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void aRoundOpenedAgainAsItIsIsADuplicateWhetherKnownBeforeOrEarlierInTheBatch() {
        RoundSnapshot seed = round("seed-2026", "Amazon", "1000000.00");
        RoundSnapshot sameInWholeDollars = round("seed-2026", "Amazon", "1000000");
        List<Step> steps = ViewBatch.decide(List.of(opened("o1", seed), opened("o2", sameInWholeDollars),
                opened("o3", DEAL)), Map.of(), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE), outcomes(steps));
        assertEquals(List.of("o1"), ViewBatch.openedRounds(steps).stream().map(e -> e.cloudEvent().id()).toList());
    }

    @Test
    void aRoundOpenedAgainWithOtherFiguresIsRefusedAsChangedAndTheRoundStaysAsItOpened() {
        RoundSnapshot less = new RoundSnapshot(ROUND, DEAL.name(), DEAL.amount(), DEAL.preMoneyValuation(),
                DEAL.openedOn(), List.of(new RoundCommitment("Amazon", new BigDecimal("40000000000.00")),
                        DEAL.investors().get(1), DEAL.investors().get(2)));
        List<Step> steps = ViewBatch.decide(List.of(opened("changed", less),
                event("e1", "t1", ROUND, "Amazon", "40000000000.00", 1),
                event("e2", "t2", ROUND, "Amazon", "50000000000.00", 1)), Map.of(), ROUNDS, Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED, Outcome.APPLIED), outcomes(steps));
        assertEquals(DeadLetterReason.ROUND_CHANGED, steps.get(0).refusedAs());
        assertEquals("round 'openai-2026' opened with investor 1 'Amazon' 50000000000.00 USD, not 'Amazon'"
                + " 40000000000.00 USD: a round never changes", steps.get(0).refusal());
        assertEquals(DeadLetterReason.COMMITMENT_MISMATCH, steps.get(1).refusedAs());
        assertEquals(List.of(), ViewBatch.openedRounds(steps));
    }

    @Test
    void aChangedRoundIsToldByItsFirstDifference() {
        assertEquals(null, ViewBatch.difference(DEAL, DEAL));
        assertEquals("name 'OpenAI 2026 funding round', not 'renamed'", ViewBatch.difference(DEAL,
                new RoundSnapshot(ROUND, "renamed", DEAL.amount(), DEAL.preMoneyValuation(), DEAL.openedOn(),
                        DEAL.investors())));
        assertEquals("day 2026-02-26, not 2026-02-27", ViewBatch.difference(DEAL, new RoundSnapshot(ROUND,
                DEAL.name(), DEAL.amount(), DEAL.preMoneyValuation(), LocalDate.parse("2026-02-27"),
                DEAL.investors())));
        assertEquals("amount 110000000000.00 USD, not 120000000000.00 USD", ViewBatch.difference(DEAL,
                new RoundSnapshot(ROUND, DEAL.name(), new BigDecimal("120000000000.00"), DEAL.preMoneyValuation(),
                        DEAL.openedOn(), DEAL.investors())));
        assertEquals("pre-money valuation 730000000000.00 USD, not 1.00 USD", ViewBatch.difference(DEAL,
                new RoundSnapshot(ROUND, DEAL.name(), DEAL.amount(), new BigDecimal("1"), DEAL.openedOn(),
                        DEAL.investors())));
        assertEquals("investor 3 'Nvidia' 30000000000.00 USD, not none", ViewBatch.difference(DEAL,
                new RoundSnapshot(ROUND, DEAL.name(), DEAL.amount(), DEAL.preMoneyValuation(), DEAL.openedOn(),
                        DEAL.investors().subList(0, 2))));
        assertEquals("investor 1 'Amazon' 50000000000.00 USD, not 'SoftBank' 30000000000.00 USD",
                ViewBatch.difference(DEAL, new RoundSnapshot(ROUND, DEAL.name(), DEAL.amount(),
                        DEAL.preMoneyValuation(), DEAL.openedOn(), List.of(DEAL.investors().get(1),
                                DEAL.investors().get(0), DEAL.investors().get(2)))));
    }

    private static RoundSnapshot round(String roundId, String investor, String committed) {
        return new RoundSnapshot(roundId, "round " + roundId, new BigDecimal("1000000.00"),
                new BigDecimal("9000000.00"), LocalDate.parse("2026-01-01"),
                List.of(new RoundCommitment(investor, new BigDecimal(committed))));
    }

    private static RoundEvent opened(String ceId, RoundSnapshot round) {
        CloudEvent cloudEvent = new CloudEvent(ceId, RoundEventType.OPENED.ceType(), "/investment-service",
                round.roundId(), OffsetDateTime.parse("2026-02-26T12:00:00Z"), "{}");
        return new RoundEvent(cloudEvent, round, null);
    }

    private static Held amazons(long version) {
        return new Held(version, "openai-2026", "Amazon");
    }

    private static List<Outcome> outcomes(List<Step> steps) {
        return steps.stream().map(Step::outcome).toList();
    }

    private static List<String> ids(List<TrancheEvent> events) {
        return events.stream().map(e -> e.cloudEvent().id()).toList();
    }

    private static TrancheEvent event(String ceId, String trancheId, long version) {
        return event(ceId, trancheId, ROUND, "Amazon", "50000000000.00", version);
    }

    /** A $1M tranche of {@code investor} in {@code roundId}, stating {@code commitment} (null: none). */
    private static TrancheEvent event(String ceId, String trancheId, String roundId, String investor,
            String commitment, long version) {
        TrancheSnapshot tranche = new TrancheSnapshot(trancheId, roundId, investor,
                new BigDecimal("1000000.00"), commitment == null ? null : new BigDecimal(commitment),
                TrancheKind.IMMEDIATE, TrancheState.COMMITTED, "equity", LocalDate.parse("2026-03-31"), null, null,
                BigDecimal.ZERO.setScale(2), null, null, version);
        CloudEvent cloudEvent = new CloudEvent(ceId, TrancheEventType.COMMITTED.ceType(), "/investment-service",
                trancheId, OffsetDateTime.parse("2026-02-26T12:00:00Z"), "{}");
        return new TrancheEvent(cloudEvent, TrancheEventType.COMMITTED, tranche, null);
    }
}
