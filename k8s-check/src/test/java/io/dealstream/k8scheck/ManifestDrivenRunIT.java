package io.dealstream.k8scheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.localstack.ClassPath;
import io.dealstream.localstack.Demo;
import io.dealstream.localstack.KafkaNode;
import io.dealstream.localstack.Ports;
import io.dealstream.localstack.PostgresNode;
import io.dealstream.localstack.Service;
import io.dealstream.localstack.ServiceNode;
import io.dealstream.localstack.Stack;
import io.dealstream.localstack.StackConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * The configuration the cluster gets, run here: the three packaged services started with exactly the environment the
 * kind overlay's Deployments give them (ConfigMap and Secret references resolved, nothing inherited), their in-cluster
 * host names ({@code kafka}, {@code postgres}) mapped to 127.0.0.1 through the JVM's hosts file, against a local
 * Kafka broker with the topics the Job creates and PostgreSQL with the databases, logins and passwords the init script
 * creates, on the manifests' ports. They must pass the demo journey, and answer their probes.
 */
class ManifestDrivenRunIT {

    private static final String MARKER = "made by the k8s-check manifest-driven run, dropped after it";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theServicesConfiguredAsTheManifestsSayPassTheDealJourney() throws Exception {
        Rendered r = Rendered.of(Kustomize.variant("kind"));
        Path root = Kustomize.root();
        Path home = root.resolve("k8s-check/target/stack");

        // what the Deployments give each service, and where they expect Kafka and PostgreSQL
        Map<Service, Map<String, String>> env = new LinkedHashMap<>();
        Map<Service, Container> containers = new LinkedHashMap<>();
        Set<String> hosts = new TreeSet<>();
        int kafkaPort = -1;
        int pgPort = -1;
        for (Service s : Service.values()) {
            Container c = r.appContainer(r.get(Deployment.class, s.module()));
            Map<String, String> e = r.environment(c);
            containers.put(s, c);
            env.put(s, e);
            URI db = URI.create(e.get("DB_URL").substring("jdbc:".length()));
            hosts.add(db.getHost());
            pgPort = db.getPort();
            for (String server : e.get("KAFKA_BOOTSTRAP_SERVERS").split(",")) {
                String[] hp = server.trim().split(":");
                hosts.add(hp[0]);
                kafkaPort = Integer.parseInt(hp[1]);
            }
        }
        Map<String, String> job = r.environment(r.get(Job.class, "kafka-topics").getSpec().getTemplate().getSpec()
                .getContainers().get(0));
        Set<String> jobTopics = new TreeSet<>(Arrays.asList(job.get("TOPICS").trim().split("\\s+")));
        assertEquals(jobTopics, new TreeSet<>(KafkaNode.TOPICS), "the topics the local broker gets are the Job's");
        int partitions = Integer.parseInt(job.get("PARTITIONS"));

        // -Ddealstream.postgres: the server on 127.0.0.1 at the manifests' port, or an embedded one there
        PostgresNode.Settings pg = PostgresNode.Settings.fromSystemProperties(
                "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", pgPort, pgPort);
        List<String> busy = new ArrayList<>();
        Map<Integer, String> needed = new LinkedHashMap<>();
        needed.put(kafkaPort, "Kafka");
        if (pg.embedded()) {
            needed.put(pgPort, "PostgreSQL (embedded)");
        }
        for (Service s : Service.values()) {
            needed.put(ServiceSettings.of(s.module()).httpPort(env.get(s)), s.module());
        }
        needed.forEach((port, what) -> {
            if (Ports.answers(StackConfig.HOST, port)) {
                busy.add(port + " (" + what + ")");
            }
        });
        assertTrue(busy.isEmpty(), "this run uses the manifests' ports, and these are taken: " + busy
                + ". Stop what listens there (make down, make kind-down, a compose stack...) and run again.");

        Path hostsFile = home.resolve("hosts");
        StringBuilder h = new StringBuilder("127.0.0.1 localhost " + String.join(" ", hosts));
        String self = InetAddress.getLocalHost().getHostName();
        h.append(' ').append(self).append('\n');
        Kustomize.write(hostsFile, h.toString());

        StackConfig.Builder b = StackConfig.builder(root, home).kafkaPort(kafkaPort).kafkaControllerPort(Ports.free())
                .partitions(partitions).postgres(pg).detached(false).readyTimeout(Duration.ofSeconds(300));
        for (Service s : Service.values()) {
            b.port(s, ServiceSettings.of(s.module()).httpPort(env.get(s)));
        }
        new Stack(StackConfig.builder(root, home).build()).killAll(); // what a killed earlier run left
        Stack stack = new Stack(b.build());
        Thread killer = new Thread(stack::killAll, "k8s-check-run-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        List<String[]> logins = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            System.out.println("manifest-driven run: " + pg.describe() + "; Kafka on " + kafkaPort + "; hosts "
                    + hosts + " -> 127.0.0.1");
            stack.postgres().start(Duration.ofSeconds(120), false, ClassPath.childArgs());
            for (Service s : Service.values()) {
                Map<String, String> e = env.get(s);
                String db = URI.create(e.get("DB_URL").substring("jdbc:".length())).getPath().substring(1);
                createFresh(pg, db, e.get("DB_USER"), e.get("DB_PASSWORD"));
                logins.add(new String[] {db, e.get("DB_USER")});
            }
            stack.kafka().start(Duration.ofSeconds(120), false, List.of("-Xms128m", "-Xmx512m"), ClassPath.childArgs(),
                    System.out);
            assertTopics(stack.kafka().bootstrapServers(), jobTopics, partitions);

            for (Service s : Service.values()) {
                Map<String, String> e = env.get(s);
                String javaOpts = e.containsKey("JAVA_OPTS") ? e.get("JAVA_OPTS") : ConsistencyTest.imageJavaOpts(s.module());
                // the image's entrypoint: java -XX:SharedArchiveFile=app-cds.jsa $JAVA_OPTS $JAVA_OPTS_APPEND -jar quarkus-run.jar
                // in its folder, which ServiceNode.start does
                List<String> jvm = new ArrayList<>(List.of("-Djdk.net.hosts.file=" + hostsFile));
                jvm.addAll(tokens(javaOpts));
                jvm.addAll(tokens(e.getOrDefault("JAVA_OPTS_APPEND", "")));
                System.out.println("starting " + s.module() + " with " + new TreeSet<>(e.keySet()) + " and " + jvm);
                stack.service(s).start(e, jvm, false, false);
            }
            stack.awaitServicesReady(System.out);
            System.out.printf("manifest-driven run: all three ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            for (Service s : Service.values()) {
                ServiceNode node = stack.service(s);
                Container c = containers.get(s);
                for (Probe p : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
                    String path = p.getHttpGet().getPath();
                    int status = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + path)).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    assertEquals(200, status, s.module() + " answers its probe " + path);
                }
                String[] login = logins.get(s.ordinal());
                assertTrue(sessions(pg, login[0], login[1]) > 0, s.module() + " is connected to database " + login[0]
                        + " as " + login[1] + ", as the manifests say");
            }

            ByteArrayOutputStream demoOut = new ByteArrayOutputStream();
            PrintStream tee = new PrintStream(new TeeStream(System.out, demoOut), true, StandardCharsets.UTF_8);
            int exit = new Demo(stack.service(Service.INVESTMENT).url(), stack.service(Service.COMPUTE).url(),
                    stack.service(Service.DISTRIBUTION).url(), stack.kafka().bootstrapServers(), Duration.ofSeconds(30),
                    tee).run();
            assertEquals(Demo.OK, exit, "the demo journey on the manifest-configured services");
            // each service published through the Kafka the manifests point it at: the demo shows events of every topic
            List<String> eventLines = demoOut.toString(StandardCharsets.UTF_8).lines()
                    .filter(l -> l.matches("\\s{4}\\d{4}-\\d{2}-\\d{2}T.*")).toList();
            for (String topic : jobTopics) {
                assertTrue(eventLines.stream().anyMatch(l -> l.contains("  " + topic + " ")), "no event on " + topic
                        + " in the demo's output: " + eventLines);
            }
            System.out.printf("manifest-driven run: passed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        } finally {
            try {
                stack.down(System.out);
            } finally {
                stack.killAll();
                for (String[] login : logins) {
                    try {
                        dropIfOurs(pg, login[0], login[1]);
                    } catch (RuntimeException e) {
                        System.out.println("could not drop " + login[0] + ": " + e.getMessage());
                    }
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
            }
        }
    }

    /**
     * Creates the database and login afresh, marked as ours. One that exists already is only replaced when an earlier
     * run of this test left it (it carries the mark); anyone else's fails the run instead of being touched.
     */
    private static void createFresh(PostgresNode.Settings pg, String db, String user, String password) throws SQLException {
        try (Connection c = admin(pg)) {
            String dbMark = one(c, "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
                    + "WHERE datname = ?", db);
            String roleMark = one(c, "SELECT coalesce(shobj_description(oid, 'pg_authid'), '') FROM pg_roles "
                    + "WHERE rolname = ?", user);
            for (String[] found : List.of(new String[] {"database", db, dbMark}, new String[] {"login", user, roleMark})) {
                assertTrue(found[2] == null || found[2].equals(MARKER), "a " + found[0] + " named " + found[1]
                        + " exists on " + pg.describe() + " and was not made by this test; the manifests need that "
                        + "name: drop it (if it is a leftover of make up) or run with -Ddealstream.postgres=embedded on "
                        + "a machine where port 5432 is free");
            }
        }
        dropIfOurs(pg, db, user);
        try (Connection c = admin(pg); Statement st = c.createStatement()) {
            // the login and its mark in one transaction (CREATE DATABASE cannot be in one)
            c.setAutoCommit(false);
            st.execute("CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            st.execute("COMMENT ON ROLE \"" + user + "\" IS '" + MARKER + "'");
            c.commit();
            c.setAutoCommit(true);
            st.execute("CREATE DATABASE \"" + db + "\" OWNER \"" + user + "\"");
            st.execute("COMMENT ON DATABASE \"" + db + "\" IS '" + MARKER + "'");
        }
        System.out.println("  created database " + db + " and login " + user + " (the manifests' password)");
    }

    private static void dropIfOurs(PostgresNode.Settings pg, String db, String user) {
        try (Connection c = admin(pg); Statement st = c.createStatement()) {
            if (MARKER.equals(one(c, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?", db))) {
                st.execute("DROP DATABASE \"" + db + "\" WITH (FORCE)");
            }
            if (MARKER.equals(one(c, "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?", user))) {
                st.execute("DROP ROLE \"" + user + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dropping " + db + "/" + user + ": " + e.getMessage(), e);
        }
    }

    private static int sessions(PostgresNode.Settings pg, String db, String user) throws SQLException {
        try (Connection c = admin(pg);
                PreparedStatement st = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND usename = ?")) {
            st.setString(1, db);
            st.setString(2, user);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Connection admin(PostgresNode.Settings pg) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        if (!pg.password().isEmpty()) {
            p.setProperty("password", pg.password());
        }
        return DriverManager.getConnection(pg.adminUrl(), p);
    }

    /** The single value the query yields, or null when it yields no row. */
    private static String one(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void assertTopics(String bootstrap, Set<String> topics, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            d.values().forEach(t -> assertEquals(partitions, t.partitions().size(), t.name() + "'s partitions"));
        }
    }

    private static List<String> tokens(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** Writes to two streams: the console and a buffer to check. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
