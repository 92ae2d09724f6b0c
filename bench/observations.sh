#!/usr/bin/env bash
# What the model is shown: for every scenario in scenarios/, replays its recorded model side
# against its scenario cluster and compares each observation OATS sent the model (capped and
# redacted) with what the equivalent real kubectl command prints against the same cluster
# (describe, logs, events, get -o yaml); and counts the expected facts that reached the model.
# Writes bench/results/observations.json and prints the table that BENCHMARKS.md shows.
#
#   bench/observations.sh
#
# Needs kubectl on the PATH (any recent client: `kubectl events` came in 1.26) and, for the
# scenarios with metrics, prometheus and promtool (Debian's prometheus package).
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
# shellcheck source=../bin/jdk.sh
. "$root/bin/jdk.sh"
find_jdk || exit 1
if ! command -v kubectl >/dev/null; then
  echo "needs kubectl on the PATH" >&2
  exit 1
fi
work=$(mktemp -d /tmp/oats-observations.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$root"
# Compiles oats-eval and the benchmark (in its test sources); runs no tests.
JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -o -pl oats-eval -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp" >/dev/null
"$OATS_JAVA_HOME/bin/java" \
  -cp "oats-eval/target/test-classes:oats-eval/target/classes:$(cat "$work/cp")" \
  dev.oats.eval.bench.ObservationBenchmark --scenarios scenarios --results bench/results "$@"
