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
# Writes bench/results/agent-start.json and prints the table BENCHMARKS.md shows.
#
#   bench/agent-start.sh
#   OATS_BENCH_ROUNDS=5 OATS_REFERENCE_JAR=/path/to/old/oats.jar bench/agent-start.sh
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

rm -f "$work/model.url" "$work/arrivals"
configs=5
start model "$java" -cp "$cp" dev.oats.bench.FakeModelMain "$work/model.url" arrivals \
  $((rounds * configs)) "$work/arrivals"
for _ in $(seq 300); do [ -s "$work/model.url" ] && break; sleep 0.1; done
model_url=$(cat "$work/model.url")

# launch NAME JAR OPTIONS [AOT]: one agent; appends "NAME seconds" to $work/runs.
launch() {
  local name=$1 agent_jar=$2 opts=$3 aot=${4:-} before after count
  count=$(wc -l <"$work/arrivals" 2>/dev/null || echo 0)
  mkdir -p "$work/ws"
  before=$(date +%s%6N)
  (cd "$work/ws" && env -i PATH="$PATH" HOME=/tmp OATS_GOAL="why is checkout-api failing?" \
    ANTHROPIC_API_KEY=sk-ant-bench ANTHROPIC_BASE_URL="$model_url" OATS_MODEL_MAX_RETRIES=0 \
    OATS_WORKSPACE="$work/ws" OATS_RESULTS_DIR="$work/ws" JAVA_TOOL_OPTIONS="$opts" \
    "$java" ${aot:+-XX:AOTCache=$aot} -jar "$agent_jar" agent >"$work/agent.log" 2>&1) || true
  after=$(sed -n "$((count + 1))p" "$work/arrivals")
  echo "$name $(( after - before ))" | tee -a "$work/runs"
}

for round in $(seq "$rounds"); do
  launch reference-no-aot "$reference" "$reference_opts"
  launch reference-image "$reference" "$reference_opts" "$work/reference-tools.aot"
  launch oats-no-aot "$jar" "$image_opts"
  launch oats-old-opts "$jar" "$reference_opts" "$work/oats-agent-old-opts.aot"
  launch oats-image "$jar" "$image_opts" "$work/oats-agent.aot"
done

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work/runs" "$root/bench/results/agent-start.json" "$(machine)" <<'PY'
import json, statistics, sys
runs_file, out, machine = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
runs = {}
for line in open(runs_file):
    name, micros = line.split()
    runs.setdefault(name, []).append(int(micros) / 1e6)
table = {n: {"min": min(xs), "median": statistics.median(xs), "max": max(xs)} for n, xs in runs.items()}
json.dump({"benchmark": "agent-start", "machine": machine, "runs_s": runs, "table_s": table,
           "target_s": 1.0}, open(out, "w"), indent=2)
ref = table["reference-image"]["median"]
names = {"reference-no-aot": "reference (before), no AOT cache",
         "reference-image": "reference (before), agent image: AOT trained on `oats tools`",
         "oats-no-aot": "OATS, no AOT cache",
         "oats-old-opts": "OATS, AOT trained on an agent run, the old image's JVM options",
         "oats-image": "OATS, agent image: AOT trained on an agent run"}
print(f"\n`oats agent` launch -> first model request (s), {len(runs['oats-image'])} rounds, min / median / max")
print("| configuration | seconds | / reference image (medians) |")
print("|---|---:|---:|")
for n, label in names.items():
    t = table[n]
    print(f"| {label} | {t['min']:.2f} / {t['median']:.2f} / {t['max']:.2f} | {t['median'] / ref:.2f}x |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']:.1f}; {machine['java']}")
PY
