package io.dealstream.bench;

import io.dealstream.launch.KafkaEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor this machine and broker set: a bare kafka-clients producer (acks=all, idempotent, no linger) sends one
 * record, a bare consumer on the same broker receives it, then the next: the round trip, in milliseconds.
 */
final class Floor {

    static final String TOPIC = "bench.floor";

    private Floor() {
    }

    /** A producer as the services' relays send: acks from all in-sync replicas, idempotent, no linger. */
    static Properties producerSettings(KafkaEndpoint kafka, String clientId) {
        Properties p = kafka.properties(clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return p;
    }

    /** @param kafka the broker, as its admin: the floor's topic is the bench's own */
    static Stats measure(KafkaEndpoint kafka, int warmup, int roundTrips) throws Exception {
        createTopic(kafka);
        Properties p = producerSettings(kafka, "bench-floor-producer");
        Properties c = kafka.properties("bench-floor-consumer");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        double[] ms = new double[roundTrips];
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition, Duration.ofSeconds(10));
            for (int i = -warmup; i < roundTrips; i++) {
                String value = "floor-" + i;
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, "floor", value));
                if (!received(consumer, value, Duration.ofSeconds(10))) {
                    throw new IllegalStateException("the floor's record " + value + " did not come back within 10 s");
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return Stats.of(ms);
    }

    private static boolean received(KafkaConsumer<String, String> consumer, String value, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.value().equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void createTopic(KafkaEndpoint kafka) throws Exception {
        try (Admin admin = Admin.create(kafka.properties("bench-floor-admin"))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
