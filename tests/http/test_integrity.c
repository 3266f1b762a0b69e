/*
 * test_integrity.c - the guarantees that keep the record trustworthy, on
 * the real stack (nginx -> workers -> PostgreSQL):
 *
 *  - optimistic concurrency (expected_version, If-Match, ETag);
 *  - data frozen while a countersigning round is open, unfrozen by a
 *    rejection;
 *  - simultaneous identical approvals and submissions: exactly one wins;
 *  - approval rules (one decision per department, reasons, actions);
 *  - every guard of the workflow table, failing alone and together,
 *    with no round opened;
 *  - return and withdraw;
 *  - Idempotency-Key;
 *  - a worker killed with SIGKILL is replaced;
 *  - health, readiness and metrics.
 */
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "../lib/client.h"
#include "../lib/proc.h"

#define NCONC	20	/* simultaneous requests in the race tests */

/* ------------------------------------------------------------------ */
/* Small helpers.                                                       */
/* ------------------------------------------------------------------ */

static long long
qcount(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static long long
qcount(const char *fmt, ...)
{
	char	 sql[2048];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return db_count(sql);
}

/* Tokens of more actors (the usual ones, tok_street() and kin, are in client.h). */
static const char *
cappr(const char *county)
{
	return tok("t-county-approver", "county", county, "approver");
}

static const char *
appr(const char *dept)
{
	char	 sub[64];

	snprintf(sub, sizeof(sub), "t-%s-approver", dept);
	return tok(sub, dept, NULL, "approver");
}

static const char *
builder(void)
{
	return tok("t-construction-clerk", "construction", NULL, "clerk");
}

static const char *
housing_clerk(void)
{
	return tok("t-housing-clerk", "housing", NULL, "clerk");
}

/* The Shanghai calendar date days_ago days before today, YYYY-MM-DD. */
static void
sh_date(int days_ago, char out[16])
{
	time_t		 t = time(NULL) + 8 * 3600 - (time_t)days_ago * 86400;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

/* Submit action on id: comment NULL means none, version 0 the current one. */
static long
submit(struct resp *r, long long id, const char *action, const char *token,
    const char *comment, int version)
{
	char	 body[512];

	if (version == 0)
		version = version_of(id);
	if (comment != NULL)
		snprintf(body, sizeof(body), "{\"action\":\"%s\","
		    "\"expected_version\":%d,\"comment\":\"%s\"}", action,
		    version, comment);
	else
		snprintf(body, sizeof(body), "{\"action\":\"%s\","
		    "\"expected_version\":%d}", action, version);
	return req(r, "POST", cpath(id, "/transitions"), token, body, NULL, NULL);
}

/* Decide on the open round of id; comment NULL means none. */
static long
decide(struct resp *r, long long id, const char *action, const char *token,
    const char *decision, const char *comment)
{
	char	 body[512];

	if (comment != NULL)
		snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"%s\","
		    "\"comment\":\"%s\"}", action, decision, comment);
	else
		snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"%s\"}",
		    action, decision);
	return req(r, "POST", cpath(id, "/approvals"), token, body, NULL, NULL);
}

/* PATCH fields (JSON members without braces) at the current version. */
static long
patch(struct resp *r, long long id, const char *token, const char *fields)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    version_of(id));
	return req(r, "PATCH", cpath(id, ""), token, body, NULL, NULL);
}

static void
patch_ok(long long id, const char *token, const char *fields)
{
	struct resp	 r;

	patch(&r, id, token, fields);
	EXPECT(&r, 200);
	resp_free(&r);
}

static void
post_ok(const char *path, const char *token, const char *body, long want)
{
	struct resp	 r;

	req(&r, "POST", path, token, body, NULL, NULL);
	EXPECT(&r, want);
	resp_free(&r);
}

/* The item ids of community id, in id order; returns how many. */
static size_t
item_ids(long long id, long long *out, size_t max)
{
	struct resp		 r;
	struct json_object	*a;
	size_t			 i, n = 0;

	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	if (json_object_object_get_ex(r.json, "items", &a) &&
	    json_object_is_type(a, json_type_array))
		for (i = 0; i < json_object_array_length(a) && n < max; i++)
			out[n++] = json_object_get_int64(json_object_object_get(
			    json_object_array_get_idx(a, i), "id"));
	resp_free(&r);
	return n;
}

static const char *
stage_of(long long id)
{
	static char	 buf[32];
	struct resp	 r;

	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	snprintf(buf, sizeof(buf), "%s", jstr(&r, "stage") ? jstr(&r, "stage") : "?");
	resp_free(&r);
	return buf;
}

static long long
rounds_of(long long id)
{
	return qcount("SELECT count(*) FROM round WHERE community_id = %lld", id);
}

static long long
open_round(long long id)
{
	return qcount("SELECT coalesce(max(id), 0) FROM round"
	    " WHERE community_id = %lld AND status = 'open'", id);
}

/* Is guard g among error.details.guards? */
static int
has_guard(const struct resp *r, const char *g)
{
	struct json_object	*e, *d, *a;
	size_t			 i;

	if (r->json == NULL ||
	    !json_object_object_get_ex(r->json, "error", &e) ||
	    !json_object_object_get_ex(e, "details", &d) ||
	    !json_object_object_get_ex(d, "guards", &a) ||
	    !json_object_is_type(a, json_type_array))
		return 0;
	for (i = 0; i < json_object_array_length(a); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(a, i)),
		    g) == 0)
			return 1;
	return 0;
}

static size_t
nguards(const struct resp *r)
{
	struct json_object	*e, *d, *a;

	if (r->json == NULL ||
	    !json_object_object_get_ex(r->json, "error", &e) ||
	    !json_object_object_get_ex(e, "details", &d) ||
	    !json_object_object_get_ex(d, "guards", &a) ||
	    !json_object_is_type(a, json_type_array))
		return 0;
	return json_object_array_length(a);
}

/*
 * A 422 guard_failed naming exactly the comma-separated guards of want,
 * after which the community has no more rounds than before and the
 * same version.
 */
static void
expect_guards(struct resp *r, const char *want, long long id,
    long long rounds_before, int version_before)
{
	char	 list[256], *p, *save = NULL;
	size_t	 n = 0;

	EXPECT(r, 422);
	if (strcmp(jerr(r), "guard_failed") != 0)
		fail_msg("want guard_failed: %s", r->body);
	snprintf(list, sizeof(list), "%s", want);
	for (p = strtok_r(list, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
		if (!has_guard(r, p))
			fail_msg("guard %s not listed: %s", p, r->body);
		n++;
	}
	if (nguards(r) != n)
		fail_msg("want exactly guards [%s]: %s", want, r->body);
	assert_int_equal(rounds_of(id), rounds_before);
	assert_int_equal(open_round(id), 0);
	assert_int_equal(version_of(id), version_before);
}

/*
 * A surveyed community of county whose launch data is set as asked:
 * consent < 0 leaves consent_households unset, notice_ago < 0 leaves
 * the notice date unset, planned NULL records no funding.
 */
static long long
prep_surveyed(const char *county, int consent, int notice_ago,
    const char *planned)
{
	long long	 id = make_at(county, "surveyed");
	char		 f[512], d[16];
	size_t		 n;

	n = (size_t)snprintf(f, sizeof(f), "\"batch\":\"2017\"");
	if (consent >= 0)
		n += (size_t)snprintf(f + n, sizeof(f) - n,
		    ",\"consent_households\":%d", consent);
	if (notice_ago >= 0) {
		sh_date(notice_ago, d);
		snprintf(f + n, sizeof(f) - n, ",\"notice_posted_on\":\"%s\"", d);
	}
	patch_ok(id, tok_cclerk(county), f);
	if (planned != NULL) {
		snprintf(f, sizeof(f), "{\"source\":\"province\",\"planned_yuan\":%s}",
		    planned);
		post_ok(cpath(id, "/funding"), tok_cclerk(county), f, 201);
	}
	return id;
}

/* ------------------------------------------------------------------ */
/* Simultaneous requests with the curl multi interface.                */
/* ------------------------------------------------------------------ */

/*
 * Fire n requests at once (req_burst): request i is methods[i] (NULL: all
 * POST) of paths[i] with tokens[i] and bodies[i], plus the header line
 * extra (or none).  The statuses land in status[i] and, when answers is
 * not NULL, the answers in answers[i] (malloc'd, may be NULL).
 * Unexpected statuses are shown on stderr.
 */
static void
fire_mixed(int n, const char *const *methods, const char *const *paths,
    const char *const *tokens,
    const char *const *bodies, const char *extra, long *status, char **answers)
{
	char	*got[NCONC];
	int	 i;

	assert_true(n <= NCONC);
	req_burst(n, methods, paths, tokens, bodies, extra, status, got);
	for (i = 0; i < n; i++) {
		if (status[i] != 200 && status[i] != 201 && status[i] != 202 &&
		    status[i] != 409)
			fprintf(stderr, "# race request %d: %ld %s", i, status[i],
			    got[i] != NULL ? got[i] : "(no body)\n");
		if (answers != NULL)
			answers[i] = got[i];
		else
			free(got[i]);
	}
}

/* The same request n times at once, request i with tokens[i]. */
static void
fire(int n, const char *method, const char *path, const char *const *tokens,
    const char *body, const char *extra, long *status, char **answers)
{
	const char	*methods[NCONC], *paths[NCONC], *bodies[NCONC];
	int		 i;

	assert_true(n <= NCONC);
	for (i = 0; i < n; i++) {
		methods[i] = method;
		paths[i] = path;
		bodies[i] = body;
	}
	fire_mixed(n, methods, paths, tokens, bodies, extra, status, answers);
}

static int
count_status(const long *status, int n, long want)
{
	int	 i, k = 0;

	for (i = 0; i < n; i++)
		if (status[i] == want)
			k++;
	return k;
}

/* ------------------------------------------------------------------ */
/* 1. Stale versions.                                                   */
/* ------------------------------------------------------------------ */

static void
test_stale_patch_expected_version(void **state)
{
	struct resp	 r;
	long long	 id, fp;
	int		 v;
	char		 body[256];

	(void)state;
	id = make_declared("lanshan");
	v = version_of(id);
	assert_true(v >= 1);
	/* Move the version on with a real edit. */
	patch_ok(id, tok_street("lanshan"), "\"address\":\"新地址1号\"");
	assert_int_equal(version_of(id), v + 1);
	fp = db_fingerprint();
	snprintf(body, sizeof(body), "{\"address\":\"旧版本的地址\",\"expected_version\":%d}", v);
	req(&r, "PATCH", cpath(id, ""), tok_street("lanshan"), body, NULL, NULL);
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	assert_string_equal(jstr(&r, "address"), "新地址1号");
	assert_int_equal(jint(&r, "version"), v + 1);
	resp_free(&r);
	/* A version from the future is just as stale. */
	snprintf(body, sizeof(body), "{\"address\":\"未来\",\"expected_version\":%d}", v + 5);
	req(&r, "PATCH", cpath(id, ""), tok_street("lanshan"), body, NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_stale_patch_if_match(void **state)
{
	struct resp	 r;
	long long	 id, fp;
	int		 v;
	char		 im[64];
	const char	*h[2] = { im, NULL };

	(void)state;
	id = make_declared("luozhuang");
	v = version_of(id);
	snprintf(im, sizeof(im), "If-Match: \"%d\"", v + 1);
	fp = db_fingerprint();
	req(&r, "PATCH", cpath(id, ""), tok_street("luozhuang"),
	    "{\"address\":\"If-Match 过期\"}", NULL, h);
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	/* The right one passes, and the answer's ETag is the new version. */
	snprintf(im, sizeof(im), "If-Match: \"%d\"", v);
	req(&r, "PATCH", cpath(id, ""), tok_street("luozhuang"),
	    "{\"address\":\"If-Match 正确\"}", NULL, h);
	EXPECT(&r, 200);
	assert_int_equal(jint(&r, "version"), v + 1);
	snprintf(im, sizeof(im), "\"%d\"", v + 1);
	assert_string_equal(r.etag, im);
	resp_free(&r);
	/* The old tag is now stale. */
	snprintf(im, sizeof(im), "If-Match: \"%d\"", v);
	req(&r, "PATCH", cpath(id, ""), tok_street("luozhuang"),
	    "{\"address\":\"又一次\"}", NULL, h);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(version_of(id), v + 1);
}

static void
test_get_etag_is_version(void **state)
{
	struct resp	 r;
	long long	 id;
	char		 want[32];

	(void)state;
	id = make_at("hedong", "declared");
	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(jint(&r, "version") >= 1);
	snprintf(want, sizeof(want), "\"%lld\"", jint(&r, "version"));
	assert_string_equal(r.etag, want);
	resp_free(&r);
	/* After a submission the version moved on, and so did the tag. */
	submit(&r, id, "survey", tok_street("hedong"), "摸底完成", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	snprintf(want, sizeof(want), "\"%lld\"", jint(&r, "version"));
	assert_string_equal(r.etag, want);
	assert_int_equal(jint(&r, "version"), version_of(id));
	resp_free(&r);
}

static void
test_stale_transition(void **state)
{
	struct resp	 r;
	long long	 id, fp;
	int		 v;
	char		 im[64];
	const char	*h[2] = { im, NULL };

	(void)state;
	id = make_at("tancheng", "declared");
	v = version_of(id);
	fp = db_fingerprint();
	submit(&r, id, "survey", tok_street("tancheng"), "过期的版本", v - 1 > 0 ? v - 1 : v + 1);
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	/* If-Match instead of expected_version, stale too. */
	snprintf(im, sizeof(im), "If-Match: \"%d\"", v + 3);
	req(&r, "POST", cpath(id, "/transitions"), tok_street("tancheng"),
	    "{\"action\":\"survey\",\"comment\":\"x\"}", NULL, h);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(rounds_of(id), 0);
	/* With the current one in If-Match it opens the round. */
	snprintf(im, sizeof(im), "If-Match: \"%d\"", v);
	req(&r, "POST", cpath(id, "/transitions"), tok_street("tancheng"),
	    "{\"action\":\"survey\",\"comment\":\"x\"}", NULL, h);
	EXPECT(&r, 202);
	resp_free(&r);
	assert_int_equal(rounds_of(id), 1);
}

static void
test_stale_approval_and_item_versions(void **state)
{
	struct resp	 r;
	long long	 id, fp, items[3];
	char		 body[256], im[64];
	const char	*h[2] = { im, NULL };
	int		 v;

	(void)state;
	id = make_at("gaoxin", "declared");
	assert_int_equal(item_ids(id, items, 3), 3);
	v = version_of(id);
	fp = db_fingerprint();
	/* Items: a stale expected_version, a stale If-Match. */
	snprintf(body, sizeof(body), "{\"estimate_yuan\":1.00,\"expected_version\":%d}",
	    v - 1);
	req(&r, "PATCH", ipath(items[0], ""), tok_street("gaoxin"), body, NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	snprintf(im, sizeof(im), "If-Match: \"%d\"", v - 1);
	req(&r, "PATCH", ipath(items[0], ""), tok_street("gaoxin"),
	    "{\"estimate_yuan\":1.00}", NULL, h);
	EXPECT(&r, 409);
	resp_free(&r);
	req(&r, "POST", cpath(id, "/items"), tok_street("gaoxin"),
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	/* With the current version the item changes. */
	snprintf(body, sizeof(body), "{\"estimate_yuan\":1.00,\"expected_version\":%d}", v);
	req(&r, "PATCH", ipath(items[0], ""), tok_street("gaoxin"), body, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	assert_int_equal(version_of(id), v + 1);
	/* Approvals: a stale expected_version is refused. */
	submit(&r, id, "survey", tok_street("gaoxin"), "请审核", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	v = version_of(id);
	fp = db_fingerprint();
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"approve\","
	    "\"comment\":\"同意\",\"expected_version\":%d}", v - 1);
	req(&r, "POST", cpath(id, "/approvals"), appr("housing"), body, NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"approve\","
	    "\"comment\":\"同意\",\"expected_version\":%d}", v);
	req(&r, "POST", cpath(id, "/approvals"), appr("housing"), body, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
}

static void
test_transition_without_version_400(void **state)
{
	struct resp	 r;
	long long	 id, fp;

	(void)state;
	id = make_at("lanling", "declared");
	fp = db_fingerprint();
	req(&r, "POST", cpath(id, "/transitions"), tok_street("lanling"),
	    "{\"action\":\"survey\",\"comment\":\"无版本\"}", NULL, NULL);
	EXPECT(&r, 400);
	assert_string_equal(jerr(&r), "bad_request");
	assert_string_equal(jstr(&r, "error.details.field"), "expected_version");
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

/* ------------------------------------------------------------------ */
/* 2. Frozen data.                                                      */
/* ------------------------------------------------------------------ */

static void
test_frozen_while_survey_round_open(void **state)
{
	struct resp	 r;
	long long	 id, fp, items[3];
	char		 body[256];

	(void)state;
	id = make_at("yishui", "declared");
	assert_int_equal(item_ids(id, items, 3), 3);
	submit(&r, id, "survey", tok_street("yishui"), "请审核", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	fp = db_fingerprint();
	/* PATCH of the stage's data. */
	patch(&r, id, tok_street("yishui"), "\"address\":\"冻结中修改\"");
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	/* The county's exception, too. */
	patch(&r, id, tok_cclerk("yishui"), "\"exception_reason\":\"冻结中\"");
	EXPECT(&r, 409);
	resp_free(&r);
	/* A new item, by street and by county clerk. */
	req(&r, "POST", cpath(id, "/items"), tok_street("yishui"),
	    "{\"kind\":\"lighting\",\"condition\":\"poor\",\"selected\":true,"
	    "\"estimate_yuan\":5000.00}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	req(&r, "POST", cpath(id, "/items"), tok_cclerk("yishui"),
	    "{\"kind\":\"lighting\"}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	/* A change to an item. */
	snprintf(body, sizeof(body), "{\"estimate_yuan\":1.00}");
	req(&r, "PATCH", ipath(items[0], ""), tok_street("yishui"), body, NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	req(&r, "PATCH", ipath(items[1], ""), tok_street("yishui"),
	    "{\"selected\":false}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(qcount("SELECT count(*) FROM item WHERE id = %lld"
	    " AND estimate_yuan = 100000.00 AND selected", items[0]), 1);
}

static void
test_frozen_funding_while_launch_round_open(void **state)
{
	struct resp	 r;
	long long	 id, fp, items[3];

	(void)state;
	id = prep_surveyed("yinan", 200, 20, "300000.00");
	assert_int_equal(item_ids(id, items, 3), 3);
	/* Before the submission, funding and items may be recorded. */
	post_ok(cpath(id, "/funding"), tok_cclerk("yinan"),
	    "{\"source\":\"city\",\"planned_yuan\":1000.00}", 201);
	submit(&r, id, "launch", tok_cclerk("yinan"), "申请实施", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	fp = db_fingerprint();
	req(&r, "POST", cpath(id, "/funding"), tok_cclerk("yinan"),
	    "{\"source\":\"county\",\"planned_yuan\":5000.00}", NULL, NULL);
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	req(&r, "POST", cpath(id, "/items"), tok_cclerk("yinan"),
	    "{\"kind\":\"parking\",\"condition\":\"poor\"}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	req(&r, "PATCH", ipath(items[2], ""), tok_cclerk("yinan"),
	    "{\"selected\":false}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	patch(&r, id, tok_cclerk("yinan"), "\"consent_households\":239");
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_reject_unfreezes_and_new_round(void **state)
{
	struct resp	 r;
	long long	 id, first, second;

	(void)state;
	id = make_at("pingyi", "declared");
	submit(&r, id, "survey", tok_street("pingyi"), "第一次提交", 0);
	EXPECT(&r, 202);
	first = jint(&r, "id");
	assert_true(first > 0);
	resp_free(&r);
	assert_int_equal(open_round(id), first);
	/* Housing approves, the county rejects with its reason. */
	decide(&r, id, "survey", appr("housing"), "approve", "同意");
	EXPECT(&r, 200);
	resp_free(&r);
	decide(&r, id, "survey", cappr("pingyi"), "reject", "摸底不全，请补充");
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "status"), "rejected");
	resp_free(&r);
	assert_int_equal(open_round(id), 0);
	assert_int_equal(qcount("SELECT count(*) FROM round WHERE id = %lld"
	    " AND status = 'rejected' AND closed_at IS NOT NULL", first), 1);
	assert_string_equal(stage_of(id), "declared");
	assert_int_equal(qcount("SELECT count(*) FROM event WHERE round_id = %lld"
	    " AND action = 'reject' AND comment = '摸底不全，请补充'", first), 1);
	/* Editable again: the data and the items. */
	patch(&r, id, tok_street("pingyi"), "\"address\":\"补充后的地址\"");
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "address"), "补充后的地址");
	resp_free(&r);
	post_ok(cpath(id, "/items"), tok_street("pingyi"),
	    "{\"kind\":\"greening\",\"condition\":\"missing\",\"selected\":true,"
	    "\"estimate_yuan\":20000.00}", 201);
	/* A new submission is a new round; housing must approve again. */
	submit(&r, id, "survey", tok_street("pingyi"), "第二次提交", 0);
	EXPECT(&r, 202);
	second = jint(&r, "id");
	assert_true(second > first);
	assert_non_null(strstr(r.body, "\"housing\""));
	resp_free(&r);
	assert_int_equal(rounds_of(id), 2);
	assert_int_equal(open_round(id), second);
	decide(&r, id, "survey", appr("housing"), "approve", "同意");
	EXPECT(&r, 200);
	resp_free(&r);
	decide(&r, id, "survey", cappr("pingyi"), "approve", "同意");
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "stage"), "surveyed");
	resp_free(&r);
}

/* ------------------------------------------------------------------ */
/* 3. Races.                                                            */
/* ------------------------------------------------------------------ */

/*
 * Fire NCONC housing approvals on an open survey round of a new
 * community; with county_first the county has approved already, so the
 * winner completes the round and fires the transition.
 */
static void
race_approvals_once(const char *county, int same_token, int county_first)
{
	struct resp	 r;
	const char	*tokens[NCONC];
	char		 sub[64], body[256];
	long		 status[NCONC];
	long long	 id, round;
	int		 i;

	id = make_at(county, "declared");
	submit(&r, id, "survey", tok_street(county), "请审核", 0);
	EXPECT(&r, 202);
	round = jint(&r, "id");
	resp_free(&r);
	if (county_first) {
		decide(&r, id, "survey", cappr(county), "approve", "同意");
		EXPECT(&r, 200);
		resp_free(&r);
	}
	for (i = 0; i < NCONC; i++) {
		snprintf(sub, sizeof(sub), "%s-race-%d", uniq("t-housing"), i);
		tokens[i] = same_token ? appr("housing") :
		    tok(sub, "housing", NULL, "approver");
	}
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"approve\","
	    "\"comment\":\"同意\"}");
	fire(NCONC, "POST", cpath(id, "/approvals"), tokens, body, NULL, status, NULL);
	if (count_status(status, NCONC, 200) != 1 ||
	    count_status(status, NCONC, 409) != NCONC - 1) {
		for (i = 0; i < NCONC; i++)
			fprintf(stderr, "# status[%d] = %ld\n", i, status[i]);
		fail_msg("want one 200 and %d 409: got %d and %d", NCONC - 1,
		    count_status(status, NCONC, 200),
		    count_status(status, NCONC, 409));
	}
	assert_int_equal(qcount("SELECT count(*) FROM event WHERE round_id = %lld"
	    " AND action = 'approve' AND actor_dept = 'housing'", round), 1);
	assert_int_equal(qcount("SELECT count(*) FROM approval WHERE round_id = %lld"
	    " AND dept = 'housing'", round), 1);
	if (county_first) {
		assert_string_equal(stage_of(id), "surveyed");
		assert_int_equal(qcount("SELECT count(*) FROM event WHERE"
		    " community_id = %lld AND action = 'survey'", id), 1);
	} else {
		assert_int_equal(open_round(id), round);
		assert_string_equal(stage_of(id), "declared");
	}
}

/* A race is a matter of timing: run it on a few fresh communities. */
static void
race_approvals(const char *county, int same_token, int county_first)
{
	int	 k;

	for (k = 0; k < 4; k++)
		race_approvals_once(county, same_token, county_first);
}

static void
test_race_approvals_different_subs(void **state)
{
	(void)state;
	race_approvals("feixian", 0, 0);
}

static void
test_race_approvals_same_token(void **state)
{
	(void)state;
	race_approvals("mengyin", 1, 0);
}

/* The same race on the approval that completes the round and fires it. */
static void
test_race_final_approvals(void **state)
{
	(void)state;
	race_approvals("junan", 0, 1);
}

static void
test_race_submissions(void **state)
{
	const char	*tokens[NCONC];
	char		 body[256], sub[64];
	long		 status[NCONC];
	long long	 id;
	int		 i, v;

	(void)state;
	id = make_at("linshu", "declared");
	v = version_of(id);
	for (i = 0; i < NCONC; i++) {
		snprintf(sub, sizeof(sub), "%s-%d", uniq("t-street-race"), i);
		tokens[i] = i % 2 ? tok_street("linshu") :
		    tok(sub, "street", "linshu", "clerk");
	}
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"expected_version\":%d,"
	    "\"comment\":\"同时提交\"}", v);
	fire(NCONC, "POST", cpath(id, "/transitions"), tokens, body, NULL, status, NULL);
	if (count_status(status, NCONC, 202) != 1 ||
	    count_status(status, NCONC, 409) != NCONC - 1) {
		for (i = 0; i < NCONC; i++)
			fprintf(stderr, "# status[%d] = %ld\n", i, status[i]);
		fail_msg("want one 202 and %d 409: got %d and %d", NCONC - 1,
		    count_status(status, NCONC, 202),
		    count_status(status, NCONC, 409));
	}
	assert_int_equal(rounds_of(id), 1);
	assert_int_equal(qcount("SELECT count(*) FROM event WHERE community_id = %lld"
	    " AND action = 'submit'", id), 1);
	assert_int_equal(version_of(id), v + 1);
}

/*
 * The remaining departments of a launch round approve at the same
 * moment: every approval lands, and the last one fires the transition.
 */
static void
test_race_distinct_departments(void **state)
{
	const char	*tokens[3];
	long		 status[3];
	long long	 id, round;
	struct resp	 r;
	int		 k;

	(void)state;
	for (k = 0; k < 4; k++) {
		id = prep_surveyed("lanshan", 200, 20, "300000.00");
		submit(&r, id, "launch", tok_cclerk("lanshan"), "申请实施", 0);
		EXPECT(&r, 202);
		round = jint(&r, "id");
		resp_free(&r);
		tokens[0] = cappr("lanshan");
		tokens[1] = appr("drc");
		tokens[2] = appr("finance");
		fire(3, "POST", cpath(id, "/approvals"), tokens,
		    "{\"action\":\"launch\",\"decision\":\"approve\",\"comment\":\"同意\"}",
		    NULL, status, NULL);
		assert_int_equal(count_status(status, 3, 200), 3);
		assert_int_equal(qcount("SELECT count(*) FROM approval WHERE"
		    " round_id = %lld AND decision = 'approve'", round), 3);
		if (open_round(id) != 0 || strcmp(stage_of(id), "piloted") != 0)
			fail_msg("attempt %d: every department approved round %lld, yet"
			    " the round is %s and the stage %s", k, round,
			    open_round(id) != 0 ? "still open" : "closed", stage_of(id));
		assert_int_equal(qcount("SELECT count(*) FROM round WHERE id = %lld"
		    " AND status = 'approved'", round), 1);
	}
}

/* The same Idempotency-Key sent 20 times at once: one row, one answer. */
static void
test_race_idempotency_same_key(void **state)
{
	const char	*tokens[NCONC];
	char		*bodies[NCONC], key[160];
	long		 status[NCONC];
	long long	 id;
	int		 i;

	(void)state;
	id = make_at("hedong", "declared");
	snprintf(key, sizeof(key), "Idempotency-Key: %s", uniq("idem-race"));
	for (i = 0; i < NCONC; i++)
		tokens[i] = tok_street("hedong");
	fire(NCONC, "POST", cpath(id, "/items"), tokens,
	    "{\"kind\":\"clutter\",\"condition\":\"poor\",\"selected\":true,"
	    "\"estimate_yuan\":800.00}", key, status, bodies);
	for (i = 0; i < NCONC; i++) {
		if (status[i] != 201 || bodies[i] == NULL || bodies[0] == NULL ||
		    strcmp(bodies[i], bodies[0]) != 0)
			fail_msg("request %d: %ld %s (first: %s)", i, status[i],
			    bodies[i] ? bodies[i] : "", bodies[0] ? bodies[0] : "");
	}
	for (i = 0; i < NCONC; i++)
		free(bodies[i]);
	assert_int_equal(qcount("SELECT count(*) FROM item WHERE community_id = %lld"
	    " AND kind = 'clutter'", id), 1);
	assert_int_equal(qcount("SELECT count(*) FROM event WHERE community_id = %lld"
	    " AND action = 'item_add'", id), 4);
}

/*
 * A submission and edits of the data it freezes, at the same moment.
 * An edit that wins the race moves the version on and the submission
 * fails (409, fine); when the submission wins, no edit may land after
 * the round opened.  Tried on fresh communities until the submission
 * has won a few times.
 */
static void
race_freeze(const char *county, const char *what)
{
	const char	*methods[NCONC], *paths[NCONC], *tokens[NCONC], *bodies[NCONC];
	char		 body[256];
	long		 status[NCONC];
	long long	 id, items[3], submit_ev, late;
	int		 i, n = 6, attempt, won = 0, launch = strcmp(what, "funding") == 0;

	for (attempt = 0; attempt < 12 && won < 3; attempt++) {
		if (launch)
			id = prep_surveyed(county, 200, 20, "300000.00");
		else
			id = make_at(county, "declared");
		assert_int_equal(item_ids(id, items, 3), 3);
		snprintf(body, sizeof(body), "{\"action\":\"%s\",\"expected_version\":%d,"
		    "\"comment\":\"提交\"}", launch ? "launch" : "survey", version_of(id));
		for (i = 0; i < n; i++) {
			methods[i] = "POST";
			if (i == 0) {
				paths[i] = cpath(id, "/transitions");
				tokens[i] = launch ? tok_cclerk(county) : tok_street(county);
				bodies[i] = body;
			} else if (launch) {
				paths[i] = cpath(id, "/funding");
				tokens[i] = tok_cclerk(county);
				bodies[i] = "{\"source\":\"other\",\"planned_yuan\":1.00}";
			} else if (strcmp(what, "item") == 0) {
				paths[i] = cpath(id, "/items");
				tokens[i] = tok_street(county);
				bodies[i] = "{\"kind\":\"notice_board\",\"condition\":\"poor\"}";
			} else {
				methods[i] = "PATCH";
				paths[i] = ipath(items[i % 3], "");
				tokens[i] = tok_street(county);
				bodies[i] = i % 2 ? "{\"estimate_yuan\":1.00}" :
				    "{\"estimate_yuan\":2.00}";
			}
		}
		fire_mixed(n, methods, paths, tokens, bodies, NULL, status, NULL);
		/* Every edit either landed or was refused with 409. */
		for (i = 1; i < n; i++)
			if (status[i] != 200 && status[i] != 201 && status[i] != 409)
				fail_msg("request %d: %ld", i, status[i]);
		if (status[0] != 202) {
			assert_int_equal(status[0], 409);
			continue;
		}
		won++;
		/* The event of this submission (a launch had a survey before). */
		submit_ev = qcount("SELECT coalesce(max(e.id), 0) FROM event e"
		    " JOIN round r ON r.id = e.round_id AND r.status = 'open'"
		    " WHERE e.community_id = %lld AND e.action = 'submit'", id);
		assert_true(submit_ev > 0);
		late = qcount("SELECT count(*) FROM event WHERE community_id = %lld"
		    " AND id > %lld AND action IN ('item_add', 'item_edit',"
		    " 'funding_add', 'edit')", id, submit_ev);
		if (late != 0)
			fail_msg("attempt %d: %lld %s edit(s) landed after round %lld opened:"
			    " the frozen data changed", attempt, late, what, open_round(id));
	}
	if (won == 0)
		fprintf(stderr, "# %s: the submission never won the race\n", what);
}

static void
test_race_submission_vs_item_create(void **state)
{
	(void)state;
	race_freeze("yishui", "item");
}

static void
test_race_submission_vs_item_patch(void **state)
{
	(void)state;
	race_freeze("pingyi", "item_patch");
}

static void
test_race_submission_vs_funding(void **state)
{
	(void)state;
	race_freeze("feixian", "funding");
}

/* 20 PATCHes naming the same version: one lands. */
static void
test_race_patches(void **state)
{
	const char	*tokens[NCONC];
	char		 body[256];
	long		 status[NCONC];
	long long	 id;
	int		 i, v;

	(void)state;
	id = make_declared("mengyin");
	v = version_of(id);
	for (i = 0; i < NCONC; i++)
		tokens[i] = tok_street("mengyin");
	snprintf(body, sizeof(body), "{\"address\":\"同时修改\",\"expected_version\":%d}", v);
	fire(NCONC, "PATCH", cpath(id, ""), tokens, body, NULL, status, NULL);
	assert_int_equal(count_status(status, NCONC, 200), 1);
	assert_int_equal(count_status(status, NCONC, 409), NCONC - 1);
	assert_int_equal(version_of(id), v + 1);
	assert_int_equal(qcount("SELECT count(*) FROM event WHERE community_id = %lld"
	    " AND action = 'edit'", id), 1);
}

/* ------------------------------------------------------------------ */
/* 4. Approval rules.                                                   */
/* ------------------------------------------------------------------ */

static void
test_second_approval_same_dept_409(void **state)
{
	struct resp	 r;
	long long	 id, fp;

	(void)state;
	id = make_at("gaoxin", "declared");
	submit(&r, id, "survey", tok_street("gaoxin"), "请审核", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	decide(&r, id, "survey", appr("housing"), "approve", "同意");
	EXPECT(&r, 200);
	resp_free(&r);
	fp = db_fingerprint();
	/* The same approver again, another approver of housing, a rejection. */
	decide(&r, id, "survey", appr("housing"), "approve", "再次同意");
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	decide(&r, id, "survey", tok("t-housing-2nd", "housing", NULL, "approver"),
	    "approve", "我也同意");
	EXPECT(&r, 409);
	resp_free(&r);
	decide(&r, id, "survey", tok("t-housing-3rd", "housing", NULL, "approver"),
	    "reject", "我反对");
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	assert_string_equal(stage_of(id), "declared");
}

static void
test_reject_without_comment_422(void **state)
{
	struct resp	 r;
	long long	 id, fp;

	(void)state;
	id = make_at("jingkai", "declared");
	submit(&r, id, "survey", tok_street("jingkai"), "请审核", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	fp = db_fingerprint();
	decide(&r, id, "survey", appr("housing"), "reject", NULL);
	EXPECT(&r, 422);
	assert_string_equal(jstr(&r, "error.details.field"), "comment");
	resp_free(&r);
	decide(&r, id, "survey", appr("housing"), "reject", " \\t\\n ");
	EXPECT(&r, 422);
	assert_string_equal(jstr(&r, "error.details.field"), "comment");
	resp_free(&r);
	req(&r, "POST", cpath(id, "/approvals"), appr("housing"),
	    "{\"action\":\"survey\",\"decision\":\"reject\",\"comment\":null}", NULL, NULL);
	EXPECT(&r, 422);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	assert_true(open_round(id) > 0);
	/*
	 * Ideographic spaces (U+3000, what a Chinese keyboard types) are as
	 * blank as ASCII ones: the reason_given guard says so, and a
	 * rejection's reason must follow the same rule.
	 */
	decide(&r, id, "survey", appr("housing"), "reject", "\\u3000\\u3000");
	EXPECT(&r, 422);
	assert_string_equal(jstr(&r, "error.details.field"), "comment");
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	assert_true(open_round(id) > 0);
}

static void
test_approval_wrong_action_409(void **state)
{
	struct resp	 r;
	long long	 id, fp;

	(void)state;
	id = make_at("lingang", "declared");
	submit(&r, id, "survey", tok_street("lingang"), "请审核", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	fp = db_fingerprint();
	decide(&r, id, "launch", appr("housing"), "approve", "同意");
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	decide(&r, id, "withdraw", cappr("lingang"), "approve", "同意");
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_approval_no_round_409(void **state)
{
	struct resp	 r;
	long long	 id, fp;

	(void)state;
	id = make_at("lanshan", "declared");
	fp = db_fingerprint();
	decide(&r, id, "survey", appr("housing"), "approve", "同意");
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	decide(&r, id, "survey", cappr("lanshan"), "reject", "不同意");
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_four_eyes_403(void **state)
{
	struct resp	 r;
	long long	 id, fp;
	const char	*both;

	(void)state;
	id = prep_surveyed("hedong", 200, 20, "300000.00");
	/* One person who is both the county's clerk and its approver. */
	both = tok(uniq("t-county-both"), "county", "hedong", "clerk,approver");
	submit(&r, id, "launch", both, "申请实施", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	fp = db_fingerprint();
	decide(&r, id, "launch", both, "approve", "我自己同意");
	EXPECT(&r, 403);
	assert_string_equal(jerr(&r), "forbidden");
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

/* ------------------------------------------------------------------ */
/* 5. Guards.                                                           */
/* ------------------------------------------------------------------ */

static void
test_guard_survey_recorded(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	id = make_declared("luozhuang");
	v = version_of(id);
	submit(&r, id, "survey", tok_street("luozhuang"), "没有项目", 0);
	expect_guards(&r, "survey_recorded", id, 0, v);
	resp_free(&r);
	/* An item without its condition does not count as surveyed. */
	post_ok(cpath(id, "/items"), tok_street("luozhuang"),
	    "{\"kind\":\"road\",\"selected\":true,\"estimate_yuan\":1000.00}", 201);
	v = version_of(id);
	submit(&r, id, "survey", tok_street("luozhuang"), "项目无现状", 0);
	expect_guards(&r, "survey_recorded", id, 0, v);
	resp_free(&r);
}

static void
test_guard_eligible_then_exception(void **state)
{
	struct resp	 r;
	long long	 id;
	char		 body[1024];
	int		 v;

	(void)state;
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"county\":\"tancheng\","
	    "\"street\":\"测试街道\",\"committee\":\"测试社区\",\"address\":\"测试路2号\","
	    "\"built_year\":1995,\"buildings\":4,\"households\":120,"
	    "\"floor_area_m2\":8000.00,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false}",
	    uniq("1995年小区"));
	req(&r, "POST", "/api/v1/communities", tok_committee("tancheng"), body, NULL, NULL);
	EXPECT(&r, 201);
	id = jint(&r, "id");
	resp_free(&r);
	post_ok(cpath(id, "/items"), tok_street("tancheng"),
	    "{\"kind\":\"road\",\"condition\":\"poor\",\"selected\":true,"
	    "\"estimate_yuan\":1000.00}", 201);
	v = version_of(id);
	submit(&r, id, "survey", tok_street("tancheng"), "1995年建成", 0);
	expect_guards(&r, "eligible", id, 0, v);
	resp_free(&r);
	/* The street may not record the county's exception. */
	patch(&r, id, tok_street("tancheng"), "\"exception_reason\":\"街道自己放宽\"");
	EXPECT(&r, 403);
	resp_free(&r);
	/* The county clerk records it; then the survey may be submitted. */
	patch(&r, id, tok_cclerk("tancheng"), "\"exception_reason\":\"县政府常务会议同意放宽\"");
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "exception_reason"), "县政府常务会议同意放宽");
	resp_free(&r);
	submit(&r, id, "survey", tok_street("tancheng"), "已有县区例外", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	assert_true(open_round(id) > 0);
}

static void
test_guard_resident_consent_boundary(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	/* 240 households: 2/3 is 160. */
	id = prep_surveyed("lanling", 159, 20, "300000.00");
	v = version_of(id);
	submit(&r, id, "launch", tok_cclerk("lanling"), "159户同意", 0);
	expect_guards(&r, "resident_consent", id, 1, v);
	resp_free(&r);
	patch_ok(id, tok_cclerk("lanling"), "\"consent_households\":160");
	submit(&r, id, "launch", tok_cclerk("lanling"), "160户同意", 0);
	EXPECT(&r, 202);
	resp_free(&r);
	assert_int_equal(rounds_of(id), 2);
}

static void
test_guard_notice_period(void **state)
{
	struct resp	 r;
	long long	 id;
	char		 f[128], d[16];
	int		 v;

	(void)state;
	id = prep_surveyed("yishui", 200, 1, "300000.00");
	v = version_of(id);
	submit(&r, id, "launch", tok_cclerk("yishui"), "昨天公示", 0);
	expect_guards(&r, "notice_period", id, 1, v);
	resp_free(&r);
	/* Six days is still too short; seven days is enough. */
	sh_date(6, d);
	snprintf(f, sizeof(f), "\"notice_posted_on\":\"%s\"", d);
	patch_ok(id, tok_cclerk("yishui"), f);
	v = version_of(id);
	submit(&r, id, "launch", tok_cclerk("yishui"), "六天前公示", 0);
	expect_guards(&r, "notice_period", id, 1, v);
	resp_free(&r);
	sh_date(7, d);
	snprintf(f, sizeof(f), "\"notice_posted_on\":\"%s\"", d);
	patch_ok(id, tok_cclerk("yishui"), f);
	submit(&r, id, "launch", tok_cclerk("yishui"), "七天前公示", 0);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_guard_funding_covers_estimate(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	/* Three selected items of 100000.00 each. */
	id = prep_surveyed("yinan", 200, 20, "299999.99");
	v = version_of(id);
	submit(&r, id, "launch", tok_cclerk("yinan"), "资金不足", 0);
	expect_guards(&r, "funding_covers_estimate", id, 1, v);
	resp_free(&r);
	post_ok(cpath(id, "/funding"), tok_cclerk("yinan"),
	    "{\"source\":\"owners\",\"planned_yuan\":0.01}", 201);
	submit(&r, id, "launch", tok_cclerk("yinan"), "资金到位", 0);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_guard_items_selected(void **state)
{
	struct resp	 r;
	long long	 id, items[3];
	size_t		 k;
	int		 v;

	(void)state;
	id = prep_surveyed("pingyi", 200, 20, "300000.00");
	assert_int_equal(item_ids(id, items, 3), 3);
	for (k = 0; k < 3; k++) {
		req(&r, "PATCH", ipath(items[k], ""), tok_cclerk("pingyi"),
		    "{\"selected\":false}", NULL, NULL);
		EXPECT(&r, 200);
		resp_free(&r);
	}
	v = version_of(id);
	submit(&r, id, "launch", tok_cclerk("pingyi"), "没有选定项目", 0);
	EXPECT(&r, 422);
	if (!has_guard(&r, "items_selected"))
		fail_msg("items_selected not listed: %s", r.body);
	assert_false(has_guard(&r, "resident_consent"));
	assert_false(has_guard(&r, "notice_period"));
	resp_free(&r);
	assert_int_equal(rounds_of(id), 1);
	assert_int_equal(version_of(id), v);
	/* A selected item without an estimate does not count either. */
	req(&r, "PATCH", ipath(items[0], ""), tok_cclerk("pingyi"),
	    "{\"selected\":true,\"estimate_yuan\":null}", NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	v = version_of(id);
	submit(&r, id, "launch", tok_cclerk("pingyi"), "项目无概算", 0);
	expect_guards(&r, "items_selected", id, 1, v);
	resp_free(&r);
}

static void
test_guard_tender_recorded(void **state)
{
	struct resp	 r;
	long long	 id, items[3];
	size_t		 k;
	int		 v;

	(void)state;
	id = make_at("feixian", "piloted");
	assert_int_equal(item_ids(id, items, 3), 3);
	for (k = 0; k < 3; k++)
		post_ok(ipath(items[k], "/done"), builder(), NULL, 200);
	v = version_of(id);
	submit(&r, id, "complete", builder(), "无招标信息", 0);
	expect_guards(&r, "tender_recorded", id, 2, v);
	resp_free(&r);
	/* Three of four tender fields are not enough. */
	patch_ok(id, builder(), "\"contractor\":\"某建设公司\",\"supervisor\":\"某监理\","
	    "\"tender_awarded_on\":\"2016-04-20\"");
	v = version_of(id);
	submit(&r, id, "complete", builder(), "缺项目经理", 0);
	expect_guards(&r, "tender_recorded", id, 2, v);
	resp_free(&r);
	patch_ok(id, builder(), "\"site_manager\":\"王工\"");
	submit(&r, id, "complete", builder(), "齐全", 0);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_guard_items_done(void **state)
{
	struct resp	 r;
	long long	 id, items[3];
	int		 v;

	(void)state;
	id = make_at("mengyin", "piloted");
	assert_int_equal(item_ids(id, items, 3), 3);
	patch_ok(id, builder(), "\"contractor\":\"某建设公司\",\"supervisor\":\"某监理\","
	    "\"tender_awarded_on\":\"2016-04-20\",\"site_manager\":\"王工\"");
	post_ok(ipath(items[0], "/done"), builder(), NULL, 200);
	post_ok(ipath(items[1], "/done"), builder(), NULL, 200);
	v = version_of(id);
	submit(&r, id, "complete", builder(), "一项未完工", 0);
	expect_guards(&r, "items_done", id, 2, v);
	resp_free(&r);
	post_ok(ipath(items[2], "/done"), builder(), NULL, 200);
	submit(&r, id, "complete", builder(), "全部完工", 0);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_guard_items_signed_off(void **state)
{
	struct resp	 r;
	long long	 id, items[3];
	int		 v;

	(void)state;
	/* Items are cctv (police), road (construction), fitness (sports). */
	id = make_at("junan", "renovated");
	assert_int_equal(item_ids(id, items, 3), 3);
	post_ok(ipath(items[0], "/signoff"), appr("police"),
	    "{\"decision\":\"approve\",\"comment\":\"合格\"}", 200);
	post_ok(ipath(items[1], "/signoff"), appr("construction"),
	    "{\"decision\":\"approve\",\"comment\":\"合格\"}", 200);
	v = version_of(id);
	submit(&r, id, "accept", builder(), "体育未验收", 0);
	expect_guards(&r, "items_signed_off", id, 3, v);
	resp_free(&r);
	post_ok(ipath(items[2], "/signoff"), appr("sports"),
	    "{\"decision\":\"approve\",\"comment\":\"合格\"}", 200);
	submit(&r, id, "accept", builder(), "全部验收", 0);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_guard_owners_meeting(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	id = make_at("linshu", "accepted");
	patch_ok(id, housing_clerk(), "\"mode\":\"community\","
	    "\"managing_committee\":\"社区托底小组\"");
	v = version_of(id);
	submit(&r, id, "hand_over", housing_clerk(), "未开业主大会", 0);
	expect_guards(&r, "owners_meeting", id, 4, v);
	resp_free(&r);
	patch_ok(id, housing_clerk(), "\"owners_meeting_on\":\"2016-07-10\"");
	submit(&r, id, "hand_over", housing_clerk(), "已开业主大会", 0);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_guard_management_arranged(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	id = make_at("gaoxin", "accepted");
	patch_ok(id, housing_clerk(), "\"owners_meeting_on\":\"2016-07-10\","
	    "\"mode\":\"professional\",\"contract_start\":\"2016-08-01\","
	    "\"contract_end\":\"2019-07-31\",\"managed_area_m2\":15000.00,"
	    "\"fee_yuan_per_m2_month\":0.50");
	v = version_of(id);
	submit(&r, id, "hand_over", housing_clerk(), "缺物业公司", 0);
	expect_guards(&r, "management_arranged", id, 4, v);
	resp_free(&r);
	patch_ok(id, housing_clerk(), "\"company\":\"某物业服务有限公司\"");
	submit(&r, id, "hand_over", housing_clerk(), "物业已落实", 0);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_guard_reason_given_return(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	id = make_at("jingkai", "surveyed");
	v = version_of(id);
	submit(&r, id, "return", appr("drc"), NULL, 0);
	expect_guards(&r, "reason_given", id, 1, v);
	resp_free(&r);
	submit(&r, id, "return", appr("drc"), "   ", 0);
	expect_guards(&r, "reason_given", id, 1, v);
	resp_free(&r);
	submit(&r, id, "return", appr("drc"), "\\u3000\\t\\u3000", 0);
	expect_guards(&r, "reason_given", id, 1, v);
	resp_free(&r);
	assert_string_equal(stage_of(id), "surveyed");
}

static void
test_guard_reason_given_withdraw(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	id = make_declared("lingang");
	v = version_of(id);
	submit(&r, id, "withdraw", tok_committee("lingang"), NULL, 0);
	expect_guards(&r, "reason_given", id, 0, v);
	resp_free(&r);
	submit(&r, id, "withdraw", tok_committee("lingang"), "", 0);
	expect_guards(&r, "reason_given", id, 0, v);
	resp_free(&r);
}

static void
test_guards_all_listed(void **state)
{
	struct resp	 r;
	long long	 id;
	char		 body[1024];
	int		 v;

	(void)state;
	/* Launch with nothing recorded: three guards fail together. */
	id = prep_surveyed("lanshan", -1, -1, NULL);
	v = version_of(id);
	submit(&r, id, "launch", tok_cclerk("lanshan"), "什么都没有", 0);
	expect_guards(&r, "funding_covers_estimate,notice_period,resident_consent",
	    id, 1, v);
	resp_free(&r);
	/* Survey of an ineligible community without items: both listed. */
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"county\":\"lanshan\","
	    "\"street\":\"测试街道\",\"committee\":\"测试社区\",\"address\":\"测试路3号\","
	    "\"built_year\":1990,\"buildings\":4,\"households\":120,"
	    "\"floor_area_m2\":8000.00,\"state_land\":false,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false}",
	    uniq("非国有土地"));
	req(&r, "POST", "/api/v1/communities", tok_committee("lanshan"), body, NULL, NULL);
	EXPECT(&r, 201);
	id = jint(&r, "id");
	resp_free(&r);
	v = version_of(id);
	submit(&r, id, "survey", tok_street("lanshan"), "不符合", 0);
	expect_guards(&r, "eligible,survey_recorded", id, 0, v);
	resp_free(&r);
}

/* ------------------------------------------------------------------ */
/* 6. return and withdraw.                                              */
/* ------------------------------------------------------------------ */

static void
test_return_goes_back(void **state)
{
	struct resp	 r;
	long long	 id;
	int		 v;

	(void)state;
	id = make_at("luozhuang", "piloted");
	v = version_of(id);
	/* From piloted the next action is complete: construction approves. */
	submit(&r, id, "return", appr("construction"), "方案需调整", 0);
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "stage"), "surveyed");
	assert_int_equal(jint(&r, "version"), v + 1);
	resp_free(&r);
	assert_int_equal(open_round(id), 0);
	assert_int_equal(qcount("SELECT count(*) FROM event WHERE community_id = %lld"
	    " AND action = 'return' AND comment = '方案需调整'"
	    " AND after->>'stage' = 'surveyed'", id), 1);
	/* An approver of a department with no part in launch may not. */
	submit(&r, id, "return", appr("audit"), "我也退回", 0);
	EXPECT(&r, 403);
	resp_free(&r);
	/* A clerk may not either: return belongs to approvers. */
	submit(&r, id, "return", tok_cclerk("luozhuang"), "退回", 0);
	EXPECT(&r, 403);
	resp_free(&r);
	/* Surveyed -> declared, by the drc (a launch countersigner). */
	submit(&r, id, "return", appr("drc"), "重新申报", 0);
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "stage"), "declared");
	resp_free(&r);
}

static void
test_return_from_declared_or_managed_409(void **state)
{
	struct resp	 r;
	long long	 id, fp;

	(void)state;
	id = make_at("hedong", "declared");
	fp = db_fingerprint();
	submit(&r, id, "return", cappr("hedong"), "不能退回", 0);
	EXPECT(&r, 409);
	assert_string_equal(jerr(&r), "conflict");
	resp_free(&r);
	submit(&r, id, "return", appr("housing"), "不能退回", 0);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	id = make_at("hedong", "managed");
	fp = db_fingerprint();
	submit(&r, id, "return", appr("pricing"), "不能退回", 0);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	assert_string_equal(stage_of(id), "managed");
}

static void
test_return_cancels_open_round(void **state)
{
	struct resp	 r;
	long long	 id, round;

	(void)state;
	id = prep_surveyed("tancheng", 200, 20, "300000.00");
	submit(&r, id, "launch", tok_cclerk("tancheng"), "申请实施", 0);
	EXPECT(&r, 202);
	round = jint(&r, "id");
	resp_free(&r);
	decide(&r, id, "launch", appr("finance"), "approve", "资金同意");
	EXPECT(&r, 200);
	resp_free(&r);
	submit(&r, id, "return", appr("drc"), "项目需重新论证", 0);
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "stage"), "declared");
	resp_free(&r);
	assert_int_equal(open_round(id), 0);
	assert_int_equal(qcount("SELECT count(*) FROM round WHERE id = %lld"
	    " AND status = 'cancelled'", round), 1);
	assert_int_equal(qcount("SELECT count(*) FROM event WHERE round_id = %lld"
	    " AND action = 'cancel'", round), 1);
	/* The cancelled round takes no more decisions. */
	decide(&r, id, "launch", appr("drc"), "approve", "同意");
	EXPECT(&r, 409);
	resp_free(&r);
	/* And the declared data is editable again. */
	patch(&r, id, tok_street("tancheng"), "\"address\":\"退回后修改\"");
	EXPECT(&r, 200);
	resp_free(&r);
}

static void
test_withdraw_then_everything_409(void **state)
{
	static const char *const actions[] = {
		"declare", "survey", "launch", "complete", "accept", "hand_over",
		"return", "withdraw",
	};
	struct resp	 r;
	long long	 id, fp, items[1];
	size_t		 k;

	(void)state;
	id = make_declared("yinan");
	post_ok(cpath(id, "/items"), tok_street("yinan"),
	    "{\"kind\":\"road\",\"condition\":\"poor\",\"selected\":true,"
	    "\"estimate_yuan\":1000.00}", 201);
	assert_int_equal(item_ids(id, items, 1), 1);
	/* Only the declaring organisation (the committee) may withdraw. */
	submit(&r, id, "withdraw", tok_street("yinan"), "街道撤回", 0);
	EXPECT(&r, 403);
	resp_free(&r);
	submit(&r, id, "withdraw", tok_committee("yinan"), "居民不同意改造", 0);
	EXPECT(&r, 202);
	assert_non_null(strstr(r.body, "\"county\""));
	resp_free(&r);
	decide(&r, id, "withdraw", cappr("yinan"), "approve", "同意撤回");
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "stage"), "withdrawn");
	resp_free(&r);
	fp = db_fingerprint();
	for (k = 0; k < sizeof(actions) / sizeof(actions[0]); k++) {
		submit(&r, id, actions[k], tok_committee("yinan"), "再试", 0);
		if (r.status != 409)
			fail_msg("%s after withdrawal: %ld %s", actions[k], r.status, r.body);
		resp_free(&r);
		submit(&r, id, actions[k], tok_street("yinan"), "再试", 0);
		if (r.status != 409)
			fail_msg("%s after withdrawal: %ld %s", actions[k], r.status, r.body);
		resp_free(&r);
	}
	decide(&r, id, "withdraw", cappr("yinan"), "approve", "同意");
	EXPECT(&r, 409);
	resp_free(&r);
	patch(&r, id, tok_street("yinan"), "\"address\":\"撤回后修改\"");
	EXPECT(&r, 409);
	resp_free(&r);
	req(&r, "POST", cpath(id, "/items"), tok_street("yinan"),
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	req(&r, "PATCH", ipath(items[0], ""), tok_street("yinan"),
	    "{\"selected\":false}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	req(&r, "POST", cpath(id, "/funding"), tok_cclerk("yinan"),
	    "{\"source\":\"county\",\"received_yuan\":100.00}", NULL, NULL);
	EXPECT(&r, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	assert_string_equal(stage_of(id), "withdrawn");
}

/* ------------------------------------------------------------------ */
/* 7. Idempotency-Key.                                                  */
/* ------------------------------------------------------------------ */

static void
test_idempotency_replay(void **state)
{
	struct resp	 r1, r2;
	long long	 id, fp, n;
	char		 key[160];
	const char	*h[2] = { key, NULL };
	const char	*body = "{\"kind\":\"lighting\",\"condition\":\"poor\","
	    "\"selected\":true,\"estimate_yuan\":3000.00}";

	(void)state;
	id = make_at("lanling", "declared");
	snprintf(key, sizeof(key), "Idempotency-Key: %s", uniq("idem-item"));
	n = qcount("SELECT count(*) FROM item WHERE community_id = %lld", id);
	req(&r1, "POST", cpath(id, "/items"), tok_street("lanling"), body, NULL, h);
	EXPECT(&r1, 201);
	assert_int_equal(qcount("SELECT count(*) FROM item WHERE community_id = %lld", id),
	    n + 1);
	fp = db_fingerprint();
	req(&r2, "POST", cpath(id, "/items"), tok_street("lanling"), body, NULL, h);
	EXPECT(&r2, 201);
	assert_string_equal(r2.body, r1.body);
	assert_int_equal(jint(&r2, "id"), jint(&r1, "id"));
	resp_free(&r2);
	/* A third time, still the same. */
	req(&r2, "POST", cpath(id, "/items"), tok_street("lanling"), body, NULL, h);
	EXPECT(&r2, 201);
	assert_string_equal(r2.body, r1.body);
	resp_free(&r2);
	resp_free(&r1);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(qcount("SELECT count(*) FROM item WHERE community_id = %lld", id),
	    n + 1);
}

static void
test_idempotency_different_body_422(void **state)
{
	struct resp	 r;
	long long	 id, other, fp;
	char		 key[160];
	const char	*h[2] = { key, NULL };

	(void)state;
	id = make_at("yishui", "declared");
	other = make_at("yishui", "declared");
	snprintf(key, sizeof(key), "Idempotency-Key: %s", uniq("idem-diff"));
	req(&r, "POST", cpath(id, "/items"), tok_street("yishui"),
	    "{\"kind\":\"mailbox\",\"condition\":\"poor\"}", NULL, h);
	EXPECT(&r, 201);
	resp_free(&r);
	fp = db_fingerprint();
	req(&r, "POST", cpath(id, "/items"), tok_street("yishui"),
	    "{\"kind\":\"mailbox\",\"condition\":\"missing\"}", NULL, h);
	EXPECT(&r, 422);
	assert_string_equal(jerr(&r), "invalid");
	resp_free(&r);
	/* The same body on another community is another request too. */
	req(&r, "POST", cpath(other, "/items"), tok_street("yishui"),
	    "{\"kind\":\"mailbox\",\"condition\":\"poor\"}", NULL, h);
	EXPECT(&r, 422);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_idempotency_other_user_independent(void **state)
{
	struct resp	 r1, r2;
	long long	 id, n;
	char		 key[160];
	const char	*h[2] = { key, NULL };
	const char	*body = "{\"kind\":\"bike_shed\",\"condition\":\"missing\"}";

	(void)state;
	id = make_at("pingyi", "declared");
	snprintf(key, sizeof(key), "Idempotency-Key: %s", uniq("idem-user"));
	n = qcount("SELECT count(*) FROM item WHERE community_id = %lld", id);
	req(&r1, "POST", cpath(id, "/items"), tok_street("pingyi"), body, NULL, h);
	EXPECT(&r1, 201);
	req(&r2, "POST", cpath(id, "/items"), tok_cclerk("pingyi"), body, NULL, h);
	EXPECT(&r2, 201);
	assert_true(jint(&r2, "id") != jint(&r1, "id"));
	resp_free(&r1);
	resp_free(&r2);
	assert_int_equal(qcount("SELECT count(*) FROM item WHERE community_id = %lld", id),
	    n + 2);
}

static void
test_idempotency_funding(void **state)
{
	struct resp	 r1, r2;
	long long	 id, fp;
	char		 key[160];
	const char	*h[2] = { key, NULL };
	const char	*body = "{\"source\":\"city\",\"planned_yuan\":12345.67,"
	    "\"note\":\"市级奖补\"}";

	(void)state;
	id = make_at("feixian", "surveyed");
	snprintf(key, sizeof(key), "Idempotency-Key: %s", uniq("idem-fund"));
	req(&r1, "POST", cpath(id, "/funding"), tok_cclerk("feixian"), body, NULL, h);
	EXPECT(&r1, 201);
	fp = db_fingerprint();
	req(&r2, "POST", cpath(id, "/funding"), tok_cclerk("feixian"), body, NULL, h);
	EXPECT(&r2, 201);
	assert_string_equal(r2.body, r1.body);
	resp_free(&r1);
	resp_free(&r2);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(qcount("SELECT count(*) FROM funding WHERE community_id = %lld",
	    id), 1);
}

/* ------------------------------------------------------------------ */
/* 8. A worker killed with SIGKILL.                                     */
/* ------------------------------------------------------------------ */

static void
test_worker_sigkill_replaced(void **state)
{
	struct resp	 r;
	pid_t		 master, kids[128], after[128], victim;
	int		 n, m = 0, i, j, tries, gone;
	long long	 id;

	(void)state;
	if ((master = proc_master()) == 0)
		fail_msg("JIUGAI_PIDFILE is not set, cannot be read or holds no pid");
	assert_true(master > 1);
	n = proc_children(master, kids, 128);
	assert_true(n >= 1);
	victim = kids[0];
	assert_int_equal(kill(victim, SIGKILL), 0);
	/* Wait (at most 10 s) until the master has as many workers again. */
	for (tries = 0; tries < 100; tries++) {
		m = proc_children(master, after, 128);
		for (gone = 1, j = 0; j < m; j++)
			if (after[j] == victim)
				gone = 0;
		if (gone && m == n)
			break;
		usleep(100000);
	}
	if (m != n)
		fail_msg("master %d had %d workers, has %d after SIGKILL of %d",
		    (int)master, n, m, (int)victim);
	for (j = 0; j < m; j++)
		assert_true(after[j] != victim);
	for (i = 0; i < 10; i++) {
		req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL);
		EXPECT(&r, 200);
		resp_free(&r);
	}
	for (i = 0; i < 4; i++) {
		req(&r, "GET", "/api/v1/me", tok_viewer(), NULL, NULL, NULL);
		EXPECT(&r, 200);
		assert_string_equal(jstr(&r, "sub"), "t-viewer");
		resp_free(&r);
	}
	id = make_declared("linshu");
	assert_true(id > 0);
	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	post_ok(cpath(id, "/items"), tok_street("linshu"),
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", 201);
}

/* ------------------------------------------------------------------ */
/* 9. Health, readiness, metrics.                                       */
/* ------------------------------------------------------------------ */

static void
test_healthz_readyz(void **state)
{
	struct resp	 r;

	(void)state;
	req(&r, "GET", "/healthz", NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_non_null(r.json);
	assert_string_equal(jstr(&r, "status"), "ok");
	assert_non_null(strstr(r.ctype, "application/json"));
	resp_free(&r);
	req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_non_null(r.json);
	resp_free(&r);
}

static void
test_metrics(void **state)
{
	struct resp	 r;

	(void)state;
	/* Make sure there is something to count. */
	req(&r, "GET", "/healthz", NULL, NULL, NULL, NULL);
	resp_free(&r);
	req(&r, "GET", "/metrics", NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_non_null(strstr(r.ctype, "text/plain"));
	assert_non_null(strstr(r.body, "# TYPE jiugai_requests_total counter"));
	assert_non_null(strstr(r.body, "jiugai_requests_total{route=\"healthz\",status=\"200\"}"));
	assert_non_null(strstr(r.body, "# TYPE jiugai_request_duration_seconds histogram"));
	assert_non_null(strstr(r.body, "jiugai_request_duration_seconds_bucket{le=\"+Inf\"}"));
	assert_non_null(strstr(r.body, "jiugai_request_duration_seconds_count"));
	assert_non_null(strstr(r.body, "jiugai_db_errors_total"));
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale_patch_expected_version),
		cmocka_unit_test(test_stale_patch_if_match),
		cmocka_unit_test(test_get_etag_is_version),
		cmocka_unit_test(test_stale_transition),
		cmocka_unit_test(test_stale_approval_and_item_versions),
		cmocka_unit_test(test_transition_without_version_400),
		cmocka_unit_test(test_frozen_while_survey_round_open),
		cmocka_unit_test(test_frozen_funding_while_launch_round_open),
		cmocka_unit_test(test_reject_unfreezes_and_new_round),
		cmocka_unit_test(test_race_approvals_different_subs),
		cmocka_unit_test(test_race_approvals_same_token),
		cmocka_unit_test(test_race_final_approvals),
		cmocka_unit_test(test_race_submissions),
		cmocka_unit_test(test_race_distinct_departments),
		cmocka_unit_test(test_race_idempotency_same_key),
		cmocka_unit_test(test_race_submission_vs_item_create),
		cmocka_unit_test(test_race_submission_vs_item_patch),
		cmocka_unit_test(test_race_submission_vs_funding),
		cmocka_unit_test(test_race_patches),
		cmocka_unit_test(test_second_approval_same_dept_409),
		cmocka_unit_test(test_reject_without_comment_422),
		cmocka_unit_test(test_approval_wrong_action_409),
		cmocka_unit_test(test_approval_no_round_409),
		cmocka_unit_test(test_four_eyes_403),
		cmocka_unit_test(test_guard_survey_recorded),
		cmocka_unit_test(test_guard_eligible_then_exception),
		cmocka_unit_test(test_guard_resident_consent_boundary),
		cmocka_unit_test(test_guard_notice_period),
		cmocka_unit_test(test_guard_funding_covers_estimate),
		cmocka_unit_test(test_guard_items_selected),
		cmocka_unit_test(test_guard_tender_recorded),
		cmocka_unit_test(test_guard_items_done),
		cmocka_unit_test(test_guard_items_signed_off),
		cmocka_unit_test(test_guard_owners_meeting),
		cmocka_unit_test(test_guard_management_arranged),
		cmocka_unit_test(test_guard_reason_given_return),
		cmocka_unit_test(test_guard_reason_given_withdraw),
		cmocka_unit_test(test_guards_all_listed),
		cmocka_unit_test(test_return_goes_back),
		cmocka_unit_test(test_return_from_declared_or_managed_409),
		cmocka_unit_test(test_return_cancels_open_round),
		cmocka_unit_test(test_withdraw_then_everything_409),
		cmocka_unit_test(test_idempotency_replay),
		cmocka_unit_test(test_idempotency_different_body_422),
		cmocka_unit_test(test_idempotency_other_user_independent),
		cmocka_unit_test(test_idempotency_funding),
		cmocka_unit_test(test_worker_sigkill_replaced),
		cmocka_unit_test(test_healthz_readyz),
		cmocka_unit_test(test_metrics),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	client_done();
	return rc;
}
