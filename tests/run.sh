#!/usr/bin/env bash
#
# tests/run.sh - `make test` (after `make tests-build`): the whole stack (PostgreSQL, jiugai
# workers, nginx) in a temporary directory on a free port, then every test binary of
# $BUILD/tests/unit, $BUILD/tests/sql and $BUILD/tests/http, in that order; after the unit
# tests, tests/fuzz/run.sh replays the fuzz corpora through the harnesses of $BUILD/fuzz;
# after the http suites, tests/browser/run.sh drives Debian's Chromium through the pages
# (it installs its npm package, playwright-core, when missing).
#
# Test binaries print TAP (CMOCKA_MESSAGE_OUTPUT=TAP); "ok" lines pass, "not ok" lines fail
# (a "# SKIP"/"# TODO" directive counts as neither). A binary that exits non-zero or times
# out without a "not ok" of its own counts as one failure. The last line of output is always
#     N passed, N failed
# and the exit status is 1 on any failure or when no test ran.
#
# Environment:
#   BUILD=build/asan       binaries to test (default build)
#   JIUGAI_VALGRIND=1      server, unit and sql tests under valgrind (make valgrind)
#   JIUGAI_SANITIZE=1      binaries built with ASan/UBSan (make asan)
#   JIUGAI_KEEP=1          keep the temporary directory (logs, cluster) and print its path
#   JIUGAI_DATABASE_URL    use that server instead of a temporary cluster, as the app role
#   JIUGAI_MIGRATE_URL     with it: the owner role that migrations run as (docs/audit.md)
#   JIUGAI_TEST_TIMEOUT    seconds per test binary (default 600)
#
# Exported to the tests: JIUGAI_CONFIG, JIUGAI_DATABASE_URL, JIUGAI_TEST_URL (nginx),
# JIUGAI_TEST_DIR (the state directory: log/, run/, pg/), JIUGAI_BIN, JIUGAI_PIDFILE.
# JIUGAI_DATABASE_URL is that of the database the server uses; tests share it and must
# create their own records (suites run in order, nothing is reset in between).
set -u
# shellcheck source=scripts/lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/../scripts/lib.sh"

passed=0
failed=0
failures=()
T=
child=
tailer=
LOG=$BUILD/test.log
TIMEOUT=${JIUGAI_TEST_TIMEOUT:-600}

# fail NAME: one failure that no TAP line reported.
fail() {
	failed=$((failed + 1))
	failures+=("$1")
	printf 'FAIL: %s\n' "$1" | tee -a "$LOG"
}

# shellcheck disable=SC2317  # called from finish, the EXIT trap
# check_logs: reports the server wrote about itself (valgrind, sanitizers). Run after the
# server stopped, because leaks are reported at exit.
check_logs() {
	local f
	for f in "$T"/log/valgrind.[0-9]*.log; do
		[ -e "$f" ] || continue
		# A worker the tests killed with SIGKILL leaves no summary:
		# valgrind cannot catch that signal.  Any summary must be clean.
		if ! grep -q 'ERROR SUMMARY' "$f"; then
			continue
		fi
		if ! grep -q 'ERROR SUMMARY: 0 errors' "$f"; then
			log_tail "$f" 60
			fail "valgrind: errors in the server ($f)"
		fi
	done
	f=$T/log/jiugai.log
	if [ -e "$f" ] && grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$f"; then
		grep -E -A 30 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$f" | head -n 120 >&2
		fail "sanitizer: errors in the server (jiugai.log)"
	fi
}

# finish: the EXIT trap. Stop everything, check the server's own logs, clean up, and print
# the totals as the very last line.
# shellcheck disable=SC2317
finish() {
	local st=$? line
	trap - EXIT HUP INT TERM
	trap '' PIPE	# output may be gone (`| head`): clean up regardless
	if [ -n "$child" ]; then
		kill -TERM "$child" 2>/dev/null	# timeout passes it on, then SIGKILLs after 10s
		wait "$child"
	fi
	[ -z "$tailer" ] || kill "$tailer" 2>/dev/null
	if [ -n "$T" ]; then
		stop_all "$T" || fail "stack: did not stop cleanly"
		check_logs
		if [ -s "$T/log/not-ok" ]; then
			while read -r line; do failures+=("$line"); done <"$T/log/not-ok"
		fi
		if [ "${JIUGAI_KEEP:-0}" = 1 ]; then
			say "kept $T"
		else
			case $T in
			/tmp/jiugai-test.*) rm -rf -- "$T" ;;
			esac
		fi
	fi
	if [ "$st" -ge 128 ]; then
		fail "interrupted (signal $((st - 128)))"
	fi
	if [ "${#failures[@]}" -gt 0 ]; then
		printf '\nFailed:\n' | tee -a "$LOG"
		printf '  %s\n' "${failures[@]}" | tee -a "$LOG"
	fi
	[ $((passed + failed)) -gt 0 ] || say "no test ran"
	say "full log: $LOG"
	printf '%d passed, %d failed\n' "$passed" "$failed" | tee -a "$LOG"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && exit 0
	exit 1
}

# run_one SUITE BINARY: run one test binary, print and log its output, count its TAP lines.
run_one() {
	local suite=$1 bin=$2 name out vlog rc ok notok
	local -a cmd=(timeout -k 10 "$TIMEOUT")

	name=$suite/${bin##*/}
	out=$T/log/test.$suite.${bin##*/}.out
	vlog=$T/log/valgrind.test.$suite.${bin##*/}.log
	# (fuzz: harnesses built with ASan, which valgrind cannot run; final: a script that
	# runs its tools under valgrind itself; browser: node and Chromium, not ours)
	if [ "${JIUGAI_VALGRIND:-0}" = 1 ] && [ "$suite" != http ] && [ "$suite" != fuzz ] &&
	    [ "$suite" != final ] && [ "$suite" != browser ]; then
		cmd+=(valgrind --leak-check=full --error-exitcode=99 "--log-file=$vlog")
	fi
	printf '# %s\n' "$name" | tee -a "$LOG"
	: >"$out"
	# In the background, so that a signal to this script interrupts `wait` at once (the
	# trap then stops the test: timeout runs it in a process group of its own, out of
	# reach of the terminal's ^C); tail shows its output as it comes.
	(cd "$JIUGAI_ROOT" && CMOCKA_MESSAGE_OUTPUT=TAP exec "${cmd[@]}" "$bin") \
	    >"$out" 2>&1 </dev/null &
	child=$!
	tail -n +1 -s 0.2 -f --pid="$child" -- "$out" &
	tailer=$!
	wait "$child"
	rc=$?
	child=
	wait "$tailer"
	tailer=
	cat "$out" >>"$LOG"

	ok=$(grep -cE '^ok ' "$out")
	notok=$(grep -E '^not ok ' "$out" | grep -cviE '^not ok[^#]*# *(skip|todo)')
	passed=$((passed + ok))
	failed=$((failed + notok))
	grep -E '^not ok ' "$out" | grep -viE '^not ok[^#]*# *(skip|todo)' |
	    while read -r line; do printf '%s: %s\n' "$name" "$line"; done >>"$T/log/not-ok"

	if [ -e "$vlog" ] && ! grep -q 'ERROR SUMMARY: 0 errors' "$vlog"; then
		log_tail "$vlog" 60
		fail "$name: valgrind errors ($vlog)"
		[ "$rc" -ne 99 ] || rc=0	# --error-exitcode: counted just now
	fi
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		fail "$name: timed out after ${TIMEOUT}s"
	elif [ "$rc" -ne 0 ] && [ "$notok" -eq 0 ]; then
		fail "$name: exit status $rc without a failed test"
	elif [ $((ok + notok)) -eq 0 ]; then
		fail "$name: printed no test results"
	fi
}

# run_suite SUITE: every executable in $BUILD/tests/SUITE, in name order.
run_suite() {
	local bin
	for bin in "$BUILD/tests/$1"/*; do
		if [ -f "$bin" ] && [ -x "$bin" ]; then
			run_one "$1" "$bin"
		fi
	done
}

mkdir -p -- "$BUILD" && : >"$LOG" || exit 1
trap finish EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

T=$(mktemp -d /tmp/jiugai-test.XXXXXX) || exit 1
chmod 0755 "$T"
mkdir -p "$T/log"
: >"$T/log/not-ok"
if [ "${JIUGAI_SANITIZE:-0}" = 1 ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi

# The stack, in two levels: the database (sql and http suites) and the server (http).
# The suites sign in often from one address: a looser login limit than production's
# (tests/http/test_zz_web_limit.c checks that the limit bites).
export JIUGAI_LOGIN_RATE=${JIUGAI_LOGIN_RATE:-600r/m}
export JIUGAI_LOGIN_BURST=${JIUGAI_LOGIN_BURST:-40}
db=0
web=0
PORT=$("$BUILD/tests/freeport") || PORT=
if [ -z "$PORT" ]; then
	say "no free port ($BUILD/tests/freeport; run make tests-build)"
elif pg_start "$T" fast && keys "$T" && write_conf "$T" "$PORT" && app_migrate "$T"; then
	db=1
	if app_serve "$T" && nginx_start "$T" "$PORT"; then
		if wait_http "http://127.0.0.1:$PORT/healthz" "$JIUGAI_WAIT"; then
			web=1
		else
			log_tail "$T/log/jiugai.log"
			log_tail "$T/nginx/error.log"
		fi
	fi
fi
# (each step above already showed the log of what failed)
if [ "$web" = 0 ]; then
	if [ "$db" = 1 ]; then
		fail "stack: jiugai/nginx did not start (http suite skipped)"
	else
		fail "stack: the database did not start (sql and http suites skipped)"
	fi
fi

export JIUGAI_CONFIG=$T/jiugai.conf
export JIUGAI_TEST_URL=http://127.0.0.1:$PORT
export JIUGAI_TEST_DIR=$T
export JIUGAI_BIN
export JIUGAI_PIDFILE=$T/run/jiugai.pid

run_suite unit
run_one fuzz tests/fuzz/run.sh	# each harness over its seed corpus: one TAP line each
[ "$db" = 1 ] && run_suite sql
[ "$web" = 1 ] && run_suite http
[ "$web" = 1 ] && run_one browser tests/browser/run.sh
# After everything: the audit chain verifies, every community replays (docs/audit.md).
[ "$db" = 1 ] && run_one final tests/tools/audit_final.sh
exit 0
