#!/usr/bin/env bash
# Checks that `oats logs templates` and `oats logs analyze` print byte for byte what a reference
# jar prints, on the ten Loghub-2k logs, every bench/data source and any extra logs given (a slice
# of bench/logs.sh's mixed log, say). Speed work on dev.oats.logs must leave every output as it was.
#
#   bench/logs-identical.sh REFERENCE_JAR [JAR] [EXTRA_LOG...]
#
# JAR defaults to oats-cli/target/oats.jar. Exits 1 and names the outputs that differ.
set -euo pipefail
root=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
. "$root/bin/jdk.sh"
find_jdk || exit 1
java="$OATS_JAVA_HOME/bin/java"
reference=${1:?usage: bench/logs-identical.sh REFERENCE_JAR [JAR] [EXTRA_LOG...]}
jar=${2:-$root/oats-cli/target/oats.jar}
shift $(($# >= 2 ? 2 : 1))
loghub=${OATS_LOGHUB_DIR:-$root/../shared/bench/loghub}
logs=()
for dir in "$loghub"/*/ "$root"/bench/data/*/; do
  for log in "$dir"*_2k.log; do
    [ -f "$log" ] && logs+=("$log")
  done
done
logs+=("$@")
work=$(mktemp -d /tmp/oats-identical.XXXXXX)
trap 'rm -rf "$work"' EXIT
differ=0
for log in "${logs[@]}"; do
  for pipeline in templates analyze; do
    "$java" -XX:ActiveProcessorCount=1 -jar "$reference" logs "$pipeline" "$log" >"$work/ref" 2>&1
    "$java" -XX:ActiveProcessorCount=1 -jar "$jar" logs "$pipeline" "$log" >"$work/new" 2>&1
    if cmp -s "$work/ref" "$work/new"; then
      echo "same    $pipeline $(basename "$log") $(md5sum <"$work/new" | cut -c1-12)"
    else
      echo "DIFFERS $pipeline $(basename "$log")"
      differ=1
    fi
  done
done
echo "${#logs[@]} logs, $((2 * ${#logs[@]})) outputs: $([ $differ = 0 ] && echo all identical || echo SOME DIFFER)"
exit $differ
