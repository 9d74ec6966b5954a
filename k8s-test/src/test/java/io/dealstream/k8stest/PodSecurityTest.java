package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AppArmorProfileBuilder;
import io.fabric8.kubernetes.api.model.CapabilitiesBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SELinuxOptionsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SysctlBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.common.template.ContainerTemplate;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The namespace holds its pods to the restricted Pod Security Standard, and every pod of every overlay and component,
 * the tools pod of kind.sh, Strimzi's operator as kind-up installs it and the pods Strimzi makes from scale-out's
 * resources meet it ({@link RestrictedProfile}).
 */
class PodSecurityTest {

    static final String PREFIX = "pod-security.kubernetes.io/";

    static List<Rendered> variants() {
        return ConsistencyTest.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theNamespaceEnforcesAuditsAndWarnsAtRestrictedWithAPinnedVersion(Rendered r) {
        Map<String, String> labels = new LinkedHashMap<>(r.get(Namespace.class, NetworkPaths.NAMESPACE).getMetadata().getLabels());
        labels.keySet().removeIf(k -> !k.startsWith(PREFIX));
        assertEquals(Map.of(PREFIX + "enforce", "restricted", PREFIX + "enforce-version", RestrictedProfile.VERSION,
                PREFIX + "audit", "restricted", PREFIX + "audit-version", RestrictedProfile.VERSION,
                PREFIX + "warn", "restricted", PREFIX + "warn-version", RestrictedProfile.VERSION), labels,
                r + ": the namespace's Pod Security labels");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyPodMeetsTheRestrictedProfile(Rendered r) {
        Map<String, List<String>> violations = new LinkedHashMap<>();
        r.podTemplates().forEach((workload, template) -> {
            Map<String, String> annotations = template.getMetadata().getAnnotations() == null ? Map.of()
                    : template.getMetadata().getAnnotations();
            List<String> v = RestrictedProfile.violations(template.getSpec(), annotations);
            if (!v.isEmpty()) {
                violations.put(workload, v);
            }
        });
        assertFalse(r.podTemplates().isEmpty(), r + " has no pods");
        assertEquals(Map.of(), violations, r + ": pods the restricted profile refuses");
    }

    @Test
    void theToolsPodOfKindWatchLagAndDemoMeetsTheRestrictedProfile() {
        ToolsPod tools = ToolsPod.ofKindDemo();
        assertEquals(List.of(), RestrictedProfile.violations(tools.pod().getSpec(), Map.of()),
                "the pod kind.sh runs (its overrides)");
    }

    /** Strimzi makes the broker and topic operator pods; scale-out's templates give them the restricted profile. */
    @Test
    void thePodsStrimziMakesGetTheRestrictedProfileFromTheirTemplates() {
        Rendered r = Rendered.of(Kustomize.variant("kind", "scale-out"));
        for (KafkaNodePool pool : r.all(KafkaNodePool.class)) {
            var t = pool.getSpec().getTemplate();
            assertEquals(List.of(), RestrictedProfile.violations(strimziPod(t.getPod(), t.getKafkaContainer(), "kafka"),
                    Map.of()), "KafkaNodePool " + pool.getMetadata().getName() + "'s broker pods");
        }
        Kafka kafka = r.get(Kafka.class, "kafka");
        var eo = kafka.getSpec().getEntityOperator().getTemplate();
        assertEquals(List.of(), RestrictedProfile.violations(strimziPod(eo.getPod(), eo.getTopicOperatorContainer(),
                "topic-operator"), Map.of()), "the entity operator's pod");
    }

    /** make kind-up COMPONENTS=scale-out installs Strimzi's operator through scale-out's patch, which makes it comply. */
    @Test
    void theStrimziOperatorKindUpInstallsMeetsTheRestrictedProfile() throws IOException {
        ScriptSandbox sb = new ScriptSandbox("pod-security-strimzi");
        sb.env.put("COMPONENTS", "scale-out");
        ScriptSandbox.Run run = sb.make("kind-up");
        assertEquals(0, run.exit(), run::toString);
        String release = sb.text(".local/kind/strimzi-cluster-operator-" + StrimziPinTest.pinned().get("STRIMZI_VERSION")
                + ".yaml");
        assertEquals(List.of("container strimzi-cluster-operator does not set allowPrivilegeEscalation: false",
                "container strimzi-cluster-operator may run as root (runAsNonRoot is not true for the pod or the container)",
                "container strimzi-cluster-operator has no seccomp profile RuntimeDefault or Localhost (pod or container)",
                "container strimzi-cluster-operator does not drop ALL capabilities"), violations(operator(release)),
                "the release's operator, unpatched");
        assertEquals(List.of(), violations(operator(sb.applied().get(0))), "the operator kind-up applies");
    }

    private static Deployment operator(String yaml) throws IOException {
        JsonNode doc = Model.documents(yaml).stream().filter(d -> d.path("kind").asText().equals("Deployment"))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment in\n" + yaml));
        return new ObjectMapper().treeToValue(doc, Deployment.class);
    }

    private static List<String> violations(Deployment d) {
        return RestrictedProfile.violations(d.getSpec().getTemplate().getSpec(), Map.of());
    }

    /** Each rule refuses a pod that breaks it, and says what broke it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPods")
    void aPodThatBreaksARuleIsRefusedWithTheReason(String rule, Consumer<PodSpec> breakIt, String reason) {
        assertEquals(List.of(), RestrictedProfile.violations(compliant(), Map.of()), "the pod the cases start from");
        PodSpec pod = compliant();
        breakIt.accept(pod);
        assertEquals(List.of(reason), RestrictedProfile.violations(pod, Map.of()), rule);
    }

    static Stream<Arguments> brokenPods() {
        return Stream.of(
                broken("host namespaces", p -> p.setHostNetwork(true),
                        "shares a host namespace (hostNetwork, hostPID or hostIPC)"),
                broken("privileged", p -> app(p).getSecurityContext().setPrivileged(true), "container app is privileged"),
                broken("hostPath", p -> addVolume(p, new VolumeBuilder().withName("node").withNewHostPath()
                        .withPath("/").endHostPath().build()), "volume node is hostPath, not one of "
                        + RestrictedProfile.VOLUME_TYPES),
                broken("hostPort", p -> app(p).setPorts(List.of(new ContainerPortBuilder().withContainerPort(8080)
                        .withHostPort(8080).build())), "container app uses hostPort 8080"),
                broken("AppArmor", p -> app(p).getSecurityContext().setAppArmorProfile(
                        new AppArmorProfileBuilder().withType("Unconfined").build()),
                        "container app's AppArmor profile is Unconfined"),
                broken("SELinux", p -> p.getSecurityContext().setSeLinuxOptions(
                        new SELinuxOptionsBuilder().withType("spc_t").build()),
                        "the pod's SELinux type is spc_t"),
                broken("/proc mount", p -> app(p).getSecurityContext().setProcMount("Unmasked"),
                        "container app has procMount Unmasked"),
                broken("sysctls", p -> p.getSecurityContext().setSysctls(List.of(new SysctlBuilder()
                        .withName("kernel.msgmax").withValue("65536").build())),
                        "sets sysctl kernel.msgmax, which is not a safe one"),
                broken("volume types", p -> addVolume(p, new VolumeBuilder().withName("share").withNewNfs()
                        .withServer("nfs").withPath("/").endNfs().build()), "volume share is nfs, not one of "
                        + RestrictedProfile.VOLUME_TYPES),
                broken("privilege escalation", p -> app(p).getSecurityContext().setAllowPrivilegeEscalation(null),
                        "container app does not set allowPrivilegeEscalation: false"),
                broken("non-root", p -> p.getSecurityContext().setRunAsNonRoot(null),
                        "container app may run as root (runAsNonRoot is not true for the pod or the container)"),
                broken("user 0", p -> app(p).getSecurityContext().setRunAsUser(0L), "container app runs as user 0"),
                broken("seccomp", p -> p.getSecurityContext().setSeccompProfile(null),
                        "container app has no seccomp profile RuntimeDefault or Localhost (pod or container)"),
                broken("seccomp Unconfined", p -> app(p).getSecurityContext().setSeccompProfile(
                        new SeccompProfileBuilder().withType("Unconfined").build()),
                        "container app has no seccomp profile RuntimeDefault or Localhost (pod or container)"),
                broken("drop ALL", p -> app(p).getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW")),
                        "container app does not drop ALL capabilities"),
                broken("added capabilities", p -> app(p).getSecurityContext().getCapabilities().setAdd(
                        List.of("SYS_ADMIN")), "container app adds capability SYS_ADMIN"));
    }

    private static Arguments broken(String rule, Consumer<PodSpec> breakIt, String reason) {
        return Arguments.of(rule, breakIt, reason);
    }

    private static void addVolume(PodSpec p, Volume v) {
        List<Volume> volumes = new ArrayList<>(p.getVolumes());
        volumes.add(v);
        p.setVolumes(volumes);
    }

    private static Container app(PodSpec p) {
        return p.getContainers().get(0);
    }

    /** A pod that meets the profile, as the base's pods do: non-root, seccomp RuntimeDefault, no escalation, no capability. */
    private static PodSpec compliant() {
        return new PodSpecBuilder()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(185L)
                .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build()).endSecurityContext()
                .withContainers(new ContainerBuilder().withName("app").withImage("app:1")
                        .withNewSecurityContext().withAllowPrivilegeEscalation(false)
                        .withCapabilities(new CapabilitiesBuilder().withDrop("ALL").build()).endSecurityContext().build())
                .withVolumes(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build())
                .build();
    }

    /** The security contexts a Strimzi pod gets from its template (Strimzi uses them in place of its defaults). */
    private static PodSpec strimziPod(PodTemplate pod, ContainerTemplate container, String name) {
        return new PodSpecBuilder().withSecurityContext(pod == null ? null : pod.getSecurityContext())
                .withContainers(new ContainerBuilder().withName(name)
                        .withSecurityContext(container == null ? null : container.getSecurityContext()).build())
                .build();
    }
}
