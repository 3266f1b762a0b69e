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
	/* ---- web core ---- */
	[MSG_ERR_400_TITLE] =	{ "提交的内容有误", "There is a problem with the request" },
	[MSG_ERR_400_BODY] =	{ "系统无法处理这次提交。请返回上一页，"
				  "检查后重新提交。",
				  "The request could not be handled. Go back, "
				  "check and try again." },
	[MSG_ERR_CSRF] =	{ "页面已失效或来源不明，本次提交未受理。"
				  "请刷新页面后重新提交。",
				  "The form had expired or did not come from this "
				  "site, so nothing was saved. Reload the page and "
				  "try again." },
	[MSG_ERR_GENERIC_TITLE] = { "无法完成请求", "The request could not be completed" },
	[MSG_DENY_SCOPE] =	{ "该小区不在本单位辖区内。",
				  "This community is outside your organisation's area." },
	[MSG_DENY_DEPT] =	{ "本部门不参与此事项。",
				  "Your department has no part in this step." },
	[MSG_DENY_ROLE] =	{ "您的岗位不能办理此事项（例如：经办人不能审批）。",
				  "Your role cannot do this (for example, a clerk "
				  "cannot approve)." },
	[MSG_DENY_DECLARER] =	{ "只有申报单位才能办理此事项。",
				  "Only the organisation that declared the "
				  "community can do this." },
	[MSG_DENY_FOUR_EYES] =	{ "提交人不能审批本人提交的事项。",
				  "You cannot approve what you submitted." },
	[MSG_DENY_DECIDED] =	{ "本部门已对此事项作出决定。",
				  "Your department has already decided on this." },
	[MSG_FIELD_REQUIRED] =	{ "请填写此项", "Enter this" },
	[MSG_FIELD_INVALID] =	{ "填写的内容格式或取值不正确", "Enter a valid value" },
	[MSG_FIELD_CHECK] =	{ "请检查此项", "Check this" },
	[MSG_YES] =		{ "是", "Yes" },
	[MSG_NO] =		{ "否", "No" },
	[MSG_NOT_RECORDED] =	{ "未填写", "Not recorded" },
	[MSG_SIGNOFFS] =	{ "验收签认", "Item sign-off" },
	[MSG_DECLARE_NEW] =	{ "申报小区", "Declare a community" },
	[MSG_LOGIN_TITLE] =	{ "登录", "Sign in" },
	[MSG_LOGIN_LEAD] =	{ "请使用本单位分配的账号登录。",
				  "Sign in with the account your department gave you." },
	[MSG_USERNAME] =	{ "用户名", "User name" },
	[MSG_PASSWORD] =	{ "密码", "Password" },
	[MSG_LOGIN_BAD] =	{ "用户名或密码不正确。连续输错 5 次，账号将锁定 15 分钟。",
				  "The user name or password is wrong. After 5 "
				  "wrong tries the account is locked for 15 minutes." },
	[MSG_LOGIN_LOCKED] =	{ "连续登录失败次数过多，账号已暂时锁定，请 15 分钟后再试。",
				  "Too many wrong tries: the account is locked. "
				  "Try again in 15 minutes." },
	[MSG_LOGIN_DISABLED] =	{ "该账号已停用，请联系本单位系统管理员。",
				  "This account is disabled. Ask your "
				  "department's system administrator." },
	[MSG_LOGIN_EXPIRED] =	{ "登录已过期，请重新登录。",
				  "Your session has ended. Sign in again." },
	[MSG_LOGIN_SIGNED_OUT] = { "您已安全退出。", "You have signed out." },
	[MSG_LOGIN_UNAVAILABLE] = { "系统暂时无法登录，请稍后再试。",
				  "Signing in is not possible at the moment. "
				  "Try again later." },
	[MSG_CONTINUE] =	{ "继续", "Continue" },
	/* ---- tasks and list pages ---- */
	/* ---- community page ---- */
	/* ---- data forms ---- */
	/* ---- workflow diagram ---- */
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
msg_kind(enum lang l, enum kind k)
{
	return (unsigned)k < KIND__MAX ? pick(l, kinds[k].zh, kinds[k].en) : "?";
}

const char *
msg_condition(enum lang l, int c)
{
	return c >= 0 && c < COND__MAX ?
	    pick(l, conditions[c].zh, conditions[c].en) : "?";
}

const char *
msg_source(enum lang l, int s)
{
	return s >= 0 && s < SOURCE__MAX ?
	    pick(l, sources[s].zh, sources[s].en) : "?";
}

const char *
msg_mode(enum lang l, int m)
{
	return m >= 0 && m < MODE__MAX ? pick(l, modes[m].zh, modes[m].en) : "?";
}

/* Labels of form fields, by API name (msg_field). */
static const struct {
	const char	*name, *zh, *en;
} fields[] = {
	{ "name",		"小区名称",		"Community name" },
	{ "county",		"所属县区",		"County or district" },
	{ "street",		"所属街道（镇）",	"Street office" },
	{ "committee",		"所属社区居委会",	"Community committee" },
	{ "address",		"地址",			"Address" },
	{ "built_year",		"建成年份",		"Year built" },
	{ "buildings",		"楼栋数",		"Buildings" },
	{ "households",		"户数",			"Households" },
	{ "floor_area_m2",	"建筑面积（平方米）",	"Floor area (m²)" },
	{ "state_land",		"国有土地",		"On state-owned land" },
	{ "urban_area",		"位于城市规划区",	"In the urban planning area" },
	{ "multi_storey",	"多层住宅",		"Multi-storey housing" },
	{ "structure_intact",	"房屋结构安全",		"Structure sound" },
	{ "in_other_plan",	"已列入棚改或拆迁计划",	"In another redevelopment plan" },
	{ "dilapidated",	"含危房",		"Has dilapidated houses" },
	{ "exception_reason",	"县区放宽条件的理由",	"County's reason to relax the rules" },
	{ "consent_households",	"同意改造户数",		"Households agreeing" },
	{ "notice_posted_on",	"方案公示日期",		"Plan posted for public notice on" },
	{ "batch",		"实施批次",		"Batch" },
	{ "contractor",		"施工单位",		"Contractor" },
	{ "supervisor",		"监理单位",		"Supervising engineer" },
	{ "tender_awarded_on",	"中标日期",		"Tender awarded on" },
	{ "site_manager",	"现场负责人",		"Site manager" },
	{ "owners_meeting_on",	"业主大会召开日期",	"Owners' meeting held on" },
	{ "mode",		"管理方式",		"Management" },
	{ "company",		"物业服务企业",		"Property management company" },
	{ "contract_start",	"合同开始日期",		"Contract starts" },
	{ "contract_end",	"合同结束日期",		"Contract ends" },
	{ "managed_area_m2",	"物业管理面积（平方米）", "Managed area (m²)" },
	{ "fee_yuan_per_m2_month", "物业费（元/平方米·月）", "Fee (yuan per m² a month)" },
	{ "managing_committee",	"业主委员会或管理小组",	"Owners' committee" },
	{ "kind",		"改造项目",		"Item" },
	{ "condition",		"现状",			"Condition" },
	{ "selected",		"纳入改造",		"Selected" },
	{ "estimate_yuan",	"估算金额（元）",	"Estimate (yuan)" },
	{ "source",		"资金来源",		"Source" },
	{ "planned_yuan",	"计划金额（元）",	"Planned (yuan)" },
	{ "received_yuan",	"到位金额（元）",	"Received (yuan)" },
	{ "note",		"备注",			"Note" },
	{ "comment",		"意见或说明",		"Comment" },
	{ "decision",		"审批决定",		"Decision" },
	{ "action",		"办理事项",		"Step" },
	{ "expected_version",	"版本",			"Version" },
	{ "sub",		"用户名",		"User name" },
	{ "password",		"密码",			"Password" },
};

const char *
msg_field(enum lang l, const char *name)
{
	size_t	 i;

	if (name == NULL)
		return "?";
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i].name, name) == 0)
			return pick(l, fields[i].zh, fields[i].en);
	return name;
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
