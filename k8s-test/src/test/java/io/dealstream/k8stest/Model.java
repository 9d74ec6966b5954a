package io.dealstream.k8stest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/**
 * The rendered documents as fabric8's (and Strimzi's) typed model, strictly: a kind without a typed class, a value of the
 * wrong type, or a field the model does not know fails. fabric8 and Strimzi keep unknown fields in
 * {@code additionalProperties} instead of refusing them, so the whole object graph is walked for any that is not empty.
 */
final class Model {

    /** apiVersion/kind to the typed class; anything else is refused. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private Model() {
    }

    /** Parses every document; throws an AssertionError listing every problem of every document. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : documents(yaml)) {
            String id = doc.path("kind").asText("?") + "/" + doc.path("metadata").path("name").asText("?");
            String type = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
            Class<? extends HasMetadata> cls = TYPES.get(type);
            if (cls == null) {
                problems.add(id + ": no typed model for " + type + " (known: " + TYPES.keySet() + ")");
                continue;
            }
            try {
                HasMetadata object = JSON.treeToValue(doc, cls);
                for (String unknown : unknownFields(object)) {
                    problems.add(id + ": unknown field " + unknown);
                }
                objects.add(object);
            } catch (IOException e) {
                problems.add(id + ": does not fit " + cls.getSimpleName() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
        return objects;
    }

    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** The paths (e.g. {@code spec.template.spec.containers[0].readinessProbe.httpGet.pathh}) of every unknown field. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object element : c) {
                walk(element, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        if (value instanceof Enum || !isModel(value.getClass()) || !seen.add(value)) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && isModel(c); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Object v = read(f, value);
                String name = f.getName();
                if (name.equals("additionalProperties")) {
                    if (v instanceof Map<?, ?> extra) {
                        extra.keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
                    }
                    continue;
                }
                walk(v, join(path, jsonName(f)), found, seen);
            }
        }
    }

    private static boolean isModel(Class<?> c) {
        String n = c.getName();
        return n.startsWith("io.fabric8.") || n.startsWith("io.strimzi.");
    }

    private static Object read(Field f, Object target) {
        try {
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + f, e);
        }
    }

    private static String jsonName(Field f) {
        com.fasterxml.jackson.annotation.JsonProperty p = f.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : f.getName();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
