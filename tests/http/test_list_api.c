/*
 * test_list_api.c - GET /api/v1/communities: the batch filter and the
 * plan's priority order (seed §2(3)) with its keyset cursor, on the real
 * stack.
 *
 * The suite makes its own communities, all in one county and in a batch
 * of their own, so the other suites' records (which share the database)
 * never enter the lists compared here:
 *
 *	name	dilapidated	households	consent		share (bp)
 *	G	yes		240		180		7500
 *	A	yes		240		120		5000
 *	B	yes		240		-		-1
 *	C	no		240		200		8333
 *	D	no		300		250		8333 (a tie with C)
 *	E	no		1000		300		3000
 *	H	no		240		0		0
 *	F	no		240		-		-1
 *
 * Priority order: G A B, then D and C (the tie by id, newest first),
 * E, H, F.  E has more households agreeing than C but a smaller share:
 * the order is by the share, not by the count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../include/urlenc.h"
#include "../lib/client.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define COUNTY		"linshu"
#define OTHER		"junan"
#define NCOMM		8

static char		 batch[64];
static char		 batch_enc[192];
static long long	 ids[NCOMM];		/* in the table's order above */
static long long	 want_order[NCOMM];	/* the priority order */

/* A declared community of COUNTY; returns its id. */
static long long
declare(int dilapidated, int households)
{
	struct resp	 r;
	char		 body[1024];
	long long	 id;

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"county\":\"" COUNTY "\","
	    "\"street\":\"优先街道\",\"committee\":\"优先社区\",\"address\":\"优先路1号\","
	    "\"built_year\":1988,\"buildings\":6,\"households\":%d,"
	    "\"floor_area_m2\":15600.50,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false,"
	    "\"dilapidated\":%s}", uniq("优先小区"), households,
	    dilapidated ? "true" : "false");
	req(&r, "POST", "/api/v1/communities", tok_committee(COUNTY), body, NULL,
	    NULL);
	EXPECT(&r, 201);
	id = jint(&r, "id");
	resp_free(&r);
	return id;
}

/* Surveyed, in this suite's batch, with consent (-1: not recorded). */
static void
survey(long long id, int consent)
{
	struct resp	 r;
	char		 body[256];

	req(&r, "POST", cpath(id, "/items"), tok_street(COUNTY),
	    "{\"kind\":\"road\",\"condition\":\"poor\",\"selected\":true,"
	    "\"estimate_yuan\":1000.00}", NULL, NULL);
	EXPECT(&r, 201);
	resp_free(&r);
	assert_int_equal(advance(id, COUNTY, "survey", tok_street(COUNTY)), 200);
	if (consent >= 0)
		snprintf(body, sizeof(body), "{\"batch\":\"%s\","
		    "\"consent_households\":%d,\"expected_version\":%d}",
		    batch, consent, version_of(id));
	else
		snprintf(body, sizeof(body), "{\"batch\":\"%s\","
		    "\"expected_version\":%d}", batch, version_of(id));
	req(&r, "PATCH", cpath(id, ""), tok_cclerk(COUNTY), body, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
}

static int
setup(void **state)
{
	static const struct {
		int	 dilapidated, households, consent;
	} rows[NCOMM] = {
		{ 1, 240, 180 },	/* G */
		{ 1, 240, 120 },	/* A */
		{ 1, 240, -1 },		/* B */
		{ 0, 240, 200 },	/* C */
		{ 0, 300, 250 },	/* D */
		{ 0, 1000, 300 },	/* E */
		{ 0, 240, 0 },		/* H */
		{ 0, 240, -1 },		/* F */
	};
	size_t	 i;

	(void)state;
	/* Unique per run, and a character that must be percent-encoded. */
	snprintf(batch, sizeof(batch), "%s", uniq("批次"));
	if (url_encode(batch, batch_enc, sizeof(batch_enc)) < 0)
		return -1;
	for (i = 0; i < NCOMM; i++) {
		ids[i] = declare(rows[i].dilapidated, rows[i].households);
		survey(ids[i], rows[i].consent);
	}
	/* G A B D C E H F: D was made after C, so it has the larger id. */
	want_order[0] = ids[0];
	want_order[1] = ids[1];
	want_order[2] = ids[2];
	want_order[3] = ids[4];
	want_order[4] = ids[3];
	want_order[5] = ids[5];
	want_order[6] = ids[6];
	want_order[7] = ids[7];
	return 0;
}

/* The ids of a list answer, into out[0..max); returns how many. */
static size_t
item_ids(const struct resp *r, long long *out, size_t max)
{
	struct json_object	*a;
	size_t			 i, n;

	if (r->json == NULL || !json_object_object_get_ex(r->json, "items", &a))
		fail_msg("no items: %s", r->body != NULL ? r->body : "");
	n = json_object_array_length(a);
	if (n > max)
		fail_msg("%zu items, want at most %zu: %s", n, max, r->body);
	for (i = 0; i < n; i++)
		out[i] = json_object_get_int64(json_object_object_get(
		    json_object_array_get_idx(a, i), "id"));
	return n;
}

/* GET path as token, 200 expected, and its ids. */
static size_t
list(const char *path, const char *token, long long *out, size_t max,
    char *next, size_t nextsz)
{
	struct resp		 r;
	struct json_object	*nx;
	size_t			 n;

	req(&r, "GET", path, token, NULL, NULL, NULL);
	EXPECT(&r, 200);
	n = item_ids(&r, out, max);
	if (next != NULL) {
		if (!json_object_object_get_ex(r.json, "next", &nx))
			fail_msg("no next: %s", r.body);
		snprintf(next, nextsz, "%s", nx == NULL ? "" :
		    json_object_get_string(nx));
	}
	resp_free(&r);
	return n;
}

static int
has_id(const long long *a, size_t n, long long id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (a[i] == id)
			return 1;
	return 0;
}

/*
 * A list item has exactly the list's fields, each as GET of the
 * community itself gives it (the list builds its JSON as text, the
 * community's page as jsonb: the two must agree to the character for
 * strings and timestamps, in value for numbers).
 */
static void
same_as_community(struct json_object *it)
{
	static const char *const keys[] = {
		"id", "code", "name", "county", "street", "committee", "stage",
		"version", "households", "dilapidated", "batch", "stage_since",
		"updated_at", "consent_households", "floor_area_m2",
	};
	struct json_object	*x, *y;
	struct resp		 r;
	size_t			 i;

	assert_int_equal(json_object_object_length(it), NELEM(keys));
	req(&r, "GET", cpath(json_object_get_int64(json_object_object_get(it,
	    "id")), ""), tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	for (i = 0; i < NELEM(keys); i++) {
		assert_true(json_object_object_get_ex(it, keys[i], &x));
		assert_true(json_object_object_get_ex(r.json, keys[i], &y));
		if (x == NULL || y == NULL) {
			assert_true(x == NULL && y == NULL);
			continue;
		}
		assert_int_equal(json_object_get_type(x), json_object_get_type(y));
		if (json_object_is_type(x, json_type_double))
			assert_true(json_object_get_double(x) ==
			    json_object_get_double(y));
		else
			assert_string_equal(json_object_get_string(x),
			    json_object_get_string(y));
	}
	resp_free(&r);
}

static void
test_batch_filter(void **state)
{
	struct resp		 r;
	struct json_object	*a, *it, *v;
	long long		 got[64];
	char			 path[512];
	size_t			 n, i;

	(void)state;
	/* Exactly this suite's communities, in id order, with their batch. */
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&limit=200",
	    batch_enc);
	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	n = item_ids(&r, got, NELEM(got));
	assert_int_equal(n, NCOMM);
	for (i = 0; i < NCOMM; i++)
		assert_true(got[i] == ids[i]);
	assert_true(json_object_object_get_ex(r.json, "items", &a));
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(a, i);
		assert_string_equal(json_object_get_string(
		    json_object_object_get(it, "batch")), batch);
		/* The list items carry what the priority is made of. */
		assert_true(json_object_object_get_ex(it, "consent_households", &v));
		assert_true(json_object_object_get_ex(it, "floor_area_m2", &v));
		assert_true(json_object_object_get_ex(it, "households", &v));
		assert_true(json_object_object_get_ex(it, "dilapidated", &v));
	}
	it = json_object_array_get_idx(a, 0);
	assert_int_equal(json_object_get_int(json_object_object_get(it,
	    "consent_households")), 180);
	assert_true(json_object_get_double(json_object_object_get(it,
	    "floor_area_m2")) == 15600.5);
	it = json_object_array_get_idx(a, 2);
	assert_true(json_object_object_get_ex(it, "consent_households", &v));
	assert_null(v);
	same_as_community(json_object_array_get_idx(a, 0));
	same_as_community(it);
	resp_free(&r);

	/* With the other filters too. */
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&county=" COUNTY
	    "&stage=surveyed&sort=priority", batch_enc);
	assert_int_equal(list(path, tok_viewer(), got, NELEM(got), NULL, 0), NCOMM);
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&stage=declared",
	    batch_enc);
	assert_int_equal(list(path, tok_viewer(), got, NELEM(got), NULL, 0), 0);
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&county=" OTHER,
	    batch_enc);
	assert_int_equal(list(path, tok_viewer(), got, NELEM(got), NULL, 0), 0);
	/* Exact match: a prefix or a longer text finds nothing. */
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%.*s",
	    (int)strlen(batch_enc) - 3, batch_enc);
	assert_int_equal(list(path, tok_viewer(), got, NELEM(got), NULL, 0), 0);
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%sx", batch_enc);
	assert_int_equal(list(path, tok_viewer(), got, NELEM(got), NULL, 0), 0);
	/* A scoped user: their own county, or nothing. */
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&sort=priority",
	    batch_enc);
	assert_int_equal(list(path, tok_street(COUNTY), got, NELEM(got), NULL, 0),
	    NCOMM);
	assert_int_equal(list(path, tok_street(OTHER), got, NELEM(got), NULL, 0), 0);
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&sort=priority"
	    "&county=" COUNTY, batch_enc);
	req(&r, "GET", path, tok_street(OTHER), NULL, NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
}

static void
test_priority_order(void **state)
{
	long long	 got[64];
	char		 path[512], next[64];
	size_t		 n, i;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&sort=priority"
	    "&limit=200", batch_enc);
	n = list(path, tok_viewer(), got, NELEM(got), next, sizeof(next));
	assert_int_equal(n, NCOMM);
	for (i = 0; i < NCOMM; i++)
		if (got[i] != want_order[i])
			fail_msg("position %zu: want id %lld, got %lld", i,
			    want_order[i], got[i]);
	/* Fewer than the limit: the end. */
	assert_string_equal(next, "");
	/* The cursor is the last row's key: dilapidated.share.id. */
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&sort=priority"
	    "&limit=1", batch_enc);
	assert_int_equal(list(path, tok_viewer(), got, NELEM(got), next,
	    sizeof(next)), 1);
	assert_true(got[0] == ids[0]);
	snprintf(path, sizeof(path), "1.7500.%lld", ids[0]);
	assert_string_equal(next, path);
}

/* Walk the priority order limit rows at a time, following next. */
static void
walk(int limit, const char *extra)
{
	long long	 seen[64], page[64];
	char		 path[512], next[64] = "", enc[192];
	size_t		 n = 0, k, i, pages = 0;

	for (;;) {
		if (next[0] != '\0')
			assert_true(url_encode(next, enc, sizeof(enc)) > 0);
		snprintf(path, sizeof(path), "/api/v1/communities?batch=%s"
		    "&sort=priority&limit=%d%s%s%s", batch_enc, limit, extra,
		    next[0] != '\0' ? "&after=" : "", next[0] != '\0' ? enc : "");
		k = list(path, tok_viewer(), page, NELEM(page), next,
		    sizeof(next));
		assert_true(k <= (size_t)limit);
		for (i = 0; i < k; i++) {
			if (has_id(seen, n, page[i]))
				fail_msg("limit %d: id %lld twice", limit, page[i]);
			assert_true(n < NELEM(seen));
			seen[n++] = page[i];
		}
		/* A short page ends the list; a full one hands on a cursor. */
		if (k < (size_t)limit)
			assert_string_equal(next, "");
		else
			assert_true(next[0] != '\0');
		if (next[0] == '\0')
			break;
		assert_true(++pages < 20);
	}
	if (n != NCOMM)
		fail_msg("limit %d: %zu communities, want %d", limit, n, NCOMM);
	for (i = 0; i < NCOMM; i++)
		if (seen[i] != want_order[i])
			fail_msg("limit %d, position %zu: want %lld, got %lld",
			    limit, i, want_order[i], seen[i]);
}

static void
test_priority_pages(void **state)
{
	int	 limit;

	(void)state;
	/* Every page size, so every boundary falls somewhere: the tie, -1, 0. */
	for (limit = 1; limit <= NCOMM + 1; limit++)
		walk(limit, "");
	walk(3, "&county=" COUNTY);
	walk(2, "&stage=surveyed");
}

/* The default order is what it was: by id, a numeric cursor. */
static void
test_default_order(void **state)
{
	struct resp	 r1, r2;
	long long	 got[64];
	char		 path[512], next[64];
	size_t		 n;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&limit=3",
	    batch_enc);
	req(&r1, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r1, 200);
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&limit=3&sort=id",
	    batch_enc);
	req(&r2, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r2, 200);
	assert_string_equal(r1.body, r2.body);
	resp_free(&r2);
	n = item_ids(&r1, got, NELEM(got));
	assert_int_equal(n, 3);
	assert_true(got[0] == ids[0] && got[1] == ids[1] && got[2] == ids[2]);
	snprintf(next, sizeof(next), "%lld", ids[2]);
	assert_string_equal(jstr(&r1, "next"), next);
	resp_free(&r1);
	snprintf(path, sizeof(path), "/api/v1/communities?batch=%s&limit=200"
	    "&after=%lld", batch_enc, ids[2]);
	n = list(path, tok_viewer(), got, NELEM(got), next, sizeof(next));
	assert_int_equal(n, NCOMM - 3);
	assert_true(got[0] == ids[3] && got[n - 1] == ids[NCOMM - 1]);
	assert_string_equal(next, "");
}

/* A 400 with details.field (NULL: not checked), and nothing changed. */
static void
refused(const char *query, const char *field)
{
	struct resp	 r;
	char		 path[512];
	const char	*f;
	long long	 fp = db_fingerprint();

	snprintf(path, sizeof(path), "/api/v1/communities?%s", query);
	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	if (r.status != 400 || strcmp(jerr(&r), "bad_request") != 0)
		fail_msg("%s: want 400 bad_request, got %ld: %s", query, r.status,
		    r.body != NULL ? r.body : "");
	f = jstr(&r, "error.details.field");
	if (field != NULL && (f == NULL || strcmp(f, field) != 0))
		fail_msg("%s: want details.field %s: %s", query, field, r.body);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_bad_cursor(void **state)
{
	static const char *const bad[] = {
		"", "1", "1.5", "1.5.", ".5.5", "2.5.5", "-1.5.5", "01.5.5",
		"1.10001.5", "1.99999.5", "1.123456.5", "1.-2.5", "1.-0.5",
		"1.-1", "1.05.5", "1.00.5", "1.%2B5.5", "1.5.05", "1.5.0",
		"1.5.-5", "1.5.%2B5", "1.5.abc", "1.5.5.5", "1..5", "x.5.5",
		"%201.5.5", "1.5.5%20", "1.5.1234567890123456", "1.-1.5x",
		"true.5.5", "1,5,5", "1.5e3.5",
		"1.5.5%27%20OR%20%271%27%3D%271",
	};
	char	 q[256];
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		snprintf(q, sizeof(q), "sort=priority&after=%s", bad[i]);
		refused(q, "after");
	}
	/* A cursor of one order is no cursor of the other. */
	refused("sort=priority&after=12", "after");
	refused("after=1.5000.12", "after");
	refused("sort=id&after=0.-1.12", "after");
	/* The order and the batch are checked too. */
	refused("sort=", "sort");
	refused("sort=ID", "sort");
	refused("sort=name", "sort");
	refused("sort=priority&sort=id", NULL);
	refused("sort=priority&after=1.5.5%00", NULL);
	refused("batch=", "batch");
	refused("batch=12345678901234567890123456789012345678901", "batch");
	/* The bounds of a cursor are fine. */
	{
		long long	 got[8];
		char		 path[128];

		assert_int_equal(list("/api/v1/communities?sort=priority&limit=1"
		    "&after=0.-1.1", tok_viewer(), got, NELEM(got), NULL, 0), 0);
		assert_true(list("/api/v1/communities?sort=priority&limit=1"
		    "&after=0.10000.1", tok_viewer(), got, NELEM(got), NULL, 0) <= 1);
		snprintf(path, sizeof(path), "/api/v1/communities?sort=priority"
		    "&limit=1&after=1.10000.999999999999999");
		assert_true(list(path, tok_viewer(), got, NELEM(got), NULL, 0) <= 1);
		snprintf(path, sizeof(path), "/api/v1/communities?batch="
		    "1234567890123456789012345678901234567890");
		assert_int_equal(list(path, tok_viewer(), got, NELEM(got), NULL,
		    0), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_filter),
		cmocka_unit_test(test_priority_order),
		cmocka_unit_test(test_priority_pages),
		cmocka_unit_test(test_default_order),
		cmocka_unit_test(test_bad_cursor),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, setup, NULL);
	client_done();
	return rc;
}
