#!/usr/bin/env bash
# The pods as their specs say: runs each service image with its Deployment's pod spec from the rendered kind overlay
# (docker/pod_spec.py turns it into `docker run` options), checks inside each container what the spec promises,
# runs the deal's demo journey (make demo) against them, and checks their memory after it.
#   docker/run-as-pods.sh COMPOSE_FILE   # the host-network compose file docker/prove.sh runs: Kafka and PostgreSQL
#                                        # come from its stand-ins; PostgreSQL gets the StatefulSet's env and init script
# Host network only: postgres and kafka are 127.0.0.1 (--add-host), their ports and the HTTP ports those of
# docker/docker-compose.host.yml. What this engine cannot enforce is printed as "NOT ENFORCED HERE: ..."; anything
# it enforces that differs from the spec fails the step. Logs: $PROVE_LOGS (default /tmp/dealstream-prove).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

[ $# = 1 ] && [ -f "$1" ] || { echo "usage: $0 COMPOSE_FILE" >&2; exit 2; }
compose_file="$1"
LOGS="${PROVE_LOGS:-/tmp/dealstream-prove}"
PROJECT=dealstream-pods
SERVICES="investment-service compute-service distribution-service"
# the host listener of the stand-in broker (docker/docker-compose.host.yml)
HOST_KAFKA=localhost:19094
mkdir -p "$LOGS"
work="$(mktemp -d /tmp/dealstream-pods.XXXXXX)"
infra=""
failures=0
t0=$SECONDS

say() { printf '\n--> [%3d s] %s\n' $((SECONDS - t0)) "$*"; }
die() { printf '\nrun-as-pods: FAILED: %s\n' "$*" >&2; exit 1; }
ok() { printf '  ok    %-16s %s\n' "$1" "$2"; }
bad() { printf '  FAIL  %-16s %s\n' "$1" "$2"; failures=$((failures + 1)); }
not_enforced() { printf '  NOT ENFORCED HERE: %s\n' "$*"; }

cleanup() {
  local rc=$?
  set +e
  for s in $SERVICES; do
    if docker inspect "dealstream-pod-$s" >/dev/null 2>&1; then
      docker logs "dealstream-pod-$s" >"$LOGS/pod-$s.log" 2>&1
      docker rm -f -v "dealstream-pod-$s" >/dev/null 2>&1
    fi
  done
  if [ -n "$infra" ]; then
    $infra logs --no-color >"$LOGS/pods-infra.log" 2>&1
    $infra down -v --remove-orphans >>"$LOGS/pods-down.log" 2>&1
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- the spec ---
kubectl kustomize k8s/kind >"$work/kind.yaml" 2>"$LOGS/pods-kustomize.log" \
  || die "kubectl kustomize k8s/kind failed (see $LOGS/pods-kustomize.log)"
# and Secret dealstream-jwt as make kind-up makes it: the public key of the pair make demo signs with (local-stack
# keys: JWT_DIR, default .local/jwt, made if missing)
public_key="$("$(.mvn/jdk.sh)/bin/java" -Ddealstream.root="$root" -jar local-stack/target/local-stack.jar keys)" \
  || die "local-stack keys failed (package local-stack first: ./mvnw -B package -pl local-stack -am)"
{ echo "---"; kubectl create secret generic dealstream-jwt -n dealstream --from-file=publicKey.pem="$public_key" \
    --dry-run=client -o yaml; } >>"$work/kind.yaml" || die "kubectl could not make Secret dealstream-jwt"
echo "Secret dealstream-jwt: the public key $public_key"
# and the Secrets kafka-user-<user> as make kind-up makes them, from the passwords the broker's users were given
# (docker/kafka-passwords.sh: STACK_HOME, as docker/prove.sh sets it)
kafka_passwords="$(docker/kafka-passwords.sh)" || die "docker/kafka-passwords.sh failed"
for user in investment-service compute-service distribution-service dealstream-reader; do
  { echo "---"; kubectl create secret generic "kafka-user-$user" -n dealstream --from-file=password="$kafka_passwords/$user" \
      --dry-run=client -o yaml; } >>"$work/kind.yaml" || die "kubectl could not make Secret kafka-user-$user"
done
echo "Secrets kafka-user-<user>: the passwords of $kafka_passwords"
python3 docker/pod_spec.py "$work/kind.yaml" "$compose_file" "$work/spec" || die "docker/pod_spec.py could not read the spec"

# what this engine enforces
memory_enforced="$(docker info --format '{{.MemoryLimit}}')"
swap_enforced="$(docker info --format '{{.SwapLimit}}')"
cpu_enforced="$(docker info --format '{{.CPUCfsQuota}}')"
echo "engine: memory limit $memory_enforced, swap limit $swap_enforced, CPU quota $cpu_enforced, cgroup v$(docker info --format '{{.CgroupVersion}}')"

# --- Kafka and PostgreSQL: the stand-ins, PostgreSQL with the k8s logins from the ConfigMap's init script ---
infra="docker-compose -p $PROJECT -f $work/spec/infra.yml"
say "Kafka and PostgreSQL (PostgreSQL with k8s/base/postgres.yaml's env and init script 10-service-databases.sh)"
$infra up -d >"$LOGS/pods-infra-up.log" 2>&1 || die "starting Kafka and PostgreSQL failed (see $LOGS/pods-infra-up.log)"
WAIT_SECONDS=300 docker/wait-healthy.sh "$PROJECT" || die "Kafka or PostgreSQL did not become healthy"
pg_log="$($infra logs --no-color postgres 2>&1)"
for s in $SERVICES; do
  login="${s%-service}"
  grep -q "created database and login $login" <<<"$pg_log" || die "the init script did not create the login $login"
done
echo "init script: created the databases and logins investment, compute, distribution"

# --- the services, each as its pod spec says ---
for s in $SERVICES; do
  mapfile -t args <"$work/spec/$s.args"
  run=()
  for ((i = 0; i < ${#args[@]}; i++)); do
    # docker refuses --cpus without CFS quota support; the other limits it discards with a warning
    if [ "${args[i]}" = --cpus ] && [ "$cpu_enforced" != true ]; then i=$((i + 1)); continue; fi
    run+=("${args[i]}")
  done
  # shellcheck disable=SC1090 # written by pod_spec.py
  . "$work/spec/$s.expect"
  docker image inspect "$IMAGE" >/dev/null 2>&1 || die "no image $IMAGE (docker/build-images.sh builds it)"
  printf 'docker run -d'; printf ' %q' "${run[@]}" | sed -E 's/(DB_PASSWORD=)[^ ]*/\1***/'; echo
  docker run -d "${run[@]}" >/dev/null 2>"$LOGS/pod-$s.run.log" || { cat "$LOGS/pod-$s.run.log" >&2; die "docker run $s failed"; }
  grep -v '^$' "$LOGS/pod-$s.run.log" || true
done

say "waiting until each answers its readiness probe"
for s in $SERVICES; do
  . "$work/spec/$s.expect"
  deadline=$((SECONDS + 300))
  until curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$HTTP_PORT$READY_PATH" 2>/dev/null; do
    if [ "$(docker inspect -f '{{.State.Running}}' "dealstream-pod-$s")" != true ]; then
      docker logs --tail 40 "dealstream-pod-$s" >&2
      die "$s exited ($(docker inspect -f 'exit {{.State.ExitCode}}, OOM-killed {{.State.OOMKilled}}' "dealstream-pod-$s"))"
    fi
    [ "$SECONDS" -lt "$deadline" ] || { docker logs --tail 40 "dealstream-pod-$s" >&2; die "$s not ready after 300 s"; }
    sleep 2
  done
  echo "$s: GET $READY_PATH on 127.0.0.1:$HTTP_PORT answers 200 (the spec's port $CONTAINER_PORT, moved by the host network)"
done

in_pod() { docker exec "dealstream-pod-$1" sh -c "$2"; }

# the cgroup files as the container sees them (v2, else v1)
memory_limit_of() { in_pod "$1" 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes'; }
cpu_quota_of() {
  in_pod "$1" 'if [ -f /sys/fs/cgroup/cpu.max ]; then cat /sys/fs/cgroup/cpu.max; else
    echo "$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cat /sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us 2>/dev/null || cat /sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us)"; fi'
}

say "inside each container"
for s in $SERVICES; do
  . "$work/spec/$s.expect"
  echo "$s ($IMAGE):"
  # the user
  ids="$(in_pod "$s" 'id')"
  if [ "$(in_pod "$s" 'id -u'):$(in_pod "$s" 'id -g')" = "$RUN_UID:$RUN_GID" ]; then ok user "$ids"; else bad user "$ids, spec $RUN_UID:$RUN_GID"; fi
  # the root filesystem and the emptyDir mounts
  if [ "$READ_ONLY" = 1 ]; then
    if out="$(in_pod "$s" 'touch /.pod-write-test' 2>&1)"; then bad "read-only /" "a write to / succeeded"
    else ok "read-only /" "a write to / fails: ${out##*: }"; fi
  fi
  for m in $TMPFS; do
    path="${m%%:*}" size="${m##*:}"
    if in_pod "$s" "echo x > $path/.pod-write-test && rm $path/.pod-write-test"; then ok "$path" "writable"
    else bad "$path" "not writable"; fi
    opts="$(in_pod "$s" "awk '\$2 == \"$path\" {print \$3 \" \" \$4}' /proc/mounts")"
    got="$(sed -nE 's/.*size=([0-9]+)k.*/\1/p' <<<"$opts")"
    if [ "$size" != 0 ] && [ "$((${got:-0} * 1024))" = "$size" ]; then ok "$path size" "$opts (sizeLimit $size bytes)"
    elif [ "$size" = 0 ]; then ok "$path" "$opts"
    else bad "$path size" "$opts, sizeLimit $size bytes"; fi
  done
  # capabilities, privilege escalation, seccomp
  status="$(in_pod "$s" 'cat /proc/1/status')"
  capeff="$(awk '/^CapEff:/ {print $2}' <<<"$status")"
  capbnd="$(awk '/^CapBnd:/ {print $2}' <<<"$status")"
  if [ -n "$CAPS_ADDED" ]; then ok capabilities "CapEff $capeff (adds $CAPS_ADDED)"
  elif [ "$capeff" = 0000000000000000 ] && [ "$capbnd" = 0000000000000000 ]; then ok capabilities "CapEff $capeff, CapBnd $capbnd"
  else bad capabilities "CapEff $capeff, CapBnd $capbnd"; fi
  nnp="$(awk '/^NoNewPrivs:/ {print $2}' <<<"$status")"
  if [ "$NO_NEW_PRIVS" = 1 ]; then
    if [ "$nnp" = 1 ]; then ok no-new-privs "NoNewPrivs 1"; else bad no-new-privs "NoNewPrivs ${nnp:-?}"; fi
  fi
  seccomp="$(awk '/^Seccomp:/ {print $2}' <<<"$status")"
  if [ "$seccomp" = 2 ]; then ok seccomp "Seccomp 2 (the engine's default profile, RuntimeDefault)"
  else not_enforced "seccomp RuntimeDefault ($s: Seccomp ${seccomp:-?})"; fi
  # the memory limit, and the heap the JVM sizes from it
  seen="$(memory_limit_of "$s")"
  if [ "$memory_enforced" != true ]; then
    not_enforced "memory limit $MEMORY bytes ($s: the engine has no memory cgroup; the container sees $seen)"
  elif [ "$seen" = "$MEMORY" ]; then ok "memory limit" "cgroup $seen bytes = spec $MEMORY"
  else bad "memory limit" "cgroup $seen bytes, spec $MEMORY"; fi
  if [ "$swap_enforced" != true ]; then not_enforced "memory-swap = memory ($s: no swap accounting)"; fi
  # shellcheck disable=SC2016 # expanded in the container
  opts="$(in_pod "$s" 'echo $JAVA_OPTS $JAVA_OPTS_APPEND')"
  pct="$(grep -oE 'MaxRAMPercentage=[0-9.]+' <<<"$opts" | tail -n 1 | cut -d= -f2)"
  # shellcheck disable=SC2016 # expanded in the container
  heap="$(in_pod "$s" 'java $JAVA_OPTS $JAVA_OPTS_APPEND -XX:+PrintFlagsFinal -version 2>/dev/null' \
          | awk '$2 == "MaxHeapSize" {print $4}')"
  want="$(awk -v m="$MEMORY" -v p="${pct:-25}" 'BEGIN {printf "%d", m * p / 100}')"
  if [ "$memory_enforced" != true ]; then
    not_enforced "heap from the memory limit ($s: MaxHeapSize $heap from the machine's memory)"
  elif [ -n "$heap" ] && [ $((heap > want ? heap - want : want - heap)) -lt $((4 << 20)) ]; then
    # the JVM rounds the heap to its alignment (a few MiB at most)
    ok "max heap" "MaxHeapSize $heap = ${pct}% of $MEMORY = $want, aligned (JAVA_OPTS $opts)"
  else bad "max heap" "MaxHeapSize ${heap:-?}, want ${pct:-?}% of $MEMORY = $want"; fi
  ok "pid 1" "$(in_pod "$s" 'tr "\0" " " </proc/1/cmdline')"
  # the Secret's files: its data, on a read-only mount, readable by the pod's user
  for f in $SECRET_FILES; do
    path="${f%%=*}" host="${f#*=}"
    if [ "$(in_pod "$s" "cat $path")" = "$(cat "$host")" ]; then ok "$path" "the Secret's data ($(wc -c <"$host") bytes)"
    else bad "$path" "not the Secret's data"; fi
    mount="$(in_pod "$s" "awk '\$2 == \"${path%/*}\" {print \$4}' /proc/mounts")"
    case "$mount" in ro,*) ok "${path%/*}" "mounted $mount" ;; *) bad "${path%/*}" "mounted ${mount:-nowhere}, not read-only" ;; esac
  done
  # the CPU limit
  quota="$(cpu_quota_of "$s")"
  if [ "$cpu_enforced" != true ]; then not_enforced "cpu limit $CPUS ($s: no CFS quota)"
  elif awk -v q="$quota" -v c="$CPUS" 'BEGIN {split(q, a, " "); exit !(a[1] != "max" && a[1] > 0 && a[1] / a[2] == c)}'; then
    ok "cpu limit" "quota/period $quota = $CPUS CPU"
  else bad "cpu limit" "quota/period $quota, spec $CPUS CPU"; fi
done

# --- the demo against them ---
say "make demo against the three pods"
env INVESTMENT_URL=http://127.0.0.1:18081 COMPUTE_URL=http://127.0.0.1:18082 DISTRIBUTION_URL=http://127.0.0.1:18083 \
  KAFKA="$HOST_KAFKA" STACK_HOME="$work/stack" make --no-print-directory demo 2>&1 | tee "$LOGS/pods-demo.log" \
  || die "make demo failed against the pods (see $LOGS/pods-demo.log)"
grep -q '^Done\.' "$LOGS/pods-demo.log" || die "make demo did not finish its journey against the pods (see $LOGS/pods-demo.log)"

say "memory after the demo"
for s in $SERVICES; do
  . "$work/spec/$s.expect"
  state="$(docker inspect -f '{{.State.Running}} {{.State.OOMKilled}} {{.RestartCount}}' "dealstream-pod-$s")"
  [ "$state" = "true false 0" ] || bad "$s" "running/OOM-killed/restarts: $state"
  rss_kb="$(in_pod "$s" "awk '/^VmRSS:/ {print \$2}' /proc/1/status")"
  usage="$(in_pod "$s" 'cat /sys/fs/cgroup/memory.current 2>/dev/null || cat /sys/fs/cgroup/memory/memory.usage_in_bytes' 2>/dev/null || echo '?')"
  peak="$(in_pod "$s" 'cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes' 2>/dev/null || echo '?')"
  line="RSS $((rss_kb / 1024)) MiB of the $((MEMORY >> 20)) MiB limit (cgroup usage $usage, peak $peak bytes)"
  if [ $((rss_kb * 1024)) -lt "$MEMORY" ]; then ok "$s" "$line"; else bad "$s" "$line"; fi
done

if [ "$failures" -gt 0 ]; then
  die "$failures check(s) differ from the pod specs"
fi
echo "run-as-pods: every check the engine enforces matches the pod specs; make demo finished (Done.)"
