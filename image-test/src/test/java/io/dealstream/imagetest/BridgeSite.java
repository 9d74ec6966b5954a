package io.dealstream.imagetest;

import io.dealstream.launch.Service;
import io.dealstream.testsupport.KafkaBroker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A bridge network (a normal Docker host): Kafka and PostgreSQL run as containers on a network of their own with the
 * services, which reach them as {@code kafka} and {@code postgres}, and keep their own ports; the test reaches each
 * service through its mapped port, once /q/health/ready answers 200.
 */
final class BridgeSite extends DockerSite {

    static final String POSTGRES_IMAGE = "postgres:17";

    private final Network network = Network.newNetwork();
    private final KafkaContainer kafka = new KafkaContainer(KafkaBroker.IMAGE)
            .withNetwork(network)
            .withNetworkAliases("kafka")
            // a listener for the containers on the network, next to the test's mapped one
            .withListener("kafka:19092");
    private final PostgreSQLContainer postgres = new PostgreSQLContainer(POSTGRES_IMAGE)
            .withNetwork(network)
            .withNetworkAliases("postgres");

    @Override
    void start() {
        kafka.start();
        postgres.start();
    }

    @Override
    Database createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed: " + e.getMessage(), e);
        }
        return new Database(name, "jdbc:postgresql://postgres:5432/" + name, postgres.getUsername(),
                postgres.getPassword());
    }

    @Override
    GenericContainer<?> serviceContainer(Service service, String image, Database database) {
        return new GenericContainer<>(image)
                .withNetwork(network)
                .withExposedPorts(service.defaultPort())
                .withEnv("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092")
                .withEnv("DB_URL", database.url())
                .withEnv("DB_USER", database.user())
                .withEnv("DB_PASSWORD", database.password())
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(service.defaultPort()).forStatusCode(200)
                        .withStartupTimeout(STARTUP_TIMEOUT));
    }

    @Override
    String baseUrl(GenericContainer<?> container, Service service) {
        return "http://" + container.getHost() + ":" + container.getMappedPort(service.defaultPort());
    }

    @Override
    public void close() {
        postgres.close();
        kafka.close();
        network.close();
    }
}
