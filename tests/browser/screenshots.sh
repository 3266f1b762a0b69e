#!/usr/bin/env bash
#
# tests/browser/screenshots.sh - `make screenshots`: a stack of its own (as tests/run.sh:
# a fresh /tmp/jiugai-shots.* on a free port), the demo data (`jiugai seed`), then
# screenshots.js saves a PNG of each main page in Chinese and in English under
# var/screenshots/ (<page>.zh.png, <page>.en.png); the stack is stopped and removed after.
set -u
# shellcheck source=scripts/lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

OUT=$JIUGAI_ROOT/var/screenshots
T=

# shellcheck disable=SC2317  # the EXIT trap
finish() {
	local st=$?
	trap - EXIT
	if [ -n "$T" ]; then
		stop_all "$T" || st=1
		case $T in
		/tmp/jiugai-shots.*) rm -rf -- "$T" ;;
		esac
	fi
	exit "$st"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$JIUGAI_ROOT/tests/browser/install.sh" || exit 1
[ -x "${JIUGAI_CHROMIUM:-/usr/bin/chromium}" ] || { say "no chromium (run scripts/deps.sh)"; exit 1; }
PORT=$("$BUILD/tests/freeport") || { say "no free port ($BUILD/tests/freeport)"; exit 1; }
T=$(mktemp -d /tmp/jiugai-shots.XXXXXX) || exit 1
chmod 0755 "$T"
mkdir -p "$T/log"
{
	pg_start "$T" fast && keys "$T" && write_conf "$T" "$PORT" && app_migrate "$T" seed &&
	    app_serve "$T" && nginx_start "$T" "$PORT" &&
	    wait_http "http://127.0.0.1:$PORT/healthz" "$JIUGAI_WAIT"
} >"$T/log/stack.out" 2>&1 || {
	cat "$T/log/stack.out" >&2
	log_tail "$T/log/jiugai.log"
	say "the stack did not start"
	exit 1
}
mkdir -p -- "$OUT" || exit 1
rm -f -- "$OUT"/*.png
say "screenshots of http://127.0.0.1:$PORT/ into $OUT"
cd "$JIUGAI_ROOT/tests/browser" &&
    JIUGAI_TEST_URL=http://127.0.0.1:$PORT JIUGAI_CONFIG=$T/jiugai.conf JIUGAI_BIN=$JIUGAI_BIN \
    node screenshots.js "$OUT"
