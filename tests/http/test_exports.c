/*
 * test_exports.c - 台账 and 物业移交台账 on the real stack: the CSV file
 * (BOM, header, one row per community in scope, RFC 4180 quoting,
 * formulas neutralised, Chinese intact), the .xlsx file opened with
 * unzip and its cells read (numbers, money and dates typed, frozen
 * panes, header), the scope of every export, and the hand-over figures
 * on communities made here, against numbers worked out by hand.
 *
 * The ledger's own rows are found by a token in their names (q=); the
 * hand-over set is in a batch of its own (batch=), so the other suites'
 * records, which share the database, never enter the figures.
 *
 * The hand-over set (T is today in the city; "back" is how far its
 * stage_since is moved into the past, which only the days count read):
 *
 *	county	name	stage		mode		contract		back
 *	lanshan	W1	accepted	-		-			10 days
 *	lanshan	W2	accepted	-		-			45 days
 *	junan	W3	accepted	-		-			-
 *	lanshan	M1	managed		professional	T-400 .. T+30		-
 *	lanshan	M2	managed		professional	S .. S+3 years		-
 *	lanshan	M3	managed		community	-			-
 *	lanshan	M4	managed		professional	T-800 .. T-5		-
 *	lanshan	M5	managed		professional	E-3y+1d .. E		-
 *	junan	M6	managed		community	-			-
 *
 * with S = T-365 and E = T+200.  By hand:
 *   days since acceptance: W1 10, W2 45, W3 0.
 *   days to contract end: M1 30, M4 -5, M2 S+3y-T, M5 200.
 *   subsidy (professional, >= 3 years): M2 only (M5 is one day short).
 *   follow-up: M1 ending within 90 days, M4 ended, M3 and M6 backed.
 *   lanshan: waiting 2, managed 5, professional 4, community 1,
 *            eligible 1, follow-up 3, coverage 5/7 = 0.714285... -> 0.7143
 *   junan:   waiting 1, managed 1, professional 0, community 1,
 *            eligible 0, follow-up 1, coverage 1/2 = 0.5000
 *   total:   waiting 3, managed 6, professional 4, community 2,
 *            eligible 1, follow-up 4, coverage 6/9 = 0.6666... -> 0.6667
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

#include "../../include/urlenc.h"
#include "../lib/client.h"
#include "../lib/webc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define COUNTY		"lanshan"
#define OTHER		"junan"
#define BOM		"\xef\xbb\xbf"

/* ---- Dates ---------------------------------------------------------- */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static long
days_from_civil(int y, int m, int d)
{
	long	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Today in the city (UTC+8), as days since the epoch. */
static long
today(void)
{
	return (long)((time(NULL) + 8 * 3600) / 86400);
}

static const char *
ymd(long days, char *out)
{
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return out;
}

/* days moved by whole years, as PostgreSQL's date + interval does. */
static long
plus_years(long days, int years)
{
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		d = 28;
	return days_from_civil(y, m, d);
}

/* A day that is not 29 February, so that "3 years" is unambiguous. */
static long
not_leap_day(long days)
{
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	return m == 2 && d == 29 ? days + 1 : days;
}

/* ---- Making the records --------------------------------------------- */

static char		 token[64];	/* in the names of the ledger's rows */
static char		 token_enc[192];
static char		 batch[64];
static char		 batch_enc[192];
static long long	 L1, L2, L3;	/* the ledger's rows */
static char		 L1_name[160], L2_name[160], L3_name[160];
static char		 L1_code[64];
static long long	 W1, W2, W3, M1, M2, M3, M4, M5, M6;
static long		 T, S2, E2, E5;

/* name_json: the name as it goes inside a JSON string. */
static long long
declare(const char *county, const char *name_json)
{
	struct resp	 r;
	char		 body[1024];
	long long	 id;

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"county\":\"%s\","
	    "\"street\":\"导出街道\",\"committee\":\"导出社区\","
	    "\"address\":\"导出路8号\",\"built_year\":1986,\"buildings\":5,"
	    "\"households\":240,\"floor_area_m2\":15600.00,\"state_land\":true,"
	    "\"urban_area\":true,\"multi_storey\":true,\"structure_intact\":true,"
	    "\"in_other_plan\":false}", name_json, county);
	req(&r, "POST", "/api/v1/communities", tok_committee(county), body,
	    NULL, NULL);
	EXPECT(&r, 201);
	id = jint(&r, "id");
	resp_free(&r);
	return id;
}

static void
patch(long long id, const char *token_, const char *fields)
{
	struct resp	 r;
	char		 body[1024];

	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    version_of(id));
	req(&r, "PATCH", cpath(id, ""), token_, body, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
}

static void
post(const char *path, const char *token_, const char *body, long want)
{
	struct resp	 r;

	req(&r, "POST", path, token_, body, NULL, NULL);
	EXPECT(&r, want);
	resp_free(&r);
}

static const char *
build(void)
{
	return tok("t-construction-clerk", "construction", NULL, "clerk");
}

static const char *
housing(void)
{
	return tok("t-housing-clerk", "housing", NULL, "clerk");
}

/*
 * A community of county taken through the API to accepted, in this
 * suite's batch; then handed over with the accepted stage's fields
 * (NULL: left accepted).
 */
static long long
walk(const char *county, const char *handover)
{
	struct resp		 r;
	struct json_object	*items, *it, *v;
	char			 body[512], notice[16], sub[64];
	long long		 id, item;
	const char		*dept;
	size_t			 i, n;

	id = make_at(county, "surveyed");
	snprintf(body, sizeof(body), "\"consent_households\":200,"
	    "\"notice_posted_on\":\"%s\",\"batch\":\"%s\"",
	    ymd(T - 20, notice), batch);
	patch(id, tok_cclerk(county), body);
	post(cpath(id, "/funding"), tok_cclerk(county),
	    "{\"source\":\"province\",\"planned_yuan\":300000.00}", 201);
	assert_int_equal(advance(id, county, "launch", tok_cclerk(county)), 200);
	patch(id, build(), "\"contractor\":\"导出建设公司\",\"supervisor\":\"导出监理\","
	    "\"tender_awarded_on\":\"2016-04-20\",\"site_manager\":\"李工\"");
	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(json_object_object_get_ex(r.json, "items", &items));
	n = json_object_array_length(items);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(items, i);
		json_object_object_get_ex(it, "id", &v);
		item = json_object_get_int64(v);
		post(ipath(item, "/done"), build(), NULL, 200);
	}
	assert_int_equal(advance(id, county, "complete", build()), 200);
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(items, i);
		json_object_object_get_ex(it, "id", &v);
		item = json_object_get_int64(v);
		json_object_object_get_ex(it, "dept", &v);
		dept = json_object_get_string(v);
		snprintf(sub, sizeof(sub), "t-%s-approver", dept);
		post(ipath(item, "/signoff"), tok(sub, dept, NULL, "approver"),
		    "{\"decision\":\"approve\",\"comment\":\"合格\"}", 200);
	}
	resp_free(&r);
	assert_int_equal(advance(id, county, "accept", build()), 200);
	if (handover == NULL)
		return id;
	patch(id, housing(), handover);
	assert_int_equal(advance(id, county, "hand_over", housing()), 200);
	return id;
}

/* A professional hand-over with a contract from start to end. */
static const char *
professional(long start, long end)
{
	static char	 f[512];
	char		 a[16], b[16];

	snprintf(f, sizeof(f), "\"owners_meeting_on\":\"2016-07-10\","
	    "\"mode\":\"professional\",\"company\":\"导出物业公司\","
	    "\"contract_start\":\"%s\",\"contract_end\":\"%s\","
	    "\"managed_area_m2\":12000.00,\"fee_yuan_per_m2_month\":0.60",
	    ymd(start, a), ymd(end, b));
	return f;
}

#define BACKED	"\"owners_meeting_on\":\"2016-07-10\",\"mode\":\"community\"," \
		"\"managing_committee\":\"社区托底小组\""

/* Move stage_since days into the past (only the days count reads it). */
static void
backdate(long long id, int days)
{
	char		 sql[160];
	PGresult	*res;

	snprintf(sql, sizeof(sql), "UPDATE community SET stage_since ="
	    " stage_since - interval '%d days' WHERE id = %lld", days, id);
	res = PQexec(db(), sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		fail_msg("backdate: %s", PQerrorMessage(db()));
	PQclear(res);
}

static int
setup(void **state)
{
	char	 name[160];

	(void)state;
	client_init();
	T = today();
	snprintf(token, sizeof(token), "%s", uniq("导出"));
	if (url_encode(token, token_enc, sizeof(token_enc)) < 0)
		return -1;
	snprintf(batch, sizeof(batch), "%s", uniq("移交批次"));
	if (url_encode(batch, batch_enc, sizeof(batch_enc)) < 0)
		return -1;
	/* A comma and quotes; a formula with a comma; an @ formula. */
	snprintf(L1_name, sizeof(L1_name), "%s,\"引号\"小区", token);
	snprintf(name, sizeof(name), "%s,\\\"引号\\\"小区", token);
	L1 = declare(COUNTY, name);
	snprintf(L2_name, sizeof(L2_name), "=SUM(1,2)%s", token);
	L2 = declare(COUNTY, L2_name);
	snprintf(L3_name, sizeof(L3_name), "@%s兰山", token);
	L3 = declare(COUNTY, L3_name);
	snprintf(L1_code, sizeof(L1_code), "%s-%06lld", COUNTY, L1);

	S2 = not_leap_day(T - 365);
	E2 = plus_years(S2, 3);
	E5 = not_leap_day(T + 200);
	W1 = walk(COUNTY, NULL);
	W2 = walk(COUNTY, NULL);
	W3 = walk(OTHER, NULL);
	M1 = walk(COUNTY, professional(T - 400, T + 30));
	M2 = walk(COUNTY, professional(S2, E2));
	M3 = walk(COUNTY, BACKED);
	M4 = walk(COUNTY, professional(T - 800, T - 5));
	M5 = walk(COUNTY, professional(plus_years(E5, -3) + 1, E5));
	M6 = walk(OTHER, BACKED);
	backdate(W1, 10);
	backdate(W2, 45);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	client_done();
	return 0;
}

/* ---- Reading the answers -------------------------------------------- */

/* How many CRLF-ended lines body has; -1 if a bare LF is found. */
static int
crlf_lines(const char *body, size_t len)
{
	size_t	 i;
	int	 n = 0, quoted = 0;

	for (i = 0; i < len; i++) {
		if (body[i] == '"')
			quoted = !quoted;
		if (quoted)
			continue;
		if (body[i] == '\n') {
			if (i == 0 || body[i - 1] != '\r')
				return -1;
			n++;
		}
	}
	return n;
}

/* The line of body (after the BOM) starting with prefix, or NULL; static. */
static const char *
line_of(const char *body, const char *prefix)
{
	static char	 line[4096];
	const char	*p = body, *end;

	while (p != NULL && *p != '\0') {
		end = strstr(p, "\r\n");
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			size_t n = end != NULL ? (size_t)(end - p) : strlen(p);

			if (n >= sizeof(line))
				n = sizeof(line) - 1;
			memcpy(line, p, n);
			line[n] = '\0';
			return line;
		}
		p = end != NULL ? end + 2 : NULL;
	}
	return NULL;
}

/* A string of the answer, "" when absent or not a string. */
static const char *
s0(const struct resp *r, const char *key)
{
	const char	*v = jstr(r, key);

	return v != NULL ? v : "";
}

/* Member key of element i of the array at top-level key arr. */
static struct json_object *
nth(const struct resp *r, const char *arr, size_t i, const char *key)
{
	struct json_object	*a, *v;

	if (r->json == NULL || !json_object_object_get_ex(r->json, arr, &a) ||
	    !json_object_is_type(a, json_type_array) ||
	    i >= json_object_array_length(a) ||
	    !json_object_object_get_ex(json_object_array_get_idx(a, i), key, &v))
		return NULL;
	return v;
}

static void
get(struct resp *r, const char *path, const char *token_, long want)
{
	req(r, "GET", path, token_, NULL, NULL, NULL);
	EXPECT(r, want);
}

/* The text of an .xlsx part (unzip -p), malloc'd; NULL if absent. */
static char *
xlsx_part(const struct resp *r, const char *part)
{
	char	 path[] = "/tmp/jiugai-test-xlsx-XXXXXX", cmd[256], *out = NULL;
	size_t	 len = 0, n;
	char	 chunk[8192];
	FILE	*f;
	int	 fd;

	if ((fd = mkstemp(path)) == -1)
		fail_msg("mkstemp");
	if (write(fd, r->body, r->len) != (ssize_t)r->len)
		fail_msg("write");
	close(fd);
	snprintf(cmd, sizeof(cmd), "unzip -p %s '%s' 2>/dev/null", path, part);
	if ((f = popen(cmd, "r")) == NULL)
		fail_msg("popen unzip");
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		out = realloc(out, len + n + 1);
		memcpy(out + len, chunk, n);
		len += n;
		out[len] = '\0';
	}
	pclose(f);
	unlink(path);
	return out;
}

/* One cell of a sheet: its style, type and value (string resolved). */
struct cell {
	int	 found;
	int	 style;		/* s=, 0 when absent */
	char	 type[16];	/* t=, "" when absent (a number) */
	char	 value[512];	/* <v> text, or the string */
	int	 formula;	/* holds an <f> */
};

/* The i-th <si> of sharedStrings.xml (when a workbook has one). */
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
	if ((q = strstr(p, "<f>")) != NULL && q < end)
		c->formula = 1;
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

/* Column letters of a 0-based index. */
static void
col_name(int i, char *out)
{
	if (i < 26)
		snprintf(out, 4, "%c", 'A' + i);
	else
		snprintf(out, 4, "%c%c", 'A' + i / 26 - 1, 'A' + i % 26);
}

/* The column (letters) whose header (row 1) is label; aborts if none. */
static void
column_of(const char *sheet, const char *sst, const char *label, char *out)
{
	struct cell	 c;
	char		 ref[16];
	int		 i;

	for (i = 0; i < 60; i++) {
		col_name(i, out);
		snprintf(ref, sizeof(ref), "%s1", out);
		cell_at(sheet, sst, ref, &c);
		if (c.found && strcmp(c.value, label) == 0)
			return;
	}
	fail_msg("no column headed %s", label);
}

/* The row whose cell in column col holds value; 0 if none. */
static int
row_of(const char *sheet, const char *sst, const char *col, const char *value)
{
	struct cell	 c;
	char		 ref[16];
	int		 row;

	for (row = 2; row < 5000; row++) {
		snprintf(ref, sizeof(ref), "%s%d", col, row);
		cell_at(sheet, sst, ref, &c);
		if (!c.found)
			return 0;
		if (strcmp(c.value, value) == 0)
			return row;
	}
	return 0;
}

/* The number format code of cell style s (styles.xml), "" for General. */
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

/* A cell, by its column's header and the row. */
static void
cell_by(const char *sheet, const char *sst, const char *label, int row,
    struct cell *c)
{
	char	 col[4], ref[16];

	column_of(sheet, sst, label, col);
	snprintf(ref, sizeof(ref), "%s%d", col, row);
	cell_at(sheet, sst, ref, c);
}

/* ---- The ledger ----------------------------------------------------- */

static void
t_ledger_csv(void **state)
{
	struct resp	 r, r2;
	char		 path[512], want[512];
	const char	*line;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/reports/ledger.csv?q=%s", token_enc);
	get(&r, path, tok_street(COUNTY), 200);
	assert_string_equal(r.ctype, "text/csv; charset=utf-8");
	/* The BOM, then the header in Chinese. */
	assert_memory_equal(r.body, BOM "编号,小区名称,所属县区,所属街道（镇）,",
	    strlen(BOM "编号,小区名称,所属县区,所属街道（镇）,"));
	assert_non_null(strstr(r.body, ",所处阶段,申报日期,摸底日期,"));
	assert_non_null(strstr(r.body, ",估算总额（元）,计划资金（元）,到位资金（元）,"));
	/* The header and the three rows, each ended by CRLF. */
	assert_int_equal(crlf_lines(r.body, r.len), 4);
	/* Quoting: the comma and the doubled quotes. */
	snprintf(want, sizeof(want), "%s,\"%s,\"\"引号\"\"小区\",兰山区,导出街道,",
	    L1_code, token);
	line = line_of(r.body, L1_code);
	assert_non_null(line);
	assert_memory_equal(line, want, strlen(want));
	/* Chinese intact: the stage and the yes/no in words, numbers bare. */
	assert_non_null(strstr(line, ",1986,5,240,15600.00,否,已申报,"));
	/* Formulas neutralised, inside the quotes the comma needs. */
	snprintf(want, sizeof(want), ",\"'=SUM(1,2)%s\",", token);
	assert_non_null(strstr(r.body, want));
	snprintf(want, sizeof(want), ",'@%s兰山,", token);
	assert_non_null(strstr(r.body, want));
	assert_null(strstr(r.body, ",=SUM"));
	assert_null(strstr(r.body, ",@"));

	/* Accept: text/csv on the JSON route gives the same file. */
	snprintf(path, sizeof(path), "/api/v1/reports/ledger?q=%s", token_enc);
	req(&r2, "GET", path, tok_street(COUNTY), NULL, NULL,
	    (const char *const[]){ "Accept: text/csv", NULL });
	EXPECT(&r2, 200);
	assert_string_equal(r2.ctype, "text/csv; charset=utf-8");
	assert_int_equal(r2.len, r.len);
	assert_memory_equal(r2.body, r.body, r.len);
	resp_free(&r2);
	resp_free(&r);
}

static void
t_ledger_json(void **state)
{
	struct resp		 r;
	struct json_object	*items, *it, *v;
	char			 path[512], next[64];
	long long		 seen[3];

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/reports/ledger?q=%s&limit=2",
	    token_enc);
	get(&r, path, tok_viewer(), 200);
	assert_true(json_object_object_get_ex(r.json, "items", &items));
	assert_int_equal(json_object_array_length(items), 2);
	it = json_object_array_get_idx(items, 0);
	json_object_object_get_ex(it, "id", &v);
	seen[0] = json_object_get_int64(v);
	assert_int_equal(seen[0], L1);
	json_object_object_get_ex(it, "name", &v);
	assert_string_equal(json_object_get_string(v), L1_name);
	json_object_object_get_ex(it, "households", &v);
	assert_true(json_object_is_type(v, json_type_int));
	assert_int_equal(json_object_get_int(v), 240);
	json_object_object_get_ex(it, "stage", &v);
	assert_string_equal(json_object_get_string(v), "declared");
	json_object_object_get_ex(it, "surveyed_on", &v);
	assert_null(v);
	seen[1] = json_object_get_int64(nth(&r, "items", 1, "id"));
	snprintf(next, sizeof(next), "%s", s0(&r, "next"));
	assert_true(next[0] != '\0');
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/reports/ledger?q=%s&limit=2&after=%s",
	    token_enc, next);
	get(&r, path, tok_viewer(), 200);
	assert_true(json_object_object_get_ex(r.json, "items", &items));
	assert_int_equal(json_object_array_length(items), 1);
	json_object_object_get_ex(json_object_array_get_idx(items, 0), "id", &v);
	seen[2] = json_object_get_int64(v);
	assert_true(json_object_object_get_ex(r.json, "next", &v));
	assert_null(v);
	resp_free(&r);
	assert_int_equal(seen[1], L2);
	assert_int_equal(seen[2], L3);
	/* A file takes no paging; a bad filter names itself. */
	get(&r, "/api/v1/reports/ledger.csv?limit=5", tok_viewer(), 400);
	resp_free(&r);
	get(&r, "/api/v1/reports/ledger.xlsx?stage=demolished", tok_viewer(), 400);
	assert_string_equal(s0(&r, "error.details.field"), "stage");
	resp_free(&r);
}

static void
t_ledger_xlsx(void **state)
{
	struct resp	 r;
	struct cell	 c;
	char		 path[512], fmt[64], serial[32];
	char		*sheet, *styles, *sst, *book;
	int		 row;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/reports/ledger.xlsx?q=%s", token_enc);
	get(&r, path, tok_viewer(), 200);
	assert_string_equal(r.ctype,
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_memory_equal(r.body, "PK\x03\x04", 4);
	sheet = xlsx_part(&r, "xl/worksheets/sheet1.xml");
	styles = xlsx_part(&r, "xl/styles.xml");
	sst = xlsx_part(&r, "xl/sharedStrings.xml");	/* may be absent */
	book = xlsx_part(&r, "xl/workbook.xml");
	assert_non_null(sheet);
	assert_non_null(styles);
	assert_non_null(book);
	assert_non_null(strstr(book, "<sheet name=\"台账\""));
	/* Frozen: the header row and the first two columns. */
	assert_non_null(strstr(sheet, "<pane xSplit=\"2\" ySplit=\"1\""));
	assert_non_null(strstr(sheet, "state=\"frozen\""));
	/* The header row's strings, bold. */
	cell_at(sheet, sst, "A1", &c);
	assert_string_equal(c.value, "编号");
	cell_at(sheet, sst, "B1", &c);
	assert_string_equal(c.value, "小区名称");
	assert_true(c.style > 0);
	assert_non_null(strstr(styles, "<b/>"));
	/* The header and exactly our three rows. */
	assert_non_null(strstr(sheet, "<dimension ref=\"A1:"));
	assert_non_null(strstr(sheet, "<row r=\"4\""));
	assert_null(strstr(sheet, "<row r=\"5\""));
	/* L1's row, found by its code. */
	row = row_of(sheet, sst, "A", L1_code);
	assert_true(row >= 2);
	/* A number is a number: no t, or t="n", and its value. */
	cell_by(sheet, sst, "户数", row, &c);
	assert_true(c.found);
	assert_true(c.type[0] == '\0' || strcmp(c.type, "n") == 0);
	assert_string_equal(c.value, "240");
	/* Money and areas with two decimals. */
	cell_by(sheet, sst, "建筑面积（平方米）", row, &c);
	assert_true(c.type[0] == '\0' || strcmp(c.type, "n") == 0);
	assert_string_equal(c.value, "15600");
	style_format(styles, c.style, fmt, sizeof(fmt));
	assert_string_equal(fmt, "#,##0.00");
	cell_by(sheet, sst, "估算总额（元）", row, &c);
	assert_true(c.type[0] == '\0' || strcmp(c.type, "n") == 0);
	assert_string_equal(c.value, "0");
	style_format(styles, c.style, fmt, sizeof(fmt));
	assert_string_equal(fmt, "#,##0.00");
	/* A date is Excel's serial of the day (1970-01-01 is 25569), dated. */
	cell_by(sheet, sst, "申报日期", row, &c);
	assert_true(c.type[0] == '\0' || strcmp(c.type, "n") == 0);
	snprintf(serial, sizeof(serial), "%ld", T + 25569);
	assert_string_equal(c.value, serial);
	style_format(styles, c.style, fmt, sizeof(fmt));
	assert_string_equal(fmt, "yyyy-mm-dd");
	/* No date where a stage was never reached: an empty cell. */
	cell_by(sheet, sst, "验收日期", row, &c);
	assert_false(c.found);
	/* Words for codes and booleans. */
	cell_by(sheet, sst, "所属县区", row, &c);
	assert_string_equal(c.value, "兰山区");
	cell_by(sheet, sst, "所处阶段", row, &c);
	assert_string_equal(c.value, "已申报");
	cell_by(sheet, sst, "含危房", row, &c);
	assert_string_equal(c.value, "否");
	/* No cell anywhere is a formula. */
	assert_null(strstr(sheet, "<f>"));
	free(sheet);
	free(styles);
	free(sst);
	free(book);
	resp_free(&r);
}

/* Names come back exactly, XML-escaped in the sheet and nothing added. */
static void
t_ledger_xlsx_names(void **state)
{
	struct resp	 r;
	struct cell	 c;
	char		 path[512], want[256], code[64];
	char		*sheet, *sst;
	int		 row;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/reports/ledger.xlsx?q=%s", token_enc);
	get(&r, path, tok_viewer(), 200);
	sheet = xlsx_part(&r, "xl/worksheets/sheet1.xml");
	sst = xlsx_part(&r, "xl/sharedStrings.xml");
	assert_non_null(sheet);
	row = row_of(sheet, sst, "A", L1_code);
	cell_by(sheet, sst, "小区名称", row, &c);
	/* libxlsxwriter escapes & < > only: the quotes stay as they are. */
	assert_string_equal(c.value, L1_name);
	snprintf(code, sizeof(code), "%s-%06lld", COUNTY, L2);
	row = row_of(sheet, sst, "A", code);
	cell_by(sheet, sst, "小区名称", row, &c);
	assert_string_not_equal(c.type, "");
	snprintf(want, sizeof(want), "=SUM(1,2)%s", token);
	assert_string_equal(c.value, want);
	assert_false(c.formula);
	free(sheet);
	free(sst);
	resp_free(&r);
}

/* ---- Scope ---------------------------------------------------------- */

static void
t_scope(void **state)
{
	struct resp	 r;
	const char	*p;
	long long	 rows = 0, want;

	(void)state;
	/* A lanshan street user: every row is lanshan's, and all of them. */
	get(&r, "/api/v1/reports/ledger.csv", tok_street(COUNTY), 200);
	p = strstr(r.body, "\r\n");
	assert_non_null(p);
	for (p += 2; *p != '\0'; p = strstr(p, "\r\n") + 2) {
		if (strncmp(p, COUNTY "-", strlen(COUNTY) + 1) != 0)
			fail_msg("a row not of " COUNTY ": %.60s", p);
		rows++;
		if (strstr(p, "\r\n") == NULL)
			break;
	}
	want = db_count("SELECT count(*) FROM community WHERE county = '"
	    COUNTY "'");
	assert_true(want >= 12);
	assert_int_equal(rows, want);
	resp_free(&r);
	/* Another county: 403, in every format; its own: 200. */
	get(&r, "/api/v1/reports/ledger.csv?county=" OTHER, tok_street(COUNTY), 403);
	resp_free(&r);
	get(&r, "/api/v1/reports/ledger.xlsx?county=" OTHER, tok_street(COUNTY), 403);
	resp_free(&r);
	get(&r, "/api/v1/reports/ledger?county=" OTHER, tok_cclerk(COUNTY), 403);
	resp_free(&r);
	get(&r, "/api/v1/reports/handover.csv?county=" OTHER, tok_street(COUNTY), 403);
	resp_free(&r);
	get(&r, "/api/v1/reports/ledger.csv?county=" COUNTY, tok_street(COUNTY), 200);
	resp_free(&r);
	/* The hand-over coverage of a scoped user: their county alone. */
	get(&r, "/api/v1/reports/handover", tok_street(COUNTY), 200);
	assert_string_equal(json_object_get_string(nth(&r, "coverage", 0,
	    "county")), COUNTY);
	assert_null(nth(&r, "coverage", 1, "county"));
	resp_free(&r);
	/* No token, no file. */
	get(&r, "/api/v1/reports/ledger.csv", NULL, 401);
	resp_free(&r);
}

/* ---- Hand-over ------------------------------------------------------ */

static struct json_object *
item_of(struct json_object *items, long long id)
{
	struct json_object	*it, *v;
	size_t			 i, n = json_object_array_length(items);

	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(items, i);
		if (json_object_object_get_ex(it, "id", &v) &&
		    json_object_get_int64(v) == id)
			return it;
	}
	fail_msg("community %lld not in the report", id);
	return NULL;
}

static long long
ival(struct json_object *o, const char *k)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, k, &v) || v == NULL)
		fail_msg("%s is null", k);
	return json_object_get_int64(v);
}

static int
is_null(struct json_object *o, const char *k)
{
	struct json_object	*v;

	return !json_object_object_get_ex(o, k, &v) || v == NULL;
}

/* The follow-up flags of o joined by commas. */
static const char *
flags_of(struct json_object *o)
{
	static char		 s[128];
	struct json_object	*a;
	size_t			 i, n;

	s[0] = '\0';
	if (!json_object_object_get_ex(o, "follow_up", &a) || a == NULL)
		return "null";
	n = json_object_array_length(a);
	for (i = 0; i < n; i++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "%s%s",
		    i > 0 ? "," : "",
		    json_object_get_string(json_object_array_get_idx(a, i)));
	return s;
}

/* A coverage row's figures as "w,m,p,c,e,f,coverage". */
static const char *
figures(struct json_object *o)
{
	static char		 s[128];
	struct json_object	*v;

	json_object_object_get_ex(o, "coverage", &v);
	snprintf(s, sizeof(s), "%lld,%lld,%lld,%lld,%lld,%lld,%s",
	    ival(o, "waiting"), ival(o, "managed"), ival(o, "professional"),
	    ival(o, "community_backed"), ival(o, "subsidy_eligible"),
	    ival(o, "follow_up"), v != NULL ? json_object_get_string(v) : "null");
	return s;
}

static void
t_handover_figures(void **state)
{
	struct resp		 r;
	struct json_object	*cov, *total, *items, *it, *v;
	char			 path[512], d[16];
	size_t			 i, n;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/reports/handover?batch=%s", batch_enc);
	get(&r, path, tok_viewer(), 200);
	assert_string_equal(s0(&r, "as_of"), ymd(T, d));
	/* Every county, with zeros where nothing is in this batch. */
	assert_true(json_object_object_get_ex(r.json, "coverage", &cov));
	assert_int_equal(json_object_array_length(cov), 15);
	for (i = 0; i < 15; i++) {
		it = json_object_array_get_idx(cov, i);
		json_object_object_get_ex(it, "county", &v);
		if (strcmp(json_object_get_string(v), COUNTY) == 0)
			assert_string_equal(figures(it), "2,5,4,1,1,3,0.7143");
		else if (strcmp(json_object_get_string(v), OTHER) == 0)
			assert_string_equal(figures(it), "1,1,0,1,0,1,0.5000");
		else
			assert_string_equal(figures(it), "0,0,0,0,0,0,null");
	}
	assert_true(json_object_object_get_ex(r.json, "total", &total));
	assert_string_equal(figures(total), "3,6,4,2,1,4,0.6667");
	assert_true(is_null(total, "county"));

	assert_true(json_object_object_get_ex(r.json, "items", &items));
	n = json_object_array_length(items);
	assert_int_equal(n, 9);
	/* Longest waiting first: W2 (45 days), then W1 (10 days). */
	assert_int_equal(ival(json_object_array_get_idx(items, 0), "id"), W2);
	assert_int_equal(ival(json_object_array_get_idx(items, 1), "id"), W1);
	assert_int_equal(ival(item_of(items, W1), "days_since_acceptance"), 10);
	assert_int_equal(ival(item_of(items, W2), "days_since_acceptance"), 45);
	assert_int_equal(ival(item_of(items, W3), "days_since_acceptance"), 0);
	assert_string_equal(json_object_get_string(json_object_object_get(
	    item_of(items, W3), "accepted_on")), ymd(T, d));
	assert_true(is_null(item_of(items, W1), "subsidy_eligible"));
	assert_string_equal(flags_of(item_of(items, W1)), "null");
	/* Managed: days left, the subsidy, the flags. */
	assert_true(is_null(item_of(items, M1), "days_since_acceptance"));
	assert_int_equal(ival(item_of(items, M1), "days_to_contract_end"), 30);
	assert_int_equal(ival(item_of(items, M4), "days_to_contract_end"), -5);
	assert_int_equal(ival(item_of(items, M2), "days_to_contract_end"), E2 - T);
	assert_int_equal(ival(item_of(items, M5), "days_to_contract_end"), E5 - T);
	assert_true(is_null(item_of(items, M3), "days_to_contract_end"));
	assert_true(json_object_get_boolean(json_object_object_get(
	    item_of(items, M2), "subsidy_eligible")));
	assert_false(json_object_get_boolean(json_object_object_get(
	    item_of(items, M5), "subsidy_eligible")));
	assert_false(json_object_get_boolean(json_object_object_get(
	    item_of(items, M1), "subsidy_eligible")));
	assert_false(json_object_get_boolean(json_object_object_get(
	    item_of(items, M3), "subsidy_eligible")));
	assert_string_equal(flags_of(item_of(items, M1)), "contract_ending");
	assert_string_equal(flags_of(item_of(items, M2)), "");
	assert_string_equal(flags_of(item_of(items, M3)), "community_backed");
	assert_string_equal(flags_of(item_of(items, M4)), "contract_expired");
	assert_string_equal(flags_of(item_of(items, M5)), "");
	assert_string_equal(flags_of(item_of(items, M6)), "community_backed");
	json_object_object_get_ex(item_of(items, M3), "managing_committee", &v);
	assert_string_equal(json_object_get_string(v), "社区托底小组");
	json_object_object_get_ex(item_of(items, M2), "mode", &v);
	assert_string_equal(json_object_get_string(v), "professional");
	resp_free(&r);

	/* A county filter: that county's coverage alone. */
	snprintf(path, sizeof(path), "/api/v1/reports/handover?batch=%s&county="
	    OTHER, batch_enc);
	get(&r, path, tok_viewer(), 200);
	json_object_object_get_ex(r.json, "coverage", &cov);
	assert_int_equal(json_object_array_length(cov), 1);
	json_object_object_get_ex(r.json, "total", &total);
	assert_string_equal(figures(total), "1,1,0,1,0,1,0.5000");
	json_object_object_get_ex(r.json, "items", &items);
	assert_int_equal(json_object_array_length(items), 2);
	resp_free(&r);
}

static void
t_handover_lists(void **state)
{
	struct resp		 r;
	struct json_object	*items;
	char			 path[512], next[64];
	long long		 got[6];
	size_t			 i, j;

	(void)state;
	/* Follow-up: M1, M3, M4, M6 (in stage_since order). */
	snprintf(path, sizeof(path), "/api/v1/reports/handover?batch=%s"
	    "&list=follow_up", batch_enc);
	get(&r, path, tok_viewer(), 200);
	json_object_object_get_ex(r.json, "items", &items);
	assert_int_equal(json_object_array_length(items), 4);
	(void)item_of(items, M1);
	(void)item_of(items, M3);
	(void)item_of(items, M4);
	(void)item_of(items, M6);
	assert_string_equal(s0(&r, "list"), "follow_up");
	resp_free(&r);
	/* Waiting: W2 first. */
	snprintf(path, sizeof(path), "/api/v1/reports/handover?batch=%s"
	    "&list=waiting", batch_enc);
	get(&r, path, tok_viewer(), 200);
	json_object_object_get_ex(r.json, "items", &items);
	assert_int_equal(json_object_array_length(items), 3);
	assert_int_equal(json_object_get_int64(nth(&r, "items", 0, "id")), W2);
	resp_free(&r);
	/* Managed, by pages of 4: 4 then 2, none twice. */
	snprintf(path, sizeof(path), "/api/v1/reports/handover?batch=%s"
	    "&list=managed&limit=4", batch_enc);
	get(&r, path, tok_viewer(), 200);
	json_object_object_get_ex(r.json, "items", &items);
	assert_int_equal(json_object_array_length(items), 4);
	for (i = 0; i < 4; i++)
		got[i] = json_object_get_int64(nth(&r, "items", i, "id"));
	snprintf(next, sizeof(next), "%s", s0(&r, "next"));
	assert_non_null(strchr(next, '.'));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/reports/handover?batch=%s"
	    "&list=managed&limit=4&after=%s", batch_enc, next);
	get(&r, path, tok_viewer(), 200);
	json_object_object_get_ex(r.json, "items", &items);
	assert_int_equal(json_object_array_length(items), 2);
	got[4] = json_object_get_int64(nth(&r, "items", 0, "id"));
	got[5] = json_object_get_int64(nth(&r, "items", 1, "id"));
	assert_string_equal(s0(&r, "next"), "");
	resp_free(&r);
	for (i = 0; i < 6; i++)
		for (j = i + 1; j < 6; j++)
			assert_true(got[i] != got[j]);
	/* Refusals name their parameter. */
	get(&r, "/api/v1/reports/handover?list=everything", tok_viewer(), 400);
	assert_string_equal(s0(&r, "error.details.field"), "list");
	resp_free(&r);
	get(&r, "/api/v1/reports/handover?after=12", tok_viewer(), 400);
	assert_string_equal(s0(&r, "error.details.field"), "after");
	resp_free(&r);
}

static void
t_handover_files(void **state)
{
	struct resp	 r;
	struct cell	 c;
	char		 path[512], code[64], fmt[64], want[256], d[16];
	char		*sheet, *cov, *styles, *sst, *book;
	const char	*line;
	int		 row;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/reports/handover.csv?batch=%s",
	    batch_enc);
	get(&r, path, tok_viewer(), 200);
	assert_memory_equal(r.body, BOM "编号,小区名称,", strlen(BOM "编号,小区名称,"));
	assert_int_equal(crlf_lines(r.body, r.len), 10);
	snprintf(code, sizeof(code), "%s-%06lld", COUNTY, W2);
	line = line_of(r.body, code);
	assert_non_null(line);
	snprintf(want, sizeof(want), ",已验收,%s,45,", ymd(T - 45, d));
	assert_non_null(strstr(line, want));
	snprintf(code, sizeof(code), "%s-%06lld", COUNTY, M1);
	line = line_of(r.body, code);
	assert_non_null(line);
	assert_non_null(strstr(line, ",专业化物业管理,导出物业公司,"));
	assert_non_null(strstr(line, ",30,12000.00,0.60,否,合同 90 天内到期"));
	resp_free(&r);

	snprintf(path, sizeof(path), "/api/v1/reports/handover.xlsx?batch=%s",
	    batch_enc);
	get(&r, path, tok_viewer(), 200);
	sheet = xlsx_part(&r, "xl/worksheets/sheet1.xml");
	cov = xlsx_part(&r, "xl/worksheets/sheet2.xml");
	styles = xlsx_part(&r, "xl/styles.xml");
	sst = xlsx_part(&r, "xl/sharedStrings.xml");
	book = xlsx_part(&r, "xl/workbook.xml");
	assert_non_null(sheet);
	assert_non_null(cov);
	assert_non_null(strstr(book, "<sheet name=\"物业移交台账\""));
	assert_non_null(strstr(book, "<sheet name=\"覆盖率\""));
	snprintf(code, sizeof(code), "%s-%06lld", COUNTY, M4);
	row = row_of(sheet, sst, "A", code);
	assert_true(row >= 2);
	cell_by(sheet, sst, "合同剩余（天）", row, &c);
	assert_string_equal(c.value, "-5");
	assert_true(c.type[0] == '\0' || strcmp(c.type, "n") == 0);
	cell_by(sheet, sst, "合同结束日期", row, &c);
	snprintf(want, sizeof(want), "%ld", T - 5 + 25569);
	assert_string_equal(c.value, want);
	style_format(styles, c.style, fmt, sizeof(fmt));
	assert_string_equal(fmt, "yyyy-mm-dd");
	cell_by(sheet, sst, "跟进事项", row, &c);
	assert_string_equal(c.value, "合同已到期");
	/* The coverage sheet: lanshan's 5/7 as a percentage number. */
	row = row_of(cov, sst, "A", "兰山区");
	assert_true(row >= 2);
	cell_by(cov, sst, "覆盖率", row, &c);
	assert_string_equal(c.value, "0.7143");
	style_format(styles, c.style, fmt, sizeof(fmt));
	assert_string_equal(fmt, "0.00%");
	cell_by(cov, sst, "已移交", row, &c);
	assert_string_equal(c.value, "5");
	row = row_of(cov, sst, "A", "合计");
	assert_true(row >= 2);
	cell_by(cov, sst, "覆盖率", row, &c);
	assert_string_equal(c.value, "0.6667");
	free(sheet);
	free(cov);
	free(styles);
	free(sst);
	free(book);
	resp_free(&r);
}

/* ---- The web pages -------------------------------------------------- */

static void
t_web(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	char		 h[512], path[512];
	const char	*u = web_user("exp-street", "street", COUNTY, "clerk");
	const char	*hv = web_user("exp-housing", "housing", NULL, "clerk");

	(void)state;
	webc_open(&s);
	assert_int_equal(webc_login(&s, u, WEBC_PASSWORD), 303);
	/* The list page offers both files, with its filters. */
	snprintf(path, sizeof(path), "/communities?q=%s&sort=priority", token_enc);
	assert_int_equal(webc_get(&s, &r, path), 200);
	snprintf(h, sizeof(h), "href=\"/communities.csv?q=%s\"", token_enc);
	assert_non_null(strstr(r.body, h));
	snprintf(h, sizeof(h), "href=\"/communities.xlsx?q=%s\"", token_enc);
	assert_non_null(strstr(r.body, h));
	wresp_free(&r);
	/* The download: the file, named, in the user's scope. */
	snprintf(path, sizeof(path), "/communities.csv?q=%s&sort=priority&after=",
	    token_enc);
	assert_int_equal(webc_get(&s, &r, path), 200);
	assert_string_equal(r.ctype, "text/csv; charset=utf-8");
	assert_int_equal(wresp_header(&r, "Content-Disposition", h, sizeof(h)), 1);
	assert_non_null(strstr(h, "attachment; filename=\"jiugai-ledger-"));
	assert_non_null(strstr(h, ".csv\"; filename*=UTF-8''%E6%97%A7%E6%94%B9"));
	assert_memory_equal(r.body, BOM, 3);
	assert_int_equal(crlf_lines(r.body, r.len), 4);
	wresp_free(&r);
	assert_int_equal(webc_get(&s, &r, "/communities.xlsx?county=" OTHER), 403);
	assert_int_equal(wresp_header(&r, "Content-Disposition", h, sizeof(h)), 0);
	wresp_free(&r);
	assert_int_equal(webc_get(&s, &r, "/handover.xlsx"), 200);
	assert_memory_equal(r.body, "PK\x03\x04", 4);
	wresp_free(&r);
	webc_close(&s);

	/* The housing bureau's page: in its navigation, with the figures. */
	webc_open(&s);
	assert_int_equal(webc_login(&s, hv, WEBC_PASSWORD), 303);
	assert_int_equal(webc_get(&s, &r, "/tasks"), 200);
	assert_non_null(strstr(r.body, "href=\"/handover\""));
	wresp_free(&r);
	snprintf(path, sizeof(path), "/handover?batch=%s", batch_enc);
	assert_int_equal(webc_get(&s, &r, path), 200);
	assert_non_null(strstr(r.body, "<h1>物业移交台账</h1>"));
	assert_non_null(strstr(r.body, ">71.43%<"));
	assert_non_null(strstr(r.body, ">50.00%<"));
	assert_non_null(strstr(r.body, ">66.67%<"));
	assert_non_null(strstr(r.body, ">合同已到期<"));
	snprintf(h, sizeof(h), "href=\"/handover.csv?batch=%s\"", batch_enc);
	assert_non_null(strstr(r.body, h));
	wresp_free(&r);
	assert_int_equal(webc_get(&s, &r, "/handover?list=nonsense"), 400);
	wresp_free(&r);
	/* The page is a page, whatever the browser says it accepts. */
	assert_int_equal(webc_req(&s, &r, "GET", "/handover", NULL,
	    (const char *const[]){ "Accept: text/csv", NULL }), 200);
	assert_non_null(strstr(r.ctype, "text/html"));
	wresp_free(&r);
	webc_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_ledger_csv),
		cmocka_unit_test(t_ledger_json),
		cmocka_unit_test(t_ledger_xlsx),
		cmocka_unit_test(t_ledger_xlsx_names),
		cmocka_unit_test(t_scope),
		cmocka_unit_test(t_handover_figures),
		cmocka_unit_test(t_handover_lists),
		cmocka_unit_test(t_handover_files),
		cmocka_unit_test(t_web),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
