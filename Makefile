# DealStream: one entry point for building, testing and running the system locally.
# `make help` lists the targets.
SHELL := /usr/bin/env bash
MVN ?= ./mvnw -B

# tests use the PostgreSQL at 127.0.0.1:5432 when reachable, else an embedded one (external = must use the server)
DEALSTREAM_POSTGRES ?= auto

.PHONY: help test build

help: ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

test: ## run every test: unit, @QuarkusTest, and the *IT suites against the packaged jars
	$(MVN) verify -Ddealstream.postgres=$(DEALSTREAM_POSTGRES)

build: ## package the services (no tests)
	$(MVN) package -DskipTests
