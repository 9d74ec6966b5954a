package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletTest {

    @Test
    void aServiceGivesTheDockerLinkStyleVariablesOfEachOfItsPorts() {
        Service kafka = new ServiceBuilder().withNewMetadata().withName("kafka-brokers").endMetadata().withNewSpec()
                .withClusterIP("10.96.120.7").addNewPort().withName("client").withPort(9092).endPort().addNewPort()
                .withName("ctl-plane").withPort(9093).withProtocol("TCP").endPort().endSpec().build();
        Service headless = new ServiceBuilder().withNewMetadata().withName("kafka-headless").endMetadata().withNewSpec()
                .withClusterIP("None").addNewPort().withPort(9092).endPort().endSpec().build();
        Map<String, String> links = new TreeMap<>(Kubelet.serviceLinks(List.of(kafka, headless)));
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("KAFKA_BROKERS_SERVICE_HOST", "10.96.120.7"),
                Map.entry("KAFKA_BROKERS_SERVICE_PORT", "9092"),
                Map.entry("KAFKA_BROKERS_SERVICE_PORT_CLIENT", "9092"),
                Map.entry("KAFKA_BROKERS_SERVICE_PORT_CTL_PLANE", "9093"),
                Map.entry("KAFKA_BROKERS_PORT", "tcp://10.96.120.7:9092"),
                Map.entry("KAFKA_BROKERS_PORT_9092_TCP", "tcp://10.96.120.7:9092"),
                Map.entry("KAFKA_BROKERS_PORT_9092_TCP_PROTO", "tcp"),
                Map.entry("KAFKA_BROKERS_PORT_9092_TCP_PORT", "9092"),
                Map.entry("KAFKA_BROKERS_PORT_9092_TCP_ADDR", "10.96.120.7"),
                Map.entry("KAFKA_BROKERS_PORT_9093_TCP", "tcp://10.96.120.7:9093"),
                Map.entry("KAFKA_BROKERS_PORT_9093_TCP_PROTO", "tcp"),
                Map.entry("KAFKA_BROKERS_PORT_9093_TCP_PORT", "9093"),
                Map.entry("KAFKA_BROKERS_PORT_9093_TCP_ADDR", "10.96.120.7"))), links);
    }

    @Test
    void aServiceContainerGetsItsOwnEnvTheApiServersLinksAndItsPodNameButNoOtherLinks() {
        Rendered r = Rendered.of(Kustomize.variant("kind"));
        Deployment d = r.get(Deployment.class, "compute-service");
        Container c = r.appContainer(d);
        Map<String, String> env = Kubelet.environment(r, d.getSpec().getTemplate().getSpec(), c, "compute-service-1");
        assertEquals("jdbc:postgresql://postgres:5432/compute", env.get("DB_URL"));
        assertEquals("compute-k8s-demo", env.get("DB_PASSWORD"));
        assertEquals("kafka:9092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("tcp://10.96.0.1:443", env.get("KUBERNETES_PORT"));
        assertEquals("443", env.get("KUBERNETES_SERVICE_PORT_HTTPS"));
        assertEquals("compute-service-1", env.get("HOSTNAME"));
        assertFalse(env.containsKey("KAFKA_PORT"), "the Deployment turns service links off");
        assertFalse(env.containsKey("POSTGRES_SERVICE_HOST"), "the Deployment turns service links off");

        // the same container in a pod with links: every Service of the namespace with a cluster IP, the headless none
        d.getSpec().getTemplate().getSpec().setEnableServiceLinks(null);
        Map<String, String> linked = Kubelet.environment(r, d.getSpec().getTemplate().getSpec(), c, "compute-service-1");
        assertTrue(linked.get("KAFKA_PORT").matches("tcp://10\\.96\\.\\d+\\.\\d+:9092"), linked.get("KAFKA_PORT"));
        assertTrue(linked.get("INVESTMENT_SERVICE_PORT").endsWith(":8081"), linked.get("INVESTMENT_SERVICE_PORT"));
        assertEquals("5432", linked.get("POSTGRES_SERVICE_PORT"));
        assertFalse(linked.containsKey("KAFKA_HEADLESS_SERVICE_HOST"), "a headless Service gives no variables");
        assertEquals("kafka:9092", linked.get("KAFKA_BOOTSTRAP_SERVERS"), "the container's own env is kept");
    }

    @Test
    void aServicesKeySecretIsMadeAtItsMountPathAndItsEnvPointsThere(@TempDir Path pod) throws IOException {
        Rendered r = Rendered.of(Kustomize.variant("kind")).with(List.of(new SecretBuilder().withNewMetadata()
                .withName("dealstream-jwt").withNamespace("dealstream").endMetadata()
                .withData(Map.of("publicKey.pem", "LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KYWJjCg==")).build()));
        Deployment d = r.get(Deployment.class, "investment-service");
        PodSpec spec = d.getSpec().getTemplate().getSpec();
        Container c = r.appContainer(d);
        Map<String, Path> mounts = Kubelet.mounts(r, spec, c, pod);
        assertEquals(Map.of("/tmp", pod.resolve("volumes/tmp"), "/etc/dealstream/jwt", pod.resolve("volumes/jwt")), mounts);
        assertEquals(List.of(), List.of(pod.resolve("volumes/tmp").toFile().list()), "an emptyDir starts empty");
        Path key = pod.resolve("volumes/jwt/publicKey.pem");
        assertEquals("-----BEGIN PUBLIC KEY-----\nabc\n", Files.readString(key), "the Secret's data, decoded");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), "a Secret's default mode");
        Map<String, String> env = Kubelet.onThisMachine(Kubelet.environment(r, spec, c, "investment-service-1"), mounts);
        assertEquals(key.toString(), env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"));
        assertEquals("jdbc:postgresql://postgres:5432/investment", env.get("DB_URL"), "no other value moves");
    }

    @Test
    void aPodWhoseSecretDoesNotExistIsNotStarted(@TempDir Path pod) {
        Rendered r = Rendered.of(Kustomize.variant("kind"));
        Deployment d = r.get(Deployment.class, "compute-service");
        AssertionError e = assertThrows(AssertionError.class,
                () -> Kubelet.mounts(r, d.getSpec().getTemplate().getSpec(), r.appContainer(d), pod));
        assertEquals("the kubelet would not start compute-service: Secret dealstream-jwt does not exist", e.getMessage());
    }
}
