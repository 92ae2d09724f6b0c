# Sourced by bench/control-plane.sh and bench/control-plane-pair.sh (after lib.sh): the mock API
# server, the Jobs counted in it, the CPU time of a process, and the warm-up before a measured run.

# mock_api: a fresh API server (kind $kube_kind, default lean; $kube_log to log its requests);
# sets $kube_pid and $kube_url.
mock_api() {
  rm -f "$work/kube.url"
  start kube "$java" -Xmx1g -cp "$cp" dev.oats.bench.MockKubeApi "$work/kube.url" "${kube_kind:-lean}" ${kube_log:-}
  kube_pid=$last_pid
  for _ in $(seq 300); do [ -s "$work/kube.url" ] && break; sleep 0.1; done
  kube_url=$(sed 's:/*$::' "$work/kube.url")
}

# cpu_ms PID: the CPU time (user + system) the process has used so far, in ms.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat" 2>/dev/null || echo 0
}

# The Jobs in the API server: one item and the count of the others where limit is served (the
# lean server), every item otherwise (fabric8's mock ignores limit).
jobs_in_api() {
  curl -sf "$kube_url/apis/batch/v1/namespaces/oats/jobs?limit=1" \
    | /usr/bin/python3 -c 'import json,sys; l=json.load(sys.stdin); print(len(l["items"]) + l["metadata"].get("remainingItemCount", 0))'
}

# settle: waits until the Job count has not moved for 3 s (at most 60 s); sets $settled and
# $settle_ms (how long the Jobs kept coming).
settle() {
  local start_ms changed_ms last n
  start_ms=$(date +%s%3N)
  last=$(jobs_in_api)
  changed_ms=$start_ms
  while [ $(($(date +%s%3N) - changed_ms)) -lt 3000 ] && [ $(($(date +%s%3N) - start_ms)) -lt 60000 ]; do
    sleep 0.1
    n=$(jobs_in_api)
    if [ "$n" != "$last" ]; then last=$n; changed_ms=$(date +%s%3N); fi
  done
  settled=$last
  settle_ms=$((changed_ms - start_ms))
}

# warm_up URL: three submits, so that neither side pays its first-request costs in the run, then
# $warmup seconds of wrk and a settle; sets $warm_ok (the warm-up's submits answered 2xx).
warm_up() {
  local url=$1 line
  warm_ok=0
  for _ in 1 2 3; do
    curl -sf -o /dev/null -H "X-API-Key: $key" -H 'Content-Type: application/json' \
      -d '{"goal": "warm up", "target_namespace": "shop"}' "$url/investigate"
  done
  if [ "$warmup" -gt 0 ]; then
    line=$(BENCH_KEY=$key wrk -t2 -c16 -d"${warmup}s" --timeout 10s -s "$root/bench/post.lua" \
      "$url/investigate" | grep '^RESULT')
    warm_ok=$(echo "$line" | sed -n 's/.* requests=\([0-9]*\) non2xx=\([0-9]*\) .*/\1 \2/p' \
      | awk '{print $1 - $2}')
    settle
  fi
}
