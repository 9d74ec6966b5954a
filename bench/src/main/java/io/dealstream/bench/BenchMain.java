package io.dealstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dealstream.launch.CommandLine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code java -jar bench/target/bench.jar bench|smoke|load|bare|bare-smoke|tracing|tracing-smoke}: the full
 * benchmark, its short smoke (CI), the load generator against any deployment ({@code LOAD_URL}), the bare pipeline
 * alone on a broker and PostgreSQL of its own, or what tracing costs (and its smoke). Settings from the environment
 * (docs/benchmarks.md).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        CommandLine.quietLogging();
        if (args.length == 2 && args[0].equals("report")) {
            // the tables of an earlier run, from its JSON
            try {
                JsonNode run = Report.JSON.readTree(Path.of(args[1]).toFile());
                System.out.println(run.has("bySetting") ? TracingCost.markdown(run) : Report.markdown(run));
                System.exit(0);
            } catch (java.io.IOException e) {
                System.err.println("ERROR: " + e.getMessage());
                System.exit(1);
            }
        }
        if (args.length != 1) {
            System.err.println("usage: java -jar bench/target/bench.jar bench|smoke|load|bare|bare-smoke|tracing"
                    + "|tracing-smoke  (or: report <results.json>)");
            System.exit(64);
        }
        PrintStream out = System.out;
        Path root = Path.of(System.getProperty("dealstream.root", ".")).toAbsolutePath().normalize();
        try {
            switch (args[0]) {
                case "bench", "smoke" -> System.exit(bench(root, args[0].equals("smoke"), out));
                case "load" -> System.exit(Load.run(root, System::getenv, out));
                case "bare", "bare-smoke" -> System.exit(BarePipeline.alone(root, System::getenv,
                        args[0].equals("bare-smoke"), out));
                case "tracing", "tracing-smoke" -> System.exit(TracingCost.main(root, System::getenv,
                        args[0].equals("tracing-smoke"), out));
                default -> {
                    System.err.println("usage: java -jar bench/target/bench.jar bench|smoke|load|bare|bare-smoke"
                            + "|tracing|tracing-smoke");
                    System.exit(64);
                }
            }
        } catch (Exception e) {
            CommandLine.exitWithError(out, e);
        }
    }

    /**
     * Runs, writes {@code <results>/bench-<time>.json} (smoke: {@code smoke-<time>.json}) and prints the tables. The
     * smoke fails (exit 1) when the benchmark itself does not work: errors, or changes the views never report; the
     * targets are reported, never enforced.
     */
    static int bench(Path root, boolean smoke, PrintStream out) throws Exception {
        Settings settings = Settings.fromEnvironment(root, System::getenv, smoke);
        long t0 = System.nanoTime();
        Map<String, Object> results = new Bench(settings, out).run();
        JsonNode tree = Report.publish(results, t0, settings, smoke ? "smoke" : "bench", Report::markdown, out);
        if (smoke) {
            return smokeVerdict(tree, out);
        }
        return 0;
    }

    private static int smokeVerdict(JsonNode tree, PrintStream out) {
        int problems = 0;
        for (JsonNode c : tree.path("configurations")) {
            JsonNode p = c.path("propagation");
            if (p.path("errors").asInt() > 0 || p.path("notReportedByViews").asInt() > 0
                    || p.path("propagationMs").path("n").asInt() == 0) {
                out.println("smoke: propagation phase failed: " + p);
                problems++;
            }
            if (c.path("floorMs").path("n").asInt() == 0) {
                out.println("smoke: no floor measured");
                problems++;
            }
            for (JsonNode step : c.path("throughput").path("steps")) {
                if (step.path("errors").asInt() > 0 || step.path("notReportedByViews").asInt() > 0) {
                    out.println("smoke: throughput step failed: " + step);
                    problems++;
                }
            }
            JsonNode bare = c.path("barePipeline");
            if (!bare.isMissingNode()) {
                JsonNode bp = bare.path("propagation");
                if (bp.path("errors").asInt() > 0 || bp.path("notAppliedByViews").asInt() > 0
                        || bp.path("propagationMs").path("n").asInt() == 0) {
                    out.println("smoke: bare pipeline propagation failed: " + bp);
                    problems++;
                }
                for (JsonNode step : bare.path("throughput").path("steps")) {
                    if (step.path("errors").asInt() > 0 || step.path("notAppliedByViews").asInt() > 0) {
                        out.println("smoke: bare pipeline step failed: " + step);
                        problems++;
                    }
                }
            }
            for (JsonNode s : c.path("starts")) {
                if (s.has("readyMsMedian") && !(s.path("readyMsMedian").asDouble() > 0)) {
                    out.println("smoke: a start was not measured: " + s);
                    problems++;
                }
            }
        }
        out.println(problems == 0 ? "smoke: the benchmark works (figures above are not judged)"
                : "smoke: " + problems + " problem(s)");
        return problems == 0 ? 0 : 1;
    }
}
