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

  jiugai is running: $URL/

  Demo data is seeded: 21 departments, the 15 counties, 30 communities in every stage
  (their audit trails made through the workflow engine) and demo users, named
      <county>-<committee|street|county>-<clerk|approver|viewer>   e.g. lanshan-street-clerk
      <department>-<clerk|approver|viewer>                          e.g. housing-approver
  each with the password jiugai-demo-2016 (check one: build/jiugai user list).
  The web login comes later; until then act as a demo user through the API with a token:

    TOKEN=\$($bin token --sub lanshan-street-clerk --dept street --org lanshan --roles clerk)
    curl -s -H "Authorization: Bearer \$TOKEN" $URL/api/v1/me
    curl -s -H "Authorization: Bearer \$TOKEN" $URL/api/v1/tasks
    curl -s -H "Authorization: Bearer \$TOKEN" "$URL/api/v1/communities?limit=5"

  A walk through the lifecycle with curl: README.md, "A short API tour".

  Logs:   var/log/jiugai.log  var/log/postgres.log  var/nginx/error.log  var/nginx/access.log
  Stop:   make stop

MSG
