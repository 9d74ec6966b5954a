package io.dealstream.fundingview;

import io.dealstream.platform.kafka.ReliableProducers;
import io.dealstream.platform.log.LogSafe;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Moves a poison message to the service's dead-letter topic: the record as it was (key, value, headers) plus
 * headers saying why and where it came from. The original is acknowledged only once the copy is stored.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String ORIGINAL_TOPIC = "dead-letter-topic";
    public static final String ORIGINAL_PARTITION = "dead-letter-partition";
    public static final String ORIGINAL_OFFSET = "dead-letter-offset";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(15);

    private final ReliableProducers producers;
    private final String topic;

    private KafkaProducer<String, String> producer;

    DeadLetters(ReliableProducers producers, FundingViewSettings settings) {
        this.producers = producers;
        this.topic = settings.deadLetterTopic();
    }

    /**
     * Stores a copy of {@code poison} with the reason; a record re-driven from the dead-letter topic keeps the headers
     * saying where it first was, and its new reason replaces the old.
     */
    public void send(ConsumerRecord<String, String> poison, String reason) throws Exception {
        ProducerRecord<String, String> copy = new ProducerRecord<>(topic, poison.key(), poison.value());
        boolean again = poison.topic().equals(topic);
        poison.headers().forEach(header -> {
            if (!header.key().equals(REASON)) {
                copy.headers().add(header);
            }
        });
        copy.headers().add(REASON, bytes(reason));
        if (!again) {
            copy.headers().add(ORIGINAL_TOPIC, bytes(poison.topic()));
            copy.headers().add(ORIGINAL_PARTITION, bytes(Integer.toString(poison.partition())));
            copy.headers().add(ORIGINAL_OFFSET, bytes(Long.toString(poison.offset())));
        }
        RecordMetadata stored = producer().send(copy)
                .get(DELIVERY_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        LOG.warnf("dead-lettered %s-%d@%d key=%s to %s@%d: %s", poison.topic(), poison.partition(), poison.offset(),
                LogSafe.of(poison.key()), stored.topic(), stored.offset(), LogSafe.of(reason));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = producers.create(topic + "-writer", DELIVERY_TIMEOUT, 0);
        }
        return producer;
    }

    synchronized void close(@Observes ShutdownEvent shutdown) {
        if (producer != null) {
            producers.close(producer, Duration.ofSeconds(2));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
