/*
 * web.h - the server-rendered web pages (issue 4): sessions, forms and
 * the page frame, and the handlers of the web routes.
 *
 * The pages never hold a second copy of the workflow's rules.  A page
 * reads through the API's own handlers (web_call() runs one in-process
 * and hands back its JSON), and a form is turned into the JSON body of
 * the API route that does the work (web_form_json()) and posted to that
 * handler inside the dispatcher's transaction.  What the engine refuses
 * comes back as the API's error, which the page shows: next to the field
 * (400 with details.field), as the list of unmet conditions (422), or
 * as an error page (403 with its reason, 404, 409, 503).
 *
 * Sessions: the login form puts a token of our own signing into the
 * HttpOnly, SameSite=Strict cookie WEB_SESSION (Secure under HTTPS); the
 * dispatcher verifies it like a bearer token and then checks that it
 * was not signed out.  Every POST form carries a CSRF token bound to the
 * session (an HMAC of its jti) and a one-time nonce that acts as its
 * Idempotency-Key, so a double click or a resent form changes nothing
 * twice; its Origin, when the browser sends one, must be this site.
 */
#ifndef JIUGAI_WEB_H
#define JIUGAI_WEB_H

#include <json-c/json.h>

#include "buf.h"
#include "http.h"
#include "i18n.h"
#include "jsonin.h"

#define WEB_SESSION	"jiugai_session"	/* the session token */
#define WEB_LOGIN	"jiugai_login"		/* binds the login form's CSRF token */
#define WEB_LANG	"jiugai_lang"		/* the language last chosen */
#define WEB_NONCE_FIELD	"nonce"

/* ---- The dispatcher's side (route.c) ------------------------------- */

/* Choose r->lang: ?lang=, else the language cookie, else Accept-Language. */
void		 web_lang(struct req *r);
/* Authenticate from the session cookie (401 when absent or refused). */
enum jg_err	 web_auth(struct req *r);
/* After web_auth, with the database: 401 when the session was signed out. */
enum jg_err	 web_session_live(struct req *r);
/*
 * A posted form: the body is application/x-www-form-urlencoded, its
 * Origin (when sent) is this site, its CSRF token is the session's
 * (403 otherwise), and when txn its nonce becomes r->idem_key.
 */
enum jg_err	 web_form_check(struct req *r, int txn);
/* An error of a web route: the HTML error page, or to login on 401. */
void		 web_error(struct req *r, enum jg_err e);
/* A form's success: 303 to the location the handler left in r->out. */
void		 web_see_other(struct req *r);

/* Add a Set-Cookie (Secure under HTTPS); maxage 0 deletes it. */
void		 web_cookie(struct req *r, const char *name, const char *value,
		    const char *path, long maxage, int httponly,
		    const char *samesite);
/* HMAC of purpose and value under a key derived from the signing key. */
const char	*web_mac(struct req *r, const char *purpose, const char *value);

/* ---- Building pages ------------------------------------------------ */

/* The message m in the page's language. */
const char	*web_t(const struct req *r, enum msg m);
/*
 * The frame: head, site header with the navigation (current marks the
 * link of this page: "/tasks", "/communities", ...), the signed-in user
 * and the sign-out button, the language switch; then <main>.
 */
void		 web_page_begin(struct req *r, struct buf *b, const char *title,
		    const char *current);
void		 web_page_end(struct req *r, struct buf *b);
/* Answer the page in b with status. */
void		 web_answer(struct req *r, struct buf *b, int status);
/* <form method=post action=action> with the CSRF token and a new nonce. */
void		 web_form_open(struct req *r, struct buf *b, const char *action);
/* A success: 303 to location (also what an Idempotency replay answers). */
enum jg_err	 web_redirect(struct req *r, const char *location);

/*
 * The posted value of name (decoded), or NULL when nothing was posted
 * or the form has no such field.  web_val() returns it, or dflt when the
 * page is not shown again after a failed post.
 */
const char	*web_field(struct req *r, const char *name);
const char	*web_val(struct req *r, const char *name, const char *dflt);

/*
 * The error of a failed post, shown again: the summary at the top of
 * the page (links to the fields, the unmet conditions of a 422) and the
 * message next to a field.  web_error_field() is the name of the field
 * in error, or NULL.
 */
void		 web_error_summary(struct req *r, struct buf *b);
const char	*web_error_field(struct req *r);
/* <p class=error-message> for name when it is the field in error; 1 if so. */
int		 web_field_error(struct req *r, struct buf *b, const char *name);

/*
 * Labelled fields.  The value shown is web_val(name, value); the error
 * message sits between the label and the control.  hint may be NULL.
 */
void		 web_input(struct req *r, struct buf *b, const char *type,
		    const char *name, const char *label, const char *hint,
		    const char *value);
void		 web_textarea(struct req *r, struct buf *b, const char *name,
		    const char *label, const char *hint, const char *value);
/* A select of n (value, text) pairs in opts[2n]; empty first option when blank. */
void		 web_select(struct req *r, struct buf *b, const char *name,
		    const char *label, const char *hint, const char *value,
		    const char *const *opts, size_t n, int blank);
/* A yes / no / not recorded select for booleans ("true", "false", ""). */
void		 web_yesno(struct req *r, struct buf *b, const char *name,
		    const char *label, const char *value);
/*
 * The county filter of a report's form, named "county": a select of
 * every county (and "all"), or for a user scoped to one county that
 * county as plain text, since the API refuses them any other.
 */
void		 web_county_filter(struct req *r, struct buf *b,
		    const char *value);
/*
 * Append "name=value" to a query being built in b, percent-encoded,
 * after a "&" unless b ends in "?" or is empty; an empty value is no
 * filter and adds nothing (nor does one too long to encode: the API
 * refuses such values anyway).
 */
void		 web_qadd(struct buf *b, const char *name, const char *v);

/* ---- Talking to the API handlers ----------------------------------- */

/*
 * Run the API handler fn in-process for community or item id with body
 * json (NULL: none) and query (NULL: none); the caller's request is left
 * as it was, except err_msg / err_details on failure.  On success *out
 * (when not NULL) is the parsed answer, owned by the arena.
 */
enum jg_err	 web_call(struct req *r, enum jg_err (*fn)(struct req *),
		    long long id, const char *query, const char *json,
		    struct json_object **out);
/*
 * The posted fields named by the table fields[0..n) as a JSON object
 * text, each converted by its type: an empty value is null (or left out
 * for fields that take no null), numbers and booleans ("true", "false")
 * go in bare when they look like one, anything else as a string for the
 * API to refuse with the field's name.  prefix (may be NULL) is put in
 * front of every form name ("item-12-" reads "item-12-estimate_yuan").
 * extra (may be NULL) is JSON members appended as they are.
 */
const char	*web_form_json(struct req *r, const struct jin_field *fields,
		    size_t n, const char *prefix, const char *extra);

/* Values of a parsed answer: "" or 0 when absent or null. */
const char	*web_jstr(struct json_object *o, const char *key);
long long	 web_jint(struct json_object *o, const char *key);
int		 web_jbool(struct json_object *o, const char *key);
/* "2026-11-26T10:00:00+08" -> "2026-11-26 10:00" (arena copy). */
const char	*web_when(struct req *r, const char *ts);
/* How long since ts, in words ("3 天", "5 hours"). */
const char	*web_waited(struct req *r, const char *ts);

/* ---- Route handlers ------------------------------------------------ */

enum jg_err	 web_home(struct req *);
enum jg_err	 web_login_page(struct req *);
enum jg_err	 web_login_post(struct req *);
enum jg_err	 web_logout(struct req *);
/* web_tasks.c, web_list.c */
enum jg_err	 web_tasks(struct req *);
enum jg_err	 web_list(struct req *);
/* web_community.c */
enum jg_err	 web_community(struct req *);
enum jg_err	 web_act_post(struct req *);
enum jg_err	 web_decide_post(struct req *);
/* web_forms.c */
enum jg_err	 web_declare_page(struct req *);
enum jg_err	 web_declare_post(struct req *);
enum jg_err	 web_edit_page(struct req *);
enum jg_err	 web_edit_post(struct req *);
enum jg_err	 web_survey_page(struct req *);
enum jg_err	 web_survey_post(struct req *);
enum jg_err	 web_plan_page(struct req *);
enum jg_err	 web_plan_post(struct req *);
enum jg_err	 web_funding_post(struct req *);
enum jg_err	 web_works_page(struct req *);
enum jg_err	 web_works_post(struct req *);
/* web_signoff.c, web_workflow.c */
enum jg_err	 web_signoffs_page(struct req *);
enum jg_err	 web_signoffs_post(struct req *);
enum jg_err	 web_workflow(struct req *);
/*
 * The workflow of wf_table drawn as an inline SVG, and the same as a
 * table: pure functions of the table and the language, for the page
 * and for the unit test.
 */
void		 web_workflow_svg(struct buf *b, enum lang l);
void		 web_workflow_table(struct buf *b, enum lang l);
/*
 * web_handover.c: 物业移交台账.  web_export.c: the pages' downloads,
 * the API's export handlers with the page's filters (docs/exports.md).
 */
enum jg_err	 web_handover(struct req *);
enum jg_err	 web_ledger_csv(struct req *);
enum jg_err	 web_ledger_xlsx(struct req *);
enum jg_err	 web_handover_csv(struct req *);
enum jg_err	 web_handover_xlsx(struct req *);
/* web_assessment.c: 县区考核评估, the county assessment (issue 5 §2). */
enum jg_err	 web_assessment(struct req *);
/* /reports/assessment.csv and .xlsx: the page's table, its from/to/county. */
enum jg_err	 web_assessment_csv(struct req *);
enum jg_err	 web_assessment_xlsx(struct req *);
enum jg_err	 web_targets_post(struct req *);

/*
 * For pages with several forms (web_community.c).  The error summary
 * with its link pointing at the field id (NULL: as web_error_summary)
 * for a field's error; a message (not NULL) is the whole line instead
 * of the field's label and the generic words, for any error of the
 * post.  A textarea with an id of its own, which shows the posted text
 * and the error (error, else the API's error for name) only when mine,
 * that is when its form was the one posted.
 */
void		 web_error_summary_at(struct req *r, struct buf *b,
		    const char *id, const char *message);
void		 web_textarea_in(struct req *r, struct buf *b, const char *id,
		    const char *name, const char *label, const char *hint,
		    const char *error, int mine);

/*
 * web_public.c: 公示, a community's public notice, no login; the same
 * path answers its JSON to a client that prefers it (sql/009).
 */
enum jg_err	 web_public(struct req *);
enum jg_err	 web_public_print(struct req *);
/*
 * Whether an Accept header weighs application/json above text/html, by
 * the most specific range naming each (RFC 9110 §12.5.1); a tie, no
 * header or one over 1024 bytes: HTML.  Pure.
 */
int		 web_prefers_json(const char *accept);
/*
 * text as a QR code (libqrencode, level M, 8-bit) drawn as an inline
 * <svg class="qr"> with label: one <rect> per horizontal run of dark
 * modules, offset by a quiet zone of 4.  Returns -1 (nothing written)
 * when text cannot be encoded.  Pure but for the arena of b.
 */
int		 web_qr_svg(struct buf *b, const char *text, const char *label);

#endif
