package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
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

    @Test
    void aBatchWithTwoVersionsOfOneTrancheAppliesBothInPartitionOrder() {
        List<Step> steps = ViewBatch.decide(List.of(event("e1", "t1", 1), event("e2", "t1", 2)), Map.of(), Set.of());
        assertEquals(List.of(Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
        assertEquals(List.of("e2"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void aRepeatedCeIdIsADuplicateWhetherRecordedBeforeOrEarlierInTheBatch() {
        List<Step> steps = ViewBatch.decide(
                List.of(event("e1", "t1", 1), event("e2", "t2", 3), event("e2", "t2", 3), event("e3", "t3", 1)),
                Map.of("t1", amazons(1), "t2", amazons(2)), Set.of("e1"));
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.APPLIED, Outcome.DUPLICATE, Outcome.APPLIED),
                outcomes(steps));
        assertEquals(List.of("e2", "e3"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void anOlderVersionThanTheHeldOneOrOneAppliedEarlierInTheBatchIsStale() {
        List<Step> steps = ViewBatch.decide(
                List.of(event("e4", "t1", 4), event("e3", "t1", 3), event("e9", "t2", 2), event("e8", "t2", 2)),
                Map.of("t1", amazons(3), "t2", amazons(1)), Set.of());
        assertEquals(List.of(Outcome.APPLIED, Outcome.STALE, Outcome.APPLIED, Outcome.STALE), outcomes(steps));
        assertEquals(List.of("e4", "e9"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void aBatchOfRepeatsAndStaleVersionsLeavesNothingToWrite() {
        List<Step> steps = ViewBatch.decide(List.of(event("e1", "t1", 1), event("e7", "t1", 2)),
                Map.of("t1", amazons(2)), Set.of("e1"));
        assertEquals(List.of(Outcome.DUPLICATE, Outcome.STALE), outcomes(steps));
        assertEquals(List.of(), ViewBatch.lastAppliedPerTranche(steps));
    }

    @Test
    void aVersionThatSkipsOneIsRefusedAndSoIsEveryLaterOneUntilTheMissingOneComes() {
        List<Step> steps = ViewBatch.decide(
                List.of(event("e3", "t1", 3), event("e4", "t1", 4), event("e2", "t1", 2), event("e3b", "t1", 3)),
                Map.of("t1", amazons(1)), Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED, Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
        assertEquals(DeadLetterReason.VERSION_GAP, steps.get(0).refusedAs());
        assertEquals("version 3 of tranche 't1' is not the next one: the view holds version 1, so it needs version 2"
                + " first", steps.get(0).refusal());
        assertEquals(List.of("e3b"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void theLargestVersionCannotMakeEveryLaterRealEventStale() {
        List<Step> steps = ViewBatch.decide(List.of(event("forged", "t1", Long.MAX_VALUE), event("real", "t1", 2)),
                Map.of("t1", amazons(1)), Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.APPLIED), outcomes(steps));
        assertEquals(List.of("real"), ids(ViewBatch.lastAppliedPerTranche(steps)));
    }

    @Test
    void aTrancheTheViewDoesNotHoldStartsAtVersionOne() {
        List<Step> steps = ViewBatch.decide(List.of(event("e2", "t9", 2)), Map.of(), Set.of());
        assertEquals(List.of(Outcome.REFUSED), outcomes(steps));
        assertEquals("version 2 of tranche 't9' is not the next one: the view holds none, so it needs version 1 first",
                steps.get(0).refusal());
    }

    @Test
    void aTrancheNeverMovesToAnotherInvestorOrRound() {
        List<Step> steps = ViewBatch.decide(List.of(event("e2", "t1", 2), event("e3", "t2", 2)),
                Map.of("t1", new Held(1, "openai-2026", "Microsoft"), "t2", new Held(1, "openai-2025", "Amazon")),
                Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.REFUSED), outcomes(steps));
        assertEquals(DeadLetterReason.IDENTITY_CHANGED, steps.get(0).refusedAs());
        assertEquals("tranche 't1' is investor 'Microsoft''s in round 'openai-2026', not investor 'Amazon''s in round"
                + " 'openai-2026'", steps.get(0).refusal());
    }

    @Test
    void aRefusedCeIdIsNotTakenAsSeenSoItsRedriveIsJudgedAgain() {
        List<Step> steps = ViewBatch.decide(List.of(event("e3", "t1", 3), event("e2", "t1", 2), event("e3", "t1", 3)),
                Map.of("t1", amazons(1)), Set.of());
        assertEquals(List.of(Outcome.REFUSED, Outcome.APPLIED, Outcome.APPLIED), outcomes(steps));
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
        TrancheSnapshot tranche = new TrancheSnapshot(trancheId, "openai-2026", "Amazon",
                new BigDecimal("15000000000.00"), new BigDecimal("50000000000.00"), TrancheKind.IMMEDIATE,
                TrancheState.COMMITTED, "equity", LocalDate.parse("2026-03-31"), null, null, BigDecimal.ZERO.setScale(2),
                null, null, version);
        CloudEvent cloudEvent = new CloudEvent(ceId, TrancheEventType.COMMITTED.ceType(), "/investment-service",
                trancheId, OffsetDateTime.parse("2026-02-26T12:00:00Z"), "{}");
        return new TrancheEvent(cloudEvent, TrancheEventType.COMMITTED, tranche, null);
    }
}
