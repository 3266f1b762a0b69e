/*
 * web_handover.c - 物业移交台账, the housing bureau's page: each
 * county's property-management coverage, then the communities accepted
 * and waiting for hand-over (longest waiting first) and those managed,
 * with their contracts, subsidy eligibility and follow-up flags; the
 * same as CSV and Excel files.
 *
 * Like the communities list, the page holds no query of its own: its
 * parameters (county, batch, list, after) become the query of GET
 * /api/v1/reports/handover, called in-process, so figures, flags and
 * scope are the API's.  Paging is by the API's cursor.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "export.h"
#include "html.h"
#include "urlenc.h"
#include "web.h"

#define HO_PAGE		50
#define HO_VALMAX	512

struct ho_params {
	char	 county[64];
	char	 batch[HO_VALMAX];
	char	 list[32];
	char	 after[64];
};

static int
params(struct req *r, struct ho_params *hp)
{
	const char	*qs = r->query != NULL ? r->query : "";

	if (query_get(qs, "county", hp->county, sizeof(hp->county)) < 0 ||
	    query_get(qs, "batch", hp->batch, sizeof(hp->batch)) < 0 ||
	    query_get(qs, "list", hp->list, sizeof(hp->list)) < 0 ||
	    query_get(qs, "after", hp->after, sizeof(hp->after)) < 0)
		return -1;
	return 0;
}

/* path?filters (without a dangling "?" when there are none). */
static const char *
link(struct req *r, const char *path, const struct ho_params *hp,
    const char *after)
{
	struct buf	 b;

	buf_init(&b, r->a);
	buf_puts(&b, path);
	buf_putc(&b, '?');
	web_qadd(&b, "county", hp->county);
	web_qadd(&b, "batch", hp->batch);
	web_qadd(&b, "list", hp->list);
	if (after != NULL)
		web_qadd(&b, "after", after);
	if (b.p[b.len - 1] == '?')
		b.p[--b.len] = '\0';
	return b.p;
}

static int
form_field(const char *f)
{
	return f != NULL && (strcmp(f, "county") == 0 ||
	    strcmp(f, "batch") == 0 || strcmp(f, "list") == 0);
}

static void
filter_form(struct req *r, struct buf *b, const struct ho_params *hp)
{
	const char	*lists[8];

	html_form_get(b, "/handover");
	html_open(b, "fieldset", "class", "filters");
	html_elem(b, "legend", web_t(r, MSG_LIST_FILTERS));
	web_county_filter(r, b, hp->county);
	web_input(r, b, "text", "batch", web_t(r, MSG_LIST_BATCH),
	    web_t(r, MSG_LIST_BATCH_HINT), hp->batch);
	lists[0] = "";
	lists[1] = web_t(r, MSG_HO_LIST_ALL);
	lists[2] = "waiting";
	lists[3] = web_t(r, MSG_HO_LIST_WAITING);
	lists[4] = "managed";
	lists[5] = web_t(r, MSG_HO_LIST_MANAGED);
	lists[6] = "follow_up";
	lists[7] = web_t(r, MSG_HO_LIST_FOLLOW);
	web_select(r, b, "list", web_t(r, MSG_HO_LIST),
	    web_t(r, MSG_HO_LIST_HINT), hp->list, lists, 4, 0);
	html_close(b, "fieldset");
	html_elem(b, "button", web_t(r, MSG_LIST_APPLY), "type", "submit");
	html_elem(b, "a", web_t(r, MSG_LIST_CLEAR), "href", "/handover",
	    "class", "button secondary");
	html_form_end(b);
}

/* A number cell ("—" for none). */
static void
num(struct buf *b, const char *v)
{
	html_elem(b, "td", *v != '\0' ? v : "—", "class", "num");
}

/* "0.6667" as "66.67%" ("—" for none: nothing accepted yet). */
static const char *
percent(struct req *r, struct json_object *o)
{
	const char	*v = web_jstr(o, "coverage");
	long long	 bp;
	char		*end;

	if (*v == '\0')
		return "—";
	bp = (long long)(strtol(v, &end, 10) * 10000);
	if (*end == '.') {
		const char	*d = end + 1;
		long long	 f = 0;
		int		 k;

		for (k = 0; k < 4; k++)
			f = f * 10 + (d[0] >= '0' && d[0] <= '9' ? *d++ - '0' : 0);
		bp += f;
	}
	return arena_printf(r->a, "%lld.%02lld%%", bp / 100, bp % 100);
}

static void
coverage_row(struct req *r, struct buf *b, struct json_object *o, int total)
{
	static const char *const keys[] = {
		"waiting", "managed", "professional", "community_backed",
		"subsidy_eligible", "follow_up",
	};
	const char	*co = web_jstr(o, "county");
	size_t		 i;

	html_open(b, "tr");
	html_elem(b, "th", total ? web_t(r, MSG_HO_TOTAL) :
	    msg_county((enum lang)r->lang, (enum county)code_county(co,
	    strlen(co))), "scope", "row");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		num(b, web_jstr(o, keys[i]));
	html_elem(b, "td", percent(r, o), "class", "num");
	html_close(b, "tr");
}

static void
coverage(struct req *r, struct buf *b, struct json_object *j)
{
	static const enum msg cols[] = {
		MSG_HO_WAITING_N, MSG_HO_MANAGED_N, MSG_HO_PROFESSIONAL_N,
		MSG_HO_COMMUNITY_N, MSG_HO_ELIGIBLE_N, MSG_HO_FOLLOW_N,
		MSG_HO_COVERAGE_COL,
	};
	struct json_object	*rows, *total;
	size_t			 i, n;

	html_elem(b, "h2", web_t(r, MSG_HO_COVERAGE), "id", "coverage-title");
	html_elem(b, "p", web_t(r, MSG_HO_COVERAGE_HINT), "class", "hint");
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "id", "coverage", "class", "coverage",
	    "aria-labelledby", "coverage-title");
	html_open(b, "thead");
	html_open(b, "tr");
	html_elem(b, "th", web_t(r, MSG_LIST_COUNTY), "scope", "col");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		html_elem(b, "th", web_t(r, cols[i]), "scope", "col",
		    "class", "num");
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	if (json_object_object_get_ex(j, "coverage", &rows) &&
	    json_object_is_type(rows, json_type_array)) {
		n = json_object_array_length(rows);
		for (i = 0; i < n; i++)
			coverage_row(r, b, json_object_array_get_idx(rows, i), 0);
	}
	html_close(b, "tbody");
	if (json_object_object_get_ex(j, "total", &total)) {
		html_open(b, "tfoot");
		coverage_row(r, b, total, 1);
		html_close(b, "tfoot");
	}
	html_close(b, "table");
	html_close(b, "div");
}

/* The follow-up flags in words, each a tag. */
static void
flags(struct req *r, struct buf *b, struct json_object *c)
{
	struct json_object	*fl;
	const char		*f;
	size_t			 i, k, n;

	html_open(b, "td");
	if (!json_object_object_get_ex(c, "follow_up", &fl) ||
	    !json_object_is_type(fl, json_type_array) ||
	    (n = json_object_array_length(fl)) == 0) {
		html_text(b, "—");
		html_close(b, "td");
		return;
	}
	for (i = 0; i < n; i++) {
		f = json_object_get_string(json_object_array_get_idx(fl, i));
		for (k = 0; k < XFLAG__MAX; k++)
			if (f != NULL && strcmp(f, xflags[k].code) == 0)
				html_elem(b, "strong", web_t(r, xflags[k].label),
				    "class", k == XFLAG_COMMUNITY_BACKED ?
				    "tag grey" : "tag waiting");
	}
	html_close(b, "td");
}

static void
row(struct req *r, struct buf *b, struct json_object *c)
{
	const char	*st = web_jstr(c, "stage"), *co = web_jstr(c, "county");
	const char	*mode = web_jstr(c, "mode"), *v;
	int		 s = code_stage(st, strlen(st)), m;
	struct json_object *el;

	html_open(b, "tr");
	html_elem(b, "td", web_jstr(c, "code"), "class", "code");
	html_open(b, "th", "scope", "row");
	html_elem(b, "a", web_jstr(c, "name"), "href",
	    arena_printf(r->a, "/communities/%lld", web_jint(c, "id")));
	html_close(b, "th");
	html_elem(b, "td", msg_county((enum lang)r->lang,
	    (enum county)code_county(co, strlen(co))));
	html_open(b, "td");
	html_elem(b, "strong", msg_stage((enum lang)r->lang, (enum stage)s),
	    "class", s == STAGE_MANAGED ? "tag done" : "tag");
	html_close(b, "td");
	v = web_jstr(c, "accepted_on");
	html_elem(b, "td", *v != '\0' ? v : "—");
	num(b, web_jstr(c, "days_since_acceptance"));
	m = code_mode(mode, strlen(mode));
	html_elem(b, "td", m >= 0 ? msg_mode((enum lang)r->lang, m) : "—");
	v = web_jstr(c, m == MODE_COMMUNITY ? "managing_committee" : "company");
	html_elem(b, "td", *v != '\0' ? v : "—", "class", "wrap");
	v = web_jstr(c, "contract_end");
	html_elem(b, "td", *v != '\0' ? v : "—");
	num(b, web_jstr(c, "days_to_contract_end"));
	if (json_object_object_get_ex(c, "subsidy_eligible", &el) && el != NULL)
		html_elem(b, "td", web_t(r, json_object_get_boolean(el) ?
		    MSG_YES : MSG_NO));
	else
		html_elem(b, "td", "—");
	flags(r, b, c);
	html_close(b, "tr");
}

static void
results(struct req *r, struct buf *b, struct json_object *j,
    const struct ho_params *hp)
{
	static const enum msg cols[] = {
		MSG_LIST_CODE, MSG_LIST_NAME, MSG_LIST_COUNTY, MSG_LIST_STAGE,
		MSG_X_DATE_ACCEPTED, MSG_HO_DAYS_WAITING, MSG__MAX,
		MSG_HO_MANAGER, MSG__MAX, MSG_HO_DAYS_LEFT, MSG_HO_ELIGIBLE,
		MSG_HO_FOLLOW,
	};
	static const char *const fields[] = {
		NULL, NULL, NULL, NULL, NULL, NULL, "mode", NULL,
		"contract_end", NULL, NULL, NULL,
	};
	struct json_object	*items, *next;
	size_t			 i, n;
	const char		*label;

	html_elem(b, "h2", web_t(r, hp->list[0] == '\0' ? MSG_HO_LIST_ALL :
	    strcmp(hp->list, "waiting") == 0 ? MSG_HO_LIST_WAITING :
	    strcmp(hp->list, "managed") == 0 ? MSG_HO_LIST_MANAGED :
	    MSG_HO_LIST_FOLLOW), "id", "results-title");
	html_elem(b, "p", web_t(r, MSG_HO_ELIGIBLE_HINT), "class", "hint");
	if (!json_object_object_get_ex(j, "items", &items) ||
	    !json_object_is_type(items, json_type_array) ||
	    (n = json_object_array_length(items)) == 0) {
		html_elem(b, "p", web_t(r, MSG_HO_NONE), "class", "notice",
		    "id", "results");
		n = 0;
	} else {
		html_open(b, "div", "class", "table-wrap");
		html_open(b, "table", "id", "results", "class",
		    "communities handover", "aria-labelledby", "results-title");
		html_open(b, "thead");
		html_open(b, "tr");
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			label = cols[i] == MSG__MAX ?
			    msg_field((enum lang)r->lang, fields[i]) :
			    web_t(r, cols[i]);
			if (cols[i] == MSG_HO_DAYS_WAITING ||
			    cols[i] == MSG_HO_DAYS_LEFT)
				html_elem(b, "th", label, "scope", "col",
				    "class", "num");
			else
				html_elem(b, "th", label, "scope", "col");
		}
		html_close(b, "tr");
		html_close(b, "thead");
		html_open(b, "tbody");
		for (i = 0; i < n; i++)
			row(r, b, json_object_array_get_idx(items, i));
		html_close(b, "tbody");
		html_close(b, "table");
		html_close(b, "div");
	}
	next = NULL;
	json_object_object_get_ex(j, "next", &next);
	if (hp->after[0] == '\0' && (next == NULL || n == 0))
		return;
	html_open(b, "nav", "aria-label", web_t(r, MSG_LIST_PAGES));
	html_open(b, "ul", "class", "pagination");
	if (hp->after[0] != '\0') {
		html_open(b, "li");
		html_elem(b, "a", web_t(r, MSG_LIST_FIRST), "href",
		    link(r, "/handover", hp, NULL));
		html_close(b, "li");
	}
	if (next != NULL && n > 0) {
		html_open(b, "li");
		html_elem(b, "a", web_t(r, MSG_LIST_NEXT), "href",
		    link(r, "/handover", hp, json_object_get_string(next)),
		    "rel", "next");
		html_close(b, "li");
	}
	html_close(b, "ul");
	html_close(b, "nav");
}

/* The same report as files, with the page's filters. */
static void
downloads(struct req *r, struct buf *b, const struct ho_params *hp)
{
	html_open(b, "ul", "class", "downloads");
	html_open(b, "li");
	html_elem(b, "a", web_t(r, MSG_X_CSV), "href",
	    link(r, "/handover.csv", hp, NULL), "id", "handover-csv");
	html_close(b, "li");
	html_open(b, "li");
	html_elem(b, "a", web_t(r, MSG_X_XLSX), "href",
	    link(r, "/handover.xlsx", hp, NULL), "id", "handover-xlsx");
	html_close(b, "li");
	html_close(b, "ul");
}

enum jg_err
web_handover(struct req *r)
{
	struct ho_params	 hp;
	struct json_object	*j = NULL;
	struct buf		 q, b;
	enum jg_err		 e;
	int			 refused = 0;

	memset(&hp, 0, sizeof(hp));
	if (params(r, &hp) == -1)
		return req_fail(r, JG_BAD_REQUEST, "malformed query string");
	buf_init(&q, r->a);
	web_qadd(&q, "county", hp.county);
	web_qadd(&q, "batch", hp.batch);
	web_qadd(&q, "list", hp.list);
	web_qadd(&q, "after", hp.after);
	buf_printf(&q, "%slimit=%d", q.len > 0 ? "&" : "", HO_PAGE);
	/* The page reads the JSON, whatever files the browser accepts. */
	r->accept = NULL;
	e = web_call(r, api_handover, 0, q.p, NULL, &j);
	if (e == JG_BAD_REQUEST && form_field(web_error_field(r)))
		refused = 1;
	else if (e != JG_OK)
		return e;
	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_HANDOVER), "/handover");
	web_error_summary(r, &b);
	html_elem(&b, "h1", web_t(r, MSG_HANDOVER));
	html_elem(&b, "p", web_t(r, MSG_HO_LEAD), "class", "lead");
	filter_form(r, &b, &hp);
	if (!refused) {
		downloads(r, &b, &hp);
		coverage(r, &b, j);
		results(r, &b, j, &hp);
	}
	web_page_end(r, &b);
	web_answer(r, &b, refused ? 400 : 200);
	return JG_OK;
}
