#!/usr/bin/env bash
# The log summary against head+tail and tail truncation of the same size, on the pod logs that
# HolmesGPT's eval suite recorded (tests/llm/fixtures of github.com/robusta-dev/holmesgpt), as
# recorded and padded to 50,000 lines with the recording in the middle. Prints the tables that
# BENCHMARKS.md shows: proofs (bench/holmes-proofs.txt) found per log and budget.
#
#   bench/holmes.sh /path/to/holmesgpt/tests/llm/fixtures
#
# The logs are read where they lie and never copied into this repository.
#   JAVA_HOME   a JDK 21 or later, used for the build and the run
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
fixtures=${1:?usage: bench/holmes.sh FIXTURES_DIR (holmesgpt/tests/llm/fixtures)}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ ! -d "$fixtures" ]; then
  echo "no fixtures at $fixtures" >&2
  exit 1
fi
fixtures=$(cd "$fixtures" && pwd)

cd "$root"
# Compiles the analyser and the benchmark (in oats-tools' test sources); runs no tests.
./mvnw -B -q -pl oats-tools -am test-compile
"$java" -Xmx512m -cp oats-tools/target/classes:oats-tools/target/test-classes \
  dev.oats.logs.bench.PeerLogBenchmark "$fixtures" bench/holmes-proofs.txt
