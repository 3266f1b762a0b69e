/*
 * api_assessment.c - the county assessment (考核, issue 5 §2; DOMAIN.md
 * "Oversight").
 *
 *   GET /api/v1/reports/assessment?from=YYYY-MM-DD&to=YYYY-MM-DD&county=
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
 * a read-only transaction without JIT, and answers the JSON itself, as community_json does: nothing here but the
 * parameters and the scope.  Scoped users see their county only;
 * another county is a 403.
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

enum jg_err
api_assessment(struct req *r)
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
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
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
