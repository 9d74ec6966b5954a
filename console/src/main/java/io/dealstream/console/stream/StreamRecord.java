package io.dealstream.console.stream;

import io.dealstream.launch.TopicEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the stream, as the page shows it: when, where, which CloudEvent about what, the line {@code make watch}
 * prints for it, and on a dead-letter topic why the service refused it.
 *
 * @param time the event's {@code ce_time}, else the record's timestamp (ISO-8601, milliseconds)
 * @param type the {@code ce_type}, or {@code ?} when the record is not a CloudEvent
 * @param summary the payload's key figures, as {@code make watch} prints them
 * @param deadLetterReason the {@code dead-letter-reason} header, or null
 */
public record StreamRecord(String time, String topic, int partition, long offset, String type, String subject,
        String summary, String deadLetterReason) {

    /** The header the services' dead letters carry (funding-view's DeadLetters). */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    public static StreamRecord of(ConsumerRecord<String, String> r) {
        TopicEvent e = TopicEvent.of(r);
        Instant time = e.event() != null ? e.event().time().toInstant() : Instant.ofEpochMilli(r.timestamp());
        Header reason = r.headers().lastHeader(DEAD_LETTER_REASON);
        return new StreamRecord(time.truncatedTo(ChronoUnit.MILLIS).toString(), r.topic(), r.partition(), r.offset(),
                e.ceType(), e.subject(), e.figures(),
                reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
    }
}
