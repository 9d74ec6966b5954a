package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheState;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import io.dealstream.platform.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

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
     * Applies a batch of events, in order, in one transaction: one commit for the batch instead of one per event.
     */
    @Transactional
    public List<Outcome> applyAll(List<TrancheEvent> events) {
        // readers of /funding-view/events waiting for news look again once this commits
        AfterCommit.run(transactions, applied::committed);
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (TrancheEvent event : events) {
            outcomes.add(applyOne(event));
            // written, then let go: otherwise every later flush of the batch dirty-checks all the views the earlier
            // events loaded, and a batch costs quadratic time
            em.flush();
            em.clear();
        }
        return outcomes;
    }

    private Outcome applyOne(TrancheEvent event) {
        String eventId = event.cloudEvent().id();
        TrancheView view = em.find(TrancheView.class, event.tranche().trancheId(), LockModeType.PESSIMISTIC_WRITE);
        Outcome outcome = Outcome.forVersion(view == null ? null : view.version, event.tranche().version());
        if (!recordFirstSight(event, outcome)) {
            return Outcome.DUPLICATE;
        }
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
        changes.fire(new FundingChange(event.cloudEvent(), event.type(), event.tranche(), previousState));
        return outcome;
    }

    /** An investor's totals in a round, from the tranches the view holds. */
    public InvestorFunding investor(String roundId, String investor) {
        return InvestorFunding.of(roundId, investor,
                TrancheView.<TrancheView>list("roundId = ?1 and investor = ?2", roundId, investor));
    }

    /**
     * Records the event and what it did, unless its ce_id is recorded already: then it is a repeat and nothing else
     * may change. One statement, and the unique ce_id decides even between replicas applying at once.
     */
    private boolean recordFirstSight(TrancheEvent event, Outcome outcome) {
        return em.createNativeQuery("""
                insert into funding_view_event (event_id, ce_type, subject, version, outcome, event_time, applied_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                on conflict (event_id) do nothing""")
                .setParameter(1, event.cloudEvent().id())
                .setParameter(2, event.cloudEvent().type())
                .setParameter(3, event.cloudEvent().subject())
                .setParameter(4, event.tranche().version())
                .setParameter(5, outcome.name())
                .setParameter(6, event.cloudEvent().time())
                .setParameter(7, OffsetDateTime.now(clock))
                .executeUpdate() == 1;
    }
}
