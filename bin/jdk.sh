# Sourced by ./oats and ./test: sets OATS_JAVA_HOME to a JDK of version 21 or newer, or explains
# what to install. JAVA_HOME wins when it is new enough, then `java` on the PATH, then the newest
# JDK under /usr/lib/jvm (where Debian and Temurin packages put them).

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
  local candidates=() java home major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  java=$(command -v java 2>/dev/null) && candidates+=("$(readlink -f "$java")")
  for java in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do candidates+=("$java"); done
  for java in "${candidates[@]}"; do
    [ -x "$java" ] && [ -x "$(dirname "$java")/javac" ] || continue
    major=$(java_major "$java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      home=$(dirname "$(dirname "$java")")
      OATS_JAVA_HOME="$home"
      return 0
    fi
  done
  cat >&2 <<'MSG'
OATS needs a JDK 21 or newer, and none was found (checked JAVA_HOME, java on the PATH and
/usr/lib/jvm). Install one, for example:
  apt-get install openjdk-21-jdk-headless     (Debian/Ubuntu)
  brew install openjdk@21                     (macOS)
or set JAVA_HOME to an installed JDK 21+.
MSG
  return 1
}
