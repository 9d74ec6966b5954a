package io.dealstream.fundingview;

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
 * written: a repeat of a recorded (or earlier in the batch) ce_id is a duplicate, otherwise only a newer version of
 * its tranche than the one held (or applied earlier in the batch) is applied.
 */
final class ViewBatch {

    /** One event of the batch and what it does. */
    record Step(TrancheEvent event, Outcome outcome) {

        String trancheId() {
            return event.tranche().trancheId();
        }
    }

    private ViewBatch() {
    }

    /**
     * @param heldVersions the version of each of the batch's tranches the view holds (absent: not held yet)
     * @param recordedIds the batch's ce_ids that the view recorded before
     */
    static List<Step> decide(List<TrancheEvent> events, Map<String, Long> heldVersions, Set<String> recordedIds) {
        Map<String, Long> held = new HashMap<>(heldVersions);
        Set<String> seen = new HashSet<>(recordedIds);
        List<Step> steps = new ArrayList<>(events.size());
        for (TrancheEvent event : events) {
            if (!seen.add(event.cloudEvent().id())) {
                steps.add(new Step(event, Outcome.DUPLICATE));
                continue;
            }
            String trancheId = event.tranche().trancheId();
            Outcome outcome = Outcome.forVersion(held.get(trancheId), event.tranche().version());
            if (outcome == Outcome.APPLIED) {
                held.put(trancheId, event.tranche().version());
            }
            steps.add(new Step(event, outcome));
        }
        return steps;
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
