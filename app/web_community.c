/*
 * web_community.c - 小区详情, the community page, and the forms on it
 * that move the record: submit, return, withdraw (POST .../act) and the
 * countersigning departments' approve / reject (POST .../decide).
 */
#include <stdio.h>
#include <string.h>

#include "api.h"
#include "api_fields.h"
#include "html.h"
#include "web.h"

enum jg_err
web_community(struct req *r)
{
	struct json_object	*c;
	struct buf		 b;
	enum jg_err		 e;
	const char		*stage, *name;
	int			 st;

	if ((e = web_call(r, api_community_get, r->id, NULL, NULL, &c)) != JG_OK)
		return e;
	name = web_jstr(c, "name");
	stage = web_jstr(c, "stage");
	st = code_stage(stage, strlen(stage));
	buf_init(&b, r->a);
	web_page_begin(r, &b, name, NULL);
	web_error_summary(r, &b);
	html_elem(&b, "h1", name);
	html_elem(&b, "p", msg_stage((enum lang)r->lang, (enum stage)st),
	    "class", "stage");
	if (wf_next(st) != NULL) {
		web_form_open(r, &b, arena_printf(r->a, "/communities/%lld/act",
		    r->id));
		html_open(&b, "input", "type", "hidden", "name", "action",
		    "value", actions[wf_next(st)->action].code);
		html_open(&b, "input", "type", "hidden", "name",
		    "expected_version", "value",
		    api_num(r, web_jint(c, "version")));
		web_textarea(r, &b, "comment", msg_field((enum lang)r->lang,
		    "comment"), NULL, NULL);
		html_elem(&b, "button", msg_action((enum lang)r->lang,
		    wf_next(st)->action), "type", "submit");
		html_form_end(&b);
	}
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_act_post(struct req *r)
{
	const struct api_body	*f = api_fields(BODY_TRANSITION);
	enum jg_err		 e;

	e = web_call(r, api_transition, r->id, NULL,
	    web_form_json(r, f->fields, f->n, NULL, NULL), NULL);
	if (e != JG_OK)
		return e;
	return web_redirect(r, arena_printf(r->a, "/communities/%lld", r->id));
}

enum jg_err
web_decide_post(struct req *r)
{
	const struct api_body	*f = api_fields(BODY_APPROVAL);
	enum jg_err		 e;

	e = web_call(r, api_approval, r->id, NULL,
	    web_form_json(r, f->fields, f->n, NULL, NULL), NULL);
	if (e != JG_OK)
		return e;
	return web_redirect(r, arena_printf(r->a, "/communities/%lld", r->id));
}
