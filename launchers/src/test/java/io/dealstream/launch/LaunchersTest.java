package io.dealstream.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.CloudEvent;
import io.dealstream.events.EventJson;
import io.dealstream.events.Topics;
import io.dealstream.events.capacity.CapacityEventType;
import io.dealstream.events.capacity.CapacitySnapshot;
import io.dealstream.events.round.RoundCommitment;
import io.dealstream.events.round.RoundEventType;
import io.dealstream.events.round.RoundSnapshot;
import io.dealstream.events.tranche.TrancheEventType;
import io.dealstream.events.tranche.TrancheKind;
import io.dealstream.events.tranche.TrancheSnapshot;
import io.dealstream.events.tranche.TrancheState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchersTest {

    @Test
    void environmentSettingsAndDefaults() {
        Path root = Path.of("/project");
        StackConfig defaults = StackConfig.fromEnvironment(root, name -> null);
        assertEquals(Path.of("/project/.local"), defaults.home());
        assertEquals("127.0.0.1:9092", defaults.kafkaBootstrap());
        assertEquals(3, defaults.partitions());
        assertTrue(defaults.postgres().embedded());
        assertEquals(55432, defaults.postgres().port());
        assertEquals("http://127.0.0.1:8081", defaults.url(Service.INVESTMENT));
        assertEquals("http://127.0.0.1:8083", defaults.url(Service.DISTRIBUTION));
        assertEquals("compute", defaults.database(Service.COMPUTE));

        Map<String, String> env = Map.of("PARTITIONS", "6", "KAFKA_PORT", "19092", "COMPUTE_PORT", "18082",
                "DB_URL", "jdbc:postgresql://db.example:5433/postgres?sslmode=disable", "DB_USER", "admin");
        StackConfig custom = StackConfig.fromEnvironment(root, env::get);
        assertEquals(6, custom.partitions());
        assertEquals("127.0.0.1:19092", custom.kafkaBootstrap());
        assertEquals(18082, custom.port(Service.COMPUTE));
        assertFalse(custom.postgres().embedded());
        assertEquals("admin", custom.postgres().user());
        assertEquals("jdbc:postgresql://db.example:5433/investment?sslmode=disable",
                new Stack(custom).postgres().jdbcUrl("investment"));
        assertThrows(IllegalArgumentException.class,
                () -> StackConfig.fromEnvironment(root, Map.of("PARTITIONS", "many")::get));
        IllegalArgumentException badUrl = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.fromEnvironment(root, Map.of("DB_URL", "postgres://x")::get));
        assertEquals("DB_URL: Not a jdbc:postgresql://host[:port][,host2...]/database[?parameters] URL: postgres://x",
                badUrl.getMessage());
    }

    @Test
    void kubernetesServiceLinkVariablesAreNotTakenForPortSettings() {
        // what the kubelet gives a pod with service links in namespace dealstream: the kafka and postgres Services'
        Map<String, String> links = Map.of("KAFKA_PORT", "tcp://10.96.120.7:9092", "KAFKA_SERVICE_HOST", "10.96.120.7",
                "KAFKA_PORT_9092_TCP", "tcp://10.96.120.7:9092", "POSTGRES_PORT", "tcp://10.96.14.2:5432",
                "KUBERNETES_PORT", "tcp://10.96.0.1:443", "COMPUTE_PORT", "udp://10.96.3.3:8082");
        StackConfig config = StackConfig.fromEnvironment(Path.of("/project"), links::get);
        assertEquals("127.0.0.1:9092", config.kafkaBootstrap());
        assertEquals(8082, config.port(Service.COMPUTE));
        IllegalArgumentException notAPort = assertThrows(IllegalArgumentException.class,
                () -> StackConfig.fromEnvironment(Path.of("/project"), Map.of("KAFKA_PORT", "tcp:9092")::get));
        assertEquals("KAFKA_PORT=tcp:9092 is not a number", notAPort.getMessage());
    }

    @Test
    void theServicesGetTheirSettingsFromTheEnvironment(@TempDir Path root) throws Exception {
        StackConfig config = StackConfig.fromEnvironment(root, name -> null);
        Map<String, String> env = new Stack(config).serviceEnvironment(Service.DISTRIBUTION);
        Path password = root.resolve(".local/kafka/distribution-service");
        assertEquals(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:55432/distribution", "DB_USER", "distribution",
                "DB_PASSWORD", "distribution", "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
                "KAFKA_SASL_USERNAME", "distribution-service", "KAFKA_SASL_PASSWORD",
                Files.readString(password).strip(), "QUARKUS_HTTP_PORT", "8083",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", root.resolve(".local/jwt/publicKey.pem").toString(),
                "MALLOC_ARENA_MAX", "2"), env);
        assertEquals(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1"), config.serviceJvmOptions());
        assertEquals(Path.of("/project/compute-service/target/quarkus-app/quarkus-run.jar"),
                Service.COMPUTE.runJar(Path.of("/project")));
    }

    @Test
    void eachKafkaUsersPasswordIsMadeOnceReadableByItsOwnerOnlyAndReused(@TempDir Path root) throws Exception {
        Stack stack = new Stack(StackConfig.fromEnvironment(root, name -> null));
        Map<String, String> first = stack.kafka().passwords();
        Path kafka = root.resolve(".local/kafka");

        assertEquals(List.of("dealstream-admin", "investment-service", "compute-service", "distribution-service",
                "dealstream-reader"), List.copyOf(first.keySet()));
        assertEquals(5, Set.copyOf(first.values()).size(), "a password of its own for each user");
        for (String user : first.keySet()) {
            assertEquals(first.get(user) + "\n", Files.readString(kafka.resolve(user)));
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(kafka.resolve(user))));
        }
        assertEquals(first, new Stack(StackConfig.fromEnvironment(root, name -> null)).kafka().passwords());
        // the console reads as the reader
        Map<String, String> console = stack.consoleEnvironment();
        assertEquals(List.of("dealstream-reader", first.get("dealstream-reader")),
                List.of(console.get("KAFKA_SASL_USERNAME"), console.get("KAFKA_SASL_PASSWORD")));
    }

    @Test
    void theKeyPairIsInTheStackHomeUnlessJwtDirNamesAnotherFolder() {
        Path root = Path.of("/project");
        assertEquals(Path.of("/project/.local/jwt"), StackConfig.fromEnvironment(root, name -> null).jwtDir());
        assertEquals(Path.of("/srv/stack/jwt"),
                StackConfig.fromEnvironment(root, Map.of("STACK_HOME", "/srv/stack")::get).jwtDir());
        StackConfig shared = StackConfig.fromEnvironment(root, Map.of("JWT_DIR", "/srv/keys")::get);
        assertEquals(Path.of("/srv/keys"), shared.jwtDir());
        assertEquals("/srv/keys/publicKey.pem",
                new Stack(shared).serviceEnvironment(Service.INVESTMENT).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
    }

    @Test
    void theStacksIssuerMakesTheKeyPairItsServicesAreToldToVerifyWith(@TempDir Path home) throws Exception {
        Stack stack = new Stack(StackConfig.builder(home, home).build());
        Path publicKey = Path.of(stack.serviceEnvironment(Service.COMPUTE).get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        assertFalse(Files.exists(publicKey), "no key pair before one is needed");
        String token = stack.issuer().admin();
        assertEquals(home.resolve("jwt").resolve("publicKey.pem"), publicKey);
        String[] parts = token.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
                .decode(Files.readString(publicKey).replaceAll("-----[A-Z ]+-----", "")))));
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])), "signed with the pair's private key");
    }

    @Test
    void aMappedFileIsFoundInProcMapsByItsWholePath() {
        String maps = """
                800000000-800e3c000 rw-p 00001000 00:2a 42  /usr/lib/jvm/java-17/lib/server/classes.jsa
                800e3c000-802f0e000 r--p 00e3d000 00:2b 77  /srv/compute-service/target/quarkus-app/app.aot
                7f0c4c000000-7f0c4c021000 rw-p 00000000 00:00 0
                """;
        assertTrue(ServiceNode.maps(maps, Path.of("/srv/compute-service/target/quarkus-app/app.aot")));
        assertFalse(ServiceNode.maps(maps, Path.of("/srv/investment-service/target/quarkus-app/app.aot")));
        assertFalse(ServiceNode.maps(maps, Path.of("/quarkus-app/app.aot")), "a suffix of a path is not the path");
    }

    @Test
    void anEventIsOneReadableLine() {
        TrancheSnapshot funded = new TrancheSnapshot("amazon-t1", "openai-2026", "Amazon",
                new BigDecimal("15000000000.00"), new BigDecimal("50000000000.00"), TrancheKind.IMMEDIATE,
                TrancheState.FUNDED, "Series C Preferred",
                LocalDate.parse("2026-03-31"), null, null, new BigDecimal("15000000000.00"),
                LocalDate.parse("2026-03-15"), null, 2);
        CloudEvent ce = CloudEvent.create(TrancheEventType.FUNDED, "/investment-service", "amazon-t1",
                OffsetDateTime.parse("2026-03-15T10:00:00.123456Z"), EventJson.write(funded));
        TopicEvent event = TopicEvent.of(record(Topics.TRANCHE_EVENTS, ce));
        assertNull(event.error());
        assertEquals(2, event.version());
        assertEquals("2026-03-15T10:00:00.123Z  investment.tranche-events   investment.tranche.funded.v1        "
                + "amazon-t1                   FUNDED $15B (Amazon, openai-2026) funded $15B on 2026-03-15  v2",
                event.line());

        CapacitySnapshot capacity = new CapacitySnapshot("aws-2026-02-expansion", new BigDecimal("2.000"),
                new BigDecimal("0.600"), new BigDecimal("0.000"), new BigDecimal("1.400"), List.of(), ce.id(), 1);
        CloudEvent released = CloudEvent.create(CapacityEventType.RELEASED, "/compute-service",
                "aws-2026-02-expansion", OffsetDateTime.now(), EventJson.write(capacity));
        assertTrue(TopicEvent.of(record(Topics.CAPACITY_EVENTS, released)).figures()
                .startsWith("released 0.600 GW, lapsed 0.000 GW, pending 1.400 GW of 2.000 GW  v1"));

        RoundSnapshot round = new RoundSnapshot("openai-2026", "OpenAI 2026 funding round",
                new BigDecimal("112500000000.00"), new BigDecimal("730000000000.00"), LocalDate.parse("2026-02-26"),
                List.of(new RoundCommitment("Amazon", new BigDecimal("50000000000.00")),
                        new RoundCommitment("SoftBank", new BigDecimal("30000000000.00")),
                        new RoundCommitment("Nvidia", new BigDecimal("30000000000.00")),
                        new RoundCommitment("Thrive Capital", new BigDecimal("2500000000.00"))));
        CloudEvent opened = CloudEvent.create(RoundEventType.OPENED, "/investment-service", "openai-2026",
                OffsetDateTime.parse("2026-02-26T08:00:00Z"), EventJson.write(round));
        TopicEvent opening = TopicEvent.of(record(Topics.TRANCHE_EVENTS, opened));
        assertNull(opening.error());
        assertEquals(-1, opening.version(), "a round has no versions");
        assertEquals("2026-02-26T08:00:00Z  investment.tranche-events   investment.round.opened.v1          "
                + "openai-2026                 OPENED $112.5B at $730B pre-money on 2026-02-26, 4 investors: Amazon $50B,"
                + " SoftBank $30B, Nvidia $30B, ... (1 more)", opening.line());

        ConsumerRecord<String, String> notAnEvent = new ConsumerRecord<>(Topics.TRANCHE_EVENTS, 0, 7, "k", "{}");
        TopicEvent unreadable = TopicEvent.of(notAnEvent);
        assertTrue(unreadable.figures().startsWith("(not a readable event: not a CloudEvent"), unreadable.figures());
    }

    @Test
    void moneyInWords() {
        assertEquals("$15B", TopicEvent.money(new BigDecimal("15000000000.00")));
        assertEquals("$1.5B", TopicEvent.money(new BigDecimal("1500000000")));
        assertEquals("$15M", TopicEvent.money(new BigDecimal("15000000.00")));
        assertEquals("$2.5M", TopicEvent.money(new BigDecimal("2500000.25")));
        assertEquals("$0", TopicEvent.money(BigDecimal.ZERO));
        assertEquals("$1,234.50", TopicEvent.money(new BigDecimal("1234.5")));
    }

    @Test
    void aStalePidFileNeverStopsAnotherProcess(@TempDir Path home) throws Exception {
        Proc proc = new Proc("kafka", home);
        Files.createDirectories(proc.pidFile().getParent());
        // this very JVM: alive, but without the stack's markers
        Files.writeString(proc.pidFile(), Long.toString(ProcessHandle.current().pid()));
        assertTrue(proc.running().isEmpty());
        assertTrue(proc.isStale());
        assertEquals(Proc.Stopped.NOT_RUNNING, proc.stop(Duration.ofSeconds(1)));
        assertFalse(Files.exists(proc.pidFile()));
    }

    @Test
    void aStartedProcessIsRecognisedStoppedAndKilled(@TempDir Path home) {
        Proc proc = new Proc("sleeper", home);
        List<String> main = List.of("-cp", System.getProperty("java.class.path"), Sleeper.class.getName());
        ProcessHandle h = proc.start(List.of("-Xmx32m"), main, Map.of(), home, false);
        assertEquals(h.pid(), proc.running().orElseThrow().pid());
        assertEquals(Proc.Stopped.GRACEFULLY, proc.stop(Duration.ofSeconds(20)));
        assertFalse(h.isAlive());

        proc.start(List.of("-Xmx32m", "-Dsleeper.ignore-term=true"), main, Map.of(), home, false);
        // a SIGTERM before the JVM has its shutdown hook would end it at once (the first run's "sleeper ready" may
        // still be in the log: this run says more)
        assertTrue(Waits.until(Duration.ofSeconds(20), Duration.ofMillis(100),
                () -> proc.logTail(5).contains("sleeper ready, ignoring SIGTERM")));
        assertEquals(Proc.Stopped.KILLED, proc.stop(Duration.ofSeconds(2)));
        assertTrue(proc.running().isEmpty());
        assertTrue(Files.exists(proc.logFile()));
    }

    /** A child JVM for the process tests: waits; with -Dsleeper.ignore-term=true a SIGTERM does not end it. */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            boolean ignoreTerm = Boolean.getBoolean("sleeper.ignore-term");
            if (ignoreTerm) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // killed
                    }
                }));
            }
            System.out.println(ignoreTerm ? "sleeper ready, ignoring SIGTERM" : "sleeper ready");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    private static ConsumerRecord<String, String> record(String topic, CloudEvent ce) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>(topic, 1, 42, ce.subject(), ce.data());
        ce.headers().forEach((k, v) -> r.headers().add(new RecordHeader(k, v)));
        return r;
    }
}
