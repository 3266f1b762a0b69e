/*
 * wf.h - the workflow: the transition table of DESIGN §3 as data, and a
 * generic engine that reads it.
 *
 * Nothing here names a stage or a department in its logic: who may
 * initiate, who countersigns, which guards must hold, who may edit which
 * stage's data and who may act on items all come from the tables in
 * wf_table.c.  Adding a transition is an edit of that table and, where a
 * new guard is needed, one guard function in wf.c.
 */
#ifndef JIUGAI_WF_H
#define JIUGAI_WF_H

#include <stddef.h>

#include "codes.h"

enum guard {
	GUARD_REQUIRED_FIELDS,
	GUARD_ELIGIBLE,
	GUARD_SURVEY_RECORDED,
	GUARD_ITEMS_SELECTED,
	GUARD_FUNDING_COVERS_ESTIMATE,
	GUARD_NOTICE_PERIOD,
	GUARD_RESIDENT_CONSENT,
	GUARD_TENDER_RECORDED,
	GUARD_ITEMS_DONE,
	GUARD_ITEMS_SIGNED_OFF,
	GUARD_OWNERS_MEETING,
	GUARD_MANAGEMENT_ARRANGED,
	GUARD_REASON_GIVEN,
	GUARD__MAX
};

#define GUARD_BIT(g)	(1u << (g))
#define DEPT_BIT(d)	(1u << (d))
#define STAGE_BIT(s)	(1u << (s))

#define WF_FROM_NONE	(-1)	/* the action creates the record */
#define WF_FROM_ANY	(-2)	/* WF_BACK: any stage that has a previous one */

enum wf_flag {
	WF_MAIN		= 0x01,	/* the main line: a stage's "next action" */
	WF_BACK		= 0x02,	/* to the previous stage; initiated by approvers
				   of the countersigners of the stage's next action */
	WF_DECLARER	= 0x04,	/* only the organisation that declared */
};

struct wf_transition {
	enum action	 action;
	int		 from;		/* enum stage, WF_FROM_NONE or WF_FROM_ANY */
	int		 to;		/* enum stage; ignored with WF_BACK */
	unsigned	 initiators;	/* DEPT_BIT mask; derived with WF_BACK */
	enum role	 role;		/* role the initiator must hold */
	unsigned	 countersign;	/* DEPT_BIT mask of departments that approve */
	unsigned	 conditional;	/* subset needed only when a selected item needs a permit */
	unsigned	 guards;	/* GUARD_BIT mask */
	unsigned	 flags;		/* enum wf_flag */
};

struct guard_info {
	const char	*name;		/* part of the API */
	const char	*zh;
	const char	*en;
};

/* Item operations and who may do them. */
enum item_op {
	ITEM_OP_EDIT,		/* create or change an item */
	ITEM_OP_DONE,		/* mark done */
	ITEM_OP_SIGNOFF,	/* approve or reject the work */
	ITEM_OP_FUNDING,	/* record a funding line */
	ITEM_OP__MAX
};

struct wf_item_rule {
	enum item_op	 op;
	unsigned	 depts;		/* DEPT_BIT mask; 0: the kind's department */
	enum role	 role;
	unsigned	 stages;	/* STAGE_BIT mask where allowed */
};

/* Types of stage data fields (see jsonin.h for the parsing side). */
enum wf_ftype {
	WF_TEXT,
	WF_INT,
	WF_DECIMAL,	/* two decimals, e.g. yuan or m2 */
	WF_BOOL,
	WF_DATE,
	WF_MODE,	/* enum mode */
	WF_COUNTY,	/* enum county */
};

struct wf_field {
	const char	*name;		/* API field and column name */
	enum stage	 stage;		/* editable while the community is here */
	enum wf_ftype	 type;
	long long	 min, max;	/* ints and text length */
	unsigned	 editors;	/* DEPT_BIT mask; 0: initiators of the stage's next action */
	int		 fixed;		/* set at declaration only (county) */
};

extern const struct wf_transition	 wf_table[];
extern const size_t			 wf_table_len;
extern const struct guard_info		 guards[GUARD__MAX];
extern const struct wf_item_rule	 wf_item_rules[ITEM_OP__MAX];
extern const struct wf_field		 wf_fields[];
extern const size_t			 wf_fields_len;

/*
 * What the engine needs to know of one community, loaded in one query by
 * the database layer.  -1 means "not recorded" for numbers and dates
 * (dates are days since 1970-01-01); booleans are -1, 0 or 1.
 */
struct wf_snapshot {
	long long	 id;
	int		 stage;
	int		 county;
	int		 version;
	int		 declared_by_dept;
	/* declared */
	int		 has_name, has_street, has_committee, has_address;
	int		 built_year, buildings, households;
	int		 has_floor_area;
	int		 state_land, urban_area, multi_storey, structure_intact, in_other_plan;
	int		 has_exception_reason;
	/* surveyed */
	int		 consent_households;
	long		 notice_posted_on;
	/* piloted */
	int		 has_contractor, has_supervisor, has_tender_awarded_on, has_site_manager;
	/* accepted */
	int		 has_owners_meeting_on;
	int		 mode;
	int		 has_company, has_contract_start, has_contract_end;
	int		 has_managed_area, has_fee, has_managing_committee;
	/* items and money */
	int		 items;			/* all items */
	int		 items_no_condition;
	int		 selected;
	int		 selected_no_estimate;
	int		 selected_not_done;	/* status planned */
	int		 selected_not_signed;	/* status other than signed_off */
	int		 selected_permit;	/* selected items needing a permit */
	long long	 estimate_fen;		/* sum over selected items */
	long long	 planned_fen;		/* sum of planned funding */
	/* the open round, if any */
	long long	 round_id;		/* 0: none */
	int		 round_action;
	char		 round_submitter[64];
	unsigned	 round_required;	/* DEPT_BIT mask */
	unsigned	 round_approved;	/* DEPT_BIT mask */
	const char	*round_comment;		/* the submission's comment, or NULL */
};

/* The identity that acts: from the verified token's claims. */
struct wf_actor {
	const char	*sub;
	int		 dept;		/* enum dept */
	int		 county;	/* enum county for scoped organisations, else -1 */
	unsigned	 roles;		/* ROLE_BIT mask */
};

/* Settings that guards read (DESIGN §3, bracketed defaults). */
struct wf_settings {
	long		 today;		/* days since 1970-01-01 */
	int		 notice_days;
	int		 consent_num;
	int		 consent_den;
};

/* Why an actor may not do something: each is a 403 with this reason. */
enum wf_deny {
	WF_OK,
	WF_DENY_SCOPE,		/* the community is outside the actor's county */
	WF_DENY_DEPT,		/* the department has no part in this */
	WF_DENY_ROLE,		/* the department does, but not this role */
	WF_DENY_DECLARER,	/* only the declaring organisation */
	WF_DENY_FOUR_EYES,	/* the submitter may not approve */
	WF_DENY_DECIDED,	/* the department has already decided (a 409) */
	WF_DENY__MAX
};

extern const char *const wf_deny_msg[WF_DENY__MAX];

/* The transition row for action from stage, or NULL when there is none. */
const struct wf_transition *wf_find(enum action a, int stage);
/* The main-line action that leaves stage, or NULL. */
const struct wf_transition *wf_next(int stage);
/* The stage before stage on the main line, or -1. */
int		 wf_previous(int stage);
/* The stage a transition leads to from stage (resolves WF_BACK). */
int		 wf_target(const struct wf_transition *t, int stage);
/* Departments (DEPT_BIT) that may initiate t from stage. */
unsigned	 wf_initiators(const struct wf_transition *t, int stage);
/* Departments (DEPT_BIT) whose approval a submission of t needs. */
unsigned	 wf_required(const struct wf_transition *t, const struct wf_snapshot *s);

/* May the actor see this community at all (scope)? */
int		 wf_in_scope(const struct wf_actor *who, int county);
/* May the actor initiate t on s? */
enum wf_deny	 wf_may_initiate(const struct wf_transition *t,
		    const struct wf_snapshot *s, const struct wf_actor *who);
/* May the actor decide (approve or reject) on the open round of s? */
enum wf_deny	 wf_may_decide(const struct wf_snapshot *s, const struct wf_actor *who);
/* May the actor edit field f of s?  The stage and an open round are the caller's checks. */
enum wf_deny	 wf_may_edit(const struct wf_field *f, const struct wf_snapshot *s,
		    const struct wf_actor *who);
/* May the actor do op on an item of kind (or -1) of s? */
enum wf_deny	 wf_may_item(enum item_op op, int kind, const struct wf_snapshot *s,
		    const struct wf_actor *who);
/* 1 when op is allowed in s's stage. */
int		 wf_item_stage_ok(enum item_op op, int stage);
/* The field named name (len bytes), or NULL. */
const struct wf_field *wf_field_find(const char *name, size_t len);

/* 1 when s is NULL or only white space (ASCII or U+3000). */
int		 wf_blank(const char *s);

/*
 * Evaluate the guards of t on s.  Returns the GUARD_BIT mask of those that
 * fail (0: all hold).  comment is the submission's comment (reason_given).
 */
unsigned	 wf_check(const struct wf_transition *t, const struct wf_snapshot *s,
		    const struct wf_settings *cfg, const char *comment);

#endif
