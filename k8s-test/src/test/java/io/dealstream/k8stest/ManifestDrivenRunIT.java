package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Topics;
import io.dealstream.launch.ClassPath;
import io.dealstream.launch.Demo;
import io.dealstream.launch.KafkaNode;
import io.dealstream.launch.Ports;
import io.dealstream.launch.PostgresNode;
import io.dealstream.launch.Service;
import io.dealstream.launch.ServiceNode;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import io.dealstream.testsupport.LocalIssuer;
import io.dealstream.testsupport.PostgresChoice;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
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

    private static final String MARKER = "made by the k8s-test manifest-driven run, dropped after it";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theServicesConfiguredAsTheManifestsSayPassTheDealJourney() throws Exception {
        Path root = Kustomize.root();
        Path home = root.resolve("k8s-test/target/stack");
        // make kind-up under the stubs, local-stack's keys and token the real ones: the cluster gets Secret
        // dealstream-jwt from the sandbox's key pair, and kind-demo signs its tokens with that pair's private key
        ScriptSandbox kind = new ScriptSandbox("manifest-run-kind");
        kind.env.put("STUB_REAL_JAVA", ProcessHandle.current().info().command().orElse("java"));
        kind.env.put("STUB_REAL_STACK_JAR", root.resolve("local-stack/target/local-stack.jar").toString());
        ScriptSandbox.Run up = kind.make("kind-up");
        assertEquals(0, up.exit(), up::toString);
        List<HasMetadata> secrets = kind.applied().stream().map(Model::parse)
                .filter(docs -> docs.stream().allMatch(Secret.class::isInstance)).flatMap(List::stream).toList();
        assertEquals(1 + KafkaContract.USERS.size(), secrets.size(),
                "kind-up applied Secret dealstream-jwt and one Secret a Kafka user: " + up);
        Rendered r = Rendered.of(Kustomize.variant("kind")).with(secrets);
        Path keys = kind.root.resolve(".local/jwt");

        // what the Deployments give each service, and where they expect Kafka and PostgreSQL
        Map<Service, Map<String, String>> env = new LinkedHashMap<>();
        Map<Service, Container> containers = new LinkedHashMap<>();
        Set<String> hosts = new TreeSet<>();
        int kafkaPort = -1;
        int pgPort = -1;
        for (Service s : Service.values()) {
            Deployment d = r.get(Deployment.class, s.module());
            Container c = r.appContainer(d);
            // the Secret's key where the mount path stands for on this machine, and the env pointed there
            Map<String, Path> mounts = Kubelet.mounts(r, d.getSpec().getTemplate().getSpec(), c,
                    home.resolve("pods").resolve(s.module()));
            Map<String, String> e = Kubelet.onThisMachine(Kubelet.environment(r, d.getSpec().getTemplate().getSpec(), c,
                    s.module() + "-7c9f8d6b5-x2k4q"), mounts);
            assertEquals(Files.readString(keys.resolve("publicKey.pem")),
                    Files.readString(Path.of(e.get(ConsistencyTest.PUBLIC_KEY_LOCATION))),
                    s.module() + " finds the public key of the sandbox's pair where its env points");
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
        Set<String> jobTopics = ConsistencyTest.setupTopics(r);
        assertTrue(jobTopics.containsAll(KafkaNode.TOPICS), "the topics the local broker gets are the Job's: " + jobTopics);
        int partitions = Integer.parseInt(job.get("PARTITIONS"));

        // -Ddealstream.postgres: the server on 127.0.0.1 at the manifests' port, or an embedded one there
        PostgresNode.Settings pg = PostgresNode.Settings.chosen(
                PostgresChoice.fromSystemProperties("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres"), pgPort);
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

        // the tools pod reaches the services by their Services' names
        for (Service s : Service.values()) {
            hosts.add(s.module());
        }
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
        // the broker's users get the passwords kind-up put into the Secrets (the sandbox's .local/kafka): a broker
        // formatted afresh, since the admin's password is written into its storage
        Path passwords = home.resolve("kafka");
        ScriptSandbox.delete(passwords);
        Files.createDirectories(passwords);
        for (String user : KafkaContract.USERS) {
            Files.copy(kind.root.resolve(".local/kafka").resolve(user), passwords.resolve(user));
        }
        Stack stack = new Stack(b.build());
        Thread killer = new Thread(stack::killAll, "k8s-test-run-killer");
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
                assertFreeOrOurs(pg, db, e.get("DB_USER"));
                dropIfOurs(pg, db, e.get("DB_USER"));
                logins.add(new String[] {db, e.get("DB_USER")});
            }
            try {
                runPostgresInitScripts(r, pg, home);
            } finally {
                for (String[] login : logins) {
                    mark(pg, login[0], login[1]);
                }
            }
            stack.kafka().start(Duration.ofSeconds(120), false, List.of("-Xms128m", "-Xmx512m"), ClassPath.childArgs(),
                    System.out);
            assertTopics(stack.kafka(), new TreeSet<>(KafkaNode.TOPICS), partitions);

            for (Service s : Service.values()) {
                Map<String, String> e = env.get(s);
                String javaOpts = e.containsKey("JAVA_OPTS") ? e.get("JAVA_OPTS") : ConsistencyTest.imageJavaOpts(s.module());
                // the image's entrypoint: java -XX:AOTCache=app.aot $JAVA_OPTS $JAVA_OPTS_APPEND -jar quarkus-run.jar
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

            // who may write: no token, or one of another key pair, is refused 401; a token of the deployed pair gets as far
            // as the investor check (SoftBank may not fund Amazon's tranche: 403); nothing is written
            String investment = stack.service(Service.INVESTMENT).url();
            String before = get(investment + "/tranches/amazon-t1");
            String funding = investment + "/tranches/amazon-t1/funding";
            String body = "{\"amount\": 15000000000, \"fundedOn\": \"2026-03-02\"}";
            assertRefused(401, "this needs a bearer token with role deal-admin or investor", post(funding, body, null),
                    "an anonymous write");
            assertRefused(401, "the bearer token is refused: its signature does not verify with the issuer's key; this "
                    + "needs a valid token with role deal-admin or investor",
                    post(funding, body, LocalIssuer.in(home.resolve("another-jwt")).admin()), "a token of another key pair");
            assertRefused(403, "tranche 'amazon-t1' is Amazon's: it needs role deal-admin or an investor token for Amazon,"
                    + " not for SoftBank", post(funding, body, LocalIssuer.in(keys).investor("SoftBank")),
                    "SoftBank's investor token on Amazon's tranche");
            assertEquals(before, get(investment + "/tranches/amazon-t1"), "amazon-t1 as it was");

            // make kind-watch's and kind-demo's pods as k8s/kind/kind.sh starts them (its kubectl run call, recorded
            // under stubs): the watch here with service links on too (the worst case: KAFKA_PORT=tcp://...), reading
            // the topics from the beginning while the demo walks through the deal
            KindPod watchPod = kindPod(kind, "watch", Map.of("FROM", "beginning"));
            assertEquals(r.configMapValue("kafka-client", "KAFKA_BOOTSTRAP_SERVERS"), watchPod.env().get("KAFKA"),
                    "kind-watch reads the broker the services use");
            Map<String, String> watchEnv = toolsPod(r, true, watchPod);
            assertTrue(watchEnv.get("KAFKA_PORT").startsWith("tcp://"), "the watch gets the kafka Service's links");
            Path watchLog = home.resolve("kind-watch.log");
            Process watch = tool("watch", watchEnv, hostsFile, home, watchLog);
            String demoOut;
            try {
                KindPod demoPod = kindPod(kind, "demo", Map.of("CONVERGE_SECONDS", "30"));
                assertEquals(Set.of("DEAL_ADMIN_TOKEN", "AMAZON_TOKEN", "SOFTBANK_TOKEN"), demoPod.env().keySet().stream()
                        .filter(k -> k.endsWith("_TOKEN")).collect(java.util.stream.Collectors.toSet()),
                        "kind-demo gives its pod the tokens it signed");
                Map<String, String> demoEnv = toolsPod(r, demoPod.serviceLinks(), demoPod);
                Path demoLog = home.resolve("kind-demo.log");
                Process demo = tool("demo", demoEnv, hostsFile, home, demoLog);
                assertTrue(demo.waitFor(5, TimeUnit.MINUTES), "the demo ended within 5 minutes");
                demoOut = java.nio.file.Files.readString(demoLog);
                System.out.println(demoOut);
                assertEquals(Demo.OK, demo.exitValue(), "the demo journey from the tools pod's environment");
                awaitLines(watchLog, "distribution.right.activated.v1", 2, Duration.ofSeconds(30));
                assertTrue(watch.isAlive(), "the watch streams on: " + java.nio.file.Files.readString(watchLog));
            } finally {
                watch.destroy();
                watch.waitFor(10, TimeUnit.SECONDS);
                watch.destroyForcibly();
            }
            String watched = java.nio.file.Files.readString(watchLog);
            assertFalse(watched.contains("ERROR"), "the watch ran with the service links: " + watched);
            for (String type : List.of("investment.tranche.funded.v1", "compute.capacity.released.v1")) {
                assertTrue(watched.contains(type), "the watch showed " + type + ": " + watched);
            }
            // each service published through the Kafka the manifests point it at: the demo shows events of every topic
            List<String> eventLines = demoOut.lines()
                    .filter(l -> l.matches("\\s{4}\\d{4}-\\d{2}-\\d{2}T.*")).toList();
            for (String topic : List.of(Topics.TRANCHE_EVENTS, Topics.CAPACITY_EVENTS, Topics.RIGHTS_EVENTS)) {
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

    /** A database or login of that name is only taken over when an earlier run of this test left it (its mark). */
    private static void assertFreeOrOurs(PostgresNode.Settings pg, String db, String user) throws SQLException {
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
    }

    /** Marks what the init script created as this test's, so that it is dropped afterwards. */
    private static void mark(PostgresNode.Settings pg, String db, String user) throws SQLException {
        try (Connection c = admin(pg); Statement st = c.createStatement()) {
            if (one(c, "SELECT datname FROM pg_database WHERE datname = ?", db) != null) {
                st.execute("COMMENT ON DATABASE \"" + db + "\" IS '" + MARKER + "'");
            }
            if (one(c, "SELECT rolname FROM pg_roles WHERE rolname = ?", user) != null) {
                st.execute("COMMENT ON ROLE \"" + user + "\" IS '" + MARKER + "'");
            }
        }
    }

    /**
     * Runs the scripts of ConfigMap postgres-init, as the postgres image's entrypoint does on a new volume: each with
     * the PostgreSQL container's environment (the kubelet's, plus the image's POSTGRES_USER default), psql reaching the
     * server through PGHOST/PGPORT instead of the entrypoint's socket.
     */
    private static void runPostgresInitScripts(Rendered r, PostgresNode.Settings pg, Path home) throws Exception {
        var sts = r.get(io.fabric8.kubernetes.api.model.apps.StatefulSet.class, "postgres");
        Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = Kubelet.environment(r, sts.getSpec().getTemplate().getSpec(), c, "postgres-0");
        env.putIfAbsent("POSTGRES_USER", "postgres");
        URI admin = URI.create(pg.adminUrl().substring("jdbc:".length()));
        env.put("PGHOST", admin.getHost());
        env.put("PGPORT", String.valueOf(admin.getPort()));
        env.put("PGPASSWORD", pg.password());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        assertEquals("postgres", pg.user(), "the init scripts connect as POSTGRES_USER, the image's postgres");
        for (Map.Entry<String, String> script : new java.util.TreeMap<>(r.configMap("postgres-init").getData())
                .entrySet()) {
            Path file = home.resolve("initdb").resolve(script.getKey());
            Kustomize.write(file, script.getValue());
            ProcessBuilder pb = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), script.getKey() + " ended");
            System.out.print("  postgres-init/" + script.getKey() + ": " + out);
            assertEquals(0, p.exitValue(), "postgres-init/" + script.getKey() + " (psql is needed): " + out);
        }
    }

    /** A pod of make kind-watch or kind-demo: its --env values and whether its overrides keep service links. */
    /**
     * What kind.sh gives the tools pod: {@code --env} values, the container's env of its {@code --overrides} (the
     * reader's login, its password from a Secret) and whether service links stay on.
     */
    record KindPod(Map<String, String> env, List<io.fabric8.kubernetes.api.model.EnvVar> overrideEnv,
            boolean serviceLinks) {
    }

    /** What {@code make kind-<command>} asks {@code kubectl run} for, in the sandbox of the kind-up above. */
    private static KindPod kindPod(ScriptSandbox sb, String command, Map<String, String> settings) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(sb.env);
        sb.env.putAll(settings);
        ScriptSandbox.Run run = sb.make("kind-" + command);
        sb.env.clear();
        sb.env.putAll(env);
        assertEquals(0, run.exit(), run::toString);
        String call = run.calls().stream().filter(c -> c.startsWith(KindScriptTest.KC + "run ")).findFirst()
                .orElseThrow(() -> new AssertionError("no kubectl run in " + run));
        Map<String, String> given = new LinkedHashMap<>();
        boolean links = true;
        List<io.fabric8.kubernetes.api.model.EnvVar> overrideEnv = new ArrayList<>();
        for (String token : call.substring(0, call.indexOf(" -- ")).split(" ")) {
            if (token.startsWith("--env=")) {
                String kv = token.substring("--env=".length());
                given.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            } else if (token.startsWith("--overrides=")) {
                com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                com.fasterxml.jackson.databind.JsonNode spec = json.readTree(token.substring("--overrides=".length()))
                        .path("spec");
                links = spec.path("enableServiceLinks").asBoolean(true);
                for (com.fasterxml.jackson.databind.JsonNode e : spec.path("containers").path(0).path("env")) {
                    overrideEnv.add(json.treeToValue(e, io.fabric8.kubernetes.api.model.EnvVar.class));
                }
            }
        }
        assertEquals(command, call.substring(call.indexOf(" -- ") + 4), "the pod runs local-stack's " + command);
        return new KindPod(given, overrideEnv, links);
    }

    /**
     * The environment of make kind-watch's and kind-demo's pod (k8s/kind/kind.sh: kubectl run with the tools image,
     * its --env values): the kubelet's, with or without the namespace's service links, plus the image's ENV.
     */
    private static Map<String, String> toolsPod(Rendered r, boolean serviceLinks, KindPod given) {
        io.fabric8.kubernetes.api.model.PodSpec pod = new io.fabric8.kubernetes.api.model.PodSpecBuilder()
                .withEnableServiceLinks(serviceLinks).build();
        Container c = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("tools").build();
        c.getEnv().addAll(given.overrideEnv());
        given.env().forEach((k, v) -> c.getEnv().add(new io.fabric8.kubernetes.api.model.EnvVar(k, v, null)));
        Map<String, String> env = Kubelet.environment(r, pod, c, "tools-4242");
        env.put("JAVA_OPTS", "-XX:MaxRAMPercentage=50.0 -Djava.io.tmpdir=/tmp");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    /** local-stack's command as the tools image runs it: java $JAVA_OPTS -Ddealstream.root=... -jar local-stack.jar. */
    private static Process tool(String command, Map<String, String> env, Path hostsFile, Path home, Path log)
            throws java.io.IOException {
        Path root = Kustomize.root();
        Path toolRoot = home.resolve("tools-" + command);
        java.nio.file.Files.createDirectories(toolRoot);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djdk.net.hosts.file=" + hostsFile));
        cmd.addAll(tokens(env.get("JAVA_OPTS")));
        cmd.addAll(List.of("-Ddealstream.root=" + toolRoot, "-jar",
                root.resolve("local-stack/target/local-stack.jar").toString(), command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb.start();
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), "GET " + url + ": " + r.body());
        return r.body();
    }

    private static HttpResponse<String> post(String url, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(int status, String detail, HttpResponse<String> r, String what) throws Exception {
        assertEquals(status, r.statusCode(), what + ": " + r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""),
                what + "'s answer");
        assertEquals(detail, new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("detail").asText(),
                what + "'s problem");
    }

    private static void awaitLines(Path log, String text, int atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = 0;
        while (System.nanoTime() < deadline) {
            n = java.nio.file.Files.readString(log).lines().filter(l -> l.contains(text)).count();
            if (n >= atLeast) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(log + " has " + n + " lines with " + text + ", expected " + atLeast + ":\n"
                + java.nio.file.Files.readString(log));
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

    /** The topics on the broker, read as its admin: no other user may describe them all. */
    private static void assertTopics(KafkaNode kafka, Set<String> topics, int partitions) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            d.values().forEach(t -> assertEquals(partitions, t.partitions().size(), t.name() + "'s partitions"));
        }
    }

    private static List<String> tokens(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
