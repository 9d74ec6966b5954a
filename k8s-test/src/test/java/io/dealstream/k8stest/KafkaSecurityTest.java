package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dealstream.events.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every deployment's broker asks who connects and allows each user exactly what the contract says ({@link KafkaContract}):
 * compose and kind through k8s/base/kafka-setup.sh, run here for real with stub Kafka tools that record their calls;
 * Strimzi through its KafkaUsers. Each service logs in as its own user, the console as the reader, with a password that
 * comes from a Secret (or, in compose, from the variable make compose-up sets), never one written in a file.
 */
class KafkaSecurityTest {

    static final String SETUP_PATH = "/opt/dealstream/kafka-setup.sh";
    static final String START_PATH = "/opt/dealstream/kafka-start.sh";
    /** The passwords the setup is given in a run here, by variable. */
    static final Map<String, String> PASSWORDS = Map.of("DEALSTREAM_ADMIN_PASSWORD", "admin-pw",
            "INVESTMENT_SERVICE_PASSWORD", "investment-pw", "COMPUTE_SERVICE_PASSWORD", "compute-pw",
            "DISTRIBUTION_SERVICE_PASSWORD", "distribution-pw", "DEALSTREAM_READER_PASSWORD", "reader-pw");

    static List<Rendered> variants() {
        return ConsistencyTest.variants();
    }

    // --- the setup compose and kind run ---

    @Test
    void theSetupAllowsEachUserExactlyWhatTheContractSays() {
        SetupRun run = runSetup("acls", setupScript(kind()), PASSWORDS);
        assertEquals(0, run.exit(), run::toString);
        assertEquals(KafkaContract.ACLS, run.acls(), "the ACLs kafka-setup.sh adds");
        assertTrue(run.calls().stream().filter(c -> c.get(0).equals("kafka-acls.sh"))
                .allMatch(c -> c.contains("--add") && c.contains("--allow-principal") && !c.contains("--deny-principal")),
                run::toString);
    }

    @Test
    void theSetupCreatesEveryTopicKeepsTheTrancheTopicForEverAndGivesEachUserItsPassword() {
        SetupRun run = runSetup("topics-users", setupScript(kind()), PASSWORDS);
        assertEquals(0, run.exit(), run::toString);
        List<String> created = run.calls().stream().filter(c -> c.contains("--create"))
                .map(c -> c.get(c.indexOf("--topic") + 1) + " " + c.get(c.indexOf("--partitions") + 1) + "x"
                        + c.get(c.indexOf("--replication-factor") + 1))
                .toList();
        assertEquals(KafkaContract.TOPICS.stream().map(t -> t + " 3x1").toList(), created, "the topics created");
        assertTrue(run.calls().stream().filter(c -> c.contains("--create")).allMatch(c -> c.contains("--if-not-exists")),
                "a topic that exists is kept");
        assertEquals(List.of("investment.tranche-events retention.ms=-1,retention.bytes=-1"), run.calls().stream()
                .filter(c -> c.contains("topics")).map(c -> c.get(c.indexOf("--entity-name") + 1) + " "
                        + c.get(c.indexOf("--add-config") + 1)).toList(), "the topics' settings");
        Map<String, String> users = new TreeMap<>();
        run.calls().stream().filter(c -> c.contains("users"))
                .forEach(c -> users.put(c.get(c.indexOf("--entity-name") + 1), c.get(c.indexOf("--add-config") + 1)));
        assertEquals(Map.of("investment-service", "SCRAM-SHA-512=[password=investment-pw]",
                "compute-service", "SCRAM-SHA-512=[password=compute-pw]",
                "distribution-service", "SCRAM-SHA-512=[password=distribution-pw]",
                "dealstream-reader", "SCRAM-SHA-512=[password=reader-pw]"), users,
                "each user's SCRAM credential (dealstream-admin's is made when the storage is formatted)");
        // every call as dealstream-admin, over SASL/SCRAM, through a file only this user may read, removed at the end
        assertEquals("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka."
                + "common.security.scram.ScramLoginModule required username=\"dealstream-admin\" password=\"admin-pw\";\n",
                run.adminConfig(), "the tools' login");
        assertEquals("rw-------", run.adminConfigMode(), "the login's file");
        Set<String> configs = run.calls().stream().map(c -> c.get(c.indexOf("--command-config") + 1))
                .collect(Collectors.toSet());
        assertEquals(1, configs.size(), run::toString);
        assertFalse(Files.exists(Path.of(configs.iterator().next())), "the login's file is removed");
        assertTrue(run.calls().stream().allMatch(c -> c.get(c.indexOf("--bootstrap-server") + 1).equals("kafka:9092")),
                run::toString);
    }

    @Test
    void aMissingPasswordStopsTheSetupNamingItsVariableBeforeAnyAclIsAdded() {
        Map<String, String> passwords = new TreeMap<>(PASSWORDS);
        passwords.remove("COMPUTE_SERVICE_PASSWORD");
        SetupRun run = runSetup("missing-password", setupScript(kind()), passwords);
        assertNotEquals(0, run.exit(), run::toString);
        assertTrue(run.err().contains("COMPUTE_SERVICE_PASSWORD is not set"), run::toString);
        assertTrue(run.calls().stream().noneMatch(c -> c.get(0).equals("kafka-acls.sh")), run::toString);
    }

    /** The dead-letter topics the setup and Strimzi create are the ones the services write (their properties). */
    @Test
    void theDeadLetterTopicsAreTheOnesTheServicesWrite() {
        assertEquals(KafkaContract.DEAD_LETTER_TOPICS, List.of(
                ServiceSettings.of("compute-service").properties.get("dealstream.funding-view.dead-letter-topic"),
                ServiceSettings.of("distribution-service").properties.get("dealstream.funding-view.dead-letter-topic")));
    }

    /** The kind Job and compose's one-shot run the same script, as dealstream-admin, with every password it needs. */
    @Test
    void theKindJobAndComposesOneShotRunTheSameSetupWithEveryPassword() throws IOException {
        String file = Files.readString(Kustomize.root().resolve("k8s/base/kafka-setup.sh"));
        for (String overlay : Kustomize.OVERLAYS) {
            Rendered r = Rendered.of(Kustomize.variant(overlay));
            assertEquals(file, setupScript(r), r + ": the Job's script");
            Container c = job(r);
            assertEquals(List.of("sh", SETUP_PATH), c.getCommand(), r + ": the Job runs it");
            Map<String, String> env = r.environment(c);
            for (String variable : PASSWORDS.keySet()) {
                EnvVar v = c.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                        .orElseThrow(() -> new AssertionError(r + ": the Job has no " + variable));
                String user = variable.substring(0, variable.length() - "_PASSWORD".length()).toLowerCase(Locale.ROOT)
                        .replace('_', '-');
                assertEquals(KafkaContract.secret(user), v.getValueFrom().getSecretKeyRef().getName(), r + ": " + variable);
                assertEquals("password", v.getValueFrom().getSecretKeyRef().getKey(), r + ": " + variable);
            }
            assertEquals(r.configMapValue("kafka-client", "KAFKA_BOOTSTRAP_SERVERS"), env.get("KAFKA_BOOTSTRAP_SERVERS"));
        }
        Map<String, Object> oneShot = ComposeFileTest.services().get("kafka-topics");
        assertEquals(List.of("sh", SETUP_PATH), oneShot.get("command"), "compose's one-shot runs it");
        assertEquals(List.of("./k8s/base/kafka-setup.sh:" + SETUP_PATH + ":ro"), oneShot.get("volumes"),
                "compose's one-shot runs the file the ConfigMap is made of");
        Map<?, ?> env = (Map<?, ?>) oneShot.get("environment");
        for (String variable : PASSWORDS.keySet()) {
            String user = variable.substring(0, variable.length() - "_PASSWORD".length());
            assertTrue(String.valueOf(env.get(variable)).matches("\\$\\{KAFKA_PASSWORD_" + user + "(:\\?[^}]*)?}"),
                    "compose's one-shot gets " + variable + " from make compose-up's KAFKA_PASSWORD_" + user + ": "
                            + env.get(variable));
        }
        assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    // --- the broker ---

    /** Both brokers of ours (compose's, kind's StatefulSet) ask every connection for a login and let the ACLs decide. */
    @Test
    void everyListenerOfTheBrokerAsksForALoginAndOnlyTheAclsAndTheAdminDecide() {
        Map<String, Map<String, String>> brokers = new LinkedHashMap<>();
        Map<String, String> compose = new TreeMap<>();
        ((Map<?, ?>) ComposeFileTest.services().get("kafka").get("environment"))
                .forEach((k, v) -> compose.put(String.valueOf(k), String.valueOf(v)));
        brokers.put("docker-compose.yml", compose);
        for (String overlay : Kustomize.OVERLAYS) {
            Rendered r = Rendered.of(Kustomize.variant(overlay));
            Container broker = ConsistencyTest.kafkaBroker(r);
            brokers.put(overlay, r.environment(broker));
            assertEquals(List.of("sh", START_PATH, "/etc/kafka/docker/run"), broker.getCommand(),
                    r + ": the image's start, after kafka-start.sh has formatted the storage");
            assertEquals("password", broker.getEnv().stream().filter(v -> v.getName().equals("DEALSTREAM_ADMIN_PASSWORD"))
                    .findFirst().orElseThrow().getValueFrom().getSecretKeyRef().getKey(), r + ": the admin's password");
        }
        Map<String, Object> composeBroker = ComposeFileTest.services().get("kafka");
        assertEquals(List.of("sh", START_PATH, "/etc/kafka/docker/run"), composeBroker.get("command"), "compose's broker");
        assertTrue(((List<?>) composeBroker.get("volumes")).contains("./k8s/base/kafka-start.sh:" + START_PATH + ":ro"),
                "compose's broker runs the file the ConfigMap is made of: " + composeBroker.get("volumes"));
        brokers.forEach((where, env) -> {
            Map<String, String> protocols = new TreeMap<>();
            for (String entry : env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",")) {
                protocols.put(entry.split(":")[0], entry.split(":")[1]);
            }
            Set<String> listeners = Arrays.stream(env.get("KAFKA_LISTENERS").split(","))
                    .map(l -> l.substring(0, l.indexOf(':'))).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(listeners, protocols.keySet(), where + ": every listener has its protocol");
            protocols.forEach((listener, protocol) -> assertEquals("SASL_PLAINTEXT", protocol,
                    where + ": listener " + listener + " lets clients in without a login"));
            assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", env.get("KAFKA_AUTHORIZER_CLASS_NAME"),
                    where);
            assertEquals("User:dealstream-admin", env.get("KAFKA_SUPER_USERS"), where + ": the one super user");
            assertEquals("false", env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"), where);
            assertEquals("false", env.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"), where + ": no client creates a topic");
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_ENABLED_MECHANISMS"), where);
            assertEquals("PLAIN", env.get("KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS"), where);
            assertEquals("PLAIN", env.get("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL"), where);
            // the controller's listener knows one user, the super user: no client gets past the ACLs through it
            String controller = env.get("KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG");
            assertEquals(List.of("user_dealstream-admin"), java.util.regex.Pattern.compile("\\buser_[^=]+").matcher(controller)
                    .results().map(java.util.regex.MatchResult::group).toList(), where + ": the controller's users");
            for (var e : env.entrySet()) {
                if (e.getKey().endsWith("_JAAS_CONFIG")) {
                    assertFalse(e.getValue().matches("(?s).*(password|user_[^=]+)=\"[^$].*"),
                            where + ": " + e.getKey() + " writes a password out: " + e.getValue());
                }
            }
        });
    }

    // --- who the applications are ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyApplicationLogsInAsItsOwnUserWithThePasswordOfASecret(Rendered r) {
        boolean strimzi = r.variant.components().contains("scale-out");
        for (var e : KafkaContract.USER_OF.entrySet()) {
            Container c = r.appContainer(r.get(Deployment.class, e.getKey()));
            String user = e.getValue();
            EnvVar username = env(c, KafkaContract.USERNAME);
            EnvVar password = env(c, KafkaContract.PASSWORD);
            assertEquals(user, username.getValue(), r + ": " + e.getKey() + "'s Kafka user");
            assertTrue(password.getValue() == null && password.getValueFrom() != null
                    && password.getValueFrom().getSecretKeyRef() != null, r + ": " + e.getKey() + "'s password is written out");
            String secret = password.getValueFrom().getSecretKeyRef().getName();
            // Strimzi's User Operator names the Secret after the KafkaUser; make kind-up makes kafka-user-<user>
            assertEquals(strimzi ? user : KafkaContract.secret(user), secret, r + ": " + e.getKey() + "'s Secret");
            assertEquals(Set.of("password"), r.madeElsewhere(secret), r + ": " + secret + " is made where it runs");
            assertEquals("password", password.getValueFrom().getSecretKeyRef().getKey());
        }
        r.podTemplates().forEach((workload, t) -> {
            List<Container> all = new ArrayList<>(t.getSpec().getContainers());
            all.addAll(t.getSpec().getInitContainers());
            for (Container c : all) {
                for (EnvVar v : c.getEnv()) {
                    if (v.getName().contains("PASSWORD")) {
                        assertNull(v.getValue(), r + ": " + workload + " has " + v.getName() + " written out");
                    }
                }
            }
        });
    }

    @Test
    void everyComposeApplicationLogsInAsItsOwnUserWithThePasswordMakeComposeUpGivesIt() {
        Map<String, Map<String, Object>> services = ComposeFileTest.services();
        for (var e : KafkaContract.USER_OF.entrySet()) {
            Map<?, ?> env = (Map<?, ?>) services.get(e.getKey()).get("environment");
            assertEquals(e.getValue(), env.get(KafkaContract.USERNAME), e.getKey() + "'s Kafka user");
            assertEquals("${KAFKA_PASSWORD_" + e.getValue().toUpperCase(Locale.ROOT).replace('-', '_') + "}",
                    env.get(KafkaContract.PASSWORD), e.getKey() + "'s password, from make compose-up's variable");
        }
        // the broker and the one-shot get theirs from the same variables
        Map<?, ?> broker = (Map<?, ?>) services.get("kafka").get("environment");
        assertEquals("${KAFKA_PASSWORD_DEALSTREAM_ADMIN}", broker.get("DEALSTREAM_ADMIN_PASSWORD"), "the broker's admin");
    }

    // --- Strimzi ---

    @Test
    void strimzisListenerAsksForScramAndItsKafkaUsersHaveExactlyTheContractsAcls() {
        for (Kustomize.Variant v : Kustomize.variants()) {
            if (!v.components().contains("scale-out")) {
                continue;
            }
            Rendered r = Rendered.of(v);
            Kafka kafka = r.all(Kafka.class).get(0);
            for (GenericKafkaListener l : kafka.getSpec().getKafka().getListeners()) {
                assertTrue(l.getAuth() instanceof KafkaListenerAuthenticationScramSha512, r + ": listener " + l.getName());
            }
            KafkaAuthorizationSimple authorization = (KafkaAuthorizationSimple) kafka.getSpec().getKafka().getAuthorization();
            assertEquals(List.of(KafkaContract.ADMIN), authorization.getSuperUsers(), r + ": the one super user");
            assertEquals(Boolean.FALSE, kafka.getSpec().getKafka().getConfig().get("auto.create.topics.enable"), r.toString());
            assertTrue(kafka.getSpec().getEntityOperator().getUserOperator() != null, r + ": the User Operator makes the users");

            List<KafkaUser> users = r.all(KafkaUser.class);
            assertEquals(new TreeSet<>(KafkaContract.USERS), users.stream().map(u -> u.getMetadata().getName())
                    .collect(Collectors.toCollection(TreeSet::new)), r + ": the KafkaUsers");
            Set<KafkaContract.Acl> acls = new HashSet<>();
            for (KafkaUser u : users) {
                String name = u.getMetadata().getName();
                assertEquals(kafka.getMetadata().getName(), u.getMetadata().getLabels().get("strimzi.io/cluster"), name);
                assertTrue(u.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication, name);
                if (name.equals(KafkaContract.ADMIN)) {
                    assertNull(u.getSpec().getAuthorization(), "the super user needs no ACL");
                    continue;
                }
                for (AclRule rule : ((KafkaUserAuthorizationSimple) u.getSpec().getAuthorization()).getAcls()) {
                    String resource;
                    String pattern;
                    String resourceName;
                    if (rule.getResource() instanceof AclRuleTopicResource t) {
                        resource = "topic";
                        pattern = t.getPatternType().toValue();
                        resourceName = t.getName();
                    } else if (rule.getResource() instanceof AclRuleGroupResource g) {
                        resource = "group";
                        pattern = g.getPatternType().toValue();
                        resourceName = g.getName();
                    } else {
                        throw new AssertionError(name + ": an ACL on " + rule.getResource());
                    }
                    assertTrue(rule.getType() == null || rule.getType() == AclRuleType.ALLOW, name + ": a deny rule");
                    for (var op : rule.getOperations()) {
                        acls.add(new KafkaContract.Acl(name, resource, pattern.equals("prefix") ? "prefixed" : pattern,
                                resourceName, op.toValue().toUpperCase(Locale.ROOT)));
                    }
                }
            }
            assertEquals(KafkaContract.ACLS, acls, r + ": the KafkaUsers' ACLs");

            Map<String, KafkaTopic> topics = new TreeMap<>();
            r.all(KafkaTopic.class).forEach(t -> topics.put(t.getMetadata().getName(), t));
            assertEquals(new TreeSet<>(KafkaContract.TOPICS), topics.keySet(), r + ": the KafkaTopics");
            assertEquals(Map.of("retention.ms", -1, "retention.bytes", -1), topics.get(Topics.TRANCHE_EVENTS).getSpec()
                    .getConfig(), r + ": the tranche topic is kept for ever");
        }
    }

    // --- helpers ---

    static Rendered kind() {
        return Rendered.of(Kustomize.variant("kind"));
    }

    static Container job(Rendered r) {
        return r.get(Job.class, "kafka-topics").getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The script the Job runs: the ConfigMap key its volume mounts at the path its command names. */
    static String setupScript(Rendered r) {
        PodSpec spec = r.get(Job.class, "kafka-topics").getSpec().getTemplate().getSpec();
        return mountedScript(r, spec, job(r), SETUP_PATH);
    }

    static String mountedScript(Rendered r, PodSpec spec, Container c, String path) {
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> path.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(r + ": nothing is mounted at " + path));
        Volume v = spec.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
        String file = path.substring(mount.getMountPath().length() + 1);
        String key = v.getConfigMap().getItems().stream().filter(i -> i.getPath().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError(r + ": no key of " + v.getConfigMap().getName() + " at " + path))
                .getKey();
        return r.configMapValue(v.getConfigMap().getName(), key);
    }

    static EnvVar env(Container c, String name) {
        return c.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
    }

    /** A run of the setup script: its exit, output, the tools' calls (argv, the tool first) and their login file. */
    record SetupRun(int exit, String out, String err, List<List<String>> calls, String adminConfig, String adminConfigMode) {

        /** The ACLs of the kafka-acls.sh calls. */
        Set<KafkaContract.Acl> acls() {
            Set<KafkaContract.Acl> acls = new HashSet<>();
            for (List<String> c : calls) {
                if (!c.get(0).equals("kafka-acls.sh")) {
                    continue;
                }
                String user = c.get(c.indexOf("--allow-principal") + 1).replaceFirst("^User:", "");
                String pattern = c.get(c.indexOf("--resource-pattern-type") + 1);
                List<String> operations = new ArrayList<>();
                List<String[]> resources = new ArrayList<>();
                for (int i = 1; i < c.size() - 1; i++) {
                    switch (c.get(i)) {
                        case "--operation" -> operations.add(c.get(i + 1).toUpperCase(Locale.ROOT));
                        case "--topic", "--group" -> resources.add(new String[] {c.get(i).substring(2), c.get(i + 1)});
                        default -> { }
                    }
                }
                for (String[] resource : resources) {
                    for (String operation : operations) {
                        acls.add(new KafkaContract.Acl(user, resource[0], pattern, resource[1], operation));
                    }
                }
            }
            return acls;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- calls\n" + calls.stream().map(c -> String.join(" ", c))
                    .collect(Collectors.joining("\n")) + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /**
     * Runs the script with sh, KAFKA_HOME pointing at stub kafka-topics.sh, kafka-configs.sh and kafka-acls.sh that
     * record their arguments (and keep a copy of the login file they are given) and succeed.
     */
    static SetupRun runSetup(String name, String script, Map<String, String> passwords) {
        Path dir = Kustomize.root().resolve("k8s-test/target/kafka-setup").resolve(name);
        ScriptSandbox.delete(dir);
        try {
            Files.createDirectories(dir.resolve("bin"));
            Path log = dir.resolve("calls.log");
            Files.writeString(log, "");
            for (String tool : List.of("kafka-topics.sh", "kafka-configs.sh", "kafka-acls.sh")) {
                Path stub = dir.resolve("bin").resolve(tool);
                Files.writeString(stub, """
                        #!/bin/sh
                        echo "$(basename "$0") $*" >> "%1$s"
                        prev=""
                        for a in "$@"; do
                          if [ "$prev" = --command-config ]; then
                            cp "$a" "%2$s/admin.properties"; stat -c %%A "$a" | cut -c2- > "%2$s/admin.mode"
                          fi
                          prev="$a"
                        done
                        """.formatted(log, dir));
                Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path file = dir.resolve("kafka-setup.sh");
            Files.writeString(file, script);
            ProcessBuilder pb = new ProcessBuilder("sh", file.toString()).directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.environment().put("KAFKA_HOME", dir.toString());
            pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            pb.environment().put("PARTITIONS", "3");
            pb.environment().put("REPLICATION_FACTOR", "1");
            pb.environment().putAll(passwords);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kafka-setup.sh took over 60 s");
            }
            List<List<String>> calls = Files.readAllLines(log).stream().map(l -> List.of(l.split(" "))).toList();
            Path admin = dir.resolve("admin.properties");
            return new SetupRun(p.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")),
                    calls, Files.exists(admin) ? Files.readString(admin) : null,
                    Files.exists(admin) ? Files.readString(dir.resolve("admin.mode")).strip() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
