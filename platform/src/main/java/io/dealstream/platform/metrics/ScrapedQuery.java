package io.dealstream.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * A database figure that gauges read when Prometheus scrapes: one cheap query on a connection of its own in
 * auto-commit (never inside a request's or consumer's transaction), its answer kept for a moment so that the gauges
 * of one scrape, and scrapes close together, share it. When the database does not answer, the last answer stands
 * (null before the first: the gauges then show NaN). {@link #gauge} makes a gauge that holds it strongly: Micrometer
 * holds a gauge's object weakly by default, and a collected one reads NaN.
 */
public final class ScrapedQuery<T> {

    /** The query. */
    @FunctionalInterface
    public interface Read<T> {
        T read(Connection connection) throws SQLException;
    }

    /** How long an answer is kept: a scrape reads all its gauges well within it. */
    public static final Duration KEPT_FOR = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(ScrapedQuery.class);

    private final DataSource dataSource;
    private final Read<T> query;
    private T answer;
    private long answeredAtNanos;
    private boolean answered;

    public ScrapedQuery(DataSource dataSource, Read<T> query) {
        this.dataSource = dataSource;
        this.query = query;
    }

    /**
     * A gauge of {@code figure} of the answer, NaN while there is none, holding this query strongly; the caller adds
     * its description, tags and unit and registers it.
     */
    public Gauge.Builder<ScrapedQuery<T>> gauge(String name, ToDoubleFunction<T> figure) {
        return Gauge.builder(name, this, q -> {
            T answer = q.get();
            return answer == null ? Double.NaN : figure.applyAsDouble(answer);
        }).strongReference(true);
    }

    /** The answer, read again when the kept one is older than {@link #KEPT_FOR}. */
    public synchronized T get() {
        // nanoTime, not the service's clock: tests move that clock by hand
        long now = System.nanoTime();
        if (!answered || now - answeredAtNanos >= KEPT_FOR.toNanos()) {
            try (Connection connection = dataSource.getConnection()) {
                answer = query.read(connection);
                answeredAtNanos = now;
                answered = true;
            } catch (SQLException e) {
                LOG.debugf("metrics query failed, keeping the last answer: %s", e.getMessage());
            }
        }
        return answer;
    }
}
