package io.dealstream.launch;

import io.dealstream.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * One Apache Kafka broker in KRaft mode (broker and controller in one process), run from the Maven Central jars:
 * {@code kafka.Kafka} with a generated server.properties, its storage formatted first by Kafka's own storage tool
 * ({@code kafka.tools.StorageTool format}). Data in {@code <home>/kafka/data}; the same folder, ports and cluster id
 * after a restart.
 */
public final class KafkaNode {

    /** The three topics of the contract, created with explicit partitions. */
    public static final List<String> TOPICS = List.of(Topics.TRANCHE_EVENTS, Topics.CAPACITY_EVENTS,
            Topics.RIGHTS_EVENTS);

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
        p.put("listeners", "PLAINTEXT://" + StackConfig.HOST + ":" + port + ",CONTROLLER://" + StackConfig.HOST + ":"
                + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + StackConfig.HOST + ":" + port);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", Integer.toString(partitions));
        // the services' dead-letter topics appear on first use
        p.put("auto.create.topics.enable", "true");
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
        command.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties.toString()));
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
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
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

    /** Creates the contract's topics that are missing, with {@code partitions} partitions and one replica. */
    public void ensureTopics(java.io.PrintStream out) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
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
            Map<String, TopicDescription> descriptions = admin.describeTopics(TOPICS).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
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

    Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-stack-admin");
        return Admin.create(p);
    }
}
