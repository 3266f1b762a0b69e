/*
 * test_money.c - the money rules through the API and the community
 * page (docs/money.md): an item's estimate split into the parts that
 * decide who pays, GET /api/v1/communities/{id}/shares and GET
 * /api/v1/reports/subsidy, with their scope, on the real stack.
 *
 * The plan of the shares tests (county tancheng), worked out by hand:
 *
 *	item		estimate	parts				utility	owners	public
 *	water		100,000.00	own side 40,000, owners 10,000	40,000	10,000	50,000
 *	power		120,000.00	beyond the meter 90,000		30,000	0	90,000
 *	road		 80,000.00	-				0	0	80,000
 *	lighting	  9,999.00	owners 9,999, not selected	-	-	-
 *	total		300,000.00					70,000	10,000	220,000
 *
 *	funding planned: province 100,000, county 60,000, maintenance fund
 *	20,000, original unit 10,000, other 5,000 (public 195,000, gap
 *	220,000 - 195,000 = 25,000); utility 70,000 (gap 0); owners 5,000 +
 *	3,000 = 8,000 (gap 2,000).
 *
 * The subsidy tests use county lingang and contracts in 2031-2034, which
 * no other suite makes, and compare the report with its state before
 * the suite's own communities were handed over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../lib/client.h"
#include "../lib/webc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define YUAN(y)		((long long)(y) * 100)
#define SHARES		"tancheng"
#define SUB		"lingang"

static long long	 plan_id;	/* the community of the table above */

/* ---- Helpers ---------------------------------------------------------- */

/* o's member by a path of keys ("a.b"); NULL when absent. */
static struct json_object *
jat(struct json_object *o, const char *path)
{
	char			 key[128];
	const char		*dot;
	size_t			 n;

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

/* An amount in yuan (a JSON number) as fen; fails the test when absent. */
static long long
fen(struct json_object *o, const char *path)
{
	struct json_object	*v = jat(o, path);
	double			 d;

	if (v == NULL || !(json_object_is_type(v, json_type_double) ||
	    json_object_is_type(v, json_type_int)))
		fail_msg("no amount at %s in %s", path,
		    o != NULL ? json_object_to_json_string(o) : "(null)");
	d = json_object_get_double(v);
	return (long long)(d * 100 + (d < 0 ? -0.5 : 0.5));
}

static const char *
str(struct json_object *o, const char *path)
{
	struct json_object	*v = jat(o, path);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/* The element of array arr whose key equals value; NULL when none. */
static struct json_object *
find(struct json_object *arr, const char *key, const char *value)
{
	struct json_object	*e;
	const char		*s;
	size_t			 i;

	if (arr == NULL || !json_object_is_type(arr, json_type_array))
		return NULL;
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		if ((s = str(e, key)) != NULL && strcmp(s, value) == 0)
			return e;
	}
	return NULL;
}

/* The element with "id" id. */
static struct json_object *
find_id(struct json_object *arr, long long id)
{
	struct json_object	*e, *v;
	size_t			 i;

	if (arr == NULL || !json_object_is_type(arr, json_type_array))
		return NULL;
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		if (json_object_object_get_ex(e, "id", &v) &&
		    json_object_get_int64(v) == id)
			return e;
	}
	return NULL;
}

/* One SQL value as text (NULL for SQL NULL), malloc'd. */
static char *
sql1(const char *fmt, ...)
{
	char		 q[1024];
	va_list		 ap;
	PGresult	*res;
	char		*v = NULL;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	res = PQexec(db(), q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		fail_msg("%s: %s", q, PQerrorMessage(db()));
	if (!PQgetisnull(res, 0, 0))
		v = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

static void
sql_is(const char *want, const char *fmt, long long id)
{
	char	*v = sql1(fmt, id);

	if (want == NULL) {
		if (v != NULL)
			fail_msg("want NULL, got %s", v);
	} else {
		if (v == NULL)
			fail_msg("want %s, got NULL", want);
		assert_string_equal(v, want);
	}
	free(v);
}

/* POST body to path as token; returns the new id (status want: 201). */
static long long
post_new(const char *path, const char *token, const char *body)
{
	struct resp	 r;
	long long	 id;

	req(&r, "POST", path, token, body, NULL, NULL);
	EXPECT(&r, 201);
	id = jint(&r, "id");
	resp_free(&r);
	return id;
}

/* A request refused with status and the field named, nothing written. */
static void
refused(const char *method, const char *path, const char *token,
    const char *body, long status, const char *field)
{
	struct resp	 r;
	long long	 fp = db_fingerprint();
	const char	*f;

	req(&r, method, path, token, body, NULL, NULL);
	EXPECT(&r, status);
	f = jstr(&r, "error.details.field");
	if (f == NULL || strcmp(f, field) != 0)
		fail_msg("%s %s %s: want field %s: %s", method, path, body,
		    field, r.body);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
patch_community(long long id, const char *token, const char *fields)
{
	struct resp	 r;
	char		 body[1024];

	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    version_of(id));
	req(&r, "PATCH", cpath(id, ""), token, body, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
}

/* GET path as token, status want; the JSON answer (caller json_object_put). */
static struct json_object *
get_json(const char *path, const char *token, long want)
{
	struct resp		 r;
	struct json_object	*o;

	req(&r, "GET", path, token, NULL, NULL, NULL);
	EXPECT(&r, want);
	o = r.json != NULL ? json_object_get(r.json) : NULL;
	resp_free(&r);
	return o;
}

static const char *
housing_clerk(void)
{
	return tok("mny-housing", "housing", NULL, "clerk");
}

/* ---- The split of an item, and the shares --------------------------- */

static void
test_split_recorded(void **state)
{
	const char		*street = tok_street(SHARES);
	struct json_object	*c, *it;
	char			 body[512];
	long long		 water, power, light;

	(void)state;
	plan_id = make_declared(SHARES);
	snprintf(body, sizeof(body), "{\"kind\":\"water\",\"condition\":\"poor\","
	    "\"selected\":true,\"estimate_yuan\":100000.00,"
	    "\"utility_side_yuan\":40000.00,\"owners_part_yuan\":10000}");
	water = post_new(cpath(plan_id, "/items"), street, body);
	power = post_new(cpath(plan_id, "/items"), street,
	    "{\"kind\":\"power\",\"condition\":\"poor\",\"selected\":true,"
	    "\"estimate_yuan\":120000,\"beyond_meter_yuan\":90000.00}");
	post_new(cpath(plan_id, "/items"), street,
	    "{\"kind\":\"road\",\"condition\":\"missing\",\"selected\":true,"
	    "\"estimate_yuan\":80000.00}");
	light = post_new(cpath(plan_id, "/items"), street,
	    "{\"kind\":\"lighting\",\"condition\":\"poor\",\"selected\":false,"
	    "\"estimate_yuan\":9999,\"owners_part_yuan\":9999}");
	/* Stored to the fen, and shown with the item. */
	sql_is("40000.00", "SELECT utility_side_yuan::text FROM item WHERE id = %lld",
	    water);
	sql_is("10000.00", "SELECT owners_part_yuan::text FROM item WHERE id = %lld",
	    water);
	sql_is(NULL, "SELECT beyond_meter_yuan::text FROM item WHERE id = %lld",
	    water);
	sql_is("90000.00", "SELECT beyond_meter_yuan::text FROM item WHERE id = %lld",
	    power);
	c = get_json(cpath(plan_id, ""), tok_viewer(), 200);
	it = find_id(jat(c, "items"), water);
	assert_non_null(it);
	assert_string_equal(str(it, "utility"), "water");
	assert_int_equal(fen(it, "utility_side_yuan"), YUAN(40000));
	assert_int_equal(fen(it, "owners_part_yuan"), YUAN(10000));
	/* Present, and null. */
	assert_true(json_object_object_get_ex(it, "beyond_meter_yuan", NULL));
	assert_null(jat(it, "beyond_meter_yuan"));
	it = find_id(jat(c, "items"), light);
	assert_non_null(it);
	assert_null(str(it, "utility"));
	json_object_put(c);
}

/* Parts a kind lacks, or more than the estimate: refused, nothing written. */
static void
test_split_refused(void **state)
{
	const char	*street = tok_street(SHARES);
	long long	 id, water;
	char		*v;

	(void)state;
	id = make_declared(SHARES);
	water = post_new(cpath(id, "/items"), street,
	    "{\"kind\":\"water\",\"selected\":true,\"estimate_yuan\":100000}");
	refused("POST", cpath(id, "/items"), street, "{\"kind\":\"water\","
	    "\"estimate_yuan\":100,\"beyond_meter_yuan\":1}", 422,
	    "beyond_meter_yuan");
	refused("POST", cpath(id, "/items"), street, "{\"kind\":\"road\","
	    "\"estimate_yuan\":100,\"utility_side_yuan\":1}", 422,
	    "utility_side_yuan");
	/* 60.00 + 40.01 = 100.01 > 100.00 */
	refused("POST", cpath(id, "/items"), street, "{\"kind\":\"gas\","
	    "\"estimate_yuan\":100,\"utility_side_yuan\":60,"
	    "\"owners_part_yuan\":40.01}", 422, "owners_part_yuan");
	refused("POST", cpath(id, "/items"), street, "{\"kind\":\"gas\","
	    "\"owners_part_yuan\":5}", 422, "owners_part_yuan");
	refused("POST", cpath(id, "/items"), street, "{\"kind\":\"gas\","
	    "\"estimate_yuan\":100,\"owners_part_yuan\":-5}", 400,
	    "owners_part_yuan");
	refused("POST", cpath(id, "/items"), street, "{\"kind\":\"gas\","
	    "\"estimate_yuan\":100,\"owners_part_yuan\":1.001}", 400,
	    "owners_part_yuan");
	/* The split as a whole is checked against what is stored. */
	refused("PATCH", ipath(water, ""), street, "{\"utility_side_yuan\":40000,"
	    "\"owners_part_yuan\":60000.01}", 422, "owners_part_yuan");
	refused("PATCH", ipath(water, ""), street, "{\"beyond_meter_yuan\":0}",
	    422, "beyond_meter_yuan");
	{
		struct resp	 r;

		req(&r, "PATCH", ipath(water, ""), street,
		    "{\"utility_side_yuan\":90000,\"owners_part_yuan\":10000}",
		    NULL, NULL);
		EXPECT(&r, 200);	/* exactly the estimate */
		resp_free(&r);
	}
	/* Then the estimate may not drop below the parts, nor go. */
	refused("PATCH", ipath(water, ""), street, "{\"estimate_yuan\":99999.99}",
	    422, "estimate_yuan");
	refused("PATCH", ipath(water, ""), street, "{\"estimate_yuan\":null}",
	    422, "estimate_yuan");
	refused("PATCH", ipath(water, ""), street, "{\"owners_part_yuan\":10000.01}",
	    422, "owners_part_yuan");
	{
		struct resp	 r;

		/* Lowering a part and the estimate together is fine. */
		req(&r, "PATCH", ipath(water, ""), street,
		    "{\"estimate_yuan\":95000,\"owners_part_yuan\":null}", NULL, NULL);
		EXPECT(&r, 200);
		resp_free(&r);
	}
	sql_is(NULL, "SELECT owners_part_yuan::text FROM item WHERE id = %lld", water);
	sql_is("95000.00", "SELECT estimate_yuan::text FROM item WHERE id = %lld",
	    water);
	/* The audit trail has the change. */
	v = sql1("SELECT after->>'utility_side_yuan' FROM event WHERE item_id = %lld"
	    " AND action = 'item_edit' ORDER BY id DESC LIMIT 1", water);
	assert_non_null(v);
	assert_string_equal(v, "90000.00");
	free(v);
}

/* Each party's share, by the table at the top. */
static void
test_shares(void **state)
{
	const char		*cclerk = tok_cclerk(SHARES);
	struct json_object	*o, *a, *e;
	static const struct {
		const char	*party;
		long long	 fen;
	} want[] = {
		{ "utility:water", YUAN(40000) },
		{ "utility:power", YUAN(30000) },
		{ "owners", YUAN(10000) },
		{ "public", YUAN(220000) },
	};
	static const char *const lines[] = {
		"{\"source\":\"province\",\"planned_yuan\":100000}",
		"{\"source\":\"county\",\"planned_yuan\":60000}",
		"{\"source\":\"maintenance_fund\",\"planned_yuan\":20000}",
		"{\"source\":\"original_unit\",\"planned_yuan\":10000}",
		"{\"source\":\"other\",\"planned_yuan\":5000}",
		"{\"source\":\"utility\",\"planned_yuan\":70000}",
		"{\"source\":\"owners\",\"planned_yuan\":5000}",
		"{\"source\":\"owners\",\"planned_yuan\":3000}",
	};
	size_t			 i;

	(void)state;
	if (plan_id == 0)
		skip();
	o = get_json(cpath(plan_id, "/shares"), tok_viewer(), 200);
	assert_int_equal(jat(o, "community_id") != NULL ?
	    json_object_get_int64(jat(o, "community_id")) : 0, plan_id);
	assert_int_equal(fen(o, "estimate_yuan"), YUAN(300000));
	a = jat(o, "parties");
	assert_non_null(a);
	assert_int_equal(json_object_array_length(a), NELEM(want));
	for (i = 0; i < NELEM(want); i++) {
		e = json_object_array_get_idx(a, i);
		assert_string_equal(str(e, "party"), want[i].party);
		assert_int_equal(fen(e, "yuan"), want[i].fen);
	}
	/* Per item: the power company's third; the unselected one is out. */
	a = jat(o, "items");
	assert_int_equal(json_object_array_length(a), 3);
	e = find(a, "kind", "power");
	assert_non_null(e);
	assert_int_equal(fen(e, "utility_yuan"), YUAN(30000));
	assert_int_equal(fen(e, "public_yuan"), YUAN(90000));
	assert_null(find(a, "kind", "lighting"));
	/* Nothing planned yet: the whole public share is the gap. */
	assert_int_equal(fen(o, "public_funding_planned_yuan"), 0);
	assert_int_equal(fen(o, "public_gap_yuan"), YUAN(220000));
	json_object_put(o);

	/* The plan's funding, in the surveyed stage. */
	assert_int_equal(advance(plan_id, SHARES, "survey", tok_street(SHARES)), 200);
	for (i = 0; i < NELEM(lines); i++)
		post_new(cpath(plan_id, "/funding"), cclerk, lines[i]);
	o = get_json(cpath(plan_id, "/shares"), tok_viewer(), 200);
	assert_int_equal(fen(o, "public_yuan"), YUAN(220000));
	assert_int_equal(fen(o, "public_funding_planned_yuan"), YUAN(195000));
	assert_int_equal(fen(o, "public_funding_received_yuan"), 0);
	assert_int_equal(fen(o, "public_gap_yuan"), YUAN(25000));
	e = find(jat(o, "cover"), "party", "utility");
	assert_non_null(e);
	assert_int_equal(fen(e, "share_yuan"), YUAN(70000));
	assert_int_equal(fen(e, "planned_yuan"), YUAN(70000));
	assert_int_equal(fen(e, "gap_yuan"), 0);
	e = find(jat(o, "cover"), "party", "owners");
	assert_non_null(e);
	assert_int_equal(fen(e, "planned_yuan"), YUAN(8000));
	assert_int_equal(fen(e, "gap_yuan"), YUAN(2000));
	e = find(jat(o, "cover"), "party", "public");
	assert_non_null(e);
	assert_int_equal(json_object_array_length(jat(e, "sources")), 6);
	assert_int_equal(fen(o, "funding.planned.province"), YUAN(100000));
	assert_int_equal(fen(o, "funding.planned.city"), 0);
	assert_int_equal(fen(o, "funding.planned.owners"), YUAN(8000));
	assert_int_equal(fen(o, "funding.received.province"), 0);
	json_object_put(o);
}

/* The community page shows the shares and the gap. */
static void
test_shares_page(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	char		 path[64];
	const char	*u;

	(void)state;
	if (plan_id == 0)
		skip();
	u = web_user("mny-viewer", "finance", NULL, "viewer");
	webc_open(&s);
	assert_int_equal(webc_login(&s, u, WEBC_PASSWORD), 303);
	snprintf(path, sizeof(path), "/communities/%lld?lang=zh", plan_id);
	assert_int_equal(webc_get(&s, &r, path), 200);
	assert_non_null(strstr(r.body, "<h2 id=\"shares\">资金分担</h2>"));
	assert_non_null(strstr(r.body, "供水公司</th><td class=\"num\">40,000.00</td>"));
	assert_non_null(strstr(r.body, "供电公司</th><td class=\"num\">30,000.00</td>"));
	assert_non_null(strstr(r.body, "专营单位合计</th><td class=\"num\">70,000.00"
	    "</td><td class=\"num\">70,000.00</td><td class=\"num\">0.00</td>"));
	assert_non_null(strstr(r.body, "业主</th><td class=\"num\">10,000.00"
	    "</td><td class=\"num\">8,000.00</td><td class=\"num\">2,000.00</td>"));
	assert_non_null(strstr(r.body, "公共资金</th><td class=\"num\">220,000.00"
	    "</td><td class=\"num\">195,000.00</td><td class=\"num\">25,000.00</td>"));
	/* Planned 195,000 + 70,000 + 8,000 = 273,000; missing 25,000 + 2,000. */
	assert_non_null(strstr(r.body, "合计</th><td class=\"num\">300,000.00"
	    "</td><td class=\"num\">273,000.00</td><td class=\"num\">27,000.00</td>"));
	assert_non_null(strstr(r.body, "公共资金尚缺 25,000.00 元。"));
	/* After the funding table, as the page's order says. */
	assert_true(strstr(r.body, "id=\"shares\"") > strstr(r.body, "id=\"funding\""));
	wresp_free(&r);
	snprintf(path, sizeof(path), "/communities/%lld?lang=en", plan_id);
	assert_int_equal(webc_get(&s, &r, path), 200);
	assert_non_null(strstr(r.body, "Public funds are 25,000.00 yuan short."));
	wresp_free(&r);
	webc_close(&s);
}

/* Same scope as the community itself. */
static void
test_shares_scope(void **state)
{
	struct resp	 r;
	long long	 id;

	(void)state;
	id = plan_id != 0 ? plan_id : make_declared(SHARES);
	req(&r, "GET", cpath(id, "/shares"), tok_street("junan"), NULL, NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
	req(&r, "GET", cpath(id, "/shares"), tok_street(SHARES), NULL, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	req(&r, "GET", cpath(id, "/shares"), NULL, NULL, NULL, NULL);
	EXPECT(&r, 401);
	resp_free(&r);
	req(&r, "GET", cpath(999999999999LL, "/shares"), tok_viewer(), NULL, NULL,
	    NULL);
	EXPECT(&r, 404);
	resp_free(&r);
	req(&r, "POST", cpath(id, "/shares"), tok_viewer(), "{}", NULL, NULL);
	EXPECT(&r, 405);
	resp_free(&r);
}

/* A community without items: everything zero, three parties. */
static void
test_shares_empty(void **state)
{
	struct json_object	*o;
	long long		 id;

	(void)state;
	id = make_declared(SHARES);
	o = get_json(cpath(id, "/shares"), tok_viewer(), 200);
	assert_int_equal(fen(o, "estimate_yuan"), 0);
	assert_int_equal(json_object_array_length(jat(o, "parties")), 2);
	assert_int_equal(json_object_array_length(jat(o, "items")), 0);
	assert_int_equal(fen(o, "public_gap_yuan"), 0);
	json_object_put(o);
}

/* The plan page: the parts of a network item's estimate, under its row. */
static void
test_plan_split_form(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	char		 page[64], fields[256];
	const char	*u;
	long long	 id, water, fp;
	struct resp	 a;

	(void)state;
	id = make_at(SHARES, "surveyed");
	water = post_new(cpath(id, "/items"), tok_cclerk(SHARES),
	    "{\"kind\":\"water\",\"condition\":\"poor\",\"selected\":true,"
	    "\"estimate_yuan\":50000}");
	u = web_user("mny-cclerk", "county", SHARES, "clerk");
	webc_open(&s);
	assert_int_equal(webc_login(&s, u, WEBC_PASSWORD), 303);
	snprintf(page, sizeof(page), "/communities/%lld/plan", id);
	assert_int_equal(webc_get(&s, &r, page), 200);
	snprintf(fields, sizeof(fields), "<label for=\"item-%lld-utility_side_yuan\">",
	    water);
	assert_non_null(strstr(r.body, fields));
	/* Water has no part beyond the meter; a road no split at all. */
	snprintf(fields, sizeof(fields), "item-%lld-beyond_meter_yuan", water);
	assert_null(strstr(r.body, fields));
	wresp_free(&r);

	/* More than the estimate: refused at the field, nothing written. */
	fp = db_fingerprint();
	snprintf(fields, sizeof(fields), "expected_version=%d"
	    "&item-%lld-utility_side_yuan=30000&item-%lld-owners_part_yuan=20000.01",
	    version_of(id), water, water);
	assert_int_equal(webc_submit(&s, &r, page, page, fields), 422);
	snprintf(fields, sizeof(fields), "id=\"item-%lld-owners_part_yuan-error\"",
	    water);
	assert_non_null(strstr(r.body, fields));
	assert_non_null(strstr(r.body, "value=\"20000.01\""));	/* kept */
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);

	snprintf(fields, sizeof(fields), "expected_version=%d"
	    "&item-%lld-utility_side_yuan=30000&item-%lld-owners_part_yuan=5000",
	    version_of(id), water, water);
	assert_int_equal(webc_submit(&s, &r, page, page, fields), 303);
	wresp_free(&r);
	webc_close(&s);
	sql_is("30000.00", "SELECT utility_side_yuan::text FROM item WHERE id = %lld",
	    water);
	sql_is("5000.00", "SELECT owners_part_yuan::text FROM item WHERE id = %lld",
	    water);
	/* make_at's three items of 100,000.00 and this one: all public but 35,000. */
	req(&a, "GET", cpath(id, "/shares"), tok_viewer(), NULL, NULL, NULL);
	EXPECT(&a, 200);
	assert_int_equal(fen(a.json, "estimate_yuan"), YUAN(350000));
	assert_int_equal(fen(a.json, "public_yuan"), YUAN(315000));
	resp_free(&a);
}

/* ---- The property-management subsidy ---------------------------------- */

/* The months the report is read for, and its county totals before. */
static const char *const months[] = { "2031-05", "2031-06", "2031-07", "2034-03" };
static struct json_object *before[NELEM(months)];
static long long	 sub_ids[4];	/* A, B, C, D below */

static const char *
report_path(const char *month, const char *county)
{
	static char	 p[4][128];
	static int	 n;
	char		*o = p[n++ % 4];

	snprintf(o, sizeof(p[0]), "/api/v1/reports/subsidy?month=%s%s%s", month,
	    county != NULL ? "&county=" : "", county != NULL ? county : "");
	return o;
}

/* A community of SUB handed over to a professional company. */
static long long
managed(const char *start, const char *end, const char *area)
{
	char		 f[512];
	long long	 id = make_at(SUB, "accepted");

	snprintf(f, sizeof(f), "\"owners_meeting_on\":\"2016-07-10\","
	    "\"mode\":\"professional\",\"company\":\"测试物业公司\","
	    "\"contract_start\":\"%s\",\"contract_end\":\"%s\","
	    "\"managed_area_m2\":%s,\"fee_yuan_per_m2_month\":0.50", start, end,
	    area);
	patch_community(id, housing_clerk(), f);
	if (advance(id, SUB, "hand_over", housing_clerk()) != 200)
		fail_msg("hand_over %lld", id);
	return id;
}

/*
 *	A  2031-03-01 to 2034-02-28  36 months  12,345.67 m²: 3,703.70 a month
 *	B  2030-07-01 to 2033-05-31  35 months  50,000.00 m²: not eligible
 *	C  2030-07-15 to 2033-07-14  36 months  20,000.00 m²: 6,000.00 a month
 *	D  2031-06-02 to 2034-06-01  36 months       1.05 m²: 0.32 a month
 *	   (1.05 x 0.30 = 0.315, half up)
 * At the default rate of 0.30 yuan per m² a month.
 */
static void
test_subsidy_setup(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(months); i++)
		before[i] = get_json(report_path(months[i], SUB), tok_viewer(), 200);
	sub_ids[0] = managed("2031-03-01", "2034-02-28", "12345.67");
	sub_ids[1] = managed("2030-07-01", "2033-05-31", "50000.00");
	sub_ids[2] = managed("2030-07-15", "2033-07-14", "20000.00");
	sub_ids[3] = managed("2031-06-02", "2034-06-01", "1.05");
}

/* The county's entry of a report. */
static struct json_object *
county_of(struct json_object *rep, const char *county)
{
	struct json_object	*c = find(jat(rep, "counties"), "county", county);

	if (c == NULL)
		fail_msg("no %s in %s", county, json_object_to_json_string(rep));
	return c;
}

static long long
delta(size_t m, struct json_object *now, const char *key)
{
	return fen(county_of(now, SUB), key) - fen(county_of(before[m], SUB), key);
}

static long long
idelta(size_t m, struct json_object *now, const char *key)
{
	return json_object_get_int64(jat(county_of(now, SUB), key)) -
	    json_object_get_int64(jat(county_of(before[m], SUB), key));
}

/* One community's line: month and year-to-date yuan, months; or absent. */
static void
line(struct json_object *rep, int which, int listed, long long month,
    long long ytd, int months_to_date)
{
	struct json_object	*e = find_id(jat(county_of(rep, SUB), "items"),
				    sub_ids[which]);

	if (!listed) {
		if (e != NULL)
			fail_msg("%c is listed: %s", 'A' + which,
			    json_object_to_json_string(e));
		return;
	}
	if (e == NULL)
		fail_msg("%c is not listed", 'A' + which);
	assert_int_equal(fen(e, "month_yuan"), month);
	assert_int_equal(fen(e, "year_to_date_yuan"), ytd);
	assert_int_equal(json_object_get_int64(jat(e, "months_to_date")),
	    months_to_date);
}

static void
test_subsidy_report(void **state)
{
	struct json_object	*o;
	size_t			 m;

	(void)state;
	if (sub_ids[3] == 0)
		skip();
	/*
	 * 2031-05: A March-May (3 x 3,703.70 = 11,111.10), C January-May
	 * (5 x 6,000.00 = 30,000.00); B too short; D not begun.
	 */
	m = 0;
	o = get_json(report_path(months[m], SUB), tok_viewer(), 200);
	assert_string_equal(str(o, "month"), "2031-05");
	assert_int_equal(fen(county_of(o, SUB), "rate_yuan_m2_month"), 30);
	line(o, 0, 1, 370370, 1111110, 3);
	line(o, 1, 0, 0, 0, 0);
	line(o, 2, 1, 600000, 3000000, 5);
	line(o, 3, 0, 0, 0, 0);
	assert_int_equal(idelta(m, o, "communities"), 2);
	assert_int_equal(idelta(m, o, "paid_this_month"), 2);
	assert_int_equal(idelta(m, o, "short_contracts"), 1);
	assert_int_equal(delta(m, o, "area_m2"), 3234567);
	assert_int_equal(delta(m, o, "month_yuan"), 970370);
	assert_int_equal(delta(m, o, "year_to_date_yuan"), 4111110);
	json_object_put(o);

	/* 2031-06: D is in force from the 2nd, so pays from July. */
	m = 1;
	o = get_json(report_path(months[m], SUB), tok_viewer(), 200);
	line(o, 0, 1, 370370, 1481480, 4);
	line(o, 2, 1, 600000, 3600000, 6);
	line(o, 3, 0, 0, 0, 0);
	assert_int_equal(delta(m, o, "month_yuan"), 970370);
	assert_int_equal(delta(m, o, "year_to_date_yuan"), 5081480);
	json_object_put(o);

	/* 2031-07: 3,703.70 + 6,000.00 + 0.32 = 9,704.02 this month. */
	m = 2;
	o = get_json(report_path(months[m], SUB), tok_viewer(), 200);
	line(o, 0, 1, 370370, 1851850, 5);
	line(o, 2, 1, 600000, 4200000, 7);
	line(o, 3, 1, 32, 32, 1);
	assert_int_equal(idelta(m, o, "communities"), 3);
	assert_int_equal(delta(m, o, "area_m2"), 3234672);
	assert_int_equal(delta(m, o, "month_yuan"), 970402);
	/* 18,518.50 + 42,000.00 + 0.32 */
	assert_int_equal(delta(m, o, "year_to_date_yuan"), 6051882);
	json_object_put(o);

	/*
	 * 2034-03: A ended on 28 February: listed for January and February
	 * (7,407.40) but not paid this month; D pays January-March (0.96).
	 */
	m = 3;
	o = get_json(report_path(months[m], SUB), tok_viewer(), 200);
	line(o, 0, 1, 0, 740740, 2);
	line(o, 2, 0, 0, 0, 0);
	line(o, 3, 1, 32, 96, 3);
	assert_int_equal(idelta(m, o, "communities"), 2);
	assert_int_equal(idelta(m, o, "paid_this_month"), 1);
	assert_int_equal(idelta(m, o, "short_contracts"), 0);
	assert_int_equal(delta(m, o, "month_yuan"), 32);
	assert_int_equal(delta(m, o, "year_to_date_yuan"), 740836);
	json_object_put(o);
}

/* Scoped users see their county only; the query is checked. */
static void
test_subsidy_scope(void **state)
{
	struct json_object	*o;
	const char		*street = tok_street(SUB);
	struct resp		 r;
	static const char *const bad[] = {
		"/api/v1/reports/subsidy",
		"/api/v1/reports/subsidy?month=2031-13",
		"/api/v1/reports/subsidy?month=2031-1",
		"/api/v1/reports/subsidy?month=31-01",
		"/api/v1/reports/subsidy?month=2031-05-01",
		"/api/v1/reports/subsidy?month=2031-05&county=nowhere",
		"/api/v1/reports/subsidy?month=2031-05&month=2031-06",
		"/api/v1/reports/subsidy?month=2031-05&x=1",
	};
	size_t			 i;

	(void)state;
	o = get_json(report_path("2031-05", NULL), street, 200);
	assert_int_equal(json_object_array_length(jat(o, "counties")), 1);
	assert_non_null(county_of(o, SUB));
	json_object_put(o);
	o = get_json(report_path("2031-05", SUB), street, 200);
	assert_int_equal(json_object_array_length(jat(o, "counties")), 1);
	json_object_put(o);
	req(&r, "GET", report_path("2031-05", "junan"), street, NULL, NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
	/* The city's departments see every county, totals summed. */
	o = get_json(report_path("2031-05", NULL), tok_viewer(), 200);
	assert_int_equal(json_object_array_length(jat(o, "counties")), 15);
	assert_int_equal(json_object_get_int64(jat(o, "total.counties")), 15);
	{
		long long	 sum = 0;
		size_t		 k;

		for (k = 0; k < 15; k++)
			sum += fen(json_object_array_get_idx(jat(o, "counties"), k),
			    "month_yuan");
		assert_int_equal(fen(o, "total.month_yuan"), sum);
	}
	json_object_put(o);
	req(&r, "GET", report_path("2031-05", NULL), NULL, NULL, NULL, NULL);
	EXPECT(&r, 401);
	resp_free(&r);
	for (i = 0; i < NELEM(bad); i++) {
		req(&r, "GET", bad[i], tok_viewer(), NULL, NULL, NULL);
		if (r.status != 400)
			fail_msg("%s: want 400, got %ld", bad[i], r.status);
		resp_free(&r);
	}
}

static int
setup(void **state)
{
	(void)state;
	client_init();
	return 0;
}

static int
teardown(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(months); i++)
		if (before[i] != NULL)
			json_object_put(before[i]);
	client_done();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_recorded),
		cmocka_unit_test(test_split_refused),
		cmocka_unit_test(test_shares),
		cmocka_unit_test(test_shares_page),
		cmocka_unit_test(test_shares_scope),
		cmocka_unit_test(test_shares_empty),
		cmocka_unit_test(test_plan_split_form),
		cmocka_unit_test(test_subsidy_setup),
		cmocka_unit_test(test_subsidy_report),
		cmocka_unit_test(test_subsidy_scope),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
