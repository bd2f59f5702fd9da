#!/usr/bin/env bash
# The whole test suite: unit, contract (real etcd) and end-to-end (real Patroni 3.0.2 + PostgreSQL 15 + etcd).
# Prints a final "N passed, N failed" line and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
export OCLIF_SKIP_NEW_VERSION_CHECK=true
# the tests and benches are type-checked too (vitest only strips types), and the code is linted
./node_modules/.bin/tsc --noEmit -p tsconfig.json || { echo "type check failed" >&2; exit 1; }
./node_modules/.bin/eslint . || { echo "lint failed" >&2; exit 1; }
report=$(mktemp)
# the run's own temporary folder: every sandbox, server data directory and temporary file of the tests goes in it, so
# what the run leaves behind is found exactly (PostgreSQL, run as postgres, must be able to walk into it)
run_tmp=$(mktemp -d /tmp/ptctl-run-XXXXXX)
chmod 755 "$run_tmp"
TMPDIR="$run_tmp" ./node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$report"
status=$?
node scripts/test-summary.mjs "$report" || status=1
rm -f "$report"
# nothing may outlive the run: no sandbox, server or watchdog process, nothing left in its folder
if ! node scripts/check-leftovers.mjs "$run_tmp" --kill; then
  echo "the test run left processes or files behind (listed above; now removed)" >&2
  status=1
fi
rmdir "$run_tmp" 2>/dev/null
exit $status
