/*
 * route.c - method -> route -> content type and size -> token ->
 * transaction -> handler, in that fixed order, and one exit.
 */
#include <openssl/evp.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "conf.h"
#include "log.h"
#include "route.h"
#include "web.h"

struct auth_keys route_keys;

const struct route routes[] = {
	{ METHOD_GET,   "/healthz", api_healthz, 0, "healthz", NULL },
	{ METHOD_GET,   "/readyz", api_readyz, R_DB, "readyz", NULL },
	{ METHOD_GET,   "/metrics", api_metrics, 0, "metrics", NULL },
	{ METHOD_GET,   "/api/v1/me", api_me, R_AUTH, "me", NULL },
	{ METHOD_GET,   "/api/v1/workflow", api_workflow, R_AUTH, "workflow", NULL },
	{ METHOD_GET,   "/api/v1/catalogue", api_catalogue, R_AUTH, "catalogue", NULL },
	{ METHOD_GET,   "/api/v1/tasks", api_tasks, R_AUTH | R_DB, "tasks", NULL },
	{ METHOD_GET,   "/api/v1/audit/head", api_audit_head, R_AUTH | R_DB,
	  "audit_head", NULL },
	{ METHOD_GET,   "/api/v1/communities", api_community_list,
	  R_AUTH | R_DB, "community_list", NULL },
	{ METHOD_POST,  "/api/v1/communities", api_community_create,
	  R_AUTH | R_DB | R_JSON | R_TXN, "community_create", NULL },
	{ METHOD_GET,   "/api/v1/communities/{id}", api_community_get,
	  R_AUTH | R_DB, "community_get", NULL },
	{ METHOD_PATCH, "/api/v1/communities/{id}", api_community_patch,
	  R_AUTH | R_DB | R_JSON | R_TXN, "community_patch", NULL },
	{ METHOD_GET,   "/api/v1/communities/{id}/events", api_community_events,
	  R_AUTH | R_DB, "community_events", NULL },
	{ METHOD_POST,  "/api/v1/communities/{id}/transitions", api_transition,
	  R_AUTH | R_DB | R_JSON | R_TXN, "transition", NULL },
	{ METHOD_POST,  "/api/v1/communities/{id}/approvals", api_approval,
	  R_AUTH | R_DB | R_JSON | R_TXN, "approval", NULL },
	{ METHOD_POST,  "/api/v1/communities/{id}/items", api_item_create,
	  R_AUTH | R_DB | R_JSON | R_TXN, "item_create", NULL },
	{ METHOD_POST,  "/api/v1/communities/{id}/funding", api_funding_create,
	  R_AUTH | R_DB | R_JSON | R_TXN, "funding_create", NULL },
	{ METHOD_PATCH, "/api/v1/items/{id}", api_item_patch,
	  R_AUTH | R_DB | R_JSON | R_TXN, "item_patch", NULL },
	{ METHOD_POST,  "/api/v1/items/{id}/done", api_item_done,
	  R_AUTH | R_DB | R_JSON_OPT | R_TXN, "item_done", NULL },
	{ METHOD_POST,  "/api/v1/items/{id}/signoff", api_item_signoff,
	  R_AUTH | R_DB | R_JSON | R_TXN, "item_signoff", NULL },
	/* Money (api_money.c): computed from the records, never typed. */
	{ METHOD_GET,   "/api/v1/communities/{id}/shares", api_community_shares,
	  R_AUTH | R_DB, "community_shares", NULL },
	{ METHOD_GET,   "/api/v1/reports/subsidy", api_report_subsidy,
	  R_AUTH | R_DB, "report_subsidy", NULL },
	/* 台账 and 物业移交台账 (api_ledger.c, api_handover.c): JSON, CSV, .xlsx. */
	{ METHOD_GET,   "/api/v1/reports/ledger", api_ledger,
	  R_AUTH | R_DB, "report_ledger", NULL },
	{ METHOD_GET,   "/api/v1/reports/ledger.csv", api_ledger_csv,
	  R_AUTH | R_DB, "report_ledger_csv", NULL },
	{ METHOD_GET,   "/api/v1/reports/ledger.xlsx", api_ledger_xlsx,
	  R_AUTH | R_DB, "report_ledger_xlsx", NULL },
	{ METHOD_GET,   "/api/v1/reports/handover", api_handover,
	  R_AUTH | R_DB, "report_handover", NULL },
	{ METHOD_GET,   "/api/v1/reports/handover.csv", api_handover_csv,
	  R_AUTH | R_DB, "report_handover_csv", NULL },
	{ METHOD_GET,   "/api/v1/reports/handover.xlsx", api_handover_xlsx,
	  R_AUTH | R_DB, "report_handover_xlsx", NULL },
	/* 考核: the county assessment (api_assessment.c). */
	{ METHOD_GET,   "/api/v1/reports/assessment", api_assessment,
	  R_AUTH | R_DB, "report_assessment", NULL },
	{ METHOD_GET,   "/api/v1/reports/assessment.csv", api_assessment_csv,
	  R_AUTH | R_DB, "report_assessment_csv", NULL },
	{ METHOD_GET,   "/api/v1/reports/assessment.xlsx", api_assessment_xlsx,
	  R_AUTH | R_DB, "report_assessment_xlsx", NULL },
	{ METHOD_GET,   "/api/v1/reports/targets", api_targets_get,
	  R_AUTH | R_DB, "report_targets", NULL },
	{ METHOD_POST,  "/api/v1/reports/targets", api_targets_set,
	  R_AUTH | R_DB | R_JSON | R_TXN, "report_targets_set", NULL },
	/* The web pages (web.h): WP a page, WF a form posted to the engine. */
#define WP	(R_WEB | R_AUTH | R_DB)
#define WF	(R_WEB | R_AUTH | R_DB | R_FORM | R_TXN)
	{ METHOD_GET,   "/", web_home, R_WEB | R_DB, "web_home", NULL },
	{ METHOD_GET,   "/login", web_login_page, R_WEB, "web_login", NULL },
	{ METHOD_POST,  "/login", web_login_post, R_WEB | R_FORM | R_DB,
	  "web_login_post", web_login_page },
	{ METHOD_POST,  "/logout", web_logout, R_WEB | R_AUTH | R_DB | R_FORM,
	  "web_logout", NULL },
	{ METHOD_GET,   "/tasks", web_tasks, WP, "web_tasks", NULL },
	{ METHOD_GET,   "/communities", web_list, WP, "web_list", NULL },
	{ METHOD_GET,   "/communities/new", web_declare_page, WP, "web_declare", NULL },
	{ METHOD_POST,  "/communities/new", web_declare_post, WF,
	  "web_declare_post", web_declare_page },
	{ METHOD_GET,   "/communities/{id}", web_community, WP, "web_community", NULL },
	{ METHOD_POST,  "/communities/{id}/act", web_act_post, WF,
	  "web_act_post", web_community },
	{ METHOD_POST,  "/communities/{id}/decide", web_decide_post, WF,
	  "web_decide_post", web_community },
	{ METHOD_GET,   "/communities/{id}/edit", web_edit_page, WP, "web_edit", NULL },
	{ METHOD_POST,  "/communities/{id}/edit", web_edit_post, WF,
	  "web_edit_post", web_edit_page },
	{ METHOD_GET,   "/communities/{id}/survey", web_survey_page, WP,
	  "web_survey", NULL },
	{ METHOD_POST,  "/communities/{id}/survey", web_survey_post, WF,
	  "web_survey_post", web_survey_page },
	{ METHOD_GET,   "/communities/{id}/plan", web_plan_page, WP, "web_plan", NULL },
	{ METHOD_POST,  "/communities/{id}/plan", web_plan_post, WF,
	  "web_plan_post", web_plan_page },
	{ METHOD_POST,  "/communities/{id}/funding", web_funding_post, WF,
	  "web_funding_post", web_plan_page },
	{ METHOD_GET,   "/communities/{id}/works", web_works_page, WP,
	  "web_works", NULL },
	{ METHOD_POST,  "/communities/{id}/works", web_works_post, WF,
	  "web_works_post", web_works_page },
	{ METHOD_GET,   "/signoffs", web_signoffs_page, WP, "web_signoffs", NULL },
	{ METHOD_POST,  "/signoffs", web_signoffs_post, WF,
	  "web_signoffs_post", web_signoffs_page },
	{ METHOD_GET,   "/workflow", web_workflow, WP, "web_workflow", NULL },
	/* 物业移交台账, and the downloads of it and of 小区台账 (web_export.c). */
	{ METHOD_GET,   "/handover", web_handover, WP, "web_handover", NULL },
	{ METHOD_GET,   "/handover.csv", web_handover_csv, WP,
	  "web_handover_csv", NULL },
	{ METHOD_GET,   "/handover.xlsx", web_handover_xlsx, WP,
	  "web_handover_xlsx", NULL },
	{ METHOD_GET,   "/communities.csv", web_ledger_csv, WP,
	  "web_ledger_csv", NULL },
	{ METHOD_GET,   "/communities.xlsx", web_ledger_xlsx, WP,
	  "web_ledger_xlsx", NULL },
	/* 考核评估 (web_assessment.c). */
	{ METHOD_GET,   "/reports/assessment", web_assessment, WP,
	  "web_assessment", NULL },
	{ METHOD_GET,   "/reports/assessment.csv", web_assessment_csv, WP,
	  "web_assessment_csv", NULL },
	{ METHOD_GET,   "/reports/assessment.xlsx", web_assessment_xlsx, WP,
	  "web_assessment_xlsx", NULL },
	{ METHOD_POST,  "/reports/targets", web_targets_post, WF,
	  "web_targets_post", web_assessment },
	/* 公示: for residents, no login; never the signed-in frame. */
	{ METHOD_GET,   "/public/communities/{code}", web_public,
	  R_WEB | R_DB, "web_public", NULL },
	{ METHOD_GET,   "/public/communities/{code}/print", web_public_print,
	  R_WEB | R_DB, "web_public_print", NULL },
#undef WP
#undef WF
};
const int nroutes = (int)(sizeof(routes) / sizeof(routes[0]));

const char *
route_name(int i)
{
	return (i >= 0 && i < nroutes) ? routes[i].name : "none";
}

/*
 * Match path against pattern segment by segment; "{id}" takes a number
 * of 1 to 15 digits without a leading zero, "{code}" a record's code:
 * 1 to 40 of [a-z0-9-] (never a '/', '.' or '%', so never a traversal
 * or anything that needs decoding).  Pure: route.h.
 */
int
route_match(const char *pattern, const char *path, long long *id,
    const char **code, size_t *codelen)
{
	const char	*p = pattern, *q = path;
	size_t		 n;

	while (*p != '\0') {
		if (strncmp(p, "{id}", 4) == 0) {
			for (n = 0; isdigit((unsigned char)q[n]); n++)
				continue;
			if (n == 0 || n > 15 || q[0] == '0')
				return 0;
			*id = strtoll(q, NULL, 10);
			p += 4;
			q += n;
			continue;
		}
		if (strncmp(p, "{code}", 6) == 0) {
			n = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789-");
			if (n == 0 || n > ROUTE_CODE_MAX)
				return 0;
			*code = q;
			*codelen = n;
			p += 6;
			q += n;
			continue;
		}
		if (*p != *q)
			return 0;
		p++;
		q++;
	}
	return *q == '\0';
}

/* Find the route: its index, or -1 with *e set to 404 or 405. */
static int
route_find(struct req *r, enum jg_err *e)
{
	static const char *const mnames[METHOD__MAX] = {
		"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", ""
	};
	struct buf	 allow;
	long long	 id = 0;
	const char	*code = NULL;
	size_t		 codelen = 0;
	int		 i;
	enum method	 m = r->method == METHOD_HEAD ? METHOD_GET : r->method;

	buf_init(&allow, r->a);
	for (i = 0; i < nroutes; i++) {
		/* Nothing from a pattern that matched only in part. */
		id = 0;
		code = NULL;
		if (!route_match(routes[i].pattern, r->path, &id, &code,
		    &codelen))
			continue;
		if (routes[i].method == m) {
			r->id = id;
			r->code = code != NULL ?
			    arena_strndup(r->a, code, codelen) : NULL;
			return i;
		}
		/* The methods this path does take, for the 405's Allow. */
		buf_printf(&allow, "%s%s", allow.len ? ", " : "",
		    mnames[routes[i].method]);
		if (routes[i].method == METHOD_GET)
			buf_puts(&allow, ", HEAD");
	}
	if (allow.len == 0) {
		*e = JG_NOT_FOUND;
		return -1;
	}
	r->allow = allow.p;
	*e = JG_METHOD;
	return -1;
}

/* "application/json", optionally with "; charset=utf-8". */
static int
ctype_json(const char *ct)
{
	const char	*p;

	if (strncasecmp(ct, "application/json", 16) != 0)
		return 0;
	p = ct + 16;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 1;
	if (*p++ != ';')
		return 0;
	while (*p == ' ')
		p++;
	return strcasecmp(p, "charset=utf-8") == 0;
}

static enum jg_err
route_auth(struct req *r)
{
	const char	*tok;
	enum auth_err	 ae;

	if (r->authz == NULL || strncmp(r->authz, "Bearer ", 7) != 0)
		return req_fail(r, JG_UNAUTHORIZED,
		    "an Authorization: Bearer token is required");
	tok = r->authz + 7;
	ae = auth_verify(&route_keys, tok, strlen(tok), r->now, &r->claims);
	if (ae != AUTH_OK)
		return req_fail(r, JG_UNAUTHORIZED, auth_err_str(ae));
	r->authed = 1;
	r->actor.sub = r->claims.sub;
	r->actor.dept = r->claims.dept_id;
	r->actor.county = r->claims.county_id;
	r->actor.roles = r->claims.roles;
	return JG_OK;
}

/* Make sure the connection is up; retry opening at most once a second. */
static enum jg_err
route_db(void)
{
	static time_t	 last;
	time_t		 now;

	if (db_ok())
		return JG_OK;
	now = time(NULL);
	if (now == last)
		return JG_UNAVAILABLE;
	last = now;
	return db_open() == 0 ? JG_OK : JG_UNAVAILABLE;
}

/* SHA-256 of method, path and body, hex: what an Idempotency-Key binds. */
static const char *
route_request_hash(struct req *r)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 mdlen = 0, i;
	EVP_MD_CTX	*ctx;
	char		*hex;

	ctx = EVP_MD_CTX_new();
	if (ctx == NULL)
		abort();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, routes[r->route].name, strlen(routes[r->route].name));
	EVP_DigestUpdate(ctx, "\n", 1);
	EVP_DigestUpdate(ctx, r->path, strlen(r->path));
	EVP_DigestUpdate(ctx, "\n", 1);
	EVP_DigestUpdate(ctx, r->body, r->bodylen);
	/*
	 * The caller's current powers too: a replay must not hand a stored
	 * answer to the same user after their department, area or roles
	 * changed (it is then a different request: 422).
	 */
	EVP_DigestUpdate(ctx, "\n", 1);
	EVP_DigestUpdate(ctx, r->claims.dept, strlen(r->claims.dept));
	EVP_DigestUpdate(ctx, "\n", 1);
	EVP_DigestUpdate(ctx, r->claims.org, strlen(r->claims.org));
	EVP_DigestUpdate(ctx, &r->claims.roles, sizeof(r->claims.roles));
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	hex = arena_alloc(r->a, mdlen * 2 + 1);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + i * 2, 3, "%02x", md[i]);
	return hex;
}

/*
 * A stored answer for this user's Idempotency-Key: 1 when r now holds it
 * (or *e is a database error), 2 when the key was used for a different
 * request, 0 when the key is new.
 */
static int
route_idem_replay(struct req *r, const char *hash, enum jg_err *e)
{
	const char	*p[3] = { r->claims.sub, r->idem_key,
	    conf_get(CONF_IDEMPOTENCY_TTL) };
	PGresult	*res;

	*e = db_exec(r->a, STMT_IDEM_GET, p, &res);
	if (*e != JG_OK)
		return 1;
	if (PQntuples(res) == 0)
		return 0;
	if (strcmp(PQgetvalue(res, 0, 0), hash) != 0)
		return 2;
	buf_init(&r->out, r->a);
	buf_puts(&r->out, PQgetvalue(res, 0, 2));
	r->status = atoi(PQgetvalue(res, 0, 1));
	r->out_ctype = "application/json";
	return 1;
}

static enum jg_err
route_idem_store(struct req *r, const char *hash)
{
	const char	*p[6];
	PGresult	*res;
	enum jg_err	 e;

	p[5] = conf_get(CONF_IDEMPOTENCY_TTL);
	p[0] = r->claims.sub;
	p[1] = r->idem_key;
	p[2] = hash;
	p[3] = api_num(r, r->status);
	p[4] = r->out.p;
	if ((e = db_exec(r->a, STMT_IDEM_PUT, p, &res)) != JG_OK)
		return e;
	/* No row: a concurrent request under this key won the race. */
	return PQntuples(res) == 1 ? JG_OK : JG_CONFLICT;
}

/* Run the handler in one transaction, with Idempotency-Key handling. */
static enum jg_err
route_txn(struct req *r, const struct route *rt)
{
	const char	*hash = NULL;
	enum jg_err	 e;
	int		 tries, reused;

	for (tries = 0; tries < 2; tries++) {
		if ((e = db_exec(r->a, STMT_BEGIN, NULL, NULL)) != JG_OK)
			return e;
		reused = 0;
		if (r->idem_key != NULL) {
			hash = route_request_hash(r);
			if ((reused = route_idem_replay(r, hash, &e)) == 1) {
				db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
				return e;
			}
		}
		e = rt->fn(r);
		/*
		 * A key reused for another request: the caller learns of it
		 * only if the request itself would have been accepted.
		 */
		if (e == JG_OK && reused == 2) {
			db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
			buf_init(&r->out, r->a);
			return req_fail(r, JG_INVALID,
			    "this Idempotency-Key was used for a different request");
		}
		if (e == JG_OK && hash != NULL)
			e = route_idem_store(r, hash);
		if (e == JG_OK && (e = db_exec(r->a, STMT_COMMIT, NULL, NULL)) == JG_OK)
			return JG_OK;
		db_exec(r->a, STMT_ROLLBACK, NULL, NULL);
		/* Lost an idempotency race: answer what the winner stored. */
		if (e != JG_CONFLICT || r->idem_key == NULL || tries > 0)
			return e;
		r->err_msg = NULL;
		r->err_details = NULL;
		buf_init(&r->out, r->a);
	}
	return e;
}

static enum jg_err
route_run(struct req *r)
{
	const struct route	*rt;
	enum jg_err		 e = JG_OK;
	int			 i;

	if ((i = route_find(r, &e)) < 0)
		return e;
	r->route = i;
	rt = &routes[i];
	if (rt->flags & R_WEB)
		web_lang(r);
	if (r->bodylen > 0 && !(rt->flags & (R_JSON | R_JSON_OPT | R_FORM)))
		return req_fail(r, JG_BAD_REQUEST, "this route takes no body");
	if ((rt->flags & (R_JSON | R_JSON_OPT)) && r->bodylen > 0 &&
	    !ctype_json(r->ctype))
		return JG_MEDIA_TYPE;
	if ((rt->flags & R_JSON) && r->bodylen == 0)
		return req_fail(r, JG_BAD_REQUEST, "a JSON body is required");
	if (r->idem_key != NULL && (strlen(r->idem_key) == 0 ||
	    strlen(r->idem_key) > 200))
		return req_fail(r, JG_BAD_REQUEST,
		    "Idempotency-Key must be 1 to 200 characters");
	if (rt->flags & R_WEB)
		r->idem_key = NULL;	/* a form's nonce stands in for it */
	if ((rt->flags & R_AUTH) && (e = (rt->flags & R_WEB) ? web_auth(r) :
	    route_auth(r)) != JG_OK)
		return e;
	if ((rt->flags & R_FORM) &&
	    (e = web_form_check(r, (rt->flags & R_TXN) != 0)) != JG_OK)
		return e;
	if (!(rt->flags & R_DB))
		return rt->fn(r);
	if ((e = route_db()) != JG_OK)
		return e;
	db_calls_reset();
	if ((rt->flags & (R_WEB | R_AUTH)) == (R_WEB | R_AUTH) &&
	    (e = web_session_live(r)) != JG_OK) {
		if (e == JG_UNAVAILABLE && !db_ok() && db_open() == 0) {
			db_calls_reset();
			e = web_session_live(r);
		}
		if (e != JG_OK)
			return e;
		db_calls_reset();
	}
	e = (rt->flags & R_TXN) ? route_txn(r, rt) : rt->fn(r);
	/*
	 * The connection died under us (the server restarted).  When the
	 * very first statement failed, nothing was done: reconnect and run
	 * the request again.  Otherwise it may have committed, so only
	 * reconnect for the next request and answer 503.
	 */
	if (e == JG_UNAVAILABLE && !db_ok()) {
		if (db_calls() == 1 && db_open() == 0) {
			r->err_msg = NULL;
			r->err_details = NULL;
			buf_init(&r->out, r->a);
			db_calls_reset();
			return (rt->flags & R_TXN) ? route_txn(r, rt) : rt->fn(r);
		}
		route_db();
	}
	return e;
}

/* Paths outside the API answer errors as pages. */
static int
web_path(const char *path)
{
	return strncmp(path, "/api/", 5) != 0 && strcmp(path, "/api") != 0 &&
	    strcmp(path, "/healthz") != 0 && strcmp(path, "/readyz") != 0 &&
	    strcmp(path, "/metrics") != 0;
}

void
route_dispatch(struct req *r)
{
	const struct route	*rt;
	enum jg_err		 e;

	r->route = -1;
	r->status = 200;
	r->out_ctype = "application/json";
	buf_init(&r->out, r->a);
	e = route_run(r);
	rt = r->route >= 0 ? &routes[r->route] : NULL;
	if (rt == NULL || !(rt->flags & R_WEB)) {
		if (e == JG_OK)
			return;
		if (web_path(r->path)) {
			web_lang(r);
			web_error(r, e);
		} else
			http_error(r, e);
		return;
	}
	/* A refusal the user can correct: the form's page again. */
	if ((e == JG_BAD_REQUEST || e == JG_GUARD || e == JG_INVALID) &&
	    rt->redo != NULL && r->form != NULL) {
		const char	*msg = r->err_msg, *details = r->err_details;
		enum jg_err	 e2;

		buf_init(&r->out, r->a);
		r->method = METHOD_GET;	/* the page, as GET shows it */
		e2 = rt->redo(r);
		r->method = METHOD_POST;
		r->err_msg = msg;
		r->err_details = details;
		if (e2 == JG_OK) {
			r->status = errs[e].status;
			return;
		}
		e = e2;
	}
	if (e != JG_OK) {
		web_error(r, e);
		return;
	}
	if (r->status == 303 && r->location == NULL)
		web_see_other(r);
}
