package io.dealstream.launch;

import java.nio.file.Path;
import java.util.Locale;

/** The three services: their module, default HTTP port and database name. */
public enum Service {
    INVESTMENT("investment-service", 8081),
    COMPUTE("compute-service", 8082),
    DISTRIBUTION("distribution-service", 8083);

    private final String module;
    private final int defaultPort;

    Service(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    /** The Maven module and process role, e.g. {@code investment-service}. */
    public String module() {
        return module;
    }

    /** e.g. {@code investment}: the database, its user, and the prefix of the env variables. */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** The env variable that sets the local HTTP port, e.g. {@code INVESTMENT_PORT}. */
    public String portVariable() {
        return name() + "_PORT";
    }

    /** The env variable that points the demo at a running service, e.g. {@code INVESTMENT_URL}. */
    public String urlVariable() {
        return name() + "_URL";
    }

    /** The packaged application, as a container image would run it. */
    public Path runJar(Path projectRoot) {
        return projectRoot.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    public static Service byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Service s : values()) {
            if (s.shortName().equals(n) || s.module().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service '" + name + "': use investment, compute or distribution");
    }
}
