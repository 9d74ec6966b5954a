package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Topics;
import io.dealstream.launch.ClassPath;
import io.dealstream.launch.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml's broker run for real, without Docker: its environment turned into server.properties as the
 * apache/kafka image does (only the addresses moved to free loopback ports, as docker/docker-compose.host.yml moves
 * them), its storage formatted by k8s/base/kafka-start.sh itself (dealstream-admin's SCRAM credential), Kafka 4.1.1
 * from this class path. As dealstream-admin the test then gives the users their credentials and the contract's ACLs
 * (KafkaSecurityTest shows kafka-setup.sh adds exactly these), and every other client is refused what it may not do.
 */
class ComposeBrokerIT {

    static final Map<String, String> PASSWORDS = Map.of(KafkaContract.ADMIN, "admin-pw-1",
            "investment-service", "investment-pw-1", "compute-service", "compute-pw-1",
            "distribution-service", "distribution-pw-1", KafkaContract.READER, "reader-pw-1");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z_]+)(:\\?[^}]*)?}");

    static Path dir;
    static Process broker;
    static String client;
    static String host;
    static String controller;

    @BeforeAll
    static void startTheComposeBroker() throws Exception {
        dir = Kustomize.root().resolve("k8s-test/target/compose-broker");
        ScriptSandbox.delete(dir);
        Files.createDirectories(dir.resolve("bin"));
        int clientPort = Ports.free();
        int controllerPort = Ports.free();
        int hostPort = Ports.free();
        client = "127.0.0.1:" + clientPort;
        host = "localhost:" + hostPort;
        controller = "127.0.0.1:" + controllerPort;

        // the environment compose gives the container, the passwords' variables as make compose-up sets them
        Map<String, String> env = new TreeMap<>();
        ((Map<?, ?>) ComposeFileTest.services().get("kafka").get("environment")).forEach((k, v) -> {
            Matcher m = VARIABLE.matcher(String.valueOf(v));
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String user = m.group(1).substring("KAFKA_PASSWORD_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
                m.appendReplacement(b, Matcher.quoteReplacement(PASSWORDS.get(user)));
            }
            m.appendTail(b);
            env.put(String.valueOf(k), b.toString());
        });
        env.put("KAFKA_LISTENERS", "CLIENT://" + client + ",CONTROLLER://" + controller + ",HOST://127.0.0.1:" + hostPort);
        env.put("KAFKA_ADVERTISED_LISTENERS", "CLIENT://" + client + ",HOST://" + host);
        env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@" + controller);
        env.put("KAFKA_LOG_DIRS", dir.resolve("data").toString());

        // server.properties as the image writes it: KAFKA_FOO_BAR -> foo.bar, __ -> _, ___ -> -
        StringBuilder properties = new StringBuilder();
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_") && !ConsistencyTest.KAFKA_IMAGE_VARIABLES.contains(k)) {
                properties.append(k.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace("___", "-")
                        .replace("__", "@").replace('_', '.').replace('@', '_')).append('=').append(v).append('\n');
            }
        });
        Path config = dir.resolve("server.properties");
        Files.writeString(config, properties);

        String java = ProcessHandle.current().info().command().orElse("java");
        Path storage = dir.resolve("bin/kafka-storage.sh");
        Files.writeString(storage, "#!/bin/sh\nexec '" + java + "' -cp '" + ClassPath.current()
                + "' kafka.tools.StorageTool \"$@\"\n");
        Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> command = new ArrayList<>(List.of("sh", Kustomize.root().resolve("k8s/base/kafka-start.sh").toString(),
                java, "-Xmx512m"));
        command.addAll(ClassPath.childArgs());
        command.addAll(List.of("kafka.Kafka", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("KAFKA_HOME", dir.toString());
        for (String k : List.of("CLUSTER_ID", "KAFKA_NODE_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_LOG_DIRS",
                "DEALSTREAM_ADMIN_PASSWORD")) {
            pb.environment().put(k, env.get(k));
        }
        broker = pb.start();

        try (Admin admin = Admin.create(login(client, KafkaContract.ADMIN))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                try {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    assertTrue(broker.isAlive(), "the broker stopped:\n" + Files.readString(dir.resolve("broker.log")));
                    assertTrue(System.nanoTime() < deadline, "the broker does not answer dealstream-admin: " + e);
                }
            }
            // what kafka-setup.sh does, through the Admin API (kafka-topics.sh and kafka-acls.sh are not on this class path)
            List<NewTopic> topics = new ArrayList<>();
            for (String t : KafkaContract.TOPICS) {
                topics.add(new NewTopic(t, 3, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            PASSWORDS.forEach((user, password) -> {
                if (!user.equals(KafkaContract.ADMIN)) {
                    users.add(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
                }
            });
            admin.alterUserScramCredentials(List.copyOf(users)).all().get(30, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            for (KafkaContract.Acl a : KafkaContract.ACLS) {
                acls.add(new AclBinding(new ResourcePattern(ResourceType.valueOf(a.resource().toUpperCase(Locale.ROOT)),
                        a.name(), PatternType.valueOf(a.pattern().toUpperCase(Locale.ROOT))),
                        new AccessControlEntry("User:" + a.user(), "*", AclOperation.valueOf(a.operation()),
                                AclPermissionType.ALLOW)));
            }
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
        // ACLs and credentials reach the broker's metadata cache shortly after the controller took them
        Thread.sleep(1500);
    }

    @AfterAll
    static void stopIt() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    @Test
    void aClientWithoutCredentialsCannotWriteTheTrancheTopic() throws Exception {
        long before = records(Topics.TRANCHE_EVENTS);
        for (String listener : List.of(client, host)) {
            Properties anonymous = new Properties();
            anonymous.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, listener);
            Exception refused = assertThrows(Exception.class, () -> send(anonymous, Topics.TRANCHE_EVENTS));
            assertTrue(refused.getMessage().contains("not present in metadata"), "the broker never answers it: " + refused);
        }
        assertEquals(before, records(Topics.TRANCHE_EVENTS), "nothing was written");
    }

    @Test
    void computesCredentialsCannotWriteTheTrancheTopicButInvestmentsCan() throws Exception {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> send(login(client, "compute-service"), Topics.TRANCHE_EVENTS));
        assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), refused.toString());
        long before = records(Topics.TRANCHE_EVENTS);
        send(login(client, "investment-service"), Topics.TRANCHE_EVENTS);
        send(login(host, "investment-service"), Topics.TRANCHE_EVENTS);
        assertEquals(before + 2, records(Topics.TRANCHE_EVENTS), "investment-service wrote on both listeners");
    }

    @Test
    void theReaderCannotWriteAnyTopic() {
        for (String topic : KafkaContract.TOPICS) {
            // refused at the topic, or before it: the reader may write nowhere, so not even idempotently. A refusal of
            // the idempotent producer's id is fatal to the producer: the send's future fails with it, or, when the
            // refusal came first, send() itself throws a KafkaException caused by it.
            Exception refused = assertThrows(Exception.class, () -> send(login(host, KafkaContract.READER), topic));
            assertTrue(refused instanceof ExecutionException || refused instanceof KafkaException,
                    topic + ": " + refused);
            assertInstanceOf(AuthorizationException.class, refused.getCause(), topic + ": " + refused);
        }
    }

    @Test
    void computeReadsTheTrancheTopicInItsOwnGroupsOnly() {
        Properties own = consumer(login(client, "compute-service"), "compute-service-rebuild");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(own)) {
            c.subscribe(List.of(Topics.TRANCHE_EVENTS));
            c.poll(Duration.ofSeconds(5));
            c.commitSync();
        }
        Properties other = consumer(login(client, "compute-service"), "dealstream-reader-borrowed");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(other)) {
            c.subscribe(List.of(Topics.TRANCHE_EVENTS));
            assertThrows(GroupAuthorizationException.class, () -> c.poll(Duration.ofSeconds(10)));
        }
    }

    /**
     * The lag table's reads: the reader sees the services' groups and their committed offsets and every topic's end
     * offsets, with no right on the cluster (Kafka lists only the groups a user may describe).
     */
    @Test
    void theReaderReadsEveryTopicInItsGroupsAndTheServicesCommittedOffsets() throws Exception {
        send(login(client, "investment-service"), Topics.TRANCHE_EVENTS);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer(login(client, "distribution-service"),
                "distribution-service"))) {
            c.subscribe(List.of(Topics.TRANCHE_EVENTS));
            long written = records(Topics.TRANCHE_EVENTS);
            long read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read < written) {
                assertTrue(System.nanoTime() < deadline, "distribution-service read " + read + " of " + written);
                read += c.poll(Duration.ofSeconds(1)).count();
            }
            c.commitSync();
        }
        try (Admin reader = Admin.create(login(host, KafkaContract.READER))) {
            var groups = reader.listConsumerGroups().all().get(20, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).collect(java.util.stream.Collectors.toSet());
            assertTrue(groups.contains("distribution-service"), "the groups the reader sees: " + groups);
            var committed = reader.listConsumerGroupOffsets("distribution-service").partitionsToOffsetAndMetadata()
                    .get(20, TimeUnit.SECONDS);
            assertEquals(records(Topics.TRANCHE_EVENTS), committed.values().stream().mapToLong(o -> o.offset()).sum(),
                    "distribution-service's committed offsets, read by the reader");
        }
        for (String topic : KafkaContract.TOPICS) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer(login(host, KafkaContract.READER),
                    "dealstream-reader-watch"))) {
                List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                c.assign(partitions);
                c.seekToBeginning(partitions);
                c.poll(Duration.ofSeconds(2));
                assertEquals(partitions.size(), c.endOffsets(partitions).size(), topic);
                c.commitSync();
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedAtLogin() {
        Properties wrong = login(client, "investment-service");
        wrong.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("investment-service", "not-the-password"));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> send(wrong, Topics.TRANCHE_EVENTS));
        assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), refused.toString());
    }

    /** The controller's listener takes dealstream-admin alone: a client without its password cannot set an ACL there. */
    @Test
    void theControllersListenerRefusesAClientWithoutTheAdminsPassword() {
        for (String user : List.of("compute-service", KafkaContract.READER)) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller);
            p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
            p.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
            p.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"" + user + "\" password=\"" + PASSWORDS.get(user) + "\";");
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
            try (Admin a = Admin.create(p)) {
                ExecutionException refused = assertThrows(ExecutionException.class, () -> a.createAcls(List.of(
                        new AclBinding(new ResourcePattern(ResourceType.TOPIC, Topics.TRANCHE_EVENTS, PatternType.LITERAL),
                                new AccessControlEntry("User:" + user, "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                        .all().get(20, TimeUnit.SECONDS));
                assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), user + ": " + refused);
            }
        }
    }

    // --- helpers ---

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** A client's settings as the contract's switch makes them from KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD. */
    static Properties login(String bootstrap, String user) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, PASSWORDS.get(user)));
        return p;
    }

    static Properties consumer(Properties login, String group) {
        Properties p = new Properties();
        p.putAll(login);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return p;
    }

    static void send(Properties settings, String topic) throws Exception {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "8000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            assertNotNull(producer.send(new ProducerRecord<>(topic, "amazon-t1", "forged")).get(20, TimeUnit.SECONDS));
        }
    }

    /** The records of a topic, counted as dealstream-admin. */
    static long records(String topic) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer(login(client, KafkaContract.ADMIN),
                "dealstream-admin-count"))) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
