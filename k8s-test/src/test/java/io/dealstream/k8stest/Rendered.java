package io.dealstream.k8stest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One rendered variant, as typed objects, with the look-ups the checks and the manifest-driven run need. */
final class Rendered {

    final Kustomize.Variant variant;
    final List<HasMetadata> objects;

    private Rendered(Kustomize.Variant variant, List<HasMetadata> objects) {
        this.variant = variant;
        this.objects = objects;
    }

    static Rendered of(Kustomize.Variant variant) {
        return new Rendered(variant, Model.parse(Kustomize.render(variant.dir())));
    }

    /** The variant with objects the cluster gets beside its manifests (e.g. the Secret make kind-up makes). */
    Rendered with(List<HasMetadata> more) {
        List<HasMetadata> all = new ArrayList<>(objects);
        all.addAll(more);
        return new Rendered(variant, List.copyOf(all));
    }

    /** The variant with an object in place of the one of its kind and name (a deliberate mistake, in a test). */
    Rendered replacing(HasMetadata replacement) {
        return new Rendered(variant, objects.stream().map(o -> o.getKind().equals(replacement.getKind())
                && o.getMetadata().getName().equals(replacement.getMetadata().getName()) ? replacement : o).toList());
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(variant + ": no " + type.getSimpleName() + " "
                + name));
    }

    /** Every pod template with the name of its workload (Deployment, StatefulSet, Job). */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> t = new LinkedHashMap<>();
        all(Deployment.class).forEach(d -> t.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(StatefulSet.class).forEach(s -> t.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        all(Job.class).forEach(j -> t.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
        return t;
    }

    /** The container of a Deployment named like it (the application; init containers aside). */
    Container appContainer(Deployment d) {
        String name = d.getMetadata().getName();
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> name.equals(c.getName()))
                .findFirst().orElseThrow(() -> new AssertionError(variant + ": Deployment " + name
                        + " has no container named " + name));
    }

    /** The env a container gets: literal values, ConfigMap and Secret references resolved; fails on a missing key. */
    Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                env.putAll(configMap(from.getConfigMapRef().getName()).getData());
            }
            if (from.getSecretRef() != null) {
                env.putAll(secretData(secret(from.getSecretRef().getName())));
            }
        }
        for (EnvVar v : c.getEnv()) {
            env.put(v.getName(), value(v));
        }
        return env;
    }

    String value(EnvVar v) {
        if (v.getValueFrom() == null) {
            return v.getValue() == null ? "" : v.getValue();
        }
        var from = v.getValueFrom();
        if (from.getConfigMapKeyRef() != null) {
            return configMapValue(from.getConfigMapKeyRef().getName(), from.getConfigMapKeyRef().getKey());
        }
        if (from.getSecretKeyRef() != null) {
            String name = from.getSecretKeyRef().getName();
            String key = from.getSecretKeyRef().getKey();
            if (find(Secret.class, name).isEmpty() && madeElsewhere(name).contains(key)) {
                return "<" + name + "/" + key + ">";
            }
            return secretValue(name, key);
        }
        throw new AssertionError(variant + ": env " + v.getName() + " comes from neither a value, a ConfigMap nor a Secret");
    }

    /**
     * The keys of a Secret that is no manifest's but made where the system runs: by make kind-up
     * ({@link ConsistencyTest#DEPLOY_TIME_SECRETS}) or by Strimzi's User Operator for a KafkaUser of its name (key
     * password); none for any other.
     */
    Set<String> madeElsewhere(String secret) {
        if (ConsistencyTest.DEPLOY_TIME_SECRETS.containsKey(secret)) {
            return ConsistencyTest.DEPLOY_TIME_SECRETS.get(secret);
        }
        return find(KafkaUser.class, secret).isPresent() ? Set.of("password") : Set.of();
    }

    ConfigMap configMap(String name) {
        return get(ConfigMap.class, name);
    }

    Secret secret(String name) {
        return get(Secret.class, name);
    }

    String configMapValue(String name, String key) {
        String v = configMap(name).getData() == null ? null : configMap(name).getData().get(key);
        if (v == null) {
            throw new AssertionError(variant + ": ConfigMap " + name + " has no key " + key);
        }
        return v;
    }

    String secretValue(String name, String key) {
        String v = secretData(secret(name)).get(key);
        if (v == null) {
            throw new AssertionError(variant + ": Secret " + name + " has no key " + key);
        }
        return v;
    }

    static Map<String, String> secretData(Secret s) {
        Map<String, String> data = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            data.putAll(s.getStringData());
        }
        return data;
    }

    /** The Services whose selector matches the labels. */
    List<Service> servicesSelecting(Map<String, String> labels) {
        List<Service> found = new ArrayList<>();
        for (Service s : all(Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet())) {
                found.add(s);
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return variant.toString();
    }
}
