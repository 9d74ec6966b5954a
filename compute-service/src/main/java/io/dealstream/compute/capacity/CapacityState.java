package io.dealstream.compute.capacity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * The capacity a commitment has released and lost, as last decided, so the next decision knows exactly what
 * changed. {@code version} counts the capacity events published for the commitment (0 before the first).
 */
@Entity
@Table(name = "compute_capacity")
public class CapacityState extends PanacheEntityBase {

    @Id
    @Column(name = "commitment_id", length = 64)
    public String commitmentId;

    @Column(name = "contracted_gw", nullable = false, precision = 9, scale = 3)
    public BigDecimal contractedGw;

    @Column(name = "released_gw", nullable = false, precision = 9, scale = 3)
    public BigDecimal releasedGw;

    @Column(name = "lapsed_gw", nullable = false, precision = 9, scale = 3)
    public BigDecimal lapsedGw;

    @Column(nullable = false)
    public long version;

    /** The tranche event behind the last decision that changed something. */
    @Column(name = "cause_event_id")
    public String causeEventId;

    @Column(name = "changed_at", nullable = false)
    public OffsetDateTime changedAt;

    public ReleaseRule.Decision decision() {
        return new ReleaseRule.Decision(releasedGw, lapsedGw);
    }
}
