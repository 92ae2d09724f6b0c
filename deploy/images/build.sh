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
# Docker, else Podman (OATS_CONTAINER_ENGINE chooses): checked before the jar's minutes-long build.
engine="${OATS_CONTAINER_ENGINE:-}"
if [ -z "$engine" ]; then
  for candidate in docker podman; do
    if command -v "$candidate" >/dev/null 2>&1; then engine="$candidate"; break; fi
  done
fi
if [ -z "$engine" ] || ! command -v "$engine" >/dev/null 2>&1; then
  echo "Building the images needs Docker or Podman on the PATH, and ${engine:-neither} was found." >&2
  echo "Install one (or set OATS_CONTAINER_ENGINE), or build on a machine that has one." >&2
  exit 1
fi
if ! "$engine" info >/dev/null 2>&1; then
  echo "$engine is installed but does not answer ('$engine info' failed): start its daemon" \
    "(for Docker: systemctl start docker), or use Podman (OATS_CONTAINER_ENGINE=podman)." >&2
  exit 1
fi
tag="${1:-0.1.0}"
registry="${OATS_IMAGE_REGISTRY:-localhost}"
JAVA_HOME="$OATS_JAVA_HOME" ./mvnw -B -q -pl oats-cli -am package -DskipTests
"$engine" build -f deploy/images/server.Dockerfile -t "$registry/oats-server:$tag" .
"$engine" build -f deploy/images/agent.Dockerfile -t "$registry/oats-agent:$tag" .
echo "built $registry/oats-server:$tag and $registry/oats-agent:$tag"
