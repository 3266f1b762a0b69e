/*
 * api_item.c - renovation items (planned -> done -> signed_off) and
 * funding lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_fields.h"
#include "money.h"

static const char *
money(struct req *r, const struct jin_value *v)
{
	char	 buf[32];

	if (!v->present || v->is_null)
		return NULL;
	jin_money_str(v->i, buf, sizeof(buf));
	return arena_strdup(r->a, buf);
}

/* A money value in fen, or MONEY_NONE when absent or null. */
static long long
fen_of(const struct jin_value *v)
{
	return v->present && !v->is_null ? v->i : MONEY_NONE;
}

/* A column of fen (NULL: MONEY_NONE). */
static long long
col_fen(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? MONEY_NONE :
	    strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/*
 * The split of the estimate, checked before the database refuses it, so
 * that the answer names the field: a part the kind lacks by its name,
 * a sum that does not fit by blame (what the request changed last), or
 * when blame is NULL by the last part given.
 */
static enum jg_err
parts_check(struct req *r, const struct money_item *it, const char *blame)
{
	enum money_part	 p = PART_OWNERS;

	switch (money_item_check(it, &p)) {
	case MONEY_OK:
		return JG_OK;
	case MONEY_BAD_KIND:
		return req_fail_field(r, JG_INVALID, money_parts[p],
		    p == PART_BEYOND_METER ?
		    "only power items have a part beyond the meter" :
		    arena_printf(r->a, "an item of kind %s has no utility side",
		    kinds[it->kind].code));
	case MONEY_BAD_NO_ESTIMATE:
		return req_fail_field(r, JG_INVALID, blame != NULL ? blame :
		    money_parts[p], "the parts of an estimate need the estimate");
	case MONEY_BAD_EXCEEDS:
		return req_fail_field(r, JG_INVALID, blame != NULL ? blame :
		    money_parts[p], "the parts add up to more than the estimate");
	default:
		return req_fail_field(r, JG_INVALID, money_parts[p],
		    "an amount is out of range");
	}
}

/*
 * The checks every item operation shares: the actor may, the stage
 * allows it, the version matches when given, no round is open.
 */
static enum jg_err
item_gate(struct req *r, enum item_op op, int kind, const struct wf_snapshot *s,
    int expected)
{
	enum wf_deny	 d;

	if ((d = wf_may_item(op, kind, s, &r->actor)) != WF_OK)
		return api_deny(r, d);
	r->role = roles[wf_item_rules[op].role];
	if (!wf_item_stage_ok(op, s->stage))
		return req_fail(r, JG_CONFLICT, arena_printf(r->a,
		    "not possible at stage %s", stages[s->stage].code));
	if (expected < 0 || (expected > 0 && expected != s->version))
		return req_fail(r, JG_CONFLICT,
		    "the community was changed meanwhile; reload it");
	if (s->round_id != 0)
		return req_fail(r, JG_CONFLICT,
		    "the data is frozen while a submission awaits countersigning");
	return JG_OK;
}

/* The item's community (locked, in scope) and kind. */
static enum jg_err
item_load(struct req *r, struct wf_snapshot *s, int *kind, char *status,
    size_t statussz, int *selected, const char **before)
{
	const char	*p[1] = { api_num(r, r->id) };
	const char	*k;
	PGresult	*res;
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_ITEM_LOCK, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_NOT_FOUND, "no such item");
	k = PQgetvalue(res, 0, 1);
	*kind = code_kind(k, strlen(k));
	if ((e = api_snapshot(r, strtoll(PQgetvalue(res, 0, 0), NULL, 10), s)) != JG_OK)
		return e;
	/* Read again under the community's lock: this is the current row. */
	if ((e = db_exec(r->a, STMT_ITEM_LOCK, p, &res)) != JG_OK)
		return e;
	snprintf(status, statussz, "%s", PQgetvalue(res, 0, 2));
	*selected = atoi(PQgetvalue(res, 0, 3));
	*before = PQgetvalue(res, 0, 4);
	return JG_OK;
}

enum jg_err
api_item_create(struct req *r)
{
	struct jin_value	 v[4 + PART__MAX];
	struct wf_snapshot	 s;
	struct money_item	 mi;
	const char		*p[5 + PART__MAX];
	PGresult		*res;
	enum jg_err		 e;
	long long		 id;
	int			 i;

	if ((e = api_body(r, api_fields(BODY_ITEM_NEW)->fields,
	    api_fields(BODY_ITEM_NEW)->n, v, NULL)) != JG_OK)
		return e;
	if ((e = api_snapshot(r, r->id, &s)) != JG_OK)
		return e;
	if ((e = item_gate(r, ITEM_OP_EDIT, (int)v[0].i, &s,
	    api_expected(r, NULL))) != JG_OK)
		return e;
	p[0] = api_num(r, s.id);
	p[1] = kinds[v[0].i].code;
	p[2] = v[1].present && !v[1].is_null ? conditions[v[1].i].code : NULL;
	p[3] = v[2].present ? (v[2].i ? "true" : "false") : NULL;
	p[4] = money(r, &v[3]);
	mi.kind = (int)v[0].i;
	mi.selected = v[2].present && v[2].i;
	mi.estimate = fen_of(&v[3]);
	for (i = 0; i < PART__MAX; i++) {
		mi.part[i] = fen_of(&v[4 + i]);
		p[5 + i] = money(r, &v[4 + i]);
	}
	if ((e = parts_check(r, &mi, NULL)) != JG_OK)
		return e;
	if ((e = db_exec(r->a, STMT_ITEM_INSERT, p, &res)) != JG_OK)
		return e;
	id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	if ((e = api_bump(r, s.id, s.version)) != JG_OK ||
	    (e = api_event(r, s.id, "item_add", 0, id, NULL, NULL,
	    PQgetvalue(res, 0, 1))) != JG_OK)
		return e;
	api_answer(r, 201, PQgetvalue(res, 0, 1));
	return JG_OK;
}

enum jg_err
api_item_patch(struct req *r)
{
	/* condition, selected, estimate_yuan, expected_version, the parts */
	struct jin_value	 v[4 + PART__MAX];
	const struct jin_value	*pv = &v[4];
	struct wf_snapshot	 s;
	struct money_item	 mi;
	struct buf		 b;
	const char		*p[2], *before, *m;
	char			 status[16];
	PGresult		*res;
	enum jg_err		 e;
	const char		*blame = NULL;
	int			 kind, selected, i, parts = 0;

	if ((e = api_body(r, api_fields(BODY_ITEM_EDIT)->fields,
	    api_fields(BODY_ITEM_EDIT)->n, v, NULL)) != JG_OK)
		return e;
	for (i = 0; i < PART__MAX; i++)
		if (pv[i].present) {
			parts++;
			blame = money_parts[i];
		}
	if (parts == 0 && v[2].present)
		blame = "estimate_yuan";
	if (!v[0].present && !v[1].present && !v[2].present && parts == 0)
		return req_fail(r, JG_BAD_REQUEST, "no field to change");
	if ((e = item_load(r, &s, &kind, status, sizeof(status), &selected,
	    &before)) != JG_OK)
		return e;
	if ((e = item_gate(r, ITEM_OP_EDIT, kind, &s,
	    api_expected(r, &v[3]))) != JG_OK)
		return e;
	/* The split as it will be: the stored one with this request's changes. */
	p[0] = api_num(r, r->id);
	if ((e = db_exec(r->a, STMT_ITEM_MONEY, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_NOT_FOUND, "no such item");
	mi.kind = kind;
	mi.selected = selected;
	mi.estimate = v[2].present ? fen_of(&v[2]) : col_fen(res, 0, 1);
	for (i = 0; i < PART__MAX; i++)
		mi.part[i] = pv[i].present ? fen_of(&pv[i]) : col_fen(res, 0, 2 + i);
	if ((e = parts_check(r, &mi, blame)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	buf_putc(&b, '{');
	if (v[0].present) {
		buf_puts(&b, "\"condition\":");
		buf_json_str(&b, v[0].is_null ? NULL : conditions[v[0].i].code);
	}
	if (v[1].present)
		buf_printf(&b, "%s\"selected\":%s", b.len > 1 ? "," : "",
		    v[1].i ? "true" : "false");
	if (v[2].present) {
		m = money(r, &v[2]);
		buf_printf(&b, "%s\"estimate_yuan\":", b.len > 1 ? "," : "");
		buf_json_str(&b, m);
	}
	for (i = 0; i < PART__MAX; i++) {
		if (!pv[i].present)
			continue;
		buf_printf(&b, "%s\"%s\":", b.len > 1 ? "," : "", money_parts[i]);
		buf_json_str(&b, money(r, &pv[i]));
	}
	buf_putc(&b, '}');
	p[0] = api_num(r, r->id);
	p[1] = b.p;
	if ((e = db_exec(r->a, STMT_ITEM_UPDATE, p, &res)) != JG_OK)
		return e;
	if ((e = api_bump(r, s.id, s.version)) != JG_OK ||
	    (e = api_event(r, s.id, "item_edit", 0, r->id, NULL, before,
	    PQgetvalue(res, 0, 0))) != JG_OK)
		return e;
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
}

enum jg_err
api_item_done(struct req *r)
{
	struct jin_value	 v[2];
	struct wf_snapshot	 s;
	const char		*p[1], *before, *comment = NULL;
	char			 status[16];
	PGresult		*res;
	enum jg_err		 e;
	int			 kind, selected;

	memset(v, 0, sizeof(v));
	if (r->bodylen > 0 && (e = api_body(r, api_fields(BODY_ITEM_DONE)->fields,
	    api_fields(BODY_ITEM_DONE)->n, v, NULL)) != JG_OK)
		return e;
	if (v[0].present && !v[0].is_null)
		comment = arena_strndup(r->a, v[0].s, v[0].len);
	if ((e = item_load(r, &s, &kind, status, sizeof(status), &selected,
	    &before)) != JG_OK)
		return e;
	if ((e = item_gate(r, ITEM_OP_DONE, kind, &s,
	    api_expected(r, &v[1]))) != JG_OK)
		return e;
	if (!selected)
		return req_fail(r, JG_CONFLICT, "the item is not selected for renovation");
	if (strcmp(status, "planned") != 0)
		return req_fail(r, JG_CONFLICT, arena_printf(r->a,
		    "the item is %s, not planned", status));
	p[0] = api_num(r, r->id);
	if ((e = db_exec(r->a, STMT_ITEM_DONE, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_CONFLICT, "the item was changed meanwhile");
	if ((e = api_bump(r, s.id, s.version)) != JG_OK ||
	    (e = api_event(r, s.id, "item_done", 0, r->id, comment, before,
	    PQgetvalue(res, 0, 0))) != JG_OK)
		return e;
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
}

enum jg_err
api_item_signoff(struct req *r)
{
	struct jin_value	 v[3];
	struct wf_snapshot	 s;
	const char		*p[5], *before, *comment = NULL;
	char			 status[16];
	PGresult		*res;
	enum jg_err		 e;
	int			 kind, selected, approve;

	if ((e = api_body(r, api_fields(BODY_ITEM_DECIDE)->fields,
	    api_fields(BODY_ITEM_DECIDE)->n, v, NULL)) != JG_OK)
		return e;
	approve = v[0].i == 0;
	if (v[1].present && !v[1].is_null)
		comment = arena_strndup(r->a, v[1].s, v[1].len);
	if ((e = item_load(r, &s, &kind, status, sizeof(status), &selected,
	    &before)) != JG_OK)
		return e;
	if ((e = item_gate(r, ITEM_OP_SIGNOFF, kind, &s,
	    api_expected(r, &v[2]))) != JG_OK)
		return e;
	if (strcmp(status, "done") != 0)
		return req_fail(r, JG_CONFLICT, arena_printf(r->a,
		    "the item is %s, not done", status));
	if (!approve && wf_blank(comment))
		return req_fail_field(r, JG_INVALID, "comment",
		    "a rejection needs a reason");
	p[0] = api_num(r, r->id);
	p[1] = approve ? "signed_off" : "planned";
	p[2] = r->claims.dept;
	p[3] = r->claims.sub;
	p[4] = comment;
	if ((e = db_exec(r->a, STMT_ITEM_DECIDE, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_CONFLICT, "the item was changed meanwhile");
	if ((e = api_bump(r, s.id, s.version)) != JG_OK ||
	    (e = api_event(r, s.id, approve ? "item_signoff" : "item_reject", 0,
	    r->id, comment, before, PQgetvalue(res, 0, 0))) != JG_OK)
		return e;
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
}

enum jg_err
api_funding_create(struct req *r)
{
	struct jin_value	 v[4];
	struct wf_snapshot	 s;
	const char		*p[6];
	PGresult		*res;
	enum jg_err		 e;
	int			 plan_stage;

	if ((e = api_body(r, api_fields(BODY_FUNDING_NEW)->fields,
	    api_fields(BODY_FUNDING_NEW)->n, v, NULL)) != JG_OK)
		return e;
	if ((e = api_snapshot(r, r->id, &s)) != JG_OK)
		return e;
	if ((e = item_gate(r, ITEM_OP_FUNDING, -1, &s,
	    api_expected(r, NULL))) != JG_OK)
		return e;
	/*
	 * Money is planned while the plan is drawn up (the first stage
	 * where funding may be recorded) and received afterwards.
	 */
	for (plan_stage = 0; plan_stage < STAGE__MAX &&
	    !wf_item_stage_ok(ITEM_OP_FUNDING, plan_stage); plan_stage++)
		continue;
	if (s.stage == plan_stage) {
		if (!v[1].present || v[1].is_null || v[1].i <= 0)
			return req_fail_field(r, JG_INVALID, "planned_yuan",
			    "a funding plan line needs a planned amount");
		if (v[2].present && !v[2].is_null && v[2].i != 0)
			return req_fail_field(r, JG_INVALID, "received_yuan",
			    "money is received after the works are launched");
	} else {
		if (!v[2].present || v[2].is_null || v[2].i <= 0)
			return req_fail_field(r, JG_INVALID, "received_yuan",
			    "record the amount received");
		if (v[1].present && !v[1].is_null && v[1].i != 0)
			return req_fail_field(r, JG_INVALID, "planned_yuan",
			    "the funding plan is closed once the works are launched");
	}
	p[0] = api_num(r, s.id);
	p[1] = sources[v[0].i].code;
	p[2] = money(r, &v[1]);
	p[3] = money(r, &v[2]);
	p[4] = v[3].present && !v[3].is_null ? arena_strndup(r->a, v[3].s, v[3].len) : NULL;
	p[5] = r->claims.sub;
	if (p[2] == NULL)
		p[2] = "0";
	if (p[3] == NULL)
		p[3] = "0";
	if ((e = db_exec(r->a, STMT_FUNDING_INSERT, p, &res)) != JG_OK)
		return e;
	if ((e = api_bump(r, s.id, s.version)) != JG_OK ||
	    (e = api_event(r, s.id, "funding_add", 0, 0, NULL, NULL,
	    PQgetvalue(res, 0, 1))) != JG_OK)
		return e;
	api_answer(r, 201, PQgetvalue(res, 0, 1));
	return JG_OK;
}
