/*
 * test_search.c - search by code or name part (GET /api/v1/communities?q=)
 * and the approvals of the task list, as sql/014 serves them: the name
 * part through a trigram index with LIKE, the approvals from
 * round_pending, kept by triggers.
 *
 * LIKE gives \, % and _ meanings that strpos() never had: the statement
 * escapes them, and the answers here must be exactly the rows the old
 * condition (code = q OR strpos(name, q) > 0) names, in id order, across
 * pages.  round_pending and signoff_pending must equal what they stand
 * for (round_pending_check() = 0, signoff_pending_check() = 0) after
 * each kind of write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "../../include/urlenc.h"
#include "../lib/client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define COUNTY		"tancheng"
#define MAXIDS		256

static char	 prefix[64];

/* A declared community of COUNTY named name; returns its id and code. */
static long long
declare(const char *name, char *code, size_t codesz)
{
	struct resp	 r;
	char		 lit[512], body[2048], *o;
	const char	*s;
	long long	 id;

	/* The JSON literal: only " and \ need escaping here. */
	o = lit;
	*o++ = '"';
	for (s = name; *s != '\0' && o < lit + sizeof(lit) - 4; s++) {
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	snprintf(body, sizeof(body), "{\"name\":%s,\"county\":\"" COUNTY "\","
	    "\"street\":\"搜索街道\",\"committee\":\"搜索社区\",\"address\":\"搜索路1号\","
	    "\"built_year\":1990,\"buildings\":4,\"households\":120,"
	    "\"floor_area_m2\":8000.00,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false}",
	    lit);
	req(&r, "POST", "/api/v1/communities", tok_committee(COUNTY), body, NULL,
	    NULL);
	EXPECT(&r, 201);
	assert_string_equal(jstr(&r, "name"), name);
	id = jint(&r, "id");
	if (code != NULL)
		snprintf(code, codesz, "%s", jstr(&r, "code"));
	resp_free(&r);
	return id;
}

/* The ids the old condition gives for q, in id order; returns how many. */
static size_t
want_ids(const char *q, long long *out, size_t max)
{
	const char	*p[1] = { q };
	PGresult	*res;
	size_t		 i, n;

	res = PQexecParams(db(), "SELECT id FROM community"
	    " WHERE code = $1 OR strpos(name, $1) > 0 ORDER BY id",
	    1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("want_ids: %s", PQerrorMessage(db()));
	n = (size_t)PQntuples(res);
	if (n > max)
		fail_msg("want_ids(%s): %zu rows, more than %zu", q, n, max);
	for (i = 0; i < n; i++)
		out[i] = atoll(PQgetvalue(res, (int)i, 0));
	PQclear(res);
	return n;
}

/* Every page of ?q=q&limit=limit, following next; returns how many ids. */
static size_t
got_ids(const char *q, int limit, long long *out, size_t max)
{
	struct resp		 r;
	struct json_object	*a, *nx;
	char			 enc[1024], path[1400], next[48] = "";
	size_t			 i, n = 0, k;
	int			 pages = 0;

	assert_true(url_encode(q, enc, sizeof(enc)) > 0);
	for (;;) {
		snprintf(path, sizeof(path), "/api/v1/communities?q=%s&limit=%d%s%s",
		    enc, limit, next[0] != '\0' ? "&after=" : "", next);
		req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
		EXPECT(&r, 200);
		if (!json_object_object_get_ex(r.json, "items", &a))
			fail_msg("no items: %s", r.body);
		k = json_object_array_length(a);
		if ((int)k > limit)
			fail_msg("%zu items on a page of %d", k, limit);
		for (i = 0; i < k; i++) {
			if (n == max)
				fail_msg("q=%s: more than %zu ids", q, max);
			out[n++] = json_object_get_int64(json_object_object_get(
			    json_object_array_get_idx(a, i), "id"));
		}
		if (!json_object_object_get_ex(r.json, "next", &nx))
			fail_msg("no next: %s", r.body);
		snprintf(next, sizeof(next), "%s", nx == NULL ? "" :
		    json_object_get_string(nx));
		resp_free(&r);
		if (next[0] == '\0')
			break;
		if (++pages > 100)
			fail_msg("q=%s: no end after 100 pages", q);
	}
	return n;
}

/* The API's answer for q, paged by limit, is the old condition's. */
static void
same_rows(const char *q, int limit)
{
	long long	 want[MAXIDS], got[MAXIDS];
	size_t		 nw, ng, i;

	nw = want_ids(q, want, MAXIDS);
	ng = got_ids(q, limit, got, MAXIDS);
	if (nw != ng)
		fail_msg("q=%s limit=%d: %zu rows, want %zu", q, limit, ng, nw);
	for (i = 0; i < nw; i++)
		if (got[i] != want[i])
			fail_msg("q=%s limit=%d: row %zu is %lld, want %lld", q, limit,
			    i, got[i], want[i]);
}

/* How many rows of one page answer ?q=q (at most 200)? */
static size_t
page_count(const char *q)
{
	long long	 got[MAXIDS];

	return got_ids(q, 200, got, MAXIDS);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(prefix, sizeof(prefix), "%s", uniq("检索"));
	return 0;
}

/* \, % and _ are matched literally; pages in id order are the old rows. */
static void
test_name_part_literal(void **state)
{
	static const char *const parts[] = {
		"a_b", "axb", "50%折", "50x折", "c\\d", "cd", "e\\_f", "e_f",
	};
	char		 name[256], q[256];
	long long	 ids[NELEM(parts)];
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(parts); i++) {
		snprintf(name, sizeof(name), "%s小区%s", prefix, parts[i]);
		ids[i] = declare(name, NULL, 0);
	}
	/* Each part names its own community only. */
	for (i = 0; i < NELEM(parts); i++) {
		long long	 got[MAXIDS];

		snprintf(q, sizeof(q), "%s小区%s", prefix, parts[i]);
		if (got_ids(q, 50, got, MAXIDS) != 1 || got[0] != ids[i])
			fail_msg("q=%s: want only %lld", q, ids[i]);
		same_rows(q, 50);
	}
	/* All of them, by pages of 3, 8 and 50. */
	same_rows(prefix, 3);
	same_rows(prefix, 8);
	same_rows(prefix, 50);
	assert_int_equal(page_count(prefix), NELEM(parts));
	/* Parts of every length, the special characters alone too. */
	snprintf(q, sizeof(q), "%s小区a", prefix);
	same_rows(q, 1);
	snprintf(q, sizeof(q), "小区%s", "50%");
	same_rows(q, 200);
	same_rows("_", 200);
	same_rows("%", 200);
	same_rows("\\", 200);
	same_rows("\\_", 200);
	same_rows("折", 200);
	/* A wildcard matches nothing but itself. */
	snprintf(q, sizeof(q), "%s%%", prefix);
	assert_int_equal(page_count(q), 0);
	snprintf(q, sizeof(q), "%s_", prefix);
	assert_int_equal(page_count(q), 0);
}

/* A code finds its community, and names that hold the code. */
static void
test_code(void **state)
{
	char		 code[64], name[256], other[64];
	long long	 id, holder, got[MAXIDS];

	(void)state;
	snprintf(name, sizeof(name), "%s编码", prefix);
	id = declare(name, code, sizeof(code));
	assert_int_equal(got_ids(code, 50, got, MAXIDS), 1);
	assert_int_equal(got[0], id);
	same_rows(code, 50);
	/* A name holding the code is found by it too, in id order. */
	snprintf(name, sizeof(name), "%s含%s", prefix, code);
	holder = declare(name, other, sizeof(other));
	assert_int_equal(got_ids(code, 50, got, MAXIDS), 2);
	assert_int_equal(got[0], id);
	assert_int_equal(got[1], holder);
	same_rows(code, 1);
	/* A part of a code is no code: names only. */
	same_rows(COUNTY "-", 200);
}

/* Is round_id among the caller's approvals? */
static int
has_round(const char *token, long long round_id)
{
	struct resp		 r;
	struct json_object	*a, *v;
	size_t			 i;
	int			 found = 0;

	req(&r, "GET", "/api/v1/tasks", token, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(json_object_object_get_ex(r.json, "approvals", &a));
	for (i = 0; i < json_object_array_length(a); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(a, i),
		    "round_id", &v) && json_object_get_int64(v) == round_id)
			found = 1;
	resp_free(&r);
	return found;
}

static void
approve(long long id, const char *action, const char *token, const char *dec)
{
	struct resp	 r;
	char		 body[256];

	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"%s\","
	    "\"comment\":\"检索测试\"}", action, dec);
	req(&r, "POST", cpath(id, "/approvals"), token, body, NULL, NULL);
	if (r.status != 200)
		fail_msg("approval %s by token: %ld %s", dec, r.status, r.body);
	resp_free(&r);
}

/* The open round's id (0 when none). */
static long long
open_round(long long id)
{
	char	 q[160];

	snprintf(q, sizeof(q), "SELECT coalesce(max(id), 0) FROM round"
	    " WHERE community_id = %lld AND status = 'open'", id);
	return db_count(q);
}

/* Approve round rid of community id by every department it still misses. */
static void
approve_rest(long long id, long long rid)
{
	PGresult	*res;
	char		 q[256], sub[64];
	const char	*d;
	int		 i, n;

	snprintf(q, sizeof(q), "SELECT d FROM round r, unnest(r.required) d"
	    " WHERE r.id = %lld AND NOT EXISTS (SELECT 1 FROM approval a"
	    " WHERE a.round_id = r.id AND a.dept = d) ORDER BY d", rid);
	res = PQexec(db(), q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		fail_msg("approve_rest: %s", PQerrorMessage(db()));
	n = PQntuples(res);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		d = PQgetvalue(res, i, 0);
		snprintf(sub, sizeof(sub), "se-%s", d);
		approve(id, "survey", tok(sub, d, strcmp(d, "county") == 0 ?
		    COUNTY : NULL, "approver"), "approve");
		if (i + 1 < n)
			assert_int_equal(db_count("SELECT round_pending_check()"), 0);
	}
	PQclear(res);
}

/*
 * A round is in each missing department's approvals (a county's in its
 * own county only) until that department decides or the round closes.
 */
static void
test_pending_approvals(void **state)
{
	const char	*housing = tok("se-housing", "housing", NULL, "approver");
	const char	*county = tok("se-county", "county", COUNTY, "approver");
	const char	*elsewhere = tok("se-county-x", "county", "lanling", "approver");
	struct resp	 r;
	char		 body[256];
	long long	 id, rid, id2, rid2;

	(void)state;
	assert_int_equal(db_count("SELECT round_pending_check()"), 0);
	id = make_at(COUNTY, "declared");
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"expected_version\":%d,"
	    "\"comment\":\"提交\"}", version_of(id));
	req(&r, "POST", cpath(id, "/transitions"), tok_street(COUNTY), body, NULL,
	    NULL);
	EXPECT(&r, 202);
	resp_free(&r);
	assert_true((rid = open_round(id)) > 0);
	assert_int_equal(db_count("SELECT round_pending_check()"), 0);
	assert_true(has_round(housing, rid));
	assert_true(has_round(county, rid));
	assert_false(has_round(elsewhere, rid));
	/* Housing decides: gone from its list, still in the county's. */
	approve(id, "survey", housing, "approve");
	assert_int_equal(db_count("SELECT round_pending_check()"), 0);
	assert_false(has_round(housing, rid));
	assert_true(has_round(county, rid));
	/* The last approval closes the round: gone everywhere. */
	approve_rest(id, rid);
	assert_int_equal(open_round(id), 0);
	assert_int_equal(db_count("SELECT round_pending_check()"), 0);
	assert_false(has_round(county, rid));
	snprintf(body, sizeof(body), "SELECT count(*) FROM round_pending"
	    " WHERE round_id = %lld", rid);
	assert_int_equal(db_count(body), 0);
	/* A rejection closes it too. */
	id2 = make_at(COUNTY, "declared");
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"expected_version\":%d,"
	    "\"comment\":\"提交\"}", version_of(id2));
	req(&r, "POST", cpath(id2, "/transitions"), tok_street(COUNTY), body, NULL,
	    NULL);
	EXPECT(&r, 202);
	resp_free(&r);
	assert_true((rid2 = open_round(id2)) > 0);
	assert_true(has_round(county, rid2));
	approve(id2, "survey", county, "reject");
	assert_int_equal(open_round(id2), 0);
	assert_false(has_round(county, rid2));
	assert_false(has_round(housing, rid2));
	assert_int_equal(db_count("SELECT round_pending_check()"), 0);
}

/* Is item_id among the caller's sign-offs? */
static int
has_item(const char *token, long long item_id)
{
	struct resp		 r;
	struct json_object	*a, *v;
	size_t			 i;
	int			 found = 0;

	req(&r, "GET", "/api/v1/tasks", token, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(json_object_object_get_ex(r.json, "signoffs", &a));
	for (i = 0; i < json_object_array_length(a); i++)
		if (json_object_object_get_ex(json_object_array_get_idx(a, i),
		    "item_id", &v) && json_object_get_int64(v) == item_id)
			found = 1;
	resp_free(&r);
	return found;
}

/* The community's item of kind. */
static long long
item_of(long long id, const char *kind)
{
	char	 q[200];

	snprintf(q, sizeof(q), "SELECT coalesce(max(id), 0) FROM item"
	    " WHERE community_id = %lld AND kind = '%s'", id, kind);
	return db_count(q);
}

static void
signoff(long long item, const char *token, const char *dec)
{
	struct resp	 r;
	char		 body[128];

	snprintf(body, sizeof(body), "{\"decision\":\"%s\","
	    "\"comment\":\"检索测试\"}", dec);
	req(&r, "POST", ipath(item, "/signoff"), token, body, NULL, NULL);
	if (r.status != 200)
		fail_msg("signoff %s: %ld %s", dec, r.status, r.body);
	resp_free(&r);
}

/*
 * A done item of a renovated community is in its kind's department's
 * sign-offs (in scope) until that department decides.
 */
static void
test_pending_signoffs(void **state)
{
	const char	*police = tok("se-police", "police", NULL, "approver");
	const char	*sports = tok("se-sports", "sports", NULL, "approver");
	const char	*constr = tok("se-construction", "construction", NULL,
			    "approver");
	long long	 id, cctv, fitness, road;

	(void)state;
	id = make_at(COUNTY, "renovated");
	assert_int_equal(db_count("SELECT signoff_pending_check()"), 0);
	assert_true((cctv = item_of(id, "cctv")) > 0);
	assert_true((fitness = item_of(id, "fitness")) > 0);
	assert_true((road = item_of(id, "road")) > 0);
	assert_true(has_item(police, cctv));
	assert_false(has_item(police, road));
	assert_true(has_item(constr, road));
	assert_false(has_item(constr, cctv));
	assert_true(has_item(sports, fitness));
	/* Signed off, or refused (back to planned): gone. */
	signoff(cctv, police, "approve");
	assert_false(has_item(police, cctv));
	assert_int_equal(db_count("SELECT signoff_pending_check()"), 0);
	signoff(fitness, sports, "reject");
	assert_false(has_item(sports, fitness));
	assert_true(has_item(constr, road));
	assert_int_equal(db_count("SELECT signoff_pending_check()"), 0);
	assert_int_equal(db_count("SELECT round_pending_check()"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_part_literal),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_pending_approvals),
		cmocka_unit_test(test_pending_signoffs),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, setup, NULL);
	client_done();
	return rc;
}
