package io.dealstream.launch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads topics as they are written, without a consumer group (it assigns itself every partition, and looks for new
 * topics and partitions every few seconds), and hands each record to a listener as a {@link TopicEvent}. Used by
 * {@code make watch}, the demo and the end-to-end tests.
 */
public final class TopicTap implements AutoCloseable {

    private final KafkaEndpoint kafka;
    private final List<String> topics;
    private final boolean fromBeginning;
    private final Consumer<TopicEvent> listener;
    // appended once per record, read rarely: a copy-on-write list would copy the whole history per record
    private final List<TopicEvent> events = new ArrayList<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closed;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile String problem;

    /**
     * @param fromBeginning every record already on the topics first; else only what is written from now on
     * @param listener called on the tap's thread for each record, in partition order
     */
    public TopicTap(KafkaEndpoint kafka, List<String> topics, boolean fromBeginning, Consumer<TopicEvent> listener) {
        this.kafka = kafka;
        this.topics = List.copyOf(topics);
        this.fromBeginning = fromBeginning;
        this.listener = listener;
        this.thread = new Thread(this::run, "topic-tap");
        this.thread.setDaemon(true);
    }

    public TopicTap start() {
        thread.start();
        return this;
    }

    /** Waits until every topic that exists has its partitions assigned and positioned (nothing after this is missed). */
    public boolean awaitPositioned(Duration timeout) {
        try {
            return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why the tap has not started yet (e.g. Kafka unreachable), or null. */
    public String problem() {
        return problem;
    }

    /** Everything read so far, in the order read. */
    public List<TopicEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    public int size() {
        synchronized (events) {
            return events.size();
        }
    }

    private void run() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(kafka.readerProperties("dealstream-topic-tap",
                Duration.ofSeconds(10)))) {
            consumer = c;
            Set<TopicPartition> assigned = new HashSet<>();
            long nextLookup = 0;
            while (!closed) {
                if (System.currentTimeMillis() >= nextLookup) {
                    boolean complete = refreshAssignment(c, assigned);
                    nextLookup = System.currentTimeMillis() + (complete ? 5_000 : 1_000);
                    if (complete) {
                        positioned.countDown();
                    }
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    TopicEvent e = TopicEvent.of(r);
                    synchronized (events) {
                        events.add(e);
                    }
                    listener.accept(e);
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Assigns partitions not yet assigned; returns true when every topic was found. */
    private boolean refreshAssignment(KafkaConsumer<String, String> c, Set<TopicPartition> assigned) {
        List<TopicPartition> added = new ArrayList<>();
        boolean complete = true;
        for (String topic : topics) {
            List<PartitionInfo> partitions;
            try {
                partitions = c.partitionsFor(topic, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                problem = "cannot reach Kafka at " + kafka.bootstrapServers();
                complete = false;
                continue;
            }
            if (partitions == null || partitions.isEmpty()) {
                complete = false;
                continue;
            }
            problem = null;
            for (PartitionInfo info : partitions) {
                TopicPartition tp = new TopicPartition(info.topic(), info.partition());
                if (!assigned.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        if (!added.isEmpty()) {
            boolean firstTime = assigned.isEmpty();
            assigned.addAll(added);
            c.assign(assigned);
            // partitions that appear later are new: everything in them is news; the first ones start where asked
            if (fromBeginning || !firstTime) {
                c.seekToBeginning(added);
            } else {
                c.seekToEnd(added);
            }
            for (TopicPartition tp : added) {
                c.position(tp, Duration.ofSeconds(10)); // resolves the seek now, so nothing written after is missed
            }
        }
        return complete;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
