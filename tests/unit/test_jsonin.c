/*
 * test_jsonin.c - strict JSON bodies (app/jsonin.c).
 *
 * Table-driven: each test is one behaviour, each row one input.  The
 * rows that json-c 0.16 alone would accept are the point of the
 * module; test_jsonc_quirks documents them so that an upgrade of
 * json-c shows up here first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codes.h"
#include "jscan.h"
#include "jsonin.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A body and what jin_parse must say of it; len 0 means strlen. */
struct prow {
	const char	*body;
	size_t		 len;
	enum jin_err	 want;
};

static void
parse_rows(const struct prow *rows, size_t n)
{
	struct json_object	*o;
	enum jin_err		 e;
	size_t			 i, len;

	for (i = 0; i < n; i++) {
		len = rows[i].len ? rows[i].len : strlen(rows[i].body);
		e = JIN__MAX;
		o = jin_parse(rows[i].body, len, &e);
		if (e != rows[i].want)
			fail_msg("row %zu %.*s: got \"%s\", want \"%s\"", i,
			    (int)len, rows[i].body, jin_err_str(e),
			    jin_err_str(rows[i].want));
		if ((o != NULL) != (e == JIN_OK))
			fail_msg("row %zu: object and error disagree", i);
		if (o != NULL && !json_object_is_type(o, json_type_object))
			fail_msg("row %zu: not an object", i);
		json_object_put(o);
	}
}

/* One field "v" checked against a row's value text. */
struct xrow {
	const char	*value;	/* JSON text of the value */
	enum jin_err	 want;
	long long	 i;	/* expected vals.i when want is JIN_OK */
};

static void
extract_rows(const struct jin_field *f, const struct xrow *rows, size_t n,
    int check_i)
{
	struct json_object	*o;
	struct jin_value	 v;
	const char		*ef;
	char			*body;
	enum jin_err		 e;
	size_t			 i, sz;

	for (i = 0; i < n; i++) {
		sz = strlen(f->name) + strlen(rows[i].value) + 8;
		assert_non_null(body = malloc(sz));
		snprintf(body, sz, "{\"%s\":%s}", f->name, rows[i].value);
		if ((o = jin_parse(body, strlen(body), &e)) == NULL)
			fail_msg("row %zu %s: parse: %s", i, body,
			    jin_err_str(e));
		e = jin_extract(o, f, 1, &v, &ef);
		if (e != rows[i].want)
			fail_msg("row %zu %s: got \"%s\", want \"%s\"", i,
			    body, jin_err_str(e), jin_err_str(rows[i].want));
		if (e != JIN_OK && (ef == NULL || strcmp(ef, f->name) != 0))
			fail_msg("row %zu: errfield %s", i, ef ? ef : "NULL");
		if (e == JIN_OK && !v.present)
			fail_msg("row %zu: not present", i);
		if (e == JIN_OK && check_i && v.i != rows[i].i)
			fail_msg("row %zu %s: i %lld, want %lld", i, body,
			    v.i, rows[i].i);
		json_object_put(o);
		free(body);
	}
}

static struct json_object *
must_parse(const char *body)
{
	struct json_object	*o;
	enum jin_err		 e;

	o = jin_parse(body, strlen(body), &e);
	if (o == NULL)
		fail_msg("%s: %s", body, jin_err_str(e));
	return o;
}

/* --- jin_parse -------------------------------------------------- */

static void
test_parse_valid(void **state)
{
	static const struct prow rows[] = {
		{ "{}", 0, JIN_OK },
		{ " \t\r\n{ } \t\r\n", 0, JIN_OK },
		{ "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}", 0,
		    JIN_OK },
		{ "{\"n\":[0,-0,1.5,-2e3,1E+2,3e-1,12.50]}", 0, JIN_OK },
		{ "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}", 0, JIN_OK },
		{ "{\"s\":\"\xe4\xb8\xad\xe6\x96\x87\"}", 0, JIN_OK },
		{ "{\"s\":\"\\ud83d\\ude00\xf0\x9f\x98\x80\"}", 0, JIN_OK },
		{ "{\"\xe5\x90\x8d\":\"x\"}", 0, JIN_OK },
		{ "{\"a\":\"\\u0000\"}", 0, JIN_OK },	/* values: extract */
		{ "{\"x\":{\"a\":1},\"y\":{\"a\":2}}", 0, JIN_OK },
		{ "{\"a\":\"a\",\"b\":\"a\"}", 0, JIN_OK },
		{ "{\"a\":1}garbage", 7, JIN_OK },	/* len is the body */
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_parse_trailing(void **state)
{
	static const struct prow rows[] = {
		{ "{} x", 0, JIN_MALFORMED },
		{ "{}{}", 0, JIN_MALFORMED },
		{ "{}]", 0, JIN_MALFORMED },
		{ "{}\0", 3, JIN_MALFORMED },
		{ "{}\f", 0, JIN_MALFORMED },	/* not JSON whitespace */
		{ "{}\v", 0, JIN_MALFORMED },
		{ "{} \xc2\xa0", 0, JIN_MALFORMED },	/* NBSP */
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_parse_trailing_comma(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":1,}", 0, JIN_MALFORMED },
		{ "{\"a\":[1,]}", 0, JIN_MALFORMED },
		{ "{\"a\":[,1]}", 0, JIN_MALFORMED },
		{ "{,}", 0, JIN_MALFORMED },
		{ "{\"a\":1,,\"b\":2}", 0, JIN_MALFORMED },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* json-c strict mode accepts the first and third rows. */
static void
test_parse_single_quotes(void **state)
{
	static const struct prow rows[] = {
		{ "{'a':1}", 0, JIN_MALFORMED },
		{ "{\"a\":'x'}", 0, JIN_MALFORMED },
		{ "{\"a\":1,'b':2}", 0, JIN_MALFORMED },
		{ "{\"a\":\"it\\'s\"}", 0, JIN_MALFORMED },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* json-c strict mode accepts NaN, Infinity and -Infinity. */
static void
test_parse_nan_infinity(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":NaN}", 0, JIN_MALFORMED },
		{ "{\"a\":Infinity}", 0, JIN_MALFORMED },
		{ "{\"a\":-Infinity}", 0, JIN_MALFORMED },
		{ "{\"a\":nan}", 0, JIN_MALFORMED },
		{ "{\"a\":-NaN}", 0, JIN_MALFORMED },
		{ "{\"a\":[NaN]}", 0, JIN_MALFORMED },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_parse_comments(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":/*c*/1}", 0, JIN_MALFORMED },
		{ "{\"a\":1}//c", 0, JIN_MALFORMED },
		{ "{\"a\":1}/*c*/", 0, JIN_MALFORMED },
		{ "#c\n{}", 0, JIN_MALFORMED },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* json-c takes "1." as a number. */
static void
test_parse_bad_numbers(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":1.}", 0, JIN_MALFORMED },
		{ "{\"a\":.5}", 0, JIN_MALFORMED },
		{ "{\"a\":+1}", 0, JIN_MALFORMED },
		{ "{\"a\":01}", 0, JIN_MALFORMED },
		{ "{\"a\":-01}", 0, JIN_MALFORMED },
		{ "{\"a\":0x10}", 0, JIN_MALFORMED },
		{ "{\"a\":-}", 0, JIN_MALFORMED },
		{ "{\"a\":1e}", 0, JIN_MALFORMED },
		{ "{\"a\":1e+}", 0, JIN_MALFORMED },
		{ "{\"a\":1.e3}", 0, JIN_MALFORMED },
		{ "{\"a\":1 2}", 0, JIN_MALFORMED },
		{ "{\"a\":1e999}", 0, JIN_OK },	/* grammar; extract refuses */
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* json-c's VALIDATE_UTF8 takes overlong forms, surrogates, > U+10FFFF. */
static void
test_parse_invalid_utf8(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":\"\xff\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\xc0\xaf\"}", 0, JIN_MALFORMED },	/* overlong / */
		{ "{\"a\":\"\xe0\x80\xaf\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\xf0\x80\x80\x80\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\xed\xa0\x80\"}", 0, JIN_MALFORMED },	/* D800 */
		{ "{\"a\":\"\xf4\x90\x80\x80\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\xe4\xb8\"}", 0, JIN_MALFORMED },	/* truncated */
		{ "{\"a\":\"\x80\"}", 0, JIN_MALFORMED },	/* lone cont. */
		{ "{\"\xc0\xaf\":1}", 0, JIN_MALFORMED },	/* in a key */
		{ "{\"a\":1\xc2\xa0}", 0, JIN_MALFORMED },	/* outside */
		{ "\xef\xbb\xbf{}", 0, JIN_MALFORMED },	/* BOM */
		{ "{\"a\":\"\xf4\x8f\xbf\xbf\"}", 0, JIN_OK },	/* U+10FFFF */
		{ "{\"a\":\"\xef\xbf\xbf\"}", 0, JIN_OK },	/* U+FFFF */
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* json-c strict mode takes raw control characters inside strings. */
static void
test_parse_raw_controls(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":\"x\ty\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"x\ny\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\x01\"}", 0, JIN_MALFORMED },
		{ "{\"\t\":1}", 0, JIN_MALFORMED },
		{ "{\"a\":\"x\0y\"}", 11, JIN_MALFORMED },
		{ "{\"a\":\"\x7f\"}", 0, JIN_OK },	/* DEL is legal JSON */
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* json-c turns lone surrogate escapes into U+FFFD without a word. */
static void
test_parse_bad_escapes(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":\"\\x41\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\u12\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\uZZZZ\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\U0041\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\ud800\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\udc00\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\ud800\\u0041\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\ud800\\ud800\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\ude00\\ud83d\"}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\\0\"}", 10, JIN_MALFORMED },
		{ "{\"a\":\"\\uD83D\\uDE00\"}", 0, JIN_OK },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* json-c cuts keys at \u0000: "a\u0000b" would become a second "a". */
static void
test_parse_key_nul(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\\u0000b\":1}", 0, JIN_MALFORMED },
		{ "{\"a\\u0000b\":1,\"a\":2}", 0, JIN_MALFORMED },
		{ "{\"o\":{\"\\u0000\":1}}", 0, JIN_MALFORMED },
		{ "{\"a\":\"\\u0000\"}", 0, JIN_OK },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_parse_structure(void **state)
{
	static const struct prow rows[] = {
		{ "{a:1}", 0, JIN_MALFORMED },
		{ "{\"a\" 1}", 0, JIN_MALFORMED },
		{ "{\"a\"::1}", 0, JIN_MALFORMED },
		{ "{\"a\":1 \"b\":2}", 0, JIN_MALFORMED },
		{ "{\"a\"}", 0, JIN_MALFORMED },
		{ "{\"a\":}", 0, JIN_MALFORMED },
		{ "{\"a\":[}", 0, JIN_MALFORMED },
		{ "{\"a\":{]}", 0, JIN_MALFORMED },
		{ "{1:2}", 0, JIN_MALFORMED },
		{ "}", 0, JIN_MALFORMED },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_parse_truncated(void **state)
{
	static const struct prow rows[] = {
		{ "{", 0, JIN_MALFORMED },
		{ "{\"a\"", 0, JIN_MALFORMED },
		{ "{\"a\":", 0, JIN_MALFORMED },
		{ "{\"a\":1", 0, JIN_MALFORMED },
		{ "{\"a\":\"x", 0, JIN_MALFORMED },
		{ "{\"a\":[1", 0, JIN_MALFORMED },
		{ "{\"a\":tr", 0, JIN_MALFORMED },
		{ "{\"a\":1}", 6, JIN_MALFORMED },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_parse_literals(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":tru}", 0, JIN_MALFORMED },
		{ "{\"a\":TRUE}", 0, JIN_MALFORMED },
		{ "{\"a\":True}", 0, JIN_MALFORMED },
		{ "{\"a\":nul}", 0, JIN_MALFORMED },
		{ "{\"a\":Null}", 0, JIN_MALFORMED },
		{ "{\"a\":falsey}", 0, JIN_MALFORMED },
		{ "{\"a\":undefined}", 0, JIN_MALFORMED },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_parse_empty(void **state)
{
	enum jin_err	 e = JIN_OK;

	(void)state;
	assert_null(jin_parse("", 0, &e));
	assert_int_equal(e, JIN_MALFORMED);
	e = JIN_OK;
	assert_null(jin_parse(" \r\n\t", 4, &e));
	assert_int_equal(e, JIN_MALFORMED);
	e = JIN_OK;
	assert_null(jin_parse(NULL, 0, &e));
	assert_int_equal(e, JIN_MALFORMED);
	/* A NULL err is allowed. */
	assert_null(jin_parse("", 0, NULL));
}

static void
test_parse_not_object(void **state)
{
	static const struct prow rows[] = {
		{ "[]", 0, JIN_NOT_OBJECT },
		{ "[{}]", 0, JIN_NOT_OBJECT },
		{ "1", 0, JIN_NOT_OBJECT },	/* json-c: "continue" */
		{ " 12 ", 0, JIN_NOT_OBJECT },
		{ "\"x\"", 0, JIN_NOT_OBJECT },
		{ "null", 0, JIN_NOT_OBJECT },
		{ "true", 0, JIN_NOT_OBJECT },
		{ "[{\"a\":1,\"a\":2}]", 0, JIN_NOT_OBJECT },
		{ "[1,]", 0, JIN_MALFORMED },	/* malformed comes first */
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

/* Build {"a":{"a":...{"a":leaf}...}} with n objects. */
static void
nest(char *buf, size_t sz, int n, const char *leaf)
{
	size_t	 k = 0;
	int	 i;

	for (i = 0; i < n - 1; i++)
		k += (size_t)snprintf(buf + k, sz - k, "{\"a\":");
	k += (size_t)snprintf(buf + k, sz - k, "%s", leaf);
	for (i = 0; i < n - 1; i++)
		k += (size_t)snprintf(buf + k, sz - k, "}");
	assert_true(k < sz);
}

/*
 * Every value counts as a level, scalars too: the line json-c 0.16
 * draws with json_tokener_new_ex(32), for arrays and objects alike.
 */
static void
test_parse_depth(void **state)
{
	char		 buf[1024];
	struct prow	 rows[6];
	size_t		 i = 0;

	(void)state;
	nest(buf, sizeof(buf), JIN_DEPTH, "{}");
	rows[i++] = (struct prow){ strdup(buf), 0, JIN_OK };
	nest(buf, sizeof(buf), JIN_DEPTH, "1");
	rows[i++] = (struct prow){ strdup(buf), 0, JIN_OK };
	nest(buf, sizeof(buf), JIN_DEPTH + 1, "1");
	rows[i++] = (struct prow){ strdup(buf), 0, JIN_MALFORMED };
	nest(buf, sizeof(buf), JIN_DEPTH + 1, "{}");
	rows[i++] = (struct prow){ strdup(buf), 0, JIN_MALFORMED };
	nest(buf, sizeof(buf), JIN_DEPTH - 1, "[1]");
	rows[i++] = (struct prow){ strdup(buf), 0, JIN_OK };
	nest(buf, sizeof(buf), JIN_DEPTH - 1, "[[1]]");
	rows[i++] = (struct prow){ strdup(buf), 0, JIN_MALFORMED };
	parse_rows(rows, i);
	while (i-- > 0)
		free((char *)rows[i].body);
}

/*
 * A body as deep as an attacker likes must not exhaust the stack: the
 * scanner recurses, so without its own limit this one would crash.
 */
static void
test_parse_very_deep(void **state)
{
	size_t	 n = (size_t)1 << 23, i;
	char	*buf;
	enum jin_err e;

	(void)state;
	assert_non_null(buf = malloc(2 * n + 8));
	memcpy(buf, "{\"a\":", 5);
	for (i = 0; i < n; i++)
		buf[5 + i] = '[';
	assert_null(jin_parse(buf, 5 + n, &e));
	assert_int_equal(e, JIN_MALFORMED);
	free(buf);
}

static void
test_parse_duplicate(void **state)
{
	static const struct prow rows[] = {
		{ "{\"a\":1,\"a\":2}", 0, JIN_DUPLICATE },
		{ "{\"a\":1,\"a\":1}", 0, JIN_DUPLICATE },
		{ "{\"a\":1,\"b\":2,\"a\":null}", 0, JIN_DUPLICATE },
		{ "{\"o\":{\"x\":1,\"x\":2}}", 0, JIN_DUPLICATE },
		{ "{\"l\":[{\"k\":1,\"k\":2}]}", 0, JIN_DUPLICATE },
		{ "{\"a\":1,\"\\u0061\":2}", 0, JIN_DUPLICATE },
		{ "{\"/\":1,\"\\/\":2}", 0, JIN_DUPLICATE },
		{ "{\"\xc3\xa9\":1,\"\\u00e9\":2}", 0, JIN_DUPLICATE },
		{ "{\"\\ud83d\\ude00\":1,\"\xf0\x9f\x98\x80\":2}", 0,
		    JIN_DUPLICATE },
		{ "{\"a\" :1, \"a\"\n:2}", 0, JIN_DUPLICATE },
		/* Not duplicates: */
		{ "{\"x\":{\"a\":1},\"a\":{\"x\":2}}", 0, JIN_OK },
		{ "{\"a\":\"a\",\"b\":[\"a\",\"a\"]}", 0, JIN_OK },
		{ "{\"a\":1,\"A\":2,\"a \":3}", 0, JIN_OK },
		{ "{\"\\\"\":1,\"\\\\\":2}", 0, JIN_OK },
	};

	(void)state;
	parse_rows(rows, NELEM(rows));
}

static void
test_dupkey_reports_key(void **state)
{
	char		 key[32];
	const char	*s;

	(void)state;
	s = "{\"z\":1,\"b\":1,\"z\":2,\"b\":2}";
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    1);
	assert_string_equal(key, "z");	/* the first the text repeats */
	s = "{\"b\":1,\"z\":1,\"z\":2,\"b\":2}";
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    1);
	assert_string_equal(key, "z");
	s = "{\"\\u0061bc\":1,\"abc\":2}";
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    1);
	assert_string_equal(key, "abc");
	s = "{\"a\":1,\"b\":2}";
	strcpy(key, "junk");
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    0);
	assert_string_equal(key, "");
	assert_int_equal(jscan_duplicate_key(s, 0, key, sizeof(key)), 0);
	assert_int_equal(jscan_duplicate_key("{\"a\":1,\"a\":1}", 13, NULL, 0),
	    1);
}

/* The key is cut to the buffer, never inside a character. */
static void
test_dupkey_truncates(void **state)
{
	const char	*s = "{\"abcdef\":1,\"abcdef\":2}";
	const char	*u = "{\"\xe4\xb8\xad\xe6\x96\x87\":1,"
			     "\"\xe4\xb8\xad\xe6\x96\x87\":2}";
	char		 key[5];

	(void)state;
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    1);
	assert_string_equal(key, "abcd");
	assert_int_equal(jscan_duplicate_key(u, strlen(u), key, sizeof(key)),
	    1);
	assert_string_equal(key, "\xe4\xb8\xad");
	assert_int_equal(jscan_duplicate_key(u, strlen(u), key, 3), 1);
	assert_string_equal(key, "");
}

/* Garbage must not crash the duplicate scan, whatever it answers. */
static void
test_dupkey_garbage_safe(void **state)
{
	static const char *const rows[] = {
		"\"", "{\"", "{\"a\\", "}}}}{\"a\":", "{\"a\":1,\"a\"",
		"\"a\":1,\"a\":2", "{\"\\u", "{\"\\ud800", "{\"a\\\":1}",
	};
	char	 key[8];
	size_t	 i;
	int	 r;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		r = jscan_duplicate_key(rows[i], strlen(rows[i]), key,
		    sizeof(key));
		if (r < 0 || r > 1)
			fail_msg("row %zu: %d", i, r);
		assert_true(strlen(key) < sizeof(key));
	}
}

/* Thousands of keys stay cheap (sorting, not pairwise comparison). */
static void
test_dupkey_many_keys(void **state)
{
	size_t	 n = 8000, i, k = 0, sz = n * 16 + 32;
	char	*buf, key[16];

	(void)state;
	assert_non_null(buf = malloc(sz));
	buf[k++] = '{';
	for (i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sz - k, "%s\"k%zu\":0",
		    i ? "," : "", i);
	buf[k++] = '}';
	assert_int_equal(jscan_duplicate_key(buf, k, key, sizeof(key)), 0);
	k--;
	k += (size_t)snprintf(buf + k, sz - k, ",\"k4321\":1}");
	assert_int_equal(jscan_duplicate_key(buf, k, key, sizeof(key)), 1);
	assert_string_equal(key, "k4321");
	free(buf);
}

/* Keys are compared as json-c stores them: cut at \u0000. */
static void
test_dupkey_cut_at_nul(void **state)
{
	char		 key[8];
	const char	*s;

	(void)state;
	s = "{\"a\\u0000b\":1,\"a\\u0000c\":2}";
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    1);
	assert_string_equal(key, "a");
	s = "{\"a\\u0000b\":1,\"a\":2}";
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    1);
	assert_string_equal(key, "a");
	s = "{\"a\\u0000b\":1,\"b\":2,\"ab\":3}";
	assert_int_equal(jscan_duplicate_key(s, strlen(s), key, sizeof(key)),
	    0);
}

/* The first significant byte, and where an escaped U+0000 was seen. */
static void
test_scan_document(void **state)
{
	static const struct {
		const char	*text;
		int		 depth;
		int		 first;
		unsigned	 found;
	} rows[] = {
		{ " {\"a\":[1]} ", 3, '{', 0 },
		{ "{\"a\":[1]}", 2, -1, 0 },
		{ "[1]", 2, '[', 0 },
		{ "\"x\"", 1, '"', 0 },
		{ "{}", 0, -1, 0 },
		{ "{}", JSCAN_DEPTH_MAX + 1, -1, 0 },
		{ "{\"a\":\"\\u0000\"}", 2, '{', JSCAN_NUL_STR },
		{ "[\"\\u0000\"]", 2, '[', JSCAN_NUL_STR },
		{ "{\"\\u0000\":1}", 2, '{', JSCAN_NUL_KEY },
		{ "{\"\\u0000\":\"\\u0000\"}", 2, '{',
		    JSCAN_NUL_KEY | JSCAN_NUL_STR },
		{ "{\"a\":\"\\\\u0000\"}", 2, '{', 0 },	/* "\\u0000" */
		{ "{\"a\":\"\\u0000\"", 2, -1, 0 },
	};
	unsigned	 found;
	size_t		 i;
	int		 first;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		found = 0xff;
		first = jscan_document(rows[i].text, strlen(rows[i].text),
		    rows[i].depth, &found);
		if (first != rows[i].first || found != rows[i].found)
			fail_msg("row %zu %s: first %d found %u", i,
			    rows[i].text, first, found);
	}
	assert_int_equal(jscan_document(NULL, 0, 1, NULL), -1);
	assert_int_equal(jscan_document("{}", 2, 1, NULL), '{');
}

/* jin_parse_ex(): the caller's depth, counted as jin_parse() counts. */
static void
test_parse_ex_depth(void **state)
{
	static const struct {
		const char	*body;
		int		 depth;
		enum jin_err	 want;
	} rows[] = {
		{ "{}", 1, JIN_OK },
		{ "{\"a\":1}", 1, JIN_MALFORMED },
		{ "{\"a\":1}", 2, JIN_OK },
		{ "{\"a\":[1]}", 3, JIN_OK },
		{ "{\"a\":[[1]]}", 3, JIN_MALFORMED },
		{ "{\"a\":{\"b\":{}}}", 3, JIN_OK },
		{ "{\"a\":{\"b\":{\"c\":1}}}", 3, JIN_MALFORMED },
		{ "{}", 0, JIN_MALFORMED },
		{ "{}", -1, JIN_MALFORMED },
		{ "{}", JIN_DEPTH + 1, JIN_MALFORMED },
		{ "{}", JIN_DEPTH, JIN_OK },
	};
	struct json_object	*o;
	enum jin_err		 e;
	size_t			 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		e = JIN__MAX;
		o = jin_parse_ex(rows[i].body, strlen(rows[i].body),
		    rows[i].depth, 0, NULL, &e);
		if (e != rows[i].want || (o != NULL) != (e == JIN_OK))
			fail_msg("row %zu %s depth %d: got \"%s\"", i,
			    rows[i].body, rows[i].depth, jin_err_str(e));
		json_object_put(o);
	}
}

/*
 * jin_parse_ex(): *nul reports U+0000 anywhere; JIN_KEY_NUL takes keys
 * holding it as json-c stores them, so that keys it would merge are
 * duplicates.
 */
static void
test_parse_ex_nul(void **state)
{
	static const struct {
		const char	*body;
		unsigned	 flags;
		enum jin_err	 want;
		int		 nul;
	} rows[] = {
		{ "{\"a\":\"x\"}", 0, JIN_OK, 0 },
		{ "{\"a\":\"\\u0000\"}", 0, JIN_OK, 1 },
		{ "{\"a\":{\"b\":[\"c\\u0000\"]}}", 0, JIN_OK, 1 },
		{ "{\"a\":\"\\\\u0000\"}", 0, JIN_OK, 0 },
		{ "{\"a\\u0000b\":1}", 0, JIN_MALFORMED, 0 },
		{ "{\"a\\u0000b\":1}", JIN_KEY_NUL, JIN_OK, 1 },
		{ "{\"a\\u0000b\":1,\"a\\u0000c\":2}", JIN_KEY_NUL,
		    JIN_DUPLICATE, 0 },
		{ "{\"a\\u0000b\":1,\"a\":2}", JIN_KEY_NUL, JIN_DUPLICATE,
		    0 },
		{ "{\"o\":{\"\\u0000x\":1,\"\\u0000y\":2}}", JIN_KEY_NUL,
		    JIN_DUPLICATE, 0 },
		{ "[{\"a\\u0000\":1}]", JIN_KEY_NUL, JIN_NOT_OBJECT, 0 },
		{ "[{\"a\\u0000\":1}]", 0, JIN_MALFORMED, 0 },
		{ "{\"a\":1,\"a\":\"\\u0000\"}", 0, JIN_DUPLICATE, 0 },
		{ "{\"a\":\"\\u0000\",}", 0, JIN_MALFORMED, 0 },
	};
	struct json_object	*o;
	const char		*b;
	enum jin_err		 e;
	size_t			 i;
	int			 nul;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		e = JIN__MAX;
		nul = -1;
		o = jin_parse_ex(rows[i].body, strlen(rows[i].body), JIN_DEPTH,
		    rows[i].flags, &nul, &e);
		if (e != rows[i].want || nul != rows[i].nul ||
		    (o != NULL) != (e == JIN_OK))
			fail_msg("row %zu %s: got \"%s\", nul %d", i,
			    rows[i].body, jin_err_str(e), nul);
		json_object_put(o);
	}
	/* The key json-c keeps is the part before the NUL. */
	b = "{\"a\\u0000b\":1}";
	o = jin_parse_ex(b, strlen(b), JIN_DEPTH, JIN_KEY_NUL, NULL, NULL);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "a", NULL));
	json_object_put(o);
}

/*
 * What json-c 0.16 does on its own, in strict mode: the reasons the
 * scanner exists.  If this fails after an upgrade, re-read SECURITY.md.
 */
static void
test_jsonc_quirks(void **state)
{
	static const char *const accepted[] = {
		"{'a':1}",
		"{\"a\":NaN}",
		"{\"a\":-Infinity}",
		"{\"a\":1.}",
		"{\"a\":\"\xc0\xaf\"}",
		"{\"a\":\"\xed\xa0\x80\"}",
		"{\"a\":\"x\ty\"}",
		"{\"a\":\"\\ud800\"}",
		"{\"a\":1,\"a\":2}",
	};
	struct json_tokener	*tok;
	struct json_object	*o, *v;
	size_t			 i;

	(void)state;
	if (json_c_version_num() != 0x001000)
		skip();
	for (i = 0; i < NELEM(accepted); i++) {
		assert_non_null(tok = json_tokener_new_ex(JIN_DEPTH));
		json_tokener_set_flags(tok,
		    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
		o = json_tokener_parse_ex(tok, accepted[i],
		    (int)strlen(accepted[i]));
		if (o == NULL)
			fail_msg("json-c now refuses %s", accepted[i]);
		json_object_put(o);
		json_tokener_free(tok);
		/* ...and jin_parse refuses every one. */
		assert_null(jin_parse(accepted[i], strlen(accepted[i]), NULL));
	}
	/* A key cut at \u0000 merges with another. */
	o = json_tokener_parse("{\"a\\u0000b\":1,\"a\":2}");
	assert_non_null(o);
	assert_int_equal(json_object_object_length(o), 1);
	json_object_put(o);
	/* Integers saturate instead of failing. */
	o = json_tokener_parse("{\"a\":99999999999999999999}");
	assert_true(json_object_object_get_ex(o, "a", &v));
	assert_int_equal(json_object_get_int64(v), INT64_MAX);
	json_object_put(o);
}

/* The money code relies on this: a parsed double keeps its token. */
static void
test_jsonc_double_keeps_text(void **state)
{
	static const char *const nums[] = { "12.50", "1.0", "1e3", "0.10" };
	struct json_object	*o, *v;
	char			 body[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < NELEM(nums); i++) {
		snprintf(body, sizeof(body), "{\"m\":%s}", nums[i]);
		o = must_parse(body);
		assert_true(json_object_object_get_ex(o, "m", &v));
		assert_true(json_object_is_type(v, json_type_double));
		assert_string_equal(json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN), nums[i]);
		json_object_put(o);
	}
}

/* --- jin_extract ------------------------------------------------ */

static void
test_extract_unknown_field(void **state)
{
	static const struct jin_field f[] = {
		{ "name", JT_STRING, 0, 0, 0, NULL },
		{ "n", JT_INT, 0, 0, 10, NULL },
	};
	struct json_object	*o;
	struct jin_value	 v[2];
	const char		*ef;

	(void)state;
	o = must_parse("{\"name\":\"x\",\"nam\":1}");
	assert_int_equal(jin_extract(o, f, 2, v, &ef), JIN_UNKNOWN_FIELD);
	assert_string_equal(ef, "nam");
	json_object_put(o);
	/* Reported even after a key with a bad value. */
	o = must_parse("{\"n\":\"bad\",\"Name\":\"x\"}");
	assert_int_equal(jin_extract(o, f, 2, v, &ef), JIN_UNKNOWN_FIELD);
	assert_string_equal(ef, "Name");
	json_object_put(o);
	/* No table at all: every key is unknown. */
	o = must_parse("{\"a\":1}");
	assert_int_equal(jin_extract(o, NULL, 0, NULL, &ef),
	    JIN_UNKNOWN_FIELD);
	assert_string_equal(ef, "a");
	json_object_put(o);
}

static void
test_extract_int_type(void **state)
{
	static const struct jin_field f = { "v", JT_INT, 0, -100, 100, NULL };
	static const struct xrow rows[] = {
		{ "12", JIN_OK, 12 },
		{ "-0", JIN_OK, 0 },
		{ "\"12\"", JIN_TYPE, 0 },
		{ "12.5", JIN_TYPE, 0 },
		{ "12.0", JIN_TYPE, 0 },
		{ "1e1", JIN_TYPE, 0 },
		{ "true", JIN_TYPE, 0 },
		{ "null", JIN_TYPE, 0 },
		{ "[1]", JIN_TYPE, 0 },
		{ "{}", JIN_TYPE, 0 },
		{ "\"12abc\"", JIN_TYPE, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 1);
}

static void
test_extract_int_range(void **state)
{
	static const struct jin_field f = { "v", JT_INT, 0, -5, 10, NULL };
	static const struct jin_field big = { "v", JT_INT, 0, LLONG_MIN,
	    LLONG_MAX, NULL };
	static const struct jin_field zero = { "v", JT_INT, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "-5", JIN_OK, -5 },
		{ "10", JIN_OK, 10 },
		{ "-6", JIN_INVALID, 0 },
		{ "11", JIN_INVALID, 0 },
	};
	static const struct xrow bigrows[] = {
		{ "9223372036854775806", JIN_OK, 9223372036854775806LL },
		{ "-9223372036854775807", JIN_OK, -9223372036854775807LL },
		/* json-c saturates these: refused, not clamped. */
		{ "9223372036854775807", JIN_INVALID, 0 },
		{ "99999999999999999999", JIN_INVALID, 0 },
		{ "-9223372036854775809", JIN_INVALID, 0 },
	};
	static const struct xrow zerorows[] = {
		{ "0", JIN_OK, 0 },
		{ "1", JIN_INVALID, 0 },
		{ "-1", JIN_INVALID, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 1);
	extract_rows(&big, bigrows, NELEM(bigrows), 1);
	extract_rows(&zero, zerorows, NELEM(zerorows), 1);
}

static void
test_extract_bool(void **state)
{
	static const struct jin_field f = { "v", JT_BOOL, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "true", JIN_OK, 1 },
		{ "false", JIN_OK, 0 },
		{ "\"yes\"", JIN_TYPE, 0 },
		{ "\"true\"", JIN_TYPE, 0 },
		{ "1", JIN_TYPE, 0 },
		{ "0", JIN_TYPE, 0 },
		{ "null", JIN_TYPE, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 1);
}

static void
test_extract_string_value(void **state)
{
	static const struct jin_field f[] = {
		{ "name", JT_STRING, JF_REQUIRED, 1, 0, NULL },
		{ "note", JT_TEXT, 0, 0, 0, NULL },
	};
	struct json_object	*o;
	struct jin_value	 v[2];
	const char		*ef = "junk";

	(void)state;
	o = must_parse("{\"note\":\"a\\nb\",\"name\":\"\\u5170\\u5c71 A\"}");
	assert_int_equal(jin_extract(o, f, 2, v, &ef), JIN_OK);
	assert_null(ef);
	assert_true(v[0].present);
	assert_false(v[0].is_null);
	assert_int_equal(v[0].len, 8);
	assert_memory_equal(v[0].s, "\xe5\x85\xb0\xe5\xb1\xb1 A", 8);
	assert_int_equal(v[1].len, 3);
	assert_memory_equal(v[1].s, "a\nb", 3);
	json_object_put(o);
}

static void
test_extract_string_type(void **state)
{
	static const struct jin_field f = { "v", JT_STRING, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "\"x\"", JIN_OK, 0 },
		{ "12", JIN_TYPE, 0 },
		{ "1.5", JIN_TYPE, 0 },
		{ "true", JIN_TYPE, 0 },
		{ "[\"x\"]", JIN_TYPE, 0 },
		{ "{\"x\":1}", JIN_TYPE, 0 },
		{ "null", JIN_TYPE, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 0);
}

/* One line: no C0, DEL or C1 control; nothing is trimmed. */
static void
test_extract_string_controls(void **state)
{
	static const struct jin_field f = { "v", JT_STRING, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "\"a\\nb\"", JIN_INVALID, 0 },
		{ "\"a\\tb\"", JIN_INVALID, 0 },
		{ "\"a\\rb\"", JIN_INVALID, 0 },
		{ "\"\\u0001\"", JIN_INVALID, 0 },
		{ "\"\\u001f\"", JIN_INVALID, 0 },
		{ "\"\\u007f\"", JIN_INVALID, 0 },
		{ "\"\x7f\"", JIN_INVALID, 0 },
		{ "\"\\u0085\"", JIN_INVALID, 0 },
		{ "\"\\u009f\"", JIN_INVALID, 0 },
		{ "\"\\u00a0\"", JIN_OK, 0 },
		{ "\" padded \"", JIN_OK, 0 },
		{ "\"a\\/b\\\"c\"", JIN_OK, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 0);
}

static void
test_extract_text_controls(void **state)
{
	static const struct jin_field f = { "v", JT_TEXT, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "\"a\\nb\"", JIN_OK, 0 },
		{ "\"a\\tb\"", JIN_OK, 0 },
		{ "\"a\\r\\nb\"", JIN_INVALID, 0 },
		{ "\"\\u0000\"", JIN_INVALID, 0 },
		{ "\"\\u0007\"", JIN_INVALID, 0 },
		{ "\"\\u001b[31m\"", JIN_INVALID, 0 },
		{ "\"\\u007f\"", JIN_INVALID, 0 },
		{ "\"\\u0080\"", JIN_INVALID, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 0);
}

/* json-c lets \u0000 into strings; its length reveals it. */
static void
test_extract_embedded_nul(void **state)
{
	static const struct jin_field s = { "v", JT_STRING, 0, 0, 0, NULL };
	static const struct jin_field t = { "v", JT_TEXT, 0, 0, 0, NULL };
	static const struct jin_field c = { "v", JT_CODE, 0, 0, 0, code_kind };
	static const struct jin_field d = { "v", JT_DATE, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "\"a\\u0000b\"", JIN_INVALID, 0 },
		{ "\"\\u0000\"", JIN_INVALID, 0 },
	};
	static const struct xrow crows[] = {
		{ "\"cctv\\u0000\"", JIN_INVALID, 0 },
		{ "\"cctv\\u0000x\"", JIN_INVALID, 0 },
	};
	static const struct xrow drows[] = {
		{ "\"2024-01-0\\u0000\"", JIN_INVALID, 0 },
	};

	(void)state;
	extract_rows(&s, rows, NELEM(rows), 0);
	extract_rows(&t, rows, NELEM(rows), 0);
	extract_rows(&c, crows, NELEM(crows), 0);
	extract_rows(&d, drows, NELEM(drows), 0);
}

/* Make a JSON string value of n copies of the UTF-8 unit u. */
static char *
repeat(const char *u, size_t n)
{
	size_t	 ul = strlen(u), i;
	char	*s;

	assert_non_null(s = malloc(ul * n + 3));
	s[0] = '"';
	for (i = 0; i < n; i++)
		memcpy(s + 1 + i * ul, u, ul);
	memcpy(s + 1 + n * ul, "\"", 2);
	return s;
}

/* Lengths count characters, not bytes; max 0 means the default. */
static void
test_extract_string_length(void **state)
{
	static const struct jin_field s = { "v", JT_STRING, 0, 0, 0, NULL };
	static const struct jin_field t = { "v", JT_TEXT, 0, 0, 0, NULL };
	static const struct jin_field r = { "v", JT_STRING, 0, 2, 3, NULL };
	struct xrow	 rows[4];
	char		*a, *b, *c, *d;

	(void)state;
	a = repeat("x", JIN_STRING_MAX);
	b = repeat("\xe4\xb8\xad", JIN_STRING_MAX + 1);
	rows[0] = (struct xrow){ a, JIN_OK, 0 };
	rows[1] = (struct xrow){ b, JIN_INVALID, 0 };
	extract_rows(&s, rows, 2, 0);
	free(a);
	free(b);
	a = repeat("\xe4\xb8\xad", JIN_TEXT_MAX);	/* 6000 bytes */
	b = repeat("x", JIN_TEXT_MAX + 1);
	c = repeat("\xf0\x9f\x98\x80", 3);
	d = repeat("\\u00e9", 4);
	rows[0] = (struct xrow){ a, JIN_OK, 0 };
	rows[1] = (struct xrow){ b, JIN_INVALID, 0 };
	extract_rows(&t, rows, 2, 0);
	rows[0] = (struct xrow){ c, JIN_OK, 0 };
	rows[1] = (struct xrow){ d, JIN_INVALID, 0 };
	rows[2] = (struct xrow){ "\"x\"", JIN_INVALID, 0 };
	rows[3] = (struct xrow){ "\"\xe4\xb8\xad\xe4\xb8\xad\"", JIN_OK, 0 };
	extract_rows(&r, rows, 4, 0);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void
test_extract_empty_string(void **state)
{
	static const struct jin_field req = { "v", JT_STRING, JF_REQUIRED,
	    0, 0, NULL };
	static const struct jin_field treq = { "v", JT_TEXT, JF_REQUIRED,
	    0, 0, NULL };
	static const struct jin_field opt = { "v", JT_STRING, 0, 0, 0, NULL };
	static const struct xrow bad[] = { { "\"\"", JIN_INVALID, 0 } };
	static const struct xrow good[] = {
		{ "\"\"", JIN_OK, 0 },
		{ "\" \"", JIN_OK, 0 },
	};

	(void)state;
	extract_rows(&req, bad, NELEM(bad), 0);
	extract_rows(&treq, bad, NELEM(bad), 0);
	extract_rows(&opt, good, NELEM(good), 0);
}

static void
test_extract_money_valid(void **state)
{
	static const struct jin_field f = { "v", JT_MONEY, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "0", JIN_OK, 0 },
		{ "0.0", JIN_OK, 0 },
		{ "12", JIN_OK, 1200 },
		{ "12.5", JIN_OK, 1250 },
		{ "12.50", JIN_OK, 1250 },
		{ "12.05", JIN_OK, 1205 },
		{ "0.01", JIN_OK, 1 },
		{ "0.1", JIN_OK, 10 },
		{ "1234.56", JIN_OK, 123456 },
		{ "0.29", JIN_OK, 29 },		/* 0.29 * 100 is 28.999... */
		{ "1.15", JIN_OK, 115 },
		{ "999999999999.99", JIN_OK, 99999999999999LL },
		{ "1000000000000", JIN_OK, JIN_MONEY_MAX },
		{ "1000000000000.00", JIN_OK, JIN_MONEY_MAX },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 1);
}

static void
test_extract_money_invalid(void **state)
{
	static const struct jin_field f = { "v", JT_MONEY, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "12.345", JIN_INVALID, 0 },
		{ "12.340", JIN_INVALID, 0 },
		{ "0.001", JIN_INVALID, 0 },
		{ "1e3", JIN_INVALID, 0 },
		{ "1E3", JIN_INVALID, 0 },
		{ "1.5e2", JIN_INVALID, 0 },
		{ "1e-2", JIN_INVALID, 0 },
		{ "1e999", JIN_INVALID, 0 },
		{ "-1", JIN_INVALID, 0 },
		{ "-0.5", JIN_INVALID, 0 },
		{ "-0.0", JIN_INVALID, 0 },
		{ "1000000000000.01", JIN_INVALID, 0 },
		{ "1000000000001", JIN_INVALID, 0 },
		{ "99999999999999999999", JIN_INVALID, 0 },
		{ "99999999999999999999.5", JIN_INVALID, 0 },
		{ "\"12\"", JIN_TYPE, 0 },
		{ "\"12.50\"", JIN_TYPE, 0 },
		{ "true", JIN_TYPE, 0 },
		{ "null", JIN_TYPE, 0 },
		{ "[12]", JIN_TYPE, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 0);
}

static void
test_extract_money_range(void **state)
{
	static const struct jin_field f = { "v", JT_MONEY, 0, 100, 50000,
	    NULL };
	static const struct xrow rows[] = {
		{ "1", JIN_OK, 100 },
		{ "500", JIN_OK, 50000 },
		{ "0.99", JIN_INVALID, 0 },
		{ "500.01", JIN_INVALID, 0 },
		{ "0", JIN_INVALID, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 1);
}

static void
test_extract_date_valid(void **state)
{
	static const struct jin_field f = { "v", JT_DATE, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "\"2024-02-29\"", JIN_OK, 20240229 },
		{ "\"2000-02-29\"", JIN_OK, 20000229 },
		{ "\"1900-01-01\"", JIN_OK, 19000101 },
		{ "\"2100-12-31\"", JIN_OK, 21001231 },
		{ "\"2016-04-30\"", JIN_OK, 20160430 },
		{ "\"2017-12-31\"", JIN_OK, 20171231 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 1);
}

static void
test_extract_date_invalid(void **state)
{
	static const struct jin_field f = { "v", JT_DATE, 0, 0, 0, NULL };
	static const struct xrow rows[] = {
		{ "\"2023-02-29\"", JIN_INVALID, 0 },
		{ "\"1900-02-29\"", JIN_INVALID, 0 },	/* not leap */
		{ "\"2100-02-29\"", JIN_INVALID, 0 },	/* not leap */
		{ "\"2024-02-30\"", JIN_INVALID, 0 },
		{ "\"2024-04-31\"", JIN_INVALID, 0 },
		{ "\"2024-13-01\"", JIN_INVALID, 0 },
		{ "\"2024-00-10\"", JIN_INVALID, 0 },
		{ "\"2024-01-00\"", JIN_INVALID, 0 },
		{ "\"2024-01-32\"", JIN_INVALID, 0 },
		{ "\"1899-12-31\"", JIN_INVALID, 0 },
		{ "\"2101-01-01\"", JIN_INVALID, 0 },
		{ "\"2024-1-01\"", JIN_INVALID, 0 },
		{ "\"2024-01-1\"", JIN_INVALID, 0 },
		{ "\"2024/01/01\"", JIN_INVALID, 0 },
		{ "\"20240101\"", JIN_INVALID, 0 },
		{ "\"2024-01-01T00:00\"", JIN_INVALID, 0 },
		{ "\" 2024-01-01\"", JIN_INVALID, 0 },
		{ "\"2024-01-01 \"", JIN_INVALID, 0 },
		{ "\"+024-01-01\"", JIN_INVALID, 0 },
		{ "\"2024-0a-01\"", JIN_INVALID, 0 },
		{ "\"\"", JIN_INVALID, 0 },
		{ "20240101", JIN_TYPE, 0 },
		{ "null", JIN_TYPE, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 0);
}

static void
test_extract_code(void **state)
{
	static const struct jin_field f = { "v", JT_CODE, 0, 0, 0, code_kind };
	static const struct jin_field nolookup = { "v", JT_CODE, 0, 0, 0,
	    NULL };
	static const struct xrow rows[] = {
		{ "\"cctv\"", JIN_OK, KIND_CCTV },
		{ "\"other\"", JIN_OK, KIND_OTHER },
		{ "\"property_room\"", JIN_OK, KIND_PROPERTY_ROOM },
		{ "\"CCTV\"", JIN_INVALID, 0 },
		{ "\"cctv \"", JIN_INVALID, 0 },
		{ "\"cct\"", JIN_INVALID, 0 },
		{ "\"\"", JIN_INVALID, 0 },
		{ "0", JIN_TYPE, 0 },
		{ "[\"cctv\"]", JIN_TYPE, 0 },
	};
	static const struct xrow norows[] = {
		{ "\"cctv\"", JIN_INVALID, 0 },
	};

	(void)state;
	extract_rows(&f, rows, NELEM(rows), 1);
	extract_rows(&nolookup, norows, NELEM(norows), 0);
}

static void
test_extract_null(void **state)
{
	static const struct jin_field f[] = {
		{ "a", JT_DATE, JF_NULLABLE, 0, 0, NULL },
		{ "b", JT_INT, 0, 0, 10, NULL },
		{ "c", JT_STRING, JF_REQUIRED | JF_NULLABLE, 0, 0, NULL },
	};
	struct json_object	*o;
	struct jin_value	 v[3];
	const char		*ef;

	(void)state;
	o = must_parse("{\"a\":null,\"c\":\"x\"}");
	assert_int_equal(jin_extract(o, f, 3, v, &ef), JIN_OK);
	assert_true(v[0].present);
	assert_true(v[0].is_null);
	assert_false(v[1].present);
	json_object_put(o);
	o = must_parse("{\"b\":null,\"c\":\"x\"}");
	assert_int_equal(jin_extract(o, f, 3, v, &ef), JIN_TYPE);
	assert_string_equal(ef, "b");
	json_object_put(o);
	/* Required means not null, even when null is allowed. */
	o = must_parse("{\"c\":null}");
	assert_int_equal(jin_extract(o, f, 3, v, &ef), JIN_MISSING);
	assert_string_equal(ef, "c");
	json_object_put(o);
}

static void
test_extract_missing(void **state)
{
	static const struct jin_field f[] = {
		{ "opt", JT_BOOL, 0, 0, 0, NULL },
		{ "req", JT_INT, JF_REQUIRED, 1, 5, NULL },
	};
	struct json_object	*o;
	struct jin_value	 v[2];
	const char		*ef;

	(void)state;
	o = must_parse("{\"opt\":true}");
	assert_int_equal(jin_extract(o, f, 2, v, &ef), JIN_MISSING);
	assert_string_equal(ef, "req");
	json_object_put(o);
	o = must_parse("{}");
	assert_int_equal(jin_extract(o, f, 2, v, NULL), JIN_MISSING);
	json_object_put(o);
	o = must_parse("{\"req\":3}");
	assert_int_equal(jin_extract(o, f, 2, v, &ef), JIN_OK);
	assert_false(v[0].present);
	assert_true(v[1].present);
	assert_int_equal(v[1].i, 3);
	json_object_put(o);
	/* A type error outranks a missing field. */
	o = must_parse("{\"opt\":1}");
	assert_int_equal(jin_extract(o, f, 2, v, &ef), JIN_TYPE);
	assert_string_equal(ef, "opt");
	json_object_put(o);
}

static void
test_extract_not_object(void **state)
{
	static const struct jin_field f = { "v", JT_INT, 0, 0, 1, NULL };
	struct json_object	*a;
	struct jin_value	 v;
	const char		*ef = "junk";

	(void)state;
	assert_int_equal(jin_extract(NULL, &f, 1, &v, &ef), JIN_NOT_OBJECT);
	assert_null(ef);
	a = json_object_new_array();
	assert_int_equal(jin_extract(a, &f, 1, &v, &ef), JIN_NOT_OBJECT);
	json_object_put(a);
}

/* Stale values from an earlier request never leak through. */
static void
test_extract_clears_values(void **state)
{
	static const struct jin_field f[] = {
		{ "a", JT_INT, 0, 0, 9, NULL },
		{ "b", JT_STRING, 0, 0, 0, NULL },
	};
	struct json_object	*o;
	struct jin_value	 v[2];

	(void)state;
	memset(v, 0x5a, sizeof(v));
	o = must_parse("{\"a\":4}");
	assert_int_equal(jin_extract(o, f, 2, v, NULL), JIN_OK);
	assert_int_equal(v[0].i, 4);
	assert_false(v[1].present);
	assert_false(v[1].is_null);
	assert_null(v[1].s);
	assert_int_equal(v[1].len, 0);
	assert_int_equal(v[1].i, 0);
	json_object_put(o);
}

/* A table row with a type past JT__MAX refuses rather than reads. */
static void
test_extract_bad_table(void **state)
{
	struct jin_field	 f = { "v", JT_INT, 0, 0, 9, NULL };
	struct json_object	*o;
	struct jin_value	 v;

	(void)state;
	f.type = (enum jin_type)JT__MAX;
	o = must_parse("{\"v\":1}");
	assert_int_equal(jin_extract(o, &f, 1, &v, NULL), JIN_INVALID);
	json_object_put(o);
}

/* The item body of DESIGN §8, as a handler would declare it. */
static void
test_extract_item_body(void **state)
{
	enum { F_KIND, F_COND, F_SEL, F_EST, F_NOTE, F__MAX };
	static const struct jin_field f[F__MAX] = {
		{ "kind", JT_CODE, JF_REQUIRED, 0, 0, code_kind },
		{ "condition", JT_CODE, JF_REQUIRED, 0, 0, code_condition },
		{ "selected", JT_BOOL, JF_REQUIRED, 0, 0, NULL },
		{ "estimate_yuan", JT_MONEY, 0, 0, 0, NULL },
		{ "note", JT_TEXT, JF_NULLABLE, 0, 0, NULL },
	};
	struct json_object	*o;
	struct jin_value	 v[F__MAX];
	const char		*ef;

	(void)state;
	o = must_parse("{\"kind\":\"lift\",\"condition\":\"poor\","
	    "\"selected\":true,\"estimate_yuan\":350000.5,\"note\":null}");
	assert_int_equal(jin_extract(o, f, F__MAX, v, &ef), JIN_OK);
	assert_int_equal(v[F_KIND].i, KIND_LIFT);
	assert_int_equal(v[F_COND].i, COND_POOR);
	assert_int_equal(v[F_SEL].i, 1);
	assert_int_equal(v[F_EST].i, 35000050);
	assert_true(v[F_NOTE].is_null);
	json_object_put(o);
	o = must_parse("{\"kind\":\"lift\",\"condition\":\"poor\","
	    "\"selected\":\"true\"}");
	assert_int_equal(jin_extract(o, f, F__MAX, v, &ef), JIN_TYPE);
	assert_string_equal(ef, "selected");
	json_object_put(o);
}

/* --- messages and money text ------------------------------------ */

static void
test_err_str(void **state)
{
	static const struct {
		enum jin_err	 e;
		const char	*msg;
	} rows[] = {
		{ JIN_MALFORMED, "malformed JSON" },
		{ JIN_NOT_OBJECT, "body must be a JSON object" },
		{ JIN_DUPLICATE, "duplicate field" },
		{ JIN_UNKNOWN_FIELD, "unknown field" },
		{ JIN_TYPE, "wrong type" },
		{ JIN_INVALID, "invalid value" },
		{ JIN_MISSING, "missing field" },
	};
	size_t	 i, j;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		assert_string_equal(jin_err_str(rows[i].e), rows[i].msg);
	for (i = 0; i < JIN__MAX; i++)
		for (j = i + 1; j < JIN__MAX; j++)
			assert_string_not_equal(jin_err_str((enum jin_err)i),
			    jin_err_str((enum jin_err)j));
	assert_non_null(jin_err_str(JIN__MAX));
	assert_non_null(jin_err_str((enum jin_err)-1));
}

static void
test_money_str(void **state)
{
	static const struct {
		long long	 fen;
		const char	*s;
	} rows[] = {
		{ 0, "0.00" },
		{ 5, "0.05" },
		{ 50, "0.50" },
		{ 123450, "1234.50" },
		{ 100, "1.00" },
		{ -5, "-0.05" },
		{ -123456, "-1234.56" },
		{ JIN_MONEY_MAX, "1000000000000.00" },
		{ LLONG_MAX, "92233720368547758.07" },
		{ LLONG_MIN, "-92233720368547758.08" },
	};
	char	 buf[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		jin_money_str(rows[i].fen, buf, sizeof(buf));
		assert_string_equal(buf, rows[i].s);
	}
	jin_money_str(123450, buf, 4);		/* cut, but terminated */
	assert_string_equal(buf, "123");
	jin_money_str(1, NULL, 0);		/* no crash */
}

/* What we print, we accept back, to the fen. */
static void
test_money_roundtrip(void **state)
{
	static const struct jin_field f = { "m", JT_MONEY, 0, 0, 0, NULL };
	static const long long fens[] = { 0, 1, 10, 99, 100, 101, 2900,
	    123456789, JIN_MONEY_MAX };
	struct json_object	*o;
	struct jin_value	 v;
	char			 buf[32], body[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < NELEM(fens); i++) {
		jin_money_str(fens[i], buf, sizeof(buf));
		snprintf(body, sizeof(body), "{\"m\":%s}", buf);
		o = must_parse(body);
		assert_int_equal(jin_extract(o, &f, 1, &v, NULL), JIN_OK);
		assert_int_equal(v.i, fens[i]);
		json_object_put(o);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_trailing),
		cmocka_unit_test(test_parse_trailing_comma),
		cmocka_unit_test(test_parse_single_quotes),
		cmocka_unit_test(test_parse_nan_infinity),
		cmocka_unit_test(test_parse_comments),
		cmocka_unit_test(test_parse_bad_numbers),
		cmocka_unit_test(test_parse_invalid_utf8),
		cmocka_unit_test(test_parse_raw_controls),
		cmocka_unit_test(test_parse_bad_escapes),
		cmocka_unit_test(test_parse_key_nul),
		cmocka_unit_test(test_parse_structure),
		cmocka_unit_test(test_parse_truncated),
		cmocka_unit_test(test_parse_literals),
		cmocka_unit_test(test_parse_empty),
		cmocka_unit_test(test_parse_not_object),
		cmocka_unit_test(test_parse_depth),
		cmocka_unit_test(test_parse_very_deep),
		cmocka_unit_test(test_parse_duplicate),
		cmocka_unit_test(test_dupkey_reports_key),
		cmocka_unit_test(test_dupkey_truncates),
		cmocka_unit_test(test_dupkey_garbage_safe),
		cmocka_unit_test(test_dupkey_many_keys),
		cmocka_unit_test(test_dupkey_cut_at_nul),
		cmocka_unit_test(test_scan_document),
		cmocka_unit_test(test_parse_ex_depth),
		cmocka_unit_test(test_parse_ex_nul),
		cmocka_unit_test(test_jsonc_quirks),
		cmocka_unit_test(test_jsonc_double_keeps_text),
		cmocka_unit_test(test_extract_unknown_field),
		cmocka_unit_test(test_extract_int_type),
		cmocka_unit_test(test_extract_int_range),
		cmocka_unit_test(test_extract_bool),
		cmocka_unit_test(test_extract_string_value),
		cmocka_unit_test(test_extract_string_type),
		cmocka_unit_test(test_extract_string_controls),
		cmocka_unit_test(test_extract_text_controls),
		cmocka_unit_test(test_extract_embedded_nul),
		cmocka_unit_test(test_extract_string_length),
		cmocka_unit_test(test_extract_empty_string),
		cmocka_unit_test(test_extract_money_valid),
		cmocka_unit_test(test_extract_money_invalid),
		cmocka_unit_test(test_extract_money_range),
		cmocka_unit_test(test_extract_date_valid),
		cmocka_unit_test(test_extract_date_invalid),
		cmocka_unit_test(test_extract_code),
		cmocka_unit_test(test_extract_null),
		cmocka_unit_test(test_extract_missing),
		cmocka_unit_test(test_extract_not_object),
		cmocka_unit_test(test_extract_clears_values),
		cmocka_unit_test(test_extract_bad_table),
		cmocka_unit_test(test_extract_item_body),
		cmocka_unit_test(test_err_str),
		cmocka_unit_test(test_money_str),
		cmocka_unit_test(test_money_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
