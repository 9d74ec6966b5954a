package io.dealstream.console.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class StreamRecordTest {

    private static final OffsetDateTime FUNDED_AT = OffsetDateTime.parse("2026-03-15T09:30:00.123456Z");

    @Test
    void aFundedTrancheReadsAsMakeWatchPrintsIt() {
        TrancheSnapshot funded = new TrancheSnapshot("amazon-t1", "openai-2026", "Amazon", new BigDecimal("15000000000.00"),
                new BigDecimal("50000000000.00"), TrancheKind.IMMEDIATE, TrancheState.FUNDED, "common",
                LocalDate.parse("2026-03-31"), null, null, new BigDecimal("15000000000.00"), LocalDate.parse("2026-03-15"),
                null, 2);
        CloudEvent event = CloudEvent.create(TrancheEventType.FUNDED, "/investment-service", "amazon-t1", FUNDED_AT,
                EventJson.write(funded));
        RecordHeaders headers = new RecordHeaders();
        event.headers().forEach(headers::add);

        StreamRecord shown = StreamRecord.of(record(Topics.TRANCHE_EVENTS, 2, 17, "amazon-t1", EventJson.write(funded),
                headers));

        assertEquals("2026-03-15T09:30:00.123Z", shown.time());
        assertEquals(Topics.TRANCHE_EVENTS, shown.topic());
        assertEquals(2, shown.partition());
        assertEquals(17, shown.offset());
        assertEquals("investment.tranche.funded.v1", shown.type());
        assertEquals("amazon-t1", shown.subject());
        assertEquals("FUNDED $15B (Amazon, openai-2026) funded $15B on 2026-03-15  v2", shown.summary());
        assertNull(shown.deadLetterReason());
    }

    @Test
    void aRoundsOpeningOnTheTrancheTopicReadsAsMakeWatchPrintsIt() {
        RoundSnapshot round = new RoundSnapshot("openai-2026", "OpenAI 2026 funding round",
                new BigDecimal("110000000000.00"), new BigDecimal("730000000000.00"), LocalDate.parse("2026-02-26"),
                List.of(new RoundCommitment("Amazon", new BigDecimal("50000000000.00"))));
        CloudEvent event = CloudEvent.create(RoundEventType.OPENED, "/investment-service", "openai-2026", FUNDED_AT,
                EventJson.write(round));
        RecordHeaders headers = new RecordHeaders();
        event.headers().forEach(headers::add);

        StreamRecord shown = StreamRecord.of(record(Topics.TRANCHE_EVENTS, 4, 0, "openai-2026", EventJson.write(round),
                headers));

        assertEquals("investment.round.opened.v1", shown.type());
        assertEquals("openai-2026", shown.subject());
        assertEquals("OPENED $110B at $730B pre-money on 2026-02-26, 1 investor: Amazon $50B", shown.summary());
        assertNull(shown.deadLetterReason());
    }

    @Test
    void aPoisonRecordOnADeadLetterTopicShowsTheReasonTheServiceGave() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", "NOT_A_CLOUD_EVENT: not a CloudEvent: no ce_specversion header"
                .getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", Topics.TRANCHE_EVENTS.getBytes(StandardCharsets.UTF_8));

        StreamRecord shown = StreamRecord.of(record("compute.tranche-events.dlq", 0, 0, "poison-1", "not json at all",
                headers));

        assertEquals("1970-01-01T00:00:01.500Z", shown.time());
        assertEquals("?", shown.type());
        assertEquals("poison-1", shown.subject());
        assertEquals("(not a readable event: not a CloudEvent: no ce_specversion header)", shown.summary());
        assertEquals("NOT_A_CLOUD_EVENT: not a CloudEvent: no ce_specversion header", shown.deadLetterReason());
    }

    private static ConsumerRecord<String, String> record(String topic, int partition, long offset, String key,
            String value, RecordHeaders headers) {
        return new ConsumerRecord<>(topic, partition, offset, 1_500L, TimestampType.CREATE_TIME, -1, -1, key, value,
                headers, Optional.empty());
    }
}
