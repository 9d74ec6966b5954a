#!/usr/bin/env bash
# Fetches the official AsyncAPI 3.0.0 JSON Schema as the npm package @asyncapi/specs ships it, into target/ (never
# committed), and prints its path: events' AsyncApiDocumentTest validates META-INF/resources/asyncapi.yaml against it.
# The schema "without $id" is the same schema with its references local, for validators that do not resolve $id.
set -euo pipefail
VERSION=6.11.1
here=$(cd "$(dirname "$0")" && pwd)
out="$here/target/asyncapi-specs-$VERSION"
schema="$out/package/schemas/3.0.0-without-\$id.json"
if [ ! -f "$schema" ]; then
  command -v npm >/dev/null || { echo "npm is needed to fetch @asyncapi/specs@$VERSION" >&2; exit 1; }
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "@asyncapi/specs@$VERSION" >/dev/null)
  mkdir -p "$out"
  tar -xzf "$tmp/asyncapi-specs-$VERSION.tgz" -C "$out" "package/schemas/3.0.0-without-\$id.json"
fi
echo "$schema"
