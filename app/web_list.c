/*
 * web_list.c - 小区台账, the communities list: a GET form of filters
 * (county, stage, batch, name or code, order), the links to the ledger
 * of those filters as CSV and Excel files (web_export.c), one page of
 * results, and a link to the next page.
 *
 * The page holds no query of its own.  It turns its parameters into the
 * query of GET /api/v1/communities and calls that handler in-process, so
 * the filters, the county scope of street and county users, the plan's
 * priority order and the keyset cursor are the API's.  Paging is by the
 * cursor the API hands back ("next"), never by an offset: a page costs
 * the same however deep into the list it is.
 *
 * Page parameters: county, stage, batch, q, sort, after (and lang, read
 * by the dispatcher).  Others are ignored, as a browser's additions
 * should be; a query string that does not decode is a 400.  A value the
 * API refuses is shown next to its field, with the form kept; a bad
 * cursor (which only a hand-edited address has) is the 400 page.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "html.h"
#include "urlenc.h"
#include "web.h"

#define LIST_PAGE	50
#define LIST_VALMAX	512	/* longer than any value the API accepts */

struct list_params {
	char	 county[64];
	char	 stage[64];
	char	 batch[LIST_VALMAX];
	char	 q[LIST_VALMAX];
	char	 sort[16];
	char	 after[64];
};

/* The page's parameters; -1 when the query string is malformed. */
static int
params(struct req *r, struct list_params *lp)
{
	const char	*qs = r->query != NULL ? r->query : "";

	if (query_get(qs, "county", lp->county, sizeof(lp->county)) < 0 ||
	    query_get(qs, "stage", lp->stage, sizeof(lp->stage)) < 0 ||
	    query_get(qs, "batch", lp->batch, sizeof(lp->batch)) < 0 ||
	    query_get(qs, "q", lp->q, sizeof(lp->q)) < 0 ||
	    query_get(qs, "sort", lp->sort, sizeof(lp->sort)) < 0 ||
	    query_get(qs, "after", lp->after, sizeof(lp->after)) < 0)
		return -1;
	return 0;
}

/* The filters as a query: for the API and for the page's own links. */
static void
filters(struct buf *b, const struct list_params *lp)
{
	web_qadd(b, "county", lp->county);
	web_qadd(b, "stage", lp->stage);
	web_qadd(b, "batch", lp->batch);
	web_qadd(b, "q", lp->q);
	/* "id" is the API's default: the first page has one address. */
	if (strcmp(lp->sort, "id") != 0)
		web_qadd(b, "sort", lp->sort);
}

/* The fields of the form: an error there is the user's to correct. */
static int
form_field(const char *f)
{
	static const char *const names[] = {
		"county", "stage", "batch", "q", "sort",
	};
	size_t	 i;

	for (i = 0; f != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(f, names[i]) == 0)
			return 1;
	return 0;
}

static void
filter_form(struct req *r, struct buf *b, const struct list_params *lp)
{
	const char	*opts[2 * (STAGE__MAX + 1)];
	const char	*sorts[4];
	size_t		 i, n;

	html_form_get(b, "/communities");
	html_open(b, "fieldset", "class", "filters");
	html_elem(b, "legend", web_t(r, MSG_LIST_FILTERS));
	/* The API refuses a scoped user another county: none is offered. */
	web_county_filter(r, b, lp->county);
	opts[0] = "";
	opts[1] = web_t(r, MSG_LIST_ALL);
	for (i = 0, n = 1; i < STAGE__MAX; i++, n++) {
		opts[2 * n] = stages[i].code;
		opts[2 * n + 1] = msg_stage((enum lang)r->lang, (enum stage)i);
	}
	web_select(r, b, "stage", web_t(r, MSG_LIST_STAGE), NULL, lp->stage,
	    opts, n, 0);
	web_input(r, b, "text", "batch", web_t(r, MSG_LIST_BATCH),
	    web_t(r, MSG_LIST_BATCH_HINT), lp->batch);
	web_input(r, b, "search", "q", web_t(r, MSG_LIST_SEARCH),
	    web_t(r, MSG_LIST_SEARCH_HINT), lp->q);
	sorts[0] = "id";
	sorts[1] = web_t(r, MSG_LIST_SORT_ID);
	sorts[2] = "priority";
	sorts[3] = web_t(r, MSG_LIST_SORT_PRIORITY);
	web_select(r, b, "sort", web_t(r, MSG_LIST_SORT),
	    web_t(r, MSG_LIST_SORT_HINT),
	    lp->sort[0] != '\0' ? lp->sort : "id", sorts, 2, 0);
	html_close(b, "fieldset");
	html_elem(b, "button", web_t(r, MSG_LIST_APPLY), "type", "submit");
	html_elem(b, "a", web_t(r, MSG_LIST_CLEAR), "href", "/communities",
	    "class", "button secondary");
	html_form_end(b);
}

/* Whether key of o is absent or JSON null. */
static int
is_null(struct json_object *o, const char *key)
{
	struct json_object	*v;

	return !json_object_object_get_ex(o, key, &v) || v == NULL;
}

/*
 * The share of households agreeing, to a tenth of a percent, rounded
 * down as the API's order is (basis points); NULL without the data.
 */
static const char *
share(struct req *r, struct json_object *c)
{
	long long	 h = web_jint(c, "households"), k, bp;

	if (is_null(c, "consent_households") || h <= 0)
		return NULL;
	k = web_jint(c, "consent_households");
	bp = k * 10000 / h;
	return arena_printf(r->a, "%lld.%lld%%", bp / 100, bp % 100 / 10);
}

static void
row(struct req *r, struct buf *b, struct json_object *c)
{
	const char	*st = web_jstr(c, "stage"), *co = web_jstr(c, "county");
	const char	*v, *since = web_jstr(c, "stage_since");
	int		 s = code_stage(st, strlen(st));

	html_open(b, "tr");
	html_elem(b, "td", web_jstr(c, "code"), "class", "code");
	html_open(b, "th", "scope", "row");
	html_elem(b, "a", web_jstr(c, "name"), "href",
	    arena_printf(r->a, "/communities/%lld", web_jint(c, "id")));
	html_close(b, "th");
	html_elem(b, "td", msg_county((enum lang)r->lang,
	    (enum county)code_county(co, strlen(co))));
	html_elem(b, "td", web_jstr(c, "street"), "class", "wrap");
	html_open(b, "td");
	html_elem(b, "strong", msg_stage((enum lang)r->lang, (enum stage)s),
	    "class", s == STAGE_MANAGED ? "tag done" :
	    s == STAGE_WITHDRAWN ? "tag grey" : "tag");
	html_close(b, "td");
	v = web_jstr(c, "households");
	html_elem(b, "td", *v != '\0' ? v : "—", "class", "num");
	html_elem(b, "td", web_t(r, web_jbool(c, "dilapidated") ? MSG_YES :
	    MSG_NO));
	v = share(r, c);
	html_elem(b, "td", v != NULL ? v : "—", "class", "num");
	v = web_jstr(c, "batch");
	html_elem(b, "td", *v != '\0' ? v : "—", "class", "wrap");
	html_open(b, "td");
	html_elem(b, "time", arena_strndup(r->a, since, strlen(since) >= 10 ?
	    10 : strlen(since)), "datetime", since);
	html_close(b, "td");
	html_close(b, "tr");
}

static void
results(struct req *r, struct buf *b, struct json_object *j,
    const struct list_params *lp)
{
	static const enum msg cols[] = {
		MSG_LIST_CODE, MSG_LIST_NAME, MSG_LIST_COUNTY, MSG_LIST_STREET,
		MSG_LIST_STAGE, MSG_LIST_HOUSEHOLDS, MSG_LIST_DILAPIDATED,
		MSG_LIST_CONSENT, MSG_LIST_BATCH, MSG_LIST_STAGE_SINCE,
	};
	struct json_object	*items, *next;
	struct buf		 link;
	size_t			 i, n;

	if (!json_object_object_get_ex(j, "items", &items) ||
	    !json_object_is_type(items, json_type_array) ||
	    (n = json_object_array_length(items)) == 0) {
		html_elem(b, "p", web_t(r, MSG_LIST_NONE), "class", "notice",
		    "id", "results");
		n = 0;
	} else {
		html_open(b, "div", "class", "table-wrap");
		html_open(b, "table", "id", "results", "class", "communities");
		html_elem(b, "caption", web_t(r, MSG_LIST_RESULTS));
		html_open(b, "thead");
		html_open(b, "tr");
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			if (cols[i] == MSG_LIST_HOUSEHOLDS ||
			    cols[i] == MSG_LIST_CONSENT)
				html_elem(b, "th", web_t(r, cols[i]),
				    "scope", "col", "class", "num");
			else
				html_elem(b, "th", web_t(r, cols[i]),
				    "scope", "col");
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
	if (lp->after[0] == '\0' && (next == NULL || n == 0))
		return;
	html_open(b, "nav", "aria-label", web_t(r, MSG_LIST_PAGES));
	html_open(b, "ul", "class", "pagination");
	if (lp->after[0] != '\0') {
		buf_init(&link, r->a);
		buf_puts(&link, "/communities?");
		filters(&link, lp);
		if (link.p[link.len - 1] == '?')
			link.p[--link.len] = '\0';
		html_open(b, "li");
		html_elem(b, "a", web_t(r, MSG_LIST_FIRST), "href", link.p);
		html_close(b, "li");
	}
	if (next != NULL && n > 0) {
		buf_init(&link, r->a);
		buf_puts(&link, "/communities?");
		filters(&link, lp);
		web_qadd(&link, "after", json_object_get_string(next));
		html_open(b, "li");
		html_elem(b, "a", web_t(r, MSG_LIST_NEXT), "href", link.p,
		    "rel", "next");
		html_close(b, "li");
	}
	html_close(b, "ul");
	html_close(b, "nav");
}

/*
 * The ledger of these filters as CSV and Excel files (web_export.c):
 * every community they match, not this page of them.
 */
static void
downloads(struct req *r, struct buf *b, const struct list_params *lp)
{
	static const struct {
		const char	*path;
		const char	*id;
		enum msg	 text;
	} files[] = {
		{ "/communities.csv?", "ledger-csv", MSG_X_CSV },
		{ "/communities.xlsx?", "ledger-xlsx", MSG_X_XLSX },
	};
	struct buf	 link;
	size_t		 i;

	html_open(b, "section", "class", "downloads",
	    "aria-labelledby", "downloads-title");
	html_elem(b, "h2", web_t(r, MSG_X_EXPORT), "id", "downloads-title");
	html_elem(b, "p", web_t(r, MSG_X_EXPORT_HINT), "class", "hint");
	html_open(b, "ul", "class", "downloads");
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		buf_init(&link, r->a);
		buf_puts(&link, files[i].path);
		web_qadd(&link, "county", lp->county);
		web_qadd(&link, "stage", lp->stage);
		web_qadd(&link, "batch", lp->batch);
		web_qadd(&link, "q", lp->q);
		if (link.p[link.len - 1] == '?')
			link.p[--link.len] = '\0';
		html_open(b, "li");
		html_elem(b, "a", web_t(r, files[i].text), "href", link.p,
		    "id", files[i].id);
		html_close(b, "li");
	}
	html_close(b, "ul");
	html_close(b, "section");
}

enum jg_err
web_list(struct req *r)
{
	struct list_params	 lp;
	struct json_object	*j = NULL;
	struct buf		 q, b;
	enum jg_err		 e;
	int			 refused = 0;

	memset(&lp, 0, sizeof(lp));
	if (params(r, &lp) == -1)
		return req_fail(r, JG_BAD_REQUEST, "malformed query string");
	buf_init(&q, r->a);
	filters(&q, &lp);
	web_qadd(&q, "after", lp.after);
	buf_printf(&q, "%slimit=%d", q.len > 0 ? "&" : "", LIST_PAGE);
	e = web_call(r, api_community_list, 0, q.p, NULL, &j);
	if (e == JG_BAD_REQUEST && form_field(web_error_field(r)))
		refused = 1;
	else if (e != JG_OK)
		return e;
	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_COMMUNITIES), "/communities");
	web_error_summary(r, &b);
	html_elem(&b, "h1", web_t(r, MSG_COMMUNITIES));
	filter_form(r, &b, &lp);
	if (!refused) {
		downloads(r, &b, &lp);
		results(r, &b, j, &lp);
	}
	web_page_end(r, &b);
	web_answer(r, &b, refused ? 400 : 200);
	return JG_OK;
}
