/*
 * api_misc.c - the workflow table, the catalogue, tasks, the caller's
 * claims, health, readiness and metrics.
 */
#include <string.h>

#include "api.h"
#include "metrics.h"
#include "route.h"

static void
json_depts(struct buf *b, unsigned mask)
{
	int	 d, first = 1;

	buf_putc(b, '[');
	for (d = 0; d < DEPT__MAX; d++)
		if (mask & DEPT_BIT(d)) {
			if (!first)
				buf_putc(b, ',');
			buf_json_str(b, depts[d].code);
			first = 0;
		}
	buf_putc(b, ']');
}

static void
json_stage(struct buf *b, int stage)
{
	if (stage < 0)
		buf_puts(b, "null");
	else
		buf_json_str(b, stages[stage].code);
}

/*
 * The table as the engine uses it: each row as written, and `return`
 * also expanded into its concrete pairs with their derived initiators.
 */
enum jg_err
api_workflow(struct req *r)
{
	const struct wf_transition	*t;
	struct buf			 b;
	size_t				 i;
	int				 g, st, first;

	buf_init(&b, r->a);
	buf_puts(&b, "{\"stages\":[");
	for (st = 0; st < STAGE__MAX; st++) {
		buf_printf(&b, "%s{\"code\":", st ? "," : "");
		buf_json_str(&b, stages[st].code);
		buf_puts(&b, ",\"zh\":");
		buf_json_str(&b, stages[st].zh);
		buf_puts(&b, ",\"en\":");
		buf_json_str(&b, stages[st].en);
		buf_putc(&b, '}');
	}
	buf_puts(&b, "],\"transitions\":[");
	for (i = 0; i < wf_table_len; i++) {
		t = &wf_table[i];
		buf_printf(&b, "%s{\"action\":", i ? "," : "");
		buf_json_str(&b, actions[t->action].code);
		buf_puts(&b, ",\"zh\":");
		buf_json_str(&b, actions[t->action].zh);
		buf_puts(&b, ",\"from\":");
		if (t->from == WF_FROM_ANY)
			buf_puts(&b, "\"*\"");
		else
			json_stage(&b, t->from);
		buf_puts(&b, ",\"to\":");
		if (t->flags & WF_BACK)
			buf_puts(&b, "\"previous\"");
		else
			json_stage(&b, t->to);
		buf_puts(&b, ",\"initiated_by\":");
		json_depts(&b, t->initiators);
		buf_puts(&b, ",\"role\":");
		buf_json_str(&b, roles[t->role]);
		buf_puts(&b, ",\"countersigned_by\":");
		json_depts(&b, t->countersign);
		buf_puts(&b, ",\"conditional\":");
		json_depts(&b, t->conditional);
		buf_puts(&b, ",\"guards\":[");
		for (g = 0, first = 1; g < GUARD__MAX; g++)
			if (t->guards & GUARD_BIT(g)) {
				buf_printf(&b, "%s{\"name\":", first ? "" : ",");
				buf_json_str(&b, guards[g].name);
				buf_puts(&b, ",\"zh\":");
				buf_json_str(&b, guards[g].zh);
				buf_puts(&b, ",\"en\":");
				buf_json_str(&b, guards[g].en);
				buf_putc(&b, '}');
				first = 0;
			}
		buf_puts(&b, "],\"pairs\":[");
		for (st = 0, first = 1; st < STAGE__MAX; st++) {
			if (wf_find(t->action, st) != t)
				continue;
			buf_printf(&b, "%s{\"from\":", first ? "" : ",");
			json_stage(&b, st);
			buf_puts(&b, ",\"to\":");
			json_stage(&b, wf_target(t, st));
			buf_puts(&b, ",\"initiated_by\":");
			json_depts(&b, wf_initiators(t, st));
			/* Going back: some only when the next action needs them. */
			if ((t->flags & WF_BACK) && wf_next(st) != NULL) {
				buf_puts(&b, ",\"initiated_by_when_needed\":");
				json_depts(&b, wf_next(st)->conditional);
			}
			buf_putc(&b, '}');
			first = 0;
		}
		buf_puts(&b, "]}");
	}
	buf_puts(&b, "]}");
	api_answer(r, 200, b.p);
	return JG_OK;
}

enum jg_err
api_catalogue(struct req *r)
{
	struct buf	 b;
	int		 k;

	buf_init(&b, r->a);
	buf_puts(&b, "{\"items\":[");
	for (k = 0; k < KIND__MAX; k++) {
		buf_printf(&b, "%s{\"kind\":", k ? "," : "");
		buf_json_str(&b, kinds[k].code);
		buf_puts(&b, ",\"zh\":");
		buf_json_str(&b, kinds[k].zh);
		buf_puts(&b, ",\"en\":");
		buf_json_str(&b, kinds[k].en);
		buf_puts(&b, ",\"dept\":");
		buf_json_str(&b, depts[kinds[k].dept].code);
		buf_printf(&b, ",\"permit\":%s}", kinds[k].permit ? "true" : "false");
	}
	buf_puts(&b, "]}");
	api_answer(r, 200, b.p);
	return JG_OK;
}

enum jg_err
api_tasks(struct req *r)
{
	const struct wf_transition	*t;
	const char			*p[5];
	struct buf			 st;
	PGresult			*res;
	enum jg_err			 e;
	int				 s;

	/* Stages whose next action this caller's organisation starts. */
	buf_init(&st, r->a);
	buf_putc(&st, '{');
	for (s = 0; s < STAGE__MAX; s++) {
		if ((t = wf_next(s)) == NULL ||
		    !(t->initiators & DEPT_BIT(r->actor.dept)) ||
		    !(r->actor.roles & ROLE_BIT(t->role)))
			continue;
		if (st.len > 1)
			buf_putc(&st, ',');
		buf_puts(&st, stages[s].code);
	}
	buf_putc(&st, '}');
	p[0] = r->claims.dept;
	p[1] = depts[r->actor.dept].scoped ? counties[r->actor.county].code : NULL;
	p[2] = (r->actor.roles & ROLE_BIT(ROLE_APPROVER)) ? "true" : "false";
	p[3] = st.p;
	p[4] = r->claims.sub;
	if ((e = db_exec(r->a, STMT_TASKS, p, &res)) != JG_OK)
		return e;
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
}

enum jg_err
api_me(struct req *r)
{
	struct buf	 b;
	int		 i, first = 1;

	buf_init(&b, r->a);
	buf_puts(&b, "{\"sub\":");
	buf_json_str(&b, r->claims.sub);
	buf_puts(&b, ",\"name\":");
	buf_json_str(&b, r->claims.name);
	buf_puts(&b, ",\"dept\":");
	buf_json_str(&b, r->claims.dept);
	buf_puts(&b, ",\"dept_zh\":");
	buf_json_str(&b, depts[r->actor.dept].zh);
	buf_puts(&b, ",\"org\":");
	buf_json_str(&b, r->claims.org[0] != '\0' ? r->claims.org : NULL);
	buf_puts(&b, ",\"roles\":[");
	for (i = 0; i < ROLE__MAX; i++)
		if (r->claims.roles & ROLE_BIT(i)) {
			if (!first)
				buf_putc(&b, ',');
			buf_json_str(&b, roles[i]);
			first = 0;
		}
	buf_printf(&b, "],\"iat\":%lld,\"exp\":%lld", r->claims.iat, r->claims.exp);
	buf_puts(&b, ",\"jti\":");
	buf_json_str(&b, r->claims.jti[0] != '\0' ? r->claims.jti : NULL);
	buf_putc(&b, '}');
	api_answer(r, 200, b.p);
	return JG_OK;
}

enum jg_err
api_healthz(struct req *r)
{
	api_answer(r, 200, "{\"status\":\"ok\"}");
	return JG_OK;
}

enum jg_err
api_readyz(struct req *r)
{
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_PING, NULL, NULL)) != JG_OK)
		return e;
	api_answer(r, 200, "{\"status\":\"ready\"}");
	return JG_OK;
}

enum jg_err
api_metrics(struct req *r)
{
	buf_init(&r->out, r->a);
	metrics_render(&r->out, route_name, nroutes);
	r->out_ctype = "text/plain; version=0.0.4";
	r->status = 200;
	return JG_OK;
}
