#!/usr/bin/env bash
# JVM options for `oats logs templates|analyze` measured in CPU time, paired: per round every
# option set in turn on the same jar and log, one core (`taskset -c CPU -XX:ActiveProcessorCount=1`),
# user + sys CPU and peak RSS by /usr/bin/time. Prints one line per run and, at the end, the
# min / median / max CPU seconds per (command, option set) and the median ratio to the first set.
#
#   bench/logs-options.sh JAR LOG ROUNDS 'OPTIONS A' 'OPTIONS B' ...   ('' is the JVM's defaults)
#
# A set written 'OTHER.jar::OPTIONS' runs OTHER.jar instead of JAR (a base jar against a branch's).
#
# Environment: OATS_BENCH_CPU (default 0), JAVA (default $JAVA_HOME/bin/java).
set -euo pipefail
jar=$1 log=$2 rounds=$3
shift 3
java=${JAVA:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java}
cpu=${OATS_BENCH_CPU:-0}
out=$(mktemp)
trap 'rm -f "$out" "$out.t"' EXIT
for round in $(seq "$rounds"); do
  for pipeline in templates analyze; do
    for i in $(seq 0 $(($# - 1))); do
      opts=${*:$((i + 1)):1}
      run_jar=$jar
      if [[ $opts == *::* ]]; then
        run_jar=${opts%%::*}
        opts=${opts#*::}
      fi
      # shellcheck disable=SC2086
      /usr/bin/time -f "%U %S %M" -o "$out.t" taskset -c "$cpu" "$java" -XX:ActiveProcessorCount=1 \
        $opts -jar "$run_jar" logs "$pipeline" "$log" >/dev/null 2>/dev/null
      read -r user sys rss <"$out.t"
      echo "$round $pipeline $i $user $sys $rss" | tee -a "$out" >&2
    done
  done
done
python3 - "$out" "$@" <<'PY'
import sys, statistics
runs = [l.split() for l in open(sys.argv[1])]
names = sys.argv[2:]
for pipeline in ("templates", "analyze"):
    base = None
    for i, name in enumerate(names):
        cpu = [float(r[3]) + float(r[4]) for r in runs if r[1] == pipeline and int(r[2]) == i]
        rss = [int(r[5]) // 1024 for r in runs if r[1] == pipeline and int(r[2]) == i]
        med = statistics.median(cpu)
        base = base or med
        print(f"{pipeline:9} {name or '(defaults)':50} CPU s {min(cpu):.2f} / {med:.2f} / {max(cpu):.2f}"
              f"  x{med / base:.3f}  RSS MiB {statistics.median(rss):.0f}")
PY
