/*
 * test_urlenc.c - query strings and form bodies (app/urlenc.c).
 * Table-driven: each test is one behaviour, each row one input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "urlenc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* An input of url_decode, its plus mode and the expected result. */
struct drow {
	const char	*in;
	size_t		 len;	/* 0: strlen */
	int		 plus;
	long		 want;	/* length, or -1 */
	const char	*out;	/* when want >= 0 */
};

static void
decode_rows(const struct drow *rows, size_t n)
{
	char	 out[64];
	size_t	 i, len;
	long	 r;

	for (i = 0; i < n; i++) {
		len = rows[i].len ? rows[i].len : strlen(rows[i].in);
		memset(out, 'X', sizeof(out));
		r = url_decode(rows[i].in, len, out, sizeof(out), rows[i].plus);
		if (r != rows[i].want)
			fail_msg("row %zu \"%s\": got %ld, want %ld", i,
			    rows[i].in, r, rows[i].want);
		if (r >= 0 && (strcmp(out, rows[i].out) != 0 ||
		    strlen(out) != (size_t)r))
			fail_msg("row %zu: got \"%s\"", i, out);
		if (r < 0 && out[0] != '\0')
			fail_msg("row %zu: output not cleared", i);
	}
}

/* A query_get call and its expected answer. */
struct qrow {
	const char	*qs;
	const char	*name;
	int		 want;
	const char	*out;	/* when want is 1 */
};

static void
query_rows(const struct qrow *rows, size_t n)
{
	char	 out[64];
	size_t	 i;
	int	 r;

	for (i = 0; i < n; i++) {
		memset(out, 'X', sizeof(out));
		r = query_get(rows[i].qs, rows[i].name, out, sizeof(out));
		if (r != rows[i].want)
			fail_msg("row %zu \"%s\" [%s]: got %d, want %d", i,
			    rows[i].qs ? rows[i].qs : "(null)", rows[i].name,
			    r, rows[i].want);
		if (r == 1 && strcmp(out, rows[i].out) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, out,
			    rows[i].out);
		if (r != 1 && out[0] != '\0')
			fail_msg("row %zu: output not cleared", i);
	}
}

/* --- url_decode ------------------------------------------------- */

static void
test_decode_basic(void **state)
{
	static const struct drow rows[] = {
		{ "abc", 0, 0, 3, "abc" },
		{ "", 0, 0, 0, "" },
		{ "a%20b", 0, 0, 3, "a b" },
		{ "%41%62", 0, 0, 2, "Ab" },
		{ "%4a%4A", 0, 0, 2, "JJ" },		/* either case */
		{ "%e5%85%b0%E5%B1%B1", 0, 0, 6, "\xe5\x85\xb0\xe5\xb1\xb1" },
		{ "%25", 0, 0, 1, "%" },		/* no double decoding */
		{ "%2541", 0, 0, 3, "%41" },
		{ "a=b&c", 0, 0, 5, "a=b&c" },
		{ "%0D%0A", 0, 1, 2, "\r\n" },		/* textarea lines */
		{ "\xe4\xb8\xad", 0, 0, 3, "\xe4\xb8\xad" },	/* raw UTF-8 */
	};

	(void)state;
	decode_rows(rows, NELEM(rows));
}

static void
test_decode_plus(void **state)
{
	static const struct drow rows[] = {
		{ "a+b", 0, 1, 3, "a b" },
		{ "a+b", 0, 0, 3, "a+b" },
		{ "a%2Bb", 0, 1, 3, "a+b" },
		{ "a%2bb", 0, 0, 3, "a+b" },
		{ "++", 0, 1, 2, "  " },
	};

	(void)state;
	decode_rows(rows, NELEM(rows));
}

static void
test_decode_bad_escape(void **state)
{
	static const struct drow rows[] = {
		{ "%zz", 0, 0, -1, NULL },
		{ "%g0", 0, 0, -1, NULL },
		{ "%0g", 0, 0, -1, NULL },
		{ "% 20", 0, 0, -1, NULL },
		{ "%%41", 0, 0, -1, NULL },
		{ "%+1", 0, 1, -1, NULL },
		{ "%-1", 0, 0, -1, NULL },
		{ "%u0041", 0, 0, -1, NULL },		/* no %u escapes */
	};

	(void)state;
	decode_rows(rows, NELEM(rows));
}

static void
test_decode_truncated(void **state)
{
	static const struct drow rows[] = {
		{ "%", 0, 0, -1, NULL },
		{ "a%", 0, 0, -1, NULL },
		{ "a%4", 0, 0, -1, NULL },
		{ "%41%4", 0, 0, -1, NULL },
		{ "%41", 2, 0, -1, NULL },		/* len cuts it */
		{ "%41zz", 3, 0, 1, "A" },		/* len is the input */
	};

	(void)state;
	decode_rows(rows, NELEM(rows));
}

static void
test_decode_nul(void **state)
{
	static const struct drow rows[] = {
		{ "%00", 0, 0, -1, NULL },
		{ "a%00b", 0, 1, -1, NULL },
		{ "a\0b", 3, 0, -1, NULL },		/* raw NUL */
		{ "\0", 1, 1, -1, NULL },
	};

	(void)state;
	decode_rows(rows, NELEM(rows));
}

static void
test_decode_utf8(void **state)
{
	static const struct drow rows[] = {
		{ "%ff", 0, 0, -1, NULL },
		{ "%c0%af", 0, 0, -1, NULL },		/* overlong "/" */
		{ "%c1%81", 0, 0, -1, NULL },
		{ "%e0%80%af", 0, 0, -1, NULL },
		{ "%f0%80%80%af", 0, 0, -1, NULL },
		{ "%ed%a0%80", 0, 0, -1, NULL },	/* surrogate */
		{ "%f4%90%80%80", 0, 0, -1, NULL },	/* > U+10FFFF */
		{ "%f5%80%80%80", 0, 0, -1, NULL },
		{ "%e4%b8", 0, 0, -1, NULL },		/* truncated */
		{ "%e4%b8a", 0, 0, -1, NULL },
		{ "%80", 0, 0, -1, NULL },		/* lone continuation */
		{ "\xff", 0, 0, -1, NULL },		/* raw, unencoded */
		{ "%e4\xb8%ad", 0, 0, 3, "\xe4\xb8\xad" },	/* mixed */
		{ "%f0%9f%98%80", 0, 0, 4, "\xf0\x9f\x98\x80" },
		{ "%f4%8f%bf%bf", 0, 0, 4, "\xf4\x8f\xbf\xbf" },
		{ "%ed%9f%bf", 0, 0, 3, "\xed\x9f\xbf" },	/* U+D7FF */
		{ "%c2%80", 0, 0, 2, "\xc2\x80" },
	};

	(void)state;
	decode_rows(rows, NELEM(rows));
}

static void
test_decode_overflow(void **state)
{
	char	 out[4];

	(void)state;
	assert_int_equal(url_decode("abc", 3, out, 4, 0), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(url_decode("abcd", 4, out, 4, 0), -1);
	assert_string_equal(out, "");
	assert_int_equal(url_decode("%41%42%43", 9, out, 4, 0), 3);
	assert_string_equal(out, "ABC");
	assert_int_equal(url_decode("%41%42%43%44", 12, out, 4, 0), -1);
	assert_int_equal(url_decode("", 0, out, 1, 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(url_decode("a", 1, out, 1, 0), -1);
	assert_int_equal(url_decode("a", 1, out, 0, 0), -1);
	assert_int_equal(url_decode("a", 1, NULL, 4, 0), -1);
	assert_int_equal(url_decode(NULL, 0, out, 4, 0), 0);
	assert_int_equal(url_decode(NULL, 1, out, 4, 0), -1);
}

/* --- query_get -------------------------------------------------- */

static void
test_query_get_found(void **state)
{
	static const struct qrow rows[] = {
		{ "a=1", "a", 1, "1" },
		{ "a=1&b=2&c=3", "a", 1, "1" },
		{ "a=1&b=2&c=3", "b", 1, "2" },
		{ "a=1&b=2&c=3", "c", 1, "3" },
		{ "q=%E5%85%B0+%E5%B1%B1", "q", 1, "\xe5\x85\xb0 \xe5\xb1\xb1" },
		{ "q=a%2Bb", "q", 1, "a+b" },
		{ "q=a%26b%3Dc", "q", 1, "a&b=c" },
		{ "q=a=b", "q", 1, "a=b" },
		{ "a=", "a", 1, "" },
		{ "a", "a", 1, "" },
		{ "x=1&a", "a", 1, "" },
		{ "%61=1", "a", 1, "1" },		/* keys decode too */
		{ "a+b=1", "a b", 1, "1" },
		{ "after=eyJpZCI6NH0", "after", 1, "eyJpZCI6NH0" },
	};

	(void)state;
	query_rows(rows, NELEM(rows));
}

static void
test_query_get_absent(void **state)
{
	static const struct qrow rows[] = {
		{ NULL, "a", 0, NULL },
		{ "", "a", 0, NULL },
		{ "b=1", "a", 0, NULL },
		{ "ab=1", "a", 0, NULL },		/* no prefix match */
		{ "a=1", "ab", 0, NULL },
		{ "A=1", "a", 0, NULL },		/* names are exact */
		{ "b=a", "a", 0, NULL },		/* a value is no key */
		{ "a%20=1", "a", 0, NULL },
	};

	(void)state;
	query_rows(rows, NELEM(rows));
}

/* Parameter pollution: two of the same name is an error, not a pick. */
static void
test_query_get_duplicate(void **state)
{
	static const struct qrow rows[] = {
		{ "a=1&a=2", "a", -1, NULL },
		{ "a=1&a=1", "a", -1, NULL },
		{ "a=1&b=2&a=", "a", -1, NULL },
		{ "a=1&%61=2", "a", -1, NULL },
		{ "a&a", "a", -1, NULL },
		/* Someone else's duplicate is theirs to refuse. */
		{ "b=1&b=2&a=3", "a", 1, "3" },
	};

	(void)state;
	query_rows(rows, NELEM(rows));
}

/* The whole string is checked, whichever name is asked for. */
static void
test_query_get_malformed(void **state)
{
	static const struct qrow rows[] = {
		{ "a=%zz", "a", -1, NULL },
		{ "a=1&b=%zz", "a", -1, NULL },
		{ "b=%zz&a=1", "a", -1, NULL },
		{ "b=%00&a=1", "a", -1, NULL },
		{ "b=%ff&a=1", "a", -1, NULL },
		{ "%zz=1&a=1", "a", -1, NULL },
		{ "a=1&", "a", -1, NULL },		/* empty pair */
		{ "&a=1", "a", -1, NULL },
		{ "a=1&&b=2", "a", -1, NULL },
		{ "=1&a=1", "a", -1, NULL },		/* empty key */
		{ "a=%", "a", -1, NULL },
		{ "a=1%2", "a", -1, NULL },
	};

	(void)state;
	query_rows(rows, NELEM(rows));
}

static void
test_query_get_long_key(void **state)
{
	char	 qs[QS_KEYMAX + 16], out[8];

	(void)state;
	memset(qs, 'k', QS_KEYMAX);
	strcpy(qs + QS_KEYMAX, "=1&a=2");
	assert_int_equal(query_get(qs, "a", out, sizeof(out)), 1);
	assert_string_equal(out, "2");
	memset(qs, 'k', QS_KEYMAX + 1);
	strcpy(qs + QS_KEYMAX + 1, "=1&a=2");
	assert_int_equal(query_get(qs, "a", out, sizeof(out)), -1);
}

static void
test_query_get_overflow(void **state)
{
	char	 out[4];

	(void)state;
	assert_int_equal(query_get("a=abc", "a", out, sizeof(out)), 1);
	assert_string_equal(out, "abc");
	assert_int_equal(query_get("a=abcd", "a", out, sizeof(out)), -1);
	assert_string_equal(out, "");
	/* Only the asked value must fit; others are just validated. */
	assert_int_equal(query_get("b=longer+than+out&a=x", "a", out,
	    sizeof(out)), 1);
	assert_string_equal(out, "x");
	assert_int_equal(query_get("a=1", "a", out, 0), -1);
	assert_int_equal(query_get("a=1", "a", NULL, 4), -1);
	assert_int_equal(query_get("a=1", NULL, out, sizeof(out)), -1);
}

/* --- query_only ------------------------------------------------- */

static const char *const listnames[] = {
	"county", "stage", "q", "limit", "after", "lang",
};

static void
test_query_only_known(void **state)
{
	static const char *const ok[] = {
		"county=lanshan&stage=declared&limit=20",
		"q=%E5%85%B0&lang=en",
		"after=abc",
		"",
	};
	char	 bad[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(ok); i++) {
		strcpy(bad, "junk");
		if (query_only(ok[i], listnames, NELEM(listnames), bad,
		    sizeof(bad)) != 1)
			fail_msg("row %zu \"%s\": refused (%s)", i, ok[i], bad);
		assert_string_equal(bad, "");
	}
	assert_int_equal(query_only(NULL, listnames, NELEM(listnames), bad,
	    sizeof(bad)), 1);
}

static void
test_query_only_unknown(void **state)
{
	static const struct {
		const char	*qs;
		const char	*bad;
	} rows[] = {
		{ "county=x&Stage=y", "Stage" },
		{ "sort=name", "sort" },
		{ "q=x&debug&limit=1", "debug" },
		{ "q=x&a+b=1&zz=2", "a b" },		/* the first, decoded */
		{ "%E5%85%B0=1", "\xe5\x85\xb0" },
		{ "limit=1&limit=2&x=1", "x" },
	};
	char	 bad[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		if (query_only(rows[i].qs, listnames, NELEM(listnames), bad,
		    sizeof(bad)) != 0)
			fail_msg("row %zu \"%s\": accepted", i, rows[i].qs);
		assert_string_equal(bad, rows[i].bad);
	}
	/* No names at all: any parameter is unknown. */
	assert_int_equal(query_only("a=1", NULL, 0, bad, sizeof(bad)), 0);
	assert_string_equal(bad, "a");
	assert_int_equal(query_only("", NULL, 0, bad, sizeof(bad)), 1);
}

/* The description is cut on a character boundary. */
static void
test_query_only_truncates(void **state)
{
	char	 bad[5];

	(void)state;
	assert_int_equal(query_only("abcdefgh=1", listnames,
	    NELEM(listnames), bad, sizeof(bad)), 0);
	assert_string_equal(bad, "abcd");
	assert_int_equal(query_only("%E5%85%B0%E5%B1%B1=1", listnames,
	    NELEM(listnames), bad, sizeof(bad)), 0);
	assert_string_equal(bad, "\xe5\x85\xb0");
	assert_int_equal(query_only("zz=1", listnames, NELEM(listnames),
	    NULL, 0), 0);
}

/* A malformed string is refused with an empty description. */
static void
test_query_only_malformed(void **state)
{
	static const char *const rows[] = {
		"county=%zz", "q=%00", "lang=%c0%af", "county=x&", "&q=1",
		"=1", "q=%e4%b8",
	};
	char	 bad[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		strcpy(bad, "junk");
		if (query_only(rows[i], listnames, NELEM(listnames), bad,
		    sizeof(bad)) != 0)
			fail_msg("row %zu \"%s\": accepted", i, rows[i]);
		assert_string_equal(bad, "");
	}
}

/* --- query_each ------------------------------------------------ */

/* What the callback saw: the values joined by '|', or stop at one. */
struct seen {
	char	 got[128];
	int	 calls;
	int	 stop_at;	/* 0: never stop */
};

static int
collect(const char *value, void *arg)
{
	struct seen	*s = arg;

	if (s->calls++ > 0)
		strncat(s->got, "|", sizeof(s->got) - strlen(s->got) - 1);
	strncat(s->got, value, sizeof(s->got) - strlen(s->got) - 1);
	return s->stop_at != 0 && s->calls == s->stop_at ? -1 : 0;
}

/* An input of query_each, its answer and the values the callback saw. */
struct erow {
	const char	*qs;
	const char	*name;
	int		 want;
	const char	*got;
};

static void
each_rows(const struct erow *rows, size_t n)
{
	struct seen	 s;
	char		 out[16];
	size_t		 i;
	int		 r;

	for (i = 0; i < n; i++) {
		memset(&s, 0, sizeof(s));
		memset(out, 'X', sizeof(out));
		r = query_each(rows[i].qs, rows[i].name, out, sizeof(out),
		    collect, &s);
		if (r != rows[i].want || strcmp(s.got, rows[i].got) != 0)
			fail_msg("row %zu \"%s\": got %d \"%s\", want %d \"%s\"",
			    i, rows[i].qs ? rows[i].qs : "NULL", r, s.got,
			    rows[i].want, rows[i].got);
		if (out[0] != '\0')
			fail_msg("row %zu: output not cleared", i);
	}
}

/* Repeated names are the point: every value, in order, decoded. */
static void
test_each_values(void **state)
{
	static const struct erow rows[] = {
		{ "item=3&item=7&comment=ok", "item", 2, "3|7" },
		{ "a=1&item=12&b=2&item=5&item=9", "item", 3, "12|5|9" },
		{ "item=%E5%85%B0+x&%69tem=y", "item", 2, "\xe5\x85\xb0 x|y" },
		{ "item=&item", "item", 2, "|" },
		{ "item=1", "item", 1, "1" },
		{ "a=1&b=2", "item", 0, "" },
		{ "", "item", 0, "" },
		{ NULL, "item", 0, "" },
		{ "items=1&ite=2", "item", 0, "" },
	};

	(void)state;
	each_rows(rows, NELEM(rows));
}

/* A malformed string is refused before the callback sees anything. */
static void
test_each_malformed(void **state)
{
	static const struct erow rows[] = {
		{ "item=1&item=%zz", "item", -1, "" },
		{ "item=1&b=%zz", "item", -1, "" },
		{ "item=1&b=%00", "item", -1, "" },
		{ "item=1&&item=2", "item", -1, "" },
		{ "item=1&=2", "item", -1, "" },
		{ "item=1&", "item", -1, "" },
		{ "item=1&item=0123456789abcdef", "item", -1, "" }, /* too long */
	};

	(void)state;
	each_rows(rows, NELEM(rows));
}

/* The callback stops the walk with -1; bad arguments are refused. */
static void
test_each_stop_and_args(void **state)
{
	struct seen	 s;
	char		 out[16];

	(void)state;
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	assert_int_equal(query_each("item=1&item=2&item=3", "item", out,
	    sizeof(out), collect, &s), -1);
	assert_string_equal(s.got, "1|2");
	assert_int_equal(s.calls, 2);
	assert_int_equal(query_each("item=1", NULL, out, sizeof(out), collect,
	    &s), -1);
	assert_int_equal(query_each("item=1", "item", NULL, 16, collect, &s), -1);
	assert_int_equal(query_each("item=1", "item", out, 0, collect, &s), -1);
	assert_int_equal(query_each("item=1", "item", out, sizeof(out), NULL,
	    &s), -1);
}

/* --- url_encode ------------------------------------------------- */

static void
test_encode_basic(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} rows[] = {
		{ "", "" },
		{ "AZaz09-._~", "AZaz09-._~" },
		{ "a b", "a%20b" },
		{ "a+b", "a%2Bb" },
		{ "a&b=c/d?e#f%", "a%26b%3Dc%2Fd%3Fe%23f%25" },
		{ "\xe5\x85\xb0", "%E5%85%B0" },
		{ "\r\n\x7f", "%0D%0A%7F" },
		{ "'\"<>", "%27%22%3C%3E" },
	};
	char	 out[64];
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		assert_int_equal(url_encode(rows[i].in, out, sizeof(out)),
		    (long)strlen(rows[i].out));
		assert_string_equal(out, rows[i].out);
	}
}

static void
test_encode_overflow(void **state)
{
	char	 out[8];

	(void)state;
	assert_int_equal(url_encode("abcdefg", out, 8), 7);	/* exact */
	assert_string_equal(out, "abcdefg");
	assert_int_equal(url_encode("abcdefgh", out, 8), -1);
	assert_string_equal(out, "");
	assert_int_equal(url_encode("abcde ", out, 8), -1);	/* %20 */
	assert_string_equal(out, "");
	assert_int_equal(url_encode("abcd ", out, 8), 7);
	assert_string_equal(out, "abcd%20");
	assert_int_equal(url_encode("a", out, 1), -1);
	assert_int_equal(url_encode("", out, 1), 0);
	assert_int_equal(url_encode("a", out, 0), -1);
	assert_int_equal(url_encode("a", NULL, 8), -1);
	assert_int_equal(url_encode(NULL, out, 8), -1);
}

/* Every ASCII byte, and UTF-8 beyond, decodes back to itself. */
static void
test_encode_roundtrip(void **state)
{
	char	 in[4], enc[16], dec[8];
	long	 n;
	int	 c;

	(void)state;
	for (c = 1; c < 0x80; c++) {
		in[0] = (char)c;
		in[1] = '\0';
		n = url_encode(in, enc, sizeof(enc));
		assert_int_equal(n, (long)strlen(enc));
		assert_int_equal(url_decode(enc, (size_t)n, dec, sizeof(dec),
		    1), 1);
		assert_int_equal((unsigned char)dec[0], c);
	}
	/* Non-ASCII bytes survive when they form UTF-8. */
	strcpy(in, "\xc3\xa9");
	assert_int_equal(url_encode(in, enc, sizeof(enc)), 6);
	assert_int_equal(url_decode(enc, 6, dec, sizeof(dec), 1), 2);
	assert_string_equal(dec, in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_basic),
		cmocka_unit_test(test_decode_plus),
		cmocka_unit_test(test_decode_bad_escape),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_nul),
		cmocka_unit_test(test_decode_utf8),
		cmocka_unit_test(test_decode_overflow),
		cmocka_unit_test(test_query_get_found),
		cmocka_unit_test(test_query_get_absent),
		cmocka_unit_test(test_query_get_duplicate),
		cmocka_unit_test(test_query_get_malformed),
		cmocka_unit_test(test_query_get_long_key),
		cmocka_unit_test(test_query_get_overflow),
		cmocka_unit_test(test_query_only_known),
		cmocka_unit_test(test_query_only_unknown),
		cmocka_unit_test(test_query_only_truncates),
		cmocka_unit_test(test_query_only_malformed),
		cmocka_unit_test(test_each_values),
		cmocka_unit_test(test_each_malformed),
		cmocka_unit_test(test_each_stop_and_args),
		cmocka_unit_test(test_encode_basic),
		cmocka_unit_test(test_encode_overflow),
		cmocka_unit_test(test_encode_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
