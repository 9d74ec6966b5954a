#!/usr/bin/env bash
# Builds the three service images and the console's, dealstream/<module>:<tag>, from their packaged jars
# (running `$MVN -q package -DskipTests` first when a module's target/quarkus-app is missing).
#   docker/build-images.sh                                  # tag: the project version (what docker-compose.yml runs)
#   BASE_IMAGE=my-registry/java:25 docker/build-images.sh   # on another base with sh and Java 25
#   TAG=content docker/build-images.sh                      # tag: a hash of each image's inputs (make kind-up)
#   docker/build-images.sh --print-tag <module>             # prints that content tag only (local-stack included)
# With TAG=content an image whose tag exists is not built again (same inputs, same image), and TAGS_FILE=<file>
# receives one line per image: "<module> <tag>".
# DOCKER (default: docker), DOCKER_BUILD_OPTS (extra `docker build` options), MVN (default: ./mvnw -B) are honoured;
# SERVICES picks some of the modules (default: the three services and console).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

DOCKER="${DOCKER:-docker}"
MVN="${MVN:-./mvnw -B}"
SERVICES="${SERVICES:-investment-service compute-service distribution-service console}"
VERSION="${VERSION:-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)}"
TAG="${TAG:-$VERSION}"

# what an image's Dockerfile copies from the module
inputs_of() {
  case "$1" in
    local-stack) echo "$1/target/local-stack.jar $1/target/lib" ;;
    *)           echo "$1/target/quarkus-app" ;;
  esac
}

# 12 hex digits of a hash over the image's inputs: each file's path and content hash (not its time), the
# Dockerfile and BASE_IMAGE; the same inputs give the same tag. The startup archives beside quarkus-run.jar (the
# build's app-cds.jsa, make up's app.aot) are no input: each image makes its own cache
content_tag() {
  local module="$1" input
  for input in $(inputs_of "$module"); do
    [ -e "$input" ] || { echo "build-images: $input is missing (package $module first)" >&2; return 1; }
  done
  # shellcheck disable=SC2046 # one path per word
  {
    find $(inputs_of "$module") -type f ! -name '*.jsa' ! -name '*.aot' ! -name '*.aotconf' ! -name '*.aot.options' -print0 \
      | LC_ALL=C sort -z | xargs -0 -r sha256sum
    sha256sum "$module/src/main/docker/Dockerfile.jvm"
    printf 'BASE_IMAGE=%s\n' "${BASE_IMAGE:-}"
  } | sha256sum | cut -c1-12
}

if [ "${1:-}" = "--print-tag" ]; then
  [ -n "${2:-}" ] || { echo "usage: docker/build-images.sh --print-tag <module>" >&2; exit 64; }
  content_tag "$2"
  exit 0
fi

missing=0
for s in $SERVICES; do
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing=1
done
if [ "$missing" = 1 ]; then
  echo "build-images: packaging them first ($MVN -q package -DskipTests)"
  $MVN -q package -DskipTests -pl "$(echo "$SERVICES" | tr ' ' ',')" -am
fi

build_args=()
if [ -n "${BASE_IMAGE:-}" ]; then
  build_args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
fi
[ -z "${TAGS_FILE:-}" ] || : > "$TAGS_FILE"
built=()
for s in $SERVICES; do
  tag="$TAG"
  [ "$TAG" != content ] || tag="$(content_tag "$s")"
  image="dealstream/$s:$tag"
  [ -z "${TAGS_FILE:-}" ] || echo "$s $tag" >> "$TAGS_FILE"
  built+=("$image")
  if [ "$TAG" = content ] && "$DOCKER" image inspect "$image" >/dev/null 2>&1; then
    echo "build-images: $image is up to date"
    continue
  fi
  echo "build-images: $image${BASE_IMAGE:+ (on $BASE_IMAGE)}"
  # shellcheck disable=SC2086 # DOCKER_BUILD_OPTS is a list of options
  "$DOCKER" build -q ${DOCKER_BUILD_OPTS:-} "${build_args[@]}" -f "$s/src/main/docker/Dockerfile.jvm" -t "$image" "$s" >/dev/null
done
echo "build-images: built ${built[*]}"
