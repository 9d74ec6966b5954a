package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strimzi.api.kafka.model.kafka.Kafka;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One Strimzi release for the scale-out component: k8s/components/scale-out/strimzi.env names it and the Kafka versions
 * it supports; make kind-up COMPONENTS=scale-out installs it (KindScriptTest), k8s-test's io.strimzi:api model is the
 * same release, and the Kafka resource asks for a version that release runs.
 */
class StrimziPinTest {

    /** The settings of strimzi.env (KEY=value, quotes removed). */
    static Map<String, String> pinned() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : ConsistencyTest.read(Kustomize.k8s().resolve("components/scale-out/strimzi.env")).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
        }
        return env;
    }

    @Test
    void theStrimziModelK8sCheckUsesIsTheReleaseKindUpInstalls() {
        String model = System.getProperty("strimzi.version", "");
        assertFalse(model.isBlank(), "the pom passes strimzi.version to the tests");
        assertEquals(model, pinned().get("STRIMZI_VERSION"), "io.strimzi:api (k8s-test/pom.xml strimzi.version) and "
                + "k8s/components/scale-out/strimzi.env");
    }

    @Test
    void theKafkaVersionOfTheScaleOutClusterIsOneThePinnedStrimziSupports() {
        List<String> supported = Arrays.asList(pinned().get("STRIMZI_KAFKA_VERSIONS").split(" "));
        assertEquals(List.of("4.0.0", "4.0.1", "4.1.0", "4.1.1"), supported, "Strimzi 0.49.1's kafka-versions.yaml");
        for (Kustomize.Variant v : Kustomize.variants()) {
            if (!v.components().contains("scale-out")) {
                continue;
            }
            List<Kafka> kafkas = Rendered.of(v).all(Kafka.class);
            assertEquals(1, kafkas.size(), v + ": one Kafka resource");
            String version = kafkas.get(0).getSpec().getKafka().getVersion();
            assertTrue(supported.contains(version), v + ": Kafka " + version + " is not one Strimzi "
                    + pinned().get("STRIMZI_VERSION") + " runs (" + supported + ")");
        }
    }
}
