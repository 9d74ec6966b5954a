package io.dealstream.distribution.right;

import io.dealstream.events.right.RightStatus;
import io.dealstream.platform.http.Page;
import io.dealstream.platform.persistence.IdPage;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A distribution right as stored. Its terms never change; its status, reason and version do. */
@Entity
@Table(name = "distribution_right")
public class DistributionRight extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String holder;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Product product;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Cloud cloud;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Mode mode;

    @Column(nullable = false)
    public boolean exclusive;

    public String description;

    @Enumerated(EnumType.STRING)
    @Column(name = "condition_kind", nullable = false)
    public ConditionKind conditionKind;

    @Column(name = "condition_text", nullable = false)
    public String conditionText;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RightStatus status;

    @Column(nullable = false)
    public String reason;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    @Column(name = "cause_event_id")
    public String causeEventId;

    @Column(nullable = false)
    public long version;

    /** Moves to {@code next}, recording when and why; the version counts the changes. */
    void change(RightStatus next, String why, OffsetDateTime at, String causeEventId) {
        status = next;
        reason = why;
        changedAt = at;
        this.causeEventId = causeEventId;
        version++;
    }

    public Right toRight() {
        return new Right(id, holder, product, cloud, mode, exclusive, description,
                new Condition(conditionKind, conditionText), status, reason, changedAt, causeEventId, version);
    }

    /**
     * A page of the rights by id, after {@code after} (null: from the first), optionally only those in
     * {@code status} and/or of {@code holder}, in any case.
     */
    static Page<DistributionRight> page(RightStatus status, String holder, String after, int limit) {
        return IdPage.after(after)
                .where("status = :status", "status", status)
                .where("lower(holder) = lower(:holder)", "holder", holder)
                .read((query, parameters) -> find(query, parameters), limit, r -> r.id);
    }
}
