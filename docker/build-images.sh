#!/usr/bin/env bash
# Builds the three service images, dealstream/<service>:<project version>, from their packaged jars
# (running `./mvnw -B package -DskipTests` first when a service's target/quarkus-app is missing).
#   docker/build-images.sh                                  # on eclipse-temurin:17-jre
#   BASE_IMAGE=my-registry/java:17 docker/build-images.sh   # on another base with sh and Java 17
# DOCKER (default: docker) and DOCKER_BUILD_OPTS (extra `docker build` options) are honoured; SERVICES picks some.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

DOCKER="${DOCKER:-docker}"
SERVICES="${SERVICES:-investment-service compute-service distribution-service}"
# the tag is the Maven project version
VERSION="${VERSION:-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -n 1)}"

missing=0
for s in $SERVICES; do
  [ -f "$s/target/quarkus-app/quarkus-run.jar" ] || missing=1
done
if [ "$missing" = 1 ]; then
  echo "build-images: packaging the services first (./mvnw -B package -DskipTests)"
  ./mvnw -B -q package -DskipTests -pl "$(echo "$SERVICES" | tr ' ' ',')" -am
fi

build_args=()
if [ -n "${BASE_IMAGE:-}" ]; then
  build_args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
fi
for s in $SERVICES; do
  image="dealstream/$s:$VERSION"
  echo "build-images: $image${BASE_IMAGE:+ (on $BASE_IMAGE)}"
  # shellcheck disable=SC2086 # DOCKER_BUILD_OPTS is a list of options
  "$DOCKER" build -q ${DOCKER_BUILD_OPTS:-} "${build_args[@]}" -f "$s/src/main/docker/Dockerfile.jvm" -t "$image" "$s" >/dev/null
done
echo "build-images: built $(for s in $SERVICES; do printf 'dealstream/%s:%s ' "$s" "$VERSION"; done)"
