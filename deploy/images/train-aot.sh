#!/bin/sh
# Trains the agent image's AOT cache (JDK 25) on a real agent run rather than on `oats tools`:
# the goal read, the tools loaded, the model's SDK client built, the loop started and the first
# model request sent — everything the agent does before its first request, which is what its
# start costs. No model answers here (the build has no network): the request goes to a closed
# loopback port and the run ends as failed, which is expected.
#
#   train-aot.sh JAVA JAR OUTPUT.aot
set -eu
java=$1 jar=$2 out=$3
scratch=$(mktemp -d)
env OATS_GOAL="why is the aot-training pod failing in namespace default?" \
  ANTHROPIC_API_KEY=sk-ant-aot-training ANTHROPIC_BASE_URL=http://127.0.0.1:9 \
  OATS_MODEL_MAX_RETRIES=0 OATS_WORKSPACE="$scratch" OATS_RESULTS_DIR="$scratch" HOME="$scratch" \
  "$java" -XX:AOTCacheOutput="$out" -jar "$jar" agent >"$scratch/training.log" 2>&1 || true
if [ ! -s "$out" ]; then
  echo "the AOT training run wrote no cache; its output:" >&2
  cat "$scratch/training.log" >&2
  exit 1
fi
rm -rf "$scratch"
