package io.dealstream.bench;

import io.dealstream.launch.CommandLine;
import io.dealstream.launch.Service;
import io.dealstream.launch.Stack;
import io.dealstream.launch.StackConfig;
import io.dealstream.testsupport.LocalIssuer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * {@code make load}: tranche changes at a steady rate against any deployment, with a progress line, and at the end
 * how long the changes took to answer and to show in the views.
 *
 * <p>LOAD_URL: investment-service (default: the local stack {@code make up} started). LOAD_VIEWS: the services whose
 * funding views to follow, comma-separated (default: the local stack's compute and distribution; none when LOAD_URL
 * is given without it). LOAD_RATE: changes per second (100). LOAD_SECONDS: how long (30). LOAD_TOKEN: the deal-admin
 * bearer token its writes carry (default: one signed with make up's key pair, {@code .local/jwt} or JWT_DIR).
 */
final class Load {

    private Load() {
    }

    /** LOAD_TOKEN, else a deal-admin's token signed with the key pair in {@code keys}, which must be there. */
    static String token(Function<String, String> env, Path keys) {
        String given = env.apply("LOAD_TOKEN");
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        if (!Files.isRegularFile(keys.resolve(LocalIssuer.PRIVATE_KEY))) {
            throw new IllegalStateException("no key to sign the load's token with: " + keys.resolve(LocalIssuer.PRIVATE_KEY)
                    + " is missing (make up makes it; set JWT_DIR to the key pair's folder, or LOAD_TOKEN to a token)");
        }
        return TrancheLoad.adminToken(LocalIssuer.in(keys));
    }

    static int run(Path root, Function<String, String> env, PrintStream out) throws Exception {
        StackConfig local = StackConfig.fromEnvironment(root, env);
        Properties info = Stack.readInfo(local.home());
        String url = CommandLine.firstOf(env.apply("LOAD_URL"), info.getProperty("investment.url"),
                local.url(Service.INVESTMENT));
        List<String> views = new ArrayList<>();
        String given = env.apply("LOAD_VIEWS");
        if (given != null && !given.isBlank()) {
            Arrays.stream(given.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(views::add);
        } else if (env.apply("LOAD_URL") == null || env.apply("LOAD_URL").isBlank()) {
            views.add(CommandLine.firstOf(info.getProperty("compute.url"), local.url(Service.COMPUTE)));
            views.add(CommandLine.firstOf(info.getProperty("distribution.url"), local.url(Service.DISTRIBUTION)));
        }
        double rate = Double.parseDouble(CommandLine.firstOf(env.apply("LOAD_RATE"), "100"));
        int seconds = Integer.parseInt(CommandLine.firstOf(env.apply("LOAD_SECONDS"), "30"));
        int changes = (int) Math.max(2, rate * seconds);

        String runId = "load" + Long.toString(System.currentTimeMillis(), 36);
        TrancheLoad load = new TrancheLoad(url, runId, token(env, local.jwtDir()));
        out.printf("load: %d tranche changes (commit + fund) at %.0f/s for %d s against %s; rounds %s-r*%s%n",
                changes, rate, seconds, url, runId,
                views.isEmpty() ? "" : "; following the views of " + String.join(", ", views));
        try (Views watch = new Views(views, load.idPrefix())) {
            if (!watch.awaitPositioned(Duration.ofSeconds(30))) {
                throw new IllegalStateException("could not follow the views (GET /funding-view/events): "
                        + watch.problem());
            }
            Phase phase = new Phase(load, watch, Map.of(), Map::of, new Progress(out));
            Phase.Figures f = phase.run("load", rate, changes, 60);
            out.printf("load: %d changes answered in %.1f s (%.0f/s), %d errors%s%n", f.sent(),
                    f.sent() / Math.max(0.001, f.achievedPerSecond()) , f.achievedPerSecond(), f.errors(),
                    f.firstError() == null ? "" : " (first: " + f.firstError() + ")");
            out.printf("  answer (http):      p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", f.http().p50(), f.http().p99(),
                    f.http().max());
            if (!views.isEmpty()) {
                out.printf("  shown in all views: p50 %.1f ms, p99 %.1f ms, max %.1f ms after the answer; %d not shown"
                        + " within 60 s%n", f.propagation().p50(), f.propagation().p99(), f.propagation().max(),
                        f.unseen());
            }
            return f.errors() == 0 && f.unseen() == 0 ? 0 : 1;
        }
    }
}
