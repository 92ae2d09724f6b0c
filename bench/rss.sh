#!/usr/bin/env bash
# Server memory: resident set size of `oats server` (the runnable jar, with the server image's
# JAVA_TOOL_OPTIONS) idle after start, and after 200 investigations run against a fake model.
# OATS against the reference OATS (before issue 14; see reference_jar in lib.sh), alternating, each
# on a fresh data folder. Writes bench/results/rss.json and prints the table BENCHMARKS.md shows.
#
#   bench/rss.sh
#   OATS_BENCH_ROUNDS=1 OATS_REFERENCE_JAR=/path/to/old/oats.jar bench/rss.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${OATS_BENCH_ROUNDS:-3}
investigations=${OATS_BENCH_INVESTIGATIONS:-200}
# What deploy/images/server.Dockerfile sets; the reference runs with its own image's options.
dockerfile_opts() { sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p'; }
image_opts=$(dockerfile_opts <"$root/deploy/images/server.Dockerfile")
reference_opts=$(git -C "$root" show "${OATS_REFERENCE_REV:-e4ac4c3}:deploy/images/server.Dockerfile" \
  | dockerfile_opts)
key=bench-key-0123456789abcdef
build
reference=$(reference_jar)

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# run SUBJECT JAR OPTIONS: appends "SUBJECT idle=MiB after=MiB" to $work/runs.
run() {
  local subject=$1 server_jar=$2 opts=$3 port idle after done_count
  rm -f "$work/model.url"
  start model "$java" -cp "$cp" dev.oats.bench.FakeModelMain "$work/model.url" investigations \
    "$investigations"
  model_pid=$last_pid
  for _ in $(seq 300); do [ -s "$work/model.url" ] && break; sleep 0.1; done
  port=$(free_port)
  rm -rf "$work/data"
  OATS_PORT=$port OATS_HOST=127.0.0.1 OATS_DATA_DIR="$work/data" OATS_API_KEYS=$key \
    OATS_WORKSPACE="$work/workspace" OATS_TOOLS_DIR="$work/tools" \
    ANTHROPIC_API_KEY=sk-ant-bench ANTHROPIC_BASE_URL="$(cat "$work/model.url")" \
    OATS_MODEL_MAX_RETRIES=0 OATS_MAX_CONCURRENT=16 JAVA_TOOL_OPTIONS="$opts" \
    start server "$java" -jar "$server_jar" server
  server_pid=$last_pid
  wait_for "http://127.0.0.1:$port/healthz"
  # Idle: the page and its files served once (what a browser does on opening the UI), then quiet.
  curl -sf -o /dev/null "http://127.0.0.1:$port/"
  sleep "${OATS_BENCH_IDLE_SECONDS:-10}"
  idle=$(rss_mib "$server_pid")
  seq "$investigations" | xargs -P 8 -I{} curl -sf -o /dev/null -H "X-API-Key: $key" \
    -H 'Content-Type: application/json' \
    -d '{"goal": "why is pod {} failing?", "target_namespace": "shop"}' \
    "http://127.0.0.1:$port/investigate"
  for _ in $(seq 1200); do
    done_count=$(curl -sf -H "X-API-Key: $key" "http://127.0.0.1:$port/investigations/counts" \
      | /usr/bin/python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["succeeded"]+c["failed"]+c["cancelled"])')
    [ "$done_count" -ge "$investigations" ] && break
    sleep 0.5
  done
  sleep 5
  after=$(rss_mib "$server_pid")
  echo "$subject idle=$idle after=$after ended=$done_count" | tee -a "$work/runs"
  stop "$server_pid"
  stop "$model_pid"
}

for round in $(seq "$rounds"); do
  run reference "$reference" "$reference_opts"
  run oats "$jar" "$image_opts"
done

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work/runs" "$root/bench/results/rss.json" "$(machine)" "$image_opts" "$investigations" "$reference_opts" <<'PY'
import json, statistics, sys
runs_file, out, machine, opts, n, ref_opts = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]
runs = {}
for line in open(runs_file):
    subject, *fields = line.split()
    runs.setdefault(subject, []).append({k: int(v) for k, v in (f.split("=") for f in fields)})
mmm = lambda rs, k: {"min": min(r[k] for r in rs), "median": statistics.median(r[k] for r in rs), "max": max(r[k] for r in rs)}
table = {k: {s: mmm(rs, k) for s, rs in runs.items()} for k in ("idle", "after")}
json.dump({"benchmark": "rss", "java_tool_options": opts, "reference_java_tool_options": ref_opts, "investigations": n, "machine": machine,
           "runs": runs, "table_mib": table, "targets_mib": {"idle": 256, "after": 320}}, open(out, "w"), indent=2)
f = lambda d: " / ".join(f"{d[k]:.0f}" for k in ("min", "median", "max"))
print(f"\nServer RSS (MiB), JAVA_TOOL_OPTIONS=\"{opts}\" (reference: \"{ref_opts}\"), {len(runs['oats'])} rounds, min / median / max")
print("| measure | reference OATS (before) | OATS | OATS / reference (medians) | target |")
print("|---|---:|---:|---:|---:|")
for k, name, target in (("idle", "idle", 256), ("after", f"after {n} investigations", 320)):
    a, b = table[k]["reference"], table[k]["oats"]
    print(f"| {name} | {f(a)} | {f(b)} | {b['median'] / a['median']:.2f}x | <= {target} |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']:.1f}; {machine['java']}")
PY
