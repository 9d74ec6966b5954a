package io.dealstream.compute.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.Topics;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.testsupport.InjectKafka;
import io.dealstream.testsupport.KafkaResource;
import io.dealstream.testsupport.OtlpReceiver;
import io.dealstream.testsupport.OtlpReceiver.ReceivedSpan;
import io.dealstream.testsupport.OtlpResource;
import io.dealstream.testsupport.PostgresResource;
import io.dealstream.testsupport.TrancheEvents;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A tranche event's trace continues in compute: a span per record, child of the record's {@code traceparent}, and the
 * capacity event its application releases is sent in that trace. The partner is a round of this class's own, so its
 * tranches release capacity here and nowhere else.
 */
@QuarkusTest
@TestProfile(CapacityTraceTest.OwnPartnerRound.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(OtlpResource.class)
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = PostgresResource.DATABASE_PREFIX, value = "compute"))
class CapacityTraceTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** Fixed, not random: the profile and the test methods see this class from different class loaders. */
    static final String ROUND = "traced-round";

    public static class OwnPartnerRound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dealstream.partner.round-id", ROUND);
        }
    }

    @InjectKafka
    KafkaCompanion kafka;

    OtlpReceiver traces;

    @Test
    void aFundingEventsTraceContinuesInItsApplicationAndInTheCapacityItReleases() throws InterruptedException {
        TrancheSnapshot t1 = TrancheEvents.amazonT1(ROUND + "-t1", ROUND);
        publish(opening(), TrancheEvents.record(TrancheEvents.event(t1)),
                TrancheEvents.record(TrancheEvents.event(TrancheEvents.amazonT2(ROUND + "-t2", ROUND))));
        String callerTrace = hex(16);
        String callerSpan = hex(8);
        CloudEvent funded = TrancheEvents.event(TrancheEvents.funded(t1, LocalDate.of(2026, 3, 2)));
        publish(traced(TrancheEvents.record(funded), callerTrace, callerSpan));

        ConsumerRecord<String, String> released;
        try (ConsumerTask<String, String> capacity = kafka.consumeStrings().fromTopics(Topics.CAPACITY_EVENTS,
                r -> r.filter(record -> callerTrace.equals(traceId(record))))) {
            released = capacity.awaitRecords(1, WAIT).getRecords().getFirst();
        }
        assertEquals("compute.capacity.released.v1", header(released, "ce_type"));

        List<ReceivedSpan> trace = traces.awaitTrace(callerTrace, spans -> spans.size() >= 2, WAIT);
        assertEquals(2, trace.size(), "the apply and the send: " + trace);
        ReceivedSpan process = trace.getFirst().kind().equals("SPAN_KIND_CONSUMER") ? trace.get(0) : trace.get(1);
        ReceivedSpan send = trace.get(0) == process ? trace.get(1) : trace.get(0);
        assertEquals("compute-service", process.service());
        assertEquals("process " + Topics.TRANCHE_EVENTS, process.name());
        assertEquals(callerSpan, process.parentSpanId(), "the apply continues the record's traceparent");
        assertEquals(funded.id(), process.attributes().get("messaging.message.id"));
        assertEquals("APPLIED", process.attributes().get("dealstream.outcome"));
        assertEquals("STATUS_CODE_UNSET", process.status());
        assertEquals("send " + Topics.CAPACITY_EVENTS, send.name());
        assertEquals("SPAN_KIND_PRODUCER", send.kind());
        assertTrue(send.isChildOf(process), "the capacity event is sent in the apply's trace: " + trace);
        assertEquals(send.spanId(), header(released, "traceparent").split("-")[2]);
    }

    @Test
    void aPoisonRecordsSpanContinuesItsTraceAndSaysWhyItWasDeadLettered() throws InterruptedException {
        String callerTrace = hex(16);
        String callerSpan = hex(8);
        ProducerRecord<String, String> poison = traced(
                TrancheEvents.poison(TrancheEvents.event(TrancheEvents.amazonT1(ROUND + "-poison", ROUND))),
                callerTrace, callerSpan);
        publish(poison);

        try (ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics("compute.tranche-events.dlq",
                r -> r.filter(record -> callerTrace.equals(traceId(record))))) {
            ConsumerRecord<String, String> dead = dlq.awaitRecords(1, WAIT).getRecords().getFirst();
            assertEquals(poison.value(), dead.value());
        }
        List<ReceivedSpan> trace = traces.awaitTrace(callerTrace, spans -> !spans.isEmpty(), WAIT);
        assertEquals(1, trace.size(), trace.toString());
        ReceivedSpan process = trace.getFirst();
        assertEquals(callerSpan, process.parentSpanId());
        assertEquals("DEAD_LETTERED", process.attributes().get("dealstream.outcome"));
        assertEquals("STATUS_CODE_ERROR", process.status());
    }

    @Test
    void aRecordWithAForgedTraceparentIsAppliedInATraceOfItsOwn() {
        CloudEvent forged = TrancheEvents.event(TrancheEvents.amazonT1(ROUND + "-forged", ROUND));
        ProducerRecord<String, String> record = TrancheEvents.record(forged);
        record.headers().add("traceparent", "00-zz-not-hex-01".getBytes(StandardCharsets.UTF_8));
        publish(opening(), record);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> traces.spans().stream()
                .anyMatch(s -> forged.id().equals(s.attributes().get("messaging.message.id"))
                        && "APPLIED".equals(s.attributes().get("dealstream.outcome"))
                        && s.parentSpanId().isEmpty()));
    }

    /** The opening of this class's round, Amazon's $50B in it: once, or again as it was (a duplicate). */
    private static ProducerRecord<String, String> opening() {
        return TrancheEvents.record(TrancheEvents.opened(TrancheEvents.roundOf(
                TrancheEvents.amazonT1(ROUND + "-t1", ROUND))));
    }

    @SafeVarargs
    private void publish(ProducerRecord<String, String>... records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
    }

    private static ProducerRecord<String, String> traced(ProducerRecord<String, String> record, String trace,
            String span) {
        record.headers().add("traceparent", ("00-" + trace + "-" + span + "-01").getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** The record's trace id; null for records without a traceparent (other tests' poison records). */
    private static String traceId(ConsumerRecord<String, String> record) {
        Header traceparent = record.headers().lastHeader("traceparent");
        return traceparent == null ? null : new String(traceparent.value(), StandardCharsets.UTF_8).split("-")[1];
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return KafkaCompanion.getHeader(record.headers(), name);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
