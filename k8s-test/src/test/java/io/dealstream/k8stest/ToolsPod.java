package io.dealstream.k8stest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod make kind-watch, kind-lag and kind-demo run in the cluster, as k8s/kind/kind.sh asks kubectl run for it:
 * kind-demo run for real in a sandbox (stub docker, kind and kubectl), its {@code kubectl run} call taken apart into
 * the pod of its {@code --overrides} and the environment of its {@code --env}s.
 */
record ToolsPod(String name, Pod pod, Map<String, String> env) {

    private static final Pattern ENV = Pattern.compile(" --env=([A-Za-z_][A-Za-z0-9_]*)=(\\S*)");
    private static ToolsPod demo;

    static synchronized ToolsPod ofKindDemo() {
        if (demo == null) {
            ScriptSandbox sb = KindScriptTest.deployed("tools-pod");
            ScriptSandbox.Run run = sb.make("kind-demo");
            assertEquals(0, run.exit(), run::toString);
            String call = run.calls().stream().filter(c -> c.startsWith(KindScriptTest.KC + "run ")).findFirst()
                    .orElseThrow(() -> new AssertionError("kind-demo ran no pod: " + run));
            demo = parse(call);
        }
        return demo;
    }

    static ToolsPod parse(String call) {
        String name = call.substring((KindScriptTest.KC + "run ").length()).split(" ")[0];
        String json = call.replaceAll(".* --overrides=(\\{.*\\}) --override-type=strategic .*", "$1");
        Pod pod;
        try {
            pod = new ObjectMapper().readValue(json, Pod.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the overrides of " + call, e);
        }
        // kubectl run labels its pod run=<name>; the overrides' labels merge into that
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("run", name);
        if (pod.getMetadata() != null && pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        if (pod.getMetadata() == null) {
            pod.setMetadata(new ObjectMeta());
        }
        pod.getMetadata().setLabels(labels);
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = ENV.matcher(call.substring(0, call.indexOf(" -- ")));
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        return new ToolsPod(name, pod, env);
    }
}
