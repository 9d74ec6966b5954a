package io.dealstream.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console (module {@code console}, console/README.md) as a process of its own: {@code java -jar quarkus-run.jar}
 * in {@code console/target/quarkus-app}, pointed at the stack's broker and services through its environment. It has
 * no database and no AOT training run: it only reads.
 */
public final class ConsoleNode extends QuarkusProcess {

    public static final String MODULE = "console";
    public static final int DEFAULT_PORT = 8084;
    /** The env variable that sets its local HTTP port. */
    public static final String PORT_VARIABLE = "CONSOLE_PORT";

    ConsoleNode(Path home, Path projectRoot, int port) {
        super(MODULE, new Proc(MODULE, home), port, runJar(projectRoot));
    }

    /** The packaged console, as its image runs it. */
    public static Path runJar(Path projectRoot) {
        return projectRoot.resolve(MODULE).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** Its settings: the broker, the three services' URLs and its port. */
    static Map<String, String> environment(KafkaEndpoint kafka, Map<Service, String> serviceUrls, int port) {
        Map<String, String> env = new LinkedHashMap<>();
        env.putAll(Stack.kafkaEnvironment(kafka));
        serviceUrls.forEach((service, url) -> env.put(service.urlVariable(), url));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        return env;
    }

    public ProcessHandle start(Map<String, String> env, List<String> jvmOptions, boolean detached) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B package -DskipTests)");
        }
        if (Ports.answers(StackConfig.HOST, port())) {
            throw new IllegalStateException("port " + port() + " (console) is taken by another process; stop it or set "
                    + PORT_VARIABLE + " to a free port");
        }
        return proc.start(jvmOptions, List.of("-jar", jar.getFileName().toString()), env, jar.getParent(), detached,
                true);
    }
}
