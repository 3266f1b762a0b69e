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
	/* ---- tasks and list pages (web_tasks.c, web_list.c) ---- */
	/* ---- community page (web_community.c) ---- */
	/* ---- data forms (web_forms.c, web_signoff.c) ---- */
	/* ---- workflow diagram (web_workflow.c) ---- */
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
