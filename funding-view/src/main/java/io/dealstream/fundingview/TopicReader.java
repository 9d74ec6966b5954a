package io.dealstream.fundingview;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from given offsets up to its end as it was when the reading began, outside any consumer group
 * (nothing is committed): what the repairs of the view replay. With the service's own Kafka settings, so its
 * credentials.
 */
@ApplicationScoped
public class TopicReader {

    /** Gets the records of one poll, in partition order within each partition. */
    @FunctionalInterface
    public interface Batch {
        void accept(List<ConsumerRecord<String, String>> records) throws Exception;
    }

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> kafkaConfig;

    TopicReader(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    /**
     * Reads {@code topic} from {@code from} (per partition; absent: its start) to the end offsets of the moment, a
     * poll at a time; returns those end offsets.
     */
    public Map<Integer, Long> read(String topic, String clientId, Map<Integer, Long> from, Batch batch)
            throws Exception {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            Map<Integer, Long> endOffsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long start = Math.max(starts.get(partition), from.getOrDefault(partition.partition(), 0L));
                consumer.seek(partition, Math.min(start, ends.get(partition)));
                endOffsets.put(partition.partition(), ends.get(partition));
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < ends.get(p))) {
                ConsumerRecords<String, String> polled = consumer.poll(POLL);
                List<ConsumerRecord<String, String>> wanted = new ArrayList<>(polled.count());
                for (ConsumerRecord<String, String> record : polled) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        wanted.add(record);
                    }
                }
                if (!wanted.isEmpty()) {
                    batch.accept(wanted);
                }
            }
            return endOffsets;
        }
    }
}
