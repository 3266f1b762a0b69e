/*
 * web_assessment.c - 县区考核评估, the county assessment page (issue 5
 * §2): a period form, each county's figures with its rating against the
 * yearly targets, the communities per stage, the items by kind, each
 * department's decision times and the funding by source.
 *
 * The page holds no query of its own: its from, to and county become
 * the query of GET /api/v1/reports/assessment, called in-process, so
 * the figures, the ratings and the scope are the API's.  A rating is
 * always shown in words, its colour only repeats them.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "chart.h"
#include "html.h"
#include "urlenc.h"
#include "web.h"

struct as_params {
	char	 from[16];
	char	 to[16];
	char	 county[64];
};

static int
params(struct req *r, struct as_params *ap)
{
	const char	*qs = r->query != NULL ? r->query : "";

	if (query_get(qs, "from", ap->from, sizeof(ap->from)) < 0 ||
	    query_get(qs, "to", ap->to, sizeof(ap->to)) < 0 ||
	    query_get(qs, "county", ap->county, sizeof(ap->county)) < 0)
		return -1;
	return 0;
}

static int
form_field(const char *f)
{
	return f != NULL && (strcmp(f, "from") == 0 ||
	    strcmp(f, "to") == 0 || strcmp(f, "county") == 0);
}

static void
period_form(struct req *r, struct buf *b, const struct as_params *ap,
    struct json_object *j)
{
	html_form_get(b, "/reports/assessment");
	html_open(b, "fieldset", "class", "filters");
	html_elem(b, "legend", web_t(r, MSG_AS_PERIOD));
	/* The API's period (the default year) unless the user typed one. */
	web_input(r, b, "text", "from", web_t(r, MSG_AS_FROM),
	    web_t(r, MSG_AS_DATE_HINT), ap->from[0] != '\0' ? ap->from :
	    web_jstr(j, "from"));
	web_input(r, b, "text", "to", web_t(r, MSG_AS_TO),
	    web_t(r, MSG_AS_DATE_HINT), ap->to[0] != '\0' ? ap->to :
	    web_jstr(j, "to"));
	web_county_filter(r, b, ap->county);
	html_close(b, "fieldset");
	html_elem(b, "button", web_t(r, MSG_AS_SHOW), "type", "submit");
	html_form_end(b);
}

/* A number cell ("—" for none). */
static void
num(struct buf *b, const char *v)
{
	html_elem(b, "td", *v != '\0' ? v : "—", "class", "num");
}

/* "0.4444" as "44.44%", by its digits ("—" for none). */
static const char *
percent(struct req *r, const char *v)
{
	long long	 bp;
	char		*end;
	const char	*d;
	int		 k;

	if (*v == '\0')
		return "—";
	bp = strtoll(v, &end, 10) * 10000;
	if (*end == '.')
		for (d = end + 1, k = 0; k < 4; k++)
			bp += (long long)(*d >= '0' && *d <= '9' ? *d++ - '0' : 0) *
			    (k == 0 ? 1000 : k == 1 ? 100 : k == 2 ? 10 : 1);
	return arena_printf(r->a, "%lld.%02lld%%", bp / 100, bp % 100);
}

/* The county's name, or the city's for the total row. */
static const char *
county_name(struct req *r, struct json_object *o)
{
	const char	*co = web_jstr(o, "county");
	int		 c = code_county(co, strlen(co));

	return *co == '\0' || c < 0 ? web_t(r, MSG_AS_CITY) :
	    msg_county((enum lang)r->lang, (enum county)c);
}

/* The rating in words, coloured as the tags are. */
static void
rating(struct req *r, struct buf *b, struct json_object *o, int total)
{
	const char	*f = web_jstr(o, "flag");

	html_open(b, "td");
	if (total)
		html_text(b, "—");
	else if (strcmp(f, "green") == 0)
		html_elem(b, "strong", web_t(r, MSG_AS_GREEN), "class",
		    "tag done");
	else if (strcmp(f, "amber") == 0)
		html_elem(b, "strong", web_t(r, MSG_AS_AMBER), "class",
		    "tag waiting");
	else if (strcmp(f, "red") == 0)
		html_elem(b, "strong", web_t(r, MSG_AS_RED), "class",
		    "tag refused");
	else
		html_elem(b, "strong", web_t(r, MSG_AS_NO_TARGET), "class",
		    "tag grey");
	html_close(b, "td");
}

static void
county_row(struct req *r, struct buf *b, struct json_object *o, int total)
{
	struct json_object	*t = NULL;

	html_open(b, "tr");
	html_elem(b, "th", county_name(r, o), "scope", "row");
	num(b, web_jstr(o, "renovated_communities"));
	num(b, web_jstr(o, "renovated_households"));
	num(b, web_jstr(o, "renovated_area_m2"));
	json_object_object_get_ex(o, "target", &t);
	num(b, web_jstr(t, "households"));
	rating(r, b, o, total);
	num(b, web_jstr(o, "accepted"));
	num(b, web_jstr(o, "managed"));
	html_elem(b, "td", percent(r, web_jstr(o, "management_coverage")),
	    "class", "num");
	num(b, web_jstr(o, "past_deadline"));
	html_elem(b, "td", arena_printf(r->a, "%s / %s",
	    web_jstr(o, "items_selected"), web_jstr(o, "items_signed_off")),
	    "class", "num");
	num(b, web_jstr(o, "funds_planned_yuan"));
	num(b, web_jstr(o, "funds_received_yuan"));
	html_elem(b, "td", percent(r, web_jstr(o, "funds_ratio")), "class",
	    "num");
	html_close(b, "tr");
}

/*
 * The table's start and its head; the columns whose bit is set in text
 * hold words and are not right-aligned as the numbers are.
 */
static void
table_head(struct req *r, struct buf *b, const char *id, const char *title,
    const enum msg *cols, size_t n, unsigned text)
{
	size_t	 i;

	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "id", id, "class", "assessment",
	    "aria-labelledby", title);
	html_open(b, "thead");
	html_open(b, "tr");
	html_elem(b, "th", web_t(r, cols[0]), "scope", "col");
	for (i = 1; i < n; i++)
		if (text & (1u << i))
			html_elem(b, "th", web_t(r, cols[i]), "scope", "col");
		else
			html_elem(b, "th", web_t(r, cols[i]), "scope", "col",
			    "class", "num");
	html_close(b, "tr");
	html_close(b, "thead");
}

static void
table_end(struct buf *b)
{
	html_close(b, "table");
	html_close(b, "div");
}

/* County c's row of the answer, in the order of codes.c; NULL if none. */
static struct json_object *
county_of(struct json_object *rows, int c)
{
	struct json_object	*o;
	size_t			 i, n;

	if (rows == NULL || !json_object_is_type(rows, json_type_array))
		return NULL;
	n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(rows, i);
		if (strcmp(web_jstr(o, "county"), counties[c].code) == 0)
			return o;
	}
	return NULL;
}

static void
counties_table(struct req *r, struct buf *b, struct json_object *j)
{
	static const enum msg cols[] = {
		MSG_LIST_COUNTY, MSG_AS_RENOVATED_N, MSG_AS_HOUSEHOLDS,
		MSG_AS_AREA, MSG_AS_TARGET, MSG_AS_RATING, MSG_AS_ACCEPTED,
		MSG_AS_MANAGED, MSG_AS_COVERAGE, MSG_AS_LATE, MSG_AS_ITEMS,
		MSG_AS_PLANNED, MSG_AS_RECEIVED, MSG_AS_IN_PLACE,
	};
	struct json_object	*rows, *total, *o;
	int			 c;

	html_elem(b, "h2", web_t(r, MSG_AS_COUNTIES), "id", "counties-title");
	html_elem(b, "p", web_t(r, MSG_AS_FLAG_HINT), "class", "hint");
	html_open(b, "p", "class", "hint");
	/* The deadlines among the words, spaced as each language writes. */
	html_text(b, web_t(r, MSG_AS_DEFINITIONS));
	html_text(b, " ");
	html_text(b, web_jstr(json_object_object_get(j, "deadlines"), "pilot"));
	html_text(b, r->lang == LANG_EN ? " " : "");
	html_text(b, web_t(r, MSG_AS_DEADLINE_OTHER));
	html_text(b, " ");
	html_text(b, web_jstr(json_object_object_get(j, "deadlines"),
	    "rollout"));
	html_text(b, r->lang == LANG_EN ? "." : "。");
	html_close(b, "p");
	table_head(r, b, "counties", "counties-title", cols,
	    sizeof(cols) / sizeof(cols[0]), 0);
	html_open(b, "tbody");
	rows = json_object_object_get(j, "counties");
	for (c = 0; c < COUNTY__MAX; c++)
		if ((o = county_of(rows, c)) != NULL)
			county_row(r, b, o, 0);
	html_close(b, "tbody");
	if (json_object_object_get_ex(j, "total", &total) && total != NULL) {
		html_open(b, "tfoot");
		county_row(r, b, total, 1);
		html_close(b, "tfoot");
	}
	table_end(b);
}

static void
stage_row(struct req *r, struct buf *b, struct json_object *o)
{
	struct json_object	*st = json_object_object_get(o, "stages");
	int			 s;

	html_open(b, "tr");
	html_elem(b, "th", county_name(r, o), "scope", "row");
	for (s = 0; s < STAGE__MAX; s++)
		num(b, web_jstr(st, stages[s].code));
	html_close(b, "tr");
}

static void
stages_table(struct req *r, struct buf *b, struct json_object *j)
{
	struct json_object	*rows, *total, *o;
	int			 s, c;

	html_elem(b, "h2", web_t(r, MSG_AS_STAGES), "id", "stages-title");
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "id", "stages", "class", "assessment",
	    "aria-labelledby", "stages-title");
	html_open(b, "thead");
	html_open(b, "tr");
	html_elem(b, "th", web_t(r, MSG_LIST_COUNTY), "scope", "col");
	for (s = 0; s < STAGE__MAX; s++)
		html_elem(b, "th", msg_stage((enum lang)r->lang, (enum stage)s),
		    "scope", "col", "class", "num");
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	rows = json_object_object_get(j, "counties");
	for (c = 0; c < COUNTY__MAX; c++)
		if ((o = county_of(rows, c)) != NULL)
			stage_row(r, b, o);
	html_close(b, "tbody");
	if (json_object_object_get_ex(j, "total", &total) && total != NULL) {
		html_open(b, "tfoot");
		stage_row(r, b, total);
		html_close(b, "tfoot");
	}
	table_end(b);
}

/* The items by kind over the answer's communities (the total row). */
static void
kinds_table(struct req *r, struct buf *b, struct json_object *j)
{
	static const enum msg cols[] = {
		MSG_AS_KIND, MSG_AS_SELECTED, MSG_AS_SIGNED_OFF,
	};
	struct json_object	*items = NULL, *k;
	int			 i;

	json_object_object_get_ex(json_object_object_get(j, "total"), "items",
	    &items);
	html_elem(b, "h2", web_t(r, MSG_AS_KINDS), "id", "kinds-title");
	table_head(r, b, "kinds", "kinds-title", cols,
	    sizeof(cols) / sizeof(cols[0]), 0);
	html_open(b, "tbody");
	for (i = 0; i < KIND__MAX; i++) {
		if (!json_object_object_get_ex(items, kinds[i].code, &k))
			continue;
		html_open(b, "tr");
		html_elem(b, "th", msg_kind((enum lang)r->lang, (enum kind)i),
		    "scope", "row");
		num(b, web_jstr(k, "selected"));
		num(b, web_jstr(k, "signed_off"));
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	table_end(b);
}

static void
depts_table(struct req *r, struct buf *b, struct json_object *j)
{
	static const enum msg cols[] = {
		MSG_AS_DEPT, MSG_AS_DECISIONS, MSG_AS_MEDIAN, MSG_AS_P90,
	};
	struct json_object	*rows, *o;
	const char		*d;
	size_t			 i, n = 0;
	int			 k;

	html_elem(b, "h2", web_t(r, MSG_AS_DEPTS), "id", "depts-title");
	html_elem(b, "p", web_t(r, MSG_AS_DEPTS_HINT), "class", "hint");
	if (json_object_object_get_ex(j, "departments", &rows) &&
	    json_object_is_type(rows, json_type_array))
		n = json_object_array_length(rows);
	if (n == 0) {
		html_elem(b, "p", web_t(r, MSG_AS_NO_ROUNDS), "class", "notice",
		    "id", "depts");
		return;
	}
	table_head(r, b, "depts", "depts-title", cols,
	    sizeof(cols) / sizeof(cols[0]), 0);
	html_open(b, "tbody");
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(rows, i);
		d = web_jstr(o, "dept");
		k = code_dept(d, strlen(d));
		html_open(b, "tr");
		html_elem(b, "th", k >= 0 ? msg_dept((enum lang)r->lang,
		    (enum dept)k) : d, "scope", "row");
		num(b, web_jstr(o, "decisions"));
		num(b, web_jstr(o, "median_hours"));
		num(b, web_jstr(o, "p90_hours"));
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	table_end(b);
}

/* One row per county and source with money, then the city's. */
static void
funding_rows(struct req *r, struct buf *b, struct json_object *f,
    const char *name)
{
	struct json_object	*s;
	int			 i;

	for (i = 0; i < SOURCE__MAX; i++) {
		if (!json_object_object_get_ex(f, sources[i].code, &s))
			continue;
		html_open(b, "tr");
		html_elem(b, "th", name, "scope", "row");
		html_elem(b, "td", msg_source((enum lang)r->lang, i));
		num(b, web_jstr(s, "planned_yuan"));
		num(b, web_jstr(s, "received_yuan"));
		html_close(b, "tr");
	}
}

static void
funding_table(struct req *r, struct buf *b, struct json_object *j)
{
	static const enum msg cols[] = {
		MSG_LIST_COUNTY, MSG_AS_SOURCE, MSG_AS_PLANNED, MSG_AS_RECEIVED,
	};
	struct json_object	*fund = NULL, *f;
	int			 c;

	html_elem(b, "h2", web_t(r, MSG_AS_FUNDING), "id", "funding-title");
	json_object_object_get_ex(j, "funding", &fund);
	if (!json_object_object_get_ex(fund, "city", &f) ||
	    json_object_object_length(f) == 0) {
		html_elem(b, "p", web_t(r, MSG_AS_NO_FUNDING), "class",
		    "notice", "id", "funding");
		return;
	}
	table_head(r, b, "funding", "funding-title", cols,
	    sizeof(cols) / sizeof(cols[0]), 1u << 1);
	html_open(b, "tbody");
	for (c = 0; c < COUNTY__MAX; c++)
		if (json_object_object_get_ex(fund, counties[c].code, &f))
			funding_rows(r, b, f, msg_county((enum lang)r->lang,
			    (enum county)c));
	html_close(b, "tbody");
	html_open(b, "tfoot");
	json_object_object_get_ex(fund, "city", &f);
	funding_rows(r, b, f, web_t(r, MSG_AS_CITY));
	html_close(b, "tfoot");
	table_end(b);
}

/*
 * A decimal of the answer ("300000.00", "12.5", 7) in hundredths, by
 * its digits: money and hours are charted in fen and in hundredths of
 * an hour, never through floating point.  Anything else is 0.
 */
static long long
hundredths(const char *v)
{
	long long	 n = 0;
	int		 k;

	for (; *v >= '0' && *v <= '9' && n < LLONG_MAX / 1000; v++)
		n = n * 10 + (*v - '0');
	n *= 100;
	if (*v == '.')
		for (v++, k = 10; k > 0 && *v >= '0' && *v <= '9'; v++, k /= 10)
			n += (long long)(*v - '0') * k;
	return n;
}

/* A chart of the page: its language, title, unit and first column. */
static struct chart
chart_of(struct req *r, enum msg title, enum msg head, enum msg unit)
{
	struct chart	 c;

	memset(&c, 0, sizeof(c));
	c.lang = (enum lang)r->lang;
	c.title = web_t(r, title);
	c.label_head = web_t(r, head);
	c.unit = web_t(r, unit);
	return c;
}

/* Communities per stage, a stacked bar per county. */
static void
stages_chart(struct req *r, struct buf *b, struct json_object *j)
{
	struct chart		 c = chart_of(r, MSG_AS_CH_STAGES,
	    MSG_LIST_COUNTY, MSG_AS_U_COMMUNITIES);
	struct json_object	*rows = json_object_object_get(j, "counties");
	struct json_object	*o, *st;
	const char		**labels, **series;
	long long		*v;
	size_t			 n = 0;
	int			 cty, s;

	labels = arena_alloc(r->a, COUNTY__MAX * sizeof(*labels));
	series = arena_alloc(r->a, STAGE__MAX * sizeof(*series));
	v = arena_alloc(r->a, COUNTY__MAX * STAGE__MAX * sizeof(*v));
	for (s = 0; s < STAGE__MAX; s++)
		series[s] = msg_stage(c.lang, (enum stage)s);
	for (cty = 0; cty < COUNTY__MAX; cty++) {
		if ((o = county_of(rows, cty)) == NULL)
			continue;
		st = json_object_object_get(o, "stages");
		labels[n] = msg_county(c.lang, (enum county)cty);
		for (s = 0; s < STAGE__MAX; s++)
			v[n * STAGE__MAX + (size_t)s] =
			    web_jint(st, stages[s].code);
		n++;
	}
	c.labels = labels;
	c.nlabels = n;
	c.series = series;
	c.nseries = STAGE__MAX;
	c.values = v;
	html_open(b, "section", "id", "chart-stages", "class", "chart-box");
	chart_figure(b, CHART_STACKED, &c);
	html_close(b, "section");
}

/* Planned beside received per source, for the answer's area. */
static void
funding_chart(struct req *r, struct buf *b, struct json_object *j)
{
	struct chart		 c = chart_of(r, MSG_AS_CH_FUNDING,
	    MSG_AS_SOURCE, MSG_AS_U_YUAN);
	struct json_object	*f = NULL, *o;
	const char		**labels, *series[2];
	long long		*v;
	size_t			 n = 0;
	int			 i;

	json_object_object_get_ex(json_object_object_get(j, "funding"),
	    "city", &f);
	labels = arena_alloc(r->a, SOURCE__MAX * sizeof(*labels));
	v = arena_alloc(r->a, 2 * SOURCE__MAX * sizeof(*v));
	for (i = 0; i < SOURCE__MAX; i++) {
		if (f == NULL || !json_object_object_get_ex(f,
		    sources[i].code, &o))
			continue;
		labels[n] = msg_source(c.lang, i);
		v[2 * n] = hundredths(web_jstr(o, "planned_yuan"));
		v[2 * n + 1] = hundredths(web_jstr(o, "received_yuan"));
		n++;
	}
	/* funding_table has said there is none. */
	if (n == 0)
		return;
	series[0] = web_t(r, MSG_AS_S_PLANNED);
	series[1] = web_t(r, MSG_AS_S_RECEIVED);
	c.labels = labels;
	c.nlabels = n;
	c.series = series;
	c.nseries = 2;
	c.values = v;
	c.decimals = 2;
	html_open(b, "section", "id", "chart-funding", "class", "chart-box");
	chart_figure(b, CHART_GROUPED, &c);
	html_close(b, "section");
}

/* Communities accepted per month of the period, a column each. */
static void
months_chart(struct req *r, struct buf *b, struct json_object *j)
{
	struct chart		 c = chart_of(r, MSG_AS_CH_MONTHS,
	    MSG_AS_MONTH, MSG_AS_U_COMMUNITIES);
	struct json_object	*rows = NULL, *o;
	const char		**labels;
	long long		*v;
	size_t			 i, n = 0;

	if (json_object_object_get_ex(j, "accepted_by_month", &rows) &&
	    json_object_is_type(rows, json_type_array))
		n = json_object_array_length(rows);
	labels = arena_alloc(r->a, (n + 1) * sizeof(*labels));
	v = arena_alloc(r->a, (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(rows, i);
		labels[i] = web_jstr(o, "month");
		v[i] = web_jint(o, "count");
	}
	c.labels = labels;
	c.nlabels = n;
	c.nseries = 1;
	c.values = v;
	html_elem(b, "h2", web_t(r, MSG_AS_CH_MONTHS), "id", "months-title");
	html_open(b, "section", "id", "chart-months", "class", "chart-box");
	html_elem(b, "p", web_t(r, MSG_AS_MONTHS_HINT), "class",
	    "hint");
	chart_figure(b, CHART_COLUMNS, &c);
	html_close(b, "section");
}

/* Each department's median and 90th percentile, slowest first. */
static void
depts_chart(struct req *r, struct buf *b, struct json_object *j)
{
	struct chart		 c = chart_of(r, MSG_AS_CH_DEPTS,
	    MSG_AS_DEPT, MSG_AS_U_HOURS);
	struct json_object	*rows = NULL, *o;
	const char		**labels, *series[2], *d;
	long long		*v;
	size_t			 i, n = 0;
	int			 k;

	if (json_object_object_get_ex(j, "departments", &rows) &&
	    json_object_is_type(rows, json_type_array))
		n = json_object_array_length(rows);
	labels = arena_alloc(r->a, (n + 1) * sizeof(*labels));
	v = arena_alloc(r->a, 2 * (n + 1) * sizeof(*v));
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(rows, i);
		d = web_jstr(o, "dept");
		k = code_dept(d, strlen(d));
		labels[i] = k >= 0 ? msg_dept(c.lang, (enum dept)k) : d;
		v[2 * i] = hundredths(web_jstr(o, "median_hours"));
		v[2 * i + 1] = hundredths(web_jstr(o, "p90_hours"));
	}
	/* depts_table has said there was no round. */
	if (n == 0)
		return;
	series[0] = web_t(r, MSG_AS_S_MEDIAN);
	series[1] = web_t(r, MSG_AS_S_P90);
	c.labels = labels;
	c.nlabels = n;
	c.series = series;
	c.nseries = 2;
	c.values = v;
	c.decimals = 2;
	html_open(b, "section", "id", "chart-depts", "class", "chart-box");
	chart_figure(b, CHART_GROUPED, &c);
	html_close(b, "section");
}

/* Whether the actor sets the targets: the housing bureau's admin. */
static int
sets_targets(const struct req *r)
{
	return r->actor.dept == DEPT_HOUSING &&
	    (r->actor.roles & ROLE_BIT(ROLE_ADMIN));
}

/* "old → new" of one target in a change, "—" for not set. */
static const char *
change(struct req *r, struct json_object *o, const char *key)
{
	const char	*was = web_jstr(json_object_object_get(o, "old"), key);
	const char	*now = web_jstr(json_object_object_get(o, "new"), key);

	return arena_printf(r->a, "%s → %s", *was != '\0' ? was : "—",
	    *now != '\0' ? now : "—");
}

/* The year's latest changes to the targets (sql/011), newest first. */
static void
history(struct req *r, struct buf *b, struct json_object *j)
{
	static const enum msg cols[] = {
		MSG_AS_CHANGED_AT, MSG_LIST_COUNTY, MSG_AS_T_HOUSEHOLDS,
		MSG_AS_T_AREA, MSG_AS_T_COMMUNITIES, MSG_AS_CHANGED_BY,
	};
	struct json_object	*rows, *o;
	const char		*co;
	size_t			 i, n = 0;
	int			 c;

	if (json_object_object_get_ex(j, "history", &rows) &&
	    json_object_is_type(rows, json_type_array))
		n = json_object_array_length(rows);
	if (n == 0)
		return;
	html_elem(b, "h3", web_t(r, MSG_AS_HISTORY), "id", "history-title");
	html_elem(b, "p", web_t(r, MSG_AS_HISTORY_HINT), "class", "hint");
	table_head(r, b, "target-history", "history-title", cols,
	    sizeof(cols) / sizeof(cols[0]), 1u << 1 | 1u << 5);
	html_open(b, "tbody");
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(rows, i);
		co = web_jstr(o, "county");
		c = code_county(co, strlen(co));
		html_open(b, "tr");
		html_elem(b, "th", web_jstr(o, "changed_at_city"), "scope",
		    "row");
		html_elem(b, "td", c >= 0 ? msg_county((enum lang)r->lang,
		    (enum county)c) : co);
		html_elem(b, "td", change(r, o, "households_target"), "class",
		    "num");
		html_elem(b, "td", change(r, o, "area_target_m2"), "class",
		    "num");
		html_elem(b, "td", change(r, o, "communities_target"), "class",
		    "num");
		html_elem(b, "td", web_jstr(o, "changed_by"));
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	table_end(b);
}

/* This year's targets, and for the housing bureau's admin the form. */
static enum jg_err
targets(struct req *r, struct buf *b)
{
	static const enum msg cols[] = {
		MSG_LIST_COUNTY, MSG_AS_T_HOUSEHOLDS, MSG_AS_T_AREA,
		MSG_AS_T_COMMUNITIES, MSG_AS_SET_BY, MSG_AS_SET_AT,
	};
	const char		*opts[2 * COUNTY__MAX], *co;
	struct json_object	*j = NULL, *rows, *o;
	enum jg_err		 e;
	size_t			 i, n = 0;
	int			 c;

	if ((e = web_call(r, api_targets_get, 0, NULL, NULL, &j)) != JG_OK)
		return e;
	html_elem(b, "h2", arena_printf(r->a, "%s %s", web_t(r,
	    MSG_AS_TARGETS), web_jstr(j, "year")), "id", "targets-title");
	if (json_object_object_get_ex(j, "targets", &rows) &&
	    json_object_is_type(rows, json_type_array))
		n = json_object_array_length(rows);
	if (n > 0) {
		table_head(r, b, "targets", "targets-title", cols,
		    sizeof(cols) / sizeof(cols[0]), 1u << 4 | 1u << 5);
		html_open(b, "tbody");
		for (i = 0; i < n; i++) {
			o = json_object_array_get_idx(rows, i);
			co = web_jstr(o, "county");
			c = code_county(co, strlen(co));
			html_open(b, "tr");
			html_elem(b, "th", c >= 0 ? msg_county((enum lang)r->lang,
			    (enum county)c) : co, "scope", "row");
			num(b, web_jstr(o, "households_target"));
			num(b, web_jstr(o, "area_target_m2"));
			num(b, web_jstr(o, "communities_target"));
			html_elem(b, "td", web_jstr(o, "set_by"));
			html_elem(b, "td", web_jstr(o, "set_at_city"));
			html_close(b, "tr");
		}
		html_close(b, "tbody");
		table_end(b);
	} else
		html_elem(b, "p", web_t(r, MSG_AS_NO_TARGET), "class",
		    "notice");
	history(r, b, j);
	if (!sets_targets(r))
		return JG_OK;
	/* The filters above have a county too: these fields are target-*. */
	r->field_prefix = "target-";
	web_form_open(r, b, "/reports/targets");
	html_open(b, "fieldset");
	html_elem(b, "legend", web_t(r, MSG_AS_TARGETS));
	html_elem(b, "p", web_t(r, MSG_AS_TARGETS_HINT), "class", "hint");
	for (c = 0; c < COUNTY__MAX; c++) {
		opts[2 * c] = counties[c].code;
		opts[2 * c + 1] = msg_county((enum lang)r->lang, (enum county)c);
	}
	web_select(r, b, "county", web_t(r, MSG_LIST_COUNTY), NULL, "",
	    opts, COUNTY__MAX, 1);
	web_input(r, b, "text", "year", web_t(r, MSG_AS_YEAR), NULL,
	    web_jstr(j, "year"));
	web_input(r, b, "text", "households_target",
	    web_t(r, MSG_AS_T_HOUSEHOLDS), NULL, "");
	web_input(r, b, "text", "area_target_m2", web_t(r, MSG_AS_T_AREA),
	    NULL, "");
	web_input(r, b, "text", "communities_target",
	    web_t(r, MSG_AS_T_COMMUNITIES), NULL, "");
	html_close(b, "fieldset");
	html_elem(b, "button", web_t(r, MSG_AS_SAVE_TARGETS), "type",
	    "submit");
	html_form_end(b);
	r->field_prefix = NULL;
	return JG_OK;
}

/*
 * The table above as files, for the period shown (the API's, which is
 * the default year when none was typed) and the county asked for.
 */
static void
downloads(struct req *r, struct buf *b, const struct as_params *ap,
    struct json_object *j)
{
	struct buf	 q;

	buf_init(&q, r->a);
	buf_puts(&q, "");
	web_qadd(&q, "from", web_jstr(j, "from"));
	web_qadd(&q, "to", web_jstr(j, "to"));
	web_qadd(&q, "county", ap->county);
	html_open(b, "ul", "class", "downloads");
	html_open(b, "li");
	html_elem(b, "a", web_t(r, MSG_X_CSV), "href", arena_printf(r->a,
	    "/reports/assessment.csv?%s", q.p), "id", "assessment-csv");
	html_close(b, "li");
	html_open(b, "li");
	html_elem(b, "a", web_t(r, MSG_X_XLSX), "href", arena_printf(r->a,
	    "/reports/assessment.xlsx?%s", q.p), "id", "assessment-xlsx");
	html_close(b, "li");
	html_close(b, "ul");
}

/*
 * GET /reports/assessment.csv and .xlsx: the API's file behind the
 * session cookie.  The page's from, to and county become the query;
 * what else a browser carries (lang) is dropped, so the file is what
 * the API gives, in the page's language, scope and errors included.
 */
static enum jg_err
download(struct req *r, enum jg_err (*fn)(struct req *))
{
	struct as_params	 ap;
	struct buf		 q;

	memset(&ap, 0, sizeof(ap));
	if (params(r, &ap) == -1)
		return req_fail(r, JG_BAD_REQUEST, "malformed query string");
	buf_init(&q, r->a);
	buf_puts(&q, "");
	web_qadd(&q, "from", ap.from);
	web_qadd(&q, "to", ap.to);
	web_qadd(&q, "county", ap.county);
	r->query = q.p;
	return fn(r);
}

enum jg_err
web_assessment_csv(struct req *r)
{
	return download(r, api_assessment_csv);
}

enum jg_err
web_assessment_xlsx(struct req *r)
{
	return download(r, api_assessment_xlsx);
}

/* POST /reports/targets: the form into the API's body. */
enum jg_err
web_targets_post(struct req *r)
{
	const char	*json;
	enum jg_err	 e;

	json = web_form_json(r, api_target_fields, api_ntarget_fields,
	    "target-", NULL);
	if ((e = web_call(r, api_targets_set, 0, NULL, json, NULL)) != JG_OK)
		return e;
	return web_redirect(r, "/reports/assessment#targets-title");
}

enum jg_err
web_assessment(struct req *r)
{
	struct as_params	 ap;
	struct json_object	*j = NULL;
	struct buf		 q, b;
	enum jg_err		 e;
	int			 refused = 0;

	memset(&ap, 0, sizeof(ap));
	if (params(r, &ap) == -1)
		return req_fail(r, JG_BAD_REQUEST, "malformed query string");
	buf_init(&q, r->a);
	buf_puts(&q, "");
	web_qadd(&q, "from", ap.from);
	web_qadd(&q, "to", ap.to);
	web_qadd(&q, "county", ap.county);
	e = web_call(r, api_assessment, 0, q.p, NULL, &j);
	if (e == JG_BAD_REQUEST && form_field(web_error_field(r)))
		refused = 1;
	else if (e != JG_OK)
		return e;
	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_ASSESSMENT), "/reports/assessment");
	/* After a refused post of the targets form, the link goes there. */
	if (r->form != NULL)
		r->field_prefix = "target-";
	web_error_summary(r, &b);
	r->field_prefix = NULL;
	html_elem(&b, "h1", web_t(r, MSG_ASSESSMENT));
	html_elem(&b, "p", web_t(r, MSG_AS_LEAD), "class", "lead");
	period_form(r, &b, &ap, j);
	if (!refused) {
		html_open(&b, "p", "class", "period");
		html_text(&b, web_t(r, MSG_AS_SHOWING));
		if (r->lang == LANG_EN)
			html_text(&b, " ");
		html_text(&b, web_jstr(j, "from"));
		html_text(&b, " ");
		html_text(&b, web_t(r, MSG_AS_UNTIL));
		html_text(&b, " ");
		html_text(&b, web_jstr(j, "to"));
		html_close(&b, "p");
		counties_table(r, &b, j);
		downloads(r, &b, &ap, j);
		months_chart(r, &b, j);
		stages_table(r, &b, j);
		stages_chart(r, &b, j);
		kinds_table(r, &b, j);
		depts_table(r, &b, j);
		depts_chart(r, &b, j);
		funding_table(r, &b, j);
		funding_chart(r, &b, j);
	}
	if ((e = targets(r, &b)) != JG_OK)
		return e;
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}
