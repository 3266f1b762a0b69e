/*
 * test_html.c - the HTML emitter (app/html.c): escaping by construction.
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

#include "html.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static struct arena	 A;

static int
setup(void **state)
{
	(void)state;
	memset(&A, 0, sizeof(A));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

static struct buf
newbuf(void)
{
	struct buf	 b;

	buf_init(&b, &A);
	return b;
}

/* An input (of n bytes; 0: strlen) and the HTML it must give. */
struct trow {
	const char	*in;
	size_t		 n;
	const char	*out;
};

static void
text_rows(const struct trow *rows, size_t n)
{
	struct buf	 b;
	size_t		 i;

	for (i = 0; i < n; i++) {
		b = newbuf();
		html_textn(&b, rows[i].in,
		    rows[i].n ? rows[i].n : strlen(rows[i].in));
		if (strcmp(b.p, rows[i].out) != 0 ||
		    b.len != strlen(rows[i].out))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, b.p,
			    rows[i].out);
	}
}

/* Whether no byte of s could start markup or end an attribute. */
static void
assert_inert(const char *s)
{
	assert_null(strchr(s, '<'));
	assert_null(strchr(s, '>'));
	assert_null(strchr(s, '"'));
	assert_null(strchr(s, '\''));
}

static void
test_text_specials(void **state)
{
	static const struct trow rows[] = {
		{ "&", 0, "&amp;" },
		{ "<", 0, "&lt;" },
		{ ">", 0, "&gt;" },
		{ "\"", 0, "&quot;" },
		{ "'", 0, "&#39;" },
		{ "a&b<c>d\"e'f", 0, "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
		{ "&amp;", 0, "&amp;amp;" },	/* never decoded, escaped again */
		{ "", 0, "" },
		{ "plain text 123", 0, "plain text 123" },
	};

	(void)state;
	text_rows(rows, NELEM(rows));
}

static void
test_text_script(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	html_text(&b, "<script>alert(1)</script>");
	assert_string_equal(b.p, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_inert(b.p);
}

static void
test_text_chinese_kept(void **state)
{
	static const struct trow rows[] = {
		{ "幸福小区", 0, "幸福小区" },
		{ "兰山区 <1号楼>", 0, "兰山区 &lt;1号楼&gt;" },
		{ "\xf0\x9f\x8f\xa0", 0, "\xf0\x9f\x8f\xa0" },	/* U+1F3E0 */
		{ "\xc2\xa0", 0, "\xc2\xa0" },	/* U+00A0, not a control */
		{ "\xef\xbf\xbf", 0, "\xef\xbf\xbf" },	/* U+FFFF is well-formed */
	};

	(void)state;
	text_rows(rows, NELEM(rows));
}

static void
test_text_invalid_utf8(void **state)
{
#define FFFD	"\xef\xbf\xbd"
	static const struct trow rows[] = {
		{ "a\xff" "b", 0, "a" FFFD "b" },
		{ "\x80", 0, FFFD },			/* lone continuation */
		{ "\xc0\xaf", 0, FFFD FFFD },		/* overlong '/' */
		{ "\xc1\xbf", 0, FFFD FFFD },
		{ "\xe0\x80\xbc", 0, FFFD FFFD FFFD },	/* overlong '<' */
		{ "\xed\xa0\x80", 0, FFFD FFFD FFFD },	/* surrogate */
		{ "\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD }, /* > U+10FFFF */
		{ "\xf5\x80", 0, FFFD FFFD },
		{ "\xe5\xb0", 0, FFFD },		/* truncated at end */
		{ "\xe5\xb0<", 0, FFFD "&lt;" },	/* truncated by '<' */
		{ "\xf0\x9f\x8f", 0, FFFD },
		{ "\xe5\xb0\xe5\xb0\x8f", 0, FFFD "小" },
	};

	(void)state;
	text_rows(rows, NELEM(rows));
#undef FFFD
}

static void
test_text_controls_dropped(void **state)
{
	static const struct trow rows[] = {
		{ "a\x01" "b\x1f" "c\x7f" "d", 0, "abcd" },
		{ "a\tb\nc\rd", 0, "a\tb\nc\rd" },	/* whitespace kept */
		{ "x\x1b[31my", 0, "x[31my" },		/* ESC */
		{ "a\xc2\x80" "b\xc2\x9f" "c", 0, "abc" },	/* C1 */
		{ "a\0b", 3, "ab" },			/* NUL inside n bytes */
	};

	(void)state;
	text_rows(rows, NELEM(rows));
}

/*
 * Any bytes at all come out as well-formed UTF-8 with nothing that could
 * open a tag or end an attribute, and no control character but tab, LF
 * and CR (a fixed pseudo-random sequence, so a failure repeats).
 */
static void
test_text_any_bytes(void **state)
{
	unsigned char		 in[64];
	const unsigned char	*u;
	struct buf		 b;
	unsigned		 x = 12345;
	size_t			 i, j, k, need;

	(void)state;
	for (i = 0; i < 2000; i++) {
		for (j = 0; j < sizeof(in); j++) {
			x = x * 1103515245u + 12345u;
			in[j] = (unsigned char)(x >> 16);
		}
		b = newbuf();
		html_textn(&b, (const char *)in, sizeof(in));
		assert_inert(b.p);
		assert_int_equal(strlen(b.p), b.len);
		u = (const unsigned char *)b.p;
		for (k = 0; k < b.len; k += need + 1) {
			if (u[k] < 0x80) {
				need = 0;
				if ((u[k] < 0x20 && u[k] != '\t' &&
				    u[k] != '\n' && u[k] != '\r') || u[k] == 0x7f)
					fail_msg("input %zu: control 0x%02x", i,
					    u[k]);
				continue;
			}
			need = u[k] >= 0xf0 ? 3 : u[k] >= 0xe0 ? 2 : 1;
			assert_true(u[k] >= 0xc2 && u[k] <= 0xf4);
			assert_true(k + need < b.len + 1);
			for (j = 1; j <= need; j++)
				assert_int_equal(u[k + j] & 0xc0, 0x80);
			/* no C1 control */
			assert_false(u[k] == 0xc2 && u[k + 1] < 0xa0);
		}
	}
}

static void
test_text_null(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	html_text(&b, NULL);
	assert_int_equal(b.len, 0);
}

/* An attribute name and value, its return and the HTML it must give. */
struct arow {
	const char	*name;
	const char	*value;
	int		 want;
	const char	*out;
};

static void
attr_rows(const struct arow *rows, size_t n)
{
	struct buf	 b;
	size_t		 i;
	int		 r;

	for (i = 0; i < n; i++) {
		b = newbuf();
		r = html_attr(&b, rows[i].name, rows[i].value);
		if (r != rows[i].want || strcmp(b.p, rows[i].out) != 0)
			fail_msg("row %zu (%s): got %d \"%s\", want %d \"%s\"",
			    i, rows[i].name ? rows[i].name : "NULL", r, b.p,
			    rows[i].want, rows[i].out);
	}
}

static void
test_attr_quoting(void **state)
{
	static const struct arow rows[] = {
		{ "class", "num", 0, " class=\"num\"" },
		{ "value", "\" onfocus=\"alert(1)", 0,
		    " value=\"&quot; onfocus=&quot;alert(1)\"" },
		{ "title", "'><script>", 0, " title=\"&#39;&gt;&lt;script&gt;\"" },
		{ "value", "a&b", 0, " value=\"a&amp;b\"" },
		{ "value", "", 0, " value=\"\"" },
		{ "aria-label", "语言", 0, " aria-label=\"语言\"" },
		{ "required", NULL, 0, " required" },
	};

	(void)state;
	attr_rows(rows, NELEM(rows));
}

static void
test_attr_name_refused(void **state)
{
	static const struct arow rows[] = {
		{ "onclick", "x", -1, "" },
		{ "onmouseover", "x", -1, "" },
		{ "style", "color:red", -1, "" },
		{ "srcdoc", "<b>", -1, "" },
		{ "http-equiv", "refresh", -1, "" },
		{ "Class", "x", -1, "" },		/* upper case */
		{ "data-x1", "x", -1, "" },		/* digit */
		{ "a b", "x", -1, "" },
		{ "x\"y", "x", -1, "" },
		{ "x=y", "x", -1, "" },
		{ "", "x", -1, "" },
		{ NULL, "x", -1, "" },
		{ "abcdefghijklmnopqrstuvwxyzabcdefg", "x", -1, "" }, /* 33 */
	};

	(void)state;
	attr_rows(rows, NELEM(rows));
}

/* SVG's camelCase attributes: these exact names, no look-alikes. */
static void
test_attr_svg_names(void **state)
{
	static const struct arow rows[] = {
		{ "viewBox", "0 0 10 10", 0, " viewBox=\"0 0 10 10\"" },
		{ "preserveAspectRatio", "xMidYMid meet", 0,
		    " preserveAspectRatio=\"xMidYMid meet\"" },
		{ "refX", "9", 0, " refX=\"9\"" },
		{ "refY", "5", 0, " refY=\"5\"" },
		{ "markerWidth", "8", 0, " markerWidth=\"8\"" },
		{ "markerHeight", "\"><x", 0,
		    " markerHeight=\"&quot;&gt;&lt;x\"" },
		{ "ViewBox", "x", -1, "" },
		{ "viewBOX", "x", -1, "" },
		{ "viewBox ", "x", -1, "" },
		{ "viewBoxx", "x", -1, "" },
		{ "refZ", "x", -1, "" },
		{ "onLoad", "x", -1, "" },
		{ "xlink:href", "x", -1, "" },
		{ "attributeName", "x", -1, "" },
	};

	(void)state;
	attr_rows(rows, NELEM(rows));
}

static void
test_url_refused(void **state)
{
	static const char *const bad[] = {
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"JAVASCRIPT:alert(1)",
		"  javascript:alert(1)",
		"\tjava\nscript:alert(1)",
		"java\rscript:alert(1)",
		"\x01javascript:alert(1)",
		"javascript :alert(1)",
		"javascript&#58;alert(1)",
		"javascript&colon;alert(1)",
		"&#106;avascript:alert(1)",
		"&#x6A;avascript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"DATA:text/html;base64,PHNjcmlwdD4=",
		"vbscript:msgbox(1)",
		"VbScript:msgbox(1)",
		"file:///etc/passwd",
		"ftp://example.org/",
		"//evil.example/",
		"\\\\evil.example/",
		"/\\evil.example/",
		" //evil.example/",
		"averyveryverylongscheme:x",
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		if (html_url_ok(bad[i]))
			fail_msg("row %zu \"%s\" accepted", i, bad[i]);
		b = newbuf();
		assert_int_equal(html_attr(&b, "href", bad[i]), 1);
		assert_string_equal(b.p, " href=\"#\"");
	}
	assert_false(html_url_ok(NULL));
}

static void
test_url_accepted(void **state)
{
	static const char *const good[] = {
		"/communities/42",
		"/communities?county=lanshan&stage=declared",
		"?lang=en",
		"#main",
		"edit",
		"../x",
		"",
		"http://example.org/",
		"HTTPS://example.org/a?b=c",
		"/search?q=javascript:alert(1)",	/* colon after '?' */
		"/a/javascript:b",			/* colon after '/' */
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(good); i++) {
		if (!html_url_ok(good[i]))
			fail_msg("row %zu \"%s\" refused", i, good[i]);
		b = newbuf();
		assert_int_equal(html_attr(&b, "action", good[i]), 0);
		assert_non_null(strstr(b.p, " action=\""));
	}
	/* The value is still escaped. */
	b = newbuf();
	html_attr(&b, "href", "/c?a=1&b=\"2\"");
	assert_string_equal(b.p, " href=\"/c?a=1&amp;b=&quot;2&quot;\"");
}

static void
test_url_attrs_all_checked(void **state)
{
	static const char *const names[] = {
		"href", "src", "action", "formaction", "cite", "poster",
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(names); i++) {
		b = newbuf();
		assert_int_equal(html_attr(&b, names[i], "javascript:x"), 1);
		assert_null(strstr(b.p, "javascript"));
	}
	/* Not a URL attribute: written (escaped) as it is. */
	b = newbuf();
	assert_int_equal(html_attr(&b, "title", "javascript:x"), 0);
	assert_string_equal(b.p, " title=\"javascript:x\"");
}

static void
test_open_close(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	assert_int_equal(html_open(&b, "a", "href", "/x", "class", "btn"), 0);
	html_text(&b, "链接");
	assert_int_equal(html_close(&b, "a"), 0);
	assert_string_equal(b.p, "<a href=\"/x\" class=\"btn\">链接</a>");

	b = newbuf();
	assert_int_equal(html_open(&b, "p"), 0);
	assert_string_equal(b.p, "<p>");
}

static void
test_open_skips_bad_attrs(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	assert_int_equal(html_open(&b, "input", "type", "text",
	    "onfocus", "alert(1)", "name", "q", "required", (const char *)NULL,
	    "value", "<x>"), 0);
	assert_string_equal(b.p,
	    "<input type=\"text\" name=\"q\" required value=\"&lt;x&gt;\">");
}

static void
test_tag_allow_list(void **state)
{
	static const char *const bad[] = {
		"script", "SCRIPT", "style", "iframe", "object", "embed",
		"base", "frame", "frameset", "applet", "math", "noscript",
		"template", "P", "a b", "", "a>",
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		b = newbuf();
		if (html_open(&b, bad[i]) != -1 || b.len != 0)
			fail_msg("open \"%s\" accepted", bad[i]);
		if (html_close(&b, bad[i]) != -1 || b.len != 0)
			fail_msg("close \"%s\" accepted", bad[i]);
		if (html_elem(&b, bad[i], "x") != -1 || b.len != 0)
			fail_msg("elem \"%s\" accepted", bad[i]);
	}
	b = newbuf();
	assert_int_equal(html_open(&b, NULL), -1);
	assert_int_equal(html_close(&b, NULL), -1);
	assert_int_equal(b.len, 0);
}

static void
test_void_elements(void **state)
{
	static const char *const voids[] = {
		"input", "br", "hr", "meta", "link", "img", "col",
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(voids); i++) {
		b = newbuf();
		assert_int_equal(html_open(&b, voids[i]), 0);
		assert_int_equal(html_close(&b, voids[i]), -1);
		assert_int_equal(html_elem(&b, voids[i], "x"), -1);
		assert_null(strstr(b.p, "</"));
	}
}

static void
test_elem(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	assert_int_equal(html_elem(&b, "td", "<b>1,234</b>", "class", "num"),
	    0);
	assert_string_equal(b.p,
	    "<td class=\"num\">&lt;b&gt;1,234&lt;/b&gt;</td>");
	b = newbuf();
	assert_int_equal(html_elem(&b, "th", NULL, "scope", "col"), 0);
	assert_string_equal(b.p, "<th scope=\"col\"></th>");
	b = newbuf();
	assert_int_equal(html_elem(&b, "h1", "小区台账"), 0);
	assert_string_equal(b.p, "<h1>小区台账</h1>");
}

static void
test_raw_trusted(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	html_raw_trusted(&b, "<hr>" "\n");
	assert_string_equal(b.p, "<hr>\n");
}

static void
test_page_skeleton(void **state)
{
	struct buf	 b = newbuf();
	const char	*p;

	(void)state;
	html_page_begin(&b, LANG_ZH, "小区台账");
	html_page_main(&b);
	html_elem(&b, "h1", "小区台账");
	html_page_end(&b, LANG_ZH);
	p = b.p;
	assert_int_equal(strncmp(p, "<!DOCTYPE html>\n", 16), 0);
	assert_non_null(strstr(p, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(p, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(p, "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">"));
	assert_non_null(strstr(p, "<title>小区台账 - 旧改</title>"));
	assert_non_null(strstr(p,
	    "<link rel=\"stylesheet\" href=\"/static/jiugai.css\">"));
	assert_non_null(strstr(p, "href=\"#main\">跳到主要内容</a>"));
	assert_non_null(strstr(p, "<main id=\"main\""));
	assert_true(strstr(p, "<main") < strstr(p, "<h1>"));
	assert_true(strstr(p, "</main>") > strstr(p, "<h1>"));
	assert_non_null(strstr(p, "</body>\n</html>\n"));
	/* charset within the first 1024 bytes, as HTML requires */
	assert_true(strstr(p, "charset") - p < 1024);
}

static void
test_page_english_and_escaped_title(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	html_page_begin(&b, LANG_EN, "<script>alert(1)</script>");
	html_page_main(&b);
	html_page_end(&b, LANG_EN);
	assert_non_null(strstr(b.p, "<html lang=\"en\">"));
	assert_non_null(strstr(b.p, "<title>&lt;script&gt;alert(1)"
	    "&lt;/script&gt; - Old-community renovation</title>"));
	assert_non_null(strstr(b.p, "Skip to main content"));
	assert_null(strstr(b.p, "<script"));

	b = newbuf();
	html_page_begin(&b, LANG_ZH, NULL);
	assert_non_null(strstr(b.p, "<title>旧改</title>"));
}

static void
test_lang_switch(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	html_lang_switch(&b, LANG_ZH, "/communities");
	assert_string_equal(b.p, "<a class=\"lang-switch\" "
	    "href=\"/communities?lang=en\" hreflang=\"en\" lang=\"en\">"
	    "English</a>");
	b = newbuf();
	html_lang_switch(&b, LANG_EN, "/communities?county=lanshan");
	assert_non_null(strstr(b.p,
	    "href=\"/communities?county=lanshan&amp;lang=zh\""));
	assert_non_null(strstr(b.p, ">中文</a>"));
	b = newbuf();
	html_lang_switch(&b, LANG_ZH, "javascript:alert(1)");
	assert_non_null(strstr(b.p, "href=\"#\""));
}

static void
test_form_csrf(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	html_form_post(&b, "/communities/7/submit", "tok\"en<");
	html_form_end(&b);
	assert_non_null(strstr(b.p,
	    "<form method=\"post\" action=\"/communities/7/submit\">"));
	assert_non_null(strstr(b.p, "<input type=\"hidden\" name=\""
	    HTML_CSRF_FIELD "\" value=\"tok&quot;en&lt;\">"));
	assert_non_null(strstr(b.p, "</form>"));

	/* No token: the field is still there, empty. */
	b = newbuf();
	html_form_post(&b, "/x", NULL);
	assert_non_null(strstr(b.p, "name=\"csrf\" value=\"\""));

	/* A hostile action is neutralised. */
	b = newbuf();
	html_form_post(&b, "javascript:alert(1)", "t");
	assert_non_null(strstr(b.p, "action=\"#\""));
}

static void
test_form_get(void **state)
{
	struct buf	 b = newbuf();

	(void)state;
	html_form_get(&b, "/communities");
	html_form_end(&b);
	assert_string_equal(b.p,
	    "<form method=\"get\" action=\"/communities\">\n</form>\n");
	assert_null(strstr(b.p, HTML_CSRF_FIELD));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_specials, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_script, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_chinese_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_controls_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_any_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_null, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_quoting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_name_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attr_svg_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_attrs_all_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_skips_bad_attrs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tag_allow_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_void_elements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_elem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_trusted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_skeleton, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_english_and_escaped_title, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lang_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_csrf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_get, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
