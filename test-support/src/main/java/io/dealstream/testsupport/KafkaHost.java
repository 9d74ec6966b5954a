package io.dealstream.testsupport;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.jboss.logging.Logger;
import org.jboss.logmanager.LogContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Owns the JVM's broker behind {@link KafkaBroker}. Used through {@link JvmWide}, so its state lives in the
 * application class loader, and handed out as JDK types only, which every class loader shares.
 */
final class KafkaHost {

    private static final Logger LOG = Logger.getLogger(KafkaHost.class);
    /** Without an engine the probe should answer at once; the bound keeps a stuck socket from stalling the tests. */
    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(10);

    private static Backend backend;
    /** The users' passwords on this JVM's broker, new for every test run. */
    private static final Map<String, String> PASSWORDS = Map.copyOf(KafkaAccess.newPasswords());

    private KafkaHost() {
    }

    /** The broker, started on first call: its address, backend name, and stop/start/running functions. */
    static synchronized Map<String, Object> handle() {
        if (backend == null) {
            long t0 = System.nanoTime();
            String choice = System.getProperty(KafkaBroker.BACKEND_PROPERTY, "auto").trim().toLowerCase();
            Backend started = startBackend(choice);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kafka-broker-shutdown"));
            grantAccess(started.bootstrapServers());
            backend = started;
            LOG.infof("Kafka (%s) ready at %s in %d ms", started.name(), started.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        return Map.of(
                "bootstrapServers", backend.bootstrapServers(),
                "passwords", PASSWORDS,
                "backend", backend.name(),
                "running", (BooleanSupplier) KafkaHost::isRunning,
                "stop", (Runnable) () -> JvmWide.inLoaderOf(KafkaHost.class, KafkaHost::stop),
                "start", (Runnable) () -> JvmWide.inLoaderOf(KafkaHost.class, KafkaHost::start));
    }

    /** The admin's client settings on a broker at {@code bootstrapServers}. */
    static Map<String, Object> adminClientProperties(String bootstrapServers) {
        Map<String, Object> properties = new LinkedHashMap<>(
                KafkaAccess.login(PASSWORDS, KafkaAccess.ADMIN).clientProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /** The users and ACLs of the contract, and the services' topics, which the services may not create. */
    private static void grantAccess(String bootstrapServers) {
        try (Admin admin = Admin.create(adminClientProperties(bootstrapServers))) {
            KafkaAccess.grant(admin, PASSWORDS);
            List<NewTopic> topics = KafkaAccess.TOPICS.stream().map(t -> new NewTopic(t, Optional.empty(),
                    Optional.empty()).configs(KafkaAccess.TOPIC_SETTINGS.getOrDefault(t, Map.of()))).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not set up the users, ACLs and topics of the test broker: " + e, e);
        }
    }

    private static synchronized boolean isRunning() {
        return backend.isRunning();
    }

    private static synchronized void stop() {
        if (backend.isRunning()) {
            backend.stop();
            LOG.infof("Kafka (%s) at %s stopped", backend.name(), backend.bootstrapServers());
        }
    }

    private static synchronized void start() {
        if (!backend.isRunning()) {
            long t0 = System.nanoTime();
            backend.start();
            LOG.infof("Kafka (%s) at %s started again in %d ms", backend.name(), backend.bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
    }

    /** The broker settings both backends share: SASL/SCRAM and ACLs as in every deployment ({@link KafkaAccess}). */
    static Map<String, String> brokerSettings() {
        Map<String, String> settings = new LinkedHashMap<>(
                KafkaAccess.brokerSettings(PASSWORDS.get(KafkaAccess.ADMIN)));
        // tests make topics of their own on first use; only the admin may (the services' topics are made at start)
        settings.put("auto.create.topics.enable", "true");
        settings.put("num.partitions", System.getProperty(KafkaBroker.PARTITIONS_PROPERTY, "3"));
        // a single broker: every internal topic has one replica
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        // consumers get their partitions at once instead of after 3 s
        settings.put("group.initial.rebalance.delay.ms", "0");
        return settings;
    }

    private static Backend startBackend(String choice) {
        switch (choice) {
            case "embedded":
                LOG.infof("Kafka backend: embedded (-D%s=embedded)", KafkaBroker.BACKEND_PROPERTY);
                return Embedded.launch();
            case "testcontainers":
                LOG.infof("Kafka backend: testcontainers (-D%s=testcontainers)", KafkaBroker.BACKEND_PROPERTY);
                return Container.launch();
            case "auto":
                if (!dockerAvailable()) {
                    LOG.info("Kafka backend: embedded (auto: no Docker engine reachable)");
                    return Embedded.launch();
                }
                try {
                    Backend container = Container.launch();
                    LOG.infof("Kafka backend: testcontainers (auto: Docker engine reachable, %s started)",
                            KafkaBroker.IMAGE);
                    return container;
                } catch (RuntimeException e) {
                    LOG.infof("Kafka backend: embedded (auto: Docker is reachable but %s did not start: %s)",
                            KafkaBroker.IMAGE, e);
                    return Embedded.launch();
                }
            default:
                throw new IllegalArgumentException("-D" + KafkaBroker.BACKEND_PROPERTY + "=" + choice
                        + " is unknown; use embedded, testcontainers or auto");
        }
    }

    /** Asks Testcontainers, but in a bounded wait: a half-configured Docker host must not stall every test run. */
    static boolean dockerAvailable() {
        CompletableFuture<Boolean> probe = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                probe.complete(DockerClientFactory.instance().isDockerAvailable());
            } catch (Throwable t) {
                probe.complete(false);
            }
        }, "docker-probe");
        thread.setDaemon(true);
        thread.start();
        try {
            return probe.get(DOCKER_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.infof("Docker probe gave no answer within %s, taken as no Docker", DOCKER_PROBE_TIMEOUT);
            return false;
        }
    }

    private interface Backend {
        String name();

        String bootstrapServers();

        boolean isRunning();

        void stop();

        void start();

        /** Ends the broker for good (JVM exit). */
        void close();
    }

    /** SmallRye's in-JVM KRaft broker on fixed ports and log dir, so that a restart finds its data again. */
    private static final class Embedded implements Backend {
        /** The broker's categories: ~1,500 INFO lines per start into the tests' output, config dumps mostly. */
        private static final List<String> LOGGERS = List.of("kafka", "state.change.logger",
                "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
                "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
                "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
                "org.apache.kafka.common.config.AbstractConfig");

        private final EmbeddedKafkaBroker broker;
        private final Path logDir;
        private final String bootstrapServers;

        private Embedded(EmbeddedKafkaBroker broker, Path logDir, String bootstrapServers) {
            this.broker = broker;
            this.logDir = logDir;
            this.bootstrapServers = bootstrapServers;
        }

        static Embedded launch() {
            String level = System.getProperty(KafkaBroker.LOG_LEVEL_PROPERTY, "WARN");
            // Kafka logs through SLF4J to the JBoss LogManager (as in Quarkus), so its levels are set there
            LOGGERS.forEach(name -> LogContext.getLogContext().getLogger(name).setLevelName(level));
            int port = freePort();
            // relative to the working directory, i.e. the module's target/ under Maven; one folder per JVM
            Path logDir = Path.of("target", "embedded-kafka", "broker-" + port).toAbsolutePath();
            Folders.deleteRecursively(logDir);
            int controllerPort = freePort();
            String clusterId = Uuid.randomUuid().toString();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                    .withKafkaHost("127.0.0.1")
                    .withKafkaPort(port)
                    // fixed as well: the controller quorum must be found at the same address after a restart
                    .withControllerPort(controllerPort)
                    .withClusterId(clusterId)
                    .withDeleteLogDirsOnClose(false)
                    .withAdditionalProperties(props -> {
                        props.put("log.dir", logDir.toString());
                        props.put("listeners", KafkaAccess.CLIENT_LISTENER + "://127.0.0.1:" + port + ","
                                + KafkaAccess.CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
                        props.put("advertised.listeners", KafkaAccess.CLIENT_LISTENER + "://127.0.0.1:" + port);
                        props.putAll(brokerSettings());
                        // the broker leaves the cluster properly on stop(), so that start() can register it again
                        // at once instead of waiting for the old registration's session to time out (9 s)
                        props.put("controlled.shutdown.enable", "true");
                        formatWithAdminLogin(props, clusterId);
                    });
            try {
                broker.start();
            } catch (RuntimeException e) {
                broker.close();
                Folders.deleteRecursively(logDir);
                throw e;
            }
            return new Embedded(broker, logDir, "127.0.0.1:" + port);
        }

        /**
         * Formats the storage as the broker's own start would, plus the admin's SCRAM login, which the broker's
         * listener logs in with (the broker's start then finds the storage formatted; so does a restart here).
         */
        private static void formatWithAdminLogin(Properties props, String clusterId) {
            KafkaConfig config = KafkaConfig.fromProps(props, false);
            try {
                new Formatter().setClusterId(clusterId).setNodeId(config.nodeId()).setIgnoreFormatted(true)
                        .setControllerListenerName(KafkaAccess.CONTROLLER_LISTENER)
                        .setMetadataLogDirectory(config.metadataLogDir())
                        .setDirectories(List.of(props.getProperty("log.dir")))
                        .setScramArguments(List.of(KafkaAccess.adminScramAtFormat(PASSWORDS.get(KafkaAccess.ADMIN))))
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .run();
            } catch (Exception e) {
                throw new IllegalStateException("could not format the embedded broker's storage: " + e, e);
            }
        }

        @Override
        public String name() {
            return "embedded";
        }

        @Override
        public String bootstrapServers() {
            return bootstrapServers;
        }

        @Override
        public boolean isRunning() {
            return broker.isRunning();
        }

        @Override
        public void stop() {
            broker.close();
        }

        @Override
        public void start() {
            // same instance: same ports, cluster id and log dir (start() accepts the already formatted storage)
            broker.start();
        }

        @Override
        public void close() {
            broker.close();
            Folders.deleteRecursively(logDir);
        }
    }

    /**
     * The official image; an outage pauses the container, so the mapped port stays the same. Its own start scripts
     * cannot add a SCRAM login at format time, so the container runs the broker as {@code KafkaNode} does: a
     * server.properties written here (once the mapped port, which the advertised listener names, is known), the
     * storage formatted with the admin's login, then {@code kafka-server-start.sh}.
     */
    private static final class Container implements Backend {
        private final BrokerContainer container;
        private volatile boolean paused;

        private Container(BrokerContainer container) {
            this.container = container;
        }

        static Container launch() {
            BrokerContainer container = new BrokerContainer();
            try {
                container.start();
            } catch (RuntimeException e) {
                container.close();
                throw e;
            }
            return new Container(container);
        }

        @Override
        public String name() {
            return "testcontainers";
        }

        @Override
        public String bootstrapServers() {
            return container.getHost() + ":" + container.getMappedPort(BrokerContainer.PORT);
        }

        @Override
        public boolean isRunning() {
            return !paused;
        }

        @Override
        public void stop() {
            container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
            paused = true;
        }

        @Override
        public void start() {
            container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
            paused = false;
        }

        @Override
        public void close() {
            if (paused) {
                start(); // a paused container does not stop cleanly
            }
            container.close();
        }
    }

    /** {@value KafkaBroker#IMAGE} waiting for the start script this class copies in when the container starts. */
    private static final class BrokerContainer extends GenericContainer<BrokerContainer> {
        static final int PORT = 9092;
        private static final int CONTROLLER_PORT = 9094;
        private static final String SCRIPT = "/tmp/dealstream-start.sh";
        private static final String PROPERTIES = "/tmp/dealstream-server.properties";

        BrokerContainer() {
            super(DockerImageName.parse(KafkaBroker.IMAGE));
            withExposedPorts(PORT);
            withCommand("sh", "-c", "while [ ! -f " + SCRIPT + " ]; do sleep 0.1; done; exec bash " + SCRIPT);
            waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
        }

        @Override
        protected void containerIsStarting(InspectContainerResponse info) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@localhost:" + CONTROLLER_PORT);
            p.put("listeners", KafkaAccess.CLIENT_LISTENER + "://0.0.0.0:" + PORT + ","
                    + KafkaAccess.CONTROLLER_LISTENER + "://localhost:" + CONTROLLER_PORT);
            p.put("advertised.listeners", KafkaAccess.CLIENT_LISTENER + "://" + getHost() + ":" + getMappedPort(PORT));
            p.put("log.dirs", "/tmp/kafka-logs");
            p.putAll(brokerSettings());
            StringBuilder text = new StringBuilder();
            p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            String script = "set -e\n/opt/kafka/bin/kafka-storage.sh format -t " + Uuid.randomUuid() + " -c "
                    + PROPERTIES + " --add-scram '" + KafkaAccess.adminScramAtFormat(PASSWORDS.get(KafkaAccess.ADMIN))
                    + "'\nexec /opt/kafka/bin/kafka-server-start.sh " + PROPERTIES + "\n";
            // the properties first: the command starts the script as soon as it is there
            copyFileToContainer(Transferable.of(text.toString()), PROPERTIES);
            copyFileToContainer(Transferable.of(script, 0755), SCRIPT);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
