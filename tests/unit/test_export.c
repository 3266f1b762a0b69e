/*
 * test_export.c - the export writers (app/export.c) without a database:
 * CSV cells (RFC 4180 quoting, formula neutralisation), a whole CSV
 * file byte for byte, the JSON row shapes, the .xlsx file's envelope,
 * and the Accept header's choice of CSV.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export.h"

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

/* A request of 2026-11-26 20:00 UTC: already the 27th in the city. */
static void
mkreq(struct req *r, enum lang l)
{
	memset(r, 0, sizeof(*r));
	r->a = &A;
	r->lang = l;
	r->now = 1795723200LL;		/* 2026-11-26T20:00:00Z */
	buf_init(&r->out, &A);
}

static void
test_csv_cells(void **state)
{
	static const struct {
		const char	*in;
		int		 neutralise;
		const char	*out;
	} rows[] = {
		{ "plain", 1, "plain" },
		{ "", 1, "" },
		{ "兰山区金雀山小区", 1, "兰山区金雀山小区" },
		{ "a,b", 1, "\"a,b\"" },
		{ "say \"hi\"", 1, "\"say \"\"hi\"\"\"" },
		{ "two\nlines", 1, "\"two\nlines\"" },
		{ "cr\rhere", 1, "\"cr\rhere\"" },
		/* Formulas: an apostrophe in front, then the usual quoting. */
		{ "=1+2", 1, "'=1+2" },
		{ "+86 539", 1, "'+86 539" },
		{ "-2", 1, "'-2" },
		{ "@SUM(A1)", 1, "'@SUM(A1)" },
		{ "\tx", 1, "'\tx" },
		{ "\rx", 1, "\"'\rx\"" },
		{ "=HYPERLINK(\"http://x\",\"y\")", 1,
		  "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "a=b", 1, "a=b" },
		/* Numbers the database wrote are never touched. */
		{ "-15", 0, "-15" },
		{ "=1", 0, "=1" },
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		buf_init(&b, &A);
		export_csv_cell(&b, rows[i].in, rows[i].neutralise);
		if (strcmp(b.p, rows[i].out) != 0)
			fail_msg("row %zu: %s gave %s, want %s", i, rows[i].in,
			    b.p, rows[i].out);
	}
}

static const struct xcol cols[] = {
	{ "id", MSG__MAX, XC_INT, 8, XC_JSON_ONLY },
	{ "name", MSG__MAX, XC_TEXT, 20, 0 },
	{ "county", MSG__MAX, XC_COUNTY, 10, 0 },
	{ "stage", MSG_LIST_STAGE, XC_STAGE, 10, 0 },
	{ "households", MSG__MAX, XC_INT, 8, 0 },
	{ "estimate_yuan", MSG_X_ESTIMATE, XC_MONEY, 14, 0 },
	{ "contract_end", MSG__MAX, XC_DATE, 12, 0 },
	{ "dilapidated", MSG__MAX, XC_BOOL, 8, 0 },
	{ "follow_up", MSG_HO_FOLLOW, XC_FLAGS, 20, 0 },
	{ "coverage", MSG_HO_COVERAGE_COL, XC_RATIO, 10, 0 },
};

static const char *const row1[NELEM(cols)] = {
	"7", "=金雀山,\"东\"", "lanshan", "managed", "120", "-1234.50",
	"2019-06-30", "t", "contract_ending,community_backed", "0.6667",
};
static const char *const row2[NELEM(cols)] = {
	"8", "河东区启阳小区", "hedong", "accepted", NULL, "0.00",
	NULL, "f", "", "1",
};

/* The whole file: BOM, header in the page's language, CRLF, no id. */
static void
test_csv_file(void **state)
{
	static const char want[] =
	    "\xef\xbb\xbf"
	    "小区名称,所属县区,所处阶段,户数,估算总额（元）,合同结束日期,"
	    "含危房,跟进事项,覆盖率\r\n"
	    "\"'=金雀山,\"\"东\"\"\",兰山区,已实施物业管理,120,-1234.50,"
	    "2019-06-30,是,合同 90 天内到期；社区托底,66.67%\r\n"
	    "河东区启阳小区,河东区,已验收,,0.00,,否,,100.00%\r\n";
	struct req	 r;
	struct export	 x;

	(void)state;
	mkreq(&r, LANG_ZH);
	assert_int_equal(export_begin(&x, &r, EXPORT_CSV), JG_OK);
	export_sheet(&x, "台账", cols, NELEM(cols));
	export_row(&x, row1);
	export_row(&x, row2);
	/* A CSV file is one table: a second sheet is left out. */
	export_sheet(&x, "覆盖率", cols, NELEM(cols));
	export_row(&x, row1);
	assert_int_equal(export_end(&x, "jiugai-ledger", "旧改台账"), JG_OK);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.out_ctype, "text/csv; charset=utf-8");
	assert_int_equal(r.out.len, strlen(want));
	assert_memory_equal(r.out.p, want, strlen(want));
	/* 20:00 UTC on the 26th is the 27th in the city. */
	assert_string_equal(r.disposition, "attachment; "
	    "filename=\"jiugai-ledger-2026-11-27.csv\"; filename*=UTF-8''"
	    "%E6%97%A7%E6%94%B9%E5%8F%B0%E8%B4%A6-2026-11-27.csv");
}

static void
test_csv_english(void **state)
{
	struct req	 r;
	struct export	 x;

	(void)state;
	mkreq(&r, LANG_EN);
	assert_int_equal(export_begin(&x, &r, EXPORT_CSV), JG_OK);
	export_sheet(&x, "Ledger", cols, NELEM(cols));
	export_row(&x, row2);
	assert_int_equal(export_end(&x, "jiugai-ledger", "jiugai-ledger"), JG_OK);
	assert_non_null(strstr(r.out.p, "\r\n河东区启阳小区,Hedong District,"
	    "Accepted,,0.00,,No,,100.00%\r\n"));
	assert_non_null(strstr(r.out.p, "Community name,"));
}

static void
test_json_row(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, &A);
	export_json_row(&b, cols, NELEM(cols), row1);
	assert_string_equal(b.p, "{\"id\":7,\"name\":\"=金雀山,\\\"东\\\"\","
	    "\"county\":\"lanshan\",\"stage\":\"managed\",\"households\":120,"
	    "\"estimate_yuan\":-1234.50,\"contract_end\":\"2019-06-30\","
	    "\"dilapidated\":true,"
	    "\"follow_up\":[\"contract_ending\",\"community_backed\"],"
	    "\"coverage\":0.6667}");
	buf_init(&b, &A);
	export_json_row(&b, cols, NELEM(cols), row2);
	assert_string_equal(b.p, "{\"id\":8,\"name\":\"河东区启阳小区\","
	    "\"county\":\"hedong\",\"stage\":\"accepted\",\"households\":null,"
	    "\"estimate_yuan\":0.00,\"contract_end\":null,"
	    "\"dilapidated\":false,\"follow_up\":[],\"coverage\":1.0000}");
}

/* The .xlsx answer is a zip file, NULs and all, named for download. */
static void
test_xlsx_envelope(void **state)
{
	struct req	 r;
	struct export	 x;

	(void)state;
	mkreq(&r, LANG_ZH);
	assert_int_equal(export_begin(&x, &r, EXPORT_XLSX), JG_OK);
	export_sheet(&x, "台账", cols, NELEM(cols));
	export_row(&x, row1);
	export_row(&x, row2);
	assert_int_equal(export_end(&x, "jiugai-ledger", "旧改台账"), JG_OK);
	assert_string_equal(r.out_ctype,
	    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_true(r.out.len > 1000);
	assert_memory_equal(r.out.p, "PK\x03\x04", 4);
	assert_non_null(memchr(r.out.p, '\0', r.out.len));
	assert_non_null(strstr(r.disposition,
	    "filename=\"jiugai-ledger-2026-11-27.xlsx\""));
}

static void
test_wants_csv(void **state)
{
	static const struct {
		const char	*accept;
		int		 csv;
	} rows[] = {
		{ NULL, 0 },
		{ "", 0 },
		{ "*/*", 0 },
		{ "application/json", 0 },
		{ "text/csv", 1 },
		{ "TEXT/CSV; charset=utf-8", 1 },
		{ "text/csv;q=0", 0 },
		{ "text/csv;q=0.000", 0 },
		{ "text/csv;q=0.5, application/json", 0 },
		{ "application/json;q=0.5, text/csv", 1 },
		{ "application/json, text/csv", 1 },
		{ "text/csvx", 0 },
		{ "text/html, text/csv;q=0.1", 1 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		if (export_wants_csv(rows[i].accept) != rows[i].csv)
			fail_msg("row %zu: %s", i, rows[i].accept != NULL ?
			    rows[i].accept : "(none)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csv_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_english, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx_envelope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wants_csv, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
