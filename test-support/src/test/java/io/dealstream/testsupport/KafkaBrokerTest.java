package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded broker end to end: records with headers, an outage, and the data surviving it. */
class KafkaBrokerTest {

    private static final String TOPIC = "test-support.outage";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaBroker broker;
    private static KafkaCompanion companion;

    @BeforeAll
    static void startBroker() {
        System.setProperty(KafkaBroker.BACKEND_PROPERTY, "embedded");
        broker = KafkaBroker.get();
        companion = broker.newCompanion();
    }

    @AfterAll
    static void closeCompanion() {
        companion.close();
    }

    @Test
    void recordsSurviveAnOutage() throws Exception {
        assertEquals("embedded", broker.backendName());
        assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"), broker.bootstrapServers());

        // a record with headers, into a topic the broker creates on first use
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_type", "io.dealstream.test".getBytes(StandardCharsets.UTF_8));
        companion.produceStrings()
                .fromRecords(new ProducerRecord<>(TOPIC, null, "deal-1", "before", headers))
                .awaitCompletion(WAIT);
        ConsumerRecord<String, String> first = companion.consumeStrings()
                .fromTopics(TOPIC, 1).awaitCompletion(WAIT).getFirstRecord();
        assertEquals("before", first.value());
        assertEquals("io.dealstream.test", KafkaCompanion.getHeader(first.headers(), "ce_type"));
        assertEquals(3, companion.topics().describe(TOPIC).get(TOPIC).partitions().size(), "num.partitions");

        broker.stop();
        assertFalse(broker.isRunning());
        // a producer that gives up fast: the outage must show as a failed send, not as a hang
        Map<String, Object> config = new java.util.HashMap<>(broker.clientProperties());
        config.putAll(Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000));
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            long t0 = System.nanoTime();
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(TOPIC, "deal-1", "during")).get(20, TimeUnit.SECONDS));
            assertInstanceOf(TimeoutException.class, failure.getCause());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(millis < 10_000, "the produce failed only after " + millis + " ms");
        }

        broker.start();
        assertTrue(broker.isRunning());
        companion.produceStrings().fromRecords(new ProducerRecord<>(TOPIC, "deal-1", "after")).awaitCompletion(WAIT);
        // a new consumer group reads from the start: the record from before the outage is still there
        ConsumerTask<String, String> all = companion.consumeStrings().fromTopics(TOPIC, 2).awaitCompletion(WAIT);
        List<String> values = all.stream().map(ConsumerRecord::value).toList();
        assertEquals(List.of("before", "after"), values);
    }
}
