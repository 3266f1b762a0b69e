#!/usr/bin/env bash
#
# scripts/bench_scale.sh - `make bench-scale`: the national-scale latencies of issue 6 §3-4.
#
# A stack of its own (a fresh /tmp/jiugai-scale.* on a free port, as scripts/bench.sh),
# the demo data, then for each size in BENCH_SCALE_SIZES (communities; default
# "2000 20000 220000") `jiugai gen` adds communities with BENCH_SCALE_EVENTS events each
# (100: 20 million events at 220,000) until the database holds that many, and each
# endpoint is asked BENCH_SCALE_REQUESTS times (200), one request after the other
# (curl, one connection kept alive for ten), through nginx and a worker, or as many
# times as fit in BENCH_SCALE_BUDGET seconds (120) when it is slow:
#
#   list       GET /api/v1/communities?county=&stage=&limit=50      (first page)
#   list-next  the same, 10 pages on, with the cursor the API returned
#   search     GET /api/v1/communities?q=<part of a name>&limit=50      (a few hundred match)
#   rare       GET /api/v1/communities?q=<a name only one community has>&limit=50
#   code       GET /api/v1/communities?q=<a community's code>
#   community  GET /api/v1/communities/{id}                          (200 different ids)
#   tasks      GET /api/v1/tasks as the housing bureau's approver    (the whole city)
#   tasks-cty  GET /api/v1/tasks as a county government's approver
#   assess     GET /api/v1/reports/assessment?from=2020-01-01&to=2020-12-31
#   assess-cty the same as a county government's approver (that county's figures)
#
# Prints p50 and p99 (ms) per endpoint and size and the growth from the smallest size to
# each larger one; the table goes to var/bench/scale.txt, the EXPLAIN (ANALYZE, BUFFERS)
# of each endpoint's statement at the largest size to var/bench/explain.txt.
# BENCH_KEEP=1 keeps the stack's directory.
set -u
# shellcheck source=scripts/lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

SIZES=${BENCH_SCALE_SIZES:-2000 20000 220000}
PER=${BENCH_SCALE_EVENTS:-100}
REQS=${BENCH_SCALE_REQUESTS:-200}
BUDGET=${BENCH_SCALE_BUDGET:-120}
COUNTY=lanshan
STAGE=piloted
OUT=$JIUGAI_ROOT/var/bench
T=

bench_trap /tmp/jiugai-scale

for tool in curl jq python3 "$PGBIN/psql"; do
	command -v "$tool" >/dev/null || { say "no $tool (run scripts/deps.sh)"; exit 1; }
done
PORT=$("$BUILD/tests/freeport") || { say "no free port ($BUILD/tests/freeport)"; exit 1; }
T=$(mktemp -d /tmp/jiugai-scale.XXXXXX) || exit 1
chmod 0755 "$T"
mkdir -p "$T/log" "$T/req" "$OUT"
URL=http://127.0.0.1:$PORT

say "stack on $URL in $T"
{
	# The cluster as a national database would be set up (pg_tune, scripts/lib.sh).
	pg_start "$T" fast && pg_tune "$T" && keys "$T" && write_conf "$T" "$PORT" &&
	    app_migrate "$T" seed && app_serve "$T" && nginx_start "$T" "$PORT" &&
	    wait_http "$URL/healthz"
} >"$T/log/stack.out" 2>&1 || {
	cat "$T/log/stack.out" >&2
	say "the stack did not start"
	exit 1
}

token() { jiugai "$T" token --ttl 86400 "$@"; }
TOK_CITY=$(token --sub housing-approver --dept housing --roles approver --name 审核人) &&
TOK_COUNTY=$(token --sub $COUNTY-county-approver --dept county --org $COUNTY \
    --roles approver --name 县区政府审核人) || { say "no token"; exit 1; }

sql() { "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -d "$JIUGAI_DATABASE_URL" "$@"; }
uri() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# measure NAME TOKEN FILE: the URLs of FILE in order, ten at a time on one connection,
# until all were asked or BUDGET seconds have passed; prints "NAME p50 p99 count" in ms
# and fails unless every answer was 200.
measure() {
	local name=$1 tok=$2 file=$3 cfg=$T/req/$1.curl res=$T/req/$1.out start i n
	: >"$res"
	start=$(date +%s)
	n=$(wc -l <"$file")
	for ((i = 1; i <= n; i += 10)); do
		sed -n "$i,$((i + 9))p" "$file" | while read -r u; do
			printf 'url = "%s"\noutput = "/dev/null"\n' "$URL$u"
		done >"$cfg"
		curl -s -H "Authorization: Bearer $tok" -w '%{http_code} %{time_total}\n' \
		    -K "$cfg" >>"$res" || { say "$name: curl failed"; return 1; }
		[ $(($(date +%s) - start)) -lt "$BUDGET" ] || break
	done
	if grep -qv '^200 ' "$res"; then
		say "$name: not every answer was 200: $(grep -v '^200 ' "$res" | sort | uniq -c | head -3)"
		return 1
	fi
	awk '{ print $2 * 1000 }' "$res" | sort -n | awk -v name="$name" '
		{ v[NR] = $1 }
		END {
			p50 = v[int((NR + 1) * 0.50)]; p99 = v[int(NR * 0.99 + 0.999)]
			printf "%s %.2f %.2f %d\n", name, p50, p99, NR
		}'
}

# The request lists of one size.
requests() {
	local n=$1 i next code name step
	: >"$T/req/list"
	: >"$T/req/next"
	for ((i = 0; i < REQS; i++)); do
		echo "/api/v1/communities?county=$COUNTY&stage=$STAGE&limit=50" >>"$T/req/list"
	done
	# Ten pages on, through the cursors the API itself returns.
	next=
	for ((i = 0; i < 10; i++)); do
		next=$(curl -s -H "Authorization: Bearer $TOK_CITY" \
		    "$URL/api/v1/communities?county=$COUNTY&stage=$STAGE&limit=50${next:+&after=$next}" |
		    jq -r '.next // empty')
		[ -n "$next" ] || break
	done
	for ((i = 0; i < REQS; i++)); do
		echo "/api/v1/communities?county=$COUNTY&stage=$STAGE&limit=50${next:+&after=$next}"
	done >"$T/req/next"
	# A name part that a few hundred communities share; a code that exists, each
	# request another one.
	name=$(uri "金雀山花园")
	for ((i = 0; i < REQS; i++)); do
		echo "/api/v1/communities?q=$name&limit=50"
	done >"$T/req/search"
	# A name that one community alone has (the index must find it: a walk would
	# read every community).
	name=$(sql -c "SELECT name FROM community GROUP BY name HAVING count(*) = 1
	    ORDER BY name DESC LIMIT 1")
	name=$(uri "$name")
	for ((i = 0; i < REQS; i++)); do
		echo "/api/v1/communities?q=$name&limit=50"
	done >"$T/req/rare"
	step=$((n / REQS > 0 ? n / REQS : 1))
	sql -c "SELECT code FROM community WHERE id % $step = 0 ORDER BY id LIMIT $REQS" |
	    while read -r code; do echo "/api/v1/communities?q=$code"; done >"$T/req/code"
	sql -c "SELECT id FROM community WHERE id % $step = 1 ORDER BY id DESC LIMIT $REQS" |
	    while read -r i; do echo "/api/v1/communities/$i"; done >"$T/req/community"
	for ((i = 0; i < REQS; i++)); do echo "/api/v1/tasks"; done >"$T/req/tasks"
	cp "$T/req/tasks" "$T/req/tasks-cty"
	for ((i = 0; i < REQS; i++)); do
		echo "/api/v1/reports/assessment?from=2020-01-01&to=2020-12-31"
	done >"$T/req/assess"
	cp "$T/req/assess" "$T/req/assess-cty"
	echo "$next" >"$T/req/cursor"
}

ENDPOINTS="list next search rare code community tasks tasks-cty assess assess-cty"
loaded=0
idx=0
: >"$T/results"
for n in $SIZES; do
	idx=$((idx + 1))
	add=$((n - loaded))
	if [ "$add" -gt 0 ]; then
		say "gen: +$add communities, +$((add * PER)) events (to $n)"
		start=$(date +%s)
		if ! jiugai "$T" gen --communities "$add" --events $((add * PER)) --seed "$idx" \
		    >"$T/log/gen.$n.out" 2>&1; then
			cat "$T/log/gen.$n.out" >&2
			exit 1
		fi
		echo "$n load $(($(date +%s) - start)) s: $(tail -n 1 "$T/log/gen.$n.out")" >>"$T/loads"
		say "loaded in $(($(date +%s) - start)) s"
		loaded=$n
	fi
	requests "$n"
	for e in $ENDPOINTS; do
		tok=$TOK_CITY
		case $e in *-cty) tok=$TOK_COUNTY ;; esac
		# A warm-up pass of 20, as a server that has been running would be.
		head -n 20 "$T/req/$e" >"$T/req/$e.warm"
		measure "$e-warm" "$tok" "$T/req/$e.warm" >/dev/null || exit 1
		r=$(measure "$e" "$tok" "$T/req/$e") || exit 1
		echo "$n $r" >>"$T/results"
		say "$n $r"
	done
done

# The table: p50/p99 per endpoint and size, then the growth of p50 and p99 from the
# smallest size.
{
	echo "make bench-scale: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $REQS sequential" \
	    "requests per endpoint, $PER events per community"
	echo "(ms; p50/p99; growth = p50 and p99 over those of the smallest size;"
	echo " an endpoint slower than ${BUDGET} s for $REQS requests was asked fewer times: see n)"
	printf '%-10s' endpoint
	for n in $SIZES; do printf ' %16s' "$n"; done
	for n in $SIZES; do [ "$n" = "${SIZES%% *}" ] || printf ' %14s' "x@$n"; done
	echo
	for e in $ENDPOINTS; do
		printf '%-10s' "$e"
		for n in $SIZES; do
			awk -v n="$n" -v e="$e" '$1 == n && $2 == e { printf " %7.1f/%-8.1f", $3, $4 }' \
			    "$T/results"
		done
		first=${SIZES%% *}
		for n in $SIZES; do
			[ "$n" = "$first" ] && continue
			awk -v n="$n" -v f="$first" -v e="$e" '
				$2 == e && $1 == f { a = $3; b = $4 }
				$2 == e && $1 == n { c = $3; d = $4 }
				END { printf " %6.1f/%-7.1f", c / a, d / b }' "$T/results"
		done
		printf '  n='
		awk -v e="$e" '$2 == e { printf "%s%d", s, $5; s = "/" }' "$T/results"
		echo
	done
	echo
	echo "loads (jiugai gen, added to the previous size):"
	sed 's/^/  /' "$T/loads" 2>/dev/null
	echo
	echo "OFFSET in the statement table (app/db_stmts.c): $(grep -ci 'offset' \
	    "$JIUGAI_ROOT/app/db_stmts.c") occurrences"
	echo "OFFSET in the migrations (sql/, outside comments): $(grep -hv '^[[:space:]]*--' \
	    "$JIUGAI_ROOT"/sql/*.sql | grep -ci 'offset') (decision_nth, sql/016: a rank" \
	    "among one band's decision times, not a page)"
} | tee "$OUT/scale.txt"

# EXPLAIN of each endpoint's statement at the largest size, as the application's role,
# with the values the requests above used.
explain() {
	local label=$1 stmt=$2 args=$3
	printf '==== %s: %s (%s)\n' "$label" "$stmt" "$args"
	sql -c "SET jit = off" -c "PREPARE s AS $(jiugai "$T" stmts "$stmt")" \
	    -c "EXPLAIN (ANALYZE, BUFFERS) EXECUTE s($args)" -c "DEALLOCATE s"
	echo
}
cursor=$(cat "$T/req/cursor")
code=$(head -n 1 "$T/req/code" | sed 's/.*q=//')
cid=$(head -n 1 "$T/req/community" | sed 's|.*/||')
rare=$(sql -c "SELECT name FROM community GROUP BY name HAVING count(*) = 1
    ORDER BY name DESC LIMIT 1")
{
	echo "EXPLAIN (ANALYZE, BUFFERS) at ${SIZES##* } communities, $(date -u '+%Y-%m-%d %H:%M UTC')"
	explain list s_community_list "'$COUNTY', '$STAGE', NULL, NULL, 50, NULL"
	explain list-next s_community_list "'$COUNTY', '$STAGE', NULL, ${cursor:-NULL}, 50, NULL"
	explain search s_community_list "NULL, NULL, '金雀山花园', NULL, 50, NULL"
	explain rare s_community_list "NULL, NULL, '$rare', NULL, 50, NULL"
	explain code s_community_list "NULL, NULL, '$code', NULL, 50, NULL"
	explain community s_community_json "$cid"
	explain tasks s_tasks "'housing', NULL, true, '{}', 'housing-approver'"
	explain tasks-cty s_tasks "'county', '$COUNTY', true, '{}', '$COUNTY-county-approver'"
	explain assess s_assessment "'2020-01-01', '2020-12-31', NULL, '2016-06-30', '2020-12-31'"
	explain assess-cty s_assessment "'2020-01-01', '2020-12-31', '$COUNTY', '2016-06-30', '2020-12-31'"
	# Inside decision_times() (sql/016), for one department: the counts per band of the
	# year's months, then the middle two of the year's fullest band (decision_nth).
	band=$(sql -c "SELECT band FROM decision_month WHERE dept = 'housing'
	    AND month >= '2020-01-01' AND month < '2021-01-01'
	    GROUP BY band ORDER BY sum(n) DESC, band LIMIT 1")
	echo "==== assess: decision_times('2020-01-01', '2020-12-31', NULL) for housing"
	sql -c "EXPLAIN (ANALYZE, BUFFERS) SELECT band, sum(n) FROM decision_month
	    WHERE dept = 'housing' AND month >= '2020-01-01' AND month < '2021-01-01'
	    GROUP BY band" -c "EXPLAIN (ANALYZE, BUFFERS) SELECT d.seconds FROM decision d
	    WHERE d.dept = 'housing' AND d.band = ${band:-0}
	      AND d.submitted_at >= '2019-12-31 16:00+00' AND d.submitted_at < '2020-12-31 16:00+00'
	    ORDER BY d.seconds OFFSET (SELECT sum(n) / 2 FROM decision_month
	      WHERE dept = 'housing' AND band = ${band:-0}
	        AND month >= '2020-01-01' AND month < '2021-01-01') LIMIT 2"
} >"$OUT/explain.txt" 2>&1
say "table in var/bench/scale.txt, plans in var/bench/explain.txt"
