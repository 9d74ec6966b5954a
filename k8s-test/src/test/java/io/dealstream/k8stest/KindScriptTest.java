package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * make kind-up, kind-watch, kind-lag, kind-demo and kind-down (k8s/kind/kind.sh) run for real in a
 * {@link ScriptSandbox}, with stub docker, kind, kubectl, Maven and curl: the exact commands they issue, in order, their
 * exit codes and messages.
 */
class KindScriptTest {

    static final String KC = "kubectl --context kind-dealstream -n dealstream ";
    /** The images kind-up loads, in its order (sort -u of the manifests' images and the tools image). */
    static final List<String> LOADED = List.of("compute-service", "console", "distribution-service", "investment-service",
            "local-stack");
    static final String MVN = "mvn -B -q package -DskipTests -pl investment-service,compute-service,distribution-service,"
            + "console,local-stack -am";
    /** local-stack's command line as kind.sh runs it, on the JDK make found (the stub's). */
    static final String STACK_JAR = "java -Ddealstream.root=$ROOT -jar local-stack/target/local-stack.jar ";
    static final String JWT_SECRET_FILE = "$ROOT/.local/kind/dealstream-jwt.yaml";
    /** The Kafka users' Secrets kind-up applies, one file. */
    static final String KAFKA_USERS_FILE = "$ROOT/.local/kind/kafka-users.yaml";
    /** How kind.sh finds the Secret the console reads the reader's password from. */
    static final String READER_SECRET = KC + "get deployment console -o jsonpath={.spec.template.spec.containers[0].env[?("
            + "@.name==\"KAFKA_SASL_PASSWORD\")].valueFrom.secretKeyRef.name}";
    /** The pod annotation that carries the public key's hash, so that a new key rolls the services. */
    static final String KEY_ANNOTATION = "dealstream.io/jwt-public-key-sha256";

    // --- kind-up ---

    @Test
    void kindUpOnANewMachineCreatesTheClusterThenBuildsLoadsAndDeploysEachImageAtItsContentTag() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-first");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        Map<String, String> tags = tags(sb);
        assertEquals(kindUp(tags, true, Set.copyOf(ScriptSandbox.modules())), run.calls(), run::toString);
        assertEquals(List.of(images(tags)), manifests(sb).stream().map(KindScriptTest::deployedImages).toList(),
                "the applied Deployments run the content tags");
        assertEquals(recorded(tags), sb.text(".local/kind/images"), "the tags kind-up deployed, for kind-watch and kind-demo");
        assertTrue(run.out().contains("==> DealStream is up on kind cluster 'dealstream'"), run::toString);
        assertTrue(run.out().contains("\n  console               http://localhost:8084   (the deal and every event, live)\n"),
                run::toString);
    }

    @Test
    void kindUpGivesTheClusterThePublicKeyAloneAsSecretDealstreamJwtBeforeTheServicesRollOut() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-jwt-secret");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        String publicKey = sb.text(".local/jwt/publicKey.pem");
        String privateKey = sb.text(".local/jwt/privateKey.pem");
        List<String> applied = sb.applied();
        assertEquals(3, applied.size(), "the Secret, the Kafka users' Secrets, then the manifests");
        assertEquals(Map.of("publicKey.pem", publicKey), secretData(applied.get(0)), "the Secret holds the public key only");
        assertEquals(ConsistencyTest.DEPLOY_TIME_SECRETS.get("dealstream-jwt"), secretData(applied.get(0)).keySet(),
                "the keys the manifests mount");
        assertEquals(keyHashes(publicKey), keyAnnotations(applied.get(2)), "the services' pods carry the key's hash");
        String encoded = java.util.Base64.getEncoder().encodeToString(privateKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String file : applied) {
            assertFalse(file.contains(privateKey.strip()) || file.contains(encoded), "the private key reached the cluster");
        }
        List<String> calls = run.calls();
        int secret = calls.indexOf(KC + "apply -f " + JWT_SECRET_FILE);
        int manifests = calls.indexOf("kubectl --context kind-dealstream apply -f $ROOT/.local/kind/manifests.yaml");
        int rollout = calls.indexOf(KC + "rollout status deployment/investment-service --timeout=600s");
        assertTrue(secret >= 0 && secret < manifests && manifests < rollout, "the Secret before the manifests: " + run);
        assertEquals(ScriptSandbox.sha256(publicKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\n",
                sb.text(".local/kind/jwt-public-key.sha256"), "the key kind-up deployed, which kind-demo checks");
        assertTrue(run.out().contains("\n==> Secret dealstream-jwt: the public key only, from $ROOT/.local/jwt/publicKey.pem "
                + "(the private key stays on this machine)\n"), run::toString);
    }

    @Test
    void kindUpGivesEachKafkaUserItsPasswordFromLocalKafkaAsSecretKafkaUserBeforeTheManifests() throws IOException {
        ScriptSandbox sb = new ScriptSandbox("kind-up-kafka-users");
        // make up wrote the investment-service's password already: kind-up takes it and makes the others
        sb.write(".local/kafka/investment-service", "written-by-make-up");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        Map<String, String> passwords = new TreeMap<>();
        for (String user : KafkaContract.USERS) {
            passwords.put(KafkaContract.secret(user), sb.text(".local/kafka/" + user));
            assertEquals("rw-------", mode(sb, ".local/kafka/" + user), user + "'s password file");
        }
        assertEquals("written-by-make-up", passwords.get("kafka-user-investment-service"));
        assertTrue(passwords.values().stream().filter(p -> !p.equals("written-by-make-up"))
                .allMatch(p -> p.matches("[A-Za-z0-9]{32}")), passwords.toString());
        assertEquals(KafkaContract.USERS.size(), new java.util.HashSet<>(passwords.values()).size(), "each its own");
        assertEquals("rwx------", mode(sb, ".local/kafka"), "the passwords' folder");
        assertEquals("rw-------", mode(sb, ".local/kind/kafka-users.yaml"), "the Secrets' file");

        List<String> applied = sb.applied();
        Map<String, String> secrets = new TreeMap<>();
        for (HasMetadata o : Model.parse(applied.get(1))) {
            Secret secret = (Secret) o;
            assertEquals("dealstream", secret.getMetadata().getNamespace());
            assertEquals(Set.of("password"), Rendered.secretData(secret).keySet(), secret.getMetadata().getName());
            secrets.put(secret.getMetadata().getName(), Rendered.secretData(secret).get("password"));
        }
        assertEquals(passwords, secrets, "Secrets kafka-user-<user>, each with its user's password");
        List<String> calls = run.calls();
        assertTrue(calls.indexOf(KC + "apply -f " + KAFKA_USERS_FILE)
                < calls.indexOf("kubectl --context kind-dealstream apply -f $ROOT/.local/kind/manifests.yaml"), run::toString);
        assertTrue(run.out().contains("\n==> Secrets kafka-user-<user>: the Kafka users' passwords, from $ROOT/.local/kafka "
                + "(made there if missing)\n"), run::toString);
        for (String password : passwords.values()) {
            assertFalse(run.out().contains(password) || run.err().contains(password), "a password in the output: " + run);
        }

        ScriptSandbox.Run again = sb.make("kind-up");
        assertEquals(0, again.exit(), again::toString);
        assertEquals(applied.get(1), sb.applied().get(4), "the second kind-up keeps every password");
    }

    @Test
    void kindUpWithStackHomeTakesTheKafkaPasswordsFromItsFolder() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-stack-home");
        sb.env.put("STACK_HOME", sb.root.resolve("elsewhere").toString());
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.calls().contains(KC + "create secret generic kafka-user-dealstream-reader --from-file=password="
                + "$ROOT/elsewhere/kafka/dealstream-reader --dry-run=client -o yaml"), run::toString);
        assertFalse(Files.exists(sb.root.resolve(".local/kafka")), "no passwords in .local/kafka");
    }

    @Test
    void kindUpAfterTheKeyPairChangedUpdatesTheSecretAndRollsTheServicesButNotTheConsole() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-new-key");
        ScriptSandbox.Run first = sb.make("kind-up");
        assertEquals(0, first.exit(), first::toString);
        String before = sb.text(".local/jwt/publicKey.pem");
        ScriptSandbox.delete(sb.root.resolve(".local/jwt"));
        ScriptSandbox.Run second = sb.make("kind-up");
        assertEquals(0, second.exit(), second::toString);
        String after = sb.text(".local/jwt/publicKey.pem");
        assertNotEquals(before, after, "local-stack keys made a new pair");
        assertEquals(kindUp(tags(sb), false, Set.of()), second.calls(), second::toString);
        List<String> applied = sb.applied();
        assertEquals(6, applied.size());
        assertEquals(Map.of("publicKey.pem", after), secretData(applied.get(3)), "the Secret updated in place");
        assertEquals(keyHashes(before), keyAnnotations(applied.get(2)));
        assertEquals(keyHashes(after), keyAnnotations(applied.get(5)), "a new hash on the services' pods rolls them");
        assertEquals(deployedImages(applied.get(2)), deployedImages(applied.get(5)), "no image changed");
    }

    @Test
    void kindUpWithJwtDirGivesTheClusterThePublicKeyOfThatPair() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-jwt-dir");
        sb.env.put("JWT_DIR", sb.root.resolve("keys-elsewhere").toString());
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(run.calls().contains(KC + "create secret generic dealstream-jwt --from-file=publicKey.pem="
                + "$ROOT/keys-elsewhere/publicKey.pem --dry-run=client -o yaml"), run::toString);
        assertEquals(Map.of("publicKey.pem", sb.text("keys-elsewhere/publicKey.pem")), secretData(sb.applied().get(0)));
        assertFalse(Files.exists(sb.root.resolve(".local/jwt")), "no pair in .local/jwt");
    }

    @Test
    void kindUpRunAgainWithNoChangeKeepsEveryTagAndBuildsNothing() throws IOException {
        ScriptSandbox sb = new ScriptSandbox("kind-up-unchanged");
        ScriptSandbox.Run first = sb.make("kind-up");
        assertEquals(0, first.exit(), first::toString);
        // a rebuild that leaves the same bytes (a new modification time) is no change
        Files.setLastModifiedTime(sb.root.resolve("compute-service/target/quarkus-app/quarkus-run.jar"),
                FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        ScriptSandbox.Run second = sb.make("kind-up");
        assertEquals(0, second.exit(), second::toString);
        Map<String, String> tags = tags(sb);
        assertEquals(kindUp(tags, false, Set.of()), second.calls(), second::toString);
        assertTrue(second.calls().stream().noneMatch(c -> c.startsWith("docker build") || c.startsWith("docker tag")),
                second::toString);
        List<Map<String, String>> applied = manifests(sb).stream().map(KindScriptTest::deployedImages).toList();
        assertEquals(List.of(images(tags), images(tags)), applied, "both runs apply the same images");
        assertEquals(manifests(sb).get(0), manifests(sb).get(1), "the same manifests, the key's hash included: nothing rolls");
        assertEquals(sb.applied().get(0), sb.applied().get(3), "the same Secret");
        assertEquals(sb.applied().get(1), sb.applied().get(4), "the same Kafka passwords");
        assertTrue(second.out().contains("==> kind cluster 'dealstream' exists: using it"), second::toString);
    }

    @Test
    void kindUpRunTwiceWithAChangeBetweenDeploysTheChangedImageOnly() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-changed");
        ScriptSandbox.Run first = sb.make("kind-up");
        assertEquals(0, first.exit(), first::toString);
        Map<String, String> before = tags(sb);
        sb.write("investment-service/target/quarkus-app/app/investment-service-1.0.0-SNAPSHOT.jar", "investment-service classes 2");
        ScriptSandbox.Run second = sb.make("kind-up");
        assertEquals(0, second.exit(), second::toString);
        Map<String, String> after = tags(sb);
        assertNotEquals(before.get("investment-service"), after.get("investment-service"));
        for (String unchanged : List.of("compute-service", "distribution-service", "console", "local-stack")) {
            assertEquals(before.get(unchanged), after.get(unchanged), unchanged + "'s tag");
        }
        assertEquals(kindUp(after, false, Set.of("investment-service")), second.calls(), second::toString);
        assertTrue(second.calls().contains("kind load docker-image dealstream/investment-service:"
                + after.get("investment-service") + " --name dealstream"), second::toString);
        assertEquals(List.of(images(before), images(after)), manifests(sb).stream().map(KindScriptTest::deployedImages)
                .toList(), "the second apply changes investment-service's image only, which rolls that Deployment");
        assertEquals(recorded(after), sb.text(".local/kind/images"));
    }

    @Test
    void kindUpTagsByTheBaseImageToo() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-base-image");
        sb.env.put("BASE_IMAGE", "registry.example/java:17");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        String tag = sb.contentTag("compute-service", "registry.example/java:17");
        assertNotEquals(sb.contentTag("compute-service"), tag);
        assertTrue(run.calls().contains("docker build -q --build-arg BASE_IMAGE=registry.example/java:17 -f "
                + "compute-service/src/main/docker/Dockerfile.jvm -t dealstream/compute-service:" + tag
                + " compute-service"), run::toString);
    }

    @Test
    void aStartupArchiveBesideTheJarIsNoInputOfTheImageAndLeavesItsTagAsItWas() {
        ScriptSandbox sb = new ScriptSandbox("tag-startup-archive");
        ScriptSandbox.Run before = sb.run(List.of("docker/build-images.sh", "--print-tag", "compute-service"));
        assertEquals(0, before.exit(), before::toString);
        sb.write("compute-service/target/quarkus-app/app.aot", "trained by make up");
        sb.write("compute-service/target/quarkus-app/app.aot.options", "-Xmx256m");
        sb.write("compute-service/target/quarkus-app/app-cds.jsa", "made by the build");
        ScriptSandbox.Run after = sb.run(List.of("docker/build-images.sh", "--print-tag", "compute-service"));
        assertEquals(before.out(), after.out(), after::toString);
        assertEquals(sb.contentTag("compute-service") + "\n", after.out());
        sb.write("compute-service/target/quarkus-app/app/compute-service-1.0.0-SNAPSHOT.jar", "compute classes 2");
        ScriptSandbox.Run changed = sb.run(List.of("docker/build-images.sh", "--print-tag", "compute-service"));
        assertFalse(changed.out().equals(after.out()), "a changed jar changes the tag: " + changed);
    }

    @Test
    void kindUpLoadsThroughAnImageArchiveWhenKindLoadDockerImageFails() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-archive");
        sb.env.put("STUB_KIND_LOAD_FAILS", "1");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        Map<String, String> tags = tags(sb);
        List<String> loads = run.calls().stream().filter(c -> c.startsWith("kind load") || c.startsWith("docker save"))
                .toList();
        List<String> expected = new ArrayList<>();
        for (String m : LOADED) {
            String image = "dealstream/" + m + ":" + tags.get(m);
            expected.add("kind load docker-image " + image + " --name dealstream");
            expected.add("docker save " + image + " -o $ROOT/.local/kind/image.tar");
            expected.add("kind load image-archive $ROOT/.local/kind/image.tar --name dealstream");
        }
        assertEquals(expected, loads);
        assertTrue(run.out().contains("  kind load docker-image dealstream/compute-service:" + tags.get("compute-service")
                + " failed (ERROR: failed to load image: command"), run::toString);
        assertTrue(run.out().contains("loading it through docker save and kind load image-archive"), run::toString);
        assertFalse(Files.exists(sb.root.resolve(".local/kind/image.tar")), "the archive is removed");
    }

    @Test
    void kindUpWithScaleOutInstallsThePinnedStrimziAfterTheClusterExistsAndPrunesTheBaseBroker() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-scale-out");
        sb.env.put("COMPONENTS", "scale-out");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        Map<String, String> tags = tags(sb);
        String strimzi = StrimziPinTest.pinned().get("STRIMZI_VERSION");
        String file = "$ROOT/.local/kind/strimzi-cluster-operator-" + strimzi + ".yaml";
        List<String> expected = new ArrayList<>(kindUp(tags, true, Set.copyOf(ScriptSandbox.modules())));
        // the operator's install creates the namespace, which the Secret's step then finds
        expected.remove("kubectl --context kind-dealstream create namespace dealstream");
        int secret = expected.indexOf("kubectl --context kind-dealstream get namespace dealstream");
        expected.addAll(secret, List.of(
                "kubectl --context kind-dealstream get namespace dealstream",
                "kubectl --context kind-dealstream create namespace dealstream",
                "curl -fsSL -o " + file + ".tmp https://github.com/strimzi/strimzi-kafka-operator/releases/download/"
                        + strimzi + "/strimzi-cluster-operator-" + strimzi + ".yaml",
                "kubectl kustomize $ROOT/.local/kind/strimzi-" + strimzi,
                KC + "apply --server-side --force-conflicts -f $ROOT/.local/kind/strimzi-" + strimzi + ".yaml",
                KC + "rollout status deployment/strimzi-cluster-operator --timeout=300s",
                KC + "delete statefulset/kafka service/kafka service/kafka-headless job/kafka-topics --ignore-not-found"));
        int waits = expected.indexOf(KC + "rollout status statefulset/kafka --timeout=300s");
        expected.subList(waits, waits + 2).clear();
        expected.add(waits, KC + "wait kafka/kafka --for=condition=Ready --timeout=900s");
        assertEquals(expected, run.calls(), run::toString);
        List<String> applied = sb.applied();
        assertEquals(4, applied.size());
        assertTrue(applied.get(0).contains("- kind: ServiceAccount\n  name: strimzi-cluster-operator\n  namespace: dealstream\n")
                && !applied.get(0).contains("myproject"), "the operator installed into namespace dealstream:\n" + applied.get(0));
        assertEquals(Map.of("publicKey.pem", sb.text(".local/jwt/publicKey.pem")), secretData(applied.get(1)));
        assertEquals(images(tags), deployedImages(applied.get(3)));
        assertTrue(applied.get(3).contains("\nkind: Kafka\n"), "the scale-out manifests");
        assertEquals(keyHashes(sb.text(".local/jwt/publicKey.pem")), keyAnnotations(applied.get(3)),
                "the scaled-out services carry the key's hash too");
    }

    @Test
    void kindUpWithObservabilityDeploysOtelLgtmWaitsForItAndSaysWhereGrafanaIs() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-observability");
        sb.env.put("COMPONENTS", "observability");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        Map<String, String> tags = tags(sb);
        List<String> expected = new ArrayList<>(kindUp(tags, true, Set.copyOf(ScriptSandbox.modules())));
        expected.add(KC + "rollout status deployment/otel-lgtm --timeout=600s");
        assertEquals(expected, run.calls(), "otel-lgtm's image is the node's to pull, not kind-up's to load: " + run);
        List<String> applied = sb.applied();
        assertEquals(3, applied.size());
        assertEquals(images(tags), deployedImages(applied.get(2)));
        assertTrue(applied.get(2).contains("\n  name: otel-lgtm\n") && applied.get(2).contains("image: grafana/otel-lgtm:"),
                "the observability manifests");
        assertTrue(run.out().contains("\n  grafana               http://localhost:3000   (the DealStream dashboard"), run::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"docker", "kind", "kubectl"})
    void kindUpWithoutAToolSaysHowToInstallItAndRunsNothing(String tool) {
        ScriptSandbox sb = new ScriptSandbox("kind-up-without-" + tool).without(tool);
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(2, run.exit(), run::toString);
        assertEquals(List.of(), run.calls(), run::toString);
        assertTrue(run.err().startsWith("error: " + tool + " is not installed: https://"), run::toString);
        assertTrue(run.err().contains("[mk/kind.mk:6: kind-up] Error 1"), "kind.sh exits 1: " + run);
        assertEquals(1, sb.kind("up").exit());
    }

    @Test
    void kindUpWithTheDockerDaemonDownSaysSoAfterAskingIt() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-docker-down");
        sb.env.put("STUB_DOCKER_DOWN", "1");
        ScriptSandbox.Run run = sb.kind("up");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of("docker info"), run.calls());
        assertEquals("error: docker is installed but its daemon does not answer (start Docker, or check 'docker info')\n",
                run.err());
    }

    @Test
    void kindUpOnAClusterThatNeverGetsReadyExitsWithTheRolloutsCodeAndSaysWhereToLook() {
        ScriptSandbox sb = new ScriptSandbox("kind-up-never-ready");
        sb.env.put("STUB_NEVER_READY", "deployment/investment-service");
        ScriptSandbox.Run run = sb.kind("up");
        assertEquals(1, run.exit(), run::toString);
        List<String> expected = kindUp(tags(sb), true, Set.copyOf(ScriptSandbox.modules()));
        int failed = expected.indexOf(KC + "rollout status deployment/investment-service --timeout=600s");
        assertEquals(expected.subList(0, failed + 1), run.calls(), "nothing runs after the failed rollout: " + run);
        assertEquals("error: timed out waiting for the condition\n"
                + "error: investment-service did not become ready (exit 1). Look at: kubectl --context kind-dealstream -n "
                + "dealstream get pods; ... describe pod <pod>; ... logs <pod>\n", run.err());
        assertFalse(run.out().contains("DealStream is up"), run::toString);
        ScriptSandbox.Run viaMake = sb.make("kind-up");
        assertEquals(2, viaMake.exit(), viaMake::toString);
        assertTrue(viaMake.err().contains("[mk/kind.mk:6: kind-up] Error 1"), viaMake::toString);
    }

    // --- kind-demo, kind-watch, kind-lag ---

    @Test
    void kindDemoExitsZeroWhenThePodSucceedsAndDeletesThePod() {
        ScriptSandbox sb = deployed("kind-demo-ok");
        ScriptSandbox.Run run = sb.make("kind-demo");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(demo(sb, tags(sb).get("local-stack")), run.calls(), run::toString);
        assertEquals("", run.err(), run::toString);
        assertTrue(run.out().contains("demo-PID ran"), run::toString);
        assertTrue(run.out().contains("\n==> signing the demo's tokens here with $ROOT/.local/jwt/privateKey.pem (a "
                + "deal-admin's, Amazon's and SoftBank's investor tokens, valid 15 minutes): the pod gets the tokens only\n"),
                run::toString);
        String privateKey = sb.text(".local/jwt/privateKey.pem").strip();
        assertTrue(run.calls().stream().noneMatch(c -> c.contains(privateKey)), "the key stays here: " + run);
    }

    @Test
    void kindDemoWithAnotherKeyPairThanTheDeployedOneSaysToRunKindUpAndStartsNoPod() {
        ScriptSandbox sb = deployed("kind-demo-new-key");
        ScriptSandbox.delete(sb.root.resolve(".local/jwt"));
        ScriptSandbox.Run run = sb.kind("demo");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of("kind get clusters", STACK_JAR + "keys"), run.calls(), "no token signed, no pod: " + run);
        assertEquals("error: the key pair in $ROOT/.local/jwt is not the one whose public key the cluster has: make "
                + "kind-up (it updates Secret dealstream-jwt and restarts the services)\n", run.err());
    }

    @Test
    void kindDemoWithoutARecordOfTheDeployedKeySaysToRunKindUp() throws IOException {
        ScriptSandbox sb = deployed("kind-demo-no-key-record");
        Files.delete(sb.root.resolve(".local/kind/jwt-public-key.sha256"));
        ScriptSandbox.Run run = sb.kind("demo");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of("kind get clusters"), run.calls(), run::toString);
        assertEquals("error: no record of the public key kind-up gave the cluster ($ROOT/.local/kind/jwt-public-key.sha256):"
                + " make kind-up first\n", run.err());
    }

    @ParameterizedTest(name = "the pod exits {0}")
    @ValueSource(ints = {1, 3})
    void kindDemoExitsWithThePodsExitCodeWhenTheDemoFailsAndStillDeletesThePod(int code) {
        ScriptSandbox sb = deployed("kind-demo-fails-" + code);
        sb.env.put("STUB_POD_EXIT", String.valueOf(code));
        ScriptSandbox.Run run = sb.kind("demo");
        assertEquals(code, run.exit(), run::toString);
        assertEquals(demo(sb, tags(sb).get("local-stack")), run.calls(), run::toString);
        assertEquals("", run.err(), run::toString);
        ScriptSandbox.Run viaMake = sb.make("kind-demo");
        assertEquals(2, viaMake.exit(), viaMake::toString);
        assertTrue(viaMake.err().contains("[mk/kind.mk:12: kind-demo] Error " + code), viaMake::toString);
    }

    @Test
    void kindDemoRunsTheToolsPodWithoutServiceLinksTokenOrPrivileges() throws IOException {
        ScriptSandbox sb = deployed("kind-demo-pod-spec");
        ScriptSandbox.Run run = sb.make("kind-demo");
        String call = run.calls().stream().filter(c -> c.startsWith(KC + "run ")).findFirst().orElseThrow();
        assertTrue(call.contains(" --override-type=strategic "), "the container's securityContext merges into the one "
                + "kubectl run makes (a JSON merge patch would replace the containers, image and all): " + call);
        String json = call.replaceAll(".* --overrides=(\\{.*\\}) --override-type=strategic --env=.*", "$1");
        JsonNode spec = new ObjectMapper().readTree(json).path("spec");
        assertFalse(spec.path("enableServiceLinks").asBoolean(true), "no KAFKA_PORT=tcp://... in the pod: " + json);
        assertFalse(spec.path("automountServiceAccountToken").asBoolean(true), json);
        JsonNode pod = spec.path("securityContext");
        assertTrue(pod.path("runAsNonRoot").asBoolean(), json);
        assertEquals(185, pod.path("runAsUser").asInt(), "the user of local-stack's image: " + json);
        assertEquals("RuntimeDefault", pod.path("seccompProfile").path("type").asText(), json);
        JsonNode container = spec.path("containers").path(0);
        assertEquals("demo-PID", container.path("name").asText(), "the container kubectl run names after the pod");
        assertEquals("[{\"name\":\"KAFKA_SASL_USERNAME\",\"value\":\"dealstream-reader\"},{\"name\":\"KAFKA_SASL_PASSWORD\","
                + "\"valueFrom\":{\"secretKeyRef\":{\"name\":\"kafka-user-dealstream-reader\",\"key\":\"password\"}}}]",
                container.path("env").toString(), "the pod reads Kafka as the reader, its password from the Secret: " + json);
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true), json);
        assertEquals("[\"ALL\"]", container.path("securityContext").path("capabilities").path("drop").toString(), json);
    }

    @Test
    void kindWatchStreamsFromAPodRunningTheToolsImageKindUpDeployed() {
        ScriptSandbox sb = deployed("kind-watch");
        sb.env.put("TOPIC", "tranche");
        sb.env.put("FROM", "beginning");
        ScriptSandbox.Run run = sb.make("kind-watch");
        assertEquals(0, run.exit(), run::toString);
        String image = "dealstream/local-stack:" + tags(sb).get("local-stack");
        assertEquals(List.of(
                "kind get clusters",
                KC + "get configmap kafka-client -o jsonpath={.data.KAFKA_BOOTSTRAP_SERVERS}",
                READER_SECRET,
                KC + "run watch-PID --rm -i --quiet --restart=Never --image=" + image + " --image-pull-policy=Never --overrides="
                        + overrides("watch-PID") + " --override-type=strategic --env=KAFKA=kafka:9092 --env=TOPIC=tranche --env=FROM=beginning -- watch",
                KC + "delete pod watch-PID --ignore-not-found --wait=false"), run.calls(), run::toString);
        assertTrue(run.out().contains("==> streaming the events from the in-cluster broker (a pod running " + image
                + " watch; Ctrl-C ends it)"), run::toString);
    }

    @Test
    void kindWatchWithScaleOutReadsWithThePasswordOfTheUserOperatorsSecret() {
        ScriptSandbox sb = deployed("kind-watch-scale-out");
        sb.env.put("STUB_READER_SECRET", "dealstream-reader");
        ScriptSandbox.Run run = sb.make("kind-watch");
        assertEquals(0, run.exit(), run::toString);
        String call = run.calls().stream().filter(c -> c.startsWith(KC + "run ")).findFirst().orElseThrow();
        assertTrue(call.contains("{\"name\":\"KAFKA_SASL_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":"
                + "\"dealstream-reader\",\"key\":\"password\"}}}"), call);
    }

    @Test
    void kindWatchAgainstAConsoleWithoutAPasswordSaysToRunKindUpAndStartsNoPod() {
        ScriptSandbox sb = deployed("kind-watch-no-password");
        sb.env.put("STUB_READER_SECRET", "");
        ScriptSandbox.Run run = sb.kind("watch");
        assertEquals(1, run.exit(), run::toString);
        assertTrue(run.calls().stream().noneMatch(c -> c.startsWith(KC + "run ")), run::toString);
        assertTrue(run.err().endsWith("error: the console of 'dealstream' reads Kafka without a password: make kind-up\n"),
                run::toString);
    }

    @Test
    void kindLagPrintsTheTableFromAPodRunningTheToolsImageWithTheGroupsAndIntervalAsked() {
        ScriptSandbox sb = deployed("kind-lag");
        sb.env.put("GROUP", "compute-service,distribution-service");
        sb.env.put("WATCH", "2");
        ScriptSandbox.Run run = sb.make("kind-lag");
        assertEquals(0, run.exit(), run::toString);
        String image = "dealstream/local-stack:" + tags(sb).get("local-stack");
        assertEquals(List.of(
                "kind get clusters",
                KC + "get configmap kafka-client -o jsonpath={.data.KAFKA_BOOTSTRAP_SERVERS}",
                READER_SECRET,
                KC + "run lag-PID --rm -i --quiet --restart=Never --image=" + image + " --image-pull-policy=Never --overrides="
                        + overrides("lag-PID") + " --override-type=strategic --env=KAFKA=kafka:9092"
                        + " --env=GROUP=compute-service,distribution-service --env=WATCH=2 -- lag",
                KC + "delete pod lag-PID --ignore-not-found --wait=false"), run.calls(), run::toString);
        assertTrue(run.out().contains("==> consumer lag per group from the in-cluster broker's committed offsets (a pod "
                + "running " + image + " lag, every 2 s until Ctrl-C)"), run::toString);
        assertTrue(run.out().contains("lag-PID ran"), run::toString);
    }

    @Test
    void kindLagAloneReadsEveryGroupOnceAndFailsWithThePodWhenItCannotReadTheBroker() {
        ScriptSandbox sb = deployed("kind-lag-once");
        sb.env.put("STUB_POD_EXIT", "1");
        ScriptSandbox.Run run = sb.make("kind-lag");
        assertEquals(2, run.exit(), run::toString);
        String image = "dealstream/local-stack:" + tags(sb).get("local-stack");
        assertEquals(List.of(
                "kind get clusters",
                KC + "get configmap kafka-client -o jsonpath={.data.KAFKA_BOOTSTRAP_SERVERS}",
                READER_SECRET,
                KC + "run lag-PID --rm -i --quiet --restart=Never --image=" + image + " --image-pull-policy=Never --overrides="
                        + overrides("lag-PID") + " --override-type=strategic --env=KAFKA=kafka:9092 -- lag",
                KC + "delete pod lag-PID --ignore-not-found --wait=false"), run.calls(), run::toString);
        assertTrue(run.out().contains("==> consumer lag per group from the in-cluster broker's committed offsets (a pod "
                + "running " + image + " lag)"), run::toString);
        assertTrue(run.err().contains("[mk/kind.mk:18: kind-lag] Error 1"), run::toString);
    }

    @Test
    void kindDemoBeforeKindUpSaysToRunKindUpFirst() {
        ScriptSandbox sb = new ScriptSandbox("kind-demo-first").withCluster("dealstream");
        ScriptSandbox.Run run = sb.kind("demo");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of(), run.calls());
        assertEquals("error: no record of the images kind-up deployed ($ROOT/.local/kind/images): make kind-up first\n",
                run.err());
    }

    @Test
    void kindDemoWithoutAClusterSaysSo() {
        ScriptSandbox sb = deployed("kind-demo-no-cluster");
        Kustomize.write(sb.state.resolve("clusters"), "");
        ScriptSandbox.Run run = sb.kind("demo");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of("kind get clusters"), run.calls());
        assertEquals("error: there is no kind cluster 'dealstream': make kind-up creates it\n", run.err());
    }

    // --- kind-redrive, kind-rebuild ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redrive", "rebuild"})
    void kindRepairRunsTheToolsPodWithTheServiceAndAnAdminTokenSignedHere(String repair) {
        ScriptSandbox sb = deployed("kind-" + repair);
        sb.env.put("SERVICE", "compute");
        ScriptSandbox.Run run = sb.make("kind-" + repair);
        assertEquals(0, run.exit(), run::toString);
        String signedWith = ScriptSandbox.sha256(sb.read(sb.root.resolve(".local/jwt/privateKey.pem"))).substring(0, 8);
        String pod = repair + "-PID";
        assertEquals(List.of(
                "kind get clusters",
                STACK_JAR + "keys",
                STACK_JAR + "token ROLE=deal-admin TTL=15",
                KC + "get configmap kafka-client -o jsonpath={.data.KAFKA_BOOTSTRAP_SERVERS}",
                READER_SECRET,
                KC + "run " + pod + " --rm -i --quiet --restart=Never --image=dealstream/local-stack:"
                        + tags(sb).get("local-stack") + " --image-pull-policy=Never --overrides=" + overrides(pod)
                        + " --override-type=strategic --env=KAFKA=kafka:9092 --env=SERVICE=compute"
                        + " --env=COMPUTE_URL=http://compute-service:8082"
                        + " --env=DISTRIBUTION_URL=http://distribution-service:8083"
                        + " --env=DEAL_ADMIN_TOKEN=stub.deal-admin.15." + signedWith + " -- " + repair,
                KC + "delete pod " + pod + " --ignore-not-found --wait=false"), run.calls(), run::toString);
        assertTrue(run.out().contains("==> asking compute to " + repair + " its funding view from inside the cluster"),
                run::toString);
    }

    @ParameterizedTest(name = "SERVICE={0}")
    @ValueSource(strings = {"", "investment", "compute;rm"})
    void kindRepairOfAServiceThatKeepsNoViewSaysWhichDoAndStartsNoPod(String service) {
        ScriptSandbox sb = deployed("kind-redrive-" + service.hashCode());
        sb.env.put("SERVICE", service);
        ScriptSandbox.Run run = sb.kind("redrive");
        assertEquals(1, run.exit(), run::toString);
        assertEquals(List.of(), run.calls(), run::toString);
        assertEquals("error: SERVICE=" + service + " keeps no funding view: SERVICE=compute or SERVICE=distribution\n",
                run.err());
    }

    // --- kind-down ---

    @Test
    void kindDownDeletesTheClusterWhenItExists() {
        ScriptSandbox sb = new ScriptSandbox("kind-down").withCluster("dealstream");
        ScriptSandbox.Run run = sb.make("kind-down");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("kind get clusters", "kind delete cluster --name dealstream"), run.calls());
        assertTrue(run.out().contains("==> deleting kind cluster 'dealstream' (its data goes with it)"), run::toString);
    }

    @Test
    void kindDownWithoutAClusterDeletesNothing() {
        ScriptSandbox sb = new ScriptSandbox("kind-down-none").withCluster("other");
        ScriptSandbox.Run run = sb.make("kind-down");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("kind get clusters"), run.calls());
        assertEquals("no kind cluster 'dealstream': nothing to delete\n", run.out());
    }

    // --- helpers ---

    /** A sandbox after a successful kind-up. */
    static ScriptSandbox deployed(String name) {
        ScriptSandbox sb = new ScriptSandbox(name);
        ScriptSandbox.Run up = sb.make("kind-up");
        assertEquals(0, up.exit(), up::toString);
        return sb;
    }

    /** A file's permissions as ls shows them, without the type. */
    static String mode(ScriptSandbox sb, String relative) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(sb.root.resolve(relative)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The content tag of each module's image, computed from its inputs. */
    static Map<String, String> tags(ScriptSandbox sb) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String m : ScriptSandbox.modules()) {
            tags.put(m, sb.contentTag(m, sb.env.getOrDefault("BASE_IMAGE", "")));
        }
        return tags;
    }

    /** The images of the services' and the console's Deployments, by Deployment. */
    static Map<String, String> images(Map<String, String> tags) {
        Map<String, String> images = new TreeMap<>();
        for (String s : ScriptSandbox.APPLICATIONS) {
            images.put(s, "dealstream/" + s + ":" + tags.get(s));
        }
        return images;
    }

    static String recorded(Map<String, String> tags) {
        StringBuilder b = new StringBuilder();
        tags.forEach((m, t) -> b.append("dealstream/").append(m).append(' ').append(t).append('\n'));
        return b.toString();
    }

    /** The images of the applied Deployments, by container (each must be Never pulled). */
    static Map<String, String> deployedImages(String manifests) {
        Map<String, String> images = new TreeMap<>();
        for (HasMetadata o : Model.parse(manifests)) {
            if (o instanceof Deployment d) {
                for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                    if (c.getImage().startsWith("dealstream/")) {
                        assertEquals("Never", c.getImagePullPolicy(), d.getMetadata().getName());
                        images.put(c.getName(), c.getImage());
                    }
                }
            }
        }
        return images;
    }

    /** kind-up's commands: the cluster created or reused, the images built (those of modules in built), loaded, applied. */
    static List<String> kindUp(Map<String, String> tags, boolean create, Set<String> built) {
        List<String> c = new ArrayList<>();
        c.add("docker info");
        c.add("kind get clusters");
        if (create) {
            c.add("kind create cluster --name dealstream --config k8s/kind/cluster.yaml --wait 120s");
        }
        c.add(MVN);
        c.add(STACK_JAR + "keys");
        for (String m : ScriptSandbox.modules()) {
            String image = "dealstream/" + m + ":" + tags.get(m);
            c.add("docker image inspect " + image);
            if (built.contains(m)) {
                c.add("docker build -q -f " + m + "/src/main/docker/Dockerfile.jvm -t " + image + " " + m);
            }
        }
        c.add("kubectl kustomize $ROOT/.local/kind");
        for (String m : LOADED) {
            String image = "dealstream/" + m + ":" + tags.get(m);
            c.add("docker image inspect " + image);
            c.add("kind load docker-image " + image + " --name dealstream");
        }
        c.add("kubectl --context kind-dealstream get namespace dealstream");
        if (create) {
            c.add("kubectl --context kind-dealstream create namespace dealstream");
        }
        c.add(KC + "create secret generic dealstream-jwt --from-file=publicKey.pem=$ROOT/.local/jwt/publicKey.pem "
                + "--dry-run=client -o yaml");
        c.add(KC + "apply -f " + JWT_SECRET_FILE);
        for (String user : KafkaContract.USERS) {
            c.add(KC + "create secret generic kafka-user-" + user + " --from-file=password=$ROOT/.local/kafka/" + user
                    + " --dry-run=client -o yaml");
        }
        c.add(KC + "apply -f " + KAFKA_USERS_FILE);
        c.add(KC + "delete job kafka-topics --ignore-not-found");
        c.add("kubectl --context kind-dealstream apply -f $ROOT/.local/kind/manifests.yaml");
        c.add(KC + "rollout status statefulset/postgres --timeout=300s");
        c.add(KC + "rollout status statefulset/kafka --timeout=300s");
        c.add(KC + "wait job/kafka-topics --for=condition=complete --timeout=300s");
        for (String s : ConsistencyTest.SERVICES) {
            c.add(KC + "rollout status deployment/" + s + " --timeout=600s");
        }
        c.add(KC + "rollout status deployment/console --timeout=300s");
        return c;
    }

    static String overrides(String pod) {
        return "{\"apiVersion\":\"v1\",\"metadata\":{\"labels\":{\"app.kubernetes.io/name\":\"local-stack\"}},\"spec\":{\"enableServiceLinks\":false,\"automountServiceAccountToken\":false,"
                + "\"securityContext\":{\"runAsNonRoot\":true,\"runAsUser\":185,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}},"
                + "\"containers\":[{\"name\":\"" + pod + "\",\"securityContext\":{\"allowPrivilegeEscalation\":false,"
                + "\"capabilities\":{\"drop\":[\"ALL\"]}},\"env\":[{\"name\":\"KAFKA_SASL_USERNAME\",\"value\":"
                + "\"dealstream-reader\"},{\"name\":\"KAFKA_SASL_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":"
                + "\"kafka-user-dealstream-reader\",\"key\":\"password\"}}}]}]}}";
    }

    /**
     * kind-demo's commands: the key pair checked against the one deployed, three tokens signed here (the stub's stand-ins
     * name the role, investor and TTL and the private key they were signed with), the pod given the tokens.
     */
    static List<String> demo(ScriptSandbox sb, String toolsTag) {
        String signedWith = ScriptSandbox.sha256(sb.read(sb.root.resolve(".local/jwt/privateKey.pem"))).substring(0, 8);
        return List.of(
                "kind get clusters",
                STACK_JAR + "keys",
                STACK_JAR + "token ROLE=deal-admin TTL=15",
                STACK_JAR + "token ROLE=investor INVESTOR=Amazon TTL=15",
                STACK_JAR + "token ROLE=investor INVESTOR=SoftBank TTL=15",
                KC + "get configmap kafka-client -o jsonpath={.data.KAFKA_BOOTSTRAP_SERVERS}",
                READER_SECRET,
                KC + "run demo-PID --rm -i --quiet --restart=Never --image=dealstream/local-stack:" + toolsTag
                        + " --image-pull-policy=Never --overrides=" + overrides("demo-PID") + " --override-type=strategic --env=KAFKA=kafka:9092"
                        + " --env=INVESTMENT_URL=http://investment-service:8081 --env=COMPUTE_URL=http://compute-service:8082"
                        + " --env=DISTRIBUTION_URL=http://distribution-service:8083"
                        + " --env=DEAL_ADMIN_TOKEN=stub.deal-admin.15." + signedWith
                        + " --env=AMAZON_TOKEN=stub.investor.Amazon.15." + signedWith
                        + " --env=SOFTBANK_TOKEN=stub.investor.SoftBank.15." + signedWith + " -- demo",
                KC + "delete pod demo-PID --ignore-not-found --wait=false");
    }

    /** The applied files that hold the manifests (the Deployments), in order. */
    static List<String> manifests(ScriptSandbox sb) {
        return sb.applied().stream().filter(f -> Model.parse(f).stream().anyMatch(Deployment.class::isInstance)).toList();
    }

    /** The data of the one Secret in an applied file, decoded; fails unless it is Secret dealstream-jwt alone. */
    static Map<String, String> secretData(String applied) {
        List<HasMetadata> docs = Model.parse(applied);
        assertEquals(1, docs.size(), applied);
        Secret secret = (Secret) docs.get(0);
        assertEquals("dealstream-jwt", secret.getMetadata().getName());
        assertEquals("dealstream", secret.getMetadata().getNamespace());
        return Rendered.secretData(secret);
    }

    /** The key annotation of each service's pods (and the console's, which must have none), by Deployment. */
    static Map<String, String> keyAnnotations(String manifests) {
        Map<String, String> found = new TreeMap<>();
        for (HasMetadata o : Model.parse(manifests)) {
            if (o instanceof Deployment d && ScriptSandbox.APPLICATIONS.contains(d.getMetadata().getName())) {
                Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
                found.put(d.getMetadata().getName(), annotations == null ? null : annotations.get(KEY_ANNOTATION));
            }
        }
        return found;
    }

    /** What {@link #keyAnnotations} must be for this public key: its SHA-256 on the services, nothing on the console. */
    static Map<String, String> keyHashes(String publicKey) {
        Map<String, String> expected = new TreeMap<>();
        ConsistencyTest.SERVICES.forEach(s -> expected.put(s, ScriptSandbox.sha256(
                publicKey.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        expected.put(ConsistencyTest.CONSOLE, null);
        return expected;
    }
}
