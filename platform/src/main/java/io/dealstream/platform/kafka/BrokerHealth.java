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
 * Service. Bounded by {@link #TIMEOUT}, shorter than a probe's, so {@code /q/health} always answers.
 */
@Wellness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Object> kafkaConfig;
    private Admin admin;

    public BrokerHealth(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    @Override
    public HealthCheckResponse call() {
        Object servers = kafkaConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try {
            var cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
            int brokers = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            return HealthCheckResponse.named("Kafka broker").up().withData("bootstrap.servers", String.valueOf(servers))
                    .withData("brokers", brokers).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(servers, "interrupted");
        } catch (Exception e) {
            return down(servers, "no answer within " + TIMEOUT.toSeconds() + " s");
        }
    }

    private static HealthCheckResponse down(Object servers, String reason) {
        return HealthCheckResponse.named("Kafka broker").down().withData("bootstrap.servers", String.valueOf(servers))
                .withData("reason", reason).build();
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
