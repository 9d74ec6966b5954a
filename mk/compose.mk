# --- the whole system in Docker (docker-compose.yml; docker/README.md) ---
# `docker compose` (v2) when the Docker CLI has it, else docker-compose (v1); COMPOSE_FILE picks other files.
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose) -p dealstream
# the broker's listener for clients on this machine (docker-compose.yml publishes it)
COMPOSE_KAFKA ?= localhost:9094

.PHONY: compose-up compose-watch compose-lag compose-down

compose-up: ## run the whole system in Docker: build the images, start, wait until healthy (BASE_IMAGE=... for another Java base)
	@docker/build-images.sh
	$(COMPOSE) up -d --no-build
	@docker/wait-healthy.sh dealstream
	@echo "investment http://localhost:8081  compute http://localhost:8082  distribution http://localhost:8083  (/q/swagger-ui)"

compose-watch: stack-jars ## stream the events of the system in Docker, one line each, until Ctrl-C (COMPOSE_KAFKA=host:port)
	@KAFKA=$(COMPOSE_KAFKA) $(STACK) watch

compose-lag: stack-jars ## the consumer groups' lag of the system in Docker, from its broker's committed offsets (GROUP, WATCH as make lag)
	@KAFKA=$(COMPOSE_KAFKA) $(STACK) lag

compose-down: ## stop and remove the containers of compose-up (the data volumes are kept; docker compose down -v drops them)
	$(COMPOSE) down
