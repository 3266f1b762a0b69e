/*
 * test_public.c - the pure parts of the public notice (issue 5 §6): the
 * route matcher's "{code}" segment, the Accept header's choice between
 * the page and its JSON, and the QR code drawn as SVG rectangles, which
 * must be libqrencode's matrix module for module.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "arena.h"
#include "route.h"
#include "web.h"

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

/* Match path against pattern; the code it took into code ("" when none). */
static int
match(const char *pattern, const char *path, long long *id, char *code)
{
	const char	*c = NULL;
	size_t		 n = 0;
	int		 m;

	*id = -1;
	m = route_match(pattern, path, id, &c, &n);
	if (c != NULL)
		snprintf(code, 64, "%.*s", (int)n, c);
	else
		code[0] = '\0';
	return m;
}

static void
test_route_code(void **state)
{
	static const char	 pub[] = "/public/communities/{code}";
	static const char	 prn[] = "/public/communities/{code}/print";
	char			 code[64], forty[41], long41[64];
	long long		 id;

	(void)state;
	assert_int_equal(match(pub, "/public/communities/lanshan-000031", &id,
	    code), 1);
	assert_string_equal(code, "lanshan-000031");
	assert_int_equal(id, -1);	/* no {id} in the pattern: untouched */
	assert_int_equal(match(prn, "/public/communities/lanshan-000031/print",
	    &id, code), 1);
	assert_string_equal(code, "lanshan-000031");
	/* The page's pattern does not take the print path, nor the reverse. */
	assert_int_equal(match(pub, "/public/communities/lanshan-000031/print",
	    &id, code), 0);
	assert_int_equal(match(prn, "/public/communities/lanshan-000031",
	    &id, code), 0);
	/* 1 to 40 of [a-z0-9-]: exactly 40 is taken, 41 is not. */
	memset(forty, 'a', 40);
	forty[40] = '\0';
	snprintf(long41, sizeof(long41), "/public/communities/%sb", forty);
	assert_int_equal(match(pub, long41, &id, code), 0);
	long41[strlen(long41) - 1] = '\0';
	assert_int_equal(match(pub, long41, &id, code), 1);
	assert_string_equal(code, forty);
	assert_int_equal(match(pub, "/public/communities/x", &id, code), 1);
	assert_string_equal(code, "x");
	/* Nothing else: empty, upper case, dots, escapes, slashes, spaces. */
	assert_int_equal(match(pub, "/public/communities/", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/Lanshan-1", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/..", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/a.b", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/a%2e", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/a/b", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/a b", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/a_b", &id, code), 0);
	assert_int_equal(match(pub, "/public/communities/\xe5\x85\xb0", &id,
	    code), 0);
	assert_int_equal(match(pub, "/public/communities/a\n", &id, code), 0);
}

static void
test_route_id_unchanged(void **state)
{
	static const char	 pat[] = "/api/v1/communities/{id}/events";
	char			 code[64];
	long long		 id;

	(void)state;
	assert_int_equal(match(pat, "/api/v1/communities/12/events", &id,
	    code), 1);
	assert_int_equal(id, 12);
	assert_string_equal(code, "");
	assert_int_equal(match(pat, "/api/v1/communities/012/events", &id,
	    code), 0);
	assert_int_equal(match(pat, "/api/v1/communities/abc/events", &id,
	    code), 0);
	assert_int_equal(match(pat,
	    "/api/v1/communities/1234567890123456/events", &id, code), 0);
	assert_int_equal(match("/healthz", "/healthz", &id, code), 1);
	assert_int_equal(match("/healthz", "/healthz/", &id, code), 0);
}

static void
test_accept(void **state)
{
	char	 big[1100];

	(void)state;
	/* No header, anything, a browser's: the page. */
	assert_int_equal(web_prefers_json(NULL), 0);
	assert_int_equal(web_prefers_json(""), 0);
	assert_int_equal(web_prefers_json("*/*"), 0);
	assert_int_equal(web_prefers_json("text/html,application/xhtml+xml,"
	    "application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"), 0);
	/* JSON asked for. */
	assert_int_equal(web_prefers_json("application/json"), 1);
	assert_int_equal(web_prefers_json("APPLICATION/JSON"), 1);
	assert_int_equal(web_prefers_json("application/json; charset=utf-8"), 1);
	assert_int_equal(web_prefers_json("application/*"), 1);
	assert_int_equal(web_prefers_json("application/json, text/html;q=0.9"), 1);
	assert_int_equal(web_prefers_json("text/html;q=0.5, application/json;q=0.6"), 1);
	/* "text/ *" at 0 outweighs "* / *" for HTML: JSON at 1 wins. */
	assert_int_equal(web_prefers_json("text/*;q=0, */*"), 1);
	/* A tie is the page; so is JSON weighed lower or refused. */
	assert_int_equal(web_prefers_json("text/html, application/json"), 0);
	assert_int_equal(web_prefers_json("text/html;q=0.500, application/json;q=0.499"), 0);
	assert_int_equal(web_prefers_json("application/json;q=0, */*"), 0);
	assert_int_equal(web_prefers_json("*/*;q=0.1, application/json;q=0.05"), 0);
	assert_int_equal(web_prefers_json("application/json;q=1.000"), 1);
	assert_int_equal(web_prefers_json("text/html;level=1;q=0.9 , "
	    "application/json ; q=0.95"), 1);
	/* A malformed q counts as 0. */
	assert_int_equal(web_prefers_json("application/json;q=x"), 0);
	assert_int_equal(web_prefers_json("application/json;q=1.5"), 0);
	assert_int_equal(web_prefers_json("application/json;q=0.12345"), 0);
	assert_int_equal(web_prefers_json("application/jsonx"), 0);
	/* Over 1024 bytes: the page, whatever it says. */
	memset(big, ' ', sizeof(big));
	memcpy(big + sizeof(big) - 17, "application/json", 17);
	assert_int_equal(web_prefers_json(big), 0);
}

/* An attribute's number in the tag at s ("x" -> the value of x="..."). */
static int
attr_int(const char *s, const char *name)
{
	char		 key[16];
	const char	*v, *end = strchr(s, '>');

	snprintf(key, sizeof(key), " %s=\"", name);
	if ((v = strstr(s, key)) == NULL || (end != NULL && v > end))
		fail_msg("no %s in %.60s", name, s);
	return atoi(v + strlen(key));
}

/*
 * Draw text, then paint the rectangles on a grid and compare it with
 * libqrencode's own matrix for the same text: every module, dark and
 * light, in its place (offset by the quiet zone of 4).
 */
static void
check_qr(const char *text)
{
	struct buf	 b;
	QRcode		*qr;
	const char	*s, *vb;
	unsigned char	*grid;
	int		 w, side, x, y, rw, h, i, dark = 0, rects = 0;

	buf_init(&b, A);
	assert_int_equal(web_qr_svg(&b, text, "QR <label>"), 0);
	assert_non_null((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1)));
	w = qr->width;
	side = w + 8;
	assert_non_null((vb = strstr(b.p, "viewBox=\"0 0 ")));
	assert_int_equal(atoi(vb + 13), side);
	/* The label is text, escaped. */
	assert_non_null(strstr(b.p, "aria-label=\"QR &lt;label&gt;\""));
	assert_null(strstr(b.p, "<label>"));
	grid = calloc((size_t)(side * side), 1);
	for (s = b.p; (s = strstr(s, "<rect")) != NULL; s++) {
		x = attr_int(s, "x");
		y = attr_int(s, "y");
		rw = attr_int(s, "width");
		h = attr_int(s, "height");
		assert_int_equal(h, 1);
		assert_true(rw >= 1 && x >= 4 && y >= 4 && x + rw <= w + 4 &&
		    y < w + 4);
		for (i = 0; i < rw; i++) {
			assert_int_equal(grid[y * side + x + i], 0); /* no overlap */
			grid[y * side + x + i] = 1;
		}
		rects++;
	}
	assert_true(rects > 0);
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x++) {
			if ((qr->data[y * w + x] & 1) !=
			    grid[(y + 4) * side + x + 4])
				fail_msg("module %d,%d differs", x, y);
			dark += qr->data[y * w + x] & 1;
		}
	/* Runs: fewer rectangles than dark modules, never more. */
	assert_true(rects <= dark);
	free(grid);
	QRcode_free(qr);
}

static void
test_qr(void **state)
{
	struct buf	 b;
	char		*huge;

	(void)state;
	check_qr("https://jiugai.example.cn/public/communities/lanshan-000031");
	check_qr("http://127.0.0.1:18107/public/communities/x");
	/* Version 1 at level M is 21 modules: viewBox 29. */
	buf_init(&b, A);
	assert_int_equal(web_qr_svg(&b, "A", "x"), 0);
	assert_non_null(strstr(b.p, "viewBox=\"0 0 29 29\""));
	/* More than the largest code holds (2331 bytes at M): nothing. */
	huge = malloc(4001);
	memset(huge, 'a', 4000);
	huge[4000] = '\0';
	buf_init(&b, A);
	assert_int_equal(web_qr_svg(&b, huge, "x"), -1);
	assert_int_equal(b.len, 0);
	free(huge);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_code),
		cmocka_unit_test(test_route_id_unchanged),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_qr),
	};

	return cmocka_run_group_tests_name("public", tests, setup, teardown);
}
