package io.dealstream.testsupport;

import io.dealstream.events.KafkaCredentials;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * Points a Quarkus test at the JVM's real Kafka broker ({@link KafkaBroker}) through {@code kafka.bootstrap.servers},
 * logged in as the service's own Kafka user (the one named as its {@code quarkus.application.name}, with that user's
 * ACLs only), and fills the test's {@link InjectKafka} fields of type {@link KafkaCompanion} (the admin's) and
 * {@link KafkaBroker}.
 *
 * <p>{@link #stop()} leaves the broker running: later test classes (and other resources) share it, and a shutdown
 * hook ends it with the JVM.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    private final String user;
    private KafkaCompanion companion;

    public KafkaResource() {
        this(applicationName());
    }

    /** The resource of an application that logs in as {@code user}. */
    KafkaResource(String user) {
        if (!KafkaAccess.USERS.contains(user) || user.equals(KafkaAccess.ADMIN)) {
            throw new IllegalStateException("quarkus.application.name is '" + user + "', no service's Kafka user: "
                    + "one of " + KafkaAccess.USERS.subList(1, KafkaAccess.USERS.size()));
        }
        this.user = user;
    }

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = KafkaBroker.get();
        companion = broker.newCompanion();
        KafkaCredentials login = broker.login(user);
        return Map.of(BOOTSTRAP_SERVERS, broker.bootstrapServers(),
                KafkaCredentials.USERNAME_PROPERTY, login.username(),
                KafkaCredentials.PASSWORD_PROPERTY, login.password());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(companion,
                new TestInjector.AnnotatedAndMatchesType(InjectKafka.class, KafkaCompanion.class));
        injector.injectIntoFields(KafkaBroker.get(),
                new TestInjector.AnnotatedAndMatchesType(InjectKafka.class, KafkaBroker.class));
    }

    @Override
    public void stop() {
        // only what this resource made: the broker outlives it
        if (companion != null) {
            companion.close();
            companion = null;
        }
    }

    /** The service's name from its application.properties, as it names its Kafka user. */
    private static String applicationName() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("quarkus.application.name", "");
    }
}
