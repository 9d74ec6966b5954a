package io.dealstream.bench;

import io.dealstream.launch.Service;
import io.dealstream.launch.StackConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code make bench} (and its smoke) measures and where its stack runs, from the environment. The stack takes
 * make up's variables (DB_URL, PARTITIONS is replaced by BENCH_PARTITIONS, ports...) with defaults of its own, away
 * from make up's, so that both can run at once.
 */
record Settings(Path root, Path results, List<Integer> partitions, List<Integer> instances, int floorRoundTrips,
        int warmupChanges, int changes, double rate, List<Double> steps, int stepSeconds, double catchUpSeconds,
        int starts, int startLoadChanges, Function<String, String> stackEnv, boolean smoke, boolean bare,
        int bareWarmupChanges, int bareChanges, List<Double> bareSteps) {

    /** The stack's defaults: its own folder, and ports away from make up's (9092, 55432, 8081-8083). */
    static final Map<String, String> STACK_DEFAULTS = Map.of(
            "KAFKA_PORT", "29092",
            "KAFKA_CONTROLLER_PORT", "29093",
            "PG_PORT", "25432",
            "INVESTMENT_PORT", "28081",
            "COMPUTE_PORT", "28082",
            "DISTRIBUTION_PORT", "28083");

    /** Further instances of a consumer service: COMPUTE_PORT_2 (28092), DISTRIBUTION_PORT_2 (28093); instance n adds 10 per step. */
    int instancePort(Service service, int instance) {
        String v = stackEnv.apply(service.name() + "_PORT_2");
        int second = v != null ? Integer.parseInt(v.trim()) : 28090 + service.ordinal() + 1;
        return second + 10 * (instance - 2);
    }

    static Settings fromEnvironment(Path root, Function<String, String> env, boolean smoke) {
        Map<String, String> defaults = new HashMap<>(STACK_DEFAULTS);
        defaults.put("STACK_HOME", root.resolve(".local").resolve("bench").toString());
        Function<String, String> stackEnv = withDefaults(env, defaults::get);
        List<Double> steps = doubles(or(env, "BENCH_STEPS",
                smoke ? "200" : "50,100,150,200,250,300,400,500,750,1000"));
        return new Settings(root,
                Path.of(or(env, "BENCH_RESULTS", root.resolve("bench").resolve("results").toString())),
                ints(or(env, "BENCH_PARTITIONS", smoke ? "3" : "1,3,12")),
                ints(or(env, "BENCH_INSTANCES", smoke ? "1" : "1,2")),
                Integer.parseInt(or(env, "BENCH_FLOOR", smoke ? "200" : "2000")),
                Integer.parseInt(or(env, "BENCH_WARMUP", smoke ? "100" : "3000")),
                Integer.parseInt(or(env, "BENCH_CHANGES", smoke ? "100" : "1200")),
                Double.parseDouble(or(env, "BENCH_RATE", "50")),
                steps,
                Integer.parseInt(or(env, "BENCH_STEP_SECONDS", smoke ? "3" : "10")),
                Double.parseDouble(or(env, "BENCH_CATCH_UP_SECONDS", "1")),
                Integer.parseInt(or(env, "BENCH_STARTS", smoke ? "1" : "5")),
                Integer.parseInt(or(env, "BENCH_START_LOAD", smoke ? "100" : "2000")),
                stackEnv, smoke,
                !or(env, "BENCH_BARE", "1").equals("0"),
                Integer.parseInt(or(env, "BENCH_BARE_WARMUP", smoke ? "20" : "1000")),
                // the services' propagation count, so that the p99s rank alike; a few dozen in the smoke
                Integer.parseInt(or(env, "BENCH_BARE_CHANGES", smoke ? "40" : or(env, "BENCH_CHANGES", "1200"))),
                env.apply("BENCH_BARE_STEPS") != null && !env.apply("BENCH_BARE_STEPS").isBlank()
                        ? doubles(env.apply("BENCH_BARE_STEPS")) : smoke ? steps.subList(0, 1) : beyond(steps));
    }

    /**
     * The services' steps, then 1.5, 2 and 3 times the highest: a bare pipeline that sustains the top step would
     * otherwise be capped by the steps, and the services' share of it overstated.
     */
    static List<Double> beyond(List<Double> steps) {
        double top = steps.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<Double> all = new java.util.ArrayList<>(steps);
        for (double f : new double[] {1.5, 2, 3}) {
            all.add(top * f);
        }
        return List.copyOf(all);
    }

    private static List<Double> doubles(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Double::parseDouble).toList();
    }

    /** The stack of one configuration: fresh databases named bench_*, processes in this JVM's session. */
    StackConfig stackConfig(int partitions) {
        return stackConfig(partitions, Map.of());
    }

    /** As {@link #stackConfig(int)}, the services started with these variables too (e.g. how much to trace). */
    StackConfig stackConfig(int partitions, Map<String, String> serviceEnvironment) {
        StackConfig.Builder builder = StackConfig.builderFromEnvironment(appsRoot(), stackEnv)
                .partitions(partitions)
                .databasePrefix("bench_")
                .detached(false);
        serviceEnvironment.forEach(builder::serviceEnvironment);
        return builder.build();
    }

    /** The stack's home (data, logs, pids). */
    Path stackHome() {
        return Path.of(stackEnv.apply("STACK_HOME")).toAbsolutePath().normalize();
    }

    /**
     * Where the services run from: a copy of their target/quarkus-app folders taken when the run starts, so that a
     * rebuild meanwhile neither breaks the run nor mixes two builds in one table.
     */
    Path appsRoot() {
        return stackHome().resolve("apps");
    }

    /** {@code env}, with {@code defaults} for a variable it leaves unset or blank. */
    static Function<String, String> withDefaults(Function<String, String> env, Function<String, String> defaults) {
        return name -> {
            String v = env.apply(name);
            return v != null && !v.isBlank() ? v : defaults.apply(name);
        };
    }

    private static String or(Function<String, String> env, String name, String fallback) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
