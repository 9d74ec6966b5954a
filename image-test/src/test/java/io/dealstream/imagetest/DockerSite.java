package io.dealstream.imagetest;

import io.dealstream.launch.Service;
import java.time.Duration;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Where the service images run, and so how a service container reaches Kafka and PostgreSQL and how the test reaches
 * the service. {@value #NETWORK_VARIABLE} ({@code host} or {@code bridge}) decides; without it, the engine does:
 * {@code bridge} when it has a bridge network (a normal Docker host, with port mapping), else {@code host} (an
 * engine started with {@code --bridge=none}, as in docker/prove.sh, where Testcontainers itself also needs
 * TESTCONTAINERS_HOST_OVERRIDE=localhost, having no bridge gateway to find the engine's address by).
 */
abstract class DockerSite implements AutoCloseable {

    static final String NETWORK_VARIABLE = "DEALSTREAM_DOCKER_NETWORK";
    /** A service's first start (Flyway, Kafka clients) on a small, busy machine. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private static final Logger LOG = Logger.getLogger(DockerSite.class);

    static DockerSite choose() {
        String chosen = System.getenv(NETWORK_VARIABLE);
        String mode;
        if (chosen != null && !chosen.isBlank()) {
            mode = chosen.trim().toLowerCase(Locale.ROOT);
            LOG.infof("service images on the %s network (%s=%s)", mode, NETWORK_VARIABLE, chosen);
        } else {
            boolean bridge = DockerClientFactory.instance().client().listNetworksCmd().exec().stream()
                    .anyMatch(n -> "bridge".equals(n.getName()));
            mode = bridge ? "bridge" : "host";
            LOG.infof("service images on the %s network (%s)", mode,
                    bridge ? "the engine has a bridge network" : "the engine has no bridge network");
        }
        switch (mode) {
            case "host":
                return new HostSite();
            case "bridge":
                return new BridgeSite();
            default:
                throw new IllegalArgumentException(NETWORK_VARIABLE + "=" + chosen + " is unknown; use host or bridge");
        }
    }

    /** Starts Kafka and PostgreSQL. */
    abstract void start();

    /** A new, empty database for one service's container. */
    abstract Database createDatabase(String name);

    /** The service's container, wired to this site's Kafka and the database, not yet started. */
    abstract GenericContainer<?> serviceContainer(Service service, String image, Database database);

    /** The service's base URL as seen from the test, once its container runs. */
    abstract String baseUrl(GenericContainer<?> container, Service service);

    @Override
    public abstract void close();

    /** A database as a service container reaches it: DB_URL, DB_USER, DB_PASSWORD. */
    record Database(String name, String url, String user, String password) {
    }
}
