package io.dealstream.distribution.right;

import io.dealstream.events.right.RightStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

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
     * At most {@code most} rights by id, after {@code after} (null: from the first), optionally only those in
     * {@code status} and/or of {@code holder}, in any case.
     */
    static List<DistributionRight> matching(RightStatus status, String holder, String after, int most) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (status != null) {
            conditions.add("status = :status");
            parameters.and("status", status);
        }
        if (holder != null) {
            conditions.add("lower(holder) = lower(:holder)");
            parameters.and("holder", holder);
        }
        if (after != null) {
            conditions.add("id > :after");
            parameters.and("after", after);
        }
        Sort byId = Sort.by("id");
        PanacheQuery<DistributionRight> query = conditions.isEmpty() ? findAll(byId)
                : find(String.join(" and ", conditions), byId, parameters);
        return query.range(0, most - 1).list();
    }
}
