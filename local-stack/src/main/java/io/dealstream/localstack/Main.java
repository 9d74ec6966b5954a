package io.dealstream.localstack;

import io.dealstream.events.KafkaCredentials;
import io.dealstream.launch.CommandLine;
import io.dealstream.launch.Demo;
import io.dealstream.launch.DemoTokens;
import io.dealstream.launch.KafkaEndpoint;
import io.dealstream.launch.Service;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import io.dealstream.testsupport.KafkaAccess;
import io.dealstream.testsupport.LocalIssuer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The command line behind the Makefile: {@code java -jar local-stack/target/local-stack.jar
 * up|down|status|reset|urls|watch|lag|demo|keys}, and {@code token ROLE=... [INVESTOR=...] [TTL=...]}. Settings come
 * from the environment (see local-stack/README.md).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine.quietLogging();
        if (args.length == 0 || (args.length > 1 && !args[0].equals("token"))) {
            usage();
            System.exit(64);
        }
        PrintStream out = System.out;
        try {
            System.exit(run(args[0], Arrays.asList(args).subList(1, args.length), out));
        } catch (RuntimeException e) {
            CommandLine.exitWithError(out, e);
        }
    }

    static int run(String command, List<String> args, PrintStream out) {
        Path root = Path.of(System.getProperty("dealstream.root", ".")).toAbsolutePath().normalize();
        StackConfig config = StackConfig.fromEnvironment(root, System::getenv);
        Stack stack = new Stack(config);
        switch (command) {
            case "token": {
                return Token.run(args, config.jwtDir(), out, System.err);
            }
            case "keys": {
                // for what runs the services elsewhere (compose, kind) with the same key pair: made if missing
                out.println(LocalIssuer.ensureKeys(config.jwtDir()));
                return 0;
            }
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
                boolean fromBeginning = "beginning".equalsIgnoreCase(System.getenv("FROM"));
                return Watch.run(kafka(config), Watch.topics(System.getenv("TOPIC")), fromBeginning, out);
            }
            case "lag": {
                return Lag.run(kafka(config), Lag.groups(System.getenv("GROUP")),
                        StackConfig.intVar(System::getenv, "WATCH", 0), out);
            }
            case "demo": {
                Properties info = Stack.readInfo(config.home());
                String kafka = System.getenv("KAFKA") != null ? System.getenv("KAFKA")
                        : info.getProperty("kafka.bootstrap", config.kafkaBootstrap());
                KafkaEndpoint events = kafka.isBlank() ? null : new KafkaEndpoint(kafka, readerLogin(config));
                Duration converge = Duration.ofSeconds(StackConfig.intVar(System::getenv, "CONVERGE_SECONDS", 10));
                return new Demo(url(Service.INVESTMENT, info, config), url(Service.COMPUTE, info, config),
                        url(Service.DISTRIBUTION, info, config), events, converge,
                        config.jwtDir(), out).run();
            }
            case "redrive":
            case "rebuild": {
                Service service = Repair.viewKeeper(System.getenv("SERVICE"));
                return Repair.run(command, service, url(service, Stack.readInfo(config.home()), config),
                        DemoTokens.from(System.getenv(), config.jwtDir()), out);
            }
            default:
                usage();
                return 64;
        }
    }

    /** KAFKA, else the broker make up recorded, else the default one; read as {@link #readerLogin}. */
    private static KafkaEndpoint kafka(StackConfig config) {
        return new KafkaEndpoint(CommandLine.firstOf(System.getenv("KAFKA"),
                Stack.readInfo(config.home()).getProperty("kafka.bootstrap"), config.kafkaBootstrap()),
                readerLogin(config));
    }

    /**
     * KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD, else the reader's password that make up keeps in
     * {@code <STACK_HOME>/kafka}, else none (a broker that asks for no login).
     */
    private static Optional<KafkaCredentials> readerLogin(StackConfig config) {
        Optional<KafkaCredentials> given = KafkaCredentials.fromEnvironment(System::getenv);
        Path reader = config.home().resolve("kafka").resolve(KafkaAccess.READER);
        if (given.isPresent() || !Files.isRegularFile(reader)) {
            return given;
        }
        try {
            return Optional.of(new KafkaCredentials(KafkaAccess.READER, Files.readString(reader).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String url(Service s, Properties info, StackConfig config) {
        return CommandLine.firstOf(System.getenv(s.urlVariable()), info.getProperty(s.shortName() + ".url"), config.url(s));
    }

    private static void usage() {
        System.err.println("usage: java -jar local-stack/target/local-stack.jar "
                + "up|down|status|reset|urls|watch|lag|demo|keys|redrive|rebuild");
        System.err.println("       java -jar local-stack/target/local-stack.jar token "
                + "ROLE=deal-admin|investor [INVESTOR=<name>] [TTL=<minutes>]");
    }
}
