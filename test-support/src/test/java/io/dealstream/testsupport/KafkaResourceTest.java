package io.dealstream.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The config keys the services read (the broker and the service's own login), and the field injection (done here as
 * Quarkus's TestInjector does it).
 */
class KafkaResourceTest {

    @InjectKafka
    KafkaCompanion companion;
    @InjectKafka
    KafkaBroker broker;
    KafkaCompanion notAnnotated;

    @Test
    void pointsTheAppAtTheBrokerAndFillsTheFields() {
        System.setProperty(KafkaBroker.BACKEND_PROPERTY, "embedded");
        KafkaResource resource = new KafkaResource(KafkaAccess.COMPUTE);
        Map<String, String> config = resource.start();
        try {
            resource.inject((value, matches) -> {
                for (Field field : KafkaResourceTest.class.getDeclaredFields()) {
                    if (matches.test(field)) {
                        try {
                            field.set(this, value);
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });
            assertEquals(Map.of("kafka.bootstrap.servers", KafkaBroker.get().bootstrapServers(),
                    "dealstream.kafka.sasl.username", "compute-service",
                    "dealstream.kafka.sasl.password", KafkaBroker.get().login("compute-service").password()), config);
            assertSame(KafkaBroker.get(), broker);
            assertEquals(config.get("kafka.bootstrap.servers"), companion.getBootstrapServers());
            assertNull(notAnnotated);
            companion.topics().createAndWait("test-support.resource", 1);
        } finally {
            resource.stop();
        }
        // the broker outlives the resource: other test classes still use it
        assertEquals(true, KafkaBroker.get().isRunning());
    }
}
