package io.dealstream.platform.outbox;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.EventType;
import io.dealstream.platform.trace.EventTracing;
import io.dealstream.platform.tx.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Records events in the caller's transaction, so an event exists exactly when the change it announces
 * committed, with the trace context of the work that recorded them. {@link OutboxRelay} sends them to Kafka after
 * commit.
 */
@ApplicationScoped
public class Outbox {

    private final Clock clock;
    private final OutboxRelay relay;
    private final TransactionSynchronizationRegistry transactions;
    private final String source;
    private final EventTracing tracing;

    Outbox(Clock clock, OutboxRelay relay, TransactionSynchronizationRegistry transactions, OutboxSettings settings,
            EventTracing tracing) {
        this.clock = clock;
        this.relay = relay;
        this.transactions = transactions;
        this.source = settings.source();
        this.tracing = tracing;
    }

    /**
     * Records an event of {@code type} about {@code subject} (the CloudEvent subject) with {@code body} as its JSON
     * data, to be sent with the Kafka key {@code key}: the records of one key keep their order in one partition.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(EventType type, String key, String subject, Object body) {
        CloudEvent event = CloudEvent.create(type, source, subject, OffsetDateTime.now(clock), EventJson.write(body));
        OutboxEvent.of(type.topic(), key, event, tracing.currentTraceparent()).persist();
        AfterCommit.run(transactions, relay::wakeUp);
        return event;
    }

    /** The events recorded about {@code subject} on {@code topic}, oldest first. */
    public List<CloudEvent> eventsOf(String topic, String subject) {
        return OutboxEvent.<OutboxEvent>find("topic = ?1 and subject = ?2 order by seq", topic, subject)
                .stream().map(OutboxEvent::toCloudEvent).toList();
    }
}
