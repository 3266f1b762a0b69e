#!/usr/bin/env bash
#
# scripts/run.sh - `make run` (after deps and the build): PostgreSQL, keys, configuration,
# migrations, demo data, the jiugai workers and nginx, all from var/, all in the background.
# Running it again is harmless: PostgreSQL stays up, migrations and seed are no-ops, and
# jiugai and nginx are restarted / reloaded with the fresh configuration.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

D=$JIUGAI_ROOT/var
PORT=${JIUGAI_PORT:-8080}
URL=http://127.0.0.1:$PORT

fail() {
	say "$1"
	say "logs are in $D/log and $D/nginx; 'make stop' stops what did start"
	exit 1
}

if ! [[ $PORT =~ ^[1-9][0-9]{0,4}$ ]] || [ "$PORT" -gt 65535 ]; then
	fail "JIUGAI_PORT must be a port number: $PORT"
fi
check_dir "$D" grant || fail "cannot use $D"
pg_start "$D" || fail "PostgreSQL failed"
keys "$D" || fail "key generation failed"
write_conf "$D" "$PORT" || fail "cannot write $D/jiugai.conf"
app_migrate "$D" seed || fail "migrate/seed failed"
app_serve "$D" || fail "jiugai serve failed"
nginx_start "$D" "$PORT" || fail "nginx failed"
wait_http "$URL/healthz" 30 || fail "$URL/healthz does not answer (see $D/log/jiugai.log, $D/nginx/error.log)"

cd "$JIUGAI_ROOT"
bin=${JIUGAI_BIN#"$JIUGAI_ROOT"/}
cat <<MSG

  jiugai is running: $URL/      sign in at $URL/login

  Demo data is seeded: 21 departments, the 15 counties, 30 communities in every stage
  (their audit trails made through the workflow engine) and demo users, named
      <county>-<committee|street|county>-<clerk|approver|viewer>   e.g. lanshan-street-clerk
      <department>-<clerk|approver|viewer>                          e.g. housing-approver
  each with the password jiugai-demo-2016 (all of them: build/jiugai user list).
  To carry a community from 申报 to 物业管理 in the browser, sign in in turn as:
      lanshan-committee-clerk   declare (申报小区)
      lanshan-street-clerk      survey (摸底) and submit it
      lanshan-county-approver, housing-approver            approve the survey
      lanshan-county-clerk      plan, funding, submit the launch (启动改造)
      lanshan-county-approver, drc-approver, finance-approver (planning-approver
                                when an item needs a permit)  approve the launch
      construction-clerk        tender data, items done, completion, acceptance
      construction-approver, police-approver, ...           sign off items, approve
      audit-approver            approve the acceptance
      housing-clerk             hand-over data, submit the hand-over
      housing-approver, pricing-approver                    approve the hand-over
  The same through the API, with a token of the running configuration's key:

    TOKEN=\$($bin token --sub lanshan-street-clerk --dept street --org lanshan --roles clerk)
    curl -s -H "Authorization: Bearer \$TOKEN" $URL/api/v1/me
    curl -s -H "Authorization: Bearer \$TOKEN" $URL/api/v1/tasks

  A walk through the lifecycle with curl: README.md, "A short API tour".

  Logs:   var/log/jiugai.log  var/log/postgres.log  var/nginx/error.log  var/nginx/access.log
  Stop:   make stop

MSG
