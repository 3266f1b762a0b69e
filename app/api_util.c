/*
 * api_util.c - what every handler needs: bodies, snapshots, events,
 * versions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

static void
json_put(void *p)
{
	json_object_put(p);
}

enum jg_err
api_body(struct req *r, const struct jin_field *fields, size_t n,
    struct jin_value *vals, struct json_object **objp)
{
	struct json_object	*obj;
	enum jin_err		 je;
	const char		*field = NULL;

	if (objp != NULL)
		*objp = NULL;
	if ((obj = jin_parse(r->body, r->bodylen, &je)) == NULL) {
		if (je == JIN_DUPLICATE)
			return req_fail(r, JG_BAD_REQUEST, jin_err_str(je));
		return req_fail(r, JG_BAD_REQUEST, jin_err_str(je));
	}
	arena_cleanup(r->a, json_put, obj);
	memset(vals, 0, n * sizeof(*vals));
	if ((je = jin_extract(obj, fields, n, vals, &field)) != JIN_OK)
		return req_fail_field(r, JG_BAD_REQUEST,
		    field != NULL ? arena_strdup(r->a, field) : "",
		    arena_printf(r->a, "%s: %s", jin_err_str(je),
		    field != NULL ? field : ""));
	if (objp != NULL)
		*objp = obj;
	return JG_OK;
}

void
api_answer(struct req *r, int status, const char *json)
{
	r->status = status;
	r->out_ctype = "application/json";
	buf_init(&r->out, r->a);
	buf_puts(&r->out, json);
	buf_putc(&r->out, '\n');
}

const char *
api_num(struct req *r, long long v)
{
	return arena_printf(r->a, "%lld", v);
}

const char *
api_depts(struct req *r, unsigned mask)
{
	struct buf	 b;
	int		 d;

	buf_init(&b, r->a);
	for (d = 0; d < DEPT__MAX; d++)
		if (mask & DEPT_BIT(d)) {
			if (b.len > 0)
				buf_putc(&b, ',');
			buf_puts(&b, depts[d].code);
		}
	return b.p;
}

unsigned
api_dept_mask(const char *s)
{
	unsigned	 mask = 0;
	const char	*e;
	int		 d;

	while (*s != '\0') {
		e = strchr(s, ',');
		if (e == NULL)
			e = s + strlen(s);
		if ((d = code_dept(s, (size_t)(e - s))) >= 0)
			mask |= DEPT_BIT(d);
		s = *e == ',' ? e + 1 : e;
	}
	return mask;
}

static int
col_int(PGresult *res, int c)
{
	return atoi(PQgetvalue(res, 0, c));
}

static int
col_bool3(PGresult *res, int c)
{
	return atoi(PQgetvalue(res, 0, c));
}

enum jg_err
api_snapshot(struct req *r, long long id, struct wf_snapshot *s)
{
	const char	*p[1] = { api_num(r, id) };
	const char	*v;
	PGresult	*res;
	enum jg_err	 e;
	int		 c = 0;

	memset(s, 0, sizeof(*s));
	if ((e = db_exec(r->a, STMT_COMMUNITY_LOCK, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_NOT_FOUND, "no such community");
	if ((e = db_exec(r->a, STMT_SNAPSHOT, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_NOT_FOUND, "no such community");
	s->id = strtoll(PQgetvalue(res, 0, c++), NULL, 10);
	v = PQgetvalue(res, 0, c++);
	s->stage = code_stage(v, strlen(v));
	v = PQgetvalue(res, 0, c++);
	s->county = code_county(v, strlen(v));
	s->version = col_int(res, c++);
	v = PQgetvalue(res, 0, c++);
	s->declared_by_dept = code_dept(v, strlen(v));
	s->has_name = col_int(res, c++);
	s->has_street = col_int(res, c++);
	s->has_committee = col_int(res, c++);
	s->has_address = col_int(res, c++);
	s->built_year = col_int(res, c++);
	s->buildings = col_int(res, c++);
	s->households = col_int(res, c++);
	s->has_floor_area = col_int(res, c++);
	s->state_land = col_bool3(res, c++);
	s->urban_area = col_bool3(res, c++);
	s->multi_storey = col_bool3(res, c++);
	s->structure_intact = col_bool3(res, c++);
	s->in_other_plan = col_bool3(res, c++);
	s->has_exception_reason = col_int(res, c++);
	s->consent_households = col_int(res, c++);
	s->notice_posted_on = atol(PQgetvalue(res, 0, c++));
	s->has_contractor = col_int(res, c++);
	s->has_supervisor = col_int(res, c++);
	s->has_tender_awarded_on = col_int(res, c++);
	s->has_site_manager = col_int(res, c++);
	s->has_owners_meeting_on = col_int(res, c++);
	v = PQgetvalue(res, 0, c++);
	s->mode = code_mode(v, strlen(v));
	s->has_company = col_int(res, c++);
	s->has_contract_start = col_int(res, c++);
	s->has_contract_end = col_int(res, c++);
	s->has_managed_area = col_int(res, c++);
	s->has_fee = col_int(res, c++);
	s->has_managing_committee = col_int(res, c++);
	s->items = col_int(res, c++);
	s->items_no_condition = col_int(res, c++);
	s->selected = col_int(res, c++);
	s->selected_no_estimate = col_int(res, c++);
	s->selected_not_done = col_int(res, c++);
	s->selected_not_signed = col_int(res, c++);
	s->selected_permit = col_int(res, c++);
	s->estimate_fen = strtoll(PQgetvalue(res, 0, c++), NULL, 10);
	s->planned_fen = strtoll(PQgetvalue(res, 0, c++), NULL, 10);
	s->round_id = strtoll(PQgetvalue(res, 0, c++), NULL, 10);
	v = PQgetvalue(res, 0, c++);
	s->round_action = s->round_id ? code_action(v, strlen(v)) : -1;
	snprintf(s->round_submitter, sizeof(s->round_submitter), "%s",
	    PQgetvalue(res, 0, c++));
	s->round_required = api_dept_mask(PQgetvalue(res, 0, c++));
	s->round_approved = api_dept_mask(PQgetvalue(res, 0, c++));
	s->round_comment = PQgetisnull(res, 0, c) ? NULL : PQgetvalue(res, 0, c);
	c++;
	if (!wf_in_scope(&r->actor, s->county))
		return api_deny(r, WF_DENY_SCOPE);
	return JG_OK;
}

enum jg_err
api_deny(struct req *r, enum wf_deny d)
{
	return req_fail(r, JG_FORBIDDEN, wf_deny_msg[d]);
}

enum jg_err
api_event(struct req *r, long long cid, const char *action, long long round,
    long long item, const char *comment, const char *before, const char *after)
{
	const char	*p[11];

	p[0] = api_num(r, cid);
	p[1] = r->claims.sub;
	p[2] = r->claims.name[0] != '\0' ? r->claims.name : NULL;
	p[3] = r->claims.dept;
	p[4] = r->role != NULL ? r->role : "viewer";
	p[5] = action;
	p[6] = round > 0 ? api_num(r, round) : NULL;
	p[7] = item > 0 ? api_num(r, item) : NULL;
	p[8] = comment;
	p[9] = before;
	p[10] = after;
	return db_exec(r->a, STMT_EVENT_INSERT, p, NULL);
}

enum jg_err
api_bump(struct req *r, long long cid, int version)
{
	const char	*p[2] = { api_num(r, cid), api_num(r, version) };
	PGresult	*res;
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_COMMUNITY_BUMP, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_CONFLICT, "the community was changed meanwhile");
	return JG_OK;
}

int
api_expected(struct req *r, const struct jin_value *ev)
{
	const char	*s;
	char		*end;
	long		 v;

	if (ev != NULL && ev->present && !ev->is_null)
		return (int)ev->i;
	if ((s = r->if_match) == NULL)
		return 0;
	if (strncmp(s, "W/", 2) == 0)
		s += 2;
	if (*s == '"')
		s++;
	v = strtol(s, &end, 10);
	if (end == s || v <= 0 || v > 2000000000)
		return -1;
	if (*end == '"')
		end++;
	return *end == '\0' ? (int)v : -1;
}
