package io.dealstream.platform.outbox;

import io.dealstream.platform.kafka.ReliableProducers;
import io.dealstream.platform.lock.AdvisoryLock;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.trace.EventTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Sends committed outbox rows to Kafka, oldest first, and marks them sent once Kafka has acknowledged them.
 *
 * <p>A batch is read, sent and marked in one database transaction that holds an advisory lock, so only one
 * replica relays at a time and per-key order is kept. If Kafka is down the transaction rolls back and the
 * batch is sent again later with the same ce_id; consumers drop such repeats by ce_id. Each send is a span that
 * continues the trace its row recorded, and its context goes with the record as the {@code traceparent} header.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final EntityManager em;
    private final Clock clock;
    private final ReliableProducers producers;
    private final String source;
    private final OutboxSettings.Relay settings;
    private final OutboxMetrics metrics;
    private final EventTracing tracing;

    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, String> producer;

    OutboxRelay(EntityManager em, Clock clock, ReliableProducers producers, OutboxSettings settings,
            OutboxMetrics metrics, EventTracing tracing) {
        this.em = em;
        this.clock = clock;
        this.producers = producers;
        this.source = settings.source();
        this.settings = settings.relay();
        this.metrics = metrics;
        this.tracing = tracing;
    }

    void start(@Observes StartupEvent startup) {
        if (!settings.enabled()) {
            LOG.info("outbox relay disabled");
            return;
        }
        running = true;
        worker = new Thread(this::relayUntilStopped, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        if (worker != null) {
            wakeUps.release();
            worker.join(settings.deliveryTimeout().toMillis());
        }
        closeProducer();
    }

    /** Called after a transaction that recorded events commits, so they go out without waiting for a poll. */
    void wakeUp() {
        wakeUps.release();
    }

    private void relayUntilStopped() {
        Duration backoff = Duration.ofMillis(100);
        boolean afterFailure = false;
        while (running) {
            try {
                wakeUps.drainPermits();
                if (afterFailure) {
                    metrics.retrying();
                }
                int sent = QuarkusTransaction.requiringNew()
                        .timeout((int) settings.deliveryTimeout().multipliedBy(2).toSeconds())
                        .call(this::relayBatch);
                // counted once committed: a batch rolled back and sent again counts once, when it is marked sent
                metrics.sent(sent);
                afterFailure = false;
                backoff = Duration.ofMillis(100);
                if (sent < settings.batchSize()) {
                    wakeUps.tryAcquire(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                metrics.failed();
                afterFailure = true;
                LOG.warnf("outbox relay: sending failed, retrying in %d ms: %s", backoff.toMillis(), rootMessage(e));
                closeProducer();
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Sends the oldest unsent events and marks them sent; returns how many. Runs in a transaction. */
    int relayBatch() throws Exception {
        if (!AdvisoryLock.OUTBOX_RELAY.tryHoldUntilCommit(em)) {
            return 0;
        }
        List<OutboxEvent> batch = em
                .createQuery("from OutboxEvent where sentAt is null order by seq", OutboxEvent.class)
                .setMaxResults(settings.batchSize())
                .getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, String> kafka = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        List<Span> sends = new ArrayList<>(batch.size());
        List<String> traceparents = new ArrayList<>(batch.size());
        try {
            for (OutboxEvent row : batch) {
                Span send = tracing.startSend(row.traceparent, row.topic, row.eventKey, row.eventId.toString(),
                        row.type);
                String traceparent = tracing.traceparentOf(send);
                sends.add(send);
                traceparents.add(traceparent);
                acks.add(kafka.send(toRecord(row, traceparent)));
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<Long> sent = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                RecordMetadata ack = acks.get(i)
                        .get(settings.deliveryTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
                OutboxEvent row = batch.get(i);
                sent.add(row.seq);
                Span send = sends.get(i);
                EventTracing.sent(send, ack.partition(), ack.offset());
                try (Scope logged = tracing.resume(traceparents.get(i))) {
                    LOG.infof("sent %s ce_id=%s key=%s subject=%s to %s-%d@%d", row.type, row.eventId,
                            LogSafe.of(row.eventKey), LogSafe.of(row.subject), ack.topic(), ack.partition(),
                            ack.offset());
                }
            }
            markSent(sent, now);
            sends.forEach(Span::end);
        } catch (Exception e) {
            // the batch is sent again, in new spans
            sends.forEach(send -> EventTracing.fail(send, rootMessage(e)));
            throw e;
        }
        batch.forEach(em::detach);
        return batch.size();
    }

    /**
     * One statement for the batch, and always the same one: an update with an IN list of the batch's size would be
     * planned anew for every size.
     */
    private void markSent(List<Long> seqs, OffsetDateTime now) {
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection
                    .prepareStatement("update outbox_event set sent_at = ? where seq = any (?)")) {
                update.setObject(1, now);
                update.setArray(2, connection.createArrayOf("bigint", seqs.toArray()));
                update.executeUpdate();
            }
        });
    }

    private static ProducerRecord<String, String> toRecord(OutboxEvent row, String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic, row.eventKey, row.payload);
        row.toCloudEvent().headers().forEach((name, value) -> record.headers().add(new RecordHeader(name, value)));
        if (traceparent != null) {
            record.headers().add(new RecordHeader(EventTracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = producers.create(source.replace('/', ' ').trim() + "-outbox-relay", settings.deliveryTimeout(),
                    settings.lingerMs());
        }
        return producer;
    }

    private synchronized void closeProducer() {
        if (producer != null) {
            producers.close(producer, Duration.ZERO);
            producer = null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

}
