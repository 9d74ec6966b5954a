#!/usr/bin/env bash
# Proves the container side of DealStream on this machine, with no registry and without touching its network:
#  1. installs what is missing (docker.io, debootstrap, docker-compose) and starts a Docker daemon of its own
#     (no bridge, no iptables: containers use the host network) unless one already answers;
#  2. builds a Debian trixie base by debootstrap and a Java 25 runtime on it (kept for the next run), the local
#     stand-ins for apache/kafka:4.1.1 and postgres:17, and the three service images and the console's
#     (docker/build-images.sh);
#  3. runs the real docker-compose.yml with docker/docker-compose.host.yml (make compose-up), waits until every
#     container is healthy (the console on 127.0.0.1:18084), runs the deal's demo journey against it (make demo)
#     while make compose-watch streams the events, and brings it down (make compose-down);
#  4. the pods as their specs say (docker/run-as-pods.sh): each service image run with its Deployment's pod spec from
#     the rendered kind overlay (user, read-only root, emptyDir tmpfs, the token key's Secret on a read-only mount, no
#     capabilities, memory and CPU limits, env), checked from inside, and make demo against them;
#  5. runs the Testcontainers tests of the images (module image-test) on the same engine.
# At the end, even on failure, it removes its containers and volumes and stops the daemon it started; the images
# stay in its data root (/var/lib/dealstream-docker) as a cache. Logs: /tmp/dealstream-prove/.
# The services verify tokens with a key pair of the run's own (JWT_DIR in its temporary folder, made by local-stack
# keys): compose and the pods get its public key, make demo signs with its private key.
# Needs root. Exits non-zero, saying why, when a step fails or cannot run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

STATE=/run/dealstream-docker
DATA_ROOT="${DEALSTREAM_DOCKER_DATA:-/var/lib/dealstream-docker}"
LOGS="${PROVE_LOGS:-/tmp/dealstream-prove}"
PROJECT=dealstream
# named by release and Java version, so that an earlier run's bookworm / Java 17 cache is never taken for these
MINBASE=dealstream-local/debian:trixie-minbase
JRE=dealstream-local/jre:25
KAFKA_IMAGE=dealstream-local/kafka:4.1.1
POSTGRES_IMAGE=dealstream-local/postgres:17
# the override's ports (docker/docker-compose.host.yml)
URLS="INVESTMENT_URL=http://127.0.0.1:18081 COMPUTE_URL=http://127.0.0.1:18082 DISTRIBUTION_URL=http://127.0.0.1:18083"
HOST_KAFKA=localhost:19094

t0=$SECONDS
say() { printf '\n==> [%3d s] %s\n' $((SECONDS - t0)) "$*"; }
die() { printf '\nprove: FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root: it installs docker.io and starts a Docker daemon (sudo $0)"
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log

# --- 1. packages and the daemon ---
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  command -v apt-get >/dev/null 2>&1 || die "no apt-get to install ${need[*]}: install them by hand"
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"; } >"$LOGS/apt.log" 2>&1 \
    || die "apt-get could not install ${need[*]} (see $LOGS/apt.log)"
fi
command -v dockerd >/dev/null 2>&1 || die "no dockerd after installing docker.io"
command -v docker >/dev/null 2>&1 || die "no docker client"
python3 -c 'import yaml' 2>/dev/null || die "python3-yaml (a dependency of docker-compose) is missing"

work="$(mktemp -d /tmp/dealstream-prove.XXXXXX)"
started_daemon=""
compose=""
watch_pid=""
leftovers_cleared=""

# a pid counts only while it is still a dockerd: pids are reused
is_dockerd() { [ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = dockerd ]; }

# what a run leaves in the engine: the containers and volumes of both compose projects, and run-as-pods.sh's pods
leftovers() {
  local p
  for p in "$PROJECT" dealstream-pods; do
    docker ps -aq --filter "label=com.docker.compose.project=$p"
    docker volume ls -q --filter "label=com.docker.compose.project=$p"
  done
  docker ps -aq --filter label=io.dealstream.proof=pods
}
remove_leftovers() {
  local p
  for p in "$PROJECT" dealstream-pods; do
    docker ps -aq --filter "label=com.docker.compose.project=$p" | xargs -r docker rm -f -v >/dev/null
    docker volume ls -q --filter "label=com.docker.compose.project=$p" | xargs -r docker volume rm >/dev/null
  done
  docker ps -aq --filter label=io.dealstream.proof=pods | xargs -r docker rm -f -v >/dev/null
}

cleanup() {
  local rc=$?
  set +e
  if [ -n "$watch_pid" ]; then
    kill -- "-$watch_pid" 2>/dev/null
  fi
  if [ -n "$compose" ]; then
    $compose down -v --remove-orphans >>"$LOGS/compose-down.log" 2>&1
  fi
  if docker info >/dev/null 2>&1; then
    # Testcontainers' leftovers after a crash (its reaper is off here)
    docker ps -aq --filter label=org.testcontainers=true | xargs -r docker rm -f -v >/dev/null 2>&1
    # this run's projects and run-as-pods.sh's pods, should it have been killed before its own clean-up; only once
    # the start found none there (what was there before may be somebody's)
    [ -n "$leftovers_cleared" ] && remove_leftovers >/dev/null 2>&1
  fi
  if [ -n "$started_daemon" ]; then
    if is_dockerd "$started_daemon"; then
      kill "$started_daemon"
      for _ in $(seq 1 30); do is_dockerd "$started_daemon" || break; sleep 1; done
      is_dockerd "$started_daemon" && kill -9 "$started_daemon"
    fi
    # the daemon leaves the host network namespace bound under its exec root
    awk -v d="$STATE/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n 1 umount
    rm -rf "$STATE"
  fi
  rm -rf "$work"
  if [ "$rc" = 0 ]; then
    printf '\nprove: OK in %d s (logs in %s)\n' $((SECONDS - t0)) "$LOGS"
  else
    printf '\nprove: FAILED (exit %d) after %d s; logs in %s\n' "$rc" $((SECONDS - t0)) "$LOGS" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${DOCKER_HOST:-}" ] && [ -S "$STATE/docker.sock" ] && is_dockerd "$(cat "$STATE/dockerd.pid" 2>/dev/null)"; then
  # this script's own daemon, left by a run that was killed: use it, and stop it at the end
  export DOCKER_HOST="unix://$STATE/docker.sock"
  started_daemon="$(cat "$STATE/dockerd.pid")"
  say "using the daemon an earlier run left running (pid $started_daemon); it is stopped at the end"
elif docker info >/dev/null 2>&1; then
  say "using the Docker engine that already runs (${DOCKER_HOST:-the default socket}); it is left running"
else
  export DOCKER_HOST="unix://$STATE/docker.sock"
  mkdir -p "$STATE" "$DATA_ROOT"
  rm -f "$STATE/dockerd.pid"  # not a live dockerd (checked above): a killed run's
  say "starting dockerd (no bridge, no iptables; data root $DATA_ROOT, socket $STATE/docker.sock)"
  # each flag keeps the daemon away from the machine's interfaces, routes and firewall
  dockerd --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false --bridge=none \
    --data-root "$DATA_ROOT" --exec-root "$STATE/exec" --pidfile "$STATE/dockerd.pid" -H "$DOCKER_HOST" \
    >"$LOGS/dockerd.log" 2>&1 &
  started_daemon=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    kill -0 "$started_daemon" 2>/dev/null || { tail -n 20 "$LOGS/dockerd.log" >&2; die "dockerd exited"; }
    sleep 1
  done
  docker info >/dev/null 2>&1 || { tail -n 20 "$LOGS/dockerd.log" >&2; die "dockerd did not answer within 60 s"; }
fi
docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})'

# A killed run leaves its compose projects behind, volumes included, and a PostgreSQL volume with the deal already
# funded makes the demo refuse to start. In this script's own engine they are its leftovers; in an engine that was
# already running they may be somebody's data, so the proof stops instead of removing them.
if [ -n "$(leftovers)" ]; then
  [ -n "$started_daemon" ] || die "this engine already has containers or volumes of the compose projects $PROJECT or \
dealstream-pods; remove them first (docker-compose -p $PROJECT down -v; docker-compose -p dealstream-pods down -v)"
  say "removing what a killed run left in this engine (containers and volumes of $PROJECT and dealstream-pods)"
  remove_leftovers
  [ -z "$(leftovers)" ] || die "could not remove the leftovers of an earlier run"
fi
leftovers_cleared=1

# --- 2. the jars and the images ---
if [ ! -f local-stack/target/local-stack.jar ] || [ ! -f investment-service/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -f compute-service/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -f distribution-service/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -f console/target/quarkus-app/quarkus-run.jar ]; then
  say "packaging the services, the console and local-stack (./mvnw package)"
  ./mvnw -B -q package -DskipTests -pl investment-service,compute-service,distribution-service,console,local-stack -am \
    >"$LOGS/maven-package.log" 2>&1 || die "./mvnw package failed (see $LOGS/maven-package.log)"
fi
# the run's token key pair: compose-up (its secret's file is fixed when the merged file below is written), the pods
# and make demo all use it
export JWT_DIR="$work/jwt"
DEALSTREAM_JWT_PUBLIC_KEY="$("$(.mvn/jdk.sh)/bin/java" -Ddealstream.root="$root" -jar local-stack/target/local-stack.jar keys)" \
  || die "local-stack keys failed (an older local-stack.jar? ./mvnw -B package -pl local-stack -am)"
export DEALSTREAM_JWT_PUBLIC_KEY
say "the token key pair of this run: $JWT_DIR (services get $DEALSTREAM_JWT_PUBLIC_KEY, make demo signs with its private key)"

say "installing what the image tests build on (./mvnw install -pl launchers,image-test -am)"
./mvnw -B -q install -DskipTests -pl launchers,image-test -am >"$LOGS/maven-install.log" 2>&1 \
  || die "./mvnw install failed (see $LOGS/maven-install.log)"

debian_mirror() {
  local kind="$1" found
  found=$({ grep -hE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
            grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
              | awk '{print $2}'; } | grep -E "/debian${kind}/?\$" | head -n 1)
  printf '%s' "${found:-http://deb.debian.org/debian$kind}"
}

if docker image inspect "$MINBASE" >/dev/null 2>&1 && docker image inspect "$JRE" >/dev/null 2>&1; then
  say "base images $MINBASE and $JRE: cached from an earlier run"
else
  mirror="$(debian_mirror '')"
  security="$(debian_mirror '-security')"
  say "debootstrap --variant=minbase trixie from $mirror, imported as $MINBASE"
  debootstrap --variant=minbase trixie "$work/rootfs" "$mirror" >"$LOGS/debootstrap.log" 2>&1 \
    || die "debootstrap failed (see $LOGS/debootstrap.log)"
  # apt inside the images uses the same mirrors as this machine
  printf 'deb %s trixie main\ndeb %s trixie-updates main\ndeb %s trixie-security main\n' \
    "$mirror" "$mirror" "$security" >"$work/rootfs/etc/apt/sources.list"
  tar -C "$work/rootfs" -c . | docker import - "$MINBASE" >/dev/null
  rm -rf "$work/rootfs"
  say "building $JRE (openjdk-25-jre-headless from Debian)"
  docker build --network host -t "$JRE" docker/local/jre >"$LOGS/build-jre.log" 2>&1 \
    || die "building $JRE failed (see $LOGS/build-jre.log)"
fi

say "building the stand-ins $KAFKA_IMAGE (Maven Central jars) and $POSTGRES_IMAGE (Debian's PostgreSQL)"
./mvnw -B -q -f docker/local/kafka/pom.xml package >"$LOGS/kafka-libs.log" 2>&1 \
  || die "gathering the Kafka jars failed (see $LOGS/kafka-libs.log)"
docker build --network host -t "$KAFKA_IMAGE" docker/local/kafka >"$LOGS/build-kafka.log" 2>&1 \
  || die "building $KAFKA_IMAGE failed (see $LOGS/build-kafka.log)"
docker build --network host -t "$POSTGRES_IMAGE" docker/local/postgres >"$LOGS/build-postgres.log" 2>&1 \
  || die "building $POSTGRES_IMAGE failed (see $LOGS/build-postgres.log)"

# --- 3. docker-compose.yml with the host-network override ---
# the run's Kafka passwords (docker/kafka-passwords.sh under STACK_HOME): compose-up, the merged file below, the pods'
# Secrets and make demo all use them
export STACK_HOME="$work/stack"
eval "$(docker/kafka-passwords.sh env)"
# docker-compose 1.29 cannot drop the published ports in an override (v2 has !reset), and the engine refuses them
# with host networking: the merged file, minus those ports, is what runs
docker-compose -p "$PROJECT" -f docker-compose.yml -f docker/docker-compose.host.yml config >"$work/merged.yml" \
  || die "docker-compose could not read docker-compose.yml with the override"
python3 - "$work/merged.yml" "$work/compose.yml" <<'EOF'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for service in doc["services"].values():
    if service.get("network_mode") == "host":
        service.pop("ports", None)
yaml.safe_dump(doc, open(sys.argv[2], "w"), sort_keys=False)
EOF
compose="docker-compose -p $PROJECT -f $work/compose.yml"

say "make compose-up (service and console images on $JRE)"
if ! BASE_IMAGE="$JRE" WAIT_SECONDS=300 make --no-print-directory compose-up COMPOSE="$compose" 2>&1 \
     | tee "$LOGS/compose-up.log"; then
  $compose logs --no-color >"$LOGS/compose.log" 2>&1
  die "make compose-up failed (see $LOGS/compose-up.log and $LOGS/compose.log)"
fi
$compose ps

say "make compose-watch (from the beginning, on the host listener $HOST_KAFKA) while make demo runs"
setsid make --no-print-directory compose-watch COMPOSE_KAFKA="$HOST_KAFKA" FROM=beginning >"$LOGS/watch.log" 2>&1 &
watch_pid=$!
# shellcheck disable=SC2086 # URLS is a list of assignments
env $URLS KAFKA="$HOST_KAFKA" STACK_HOME="$work/stack" make --no-print-directory demo 2>&1 | tee "$LOGS/demo.log" \
  || die "make demo failed against the containers (see $LOGS/demo.log)"
grep -q '^Done\.' "$LOGS/demo.log" || die "make demo did not finish its journey (see $LOGS/demo.log)"

# the watch saw every step: both tranches funded, the capacity released twice, the rights activated
expect_watch() {
  local pattern="$1" at_least="$2" n=0
  for _ in $(seq 1 30); do
    n=$(grep -c -- "$pattern" "$LOGS/watch.log" || true)
    [ "$n" -ge "$at_least" ] && return 0
    sleep 1
  done
  die "make compose-watch showed $n line(s) of $pattern, expected at least $at_least (see $LOGS/watch.log)"
}
expect_watch investment.tranche.funded.v1 2
expect_watch compute.capacity.released.v1 2
expect_watch distribution.right.activated.v1 2
kill -- "-$watch_pid" 2>/dev/null || true
watch_pid=""
echo "compose-watch: $(grep -c ' v[0-9]' "$LOGS/watch.log" || true) event lines, e.g.:"
grep -m 3 -E 'funded.v1|released.v1|activated.v1' "$LOGS/watch.log" || true

$compose logs --no-color >"$LOGS/compose.log" 2>&1 || true
say "make compose-down"
make --no-print-directory compose-down COMPOSE="$compose"
$compose down -v >/dev/null 2>&1
compose=""

# --- 4. the pods as their specs say ---
say "the pods as their specs say (docker/run-as-pods.sh: the kind overlay's pod specs applied by docker run)"
docker/run-as-pods.sh "$work/compose.yml" 2>&1 | tee "$LOGS/pods.log" \
  || die "the pods did not run as their specs say (see $LOGS/pods.log)"

# --- 5. the images under Testcontainers ---
say "the image tests (./mvnw verify -pl image-test -Dimage-test; host network, no reaper)"
DEALSTREAM_DOCKER_NETWORK=host TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost \
  ./mvnw -B verify -pl image-test -Dimage-test >"$LOGS/image-test.log" 2>&1 \
  || { grep -E 'Tests run:|FAIL|ERROR\]' "$LOGS/image-test.log" | head -n 20 >&2; die "the image tests failed (see $LOGS/image-test.log)"; }
grep -E 'Tests run:.*in io\.dealstream' "$LOGS/image-test.log"
