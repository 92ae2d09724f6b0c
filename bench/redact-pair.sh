#!/usr/bin/env bash
# Redaction CPU per call, this tree against a base revision, in interleaved rounds:
#   bench/redact-pair.sh [BASE_REV] [ROUNDS]
# Input: the first 256 KB of scenarios/ (manifests, logs, events); each round runs
# Redactor.standard().redact 50 times after 30 warm-ups in a fresh JVM and prints the thread CPU
# per call. Needs oats-core compiled (target/classes).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-main}
rounds=${2:-5}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
javac=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/javac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/base" "$work/bench"
git archive "$base" oats-core/src/main/java/dev/oats/redact | tar -x -C "$work/src"
"$javac" -nowarn -d "$work/base" -cp oats-core/target/classes "$work"/src/oats-core/src/main/java/dev/oats/redact/*.java
"$javac" -d "$work/bench" -cp oats-core/target/classes bench/redact/RedactBench.java
for _ in $(seq "$rounds"); do
  "$java" -cp "$work/bench:$work/base:oats-core/target/classes" RedactBench scenarios base
  "$java" -cp "$work/bench:oats-core/target/classes" RedactBench scenarios this
  uptime
done
