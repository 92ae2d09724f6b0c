#!/usr/bin/env bash
# The web UI's checks, run by the Maven build of oats-server (see its pom):
#   frontend.sh format   formats the UI's scripts and styles with Prettier, then lints with ESLint
#   frontend.sh check    checks the format instead of writing it (CI=true), then lints
#   frontend.sh test     unit-tests the UI's helpers with node --test (src/test/js)
# The tools are the versions pinned in package-lock.json, installed once with npm ci; a later build
# needs no network until the lock file changes.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v node >/dev/null 2>&1; then
  echo "The web UI's checks need Node.js 20.19 or later (with npm) on the PATH; none was found." >&2
  echo "Install it (Debian: the nodejs package of NodeSource, or nodejs + npm) and build again." >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
              process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "The web UI's checks need Node.js 20.19 or later; this is $(node --version)." >&2
  exit 1
fi

mode="${1:-format}"
if [ "$mode" = test ]; then
  exec node --test src/test/js/
fi

if ! cmp -s package-lock.json node_modules/.oats-installed-lock 2>/dev/null; then
  echo "Installing the web UI's tools (npm ci, versions pinned in package-lock.json)..."
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.oats-installed-lock
fi

files=(src/main/resources/public/assets src/test/js eslint.config.js)
if [ "$mode" = check ]; then
  node_modules/.bin/prettier --check --log-level warn "${files[@]}" || {
    echo "Web UI files are not formatted: run ./mvnw -pl oats-server process-sources" \
      "(or npm run format in oats-server) and commit the result." >&2
    exit 1
  }
else
  node_modules/.bin/prettier --write --log-level warn "${files[@]}"
fi
node_modules/.bin/eslint --max-warnings 0 src/main/resources/public/assets src/test/js
