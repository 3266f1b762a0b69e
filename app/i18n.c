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
	[MSG_ERR_409_STATE_TITLE] = { "暂不能办理", "This cannot be done now" },
	[MSG_ERR_409_ROUND] =	{ "该小区有事项正在会签，会签结束前不能办理此事项，"
				  "也不能修改其数据。",
				  "A submission for this community is waiting for "
				  "countersignatures. Until it is decided, this step "
				  "cannot be taken and the data cannot be changed." },
	[MSG_ERR_409_STAGE] =	{ "该小区当前所处阶段不能办理此事项。",
				  "This step is not possible at the community's "
				  "current stage." },
	[MSG_ERR_409_ITEM] =	{ "该改造项目当前的状态不允许此操作，可能已由他人办理。",
				  "The item's status does not allow this; someone "
				  "may have dealt with it already." },
	/* ---- tasks and list pages ---- */
	[MSG_TASKS_LEAD] =	{ "以下事项等待本部门或本单位办理，等待最久的排在最前。",
				  "What is waiting for your department or "
				  "organisation, the longest waiting first." },
	[MSG_TASKS_APPROVALS] =	{ "待本部门审核", "Waiting for your department's approval" },
	[MSG_TASKS_SIGNOFFS] =	{ "待本部门验收签认",
				  "Items waiting for your department's sign-off" },
	[MSG_TASKS_ACTIONS] =	{ "待本单位办理", "Next steps for your organisation" },
	[MSG_TASKS_NONE] =	{ "暂无待办", "Nothing waiting" },
	[MSG_TASKS_REQUEST] =	{ "申请事项", "Request" },
	[MSG_TASKS_SUBMITTED] =	{ "提交时间", "Submitted" },
	[MSG_TASKS_STAGE] =	{ "当前阶段", "Stage" },
	[MSG_TASKS_NEXT] =	{ "下一步", "Next step" },
	[MSG_TASKS_ITEM] =	{ "改造项目", "Item" },
	[MSG_TASKS_COMPLETED] =	{ "完工时间", "Works completed" },
	[MSG_TASKS_STAGE_SINCE] = { "进入本阶段", "In this stage since" },
	[MSG_TASKS_WAITED] =	{ "已等待", "Waiting" },
	[MSG_TASKS_TO_SIGNOFFS] = { "前往验收签认", "Go to item sign-off" },
	[MSG_TASKS_TRUNCATED] =	{ "此处只列出等待最久的 500 项。",
				  "Only the 500 that have waited longest are listed." },
	[MSG_LIST_FILTERS] =	{ "查询条件", "Filter communities" },
	[MSG_LIST_COUNTY] =	{ "县区", "County or district" },
	[MSG_LIST_ALL] =	{ "全部", "All" },
	[MSG_LIST_YOUR_AREA] =	{ "本单位辖区", "Your organisation's area" },
	[MSG_LIST_STAGE] =	{ "所处阶段", "Stage" },
	[MSG_LIST_BATCH] =	{ "实施批次", "Batch" },
	[MSG_LIST_BATCH_HINT] =	{ "与登记的批次完全一致，如 2017、2016-pilot，最多 40 个字",
				  "Exactly as recorded, for example 2017 or "
				  "2016-pilot; up to 40 characters" },
	[MSG_LIST_SEARCH] =	{ "小区名称或编号", "Community name or code" },
	[MSG_LIST_SEARCH_HINT] = { "名称可只填其中几个字；编号须填完整",
				  "Part of the name is enough; a code must be complete" },
	[MSG_LIST_SORT] =	{ "排序方式", "Sort by" },
	[MSG_LIST_SORT_ID] =	{ "按申报先后", "Order of declaration" },
	[MSG_LIST_SORT_PRIORITY] = { "按改造优先顺序", "Renovation priority" },
	[MSG_LIST_SORT_HINT] =	{ "改造优先顺序：有危房的在前，再按居民同意比例从高到低",
				  "Renovation priority: dilapidated houses first, "
				  "then the highest share of households agreeing" },
	[MSG_LIST_APPLY] =	{ "查询", "Show communities" },
	[MSG_LIST_CLEAR] =	{ "清除查询条件", "Clear filters" },
	[MSG_LIST_RESULTS] =	{ "查询结果", "Communities found" },
	[MSG_LIST_CODE] =	{ "编号", "Code" },
	[MSG_LIST_NAME] =	{ "小区名称", "Name" },
	[MSG_LIST_STREET] =	{ "街道", "Street" },
	[MSG_LIST_HOUSEHOLDS] =	{ "户数", "Households" },
	[MSG_LIST_DILAPIDATED] = { "有无危房", "Dilapidated houses" },
	[MSG_LIST_CONSENT] =	{ "居民同意比例", "Households agreeing" },
	[MSG_LIST_STAGE_SINCE] = { "进入本阶段日期", "In this stage since" },
	[MSG_LIST_NONE] =	{ "没有符合查询条件的小区。",
				  "No communities match these filters." },
	[MSG_LIST_NEXT] =	{ "下一页", "Next page" },
	[MSG_LIST_FIRST] =	{ "回到第一页", "First page" },
	[MSG_LIST_PAGES] =	{ "翻页", "Pages" },
	/* ---- community page ---- */
	[MSG_C_CODE] =	{ "编号", "Reference" },
	[MSG_C_DECLARED_BY] =	{ "申报单位", "Declared by" },
	[MSG_C_DECLARED_AT] =	{ "申报时间", "Declared on" },
	[MSG_C_PROGRESS] =	{ "改造进度", "Progress" },
	[MSG_C_STAGE_DONE] =	{ "（已完成）", "(done)" },
	[MSG_C_STAGE_CURRENT] =	{ "（当前阶段）", "(current stage)" },
	[MSG_C_DETAILS] =	{ "基本情况", "Details" },
	[MSG_C_GROUP_DECLARED] =	{ "申报信息", "Declaration" },
	[MSG_C_GROUP_SURVEYED] =	{ "改造方案", "Plan" },
	[MSG_C_GROUP_PILOTED] =	{ "施工招标", "Tender" },
	[MSG_C_GROUP_ACCEPTED] =	{ "物业移交", "Hand-over" },
	[MSG_C_ITEMS] =	{ "改造项目", "Renovation items" },
	[MSG_C_NO_ITEMS] =	{ "尚未录入改造项目。",
				  "No items have been recorded yet." },
	[MSG_C_DEPT] =	{ "责任部门", "Responsible department" },
	[MSG_C_STATUS] =	{ "状态", "Status" },
	[MSG_C_SIGNOFF] =	{ "验收签认", "Sign-off" },
	[MSG_C_ST_NOT_SELECTED] =	{ "未纳入改造", "Not selected" },
	[MSG_C_ST_PLANNED] =	{ "待实施", "Planned" },
	[MSG_C_ST_DONE] =	{ "已完工，待验收", "Done, awaiting sign-off" },
	[MSG_C_ST_SIGNED] =	{ "已验收", "Signed off" },
	[MSG_C_ST_REFUSED] =	{ "验收未通过，返工",
				  "Sign-off refused, to be redone" },
	[MSG_C_SELECTED_TOTAL] =	{ "纳入改造项目估算合计",
				  "Estimate of the selected items" },
	[MSG_C_FUNDING] =	{ "改造资金", "Funding" },
	[MSG_C_NO_FUNDING] =	{ "尚未登记资金。",
				  "No funding has been recorded yet." },
	[MSG_C_TOTAL] =	{ "合计", "Total" },
	[MSG_C_FUND_COVERED] =	{ "计划资金已覆盖估算。",
				  "The planned funding covers the estimate." },
	[MSG_C_FUND_GAP] =	{ "计划资金尚缺 {1} 元。",
				  "The planned funding is {1} yuan short." },
	[MSG_C_NEXT] =	{ "下一步：{1}", "Next step: {1}" },
	[MSG_C_ROUND] =	{ "会签中：{1}", "Awaiting countersigning: {1}" },
	[MSG_C_CONDITIONS] =	{ "办理条件", "Conditions" },
	[MSG_C_MET] =	{ "已满足：", "Met:" },
	[MSG_C_MISSING] =	{ "未满足：", "Not met:" },
	[MSG_C_NOT_READY] =	{ "还有 {1} 项条件未满足，满足后即可提交。",
				  "{1} conditions are not met yet. You can submit once they are." },
	[MSG_C_GOES_TO] =	{ "提交后送{1}会签。",
				  "Once submitted, it goes to {1} to countersign." },
	[MSG_C_AT_ONCE] =	{ "提交后立即生效。",
				  "It takes effect as soon as you submit it." },
	[MSG_C_TAKEN_BY] =	{ "此步骤由{1}{2}提交。",
				  "This step is submitted by a {2} of {1}." },
	[MSG_C_ROLE_CLERK] =	{ "经办人", "clerk" },
	[MSG_C_ROLE_APPROVER] =	{ "审核人", "approver" },
	[MSG_C_TO_RECORD] =	{ "需要填报", "To record" },
	[MSG_C_LINK_DECLARATION] =	{ "修改申报信息", "Change the declaration" },
	[MSG_C_LINK_FIELD] =	{ "填写{1}", "Record: {1}" },
	[MSG_C_LINK_EDIT] =	{ "填写本阶段信息", "Record this stage's details" },
	[MSG_C_LINK_TENDER] =	{ "填写施工招标信息", "Record the tender" },
	[MSG_C_LINK_HANDOVER] =	{ "填写物业移交信息", "Record the hand-over" },
	[MSG_C_LINK_SURVEY] =	{ "录入摸底项目", "Record the survey" },
	[MSG_C_LINK_PLAN] =	{ "编制改造方案", "Draw up the plan" },
	[MSG_C_LINK_FUNDING] =	{ "登记到位资金", "Record funding received" },
	[MSG_C_LINK_WORKS] =	{ "登记项目完工（{1} 项未完工）",
				  "Mark items done ({1} not done)" },
	[MSG_C_LINK_SIGNOFF] =	{ "验收签认（{1} 项待验收）",
				  "Sign off items ({1} waiting)" },
	[MSG_C_COMMENT_OPTIONAL] =	{ "说明（选填）", "Comment (optional)" },
	[MSG_C_SUBMITTED_BY] =	{ "提交人", "Submitted by" },
	[MSG_C_SUBMITTED_AT] =	{ "提交时间", "Submitted" },
	[MSG_C_WAITED] =	{ "{1}（已等待 {2}）", "{1} (waiting {2})" },
	[MSG_C_DECISION] =	{ "审核意见", "Decision" },
	[MSG_C_APPROVER] =	{ "审核人", "By" },
	[MSG_C_COUNTERSIGNER] = { "会签部门", "Department" },
	[MSG_C_WHEN] =	{ "时间", "When" },
	[MSG_C_APPROVED] =	{ "同意", "Approved" },
	[MSG_C_REJECTED] =	{ "不同意", "Rejected" },
	[MSG_C_PENDING] =	{ "待审核", "Waiting" },
	[MSG_C_YOUR_DECISION] =	{ "本部门审核意见", "Your department's decision" },
	[MSG_C_DECIDE_HINT] =	{ "不同意时须写明理由，本次提交将退回提交人。",
				  "If you reject it, say why: the submission goes back to its submitter." },
	[MSG_C_APPROVE_BTN] =	{ "同意", "Approve" },
	[MSG_C_REJECT_BTN] =	{ "不同意", "Reject" },
	[MSG_C_REJECT_REASON] =	{ "不同意时须写明理由", "Say why you reject it" },
	[MSG_C_RETURN_H] =	{ "退回上一阶段", "Return to the previous stage" },
	[MSG_C_RETURN_HINT] =	{ "小区将立即退回至“{1}”阶段；正在会签的提交同时撤销。",
				  "The community goes back to \"{1}\" at once; a submission awaiting countersigning is cancelled." },
	[MSG_C_RETURN_BTN] =	{ "退回至“{1}”", "Return to \"{1}\"" },
	[MSG_C_WITHDRAW_H] =	{ "撤回申报", "Withdraw the declaration" },
	[MSG_C_WITHDRAW_HINT] =	{ "撤回须经{1}同意。",
				  "Withdrawing needs the agreement of {1}." },
	[MSG_C_WITHDRAW_BTN] =	{ "提交撤回申请", "Ask to withdraw" },
	[MSG_C_REASON] =	{ "理由", "Reason" },
	[MSG_C_REASON_NEEDED] =	{ "请写明理由", "Give a reason" },
	[MSG_C_FINISHED] =	{ "该小区已完成全部改造流程。",
				  "This community has been through every step." },
	[MSG_C_WITHDRAWN] =	{ "该小区已撤回申报。",
				  "The declaration was withdrawn." },
	[MSG_C_DONE_SUBMITTED] =	{ "已提交，等待会签。",
				  "Submitted. It now waits for countersigning." },
	[MSG_C_DONE_MOVED] =	{ "已办理，小区现处于“{1}”阶段。",
				  "Done: the community is now at \"{1}\"." },
	[MSG_C_DONE_APPROVED] =	{ "已记录本部门意见：同意。",
				  "Your approval has been recorded." },
	[MSG_C_DONE_REJECTED] =	{ "已记录本部门意见：不同意。本次提交已退回提交人。",
				  "Your rejection has been recorded. The submission goes back to its submitter." },
	[MSG_C_LAST_REJECT] =	{ "{2}不同意“{1}”：{3}",
				  "{2} rejected \"{1}\": {3}" },
	[MSG_C_RESUBMIT] =	{ "修改后可重新提交。",
				  "It can be submitted again once put right." },
	[MSG_C_SURVEY_N] =	{ "已摸底 {1} 项，其中 {2} 项未填写现状",
				  "{1} items surveyed, {2} without a condition" },
	[MSG_C_SELECTED_N] =	{ "纳入改造 {1} 项，其中 {2} 项未填写估算金额",
				  "{1} items selected, {2} without an estimate" },
	[MSG_C_FUNDING_N] =	{ "计划资金 {1} 元，估算 {2} 元",
				  "Planned funding {1} yuan, estimate {2} yuan" },
	[MSG_C_NOTICE_NONE] =	{ "尚未填写方案公示日期",
				  "The date the plan was posted is not recorded" },
	[MSG_C_NOTICE_N] =	{ "已公示 {1} 天，需满 {2} 天",
				  "Posted for {1} days; {2} days needed" },
	[MSG_C_CONSENT_N] =	{ "居民同意 {1}/{2} 户，需 ≥ {3}",
				  "{1} of {2} households agree; at least {3} needed" },
	[MSG_C_DONE_N] =	{ "已完工 {1}/{2} 项", "{1} of {2} items done" },
	[MSG_C_SIGNED_N] =	{ "已验收 {1}/{2} 项",
				  "{1} of {2} items signed off" },
	[MSG_C_NOT_FILLED] =	{ "未填写：{1}", "Not recorded: {1}" },
	[MSG_C_MEETING_ON] =	{ "业主大会于 {1} 召开",
				  "Owners' meeting held on {1}" },
	[MSG_C_MODE_NONE] =	{ "尚未选择管理方式",
				  "No way of management chosen yet" },
	[MSG_C_EXCEPTION] =	{ "县区政府已同意放宽条件",
				  "The county has relaxed the rules for this community" },
	[MSG_C_HISTORY] =	{ "办理记录", "History" },
	[MSG_C_HISTORY_MORE] =	{ "显示最近 {1} 条，共 {2} 条。",
				  "Showing the latest {1} of {2}." },
	[MSG_C_HISTORY_ALL] =	{ "显示全部办理记录", "Show the whole history" },
	[MSG_C_EV_SUBMIT] =	{ "提交“{1}”，送{2}会签",
				  "Submitted \"{1}\" to {2} to countersign" },
	[MSG_C_EV_APPROVE] =	{ "同意“{1}”", "Approved \"{1}\"" },
	[MSG_C_EV_REJECT] =	{ "不同意“{1}”", "Rejected \"{1}\"" },
	[MSG_C_EV_CANCEL] =	{ "撤销会签中的提交",
				  "Cancelled the submission awaiting countersigning" },
	[MSG_C_EV_EDIT] =	{ "修改：{1}", "Changed: {1}" },
	[MSG_C_EV_STAGE] =	{ "{1}：{2} → {3}", "{1}: from {2} to {3}" },
	[MSG_C_EV_ITEM_ADD] =	{ "新增改造项目：{1}", "Item added: {1}" },
	[MSG_C_EV_ITEM_EDIT] =	{ "修改改造项目：{1}", "Item changed: {1}" },
	[MSG_C_EV_ITEM_DONE] =	{ "项目完工：{1}", "Item done: {1}" },
	[MSG_C_EV_ITEM_SIGNOFF] =	{ "项目验收通过：{1}",
				  "Item signed off: {1}" },
	[MSG_C_EV_ITEM_REJECT] =	{ "项目验收未通过：{1}",
				  "Item sign-off refused: {1}" },
	[MSG_C_EV_FUNDING] =	{ "登记资金：{1} {2} 元",
				  "Funding recorded: {1}, {2} yuan" },
	/* ---- money: who pays ---- */
	[MSG_M_SHARES] =	{ "资金分担",
				  "Who pays" },
	[MSG_M_LEAD] =	{ "按实施方案计算：供水、排水、供气、供热和通信设施由专营单位承担其自有部分；"
			  "分户计量装置或入户端口以外的供电设施，供电企业承担三分之一；"
			  "业主专有部分由业主承担；其余由公共资金承担。",
				  "Worked out by the plan's rules: the water, gas, heating and telecom "
				  "utilities pay for their own facilities; the power company pays one third "
				  "of the work beyond the household meter or entry point; the owners pay for "
				  "the parts that are theirs alone; the rest falls to public funds." },
	[MSG_M_PARTY] =	{ "承担方",
				  "Paid by" },
	[MSG_M_SHARE] =	{ "应承担（元）",
				  "Share (yuan)" },
	[MSG_M_PLANNED] =	{ "已列入资金计划（元）",
				  "Funding planned (yuan)" },
	[MSG_M_GAP] =	{ "尚缺（元）",
				  "Still to find (yuan)" },
	[MSG_M_UTILITIES] =	{ "专营单位合计",
				  "Utilities together" },
	[MSG_M_OWNERS] =	{ "业主",
				  "Owners" },
	[MSG_M_PUBLIC] =	{ "公共资金",
				  "Public funds" },
	[MSG_M_PUBLIC_SOURCES] =	{ "公共资金包括省级奖补、市级奖补、县区财政、住宅专项维修资金、原产权单位分担和其他资金。",
				  "Public funds are the province's and the city's awards, the county budget, "
				  "the housing maintenance fund, the original owning unit's share and other money." },
	[MSG_M_PUBLIC_GAP] =	{ "公共资金尚缺 {1} 元。",
				  "Public funds are {1} yuan short." },
	[MSG_M_PUBLIC_COVERED] =	{ "公共资金已足额列入计划。",
				  "The public funds planned cover the public share." },
	[MSG_M_PLAN_SPLIT] =	{ "管网项目可分列：专营单位自有部分由专营单位承担；"
			  "分户计量装置或入户端口以外的供电部分，供电企业承担三分之一；"
			  "业主专有部分由业主承担；不填的部分由公共资金承担。",
				  "Network items can be split: the utility pays for its own side; "
				  "the power company pays one third of the work beyond the meter; "
				  "the owners pay for the parts that are theirs alone; whatever is "
				  "not split off falls to public funds." },
	[MSG_M_PUBLIC_OVER] =	{ "列入计划的公共资金超出公共部分 {1} 元。",
				  "The public funds planned exceed the public share by {1} yuan." },
	/* ---- data forms ---- */
	/* web_forms.c */
	[MSG_F_BACK] =		{ "返回小区详情", "Back to the community" },
	[MSG_F_DECLARE_TITLE] =	{ "申报老旧小区", "Declare a community for renovation" },
	[MSG_F_DECLARE_LEAD] =	{ "请如实填写小区的基本情况，各项均为必填。",
				  "Tell us about the community. Every question must "
				  "be answered." },
	[MSG_F_BASIC] =		{ "基本情况", "About the community" },
	[MSG_F_ELIGIBILITY] =	{ "改造条件", "Eligibility" },
	[MSG_F_ELIGIBILITY_HINT] = { "以下情况用于审核小区是否符合改造条件，"
				  "请据实选择。",
				  "These answers decide whether the community can "
				  "be renovated. Answer them as things are." },
	[MSG_F_DECLARE_SUBMIT] = { "提交申报", "Declare the community" },
	[MSG_F_EDIT_DECLARED] =	{ "基本信息", "Community details" },
	[MSG_F_EDIT_SURVEYED] =	{ "方案信息", "Plan details" },
	[MSG_F_EDIT_PILOTED] =	{ "招投标信息", "Tender details" },
	[MSG_F_EDIT_ACCEPTED] =	{ "物业移交信息", "Hand-over details" },
	[MSG_F_EDIT_OTHER] =	{ "小区信息", "Community data" },
	[MSG_F_SAVE] =		{ "保存", "Save changes" },
	[MSG_F_FROZEN_TITLE] =	{ "已提交会签，暂不能修改",
				  "Submitted for countersigning" },
	[MSG_F_FROZEN] =	{ "该小区已提交会签，会签期间数据不能修改。"
				  "会签结束或被退回后，方可修改。",
				  "This community has been submitted for "
				  "countersigning, so its data cannot be changed "
				  "until the round ends." },
	[MSG_F_HINT_DATE] =	{ "格式：2026-11-26", "For example, 2026-11-26" },
	[MSG_F_HINT_MONEY] =	{ "金额单位：元，最多两位小数",
				  "In yuan, up to 2 decimal places" },
	[MSG_F_HINT_DECIMAL] =	{ "最多两位小数", "Up to 2 decimal places" },
	[MSG_F_HINT_INT] =	{ "填写整数", "A whole number" },
	[MSG_F_HINT_YEAR] =	{ "四位数年份，如 1988", "4 digits, for example 1988" },
	[MSG_F_HINT_BATCH] =	{ "如 2016-pilot、2017", "For example 2016-pilot or 2017" },
	[MSG_F_HINT_CONSENT] =	{ "入户征求意见时同意改造的户数",
				  "Households that agreed when asked" },
	[MSG_F_HINT_EXCEPTION] = { "仅在小区不完全符合改造条件、县区政府同意"
				  "放宽时填写",
				  "Only when the community does not meet every rule "
				  "and the county agrees to relax them" },
	[MSG_F_HINT_PROFESSIONAL] = { "专业化物业管理时填写",
				  "For professional management" },
	[MSG_F_HINT_COMMUNITY] = { "社区托底管理时填写",
				  "For community-backed management" },
	[MSG_F_CHOOSE] =	{ "请选择", "Choose" },
	[MSG_F_SURVEY_TITLE] =	{ "摸底调查", "Survey" },
	[MSG_F_SURVEY_LEAD] =	{ "逐项选择小区现有设施的现状。"
				  "选择“未摸底”的项目不作记录。",
				  "Choose the present condition of each item. "
				  "Items left as \"Not surveyed\" are not recorded." },
	[MSG_F_NOT_SURVEYED] =	{ "未摸底", "Not surveyed" },
	[MSG_F_DEPT] =		{ "责任部门", "Responsible department" },
	[MSG_F_SURVEY_SAVE] =	{ "保存摸底结果", "Save the survey" },
	[MSG_F_PLAN_TITLE] =	{ "改造方案", "Renovation plan" },
	[MSG_F_PLAN_ITEMS] =	{ "改造项目及估算", "Items and estimates" },
	[MSG_F_PLAN_LEAD] =	{ "选择纳入改造的项目，并填写每项的估算金额。",
				  "Choose the items to renovate and give each "
				  "an estimate." },
	[MSG_F_PLAN_NONE] =	{ "尚未摸底任何项目，请先完成摸底。",
				  "No items have been surveyed yet." },
	[MSG_F_PLAN_NOTICE] =	{ "方案公示与居民意愿",
				  "Public notice and residents' agreement" },
	[MSG_F_TOTAL_ESTIMATE] = { "已选项目估算合计（元）",
				  "Total estimate of the selected items (yuan)" },
	[MSG_F_PLAN_SAVE] =	{ "保存改造方案", "Save the plan" },
	[MSG_F_FUNDING] =	{ "资金筹措", "Funding" },
	[MSG_F_FUNDING_NONE] =	{ "尚未录入资金。", "No funding has been recorded." },
	[MSG_F_FUNDING_ADD] =	{ "新增资金", "Add funding" },
	[MSG_F_FUNDING_SAVE] =	{ "添加资金", "Add the funding" },
	[MSG_F_TOTAL] =		{ "合计", "Total" },
	[MSG_F_GAP] =		{ "资金缺口（元）", "Shortfall (yuan)" },
	[MSG_F_COVERED] =	{ "计划资金已覆盖估算。",
				  "The planned funding covers the estimate." },
	[MSG_F_WORKS_TITLE] =	{ "施工与完工", "Works" },
	[MSG_F_WORKS_LEAD] =	{ "勾选已完工的项目后提交，可一次勾选多项。",
				  "Tick the items that are finished. You can tick "
				  "several at once." },
	[MSG_F_WORKS_NONE] =	{ "没有纳入改造的项目。",
				  "No items are selected for renovation." },
	[MSG_F_STATUS] =	{ "状态", "Status" },
	[MSG_F_ST_PLANNED] =	{ "待施工", "Not done" },
	[MSG_F_ST_DONE] =	{ "已完工，待验收", "Done, awaiting sign-off" },
	[MSG_F_ST_SIGNED] =	{ "已验收", "Signed off" },
	[MSG_F_ST_REJECTED] =	{ "验收未通过", "Sign-off refused" },
	[MSG_F_MARK] =		{ "已完工", "Done" },
	[MSG_F_MARK_DONE] =	{ "标记为已完工", "Mark as done" },
	[MSG_F_HINT_DONE_COMMENT] = { "选填，记入每个勾选项目的办理记录",
				  "Optional. Recorded with each item you tick." },
	[MSG_F_NONE_TICKED] =	{ "请至少勾选一个项目", "Tick at least one item" },
	[MSG_F_TENDER_EDIT] =	{ "填写或修改招投标信息",
				  "Enter or change the tender details" },
	[MSG_F_CONTRACT_ORDER] = { "合同结束日期应晚于开始日期",
				  "The contract must end after it starts" },
	[MSG_F_CONSENT_MAX] =	{ "同意户数不能多于小区总户数",
				  "Cannot be more than the community's households" },
	[MSG_F_ERROR] =		{ "错误", "Error" },
	[MSG_F_NOT_NOW] =	{ "该小区当前所处阶段不能办理此事项。",
				  "This cannot be done at the community's "
				  "current stage." },
	[MSG_F_CURRENT_STAGE] =	{ "当前阶段", "Current stage" },
	[MSG_F_ITEMS] =		{ "改造项目", "Renovation items" },
	/* web_signoff.c */
	[MSG_S_LEAD] =	{ "以下改造项目已完工，等待本部门验收。勾选项目，选择验收结论后签认。",
				  "These finished items are waiting for your department to check the work. Choose the items, give your decision and sign them off." },
	[MSG_S_KINDS] =	{ "本部门负责验收：",
				  "Your department signs off:" },
	[MSG_S_NO_KINDS] =	{ "本部门不负责验收改造项目。",
				  "Your department does not sign off renovation items." },
	[MSG_S_NONE] =	{ "目前没有等待本部门验收的项目。",
				  "No finished items are waiting for your department." },
	[MSG_S_READONLY] =	{ "只有本部门的审批人可以签认验收。您可以查看清单，但不能签认。",
				  "Only your department's approvers can sign items off. You can see the list but cannot sign." },
	[MSG_S_CAPTION] =	{ "待验收项目（按小区）",
				  "Items waiting for sign-off, by community" },
	[MSG_S_COL_CHOOSE] =	{ "选择",
				  "Choose" },
	[MSG_S_COL_WAITED] =	{ "已等待",
				  "Waiting" },
	[MSG_S_DECISION] =	{ "验收结论",
				  "Decision" },
	[MSG_S_APPROVE] =	{ "验收合格",
				  "The work is acceptable: sign it off" },
	[MSG_S_REJECT] =	{ "不合格，退回整改",
				  "The work is not acceptable: send it back" },
	[MSG_S_COMMENT] =	{ "验收意见",
				  "Comments" },
	[MSG_S_COMMENT_HINT] =	{ "不合格退回时必须写明理由，施工单位据此整改。",
				  "If you send the work back, say why: the contractor works from this." },
	[MSG_S_COMMENT_NEEDED] =	{ "不合格退回时，请写明理由",
				  "Say why the work is sent back" },
	[MSG_S_DECISION_NEEDED] =	{ "请选择验收结论",
				  "Choose a decision" },
	[MSG_S_CHOOSE] =	{ "请至少选择一个项目",
				  "Choose at least one item" },
	[MSG_S_SUBMIT] =	{ "签认所选项目",
				  "Sign off the chosen items" },
	[MSG_S_SIGNED] =	{ "已签认验收合格的项目：",
				  "Items signed off:" },
	[MSG_S_RETURNED] =	{ "已退回整改的项目：",
				  "Items sent back for rework:" },
	[MSG_S_ERROR_PREFIX] =	{ "错误：", "Error:" },
	/* ---- workflow diagram ---- */
	[MSG_WF_H1] =	{ "旧改工作流程",
				  "The renovation workflow" },
	[MSG_WF_LEAD] =	{ "下图和下表由系统实际执行的流程规则生成：每一步由谁发起、需要哪些部门会签、须满足哪些条件。",
				  "The diagram and the table are drawn from the rules the system enforces: who starts each step, which departments countersign it and what must be true first." },
	[MSG_WF_SVG_LABEL] =	{ "流程图：各阶段及其间的办理事项，内容与下表相同",
				  "Workflow diagram: the stages and the steps between them, as listed in the table below" },
	[MSG_WF_START] =	{ "开始",
				  "Start" },
	[MSG_WF_BY] =	{ "发起：",
				  "Started by:" },
	[MSG_WF_CSIGN] =	{ "会签：",
				  "Countersigned by:" },
	[MSG_WF_WHEN_PERMIT] =	{ "（需许可时）",
				  "(when a permit is needed)" },
	[MSG_WF_DECLARER_ONLY] =	{ "（限原申报单位）",
				  "(the declaring organisation only)" },
	[MSG_WF_NO_CSIGN] =	{ "无需会签，即时生效",
				  "None: takes effect at once" },
	[MSG_WF_NEW] =	{ "（新建记录）",
				  "(a new record)" },
	[MSG_WF_NONE] =	{ "无",
				  "None" },
	[MSG_WF_ROLE_CLERK] =	{ "由经办人提交",
				  "A clerk submits it" },
	[MSG_WF_ROLE_APPROVER] =	{ "由审批人提交",
				  "An approver submits it" },
	[MSG_WF_LEGEND_BACK] =	{ "虚线箭头表示退回上一阶段；粗线框表示流程的终点。",
				  "Dashed arrows go back a stage; a box with a thick border is where the workflow ends." },
	[MSG_WF_CAPTION] =	{ "流程规则一览",
				  "Every step of the workflow" },
	[MSG_WF_COL_ACTION] =	{ "办理事项",
				  "Step" },
	[MSG_WF_COL_FROM] =	{ "当前阶段",
				  "From" },
	[MSG_WF_COL_TO] =	{ "办理后阶段",
				  "To" },
	[MSG_WF_COL_BY] =	{ "发起部门",
				  "Started by" },
	[MSG_WF_COL_CSIGN] =	{ "会签部门",
				  "Countersigned by" },
	[MSG_WF_COL_GUARDS] =	{ "前提条件",
				  "Conditions" },
	/* ---- exports and hand-over ---- */
	[MSG_X_SHEET_LEDGER] =	{ "台账", "Ledger" },
	[MSG_X_FILE_LEDGER] =	{ "旧改台账", "jiugai-ledger" },
	[MSG_X_DATE_DECLARED] =	{ "申报日期", "Declared on" },
	[MSG_X_DATE_SURVEYED] =	{ "摸底日期", "Surveyed on" },
	[MSG_X_DATE_PILOTED] =	{ "纳入实施日期", "Works launched on" },
	[MSG_X_DATE_RENOVATED] = { "完工日期", "Completed on" },
	[MSG_X_DATE_ACCEPTED] =	{ "验收日期", "Accepted on" },
	[MSG_X_DATE_MANAGED] =	{ "移交物业日期", "Handed over on" },
	[MSG_X_DATE_WITHDRAWN] = { "撤回日期", "Withdrawn on" },
	[MSG_X_ITEMS_SELECTED] = { "改造项目数", "Items selected" },
	[MSG_X_ESTIMATE] =	{ "估算总额（元）", "Estimate (yuan)" },
	[MSG_X_PLANNED] =	{ "计划资金（元）", "Funding planned (yuan)" },
	[MSG_X_RECEIVED] =	{ "到位资金（元）", "Funding received (yuan)" },
	[MSG_X_EXPORT] =	{ "导出台账", "Export the ledger" },
	[MSG_X_EXPORT_HINT] =	{ "导出符合当前查询条件的全部小区（每个小区一行，含各阶段日期和资金），最多 100000 行。",
				  "Every community that matches these filters, one row each "
				  "with its stage dates and funding; up to 100,000 rows." },
	[MSG_X_CSV] =		{ "下载 CSV 文件", "Download as CSV" },
	[MSG_X_XLSX] =		{ "下载 Excel 文件", "Download as Excel" },
	[MSG_X_TOO_MANY_TITLE] = { "导出的小区太多", "Too many communities to export" },
	[MSG_X_TOO_MANY_BODY] =	{ "一个文件最多导出 100000 个小区。请按县区、所处阶段或实施批次缩小查询范围后再导出。",
				  "A file holds at most 100,000 communities. Narrow the "
				  "filters by county, stage or batch and export again." },
	[MSG_X_BACK] =		{ "返回查询页面", "Back to the filters" },
	[MSG_HANDOVER] =	{ "物业移交台账", "Property management hand-over" },
	[MSG_HANDOVER_NAV] =	{ "物业移交", "Hand-over" },
	[MSG_HO_LEAD] =		{ "已验收、等待移交物业管理的小区，已移交小区的管理方式和服务合同，以及各县区物业管理覆盖情况。",
				  "Communities accepted and waiting to be handed over to "
				  "property management, how the handed-over ones are "
				  "managed and under which contracts, and each county's coverage." },
	[MSG_HO_COVERAGE] =	{ "各县区物业管理覆盖率", "Property management coverage by county" },
	[MSG_HO_COVERAGE_HINT] = { "覆盖率 = 已移交小区数 ÷（已验收待移交小区数 + 已移交小区数）",
				  "Coverage = handed over / (waiting + handed over)" },
	[MSG_HO_SHEET_COVERAGE] = { "覆盖率", "Coverage" },
	[MSG_HO_WAITING_N] =	{ "已验收待移交", "Accepted, waiting" },
	[MSG_HO_MANAGED_N] =	{ "已移交", "Handed over" },
	[MSG_HO_PROFESSIONAL_N] = { "其中专业化物业", "of which professional" },
	[MSG_HO_COMMUNITY_N] =	{ "其中社区托底", "of which community-backed" },
	[MSG_HO_ELIGIBLE_N] =	{ "符合物业补贴条件", "Eligible for the subsidy" },
	[MSG_HO_FOLLOW_N] =	{ "需跟进", "To follow up" },
	[MSG_HO_COVERAGE_COL] =	{ "覆盖率", "Coverage" },
	[MSG_HO_TOTAL] =	{ "合计", "Total" },
	[MSG_HO_LIST] =		{ "列出", "Show" },
	[MSG_HO_LIST_ALL] =	{ "已验收和已移交的全部小区", "All accepted and handed-over communities" },
	[MSG_HO_LIST_WAITING] =	{ "已验收待移交", "Accepted, waiting for hand-over" },
	[MSG_HO_LIST_MANAGED] =	{ "已移交物业管理", "Handed over" },
	[MSG_HO_LIST_FOLLOW] =	{ "需跟进", "To follow up" },
	[MSG_HO_LIST_HINT] =	{ "需跟进：服务合同已到期或 90 天内到期，或由社区托底管理",
				  "To follow up: the contract has ended or ends within 90 "
				  "days, or the community backs the management itself" },
	[MSG_HO_DAYS_WAITING] =	{ "验收后已等待（天）", "Days since acceptance" },
	[MSG_HO_DAYS_LEFT] =	{ "合同剩余（天）", "Days left on the contract" },
	[MSG_HO_ELIGIBLE] =	{ "物业补贴资格", "Subsidy eligible" },
	[MSG_HO_ELIGIBLE_HINT] = { "物业补贴资格：专业化物业管理，且服务合同期限满 3 年",
				  "Subsidy eligible: professional management under a "
				  "contract of 3 years or more" },
	[MSG_HO_FOLLOW] =	{ "跟进事项", "Follow up" },
	[MSG_HO_FLAG_EXPIRED] =	{ "合同已到期", "Contract has ended" },
	[MSG_HO_FLAG_ENDING] =	{ "合同 90 天内到期", "Contract ends within 90 days" },
	[MSG_HO_FLAG_BACKED] =	{ "社区托底", "Community-backed" },
	[MSG_HO_NONE] =		{ "没有符合条件的小区。", "No communities match." },
	[MSG_HO_RESULTS] =	{ "小区", "Communities" },
	[MSG_HO_MANAGER] =	{ "物业服务企业或管理小组", "Company or managing committee" },
	/* ---- public notice (web_public.c) ---- */
	[MSG_PUB_KICKER] =	{ "老旧小区改造公示",
				  "Public notice: renovation of an older residential community" },
	[MSG_PUB_LEAD] =	{ "现将本小区改造的内容、预算、资金来源和进度予以公示，请居民查阅、监督。",
				  "This notice sets out what is to be renovated in this community, the budget, where the money comes from and how far the work has got, for residents to read and check." },
	[MSG_PUB_ABOUT] =	{ "小区概况",
				  "The community" },
	[MSG_PUB_STAGE] =	{ "当前阶段",
				  "Current stage" },
	[MSG_PUB_ITEMS] =	{ "改造内容和预算",
				  "What is to be renovated, and the budget" },
	[MSG_PUB_NO_PLAN] =	{ "改造方案尚未确定。",
				  "The renovation plan has not been decided yet." },
	[MSG_PUB_COL_DEPT] =	{ "责任部门",
				  "Responsible department" },
	[MSG_PUB_COL_BUDGET] =	{ "预算（元）",
				  "Budget (yuan)" },
	[MSG_PUB_COL_PROGRESS] =	{ "进度",
				  "Progress" },
	[MSG_PUB_ST_PLANNED] =	{ "待施工",
				  "Not yet done" },
	[MSG_PUB_ST_DONE] =	{ "已完工",
				  "Done" },
	[MSG_PUB_ST_SIGNED] =	{ "已验收",
				  "Checked and accepted" },
	[MSG_PUB_TOTAL] =	{ "合计",
				  "Total" },
	[MSG_PUB_FUNDING] =	{ "资金来源",
				  "Where the money comes from" },
	[MSG_PUB_NO_FUNDING] =	{ "资金来源尚未落实。",
				  "No funding has been arranged yet." },
	[MSG_PUB_COL_PLANNED] =	{ "计划金额（元）",
				  "Planned (yuan)" },
	[MSG_PUB_COL_RECEIVED] =	{ "已到位（元）",
				  "Received (yuan)" },
	[MSG_PUB_CONTACT] =	{ "咨询和意见",
				  "Questions and comments" },
	[MSG_PUB_CONTACT_LEAD] =	{ "对改造方案有疑问或意见，请与以下单位联系。",
				  "If you have a question about the plan or want to comment on it, contact this office." },
	[MSG_PUB_OFFICE] =	{ "责任单位",
				  "Office" },
	[MSG_PUB_PHONE] =	{ "联系电话",
				  "Telephone" },
	[MSG_PUB_OFFICE_ADDRESS] =	{ "办公地址",
				  "Address" },
	[MSG_PUB_NO_OFFICE] =	{ "请向小区所在街道办事处或县区住房城乡建设部门咨询。",
				  "Ask the street office or the county's housing and construction department." },
	[MSG_PUB_PRINT_LINK] =	{ "打印公示（A4 纸）",
				  "Print this notice (A4)" },
	[MSG_PUB_PRINT_HINT] =	{ "请用浏览器的打印功能打印本页（A4 纸，一页），张贴在小区公示栏。",
				  "Print this page with your browser (one A4 sheet) and put it up on the community's notice board." },
	[MSG_PUB_BACK] =	{ "返回公示页面",
				  "Back to the notice" },
	[MSG_PUB_QR_LABEL] =	{ "二维码：本公示的网址",
				  "QR code: the web address of this notice" },
	[MSG_PUB_QR_CAPTION] =	{ "扫码查看最新公示",
				  "Scan to read the latest version" },
	[MSG_PUB_PRINTED] =	{ "本公示打印于 {1}，以网上最新内容为准。",
				  "Printed on {1}. The web page always has the latest." },
	[MSG_PUB_LINK] =	{ "公示页面",
				  "Public notice page" },
	/* ---- charts (chart.c) ---- */
	[MSG_CHART_NO_DATA] =	{ "暂无数据", "No data" },
	[MSG_CHART_TOTAL] =	{ "合计", "Total" },
	[MSG_CHART_UNIT] =	{ "单位", "Unit" },
	[MSG_CHART_KEY] =	{ "图例", "Key" },
	/* ---- assessment (web_assessment.c) ---- */
	[MSG_ASSESSMENT] =	{ "县区考核评估",
				  "County assessment" },
	[MSG_AS_NAV] =	{ "考核评估",
				  "Assessment" },
	[MSG_AS_LEAD] =	{ "按县区统计老旧小区改造进展、资金到位和长效管理情况，对照年度目标评估。数字均由系统记录自动计算。",
				  "Each county's progress, money in place and long-term management, assessed against its yearly targets. Every figure is computed from the records." },
	[MSG_AS_PERIOD] =	{ "统计期间",
				  "Period" },
	[MSG_AS_FROM] =	{ "起始日期",
				  "From" },
	[MSG_AS_TO] =	{ "截止日期",
				  "To" },
	[MSG_AS_DATE_HINT] =	{ "格式：2026-01-01",
				  "For example, 2026-01-01" },
	[MSG_AS_SHOW] =	{ "查看",
				  "Show the assessment" },
	[MSG_AS_SHOWING] =	{ "统计期间：",
				  "Period:" },
	[MSG_AS_UNTIL] =	{ "至",
				  "to" },
	[MSG_AS_COUNTIES] =	{ "各县区完成情况",
				  "Counties" },
	[MSG_AS_FLAG_HINT] =	{ "完成情况按年度目标折算到所选期间的天数评估：完成 100% 及以上为“达标”，80% 至 100% 为“接近”，不足 80% 为“滞后”。户数、面积、小区数分别评估，取最差一项。",
				  "Yearly targets are prorated to the days of the period: 100% or more is on target, 80% to 99% is close, under 80% is behind. Households, floor area and communities are each assessed; the rating is the worst of them." },
	[MSG_AS_RENOVATED_N] =	{ "改造完成小区",
				  "Communities renovated" },
	[MSG_AS_HOUSEHOLDS] =	{ "改造户数",
				  "Households" },
	[MSG_AS_AREA] =	{ "改造面积（平方米）",
				  "Floor area (sq m)" },
	[MSG_AS_TARGET] =	{ "目标户数",
				  "Households target" },
	[MSG_AS_RATING] =	{ "评估",
				  "Rating" },
	[MSG_AS_GREEN] =	{ "达标",
				  "On target" },
	[MSG_AS_AMBER] =	{ "接近",
				  "Close" },
	[MSG_AS_RED] =	{ "滞后",
				  "Behind" },
	[MSG_AS_NO_TARGET] =	{ "未设目标",
				  "No target" },
	[MSG_AS_ACCEPTED] =	{ "已验收待移交",
				  "Accepted, awaiting hand-over" },
	[MSG_AS_MANAGED] =	{ "已移交物业",
				  "Handed over to management" },
	[MSG_AS_COVERAGE] =	{ "物业覆盖率",
				  "Management coverage" },
	[MSG_AS_LATE] =	{ "逾期未验收",
				  "Past deadline" },
	[MSG_AS_ITEMS] =	{ "改造项目（已选／已销项）",
				  "Items (selected / signed off)" },
	[MSG_AS_PLANNED] =	{ "计划资金（元）",
				  "Funds planned (yuan)" },
	[MSG_AS_RECEIVED] =	{ "到位资金（元）",
				  "Funds received (yuan)" },
	[MSG_AS_IN_PLACE] =	{ "资金到位率",
				  "Funds in place" },
	[MSG_AS_CITY] =	{ "全市",
				  "City" },
	[MSG_AS_DEFINITIONS] =	{ "改造完成指期间内验收、现处于已验收或已移交物业的小区。物业覆盖率为已移交物业小区占已验收和已移交小区之比。逾期指未在计划期限前验收：试点批次为",
				  "Renovated: accepted in the period, and now accepted or handed over. Management coverage: communities handed over to management as a share of those accepted or handed over. Past deadline: not accepted by the plan's deadline," },
	[MSG_AS_DEADLINE_OTHER] =	{ "，其余为",
				  "for pilot batches, and otherwise" },
	[MSG_AS_STAGES] =	{ "各阶段小区数（当前）",
				  "Communities by stage (now)" },
	[MSG_AS_DEPTS] =	{ "各部门会签用时",
				  "Time to decide, by department" },
	[MSG_AS_DEPTS_HINT] =	{ "从提交审核到该部门作出决定所用的时间，统计期间内提交的审核轮次；用时最长的部门排在最前。",
				  "From a round's submission to the department's decision, over the rounds submitted in the period; the slowest department first." },
	[MSG_AS_DEPT] =	{ "部门",
				  "Department" },
	[MSG_AS_DECISIONS] =	{ "决定数",
				  "Decisions" },
	[MSG_AS_MEDIAN] =	{ "中位数（小时）",
				  "Median (hours)" },
	[MSG_AS_P90] =	{ "90% 分位（小时）",
				  "90th percentile (hours)" },
	[MSG_AS_NO_ROUNDS] =	{ "期间内没有提交审核的轮次。",
				  "No round was submitted in the period." },
	[MSG_AS_KINDS] =	{ "改造内容（全部所选小区）",
				  "Items by kind" },
	[MSG_AS_KIND] =	{ "改造内容",
				  "Item" },
	[MSG_AS_SELECTED] =	{ "已选",
				  "Selected" },
	[MSG_AS_SIGNED_OFF] =	{ "已销项",
				  "Signed off" },
	[MSG_AS_FUNDING] =	{ "资金来源汇总",
				  "Funding by source" },
	[MSG_AS_SOURCE] =	{ "资金来源",
				  "Source" },
	[MSG_AS_NO_FUNDING] =	{ "尚无资金记录。",
				  "No funding recorded yet." },
	[MSG_AS_TARGETS] =	{ "年度目标",
				  "Yearly targets" },
	[MSG_AS_TARGETS_HINT] =	{ "由市住房城乡建设局设定；留空表示不设该项目标。",
				  "Set by the housing bureau; leave a box empty for no target." },
	[MSG_AS_YEAR] =	{ "年度",
				  "Year" },
	[MSG_AS_T_HOUSEHOLDS] =	{ "目标户数",
				  "Households" },
	[MSG_AS_T_AREA] =	{ "目标面积（平方米）",
				  "Floor area (sq m)" },
	[MSG_AS_T_COMMUNITIES] =	{ "目标小区数",
				  "Communities" },
	[MSG_AS_SAVE_TARGETS] =	{ "保存年度目标",
				  "Save the targets" },
	[MSG_AS_CH_STAGES] =	{ "各县区小区所处阶段（当前）",
				  "Communities by stage in each county (now)" },
	[MSG_AS_CH_FUNDING] =	{ "资金来源：计划与到位",
				  "Funding by source: planned and received" },
	[MSG_AS_CH_MONTHS] =	{ "每月验收小区数",
				  "Communities accepted per month" },
	[MSG_AS_CH_DEPTS] =	{ "各部门会签用时：中位数与 90% 分位",
				  "Time to decide by department: median and 90th percentile" },
	[MSG_AS_MONTH] =	{ "月份",
				  "Month" },
	[MSG_AS_U_COMMUNITIES] =	{ "个",
				  "communities" },
	[MSG_AS_U_YUAN] =	{ "元",
				  "yuan" },
	[MSG_AS_U_HOURS] =	{ "小时",
				  "hours" },
	[MSG_AS_S_PLANNED] =	{ "计划",
				  "Planned" },
	[MSG_AS_S_RECEIVED] =	{ "到位",
				  "Received" },
	[MSG_AS_S_MEDIAN] =	{ "中位数",
				  "Median" },
	[MSG_AS_S_P90] =	{ "90% 分位",
				  "90th percentile" },
	[MSG_AS_MONTHS_HINT] =	{ "期间内验收、现处于已验收或已移交物业的小区，按验收月份统计；各月合计即全市改造完成小区数。",
				  "Communities accepted in the period and now accepted or handed over, by the month of their acceptance; the months add up to the city's communities renovated." },
	[MSG_AS_SHEET] =	{ "县区考核",
				  "Assessment" },
	[MSG_AS_FILE] =	{ "县区考核评估",
				  "County assessment" },
	[MSG_AS_SIGNED_OFF_COL] =	{ "已销项改造项目",
				  "Items signed off" },
	[MSG_AS_SELECTED_COL] =	{ "已选改造项目",
				  "Items selected" },
	[MSG_AS_SET_BY] =	{ "最后修改人",
				  "Last changed by" },
	[MSG_AS_SET_AT] =	{ "最后修改时间",
				  "Last changed" },
	[MSG_AS_HISTORY] =	{ "目标修改记录",
				  "Changes to the targets" },
	[MSG_AS_HISTORY_HINT] =	{ "本年度最近 20 次修改，最新的在前；“原值 → 新值”，“—”表示未设。",
				  "This year's latest 20 changes, newest first: the old value, an arrow, the new value; a dash means not set." },
	[MSG_AS_CHANGED_AT] =	{ "修改时间",
				  "Changed" },
	[MSG_AS_CHANGED_BY] =	{ "修改人",
				  "Changed by" },
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
	{ "utility_side_yuan",	"专营单位自有部分（元）", "Utility's own side (yuan)" },
	{ "beyond_meter_yuan",	"计量装置以外部分（元）", "Beyond the meter (yuan)" },
	{ "owners_part_yuan",	"业主专有部分（元）",	"Owners' own parts (yuan)" },
	{ "source",		"资金来源",		"Source" },
	{ "planned_yuan",	"计划金额（元）",	"Planned (yuan)" },
	{ "received_yuan",	"到位金额（元）",	"Received (yuan)" },
	{ "note",		"备注",			"Note" },
	{ "comment",		"意见或说明",		"Comment" },
	{ "decision",		"审批决定",		"Decision" },
	{ "action",		"办理事项",		"Step" },
	{ "expected_version",	"版本",			"Version" },
	/* The filters of the communities list (web_list.c). */
	{ "q",			"小区名称或编号",	"Community name or code" },
	{ "sort",		"排序方式",		"Sort by" },
	{ "sub",		"用户名",		"User name" },
	{ "password",		"密码",			"Password" },
	/* The assessment's period and targets (web_assessment.c). */
	{ "from",		"起始日期",		"From" },
	{ "to",			"截止日期",		"To" },
	{ "year",		"年度",			"Year" },
	{ "households_target",	"目标户数",		"Households target" },
	{ "area_target_m2",	"目标面积（平方米）",	"Floor area target (m²)" },
	{ "communities_target",	"目标小区数",		"Communities target" },
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
