/*
 * wf_table.c - the workflow of DESIGN §3 as data.
 *
 * This file is the single source of truth: the engine (wf.c), the API,
 * the task list, GET /api/v1/workflow and the database's own tables
 * (filled by `jiugai migrate`) all read it.
 */
#include "wf.h"

#define D(x)	DEPT_BIT(DEPT_##x)
#define G(x)	GUARD_BIT(GUARD_##x)

const struct wf_transition wf_table[] = {
	/* A community committee or street office declares the community. */
	{ ACTION_DECLARE, WF_FROM_NONE, STAGE_DECLARED,
	  D(COMMITTEE) | D(STREET), ROLE_CLERK, 0, 0,
	  G(REQUIRED_FIELDS), WF_MAIN },
	/* The street office records the survey; county and housing check it. */
	{ ACTION_SURVEY, STAGE_DECLARED, STAGE_SURVEYED,
	  D(STREET), ROLE_CLERK, D(COUNTY) | D(HOUSING), 0,
	  G(ELIGIBLE) | G(SURVEY_RECORDED), WF_MAIN },
	/* The county launches the works; drc approves the project, finance
	   the money, planning the permits when an item needs one. */
	{ ACTION_LAUNCH, STAGE_SURVEYED, STAGE_PILOTED,
	  D(COUNTY), ROLE_CLERK,
	  D(COUNTY) | D(DRC) | D(FINANCE) | D(PLANNING), D(PLANNING),
	  G(ITEMS_SELECTED) | G(FUNDING_COVERS_ESTIMATE) | G(NOTICE_PERIOD) |
	  G(RESIDENT_CONSENT), WF_MAIN },
	/* Construction reports the works complete. */
	{ ACTION_COMPLETE, STAGE_PILOTED, STAGE_RENOVATED,
	  D(CONSTRUCTION), ROLE_CLERK, D(CONSTRUCTION), 0,
	  G(TENDER_RECORDED) | G(ITEMS_DONE), WF_MAIN },
	/* Construction accepts the works; audit checks the money. */
	{ ACTION_ACCEPT, STAGE_RENOVATED, STAGE_ACCEPTED,
	  D(CONSTRUCTION), ROLE_CLERK, D(CONSTRUCTION) | D(AUDIT), 0,
	  G(ITEMS_SIGNED_OFF), WF_MAIN },
	/* Housing hands the community over to property management;
	   pricing sets the fee. */
	{ ACTION_HAND_OVER, STAGE_ACCEPTED, STAGE_MANAGED,
	  D(HOUSING), ROLE_CLERK, D(HOUSING) | D(PRICING), 0,
	  G(OWNERS_MEETING) | G(MANAGEMENT_ARRANGED), WF_MAIN },
	/* Back one stage, at once, with a reason. */
	{ ACTION_RETURN, WF_FROM_ANY, -1,
	  0, ROLE_APPROVER, 0, 0,
	  G(REASON_GIVEN), WF_BACK },
	/* The declaring organisation withdraws; the county agrees. */
	{ ACTION_WITHDRAW, STAGE_DECLARED, STAGE_WITHDRAWN,
	  D(COMMITTEE) | D(STREET), ROLE_CLERK, D(COUNTY), 0,
	  G(REASON_GIVEN), WF_DECLARER },
};
const size_t wf_table_len = sizeof(wf_table) / sizeof(wf_table[0]);

const struct guard_info guards[GUARD__MAX] = {
	{ "required_fields",	"申报信息完整",
	  "All declaration fields are filled in" },
	{ "eligible",		"符合改造条件（或县区政府同意放宽）",
	  "Meets the five eligibility rules (or a recorded county exception)" },
	{ "survey_recorded",	"已录入摸底项目及现状",
	  "At least one item surveyed, each with its condition" },
	{ "items_selected",	"已选定改造项目并有概算",
	  "At least one item selected, each with an estimate" },
	{ "funding_covers_estimate", "计划资金覆盖概算",
	  "Planned funding covers the estimate" },
	{ "notice_period",	"改造方案已公示满期",
	  "The plan has been posted long enough" },
	{ "resident_consent",	"居民同意户数达到要求",
	  "Enough households agree" },
	{ "tender_recorded",	"已录入招投标信息",
	  "Contractor, supervisor, award date and site manager recorded" },
	{ "items_done",		"改造项目均已完工",
	  "Every selected item is done" },
	{ "items_signed_off",	"改造项目均已由责任部门验收",
	  "Every selected item is signed off by its department" },
	{ "owners_meeting",	"已召开业主大会",
	  "Owners' general meeting recorded" },
	{ "management_arranged", "物业管理已落实",
	  "Property management arranged" },
	{ "reason_given",	"已说明理由",
	  "A reason is given" },
};

#define S(x)	STAGE_BIT(STAGE_##x)

const struct wf_item_rule wf_item_rules[ITEM_OP__MAX] = {
	{ ITEM_OP_EDIT,	   D(STREET) | D(COUNTY), ROLE_CLERK, S(DECLARED) | S(SURVEYED) },
	{ ITEM_OP_DONE,	   D(CONSTRUCTION), ROLE_CLERK, S(PILOTED) },
	{ ITEM_OP_SIGNOFF, 0, ROLE_APPROVER, S(RENOVATED) },
	{ ITEM_OP_FUNDING, D(COUNTY), ROLE_CLERK,
	  S(SURVEYED) | S(PILOTED) | S(RENOVATED) | S(ACCEPTED) | S(MANAGED) },
};

/* Stage data (DESIGN §8), editable while the community is in its stage. */
const struct wf_field wf_fields[] = {
	{ "name",		STAGE_DECLARED, WF_TEXT, 1, 200, 0, 0 },
	{ "county",		STAGE_DECLARED, WF_COUNTY, 0, 0, 0, 1 },
	{ "street",		STAGE_DECLARED, WF_TEXT, 1, 200, 0, 0 },
	{ "committee",		STAGE_DECLARED, WF_TEXT, 1, 200, 0, 0 },
	{ "address",		STAGE_DECLARED, WF_TEXT, 1, 400, 0, 0 },
	{ "built_year",		STAGE_DECLARED, WF_INT, 1800, 2100, 0, 0 },
	{ "buildings",		STAGE_DECLARED, WF_INT, 1, 10000, 0, 0 },
	{ "households",		STAGE_DECLARED, WF_INT, 1, 1000000, 0, 0 },
	{ "floor_area_m2",	STAGE_DECLARED, WF_DECIMAL, 0, 0, 0, 0 },
	{ "state_land",		STAGE_DECLARED, WF_BOOL, 0, 0, 0, 0 },
	{ "urban_area",		STAGE_DECLARED, WF_BOOL, 0, 0, 0, 0 },
	{ "multi_storey",	STAGE_DECLARED, WF_BOOL, 0, 0, 0, 0 },
	{ "structure_intact",	STAGE_DECLARED, WF_BOOL, 0, 0, 0, 0 },
	{ "in_other_plan",	STAGE_DECLARED, WF_BOOL, 0, 0, 0, 0 },
	{ "dilapidated",	STAGE_DECLARED, WF_BOOL, 0, 0, 0, 0 },
	/* The county's decision to relax the rules: county users only. */
	{ "exception_reason",	STAGE_DECLARED, WF_TEXT, 1, 2000, D(COUNTY), 0 },
	{ "consent_households",	STAGE_SURVEYED, WF_INT, 0, 1000000, 0, 0 },
	{ "notice_posted_on",	STAGE_SURVEYED, WF_DATE, 0, 0, 0, 0 },
	{ "batch",		STAGE_SURVEYED, WF_TEXT, 1, 40, 0, 0 },
	{ "contractor",		STAGE_PILOTED, WF_TEXT, 1, 200, 0, 0 },
	{ "supervisor",		STAGE_PILOTED, WF_TEXT, 1, 200, 0, 0 },
	{ "tender_awarded_on",	STAGE_PILOTED, WF_DATE, 0, 0, 0, 0 },
	{ "site_manager",	STAGE_PILOTED, WF_TEXT, 1, 100, 0, 0 },
	{ "owners_meeting_on",	STAGE_ACCEPTED, WF_DATE, 0, 0, 0, 0 },
	{ "mode",		STAGE_ACCEPTED, WF_MODE, 0, 0, 0, 0 },
	{ "company",		STAGE_ACCEPTED, WF_TEXT, 1, 200, 0, 0 },
	{ "contract_start",	STAGE_ACCEPTED, WF_DATE, 0, 0, 0, 0 },
	{ "contract_end",	STAGE_ACCEPTED, WF_DATE, 0, 0, 0, 0 },
	{ "managed_area_m2",	STAGE_ACCEPTED, WF_DECIMAL, 0, 0, 0, 0 },
	{ "fee_yuan_per_m2_month", STAGE_ACCEPTED, WF_DECIMAL, 0, 0, 0, 0 },
	{ "managing_committee",	STAGE_ACCEPTED, WF_TEXT, 1, 200, 0, 0 },
};
const size_t wf_fields_len = sizeof(wf_fields) / sizeof(wf_fields[0]);

const char *const wf_deny_msg[WF_DENY__MAX] = {
	"allowed",
	"this community is outside your organisation's area",
	"your department has no part in this action",
	"your role does not allow this action",
	"only the organisation that declared the community may do this",
	"the submitter of a round may not approve it",
	"your department has already approved this submission",
};
