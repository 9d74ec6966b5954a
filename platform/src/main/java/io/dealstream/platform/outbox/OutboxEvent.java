package io.dealstream.platform.outbox;

import io.dealstream.events.CloudEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One event waiting in, or sent from, the outbox. {@code seq} is the order events are sent in. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    /** The Kafka key the record is sent with. */
    @Column(name = "event_key", nullable = false)
    public String eventKey;

    /** The CloudEvent subject: what the event is about. */
    @Column(nullable = false)
    public String subject;

    @Column(name = "ce_type", nullable = false)
    public String type;

    @Column(name = "ce_source", nullable = false)
    public String source;

    @Column(name = "ce_time", nullable = false)
    public OffsetDateTime time;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    /** The W3C trace context of the work that recorded the event, which its send continues; null outside any. */
    @Column(columnDefinition = "text")
    public String traceparent;

    static OutboxEvent of(String topic, String key, CloudEvent event, String traceparent) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.id());
        row.topic = topic;
        row.eventKey = key;
        row.subject = event.subject();
        row.type = event.type();
        row.source = event.source();
        row.time = event.time();
        row.payload = event.data();
        row.traceparent = traceparent;
        return row;
    }

    /** The event as it goes on the wire, its attributes as headers; the record's key is {@link #eventKey}. */
    public CloudEvent toCloudEvent() {
        return new CloudEvent(eventId.toString(), type, source, subject, time, payload);
    }
}
