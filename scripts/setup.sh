#!/usr/bin/env bash
# Everything ptctl needs to build and to run its sandbox: Debian's packages (when missing), the npm packages (when
# package-lock.json is newer than what is installed), then the build. Stops at the first step that fails.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh || exit 1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >/dev/null || { echo "Error: npm ci failed" >&2; exit 1; }
fi
export OCLIF_SKIP_NEW_VERSION_CHECK=true
npm run build --silent >/dev/null || { echo "Error: the build failed (npm run build shows why)" >&2; exit 1; }
