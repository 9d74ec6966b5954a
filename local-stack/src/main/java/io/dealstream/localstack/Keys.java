package io.dealstream.localstack;

import io.dealstream.launch.CommandLine;
import io.dealstream.testsupport.LocalIssuer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code java -jar local-stack.jar keys}: the key pair tokens are signed and verified with, in JWT_DIR (default
 * {@code <STACK_HOME>/jwt}, i.e. {@code .local/jwt}), made if missing; prints the public key's path and nothing else,
 * for the scripts that give it to the services elsewhere (make compose-up, make kind-up). The private key stays there.
 */
final class Keys {

    static final String FOLDER = "jwt";

    private Keys() {
    }

    /** JWT_DIR, else the stack home's jwt folder. */
    static Path dir(Path home, Function<String, String> env) {
        String given = CommandLine.firstOf(env.apply("JWT_DIR"));
        return given != null ? Path.of(given).toAbsolutePath().normalize() : home.resolve(FOLDER);
    }

    static int run(Path dir, PrintStream out) {
        out.println(LocalIssuer.ensureKeys(dir));
        return 0;
    }
}
