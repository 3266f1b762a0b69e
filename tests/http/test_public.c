/*
 * test_public.c - 公示, the residents' public notice (issue 5 §6), over
 * HTTP against the running stack:
 *
 *  - the page answers without a login, and with a session cookie it is
 *    the very same page (no signed-in header, no navigation);
 *  - it shows the name, the selected items with their budget and
 *    department, the funding summed by source, the current stage with
 *    the day of each stage, the county office; the same as JSON to a
 *    client that asks for it, with exactly the public keys;
 *  - nothing personal: every actor of the record below is called
 *    SECRET-PERSON-42, and so are its comments, notes, site manager and
 *    committee; the marker appears neither in the page, the print view
 *    nor the JSON, in either language;
 *  - an unknown or malformed code and a withdrawn community are 404;
 *  - the print view carries an inline SVG QR code whose modules are
 *    exactly libqrencode's for the page's absolute address;
 *  - a name with <script> in it is escaped;
 *  - the community page links to the notice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <qrencode.h>

#include "../lib/client.h"
#include "../lib/webc.h"

#define SECRET		"SECRET-PERSON-42"
#define COUNTY		"lanshan"

static const char *const want_json[] = { "Accept: application/json", NULL };

/* The record with everything in it, at piloted; its code. */
static long long	 sid;
static char		 scode[64];

/* An actor whose sub, and so whose name ("测试 <sub>"), carries the marker. */
static const char *
secret_tok(const char *dept, const char *org, const char *roles)
{
	char	 sub[96];

	snprintf(sub, sizeof(sub), SECRET "-%s-%s", dept, roles);
	return tok(sub, dept, org, roles);
}

static long long
must(struct resp *r, long want, const char *what)
{
	long long	 id;

	if (r->status != want)
		fail_msg("%s: want %ld, got %ld: %s", what, want, r->status,
		    r->body != NULL ? r->body : "");
	id = jint(r, "id");
	resp_free(r);
	return id;
}

static void
post(const char *path, const char *token, const char *body, long want)
{
	struct resp	 r;

	req(&r, "POST", path, token, body, NULL, NULL);
	must(&r, want, path);
}

static void
patch(long long id, const char *token, const char *fields)
{
	struct resp	 r;
	char		 body[1024];

	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    version_of(id));
	req(&r, "PATCH", cpath(id, ""), token, body, NULL, NULL);
	must(&r, 200, "patch");
}

/*
 * Submit action as submitter with a comment carrying the marker, then
 * have every department the round needs approve it, each as an actor
 * with the marker in its name and in its comment.
 */
static void
advance_secret(long long id, const char *action, const char *submitter)
{
	struct resp		 r;
	struct json_object	*miss, *v;
	char			 body[256];
	const char		*d;
	size_t			 i;

	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"expected_version\":%d,"
	    "\"comment\":\"" SECRET " 提交\"}", action, version_of(id));
	req(&r, "POST", cpath(id, "/transitions"), submitter, body, NULL, NULL);
	if (r.status != 202)
		fail_msg("submit %s: %ld %s", action, r.status, r.body);
	if (!json_object_object_get_ex(r.json, "missing", &miss))
		fail_msg("submit %s: no missing list", action);
	miss = json_object_get(miss);
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"approve\","
	    "\"comment\":\"" SECRET " 同意\"}", action);
	for (i = 0; i < json_object_array_length(miss); i++) {
		v = json_object_array_get_idx(miss, i);
		d = json_object_get_string(v);
		post(cpath(id, "/approvals"), secret_tok(d,
		    strcmp(d, "county") == 0 ? COUNTY : NULL, "approver"),
		    body, 200);
	}
	json_object_put(miss);
}

static long long
declare(const char *name, const char *committee)
{
	struct resp	 r;
	char		 body[1024];

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"county\":\"" COUNTY "\","
	    "\"street\":\"公示街道\",\"committee\":\"%s\","
	    "\"address\":\"公示路8号\",\"built_year\":1988,\"buildings\":6,"
	    "\"households\":240,\"floor_area_m2\":15600.00,\"state_land\":true,"
	    "\"urban_area\":true,\"multi_storey\":true,\"structure_intact\":true,"
	    "\"in_other_plan\":false}", name, committee);
	req(&r, "POST", "/api/v1/communities",
	    secret_tok("committee", COUNTY, "clerk"), body, NULL, NULL);
	return must(&r, 201, "declare");
}

/* The community's code, as the API gives it. */
static void
code_of(long long id, char *out, size_t n)
{
	struct resp	 r;

	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	if (r.status != 200)
		fail_msg("get %lld: %ld", id, r.status);
	snprintf(out, n, "%s", jstr(&r, "code"));
	resp_free(&r);
}

static const char *
pub(const char *code, const char *suffix)
{
	static char	 b[4][160];
	static int	 k;
	char		*p = b[k++ % 4];

	snprintf(p, sizeof(b[0]), "/public/communities/%s%s", code, suffix);
	return p;
}

static int
setup(void **state)
{
	const char	*street, *cclerk, *build;
	char		 body[512], notice[16];
	time_t		 t = time(NULL) - 20 * 86400;
	struct tm	 tm;
	long long	 items[3];
	struct resp	 r;
	static const char *const kinds[3][2] = {
		{ "cctv", "100000.00" }, { "road", "250000.50" },
		{ "fitness", "80000.00" },
	};
	int		 k;

	(void)state;
	client_init();
	street = secret_tok("street", COUNTY, "clerk");
	cclerk = secret_tok("county", COUNTY, "clerk");
	build = secret_tok("construction", NULL, "clerk");
	sid = declare(uniq("公示测试小区"), SECRET "社区居委会");
	for (k = 0; k < 3; k++) {
		snprintf(body, sizeof(body), "{\"kind\":\"%s\",\"condition\":"
		    "\"poor\",\"selected\":true,\"estimate_yuan\":%s}",
		    kinds[k][0], kinds[k][1]);
		req(&r, "POST", cpath(sid, "/items"), street, body, NULL, NULL);
		items[k] = must(&r, 201, "item");
	}
	/* Looked at, not selected: never on the notice. */
	post(cpath(sid, "/items"), street, "{\"kind\":\"lift\",\"condition\":"
	    "\"good\",\"selected\":false,\"estimate_yuan\":999999.00}", 201);
	advance_secret(sid, "survey", street);
	localtime_r(&t, &tm);
	strftime(notice, sizeof(notice), "%Y-%m-%d", &tm);
	snprintf(body, sizeof(body), "\"consent_households\":200,"
	    "\"notice_posted_on\":\"%s\",\"batch\":\"2017\"", notice);
	patch(sid, cclerk, body);
	/* Two county lines sum to one row: 100000.50 + 30000.00. */
	post(cpath(sid, "/funding"), cclerk, "{\"source\":\"province\","
	    "\"planned_yuan\":300000.00,\"note\":\"" SECRET " 经办\"}", 201);
	post(cpath(sid, "/funding"), cclerk, "{\"source\":\"county\","
	    "\"planned_yuan\":100000.50,\"note\":\"" SECRET "\"}", 201);
	post(cpath(sid, "/funding"), cclerk, "{\"source\":\"county\","
	    "\"planned_yuan\":30000.00}", 201);
	advance_secret(sid, "launch", cclerk);
	post(cpath(sid, "/funding"), cclerk, "{\"source\":\"province\","
	    "\"planned_yuan\":0,\"received_yuan\":200000.00,"
	    "\"note\":\"" SECRET " 收款\"}", 201);
	patch(sid, build, "\"contractor\":\"公示建设公司\","
	    "\"supervisor\":\"公示监理公司\",\"tender_awarded_on\":\"2016-04-20\","
	    "\"site_manager\":\"" SECRET " 张工\"");
	post(ipath(items[1], "/done"), build, NULL, 200);
	code_of(sid, scode, sizeof(scode));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	client_done();
	return 0;
}

static void
no_secret(const struct resp *r, const char *what)
{
	if (r->body == NULL || r->len == 0)
		fail_msg("%s: empty answer", what);
	if (strstr(r->body, SECRET) != NULL)
		fail_msg("%s shows personal data: %s", what,
		    strstr(r->body, SECRET));
	/* tok() names everyone "测试 <sub>". */
	if (strstr(r->body, "测试 ") != NULL)
		fail_msg("%s shows a user's name", what);
}

static void
has(const struct resp *r, const char *s)
{
	if (r->body == NULL || strstr(r->body, s) == NULL)
		fail_msg("the page lacks \"%s\"", s);
}

static void
t_page_without_login(void **state)
{
	struct resp	 r;

	(void)state;
	req(&r, "GET", pub(scode, ""), NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_non_null(strstr(r.ctype, "text/html"));
	has(&r, "<html lang=\"zh-CN\">");
	has(&r, "公示测试小区");
	has(&r, "公示路8号");
	has(&r, "公示街道");
	/* The selected items, their budget and department; not the lift. */
	has(&r, "<th scope=\"row\">视频监控</th><td>公安局</td>"
	    "<td class=\"num\">100,000.00</td><td>待施工</td>");
	has(&r, "<th scope=\"row\">道路硬化</th><td>住房和城乡建设局</td>"
	    "<td class=\"num\">250,000.50</td><td>已完工</td>");
	has(&r, "<th scope=\"row\">健身器材</th><td>体育局</td>"
	    "<td class=\"num\">80,000.00</td>");
	assert_null(strstr(r.body, "电梯"));
	assert_null(strstr(r.body, "999,999.00"));
	/* 100000.00 + 250000.50 + 80000.00 = 430000.50 */
	has(&r, "<td class=\"num\">430,000.50</td>");
	/* By source: province 300000.00 planned, 200000.00 received; county
	   100000.50 + 30000.00 = 130000.50; totals 430000.50 and 200000.00. */
	has(&r, "<th scope=\"row\">省级以奖代补资金</th>"
	    "<td class=\"num\">300,000.00</td><td class=\"num\">200,000.00</td>");
	has(&r, "<th scope=\"row\">县区财政资金</th>"
	    "<td class=\"num\">130,000.50</td><td class=\"num\">0.00</td>");
	has(&r, "<th scope=\"row\">合计</th><td class=\"num\">430,000.50</td>"
	    "<td class=\"num\">200,000.00</td>");
	/* The current stage, and stages done before it with their day. */
	has(&r, "<dt>当前阶段</dt><dd>实施改造</dd>");
	has(&r, "<li class=\"current\" aria-current=\"step\">实施改造");
	has(&r, "<li class=\"done\">已摸底");
	assert_null(strstr(r.body, "<li class=\"done\">实施改造"));
	/* The county's office (sql/009's demo values for lanshan). */
	has(&r, "兰山区老旧小区改造办公室");
	has(&r, "0539-0000101");
	/* No signed-in frame, no form, no QR outside the print view. */
	assert_null(strstr(r.body, "<nav"));
	assert_null(strstr(r.body, "<form"));
	assert_null(strstr(r.body, "<svg"));
	has(&r, pub(scode, "/print"));
	no_secret(&r, "the page");
	resp_free(&r);
}

static void
t_same_page_signed_in(void **state)
{
	struct webc	 s;
	struct wresp	 w;
	struct resp	 r;

	(void)state;
	webc_open(&s);
	assert_int_equal(webc_login(&s, web_user("pub-viewer", "housing",
	    NULL, "viewer"), WEBC_PASSWORD), 303);
	assert_non_null(webc_cookie(&s, "jiugai_session"));
	assert_int_equal(webc_get(&s, &w, pub(scode, "")), 200);
	req(&r, "GET", pub(scode, ""), NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	/* Byte for byte what a resident without a session gets. */
	assert_string_equal(w.body, r.body);
	assert_null(strstr(w.body, "/logout"));
	assert_null(strstr(w.body, "退出登录"));
	assert_null(strstr(w.body, "pub-viewer"));
	wresp_free(&w);
	resp_free(&r);
	webc_close(&s);
}

static void
t_english(void **state)
{
	struct resp	 r;

	(void)state;
	req(&r, "GET", pub(scode, "?lang=en"), NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	has(&r, "<html lang=\"en\">");
	has(&r, "Video surveillance");
	has(&r, "Public Security");
	has(&r, "Province award");
	has(&r, "Under renovation");
	has(&r, "?lang=zh");
	no_secret(&r, "the English page");
	resp_free(&r);
}

/* The text of any value at "a.b" in r's JSON ("" when absent). */
static const char *
jtext(const struct resp *r, const char *key)
{
	struct json_object	*o = r->json;
	char			 k[64], *dot, *p = k;

	snprintf(k, sizeof(k), "%s", key);
	for (;;) {
		if ((dot = strchr(p, '.')) != NULL)
			*dot = '\0';
		if (o == NULL || !json_object_object_get_ex(o, p, &o))
			return "";
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	return o != NULL ? json_object_get_string(o) : "";
}

static void
t_json(void **state)
{
	static const char *const keys[] = {
		"code", "name", "county", "street", "address", "built_year",
		"buildings", "households", "floor_area_m2", "stage",
		"notice_posted_on", "items", "estimate_total_yuan", "funding",
		"funding_total", "stage_dates", "office",
	};
	struct json_object	*o, *a, *v;
	struct resp		 r;
	size_t			 i;

	(void)state;
	req(&r, "GET", pub(scode, ""), NULL, NULL, NULL, want_json);
	EXPECT(&r, 200);
	assert_string_equal(r.ctype, "application/json");
	assert_non_null(r.json);
	no_secret(&r, "the JSON");
	/* Exactly the public keys: a new column must be chosen on purpose. */
	assert_int_equal(json_object_object_length(r.json), sizeof(keys) /
	    sizeof(keys[0]));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!json_object_object_get_ex(r.json, keys[i], NULL))
			fail_msg("no %s in the JSON", keys[i]);
	assert_string_equal(jtext(&r, "code"), scode);
	assert_string_equal(jtext(&r, "stage"), "piloted");
	assert_string_equal(jtext(&r, "estimate_total_yuan"), "430000.50");
	json_object_object_get_ex(r.json, "items", &a);
	assert_int_equal(json_object_array_length(a), 3);
	o = json_object_array_get_idx(a, 1);
	json_object_object_get_ex(o, "kind", &v);
	assert_string_equal(json_object_get_string(v), "road");
	json_object_object_get_ex(o, "dept", &v);
	assert_string_equal(json_object_get_string(v), "construction");
	json_object_object_get_ex(o, "estimate_yuan", &v);
	assert_string_equal(json_object_get_string(v), "250000.50");
	json_object_object_get_ex(o, "status", &v);
	assert_string_equal(json_object_get_string(v), "done");
	/* Exactly kind, dept, estimate and status per item. */
	assert_int_equal(json_object_object_length(o), 4);
	json_object_object_get_ex(r.json, "funding", &a);
	assert_int_equal(json_object_array_length(a), 2);
	o = json_object_array_get_idx(a, 0);
	json_object_object_get_ex(o, "source", &v);
	assert_string_equal(json_object_get_string(v), "province");
	json_object_object_get_ex(o, "planned_yuan", &v);
	assert_string_equal(json_object_get_string(v), "300000.00");
	json_object_object_get_ex(o, "received_yuan", &v);
	assert_string_equal(json_object_get_string(v), "200000.00");
	assert_int_equal(json_object_object_length(o), 3);
	o = json_object_array_get_idx(a, 1);
	json_object_object_get_ex(o, "planned_yuan", &v);
	assert_string_equal(json_object_get_string(v), "130000.50");
	assert_string_equal(jtext(&r, "funding_total.planned_yuan"), "430000.50");
	assert_string_equal(jtext(&r, "funding_total.received_yuan"), "200000.00");
	/* Reached so far: declared, surveyed, piloted; nothing later. */
	json_object_object_get_ex(r.json, "stage_dates", &o);
	assert_int_equal(json_object_object_length(o), 3);
	assert_int_equal(strlen(jtext(&r, "stage_dates.piloted")), 10);
	assert_string_equal(jtext(&r, "office.phone"), "0539-0000101");
	resp_free(&r);
}

static void
t_not_found(void **state)
{
	struct resp	 r;
	long long	 id;
	char		 code[64];

	(void)state;
	req(&r, "GET", "/public/communities/lanshan-999999", NULL, NULL, NULL,
	    NULL);
	EXPECT(&r, 404);
	assert_non_null(strstr(r.ctype, "text/html"));
	resp_free(&r);
	req(&r, "GET", "/public/communities/lanshan-999999", NULL, NULL, NULL,
	    want_json);
	EXPECT(&r, 404);
	assert_string_equal(jerr(&r), "not_found");
	resp_free(&r);
	req(&r, "GET", "/public/communities/lanshan-999999/print", NULL, NULL,
	    NULL, NULL);
	EXPECT(&r, 404);
	resp_free(&r);
	/* Not a code at all: the router's 404. */
	req(&r, "GET", "/public/communities/Lanshan.1", NULL, NULL, NULL, NULL);
	EXPECT(&r, 404);
	resp_free(&r);
	req(&r, "GET", "/public/communities/", NULL, NULL, NULL, NULL);
	EXPECT(&r, 404);
	resp_free(&r);
	/* Withdrawn: gone from the notice board. */
	id = declare(uniq("公示撤回小区"), "公示社区");
	code_of(id, code, sizeof(code));
	req(&r, "GET", pub(code, ""), NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	/* Declared, nothing planned yet. */
	has(&r, "改造方案尚未确定。");
	has(&r, "资金来源尚未落实。");
	has(&r, "<li class=\"current\" aria-current=\"step\">已申报");
	resp_free(&r);
	advance_secret(id, "withdraw", secret_tok("committee", COUNTY, "clerk"));
	req(&r, "GET", pub(code, ""), NULL, NULL, NULL, NULL);
	EXPECT(&r, 404);
	no_secret(&r, "the 404 page");
	resp_free(&r);
	req(&r, "GET", pub(code, ""), NULL, NULL, NULL, want_json);
	EXPECT(&r, 404);
	resp_free(&r);
	req(&r, "GET", pub(code, "/print"), NULL, NULL, NULL, NULL);
	EXPECT(&r, 404);
	resp_free(&r);
	/* Only GET and HEAD. */
	req(&r, "POST", pub(scode, ""), NULL, "a=1",
	    "application/x-www-form-urlencoded", NULL);
	EXPECT(&r, 405);
	resp_free(&r);
}

/* An attribute's number in the tag at s. */
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

/* The QR code of the page in body equals libqrencode's for url. */
static void
check_qr(const char *body, const char *url)
{
	const char	*svg, *end, *s;
	unsigned char	*grid;
	QRcode		*qr;
	int		 w, side, x, y, i, dark = 0, painted = 0;

	assert_non_null((svg = strstr(body, "<svg class=\"qr\"")));
	assert_non_null((end = strstr(svg, "</svg>")));
	assert_non_null((qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M,
	    QR_MODE_8, 1)));
	w = qr->width;
	side = w + 8;
	assert_non_null(strstr(svg, "viewBox=\"0 0 "));
	assert_int_equal(atoi(strstr(svg, "viewBox=\"0 0 ") + 13), side);
	grid = calloc((size_t)(side * side), 1);
	for (s = svg; (s = strstr(s, "<rect")) != NULL && s < end; s++) {
		x = attr_int(s, "x");
		y = attr_int(s, "y");
		assert_int_equal(attr_int(s, "height"), 1);
		assert_true(y >= 4 && y < w + 4 && x >= 4 &&
		    x + attr_int(s, "width") <= w + 4);
		for (i = 0; i < attr_int(s, "width"); i++) {
			grid[y * side + x + i]++;
			painted++;
		}
	}
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x++) {
			if ((qr->data[y * w + x] & 1) != grid[(y + 4) * side + x + 4])
				fail_msg("QR module %d,%d differs from libqrencode's", x, y);
			dark += qr->data[y * w + x] & 1;
		}
	/* The same number of dark modules, each painted once. */
	assert_int_equal(painted, dark);
	free(grid);
	QRcode_free(qr);
}

static void
t_print(void **state)
{
	struct resp	 r;
	const char	*base = getenv("JIUGAI_TEST_URL");
	char		 url[512], shown[600];
	size_t		 n;

	(void)state;
	assert_non_null(base);
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	/* curl sends Host: as the test URL has it; nginx makes JIUGAI_SITE. */
	snprintf(url, sizeof(url), "%.*s/public/communities/%s", (int)n, base,
	    scode);
	snprintf(shown, sizeof(shown), "<p class=\"pub-url\">%s</p>", url);
	req(&r, "GET", pub(scode, "/print"), NULL, NULL, NULL, want_json);
	EXPECT(&r, 200);
	/* The sheet is a page, whatever the client prefers. */
	assert_non_null(strstr(r.ctype, "text/html"));
	has(&r, "pub-sheet");
	has(&r, shown);
	has(&r, "扫码查看最新公示");
	has(&r, "本公示打印于 ");
	has(&r, "0539-0000101");
	check_qr(r.body, url);
	no_secret(&r, "the print view");
	resp_free(&r);
	req(&r, "GET", pub(scode, "?print=1&lang=en"), NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	has(&r, "pub-sheet");
	has(&r, shown);
	has(&r, "Scan to read the latest version");
	check_qr(r.body, url);
	no_secret(&r, "the English print view");
	resp_free(&r);
}

static void
t_escaping(void **state)
{
	struct resp	 r;
	long long	 id;
	char		 code[64];

	(void)state;
	id = declare("公示<script>alert(\\\"pub\\\")</script>小区", "公示社区");
	code_of(id, code, sizeof(code));
	req(&r, "GET", pub(code, ""), NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	has(&r, "<h1>公示&lt;script&gt;alert(&quot;pub&quot;)&lt;/script&gt;小区</h1>");
	has(&r, "<title>公示&lt;script&gt;");
	assert_null(strstr(r.body, "<script"));
	resp_free(&r);
	req(&r, "GET", pub(code, ""), NULL, NULL, NULL, want_json);
	EXPECT(&r, 200);
	assert_string_equal(jtext(&r, "name"), "公示<script>alert(\"pub\")</script>小区");
	resp_free(&r);
}

static void
t_community_page_links(void **state)
{
	struct webc	 s;
	struct wresp	 w;
	char		 path[64], link[160];

	(void)state;
	webc_open(&s);
	assert_int_equal(webc_login(&s, web_user("pub-county", "county",
	    COUNTY, "viewer"), WEBC_PASSWORD), 303);
	snprintf(path, sizeof(path), "/communities/%lld", sid);
	assert_int_equal(webc_get(&s, &w, path), 200);
	snprintf(link, sizeof(link), "<a href=\"/public/communities/%s\">公示页面</a>",
	    scode);
	if (strstr(w.body, link) == NULL)
		fail_msg("the community page has no link to its notice");
	wresp_free(&w);
	webc_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_page_without_login),
		cmocka_unit_test(t_same_page_signed_in),
		cmocka_unit_test(t_english),
		cmocka_unit_test(t_json),
		cmocka_unit_test(t_not_found),
		cmocka_unit_test(t_print),
		cmocka_unit_test(t_escaping),
		cmocka_unit_test(t_community_page_links),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
