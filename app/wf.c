/*
 * wf.c - the generic workflow engine over the tables of wf_table.c.
 *
 * Pure functions: no I/O, no clock (the date comes in wf_settings), so
 * the unit tests can drive every row of the table.
 */
#include <string.h>

#include "wf.h"

/* Main-line rows only: they define the order of the stages. */
static const struct wf_transition *
wf_main_into(int stage)
{
	size_t	 i;

	for (i = 0; i < wf_table_len; i++)
		if ((wf_table[i].flags & WF_MAIN) && wf_table[i].to == stage)
			return &wf_table[i];
	return NULL;
}

const struct wf_transition *
wf_next(int stage)
{
	size_t	 i;

	for (i = 0; i < wf_table_len; i++)
		if ((wf_table[i].flags & WF_MAIN) && wf_table[i].from == stage)
			return &wf_table[i];
	return NULL;
}

int
wf_previous(int stage)
{
	const struct wf_transition	*t = wf_main_into(stage);

	return (t == NULL || t->from < 0) ? -1 : t->from;
}

const struct wf_transition *
wf_find(enum action a, int stage)
{
	size_t	 i;

	for (i = 0; i < wf_table_len; i++) {
		if (wf_table[i].action != a)
			continue;
		if (wf_table[i].flags & WF_BACK) {
			/* Back from a stage with a previous one and a next action. */
			if (wf_previous(stage) >= 0 && wf_next(stage) != NULL)
				return &wf_table[i];
			continue;
		}
		if (wf_table[i].from == stage)
			return &wf_table[i];
	}
	return NULL;
}

int
wf_target(const struct wf_transition *t, int stage)
{
	return (t->flags & WF_BACK) ? wf_previous(stage) : t->to;
}

unsigned
wf_initiators(const struct wf_transition *t, int stage)
{
	const struct wf_transition	*next;

	if (!(t->flags & WF_BACK))
		return t->initiators;
	/* Approvers of whoever countersigns the stage's next action. */
	next = wf_next(stage);
	return next == NULL ? 0 : next->countersign;
}

unsigned
wf_required(const struct wf_transition *t, const struct wf_snapshot *s)
{
	unsigned	 need = t->countersign & ~t->conditional;

	if (s->selected_permit > 0)
		need |= t->conditional;
	return need;
}

int
wf_in_scope(const struct wf_actor *who, int county)
{
	if (who->dept < 0 || who->dept >= DEPT__MAX)
		return 0;
	if (!depts[who->dept].scoped)
		return 1;
	return who->county >= 0 && who->county == county;
}

/* The common check: in scope, in the department set, holding the role. */
static enum wf_deny
wf_may(unsigned dmask, enum role role, int county, const struct wf_actor *who)
{
	if (!wf_in_scope(who, county))
		return WF_DENY_SCOPE;
	if (!(dmask & DEPT_BIT(who->dept)))
		return WF_DENY_DEPT;
	if (!(who->roles & ROLE_BIT(role)))
		return WF_DENY_ROLE;
	return WF_OK;
}

enum wf_deny
wf_may_initiate(const struct wf_transition *t, const struct wf_snapshot *s,
    const struct wf_actor *who)
{
	enum wf_deny	 d;

	unsigned	 who_may = wf_initiators(t, s->stage);
	const struct wf_transition *next;

	/*
	 * Going back: only departments that this community's next action
	 * really needs (planning only when a selected item needs a permit).
	 */
	if ((t->flags & WF_BACK) && (next = wf_next(s->stage)) != NULL)
		who_may = wf_required(next, s);
	d = wf_may(who_may, t->role, s->county, who);
	if (d != WF_OK)
		return d;
	if ((t->flags & WF_DECLARER) && who->dept != s->declared_by_dept)
		return WF_DENY_DECLARER;
	return WF_OK;
}

enum wf_deny
wf_may_decide(const struct wf_snapshot *s, const struct wf_actor *who)
{
	enum wf_deny	 d;

	d = wf_may(s->round_required, ROLE_APPROVER, s->county, who);
	if (d != WF_OK)
		return d;
	if (strcmp(s->round_submitter, who->sub) == 0)
		return WF_DENY_FOUR_EYES;
	/* A department decides once per round: it is no longer missed. */
	if (s->round_approved & DEPT_BIT(who->dept))
		return WF_DENY_DECIDED;
	return WF_OK;
}

enum wf_deny
wf_may_edit(const struct wf_field *f, const struct wf_snapshot *s,
    const struct wf_actor *who)
{
	const struct wf_transition	*next;
	unsigned			 editors = f->editors;

	if (editors == 0) {
		next = wf_next((int)f->stage);
		editors = next == NULL ? 0 : next->initiators;
	}
	return wf_may(editors, ROLE_CLERK, s->county, who);
}

enum wf_deny
wf_may_item(enum item_op op, int kind, const struct wf_snapshot *s,
    const struct wf_actor *who)
{
	const struct wf_item_rule	*r = &wf_item_rules[op];
	unsigned			 dm = r->depts;

	if (dm == 0)
		dm = (kind >= 0 && kind < KIND__MAX) ? DEPT_BIT(kinds[kind].dept) : 0;
	return wf_may(dm, r->role, s->county, who);
}

int
wf_item_stage_ok(enum item_op op, int stage)
{
	return stage >= 0 && stage < STAGE__MAX &&
	    (wf_item_rules[op].stages & STAGE_BIT(stage)) != 0;
}

const struct wf_field *
wf_field_find(const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < wf_fields_len; i++)
		if (strlen(wf_fields[i].name) == len &&
		    memcmp(wf_fields[i].name, name, len) == 0)
			return &wf_fields[i];
	return NULL;
}

/*
 * The guard functions, one per guard, each answering "does it hold?".
 */
typedef int (*guard_fn)(const struct wf_snapshot *, const struct wf_settings *,
    const char *);

static int
g_required_fields(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	return s->has_name && s->has_street && s->has_committee &&
	    s->has_address && s->built_year >= 0 && s->buildings >= 0 &&
	    s->households >= 0 && s->has_floor_area && s->state_land >= 0 &&
	    s->urban_area >= 0 && s->multi_storey >= 0 &&
	    s->structure_intact >= 0 && s->in_other_plan >= 0;
}

/* The five rules of seed §3(1), or the county's recorded exception. */
static int
g_eligible(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	if (s->has_exception_reason)
		return 1;
	return s->built_year >= 0 && s->built_year < 1995 &&
	    s->state_land == 1 && s->urban_area == 1 && s->multi_storey == 1 &&
	    s->structure_intact == 1 && s->in_other_plan == 0;
}

static int
g_survey_recorded(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	return s->items > 0 && s->items_no_condition == 0;
}

static int
g_items_selected(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	return s->selected > 0 && s->selected_no_estimate == 0;
}

static int
g_funding_covers_estimate(const struct wf_snapshot *s,
    const struct wf_settings *c, const char *comment)
{
	(void)c; (void)comment;
	return s->selected > 0 && s->planned_fen >= s->estimate_fen;
}

static int
g_notice_period(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)comment;
	return s->notice_posted_on >= 0 &&
	    s->notice_posted_on + c->notice_days <= c->today;
}

static int
g_resident_consent(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)comment;
	if (s->households <= 0 || s->consent_households < 0 || c->consent_den <= 0)
		return 0;
	return (long long)s->consent_households * c->consent_den >=
	    (long long)s->households * c->consent_num;
}

static int
g_tender_recorded(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	return s->has_contractor && s->has_supervisor &&
	    s->has_tender_awarded_on && s->has_site_manager;
}

static int
g_items_done(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	return s->selected > 0 && s->selected_not_done == 0;
}

static int
g_items_signed_off(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	return s->selected > 0 && s->selected_not_signed == 0;
}

static int
g_owners_meeting(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)c; (void)comment;
	return s->has_owners_meeting_on;
}

/* Professional: company, contract, area, fee; or community-backed. */
static int
g_management_arranged(const struct wf_snapshot *s,
    const struct wf_settings *c, const char *comment)
{
	(void)c; (void)comment;
	if (s->mode == MODE_PROFESSIONAL)
		return s->has_company && s->has_contract_start &&
		    s->has_contract_end && s->has_managed_area && s->has_fee;
	if (s->mode == MODE_COMMUNITY)
		return s->has_managing_committee;
	return 0;
}

int
wf_blank(const char *s)
{
	const char	*p;

	if (s == NULL)
		return 1;
	/* Blank is ASCII white space and the ideographic space U+3000. */
	for (p = s; *p != '\0'; p++) {
		if (strncmp(p, "\xe3\x80\x80", 3) == 0) {
			p += 2;
			continue;
		}
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		    *p != '\v' && *p != '\f')
			return 0;
	}
	return 1;
}

static int
g_reason_given(const struct wf_snapshot *s, const struct wf_settings *c,
    const char *comment)
{
	(void)s; (void)c;
	return !wf_blank(comment);
}

static const guard_fn guard_fns[GUARD__MAX] = {
	g_required_fields,
	g_eligible,
	g_survey_recorded,
	g_items_selected,
	g_funding_covers_estimate,
	g_notice_period,
	g_resident_consent,
	g_tender_recorded,
	g_items_done,
	g_items_signed_off,
	g_owners_meeting,
	g_management_arranged,
	g_reason_given,
};
_Static_assert(sizeof(guard_fns) / sizeof(guard_fns[0]) == GUARD__MAX, "guards");

unsigned
wf_check(const struct wf_transition *t, const struct wf_snapshot *s,
    const struct wf_settings *cfg, const char *comment)
{
	unsigned	 failed = 0;
	int		 g;

	for (g = 0; g < GUARD__MAX; g++)
		if ((t->guards & GUARD_BIT(g)) && !guard_fns[g](s, cfg, comment))
			failed |= GUARD_BIT(g);
	return failed;
}
