/*
 * test_money_sql.c - what PostgreSQL itself enforces of the money rules
 * (sql/007_money.sql), whoever asks: an item's parts never exceed its
 * estimate and only the kinds that have them carry them; a county's
 * subsidy rate stays within 0.20-0.40 yuan, only the owner may set it,
 * and every change is kept; item_kind.utility agrees with money.c.
 *
 * Items are made through the API; the attacks are then made over libpq
 * as the server's own role, in transactions that are rolled back.  The
 * rate is changed as the superuser over the test cluster's socket (the
 * server's role may not), also rolled back; without that socket those
 * tests are skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "money.h"
#include "../lib/client.h"

#define CHECK_VIOLATION		"23514"
#define INSUFFICIENT_PRIVILEGE	"42501"

static PGconn	*su;		/* the superuser, or NULL */
static char	 state_of[8];

static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Run sql on c; 0 when it went through, else -1 with state_of set. */
static int
run(PGconn *c, const char *fmt, ...)
{
	char		 q[1024];
	va_list		 ap;
	PGresult	*res;
	int		 rc;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	res = PQexec(c, q);
	rc = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : -1;
	snprintf(state_of, sizeof(state_of), "%s", rc == 0 ? "" :
	    PQresultErrorField(res, PG_DIAG_SQLSTATE) != NULL ?
	    PQresultErrorField(res, PG_DIAG_SQLSTATE) : "?");
	PQclear(res);
	return rc;
}

#define OK(c, ...) do {							\
	if (run((c), __VA_ARGS__) != 0)					\
		fail_msg("%s:%d: %s", __FILE__, __LINE__,		\
		    PQerrorMessage(c));					\
} while (0)

/* The statement is refused with sqlstate, in a transaction rolled back. */
static void
refused(PGconn *c, const char *sqlstate, const char *fmt, ...)
{
	char		 q[1024], got[8];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);

	OK(c, "BEGIN");
	if (run(c, "%s", q) == 0) {
		run(c, "ROLLBACK");
		fail_msg("went through: %s", q);
	}
	snprintf(got, sizeof(got), "%s", state_of);
	run(c, "ROLLBACK");
	if (strcmp(got, sqlstate) != 0)
		fail_msg("%s: want %s, got %s", q, sqlstate, got);
}

/* The statement goes through (the positive control), rolled back. */
static void
accepted(PGconn *c, const char *fmt, ...)
{
	char		 q[1024];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	OK(c, "BEGIN");
	if (run(c, "%s", q) != 0) {
		run(c, "ROLLBACK");
		fail_msg("refused (%s): %s", state_of, q);
	}
	run(c, "ROLLBACK");
}

static long long
item(long long cid, const char *body)
{
	struct resp	 r;
	long long	 id;

	req(&r, "POST", cpath(cid, "/items"), tok_street("pingyi"), body, NULL,
	    NULL);
	EXPECT(&r, 201);
	id = jint(&r, "id");
	resp_free(&r);
	return id;
}

/* item_kind.utility, filled from the C tables, is money_utility(). */
static void
test_utility_column(void **state)
{
	PGresult	*res;
	const char	*u;
	int		 i, k, n;

	(void)state;
	res = PQexec(db(), "SELECT code, utility FROM item_kind ORDER BY code");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	n = PQntuples(res);
	assert_int_equal(n, KIND__MAX);
	for (i = 0; i < n; i++) {
		k = code_kind(PQgetvalue(res, i, 0), strlen(PQgetvalue(res, i, 0)));
		assert_true(k >= 0);
		u = PQgetisnull(res, i, 1) ? NULL : PQgetvalue(res, i, 1);
		if (money_utility(k) < 0) {
			if (u != NULL)
				fail_msg("%s: utility %s", kinds[k].code, u);
		} else if (u == NULL || strcmp(u, depts[money_utility(k)].code) != 0)
			fail_msg("%s: utility %s", kinds[k].code, u ? u : "NULL");
	}
	PQclear(res);
}

static void
test_parts_within_estimate(void **state)
{
	long long	 cid, water, road, bare, power;

	(void)state;
	cid = make_declared("pingyi");
	water = item(cid, "{\"kind\":\"water\",\"estimate_yuan\":100}");
	road = item(cid, "{\"kind\":\"road\",\"estimate_yuan\":100}");
	bare = item(cid, "{\"kind\":\"road\"}");
	power = item(cid, "{\"kind\":\"power\",\"estimate_yuan\":100}");
	/* 60.00 + 40.01 > 100.00; exactly 100.00 goes through. */
	refused(db(), CHECK_VIOLATION, "UPDATE item SET utility_side_yuan = 60,"
	    " owners_part_yuan = 40.01 WHERE id = %lld", water);
	accepted(db(), "UPDATE item SET utility_side_yuan = 60,"
	    " owners_part_yuan = 40 WHERE id = %lld", water);
	/* Power: the three parts together. */
	refused(db(), CHECK_VIOLATION, "UPDATE item SET utility_side_yuan = 40,"
	    " beyond_meter_yuan = 40, owners_part_yuan = 20.01 WHERE id = %lld",
	    power);
	accepted(db(), "UPDATE item SET utility_side_yuan = 40,"
	    " beyond_meter_yuan = 40, owners_part_yuan = 20 WHERE id = %lld", power);
	/* Lowering the estimate under the parts. */
	OK(db(), "BEGIN");
	OK(db(), "UPDATE item SET owners_part_yuan = 50 WHERE id = %lld", road);
	if (run(db(), "UPDATE item SET estimate_yuan = 49.99 WHERE id = %lld",
	    road) == 0 || strcmp(state_of, CHECK_VIOLATION) != 0)
		fail_msg("estimate below the parts: %s", state_of);
	run(db(), "ROLLBACK");
	/* Parts without an estimate; negative parts. */
	refused(db(), CHECK_VIOLATION, "UPDATE item SET owners_part_yuan = 1"
	    " WHERE id = %lld", bare);
	refused(db(), CHECK_VIOLATION, "UPDATE item SET owners_part_yuan = -1"
	    " WHERE id = %lld", road);
	/* A new row is checked the same way. */
	refused(db(), CHECK_VIOLATION, "INSERT INTO item (community_id, kind,"
	    " estimate_yuan, owners_part_yuan) VALUES (%lld, 'road', 10, 10.01)",
	    cid);
	accepted(db(), "INSERT INTO item (community_id, kind, estimate_yuan,"
	    " owners_part_yuan) VALUES (%lld, 'road', 10, 10)", cid);
}

/* Which kinds carry which parts: the trigger. */
static void
test_parts_by_kind(void **state)
{
	long long	 cid, water, road, power, gas;

	(void)state;
	cid = make_declared("pingyi");
	water = item(cid, "{\"kind\":\"water\",\"estimate_yuan\":100}");
	road = item(cid, "{\"kind\":\"road\",\"estimate_yuan\":100}");
	power = item(cid, "{\"kind\":\"power\",\"estimate_yuan\":100}");
	gas = item(cid, "{\"kind\":\"gas\",\"estimate_yuan\":100}");
	refused(db(), CHECK_VIOLATION, "UPDATE item SET beyond_meter_yuan = 1"
	    " WHERE id = %lld", water);
	refused(db(), CHECK_VIOLATION, "UPDATE item SET beyond_meter_yuan = 1"
	    " WHERE id = %lld", gas);
	refused(db(), CHECK_VIOLATION, "UPDATE item SET utility_side_yuan = 1"
	    " WHERE id = %lld", road);
	refused(db(), CHECK_VIOLATION, "UPDATE item SET beyond_meter_yuan = 1"
	    " WHERE id = %lld", road);
	accepted(db(), "UPDATE item SET beyond_meter_yuan = 1 WHERE id = %lld",
	    power);
	accepted(db(), "UPDATE item SET utility_side_yuan = 1 WHERE id = %lld",
	    gas);
	accepted(db(), "UPDATE item SET owners_part_yuan = 1 WHERE id = %lld",
	    road);
	/* Changing the kind of an item with a utility side. */
	OK(db(), "BEGIN");
	OK(db(), "UPDATE item SET utility_side_yuan = 1 WHERE id = %lld", gas);
	if (run(db(), "UPDATE item SET kind = 'road' WHERE id = %lld", gas) == 0 ||
	    strcmp(state_of, CHECK_VIOLATION) != 0)
		fail_msg("kind changed under its utility side: %s", state_of);
	run(db(), "ROLLBACK");
	refused(db(), CHECK_VIOLATION, "INSERT INTO item (community_id, kind,"
	    " estimate_yuan, beyond_meter_yuan) VALUES (%lld, 'heating', 10, 1)",
	    cid);
}

/* The rate: 0.20 to 0.40, set by the owner only, every change kept. */
static void
test_county_rate(void **state)
{
	PGresult	*res;

	(void)state;
	assert_int_equal(db_count("SELECT count(*) FROM county"), COUNTY__MAX);
	assert_int_equal(db_count("SELECT count(*) FROM county"
	    " WHERE subsidy_rate_yuan_m2_month = 0.30"), COUNTY__MAX);
	/* The server's role reads the rates and may not change them. */
	refused(db(), INSUFFICIENT_PRIVILEGE, "UPDATE county SET"
	    " subsidy_rate_yuan_m2_month = 0.25 WHERE code = 'yinan'");
	refused(db(), INSUFFICIENT_PRIVILEGE, "INSERT INTO county_rate_change"
	    " (county, old_rate, new_rate) VALUES ('yinan', 0.3, 0.25)");
	if (su == NULL)
		skip();
	refused(su, CHECK_VIOLATION, "UPDATE county SET"
	    " subsidy_rate_yuan_m2_month = 0.41 WHERE code = 'yinan'");
	refused(su, CHECK_VIOLATION, "UPDATE county SET"
	    " subsidy_rate_yuan_m2_month = 0.19 WHERE code = 'yinan'");
	refused(su, CHECK_VIOLATION, "UPDATE county SET"
	    " subsidy_rate_yuan_m2_month = 0 WHERE code = 'yinan'");
	refused(su, "23502", "UPDATE county SET"
	    " subsidy_rate_yuan_m2_month = NULL WHERE code = 'yinan'");
	accepted(su, "UPDATE county SET subsidy_rate_yuan_m2_month = 0.20"
	    " WHERE code = 'yinan'");
	/* 0.40 goes through, and the change is recorded with who made it. */
	OK(su, "BEGIN");
	OK(su, "UPDATE county SET subsidy_rate_yuan_m2_month = 0.40"
	    " WHERE code = 'yinan'");
	res = PQexec(su, "SELECT old_rate::text, new_rate::text, changed_by"
	    " FROM county_rate_change WHERE county = 'yinan'"
	    " ORDER BY id DESC LIMIT 1");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 0), "0.30");
	assert_string_equal(PQgetvalue(res, 0, 1), "0.40");
	assert_string_equal(PQgetvalue(res, 0, 2), "postgres");
	PQclear(res);
	/* The record is append-only, even for the owner. */
	if (run(su, "UPDATE county_rate_change SET new_rate = 0.2") == 0)
		fail_msg("county_rate_change was rewritten");
	run(su, "ROLLBACK");
}

static int
setup(void **state)
{
	const char	*dir = getenv("JIUGAI_TEST_DIR");
	char		 conninfo[1024], pgdata[1024];
	FILE		*f;

	(void)state;
	client_init();
	PQsetNoticeProcessor(db(), quiet, NULL);
	snprintf(pgdata, sizeof(pgdata), "%s/pg/PG_VERSION", dir != NULL ? dir : "");
	if (dir != NULL && (f = fopen(pgdata, "r")) != NULL) {
		fclose(f);
		snprintf(conninfo, sizeof(conninfo), "host=%s/run dbname=jiugai"
		    " user=postgres connect_timeout=5", dir);
		su = PQconnectdb(conninfo);
		if (PQstatus(su) != CONNECTION_OK) {
			fprintf(stderr, "test_money_sql: superuser: %s",
			    PQerrorMessage(su));
			PQfinish(su);
			su = NULL;
		} else
			PQsetNoticeProcessor(su, quiet, NULL);
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (su != NULL)
		PQfinish(su);
	client_done();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utility_column),
		cmocka_unit_test(test_parts_within_estimate),
		cmocka_unit_test(test_parts_by_kind),
		cmocka_unit_test(test_county_rate),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
