#!/usr/bin/env bash
#
# tests/tools/audit_final.sh - run by tests/run.sh after every suite: whatever the suites did
# (races, killed workers, database restarts, hand edits undone), the audit chain verifies
# and every community is what its events say (docs/audit.md). One TAP line per check.
#
# Environment (tests/run.sh): JIUGAI_BIN, JIUGAI_CONFIG; JIUGAI_VALGRIND=1 runs the tools
# under memcheck.
set -u

bin=${JIUGAI_BIN:-build/jiugai}
pre=()
if [ "${JIUGAI_VALGRIND:-0}" = 1 ]; then
	pre=(valgrind -q --leak-check=full --error-exitcode=99)
fi

n=0
rc=0
echo "1..2"
for check in verify-audit "replay --check"; do
	n=$((n + 1))
	# shellcheck disable=SC2086  # "replay --check" is two words
	if out=$("${pre[@]}" "$bin" $check 2>&1); then
		printf '%s\n' "$out" | tail -n 2 | sed 's/^/# /'
		echo "ok $n - jiugai $check after every suite"
	else
		printf '%s\n' "$out" | tail -n 40 | sed 's/^/# /'
		echo "not ok $n - jiugai $check after every suite"
		rc=1
	fi
done
exit "$rc"
