# DealStream: one entry point for building, testing and running the system locally.
# `make help` lists the targets.
SHELL := /usr/bin/env bash
MVN ?= ./mvnw -B

# everything builds and runs on a JDK 25 or newer: .mvn/jdk.sh finds one (JAVA_HOME, PATH, the usual install places)
# or says what it found instead
ifneq ($(MAKECMDGOALS),help)
JAVA_HOME := $(shell .mvn/jdk.sh)
ifeq ($(JAVA_HOME),)
$(error no JDK 25 or newer (see above))
endif
export JAVA_HOME
endif

# tests use the PostgreSQL at 127.0.0.1:5432 when reachable, else an embedded one (external = must use the server)
DEALSTREAM_POSTGRES ?= auto

.PHONY: help test build

help: ## this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

test: ## run every test: unit, @QuarkusTest, and the *IT suites against the packaged jars
	$(MVN) verify -Ddealstream.postgres=$(DEALSTREAM_POSTGRES)

build: ## package the services (no tests)
	$(MVN) package -DskipTests

# --- the local stack (local-stack/README.md): one broker, one PostgreSQL, the three services as processes ---
JAVA ?= $(JAVA_HOME)/bin/java
STACK_JAR := local-stack/target/local-stack.jar
SERVICE_JARS := investment-service/target/quarkus-app/quarkus-run.jar compute-service/target/quarkus-app/quarkus-run.jar distribution-service/target/quarkus-app/quarkus-run.jar console/target/quarkus-app/quarkus-run.jar
STACK := $(JAVA) -Ddealstream.root=$(CURDIR) -jar $(STACK_JAR)
STACK_HOME ?= $(CURDIR)/.local
LINES ?= 40

.PHONY: up down status logs watch lag demo token redrive rebuild reset stack-jars

stack-jars:
	@missing=0; for f in $(STACK_JAR) $(SERVICE_JARS); do [ -f "$$f" ] || missing=1; done; \
	if [ $$missing = 1 ]; then echo "building (first run): $(MVN) package -DskipTests"; $(MVN) package -DskipTests || exit 1; fi

up: stack-jars ## run the whole system locally (Kafka, PostgreSQL, the 3 services, the console on :8084) and return; PARTITIONS, DB_URL, ...
	@$(STACK) up

down: ## stop everything `make up` started (data is kept in .local)
	@if [ -f $(STACK_JAR) ]; then $(STACK) down; else echo "nothing to stop ($(STACK_JAR) not built)"; fi

status: ## what of the local system runs, with pids and readiness
	@if [ -f $(STACK_JAR) ]; then $(STACK) status; else echo "not built yet: make up"; fi

logs: ## the services' and the console's logs (last LINES=40 lines each; FOLLOW=1 to follow, SERVICE=compute for one)
	@svcs="$${SERVICE:-investment compute distribution console}"; files=""; \
	for s in $$svcs; do case $$s in *-service|kafka|postgres|console) f=$$s;; *) f=$$s-service;; esac; \
	  [ -f "$(STACK_HOME)/logs/$$f.log" ] && files="$$files $(STACK_HOME)/logs/$$f.log"; done; \
	if [ -z "$$files" ]; then echo "no logs yet under $(STACK_HOME)/logs (make up)"; exit 0; fi; \
	if [ -n "$$FOLLOW" ]; then exec tail -n $(LINES) -F $$files; else tail -n $(LINES) $$files; fi

watch: stack-jars ## stream the events of the 3 topics, one line each, until Ctrl-C (TOPIC=tranche|capacity|rights, KAFKA=host:port, FROM=beginning)
	@$(STACK) watch

lag: stack-jars ## each consumer group's lag per partition, from the broker's committed offsets (GROUP=a,b, KAFKA=host:port, WATCH=2 repeats)
	@$(STACK) lag

demo: stack-jars ## walk through the deal on the running system (needs a fresh one; INVESTMENT_URL, COMPUTE_URL, DISTRIBUTION_URL)
	@$(STACK) demo

# only the token on stdout (TOKEN=$(make -s token ROLE=deal-admin)): a first build's output goes to stderr
token: ## print a bearer token for the services' writes: ROLE=deal-admin, or ROLE=investor INVESTOR=Amazon; TTL=minutes (60)
	@$(MAKE) --no-print-directory stack-jars >&2
	@$(STACK) token ROLE="$(ROLE)" INVESTOR="$(INVESTOR)" TTL="$(TTL)"

redrive: stack-jars ## send a service's dead-lettered tranche records through its view again, once their cause is fixed (SERVICE=compute|distribution)
	@$(STACK) redrive

rebuild: stack-jars ## rebuild a service's funding view from investment.tranche-events, from its start (SERVICE=compute|distribution)
	@$(STACK) rebuild

reset: stack-jars ## stop, delete the local data (or the databases on DB_URL) and start afresh
	@$(STACK) reset

# each capability keeps its targets in its own file (mk/kind.mk, mk/compose.mk, mk/bench.mk)
include $(sort $(wildcard mk/*.mk))
