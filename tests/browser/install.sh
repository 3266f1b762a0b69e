#!/usr/bin/env bash
#
# tests/browser/install.sh - install the browser suite's one npm package (playwright-core,
# exactly as package-lock.json pins it) into tests/browser/node_modules with `npm ci`.
# Never a browser download: the suite drives Debian's /usr/bin/chromium (scripts/deps.sh).
# Idempotent and quiet: nothing is done while node_modules matches the lock file.
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")"

stamp=node_modules/.jiugai-lock
if [ -f node_modules/playwright-core/package.json ] && cmp -s package-lock.json "$stamp"; then
	exit 0
fi
for c in node npm; do
	if ! command -v "$c" >/dev/null 2>&1; then
		echo "browser: $c not found (run scripts/deps.sh)" >&2
		exit 1
	fi
done
log=$(mktemp)
trap 'rm -f -- "$log"' EXIT
echo "browser: npm ci (playwright-core, no browser download)" >&2
if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error \
    >"$log" 2>&1; then
	cat -- "$log" >&2
	echo "browser: npm ci failed in tests/browser" >&2
	exit 1
fi
cp -- package-lock.json "$stamp"
