# --- benchmarks (docs/benchmarks.md): propagation against the Kafka floor, throughput, start time and RSS ---
BENCH_JAR := bench/target/bench.jar
BENCH := $(JAVA) -Ddealstream.root=$(CURDIR) -jar $(BENCH_JAR)

.PHONY: bench bench-smoke bench-bare bench-tracing bench-tracing-smoke load bench-jars

bench-jars: stack-jars
	@[ -f $(BENCH_JAR) ] || $(MVN) package -DskipTests -pl bench -am

bench: bench-jars ## the full benchmark on a stack of its own (~30 min; BENCH_PARTITIONS, BENCH_STEPS, DB_URL, ...); JSON in bench/results
	@$(BENCH) bench

bench-smoke: bench-jars ## a short run of the benchmark, for CI: fails only if the benchmark itself breaks
	@$(BENCH) smoke

bench-bare: bench-jars ## the bare pipeline alone (plain JDBC and kafka-clients, the design's work per change) on a stack of its own
	@$(BENCH) bare

bench-tracing: bench-jars ## what tracing costs: propagation and CPU per change with tracing off, at 100% and at 10%, in interleaved rounds (~20 min)
	@$(BENCH) tracing

bench-tracing-smoke: bench-jars ## a short run of bench-tracing: one round, a few changes; fails only if the measurement itself breaks
	@$(BENCH) tracing-smoke

load: bench-jars ## tranche changes at LOAD_RATE/s for LOAD_SECONDS against LOAD_URL (default: make up's stack), with a progress line
	@$(BENCH) load
