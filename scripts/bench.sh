#!/usr/bin/env bash
#
# scripts/bench.sh - `make bench`: jiugai against the physical limits (issue 6).
#
# A stack of its own (as tests/run.sh: a fresh /tmp/jiugai-bench.* on a free port, the
# cluster set up as scripts/bench_scale.sh sets it up), the demo data plus a data set of
# BENCH_COMMUNITIES communities and BENCH_EVENTS events loaded by `jiugai gen`, then each
# scenario side by side with its yardstick, BENCH_RUNS times, BENCH_SECONDS each, the two
# sides taking turns so that drift on a busy machine hits both alike:
#
#   assessment  GET /api/v1/reports/assessment?from=2020-01-01&to=2020-12-31, the whole
#          city, one client  vs  pgbench, one client: s_assessment in the handler's
#          read-only transaction (api_assessment.c); measured first, on the data set as
#          gen loaded it (issue 5 §8: < 200 ms at 20,000 communities, 2 million events)
#   floor  GET /healthz through nginx and a worker   vs  nginx answering `return 200` itself
#   read   GET /api/v1/communities/{random id}       vs  pgbench: s_community_json, same ids
#   list   GET /api/v1/communities?county=&limit=50  vs  pgbench: s_community_list, same values
#   transition  POST /api/v1/communities/{id}/approvals: construction's approval of an open
#          `complete` round fires piloted -> renovated  vs  pgbench: the eight statements of
#          that request (api_flow.c) in one transaction, each community approved once
#          (a pool of communities of its own, tests/bench/transition.sql, added after the
#          assessment was measured)
#
# wrk drives HTTP and pgbench the database, at the same concurrency (BENCH_CONCURRENCY) and
# with the same threads (the assessment: one connection, one client). pgbench runs the
# statements' very text (`jiugai stmts NAME`) as prepared statements, as the workers do.
# Prints a table of medians with min-max over the runs, the workers' resident memory, then
# stops everything. The table is also saved in var/bench/latest.txt. docs/benchmarks.md
# explains the method and what is not measured yet.
set -u
# shellcheck source=scripts/lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_RUN=${BENCH_SECONDS:-10}
RUNS=${BENCH_RUNS:-3}
NCOMM=${BENCH_COMMUNITIES:-20000}
NEVENTS=${BENCH_EVENTS:-2000000}
SEED=${BENCH_SEED:-1}
# Approvals one side may make in one run, per second of it: the pool of piloted communities
# with an open round is 2 sides x RUNS x this x SECONDS_RUN. A run that would need more
# fails (its surplus requests go to a community that does not exist: 404).
TRATE=${BENCH_TRANSITION_RATE:-1000}
TPER=$((TRATE * SECONDS_RUN))
THREADS=$(nproc)
CONC=${BENCH_CONCURRENCY:-$((THREADS * 2))}
[ "$THREADS" -le "$CONC" ] || THREADS=$CONC
# Workers: as many as there are concurrent requests, by default. A worker spends most of
# a request waiting for PostgreSQL, and one per core (scripts/lib.sh's `workers`) left the
# cores idle meanwhile: 4 workers beat 2 by a third on 2 cores (docs/benchmarks.md).
export JIUGAI_WORKERS=${BENCH_WORKERS:-$CONC}
COUNTY=lanshan
LIMIT=50
# The assessment's period and target (issue 5 §8), and the plan's deadlines, written into
# this stack's configuration so that the handler and pgbench pass the same (conf.c's
# defaults).
AFROM=2020-01-01
ATO=2020-12-31
ASSESS="/api/v1/reports/assessment?from=$AFROM&to=$ATO"
ATARGET=200
PILOT_DEADLINE=2016-06-30
ROLLOUT_DEADLINE=2020-12-31
OUT=$JIUGAI_ROOT/var/bench
T=

bench_trap /tmp/jiugai-bench

for tool in wrk "$PGBIN/pgbench" "$PGBIN/psql"; do
	command -v "$tool" >/dev/null || { say "no $tool (run scripts/deps.sh)"; exit 1; }
done
PORT=$("$BUILD/tests/freeport") || { say "no free port ($BUILD/tests/freeport)"; exit 1; }
T=$(mktemp -d /tmp/jiugai-bench.XXXXXX) || exit 1
chmod 0755 "$T"
mkdir -p "$T/log" "$T/res" "$T/pgb"
URL=http://127.0.0.1:$PORT

say "stack on $URL in $T"
# The cluster as a server holding this data set would be set up (pg_tune, scripts/lib.sh).
# The plan's deadlines as settings of this stack (the
# assessment's pgbench side passes the same).
deadlines() {
	printf 'pilot_deadline = %s\nrollout_deadline = %s\n' "$PILOT_DEADLINE" \
	    "$ROLLOUT_DEADLINE" >>"$T/jiugai.conf"
}
{
	pg_start "$T" fast && pg_tune "$T" && keys "$T" && write_conf "$T" "$PORT" && deadlines &&
	    app_migrate "$T" seed
} >"$T/log/stack.out" 2>&1 || {
	cat "$T/log/stack.out" >&2
	say "the stack did not start"
	exit 1
}
say "jiugai gen --communities $NCOMM --events $NEVENTS --seed $SEED"
start=$(date +%s)
if ! jiugai "$T" gen --communities "$NCOMM" --events "$NEVENTS" --seed "$SEED" \
    >"$T/log/gen.out" 2>&1; then
	cat "$T/log/gen.out" >&2
	say "the data set was not loaded"
	exit 1
fi
LOADS=$(($(date +%s) - start))
say "$(tail -n 1 "$T/log/gen.out")"
# The read scenario picks among these (the transition pool below changes as it is used):
# the demo's communities and gen's, consecutive ids (a gap would be a 404 and fail a run).
read -r LO HI NC NEV < <("$PGBIN/psql" -X -A -t -F ' ' -d "$JIUGAI_MIGRATE_URL" \
    -c "SELECT min(id), max(id), count(*), (SELECT count(*) FROM event) FROM community") ||
    exit 1
[ "$NC" = $((HI - LO + 1)) ] || { say "community ids $LO-$HI have gaps ($NC rows)"; exit 1; }

{
	app_serve "$T" && nginx_start "$T" "$PORT" &&
	    wait_http "$URL/healthz" "$JIUGAI_WAIT"
} >>"$T/log/stack.out" 2>&1 || {
	cat "$T/log/stack.out" >&2
	log_tail "$T/log/jiugai.log"
	say "the stack did not start"
	exit 1
}

# The floor's yardstick: a location nginx answers itself, in this stack's copy of the
# rendered configuration only (nginx/jiugai.conf.in is not changed).
n=$T/nginx
sed -i 's|^\([[:space:]]*\)location = /healthz {|\1location = /bench-nginx { return 200 "ok\\n"; }\n&|' \
    "$n/nginx.conf"
grep -q 'location = /bench-nginx' "$n/nginx.conf" || { say "could not add /bench-nginx"; exit 1; }
nginx -e "$n/error.log" -p "$n/" -c "$n/nginx.conf" -t -q || exit 1
kill -HUP "$(read_pid "$n/nginx.pid")" || exit 1
wait_http "$URL/bench-nginx" 15 || exit 1

# A token that sees every county (an unscoped department's viewer), and one of
# construction's approvers (unscoped too), who did not submit the rounds (four eyes).
ATOKEN=$(jiugai "$T" token --sub bench-approver --dept construction --roles approver \
    --name 测试审批 --ttl 3600) || exit 1
TOKEN=$(jiugai "$T" token --sub housing-viewer --dept housing --roles viewer \
    --ttl 3600) || exit 1
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    "$URL/api/v1/communities/$HI")
[ "$code" = 200 ] || { say "GET /api/v1/communities/$HI answered $code"; exit 1; }
items=$(curl -s -H "Authorization: Bearer $TOKEN" \
    "$URL/api/v1/communities?county=$COUNTY&limit=$LIMIT" | grep -o '"code"' | wc -l)
[ "$items" = "$LIMIT" ] || { say "the list page has $items communities, not $LIMIT"; exit 1; }
# The housing bureau is not scoped to a county: its viewer's report is the whole city's
# (api_assessment.c: scoped departments see their county only).
code=$(curl -s -o "$T/log/assessment.json" -w '%{http_code}' \
    -H "Authorization: Bearer $TOKEN" "$URL$ASSESS")
if [ "$code" != 200 ] || ! grep -q '"total": *{' "$T/log/assessment.json" ||
    ! grep -q '"county": *null' "$T/log/assessment.json"; then
	say "GET $ASSESS answered $code, not the city's report"
	exit 1
fi

# wrk: a random id per request, each thread its own sequence.
cat >"$T/read.lua" <<-EOF
	local n = 0
	function setup(thread) n = n + 1; thread:set("tid", n) end
	function init(args) math.randomseed(tid * 7919) end
	function request()
		return wrk.format(nil, "/api/v1/communities/" .. math.random($LO, $HI))
	end
EOF
# pgbench: the statements' own text, parameters as pgbench variables. pgbench has no NULL
# parameter, so the list's unused filters ($2 stage, $3 q, $4 after, $6 batch: NULL in
# the handler) are NULL literals here (docs/benchmarks.md).
sql() { jiugai "$T" stmts "$1"; }
# shellcheck disable=SC2016  # $1 here is the statement's parameter, not the shell's
{
	echo "\\set id random($LO, $HI)"
	echo "$(sql s_community_json | sed 's/\$1\b/:id/g');"
} >"$T/read.pgb" || exit 1
# shellcheck disable=SC2016
{
	echo "$(sql s_community_list | sed -e 's/\$1\b/:county/g' -e 's/\$5\b/:lim/g' \
	    -e 's/\$[2346]\b/NULL/g');"
} >"$T/list.pgb" || exit 1
# assessment: what as_run() runs (app/api_assessment.c), its read-only transaction without
# JIT around the statement, with the period, no county ($3 NULL: the whole city) and the
# plan's deadlines from this stack's settings. Not as the scripts above: pgbench makes each
# `:var` a parameter of its own, and this statement's 5 become 22 that PostgreSQL cannot
# know to be equal; so prepared, the statement kept its custom plan (planned on every
# call), where the worker's, after its first five calls, runs a generic one: 1.5 times as
# slow, the yardstick lost to jiugai. So the very statement, 5 parameters, prepared once per
# connection (PREPARE, pgbench's per-client k counting transactions), and EXECUTE with the
# values, NULL a real NULL: the plan cache decides as it does for the worker. Simple query
# mode (the values as text, as the worker's are).
# shellcheck disable=SC2016
{
	printf '%s\n' '\set k :k + 1' '\if :k = 0'
	echo "PREPARE assessment AS $(sql s_assessment);"
	printf '%s\n' '\endif'
	echo "$(sql s_export_begin);"
	echo "$(sql s_export_nojit);"
	echo "EXECUTE assessment(':afrom', ':ato', NULL, ':pilot', ':rollout');"
	echo "$(sql s_commit);"
} >"$T/assessment.pgb" || exit 1
AS_VARS=(-D k=-1 -D afrom="$AFROM" -D ato="$ATO" -D pilot="$PILOT_DEADLINE"
    -D rollout="$ROLLOUT_DEADLINE")

# transition, HTTP side: each wrk thread approves its own communities of the run's block,
# base + thread + threads * k; past its share it asks for community 0 (404: the run fails).
# shellcheck disable=SC2016  # Lua, not shell
cat >"$T/transition.lua" <<-'EOF'
	local n = 0
	function setup(thread) n = n + 1; thread:set("tid", n) end
	function init(args)
		k = 0; base = tonumber(args[1]); nt = tonumber(args[2]); share = tonumber(args[3])
	end
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
	wrk.body = '{"action":"complete","decision":"approve"}'
	function request()
		local id = 0
		if k < share then id = base + (tid - 1) + nt * k end
		k = k + 1
		return wrk.format(nil, "/api/v1/communities/" .. id .. "/approvals")
	end
EOF
# transition, yardstick: what api_approval() runs for that request (app/api_flow.c),
# between route_txn()'s BEGIN and COMMIT (app/route.c): lock, snapshot, the approval,
# its event, the round closed, the stage changed (fire()), the transition's event, and
# the community as the answer. NULL where the handler passes NULL (no comment, no item;
# the approve event has no before/after). Each client its own communities, as in wrk; past
# its share, community -1 (a foreign-key error: the run fails).
# shellcheck disable=SC2016
{
	printf '%s\n' '\set k :k + 1' '\if :k < :share' \
	    '\set id :base + :client_id + :nc * :k' '\set rid :id + :roff' \
	    '\else' '\set id -1' '\set rid -1' '\endif'
	echo "$(sql s_begin);"
	echo "$(sql s_community_lock | sed 's/\$1\b/:id/g');"
	echo "$(sql s_snapshot | sed 's/\$1\b/:id/g');"
	echo "$(sql s_approval_insert | sed -e 's/\$1\b/:rid/g' -e 's/\$2\b/:dept/g' \
	    -e 's/\$3\b/:decision/g' -e 's/\$4\b/:sub/g' -e 's/\$5\b/:name/g' -e 's/\$6\b/NULL/g');"
	echo "$(sql s_event_insert | sed -e 's/\$1\b/:id/g' -e 's/\$2\b/:sub/g' \
	    -e 's/\$3\b/:name/g' -e 's/\$4\b/:dept/g' -e 's/\$5\b/:role/g' -e 's/\$6\b/:decision/g' \
	    -e 's/\$7\b/:rid/g' -e 's/\$\(8\|9\|10\|11\)\b/NULL/g');"
	echo "$(sql s_round_close | sed -e 's/\$1\b/:rid/g' -e 's/\$2\b/:closed/g');"
	echo "$(sql s_community_stage | sed -e 's/\$1\b/:id/g' -e 's/\$2\b/:to/g' \
	    -e 's/\$3\b/:ver/g');"
	echo "$(sql s_event_insert | sed -e 's/\$1\b/:id/g' -e 's/\$2\b/:sub/g' \
	    -e 's/\$3\b/:name/g' -e 's/\$4\b/:dept/g' -e 's/\$5\b/:role/g' -e 's/\$6\b/:action/g' \
	    -e 's/\$7\b/:rid/g' -e 's/\$\(8\|9\)\b/NULL/g' -e 's/\$10\b/:before/g' \
	    -e 's/\$11\b/:after/g');"
	echo "$(sql s_community_json | sed 's/\$1\b/:id/g');"
	echo "$(sql s_commit);"
} >"$T/transition.pgb" || exit 1
# The block of the pool for side S (0 HTTP, 1 pgbench) of run R.
tr_base() { echo $((TLO + (2 * ($2 - 1) + $1) * TPER)); }

# (The assessment's PREPARE keeps its $n: EXECUTE gives them.)
if grep -n '\$[0-9]' "$T/read.pgb" "$T/list.pgb" "$T/transition.pgb" >&2; then
	say "a parameter was left in a pgbench script"
	exit 1
fi

# ms VALUE-WITH-UNIT (wrk's 812.00us, 1.23ms, 2.01s) -> milliseconds.
ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
		else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.2f", v * 60000 }
		else { sub(/s$/, "", v); printf "%.2f", v * 1000 } }'
}

# clients NAME: "threads connections" of a scenario: one for the assessment (issue 5 §8
# asks how long one report takes, not how many a server makes), else the bench's.
clients() {
	case $1 in
	assessment.*) echo 1 1 ;;
	*) echo "$THREADS" "$CONC" ;;
	esac
}

# run_wrk NAME RUN PATH [LUA [LUA-ARGS...]]: append "rps p50 p99" (ms) to res/NAME.
run_wrk() {
	local name=$1 run=$2 path=$3 lua=${4:-} out=$T/log/wrk.$1.$2 rps p50 p99 tok=$TOKEN
	local nt nc
	read -r nt nc < <(clients "$name")
	local -a args=(-t "$nt" -c "$nc" -d "${SECONDS_RUN}s" --latency)
	shift 4 2>/dev/null || shift $#
	# A slow report is a figure, not an error: wrk's 2 s timeout would count it as one.
	case $name in assessment.*) args+=(--timeout 60s) ;; esac
	case $name in transition.*) tok=$ATOKEN ;; esac
	args+=(-H "Authorization: Bearer $tok")
	[ -n "$lua" ] && args+=(-s "$lua")
	wrk "${args[@]}" "$URL$path" ${1:+--} "$@" >"$out" 2>&1 || { cat "$out" >&2; return 1; }
	if grep -q -e 'Non-2xx' -e 'Socket errors' "$out"; then
		say "wrk $name: errors"
		case $name in transition.*)
			say "(a 404 means the run used up its block: raise BENCH_TRANSITION_RATE)" ;;
		esac
		cat "$out" >&2
		return 1
	fi
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$out")")
	p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$out")")
	[ -n "$rps" ] || { cat "$out" >&2; return 1; }
	echo "$rps $p50 $p99" >>"$T/res/$name"
}

# run_pgb NAME RUN SCRIPT ARGS...: the same, from pgbench's per-transaction log.
run_pgb() {
	local name=$1 run=$2 script=$3 out=$T/log/pgb.$1.$2 tps lat nt nc mode=prepared
	shift 3
	read -r nt nc < <(clients "$name")
	case $name in assessment.*) mode=simple ;; esac
	rm -f -- "$T/pgb/$name.$run".*
	(cd "$T/pgb" && "$PGBIN/pgbench" -n -M "$mode" -c "$nc" -j "$nt" \
	    -T "$SECONDS_RUN" -f "$script" -l --log-prefix="$name.$run" "$@" \
	    "$JIUGAI_DATABASE_URL") >"$out" 2>&1 || {
		cat "$out" >&2
		case $name in transition.*)
			say "(a foreign-key error on community -1 means the run used up its block:" \
			    "raise BENCH_TRANSITION_RATE)" ;;
		esac
		return 1
	}
	if ! grep -q '^number of failed transactions: 0 ' "$out"; then
		cat "$out" >&2
		return 1
	fi
	tps=$(awk '/^tps = / { print $3; exit }' "$out")
	# Log lines: client transaction latency_us script epoch us.
	lat=$(cat "$T/pgb/$name.$run".* | awk '{ print $3 }' | sort -n | awk '
	    { v[NR] = $1 }
	    END { if (NR == 0) exit 1
		  printf "%.2f %.2f", v[int((NR - 1) * 0.50) + 1] / 1000,
		      v[int((NR - 1) * 0.99) + 1] / 1000 }') || return 1
	[ -n "$tps" ] || { cat "$out" >&2; return 1; }
	echo "$tps $lat" >>"$T/res/$name"
}

say "$RUNS runs of ${SECONDS_RUN} s per side, concurrency $CONC, $THREADS threads," \
    "$JIUGAI_WORKERS workers; about" \
    "$((RUNS * 10 * SECONDS_RUN / 60 + 2)) minutes from here"

# The assessment first, on the data set as gen loaded it (the transition pool below would
# add its communities to the city's). A warm-up of a few requests per worker and of the
# pgbench script, as a server that has been running would be: every worker prepares its
# statements and reads the tallies into its cache once.
for ((i = 0; i < 2 * JIUGAI_WORKERS; i++)); do
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
	    "$URL$ASSESS")
	[ "$code" = 200 ] || { say "GET $ASSESS answered $code"; exit 1; }
done
(cd "$T/pgb" && "$PGBIN/pgbench" -n -M simple -c 1 -t 3 -f "$T/assessment.pgb" \
    "${AS_VARS[@]}" "$JIUGAI_DATABASE_URL") >"$T/log/pgb.assessment.warm" 2>&1 || {
	cat "$T/log/pgb.assessment.warm" >&2
	exit 1
}
for ((r = 1; r <= RUNS; r++)); do
	run_wrk assessment.app "$r" "$ASSESS" || exit 1
	run_pgb assessment.ref "$r" "$T/assessment.pgb" "${AS_VARS[@]}" || exit 1
done
read -r a50 _ _ < <(awk '{ print $2 }' "$T/res/assessment.app" | sort -g |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
say "assessment done (p50 $a50 ms)"

# The transition scenario's pool (bench-only, not part of the data set above).
say "preparing $((2 * RUNS * TPER)) communities to approve (tests/bench/transition.sql)"
start=$(date +%s)
if ! "$PGBIN/psql" -X -q -v n="$((2 * RUNS * TPER))" -d "$JIUGAI_MIGRATE_URL" \
    -f "$JIUGAI_ROOT/tests/bench/transition.sql" >"$T/log/transition.out" 2>&1; then
	cat "$T/log/transition.out" >&2
	say "the transition pool was not prepared"
	exit 1
fi
# Consecutive community ids, each with its open round at a fixed distance, at version VER.
read -r TLO TN ROFF TBAD VER < <("$PGBIN/psql" -X -A -t -F ' ' -d "$JIUGAI_MIGRATE_URL" -c "
    WITH p AS (SELECT c.id, r.id AS rid, c.version FROM community c
	JOIN round r ON r.community_id = c.id AND r.status = 'open'
	WHERE c.declared_by_sub = 'bench-transition')
    SELECT min(id), count(*), min(rid - id),
	count(*) FILTER (WHERE rid - id <> (SELECT min(rid - id) FROM p))
	    + max(id) - min(id) + 1 - count(*) + max(version) - min(version),
	min(version) FROM p") || exit 1
if [ "$TN" != $((2 * RUNS * TPER)) ] || [ "$TBAD" != 0 ]; then
	say "the transition pool is not laid out as expected ($TN rows, $TBAD off)"
	exit 1
fi
say "prepared in $(($(date +%s) - start)) s"
TR_VARS=(-D k=-1 -D nc="$CONC" -D share=$((TPER / CONC)) -D roff="$ROFF" -D ver="$VER"
    -D dept=construction -D decision=approve -D sub=bench-approver -D name=测试审批
    -D role=approver -D action=complete -D closed=approved -D to=renovated
    -D 'before={"stage":"piloted"}' -D 'after={"stage":"renovated"}')

for ((r = 1; r <= RUNS; r++)); do
	run_wrk transition.app "$r" /api/v1/communities/0/approvals "$T/transition.lua" \
	    "$(tr_base 0 "$r")" "$THREADS" $((TPER / THREADS)) || exit 1
	run_pgb transition.ref "$r" "$T/transition.pgb" "${TR_VARS[@]}" \
	    -D base="$(tr_base 1 "$r")" || exit 1
	run_wrk floor.app "$r" /healthz || exit 1
	run_wrk floor.ref "$r" /bench-nginx || exit 1
	run_wrk read.app "$r" /api/v1/communities/1 "$T/read.lua" || exit 1
	run_pgb read.ref "$r" "$T/read.pgb" || exit 1
	run_wrk list.app "$r" "/api/v1/communities?county=$COUNTY&limit=$LIMIT" || exit 1
	run_pgb list.ref "$r" "$T/list.pgb" -D "county=$COUNTY" -D "lim=$LIMIT" || exit 1
	say "run $r of $RUNS done"
done

# Workers' memory after the load: the master's process group, less the master.
master=$(read_pid "$T/run/jiugai.pid") || exit 1
rss=$(pgrep -g "$master" | grep -vx "$master" | xargs -r ps -o rss= -p |
    awk '{ s = s (s == "" ? "" : " ") int($1 / 1024 + 0.5) }
	END { print s }')
nworkers=$(echo "$rss" | wc -w)

# stat FILE COLUMN: "median min max" of a column over the runs.
stat() {
	awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '
	    { v[NR] = $1 }
	    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		  printf "%s %s %s", m, v[1], v[NR] }'
}

mkdir -p -- "$OUT" || exit 1
{
	printf 'jiugai make bench, %s, %s cores, %s MiB memory, load average %s\n' \
	    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(nproc)" \
	    "$(awk '/^MemTotal/ { print int($2 / 1024) }' /proc/meminfo)" \
	    "$(cut -d ' ' -f 1-3 /proc/loadavg)"
	printf '%s communities, %s runs x %s s per side, concurrency %s, %s workers\n' \
	    "$NC" "$RUNS" "$SECONDS_RUN" "$CONC" "$nworkers"
	printf '%s events; jiugai gen --seed %s loaded the data set in %s s\n\n' \
	    "$NEV" "$SEED" "$LOADS"
	printf '%-10s %-22s %-22s %5s %6s  %-13s %-13s %s\n' scenario "jiugai req/s (min-max)" \
	    "yardstick/s (min-max)" ratio target "jiugai p50/99" "yard p50/99" met
	for s in floor transition read list assessment; do
		# One client's few requests a second need a decimal.
		dp=0
		[ "$s" = assessment ] && dp=1
		read -r am alo ahi < <(stat "$T/res/$s.app" 1)
		read -r bm blo bhi < <(stat "$T/res/$s.ref" 1)
		read -r a50 _ _ < <(stat "$T/res/$s.app" 2)
		read -r a99 _ _ < <(stat "$T/res/$s.app" 3)
		read -r b50 _ _ < <(stat "$T/res/$s.ref" 2)
		read -r b99 _ _ < <(stat "$T/res/$s.ref" 3)
		# Issue 6's targets: the ratio, and p99 within 2 x the yardstick's + 2 ms.
		case $s in
		floor) target=- met=- ;;
		# Issue 5 §8: the city's report in under 200 ms; p99, so that it is every
		# report but the odd one.
		assessment)
			target="<${ATARGET}ms"
			met=$(awk -v p="$a99" -v t="$ATARGET" 'BEGIN { print p < t ? "yes" : "no" }')
			;;
		*)	target=0.60
			[ "$s" = transition ] && target=0.80
			met=$(awk -v a="$am" -v b="$bm" -v t="$target" -v p="$a99" -v q="$b99" \
			    'BEGIN { print (a / b >= t && p <= 2 * q + 2) ? "yes" : "no" }') ;;
		esac
		printf '%-10s %-22s %-22s %5.2f %6s  %-13s %-13s %s\n' "$s" \
		    "$(printf '%.*f (%.*f-%.*f)' "$dp" "$am" "$dp" "$alo" "$dp" "$ahi")" \
		    "$(printf '%.*f (%.*f-%.*f)' "$dp" "$bm" "$dp" "$blo" "$dp" "$bhi")" \
		    "$(awk -v a="$am" -v b="$bm" 'BEGIN { print a / b }')" "$target" \
		    "$(printf '%.2f/%.2f' "$a50" "$a99")" "$(printf '%.2f/%.2f' "$b50" "$b99")" "$met"
	done
	echo
	echo "yardsticks: floor = nginx answering return 200 itself; transition, read, list ="
	echo "pgbench -M prepared running the statements the handler runs (jiugai stmts): for"
	echo "transition the eight of one approval that fires complete, between BEGIN and COMMIT;"
	echo "assessment: one client each side, the whole city's report for $AFROM..$ATO and"
	echo "pgbench running s_assessment (PREPARE, EXECUTE) in the handler's read-only"
	echo "transaction without JIT."
	echo "latencies in ms, medians over the runs."
	read -r a50 _ _ < <(stat "$T/res/assessment.app" 2)
	read -r a99 _ _ < <(stat "$T/res/assessment.app" 3)
	printf 'assessment (issue 5 §8), the whole city at %s communities and %s events:\n' \
	    "$NC" "$NEV"
	printf '  p50 %.1f ms, p99 %.1f ms through nginx; target < %s ms: %s\n' "$a50" "$a99" \
	    "$ATARGET" "$(awk -v p="$a99" -v t="$ATARGET" \
	    'BEGIN { print p < t ? "met" : "NOT met" }')"
	printf 'worker resident memory after the run (MiB): %s\n' "$rss"
	for s in floor transition read list; do
		read -r am _ _ < <(stat "$T/res/$s.app" 1)
		printf 'req/s per worker, %s: %.0f\n' "$s" \
		    "$(awk -v a="$am" -v w="$nworkers" 'BEGIN { print a / w }')"
	done
} | tee "$OUT/latest.txt"
