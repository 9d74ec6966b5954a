package io.dealstream.k8stest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders the kustomizations of k8s/ with {@code kubectl kustomize}: every overlay on its own, with each component, and
 * with all components, as {@code make kind-up COMPONENTS=...} composes them.
 */
final class Kustomize {

    /** The overlays a user applies: the plain base and the kind overlay. */
    static final List<String> OVERLAYS = List.of("base", "kind");

    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    static Path root() {
        return Path.of(System.getProperty("dealstream.root", "..")).toAbsolutePath().normalize();
    }

    /** The manifests: k8s/ of the project, or -Ddealstream.k8s=... (e.g. a copy with a deliberate mistake). */
    static Path k8s() {
        String dir = System.getProperty("dealstream.k8s", "");
        return dir.isBlank() ? root().resolve("k8s") : Path.of(dir).toAbsolutePath().normalize();
    }

    /** One rendering: an overlay, possibly with components. */
    record Variant(String name, String overlay, List<String> components, Path dir) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The components under k8s/components (each a folder with a kustomization.yaml). */
    static List<String> components() {
        Path dir = k8s().resolve("components");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml"))).map(p -> p.getFileName().toString())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every overlay alone, with each component, and with all of them. */
    static List<Variant> variants() {
        List<String> components = components();
        List<Variant> all = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            all.add(new Variant(overlay, overlay, List.of(), k8s().resolve(overlay)));
            for (String c : components) {
                all.add(compose(overlay, List.of(c)));
            }
            if (components.size() > 1) {
                all.add(compose(overlay, components));
            }
        }
        return all;
    }

    static Variant variant(String overlay, String... components) {
        return components.length == 0 ? new Variant(overlay, overlay, List.of(), k8s().resolve(overlay))
                : compose(overlay, List.of(components));
    }

    /** A kustomization under target/ that takes the overlay and adds the components (kustomize wants relative paths). */
    static Variant compose(String overlay, List<String> components) {
        String name = overlay + "+" + String.join("+", components);
        Path dir = root().resolve("k8s-test").resolve("target").resolve("kustomize").resolve(name);
        StringBuilder k = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
        k.append("resources:\n  - ").append(relative(dir, k8s().resolve(overlay))).append('\n');
        k.append("components:\n");
        for (String c : components) {
            k.append("  - ").append(relative(dir, k8s().resolve("components").resolve(c))).append('\n');
        }
        write(dir.resolve("kustomization.yaml"), k.toString());
        return new Variant(name, overlay, List.copyOf(components), dir);
    }

    static String relative(Path from, Path to) {
        return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize()).toString()
                .replace(File.separatorChar, '/');
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kubectl kustomize <dir>}'s output (cached per folder); fails with kustomize's error or how to install kubectl. */
    static String render(Path dir) {
        return RENDERED.computeIfAbsent(dir.toAbsolutePath().normalize(), Kustomize::run);
    }

    /** Renders without the cache (for folders written by a test). */
    static String run(Path dir) {
        String kubectl = kubectl();
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " took over 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "):\n"
                            + Files.readString(err));
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** kubectl from -Dkubectl=..., $KUBECTL or the PATH; a clear failure when there is none. */
    static String kubectl() {
        String configured = System.getProperty("kubectl", System.getenv("KUBECTL"));
        if (configured != null && !configured.isBlank()) {
            if (Files.isExecutable(Path.of(configured))) {
                return configured;
            }
            throw new AssertionError("kubectl is not at " + configured + " (-Dkubectl / KUBECTL). " + INSTALL);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "kubectl"))) {
                return Path.of(d, "kubectl").toString();
            }
        }
        throw new AssertionError("kubectl is not installed (not on the PATH). " + INSTALL);
    }

    private static final String INSTALL = "The k8s/ manifests are rendered with `kubectl kustomize` (kubectl 1.27+, "
            + "kustomize v5 built in). Install it: https://kubernetes.io/docs/tasks/tools/ (Debian/Ubuntu: the Kubernetes"
            + " apt repository, then `apt-get install kubectl`; macOS: `brew install kubectl`), or point -Dkubectl=/path/"
            + "to/kubectl (or KUBECTL) at one.";
}
