#!/usr/bin/env bash
# The agent loop's own cost per turn, model and tools excluded: dev.oats.bench.LoopMain runs the
# real Agent (built-in tools, executor, redactor, retrying model client, event log) against an
# in-process fake Anthropic on 127.0.0.1 that answers at once through the real SDK, 15 turns a
# investigation, each turn a tool that returns ~16 KB at once (the last turn calls finish). A
# turn's overhead is the time from its TurnStarted event to the next (or to the end) less the time
# inside the model client and the tool; printed as wall clock and as the loop thread's CPU time
# (the model call and the tool each run on a thread of their own).
#
# The same harness runs against the reference oats-core (main before this change, OATS_REFERENCE_REV,
# default 03dd4bf, compiled into bench/.reference/<rev>-core/) and against this tree's; rounds
# alternate, each a fresh JVM running OATS_BENCH_INVESTIGATIONS investigations. The first
# investigation of each JVM (class loading, the tokenizer's tables, JIT) is reported apart.
# OATS_SECOND_REFERENCE_REV names a second reference (main at the start of a change, say) run in
# the same rounds, taking turns with the other two. Writes bench/results/loop.json and prints the
# table BENCHMARKS.md shows.
#
#   bench/loop.sh
#   OATS_BENCH_ROUNDS=5 OATS_BENCH_INVESTIGATIONS=20 bench/loop.sh
#   OATS_REFERENCE_REV=3c118b1 OATS_SECOND_REFERENCE_REV=1106b54 bench/loop.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${OATS_BENCH_ROUNDS:-3}
investigations=${OATS_BENCH_INVESTIGATIONS:-10}
turns=15

# This tree's classes and the harness (test-compile without running tests or the UI's linters).
(cd "$root" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -o -pl oats-server -am test-compile \
  -DskipTests org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.raw" >/dev/null)
cp="$root/oats-server/target/test-classes:$root/oats-server/target/classes:$(cat "$work/cp.raw")"

# The reference's oats-core and oats-tools, first on the class path: the loop is oats-core's, and
# the built-in tools must speak the reference's Tool interface (it changed with ToolDefinition).
rev=${OATS_REFERENCE_REV:-03dd4bf}
second=${OATS_SECOND_REFERENCE_REV:-}
core() {
  local reference="$root/bench/.reference/$1-core"
  if [ ! -d "$reference/oats-tools/target/classes/dev" ]; then
    rm -rf "$reference" && mkdir -p "$reference"
    git -C "$root" archive "$1" | tar -x -C "$reference"
    (cd "$reference" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -o -pl oats-core,oats-tools -am \
      compile >&2)
  fi
  echo "$reference/oats-core/target/classes:$reference/oats-tools/target/classes:"
}
reference=$(core "$rev")
sides="reference oats"
if [ -n "$second" ]; then
  second_reference=$(core "$second")
  sides="reference second oats"
fi

for round in $(seq "$rounds"); do
  for side in $sides; do
    extra=""
    [ "$side" = reference ] && extra="$reference"
    [ "$side" = second ] && extra="$second_reference"
    "$java" -cp "$extra$cp" dev.oats.bench.LoopMain "$investigations" "$turns" \
      2>"$work/$side-$round.log" | sed "s/^/$side $round /" | tee -a "$work/runs" | tail -n 2
  done
done

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work/runs" "$root/bench/results/loop.json" "$(machine)" "$rev" "$second" <<'PY'
import json, statistics, sys
runs_file, out, machine, rev, second = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
# "side round kind investigation: micros..." -> per side, kind, cold|warm: per-turn ms
data = {}
for line in open(runs_file):
    head, values = line.split(":")
    side, _round, kind, n = head.split()
    phase = "first" if n == "1" else "later"
    # microseconds to ms; allocated bytes to KB
    data.setdefault(side, {}).setdefault(kind, {}).setdefault(phase, []).extend(
        int(v) / 1000 for v in values.split())
def stats(xs):
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "turns": len(xs)}
table = {side: {kind: {phase: stats(xs) for phase, xs in phases.items()}
                for kind, phases in kinds.items()} for side, kinds in data.items()}
json.dump({"benchmark": "loop", "machine": machine, "reference_rev": rev,
           **({"second_reference_rev": second} if second else {}), "turns": 15,
           "tool_output_chars": 16000, "unit": "ms per turn (alloc: KB the loop thread allocated per turn)",
           "table": table,
           "target_median_ms": 1.0}, open(out, "w"), indent=2)
print("\nloop overhead per turn (ms), model and tool excluded, min / median / max")
print("| measure | investigations | reference (before) | OATS | OATS / reference (medians) |")
print("|---|---|---:|---:|---:|")
labels = {"first": "first of each JVM", "later": "the later ones"}
kinds = [k for k in ("cpu", "wall", "alloc") if k in table["reference"] and k in table["oats"]]
names = {"cpu": "loop thread CPU", "wall": "wall clock", "alloc": "loop thread allocation, KB"}
for kind in kinds:
    for phase in ("later", "first"):
        r, o = table["reference"][kind][phase], table["oats"][kind][phase]
        fmt = lambda t: f"{t['min']:.2f} / {t['median']:.2f} / {t['max']:.2f}"
        print(f"| {names[kind]} | {labels[phase]} | {fmt(r)} | {fmt(o)} | {o['median'] / r['median']:.3f}x |")
if second:
    print(f"\nthe same rounds, against the second reference ({second}):")
    print(f"| measure | investigations | {second} | OATS | OATS / {second} (medians) |")
    print("|---|---|---:|---:|---:|")
    for kind in kinds:
        for phase in ("later", "first"):
            r, o = table["second"][kind][phase], table["oats"][kind][phase]
            fmt = lambda t: f"{t['min']:.2f} / {t['median']:.2f} / {t['max']:.2f}"
            print(f"| {names[kind]} | {labels[phase]} | {fmt(r)} | {fmt(o)} | {o['median'] / r['median']:.3f}x |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']:.1f}; {machine['java']}")
PY
