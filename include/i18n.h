/*
 * i18n.h - the two languages of the web pages and all their UI text.
 *
 * Every word a page shows comes from one table (app/i18n.c): an enum msg
 * closed by MSG__MAX and a row { zh, en } per message.  Names of stages,
 * departments, counties and the like are not repeated here: they live in
 * the tables of codes.h and are read through msg_stage() and friends.
 * Chinese is the default; English is chosen by ?lang=en or by an
 * Accept-Language header that prefers English to Chinese.
 */
#ifndef JIUGAI_I18N_H
#define JIUGAI_I18N_H

#include "codes.h"

enum lang {
	LANG_ZH,	/* the default */
	LANG_EN,
	LANG__MAX
};

enum msg {
	MSG_SITE_NAME,		/* short name, in the header */
	MSG_SITE_LONG,		/* full name, in the footer */
	MSG_SKIP_TO_MAIN,
	MSG_SIGN_IN,
	MSG_SIGN_OUT,
	MSG_SIGNED_IN_AS,
	MSG_MY_TASKS,
	MSG_COMMUNITIES,
	MSG_COMMUNITY,
	MSG_WORKFLOW,
	MSG_NAV_LABEL,		/* aria-label of the main navigation */
	MSG_LANG_LABEL,		/* aria-label of the language switch */
	MSG_LANG_OTHER,		/* link text that switches to the other language */
	MSG_ERROR_SUMMARY,	/* heading of the error summary */
	MSG_BACK_HOME,
	MSG_RELOAD,
	MSG_ERR_403_TITLE,
	MSG_ERR_403_BODY,
	MSG_ERR_404_TITLE,
	MSG_ERR_404_BODY,
	MSG_ERR_409_TITLE,
	MSG_ERR_409_BODY,
	MSG_ERR_422_TITLE,
	MSG_ERR_422_BODY,
	MSG_ERR_503_TITLE,
	MSG_ERR_503_BODY,
	/* ---- web core (web.c, web_login.c) ---- */
	MSG_ERR_400_TITLE,
	MSG_ERR_400_BODY,
	MSG_ERR_CSRF,
	MSG_ERR_GENERIC_TITLE,
	MSG_DENY_SCOPE,
	MSG_DENY_DEPT,
	MSG_DENY_ROLE,
	MSG_DENY_DECLARER,
	MSG_DENY_FOUR_EYES,
	MSG_DENY_DECIDED,
	MSG_FIELD_REQUIRED,
	MSG_FIELD_INVALID,
	MSG_FIELD_CHECK,
	MSG_YES,
	MSG_NO,
	MSG_NOT_RECORDED,
	MSG_SIGNOFFS,
	MSG_DECLARE_NEW,
	MSG_LOGIN_TITLE,
	MSG_LOGIN_LEAD,
	MSG_USERNAME,
	MSG_PASSWORD,
	MSG_LOGIN_BAD,
	MSG_LOGIN_LOCKED,
	MSG_LOGIN_DISABLED,
	MSG_LOGIN_EXPIRED,
	MSG_LOGIN_SIGNED_OUT,
	MSG_LOGIN_UNAVAILABLE,
	MSG_CONTINUE,
	MSG_ERR_409_STATE_TITLE,
	MSG_ERR_409_ROUND,
	MSG_ERR_409_STAGE,
	MSG_ERR_409_ITEM,
	/* ---- tasks and list pages (web_tasks.c, web_list.c) ---- */
	MSG_TASKS_LEAD,
	MSG_TASKS_APPROVALS,
	MSG_TASKS_SIGNOFFS,
	MSG_TASKS_ACTIONS,
	MSG_TASKS_NONE,
	MSG_TASKS_REQUEST,
	MSG_TASKS_SUBMITTED,
	MSG_TASKS_STAGE,
	MSG_TASKS_NEXT,
	MSG_TASKS_ITEM,
	MSG_TASKS_COMPLETED,
	MSG_TASKS_STAGE_SINCE,
	MSG_TASKS_WAITED,
	MSG_TASKS_TO_SIGNOFFS,
	MSG_TASKS_TRUNCATED,
	MSG_LIST_FILTERS,
	MSG_LIST_COUNTY,
	MSG_LIST_ALL,
	MSG_LIST_YOUR_AREA,
	MSG_LIST_STAGE,
	MSG_LIST_BATCH,
	MSG_LIST_BATCH_HINT,
	MSG_LIST_SEARCH,
	MSG_LIST_SEARCH_HINT,
	MSG_LIST_SORT,
	MSG_LIST_SORT_ID,
	MSG_LIST_SORT_PRIORITY,
	MSG_LIST_SORT_HINT,
	MSG_LIST_APPLY,
	MSG_LIST_CLEAR,
	MSG_LIST_RESULTS,
	MSG_LIST_CODE,
	MSG_LIST_NAME,
	MSG_LIST_STREET,
	MSG_LIST_HOUSEHOLDS,
	MSG_LIST_DILAPIDATED,
	MSG_LIST_CONSENT,
	MSG_LIST_STAGE_SINCE,
	MSG_LIST_NONE,
	MSG_LIST_NEXT,
	MSG_LIST_FIRST,
	MSG_LIST_PAGES,
	/* ---- community page (web_community.c) ---- */
	MSG_C_CODE,
	MSG_C_DECLARED_BY,
	MSG_C_DECLARED_AT,
	MSG_C_PROGRESS,
	MSG_C_STAGE_DONE,
	MSG_C_STAGE_CURRENT,
	MSG_C_DETAILS,
	MSG_C_GROUP_DECLARED,
	MSG_C_GROUP_SURVEYED,
	MSG_C_GROUP_PILOTED,
	MSG_C_GROUP_ACCEPTED,
	MSG_C_ITEMS,
	MSG_C_NO_ITEMS,
	MSG_C_DEPT,
	MSG_C_STATUS,
	MSG_C_SIGNOFF,
	MSG_C_ST_NOT_SELECTED,
	MSG_C_ST_PLANNED,
	MSG_C_ST_DONE,
	MSG_C_ST_SIGNED,
	MSG_C_ST_REFUSED,
	MSG_C_SELECTED_TOTAL,
	MSG_C_FUNDING,
	MSG_C_NO_FUNDING,
	MSG_C_TOTAL,
	MSG_C_FUND_COVERED,
	MSG_C_FUND_GAP,
	MSG_C_NEXT,
	MSG_C_ROUND,
	MSG_C_CONDITIONS,
	MSG_C_MET,
	MSG_C_MISSING,
	MSG_C_NOT_READY,
	MSG_C_GOES_TO,
	MSG_C_AT_ONCE,
	MSG_C_TAKEN_BY,
	MSG_C_ROLE_CLERK,
	MSG_C_ROLE_APPROVER,
	MSG_C_TO_RECORD,
	MSG_C_LINK_DECLARATION,
	MSG_C_LINK_EDIT,
	MSG_C_LINK_FIELD,
	MSG_C_LINK_TENDER,
	MSG_C_LINK_HANDOVER,
	MSG_C_LINK_SURVEY,
	MSG_C_LINK_PLAN,
	MSG_C_LINK_FUNDING,
	MSG_C_LINK_WORKS,
	MSG_C_LINK_SIGNOFF,
	MSG_C_COMMENT_OPTIONAL,
	MSG_C_SUBMITTED_BY,
	MSG_C_SUBMITTED_AT,
	MSG_C_WAITED,
	MSG_C_DECISION,
	MSG_C_APPROVER,
	MSG_C_COUNTERSIGNER,
	MSG_C_WHEN,
	MSG_C_APPROVED,
	MSG_C_REJECTED,
	MSG_C_PENDING,
	MSG_C_YOUR_DECISION,
	MSG_C_DECIDE_HINT,
	MSG_C_APPROVE_BTN,
	MSG_C_REJECT_BTN,
	MSG_C_REJECT_REASON,
	MSG_C_RETURN_H,
	MSG_C_RETURN_HINT,
	MSG_C_RETURN_BTN,
	MSG_C_WITHDRAW_H,
	MSG_C_WITHDRAW_HINT,
	MSG_C_WITHDRAW_BTN,
	MSG_C_REASON,
	MSG_C_REASON_NEEDED,
	MSG_C_FINISHED,
	MSG_C_WITHDRAWN,
	MSG_C_DONE_SUBMITTED,
	MSG_C_DONE_MOVED,
	MSG_C_DONE_APPROVED,
	MSG_C_DONE_REJECTED,
	MSG_C_LAST_REJECT,
	MSG_C_RESUBMIT,
	MSG_C_SURVEY_N,
	MSG_C_SELECTED_N,
	MSG_C_FUNDING_N,
	MSG_C_NOTICE_NONE,
	MSG_C_NOTICE_N,
	MSG_C_CONSENT_N,
	MSG_C_DONE_N,
	MSG_C_SIGNED_N,
	MSG_C_NOT_FILLED,
	MSG_C_MEETING_ON,
	MSG_C_MODE_NONE,
	MSG_C_EXCEPTION,
	MSG_C_HISTORY,
	MSG_C_HISTORY_MORE,
	MSG_C_HISTORY_ALL,
	MSG_C_EV_SUBMIT,
	MSG_C_EV_APPROVE,
	MSG_C_EV_REJECT,
	MSG_C_EV_CANCEL,
	MSG_C_EV_EDIT,
	MSG_C_EV_STAGE,
	MSG_C_EV_ITEM_ADD,
	MSG_C_EV_ITEM_EDIT,
	MSG_C_EV_ITEM_DONE,
	MSG_C_EV_ITEM_SIGNOFF,
	MSG_C_EV_ITEM_REJECT,
	MSG_C_EV_FUNDING,
	/* ---- money: who pays (web_community.c shares_table) ---- */
	MSG_M_SHARES,
	MSG_M_LEAD,
	MSG_M_PARTY,
	MSG_M_SHARE,
	MSG_M_PLANNED,
	MSG_M_GAP,
	MSG_M_UTILITIES,
	MSG_M_OWNERS,
	MSG_M_PUBLIC,
	MSG_M_PUBLIC_SOURCES,
	MSG_M_PUBLIC_GAP,
	MSG_M_PUBLIC_COVERED,
	MSG_M_PUBLIC_OVER,
	MSG_M_PLAN_SPLIT,
	/* ---- data forms (web_forms.c, web_signoff.c) ---- */
	/* web_forms.c */
	MSG_F_BACK,
	MSG_F_DECLARE_TITLE,
	MSG_F_DECLARE_LEAD,
	MSG_F_BASIC,
	MSG_F_ELIGIBILITY,
	MSG_F_ELIGIBILITY_HINT,
	MSG_F_DECLARE_SUBMIT,
	MSG_F_EDIT_DECLARED,
	MSG_F_EDIT_SURVEYED,
	MSG_F_EDIT_PILOTED,
	MSG_F_EDIT_ACCEPTED,
	MSG_F_EDIT_OTHER,
	MSG_F_SAVE,
	MSG_F_FROZEN_TITLE,
	MSG_F_FROZEN,
	MSG_F_HINT_DATE,
	MSG_F_HINT_MONEY,
	MSG_F_HINT_DECIMAL,
	MSG_F_HINT_INT,
	MSG_F_HINT_YEAR,
	MSG_F_HINT_BATCH,
	MSG_F_HINT_CONSENT,
	MSG_F_HINT_EXCEPTION,
	MSG_F_HINT_PROFESSIONAL,
	MSG_F_HINT_COMMUNITY,
	MSG_F_CHOOSE,
	MSG_F_SURVEY_TITLE,
	MSG_F_SURVEY_LEAD,
	MSG_F_NOT_SURVEYED,
	MSG_F_DEPT,
	MSG_F_SURVEY_SAVE,
	MSG_F_PLAN_TITLE,
	MSG_F_PLAN_ITEMS,
	MSG_F_PLAN_LEAD,
	MSG_F_PLAN_NONE,
	MSG_F_PLAN_NOTICE,
	MSG_F_TOTAL_ESTIMATE,
	MSG_F_PLAN_SAVE,
	MSG_F_FUNDING,
	MSG_F_FUNDING_NONE,
	MSG_F_FUNDING_ADD,
	MSG_F_FUNDING_SAVE,
	MSG_F_TOTAL,
	MSG_F_GAP,
	MSG_F_COVERED,
	MSG_F_WORKS_TITLE,
	MSG_F_WORKS_LEAD,
	MSG_F_WORKS_NONE,
	MSG_F_STATUS,
	MSG_F_ST_PLANNED,
	MSG_F_ST_DONE,
	MSG_F_ST_SIGNED,
	MSG_F_ST_REJECTED,
	MSG_F_MARK,
	MSG_F_MARK_DONE,
	MSG_F_HINT_DONE_COMMENT,
	MSG_F_NONE_TICKED,
	MSG_F_TENDER_EDIT,
	MSG_F_CONTRACT_ORDER,
	MSG_F_CONSENT_MAX,
	MSG_F_ERROR,		/* before a field's error, for screen readers */
	MSG_F_NOT_NOW,
	MSG_F_CURRENT_STAGE,
	MSG_F_ITEMS,
	/* web_signoff.c */
	MSG_S_LEAD,
	MSG_S_KINDS,
	MSG_S_NO_KINDS,
	MSG_S_NONE,
	MSG_S_READONLY,
	MSG_S_CAPTION,
	MSG_S_COL_CHOOSE,
	MSG_S_COL_WAITED,
	MSG_S_DECISION,
	MSG_S_APPROVE,
	MSG_S_REJECT,
	MSG_S_COMMENT,
	MSG_S_COMMENT_HINT,
	MSG_S_COMMENT_NEEDED,
	MSG_S_DECISION_NEEDED,
	MSG_S_CHOOSE,
	MSG_S_SUBMIT,
	MSG_S_SIGNED,
	MSG_S_RETURNED,
	MSG_S_ERROR_PREFIX,
	/* ---- workflow diagram (web_workflow.c) ---- */
	MSG_WF_H1,
	MSG_WF_LEAD,
	MSG_WF_SVG_LABEL,
	MSG_WF_START,
	MSG_WF_BY,
	MSG_WF_CSIGN,
	MSG_WF_WHEN_PERMIT,
	MSG_WF_DECLARER_ONLY,
	MSG_WF_NO_CSIGN,
	MSG_WF_NEW,
	MSG_WF_NONE,
	MSG_WF_ROLE_CLERK,
	MSG_WF_ROLE_APPROVER,
	MSG_WF_LEGEND_BACK,
	MSG_WF_CAPTION,
	MSG_WF_COL_ACTION,
	MSG_WF_COL_FROM,
	MSG_WF_COL_TO,
	MSG_WF_COL_BY,
	MSG_WF_COL_CSIGN,
	MSG_WF_COL_GUARDS,
	/* ---- exports and hand-over (export.c, api_ledger.c, api_handover.c, web_handover.c) ---- */
	MSG_X_SHEET_LEDGER,	/* the .xlsx sheet of the ledger */
	MSG_X_FILE_LEDGER,	/* the Chinese file name of the ledger */
	MSG_X_DATE_DECLARED,	/* one date column per stage, in enum stage order */
	MSG_X_DATE_SURVEYED,
	MSG_X_DATE_PILOTED,
	MSG_X_DATE_RENOVATED,
	MSG_X_DATE_ACCEPTED,
	MSG_X_DATE_MANAGED,
	MSG_X_DATE_WITHDRAWN,
	MSG_X_ITEMS_SELECTED,
	MSG_X_ESTIMATE,
	MSG_X_PLANNED,
	MSG_X_RECEIVED,
	MSG_X_EXPORT,
	MSG_X_EXPORT_HINT,
	MSG_X_CSV,
	MSG_X_XLSX,
	MSG_X_TOO_MANY_TITLE,
	MSG_X_TOO_MANY_BODY,
	MSG_X_BACK,
	MSG_HANDOVER,		/* page title, sheet and file name */
	MSG_HANDOVER_NAV,
	MSG_HO_LEAD,
	MSG_HO_COVERAGE,
	MSG_HO_COVERAGE_HINT,
	MSG_HO_SHEET_COVERAGE,
	MSG_HO_WAITING_N,
	MSG_HO_MANAGED_N,
	MSG_HO_PROFESSIONAL_N,
	MSG_HO_COMMUNITY_N,
	MSG_HO_ELIGIBLE_N,
	MSG_HO_FOLLOW_N,
	MSG_HO_COVERAGE_COL,
	MSG_HO_TOTAL,
	MSG_HO_LIST,
	MSG_HO_LIST_ALL,
	MSG_HO_LIST_WAITING,
	MSG_HO_LIST_MANAGED,
	MSG_HO_LIST_FOLLOW,
	MSG_HO_LIST_HINT,
	MSG_HO_DAYS_WAITING,
	MSG_HO_DAYS_LEFT,
	MSG_HO_ELIGIBLE,
	MSG_HO_ELIGIBLE_HINT,
	MSG_HO_FOLLOW,
	MSG_HO_FLAG_EXPIRED,
	MSG_HO_FLAG_ENDING,
	MSG_HO_FLAG_BACKED,
	MSG_HO_NONE,
	MSG_HO_RESULTS,
	MSG_HO_MANAGER,		/* company, or the committee of a community-backed one */
	/* ---- public notice (web_public.c) ---- */
	MSG_PUB_KICKER,
	MSG_PUB_LEAD,
	MSG_PUB_ABOUT,
	MSG_PUB_STAGE,
	MSG_PUB_ITEMS,
	MSG_PUB_NO_PLAN,
	MSG_PUB_COL_DEPT,
	MSG_PUB_COL_BUDGET,
	MSG_PUB_COL_PROGRESS,
	MSG_PUB_ST_PLANNED,
	MSG_PUB_ST_DONE,
	MSG_PUB_ST_SIGNED,
	MSG_PUB_TOTAL,
	MSG_PUB_FUNDING,
	MSG_PUB_NO_FUNDING,
	MSG_PUB_COL_PLANNED,
	MSG_PUB_COL_RECEIVED,
	MSG_PUB_CONTACT,
	MSG_PUB_CONTACT_LEAD,
	MSG_PUB_OFFICE,
	MSG_PUB_PHONE,
	MSG_PUB_OFFICE_ADDRESS,
	MSG_PUB_NO_OFFICE,
	MSG_PUB_PRINT_LINK,
	MSG_PUB_PRINT_HINT,
	MSG_PUB_BACK,
	MSG_PUB_QR_LABEL,
	MSG_PUB_QR_CAPTION,
	MSG_PUB_PRINTED,	/* {1}: the day it was printed */
	MSG_PUB_LINK,		/* the community page's link to its notice */
	/* ---- charts (chart.c) ---- */
	MSG_CHART_NO_DATA,
	MSG_CHART_TOTAL,	/* the table's total column */
	MSG_CHART_UNIT,		/* before the unit and a colon: "单位：元" */
	MSG_CHART_KEY,		/* aria-label of the legend */
	/* ---- assessment (web_assessment.c) ---- */
	MSG_ASSESSMENT,		/* page title */
	MSG_AS_NAV,		/* navigation link */
	MSG_AS_LEAD,
	MSG_AS_PERIOD,		/* legend of the date form */
	MSG_AS_FROM,
	MSG_AS_TO,
	MSG_AS_DATE_HINT,
	MSG_AS_SHOW,
	MSG_AS_SHOWING,		/* before the period shown */
	MSG_AS_UNTIL,		/* between two dates */
	MSG_AS_COUNTIES,		/* table heading */
	MSG_AS_FLAG_HINT,
	MSG_AS_RENOVATED_N,		/* column */
	MSG_AS_HOUSEHOLDS,		/* column */
	MSG_AS_AREA,		/* column */
	MSG_AS_TARGET,		/* column: households target */
	MSG_AS_RATING,		/* column */
	MSG_AS_GREEN,		/* flag */
	MSG_AS_AMBER,		/* flag */
	MSG_AS_RED,		/* flag */
	MSG_AS_NO_TARGET,		/* flag */
	MSG_AS_ACCEPTED,		/* column */
	MSG_AS_MANAGED,		/* column */
	MSG_AS_COVERAGE,		/* column */
	MSG_AS_LATE,		/* column */
	MSG_AS_ITEMS,		/* column */
	MSG_AS_PLANNED,		/* column */
	MSG_AS_RECEIVED,		/* column */
	MSG_AS_IN_PLACE,		/* column */
	MSG_AS_CITY,		/* the city's row */
	MSG_AS_DEFINITIONS,
	MSG_AS_DEADLINE_OTHER,
	MSG_AS_STAGES,		/* table heading */
	MSG_AS_DEPTS,		/* table heading */
	MSG_AS_DEPTS_HINT,
	MSG_AS_DEPT,		/* column */
	MSG_AS_DECISIONS,		/* column */
	MSG_AS_MEDIAN,		/* column */
	MSG_AS_P90,		/* column */
	MSG_AS_NO_ROUNDS,
	MSG_AS_KINDS,		/* table heading */
	MSG_AS_KIND,		/* column */
	MSG_AS_SELECTED,		/* column */
	MSG_AS_SIGNED_OFF,		/* column */
	MSG_AS_FUNDING,		/* table heading */
	MSG_AS_SOURCE,		/* column */
	MSG_AS_NO_FUNDING,
	MSG_AS_TARGETS,		/* heading of the targets form */
	MSG_AS_TARGETS_HINT,
	MSG_AS_YEAR,
	MSG_AS_T_HOUSEHOLDS,
	MSG_AS_T_AREA,
	MSG_AS_T_COMMUNITIES,
	MSG_AS_SAVE_TARGETS,
	/* the assessment's charts and files (web_assessment.c, api_assessment.c) */
	MSG_AS_CH_STAGES,		/* chart title */
	MSG_AS_CH_FUNDING,		/* chart title */
	MSG_AS_CH_MONTHS,		/* chart title */
	MSG_AS_CH_DEPTS,		/* chart title */
	MSG_AS_MONTH,		/* chart table: first column */
	MSG_AS_U_COMMUNITIES,	/* unit */
	MSG_AS_U_YUAN,		/* unit */
	MSG_AS_U_HOURS,		/* unit */
	MSG_AS_S_PLANNED,		/* series */
	MSG_AS_S_RECEIVED,		/* series */
	MSG_AS_S_MEDIAN,		/* series */
	MSG_AS_S_P90,		/* series */
	MSG_AS_MONTHS_HINT,
	MSG_AS_SHEET,		/* the .xlsx sheet */
	MSG_AS_FILE,		/* the Chinese file name */
	MSG_AS_SIGNED_OFF_COL,	/* file column */
	MSG_AS_SELECTED_COL,	/* file column */
	MSG_AS_SET_BY,		/* targets: column */
	MSG_AS_SET_AT,		/* targets: column */
	MSG_AS_HISTORY,		/* heading of the targets' changes */
	MSG_AS_HISTORY_HINT,
	MSG_AS_CHANGED_AT,		/* column */
	MSG_AS_CHANGED_BY,		/* column */
	MSG__MAX
};

/*
 * The text of message m in language l: a static string, never NULL and
 * never empty.  An out-of-range l or m gives the Chinese text of
 * MSG_SITE_NAME rather than reading outside the table.
 */
const char	*msg(enum lang l, enum msg m);

/*
 * Names from codes.h in language l: static strings, never NULL (an
 * out-of-range value gives "?").
 */
const char	*msg_stage(enum lang l, enum stage s);
const char	*msg_action(enum lang l, enum action a);
const char	*msg_dept(enum lang l, enum dept d);
const char	*msg_county(enum lang l, enum county c);
const char	*msg_kind(enum lang l, enum kind k);
const char	*msg_condition(enum lang l, int c);
const char	*msg_source(enum lang l, int s);
const char	*msg_mode(enum lang l, int m);
/*
 * The label of a form field: the stage data fields of wf_fields, the
 * item and funding fields, comment and the like, by their API name.
 * An unknown name is given back as it is.
 */
const char	*msg_field(enum lang l, const char *name);

/* The value of <html lang>: "zh-CN" or "en". */
const char	*lang_tag(enum lang l);
/* The value of ?lang= that selects l: "zh" or "en". */
const char	*lang_code(enum lang l);

/*
 * Choose the language of a page.  query_lang is the value of the ?lang=
 * parameter (NULL when absent), accept_language the Accept-Language
 * header (NULL when absent).  A non-empty query_lang decides alone:
 * "en" or "en-..." gives English, anything else Chinese.  Otherwise the
 * header is parsed as RFC 9110 §12.5.4 (language ranges with optional
 * q-values, "*" for any language not named) and English is chosen only
 * when its weight is above Chinese's.  A malformed header, one over
 * 1024 bytes or with over 32 ranges, gives Chinese.
 */
enum lang	 lang_pick(const char *query_lang, const char *accept_language);

#endif
