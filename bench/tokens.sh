#!/usr/bin/env bash
# Billed input tokens of a scripted 15-turn investigation (~200 KB of tool output), priced as
# Anthropic bills them: cache reads 0.1x, cache writes 1.25x, plain input 1x. The real agent loop
# and Anthropic adapter run against a fake Anthropic on 127.0.0.1 (dev.oats.bench.TokensBenchmark);
# each request is billed from its cache_control breakpoints and the prefixes written before
# (dev.oats.testkit.AnthropicPromptCache: Sonnet's 1024-token minimum, 5-minute life, 20-block
# look-back). Three designs over the same conversation:
#   seed design      the whole transcript resent every turn, the newest 12k tokens, no cache
#   OATS (before)    OATS_REFERENCE_REV (default 0a9ca76: main before first-sight excerpts), same harness
#   OATS             this tree
# Token counts are exact for a given script (no timing), so one run is enough. Writes
# bench/results/tokens.json and prints the table BENCHMARKS.md shows. Exits 1 unless the root-cause
# evidence planted in the third observation is in OATS's 4th request (the first after that
# observation) and in every request after it.
#
#   bench/tokens.sh
#   OATS_REFERENCE_REV=none bench/tokens.sh       # skip the reference build
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export OATS_BENCH_NO_BUILD=1
(cd "$root" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -o -pl oats-server -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.raw" >/dev/null)
cp="$root/oats-server/target/test-classes:$root/oats-server/target/classes:$(cat "$work/cp.raw")"

"$java" -cp "$cp" dev.oats.bench.TokensBenchmark oats "$work/oats.json"

rev=${OATS_REFERENCE_REV:-0a9ca76}
if [ "$rev" != none ]; then
  # The reference's oats-core classes go first on the class path; the harness uses only API
  # that the reference has.
  ref="$root/bench/.reference/$rev"
  if [ ! -d "$ref/oats-core/target/classes" ]; then
    mkdir -p "$ref"
    git -C "$root" archive "$rev" | tar -x -C "$ref"
    (cd "$ref" && JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -o -pl oats-core -am compile >&2)
  fi
  "$java" -cp "$ref/oats-core/target/classes:$cp" dev.oats.bench.TokensBenchmark before \
    "$work/before.json"
fi

mkdir -p "$root/bench/results"
/usr/bin/python3 - "$work" "$root/bench/results/tokens.json" "$(machine)" "$rev" <<'PY'
import json, os, sys
work, out, machine, rev = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
oats = json.load(open(os.path.join(work, "oats.json")))
before = json.load(open(os.path.join(work, "before.json"))) if os.path.exists(os.path.join(work, "before.json")) else None
seed = oats["seed_design"]["billed"]
rows = [("seed design: whole transcript, newest 12k tokens, no cache", None, oats["seed_design"])]
if before:
    rows.append((f"OATS before ({rev})", before["oats"], None))
rows.append(("OATS", oats["oats"], None))
json.dump({"benchmark": "tokens", "machine": machine, "reference_rev": rev,
           "tool_output_bytes": oats["tool_output_bytes"], "turns": oats["turns"],
           "every_observation_once_tokens": oats["every_observation_once_tokens"],
           "seed_design": oats["seed_design"], "before": before and before["oats"],
           "oats": oats["oats"], "target_billed_over_seed": 0.25}, open(out, "w"), indent=2)
print(f"\nBilled input tokens, scripted {oats['turns']}-turn investigation, "
      f"{oats['tool_output_bytes'] / 1000:.0f} KB of tool output (one run: token counts do not vary)")
print("| design | requests | input tokens | cache read | cache write | plain | behind cache markers | billed (plain-token equivalent) | / seed design | root cause in last request | root cause in every request from the 4th |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
yes = lambda b: "yes" if b else "no"
for name, o, s in rows:
    if s:
        print(f"| {name} | {len(s['per_request'])} | {seed:,} | 0 | 0 | {seed:,} | 0% | {seed:,} | 1.00x | {yes(s['evidence_in_last_request'])} | {yes(s.get('evidence_in_every_request_since'))} |")
    else:
        every = o.get("evidence_first_in_request") == 4 and o.get("evidence_in_every_request_since")
        print(f"| {name} | {o['requests']} | {o['input_tokens']:,} | {o['cache_read']:,} | {o['cache_write']:,} | {o['plain']:,} "
              f"| {o['behind_cache_markers']:.0%} | {o['billed']:,} | {o['billed'] / seed:.2f}x | {yes(o['evidence_in_last_request'])} | {yes(every)} |")
print(f"\nEvery observation once, in full: {oats['every_observation_once_tokens']:,} tokens "
      f"({oats['every_observation_once_tokens'] / seed:.2f}x the seed design)")
print("Per request, OATS (read / write / plain -> billed):")
for i, r in enumerate(oats["oats"]["per_request"], 1):
    print(f"  {i:2d}: {r['cache_read']:6,} / {r['cache_write']:6,} / {r['plain']:6,} -> {r['billed']:6,}")
print(f"\nmachine: {machine['cpu']}, {machine['cores']} cores, load {machine['load_average']:.1f}; {machine['java']}")
PY
