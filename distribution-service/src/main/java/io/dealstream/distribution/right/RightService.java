package io.dealstream.distribution.right;

import io.dealstream.platform.lock.AdvisoryLock;
import io.dealstream.distribution.right.RightRules.Transition;
import io.dealstream.events.right.RightEventType;
import io.dealstream.events.right.RightStatus;
import io.dealstream.fundingview.Partner;
import io.dealstream.fundingview.PartnerFunding;
import io.dealstream.fundingview.PartnerFundingChanged;
import io.dealstream.platform.http.Page;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.outbox.Outbox;
import io.dealstream.platform.problem.Problem;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Creates rights and moves their status with the rules, publishing RightActivated or RightLapsed through the
 * outbox in the same transaction.
 *
 * <p>Every evaluation holds one PostgreSQL advisory lock until its transaction ends, so a right created while a
 * tranche event is being applied is evaluated by one of the two after the other has committed. Two replicas applying
 * tranche events of different partitions see each other's funding: funding-view reads it for each change under the
 * lock that orders the partner's funding changes.
 */
@ApplicationScoped
public class RightService {

    private static final Logger LOG = Logger.getLogger(RightService.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final Clock clock;
    private final PartnerFunding partnerFunding;
    private final Partner partner;

    RightService(EntityManager em, Outbox outbox, Clock clock, PartnerFunding partnerFunding, Partner partner) {
        this.em = em;
        this.outbox = outbox;
        this.clock = clock;
        this.partnerFunding = partnerFunding;
        this.partner = partner;
    }

    /**
     * A page of the rights by id, after {@code after} (null: from the first), optionally only those in {@code status}
     * and/or of {@code holder} (in any case).
     */
    @Transactional
    public Page<Right> list(RightStatus status, String holder, String after, int limit) {
        return DistributionRight.page(status, holder, after, limit).map(DistributionRight::toRight);
    }

    /** All rights, by id: what an entitlement is decided from. */
    public List<Right> all() {
        return DistributionRight.<DistributionRight>listAll(Sort.by("id")).stream()
                .map(DistributionRight::toRight)
                .toList();
    }

    public Optional<Right> find(String id) {
        return DistributionRight.<DistributionRight>findByIdOptional(id).map(DistributionRight::toRight);
    }

    /** A new right, refused when it cannot coexist with the rights there are; its status is evaluated at once. */
    @Transactional
    public Right create(NewRight request) {
        lockRights();
        checkFits(request);
        return add(request).toRight();
    }

    /** Creates those of {@code seeds} that do not exist yet and returns their ids; safe with replicas starting at once. */
    @Transactional
    public List<String> seed(List<NewRight> seeds) {
        lockRights();
        List<String> created = new ArrayList<>();
        for (NewRight seed : seeds) {
            if (DistributionRight.findById(seed.id()) == null) {
                add(seed);
                created.add(seed.id());
            }
        }
        return created;
    }

    /**
     * Re-evaluates every right from the partner's funding the change carries (funding-view read it under the lock
     * that orders such changes), in the transaction that applied it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Right> reevaluate(PartnerFundingChanged change) {
        lockRights();
        String cause = change.type().eventName() + " " + change.tranche().trancheId() + " v"
                + change.tranche().version();
        List<Right> changed = new ArrayList<>();
        for (DistributionRight right : DistributionRight.<DistributionRight>list("status <> ?1 order by id",
                RightStatus.LAPSED)) {
            RightRules.evaluate(right.conditionKind, right.status, change.funding()).ifPresent(transition -> changed.add(
                    move(right, transition, "on " + cause, change.event().id())));
        }
        return changed;
    }

    private void checkFits(NewRight request) {
        if (!request.product().offeredIn(request.mode())) {
            throw Problem.unprocessable("mode", request.product() + " is offered " + request.product().modes()
                    + " only, not " + request.mode());
        }
        if (DistributionRight.findById(request.id()) != null) {
            throw conflict("id", "a right '" + request.id() + "' already exists", request.id());
        }
        List<DistributionRight> otherClouds = DistributionRight.list(
                "product = ?1 and mode = ?2 and cloud <> ?3 and status <> ?4 order by id",
                request.product(), request.mode(), request.cloud(), RightStatus.LAPSED);
        for (DistributionRight other : otherClouds) {
            if (other.exclusive) {
                throw conflict("cloud", "right '" + other.id + "' makes " + other.cloud + " the exclusive cloud for "
                        + other.product + " " + other.mode + "; " + request.cloud() + " cannot hold it too", other.id);
            }
            if (request.exclusive()) {
                throw conflict("exclusive", "right '" + other.id + "' already lets " + other.cloud + " offer "
                        + other.product + " " + other.mode + ", so " + request.cloud()
                        + " cannot hold it exclusively", other.id);
            }
        }
    }

    private static Problem conflict(String field, String message, String rightId) {
        return new Problem(409, "Conflict", field + ": " + message, List.of(new Problem.FieldError(field, message)),
                Map.of("rightId", rightId));
    }

    private DistributionRight add(NewRight request) {
        DistributionRight right = new DistributionRight();
        right.id = request.id();
        right.holder = request.holder().trim();
        right.product = request.product();
        right.cloud = request.cloud();
        right.mode = request.mode();
        right.exclusive = request.exclusive();
        right.description = request.description();
        right.conditionKind = request.condition().kind();
        String text = request.condition().text();
        right.conditionText = text == null || text.isBlank()
                ? right.conditionKind.text(partner.investor())
                : text.trim();
        right.status = RightStatus.PENDING;
        right.reason = "created; waiting for its condition";
        right.changedAt = OffsetDateTime.now(clock);
        right.version = 1;
        // under the rights' lock: a tranche event evaluating meanwhile has either committed (its funding is read
        // here) or waits for this commit and then evaluates this right too
        Optional<Transition> initial = RightRules.evaluate(right.conditionKind, RightStatus.PENDING,
                partnerFunding.current());
        initial.ifPresent(t -> {
            right.status = t.status();
            right.reason = "created " + t.status() + ": " + t.why();
        });
        right.persist();
        if (right.status != RightStatus.PENDING) {
            publish(right);
        }
        LOG.infof("right %s created %s version=1: %s %s %s through %s, condition %s", LogSafe.of(right.id),
                right.status, LogSafe.of(right.holder), right.product, right.mode, right.cloud, right.conditionKind);
        return right;
    }

    private Right move(DistributionRight right, Transition transition, String cause, String causeEventId) {
        RightStatus from = right.status;
        right.change(transition.status(), transition.why() + " (" + cause + ")", OffsetDateTime.now(clock),
                causeEventId);
        publish(right);
        LOG.infof("right %s %s -> %s version=%d cause=%s: %s", LogSafe.of(right.id), from, right.status,
                right.version, LogSafe.of(causeEventId), LogSafe.of(right.reason));
        return right.toRight();
    }

    private void publish(DistributionRight right) {
        RightEventType type = right.status == RightStatus.ACTIVE ? RightEventType.ACTIVATED : RightEventType.LAPSED;
        // keyed and about the right: its versions in one partition, in order
        outbox.publish(type, right.id, right.id, right.toRight().snapshot());
    }

    private void lockRights() {
        AdvisoryLock.RIGHTS_DECISIONS.holdUntilCommit(em);
    }
}
