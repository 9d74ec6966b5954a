#!/bin/sh
# The broker's topics, SCRAM users and ACLs, set as dealstream-admin (the one super user): run by the Job kafka-topics
# (k8s/base/kafka-topics.yaml, from a ConfigMap kustomize makes of this file) and by docker-compose.yml's one-shot
# kafka-topics (bind-mounted). Safe to run again: topics that exist are kept (the tranche topic's retention is set
# again), every user gets the password it is given now, ACLs that exist stay as they are.
# Environment: KAFKA_BOOTSTRAP_SERVERS, PARTITIONS, REPLICATION_FACTOR, and the passwords DEALSTREAM_ADMIN_PASSWORD,
# INVESTMENT_SERVICE_PASSWORD, COMPUTE_SERVICE_PASSWORD, DISTRIBUTION_SERVICE_PASSWORD, DEALSTREAM_READER_PASSWORD.
# KAFKA_HOME (default /opt/kafka, as in apache/kafka) holds the tools.
set -eu
bin="${KAFKA_HOME:-/opt/kafka}/bin"
umask 077
admin="$(mktemp)"
trap 'rm -f "$admin"' EXIT
cat > "$admin" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="dealstream-admin" password="$DEALSTREAM_ADMIN_PASSWORD";
EOF

as_admin() {
  tool="$1"; shift
  "$bin/$tool" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$admin" "$@"
}

until answer="$(as_admin kafka-topics.sh --list 2>&1)"; do
  echo "waiting for Kafka at $KAFKA_BOOTSTRAP_SERVERS to answer dealstream-admin: $(echo "$answer" | tail -n 1)"; sleep 3
done

# Every topic a service writes, dead-letter topics included: the broker creates none on first use (a service may not)
for topic in investment.tranche-events compute.capacity-events distribution.rights-events \
    compute.tranche-events.dlq distribution.tranche-events.dlq; do
  as_admin kafka-topics.sh --create --if-not-exists --topic "$topic" --partitions "$PARTITIONS" \
    --replication-factor "$REPLICATION_FACTOR"
  echo "topic $topic: $PARTITIONS partitions, replication factor $REPLICATION_FACTOR"
done
# every version of every tranche is kept for ever (not compacted): the views are rebuilt from this topic
as_admin kafka-configs.sh --alter --entity-type topics --entity-name investment.tranche-events \
  --add-config retention.ms=-1,retention.bytes=-1
echo "topic investment.tranche-events: retention.ms=-1, retention.bytes=-1"

# the users (dealstream-admin's own credential is written when the broker's storage is formatted)
for user in investment-service compute-service distribution-service dealstream-reader; do
  variable="$(echo "$user" | tr 'a-z-' 'A-Z_')_PASSWORD"
  eval "password=\${$variable:?$variable is not set}"
  as_admin kafka-configs.sh --alter --entity-type users --entity-name "$user" \
    --add-config "SCRAM-SHA-512=[password=$password]" >/dev/null
  echo "user $user: SCRAM-SHA-512"
done

# allow USER OPERATIONS PATTERN RESOURCE NAME...: the user may do the operations on the topics or groups named
# (literal) or on those whose names start with one of them (prefixed); nothing else is allowed
allow() {
  user="$1" operations="$2" pattern="$3" resource="$4"; shift 4
  args=""
  for operation in $(echo "$operations" | tr , ' '); do args="$args --operation $operation"; done
  for name in "$@"; do args="$args --$resource $name"; done
  # shellcheck disable=SC2086 # args is a list of words
  as_admin kafka-acls.sh --add --allow-principal "User:$user" --resource-pattern-type "$pattern" $args >/dev/null
  echo "acl: $user may $operations $resource $pattern $*"
}

allow investment-service   Write,Describe      literal  topic investment.tranche-events
allow compute-service      Read,Describe       literal  topic investment.tranche-events
allow compute-service      Read                prefixed group compute-service
allow compute-service      Write,Describe      literal  topic compute.capacity-events
allow compute-service      Write,Read,Describe literal  topic compute.tranche-events.dlq
allow distribution-service Read,Describe       literal  topic investment.tranche-events
allow distribution-service Read                prefixed group distribution-service
allow distribution-service Write,Describe      literal  topic distribution.rights-events
allow distribution-service Write,Read,Describe literal  topic distribution.tranche-events.dlq
allow dealstream-reader    Read,Describe       literal  topic investment.tranche-events compute.capacity-events \
  distribution.rights-events compute.tranche-events.dlq distribution.tranche-events.dlq
allow dealstream-reader    Read                prefixed group dealstream-reader
# the lag table reads the services' committed offsets
allow dealstream-reader    Describe            prefixed group compute-service distribution-service
