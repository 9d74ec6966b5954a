package io.dealstream.compute.commitment;

import io.dealstream.platform.http.Page;
import io.dealstream.platform.persistence.IdPage;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.ListIndexBase;

/** A provider's commitment to deliver compute to a customer: what it costs, over how long, and what capacity. */
@Entity
@Table(name = "compute_commitment")
public class Commitment extends PanacheEntityBase {

    /** A commitment is never changed once added: it has one version, its ETag {@code "1"}. */
    public static final long VERSION = 1;

    /** How the spend schedule was set. */
    public enum ScheduleBasis {
        /** The total divided evenly over the contract years (see {@link SpendSchedule}). */
        STRAIGHT_LINE,
        /** Given with the commitment. */
        GIVEN
    }

    @Id
    @Column(length = 64)
    public String id;

    @Column(nullable = false)
    public String provider;

    @Column(nullable = false)
    public String customer;

    @Column(length = 1000)
    public String description;

    @Column(name = "total_usd", nullable = false, precision = 19, scale = 2)
    public BigDecimal totalUsd;

    @Column(nullable = false)
    public int years;

    @Column(name = "starts_on", nullable = false)
    public LocalDate startsOn;

    /** Null when the commitment states no capacity. */
    @Column(name = "capacity_gw", precision = 9, scale = 3)
    public BigDecimal capacityGw;

    @Enumerated(EnumType.STRING)
    @Column(name = "schedule_basis", nullable = false, length = 16)
    public ScheduleBasis scheduleBasis;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    /** Amount per contract year, year 1 first. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "compute_commitment_year", joinColumns = @JoinColumn(name = "commitment_id"))
    @OrderColumn(name = "contract_year")
    @ListIndexBase(1)
    @Column(name = "amount_usd", nullable = false, precision = 19, scale = 2)
    public List<BigDecimal> spendUsd = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "compute_commitment_generation", joinColumns = @JoinColumn(name = "commitment_id"))
    @OrderColumn(name = "position")
    public List<ContractedGeneration> generations = new ArrayList<>();

    public boolean statesCapacity() {
        return capacityGw != null;
    }

    public LocalDate endsOn() {
        return SpendSchedule.endsOn(startsOn, years);
    }

    /** A page of the commitments by id, after {@code after} (null: from the first). */
    static Page<Commitment> page(String after, int limit) {
        return IdPage.after(after).read((query, parameters) -> find(query, parameters), limit, c -> c.id);
    }

    /** Every commitment that states a capacity, by id. */
    public static List<Commitment> withCapacity() {
        return list("capacityGw is not null order by id");
    }
}
