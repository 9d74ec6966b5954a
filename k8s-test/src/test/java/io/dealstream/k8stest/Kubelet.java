package io.dealstream.k8stest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment the kubelet gives a container, by its rules: the {@code kubernetes} Service's variables always; the
 * service-link variables of every Service of the namespace that has a cluster IP, unless the pod sets
 * {@code enableServiceLinks: false}; then the container's own env (ConfigMap and Secret references resolved, downward
 * API fields, {@code $(VAR)} expanded against what came before), which wins over a link of the same name; and
 * {@code HOSTNAME}, the pod's name, from the runtime. Cluster IPs are made up (10.96.0.0/16), as a cluster would.
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
