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
import java.util.stream.Stream;

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

    /**
     * The events of {@code kind} recorded about {@code subject}, oldest first, from position {@code after + 1} (the
     * first is at 1), at most {@code most}. The log is only ever appended to, so a position always names the same
     * event. Only that kind's: another kind may share the topic and the subject (a round named as a tranche is).
     */
    public <T extends Enum<T> & EventType> List<CloudEvent> eventsOf(Class<T> kind, String subject, long after,
            int most) {
        if (after > Integer.MAX_VALUE - (long) most) {
            // past any log there is: no subject has two billion events
            return List.of();
        }
        List<String> types = Stream.of(kind.getEnumConstants()).map(EventType::ceType).toList();
        return OutboxEvent.<OutboxEvent>find("topic = ?1 and subject = ?2 and type in ?3 order by seq",
                        kind.getEnumConstants()[0].topic(), subject, types)
                .range((int) after, (int) after + most - 1)
                .stream().map(OutboxEvent::toCloudEvent).toList();
    }
}
