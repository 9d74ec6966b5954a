package io.dealstream.fundingview;

import io.smallrye.health.api.Wellness;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether the tranche consumer gets on: DOWN when it has failed to apply the same records for {@code stuck-after}
 * (with where they are and how often it tried), or when it is more than {@code max-lag} records behind the end of
 * its partitions. In {@code /q/health} and {@code /q/health/well}, not in readiness or liveness: the API keeps
 * answering from what the view holds, and a restart would not get the consumer past a record. The cause is in the
 * log, on the consumer's lines.
 */
@Wellness
@ApplicationScoped
public class TrancheConsumerHealth implements HealthCheck {

    static final String NAME = "tranche-events consumer";
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(2);

    private final ConsumerProgress progress;
    private final KafkaClientService clients;
    private final Duration stuckAfter;
    private final long maxLag;

    TrancheConsumerHealth(ConsumerProgress progress, KafkaClientService clients, FundingViewSettings settings) {
        this.progress = progress;
        this.clients = clients;
        this.stuckAfter = settings.stuckAfter();
        this.maxLag = settings.maxLag();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named(NAME).up();
        ConsumerProgress.Failing failing = progress.failing();
        Duration failingFor = progress.failingFor();
        if (failing != null && failingFor.compareTo(stuckAfter) >= 0) {
            health.down().withData("reason", "stuck").withData("position", failing.position())
                    .withData("attempts", failing.attempts()).withData("failingSeconds", failingFor.toSeconds());
        }
        Map<String, Long> lag = lag();
        long behind = lag.values().stream().mapToLong(Long::longValue).sum();
        health.withData("lag", behind);
        if (behind > maxLag) {
            health.down().withData("reason", failing != null ? "stuck" : "lagging").withData("maxLag", maxLag);
        }
        return health.build();
    }

    /** Records behind the end, per partition this instance is assigned, as the consumer last fetched them. */
    Map<String, Long> lag() {
        KafkaConsumer<Object, Object> consumer = clients.getConsumer("tranche-events");
        if (consumer == null) {
            return Map.of();
        }
        try {
            return consumer.runOnPollingThread(c -> {
                Map<String, Long> lag = new TreeMap<>();
                for (TopicPartition partition : c.assignment()) {
                    c.currentLag(partition).ifPresent(n -> lag.put(partition.toString(), n));
                }
                return lag;
            }).await().atMost(LAG_TIMEOUT);
        } catch (RuntimeException e) {
            // the polling thread busy past the bound: no figure this time
            return Map.of();
        }
    }
}
