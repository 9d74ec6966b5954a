package io.dealstream.compute.capacity;

import io.dealstream.compute.commitment.CommitmentAdded;
import io.dealstream.platform.metrics.ScrapedQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * compute-service's metrics and their names: each commitment's released and lapsed GW as the ledger
 * ({@code compute_capacity}) stores them, read when scraped. A commitment's gauges exist from the start for the
 * commitments already there, and from its commit for one added later.
 */
@ApplicationScoped
public class CapacityMetrics {

    /** Gauge, GW, tag {@code commitment}: capacity the partner's funding released. */
    public static final String RELEASED_GW = "dealstream.capacity.released.gw";
    /** Gauge, GW, tag {@code commitment}: capacity lost to expired funding. */
    public static final String LAPSED_GW = "dealstream.capacity.lapsed.gw";

    private record Figures(BigDecimal releasedGw, BigDecimal lapsedGw) {
    }

    private final MeterRegistry registry;
    private final DataSource dataSource;
    private final ScrapedQuery<Map<String, Figures>> ledger;
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();

    CapacityMetrics(MeterRegistry registry, DataSource dataSource) {
        this.registry = registry;
        this.dataSource = dataSource;
        this.ledger = new ScrapedQuery<>(dataSource, CapacityMetrics::readLedger);
    }

    void onStart(@Observes StartupEvent start) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            readLedger(c).keySet().forEach(this::track);
        }
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) CommitmentAdded added) {
        if (added.commitment().statesCapacity()) {
            track(added.commitment().id);
        }
    }

    private void track(String commitmentId) {
        if (tracked.add(commitmentId)) {
            gauge(RELEASED_GW, commitmentId, Figures::releasedGw, "Capacity the partner's funding released");
            gauge(LAPSED_GW, commitmentId, Figures::lapsedGw, "Capacity lost to expired funding");
        }
    }

    private void gauge(String name, String commitmentId, Function<Figures, BigDecimal> figure, String description) {
        ledger.gauge(name, figures -> {
            Figures of = figures.get(commitmentId);
            return of == null ? Double.NaN : figure.apply(of).doubleValue();
        }).tag("commitment", commitmentId).description(description).baseUnit("gw")
                .register(registry);
    }

    private static Map<String, Figures> readLedger(Connection c) throws SQLException {
        Map<String, Figures> figures = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "select commitment_id, released_gw, lapsed_gw from compute_capacity");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                figures.put(rows.getString(1), new Figures(rows.getBigDecimal(2), rows.getBigDecimal(3)));
            }
        }
        return figures;
    }
}
