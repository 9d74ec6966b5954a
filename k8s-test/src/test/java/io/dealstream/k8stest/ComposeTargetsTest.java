package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * make compose-up, compose-watch, compose-lag and compose-down (mk/compose.mk with docker/build-images.sh and
 * docker/wait-healthy.sh) run for real in a {@link ScriptSandbox} with a stub docker: the commands, in order, the exit
 * codes and messages.
 * Compose runs the images at the project version (docker-compose.yml names dealstream/<service>:1.0.0-SNAPSHOT).
 */
class ComposeTargetsTest {

    static final String INSPECT = "docker inspect --format {{.Name}} {{.State.Status}} {{.State.ExitCode}} "
            + "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} c1 c2 c3 c4";
    /** local-stack's keys, which compose-up runs for the public key's file. */
    static final String KEYS = "java -Ddealstream.root=$ROOT -jar local-stack/target/local-stack.jar keys";

    static ScriptSandbox compose(String name, String... containers) {
        ScriptSandbox sb = new ScriptSandbox(name);
        Kustomize.write(sb.state.resolve("container-ids"), "c1\nc2\nc3\nc4\n");
        Kustomize.write(sb.state.resolve("containers"), String.join("\n", containers) + "\n");
        return sb;
    }

    static List<String> builds() {
        List<String> c = new ArrayList<>();
        for (String s : ScriptSandbox.APPLICATIONS) {
            c.add("docker build -q -f " + s + "/src/main/docker/Dockerfile.jvm -t dealstream/" + s + ":"
                    + ConsistencyTest.version() + " " + s);
        }
        return c;
    }

    @Test
    void composeUpBuildsTheImagesAtTheProjectVersionStartsThemAndWaitsUntilEachIsHealthy() {
        ScriptSandbox sb = compose("compose-up", "/dealstream-postgres-1 running 0 healthy",
                "/dealstream-kafka-1 running 0 healthy", "/dealstream-investment-service-1 running 0 healthy",
                "/dealstream-topics-1 exited 0 none");
        ScriptSandbox.Run run = sb.make("compose-up");
        assertEquals(0, run.exit(), run::toString);
        // make expands the recipe ($(COMPOSE) asks docker which compose it has) before running its first line
        List<String> expected = new ArrayList<>(List.of("docker compose version"));
        expected.addAll(builds());
        expected.addAll(List.of(KEYS, "docker compose -p dealstream up -d --no-build",
                "docker ps -aq --filter label=com.docker.compose.project=dealstream", INSPECT));
        assertEquals(expected, run.calls(), run::toString);
        String version = ConsistencyTest.version();
        assertTrue(run.out().contains("build-images: built dealstream/investment-service:" + version
                + " dealstream/compute-service:" + version + " dealstream/distribution-service:" + version
                + " dealstream/console:" + version + "\n"), run::toString);
        assertTrue(run.out().contains("wait-healthy: every container of dealstream is healthy\n"), run::toString);
        assertTrue(run.out().endsWith("investment http://localhost:8081  compute http://localhost:8082  distribution "
                + "http://localhost:8083  (/q/swagger-ui)\nconsole http://localhost:8084  (the deal and every event, live)\n"),
                run::toString);
    }

    @Test
    void composeUpGivesComposeThePublicKeyOfTheKeyPairItMadeAndKeepsItOnTheNextRun() {
        ScriptSandbox sb = compose("compose-up-key", "/dealstream-postgres-1 running 0 healthy");
        ScriptSandbox.Run first = sb.make("compose-up");
        assertEquals(0, first.exit(), first::toString);
        String key = sb.root.resolve(".local/jwt/publicKey.pem").toString();
        String publicKey = sb.text(".local/jwt/publicKey.pem");
        ScriptSandbox.Run second = sb.make("compose-up");
        assertEquals(0, second.exit(), second::toString);
        assertEquals("DEALSTREAM_JWT_PUBLIC_KEY=" + key + "\nDEALSTREAM_JWT_PUBLIC_KEY=" + key + "\n",
                sb.text(".stub/state/compose.env"), "compose up reads the secret's file from the variable");
        assertEquals(publicKey, sb.text(".local/jwt/publicKey.pem"), "the second run keeps the pair");
        assertTrue(first.out().contains("the services verify tokens with $ROOT/.local/jwt/publicKey.pem (the private key "
                + "stays beside it)\nDEALSTREAM_JWT_PUBLIC_KEY=$ROOT/.local/jwt/publicKey.pem docker compose -p dealstream up "
                + "-d --no-build\n"), first::toString);
    }

    @Test
    void composeUpWithJwtDirGivesComposeThatPairsPublicKey() {
        ScriptSandbox sb = compose("compose-up-jwt-dir", "/dealstream-postgres-1 running 0 healthy");
        sb.env.put("JWT_DIR", sb.root.resolve("keys-elsewhere").toString());
        ScriptSandbox.Run run = sb.make("compose-up");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("DEALSTREAM_JWT_PUBLIC_KEY=" + sb.root.resolve("keys-elsewhere/publicKey.pem") + "\n",
                sb.text(".stub/state/compose.env"));
        assertFalse(Files.exists(sb.root.resolve(".local/jwt")), "no pair in .local/jwt");
    }

    @Test
    void composeUpWithObservabilityAddsTheOverrideFileAndSaysWhereGrafanaIs() {
        ScriptSandbox sb = compose("compose-up-observability", "/dealstream-postgres-1 running 0 healthy",
                "/dealstream-otel-lgtm-1 running 0 healthy", "/dealstream-topics-1 exited 0 none");
        ScriptSandbox.Run run = sb.make("compose-up", "OBSERVABILITY=1");
        assertEquals(0, run.exit(), run::toString);
        List<String> expected = new ArrayList<>(List.of("docker compose version"));
        expected.addAll(builds());
        expected.addAll(List.of(KEYS, "docker compose -p dealstream -f docker-compose.yml -f docker-compose.observability.yml"
                + " up -d --no-build", "docker ps -aq --filter label=com.docker.compose.project=dealstream", INSPECT));
        assertEquals(expected, run.calls(), run::toString);
        assertTrue(run.out().endsWith("(the deal and every event, live)\ngrafana http://localhost:3000  (the DealStream dashboard; the "
                + "services' traces in Explore, Tempo)\n"), run::toString);
    }

    @Test
    void composeDownWithObservabilityRemovesOtelLgtmToo() {
        ScriptSandbox sb = new ScriptSandbox("compose-down-observability");
        ScriptSandbox.Run run = sb.make("compose-down", "OBSERVABILITY=1");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("docker compose version", "docker compose -p dealstream -f docker-compose.yml -f "
                + "docker-compose.observability.yml down"), run.calls());
    }

    @Test
    void composeUpPackagesTheServicesFirstWhenAJarIsMissing() throws IOException {
        ScriptSandbox sb = compose("compose-up-package", "/dealstream-postgres-1 running 0 healthy");
        Files.delete(sb.root.resolve("compute-service/target/quarkus-app/quarkus-run.jar"));
        ScriptSandbox.Run run = sb.make("compose-up");
        assertEquals(0, run.exit(), run::toString);
        assertEquals("mvn -B package -DskipTests", run.calls().get(0), "make's stack-jars, as for make up: " + run);
        assertEquals(builds(), run.calls().subList(2, 6), "the images of what it packaged: " + run);
        assertEquals(KEYS, run.calls().get(6), run::toString);
    }

    @Test
    void composeUpFailsNamingTheUnhealthyContainerWithItsLastLogLines() {
        ScriptSandbox sb = compose("compose-up-unhealthy", "/dealstream-postgres-1 running 0 healthy",
                "/dealstream-compute-service-1 running 0 unhealthy");
        ScriptSandbox.Run run = sb.make("compose-up");
        assertEquals(2, run.exit(), run::toString);
        // make expands the recipe ($(COMPOSE) asks docker which compose it has) before running its first line
        List<String> expected = new ArrayList<>(List.of("docker compose version"));
        expected.addAll(builds());
        expected.addAll(List.of(KEYS, "docker compose -p dealstream up -d --no-build",
                "docker ps -aq --filter label=com.docker.compose.project=dealstream", INSPECT,
                "docker logs --tail 30 dealstream-compute-service-1"));
        assertEquals(expected, run.calls(), run::toString);
        assertEquals("wait-healthy: dealstream-compute-service-1 is unhealthy:\n"
                + "last log line of dealstream-compute-service-1\n"
                + "make: *** [mk/compose.mk:17: compose-up] Error 1\n", run.err(), run::toString);
    }

    @Test
    void composeUpFailsAtOnceWhenAOneShotStepExitsWithAnError() {
        ScriptSandbox sb = compose("compose-up-step-failed", "/dealstream-postgres-1 running 0 starting",
                "/dealstream-topics-1 exited 3 none");
        ScriptSandbox.Run run = sb.make("compose-up");
        assertEquals(2, run.exit(), run::toString);
        assertEquals("docker logs --tail 30 dealstream-topics-1", run.calls().get(run.calls().size() - 1), run::toString);
        assertTrue(run.err().startsWith("wait-healthy: dealstream-topics-1 exited with 3:\n"), run::toString);
    }

    @Test
    void composeWatchReadsThePublishedBrokerWithLocalStacksWatcherAsTheReader() {
        ScriptSandbox sb = new ScriptSandbox("compose-watch");
        sb.write(".local/kafka/dealstream-reader", "reader-password");
        ScriptSandbox.Run run = sb.make("compose-watch");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("java -Ddealstream.root=$ROOT -jar local-stack/target/local-stack.jar watch"), run.calls());
        assertEquals("KAFKA=localhost:9094\nKAFKA_SASL_USERNAME=dealstream-reader KAFKA_SASL_PASSWORD=reader-password\n",
                sb.text(".stub/state/java.env"));
        assertFalse(run.out().contains("reader-password"), run::toString);
    }

    @Test
    void composeLagReadsThePublishedBrokerWithLocalStacksLagTableAsTheReader() {
        ScriptSandbox sb = new ScriptSandbox("compose-lag");
        ScriptSandbox.Run run = sb.make("compose-lag");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("java -Ddealstream.root=$ROOT -jar local-stack/target/local-stack.jar lag"), run.calls());
        assertEquals("KAFKA=localhost:9094\nKAFKA_SASL_USERNAME=dealstream-reader KAFKA_SASL_PASSWORD="
                + sb.text(".local/kafka/dealstream-reader") + "\n", sb.text(".stub/state/java.env"),
                "the reader's password, made if missing");
    }

    /**
     * compose-up makes each Kafka user's password once in .local/kafka (mode 600) and gives compose every one in the
     * variable docker-compose.yml reads it from; the next run gives the same.
     */
    @Test
    void composeUpGivesComposeEachKafkaUsersPasswordFromLocalKafkaAndKeepsThem() {
        ScriptSandbox sb = compose("compose-up-kafka-passwords", "/dealstream-postgres-1 running 0 healthy");
        ScriptSandbox.Run first = sb.make("compose-up");
        assertEquals(0, first.exit(), first::toString);
        StringBuilder expected = new StringBuilder();
        for (String user : new java.util.TreeSet<>(KafkaContract.USERS)) {
            String password = sb.text(".local/kafka/" + user);
            assertTrue(password.matches("[A-Za-z0-9]{32}"), user + ": " + password);
            assertEquals("rw-------", KindScriptTest.mode(sb, ".local/kafka/" + user), user);
            assertFalse(first.out().contains(password) || first.err().contains(password), "a password in the output");
            expected.append("KAFKA_PASSWORD_").append(user.toUpperCase(java.util.Locale.ROOT).replace('-', '_')).append('=')
                    .append(password).append('\n');
        }
        assertEquals(expected.toString(), sb.text(".stub/state/compose.passwords"), "what compose up reads");
        assertTrue(first.out().contains("the Kafka users' passwords: $ROOT/.local/kafka (one file a user)\n"), first::toString);
        ScriptSandbox.Run second = sb.make("compose-up");
        assertEquals(0, second.exit(), second::toString);
        assertEquals(expected.toString(), sb.text(".stub/state/compose.passwords"), "the second run gives the same");
    }

    @Test
    void composeDownGivesComposeThePasswordsItReadsTheFileWith() {
        ScriptSandbox sb = new ScriptSandbox("compose-down-passwords");
        ScriptSandbox.Run run = sb.make("compose-down");
        assertEquals(0, run.exit(), run::toString);
        assertTrue(sb.text(".stub/state/compose.passwords").contains("KAFKA_PASSWORD_DEALSTREAM_ADMIN="
                + sb.text(".local/kafka/dealstream-admin") + "\n"), run::toString);
        assertEquals("docker compose -p dealstream down\n", run.out(), "the command, no password: " + run);
    }

    @Test
    void composeDownRemovesTheContainersOnly() {
        ScriptSandbox sb = new ScriptSandbox("compose-down");
        ScriptSandbox.Run run = sb.make("compose-down");
        assertEquals(0, run.exit(), run::toString);
        assertEquals(List.of("docker compose version", "docker compose -p dealstream down"), run.calls());
    }
}
