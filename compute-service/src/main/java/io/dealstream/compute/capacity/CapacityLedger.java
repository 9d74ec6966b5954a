package io.dealstream.compute.capacity;

import io.dealstream.platform.lock.AdvisoryLock;
import io.dealstream.compute.capacity.ReleaseRule.Capacity;
import io.dealstream.compute.capacity.ReleaseRule.ChipGeneration;
import io.dealstream.compute.capacity.ReleaseRule.Decision;
import io.dealstream.compute.capacity.ReleaseRule.Equity;
import io.dealstream.compute.commitment.Commitment;
import io.dealstream.events.CloudEvent;
import io.dealstream.events.capacity.CapacityEventType;
import io.dealstream.events.capacity.CapacitySnapshot;
import io.dealstream.fundingview.InvestorFunding;
import io.dealstream.fundingview.LastAppliedEvent;
import io.dealstream.fundingview.PartnerFunding;
import io.dealstream.fundingview.SeenEvent;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.outbox.Outbox;
import io.dealstream.platform.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Decides each commitment's capacity from the partner investor's funding, keeps the decision, and publishes what
 * changed (CapacityReleased, CapacityLapsed) through the outbox in the caller's transaction.
 *
 * <p>Deciding takes an advisory lock first, so a commitment being added and a tranche event being applied never
 * decide from each other's uncommitted state: whichever comes second sees the first's commit.
 */
@ApplicationScoped
public class CapacityLedger {

    private static final Logger LOG = Logger.getLogger(CapacityLedger.class);

    private final EntityManager em;
    private final Clock clock;
    private final Outbox outbox;
    private final PartnerFunding partnerFunding;
    /** ASSUMPTION (see {@link ReleaseRule}): which of the partner's equity releases capacity (release-on). */
    private final CapacitySettings settings;

    CapacityLedger(EntityManager em, Clock clock, Outbox outbox, PartnerFunding partnerFunding,
            CapacitySettings settings) {
        this.em = em;
        this.clock = clock;
        this.outbox = outbox;
        this.partnerFunding = partnerFunding;
        this.settings = settings;
    }

    /** Sets up a new commitment's capacity from the funding view as it stands (its last event is the cause). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void open(Commitment commitment) {
        lock();
        // the totals are read after the lock: a tranche event deciding meanwhile has either committed (its funding is
        // read here) or waits for this commit and then decides every commitment, this one included
        SeenEvent last = SeenEvent.lastApplied();
        decide(commitment, equity(partnerFunding.current()), last == null ? null : last.eventId);
    }

    /**
     * Re-decides every commitment's capacity from the partner's {@code funding} after the tranche event
     * {@code causeEventId} changed it (funding-view read it under the lock that orders such changes).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fundingChanged(InvestorFunding funding, String causeEventId) {
        lock();
        Equity equity = equity(funding);
        for (Commitment commitment : Commitment.withCapacity()) {
            decide(commitment, equity, causeEventId);
        }
    }

    @Transactional
    public CapacityReport report() {
        LocalDate today = LocalDate.now(clock);
        List<CommitmentCapacity> capacities = Commitment.withCapacity().stream()
                .map(c -> capacity(c, today))
                .toList();
        return new CapacityReport(today, settings.releaseOn(), partnerFunding.current(), LastAppliedEvent.current(),
                capacities);
    }

    @Transactional
    public CommitmentCapacity capacity(String commitmentId) {
        Commitment commitment = Problem.found(Commitment.findById(commitmentId), "commitment", commitmentId);
        if (!commitment.statesCapacity()) {
            throw Problem.notFound("capacity stated for commitment", commitmentId);
        }
        return capacity(commitment, LocalDate.now(clock));
    }

    private CommitmentCapacity capacity(Commitment commitment, LocalDate on) {
        CapacityState state = CapacityState.findById(commitment.id);
        return CommitmentCapacity.of(state, ReleaseRule.spread(generations(commitment), state.decision(), on), on);
    }

    private void decide(Commitment commitment, Equity equity, String causeEventId) {
        CapacityState state = stateOf(commitment);
        Decision before = state.decision();
        Decision after = ReleaseRule.decide(state.contractedGw, equity);
        int released = after.releasedGw().compareTo(before.releasedGw());
        int lapsed = after.lapsedGw().compareTo(before.lapsedGw());
        if (released == 0 && lapsed == 0) {
            return;
        }
        state.releasedGw = after.releasedGw();
        state.lapsedGw = after.lapsedGw();
        state.causeEventId = causeEventId;
        state.changedAt = OffsetDateTime.now(clock);
        if (released < 0 || lapsed < 0) {
            // only when the partner's committed equity grows after funding (a tranche seen late while no event has
            // stated the commitment, or a larger commitment stated); the contract has no event for less capacity, so
            // the next event carries the corrected figures
            LOG.warnf("capacity %s went down: released %s -> %s GW, lapsed %s -> %s GW (cause ce_id=%s); no event",
                    LogSafe.of(commitment.id), before.releasedGw(), after.releasedGw(), before.lapsedGw(),
                    after.lapsedGw(), LogSafe.of(causeEventId));
        }
        if (released > 0) {
            publish(CapacityEventType.RELEASED, commitment, state, before);
        }
        if (lapsed > 0) {
            publish(CapacityEventType.LAPSED, commitment, state, before);
        }
    }

    private void publish(CapacityEventType type, Commitment commitment, CapacityState state, Decision before) {
        state.version++;
        Capacity capacity = ReleaseRule.spread(generations(commitment), state.decision(), LocalDate.now(clock));
        CapacitySnapshot body = new CapacitySnapshot(commitment.id, capacity.contractedGw(), capacity.releasedGw(),
                capacity.lapsedGw(), capacity.pendingGw(), capacity.generations(), state.causeEventId, state.version);
        // keyed and about the commitment: its capacity's versions in one partition, in order
        CloudEvent event = outbox.publish(type, commitment.id, commitment.id, body);
        LOG.infof("%s commitment=%s version=%d released %s -> %s GW, lapsed %s -> %s GW, cause ce_id=%s, ce_id=%s",
                type.eventName(), LogSafe.of(commitment.id), state.version, before.releasedGw(), state.releasedGw,
                before.lapsedGw(), state.lapsedGw, LogSafe.of(state.causeEventId), event.id());
    }

    private CapacityState stateOf(Commitment commitment) {
        CapacityState state = CapacityState.findById(commitment.id);
        if (state == null) {
            state = new CapacityState();
            state.commitmentId = commitment.id;
            state.contractedGw = commitment.capacityGw;
            state.releasedGw = ReleaseRule.NO_GW;
            state.lapsedGw = ReleaseRule.NO_GW;
            state.changedAt = OffsetDateTime.now(clock);
            state.persist();
        }
        return state;
    }

    private Equity equity(InvestorFunding funding) {
        return Equity.of(funding, settings.releaseOn());
    }

    private void lock() {
        AdvisoryLock.CAPACITY_DECISIONS.holdUntilCommit(em);
    }

    private static List<ChipGeneration> generations(Commitment commitment) {
        return commitment.generations.stream()
                .map(g -> new ChipGeneration(g.generation, g.contractedGw, g.availableFrom))
                .toList();
    }
}
