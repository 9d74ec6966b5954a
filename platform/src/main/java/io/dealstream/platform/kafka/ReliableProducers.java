package io.dealstream.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka producers for records that must not be lost: acks from all in-sync replicas, idempotent (so retries
 * neither duplicate nor reorder within a partition), and bounded waits so a broker outage surfaces as an
 * error the caller retries instead of a thread blocked for minutes.
 */
@ApplicationScoped
public class ReliableProducers {

    /** The {@code kafka.*} settings of the application (bootstrap servers and any client overrides). */
    private final Map<String, Object> kafkaConfig;

    ReliableProducers(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    public KafkaProducer<String, String> create(String clientId, Duration deliveryTimeout, int lingerMs) {
        int shortWait = (int) Math.min(5_000, deliveryTimeout.toMillis());
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, shortWait);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, shortWait);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
