#!/usr/bin/env bash
# kafka-server-start.sh server.properties [--override key=value ...]
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}" KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-info}"
exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
