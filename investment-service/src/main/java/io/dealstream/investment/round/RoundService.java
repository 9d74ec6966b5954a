package io.dealstream.investment.round;

import io.dealstream.events.Topics;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.investment.tranche.Tranche;
import io.dealstream.platform.http.Page;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.outbox.Outbox;
import io.dealstream.platform.persistence.NewRow;
import io.dealstream.platform.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Opens rounds and reads them, with their cap tables. A round's opening and its RoundOpened event commit in one
 * transaction; the event is keyed by the round id, the key of its tranches' events too, so that it comes before them.
 */
@ApplicationScoped
public class RoundService {

    private static final Logger LOG = Logger.getLogger(RoundService.class);

    private final Clock clock;
    private final Outbox outbox;

    RoundService(Clock clock, Outbox outbox) {
        this.clock = clock;
        this.outbox = outbox;
    }

    /** A page of the rounds by id, after {@code after} (null: from the first). */
    @Transactional
    public Page<RoundView> list(String after, int limit) {
        return Round.page(after, limit).map(RoundView::of);
    }

    @Transactional
    public RoundView get(String id) {
        return RoundView.of(find(id));
    }

    /**
     * Opens a round; its investors' commitments may not add up to more than the round raises, and it opens today or
     * on the day given, not later.
     */
    @Transactional
    public RoundView open(NewRound request) {
        Set<String> seen = new HashSet<>();
        BigDecimal committed = BigDecimal.ZERO;
        for (InvestorCommitment c : request.investors()) {
            if (!seen.add(c.investor())) {
                throw Problem.unprocessable("investors", "investor '" + c.investor() + "' is listed twice");
            }
            committed = committed.add(c.committed());
        }
        if (committed.compareTo(request.amount()) > 0) {
            throw Problem.unprocessable("investors", "the commitments add up to " + committed.toPlainString()
                    + " USD, more than the round's " + request.amount().toPlainString() + " USD");
        }

        LocalDate openedOn = OpeningDay.of(request.openedOn(), LocalDate.now(clock));

        Round round = new Round();
        round.id = request.id();
        round.name = request.name();
        round.openedOn = openedOn;
        // at the scale the database keeps (validation allows no more than cents), so replies match reads
        round.amount = request.amount().setScale(2);
        round.preMoneyValuation = request.preMoneyValuation().setScale(2);
        request.investors().forEach(c -> round.investors.add(new RoundInvestor(c.investor(), c.committed().setScale(2))));
        NewRow.insert(round, "round", round.id);
        String eventId = announce(round);
        LOG.infof("round %s opened on %s: %s USD at %s USD pre-money, %d investors, ce_id=%s", LogSafe.of(round.id),
                round.openedOn, round.amount.toPlainString(), round.preMoneyValuation.toPlainString(),
                round.investors.size(), eventId);
        return RoundView.of(round);
    }

    /**
     * Publishes RoundOpened for every round whose outbox holds none: the rounds opened before the event existed. Each
     * is announced once, after the tranche events it already has on the topic. The caller holds the seed's lock, so
     * replicas starting together announce a round once.
     */
    @Transactional
    public void announceUnannounced() {
        List<Round> unannounced = Round.<Round>find("from Round r where not exists (select 1 from OutboxEvent o"
                + " where o.topic = ?1 and o.subject = r.id and o.type = ?2) order by r.openedOn, r.id",
                Topics.TRANCHE_EVENTS, RoundEventType.OPENED.ceType()).list();
        for (Round round : unannounced) {
            String eventId = announce(round);
            LOG.infof("round %s opened on %s before rounds were announced: RoundOpened ce_id=%s", LogSafe.of(round.id),
                    round.openedOn, eventId);
        }
    }

    /** Records the round's RoundOpened, keyed by and about the round; returns its ce_id. */
    private String announce(Round round) {
        return outbox.publish(RoundEventType.OPENED, round.id, round.id, round.snapshot()).id();
    }

    @Transactional
    public CapTable capTable(String id) {
        Round round = find(id);
        return CapTable.of(round.id, round.preMoneyValuation, round.amount, round.commitments(),
                Tranche.fundedByInvestor(round.id));
    }

    private static Round find(String id) {
        return Problem.found(Round.findById(id), "round", id);
    }
}
