/*
 * web_export.c - the downloads of the web pages: /communities.csv and
 * .xlsx (小区台账's filters: county, stage, batch, q) and /handover.csv
 * and .xlsx (物业移交台账's: county, batch, list).
 *
 * Each is the API's export handler behind the session cookie: the page's
 * parameters that are filters become the handler's query, the others a
 * browser carries along (sort, after, lang) are dropped, so the file is
 * exactly what the API gives for those filters, in the page's language,
 * scope and errors included (a county out of scope is the 403 page).
 */
#include <string.h>

#include "api.h"
#include "html.h"
#include "urlenc.h"
#include "web.h"

#define VALMAX	512

/*
 * r->query reduced to the parameters names[0..n) that have a value,
 * re-encoded.  -1 when the query string is malformed.
 */
static int
keep(struct req *r, const char *const *names, size_t n)
{
	const char	*qs = r->query != NULL ? r->query : "";
	char		 v[VALMAX], enc[3 * VALMAX + 1];
	struct buf	 b;
	size_t		 i;

	buf_init(&b, r->a);
	for (i = 0; i < n; i++) {
		if (query_get(qs, names[i], v, sizeof(v)) < 0)
			return -1;
		if (v[0] == '\0' || url_encode(v, enc, sizeof(enc)) < 0)
			continue;
		buf_printf(&b, "%s%s=%s", b.len > 0 ? "&" : "", names[i], enc);
	}
	r->query = b.p;
	return 0;
}

/*
 * Run the export fn for page (its filters in r->query).  A file over
 * the row cap (422) is a page saying so, with the way back to the
 * filters, rather than the generic error page.
 */
static enum jg_err
run(struct req *r, const char *page, enum jg_err (*fn)(struct req *))
{
	struct buf	 b;
	enum jg_err	 e;
	const char	*back;

	if ((e = fn(r)) != JG_INVALID)
		return e;
	r->disposition = NULL;
	back = r->query[0] != '\0' ?
	    arena_printf(r->a, "%s?%s", page, r->query) : page;
	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_X_TOO_MANY_TITLE), page);
	html_elem(&b, "h1", web_t(r, MSG_X_TOO_MANY_TITLE));
	html_elem(&b, "p", web_t(r, MSG_X_TOO_MANY_BODY));
	html_open(&b, "p");
	html_elem(&b, "a", web_t(r, MSG_X_BACK), "href", back);
	html_close(&b, "p");
	web_page_end(r, &b);
	web_answer(r, &b, 422);
	return JG_OK;
}

static enum jg_err
ledger(struct req *r, enum jg_err (*fn)(struct req *))
{
	static const char *const names[] = { "county", "stage", "batch", "q" };

	if (keep(r, names, sizeof(names) / sizeof(names[0])) == -1)
		return req_fail(r, JG_BAD_REQUEST, "malformed query string");
	return run(r, "/communities", fn);
}

static enum jg_err
handover(struct req *r, enum jg_err (*fn)(struct req *))
{
	static const char *const names[] = { "county", "batch", "list" };

	if (keep(r, names, sizeof(names) / sizeof(names[0])) == -1)
		return req_fail(r, JG_BAD_REQUEST, "malformed query string");
	return run(r, "/handover", fn);
}

enum jg_err
web_ledger_csv(struct req *r)
{
	return ledger(r, api_ledger_csv);
}

enum jg_err
web_ledger_xlsx(struct req *r)
{
	return ledger(r, api_ledger_xlsx);
}

enum jg_err
web_handover_csv(struct req *r)
{
	return handover(r, api_handover_csv);
}

enum jg_err
web_handover_xlsx(struct req *r)
{
	return handover(r, api_handover_xlsx);
}
