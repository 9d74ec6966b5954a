package io.dealstream.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The command line behind the Makefile: {@code java -jar local-stack/target/local-stack.jar
 * up|down|status|reset|urls|watch|demo}. Settings come from the environment (see local-stack/README.md).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        quietLogging();
        if (args.length != 1) {
            usage();
            System.exit(64);
        }
        PrintStream out = System.out;
        try {
            System.exit(run(args[0], out));
        } catch (RuntimeException e) {
            exitWithError(out, e);
        }
    }

    /** How a command line of the project fails: the message on stderr (the stack trace with DEBUG set), exit 1. */
    public static void exitWithError(PrintStream out, Exception e) {
        out.flush();
        System.err.println();
        System.err.println("ERROR: " + e.getMessage());
        if (System.getenv("DEBUG") != null) {
            e.printStackTrace();
        }
        System.exit(1);
    }

    static int run(String command, PrintStream out) {
        Path root = Path.of(System.getProperty("dealstream.root", ".")).toAbsolutePath().normalize();
        StackConfig config = StackConfig.fromEnvironment(root, System::getenv);
        Stack stack = new Stack(config);
        switch (command) {
            case "up": {
                if (!stack.up(out)) {
                    out.println("DealStream is already running (make status shows it, make down stops it).");
                }
                stack.printUrls(out);
                return 0;
            }
            case "down": {
                if (!stack.anyRunning()) {
                    out.println("nothing to stop: no process of the stack in " + config.home() + " is running");
                    stack.down(out); // clears stale pid files
                    return 0;
                }
                long t0 = System.nanoTime();
                stack.down(out);
                out.printf("DealStream stopped (%.1f s); data kept in %s%n", (System.nanoTime() - t0) / 1e9,
                        config.home());
                return 0;
            }
            case "status": {
                stack.status(out);
                return 0;
            }
            case "urls": {
                stack.printUrls(out);
                return 0;
            }
            case "reset": {
                if (stack.anyRunning()) {
                    stack.down(out);
                }
                stack.wipeData(out);
                stack.up(out);
                stack.printUrls(out);
                return 0;
            }
            case "watch": {
                Properties info = Stack.readInfo(config.home());
                String kafka = firstOf(System.getenv("KAFKA"), info.getProperty("kafka.bootstrap"),
                        config.kafkaBootstrap());
                boolean fromBeginning = "beginning".equalsIgnoreCase(System.getenv("FROM"));
                return Watch.run(kafka, Watch.topics(System.getenv("TOPIC")), fromBeginning, out);
            }
            case "demo": {
                Properties info = Stack.readInfo(config.home());
                String kafka = System.getenv("KAFKA") != null ? System.getenv("KAFKA")
                        : info.getProperty("kafka.bootstrap", config.kafkaBootstrap());
                Duration converge = Duration.ofSeconds(StackConfig.intVar(System::getenv, "CONVERGE_SECONDS", 10));
                return new Demo(url(Service.INVESTMENT, info, config), url(Service.COMPUTE, info, config),
                        url(Service.DISTRIBUTION, info, config), kafka.isBlank() ? null : kafka, converge, out).run();
            }
            default:
                usage();
                return 64;
        }
    }

    private static String url(Service s, Properties info, StackConfig config) {
        return firstOf(System.getenv(s.urlVariable()), info.getProperty(s.shortName() + ".url"), config.url(s));
    }

    /** The first of {@code values} that is set (not null or blank), trimmed; null if none is. */
    public static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /** The Kafka clients log through SLF4J (slf4j-simple here): warnings and errors only, and not the reconnects. */
    public static void quietLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient", "off");
    }

    private static void usage() {
        System.err.println("usage: java -jar local-stack/target/local-stack.jar up|down|status|reset|urls|watch|demo");
    }
}
