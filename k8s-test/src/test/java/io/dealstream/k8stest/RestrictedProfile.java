package io.dealstream.k8stest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod Security Standards' restricted profile, which includes baseline, as Pod Security Admission checks a pod at
 * the version namespace.yaml pins (https://kubernetes.io/docs/concepts/security/pod-security-standards/):
 * <ul>
 * <li>baseline: no host namespaces (hostNetwork, hostPID, hostIPC); no privileged container; no hostPath volume, no
 * hostPort; AppArmor only RuntimeDefault or Localhost (field or annotation); SELinux type only container_t,
 * container_init_t, container_kvm_t or container_engine_t, no user or role; /proc mount Default; only the safe
 * sysctls; no Windows HostProcess;</li>
 * <li>restricted: volumes only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected,
 * secret; allowPrivilegeEscalation false in every container; runAsNonRoot true (the pod's, or every container's) and
 * none false; runAsUser never 0; seccomp RuntimeDefault or Localhost (the pod's, or every container's), never
 * Unconfined; capabilities drop ALL and add at most NET_BIND_SERVICE.</li>
 * </ul>
 * Each violation names what breaks which rule.
 */
final class RestrictedProfile {

    /** The version of the profile the namespace pins (k8s/base/namespace.yaml). */
    static final String VERSION = "v1.32";

    static final Set<String> VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");
    static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestrictedProfile() {
    }

    /** What in the pod breaks the profile, one line each; empty when it meets it. */
    static List<String> violations(PodSpec spec, Map<String, String> annotations) {
        List<String> v = new ArrayList<>();
        PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                || Boolean.TRUE.equals(spec.getHostIPC())) {
            v.add("shares a host namespace (hostNetwork, hostPID or hostIPC)");
        }
        if (!list(spec.getEphemeralContainers()).isEmpty()) {
            v.add("has ephemeral containers, which this check does not cover");
        }
        for (Volume volume : list(spec.getVolumes())) {
            JsonNode node = JSON.valueToTree(volume);
            for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
                String type = it.next();
                if (!type.equals("name") && !node.get(type).isNull() && !VOLUME_TYPES.contains(type)) {
                    v.add("volume " + volume.getName() + " is " + type + ", not one of " + VOLUME_TYPES);
                }
            }
        }
        appArmor("the pod", pod.getAppArmorProfile(), v);
        seLinux("the pod", pod.getSeLinuxOptions(), v);
        for (Sysctl s : list(pod.getSysctls())) {
            if (!SAFE_SYSCTLS.contains(s.getName())) {
                v.add("sets sysctl " + s.getName() + ", which is not a safe one");
            }
        }
        if (pod.getWindowsOptions() != null && Boolean.TRUE.equals(pod.getWindowsOptions().getHostProcess())) {
            v.add("the pod is a Windows HostProcess");
        }
        if (pod.getRunAsUser() != null && pod.getRunAsUser() == 0) {
            v.add("the pod runs as user 0");
        }
        boolean podNonRoot = Boolean.TRUE.equals(pod.getRunAsNonRoot());
        boolean podSeccomp = allowedSeccomp(pod.getSeccompProfile());
        if (pod.getSeccompProfile() != null && !podSeccomp) {
            v.add("the pod's seccomp profile is " + pod.getSeccompProfile().getType());
        }
        annotations.forEach((k, value) -> {
            if (k.startsWith(APPARMOR_ANNOTATION) && !value.equals("runtime/default") && !value.startsWith("localhost/")) {
                v.add("annotation " + k + " is " + value);
            }
        });
        List<Container> containers = new ArrayList<>(list(spec.getInitContainers()));
        containers.addAll(list(spec.getContainers()));
        for (Container c : containers) {
            String who = "container " + c.getName();
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                v.add(who + " is privileged");
            }
            for (ContainerPort p : list(c.getPorts())) {
                if (p.getHostPort() != null && p.getHostPort() != 0) {
                    v.add(who + " uses hostPort " + p.getHostPort());
                }
            }
            appArmor(who, sc.getAppArmorProfile(), v);
            seLinux(who, sc.getSeLinuxOptions(), v);
            if (sc.getProcMount() != null && !sc.getProcMount().equals("Default")) {
                v.add(who + " has procMount " + sc.getProcMount());
            }
            if (sc.getWindowsOptions() != null && Boolean.TRUE.equals(sc.getWindowsOptions().getHostProcess())) {
                v.add(who + " is a Windows HostProcess");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                v.add(who + " does not set allowPrivilegeEscalation: false");
            }
            if (Boolean.FALSE.equals(sc.getRunAsNonRoot()) || !podNonRoot && !Boolean.TRUE.equals(sc.getRunAsNonRoot())) {
                v.add(who + " may run as root (runAsNonRoot is not true for the pod or the container)");
            }
            if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                v.add(who + " runs as user 0");
            }
            if (sc.getSeccompProfile() != null ? !allowedSeccomp(sc.getSeccompProfile()) : !podSeccomp) {
                v.add(who + " has no seccomp profile RuntimeDefault or Localhost (pod or container)");
            }
            List<String> drop = sc.getCapabilities() == null ? List.of() : list(sc.getCapabilities().getDrop());
            List<String> add = sc.getCapabilities() == null ? List.of() : list(sc.getCapabilities().getAdd());
            if (!drop.contains("ALL")) {
                v.add(who + " does not drop ALL capabilities");
            }
            for (String cap : add) {
                if (!cap.equals("NET_BIND_SERVICE")) {
                    v.add(who + " adds capability " + cap);
                }
            }
        }
        return v;
    }

    /** A list field: empty when a builder left it unset. */
    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static boolean allowedSeccomp(SeccompProfile p) {
        return p != null && ("RuntimeDefault".equals(p.getType()) || "Localhost".equals(p.getType()));
    }

    private static void appArmor(String who, AppArmorProfile p, List<String> v) {
        if (p != null && !"RuntimeDefault".equals(p.getType()) && !"Localhost".equals(p.getType())) {
            v.add(who + "'s AppArmor profile is " + p.getType());
        }
    }

    private static void seLinux(String who, SELinuxOptions o, List<String> v) {
        if (o == null) {
            return;
        }
        if (o.getType() != null && !SELINUX_TYPES.contains(o.getType())) {
            v.add(who + "'s SELinux type is " + o.getType());
        }
        if (o.getUser() != null || o.getRole() != null) {
            v.add(who + " sets an SELinux user or role");
        }
    }
}
