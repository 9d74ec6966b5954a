package io.dealstream.compute.commitment;

import io.dealstream.platform.http.Page;
import io.dealstream.platform.lock.AdvisoryLock;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.persistence.NewRow;
import io.dealstream.platform.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/** Adds commitments (checking the rules Bean Validation cannot) and reads them with their schedules. */
@ApplicationScoped
public class CommitmentService {

    /** The generation of a commitment that gives a capacity but no generations. */
    public static final String UNSPECIFIED_GENERATION = "unspecified";

    private static final Logger LOG = Logger.getLogger(CommitmentService.class);

    private final EntityManager em;
    private final Clock clock;
    private final Event<CommitmentAdded> added;

    CommitmentService(EntityManager em, Clock clock, Event<CommitmentAdded> added) {
        this.em = em;
        this.clock = clock;
        this.added = added;
    }

    /** A page of the commitments by id, after {@code after} (null: from the first). */
    @Transactional
    public Page<CommitmentView> list(String after, int limit) {
        return Commitment.page(after, limit).map(CommitmentView::of);
    }

    @Transactional
    public CommitmentView get(String id) {
        return CommitmentView.of(find(id));
    }

    @Transactional
    public ScheduleView schedule(String id) {
        return ScheduleView.of(find(id));
    }

    /**
     * Adds those of {@code deal} that do not exist yet and returns their ids. Replicas starting at once take turns on
     * an advisory lock, and the second finds the rows there.
     */
    @Transactional
    public List<String> seed(List<NewCommitment> deal) {
        AdvisoryLock.COMPUTE_SEED.holdUntilCommit(em);
        List<String> seeded = new ArrayList<>();
        for (NewCommitment commitment : deal) {
            if (!exists(commitment.id())) {
                add(commitment);
                seeded.add(commitment.id());
            }
        }
        return seeded;
    }

    /** Adds a commitment and sets up its capacity from the funding view, in one transaction. */
    @Transactional
    public CommitmentView add(NewCommitment request) {
        Commitment c = new Commitment();
        c.id = request.id();
        c.provider = request.provider();
        c.customer = request.customer();
        c.description = request.description();
        c.totalUsd = request.totalUsd().setScale(2, RoundingMode.UNNECESSARY);
        c.years = request.years();
        c.startsOn = request.startsOn();
        c.capacityGw = request.capacityGw() == null ? null : gw(request.capacityGw());
        c.generations.addAll(generations(request));
        if (request.schedule() == null) {
            c.scheduleBasis = Commitment.ScheduleBasis.STRAIGHT_LINE;
            c.spendUsd.addAll(SpendSchedule.straightLine(c.totalUsd, c.years));
        } else {
            c.scheduleBasis = Commitment.ScheduleBasis.GIVEN;
            c.spendUsd.addAll(given(request));
        }
        c.createdAt = OffsetDateTime.now(clock);
        if (exists(c.id)) {
            throw NewRow.taken("commitment", c.id);
        }
        NewRow.insert(c, "commitment", c.id);
        added.fire(new CommitmentAdded(c));
        LOG.infof("commitment %s added: %s to %s, %s USD over %d years from %s (%s), capacity %s", LogSafe.of(c.id),
                LogSafe.of(c.provider), LogSafe.of(c.customer), c.totalUsd.toPlainString(), c.years, c.startsOn,
                c.scheduleBasis,
                c.capacityGw == null ? "not stated" : c.capacityGw.toPlainString() + " GW");
        return CommitmentView.of(c);
    }

    private static List<ContractedGeneration> generations(NewCommitment request) {
        List<GenerationTerms> terms = request.generations();
        if (terms == null || terms.isEmpty()) {
            return request.capacityGw() == null ? List.of()
                    : List.of(new ContractedGeneration(UNSPECIFIED_GENERATION, gw(request.capacityGw()),
                            request.startsOn()));
        }
        if (request.capacityGw() == null) {
            throw Problem.unprocessable("capacityGw", "is required when generations are given");
        }
        Set<String> names = new HashSet<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (GenerationTerms g : terms) {
            if (!names.add(g.generation())) {
                throw Problem.unprocessable("generations", "generation '" + g.generation() + "' is listed twice");
            }
            sum = sum.add(g.contractedGw());
        }
        if (sum.compareTo(request.capacityGw()) != 0) {
            throw Problem.unprocessable("generations", "add up to " + gw(sum).toPlainString() + " GW, not capacityGw "
                    + gw(request.capacityGw()).toPlainString() + " GW");
        }
        return terms.stream()
                .map(g -> new ContractedGeneration(g.generation(), gw(g.contractedGw()),
                        g.availableFrom() == null ? request.startsOn() : g.availableFrom()))
                .toList();
    }

    private static List<BigDecimal> given(NewCommitment request) {
        try {
            return SpendSchedule.given(request.totalUsd(), request.years(), request.schedule());
        } catch (IllegalArgumentException e) {
            throw Problem.unprocessable("schedule", e.getMessage());
        }
    }

    private static boolean exists(String id) {
        return Commitment.count("id", id) > 0;
    }

    private static Commitment find(String id) {
        return Problem.found(Commitment.findById(id), "commitment", id);
    }

    private static BigDecimal gw(BigDecimal value) {
        return value.setScale(3, RoundingMode.UNNECESSARY);
    }
}
