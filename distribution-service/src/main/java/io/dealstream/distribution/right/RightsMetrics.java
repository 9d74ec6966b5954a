package io.dealstream.distribution.right;

import io.dealstream.events.right.RightStatus;
import io.dealstream.platform.metrics.ScrapedQuery;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** distribution-service's metrics and their names: the rights by status, counted when scraped. */
@Startup
@ApplicationScoped
public class RightsMetrics {

    /** Gauge, tag {@code status} = pending | active | lapsed: how many rights are in it. */
    public static final String RIGHTS = "dealstream.rights";

    RightsMetrics(MeterRegistry registry, DataSource dataSource) {
        ScrapedQuery<Map<String, Long>> byStatus = new ScrapedQuery<>(dataSource, c -> {
            Map<String, Long> counts = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement(
                    "select status, count(*) from distribution_right group by status");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        });
        for (RightStatus status : RightStatus.values()) {
            byStatus.gauge(RIGHTS, counts -> counts.getOrDefault(status.name(), 0L))
                    .tag("status", status.name().toLowerCase())
                    .description("Distribution rights in each status")
                    .register(registry);
        }
    }
}
