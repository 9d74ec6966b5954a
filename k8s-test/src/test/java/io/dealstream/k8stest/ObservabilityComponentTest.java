package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The observability component's wiring, in every variant that has it: the services send their spans to the port of
 * the otel-lgtm Service that reaches the collector, Grafana's NodePort is the one kind publishes on localhost:3000, the
 * dashboard and Prometheus files reach the container unchanged where the image reads them, and Prometheus may find
 * the services' pods and scrapes them where they serve /q/metrics. The image itself is not pulled here.
 */
class ObservabilityComponentTest {

    static final String COMPONENT = "observability";
    static final String NAME = "otel-lgtm";
    static final Path DIR = Kustomize.k8s().resolve("components").resolve(COMPONENT);
    /** The image's collector listens for OTLP over HTTP on 4318 (its otelcol-config.yaml), Grafana on 3000. */
    static final int OTLP_HTTP = 4318;
    static final int GRAFANA = 3000;
    /** Where grafana/otel-lgtm reads Prometheus' configuration and Grafana's dashboard providers. */
    static final String PROMETHEUS_CONFIG = "/otel-lgtm/prometheus.yaml";
    static final String PROVISIONING = "/otel-lgtm/grafana/conf/provisioning/dashboards/";

    static List<Rendered> withComponent() {
        return Kustomize.variants().stream().filter(v -> v.components().contains(COMPONENT)).map(Rendered::of).toList();
    }

    static List<Rendered> withoutComponent() {
        return Kustomize.variants().stream().filter(v -> !v.components().contains(COMPONENT)).map(Rendered::of).toList();
    }

    @Test
    void theComponentIsRenderedOnEveryOverlayAndWithTheOthers() {
        List<String> names = withComponent().stream().map(Rendered::toString).toList();
        assertTrue(names.containsAll(List.of("base+observability", "kind+observability")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("kind+") && n.contains("scale-out")), names.toString());
    }

    /** Each service's QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the otel-lgtm Service's port that reaches the collector's 4318. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withComponent")
    void theServicesSendTheirSpansToTheCollectorThroughTheOtelLgtmService(Rendered r) {
        Deployment lgtm = r.get(Deployment.class, NAME);
        Service service = r.get(Service.class, NAME);
        assertEquals(List.of(service), r.servicesSelecting(lgtm.getSpec().getTemplate().getMetadata().getLabels()),
                r + ": the Service that selects otel-lgtm's pod");
        for (String name : ConsistencyTest.SERVICES) {
            Map<String, String> env = r.environment(r.appContainer(r.get(Deployment.class, name)));
            URI endpoint = URI.create(env.getOrDefault("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", ""));
            assertEquals("http", endpoint.getScheme(), r + ": " + name + "'s OTLP endpoint " + endpoint);
            assertEquals(NAME, endpoint.getHost(), r + ": " + name + " sends to the otel-lgtm Service");
            ServicePort port = service.getSpec().getPorts().stream().filter(p -> p.getPort() == endpoint.getPort())
                    .findFirst().orElseThrow(() -> new AssertionError(r + ": Service " + NAME + " has no port "
                            + endpoint.getPort() + " (" + name + "'s QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)"));
            assertEquals(OTLP_HTTP, ConsistencyTest.containerPort(lgtm.getSpec().getTemplate().getSpec().getContainers(),
                    port.getTargetPort(), r + ": Service " + NAME), r + ": the container port behind " + endpoint);
            assertEquals("1", env.get("QUARKUS_OTEL_TRACES_SAMPLER_ARG"), r + ": " + name + "'s sampler");
            ServiceSettings settings = ServiceSettings.of(name);
            for (String variable : List.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "QUARKUS_OTEL_TRACES_SAMPLER_ARG")) {
                assertTrue(settings.reads(variable), r + ": " + name + " does not read " + variable);
            }
        }
    }

    /** Without the component nothing is sampled or sent: no service is given an OTEL_* variable. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutComponent")
    void withoutTheComponentNoServiceIsToldToSendSpans(Rendered r) {
        for (String name : ConsistencyTest.SERVICES) {
            Set<String> otel = r.environment(r.appContainer(r.get(Deployment.class, name))).keySet().stream()
                    .filter(v -> v.startsWith("OTEL_")).collect(Collectors.toSet());
            assertEquals(Set.of(), otel, r + ": " + name);
        }
        assertTrue(r.find(Deployment.class, NAME).isEmpty(), r + " runs otel-lgtm");
    }

    /** Grafana's NodePort is the container port kind's cluster.yaml publishes on 127.0.0.1:3000. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withComponent")
    void grafanasNodePortIsTheOneKindPublishesOnLocalhost3000(Rendered r) {
        Service service = r.get(Service.class, NAME);
        assertEquals("NodePort", service.getSpec().getType(), r + ": Service " + NAME);
        ServicePort grafana = service.getSpec().getPorts().stream().filter(p -> "grafana".equals(p.getName()))
                .findFirst().orElseThrow(() -> new AssertionError(r + ": Service " + NAME + " has no port grafana"));
        assertEquals(GRAFANA, ConsistencyTest.containerPort(r.get(Deployment.class, NAME).getSpec().getTemplate()
                .getSpec().getContainers(), grafana.getTargetPort(), r + ": Service " + NAME), r + ": Grafana's port");
        assertNotNull(grafana.getNodePort(), r + ": Grafana's NodePort is fixed, for kind to publish it");
        JsonNode mapping = kindMappings().get(grafana.getNodePort());
        assertNotNull(mapping, r + ": k8s/kind/cluster.yaml does not publish NodePort " + grafana.getNodePort()
                + " (published: " + kindMappings().keySet() + ")");
        assertEquals(GRAFANA, mapping.path("hostPort").asInt(), r + ": the host port of Grafana's NodePort");
        assertEquals("127.0.0.1", mapping.path("listenAddress").asText(), r + ": Grafana on loopback only");
    }

    /** The dashboard in the cluster is the repository's file, where the provider (also the repository's) reads it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withComponent")
    void grafanaGetsTheRepositorysDashboardWhereItsProviderLooks(Rendered r) {
        String dashboard = ConsistencyTest.read(DIR.resolve("dashboards/dealstream.json"));
        String provider = ConsistencyTest.read(DIR.resolve("grafana-dashboards.yaml"));
        Container c = lgtmContainer(r);
        assertEquals(dashboard, mountedFile(r, c, PROVISIONING + "dealstream/dealstream.json"),
                r + ": the dashboard as mounted");
        assertEquals(provider, mountedFile(r, c, PROVISIONING + "dealstream.yaml"), r + ": the provider as mounted");
        JsonNode providers = Model.documents(provider).get(0).path("providers");
        assertEquals(1, providers.size(), provider);
        assertEquals(PROVISIONING + "dealstream", providers.get(0).path("options").path("path").asText(),
                "the provider reads the folder the dashboard is mounted in");
        assertEquals(PROVISIONING + "dealstream/dealstream.json",
                r.environment(c).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"), r + ": Grafana's home page");
        JsonNode parsed = Model.documents(dashboard).get(0);
        assertEquals("DealStream", parsed.path("title").asText());
        assertEquals(Set.of("prometheus"), parsed.findValues("datasource").stream().map(d -> d.path("uid").asText())
                .collect(Collectors.toSet()), "every panel and query asks the image's Prometheus data source");
    }

    /**
     * Prometheus reads the repository's prometheus.yaml, may list the namespace's pods, and keeps exactly the
     * services' pods, at their port named http, on /q/metrics, labelled by service.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withComponent")
    void prometheusFindsTheServicesPodsAndScrapesTheirMetricsPort(Rendered r) {
        Container c = lgtmContainer(r);
        String file = ConsistencyTest.read(DIR.resolve("prometheus.yaml"));
        assertEquals(file, mountedFile(r, c, PROMETHEUS_CONFIG), r + ": Prometheus' configuration as mounted");
        JsonNode job = scrapeJob(Model.documents(file).get(0));
        assertEquals("/q/metrics", job.path("metrics_path").asText());
        JsonNode sd = job.path("kubernetes_sd_configs").get(0);
        assertEquals("pod", sd.path("role").asText());
        assertEquals(List.of("dealstream"), texts(sd.path("namespaces").path("names")));
        Map<String, String> keep = new LinkedHashMap<>();
        Map<String, String> target = new LinkedHashMap<>();
        for (JsonNode rule : job.path("relabel_configs")) {
            String source = texts(rule.path("source_labels")).get(0);
            if ("keep".equals(rule.path("action").asText())) {
                keep.put(source, rule.path("regex").asText());
            } else {
                target.put(rule.path("target_label").asText(), source);
            }
        }
        assertEquals("__meta_kubernetes_pod_label_app_kubernetes_io_name", target.get("service"));
        String component = keep.get("__meta_kubernetes_pod_label_app_kubernetes_io_component");
        String portName = keep.get("__meta_kubernetes_pod_container_port_name");
        List<String> kept = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            if (component.equals(d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component"))) {
                kept.add(d.getMetadata().getName());
            }
        }
        assertEquals(ConsistencyTest.SERVICES.stream().sorted().toList(), kept.stream().sorted().toList(),
                r + ": the Deployments whose pods Prometheus keeps");
        for (String name : ConsistencyTest.SERVICES) {
            Container app = r.appContainer(r.get(Deployment.class, name));
            int metrics = ConsistencyTest.containerPort(List.of(app), new io.fabric8.kubernetes.api.model.IntOrString(
                    portName), r + ": " + name + "'s port " + portName);
            assertEquals(ServiceSettings.of(name).httpPort(r.environment(app)), metrics,
                    r + ": the port Prometheus scrapes is the one " + name + " serves /q/metrics on");
        }
        PodSpec pod = r.get(Deployment.class, NAME).getSpec().getTemplate().getSpec();
        assertEquals(NAME, pod.getServiceAccountName(), r + ": otel-lgtm's service account");
        assertEquals(Boolean.TRUE, pod.getAutomountServiceAccountToken(), r + ": Prometheus needs its token");
        RoleBinding binding = r.all(RoleBinding.class).stream().filter(b -> b.getSubjects().stream()
                .anyMatch(s -> "ServiceAccount".equals(s.getKind()) && NAME.equals(s.getName())
                        && "dealstream".equals(s.getNamespace()))).findFirst()
                .orElseThrow(() -> new AssertionError(r + ": no RoleBinding for ServiceAccount " + NAME));
        Role role = r.get(Role.class, binding.getRoleRef().getName());
        PolicyRule pods = role.getRules().stream().filter(p -> p.getResources().contains("pods")).findFirst()
                .orElseThrow(() -> new AssertionError(r + ": Role " + role.getMetadata().getName() + " has no pods"));
        assertEquals(List.of(""), pods.getApiGroups());
        assertEquals(Set.of("get", "list", "watch"), Set.copyOf(pods.getVerbs()), r + ": what discovery may do");
    }

    /**
     * The image runs as root and writes in several places; here it runs as another user on a read-only root, and
     * every place it writes (README.md names them) is an emptyDir.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withComponent")
    void otelLgtmWritesOnlyToItsEmptyDirs(Rendered r) {
        Container c = lgtmContainer(r);
        PodSpec pod = r.get(Deployment.class, NAME).getSpec().getTemplate().getSpec();
        assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), r + ": " + NAME);
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), r + ": " + NAME);
        assertTrue(pod.getSecurityContext().getRunAsUser() != null && pod.getSecurityContext().getRunAsUser() > 0,
                r + ": a numeric non-root user, since the image's is root");
        Map<String, String> emptyDirs = new TreeMap<>();
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = volume(pod, m.getName());
            if (v.getEmptyDir() != null) {
                assertNotNull(v.getEmptyDir().getSizeLimit(), r + ": emptyDir " + v.getName() + " has no size limit");
                emptyDirs.put(m.getMountPath(), v.getName());
            } else {
                assertEquals(Boolean.TRUE, m.getReadOnly(), r + ": " + m.getMountPath() + " is mounted read-only");
            }
        }
        assertEquals(Set.of("/data", "/tmp", "/var/tempo", "/otel-lgtm/data"), emptyDirs.keySet(), r + ": the emptyDirs");
        Map<String, String> env = r.environment(c);
        assertTrue(env.get("LGTM_CONFIG_DIR").startsWith("/tmp/"), r + ": LGTM_CONFIG_DIR on a volume");
        assertEquals("console", env.get("GF_LOG_MODE"), r + ": Grafana writes no log files");
    }

    // --- helpers ---

    static Container lgtmContainer(Rendered r) {
        List<Container> containers = r.get(Deployment.class, NAME).getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), r + ": " + NAME + "'s containers");
        Container c = containers.get(0);
        assertTrue(c.getImage().startsWith("grafana/otel-lgtm:"), r + ": " + c.getImage());
        return c;
    }

    /** What the container finds at a path: the ConfigMap key mounted there (as a file by subPath, or in a folder). */
    static String mountedFile(Rendered r, Container c, String path) {
        PodSpec pod = r.get(Deployment.class, NAME).getSpec().getTemplate().getSpec();
        for (VolumeMount m : c.getVolumeMounts()) {
            Volume v = volume(pod, m.getName());
            if (v.getConfigMap() == null) {
                continue;
            }
            ConfigMap cm = r.configMap(v.getConfigMap().getName());
            String key = null;
            if (m.getSubPath() != null && m.getMountPath().equals(path)) {
                key = m.getSubPath();
            } else if (m.getSubPath() == null && path.startsWith(m.getMountPath() + "/")) {
                key = path.substring(m.getMountPath().length() + 1);
            }
            if (key != null) {
                return r.configMapValue(cm.getMetadata().getName(), key);
            }
        }
        throw new AssertionError(r + ": nothing of a ConfigMap is mounted at " + path);
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** The scrape job of the services (its name: dealstream). */
    static JsonNode scrapeJob(JsonNode prometheus) {
        for (JsonNode job : prometheus.path("scrape_configs")) {
            if ("dealstream".equals(job.path("job_name").asText())) {
                return job;
            }
        }
        throw new AssertionError("no scrape job dealstream in " + prometheus);
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** k8s/kind/cluster.yaml's extraPortMappings by container (node) port. */
    static Map<Integer, JsonNode> kindMappings() {
        JsonNode cluster = Model.documents(ConsistencyTest.read(Kustomize.k8s().resolve("kind/cluster.yaml"))).get(0);
        Map<Integer, JsonNode> mappings = new TreeMap<>();
        for (JsonNode node : cluster.path("nodes")) {
            for (JsonNode m : node.path("extraPortMappings")) {
                mappings.put(m.path("containerPort").asInt(), m);
            }
        }
        assertFalse(mappings.isEmpty(), "k8s/kind/cluster.yaml publishes nothing");
        return mappings;
    }
}
