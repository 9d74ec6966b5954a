package io.dealstream.investment.tranche;

import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import io.dealstream.events.tranche.Trigger;
import io.dealstream.events.tranche.TriggerType;
import io.dealstream.platform.http.Page;
import io.dealstream.platform.persistence.IdPage;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.annotations.Formula;

/**
 * A part of an investor's commitment in a round, paid in at once: an immediate tranche is owed now, a
 * contingent one at the investor's discretion or when a trigger obliges it. {@link TrancheLifecycle} moves
 * it between states; {@code version} counts its changes (1 when committed).
 */
@Entity
@Table(name = "tranche")
public class Tranche extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "round_id", nullable = false)
    public String roundId;

    @Column(nullable = false)
    public String investor;

    /** In USD. */
    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal amount;

    /**
     * The investor's commitment in the round, in USD: its line of the round ({@code round_investor.committed}, the cap
     * table's committed), read with the tranche. Every tranche is a part of it (commit refuses an investor the round
     * does not list and tranches beyond it), so it is the whole the events state as {@code investorCommitment}.
     */
    @Formula("(select ri.committed from round_investor ri where ri.round_id = round_id and ri.investor = investor)")
    public BigDecimal investorCommitment;

    /**
     * The day the tranche's round opened ({@code funding_round.opened_on}), read with the tranche: no funding or trigger
     * of it comes before. Not part of the events.
     */
    @Formula("(select r.opened_on from funding_round r where r.id = round_id)")
    public LocalDate roundOpenedOn;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrancheKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrancheState state;

    /** What the investor receives, e.g. "Series C Preferred"; null when not known. */
    public String security;

    /** When an immediate tranche is due; null when not set. */
    @Column(name = "due_on")
    public LocalDate dueOn;

    /** The last day a contingent tranche's commitment stands without a trigger. */
    @Column(name = "expires_on")
    public LocalDate expiresOn;

    @Enumerated(EnumType.STRING)
    @Column(name = "trigger_type")
    public TriggerType triggerType;

    @Column(name = "trigger_occurred_on")
    public LocalDate triggerOccurredOn;

    @Column(name = "funding_deadline")
    public LocalDate fundingDeadline;

    /** 0 until funded, then the full amount. */
    @Column(name = "funded_amount", nullable = false, precision = 19, scale = 2)
    public BigDecimal fundedAmount;

    @Column(name = "funded_on")
    public LocalDate fundedOn;

    @Column(name = "expired_on")
    public LocalDate expiredOn;

    @Column(nullable = false)
    public long version;

    /** The tranche as its events carry it (the API returns {@link TrancheResponse}). */
    public TrancheSnapshot snapshot() {
        Trigger trigger = triggerType == null ? null : new Trigger(triggerType, triggerOccurredOn, fundingDeadline);
        return new TrancheSnapshot(id, roundId, investor, amount, investorCommitment, kind, state, security, dueOn,
                expiresOn, trigger, fundedAmount, fundedOn, expiredOn, version);
    }

    /** The tranche, locked until the transaction ends so that concurrent changes to it queue up; null if none. */
    static Tranche lockedById(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * A page of the tranches by id, after {@code after} (null: from the first), optionally only those in
     * {@code state} and/or of {@code investor} (a blank one: any).
     */
    static Page<Tranche> page(TrancheState state, String investor, String after, int limit) {
        return IdPage.after(after)
                .where("state = :state", "state", state)
                .where("investor = :investor", "investor", investor == null || investor.isBlank() ? null : investor)
                .read((query, parameters) -> find(query, parameters), limit, t -> t.id);
    }

    /** What an investor's tranches in a round add up to, whatever their state. */
    static BigDecimal totalOf(String roundId, String investor) {
        BigDecimal total = getEntityManager()
                .createQuery("select sum(t.amount) from Tranche t where t.roundId = ?1 and t.investor = ?2",
                        BigDecimal.class)
                .setParameter(1, roundId).setParameter(2, investor).getSingleResult();
        return total == null ? BigDecimal.ZERO : total;
    }

    /** The sum of each investor's FUNDED tranches in a round; investors with none are absent. */
    public static Map<String, BigDecimal> fundedByInvestor(String roundId) {
        return getEntityManager()
                .createQuery("select t.investor, sum(t.fundedAmount) from Tranche t"
                        + " where t.roundId = ?1 and t.state = ?2 group by t.investor", Object[].class)
                .setParameter(1, roundId).setParameter(2, TrancheState.FUNDED).getResultStream()
                .collect(Collectors.toMap(row -> (String) row[0], row -> (BigDecimal) row[1]));
    }

    /** Ids of the contingent tranches whose commitment ran out before {@code today}. */
    static List<String> lapsedIds(LocalDate today) {
        return getEntityManager()
                .createQuery("select t.id from Tranche t where t.state = ?1 and t.expiresOn < ?2 order by t.id",
                        String.class)
                .setParameter(1, TrancheState.CONTINGENT).setParameter(2, today).getResultList();
    }
}
