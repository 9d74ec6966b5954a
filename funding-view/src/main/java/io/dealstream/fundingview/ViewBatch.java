package io.dealstream.fundingview;

import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.fundingview.TrancheEventReader.InvestmentEvent;
import io.dealstream.fundingview.TrancheEventReader.RoundEvent;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each event of a polled batch does to the funding view, decided in partition order before anything is
 * written. A repeat of a recorded (or earlier in the batch) ce_id is a duplicate. A round's opening is applied once:
 * the same opening again is a duplicate, another one of a known round is refused (a round never changes). A tranche
 * event counts only in a round the view knows (opened before it, in the view or earlier in the batch), of an investor
 * that round lists, with the commitment it lists for that investor; then a tranche's versions are applied one after
 * the other from 1: an older or the same version is stale, and a version that skips one, or that moves the tranche to
 * another round or investor, is refused. A refused event goes to the dead-letter topic, not into the view.
 */
final class ViewBatch {

    /** What the view holds of a tranche: the version it has applied and whose tranche it is. */
    record Held(long version, String roundId, String investor) {

        static Held of(TrancheSnapshot tranche) {
            return new Held(tranche.version(), tranche.roundId(), tranche.investor());
        }
    }

    /** One event of the batch and what it does; a refused one says why. */
    record Step(InvestmentEvent event, Outcome outcome, DeadLetterReason refusedAs, String refusal) {

        static Step of(InvestmentEvent event, Outcome outcome) {
            return new Step(event, outcome, null, null);
        }

        static Step refused(InvestmentEvent event, DeadLetterReason reason, String why) {
            return new Step(event, Outcome.REFUSED, reason, why);
        }

        /** Why the view refused the event, as the dead-letter header says it. */
        String told() {
            return refusedAs.because(refusal);
        }
    }

    private ViewBatch() {
    }

    /**
     * @param heldTranches what the view holds of each of the batch's tranches (absent: not held yet)
     * @param knownRounds the rounds of the batch's events that the view knows (absent: not known yet)
     * @param recordedIds the batch's ce_ids that the view recorded before
     */
    static List<Step> decide(List<? extends InvestmentEvent> events, Map<String, Held> heldTranches,
            Map<String, RoundSnapshot> knownRounds, Set<String> recordedIds) {
        Map<String, Held> held = new HashMap<>(heldTranches);
        Map<String, RoundSnapshot> rounds = new HashMap<>(knownRounds);
        Set<String> seen = new HashSet<>(recordedIds);
        List<Step> steps = new ArrayList<>(events.size());
        for (InvestmentEvent event : events) {
            if (seen.contains(event.cloudEvent().id())) {
                steps.add(Step.of(event, Outcome.DUPLICATE));
                continue;
            }
            Step step = switch (event) {
                case RoundEvent opened -> opening(opened, rounds.get(opened.roundId()));
                case TrancheEvent changed -> change(changed, rounds.get(changed.roundId()),
                        held.get(changed.tranche().trancheId()));
            };
            if (step.outcome() != Outcome.REFUSED) {
                // a refused event is not recorded: once re-driven, it is judged again
                seen.add(event.cloudEvent().id());
            }
            if (step.outcome() == Outcome.APPLIED) {
                switch (event) {
                    case RoundEvent opened -> rounds.put(opened.roundId(), opened.round());
                    case TrancheEvent changed -> held.put(changed.tranche().trancheId(), Held.of(changed.tranche()));
                }
            }
            steps.add(step);
        }
        return steps;
    }

    private static Step opening(RoundEvent event, RoundSnapshot known) {
        if (known == null) {
            return Step.of(event, Outcome.APPLIED);
        }
        String difference = difference(known, event.round());
        if (difference == null) {
            return Step.of(event, Outcome.DUPLICATE);
        }
        return Step.refused(event, DeadLetterReason.ROUND_CHANGED, "round '" + known.roundId() + "' opened with "
                + difference + ": a round never changes");
    }

    private static Step change(TrancheEvent event, RoundSnapshot round, Held held) {
        TrancheSnapshot tranche = event.tranche();
        if (round == null) {
            return Step.refused(event, DeadLetterReason.UNKNOWN_ROUND, "tranche '" + tranche.trancheId()
                    + "' is of round '" + tranche.roundId() + "', which the view does not know: no RoundOpened of it"
                    + " came before");
        }
        BigDecimal committed = round.commitmentOf(tranche.investor());
        if (committed == null) {
            return Step.refused(event, DeadLetterReason.UNKNOWN_INVESTOR, "tranche '" + tranche.trancheId()
                    + "' is investor '" + tranche.investor() + "''s, whom round '" + round.roundId()
                    + "' does not list");
        }
        if (tranche.investorCommitment() != null && tranche.investorCommitment().compareTo(committed) != 0) {
            return Step.refused(event, DeadLetterReason.COMMITMENT_MISMATCH, "tranche '" + tranche.trancheId()
                    + "' states investor '" + tranche.investor() + "''s commitment as "
                    + tranche.investorCommitment().toPlainString() + " USD; round '" + round.roundId() + "' lists "
                    + committed.toPlainString() + " USD");
        }
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

    /**
     * How the claimed opening differs from the known one (the first difference, in a few words), or null when it is
     * the same round: its name and day, its money to the cent, its investors and commitments in the same order.
     */
    static String difference(RoundSnapshot known, RoundSnapshot claimed) {
        if (!known.name().equals(claimed.name())) {
            return "name '" + known.name() + "', not '" + claimed.name() + "'";
        }
        if (!known.openedOn().equals(claimed.openedOn())) {
            return "day " + known.openedOn() + ", not " + claimed.openedOn();
        }
        if (known.amount().compareTo(claimed.amount()) != 0) {
            return "amount " + usd(known.amount()) + ", not " + usd(claimed.amount());
        }
        if (known.preMoneyValuation().compareTo(claimed.preMoneyValuation()) != 0) {
            return "pre-money valuation " + usd(known.preMoneyValuation()) + ", not "
                    + usd(claimed.preMoneyValuation());
        }
        for (int i = 0; i < Math.max(known.investors().size(), claimed.investors().size()); i++) {
            String was = i < known.investors().size() ? commitment(known.investors().get(i)) : "none";
            String is = i < claimed.investors().size() ? commitment(claimed.investors().get(i)) : "none";
            if (!was.equals(is)) {
                return "investor " + (i + 1) + " " + was + ", not " + is;
            }
        }
        return null;
    }

    /** An investor's line, its commitment to the cent: {@code 'Amazon' 50000000000.00 USD}. */
    private static String commitment(RoundCommitment c) {
        return "'" + c.investor() + "' " + usd(c.committed());
    }

    private static String usd(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale())).toPlainString() + " USD";
    }

    /** The steps' applied tranche events, only the last of each tranche: the version the view ends with. */
    static List<TrancheEvent> lastAppliedPerTranche(List<Step> steps) {
        Map<String, TrancheEvent> last = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step.outcome() == Outcome.APPLIED && step.event() instanceof TrancheEvent changed) {
                String trancheId = changed.tranche().trancheId();
                last.remove(trancheId);
                last.put(trancheId, changed);
            }
        }
        return List.copyOf(last.values());
    }

    /** The rounds the steps open: the view learns them. */
    static List<RoundEvent> openedRounds(List<Step> steps) {
        return steps.stream().filter(step -> step.outcome() == Outcome.APPLIED)
                .map(Step::event).filter(RoundEvent.class::isInstance).map(RoundEvent.class::cast).toList();
    }
}
