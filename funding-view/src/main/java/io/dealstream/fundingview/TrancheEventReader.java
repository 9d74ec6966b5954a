package io.dealstream.fundingview;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.EventType;
import io.dealstream.events.InvalidEventException;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.platform.log.LogSafe;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a Kafka record from investment.tranche-events as the event it carries, a round opened or a tranche changed,
 * or says why it carries none (then it is a poison message for the dead-letter topic). The contract's own limits hold
 * here as they do when investment-service writes (CloudEvent, RoundSnapshot, TrancheSnapshot). Consistency is checked
 * too: the record's key is the body's round id (the topic is keyed by round) and its subject the body's own id (the
 * round's, or the tranche's); a record whose key, subject and body disagree could be applied to the wrong round or
 * tranche, or out of order.
 */
public final class TrancheEventReader {

    /**
     * An event of the tranche topic as read: its CloudEvent attributes, the snapshot it carries, and the trace context
     * that what it causes continues (null until the consumer's span for it gives one).
     */
    public sealed interface InvestmentEvent permits RoundEvent, TrancheEvent {

        CloudEvent cloudEvent();

        String traceparent();

        /** The same event, what it causes continuing the trace of {@code traceparent}. */
        InvestmentEvent continuing(String traceparent);

        /** The event's short name, e.g. {@code RoundOpened}, {@code TrancheFunded}. */
        String eventName();

        /** The round the event opens, or the round of its tranche: the record's key. */
        String roundId();

        /** The version the view records it with: a tranche's own; 1 for a round, which never changes. */
        long version();

        /** What it is about, for a log line, its texts escaped: {@code round=... investors=3}. */
        String describe();
    }

    /** A round opened: the round as it is, for good. */
    public record RoundEvent(CloudEvent cloudEvent, RoundSnapshot round, String traceparent)
            implements InvestmentEvent {

        @Override
        public RoundEvent continuing(String traceparent) {
            return new RoundEvent(cloudEvent, round, traceparent);
        }

        @Override
        public String eventName() {
            return RoundEventType.OPENED.eventName();
        }

        @Override
        public String roundId() {
            return round.roundId();
        }

        @Override
        public long version() {
            return 1;
        }

        @Override
        public String describe() {
            return "round=" + LogSafe.of(round.roundId()) + " investors=" + round.investors().size();
        }
    }

    /** A tranche changed: its kind of change and the tranche after it. */
    public record TrancheEvent(CloudEvent cloudEvent, TrancheEventType type, TrancheSnapshot tranche,
            String traceparent) implements InvestmentEvent {

        @Override
        public TrancheEvent continuing(String traceparent) {
            return new TrancheEvent(cloudEvent, type, tranche, traceparent);
        }

        @Override
        public String eventName() {
            return type.eventName();
        }

        @Override
        public String roundId() {
            return tranche.roundId();
        }

        @Override
        public long version() {
            return tranche.version();
        }

        @Override
        public String describe() {
            return "round=" + LogSafe.of(tranche.roundId()) + " tranche=" + LogSafe.of(tranche.trancheId())
                    + " version=" + tranche.version() + " state=" + tranche.state();
        }
    }

    /** A record that is no event of the topic, with the kind of reason it goes to the dead-letter topic for. */
    public static final class PoisonRecord extends InvalidEventException {

        private final DeadLetterReason reason;

        PoisonRecord(DeadLetterReason reason, InvalidEventException cause) {
            super(cause.getMessage(), cause);
            this.reason = reason;
        }

        public DeadLetterReason reason() {
            return reason;
        }

        /** Why the record is no event, as the dead-letter header says it. */
        public String told() {
            return reason.because(getMessage());
        }
    }

    /** The event types of the topic. */
    private static final List<EventType> TYPES = Stream.concat(Stream.of(RoundEventType.values()),
            Stream.of(TrancheEventType.values())).map(EventType.class::cast).toList();

    private TrancheEventReader() {
    }

    /** The event a record of the topic (or of a dead-letter topic, a copy of one) carries. */
    public static InvestmentEvent read(ConsumerRecord<String, String> record) {
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

    /** The event the record carries; a {@link PoisonRecord} if it carries none. */
    public static InvestmentEvent read(String key, Function<String, byte[]> header, String value) {
        CloudEvent event = poisonIf(DeadLetterReason.NOT_A_CLOUD_EVENT, () -> CloudEvent.fromKafka(header, value));
        EventType type = poisonIf(DeadLetterReason.UNKNOWN_TYPE, () -> EventType.fromCeType(event.type(), TYPES));
        if (type instanceof TrancheEventType trancheType) {
            TrancheSnapshot tranche = poisonIf(DeadLetterReason.UNREADABLE_BODY,
                    () -> EventJson.read(event.data(), TrancheSnapshot.class));
            return poisonIf(DeadLetterReason.INCONSISTENT, () -> consistent(key, event, trancheType, tranche));
        }
        RoundSnapshot round = poisonIf(DeadLetterReason.UNREADABLE_BODY,
                () -> EventJson.read(event.data(), RoundSnapshot.class));
        return poisonIf(DeadLetterReason.INCONSISTENT, () -> consistent(key, event, round));
    }

    private static RoundEvent consistent(String key, CloudEvent event, RoundSnapshot round) {
        if (!round.roundId().equals(event.subject())) {
            throw new InvalidEventException("ce_subject '" + event.subject() + "' is not the body's roundId '"
                    + round.roundId() + "'");
        }
        keyIsTheRound(key, round.roundId());
        return new RoundEvent(event, round, null);
    }

    private static TrancheEvent consistent(String key, CloudEvent event, TrancheEventType type,
            TrancheSnapshot tranche) {
        if (!tranche.trancheId().equals(event.subject())) {
            throw new InvalidEventException("ce_subject '" + event.subject() + "' is not the body's trancheId '"
                    + tranche.trancheId() + "'");
        }
        keyIsTheRound(key, tranche.roundId());
        if (TrancheEventType.enteringState(tranche.state()) != type) {
            throw new InvalidEventException(type.ceType() + " cannot carry a tranche in state " + tranche.state());
        }
        return new TrancheEvent(event, type, tranche, null);
    }

    /** The topic is keyed by round: a record under another key is not where its round's other records are. */
    private static void keyIsTheRound(String key, String roundId) {
        if (key != null && !key.equals(roundId)) {
            throw new InvalidEventException("record key '" + key + "' is not the body's roundId '" + roundId + "'");
        }
    }

    private static <T> T poisonIf(DeadLetterReason reason, Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidEventException e) {
            throw new PoisonRecord(reason, e);
        }
    }
}
