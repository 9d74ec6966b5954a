#!/bin/sh
# Runs the command given, the apache/kafka image's start (/etc/kafka/docker/run: KAFKA_* variables to server.properties,
# the storage formatted on first start, then Kafka), after formatting a new storage itself with dealstream-admin's
# SCRAM-SHA-512 credential: the broker's own connections log in as dealstream-admin, so the credential must exist
# before the broker does (KRaft keeps SCRAM credentials in its metadata). A formatted storage is left as it is: the
# image's own format then finds it formatted. Run by the StatefulSet kafka (k8s/base/kafka.yaml) and by
# docker-compose.yml's kafka.
# Environment: CLUSTER_ID, KAFKA_NODE_ID, KAFKA_CONTROLLER_QUORUM_VOTERS, KAFKA_LOG_DIRS (as the broker reads them) and
# DEALSTREAM_ADMIN_PASSWORD.
set -eu
format="$(mktemp)"
# the least the storage tool needs: the node, its quorum and where its data goes (listeners are not bound)
cat > "$format" <<EOF
process.roles=broker,controller
node.id=$KAFKA_NODE_ID
controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS
controller.listener.names=CONTROLLER
listeners=CLIENT://:9092,CONTROLLER://:9093
inter.broker.listener.name=CLIENT
listener.security.protocol.map=CLIENT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_LOG_DIRS
EOF
"${KAFKA_HOME:-/opt/kafka}/bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$format" --ignore-formatted \
  --add-scram "SCRAM-SHA-512=[name=dealstream-admin,password=$DEALSTREAM_ADMIN_PASSWORD]"
rm -f "$format"
exec "$@"
