package io.dealstream.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Topics;
import io.dealstream.launch.ClassPath;
import io.dealstream.launch.ConsumerLag;
import io.dealstream.launch.ConsumerLag.GroupLag;
import io.dealstream.launch.ConsumerLag.PartitionLag;
import io.dealstream.launch.Ports;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import io.dealstream.testsupport.KafkaAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make lag against a real broker (KRaft, started by the launchers on free ports): investment.tranche-events with 3
 * partitions holding 5, 4 and 6 records (the first record of partition 2 deleted), compute-service a live member that
 * committed 3 on partition 0 and 4 on partition 1, nothing on partition 2, and distribution-service with no member,
 * caught up everywhere.
 */
class LagTest {

    static final TopicPartition P0 = new TopicPartition(Topics.TRANCHE_EVENTS, 0);
    static final TopicPartition P1 = new TopicPartition(Topics.TRANCHE_EVENTS, 1);
    static final TopicPartition P2 = new TopicPartition(Topics.TRANCHE_EVENTS, 2);

    static final String HEADER = "GROUP                 TOPIC                      PARTITION       COMMITTED  END  LAG";
    static final List<String> COMPUTE_ROWS = List.of(
            "compute-service       investment.tranche-events          0               3    5    2",
            "compute-service       investment.tranche-events          1               4    4    0",
            "compute-service       investment.tranche-events          2  none committed    6    5",
            "compute-service       total (Stable, 1 member)                                     7");
    static final List<String> DISTRIBUTION_ROWS = List.of(
            "distribution-service  investment.tranche-events          0               5    5    0",
            "distribution-service  investment.tranche-events          1               4    4    0",
            "distribution-service  investment.tranche-events          2               6    6    0",
            "distribution-service  total (Empty, 0 members)                                     0");

    @TempDir
    static Path home;
    static Stack stack;
    static Thread killer;
    static String kafka;
    /** make lag reads as the reader, whose login a user gives it as below */
    static Map<String, String> readerLogin;
    static KafkaConsumer<String, String> compute;

    @BeforeAll
    static void aBrokerWithTwoGroupsBehindByKnownOffsets() throws Exception {
        stack = new Stack(StackConfig.builder(home, home).kafkaPort(Ports.free()).kafkaControllerPort(Ports.free())
                .partitions(3).detached(false).build());
        killer = new Thread(stack::killAll, "lag-test-broker-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        stack.kafka().start(Duration.ofSeconds(120), false, List.of("-Xms64m", "-Xmx384m"), ClassPath.childArgs(),
                System.out);
        kafka = stack.kafka().bootstrapServers();
        readerLogin = Map.of("KAFKA_SASL_USERNAME", KafkaAccess.READER,
                "KAFKA_SASL_PASSWORD", stack.kafka().passwords().get(KafkaAccess.READER));

        Properties p = stack.kafka().client(KafkaAccess.INVESTMENT).properties("lag-test-investment");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            int[] records = {5, 4, 6};
            for (int partition = 0; partition < records.length; partition++) {
                for (int i = 0; i < records[partition]; i++) {
                    producer.send(new ProducerRecord<>(Topics.TRANCHE_EVENTS, partition, "amazon-t" + i, "{}")).get();
                }
            }
        }
        try (Admin admin = stack.kafka().admin()) {
            // partition 2 starts at offset 1 now: a group with nothing committed there has 5 records to read, not 6
            admin.deleteRecords(Map.of(P2, RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets("distribution-service", Map.of(P0, new OffsetAndMetadata(5), P1,
                    new OffsetAndMetadata(4), P2, new OffsetAndMetadata(6))).all().get(30, TimeUnit.SECONDS);
        }

        Properties c = stack.kafka().client(KafkaAccess.COMPUTE).properties("lag-test-compute");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "compute-service");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        compute = new KafkaConsumer<>(c);
        compute.subscribe(List.of(Topics.TRANCHE_EVENTS));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (compute.assignment().size() < 3) {
            compute.poll(Duration.ofMillis(200));
            assertTrue(System.nanoTime() < deadline, "compute-service got its partitions: " + compute.assignment());
        }
        compute.commitSync(Map.of(P0, new OffsetAndMetadata(3), P1, new OffsetAndMetadata(4)));
    }

    @AfterAll
    static void stopTheBroker() {
        if (compute != null) {
            compute.close(Duration.ofSeconds(10));
        }
        if (stack != null) {
            stack.kafka().stop(Duration.ofSeconds(60));
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }

    @Test
    void eachPartitionsLagIsItsEndOffsetLessTheGroupsCommittedOffsetOrItsEarliestWhenNoneIsCommitted() {
        List<GroupLag> lag = ConsumerLag.read(stack.kafka().client(KafkaAccess.READER), List.of());
        assertEquals(List.of(
                new GroupLag("compute-service", "Stable", 1, List.of(
                        new PartitionLag(Topics.TRANCHE_EVENTS, 0, OptionalLong.of(3), 5, 2),
                        new PartitionLag(Topics.TRANCHE_EVENTS, 1, OptionalLong.of(4), 4, 0),
                        new PartitionLag(Topics.TRANCHE_EVENTS, 2, OptionalLong.empty(), 6, 5))),
                new GroupLag("distribution-service", "Empty", 0, List.of(
                        new PartitionLag(Topics.TRANCHE_EVENTS, 0, OptionalLong.of(5), 5, 0),
                        new PartitionLag(Topics.TRANCHE_EVENTS, 1, OptionalLong.of(4), 4, 0),
                        new PartitionLag(Topics.TRANCHE_EVENTS, 2, OptionalLong.of(6), 6, 0)))), lag);
        assertEquals(7, lag.get(0).total());
        assertEquals(0, lag.get(1).total());
    }

    @Test
    void makeLagPrintsEveryGroupsPartitionsAndTotalsOnce() throws Exception {
        Cli cli = Cli.start(readerLogin, Map.of("KAFKA", kafka));
        List<String> lines = cli.awaitExit();
        assertEquals(0, cli.exit(), () -> String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("consumer lag on " + kafka + " at "), lines.get(0));
        List<String> expected = new ArrayList<>(List.of(HEADER));
        expected.addAll(COMPUTE_ROWS);
        expected.addAll(DISTRIBUTION_ROWS);
        assertEquals(expected, lines.subList(1, lines.size()));
    }

    @Test
    void groupNarrowsTheTableToTheGroupsNamedAndOneTheBrokerDoesNotKnowShowsAsSuch() throws Exception {
        Cli cli = Cli.start(readerLogin,
                Map.of("KAFKA", kafka, "GROUP", "distribution-service, compute-service-replay"));
        List<String> lines = cli.awaitExit();
        assertEquals(0, cli.exit(), () -> String.join("\n", lines));
        List<String> expected = new ArrayList<>(List.of(
                "GROUP                   TOPIC                             PARTITION  COMMITTED  END  LAG"));
        expected.addAll(List.of(
                "compute-service-replay  total (no such group, 0 members)                               0",
                "distribution-service    investment.tranche-events                 0          5    5    0",
                "distribution-service    investment.tranche-events                 1          4    4    0",
                "distribution-service    investment.tranche-events                 2          6    6    0",
                "distribution-service    total (Empty, 0 members)                                       0"));
        assertEquals(expected, lines.subList(1, lines.size()));
    }

    @Test
    void withWatchTheTableIsPrintedAgainAndShowsACommitMadeMeanwhile() throws Exception {
        Cli cli = Cli.start(readerLogin, Map.of("KAFKA", kafka, "GROUP", "distribution-service", "WATCH", "1"));
        try (Admin admin = stack.kafka().admin()) {
            cli.awaitLine("distribution-service  total (Empty, 0 members)                                0");
            // distribution-service goes back to offset 2 on partition 0: 3 records to read again
            admin.alterConsumerGroupOffsets("distribution-service", Map.of(P0, new OffsetAndMetadata(2))).all()
                    .get(30, TimeUnit.SECONDS);
            cli.awaitLine("distribution-service  investment.tranche-events          0          2    5    3");
            cli.awaitLine("distribution-service  total (Empty, 0 members)                                3");
            assertTrue(cli.alive(), "make lag WATCH=1 goes on until stopped");
        } finally {
            cli.stop();
            try (Admin admin = stack.kafka().admin()) {
                admin.alterConsumerGroupOffsets("distribution-service", Map.of(P0, new OffsetAndMetadata(5))).all()
                        .get(30, TimeUnit.SECONDS);
            }
        }
        assertFalse(cli.alive());
    }

    @Test
    void makeLagWithoutABrokerFailsSayingWhichAddressItTried() throws Exception {
        String nowhere = "127.0.0.1:" + Ports.free();
        Cli cli = Cli.start(Map.of("KAFKA", nowhere));
        List<String> lines = cli.awaitExit();
        assertEquals(1, cli.exit(), () -> String.join("\n", lines));
        assertEquals(List.of(), lines);
        String err = Files.readString(home.resolve("cli.err"));
        assertTrue(err.startsWith("\nERROR: cannot read consumer lag from Kafka at " + nowhere + ": "), err);
        assertTrue(err.endsWith(" (start the system with make up, or set KAFKA=host:port)\n"), err);
    }

    /** {@code java -jar local-stack.jar lag} as the Makefile runs it, here from the test class path. */
    static final class Cli {
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        private Cli(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "lag-cli-reader");
            reader.start();
        }

        /** With a Kafka login in the environment, as a user gives make lag the reader's. */
        static Cli start(Map<String, String> login, Map<String, String> env) throws IOException {
            Map<String, String> all = new java.util.HashMap<>(login);
            all.putAll(env);
            return start(all);
        }

        static Cli start(Map<String, String> env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", ClassPath.current(), Main.class.getName(), "lag")
                    .redirectError(home.resolve("cli.err").toFile());
            pb.environment().keySet().removeAll(List.of("KAFKA", "GROUP", "WATCH", "KAFKA_SASL_USERNAME",
                    "KAFKA_SASL_PASSWORD"));
            // nothing of a make up on this machine (.local/run/stack.properties) is read
            pb.environment().put("STACK_HOME", home.resolve("cli").toString());
            pb.environment().putAll(env);
            return new Cli(pb.start());
        }

        List<String> awaitExit() throws InterruptedException {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "make lag ends");
            reader.join(5_000);
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        int exit() {
            return process.exitValue();
        }

        void awaitLine(String expected) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 30_000;
            synchronized (lines) {
                while (!lines.contains(expected)) {
                    long left = deadline - System.currentTimeMillis();
                    assertTrue(left > 0, "no line \"" + expected + "\" within 30 s in:\n" + String.join("\n", lines));
                    lines.wait(left);
                }
            }
        }

        boolean alive() {
            return process.isAlive();
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
