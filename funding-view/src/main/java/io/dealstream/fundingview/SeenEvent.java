package io.dealstream.fundingview;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A tranche event this service has consumed, and what it did: the record that makes a repeat harmless. */
@Entity
@Table(name = "funding_view_event")
public class SeenEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "event_id", nullable = false, unique = true)
    public String eventId;

    @Column(name = "ce_type", nullable = false)
    public String type;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false)
    public long version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(name = "event_time", nullable = false)
    public OffsetDateTime eventTime;

    @Column(name = "applied_at", nullable = false)
    public OffsetDateTime appliedAt;

    /** The last event that changed the view, or null before the first. */
    public static SeenEvent lastApplied() {
        return SeenEvent.<SeenEvent>find("outcome = ?1 order by seq desc", Outcome.APPLIED).firstResult();
    }
}
