package io.dealstream.launch;

import io.dealstream.events.KafkaCredentials;
import io.dealstream.testsupport.Folders;
import io.dealstream.testsupport.KafkaAccess;
import io.dealstream.testsupport.LocalIssuer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The whole system on one machine: PostgreSQL (embedded or existing), one Kafka broker and the three services, each
 * a process of its own. {@code make up}/{@code down}/{@code status}/{@code reset} and the end-to-end tests drive it.
 */
public final class Stack {

    /** The file in which {@code up} records where things run, for watch and demo. */
    public static final String INFO_FILE = "stack.properties";
    /** The services' setting of the public key they verify bearer tokens with (mp.jwt.verify.publickey.location). */
    public static final String PUBLIC_KEY_VARIABLE = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";

    private final StackConfig config;
    private final PostgresNode postgres;
    private final KafkaNode kafka;
    private final Map<Service, ServiceNode> services = new EnumMap<>(Service.class);
    /** Further instances of a service (same database, same consumer group), by role, e.g. compute-service-2. */
    private final Map<String, ServiceNode> furtherInstances = new java.util.concurrent.ConcurrentHashMap<>();
    /** The console: started when the config says so, stopped and killed (by its pid file) whatever it says. */
    private final ConsoleNode console;

    public Stack(StackConfig config) {
        this.config = config;
        this.postgres = new PostgresNode(config.postgres(), config.home());
        this.kafka = new KafkaNode(config.home(), config.kafkaPort(), config.kafkaControllerPort(),
                config.partitions());
        for (Service s : Service.values()) {
            services.put(s, new ServiceNode(s, config.home(), config.projectRoot(), config.port(s)));
        }
        this.console = new ConsoleNode(config.home(), config.projectRoot(), config.consolePort());
    }

    public StackConfig config() {
        return config;
    }

    public PostgresNode postgres() {
        return postgres;
    }

    public KafkaNode kafka() {
        return kafka;
    }

    public ServiceNode service(Service service) {
        return services.get(service);
    }

    public ConsoleNode console() {
        return console;
    }

    /** Whether every process of the stack is running. */
    public boolean allRunning() {
        return (!postgres.embedded() || postgres.running().isPresent()) && kafka.running().isPresent()
                && services.values().stream().allMatch(s -> s.running().isPresent())
                && (!config.console() || console.running().isPresent());
    }

    public boolean anyRunning() {
        return postgres.running().isPresent() || kafka.running().isPresent()
                || services.values().stream().anyMatch(s -> s.running().isPresent())
                || furtherInstancesToStop().stream().anyMatch(s -> s.running().isPresent())
                || console.running().isPresent();
    }

    /** How often a training run sends its requests, and how long the JVM gets to write its cache when it stops. */
    static final int TRAINING_ROUNDS = 20;
    static final Duration TRAINING_STOP = Duration.ofMinutes(3);
    private static final String TRAINING_HOME = "training";
    private AotTraining.Exercise lastTraining;

    /**
     * Starts what is not running and waits until everything is ready. Returns false when everything was already
     * running (and ready).
     */
    public boolean up(PrintStream out) {
        try (StackLock lock = lock()) {
            boolean wasRunning = allRunning();
            if (wasRunning && services.values().stream().allMatch(ServiceNode::isReady)
                    && (!config.console() || console.isReady())) {
                return false;
            }
            List<Path> jars = new ArrayList<>(services.values().stream().map(ServiceNode::jar).toList());
            if (config.console()) {
                jars.add(console.jar());
            }
            List<String> missing = jars.stream().filter(jar -> !Files.isRegularFile(jar)).map(Path::toString).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("not built yet: " + String.join(", ", missing)
                        + " (run ./mvnw -B package -DskipTests, or make build)");
            }
            long t0 = System.nanoTime();
            List<String> cp = ClassPath.childArgs();
            ensureKeys(out);

            // 1. PostgreSQL, and a database and user per service
            long t = System.nanoTime();
            boolean pgWasRunning = postgres.running().isPresent();
            out.println((postgres.embedded() && !pgWasRunning ? "starting " : "using ")
                    + postgres.settings().describe() + (postgres.embedded() ? " (data in " + postgres.dataDir() + ")" : ""));
            postgres.start(config.readyTimeout(), config.detached(), cp);
            for (Service s : Service.values()) {
                String db = config.database(s);
                String created = postgres.ensureDatabase(db, db, db);
                if (!created.isEmpty()) {
                    out.println("  created " + created);
                }
            }
            out.printf("  PostgreSQL ready (%s)%n", since(t));

            // 2. Kafka and the topics
            t = System.nanoTime();
            out.println((kafka.running().isPresent() ? "using" : "starting") + " Kafka (KRaft) on "
                    + kafka.bootstrapServers() + " (data in " + kafka.dataDir() + ")");
            kafka.start(config.readyTimeout(), config.detached(), config.kafkaJvmOptions(), cp, out);
            out.printf("  Kafka ready (%s)%n", since(t));

            // 3. the services' AOT caches, where a build has none yet: a training run of each (the first start after
            // a build), which writes the cache when it stops
            train(out);

            // 4. the services, started together, then waited for
            t = System.nanoTime();
            List<ServiceNode> starting = new ArrayList<>();
            for (ServiceNode node : services.values()) {
                if (node.running().isEmpty()) {
                    out.println("starting " + node.service().module() + " on " + node.url() + " (log "
                            + config.home().relativize(node.process().logFile()) + ")");
                    node.start(serviceEnvironment(node.service()), config.serviceJvmOptions(), config.detached());
                    starting.add(node);
                }
            }
            awaitServicesReady(out);
            out.printf("  services ready (%s)%n", since(t));

            // 5. the console, which reads the services and the topics
            if (config.console() && console.running().isEmpty()) {
                t = System.nanoTime();
                out.println("starting the console on " + console.url() + " (log "
                        + config.home().relativize(console.process().logFile()) + ")");
                console.start(consoleEnvironment(), config.serviceJvmOptions(), config.detached());
                console.awaitReady(config.readyTimeout());
                out.printf("  console ready (%s)%n", since(t));
            }
            writeInfo();
            out.printf("DealStream is up (%s)%n", since(t0));
            return true;
        }
    }

    /**
     * Training runs of the services that are not running and have no AOT cache for this build and these JVM options,
     * against databases and a broker of their own (dropped and removed after), so the training can do what users do,
     * writes included, and leaves nothing in the stack's data.
     */
    private void train(PrintStream out) {
        List<ServiceNode> training = services.values().stream()
                .filter(n -> n.running().isEmpty() && n.needsTraining(config.serviceJvmOptions())).toList();
        if (training.isEmpty()) {
            return;
        }
        long t = System.nanoTime();
        // investment publishes the tranche events the funding views consume: it runs as the source of events even
        // when its own cache needs no training (unless the stack already runs it)
        List<ServiceNode> running = new ArrayList<>();
        for (ServiceNode node : services.values()) {
            if (training.contains(node) || (node.service() == Service.INVESTMENT && node.running().isEmpty())) {
                running.add(node);
            }
        }
        // what a killed training run left: its broker, its data (its databases are dropped below)
        trainingBroker(0, 0).kill();
        Folders.deleteRecursively(config.home().resolve(TRAINING_HOME));
        KafkaNode broker = trainingBroker(Ports.free(), Ports.free());
        // a key pair of the training run's own, gone with its folder: its writes need tokens like anybody's
        Path trainingKeys = config.home().resolve(TRAINING_HOME).resolve(StackConfig.JWT_FOLDER);
        String trainingPublicKey = LocalIssuer.ensureKeys(trainingKeys).toString();
        try {
            broker.start(config.readyTimeout(), false, config.kafkaJvmOptions(), ClassPath.childArgs(), new PrintStream(
                    java.io.OutputStream.nullOutputStream()));
            for (ServiceNode node : running) {
                String db = trainingDatabase(node.service());
                postgres.dropDatabaseAndUser(db, db);
                postgres.ensureDatabase(db, db, db);
                Map<String, String> env = serviceEnvironment(node.service());
                env.putAll(Map.of("DB_URL", postgres.jdbcUrl(db), "DB_USER", db, "DB_PASSWORD", db,
                        PUBLIC_KEY_VARIABLE, trainingPublicKey));
                env.putAll(kafkaEnvironment(broker.client(node.service().module())));
                boolean trains = training.contains(node);
                out.println((trains ? "training " + node.service().module() + "'s AOT cache (" + ServiceNode.AOT_CACHE
                        + "; the first start after a build)" : "starting " + node.service().module()
                        + " for the training runs") + " with a database and a broker of its own");
                if (trains) {
                    node.startTraining(env, config.serviceJvmOptions(), false);
                } else {
                    node.start(env, config.serviceJvmOptions(), false);
                }
                node.awaitReady(config.readyTimeout());
            }
            Map<Service, String> urls = new EnumMap<>(Service.class);
            services.values().forEach(n -> urls.put(n.service(), n.url()));
            AotTraining.Exercise done = new AotTraining(urls, LocalIssuer.in(trainingKeys))
                    .run(TRAINING_ROUNDS, config.readyTimeout());
            out.printf("  %d requests answered: %d writes accepted, %d refused; funding views %s%n", done.answered(),
                    done.accepted(), done.refused(), done.viewsCaughtUp() ? "caught up" : "DID NOT catch up");
            lastTraining = done;
            for (ServiceNode node : running) {
                node.stop(TRAINING_STOP);
            }
            for (ServiceNode node : training) {
                node.trained(config.serviceJvmOptions());
            }
        } finally {
            running.forEach(ServiceNode::kill);
            broker.kill();
            Folders.deleteRecursively(config.home().resolve(TRAINING_HOME));
            for (ServiceNode node : running) {
                postgres.dropDatabaseAndUser(trainingDatabase(node.service()), trainingDatabase(node.service()));
            }
        }
        out.printf("  AOT caches written (%s)%n", since(t));
    }

    /** What the last training run of this stack did, if it ran one. */
    public Optional<AotTraining.Exercise> lastTraining() {
        return Optional.ofNullable(lastTraining);
    }

    /** The training runs' broker: data, pid and log under {@code <home>/training}, gone after. */
    private KafkaNode trainingBroker(int port, int controllerPort) {
        return new KafkaNode(config.home().resolve(TRAINING_HOME), port, controllerPort, config.partitions());
    }

    /** A service's database in training runs, beside the stack's own. */
    public String trainingDatabase(Service service) {
        return "training_" + config.database(service);
    }

    /** Starts one service if it is not running, and waits until it is ready (e.g. after a kill in a test). */
    public void startService(Service service) {
        ServiceNode node = services.get(service);
        if (node.running().isEmpty()) {
            LocalIssuer.ensureKeys(config.jwtDir());
            node.start(serviceEnvironment(service), config.serviceJvmOptions(), config.detached());
        }
        node.awaitReady(config.readyTimeout());
    }

    /** Starts one service if it is not running, without waiting for it (e.g. to time its start). */
    public ProcessHandle launchService(Service service) {
        return launchService(service, List.of());
    }

    /** As {@link #launchService(Service)}, with JVM options after the stack's (e.g. to track native memory). */
    public ProcessHandle launchService(Service service, List<String> extraJvmOptions) {
        ServiceNode node = services.get(service);
        List<String> jvm = new ArrayList<>(config.serviceJvmOptions());
        jvm.addAll(extraJvmOptions);
        return node.running().orElseGet(() -> {
            LocalIssuer.ensureKeys(config.jwtDir());
            return node.start(serviceEnvironment(service), jvm, config.detached());
        });
    }

    /**
     * Starts a further instance of a service (instance 2, 3...) on another port, sharing the first one's database and
     * consumer group, as a second replica would; waits until it is ready. {@code down} and {@code killAll} stop it too.
     */
    public ServiceNode startInstance(Service service, int instance, int port) {
        if (instance < 2) {
            throw new IllegalArgumentException("instance 1 is the service itself; further instances are 2, 3...");
        }
        String role = service.module() + "-" + instance;
        ServiceNode node = furtherInstances.computeIfAbsent(role,
                r -> new ServiceNode(service, r, config.home(), config.projectRoot(), port));
        if (node.running().isEmpty()) {
            LocalIssuer.ensureKeys(config.jwtDir());
            Map<String, String> env = serviceEnvironment(service);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            node.start(env, config.serviceJvmOptions(), config.detached());
        }
        node.awaitReady(config.readyTimeout());
        return node;
    }

    /** Every instance of a service this stack started: the service itself first, then the further ones. */
    public List<ServiceNode> instances(Service service) {
        List<ServiceNode> all = new ArrayList<>();
        all.add(services.get(service));
        furtherInstances.values().stream().filter(n -> n.service() == service)
                .sorted(Comparator.comparing(n -> n.process().role())).forEach(all::add);
        return all;
    }

    /** The further instances started by this JVM, and those whose pid files another one left in run/. */
    private List<ServiceNode> furtherInstancesToStop() {
        Path run = config.home().resolve("run");
        if (Files.isDirectory(run)) {
            try (Stream<Path> files = Files.list(run)) {
                files.map(f -> f.getFileName().toString()).forEach(name -> {
                    for (Service s : Service.values()) {
                        if (name.matches(java.util.regex.Pattern.quote(s.module()) + "-\\d+\\.pid")) {
                            String role = name.substring(0, name.length() - ".pid".length());
                            furtherInstances.computeIfAbsent(role,
                                    r -> new ServiceNode(s, r, config.home(), config.projectRoot(), 0));
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(furtherInstances.values());
    }

    /** Starts the broker again with the same data and ports, and waits until it is ready. */
    public void startKafka(PrintStream out) {
        kafka.start(config.readyTimeout(), config.detached(), config.kafkaJvmOptions(), ClassPath.childArgs(), out);
    }

    /** Waits for every service, in parallel. */
    public void awaitServicesReady(PrintStream out) {
        List<CompletableFuture<Void>> waits = services.values().stream()
                .map(node -> CompletableFuture.runAsync(() -> node.awaitReady(config.readyTimeout())))
                .toList();
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<Void> w : waits) {
            try {
                w.join();
            } catch (RuntimeException e) {
                failures.add(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("\n\n", failures));
        }
    }

    /** The environment a service reads its settings from, the public key it verifies bearer tokens with included. */
    public Map<String, String> serviceEnvironment(Service service) {
        Map<String, String> env = new LinkedHashMap<>();
        String db = config.database(service);
        env.put("DB_URL", postgres.jdbcUrl(db));
        env.put("DB_USER", db);
        env.put("DB_PASSWORD", db);
        // each service logs in as its own Kafka user, named as its module
        env.putAll(kafkaEnvironment(kafka.client(service.module())));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(config.port(service)));
        env.put(PUBLIC_KEY_VARIABLE, config.jwtDir().resolve(LocalIssuer.PUBLIC_KEY).toString());
        env.putAll(config.serviceEnvironment());
        return env;
    }

    /** The variables a process reads its broker and Kafka login from ({@link KafkaCredentials}). */
    static Map<String, String> kafkaEnvironment(KafkaEndpoint kafka) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        kafka.login().ifPresent(login -> {
            env.put(KafkaCredentials.USERNAME_VARIABLE, login.username());
            env.put(KafkaCredentials.PASSWORD_VARIABLE, login.password());
        });
        return env;
    }

    /**
     * The issuer of the key pair the stack's services verify tokens with ({@link StackConfig#jwtDir()}), made first if
     * the folder holds none: {@code issuer().admin()}, {@code issuer().investor("Amazon")}.
     */
    public LocalIssuer issuer() {
        return LocalIssuer.in(config.jwtDir());
    }

    /** Makes the key pair unless it is there (kept by down and reset: tokens already handed out stay valid). */
    private void ensureKeys(PrintStream out) {
        boolean made = !Files.isRegularFile(config.jwtDir().resolve(LocalIssuer.PRIVATE_KEY))
                || !Files.isRegularFile(config.jwtDir().resolve(LocalIssuer.PUBLIC_KEY));
        LocalIssuer.ensureKeys(config.jwtDir());
        if (made) {
            out.println("made the key pair bearer tokens are signed and verified with in " + config.jwtDir());
        }
    }

    /** The console's settings: the broker, the services' URLs, its port. */
    public Map<String, String> consoleEnvironment() {
        Map<Service, String> urls = new EnumMap<>(Service.class);
        services.values().forEach(n -> urls.put(n.service(), n.url()));
        Map<String, String> env = ConsoleNode.environment(kafka.client(KafkaAccess.READER), urls, console.port());
        env.put("MALLOC_ARENA_MAX", "2");
        return env;
    }

    /**
     * Stops the console, the services, then Kafka, then the embedded PostgreSQL: gracefully, then killed after a
     * timeout.
     */
    public void down(PrintStream out) {
        try (StackLock lock = lock()) {
            console.running().ifPresent(h -> out.println("stopping the console (pid " + h.pid() + ")"));
            report(out, "the console", console.stop(Duration.ofSeconds(10)), 10);
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            List<ServiceNode> all = new ArrayList<>(services.values());
            all.addAll(furtherInstancesToStop());
            for (ServiceNode node : all) {
                node.running().ifPresent(h -> out.println("stopping " + node.process().role() + " (pid " + h.pid()
                        + ")"));
                stops.add(CompletableFuture.runAsync(() -> report(out, node.process().role(),
                        node.stop(Duration.ofSeconds(30)), 30)));
            }
            stops.forEach(CompletableFuture::join);
            kafka.running().ifPresent(h -> out.println("stopping Kafka (pid " + h.pid() + ")"));
            report(out, "Kafka", kafka.stop(Duration.ofSeconds(60)), 60);
            postgres.running().ifPresent(h -> out.println("stopping PostgreSQL (host pid " + h.pid() + ")"));
            report(out, "PostgreSQL", postgres.stop(Duration.ofSeconds(30)), 30);
        }
    }

    private static void report(PrintStream out, String what, Proc.Stopped how, int seconds) {
        if (how == Proc.Stopped.KILLED) {
            out.println("  " + what + " did not stop within " + seconds + " s: killed (SIGKILL)");
        }
    }

    /** Kills every process at once (SIGKILL): for shutdown hooks, where there is no time to be gentle. */
    public void killAll() {
        console.kill();
        services.values().forEach(ServiceNode::kill);
        furtherInstancesToStop().forEach(ServiceNode::kill);
        kafka.kill();
        trainingBroker(0, 0).kill();
        postgres.kill();
    }

    /** One line per process: running (pid, ready) or not. */
    public void status(PrintStream out) {
        out.printf("%-22s %-9s %-8s %s%n", "COMPONENT", "STATE", "PID", "WHERE");
        if (postgres.embedded()) {
            line(out, "postgres", postgres.process(), null, postgres.settings().describe());
        } else {
            out.printf("%-22s %-9s %-8s %s%n", "postgres", postgres.canConnect() ? "external" : "UNREACHABLE", "-",
                    postgres.settings().describe());
        }
        line(out, "kafka", kafka.process(), null, kafka.bootstrapServers());
        for (ServiceNode node : services.values()) {
            line(out, node.service().module(), node.process(), node::isReady, node.url());
        }
        if (config.console() || console.running().isPresent()) {
            line(out, ConsoleNode.MODULE, console.process(), console::isReady, console.url());
        }
    }

    private void line(PrintStream out, String name, Proc proc, BooleanSupplier ready, String where) {
        String state;
        String pid = "-";
        var handle = proc.running();
        if (handle.isPresent()) {
            pid = Long.toString(handle.get().pid());
            state = ready == null ? "running" : ready.getAsBoolean() ? "ready" : "starting";
        } else {
            state = proc.isStale() ? "dead" : "stopped";
        }
        out.printf("%-22s %-9s %-8s %s%n", name, state, pid, where);
    }

    /** The addresses a newcomer needs. */
    public void printUrls(PrintStream out) {
        out.println();
        for (ServiceNode node : services.values()) {
            out.printf("  %-21s API %s   Swagger UI %s/q/swagger-ui   health %s/q/health%n",
                    node.service().module(), node.url(), node.url(), node.url());
        }
        if (config.console()) {
            out.printf("  %-21s %s   the deal and every event, live%n", ConsoleNode.MODULE, console.url());
        }
        out.printf("  %-21s %s   topics %s%n", "Kafka", kafka.bootstrapServers(), String.join(", ", KafkaNode.TOPICS));
        out.printf("  %-21s %s (databases %s)%n", "PostgreSQL", postgres.settings().describe(),
                String.join(", ", Stream.of(Service.values()).map(config::database).toList()));
        out.printf("  %-21s %s%n", "logs", config.home().resolve("logs"));
        out.printf("  %-21s %s (the services verify writes' bearer tokens with its publicKey.pem)%n", "keys",
                config.jwtDir());
        out.println();
        out.println("  make demo     walk through the deal      make watch    stream the events");
        out.println("  make status   what runs                  make logs     the services' logs");
        out.println("  make token    a bearer token for writes: ROLE=deal-admin, or ROLE=investor INVESTOR=Amazon");
        out.println("  make down     stop everything");
    }

    /** Removes the data (Kafka's folder; the embedded PostgreSQL's folder or the databases on an existing server). */
    public void wipeData(PrintStream out) {
        if (anyRunning()) {
            throw new IllegalStateException("stop the stack first (make down)");
        }
        // the users' passwords stay, like the key pair: the new broker gets the same users
        Folders.deleteRecursively(kafka.dataDir());
        out.println("removed " + kafka.dataDir());
        if (postgres.embedded()) {
            Folders.deleteRecursively(postgres.dataDir());
            out.println("removed " + postgres.dataDir());
        } else {
            for (Service s : Service.values()) {
                postgres.dropDatabaseAndUser(config.database(s), config.database(s));
                out.println("dropped database and user " + config.database(s) + " on " + postgres.settings().describe());
            }
        }
        try {
            Files.deleteIfExists(config.home().resolve("run").resolve(INFO_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the addresses for watch and demo (which otherwise assume the defaults). */
    private void writeInfo() {
        Properties p = new Properties();
        p.setProperty("kafka.bootstrap", kafka.bootstrapServers());
        for (ServiceNode node : services.values()) {
            p.setProperty(node.service().shortName() + ".url", node.url());
        }
        if (config.console()) {
            p.setProperty("console.url", console.url());
        }
        Path file = config.home().resolve("run").resolve(INFO_FILE);
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "where the local stack runs (written by make up)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code make up} recorded, or empty. */
    public static Properties readInfo(Path home) {
        Properties p = new Properties();
        Path file = home.resolve("run").resolve(INFO_FILE);
        if (Files.isRegularFile(file)) {
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                // defaults then
            }
        }
        return p;
    }

    /** A held lock on the stack home. */
    private record StackLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // released with the channel anyway
            }
        }
    }

    /** One up/down/reset at a time per stack home. */
    private StackLock lock() {
        try {
            Path file = config.home().resolve("run").resolve("stack.lock");
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another make up/down/reset is running on " + config.home());
            }
            return new StackLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String since(long t0) {
        return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
    }
}
