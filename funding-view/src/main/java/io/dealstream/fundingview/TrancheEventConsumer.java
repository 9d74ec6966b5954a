package io.dealstream.fundingview;

import io.dealstream.fundingview.TrancheEventReader.PoisonRecord;
import io.dealstream.fundingview.TrancheEventReader.TrancheEvent;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.trace.EventTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes investment.tranche-events in this service's consumer group, a polled batch at a time: the batch's events
 * are applied in one transaction, in partition order. The batch is acknowledged (and its offsets later committed)
 * only after that transaction committed, so a crash replays it and the projection drops the repeats. Poison messages
 * go to the dead-letter topic; a failing database is retried in place, since skipping a record would lose it. Each
 * record gets a span that continues the trace of its {@code traceparent} header, so what applying it publishes stays
 * in that trace. The batches run one at a time, in order, on a worker pool of their own ({@link #POOL}): requests
 * that take every request worker (long polls, a flood of reads) never hold the view back.
 */
@ApplicationScoped
public class TrancheEventConsumer {

    /** The consumer's own worker pool; its size is smallrye.messaging.worker.tranche-events.max-concurrency. */
    static final String POOL = "tranche-events";

    private static final Logger LOG = Logger.getLogger(TrancheEventConsumer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final FundingProjection projection;
    private final DeadLetters deadLetters;
    private final FundingViewMetrics metrics;
    private final EventTracing tracing;
    private volatile boolean stopping;

    TrancheEventConsumer(FundingProjection projection, DeadLetters deadLetters, FundingViewMetrics metrics,
            EventTracing tracing) {
        this.projection = projection;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    @Incoming("tranche-events")
    @Blocking(POOL)
    public void consume(ConsumerRecords<String, String> records) throws Exception {
        List<ConsumerRecord<String, String>> applicable = new ArrayList<>(records.count());
        List<TrancheEvent> events = new ArrayList<>(records.count());
        List<Span> spans = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            Span span = tracing.startProcess(text(lastHeader(record, EventTracing.TRACEPARENT)), record.topic(),
                    record.partition(), record.offset(), record.key());
            try {
                TrancheEvent event = TrancheEventReader.read(record.key(), name -> lastHeader(record, name),
                        record.value());
                events.add(event.continuing(tracing.traceparentOf(span)));
                applicable.add(record);
                spans.add(span);
            } catch (PoisonRecord poison) {
                try (Scope traced = tracing.resume(tracing.traceparentOf(span))) {
                    deadLetters.send(record, poison.getMessage());
                }
                metrics.deadLettered(poison.reason());
                EventTracing.outcome(span, null, null, "DEAD_LETTERED");
                EventTracing.fail(span, poison.reason() + ": " + poison.getMessage());
            }
        }
        if (events.isEmpty()) {
            metrics.consumed(records);
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = applyUntilDone(events);
        } catch (Exception e) {
            spans.forEach(span -> EventTracing.fail(span, "not applied: " + e.getMessage()));
            throw e;
        }
        metrics.committed(outcomes);
        metrics.propagated(events, outcomes);
        metrics.consumed(records);
        for (int i = 0; i < events.size(); i++) {
            TrancheEvent event = events.get(i);
            ConsumerRecord<String, String> record = applicable.get(i);
            Span span = spans.get(i);
            EventTracing.outcome(span, event.cloudEvent().id(), event.cloudEvent().type(), outcomes.get(i).name());
            try (Scope traced = tracing.resume(event.traceparent())) {
                LOG.infof("%s %s ce_id=%s tranche=%s version=%d state=%s from %s-%d@%d", outcomes.get(i),
                        event.type().eventName(), LogSafe.of(event.cloudEvent().id()),
                        LogSafe.of(event.tranche().trancheId()),
                        event.tranche().version(), event.tranche().state(), record.topic(), record.partition(),
                        record.offset());
            }
            span.end();
        }
    }

    private List<Outcome> applyUntilDone(List<TrancheEvent> events) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (true) {
            try {
                return projection.applyAll(events);
            } catch (RuntimeException e) {
                if (stopping) {
                    // not acknowledged: the records are consumed again after the restart
                    throw e;
                }
                LOG.warnf("applying %d events from ce_id=%s failed, retrying in %d ms: %s", events.size(),
                        LogSafe.of(events.get(0).cloudEvent().id()), backoff.toMillis(), LogSafe.of(e.getMessage()));
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    private static String text(byte[] header) {
        return header == null ? null : new String(header, StandardCharsets.UTF_8);
    }

    private static byte[] lastHeader(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : header.value();
    }
}
