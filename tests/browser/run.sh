#!/usr/bin/env bash
#
# tests/browser/run.sh - the browser suite, run by tests/run.sh after the http suites:
# installs playwright-core when missing (install.sh), then suite.js drives Debian's
# Chromium headless against $JIUGAI_TEST_URL and prints TAP ("ok N - name", a plan line).
#
# Environment (tests/run.sh exports it): JIUGAI_TEST_URL, JIUGAI_BIN, JIUGAI_CONFIG,
# JIUGAI_TEST_DIR (failure screenshots go to its log/).  To run it alone against a stack
# of your own, export those four and run `bash tests/browser/run.sh`.
set -uo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)

# not_ok WHY: the suite could not start; one failed test says why.
not_ok() {
	printf '1..1\nnot ok 1 - %s\n' "$1"
	exit 1
}

for v in JIUGAI_TEST_URL JIUGAI_BIN JIUGAI_CONFIG; do
	[ -n "${!v:-}" ] || not_ok "browser suite: $v is not set (tests/run.sh sets it)"
done
chromium=${JIUGAI_CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || not_ok "browser suite: $chromium not found (run scripts/deps.sh)"
bash "$here/install.sh" || not_ok "browser suite: installing playwright-core (npm ci) failed"
cd -- "$here" && exec node suite.js
