package io.dealstream.launch;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path child JVMs (the broker, the PostgreSQL host) run from: this JVM's own, with the Class-Path of every
 * jar manifest on it spelled out. Under {@code java -jar local-stack.jar} that is the jar and its lib/ folder; under
 * Maven's test runner, the test class path (which holds local-stack and its dependencies).
 */
public final class ClassPath {

    private ClassPath() {
    }

    /** {@code -cp <class path>} for a child JVM. */
    public static List<String> childArgs() {
        return List.of("-cp", current());
    }

    public static String current() {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), entries);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void add(Path entry, Set<String> entries) {
        if (!entries.add(entry.toString())) {
            return;
        }
        if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return;
            }
            URI base = entry.toUri();
            for (String ref : classPath.trim().split("\\s+")) {
                if (ref.isEmpty()) {
                    continue;
                }
                URI resolved = base.resolve(ref);
                if ("file".equals(resolved.getScheme())) {
                    add(Path.of(resolved).toAbsolutePath().normalize(), entries);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a readable jar: keep it as it is
        }
    }
}
