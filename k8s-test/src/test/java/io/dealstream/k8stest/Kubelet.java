package io.dealstream.k8stest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment the kubelet gives a container, by its rules: the {@code kubernetes} Service's variables always; the
 * service-link variables of every Service of the namespace that has a cluster IP, unless the pod sets
 * {@code enableServiceLinks: false}; then the container's own env (ConfigMap and Secret references resolved, downward
 * API fields, {@code $(VAR)} expanded against what came before), which wins over a link of the same name; and
 * {@code HOSTNAME}, the pod's name, from the runtime. Cluster IPs are made up (10.96.0.0/16), as a cluster would.
 * A container's volumes are made as the kubelet makes them, each in a folder on this machine that stands for its
 * mount path: the files of a Secret or ConfigMap with its keys' data and modes, an empty emptyDir.
 */
final class Kubelet {

    static final String NAMESPACE = "dealstream";
    static final String API_SERVER_IP = "10.96.0.1";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private Kubelet() {
    }

    /** A container's environment in pod {@code podName} of the rendered variant (image ENV aside). */
    static Map<String, String> environment(Rendered r, PodSpec pod, Container c, String podName) {
        Map<String, String> env = new LinkedHashMap<>(apiServerLinks());
        if (!Boolean.FALSE.equals(pod.getEnableServiceLinks())) {
            env.putAll(serviceLinks(r.all(Service.class)));
        }
        // envFrom first, then env in order, each $(VAR) expanded against what is defined before it
        Map<String, String> own = r.environment(new io.fabric8.kubernetes.api.model.ContainerBuilder(c).withEnv()
                .build());
        for (EnvVar v : c.getEnv()) {
            if (v.getValueFrom() == null) {
                own.put(v.getName(), expand(v.getValue(), env, own));
            } else if (v.getValueFrom().getFieldRef() != null) {
                own.put(v.getName(), field(v.getValueFrom().getFieldRef().getFieldPath(), podName));
            } else {
                own.put(v.getName(), r.value(v));
            }
        }
        env.putAll(own);
        env.put("HOSTNAME", podName);
        return env;
    }

    /**
     * The container's volume mounts as the kubelet makes them, under {@code podDir}: for a Secret or ConfigMap volume its
     * items (or every key) as files with their data and mode (the item's, else the volume's defaultMode, else 0644), for
     * an emptyDir an empty folder. Returns each mount path and the folder that stands for it. A Secret or ConfigMap
     * that does not exist, or a key an item names that it lacks, fails as the kubelet would not start the pod.
     */
    static Map<String, Path> mounts(Rendered r, PodSpec pod, Container c, Path podDir) {
        Map<String, Volume> volumes = new LinkedHashMap<>();
        pod.getVolumes().forEach(v -> volumes.put(v.getName(), v));
        Map<String, Path> mounts = new LinkedHashMap<>();
        try {
            for (VolumeMount m : c.getVolumeMounts()) {
                Volume v = volumes.get(m.getName());
                if (v == null) {
                    throw new AssertionError(c.getName() + " mounts volume " + m.getName() + ", which the pod does not have");
                }
                Path dir = podDir.resolve("volumes").resolve(v.getName());
                Files.createDirectories(dir);
                Map<String, String> data;
                List<KeyToPath> items;
                Integer defaultMode;
                if (v.getSecret() != null) {
                    String name = v.getSecret().getSecretName();
                    var secret = r.find(Secret.class, name).orElseThrow(() -> new AssertionError(
                            "the kubelet would not start " + c.getName() + ": Secret " + name + " does not exist"));
                    data = Rendered.secretData(secret);
                    items = v.getSecret().getItems();
                    defaultMode = v.getSecret().getDefaultMode();
                } else if (v.getConfigMap() != null) {
                    data = r.configMap(v.getConfigMap().getName()).getData();
                    items = v.getConfigMap().getItems();
                    defaultMode = v.getConfigMap().getDefaultMode();
                } else if (v.getEmptyDir() != null) {
                    mounts.put(m.getMountPath(), dir);
                    continue;
                } else {
                    throw new AssertionError(c.getName() + "'s volume " + v.getName() + " is of a kind this model does not make");
                }
                Map<String, String> files = new LinkedHashMap<>();
                Map<String, Integer> modes = new LinkedHashMap<>();
                if (items == null || items.isEmpty()) {
                    data.keySet().forEach(k -> files.put(k, k));
                } else {
                    for (var item : items) {
                        if (!data.containsKey(item.getKey())) {
                            throw new AssertionError("the kubelet would not start " + c.getName() + ": volume "
                                    + v.getName() + " names key " + item.getKey() + ", which its source lacks");
                        }
                        files.put(item.getPath(), item.getKey());
                        if (item.getMode() != null) {
                            modes.put(item.getPath(), item.getMode());
                        }
                    }
                }
                for (var f : files.entrySet()) {
                    Path file = dir.resolve(f.getKey());
                    Files.createDirectories(file.getParent());
                    Files.deleteIfExists(file);
                    Files.writeString(file, data.get(f.getValue()), StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(file, permissions(modes.getOrDefault(f.getKey(),
                            defaultMode == null ? 0644 : defaultMode)));
                }
                mounts.put(m.getMountPath(), dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mounts;
    }

    /** The env with each value that is a mount path, or a path under one, pointed at the folder that stands for it. */
    static Map<String, String> onThisMachine(Map<String, String> env, Map<String, Path> mounts) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            String value = v;
            for (var m : mounts.entrySet()) {
                if (v.equals(m.getKey()) || v.startsWith(m.getKey() + "/")) {
                    value = m.getValue().resolve(v.substring(m.getKey().length()).replaceFirst("^/", "")).toString();
                }
            }
            out.put(k, value);
        });
        return out;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                p.add(bits[i]);
            }
        }
        return p;
    }

    /** The variables of the master Service ({@code kubernetes} in {@code default}), which every container gets. */
    static Map<String, String> apiServerLinks() {
        Service api = new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName("kubernetes")
                .endMetadata().withNewSpec().withClusterIP(API_SERVER_IP).addNewPort().withName("https").withPort(443)
                .withProtocol("TCP").endPort().endSpec().build();
        return links(api, API_SERVER_IP);
    }

    /** The service-link variables of the namespace's Services; headless ones ({@code clusterIP: None}) give none. */
    static Map<String, String> serviceLinks(List<Service> services) {
        Map<String, String> env = new LinkedHashMap<>();
        int n = 0;
        for (Service s : services) {
            n++;
            String ip = s.getSpec().getClusterIP();
            if ("None".equals(ip)) {
                continue;
            }
            env.putAll(links(s, ip == null || ip.isBlank() ? "10.96." + (10 + n) + "." + (100 + n) : ip));
        }
        return env;
    }

    private static Map<String, String> links(Service s, String ip) {
        Map<String, String> env = new LinkedHashMap<>();
        String name = variableName(s.getMetadata().getName());
        List<ServicePort> ports = s.getSpec().getPorts();
        env.put(name + "_SERVICE_HOST", ip);
        env.put(name + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
        for (ServicePort p : ports) {
            if (p.getName() != null && !p.getName().isEmpty()) {
                env.put(name + "_SERVICE_PORT_" + variableName(p.getName()), String.valueOf(p.getPort()));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            String url = protocol.toLowerCase(Locale.ROOT) + "://" + ip + ":" + p.getPort();
            String prefix = name + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            if (i == 0) {
                env.put(name + "_PORT", url);
            }
            env.put(prefix, url);
            env.put(prefix + "_PROTO", protocol.toLowerCase(Locale.ROOT));
            env.put(prefix + "_PORT", String.valueOf(p.getPort()));
            env.put(prefix + "_ADDR", ip);
        }
        return env;
    }

    /** {@code investment-service} -> {@code INVESTMENT_SERVICE}. */
    static String variableName(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String field(String path, String podName) {
        return switch (path) {
            case "metadata.name" -> podName;
            case "metadata.namespace" -> NAMESPACE;
            case "status.podIP", "status.hostIP" -> "127.0.0.1";
            case "spec.nodeName" -> "dealstream-control-plane";
            default -> throw new AssertionError("a downward API field this model does not know: " + path);
        };
    }

    /** {@code $(VAR)} as the kubelet expands it: a defined variable's value, anything else left as it is. */
    private static String expand(String value, Map<String, String> links, Map<String, String> own) {
        if (value == null) {
            return "";
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = own.containsKey(name) ? own.get(name) : links.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
