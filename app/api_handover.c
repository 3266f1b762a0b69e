/*
 * api_handover.c - 物业移交台账, hand-over tracking for the housing
 * bureau (seed §2(4): every renovated community gets property
 * management, professional or community-backed, "避免前改后乱").
 *
 *   GET /api/v1/reports/handover[.csv|.xlsx]?county=&batch=&list=
 *
 * Rows are the communities accepted and waiting for hand-over (with the
 * days since acceptance, from stage_since) and those managed (mode,
 * company or committee, contract, days left on it, and whether the
 * property-management subsidy applies: professional management under a
 * contract of 3 years or more, HO_SUBSIDY_ELIGIBLE in db_stmts.c).  A
 * managed community is flagged for follow-up when its professional
 * contract has ended or ends within 90 days, or when the community
 * backs the management itself (社区托底).  list= narrows the rows:
 * waiting, managed or follow_up.  The coverage is per county: managed /
 * (accepted + managed), in basis points, rounded half up, computed here
 * from whole numbers.
 *
 * JSON pages go by a keyset on (stage_since, id), longest waiting first;
 * the cursor "next" is "<microseconds>.<id>", passed back as after=.
 * Files (CSV: the rows; .xlsx: the rows and a sheet of the coverage)
 * hold at most HO_MAX rows, read in chunks inside one read-only
 * snapshot, as the ledger's are (api_ledger.c).  Scope as the lists:
 * scoped users get their county, another county is a 403.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "export.h"
#include "urlenc.h"

#define HO_MAX		EXPORT_MAX_ROWS
#define HO_CHUNK	1000
#define HO_PAGE		50
#define HO_PAGE_MAX	500

enum ho_list {
	HO_LIST_WAITING,
	HO_LIST_MANAGED,
	HO_LIST_FOLLOW_UP,
	HO_LIST__MAX
};

static const char *const lists[HO_LIST__MAX] = {
	"waiting", "managed", "follow_up",
};

/* The rows: the statement's columns but its last (the cursor's time). */
static const struct xcol rcols[] = {
	{ "id", MSG__MAX, XC_INT, 8, XC_JSON_ONLY },
	{ "code", MSG_LIST_CODE, XC_TEXT, 16, 0 },
	{ "name", MSG__MAX, XC_TEXT, 24, 0 },
	{ "county", MSG__MAX, XC_COUNTY, 10, 0 },
	{ "street", MSG__MAX, XC_TEXT, 16, 0 },
	{ "stage", MSG_LIST_STAGE, XC_STAGE, 12, 0 },
	{ "accepted_on", MSG_X_DATE_ACCEPTED, XC_DATE, 12, 0 },
	{ "days_since_acceptance", MSG_HO_DAYS_WAITING, XC_INT, 10, 0 },
	{ "managed_on", MSG_X_DATE_MANAGED, XC_DATE, 12, 0 },
	{ "mode", MSG__MAX, XC_MODE, 12, 0 },
	{ "company", MSG__MAX, XC_TEXT, 20, 0 },
	{ "managing_committee", MSG__MAX, XC_TEXT, 16, 0 },
	{ "contract_start", MSG__MAX, XC_DATE, 12, 0 },
	{ "contract_end", MSG__MAX, XC_DATE, 12, 0 },
	{ "days_to_contract_end", MSG_HO_DAYS_LEFT, XC_INT, 10, 0 },
	{ "managed_area_m2", MSG__MAX, XC_DECIMAL, 14, 0 },
	{ "fee_yuan_per_m2_month", MSG__MAX, XC_MONEY, 12, 0 },
	{ "subsidy_eligible", MSG_HO_ELIGIBLE, XC_BOOL, 10, 0 },
	{ "follow_up", MSG_HO_FOLLOW, XC_FLAGS, 24, 0 },
};
#define NRCOLS		(sizeof(rcols) / sizeof(rcols[0]))
#define SQL_CURSOR	NRCOLS	/* stage_since in microseconds */

/* The coverage of one county, or of them all. */
enum cov {
	COV_WAITING,
	COV_MANAGED,
	COV_PROFESSIONAL,
	COV_COMMUNITY,
	COV_ELIGIBLE,
	COV_FOLLOW_UP,
	COV__MAX
};

static const struct xcol ccols[] = {
	{ "county", MSG__MAX, XC_COUNTY, 14, 0 },
	{ "waiting", MSG_HO_WAITING_N, XC_INT, 12, 0 },
	{ "managed", MSG_HO_MANAGED_N, XC_INT, 12, 0 },
	{ "professional", MSG_HO_PROFESSIONAL_N, XC_INT, 12, 0 },
	{ "community_backed", MSG_HO_COMMUNITY_N, XC_INT, 12, 0 },
	{ "subsidy_eligible", MSG_HO_ELIGIBLE_N, XC_INT, 12, 0 },
	{ "follow_up", MSG_HO_FOLLOW_N, XC_INT, 12, 0 },
	{ "coverage", MSG_HO_COVERAGE_COL, XC_RATIO, 12, 0 },
};
#define NCCOLS		(sizeof(ccols) / sizeof(ccols[0]))
_Static_assert(NCCOLS == 1 + COV__MAX + 1, "coverage columns");

struct ho_q {
	char		 county[64], batch[256], list[32], after[48], limit[16];
	char		 at_us[24], at_id[24];
	const char	*p[7];
	int		 list_i;	/* enum ho_list, -1: every row */
	long		 nlimit;
	long long	 cov[COUNTY__MAX][COV__MAX];
	long long	 total[COV__MAX];
	int		 shown[COUNTY__MAX];	/* counties the answer covers */
};

static int
batch_ok(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n >= 1 && n <= 40;
}

/* "<digits>.<digits>" into its two halves; -1 when it is not one. */
static int
cursor_split(const char *s, char *us, char *id, size_t sz)
{
	const char	*dot = strchr(s, '.'), *p;

	if (dot == NULL || dot == s || dot[1] == '\0' ||
	    (size_t)(dot - s) >= sz || strlen(dot + 1) >= sz ||
	    dot - s > 18 || strlen(dot + 1) > 18)
		return -1;
	for (p = s; *p != '\0'; p++)
		if (p != dot && !isdigit((unsigned char)*p))
			return -1;
	memcpy(us, s, (size_t)(dot - s));
	us[dot - s] = '\0';
	snprintf(id, sz, "%s", dot + 1);
	return 0;
}

static enum jg_err
ho_params(struct req *r, struct ho_q *hq, int file)
{
	static const char *const names[] = {
		"county", "batch", "list", "limit", "after",
	};
	const char	*qs = r->query != NULL ? r->query : "";
	char		 bad[64], *end;
	int		 c, i;

	memset(hq, 0, sizeof(*hq));
	hq->list_i = -1;
	if (!query_only(qs, names, sizeof(names) / sizeof(names[0]), bad,
	    sizeof(bad)))
		return req_fail_field(r, JG_BAD_REQUEST, arena_strdup(r->a, bad),
		    "unknown or repeated query parameter");
	if ((c = query_get(qs, "county", hq->county, sizeof(hq->county))) < 0 ||
	    (c == 1 && code_county(hq->county, strlen(hq->county)) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "county", "unknown county");
	if (c == 1)
		hq->p[0] = hq->county;
	if ((c = query_get(qs, "batch", hq->batch, sizeof(hq->batch))) < 0 ||
	    (c == 1 && !batch_ok(hq->batch)))
		return req_fail_field(r, JG_BAD_REQUEST, "batch",
		    "invalid batch: 1 to 40 characters");
	if (c == 1)
		hq->p[1] = hq->batch;
	if ((c = query_get(qs, "list", hq->list, sizeof(hq->list))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "list", "malformed list");
	if (c == 1 && hq->list[0] != '\0') {
		for (i = 0; i < HO_LIST__MAX; i++)
			if (strcmp(hq->list, lists[i]) == 0)
				break;
		if (i == HO_LIST__MAX)
			return req_fail_field(r, JG_BAD_REQUEST, "list",
			    "list is waiting, managed or follow_up");
		hq->list_i = i;
		hq->p[2] = lists[i];
	}
	if ((c = query_get(qs, "after", hq->after, sizeof(hq->after))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "after", "malformed cursor");
	if (c == 1 && file)
		return req_fail_field(r, JG_BAD_REQUEST, "after",
		    "a file holds every row: after is for JSON pages");
	if (c == 1) {
		if (cursor_split(hq->after, hq->at_us, hq->at_id,
		    sizeof(hq->at_us)) == -1)
			return req_fail_field(r, JG_BAD_REQUEST, "after",
			    "not a cursor of this report: pass next as it was given");
		hq->p[3] = hq->at_us;
		hq->p[4] = hq->at_id;
	}
	hq->nlimit = HO_PAGE;
	if ((c = query_get(qs, "limit", hq->limit, sizeof(hq->limit))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "limit", "malformed limit");
	if (c == 1 && file)
		return req_fail_field(r, JG_BAD_REQUEST, "limit",
		    "a file holds every row: limit is for JSON pages");
	if (c == 1) {
		hq->nlimit = strtol(hq->limit, &end, 10);
		if (end == hq->limit || *end != '\0' || hq->nlimit < 1 ||
		    hq->nlimit > HO_PAGE_MAX)
			return req_fail_field(r, JG_BAD_REQUEST, "limit",
			    "limit is 1 to 500");
	}
	if (depts[r->actor.dept].scoped) {
		if (hq->p[0] != NULL &&
		    code_county(hq->county, strlen(hq->county)) != r->actor.county)
			return api_deny(r, WF_DENY_SCOPE);
		hq->p[0] = counties[r->actor.county].code;
	}
	hq->p[6] = export_today(r);
	return JG_OK;
}

/* The coverage figures of the counties in the answer, and their total. */
static enum jg_err
ho_coverage(struct req *r, struct ho_q *hq)
{
	const char	*p[3] = { hq->p[0], hq->p[1], hq->p[6] };
	PGresult	*res;
	enum jg_err	 e;
	const char	*co;
	int		 i, k, n, c;

	if ((e = db_exec(r->a, STMT_HANDOVER_COVERAGE, p, &res)) != JG_OK)
		return e;
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		co = PQgetvalue(res, i, 0);
		if ((c = code_county(co, strlen(co))) < 0)
			continue;
		for (k = 0; k < COV__MAX; k++)
			hq->cov[c][k] = atoll(PQgetvalue(res, i, 1 + k));
	}
	/* Every county the filters name, with its zeros: a gap is news too. */
	for (c = 0; c < COUNTY__MAX; c++) {
		hq->shown[c] = hq->p[0] == NULL ||
		    strcmp(hq->p[0], counties[c].code) == 0;
		if (!hq->shown[c])
			continue;
		for (k = 0; k < COV__MAX; k++)
			hq->total[k] += hq->cov[c][k];
	}
	return JG_OK;
}

/* managed / (waiting + managed) as "0.6667", half up; NULL for 0 / 0. */
static const char *
ratio(struct req *r, const long long *v)
{
	long long	 den = v[COV_WAITING] + v[COV_MANAGED], bp;

	if (den <= 0)
		return NULL;
	bp = (v[COV_MANAGED] * 20000 + den) / (2 * den);
	return arena_printf(r->a, "%lld.%04lld", bp / 10000, bp % 10000);
}

/* One coverage row's values (county NULL: the total, named label). */
static void
cov_vals(struct req *r, const char *county, const long long *v,
    const char **out)
{
	int	 k;

	out[0] = county;
	for (k = 0; k < COV__MAX; k++)
		out[1 + k] = api_num(r, v[k]);
	out[1 + COV__MAX] = ratio(r, v);
}

static void
row_vals(PGresult *res, int i, const char **v)
{
	size_t	 j;

	for (j = 0; j < NRCOLS; j++)
		v[j] = PQgetisnull(res, i, (int)j) ? NULL :
		    PQgetvalue(res, i, (int)j);
}

static enum jg_err
ho_json(struct req *r, struct ho_q *hq)
{
	const char	*v[NRCOLS], *cv[NCCOLS];
	PGresult	*res;
	struct buf	 b;
	enum jg_err	 e;
	int		 i, n, c, first = 1;

	if ((e = ho_coverage(r, hq)) != JG_OK)
		return e;
	hq->p[5] = api_num(r, hq->nlimit);
	if ((e = db_exec(r->a, STMT_HANDOVER_ROWS, hq->p, &res)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	buf_puts(&b, "{\"as_of\":");
	buf_json_str(&b, hq->p[6]);
	buf_puts(&b, ",\"list\":");
	if (hq->list_i >= 0)
		buf_json_str(&b, lists[hq->list_i]);
	else
		buf_puts(&b, "null");
	buf_puts(&b, ",\"coverage\":[");
	for (c = 0; c < COUNTY__MAX; c++) {
		if (!hq->shown[c])
			continue;
		if (!first)
			buf_putc(&b, ',');
		first = 0;
		cov_vals(r, counties[c].code, hq->cov[c], cv);
		export_json_row(&b, ccols, NCCOLS, cv);
	}
	buf_puts(&b, "],\"total\":");
	cov_vals(r, NULL, hq->total, cv);
	export_json_row(&b, ccols, NCCOLS, cv);
	buf_puts(&b, ",\"items\":[");
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(&b, ',');
		row_vals(res, i, v);
		export_json_row(&b, rcols, NRCOLS, v);
	}
	buf_puts(&b, "],\"next\":");
	if (n > 0 && n == hq->nlimit)
		buf_json_str(&b, arena_printf(r->a, "%s.%s",
		    PQgetvalue(res, n - 1, SQL_CURSOR), PQgetvalue(res, n - 1, 0)));
	else
		buf_puts(&b, "null");
	buf_putc(&b, '}');
	api_answer(r, 200, b.p);
	return JG_OK;
}

/* How many rows the list would hold, from the coverage's totals. */
static long long
ho_count(const struct ho_q *hq)
{
	switch (hq->list_i) {
	case HO_LIST_WAITING:
		return hq->total[COV_WAITING];
	case HO_LIST_MANAGED:
		return hq->total[COV_MANAGED];
	case HO_LIST_FOLLOW_UP:
		return hq->total[COV_FOLLOW_UP];
	default:
		return hq->total[COV_WAITING] + hq->total[COV_MANAGED];
	}
}

/* Both sheets into x, inside the caller's snapshot. */
static enum jg_err
ho_sheets(struct req *r, struct ho_q *hq, struct export *x)
{
	struct arena	 ca;
	const char	*v[NRCOLS], *cv[NCCOLS];
	char		 us[24], id[24];
	PGresult	*res;
	enum jg_err	 e;
	long		 total = 0;
	int		 i, n, c;

	if ((e = ho_coverage(r, hq)) != JG_OK)
		return e;
	if (ho_count(hq) > HO_MAX) {
		r->err_details = arena_printf(r->a, "{\"rows_max\":%d}", HO_MAX);
		return req_fail(r, JG_INVALID, arena_printf(r->a, "the report "
		    "would have more than %d rows: narrow it by county, batch "
		    "or list", HO_MAX));
	}
	export_sheet(x, msg((enum lang)r->lang, MSG_HANDOVER), rcols, NRCOLS);
	memset(&ca, 0, sizeof(ca));
	hq->p[3] = hq->p[4] = NULL;
	hq->p[5] = api_num(r, HO_CHUNK);
	do {
		if ((e = db_exec(&ca, STMT_HANDOVER_ROWS, hq->p, &res)) != JG_OK) {
			arena_free(&ca);
			return e;
		}
		n = PQntuples(res);
		for (i = 0; i < n && total < HO_MAX; i++, total++) {
			row_vals(res, i, v);
			export_row(x, v);
		}
		if (n > 0) {
			snprintf(us, sizeof(us), "%s", PQgetvalue(res, n - 1,
			    SQL_CURSOR));
			snprintf(id, sizeof(id), "%s", PQgetvalue(res, n - 1, 0));
			hq->p[3] = us;
			hq->p[4] = id;
		}
		arena_reset(&ca);
	} while (n == HO_CHUNK && total < HO_MAX);
	arena_free(&ca);
	/* The coverage: a sheet of its own (a CSV file holds the rows only). */
	export_sheet(x, msg((enum lang)r->lang, MSG_HO_SHEET_COVERAGE),
	    ccols, NCCOLS);
	for (c = 0; c < COUNTY__MAX; c++) {
		if (!hq->shown[c])
			continue;
		cov_vals(r, counties[c].code, hq->cov[c], cv);
		export_row(x, cv);
	}
	cov_vals(r, msg((enum lang)r->lang, MSG_HO_TOTAL), hq->total, cv);
	export_row(x, cv);
	return JG_OK;
}

static enum jg_err
ho_file(struct req *r, enum export_fmt fmt)
{
	struct ho_q	*hq = arena_alloc(r->a, sizeof(*hq));
	struct export	 x;
	enum jg_err	 e;

	if ((e = ho_params(r, hq, 1)) != JG_OK)
		return e;
	if ((e = export_begin(&x, r, fmt)) != JG_OK)
		return e;
	if ((e = db_exec(r->a, STMT_EXPORT_BEGIN, NULL, NULL)) != JG_OK)
		return e;
	if ((e = db_exec(r->a, STMT_EXPORT_NOJIT, NULL, NULL)) != JG_OK) {
		db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
		return e;
	}
	e = ho_sheets(r, hq, &x);
	if (e == JG_OK)
		e = db_exec(r->a, STMT_COMMIT, NULL, NULL);
	else
		db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
	if (e != JG_OK)
		return e;
	return export_end(&x, "jiugai-handover",
	    msg((enum lang)r->lang, MSG_HANDOVER));
}

enum jg_err
api_handover(struct req *r)
{
	struct ho_q	*hq = arena_alloc(r->a, sizeof(*hq));
	enum jg_err	 e;

	if (export_wants_csv(r->accept))
		return ho_file(r, EXPORT_CSV);
	if ((e = ho_params(r, hq, 0)) != JG_OK)
		return e;
	return ho_json(r, hq);
}

enum jg_err
api_handover_csv(struct req *r)
{
	return ho_file(r, EXPORT_CSV);
}

enum jg_err
api_handover_xlsx(struct req *r)
{
	return ho_file(r, EXPORT_XLSX);
}
