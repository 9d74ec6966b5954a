package io.dealstream.k8stest;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaResources;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who talks to whom in a rendered variant, and whether its NetworkPolicies let it, as Kubernetes applies them (a pod
 * selected by a policy of a direction is isolated in it; a connection passes when a policy allows its egress from the
 * client's pod and one allows its ingress to the target's pod, on the target pod's port).
 *
 * <p>The connections are derived, not listed: every {@code host:port} and URL in a container's environment whose host
 * is a Service of the variant (or Strimzi's bootstrap Service) goes to the pods that Service selects, at the port it
 * targets; Prometheus' scrape goes where its mounted configuration keeps targets; and what the platform does by
 * design: every pod asks the cluster's DNS, a chosen NodePort takes calls from outside the cluster, a pod whose service account
 * a RoleBinding grants something calls the Kubernetes API, Strimzi's operator and brokers talk on Strimzi's ports.
 */
final class NetworkPaths {

    static final String NAMESPACE = "dealstream";
    /** The tools pod's environment variable kind.sh fills from ConfigMap kafka-client. */
    static final String TOOLS_KAFKA = "KAFKA";
    /** Strimzi 0.49.1's fixed ports of a broker pod (KafkaCluster: CONTROLPLANE_PORT, REPLICATION_PORT, KAFKA_AGENT_PORT). */
    static final int STRIMZI_CONTROL_PLANE = 9090;
    static final int STRIMZI_REPLICATION = 9091;
    static final int STRIMZI_AGENT = 8443;
    /** The API server behind Service kubernetes: its 443, and 6443, where kind's (kubeadm's) API server listens. */
    static final List<Integer> API_PORTS = List.of(443, 6443);

    /** A host:port, possibly in a URL (scheme://, user@ and a path around it). */
    private static final Pattern ADDRESS = Pattern.compile(
            "^(?:[A-Za-z][A-Za-z0-9+.-]*:)*(?://)?(?:[^@/\\s]*@)?([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):([0-9]{1,5})(?:/.*)?$");

    /** One end: a pod (its labels, namespace and ports) or a party outside the pod network (no namespace). */
    record Endpoint(String name, String namespace, Map<String, String> labels, Map<String, String> namespaceLabels,
            List<ContainerPort> ports) {

        static Endpoint outside(String name, List<ContainerPort> ports) {
            return new Endpoint(name, null, Map.of(), Map.of(), ports);
        }

        boolean isOutside() {
            return namespace == null;
        }

        Optional<ContainerPort> named(String portName) {
            return ports.stream().filter(p -> portName.equals(p.getName())).findFirst();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Connection(Endpoint from, Endpoint to, int port, String protocol, String because) {
        @Override
        public String toString() {
            return from + " -> " + to + ":" + port + "/" + protocol + " (" + because + ")";
        }
    }

    final Rendered rendered;
    final List<NetworkPolicy> policies = new ArrayList<>();
    final List<Endpoint> pods = new ArrayList<>();
    final Map<Endpoint, Map<String, String>> environments = new LinkedHashMap<>();
    final Map<String, String> namespaceLabels = new LinkedHashMap<>();
    final Endpoint dns;
    final Endpoint outside = Endpoint.outside("outside the cluster", List.of());
    final Endpoint api;
    private Endpoint strimziBrokers;
    private Endpoint strimziEntityOperator;
    private Endpoint strimziOperator;

    NetworkPaths(Rendered r, ToolsPod tools) {
        this.rendered = r;
        namespaceLabels.put("kubernetes.io/metadata.name", NAMESPACE);
        r.all(Namespace.class).stream().filter(n -> NAMESPACE.equals(n.getMetadata().getName())).findFirst()
                .map(n -> n.getMetadata().getLabels()).ifPresent(namespaceLabels::putAll);
        dns = new Endpoint("kube-system/kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"),
                Map.of("kubernetes.io/metadata.name", "kube-system"), List.of(port("dns", 53, "UDP"), port("dns-tcp", 53, "TCP")));
        api = Endpoint.outside("the Kubernetes API", API_PORTS.stream().map(p -> port(null, p, "TCP")).toList());
        policies.addAll(r.all(NetworkPolicy.class));
        r.podTemplates().forEach((workload, template) -> {
            Endpoint pod = pod(workload, template.getMetadata().getLabels(), portsOf(containers(template.getSpec())));
            Map<String, String> env = new LinkedHashMap<>();
            containers(template.getSpec()).forEach(c -> env.putAll(prefixed(c, r.environment(c))));
            environments.put(pod, env);
        });
        Map<String, String> toolsEnv = new LinkedHashMap<>(tools.env());
        // kind.sh gives the tools pod the broker of ConfigMap kafka-client as deployed
        toolsEnv.put(TOOLS_KAFKA, r.configMapValue("kafka-client", "KAFKA_BOOTSTRAP_SERVERS"));
        environments.put(pod("Pod/" + tools.name() + " (make kind-watch, kind-lag, kind-demo)",
                tools.pod().getMetadata().getLabels(), portsOf(tools.pod().getSpec().getContainers())), toolsEnv);
        for (Kafka k : r.all(Kafka.class)) {
            strimzi(k);
        }
    }

    static NetworkPaths of(Rendered r) {
        return new NetworkPaths(r, ToolsPod.ofKindDemo());
    }

    /** Every connection the variant's workloads make, derived as the class comment says. */
    List<Connection> connections() {
        Map<String, Connection> found = new LinkedHashMap<>();
        environments.forEach((client, env) -> env.forEach((variable, value) -> {
            for (String token : value.split("[\\s,;]+")) {
                Matcher m = ADDRESS.matcher(token);
                if (m.matches()) {
                    for (var target : resolve(m.group(1), Integer.parseInt(m.group(2)))) {
                        add(found, new Connection(client, target.endpoint, target.port, "TCP",
                                variable + "=" + value.strip() + ", " + target.via));
                    }
                }
            }
        }));
        for (Endpoint pod : pods) {
            for (ContainerPort p : dns.ports()) {
                add(found, new Connection(pod, dns, p.getContainerPort(), p.getProtocol(), "resolves Service names"));
            }
        }
        // the NodePorts chosen to be published (kind's cluster.yaml maps exactly those to the host); a port the cluster
        // numbers at random is published nowhere
        for (Service s : rendered.all(Service.class)) {
            if ("NodePort".equals(s.getSpec().getType())) {
                for (ServicePort sp : s.getSpec().getPorts()) {
                    if (sp.getNodePort() == null) {
                        continue;
                    }
                    for (Endpoint pod : selected(s.getSpec().getSelector())) {
                        targetPort(pod, sp).ifPresent(p -> add(found, new Connection(outside, pod, p, "TCP",
                                "NodePort " + sp.getNodePort() + " of Service " + s.getMetadata().getName())));
                    }
                }
            }
        }
        scrapes(found);
        environments.keySet().stream().filter(this::callsTheApi).forEach(pod -> api(found, pod,
                "its service account is bound to a Role"));
        strimziConnections(found);
        return List.copyOf(found.values());
    }

    /** What no policy lets through, one line per missing direction, naming the connection and why it is made. */
    List<String> denied() {
        List<String> problems = new ArrayList<>();
        for (Connection c : connections()) {
            problems.addAll(denied(c));
        }
        return problems;
    }

    List<String> denied(Connection c) {
        List<String> problems = new ArrayList<>();
        if (!c.from().isOutside() && !egressAllowed(c)) {
            problems.add(c + ": no NetworkPolicy allows its egress from " + c.from());
        }
        if (NAMESPACE.equals(c.to().namespace()) && !ingressAllowed(c)) {
            problems.add(c + ": no NetworkPolicy allows its ingress to " + c.to());
        }
        return problems;
    }

    Endpoint pod(String name) {
        return environments.keySet().stream().filter(p -> p.name().equals(name) || p.name().startsWith(name + " "))
                .findFirst().orElseThrow(() -> new AssertionError(rendered + ": no pod " + name + " in "
                        + environments.keySet()));
    }

    // --- the policies, as Kubernetes applies them ---

    boolean egressAllowed(Connection c) {
        List<NetworkPolicy> selecting = selecting(c.from(), "Egress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> RestrictedProfile.list(p.getSpec().getEgress()).stream())
                .anyMatch((NetworkPolicyEgressRule rule) -> peers(rule.getTo(), c.to()) && ports(rule.getPorts(), c));
    }

    boolean ingressAllowed(Connection c) {
        List<NetworkPolicy> selecting = selecting(c.to(), "Ingress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> RestrictedProfile.list(p.getSpec().getIngress()).stream())
                .anyMatch((NetworkPolicyIngressRule rule) -> peers(rule.getFrom(), c.from()) && ports(rule.getPorts(), c));
    }

    /** The policies of the namespace that select the pod and isolate it in the direction. */
    private List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        if (!NAMESPACE.equals(pod.namespace())) {
            return List.of();
        }
        return policies.stream().filter(p -> types(p).contains(direction))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels())).toList();
    }

    /** policyTypes, or its default: Ingress, and Egress when there are egress rules. */
    static List<String> types(NetworkPolicy p) {
        if (p.getSpec().getPolicyTypes() != null && !p.getSpec().getPolicyTypes().isEmpty()) {
            return p.getSpec().getPolicyTypes();
        }
        return RestrictedProfile.list(p.getSpec().getEgress()).isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    /** No peers: everyone. An ipBlock stands for addresses outside the pod network; selectors pick pods. */
    private boolean peers(List<NetworkPolicyPeer> peers, Endpoint other) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (other.isOutside()) {
                    return true;
                }
                continue;
            }
            if (other.isOutside()) {
                continue;
            }
            boolean namespace = peer.getNamespaceSelector() == null ? NAMESPACE.equals(other.namespace())
                    : matches(peer.getNamespaceSelector(), other.namespaceLabels());
            if (namespace && (peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels()))) {
                return true;
            }
        }
        return false;
    }

    /** No ports: every port. A named port is the target pod's container port of that name. */
    private static boolean ports(List<NetworkPolicyPort> ports, Connection c) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!protocol.equals(c.protocol())) {
                continue;
            }
            IntOrString port = p.getPort();
            if (port == null) {
                return true;
            }
            if (port.getIntVal() != null) {
                int end = p.getEndPort() == null ? port.getIntVal() : p.getEndPort();
                if (c.port() >= port.getIntVal() && c.port() <= end) {
                    return true;
                }
            } else if (c.to().named(port.getStrVal()).filter(cp -> cp.getContainerPort() == c.port())
                    .filter(cp -> protocol.equals(cp.getProtocol() == null ? "TCP" : cp.getProtocol())).isPresent()) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null && !l.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement e : RestrictedProfile.list(selector.getMatchExpressions())) {
            boolean has = l.containsKey(e.getKey());
            boolean ok = switch (e.getOperator()) {
                case "In" -> has && e.getValues().contains(l.get(e.getKey()));
                case "NotIn" -> !has || !e.getValues().contains(l.get(e.getKey()));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> throw new AssertionError("unknown selector operator " + e.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // --- where the connections go ---

    private record Target(Endpoint endpoint, int port, String via) {
    }

    /** The pods behind a host (a Service of the namespace, short or qualified) at a Service port; none for other hosts. */
    private List<Target> resolve(String host, int port) {
        String name = host.replaceFirst("\\." + NAMESPACE + "(\\.svc(\\.cluster\\.local)?)?\\.?$", "");
        List<Target> targets = new ArrayList<>();
        rendered.find(Service.class, name).ifPresent(s -> s.getSpec().getPorts().stream()
                .filter(sp -> sp.getPort() == port).forEach(sp -> {
                    for (Endpoint pod : selected(s.getSpec().getSelector())) {
                        targetPort(pod, sp).ifPresent(p -> targets.add(new Target(pod, p, "Service " + name)));
                    }
                }));
        for (Kafka k : rendered.all(Kafka.class)) {
            if (name.equals(KafkaResources.bootstrapServiceName(k.getMetadata().getName()))
                    && k.getSpec().getKafka().getListeners().stream().anyMatch(l -> l.getPort() == port)) {
                targets.add(new Target(strimziBrokers, port, "Strimzi's bootstrap Service " + name));
            }
        }
        return targets;
    }

    private List<Endpoint> selected(Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return pods.stream().filter(p -> p.labels().entrySet().containsAll(selector.entrySet())).toList();
    }

    /** The pod's port a Service port reaches: its targetPort by number or container port name (the port if none). */
    private static Optional<Integer> targetPort(Endpoint pod, ServicePort sp) {
        IntOrString t = sp.getTargetPort();
        if (t == null) {
            return Optional.of(sp.getPort());
        }
        if (t.getIntVal() != null) {
            return Optional.of(t.getIntVal());
        }
        return pod.named(t.getStrVal()).map(ContainerPort::getContainerPort);
    }

    /** Prometheus' pod discovery: the keep rules of each scrape job of a mounted prometheus.yaml pick pods and ports. */
    private void scrapes(Map<String, Connection> found) {
        rendered.podTemplates().forEach((workload, template) -> {
            for (Volume v : template.getSpec().getVolumes()) {
                if (v.getConfigMap() == null) {
                    continue;
                }
                Optional<ConfigMap> cm = rendered.find(ConfigMap.class, v.getConfigMap().getName());
                String yaml = cm.map(ConfigMap::getData).map(d -> d.get("prometheus.yaml")).orElse(null);
                if (yaml == null) {
                    continue;
                }
                Endpoint scraper = pod(workload);
                for (JsonNode job : Model.documents(yaml).get(0).path("scrape_configs")) {
                    if (!job.path("kubernetes_sd_configs").findValuesAsText("role").contains("pod")) {
                        continue;
                    }
                    for (Endpoint target : pods) {
                        for (ContainerPort p : target.ports()) {
                            if (kept(job.path("relabel_configs"), target, p)) {
                                add(found, new Connection(scraper, target, p.getContainerPort(), "TCP",
                                        "prometheus.yaml's scrape job " + job.path("job_name").asText()));
                            }
                        }
                    }
                }
            }
        });
    }

    /** Whether the keep rules on pod labels and the container port name keep this target. */
    private static boolean kept(JsonNode relabels, Endpoint pod, ContainerPort port) {
        for (JsonNode rule : relabels) {
            if (!"keep".equals(rule.path("action").asText())) {
                continue;
            }
            String source = rule.path("source_labels").path(0).asText();
            String regex = rule.path("regex").asText("(.*)");
            String value;
            if (source.equals("__meta_kubernetes_pod_container_port_name")) {
                value = port.getName() == null ? "" : port.getName();
            } else if (source.startsWith("__meta_kubernetes_pod_label_")) {
                String label = source.substring("__meta_kubernetes_pod_label_".length());
                value = pod.labels().entrySet().stream()
                        .filter(e -> e.getKey().replaceAll("[^A-Za-z0-9_]", "_").equals(label))
                        .map(Map.Entry::getValue).findFirst().orElse("");
            } else {
                continue; // the pod's phase and the like: not a matter of the network
            }
            if (!value.matches(regex)) {
                return false;
            }
        }
        return true;
    }

    /** A pod that mounts a service account token bound to a Role calls the API. */
    private boolean callsTheApi(Endpoint pod) {
        var template = rendered.podTemplates().get(pod.name());
        if (template == null || Boolean.FALSE.equals(template.getSpec().getAutomountServiceAccountToken())) {
            return false;
        }
        String account = template.getSpec().getServiceAccountName();
        return account != null && rendered.all(RoleBinding.class).stream().flatMap(b -> b.getSubjects().stream())
                .anyMatch(s -> "ServiceAccount".equals(s.getKind()) && account.equals(s.getName()));
    }

    private void api(Map<String, Connection> found, Endpoint pod, String because) {
        for (int p : API_PORTS) {
            add(found, new Connection(pod, api, p, "TCP", because));
        }
    }

    // --- Strimzi (scale-out): the pods its operator makes, their traffic, and the NetworkPolicy it writes ---

    /**
     * The broker pods, the entity operator's and the cluster operator's, with the labels Strimzi 0.49.1 gives them
     * (KafkaPool, EntityOperator; the operator's from its release's Deployment), and kafka-network-policy-&lt;name&gt;
     * as KafkaCluster.generateNetworkPolicy writes it.
     */
    private void strimzi(Kafka k) {
        String cluster = k.getMetadata().getName();
        List<ContainerPort> brokerPorts = new ArrayList<>();
        for (GenericKafkaListener l : k.getSpec().getKafka().getListeners()) {
            brokerPorts.add(port(null, l.getPort(), "TCP"));
        }
        List.of(STRIMZI_CONTROL_PLANE, STRIMZI_REPLICATION, STRIMZI_AGENT).forEach(p -> brokerPorts.add(port(null, p, "TCP")));
        Map<String, String> brokerSelector = Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                "strimzi.io/name", KafkaResources.kafkaComponentName(cluster));
        Map<String, String> brokerLabels = new LinkedHashMap<>(brokerSelector);
        brokerLabels.put("app.kubernetes.io/name", "kafka");
        brokerLabels.put("strimzi.io/broker-role", "true");
        strimziBrokers = pod("Strimzi's broker pods of Kafka/" + cluster, brokerLabels, brokerPorts);
        environments.put(strimziBrokers, Map.of());
        strimziEntityOperator = pod("Strimzi's entity operator of Kafka/" + cluster, Map.of("strimzi.io/cluster", cluster,
                "strimzi.io/kind", "Kafka", "strimzi.io/name", KafkaResources.entityOperatorDeploymentName(cluster),
                "app.kubernetes.io/name", "entity-operator"), List.of());
        environments.put(strimziEntityOperator, Map.of());
        strimziOperator = pod("Strimzi's cluster operator", Map.of("name", "strimzi-cluster-operator",
                "strimzi.io/kind", "cluster-operator"), List.of());
        environments.put(strimziOperator, Map.of());

        NetworkPolicyPeer brokers = new NetworkPolicyPeerBuilder().withPodSelector(selector(brokerSelector)).build();
        NetworkPolicyPeer operator = new NetworkPolicyPeerBuilder()
                .withPodSelector(selector(Map.of("strimzi.io/kind", "cluster-operator"))).build();
        NetworkPolicyPeer entityOperator = new NetworkPolicyPeerBuilder().withPodSelector(selector(Map.of(
                "strimzi.io/name", KafkaResources.entityOperatorDeploymentName(cluster)))).build();
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(ingress(STRIMZI_CONTROL_PLANE, List.of(brokers, operator)));
        rules.add(ingress(STRIMZI_REPLICATION, List.of(operator, brokers, entityOperator)));
        rules.add(ingress(STRIMZI_AGENT, List.of(operator)));
        for (GenericKafkaListener l : k.getSpec().getKafka().getListeners()) {
            rules.add(ingress(l.getPort(), l.getNetworkPolicyPeers() == null ? List.of() : l.getNetworkPolicyPeers()));
        }
        policies.add(new NetworkPolicyBuilder().withNewMetadata().withName(KafkaResources.kafkaNetworkPolicyName(cluster))
                .withNamespace(NAMESPACE).endMetadata().withNewSpec().withPodSelector(selector(brokerSelector))
                .withPolicyTypes("Ingress").withIngress(rules).endSpec().build());
    }

    private void strimziConnections(Map<String, Connection> found) {
        if (strimziBrokers == null) {
            return;
        }
        for (int p : List.of(STRIMZI_CONTROL_PLANE, STRIMZI_REPLICATION)) {
            add(found, new Connection(strimziBrokers, strimziBrokers, p, "TCP", "Strimzi: KRaft quorum and replication"));
        }
        for (int p : List.of(STRIMZI_CONTROL_PLANE, STRIMZI_REPLICATION, STRIMZI_AGENT)) {
            add(found, new Connection(strimziOperator, strimziBrokers, p, "TCP", "Strimzi: the operator manages the brokers"));
        }
        add(found, new Connection(strimziEntityOperator, strimziBrokers, STRIMZI_REPLICATION, "TCP",
                "Strimzi: the topic operator's admin client"));
        api(found, strimziOperator, "Strimzi's operator watches and writes its resources");
        api(found, strimziEntityOperator, "Strimzi's topic operator watches its KafkaTopics");
    }

    private static NetworkPolicyIngressRule ingress(int port, List<NetworkPolicyPeer> from) {
        return new NetworkPolicyIngressRuleBuilder().withPorts(new NetworkPolicyPortBuilder().withProtocol("TCP")
                .withPort(new IntOrString(port)).build()).withFrom(from).build();
    }

    // --- helpers ---

    private Endpoint pod(String name, Map<String, String> labels, List<ContainerPort> ports) {
        Endpoint e = new Endpoint(name, NAMESPACE, labels == null ? Map.of() : Map.copyOf(labels),
                Map.copyOf(namespaceLabels), List.copyOf(ports));
        pods.add(e);
        return e;
    }

    private static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>(spec.getInitContainers());
        all.addAll(spec.getContainers());
        return all;
    }

    private static List<ContainerPort> portsOf(List<Container> containers) {
        List<ContainerPort> ports = new ArrayList<>();
        containers.forEach(c -> ports.addAll(c.getPorts()));
        return ports;
    }

    /** The environment of a container, each variable named with the container's name (messages say which one). */
    private static Map<String, String> prefixed(Container c, Map<String, String> env) {
        Map<String, String> named = new LinkedHashMap<>();
        env.forEach((k, v) -> named.put(c.getName() + ": " + k, v));
        return named;
    }

    private static ContainerPort port(String name, int port, String protocol) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol(protocol).build();
    }

    private static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }

    private static void add(Map<String, Connection> found, Connection c) {
        found.putIfAbsent(c.from().name() + " " + c.to().name() + " " + c.port() + " " + c.protocol(), c);
    }

}
