/*
 * api_ledger.c - 台账, the ledger: one row per community with its key
 * data, its stage and the day it entered each stage, its batch, consent,
 * selected items and their estimate, funding planned and received, and
 * its management (docs/exports.md).
 *
 *   GET /api/v1/reports/ledger        JSON pages (limit, after: keyset
 *                                     on id), or the CSV file when the
 *                                     Accept header asks for text/csv
 *   GET /api/v1/reports/ledger.csv    the CSV file
 *   GET /api/v1/reports/ledger.xlsx   the Excel workbook
 *
 * The filters are the communities list's (county, stage, batch, q), and
 * so is the scope: a street or county user's rows are their county's,
 * and asking for another county is a 403.  The web's /communities.csv
 * and .xlsx (web_export.c) are these handlers behind the session cookie.
 *
 * A file holds at most LEDGER_MAX rows: a bigger ledger is refused (422)
 * before any work, with the advice to narrow it by county, stage or
 * batch.  The rows are read in chunks of LEDGER_CHUNK by a keyset on id
 * (never an offset), all inside one read-only REPEATABLE READ
 * transaction, so the file is the ledger as of one moment however long
 * it takes to write, and the count checked first is its exact size.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "export.h"
#include "urlenc.h"

#define LEDGER_MAX	EXPORT_MAX_ROWS
#define LEDGER_CHUNK	1000	/* rows per statement */
#define LEDGER_PAGE	100	/* a JSON page, by default */
#define LEDGER_PAGE_MAX	1000

/* The statement's columns up to the stage dates, then after them. */
#define SQL_DATES	13	/* "declared=2016-04-01,surveyed=..." */
#define SQL_NCOLS	23

/*
 * The ledger's columns: the statement's, with its one column of stage
 * dates spread over one column per stage (COL_DATES + enum stage).
 */
static const struct xcol cols[] = {
	{ "id", MSG__MAX, XC_INT, 8, XC_JSON_ONLY },
	{ "code", MSG_LIST_CODE, XC_TEXT, 16, 0 },
	{ "name", MSG__MAX, XC_TEXT, 24, 0 },
	{ "county", MSG__MAX, XC_COUNTY, 10, 0 },
	{ "street", MSG__MAX, XC_TEXT, 16, 0 },
	{ "committee", MSG__MAX, XC_TEXT, 16, 0 },
	{ "address", MSG__MAX, XC_TEXT, 28, 0 },
	{ "built_year", MSG__MAX, XC_INT, 8, 0 },
	{ "buildings", MSG__MAX, XC_INT, 8, 0 },
	{ "households", MSG__MAX, XC_INT, 8, 0 },
	{ "floor_area_m2", MSG__MAX, XC_DECIMAL, 14, 0 },
	{ "dilapidated", MSG__MAX, XC_BOOL, 8, 0 },
	{ "stage", MSG_LIST_STAGE, XC_STAGE, 12, 0 },
	/* COL_DATES: one per stage, in enum stage order. */
	{ "declared_on", MSG_X_DATE_DECLARED, XC_DATE, 12, 0 },
	{ "surveyed_on", MSG_X_DATE_SURVEYED, XC_DATE, 12, 0 },
	{ "piloted_on", MSG_X_DATE_PILOTED, XC_DATE, 12, 0 },
	{ "renovated_on", MSG_X_DATE_RENOVATED, XC_DATE, 12, 0 },
	{ "accepted_on", MSG_X_DATE_ACCEPTED, XC_DATE, 12, 0 },
	{ "managed_on", MSG_X_DATE_MANAGED, XC_DATE, 12, 0 },
	{ "withdrawn_on", MSG_X_DATE_WITHDRAWN, XC_DATE, 12, 0 },
	{ "batch", MSG__MAX, XC_TEXT, 12, 0 },
	{ "consent_households", MSG__MAX, XC_INT, 10, 0 },
	{ "items_selected", MSG_X_ITEMS_SELECTED, XC_INT, 8, 0 },
	{ "estimate_yuan", MSG_X_ESTIMATE, XC_MONEY, 16, 0 },
	{ "funding_planned_yuan", MSG_X_PLANNED, XC_MONEY, 16, 0 },
	{ "funding_received_yuan", MSG_X_RECEIVED, XC_MONEY, 16, 0 },
	{ "mode", MSG__MAX, XC_MODE, 12, 0 },
	{ "company", MSG__MAX, XC_TEXT, 20, 0 },
	{ "contract_end", MSG__MAX, XC_DATE, 12, 0 },
};
#define NCOLS		(sizeof(cols) / sizeof(cols[0]))
#define COL_DATES	SQL_DATES
_Static_assert(NCOLS == SQL_NCOLS - 1 + STAGE__MAX, "ledger columns");
_Static_assert(STAGE__MAX == 7, "one date column per stage in cols[]");

/* The filters as statement parameters ($1..$6 of LIST_FILTER). */
struct ledger_q {
	char		 county[64], stage[64], q[256], batch[256];
	char		 after[32], limit[16];
	const char	*p[6];
	long		 nlimit;
};

/* A batch as the list takes it: 1 to 40 characters. */
static int
batch_ok(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n >= 1 && n <= 40;
}

/*
 * Read and check the query string.  file: an export, which holds every
 * row and so takes no limit or after.  Scope: a scoped user's county
 * is forced, and asking for another one is a 403.
 */
static enum jg_err
ledger_params(struct req *r, struct ledger_q *lq, int file)
{
	static const char *const names[] = {
		"county", "stage", "q", "batch", "limit", "after",
	};
	const char	*qs = r->query != NULL ? r->query : "";
	char		 bad[64], *end;
	long long	 a;
	int		 c;

	memset(lq, 0, sizeof(*lq));
	if (!query_only(qs, names, sizeof(names) / sizeof(names[0]), bad,
	    sizeof(bad)))
		return req_fail_field(r, JG_BAD_REQUEST, arena_strdup(r->a, bad),
		    "unknown or repeated query parameter");
	if ((c = query_get(qs, "county", lq->county, sizeof(lq->county))) < 0 ||
	    (c == 1 && code_county(lq->county, strlen(lq->county)) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "county", "unknown county");
	if (c == 1)
		lq->p[0] = lq->county;
	if ((c = query_get(qs, "stage", lq->stage, sizeof(lq->stage))) < 0 ||
	    (c == 1 && code_stage(lq->stage, strlen(lq->stage)) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "stage", "unknown stage");
	if (c == 1)
		lq->p[1] = lq->stage;
	if ((c = query_get(qs, "q", lq->q, sizeof(lq->q))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "q", "malformed search");
	if (c == 1 && lq->q[0] != '\0')
		lq->p[2] = lq->q;
	if ((c = query_get(qs, "batch", lq->batch, sizeof(lq->batch))) < 0 ||
	    (c == 1 && !batch_ok(lq->batch)))
		return req_fail_field(r, JG_BAD_REQUEST, "batch",
		    "invalid batch: 1 to 40 characters");
	if (c == 1)
		lq->p[5] = lq->batch;
	if ((c = query_get(qs, "after", lq->after, sizeof(lq->after))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "after", "malformed cursor");
	if (c == 1 && file)
		return req_fail_field(r, JG_BAD_REQUEST, "after",
		    "a file holds every row: after is for JSON pages");
	if (c == 1) {
		a = strtoll(lq->after, &end, 10);
		if (end == lq->after || *end != '\0' || a < 0 ||
		    strlen(lq->after) > 15)
			return req_fail_field(r, JG_BAD_REQUEST, "after",
			    "the cursor is a number");
		lq->p[3] = lq->after;
	}
	lq->nlimit = LEDGER_PAGE;
	if ((c = query_get(qs, "limit", lq->limit, sizeof(lq->limit))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "limit", "malformed limit");
	if (c == 1 && file)
		return req_fail_field(r, JG_BAD_REQUEST, "limit",
		    "a file holds every row: limit is for JSON pages");
	if (c == 1) {
		lq->nlimit = strtol(lq->limit, &end, 10);
		if (end == lq->limit || *end != '\0' || lq->nlimit < 1 ||
		    lq->nlimit > LEDGER_PAGE_MAX)
			return req_fail_field(r, JG_BAD_REQUEST, "limit",
			    "limit is 1 to 1000");
	}
	/* Scoped organisations see their own county only. */
	if (depts[r->actor.dept].scoped) {
		if (lq->p[0] != NULL &&
		    code_county(lq->county, strlen(lq->county)) != r->actor.county)
			return api_deny(r, WF_DENY_SCOPE);
		lq->p[0] = counties[r->actor.county].code;
	}
	return JG_OK;
}

/*
 * Row i of res as the values of cols[] into v (NCOLS): the stage dates
 * split out of their one column, copies on arena a.
 */
static void
ledger_vals(struct arena *a, PGresult *res, int i, const char **v)
{
	const char	*d, *eq, *end;
	char		*s;
	int		 j, k, st;

	for (j = 0, k = 0; j < SQL_NCOLS; j++) {
		if (j == SQL_DATES) {
			for (st = 0; st < STAGE__MAX; st++)
				v[k + st] = NULL;
			d = PQgetisnull(res, i, j) ? "" : PQgetvalue(res, i, j);
			for (; *d != '\0'; d = *end == ',' ? end + 1 : end) {
				if ((end = strchr(d, ',')) == NULL)
					end = d + strlen(d);
				eq = memchr(d, '=', (size_t)(end - d));
				if (eq == NULL)
					continue;
				st = code_stage(d, (size_t)(eq - d));
				if (st < 0)
					continue;
				s = arena_strndup(a, eq + 1, (size_t)(end - eq - 1));
				v[k + st] = s;
			}
			k += STAGE__MAX;
			continue;
		}
		v[k++] = PQgetisnull(res, i, j) ? NULL : PQgetvalue(res, i, j);
	}
}

/* A JSON page: {"items": [...], "next": the last id or null}. */
static enum jg_err
ledger_json(struct req *r, struct ledger_q *lq)
{
	const char	*v[NCOLS];
	PGresult	*res;
	struct buf	 b;
	enum jg_err	 e;
	int		 i, n;

	lq->p[4] = api_num(r, lq->nlimit);
	if ((e = db_exec(r->a, STMT_LEDGER_ROWS, lq->p, &res)) != JG_OK)
		return e;
	n = PQntuples(res);
	buf_init(&b, r->a);
	buf_puts(&b, "{\"items\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		ledger_vals(r->a, res, i, v);
		export_json_row(&b, cols, NCOLS, v);
	}
	buf_puts(&b, "],\"next\":");
	if (n > 0 && n == lq->nlimit)
		buf_json_str(&b, PQgetvalue(res, n - 1, 0));
	else
		buf_puts(&b, "null");
	buf_putc(&b, '}');
	api_answer(r, 200, b.p);
	return JG_OK;
}

/* The rows into x, chunk by chunk, inside the caller's transaction. */
static enum jg_err
ledger_rows(struct req *r, struct ledger_q *lq, struct export *x)
{
	struct arena	 ca;		/* one chunk's results and copies */
	const char	*v[NCOLS];
	char		 last[32];
	PGresult	*res;
	enum jg_err	 e;
	long		 total = 0;
	int		 i, n;

	lq->p[4] = api_num(r, LEDGER_MAX + 1);
	if ((e = db_exec(r->a, STMT_LEDGER_COUNT, lq->p, &res)) != JG_OK)
		return e;
	if (atol(PQgetvalue(res, 0, 0)) > LEDGER_MAX) {
		r->err_details = arena_printf(r->a, "{\"rows_max\":%d}",
		    LEDGER_MAX);
		return req_fail(r, JG_INVALID, arena_printf(r->a, "the ledger "
		    "would have more than %d rows: narrow it by county, stage "
		    "or batch", LEDGER_MAX));
	}
	export_sheet(x, msg((enum lang)r->lang, MSG_X_SHEET_LEDGER), cols,
	    NCOLS);
	memset(&ca, 0, sizeof(ca));
	lq->p[4] = api_num(r, LEDGER_CHUNK);
	lq->p[3] = NULL;
	do {
		if ((e = db_exec(&ca, STMT_LEDGER_ROWS, lq->p, &res)) != JG_OK) {
			arena_free(&ca);
			return e;
		}
		n = PQntuples(res);
		for (i = 0; i < n && total < LEDGER_MAX; i++, total++) {
			ledger_vals(&ca, res, i, v);
			export_row(x, v);
		}
		if (n > 0) {
			snprintf(last, sizeof(last), "%s", PQgetvalue(res, n - 1, 0));
			lq->p[3] = last;
		}
		/* The chunk's results and copies go; the file keeps its rows. */
		arena_reset(&ca);
	} while (n == LEDGER_CHUNK && total < LEDGER_MAX);
	arena_free(&ca);
	return JG_OK;
}

/* The ledger as a file of format fmt. */
static enum jg_err
ledger_file(struct req *r, enum export_fmt fmt)
{
	struct ledger_q	 lq;
	struct export	 x;
	enum jg_err	 e;

	if ((e = ledger_params(r, &lq, 1)) != JG_OK)
		return e;
	if ((e = export_begin(&x, r, fmt)) != JG_OK)
		return e;
	if ((e = db_exec(r->a, STMT_EXPORT_BEGIN, NULL, NULL)) != JG_OK)
		return e;
	if ((e = db_exec(r->a, STMT_EXPORT_NOJIT, NULL, NULL)) != JG_OK) {
		db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
		return e;
	}
	e = ledger_rows(r, &lq, &x);
	/* Read only: ending it either way changes nothing. */
	if (e == JG_OK)
		e = db_exec(r->a, STMT_COMMIT, NULL, NULL);
	else
		db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
	if (e != JG_OK)
		return e;
	return export_end(&x, "jiugai-ledger",
	    msg((enum lang)r->lang, MSG_X_FILE_LEDGER));
}

enum jg_err
api_ledger(struct req *r)
{
	struct ledger_q	 lq;
	enum jg_err	 e;

	if (export_wants_csv(r->accept))
		return ledger_file(r, EXPORT_CSV);
	if ((e = ledger_params(r, &lq, 0)) != JG_OK)
		return e;
	return ledger_json(r, &lq);
}

enum jg_err
api_ledger_csv(struct req *r)
{
	return ledger_file(r, EXPORT_CSV);
}

enum jg_err
api_ledger_xlsx(struct req *r)
{
	return ledger_file(r, EXPORT_XLSX);
}
