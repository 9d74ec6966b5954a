package io.dealstream.fundingview;

import io.dealstream.fundingview.TrancheEventReader.InvestmentEvent;
import io.dealstream.fundingview.TrancheEventReader.PoisonRecord;
import io.dealstream.fundingview.ViewBatch.Step;
import io.dealstream.platform.log.LogSafe;
import io.dealstream.platform.trace.EventTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes investment.tranche-events in this service's consumer group, a polled batch at a time: the batch's events
 * (rounds opened, tranches changed) are applied in one transaction, in partition order. The batch is acknowledged (and
 * its offsets later committed) only after that transaction committed, so a crash replays it and the projection drops
 * the repeats. No record stops the view: one that is not an event of the contract, or that the view refuses (a round
 * it does not know, a skipped version, a tranche changing hands), goes to the dead-letter topic with its reason; a
 * batch that fails for a reason retrying does not take away is tried {@code max-apply-attempts} times, then its
 * events one at a time, and the one that still fails is dead-lettered too. A failing database is retried in place
 * for as long as it fails, since skipping a record would lose it; {@link ConsumerProgress} shows how long. Each record
 * gets a span that continues the trace of its {@code traceparent} header, so what applying it publishes stays in that
 * trace. The batches run one at a time, in order, on a worker pool of their own ({@link #POOL}): requests that take
 * every request worker (long polls, a flood of reads) never hold the view back.
 */
@ApplicationScoped
public class TrancheEventConsumer {

    /** The consumer's own worker pool; its size is smallrye.messaging.worker.tranche-events.max-concurrency. */
    static final String POOL = "tranche-events";

    private static final Logger LOG = Logger.getLogger(TrancheEventConsumer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final FundingProjection projection;
    private final DeadLetters deadLetters;
    private final FundingViewMetrics metrics;
    private final EventTracing tracing;
    private final ConsumerProgress progress;
    private final int maxApplyAttempts;
    private final Duration stuckAfter;
    private volatile boolean stopping;

    TrancheEventConsumer(FundingProjection projection, DeadLetters deadLetters, FundingViewMetrics metrics,
            EventTracing tracing, ConsumerProgress progress, FundingViewSettings settings) {
        this.projection = projection;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.tracing = tracing;
        this.progress = progress;
        this.maxApplyAttempts = settings.maxApplyAttempts();
        this.stuckAfter = settings.stuckAfter();
    }

    /** A record that reads as an event of the topic, with the span of its processing. */
    private record Received(ConsumerRecord<String, String> record, InvestmentEvent event, Span span) {

        String position() {
            return TrancheEventReader.position(record);
        }
    }

    /** Retrying did not take the failure away: the events in hand cannot be applied as they are. */
    private static final class PermanentFailure extends Exception {

        PermanentFailure(RuntimeException cause) {
            super(ApplyFailures.describe(cause), cause);
        }
    }

    @Incoming("tranche-events")
    @Blocking(POOL)
    public void consume(ConsumerRecords<String, String> records) throws Exception {
        List<Received> received = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            Span span = tracing.startProcess(TrancheEventReader.header(record, EventTracing.TRACEPARENT), record.topic(),
                    record.partition(), record.offset(), record.key());
            try {
                InvestmentEvent event = TrancheEventReader.read(record);
                received.add(new Received(record, event.continuing(tracing.traceparentOf(span)), span));
            } catch (PoisonRecord poison) {
                deadLetter(record, span, poison.reason(), poison.getMessage());
            }
        }
        if (received.isEmpty()) {
            metrics.consumed(records);
            return;
        }
        List<Step> steps;
        try {
            steps = apply(received);
        } catch (Exception e) {
            received.forEach(r -> EventTracing.fail(r.span(), "not applied: " + e.getMessage()));
            throw e;
        }
        List<InvestmentEvent> events = steps.stream().map(Step::event).toList();
        List<Outcome> outcomes = steps.stream().map(Step::outcome).toList();
        metrics.committed(outcomes);
        metrics.propagated(events, outcomes);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Received r = received.get(i);
            if (step.outcome() == Outcome.REFUSED) {
                deadLetter(r.record(), r.span(), step.refusedAs(), step.refusal());
                continue;
            }
            InvestmentEvent event = step.event();
            EventTracing.outcome(r.span(), event.cloudEvent().id(), event.cloudEvent().type(), step.outcome().name());
            try (Scope traced = tracing.resume(event.traceparent())) {
                LOG.infof("%s %s ce_id=%s %s from %s", step.outcome(), event.eventName(),
                        LogSafe.of(event.cloudEvent().id()), event.describe(), r.position());
            }
            r.span().end();
        }
        metrics.consumed(records);
    }

    /**
     * Applies the events in one transaction; if that keeps failing for good, one at a time, each failing one
     * becoming a refused step.
     */
    private List<Step> apply(List<Received> received) throws InterruptedException {
        try {
            return applyUntilDone(received);
        } catch (PermanentFailure failure) {
            if (received.size() == 1) {
                return List.of(Step.refused(received.get(0).event(), DeadLetterReason.APPLY_FAILED,
                        "applying it failed " + maxApplyAttempts + " times: " + failure.getMessage()));
            }
            LOG.warnf("%d events from %s failed together %d times; applying them one at a time", received.size(),
                    received.get(0).position(), maxApplyAttempts);
            List<Step> steps = new ArrayList<>(received.size());
            for (Received one : received) {
                steps.addAll(apply(List.of(one)));
            }
            return steps;
        }
    }

    private List<Step> applyUntilDone(List<Received> received) throws InterruptedException, PermanentFailure {
        List<InvestmentEvent> events = received.stream().map(Received::event).toList();
        Duration backoff = FIRST_BACKOFF;
        int permanentFailures = 0;
        boolean reportedStuck = false;
        while (true) {
            try {
                List<Step> steps = projection.applyAll(events);
                progress.recovered();
                return steps;
            } catch (RuntimeException e) {
                if (stopping) {
                    // not acknowledged: the records are consumed again after the restart
                    throw e;
                }
                boolean passing = ApplyFailures.isTransient(e);
                if (!passing && ++permanentFailures >= maxApplyAttempts) {
                    progress.recovered();
                    throw new PermanentFailure(e);
                }
                String position = positions(received);
                ConsumerProgress.Failing failing = progress.failed(position, ApplyFailures.describe(e));
                boolean stuck = !reportedStuck && progress.failingFor().compareTo(stuckAfter) >= 0;
                reportedStuck |= stuck;
                LOG.logf(stuck ? Logger.Level.ERROR : Logger.Level.WARN,
                        "%sapplying %d event(s) at %s failed (try %d, %s failure), retrying in %d ms: %s",
                        stuck ? "stuck for " + progress.failingFor().toSeconds() + " s: " : "", events.size(),
                        position, failing.attempts(), passing ? "passing" : "lasting", backoff.toMillis(),
                        LogSafe.of(failing.error()));
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /** Where the records are, per partition: {@code topic-partition@offset}, or {@code @first..last} for several. */
    private static String positions(List<Received> received) {
        Map<String, List<Long>> offsets = new TreeMap<>();
        for (Received r : received) {
            offsets.computeIfAbsent(r.record().topic() + "-" + r.record().partition(), p -> new ArrayList<>())
                    .add(r.record().offset());
        }
        return offsets.entrySet().stream().map(e -> {
            List<Long> in = e.getValue();
            return e.getKey() + "@" + in.get(0) + (in.size() > 1 ? ".." + in.get(in.size() - 1) : "");
        }).collect(Collectors.joining(", "));
    }

    private void deadLetter(ConsumerRecord<String, String> record, Span span, DeadLetterReason reason, String why)
            throws Exception {
        String told = reason.because(why);
        try (Scope traced = tracing.resume(tracing.traceparentOf(span))) {
            deadLetters.send(record, told);
        }
        metrics.deadLettered(reason);
        EventTracing.outcome(span, null, null, "DEAD_LETTERED");
        EventTracing.fail(span, told);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }
}
