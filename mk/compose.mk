# --- the whole system in Docker (docker-compose.yml; docker/README.md) ---
# `docker compose` (v2) when the Docker CLI has it, else docker-compose (v1); COMPOSE_FILE picks other files.
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose) -p dealstream
# the broker's listener for clients on this machine (docker-compose.yml publishes it)
COMPOSE_KAFKA ?= localhost:9094
# OBSERVABILITY=1: with docker-compose.observability.yml (grafana/otel-lgtm, Grafana on localhost:3000), for up and down
COMPOSE_FILES := $(if $(OBSERVABILITY),-f docker-compose.yml -f docker-compose.observability.yml)

.PHONY: compose-up compose-watch compose-lag compose-down

# the token key pair (local-stack keys: made if missing, JWT_DIR or .local/jwt): the services get its public key as the
# secret jwt-public-key, whose file DEALSTREAM_JWT_PUBLIC_KEY names. The Kafka users' passwords (docker/kafka-passwords.sh:
# made if missing, .local/kafka): compose reads each from KAFKA_PASSWORD_<USER>
compose-up: stack-jars ## run the whole system in Docker: build the images, start, wait until healthy (BASE_IMAGE=..., OBSERVABILITY=1)
	@docker/build-images.sh
	@key="$$($(STACK) keys)" || exit 1; compose="$(strip $(COMPOSE) $(COMPOSE_FILES))"; \
	passwords="$$(docker/kafka-passwords.sh env)" || exit 1; eval "$$passwords"; \
	echo "the Kafka users' passwords: $$(docker/kafka-passwords.sh) (one file a user)"; \
	echo "the services verify tokens with $$key (the private key stays beside it)"; \
	echo "DEALSTREAM_JWT_PUBLIC_KEY=$$key $$compose up -d --no-build"; \
	DEALSTREAM_JWT_PUBLIC_KEY="$$key" $$compose up -d --no-build
	@docker/wait-healthy.sh dealstream
	@echo "investment http://localhost:8081  compute http://localhost:8082  distribution http://localhost:8083  (/q/swagger-ui)"
	@echo "console http://localhost:8084  (the deal and every event, live)"
	@$(if $(OBSERVABILITY),echo "grafana http://localhost:3000  (the DealStream dashboard; the services' traces in Explore, Tempo)")

# the watcher and the lag table read as dealstream-reader, with the password compose-up gave the broker
COMPOSE_READER = KAFKA_SASL_USERNAME=dealstream-reader KAFKA_SASL_PASSWORD="$$(cat "$$(docker/kafka-passwords.sh)/dealstream-reader")"

compose-watch: stack-jars ## stream the events of the system in Docker, one line each, until Ctrl-C (COMPOSE_KAFKA=host:port)
	@KAFKA=$(COMPOSE_KAFKA) $(COMPOSE_READER) $(STACK) watch

compose-lag: stack-jars ## the consumer groups' lag of the system in Docker, from its broker's committed offsets (GROUP, WATCH as make lag)
	@KAFKA=$(COMPOSE_KAFKA) $(COMPOSE_READER) $(STACK) lag

# compose reads the passwords' variables for every command, down too
compose-down: ## stop and remove the containers of compose-up (the data volumes are kept; docker compose down -v drops them)
	@eval "$$(docker/kafka-passwords.sh env)"; compose="$(strip $(COMPOSE) $(COMPOSE_FILES))"; echo "$$compose down"; \
	$$compose down
