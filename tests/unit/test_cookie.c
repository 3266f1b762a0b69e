/*
 * test_cookie.c - the Cookie request header (app/cookie.c).
 * Table-driven: each test is one behaviour, each row one header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cookie.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A cookie_get call and its expected answer. */
struct crow {
	const char	*header;
	const char	*name;
	int		 want;
	const char	*out;	/* when want is 1 */
};

static void
cookie_rows(const struct crow *rows, size_t n)
{
	char	 out[32];
	size_t	 i;
	int	 r;

	for (i = 0; i < n; i++) {
		memset(out, 'X', sizeof(out));
		r = cookie_get(rows[i].header, rows[i].name, out, sizeof(out));
		if (r != rows[i].want)
			fail_msg("row %zu \"%s\" [%s]: got %d, want %d", i,
			    rows[i].header ? rows[i].header : "(null)",
			    rows[i].name ? rows[i].name : "(null)", r,
			    rows[i].want);
		if (r == 1 && strcmp(out, rows[i].out) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, out,
			    rows[i].out);
		if (r != 1 && out[0] != '\0')
			fail_msg("row %zu: output not cleared", i);
	}
}

static void
test_found(void **state)
{
	static const struct crow rows[] = {
		{ "sid=abc", "sid", 1, "abc" },
		{ "a=1; sid=abc", "sid", 1, "abc" },
		{ "sid=abc; a=1", "sid", 1, "abc" },
		{ "a=1; sid=abc; b=2", "sid", 1, "abc" },
		{ "sid=", "sid", 1, "" },			/* empty value */
		{ "sid=\"abc\"", "sid", 1, "abc" },		/* DQUOTEs dropped */
		{ "sid=\"\"", "sid", 1, "" },
		{ "sid=eyJh.eyJz-_x", "sid", 1, "eyJh.eyJz-_x" },
		{ "sid=a=b", "sid", 1, "a=b" },		/* '=' is an octet */
		{ "sid=!#$%&'()*+-./:<>?@[]^_`{|}~", "sid", 1,
		  "!#$%&'()*+-./:<>?@[]^_`{|}~" },
		{ "SID=x; sid=y", "sid", 1, "y" },		/* names are case-sensitive */
		{ "a.b-c_d=1", "a.b-c_d", 1, "1" },
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

static void
test_absent(void **state)
{
	static const struct crow rows[] = {
		{ NULL, "sid", 0, NULL },
		{ "", "sid", 0, NULL },
		{ "a=1", "sid", 0, NULL },
		{ "sidx=1; xsid=2", "sid", 0, NULL },
		{ "si=1", "sid", 0, NULL },
		{ "a=sid=1", "sid", 0, NULL },			/* in a value */
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

/* A second cookie of the wanted name (cookie tossing) is refused. */
static void
test_duplicate(void **state)
{
	static const struct crow rows[] = {
		{ "sid=a; sid=b", "sid", -1, NULL },
		{ "sid=a; sid=a", "sid", -1, NULL },		/* even the same */
		{ "sid=a; x=1; sid=", "sid", -1, NULL },
		{ "a=1; a=2; sid=x", "sid", 1, "x" },		/* others may repeat */
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

/* Pairs are separated by exactly "; ". */
static void
test_separators(void **state)
{
	static const struct crow rows[] = {
		{ "a=1;sid=x", "sid", -1, NULL },
		{ "a=1;  sid=x", "sid", -1, NULL },
		{ "a=1 ; sid=x", "sid", 1, "x" },		/* "1 " is a's value */
		{ "a=1, sid=x", "sid", 0, NULL },		/* one cookie a */
		{ "sid=x;", "sid", -1, NULL },
		{ "sid=x; ", "sid", -1, NULL },
		{ "; sid=x", "sid", -1, NULL },
		{ " sid=x", "sid", -1, NULL },
		{ "sid=x; ; a=1", "sid", -1, NULL },
		{ "a=1;\tsid=x", "sid", -1, NULL },
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

/* Every pair needs a token name and "=". */
static void
test_malformed_pairs(void **state)
{
	static const struct crow rows[] = {
		{ "sid", "sid", -1, NULL },
		{ "=x", "sid", -1, NULL },
		{ "a; sid=x", "sid", -1, NULL },
		{ "sid=x; b", "sid", -1, NULL },
		{ "s d=1; sid=x", "sid", -1, NULL },
		{ "a(b)=1; sid=x", "sid", -1, NULL },
		{ "a\"=1; sid=x", "sid", -1, NULL },
		{ "\xe5\x90\x8d=1; sid=x", "sid", -1, NULL },	/* non-ASCII name */
		{ "sid =x", "sid", -1, NULL },
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

/* Control characters anywhere refuse the whole header. */
static void
test_controls(void **state)
{
	static const struct crow rows[] = {
		{ "sid=a\rb", "sid", -1, NULL },
		{ "sid=a\nSet-Cookie: x=1", "sid", -1, NULL },
		{ "a=\x01; sid=x", "sid", -1, NULL },
		{ "sid=x; a=\x7f", "sid", -1, NULL },
		{ "sid=x; a=b\tc", "sid", -1, NULL },
		{ "a\x1f=1; sid=x", "sid", -1, NULL },
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

/* The wanted value must be cookie-octets; other values are tolerated. */
static void
test_value_octets(void **state)
{
	static const struct crow rows[] = {
		{ "sid=a b", "sid", -1, NULL },
		{ "sid=a,b", "sid", -1, NULL },
		{ "sid=a\\b", "sid", -1, NULL },
		{ "sid=\"a", "sid", -1, NULL },
		{ "sid=a\"", "sid", -1, NULL },
		{ "sid=\"", "sid", -1, NULL },
		{ "sid=\"a\"b\"", "sid", -1, NULL },
		{ "sid=\"a b\"", "sid", -1, NULL },
		{ "sid=\xc3\xa9", "sid", -1, NULL },
		{ "sid=x ", "sid", -1, NULL },
		{ "pref=a b,c\\\"\xc3\xa9; sid=x", "sid", 1, "x" },
		{ "sid=x; pref=\xff", "sid", 1, "x" },
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

/* The wanted name must itself be a token. */
static void
test_bad_name(void **state)
{
	static const struct crow rows[] = {
		{ "sid=x", NULL, -1, NULL },
		{ "sid=x", "", -1, NULL },
		{ "a b=x", "a b", -1, NULL },
		{ "sid=x", "sid;", -1, NULL },
		{ "sid=x", "sid=", -1, NULL },
	};

	(void)state;
	cookie_rows(rows, NELEM(rows));
}

/* A value and its NUL must fit in outsz; a bad out is refused. */
static void
test_overflow(void **state)
{
	char	 out[4], big[8192];

	(void)state;
	assert_int_equal(cookie_get("sid=abc", "sid", out, 4), 1);
	assert_string_equal(out, "abc");
	memset(out, 'X', sizeof(out));
	assert_int_equal(cookie_get("sid=abcd", "sid", out, 4), -1);
	assert_int_equal(out[0], '\0');
	assert_int_equal(cookie_get("sid=\"abc\"", "sid", out, 4), 1);
	assert_string_equal(out, "abc");
	assert_int_equal(cookie_get("sid=x", "sid", out, 0), -1);
	assert_int_equal(cookie_get("sid=x", "sid", NULL, 4), -1);
	/* A long foreign cookie does not matter; a long wanted one does. */
	memset(big, 'a', sizeof(big));
	memcpy(big, "pad=", 4);
	strcpy(big + sizeof(big) - 10, "; sid=ok");
	assert_int_equal(cookie_get(big, "sid", out, sizeof(out)), 1);
	assert_string_equal(out, "ok");
	memcpy(big, "sid=", 4);
	strcpy(big + sizeof(big) - 10, "; a=bcdef");
	assert_int_equal(cookie_get(big, "sid", out, sizeof(out)), -1);
	assert_int_equal(out[0], '\0');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_malformed_pairs),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_value_octets),
		cmocka_unit_test(test_bad_name),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
