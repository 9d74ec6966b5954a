#!/usr/bin/env bash
# Runs a Kafka class on the image's jars, as Kafka's own script does: KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS
# and KAFKA_OPTS are honoured. Logging goes to stdout through slf4j-simple (KAFKA_LOG_LEVEL, default warn).
set -euo pipefail
logging="-Dorg.slf4j.simpleLogger.defaultLogLevel=${KAFKA_LOG_LEVEL:-warn} -Dorg.slf4j.simpleLogger.logFile=System.out
  -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn"
# shellcheck disable=SC2086 # the option strings are lists of words
exec java ${KAFKA_HEAP_OPTS:--Xmx256M} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20} \
  ${KAFKA_OPTS:-} $logging -cp "/opt/kafka/libs/*" "$@"
