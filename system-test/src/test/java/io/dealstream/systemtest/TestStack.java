package io.dealstream.systemtest;

import io.dealstream.testsupport.KafkaAccess;
import io.dealstream.launch.Api;
import io.dealstream.launch.KafkaNode;
import io.dealstream.launch.Ports;
import io.dealstream.launch.PostgresNode;
import io.dealstream.launch.Service;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import io.dealstream.launch.TopicTap;
import io.dealstream.testsupport.Folders;
import io.dealstream.testsupport.LocalIssuer;
import io.dealstream.testsupport.OtlpReceiver;
import io.dealstream.testsupport.PostgresChoice;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The system under test: the launchers' {@code Stack} (the same code as {@code make up}) on free ports, with its data in
 * system-test/target/stack (stack-console with the console), so it never meets a running {@code make up}. PostgreSQL as test-support chooses it
 * ({@code -Ddealstream.postgres=auto|external|embedded}); on an external server the databases and users are fresh per
 * run ({@code st_<hex>_investment}...) and dropped afterwards. The services verify bearer tokens with the key pair the
 * stack makes in its folder ({@code jwt/}); {@link #issuer} signs the tests' tokens with it.
 */
final class TestStack implements AutoCloseable {

    final Stack stack;
    final TopicTap tap;
    /** The services as an anonymous caller: the reads, and the writes that must be refused. */
    final Api investment;
    final Api compute;
    final Api distribution;
    /** Signs tokens with the private key of the pair the services verify with. */
    final LocalIssuer issuer;
    /** investment-service with a deal-admin's token: rounds, tranches, triggers, and fundings of test investors. */
    final Api investmentAsAdmin;
    /** Where every service sends its spans (sampled at 100%). */
    final OtlpReceiver traces;
    private final Thread killer;
    private boolean closed;

    private TestStack(Stack stack, TopicTap tap, OtlpReceiver traces) {
        this.stack = stack;
        this.tap = tap;
        this.traces = traces;
        this.investment = new Api(stack.config().url(Service.INVESTMENT));
        this.compute = new Api(stack.config().url(Service.COMPUTE));
        this.distribution = new Api(stack.config().url(Service.DISTRIBUTION));
        this.issuer = stack.issuer();
        this.investmentAsAdmin = investment.withBearer(issuer.admin());
        // whatever happens to the test JVM short of SIGKILL, no process of the stack outlives it
        this.killer = new Thread(stack::killAll, "system-test-stack-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** investment-service with an investor token for {@code investor}: it funds that investor's tranches only. */
    Api investmentAs(String investor) {
        return investment.withBearer(issuer.investor(investor));
    }

    /** The stack of DealStreamSystemIT, which asserts on the AOT training: trained afresh with this build. */
    static TestStack start() {
        return start("stack", false, true);
    }

    /** The stack with the console too, in a folder of its own; AOT caches trained only where missing. */
    static TestStack startWithConsole() {
        return start("stack-console", true, false);
    }

    private static TestStack start(String folder, boolean console, boolean freshAotCaches) {
        Path root = Path.of(System.getProperty("dealstream.root", "..")).toAbsolutePath().normalize();
        Path home = root.resolve("system-test").resolve("target").resolve(folder);
        String prefix = "st_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) + "_";
        StackConfig.Builder config = StackConfig.builder(root, home)
                .kafkaPort(Ports.free())
                .kafkaControllerPort(Ports.free())
                .partitions(3)
                .postgres(PostgresNode.Settings.chosen(PostgresChoice.fromSystemProperties(), Ports.free()))
                .databasePrefix(prefix)
                .detached(false)
                .readyTimeout(Duration.ofSeconds(300))
                .console(console)
                .consolePort(Ports.free());
        for (Service s : Service.values()) {
            config.port(s, Ports.free());
        }
        OtlpReceiver traces = OtlpReceiver.start();
        config.serviceEnvironment("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "1")
                .serviceEnvironment("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces.endpoint())
                .serviceEnvironment("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        StackConfig built = config.build();
        // a previous run that was killed may have left processes behind: ours (pid + markers) only
        new Stack(StackConfig.builder(root, home).build()).killAll();
        Folders.deleteRecursively(home);
        Stack stack = new Stack(built);
        TestStack sut = null;
        try {
            long t0 = System.nanoTime();
            System.out.println("system test: " + built.postgres().describe() + ", databases " + prefix + "*, stack in "
                    + home);
            // the training DealStreamSystemIT asserts on runs here, with this build: each start after it uses what it made
            for (Service s : freshAotCaches ? Service.values() : new Service[0]) {
                Folders.deleteRecursively(stack.service(s).aotCache());
            }
            stack.up(System.out);
            System.out.printf("system test: stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            TopicTap tap = new TopicTap(stack.kafka().client(KafkaAccess.READER), KafkaNode.TOPICS, true, e -> { })
                    .start();
            sut = new TestStack(stack, tap, traces);
            if (!tap.awaitPositioned(Duration.ofSeconds(60))) {
                throw new IllegalStateException("could not read the topics: " + tap.problem());
            }
            return sut;
        } catch (RuntimeException | Error e) {
            if (sut != null) {
                sut.close();
            } else {
                stack.killAll();
                dropDatabases(stack);
                traces.close();
            }
            throw e;
        }
    }

    /** Stops everything gracefully (killing what does not stop), drops the run's databases; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tap.close();
            stack.down(System.out);
        } catch (RuntimeException e) {
            System.out.println("system test: graceful stop failed (" + e.getMessage() + "); killing");
        } finally {
            stack.killAll();
            dropDatabases(stack);
            traces.close();
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }

    private static void dropDatabases(Stack stack) {
        if (stack.postgres().embedded()) {
            return; // its data folder is under target/ and the server is gone
        }
        for (Service s : Service.values()) {
            try {
                String db = stack.config().database(s);
                stack.postgres().dropDatabaseAndUser(db, db);
            } catch (RuntimeException e) {
                System.out.println("system test: could not drop " + stack.config().database(s) + ": " + e.getMessage());
            }
        }
    }
}
