/*
 * test_chart.c - the SVG charts and their tables (app/chart.c), without a
 * database.
 *
 * Every drawing must be well-formed (tests/lib/xmlcheck.c), carry its
 * accessible name, show every label and every value, say "No data"
 * rather than divide by zero, survive LLONG_MAX, refuse negative values
 * and escape what the labels hold.  Expected figures are worked out by
 * hand in the comments.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include <cmocka.h>

#include "chart.h"
#include "html.h"
#include "../lib/xmlcheck.h"

#define PREFIX	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 "
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

/* Three counties, three stages: stages per county. */
static const char *const counties_zh[] = { "蓝山县", "江华县", "新田县" };
static const char *const counties_en[] = { "Lanshan", "Jianghua", "Xintian" };
static const char *const stages_zh[] = { "已申报", "已摸底", "已验收" };
static const char *const stages_en[] = { "Declared", "Surveyed", "Accepted" };
static const long long stage_counts[] = {
	12, 3, 40,	/* Lanshan: total 55 */
	0, 7, 1,	/* Jianghua: total 8 */
	5, 0, 0,	/* Xintian: total 5 */
};

/* Funding by source in fen. */
static const char *const fund_src[] = { "中央补助", "省级补助", "居民出资" };
static const long long funding[] = { 123456789, 5000000, 6 };

/* Communities accepted per month. */
static const char *const months[] = {
	"2016-01", "2016-02", "2016-03", "2016-04", "2016-05", "2016-06",
};
static const long long accepted[] = { 0, 2, 9, 4, 0, 17 };

static struct chart
stacked(enum lang l)
{
	struct chart	 c = {
		.lang = l,
		.title = l == LANG_EN ? "Stages per county" : "各县区改造阶段",
		.label_head = l == LANG_EN ? "County" : "县区",
		.labels = l == LANG_EN ? counties_en : counties_zh,
		.nlabels = 3,
		.series = l == LANG_EN ? stages_en : stages_zh,
		.nseries = 3,
		.values = stage_counts,
		.decimals = 0,
		.unit = l == LANG_EN ? "communities" : "个",
	};

	return c;
}

static struct chart
money(enum lang l)
{
	struct chart	 c = {
		.lang = l,
		.title = l == LANG_EN ? "Funding by source" : "资金来源",
		.label_head = l == LANG_EN ? "Source" : "来源",
		.labels = fund_src,
		.nlabels = 3,
		.nseries = 1,
		.values = funding,
		.decimals = 2,
		.unit = l == LANG_EN ? "yuan" : "元",
	};

	return c;
}

static struct chart
monthly(enum lang l)
{
	struct chart	 c = {
		.lang = l,
		.title = l == LANG_EN ? "Accepted per month" : "每月验收小区数",
		.label_head = l == LANG_EN ? "Month" : "月份",
		.labels = months,
		.nlabels = NELEM(months),
		.nseries = 1,
		.values = accepted,
	};

	return c;
}

/* Draw c as kind into a fresh buffer; *rc gets what the function said. */
static const char *
draw(enum chart_kind kind, const struct chart *c, int *rc)
{
	struct buf	 b;
	int		 r = -2;

	buf_init(&b, &A);
	switch (kind) {
	case CHART_STACKED:
		r = chart_stacked(&b, c);
		break;
	case CHART_BARS:
		r = chart_bars(&b, c);
		break;
	case CHART_COLUMNS:
		r = chart_columns(&b, c);
		break;
	case CHART_GROUPED:
		r = chart_grouped(&b, c);
		break;
	}
	if (rc != NULL)
		*rc = r;
	return b.p;
}

static const char *
table(const struct chart *c)
{
	struct buf	 b;

	buf_init(&b, &A);
	chart_table(&b, c);
	return b.p;
}

static void
has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("missing %s", needle);
}

static void
lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL)
		fail_msg("unexpected %s", needle);
}

static void
well_formed(const char *s)
{
	const char	*why = "";

	if (!xml_well_formed(s, &why))
		fail_msg("not well-formed (%s): %.300s", why, s);
}

/* The checker must refuse what is not XML, or passing proves nothing. */
static void
test_checker_refuses(void **state)
{
	static const char *const bad[] = {
		"<svg><g></svg>",
		"<svg></g>",
		"<svg><rect x=\"1></rect></svg>",
		"<svg><rect x=1></rect></svg>",
		"<svg>a & b</svg>",
		"<svg>a < b</svg>",
		"<svg></svg><svg></svg>",
		"<svg>",
		"text<svg></svg>",
		"<svg><text>&nbsp;</text></svg>",
	};
	const char	*why;
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++)
		if (xml_well_formed(bad[i], &why))
			fail_msg("accepted: %s", bad[i]);
	assert_true(xml_well_formed("<svg a=\"&amp;&#39;\"><g><text>x&lt;y"
	    "</text></g></svg>\n", &why));
}

static void
test_well_formed(void **state)
{
	struct chart	 c;
	struct buf	 b;
	int		 l, rc;

	(void)state;
	for (l = 0; l < LANG__MAX; l++) {
		c = stacked((enum lang)l);
		well_formed(draw(CHART_STACKED, &c, &rc));
		assert_int_equal(rc, 0);
		well_formed(table(&c));
		c = money((enum lang)l);
		well_formed(draw(CHART_BARS, &c, &rc));
		assert_int_equal(rc, 0);
		well_formed(table(&c));
		c = monthly((enum lang)l);
		well_formed(draw(CHART_COLUMNS, &c, &rc));
		assert_int_equal(rc, 0);
		well_formed(table(&c));
		/* The figure: drawing and table in one element. */
		buf_init(&b, &A);
		assert_int_equal(chart_figure(&b, CHART_COLUMNS, &c), 0);
		well_formed(b.p);
		has(b.p, "<div class=\"chart\"><div class=\"chart-figure\">"
		    "<svg ");
		has(b.p, "<div class=\"chart-numbers\"><div class=\"table-wrap\">"
		    "<table class=\"chart-data\">");
	}
}

/* role, aria-label, <title>, a viewBox and no fixed size. */
static void
test_accessible(void **state)
{
	struct chart	 c = stacked(LANG_ZH);
	const char	*s;
	int		 k;

	(void)state;
	for (k = CHART_STACKED; k <= CHART_COLUMNS; k++) {
		c = k == CHART_STACKED ? stacked(LANG_ZH) :
		    k == CHART_BARS ? money(LANG_ZH) : monthly(LANG_ZH);
		s = draw((enum chart_kind)k, &c, NULL);
		assert_true(strncmp(s, PREFIX, strlen(PREFIX)) == 0);
		has(s, "role=\"img\"");
		has(s, arena_printf(&A, "aria-label=\"%s\"", c.title));
		has(s, arena_printf(&A, "<title>%s</title>", c.title));
		lacks(s, " width=\"720\"");
		lacks(s, "style");
	}
	/* The table: caption with the unit, header cells with scope. */
	c = money(LANG_ZH);
	s = table(&c);
	has(s, "<caption>资金来源（单位：元）</caption>");
	has(s, "<th scope=\"col\">来源</th>");
	has(s, "<th scope=\"row\">中央补助</th>");
	c = money(LANG_EN);
	has(table(&c), "<caption>Funding by source (Unit: yuan)</caption>");
}

/*
 * Stacked: every county and stage named, every value in the segment's
 * <title>, every total after its bar, the legend, and the table with
 * its totals (12 + 3 + 40 = 55, 0 + 7 + 1 = 8, 5).
 */
static void
test_stacked_every_value(void **state)
{
	struct chart	 c = stacked(LANG_ZH);
	const char	*s, *t;
	size_t		 i, j;

	(void)state;
	s = draw(CHART_STACKED, &c, NULL);
	for (i = 0; i < 3; i++)
		has(s, arena_printf(&A, ">%s</text>", counties_zh[i]));
	for (j = 0; j < 3; j++)	/* the legend */
		has(s, arena_printf(&A, ">%s</text>", stages_zh[j]));
	has(s, "aria-label=\"图例\"");
	has(s, "<title>蓝山县，已申报：12个</title>");
	has(s, "<title>蓝山县，已摸底：3个</title>");
	has(s, "<title>蓝山县，已验收：40个</title>");
	has(s, "<title>江华县，已摸底：7个</title>");
	has(s, "<title>江华县，已验收：1个</title>");
	has(s, "<title>新田县，已申报：5个</title>");
	/* A zero draws no segment. */
	lacks(s, "江华县，已申报");
	has(s, "class=\"chart-total\">55</text>");
	has(s, "class=\"chart-total\">8</text>");
	has(s, "class=\"chart-total\">5</text>");
	/* 40 of 55 on a 0..60 axis is wide enough to carry its value. */
	has(s, "aria-hidden=\"true\">40</text>");
	/* Axis: max 55, step 20 (ceil(55 / 5) = 11 -> 20), top 60. */
	has(s, ">0</text>");
	has(s, ">20</text>");
	has(s, ">40</text>");
	has(s, ">60</text>");
	lacks(s, ">80</text>");
	has(s, ">单位：个</text>");

	c = stacked(LANG_EN);
	s = draw(CHART_STACKED, &c, NULL);
	has(s, "<title>Lanshan, Declared: 12 communities</title>");
	has(s, ">Unit: communities</text>");
	t = table(&c);
	has(t, "<th scope=\"col\" class=\"num\">Declared</th>");
	has(t, "<th scope=\"col\" class=\"num\">Total</th>");
	has(t, "<th scope=\"row\">Jianghua</th><td class=\"num\">0</td>"
	    "<td class=\"num\">7</td><td class=\"num\">1</td>"
	    "<td class=\"num\">8</td></tr>");
	has(t, "<th scope=\"row\">Lanshan</th><td class=\"num\">12</td>"
	    "<td class=\"num\">3</td><td class=\"num\">40</td>"
	    "<td class=\"num\">55</td></tr>");
}

/*
 * Money in fen shown as yuan: 123456789 fen = 1,234,567.89 yuan,
 * 5000000 = 50,000.00, 6 = 0.06.  Axis: max 123456789, ceil(/5) =
 * 24691358 -> step 50,000,000 fen (500,000 yuan), top 150,000,000
 * (1,500,000 yuan); the ticks are whole yuan, written without decimals.
 */
static void
test_bars_money(void **state)
{
	struct chart	 c = money(LANG_ZH);
	const char	*s, *t;

	(void)state;
	s = draw(CHART_BARS, &c, NULL);
	has(s, ">1,234,567.89</text>");
	has(s, ">50,000.00</text>");
	has(s, ">0.06</text>");
	has(s, "<title>中央补助：1,234,567.89元</title>");
	has(s, ">500,000</text>");
	has(s, ">1,000,000</text>");
	has(s, ">1,500,000</text>");
	lacks(s, ">2,000,000</text>");
	/* One series: no legend, no total column. */
	lacks(s, "chart-key");
	t = table(&c);
	has(t, "<th scope=\"row\">居民出资</th><td class=\"num\">0.06</td></tr>");
	lacks(t, "合计");
	c = money(LANG_EN);
	has(draw(CHART_BARS, &c, NULL),
	    "<title>中央补助: 1,234,567.89 yuan</title>");
}

/*
 * Grouped: planned beside received per source, in fen.  Max 30,000,000
 * fen; ceil(30,000,000 / 5) = 6,000,000 -> step 10,000,000 (100,000
 * yuan), top 30,000,000: ticks 0, 100,000, 200,000, 300,000 yuan.  Each
 * bar is measured from zero (no stacking), a zero draws no bar but its
 * value is written, and the figure's table has no total column.
 */
static void
test_grouped(void **state)
{
	static const char *const src[] = { "省级补助", "居民出资" };
	static const char *const pr[] = { "计划", "到位" };
	static const long long v[] = {
		30000000, 10000000,	/* province: 300,000.00 / 100,000.00 */
		5000000, 0,		/* owners: 50,000.00 / 0.00 */
	};
	struct chart	 c = {
		.lang = LANG_ZH, .title = "资金来源", .label_head = "来源",
		.labels = src, .nlabels = 2, .series = pr, .nseries = 2,
		.values = v, .decimals = 2, .unit = "元",
	};
	struct buf	 b;
	const char	*s;
	int		 rc;

	(void)state;
	s = draw(CHART_GROUPED, &c, &rc);
	assert_int_equal(rc, 0);
	well_formed(s);
	has(s, "class=\"chart-svg chart-grouped\"");
	has(s, "<title>省级补助，计划：300,000.00元</title>");
	has(s, "<title>省级补助，到位：100,000.00元</title>");
	has(s, "<title>居民出资，计划：50,000.00元</title>");
	lacks(s, "居民出资，到位");
	has(s, "class=\"chart-total\">0.00</text>");
	has(s, ">300,000</text>");
	lacks(s, ">400,000</text>");
	has(s, "aria-label=\"图例\"");
	/*
	 * Every bar starts at the axis: the first <rect> is a bar (the
	 * legend comes last), and all three bars share its x.
	 */
	{
		const char	*p = strstr(s, "<rect x=\""), *q;
		char		 x[32];
		int		 n = 0;

		assert_non_null(p);
		q = strchr(p + 9, '"');
		assert_non_null(q);
		snprintf(x, sizeof(x), "%.*s", (int)(q - p + 1), p);
		for (q = s; (q = strstr(q, x)) != NULL; q++)
			n++;
		assert_int_equal(n, 3);
	}
	buf_init(&b, &A);
	assert_int_equal(chart_figure(&b, CHART_GROUPED, &c), 0);
	well_formed(b.p);
	has(b.p, "<th scope=\"row\">省级补助</th><td class=\"num\">300,000.00"
	    "</td><td class=\"num\">100,000.00</td></tr>");
	lacks(b.p, "合计");
	/* Drawn alone, the table of two series keeps its total. */
	has(table(&c), "合计");
}

/*
 * Columns: every month and every value; max 17, ceil(17 / 5) = 4 ->
 * step 5, top 20.  No unit: no unit line.
 */
static void
test_columns_every_value(void **state)
{
	struct chart	 c = monthly(LANG_ZH);
	const char	*s;
	size_t		 i;

	(void)state;
	s = draw(CHART_COLUMNS, &c, NULL);
	for (i = 0; i < NELEM(months); i++) {
		has(s, arena_printf(&A, ">%s</text>", months[i]));
		has(s, arena_printf(&A, "class=\"chart-total\">%lld</text>",
		    accepted[i]));
	}
	has(s, "<title>2016-06：17</title>");
	has(s, ">5</text>");
	has(s, ">20</text>");
	lacks(s, ">25</text>");
	lacks(s, "单位");
	/* Two zero months draw no column: four rects, all of them columns. */
	assert_int_equal(strstr(s, "<rect") != NULL, 1);
	{
		const char	*p = s;
		int		 n = 0;

		while ((p = strstr(p, "<rect")) != NULL) {
			n++;
			p++;
		}
		assert_int_equal(n, 4);
	}
}

/* Many months: labels thinned out, yet each value is in a <title>. */
static void
test_columns_many(void **state)
{
	const char	*labels[120];
	long long	 v[120];
	struct chart	 c = monthly(LANG_EN);
	const char	*s;
	size_t		 i;

	(void)state;
	for (i = 0; i < 120; i++) {
		labels[i] = arena_printf(&A, "%04zu-%02zu", 2016 + i / 12,
		    i % 12 + 1);
		v[i] = (long long)i * 1000 + 1;
	}
	c.labels = labels;
	c.nlabels = 120;
	c.values = v;
	s = draw(CHART_COLUMNS, &c, NULL);
	well_formed(s);
	for (i = 0; i < 120; i++)
		has(s, arena_printf(&A, "<title>%s: %s</title>", labels[i],
		    chart_num(&A, v[i], 0)));
	has(s, ">2016-01</text>");
	lacks(s, ">2016-02</text>");
}

/* No labels, or nothing but zeros: "No data", and nothing divided. */
static void
test_no_data(void **state)
{
	static const long long zeros[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct chart	 c;
	const char	*s;
	int		 rc, k;

	(void)state;
	for (k = CHART_STACKED; k <= CHART_COLUMNS; k++) {
		c = k == CHART_STACKED ? stacked(LANG_ZH) :
		    k == CHART_BARS ? money(LANG_ZH) : monthly(LANG_ZH);
		c.values = zeros;
		s = draw((enum chart_kind)k, &c, &rc);
		assert_int_equal(rc, 0);
		well_formed(s);
		has(s, ">暂无数据</text>");
		has(s, "role=\"img\"");
		lacks(s, "<title>蓝山县");

		c.lang = LANG_EN;
		c.nlabels = 0;
		c.labels = NULL;
		c.values = NULL;
		s = draw((enum chart_kind)k, &c, &rc);
		assert_int_equal(rc, 0);
		well_formed(s);
		has(s, ">No data</text>");
		s = table(&c);
		well_formed(s);
		has(s, ">No data</td>");
	}
}

/*
 * LLONG_MAX = 9,223,372,036,854,775,807: ceil(/5) =
 * 1,844,674,407,370,955,162 -> step 2e18, top 1e19, past LLONG_MAX but
 * within an unsigned long long: the last tick reads
 * 10,000,000,000,000,000,000.  Two halves that add up to exactly
 * LLONG_MAX are drawn; one more is refused.
 */
static void
test_huge(void **state)
{
	static const char *const one[] = { "x" };
	static const char *const two[] = { "a", "b" };
	long long	 v[2] = { LLONG_MAX, 0 };
	struct chart	 c = {
		.lang = LANG_EN, .title = "t", .labels = one, .nlabels = 1,
		.nseries = 1, .values = v,
	};
	struct buf	 b;
	const char	*s;
	int		 rc;

	(void)state;
	s = draw(CHART_BARS, &c, &rc);
	assert_int_equal(rc, 0);
	well_formed(s);
	has(s, ">9,223,372,036,854,775,807</text>");
	has(s, ">10,000,000,000,000,000,000</text>");
	has(s, ">2,000,000,000,000,000,000</text>");
	lacks(s, "=\"-");	/* no negative coordinate or size */
	s = draw(CHART_COLUMNS, &c, &rc);
	assert_int_equal(rc, 0);
	well_formed(s);
	lacks(s, "=\"-");

	c.series = two;
	c.nseries = 2;
	v[0] = LLONG_MAX / 2;		/* 4,611,686,018,427,387,903 */
	v[1] = LLONG_MAX - v[0];	/* 4,611,686,018,427,387,904 */
	s = draw(CHART_STACKED, &c, &rc);
	assert_int_equal(rc, 0);
	well_formed(s);
	has(s, "class=\"chart-total\">9,223,372,036,854,775,807</text>");
	lacks(s, "=\"-");
	v[1]++;
	buf_init(&b, &A);
	assert_int_equal(chart_stacked(&b, &c), -1);
	assert_int_equal(b.len, 0);
	/* The table writes what it is given, but no sum that overflowed. */
	s = table(&c);
	well_formed(s);
	has(s, "<td class=\"num\">-</td>");
}

/* Negative values are refused: nothing written, -1. */
static void
test_negative_refused(void **state)
{
	static const long long neg[] = { 3, -1, 4 };
	static const long long neg9[] = { 1, 2, 3, 4, -5, 6, 7, 8, 9 };
	struct chart	 c;
	struct buf	 b;
	int		 k;

	(void)state;
	for (k = CHART_STACKED; k <= CHART_COLUMNS; k++) {
		c = k == CHART_STACKED ? stacked(LANG_ZH) :
		    k == CHART_BARS ? money(LANG_ZH) : monthly(LANG_ZH);
		c.values = k == CHART_STACKED ? neg9 : neg;
		c.nlabels = 3;
		assert_string_equal(draw((enum chart_kind)k, &c, NULL), "");
		buf_init(&b, &A);
		/* The figure keeps its table. */
		assert_int_equal(chart_figure(&b, (enum chart_kind)k, &c), -1);
		well_formed(b.p);
		lacks(b.p, "<svg");
		has(b.p, "<table");
	}
}

/* Shapes that cannot be drawn. */
static void
test_refused_shapes(void **state)
{
	static const char *const nine[] = {
		"1", "2", "3", "4", "5", "6", "7", "8", "9",
	};
	struct chart	 c;
	int		 rc;

	(void)state;
	c = stacked(LANG_ZH);
	c.nlabels = 1;
	c.series = nine;
	c.nseries = 9;		/* the palette has eight */
	assert_string_equal(draw(CHART_STACKED, &c, &rc), "");
	assert_int_equal(rc, -1);
	c = stacked(LANG_ZH);	/* three series: not for bars or columns */
	assert_string_equal(draw(CHART_BARS, &c, &rc), "");
	assert_int_equal(rc, -1);
	assert_string_equal(draw(CHART_COLUMNS, &c, &rc), "");
	assert_int_equal(rc, -1);
	c = money(LANG_ZH);
	c.decimals = 7;
	assert_string_equal(draw(CHART_BARS, &c, &rc), "");
	assert_int_equal(rc, -1);
	c = money(LANG_ZH);
	c.values = NULL;
	assert_string_equal(draw(CHART_BARS, &c, &rc), "");
	assert_int_equal(rc, -1);
	assert_int_equal(chart_figure(NULL, CHART_BARS, NULL), -1);
}

/* Axes: by hand, then the rule over a range. */
static void
test_axis_nice(void **state)
{
	static const struct {
		unsigned long long	 max, step, top;
	} rows[] = {
		{ 0, 1, 1 },
		{ 1, 1, 1 },
		{ 3, 1, 3 },		/* ceil(3/5) = 1 */
		{ 5, 1, 5 },
		{ 6, 2, 6 },		/* ceil(6/5) = 2 */
		{ 7, 2, 8 },
		{ 11, 5, 15 },		/* 3 -> 5 */
		{ 23, 5, 25 },		/* 5 -> 5 */
		{ 26, 10, 30 },		/* 6 -> 10 */
		{ 100, 20, 100 },	/* 20 */
		{ 101, 50, 150 },	/* 21 -> 50 */
		{ 1234567, 500000, 1500000 },	/* 246914 -> 500000 */
		{ 9223372036854775807ULL, 2000000000000000000ULL,
		    10000000000000000000ULL },
	};
	unsigned long long	 m, step, top, k, prev;
	size_t			 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		step = chart_axis(rows[i].max, &top);
		if (step != rows[i].step || top != rows[i].top)
			fail_msg("max %llu: step %llu top %llu", rows[i].max,
			    step, top);
	}
	/* For any max: 1, 2 or 5 times 10^n; top covers max by < a step. */
	for (m = 1; m < 3000000; m = m * 11 / 10 + 1) {
		step = chart_axis(m, &top);
		for (k = step; k % 10 == 0; k /= 10)
			continue;
		if (k != 1 && k != 2 && k != 5)
			fail_msg("max %llu: step %llu", m, step);
		if (top < m || top - m >= step || top % step != 0 ||
		    top / step > 5)
			fail_msg("max %llu: top %llu step %llu", m, top, step);
		/* And the smallest such step: the nice one below is too many. */
		prev = k == 5 ? step / 5 * 2 : step / 2;
		if (step > 1 && m / prev + (m % prev != 0) <= 5)
			fail_msg("max %llu: step %llu, %llu would do", m, step,
			    prev);
	}
}

static void
test_num(void **state)
{
	(void)state;
	assert_string_equal(chart_num(&A, 0, 2), "0.00");
	assert_string_equal(chart_num(&A, 5, 2), "0.05");
	assert_string_equal(chart_num(&A, 123456, 2), "1,234.56");
	assert_string_equal(chart_num(&A, 100, 0), "100");
	assert_string_equal(chart_num(&A, 1000, 0), "1,000");
	assert_string_equal(chart_num(&A, 1234567, 0), "1,234,567");
	assert_string_equal(chart_num(&A, -1234, 2), "-12.34");
	assert_string_equal(chart_num(&A, 15, 1), "1.5");
	assert_string_equal(chart_num(&A, LLONG_MIN, 0),
	    "-9,223,372,036,854,775,808");
	assert_string_equal(chart_num(&A, LLONG_MAX, 2),
	    "92,233,720,368,547,758.07");
}

/* What the labels hold is text, in the drawing and in the table. */
static void
test_escaped(void **state)
{
	static const char *const evil[] = {
		"<script>alert(1)</script>", "a\" onload=\"x", "b&c",
	};
	static const long long v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct chart	 c = {
		.lang = LANG_EN, .title = "<script>t</script>",
		.label_head = "<b>", .labels = evil, .nlabels = 3,
		.series = evil, .nseries = 3, .values = v, .unit = "<i>",
	};
	const char	*s;
	int		 k;

	(void)state;
	for (k = CHART_STACKED; k <= CHART_COLUMNS; k++) {
		c.nseries = k == CHART_STACKED ? 3 : 1;
		s = draw((enum chart_kind)k, &c, NULL);
		well_formed(s);
		lacks(s, "<script");
		lacks(s, "<i>");
		lacks(s, "\" onload");
		has(s, "&lt;script&gt;alert(1)&lt;/script&gt;");
		has(s, "aria-label=\"&lt;script&gt;t&lt;/script&gt;\"");
		has(s, "b&amp;c");
		s = table(&c);
		well_formed(s);
		lacks(s, "<script");
		lacks(s, "<b>");
		has(s, "&lt;script&gt;alert(1)&lt;/script&gt;");
	}
}

/* A label too long for its column is cut, and whole in its <title>. */
static void
test_long_label(void **state)
{
	static const char *const lbl[] = {
		"湖南省永州市冷水滩区梅湾街道办事处所辖老旧小区改造专项",
	};
	static const long long v[] = { 7 };
	struct chart	 c = {
		.lang = LANG_ZH, .title = "t", .labels = lbl, .nlabels = 1,
		.nseries = 1, .values = v,
	};
	const char	*s;

	(void)state;
	s = draw(CHART_BARS, &c, NULL);
	well_formed(s);
	has(s, arena_printf(&A, "<title>%s</title>", lbl[0]));
	has(s, "…</text>");
	/* 180 units of 14-unit characters, one em for "…": 11 and "…". */
	has(s, "</title>湖南省永州市冷水滩区梅…</text>");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_checker_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_well_formed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accessible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stacked_every_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bars_money, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grouped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_every_value, setup, teardown),
		cmocka_unit_test_setup_teardown(test_columns_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negative_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_shapes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_axis_nice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_num, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_label, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
