/*
 * web_tasks.c - 我的待办, what waits for the signed-in user: rounds
 * waiting for the department's approval, items waiting for its sign-off,
 * and communities whose next step the organisation starts.
 *
 * The lists are GET /api/v1/tasks as it is: who may approve, sign off or
 * start what is the workflow table's answer there, not this page's.  A
 * viewer, or a department with no part in the workflow, simply gets
 * three empty lists.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "html.h"
#include "web.h"

/* The API's own cap on each list (TASKS_SQL). */
#define TASKS_MAX	500

/* "待本部门审核（3）" / "Waiting for ... (3)". */
static void
heading(struct req *r, struct buf *b, enum msg m, size_t n)
{
	html_elem(b, "h2", arena_printf(r->a, r->lang == LANG_EN ?
	    "%s (%zu)" : "%s（%zu）", web_t(r, m), n));
}

/* The community's name linking to its page, then its code. */
static void
community_link(struct req *r, struct buf *b, struct json_object *t)
{
	html_elem(b, "a", web_jstr(t, "name"), "href",
	    arena_printf(r->a, "/communities/%lld", web_jint(t, "community_id")));
	html_text(b, " ");
	html_elem(b, "span", web_jstr(t, "code"), "class", "code");
}

/* One "label: value" pair of a task's details. */
static void
detail(struct req *r, struct buf *b, enum msg label, const char *value)
{
	html_open(b, "span");
	html_text(b, web_t(r, label));
	html_text(b, r->lang == LANG_EN ? ": " : "：");
	html_text(b, value);
	html_close(b, "span");
	html_text(b, " ");
}

/* The same with a <time> for a timestamp of the API. */
static void
detail_time(struct req *r, struct buf *b, enum msg label, const char *ts)
{
	html_open(b, "span");
	html_text(b, web_t(r, label));
	html_text(b, r->lang == LANG_EN ? ": " : "：");
	html_elem(b, "time", web_when(r, ts), "datetime", ts);
	html_close(b, "span");
	html_text(b, " ");
}

/* How long it has waited, at the right of the row. */
static void
waited(struct req *r, struct buf *b, const char *since)
{
	html_elem(b, "span", arena_printf(r->a, "%s %s",
	    web_t(r, MSG_TASKS_WAITED), web_waited(r, since)),
	    "class", "waited");
}

/* The list of key in j, or NULL when the answer has none. */
static struct json_object *
list(struct json_object *j, const char *key)
{
	struct json_object	*a;

	if (!json_object_object_get_ex(j, key, &a) ||
	    !json_object_is_type(a, json_type_array))
		return NULL;
	return a;
}

static size_t
len(struct json_object *a)
{
	return a != NULL ? json_object_array_length(a) : 0;
}

/* An empty section says so; a full one says it was cut. */
static int
empty(struct req *r, struct buf *b, size_t n)
{
	if (n == 0) {
		html_elem(b, "p", web_t(r, MSG_TASKS_NONE), "class", "hint");
		return 1;
	}
	if (n >= TASKS_MAX)
		html_elem(b, "p", web_t(r, MSG_TASKS_TRUNCATED), "class", "hint");
	return 0;
}

static void
approvals(struct req *r, struct buf *b, struct json_object *a)
{
	struct json_object	*t;
	const char		*act;
	size_t			 i, n = len(a);

	heading(r, b, MSG_TASKS_APPROVALS, n);
	if (empty(r, b, n))
		return;
	html_open(b, "ul", "class", "task-list", "id", "approvals");
	for (i = 0; i < n; i++) {
		t = json_object_array_get_idx(a, i);
		act = web_jstr(t, "action");
		html_open(b, "li");
		html_open(b, "div");
		community_link(r, b, t);
		html_open(b, "p", "class", "task-detail");
		detail(r, b, MSG_TASKS_REQUEST, msg_action((enum lang)r->lang,
		    (enum action)code_action(act, strlen(act))));
		detail_time(r, b, MSG_TASKS_SUBMITTED, web_jstr(t, "since"));
		html_close(b, "p");
		html_close(b, "div");
		waited(r, b, web_jstr(t, "since"));
		html_close(b, "li");
	}
	html_close(b, "ul");
}

/* Oldest first: by the time the works were completed, then the item. */
static int
by_since(const void *x, const void *y)
{
	struct json_object	*a = *(struct json_object *const *)x;
	struct json_object	*b = *(struct json_object *const *)y;
	int			 c;
	long long		 ia, ib;

	if ((c = strcmp(web_jstr(a, "since"), web_jstr(b, "since"))) != 0)
		return c;
	ia = web_jint(a, "item_id");
	ib = web_jint(b, "item_id");
	return ia < ib ? -1 : ia > ib;
}

static void
signoffs(struct req *r, struct buf *b, struct json_object *a)
{
	struct json_object	*t;
	const char		*k;
	size_t			 i, n = len(a);

	heading(r, b, MSG_TASKS_SIGNOFFS, n);
	if (empty(r, b, n))
		return;
	/* The API lists them by item; the page, like the others, by age. */
	json_object_array_sort(a, by_since);
	html_open(b, "p");
	html_elem(b, "a", web_t(r, MSG_TASKS_TO_SIGNOFFS), "href", "/signoffs");
	html_close(b, "p");
	html_open(b, "ul", "class", "task-list", "id", "signoffs");
	for (i = 0; i < n; i++) {
		t = json_object_array_get_idx(a, i);
		k = web_jstr(t, "kind");
		html_open(b, "li");
		html_open(b, "div");
		community_link(r, b, t);
		html_open(b, "p", "class", "task-detail");
		detail(r, b, MSG_TASKS_ITEM, msg_kind((enum lang)r->lang,
		    (enum kind)code_kind(k, strlen(k))));
		detail_time(r, b, MSG_TASKS_COMPLETED, web_jstr(t, "since"));
		html_close(b, "p");
		html_close(b, "div");
		waited(r, b, web_jstr(t, "since"));
		html_close(b, "li");
	}
	html_close(b, "ul");
}

static void
actions_due(struct req *r, struct buf *b, struct json_object *a)
{
	const struct wf_transition	*next;
	struct json_object		*t;
	const char			*st;
	size_t				 i, n = len(a);
	int				 s;

	heading(r, b, MSG_TASKS_ACTIONS, n);
	if (empty(r, b, n))
		return;
	html_open(b, "ul", "class", "task-list", "id", "actions");
	for (i = 0; i < n; i++) {
		t = json_object_array_get_idx(a, i);
		st = web_jstr(t, "stage");
		s = code_stage(st, strlen(st));
		next = wf_next(s);
		html_open(b, "li");
		html_open(b, "div");
		community_link(r, b, t);
		html_open(b, "p", "class", "task-detail");
		detail(r, b, MSG_TASKS_STAGE, msg_stage((enum lang)r->lang,
		    (enum stage)s));
		if (next != NULL)
			detail(r, b, MSG_TASKS_NEXT, msg_action((enum lang)r->lang,
			    next->action));
		detail_time(r, b, MSG_TASKS_STAGE_SINCE, web_jstr(t, "since"));
		html_close(b, "p");
		html_close(b, "div");
		waited(r, b, web_jstr(t, "since"));
		html_close(b, "li");
	}
	html_close(b, "ul");
}

enum jg_err
web_tasks(struct req *r)
{
	struct json_object	*j;
	struct buf		 b;
	enum jg_err		 e;

	if ((e = web_call(r, api_tasks, 0, NULL, NULL, &j)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_MY_TASKS), "/tasks");
	html_elem(&b, "h1", web_t(r, MSG_MY_TASKS));
	html_elem(&b, "p", web_t(r, MSG_TASKS_LEAD), "class", "hint");
	approvals(r, &b, list(j, "approvals"));
	signoffs(r, &b, list(j, "signoffs"));
	actions_due(r, &b, list(j, "actions"));
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}
