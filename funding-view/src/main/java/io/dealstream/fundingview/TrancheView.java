package io.dealstream.fundingview;

import io.dealstream.events.tranche.TrancheState;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** The latest version of one tranche that this service has applied. */
@Entity
@Table(name = "funding_view_tranche")
public class TrancheView extends PanacheEntityBase {

    @Id
    @Column(name = "tranche_id")
    public String trancheId;

    @Column(name = "round_id", nullable = false)
    public String roundId;

    @Column(nullable = false)
    public String investor;

    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal amount;

    /** The investor's commitment in the round as this tranche's latest event stated it; null before the contract had it. */
    @Column(name = "investor_commitment", precision = 19, scale = 2)
    public BigDecimal investorCommitment;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TrancheState state;

    @Column(name = "funded_amount", nullable = false, precision = 19, scale = 2)
    public BigDecimal fundedAmount;

    @Column(name = "expires_on")
    public LocalDate expiresOn;

    @Column(nullable = false)
    public long version;

    @Column(name = "last_event_id", nullable = false)
    public String lastEventId;

    @Column(name = "last_event_type", nullable = false)
    public String lastEventType;

    @Column(name = "last_event_time", nullable = false)
    public OffsetDateTime lastEventTime;
}
