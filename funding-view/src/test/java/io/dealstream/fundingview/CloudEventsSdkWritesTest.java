package io.dealstream.fundingview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventSerializer;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.fundingview.TrancheEventReader.PoisonRecord;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Records the official CloudEvents Java SDK writes ({@code cloudevents-kafka}'s CloudEventSerializer) as the views
 * read them: a binary-mode tranche event is read as investment-service's own, and a structured-mode one is a dead
 * letter NOT_A_CLOUD_EVENT that says it is structured mode.
 */
class CloudEventsSdkWritesTest {

    static final TrancheSnapshot FUNDED = TrancheEventReaderTest.funded("amazon-t1", "15000000000.00", 2);

    static CloudEvent funded(String time) {
        return CloudEventBuilder.v1()
                .withId("9b2d4f61-3e7a-4c58-a1d0-7f6e5b4c3a03")
                .withType("investment.tranche.funded.v1")
                .withSource(URI.create("/investment-service"))
                .withSubject("amazon-t1")
                .withTime(OffsetDateTime.parse(time))
                .withDataContentType("application/json")
                .withData(EventJson.write(FUNDED).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** The record a consumer of the tranche topic gets for what the SDK's serializer wrote, keyed by its round. */
    static ConsumerRecord<String, String> written(CloudEvent event, Map<String, Object> settings) {
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(settings, false);
            RecordHeaders headers = new RecordHeaders();
            byte[] value = serializer.serialize(Topics.TRANCHE_EVENTS, headers, event);
            return new ConsumerRecord<>(Topics.TRANCHE_EVENTS, 1, 42L, 0L, TimestampType.CREATE_TIME, 9, value.length,
                    FUNDED.roundId(), new String(value, StandardCharsets.UTF_8), headers, Optional.empty());
        }
    }

    @Test
    void aTrancheEventTheSdkWritesInBinaryModeIsReadAsInvestmentServicesOwn() {
        ConsumerRecord<String, String> record = written(funded("2026-03-31T18:05:12.345+02:00"),
                Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY));

        TrancheEvent event = (TrancheEvent) TrancheEventReader.read(record);

        assertEquals(TrancheEventType.FUNDED, event.type());
        assertEquals(new io.dealstream.events.CloudEvent("9b2d4f61-3e7a-4c58-a1d0-7f6e5b4c3a03",
                "investment.tranche.funded.v1", "/investment-service", "amazon-t1",
                OffsetDateTime.parse("2026-03-31T16:05:12.345Z"), EventJson.write(FUNDED)), event.cloudEvent());
        assertEquals(FUNDED, event.tranche());
        assertEquals("2026-03-31T18:05:12.345+02:00", TrancheEventReader.header(record, "ce_time"),
                "the SDK writes the time with its own offset; the reader takes the instant");
        assertEquals("application/json", TrancheEventReader.header(record, "content-type"));
    }

    @Test
    void aStructuredModeCloudEventIsADeadLetterThatSaysItIsStructuredMode() {
        ConsumerRecord<String, String> record = written(funded("2026-03-31T16:05:12.345Z"), Map.of(
                CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED,
                CloudEventSerializer.EVENT_FORMAT_CONFIG, JsonFormat.CONTENT_TYPE));
        assertEquals("application/cloudevents+json", TrancheEventReader.header(record, "content-type"));

        PoisonRecord poison = assertThrows(PoisonRecord.class, () -> TrancheEventReader.read(record));

        assertEquals(DeadLetterReason.NOT_A_CLOUD_EVENT, poison.reason());
        assertEquals("a structured-mode CloudEvent (content-type 'application/cloudevents+json'): the contract takes "
                + "binary mode only, the attributes as ce_* headers and the JSON body as the value", poison.getMessage());
    }
}
