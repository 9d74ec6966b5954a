package io.dealstream.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.dealstream.events.KafkaCredentials;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One real Apache Kafka broker (KRaft) per JVM, started lazily by {@link #get()} and stopped by a JVM shutdown hook,
 * so that every test class of a test run, whatever its Quarkus test profile, shares it.
 *
 * <p>The backend is chosen by the system property {@value #BACKEND_PROPERTY}: {@code embedded} (the Kafka jars, in
 * this JVM), {@code testcontainers} (the {@value #IMAGE} image) or {@code auto} (the default: a container when a
 * Docker engine is reachable and the container starts, else embedded).
 *
 * <p>It asks for SASL/SCRAM-SHA-512 and authorizes with the ACLs of {@link KafkaAccess}, as every deployment's broker
 * does, with passwords new for each run: the service under test logs in as its own user ({@link KafkaResource}), the
 * test harness as the admin ({@link #clientProperties()}), and the services' topics exist from the start.
 *
 * <p>{@link #stop()} and {@link #start()} make a real outage: the broker comes back on the same address with the
 * same data, and the clients reconnect by themselves.
 */
public final class KafkaBroker {

    public static final String BACKEND_PROPERTY = "dealstream.kafka";
    /** Partitions of auto-created topics (default 3), so that tests meet keyed ordering over several partitions. */
    public static final String PARTITIONS_PROPERTY = "dealstream.kafka.partitions";
    /** Level of the embedded broker's own loggers (default WARN); INFO to see what the broker does. */
    public static final String LOG_LEVEL_PROPERTY = "dealstream.kafka.log-level";
    public static final String IMAGE = "apache/kafka:4.1.1";

    private static KafkaBroker instance;

    /** From {@link KafkaHost#handle()}: JDK types only, as it may come from another class loader. */
    private final Map<String, Object> handle;

    private KafkaBroker(Map<String, Object> handle) {
        this.handle = handle;
    }

    /** The broker of this JVM, started on first use. */
    public static synchronized KafkaBroker get() {
        if (instance == null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> handle = (Map<String, Object>) JvmWide.call(KafkaHost.class, "handle");
            instance = new KafkaBroker(handle);
        }
        return instance;
    }

    public String bootstrapServers() {
        return (String) handle.get("bootstrapServers");
    }

    /** A user's login on this broker (one of {@link KafkaAccess#USERS}). */
    public KafkaCredentials login(String user) {
        @SuppressWarnings("unchecked")
        Map<String, String> passwords = (Map<String, String>) handle.get("passwords");
        return KafkaAccess.login(passwords, user);
    }

    /**
     * The client settings of the test harness, which writes and reads as the admin (forged records included): the
     * bootstrap servers and the admin's login. Every client a test makes by hand starts from these.
     */
    public Map<String, Object> clientProperties() {
        return clientProperties(KafkaAccess.ADMIN);
    }

    /** The bootstrap servers and {@code user}'s login, for a test that acts as that user. */
    public Map<String, Object> clientProperties(String user) {
        Map<String, Object> properties = new HashMap<>(login(user).clientProperties());
        properties.put("bootstrap.servers", bootstrapServers());
        return properties;
    }

    /** {@code embedded} or {@code testcontainers}. */
    public String backendName() {
        return (String) handle.get("backend");
    }

    public boolean isRunning() {
        return ((BooleanSupplier) handle.get("running")).getAsBoolean();
    }

    /** Takes the broker down (an outage); {@link #start()} brings it back with its topics and records. */
    public void stop() {
        ((Runnable) handle.get("stop")).run();
    }

    /** Brings a stopped broker back on the same address; a no-op while it runs. A test that stops it starts it. */
    public void start() {
        ((Runnable) handle.get("start")).run();
    }

    /** A new companion (producers, consumers, topics) on this broker, as the admin; the caller closes it. */
    public KafkaCompanion newCompanion() {
        KafkaCompanion companion = new KafkaCompanion(bootstrapServers());
        companion.setCommonClientConfig(new HashMap<>(login(KafkaAccess.ADMIN).clientProperties()));
        return companion;
    }
}
