package io.dealstream.platform.outbox;

import io.dealstream.platform.metrics.ScrapedQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import javax.sql.DataSource;

/**
 * The outbox's metrics, every service's, and their names (Prometheus adds {@code _total} to counters and the unit).
 * The gauges read the unsent rows when scraped (the partial index on unsent rows makes it cheap); the counters are
 * moved by {@link OutboxRelay} only once a batch's transaction has committed or rolled back.
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {

    /** Gauge: rows recorded but not yet sent. */
    public static final String BACKLOG = "dealstream.outbox.backlog";
    /** Gauge, seconds: now minus the ce_time of the oldest unsent row; 0 when none waits. */
    public static final String OLDEST_UNSENT_AGE = "dealstream.outbox.oldest.unsent.age";
    /** Counter: events sent and acknowledged by Kafka, and marked sent. */
    public static final String SENT = "dealstream.outbox.relay.sent";
    /** Counter: batches that failed (nothing of them marked sent: they are sent again). */
    public static final String FAILURES = "dealstream.outbox.relay.failures";
    /** Counter: batches tried again after a failure, once the back-off has passed. */
    public static final String RETRIES = "dealstream.outbox.relay.retries";

    private record Unsent(long rows, OffsetDateTime oldest) {
    }

    private final Counter sent;
    private final Counter failures;
    private final Counter retries;

    OutboxMetrics(MeterRegistry registry, DataSource dataSource, Clock clock) {
        ScrapedQuery<Unsent> unsent = new ScrapedQuery<>(dataSource, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "select count(*), min(ce_time) from outbox_event where sent_at is null");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return new Unsent(row.getLong(1), row.getObject(2, OffsetDateTime.class));
            }
        });
        unsent.gauge(BACKLOG, Unsent::rows)
                .description("Outbox rows recorded but not yet sent to Kafka")
                .register(registry);
        unsent.gauge(OLDEST_UNSENT_AGE, u -> ageSeconds(u, clock))
                .description("Age of the oldest unsent outbox row (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
        sent = Counter.builder(SENT).description("Outbox events sent to Kafka and marked sent").register(registry);
        failures = Counter.builder(FAILURES).description("Outbox relay batches that failed and were rolled back")
                .register(registry);
        retries = Counter.builder(RETRIES).description("Outbox relay batches tried again after a failure")
                .register(registry);
    }

    private static double ageSeconds(Unsent unsent, Clock clock) {
        if (unsent.oldest() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(unsent.oldest().toInstant(), clock.instant()).toNanos() / 1e9);
    }

    void sent(int events) {
        sent.increment(events);
    }

    void failed() {
        failures.increment();
    }

    void retrying() {
        retries.increment();
    }
}
