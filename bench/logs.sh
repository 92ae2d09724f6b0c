#!/usr/bin/env bash
# The log miner end to end on the CLI, on one core: `oats logs templates FILE` and `oats logs
# analyze FILE` on about 500 MB of mixed logs, JVM start, file reading and output included. The
# log is made once per run from the Loghub-2k samples of every system, in order, again and again,
# with the digits of message values randomised (as the in-process benchmark of bench/loghub.sh
# does); it is written to a temporary folder and deleted at the end. Per round, in turn: the
# reference jar (before issue 14), OATS, and `grep -c ''` over the same file as a floor. Each run is
# `taskset -c CPU java -XX:ActiveProcessorCount=1 -jar JAR logs ... FILE >/dev/null`, timed by
# /usr/bin/time -v (wall, user + sys CPU, peak RSS). Writes bench/results/logs.json and prints the
# table BENCHMARKS.md shows.
#
#   bench/logs.sh
#   OATS_BENCH_MB=100 OATS_BENCH_ROUNDS=3 bench/logs.sh   a shorter run
#   OATS_REFERENCE_JAR=/path/to/old/oats.jar bench/logs.sh
#
# Environment:
#   OATS_LOGHUB_DIR     the Loghub-2k folders (default: <repo>/../shared/bench/loghub); read where
#                       they lie, never copied: the data is licensed for research use only
#   OATS_BENCH_MB       megabytes of log (default 500)
#   OATS_BENCH_ROUNDS   rounds (default 3)
#   OATS_BENCH_CPU      the CPU to pin every run to (default 0)
#   OATS_REFERENCE_REV  the revision the reference jar is built from (default 03dd4bf)
#   OATS_REFERENCE_LABEL  what the table calls the reference (default: the revision)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

data=${OATS_LOGHUB_DIR:-$root/../shared/bench/loghub}
megabytes=${OATS_BENCH_MB:-500}
rounds=${OATS_BENCH_ROUNDS:-3}
cpu=${OATS_BENCH_CPU:-0}
if [ ! -d "$data" ]; then
  echo "no Loghub data at $data (set OATS_LOGHUB_DIR)" >&2
  exit 1
fi

if [ "${OATS_BENCH_NO_BUILD:-}" != 1 ] || [ ! -f "$root/oats-cli/target/oats.jar" ]; then
  (cd "$root" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -pl oats-cli -am package -DskipTests)
fi
# The log generator lives with the in-process benchmark, in oats-tools' test sources.
(cd "$root" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -o -pl oats-tools -am test-compile \
  -Dspotless.check.skip=true -Dspotless.apply.skip=true >/dev/null)
jar="$root/oats-cli/target/oats.jar"
reference=$(OATS_REFERENCE_REV=${OATS_REFERENCE_REV:-03dd4bf} reference_jar)

log="$work/mixed.log"
"$java" -cp "$root/oats-tools/target/classes:$root/oats-tools/target/test-classes" \
  dev.oats.logs.bench.SyntheticLogFile --data "$data" --mb "$megabytes" --out "$log" >&2
bytes=$(stat -c %s "$log")
lines=$(wc -l <"$log")
# Into the page cache, so that every run reads it from memory alike.
cat "$log" >/dev/null

# run NAME PIPELINE COMMAND...: one timed run; appends "NAME PIPELINE wall user sys rss_kib".
run() {
  local name=$1 pipeline=$2
  shift 2
  /usr/bin/time -v -o "$work/time" taskset -c "$cpu" "$@" >"$work/out" 2>"$work/err" || {
    echo "$name $pipeline failed:" >&2
    cat "$work/err" >&2
    exit 1
  }
  python3 - "$work/time" "$name" "$pipeline" >>"$work/runs" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def field(label):
    return re.search(re.escape(label) + r": (.*)", text).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
print(sys.argv[2], sys.argv[3], seconds, field("User time (seconds)"), field("System time (seconds)"),
      field("Maximum resident set size (kbytes)"))
PY
  tail -n 1 "$work/runs" >&2
}

jvm=("$java" -XX:ActiveProcessorCount=1 -jar)
for round in $(seq "$rounds"); do
  for pipeline in templates analyze; do
    run reference "$pipeline" "${jvm[@]}" "$reference" logs "$pipeline" "$log"
    run oats "$pipeline" "${jvm[@]}" "$jar" logs "$pipeline" "$log"
  done
  run grep count grep -c '' "$log"
done

mkdir -p "$root/bench/results"
python3 - "$work/runs" "$root/bench/results/logs.json" "$(machine)" "$bytes" "$lines" "$cpu" \
  "$rounds" "${OATS_REFERENCE_LABEL:-${OATS_REFERENCE_REV:-03dd4bf}}" <<'PY'
import json, statistics, sys
runs_file, out, machine, size, lines, cpu, rounds, reference = sys.argv[1:]
machine, size, lines = json.loads(machine), int(size), int(lines)
mb = size / 1e6
runs = {}
for line in open(runs_file):
    name, pipeline, wall, user, sys_, rss = line.split()
    runs.setdefault((name, pipeline), []).append(
        {"wall_s": float(wall), "cpu_s": float(user) + float(sys_), "rss_mib": int(rss) / 1024})
def stats(xs):
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}
table = {}
for (name, pipeline), rs in runs.items():
    table[f"{name} {pipeline}"] = {
        "mb_per_s_wall": stats([mb / r["wall_s"] for r in rs]),
        "mb_per_s_cpu": stats([mb / r["cpu_s"] for r in rs]),
        "peak_rss_mib": stats([r["rss_mib"] for r in rs]),
    }
json.dump({"benchmark": "logs", "machine": machine, "bytes": size, "lines": lines,
           "rounds": int(rounds), "cpu": int(cpu), "target_mb_per_s": 100, "reference": reference,
           "runs": {f"{n} {p}": rs for (n, p), rs in runs.items()}, "table": table},
          open(out, "w"), indent=2)
def fmt(s, f="{:.1f}"):
    return " / ".join(f.format(s[k]) for k in ("min", "median", "max"))
print(f"\nLog miner end to end, {mb:.0f} MB ({lines} lines), one core, {rounds} rounds, min / median / max")
print("| command | MB/s (wall) | MB/s (CPU time) | peak RSS MiB | / reference (median MB/s wall) |")
print("|---|---:|---:|---:|---:|")
for pipeline in ("templates", "analyze"):
    ref = table[f"reference {pipeline}"]["mb_per_s_wall"]["median"]
    for name, label in (("reference", f"reference ({reference})"), ("oats", "OATS")):
        t = table[f"{name} {pipeline}"]
        print(f"| {label} `oats logs {pipeline}` | {fmt(t['mb_per_s_wall'])} | {fmt(t['mb_per_s_cpu'])} "
              f"| {fmt(t['peak_rss_mib'], '{:.0f}')} | {t['mb_per_s_wall']['median'] / ref:.2f}x |")
t = table["grep count"]
print(f"| `grep -c ''` | {fmt(t['mb_per_s_wall'])} | {fmt(t['mb_per_s_cpu'])} | {fmt(t['peak_rss_mib'], '{:.0f}')} | |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']:.1f}; {machine['java']}")
PY
