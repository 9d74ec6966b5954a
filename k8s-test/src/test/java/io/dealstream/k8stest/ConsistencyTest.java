package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.events.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifests fit the services they run, in every overlay and with every component. */
class ConsistencyTest {

    /** The three services: module = Deployment = Service = image name. */
    static final List<String> SERVICES = List.of("investment-service", "compute-service", "distribution-service");
    /** The console: module = Deployment = Service = image name too; no database. */
    static final String CONSOLE = "console";
    /** Every workload built from one of our Quarkus modules: the services and the console, on the same policies. */
    static final List<String> APPLICATIONS = List.of("investment-service", "compute-service", "distribution-service",
            CONSOLE);
    /** The paths SmallRye Health serves in every service (platform depends on quarkus-smallrye-health). */
    static final String READY = "/q/health/ready";
    static final String LIVE = "/q/health/live";
    static final String STARTED = "/q/health/started";
    /** Read by the image's entrypoint (src/main/docker/Dockerfile.jvm), not by the application. */
    static final List<String> ENTRYPOINT_VARIABLES = List.of("JAVA_OPTS", "JAVA_OPTS_APPEND");
    /**
     * Read by every Kafka client's credential switch, as the Kafka security contract fixes them (KafkaContract), not
     * through a property of the service's own.
     */
    static final List<String> KAFKA_CLIENT_VARIABLES = List.of(KafkaContract.USERNAME, KafkaContract.PASSWORD);
    /** What a JVM needs beside its heap (metaspace, threads, code cache, buffers). */
    static final long NON_HEAP_BYTES = 256L * 1024 * 1024;
    /** The least time a container gets to start before liveness counts. */
    static final long MIN_STARTUP_SECONDS = 180;
    /** Variables the official Kafka image does not turn into broker settings. */
    static final Set<String> KAFKA_IMAGE_VARIABLES = Set.of("CLUSTER_ID", "KAFKA_HEAP_OPTS", "KAFKA_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
            // k8s/base/kafka-start.sh's, for the credential it formats the storage with
            "DEALSTREAM_ADMIN_PASSWORD");
    /**
     * Secrets that are no manifest's but made where the system is deployed, with their keys: the services' public key,
     * which make kind-up makes from the local key pair, and each Kafka user's password, kafka-user-&lt;user&gt;, which it
     * makes from .local/kafka (KindScriptTest checks that it makes exactly these).
     */
    static final Map<String, Set<String>> DEPLOY_TIME_SECRETS = deployTimeSecrets();
    /** The variable that points a service at the public key bearer tokens are verified with (platform's properties). */
    static final String PUBLIC_KEY_LOCATION = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";

    private static Map<String, Set<String>> deployTimeSecrets() {
        Map<String, Set<String>> secrets = new TreeMap<>(Map.of("dealstream-jwt", Set.of("publicKey.pem")));
        KafkaContract.USERS.forEach(u -> secrets.put(KafkaContract.secret(u), Set.of("password")));
        return Map.copyOf(secrets);
    }

    static List<Rendered> variants() {
        return Kustomize.variants().stream().map(Rendered::of).toList();
    }

    static String version() {
        return System.getProperty("dealstream.version", "1.0.0-SNAPSHOT");
    }

    static String kafkaVersion() {
        return System.getProperty("kafka.version", "4.1.1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void servicesSelectThePodsOfTheirWorkloads(Rendered r) {
        for (Deployment d : r.all(Deployment.class)) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            assertTrue(labels.entrySet().containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()),
                    r + ": Deployment " + d.getMetadata().getName() + " does not select its own pods");
        }
        for (Service s : r.all(Service.class)) {
            long selected = r.podTemplates().values().stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                    .count();
            assertTrue(selected > 0, r + ": Service " + s.getMetadata().getName() + " selects no pods: "
                    + s.getSpec().getSelector());
        }
        for (String name : APPLICATIONS) {
            Deployment d = r.get(Deployment.class, name);
            List<String> services = r.servicesSelecting(d.getSpec().getTemplate().getMetadata().getLabels()).stream()
                    .map(s -> s.getMetadata().getName()).toList();
            assertEquals(List.of(name), services, r + ": the Services that select " + name + "'s pods");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void servicePortsReachTheContainerPortTheServiceListensOn(Rendered r) {
        for (Service s : r.all(Service.class)) {
            List<PodTemplateSpec> pods = r.podTemplates().values().stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet()))
                    .toList();
            for (ServicePort p : s.getSpec().getPorts()) {
                for (PodTemplateSpec pod : pods) {
                    int target = containerPort(pod.getSpec().getContainers(), p.getTargetPort() == null
                            ? new IntOrString(p.getPort()) : p.getTargetPort(), r + ": Service " + s.getMetadata().getName());
                    assertTrue(target > 0);
                }
            }
        }
        for (String name : APPLICATIONS) {
            Deployment d = r.get(Deployment.class, name);
            Container c = r.appContainer(d);
            int listens = ServiceSettings.of(name).httpPort(r.environment(c));
            ServicePort sp = r.get(Service.class, name).getSpec().getPorts().get(0);
            int target = containerPort(List.of(c), sp.getTargetPort(), r + ": Service " + name);
            assertEquals(listens, target, r + ": " + name + " listens on " + listens + ", its container port is " + target);
            assertEquals(listens, sp.getPort(), r + ": Service " + name + " port (the same number everywhere)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void probesAskTheHealthEndpointsOnTheServicePort(Rendered r) {
        for (String name : APPLICATIONS) {
            Container c = r.appContainer(r.get(Deployment.class, name));
            assertProbe(r, name, "readiness", c.getReadinessProbe(), READY, c);
            assertProbe(r, name, "liveness", c.getLivenessProbe(), LIVE, c);
            if (c.getStartupProbe() != null) {
                assertProbe(r, name, "startup", c.getStartupProbe(), STARTED, c);
            }
        }
    }

    /**
     * Liveness counts only once a start is over: every container with a liveness probe has a startup probe, and its
     * budget covers a slow first start (PostgreSQL's initdb and init scripts, a JVM's first start on a busy node).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyLivenessProbeWaitsForAStartupProbeWithRoomForASlowFirstStart(Rendered r) {
        r.podTemplates().forEach((workload, template) -> {
            for (Container c : template.getSpec().getContainers()) {
                if (c.getLivenessProbe() == null) {
                    continue;
                }
                Probe startup = c.getStartupProbe();
                assertNotNull(startup, r + ": " + workload + "'s container " + c.getName()
                        + " has a liveness probe but no startup probe: a slow first start is killed mid-way");
                long budget = probeBudgetSeconds(startup);
                assertTrue(budget >= MIN_STARTUP_SECONDS, r + ": " + workload + "'s container " + c.getName()
                        + " gets " + budget + " s to start, less than " + MIN_STARTUP_SECONDS + " s");
            }
        });
    }

    /** How long a probe may fail before it counts: initial delay + period x failure threshold (Kubernetes' defaults). */
    static long probeBudgetSeconds(Probe p) {
        int delay = p.getInitialDelaySeconds() == null ? 0 : p.getInitialDelaySeconds();
        int period = p.getPeriodSeconds() == null ? 10 : p.getPeriodSeconds();
        int failures = p.getFailureThreshold() == null ? 3 : p.getFailureThreshold();
        return delay + (long) period * failures;
    }

    private static void assertProbe(Rendered r, String name, String kind, Probe probe, String path, Container c) {
        assertTrue(probe != null && probe.getHttpGet() != null, r + ": " + name + " has no HTTP " + kind + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertEquals(path, get.getPath(), r + ": " + name + "'s " + kind + " probe");
        int port = containerPort(List.of(c), get.getPort(), r + ": " + name + "'s " + kind + " probe");
        assertEquals(ServiceSettings.of(name).httpPort(r.environment(c)), port, r + ": " + name + "'s " + kind
                + " probe port");
    }

    /** Every variable a service is given is one it reads, and every one its properties ask for is given. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyVariableIsASettingTheServiceReadsAndEveryNeededOneIsSet(Rendered r) {
        for (String name : APPLICATIONS) {
            ServiceSettings settings = ServiceSettings.of(name);
            Container c = r.appContainer(r.get(Deployment.class, name));
            Map<String, String> env = r.environment(c);
            String dockerfile = dockerfile(name);
            for (String variable : env.keySet()) {
                if (ENTRYPOINT_VARIABLES.contains(variable)) {
                    assertTrue(dockerfile.contains("$" + variable) || dockerfile.contains("${" + variable + "}"),
                            name + "'s Dockerfile.jvm does not pass " + variable + " to java");
                } else if (!KAFKA_CLIENT_VARIABLES.contains(variable)) {
                    assertTrue(settings.reads(variable), r + ": " + name + " is given " + variable
                            + ", which is no setting it reads (its application.properties: " + settings.properties.keySet()
                            + ", variables " + settings.referencedVariables + ")");
                }
            }
            Set<String> missing = new TreeSet<>(settings.referencedVariables);
            missing.removeAll(env.keySet());
            assertEquals(Set.of(), missing, r + ": " + name + " needs these in production (its defaults point at "
                    + "localhost)");
            assertFalse(settings.referencedVariables.isEmpty(), name + ": no ${VAR} settings found: wrong file read?");
            env.forEach((k, v) -> assertFalse(v.isBlank(), r + ": " + name + " gets an empty " + k));
        }
    }

    /** Every ConfigMap and Secret (and key) that an env var, envFrom or volume names exists. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyReferencedConfigMapAndSecretKeyExists(Rendered r) {
        int refs = 0;
        for (var e : r.podTemplates().entrySet()) {
            PodSpec spec = e.getValue().getSpec();
            List<Container> all = new ArrayList<>(spec.getContainers());
            all.addAll(spec.getInitContainers());
            for (Container c : all) {
                r.environment(c); // resolves every reference, failing on a missing object or key
                refs += (int) c.getEnv().stream().filter(v -> v.getValueFrom() != null).count();
            }
            for (Volume v : spec.getVolumes()) {
                if (v.getConfigMap() != null) {
                    var cm = r.configMap(v.getConfigMap().getName());
                    v.getConfigMap().getItems().forEach(i -> r.configMapValue(cm.getMetadata().getName(), i.getKey()));
                    refs++;
                }
                if (v.getSecret() != null) {
                    String name = v.getSecret().getSecretName();
                    if (DEPLOY_TIME_SECRETS.containsKey(name)) {
                        v.getSecret().getItems().forEach(i -> assertTrue(DEPLOY_TIME_SECRETS.get(name).contains(i.getKey()),
                                r + ": " + e.getKey() + " mounts key " + i.getKey() + " of " + name + ", which has "
                                        + DEPLOY_TIME_SECRETS.get(name)));
                    } else {
                        var secret = r.secret(name);
                        v.getSecret().getItems().forEach(i -> r.secretValue(secret.getMetadata().getName(), i.getKey()));
                    }
                    refs++;
                }
            }
        }
        assertTrue(refs >= 12, r + ": only " + refs + " references found");
    }

    /**
     * Each service verifies bearer tokens with the public key of Secret dealstream-jwt, mounted read-only where its
     * MP_JWT_VERIFY_PUBLICKEY_LOCATION points; the console, which writes nothing, gets no key; no pod gets a private key.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyServiceVerifiesTokensWithThePublicKeyItsSecretMounts(Rendered r) {
        for (String name : SERVICES) {
            Deployment d = r.get(Deployment.class, name);
            Container c = r.appContainer(d);
            String location = r.environment(c).get(PUBLIC_KEY_LOCATION);
            assertEquals("/etc/dealstream/jwt/publicKey.pem", location, r + ": " + name + "'s " + PUBLIC_KEY_LOCATION);
            var mount = c.getVolumeMounts().stream().filter(m -> location.startsWith(m.getMountPath() + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(r + ": nothing of " + name + " is mounted at " + location));
            assertEquals(Boolean.TRUE, mount.getReadOnly(), r + ": " + name + "'s key mount is read-only");
            Volume v = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertTrue(v.getSecret() != null, r + ": " + name + "'s key comes from a Secret");
            assertEquals("dealstream-jwt", v.getSecret().getSecretName(), r + ": " + name + "'s key Secret");
            assertEquals(List.of("publicKey.pem=" + location.substring(mount.getMountPath().length() + 1)),
                    v.getSecret().getItems().stream().map(i -> i.getKey() + "=" + i.getPath()).toList(),
                    r + ": the Secret's key is the file " + PUBLIC_KEY_LOCATION + " names");
        }
        Container console = r.appContainer(r.get(Deployment.class, CONSOLE));
        assertFalse(r.environment(console).containsKey(PUBLIC_KEY_LOCATION), r + ": the console writes nothing");
        r.podTemplates().forEach((workload, t) -> t.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                .forEach(v -> assertTrue(v.getSecret().getItems().stream().noneMatch(i -> i.getKey().contains("private")),
                        r + ": " + workload + " mounts a private key")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void ourImagesAreTheOnesKindUpBuildsAndLoadsAndAreNeverPulled(Rendered r) {
        for (String name : APPLICATIONS) {
            Container c = r.appContainer(r.get(Deployment.class, name));
            assertEquals("dealstream/" + name + ":" + version(), c.getImage(), r + ": " + name + "'s image");
            assertTrue(Files.isRegularFile(Kustomize.root().resolve(name).resolve("src/main/docker/Dockerfile.jvm")),
                    name + "/src/main/docker/Dockerfile.jvm, which docker/build-images.sh builds, is missing");
        }
        for (var e : r.podTemplates().entrySet()) {
            List<Container> all = new ArrayList<>(e.getValue().getSpec().getContainers());
            all.addAll(e.getValue().getSpec().getInitContainers());
            for (Container c : all) {
                assertTrue(c.getImage().matches("[^:@]+[:@][^:]+") && !c.getImage().endsWith(":latest"),
                        r + ": " + e.getKey() + " uses " + c.getImage() + ": pin a tag");
                if (c.getImage().startsWith("dealstream/")) {
                    assertTrue(List.of("IfNotPresent", "Never").contains(c.getImagePullPolicy()), r + ": " + e.getKey()
                            + " would pull " + c.getImage() + " (imagePullPolicy " + c.getImagePullPolicy() + ")");
                    // on kind the image is loaded or missing: IfNotPresent would try docker.io/dealstream/...
                    if (r.variant.overlay().equals("kind")) {
                        assertEquals("Never", c.getImagePullPolicy(), r + ": " + e.getKey() + " may pull " + c.getImage());
                    }
                }
                assertFalse("Always".equals(c.getImagePullPolicy()), r + ": " + e.getKey() + " has imagePullPolicy Always");
            }
        }
        Path build = Kustomize.root().resolve("docker/build-images.sh");
        assertTrue(Files.isRegularFile(build), "docker/build-images.sh (which make kind-up runs) is missing");
        String script = read(build);
        for (String name : APPLICATIONS) {
            assertTrue(script.contains(name), "docker/build-images.sh does not build " + name);
        }
        assertTrue(script.contains("dealstream/"), "docker/build-images.sh does not tag dealstream/<module> images");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theTopicsCreatedAreTheOnesTheServicesUse(Rendered r) {
        Set<String> contract = contractTopics();
        String consumed = ServiceSettings.of("compute-service").properties.get("mp.messaging.incoming.tranche-events.topic");
        assertEquals(Topics.TRANCHE_EVENTS, consumed, "the topic funding-view consumes");
        int partitions;
        if (r.variant.components().contains("scale-out")) {
            List<KafkaTopic> topics = r.all(KafkaTopic.class);
            Set<String> names = topics.stream().map(t -> t.getSpec().getTopicName() != null ? t.getSpec().getTopicName()
                    : t.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
            assertTrue(names.containsAll(contract), r + ": KafkaTopics " + names);
            Kafka kafka = r.all(Kafka.class).get(0);
            for (KafkaTopic t : topics) {
                assertEquals(kafka.getMetadata().getName(), t.getMetadata().getLabels().get("strimzi.io/cluster"),
                        r + ": KafkaTopic " + t.getMetadata().getName() + "'s cluster");
                assertEquals(3, t.getSpec().getReplicas(), r + ": replication factor of " + t.getMetadata().getName());
            }
            partitions = topics.stream().filter(t -> t.getMetadata().getName().equals(consumed)).findFirst().orElseThrow()
                    .getSpec().getPartitions();
            assertTrue(r.find(Job.class, "kafka-topics").isEmpty(), r + ": the topics Job is left beside the operator");
        } else {
            Container c = r.get(Job.class, "kafka-topics").getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = r.environment(c);
            assertTrue(setupTopics(r).containsAll(contract), r + ": the topics the Job creates: " + setupTopics(r));
            partitions = Integer.parseInt(env.get("PARTITIONS"));
            assertEquals(3, partitions, r + ": partitions per topic (as make up's default)");
            Map<String, String> broker = r.environment(kafkaBroker(r));
            assertEquals(env.get("PARTITIONS"), broker.get("KAFKA_NUM_PARTITIONS"),
                    r + ": a topic made by hand gets as many partitions as the Job's");
            assertEquals(env.get("KAFKA_BOOTSTRAP_SERVERS"), r.configMapValue("kafka-client", "KAFKA_BOOTSTRAP_SERVERS"));
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            assertTrue(hpa.getSpec().getMaxReplicas() <= partitions, r + ": HPA " + hpa.getMetadata().getName()
                    + " scales to " + hpa.getSpec().getMaxReplicas() + " replicas, beyond the " + partitions
                    + " partitions of " + consumed);
            r.get(Deployment.class, hpa.getSpec().getScaleTargetRef().getName());
        }
    }

    /** KAFKA_BOOTSTRAP_SERVERS and DB_URL name a Service of the variant, at a port it serves. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theServicesAddressesAreServicesOfTheCluster(Rendered r) {
        for (String name : SERVICES) {
            Map<String, String> env = r.environment(r.appContainer(r.get(Deployment.class, name)));
            URI db = URI.create(env.get("DB_URL").substring("jdbc:".length()));
            assertServiceAddress(r, db.getHost(), db.getPort());
            for (String server : env.get("KAFKA_BOOTSTRAP_SERVERS").split(",")) {
                String[] hp = server.trim().split(":");
                assertServiceAddress(r, hp[0], Integer.parseInt(hp[1]));
            }
        }
        if (!r.all(StatefulSet.class).stream().anyMatch(s -> s.getMetadata().getName().equals("kafka"))) {
            return;
        }
        Map<String, String> broker = r.environment(kafkaBroker(r));
        assertEquals("CLIENT://" + r.configMapValue("kafka-client", "KAFKA_BOOTSTRAP_SERVERS"),
                broker.get("KAFKA_ADVERTISED_LISTENERS"), r + ": the broker advertises the address clients bootstrap from");
    }

    /** The console reads each service at its Service and the broker the services use (scale-out's Strimzi one too). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theConsoleReadsTheServicesThroughTheirServicesAndTheBrokerTheyUse(Rendered r) {
        Map<String, String> env = r.environment(r.appContainer(r.get(Deployment.class, CONSOLE)));
        Map<String, String> urls = new TreeMap<>(env);
        urls.keySet().retainAll(Set.of("INVESTMENT_URL", "COMPUTE_URL", "DISTRIBUTION_URL"));
        assertEquals(Map.of("INVESTMENT_URL", "http://investment-service:8081", "COMPUTE_URL", "http://compute-service:8082",
                "DISTRIBUTION_URL", "http://distribution-service:8083"), urls, r + ": the console's services");
        for (String url : urls.values()) {
            URI u = URI.create(url);
            assertServiceAddress(r, u.getHost(), u.getPort());
        }
        assertEquals(r.variant.components().contains("scale-out") ? "kafka-kafka-bootstrap:9092" : "kafka:9092",
                env.get("KAFKA_BOOTSTRAP_SERVERS"), r + ": the console's broker");
        for (String name : SERVICES) {
            assertEquals(r.environment(r.appContainer(r.get(Deployment.class, name))).get("KAFKA_BOOTSTRAP_SERVERS"),
                    env.get("KAFKA_BOOTSTRAP_SERVERS"), r + ": the console reads another broker than " + name);
        }
    }

    private static void assertServiceAddress(Rendered r, String host, int port) {
        List<Kafka> strimzi = r.all(Kafka.class);
        for (Kafka k : strimzi) {
            if (host.equals(k.getMetadata().getName() + "-kafka-bootstrap")) {
                List<Integer> ports = k.getSpec().getKafka().getListeners().stream().map(GenericKafkaListener::getPort)
                        .toList();
                assertTrue(ports.contains(port), r + ": " + host + " serves " + ports + ", not " + port);
                return;
            }
        }
        Service s = r.find(Service.class, host).orElseThrow(() -> new AssertionError(r + ": no Service " + host));
        assertTrue(s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == port), r + ": Service " + host
                + " has no port " + port);
    }

    /** Every JVM sizes its heap from its container's memory limit and leaves room for the rest. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyJvmSizesItsHeapFromItsMemoryLimit(Rendered r) {
        for (String name : APPLICATIONS) {
            Container c = r.appContainer(r.get(Deployment.class, name));
            Map<String, String> env = r.environment(c);
            String javaOpts = env.containsKey("JAVA_OPTS") ? env.get("JAVA_OPTS") : imageJavaOpts(name);
            assertHeapFromLimit(r, name, c, javaOpts + " " + env.getOrDefault("JAVA_OPTS_APPEND", ""));
        }
        r.find(StatefulSet.class, "kafka").ifPresent(s -> {
            Container c = kafkaBroker(r);
            assertEquals("apache/kafka:" + kafkaVersion(), c.getImage(), r + ": the broker is the version we build against");
            assertHeapFromLimit(r, "kafka", c, r.environment(c).getOrDefault("KAFKA_HEAP_OPTS", ""));
        });
        for (KafkaNodePool pool : r.all(KafkaNodePool.class)) {
            Map<String, String> xx = pool.getSpec().getJvmOptions().getXx();
            Quantity limit = pool.getSpec().getResources().getLimits().get("memory");
            assertTrue(xx != null && xx.containsKey("MaxRAMPercentage") && limit != null, r + ": KafkaNodePool "
                    + pool.getMetadata().getName() + " sizes its heap from a memory limit");
            assertEquals(3, pool.getSpec().getReplicas(), r + ": brokers of the scaled-out cluster");
        }
        for (Kafka k : r.all(Kafka.class)) {
            assertEquals(kafkaVersion(), k.getSpec().getKafka().getVersion(), r + ": Strimzi's broker version");
            assertEquals(3, ((Number) k.getSpec().getKafka().getConfig().get("default.replication.factor")).intValue());
        }
    }

    private static void assertHeapFromLimit(Rendered r, String what, Container c, String options) {
        Quantity limit = c.getResources() == null || c.getResources().getLimits() == null ? null
                : c.getResources().getLimits().get("memory");
        assertTrue(limit != null, r + ": " + what + " has no memory limit");
        assertFalse(options.matches(".*-Xmx\\S*.*"), r + ": " + what + " fixes its heap (-Xmx) instead of sizing it from "
                + "the limit: " + options);
        Matcher m = Pattern.compile("-XX:MaxRAMPercentage=([0-9.]+)").matcher(options);
        String pct = null;
        while (m.find()) {
            pct = m.group(1); // the JVM takes the last one
        }
        assertTrue(pct != null, r + ": " + what + " does not size its heap from the limit (-XX:MaxRAMPercentage): "
                + options);
        BigDecimal bytes = Quantity.getAmountInBytes(limit);
        BigDecimal heap = bytes.multiply(new BigDecimal(pct)).divide(BigDecimal.valueOf(100));
        assertTrue(bytes.subtract(heap).longValue() >= NON_HEAP_BYTES, r + ": " + what + "'s heap (" + pct + "% of "
                + limit + ") leaves less than 256Mi for the rest of the JVM");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void servicesRunAsNonRootOnAReadOnlyRootFilesystemWithLimits(Rendered r) {
        for (var e : r.podTemplates().entrySet()) {
            PodSpec spec = e.getValue().getSpec();
            assertEquals(Boolean.TRUE, spec.getSecurityContext().getRunAsNonRoot(), r + ": " + e.getKey() + " may run as root");
            assertEquals(Boolean.FALSE, spec.getEnableServiceLinks(), r + ": " + e.getKey()
                    + " gets service-link variables (KAFKA_PORT=tcp://...), which the Kafka image would read as settings");
            List<Container> all = new ArrayList<>(spec.getContainers());
            all.addAll(spec.getInitContainers());
            for (Container c : all) {
                assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), r + ": " + e.getKey());
                assertTrue(c.getResources().getRequests().containsKey("cpu") && c.getResources().getRequests()
                        .containsKey("memory") && c.getResources().getLimits().containsKey("memory"),
                        r + ": " + e.getKey() + "/" + c.getName() + " needs requests and limits");
            }
        }
        for (String name : APPLICATIONS) {
            Deployment d = r.get(Deployment.class, name);
            Container c = r.appContainer(d);
            assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), r + ": " + name);
            String tmpVolume = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                    .orElseThrow(() -> new AssertionError(r + ": " + name + " has no writable /tmp")).getName();
            assertTrue(d.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .anyMatch(v -> v.getName().equals(tmpVolume) && v.getEmptyDir() != null), r + ": " + name + "'s /tmp");
        }
    }

    /** A service starts once PostgreSQL and Kafka answer: its init containers wait for the addresses it is given. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void servicesWaitForPostgresAndKafkaBeforeStarting(Rendered r) {
        for (String name : SERVICES) {
            Deployment d = r.get(Deployment.class, name);
            Map<String, String> app = r.environment(r.appContainer(d));
            List<Container> inits = d.getSpec().getTemplate().getSpec().getInitContainers();
            for (String variable : List.of("DB_URL", "KAFKA_BOOTSTRAP_SERVERS")) {
                Container wait = inits.stream().filter(i -> r.environment(i).containsKey(variable)).findFirst()
                        .orElseThrow(() -> new AssertionError(r + ": " + name + " does not wait for " + variable));
                assertEquals(app.get(variable), r.environment(wait).get(variable), r + ": " + name + " waits for another "
                        + variable + " than it uses");
                String script = String.join(" ", wait.getCommand()) + String.join(" ", wait.getArgs());
                assertTrue(script.contains("until nc -z") && script.contains("$" + "{" + variable),
                        r + ": " + wait.getName() + " does not wait on " + variable + ": " + script);
            }
        }
    }

    /** PostgreSQL's init script creates exactly the database, login and password each service is given. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void postgresCreatesTheDatabasesAndLoginsTheServicesUse(Rendered r) {
        Container pg = r.get(StatefulSet.class, "postgres").getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> pgEnv = r.environment(pg);
        String script = String.join("\n", r.configMap("postgres-init").getData().values());
        for (String name : SERVICES) {
            Map<String, String> env = r.environment(r.appContainer(r.get(Deployment.class, name)));
            String prefix = name.substring(0, name.indexOf('-')).toUpperCase();
            String database = URI.create(env.get("DB_URL").substring("jdbc:".length())).getPath().substring(1);
            assertEquals(env.get("DB_USER"), database, r + ": " + name + "'s database is named after its login");
            assertEquals(env.get("DB_USER"), pgEnv.get(prefix + "_DB_USER"), r + ": the login PostgreSQL creates for " + name);
            assertEquals(env.get("DB_PASSWORD"), pgEnv.get(prefix + "_DB_PASSWORD"), r + ": " + name + "'s password");
            assertTrue(script.contains("\"$" + prefix + "_DB_USER\" \"$" + prefix + "_DB_PASSWORD\""),
                    r + ": the init script does not create " + prefix + "'s login");
            for (EnvVar v : r.appContainer(r.get(Deployment.class, name)).getEnv()) {
                if (v.getName().equals("DB_PASSWORD")) {
                    assertTrue(v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null,
                            r + ": " + name + "'s DB_PASSWORD comes from a Secret");
                }
            }
        }
    }

    /** The broker's variables are all settings Kafka knows (KAFKA_LOG_DIRS -> log.dirs), checked against Kafka's own config. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void theBrokerVariablesAreKafkaSettings(Rendered r) {
        if (r.find(StatefulSet.class, "kafka").isEmpty()) {
            return;
        }
        Set<String> known = new TreeSet<>(kafka.server.KafkaConfig.configDef().names());
        // the StandardAuthorizer's own settings
        known.addAll(List.of(org.apache.kafka.metadata.authorizer.StandardAuthorizer.SUPER_USERS_CONFIG,
                org.apache.kafka.metadata.authorizer.StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG));
        Map<String, String> env = r.environment(kafkaBroker(r));
        Set<String> listeners = Arrays.stream(env.get("KAFKA_LISTENERS").split(","))
                .map(l -> l.substring(0, l.indexOf(':')).toLowerCase()).collect(Collectors.toSet());
        for (String variable : env.keySet()) {
            if (KAFKA_IMAGE_VARIABLES.contains(variable)) {
                continue;
            }
            assertTrue(variable.startsWith("KAFKA_"), r + ": the broker is given " + variable);
            String property = variable.substring("KAFKA_".length()).toLowerCase().replace("___", "-").replace("__", "@")
                    .replace('_', '.').replace('@', '_');
            // a setting for one listener (and SASL mechanism): listener.name.<listener>[.<mechanism>].<setting>
            Matcher perListener = Pattern.compile("listener\\.name\\.([a-z]+)\\.(?:(plain|scram-sha-512)\\.)?(.+)")
                    .matcher(property);
            if (perListener.matches()) {
                assertTrue(listeners.contains(perListener.group(1)), r + ": " + variable + " is for listener "
                        + perListener.group(1) + ", which is none of " + listeners);
                property = perListener.group(3);
            }
            assertTrue(known.contains(property), r + ": " + variable + " -> " + property + " is no Kafka broker setting");
        }
    }

    /** The kind overlay's NodePorts are the ones cluster.yaml publishes, at the services' own port numbers. */
    @Test
    void kindPublishesEachServiceOnItsOwnPortOnTheHost() throws IOException {
        JsonNode cluster = Model.documents(read(Kustomize.k8s().resolve("kind/cluster.yaml"))).get(0);
        Map<Integer, Integer> hostPortByNodePort = new java.util.HashMap<>();
        for (JsonNode node : cluster.path("nodes")) {
            for (JsonNode m : node.path("extraPortMappings")) {
                hostPortByNodePort.put(m.path("containerPort").asInt(), m.path("hostPort").asInt());
            }
        }
        for (Kustomize.Variant v : Kustomize.variants()) {
            if (!v.overlay().equals("kind")) {
                continue;
            }
            Rendered r = Rendered.of(v);
            for (String name : APPLICATIONS) {
                Service s = r.get(Service.class, name);
                assertEquals("NodePort", s.getSpec().getType(), r + ": " + name);
                ServicePort p = s.getSpec().getPorts().get(0);
                assertEquals(p.getPort(), hostPortByNodePort.get(p.getNodePort()), r + ": " + name + "'s NodePort "
                        + p.getNodePort() + " is published on the host at");
            }
        }
        // and Grafana's NodePort of the observability component at 3000 (ObservabilityComponentTest checks it)
        assertEquals(Set.of(8081, 8082, 8083, 8084, 3000), new LinkedHashSet<>(hostPortByNodePort.values()));
        assertEquals(8084, hostPortByNodePort.get(30084), "the console's NodePort 30084 is published on the host at");
    }

    /** kind-up builds the images with docker/build-images.sh and loads exactly those the rendered manifests name. */
    @Test
    void kindUpBuildsAndLoadsTheImagesTheManifestsName() {
        String script = read(Kustomize.k8s().resolve("kind/kind.sh"));
        assertTrue(script.contains("docker/build-images.sh"), "kind.sh builds the service images with docker/build-images.sh");
        assertTrue(script.contains("grep -oE 'image: dealstream/[^ ]+' \"$WORK/manifests.yaml\""),
                "kind.sh loads the dealstream/* images of the manifests it applies");
        assertTrue(script.contains("kind load docker-image \"$image\""), "kind.sh loads them with kind load docker-image");
        assertTrue(script.contains("kc apply -f \"$WORK/manifests.yaml\""), "kind.sh applies what it rendered");
        assertTrue(script.contains("-f local-stack/src/main/docker/Dockerfile.jvm")
                && Files.isRegularFile(Kustomize.root().resolve("local-stack/src/main/docker/Dockerfile.jvm")),
                "kind.sh builds the watch/demo image from local-stack's Dockerfile.jvm");
        String images = Model.documents(Kustomize.render(Kustomize.k8s().resolve("kind"))).stream()
                .flatMap(d -> d.findValuesAsText("image").stream()).filter(i -> i.startsWith("dealstream/")).sorted()
                .distinct().collect(Collectors.joining(" "));
        assertEquals(APPLICATIONS.stream().sorted().map(n -> "dealstream/" + n + ":" + version())
                .collect(Collectors.joining(" ")), images, "the images kind-up loads for the kind overlay");
    }

    @Test
    void theContractHasTheThreeTopics() {
        assertEquals(3, contractTopics().size(), contractTopics().toString());
    }

    // --- helpers ---

    /** The topics the kafka-topics Job's script creates (its loop over them). */
    static Set<String> setupTopics(Rendered r) {
        Matcher m = Pattern.compile("for topic in ([^;]+);").matcher(KafkaSecurityTest.setupScript(r).replace("\\\n", " "));
        assertTrue(m.find(), r + ": the Job's script has no loop over its topics");
        return new TreeSet<>(Arrays.asList(m.group(1).trim().split("\\s+")));
    }

    static Container kafkaBroker(Rendered r) {
        return r.get(StatefulSet.class, "kafka").getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The topics of io.dealstream.events.Topics (its public String constants). */
    static Set<String> contractTopics() {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    static int containerPort(List<Container> containers, IntOrString ref, String what) {
        for (Container c : containers) {
            for (ContainerPort p : c.getPorts()) {
                if (ref.getStrVal() != null ? ref.getStrVal().equals(p.getName())
                        : ref.getIntVal().equals(p.getContainerPort())) {
                    return p.getContainerPort();
                }
            }
        }
        fail(what + ": port " + (ref.getStrVal() != null ? ref.getStrVal() : ref.getIntVal())
                + " is no container port of " + containers.stream().map(Container::getName).toList());
        return -1;
    }

    static String dockerfile(String module) {
        Path file = Kustomize.root().resolve(module).resolve("src/main/docker/Dockerfile.jvm");
        assertTrue(Files.isRegularFile(file), file + " is missing");
        return read(file);
    }

    /** The JAVA_OPTS the image sets by default (ENV JAVA_OPTS="..." in Dockerfile.jvm). */
    static String imageJavaOpts(String module) {
        Matcher m = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile(module));
        assertTrue(m.find(), module + "'s Dockerfile.jvm sets no default JAVA_OPTS");
        return m.group(1);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
