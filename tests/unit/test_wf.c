/*
 * test_wf.c - unit tests of the workflow engine (app/wf.c) over every row
 * of the transition table (app/wf_table.c).
 *
 * The expectations are restated here from DESIGN.md §3 and §8 as literal
 * tables, independent of wf_table.c: were they computed with the engine's
 * own helpers (wf_initiators, wf_next, kinds[].dept ...), a wrong row in
 * the table would agree with itself and no test could fail.  Each action,
 * guard and permission check has a named test; most loop over every
 * department, role, stage or item kind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "codes.h"
#include "wf.h"

/* Our own bit helpers, so the expectations share nothing with wf.h. */
#define XD(x)	(1u << DEPT_##x)
#define XG(x)	(1u << GUARD_##x)
#define XDB(d)	(1u << (d))
#define XR(r)	(1u << (r))
#define ALL_ROLES	(XR(ROLE_CLERK) | XR(ROLE_APPROVER) | XR(ROLE_VIEWER) | XR(ROLE_ADMIN))

/* DESIGN §4: the scoped organisations; everything else is a city department. */
#define SCOPED	(XD(COUNTY) | XD(STREET) | XD(COMMITTEE))

#define HOME	COUNTY_YISHUI	/* the county of the community under test */
#define TODAY	17000L		/* 2016-07-18, days since the epoch */

/*
 * DESIGN §3 as expectation rows: one per (action, from stage).  return
 * is spelled out for every stage it leaves, with the departments that
 * countersign that stage's next action written out by hand.
 */
struct exp_row {
	enum action	 a;
	int		 from;		/* enum stage or WF_FROM_NONE */
	int		 to;
	unsigned	 init;		/* departments that may initiate */
	enum role	 role;
	unsigned	 cs;		/* countersign, no item needs a permit */
	unsigned	 cs_permit;	/* countersign when one does */
	unsigned	 gmask;		/* guards */
	int		 declarer;	/* only the declaring organisation */
};

static const struct exp_row exp_rows[] = {
	{ ACTION_DECLARE, WF_FROM_NONE, STAGE_DECLARED,
	  XD(COMMITTEE) | XD(STREET), ROLE_CLERK, 0, 0,
	  XG(REQUIRED_FIELDS), 0 },
	{ ACTION_SURVEY, STAGE_DECLARED, STAGE_SURVEYED,
	  XD(STREET), ROLE_CLERK,
	  XD(COUNTY) | XD(HOUSING), XD(COUNTY) | XD(HOUSING),
	  XG(ELIGIBLE) | XG(SURVEY_RECORDED), 0 },
	{ ACTION_LAUNCH, STAGE_SURVEYED, STAGE_PILOTED,
	  XD(COUNTY), ROLE_CLERK,
	  XD(COUNTY) | XD(DRC) | XD(FINANCE),
	  XD(COUNTY) | XD(DRC) | XD(FINANCE) | XD(PLANNING),
	  XG(ITEMS_SELECTED) | XG(FUNDING_COVERS_ESTIMATE) |
	  XG(NOTICE_PERIOD) | XG(RESIDENT_CONSENT), 0 },
	{ ACTION_COMPLETE, STAGE_PILOTED, STAGE_RENOVATED,
	  XD(CONSTRUCTION), ROLE_CLERK,
	  XD(CONSTRUCTION), XD(CONSTRUCTION),
	  XG(TENDER_RECORDED) | XG(ITEMS_DONE), 0 },
	{ ACTION_ACCEPT, STAGE_RENOVATED, STAGE_ACCEPTED,
	  XD(CONSTRUCTION), ROLE_CLERK,
	  XD(CONSTRUCTION) | XD(AUDIT), XD(CONSTRUCTION) | XD(AUDIT),
	  XG(ITEMS_SIGNED_OFF), 0 },
	{ ACTION_HAND_OVER, STAGE_ACCEPTED, STAGE_MANAGED,
	  XD(HOUSING), ROLE_CLERK,
	  XD(HOUSING) | XD(PRICING), XD(HOUSING) | XD(PRICING),
	  XG(OWNERS_MEETING) | XG(MANAGEMENT_ARRANGED), 0 },
	/* return: approvers of whoever countersigns the next action */
	{ ACTION_RETURN, STAGE_SURVEYED, STAGE_DECLARED,
	  XD(COUNTY) | XD(DRC) | XD(FINANCE) | XD(PLANNING), ROLE_APPROVER,
	  0, 0, XG(REASON_GIVEN), 0 },
	{ ACTION_RETURN, STAGE_PILOTED, STAGE_SURVEYED,
	  XD(CONSTRUCTION), ROLE_APPROVER, 0, 0, XG(REASON_GIVEN), 0 },
	{ ACTION_RETURN, STAGE_RENOVATED, STAGE_PILOTED,
	  XD(CONSTRUCTION) | XD(AUDIT), ROLE_APPROVER,
	  0, 0, XG(REASON_GIVEN), 0 },
	{ ACTION_RETURN, STAGE_ACCEPTED, STAGE_RENOVATED,
	  XD(HOUSING) | XD(PRICING), ROLE_APPROVER,
	  0, 0, XG(REASON_GIVEN), 0 },
	{ ACTION_WITHDRAW, STAGE_DECLARED, STAGE_WITHDRAWN,
	  XD(COMMITTEE) | XD(STREET), ROLE_CLERK,
	  XD(COUNTY), XD(COUNTY), XG(REASON_GIVEN), 1 },
};
#define EXP_ROWS	(sizeof(exp_rows) / sizeof(exp_rows[0]))

/* Main line, by hand: the action leaving each stage and the stage before. */
static const int exp_next[STAGE__MAX] = {
	[STAGE_DECLARED] = ACTION_SURVEY,
	[STAGE_SURVEYED] = ACTION_LAUNCH,
	[STAGE_PILOTED] = ACTION_COMPLETE,
	[STAGE_RENOVATED] = ACTION_ACCEPT,
	[STAGE_ACCEPTED] = ACTION_HAND_OVER,
	[STAGE_MANAGED] = -1,
	[STAGE_WITHDRAWN] = -1,
};
static const int exp_prev[STAGE__MAX] = {
	[STAGE_DECLARED] = -1,
	[STAGE_SURVEYED] = STAGE_DECLARED,
	[STAGE_PILOTED] = STAGE_SURVEYED,
	[STAGE_RENOVATED] = STAGE_PILOTED,
	[STAGE_ACCEPTED] = STAGE_RENOVATED,
	[STAGE_MANAGED] = STAGE_ACCEPTED,
	[STAGE_WITHDRAWN] = -1,	/* a side stage: nothing to return to */
};

/* DESIGN §8 item kinds and the department that signs each off. */
static const enum dept exp_kind_dept[KIND__MAX] = {
	[KIND_CCTV] = DEPT_POLICE,
	[KIND_FIRE_LANE] = DEPT_POLICE,
	[KIND_HYDRANT] = DEPT_POLICE,
	[KIND_FITNESS] = DEPT_SPORTS,
	[KIND_LIFT] = DEPT_QUALITY,
	[KIND_COURIER] = DEPT_POSTAL,
	[KIND_WATER] = DEPT_WATER,
	[KIND_DRAINAGE] = DEPT_WATER,
	[KIND_POWER] = DEPT_POWER,
	[KIND_TELECOM] = DEPT_TELECOM,
	[KIND_HEATING] = DEPT_HEAT,
	[KIND_GAS] = DEPT_GAS,
	[KIND_ANTI_THEFT_DOOR] = DEPT_CONSTRUCTION,
	[KIND_GUARD_ROOM] = DEPT_CONSTRUCTION,
	[KIND_BIKE_SHED] = DEPT_CONSTRUCTION,
	[KIND_GARBAGE_CHUTE] = DEPT_CONSTRUCTION,
	[KIND_CLOSED_BINS] = DEPT_CONSTRUCTION,
	[KIND_CLUTTER] = DEPT_CONSTRUCTION,
	[KIND_ROAD] = DEPT_CONSTRUCTION,
	[KIND_GREENING] = DEPT_CONSTRUCTION,
	[KIND_MAILBOX] = DEPT_CONSTRUCTION,
	[KIND_NOTICE_BOARD] = DEPT_CONSTRUCTION,
	[KIND_PARKING] = DEPT_CONSTRUCTION,
	[KIND_LIGHTING] = DEPT_CONSTRUCTION,
	[KIND_STAIR_REPAIR] = DEPT_CONSTRUCTION,
	[KIND_STAIR_PAINT] = DEPT_CONSTRUCTION,
	[KIND_FACADE] = DEPT_CONSTRUCTION,
	[KIND_PROPERTY_ROOM] = DEPT_CONSTRUCTION,
	[KIND_ENERGY_RETROFIT] = DEPT_CONSTRUCTION,
	[KIND_OTHER] = DEPT_CONSTRUCTION,
};

/* DESIGN §8 stage data: the field, its stage, who edits it. */
struct exp_field {
	const char	*name;
	enum stage	 stage;
	unsigned	 editors;
};

#define DECL(n)	{ n, STAGE_DECLARED, XD(STREET) }
#define SURV(n)	{ n, STAGE_SURVEYED, XD(COUNTY) }
#define PILO(n)	{ n, STAGE_PILOTED, XD(CONSTRUCTION) }
#define ACPT(n)	{ n, STAGE_ACCEPTED, XD(HOUSING) }

static const struct exp_field exp_fields[] = {
	DECL("name"), DECL("county"), DECL("street"), DECL("committee"),
	DECL("address"), DECL("built_year"), DECL("buildings"),
	DECL("households"), DECL("floor_area_m2"), DECL("state_land"),
	DECL("urban_area"), DECL("multi_storey"), DECL("structure_intact"),
	DECL("in_other_plan"), DECL("dilapidated"),
	/* the county's decision to relax the rules: county users only */
	{ "exception_reason", STAGE_DECLARED, XD(COUNTY) },
	SURV("consent_households"), SURV("notice_posted_on"), SURV("batch"),
	PILO("contractor"), PILO("supervisor"), PILO("tender_awarded_on"),
	PILO("site_manager"),
	ACPT("owners_meeting_on"), ACPT("mode"), ACPT("company"),
	ACPT("contract_start"), ACPT("contract_end"), ACPT("managed_area_m2"),
	ACPT("fee_yuan_per_m2_month"), ACPT("managing_committee"),
};
#define EXP_FIELDS	(sizeof(exp_fields) / sizeof(exp_fields[0]))

static const struct wf_settings cfg7 = { TODAY, 7, 2, 3 };

/*
 * A community on which every guard of every row holds: each guard test
 * starts from it and breaks one thing, so the failing mask names exactly
 * what was broken.
 */
static void
snap_good(struct wf_snapshot *s, int stage)
{
	memset(s, 0, sizeof(*s));
	s->id = 42;
	s->stage = stage;
	s->county = HOME;
	s->version = 3;
	s->declared_by_dept = DEPT_COMMITTEE;
	s->has_name = s->has_street = s->has_committee = s->has_address = 1;
	s->built_year = 1988;
	s->buildings = 12;
	s->households = 240;
	s->has_floor_area = 1;
	s->state_land = s->urban_area = s->multi_storey = 1;
	s->structure_intact = 1;
	s->in_other_plan = 0;
	s->consent_households = 200;
	s->notice_posted_on = TODAY - 30;
	s->has_contractor = s->has_supervisor = 1;
	s->has_tender_awarded_on = s->has_site_manager = 1;
	s->has_owners_meeting_on = 1;
	s->mode = MODE_PROFESSIONAL;
	s->has_company = s->has_contract_start = s->has_contract_end = 1;
	s->has_managed_area = s->has_fee = 1;
	s->items = 5;
	s->selected = 3;
	s->estimate_fen = 150000000;
	s->planned_fen = 160000000;
}

static struct wf_actor
actor(int dept, int county, unsigned rolemask, const char *sub)
{
	struct wf_actor	 w;

	w.sub = sub;
	w.dept = dept;
	w.county = county;
	w.roles = rolemask;
	return w;
}

/* An actor of dept at home: scoped organisations carry the county. */
static struct wf_actor
home_actor(int dept, unsigned rolemask, const char *sub)
{
	return actor(dept, (SCOPED & XDB(dept)) ? HOME : -1, rolemask, sub);
}

static const struct wf_transition *
row(enum action a, int from)
{
	const struct wf_transition	*t = wf_find(a, from);

	if (t == NULL)
		print_error("no row for %s from %d\n", actions[a].code, from);
	assert_non_null(t);
	return t;
}

static unsigned
check(enum action a, const struct wf_snapshot *s, const char *comment)
{
	return wf_check(row(a, s->stage), s, &cfg7, comment);
}

/* The expected answer of the common check for one in-scope actor. */
static enum wf_deny
expect(unsigned dmask, enum role role, int dept, unsigned rolemask)
{
	if (!(dmask & XDB(dept)))
		return WF_DENY_DEPT;
	if (!(rolemask & XR(role)))
		return WF_DENY_ROLE;
	return WF_OK;
}

static void
deny_eq(enum wf_deny got, enum wf_deny want, const char *what, int dept,
    unsigned rolemask)
{
	if (got != want)
		print_error("%s: dept %s roles %#x: got %d, want %d\n",
		    what, depts[dept].code, rolemask, (int)got, (int)want);
	assert_int_equal(got, want);
}

/*
 * Table shape: wf_find, wf_target, the row's role and guards.
 */

static const struct exp_row *
exp_find(enum action a, int from)
{
	size_t	 i;

	for (i = 0; i < EXP_ROWS; i++)
		if (exp_rows[i].a == a && exp_rows[i].from == from)
			return &exp_rows[i];
	return NULL;
}

/* wf_find for a over every stage, "none" and nonsense stages. */
static void
check_find(enum action a)
{
	const struct wf_transition	*t;
	const struct exp_row		*e;
	int				 st, rows = 0;

	for (st = WF_FROM_NONE; st < STAGE__MAX; st++) {
		t = wf_find(a, st);
		e = exp_find(a, st);
		if ((t == NULL) != (e == NULL))
			print_error("%s from %d: row %s, expected %s\n",
			    actions[a].code, st, t ? "found" : "none",
			    e ? "one" : "none");
		if (e == NULL) {
			assert_null(t);
			continue;
		}
		rows++;
		assert_non_null(t);
		assert_int_equal(t->action, a);
		assert_int_equal(wf_target(t, st), e->to);
		assert_int_equal(t->role, e->role);
		assert_int_equal(t->guards, e->gmask);
		if (!(t->flags & WF_BACK)) {
			assert_int_equal(t->from, st);
			assert_int_equal(t->to, e->to);
		}
	}
	assert_true(rows > 0);
	/* Stages that do not exist never match, not even "any". */
	assert_null(wf_find(a, WF_FROM_ANY));
	assert_null(wf_find(a, STAGE__MAX));
	assert_null(wf_find(a, 99));
	assert_null(wf_find(a, -7));
}

static void test_find_declare(void **state)	{ (void)state; check_find(ACTION_DECLARE); }
static void test_find_survey(void **state)	{ (void)state; check_find(ACTION_SURVEY); }
static void test_find_launch(void **state)	{ (void)state; check_find(ACTION_LAUNCH); }
static void test_find_complete(void **state)	{ (void)state; check_find(ACTION_COMPLETE); }
static void test_find_accept(void **state)	{ (void)state; check_find(ACTION_ACCEPT); }
static void test_find_hand_over(void **state)	{ (void)state; check_find(ACTION_HAND_OVER); }
static void test_find_withdraw(void **state)	{ (void)state; check_find(ACTION_WITHDRAW); }

/* return: every stage but managed that has a previous one; named cases too. */
static void
test_find_return(void **state)
{
	(void)state;
	check_find(ACTION_RETURN);
	assert_null(wf_find(ACTION_RETURN, STAGE_DECLARED));
	assert_null(wf_find(ACTION_RETURN, STAGE_MANAGED));
	assert_null(wf_find(ACTION_RETURN, STAGE_WITHDRAWN));
	assert_null(wf_find(ACTION_RETURN, WF_FROM_NONE));
	assert_int_equal(wf_target(row(ACTION_RETURN, STAGE_SURVEYED),
	    STAGE_SURVEYED), STAGE_DECLARED);
	assert_int_equal(wf_target(row(ACTION_RETURN, STAGE_ACCEPTED),
	    STAGE_ACCEPTED), STAGE_RENOVATED);
}

/* Every row of wf_table is one we have an expectation for. */
static void
test_table_rows_covered(void **state)
{
	size_t	 i, j;
	int	 hit;

	(void)state;
	assert_true(wf_table_len > 0);
	for (i = 0; i < wf_table_len; i++) {
		hit = 0;
		for (j = 0; j < EXP_ROWS; j++)
			if (wf_find(exp_rows[j].a, exp_rows[j].from) ==
			    &wf_table[i])
				hit = 1;
		if (!hit)
			print_error("wf_table[%zu] (%s) is not in DESIGN §3\n",
			    i, actions[wf_table[i].action].code);
		assert_true(hit);
	}
	/* The action codes are part of the API (DESIGN §8). */
	assert_string_equal(actions[ACTION_DECLARE].code, "declare");
	assert_string_equal(actions[ACTION_HAND_OVER].code, "hand_over");
	assert_string_equal(actions[ACTION_RETURN].code, "return");
	assert_string_equal(actions[ACTION_WITHDRAW].code, "withdraw");
}

static void
test_next_previous(void **state)
{
	const struct wf_transition	*t;
	int				 st;

	(void)state;
	for (st = 0; st < STAGE__MAX; st++) {
		t = wf_next(st);
		if (exp_next[st] < 0)
			assert_null(t);
		else {
			assert_non_null(t);
			assert_int_equal(t->action, exp_next[st]);
			assert_int_equal(t->from, st);
		}
		assert_int_equal(wf_previous(st), exp_prev[st]);
	}
	/* Before declaration the next action is declare itself. */
	t = wf_next(WF_FROM_NONE);
	assert_non_null(t);
	assert_int_equal(t->action, ACTION_DECLARE);
	assert_int_equal(wf_previous(STAGE__MAX), -1);
	assert_int_equal(wf_previous(-1), -1);
	assert_null(wf_next(STAGE__MAX));
	/* withdraw is a side road, never the main line. */
	assert_true(wf_next(STAGE_DECLARED) != wf_find(ACTION_WITHDRAW,
	    STAGE_DECLARED));
}

/* Names of guards are part of the API (DESIGN §3). */
static void
test_guard_names(void **state)
{
	static const char *const want[GUARD__MAX] = {
		[GUARD_REQUIRED_FIELDS] = "required_fields",
		[GUARD_ELIGIBLE] = "eligible",
		[GUARD_SURVEY_RECORDED] = "survey_recorded",
		[GUARD_ITEMS_SELECTED] = "items_selected",
		[GUARD_FUNDING_COVERS_ESTIMATE] = "funding_covers_estimate",
		[GUARD_NOTICE_PERIOD] = "notice_period",
		[GUARD_RESIDENT_CONSENT] = "resident_consent",
		[GUARD_TENDER_RECORDED] = "tender_recorded",
		[GUARD_ITEMS_DONE] = "items_done",
		[GUARD_ITEMS_SIGNED_OFF] = "items_signed_off",
		[GUARD_OWNERS_MEETING] = "owners_meeting",
		[GUARD_MANAGEMENT_ARRANGED] = "management_arranged",
		[GUARD_REASON_GIVEN] = "reason_given",
	};
	int	 g;

	(void)state;
	for (g = 0; g < GUARD__MAX; g++) {
		assert_non_null(guards[g].name);
		assert_string_equal(guards[g].name, want[g]);
		assert_true(guards[g].zh != NULL && guards[g].zh[0] != '\0');
		assert_true(guards[g].en != NULL && guards[g].en[0] != '\0');
	}
}

/*
 * Who may initiate: every action x every department x every role.
 */
static void
check_initiate(enum action a)
{
	static const int declarers[] = { DEPT_COMMITTEE, DEPT_STREET };
	const struct exp_row		*e;
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	struct wf_actor			 w;
	enum wf_deny			 want;
	size_t				 i, k, nk;
	int				 d, r, allowed;

	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		if (e->a != a)
			continue;
		t = row(a, e->from);
		nk = e->declarer ? 2 : 1;
		for (k = 0; k < nk; k++) {
			snap_good(&s, e->from);
			s.declared_by_dept = declarers[k];
			/* planning countersigns launch: give it a permit item */
			s.selected_permit = 1;
			allowed = 0;
			for (d = 0; d < DEPT__MAX; d++) {
				for (r = 0; r < ROLE__MAX; r++) {
					w = home_actor(d, XR(r), "u-init");
					want = expect(e->init, e->role, d, XR(r));
					if (want == WF_OK && e->declarer &&
					    d != s.declared_by_dept)
						want = WF_DENY_DECLARER;
					if (want == WF_OK)
						allowed++;
					deny_eq(wf_may_initiate(t, &s, &w), want,
					    actions[a].code, d, XR(r));
				}
				/* Holding every role changes only the role test. */
				w = home_actor(d, ALL_ROLES, "u-all");
				want = (e->init & XDB(d)) ? WF_OK : WF_DENY_DEPT;
				if (want == WF_OK && e->declarer &&
				    d != s.declared_by_dept)
					want = WF_DENY_DECLARER;
				deny_eq(wf_may_initiate(t, &s, &w), want,
				    actions[a].code, d, ALL_ROLES);
			}
			/* Someone may always do it; nobody can be left out. */
			assert_true(allowed > 0);
		}
	}
}

static void test_initiate_declare(void **state)	{ (void)state; check_initiate(ACTION_DECLARE); }
static void test_initiate_survey(void **state)	{ (void)state; check_initiate(ACTION_SURVEY); }
static void test_initiate_launch(void **state)	{ (void)state; check_initiate(ACTION_LAUNCH); }
static void test_initiate_complete(void **state)	{ (void)state; check_initiate(ACTION_COMPLETE); }
static void test_initiate_accept(void **state)	{ (void)state; check_initiate(ACTION_ACCEPT); }
static void test_initiate_hand_over(void **state)	{ (void)state; check_initiate(ACTION_HAND_OVER); }

/* Named cases of return on top of the matrix. */
static void
test_initiate_return(void **state)
{
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	struct wf_actor			 w;

	(void)state;
	check_initiate(ACTION_RETURN);
	snap_good(&s, STAGE_SURVEYED);
	s.selected_permit = 1;
	t = row(ACTION_RETURN, STAGE_SURVEYED);
	w = home_actor(DEPT_PLANNING, XR(ROLE_APPROVER), "p");
	assert_int_equal(wf_may_initiate(t, &s, &w), WF_OK);
	/* the clerk who would launch is not the one who returns */
	w = home_actor(DEPT_COUNTY, XR(ROLE_CLERK), "c");
	assert_int_equal(wf_may_initiate(t, &s, &w), WF_DENY_ROLE);
	/* housing countersigned the survey, not the launch */
	w = home_actor(DEPT_HOUSING, XR(ROLE_APPROVER), "h");
	assert_int_equal(wf_may_initiate(t, &s, &w), WF_DENY_DEPT);
}

/* withdraw: the declaring organisation only, each way round. */
static void
test_initiate_withdraw(void **state)
{
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	struct wf_actor			 w;

	(void)state;
	check_initiate(ACTION_WITHDRAW);
	t = row(ACTION_WITHDRAW, STAGE_DECLARED);
	snap_good(&s, STAGE_DECLARED);
	s.declared_by_dept = DEPT_STREET;
	w = home_actor(DEPT_COMMITTEE, XR(ROLE_CLERK), "cm");
	assert_int_equal(wf_may_initiate(t, &s, &w), WF_DENY_DECLARER);
	w = home_actor(DEPT_STREET, XR(ROLE_CLERK), "st");
	assert_int_equal(wf_may_initiate(t, &s, &w), WF_OK);
	/* The county agrees to a withdrawal; it cannot start one. */
	w = home_actor(DEPT_COUNTY, XR(ROLE_CLERK), "co");
	assert_int_equal(wf_may_initiate(t, &s, &w), WF_DENY_DEPT);
}

/*
 * Scope (DESIGN §4).
 */

static void
test_scope_flags(void **state)
{
	int	 d;

	(void)state;
	for (d = 0; d < DEPT__MAX; d++)
		assert_int_equal(depts[d].scoped != 0, (SCOPED & XDB(d)) != 0);
}

/* A scoped organisation of another county is refused everything. */
static void
test_scope_other_county(void **state)
{
	const struct exp_row		*e;
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	struct wf_actor			 w;
	size_t				 i;
	int				 d, c;

	(void)state;
	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		t = row(e->a, e->from);
		snap_good(&s, e->from);
		s.selected_permit = 1;
		for (d = 0; d < DEPT__MAX; d++) {
			if (!(e->init & SCOPED & XDB(d)))
				continue;
			s.declared_by_dept = d;
			w = actor(d, HOME, XR(e->role), "in");
			assert_int_equal(wf_may_initiate(t, &s, &w), WF_OK);
			for (c = 0; c < COUNTY__MAX; c++) {
				if (c == HOME)
					continue;
				w = actor(d, c, XR(e->role), "out");
				deny_eq(wf_may_initiate(t, &s, &w),
				    WF_DENY_SCOPE, actions[e->a].code, d,
				    XR(e->role));
				assert_false(wf_in_scope(&w, HOME));
				assert_true(wf_in_scope(&w, c));
			}
		}
	}
}

/* City departments act on every county, with or without an org claim. */
static void
test_scope_city_every_county(void **state)
{
	const struct exp_row		*e;
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	struct wf_actor			 w;
	size_t				 i;
	int				 d, c, stray;

	(void)state;
	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		t = row(e->a, e->from);
		for (d = 0; d < DEPT__MAX; d++) {
			if (!(e->init & ~SCOPED & XDB(d)))
				continue;
			for (c = 0; c < COUNTY__MAX; c++) {
				snap_good(&s, e->from);
				s.county = c;
				s.selected_permit = 1;
				for (stray = -1; stray < 1; stray++) {
					w = actor(d, stray, XR(e->role), "city");
					assert_true(wf_in_scope(&w, c));
					deny_eq(wf_may_initiate(t, &s, &w), WF_OK,
					    actions[e->a].code, d, XR(e->role));
				}
			}
		}
	}
}

/* A scoped actor whose org claim is missing (-1) matches no county. */
static void
test_scope_unknown_county(void **state)
{
	const struct exp_row		*e;
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	struct wf_actor			 w;
	size_t				 i;
	int				 d, c;

	(void)state;
	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		t = row(e->a, e->from);
		for (d = 0; d < DEPT__MAX; d++) {
			if (!(SCOPED & XDB(d)))
				continue;
			/* -1 must not equal a community whose county is -1 */
			for (c = -1; c < COUNTY__MAX; c++) {
				snap_good(&s, e->from);
				s.county = c;
				s.declared_by_dept = d;
				w = actor(d, -1, ALL_ROLES, "nocounty");
				assert_false(wf_in_scope(&w, c));
				deny_eq(wf_may_initiate(t, &s, &w),
				    WF_DENY_SCOPE, actions[e->a].code, d,
				    ALL_ROLES);
			}
		}
	}
	snap_good(&s, STAGE_DECLARED);
	w = actor(DEPT_COUNTY, -1, ALL_ROLES, "nocounty");
	assert_int_equal(wf_may_item(ITEM_OP_EDIT, KIND_ROAD, &s, &w),
	    WF_DENY_SCOPE);
	assert_int_equal(wf_may_edit(wf_field_find("exception_reason", 16),
	    &s, &w), WF_DENY_SCOPE);
	s.round_id = 7;
	s.round_action = ACTION_SURVEY;
	s.round_required = XD(COUNTY) | XD(HOUSING);
	strcpy(s.round_submitter, "someone");
	assert_int_equal(wf_may_decide(&s, &w), WF_DENY_SCOPE);
}

/* A department code outside the set is never in scope. */
static void
test_scope_bad_dept(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_DECLARED);
	w = actor(-1, HOME, ALL_ROLES, "x");
	assert_false(wf_in_scope(&w, HOME));
	assert_int_equal(wf_may_initiate(row(ACTION_SURVEY, STAGE_DECLARED),
	    &s, &w), WF_DENY_SCOPE);
	w = actor(DEPT__MAX, HOME, ALL_ROLES, "x");
	assert_false(wf_in_scope(&w, HOME));
	assert_int_equal(wf_may_item(ITEM_OP_EDIT, KIND_ROAD, &s, &w),
	    WF_DENY_SCOPE);
}

/*
 * Countersigning departments (wf_required).
 */

static void
test_required_every_row(void **state)
{
	const struct exp_row		*e;
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	size_t				 i;

	(void)state;
	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		t = row(e->a, e->from);
		snap_good(&s, e->from);
		s.selected_permit = 0;
		assert_int_equal(wf_required(t, &s), e->cs);
		s.selected_permit = 1;
		assert_int_equal(wf_required(t, &s), e->cs_permit);
	}
}

static void
test_required_launch_permit(void **state)
{
	const struct wf_transition	*t;
	struct wf_snapshot		 s;
	unsigned			 base;

	(void)state;
	base = XD(COUNTY) | XD(DRC) | XD(FINANCE);
	t = row(ACTION_LAUNCH, STAGE_SURVEYED);
	snap_good(&s, STAGE_SURVEYED);
	s.selected_permit = 0;
	assert_int_equal(wf_required(t, &s), base);
	s.selected_permit = 1;
	assert_int_equal(wf_required(t, &s), base | XD(PLANNING));
	s.selected_permit = 3;
	assert_int_equal(wf_required(t, &s), base | XD(PLANNING));
	/* Only property_room needs a permit (DESIGN §8). */
	assert_true(kinds[KIND_PROPERTY_ROOM].permit);
	assert_false(kinds[KIND_ROAD].permit);
	/* The other rows never depend on permits. */
	assert_int_equal(wf_required(row(ACTION_SURVEY, STAGE_DECLARED), &s),
	    XD(COUNTY) | XD(HOUSING));
	assert_int_equal(wf_required(row(ACTION_COMPLETE, STAGE_PILOTED), &s),
	    XD(CONSTRUCTION));
	assert_int_equal(wf_required(row(ACTION_ACCEPT, STAGE_RENOVATED), &s),
	    XD(CONSTRUCTION) | XD(AUDIT));
	assert_int_equal(wf_required(row(ACTION_HAND_OVER, STAGE_ACCEPTED), &s),
	    XD(HOUSING) | XD(PRICING));
	assert_int_equal(wf_required(row(ACTION_WITHDRAW, STAGE_DECLARED), &s),
	    XD(COUNTY));
	/* return fires at once and declare needs nobody. */
	assert_int_equal(wf_required(row(ACTION_RETURN, STAGE_SURVEYED), &s), 0);
	assert_int_equal(wf_required(row(ACTION_DECLARE, WF_FROM_NONE), &s), 0);
}

/*
 * Deciding on an open round (wf_may_decide).
 */

static void
open_round(struct wf_snapshot *s, enum action a, unsigned required,
    const char *submitter)
{
	s->round_id = 99;
	s->round_action = a;
	s->round_required = required;
	s->round_approved = 0;
	strcpy(s->round_submitter, submitter);
}

/* Every countersigned row x every department x every role. */
static void
test_decide_matrix(void **state)
{
	const struct exp_row	*e;
	struct wf_snapshot	 s;
	struct wf_actor		 w;
	size_t			 i;
	unsigned		 req;
	int			 d, r, p;

	(void)state;
	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		for (p = 0; p < 2; p++) {
			req = p ? e->cs_permit : e->cs;
			if (req == 0)
				continue;
			snap_good(&s, e->from);
			open_round(&s, e->a, req, "submitter");
			for (d = 0; d < DEPT__MAX; d++)
				for (r = 0; r < ROLE__MAX; r++) {
					w = home_actor(d, XR(r), "other");
					deny_eq(wf_may_decide(&s, &w),
					    expect(req, ROLE_APPROVER, d, XR(r)),
					    actions[e->a].code, d, XR(r));
				}
		}
	}
}

static void
test_decide_approver_allowed(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	open_round(&s, ACTION_LAUNCH, XD(COUNTY) | XD(DRC) | XD(FINANCE) |
	    XD(PLANNING), "county-clerk");
	w = home_actor(DEPT_PLANNING, XR(ROLE_APPROVER), "planner");
	assert_int_equal(wf_may_decide(&s, &w), WF_OK);
	w = home_actor(DEPT_COUNTY, XR(ROLE_APPROVER), "county-head");
	assert_int_equal(wf_may_decide(&s, &w), WF_OK);
}

static void
test_decide_clerk_denied(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_DECLARED);
	open_round(&s, ACTION_SURVEY, XD(COUNTY) | XD(HOUSING), "street-clerk");
	w = home_actor(DEPT_COUNTY, XR(ROLE_CLERK), "county-clerk");
	assert_int_equal(wf_may_decide(&s, &w), WF_DENY_ROLE);
	w = home_actor(DEPT_HOUSING, XR(ROLE_VIEWER) | XR(ROLE_ADMIN), "h");
	assert_int_equal(wf_may_decide(&s, &w), WF_DENY_ROLE);
}

static void
test_decide_dept_not_in_round(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	/* no permit item: planning has no part in this launch */
	open_round(&s, ACTION_LAUNCH, XD(COUNTY) | XD(DRC) | XD(FINANCE),
	    "county-clerk");
	w = home_actor(DEPT_PLANNING, XR(ROLE_APPROVER), "planner");
	assert_int_equal(wf_may_decide(&s, &w), WF_DENY_DEPT);
	w = home_actor(DEPT_AUDIT, ALL_ROLES, "auditor");
	assert_int_equal(wf_may_decide(&s, &w), WF_DENY_DEPT);
	/* no open round: nobody decides */
	snap_good(&s, STAGE_SURVEYED);
	w = home_actor(DEPT_COUNTY, XR(ROLE_APPROVER), "county-head");
	assert_int_not_equal(wf_may_decide(&s, &w), WF_OK);
}

/* The submitter may not approve, even holding the approver role. */
static void
test_decide_four_eyes(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	open_round(&s, ACTION_LAUNCH, XD(COUNTY) | XD(DRC) | XD(FINANCE),
	    "u-17");
	w = home_actor(DEPT_COUNTY, XR(ROLE_CLERK) | XR(ROLE_APPROVER), "u-17");
	assert_int_equal(wf_may_decide(&s, &w), WF_DENY_FOUR_EYES);
	/* a colleague of the same department may */
	w = home_actor(DEPT_COUNTY, XR(ROLE_CLERK) | XR(ROLE_APPROVER), "u-18");
	assert_int_equal(wf_may_decide(&s, &w), WF_OK);
	/* a prefix of the submitter's id is another person */
	w = home_actor(DEPT_COUNTY, XR(ROLE_APPROVER), "u-1");
	assert_int_equal(wf_may_decide(&s, &w), WF_OK);
}

static void
test_decide_other_county(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;
	int			 c;

	(void)state;
	snap_good(&s, STAGE_DECLARED);
	open_round(&s, ACTION_SURVEY, XD(COUNTY) | XD(HOUSING), "street-clerk");
	for (c = 0; c < COUNTY__MAX; c++) {
		w = actor(DEPT_COUNTY, c, XR(ROLE_APPROVER), "county-head");
		assert_int_equal(wf_may_decide(&s, &w),
		    c == HOME ? WF_OK : WF_DENY_SCOPE);
		/* housing is a city department: every county */
		s.county = c;
		w = actor(DEPT_HOUSING, -1, XR(ROLE_APPROVER), "housing");
		assert_int_equal(wf_may_decide(&s, &w), WF_OK);
		s.county = HOME;
	}
}

/*
 * DESIGN §8: approvals come from "a department the open round still
 * misses".  A department that has approved is no longer missed, so its
 * approvers (the same person or a colleague) may not decide again:
 * otherwise a second county approver could reject a round the county
 * already approved, or approve twice.
 */
static void
test_decide_already_approved(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_DECLARED);
	open_round(&s, ACTION_SURVEY, XD(COUNTY) | XD(HOUSING), "street-clerk");
	s.round_approved = XD(COUNTY);
	w = home_actor(DEPT_HOUSING, XR(ROLE_APPROVER), "housing");
	assert_int_equal(wf_may_decide(&s, &w), WF_OK);
	w = home_actor(DEPT_COUNTY, XR(ROLE_APPROVER), "county-head-2");
	assert_int_not_equal(wf_may_decide(&s, &w), WF_OK);
}

/*
 * Guards, each through wf_check on the row that uses it.
 */

/* A snapshot good for every row passes every row. */
static void
test_check_all_rows_hold(void **state)
{
	const struct exp_row	*e;
	struct wf_snapshot	 s;
	size_t			 i;

	(void)state;
	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		snap_good(&s, e->from);
		assert_int_equal(check(e->a, &s, "because"), 0);
		/* and with nothing recorded at all, every guard of the row fails */
		memset(&s, 0, sizeof(s));
		s.stage = e->from;
		s.built_year = s.buildings = s.households = -1;
		s.state_land = s.urban_area = s.multi_storey = -1;
		s.structure_intact = s.in_other_plan = -1;
		s.consent_households = -1;
		s.notice_posted_on = -1;
		s.mode = -1;
		/* money that cannot cover, whatever "nothing selected" means */
		s.estimate_fen = 1;
		assert_int_equal(wf_check(row(e->a, e->from), &s, &cfg7, NULL),
		    e->gmask);
	}
}

/* A field of the snapshot set to a value: one way to break a guard. */
struct mut {
	const char	*name;
	size_t		 off;
	int		 val;
};

#define MUT(f, v)	{ #f, offsetof(struct wf_snapshot, f), (v) }

static void
mut_apply(struct wf_snapshot *s, const struct mut *m)
{
	int	*p = (int *)(void *)((char *)s + m->off);

	*p = m->val;
}

/* Apply each mutation alone to a good snapshot; expect exactly want. */
static void
check_muts(enum action a, int from, const struct mut *m, size_t n,
    unsigned want)
{
	struct wf_snapshot	 s;
	unsigned		 got;
	size_t			 i;

	for (i = 0; i < n; i++) {
		snap_good(&s, from);
		mut_apply(&s, &m[i]);
		got = check(a, &s, "because");
		if (got != want)
			print_error("%s with %s = %d: failed %#x, want %#x\n",
			    actions[a].code, m[i].name, m[i].val, got, want);
		assert_int_equal(got, want);
	}
}

/* Every declared field, missing in turn ("-1 = not recorded"). */
static const struct mut missing_declared[] = {
	MUT(has_name, 0), MUT(has_street, 0), MUT(has_committee, 0),
	MUT(has_address, 0), MUT(built_year, -1), MUT(buildings, -1),
	MUT(households, -1), MUT(has_floor_area, 0), MUT(state_land, -1),
	MUT(urban_area, -1), MUT(multi_storey, -1), MUT(structure_intact, -1),
	MUT(in_other_plan, -1),
};

static void
test_guard_required_fields(void **state)
{
	static const struct mut recorded_false[] = {
		MUT(state_land, 0), MUT(urban_area, 0), MUT(multi_storey, 0),
		MUT(structure_intact, 0), MUT(in_other_plan, 1),
		MUT(built_year, 2010),
	};
	struct wf_snapshot	 s;
	size_t			 i;

	(void)state;
	check_muts(ACTION_DECLARE, WF_FROM_NONE, missing_declared,
	    sizeof(missing_declared) / sizeof(missing_declared[0]),
	    XG(REQUIRED_FIELDS));
	/* "no" is an answer: declaring an ineligible community is allowed */
	check_muts(ACTION_DECLARE, WF_FROM_NONE, recorded_false,
	    sizeof(recorded_false) / sizeof(recorded_false[0]), 0);
	/* everything missing at once is still one guard */
	snap_good(&s, WF_FROM_NONE);
	for (i = 0; i < sizeof(missing_declared) / sizeof(missing_declared[0]);
	    i++)
		mut_apply(&s, &missing_declared[i]);
	assert_int_equal(check(ACTION_DECLARE, &s, NULL), XG(REQUIRED_FIELDS));
}

static void
test_guard_eligible(void **state)
{
	static const struct mut fail[] = {
		MUT(built_year, 1995), MUT(built_year, 2003),
		MUT(built_year, -1),
		MUT(state_land, 0), MUT(urban_area, 0), MUT(multi_storey, 0),
		MUT(structure_intact, 0), MUT(in_other_plan, 1),
		MUT(state_land, -1), MUT(urban_area, -1), MUT(multi_storey, -1),
		MUT(structure_intact, -1), MUT(in_other_plan, -1),
	};
	static const struct mut pass[] = {
		MUT(built_year, 1994), MUT(built_year, 1960),
	};
	struct wf_snapshot	 s;
	size_t			 i, n = sizeof(fail) / sizeof(fail[0]);

	(void)state;
	check_muts(ACTION_SURVEY, STAGE_DECLARED, pass,
	    sizeof(pass) / sizeof(pass[0]), 0);
	check_muts(ACTION_SURVEY, STAGE_DECLARED, fail, n, XG(ELIGIBLE));
	/* The county's recorded exception admits each of them (DOMAIN §3(1)2). */
	for (i = 0; i < n; i++) {
		snap_good(&s, STAGE_DECLARED);
		mut_apply(&s, &fail[i]);
		s.has_exception_reason = 1;
		assert_int_equal(check(ACTION_SURVEY, &s, NULL), 0);
	}
}

static void
test_guard_survey_recorded(void **state)
{
	struct wf_snapshot	 s;

	(void)state;
	snap_good(&s, STAGE_DECLARED);
	s.items = 0;
	assert_int_equal(check(ACTION_SURVEY, &s, NULL), XG(SURVEY_RECORDED));
	snap_good(&s, STAGE_DECLARED);
	s.items_no_condition = 1;
	assert_int_equal(check(ACTION_SURVEY, &s, NULL), XG(SURVEY_RECORDED));
	snap_good(&s, STAGE_DECLARED);
	s.items = 1;
	assert_int_equal(check(ACTION_SURVEY, &s, NULL), 0);
	/* both survey guards failing are both named */
	s.items = 0;
	s.built_year = 1995;
	assert_int_equal(check(ACTION_SURVEY, &s, NULL),
	    XG(SURVEY_RECORDED) | XG(ELIGIBLE));
}

static void
test_guard_items_selected(void **state)
{
	struct wf_snapshot	 s;
	unsigned		 m;

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	s.selected_no_estimate = 1;
	assert_int_equal(check(ACTION_LAUNCH, &s, NULL), XG(ITEMS_SELECTED));
	snap_good(&s, STAGE_SURVEYED);
	s.selected = 1;
	assert_int_equal(check(ACTION_LAUNCH, &s, NULL), 0);
	/*
	 * Nothing selected: items_selected fails.  Whether the money guard
	 * also names itself then (nothing to cover) DESIGN leaves open, so
	 * only that bit is tolerated besides.
	 */
	snap_good(&s, STAGE_SURVEYED);
	s.selected = 0;
	s.estimate_fen = 0;
	m = check(ACTION_LAUNCH, &s, NULL);
	assert_true(m & XG(ITEMS_SELECTED));
	assert_int_equal(m & ~XG(FUNDING_COVERS_ESTIMATE), XG(ITEMS_SELECTED));
}

static void
test_guard_funding_covers_estimate(void **state)
{
	struct wf_snapshot	 s;

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	s.planned_fen = s.estimate_fen - 1;
	assert_int_equal(check(ACTION_LAUNCH, &s, NULL),
	    XG(FUNDING_COVERS_ESTIMATE));
	s.planned_fen = s.estimate_fen;
	assert_int_equal(check(ACTION_LAUNCH, &s, NULL), 0);
	s.planned_fen = 0;
	assert_int_equal(check(ACTION_LAUNCH, &s, NULL),
	    XG(FUNDING_COVERS_ESTIMATE));
}

static void
test_guard_notice_period(void **state)
{
	struct wf_settings	 c = cfg7;
	struct wf_snapshot	 s;
	const struct wf_transition *t = row(ACTION_LAUNCH, STAGE_SURVEYED);

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	s.notice_posted_on = TODAY - 7;
	assert_int_equal(wf_check(t, &s, &c, NULL), 0);
	s.notice_posted_on = TODAY - 6;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(NOTICE_PERIOD));
	s.notice_posted_on = -1;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(NOTICE_PERIOD));
	s.notice_posted_on = TODAY;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(NOTICE_PERIOD));
	s.notice_posted_on = TODAY + 30;	/* a date in the future */
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(NOTICE_PERIOD));
	/* the period is a setting, not a constant */
	c.notice_days = 10;
	s.notice_posted_on = TODAY - 10;
	assert_int_equal(wf_check(t, &s, &c, NULL), 0);
	s.notice_posted_on = TODAY - 9;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(NOTICE_PERIOD));
}

static void
test_guard_resident_consent(void **state)
{
	struct wf_settings	 c = cfg7;
	struct wf_snapshot	 s;
	const struct wf_transition *t = row(ACTION_LAUNCH, STAGE_SURVEYED);

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	s.households = 240;
	s.consent_households = 160;		/* exactly 2/3 */
	assert_int_equal(wf_check(t, &s, &c, NULL), 0);
	s.consent_households = 159;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(RESIDENT_CONSENT));
	s.consent_households = 240;
	assert_int_equal(wf_check(t, &s, &c, NULL), 0);
	s.consent_households = -1;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(RESIDENT_CONSENT));
	s.consent_households = 0;
	s.households = 0;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(RESIDENT_CONSENT));
	s.households = -1;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(RESIDENT_CONSENT));
	/* 7 of 10 rounds neither up nor down: 2/3 of 10 is 6.67 */
	s.households = 10;
	s.consent_households = 7;
	assert_int_equal(wf_check(t, &s, &c, NULL), 0);
	s.consent_households = 6;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(RESIDENT_CONSENT));
	/* the share is a setting: 3/4 */
	c.consent_num = 3;
	c.consent_den = 4;
	s.households = 240;
	s.consent_households = 180;
	assert_int_equal(wf_check(t, &s, &c, NULL), 0);
	s.consent_households = 179;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(RESIDENT_CONSENT));
	/* a broken setting refuses rather than divides by zero */
	c.consent_den = 0;
	s.consent_households = 240;
	assert_int_equal(wf_check(t, &s, &c, NULL), XG(RESIDENT_CONSENT));
}

static void
test_guard_tender_recorded(void **state)
{
	static const struct mut fail[] = {
		MUT(has_contractor, 0), MUT(has_supervisor, 0),
		MUT(has_tender_awarded_on, 0), MUT(has_site_manager, 0),
	};
	struct wf_snapshot	 s;

	(void)state;
	check_muts(ACTION_COMPLETE, STAGE_PILOTED, fail,
	    sizeof(fail) / sizeof(fail[0]), XG(TENDER_RECORDED));
	snap_good(&s, STAGE_PILOTED);
	s.has_contractor = s.has_supervisor = 0;
	s.has_tender_awarded_on = s.has_site_manager = 0;
	s.selected_not_done = 2;
	assert_int_equal(check(ACTION_COMPLETE, &s, NULL),
	    XG(TENDER_RECORDED) | XG(ITEMS_DONE));
}

static void
test_guard_items_done(void **state)
{
	struct wf_snapshot	 s;

	(void)state;
	snap_good(&s, STAGE_PILOTED);
	s.selected_not_done = 1;
	assert_int_equal(check(ACTION_COMPLETE, &s, NULL), XG(ITEMS_DONE));
	s.selected_not_done = s.selected;
	assert_int_equal(check(ACTION_COMPLETE, &s, NULL), XG(ITEMS_DONE));
	/* nothing was selected, so nothing can have been done */
	snap_good(&s, STAGE_PILOTED);
	s.selected = 0;
	assert_int_equal(check(ACTION_COMPLETE, &s, NULL), XG(ITEMS_DONE));
	snap_good(&s, STAGE_PILOTED);
	s.selected_not_done = 0;
	assert_int_equal(check(ACTION_COMPLETE, &s, NULL), 0);
}

static void
test_guard_items_signed_off(void **state)
{
	struct wf_snapshot	 s;

	(void)state;
	snap_good(&s, STAGE_RENOVATED);
	assert_int_equal(check(ACTION_ACCEPT, &s, NULL), 0);
	s.selected_not_signed = 1;
	assert_int_equal(check(ACTION_ACCEPT, &s, NULL), XG(ITEMS_SIGNED_OFF));
	snap_good(&s, STAGE_RENOVATED);
	s.selected = 0;
	assert_int_equal(check(ACTION_ACCEPT, &s, NULL), XG(ITEMS_SIGNED_OFF));
}

static void
test_guard_owners_meeting(void **state)
{
	struct wf_snapshot	 s;

	(void)state;
	snap_good(&s, STAGE_ACCEPTED);
	s.has_owners_meeting_on = 0;
	assert_int_equal(check(ACTION_HAND_OVER, &s, NULL), XG(OWNERS_MEETING));
	s.mode = -1;
	assert_int_equal(check(ACTION_HAND_OVER, &s, NULL),
	    XG(OWNERS_MEETING) | XG(MANAGEMENT_ARRANGED));
}

static void
test_guard_management_arranged(void **state)
{
	static const struct mut fail[] = {
		MUT(has_company, 0), MUT(has_contract_start, 0),
		MUT(has_contract_end, 0), MUT(has_managed_area, 0),
		MUT(has_fee, 0), MUT(mode, -1),
	};
	struct wf_snapshot	 s;

	(void)state;
	check_muts(ACTION_HAND_OVER, STAGE_ACCEPTED, fail,
	    sizeof(fail) / sizeof(fail[0]), XG(MANAGEMENT_ARRANGED));
	/* community-backed: the committee named, nothing else needed */
	snap_good(&s, STAGE_ACCEPTED);
	s.mode = MODE_COMMUNITY;
	s.has_company = s.has_contract_start = s.has_contract_end = 0;
	s.has_managed_area = s.has_fee = 0;
	s.has_managing_committee = 1;
	assert_int_equal(check(ACTION_HAND_OVER, &s, NULL), 0);
	s.has_managing_committee = 0;
	assert_int_equal(check(ACTION_HAND_OVER, &s, NULL),
	    XG(MANAGEMENT_ARRANGED));
	/* a full professional contract does not stand in for the committee */
	snap_good(&s, STAGE_ACCEPTED);
	s.mode = MODE_COMMUNITY;
	assert_int_equal(check(ACTION_HAND_OVER, &s, NULL),
	    XG(MANAGEMENT_ARRANGED));
	/* nor a committee for a professional contract */
	snap_good(&s, STAGE_ACCEPTED);
	s.has_company = 0;
	s.has_managing_committee = 1;
	assert_int_equal(check(ACTION_HAND_OVER, &s, NULL),
	    XG(MANAGEMENT_ARRANGED));
	/* a mode outside the set */
	snap_good(&s, STAGE_ACCEPTED);
	s.mode = MODE__MAX;
	s.has_managing_committee = 1;
	assert_int_equal(check(ACTION_HAND_OVER, &s, NULL),
	    XG(MANAGEMENT_ARRANGED));
}

/* reason_given on both rows that use it, and on every return. */
static void
test_guard_reason_given(void **state)
{
	static const char *const blank[] = { "", " ", "  \n", "\t\r\n " };
	static const char *const given[] = { "x", "  x ", "资料不全" };
	const struct exp_row	*e;
	struct wf_snapshot	 s;
	size_t			 i, k;

	(void)state;
	for (i = 0; i < EXP_ROWS; i++) {
		e = &exp_rows[i];
		if (!(e->gmask & XG(REASON_GIVEN)))
			continue;
		snap_good(&s, e->from);
		assert_int_equal(check(e->a, &s, NULL), XG(REASON_GIVEN));
		for (k = 0; k < sizeof(blank) / sizeof(blank[0]); k++)
			assert_int_equal(check(e->a, &s, blank[k]),
			    XG(REASON_GIVEN));
		for (k = 0; k < sizeof(given) / sizeof(given[0]); k++)
			assert_int_equal(check(e->a, &s, given[k]), 0);
	}
	/* rows without the guard ignore the comment */
	snap_good(&s, STAGE_DECLARED);
	assert_int_equal(check(ACTION_SURVEY, &s, NULL), 0);
}

/* Several failures at once are all listed (the 422 names each). */
static void
test_check_several_fail(void **state)
{
	struct wf_snapshot	 s;

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	s.selected_no_estimate = 1;
	s.planned_fen = 0;
	s.notice_posted_on = TODAY - 1;
	s.consent_households = 10;
	assert_int_equal(check(ACTION_LAUNCH, &s, NULL),
	    XG(ITEMS_SELECTED) | XG(FUNDING_COVERS_ESTIMATE) |
	    XG(NOTICE_PERIOD) | XG(RESIDENT_CONSENT));
	s.consent_households = 200;
	assert_int_equal(check(ACTION_LAUNCH, &s, NULL),
	    XG(ITEMS_SELECTED) | XG(FUNDING_COVERS_ESTIMATE) |
	    XG(NOTICE_PERIOD));
	/* guards of other rows never leak into this one */
	s.has_contractor = 0;
	s.has_name = 0;
	s.built_year = 2010;
	assert_int_equal(check(ACTION_LAUNCH, &s, "why") & ~(XG(ITEMS_SELECTED) |
	    XG(FUNDING_COVERS_ESTIMATE) | XG(NOTICE_PERIOD)), 0);
}

/*
 * Items (DESIGN §3 "Renovation items", §8 routes).
 */

/* op x every kind (and none) x every department x every role. */
static void
check_item_op(enum item_op op, unsigned dmask, enum role role)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;
	int			 k, d, r;

	snap_good(&s, STAGE_SURVEYED);
	for (k = -1; k < KIND__MAX; k++)
		for (d = 0; d < DEPT__MAX; d++)
			for (r = 0; r < ROLE__MAX; r++) {
				w = home_actor(d, XR(r), "u");
				deny_eq(wf_may_item(op, k, &s, &w),
				    expect(dmask, role, d, XR(r)), "item", d,
				    XR(r));
			}
}

static void
test_item_edit(void **state)
{
	(void)state;
	check_item_op(ITEM_OP_EDIT, XD(STREET) | XD(COUNTY), ROLE_CLERK);
}

static void
test_item_done(void **state)
{
	(void)state;
	check_item_op(ITEM_OP_DONE, XD(CONSTRUCTION), ROLE_CLERK);
}

static void
test_item_funding(void **state)
{
	(void)state;
	check_item_op(ITEM_OP_FUNDING, XD(COUNTY), ROLE_CLERK);
}

static void
test_item_signoff(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;
	int			 k, d, r, c;

	(void)state;
	snap_good(&s, STAGE_RENOVATED);
	for (k = 0; k < KIND__MAX; k++) {
		/* the catalogue agrees with DESIGN §8 */
		assert_int_equal(kinds[k].dept, exp_kind_dept[k]);
		for (d = 0; d < DEPT__MAX; d++)
			for (r = 0; r < ROLE__MAX; r++) {
				w = home_actor(d, XR(r), "u");
				deny_eq(wf_may_item(ITEM_OP_SIGNOFF, k, &s, &w),
				    expect(XDB(exp_kind_dept[k]), ROLE_APPROVER,
				    d, XR(r)), kinds[k].code, d, XR(r));
			}
		/* the signing departments are city-wide */
		for (c = 0; c < COUNTY__MAX; c++) {
			s.county = c;
			w = actor(exp_kind_dept[k], -1, XR(ROLE_APPROVER), "a");
			assert_int_equal(wf_may_item(ITEM_OP_SIGNOFF, k, &s, &w),
			    WF_OK);
		}
		s.county = HOME;
	}
	/* an unknown kind has no responsible department */
	w = home_actor(DEPT_CONSTRUCTION, ALL_ROLES, "u");
	assert_int_equal(wf_may_item(ITEM_OP_SIGNOFF, -1, &s, &w), WF_DENY_DEPT);
	assert_int_equal(wf_may_item(ITEM_OP_SIGNOFF, KIND__MAX, &s, &w),
	    WF_DENY_DEPT);
}

static void
test_item_scope(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_SURVEYED);
	w = actor(DEPT_STREET, COUNTY_LANSHAN, XR(ROLE_CLERK), "st");
	assert_int_equal(wf_may_item(ITEM_OP_EDIT, KIND_ROAD, &s, &w),
	    WF_DENY_SCOPE);
	w = actor(DEPT_COUNTY, COUNTY_LANSHAN, XR(ROLE_CLERK), "co");
	assert_int_equal(wf_may_item(ITEM_OP_FUNDING, -1, &s, &w),
	    WF_DENY_SCOPE);
	w = actor(DEPT_COUNTY, HOME, XR(ROLE_CLERK), "co");
	assert_int_equal(wf_may_item(ITEM_OP_FUNDING, -1, &s, &w), WF_OK);
}

static void
test_item_stage_ok(void **state)
{
	static const unsigned want[ITEM_OP__MAX] = {
		[ITEM_OP_EDIT] = (1u << STAGE_DECLARED) | (1u << STAGE_SURVEYED),
		[ITEM_OP_DONE] = 1u << STAGE_PILOTED,
		[ITEM_OP_SIGNOFF] = 1u << STAGE_RENOVATED,
		/* planned at surveyed, received later; never once withdrawn */
		[ITEM_OP_FUNDING] = (1u << STAGE_SURVEYED) |
		    (1u << STAGE_PILOTED) | (1u << STAGE_RENOVATED) |
		    (1u << STAGE_ACCEPTED) | (1u << STAGE_MANAGED),
	};
	int	 op, st, w;

	(void)state;
	for (op = 0; op < ITEM_OP__MAX; op++) {
		for (st = 0; st < STAGE__MAX; st++) {
			w = (int)((want[op] >> st) & 1);
			if (wf_item_stage_ok(op, st) != w)
				print_error("item op %d at %s\n", op,
				    stages[st].code);
			assert_int_equal(wf_item_stage_ok(op, st), w);
		}
		assert_false(wf_item_stage_ok(op, -1));
		assert_false(wf_item_stage_ok(op, STAGE__MAX));
		assert_false(wf_item_stage_ok(op, 31));
	}
}

/*
 * Who may edit which stage's data (wf_may_edit, wf_field_find).
 */

static const struct wf_field *
field(const char *name)
{
	const struct wf_field	*f = wf_field_find(name, strlen(name));

	if (f == NULL)
		print_error("no field %s\n", name);
	assert_non_null(f);
	return f;
}

static void
test_edit_fields_known(void **state)
{
	size_t	 i, j;
	int	 hit;

	(void)state;
	for (i = 0; i < EXP_FIELDS; i++)
		assert_int_equal(field(exp_fields[i].name)->stage,
		    exp_fields[i].stage);
	for (i = 0; i < wf_fields_len; i++) {
		hit = 0;
		for (j = 0; j < EXP_FIELDS; j++)
			if (strcmp(wf_fields[i].name, exp_fields[j].name) == 0)
				hit = 1;
		if (!hit)
			print_error("field %s not in DESIGN §8\n",
			    wf_fields[i].name);
		assert_true(hit);
	}
	assert_null(wf_field_find("", 0));
	assert_null(wf_field_find("nam", 3));
	assert_null(wf_field_find("names", 5));
	assert_null(wf_field_find("stage", 5));
	assert_null(wf_field_find("version", 7));
	/* only len bytes count: "name" inside a longer buffer */
	assert_non_null(wf_field_find("namesake", 4));
}

/* Every field of stage x every department x every role. */
static void
check_edit_stage(enum stage st, int exception_only)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;
	const struct wf_field	*f;
	size_t			 i;
	int			 d, r, n = 0;

	snap_good(&s, st);
	for (i = 0; i < EXP_FIELDS; i++) {
		if (exp_fields[i].stage != st ||
		    (strcmp(exp_fields[i].name, "exception_reason") == 0) !=
		    exception_only)
			continue;
		n++;
		f = field(exp_fields[i].name);
		for (d = 0; d < DEPT__MAX; d++)
			for (r = 0; r < ROLE__MAX; r++) {
				w = home_actor(d, XR(r), "ed");
				deny_eq(wf_may_edit(f, &s, &w),
				    expect(exp_fields[i].editors, ROLE_CLERK,
				    d, XR(r)), exp_fields[i].name, d, XR(r));
			}
		/* an editor of another county is out of scope */
		for (d = 0; d < DEPT__MAX; d++) {
			if (!(exp_fields[i].editors & SCOPED & XDB(d)))
				continue;
			w = actor(d, COUNTY_LINGANG, XR(ROLE_CLERK), "ed");
			assert_int_equal(wf_may_edit(f, &s, &w), WF_DENY_SCOPE);
		}
	}
	assert_true(n > 0);
}

static void test_edit_declared(void **state)	{ (void)state; check_edit_stage(STAGE_DECLARED, 0); }
static void test_edit_exception_reason(void **state)	{ (void)state; check_edit_stage(STAGE_DECLARED, 1); }
static void test_edit_surveyed(void **state)	{ (void)state; check_edit_stage(STAGE_SURVEYED, 0); }
static void test_edit_piloted(void **state)	{ (void)state; check_edit_stage(STAGE_PILOTED, 0); }
static void test_edit_accepted(void **state)	{ (void)state; check_edit_stage(STAGE_ACCEPTED, 0); }

/* Named cases: who declared does not make a committee an editor. */
static void
test_edit_named_cases(void **state)
{
	struct wf_snapshot	 s;
	struct wf_actor		 w;

	(void)state;
	snap_good(&s, STAGE_DECLARED);
	s.declared_by_dept = DEPT_COMMITTEE;
	w = home_actor(DEPT_COMMITTEE, XR(ROLE_CLERK), "cm");
	assert_int_equal(wf_may_edit(field("name"), &s, &w), WF_DENY_DEPT);
	w = home_actor(DEPT_STREET, XR(ROLE_CLERK), "st");
	assert_int_equal(wf_may_edit(field("name"), &s, &w), WF_OK);
	assert_int_equal(wf_may_edit(field("exception_reason"), &s, &w),
	    WF_DENY_DEPT);
	w = home_actor(DEPT_COUNTY, XR(ROLE_CLERK), "co");
	assert_int_equal(wf_may_edit(field("exception_reason"), &s, &w), WF_OK);
	assert_int_equal(wf_may_edit(field("name"), &s, &w), WF_DENY_DEPT);
	w = home_actor(DEPT_COUNTY, XR(ROLE_APPROVER), "co");
	assert_int_equal(wf_may_edit(field("exception_reason"), &s, &w),
	    WF_DENY_ROLE);
	w = home_actor(DEPT_HOUSING, XR(ROLE_CLERK), "h");
	assert_int_equal(wf_may_edit(field("managing_committee"), &s, &w),
	    WF_OK);
	assert_int_equal(wf_may_edit(field("batch"), &s, &w), WF_DENY_DEPT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		/* the table and the main line */
		cmocka_unit_test(test_table_rows_covered),
		cmocka_unit_test(test_next_previous),
		cmocka_unit_test(test_guard_names),
		cmocka_unit_test(test_find_declare),
		cmocka_unit_test(test_find_survey),
		cmocka_unit_test(test_find_launch),
		cmocka_unit_test(test_find_complete),
		cmocka_unit_test(test_find_accept),
		cmocka_unit_test(test_find_hand_over),
		cmocka_unit_test(test_find_return),
		cmocka_unit_test(test_find_withdraw),
		/* who initiates */
		cmocka_unit_test(test_initiate_declare),
		cmocka_unit_test(test_initiate_survey),
		cmocka_unit_test(test_initiate_launch),
		cmocka_unit_test(test_initiate_complete),
		cmocka_unit_test(test_initiate_accept),
		cmocka_unit_test(test_initiate_hand_over),
		cmocka_unit_test(test_initiate_return),
		cmocka_unit_test(test_initiate_withdraw),
		/* scope */
		cmocka_unit_test(test_scope_flags),
		cmocka_unit_test(test_scope_other_county),
		cmocka_unit_test(test_scope_city_every_county),
		cmocka_unit_test(test_scope_unknown_county),
		cmocka_unit_test(test_scope_bad_dept),
		/* countersigning */
		cmocka_unit_test(test_required_every_row),
		cmocka_unit_test(test_required_launch_permit),
		cmocka_unit_test(test_decide_matrix),
		cmocka_unit_test(test_decide_approver_allowed),
		cmocka_unit_test(test_decide_clerk_denied),
		cmocka_unit_test(test_decide_dept_not_in_round),
		cmocka_unit_test(test_decide_four_eyes),
		cmocka_unit_test(test_decide_other_county),
		cmocka_unit_test(test_decide_already_approved),
		/* guards */
		cmocka_unit_test(test_check_all_rows_hold),
		cmocka_unit_test(test_guard_required_fields),
		cmocka_unit_test(test_guard_eligible),
		cmocka_unit_test(test_guard_survey_recorded),
		cmocka_unit_test(test_guard_items_selected),
		cmocka_unit_test(test_guard_funding_covers_estimate),
		cmocka_unit_test(test_guard_notice_period),
		cmocka_unit_test(test_guard_resident_consent),
		cmocka_unit_test(test_guard_tender_recorded),
		cmocka_unit_test(test_guard_items_done),
		cmocka_unit_test(test_guard_items_signed_off),
		cmocka_unit_test(test_guard_owners_meeting),
		cmocka_unit_test(test_guard_management_arranged),
		cmocka_unit_test(test_guard_reason_given),
		cmocka_unit_test(test_check_several_fail),
		/* items */
		cmocka_unit_test(test_item_edit),
		cmocka_unit_test(test_item_done),
		cmocka_unit_test(test_item_signoff),
		cmocka_unit_test(test_item_funding),
		cmocka_unit_test(test_item_scope),
		cmocka_unit_test(test_item_stage_ok),
		/* stage data */
		cmocka_unit_test(test_edit_fields_known),
		cmocka_unit_test(test_edit_declared),
		cmocka_unit_test(test_edit_exception_reason),
		cmocka_unit_test(test_edit_surveyed),
		cmocka_unit_test(test_edit_piloted),
		cmocka_unit_test(test_edit_accepted),
		cmocka_unit_test(test_edit_named_cases),
	};

	return cmocka_run_group_tests_name("wf", tests, NULL, NULL);
}
