package io.dealstream.investment.tranche;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.investment.round.Round;
import io.dealstream.investment.round.RoundInvestor;
import io.dealstream.platform.http.IfMatch;
import io.dealstream.platform.http.Page;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.outbox.Outbox;
import io.dealstream.platform.persistence.NewRow;
import io.dealstream.platform.problem.Problem;
import io.dealstream.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Commits, funds, triggers and expires tranches. Each change and its event commit in one transaction, so
 * an event exists exactly when its change does; a refused request writes nothing.
 */
@ApplicationScoped
public class TrancheService {

    private static final Logger LOG = Logger.getLogger(TrancheService.class);

    private final Outbox outbox;
    private final Clock clock;
    private final TrancheLifecycle lifecycle;

    TrancheService(Outbox outbox, Clock clock, TrancheSettings settings) {
        this.outbox = outbox;
        this.clock = clock;
        this.lifecycle = new TrancheLifecycle(settings.obligationWindowDays());
    }

    /** A page of the tranches by id, after {@code after} (null: from the first), optionally filtered. */
    @Transactional
    public Page<TrancheResponse> list(TrancheState state, String investor, String after, int limit) {
        return Tranche.page(state, investor, after, limit).map(TrancheResponse::of);
    }

    @Transactional
    public TrancheResponse get(String id) {
        return TrancheResponse.of(find(id));
    }

    /**
     * A page of the tranche's events, oldest first, after position {@code after} (0: from the first): the outbox is
     * its event log, only ever appended to.
     */
    @Transactional
    public Page<RecordedEvent> events(String id, long after, int limit) {
        find(id);
        List<CloudEvent> events = outbox.eventsOf(TrancheEventType.class, id, after, limit + 1);
        List<Positioned> rows = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            rows.add(new Positioned(after + rows.size() + 1, event));
        }
        return Page.of(rows, limit, row -> Long.toString(row.position())).map(row -> RecordedEvent.of(row.event()));
    }

    /** An event and its position in the tranche's log, 1 for the first. */
    private record Positioned(long position, CloudEvent event) {
    }

    /**
     * Commits a new tranche of an investor's commitment in a round, today. The round stays locked until commit, so
     * that two requests cannot together take an investor past its commitment.
     */
    @Transactional
    public TrancheResponse commit(NewTranche request) {
        return commit(request, today());
    }

    /**
     * Commits a tranche as it stood on {@code asOf}: the seed records the deal's tranches as agreed on the day it was
     * announced, so that a contingent one whose date has passed since is recorded, and then expired by the job.
     */
    @Transactional
    public TrancheResponse commit(NewTranche request, LocalDate asOf) {
        if (request.kind() == TrancheKind.CONTINGENT && request.expiresOn() == null) {
            throw Problem.badRequest("expiresOn", "is required for a CONTINGENT tranche");
        }
        if (request.kind() == TrancheKind.IMMEDIATE && request.expiresOn() != null) {
            throw Problem.badRequest("expiresOn", "only a CONTINGENT tranche expires");
        }
        Round round = Round.findById(request.roundId(), LockModeType.PESSIMISTIC_WRITE);
        if (round == null) {
            throw Problem.unprocessable("roundId", "no round '" + request.roundId() + "'");
        }
        RoundInvestor investor = round.investor(request.investor()).orElseThrow(() -> Problem.unprocessable(
                "investor", "'" + request.investor() + "' is not an investor of round '" + round.id + "'"));
        // every tranche counts, expired ones too: an expired commitment is not handed out again
        BigDecimal taken = Tranche.totalOf(round.id, investor.investor);
        if (taken.add(request.amount()).compareTo(investor.committed) > 0) {
            throw Problem.unprocessable("amount", investor.investor + " committed " + investor.committed.toPlainString()
                    + " USD to round '" + round.id + "' and its tranches already take " + taken.toPlainString()
                    + " USD; " + request.amount().toPlainString() + " more exceeds it");
        }

        Tranche tranche = new Tranche();
        tranche.id = request.id() != null ? request.id() : UUID.randomUUID().toString();
        tranche.roundId = round.id;
        tranche.investor = investor.investor;
        tranche.amount = cents(request.amount());
        // read from round_investor and funding_round on every later load; set here for this first version
        tranche.investorCommitment = investor.committed;
        tranche.roundOpenedOn = round.openedOn;
        tranche.kind = request.kind();
        tranche.security = request.security();
        tranche.dueOn = request.dueOn();
        tranche.expiresOn = request.expiresOn();
        tranche.fundedAmount = cents(BigDecimal.ZERO);
        lifecycle.commit(tranche, asOf);
        NewRow.insert(tranche, "tranche", tranche.id);
        return published(tranche);
    }

    /** Funds the tranche if the caller may and, under its lock, it is at a version {@code ifMatch} lists. */
    @Transactional
    public TrancheResponse fund(String id, Funding funding, Caller caller, IfMatch ifMatch) {
        Tranche tranche = locked(id);
        caller.mayActFor(tranche.investor, "tranche '" + id + "'");
        ifMatch.require(tranche.version, "tranche '" + id + "'");
        lifecycle.fund(tranche, funding.amount(), funding.fundedOn(), today());
        return published(tranche);
    }

    /** Records the trigger if, under the tranche's lock, it is at a version {@code ifMatch} lists. */
    @Transactional
    public TrancheResponse trigger(String id, TriggerOccurrence occurrence, IfMatch ifMatch) {
        Tranche tranche = locked(id);
        ifMatch.require(tranche.version, "tranche '" + id + "'");
        lifecycle.trigger(tranche, occurrence.type(), occurrence.occurredOn(), today());
        return published(tranche);
    }

    /** Ids of the contingent tranches that have lapsed by {@code today}. */
    @Transactional
    List<String> lapsed(LocalDate today) {
        return Tranche.lapsedIds(today);
    }

    /** Expires the tranche if it is still lapsed once locked (another replica may have got there first). */
    @Transactional
    boolean expireIfLapsed(String id, LocalDate today) {
        Tranche tranche = Tranche.lockedById(id);
        if (tranche == null || !TrancheLifecycle.hasLapsed(tranche, today)) {
            return false;
        }
        lifecycle.expire(tranche, today);
        published(tranche);
        return true;
    }

    LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * Records the tranche's event, about the tranche and keyed by its round: after the round's RoundOpened in its
     * partition. Returns the tranche as the API shows it.
     */
    private TrancheResponse published(Tranche tranche) {
        TrancheEventType type = TrancheEventType.enteringState(tranche.state);
        String eventId = outbox.publish(type, tranche.roundId, tranche.id, tranche.snapshot()).id();
        LOG.infof("%s tranche=%s round=%s investor=%s state=%s version=%d amount=%s ce_id=%s", type.eventName(),
                LogSafe.of(tranche.id), LogSafe.of(tranche.roundId), LogSafe.of(tranche.investor), tranche.state,
                tranche.version, tranche.amount.toPlainString(), eventId);
        return TrancheResponse.of(tranche);
    }

    /** Money at the scale the database keeps (validation allows no more than cents), so replies match reads. */
    private static BigDecimal cents(BigDecimal usd) {
        return usd.setScale(2);
    }

    private static Tranche find(String id) {
        return Problem.found(Tranche.findById(id), "tranche", id);
    }

    private static Tranche locked(String id) {
        return Problem.found(Tranche.lockedById(id), "tranche", id);
    }
}
