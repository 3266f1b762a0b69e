/*
 * web_signoff.c - 验收签认, GET and POST /signoffs: every finished item
 * waiting for the signed-in user's department to check the work, across
 * the communities the user may see, grouped by community; its approvers
 * tick items and approve or reject them all in one transaction.
 *
 * Which items wait, and who may sign, is the engine's word, never ours:
 * the list comes from the task list (api_tasks) for those holding the
 * role that signs, else from the communities at the stages where the
 * item rule allows it (wf_item_stage_ok); each item is shown when
 * wf_may_item() says its kind is the department's, and gets a checkbox
 * only when wf_may_item() lets this user sign it.  The post hands every
 * ticked item to api_item_signoff() in the dispatcher's transaction, so
 * one refusal rolls them all back and the page comes again with the
 * ticks kept.
 *
 * Form fields: item (a checkbox per item, value the item's id, may
 * repeat), decision (approve | reject), comment.
 *
 * No expected_version goes with the items.  Every sign-off raises its
 * community's version, and many departments sign items of the same
 * communities in the same days: a version check would refuse one
 * department's list because another signed an unrelated item meanwhile.
 * What matters is checked by the API under the community's lock: the
 * item is still done (not signed, not sent back) and the stage allows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_fields.h"
#include "chart.h"
#include "html.h"
#include "urlenc.h"
#include "web.h"

#define MAX_GROUPS	500	/* communities on the page, as api_tasks' limit */
#define MAX_CHOSEN	500	/* items in one post */
#define LIST_PAGE	"200"	/* communities per call of api_community_list */

struct so_item {
	long long		 id;
	int			 kind;
	int			 may;		/* this user may sign it */
	struct json_object	*o;
};

struct so_group {
	long long		 id;
	struct json_object	*c;		/* the community as GET answers it */
	struct so_item		*items;
	int			 n;
};

struct so_page {
	struct req		*r;
	enum lang		 l;
	struct so_group		*g;
	int			 ng;
	int			 items;		/* shown */
	int			 may;		/* of which the user may sign */
	long long		*chosen;	/* ticked in the post shown again */
	int			 nchosen;
};

/* The ids ticked in a post, each once. */
struct chosen {
	long long	 ids[MAX_CHOSEN];
	int		 n;
};

static int
add_chosen(const char *v, void *arg)
{
	struct chosen	*c = arg;
	char		*end;
	long long	 id;
	int		 i;

	id = strtoll(v, &end, 10);
	if (*v < '1' || *v > '9' || *end != '\0' || strlen(v) > 15 || id <= 0)
		return -1;
	for (i = 0; i < c->n; i++)
		if (c->ids[i] == id)
			return 0;
	if (c->n == MAX_CHOSEN)
		return -1;
	c->ids[c->n++] = id;
	return 0;
}

/* The items ticked in the posted form; -1 for a forged or oversized one. */
static int
read_chosen(struct req *r, struct chosen *c)
{
	char	*out;
	size_t	 sz;

	c->n = 0;
	if (r->form == NULL)
		return 0;
	sz = strlen(r->form) + 1;
	out = arena_alloc(r->a, sz);
	return query_each(r->form, "item", out, sz, add_chosen, c) < 0 ? -1 : 0;
}

/* What the engine says this user may do with items of kind in s. */
static enum wf_deny
may_sign(struct req *r, int kind, const struct wf_snapshot *s)
{
	return wf_may_item(ITEM_OP_SIGNOFF, kind, s, &r->actor);
}

/*
 * A snapshot of no community but in the user's own county: enough to ask
 * wf_may_item() which kinds are the department's before any is loaded.
 */
static void
own_snapshot(struct req *r, struct wf_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->county = r->actor.county;
}

/* Add community id to the page once. */
static void
add_group(struct so_page *p, long long id)
{
	int	 i;

	for (i = 0; i < p->ng; i++)
		if (p->g[i].id == id)
			return;
	if (p->ng < MAX_GROUPS)
		p->g[p->ng++].id = id;
}

/* The communities with items waiting: the task list's, for signers. */
static enum jg_err
from_tasks(struct so_page *p)
{
	struct json_object	*t, *so, *row;
	enum jg_err		 e;
	size_t			 i;

	if ((e = web_call(p->r, api_tasks, 0, NULL, NULL, &t)) != JG_OK)
		return e;
	if (!json_object_object_get_ex(t, "signoffs", &so) ||
	    !json_object_is_type(so, json_type_array))
		return JG_OK;
	for (i = 0; i < json_object_array_length(so); i++) {
		row = json_object_array_get_idx(so, i);
		add_group(p, web_jint(row, "community_id"));
	}
	return JG_OK;
}

/*
 * The communities at the stages where items are signed off, for those
 * who may not sign (the task list gives them none) but should see what
 * waits for their department.  Pages through the list by its cursor.
 */
static enum jg_err
from_list(struct so_page *p)
{
	struct json_object	*o, *items;
	const char		*next;
	enum jg_err		 e;
	size_t			 i;
	int			 st;

	for (st = 0; st < STAGE__MAX; st++) {
		if (!wf_item_stage_ok(ITEM_OP_SIGNOFF, st))
			continue;
		next = NULL;
		do {
			e = web_call(p->r, api_community_list, 0,
			    arena_printf(p->r->a, "stage=%s&limit=" LIST_PAGE
			    "%s%s", stages[st].code, next != NULL ? "&after=" :
			    "", next != NULL ? next : ""), NULL, &o);
			if (e != JG_OK)
				return e;
			if (json_object_object_get_ex(o, "items", &items) &&
			    json_object_is_type(items, json_type_array))
				for (i = 0; i < json_object_array_length(items); i++)
					add_group(p, web_jint(
					    json_object_array_get_idx(items, i),
					    "id"));
			next = web_jstr(o, "next");
		} while (*next != '\0' && p->ng < MAX_GROUPS);
	}
	return JG_OK;
}

/* Whether an item is finished work waiting for a sign-off (by someone). */
static int
waiting(struct json_object *it)
{
	return web_jbool(it, "selected") &&
	    strcmp(web_jstr(it, "status"), "done") == 0;
}

/* Each community with its waiting items of the user's department. */
static enum jg_err
load(struct so_page *p)
{
	struct req		*r = p->r;
	struct json_object	*items, *it;
	struct wf_snapshot	 s;
	struct so_group		*g;
	const char		*k;
	enum jg_err		 e;
	size_t			 i;
	int			 n, kind, out = 0;
	enum wf_deny		 d;

	p->g = arena_alloc(r->a, sizeof(*p->g) * MAX_GROUPS);
	memset(p->g, 0, sizeof(*p->g) * MAX_GROUPS);
	if (r->actor.roles & ROLE_BIT(wf_item_rules[ITEM_OP_SIGNOFF].role))
		e = from_tasks(p);
	else
		e = from_list(p);
	if (e != JG_OK)
		return e;
	for (n = 0; n < p->ng; n++) {
		g = &p->g[n];
		if ((e = web_call(r, api_community_get, g->id, NULL, NULL,
		    &g->c)) != JG_OK || (e = api_snapshot(r, g->id, &s)) != JG_OK)
			return e;
		if (!wf_item_stage_ok(ITEM_OP_SIGNOFF, s.stage) ||
		    !json_object_object_get_ex(g->c, "items", &items) ||
		    !json_object_is_type(items, json_type_array))
			continue;
		g->items = arena_alloc(r->a, sizeof(*g->items) *
		    (json_object_array_length(items) + 1));
		for (i = 0; i < json_object_array_length(items); i++) {
			it = json_object_array_get_idx(items, i);
			k = web_jstr(it, "kind");
			kind = code_kind(k, strlen(k));
			d = may_sign(r, kind, &s);
			/* Another department's kind, or out of reach. */
			if (!waiting(it) || d == WF_DENY_DEPT || d == WF_DENY_SCOPE)
				continue;
			g->items[g->n].id = web_jint(it, "id");
			g->items[g->n].kind = kind;
			g->items[g->n].may = d == WF_OK;
			g->items[g->n].o = it;
			p->may += d == WF_OK;
			g->n++;
			p->items++;
		}
		if (g->n > 0)
			p->g[out++] = *g;
	}
	p->ng = out;
	return JG_OK;
}

/* The amount at key of o, fen as yuan with thousands separators. */
static const char *
money(struct req *r, struct json_object *o, const char *key)
{
	struct json_object	*v;
	double			 d;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	d = json_object_get_double(v);
	return chart_num(r->a, (long long)(d * 100 + (d < 0 ? -0.5 : 0.5)), 2);
}

static int
was_chosen(const struct so_page *p, long long id)
{
	int	 i;

	for (i = 0; i < p->nchosen; i++)
		if (p->chosen[i] == id)
			return 1;
	return 0;
}

/*
 * The message for a field of this page in error, in the words of the
 * page, or NULL to leave it to web.c's generic ones.
 */
static const char *
own_error(struct req *r, const char *field)
{
	const char	*f = web_error_field(r), *m = r->err_msg;

	if (f == NULL || field == NULL || strcmp(f, field) != 0)
		return NULL;
	if (m == NULL)
		m = "";
	if (strcmp(f, "item") == 0)
		return web_t(r, strncmp(m, "choose", 6) == 0 ? MSG_S_CHOOSE :
		    MSG_FIELD_INVALID);
	if (strcmp(f, "decision") == 0)
		return web_t(r, strstr(m, "missing") != NULL ?
		    MSG_S_DECISION_NEEDED : MSG_FIELD_INVALID);
	if (strcmp(f, "comment") == 0 && strstr(m, "reason") != NULL)
		return web_t(r, MSG_S_COMMENT_NEEDED);
	return NULL;
}

/* The error summary, with this page's words for its own fields. */
static void
summary(struct req *r, struct buf *b)
{
	const char	*f = web_error_field(r), *m;

	if (f == NULL || (m = own_error(r, f)) == NULL) {
		web_error_summary(r, b);
		return;
	}
	html_open(b, "div", "class", "error-summary", "role", "alert",
	    "tabindex", "-1", "id", "error-summary");
	html_elem(b, "h2", web_t(r, MSG_ERROR_SUMMARY));
	html_open(b, "ul");
	html_open(b, "li");
	html_elem(b, "a", m, "href", arena_printf(r->a, "#%s", f));
	html_close(b, "li");
	html_close(b, "ul");
	html_close(b, "div");
}

/* <p class=error-message> for field; 1 when it is in error. */
static int
field_error(struct req *r, struct buf *b, const char *field)
{
	const char	*m = own_error(r, field);

	if (m == NULL)
		return web_field_error(r, b, field);
	html_open(b, "p", "class", "error-message", "id",
	    arena_printf(r->a, "%s-error", field));
	html_elem(b, "span", arena_printf(r->a, "%s%s",
	    web_t(r, MSG_S_ERROR_PREFIX), r->lang == LANG_EN ? " " : ""),
	    "class", "visually-hidden");
	html_text(b, m);
	html_close(b, "p");
	return 1;
}

static int
in_error(struct req *r, const char *field)
{
	const char	*f = web_error_field(r);

	return f != NULL && strcmp(f, field) == 0;
}

/* The success of the last post, from ?signed=N or ?returned=N. */
static void
notice(struct so_page *p, struct buf *b)
{
	static const struct {
		const char	*name;
		enum msg	 m;
	} done[] = {
		{ "signed", MSG_S_SIGNED },
		{ "returned", MSG_S_RETURNED },
	};
	char		 v[16];
	size_t		 i;

	if (p->r->err_msg != NULL || p->r->err_details != NULL)
		return;
	for (i = 0; i < sizeof(done) / sizeof(done[0]); i++) {
		if (query_get(p->r->query, done[i].name, v, sizeof(v)) != 1 ||
		    v[0] < '1' || v[0] > '9' || strspn(v, "0123456789") !=
		    strlen(v) || strlen(v) > 4)
			continue;
		html_open(b, "div", "class", "notice success", "role", "status");
		html_open(b, "p");
		html_text(b, web_t(p->r, done[i].m));
		if (p->l == LANG_EN)
			html_text(b, " ");
		html_elem(b, "strong", p->l == LANG_EN ? v :
		    arena_printf(p->r->a, "%s 项", v));
		html_close(b, "p");
		html_close(b, "div");
	}
}

/* Which kinds of item the department signs off, as the engine says. */
static void
kinds_line(struct so_page *p, struct buf *b, int *any)
{
	struct wf_snapshot	 s;
	const char		*list = "";
	int			 k;

	own_snapshot(p->r, &s);
	*any = 0;
	for (k = 0; k < KIND__MAX; k++) {
		if (may_sign(p->r, k, &s) == WF_DENY_DEPT)
			continue;
		list = arena_printf(p->r->a, "%s%s%s", list, *any ?
		    (p->l == LANG_EN ? ", " : "、") : "",
		    msg_kind(p->l, (enum kind)k));
		(*any)++;
	}
	if (*any)
		html_elem(b, "p", arena_printf(p->r->a, "%s%s%s",
		    web_t(p->r, MSG_S_KINDS), p->l == LANG_EN ? " " : "", list),
		    "class", "hint");
}

static void
th_col(struct buf *b, const char *text, int num)
{
	if (num)
		html_elem(b, "th", text, "scope", "col", "class", "num");
	else
		html_elem(b, "th", text, "scope", "col");
}

/* The table of items by community; checkboxes when form. */
static void
items_table(struct so_page *p, struct buf *b, int form)
{
	struct req		*r = p->r;
	struct so_group		*g;
	struct so_item		*it;
	const char		*cond, *name, *id;
	int			 n, i, cols = form ? 5 : 4, county;

	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "class", "signoffs");
	html_elem(b, "caption", web_t(r, MSG_S_CAPTION));
	html_open(b, "thead");
	html_open(b, "tr");
	if (form)
		th_col(b, web_t(r, MSG_S_COL_CHOOSE), 0);
	th_col(b, msg_field(p->l, "kind"), 0);
	th_col(b, msg_field(p->l, "condition"), 0);
	th_col(b, msg_field(p->l, "estimate_yuan"), 1);
	th_col(b, web_t(r, MSG_S_COL_WAITED), 0);
	html_close(b, "tr");
	html_close(b, "thead");
	for (n = 0; n < p->ng; n++) {
		g = &p->g[n];
		name = web_jstr(g->c, "name");
		county = code_county(web_jstr(g->c, "county"),
		    strlen(web_jstr(g->c, "county")));
		html_open(b, "tbody");
		html_open(b, "tr", "class", "group");
		html_open(b, "th", "scope", "rowgroup", "colspan", api_num(r, cols));
		html_elem(b, "a", name, "href",
		    arena_printf(r->a, "/communities/%lld", g->id));
		html_elem(b, "span", arena_printf(r->a, "%s · %s",
		    web_jstr(g->c, "code"), msg_county(p->l,
		    (enum county)county)), "class", "group-meta");
		html_close(b, "th");
		html_close(b, "tr");
		buf_putc(b, '\n');
		for (i = 0; i < g->n; i++) {
			it = &g->items[i];
			id = arena_printf(r->a, "item-%lld", it->id);
			html_open(b, "tr");
			if (form) {
				html_open(b, "td", "class", "choose");
				if (it->may && was_chosen(p, it->id))
					html_open(b, "input", "type", "checkbox",
					    "id", id, "name", "item", "value",
					    api_num(r, it->id), "checked", (const char *)NULL);
				else if (it->may)
					html_open(b, "input", "type", "checkbox",
					    "id", id, "name", "item", "value",
					    api_num(r, it->id));
				html_close(b, "td");
			}
			html_open(b, "td");
			if (form && it->may)
				html_open(b, "label", "for", id);
			html_text(b, msg_kind(p->l, (enum kind)it->kind));
			/* Which community, for those who hear the label alone. */
			html_elem(b, "span", arena_printf(r->a, p->l == LANG_EN ?
			    " (%s)" : "（%s）", name), "class", "visually-hidden");
			if (form && it->may)
				html_close(b, "label");
			html_close(b, "td");
			cond = web_jstr(it->o, "condition");
			html_elem(b, "td", *cond != '\0' ? msg_condition(p->l,
			    code_condition(cond, strlen(cond))) :
			    web_t(r, MSG_NOT_RECORDED));
			html_elem(b, "td", money(r, it->o, "estimate_yuan"),
			    "class", "num");
			html_open(b, "td", "class", "waited");
			html_open(b, "time", "datetime",
			    web_jstr(g->c, "stage_since"));
			html_text(b, web_waited(r, web_jstr(g->c, "stage_since")));
			html_close(b, "time");
			html_close(b, "td");
			html_close(b, "tr");
			buf_putc(b, '\n');
		}
		html_close(b, "tbody");
	}
	html_close(b, "table");
	html_close(b, "div");
}

/* One radio of the decision; the first carries the fieldset's anchor. */
static void
radio(struct so_page *p, struct buf *b, const char *id, const char *value,
    enum msg m)
{
	const char	*v = web_val(p->r, "decision", NULL);

	html_open(b, "div", "class", "choice");
	if (v != NULL && strcmp(v, value) == 0)
		html_open(b, "input", "type", "radio", "id", id, "name",
		    "decision", "value", value, "checked", (const char *)NULL);
	else
		html_open(b, "input", "type", "radio", "id", id, "name",
		    "decision", "value", value);
	html_elem(b, "label", web_t(p->r, m), "for", id);
	html_close(b, "div");
}

/* The decision, the comment and the button. */
static void
decision_fields(struct so_page *p, struct buf *b)
{
	struct req	*r = p->r;
	int		 err;

	err = in_error(r, "decision");
	html_open(b, "div", "class", err ? "field field-error" : "field");
	html_open(b, "fieldset");
	html_elem(b, "legend", web_t(r, MSG_S_DECISION));
	field_error(r, b, "decision");
	radio(p, b, "decision", decisions[DECISION_APPROVE], MSG_S_APPROVE);
	radio(p, b, "decision-reject", decisions[DECISION_REJECT],
	    MSG_S_REJECT);
	html_close(b, "fieldset");
	html_close(b, "div");

	err = in_error(r, "comment");
	html_open(b, "div", "class", err ? "field field-error" : "field");
	html_elem(b, "label", web_t(r, MSG_S_COMMENT), "for", "comment");
	html_elem(b, "p", web_t(r, MSG_S_COMMENT_HINT), "class", "hint", "id",
	    "comment-hint");
	field_error(r, b, "comment");
	if (err)
		html_open(b, "textarea", "id", "comment", "name", "comment",
		    "rows", "3", "aria-describedby", "comment-hint comment-error",
		    "aria-invalid", "true");
	else
		html_open(b, "textarea", "id", "comment", "name", "comment",
		    "rows", "3", "aria-describedby", "comment-hint");
	html_text(b, web_val(r, "comment", ""));
	html_close(b, "textarea");
	html_close(b, "div");

	html_elem(b, "button", web_t(r, MSG_S_SUBMIT), "type", "submit");
}

enum jg_err
web_signoffs_page(struct req *r)
{
	struct so_page	 p;
	struct chosen	*c;
	struct buf	 b;
	enum jg_err	 e;
	int		 any, err;

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.l = (enum lang)r->lang;
	if ((e = load(&p)) != JG_OK)
		return e;
	/* Shown again after a refused post: the ticks as they were. */
	if (r->err_msg != NULL || r->err_details != NULL) {
		c = arena_alloc(r->a, sizeof(*c));
		if (read_chosen(r, c) == 0) {
			p.chosen = c->ids;
			p.nchosen = c->n;
		}
	}

	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_SIGNOFFS), "/signoffs");
	summary(r, &b);
	notice(&p, &b);
	/* The department above the heading: whose list this is. */
	html_elem(&b, "p", msg_dept(p.l, (enum dept)r->actor.dept),
	    "class", "caption");
	html_elem(&b, "h1", web_t(r, MSG_SIGNOFFS));
	kinds_line(&p, &b, &any);
	if (!any)
		html_elem(&b, "p", web_t(r, MSG_S_NO_KINDS));
	else if (p.items == 0)
		html_elem(&b, "p", web_t(r, MSG_S_NONE));
	else if (p.may == 0) {
		html_open(&b, "div", "class", "notice");
		html_elem(&b, "p", web_t(r, MSG_S_READONLY));
		html_close(&b, "div");
		items_table(&p, &b, 0);
	} else {
		html_elem(&b, "p", web_t(r, MSG_S_LEAD));
		web_form_open(r, &b, "/signoffs");
		err = in_error(r, "item");
		html_open(&b, "div", "class", err ? "field field-error" :
		    "field", "id", "item");
		field_error(r, &b, "item");
		items_table(&p, &b, 1);
		html_close(&b, "div");
		decision_fields(&p, &b);
		html_form_end(&b);
	}
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_signoffs_post(struct req *r)
{
	const struct api_body	*f = api_fields(BODY_ITEM_DECIDE);
	struct chosen		*c;
	const char		*body, *d;
	enum jg_err		 e;
	int			 i;

	c = arena_alloc(r->a, sizeof(*c));
	if (read_chosen(r, c) == -1)
		return req_fail_field(r, JG_BAD_REQUEST, "item",
		    "invalid item id");
	if (c->n == 0)
		return req_fail_field(r, JG_BAD_REQUEST, "item",
		    "choose at least one item");
	/* The same decision and comment for each; one refusal undoes all. */
	body = web_form_json(r, f->fields, f->n, NULL, NULL);
	for (i = 0; i < c->n; i++)
		if ((e = web_call(r, api_item_signoff, c->ids[i], NULL, body,
		    NULL)) != JG_OK)
			return e;
	d = web_field(r, "decision");
	return web_redirect(r, arena_printf(r->a, "/signoffs?%s=%d",
	    d != NULL && strcmp(d, decisions[DECISION_REJECT]) == 0 ?
	    "returned" : "signed", c->n));
}
