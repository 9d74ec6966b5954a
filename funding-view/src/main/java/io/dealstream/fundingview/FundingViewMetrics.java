package io.dealstream.fundingview;

import io.dealstream.fundingview.TrancheEventReader.InvestmentEvent;
import io.dealstream.platform.metrics.ScrapedQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The funding view's metrics (compute's and distribution's) and their names. The counters are moved only after the
 * batch's transaction committed: a batch that rolls back and is applied again is counted once, as it finally went;
 * a batch replayed after a crash between the commit and the offset commit counts its events again as duplicates,
 * which is what they then are.
 */
@Startup
@ApplicationScoped
public class FundingViewMetrics {

    /**
     * Counter, tag {@code outcome} = applied | duplicate | stale | refused: events of the tranche topic (rounds opened,
     * tranches changed) the view took, by what they did.
     */
    public static final String EVENTS = "dealstream.funding.view.events";
    /** Counter, tag {@code reason} (a {@link DeadLetterReason}'s tag): records moved to the dead-letter topic. */
    public static final String DEAD_LETTERS = "dealstream.funding.view.dead.letters";
    /** Gauge, seconds: now minus the event time of the last applied event (NaN before the first). */
    public static final String STALENESS = "dealstream.funding.view.staleness";
    /** Gauge, tags {@code topic}, {@code partition}: offset of the last record this instance consumed and committed. */
    public static final String LAST_OFFSET = "dealstream.funding.view.last.offset";
    /**
     * Timer (a histogram in seconds): from an applied event's ce_time, when investment-service recorded the change, to
     * the commit of the batch that applied it here. Repeats and older versions are not counted.
     */
    public static final String PROPAGATION = "dealstream.view.propagation";
    /**
     * Gauge, seconds: how long the consumer has been failing to apply the records in hand (0 when it gets on); the
     * health check says stuck from {@code stuck-after}.
     */
    public static final String FAILING = "dealstream.funding.view.failing";
    /** Gauge: requests to {@code /funding-view/events} waiting for the next commit now (long polls). */
    public static final String LONG_POLLS = "dealstream.funding.view.long.polls";
    /** Counter: long polls answered 503 at once, as the most that may wait ({@code max-long-polls}) waited already. */
    public static final String LONG_POLLS_REFUSED = "dealstream.funding.view.long.polls.refused";
    /** The propagation histogram's buckets: from a quick hop (tens of ms) to a consumer that was down for minutes. */
    private static final List<Duration> PROPAGATION_BUCKETS = Stream.of(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            30_000, 60_000, 300_000).map(Duration::ofMillis).toList();

    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer propagation;
    private final Map<Outcome, Counter> events = new EnumMap<>(Outcome.class);
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Map<TopicPartition, AtomicLong> lastOffsets = new ConcurrentHashMap<>();
    private final Counter longPollsRefused;

    FundingViewMetrics(MeterRegistry registry, DataSource dataSource, Clock clock, AppliedEvents applied,
            ConsumerProgress progress) {
        this.registry = registry;
        this.clock = clock;
        propagation = Timer.builder(PROPAGATION)
                .description("From an event's ce_time to the commit that applied it to the view")
                .serviceLevelObjectives(PROPAGATION_BUCKETS.toArray(Duration[]::new))
                .register(registry);
        for (Outcome outcome : Outcome.values()) {
            events.put(outcome, Counter.builder(EVENTS).tag("outcome", outcome.name().toLowerCase())
                    .description("Events of the tranche topic the funding view took, by outcome").register(registry));
        }
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder(DEAD_LETTERS).tag("reason", reason.tag())
                    .description("Tranche records moved to the dead-letter topic, by reason").register(registry));
        }
        ScrapedQuery<Optional<OffsetDateTime>> lastApplied = new ScrapedQuery<>(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement("select event_time from funding_view_event"
                    + " where outcome = 'APPLIED' order by seq desc limit 1"); ResultSet row = select.executeQuery()) {
                return Optional.ofNullable(row.next() ? row.getObject(1, OffsetDateTime.class) : null);
            }
        });
        lastApplied.gauge(STALENESS, time -> secondsSince(time, clock))
                .description("Now minus the event time of the last event applied to the view")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(FAILING, progress, p -> p.failingFor().toMillis() / 1e3)
                .description("How long the tranche consumer has been failing to apply the records in hand")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
        Gauge.builder(LONG_POLLS, applied, AppliedEvents::waiting)
                .description("Requests to /funding-view/events waiting for the next commit of the view")
                .strongReference(true)
                .register(registry);
        longPollsRefused = Counter.builder(LONG_POLLS_REFUSED)
                .description("Long polls of /funding-view/events refused (503) as the most that may wait waited already")
                .register(registry);
    }

    private static double secondsSince(Optional<OffsetDateTime> time, Clock clock) {
        if (time.isEmpty()) {
            return Double.NaN;
        }
        return Duration.between(time.get().toInstant(), clock.instant()).toNanos() / 1e9;
    }

    /** A batch's outcomes, once its transaction committed. */
    void committed(List<Outcome> outcomes) {
        outcomes.forEach(outcome -> events.get(outcome).increment());
    }

    /**
     * How long each applied event of a batch took to get here, once the batch's transaction committed; a clock behind
     * the producer's counts 0 (the timer drops negative times, which would leave the event out).
     */
    void propagated(List<InvestmentEvent> events, List<Outcome> outcomes) {
        Instant now = clock.instant();
        for (int i = 0; i < events.size(); i++) {
            if (outcomes.get(i) == Outcome.APPLIED) {
                Duration took = Duration.between(events.get(i).cloudEvent().time().toInstant(), now);
                propagation.record(took.isNegative() ? Duration.ZERO : took);
            }
        }
    }

    /** A poison record, once its copy is stored in the dead-letter topic. */
    void deadLettered(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    /** A long poll answered 503, as the most that may wait waited already. */
    void longPollRefused() {
        longPollsRefused.increment();
    }

    /** The records of a batch, once it is done (applied and committed, or dead-lettered). */
    void consumed(ConsumerRecords<String, String> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> inPartition = records.records(partition);
            lastOffsets.computeIfAbsent(partition, this::offsetGauge)
                    .set(inPartition.get(inPartition.size() - 1).offset());
        }
    }

    private AtomicLong offsetGauge(TopicPartition partition) {
        AtomicLong offset = new AtomicLong(-1);
        Gauge.builder(LAST_OFFSET, offset, AtomicLong::get)
                .description("Offset of the last tranche record this instance consumed, per partition")
                .tag("topic", partition.topic())
                .tag("partition", Integer.toString(partition.partition()))
                .strongReference(true)
                .register(registry);
        return offset;
    }
}
