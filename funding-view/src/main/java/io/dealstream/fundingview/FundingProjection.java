package io.dealstream.fundingview;

import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import io.dealstream.fundingview.ViewBatch.Held;
import io.dealstream.fundingview.ViewBatch.Step;
import io.dealstream.platform.trace.EventTracing;
import io.dealstream.platform.tx.AfterCommit;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;

/**
 * Applies tranche events to the funding view, a polled batch in one transaction. The batch costs a fixed number of
 * statements, not a few per event: its tranches' rows are locked and its ce_ids looked up once, the outcomes are
 * decided in memory ({@link ViewBatch}), and the records and views are written in JDBC batches. The view is written
 * up to a partner investor's event before {@link PartnerFundingChanged} is fired for it, with the partner's totals as
 * of that event.
 */
@ApplicationScoped
public class FundingProjection {

    private final EntityManager em;
    private final Clock clock;
    private final Event<PartnerFundingChanged> partnerChanges;
    private final AppliedEvents applied;
    private final TransactionSynchronizationRegistry transactions;
    private final PartnerFunding partnerFunding;
    private final EventTracing tracing;

    FundingProjection(EntityManager em, Clock clock, Event<PartnerFundingChanged> partnerChanges,
            AppliedEvents applied, TransactionSynchronizationRegistry transactions, PartnerFunding partnerFunding,
            EventTracing tracing) {
        this.em = em;
        this.clock = clock;
        this.partnerChanges = partnerChanges;
        this.applied = applied;
        this.transactions = transactions;
        this.partnerFunding = partnerFunding;
        this.tracing = tracing;
    }

    /** Applies a batch of events, in order, in one transaction; returns what each did (and why, if refused). */
    @Transactional
    public List<Step> applyAll(List<TrancheEvent> events) {
        return applyAll(events, true);
    }

    /**
     * As {@link #applyAll(List)}; with {@code announce} false the partner's changes fire nothing, for a rebuild that
     * replays what was announced before (it announces the end state once, {@link #announce}).
     */
    @Transactional
    public List<Step> applyAll(List<TrancheEvent> events, boolean announce) {
        // readers of /funding-view/events waiting for news look again once this commits
        AfterCommit.run(transactions, applied::committed);
        Session session = em.unwrap(Session.class);
        List<String> trancheIds = events.stream().map(e -> e.tranche().trancheId()).distinct().sorted().toList();
        List<String> eventIds = events.stream().map(e -> e.cloudEvent().id()).distinct().toList();
        Map<String, Held> held = session.doReturningWork(c -> lockViews(c, trancheIds));
        Set<String> recorded = session.doReturningWork(c -> recorded(c, eventIds));
        List<Step> steps = ViewBatch.decide(events, held, recorded);
        OffsetDateTime appliedAt = OffsetDateTime.now(clock);
        int written = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            TrancheEvent event = step.event();
            if (announce && step.outcome() == Outcome.APPLIED && partnerFunding.counts(event.tranche())) {
                List<Step> upToHere = steps.subList(written, i + 1);
                session.doWork(c -> write(c, upToHere, appliedAt));
                written = i + 1;
                // what the reactions publish continues this event's trace
                try (Scope traced = tracing.resume(event.traceparent())) {
                    partnerChanges.fire(new PartnerFundingChanged(event.cloudEvent(), event.type(), event.tranche(),
                            partnerFunding.afterChange()));
                }
            }
        }
        List<Step> rest = steps.subList(written, steps.size());
        session.doWork(c -> write(c, rest, appliedAt));
        return steps;
    }

    /**
     * Fires the partner's funding as the view holds it now, caused by {@code event} (the partner's last applied): the
     * reactions publish what differs from their own state, and nothing when it is as they had it.
     */
    @Transactional
    public void announce(TrancheEvent event) {
        partnerChanges.fire(new PartnerFundingChanged(event.cloudEvent(), event.type(), event.tranche(),
                partnerFunding.afterChange()));
    }

    /**
     * Locks the rows of the batch's tranches that the view holds, in id order (replicas meeting on the same tranches
     * during a rebalance wait for each other instead of deadlocking), and returns what it holds of them.
     */
    private static Map<String, Held> lockViews(Connection c, List<String> trancheIds) throws SQLException {
        Map<String, Held> held = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement("select tranche_id, version, round_id, investor"
                + " from funding_view_tranche where tranche_id = any (?) order by tranche_id for update")) {
            select.setArray(1, c.createArrayOf("varchar", trancheIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    held.put(rows.getString(1), new Held(rows.getLong(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        return held;
    }

    private static Set<String> recorded(Connection c, List<String> eventIds) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement select = c.prepareStatement(
                "select event_id from funding_view_event where event_id = any (?)")) {
            select.setArray(1, c.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Records each event that is not a repeat with what it did, and writes the views the steps leave. A record that
     * another replica made since {@link #recorded} (the unique ce_id refuses it) fails the batch, which is retried
     * and then finds it recorded; a view is only ever moved to a newer version.
     */
    private static void write(Connection c, List<Step> steps, OffsetDateTime appliedAt) throws SQLException {
        int records = 0;
        try (PreparedStatement insert = c.prepareStatement("""
                insert into funding_view_event (event_id, ce_type, subject, version, outcome, event_time, applied_at)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (event_id) do nothing""")) {
            for (Step step : steps) {
                if (step.outcome() == Outcome.DUPLICATE || step.outcome() == Outcome.REFUSED) {
                    continue;
                }
                TrancheEvent event = step.event();
                insert.setString(1, event.cloudEvent().id());
                insert.setString(2, event.cloudEvent().type());
                insert.setString(3, event.cloudEvent().subject());
                insert.setLong(4, event.tranche().version());
                insert.setString(5, step.outcome().name());
                insert.setObject(6, event.cloudEvent().time());
                insert.setObject(7, appliedAt);
                insert.addBatch();
                records++;
            }
            if (records > 0) {
                for (int count : insert.executeBatch()) {
                    if (count == 0) {
                        throw new ApplyFailures.RecordedMeanwhile();
                    }
                }
            }
        }
        List<TrancheEvent> views = ViewBatch.lastAppliedPerTranche(steps);
        if (views.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                insert into funding_view_tranche (tranche_id, round_id, investor, amount, state, funded_amount,
                    expires_on, version, last_event_id, last_event_type, last_event_time, investor_commitment)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tranche_id) do update set round_id = excluded.round_id, investor = excluded.investor,
                    amount = excluded.amount, state = excluded.state, funded_amount = excluded.funded_amount,
                    expires_on = excluded.expires_on, version = excluded.version,
                    investor_commitment = excluded.investor_commitment,
                    last_event_id = excluded.last_event_id, last_event_type = excluded.last_event_type,
                    last_event_time = excluded.last_event_time
                where funding_view_tranche.version < excluded.version""")) {
            for (TrancheEvent event : views) {
                upsert.setString(1, event.tranche().trancheId());
                upsert.setString(2, event.tranche().roundId());
                upsert.setString(3, event.tranche().investor());
                upsert.setBigDecimal(4, event.tranche().amount());
                upsert.setString(5, event.tranche().state().name());
                upsert.setBigDecimal(6, event.tranche().fundedAmount());
                upsert.setObject(7, event.tranche().expiresOn(), Types.DATE);
                upsert.setLong(8, event.tranche().version());
                upsert.setString(9, event.cloudEvent().id());
                upsert.setString(10, event.cloudEvent().type());
                upsert.setObject(11, event.cloudEvent().time());
                upsert.setBigDecimal(12, event.tranche().investorCommitment());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}
