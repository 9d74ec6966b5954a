#!/usr/bin/env bash
# DealStream on a local kind cluster: make kind-up / kind-watch / kind-demo / kind-down run this (k8s/README.md).
#   k8s/kind/kind.sh up|watch|demo|down|render
# Settings (environment): CLUSTER (dealstream), COMPONENTS (e.g. scale-out; comma-separated, from k8s/components),
# BASE_IMAGE (the images' Java base), TOPIC / FROM (watch, as make watch), CONVERGE_SECONDS (demo).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

CLUSTER="${CLUSTER:-dealstream}"
CONTEXT="kind-$CLUSTER"
NS=dealstream
COMPONENTS="${COMPONENTS:-}"
VERSION="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)"
# the image make kind-watch and kind-demo run inside the cluster: local-stack's watcher and demo
TOOLS_IMAGE="dealstream/local-stack:$VERSION"
WORK="$root/.local/kind"

step() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  case "$1" in
    docker)  die "docker is not installed: https://docs.docker.com/engine/install/ (or Docker Desktop / Podman with docker CLI)" ;;
    kind)    die "kind is not installed: https://kind.sigs.k8s.io/docs/user/quick-start/#installation (go install sigs.k8s.io/kind@latest, brew install kind, or the release binary)" ;;
    kubectl) die "kubectl is not installed: https://kubernetes.io/docs/tasks/tools/ (brew install kubectl, or the Kubernetes apt/yum repository)" ;;
    *)       die "$1 is not installed" ;;
  esac
}

kc() { kubectl --context "$CONTEXT" "$@"; }

cluster_exists() { kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; }

need_cluster() {
  need kind; need kubectl
  cluster_exists || die "there is no kind cluster '$CLUSTER': make kind-up creates it"
}

# the kustomization kind-up applies: the kind overlay, plus COMPONENTS
kustomization() {
  if [ -z "$COMPONENTS" ]; then
    echo "$root/k8s/kind"
    return
  fi
  mkdir -p "$WORK"
  {
    echo "# written by k8s/kind/kind.sh: the kind overlay with COMPONENTS=$COMPONENTS"
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "resources:"
    echo "  - ../../k8s/kind"
    echo "components:"
    for c in ${COMPONENTS//,/ }; do
      [ -f "k8s/components/$c/kustomization.yaml" ] || die "no component '$c' (there are: $(ls k8s/components | tr '\n' ' '))"
      echo "  - ../../k8s/components/$c"
    done
  } > "$WORK/kustomization.yaml"
  echo "$WORK"
}

render() {
  need kubectl
  local dir
  dir="$(kustomization)" || exit 1
  kubectl kustomize "$dir"
}

up() {
  need docker; need kind; need kubectl
  docker info >/dev/null 2>&1 || die "docker is installed but its daemon does not answer (start Docker, or check 'docker info')"
  local t0=$SECONDS

  if cluster_exists; then
    step "kind cluster '$CLUSTER' exists: using it"
  else
    step "creating kind cluster '$CLUSTER' (k8s/kind/cluster.yaml: NodePorts 30081-30083 -> localhost:8081-8083)"
    kind create cluster --name "$CLUSTER" --config k8s/kind/cluster.yaml --wait 120s
  fi

  step "building the service images (docker/build-images.sh${BASE_IMAGE:+, BASE_IMAGE=$BASE_IMAGE})"
  docker/build-images.sh

  step "building $TOOLS_IMAGE (local-stack's watch and demo, run inside the cluster by kind-watch and kind-demo)"
  if [ ! -f local-stack/target/local-stack.jar ]; then
    ./mvnw -B -q package -DskipTests -pl local-stack -am
  fi
  docker build -q ${BASE_IMAGE:+--build-arg "BASE_IMAGE=$BASE_IMAGE"} -f local-stack/src/main/docker/Dockerfile.jvm \
    -t "$TOOLS_IMAGE" local-stack >/dev/null

  step "rendering the manifests (k8s/kind${COMPONENTS:+ with components $COMPONENTS})"
  mkdir -p "$WORK"
  render > "$WORK/manifests.yaml"
  # exactly the images the manifests run from our builds, and the tools image
  local images
  images="$( (grep -oE 'image: dealstream/[^ ]+' "$WORK/manifests.yaml" | sed 's/image: //'; echo "$TOOLS_IMAGE") | sort -u)"

  step "loading the images into the cluster (kind load docker-image; the manifests never pull them)"
  for image in $images; do
    docker image inspect "$image" >/dev/null 2>&1 || die "image $image was not built (docker/build-images.sh builds dealstream/<service>:$VERSION)"
    echo "  $image"
    kind load docker-image "$image" --name "$CLUSTER" >/dev/null
  done

  if grep -q '^kind: Kafka$' "$WORK/manifests.yaml"; then
    kc get crd kafkas.kafka.strimzi.io >/dev/null 2>&1 || die "the scale-out component needs the Strimzi operator: k8s/components/scale-out/README.md says how to install it"
  fi

  step "applying the manifests to namespace $NS (context $CONTEXT)"
  # a Job's pod template cannot change: the topics Job is replaced (it creates only what is missing)
  kc -n "$NS" delete job kafka-topics --ignore-not-found >/dev/null 2>&1 || true
  kc apply -f "$WORK/manifests.yaml"

  step "waiting for PostgreSQL and Kafka"
  kc -n "$NS" rollout status statefulset/postgres --timeout=300s
  if grep -q '^kind: Kafka$' "$WORK/manifests.yaml"; then
    kc -n "$NS" wait kafka/kafka --for=condition=Ready --timeout=900s
  else
    kc -n "$NS" rollout status statefulset/kafka --timeout=300s
    step "waiting for the topics Job"
    kc -n "$NS" wait job/kafka-topics --for=condition=complete --timeout=300s
  fi

  step "waiting for the services (each waits for PostgreSQL and Kafka, then for its own readiness)"
  for d in investment-service compute-service distribution-service; do
    kc -n "$NS" rollout status "deployment/$d" --timeout=600s
  done

  step "DealStream is up on kind cluster '$CLUSTER' ($((SECONDS - t0)) s)"
  cat <<URLS
  investment-service    http://localhost:8081/rounds/openai-2026/cap-table   http://localhost:8081/q/swagger-ui
  compute-service       http://localhost:8082/capacity                       http://localhost:8082/q/swagger-ui
  distribution-service  http://localhost:8083/rights                         http://localhost:8083/q/swagger-ui
  health                http://localhost:8081/q/health/ready (8082, 8083 likewise)

  make kind-demo    walk through the deal in the cluster    make kind-watch   stream the events from the in-cluster broker
  kubectl --context $CONTEXT -n $NS get pods               make kind-down    delete the cluster
URLS
}

# runs local-stack's command (watch or demo) in a pod of its own, attached to this terminal, removed afterwards
in_cluster() {
  local command="$1"; shift
  need_cluster
  local bootstrap pod="$command-$$"
  bootstrap="$(kc -n "$NS" get configmap kafka-client -o jsonpath='{.data.KAFKA_BOOTSTRAP_SERVERS}')" \
    || die "DealStream is not deployed on '$CLUSTER': make kind-up"
  local tty=()
  [ -t 0 ] && tty=(--tty)
  # Ctrl-C leaves no pod behind
  trap 'kc -n "$NS" delete pod "$pod" --ignore-not-found --wait=false >/dev/null 2>&1 || true' EXIT
  trap 'exit 130' INT TERM
  kc -n "$NS" run "$pod" --rm -i ${tty[@]+"${tty[@]}"} --quiet --restart=Never --image="$TOOLS_IMAGE" --image-pull-policy=Never \
    --env="KAFKA=$bootstrap" "$@" -- "$command"
}

case "${1:-}" in
  up) up ;;
  watch)
    step "streaming the events from the in-cluster broker (a pod running $TOOLS_IMAGE watch; Ctrl-C ends it)"
    in_cluster watch ${TOPIC:+--env=TOPIC=$TOPIC} ${FROM:+--env=FROM=$FROM}
    ;;
  demo)
    step "walking through the deal from inside the cluster (a pod running $TOOLS_IMAGE demo)"
    in_cluster demo --env=INVESTMENT_URL=http://investment-service:8081 --env=COMPUTE_URL=http://compute-service:8082 \
      --env=DISTRIBUTION_URL=http://distribution-service:8083 ${CONVERGE_SECONDS:+--env=CONVERGE_SECONDS=$CONVERGE_SECONDS}
    ;;
  down)
    need kind
    if cluster_exists; then
      step "deleting kind cluster '$CLUSTER' (its data goes with it)"
      kind delete cluster --name "$CLUSTER"
    else
      echo "no kind cluster '$CLUSTER': nothing to delete"
    fi
    ;;
  render) render ;;
  *) echo "usage: k8s/kind/kind.sh up|watch|demo|down|render" >&2; exit 64 ;;
esac
