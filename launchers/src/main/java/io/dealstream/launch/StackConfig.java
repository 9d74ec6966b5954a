package io.dealstream.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where and how the stack runs: its home folder (data, logs, pids), ports, partitions and which PostgreSQL.
 * {@link #fromEnvironment} is {@code make up}'s reading of the environment; the end-to-end tests build their own
 * (free ports, a folder under target/). {@link #builder} makes one, with the defaults of {@code make up}.
 *
 * @param detached the processes run in sessions of their own, to outlive the command that started them
 * @param serviceEnvironment extra environment for every service
 * @param databasePrefix prefix of the databases and users (the tests' fresh ones per run)
 * @param console whether the stack runs the console too
 * @param jwtDir the folder of the key pair ({@code privateKey.pem}, {@code publicKey.pem}): the services verify bearer
 *     tokens with its public key, and make token, the demo and the benchmark sign theirs with its private key
 */
public record StackConfig(Path projectRoot, Path home, int kafkaPort, int kafkaControllerPort, int partitions,
        PostgresNode.Settings postgres, Map<Service, Integer> ports, boolean detached, Duration readyTimeout,
        List<String> serviceJvmOptions, List<String> kafkaJvmOptions, Map<String, String> serviceEnvironment,
        String databasePrefix, boolean console, int consolePort, Path jwtDir) {

    public static final String HOST = "127.0.0.1";
    /** The folder under the home that holds the key pair tokens are signed and verified with, unless JWT_DIR names one. */
    public static final String JWT_FOLDER = "jwt";

    /** The folders made absolute, the collections copied, and {@code jwtDir} by default {@code <home>/jwt}. */
    public StackConfig {
        projectRoot = projectRoot.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
        ports = Collections.unmodifiableMap(new EnumMap<>(ports));
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        kafkaJvmOptions = List.copyOf(kafkaJvmOptions);
        serviceEnvironment = Map.copyOf(serviceEnvironment);
        jwtDir = (jwtDir != null ? jwtDir : home.resolve(JWT_FOLDER)).toAbsolutePath().normalize();
    }

    public static Builder builder(Path projectRoot, Path home) {
        return new Builder(projectRoot, home);
    }

    /**
     * {@code make up}'s settings: STACK_HOME (default .local), PARTITIONS (3), KAFKA_PORT (9092),
     * KAFKA_CONTROLLER_PORT (9093), PG_PORT (55432, the embedded PostgreSQL), DB_URL/DB_USER/DB_PASSWORD (an existing
     * PostgreSQL instead: an admin login), INVESTMENT_PORT/COMPUTE_PORT/DISTRIBUTION_PORT (8081-8083),
     * READY_TIMEOUT (seconds, 240), SERVICE_JAVA_OPTS, KAFKA_JAVA_OPTS, JWT_DIR (the key pair, default
     * {@code <STACK_HOME>/jwt}); and the console, on CONSOLE_PORT (8084).
     */
    public static StackConfig fromEnvironment(Path projectRoot, Function<String, String> env) {
        return builderFromEnvironment(projectRoot, env).console(true).build();
    }

    /**
     * {@link #fromEnvironment}'s settings as a builder, for a caller that changes some (e.g. the benchmark), without the
     * console unless the caller asks for it.
     */
    public static Builder builderFromEnvironment(Path projectRoot, Function<String, String> env) {
        Builder b = builder(projectRoot,
                Path.of(setting(env, "STACK_HOME").orElse(projectRoot.resolve(".local").toString())));
        b.kafkaPort(portVar(env, "KAFKA_PORT", 9092));
        b.kafkaControllerPort(portVar(env, "KAFKA_CONTROLLER_PORT", 9093));
        b.partitions(intVar(env, "PARTITIONS", 3));
        Optional<String> dbUrl = setting(env, "DB_URL");
        if (dbUrl.isPresent()) {
            try {
                b.postgres(PostgresNode.Settings.external(dbUrl.get(), setting(env, "DB_USER").orElse("postgres"),
                        setting(env, "DB_PASSWORD").orElse("")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DB_URL: " + e.getMessage(), e);
            }
        } else {
            b.postgres(PostgresNode.Settings.embedded(portVar(env, "PG_PORT", 55432)));
        }
        for (Service s : Service.values()) {
            b.port(s, portVar(env, s.portVariable(), s.defaultPort()));
        }
        b.consolePort(portVar(env, ConsoleNode.PORT_VARIABLE, ConsoleNode.DEFAULT_PORT));
        b.detached(true);
        b.readyTimeout(Duration.ofSeconds(intVar(env, "READY_TIMEOUT", 240)));
        setting(env, "SERVICE_JAVA_OPTS").ifPresent(opts -> b.serviceJvmOptions(List.of(opts.split("\\s+"))));
        setting(env, "KAFKA_JAVA_OPTS").ifPresent(opts -> b.kafkaJvmOptions(List.of(opts.split("\\s+"))));
        setting(env, "JWT_DIR").map(Path::of).ifPresent(b::jwtDir);
        return b;
    }

    public String kafkaBootstrap() {
        return HOST + ":" + kafkaPort;
    }

    public int port(Service service) {
        return ports.get(service);
    }

    public String url(Service service) {
        return "http://" + HOST + ":" + port(service);
    }

    public String consoleUrl() {
        return "http://" + HOST + ":" + consolePort;
    }

    /** The database of a service, which is also the name (and password) of its user: e.g. {@code investment}. */
    public String database(Service service) {
        return databasePrefix + service.shortName();
    }

    /** A variable's value, trimmed, unless it is unset or blank. */
    private static Optional<String> setting(Function<String, String> env, String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /**
     * A port setting. Kubernetes gives every container of a pod with service links a {@code <SERVICE>_PORT} variable
     * per Service ({@code KAFKA_PORT=tcp://10.96.120.7:9092} from the {@code kafka} Service): such a value is the
     * cluster's, not a setting of ours, and the default stands.
     */
    static int portVar(Function<String, String> env, String name, int fallback) {
        String v = env.apply(name);
        if (v != null && SERVICE_LINK.matcher(v.trim()).matches()) {
            return fallback;
        }
        return intVar(env, name, fallback);
    }

    private static final Pattern SERVICE_LINK = Pattern.compile("(tcp|udp|sctp)://[^\\s/]+:\\d+");

    public static int intVar(Function<String, String> env, String name, int fallback) {
        String v = env.apply(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + v + " is not a number");
        }
    }

    public static final class Builder {
        private final Path projectRoot;
        private final Path home;
        private int kafkaPort = 9092;
        private int kafkaControllerPort = 9093;
        private int partitions = 3;
        private PostgresNode.Settings postgres = PostgresNode.Settings.embedded(55432);
        private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
        private boolean detached;
        private Duration readyTimeout = Duration.ofSeconds(240);
        // a service's live heap is ~20 MB: a small heap that grows on demand and gives back what it does not use
        // (free ratios), and the serial collector (what the JVM picks itself with one CPU), keep its RSS down. C1
        // only: five JVMs share the machine's cores, and C2's compilations cost them more CPU in start and in a run
        // of minutes than its faster code gives back (docs/benchmarks.md has the figures)
        private List<String> serviceJvmOptions = new ArrayList<>(List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1"));
        private List<String> kafkaJvmOptions = new ArrayList<>(List.of("-Xms128m", "-Xmx768m"));
        // glibc's per-thread malloc arenas add ~30 MB of RSS to a service and buy it nothing
        private final Map<String, String> serviceEnvironment = new LinkedHashMap<>(Map.of("MALLOC_ARENA_MAX", "2"));
        private String databasePrefix = "";
        private boolean console;
        private int consolePort = ConsoleNode.DEFAULT_PORT;
        private Path jwtDir;

        private Builder(Path projectRoot, Path home) {
            this.projectRoot = projectRoot;
            this.home = home;
            for (Service s : Service.values()) {
                ports.put(s, s.defaultPort());
            }
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("PARTITIONS must be 1 or more, not " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        public Builder postgres(PostgresNode.Settings postgres) {
            this.postgres = postgres;
            return this;
        }

        public Builder port(Service service, int port) {
            ports.put(service, port);
            return this;
        }

        /** Start the processes in sessions of their own, to outlive the command that started them. */
        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        public Builder serviceJvmOptions(List<String> options) {
            this.serviceJvmOptions = new ArrayList<>(options);
            return this;
        }

        public Builder kafkaJvmOptions(List<String> options) {
            this.kafkaJvmOptions = new ArrayList<>(options);
            return this;
        }

        /** Extra environment for every service (e.g. a setting the test wants). */
        public Builder serviceEnvironment(String name, String value) {
            serviceEnvironment.put(name, value);
            return this;
        }

        /** Prefix of the databases and users (the tests' fresh ones per run, e.g. {@code st_1a2b3c4d_}). */
        public Builder databasePrefix(String prefix) {
            this.databasePrefix = prefix;
            return this;
        }

        /** Run the console too, after the services (make up does; the benchmark and most tests do not). */
        public Builder console(boolean console) {
            this.console = console;
            return this;
        }

        public Builder consolePort(int port) {
            this.consolePort = port;
            return this;
        }

        /** The key pair's folder; by default {@code <home>/jwt}. */
        public Builder jwtDir(Path dir) {
            this.jwtDir = dir;
            return this;
        }

        public StackConfig build() {
            return new StackConfig(projectRoot, home, kafkaPort, kafkaControllerPort, partitions, postgres, ports,
                    detached, readyTimeout, serviceJvmOptions, kafkaJvmOptions, serviceEnvironment, databasePrefix,
                    console, consolePort, jwtDir);
        }
    }
}
