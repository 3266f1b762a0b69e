/*
 * test_assessment.c - the county assessment (考核, issue 5 §2,
 * docs/assessment.md): GET /api/v1/reports/assessment on the real stack.
 *
 * Every suite shares one database, so a county's figures hold other
 * suites' communities too.  The figures are checked as differences: the
 * report for today (from = to = today in the city) before and after this
 * suite makes three communities in county pingyi through the API
 * (make_at in tests/lib/client.c), whose contribution is worked out by
 * hand from what make_at does:
 *
 *	community	stage		households	area m²		items (selected / signed off)	province planned
 *	A		accepted	240		15,600.00	cctv, road, fitness: 3 / 3	300,000.00
 *	M		managed		240		15,600.00	3 / 3				300,000.00
 *	D		declared	-		-		3 / 0				-
 *
 *	stages: accepted +1, managed +1, declared +1
 *	renovated (accepted today, still accepted or managed): A and M:
 *	    communities +2, households +480, area +31,200.00
 *	items selected +9, signed off +6; cctv: selected +3, signed off +2
 *	funds planned +600,000.00, received +0; funding.pingyi.province and
 *	    funding.city.province planned +600,000.00
 *	coverage: accepted +1, managed +1
 *	past the deadline (batch "2017" or none: the roll-out's, 2020-12-31,
 *	    passed; A and M accepted after it, D not at all): +3
 *	each department's decisions: + its approvals of the three
 *	    communities' rounds, counted in the database.
 *	accepted_by_month: A and M were accepted today, so this month's
 *	    count moves by +2 and every other month of the year by 0; the
 *	    months sum to the city's renovated communities (and a county's
 *	    report's to the county's).
 *
 * The flags use targets this suite writes for pingyi for this year; the
 * target for one day is the year's × 1 / days of the year, rounded:
 *	T = days       -> 1 household a day: green (we renovated 480 today)
 *	T = (H+1)×days -> H+1, where H >= 480 is the day's households: amber
 *	                  (H < H+1, and 5H >= 4(H+1) as H >= 4)
 *	T = 10^6×days  -> 1,000,000: red
 *	T unset (NULL) -> no flag
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../lib/client.h"
#include "../lib/webc.h"
#include "../lib/xmlcheck.h"

#include "arena.h"
#include "chart.h"
#include "codes.h"
#include "i18n.h"

#define CTY		"pingyi"
#define PATH		"/api/v1/reports/assessment"

static char	 today[16], thismonth[8];
static int	 year, ydays;

/* ---- Helpers ---------------------------------------------------------- */

/* o's member by a path of keys ("a.b"); NULL when absent. */
static struct json_object *
jat(struct json_object *o, const char *path)
{
	char		 key[128];
	const char	*dot;
	size_t		 n;

	while (o != NULL && *path != '\0') {
		dot = strchr(path, '.');
		n = dot != NULL ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		path += n + (dot != NULL);
	}
	return o;
}

/* A number at path in hundredths (fen, or m² × 100); 0 when absent. */
static long long
cents(struct json_object *o, const char *path)
{
	struct json_object	*v = jat(o, path);
	double			 d;

	if (v == NULL || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_double) &&
	    !json_object_is_type(v, json_type_int))
		fail_msg("not a number at %s", path);
	d = json_object_get_double(v);
	return (long long)(d * 100 + (d < 0 ? -0.5 : 0.5));
}

/* A ratio (4 decimals) at path in basis points. */
static long long
bp(struct json_object *o, const char *path)
{
	struct json_object	*v = jat(o, path);

	if (v == NULL || !(json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int)))
		fail_msg("no ratio at %s", path);
	return (long long)(json_object_get_double(v) * 10000 + 0.5);
}

static long long
num(struct json_object *o, const char *path)
{
	return cents(o, path) / 100;
}

static const char *
str(struct json_object *o, const char *path)
{
	struct json_object	*v = jat(o, path);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/* The county's row in a report. */
static struct json_object *
row(struct json_object *rep, const char *county)
{
	struct json_object	*arr = jat(rep, "counties"), *e;
	const char		*s;
	size_t			 i;

	assert_non_null(arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		if ((s = str(e, "county")) != NULL && strcmp(s, county) == 0)
			return e;
	}
	fail_msg("no row for %s", county);
	return NULL;
}

/* A department's entry in the decision times; NULL when none. */
static struct json_object *
dept(struct json_object *rep, const char *d)
{
	struct json_object	*arr = jat(rep, "departments"), *e;
	const char		*s;
	size_t			 i;

	for (i = 0; arr != NULL && i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		if ((s = str(e, "dept")) != NULL && strcmp(s, d) == 0)
			return e;
	}
	return NULL;
}

/* The count of month m ("YYYY-MM") in accepted_by_month; -1: absent. */
static long long
month_count(struct json_object *rep, const char *m)
{
	struct json_object	*arr = jat(rep, "accepted_by_month"), *e;
	const char		*s;
	size_t			 i;

	assert_non_null(arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		if ((s = str(e, "month")) != NULL && strcmp(s, m) == 0)
			return num(e, "count");
	}
	return -1;
}

/* The sum of accepted_by_month. */
static long long
months_sum(struct json_object *rep)
{
	struct json_object	*arr = jat(rep, "accepted_by_month");
	long long		 n = 0;
	size_t			 i;

	assert_non_null(arr);
	for (i = 0; i < json_object_array_length(arr); i++)
		n += num(json_object_array_get_idx(arr, i), "count");
	return n;
}

/* GET the report with query q as a housing viewer; the JSON, owned. */
static struct json_object *
report(const char *q)
{
	struct resp		 r;
	struct json_object	*o;
	char			 path[256];

	snprintf(path, sizeof(path), "%s?%s", PATH, q);
	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_non_null(r.json);
	o = json_object_get(r.json);
	resp_free(&r);
	return o;
}

static struct json_object *
report_today(void)
{
	char	 q[64];

	snprintf(q, sizeof(q), "from=%s&to=%s", today, today);
	return report(q);
}

static void
set_target(const char *households)
{
	char		 sql[512];
	PGresult	*res;

	/* Households only: the other two unset, whatever was there. */
	snprintf(sql, sizeof(sql), "INSERT INTO target (county, year,"
	    " households_target, set_by) VALUES ('" CTY "', %d, %s, 'test')"
	    " ON CONFLICT (county, year) DO UPDATE SET households_target ="
	    " EXCLUDED.households_target, area_target_m2 = NULL,"
	    " communities_target = NULL, set_by = 'test', set_at = now()",
	    year, households);
	res = PQexec(db(), sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("%s", PQerrorMessage(db()));
	PQclear(res);
}

/* ---- Tests ------------------------------------------------------------ */

static void
test_bad_requests(void **state)
{
	static const struct {
		const char	*q, *field;
	} bad[] = {
		{ "from=2026-02-30", "from" },		/* no such day */
		{ "from=2026-1-01", "from" },		/* not YYYY-MM-DD */
		{ "to=yesterday", "to" },
		{ "from=2026-06-01&to=2026-05-31", "to" },	/* before from */
		{ "from=1990-01-01&to=2030-01-01", "to" },	/* > 30 years */
		{ "county=atlantis", "county" },
		{ "colour=red", "colour" },
		{ "from=2026-01-01&from=2026-02-01", "from" },
	};
	struct resp	 r;
	char		 path[128];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "%s?%s", PATH, bad[i].q);
		req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
		EXPECT(&r, 400);
		assert_string_equal(jstr(&r, "error.details.field"), bad[i].field);
		resp_free(&r);
	}
	req(&r, "GET", PATH, NULL, NULL, NULL, NULL);
	EXPECT(&r, 401);
	resp_free(&r);
}

/* No period: this calendar year in the city. */
static void
test_default_period(void **state)
{
	struct json_object	*rep = report("");
	char			 want[16];

	(void)state;
	snprintf(want, sizeof(want), "%d-01-01", year);
	assert_string_equal(str(rep, "from"), want);
	snprintf(want, sizeof(want), "%d-12-31", year);
	assert_string_equal(str(rep, "to"), want);
	assert_string_equal(str(rep, "deadlines.pilot"), "2016-06-30");
	assert_string_equal(str(rep, "deadlines.rollout"), "2020-12-31");
	/* Every county has a row, zeros included, and the city one more. */
	assert_int_equal(json_object_array_length(jat(rep, "counties")), 15);
	assert_non_null(jat(rep, "total"));
	assert_null(str(rep, "total.county"));
	json_object_put(rep);
}

static void
test_scope(void **state)
{
	const char		*t = tok("t-lanshan-county-viewer", "county",
	    "lanshan", "viewer");
	struct json_object	*arr;
	struct resp		 r;

	(void)state;
	req(&r, "GET", PATH, t, NULL, NULL, NULL);
	EXPECT(&r, 200);
	arr = jat(r.json, "counties");
	assert_int_equal(json_object_array_length(arr), 1);
	assert_string_equal(str(json_object_array_get_idx(arr, 0), "county"),
	    "lanshan");
	assert_string_equal(jstr(&r, "county"), "lanshan");
	/* The funding roll-up is the county's and its "city" (= itself). */
	assert_null(jat(r.json, "funding.hedong"));
	resp_free(&r);
	req(&r, "GET", PATH "?county=lanshan", t, NULL, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	req(&r, "GET", PATH "?county=hedong", t, NULL, NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
	/* A street of lanshan is scoped the same way. */
	req(&r, "GET", PATH "?county=hedong", tok_street("lanshan"), NULL,
	    NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
}

/* The differences of the table at the top. */
static void
test_figures(void **state)
{
	struct json_object	*b, *a, *rb, *ra, *db_, *da;
	long long		 ids[3];
	char			 sql[512];
	PGresult		*res;
	long long		 den;
	int			 i, n;

	struct json_object	*yb, *ya;
	char			 yq[64], m[32];

	(void)state;
	snprintf(yq, sizeof(yq), "from=%d-01-01&to=%d-12-31", year, year);
	b = report_today();
	yb = report(yq);
	ids[0] = make_at(CTY, "accepted");
	ids[1] = make_at(CTY, "managed");
	ids[2] = make_at(CTY, "declared");
	a = report_today();
	ya = report(yq);
	/* Per month: +2 this month, 0 in the eleven others. */
	assert_int_equal(json_object_array_length(jat(ya,
	    "accepted_by_month")), 12);
	for (i = 1; i <= 12; i++) {
		snprintf(m, sizeof(m), "%d-%02d", year, i);
		assert_true(month_count(ya, m) >= 0);
		assert_int_equal(month_count(ya, m) - month_count(yb, m),
		    strcmp(m, thismonth) == 0 ? 2 : 0);
	}
	assert_int_equal(months_sum(ya), num(jat(ya, "total"),
	    "renovated_communities"));
	assert_int_equal(months_sum(a), num(jat(a, "total"),
	    "renovated_communities"));
	assert_int_equal(month_count(a, thismonth) -
	    month_count(b, thismonth), 2);
	json_object_put(ya);
	json_object_put(yb);
	/* A county's months are the county's. */
	snprintf(yq, sizeof(yq), "from=%d-01-01&to=%d-12-31&county=" CTY,
	    year, year);
	ya = report(yq);
	assert_int_equal(months_sum(ya), num(row(ya, CTY),
	    "renovated_communities"));
	assert_true(month_count(ya, thismonth) >= 2);
	json_object_put(ya);
	rb = row(b, CTY);
	ra = row(a, CTY);
	assert_int_equal(num(ra, "stages.accepted") - num(rb, "stages.accepted"), 1);
	assert_int_equal(num(ra, "stages.managed") - num(rb, "stages.managed"), 1);
	assert_int_equal(num(ra, "stages.declared") - num(rb, "stages.declared"), 1);
	assert_int_equal(num(ra, "stages.piloted") - num(rb, "stages.piloted"), 0);
	assert_int_equal(num(ra, "renovated_communities") -
	    num(rb, "renovated_communities"), 2);
	assert_int_equal(num(ra, "renovated_households") -
	    num(rb, "renovated_households"), 480);
	assert_int_equal(cents(ra, "renovated_area_m2") -
	    cents(rb, "renovated_area_m2"), 3120000);
	assert_int_equal(num(ra, "items_selected") - num(rb, "items_selected"), 9);
	assert_int_equal(num(ra, "items_signed_off") -
	    num(rb, "items_signed_off"), 6);
	assert_int_equal(num(ra, "items.cctv.selected") -
	    num(rb, "items.cctv.selected"), 3);
	assert_int_equal(num(ra, "items.cctv.signed_off") -
	    num(rb, "items.cctv.signed_off"), 2);
	assert_int_equal(cents(ra, "funds_planned_yuan") -
	    cents(rb, "funds_planned_yuan"), 60000000);
	assert_int_equal(cents(ra, "funds_received_yuan") -
	    cents(rb, "funds_received_yuan"), 0);
	assert_int_equal(num(ra, "accepted") - num(rb, "accepted"), 1);
	assert_int_equal(num(ra, "managed") - num(rb, "managed"), 1);
	assert_int_equal(num(ra, "past_deadline") - num(rb, "past_deadline"), 3);
	/* The city's row moves by the same. */
	assert_int_equal(num(jat(a, "total"), "renovated_households") -
	    num(jat(b, "total"), "renovated_households"), 480);
	assert_int_equal(num(jat(a, "total"), "past_deadline") -
	    num(jat(b, "total"), "past_deadline"), 3);
	/* The funding roll-up, per county and for the city. */
	assert_int_equal(cents(a, "funding." CTY ".province.planned_yuan") -
	    cents(b, "funding." CTY ".province.planned_yuan"), 60000000);
	assert_int_equal(cents(a, "funding.city.province.planned_yuan") -
	    cents(b, "funding.city.province.planned_yuan"), 60000000);
	/* Ratios are the figures' own: received / planned, managed / both. */
	assert_true(num(ra, "accepted") + num(ra, "managed") > 0);
	den = num(ra, "accepted") + num(ra, "managed");
	assert_int_equal(bp(ra, "management_coverage"),
	    (num(ra, "managed") * 20000 + den) / (2 * den));
	if (cents(ra, "funds_planned_yuan") > 0)
		assert_int_equal(bp(ra, "funds_ratio"),
		    (cents(ra, "funds_received_yuan") * 20000 +
		    cents(ra, "funds_planned_yuan")) /
		    (2 * cents(ra, "funds_planned_yuan")));
	/* Each department decided once more for every approval we caused. */
	snprintf(sql, sizeof(sql), "SELECT a.dept, count(*) FROM approval a"
	    " JOIN round r ON r.id = a.round_id WHERE r.community_id IN"
	    " (%lld, %lld, %lld) GROUP BY a.dept", ids[0], ids[1], ids[2]);
	res = PQexec(db(), sql);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	n = PQntuples(res);
	assert_true(n >= 2);	/* several departments countersign a walk */
	for (i = 0; i < n; i++) {
		db_ = dept(b, PQgetvalue(res, i, 0));
		da = dept(a, PQgetvalue(res, i, 0));
		assert_non_null(da);
		assert_int_equal(num(da, "decisions") -
		    (db_ != NULL ? num(db_, "decisions") : 0),
		    atoll(PQgetvalue(res, i, 1)));
		assert_true(cents(da, "median_hours") >= 0);
		assert_true(cents(da, "p90_hours") >= cents(da, "median_hours"));
	}
	PQclear(res);
	/* The facts the report reads (sql/013) agree with their sources. */
	res = PQexec(db(), "SELECT assessment_facts_check()");
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(res, 0, 0), "0");
	PQclear(res);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM community WHERE id IN"
	    " (%lld, %lld) AND accepted_at > now() - interval '1 hour'",
	    ids[0], ids[1]);
	res = PQexec(db(), sql);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_string_equal(PQgetvalue(res, 0, 0), "2");
	PQclear(res);
	json_object_put(a);
	json_object_put(b);
}

/* The flags against the targets (see the top); runs after test_figures. */
static void
test_flags(void **state)
{
	struct json_object	*rep, *r;
	char			 t[32];
	long long		 h;

	(void)state;
	set_target("NULL");
	rep = report_today();
	r = row(rep, CTY);
	assert_null(str(r, "flags.households"));
	assert_null(str(r, "flag"));
	h = num(r, "renovated_households");
	assert_true(h >= 480);
	json_object_put(rep);

	snprintf(t, sizeof(t), "%d", ydays);
	set_target(t);
	rep = report_today();
	r = row(rep, CTY);
	assert_int_equal(num(r, "target.households"), 1);
	assert_string_equal(str(r, "flags.households"), "green");
	assert_string_equal(str(r, "flag"), "green");
	/* The city's row has no flags. */
	assert_null(str(rep, "total.flag"));
	json_object_put(rep);

	snprintf(t, sizeof(t), "%lld", (h + 1) * ydays);
	set_target(t);
	rep = report_today();
	r = row(rep, CTY);
	assert_int_equal(num(r, "target.households"), h + 1);
	assert_int_equal(num(r, "renovated_households"), h);
	assert_string_equal(str(r, "flags.households"), "amber");
	json_object_put(rep);

	snprintf(t, sizeof(t), "%lld", 1000000LL * ydays);
	set_target(t);
	rep = report_today();
	r = row(rep, CTY);
	assert_int_equal(num(r, "target.households"), 1000000);
	assert_string_equal(str(r, "flags.households"), "red");
	assert_string_equal(str(r, "flag"), "red");
	json_object_put(rep);
	set_target("NULL");
}

/* The targets API: only the housing bureau's admin sets them. */
static void
test_targets_api(void **state)
{
	const char	*admin = tok("t-housing-admin", "housing", NULL, "admin");
	const char	*body = "{\"county\":\"" CTY "\",\"year\":2031,"
	    "\"households_target\":1200,\"area_target_m2\":80000.50,"
	    "\"communities_target\":null}";
	struct resp	 r;

	(void)state;
	req(&r, "POST", "/api/v1/reports/targets", tok_viewer(), body, NULL,
	    NULL);
	EXPECT(&r, 403);
	resp_free(&r);
	req(&r, "POST", "/api/v1/reports/targets",
	    tok("t-housing-clerk", "housing", NULL, "clerk"), body, NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
	req(&r, "POST", "/api/v1/reports/targets", admin,
	    "{\"county\":\"" CTY "\",\"year\":2015}", NULL, NULL);
	EXPECT(&r, 400);
	assert_string_equal(jstr(&r, "error.details.field"), "year");
	resp_free(&r);
	req(&r, "POST", "/api/v1/reports/targets", admin, body, NULL, NULL);
	EXPECT(&r, 200);
	assert_int_equal(jint(&r, "households_target"), 1200);
	assert_string_equal(jstr(&r, "set_by"), "t-housing-admin");
	resp_free(&r);
	req(&r, "GET", "/api/v1/reports/targets?year=2031&county=" CTY,
	    tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_int_equal(json_object_array_length(jat(r.json, "targets")), 1);
	assert_int_equal(cents(json_object_array_get_idx(jat(r.json,
	    "targets"), 0), "area_target_m2"), 8000050);
	/* null: no target for the number of communities. */
	assert_null(jat(json_object_array_get_idx(jat(r.json, "targets"), 0),
	    "communities_target"));
	resp_free(&r);
	/* Scoped users read their county's only. */
	req(&r, "GET", "/api/v1/reports/targets?year=2031&county=" CTY,
	    tok_cclerk("lanshan"), NULL, NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
	/* A whole year of 2031 against 1,200 households: pro rata 100%. */
	{
		struct json_object *rep = report("from=2031-01-01&to=2031-12-31"
		    "&county=" CTY);

		assert_int_equal(num(row(rep, CTY), "target.households"), 1200);
		assert_int_equal(cents(row(rep, CTY), "target.area_m2"),
		    8000050);
		/* Nothing is accepted in 2031: red. */
		assert_string_equal(str(row(rep, CTY), "flag"), "red");
		json_object_put(rep);
	}
}

/* Run sql on the test's connection; its SQLSTATE, "" when it worked. */
static const char *
sql_state(const char *sql)
{
	static char	 state[8];
	PGresult	*res = PQexec(db(), sql);
	const char	*st;

	state[0] = '\0';
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		snprintf(state, sizeof(state), "%s", st != NULL ? st : "?");
	}
	PQclear(res);
	return state;
}

/* The targets of 2032 for CTY, as the API gives them (history too). */
static struct json_object *
targets_2032(const char *t)
{
	struct resp		 r;
	struct json_object	*o;

	req(&r, "GET", "/api/v1/reports/targets?year=2032&county=" CTY, t,
	    NULL, NULL, NULL);
	EXPECT(&r, 200);
	o = json_object_get(r.json);
	resp_free(&r);
	return o;
}

#define CHANGES_2032	"SELECT count(*) FROM target_change WHERE county = '" \
			CTY "' AND year = 2032"

/*
 * The history of the targets (sql/011): every change that changes a
 * value, through the API or by hand, with who, when, old and new; a
 * save without change is none; the history cannot be rewritten by the
 * server's role; scoped users read their county's.
 */
static void
test_target_history(void **state)
{
	const char		*admin = tok("t-housing-admin", "housing", NULL,
	    "admin");
	struct json_object	*o, *h;
	struct resp		 r;
	long long		 n0;

	(void)state;
	n0 = db_count(CHANGES_2032);
	/* A new row: old values null, new ones the body's. */
	req(&r, "POST", "/api/v1/reports/targets", admin, "{\"county\":\"" CTY
	    "\",\"year\":2032,\"households_target\":500,\"area_target_m2\":"
	    "100.50,\"communities_target\":null}", NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	assert_int_equal(db_count(CHANGES_2032), n0 + 1);
	o = targets_2032(tok_viewer());
	h = json_object_array_get_idx(jat(o, "history"), 0);
	assert_non_null(h);
	assert_string_equal(str(h, "county"), CTY);
	assert_string_equal(str(h, "changed_by"), "t-housing-admin");
	assert_null(jat(h, "old.households_target"));
	assert_int_equal(num(h, "new.households_target"), 500);
	assert_int_equal(cents(h, "new.area_target_m2"), 10050);
	assert_null(jat(h, "new.communities_target"));
	/* The city's time, to the minute: "YYYY-MM-DD HH:MM". */
	assert_int_equal(strlen(str(h, "changed_at_city")), 16);
	assert_int_equal(str(h, "changed_at_city")[10], ' ');
	/* The row says who changed it last, and when. */
	assert_string_equal(str(json_object_array_get_idx(jat(o, "targets"), 0),
	    "set_by"), "t-housing-admin");
	assert_string_equal(str(json_object_array_get_idx(jat(o, "targets"), 0),
	    "set_at_city"), str(h, "changed_at_city"));
	json_object_put(o);

	/* Saved again unchanged: nothing to record. */
	req(&r, "POST", "/api/v1/reports/targets", admin, "{\"county\":\"" CTY
	    "\",\"year\":2032,\"households_target\":500,\"area_target_m2\":"
	    "100.5,\"communities_target\":null}", NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	assert_int_equal(db_count(CHANGES_2032), n0 + 1);

	/* A change: from 500 to 600, the area as it was. */
	req(&r, "POST", "/api/v1/reports/targets", admin, "{\"county\":\"" CTY
	    "\",\"year\":2032,\"households_target\":600,\"area_target_m2\":"
	    "100.50,\"communities_target\":null}", NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	assert_int_equal(db_count(CHANGES_2032), n0 + 2);
	o = targets_2032(tok_viewer());
	h = json_object_array_get_idx(jat(o, "history"), 0);
	assert_int_equal(num(h, "old.households_target"), 500);
	assert_int_equal(num(h, "new.households_target"), 600);
	assert_int_equal(cents(h, "old.area_target_m2"), 10050);
	assert_int_equal(cents(h, "new.area_target_m2"), 10050);
	/* Newest first: the first change comes second. */
	assert_int_equal(num(json_object_array_get_idx(jat(o, "history"), 1),
	    "new.households_target"), 500);
	json_object_put(o);

	/* By hand, outside the API: recorded all the same. */
	assert_string_equal(sql_state("UPDATE target SET communities_target = 7,"
	    " set_by = 'psql', set_at = now() WHERE county = '" CTY "'"
	    " AND year = 2032"), "");
	assert_int_equal(db_count(CHANGES_2032), n0 + 3);
	o = targets_2032(tok_viewer());
	h = json_object_array_get_idx(jat(o, "history"), 0);
	assert_string_equal(str(h, "changed_by"), "psql");
	assert_null(jat(h, "old.communities_target"));
	assert_int_equal(num(h, "new.communities_target"), 7);
	json_object_put(o);
	/* By hand without saying who: the database role, and now. */
	assert_string_equal(sql_state("UPDATE target SET area_target_m2 = 200"
	    " WHERE county = '" CTY "' AND year = 2032"), "");
	assert_int_equal(db_count(CHANGES_2032), n0 + 4);
	assert_int_equal(db_count("SELECT count(*) FROM target WHERE county = '"
	    CTY "' AND year = 2032 AND set_by = 'db:' || session_user"
	    " AND set_at > now() - interval '1 minute'"), 1);
	o = targets_2032(tok_viewer());
	h = json_object_array_get_idx(jat(o, "history"), 0);
	assert_true(strncmp(str(h, "changed_by"), "db:", 3) == 0);
	assert_int_equal(cents(h, "old.area_target_m2"), 10050);
	assert_int_equal(cents(h, "new.area_target_m2"), 20000);
	json_object_put(o);

	/* The history is the server role's to add to, not to rewrite. */
	assert_string_equal(sql_state("DELETE FROM target_change WHERE year ="
	    " 2032"), "42501");
	assert_string_equal(sql_state("UPDATE target_change SET changed_by ="
	    " 'nobody' WHERE year = 2032"), "42501");
	assert_string_equal(sql_state("TRUNCATE target_change"), "42501");
	assert_int_equal(db_count(CHANGES_2032), n0 + 4);

	/* A county's users read their county's changes only. */
	req(&r, "GET", "/api/v1/reports/targets?year=2032",
	    tok_cclerk("lanshan"), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_int_equal(json_object_array_length(jat(r.json, "history")), 0);
	resp_free(&r);
}

/* accepted_by_month has every month the period touches, in order. */
static void
test_months_shape(void **state)
{
	static const struct {
		const char	*q;
		const char	*months[5];
	} want[] = {
		{ "from=2016-04-15&to=2016-07-02",
		    { "2016-04", "2016-05", "2016-06", "2016-07" } },
		{ "from=2016-12-31&to=2017-01-01", { "2016-12", "2017-01" } },
		{ "from=2020-02-29&to=2020-02-29", { "2020-02" } },
		{ "from=2019-11-30&to=2020-03-01",
		    { "2019-11", "2019-12", "2020-01", "2020-02", "2020-03" } },
	};
	struct json_object	*rep, *arr, *e;
	size_t			 i, k, n;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		rep = report(want[i].q);
		arr = jat(rep, "accepted_by_month");
		assert_non_null(arr);
		for (n = 0; n < 5 && want[i].months[n] != NULL; n++)
			continue;
		assert_int_equal(json_object_array_length(arr), n);
		for (k = 0; k < n; k++) {
			e = json_object_array_get_idx(arr, k);
			assert_string_equal(str(e, "month"), want[i].months[k]);
			assert_non_null(jat(e, "count"));
			assert_true(json_object_is_type(jat(e, "count"),
			    json_type_int));
		}
		json_object_put(rep);
	}
}

/*
 * The element of the page that starts at the first occurrence of open
 * and ends with the first closing tag after it (sections and svgs hold
 * none of their own kind); NULL when absent.  In a's memory.
 */
static const char *
element(struct arena *a, const char *page, const char *open,
    const char *close)
{
	const char	*p = strstr(page, open), *q;

	if (p == NULL || (q = strstr(p, close)) == NULL)
		return NULL;
	return arena_printf(a, "%.*s", (int)(q - p + strlen(close)), p);
}

/* Every <svg> of s: well-formed, sized by viewBox, named; how many. */
static int
svgs_ok(struct arena *a, const char *s)
{
	const char	*p, *svg, *tag, *why;
	int		 n = 0;

	for (p = s; (p = strstr(p, "<svg ")) != NULL; p++, n++) {
		svg = element(a, p, "<svg ", "</svg>");
		assert_non_null(svg);
		if (!xml_well_formed(svg, &why))
			fail_msg("svg %d: %s", n, why);
		/* Sized by its viewBox alone: it scales with the page. */
		tag = arena_printf(a, "%.*s", (int)strcspn(svg, ">"), svg);
		assert_non_null(strstr(tag, " viewBox=\"0 0 720 "));
		assert_null(strstr(tag, " width="));
		assert_null(strstr(tag, " height="));
		assert_non_null(strstr(tag, " role=\"img\" aria-label=\""));
		assert_non_null(strstr(svg, "<title>"));
	}
	return n;
}

/* A row of a chart's table: label, then the cells, then </tr>. */
static void
has_row(struct arena *a, const char *sec, const char *label,
    const char *const *cells, size_t n)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, a);
	buf_printf(&b, "<th scope=\"row\">%s</th>", label);
	for (i = 0; i < n; i++)
		buf_printf(&b, "<td class=\"num\">%s</td>", cells[i]);
	buf_puts(&b, "</tr>");
	if (strstr(sec, b.p) == NULL)
		fail_msg("no row %s", b.p);
}

/*
 * The charts of the page (after test_figures, so that this year has
 * acceptances, rounds and funding): four drawings, each well-formed and
 * named, each with its table, and the tables' numbers the API's.
 */
static void
test_page_charts(void **state)
{
	static const char *const ids[] = {
		"<section id=\"chart-months\"", "<section id=\"chart-stages\"",
		"<section id=\"chart-depts\"", "<section id=\"chart-funding\"",
	};
	const char		*viewer = web_user("as-chart", "audit", NULL,
	    "viewer");
	struct json_object	*rep, *arr, *e, *st, *fund, *o;
	struct arena		 a;
	struct webc		 w;
	struct wresp		 r;
	const char		*sec[4], *cells[STAGE__MAX + 1], *d, *why;
	char			 q[96];
	long long		 total;
	size_t			 i, k;
	int			 s;

	(void)state;
	memset(&a, 0, sizeof(a));
	snprintf(q, sizeof(q), "from=%d-01-01&to=%d-12-31", year, year);
	rep = report(q);
	webc_open(&w);
	assert_int_equal(webc_login(&w, viewer, WEBC_PASSWORD), 303);
	assert_int_equal(webc_get(&w, &r, arena_printf(&a,
	    "/reports/assessment?%s", q)), 200);
	/* The whole page's drawings: one per chart, no script anywhere. */
	assert_int_equal(svgs_ok(&a, r.body), 4);
	assert_null(strstr(r.body, "<script"));
	for (i = 0; i < 4; i++) {
		sec[i] = element(&a, r.body, ids[i], "</section>");
		if (sec[i] == NULL)
			fail_msg("no %s", ids[i]);
		if (!xml_well_formed(sec[i], &why))
			fail_msg("%s: %s", ids[i], why);
		assert_int_equal(svgs_ok(&a, sec[i]), 1);
		assert_non_null(strstr(sec[i], "<table class=\"chart-data\">"));
	}
	assert_non_null(strstr(sec[0], "class=\"chart-svg chart-columns\""));
	assert_non_null(strstr(sec[1], "class=\"chart-svg chart-stacked\""));
	assert_non_null(strstr(sec[3], "class=\"chart-svg chart-grouped\""));
	assert_non_null(strstr(sec[0], "aria-label=\"每月验收小区数\""));

	/* Months: each of the twelve, as the API counts it. */
	arr = jat(rep, "accepted_by_month");
	assert_int_equal(json_object_array_length(arr), 12);
	for (i = 0; i < 12; i++) {
		e = json_object_array_get_idx(arr, i);
		cells[0] = chart_num(&a, num(e, "count"), 0);
		has_row(&a, sec[0], str(e, "month"), cells, 1);
	}
	assert_true(month_count(rep, thismonth) >= 2);

	/* Stages: every county's seven counts and their total. */
	for (i = 0; i < COUNTY__MAX; i++) {
		st = jat(row(rep, counties[i].code), "stages");
		for (s = 0, total = 0; s < STAGE__MAX; s++) {
			cells[s] = chart_num(&a, num(st, stages[s].code), 0);
			total += num(st, stages[s].code);
		}
		cells[STAGE__MAX] = chart_num(&a, total, 0);
		has_row(&a, sec[1], msg_county(LANG_ZH, (enum county)i), cells,
		    STAGE__MAX + 1);
	}

	/*
	 * Departments: median and 90th percentile in hours, no total.  The
	 * suites decide within seconds, which is 0.00 hours: all zeros
	 * draw "No data" (chart.h), the table still has every row.
	 */
	arr = jat(rep, "departments");
	assert_true(json_object_array_length(arr) >= 2);
	for (i = 0, total = 0; i < json_object_array_length(arr); i++)
		total += cents(json_object_array_get_idx(arr, i), "p90_hours");
	assert_non_null(strstr(sec[2], total > 0 ?
	    "class=\"chart-svg chart-grouped\"" :
	    "class=\"chart-svg chart-empty\""));
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		d = str(e, "dept");
		k = (size_t)code_dept(d, strlen(d));
		cells[0] = chart_num(&a, cents(e, "median_hours"), 2);
		cells[1] = chart_num(&a, cents(e, "p90_hours"), 2);
		has_row(&a, sec[2], msg_dept(LANG_ZH, (enum dept)k), cells, 2);
	}
	assert_null(strstr(sec[2], "合计"));

	/* Funding: the city's planned and received per source, in yuan. */
	fund = jat(rep, "funding.city");
	assert_non_null(fund);
	assert_non_null(jat(fund, "province"));
	for (s = 0; s < SOURCE__MAX; s++) {
		if (!json_object_object_get_ex(fund, sources[s].code, &o))
			continue;
		cells[0] = chart_num(&a, cents(o, "planned_yuan"), 2);
		cells[1] = chart_num(&a, cents(o, "received_yuan"), 2);
		has_row(&a, sec[3], msg_source(LANG_ZH, s), cells, 2);
	}
	wresp_free(&r);

	/* In English: the same drawings, named in English. */
	assert_int_equal(webc_get(&w, &r, arena_printf(&a,
	    "/reports/assessment?%s&lang=en", q)), 200);
	assert_int_equal(svgs_ok(&a, r.body), 4);
	assert_non_null(strstr(r.body,
	    "aria-label=\"Communities accepted per month\""));
	assert_non_null(strstr(r.body, "<caption>Funding by source: planned "
	    "and received (Unit: yuan)</caption>"));
	wresp_free(&r);
	webc_close(&w);
	json_object_put(rep);
	arena_free(&a);
}

/* The page: the ratings in words, the forms only for the admin. */
static void
test_page(void **state)
{
	const char	*viewer = web_user("as-view", "audit", NULL, "viewer");
	const char	*admin = web_user("as-admin", "housing", NULL,
	    "admin,viewer");
	struct webc	 w;
	struct wresp	 r;

	(void)state;
	webc_open(&w);
	assert_int_equal(webc_login(&w, viewer, WEBC_PASSWORD), 303);
	assert_int_equal(webc_get(&w, &r, "/reports/assessment?from=2031-01-01"
	    "&to=2031-12-31&county=" CTY), 200);
	assert_non_null(strstr(r.body, "href=\"/reports/assessment\""));
	assert_non_null(strstr(r.body, "<table id=\"counties\""));
	assert_non_null(strstr(r.body, "class=\"tag refused\">滞后<"));
	/* No round opened in 2031: the notice in place of the table. */
	assert_non_null(strstr(r.body, "<p class=\"notice\" id=\"depts\""));
	assert_null(strstr(r.body, "action=\"/reports/targets\""));
	/*
	 * This year's changes to the targets, newest first: test_flags's
	 * last, by "test", from 1,000,000 a day to none.
	 */
	{
		char		 want[160];
		const char	*p, *q;

		assert_non_null(strstr(r.body, "<table id=\"target-history\""));
		snprintf(want, sizeof(want), "<td class=\"num\">%lld → —</td>"
		    "<td class=\"num\">— → —</td><td class=\"num\">— → —</td>"
		    "<td>test</td></tr>", 1000000LL * ydays);
		if (strstr(r.body, want) == NULL)
			fail_msg("no history row %s", want);
		/* ... and in the first row of the body: the newest. */
		p = strstr(strstr(r.body, "<table id=\"target-history\""),
		    "<tbody>");
		assert_non_null(p);
		q = strstr(p, "</tr>");
		assert_non_null(q);
		assert_ptr_equal(strstr(p, want), q + 5 - strlen(want));
	}
	wresp_free(&r);
	assert_int_equal(webc_get(&w, &r, "/reports/assessment?from=2031-02-30"),
	    200);
	assert_non_null(strstr(r.body, "id=\"from-error\""));
	wresp_free(&r);
	webc_close(&w);

	webc_open(&w);
	assert_int_equal(webc_login(&w, admin, WEBC_PASSWORD), 303);
	assert_int_equal(webc_submit(&w, &r, "/reports/assessment",
	    "/reports/targets", "target-county=" CTY "&target-year=2031"
	    "&target-households_target=1300&target-area_target_m2="
	    "&target-communities_target=4"), 303);
	wresp_free(&r);
	assert_int_equal(db_count("SELECT households_target FROM target"
	    " WHERE county = '" CTY "' AND year = 2031"), 1300);
	assert_int_equal(db_count("SELECT count(*) FROM target WHERE county = '"
	    CTY "' AND year = 2031 AND area_target_m2 IS NULL"
	    " AND communities_target = 4"), 1);
	/* A bad year: the page again, the error next to the field. */
	assert_int_equal(webc_submit(&w, &r, "/reports/assessment",
	    "/reports/targets", "target-county=" CTY "&target-year=1999"), 400);
	/* The targets form's own field (the filters have a county too). */
	assert_non_null(strstr(r.body, "id=\"target-year-error\""));
	assert_non_null(strstr(r.body, "href=\"#target-year\""));
	assert_null(strstr(r.body, "id=\"year-error\""));
	wresp_free(&r);
	webc_close(&w);
}

static int
setup(void **state)
{
	time_t		 now = time(NULL) + 8 * 3600;	/* the city: UTC+8 */
	struct tm	 tm;

	(void)state;
	client_init();
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	strftime(thismonth, sizeof(thismonth), "%Y-%m", &tm);
	year = tm.tm_year + 1900;
	ydays = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ?
	    366 : 365;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	client_done();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_default_period),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_months_shape),
		cmocka_unit_test(test_page_charts),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_targets_api),
		cmocka_unit_test(test_target_history),
		cmocka_unit_test(test_page),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
