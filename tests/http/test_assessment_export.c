/*
 * test_assessment_export.c - the assessment table as files (issue 5 §4,
 * docs/assessment.md "Files"): GET /api/v1/reports/assessment.csv and
 * .xlsx, Accept: text/csv on the report's path, and the page's links
 * /reports/assessment.csv and .xlsx behind the session cookie.
 *
 * The files are the page's main table, so each is checked against the
 * JSON report for the same query, read at the same moment: the CSV row
 * of a county, text for text; the .xlsx cells typed (numbers as
 * numbers, money with two decimals, ratios as numbers), the header row
 * and the frozen panes read by unzipping the workbook.  Setup makes one
 * community accepted today in county CTY (make_at in tests/lib/client.c:
 * 240 households, 15,600.00 m², 300,000.00 yuan planned from the
 * province, nothing received), so that its row holds more than zeros.
 * Scope: a county-scoped user gets its county and the city row (= its
 * county) only, and another county is a 403, in the API and the pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../lib/client.h"
#include "../lib/webc.h"

#define CTY		"mengyin"
#define CTY_ZH		"蒙阴县"
#define SCOPED		"lanshan"
#define SCOPED_ZH	"兰山区"
#define BOM		"\xef\xbb\xbf"
#define HEADER		"县区,改造完成小区,改造户数,改造面积（平方米）,目标户数,评估," \
			"已验收待移交,已移交物业,物业覆盖率,逾期未验收,已选改造项目," \
			"已销项改造项目,计划资金（元）,到位资金（元）,资金到位率\r\n"
#define XLSX_TYPE	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static char	 query[64];	/* this year, in the city */

/* ---- Helpers ---------------------------------------------------------- */

/* The text of o's member key ("" for null or absent). */
static const char *
txt(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

/* The report's row of county (or the city's, county NULL). */
static struct json_object *
row_json(struct json_object *rep, const char *county)
{
	struct json_object	*arr, *e;
	size_t			 i;

	if (county == NULL)
		return json_object_object_get(rep, "total");
	arr = json_object_object_get(rep, "counties");
	assert_non_null(arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		e = json_object_array_get_idx(arr, i);
		if (strcmp(txt(e, "county"), county) == 0)
			return e;
	}
	fail_msg("no row for %s", county);
	return NULL;
}

/* "0.4444" as the file's "44.44%", by its digits; "" for none. */
static void
percent(const char *v, char *out, size_t n)
{
	long long	 bp;
	const char	*d;
	int		 k;

	out[0] = '\0';
	if (*v == '\0')
		return;
	bp = atoll(v) * 10000;
	if ((d = strchr(v, '.')) != NULL)
		for (d++, k = 1000; k > 0 && *d >= '0' && *d <= '9'; d++, k /= 10)
			bp += (long long)(*d - '0') * k;
	snprintf(out, n, "%lld.%02lld%%", bp / 100, bp % 100);
}

/* The CSV line a row of the JSON must be, worked out from its fields. */
static void
csv_line(struct json_object *o, const char *name, const char *rating,
    char *out, size_t n)
{
	char	 cov[32], ratio[32];

	percent(txt(o, "management_coverage"), cov, sizeof(cov));
	percent(txt(o, "funds_ratio"), ratio, sizeof(ratio));
	snprintf(out, n, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\r\n",
	    name, txt(o, "renovated_communities"),
	    txt(o, "renovated_households"), txt(o, "renovated_area_m2"),
	    txt(json_object_object_get(o, "target"), "households"), rating,
	    txt(o, "accepted"), txt(o, "managed"), cov,
	    txt(o, "past_deadline"), txt(o, "items_selected"),
	    txt(o, "items_signed_off"), txt(o, "funds_planned_yuan"),
	    txt(o, "funds_received_yuan"), ratio);
}

/* The number of CRLF-ended lines of a body. */
static int
lines(const char *s)
{
	int	 n = 0;

	for (; (s = strstr(s, "\r\n")) != NULL; s += 2)
		n++;
	return n;
}

/* The JSON report for q with token t, owned by the caller. */
static struct json_object *
report(const char *q, const char *t)
{
	struct resp		 r;
	struct json_object	*o;
	char			 path[256];

	snprintf(path, sizeof(path), "/api/v1/reports/assessment?%s", q);
	req(&r, "GET", path, t, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_non_null(r.json);
	o = json_object_get(r.json);
	resp_free(&r);
	return o;
}

/* ---- .xlsx, read as tests/http/test_exports.c reads it ----------------- */

/* The text of a part of the workbook in body (unzip -p), malloc'd. */
static char *
xlsx_part(const char *body, size_t len, const char *part)
{
	char	 path[] = "/tmp/jiugai-test-asx-XXXXXX", cmd[256], *out = NULL;
	char	 chunk[8192];
	size_t	 n, total = 0;
	FILE	*f;
	int	 fd;

	if ((fd = mkstemp(path)) == -1)
		fail_msg("mkstemp");
	if (write(fd, body, len) != (ssize_t)len)
		fail_msg("write");
	close(fd);
	snprintf(cmd, sizeof(cmd), "unzip -p %s '%s' 2>/dev/null", path, part);
	if ((f = popen(cmd, "r")) == NULL)
		fail_msg("popen unzip");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		out = realloc(out, total + n + 1);
		memcpy(out + total, chunk, n);
		total += n;
		out[total] = '\0';
	}
	pclose(f);
	unlink(path);
	return out;
}

struct cell {
	int	 found;
	int	 style;		/* s=, 0 when absent */
	char	 type[16];	/* t=, "" when absent (a number) */
	char	 value[512];	/* <v> text, or the shared string */
};

/* The i-th <si> of sharedStrings.xml. */
static void
shared_string(const char *sst, int i, char *out, size_t n)
{
	const char	*p = sst, *t, *e;

	out[0] = '\0';
	while (p != NULL && i-- >= 0)
		if ((p = strstr(p, "<si>")) != NULL)
			p += 4;
	if (p == NULL || (t = strstr(p, "<t")) == NULL ||
	    (t = strchr(t, '>')) == NULL || (e = strstr(t, "</t>")) == NULL)
		return;
	snprintf(out, n, "%.*s", (int)(e - t - 1), t + 1);
}

static void
cell_at(const char *sheet, const char *sst, const char *ref, struct cell *c)
{
	char		 key[32];
	const char	*p, *end, *q, *e;

	memset(c, 0, sizeof(*c));
	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	if ((p = strstr(sheet, key)) == NULL)
		return;
	c->found = 1;
	end = strstr(p, "</c>");
	q = strchr(p, '>');
	if (q != NULL && q[-1] == '/')
		end = q;
	if ((q = strstr(p, " s=\"")) != NULL && q < end)
		c->style = atoi(q + 4);
	if ((q = strstr(p, " t=\"")) != NULL && q < end)
		snprintf(c->type, sizeof(c->type), "%.*s",
		    (int)(strchr(q + 4, '"') - q - 4), q + 4);
	if ((q = strstr(p, "<v>")) != NULL && q < end &&
	    (e = strstr(q, "</v>")) != NULL)
		snprintf(c->value, sizeof(c->value), "%.*s", (int)(e - q - 3),
		    q + 3);
	else if ((q = strstr(p, "<t>")) != NULL && q < end &&
	    (e = strstr(q, "</t>")) != NULL)
		snprintf(c->value, sizeof(c->value), "%.*s", (int)(e - q - 3),
		    q + 3);
	if (strcmp(c->type, "s") == 0 && sst != NULL)
		shared_string(sst, atoi(c->value), c->value, sizeof(c->value));
}

/* The number format code of cell style s, "" for General. */
static void
style_format(const char *styles, int s, char *out, size_t n)
{
	const char	*p = strstr(styles, "<cellXfs"), *q;
	char		 key[48];
	int		 id, i;

	out[0] = '\0';
	for (i = 0; p != NULL && i <= s; i++)
		if ((p = strstr(p + 1, "<xf ")) == NULL)
			return;
	if (p == NULL || (q = strstr(p, "numFmtId=\"")) == NULL)
		return;
	id = atoi(q + 10);
	snprintf(key, sizeof(key), "numFmtId=\"%d\" formatCode=\"", id);
	if ((q = strstr(styles, key)) == NULL)
		return;
	q += strlen(key);
	snprintf(out, n, "%.*s", (int)(strchr(q, '"') - q), q);
}

/* A number cell: typed numeric, with the value of the JSON's text. */
static void
assert_number(const struct cell *c, const char *want)
{
	assert_true(c->found);
	if (c->type[0] != '\0' && strcmp(c->type, "n") != 0)
		fail_msg("cell of type %s, want a number (%s)", c->type, want);
	/* "15600" for "15600.00": the same number. */
	assert_true(strtod(c->value, NULL) == strtod(want, NULL));
}

/* ---- Tests ------------------------------------------------------------ */

/* CSV: BOM, header, a row per county and the city's, each the JSON's. */
static void
test_csv(void **state)
{
	struct json_object	*rep, *o;
	struct resp		 r, r2;
	const char		*accept[] = { "Accept: text/csv", NULL };
	char			 path[128], want[1024];

	(void)state;
	rep = report(query, tok_viewer());
	snprintf(path, sizeof(path), "/api/v1/reports/assessment.csv?%s", query);
	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_string_equal(r.ctype, "text/csv; charset=utf-8");
	assert_memory_equal(r.body, BOM HEADER, strlen(BOM HEADER));
	/* Header, fifteen counties, the city. */
	assert_int_equal(lines(r.body), 1 + 15 + 1);
	/* Our county: every field the JSON's; no target set: no rating. */
	o = row_json(rep, CTY);
	assert_true(atoll(txt(o, "renovated_households")) >= 240);
	assert_true(strtod(txt(o, "funds_planned_yuan"), NULL) >= 300000.0);
	csv_line(o, CTY_ZH, "未设目标", want, sizeof(want));
	if (strstr(r.body, want) == NULL)
		fail_msg("no line %s in %s", want, r.body);
	/* The city's row last, without a rating. */
	csv_line(row_json(rep, NULL), "全市", "", want, sizeof(want));
	assert_true(strlen(r.body) >= strlen(want));
	assert_string_equal(r.body + strlen(r.body) - strlen(want), want);
	/* Accept: text/csv on the report's own path: the same file. */
	snprintf(path, sizeof(path), "/api/v1/reports/assessment?%s", query);
	req(&r2, "GET", path, tok_viewer(), NULL, NULL, accept);
	EXPECT(&r2, 200);
	assert_string_equal(r2.ctype, "text/csv; charset=utf-8");
	assert_int_equal(r2.len, r.len);
	assert_memory_equal(r2.body, r.body, r.len);
	resp_free(&r2);
	resp_free(&r);
	/* The API's refusals hold for the files. */
	req(&r, "GET", "/api/v1/reports/assessment.csv?from=2026-02-30",
	    tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 400);
	assert_string_equal(jstr(&r, "error.details.field"), "from");
	resp_free(&r);
	req(&r, "GET", "/api/v1/reports/assessment.xlsx", NULL, NULL, NULL,
	    NULL);
	EXPECT(&r, 401);
	resp_free(&r);
	json_object_put(rep);
}

/* .xlsx: typed cells, the header row, frozen panes, the JSON's values. */
static void
test_xlsx(void **state)
{
	struct json_object	*rep, *o;
	struct resp		 r;
	struct cell		 c;
	char			 path[128], fmt[64], ref[16];
	char			*sheet, *styles, *sst, *book;
	int			 row;

	(void)state;
	rep = report(query, tok_viewer());
	snprintf(path, sizeof(path), "/api/v1/reports/assessment.xlsx?%s",
	    query);
	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_string_equal(r.ctype, XLSX_TYPE);
	assert_memory_equal(r.body, "PK\x03\x04", 4);
	sheet = xlsx_part(r.body, r.len, "xl/worksheets/sheet1.xml");
	styles = xlsx_part(r.body, r.len, "xl/styles.xml");
	sst = xlsx_part(r.body, r.len, "xl/sharedStrings.xml");
	book = xlsx_part(r.body, r.len, "xl/workbook.xml");
	assert_non_null(sheet);
	assert_non_null(styles);
	assert_non_null(book);
	assert_non_null(strstr(book, "<sheet name=\"县区考核\""));
	/* Frozen: the header row (and the first columns). */
	assert_non_null(strstr(sheet, "ySplit=\"1\""));
	assert_non_null(strstr(sheet, "state=\"frozen\""));
	cell_at(sheet, sst, "A1", &c);
	assert_string_equal(c.value, "县区");
	cell_at(sheet, sst, "C1", &c);
	assert_string_equal(c.value, "改造户数");
	cell_at(sheet, sst, "O1", &c);
	assert_string_equal(c.value, "资金到位率");
	/* Header, fifteen counties, the city: 17 rows. */
	assert_non_null(strstr(sheet, "<row r=\"17\""));
	assert_null(strstr(sheet, "<row r=\"18\""));
	cell_at(sheet, sst, "A17", &c);
	assert_string_equal(c.value, "全市");
	/* Our county's row, found by its name. */
	for (row = 2; row <= 16; row++) {
		snprintf(ref, sizeof(ref), "A%d", row);
		cell_at(sheet, sst, ref, &c);
		if (strcmp(c.value, CTY_ZH) == 0)
			break;
	}
	assert_true(row <= 16);
	o = row_json(rep, CTY);
#define CELL(col) (snprintf(ref, sizeof(ref), "%s%d", (col), row), \
	    cell_at(sheet, sst, ref, &c), &c)
	assert_number(CELL("B"), txt(o, "renovated_communities"));
	assert_number(CELL("C"), txt(o, "renovated_households"));
	assert_int_equal(c.style, 0);	/* a count: General */
	assert_number(CELL("D"), txt(o, "renovated_area_m2"));
	style_format(styles, c.style, fmt, sizeof(fmt));
	assert_string_equal(fmt, "#,##0.00");
	/* No target: an empty cell, and the rating in words. */
	assert_false(CELL("E")->found);
	assert_string_equal(CELL("F")->value, "未设目标");
	assert_number(CELL("J"), txt(o, "past_deadline"));
	assert_number(CELL("K"), txt(o, "items_selected"));
	assert_number(CELL("L"), txt(o, "items_signed_off"));
	assert_number(CELL("M"), txt(o, "funds_planned_yuan"));
	style_format(styles, c.style, fmt, sizeof(fmt));
	assert_string_equal(fmt, "#,##0.00");
	assert_number(CELL("N"), txt(o, "funds_received_yuan"));
	/* A ratio is a number too (0 received of some planned: 0). */
	assert_number(CELL("O"), txt(o, "funds_ratio"));
	assert_true(strtod(txt(o, "funds_planned_yuan"), NULL) > 0);
#undef CELL
	assert_null(strstr(sheet, "<f>"));
	free(sheet);
	free(styles);
	free(sst);
	free(book);
	resp_free(&r);
	json_object_put(rep);
}

/* A county's users get their county (and its "city" row) only. */
static void
test_scope(void **state)
{
	const char	*t = tok("t-asx-county", "county", SCOPED, "viewer");
	struct resp	 r;
	char		 path[160], *sheet, *sst;
	struct cell	 c;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/reports/assessment.csv?%s", query);
	req(&r, "GET", path, t, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_int_equal(lines(r.body), 3);
	assert_non_null(strstr(r.body, "\r\n" SCOPED_ZH ","));
	assert_non_null(strstr(r.body, "\r\n全市,"));
	assert_null(strstr(r.body, CTY_ZH));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/reports/assessment.xlsx?%s",
	    query);
	req(&r, "GET", path, t, NULL, NULL, NULL);
	EXPECT(&r, 200);
	sheet = xlsx_part(r.body, r.len, "xl/worksheets/sheet1.xml");
	sst = xlsx_part(r.body, r.len, "xl/sharedStrings.xml");
	assert_non_null(sheet);
	cell_at(sheet, sst, "A2", &c);
	assert_string_equal(c.value, SCOPED_ZH);
	assert_null(strstr(sheet, "<row r=\"4\""));
	free(sheet);
	free(sst);
	resp_free(&r);
	/* Another county: refused, in either format. */
	req(&r, "GET", "/api/v1/reports/assessment.csv?county=" CTY, t, NULL,
	    NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
	req(&r, "GET", "/api/v1/reports/assessment.xlsx?county=" CTY, t,
	    NULL, NULL, NULL);
	EXPECT(&r, 403);
	resp_free(&r);
}

/* The page's links and the files behind the session cookie. */
static void
test_web(void **state)
{
	const char	*viewer = web_user("asx-view", "audit", NULL, "viewer");
	const char	*county = web_user("asx-county", "county", SCOPED,
	    "viewer");
	struct resp	 api;
	struct webc	 w;
	struct wresp	 r;
	char		 path[160], href[160];

	(void)state;
	webc_open(&w);
	assert_int_equal(webc_login(&w, viewer, WEBC_PASSWORD), 303);
	snprintf(path, sizeof(path), "/reports/assessment?%s&county=" CTY,
	    query);
	assert_int_equal(webc_get(&w, &r, path), 200);
	/* The links carry the period shown and the county. */
	assert_non_null(strstr(r.body, "id=\"assessment-csv\""));
	snprintf(href, sizeof(href), "href=\"/reports/assessment.csv?from=%.10s"
	    "&amp;to=%.10s&amp;county=" CTY "\"", query + 5, query + 19);
	if (strstr(r.body, href) == NULL)
		fail_msg("no link %s", href);
	assert_non_null(strstr(r.body, "id=\"assessment-xlsx\""));
	wresp_free(&r);
	/* The web file is the API's, for the same query. */
	snprintf(path, sizeof(path), "/reports/assessment.csv?%s&county=" CTY,
	    query);
	assert_int_equal(webc_get(&w, &r, path), 200);
	assert_string_equal(r.ctype, "text/csv; charset=utf-8");
	snprintf(path, sizeof(path), "/api/v1/reports/assessment.csv?%s"
	    "&county=" CTY, query);
	req(&api, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&api, 200);
	assert_int_equal(r.len, api.len);
	assert_memory_equal(r.body, api.body, api.len);
	assert_int_equal(lines(r.body), 3);
	resp_free(&api);
	wresp_free(&r);
	/* In the page's language. */
	snprintf(path, sizeof(path), "/reports/assessment.csv?%s&lang=en",
	    query);
	assert_int_equal(webc_get(&w, &r, path), 200);
	assert_memory_equal(r.body, BOM "County or district,Communities renovated,",
	    strlen(BOM "County or district,Communities renovated,"));
	wresp_free(&r);
	snprintf(path, sizeof(path), "/reports/assessment.xlsx?%s", query);
	assert_int_equal(webc_get(&w, &r, path), 200);
	assert_string_equal(r.ctype, XLSX_TYPE);
	assert_memory_equal(r.body, "PK\x03\x04", 4);
	wresp_free(&r);
	webc_close(&w);

	/* A county's user: its county only; another is refused. */
	webc_open(&w);
	assert_int_equal(webc_login(&w, county, WEBC_PASSWORD), 303);
	snprintf(path, sizeof(path), "/reports/assessment.csv?%s", query);
	assert_int_equal(webc_get(&w, &r, path), 200);
	assert_int_equal(lines(r.body), 3);
	assert_non_null(strstr(r.body, "\r\n" SCOPED_ZH ","));
	wresp_free(&r);
	assert_int_equal(webc_get(&w, &r, "/reports/assessment.csv?county="
	    CTY), 403);
	wresp_free(&r);
	webc_close(&w);
	/* No session: the login page, not a file. */
	webc_open(&w);
	assert_int_not_equal(webc_get(&w, &r, "/reports/assessment.csv"), 200);
	wresp_free(&r);
	webc_close(&w);
}

static int
setup(void **state)
{
	time_t		 now = time(NULL) + 8 * 3600;	/* the city: UTC+8 */
	struct tm	 tm;
	int		 y;

	(void)state;
	client_init();
	gmtime_r(&now, &tm);
	y = tm.tm_year + 1900;
	snprintf(query, sizeof(query), "from=%d-01-01&to=%d-12-31", y, y);
	make_at(CTY, "accepted");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	client_done();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_xlsx),
		cmocka_unit_test(test_scope),
		cmocka_unit_test(test_web),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
