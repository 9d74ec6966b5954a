package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each event of a polled batch does to the funding view, decided in partition order before anything is
 * written: a repeat of a recorded (or earlier in the batch) ce_id is a duplicate; otherwise a tranche's versions are
 * applied one after the other from 1: an older or the same version is stale, and a version that skips one, or that
 * moves the tranche to another round or investor, is refused (it goes to the dead-letter topic, not into the view).
 */
final class ViewBatch {

    /** What the view holds of a tranche: the version it has applied and whose tranche it is. */
    record Held(long version, String roundId, String investor) {

        static Held of(TrancheSnapshot tranche) {
            return new Held(tranche.version(), tranche.roundId(), tranche.investor());
        }
    }

    /** One event of the batch and what it does; a refused one says why. */
    record Step(TrancheEvent event, Outcome outcome, DeadLetterReason refusedAs, String refusal) {

        static Step of(TrancheEvent event, Outcome outcome) {
            return new Step(event, outcome, null, null);
        }

        static Step refused(TrancheEvent event, DeadLetterReason reason, String why) {
            return new Step(event, Outcome.REFUSED, reason, why);
        }

        String trancheId() {
            return event.tranche().trancheId();
        }
    }

    private ViewBatch() {
    }

    /**
     * @param heldTranches what the view holds of each of the batch's tranches (absent: not held yet)
     * @param recordedIds the batch's ce_ids that the view recorded before
     */
    static List<Step> decide(List<TrancheEvent> events, Map<String, Held> heldTranches, Set<String> recordedIds) {
        Map<String, Held> held = new HashMap<>(heldTranches);
        Set<String> seen = new HashSet<>(recordedIds);
        List<Step> steps = new ArrayList<>(events.size());
        for (TrancheEvent event : events) {
            if (seen.contains(event.cloudEvent().id())) {
                steps.add(Step.of(event, Outcome.DUPLICATE));
                continue;
            }
            TrancheSnapshot tranche = event.tranche();
            Step step = step(event, held.get(tranche.trancheId()));
            if (step.outcome() != Outcome.REFUSED) {
                // a refused event is not recorded: once re-driven, it is judged again
                seen.add(event.cloudEvent().id());
            }
            if (step.outcome() == Outcome.APPLIED) {
                held.put(tranche.trancheId(), Held.of(tranche));
            }
            steps.add(step);
        }
        return steps;
    }

    private static Step step(TrancheEvent event, Held held) {
        TrancheSnapshot tranche = event.tranche();
        long expected = held == null ? 1 : held.version() + 1;
        if (tranche.version() < expected) {
            return Step.of(event, Outcome.STALE);
        }
        if (tranche.version() > expected) {
            return Step.refused(event, DeadLetterReason.VERSION_GAP, "version " + tranche.version() + " of tranche '"
                    + tranche.trancheId() + "' is not the next one: the view holds "
                    + (held == null ? "none" : "version " + held.version()) + ", so it needs version " + expected
                    + " first");
        }
        if (held != null && !(held.roundId().equals(tranche.roundId()) && held.investor().equals(tranche.investor()))) {
            return Step.refused(event, DeadLetterReason.IDENTITY_CHANGED, "tranche '" + tranche.trancheId()
                    + "' is investor '" + held.investor() + "''s in round '" + held.roundId() + "', not investor '"
                    + tranche.investor() + "''s in round '" + tranche.roundId() + "'");
        }
        return Step.of(event, Outcome.APPLIED);
    }

    /** The steps' applied events, only the last of each tranche: the version the view ends with. */
    static List<TrancheEvent> lastAppliedPerTranche(List<Step> steps) {
        Map<String, TrancheEvent> last = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step.outcome() == Outcome.APPLIED) {
                last.remove(step.trancheId());
                last.put(step.trancheId(), step.event());
            }
        }
        return List.copyOf(last.values());
    }
}
