package io.dealstream.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dealstream.events.Topics;
import io.dealstream.launch.ClassPath;
import io.dealstream.launch.Ports;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import io.dealstream.testsupport.KafkaAccess;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make up's broker (launchers' KafkaNode) with its users: the controller listener takes the admin alone, the services'
 * users are held to their topics, and a broker whose admin password changed says so at start.
 */
class LocalBrokerTest {

    @TempDir
    static Path home;
    static Stack stack;
    static Thread killer;
    static int controllerPort;

    @BeforeAll
    static void startTheBroker() {
        controllerPort = Ports.free();
        stack = new Stack(StackConfig.builder(home, home).kafkaPort(Ports.free()).kafkaControllerPort(controllerPort)
                .partitions(1).detached(false).build());
        killer = new Thread(stack::killAll, "local-broker-test-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        start();
    }

    @AfterAll
    static void stopTheBroker() {
        stack.kafka().stop(Duration.ofSeconds(60));
        Runtime.getRuntime().removeShutdownHook(killer);
    }

    @Test
    void theControllerListenerTakesNoClientWithoutTheAdminsLogin() throws Exception {
        Map<String, Object> anonymous = Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG,
                "127.0.0.1:" + controllerPort, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
        ExecutionException noAnswer = assertThrows(ExecutionException.class, () -> describeCluster(anonymous));
        assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, noAnswer.getCause());

        // a service's SCRAM login is no way in either: the controller listener offers PLAIN, for the admin
        Map<String, Object> compute = new HashMap<>(anonymous);
        compute.putAll(stack.kafka().client(KafkaAccess.COMPUTE).login().orElseThrow().clientProperties());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> describeCluster(compute));
        assertInstanceOf(UnsupportedSaslMechanismException.class, refused.getCause());

        Map<String, Object> admin = new HashMap<>(anonymous);
        admin.put("security.protocol", "SASL_PLAINTEXT");
        admin.put("sasl.mechanism", "PLAIN");
        admin.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"dealstream-admin\" password=\"" + stack.kafka().passwords().get(KafkaAccess.ADMIN)
                + "\";");
        assertEquals(1, describeCluster(admin));
    }

    @Test
    void computeServiceCannotWriteTheTrancheTopicAndInvestmentServiceCan() throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(KafkaAccess.COMPUTE));
        assertInstanceOf(TopicAuthorizationException.class, refused.getCause());

        assertEquals(Topics.TRANCHE_EVENTS, send(KafkaAccess.INVESTMENT));
    }

    @Test
    void theTopicsAreMadeByTheStartAndTheTrancheTopicIsKeptForEver() throws Exception {
        try (Admin admin = stack.kafka().admin()) {
            assertEquals(KafkaAccess.TOPICS.stream().sorted().toList(),
                    admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().sorted().toList());
            var topic = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.TRANCHE_EVENTS);
            var config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertEquals(List.of("-1", "-1"), List.of(config.get("retention.ms").value(),
                    config.get("retention.bytes").value()));
        }
    }

    @Test
    void aBrokerThatDoesNotKnowTheAdminsPasswordSaysSoAtStart() throws Exception {
        Path adminPassword = home.resolve("kafka").resolve(KafkaAccess.ADMIN);
        String kept = Files.readString(adminPassword);
        stack.kafka().stop(Duration.ofSeconds(60));
        try {
            Files.writeString(adminPassword, "made-anew\n");

            IllegalStateException refused = assertThrows(IllegalStateException.class, LocalBrokerTest::start);

            assertEquals("the Kafka broker in " + home.resolve("kafka").toAbsolutePath() + " does not know the admin's "
                    + "password in " + adminPassword.toAbsolutePath() + " (data from before the broker asked for "
                    + "logins, or a password file made anew): make reset starts it afresh", refused.getMessage());
        } finally {
            stack.kafka().stop(Duration.ofSeconds(60));
            Files.writeString(adminPassword, kept);
            start();
        }
    }

    private static void start() {
        stack.kafka().start(Duration.ofSeconds(120), false, List.of("-Xms64m", "-Xmx384m"), ClassPath.childArgs(),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    private static int describeCluster(Map<String, Object> client) throws Exception {
        try (Admin admin = Admin.create(client)) {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        }
    }

    private static String send(String user) throws Exception {
        var p = stack.kafka().client(user).properties("local-broker-test");
        p.put("max.block.ms", "5000");
        p.put("delivery.timeout.ms", "5000");
        p.put("request.timeout.ms", "4000");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            return producer.send(new ProducerRecord<>(Topics.TRANCHE_EVENTS, "amazon-t1", "{}"))
                    .get(30, TimeUnit.SECONDS).topic();
        }
    }
}
