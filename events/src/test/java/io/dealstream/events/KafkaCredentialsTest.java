package io.dealstream.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaCredentialsTest {

    @Test
    void bothVariablesGiveAScramLoginOverSaslPlaintext() {
        Optional<KafkaCredentials> login = KafkaCredentials.fromEnvironment(Map.of(
                "KAFKA_SASL_USERNAME", "compute-service", "KAFKA_SASL_PASSWORD", "s3cret")::get);

        assertEquals(Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"compute-service\" password=\"s3cret\";"),
                KafkaCredentials.clientProperties(login));
    }

    @Test
    void neitherVariableLeavesTheClientOnPlaintext() {
        Optional<KafkaCredentials> login = KafkaCredentials.fromEnvironment(Map.<String, String>of()::get);

        assertEquals(Optional.empty(), login);
        assertEquals(Map.of(), KafkaCredentials.clientProperties(login));
    }

    @Test
    void aUsernameWithoutAPasswordStopsTheStartNamingThePasswordVariable() {
        var refused = assertThrows(IllegalStateException.class, () -> KafkaCredentials.fromEnvironment(
                Map.of("KAFKA_SASL_USERNAME", "compute-service")::get));

        assertEquals("KAFKA_SASL_USERNAME is set but KAFKA_SASL_PASSWORD is not: give both for a Kafka broker that "
                + "asks for SASL/SCRAM, or neither for one that does not", refused.getMessage());
    }

    @Test
    void aPasswordWithoutAUsernameStopsTheStartNamingTheUsernameVariable() {
        var refused = assertThrows(IllegalStateException.class, () -> KafkaCredentials.fromEnvironment(
                Map.of("KAFKA_SASL_USERNAME", " ", "KAFKA_SASL_PASSWORD", "s3cret")::get));

        assertEquals("KAFKA_SASL_PASSWORD is set but KAFKA_SASL_USERNAME is not: give both for a Kafka broker that "
                + "asks for SASL/SCRAM, or neither for one that does not", refused.getMessage());
    }

    @Test
    void quotesInAPasswordCannotEndTheJaasValue() {
        String jaas = new KafkaCredentials("reader", "a\"b\\c").clientProperties().get("sasl.jaas.config");

        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"reader\" "
                + "password=\"a\\\"b\\\\c\";", jaas);
    }

    @Test
    void theLoginNeverPrintsItsPassword() {
        assertEquals("KafkaCredentials[reader]", new KafkaCredentials("reader", "s3cret").toString());
    }
}
