#!/usr/bin/env bash
# Waits until every container of a compose project is healthy (or, for a one-shot step, exited with 0), and
# fails at once, naming it and showing its last log lines, when one exits with an error or turns unhealthy.
#   docker/wait-healthy.sh [project]     # default project: dealstream; WAIT_SECONDS (default 300)
set -euo pipefail
project="${1:-dealstream}"
deadline=$((SECONDS + ${WAIT_SECONDS:-300}))
DOCKER="${DOCKER:-docker}"

while :; do
  ids=$("$DOCKER" ps -aq --filter "label=com.docker.compose.project=$project")
  if [ -z "$ids" ]; then
    echo "wait-healthy: no container of project $project" >&2
    exit 1
  fi
  waiting=()
  # shellcheck disable=SC2086 # one id per word
  while read -r name state code health; do
    name="${name#/}"
    case "$state/$health" in
      running/healthy) ;;
      exited/*)
        if [ "$code" != 0 ]; then
          echo "wait-healthy: $name exited with $code:" >&2
          "$DOCKER" logs --tail 30 "$name" >&2 || true
          exit 1
        fi ;;
      */unhealthy)
        echo "wait-healthy: $name is unhealthy:" >&2
        "$DOCKER" logs --tail 30 "$name" >&2 || true
        exit 1 ;;
      *) waiting+=("$name($state/$health)") ;;
    esac
  done < <("$DOCKER" inspect --format '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' $ids)
  if [ ${#waiting[@]} -eq 0 ]; then
    echo "wait-healthy: every container of $project is healthy"
    exit 0
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "wait-healthy: still not healthy after ${WAIT_SECONDS:-300} s: ${waiting[*]}" >&2
    exit 1
  fi
  sleep 3
done
