#!/usr/bin/env bash
# Two builds of OATS, paired and interleaved: each round runs A then B (B then A in even rounds),
# each on a fresh lean API server with pod tokens, as bench/control-plane.sh runs its OATS columns
# (the image's JAVA_TOOL_OPTIONS, warm-up, wrk -t2 -c16, the Jobs counted in the API server). No
# seed and no ceiling: for a change's effect at the same moments of a shared machine, read with
# the server's CPU per Job (less load-dependent than Jobs/s) and the load average of each run.
#
#   OATS_PAIR_A=/tmp/base.jar OATS_PAIR_B=/tmp/after.jar bench/control-plane-pair.sh
#   OATS_BENCH_ROUNDS=4 OATS_BENCH_SECONDS=10 OATS_BENCH_WARMUP_SECONDS=10 ...
#
# Writes bench/results/${OATS_PAIR_NAME:-control-plane-pair}.json and prints a table, one line per run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# shellcheck source=control-plane-lib.sh
. "$(dirname "$0")/control-plane-lib.sh"

rounds=${OATS_BENCH_ROUNDS:-4}
seconds=${OATS_BENCH_SECONDS:-10}
warmup=${OATS_BENCH_WARMUP_SECONDS:-10}
image_opts=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' <"$root/deploy/images/server.Dockerfile")
key=bench-key-0123456789abcdef
: "${OATS_PAIR_A:?the first jar}" "${OATS_PAIR_B:?the second jar}"
for need in wrk curl; do command -v $need >/dev/null || { echo "needs $need" >&2; exit 1; }; done
OATS_BENCH_NO_BUILD=1
export OATS_BENCH_NO_BUILD
build

# run SUBJECT JAR: a fresh API server and OATS, warm-up, the measured run; a JSON line to $work/runs.
run() {
  local subject=$1 jar=$2 line before at_end server_cpu api_cpu load
  mock_api
  port=$(free_port)
  rm -rf "$work/data"
  OATS_PORT=$port OATS_HOST=127.0.0.1 OATS_DATA_DIR="$work/data" OATS_API_KEYS=$key \
    OATS_RUNNER=kubernetes KUBERNETES_MASTER=$kube_url KUBERNETES_NAMESPACE=oats \
    OATS_JOB_NAMESPACE=oats AGENT_IMAGE=oats-agent:latest OATS_AGENT_AUTH=pod-token \
    OATS_SERVER_URL="http://127.0.0.1:$port" OATS_MAX_CONCURRENT=1000000 \
    ANTHROPIC_API_KEY=sk-ant-bench JAVA_TOOL_OPTIONS="$image_opts" \
    start "oats-$subject" "$java" -jar "$jar" server
  server_pid=$last_pid
  wait_for "http://127.0.0.1:$port/healthz"
  local url="http://127.0.0.1:$port"
  warm_up "$url"
  before=$(jobs_in_api)
  load=$(cut -d' ' -f1 /proc/loadavg)
  server_cpu=$(cpu_ms "$server_pid")
  api_cpu=$(cpu_ms "$kube_pid")
  line=$(BENCH_KEY=$key wrk -t2 -c16 -d"${seconds}s" --timeout 10s -s "$root/bench/post.lua" \
    "$url/investigate" | grep '^RESULT')
  at_end=$(jobs_in_api)
  settle
  server_cpu=$(($(cpu_ms "$server_pid") - server_cpu))
  api_cpu=$(($(cpu_ms "$kube_pid") - api_cpu))
  echo "$subject round=$round load=$load $line warm_ok=$warm_ok jobs_before=$before jobs_at_end=$at_end jobs=$settled drain_ms=$settle_ms server_cpu_ms=$server_cpu api_cpu_ms=$api_cpu" \
    | tee -a "$work/runs"
  stop "$server_pid"
  stop "$kube_pid"
}

for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then
    run A "$OATS_PAIR_A"
    run B "$OATS_PAIR_B"
  else
    run B "$OATS_PAIR_B"
    run A "$OATS_PAIR_A"
  fi
done

mkdir -p "$root/bench/results"
python3 - "$work/runs" "$root/bench/results/${OATS_PAIR_NAME:-control-plane-pair}.json" "$OATS_PAIR_A" "$OATS_PAIR_B" "$(machine)" <<'PY'
import json, statistics, sys
runs_file, out, jar_a, jar_b, machine = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
runs = {"A": [], "B": []}
for line in open(runs_file):
    subject, *fields = line.split()
    v = dict(f.split("=") for f in fields if "=" in f)
    v = {k: (float(x) if k == "load" else int(x)) for k, x in v.items()}
    made = v["jobs"] - v["jobs_before"]
    v["jobs_in_window"] = v["jobs_at_end"] - v["jobs_before"]
    v["jobs_per_s"] = v["jobs_in_window"] / (v["duration_us"] / 1e6)
    v["posts_ok"] = v["requests"] - v["non2xx"]
    v["p50_ms"], v["p99_ms"] = v["p50_us"] / 1000, v["p99_us"] / 1000
    v["server_cpu_ms_per_job"] = v["server_cpu_ms"] / max(1, made)
    v["every_post_a_job"] = v["jobs"] - 3 - v["warm_ok"] >= v["posts_ok"] and v["non2xx"] == 0
    runs[subject].append(v)
keys = ("jobs_per_s", "p50_ms", "p99_ms", "server_cpu_ms_per_job", "load")
mmm = lambda xs: {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}
table = {k: {s: mmm([r[k] for r in runs[s]]) for s in runs} for k in keys}
json.dump({"benchmark": "control-plane-pair", "A": jar_a, "B": jar_b, "machine": machine, "runs": runs,
           "table": table, "every_post_a_job": {s: all(r["every_post_a_job"] for r in runs[s]) for s in runs}},
          open(out, "w"), indent=2)
print("| run | round | load | Jobs/s | POST p50 ms | POST p99 ms | server CPU ms per Job | every POST a Job |")
print("|---|---:|---:|---:|---:|---:|---:|---|")
for s in runs:
    for r in runs[s]:
        print(f"| {s} | {r['round']} | {r['load']:.1f} | {r['jobs_per_s']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['server_cpu_ms_per_job']:.2f} | {r['every_post_a_job']} |")
f = lambda d, fmt: " / ".join(fmt.format(d[k]) for k in ("min", "median", "max"))
for k in keys:
    print(f"{k}: A {f(table[k]['A'], '{:.2f}')}   B {f(table[k]['B'], '{:.2f}')}")
PY
