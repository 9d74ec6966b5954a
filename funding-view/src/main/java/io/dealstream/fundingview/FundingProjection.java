package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheState;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import io.dealstream.platform.lock.AdvisoryLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Applies tranche events to the funding view. The record of the event, the view update and whatever the
 * service does in reaction ({@link FundingChange} observers) commit in one transaction.
 */
@ApplicationScoped
public class FundingProjection {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<FundingChange> changes;

    @Inject
    AppliedEvents applied;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Transactional
    public Outcome apply(TrancheEvent event) {
        return applyAll(List.of(event)).get(0);
    }

    /**
     * Applies a batch of events, in order, in one transaction: one commit for the batch instead of one per event. The
     * investor locks are all taken first, in a fixed order, so that replicas applying batches at once cannot deadlock.
     */
    @Transactional
    public List<Outcome> applyAll(List<TrancheEvent> events) {
        // readers of /funding-view/events waiting for news look again once this commits
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    applied.committed();
                }
            }
        });
        new TreeSet<>(events.stream().map(e -> investorLock(e.tranche().roundId(), e.tranche().investor())).toList())
                .forEach(lock -> AdvisoryLock.holdUntilCommit(em, lock));
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (TrancheEvent event : events) {
            outcomes.add(applyOne(event));
            // written, then let go: otherwise every later flush of the batch dirty-checks all the views and totals the
            // earlier events loaded, and a batch costs quadratic time
            em.flush();
            em.clear();
        }
        return outcomes;
    }

    private Outcome applyOne(TrancheEvent event) {
        String eventId = event.cloudEvent().id();
        if (SeenEvent.count("eventId", eventId) > 0) {
            return Outcome.DUPLICATE;
        }
        TrancheView view = em.find(TrancheView.class, event.tranche().trancheId(), LockModeType.PESSIMISTIC_WRITE);
        Outcome outcome = Outcome.forVersion(view == null ? null : view.version, event.tranche().version());
        record(event, outcome);
        if (outcome != Outcome.APPLIED) {
            return outcome;
        }
        TrancheState previousState = view == null ? null : view.state;
        if (view == null) {
            view = new TrancheView();
            view.apply(event.tranche(), eventId, event.cloudEvent().type(), event.cloudEvent().time());
            view.persist();
        } else {
            view.apply(event.tranche(), eventId, event.cloudEvent().type(), event.cloudEvent().time());
        }
        em.flush();
        // replicas apply different tranches of one investor at once (different partitions): serialized per
        // investor (the lock applyAll holds) so these totals include every change committed before ours
        changes.fire(new FundingChange(event.cloudEvent(), event.type(), event.tranche(), previousState,
                investor(view.roundId, view.investor)));
        return outcome;
    }

    private static String investorLock(String roundId, String investor) {
        return "funding-view/" + roundId + "/" + investor;
    }

    /** An investor's totals in a round, from the tranches the view holds. */
    public InvestorFunding investor(String roundId, String investor) {
        return InvestorFunding.of(roundId, investor,
                TrancheView.<TrancheView>list("roundId = ?1 and investor = ?2", roundId, investor));
    }

    private void record(TrancheEvent event, Outcome outcome) {
        SeenEvent seen = new SeenEvent();
        seen.eventId = event.cloudEvent().id();
        seen.type = event.cloudEvent().type();
        seen.subject = event.cloudEvent().subject();
        seen.version = event.tranche().version();
        seen.outcome = outcome;
        seen.eventTime = event.cloudEvent().time();
        seen.appliedAt = OffsetDateTime.now(clock);
        seen.persist();
    }
}
