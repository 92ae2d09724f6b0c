#!/usr/bin/env bash
# `oats agent` launch → its first model request, in the agent image's configuration: the runnable
# jar with an AOT cache (JDK 25) trained as deploy/images/agent.Dockerfile trains it. The time runs
# from just before `java` starts to the request's arrival at a fake Anthropic (one clock, one
# machine). Configurations, interleaved per round:
#   reference, no AOT cache             the jar before issue 14
#   reference, AOT trained on `tools`   the agent image before issue 14
#   OATS, no AOT cache                  with the image's JVM options
#   OATS, AOT, old JVM options          the cache of now, the old image's options
#   OATS, AOT trained on an agent run   the agent image now (target: <= 1.0 s)
# Each launch's process CPU (user + sys, from start to its exit after the first request failed) is
# noted too, the figure to read on a loaded machine; and the agent image's launches run with
# -Doats.startup.trace, whose marks give each phase's wall time and the CPU time of the thread it
# ran on (dev.oats.agent.StartupTrace).
# Writes bench/results/agent-start.json and prints the tables BENCHMARKS.md shows.
#
#   bench/agent-start.sh
#   OATS_BENCH_ROUNDS=5 OATS_REFERENCE_JAR=/path/to/old/oats.jar bench/agent-start.sh
#   OATS_BENCH_BEFORE_JAR=/path/to/previous/oats.jar bench/agent-start.sh
# OATS_BENCH_BEFORE_JAR adds a sixth configuration: that jar (an earlier OATS) in the agent
# image's configuration, its cache trained like this jar's: a before/after pair in one run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${OATS_BENCH_ROUNDS:-5}
build
reference=$(reference_jar)
# JVM options: each image's own (the reference's from its Dockerfile at OATS_REFERENCE_REV).
dockerfile_opts() { sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p'; }
image_opts=$(dockerfile_opts <"$root/deploy/images/agent.Dockerfile")
reference_opts=$(git -C "$root" show "${OATS_REFERENCE_REV:-e4ac4c3}:deploy/images/agent.Dockerfile" \
  | dockerfile_opts)

# The training runs, as the images make them (see agent.Dockerfile for the one of now).
train_dir="$work/train"
mkdir -p "$train_dir"
(cd "$train_dir" && HOME=/tmp "$java" -XX:AOTCacheOutput="$work/reference-tools.aot" \
  -jar "$reference" tools >/dev/null 2>&1)
(cd "$train_dir" && env -i PATH="$PATH" HOME=/tmp JAVA_TOOL_OPTIONS="$image_opts" \
  "$root/deploy/images/train-aot.sh" "$java" "$jar" "$work/oats-agent.aot" >/dev/null 2>&1)
(cd "$train_dir" && env -i PATH="$PATH" HOME=/tmp JAVA_TOOL_OPTIONS="$reference_opts" \
  "$root/deploy/images/train-aot.sh" "$java" "$jar" "$work/oats-agent-old-opts.aot" >/dev/null 2>&1)

before_jar=${OATS_BENCH_BEFORE_JAR:-}
if [ -n "$before_jar" ]; then
  (cd "$train_dir" && env -i PATH="$PATH" HOME=/tmp JAVA_TOOL_OPTIONS="$image_opts" \
    "$root/deploy/images/train-aot.sh" "$java" "$before_jar" "$work/before-agent.aot" >/dev/null 2>&1)
fi

rm -f "$work/model.url" "$work/arrivals"
configs=$([ -n "$before_jar" ] && echo 6 || echo 5)
start model "$java" -cp "$cp" dev.oats.bench.FakeModelMain "$work/model.url" arrivals \
  $((rounds * configs)) "$work/arrivals"
for _ in $(seq 300); do [ -s "$work/model.url" ] && break; sleep 0.1; done
model_url=$(cat "$work/model.url")

# launch NAME JAR OPTIONS [AOT [TRACE]]: one agent; appends "NAME seconds cpu-seconds" to
# $work/runs, and with TRACE its start-up marks to $work/traces ("NAME launch-micros" first).
launch() {
  local name=$1 agent_jar=$2 opts=$3 aot=${4:-} trace=${5:-} before after count
  count=$(wc -l <"$work/arrivals" 2>/dev/null || echo 0)
  mkdir -p "$work/ws"
  rm -f "$work/trace"
  before=$(date +%s%6N)
  (cd "$work/ws" && env -i PATH="$PATH" HOME=/tmp OATS_GOAL="why is checkout-api failing?" \
    ANTHROPIC_API_KEY=sk-ant-bench ANTHROPIC_BASE_URL="$model_url" OATS_MODEL_MAX_RETRIES=0 \
    OATS_WORKSPACE="$work/ws" OATS_RESULTS_DIR="$work/ws" JAVA_TOOL_OPTIONS="$opts" \
    /usr/bin/time -f "%U %S" -o "$work/cpu" \
    "$java" ${aot:+-XX:AOTCache=$aot} ${trace:+-Doats.startup.trace=$work/trace} \
    -jar "$agent_jar" agent >"$work/agent.log" 2>&1) || true
  after=$(sed -n "$((count + 1))p" "$work/arrivals")
  if [ -n "$trace" ]; then
    { echo "RUN $name $before $after"; cat "$work/trace"; } >>"$work/traces"
  fi
  echo "$name $(( after - before )) $(tail -n 1 "$work/cpu" | awk '{print $1 + $2}')" | tee -a "$work/runs"
}

load_before=$(cut -d' ' -f1 /proc/loadavg)
for round in $(seq "$rounds"); do
  launch reference-no-aot "$reference" "$reference_opts"
  launch reference-image "$reference" "$reference_opts" "$work/reference-tools.aot"
  launch oats-no-aot "$jar" "$image_opts"
  launch oats-old-opts "$jar" "$reference_opts" "$work/oats-agent-old-opts.aot"
  if [ -n "$before_jar" ]; then
    launch oats-before-image "$before_jar" "$image_opts" "$work/before-agent.aot"
  fi
  launch oats-image "$jar" "$image_opts" "$work/oats-agent.aot" trace
done
touch "$work/traces"

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work/runs" "$root/bench/results/agent-start.json" "$(machine)" \
  "$load_before" "$work/traces" <<'PY'
import json, statistics, sys
runs_file, out, machine = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
machine["load_average_before"] = float(sys.argv[4])
runs, cpus = {}, {}
for line in open(runs_file):
    name, micros, cpu = line.split()
    runs.setdefault(name, []).append(int(micros) / 1e6)
    cpus.setdefault(name, []).append(float(cpu))
def mmm(xs):
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}
table = {n: mmm(xs) for n, xs in runs.items()}
cpu_table = {n: mmm(xs) for n, xs in cpus.items()}
# The agent image's start-up marks: per phase, its wall time and its thread's CPU time (ms).
# Main-thread phases run from the previous main-thread mark; the other threads' figures are
# their CPU time when they ended, and when (wall, from the launch) that was.
MAIN = ["main entered", "logging configured", "configuration read", "tools loaded",
        "agent created", "first request asked"]
phases = {}
def note(key, wall, cpu):
    phases.setdefault(key, {"wall_ms": [], "thread_cpu_ms": []})
    phases[key]["wall_ms"].append(wall)
    phases[key]["thread_cpu_ms"].append(cpu)
current = None
def flush(run):
    if run is None:
        return
    launched, arrived, marks = run
    last_wall, last_cpu = launched, 0
    for micros, cpu, thread, phase in marks:
        if thread == "main" and phase in MAIN:
            note("main: to " + phase, (micros - last_wall) / 1e3, (cpu - last_cpu) / 1e3)
            last_wall, last_cpu = micros, cpu
        elif thread != "main":
            note(thread + ": " + phase, (micros - launched) / 1e3, cpu / 1e3)
    note("request: asked to arrived", (arrived - last_wall) / 1e3, float("nan"))
for line in open(sys.argv[5]):
    parts = line.rstrip("\n").split(" ", 3)
    if parts[0] == "RUN":
        flush(current)
        current = (int(parts[2]), int(parts[3]), [])
    else:
        current[2].append((int(parts[0]), int(parts[1]), parts[2], parts[3]))
flush(current)
phase_table = {k: {"wall_ms": mmm(v["wall_ms"]),
                   "thread_cpu_ms": mmm(v["thread_cpu_ms"]) if v["thread_cpu_ms"][0] == v["thread_cpu_ms"][0] else None}
               for k, v in phases.items()}
json.dump({"benchmark": "agent-start", "machine": machine, "runs_s": runs, "table_s": table,
           "process_cpu_s": cpus, "process_cpu_table_s": cpu_table,
           "agent_image_phases_ms": phase_table, "target_s": 1.0}, open(out, "w"), indent=2)
ref = table["reference-image"]["median"]
names = {"reference-no-aot": "reference (before), no AOT cache",
         "reference-image": "reference (before), agent image: AOT trained on `oats tools`",
         "oats-no-aot": "OATS, no AOT cache",
         "oats-old-opts": "OATS, AOT trained on an agent run, the old image's JVM options",
         "oats-before-image": "OATS before (OATS_BENCH_BEFORE_JAR), agent image",
         "oats-image": "OATS, agent image: AOT trained on an agent run"}
names = {n: label for n, label in names.items() if n in table}
print(f"\n`oats agent` launch -> first model request (s), {len(runs['oats-image'])} rounds, min / median / max")
cpu_ref = cpu_table["reference-image"]["median"]
print("| configuration | seconds | / reference image (medians) | process CPU s | / reference image |")
print("|---|---:|---:|---:|---:|")
for n, label in names.items():
    t, c = table[n], cpu_table[n]
    print(f"| {label} | {t['min']:.2f} / {t['median']:.2f} / {t['max']:.2f} | {t['median'] / ref:.2f}x"
          f" | {c['min']:.2f} / {c['median']:.2f} / {c['max']:.2f} | {c['median'] / cpu_ref:.2f}x |")
if phase_table:
    print("\nAgent image, by phase (ms, min / median / max): wall, and CPU of the thread it ran on")
    print("| phase | wall ms | thread CPU ms |")
    print("|---|---:|---:|")
    for k, v in phase_table.items():
        w, c = v["wall_ms"], v["thread_cpu_ms"]
        cs = f"{c['min']:.0f} / {c['median']:.0f} / {c['max']:.0f}" if c else "-"
        print(f"| {k} | {w['min']:.0f} / {w['median']:.0f} / {w['max']:.0f} | {cs} |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average_before']:.1f}"
      f" before, {machine['load_average']:.1f} after; {machine['java']}")
PY
