package io.dealstream.fundingview;

import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.fundingview.TrancheEventReader.InvestmentEvent;
import io.dealstream.fundingview.TrancheEventReader.RoundEvent;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;

/**
 * Applies the events of the tranche topic to the funding view, a polled batch in one transaction. The batch costs a
 * fixed number of statements, not a few per event: its tranches' rows are locked, its rounds and ce_ids looked up
 * once, the outcomes are decided in memory ({@link ViewBatch}), and the records, rounds and views are written in JDBC
 * batches. The view is written up to a partner investor's event before {@link PartnerFundingChanged} is fired for it,
 * with the partner's totals as of that event.
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
    public List<Step> applyAll(List<? extends InvestmentEvent> events) {
        return applyAll(events, true);
    }

    /**
     * As {@link #applyAll(List)}; with {@code announce} false the partner's changes fire nothing, for a rebuild that
     * replays what was announced before (it announces the end state once, {@link #announce}).
     */
    @Transactional
    public List<Step> applyAll(List<? extends InvestmentEvent> events, boolean announce) {
        // readers of /funding-view/events waiting for news look again once this commits
        AfterCommit.run(transactions, applied::committed);
        Session session = em.unwrap(Session.class);
        List<String> trancheIds = events.stream().filter(TrancheEvent.class::isInstance)
                .map(e -> ((TrancheEvent) e).tranche().trancheId()).distinct().sorted().toList();
        List<String> roundIds = events.stream().map(InvestmentEvent::roundId).distinct().toList();
        List<String> eventIds = events.stream().map(e -> e.cloudEvent().id()).distinct().toList();
        Map<String, Held> held = session.doReturningWork(c -> lockViews(c, trancheIds));
        Map<String, RoundSnapshot> rounds = session.doReturningWork(c -> knownRounds(c, roundIds));
        Set<String> recorded = session.doReturningWork(c -> recorded(c, eventIds));
        List<Step> steps = ViewBatch.decide(events, held, rounds, recorded);
        OffsetDateTime appliedAt = OffsetDateTime.now(clock);
        int written = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (announce && step.outcome() == Outcome.APPLIED && step.event() instanceof TrancheEvent event
                    && partnerFunding.counts(event.tranche())) {
                List<Step> upToHere = steps.subList(written, i + 1);
                session.doWork(c -> write(c, upToHere, appliedAt));
                written = i + 1;
                // what the reactions publish continues this event's trace
                try (Scope traced = tracing.resume(event.traceparent())) {
                    fireChange(event);
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
        fireChange(event);
    }

    /** The partner's funding after its change by {@code event}, to the reactions. */
    private void fireChange(TrancheEvent event) {
        partnerChanges.fire(new PartnerFundingChanged(event.cloudEvent(), event.type(), event.tranche(),
                partnerFunding.afterChange()));
    }

    /**
     * Locks the rows of the batch's tranches that the view holds, in id order (replicas meeting on the same tranches
     * during a rebalance wait for each other instead of deadlocking), and returns what it holds of them.
     */
    private static Map<String, Held> lockViews(Connection c, List<String> trancheIds) throws SQLException {
        Map<String, Held> held = new HashMap<>();
        eachRow(c, "select tranche_id, version, round_id, investor from funding_view_tranche"
                + " where tranche_id = any (?) order by tranche_id for update", trancheIds,
                row -> held.put(row.getString(1), new Held(row.getLong(2), row.getString(3), row.getString(4))));
        return held;
    }

    /**
     * The rounds among {@code roundIds} that the view knows, as they opened. Not locked: a round is only ever added
     * (a replica adding it meanwhile fails this batch's insert of it, and the retry finds it known).
     */
    private static Map<String, RoundSnapshot> knownRounds(Connection c, List<String> roundIds) throws SQLException {
        Map<String, List<RoundCommitment>> investors = new HashMap<>();
        eachRow(c, "select round_id, investor, committed from funding_view_round_investor"
                + " where round_id = any (?) order by round_id, position", roundIds,
                row -> investors.computeIfAbsent(row.getString(1), id -> new ArrayList<>())
                        .add(new RoundCommitment(row.getString(2), row.getBigDecimal(3))));
        Map<String, RoundSnapshot> rounds = new HashMap<>();
        eachRow(c, "select round_id, name, amount, pre_money_valuation, opened_on from funding_view_round"
                + " where round_id = any (?)", roundIds, row -> {
                    String id = row.getString(1);
                    rounds.put(id, new RoundSnapshot(id, row.getString(2), row.getBigDecimal(3), row.getBigDecimal(4),
                            row.getObject(5, LocalDate.class), investors.getOrDefault(id, List.of())));
                });
        return rounds;
    }

    private static Set<String> recorded(Connection c, List<String> eventIds) throws SQLException {
        Set<String> ids = new HashSet<>();
        eachRow(c, "select event_id from funding_view_event where event_id = any (?)", eventIds,
                row -> ids.add(row.getString(1)));
        return ids;
    }

    /** What is done with each row a look-up finds. */
    @FunctionalInterface
    private interface RowAction {
        void take(ResultSet row) throws SQLException;
    }

    /** Runs {@code select}, whose one parameter is the array of {@code ids}, and hands each row it finds on. */
    private static void eachRow(Connection c, String select, List<String> ids, RowAction action) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(select)) {
            statement.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    action.take(rows);
                }
            }
        }
    }

    /**
     * Records each event that is not a repeat with what it did, and writes the rounds and views the steps leave. A
     * record or a round that another replica made since {@link #recorded} and {@link #knownRounds} (the unique ce_id,
     * the round's key refuse it) fails the batch, which is retried and then finds it; a view is only ever moved to a
     * newer version.
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
                InvestmentEvent event = step.event();
                insert.setString(1, event.cloudEvent().id());
                insert.setString(2, event.cloudEvent().type());
                insert.setString(3, event.cloudEvent().subject());
                insert.setLong(4, event.version());
                insert.setString(5, step.outcome().name());
                insert.setObject(6, event.cloudEvent().time());
                insert.setObject(7, appliedAt);
                insert.addBatch();
                records++;
            }
            if (records > 0) {
                failIfAnyWasMadeMeanwhile(insert.executeBatch());
            }
        }
        writeRounds(c, ViewBatch.openedRounds(steps));
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

    /** The rounds the view learns, with their investors in the rounds' order. */
    private static void writeRounds(Connection c, List<RoundEvent> opened) throws SQLException {
        if (opened.isEmpty()) {
            return;
        }
        try (PreparedStatement round = c.prepareStatement("""
                insert into funding_view_round (round_id, name, amount, pre_money_valuation, opened_on, event_id,
                    event_time)
                values (?, ?, ?, ?, ?, ?, ?)
                on conflict (round_id) do nothing""");
                PreparedStatement investor = c.prepareStatement("""
                insert into funding_view_round_investor (round_id, position, investor, committed)
                values (?, ?, ?, ?)""")) {
            for (RoundEvent event : opened) {
                RoundSnapshot r = event.round();
                round.setString(1, r.roundId());
                round.setString(2, r.name());
                round.setBigDecimal(3, r.amount());
                round.setBigDecimal(4, r.preMoneyValuation());
                round.setObject(5, r.openedOn(), Types.DATE);
                round.setString(6, event.cloudEvent().id());
                round.setObject(7, event.cloudEvent().time());
                round.addBatch();
                for (int i = 0; i < r.investors().size(); i++) {
                    investor.setString(1, r.roundId());
                    investor.setInt(2, i);
                    investor.setString(3, r.investors().get(i).investor());
                    investor.setBigDecimal(4, r.investors().get(i).committed());
                    investor.addBatch();
                }
            }
            failIfAnyWasMadeMeanwhile(round.executeBatch());
            investor.executeBatch();
        }
    }

    /** An insert that did nothing: another replica wrote the row since this batch looked. */
    private static void failIfAnyWasMadeMeanwhile(int[] counts) {
        for (int count : counts) {
            if (count == 0) {
                throw new ApplyFailures.RecordedMeanwhile();
            }
        }
    }
}
