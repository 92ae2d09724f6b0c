#!/usr/bin/env bash
# Builds both images from this checkout: deploy/images/build.sh [tag]   (default 0.1.0)
# They are local images (localhost/oats-server, localhost/oats-agent): nothing is published. Load
# them into a local cluster, or tag and push them to your registry (see docs/install.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=../../bin/jdk.sh
. "$root/bin/jdk.sh"
find_jdk || exit 1
tag="${1:-0.1.0}"
registry="${OATS_IMAGE_REGISTRY:-localhost}"
JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -pl oats-cli -am package -DskipTests
docker build -f deploy/images/server.Dockerfile -t "$registry/oats-server:$tag" .
docker build -f deploy/images/agent.Dockerfile -t "$registry/oats-agent:$tag" .
echo "built $registry/oats-server:$tag and $registry/oats-agent:$tag"
