#!/usr/bin/env bash
# The whole test suite: unit, contract (real etcd), end-to-end (real Patroni 3.0.2 + PostgreSQL 15 + etcd), and the
# packaged ptctl (the single executable and the .deb, installed into a fresh root) in place of bin/run.js.
# Prints a final "N passed, N failed" line and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
export OCLIF_SKIP_NEW_VERSION_CHECK=true
# the tests and benches are type-checked too (vitest only strips types), and the code is linted
./node_modules/.bin/tsc --noEmit -p tsconfig.json || { echo "type check failed" >&2; exit 1; }
# the start-up and build scripts through their JSDoc (against dist/'s declarations, which the build above wrote)
./node_modules/.bin/tsc -p tsconfig.scripts.json || { echo "type check of the scripts failed" >&2; exit 1; }
./node_modules/.bin/eslint . || { echo "lint failed" >&2; exit 1; }
report=$(mktemp)
# the run's own temporary folder: every sandbox, server data directory and temporary file of the tests goes in it, so
# what the run leaves behind is found exactly (PostgreSQL, run as postgres, must be able to walk into it)
run_tmp=$(mktemp -d /tmp/ptctl-run-XXXXXX)
chmod 755 "$run_tmp"
# the package is built and installed here, into a root of its own (its own dpkg database: this machine's is untouched)
node scripts/package.mjs >/dev/null || { echo "Error: packaging failed (npm run package shows why)" >&2; exit 1; }
deb=$(ls package/ptctl_*_amd64.deb)
deb_root="$run_tmp/deb-root"
mkdir -p "$deb_root/var/lib/dpkg/info" "$deb_root/var/lib/dpkg/updates" && touch "$deb_root/var/lib/dpkg/status"
dpkg --root="$deb_root" --force-depends -i "$deb" >/dev/null || { echo "Error: dpkg -i $deb failed" >&2; exit 1; }
export PTCTL_PACKAGED="$deb_root/usr/bin/ptctl" PTCTL_DEB="$PWD/$deb"
TMPDIR="$run_tmp" ./node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$report"
status=$?
node scripts/test-summary.mjs "$report" || status=1
rm -f "$report"
rm -rf "$deb_root"
# nothing may outlive the run: no sandbox, server or watchdog process, nothing left in its folder
if ! node scripts/check-leftovers.mjs "$run_tmp" --kill; then
  echo "the test run left processes or files behind (listed above; now removed)" >&2
  status=1
fi
rmdir "$run_tmp" 2>/dev/null
exit $status
