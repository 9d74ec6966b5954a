package io.dealstream.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.health.api.Wellness;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Whether the Kafka broker answers, shown in {@code /q/health} and {@code /q/health/well} but not in readiness: with
 * the broker gone, writes still commit (the outbox sends later) and reads come from PostgreSQL, so the API stays in its
 * Service. Bounded by {@link #TIMEOUT}, shorter than a probe's, so {@code /q/health} always answers. It says how many
 * brokers answered, or why none did, never where they are: the bootstrap servers are the service's configuration, not
 * something to tell an anonymous caller (see health/HealthDetails).
 */
@Wellness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final String NAME = "Kafka broker";

    private final Map<String, Object> kafkaConfig;
    private Admin admin;

    public BrokerHealth(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            var cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
            int brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            return HealthCheckResponse.named(NAME).up().withData("brokers", brokers).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        } catch (Exception e) {
            return down("no answer within " + TIMEOUT.toSeconds() + " s");
        }
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafkaConfig);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "broker-health");
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
