/*
 * test_authz.c - who may do what, over HTTP on the real stack.
 *
 * Every expectation below is written by hand from DESIGN.md (§3 workflow
 * table, §4 roles and scope, §8 routes); nothing is derived from the
 * engine's own tables.  Most probes carry a stale expected_version (or a
 * stale If-Match), so that an authorized caller gets 409 and an
 * unauthorized one 403, and nothing is ever written: db_fingerprint()
 * checks that over each whole matrix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../lib/client.h"

#define NDEPT	21
#define NROLE	4
#define STALE	1000	/* added to the current version: never matches */

static const char *const all_depts[NDEPT] = {
	"drc", "police", "civil", "finance", "planning", "housing",
	"construction", "pricing", "urban", "audit", "sports", "quality",
	"postal", "water", "power", "gas", "heat", "telecom",
	"county", "street", "committee",
};
static const char *const all_roles[NROLE] = {
	"clerk", "approver", "viewer", "admin",
};

/* DESIGN §8: item kinds and the department that signs each off. */
static const struct {
	const char	*kind;
	const char	*dept;
} kind_dept[] = {
	{ "cctv", "police" }, { "fire_lane", "police" }, { "hydrant", "police" },
	{ "fitness", "sports" }, { "lift", "quality" }, { "courier", "postal" },
	{ "water", "water" }, { "drainage", "water" }, { "power", "power" },
	{ "telecom", "telecom" }, { "heating", "heat" }, { "gas", "gas" },
	{ "anti_theft_door", "construction" }, { "guard_room", "construction" },
	{ "bike_shed", "construction" }, { "garbage_chute", "construction" },
	{ "closed_bins", "construction" }, { "clutter", "construction" },
	{ "road", "construction" }, { "greening", "construction" },
	{ "mailbox", "construction" }, { "notice_board", "construction" },
	{ "parking", "construction" }, { "lighting", "construction" },
	{ "stair_repair", "construction" }, { "stair_paint", "construction" },
	{ "facade", "construction" }, { "property_room", "construction" },
	{ "energy_retrofit", "construction" }, { "other", "construction" },
};
#define NKIND	(sizeof(kind_dept) / sizeof(kind_dept[0]))

static int
is_scoped(const char *dept)
{
	return strcmp(dept, "county") == 0 || strcmp(dept, "street") == 0 ||
	    strcmp(dept, "committee") == 0;
}

/* A token for dept/role; scoped organisations belong to county. */
static const char *
who(const char *dept, const char *role, const char *county)
{
	char	 sub[96];

	snprintf(sub, sizeof(sub), "az-%s-%s", dept, role);
	return tok(sub, dept, is_scoped(dept) ? county : NULL, role);
}

/* Is "dept/role" in the NULL-terminated list? */
static int
listed(const char *const *allow, const char *dept, const char *role)
{
	char	 k[64];

	snprintf(k, sizeof(k), "%s/%s", dept, role);
	for (; allow != NULL && *allow != NULL; allow++)
		if (strcmp(*allow, k) == 0)
			return 1;
	return 0;
}

static const char *
code_for(long status)
{
	switch (status) {
	case 400: return "bad_request";
	case 401: return "unauthorized";
	case 403: return "forbidden";
	case 404: return "not_found";
	case 409: return "conflict";
	case 422: return "guard_failed";
	default:  return NULL;
	}
}

/* One request with a check of status and error code; prints a mismatch. */
static int
probe(const char *what, const char *actor, const char *method, const char *path,
    const char *token, const char *body, const char *const *extra, long want)
{
	struct resp	 r;
	const char	*code = code_for(want);
	long		 st;
	int		 bad = 0;

	st = req(&r, method, path, token, body, NULL, extra);
	if (st != want || (code != NULL && want >= 400 &&
	    strcmp(jerr(&r), code) != 0)) {
		fprintf(stderr, "# MISMATCH %s: %s %s as %s: want %ld %s, got %ld %s",
		    what, method, path, actor, want, code ? code : "", st,
		    r.body != NULL ? r.body : "(no body)\n");
		if (r.body == NULL || r.len == 0 || r.body[r.len - 1] != '\n')
			fprintf(stderr, "\n");
		bad = 1;
	}
	resp_free(&r);
	return bad;
}

/*
 * Send the request as every department x role (scoped ones of county):
 * the listed ones must get want, every other 403.  Returns the number of
 * mismatches (each printed).
 */
static int
matrix(const char *what, const char *method, const char *path,
    const char *body, const char *const *extra, const char *county,
    const char *const *allow, long want)
{
	char	 actor[64];
	int	 d, k, bad = 0, hits = 0;

	for (d = 0; d < NDEPT; d++)
		for (k = 0; k < NROLE; k++) {
			int ok = listed(allow, all_depts[d], all_roles[k]);

			hits += ok;
			snprintf(actor, sizeof(actor), "%s/%s", all_depts[d],
			    all_roles[k]);
			bad += probe(what, actor, method, path,
			    who(all_depts[d], all_roles[k], county), body, extra,
			    ok ? want : 403);
		}
	/* Every listed pair is a real department and role. */
	for (; allow != NULL && *allow != NULL; allow++)
		hits--;
	assert_int_equal(hits, 0);
	return bad;
}

/* POST/PATCH that must answer want; returns the "id" of the answer. */
static long long
must(const char *method, const char *path, const char *token,
    const char *body, long want)
{
	struct resp	 r;
	long long	 id;

	req(&r, method, path, token, body, NULL, NULL);
	if (r.status != want)
		fprintf(stderr, "# setup %s %s: want %ld, got %ld %s\n", method,
		    path, want, r.status, r.body ? r.body : "");
	assert_int_equal(r.status, want);
	id = jint(&r, "id");
	resp_free(&r);
	return id;
}

/* PATCH fields (a JSON fragment) with the current version. */
static void
patch_now(long long id, const char *token, const char *fields)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    version_of(id));
	must("PATCH", cpath(id, ""), token, body, 200);
}

/* The id of the first item of kind in community id (0 when none). */
static long long
item_of(long long id, const char *kind)
{
	struct resp		 r;
	struct json_object	*arr, *it, *v;
	long long		 found = 0;
	size_t			 i;

	req(&r, "GET", cpath(id, ""), tok("az-reader", "audit", NULL, "viewer"),
	    NULL, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_true(json_object_object_get_ex(r.json, "items", &arr));
	for (i = 0; i < json_object_array_length(arr) && found == 0; i++) {
		it = json_object_array_get_idx(arr, i);
		if (json_object_object_get_ex(it, "kind", &v) &&
		    strcmp(json_object_get_string(v), kind) == 0 &&
		    json_object_object_get_ex(it, "id", &v))
			found = json_object_get_int64(v);
	}
	resp_free(&r);
	return found;
}

/* A community declared by the given token, named name, in county. */
static long long
declare_as(const char *token, const char *county, const char *name)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"county\":\"%s\","
	    "\"street\":\"授权街道\",\"committee\":\"授权社区\",\"address\":\"授权路2号\","
	    "\"built_year\":1990,\"buildings\":4,\"households\":120,"
	    "\"floor_area_m2\":8000.00,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false}",
	    name, county);
	return must("POST", "/api/v1/communities", token, body, 201);
}

static const char *
days_ago(int n)
{
	static char	 buf[16];
	time_t		 t = time(NULL) - (time_t)n * 86400;
	struct tm	 tm;

	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return buf;
}

/* At surveyed: the plan data the launch guards need, funding planned. */
static void
prepare_launch(long long id, const char *county, long planned)
{
	const char	*cclerk = tok("az-prep-county", "county", county, "clerk");
	char		 f[256];

	snprintf(f, sizeof(f), "\"consent_households\":200,"
	    "\"notice_posted_on\":\"%s\",\"batch\":\"2017\"", days_ago(20));
	patch_now(id, cclerk, f);
	snprintf(f, sizeof(f), "{\"source\":\"province\",\"planned_yuan\":%ld.00}",
	    planned);
	must("POST", cpath(id, "/funding"), cclerk, f, 201);
}

/* Submit action as token with the current version: the round (202). */
static void
submit(long long id, const char *action, const char *token)
{
	char	 body[256];

	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"expected_version\":%d,"
	    "\"comment\":\"提交会签\"}", action, version_of(id));
	must("POST", cpath(id, "/transitions"), token, body, 202);
}

/* Does the list answer hold community id?  How many items has it? */
static int
list_has(const struct resp *r, long long id, size_t *count)
{
	struct json_object	*arr, *it, *v;
	size_t			 i;
	int			 found = 0;

	if (count != NULL)
		*count = 0;
	if (r->json == NULL || !json_object_object_get_ex(r->json, "items", &arr))
		return 0;
	if (count != NULL)
		*count = json_object_array_length(arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		it = json_object_array_get_idx(arr, i);
		if (json_object_object_get_ex(it, "id", &v) &&
		    json_object_get_int64(v) == id)
			found = 1;
	}
	return found;
}

/* Every item of the list answer is in county. */
static int
list_all_in(const struct resp *r, const char *county)
{
	struct json_object	*arr, *it, *v;
	size_t			 i;

	if (r->json == NULL || !json_object_object_get_ex(r->json, "items", &arr))
		return 0;
	for (i = 0; i < json_object_array_length(arr); i++) {
		it = json_object_array_get_idx(arr, i);
		if (!json_object_object_get_ex(it, "county", &v) ||
		    strcmp(json_object_get_string(v), county) != 0)
			return 0;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* 1. Transitions: every action x department x role.                   */
/* ------------------------------------------------------------------ */

/*
 * A fresh community of county at stage (with one more item of kind
 * extra_kind, selected or not, unless NULL): action by every dept x role,
 * with a stale version.
 */
static void
transition_matrix(const char *action, const char *stage, const char *county,
    const char *const *allow, const char *extra_kind, int extra_selected)
{
	long long	 id = make_at(county, stage), fp;
	char		 body[256];
	int		 v, bad;

	if (extra_kind != NULL) {
		snprintf(body, sizeof(body), "{\"kind\":\"%s\",\"condition\":"
		    "\"missing\",\"selected\":%s,\"estimate_yuan\":50000.00}",
		    extra_kind, extra_selected ? "true" : "false");
		must("POST", cpath(id, "/items"), tok("az-prep-street", "street",
		    county, "clerk"), body, 201);
	}
	v = version_of(id);
	assert_true(v > 0);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"expected_version\":%d,"
	    "\"comment\":\"权限矩阵\"}", action, v + STALE);
	fp = db_fingerprint();
	bad = matrix(action, "POST", cpath(id, "/transitions"), body, NULL,
	    county, allow, 409);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(version_of(id), v);
	assert_int_equal(bad, 0);
}

static void
test_survey_by_street_clerk_only(void **state)
{
	static const char *const allow[] = { "street/clerk", NULL };

	(void)state;
	transition_matrix("survey", "declared", "lanshan", allow, NULL, 0);
}

static void
test_launch_by_county_clerk_only(void **state)
{
	static const char *const allow[] = { "county/clerk", NULL };

	(void)state;
	transition_matrix("launch", "surveyed", "luozhuang", allow, NULL, 0);
}

static void
test_complete_by_construction_clerk_only(void **state)
{
	static const char *const allow[] = { "construction/clerk", NULL };

	(void)state;
	transition_matrix("complete", "piloted", "hedong", allow, NULL, 0);
}

static void
test_accept_by_construction_clerk_only(void **state)
{
	static const char *const allow[] = { "construction/clerk", NULL };

	(void)state;
	transition_matrix("accept", "renovated", "tancheng", allow, NULL, 0);
}

static void
test_hand_over_by_housing_clerk_only(void **state)
{
	static const char *const allow[] = { "housing/clerk", NULL };

	(void)state;
	transition_matrix("hand_over", "accepted", "lanling", allow, NULL, 0);
}

/*
 * return: approvers of the departments that countersign the current
 * stage's next action.  From surveyed that is launch: county, drc,
 * finance, and planning only when a selected item needs a permit (DESIGN
 * §3 and §8: "planning when a selected item needs a permit"); a
 * property_room item that is not selected does not count.
 */
static void
test_return_from_surveyed(void **state)
{
	static const char *const allow[] = {
		"county/approver", "drc/approver", "finance/approver", NULL
	};

	(void)state;
	transition_matrix("return", "surveyed", "yishui", allow, "property_room", 0);
}

static void
test_return_from_surveyed_with_permit_item(void **state)
{
	static const char *const allow[] = {
		"county/approver", "drc/approver", "finance/approver",
		"planning/approver", NULL
	};

	(void)state;
	transition_matrix("return", "surveyed", "yishui", allow, "property_room", 1);
}

static void
test_return_from_piloted(void **state)
{
	static const char *const allow[] = { "construction/approver", NULL };

	(void)state;
	transition_matrix("return", "piloted", "yinan", allow, NULL, 0);
}

static void
test_return_from_renovated(void **state)
{
	static const char *const allow[] = {
		"construction/approver", "audit/approver", NULL
	};

	(void)state;
	transition_matrix("return", "renovated", "pingyi", allow, NULL, 0);
}

static void
test_return_from_accepted(void **state)
{
	static const char *const allow[] = {
		"housing/approver", "pricing/approver", NULL
	};

	(void)state;
	transition_matrix("return", "accepted", "feixian", allow, NULL, 0);
}

/* make_declared declares as the community committee. */
static void
test_withdraw_by_declaring_committee(void **state)
{
	static const char *const allow[] = { "committee/clerk", NULL };

	(void)state;
	transition_matrix("withdraw", "declared", "mengyin", allow, NULL, 0);
}

/* Declared by the street office: its clerk withdraws, not the committee. */
static void
test_withdraw_by_declaring_street(void **state)
{
	static const char *const allow[] = { "street/clerk", NULL };
	long long	 id, fp;
	char		 body[256];
	int		 v, bad;

	(void)state;
	id = declare_as(tok("az-decl-street", "street", "junan", "clerk"), "junan",
	    uniq("街道申报"));
	v = version_of(id);
	snprintf(body, sizeof(body), "{\"action\":\"withdraw\",\"expected_version\":%d,"
	    "\"comment\":\"撤回\"}", v + STALE);
	fp = db_fingerprint();
	bad = matrix("withdraw(street)", "POST", cpath(id, "/transitions"), body,
	    NULL, "junan", allow, 409);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

/*
 * declare: committee or street clerk of the county.  An incomplete body
 * fails the required_fields guard (422) after authorization, so nothing
 * is created.
 */
static void
test_declare_by_committee_or_street_clerk(void **state)
{
	static const char *const allow[] = { "committee/clerk", "street/clerk", NULL };
	long long	 fp;
	int		 bad;

	(void)state;
	fp = db_fingerprint();
	bad = matrix("declare", "POST", "/api/v1/communities",
	    "{\"county\":\"linshu\",\"name\":\"不完整的申报\"}", NULL, "linshu",
	    allow, 422);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* 2. Out of county.                                                   */
/* ------------------------------------------------------------------ */

static const char *const scoped_depts[] = { "county", "street", "committee" };

static void
test_out_of_county_transitions(void **state)
{
	static const char *const actions_a[] = { "survey", "withdraw" };
	static const char *const actions_b[] = { "launch", "return" };
	long long	 a = make_at("hedong", "declared");
	long long	 b = make_at("hedong", "surveyed"), fp;
	char		 body[256], actor[64];
	int		 d, k, x, bad = 0;

	(void)state;
	fp = db_fingerprint();
	for (d = 0; d < 3; d++)
		for (k = 0; k < NROLE; k++)
			for (x = 0; x < 2; x++) {
				snprintf(actor, sizeof(actor), "%s/%s@lanling",
				    scoped_depts[d], all_roles[k]);
				/* The right version: only scope stands in the way. */
				snprintf(body, sizeof(body), "{\"action\":\"%s\","
				    "\"expected_version\":%d,\"comment\":\"越权\"}",
				    actions_a[x], version_of(a));
				bad += probe("out-of-county transition", actor, "POST",
				    cpath(a, "/transitions"),
				    who(scoped_depts[d], all_roles[k], "lanling"),
				    body, NULL, 403);
				snprintf(body, sizeof(body), "{\"action\":\"%s\","
				    "\"expected_version\":%d,\"comment\":\"越权\"}",
				    actions_b[x], version_of(b));
				bad += probe("out-of-county transition", actor, "POST",
				    cpath(b, "/transitions"),
				    who(scoped_depts[d], all_roles[k], "lanling"),
				    body, NULL, 403);
			}
	/* Declaring into another county, with a complete body. */
	for (d = 1; d < 3; d++) {
		char decl[1024];

		snprintf(actor, sizeof(actor), "%s/clerk@lanling", scoped_depts[d]);
		snprintf(decl, sizeof(decl), "{\"name\":\"%s\",\"county\":\"hedong\","
		    "\"street\":\"越权街道\",\"committee\":\"越权社区\",\"address\":\"某路\","
		    "\"built_year\":1990,\"buildings\":4,\"households\":120,"
		    "\"floor_area_m2\":8000.00,\"state_land\":true,\"urban_area\":true,"
		    "\"multi_storey\":true,\"structure_intact\":true,"
		    "\"in_other_plan\":false}", uniq("越权申报"));
		bad += probe("out-of-county declare", actor, "POST",
		    "/api/v1/communities", who(scoped_depts[d], "clerk", "lanling"),
		    decl, NULL, 403);
	}
	assert_int_equal(db_fingerprint(), fp);
	/* Control: the same county's approver is authorized (then 422, no reason). */
	snprintf(body, sizeof(body), "{\"action\":\"return\",\"expected_version\":%d,"
	    "\"comment\":\"  \"}", version_of(b));
	bad += probe("in-county control", "county/approver@hedong", "POST",
	    cpath(b, "/transitions"), who("county", "approver", "hedong"), body,
	    NULL, 422);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

static void
test_out_of_county_reads(void **state)
{
	long long	 id = make_at("hedong", "surveyed");
	char		 actor[64];
	int		 d, k, bad = 0;

	(void)state;
	for (d = 0; d < 3; d++)
		for (k = 0; k < NROLE; k++) {
			const char *t = who(scoped_depts[d], all_roles[k], "lanling");

			snprintf(actor, sizeof(actor), "%s/%s@lanling",
			    scoped_depts[d], all_roles[k]);
			bad += probe("out-of-county read", actor, "GET",
			    cpath(id, ""), t, NULL, NULL, 403);
			bad += probe("out-of-county read", actor, "GET",
			    cpath(id, "/events"), t, NULL, NULL, 403);
			/* Same county: both readable. */
			t = who(scoped_depts[d], all_roles[k], "hedong");
			snprintf(actor, sizeof(actor), "%s/%s@hedong",
			    scoped_depts[d], all_roles[k]);
			bad += probe("in-county read", actor, "GET", cpath(id, ""),
			    t, NULL, NULL, 200);
			bad += probe("in-county read", actor, "GET",
			    cpath(id, "/events"), t, NULL, NULL, 200);
		}
	assert_int_equal(bad, 0);
}

/* HEAD is GET without the body (RFC 9110): the same 403, no ETag leak. */
static void
test_out_of_county_head(void **state)
{
	long long	 id = make_at("hedong", "declared");
	struct resp	 r;
	int		 d;

	(void)state;
	for (d = 0; d < 3; d++) {
		req(&r, "HEAD", cpath(id, ""), who(scoped_depts[d], "viewer",
		    "lanling"), NULL, NULL, NULL);
		if (r.status != 403)
			fprintf(stderr, "# MISMATCH HEAD %s as %s/viewer@lanling:"
			    " want 403, got %ld (ETag %s)\n", cpath(id, ""),
			    scoped_depts[d], r.status, r.etag);
		assert_int_equal(r.status, 403);
		assert_string_equal(r.etag, "");
		resp_free(&r);
	}
}

static void
test_out_of_county_patch(void **state)
{
	long long	 a = make_at("hedong", "declared");
	long long	 b = make_at("hedong", "surveyed"), fp;
	char		 body[256], actor[64];
	int		 d, k, bad = 0;

	(void)state;
	fp = db_fingerprint();
	for (d = 0; d < 3; d++)
		for (k = 0; k < NROLE; k++) {
			const char *t = who(scoped_depts[d], all_roles[k], "lanling");

			snprintf(actor, sizeof(actor), "%s/%s@lanling",
			    scoped_depts[d], all_roles[k]);
			snprintf(body, sizeof(body), "{\"name\":\"越权改名\","
			    "\"expected_version\":%d}", version_of(a));
			bad += probe("out-of-county patch", actor, "PATCH",
			    cpath(a, ""), t, body, NULL, 403);
			snprintf(body, sizeof(body), "{\"exception_reason\":\"越权\","
			    "\"expected_version\":%d}", version_of(a));
			bad += probe("out-of-county patch", actor, "PATCH",
			    cpath(a, ""), t, body, NULL, 403);
			snprintf(body, sizeof(body), "{\"consent_households\":100,"
			    "\"expected_version\":%d}", version_of(b));
			bad += probe("out-of-county patch", actor, "PATCH",
			    cpath(b, ""), t, body, NULL, 403);
		}
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

static void
test_out_of_county_items_and_funding(void **state)
{
	long long	 a = make_at("hedong", "declared");
	long long	 b = make_at("hedong", "surveyed"), fp, item;
	char		 body[256], actor[64];
	int		 d, k, bad = 0;

	(void)state;
	item = item_of(a, "road");
	assert_true(item > 0);
	fp = db_fingerprint();
	for (d = 0; d < 3; d++)
		for (k = 0; k < NROLE; k++) {
			const char *t = who(scoped_depts[d], all_roles[k], "lanling");

			snprintf(actor, sizeof(actor), "%s/%s@lanling",
			    scoped_depts[d], all_roles[k]);
			bad += probe("out-of-county item", actor, "POST",
			    cpath(a, "/items"), t, "{\"kind\":\"lift\",\"condition\":"
			    "\"poor\",\"selected\":true,\"estimate_yuan\":1000}",
			    NULL, 403);
			snprintf(body, sizeof(body), "{\"condition\":\"missing\","
			    "\"expected_version\":%d}", version_of(a));
			bad += probe("out-of-county item", actor, "PATCH",
			    ipath(item, ""), t, body, NULL, 403);
			bad += probe("out-of-county funding", actor, "POST",
			    cpath(b, "/funding"), t,
			    "{\"source\":\"county\",\"planned_yuan\":5000}", NULL, 403);
		}
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

static void
test_out_of_county_approvals(void **state)
{
	long long	 id = make_at("hedong", "declared"), fp;
	int		 bad = 0;

	(void)state;
	submit(id, "survey", tok("az-ooc-street", "street", "hedong", "clerk"));
	fp = db_fingerprint();
	/* No expected_version: only scope stands in the way. */
	bad += probe("out-of-county approval", "county/approver@lanling", "POST",
	    cpath(id, "/approvals"), who("county", "approver", "lanling"),
	    "{\"action\":\"survey\",\"decision\":\"approve\",\"comment\":\"越权\"}",
	    NULL, 403);
	bad += probe("out-of-county approval", "county/approver@lanling", "POST",
	    cpath(id, "/approvals"), who("county", "approver", "lanling"),
	    "{\"action\":\"survey\",\"decision\":\"reject\",\"comment\":\"越权\"}",
	    NULL, 403);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

static void
test_list_scope_of_scoped_users(void **state)
{
	const char	*mark = uniq("AZLIST");
	char		 name[128], path[256];
	struct resp	 r;
	long long	 here, there;
	size_t		 n;
	int		 d, k;

	(void)state;
	snprintf(name, sizeof(name), "%s甲", mark);
	here = declare_as(tok("az-l-c1", "committee", "hedong", "clerk"), "hedong", name);
	snprintf(name, sizeof(name), "%s乙", mark);
	there = declare_as(tok("az-l-c2", "committee", "lanling", "clerk"), "lanling", name);
	for (d = 0; d < 3; d++)
		for (k = 0; k < NROLE; k++) {
			const char *t = who(scoped_depts[d], all_roles[k], "hedong");

			/* Another county, named: refused. */
			assert_int_equal(req(&r, "GET",
			    "/api/v1/communities?county=lanling", t, NULL, NULL,
			    NULL), 403);
			assert_string_equal(jerr(&r), "forbidden");
			resp_free(&r);
			/* Own county, named: allowed. */
			snprintf(path, sizeof(path),
			    "/api/v1/communities?county=hedong&q=%s", mark);
			assert_int_equal(req(&r, "GET", path, t, NULL, NULL, NULL), 200);
			assert_true(list_has(&r, here, &n));
			assert_int_equal(n, 1);
			resp_free(&r);
			/* No county: own county only. */
			snprintf(path, sizeof(path), "/api/v1/communities?q=%s", mark);
			assert_int_equal(req(&r, "GET", path, t, NULL, NULL, NULL), 200);
			assert_true(list_has(&r, here, &n));
			assert_false(list_has(&r, there, NULL));
			assert_int_equal(n, 1);
			resp_free(&r);
			assert_int_equal(req(&r, "GET", "/api/v1/communities?limit=200",
			    t, NULL, NULL, NULL), 200);
			assert_true(list_all_in(&r, "hedong"));
			resp_free(&r);
		}
}

static void
test_city_departments_see_every_county(void **state)
{
	const char	*mark = uniq("AZCITY");
	char		 name[128], path[256];
	struct resp	 r;
	long long	 a, b;
	size_t		 n;
	int		 d;

	(void)state;
	snprintf(name, sizeof(name), "%s甲", mark);
	a = declare_as(tok("az-c-c1", "committee", "gaoxin", "clerk"), "gaoxin", name);
	snprintf(name, sizeof(name), "%s乙", mark);
	b = declare_as(tok("az-c-c2", "committee", "lingang", "clerk"), "lingang", name);
	for (d = 0; d < NDEPT; d++) {
		const char *t;

		if (is_scoped(all_depts[d]))
			continue;
		t = who(all_depts[d], "viewer", NULL);
		snprintf(path, sizeof(path), "/api/v1/communities?q=%s", mark);
		assert_int_equal(req(&r, "GET", path, t, NULL, NULL, NULL), 200);
		assert_true(list_has(&r, a, &n));
		assert_true(list_has(&r, b, NULL));
		assert_int_equal(n, 2);
		resp_free(&r);
		snprintf(path, sizeof(path), "/api/v1/communities?county=lingang&q=%s",
		    mark);
		assert_int_equal(req(&r, "GET", path, t, NULL, NULL, NULL), 200);
		assert_true(list_has(&r, b, &n));
		assert_int_equal(n, 1);
		resp_free(&r);
		assert_int_equal(req(&r, "GET", cpath(a, ""), t, NULL, NULL, NULL), 200);
		resp_free(&r);
		assert_int_equal(req(&r, "GET", cpath(b, "/events"), t, NULL, NULL,
		    NULL), 200);
		resp_free(&r);
	}
}

/* ------------------------------------------------------------------ */
/* 3. Approvals.                                                       */
/* ------------------------------------------------------------------ */

/*
 * With the round of action open on id: every dept x role approves (and
 * rejects) with a stale expected_version; the listed get 409, the rest 403.
 */
static void
approval_matrix(long long id, const char *action, const char *county,
    const char *const *allow)
{
	char		 body[256];
	long long	 fp;
	int		 v = version_of(id), bad;

	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"approve\","
	    "\"comment\":\"同意\",\"expected_version\":%d}", action, v + STALE);
	fp = db_fingerprint();
	bad = matrix("approve", "POST", cpath(id, "/approvals"), body, NULL, county,
	    allow, 409);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"reject\","
	    "\"comment\":\"不同意\",\"expected_version\":%d}", action, v + STALE);
	bad += matrix("reject", "POST", cpath(id, "/approvals"), body, NULL, county,
	    allow, 409);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(version_of(id), v);
	assert_int_equal(bad, 0);
}

/* The submitter's own sub, as an approver of a countersigning department. */
static void
four_eyes(long long id, const char *action, const char *sub, const char *dept,
    const char *county)
{
	char		 body[256];
	long long	 fp = db_fingerprint();
	int		 bad = 0;

	/* Stale version: still 403, the identity is checked first. */
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"approve\","
	    "\"comment\":\"自己批\",\"expected_version\":%d}", action,
	    version_of(id) + STALE);
	bad += probe("four eyes", sub, "POST", cpath(id, "/approvals"),
	    tok(sub, dept, is_scoped(dept) ? county : NULL, "approver"), body,
	    NULL, 403);
	/* Current version, and a token holding both roles. */
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"approve\","
	    "\"comment\":\"自己批\",\"expected_version\":%d}", action, version_of(id));
	bad += probe("four eyes", sub, "POST", cpath(id, "/approvals"),
	    tok(sub, dept, is_scoped(dept) ? county : NULL, "clerk,approver"), body,
	    NULL, 403);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

static void
test_approvals_survey_round(void **state)
{
	static const char *const allow[] = {
		"county/approver", "housing/approver", NULL
	};
	long long	 id = make_at("yishui", "declared");

	(void)state;
	submit(id, "survey", tok("az-sub-survey", "street", "yishui", "clerk"));
	approval_matrix(id, "survey", "yishui", allow);
	/* The street submitter holding the approver role: still not its round. */
	four_eyes(id, "survey", "az-sub-survey", "street", "yishui");
}

/* Housing has approved: only the county is still missed. */
static void
test_approvals_after_one_department_approved(void **state)
{
	static const char *const allow[] = {
		"county/approver", "housing/approver", NULL
	};
	long long	 id = make_at("yinan", "declared");
	struct resp	 r;
	char		 body[256];
	long long	 fp;
	int		 bad;

	(void)state;
	submit(id, "survey", tok("az-sub-partial", "street", "yinan", "clerk"));
	must("POST", cpath(id, "/approvals"),
	    tok("az-real-housing", "housing", NULL, "approver"),
	    "{\"action\":\"survey\",\"decision\":\"approve\",\"comment\":\"同意\"}",
	    200);
	/* Housing again, as another person, current version: already decided. */
	fp = db_fingerprint();
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"approve\","
	    "\"comment\":\"再批\",\"expected_version\":%d}", version_of(id));
	req(&r, "POST", cpath(id, "/approvals"),
	    tok("az-real-housing-2", "housing", NULL, "approver"), body, NULL, NULL);
	assert_int_equal(r.status, 409);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	/* Stale: county authorized (409), housing 409 (decided), others 403. */
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"approve\","
	    "\"comment\":\"同意\",\"expected_version\":%d}", version_of(id) + STALE);
	bad = matrix("approve(partial)", "POST", cpath(id, "/approvals"), body, NULL,
	    "yinan", allow, 409);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

static void
test_approvals_launch_round_without_permit(void **state)
{
	static const char *const allow[] = {
		"county/approver", "drc/approver", "finance/approver", NULL
	};
	long long	 id = make_at("pingyi", "surveyed");

	(void)state;
	/* A permit item that is surveyed but not selected: no planning. */
	must("POST", cpath(id, "/items"), tok("az-prep-street", "street", "pingyi",
	    "clerk"), "{\"kind\":\"property_room\",\"condition\":\"good\","
	    "\"selected\":false}", 201);
	prepare_launch(id, "pingyi", 300000);
	submit(id, "launch", tok("az-sub-launch", "county", "pingyi", "clerk"));
	approval_matrix(id, "launch", "pingyi", allow);
	four_eyes(id, "launch", "az-sub-launch", "county", "pingyi");
}

static void
test_approvals_launch_round_with_permit(void **state)
{
	static const char *const allow[] = {
		"county/approver", "drc/approver", "finance/approver",
		"planning/approver", NULL
	};
	long long	 id = make_at("feixian", "surveyed");

	(void)state;
	must("POST", cpath(id, "/items"), tok("az-prep-street", "street", "feixian",
	    "clerk"), "{\"kind\":\"property_room\",\"condition\":\"missing\","
	    "\"selected\":true,\"estimate_yuan\":50000.00}", 201);
	prepare_launch(id, "feixian", 350000);
	submit(id, "launch", tok("az-sub-launch-p", "county", "feixian", "clerk"));
	approval_matrix(id, "launch", "feixian", allow);
	four_eyes(id, "launch", "az-sub-launch-p", "county", "feixian");
}

static void
test_approvals_complete_round(void **state)
{
	static const char *const allow[] = { "construction/approver", NULL };
	static const char *const used[] = { "cctv", "road", "fitness" };
	const char	*build = tok("az-prep-build", "construction", NULL, "clerk");
	long long	 id = make_at("mengyin", "piloted");
	size_t		 k;

	(void)state;
	patch_now(id, build, "\"contractor\":\"授权建设\",\"supervisor\":\"授权监理\","
	    "\"tender_awarded_on\":\"2016-04-20\",\"site_manager\":\"李工\"");
	for (k = 0; k < 3; k++)
		must("POST", ipath(item_of(id, used[k]), "/done"), build, NULL, 200);
	submit(id, "complete", tok("az-sub-complete", "construction", NULL, "clerk"));
	approval_matrix(id, "complete", "mengyin", allow);
	four_eyes(id, "complete", "az-sub-complete", "construction", "mengyin");
}

static void
test_approvals_accept_round(void **state)
{
	static const char *const allow[] = {
		"construction/approver", "audit/approver", NULL
	};
	static const char *const used[][2] = {
		{ "cctv", "police" }, { "road", "construction" }, { "fitness", "sports" }
	};
	long long	 id = make_at("junan", "renovated");
	size_t		 k;

	(void)state;
	for (k = 0; k < 3; k++)
		must("POST", ipath(item_of(id, used[k][0]), "/signoff"),
		    tok("az-prep-signer", used[k][1], NULL, "approver"),
		    "{\"decision\":\"approve\",\"comment\":\"合格\"}", 200);
	submit(id, "accept", tok("az-sub-accept", "construction", NULL, "clerk"));
	approval_matrix(id, "accept", "junan", allow);
	four_eyes(id, "accept", "az-sub-accept", "construction", "junan");
}

static void
test_approvals_hand_over_round(void **state)
{
	static const char *const allow[] = {
		"housing/approver", "pricing/approver", NULL
	};
	long long	 id = make_at("linshu", "accepted");

	(void)state;
	patch_now(id, tok("az-prep-housing", "housing", NULL, "clerk"),
	    "\"owners_meeting_on\":\"2016-07-10\",\"mode\":\"community\","
	    "\"managing_committee\":\"托底小组\"");
	submit(id, "hand_over", tok("az-sub-hand", "housing", NULL, "clerk"));
	approval_matrix(id, "hand_over", "linshu", allow);
	four_eyes(id, "hand_over", "az-sub-hand", "housing", "linshu");
}

static void
test_approvals_withdraw_round(void **state)
{
	static const char *const allow[] = { "county/approver", NULL };
	long long	 id = make_at("jingkai", "declared");

	(void)state;
	submit(id, "withdraw", tok("az-sub-withdraw", "committee", "jingkai", "clerk"));
	approval_matrix(id, "withdraw", "jingkai", allow);
}

/* ------------------------------------------------------------------ */
/* 4. Editing the stage data.                                          */
/* ------------------------------------------------------------------ */

static void
edit_matrix(const char *stage, const char *county, const char *fields,
    const char *const *allow, const char *check_field, const char *check_value)
{
	long long	 id = make_at(county, stage), fp;
	char		 body[1024];
	struct resp	 r;
	int		 v = version_of(id), bad;
	const char	*dept;
	char		 d[32];

	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    v + STALE);
	fp = db_fingerprint();
	bad = matrix(stage, "PATCH", cpath(id, ""), body, NULL, county, allow, 409);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
	/* The first allowed clerk, with the right version, really edits. */
	snprintf(d, sizeof(d), "%s", allow[0]);
	*strchr(d, '/') = '\0';
	dept = d;
	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields, v);
	req(&r, "PATCH", cpath(id, ""), who(dept, "clerk", county), body, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(jstr(&r, check_field));
	assert_string_equal(jstr(&r, check_field), check_value);
	assert_int_equal(jint(&r, "version"), v + 1);
	resp_free(&r);
}

static void
test_edit_declared_fields_by_street_clerk(void **state)
{
	static const char *const allow[] = { "street/clerk", NULL };

	(void)state;
	edit_matrix("declared", "lanshan", "\"name\":\"改名小区\",\"households\":250",
	    allow, "name", "改名小区");
}

static void
test_edit_exception_reason_by_county_clerk(void **state)
{
	static const char *const allow[] = { "county/clerk", NULL };

	(void)state;
	edit_matrix("declared", "luozhuang", "\"exception_reason\":\"县政府研究同意\"",
	    allow, "exception_reason", "县政府研究同意");
}

static void
test_edit_surveyed_fields_by_county_clerk(void **state)
{
	static const char *const allow[] = { "county/clerk", NULL };

	(void)state;
	edit_matrix("surveyed", "hedong", "\"consent_households\":210,"
	    "\"batch\":\"2018\"", allow, "batch", "2018");
}

static void
test_edit_piloted_fields_by_construction_clerk(void **state)
{
	static const char *const allow[] = { "construction/clerk", NULL };

	(void)state;
	edit_matrix("piloted", "tancheng", "\"contractor\":\"某建设公司\","
	    "\"site_manager\":\"王工\"", allow, "contractor", "某建设公司");
}

static void
test_edit_accepted_fields_by_housing_clerk(void **state)
{
	static const char *const allow[] = { "housing/clerk", NULL };

	(void)state;
	edit_matrix("accepted", "lanling", "\"owners_meeting_on\":\"2016-08-01\","
	    "\"mode\":\"community\",\"managing_committee\":\"业委会\"", allow,
	    "managing_committee", "业委会");
}

/* One forbidden field makes the whole PATCH 403, and nothing changes. */
static void
test_edit_mixed_fields_forbidden(void **state)
{
	long long	 id = make_at("yishui", "declared"), fp;
	char		 body[512];
	int		 bad = 0;

	(void)state;
	fp = db_fingerprint();
	snprintf(body, sizeof(body), "{\"name\":\"混合\",\"exception_reason\":\"街道不能写\","
	    "\"expected_version\":%d}", version_of(id));
	bad += probe("mixed patch", "street/clerk", "PATCH", cpath(id, ""),
	    who("street", "clerk", "yishui"), body, NULL, 403);
	bad += probe("mixed patch", "county/clerk", "PATCH", cpath(id, ""),
	    who("county", "clerk", "yishui"), body, NULL, 403);
	/* A later stage's field, by whoever: still the editor decides. */
	snprintf(body, sizeof(body), "{\"contractor\":\"抢先\",\"expected_version\":%d}",
	    version_of(id));
	bad += probe("later field", "street/clerk", "PATCH", cpath(id, ""),
	    who("street", "clerk", "yishui"), body, NULL, 403);
	bad += probe("later field", "committee/clerk", "PATCH", cpath(id, ""),
	    who("committee", "clerk", "yishui"), body, NULL, 403);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ */
/* 5. Items and funding.                                               */
/* ------------------------------------------------------------------ */

static void
test_item_create_by_street_or_county_clerk(void **state)
{
	static const char *const allow[] = { "street/clerk", "county/clerk", NULL };
	static const char *const stages_ok[] = { "declared", "surveyed" };
	const char	*body = "{\"kind\":\"lift\",\"condition\":\"poor\","
	    "\"selected\":true,\"estimate_yuan\":1000.00}";
	char		 im[64];
	const char	*extra[] = { im, NULL };
	long long	 id, fp;
	int		 s, bad;

	(void)state;
	for (s = 0; s < 2; s++) {
		id = make_at("tancheng", stages_ok[s]);
		snprintf(im, sizeof(im), "If-Match: \"%d\"", version_of(id) + STALE);
		fp = db_fingerprint();
		bad = matrix("item create", "POST", cpath(id, "/items"), body, extra,
		    "tancheng", allow, 409);
		assert_int_equal(db_fingerprint(), fp);
		assert_int_equal(bad, 0);
		/* Both really may. */
		assert_true(must("POST", cpath(id, "/items"),
		    who("street", "clerk", "tancheng"), body, 201) > 0);
		assert_true(must("POST", cpath(id, "/items"),
		    who("county", "clerk", "tancheng"), body, 201) > 0);
	}
}

static void
test_item_patch_by_street_or_county_clerk(void **state)
{
	static const char *const allow[] = { "street/clerk", "county/clerk", NULL };
	long long	 id = make_at("lanling", "declared"), item, fp;
	char		 body[256];
	int		 bad;

	(void)state;
	item = item_of(id, "fitness");
	assert_true(item > 0);
	snprintf(body, sizeof(body), "{\"condition\":\"missing\",\"expected_version\":%d}",
	    version_of(id) + STALE);
	fp = db_fingerprint();
	bad = matrix("item patch", "PATCH", ipath(item, ""), body, NULL, "lanling",
	    allow, 409);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
	snprintf(body, sizeof(body), "{\"condition\":\"missing\",\"expected_version\":%d}",
	    version_of(id));
	must("PATCH", ipath(item, ""), who("county", "clerk", "lanling"), body, 200);
}

static void
test_item_done_by_construction_clerk(void **state)
{
	static const char *const allow[] = { "construction/clerk", NULL };
	long long	 id = make_at("gaoxin", "piloted"), item, fp;
	struct resp	 r;
	char		 body[128];
	int		 bad;

	(void)state;
	item = item_of(id, "cctv");
	assert_true(item > 0);
	snprintf(body, sizeof(body), "{\"expected_version\":%d}", version_of(id) + STALE);
	fp = db_fingerprint();
	bad = matrix("item done", "POST", ipath(item, "/done"), body, NULL, "gaoxin",
	    allow, 409);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
	assert_int_equal(req(&r, "POST", ipath(item, "/done"),
	    who("construction", "clerk", NULL), NULL, NULL, NULL), 200);
	assert_string_equal(jstr(&r, "status"), "done");
	resp_free(&r);
}

/*
 * A community at renovated with one done item of every kind: each item's
 * sign-off by every dept x role; only the kind's department's approver.
 */
static void
test_item_signoff_by_the_kinds_department(void **state)
{
	const char	*street = tok("az-k-street", "street", "lingang", "clerk");
	const char	*build = tok("az-k-build", "construction", NULL, "clerk");
	long long	 id, items[NKIND], fp;
	char		 body[256], allow_s[48], what[64];
	const char	*allow[2] = { allow_s, NULL };
	struct resp	 r;
	size_t		 k;
	int		 bad = 0;

	(void)state;
	id = make_declared("lingang");
	for (k = 0; k < NKIND; k++) {
		snprintf(body, sizeof(body), "{\"kind\":\"%s\",\"condition\":\"poor\","
		    "\"selected\":true,\"estimate_yuan\":1000.00}", kind_dept[k].kind);
		items[k] = must("POST", cpath(id, "/items"), street, body, 201);
	}
	assert_int_equal(advance(id, "lingang", "survey", street), 200);
	prepare_launch(id, "lingang", (long)NKIND * 1000);
	assert_int_equal(advance(id, "lingang", "launch",
	    tok("az-k-county", "county", "lingang", "clerk")), 200);
	patch_now(id, build, "\"contractor\":\"甲\",\"supervisor\":\"乙\","
	    "\"tender_awarded_on\":\"2016-05-01\",\"site_manager\":\"丙\"");
	for (k = 0; k < NKIND; k++)
		must("POST", ipath(items[k], "/done"), build, NULL, 200);
	assert_int_equal(advance(id, "lingang", "complete", build), 200);

	snprintf(body, sizeof(body), "{\"decision\":\"approve\",\"comment\":\"合格\","
	    "\"expected_version\":%d}", version_of(id) + STALE);
	fp = db_fingerprint();
	for (k = 0; k < NKIND; k++) {
		snprintf(allow_s, sizeof(allow_s), "%s/approver", kind_dept[k].dept);
		snprintf(what, sizeof(what), "signoff %s", kind_dept[k].kind);
		bad += matrix(what, "POST", ipath(items[k], "/signoff"), body, NULL,
		    "lingang", allow, 409);
	}
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
	/* The right department really signs each off. */
	for (k = 0; k < NKIND; k++) {
		req(&r, "POST", ipath(items[k], "/signoff"),
		    who(kind_dept[k].dept, "approver", NULL),
		    "{\"decision\":\"approve\",\"comment\":\"合格\"}", NULL, NULL);
		assert_int_equal(r.status, 200);
		assert_string_equal(jstr(&r, "status"), "signed_off");
		resp_free(&r);
	}
}

/* The catalogue names the same signing department as DESIGN §8. */
static void
test_catalogue_departments_match_design(void **state)
{
	struct resp		 r;
	struct json_object	*arr, *it, *k, *d;
	size_t			 i, j, seen = 0;

	(void)state;
	assert_int_equal(req(&r, "GET", "/api/v1/catalogue",
	    who("civil", "viewer", NULL), NULL, NULL, NULL), 200);
	assert_true(json_object_object_get_ex(r.json, "items", &arr));
	assert_int_equal(json_object_array_length(arr), NKIND);
	for (i = 0; i < json_object_array_length(arr); i++) {
		it = json_object_array_get_idx(arr, i);
		assert_true(json_object_object_get_ex(it, "kind", &k));
		assert_true(json_object_object_get_ex(it, "dept", &d));
		for (j = 0; j < NKIND; j++)
			if (strcmp(kind_dept[j].kind, json_object_get_string(k)) == 0) {
				assert_string_equal(json_object_get_string(d),
				    kind_dept[j].dept);
				seen++;
			}
	}
	assert_int_equal(seen, NKIND);
	resp_free(&r);
}

static void
test_funding_by_county_clerk(void **state)
{
	static const char *const allow[] = { "county/clerk", NULL };
	static const struct {
		const char *stage, *body;
	} cases[] = {
		{ "surveyed", "{\"source\":\"city\",\"planned_yuan\":1000.00}" },
		{ "piloted", "{\"source\":\"city\",\"received_yuan\":1000.00}" },
	};
	char		 im[64];
	const char	*extra[] = { im, NULL };
	long long	 id, fp;
	size_t		 c;
	int		 bad;

	(void)state;
	for (c = 0; c < 2; c++) {
		id = make_at("hedong", cases[c].stage);
		snprintf(im, sizeof(im), "If-Match: \"%d\"", version_of(id) + STALE);
		fp = db_fingerprint();
		bad = matrix("funding", "POST", cpath(id, "/funding"), cases[c].body,
		    extra, "hedong", allow, 409);
		assert_int_equal(db_fingerprint(), fp);
		assert_int_equal(bad, 0);
		assert_true(must("POST", cpath(id, "/funding"),
		    who("county", "clerk", "hedong"), cases[c].body, 201) > 0);
	}
}

/* ------------------------------------------------------------------ */
/* 6. Reading, and no token.                                           */
/* ------------------------------------------------------------------ */

static void
test_every_viewer_may_read(void **state)
{
	static const char *const paths[] = {
		"/api/v1/communities", "/api/v1/workflow", "/api/v1/catalogue",
		"/api/v1/tasks", "/api/v1/me",
	};
	long long	 id = make_at("yinan", "declared");
	char		 actor[64];
	size_t		 p;
	int		 d, bad = 0;

	(void)state;
	for (d = 0; d < NDEPT; d++) {
		const char *t = who(all_depts[d], "viewer", "yinan");

		snprintf(actor, sizeof(actor), "%s/viewer", all_depts[d]);
		for (p = 0; p < sizeof(paths) / sizeof(paths[0]); p++)
			bad += probe("viewer read", actor, "GET", paths[p], t, NULL,
			    NULL, 200);
		bad += probe("viewer read", actor, "GET", cpath(id, ""), t, NULL,
		    NULL, 200);
		bad += probe("viewer read", actor, "GET", cpath(id, "/events"), t,
		    NULL, NULL, 200);
	}
	assert_int_equal(bad, 0);
}

static void
test_me_reports_the_claims(void **state)
{
	struct resp	 r;

	(void)state;
	assert_int_equal(req(&r, "GET", "/api/v1/me",
	    tok("az-me", "street", "lanshan", "clerk,viewer"), NULL, NULL, NULL), 200);
	assert_string_equal(jstr(&r, "sub"), "az-me");
	assert_string_equal(jstr(&r, "dept"), "street");
	assert_string_equal(jstr(&r, "org"), "lanshan");
	assert_non_null(strstr(r.body, "\"clerk\""));
	assert_non_null(strstr(r.body, "\"viewer\""));
	assert_null(strstr(r.body, "\"approver\""));
	resp_free(&r);
}

static void
test_no_token_is_401_everywhere(void **state)
{
	long long	 id = make_at("lanshan", "declared"), item, fp;
	char		 c[64], e[80], t[80], a[80], it[80], f[80], ip[64], dn[80], so[80];
	const struct {
		const char *method, *path, *body;
	} routes[] = {
		{ "GET", "/api/v1/me", NULL },
		{ "GET", "/api/v1/workflow", NULL },
		{ "GET", "/api/v1/catalogue", NULL },
		{ "GET", "/api/v1/tasks", NULL },
		{ "GET", "/api/v1/communities", NULL },
		{ "POST", "/api/v1/communities", "{\"county\":\"lanshan\"}" },
		{ "GET", c, NULL },
		{ "PATCH", c, "{\"name\":\"x\",\"expected_version\":1}" },
		{ "GET", e, NULL },
		{ "POST", t, "{\"action\":\"survey\",\"expected_version\":1}" },
		{ "POST", a, "{\"action\":\"survey\",\"decision\":\"approve\"}" },
		{ "POST", it, "{\"kind\":\"road\"}" },
		{ "POST", f, "{\"source\":\"city\",\"planned_yuan\":1}" },
		{ "PATCH", ip, "{\"condition\":\"good\"}" },
		{ "POST", dn, NULL },
		{ "POST", so, "{\"decision\":\"approve\"}" },
	};
	static const char *const bad_auth[] = {
		NULL, "Authorization: Bearer not.a.token", "Authorization: Basic YTpi",
		"Authorization: Bearer ",
	};
	const char	*extra[2];
	size_t		 i, j;
	int		 bad = 0;

	(void)state;
	item = item_of(id, "road");
	snprintf(c, sizeof(c), "%s", cpath(id, ""));
	snprintf(e, sizeof(e), "%s", cpath(id, "/events"));
	snprintf(t, sizeof(t), "%s", cpath(id, "/transitions"));
	snprintf(a, sizeof(a), "%s", cpath(id, "/approvals"));
	snprintf(it, sizeof(it), "%s", cpath(id, "/items"));
	snprintf(f, sizeof(f), "%s", cpath(id, "/funding"));
	snprintf(ip, sizeof(ip), "%s", ipath(item, ""));
	snprintf(dn, sizeof(dn), "%s", ipath(item, "/done"));
	snprintf(so, sizeof(so), "%s", ipath(item, "/signoff"));
	fp = db_fingerprint();
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		for (j = 0; j < sizeof(bad_auth) / sizeof(bad_auth[0]); j++) {
			extra[0] = bad_auth[j];
			extra[1] = NULL;
			bad += probe("no token", bad_auth[j] ? bad_auth[j] : "(none)",
			    routes[i].method, routes[i].path, NULL, routes[i].body,
			    extra, 401);
		}
	assert_int_equal(db_fingerprint(), fp);
	/* The public probes need none. */
	bad += probe("public", "(none)", "GET", "/healthz", NULL, NULL, NULL, 200);
	assert_int_equal(bad, 0);
}

/*
 * An Idempotency-Key replays the first answer only to a caller who may
 * still make the request: the same sub with claims that no longer allow
 * it (moved to another county, or left with the viewer role) is refused
 * like any other caller (DESIGN §4: the check is made from the claims).
 */
static void
test_idempotent_replay_checks_the_claims(void **state)
{
	long long	 id = make_at("lanshan", "declared"), fp;
	const char	*body = "{\"kind\":\"greening\",\"condition\":\"poor\","
	    "\"selected\":true,\"estimate_yuan\":800.00}";
	char		 key[128];
	const char	*extra[] = { key, NULL };
	struct resp	 r;
	int		 bad = 0;

	(void)state;
	snprintf(key, sizeof(key), "Idempotency-Key: %s", uniq("az-idem"));
	assert_int_equal(req(&r, "POST", cpath(id, "/items"),
	    tok("az-idem-user", "street", "lanshan", "clerk"), body, NULL, extra),
	    201);
	resp_free(&r);
	fp = db_fingerprint();
	bad += probe("idempotent replay", "same sub, street/clerk@lanling", "POST",
	    cpath(id, "/items"), tok("az-idem-user", "street", "lanling", "clerk"),
	    body, extra, 403);
	bad += probe("idempotent replay", "same sub, street/viewer@lanshan", "POST",
	    cpath(id, "/items"), tok("az-idem-user", "street", "lanshan", "viewer"),
	    body, extra, 403);
	assert_int_equal(db_fingerprint(), fp);
	assert_int_equal(bad, 0);
}

/* Does the caller's task list hold an approval task for community id? */
static int
has_approval_task(const char *token, long long id)
{
	struct resp		 r;
	struct json_object	*arr, *it, *v;
	size_t			 i;
	int			 found = 0;

	assert_int_equal(req(&r, "GET", "/api/v1/tasks", token, NULL, NULL, NULL),
	    200);
	assert_true(json_object_object_get_ex(r.json, "approvals", &arr));
	for (i = 0; i < json_object_array_length(arr); i++) {
		it = json_object_array_get_idx(arr, i);
		if (json_object_object_get_ex(it, "community_id", &v) &&
		    json_object_get_int64(v) == id)
			found = 1;
	}
	resp_free(&r);
	return found;
}

/* An open round shows in the tasks of the departments it misses, in scope. */
static void
test_tasks_follow_scope_and_round(void **state)
{
	long long	 id = make_at("hedong", "declared");

	(void)state;
	submit(id, "survey", tok("az-sub-tasks", "street", "hedong", "clerk"));
	assert_true(has_approval_task(who("county", "approver", "hedong"), id));
	assert_true(has_approval_task(who("housing", "approver", NULL), id));
	assert_false(has_approval_task(who("county", "approver", "lanling"), id));
	assert_false(has_approval_task(who("drc", "approver", NULL), id));
	assert_false(has_approval_task(who("county", "viewer", "hedong"), id));
	/* The submitter, even holding the approver role, is not asked. */
	assert_false(has_approval_task(tok("az-sub-tasks", "street", "hedong",
	    "approver"), id));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_survey_by_street_clerk_only),
		cmocka_unit_test(test_launch_by_county_clerk_only),
		cmocka_unit_test(test_complete_by_construction_clerk_only),
		cmocka_unit_test(test_accept_by_construction_clerk_only),
		cmocka_unit_test(test_hand_over_by_housing_clerk_only),
		cmocka_unit_test(test_return_from_surveyed),
		cmocka_unit_test(test_return_from_surveyed_with_permit_item),
		cmocka_unit_test(test_return_from_piloted),
		cmocka_unit_test(test_return_from_renovated),
		cmocka_unit_test(test_return_from_accepted),
		cmocka_unit_test(test_withdraw_by_declaring_committee),
		cmocka_unit_test(test_withdraw_by_declaring_street),
		cmocka_unit_test(test_declare_by_committee_or_street_clerk),
		cmocka_unit_test(test_out_of_county_transitions),
		cmocka_unit_test(test_out_of_county_reads),
		cmocka_unit_test(test_out_of_county_head),
		cmocka_unit_test(test_out_of_county_patch),
		cmocka_unit_test(test_out_of_county_items_and_funding),
		cmocka_unit_test(test_out_of_county_approvals),
		cmocka_unit_test(test_list_scope_of_scoped_users),
		cmocka_unit_test(test_city_departments_see_every_county),
		cmocka_unit_test(test_approvals_survey_round),
		cmocka_unit_test(test_approvals_after_one_department_approved),
		cmocka_unit_test(test_approvals_launch_round_without_permit),
		cmocka_unit_test(test_approvals_launch_round_with_permit),
		cmocka_unit_test(test_approvals_complete_round),
		cmocka_unit_test(test_approvals_accept_round),
		cmocka_unit_test(test_approvals_hand_over_round),
		cmocka_unit_test(test_approvals_withdraw_round),
		cmocka_unit_test(test_edit_declared_fields_by_street_clerk),
		cmocka_unit_test(test_edit_exception_reason_by_county_clerk),
		cmocka_unit_test(test_edit_surveyed_fields_by_county_clerk),
		cmocka_unit_test(test_edit_piloted_fields_by_construction_clerk),
		cmocka_unit_test(test_edit_accepted_fields_by_housing_clerk),
		cmocka_unit_test(test_edit_mixed_fields_forbidden),
		cmocka_unit_test(test_item_create_by_street_or_county_clerk),
		cmocka_unit_test(test_item_patch_by_street_or_county_clerk),
		cmocka_unit_test(test_item_done_by_construction_clerk),
		cmocka_unit_test(test_item_signoff_by_the_kinds_department),
		cmocka_unit_test(test_catalogue_departments_match_design),
		cmocka_unit_test(test_funding_by_county_clerk),
		cmocka_unit_test(test_every_viewer_may_read),
		cmocka_unit_test(test_me_reports_the_claims),
		cmocka_unit_test(test_no_token_is_401_everywhere),
		cmocka_unit_test(test_tasks_follow_scope_and_round),
		cmocka_unit_test(test_idempotent_replay_checks_the_claims),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	client_done();
	return rc;
}
