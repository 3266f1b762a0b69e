/*
 * i18n.c - the message table and the choice of language.
 *
 * The Chinese is written for the civil servants who read it every day:
 * the words their own forms use, short and plain.  The English says the
 * same thing in GOV.UK's plain style rather than translating word for
 * word.
 */
#include <string.h>
#include <strings.h>

#include "i18n.h"

struct msg_row {
	const char	*zh;
	const char	*en;
};

static const struct msg_row msgs[] = {
	[MSG_SITE_NAME] =	{ "旧改", "Old-community renovation" },
	[MSG_SITE_LONG] =	{ "城镇老旧小区改造管理系统",
				  "Old residential community renovation records" },
	[MSG_SKIP_TO_MAIN] =	{ "跳到主要内容", "Skip to main content" },
	[MSG_SIGN_IN] =		{ "登录", "Sign in" },
	[MSG_SIGN_OUT] =	{ "退出登录", "Sign out" },
	[MSG_SIGNED_IN_AS] =	{ "当前用户", "Signed in as" },
	[MSG_MY_TASKS] =	{ "我的待办", "My tasks" },
	[MSG_COMMUNITIES] =	{ "小区台账", "Communities" },
	[MSG_COMMUNITY] =	{ "小区详情", "Community" },
	[MSG_WORKFLOW] =	{ "流程图", "Workflow" },
	[MSG_NAV_LABEL] =	{ "主导航", "Main navigation" },
	[MSG_LANG_LABEL] =	{ "语言", "Language" },
	/* Each language is offered in its own name. */
	[MSG_LANG_OTHER] =	{ "English", "中文" },
	[MSG_ERROR_SUMMARY] =	{ "填写有误，请修改以下内容",
				  "There is a problem" },
	[MSG_BACK_HOME] =	{ "返回首页", "Go to the start page" },
	[MSG_RELOAD] =		{ "刷新页面", "Reload the page" },
	[MSG_ERR_403_TITLE] =	{ "无权办理此事项", "You cannot do this" },
	[MSG_ERR_403_BODY] =	{ "您的账号没有办理此事项的权限。"
				  "如需办理，请联系本单位系统管理员。",
				  "Your account is not allowed to do this. "
				  "Ask your department's system administrator "
				  "if you need to." },
	[MSG_ERR_404_TITLE] =	{ "页面不存在", "Page not found" },
	[MSG_ERR_404_BODY] =	{ "您要访问的页面不存在，可能是网址有误，"
				  "或该页面已被删除。",
				  "The address may be wrong, or the page may "
				  "have been removed." },
	[MSG_ERR_409_TITLE] =	{ "数据已被他人修改",
				  "Someone changed this meanwhile" },
	[MSG_ERR_409_BODY] =	{ "您打开页面后，其他人修改了这条记录，"
				  "您的操作未保存。请刷新页面，核对最新内容后"
				  "重新办理。",
				  "Someone else changed this record after you "
				  "opened the page, so your change was not "
				  "saved. Reload the page, check the latest "
				  "details and try again." },
	[MSG_ERR_422_TITLE] =	{ "暂不符合办理条件",
				  "This step cannot be taken yet" },
	[MSG_ERR_422_BODY] =	{ "办理此步骤前，还需满足以下条件：",
				  "Before this step can be taken:" },
	[MSG_ERR_503_TITLE] =	{ "系统暂时无法使用",
				  "Sorry, the service is unavailable" },
	[MSG_ERR_503_BODY] =	{ "系统正在维护或访问人数较多，请稍后再试。",
				  "The service is being maintained or is busy. "
				  "Please try again later." },
};
_Static_assert(sizeof(msgs) / sizeof(msgs[0]) == MSG__MAX,
    "one row per enum msg");

/* <html lang> and ?lang= per language. */
static const struct {
	const char	*tag;
	const char	*code;
} langs[] = {
	[LANG_ZH] = { "zh-CN", "zh" },
	[LANG_EN] = { "en", "en" },
};
_Static_assert(sizeof(langs) / sizeof(langs[0]) == LANG__MAX,
    "one row per enum lang");

#define ACCEPT_MAX_LEN		1024
#define ACCEPT_MAX_RANGES	32

const char *
msg(enum lang l, enum msg m)
{
	if ((unsigned)m >= MSG__MAX)
		m = MSG_SITE_NAME;
	return l == LANG_EN ? msgs[m].en : msgs[m].zh;
}

static const char *
pick(enum lang l, const char *zh, const char *en)
{
	return l == LANG_EN ? en : zh;
}

const char *
msg_stage(enum lang l, enum stage s)
{
	return (unsigned)s < STAGE__MAX ?
	    pick(l, stages[s].zh, stages[s].en) : "?";
}

const char *
msg_action(enum lang l, enum action a)
{
	return (unsigned)a < ACTION__MAX ?
	    pick(l, actions[a].zh, actions[a].en) : "?";
}

const char *
msg_dept(enum lang l, enum dept d)
{
	return (unsigned)d < DEPT__MAX ?
	    pick(l, depts[d].zh, depts[d].en) : "?";
}

const char *
msg_county(enum lang l, enum county c)
{
	return (unsigned)c < COUNTY__MAX ?
	    pick(l, counties[c].zh, counties[c].en) : "?";
}

const char *
lang_tag(enum lang l)
{
	return langs[l == LANG_EN ? LANG_EN : LANG_ZH].tag;
}

const char *
lang_code(enum lang l)
{
	return langs[l == LANG_EN ? LANG_EN : LANG_ZH].code;
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether the language range s (n bytes, not "*") names language l. */
static int
range_is(const char *s, size_t n, const char *l)
{
	size_t	 ln = strlen(l);

	return n >= ln && strncasecmp(s, l, ln) == 0 &&
	    (n == ln || s[ln] == '-');
}

/*
 * RFC 4647 §2.1 language-range: 1*8ALPHA *("-" 1*8alphanum), or "*".
 * Returns its length at s, or 0 when s does not start with one.
 */
static size_t
scan_range(const char *s)
{
	size_t	 i = 0, k;

	if (s[0] == '*')
		return 1;
	for (k = 0; is_alpha(s[i]); i++, k++)
		continue;
	if (k < 1 || k > 8)
		return 0;
	while (s[i] == '-') {
		i++;
		for (k = 0; is_alpha(s[i]) || is_digit(s[i]); i++, k++)
			continue;
		if (k < 1 || k > 8)
			return 0;
	}
	return i;
}

/*
 * RFC 9110 §12.4.2 qvalue: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")],
 * as thousandths.  Returns its length at s, or 0 when malformed.
 */
static size_t
scan_qvalue(const char *s, int *q)
{
	size_t	 i = 1, k;
	int	 v;

	if (s[0] != '0' && s[0] != '1')
		return 0;
	v = (s[0] - '0') * 1000;
	if (s[1] == '.') {
		for (i = 2, k = 0; is_digit(s[i]) && k < 3; i++, k++)
			v += (s[i] - '0') * (k == 0 ? 100 : k == 1 ? 10 : 1);
		if (is_digit(s[i]) || v > 1000)
			return 0;
	}
	*q = v;
	return i;
}

/*
 * The weights of English and Chinese in an Accept-Language header, in
 * thousandths (-1: not named).  Returns -1 when the header is malformed.
 */
static int
accept_weights(const char *h, int *en, int *zh, int *any)
{
	const char	*s = h, *r;
	size_t		 n, rn, len = strlen(h);
	int		 q, ranges = 0;

	*en = *zh = *any = -1;
	if (len > ACCEPT_MAX_LEN)
		return -1;
	for (;;) {
		while (is_ows(*s))
			s++;
		if (*s == ',') {	/* empty list elements are allowed */
			s++;
			continue;
		}
		if (*s == '\0')
			return 0;
		if (++ranges > ACCEPT_MAX_RANGES)
			return -1;
		r = s;
		if ((rn = scan_range(s)) == 0)
			return -1;
		s += rn;
		q = 1000;
		while (is_ows(*s))
			s++;
		if (*s == ';') {
			s++;
			while (is_ows(*s))
				s++;
			if ((s[0] != 'q' && s[0] != 'Q') || s[1] != '=')
				return -1;
			if ((n = scan_qvalue(s + 2, &q)) == 0)
				return -1;
			s += 2 + n;
			while (is_ows(*s))
				s++;
		}
		if (*s != ',' && *s != '\0')
			return -1;
		/* A language weighs the most any range naming it gives. */
		if (r[0] == '*') {
			if (q > *any)
				*any = q;
		} else if (range_is(r, rn, "en")) {
			if (q > *en)
				*en = q;
		} else if (range_is(r, rn, "zh")) {
			if (q > *zh)
				*zh = q;
		}
	}
}

enum lang
lang_pick(const char *query_lang, const char *accept_language)
{
	int	 en, zh, any;

	if (query_lang != NULL && query_lang[0] != '\0')
		return range_is(query_lang, strlen(query_lang), "en") &&
		    scan_range(query_lang) == strlen(query_lang) ?
		    LANG_EN : LANG_ZH;
	if (accept_language == NULL ||
	    accept_weights(accept_language, &en, &zh, &any) != 0)
		return LANG_ZH;
	/* "*" weighs every language the header does not name. */
	if (en < 0)
		en = any;
	if (zh < 0)
		zh = any;
	return en > 0 && en > zh ? LANG_EN : LANG_ZH;
}
