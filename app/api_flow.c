/*
 * api_flow.c - submissions, countersigning rounds, returns and
 * withdrawals: the engine's decisions applied in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_fields.h"
#include "conf.h"

/* The guards' settings, with today's date in the city's time zone. */
static void
settings(struct req *r, struct wf_settings *cfg)
{
	/* Asia/Shanghai is UTC+8 all year. */
	cfg->today = (long)((r->now + 8 * 3600) / 86400);
	cfg->notice_days = (int)conf_long(CONF_NOTICE_DAYS, 7);
	cfg->consent_num = (int)conf_long(CONF_CONSENT_NUM, 2);
	cfg->consent_den = (int)conf_long(CONF_CONSENT_DEN, 3);
}

static const char *
comment_of(struct req *r, const struct jin_value *v)
{
	if (!v->present || v->is_null)
		return NULL;
	return arena_strndup(r->a, v->s, v->len);
}

static const char *
stage_json(struct req *r, int stage)
{
	return arena_printf(r->a, "{\"stage\":\"%s\"}", stages[stage].code);
}

/* Fire t now: the stage changes in this transaction. */
static enum jg_err
fire(struct req *r, const struct wf_transition *t, const struct wf_snapshot *s,
    int version, const char *comment, long long round)
{
	const char	*p[3];
	PGresult	*res;
	enum jg_err	 e;
	int		 to = wf_target(t, s->stage);

	p[0] = api_num(r, s->id);
	p[1] = stages[to].code;
	p[2] = api_num(r, version);
	if ((e = db_exec(r->a, STMT_COMMUNITY_STAGE, p, &res)) != JG_OK)
		return e == JG_INVALID ? req_fail(r, JG_CONFLICT,
		    "the database refused this stage change") : e;
	if (PQntuples(res) != 1)
		return req_fail(r, JG_CONFLICT, "the community was changed meanwhile");
	return api_event(r, s->id, actions[t->action].code, round, 0, comment,
	    stage_json(r, s->stage), stage_json(r, to));
}

static enum jg_err
round_close(struct req *r, long long round, const char *status)
{
	const char	*p[2] = { api_num(r, round), status };
	PGresult	*res;
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_ROUND_CLOSE, p, &res)) != JG_OK)
		return e;
	return PQntuples(res) == 1 ? JG_OK :
	    req_fail(r, JG_CONFLICT, "the submission was closed meanwhile");
}

static enum jg_err
answer_round(struct req *r, long long round, int status)
{
	const char	*p[1] = { api_num(r, round) };
	PGresult	*res;
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_ROUND_JSON, p, &res)) != JG_OK)
		return e;
	api_answer(r, status, PQgetvalue(res, 0, 0));
	return JG_OK;
}

enum jg_err
api_transition(struct req *r)
{
	struct jin_value		 v[3];
	struct wf_snapshot		 s;
	struct wf_settings		 cfg;
	const struct wf_transition	*t;
	const char			*p[8], *comment;
	PGresult			*res;
	enum wf_deny			 d;
	enum jg_err			 e;
	unsigned			 failed, need;
	long long			 round;
	int				 expected;

	if ((e = api_body(r, api_fields(BODY_TRANSITION)->fields,
	    api_fields(BODY_TRANSITION)->n, v, NULL)) != JG_OK)
		return e;
	comment = comment_of(r, &v[2]);
	if ((e = api_snapshot(r, r->id, &s)) != JG_OK)
		return e;
	if ((t = wf_find((enum action)v[0].i, s.stage)) == NULL)
		return req_fail(r, JG_CONFLICT, arena_printf(r->a,
		    "%s is not possible from stage %s",
		    actions[v[0].i].code, stages[s.stage].code));
	if ((d = wf_may_initiate(t, &s, &r->actor)) != WF_OK)
		return api_deny(r, d);
	r->role = roles[t->role];
	if ((expected = api_expected(r, &v[1])) <= 0)
		return req_fail_field(r, JG_BAD_REQUEST, "expected_version",
		    "name the version you saw: expected_version or If-Match");
	if (expected != s.version)
		return req_fail(r, JG_CONFLICT,
		    "the community was changed meanwhile; reload it");
	if (s.round_id != 0 && !(t->flags & WF_BACK))
		return req_fail(r, JG_CONFLICT,
		    "a submission is already awaiting countersigning");
	settings(r, &cfg);
	if ((failed = wf_check(t, &s, &cfg, comment)) != 0)
		return api_guards_fail(r, failed);

	if ((need = wf_required(t, &s)) == 0) {
		/* Nothing to countersign: it fires at once. */
		if (s.round_id != 0) {
			if ((e = round_close(r, s.round_id, "cancelled")) != JG_OK)
				return e;
			if ((e = api_event(r, s.id, "cancel", s.round_id, 0,
			    comment, NULL, NULL)) != JG_OK)
				return e;
		}
		if ((e = fire(r, t, &s, s.version, comment, 0)) != JG_OK)
			return e;
		return api_community_answer(r, s.id, 200);
	}
	p[0] = api_num(r, s.id);
	p[1] = actions[t->action].code;
	p[2] = stages[s.stage].code;
	p[3] = api_depts(r, need);
	p[4] = r->claims.sub;
	p[5] = r->claims.name[0] != '\0' ? r->claims.name : NULL;
	p[6] = r->claims.dept;
	p[7] = comment;
	if ((e = db_exec(r->a, STMT_ROUND_INSERT, p, &res)) != JG_OK)
		return e;
	round = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	if ((e = api_bump(r, s.id, s.version)) != JG_OK)
		return e;
	if ((e = api_event(r, s.id, "submit", round, 0, comment, NULL,
	    arena_printf(r->a, "{\"action\":\"%s\",\"required\":\"%s\"}",
	    actions[t->action].code, p[3]))) != JG_OK)
		return e;
	return answer_round(r, round, 202);
}

enum jg_err
api_approval(struct req *r)
{
	struct jin_value		 v[4];
	struct wf_snapshot		 s;
	struct wf_settings		 cfg;
	const struct wf_transition	*t;
	const char			*p[6], *comment;
	enum wf_deny			 d;
	enum jg_err			 e;
	unsigned			 failed;
	int				 expected, approve;

	if ((e = api_body(r, api_fields(BODY_APPROVAL)->fields,
	    api_fields(BODY_APPROVAL)->n, v, NULL)) != JG_OK)
		return e;
	comment = comment_of(r, &v[2]);
	approve = v[1].i == DECISION_APPROVE;
	if ((e = api_snapshot(r, r->id, &s)) != JG_OK)
		return e;
	if (s.round_id == 0)
		return req_fail(r, JG_CONFLICT, "no submission awaits countersigning");
	if (s.round_action != (int)v[0].i)
		return req_fail_field(r, JG_CONFLICT, "action", arena_printf(r->a,
		    "the open submission is for %s", actions[s.round_action].code));
	if ((d = wf_may_decide(&s, &r->actor)) == WF_DENY_DECIDED)
		return req_fail(r, JG_CONFLICT, wf_deny_msg[d]);
	if (d != WF_OK)
		return api_deny(r, d);
	r->role = "approver";
	if ((expected = api_expected(r, &v[3])) < 0 ||
	    (expected > 0 && expected != s.version))
		return req_fail(r, JG_CONFLICT,
		    "the community was changed meanwhile; reload it");
	if (!approve && wf_blank(comment))
		return req_fail_field(r, JG_INVALID, "comment",
		    "a rejection needs a reason");
	p[0] = api_num(r, s.round_id);
	p[1] = r->claims.dept;
	p[2] = decisions[v[1].i];
	p[3] = r->claims.sub;
	p[4] = r->claims.name[0] != '\0' ? r->claims.name : NULL;
	p[5] = comment;
	if ((e = db_exec(r->a, STMT_APPROVAL_INSERT, p, NULL)) != JG_OK)
		return e == JG_CONFLICT ? req_fail(r, JG_CONFLICT,
		    "your department has already decided on this submission") : e;
	if ((e = api_event(r, s.id, decisions[v[1].i], s.round_id, 0, comment,
	    NULL, NULL)) != JG_OK)
		return e;
	if (!approve) {
		if ((e = round_close(r, s.round_id, "rejected")) != JG_OK ||
		    (e = api_bump(r, s.id, s.version)) != JG_OK)
			return e;
		return answer_round(r, s.round_id, 200);
	}
	s.round_approved |= DEPT_BIT(r->actor.dept);
	if ((s.round_approved & s.round_required) != s.round_required) {
		if ((e = api_bump(r, s.id, s.version)) != JG_OK)
			return e;
		return answer_round(r, s.round_id, 200);
	}
	/* The last approval: the guards again, then the transition fires. */
	if ((t = wf_find((enum action)s.round_action, s.stage)) == NULL)
		return req_fail(r, JG_CONFLICT, "the submission no longer applies");
	settings(r, &cfg);
	if ((failed = wf_check(t, &s, &cfg, s.round_comment)) != 0)
		return api_guards_fail(r, failed);
	if ((e = round_close(r, s.round_id, "approved")) != JG_OK)
		return e;
	if ((e = fire(r, t, &s, s.version, s.round_comment, s.round_id)) != JG_OK)
		return e;
	return api_community_answer(r, s.id, 200);
}
