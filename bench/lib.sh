# Sourced by the benchmark scripts: the JDK, the build, processes started and stopped by pid,
# and min/median/max tables written as JSON to bench/results/.
root=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
# shellcheck source=../bin/jdk.sh
. "$root/bin/jdk.sh"
find_jdk || exit 1
java="$OATS_JAVA_HOME/bin/java"
work=$(mktemp -d /tmp/oats-bench.XXXXXX)
pids=()

cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "== $log (last lines)"; tail -n 15 "$log"; } >&2
    done
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Builds the runnable jar (unless OATS_BENCH_NO_BUILD=1 and it exists; OATS_BENCH_JAR names another) and the benchmark helpers
# (oats-server's test classes), no tests run, and writes the helpers' classpath to $work/cp.
build() {
  if [ "${OATS_BENCH_NO_BUILD:-}" != 1 ] || [ ! -f "$root/oats-cli/target/oats.jar" ]; then
    (cd "$root" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -pl oats-cli -am package -DskipTests)
  fi
  (cd "$root" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -o -pl oats-server -am test-compile \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.raw" >/dev/null)
  cp="$root/oats-server/target/test-classes:$root/oats-server/target/classes:$(cat "$work/cp.raw")"
  # OATS_BENCH_JAR: measure that jar instead (an earlier build, for a before/after pair of runs).
  jar=${OATS_BENCH_JAR:-$root/oats-cli/target/oats.jar}
}

# The reference OATS (before the fixes) for the benchmarks that compare OATS with itself:
# OATS_REFERENCE_JAR, else the jar built from OATS_REFERENCE_REV (default: main before issue 14).
reference_jar() {
  if [ -n "${OATS_REFERENCE_JAR:-}" ]; then
    echo "$OATS_REFERENCE_JAR"
    return
  fi
  local rev=${OATS_REFERENCE_REV:-e4ac4c3} dir="$root/bench/.reference"
  if [ ! -f "$dir/$rev/oats-cli/target/oats.jar" ]; then
    mkdir -p "$dir/$rev"
    git -C "$root" archive "$rev" | tar -x -C "$dir/$rev"
    (cd "$dir/$rev" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -pl oats-cli -am package \
      -DskipTests >&2)
  fi
  echo "$dir/$rev/oats-cli/target/oats.jar"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for URL [seconds]: until it answers 200.
wait_for() {
  local i
  for i in $(seq $((${2:-60} * 10))); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "nothing answered at $1" >&2
  return 1
}

# start NAME CMD...: runs CMD in the background, logging to $work/NAME.log; sets $last_pid.
start() {
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  last_pid=$!
  pids+=("$last_pid")
}

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

machine() {
  python3 - <<PY
import json, os, platform, subprocess
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))) // 1024
java = subprocess.run(["$java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print(json.dumps({"cpu": cpu, "cores": os.cpu_count(), "memory_mib": mem,
                  "load_average": os.getloadavg()[0], "kernel": platform.release(), "java": java}))
PY
}
