/*
 * test_gen.c - `jiugai gen` (issue 6 §3): a generated data set whose
 * audit chain verifies and whose rows replay from their events.
 *
 * Each load goes into a database of its own on the test cluster
 * (jiugai_gen_a, jiugai_gen_b: made by the postgres superuser over the
 * cluster's socket, owned by jiugai_owner, migrated by `jiugai migrate`),
 * so that the other suites' data stay as they are.  The tools run with
 * JIUGAI_DATABASE_URL and JIUGAI_MIGRATE_URL pointing there.  Without a
 * local cluster (JIUGAI_TEST_DIR/pg) the tests are skipped.
 */
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#define FMT(a, b)	__attribute__((format(printf, a, b)))

static PGconn	*su;		/* postgres, on database postgres */
static char	 run[1024];	/* the cluster's socket directory */

static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Run sql on c; 0 when it succeeded, else -1 (said on stderr when loud). */
static int
run_sql(PGconn *c, const char *sql, int loud)
{
	PGresult	*res = PQexec(c, sql);
	int		 ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
			    PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok && loud)
		fprintf(stderr, "test_gen: %s: %s", sql, PQerrorMessage(c));
	PQclear(res);
	return ok ? 0 : -1;
}

static int
exec_sql(PGconn *c, const char *sql)
{
	return run_sql(c, sql, 1);
}

/* A connection to database db as role user. */
static PGconn *
connect_to(const char *db, const char *user)
{
	char	 ci[1200];
	PGconn	*c;

	snprintf(ci, sizeof(ci), "host=%s dbname=%s user=%s connect_timeout=5",
	    run, db, user);
	c = PQconnectdb(ci);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connect %s as %s: %s", db, user, PQerrorMessage(c));
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

/* The first value of sql on database db (as jiugai_owner), malloc'd. */
static char *
value(const char *db, const char *q)
{
	PGconn		*c = connect_to(db, "jiugai_owner");
	PGresult	*res;
	char		*v;

	res = PQexec(c, q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		fail_msg("%s: %s", q, PQerrorMessage(c));
	if ((v = strdup(PQgetvalue(res, 0, 0))) == NULL)
		abort();
	PQclear(res);
	PQfinish(c);
	return v;
}

/* The same, as a number. */
static long long FMT(2, 3)
num(const char *db, const char *fmt, ...)
{
	char		 q[2048], *v;
	va_list		 ap;
	long long	 n;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	v = value(db, q);
	n = strtoll(v, NULL, 10);
	free(v);
	return n;
}

/* The first value of q on connection c, as a number. */
static long long
num_on(PGconn *c, const char *q)
{
	PGresult	*res = PQexec(c, q);
	long long	 n;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		fail_msg("%s: %s", q, PQerrorMessage(c));
	n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

/* A fresh, migrated database db. */
static void
fresh(const char *db)
{
	char	 q[256];

	snprintf(q, sizeof(q), "DROP DATABASE IF EXISTS %s", db);
	assert_int_equal(exec_sql(su, q), 0);
	snprintf(q, sizeof(q), "CREATE DATABASE %s OWNER jiugai_owner", db);
	assert_int_equal(exec_sql(su, q), 0);
}

/* Run `jiugai ARGS` on database db; its exit status, its output in out. */
static int FMT(4, 5)
tool(const char *db, char *out, size_t sz, const char *fmt, ...)
{
	const char	*bin = getenv("JIUGAI_BIN");
	char		 args[512], cmd[4096];
	va_list		 ap;
	FILE		*p;
	size_t		 n;
	int		 st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "JIUGAI_DATABASE_URL='host=%s dbname=%s user=jiugai'"
	    " JIUGAI_MIGRATE_URL='host=%s dbname=%s user=jiugai_owner' '%s' %s 2>&1",
	    run, db, run, db, bin != NULL && *bin ? bin : "build/jiugai", args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sz - 1, p);
	out[n] = '\0';
	while (fgetc(p) != EOF)
		continue;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* `jiugai ARGS` on db must exit want and print expect. */
static void
expect_tool(const char *db, int want, const char *expect, const char *args)
{
	char	 out[16384];
	int	 rc = tool(db, out, sizeof(out), "%s", args);

	if (rc != want || (expect != NULL && strstr(out, expect) == NULL))
		fail_msg("jiugai %s: exit %d (want %d), want \"%s\" in: %s", args,
		    rc, want, expect != NULL ? expect : "", out);
}

static void
skip_without_cluster(void)
{
	if (su == NULL)
		skip();
}

/*
 * 200 communities and 5000 events: the chain verifies from genesis to the
 * head, every row replays from its events, the counts are what was asked.
 */
static void
test_gen_verifies_and_replays(void **state)
{
	(void)state;
	skip_without_cluster();
	fresh("jiugai_gen_a");
	expect_tool("jiugai_gen_a", 0, NULL, "migrate");
	/* Having applied files, migrate vacuumed every table (vacuum_tables). */
	assert_true(num("jiugai_gen_a", "SELECT count(*) FROM pg_stat_user_tables"
	    " WHERE schemaname = 'public'") > 20);
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM pg_stat_user_tables"
	    " WHERE schemaname = 'public' AND last_vacuum IS NULL"), 0);
	expect_tool("jiugai_gen_a", 0, "loaded 200 communities",
	    "gen --communities 200 --events 5000 --seed 3");
	expect_tool("jiugai_gen_a", 0, "intact: 5000 events checked (seq 1 to 5000)",
	    "verify-audit");
	expect_tool("jiugai_gen_a", 0, "200 communities, 5000 events: every stored "
	    "row matches its events", "replay --check");
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM community"), 200);
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM event"), 5000);
	assert_int_equal(num("jiugai_gen_a", "SELECT seq FROM audit_head"), 5000);
}

/* Every stage occurs, some rounds are open, items and funding exist. */
static void
test_gen_plausible(void **state)
{
	(void)state;
	skip_without_cluster();
	assert_int_equal(num("jiugai_gen_a",
	    "SELECT count(DISTINCT stage) FROM community"), 7);
	assert_true(num("jiugai_gen_a", "SELECT count(*) FROM community"
	    " WHERE stage = 'declared'") > 20);
	assert_true(num("jiugai_gen_a", "SELECT count(*) FROM round"
	    " WHERE status = 'open'") > 10);
	assert_true(num("jiugai_gen_a", "SELECT count(*) FROM round"
	    " WHERE status = 'rejected'") > 10);
	assert_true(num("jiugai_gen_a", "SELECT min(n) FROM (SELECT count(*) AS n"
	    " FROM item GROUP BY community_id) x") >= 3);
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM community c"
	    " WHERE c.stage NOT IN ('declared', 'withdrawn')"
	    " AND NOT EXISTS (SELECT 1 FROM funding f WHERE f.community_id = c.id)"), 0);
	/* Signed-off items only where the works were accepted or beyond. */
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM item i"
	    " JOIN community c ON c.id = i.community_id WHERE i.status = 'signed_off'"
	    " AND c.stage IN ('declared', 'surveyed', 'piloted')"), 0);
	/* The trail interleaves communities, in time order. */
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM event a"
	    " JOIN event b ON b.seq = a.seq + 1 WHERE b.at < a.at"), 0);
	assert_true(num("jiugai_gen_a", "SELECT count(*) FROM event a"
	    " JOIN event b ON b.seq = a.seq + 1"
	    " WHERE b.community_id <> a.community_id") > 1000);
}

/* What the load switched off is on again, the foreign keys validated. */
static void
test_gen_restores(void **state)
{
	(void)state;
	skip_without_cluster();
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM pg_trigger"
	    " WHERE tgname IN ('community_stage', 'item_insert', 'round_insert',"
	    " 'approval_insert', 'zz_event_chain', 'community_accepted',"
	    " 'community_tally', 'stage_tally', 'stage_tally_move', 'item_tally',"
	    " 'funding_tally', 'decision', 'round_pending_open',"
	    " 'round_pending_decided', 'signoff_pending_insert',"
	    " 'decision_month', 'decision_month_move')"
	    " AND tgenabled = 'O'"), 17);
	/*
	 * The assessment's facts (sql/013) and the task lists (sql/014) were
	 * made again from the load.
	 */
	assert_int_equal(num("jiugai_gen_a", "SELECT assessment_facts_check()"), 0);
	assert_int_equal(num("jiugai_gen_a", "SELECT round_pending_check()"), 0);
	assert_int_equal(num("jiugai_gen_a", "SELECT signoff_pending_check()"), 0);
	assert_true(num("jiugai_gen_a", "SELECT count(*) FROM round_pending") > 10);
	assert_true(num("jiugai_gen_a", "SELECT count(*) FROM community"
	    " WHERE accepted_at IS NOT NULL") > 10);
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM decision"),
	    num("jiugai_gen_a", "SELECT count(*) FROM approval"));
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM pg_constraint"
	    " WHERE conname = 'event_community_id_fkey' AND convalidated"), 1);
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM pg_indexes"
	    " WHERE indexname IN ('event_community', 'event_community_seq',"
	    " 'event_stage')"), 3);
	/* A community may still not be inserted past its first stage. */
	{
		PGconn *c = connect_to("jiugai_gen_a", "jiugai_owner");

		assert_int_not_equal(run_sql(c, "INSERT INTO community (code, stage,"
		    " name, county, street, committee, address, declared_by_dept,"
		    " declared_by_sub) VALUES ('x-1', 'managed', 'x', 'lanshan', 'x',"
		    " 'x', 'x', 'committee', 'x')", 0), 0);
		PQfinish(c);
	}
	/* A fact out of step with its source: replay --check says so. */
	{
		PGconn *c = connect_to("jiugai_gen_a", "jiugai_owner");

		assert_int_equal(exec_sql(c, "UPDATE item_tally SET selected ="
		    " selected + 1 WHERE (county, kind) ="
		    " (SELECT county, kind FROM item_tally LIMIT 1)"), 0);
		expect_tool("jiugai_gen_a", 1, "rows of the assessment's facts or"
		    " the task lists differ", "replay --check");
		assert_int_equal(exec_sql(c, "SELECT assessment_facts_rebuild()"), 0);
		PQfinish(c);
	}
	expect_tool("jiugai_gen_a", 0, "facts and the task lists match",
	    "replay --check");
}

/*
 * Each department's decision times from the months' counts (sql/016) are
 * percentile_cont's over the period's decisions, to the last bit: on
 * every year, every quarter and month of two years, periods that start
 * and end inside months, single days, the whole range and periods with
 * no decision; for the city and for each county.
 */
static void
test_gen_decision_times(void **state)
{
	static const char *periods =
	    "CREATE TEMP TABLE per AS"
	    " SELECT make_date(y, 1, 1) AS d0, make_date(y, 12, 31) AS d1"
	    " FROM generate_series(2015, 2027) y"
	    " UNION ALL SELECT m::date, (m + interval '3 months' - interval '1 day')::date"
	    " FROM generate_series('2018-01-01'::date, '2019-10-01', '3 months') m"
	    " UNION ALL SELECT m::date, (m + interval '1 month' - interval '1 day')::date"
	    " FROM generate_series('2020-01-01'::date, '2021-12-01', '1 month') m"
	    " UNION ALL SELECT d::date, (d + (i * 37) % 900)::date"
	    " FROM generate_series(1, 60) i, LATERAL (SELECT '2016-01-01'::date"
	    " + (i * 61) % 3900 AS d) x"
	    " UNION ALL SELECT d::date, d::date FROM generate_series('2019-03-01'::date,"
	    " '2019-03-20', '1 day') d"
	    " UNION ALL VALUES ('2000-01-01'::date, '2099-12-31'::date),"
	    " ('2000-01-01', '2000-12-31'), ('2019-01-31', '2019-02-01')";
	static const char *ref =
	    "CREATE TEMP TABLE ref AS SELECT per.d0, per.d1, c.code AS cty,"
	    " k.code AS dept, x.n, x.pc[1] AS med, x.pc[2] AS p90"
	    " FROM per, dept k, (SELECT NULL::text AS code UNION ALL"
	    " SELECT code FROM county) c, LATERAL (SELECT count(*) AS n,"
	    " percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP"
	    " (ORDER BY date_part('epoch', d.decided_at - d.submitted_at)) AS pc"
	    " FROM decision d WHERE d.dept = k.code"
	    " AND (c.code IS NULL OR d.county = c.code)"
	    " AND d.submitted_at >= per.d0::timestamp AT TIME ZONE 'Asia/Shanghai'"
	    " AND d.submitted_at < (per.d1 + 1)::timestamp AT TIME ZONE"
	    " 'Asia/Shanghai') x WHERE x.n > 0";
	static const char *got =
	    "CREATE TEMP TABLE got AS SELECT per.d0, per.d1, c.code AS cty, t.*"
	    " FROM per, (SELECT NULL::text AS code UNION ALL"
	    " SELECT code FROM county) c,"
	    " LATERAL decision_times(per.d0, per.d1, c.code) t";
	PGconn	*c;

	(void)state;
	skip_without_cluster();
	c = connect_to("jiugai_gen_a", "jiugai");
	assert_int_equal(exec_sql(c, periods), 0);
	assert_int_equal(exec_sql(c, ref), 0);
	assert_int_equal(exec_sql(c, got), 0);
	/* Enough to mean something: many periods, both kinds, many ranks. */
	assert_true(num_on(c, "SELECT count(*) FROM ref WHERE cty IS NULL") > 400);
	assert_true(num_on(c, "SELECT count(*) FROM ref WHERE cty IS NOT NULL") > 400);
	assert_true(num_on(c, "SELECT count(DISTINCT n) FROM ref") > 50);
	assert_int_equal(num_on(c, "SELECT count(*) FROM got"),
	    num_on(c, "SELECT count(*) FROM ref"));
	assert_int_equal(num_on(c, "SELECT count(*) FROM"
	    " ((SELECT * FROM ref EXCEPT SELECT * FROM got) UNION ALL"
	    " (SELECT * FROM got EXCEPT SELECT * FROM ref)) z"), 0);
	/* A period with no decision has no row. */
	assert_int_equal(num_on(c, "SELECT count(*) FROM"
	    " decision_times('2000-01-01', '2000-12-31', NULL)"), 0);
	PQfinish(c);

	/* The months' counts out of step: the check says so; rebuilt, not. */
	c = connect_to("jiugai_gen_a", "jiugai_owner");
	assert_int_equal(exec_sql(c, "UPDATE decision_month SET n = n + 1"
	    " WHERE (dept, month, band) = (SELECT dept, month, band"
	    " FROM decision_month LIMIT 1)"), 0);
	/* The row as it is and as it should be. */
	assert_int_equal(num_on(c, "SELECT assessment_facts_check()"), 2);
	assert_int_equal(exec_sql(c, "SELECT assessment_facts_rebuild()"), 0);
	assert_int_equal(num_on(c, "SELECT assessment_facts_check()"), 0);
	PQfinish(c);
}

/*
 * A second load continues the chain from the head, and the same seed on a
 * fresh database gives the very same chain.
 */
static void
test_gen_appends_deterministic(void **state)
{
	char	*a, *b;

	(void)state;
	skip_without_cluster();
	a = value("jiugai_gen_a", "SELECT hash FROM event WHERE seq = 5000");
	expect_tool("jiugai_gen_a", 0, "loaded 20 communities",
	    "gen --communities 20 --events 700 --seed 4");
	expect_tool("jiugai_gen_a", 0, "intact: 5700 events checked", "verify-audit");
	expect_tool("jiugai_gen_a", 0, "220 communities, 5700 events", "replay --check");
	assert_int_equal(num("jiugai_gen_a", "SELECT count(*) FROM event"
	    " WHERE seq = 5001 AND prev_hash = '%s'", a), 1);

	fresh("jiugai_gen_b");
	expect_tool("jiugai_gen_b", 0, NULL, "migrate");
	expect_tool("jiugai_gen_b", 0, "loaded 200 communities",
	    "gen --communities 200 --events 5000 --seed 3");
	b = value("jiugai_gen_b", "SELECT hash FROM audit_head");
	assert_string_equal(a, b);
	free(b);
	/* Another seed, another data set. */
	b = value("jiugai_gen_a", "SELECT hash FROM audit_head");
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

/* Too few events for the plans, or a bad argument: refused, nothing loaded. */
static void
test_gen_refuses(void **state)
{
	(void)state;
	skip_without_cluster();
	expect_tool("jiugai_gen_b", 1, "is too few",
	    "gen --communities 100 --events 50");
	expect_tool("jiugai_gen_b", 2, "usage", "gen --communities 0 --events 10");
	expect_tool("jiugai_gen_b", 2, "usage", "gen --communities 10 --events x");
	expect_tool("jiugai_gen_b", 2, "usage", "gen --colonies 10");
	assert_int_equal(num("jiugai_gen_b", "SELECT count(*) FROM community"), 200);
}

static int
group_setup(void **state)
{
	const char	*dir = getenv("JIUGAI_TEST_DIR");
	char		 conninfo[1200], pgdata[1024];
	FILE		*f;

	(void)state;
	snprintf(pgdata, sizeof(pgdata), "%s/pg/PG_VERSION", dir != NULL ? dir : "");
	if (dir == NULL || (f = fopen(pgdata, "r")) == NULL)
		return 0;
	fclose(f);
	snprintf(run, sizeof(run), "%s/run", dir);
	snprintf(conninfo, sizeof(conninfo), "host=%s dbname=postgres user=postgres"
	    " connect_timeout=5", run);
	su = PQconnectdb(conninfo);
	if (PQstatus(su) != CONNECTION_OK) {
		fprintf(stderr, "test_gen: superuser: %s", PQerrorMessage(su));
		PQfinish(su);
		su = NULL;
	} else
		PQsetNoticeProcessor(su, quiet, NULL);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (su != NULL) {
		exec_sql(su, "DROP DATABASE IF EXISTS jiugai_gen_a");
		exec_sql(su, "DROP DATABASE IF EXISTS jiugai_gen_b");
		PQfinish(su);
	}
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gen_verifies_and_replays),
		cmocka_unit_test(test_gen_plausible),
		cmocka_unit_test(test_gen_restores),
		cmocka_unit_test(test_gen_decision_times),
		cmocka_unit_test(test_gen_appends_deterministic),
		cmocka_unit_test(test_gen_refuses),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
