package io.dealstream.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka producers for records that must not be lost: acks from all in-sync replicas, idempotent (so retries
 * neither duplicate nor reorder within a partition), and bounded waits so a broker outage surfaces as an
 * error the caller retries instead of a thread blocked for minutes. Each producer's own metrics (send rates, errors,
 * retries, request latency) are on {@code /q/metrics} as {@code kafka_producer_*} until it is closed here.
 */
@ApplicationScoped
public class ReliableProducers {

    /** The {@code kafka.*} settings of the application (bootstrap servers and any client overrides). */
    private final Map<String, Object> kafkaConfig;
    private final MeterRegistry registry;
    private final Map<KafkaProducer<String, String>, KafkaClientMetrics> metrics = new ConcurrentHashMap<>();

    ReliableProducers(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry registry) {
        this.kafkaConfig = kafkaConfig;
        this.registry = registry;
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
        KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer());
        KafkaClientMetrics clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
        metrics.put(producer, clientMetrics);
        return producer;
    }

    /** Closes a producer of {@link #create} and takes its metrics off (a relay makes a new one after a failure). */
    public void close(KafkaProducer<String, String> producer, Duration timeout) {
        KafkaClientMetrics clientMetrics = metrics.remove(producer);
        if (clientMetrics != null) {
            clientMetrics.close();
        }
        producer.close(timeout);
    }
}
