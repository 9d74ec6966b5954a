package io.dealstream.k8stest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service reads: the keys of its application.properties (and of the shared modules' microprofile-config
 * defaults), which Quarkus also takes from the environment under their env names (quarkus.http.port ->
 * QUARKUS_HTTP_PORT), and the variables its properties name directly ({@code ${DB_URL:...}}).
 */
final class ServiceSettings {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?}");
    /** Modules whose META-INF/microprofile-config.properties a service gets on its class path when it depends on them. */
    private static final String[] SHARED = {"platform", "funding-view"};

    /** Effective properties (no %dev/%test entries; %prod ones override). */
    final Map<String, String> properties = new LinkedHashMap<>();
    /** Variables named in ${...} references of properties that apply in production. */
    final Set<String> referencedVariables = new LinkedHashSet<>();
    /**
     * Keys set for another profile only (%test.mp.jwt.verify.publickey.location): the extension reads the key in every
     * profile, production's value comes from elsewhere (the environment).
     */
    final Set<String> otherProfileKeys = new LinkedHashSet<>();

    private ServiceSettings() {
    }

    static ServiceSettings of(String module) {
        ServiceSettings s = new ServiceSettings();
        Path root = Kustomize.root();
        for (String shared : sharedModules(module)) {
            s.load(root.resolve(shared).resolve("src/main/resources/META-INF/microprofile-config.properties"));
        }
        Path own = root.resolve(module).resolve("src/main/resources/application.properties");
        if (!Files.isRegularFile(own)) {
            throw new AssertionError("no " + own + ": the manifests name a service module that does not exist");
        }
        s.load(own);
        return s;
    }

    /** The shared modules on a module's class path: those its pom names, and theirs (funding-view brings platform). */
    private static Set<String> sharedModules(String module) {
        Set<String> found = new LinkedHashSet<>();
        String pom = ConsistencyTest.read(Kustomize.root().resolve(module).resolve("pom.xml"));
        for (String shared : SHARED) {
            // a pom names its own artifactId too
            if (!shared.equals(module) && pom.contains("<artifactId>" + shared + "</artifactId>")) {
                found.addAll(sharedModules(shared));
                found.add(shared);
            }
        }
        return found;
    }

    private void load(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> prod = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key);
            if (key.startsWith("%prod.")) {
                prod.put(key.substring("%prod.".length()), value);
            } else if (!key.startsWith("%")) {
                properties.put(key, value);
            } else {
                otherProfileKeys.add(key.substring(key.indexOf('.') + 1));
                continue;
            }
            Matcher m = REFERENCE.matcher(value);
            while (m.find()) {
                if (m.group(1).equals(m.group(1).toUpperCase(Locale.ROOT))) {
                    referencedVariables.add(m.group(1));
                }
            }
        }
        properties.putAll(prod);
    }

    /** Quarkus' environment name of a property: non-alphanumerics to _, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Whether the service reads this environment variable. */
    boolean reads(String variable) {
        return referencedVariables.contains(variable)
                || properties.keySet().stream().anyMatch(k -> envName(k).equals(variable))
                || otherProfileKeys.stream().anyMatch(k -> envName(k).equals(variable));
    }

    /** The HTTP port it listens on with this environment. */
    int httpPort(Map<String, String> env) {
        String v = env.getOrDefault("QUARKUS_HTTP_PORT", properties.getOrDefault("quarkus.http.port", "8080"));
        return Integer.parseInt(v.trim());
    }
}
