/*
 * test_web.c - the pure parts of the web layer (app/web.c): turning a
 * posted form into the API's JSON body, reading form fields, choosing
 * the language, the cookies' attributes, the redirect after a post
 * (local paths only) and the "waited" wording.  No database, no server.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api_fields.h"
#include "arena.h"
#include "web.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct arena	 arena;
static struct arena	*A = &arena;

static int
setup(void **state)
{
	(void)state;
	memset(&arena, 0, sizeof(arena));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

/* A fresh request whose posted form is body. */
static void
mkreq(struct req *r, const char *body)
{
	arena_reset(A);
	memset(r, 0, sizeof(*r));
	r->a = A;
	r->path = "/communities/1";
	r->form = body;
	r->now = 1795000000;
	buf_init(&r->out, A);
}

/* Form body -> JSON text, by the declaration's field table. */
static void
test_form_json_types(void **state)
{
	static const struct {
		const char	*form, *json;
	} rows[] = {
		/* integers go in bare, blanks around them dropped */
		{ "households=240", "{\"households\":240}" },
		{ "households=%2B240", "{\"households\":\"+240\"}" },
		{ "households=+240", "{\"households\":240}" },	/* + is a space */
		{ "households=%20240%20", "{\"households\":240}" },
		/* not a number: a string, for the API to refuse by name */
		{ "households=abc", "{\"households\":\"abc\"}" },
		{ "households=012", "{\"households\":\"012\"}" },
		{ "households=1e3", "{\"households\":\"1e3\"}" },
		/* empty: null (every community field takes null) */
		{ "households=", "{\"households\":null}" },
		/* money: up to two decimals, bare */
		{ "floor_area_m2=1234.5", "{\"floor_area_m2\":1234.5}" },
		{ "floor_area_m2=1234.567", "{\"floor_area_m2\":\"1234.567\"}" },
		{ "floor_area_m2=1%2C234", "{\"floor_area_m2\":\"1,234\"}" },
		/* booleans from the yes/no select */
		{ "state_land=true&urban_area=false",
		  "{\"state_land\":true,\"urban_area\":false}" },
		{ "state_land=on", "{\"state_land\":\"on\"}" },
		/* text is JSON-escaped, CR LF becomes LF, quotes survive */
		{ "name=%22A%22%3Cb%3E", "{\"name\":\"\\\"A\\\"\\u003cb>\"}" },
		{ "exception_reason=a%0D%0Ab", "{\"exception_reason\":\"a\\nb\"}" },
		/* fields the table does not name are not sent at all */
		{ "csrf=x&nonce=y&back=%2F&households=3", "{\"households\":3}" },
		{ "", "{}" },
	};
	const struct api_body	*f = api_fields(BODY_COMMUNITY);
	struct req		 r;
	size_t			 i;
	const char		*got;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		mkreq(&r, rows[i].form);
		got = web_form_json(&r, f->fields, f->n, NULL, NULL);
		if (strcmp(got, rows[i].json) != 0)
			fail_msg("row %zu \"%s\": got %s, want %s", i,
			    rows[i].form, got, rows[i].json);
	}
}

/* A prefix selects one table row's fields; extra members are appended. */
static void
test_form_json_prefix_extra(void **state)
{
	const struct api_body	*f = api_fields(BODY_ITEM_EDIT);
	struct req		 r;
	const char		*got;

	(void)state;
	mkreq(&r, "item-7-estimate_yuan=12.50&item-8-estimate_yuan=3"
	    "&item-7-selected=true");
	got = web_form_json(&r, f->fields, f->n, "item-7-", "\"x\":1");
	assert_string_equal(got,
	    "{\"selected\":true,\"estimate_yuan\":12.50,\"x\":1}");
	got = web_form_json(&r, f->fields, f->n, "item-9-", NULL);
	assert_string_equal(got, "{}");
}

/* web_field: decoded values; absent, repeated or malformed give NULL. */
static void
test_field(void **state)
{
	struct req	 r;

	(void)state;
	mkreq(&r, "a=1&b=%E4%B8%AD+x&c=");
	assert_string_equal(web_field(&r, "a"), "1");
	assert_string_equal(web_field(&r, "b"), "中 x");
	assert_string_equal(web_field(&r, "c"), "");
	assert_null(web_field(&r, "d"));
	mkreq(&r, "a=1&a=2");
	assert_null(web_field(&r, "a"));
	mkreq(&r, "a=%zz");
	assert_null(web_field(&r, "a"));
	mkreq(&r, NULL);
	assert_null(web_field(&r, "a"));
	/* web_val: the posted value only when the page is shown again. */
	mkreq(&r, "a=posted");
	assert_string_equal(web_val(&r, "a", "stored"), "stored");
	r.err_msg = "missing field";
	assert_string_equal(web_val(&r, "a", "stored"), "posted");
	assert_string_equal(web_val(&r, "zz", "stored"), "stored");
}

/* The language: ?lang= wins (and is remembered), then the cookie, then the header. */
static void
test_lang(void **state)
{
	struct req	 r;

	(void)state;
	mkreq(&r, NULL);
	web_lang(&r);
	assert_int_equal(r.lang, LANG_ZH);
	assert_null(r.set_cookie[0]);

	mkreq(&r, NULL);
	r.query = "lang=en&q=x";
	web_lang(&r);
	assert_int_equal(r.lang, LANG_EN);
	assert_non_null(r.set_cookie[0]);
	assert_non_null(strstr(r.set_cookie[0], "jiugai_lang=en; Path=/;"));

	mkreq(&r, NULL);
	r.cookie = "jiugai_lang=en";
	r.accept_lang = "zh-CN";
	web_lang(&r);
	assert_int_equal(r.lang, LANG_EN);

	mkreq(&r, NULL);
	r.cookie = "jiugai_lang=en";
	r.query = "lang=zh";
	web_lang(&r);
	assert_int_equal(r.lang, LANG_ZH);

	mkreq(&r, NULL);
	r.accept_lang = "en-GB,en;q=0.9,zh;q=0.5";
	web_lang(&r);
	assert_int_equal(r.lang, LANG_EN);
}

/* Cookies: HttpOnly and SameSite as asked, Secure exactly under HTTPS. */
static void
test_cookie_attributes(void **state)
{
	struct req	 r;

	(void)state;
	mkreq(&r, NULL);
	web_cookie(&r, "jiugai_session", "tok", "/", 28800, 1, "Strict");
	assert_string_equal(r.set_cookie[0],
	    "jiugai_session=tok; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict");
	mkreq(&r, NULL);
	r.https = 1;
	web_cookie(&r, "jiugai_session", "", "/", 0, 1, "Strict");
	assert_string_equal(r.set_cookie[0],
	    "jiugai_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
}

/* After a post: 303 to a local path only; anything else goes to "/". */
static void
test_see_other(void **state)
{
	static const struct {
		const char	*to, *want;
	} rows[] = {
		{ "/communities/12", "/communities/12" },
		{ "/communities?stage=declared&q=a", "/communities?stage=declared&q=a" },
		{ "//evil.example/x", "/" },
		{ "/\\evil.example", "/" },
		{ "https://evil.example/", "/" },
		{ "javascript:alert(1)", "/" },
		{ "/a\r\nSet-Cookie: x=1", "/" },
		{ "/a b", "/" },
		{ "", "/" },
	};
	struct req	 r;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		mkreq(&r, NULL);
		assert_int_equal(web_redirect(&r, rows[i].to), 0);
		assert_int_equal(r.status, 303);
		web_see_other(&r);
		assert_int_equal(r.status, 303);
		if (strcmp(r.location, rows[i].want) != 0)
			fail_msg("row %zu: Location %s, want %s", i, r.location,
			    rows[i].want);
		assert_non_null(strstr(r.out_ctype, "text/html"));
	}
}

/* How long something has waited, in the page's language. */
static void
test_waited(void **state)
{
	struct req	 r;

	(void)state;
	mkreq(&r, NULL);
	r.now = 1795000000;	/* 2026-11-18T11:06:40Z */
	assert_string_equal(web_waited(&r, "2026-11-18T11:01:40+00:00"), "5 分钟");
	assert_string_equal(web_waited(&r, "2026-11-18T13:06:40+08:00"), "6 小时");
	assert_string_equal(web_waited(&r, "2026-11-15T11:06:40.123456+00:00"), "3 天");
	r.lang = LANG_EN;
	assert_string_equal(web_waited(&r, "2026-11-17T11:06:40+00:00"), "1 day");
	assert_string_equal(web_waited(&r, "2026-11-18T09:06:40Z"), "2 hours");
	assert_string_equal(web_waited(&r, "not a time"), "");
	/* a time in the future has not waited at all */
	assert_string_equal(web_waited(&r, "2027-01-01T00:00:00+00:00"), "0 minutes");
	assert_string_equal(web_when(&r, "2026-11-18T08:21:40.5+00:00"),
	    "2026-11-18 08:21");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_json_types),
		cmocka_unit_test(test_form_json_prefix_extra),
		cmocka_unit_test(test_field),
		cmocka_unit_test(test_lang),
		cmocka_unit_test(test_cookie_attributes),
		cmocka_unit_test(test_see_other),
		cmocka_unit_test(test_waited),
	};

	return cmocka_run_group_tests_name("web", tests, setup, teardown);
}
