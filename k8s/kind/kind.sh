#!/usr/bin/env bash
# DealStream on a local kind cluster: make kind-up / kind-watch / kind-lag / kind-demo / kind-down run this (k8s/README.md).
#   k8s/kind/kind.sh up|watch|lag|demo|redrive|rebuild|down|render
# Settings (environment): CLUSTER (dealstream), COMPONENTS (e.g. scale-out,observability; comma-separated, from
# k8s/components), BASE_IMAGE (the images' Java base), TOPIC / FROM (watch, as make watch), GROUP / WATCH (lag, as make
# lag), CONVERGE_SECONDS (demo), MVN (the Maven command, default ./mvnw -B), JWT_DIR (the token key pair's folder,
# default .local/jwt, as make up and make token use), STACK_HOME (the Kafka passwords are in its kafka/, default
# .local/kafka).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

CLUSTER="${CLUSTER:-dealstream}"
CONTEXT="kind-$CLUSTER"
NS=dealstream
COMPONENTS="${COMPONENTS:-}"
MVN="${MVN:-./mvnw -B}"
# the image make kind-watch, kind-lag and kind-demo run inside the cluster: local-stack's watcher, lag table and demo,
# at the content tag kind-up gave it
TOOLS_IMAGE="dealstream/local-stack"
WORK="$root/.local/kind"
# the Secret the services' public key goes into, and the record of the key it holds, which kind-demo signs with
JWT_SECRET=dealstream-jwt
DEPLOYED_KEY="$WORK/jwt-public-key.sha256"
# how long the tokens kind-demo signs for its pod stay valid (minutes): the walk-through takes one or two
DEMO_TOKEN_TTL=15
# the Kafka users whose passwords kind-up gives the cluster as Secrets kafka-user-<user> (key password), from the
# files docker/kafka-passwords.sh keeps in .local/kafka (STACK_HOME/kafka), as make up and make compose-up use them
KAFKA_USERS="dealstream-admin investment-service compute-service distribution-service dealstream-reader"

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

# local-stack's command line (keys, token) on the JDK the build uses (make exports JAVA_HOME, else .mvn/jdk.sh finds it)
stack_jar() {
  local home="${JAVA_HOME:-}"
  [ -n "$home" ] || home="$(.mvn/jdk.sh)" || die "no JDK 25 or newer (see above)"
  "$home/bin/java" -Ddealstream.root="$root" -jar local-stack/target/local-stack.jar "$@"
}

cluster_exists() { kind get clusters 2>/dev/null | grep -qx "$CLUSTER"; }

need_cluster() {
  need kind; need kubectl
  cluster_exists || die "there is no kind cluster '$CLUSTER': make kind-up creates it"
}

# the tags kind-up deployed ("<image name> <tag>" per line), which kind-watch and kind-demo use
DEPLOYED="$WORK/images"
# the Strimzi release the scale-out component needs (STRIMZI_VERSION, STRIMZI_KAFKA_VERSIONS)
STRIMZI_ENV="k8s/components/scale-out/strimzi.env"
STRIMZI_OPERATOR_PATCH="k8s/components/scale-out/strimzi-operator-restricted.yaml"

has_component() { case ",$COMPONENTS," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

# the kustomization kind-up applies: the kind overlay, COMPONENTS, and the images at the tags of $DEPLOYED (or
# of the file given), so that a changed image changes the Deployment that runs it; and, given the public key's hash
# (second argument), that hash on the services' pods, so that a new key restarts them (they read it once, at start)
kustomization() {
  local tags="${1:-$DEPLOYED}" key_sha="${2:-}"
  mkdir -p "$WORK"
  {
    echo "# written by k8s/kind/kind.sh: the kind overlay${COMPONENTS:+ with COMPONENTS=$COMPONENTS}, the images kind-up built"
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "resources:"
    echo "  - ../../k8s/kind"
    if [ -n "$COMPONENTS" ]; then
      echo "components:"
      for c in ${COMPONENTS//,/ }; do
        [ -f "k8s/components/$c/kustomization.yaml" ] || die "no component '$c' (there are: $(ls k8s/components | tr '\n' ' '))"
        echo "  - ../../k8s/components/$c"
      done
    fi
    if [ -s "$tags" ]; then
      echo "images:"
      while read -r name tag; do
        printf '  - name: %s\n    newTag: "%s"\n' "$name" "$tag"
      done < "$tags"
    fi
    if [ -n "$key_sha" ]; then
      echo "patches:"
      echo "  - target:"
      echo "      kind: Deployment"
      echo "      labelSelector: app.kubernetes.io/component=service"
      echo "    patch: |-"
      echo "      apiVersion: apps/v1"
      echo "      kind: Deployment"
      echo "      metadata:"
      echo "        name: services"
      echo "      spec:"
      echo "        template:"
      echo "          metadata:"
      echo "            annotations:"
      echo "              dealstream.io/jwt-public-key-sha256: \"$key_sha\""
    fi
  } > "$WORK/kustomization.yaml"
  echo "$WORK"
}

render() {
  need kubectl
  local dir
  dir="$(kustomization "$@")" || exit 1
  kubectl kustomize "$dir"
}

# runs a wait; when it fails, says where to look and exits with its code
await() {
  local what="$1"; shift
  "$@" && return 0
  local rc=$?
  printf 'error: %s did not become ready (exit %s). Look at: kubectl --context %s -n %s get pods; ... describe pod <pod>; ... logs <pod>\n' \
    "$what" "$rc" "$CONTEXT" "$NS" >&2
  exit "$rc"
}

# loads an image into the node; kind load docker-image fails with Docker's containerd image store on some setups,
# a saved archive loads there too
load_image() {
  local image="$1" err
  err="$(kind load docker-image "$image" --name "$CLUSTER" 2>&1 >/dev/null)" && return 0
  echo "  kind load docker-image $image failed (${err##*$'\n'}): loading it through docker save and kind load image-archive"
  local archive="$WORK/image.tar"
  docker save "$image" -o "$archive"
  kind load image-archive "$archive" --name "$CLUSTER" >/dev/null
  rm -f "$archive"
}

# the pinned Strimzi operator, in namespace $NS (k8s/components/scale-out/README.md)
install_strimzi() {
  # shellcheck source=../components/scale-out/strimzi.env
  . "$STRIMZI_ENV"
  local file="$WORK/strimzi-cluster-operator-$STRIMZI_VERSION.yaml"
  local url="https://github.com/strimzi/strimzi-kafka-operator/releases/download/$STRIMZI_VERSION/strimzi-cluster-operator-$STRIMZI_VERSION.yaml"
  step "installing the Strimzi operator $STRIMZI_VERSION into namespace $NS (scale-out; $STRIMZI_ENV)"
  kc get namespace "$NS" >/dev/null 2>&1 || kc create namespace "$NS"
  if [ ! -s "$file" ]; then
    need curl
    curl -fsSL -o "$file.tmp" "$url" || die "could not download $url"
    # the release file installs into namespace myproject
    sed "s/namespace: myproject/namespace: $NS/" "$file.tmp" > "$file"
    rm -f "$file.tmp"
  fi
  # the operator's container gets the restricted profile the namespace enforces (the release sets none before
  # Strimzi 1.2.0): the release through kustomize with scale-out's patch
  local dir="$WORK/strimzi-$STRIMZI_VERSION"
  mkdir -p "$dir"
  cp "$file" "$dir/release.yaml"
  cp "$STRIMZI_OPERATOR_PATCH" "$dir/operator-restricted.yaml"
  printf 'resources:\n  - release.yaml\npatches:\n  - path: operator-restricted.yaml\n' > "$dir/kustomization.yaml"
  kubectl kustomize "$dir" > "$dir.yaml"
  # server-side: Strimzi's CRDs are too large for the annotation of a client-side apply
  kc -n "$NS" apply --server-side --force-conflicts -f "$dir.yaml"
  await "the Strimzi operator" kc -n "$NS" rollout status deployment/strimzi-cluster-operator --timeout=300s
}

up() {
  need docker; need kind; need kubectl
  docker info >/dev/null 2>&1 || die "docker is installed but its daemon does not answer (start Docker, or check 'docker info')"
  local t0=$SECONDS

  if cluster_exists; then
    step "kind cluster '$CLUSTER' exists: using it"
  else
    step "creating kind cluster '$CLUSTER' (k8s/kind/cluster.yaml: NodePorts 30081-30084 -> localhost:8081-8084)"
    kind create cluster --name "$CLUSTER" --config k8s/kind/cluster.yaml --wait 120s
  fi

  # every run: Maven rebuilds what changed and leaves the rest as it is
  step "packaging the services, the console and local-stack ($MVN -q package -DskipTests)"
  $MVN -q package -DskipTests -pl investment-service,compute-service,distribution-service,console,local-stack -am

  step "the key pair the services verify tokens with (local-stack keys: made if missing; the private key stays here)"
  local public_key key_sha
  public_key="$(stack_jar keys)" || die "local-stack keys could not make or read the key pair"
  [ -f "$public_key" ] || die "local-stack keys named $public_key, which is no file"
  key_sha="$(sha256sum < "$public_key" | cut -d' ' -f1)"
  echo "  $public_key (sha256 $key_sha)"

  mkdir -p "$WORK"
  local tags="$WORK/images.next"
  step "building the service and console images, tagged by their content (docker/build-images.sh${BASE_IMAGE:+, BASE_IMAGE=$BASE_IMAGE})"
  TAG=content TAGS_FILE="$tags.services" docker/build-images.sh
  sed 's|^|dealstream/|' "$tags.services" > "$tags"
  rm -f "$tags.services"

  local tools_tag
  tools_tag="$(docker/build-images.sh --print-tag local-stack)"
  TOOLS_IMAGE="dealstream/local-stack:$tools_tag"
  echo "dealstream/local-stack $tools_tag" >> "$tags"
  if docker image inspect "$TOOLS_IMAGE" >/dev/null 2>&1; then
    step "$TOOLS_IMAGE is up to date (local-stack's watch and demo, run inside the cluster by kind-watch and kind-demo)"
  else
    step "building $TOOLS_IMAGE (local-stack's watch and demo, run inside the cluster by kind-watch and kind-demo)"
    docker build -q ${BASE_IMAGE:+--build-arg "BASE_IMAGE=$BASE_IMAGE"} -f local-stack/src/main/docker/Dockerfile.jvm \
      -t "$TOOLS_IMAGE" local-stack >/dev/null
  fi

  step "rendering the manifests (k8s/kind${COMPONENTS:+ with components $COMPONENTS}, images at their content tags)"
  render "$tags" "$key_sha" > "$WORK/manifests.yaml"
  # exactly the images the manifests run from our builds, and the tools image
  local images
  images="$( (grep -oE 'image: dealstream/[^ ]+' "$WORK/manifests.yaml" | sed 's/image: //'; echo "$TOOLS_IMAGE") | sort -u)"

  step "loading the images into the cluster (kind load docker-image; the manifests never pull them)"
  for image in $images; do
    docker image inspect "$image" >/dev/null 2>&1 || die "image $image was not built (docker/build-images.sh builds it)"
    echo "  $image"
    load_image "$image"
  done

  if has_component scale-out; then
    install_strimzi
    step "removing the base's broker, its Services and topics Job, which scale-out replaces (if an earlier kind-up left them)"
    kc -n "$NS" delete statefulset/kafka service/kafka service/kafka-headless job/kafka-topics --ignore-not-found
  fi

  step "Secret $JWT_SECRET: the public key only, from $public_key (the private key stays on this machine)"
  kc get namespace "$NS" >/dev/null 2>&1 || kc create namespace "$NS"
  # created or updated in place (apply), never deleted first: running pods keep their mounted key until they roll
  kc -n "$NS" create secret generic "$JWT_SECRET" --from-file=publicKey.pem="$public_key" --dry-run=client -o yaml \
    > "$WORK/$JWT_SECRET.yaml"
  kc -n "$NS" apply -f "$WORK/$JWT_SECRET.yaml"

  local passwords
  passwords="$(docker/kafka-passwords.sh)" || die "docker/kafka-passwords.sh could not make or read the Kafka users' passwords"
  step "Secrets kafka-user-<user>: the Kafka users' passwords, from $passwords (made there if missing)"
  # one file, readable by this user only, since it holds the passwords
  rm -f "$WORK/kafka-users.yaml"
  (
    umask 077
    for user in $KAFKA_USERS; do
      echo "---"
      kc -n "$NS" create secret generic "kafka-user-$user" --from-file=password="$passwords/$user" --dry-run=client -o yaml
    done > "$WORK/kafka-users.yaml"
  )
  kc -n "$NS" apply -f "$WORK/kafka-users.yaml"

  step "applying the manifests to namespace $NS (context $CONTEXT): Deployments whose image or key changed roll out"
  # a Job's pod template cannot change: the topics Job is replaced (it creates only what is missing)
  kc -n "$NS" delete job kafka-topics --ignore-not-found >/dev/null 2>&1 || true
  kc apply -f "$WORK/manifests.yaml"
  mv "$tags" "$DEPLOYED"
  echo "$key_sha" > "$DEPLOYED_KEY"

  step "waiting for PostgreSQL and Kafka"
  await "PostgreSQL" kc -n "$NS" rollout status statefulset/postgres --timeout=300s
  if grep -q '^kind: Kafka$' "$WORK/manifests.yaml"; then
    await "the Strimzi Kafka cluster" kc -n "$NS" wait kafka/kafka --for=condition=Ready --timeout=900s
  else
    await "Kafka" kc -n "$NS" rollout status statefulset/kafka --timeout=300s
    step "waiting for the topics Job"
    await "the topics Job" kc -n "$NS" wait job/kafka-topics --for=condition=complete --timeout=300s
  fi

  step "waiting for the services (each waits for PostgreSQL and Kafka, then for its own readiness)"
  for d in investment-service compute-service distribution-service; do
    await "$d" kc -n "$NS" rollout status "deployment/$d" --timeout=600s
  done
  step "waiting for the console (it reads the services and the broker)"
  await "the console" kc -n "$NS" rollout status deployment/console --timeout=300s
  if has_component observability; then
    step "waiting for otel-lgtm (the node pulls grafana/otel-lgtm the first time; then its six parts start)"
    await "otel-lgtm" kc -n "$NS" rollout status deployment/otel-lgtm --timeout=600s
  fi

  step "DealStream is up on kind cluster '$CLUSTER' ($((SECONDS - t0)) s)"
  cat <<URLS
  investment-service    http://localhost:8081/rounds/openai-2026/cap-table   http://localhost:8081/q/swagger-ui
  compute-service       http://localhost:8082/capacity                       http://localhost:8082/q/swagger-ui
  distribution-service  http://localhost:8083/rights                         http://localhost:8083/q/swagger-ui
  health                http://localhost:8081/q/health/ready (8082, 8083 likewise)
  console               http://localhost:8084   (the deal and every event, live)

  make kind-demo    walk through the deal in the cluster    make kind-watch   stream the events from the in-cluster broker
  kubectl --context $CONTEXT -n $NS get pods               make kind-down    delete the cluster
URLS
  if has_component observability; then
    echo "  grafana               http://localhost:3000   (the DealStream dashboard; the services' traces in Explore, Tempo)"
  fi
}

# the tools image kind-up deployed
tools_image() {
  local tag
  tag="$( (sed -n 's|^dealstream/local-stack ||p' "$DEPLOYED" 2>/dev/null || true) | head -n 1)"
  [ -n "$tag" ] || die "no record of the images kind-up deployed ($DEPLOYED): make kind-up first"
  TOOLS_IMAGE="dealstream/local-stack:$tag"
}

# the pod a trap deletes: global, since the EXIT trap runs after in_cluster has returned
POD=""
delete_pod() {
  local rc=$?
  if [ -n "$POD" ]; then
    kc -n "$NS" delete pod "$POD" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  fi
  exit "$rc"
}

# the private key here must be the one whose public key kind-up gave the cluster; prints its file
deployed_private_key() {
  local deployed public_key
  deployed="$(cat "$DEPLOYED_KEY" 2>/dev/null || true)"
  [ -n "$deployed" ] || die "no record of the public key kind-up gave the cluster ($DEPLOYED_KEY): make kind-up first"
  public_key="$(stack_jar keys)" || die "local-stack keys could not make or read the key pair"
  [ "$(sha256sum < "$public_key" | cut -d' ' -f1)" = "$deployed" ] \
    || die "the key pair in ${public_key%/*} is not the one whose public key the cluster has: make kind-up (it updates Secret $JWT_SECRET and restarts the services)"
  echo "${public_key%/*}/privateKey.pem"
}

# a deal-admin's token, signed here (see demo_tokens); sets DEAL_ADMIN_TOKEN
admin_token() {
  local private_key
  private_key="$(deployed_private_key)" || exit 1
  step "signing a deal-admin's token here with $private_key (valid $DEMO_TOKEN_TTL minutes): the pod gets the token only"
  DEAL_ADMIN_TOKEN="$(stack_jar token ROLE=deal-admin TTL=$DEMO_TOKEN_TTL)" || die "local-stack token failed"
}

# the demo's tokens, signed here with the private key whose public key kind-up gave the cluster: the pod gets
# tokens that expire in DEMO_TOKEN_TTL minutes, never the key. Sets DEAL_ADMIN_TOKEN, AMAZON_TOKEN, SOFTBANK_TOKEN.
demo_tokens() {
  local private_key
  private_key="$(deployed_private_key)" || exit 1
  step "signing the demo's tokens here with $private_key (a deal-admin's, Amazon's and SoftBank's investor tokens, valid $DEMO_TOKEN_TTL minutes): the pod gets the tokens only"
  DEAL_ADMIN_TOKEN="$(stack_jar token ROLE=deal-admin TTL=$DEMO_TOKEN_TTL)" || die "local-stack token failed"
  AMAZON_TOKEN="$(stack_jar token ROLE=investor INVESTOR=Amazon TTL=$DEMO_TOKEN_TTL)" || die "local-stack token failed"
  SOFTBANK_TOKEN="$(stack_jar token ROLE=investor INVESTOR=SoftBank TTL=$DEMO_TOKEN_TTL)" || die "local-stack token failed"
}

# runs local-stack's command (watch, lag, demo, redrive or rebuild) in a pod of its own, attached to this terminal, removed afterwards;
# exits with the pod's exit code
in_cluster() {
  local command="$1"; shift
  local bootstrap reader_secret
  bootstrap="$(kc -n "$NS" get configmap kafka-client -o jsonpath='{.data.KAFKA_BOOTSTRAP_SERVERS}')" \
    || die "DealStream is not deployed on '$CLUSTER': make kind-up"
  # the pod reads as dealstream-reader, with the password of the Secret the console reads it from (kafka-user-
  # dealstream-reader; with scale-out, the User Operator's dealstream-reader)
  reader_secret="$(kc -n "$NS" get deployment console \
    -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="KAFKA_SASL_PASSWORD")].valueFrom.secretKeyRef.name}')" \
    || die "DealStream is not deployed on '$CLUSTER': make kind-up"
  [ -n "$reader_secret" ] || die "the console of '$CLUSTER' reads Kafka without a password: make kind-up"
  local tty=()
  [ -t 0 ] && tty=(--tty)
  # no service-link variables (KAFKA_PORT=tcp://... from the kafka Service), no API token, the restricted profile, the
  # label the network policies let reach the broker and the APIs (k8s/base/network-policies.yaml), the reader's
  # credentials from its Secret (never on a command line); merged by strategic merge, which merges the container by
  # name (a JSON merge patch would replace the list)
  local overrides
  overrides="$(printf '{"apiVersion":"v1","metadata":{"labels":{"app.kubernetes.io/name":"local-stack"}},"spec":{"enableServiceLinks":false,"automountServiceAccountToken":false,%s,"containers":[{"name":"%s",%s,%s}]}}' \
    '"securityContext":{"runAsNonRoot":true,"runAsUser":185,"seccompProfile":{"type":"RuntimeDefault"}}' \
    "$command-$$" \
    '"securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}' \
    "$(printf '"env":[{"name":"KAFKA_SASL_USERNAME","value":"dealstream-reader"},{"name":"KAFKA_SASL_PASSWORD","valueFrom":{"secretKeyRef":{"name":"%s","key":"password"}}}]' "$reader_secret")")"
  # Ctrl-C leaves no pod behind
  POD="$command-$$"
  trap delete_pod EXIT
  trap 'exit 130' INT TERM
  kc -n "$NS" run "$POD" --rm -i ${tty[@]+"${tty[@]}"} --quiet --restart=Never --image="$TOOLS_IMAGE" --image-pull-policy=Never \
    --overrides="$overrides" --override-type=strategic --env="KAFKA=$bootstrap" "$@" -- "$command"
}

case "${1:-}" in
  up) up ;;
  watch)
    tools_image
    need_cluster
    step "streaming the events from the in-cluster broker (a pod running $TOOLS_IMAGE watch; Ctrl-C ends it)"
    in_cluster watch ${TOPIC:+--env=TOPIC=$TOPIC} ${FROM:+--env=FROM=$FROM}
    ;;
  lag)
    tools_image
    need_cluster
    step "consumer lag per group from the in-cluster broker's committed offsets (a pod running $TOOLS_IMAGE lag${WATCH:+, every $WATCH s until Ctrl-C})"
    in_cluster lag ${GROUP:+"--env=GROUP=$GROUP"} ${WATCH:+"--env=WATCH=$WATCH"}
    ;;
  demo)
    tools_image
    need_cluster
    demo_tokens
    step "walking through the deal from inside the cluster (a pod running $TOOLS_IMAGE demo)"
    in_cluster demo --env=INVESTMENT_URL=http://investment-service:8081 --env=COMPUTE_URL=http://compute-service:8082 \
      --env=DISTRIBUTION_URL=http://distribution-service:8083 ${CONVERGE_SECONDS:+--env=CONVERGE_SECONDS=$CONVERGE_SECONDS} \
      "--env=DEAL_ADMIN_TOKEN=$DEAL_ADMIN_TOKEN" "--env=AMAZON_TOKEN=$AMAZON_TOKEN" "--env=SOFTBANK_TOKEN=$SOFTBANK_TOKEN"
    ;;
  redrive|rebuild)
    case "${SERVICE:-}" in
      compute|compute-service|distribution|distribution-service) ;;
      *) die "SERVICE=${SERVICE:-} keeps no funding view: SERVICE=compute or SERVICE=distribution" ;;
    esac
    tools_image
    need_cluster
    admin_token
    step "asking $SERVICE to $1 its funding view from inside the cluster (a pod running $TOOLS_IMAGE $1)"
    in_cluster "$1" "--env=SERVICE=$SERVICE" --env=COMPUTE_URL=http://compute-service:8082 \
      --env=DISTRIBUTION_URL=http://distribution-service:8083 "--env=DEAL_ADMIN_TOKEN=$DEAL_ADMIN_TOKEN"
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
  *) echo "usage: k8s/kind/kind.sh up|watch|lag|demo|redrive|rebuild|down|render" >&2; exit 64 ;;
esac
