#!/usr/bin/env bash
#
# scripts/stop.sh - `make stop`: stop what scripts/run.sh started, by the pid files in var/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

D=$JIUGAI_ROOT/var
if [ ! -d "$D" ]; then
	say "nothing to stop (no $D)"
	exit 0
fi
stop_all "$D"
say "stopped"
