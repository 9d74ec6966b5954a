package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.observability.yml (make compose-up OBSERVABILITY=1) wires what the Kubernetes component wires: the
 * same image, Grafana on 127.0.0.1 only, the services' spans to otel-lgtm's collector, the component's own dashboard and
 * provider files, and a scrape of each service's /q/metrics at the port compose runs it on.
 */
class ComposeObservabilityTest {

    static final String OVERRIDE = "docker-compose.observability.yml";
    static final String PROMETHEUS = "docker/observability/prometheus.yaml";
    static final String LGTM = ObservabilityComponentTest.NAME;

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services(String file) {
        try {
            String text = Files.readString(Kustomize.root().resolve(file));
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return (Map<String, Map<String, Object>>) doc.get("services");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** otel-lgtm's container in the kind overlay with the component: the same image runs in both. */
    static Container kubernetesLgtm() {
        return ObservabilityComponentTest.lgtmContainer(Rendered.of(Kustomize.variant("kind",
                ObservabilityComponentTest.COMPONENT)));
    }

    static int kubernetesPort(String name) {
        return ConsistencyTest.containerPort(List.of(kubernetesLgtm()), new IntOrString(name), "otel-lgtm's " + name);
    }

    @Test
    void theOverrideAddsOtelLgtmAndSendsEachServicesSpansToItsCollector() {
        Map<String, Map<String, Object>> override = services(OVERRIDE);
        List<String> expected = new ArrayList<>(List.of(LGTM));
        expected.addAll(ConsistencyTest.SERVICES);
        assertEquals(expected.stream().sorted().toList(), override.keySet().stream().sorted().toList(),
                "the services of " + OVERRIDE);
        assertEquals(kubernetesLgtm().getImage(), override.get(LGTM).get("image"), "the image Kubernetes runs");
        Map<String, Map<String, Object>> base = ComposeFileTest.services();
        for (String name : ConsistencyTest.SERVICES) {
            Map<String, Object> service = override.get(name);
            assertEquals(List.of("environment"), List.copyOf(service.keySet()), name + ": the override changes its "
                    + "environment only");
            Map<?, ?> env = (Map<?, ?>) service.get("environment");
            assertEquals(Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://" + LGTM + ":" + kubernetesPort("otlp-http"),
                    "QUARKUS_OTEL_TRACES_SAMPLER_ARG", "1"), env, name + ": its spans go to otel-lgtm's "
                    + "collector (OTLP over HTTP)");
            env.keySet().forEach(v -> assertTrue(ServiceSettings.of(name).reads((String) v), name + " reads " + v));
            Map<?, ?> baseEnv = (Map<?, ?>) base.get(name).get("environment");
            env.keySet().forEach(v -> assertFalse(baseEnv.containsKey(v), name + ": docker-compose.yml sets " + v
                    + " already"));
        }
        assertTrue(override.get(LGTM).get("mem_limit") != null, "otel-lgtm has a memory limit");
    }

    @Test
    void grafanaIsPublishedOnLoopbackOnlyAndNothingElseIs() {
        Map<String, List<String>> published = new TreeMap<>();
        services(OVERRIDE).forEach((name, s) -> {
            if (s.get("ports") != null) {
                List<String> ports = new ArrayList<>();
                ((List<?>) s.get("ports")).forEach(p -> ports.add(String.valueOf(p)));
                published.put(name, ports);
            }
        });
        int grafana = kubernetesPort("grafana");
        assertEquals(Map.of(LGTM, List.of("127.0.0.1:3000:" + grafana)), published, "the ports " + OVERRIDE
                + " publishes");
    }

    /** The dashboard and its provider are the component's files, mounted where the component mounts them. */
    @Test
    void grafanaGetsTheComponentsDashboardAndProviderAndPrometheusItsComposeConfiguration() throws IOException {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : (List<?>) services(OVERRIDE).get(LGTM).get("volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            assertEquals(3, parts.length, "source:target:ro, " + volume);
            assertEquals("ro", parts[2], volume + " is mounted read-only");
            Path source = Kustomize.root().resolve(parts[0]).normalize();
            assertTrue(Files.isRegularFile(source), volume + ": no file " + source);
            mounts.put(parts[1], Kustomize.relative(Kustomize.root(), source));
        }
        String component = Kustomize.relative(Kustomize.root(), ObservabilityComponentTest.DIR);
        assertEquals(Map.of(
                ObservabilityComponentTest.PROMETHEUS_CONFIG, PROMETHEUS,
                ObservabilityComponentTest.PROVISIONING + "dealstream.yaml", component + "/grafana-dashboards.yaml",
                ObservabilityComponentTest.PROVISIONING + "dealstream/dealstream.json", component + "/dashboards/dealstream.json"),
                mounts, "what otel-lgtm gets, and from where");
        // the same files the component's ConfigMaps are generated from
        JsonNode kustomization = Model.documents(ConsistencyTest.read(ObservabilityComponentTest.DIR
                .resolve("kustomization.yaml"))).get(0);
        List<String> generated = new ArrayList<>();
        kustomization.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> generated.add(component + "/"
                + f.asText())));
        assertTrue(generated.containsAll(List.of(component + "/grafana-dashboards.yaml",
                component + "/dashboards/dealstream.json")), generated.toString());
        String home = String.valueOf(((Map<?, ?>) services(OVERRIDE).get(LGTM).get("environment"))
                .get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
        assertEquals(ObservabilityComponentTest.PROVISIONING + "dealstream/dealstream.json", home, "Grafana's home page");
    }

    /** Compose's Prometheus scrapes each service by its compose name at the port it listens on, labelled service. */
    @Test
    void prometheusScrapesEachServiceWhereComposeRunsIt() {
        JsonNode config = Model.documents(ConsistencyTest.read(Kustomize.root().resolve(PROMETHEUS))).get(0);
        JsonNode job = ObservabilityComponentTest.scrapeJob(config);
        assertEquals("/q/metrics", job.path("metrics_path").asText());
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode sc : job.path("static_configs")) {
            for (JsonNode t : sc.path("targets")) {
                targets.put(sc.path("labels").path("service").asText(), t.asText());
            }
        }
        Map<String, String> expected = new TreeMap<>();
        Map<String, Map<String, Object>> base = ComposeFileTest.services();
        for (String name : ConsistencyTest.SERVICES) {
            Map<?, ?> env = (Map<?, ?>) base.get(name).get("environment");
            expected.put(name, name + ":" + env.get("QUARKUS_HTTP_PORT"));
        }
        assertEquals(expected, targets, "service label -> target");
        // the image's own settings, as the component keeps them
        JsonNode kubernetes = Model.documents(ConsistencyTest.read(ObservabilityComponentTest.DIR
                .resolve("prometheus.yaml"))).get(0);
        for (String section : List.of("global", "otlp", "storage")) {
            assertEquals(kubernetes.path(section), config.path(section), section + " of both Prometheus configurations");
        }
    }
}
