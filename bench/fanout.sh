#!/usr/bin/env bash
# Live fan-out: one investigation, N watchers (default 1000) over SSE and over WebSocket; the delay
# from the time the server stamps an event to its arrival at each watcher, and how many deliveries
# went missing. OATS against the reference OATS (before issue 14; see reference_jar in lib.sh), the
# two alternating, each on a fresh server and fake model. Writes bench/results/fanout.json.
#
# The watchers are one process on one NIO selector thread (FanoutClient nio: the arrival is noted
# when the read returns); OATS_BENCH_CLIENT=jdk watches with the JDK HTTP client instead (a virtual
# thread per watcher, the client of the earlier runs). Each run also notes the CPU seconds the
# server spent while watched and the client's own.
#
#   bench/fanout.sh
#   OATS_BENCH_WATCHERS=200 OATS_BENCH_ROUNDS=1 OATS_REFERENCE_JAR=/path/to/old/oats.jar bench/fanout.sh
#   OATS_BENCH_SUBJECTS=oats bench/fanout.sh      # OATS alone, for a quick check (no ratio)
#   OATS_BENCH_HOLD_S=300 bench/fanout.sh         # the longest the first turn waits for every
#                                                 # watcher's stream to open (default 180 s)
#   OATS_BENCH_TRANSPORTS=ws OATS_BENCH_THREADS=1 bench/fanout.sh   # one transport; server CPU by thread
#   OATS_BENCH_SERVER_OPTS="-XX:StartFlightRecording=settings=profile,filename=/tmp/ws.jfr" ...  # JFR
#   OATS_BENCH_CLIENT_THREADS=2 bench/fanout.sh   # the watchers on two selector threads (default one)
#   OATS_BENCH_CLIENT_OPTS="-Xmx2g" bench/fanout.sh   # the client's JVM options (default -Xms1g -Xmn768m)
# Each run's JSON also has the delays by event (by_event, tail_by_event), the client's own hold per
# delivery (client_held_ms) and the server's stage histograms over the live phase (server_stages).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${OATS_BENCH_ROUNDS:-3}
watchers=${OATS_BENCH_WATCHERS:-1000}
client=${OATS_BENCH_CLIENT:-nio}
subjects=${OATS_BENCH_SUBJECTS:-reference oats}
key=bench-key-0123456789abcdef
build
case " $subjects " in *" reference "*) reference=$(reference_jar) ;; esac

# run SUBJECT JAR TRANSPORT: one investigation watched by $watchers; appends to $work/runs.
run() {
  local subject=$1 server_jar=$2 transport=$3 port line
  rm -f "$work/model.url" "$work/gate" "$work/gate.timeout"
  # The first turn waits for the gate: the client creates $work/gate once every watcher's stream
  # is open (its first event frame, a replayed one, came: the server has it on the feed), so the
  # live events all come after; OATS_BENCH_HOLD_S (default 180) is only the longest wait, past
  # which the model goes on and the run is marked gate_timed_out.
  start model "$java" -cp "$cp" dev.oats.bench.FakeModelMain "$work/model.url" paced 12 100 \
    "${OATS_BENCH_HOLD_S:-180}" "$work/gate"
  model_pid=$last_pid
  for _ in $(seq 300); do [ -s "$work/model.url" ] && break; sleep 0.1; done
  port=$(free_port)
  rm -rf "$work/data"
  # Every watcher uses the one bench key: the per-key stream limit (OATS_STREAMS_PER_KEY, default
  # 100) is raised above the watchers, or all past the hundredth would be refused with 429.
  OATS_PORT=$port OATS_HOST=127.0.0.1 OATS_DATA_DIR="$work/data" OATS_API_KEYS=$key \
    OATS_STREAMS_PER_KEY=$((watchers + 16)) OATS_WORKSPACE="$work/workspace" OATS_TOOLS_DIR="$work/tools" OATS_MAX_TURNS=20 \
    ANTHROPIC_API_KEY=sk-ant-bench ANTHROPIC_BASE_URL="$(cat "$work/model.url")" \
    OATS_MODEL_MAX_RETRIES=0 JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 ${OATS_BENCH_SERVER_OPTS:-}" \
    start server "$java" -jar "$server_jar" server
  server_pid=$last_pid
  wait_for "http://127.0.0.1:$port/healthz"
  local cpu_before cpu_after overflows_before backlog
  cpu_before=$(cpu_ticks "$server_pid")
  overflows_before=$(listen_overflows)
  # The listening socket's accept queue as the kernel has it (ss: Send-Q of a LISTEN socket).
  backlog=$(ss -Hltn "sport = :$port" 2>/dev/null | awk '{print $3; exit}')
  # The client reads the server's CPU by thread when all are connected and at the end (the live
  # phase: server_live_cpu_*, server_live_threads).
  # The client's heap: a young generation large enough that the live phase needs no collection
  # (one would stop the selector thread, and what arrived meanwhile would be noted late);
  # OATS_BENCH_CLIENT_OPTS replaces it.
  line=$(OATS_BENCH_GATE="$work/gate" OATS_BENCH_SERVER_PID=$server_pid "$java" ${OATS_BENCH_CLIENT_OPTS:--Xms1g -Xmn768m} -cp "$cp" dev.oats.bench.FanoutClient "http://127.0.0.1:$port" "$key" \
    "$watchers" "$transport" "$client" | grep '^RESULT' | cut -c8-)
  cpu_after=$(cpu_ticks "$server_pid")
  local overflows=$(($(listen_overflows) - overflows_before)) timed_out=false
  [ -f "$work/gate.timeout" ] && timed_out=true
  [ -n "${OATS_BENCH_THREADS:-}" ] && thread_cpu "$server_pid" "$subject $transport" >&2
  # server_cpu_s: the whole process while watched; server_cpu_nojit_s: without the JIT's compiler
  # threads; server_cpu_us_per_delivery: the latter over the (watcher, event) pairs delivered.
  line=$(python3 -c 'import json,sys,os
r=json.loads(sys.argv[1]); t=os.sysconf("SC_CLK_TCK"); b=[int(x) for x in sys.argv[2].split()]; a=[int(x) for x in sys.argv[3].split()]
r["server_cpu_s"]=(a[0]-b[0])/t; r["server_cpu_nojit_s"]=((a[0]-b[0])-(a[1]-b[1]))/t
d=r["watchers"]*r["events"]-r["missing_deliveries"]-r.get("missing_deliveries_of_failed_watchers",0); r["deliveries"]=d
r["listen_backlog"]=int(sys.argv[4]) if sys.argv[4].isdigit() else -1; r["listen_overflows_machine"]=int(sys.argv[5]); r["gate_timed_out"]=sys.argv[6]=="true"
r["server_cpu_us_per_delivery"]=r["server_cpu_nojit_s"]*1e6/d if d else -1
r["load_average"]=os.getloadavg()[0]; print(json.dumps(r))' \
    "$line" "$cpu_before" "$cpu_after" "${backlog:-?}" "$overflows" "$timed_out")
  echo "$subject $line" | tee -a "$work/runs"
  stop "$server_pid"
  stop "$model_pid"
}

# listen_overflows: the kernel's count of handshakes dropped because a listening socket's accept
# queue was full (TcpExt ListenOverflows), machine-wide: other processes' sockets count too.
listen_overflows() {
  awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) n[$i] = i; h = 1 } else print $n["ListenOverflows"] }' /proc/net/netstat
}

# thread_cpu PID LABEL: the process's CPU seconds by thread name (digits folded), the top ten.
thread_cpu() {
  python3 - "$1" "$2" <<'PY'
import collections, glob, os, re, sys
tick = os.sysconf("SC_CLK_TCK")
by = collections.Counter()
for stat in glob.glob(f"/proc/{sys.argv[1]}/task/*/stat"):
    try:
        raw = open(stat).read()
    except OSError:
        continue
    name = raw[raw.index("(") + 1:raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2:].split()
    by[re.sub(r"[0-9]+", "N", name)] += (int(fields[11]) + int(fields[12])) / tick
print(f"thread CPU s, {sys.argv[2]}: " + ", ".join(f"{n} {s:.2f}" for n, s in by.most_common(10)))
PY
}

# cpu_ticks PID: user + system clock ticks the process has used, then those of its JIT compiler
# threads (C1/C2 CompilerThread).
cpu_ticks() {
  python3 - "$1" <<'PY'
import glob, sys
def ticks(path):
    raw = open(path).read()
    fields = raw[raw.rindex(")") + 2:].split()
    return int(fields[11]) + int(fields[12]), raw[raw.index("(") + 1:raw.rindex(")")]
total = ticks(f"/proc/{sys.argv[1]}/stat")[0]
jit = 0
for stat in glob.glob(f"/proc/{sys.argv[1]}/task/*/stat"):
    try:
        used, name = ticks(stat)
    except OSError:
        continue
    if "CompilerThre" in name:
        jit += used
print(total, jit)
PY
}

for round in $(seq "$rounds"); do
  for transport in ${OATS_BENCH_TRANSPORTS:-sse ws}; do
    for subject in $subjects; do
      if [ "$subject" = reference ]; then run reference "$reference" "$transport"; else run oats "$jar" "$transport"; fi
    done
  done
done

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work/runs" "$root/bench/results/fanout.json" "$(machine)" "$watchers" "$client" <<'PY'
import json, statistics, sys
runs_file, out, machine, watchers, client = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
runs = {}
for line in open(runs_file):
    subject, data = line.split(" ", 1)
    r = json.loads(data)
    runs.setdefault(r["transport"], {}).setdefault(subject, []).append(r)
keys = ("delay_ms_p50", "delay_ms_p99", "delay_ms_max", "missing_deliveries", "failed_watchers",
        "missing_deliveries_of_failed_watchers", "all_open_after_ms", "tcp_over_1s", "answer_over_1s", "listen_overflows_machine",
        "server_cpu_s", "server_cpu_nojit_s",
        "server_cpu_us_per_delivery", "server_live_cpu_nojit_s", "server_live_cpu_us_per_delivery", "client_cpu_s", "load_average")
def mmm(rs, k):
    # A run with no live delivery (every watcher connected after the last event: a loaded machine)
    # has -1 for the live measures; it is left out of them rather than taken as a figure.
    xs = [x for x in (r.get(k, -1) for r in rs) if x >= 0] or [-1]
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs)}
table = {t: {s: {k: mmm(rs, k) for k in keys} for s, rs in by.items()} for t, by in runs.items()}
json.dump({"benchmark": "fanout", "watchers": watchers, "client": client, "machine": machine, "runs": runs, "table": table,
           "targets": {"delay_ms_p99_at_most": 100, "missing": 0}}, open(out, "w"), indent=2)
f = lambda d: " / ".join(f"{d[k]:.0f}" if abs(d[k]) >= 10 else f"{d[k]:.1f}" for k in ("min", "median", "max"))
some = next(iter(runs.values()))
print(f"\nLive fan-out, N={watchers} watchers of one investigation ({client} client), {len(next(iter(some.values())))} rounds, min / median / max")
print("| transport | measure | reference OATS (before) | OATS | OATS / reference (medians) |")
print("|---|---|---:|---:|---:|")
names = (("delay_ms_p50", "delay p50 ms"), ("delay_ms_p99", "delay p99 ms"), ("missing_deliveries", "missing deliveries"),
         ("failed_watchers", "watchers failed"), ("missing_deliveries_of_failed_watchers", "missing deliveries of failed watchers"),
         ("all_open_after_ms", "every stream open after ms"), ("tcp_over_1s", "TCP handshakes over 1 s"),
         ("answer_over_1s", "answers (101/200) over 1 s"), ("listen_overflows_machine", "listen queue overflows (machine)"),
         ("server_cpu_s", "server CPU s"), ("server_cpu_nojit_s", "server CPU s without the JIT"),
         ("server_cpu_us_per_delivery", "server CPU µs per delivery (no JIT)"),
         ("server_live_cpu_nojit_s", "server CPU s, live phase, no JIT"),
         ("server_live_cpu_us_per_delivery", "server CPU µs per live delivery (no JIT)"), ("client_cpu_s", "client CPU s"), ("load_average", "load average"))
for t in ("sse", "ws"):
    if t not in table:
        continue
    for k, name in names:
        a, b = table[t].get("reference", {}).get(k), table[t].get("oats", {}).get(k)
        # -1: no live delivery measured (none arrived after all watchers were connected).
        a = a if a and a["median"] >= 0 else None
        b = b if b and b["median"] >= 0 else None
        ratio = f"{b['median'] / a['median']:.2f}x" if a and b and a["median"] else "-"
        print(f"| {t.upper()} | {name} | {f(a) if a else '-'} | {f(b) if b else '-'} | {ratio} |")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']:.1f}; {machine['java']}")
PY
