package io.dealstream.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.Map;

/**
 * Points a Quarkus test at the JVM's real Kafka broker ({@link KafkaBroker}) through {@code kafka.bootstrap.servers},
 * and fills the test's {@link InjectKafka} fields of type {@link KafkaCompanion} and {@link KafkaBroker}.
 *
 * <p>{@link #stop()} leaves the broker running: later test classes (and other resources) share it, and a shutdown
 * hook ends it with the JVM.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    private KafkaCompanion companion;

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = KafkaBroker.get();
        companion = broker.newCompanion();
        return Map.of(BOOTSTRAP_SERVERS, broker.bootstrapServers());
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
}
