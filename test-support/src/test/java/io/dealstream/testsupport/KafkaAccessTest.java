package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test broker asks for a login and holds each user to the contract's ACLs ({@link KafkaAccess}). */
class KafkaAccessTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        System.setProperty(KafkaBroker.BACKEND_PROPERTY, "embedded");
        broker = KafkaBroker.get();
    }

    @Test
    void aClientWithoutCredentialsCannotWriteTheTrancheTopic() {
        Map<String, Object> anonymous = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        // the broker's only client listener asks for SASL: a plain client never gets an answer to its metadata
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(anonymous,
                Topics.TRANCHE_EVENTS));

        assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, refused.getCause());
    }

    @Test
    void aClientWithAWrongPasswordIsRefusedAtLogin() {
        Map<String, Object> wrong = new HashMap<>(broker.clientProperties(KafkaAccess.INVESTMENT));
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"investment-service\" password=\"not-the-password\";");

        Exception refused = assertThrows(Exception.class, () -> send(wrong, Topics.TRANCHE_EVENTS));

        assertEquals("org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed during "
                + "authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512",
                rootOf(refused).getClass().getName() + ": " + rootOf(refused).getMessage());
    }

    @Test
    void computeServiceCannotWriteTheTrancheTopic() {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send(broker.clientProperties(KafkaAccess.COMPUTE), Topics.TRANCHE_EVENTS));

        assertEquals(new TopicAuthorizationException(Set.of(Topics.TRANCHE_EVENTS)).getMessage(),
                assertInstanceOf(TopicAuthorizationException.class, refused.getCause()).getMessage());
    }

    @Test
    void investmentServiceWritesTheTrancheTopic() throws Exception {
        RecordMetadata written = send(broker.clientProperties(KafkaAccess.INVESTMENT), Topics.TRANCHE_EVENTS);

        assertEquals(Topics.TRANCHE_EVENTS, written.topic());
    }

    @Test
    void investmentServiceCannotWriteAnotherServicesTopic() {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send(broker.clientProperties(KafkaAccess.INVESTMENT), Topics.CAPACITY_EVENTS));

        assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
    }

    @Test
    void theReaderCannotWriteAnyTopic() {
        Map<String, Object> reader = broker.clientProperties(KafkaAccess.READER);
        // a producer as Kafka makes it by default (idempotent) gets no producer id: it may write no topic at all. The
        // refusal is fatal to the producer: the send's future fails with it, or, when it came first, send() throws.
        Exception noProducerId = assertThrows(Exception.class, () -> send(reader, Topics.TRANCHE_EVENTS));
        assertTrue(noProducerId instanceof ExecutionException || noProducerId instanceof KafkaException,
                noProducerId.toString());
        assertInstanceOf(ClusterAuthorizationException.class, noProducerId.getCause());

        Map<String, Object> plainProducer = new HashMap<>(reader);
        plainProducer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        plainProducer.put(ProducerConfig.ACKS_CONFIG, "1");
        for (String topic : KafkaAccess.TOPICS) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> send(plainProducer, topic),
                    topic);

            assertEquals(Set.of(topic),
                    assertInstanceOf(TopicAuthorizationException.class, refused.getCause()).unauthorizedTopics());
        }
    }

    @Test
    void theReaderReadsWhatIsWrittenToEveryTopic() throws Exception {
        for (String topic : KafkaAccess.TOPICS) {
            RecordMetadata written = send(broker.clientProperties(), topic);
            var partition = new org.apache.kafka.common.TopicPartition(topic, written.partition());
            try (var consumer = new KafkaConsumer<>(broker.clientProperties(KafkaAccess.READER),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(partition));
                consumer.seek(partition, written.offset());
                List<Long> offsets = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (offsets.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> offsets.add(r.offset()));
                }

                assertEquals(written.offset(), offsets.getFirst(), topic);
            }
        }
    }

    @Test
    void computeServiceConsumesOnlyInGroupsNamedForIt() {
        GroupAuthorizationException refused = assertThrows(GroupAuthorizationException.class,
                () -> poll(KafkaAccess.COMPUTE, "distribution-service"));
        assertEquals("distribution-service", refused.groupId());

        assertEquals(0, poll(KafkaAccess.COMPUTE, "compute-service-access-test"));
    }

    @Test
    void theTrancheTopicKeepsEveryRecordForEver() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TRANCHE_EVENTS);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            var config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);

            assertEquals(List.of("-1", "-1", "delete"), List.of(config.get("retention.ms").value(),
                    config.get("retention.bytes").value(), config.get("cleanup.policy").value()));
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, config.get("retention.ms").source());
        }
    }

    private static RecordMetadata send(Map<String, Object> client, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(topic, "amazon-t1", "{}")).get(30, TimeUnit.SECONDS);
        }
    }

    /** Joins {@code group} on the tranche topic as {@code user} and polls once; the records read. */
    private static int poll(String user, String group) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(user));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.TRANCHE_EVENTS));
            return consumer.poll(Duration.ofSeconds(5)).count();
        }
    }

    private static Throwable rootOf(Throwable t) {
        return t.getCause() == null ? t : rootOf(t.getCause());
    }
}
