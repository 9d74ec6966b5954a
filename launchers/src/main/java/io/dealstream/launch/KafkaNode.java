package io.dealstream.launch;

import io.dealstream.testsupport.KafkaAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * One Apache Kafka broker in KRaft mode (broker and controller in one process), run from the Maven Central jars:
 * {@code kafka.Kafka} with a generated server.properties, its storage formatted first by Kafka's own storage tool
 * ({@code kafka.tools.StorageTool format}). Data in {@code <home>/kafka/data}; the same folder, ports and cluster id
 * after a restart.
 *
 * <p>It asks for SASL/SCRAM-SHA-512 and authorizes with the ACLs of {@link KafkaAccess}: the users' passwords are
 * made on first start into {@code <home>/kafka/<user>} (mode 600) and reused after; the admin's SCRAM login is made at
 * format time, the others and the ACLs at every start, and the topics by the admin (the services may create none).
 */
public final class KafkaNode {

    /** The topics of the contract and the dead letters, created with explicit partitions. */
    public static final List<String> TOPICS = KafkaAccess.TOPICS;

    private final Proc proc;
    private final Path dir;
    private final Path dataDir;
    private final Path properties;
    private final int port;
    private final int controllerPort;
    private final int partitions;

    KafkaNode(Path home, int port, int controllerPort, int partitions) {
        this.proc = new Proc("kafka", home);
        this.dir = home.resolve("kafka").toAbsolutePath();
        this.dataDir = dir.resolve("data");
        this.properties = dir.resolve("server.properties");
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    public Proc process() {
        return proc;
    }

    public String bootstrapServers() {
        return StackConfig.HOST + ":" + port;
    }

    /**
     * Where {@code user} (one of {@link KafkaAccess#USERS}) reaches this broker, logged in with its password (made
     * here if there is none yet).
     */
    public KafkaEndpoint client(String user) {
        return new KafkaEndpoint(bootstrapServers(), Optional.of(KafkaAccess.login(passwords(), user)));
    }

    /** The users' passwords, one file each in {@code <home>/kafka}: made once, then reused. */
    public Map<String, String> passwords() {
        return KafkaAccess.passwordsIn(dir);
    }

    public Optional<ProcessHandle> running() {
        return proc.running();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Formats the storage on first start, starts the broker if it is not running, waits for it, creates topics. */
    public void start(Duration timeout, boolean detached, List<String> jvmOptions, List<String> classpathArgs,
            java.io.PrintStream out) {
        if (proc.running().isEmpty()) {
            for (int p : List.of(port, controllerPort)) {
                if (Ports.answers(StackConfig.HOST, p)) {
                    throw new IllegalStateException("port " + p + " is taken by another process; set KAFKA_PORT / "
                            + "KAFKA_CONTROLLER_PORT to free ports");
                }
            }
            writeProperties();
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                format(classpathArgs, out);
            }
            List<String> jvm = new ArrayList<>(jvmOptions);
            jvm.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                    // the broker logs every config it reads at INFO: thousands of lines
                    "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaConfig=warn",
                    "-Djava.awt.headless=true"));
            List<String> main = new ArrayList<>(classpathArgs);
            main.add("kafka.Kafka");
            main.add(properties.toString());
            proc.start(jvm, main, Map.of(), dir, detached);
        }
        awaitReady(timeout);
        try (Admin admin = admin()) {
            KafkaAccess.grant(admin, passwords());
        }
        ensureTopics(out);
    }

    public Proc.Stopped stop(Duration grace) {
        return proc.stop(grace);
    }

    public boolean kill() {
        return proc.kill();
    }

    private void writeProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + StackConfig.HOST + ":" + controllerPort);
        p.put("listeners", KafkaAccess.CLIENT_LISTENER + "://" + StackConfig.HOST + ":" + port + ","
                + KafkaAccess.CONTROLLER_LISTENER + "://" + StackConfig.HOST + ":" + controllerPort);
        p.put("advertised.listeners", KafkaAccess.CLIENT_LISTENER + "://" + StackConfig.HOST + ":" + port);
        p.putAll(KafkaAccess.brokerSettings(passwords().get(KafkaAccess.ADMIN)));
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", Integer.toString(partitions));
        // every topic is made here, by the admin
        p.put("auto.create.topics.enable", "false");
        // one broker: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        // consumers get their partitions at once instead of after 3 s
        p.put("group.initial.rebalance.delay.ms", "0");
        // a stop leaves the cluster properly, so that the next start registers at once
        p.put("controlled.shutdown.enable", "true");
        StringBuilder text = new StringBuilder("# generated by local-stack (KafkaNode); rewritten at every start\n");
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.createDirectories(dataDir);
            // it holds the admin's password
            Files.deleteIfExists(properties);
            Files.createFile(properties, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(properties, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kafka.tools.StorageTool format -t <new cluster id> -c server.properties}, in a JVM of its own. */
    private void format(List<String> classpathArgs, java.io.PrintStream out) {
        String clusterId = Uuid.randomUuid().toString();
        out.println("  formatting Kafka storage in " + dataDir + " (cluster id " + clusterId + ")");
        List<String> command = new ArrayList<>();
        command.add(Proc.javaBinary());
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.addAll(classpathArgs);
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString(),
                "--add-scram", KafkaAccess.adminScramAtFormat(passwords().get(KafkaAccess.ADMIN))));
        try {
            Files.createDirectories(proc.logFile().getParent());
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(proc.logFile().toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage took over 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka storage failed; " + proc.logFile() + " ends with:\n"
                        + proc.logTail(20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the broker answers metadata requests (fails early if its process ends). */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (proc.running().isEmpty()) {
                    throw new IllegalStateException("the Kafka broker ended; " + proc.logFile() + " ends with:\n"
                            + proc.logTail(30));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof SaslAuthenticationException) {
                        throw new IllegalStateException("the Kafka broker in " + dir + " does not know the admin's "
                                + "password in " + dir.resolve(KafkaAccess.ADMIN) + " (data from before the broker "
                                + "asked for logins, or a password file made anew): make reset starts it afresh", e);
                    }
                    // not yet
                } catch (java.util.concurrent.TimeoutException e) {
                    // not yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers() + " was not ready within "
                            + timeout.toSeconds() + " s; see " + proc.logFile());
                }
                Waits.sleep(300);
            }
        }
    }

    /**
     * Creates the contract's topics that are missing, with {@code partitions} partitions and one replica (the tranche
     * topic kept for ever: {@link KafkaAccess#TOPIC_SETTINGS}).
     */
    public void ensureTopics(java.io.PrintStream out) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)
                            .configs(KafkaAccess.TOPIC_SETTINGS.getOrDefault(t, Map.of())))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                out.println("  created topics " + missing.stream().map(NewTopic::name).toList() + " with " + partitions
                        + " partitions each");
            }
            Map<String, TopicDescription> descriptions = describeTopics(admin);
            descriptions.values().stream().filter(d -> d.partitions().size() != partitions)
                    .forEach(d -> out.println("  note: topic " + d.name() + " already exists with "
                            + d.partitions().size() + " partitions (PARTITIONS=" + partitions
                            + " applies to new topics; make reset starts afresh)"));
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create the topics on " + bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The contract's topics as the broker describes them. A broker under load may not yet know a topic it has just
     * created ({@code UnknownTopicOrPartitionException}, which Kafka calls retriable): ask again for up to 30 s.
     */
    private static Map<String, TopicDescription> describeTopics(Admin admin)
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Waits.sleep(200);
            }
        }
    }

    /** An admin client logged in as {@link KafkaAccess#ADMIN}. */
    public Admin admin() {
        Properties p = client(KafkaAccess.ADMIN).properties("local-stack-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }
}
