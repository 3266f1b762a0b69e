#!/usr/bin/env bash
#
# tests/fuzz/run.sh - the fuzz harnesses of $BUILD/fuzz (built by `make fuzz-build`).
#
#   tests/fuzz/run.sh            regression (make test, via tests/run.sh): every harness
#                                over its seed corpus tests/fuzz/corpus/NAME/, each input
#                                once; one TAP line per harness.
#   tests/fuzz/run.sh SECONDS    make fuzz: every harness fuzzes for SECONDS with
#                                libFuzzer; new inputs go to $BUILD/fuzz/work/NAME (the
#                                seeds are read, never written), crashes to
#                                $BUILD/fuzz/crashes/; exec/s and findings are summed up.
#
# A crash found by fuzzing belongs in the corpus once fixed: copy the file from
# $BUILD/fuzz/crashes/ to tests/fuzz/corpus/NAME/ under a name that says what it was.
# Exit status: 0 when every harness passed, 1 otherwise.
set -u
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$ROOT" || exit 1
BUILD=${BUILD:-build}
W=$BUILD/fuzz
SECONDS_EACH=${1:-}

# Sanitizer reports make the harness exit non-zero; keep leaks on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

mkdir -p "$W/log" || exit 1
n=0
bad=0
for src in tests/fuzz/fuzz_*.c; do
	name=${src##*/fuzz_}
	name=${name%.c}
	bin=$W/fuzz_$name
	corpus=tests/fuzz/corpus/$name
	log=$W/log/$name.log
	n=$((n + 1))
	if [ ! -x "$bin" ]; then
		printf 'not ok %d - fuzz_%s: %s not built (make fuzz-build)\n' "$n" "$name" "$bin"
		bad=$((bad + 1))
		continue
	fi
	inputs=$(find "$corpus" -maxdepth 1 -type f 2>/dev/null | wc -l)
	if [ "$inputs" -eq 0 ]; then
		printf 'not ok %d - fuzz_%s: no seed corpus in %s\n' "$n" "$name" "$corpus"
		bad=$((bad + 1))
		continue
	fi
	if [ -z "$SECONDS_EACH" ]; then
		# -runs=0: run the seeds, no mutation (the standalone driver ignores it).
		if "$bin" -runs=0 "$corpus" >"$log" 2>&1; then
			printf 'ok %d - fuzz_%s corpus (%d inputs)\n' "$n" "$name" "$inputs"
		else
			printf 'not ok %d - fuzz_%s corpus\n' "$n" "$name"
			tail -n 40 "$log" | sed 's/^/# /'
			bad=$((bad + 1))
		fi
		continue
	fi
	mkdir -p "$W/work/$name" "$W/crashes"
	dict=()
	[ -f "tests/fuzz/dict/$name.dict" ] && dict=("-dict=tests/fuzz/dict/$name.dict")
	printf '# fuzz_%s: %s s\n' "$name" "$SECONDS_EACH"
	if "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$W/crashes/fuzz_$name-" "${dict[@]}" \
	    "$W/work/$name" "$corpus" >"$log" 2>&1; then
		result=ok
	else
		result='not ok'
		bad=$((bad + 1))
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -n 1)
	printf '%s %d - fuzz_%s: %s runs, %s exec/s, %s\n' "$result" "$n" "$name" \
	    "${execs:-?}" "${rate:-?}" "${cov:-?}"
	if [ "$result" != ok ]; then
		grep -E -m 1 -A 30 'ERROR: |runtime error|contract broken|deadly signal' "$log" |
		    sed 's/^/# /'
		ls "$W/crashes" | grep "^fuzz_$name-" | sed "s|^|# crash: $W/crashes/|"
	fi
done
if [ -n "$SECONDS_EACH" ]; then
	printf '%d passed, %d failed\n' "$((n - bad))" "$bad"
fi
[ "$bad" -eq 0 ]
