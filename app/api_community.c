/*
 * api_community.c - communities: list, declare, read, edit, audit trail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_fields.h"
#include "urlenc.h"

#define MAXFIELDS	64

/* The validated fields as a JSON object text, values normalised. */
static const char *
fields_json(struct req *r, const struct jin_value *v, const char *stage)
{
	struct buf	 b;
	char		 money[32];
	size_t		 i;

	buf_init(&b, r->a);
	buf_putc(&b, '{');
	for (i = 0; i < wf_fields_len; i++) {
		if (!v[i].present)
			continue;
		if (b.len > 1)
			buf_putc(&b, ',');
		buf_json_str(&b, wf_fields[i].name);
		buf_putc(&b, ':');
		if (v[i].is_null) {
			buf_puts(&b, "null");
			continue;
		}
		switch (wf_fields[i].type) {
		case WF_INT:
			buf_printf(&b, "%lld", v[i].i);
			break;
		case WF_DECIMAL:
			jin_money_str(v[i].i, money, sizeof(money));
			buf_json_str(&b, money);
			break;
		case WF_BOOL:
			buf_puts(&b, v[i].i ? "true" : "false");
			break;
		default:
			buf_json_strn(&b, v[i].s, v[i].len);
			break;
		}
	}
	if (stage != NULL) {
		if (b.len > 1)
			buf_putc(&b, ',');
		buf_puts(&b, "\"stage\":");
		buf_json_str(&b, stage);
	}
	buf_putc(&b, '}');
	return b.p;
}

/* Text of field i for a statement parameter, or NULL. */
static const char *
field_param(struct req *r, const struct jin_value *v, const char *name)
{
	const struct wf_field	*f = wf_field_find(name, strlen(name));
	size_t			 i;
	char			 money[32];

	if (f == NULL)
		return NULL;
	i = (size_t)(f - wf_fields);
	if (!v[i].present || v[i].is_null)
		return NULL;
	switch (f->type) {
	case WF_INT:
		return api_num(r, v[i].i);
	case WF_DECIMAL:
		jin_money_str(v[i].i, money, sizeof(money));
		return arena_strdup(r->a, money);
	case WF_BOOL:
		return v[i].i ? "true" : "false";
	default:
		return arena_strndup(r->a, v[i].s, v[i].len);
	}
}

/* Presence of a field's value, for the declaration's snapshot. */
static int
has(const struct jin_value *v, const char *name)
{
	const struct wf_field	*f = wf_field_find(name, strlen(name));

	return f != NULL && v[f - wf_fields].present && !v[f - wf_fields].is_null;
}

static int
ival(const struct jin_value *v, const char *name)
{
	const struct wf_field	*f = wf_field_find(name, strlen(name));

	return has(v, name) ? (int)v[f - wf_fields].i : -1;
}

/* The failing guards as details {"guards": [...]}. */
static enum jg_err
guards_fail(struct req *r, unsigned failed)
{
	struct buf	 b;
	int		 g, first = 1;

	buf_init(&b, r->a);
	buf_puts(&b, "{\"guards\":[");
	for (g = 0; g < GUARD__MAX; g++)
		if (failed & GUARD_BIT(g)) {
			if (!first)
				buf_putc(&b, ',');
			buf_json_str(&b, guards[g].name);
			first = 0;
		}
	buf_puts(&b, "]}");
	r->err_details = b.p;
	return JG_GUARD;
}

enum jg_err
api_guards_fail(struct req *r, unsigned failed)
{
	return guards_fail(r, failed);
}

/* Answer the community as GET shows it, with its ETag. */
static enum jg_err
answer_community(struct req *r, long long id, int status)
{
	const char	*p[1] = { api_num(r, id) };
	PGresult	*res;
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_COMMUNITY_JSON, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_NOT_FOUND, "no such community");
	{
		const char *c = PQgetvalue(res, 0, 0);

		/* GET and HEAD alike; writers have passed this check already. */
		if (!wf_in_scope(&r->actor, code_county(c, strlen(c))))
			return api_deny(r, WF_DENY_SCOPE);
	}
	api_answer(r, status, PQgetvalue(res, 0, 1));
	/* The version, for the ETag: a number the statement read from the JSON. */
	if (!PQgetisnull(res, 0, 2))
		r->etag = arena_printf(r->a, "\"%d\"", atoi(PQgetvalue(res, 0, 2)));
	return JG_OK;
}

enum jg_err
api_community_answer(struct req *r, long long id, int status)
{
	return answer_community(r, id, status);
}

enum jg_err
api_community_get(struct req *r)
{
	return answer_community(r, r->id, 200);
}

enum jg_err
api_community_create(struct req *r)
{
	struct jin_value		 v[MAXFIELDS];
	const struct api_body		*body = api_fields(BODY_COMMUNITY);
	const struct wf_transition	*t = wf_find(ACTION_DECLARE, WF_FROM_NONE);
	struct wf_snapshot		 s;
	struct wf_settings		 cfg;
	const char			*p[19];
	const struct wf_field		*f;
	PGresult			*res;
	enum wf_deny			 d;
	enum jg_err			 e;
	unsigned			 failed;
	size_t				 i;
	long long			 id;

	if ((e = api_body(r, body->fields, body->n, v, NULL)) != JG_OK)
		return e;
	if (v[body->n - 1].present)
		return req_fail_field(r, JG_BAD_REQUEST, "expected_version",
		    "a new community has no version yet");
	f = wf_field_find("county", 6);
	if (!v[f - wf_fields].present || v[f - wf_fields].is_null)
		return req_fail_field(r, JG_BAD_REQUEST, "county",
		    "county is required");
	memset(&s, 0, sizeof(s));
	s.stage = -1;
	s.county = (int)v[f - wf_fields].i;
	s.declared_by_dept = r->actor.dept;
	if (t == NULL)
		return JG_INTERNAL;
	if ((d = wf_may_initiate(t, &s, &r->actor)) != WF_OK)
		return api_deny(r, d);
	for (i = 0; i < wf_fields_len; i++) {
		if (!v[i].present)
			continue;
		if ((int)wf_fields[i].stage != t->to)
			return req_fail_field(r, JG_BAD_REQUEST, wf_fields[i].name,
			    "this field is recorded at a later stage");
		if (wf_fields[i].editors != 0 &&
		    !(wf_fields[i].editors & DEPT_BIT(r->actor.dept)))
			return req_fail_field(r, JG_FORBIDDEN, wf_fields[i].name,
			    "your department may not set this field");
	}
	r->role = "clerk";
	s.has_name = has(v, "name");
	s.has_street = has(v, "street");
	s.has_committee = has(v, "committee");
	s.has_address = has(v, "address");
	s.built_year = ival(v, "built_year");
	s.buildings = ival(v, "buildings");
	s.households = ival(v, "households");
	s.has_floor_area = has(v, "floor_area_m2");
	s.state_land = ival(v, "state_land");
	s.urban_area = ival(v, "urban_area");
	s.multi_storey = ival(v, "multi_storey");
	s.structure_intact = ival(v, "structure_intact");
	s.in_other_plan = ival(v, "in_other_plan");
	memset(&cfg, 0, sizeof(cfg));
	if ((failed = wf_check(t, &s, &cfg, NULL)) != 0)
		return guards_fail(r, failed);

	p[0] = counties[s.county].code;
	p[1] = stages[t->to].code;
	p[2] = field_param(r, v, "name");
	p[3] = field_param(r, v, "street");
	p[4] = field_param(r, v, "committee");
	p[5] = field_param(r, v, "address");
	p[6] = field_param(r, v, "built_year");
	p[7] = field_param(r, v, "buildings");
	p[8] = field_param(r, v, "households");
	p[9] = field_param(r, v, "floor_area_m2");
	p[10] = field_param(r, v, "state_land");
	p[11] = field_param(r, v, "urban_area");
	p[12] = field_param(r, v, "multi_storey");
	p[13] = field_param(r, v, "structure_intact");
	p[14] = field_param(r, v, "in_other_plan");
	p[15] = field_param(r, v, "dilapidated");
	p[16] = field_param(r, v, "exception_reason");
	p[17] = r->claims.dept;
	p[18] = r->claims.sub;
	if ((e = db_exec(r->a, STMT_COMMUNITY_INSERT, p, &res)) != JG_OK)
		return e;
	id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	e = api_event(r, id, actions[t->action].code, 0, 0, NULL, NULL,
	    fields_json(r, v, stages[t->to].code));
	if (e != JG_OK)
		return e;
	return answer_community(r, id, 201);
}

enum jg_err
api_community_patch(struct req *r)
{
	struct jin_value	 v[MAXFIELDS];
	const struct api_body	*body = api_fields(BODY_COMMUNITY);
	struct wf_snapshot	 s;
	const char		*p[7];
	PGresult		*res;
	enum wf_deny		 d;
	enum jg_err		 e;
	size_t			 i, n = 0;
	int			 expected;

	if ((e = api_body(r, body->fields, body->n, v, NULL)) != JG_OK)
		return e;
	if ((expected = api_expected(r, &v[body->n - 1])) <= 0)
		return req_fail_field(r, JG_BAD_REQUEST, "expected_version",
		    "name the version you saw: expected_version or If-Match");
	if ((e = api_snapshot(r, r->id, &s)) != JG_OK)
		return e;
	/* Authorization first: who may edit what, whatever the state. */
	for (i = 0; i < wf_fields_len; i++) {
		if (!v[i].present)
			continue;
		n++;
		if ((d = wf_may_edit(&wf_fields[i], &s, &r->actor)) != WF_OK)
			return req_fail_field(r, JG_FORBIDDEN, wf_fields[i].name,
			    wf_deny_msg[d]);
	}
	if (n == 0)
		return req_fail(r, JG_BAD_REQUEST, "no field to change");
	if (s.version != expected)
		return req_fail(r, JG_CONFLICT,
		    "the community was changed meanwhile; reload it");
	if (s.round_id != 0)
		return req_fail(r, JG_CONFLICT,
		    "the data is frozen while a submission awaits countersigning");
	for (i = 0; i < wf_fields_len; i++) {
		if (!v[i].present)
			continue;
		if (wf_fields[i].fixed)
			return req_fail_field(r, JG_CONFLICT, wf_fields[i].name,
			    "this field cannot be changed after declaration");
		if ((int)wf_fields[i].stage != s.stage)
			return req_fail_field(r, JG_CONFLICT, wf_fields[i].name,
			    arena_printf(r->a, "%s can be edited only at stage %s",
			    wf_fields[i].name, stages[wf_fields[i].stage].code));
	}
	r->role = "clerk";
	p[0] = api_num(r, s.id);
	p[1] = fields_json(r, v, NULL);
	p[2] = api_num(r, expected);
	p[3] = r->claims.sub;
	p[4] = r->claims.name[0] != '\0' ? r->claims.name : NULL;
	p[5] = r->claims.dept;
	p[6] = r->role;
	if ((e = db_exec(r->a, STMT_COMMUNITY_PATCH, p, &res)) != JG_OK) {
		if (e == JG_INVALID)
			return req_fail(r, JG_INVALID,
			    "the values are inconsistent (e.g. contract end before start)");
		return e;
	}
	if (PQntuples(res) != 1)
		return req_fail(r, JG_CONFLICT, "the community was changed meanwhile");
	return answer_community(r, s.id, 200);
}

/*
 * The cursor of the priority order, "d.share.id" as the list answers it
 * in next: dilapidated 0 or 1, the share in basis points (-1 without
 * consent data, else 0 to 10000), the id; each number written the one
 * way the database writes it, so a cursor is never two texts.  Fills
 * the statement's parameters and returns 0, or -1 for anything else.
 */
static int
priority_cursor(struct req *r, const char *s, const char **d,
    const char **share, const char **id)
{
	const char	*p = s, *q;
	long long	 v;
	size_t		 n;

	if ((p[0] != '0' && p[0] != '1') || p[1] != '.')
		return -1;
	*d = p[0] == '1' ? "true" : "false";
	p += 2;
	if (strncmp(p, "-1.", 3) == 0) {
		*share = "-1";
		p += 3;
	} else {
		n = strspn(p, "0123456789");
		if (n == 0 || n > 5 || (n > 1 && p[0] == '0') || p[n] != '.')
			return -1;
		v = strtoll(p, NULL, 10);
		if (v > 10000)
			return -1;
		*share = api_num(r, v);
		p += n + 1;
	}
	q = p;
	n = strspn(q, "0123456789");
	if (n == 0 || n > 15 || q[0] == '0' || q[n] != '\0')
		return -1;
	*id = q;
	return 0;
}

/* Whether s is 1 to max characters of UTF-8 (query_get checked it is UTF-8). */
static int
chars_within(const char *s, size_t max)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n >= 1 && n <= max;
}

enum jg_err
api_community_list(struct req *r)
{
	static const char *const names[] = {
		"county", "stage", "q", "limit", "after", "batch", "sort",
	};
	char		 county[64], stage[64], q[256], lim[16], after[48], bad[64];
	char		 batch[256], sort[16];
	const char	*p[8];
	PGresult	*res;
	enum jg_err	 e;
	struct buf	 b;
	long		 limit = 50;
	int		 c, prio = 0;
	const char	*qs = r->query != NULL ? r->query : "";

	if (!query_only(qs, names, sizeof(names) / sizeof(names[0]), bad,
	    sizeof(bad)))
		return req_fail_field(r, JG_BAD_REQUEST, arena_strdup(r->a, bad),
		    "unknown or repeated query parameter");
	memset(p, 0, sizeof(p));
	if ((c = query_get(qs, "county", county, sizeof(county))) < 0 ||
	    (c == 1 && code_county(county, strlen(county)) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "county", "unknown county");
	if (c == 1)
		p[0] = county;
	if ((c = query_get(qs, "stage", stage, sizeof(stage))) < 0 ||
	    (c == 1 && code_stage(stage, strlen(stage)) < 0))
		return req_fail_field(r, JG_BAD_REQUEST, "stage", "unknown stage");
	if (c == 1)
		p[1] = stage;
	if ((c = query_get(qs, "q", q, sizeof(q))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "q", "malformed search");
	if (c == 1 && q[0] != '\0')
		p[2] = q;
	/* A batch is matched exactly: it is a code such as "2017". */
	if ((c = query_get(qs, "batch", batch, sizeof(batch))) < 0 ||
	    (c == 1 && !chars_within(batch, 40)))
		return req_fail_field(r, JG_BAD_REQUEST, "batch",
		    "invalid batch: 1 to 40 characters");
	if (c == 1)
		p[5] = batch;
	if ((c = query_get(qs, "sort", sort, sizeof(sort))) < 0 ||
	    (c == 1 && strcmp(sort, "id") != 0 && strcmp(sort, "priority") != 0))
		return req_fail_field(r, JG_BAD_REQUEST, "sort",
		    "invalid sort: id or priority");
	prio = c == 1 && strcmp(sort, "priority") == 0;
	if ((c = query_get(qs, "after", after, sizeof(after))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "after", "malformed cursor");
	if (c == 1 && prio) {
		if (priority_cursor(r, after, &p[3], &p[6], &p[7]) == -1)
			return req_fail_field(r, JG_BAD_REQUEST, "after",
			    "not a cursor of this order: pass next as it was given");
	} else if (c == 1) {
		char *end;
		long long a = strtoll(after, &end, 10);

		if (end == after || *end != '\0' || a < 0 || strlen(after) > 15)
			return req_fail_field(r, JG_BAD_REQUEST, "after",
			    "the cursor is a number");
		p[3] = after;
	} else if (prio) {
		/* Above every key: dilapidated, a share over 100 %, any id. */
		p[3] = "true";
		p[6] = "10001";
		p[7] = "9223372036854775807";
	}
	if ((c = query_get(qs, "limit", lim, sizeof(lim))) < 0)
		return req_fail_field(r, JG_BAD_REQUEST, "limit", "malformed limit");
	if (c == 1) {
		char *end;

		limit = strtol(lim, &end, 10);
		if (end == lim || *end != '\0' || limit < 1 || limit > 200)
			return req_fail_field(r, JG_BAD_REQUEST, "limit",
			    "limit is 1 to 200");
	}
	/* Scoped organisations see their own county only. */
	if (depts[r->actor.dept].scoped) {
		if (p[0] != NULL && code_county(county, strlen(county)) != r->actor.county)
			return api_deny(r, WF_DENY_SCOPE);
		p[0] = counties[r->actor.county].code;
	}
	p[4] = api_num(r, limit);
	if ((e = db_exec(r->a, prio ? STMT_COMMUNITY_LIST_PRIORITY :
	    STMT_COMMUNITY_LIST, p, &res)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	buf_puts(&b, "{\"items\":");
	buf_puts(&b, PQgetvalue(res, 0, 0));
	buf_puts(&b, ",\"next\":");
	if (atol(PQgetvalue(res, 0, 2)) == limit)
		buf_json_str(&b, PQgetvalue(res, 0, 1));
	else
		buf_puts(&b, "null");
	buf_putc(&b, '}');
	api_answer(r, 200, b.p);
	return JG_OK;
}

enum jg_err
api_community_events(struct req *r)
{
	const char	*p[1] = { api_num(r, r->id) };
	const char	*c;
	PGresult	*res;
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_COMMUNITY_SCOPE, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_NOT_FOUND, "no such community");
	c = PQgetvalue(res, 0, 0);
	if (!wf_in_scope(&r->actor, code_county(c, strlen(c))))
		return api_deny(r, WF_DENY_SCOPE);
	if ((e = db_exec(r->a, STMT_EVENTS_JSON, p, &res)) != JG_OK)
		return e;
	api_answer(r, 200, arena_printf(r->a, "{\"community_id\":%lld,\"items\":%s}",
	    r->id, PQgetvalue(res, 0, 0)));
	return JG_OK;
}
