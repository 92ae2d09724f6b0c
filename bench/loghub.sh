#!/usr/bin/env bash
# The log-mining benchmark: grouping accuracy of `oats logs templates` on every Loghub-2k system,
# then speed and memory over a synthetic log of about a gigabyte. Writes bench/results/loghub.json
# and bench/results/speed.json and prints the tables that BENCHMARKS.md shows.
#
#   bench/loghub.sh                    accuracy and speed (1 GB per pipeline)
#   OATS_BENCH_MB=200 bench/loghub.sh  a shorter speed run
#   bench/loghub.sh --no-speed         accuracy only
#   bench/loghub.sh --explain HPC      the events of one system that are not grouped exactly
#   bench/loghub.sh --blind            only the means of the blind halves (no per-system figures)
#
# Besides the Loghub systems it scores the real-world sources labelled for OATS in bench/data
# (same layout; each folder says how its log was made and labelled).
#
# Environment:
#   OATS_LOGHUB_DIR   the Loghub-2k folders (default: <repo>/../shared/bench/loghub); read only,
#                     never copied: the data is licensed for research use only
#   OATS_BENCH_MB     megabytes of synthetic log per pipeline (default 1024)
#   OATS_BENCH_CPU    the CPU to pin the run to with taskset (default 0; empty: no pinning)
#   OATS_BENCH_HEAP   the heap cap (default 64m), to show that memory stays bounded
#   JAVA_HOME         a JDK 21 or later, used for the build and the run
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
data=${OATS_LOGHUB_DIR:-$root/../shared/bench/loghub}
megabytes=${OATS_BENCH_MB:-1024}
cpu=${OATS_BENCH_CPU-0}
heap=${OATS_BENCH_HEAP:-64m}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
if [ "${version%%.*}" -lt 21 ] 2>/dev/null; then
  echo "needs a JDK 21 or later (found $version): set JAVA_HOME" >&2
  exit 1
fi
if [ ! -d "$data" ]; then
  echo "no Loghub data at $data (set OATS_LOGHUB_DIR)" >&2
  exit 1
fi

cd "$root"
# Compiles the miner and the benchmark (in oats-tools' test sources); runs no tests.
./mvnw -B -q -pl oats-tools -am test-compile

pin=()
if [ -n "$cpu" ] && command -v taskset >/dev/null; then
  pin=(taskset -c "$cpu")
fi

# One core: the JVM sizes its GC and compiler threads for one processor, and taskset keeps every
# thread of it on one CPU.
"${pin[@]}" "$java" -Xms"$heap" -Xmx"$heap" -XX:ActiveProcessorCount=1 \
  -cp oats-tools/target/classes:oats-tools/target/test-classes \
  dev.oats.logs.bench.LoghubBenchmark \
  --data "$data" --sources bench/data --results bench/results --mb "$megabytes" "$@"
