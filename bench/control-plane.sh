#!/usr/bin/env bash
# POST /investigate → Job created, OATS against the seed's backend (FastAPI + the official Python
# Kubernetes client, rebuilt in bench/seed/app.py), each on a fresh in-memory API server, driven by
# wrk -t2 -c16. The API server is the lean one (dev.oats.testkit.LeanKubeApi: Jetty, one map per
# resource), or fabric8's mock API server in CRUD mode with OATS_BENCH_KUBE=fabric8. Every POST must leave its Job in the API server: the Jobs are
# counted there after each run. OATS runs twice per round: with OATS_AGENT_AUTH=secret (a token
# Secret per Job) and as configured by default, OATS_AGENT_AUTH=pod-token (the Job alone). A last column, "API server
# ceiling", is no server at all: 16 loops of the fabric8 client creating OATS's agent Job back to
# back on the same kind of mock API server (dev.oats.runner.kubernetes.JobCreateCeiling), about
# the most Jobs/s any server could make there; twice: fabric8's typed create, and the server's own
# create from the agent Job's JSON template (OATS's serialisation, without the server around it). Each round runs seed, OATS, OATS with pod tokens,
# ceiling. CPU per Job of each process and the load average are reported. Writes
# bench/results/control-plane.json and prints the table BENCHMARKS.md shows.
#
#   bench/control-plane.sh                 3 rounds of 10 s each, after 10 s of warm-up each
#   OATS_BENCH_ROUNDS=5 OATS_BENCH_SECONDS=20 bench/control-plane.sh
#   OATS_BENCH_WARMUP_SECONDS=0 bench/control-plane.sh   measured from a cold start
#   OATS_BENCH_KUBE=fabric8 bench/control-plane.sh        on fabric8's mock API server
#   OATS_BENCH_KUBE_LOG=1 bench/control-plane.sh          the lean server's requests in $work/kube.log
#   OATS_BENCH_BEFORE_JAR=/tmp/before.jar bench/control-plane.sh   also that build, pod tokens, same rounds
#
# Needs wrk and Debian's python3-fastapi python3-uvicorn python3-kubernetes (run with
# /usr/bin/python3); they are for this benchmark only, not for CI.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
# shellcheck source=control-plane-lib.sh
. "$(dirname "$0")/control-plane-lib.sh"

rounds=${OATS_BENCH_ROUNDS:-3}
seconds=${OATS_BENCH_SECONDS:-10}
# Both sides are first driven as hard for this long, unmeasured, and their Jobs left to finish: a
# server runs for days, and a JVM's first seconds are spent compiling (on a fresh OATS, JIT
# threads took more CPU in a 10 s run than the requests did). 0 measures from a cold start.
warmup=${OATS_BENCH_WARMUP_SECONDS:-10}
# OATS runs with what deploy/images/server.Dockerfile sets.
image_opts=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' <"$root/deploy/images/server.Dockerfile")
# OATS_BENCH_POD_TOKEN=0: leave out the OATS_AGENT_AUTH=pod-token column (a jar from before it).
pod_token=${OATS_BENCH_POD_TOKEN:-1}
# OATS_BENCH_JAVA_OPTS: other JVM options for OATS (e.g. "-XX:TieredStopAtLevel=1"), to measure them.
image_opts=${OATS_BENCH_JAVA_OPTS:-$image_opts}
key=bench-key-0123456789abcdef
# The API server of every column: lean (LeanKubeApi) or fabric8 (its mock API server, CRUD mode).
kube_kind=${OATS_BENCH_KUBE:-lean}
case "$kube_kind" in lean | fabric8) ;; *) echo "OATS_BENCH_KUBE: lean or fabric8, not $kube_kind" >&2; exit 1 ;; esac
kube_log=$([ "${OATS_BENCH_KUBE_LOG:-0}" = 1 ] && echo log || true)
for need in wrk curl; do command -v $need >/dev/null || { echo "needs $need" >&2; exit 1; }; done
/usr/bin/python3 -c 'import fastapi, uvicorn, kubernetes' 2>/dev/null || {
  echo "needs: apt-get install python3-fastapi python3-uvicorn python3-kubernetes" >&2
  exit 1
}

build
load_start=$(cut -d' ' -f1 /proc/loadavg)

# drive SUBJECT URL: wrk against URL, then the Jobs counted; appends a JSON line to $work/runs.
drive() {
  local subject=$1 url=$2 line before at_end
  warm_up "$url"
  before=$(jobs_in_api)
  local server_cpu=$(cpu_ms "$server_pid") api_cpu=$(cpu_ms "$kube_pid")
  line=$(BENCH_KEY=$key wrk -t2 -c16 -d"${seconds}s" --timeout 10s -s "$root/bench/post.lua" \
    "$url/investigate" | grep '^RESULT')
  # Jobs/s counts the Jobs made during the run. A server that answers before making the Job may
  # still be making some: "every POST a Job" is judged once the count stops growing, and how long
  # that took is reported.
  at_end=$(jobs_in_api)
  settle
  # CPU of the server and of the API server from the measured run's start until the Jobs settled.
  server_cpu=$(($(cpu_ms "$server_pid") - server_cpu))
  api_cpu=$(($(cpu_ms "$kube_pid") - api_cpu))
  echo "$subject $line warm_ok=$warm_ok jobs_before=$before jobs_at_end=$at_end jobs=$settled drain_ms=$settle_ms server_cpu_ms=$server_cpu api_cpu_ms=$api_cpu" \
    | tee -a "$work/runs"
}

for round in $(seq "$rounds"); do
  # The seed.
  mock_api
  port=$(free_port)
  start seed env -C "$root/bench/seed" SEED_KUBE_URL="$kube_url" SEED_API_KEY=$key \
    /usr/bin/python3 -m uvicorn app:app --host 127.0.0.1 --port "$port" --log-level warning
  seed_pid=$last_pid
  server_pid=$seed_pid
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/docs" && break; sleep 0.1; done
  drive seed "http://127.0.0.1:$port"
  stop "$seed_pid"
  stop "$kube_pid"

  # OATS, as the server image runs it, with the Kubernetes runner and a token Secret per Job.
  mock_api
  port=$(free_port)
  rm -rf "$work/data"
  OATS_PORT=$port OATS_HOST=127.0.0.1 OATS_DATA_DIR="$work/data" OATS_API_KEYS=$key \
    OATS_RUNNER=kubernetes KUBERNETES_MASTER=$kube_url KUBERNETES_NAMESPACE=oats \
    OATS_JOB_NAMESPACE=oats AGENT_IMAGE=oats-agent:latest OATS_AGENT_AUTH=secret \
    OATS_SERVER_URL="http://127.0.0.1:$port" OATS_MAX_CONCURRENT=1000000 \
    ANTHROPIC_API_KEY=sk-ant-bench JAVA_TOOL_OPTIONS="$image_opts" \
    start oats "$java" -jar "$jar" server
  oats_pid=$last_pid
  server_pid=$oats_pid
  wait_for "http://127.0.0.1:$port/healthz"
  drive oats "http://127.0.0.1:$port"
  stop "$oats_pid"
  stop "$kube_pid"

  # OATS again with OATS_AGENT_AUTH=pod-token (the default since cp5): no token Secret, one API
  # write per investigation.
  if [ "$pod_token" = 1 ]; then
    mock_api
    port=$(free_port)
    rm -rf "$work/data"
    OATS_PORT=$port OATS_HOST=127.0.0.1 OATS_DATA_DIR="$work/data" OATS_API_KEYS=$key \
      OATS_RUNNER=kubernetes KUBERNETES_MASTER=$kube_url KUBERNETES_NAMESPACE=oats \
      OATS_JOB_NAMESPACE=oats AGENT_IMAGE=oats-agent:latest OATS_AGENT_AUTH=pod-token \
      OATS_SERVER_URL="http://127.0.0.1:$port" OATS_MAX_CONCURRENT=1000000 \
      ANTHROPIC_API_KEY=sk-ant-bench JAVA_TOOL_OPTIONS="$image_opts" \
      start oats-pod-token "$java" -jar "$jar" server
    oats_pid=$last_pid
    server_pid=$oats_pid
    wait_for "http://127.0.0.1:$port/healthz"
    drive oats-pod-token "http://127.0.0.1:$port"
    stop "$oats_pid"
    stop "$kube_pid"
  fi

  # OATS_BENCH_BEFORE_JAR: the same pod-token run of another build (before a change), in the same
  # rounds, so that before and after are measured at the same moments of a shared machine.
  if [ -n "${OATS_BENCH_BEFORE_JAR:-}" ]; then
    mock_api
    port=$(free_port)
    rm -rf "$work/data"
    OATS_PORT=$port OATS_HOST=127.0.0.1 OATS_DATA_DIR="$work/data" OATS_API_KEYS=$key \
      OATS_RUNNER=kubernetes KUBERNETES_MASTER=$kube_url KUBERNETES_NAMESPACE=oats \
      OATS_JOB_NAMESPACE=oats AGENT_IMAGE=oats-agent:latest OATS_AGENT_AUTH=pod-token \
      OATS_SERVER_URL="http://127.0.0.1:$port" OATS_MAX_CONCURRENT=1000000 \
      ANTHROPIC_API_KEY=sk-ant-bench JAVA_TOOL_OPTIONS="$image_opts" \
      start oats-before "$java" -jar "$OATS_BENCH_BEFORE_JAR" server
    oats_pid=$last_pid
    server_pid=$oats_pid
    wait_for "http://127.0.0.1:$port/healthz"
    drive oats-before "http://127.0.0.1:$port"
    stop "$oats_pid"
    stop "$kube_pid"
  fi

  # The API server's ceiling: the client alone, as many creates as 16 loops make. Its Jobs/s are
  # the creates the client saw succeed in the measured run (its warm-up runs in the same process).
  # Twice: through fabric8's typed create ("ceiling"), and through the server's own create from
  # the agent Job's JSON template ("ceiling-template": KubernetesRunner.createJob, AgentJobJson).
  for how in typed template; do
    mock_api
    api_cpu=$(cpu_ms "$kube_pid")
    line=$("$java" -cp "$cp" dev.oats.runner.kubernetes.JobCreateCeiling "$kube_url" oats "$warmup" \
      "$seconds" 16 "$how" | grep '^RESULT')
    at_end=$(jobs_in_api)
    ok=$(echo "$line" | sed -n 's/.* requests=\([0-9]*\) non2xx=\([0-9]*\) .*/\1 \2/p' | awk '{print $1 - $2}')
    subject=$([ "$how" = typed ] && echo ceiling || echo ceiling-template)
    echo "$subject $line warm_ok=$((at_end - ok - 3)) jobs_before=$((at_end - ok)) jobs_at_end=$at_end jobs=$at_end drain_ms=0 server_cpu_ms=0 api_cpu_ms=$(($(cpu_ms "$kube_pid") - api_cpu))" \
      | tee -a "$work/runs"
    stop "$kube_pid"
  done
done

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work/runs" "$root/bench/results/control-plane.json" "$seconds" "$(machine)" "$warmup" "$image_opts" "$load_start" "$kube_kind" <<'PY'
import json, statistics, sys
runs_file, out, seconds, machine = sys.argv[1], sys.argv[2], float(sys.argv[3]), json.loads(sys.argv[4])
warmup, image_opts = int(sys.argv[5]), sys.argv[6]
machine["load_average_start"] = float(sys.argv[7])
kube_kind = sys.argv[8]
runs = {"seed": [], "oats": [], "oats-pod-token": [], "oats-before": [], "ceiling": [], "ceiling-template": []}
for line in open(runs_file):
    subject, _, *fields = line.split()
    values = dict(f.split("=") for f in fields)
    v = {k: int(x) for k, x in values.items()}
    v["jobs_per_s"] = (v["jobs_at_end"] - v["jobs_before"]) / (v["duration_us"] / 1e6)
    v["posts_ok"] = v["requests"] - v["non2xx"]
    v["p99_ms"] = v["p99_us"] / 1000
    v["p50_ms"] = v["p50_us"] / 1000
    # The 3 first POSTs and the warm-up's answered POSTs made Jobs too; every POST wrk saw
    # answered must have its Job.
    # The ceiling's CPU is counted over its warm-up too (one process), so over all its Jobs.
    made = max(1, v["jobs"] if subject.startswith("ceiling") else v["jobs"] - v["jobs_before"])
    v["server_cpu_ms_per_job"] = v.get("server_cpu_ms", 0) / made
    v["api_cpu_ms_per_job"] = v.get("api_cpu_ms", 0) / made
    v["every_post_a_job"] = v["jobs"] - 3 - v["warm_ok"] >= v["posts_ok"] and v["non2xx"] == 0
    runs[subject].append(v)
runs = {s: r for s, r in runs.items() if r}

def mmm(subject, key):
    xs = [r[key] for r in runs[subject]]
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}

table = {k: {s: mmm(s, k) for s in runs} for k in ("jobs_per_s", "p50_ms", "p99_ms", "drain_ms", "server_cpu_ms_per_job", "api_cpu_ms_per_job")}
ratio = table["jobs_per_s"]["oats"]["median"] / table["jobs_per_s"]["seed"]["median"]
pt = "oats-pod-token" in runs
pt_ratio = table["jobs_per_s"]["oats-pod-token"]["median"] / table["jobs_per_s"]["seed"]["median"] if pt else None
ceiling_ratio = table["jobs_per_s"]["ceiling"]["median"] / table["jobs_per_s"]["seed"]["median"]
template_ratio = table["jobs_per_s"]["ceiling-template"]["median"] / table["jobs_per_s"]["seed"]["median"] if "ceiling-template" in runs else None
result = {"benchmark": "control-plane", "api_server": kube_kind, "seconds_per_run": seconds, "warmup_seconds": warmup,
          "oats_java_tool_options": image_opts, "machine": machine,
          "runs": runs, "table": table, "jobs_per_s_ratio_of_medians": ratio,
          "ceiling_jobs_per_s_ratio_of_medians": ceiling_ratio,
          "ceiling_template_jobs_per_s_ratio_of_medians": template_ratio,
          "pod_token_jobs_per_s_ratio_of_medians": pt_ratio,
          "every_post_a_job": {s: all(r["every_post_a_job"] for r in runs[s]) for s in runs},
          "targets": {"ratio_at_least": 5, "oats_p99_ms_at_most": 20}}
json.dump(result, open(out, "w"), indent=2)
f = lambda d, fmt: " / ".join(fmt.format(d[k]) for k in ("min", "median", "max"))
print(f"\nPOST /investigate -> Job created, wrk -t2 -c16, {len(runs['oats'])} rounds of {seconds:.0f} s after {warmup} s of warm-up, min / median / max")
print(f"OATS with JAVA_TOOL_OPTIONS=\"{image_opts}\"; API server: {kube_kind}")
names = {"oats-before": "OATS before (pod-token, OATS_BENCH_BEFORE_JAR)", "seed": "seed (FastAPI + Python client)", "oats": "OATS, OATS_AGENT_AUTH=secret", "oats-pod-token": "OATS, OATS_AGENT_AUTH=pod-token (default)",
         "ceiling": "API server ceiling (typed client alone)", "ceiling-template": "API server ceiling (OATS's template create alone)"}
cols = list(runs)
print("| measure | " + " | ".join(names[c] for c in cols) + " |")
print("|---|" + "---:|" * len(cols))
def row(name, key, fmt, cells=None):
    print(f"| {name} | " + " | ".join(f(table[key][c], fmt) if (cells is None or c in cells) else "" for c in cols) + " |")
row("Jobs/s", "jobs_per_s", "{:.0f}")
print("| Jobs/s, median / seed's median | " + " | ".join(f"{table['jobs_per_s'][c]['median'] / table['jobs_per_s']['seed']['median']:.2f}x" for c in cols) + " |")
row("POST p50 ms (ceiling: one create)", "p50_ms", "{:.1f}")
row("POST p99 ms (ceiling: one create)", "p99_ms", "{:.1f}")
row("server CPU ms per Job (run + drain)", "server_cpu_ms_per_job", "{:.2f}", [c for c in cols if not c.startswith("ceiling")])
row("API server CPU ms per Job", "api_cpu_ms_per_job", "{:.2f}")
row("Jobs still being made after the run, ms", "drain_ms", "{:.0f}", [c for c in cols if not c.startswith("ceiling")])
print("| every POST a Job | " + " | ".join(str(result["every_post_a_job"][c]) if not c.startswith("ceiling") else "" for c in cols) + " |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average_start']:.1f} at the start, {machine['load_average']:.1f} at the end; {machine['java']}")
PY
