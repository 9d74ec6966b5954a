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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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

    /**
     * An investor's totals in a round, from the tranches the view holds, summed by the database. A scalar query, not
     * entities: the transaction applying a tranche event may hold copies of tranches that another replica has
     * changed since (a different partition), and an entity query would answer from those.
     */
    public InvestorFunding investor(String roundId, String investor) {
        Map<TrancheState, BigDecimal> byState = new EnumMap<>(TrancheState.class);
        int tranches = 0;
        for (Object[] row : em.createQuery("select t.state, sum(t.amount), count(t) from TrancheView t"
                + " where t.roundId = :round and t.investor = :investor group by t.state", Object[].class)
                .setParameter("round", roundId).setParameter("investor", investor).getResultList()) {
            byState.put((TrancheState) row[0], (BigDecimal) row[1]);
            tranches += ((Number) row[2]).intValue();
        }
        return InvestorFunding.ofTotals(roundId, investor, byState, tranches);
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
