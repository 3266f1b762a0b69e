#!/usr/bin/env bash
#
# tests/faults/run.sh - `make faults` (after `make tests-build $BUILD/tests/faults/faults`):
# a stack of its own (PostgreSQL, jiugai, nginx) in a temporary directory on a free port,
# started as tests/run.sh starts it, then $BUILD/tests/faults/faults: FAULTS_SECONDS of
# load with every fault several times, the checks, and the report (failed requests per
# fault; lost and duplicated acts, which must be zero). The stack is stopped at the end.
#
# Environment:
#   BUILD=build/asan     binaries to use (default build)
#   FAULTS_SECONDS=90    seconds of load (10 to 3600); every fault once per 25 s
#   FAULTS_CLIENTS=12    clients (communities in flight at once)
#   JIUGAI_KEEP=1        keep the temporary directory (it is kept anyway on failure)
#
# The faults need a cluster of their own to restart: JIUGAI_DATABASE_URL is ignored.
# Exit status 0 when the run passed.
set -u
# shellcheck source=scripts/lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../../scripts/lib.sh"

T=
child=
rc=2
SECONDS_LOAD=${FAULTS_SECONDS:-90}

# shellcheck disable=SC2317  # the EXIT trap
finish() {
	local st=$?
	trap - EXIT HUP INT TERM
	if [ -n "$child" ]; then
		kill -TERM "$child" 2>/dev/null
		wait "$child"
	fi
	[ "$st" -ge 128 ] && rc=$st
	if [ -n "$T" ]; then
		stop_all "$T" || { say "the stack did not stop cleanly"; rc=1; }
		if [ "$rc" -ne 0 ] || [ "${JIUGAI_KEEP:-0}" = 1 ]; then
			say "kept $T (logs in $T/log, acts in $T/log/faults.acts.tsv)"
		else
			case $T in
			/tmp/jiugai-faults.*) rm -rf -- "$T" ;;
			esac
		fi
	fi
	if [ "$rc" -eq 0 ]; then
		say "faults: passed"
	else
		say "faults: FAILED"
	fi
	exit "$rc"
}

trap finish EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "${JIUGAI_DATABASE_URL:-}" ]; then
	say "JIUGAI_DATABASE_URL ignored: the faults restart a cluster of their own"
	unset JIUGAI_DATABASE_URL JIUGAI_MIGRATE_URL
fi
for f in "$BUILD/tests/faults/faults" "$BUILD/tests/freeport" "$JIUGAI_BIN"; do
	if [ ! -x "$f" ]; then
		say "$f not found: make tests-build $BUILD/tests/faults/faults"
		exit 2
	fi
done

T=$(mktemp -d /tmp/jiugai-faults.XXXXXX) || exit 2
chmod 0755 "$T"
mkdir -p "$T/log"
PORT=$("$BUILD/tests/freeport") || { say "no free port"; exit 2; }
pg_start "$T" fast && keys "$T" && write_conf "$T" "$PORT" && app_migrate "$T" &&
    app_serve "$T" && nginx_start "$T" "$PORT" &&
    wait_http "http://127.0.0.1:$PORT/healthz" "$JIUGAI_WAIT" || exit 2

export JIUGAI_CONFIG=$T/jiugai.conf
export JIUGAI_TEST_URL=http://127.0.0.1:$PORT
export JIUGAI_TEST_DIR=$T
export JIUGAI_BIN
export JIUGAI_PIDFILE=$T/run/jiugai.pid

# In the background, so that a signal to this script interrupts `wait` at once.
(cd "$JIUGAI_ROOT" && exec timeout -k 10 $((SECONDS_LOAD + 600)) \
    "$BUILD/tests/faults/faults") </dev/null &
child=$!
wait "$child"
rc=$?
child=
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	say "faults: timed out"
fi
exit "$rc"
