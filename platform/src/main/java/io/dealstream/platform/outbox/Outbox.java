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
     * Records an event of {@code type} about {@code key} (the Kafka key and the CloudEvent subject) with
     * {@code body} as its JSON data.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(EventType type, String key, Object body) {
        CloudEvent event = CloudEvent.create(type, source, key, OffsetDateTime.now(clock), EventJson.write(body));
        OutboxEvent.of(type.topic(), event, tracing.currentTraceparent()).persist();
        AfterCommit.run(transactions, relay::wakeUp);
        return event;
    }

    /**
     * The events recorded about {@code key} on {@code topic}, oldest first, from position {@code after + 1} (the first
     * is at 1), at most {@code most}. The log is only ever appended to, so a position always names the same event.
     */
    public List<CloudEvent> eventsOf(String topic, String key, long after, int most) {
        if (after > Integer.MAX_VALUE - (long) most) {
            // past any log there is: no key has two billion events
            return List.of();
        }
        return OutboxEvent.<OutboxEvent>find("topic = ?1 and eventKey = ?2 order by seq", topic, key)
                .range((int) after, (int) after + most - 1)
                .stream().map(OutboxEvent::toCloudEvent).toList();
    }
}
