#!/usr/bin/env bash
# Builds both images from this checkout: deploy/images/build.sh [tag]   (default 0.1.0)
# Then push them (docker push) or load them into a local cluster (see docs/install.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
tag="${1:-0.1.0}"
registry="${OATS_IMAGE_REGISTRY:-ghcr.io/oats-dev}"
./mvnw -B -q -pl oats-cli -am package -DskipTests
docker build -f deploy/images/server.Dockerfile -t "$registry/oats-server:$tag" .
docker build -f deploy/images/agent.Dockerfile -t "$registry/oats-agent:$tag" .
echo "built $registry/oats-server:$tag and $registry/oats-agent:$tag"
