#!/usr/bin/env bash
# The Kafka users' passwords of a deployment: one file a user (its name; the password alone, 32 letters and digits),
# mode 600 in a folder of mode 700, made where missing and then kept. make compose-up and make kind-up run this; make
# up reads and writes the same files. The folder is $STACK_HOME/kafka (default .local/kafka), never committed.
#   docker/kafka-passwords.sh        # makes what is missing, prints the folder
#   docker/kafka-passwords.sh env    # the same, then prints export KAFKA_PASSWORD_<USER>=... lines (docker-compose.yml)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${STACK_HOME:-$root/.local}/kafka"
# the contract's users (k8s/base/kafka-setup.sh says what each may do)
users="dealstream-admin investment-service compute-service distribution-service dealstream-reader"

mkdir -p "$dir"
chmod 700 "$dir"
for user in $users; do
  file="$dir/$user"
  # a password kept is this user's to read alone, whoever wrote it
  [ -s "$file" ] && { chmod 600 "$file"; continue; }
  # head closes the pipe once it has 32: tr's SIGPIPE is no failure
  password="$(LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32 || true)"
  [ ${#password} = 32 ] || { echo "kafka-passwords: could not read /dev/urandom" >&2; exit 1; }
  (umask 077; printf '%s' "$password" > "$file.new") && mv "$file.new" "$file"
done

case "${1:-}" in
  "") echo "$dir" ;;
  env)
    for user in $users; do
      printf "export KAFKA_PASSWORD_%s='%s'\n" "$(echo "$user" | tr 'a-z-' 'A-Z_')" "$(cat "$dir/$user")"
    done ;;
  *) echo "usage: docker/kafka-passwords.sh [env]" >&2; exit 64 ;;
esac
