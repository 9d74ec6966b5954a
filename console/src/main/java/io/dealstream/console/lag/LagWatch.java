package io.dealstream.console.lag;

import io.dealstream.console.ConsoleKafka;
import io.dealstream.console.ConsoleSettings;
import io.dealstream.console.web.Feed;
import io.dealstream.launch.ConsumerLag;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Every {@code refresh-every}, each consumer group's lag per partition from the broker's committed offsets, read as
 * {@code make lag} reads it (launchers' ConsumerLag) with an admin client, which commits and joins nothing. A read that
 * fails shows the broker as down until one succeeds.
 */
@ApplicationScoped
public class LagWatch {

    private final ConsoleSettings settings;
    private final ConsoleKafka kafka;
    private final Feed feed;
    private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-lag-reader");
        t.setDaemon(true);
        return t;
    });
    private Admin admin;

    LagWatch(ConsoleSettings settings, ConsoleKafka kafka, Feed feed) {
        this.settings = settings;
        this.kafka = kafka;
        this.feed = feed;
    }

    void start(@Observes StartupEvent start) {
        admin = ConsumerLag.admin(kafka.endpoint());
        reader.scheduleWithFixedDelay(this::read, 0, settings.refreshEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        reader.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private void read() {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        try {
            feed.lag(LagView.of(now, settings.kafka(), ConsumerLag.read(admin, List.of())));
        } catch (RuntimeException e) {
            feed.lag(LagView.brokerDown(now, settings.kafka(), "cannot read from Kafka at " + settings.kafka() + ": "
                    + e.getMessage()));
        }
    }
}
