package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dealstream.k8stest.NetworkPaths.Connection;
import io.dealstream.k8stest.NetworkPaths.Endpoint;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The namespace denies all traffic but what the system needs, in every overlay and with every component: each
 * connection the workloads' environment, Prometheus' scrape, the NodePorts, DNS, the API and Strimzi make
 * ({@link NetworkPaths}) is allowed at both ends, and connections nothing needs are not.
 */
class NetworkPolicyTest {

    static final String TOOLS = "Pod/demo-PID";

    static List<Rendered> variants() {
        return ConsistencyTest.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theNamespaceDeniesAllTrafficByDefault(Rendered r) {
        NetworkPolicy deny = r.get(NetworkPolicy.class, "default-deny");
        assertTrue(NetworkPaths.matches(deny.getSpec().getPodSelector(), Map.of())
                && deny.getSpec().getPodSelector().getMatchExpressions().isEmpty(), r + ": default-deny selects every pod");
        assertEquals(List.of("Ingress", "Egress"), deny.getSpec().getPolicyTypes(), r + ": default-deny's directions");
        assertEquals(List.of(), deny.getSpec().getIngress(), r + ": default-deny allows no ingress");
        assertEquals(List.of(), deny.getSpec().getEgress(), r + ": default-deny allows no egress");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyConnectionTheSystemMakesIsAllowedAtBothEnds(Rendered r) {
        NetworkPaths paths = NetworkPaths.of(r);
        List<Connection> connections = paths.connections();
        System.out.printf("%s: %d connections%n  %s%n", r, connections.size(), connections.stream()
                .map(Connection::toString).collect(Collectors.joining("\n  ")));
        assertEquals(List.of(), paths.denied(), r + ": connections the NetworkPolicies refuse");
    }

    /** What the base's workloads are given, and the tools pod kind.sh runs, make these connections (DNS aside). */
    @Test
    void theConnectionsComeFromWhatTheWorkloadsAreGiven() {
        Set<String> expected = new TreeSet<>(List.of(
                "Deployment/investment-service -> StatefulSet/postgres:5432",
                "Deployment/investment-service -> StatefulSet/kafka:9092",
                "Deployment/compute-service -> StatefulSet/postgres:5432",
                "Deployment/compute-service -> StatefulSet/kafka:9092",
                "Deployment/distribution-service -> StatefulSet/postgres:5432",
                "Deployment/distribution-service -> StatefulSet/kafka:9092",
                "Deployment/console -> Deployment/investment-service:8081",
                "Deployment/console -> Deployment/compute-service:8082",
                "Deployment/console -> Deployment/distribution-service:8083",
                "Deployment/console -> StatefulSet/kafka:9092",
                "StatefulSet/kafka -> StatefulSet/kafka:9092",
                "Job/kafka-topics -> StatefulSet/kafka:9092",
                TOOLS + " -> StatefulSet/kafka:9092",
                TOOLS + " -> Deployment/investment-service:8081",
                TOOLS + " -> Deployment/compute-service:8082",
                TOOLS + " -> Deployment/distribution-service:8083"));
        NetworkPaths base = NetworkPaths.of(Rendered.of(Kustomize.variant("base")));
        assertEquals(expected, shortly(base.connections().stream().filter(c -> c.to() != base.dns)),
                "the base's connections");
        assertEquals(base.pods.size() * 2, base.connections().stream().filter(c -> c.to() == base.dns).count(),
                "every pod asks the DNS, over UDP and TCP");

        NetworkPaths kind = NetworkPaths.of(Rendered.of(Kustomize.variant("kind")));
        Set<String> fromOutside = shortly(kind.connections().stream().filter(c -> c.from() == kind.outside));
        assertEquals(Set.of("outside the cluster -> Deployment/investment-service:8081",
                "outside the cluster -> Deployment/compute-service:8082",
                "outside the cluster -> Deployment/distribution-service:8083",
                "outside the cluster -> Deployment/console:8084"), fromOutside, "kind's NodePorts");
    }

    @Test
    void theComponentsConnectionsAreDerivedToo() {
        NetworkPaths all = NetworkPaths.of(Rendered.of(Kustomize.variant("kind", "observability", "scale-out")));
        Set<String> found = shortly(all.connections().stream());
        for (String c : List.of(
                "Deployment/compute-service -> Deployment/otel-lgtm:4318",
                "Deployment/otel-lgtm -> Deployment/compute-service:8082",
                "Deployment/otel-lgtm -> the Kubernetes API:443",
                "Deployment/otel-lgtm -> the Kubernetes API:6443",
                "outside the cluster -> Deployment/otel-lgtm:3000",
                "Deployment/compute-service -> Strimzi's broker pods of Kafka/kafka:9092",
                "Deployment/console -> Strimzi's broker pods of Kafka/kafka:9092",
                TOOLS + " -> Strimzi's broker pods of Kafka/kafka:9092",
                "Strimzi's broker pods of Kafka/kafka -> Strimzi's broker pods of Kafka/kafka:9091",
                "Strimzi's cluster operator -> Strimzi's broker pods of Kafka/kafka:8443",
                "Strimzi's entity operator of Kafka/kafka -> the Kubernetes API:6443")) {
            assertTrue(found.contains(c), c + " is not among\n  " + String.join("\n  ", found));
        }
        assertTrue(found.stream().noneMatch(c -> c.contains("StatefulSet/kafka") || c.contains("Job/kafka-topics")),
                "scale-out has no base broker or topics Job: " + found);
    }

    /** What no part of the system needs stays closed: the policies are not a blanket allow. */
    @Test
    void connectionsNothingNeedsAreRefused() {
        NetworkPaths kind = NetworkPaths.of(Rendered.of(Kustomize.variant("kind")));
        Endpoint postgres = kind.pod("StatefulSet/postgres");
        Endpoint kafka = kind.pod("StatefulSet/kafka");
        Endpoint investment = kind.pod("Deployment/investment-service");
        Endpoint compute = kind.pod("Deployment/compute-service");
        Endpoint console = kind.pod("Deployment/console");
        Endpoint tools = kind.pod(TOOLS);
        Endpoint topics = kind.pod("Job/kafka-topics");
        Endpoint internet = Endpoint.outside("a host on the internet", List.of());
        List<Connection> refused = List.of(
                new Connection(console, postgres, 5432, "TCP", "the console has no database"),
                new Connection(tools, postgres, 5432, "TCP", "the tools pod has no database"),
                new Connection(compute, investment, 8081, "TCP", "the services talk through Kafka only"),
                new Connection(topics, investment, 8081, "TCP", "the topics Job talks to the broker only"),
                new Connection(postgres, kafka, 9092, "TCP", "PostgreSQL talks to no one"),
                new Connection(investment, internet, 443, "TCP", "the services call nothing outside"),
                new Connection(kind.outside, postgres, 5432, "TCP", "PostgreSQL has no NodePort"),
                new Connection(kind.outside, kafka, 9092, "TCP", "the broker has no NodePort"),
                new Connection(console, kafka, 9093, "TCP", "the controller port is the broker's own"));
        for (Connection c : refused) {
            assertTrue(!kind.denied(c).isEmpty(), "allowed, though nothing needs it: " + c);
        }
        assertEquals(List.of("Deployment/console -> StatefulSet/postgres:5432/TCP (the console has no database): no "
                + "NetworkPolicy allows its egress from Deployment/console", "Deployment/console -> StatefulSet/postgres:5432/TCP "
                + "(the console has no database): no NetworkPolicy allows its ingress to StatefulSet/postgres"),
                kind.denied(refused.get(0)));
    }

    /** A policy that loses its rule for the broker's clients breaks exactly their connections, each named. */
    @Test
    void withoutTheBrokersIngressRuleTheCheckNamesEveryClientItCutsOff() {
        Rendered base = Rendered.of(Kustomize.variant("base"));
        NetworkPolicy kafka = copy(base.get(NetworkPolicy.class, "kafka"));
        kafka.getSpec().getIngress().remove(0);
        List<String> denied = NetworkPaths.of(base.replacing(kafka)).denied();
        String ingress = ": no NetworkPolicy allows its ingress to StatefulSet/kafka";
        assertEquals(List.of(
                "Deployment/compute-service -> StatefulSet/kafka:9092/TCP (wait-for-kafka: KAFKA_BOOTSTRAP_SERVERS=kafka:9092,"
                        + " Service kafka)" + ingress,
                "Deployment/console -> StatefulSet/kafka:9092/TCP (console: KAFKA_BOOTSTRAP_SERVERS=kafka:9092, Service kafka)"
                        + ingress,
                "Deployment/distribution-service -> StatefulSet/kafka:9092/TCP (wait-for-kafka: KAFKA_BOOTSTRAP_SERVERS="
                        + "kafka:9092, Service kafka)" + ingress,
                "Deployment/investment-service -> StatefulSet/kafka:9092/TCP (wait-for-kafka: KAFKA_BOOTSTRAP_SERVERS="
                        + "kafka:9092, Service kafka)" + ingress,
                "Job/kafka-topics -> StatefulSet/kafka:9092/TCP (create-topics: KAFKA_BOOTSTRAP_SERVERS=kafka:9092, Service "
                        + "kafka)" + ingress,
                TOOLS + " (make kind-watch, kind-lag, kind-demo) -> StatefulSet/kafka:9092/TCP (KAFKA=kafka:9092, Service kafka)"
                        + ingress), denied.stream().sorted().toList());
    }

    /** A client policy that loses its egress rule breaks that client's connections, named from its side. */
    @Test
    void withoutTheServicesEgressToPostgresTheCheckNamesEachService() {
        Rendered base = Rendered.of(Kustomize.variant("base"));
        NetworkPolicy services = copy(base.get(NetworkPolicy.class, "services"));
        services.getSpec().getEgress().removeIf(rule -> rule.getPorts().stream()
                .anyMatch(p -> p.getPort().getIntVal() != null && p.getPort().getIntVal() == 5432));
        List<String> denied = NetworkPaths.of(base.replacing(services)).denied();
        assertEquals(List.of(
                "Deployment/compute-service -> StatefulSet/postgres:5432/TCP (wait-for-postgres: DB_URL="
                        + "jdbc:postgresql://postgres:5432/compute, Service postgres): no NetworkPolicy allows its egress from "
                        + "Deployment/compute-service",
                "Deployment/distribution-service -> StatefulSet/postgres:5432/TCP (wait-for-postgres: DB_URL="
                        + "jdbc:postgresql://postgres:5432/distribution, Service postgres): no NetworkPolicy allows its egress "
                        + "from Deployment/distribution-service",
                "Deployment/investment-service -> StatefulSet/postgres:5432/TCP (wait-for-postgres: DB_URL="
                        + "jdbc:postgresql://postgres:5432/investment, Service postgres): no NetworkPolicy allows its egress "
                        + "from Deployment/investment-service"), denied.stream().sorted().toList());
    }

    /** The label kind.sh gives the tools pod is the one the policies let reach the broker and the APIs. */
    @Test
    void theToolsPodCarriesTheLabelThePoliciesAllow() {
        ToolsPod tools = ToolsPod.ofKindDemo();
        assertEquals("local-stack", tools.pod().getMetadata().getLabels().get("app.kubernetes.io/name"),
                "kind.sh's overrides label the pod");
        ToolsPod unlabelled = ToolsPod.parse(KindScriptTest.KC + "run demo-PID --rm -i --overrides={\"apiVersion\":\"v1\","
                + "\"spec\":{}} --override-type=strategic --env=KAFKA=kafka:9092"
                + " --env=INVESTMENT_URL=http://investment-service:8081 -- demo");
        NetworkPaths paths = new NetworkPaths(Rendered.of(Kustomize.variant("kind")), unlabelled);
        String unlabelledPod = "Pod/demo-PID (make kind-watch, kind-lag, kind-demo)";
        assertEquals(List.of(
                unlabelledPod + " -> StatefulSet/kafka:9092/TCP (KAFKA=kafka:9092, Service kafka): no NetworkPolicy allows "
                        + "its egress from " + unlabelledPod,
                unlabelledPod + " -> StatefulSet/kafka:9092/TCP (KAFKA=kafka:9092, Service kafka): no NetworkPolicy allows "
                        + "its ingress to StatefulSet/kafka",
                "Pod/demo-PID (make kind-watch, kind-lag, kind-demo) -> Deployment/investment-service:8081/TCP (INVESTMENT_URL="
                        + "http://investment-service:8081, Service investment-service): no NetworkPolicy allows its egress from "
                        + "Pod/demo-PID (make kind-watch, kind-lag, kind-demo)"),
                paths.denied().stream().filter(d -> d.startsWith(TOOLS)).toList(),
                "a tools pod without the label is cut off (on kind the NodePort policy still lets it into the APIs)");
    }

    private static Set<String> shortly(Stream<Connection> connections) {
        return connections.map(c -> c.from().name().replace(" (make kind-watch, kind-lag, kind-demo)", "") + " -> "
                + c.to().name() + ":" + c.port()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static NetworkPolicy copy(NetworkPolicy p) {
        ObjectMapper json = new ObjectMapper();
        return json.convertValue(json.valueToTree(p), NetworkPolicy.class);
    }
}
