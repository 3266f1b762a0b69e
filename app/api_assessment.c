/*
 * api_assessment.c - the county assessment (考核, issue 5 §2; DOMAIN.md
 * "Oversight").
 *
 *   GET /api/v1/reports/assessment[.csv|.xlsx]?from=YYYY-MM-DD&to=YYYY-MM-DD&county=
 *
 * (or Accept: text/csv on the first: the file, as the ledger's)
 *
 * Per county and for the city, over the period from..to (dates in the
 * city, both included; default: this calendar year): communities per
 * stage now; households, floor area and communities renovated (accepted
 * in the period and still accepted or managed); selected items by kind
 * and how many are signed off; funds planned and received, per source
 * too, and their ratio; property-management coverage; communities past
 * the plan's deadlines; each department's median and 90th-percentile
 * time from a round's opening to its decision, over the rounds opened
 * in the period; and red/amber/green flags against the county's yearly
 * targets.  docs/assessment.md defines every figure.
 *
 * The database computes it all in one statement (STMT_ASSESSMENT), in
 * a read-only transaction without JIT, and answers the JSON itself, as
 * community_json does: nothing here but the parameters and the scope.
 * Scoped users see their county only; another county is a 403.  The
 * files (CSV, .xlsx) are the page's main table read from that same
 * JSON, so that they cannot differ from it.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "conf.h"
#include "export.h"
#include "money.h"
#include "urlenc.h"

/* A period longer than this is a mistake, not a question (and a big scan). */
#define AS_MAX_DAYS	(366L * 30)

/* The date of query parameter name into out, or today's year's end. */
static enum jg_err
as_date(struct req *r, const char *qs, const char *name, char *out,
    size_t sz, const char *def, long *days)
{
	int	 c;

	if ((c = query_get(qs, name, out, sz)) < 0 || (c == 1 &&
	    (strlen(out) != 10 || money_date(out, days) == -1)))
		return req_fail_field(r, JG_BAD_REQUEST, name,
		    "a date as YYYY-MM-DD");
	if (c == 0) {
		snprintf(out, sz, "%s", def);
		if (money_date(out, days) == -1)
			return req_fail(r, JG_INTERNAL, "bad default date");
	}
	return JG_OK;
}

/*
 * The report for r's query, as the database's JSON text in *json (owned
 * by r's arena).  Every refusal (400, 403) is the API's.
 */
static enum jg_err
as_run(struct req *r, const char **json)
{
	static const char *const names[] = { "from", "to", "county" };
	const char	*qs = r->query != NULL ? r->query : "";
	const char	*p[5], *today = export_today(r);
	char		 from[16], to[16], county[64], bad[64], def[16];
	long		 dfrom, dto, d;
	PGresult	*res;
	enum jg_err	 e;
	int		 c, only = -1;

	if (!query_only(qs, names, sizeof(names) / sizeof(names[0]), bad,
	    sizeof(bad)))
		return req_fail_field(r, JG_BAD_REQUEST, arena_strdup(r->a, bad),
		    "unknown or repeated query parameter");
	snprintf(def, sizeof(def), "%.4s-01-01", today);
	if ((e = as_date(r, qs, "from", from, sizeof(from), def, &dfrom)) != JG_OK)
		return e;
	snprintf(def, sizeof(def), "%.4s-12-31", today);
	if ((e = as_date(r, qs, "to", to, sizeof(to), def, &dto)) != JG_OK)
		return e;
	if (dto < dfrom)
		return req_fail_field(r, JG_BAD_REQUEST, "to",
		    "to is before from");
	if (dto - dfrom >= AS_MAX_DAYS)
		return req_fail_field(r, JG_BAD_REQUEST, "to",
		    "a period of at most 30 years");
	if ((c = query_get(qs, "county", county, sizeof(county))) < 0 ||
	    (c == 1 && (only = code_county(county, strlen(county))) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "county", "unknown county");
	if (depts[r->actor.dept].scoped) {
		if (only >= 0 && only != r->actor.county)
			return api_deny(r, WF_DENY_SCOPE);
		only = r->actor.county;
	}
	p[0] = from;
	p[1] = to;
	p[2] = only >= 0 ? counties[only].code : NULL;
	p[3] = conf_get(CONF_PILOT_DEADLINE);
	p[4] = conf_get(CONF_ROLLOUT_DEADLINE);
	/* A setting that is no date would fail the statement: say which. */
	if (money_date(p[3], &d) == -1 || money_date(p[4], &d) == -1)
		return req_fail(r, JG_INTERNAL,
		    "pilot_deadline or rollout_deadline is not a date");
	/*
	 * The statement's estimated cost passes jit_above_cost, and the
	 * compilation (about 350 ms) costs more than the run: off, for
	 * this read-only transaction only, as the exports do.
	 */
	if ((e = db_exec(r->a, STMT_EXPORT_BEGIN, NULL, NULL)) != JG_OK)
		return e;
	if ((e = db_exec(r->a, STMT_EXPORT_NOJIT, NULL, NULL)) == JG_OK)
		e = db_exec(r->a, STMT_ASSESSMENT, p, &res);
	/* Read only: ending it either way changes nothing. */
	if (e == JG_OK)
		e = db_exec(r->a, STMT_COMMIT, NULL, NULL);
	else
		db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
	if (e != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_INTERNAL, "assessment: no row");
	*json = PQgetvalue(res, 0, 0);
	return JG_OK;
}

/*
 * The assessment table as a file: the columns of the page's main table
 * (web_assessment.c), a row per county of the answer in the order of
 * codes.c, then the city's.  The items' "selected / signed off" are two
 * columns; the rating is the page's word for the worst flag, "No
 * target" without one, empty on the city's row (it has no targets of
 * its own to be rated against).
 */
static const struct xcol acols[] = {
	{ "county", MSG_LIST_COUNTY, XC_COUNTY, 12, 0 },
	{ "renovated_communities", MSG_AS_RENOVATED_N, XC_INT, 12, 0 },
	{ "renovated_households", MSG_AS_HOUSEHOLDS, XC_INT, 12, 0 },
	{ "renovated_area_m2", MSG_AS_AREA, XC_DECIMAL, 16, 0 },
	{ "households_target", MSG_AS_TARGET, XC_INT, 12, 0 },
	{ "rating", MSG_AS_RATING, XC_TEXT, 10, 0 },
	{ "accepted", MSG_AS_ACCEPTED, XC_INT, 12, 0 },
	{ "managed", MSG_AS_MANAGED, XC_INT, 12, 0 },
	{ "management_coverage", MSG_AS_COVERAGE, XC_RATIO, 12, 0 },
	{ "past_deadline", MSG_AS_LATE, XC_INT, 12, 0 },
	{ "items_selected", MSG_AS_SELECTED_COL, XC_INT, 12, 0 },
	{ "items_signed_off", MSG_AS_SIGNED_OFF_COL, XC_INT, 12, 0 },
	{ "funds_planned_yuan", MSG_AS_PLANNED, XC_MONEY, 18, 0 },
	{ "funds_received_yuan", MSG_AS_RECEIVED, XC_MONEY, 18, 0 },
	{ "funds_ratio", MSG_AS_IN_PLACE, XC_RATIO, 12, 0 },
};
#define NACOLS	(sizeof(acols) / sizeof(acols[0]))
/* The columns not read from the row's own members by their key. */
enum { AC_COUNTY = 0, AC_TARGET = 4, AC_RATING = 5 };
_Static_assert(AC_RATING < NACOLS, "assessment columns");

/* The text of o's member key, NULL for null or absent. */
static const char *
as_val(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}

/* The rating's word, as the page shows it. */
static const char *
as_rating(struct req *r, const char *flag)
{
	static const struct {
		const char	*code;
		enum msg	 word;
	} words[] = {
		{ "green", MSG_AS_GREEN },
		{ "amber", MSG_AS_AMBER },
		{ "red", MSG_AS_RED },
	};
	size_t	 i;

	for (i = 0; flag != NULL && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(flag, words[i].code) == 0)
			return msg((enum lang)r->lang, words[i].word);
	return msg((enum lang)r->lang, MSG_AS_NO_TARGET);
}

/* One row of the file from a county's (or, total, the city's) object. */
static void
as_row(struct req *r, struct export *x, struct json_object *o, int total)
{
	const char		*v[NACOLS];
	struct json_object	*t = NULL;
	size_t			 i;

	for (i = 0; i < NACOLS; i++)
		v[i] = as_val(o, acols[i].key);
	json_object_object_get_ex(o, "target", &t);
	if (total)
		v[AC_COUNTY] = msg((enum lang)r->lang, MSG_AS_CITY);
	v[AC_TARGET] = as_val(t, "households");
	v[AC_RATING] = total ? NULL : as_rating(r, as_val(o, "flag"));
	export_row(x, v);
}

static void
as_put(void *p)
{
	json_object_put(p);
}

static enum jg_err
as_file(struct req *r, enum export_fmt fmt)
{
	struct json_object	*j, *rows, *o;
	struct export		 x;
	const char		*json, *co;
	enum jg_err		 e;
	size_t			 i, n;
	int			 c;

	if ((e = as_run(r, &json)) != JG_OK)
		return e;
	if ((j = json_tokener_parse(json)) == NULL)
		return req_fail(r, JG_INTERNAL, "assessment: bad JSON");
	arena_cleanup(r->a, as_put, j);
	if ((e = export_begin(&x, r, fmt)) != JG_OK)
		return e;
	export_sheet(&x, msg((enum lang)r->lang, MSG_AS_SHEET), acols, NACOLS);
	rows = json_object_object_get(j, "counties");
	n = rows != NULL && json_object_is_type(rows, json_type_array) ?
	    json_object_array_length(rows) : 0;
	/* The counties in the order of codes.c, as the page lists them. */
	for (c = 0; c < COUNTY__MAX; c++)
		for (i = 0; i < n; i++) {
			o = json_object_array_get_idx(rows, i);
			co = as_val(o, "county");
			if (co != NULL && strcmp(co, counties[c].code) == 0)
				as_row(r, &x, o, 0);
		}
	if (json_object_object_get_ex(j, "total", &o) && o != NULL)
		as_row(r, &x, o, 1);
	return export_end(&x, "jiugai-assessment",
	    msg((enum lang)r->lang, MSG_AS_FILE));
}

enum jg_err
api_assessment(struct req *r)
{
	const char	*json;
	enum jg_err	 e;

	if (export_wants_csv(r->accept))
		return as_file(r, EXPORT_CSV);
	if ((e = as_run(r, &json)) != JG_OK)
		return e;
	api_answer(r, 200, json);
	return JG_OK;
}

enum jg_err
api_assessment_csv(struct req *r)
{
	return as_file(r, EXPORT_CSV);
}

enum jg_err
api_assessment_xlsx(struct req *r)
{
	return as_file(r, EXPORT_XLSX);
}

/*
 * The yearly targets the office sets per county (sql/008's target):
 *
 *   GET  /api/v1/reports/targets?year=YYYY[&county=]   anyone signed in;
 *        scoped users their county
 *   POST /api/v1/reports/targets   the housing bureau's admin only:
 *        {county, year, households_target, area_target_m2,
 *         communities_target}, each target null for "not set"
 */
#define NTARGET	5
const struct jin_field api_target_fields[NTARGET] = {
	{ "county", JT_CODE, JF_REQUIRED, 0, 0, code_county },
	{ "year", JT_INT, JF_REQUIRED, 2016, 2100, NULL },
	{ "households_target", JT_INT, JF_NULLABLE, 0, 100000000, NULL },
	{ "area_target_m2", JT_MONEY, JF_NULLABLE, 0, 0, NULL },
	{ "communities_target", JT_INT, JF_NULLABLE, 0, 1000000, NULL },
};
const size_t api_ntarget_fields = NTARGET;

enum jg_err
api_targets_get(struct req *r)
{
	static const char *const names[] = { "year", "county" };
	const char	*qs = r->query != NULL ? r->query : "";
	const char	*p[2];
	char		 year[16], county[64], bad[64], *end;
	PGresult	*res;
	enum jg_err	 e;
	long		 y;
	int		 c, only = -1;

	if (!query_only(qs, names, sizeof(names) / sizeof(names[0]), bad,
	    sizeof(bad)))
		return req_fail_field(r, JG_BAD_REQUEST, arena_strdup(r->a, bad),
		    "unknown or repeated query parameter");
	if ((c = query_get(qs, "year", year, sizeof(year))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "year", "a year");
	if (c == 0)
		snprintf(year, sizeof(year), "%.4s", export_today(r));
	y = strtol(year, &end, 10);
	if (end == year || *end != '\0' || y < 2016 || y > 2100)
		return req_fail_field(r, JG_BAD_REQUEST, "year",
		    "a year from 2016 to 2100");
	if ((c = query_get(qs, "county", county, sizeof(county))) < 0 ||
	    (c == 1 && (only = code_county(county, strlen(county))) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "county", "unknown county");
	if (depts[r->actor.dept].scoped) {
		if (only >= 0 && only != r->actor.county)
			return api_deny(r, WF_DENY_SCOPE);
		only = r->actor.county;
	}
	p[0] = year;
	p[1] = only >= 0 ? counties[only].code : NULL;
	if ((e = db_exec(r->a, STMT_TARGET_LIST, p, &res)) != JG_OK)
		return e;
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
}

/* An INT or MONEY value as SQL text, NULL for null or absent. */
static const char *
target_val(struct req *r, const struct jin_value *v, int money)
{
	char	 buf[32];

	if (!v->present || v->is_null)
		return NULL;
	if (!money)
		return api_num(r, v->i);
	jin_money_str(v->i, buf, sizeof(buf));
	return arena_strdup(r->a, buf);
}

enum jg_err
api_targets_set(struct req *r)
{
	struct jin_value	 v[NTARGET];
	const char		*p[6];
	PGresult		*res;
	enum jg_err		 e;

	/* The office's targets: the housing bureau's admin sets them. */
	if (r->actor.dept != DEPT_HOUSING ||
	    !(r->actor.roles & ROLE_BIT(ROLE_ADMIN)))
		return req_fail(r, JG_FORBIDDEN,
		    "only the housing bureau's admin sets the targets");
	if ((e = api_body(r, api_target_fields, NTARGET, v, NULL)) != JG_OK)
		return e;
	p[0] = counties[v[0].i].code;
	p[1] = api_num(r, v[1].i);
	p[2] = target_val(r, &v[2], 0);
	p[3] = target_val(r, &v[3], 1);
	p[4] = target_val(r, &v[4], 0);
	p[5] = r->claims.sub;
	if ((e = db_exec(r->a, STMT_TARGET_SET, p, &res)) != JG_OK)
		return e;
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
}
