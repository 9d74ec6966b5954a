package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay and component renders, and every document is a typed Kubernetes (or Strimzi) object with no unknown field. */
class ManifestModelTest {

    static List<Kustomize.Variant> variants() {
        return Kustomize.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void rendersIntoTheTypedModelWithNoUnknownField(Kustomize.Variant variant) {
        List<HasMetadata> objects = Model.parse(Kustomize.render(variant.dir()));
        assertFalse(objects.isEmpty(), variant + " rendered nothing");
        List<String> outside = objects.stream().filter(o -> !"Namespace".equals(o.getKind()))
                .filter(o -> !"dealstream".equals(o.getMetadata().getNamespace()))
                .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        assertEquals(List.of(), outside, variant + ": objects outside the dealstream namespace");
        System.out.printf("%s: %d objects (%s)%n", variant, objects.size(), objects.stream()
                .collect(Collectors.groupingBy(HasMetadata::getKind, java.util.TreeMap::new, Collectors.counting())));
    }

    @Test
    void thereIsAVariantPerOverlayAndComponent() {
        List<String> names = variants().stream().map(Kustomize.Variant::name).toList();
        assertTrue(names.containsAll(List.of("base", "kind", "base+scale-out", "kind+scale-out")), names.toString());
    }

    /** A misspelt field that kustomize passes through untouched fails, naming where it is. */
    @Test
    void aTypoInAFieldNameFails() {
        Path dir = Kustomize.root().resolve("k8s-test/target/kustomize/typo");
        Kustomize.write(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - %s
                patches:
                  - patch: |-
                      apiVersion: apps/v1
                      kind: Deployment
                      metadata:
                        name: compute-service
                      spec:
                        template:
                          spec:
                            containers:
                              - name: compute-service
                                readinessProbe:
                                  httpGet:
                                    pathh: /q/health/ready
                """.formatted(Kustomize.relative(dir, Kustomize.k8s().resolve("kind"))));
        String rendered = Kustomize.run(dir);
        assertTrue(rendered.contains("pathh: /q/health/ready"), "kustomize kept the misspelt field");
        AssertionError e = assertThrows(AssertionError.class, () -> Model.parse(rendered));
        assertTrue(e.getMessage().contains(
                "Deployment/compute-service: unknown field spec.template.spec.containers[0].readinessProbe.httpGet.pathh"),
                e.getMessage());
    }

    @Test
    void aTypoAtTheTopOrInACustomResourceFails() {
        AssertionError top = assertThrows(AssertionError.class, () -> Model.parse("""
                apiVersion: v1
                kind: ConfigMap
                metdata:
                  name: kafka-client
                """));
        assertTrue(top.getMessage().contains("unknown field metdata"), top.getMessage());
        AssertionError cr = assertThrows(AssertionError.class, () -> Model.parse("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata:
                  name: investment.tranche-events
                spec:
                  partitons: 6
                  replicas: 3
                """));
        assertTrue(cr.getMessage().contains("KafkaTopic/investment.tranche-events: unknown field spec.partitons"),
                cr.getMessage());
    }

    @Test
    void aWrongTypeOrAnUnknownKindFails() {
        AssertionError type = assertThrows(AssertionError.class, () -> Model.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                spec:
                  replicas: two
                """));
        assertTrue(type.getMessage().contains("Deployment/x: does not fit Deployment"), type.getMessage());
        AssertionError kind = assertThrows(AssertionError.class, () -> Model.parse("""
                apiVersion: apps/v1
                kind: Deploymnet
                metadata:
                  name: x
                """));
        assertTrue(kind.getMessage().contains("no typed model for apps/v1/Deploymnet"), kind.getMessage());
    }
}
