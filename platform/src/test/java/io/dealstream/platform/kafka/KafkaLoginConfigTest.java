package io.dealstream.platform.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaLoginConfigTest {

    @Test
    void theLoginVariablesBecomeTheDefaultBrokerSettingsOfEveryChannel() {
        SmallRyeConfig config = config(Map.of("KAFKA_SASL_USERNAME", "investment-service",
                "KAFKA_SASL_PASSWORD", "s3cret"));

        assertEquals("SASL_PLAINTEXT", config.getValue("kafka.security.protocol", String.class));
        assertEquals("SCRAM-SHA-512", config.getValue("kafka.sasl.mechanism", String.class));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"investment-service\""
                + " password=\"s3cret\";", config.getValue("kafka.sasl.jaas.config", String.class));
    }

    @Test
    void theConfigPropertiesGiveTheLoginAsWell() {
        SmallRyeConfig config = config(Map.of("dealstream.kafka.sasl.username", "compute-service",
                "dealstream.kafka.sasl.password", "s3cret"));

        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"compute-service\""
                + " password=\"s3cret\";", config.getValue("kafka.sasl.jaas.config", String.class));
    }

    @Test
    void withoutALoginTheClientsStayOnPlaintext() {
        SmallRyeConfig config = config(Map.of());

        assertEquals(Optional.empty(), config.getOptionalValue("kafka.security.protocol", String.class));
        assertEquals(Optional.empty(), config.getOptionalValue("kafka.sasl.jaas.config", String.class));
    }

    @Test
    void aUsernameAloneStopsTheStartNamingThePasswordVariable() {
        var refused = assertThrows(IllegalStateException.class,
                () -> config(Map.of("KAFKA_SASL_USERNAME", "investment-service")));

        assertEquals("KAFKA_SASL_USERNAME is set but KAFKA_SASL_PASSWORD is not: give both for a Kafka broker that "
                + "asks for SASL/SCRAM, or neither for one that does not", refused.getMessage());
    }

    private static SmallRyeConfig config(Map<String, String> given) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(given, "given", 300))
                .withSources(new KafkaLoginConfig())
                .build();
    }
}
