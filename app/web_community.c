/*
 * web_community.c - 小区详情, the community page, and the forms on it
 * that move the record: submit, return, withdraw (POST .../act) and the
 * countersigning departments' approve / reject (POST .../decide).
 *
 * Everything the page offers is asked of the engine with the
 * community's snapshot, the same questions the API handlers ask before
 * they act: a form is shown only when its handler would accept this
 * user now, and the checklist is wf_check() itself.  The words and
 * numbers next to each condition come from the snapshot and the
 * community's JSON; whether it holds is always the engine's answer.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_fields.h"
#include "chart.h"
#include "conf.h"
#include "html.h"
#include "urlenc.h"
#include "web.h"

#define EVENTS_SHOWN	30	/* the history's length, unless ?events=all */

/* The forms of the page; on a redo, the one that was posted. */
enum form {
	FORM_NONE,
	FORM_SUBMIT,
	FORM_DECIDE,
	FORM_RETURN,
	FORM_WITHDRAW,
};

/* Each form's section id; its comment field is "<id>-comment". */
static const char *const form_ids[] = {
	NULL, "submit", "decide", "return", "withdraw",
};

struct page {
	struct req		*r;
	struct buf		*b;
	enum lang		 l;
	struct json_object	*c;	/* the community, as GET answers */
	struct json_object	*ev;	/* its events, oldest first */
	struct wf_snapshot	 s;
	struct wf_settings	 cfg;
	const char		*act;	/* /communities/{id}/act */
	const char		*version; /* expected_version of the forms */
	enum form		 posted;	/* FORM_NONE but on a redo */
};

/* ---- Words and numbers ---------------------------------------------- */

static const char *
t(struct page *p, enum msg m)
{
	return msg(p->l, m);
}

/*
 * Message m with {1}, {2} and {3} replaced by a1..a3 (NULL: nothing), so
 * that each language keeps its own word order without a format string
 * coming from a table.
 */
static const char *
fill(struct page *p, enum msg m, const char *a1, const char *a2,
    const char *a3)
{
	const char	*s = msg(p->l, m), *arg[3] = { a1, a2, a3 };
	struct buf	 b;

	buf_init(&b, p->r->a);
	for (; *s != '\0'; s++) {
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '3' && s[2] == '}') {
			if (arg[s[1] - '1'] != NULL)
				buf_puts(&b, arg[s[1] - '1']);
			s += 2;
			continue;
		}
		buf_putc(&b, *s);
	}
	return b.len > 0 ? b.p : "";
}

static const char *
num(struct page *p, long long v)
{
	return arena_printf(p->r->a, "%lld", v);
}

/* Fen as yuan with thousands separators: 1234567 -> "12,345.67". */
static const char *
money(struct page *p, long long fen)
{
	return chart_num(p->r->a, fen, 2);
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* Whether key holds a value: not absent, null or blank text. */
static int
jhas(struct json_object *o, const char *key)
{
	struct json_object	*v = jget(o, key);

	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_string))
		return !wf_blank(json_object_get_string(v));
	return 1;
}

/* An amount in yuan (a JSON number or numeric text) as fen. */
static long long
jfen(struct json_object *o, const char *key)
{
	struct json_object	*v = jget(o, key);
	double			 d;

	if (v == NULL)
		return 0;
	d = json_object_get_double(v);
	return (long long)(d * 100 + (d < 0 ? -0.5 : 0.5));
}

/* "2026-11-26T10:00:00+08" -> "2026-11-26". */
static const char *
day(struct page *p, const char *ts)
{
	return ts != NULL && strlen(ts) >= 10 ?
	    arena_strndup(p->r->a, ts, 10) : "";
}

static const char *
dept_of(struct page *p, const char *code)
{
	return msg_dept(p->l, (enum dept)code_dept(code, strlen(code)));
}

static const char *
stage_of(struct page *p, const char *code)
{
	return msg_stage(p->l, (enum stage)code_stage(code, strlen(code)));
}

static const char *
action_of(struct page *p, const char *code)
{
	return msg_action(p->l, (enum action)code_action(code, strlen(code)));
}

/* Append s to list b, with the list separator. */
static void
list_add(struct page *p, struct buf *b, const char *s)
{
	if (b->len > 0)
		buf_puts(b, p->l == LANG_EN ? ", " : "、");
	buf_puts(b, s);
}

/* The departments of a DEPT_BIT mask, as a list in words. */
static const char *
dept_names(struct page *p, unsigned mask)
{
	struct buf	 b;
	int		 d;

	buf_init(&b, p->r->a);
	for (d = 0; d < DEPT__MAX; d++) {
		if (!(mask & DEPT_BIT(d)))
			continue;
		list_add(p, &b, msg_dept(p->l, (enum dept)d));
	}
	return b.len > 0 ? b.p : "";
}

/* "name（department）" of an event's actor or a round's submitter. */
static const char *
person(struct page *p, const char *name, const char *sub, const char *dept)
{
	const char	*who = name != NULL && *name != '\0' ? name : sub;

	/* Names like "财政局审核人" say their department already. */
	if (dept == NULL || *dept == '\0' ||
	    strstr(who, dept_of(p, dept)) != NULL)
		return who;
	return arena_printf(p->r->a, p->l == LANG_EN ? "%s (%s)" : "%s（%s）",
	    who, dept_of(p, dept));
}

/* The value of stage data field f in words, or NULL when not recorded. */
static const char *
field_value(struct page *p, const struct wf_field *f)
{
	struct json_object	*v = jget(p->c, f->name);
	const char		*s;

	if (!jhas(p->c, f->name))
		return NULL;
	s = json_object_get_string(v);
	switch (f->type) {
	case WF_BOOL:
		return t(p, json_object_get_boolean(v) ? MSG_YES : MSG_NO);
	case WF_DECIMAL:
		return money(p, jfen(p->c, f->name));
	case WF_MODE:
		return msg_mode(p->l, code_mode(s, strlen(s)));
	case WF_COUNTY:
		return msg_county(p->l, (enum county)code_county(s, strlen(s)));
	default:
		return s;
	}
}

/* The labels of stage's fields that hold no value (only: those names). */
static const char *
unrecorded(struct page *p, int stage, const char *const *only, size_t n)
{
	struct buf	 b;
	size_t		 i, k;
	int		 want;

	buf_init(&b, p->r->a);
	for (i = 0; i < wf_fields_len; i++) {
		if ((int)wf_fields[i].stage != stage ||
		    jhas(p->c, wf_fields[i].name))
			continue;
		for (want = only == NULL, k = 0; k < n; k++)
			if (strcmp(only[k], wf_fields[i].name) == 0)
				want = 1;
		if (want)
			list_add(p, &b, msg_field(p->l, wf_fields[i].name));
	}
	return b.len > 0 ? fill(p, MSG_C_NOT_FILLED, b.p, NULL, NULL) : NULL;
}

/* ---- The engine's view ---------------------------------------------- */

/* The guards' settings, as api_flow.c gives them to the engine. */
static void
settings(struct req *r, struct wf_settings *cfg)
{
	/* Asia/Shanghai is UTC+8 all year. */
	cfg->today = (long)((r->now + 8 * 3600) / 86400);
	cfg->notice_days = (int)conf_long(CONF_NOTICE_DAYS, 7);
	cfg->consent_num = (int)conf_long(CONF_CONSENT_NUM, 2);
	cfg->consent_den = (int)conf_long(CONF_CONSENT_DEN, 3);
}

/* On a redo, the form whose post failed. */
static enum form
posted_form(struct req *r)
{
	const char	*a;
	size_t		 n = strlen(r->path);

	if (r->form == NULL || (r->err_msg == NULL && r->err_details == NULL))
		return FORM_NONE;
	if (n > 7 && strcmp(r->path + n - 7, "/decide") == 0)
		return FORM_DECIDE;
	if ((a = web_field(r, "action")) != NULL) {
		if (strcmp(a, actions[ACTION_RETURN].code) == 0)
			return FORM_RETURN;
		if (strcmp(a, actions[ACTION_WITHDRAW].code) == 0)
			return FORM_WITHDRAW;
	}
	return FORM_SUBMIT;
}

/* A return or withdrawal refused for its reason alone (a 422). */
static int
reason_missing(struct page *p)
{
	struct json_object	*d, *gs, *g;
	int			 only = 0;

	if ((p->posted != FORM_RETURN && p->posted != FORM_WITHDRAW) ||
	    p->r->err_details == NULL ||
	    (d = json_tokener_parse(p->r->err_details)) == NULL)
		return 0;
	if (json_object_object_get_ex(d, "guards", &gs) &&
	    json_object_is_type(gs, json_type_array) &&
	    json_object_array_length(gs) == 1 &&
	    (g = json_object_array_get_idx(gs, 0)) != NULL &&
	    json_object_is_type(g, json_type_string))
		only = strcmp(json_object_get_string(g),
		    guards[GUARD_REASON_GIVEN].name) == 0;
	json_object_put(d);
	return only;
}

/*
 * What stands behind guard g in numbers and words, or NULL.  The
 * engine has decided whether it holds (missing); this only explains.
 */
static const char *
guard_detail(struct page *p, int g, int missing)
{
	/* The fields each way of management needs (g_management_arranged). */
	static const char *const professional[] = { "company",
	    "contract_start", "contract_end", "managed_area_m2",
	    "fee_yuan_per_m2_month" };
	static const char *const community[] = { "managing_committee" };
	static const char *const elig[] = { "built_year", "state_land",
	    "urban_area", "multi_storey", "structure_intact", "in_other_plan" };
	const struct wf_snapshot	*s = &p->s;
	const struct wf_field		*f;
	const char			*v;
	struct buf			 b;
	size_t				 i;
	long				 days;

	switch (g) {
	case GUARD_REQUIRED_FIELDS:
		return missing ? unrecorded(p, STAGE_DECLARED, NULL, 0) : NULL;
	case GUARD_ELIGIBLE:
		if (s->has_exception_reason)
			return t(p, MSG_C_EXCEPTION);
		if (!missing)
			return NULL;
		/* The recorded answers, for the reader to see which fails. */
		buf_init(&b, p->r->a);
		for (i = 0; i < sizeof(elig) / sizeof(elig[0]); i++) {
			f = wf_field_find(elig[i], strlen(elig[i]));
			v = f != NULL ? field_value(p, f) : NULL;
			if (b.len > 0)
				buf_puts(&b, p->l == LANG_EN ? "; " : "；");
			buf_puts(&b, msg_field(p->l, elig[i]));
			buf_puts(&b, p->l == LANG_EN ? ": " : "：");
			buf_puts(&b, v != NULL ? v : t(p, MSG_NOT_RECORDED));
		}
		return b.p;
	case GUARD_SURVEY_RECORDED:
		return fill(p, MSG_C_SURVEY_N, num(p, s->items),
		    num(p, s->items_no_condition), NULL);
	case GUARD_ITEMS_SELECTED:
		return fill(p, MSG_C_SELECTED_N, num(p, s->selected),
		    num(p, s->selected_no_estimate), NULL);
	case GUARD_FUNDING_COVERS_ESTIMATE:
		return fill(p, MSG_C_FUNDING_N, money(p, s->planned_fen),
		    money(p, s->estimate_fen), NULL);
	case GUARD_NOTICE_PERIOD:
		if (s->notice_posted_on < 0)
			return t(p, MSG_C_NOTICE_NONE);
		days = p->cfg.today - s->notice_posted_on;
		return fill(p, MSG_C_NOTICE_N, num(p, days < 0 ? 0 : days),
		    num(p, p->cfg.notice_days), NULL);
	case GUARD_RESIDENT_CONSENT:
		if (s->consent_households < 0 || s->households <= 0)
			return fill(p, MSG_C_NOT_FILLED, msg_field(p->l,
			    s->consent_households < 0 ? "consent_households" :
			    "households"), NULL, NULL);
		return fill(p, MSG_C_CONSENT_N, num(p, s->consent_households),
		    num(p, s->households), arena_printf(p->r->a, "%d/%d",
		    p->cfg.consent_num, p->cfg.consent_den));
	case GUARD_TENDER_RECORDED:
		return missing ? unrecorded(p, STAGE_PILOTED, NULL, 0) : NULL;
	case GUARD_ITEMS_DONE:
		return fill(p, MSG_C_DONE_N,
		    num(p, s->selected - s->selected_not_done),
		    num(p, s->selected), NULL);
	case GUARD_ITEMS_SIGNED_OFF:
		return fill(p, MSG_C_SIGNED_N,
		    num(p, s->selected - s->selected_not_signed),
		    num(p, s->selected), NULL);
	case GUARD_OWNERS_MEETING:
		if (!jhas(p->c, "owners_meeting_on"))
			return fill(p, MSG_C_NOT_FILLED,
			    msg_field(p->l, "owners_meeting_on"), NULL, NULL);
		return fill(p, MSG_C_MEETING_ON,
		    web_jstr(p->c, "owners_meeting_on"), NULL, NULL);
	case GUARD_MANAGEMENT_ARRANGED:
		if (s->mode == MODE_PROFESSIONAL)
			v = unrecorded(p, STAGE_ACCEPTED, professional,
			    sizeof(professional) / sizeof(professional[0]));
		else if (s->mode == MODE_COMMUNITY)
			v = unrecorded(p, STAGE_ACCEPTED, community,
			    sizeof(community) / sizeof(community[0]));
		else
			return t(p, MSG_C_MODE_NONE);
		return v != NULL ? v : msg_mode(p->l, s->mode);
	default:
		return NULL;
	}
}

/* The checklist of tr's guards; returns how many fail. */
static int
checklist(struct page *p, const struct wf_transition *tr, const char *comment)
{
	unsigned	 failed = wf_check(tr, &p->s, &p->cfg, comment);
	const char	*d;
	int		 g, n = 0, miss;

	if (tr->guards == 0)
		return 0;
	html_elem(p->b, "h3", t(p, MSG_C_CONDITIONS));
	html_open(p->b, "ul", "class", "checklist");
	for (g = 0; g < GUARD__MAX; g++) {
		if (!(tr->guards & GUARD_BIT(g)))
			continue;
		miss = (failed & GUARD_BIT(g)) != 0;
		n += miss;
		html_open(p->b, "li", "class", miss ? "missing" : "met");
		html_elem(p->b, "span", arena_printf(p->r->a, "%s ",
		    t(p, miss ? MSG_C_MISSING : MSG_C_MET)),
		    "class", "visually-hidden");
		html_text(p->b, p->l == LANG_EN ? guards[g].en : guards[g].zh);
		if ((d = guard_detail(p, g, miss)) != NULL)
			html_elem(p->b, "span", d, "class", "detail");
		html_close(p->b, "li");
	}
	html_close(p->b, "ul");
	return n;
}

/* ---- Parts of the page ---------------------------------------------- */

static void
heading(struct page *p)
{
	struct buf	*b = p->b;
	const char	*county = web_jstr(p->c, "county");

	html_elem(b, "p", arena_printf(p->r->a, "%s %s", t(p, MSG_C_CODE),
	    web_jstr(p->c, "code")), "class", "caption");
	html_elem(b, "h1", web_jstr(p->c, "name"));
	html_elem(b, "p", arena_printf(p->r->a, "%s · %s · %s",
	    msg_county(p->l, (enum county)code_county(county, strlen(county))),
	    web_jstr(p->c, "street"), web_jstr(p->c, "committee")),
	    "class", "lead");
	html_elem(b, "p", web_jstr(p->c, "address"), "class", "address");
}

static void
lifecycle_step(struct page *p, int stage, const char *cls, enum msg state)
{
	struct json_object	*dates = jget(p->c, "stage_dates");
	const char		*at = web_jstr(dates, stages[stage].code);

	if (strcmp(cls, "") == 0)
		html_open(p->b, "li");
	else if (state == MSG_C_STAGE_CURRENT)
		html_open(p->b, "li", "class", cls, "aria-current", "step");
	else
		html_open(p->b, "li", "class", cls);
	html_text(p->b, msg_stage(p->l, (enum stage)stage));
	if (*cls != '\0')
		html_elem(p->b, "span", arena_printf(p->r->a, " %s",
		    t(p, state)), "class", "visually-hidden");
	if (*cls != '\0' && *at != '\0')
		html_elem(p->b, "time", day(p, at), "datetime", day(p, at));
	html_close(p->b, "li");
}

/*
 * The six stages of the main line, done up to the current one.  A
 * withdrawn community only ever reached its declaration.
 */
static void
lifecycle(struct page *p)
{
	int	 st = p->s.stage, i;

	html_open(p->b, "ol", "class", "lifecycle", "aria-label",
	    t(p, MSG_C_PROGRESS));
	if (st == STAGE_WITHDRAWN) {
		lifecycle_step(p, STAGE_DECLARED, "done", MSG_C_STAGE_DONE);
		lifecycle_step(p, STAGE_WITHDRAWN, "withdrawn current",
		    MSG_C_STAGE_CURRENT);
	} else
		for (i = STAGE_DECLARED; i <= STAGE_MANAGED; i++)
			lifecycle_step(p, i, i < st ? "done" : i == st ?
			    "current" : "", i < st ? MSG_C_STAGE_DONE :
			    MSG_C_STAGE_CURRENT);
	html_close(p->b, "ol");
}

/* The action of round rid, from its submission event. */
static const char *
round_action(struct page *p, long long rid)
{
	struct json_object	*e;
	size_t			 i;

	for (i = 0; i < json_object_array_length(p->ev); i++) {
		e = json_object_array_get_idx(p->ev, i);
		if (web_jint(e, "round_id") == rid &&
		    strcmp(web_jstr(e, "action"), "submit") == 0)
			return action_of(p, web_jstr(jget(e, "after"),
			    "action"));
	}
	return "?";
}

static int
flow_event(const char *a)
{
	return strcmp(a, "submit") == 0 || strcmp(a, "approve") == 0 ||
	    strcmp(a, "reject") == 0 || strcmp(a, "cancel") == 0 ||
	    code_action(a, strlen(a)) >= 0;
}

/* After a form's success (?done=), and the last rejection, if any. */
static void
notices(struct page *p)
{
	struct json_object	*e, *who;
	const char		*m = NULL;
	char			 done[16];
	size_t			 i;

	if (p->posted == FORM_NONE && p->r->query != NULL &&
	    query_get(p->r->query, "done", done, sizeof(done)) == 1) {
		if (strcmp(done, "submitted") == 0 && p->s.round_id != 0)
			m = t(p, MSG_C_DONE_SUBMITTED);
		else if (strcmp(done, "moved") == 0)
			m = fill(p, MSG_C_DONE_MOVED, msg_stage(p->l,
			    (enum stage)p->s.stage), NULL, NULL);
		else if (strcmp(done, "approved") == 0)
			m = t(p, MSG_C_DONE_APPROVED);
		else if (strcmp(done, "rejected") == 0)
			m = t(p, MSG_C_DONE_REJECTED);
		if (m != NULL)
			html_elem(p->b, "p", m, "class", "notice success",
			    "role", "status");
	}
	if (p->s.round_id != 0)
		return;
	/* The newest step of the workflow: was it a rejection? */
	for (i = json_object_array_length(p->ev); i-- > 0; ) {
		e = json_object_array_get_idx(p->ev, i);
		if (!flow_event(web_jstr(e, "action")))
			continue;
		if (strcmp(web_jstr(e, "action"), "reject") != 0)
			return;
		who = jget(e, "actor");
		html_open(p->b, "div", "class", "notice");
		html_elem(p->b, "p", fill(p, MSG_C_LAST_REJECT,
		    round_action(p, web_jint(e, "round_id")),
		    person(p, web_jstr(who, "name"), web_jstr(who, "sub"),
		    web_jstr(who, "dept")), web_jstr(e, "comment")));
		html_elem(p->b, "p", t(p, MSG_C_RESUBMIT));
		html_close(p->b, "div");
		return;
	}
}

static void
hidden(struct page *p, const char *name, const char *value)
{
	html_open(p->b, "input", "type", "hidden", "name", name,
	    "value", value);
}

/* The comment field of form f: its own id, its own post. */
static void
comment_field(struct page *p, enum form f, const char *label,
    const char *hint, const char *error)
{
	web_textarea_in(p->r, p->b, arena_printf(p->r->a, "%s-comment",
	    form_ids[f]), "comment", label, hint, error, p->posted == f);
}

/* The open round: who submitted, each department's decision. */
static void
round_table(struct page *p, struct json_object *rd)
{
	struct json_object	*req = jget(rd, "required");
	struct json_object	*aps = jget(rd, "approvals"), *a, *hit;
	struct buf		*b = p->b;
	const char		*d, *at;
	size_t			 i, k;

	html_open(b, "dl", "class", "summary");
	html_elem(b, "dt", t(p, MSG_C_SUBMITTED_BY));
	html_elem(b, "dd", person(p, web_jstr(rd, "submitted_name"),
	    web_jstr(rd, "submitted_by"), web_jstr(rd, "submitted_dept")));
	at = web_jstr(rd, "submitted_at");
	html_elem(b, "dt", t(p, MSG_C_SUBMITTED_AT));
	html_elem(b, "dd", fill(p, MSG_C_WAITED, web_when(p->r, at),
	    web_waited(p->r, at), NULL));
	if (jhas(rd, "comment")) {
		html_elem(b, "dt", msg_field(p->l, "comment"));
		html_elem(b, "dd", web_jstr(rd, "comment"));
	}
	html_close(b, "dl");

	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table");
	html_open(b, "thead");
	html_open(b, "tr");
	html_elem(b, "th", t(p, MSG_C_COUNTERSIGNER), "scope", "col");
	html_elem(b, "th", t(p, MSG_C_DECISION), "scope", "col");
	html_elem(b, "th", t(p, MSG_C_APPROVER), "scope", "col");
	html_elem(b, "th", t(p, MSG_C_WHEN), "scope", "col");
	html_elem(b, "th", msg_field(p->l, "comment"), "scope", "col");
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	for (i = 0; req != NULL && i < json_object_array_length(req); i++) {
		d = json_object_get_string(json_object_array_get_idx(req, i));
		for (hit = NULL, k = 0; aps != NULL &&
		    k < json_object_array_length(aps); k++) {
			a = json_object_array_get_idx(aps, k);
			if (strcmp(web_jstr(a, "dept"), d) == 0)
				hit = a;
		}
		html_open(b, "tr");
		html_elem(b, "th", dept_of(p, d), "scope", "row");
		html_open(b, "td");
		if (hit == NULL)
			html_elem(b, "span", t(p, MSG_C_PENDING),
			    "class", "tag waiting");
		else if (strcmp(web_jstr(hit, "decision"), "approve") == 0)
			html_elem(b, "span", t(p, MSG_C_APPROVED),
			    "class", "tag done");
		else
			html_elem(b, "span", t(p, MSG_C_REJECTED),
			    "class", "tag refused");
		html_close(b, "td");
		html_elem(b, "td", hit == NULL ? "" : person(p,
		    web_jstr(hit, "by_name"), web_jstr(hit, "by"), NULL));
		html_elem(b, "td", hit == NULL ? "" :
		    web_when(p->r, web_jstr(hit, "at")));
		html_elem(b, "td", hit == NULL ? "" : web_jstr(hit, "comment"));
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	html_close(b, "table");
	html_close(b, "div");
}

/* Approve or reject, for an approver of a department still to decide. */
static void
decide_form(struct page *p)
{
	enum wf_deny	 d = wf_may_decide(&p->s, &p->r->actor);
	const char	*err = NULL;

	if (d != WF_OK) {
		if (d == WF_DENY_FOUR_EYES)
			html_elem(p->b, "p", t(p, MSG_DENY_FOUR_EYES),
			    "class", "hint");
		return;
	}
	if (p->posted == FORM_DECIDE && web_error_field(p->r) != NULL &&
	    strcmp(web_error_field(p->r), "comment") == 0)
		err = t(p, MSG_C_REJECT_REASON);
	html_open(p->b, "div", "id", form_ids[FORM_DECIDE]);
	html_elem(p->b, "h3", t(p, MSG_C_YOUR_DECISION));
	web_form_open(p->r, p->b, arena_printf(p->r->a,
	    "/communities/%lld/decide", p->s.id));
	hidden(p, "action", actions[p->s.round_action].code);
	hidden(p, "expected_version", p->version);
	comment_field(p, FORM_DECIDE, msg_field(p->l, "comment"),
	    t(p, MSG_C_DECIDE_HINT), err);
	html_elem(p->b, "button", t(p, MSG_C_APPROVE_BTN), "type", "submit",
	    "name", "decision", "value", decisions[DECISION_APPROVE]);
	html_elem(p->b, "button", t(p, MSG_C_REJECT_BTN), "type", "submit",
	    "name", "decision", "value", decisions[DECISION_REJECT],
	    "class", "warning");
	html_form_end(p->b);
	html_close(p->b, "div");
}

/* Links to the data forms this user may use now, for the next action. */
static void
data_links(struct page *p, const struct wf_transition *next)
{
	const struct wf_snapshot	*s = &p->s;
	const struct wf_actor		*who = &p->r->actor;
	const char			*base = arena_printf(p->r->a,
					    "/communities/%lld", s->id);
	struct json_object		*items = jget(p->c, "items"), *it;
	unsigned			 g = next != NULL ? next->guards : 0;
	const struct wf_field		*only = NULL;
	const char			*href[6], *text[6], *k;
	size_t				 i, n = 0;
	int				 edit = 0, items_ok, funding_ok;
	int				 waiting;

	/* The data is frozen while a submission awaits countersigning. */
	if (s->round_id != 0)
		return;
	for (i = 0; i < wf_fields_len; i++)
		if ((int)wf_fields[i].stage == s->stage &&
		    !wf_fields[i].fixed &&
		    wf_may_edit(&wf_fields[i], s, who) == WF_OK) {
			only = &wf_fields[i];
			edit++;
		}
	items_ok = wf_item_stage_ok(ITEM_OP_EDIT, s->stage) &&
	    wf_may_item(ITEM_OP_EDIT, -1, s, who) == WF_OK;
	funding_ok = wf_item_stage_ok(ITEM_OP_FUNDING, s->stage) &&
	    wf_may_item(ITEM_OP_FUNDING, -1, s, who) == WF_OK;

	if ((g & GUARD_BIT(GUARD_SURVEY_RECORDED)) && items_ok) {
		href[n] = arena_printf(p->r->a, "%s/survey", base);
		text[n++] = t(p, MSG_C_LINK_SURVEY);
	}
	if ((g & (GUARD_BIT(GUARD_ITEMS_SELECTED) |
	    GUARD_BIT(GUARD_FUNDING_COVERS_ESTIMATE) |
	    GUARD_BIT(GUARD_NOTICE_PERIOD) |
	    GUARD_BIT(GUARD_RESIDENT_CONSENT))) &&
	    (items_ok || funding_ok || edit)) {
		/* The plan holds this stage's data too. */
		href[n] = arena_printf(p->r->a, "%s/plan", base);
		text[n++] = t(p, MSG_C_LINK_PLAN);
		edit = funding_ok = 0;
	}
	if (edit == 1 && only->editors != 0) {
		/* A field of its own, like the county's exception. */
		href[n] = arena_printf(p->r->a, "%s/edit", base);
		text[n++] = fill(p, MSG_C_LINK_FIELD, msg_field(p->l,
		    only->name), NULL, NULL);
	} else if (edit) {
		href[n] = arena_printf(p->r->a, "%s/edit", base);
		text[n++] = t(p, (g & (GUARD_BIT(GUARD_REQUIRED_FIELDS) |
		    GUARD_BIT(GUARD_ELIGIBLE))) ? MSG_C_LINK_DECLARATION :
		    (g & GUARD_BIT(GUARD_TENDER_RECORDED)) ? MSG_C_LINK_TENDER :
		    (g & (GUARD_BIT(GUARD_OWNERS_MEETING) |
		    GUARD_BIT(GUARD_MANAGEMENT_ARRANGED))) ?
		    MSG_C_LINK_HANDOVER : MSG_C_LINK_EDIT);
	}
	if (wf_item_stage_ok(ITEM_OP_DONE, s->stage) &&
	    wf_may_item(ITEM_OP_DONE, -1, s, who) == WF_OK &&
	    s->selected_not_done > 0) {
		href[n] = arena_printf(p->r->a, "%s/works", base);
		text[n++] = fill(p, MSG_C_LINK_WORKS,
		    num(p, s->selected_not_done), NULL, NULL);
	}
	if (wf_item_stage_ok(ITEM_OP_SIGNOFF, s->stage)) {
		for (waiting = 0, i = 0; items != NULL &&
		    i < json_object_array_length(items); i++) {
			it = json_object_array_get_idx(items, i);
			k = web_jstr(it, "kind");
			if (web_jbool(it, "selected") &&
			    strcmp(web_jstr(it, "status"), "done") == 0 &&
			    wf_may_item(ITEM_OP_SIGNOFF,
			    code_kind(k, strlen(k)), s, who) == WF_OK)
				waiting++;
		}
		if (waiting > 0) {
			href[n] = "/signoffs";
			text[n++] = fill(p, MSG_C_LINK_SIGNOFF, num(p, waiting),
			    NULL, NULL);
		}
	}
	if (funding_ok) {
		href[n] = arena_printf(p->r->a, "%s/plan#funding", base);
		text[n++] = t(p, MSG_C_LINK_FUNDING);
	}
	if (n == 0)
		return;
	html_elem(p->b, "h3", t(p, MSG_C_TO_RECORD));
	html_open(p->b, "ul", "class", "links");
	for (i = 0; i < n; i++) {
		html_open(p->b, "li");
		html_elem(p->b, "a", text[i], "href", href[i]);
		html_close(p->b, "li");
	}
	html_close(p->b, "ul");
}

/* The main action from here: who takes it, its checklist, its form. */
static void
next_step(struct page *p, const struct wf_transition *next)
{
	const struct wf_snapshot	*s = &p->s;
	unsigned			 need = wf_required(next, s);
	int				 missing, may;

	may = wf_may_initiate(next, s, &p->r->actor) == WF_OK;
	html_elem(p->b, "h2", fill(p, MSG_C_NEXT,
	    msg_action(p->l, next->action), NULL, NULL));
	if (!may)
		html_elem(p->b, "p", fill(p, MSG_C_TAKEN_BY,
		    dept_names(p, wf_initiators(next, s->stage)),
		    t(p, next->role == ROLE_APPROVER ? MSG_C_ROLE_APPROVER :
		    MSG_C_ROLE_CLERK), NULL), "class", "hint");
	missing = checklist(p, next, NULL);
	data_links(p, next);
	if (!may)
		return;
	if (missing > 0) {
		html_elem(p->b, "p", fill(p, MSG_C_NOT_READY, num(p, missing),
		    NULL, NULL), "class", "notice");
		return;
	}
	html_open(p->b, "div", "id", form_ids[FORM_SUBMIT]);
	web_form_open(p->r, p->b, p->act);
	hidden(p, "action", actions[next->action].code);
	hidden(p, "expected_version", p->version);
	html_elem(p->b, "p", need != 0 ? fill(p, MSG_C_GOES_TO,
	    dept_names(p, need), NULL, NULL) : t(p, MSG_C_AT_ONCE));
	comment_field(p, FORM_SUBMIT, t(p, MSG_C_COMMENT_OPTIONAL), NULL,
	    NULL);
	html_elem(p->b, "button", msg_action(p->l, next->action),
	    "type", "submit");
	html_form_end(p->b);
	html_close(p->b, "div");
}

/* Return or withdraw: a reason, behind a disclosure. */
static void
side_form(struct page *p, enum form f, const struct wf_transition *tr)
{
	const char	*err = NULL, *target;
	int		 to = wf_target(tr, p->s.stage);

	target = msg_stage(p->l, (enum stage)to);
	if (p->posted == f && reason_missing(p))
		err = t(p, MSG_C_REASON_NEEDED);
	if (p->posted == f)
		html_open(p->b, "details", "id", form_ids[f], "class", "act",
		    "open", (const char *)NULL);
	else
		html_open(p->b, "details", "id", form_ids[f], "class", "act");
	html_elem(p->b, "summary", t(p, f == FORM_RETURN ? MSG_C_RETURN_H :
	    MSG_C_WITHDRAW_H));
	html_open(p->b, "div", "class", "details-body");
	html_elem(p->b, "p", f == FORM_RETURN ?
	    fill(p, MSG_C_RETURN_HINT, target, NULL, NULL) :
	    fill(p, MSG_C_WITHDRAW_HINT, dept_names(p, wf_required(tr, &p->s)),
	    NULL, NULL));
	web_form_open(p->r, p->b, p->act);
	hidden(p, "action", actions[tr->action].code);
	hidden(p, "expected_version", p->version);
	comment_field(p, f, t(p, MSG_C_REASON), NULL, err);
	html_elem(p->b, "button", f == FORM_RETURN ?
	    fill(p, MSG_C_RETURN_BTN, target, NULL, NULL) :
	    t(p, MSG_C_WITHDRAW_BTN), "type", "submit", "class", "warning");
	html_form_end(p->b);
	html_close(p->b, "div");
	html_close(p->b, "details");
}

/* Everything that moves the record, as far as this user may. */
static void
workflow(struct page *p)
{
	const struct wf_snapshot	*s = &p->s;
	const struct wf_actor		*who = &p->r->actor;
	const struct wf_transition	*next = wf_next(s->stage), *tr;
	struct json_object		*rd = jget(p->c, "round");

	if (s->round_id != 0 && rd != NULL) {
		html_open(p->b, "section", "id", "round");
		html_elem(p->b, "h2", fill(p, MSG_C_ROUND, msg_action(p->l,
		    (enum action)s->round_action), NULL, NULL));
		round_table(p, rd);
		tr = wf_find((enum action)s->round_action, s->stage);
		if (tr != NULL)
			checklist(p, tr, s->round_comment);
		decide_form(p);
		html_close(p->b, "section");
	} else if (next != NULL) {
		html_open(p->b, "section", "id", "next");
		next_step(p, next);
		html_close(p->b, "section");
	} else {
		html_elem(p->b, "p", t(p, s->stage == STAGE_WITHDRAWN ?
		    MSG_C_WITHDRAWN : MSG_C_FINISHED), "class", "notice");
		data_links(p, NULL);
	}
	if ((tr = wf_find(ACTION_RETURN, s->stage)) != NULL &&
	    wf_may_initiate(tr, s, who) == WF_OK)
		side_form(p, FORM_RETURN, tr);
	if ((tr = wf_find(ACTION_WITHDRAW, s->stage)) != NULL &&
	    s->round_id == 0 && wf_may_initiate(tr, s, who) == WF_OK)
		side_form(p, FORM_WITHDRAW, tr);
}

/*
 * The value of field f for the summary: its words, "not recorded", or
 * NULL to leave it out.  Blanks matter while their stage lasts; after
 * it, and for the county's exception, only what was recorded is shown.
 */
static const char *
detail_value(struct page *p, const struct wf_field *f)
{
	const char	*v = field_value(p, f);

	if (v != NULL)
		return v;
	if ((int)f->stage < p->s.stage || f->editors != 0)
		return NULL;
	return t(p, MSG_NOT_RECORDED);
}

/* The stage data, grouped by the stage that records it. */
static void
details(struct page *p)
{
	static const enum msg	 groups[STAGE__MAX] = {
		[STAGE_DECLARED] = MSG_C_GROUP_DECLARED,
		[STAGE_SURVEYED] = MSG_C_GROUP_SURVEYED,
		[STAGE_PILOTED] = MSG_C_GROUP_PILOTED,
		[STAGE_ACCEPTED] = MSG_C_GROUP_ACCEPTED,
	};
	struct buf	*b = p->b;
	const char	*v;
	size_t		 i, rows, fields;
	int		 st, last = p->s.stage == STAGE_WITHDRAWN ?
			    STAGE_DECLARED : p->s.stage;

	html_elem(b, "h2", t(p, MSG_C_DETAILS));
	for (st = STAGE_DECLARED; st <= last; st++) {
		for (rows = fields = 0, i = 0; i < wf_fields_len; i++)
			if ((int)wf_fields[i].stage == st) {
				fields++;
				rows += detail_value(p, &wf_fields[i]) != NULL;
			}
		if (fields == 0)
			continue;	/* a stage without data of its own */
		html_elem(b, "h3", t(p, groups[st]));
		if (rows == 0) {
			html_elem(b, "p", t(p, MSG_NOT_RECORDED));
			continue;
		}
		html_open(b, "dl", "class", "summary");
		if (st == STAGE_DECLARED) {
			html_elem(b, "dt", t(p, MSG_C_DECLARED_BY));
			html_elem(b, "dd", dept_of(p,
			    web_jstr(p->c, "declared_by_dept")));
			html_elem(b, "dt", t(p, MSG_C_DECLARED_AT));
			html_elem(b, "dd", web_when(p->r,
			    web_jstr(p->c, "created_at")));
		}
		for (i = 0; i < wf_fields_len; i++) {
			if ((int)wf_fields[i].stage != st ||
			    (v = detail_value(p, &wf_fields[i])) == NULL)
				continue;
			html_elem(b, "dt", msg_field(p->l, wf_fields[i].name));
			html_elem(b, "dd", v);
		}
		html_close(b, "dl");
	}
}

/*
 * The residents' public notice (web_public.c), which notice_posted_on
 * refers to; a withdrawn community has none.
 */
static void
public_link(struct page *p)
{
	if (p->s.stage == STAGE_WITHDRAWN)
		return;
	html_open(p->b, "p", "class", "public-link");
	html_elem(p->b, "a", t(p, MSG_PUB_LINK), "href",
	    arena_printf(p->r->a, "/public/communities/%s",
	    web_jstr(p->c, "code")));
	html_close(p->b, "p");
}

static void
th_col(struct page *p, const char *text, int numeric)
{
	if (numeric)
		html_elem(p->b, "th", text, "scope", "col", "class", "num");
	else
		html_elem(p->b, "th", text, "scope", "col");
}

static void
item_status(struct page *p, struct json_object *it)
{
	const char	*st = web_jstr(it, "status");

	if (!web_jbool(it, "selected"))
		html_elem(p->b, "span", t(p, MSG_C_ST_NOT_SELECTED),
		    "class", "tag grey");
	else if (strcmp(st, "signed_off") == 0)
		html_elem(p->b, "span", t(p, MSG_C_ST_SIGNED),
		    "class", "tag done");
	else if (strcmp(st, "done") == 0)
		html_elem(p->b, "span", t(p, MSG_C_ST_DONE),
		    "class", "tag waiting");
	else if (jhas(it, "decided_at")) {
		/* Back to planned by a refused sign-off. */
		html_elem(p->b, "span", t(p, MSG_C_ST_REFUSED),
		    "class", "tag refused");
		if (jhas(it, "decision_comment"))
			html_elem(p->b, "p", web_jstr(it, "decision_comment"),
			    "class", "hint");
	} else
		html_elem(p->b, "span", t(p, MSG_C_ST_PLANNED), "class", "tag");
}

static void
items_table(struct page *p)
{
	struct json_object	*items = jget(p->c, "items"), *it;
	struct buf		*b = p->b;
	const char		*k, *c;
	size_t			 i, n = items != NULL ?
				    json_object_array_length(items) : 0;

	html_elem(b, "h2", t(p, MSG_C_ITEMS), "id", "items");
	if (n == 0) {
		html_elem(b, "p", t(p, MSG_C_NO_ITEMS));
		return;
	}
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table");
	html_open(b, "thead");
	html_open(b, "tr");
	th_col(p, msg_field(p->l, "kind"), 0);
	th_col(p, t(p, MSG_C_DEPT), 0);
	th_col(p, msg_field(p->l, "condition"), 0);
	th_col(p, msg_field(p->l, "selected"), 0);
	th_col(p, msg_field(p->l, "estimate_yuan"), 1);
	th_col(p, t(p, MSG_C_STATUS), 0);
	th_col(p, t(p, MSG_C_SIGNOFF), 0);
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(items, i);
		k = web_jstr(it, "kind");
		c = web_jstr(it, "condition");
		html_open(b, "tr");
		html_elem(b, "th", msg_kind(p->l, (enum kind)code_kind(k,
		    strlen(k))), "scope", "row");
		html_elem(b, "td", dept_of(p, web_jstr(it, "dept")));
		html_elem(b, "td", *c != '\0' ? msg_condition(p->l,
		    code_condition(c, strlen(c))) : t(p, MSG_NOT_RECORDED));
		html_elem(b, "td", t(p, web_jbool(it, "selected") ?
		    MSG_YES : MSG_NO));
		html_elem(b, "td", jhas(it, "estimate_yuan") ?
		    money(p, jfen(it, "estimate_yuan")) :
		    t(p, MSG_NOT_RECORDED), "class", "num");
		html_open(b, "td");
		item_status(p, it);
		html_close(b, "td");
		html_open(b, "td");
		if (jhas(it, "decided_at")) {
			html_text(b, person(p, NULL, web_jstr(it, "decided_by"),
			    web_jstr(it, "decided_dept")));
			html_elem(b, "time", web_when(p->r,
			    web_jstr(it, "decided_at")), "datetime",
			    web_jstr(it, "decided_at"));
		}
		html_close(b, "td");
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	html_open(b, "tfoot");
	html_open(b, "tr");
	html_elem(b, "th", t(p, MSG_C_SELECTED_TOTAL), "scope", "row",
	    "colspan", "4");
	html_elem(b, "td", money(p, p->s.estimate_fen), "class", "num");
	html_elem(b, "td", NULL, "colspan", "2");
	html_close(b, "tr");
	html_close(b, "tfoot");
	html_close(b, "table");
	html_close(b, "div");
}

static void
funding_table(struct page *p)
{
	struct json_object	*lines = jget(p->c, "funding"), *f;
	struct buf		*b = p->b;
	const char		*src;
	long long		 planned = 0, received = 0;
	size_t			 i, n = lines != NULL ?
				    json_object_array_length(lines) : 0;

	html_elem(b, "h2", t(p, MSG_C_FUNDING), "id", "funding");
	if (n == 0)
		html_elem(b, "p", t(p, MSG_C_NO_FUNDING));
	else {
		html_open(b, "div", "class", "table-wrap");
		html_open(b, "table");
		html_open(b, "thead");
		html_open(b, "tr");
		th_col(p, msg_field(p->l, "source"), 0);
		th_col(p, msg_field(p->l, "planned_yuan"), 1);
		th_col(p, msg_field(p->l, "received_yuan"), 1);
		th_col(p, msg_field(p->l, "note"), 0);
		html_close(b, "tr");
		html_close(b, "thead");
		html_open(b, "tbody");
		for (i = 0; i < n; i++) {
			f = json_object_array_get_idx(lines, i);
			src = web_jstr(f, "source");
			planned += jfen(f, "planned_yuan");
			received += jfen(f, "received_yuan");
			html_open(b, "tr");
			html_elem(b, "th", msg_source(p->l,
			    code_source(src, strlen(src))), "scope", "row");
			html_elem(b, "td", money(p, jfen(f, "planned_yuan")),
			    "class", "num");
			html_elem(b, "td", money(p, jfen(f, "received_yuan")),
			    "class", "num");
			html_elem(b, "td", web_jstr(f, "note"));
			html_close(b, "tr");
		}
		html_close(b, "tbody");
		html_open(b, "tfoot");
		html_open(b, "tr");
		html_elem(b, "th", t(p, MSG_C_TOTAL), "scope", "row");
		html_elem(b, "td", money(p, planned), "class", "num");
		html_elem(b, "td", money(p, received), "class", "num");
		html_elem(b, "td", NULL);
		html_close(b, "tr");
		html_close(b, "tfoot");
		html_close(b, "table");
		html_close(b, "div");
	}
	if (p->s.selected == 0)
		return;
	html_open(b, "p");
	html_text(b, fill(p, MSG_C_FUNDING_N, money(p, p->s.planned_fen),
	    money(p, p->s.estimate_fen), NULL));
	html_text(b, p->l == LANG_EN ? ". " : "。");
	html_text(b, p->s.planned_fen >= p->s.estimate_fen ?
	    t(p, MSG_C_FUND_COVERED) : fill(p, MSG_C_FUND_GAP,
	    money(p, p->s.estimate_fen - p->s.planned_fen), NULL, NULL));
	html_close(b, "p");
}

/* ---- Money: who pays (api_money.c, docs/money.md) -------------------- */

/* A row of the shares table: label, share, and planned and gap or blanks. */
static void
share_row(struct page *p, const char *label, long long share, int cover,
    long long planned, long long gap, const char *cls)
{
	struct buf	*b = p->b;

	if (cls != NULL)
		html_open(b, "tr", "class", cls);
	else
		html_open(b, "tr");
	html_elem(b, "th", label, "scope", "row");
	html_elem(b, "td", money(p, share), "class", "num");
	html_elem(b, "td", cover ? money(p, planned) : NULL, "class", "num");
	html_elem(b, "td", cover ? money(p, gap) : NULL, "class", "num");
	html_close(b, "tr");
}

/* The cover row of party ("utility", "owners", "public") in the answer. */
static struct json_object *
cover_of(struct json_object *sh, const char *party)
{
	struct json_object	*cv = jget(sh, "cover"), *c;
	size_t			 i, n = cv != NULL ? json_object_array_length(cv) : 0;

	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(cv, i);
		if (strcmp(web_jstr(c, "party"), party) == 0)
			return c;
	}
	return NULL;
}

/*
 * Each party's share of the selected items, as the rules compute it
 * (GET .../shares), against the funding planned for it, and what is
 * still missing from public funds.
 */
static enum jg_err
shares_table(struct page *p)
{
	struct json_object	*sh, *parties, *pt, *c;
	struct buf		*b = p->b;
	static const char *const money_party_names[] = {
		"utility", "owners", "public",
	};
	const char		*party;
	long long		 gap, planned = 0;
	size_t			 i, n;
	int			 d, utilities = 0;
	enum jg_err		 e;

	if (p->s.selected == 0)
		return JG_OK;
	if ((e = web_call(p->r, api_community_shares, p->s.id, NULL, NULL,
	    &sh)) != JG_OK)
		return e;
	parties = jget(sh, "parties");
	n = parties != NULL ? json_object_array_length(parties) : 0;
	html_elem(b, "h2", t(p, MSG_M_SHARES), "id", "shares");
	html_elem(b, "p", t(p, MSG_M_LEAD));
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "class", "shares");
	html_open(b, "thead");
	html_open(b, "tr");
	th_col(p, t(p, MSG_M_PARTY), 0);
	th_col(p, t(p, MSG_M_SHARE), 1);
	th_col(p, t(p, MSG_M_PLANNED), 1);
	th_col(p, t(p, MSG_M_GAP), 1);
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	/* Each utility on its own; the funding source "utility" is theirs together. */
	for (i = 0; i < n; i++) {
		pt = json_object_array_get_idx(parties, i);
		party = web_jstr(pt, "party");
		if (strncmp(party, "utility:", 8) != 0 ||
		    (d = code_dept(party + 8, strlen(party + 8))) < 0)
			continue;
		share_row(p, msg_dept(p->l, (enum dept)d), jfen(pt, "yuan"), 0, 0,
		    0, NULL);
		utilities++;
	}
	for (i = 0; i < 3; i++)
		if ((c = cover_of(sh, money_party_names[i])) != NULL)
			planned += jfen(c, "planned_yuan");
	if (utilities > 0 && (c = cover_of(sh, "utility")) != NULL)
		share_row(p, t(p, MSG_M_UTILITIES), jfen(c, "share_yuan"), 1,
		    jfen(c, "planned_yuan"), jfen(c, "gap_yuan"), "subtotal");
	if ((c = cover_of(sh, "owners")) != NULL)
		share_row(p, t(p, MSG_M_OWNERS), jfen(c, "share_yuan"), 1,
		    jfen(c, "planned_yuan"), jfen(c, "gap_yuan"), NULL);
	if ((c = cover_of(sh, "public")) != NULL)
		share_row(p, t(p, MSG_M_PUBLIC), jfen(c, "share_yuan"), 1,
		    jfen(c, "planned_yuan"), jfen(c, "gap_yuan"), NULL);
	html_close(b, "tbody");
	html_open(b, "tfoot");
	html_open(b, "tr");
	html_elem(b, "th", t(p, MSG_C_TOTAL), "scope", "row");
	html_elem(b, "td", money(p, jfen(sh, "estimate_yuan")), "class", "num");
	html_elem(b, "td", money(p, planned), "class", "num");
	html_elem(b, "td", money(p, jfen(sh, "estimate_yuan") - planned),
	    "class", "num");
	html_close(b, "tr");
	html_close(b, "tfoot");
	html_close(b, "table");
	html_close(b, "div");
	html_elem(b, "p", t(p, MSG_M_PUBLIC_SOURCES), "class", "hint");
	gap = jfen(sh, "public_gap_yuan");
	html_elem(b, "p", gap > 0 ? fill(p, MSG_M_PUBLIC_GAP, money(p, gap),
	    NULL, NULL) : gap < 0 ? fill(p, MSG_M_PUBLIC_OVER, money(p, -gap),
	    NULL, NULL) : t(p, MSG_M_PUBLIC_COVERED), "id", "public-gap");
	return JG_OK;
}

/* What an event did, in words. */
static const char *
event_what(struct page *p, struct json_object *e)
{
	struct json_object	*before = jget(e, "before");
	struct json_object	*after = jget(e, "after");
	struct json_object	*it = after != NULL ? after : before;
	const char		*a = web_jstr(e, "action"), *k;
	struct buf		 b;
	static const struct {
		const char	*code;
		enum msg	 m;
	} item_events[] = {
		{ "item_add", MSG_C_EV_ITEM_ADD },
		{ "item_edit", MSG_C_EV_ITEM_EDIT },
		{ "item_done", MSG_C_EV_ITEM_DONE },
		{ "item_signoff", MSG_C_EV_ITEM_SIGNOFF },
		{ "item_reject", MSG_C_EV_ITEM_REJECT },
	};
	size_t			 i;

	if (strcmp(a, "submit") == 0)
		return fill(p, MSG_C_EV_SUBMIT,
		    action_of(p, web_jstr(after, "action")),
		    dept_names(p, api_dept_mask(web_jstr(after, "required"))),
		    NULL);
	if (strcmp(a, "approve") == 0 || strcmp(a, "reject") == 0)
		return fill(p, a[0] == 'a' ? MSG_C_EV_APPROVE : MSG_C_EV_REJECT,
		    round_action(p, web_jint(e, "round_id")), NULL, NULL);
	if (strcmp(a, "cancel") == 0)
		return t(p, MSG_C_EV_CANCEL);
	if (strcmp(a, "edit") == 0) {
		buf_init(&b, p->r->a);
		if (after != NULL &&
		    json_object_is_type(after, json_type_object)) {
			json_object_object_foreach(after, key, val) {
				(void)val;
				list_add(p, &b, msg_field(p->l, key));
			}
		}
		return fill(p, MSG_C_EV_EDIT, b.len > 0 ? b.p : "", NULL, NULL);
	}
	for (i = 0; i < sizeof(item_events) / sizeof(item_events[0]); i++)
		if (strcmp(a, item_events[i].code) == 0) {
			k = web_jstr(it, "kind");
			return fill(p, item_events[i].m, msg_kind(p->l,
			    (enum kind)code_kind(k, strlen(k))), NULL, NULL);
		}
	if (strcmp(a, "funding_add") == 0) {
		k = web_jstr(after, "source");
		return fill(p, MSG_C_EV_FUNDING, msg_source(p->l,
		    code_source(k, strlen(k))), money(p,
		    jfen(after, "planned_yuan") + jfen(after, "received_yuan")),
		    NULL);
	}
	if (code_action(a, strlen(a)) >= 0) {
		if (jhas(before, "stage") && jhas(after, "stage"))
			return fill(p, MSG_C_EV_STAGE, action_of(p, a),
			    stage_of(p, web_jstr(before, "stage")),
			    stage_of(p, web_jstr(after, "stage")));
		return action_of(p, a);
	}
	return a;
}

/* The audit trail, newest first. */
static void
history(struct page *p)
{
	struct json_object	*e, *who;
	struct buf		*b = p->b;
	const char		*at;
	char			 all[8];
	size_t			 n = json_object_array_length(p->ev), i, shown;

	shown = n;
	if (n > EVENTS_SHOWN && !(p->r->query != NULL &&
	    query_get(p->r->query, "events", all, sizeof(all)) == 1 &&
	    strcmp(all, "all") == 0))
		shown = EVENTS_SHOWN;
	html_elem(b, "h2", t(p, MSG_C_HISTORY), "id", "history");
	if (shown < n) {
		html_open(b, "p");
		html_text(b, fill(p, MSG_C_HISTORY_MORE,
		    num(p, (long long)shown), num(p, (long long)n), NULL));
		html_text(b, " ");
		html_elem(b, "a", t(p, MSG_C_HISTORY_ALL), "href", arena_printf(
		    p->r->a, "/communities/%lld?events=all#history", p->s.id));
		html_close(b, "p");
	}
	html_open(b, "ol", "class", "timeline");
	for (i = n; i-- > n - shown; ) {
		e = json_object_array_get_idx(p->ev, i);
		who = jget(e, "actor");
		at = web_jstr(e, "at");
		html_open(b, "li");
		html_elem(b, "time", web_when(p->r, at), "datetime", at);
		html_elem(b, "strong", event_what(p, e));
		html_elem(b, "span", person(p, web_jstr(who, "name"),
		    web_jstr(who, "sub"), web_jstr(who, "dept")),
		    "class", "who");
		if (jhas(e, "comment"))
			html_elem(b, "p", web_jstr(e, "comment"),
			    "class", "comment");
		html_close(b, "li");
	}
	html_close(b, "ol");
}

/* ---- Handlers ------------------------------------------------------- */

enum jg_err
web_community(struct req *r)
{
	struct json_object	*evs;
	struct page		 p;
	struct buf		 b;
	enum jg_err		 e;
	const char		*f, *anchor = NULL, *emsg = NULL;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.b = &b;
	p.l = (enum lang)r->lang;
	/* The API's answer decides scope: 403 outside it, 404 unknown. */
	if ((e = web_call(r, api_community_get, r->id, NULL, NULL,
	    &p.c)) != JG_OK)
		return e;
	if ((e = web_call(r, api_community_events, r->id, NULL, NULL,
	    &evs)) != JG_OK)
		return e;
	if ((p.ev = jget(evs, "items")) == NULL ||
	    !json_object_is_type(p.ev, json_type_array))
		return req_fail(r, JG_INTERNAL, "events without items");
	if ((e = api_snapshot(r, r->id, &p.s)) != JG_OK)
		return e;
	settings(r, &p.cfg);
	p.posted = posted_form(r);
	p.act = arena_printf(r->a, "/communities/%lld/act", p.s.id);
	p.version = api_num(r, web_jint(p.c, "version"));

	buf_init(&b, r->a);
	web_page_begin(r, &b, web_jstr(p.c, "name"), NULL);
	/* The summary's link goes to the field of the form that was posted. */
	if (p.posted != FORM_NONE && (f = web_error_field(r)) != NULL) {
		if (strcmp(f, "comment") == 0) {
			anchor = arena_printf(r->a, "%s-comment",
			    form_ids[p.posted]);
			if (p.posted == FORM_DECIDE)
				emsg = t(&p, MSG_C_REJECT_REASON);
		} else
			anchor = form_ids[p.posted];
	} else if (reason_missing(&p)) {
		/* A reason not given is the reason field's error. */
		anchor = arena_printf(r->a, "%s-comment", form_ids[p.posted]);
		emsg = t(&p, MSG_C_REASON_NEEDED);
	}
	web_error_summary_at(r, &b, anchor, emsg);
	heading(&p);
	lifecycle(&p);
	notices(&p);
	workflow(&p);
	details(&p);
	public_link(&p);
	items_table(&p);
	funding_table(&p);
	if ((e = shares_table(&p)) != JG_OK)
		return e;
	history(&p);
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_act_post(struct req *r)
{
	const struct api_body	*f = api_fields(BODY_TRANSITION);
	struct json_object	*out;
	enum jg_err		 e;

	e = web_call(r, api_transition, r->id, NULL,
	    web_form_json(r, f->fields, f->n, NULL, NULL), &out);
	if (e != JG_OK)
		return e;
	/* A round answers with its status; a fired return, the community. */
	return web_redirect(r, arena_printf(r->a, "/communities/%lld?done=%s",
	    r->id, strcmp(web_jstr(out, "status"), "open") == 0 ?
	    "submitted" : "moved"));
}

enum jg_err
web_decide_post(struct req *r)
{
	const struct api_body	*f = api_fields(BODY_APPROVAL);
	const char		*d = web_field(r, "decision");
	struct json_object	*out;
	enum jg_err		 e;

	e = web_call(r, api_approval, r->id, NULL,
	    web_form_json(r, f->fields, f->n, NULL, NULL), &out);
	if (e != JG_OK)
		return e;
	/* The last approval fires the transition: the community answers. */
	return web_redirect(r, arena_printf(r->a, "/communities/%lld?done=%s",
	    r->id, *web_jstr(out, "stage") != '\0' ? "moved" :
	    d != NULL && strcmp(d, decisions[DECISION_REJECT]) == 0 ?
	    "rejected" : "approved"));
}
