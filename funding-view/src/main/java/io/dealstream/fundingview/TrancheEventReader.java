package io.dealstream.fundingview;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.EventType;
import io.dealstream.events.InvalidEventException;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a Kafka record from investment.tranche-events as a tranche event, or says why it is not one (then it
 * is a poison message for the dead-letter topic). The contract's own limits hold here as they do when investment-service
 * writes (CloudEvent, TrancheSnapshot). Consistency is checked too: a record whose key, subject and body disagree could
 * be applied to the wrong tranche or out of order.
 */
public final class TrancheEventReader {

    /**
     * A tranche event as read: its CloudEvent attributes, its kind, the tranche snapshot it carries, and the trace
     * context that what it causes continues (null until the consumer's span for it gives one).
     */
    public record TrancheEvent(CloudEvent cloudEvent, TrancheEventType type, TrancheSnapshot tranche,
            String traceparent) {

        /** The same event, what it causes continuing the trace of {@code traceparent}. */
        public TrancheEvent continuing(String traceparent) {
            return new TrancheEvent(cloudEvent, type, tranche, traceparent);
        }
    }

    /** A record that is not a tranche event, with the kind of reason it goes to the dead-letter topic for. */
    public static final class PoisonRecord extends InvalidEventException {

        private final DeadLetterReason reason;

        PoisonRecord(DeadLetterReason reason, InvalidEventException cause) {
            super(cause.getMessage(), cause);
            this.reason = reason;
        }

        public DeadLetterReason reason() {
            return reason;
        }
    }

    private TrancheEventReader() {
    }

    /** The tranche event a record of the topic (or of a dead-letter topic, a copy of one) carries. */
    public static TrancheEvent read(ConsumerRecord<String, String> record) {
        return read(record.key(), name -> lastHeader(record, name), record.value());
    }

    /** Where the record is, as the logs, the health check and the repairs' reports say it: topic-partition@offset. */
    public static String position(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** The text of the record's last header {@code name}, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        byte[] value = lastHeader(record, name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] lastHeader(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }

    /** The tranche event the record carries; a {@link PoisonRecord} if it carries none. */
    public static TrancheEvent read(String key, Function<String, byte[]> header, String value) {
        CloudEvent event = poisonIf(DeadLetterReason.NOT_A_CLOUD_EVENT, () -> CloudEvent.fromKafka(header, value));
        TrancheEventType type = poisonIf(DeadLetterReason.UNKNOWN_TYPE,
                () -> EventType.fromCeType(TrancheEventType.class, event.type()));
        TrancheSnapshot tranche = poisonIf(DeadLetterReason.UNREADABLE_BODY,
                () -> EventJson.read(event.data(), TrancheSnapshot.class));
        return poisonIf(DeadLetterReason.INCONSISTENT, () -> consistent(key, event, type, tranche));
    }

    private static TrancheEvent consistent(String key, CloudEvent event, TrancheEventType type,
            TrancheSnapshot tranche) {
        if (!tranche.trancheId().equals(event.subject())) {
            throw new InvalidEventException("ce_subject '" + event.subject() + "' is not the body's trancheId '"
                    + tranche.trancheId() + "'");
        }
        if (key != null && !key.equals(event.subject())) {
            throw new InvalidEventException("record key '" + key + "' is not ce_subject '" + event.subject() + "'");
        }
        if (TrancheEventType.enteringState(tranche.state()) != type) {
            throw new InvalidEventException(type.ceType() + " cannot carry a tranche in state " + tranche.state());
        }
        return new TrancheEvent(event, type, tranche, null);
    }

    private static <T> T poisonIf(DeadLetterReason reason, Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidEventException e) {
            throw new PoisonRecord(reason, e);
        }
    }
}
