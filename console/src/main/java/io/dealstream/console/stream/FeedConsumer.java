package io.dealstream.console.stream;

import io.dealstream.console.ConsoleKafka;
import io.dealstream.console.ConsoleSettings;
import io.dealstream.console.deal.DealWatch;
import io.dealstream.console.web.Feed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads the topics and the dead-letter topics into the page's {@link Feed} with a consumer of its own that has no
 * group and never commits: it assigns itself every partition, so it can never take partitions from, or move the
 * offsets of, the services' groups.
 * At start it reads back the last {@code kept} records of each partition; a topic or partition that appears later
 * (a topic the deployment makes after the console started, or partitions added) is read from its beginning.
 */
@ApplicationScoped
public class FeedConsumer {

    private static final Logger LOG = Logger.getLogger(FeedConsumer.class);
    private static final Duration LOOK_FOR_TOPICS = Duration.ofSeconds(2);

    private final ConsoleSettings settings;
    private final ConsoleKafka kafka;
    private final Feed feed;
    private final DealWatch deal;
    private final List<String> topics;
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, String> consumer;

    FeedConsumer(ConsoleSettings settings, ConsoleKafka kafka, Feed feed, DealWatch deal) {
        this.settings = settings;
        this.kafka = kafka;
        this.feed = feed;
        this.deal = deal;
        this.topics = new ArrayList<>(settings.topics());
        this.topics.addAll(settings.deadLetterTopics());
        this.thread = new Thread(this::run, "console-feed-consumer");
        this.thread.setDaemon(true);
    }

    void start(@Observes StartupEvent start) {
        thread.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void run() {
        Properties p = kafka.endpoint().readerProperties("dealstream-console", Duration.ofSeconds(5));
        // a broker that lost its data: start again from what it has
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            consumer = c;
            Set<TopicPartition> assigned = new HashSet<>();
            long nextLook = 0;
            while (!closed) {
                if (System.nanoTime() >= nextLook) {
                    try {
                        assignNew(c, assigned);
                    } catch (KafkaException e) {
                        c.assign(assigned); // the broker went away meanwhile: those partitions are taken next time
                    }
                    nextLook = System.nanoTime() + LOOK_FOR_TOPICS.toNanos();
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                c.poll(Duration.ofMillis(200)).forEach(batch::add);
                // a poll returns partition after partition: in time order, an event comes after its cause
                batch.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
                for (ConsumerRecord<String, String> r : batch) {
                    feed.record(StreamRecord.of(r));
                }
                if (!batch.isEmpty()) {
                    deal.changed();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.errorf(e, "the feed consumer stopped");
            }
        }
    }

    /** Assigns the partitions not assigned yet, positioned as the class says; on a failure, none of them. */
    private void assignNew(KafkaConsumer<String, String> c, Set<TopicPartition> assigned) {
        boolean first = assigned.isEmpty();
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions;
            try {
                partitions = c.partitionsFor(topic, Duration.ofSeconds(2));
            } catch (KafkaException e) {
                continue; // the broker is away: the lag reading says so on the page
            }
            for (PartitionInfo info : partitions == null ? List.<PartitionInfo>of() : partitions) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (!assigned.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        if (added.isEmpty()) {
            return;
        }
        Set<TopicPartition> next = new HashSet<>(assigned);
        next.addAll(added);
        c.assign(next);
        if (first) {
            Map<TopicPartition, Long> begin = c.beginningOffsets(added);
            Map<TopicPartition, Long> end = c.endOffsets(added);
            for (TopicPartition tp : added) {
                c.seek(tp, Math.max(begin.get(tp), end.get(tp) - settings.kept()));
            }
        } else {
            c.seekToBeginning(added);
        }
        for (TopicPartition tp : added) {
            c.position(tp, Duration.ofSeconds(5)); // resolved now: nothing written after is missed
        }
        assigned.addAll(added);
    }
}
