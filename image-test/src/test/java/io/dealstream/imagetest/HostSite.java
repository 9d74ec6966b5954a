package io.dealstream.imagetest;

import io.dealstream.launch.Ports;
import io.dealstream.launch.Service;
import io.dealstream.testsupport.KafkaBroker;
import io.dealstream.testsupport.PostgresServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The host network (an engine without a bridge): the containers share the machine's network, so they reach the tests'
 * own Kafka broker and PostgreSQL (test-support) on 127.0.0.1, and each service listens on a free port of the machine,
 * given as QUARKUS_HTTP_PORT. No port is mapped, so the wait is on the log line that says the service listens.
 */
final class HostSite extends DockerSite {

    private final List<String> databases = new ArrayList<>();
    private final Map<Service, Integer> ports = new HashMap<>();
    private PostgresServer postgres;
    private KafkaBroker kafka;

    @Override
    void start() {
        // the broker runs in this JVM: an apache/kafka container would need a registry
        if (System.getProperty(KafkaBroker.BACKEND_PROPERTY) == null) {
            System.setProperty(KafkaBroker.BACKEND_PROPERTY, "embedded");
        }
        kafka = KafkaBroker.get();
        postgres = PostgresServer.fromSystemProperties();
    }

    @Override
    Database createDatabase(String name) {
        postgres.createDatabase(name);
        databases.add(name);
        return new Database(name, postgres.jdbcUrl(name), postgres.username(), postgres.password());
    }

    @Override
    GenericContainer<?> serviceContainer(Service service, String image, Database database) {
        int port = Ports.free();
        ports.put(service, port);
        return new GenericContainer<>(image)
                .withNetworkMode("host")
                .withEnv("QUARKUS_HTTP_HOST", "127.0.0.1")
                .withEnv("QUARKUS_HTTP_PORT", String.valueOf(port))
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers())
                // the test broker asks for a login: each service its own
                .withEnv("KAFKA_SASL_USERNAME", service.module())
                .withEnv("KAFKA_SASL_PASSWORD", kafka.login(service.module()).password())
                .withEnv("DB_URL", database.url())
                .withEnv("DB_USER", database.user())
                .withEnv("DB_PASSWORD", database.password())
                .waitingFor(Wait.forLogMessage(".*started in .*Listening on: http://.*\\n", 1)
                        .withStartupTimeout(STARTUP_TIMEOUT));
    }

    @Override
    String baseUrl(GenericContainer<?> container, Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    @Override
    public void close() {
        // the broker stops with this JVM (test-support's shutdown hook)
        if (postgres != null) {
            databases.forEach(postgres::dropDatabase);
        }
    }
}
