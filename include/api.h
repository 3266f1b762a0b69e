/*
 * api.h - the route table's handlers and the helpers they share.
 *
 * A handler receives a request whose route, size, content type and token
 * have been checked by the dispatcher (route.c); it validates its fields,
 * asks the engine (wf.h) whether the actor may act, talks to the database
 * only through db.h, writes its answer into r->out and returns JG_OK, or
 * returns an error code after setting r->err_msg / r->err_details.
 * Mutating routes run inside one transaction opened by the dispatcher:
 * any error rolls everything back.
 */
#ifndef JIUGAI_API_H
#define JIUGAI_API_H

#include <json-c/json.h>

#include "db.h"
#include "http.h"
#include "jsonin.h"
#include "wf.h"

/* Route handlers (api_community.c, api_flow.c, api_item.c, api_misc.c). */
enum jg_err	 api_community_list(struct req *);
enum jg_err	 api_community_create(struct req *);
enum jg_err	 api_community_get(struct req *);
enum jg_err	 api_community_patch(struct req *);
enum jg_err	 api_community_events(struct req *);
enum jg_err	 api_transition(struct req *);
enum jg_err	 api_approval(struct req *);
enum jg_err	 api_item_create(struct req *);
enum jg_err	 api_item_patch(struct req *);
enum jg_err	 api_item_done(struct req *);
enum jg_err	 api_item_signoff(struct req *);
enum jg_err	 api_funding_create(struct req *);
enum jg_err	 api_workflow(struct req *);
enum jg_err	 api_catalogue(struct req *);
enum jg_err	 api_tasks(struct req *);
enum jg_err	 api_me(struct req *);
enum jg_err	 api_healthz(struct req *);
enum jg_err	 api_readyz(struct req *);
enum jg_err	 api_metrics(struct req *);
/* The end of the audit chain (api_audit.c). */
enum jg_err	 api_audit_head(struct req *);
/*
 * 台账 and 物业移交台账 (api_ledger.c, api_handover.c): JSON pages, or
 * the CSV / .xlsx file (docs/exports.md); the filters come from
 * r->query.  400 a bad filter, 403 a county out of the caller's scope,
 * 422 a file that would pass its row cap.
 */
enum jg_err	 api_ledger(struct req *);
enum jg_err	 api_ledger_csv(struct req *);
enum jg_err	 api_ledger_xlsx(struct req *);
enum jg_err	 api_handover(struct req *);
enum jg_err	 api_handover_csv(struct req *);
enum jg_err	 api_handover_xlsx(struct req *);
/* Who pays what, and the property-management subsidy (api_money.c). */
enum jg_err	 api_community_shares(struct req *);
enum jg_err	 api_report_subsidy(struct req *);
/*
 * The county assessment (api_assessment.c, docs/assessment.md): from=,
 * to= (dates), county=.  400 a bad date, 403 a county out of scope.
 */
enum jg_err	 api_assessment(struct req *);
/*
 * The assessment table (a row per county and the city's, the page's
 * columns) as CSV with a BOM or .xlsx; the same query, scope and errors.
 * api_assessment gives the CSV when Accept asks for text/csv.
 */
enum jg_err	 api_assessment_csv(struct req *);
enum jg_err	 api_assessment_xlsx(struct req *);
/* Its yearly targets: anyone reads, the housing bureau's admin sets (403). */
enum jg_err	 api_targets_get(struct req *);
enum jg_err	 api_targets_set(struct req *);
/* The body of POST /api/v1/reports/targets, for the web form. */
extern const struct jin_field	 api_target_fields[];
extern const size_t		 api_ntarget_fields;

/* Helpers (api_util.c). */

/*
 * Parse r->body strictly and check it against fields[0..n).  On error
 * returns JG_BAD_REQUEST with details.field set; *obj (when not NULL)
 * receives the parsed object, owned by the arena.
 */
enum jg_err	 api_body(struct req *r, const struct jin_field *fields, size_t n,
		    struct jin_value *vals, struct json_object **obj);
/* Answer status with the JSON text json (copied into r->out). */
void		 api_answer(struct req *r, int status, const char *json);
/*
 * Load the engine's snapshot of community id, locked for this
 * transaction.  JG_NOT_FOUND, JG_FORBIDDEN (out of scope) or DB errors.
 */
enum jg_err	 api_snapshot(struct req *r, long long id, struct wf_snapshot *s);
/* A 403 naming the engine's reason. */
enum jg_err	 api_deny(struct req *r, enum wf_deny d);
/* Append one audit event (before/after are JSON text or NULL). */
enum jg_err	 api_event(struct req *r, long long cid, const char *action,
		    long long round, long long item, const char *comment,
		    const char *before, const char *after);
/* Raise the community's version; JG_CONFLICT when it moved meanwhile. */
enum jg_err	 api_bump(struct req *r, long long cid, int version);
/*
 * The version the client says it saw: If-Match (a quoted or bare number)
 * or expected_version from the body (ev, may be NULL).  Returns it, or 0
 * when neither is given.  -1 for a malformed If-Match.
 */
int		 api_expected(struct req *r, const struct jin_value *ev);
/* Text of a number, on the arena. */
const char	*api_num(struct req *r, long long v);
/* The comma-separated codes of a DEPT_BIT mask, on the arena. */
const char	*api_depts(struct req *r, unsigned mask);
/* A 422 listing the failing guards in details.guards. */
enum jg_err	 api_guards_fail(struct req *r, unsigned failed);
/* Answer community id as GET shows it (checks scope on GET), with ETag. */
enum jg_err	 api_community_answer(struct req *r, long long id, int status);
/* Parse a comma-separated list of department codes into a mask. */
unsigned	 api_dept_mask(const char *s);

#endif
