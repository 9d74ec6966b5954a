package io.dealstream.k8stest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the project's scripts (Makefile, .mvn/jdk.sh, mk/, k8s/, docker/*.sh, the Dockerfiles, pom.xml) under target/, with
 * packaged-looking build outputs and stub {@code docker}, {@code kind}, {@code kubectl}, {@code mvn}, {@code curl}
 * and {@code java} first on the PATH. Each stub appends its argv, one line per call, to a log and answers as the real
 * tool would for the scenario the test sets (environment variables STUB_*). {@code kubectl kustomize} runs the real
 * kubectl, so the rendering is real. Nothing else is on the PATH: the system's commands, minus the stubbed tools, are
 * linked into one folder, so a test can take a tool away.
 */
final class ScriptSandbox {

    static final List<String> STUBBED = List.of("docker", "kind", "kubectl", "mvn", "mvnw", "curl", "java");
    /** The modules whose images docker/build-images.sh builds: the services and the console. */
    static final List<String> APPLICATIONS = ConsistencyTest.APPLICATIONS;

    final Path root;
    final Path bin;
    final Path state;
    final Path log;
    final Map<String, String> env = new LinkedHashMap<>();

    /** What a run gave: exit code, stdout, stderr, and the commands it issued (the sandbox's path as $ROOT). */
    record Run(int exit, String out, String err, List<String> calls) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- calls\n" + String.join("\n", calls) + "\n--- stdout\n" + out + "\n--- stderr\n"
                    + err;
        }
    }

    ScriptSandbox(String name) {
        Path project = Kustomize.root();
        root = project.resolve("k8s-test/target/script-sandbox").resolve(name);
        delete(root);
        bin = root.resolve(".stub/bin");
        state = root.resolve(".stub/state");
        log = state.resolve("calls.log");
        for (String f : List.of("Makefile", "pom.xml", ".mvn/jdk.sh", "docker/build-images.sh", "docker/wait-healthy.sh",
                "docker/kafka-passwords.sh")) {
            copy(project.resolve(f), root.resolve(f));
        }
        copyTree(project.resolve("mk"), root.resolve("mk"));
        copyTree(project.resolve("k8s"), root.resolve("k8s"));
        for (String m : modules()) {
            String dockerfile = m + "/src/main/docker/Dockerfile.jvm";
            copy(project.resolve(dockerfile), root.resolve(dockerfile));
        }
        for (String s : APPLICATIONS) {
            write(s + "/target/quarkus-app/quarkus-run.jar", s + " quarkus-run 1");
            write(s + "/target/quarkus-app/app/" + s + "-1.0.0-SNAPSHOT.jar", s + " classes 1");
            write(s + "/target/quarkus-app/lib/main/io.quarkus.quarkus-core-3.34.1.jar", "quarkus-core 3.34.1");
            write(s + "/target/quarkus-app/quarkus/generated-bytecode.jar", s + " generated 1");
        }
        write("local-stack/target/local-stack.jar", "local-stack 1");
        write("local-stack/target/lib/kafka-clients-4.1.1.jar", "kafka-clients 4.1.1");
        try {
            Files.createDirectories(state);
            Files.createDirectories(bin);
            Files.writeString(log, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stubs();
        env.put("PATH", bin + ":" + systemBin());
        env.put("HOME", root.resolve(".stub/home").toString());
        env.put("LANG", "C.UTF-8");
        env.put("STUB_LOG", log.toString());
        env.put("STUB_STATE", state.toString());
        env.put("MVN", "mvn -B");
        env.put("JAVA_HOME", root.resolve(".stub/jdk").toString());
    }

    static List<String> modules() {
        List<String> m = new ArrayList<>(APPLICATIONS);
        m.add("local-stack");
        return m;
    }

    /** A stub no longer on the PATH (the tool is not installed). */
    ScriptSandbox without(String tool) {
        try {
            Files.delete(bin.resolve(tool));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A kind cluster that exists already. */
    ScriptSandbox withCluster(String name) {
        append(state.resolve("clusters"), name + "\n");
        return this;
    }

    /** {@code make <args>} in the sandbox. */
    Run make(String... args) {
        List<String> command = new ArrayList<>(List.of("make", "--no-print-directory"));
        command.addAll(List.of(args));
        return run(command);
    }

    /** {@code k8s/kind/kind.sh <args>} in the sandbox. */
    Run kind(String... args) {
        List<String> command = new ArrayList<>(List.of("k8s/kind/kind.sh"));
        command.addAll(List.of(args));
        return run(command);
    }

    Run run(List<String> command) {
        try {
            Files.writeString(log, "");
            Path out = state.resolve("stdout");
            Path err = state.resolve("stderr");
            ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            pb.environment().clear();
            pb.environment().putAll(env);
            // make and bash from the system, the rest through the PATH given
            if (command.get(0).equals("make")) {
                command.set(0, "/usr/bin/make");
                pb.command(command);
            }
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " took over 120 s");
            }
            List<String> calls = Files.readAllLines(log).stream().map(this::normalized).toList();
            return new Run(p.exitValue(), normalized(Files.readString(out)), normalized(Files.readString(err)), calls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The sandbox's path as $ROOT, the pod of kind-demo/kind-watch/kind-lag (named after kind.sh's pid) as
     * demo-PID/watch-PID/lag-PID/redrive-PID/rebuild-PID.
     */
    String normalized(String text) {
        return text.replace(root.toString(), "$ROOT").replaceAll("\\b(demo|watch|lag|redrive|rebuild)-[0-9]+\\b", "$1-PID");
    }

    /** Not an input of an image: the startup archives a build or make up leaves beside quarkus-run.jar. */
    static final java.util.regex.Pattern STARTUP_ARCHIVE = java.util.regex.Pattern.compile(
            ".*\\.(jsa|aot|aotconf|aot\\.options)");

    /**
     * The tag docker/build-images.sh gives a module's image, computed here from its definition: the first 12 hex
     * digits of the SHA-256 of (sha256sum's lines for each input file in path order, then for the Dockerfile, then
     * "BASE_IMAGE=...").
     */
    String contentTag(String module, String baseImage) {
        List<Path> inputs = module.equals("local-stack")
                ? List.of(root.resolve("local-stack/target/local-stack.jar"), root.resolve("local-stack/target/lib"))
                : List.of(root.resolve(module + "/target/quarkus-app"));
        List<String> files = new ArrayList<>();
        for (Path input : inputs) {
            try (Stream<Path> s = Files.walk(input)) {
                s.filter(Files::isRegularFile).filter(f -> !STARTUP_ARCHIVE.matcher(f.getFileName().toString()).matches())
                        .forEach(f -> files.add(root.relativize(f).toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        files.sort(Comparator.naturalOrder());
        StringBuilder listing = new StringBuilder();
        for (String f : files) {
            listing.append(sha256(read(root.resolve(f)))).append("  ").append(f).append('\n');
        }
        String dockerfile = module + "/src/main/docker/Dockerfile.jvm";
        listing.append(sha256(read(root.resolve(dockerfile)))).append("  ").append(dockerfile).append('\n');
        listing.append("BASE_IMAGE=").append(baseImage).append('\n');
        return sha256(listing.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    String contentTag(String module) {
        return contentTag(module, "");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text(String relative) {
        return new String(read(root.resolve(relative)), StandardCharsets.UTF_8);
    }

    void write(String relative, String text) {
        Kustomize.write(root.resolve(relative), text);
    }

    /** The files the kubectl stub was given to apply, in order. */
    List<String> applied() {
        List<String> files = new ArrayList<>();
        for (int i = 1; Files.isRegularFile(state.resolve("applied-" + i + ".yaml")); i++) {
            files.add(new String(read(state.resolve("applied-" + i + ".yaml")), StandardCharsets.UTF_8));
        }
        return files;
    }

    // --- the stubs ---

    private void stubs() {
        String log = """
                #!/usr/bin/env bash
                # stub: records the call, answers as the real tool would for the scenario (STUB_*)
                set -u
                printf '%s\\n' "$(basename "$0") $*" >> "$STUB_LOG"
                S="$STUB_STATE"
                """;
        stub("docker", log + """
                case "${1:-}" in
                  info)
                    if [ -n "${STUB_DOCKER_DOWN:-}" ]; then
                      echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
                      exit 1
                    fi
                    echo "Server Version: 28.1.1" ;;
                  image)
                    # image inspect NAME
                    if grep -qxF "$3" "$S/images" 2>/dev/null; then echo "[{\\"RepoTags\\": [\\"$3\\"]}]"; exit 0; fi
                    echo "[]"; echo "Error response from daemon: No such image: $3" >&2; exit 1 ;;
                  build)
                    prev=""
                    for a in "$@"; do [ "$prev" = -t ] && echo "$a" >> "$S/images"; prev="$a"; done
                    echo "sha256:$(echo "$*" | sha256sum | cut -c1-64)" ;;
                  save)
                    # save NAME -o FILE
                    echo "archive of $2" > "$4" ;;
                  compose)
                    [ "${2:-}" = version ] && echo "Docker Compose version v2.35.1"
                    # the file of the secret jwt-public-key that docker-compose.yml reads from the environment
                    [ "${2:-}" = version ] || echo "DEALSTREAM_JWT_PUBLIC_KEY=${DEALSTREAM_JWT_PUBLIC_KEY:-}" >> "$S/compose.env"
                    # and the Kafka users' passwords it reads from the environment
                    [ "${2:-}" = version ] || env | grep '^KAFKA_PASSWORD_' | sort > "$S/compose.passwords" ;;
                  ps)
                    cat "$S/container-ids" 2>/dev/null || true ;;
                  inspect)
                    cat "$S/containers" ;;
                  logs)
                    echo "last log line of ${!#}" ;;
                esac
                exit 0
                """);
        stub("kind", log + """
                case "${1:-} ${2:-}" in
                  "get clusters")
                    if [ -s "$S/clusters" ]; then cat "$S/clusters"; else echo "No kind clusters found." >&2; fi ;;
                  "create cluster")
                    echo "$4" >> "$S/clusters"; echo "Creating cluster \\"$4\\" ..." ;;
                  "delete cluster")
                    grep -vxF "$4" "$S/clusters" > "$S/clusters.next" || true; mv "$S/clusters.next" "$S/clusters"
                    echo "Deleting cluster \\"$4\\" ..." ;;
                  "load docker-image")
                    if [ -n "${STUB_KIND_LOAD_FAILS:-}" ]; then
                      echo "ERROR: failed to load image: command \\"docker exec --privileged -i dealstream-control-plane ctr --namespace=k8s.io images import --all-platforms --digests --snapshotter=overlayfs -\\" failed with error: exit status 1" >&2
                      exit 1
                    fi
                    echo "Image: \\"$3\\" with ID \\"sha256:0\\" not yet present on node \\"dealstream-control-plane\\", loading..." ;;
                  "load image-archive") ;;
                esac
                exit 0
                """);
        stub("kubectl", log + """
                if [ "${1:-}" = kustomize ]; then exec %1$s "$@"; fi
                # a client-side dry run needs no cluster: the real kubectl renders it (no context here)
                for a in "$@"; do
                  if [ "$a" = --dry-run=client ]; then
                    real=(); while [ $# -gt 0 ]; do case "$1" in --context) shift 2 ;; *) real+=("$1"); shift ;; esac; done
                    exec %1$s "${real[@]}"
                  fi
                done
                args=()
                while [ $# -gt 0 ]; do
                  case "$1" in --context|-n) shift 2 ;; *) args+=("$1"); shift ;; esac
                done
                set -- "${args[@]}"
                case "$1 ${2:-}" in
                  "get configmap") printf 'kafka:9092' ;;
                  # the Secret the console's KAFKA_SASL_PASSWORD comes from (jsonpath)
                  "get deployment") printf '%%s' "${STUB_READER_SECRET-kafka-user-dealstream-reader}" ;;
                  "get namespace")
                    [ -f "$S/namespace" ] && { echo "$3   Active   1m"; exit 0; }
                    echo "Error from server (NotFound): namespaces \\"$3\\" not found" >&2; exit 1 ;;
                  "create namespace") touch "$S/namespace"; echo "namespace/$3 created" ;;
                  "rollout status")
                    if [ "$3" = "${STUB_NEVER_READY:-}" ]; then
                      echo "Waiting for deployment \\"${3#*/}\\" rollout to finish: 0 of 1 updated replicas are available..."
                      echo "error: timed out waiting for the condition" >&2
                      exit 1
                    fi
                    echo "$3 successfully rolled out" ;;
                  "wait "*) echo "$2 condition met" ;;
                  "run "*)
                    echo "$2 ran"
                    exit "${STUB_POD_EXIT:-0}" ;;
                  "delete "*) echo "deleted" ;;
                  "apply "*)
                    n=1; while [ -f "$S/applied-$n.yaml" ]; do n=$((n + 1)); done
                    prev=""; for a in "$@"; do [ "$prev" = -f ] && cp "$a" "$S/applied-$n.yaml"; prev="$a"; done
                    echo "applied" ;;
                esac
                exit 0
                """.formatted(Kustomize.kubectl()));
        // a package leaves the jars a build leaves (those a test removed come back)
        StringBuilder mvn = new StringBuilder(log);
        for (String s : APPLICATIONS) {
            String jar = s + "/target/quarkus-app/quarkus-run.jar";
            mvn.append("[ -f ").append(jar).append(" ] || echo '").append(s).append(" quarkus-run 1' > ").append(jar).append('\n');
        }
        stub("mvn", mvn + "exit 0\n");
        stub("curl", log + """
                # curl -fsSL -o FILE URL: a release file as Strimzi publishes it, for namespace myproject
                out=""; prev=""; for a in "$@"; do [ "$prev" = -o ] && out="$a"; prev="$a"; done
                cat > "$out" <<'YAML'
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: strimzi-cluster-operator
                subjects:
                  - kind: ServiceAccount
                    name: strimzi-cluster-operator
                    namespace: myproject
                ---
                # the operator's Deployment as the 0.49.1 release has it: no security context
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: strimzi-cluster-operator
                  labels:
                    app: strimzi
                spec:
                  replicas: 1
                  selector:
                    matchLabels:
                      name: strimzi-cluster-operator
                      strimzi.io/kind: cluster-operator
                  template:
                    metadata:
                      labels:
                        name: strimzi-cluster-operator
                        strimzi.io/kind: cluster-operator
                    spec:
                      serviceAccountName: strimzi-cluster-operator
                      volumes:
                        - name: strimzi-tmp
                          emptyDir:
                            medium: Memory
                            sizeLimit: 1Mi
                        - name: co-config-volume
                          configMap:
                            name: strimzi-cluster-operator
                      containers:
                        - name: strimzi-cluster-operator
                          image: quay.io/strimzi/operator:0.49.1
                          ports:
                            - containerPort: 8080
                              name: http
                YAML
                """);
        // the JDK make finds (.mvn/jdk.sh asks its version first, which is no call of the project's)
        stub("java", "#!/usr/bin/env bash\nif [ \"${1:-}\" = -XshowSettings:properties ]; then\n"
                + "  echo '    java.specification.version = 25' >&2; exit 0\nfi\n"
                + log.substring(log.indexOf('\n') + 1) + """
                # local-stack's keys and token: the real ones with STUB_REAL_JAVA (the JDK) and STUB_REAL_STACK_JAR, else
                # stand-ins that keep a pair in the folder the real command uses and sign with its private key's name
                args=("$@"); cmd=""; rest=(); root=""
                for ((i = 0; i < ${#args[@]}; i++)); do
                  case "${args[i]}" in
                    -Ddealstream.root=*) root="${args[i]#*=}" ;;
                    -jar) cmd="${args[i + 2]:-}"; rest=("${args[@]:i + 3}"); break ;;
                  esac
                done
                case "$cmd" in
                  keys|token)
                    if [ -n "${STUB_REAL_JAVA:-}" ]; then
                      exec "$STUB_REAL_JAVA" "-Ddealstream.root=$root" -jar "$STUB_REAL_STACK_JAR" "$cmd" ${rest[@]+"${rest[@]}"}
                    fi
                    dir="${JWT_DIR:-${STACK_HOME:-$root/.local}/jwt}"
                    if [ "$cmd" = keys ]; then
                      if [ ! -f "$dir/privateKey.pem" ] || [ ! -f "$dir/publicKey.pem" ]; then
                        mkdir -p "$dir"
                        echo "stub private key $(date +%s%N)" > "$dir/privateKey.pem"
                        printf -- '-----BEGIN PUBLIC KEY-----\\nstub %s\\n-----END PUBLIC KEY-----\\n' \\
                          "$(sha256sum < "$dir/privateKey.pem" | cut -c1-16)" > "$dir/publicKey.pem"
                      fi
                      echo "$dir/publicKey.pem"
                    else
                      [ -f "$dir/privateKey.pem" ] || { echo "stub: no private key in $dir" >&2; exit 1; }
                      t="stub"; for a in ${rest[@]+"${rest[@]}"}; do t="$t.${a#*=}"; done
                      echo "$t.$(sha256sum < "$dir/privateKey.pem" | cut -c1-8)"
                    fi
                    exit 0 ;;
                esac
                echo "KAFKA=${KAFKA:-}" >> "$S/java.env"
                [ -z "${KAFKA_SASL_USERNAME:-}${KAFKA_SASL_PASSWORD:-}" ] \\
                  || echo "KAFKA_SASL_USERNAME=${KAFKA_SASL_USERNAME:-} KAFKA_SASL_PASSWORD=${KAFKA_SASL_PASSWORD:-}" >> "$S/java.env"
                echo "java ran"
                """);
        stub("javac", "#!/bin/sh\nexit 0\n");
        try {
            Path jdk = root.resolve(".stub/jdk/bin");
            Files.createDirectories(jdk);
            for (String tool : List.of("java", "javac")) {
                Files.deleteIfExists(jdk.resolve(tool));
                Files.createSymbolicLink(jdk.resolve(tool), bin.resolve(tool));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stub(String name, String script) {
        Path file = bin.resolve(name);
        try {
            Files.writeString(file, script);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system's commands, minus the stubbed tools, linked into one folder (made once). */
    static synchronized Path systemBin() {
        Path dir = Kustomize.root().resolve("k8s-test/target/script-sandbox/.system-bin");
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Path tmp = Files.createDirectories(dir.resolveSibling(".system-bin.tmp"));
            for (String d : List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                Path p = Path.of(d);
                if (!Files.isDirectory(p)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(p)) {
                    for (Path f : s.toList()) {
                        String name = f.getFileName().toString();
                        if (STUBBED.contains(name) || Files.exists(tmp.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                || !Files.isExecutable(f)) {
                            continue;
                        }
                        Files.createSymbolicLink(tmp.resolve(name), f);
                    }
                }
            }
            Files.move(tmp, dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                copy(f, to.resolve(from.relativize(f).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
