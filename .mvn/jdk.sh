#!/bin/sh
# Prints the home of a JDK 25 or newer, the one the build, make up and the tests run on; ./mvnw and the Makefile
# call it. Looks at JAVA_HOME, the java on PATH, then the usual install places (Linux packages and Temurin, macOS,
# SDKMAN!; JDK_DIRS replaces that list). Exits 1 naming what it found when none is 25 or newer.
#   .mvn/jdk.sh            # e.g. /usr/lib/jvm/temurin-25-jdk-amd64
REQUIRED=25

major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

found=""
check() {
  home="$1"
  case "$found" in *"$home ("*) return 1 ;; esac
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  v="$(major "$home")"
  [ -n "$v" ] || return 1
  found="$found
  $home (Java $v)"
  [ "$v" -ge "$REQUIRED" ] 2>/dev/null
}

if [ -n "${JAVA_HOME:-}" ] && check "$JAVA_HOME"; then
  echo "$JAVA_HOME"
  exit 0
fi
on_path="$(command -v javac 2>/dev/null || true)"
if [ -n "$on_path" ]; then
  home="$(dirname "$(dirname "$(readlink -f "$on_path" 2>/dev/null || echo "$on_path")")")"
  if check "$home"; then
    echo "$home"
    exit 0
  fi
fi
# every JDK there is checked: any 25 or newer will do
JDK_DIRS="${JDK_DIRS:-/usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home $HOME/.sdkman/candidates/java/*}"
# shellcheck disable=SC2086 # JDK_DIRS is a list of patterns
for home in $(ls -d $JDK_DIRS 2>/dev/null | sort -V -r); do
  [ -L "$home" ] && continue
  if check "$home"; then
    echo "$home"
    exit 0
  fi
done
echo "DealStream needs a JDK $REQUIRED or newer (Temurin 25, or your distribution's openjdk-25-jdk); set JAVA_HOME to one." >&2
if [ -n "$found" ]; then
  echo "Found only:$found" >&2
else
  echo "Found no JDK (JAVA_HOME is ${JAVA_HOME:-unset}, no javac on PATH, none in /usr/lib/jvm and the like)." >&2
fi
exit 1
