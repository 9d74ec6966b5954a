package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docker-compose.yml runs what Kubernetes runs: the same memory limits, PostgreSQL version, loopback-only ports. */
class ComposeFileTest {

    /** Each compose service and the workload whose container it is in Kubernetes. */
    static final Map<String, String> WORKLOADS = Map.of(
            "postgres", "StatefulSet/postgres",
            "kafka", "StatefulSet/kafka",
            "kafka-topics", "Job/kafka-topics",
            "investment-service", "Deployment/investment-service",
            "compute-service", "Deployment/compute-service",
            "distribution-service", "Deployment/distribution-service",
            "console", "Deployment/console");

    static final List<String> PROBE = List.of("CMD", "java", "-XX:TieredStopAtLevel=1", "-Xss256k", "-Xmx16m",
            "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", "/deployments/lib/main/*",
            "io.dealstream.platform.health.ReadinessProbe");
    /** The console has no platform module: its own probe, from its application jar. */
    static final List<String> CONSOLE_PROBE = List.of("CMD", "java", "-XX:TieredStopAtLevel=1", "-Xss256k", "-Xmx16m",
            "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", "/deployments/app/*",
            "io.dealstream.console.ConsoleReadinessProbe");

    /**
     * The compose file as compose reads it: YAML merge keys ({@code <<: *service}) resolved. SnakeYAML is the parser
     * under jackson-dataformat-yaml; Jackson itself does not resolve merge keys.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) document().get("services");
    }

    static Map<String, Object> document() {
        try {
            String text = Files.readString(Kustomize.root().resolve("docker-compose.yml"));
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Container container(Rendered r, String workload) {
        PodTemplateSpec t = r.podTemplates().get(workload);
        assertTrue(t != null, r + ": no " + workload);
        List<Container> containers = t.getSpec().getContainers();
        assertEquals(1, containers.size(), r + ": " + workload + " has one container");
        return containers.get(0);
    }

    /** Compose's byte units (b, k, m, g: powers of 1024, as the engine reads them); -1 when unreadable. */
    static long composeBytes(Object value) {
        if (value == null) {
            return -1;
        }
        Matcher m = Pattern.compile("([0-9]+)([bkmg]?)").matcher(value.toString().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }

    @Test
    void everyContainerHasTheMemoryLimitOfItsKubernetesContainer() {
        Map<String, Map<String, Object>> services = services();
        assertEquals(new TreeMap<>(WORKLOADS).keySet(), new TreeMap<>(services).keySet(), "the compose services");
        Map<String, Object> limits = new TreeMap<>();
        services.forEach((name, s) -> limits.put(name, s.get("mem_limit")));
        assertEquals(new TreeMap<>(Map.of("postgres", "512m", "kafka", "1g", "kafka-topics", "512m",
                "investment-service", "768m", "compute-service", "768m", "distribution-service", "768m", "console", "512m")),
                limits,
                "mem_limit of each service");
        for (String overlay : Kustomize.OVERLAYS) {
            Rendered r = Rendered.of(Kustomize.variant(overlay));
            for (var e : WORKLOADS.entrySet()) {
                Quantity limit = container(r, e.getValue()).getResources().getLimits().get("memory");
                assertEquals(Quantity.getAmountInBytes(limit), new BigDecimal(composeBytes(limits.get(e.getKey()))),
                        e.getKey() + ": mem_limit " + limits.get(e.getKey()) + " vs " + r + " " + e.getValue()
                                + " memory limit " + limit);
            }
        }
    }

    @Test
    void theServicesHealthcheckNeedsOnlyTheJvm() {
        for (var e : services().entrySet()) {
            Object healthcheck = e.getValue().get("healthcheck");
            if (healthcheck != null) {
                String test = String.valueOf(((Map<?, ?>) healthcheck).get("test"));
                assertFalse(test.matches("(?s).*\\bbash\\b.*"), e.getKey() + "'s healthcheck needs bash: " + test);
            }
        }
        for (String service : ConsistencyTest.SERVICES) {
            Map<?, ?> healthcheck = (Map<?, ?>) services().get(service).get("healthcheck");
            assertEquals(PROBE, healthcheck.get("test"), service + "'s healthcheck");
        }
        Map<?, ?> console = (Map<?, ?>) services().get(ConsistencyTest.CONSOLE).get("healthcheck");
        assertEquals(CONSOLE_PROBE, console.get("test"), "the console's healthcheck");
        assertTrue(ConsistencyTest.read(Kustomize.root().resolve(
                        "console/src/main/java/io/dealstream/console/ConsoleReadinessProbe.java"))
                .contains("QUARKUS_HTTP_PORT"),
                "the console's probe asks the port QUARKUS_HTTP_PORT names");
    }

    @Test
    void everyPortIsPublishedOnLoopbackOnly() {
        Map<String, List<String>> published = new TreeMap<>();
        services().forEach((name, s) -> {
            if (s.get("ports") != null) {
                List<String> ports = new ArrayList<>();
                ((List<?>) s.get("ports")).forEach(p -> ports.add(String.valueOf(p)));
                published.put(name, ports);
            }
        });
        assertEquals(new TreeMap<>(Map.of("kafka", List.of("127.0.0.1:9094:9094"),
                "investment-service", List.of("127.0.0.1:8081:8081"),
                "compute-service", List.of("127.0.0.1:8082:8082"),
                "distribution-service", List.of("127.0.0.1:8083:8083"),
                "console", List.of("127.0.0.1:8084:8084"))), published, "the published ports");
    }

    /**
     * The console starts once the services and the broker are healthy, reads each service at its container's name and
     * port and the broker at the listener the services use, and answers on the port it publishes.
     */
    @Test
    void theConsoleReadsTheServicesByTheirContainerNamesAndIsPublishedOn8084() {
        Map<String, Map<String, Object>> services = services();
        Map<String, Object> console = services.get(ConsistencyTest.CONSOLE);
        assertEquals(Map.of("kafka", Map.of("condition", "service_healthy"),
                "investment-service", Map.of("condition", "service_healthy"),
                "compute-service", Map.of("condition", "service_healthy"),
                "distribution-service", Map.of("condition", "service_healthy")), console.get("depends_on"),
                "what the console waits for");
        Map<String, String> env = new TreeMap<>();
        ((Map<?, ?>) console.get("environment")).forEach((k, v) -> env.put((String) k, String.valueOf(v)));
        assertEquals(new TreeMap<>(Map.of("QUARKUS_HTTP_PORT", "8084",
                "INVESTMENT_URL", "http://investment-service:8081",
                "COMPUTE_URL", "http://compute-service:8082",
                "DISTRIBUTION_URL", "http://distribution-service:8083",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_SASL_USERNAME", "dealstream-reader",
                "KAFKA_SASL_PASSWORD", "${KAFKA_PASSWORD_DEALSTREAM_READER}",
                "JAVA_OPTS_APPEND", "-XX:MaxRAMPercentage=50.0")), env, "the console's environment");
        for (String service : ConsistencyTest.SERVICES) {
            Map<?, ?> serviceEnv = (Map<?, ?>) services.get(service).get("environment");
            String url = env.get(service.substring(0, service.indexOf('-')).toUpperCase(Locale.ROOT) + "_URL");
            assertEquals("http://" + service + ":" + serviceEnv.get("QUARKUS_HTTP_PORT"), url,
                    "the console reads " + service + " at its container's name and port");
            assertEquals(serviceEnv.get("KAFKA_BOOTSTRAP_SERVERS"), env.get("KAFKA_BOOTSTRAP_SERVERS"),
                    "the console reads the broker " + service + " writes to");
        }
        ServiceSettings settings = ServiceSettings.of(ConsistencyTest.CONSOLE);
        env.keySet().stream().filter(v -> !ConsistencyTest.ENTRYPOINT_VARIABLES.contains(v))
                .filter(v -> !ConsistencyTest.KAFKA_CLIENT_VARIABLES.contains(v))
                .forEach(v -> assertTrue(settings.reads(v), "the console reads " + v));
        assertEquals(8084, settings.httpPort(env));
        assertEquals(Boolean.TRUE, console.get("read_only"), "the console's root filesystem");
        assertEquals(List.of("/tmp"), console.get("tmpfs"), "the console writes /tmp only");
        assertEquals("dealstream/console:" + ConsistencyTest.version(), console.get("image"),
                "the image docker/build-images.sh tags");
    }

    /**
     * The services verify bearer tokens with the public key compose gives them as the secret jwt-public-key (from the
     * file make compose-up names, by hand .local/jwt's), where their MP_JWT_VERIFY_PUBLICKEY_LOCATION points; the
     * console, which writes nothing, gets no key; no compose file names a private key.
     */
    @Test
    void everyServiceVerifiesTokensWithThePublicKeyComposeGivesItAsASecret() throws IOException {
        assertEquals(Map.of("jwt-public-key", Map.of("file", "${DEALSTREAM_JWT_PUBLIC_KEY:-./.local/jwt/publicKey.pem}")),
                document().get("secrets"), "the secrets of docker-compose.yml");
        Map<String, Map<String, Object>> services = services();
        for (String name : ConsistencyTest.SERVICES) {
            assertEquals(List.of(Map.of("source", "jwt-public-key", "target", "jwt-public-key.pem")),
                    services.get(name).get("secrets"), name + "'s secrets");
            Map<?, ?> env = (Map<?, ?>) services.get(name).get("environment");
            // a target without a slash is a file of /run/secrets
            assertEquals("/run/secrets/jwt-public-key.pem", env.get(ConsistencyTest.PUBLIC_KEY_LOCATION),
                    name + " reads the key where compose mounts the secret");
            assertTrue(ServiceSettings.of(name).reads(ConsistencyTest.PUBLIC_KEY_LOCATION), name + " reads "
                    + ConsistencyTest.PUBLIC_KEY_LOCATION);
        }
        Map<String, Object> console = services.get(ConsistencyTest.CONSOLE);
        assertFalse(console.containsKey("secrets"), "the console gets no key");
        for (String file : List.of("docker-compose.yml", "docker-compose.observability.yml",
                "docker/docker-compose.host.yml")) {
            assertFalse(Files.readString(Kustomize.root().resolve(file)).contains("privateKey"), file + " names a private key");
        }
    }

    @Test
    void postgresIsTheMajorVersionKubernetesRuns() {
        String compose = String.valueOf(services().get("postgres").get("image"));
        Map<String, String> majors = new LinkedHashMap<>();
        majors.put("docker-compose.yml", major(compose));
        for (String overlay : Kustomize.OVERLAYS) {
            Rendered r = Rendered.of(Kustomize.variant(overlay));
            majors.put(overlay, major(container(r, "StatefulSet/postgres").getImage()));
        }
        assertEquals("postgres:17", compose, "compose's PostgreSQL image");
        assertEquals(Map.of("docker-compose.yml", "17", "base", "17", "kind", "17"), majors,
                "PostgreSQL's major version in compose and in each overlay");
    }

    /** postgres:17-alpine -> 17; the whole reference when it has no numeric tag. */
    static String major(String image) {
        Matcher m = Pattern.compile("postgres:([0-9]+).*").matcher(image);
        return m.matches() ? m.group(1) : image;
    }
}
