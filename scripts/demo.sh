#!/usr/bin/env bash
# npm run demo: set up, start the sandbox cluster (or reuse the one already running), and list it. Each step stops the
# demo with its own error and exit code; nothing runs after a step that failed.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit $?
config=$(node bin/run.js sandbox up) || exit $?
exec node bin/run.js -c "$config" list
