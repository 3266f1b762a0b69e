/*
 * test_input.c - bad input gets a clear error and changes NOTHING, on the
 * real stack: every refusal below is checked against db_fingerprint()
 * taken before the request.
 *
 *  - bodies: malformed JSON, trailing garbage, trailing commas, single
 *    quotes, NaN, comments, invalid UTF-8, duplicate keys, wrong types,
 *    unknown fields, bad money, bad dates, unknown codes, NUL and control
 *    characters, empty and non-object bodies (400 bad_request);
 *  - sizes and media types (413, 415) and a body on a GET route (400);
 *  - tokens (401): none, garbage, alg none, expired, another key, too
 *    large, lowercase alg, wrong issuer or audience, tampered payload,
 *    HS256 with the public key;
 *  - routes and ids (404, 405);
 *  - list query parameters (400) and keyset pagination;
 *  - SQL injection strings, stored and searched literally.
 */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "../../include/auth.h"
#include "../../include/codes.h"
#include "../../include/conf.h"
#include "../../include/urlenc.h"
#include "../lib/client.h"
#include "../lib/jwtcraft.h"

/* ------------------------------------------------------------------ */
/* Helpers.                                                             */
/* ------------------------------------------------------------------ */

/*
 * One refused request: the status, the error code (NULL: any), the
 * details.field (NULL: not checked), a JSON error body, and no change
 * in the database.  label names the case in a failure.
 */
static void
refused(const char *label, const char *method, const char *path,
    const char *token, const char *body, const char *ctype,
    const char *const *extra, long want, const char *code, const char *field)
{
	struct resp	 r;
	long long	 before, after;
	const char	*f;

	before = db_fingerprint();
	req(&r, method, path, token, body, ctype, extra);
	after = db_fingerprint();
	if (r.status != want)
		fail_msg("[%s] want %ld, got %ld: %s", label, want, r.status,
		    r.body != NULL ? r.body : "(no body)");
	if (r.json == NULL || jstr(&r, "error.code") == NULL)
		fail_msg("[%s] not a JSON error: %s", label,
		    r.body != NULL ? r.body : "(no body)");
	if (code != NULL && strcmp(jerr(&r), code) != 0)
		fail_msg("[%s] want code %s: %s", label, code, r.body);
	if (field != NULL) {
		f = jstr(&r, "error.details.field");
		if (f == NULL || strcmp(f, field) != 0)
			fail_msg("[%s] want details.field %s: %s", label, field, r.body);
	}
	if (jstr(&r, "error.message") == NULL || *jstr(&r, "error.message") == '\0')
		fail_msg("[%s] no message: %s", label, r.body);
	if (strstr(r.body, "SELECT") != NULL || strstr(r.body, "ERROR:") != NULL)
		fail_msg("[%s] SQL text in the answer: %s", label, r.body);
	resp_free(&r);
	if (after != before)
		fail_msg("[%s] the database changed (%lld -> %lld)", label, before, after);
}

/* A 400 bad_request on a JSON body. */
static void
bad(const char *label, const char *method, const char *path, const char *token,
    const char *body, const char *field)
{
	refused(label, method, path, token, body, NULL, NULL, 400, "bad_request",
	    field);
}

/*
 * A complete declaration; name, households, floor and extra are raw JSON
 * text (extra, e.g. ",\"k\":v", goes just before the closing brace).
 */
static const char *
decl_full(const char *county, const char *name, const char *households,
    const char *floor, const char *extra)
{
	static char	 buf[4][2048];
	static int	 n;
	char		*b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "{\"name\":%s,\"county\":\"%s\","
	    "\"street\":\"测试街道\",\"committee\":\"测试社区\",\"address\":\"测试路9号\","
	    "\"built_year\":1988,\"buildings\":6,\"households\":%s,"
	    "\"floor_area_m2\":%s,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false%s}",
	    name, county, households, floor, extra);
	return b;
}

static const char *
decl(const char *county, const char *name, const char *households,
    const char *extra)
{
	return decl_full(county, name, households, "15600.00", extra);
}

/* A unique name as a JSON string literal. */
static const char *
qname(const char *prefix)
{
	static char	 buf[4][160];
	static int	 n;
	char		*b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "\"%s\"", uniq(prefix));
	return b;
}

static long long
count_name(const char *name)
{
	const char	*p[1] = { name };
	PGresult	*res;
	long long	 n = -1;

	res = PQexecParams(db(), "SELECT count(*) FROM community WHERE name = $1",
	    1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

/* ------------------------------------------------------------------ */
/* Token forging.                                                       */
/* ------------------------------------------------------------------ */

static struct auth_keys	 skeys;		/* the stack's keys, for auth_mint */

/* A payload for a housing viewer; iss/aud NULL mean the stack's own. */
static const char *
payload(const char *iss, const char *aud, long long exp_in)
{
	static char	 buf[1024];
	long long	 now = (long long)time(NULL);

	snprintf(buf, sizeof(buf), "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"t-forged\","
	    "\"name\":\"伪造\",\"dept\":\"housing\",\"roles\":[\"viewer\"],"
	    "\"jti\":\"0123456789abcdef0123456789abcdef\",\"iat\":%lld,\"nbf\":%lld,"
	    "\"exp\":%lld}", iss != NULL ? iss : conf_get(CONF_ISSUER),
	    aud != NULL ? aud : conf_get(CONF_AUDIENCE), now - 10, now - 10,
	    now + exp_in);
	return buf;
}

/* A 401 unauthorized for this bearer token, on a read and on a write. */
static void
unauthorized(const char *label, const char *token)
{
	struct resp	 r;
	char		*authz;
	size_t		 n = strlen(token) + 16;
	static long long id;
	const char	*h[2] = { NULL, NULL };

	if (id == 0)
		id = make_declared("lanshan");

	authz = malloc(n);
	assert_non_null(authz);
	snprintf(authz, n, "Bearer %s", token);
	req_me(&r, authz);
	if (r.status != 401 || strcmp(jerr(&r), "unauthorized") != 0)
		fail_msg("[%s] GET: want 401 unauthorized, got %ld: %s", label,
		    r.status, r.body != NULL ? r.body : "");
	resp_free(&r);
	free(authz);
	/* The write as this token would make it (tok NULL: no header of req). */
	n = strlen(token) + 32;
	authz = malloc(n);
	assert_non_null(authz);
	snprintf(authz, n, "Authorization: Bearer %s", token);
	h[0] = authz;
	refused(label, "POST", cpath(id, "/items"), NULL,
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h, 401,
	    "unauthorized", NULL);
	free(authz);
}

/* ------------------------------------------------------------------ */
/* Bodies.                                                              */
/* ------------------------------------------------------------------ */

static void
test_control_valid_body_accepted(void **state)
{
	struct resp	 r;

	(void)state;
	/* The base declaration of the tests below is accepted as it is. */
	req(&r, "POST", "/api/v1/communities", tok_committee("hedong"),
	    decl("hedong", qname("基准"), "240", ""), "application/json; charset=utf-8",
	    NULL);
	EXPECT(&r, 201);
	assert_string_equal(jstr(&r, "stage"), "declared");
	assert_int_equal(jint(&r, "version"), 1);
	resp_free(&r);
	req(&r, "POST", "/api/v1/communities", tok_committee("hedong"),
	    decl("hedong", qname("基准"), "240", ",\"dilapidated\":true"), NULL, NULL);
	EXPECT(&r, 201);
	resp_free(&r);
}

static void
test_malformed_json(void **state)
{
	static const char *const bodies[] = {
		"{", "}", "{\"kind\":}", "{\"kind\" \"road\"}", "{kind:\"road\"}",
		"{\"kind\":\"road\"", "{\"kind\":\"road}", "not json", "{\"kind\":road}",
		"{\"kind\":\"road\",,\"condition\":\"poor\"}", "\xef\xbb\xbf{\"kind\":\"road\"}",
		"{\"kind\":\"road\"\x0c}", "{\"kind\":\"ro\\x61d\"}",
	};
	long long	 id;
	size_t		 i;

	(void)state;
	id = make_declared("luozhuang");
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
		bad(bodies[i], "POST", cpath(id, "/items"), tok_street("luozhuang"),
		    bodies[i], NULL);
}

static void
test_trailing_garbage(void **state)
{
	char		 b[2200];
	const char	*base;
	long long	 id;

	(void)state;
	id = make_declared("luozhuang");
	bad("{}x", "POST", cpath(id, "/items"), tok_street("luozhuang"), "{}x", NULL);
	bad("{} {}", "POST", cpath(id, "/items"), tok_street("luozhuang"), "{} {}", NULL);
	bad("item x", "POST", cpath(id, "/items"), tok_street("luozhuang"),
	    "{\"kind\":\"road\",\"condition\":\"poor\"}x", NULL);
	bad("item item", "POST", cpath(id, "/items"), tok_street("luozhuang"),
	    "{\"kind\":\"road\"}{\"kind\":\"road\"}", NULL);
	bad("item ]", "POST", cpath(id, "/items"), tok_street("luozhuang"),
	    "{\"kind\":\"road\"}]", NULL);
	base = decl("luozhuang", qname("尾随"), "240", "");
	snprintf(b, sizeof(b), "%s {}", base);
	bad("decl {}", "POST", "/api/v1/communities", tok_committee("luozhuang"), b, NULL);
	snprintf(b, sizeof(b), "%s\n0", base);
	bad("decl 0", "POST", "/api/v1/communities", tok_committee("luozhuang"), b, NULL);
	/* Trailing white space is fine. */
	snprintf(b, sizeof(b), "%s \r\n\t ", base);
	{
		struct resp r;

		req(&r, "POST", "/api/v1/communities", tok_committee("luozhuang"), b,
		    NULL, NULL);
		EXPECT(&r, 201);
		resp_free(&r);
	}
}

static void
test_trailing_comma(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("hedong");
	bad("object", "POST", cpath(id, "/items"), tok_street("hedong"),
	    "{\"kind\":\"road\",\"condition\":\"poor\",}", NULL);
	bad("decl", "POST", "/api/v1/communities", tok_committee("hedong"),
	    decl("hedong", qname("逗号"), "240", ","), NULL);
	bad("transition", "POST", cpath(id, "/transitions"), tok_street("hedong"),
	    "{\"action\":\"survey\",\"expected_version\":1,}", NULL);
}

static void
test_single_quotes(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("hedong");
	bad("keys", "POST", cpath(id, "/items"), tok_street("hedong"),
	    "{'kind':'road'}", NULL);
	bad("value", "POST", "/api/v1/communities", tok_committee("hedong"),
	    decl("hedong", "'单引号'", "240", ""), NULL);
}

static void
test_nan_infinity_numbers(void **state)
{
	static const char *const nums[] = {
		"NaN", "Infinity", "-Infinity", "nan", "+240", "0240", "240.",
		".5", "0x10", "2_40", "- 240",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		bad(nums[i], "POST", "/api/v1/communities", tok_committee("tancheng"),
		    decl("tancheng", qname("数字"), nums[i], ""), NULL);
}

static void
test_comments(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("tancheng");
	bad("block", "POST", cpath(id, "/items"), tok_street("tancheng"),
	    "{\"kind\":\"road\" /* 注释 */}", NULL);
	bad("line", "POST", cpath(id, "/items"), tok_street("tancheng"),
	    "{\"kind\":\"road\" // 注释\n}", NULL);
	bad("hash", "POST", cpath(id, "/items"), tok_street("tancheng"),
	    "# c\n{\"kind\":\"road\"}", NULL);
	bad("decl", "POST", "/api/v1/communities", tok_committee("tancheng"),
	    decl("tancheng", qname("注释"), "240 /* 户 */", ""), NULL);
}

static void
test_invalid_utf8(void **state)
{
	static const char *const names[] = {
		"\"a\xff" "b\"",		/* never valid */
		"\"\xc0\xaf\"",			/* overlong "/" */
		"\"\xe0\x80\xaf\"",		/* overlong, 3 bytes */
		"\"\xed\xa0\x80\"",		/* UTF-8 encoded surrogate */
		"\"\xe4\xb8\"",			/* truncated 中 */
		"\"\xf4\x90\x80\x80\"",		/* past U+10FFFF */
		"\"\x80\"",			/* lone continuation */
		"\"\\ud800\"",			/* lone surrogate escape */
		"\"\\udc00x\"",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		bad(names[i], "POST", "/api/v1/communities", tok_committee("lanling"),
		    decl("lanling", names[i], "240", ""), NULL);
}

static void
test_duplicate_keys(void **state)
{
	struct resp	 r;
	long long	 id;
	char		 b[256];
	int		 v;

	(void)state;
	/* A community that a survey submission would move on. */
	id = make_at("lanling", "declared");
	v = version_of(id);
	snprintf(b, sizeof(b), "{\"action\":\"survey\",\"action\":\"launch\","
	    "\"expected_version\":%d,\"comment\":\"x\"}", v);
	bad("action twice", "POST", cpath(id, "/transitions"), tok_street("lanling"), b,
	    NULL);
	snprintf(b, sizeof(b), "{\"action\":\"survey\",\"\\u0061ction\":\"survey\","
	    "\"expected_version\":%d}", v);
	bad("escaped twin", "POST", cpath(id, "/transitions"), tok_street("lanling"), b,
	    NULL);
	snprintf(b, sizeof(b), "{\"action\":\"survey\",\"expected_version\":%d,"
	    "\"expected_version\":%d}", v, v);
	bad("same value twice", "POST", cpath(id, "/transitions"), tok_street("lanling"),
	    b, NULL);
	bad("name twice", "POST", "/api/v1/communities", tok_committee("lanling"),
	    decl("lanling", qname("重复"), "240", ",\"name\":\"另一个名字\""), NULL);
	/* Without the duplicate, the same submission is accepted. */
	snprintf(b, sizeof(b), "{\"action\":\"survey\",\"expected_version\":%d}", v);
	req(&r, "POST", cpath(id, "/transitions"), tok_street("lanling"), b, NULL, NULL);
	EXPECT(&r, 202);
	resp_free(&r);
}

static void
test_wrong_types(void **state)
{
	long long	 id;
	char		 b[256];
	int		 v;

	(void)state;
	id = make_at("yishui", "declared");
	v = version_of(id);
	snprintf(b, sizeof(b), "{\"action\":\"survey\",\"expected_version\":\"%d\"}", v);
	bad("expected_version string", "POST", cpath(id, "/transitions"),
	    tok_street("yishui"), b, "expected_version");
	snprintf(b, sizeof(b), "{\"action\":\"survey\",\"expected_version\":%d.0}", v);
	bad("expected_version float", "POST", cpath(id, "/transitions"),
	    tok_street("yishui"), b, "expected_version");
	snprintf(b, sizeof(b), "{\"households\":\"240\",\"expected_version\":%d}", v);
	bad("households string", "PATCH", cpath(id, ""), tok_street("yishui"), b,
	    "households");
	snprintf(b, sizeof(b), "{\"state_land\":\"yes\",\"expected_version\":%d}", v);
	bad("state_land string", "PATCH", cpath(id, ""), tok_street("yishui"), b,
	    "state_land");
	snprintf(b, sizeof(b), "{\"state_land\":1,\"expected_version\":%d}", v);
	bad("state_land number", "PATCH", cpath(id, ""), tok_street("yishui"), b,
	    "state_land");
	snprintf(b, sizeof(b), "{\"name\":[\"x\"],\"expected_version\":%d}", v);
	bad("name array", "PATCH", cpath(id, ""), tok_street("yishui"), b, "name");
	snprintf(b, sizeof(b), "{\"built_year\":1990.5,\"expected_version\":%d}", v);
	bad("built_year fraction", "PATCH", cpath(id, ""), tok_street("yishui"), b,
	    "built_year");
	bad("estimate string", "POST", cpath(id, "/items"), tok_street("yishui"),
	    "{\"kind\":\"road\",\"estimate_yuan\":\"12\"}", "estimate_yuan");
	bad("selected number", "POST", cpath(id, "/items"), tok_street("yishui"),
	    "{\"kind\":\"road\",\"selected\":1}", "selected");
	bad("kind number", "POST", cpath(id, "/items"), tok_street("yishui"),
	    "{\"kind\":7}", "kind");
	bad("condition object", "POST", cpath(id, "/items"), tok_street("yishui"),
	    "{\"kind\":\"road\",\"condition\":{}}", "condition");
}

static void
test_unknown_fields(void **state)
{
	long long	 id;
	char		 b[256];
	int		 v;

	(void)state;
	id = make_at("yinan", "declared");
	v = version_of(id);
	bad("item colour", "POST", cpath(id, "/items"), tok_street("yinan"),
	    "{\"kind\":\"road\",\"colour\":\"red\"}", "colour");
	bad("item status", "POST", cpath(id, "/items"), tok_street("yinan"),
	    "{\"kind\":\"road\",\"status\":\"signed_off\"}", "status");
	bad("decl stage", "POST", "/api/v1/communities", tok_committee("yinan"),
	    decl("yinan", qname("多余"), "240", ",\"stage\":\"managed\""), "stage");
	bad("decl version", "POST", "/api/v1/communities", tok_committee("yinan"),
	    decl("yinan", qname("多余"), "240", ",\"version\":9"), "version");
	bad("decl id", "POST", "/api/v1/communities", tok_committee("yinan"),
	    decl("yinan", qname("多余"), "240", ",\"id\":1"), "id");
	snprintf(b, sizeof(b), "{\"stage\":\"managed\",\"expected_version\":%d}", v);
	bad("patch stage", "PATCH", cpath(id, ""), tok_street("yinan"), b, "stage");
	snprintf(b, sizeof(b), "{\"action\":\"survey\",\"expected_version\":%d,"
	    "\"force\":true}", v);
	bad("transition force", "POST", cpath(id, "/transitions"), tok_street("yinan"), b,
	    "force");
	bad("unicode key", "POST", cpath(id, "/items"), tok_street("yinan"),
	    "{\"kind\":\"road\",\"种类\":\"road\"}", "种类");
}

static void
test_money_format(void **state)
{
	static const char *const bad_money[] = {
		"12.345", "1e5", "1E+2", "12.3e1", "-5", "-0.01", "12.3456",
		"100000000000000.00", "0.001",
	};
	struct resp	 r;
	long long	 id;
	char		 b[256];
	size_t		 i;

	(void)state;
	id = make_declared("pingyi");
	for (i = 0; i < sizeof(bad_money) / sizeof(bad_money[0]); i++) {
		snprintf(b, sizeof(b), "{\"kind\":\"road\",\"condition\":\"poor\","
		    "\"selected\":true,\"estimate_yuan\":%s}", bad_money[i]);
		bad(bad_money[i], "POST", cpath(id, "/items"), tok_street("pingyi"), b,
		    "estimate_yuan");
	}
	bad("estimate string", "POST", cpath(id, "/items"), tok_street("pingyi"),
	    "{\"kind\":\"road\",\"estimate_yuan\":\"12.00\"}", "estimate_yuan");
	bad("floor 3 decimals", "POST", "/api/v1/communities", tok_committee("pingyi"),
	    decl_full("pingyi", qname("面积"), "240", "15600.001", ""), "floor_area_m2");
	bad("floor exponent", "POST", "/api/v1/communities", tok_committee("pingyi"),
	    decl_full("pingyi", qname("面积"), "240", "1.56e4", ""), "floor_area_m2");
	bad("floor negative", "POST", "/api/v1/communities", tok_committee("pingyi"),
	    decl_full("pingyi", qname("面积"), "240", "-15600.00", ""), "floor_area_m2");
	/* Two decimals, one, none: all fine. */
	req(&r, "POST", cpath(id, "/items"), tok_street("pingyi"),
	    "{\"kind\":\"road\",\"estimate_yuan\":12.5}", NULL, NULL);
	EXPECT(&r, 201);
	resp_free(&r);
	req(&r, "POST", cpath(id, "/items"), tok_street("pingyi"),
	    "{\"kind\":\"road\",\"estimate_yuan\":12}", NULL, NULL);
	EXPECT(&r, 201);
	resp_free(&r);
	req(&r, "POST", cpath(id, "/items"), tok_street("pingyi"),
	    "{\"kind\":\"road\",\"estimate_yuan\":0.05}", NULL, NULL);
	EXPECT(&r, 201);
	assert_non_null(strstr(r.body, "0.05"));
	resp_free(&r);
}

static void
test_invalid_dates(void **state)
{
	static const char *const dates[] = {
		"2023-02-30", "2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31",
		"2023-2-3", "20230203", "2023/02/03", "2023-02-03T00:00:00",
		"", "0000-01-01", "9999-12-31", " 2023-02-03",
	};
	struct resp	 r;
	long long	 id;
	char		 b[256];
	size_t		 i;
	int		 v;

	(void)state;
	id = make_at("feixian", "surveyed");
	v = version_of(id);
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		snprintf(b, sizeof(b), "{\"notice_posted_on\":\"%s\","
		    "\"expected_version\":%d}", dates[i], v);
		bad(dates[i], "PATCH", cpath(id, ""), tok_cclerk("feixian"), b,
		    "notice_posted_on");
	}
	snprintf(b, sizeof(b), "{\"notice_posted_on\":20230203,\"expected_version\":%d}", v);
	bad("number", "PATCH", cpath(id, ""), tok_cclerk("feixian"), b, "notice_posted_on");
	/* A leap day is a date. */
	snprintf(b, sizeof(b), "{\"notice_posted_on\":\"2024-02-29\","
	    "\"expected_version\":%d}", v);
	req(&r, "PATCH", cpath(id, ""), tok_cclerk("feixian"), b, NULL, NULL);
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "notice_posted_on"), "2024-02-29");
	resp_free(&r);
}

static void
test_unknown_codes(void **state)
{
	long long	 id, sid;
	char		 b[256];

	(void)state;
	id = make_at("mengyin", "declared");
	bad("county", "POST", "/api/v1/communities", tok_committee("mengyin"),
	    decl("nowhere", qname("无县"), "240", ""), "county");
	bad("county case", "POST", "/api/v1/communities", tok_committee("mengyin"),
	    decl("Mengyin", qname("无县"), "240", ""), "county");
	bad("kind", "POST", cpath(id, "/items"), tok_street("mengyin"),
	    "{\"kind\":\"spaceship\"}", "kind");
	bad("kind empty", "POST", cpath(id, "/items"), tok_street("mengyin"),
	    "{\"kind\":\"\"}", "kind");
	bad("condition", "POST", cpath(id, "/items"), tok_street("mengyin"),
	    "{\"kind\":\"road\",\"condition\":\"broken\"}", "condition");
	snprintf(b, sizeof(b), "{\"action\":\"fly\",\"expected_version\":%d}",
	    version_of(id));
	bad("action", "POST", cpath(id, "/transitions"), tok_street("mengyin"), b, "action");
	bad("decision", "POST", cpath(id, "/approvals"),
	    tok("t-housing-approver", "housing", NULL, "approver"),
	    "{\"action\":\"survey\",\"decision\":\"maybe\"}", "decision");
	sid = make_at("mengyin", "surveyed");
	bad("source", "POST", cpath(sid, "/funding"), tok_cclerk("mengyin"),
	    "{\"source\":\"bank\",\"planned_yuan\":100.00}", "source");
	snprintf(b, sizeof(b), "{\"mode\":\"robot\",\"expected_version\":%d}",
	    version_of(sid));
	bad("mode", "PATCH", cpath(sid, ""),
	    tok("t-housing-clerk", "housing", NULL, "clerk"), b, "mode");
}

static void
test_nul_and_control_characters(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("junan");
	bad("\\u0000 in name", "POST", "/api/v1/communities", tok_committee("junan"),
	    decl("junan", "\"a\\u0000b\"", "240", ""), "name");
	bad("\\u0000 at the end", "POST", "/api/v1/communities", tok_committee("junan"),
	    decl("junan", "\"abc\\u0000\"", "240", ""), "name");
	bad("\\u0000 in a key", "POST", cpath(id, "/items"), tok_street("junan"),
	    "{\"kind\":\"road\",\"kind\\u0000x\":\"lift\"}", NULL);
	bad("\\u0000 in a code", "POST", cpath(id, "/items"), tok_street("junan"),
	    "{\"kind\":\"road\\u0000\"}", "kind");
	bad("raw tab", "POST", "/api/v1/communities", tok_committee("junan"),
	    decl("junan", "\"a\tb\"", "240", ""), NULL);
	bad("raw newline", "POST", "/api/v1/communities", tok_committee("junan"),
	    decl("junan", "\"a\nb\"", "240", ""), NULL);
	bad("escaped newline in a one-line field", "POST", "/api/v1/communities",
	    tok_committee("junan"), decl("junan", "\"a\\nb\"", "240", ""), "name");
	bad("escape \\u001b", "POST", "/api/v1/communities", tok_committee("junan"),
	    decl("junan", "\"a\\u001bb\"", "240", ""), "name");
	bad("empty name", "POST", "/api/v1/communities", tok_committee("junan"),
	    decl("junan", "\"\"", "240", ""), "name");
}

static void
test_string_lengths(void **state)
{
	struct resp	 r;
	char		 name[1024], lit[1100];
	size_t		 i;

	(void)state;
	/* 201 characters (three bytes each) is one too many for a name. */
	name[0] = '\0';
	for (i = 0; i < 201; i++)
		strcat(name, "楼");
	snprintf(lit, sizeof(lit), "\"%s\"", name);
	bad("201 characters", "POST", "/api/v1/communities", tok_committee("yishui"),
	    decl("yishui", lit, "240", ""), "name");
	/* 200 are fine: the limit counts characters, not bytes. */
	name[strlen(name) - 3] = '\0';
	snprintf(lit, sizeof(lit), "\"%s\"", name);
	req(&r, "POST", "/api/v1/communities", tok_committee("yishui"),
	    decl("yishui", lit, "240", ""), NULL, NULL);
	EXPECT(&r, 201);
	assert_string_equal(jstr(&r, "name"), name);
	resp_free(&r);
}

static void
test_int_ranges(void **state)
{
	static const char *const households[] = {
		"0", "-1", "1000001", "99999999999999999999", "1e400", "2147483648",
	};
	long long	 id;
	char		 b[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(households) / sizeof(households[0]); i++)
		bad(households[i], "POST", "/api/v1/communities", tok_committee("yinan"),
		    decl("yinan", qname("户数"), households[i], ""), "households");
	id = make_at("yinan", "declared");
	bad("expected_version 0", "POST", cpath(id, "/transitions"), tok_street("yinan"),
	    "{\"action\":\"survey\",\"expected_version\":0}", "expected_version");
	bad("expected_version -1", "POST", cpath(id, "/transitions"), tok_street("yinan"),
	    "{\"action\":\"survey\",\"expected_version\":-1}", "expected_version");
	bad("expected_version huge", "POST", cpath(id, "/transitions"), tok_street("yinan"),
	    "{\"action\":\"survey\",\"expected_version\":4294967297}",
	    "expected_version");
	snprintf(b, sizeof(b), "{\"built_year\":1799,\"expected_version\":%d}",
	    version_of(id));
	bad("built_year 1799", "PATCH", cpath(id, ""), tok_street("yinan"), b, "built_year");
}

static void
test_deep_nesting(void **state)
{
	long long	 id;
	char		*b;
	size_t		 depth = 30000, i, n;

	(void)state;
	id = make_declared("jingkai");
	b = malloc(2 * depth + 32);
	assert_non_null(b);
	n = (size_t)sprintf(b, "{\"kind\":");
	for (i = 0; i < depth; i++)
		b[n++] = '[';
	for (i = 0; i < depth; i++)
		b[n++] = ']';
	b[n++] = '}';
	b[n] = '\0';
	bad("30000 arrays", "POST", cpath(id, "/items"), tok_street("jingkai"), b, NULL);
	n = 0;
	for (i = 0; i < depth; i++) {
		memcpy(b + n, "{\"a\":", 5);
		n += 5;
		if (n > 60000)
			break;
	}
	b[n] = '\0';
	bad("unclosed objects", "POST", cpath(id, "/items"), tok_street("jingkai"), b, NULL);
	free(b);
	/* The server is still there. */
	{
		struct resp r;

		req(&r, "GET", "/healthz", NULL, NULL, NULL, NULL);
		EXPECT(&r, 200);
		resp_free(&r);
	}
}

static void
test_if_match_malformed(void **state)
{
	static const char *const tags[] = {
		"If-Match: abc", "If-Match: \"abc\"", "If-Match: \"0\"", "If-Match: \"-3\"",
		"If-Match: \"1\" junk", "If-Match: \"99999999999\"",
	};
	long long	 id;
	size_t		 i;

	(void)state;
	id = make_at("luozhuang", "declared");
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		const char *h[2] = { tags[i], NULL };

		refused(tags[i], "PATCH", cpath(id, ""), tok_street("luozhuang"),
		    "{\"address\":\"x\"}", NULL, h, 400, "bad_request", "expected_version");
		refused(tags[i], "POST", cpath(id, "/transitions"), tok_street("luozhuang"),
		    "{\"action\":\"survey\"}", NULL, h, 400, "bad_request",
		    "expected_version");
	}
}

static void
test_empty_body(void **state)
{
	long long	 id;
	char		 b[64];

	(void)state;
	id = make_declared("linshu");
	bad("items empty", "POST", cpath(id, "/items"), tok_street("linshu"), "", NULL);
	bad("items blank", "POST", cpath(id, "/items"), tok_street("linshu"), "  \n", NULL);
	refused("items no body", "POST", cpath(id, "/items"), tok_street("linshu"), NULL,
	    NULL, NULL, 400, "bad_request", NULL);
	bad("create empty", "POST", "/api/v1/communities", tok_committee("linshu"), "", NULL);
	bad("patch empty", "PATCH", cpath(id, ""), tok_street("linshu"), "", NULL);
	bad("transition empty", "POST", cpath(id, "/transitions"), tok_street("linshu"),
	    "", NULL);
	refused("transition no body", "POST", cpath(id, "/transitions"),
	    tok_street("linshu"), NULL, NULL, NULL, 400, "bad_request", NULL);
	bad("items {}", "POST", cpath(id, "/items"), tok_street("linshu"), "{}", "kind");
	snprintf(b, sizeof(b), "{\"expected_version\":%d}", version_of(id));
	bad("patch nothing", "PATCH", cpath(id, ""), tok_street("linshu"), b, NULL);
	bad("transition {}", "POST", cpath(id, "/transitions"), tok_street("linshu"), "{}",
	    "action");
}

static void
test_non_object_body(void **state)
{
	static const char *const bodies[] = {
		"[]", "[{\"kind\":\"road\"}]", "null", "42", "\"road\"", "true",
	};
	long long	 id;
	size_t		 i;

	(void)state;
	id = make_declared("gaoxin");
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		bad(bodies[i], "POST", cpath(id, "/items"), tok_street("gaoxin"), bodies[i],
		    NULL);
		bad(bodies[i], "PATCH", cpath(id, ""), tok_street("gaoxin"), bodies[i], NULL);
	}
}

/* ------------------------------------------------------------------ */
/* Sizes, media types, bodies where none belongs.                       */
/* ------------------------------------------------------------------ */

/* A declaration whose address pads the body to exactly size bytes. */
static char *
sized_body(size_t size)
{
	const char	*head = "{\"address\":\"";
	const char	*tail = "\",\"expected_version\":1}";
	char		*b;
	size_t		 fill;

	fill = size - strlen(head) - strlen(tail);
	b = malloc(size + 1);
	assert_non_null(b);
	memcpy(b, head, strlen(head));
	memset(b + strlen(head), 'a', fill);
	memcpy(b + strlen(head) + fill, tail, strlen(tail) + 1);
	assert_int_equal(strlen(b), size);
	return b;
}

static void
test_body_over_64k(void **state)
{
	struct resp	 r;
	long long	 id, fp;
	char		*b;

	(void)state;
	id = make_declared("jingkai");
	b = sized_body(65537);
	refused("65537", "PATCH", cpath(id, ""), tok_street("jingkai"), b, NULL, NULL, 413,
	    "too_large", NULL);
	free(b);
	b = sized_body(200000);
	refused("200000", "PATCH", cpath(id, ""), tok_street("jingkai"), b, NULL, NULL, 413,
	    "too_large", NULL);
	free(b);
	/* Exactly 64 KiB is read (and refused for its over-long address). */
	b = sized_body(65536);
	fp = db_fingerprint();
	req(&r, "PATCH", cpath(id, ""), tok_street("jingkai"), b, NULL, NULL);
	EXPECT(&r, 400);
	assert_string_equal(jstr(&r, "error.details.field"), "address");
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	free(b);
}

static void
test_body_over_1m_nginx(void **state)
{
	struct resp	 r;
	long long	 id, fp;
	char		*b;

	(void)state;
	id = make_declared("jingkai");
	b = sized_body(1100000);
	fp = db_fingerprint();
	req(&r, "PATCH", cpath(id, ""), tok_street("jingkai"), b, NULL, NULL);
	EXPECT(&r, 413);
	assert_non_null(r.json);
	assert_string_equal(jerr(&r), "too_large");
	assert_non_null(strstr(r.ctype, "application/json"));
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	free(b);
}

static void
test_content_type_415(void **state)
{
	static const char *const types[] = {
		"text/plain", "application/x-www-form-urlencoded", "text/json",
		"application/json; charset=latin1", "application/jsonx",
		"multipart/form-data; boundary=x", "application/json-patch+json",
	};
	long long	 id;
	size_t		 i;

	(void)state;
	id = make_declared("lingang");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		refused(types[i], "POST", cpath(id, "/items"), tok_street("lingang"),
		    "{\"kind\":\"road\",\"condition\":\"poor\"}", types[i], NULL, 415,
		    "unsupported_media_type", NULL);
	refused("form body", "POST", cpath(id, "/items"), tok_street("lingang"),
	    "kind=road&condition=poor", "application/x-www-form-urlencoded", NULL,
	    415, "unsupported_media_type", NULL);
}

static void
test_body_on_get_route(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("lingang");
	refused("community", "GET", cpath(id, ""), tok_viewer(), "{}", NULL, NULL, 400,
	    "bad_request", NULL);
	refused("me", "GET", "/api/v1/me", tok_viewer(), "{\"sub\":\"admin\"}", NULL, NULL,
	    400, "bad_request", NULL);
	refused("list", "GET", "/api/v1/communities", tok_viewer(), "{\"limit\":1}", NULL,
	    NULL, 400, "bad_request", NULL);
}

/* ------------------------------------------------------------------ */
/* Tokens.                                                              */
/* ------------------------------------------------------------------ */

static void
test_401_no_authorization(void **state)
{
	struct resp	 r;
	long long	 id;

	(void)state;
	id = make_declared("lanshan");
	req_me(&r, NULL);
	EXPECT(&r, 401);
	assert_string_equal(jerr(&r), "unauthorized");
	resp_free(&r);
	refused("list", "GET", "/api/v1/communities", NULL, NULL, NULL, NULL, 401,
	    "unauthorized", NULL);
	refused("read", "GET", cpath(id, ""), NULL, NULL, NULL, NULL, 401,
	    "unauthorized", NULL);
	refused("write", "POST", cpath(id, "/items"), NULL,
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, NULL, 401,
	    "unauthorized", NULL);
}

static void
test_401_garbage(void **state)
{
	static const char *const authz[] = {
		"Bearer ", "Bearer", "Bearer garbage", "Bearer a.b.c", "Bearer ...",
		"Bearer  ", "Basic dXNlcjpwYXNz", "Token abc", "garbage",
		"Bearer eyJhbGciOiJFUzI1NiJ9.e30.", "Bearer \xe4\xb8\xad.\xe6\x96\x87.x",
	};
	struct resp	 r;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(authz) / sizeof(authz[0]); i++) {
		req_me(&r, authz[i]);
		if (r.status != 401 || strcmp(jerr(&r), "unauthorized") != 0)
			fail_msg("[%s] want 401 unauthorized, got %ld: %s", authz[i],
			    r.status, r.body != NULL ? r.body : "");
		resp_free(&r);
	}
	unauthorized("garbage", "not.a.token");
}

/* A valid token's payload segment, to reuse under other headers. */
static char *
real_payload_b64(void)
{
	const char	*t = tok("t-viewer", "housing", NULL, "viewer");
	const char	*a = strchr(t, '.'), *b;
	char		*out;

	assert_non_null(a);
	b = strchr(a + 1, '.');
	assert_non_null(b);
	out = malloc((size_t)(b - a));
	assert_non_null(out);
	memcpy(out, a + 1, (size_t)(b - a - 1));
	out[b - a - 1] = '\0';
	return out;
}

static void
test_401_alg_none(void **state)
{
	char		*h, *pl = real_payload_b64(), t[4096];
	const char	*real = tok("t-viewer", "housing", NULL, "viewer");

	(void)state;
	h = craft_b64s("{\"alg\":\"none\",\"typ\":\"JWT\"}");
	snprintf(t, sizeof(t), "%s.%s.", h, pl);
	unauthorized("alg none, empty signature", t);
	/* alg none with the real signature still attached. */
	snprintf(t, sizeof(t), "%s.%s.%s", h, pl, strrchr(real, '.') + 1);
	unauthorized("alg none, real signature", t);
	free(h);
	h = craft_b64s("{\"alg\":\"None\"}");
	snprintf(t, sizeof(t), "%s.%s.", h, pl);
	unauthorized("alg None", t);
	free(h);
	h = craft_b64s("{\"typ\":\"JWT\"}");
	snprintf(t, sizeof(t), "%s.%s.", h, pl);
	unauthorized("no alg", t);
	free(h);
	free(pl);
}

static struct auth_keys *
stack_keys(void)
{
	if (skeys.pub == NULL)
		assert_int_equal(auth_keys_load(&skeys, conf_get(CONF_KEY_PUBLIC),
		    conf_get(CONF_KEY_PRIVATE), conf_get(CONF_ISSUER),
		    conf_get(CONF_AUDIENCE)), 0);
	return &skeys;
}

static void
viewer_claims(struct claims *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->sub, sizeof(c->sub), "t-viewer");
	snprintf(c->name, sizeof(c->name), "测试");
	snprintf(c->dept, sizeof(c->dept), "housing");
	c->dept_id = code_dept("housing", 7);
	c->county_id = -1;
	c->roles = ROLE_BIT(ROLE_VIEWER);
}

static void
test_401_expired(void **state)
{
	struct claims	 c;
	struct resp	 r;
	char		*t;
	long long	 now = (long long)time(NULL);

	(void)state;
	viewer_claims(&c);
	/* Control: minted now with the same claims, it is accepted. */
	t = auth_mint(stack_keys(), &c, now, 600);
	assert_non_null(t);
	{
		char a[4096];

		snprintf(a, sizeof(a), "Bearer %s", t);
		req_me(&r, a);
		EXPECT(&r, 200);
		resp_free(&r);
	}
	free(t);
	t = auth_mint(stack_keys(), &c, now - 7200, 3600);
	assert_non_null(t);
	unauthorized("expired an hour ago", t);
	free(t);
	/* Beyond the clock-skew allowance (at most 60 s). */
	t = auth_mint(stack_keys(), &c, now - 3700, 3600);
	assert_non_null(t);
	unauthorized("expired 100 s ago", t);
	free(t);
	/* Issued in the future. */
	t = auth_mint(stack_keys(), &c, now + 3600, 600);
	assert_non_null(t);
	unauthorized("not yet valid", t);
	free(t);
}

static void
test_401_other_key(void **state)
{
	struct auth_keys	 k;
	struct claims		 c;
	BIO			*bio;
	BUF_MEM			*mem;
	char			*t;

	(void)state;
	/* auth_mint with a key pair of our own making. */
	memset(&k, 0, sizeof(k));
	bio = BIO_new(BIO_s_mem());
	assert_non_null(bio);
	assert_int_equal(PEM_write_bio_PrivateKey(bio, craft_other_key(), NULL, NULL, 0,
	    NULL, NULL), 1);
	BIO_get_mem_ptr(bio, &mem);
	k.priv = malloc(mem->length + 1);
	assert_non_null(k.priv);
	memcpy(k.priv, mem->data, mem->length);
	k.priv[mem->length] = '\0';
	k.privlen = mem->length;
	BIO_free(bio);
	snprintf(k.iss, sizeof(k.iss), "%s", conf_get(CONF_ISSUER));
	snprintf(k.aud, sizeof(k.aud), "%s", conf_get(CONF_AUDIENCE));
	k.leeway = 30;
	k.max_ttl = 86400;
	viewer_claims(&c);
	t = auth_mint(&k, &c, (long long)time(NULL), 600);
	assert_non_null(t);
	unauthorized("auth_mint, other key", t);
	free(t);
	free(k.priv);
	/* The same payload forged by hand with the other key. */
	t = craft_forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", payload(NULL, NULL, 600),
	    craft_other_key());
	unauthorized("forged, other key", t);
	free(t);
}

static void
test_401_forged_headers_and_claims(void **state)
{
	struct resp	 r;
	char		*t, a[4096];

	(void)state;
	/* Control: the forger with the stack's key makes a good token. */
	t = craft_forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", payload(NULL, NULL, 600),
	    craft_our_key());
	snprintf(a, sizeof(a), "Bearer %s", t);
	req_me(&r, a);
	EXPECT(&r, 200);
	assert_string_equal(jstr(&r, "sub"), "t-forged");
	resp_free(&r);
	free(t);
	/* The same, signed right, but the alg in lower case. */
	t = craft_forge("{\"alg\":\"es256\",\"typ\":\"JWT\"}", payload(NULL, NULL, 600),
	    craft_our_key());
	unauthorized("alg es256", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES384\",\"typ\":\"JWT\"}", payload(NULL, NULL, 600),
	    craft_our_key());
	unauthorized("alg ES384", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\",\"alg\":\"ES256\"}", payload(NULL, NULL, 600),
	    craft_our_key());
	unauthorized("alg twice", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\",\"crit\":[\"exp\"]}", payload(NULL, NULL, 600),
	    craft_our_key());
	unauthorized("crit", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\"}", payload("someone-else", NULL, 600), craft_our_key());
	unauthorized("issuer", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\"}", payload(NULL, "someone-else", 600), craft_our_key());
	unauthorized("audience", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\"}", payload(NULL, NULL, -600), craft_our_key());
	unauthorized("forged expired", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\"}", "{\"iss\":\"jiugai\"}", craft_our_key());
	unauthorized("no claims", t);
	free(t);
}

static void
test_401_tampered_payload(void **state)
{
	const char	*real = tok("t-viewer", "housing", NULL, "viewer");
	char		*pl, t[4096], head[1024];
	const char	*dot1 = strchr(real, '.'), *dot2;
	long long	 now = (long long)time(NULL);
	char		 claims[1024];

	(void)state;
	dot2 = strchr(dot1 + 1, '.');
	snprintf(head, sizeof(head), "%.*s", (int)(dot1 - real), real);
	snprintf(claims, sizeof(claims), "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"t-viewer\","
	    "\"dept\":\"county\",\"org\":\"lanshan\",\"roles\":[\"clerk\",\"approver\",\"admin\"],"
	    "\"iat\":%lld,\"nbf\":%lld,\"exp\":%lld}", conf_get(CONF_ISSUER),
	    conf_get(CONF_AUDIENCE), now, now, now + 600);
	pl = craft_b64s(claims);
	snprintf(t, sizeof(t), "%s.%s.%s", head, pl, dot2 + 1);
	unauthorized("payload swapped under a real signature", t);
	free(pl);
	/* One signature character changed. */
	snprintf(t, sizeof(t), "%s", real);
	t[strlen(t) - 2] = t[strlen(t) - 2] == 'A' ? 'B' : 'A';
	unauthorized("signature changed", t);
	/* A segment too many. */
	snprintf(t, sizeof(t), "%s.x", real);
	unauthorized("four segments", t);
}

static void
test_401_hs256_with_public_key(void **state)
{
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	struct auth_keys *k = stack_keys();
	char		*h, *pl, *sig, in[4096], t[8192];

	(void)state;
	h = craft_b64s("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
	pl = craft_b64s(payload(NULL, NULL, 600));
	snprintf(in, sizeof(in), "%s.%s", h, pl);
	assert_non_null(HMAC(EVP_sha256(), k->pub, (int)k->publen,
	    (const unsigned char *)in, strlen(in), mac, &maclen));
	sig = craft_b64url(mac, maclen);
	snprintf(t, sizeof(t), "%s.%s", in, sig);
	unauthorized("HS256 keyed with the public key", t);
	free(h);
	free(pl);
	free(sig);
}

static void
test_401_token_over_8k(void **state)
{
	struct resp	 r;
	char		*authz;
	size_t		 n, len[] = { 8193, 8500, 12000 }, i;
	long long	 id, fp;

	(void)state;
	id = make_declared("lanshan");
	for (i = 0; i < sizeof(len) / sizeof(len[0]); i++) {
		n = len[i] + 32;
		authz = malloc(n);
		assert_non_null(authz);
		snprintf(authz, n, "Authorization: Bearer ");
		memset(authz + strlen(authz), 'A', len[i]);
		authz[22 + len[i]] = '\0';
		{
			const char *h[2] = { authz, NULL };

			fp = db_fingerprint();
			req(&r, "POST", cpath(id, "/items"), NULL,
			    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h);
			if (r.status != 400 && r.status != 401 && r.status != 431)
				fail_msg("token of %zu bytes: want 400, 401 or 431, got %ld: %s",
				    len[i], r.status, r.body != NULL ? r.body : "");
			resp_free(&r);
			assert_int_equal(db_fingerprint(), fp);
			req(&r, "GET", "/api/v1/me", NULL, NULL, NULL, h);
			if (r.status != 400 && r.status != 401 && r.status != 431)
				fail_msg("token of %zu bytes: want 400, 401 or 431, got %ld",
				    len[i], r.status);
			resp_free(&r);
		}
		free(authz);
	}
}

/* ------------------------------------------------------------------ */
/* Routes and ids.                                                      */
/* ------------------------------------------------------------------ */

static void
test_404_unknown_route(void **state)
{
	static const char *const paths[] = {
		"/api/v1/nothing", "/api/v2/communities", "/api/v1/communities/1/nothing",
		"/api/v1/Communities", "/api/v1/communities/", "/api/v1/me/",
		"/api/v1/items", "/api/v1/items/1/explode",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		refused(paths[i], "GET", paths[i], tok_viewer(), NULL, NULL, NULL, 404,
		    "not_found", NULL);
}

static void
test_404_unknown_ids(void **state)
{
	(void)state;
	refused("community", "GET", "/api/v1/communities/999999999999", tok_viewer(),
	    NULL, NULL, NULL, 404, "not_found", NULL);
	refused("events", "GET", "/api/v1/communities/999999999999/events", tok_viewer(),
	    NULL, NULL, NULL, 404, "not_found", NULL);
	refused("patch", "PATCH", "/api/v1/communities/999999999999", tok_street("lanshan"),
	    "{\"address\":\"x\",\"expected_version\":1}", NULL, NULL, 404, "not_found",
	    NULL);
	refused("item create", "POST", "/api/v1/communities/999999999999/items",
	    tok_street("lanshan"), "{\"kind\":\"road\"}", NULL, NULL, 404, "not_found", NULL);
	refused("transition", "POST", "/api/v1/communities/999999999999/transitions",
	    tok_street("lanshan"), "{\"action\":\"survey\",\"expected_version\":1}", NULL,
	    NULL, 404, "not_found", NULL);
	refused("item done", "POST", "/api/v1/items/999999999999/done",
	    tok("t-construction-clerk", "construction", NULL, "clerk"), NULL, NULL,
	    NULL, 404, "not_found", NULL);
	refused("item patch", "PATCH", "/api/v1/items/999999999999", tok_street("lanshan"),
	    "{\"selected\":true}", NULL, NULL, 404, "not_found", NULL);
}

static void
test_404_malformed_ids(void **state)
{
	static const char *const ids[] = {
		"01", "abc", "99999999999999999999", "0", "-1", "1.5", "1e3", "+1",
		"1abc", "0x1", "1000000000000000",
	};
	char	 p[128];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(p, sizeof(p), "/api/v1/communities/%s", ids[i]);
		refused(p, "GET", p, tok_viewer(), NULL, NULL, NULL, 404, "not_found", NULL);
		snprintf(p, sizeof(p), "/api/v1/communities/%s/items", ids[i]);
		refused(p, "POST", p, tok_street("lanshan"), "{\"kind\":\"road\"}", NULL, NULL,
		    404, "not_found", NULL);
	}
}

static void
test_405_wrong_method(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("lanshan");
	refused("DELETE community", "DELETE", "/api/v1/communities/1", tok_viewer(), NULL,
	    NULL, NULL, 405, "method_not_allowed", NULL);
	refused("DELETE mine", "DELETE", cpath(id, ""), tok_street("lanshan"), NULL, NULL,
	    NULL, 405, "method_not_allowed", NULL);
	refused("PUT community", "PUT", cpath(id, ""), tok_street("lanshan"),
	    "{\"address\":\"x\"}", NULL, NULL, 405, "method_not_allowed", NULL);
	refused("GET transitions", "GET", cpath(id, "/transitions"), tok_viewer(), NULL,
	    NULL, NULL, 405, "method_not_allowed", NULL);
	refused("PATCH list", "PATCH", "/api/v1/communities", tok_street("lanshan"),
	    "{}", NULL, NULL, 405, "method_not_allowed", NULL);
	refused("POST me", "POST", "/api/v1/me", tok_viewer(), "{}", NULL, NULL, 405,
	    "method_not_allowed", NULL);
	refused("DELETE events", "DELETE", cpath(id, "/events"), tok_viewer(), NULL, NULL,
	    NULL, 405, "method_not_allowed", NULL);
}

static size_t
allow_header(char *p, size_t sz, size_t n, void *arg)
{
	char	*out = arg;
	size_t	 len = sz * n, k;

	if (len > 7 && strncasecmp(p, "Allow: ", 7) == 0) {
		k = len - 7;
		while (k > 0 && (p[7 + k - 1] == '\r' || p[7 + k - 1] == '\n'))
			k--;
		if (k > 127)
			k = 127;
		memcpy(out, p + 7, k);
		out[k] = '\0';
	}
	return len;
}

static size_t
discard(char *p, size_t sz, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return sz * n;
}

/* The status and Allow header of method on path (viewer token). */
static long
allow_of(const char *method, const char *path, char out[128])
{
	CURL			*c = curl_easy_init();
	struct curl_slist	*h = NULL;
	char			 url[512], line[4096];
	long			 st = 0;

	assert_non_null(c);
	out[0] = '\0';
	snprintf(url, sizeof(url), "%s%s", getenv("JIUGAI_TEST_URL"), path);
	snprintf(line, sizeof(line), "Authorization: Bearer %s", tok_viewer());
	h = curl_slist_append(h, line);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, allow_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return st;
}

/* Does the comma-separated list name method? */
static int
lists(const char *allow, const char *method)
{
	char	 buf[128], *p, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", allow);
	for (p = strtok_r(buf, ", ", &save); p != NULL; p = strtok_r(NULL, ", ", &save))
		if (strcmp(p, method) == 0)
			return 1;
	return 0;
}

/* RFC 9110 §15.5.6: a 405 lists the methods the target resource supports. */
static void
test_405_allow_header(void **state)
{
	char		 allow[128];
	long long	 id;

	(void)state;
	id = make_declared("lanshan");
	assert_int_equal(allow_of("DELETE", cpath(id, ""), allow), 405);
	if (!lists(allow, "GET") || !lists(allow, "PATCH") || lists(allow, "POST"))
		fail_msg("DELETE %s: Allow: %s (want GET and PATCH, not POST)",
		    cpath(id, ""), allow);
	assert_int_equal(allow_of("POST", "/api/v1/me", allow), 405);
	if (!lists(allow, "GET") || lists(allow, "POST") || lists(allow, "PATCH"))
		fail_msg("POST /api/v1/me: Allow: %s (want GET only)", allow);
	assert_int_equal(allow_of("GET", cpath(id, "/transitions"), allow), 405);
	if (!lists(allow, "POST") || lists(allow, "GET") || lists(allow, "PATCH"))
		fail_msg("GET transitions: Allow: %s (want POST only)", allow);
}

/* ------------------------------------------------------------------ */
/* Query parameters and pagination.                                     */
/* ------------------------------------------------------------------ */

static void
test_query_unknown_parameter(void **state)
{
	(void)state;
	refused("foo", "GET", "/api/v1/communities?foo=1", tok_viewer(), NULL, NULL, NULL,
	    400, "bad_request", "foo");
	refused("order", "GET", "/api/v1/communities?county=lanshan&order=name",
	    tok_viewer(), NULL, NULL, NULL, 400, "bad_request", "order");
	refused("repeated county", "GET", "/api/v1/communities?county=lanshan&county=hedong",
	    tok_viewer(), NULL, NULL, NULL, 400, "bad_request", NULL);
	refused("empty key", "GET", "/api/v1/communities?=1", tok_viewer(), NULL, NULL, NULL,
	    400, "bad_request", NULL);
	refused("bad escape", "GET", "/api/v1/communities?q=%zz", tok_viewer(), NULL, NULL,
	    NULL, 400, "bad_request", NULL);
	refused("escaped NUL", "GET", "/api/v1/communities?q=a%00b", tok_viewer(), NULL,
	    NULL, NULL, 400, "bad_request", NULL);
	refused("invalid UTF-8", "GET", "/api/v1/communities?q=%ff", tok_viewer(), NULL,
	    NULL, NULL, 400, "bad_request", NULL);
}

static void
test_query_limit_bounds(void **state)
{
	static const char *const bad_limits[] = {
		"0", "500", "abc", "-1", "201", "", "1.5", "10abc", "99999999999999999999",
	};
	struct resp	 r;
	struct json_object *a;
	char		 p[128];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad_limits) / sizeof(bad_limits[0]); i++) {
		snprintf(p, sizeof(p), "/api/v1/communities?limit=%s", bad_limits[i]);
		refused(p, "GET", p, tok_viewer(), NULL, NULL, NULL, 400, "bad_request",
		    "limit");
	}
	refused("after abc", "GET", "/api/v1/communities?after=abc", tok_viewer(), NULL,
	    NULL, NULL, 400, "bad_request", "after");
	refused("after negative", "GET", "/api/v1/communities?after=-5", tok_viewer(), NULL,
	    NULL, NULL, 400, "bad_request", "after");
	/* The bounds themselves are fine. */
	req(&r, "GET", "/api/v1/communities?limit=1", tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(json_object_object_get_ex(r.json, "items", &a));
	assert_true(json_object_array_length(a) <= 1);
	resp_free(&r);
	req(&r, "GET", "/api/v1/communities?limit=200", tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
}

static void
test_query_unknown_codes(void **state)
{
	(void)state;
	refused("county nowhere", "GET", "/api/v1/communities?county=nowhere", tok_viewer(),
	    NULL, NULL, NULL, 400, "bad_request", "county");
	refused("county empty", "GET", "/api/v1/communities?county=", tok_viewer(), NULL,
	    NULL, NULL, 400, "bad_request", "county");
	refused("stage nowhere", "GET", "/api/v1/communities?stage=finished", tok_viewer(),
	    NULL, NULL, NULL, 400, "bad_request", "stage");
	refused("county injection", "GET",
	    "/api/v1/communities?county=lanshan%27%20OR%20%271%27%3D%271", tok_viewer(),
	    NULL, NULL, NULL, 400, "bad_request", "county");
}

/* Walk a list query page by page; returns the ids seen (malloc'd). */
static long long *
walk(const char *query, int limit, size_t *nout, size_t *pages,
    size_t *last_page_len)
{
	struct resp		 r;
	struct json_object	*a, *nx;
	long long		*ids = NULL, id;
	size_t			 n = 0, cap = 0, i, k;
	char			 path[512], after[32] = "";

	*pages = 0;
	for (;;) {
		snprintf(path, sizeof(path), "/api/v1/communities?%s&limit=%d%s%s",
		    query, limit, after[0] ? "&after=" : "", after);
		req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
		EXPECT(&r, 200);
		assert_true(json_object_object_get_ex(r.json, "items", &a));
		assert_true(json_object_object_get_ex(r.json, "next", &nx));
		k = json_object_array_length(a);
		assert_true(k <= (size_t)limit);
		(*pages)++;
		*last_page_len = k;
		for (i = 0; i < k; i++) {
			id = json_object_get_int64(json_object_object_get(
			    json_object_array_get_idx(a, i), "id"));
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				ids = realloc(ids, cap * sizeof(*ids));
				assert_non_null(ids);
			}
			ids[n++] = id;
		}
		if (nx == NULL || json_object_is_type(nx, json_type_null)) {
			resp_free(&r);
			break;
		}
		/* A page with a next cursor is full. */
		assert_int_equal(k, (size_t)limit);
		snprintf(after, sizeof(after), "%s", json_object_get_string(nx));
		resp_free(&r);
		if (*pages > 5000)
			fail_msg("pagination does not end: %s", query);
	}
	*nout = n;
	return ids;
}

static void
test_keyset_pagination(void **state)
{
	struct resp	 r;
	long long	 mine[5], *ids;
	char		 prefix[96], q[128], name[160];
	size_t		 i, j, n, pages, last;

	(void)state;
	snprintf(prefix, sizeof(prefix), "%s", uniq("pg"));
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "\"%s-%zu\"", prefix, i);
		req(&r, "POST", "/api/v1/communities", tok_committee("lingang"),
		    decl("lingang", name, "240", ""), NULL, NULL);
		EXPECT(&r, 201);
		mine[i] = jint(&r, "id");
		resp_free(&r);
	}
	/* 5 rows by 2: pages of 2, 2 and 1, the last with next null. */
	snprintf(q, sizeof(q), "county=lingang&q=%s", prefix);
	ids = walk(q, 2, &n, &pages, &last);
	assert_int_equal(n, 5);
	assert_int_equal(pages, 3);
	assert_int_equal(last, 1);
	for (i = 0; i < 5; i++)
		assert_int_equal(ids[i], mine[i]);
	free(ids);
	/* 5 rows by 5: a full page whose next leads to an empty last page. */
	ids = walk(q, 5, &n, &pages, &last);
	assert_int_equal(n, 5);
	assert_int_equal(pages, 2);
	assert_int_equal(last, 0);
	free(ids);
	/* The whole county: ascending, no duplicates, mine included. */
	ids = walk("county=lingang", 7, &n, &pages, &last);
	assert_true(n >= 5);
	for (i = 1; i < n; i++)
		if (ids[i] <= ids[i - 1])
			fail_msg("ids not strictly ascending at %zu: %lld after %lld", i,
			    ids[i], ids[i - 1]);
	for (i = 0; i < 5; i++) {
		for (j = 0; j < n && ids[j] != mine[i]; j++)
			continue;
		assert_true(j < n);
	}
	assert_int_equal((long long)n,
	    db_count("SELECT count(*) FROM community WHERE county = 'lingang'"));
	free(ids);
}

/* ------------------------------------------------------------------ */
/* SQL injection strings.                                               */
/* ------------------------------------------------------------------ */

static const char *const injections[] = {
	"'; DROP TABLE community; --",
	"1 OR 1=1",
	"' OR '1'='1",
	"\\\"); DELETE FROM event; --",
	"%' OR name LIKE '%",
	"$1::text",
};

static void
test_sql_injection_stored_literally(void **state)
{
	struct resp	 r;
	char		 name[256], lit[300], suffix[64];
	size_t		 i;
	long long	 communities;

	(void)state;
	snprintf(suffix, sizeof(suffix), "%s", uniq("inj"));
	for (i = 0; i < sizeof(injections) / sizeof(injections[0]); i++) {
		snprintf(name, sizeof(name), "%s %s", injections[i], suffix);
		/* The JSON literal: only " and \ need escaping here. */
		{
			const char *s;
			char *o = lit;

			*o++ = '"';
			for (s = name; *s != '\0'; s++) {
				if (*s == '"' || *s == '\\')
					*o++ = '\\';
				*o++ = *s;
			}
			*o++ = '"';
			*o = '\0';
		}
		req(&r, "POST", "/api/v1/communities", tok_committee("lanshan"),
		    decl("lanshan", lit, "240", ""), NULL, NULL);
		EXPECT(&r, 201);
		assert_string_equal(jstr(&r, "name"), name);
		resp_free(&r);
		assert_int_equal(count_name(name), 1);
	}
	communities = db_count("SELECT count(*) FROM community");
	assert_true(communities > 0);
	assert_true(db_count("SELECT count(*) FROM event") > 0);
}

static void
test_sql_injection_search(void **state)
{
	struct resp		 r;
	struct json_object	*a;
	char			 name[256], enc[1024], path[1200], lit[300], suffix[64];
	const char		*nm;
	long long		 id;
	size_t			 i, k;

	(void)state;
	snprintf(suffix, sizeof(suffix), "%s", uniq("injq"));
	snprintf(name, sizeof(name), "'; DROP TABLE community; -- %s", suffix);
	snprintf(lit, sizeof(lit), "\"%s\"", name);
	req(&r, "POST", "/api/v1/communities", tok_committee("hedong"),
	    decl("hedong", lit, "240", ""), NULL, NULL);
	EXPECT(&r, 201);
	id = jint(&r, "id");
	resp_free(&r);
	/* Searched for literally: exactly the one community. */
	assert_true(url_encode(name, enc, sizeof(enc)) > 0);
	snprintf(path, sizeof(path), "/api/v1/communities?q=%s", enc);
	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(json_object_object_get_ex(r.json, "items", &a));
	assert_int_equal(json_object_array_length(a), 1);
	assert_int_equal(json_object_get_int64(json_object_object_get(
	    json_object_array_get_idx(a, 0), "id")), id);
	resp_free(&r);
	/* Each injection matches only names that hold it, literally. */
	for (i = 0; i < sizeof(injections) / sizeof(injections[0]); i++) {
		assert_true(url_encode(injections[i], enc, sizeof(enc)) > 0);
		snprintf(path, sizeof(path), "/api/v1/communities?q=%s&limit=200", enc);
		req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
		EXPECT(&r, 200);
		assert_true(json_object_object_get_ex(r.json, "items", &a));
		for (k = 0; k < json_object_array_length(a); k++) {
			nm = json_object_get_string(json_object_object_get(
			    json_object_array_get_idx(a, k), "name"));
			if (nm == NULL || strstr(nm, injections[i]) == NULL)
				fail_msg("q=%s matched %s", injections[i], nm ? nm : "null");
		}
		resp_free(&r);
	}
	assert_true(db_count("SELECT count(*) FROM community") > 0);
}

static void
test_sql_injection_comment(void **state)
{
	struct resp	 r;
	long long	 id, events;
	const char	*comment = "'); DELETE FROM event; UPDATE community SET stage = 'managed'; --";
	char		 body[512];
	PGresult	*res;
	const char	*p[1];
	char		 rid[32];

	(void)state;
	id = make_at("tancheng", "declared");
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"expected_version\":%d,"
	    "\"comment\":\"%s\"}", version_of(id), comment);
	req(&r, "POST", cpath(id, "/transitions"), tok_street("tancheng"), body, NULL, NULL);
	EXPECT(&r, 202);
	assert_string_equal(jstr(&r, "comment"), comment);
	snprintf(rid, sizeof(rid), "%lld", jint(&r, "id"));
	resp_free(&r);
	events = db_count("SELECT count(*) FROM event");
	snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"reject\","
	    "\"comment\":\"%s\"}", comment);
	req(&r, "POST", cpath(id, "/approvals"),
	    tok("t-housing-approver", "housing", NULL, "approver"), body, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	p[0] = rid;
	res = PQexecParams(db(), "SELECT comment FROM approval WHERE round_id = $1::bigint",
	    1, NULL, p, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 0), comment);
	PQclear(res);
	/* Nothing was deleted, nothing jumped ahead. */
	assert_true(db_count("SELECT count(*) FROM event") > events);
	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	assert_string_equal(jstr(&r, "stage"), "declared");
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_control_valid_body_accepted),
		cmocka_unit_test(test_malformed_json),
		cmocka_unit_test(test_trailing_garbage),
		cmocka_unit_test(test_trailing_comma),
		cmocka_unit_test(test_single_quotes),
		cmocka_unit_test(test_nan_infinity_numbers),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_unknown_fields),
		cmocka_unit_test(test_money_format),
		cmocka_unit_test(test_invalid_dates),
		cmocka_unit_test(test_unknown_codes),
		cmocka_unit_test(test_nul_and_control_characters),
		cmocka_unit_test(test_string_lengths),
		cmocka_unit_test(test_int_ranges),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_if_match_malformed),
		cmocka_unit_test(test_empty_body),
		cmocka_unit_test(test_non_object_body),
		cmocka_unit_test(test_body_over_64k),
		cmocka_unit_test(test_body_over_1m_nginx),
		cmocka_unit_test(test_content_type_415),
		cmocka_unit_test(test_body_on_get_route),
		cmocka_unit_test(test_401_no_authorization),
		cmocka_unit_test(test_401_garbage),
		cmocka_unit_test(test_401_alg_none),
		cmocka_unit_test(test_401_expired),
		cmocka_unit_test(test_401_other_key),
		cmocka_unit_test(test_401_forged_headers_and_claims),
		cmocka_unit_test(test_401_tampered_payload),
		cmocka_unit_test(test_401_hs256_with_public_key),
		cmocka_unit_test(test_401_token_over_8k),
		cmocka_unit_test(test_404_unknown_route),
		cmocka_unit_test(test_404_unknown_ids),
		cmocka_unit_test(test_404_malformed_ids),
		cmocka_unit_test(test_405_wrong_method),
		cmocka_unit_test(test_405_allow_header),
		cmocka_unit_test(test_query_unknown_parameter),
		cmocka_unit_test(test_query_limit_bounds),
		cmocka_unit_test(test_query_unknown_codes),
		cmocka_unit_test(test_keyset_pagination),
		cmocka_unit_test(test_sql_injection_stored_literally),
		cmocka_unit_test(test_sql_injection_search),
		cmocka_unit_test(test_sql_injection_comment),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	auth_keys_free(&skeys);
	craft_done();
	client_done();
	return rc;
}
