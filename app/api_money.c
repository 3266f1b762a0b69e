/*
 * api_money.c - the money rules as the API shows them (docs/money.md):
 *
 *   GET /api/v1/communities/{id}/shares   who pays what of the plan
 *   GET /api/v1/reports/subsidy?month=YYYY-MM[&county=]
 *                                         the property-management subsidy
 *
 * The database supplies amounts in fen; money.c applies the rules; the
 * answers are written here.  Scope as everywhere: a county's users see
 * their own county only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "money.h"
#include "urlenc.h"

/* Fen (or hundredths of a m²) as a JSON number with two decimals. */
static void
put_amount(struct buf *b, long long v)
{
	char	 s[32];

	jin_money_str(v, s, sizeof(s));
	buf_puts(b, s);
}

/* ,"key":amount (or without the comma when first). */
static void
member(struct buf *b, int first, const char *key, long long v)
{
	if (!first)
		buf_putc(b, ',');
	buf_json_str(b, key);
	buf_putc(b, ':');
	put_amount(b, v);
}

static long long
col_fen(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? MONEY_NONE :
	    strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/* "utility:water", "owners", "public". */
static void
put_party(struct buf *b, enum money_party party, int utility)
{
	if (party == PARTY_UTILITY && utility >= 0)
		buf_json_str(b, arena_printf(b->a, "utility:%s",
		    depts[utility].code));
	else
		buf_json_str(b, money_party_codes[party]);
}

/* {"source": yuan, ...} over every source, in the order of DESIGN §8. */
static void
put_sources(struct buf *b, const long long *v)
{
	int	 s;

	buf_putc(b, '{');
	for (s = 0; s < SOURCE__MAX; s++)
		member(b, s == 0, sources[s].code, v[s]);
	buf_putc(b, '}');
}

enum jg_err
api_community_shares(struct req *r)
{
	const char		*p[1] = { api_num(r, r->id) };
	struct money_plan	 plan;
	struct money_item	 it;
	struct money_share	 sh;
	struct buf		 b, items;
	PGresult		*res;
	const char		*c, *k;
	enum jg_err		 e;
	int			 i, n, d, s, first;
	enum money_party	 party;

	if ((e = db_exec(r->a, STMT_MONEY_ITEMS, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) < 1)
		return req_fail(r, JG_NOT_FOUND, "no such community");
	c = PQgetvalue(res, 0, 0);
	if (!wf_in_scope(&r->actor, code_county(c, strlen(c))))
		return api_deny(r, WF_DENY_SCOPE);

	money_plan_init(&plan);
	buf_init(&items, r->a);
	buf_putc(&items, '[');
	n = PQntuples(res);
	for (i = 0, first = 1; i < n; i++) {
		if (PQgetisnull(res, i, 1))
			continue;	/* the community has no items */
		k = PQgetvalue(res, i, 2);
		it.kind = code_kind(k, strlen(k));
		it.selected = atoi(PQgetvalue(res, i, 3));
		it.estimate = col_fen(res, i, 4);
		for (s = 0; s < PART__MAX; s++)
			it.part[s] = col_fen(res, i, 5 + s);
		if (it.kind < 0)
			return req_fail(r, JG_INTERNAL, "an item of unknown kind");
		money_plan_item(&plan, &it);
		if (!it.selected)
			continue;
		money_item_share(&it, &sh);
		buf_printf(&items, "%s{\"id\":%s,\"kind\":", first ? "" : ",",
		    PQgetvalue(res, i, 1));
		buf_json_str(&items, kinds[it.kind].code);
		buf_puts(&items, ",\"estimate_yuan\":");
		if (it.estimate == MONEY_NONE)
			buf_puts(&items, "null");
		else
			put_amount(&items, it.estimate);
		buf_puts(&items, ",\"utility\":");
		buf_json_str(&items, sh.utility >= 0 ? depts[sh.utility].code : NULL);
		member(&items, 0, "utility_yuan", sh.utility_fen);
		member(&items, 0, "owners_yuan", sh.owners_fen);
		member(&items, 0, "public_yuan", sh.public_fen);
		buf_putc(&items, '}');
		first = 0;
	}
	buf_putc(&items, ']');

	if ((e = db_exec(r->a, STMT_MONEY_FUNDING, p, &res)) != JG_OK)
		return e;
	for (i = 0; i < PQntuples(res); i++) {
		k = PQgetvalue(res, i, 0);
		money_plan_funding(&plan, code_source(k, strlen(k)),
		    strtoll(PQgetvalue(res, i, 1), NULL, 10),
		    strtoll(PQgetvalue(res, i, 2), NULL, 10));
	}

	buf_init(&b, r->a);
	buf_printf(&b, "{\"community_id\":%lld,", r->id);
	member(&b, 1, "estimate_yuan", plan.estimate);
	/* Each utility with a selected item of its, then owners, public. */
	buf_puts(&b, ",\"parties\":[");
	first = 1;
	for (d = 0; d < DEPT__MAX; d++) {
		if (!plan.has_utility[d])
			continue;
		buf_puts(&b, first ? "{\"party\":" : ",{\"party\":");
		put_party(&b, PARTY_UTILITY, d);
		member(&b, 0, "yuan", plan.utility[d]);
		buf_putc(&b, '}');
		first = 0;
	}
	for (party = PARTY_OWNERS; party < PARTY__MAX; party++) {
		buf_puts(&b, first ? "{\"party\":" : ",{\"party\":");
		put_party(&b, party, -1);
		member(&b, 0, "yuan", plan.share[party]);
		buf_putc(&b, '}');
		first = 0;
	}
	buf_puts(&b, "],\"items\":");
	buf_puts(&b, items.p);
	/* Each party's share against the funding that stands for it. */
	buf_puts(&b, ",\"cover\":[");
	for (party = 0; party < PARTY__MAX; party++) {
		buf_puts(&b, party == 0 ? "{\"party\":" : ",{\"party\":");
		put_party(&b, party, -1);
		buf_puts(&b, ",\"sources\":[");
		for (s = 0, first = 1; s < SOURCE__MAX; s++) {
			if (money_source_party(s) != party)
				continue;
			if (!first)
				buf_putc(&b, ',');
			buf_json_str(&b, sources[s].code);
			first = 0;
		}
		buf_putc(&b, ']');
		member(&b, 0, "share_yuan", plan.share[party]);
		member(&b, 0, "planned_yuan", money_plan_planned(&plan, party));
		member(&b, 0, "received_yuan", money_plan_received(&plan, party));
		member(&b, 0, "gap_yuan", money_plan_gap(&plan, party));
		buf_putc(&b, '}');
	}
	buf_putc(&b, ']');
	member(&b, 0, "public_yuan", plan.share[PARTY_PUBLIC]);
	member(&b, 0, "public_funding_planned_yuan",
	    money_plan_planned(&plan, PARTY_PUBLIC));
	member(&b, 0, "public_funding_received_yuan",
	    money_plan_received(&plan, PARTY_PUBLIC));
	member(&b, 0, "public_gap_yuan", money_plan_gap(&plan, PARTY_PUBLIC));
	buf_puts(&b, ",\"funding\":{\"planned\":");
	put_sources(&b, plan.planned);
	buf_puts(&b, ",\"received\":");
	put_sources(&b, plan.received);
	buf_puts(&b, "}}");
	api_answer(r, 200, b.p);
	return JG_OK;
}

/* ---- The property-management subsidy -------------------------------- */

/* One county's part of the report. */
struct sub_county {
	long long	 rate;		/* fen per m² a month */
	int		 communities;	/* listed: a subsidised month this year */
	int		 paid;		/* of them, subsidised this month */
	int		 short_contracts; /* professional but under 3 years */
	long long	 area;		/* hundredths of a m², paid this month */
	long long	 month;		/* fen */
	long long	 ytd;		/* fen */
	struct buf	 list;		/* the communities, JSON */
};

/* "YYYY-MM" into *y, *m: 0, or -1. */
static int
parse_month(const char *s, int *y, int *m)
{
	long	 d;
	char	 day[16];

	if (strlen(s) != 7)
		return -1;
	memcpy(day, s, 7);
	memcpy(day + 7, "-01", 4);
	if (money_date(day, &d) == -1)
		return -1;
	*y = atoi(s);
	*m = atoi(s + 5);
	return *y >= 1900 && *y <= 2100 ? 0 : -1;
}

static void
put_county_sum(struct buf *b, const struct sub_county *c)
{
	buf_printf(b, ",\"communities\":%d,\"paid_this_month\":%d,"
	    "\"short_contracts\":%d", c->communities, c->paid,
	    c->short_contracts);
	member(b, 0, "area_m2", c->area);
	member(b, 0, "month_yuan", c->month);
	member(b, 0, "year_to_date_yuan", c->ytd);
}

enum jg_err
api_report_subsidy(struct req *r)
{
	static const char *const names[] = { "month", "county" };
	struct sub_county	 cs[COUNTY__MAX], total;
	const char		*qs = r->query != NULL ? r->query : "";
	const char		*p[3], *k;
	char			 month[16], county[64], bad[64];
	PGresult		*res;
	struct buf		 b, *l;
	enum jg_err		 e;
	long			 start, end;
	long long		 monthly;
	int			 c, y, m, i, n, only = -1, months, now;
	int			 ld, lm, ly;

	if (!query_only(qs, names, sizeof(names) / sizeof(names[0]), bad,
	    sizeof(bad)))
		return req_fail_field(r, JG_BAD_REQUEST, arena_strdup(r->a, bad),
		    "unknown or repeated query parameter");
	if ((c = query_get(qs, "month", month, sizeof(month))) != 1 ||
	    parse_month(month, &y, &m) == -1)
		return req_fail_field(r, JG_BAD_REQUEST, "month",
		    "month is required, as YYYY-MM");
	if ((c = query_get(qs, "county", county, sizeof(county))) < 0 ||
	    (c == 1 && (only = code_county(county, strlen(county))) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "county", "unknown county");
	/* Scoped organisations see their own county only. */
	if (depts[r->actor.dept].scoped) {
		if (only >= 0 && only != r->actor.county)
			return api_deny(r, WF_DENY_SCOPE);
		only = r->actor.county;
	}

	memset(cs, 0, sizeof(cs));
	if ((e = db_exec(r->a, STMT_SUBSIDY_RATES, NULL, &res)) != JG_OK)
		return e;
	for (i = 0; i < PQntuples(res); i++) {
		k = PQgetvalue(res, i, 0);
		if ((c = code_county(k, strlen(k))) >= 0)
			cs[c].rate = strtoll(PQgetvalue(res, i, 1), NULL, 10);
	}
	for (c = 0; c < COUNTY__MAX; c++) {
		buf_init(&cs[c].list, r->a);
		if (!money_rate_ok(cs[c].rate))
			return req_fail(r, JG_INTERNAL, "a county's rate is unset");
	}

	/* Contracts in force some day from 1 January to the month's end. */
	money_ymd(money_days(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1,
	    &ly, &lm, &ld);
	p[0] = only >= 0 ? counties[only].code : NULL;
	p[1] = arena_printf(r->a, "%04d-01-01", y);
	p[2] = arena_printf(r->a, "%04d-%02d-%02d", ly, lm, ld);
	if ((e = db_exec(r->a, STMT_SUBSIDY_LIST, p, &res)) != JG_OK)
		return e;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		k = PQgetvalue(res, i, 3);
		if ((c = code_county(k, strlen(k))) < 0 ||
		    money_date(PQgetvalue(res, i, 5), &start) == -1 ||
		    money_date(PQgetvalue(res, i, 6), &end) == -1)
			return req_fail(r, JG_INTERNAL, "a contract without dates");
		if (!money_contract_ok(start, end)) {
			cs[c].short_contracts++;
			continue;
		}
		if ((months = money_months_covered(start, end, y, 1, m)) == 0)
			continue;	/* in force, but from after a 1st only */
		now = money_month_covered(start, end, y, m);
		monthly = money_subsidy_month(col_fen(res, i, 7), cs[c].rate);
		if (monthly < 0)
			return req_fail(r, JG_INTERNAL, "a managed area out of range");
		cs[c].communities++;
		cs[c].paid += now;
		cs[c].area += now ? col_fen(res, i, 7) : 0;
		cs[c].month += now ? monthly : 0;
		cs[c].ytd += monthly * months;
		l = &cs[c].list;
		buf_printf(l, "%s{\"id\":%s,\"code\":", l->len > 0 ? "," : "",
		    PQgetvalue(res, i, 0));
		buf_json_str(l, PQgetvalue(res, i, 1));
		buf_puts(l, ",\"name\":");
		buf_json_str(l, PQgetvalue(res, i, 2));
		buf_puts(l, ",\"company\":");
		buf_json_str(l, PQgetisnull(res, i, 4) ? NULL :
		    PQgetvalue(res, i, 4));
		buf_puts(l, ",\"contract_start\":");
		buf_json_str(l, PQgetvalue(res, i, 5));
		buf_puts(l, ",\"contract_end\":");
		buf_json_str(l, PQgetvalue(res, i, 6));
		member(l, 0, "managed_area_m2", col_fen(res, i, 7));
		member(l, 0, "monthly_yuan", monthly);
		buf_printf(l, ",\"paid_this_month\":%s,\"months_to_date\":%d",
		    now ? "true" : "false", months);
		member(l, 0, "month_yuan", now ? monthly : 0);
		member(l, 0, "year_to_date_yuan", monthly * months);
		buf_putc(l, '}');
	}

	memset(&total, 0, sizeof(total));
	buf_init(&b, r->a);
	buf_printf(&b, "{\"month\":\"%04d-%02d\",\"year\":%d,"
	    "\"contract_months_min\":%d,\"counties\":[", y, m, y,
	    MONEY_CONTRACT_MONTHS);
	for (c = 0, i = 0; c < COUNTY__MAX; c++) {
		if (only >= 0 && c != only)
			continue;
		buf_puts(&b, i++ > 0 ? ",{\"county\":" : "{\"county\":");
		buf_json_str(&b, counties[c].code);
		member(&b, 0, "rate_yuan_m2_month", cs[c].rate);
		put_county_sum(&b, &cs[c]);
		buf_puts(&b, ",\"items\":[");
		buf_puts(&b, cs[c].list.len > 0 ? cs[c].list.p : "");
		buf_puts(&b, "]}");
		total.communities += cs[c].communities;
		total.paid += cs[c].paid;
		total.short_contracts += cs[c].short_contracts;
		total.area += cs[c].area;
		total.month += cs[c].month;
		total.ytd += cs[c].ytd;
	}
	buf_puts(&b, "],\"total\":{\"counties\":");
	buf_printf(&b, "%d", i);
	put_county_sum(&b, &total);
	buf_puts(&b, "}}");
	api_answer(r, 200, b.p);
	return JG_OK;
}
