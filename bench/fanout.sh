#!/usr/bin/env bash
# Live fan-out: one investigation, N watchers (default 1000) over SSE and over WebSocket; the delay
# from the time the server stamps an event to its arrival at each watcher, and how many deliveries
# went missing. OATS against the reference OATS (before issue 14; see reference_jar in lib.sh), the
# two alternating, each on a fresh server and fake model. Writes bench/results/fanout.json.
#
#   bench/fanout.sh
#   OATS_BENCH_WATCHERS=200 OATS_BENCH_ROUNDS=1 OATS_REFERENCE_JAR=/path/to/old/oats.jar bench/fanout.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${OATS_BENCH_ROUNDS:-3}
watchers=${OATS_BENCH_WATCHERS:-1000}
key=bench-key-0123456789abcdef
build
reference=$(reference_jar)

# run SUBJECT JAR TRANSPORT: one investigation watched by $watchers; appends to $work/runs.
run() {
  local subject=$1 server_jar=$2 transport=$3 port line
  rm -f "$work/model.url"
  start model "$java" -cp "$cp" dev.oats.bench.FakeModelMain "$work/model.url" paced 12 100
  model_pid=$last_pid
  for _ in $(seq 300); do [ -s "$work/model.url" ] && break; sleep 0.1; done
  port=$(free_port)
  rm -rf "$work/data"
  OATS_PORT=$port OATS_HOST=127.0.0.1 OATS_DATA_DIR="$work/data" OATS_API_KEYS=$key \
    OATS_WORKSPACE="$work/workspace" OATS_TOOLS_DIR="$work/tools" OATS_MAX_TURNS=20 \
    ANTHROPIC_API_KEY=sk-ant-bench ANTHROPIC_BASE_URL="$(cat "$work/model.url")" \
    OATS_MODEL_MAX_RETRIES=0 JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75" \
    start server "$java" -jar "$server_jar" server
  server_pid=$last_pid
  wait_for "http://127.0.0.1:$port/healthz"
  line=$("$java" -cp "$cp" dev.oats.bench.FanoutClient "http://127.0.0.1:$port" "$key" \
    "$watchers" "$transport" | grep '^RESULT' | cut -c8-)
  echo "$subject $line" | tee -a "$work/runs"
  stop "$server_pid"
  stop "$model_pid"
}

for round in $(seq "$rounds"); do
  for transport in sse ws; do
    run reference "$reference" "$transport"
    run oats "$jar" "$transport"
  done
done

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work/runs" "$root/bench/results/fanout.json" "$(machine)" "$watchers" <<'PY'
import json, statistics, sys
runs_file, out, machine, watchers = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4])
runs = {}
for line in open(runs_file):
    subject, data = line.split(" ", 1)
    r = json.loads(data)
    runs.setdefault(r["transport"], {}).setdefault(subject, []).append(r)
def mmm(rs, k):
    xs = [r[k] for r in rs]
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}
table = {t: {s: {k: mmm(rs, k) for k in ("delay_ms_p50", "delay_ms_p99", "delay_ms_max", "missing_deliveries", "failed_watchers")}
             for s, rs in by.items()} for t, by in runs.items()}
json.dump({"benchmark": "fanout", "watchers": watchers, "machine": machine, "runs": runs, "table": table,
           "targets": {"delay_ms_p99_at_most": 100, "missing": 0}}, open(out, "w"), indent=2)
f = lambda d: " / ".join(f"{d[k]:.0f}" for k in ("min", "median", "max"))
print(f"\nLive fan-out, N={watchers} watchers of one investigation, {len(runs['sse']['oats'])} rounds, min / median / max")
print("| transport | measure | reference OATS (before) | OATS | OATS / reference (medians) |")
print("|---|---|---:|---:|---:|")
for t in ("sse", "ws"):
    for k, name in (("delay_ms_p50", "delay p50 ms"), ("delay_ms_p99", "delay p99 ms"), ("missing_deliveries", "missing deliveries"), ("failed_watchers", "watchers failed")):
        a, b = table[t]["reference"][k], table[t]["oats"][k]
        ratio = f"{b['median'] / a['median']:.2f}x" if a["median"] else "-"
        print(f"| {t.upper()} | {name} | {f(a)} | {f(b)} | {ratio} |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']:.1f}; {machine['java']}")
PY
