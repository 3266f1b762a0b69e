/*
 * codes.c - the closed sets of DESIGN §8 as tables.
 */
#include <string.h>

#include "codes.h"

const struct dept_info depts[DEPT__MAX] = {
	{ "drc",	  "发展和改革委员会",	"Development and Reform",	0 },
	{ "police",	  "公安局",		"Public Security",		0 },
	{ "civil",	  "民政局",		"Civil Affairs",		0 },
	{ "finance",	  "财政局",		"Finance",			0 },
	{ "planning",	  "规划局",		"Planning",			0 },
	{ "housing",	  "房产和住房保障局",	"Housing",			0 },
	{ "construction", "住房和城乡建设局",	"Housing and Construction",	0 },
	{ "pricing",	  "物价局",		"Pricing",			0 },
	{ "urban",	  "城市管理局",		"Urban Management",		0 },
	{ "audit",	  "审计局",		"Audit",			0 },
	{ "sports",	  "体育局",		"Sports",			0 },
	{ "quality",	  "质量技术监督局",	"Quality Supervision",		0 },
	{ "postal",	  "邮政管理局",		"Postal Administration",	0 },
	{ "water",	  "供水公司",		"Water Utility",		0 },
	{ "power",	  "供电公司",		"Power Utility",		0 },
	{ "gas",	  "燃气公司",		"Gas Utility",			0 },
	{ "heat",	  "热力公司",		"Heating Utility",		0 },
	{ "telecom",	  "通信广电",		"Telecom and Cable",		0 },
	{ "county",	  "县区政府",		"County Government",		1 },
	{ "street",	  "街道办事处",		"Street Office",		1 },
	{ "committee",	  "社区居委会",		"Community Committee",		1 },
};

const char *const roles[ROLE__MAX] = {
	"clerk",	/* prepares data, initiates actions */
	"approver",	/* countersigns, signs items off, returns */
	"viewer",	/* reads */
	"admin",	/* manages users */
};

const struct county_info counties[COUNTY__MAX] = {
	{ "lanshan",	"兰山区",	"Lanshan District" },
	{ "luozhuang",	"罗庄区",	"Luozhuang District" },
	{ "hedong",	"河东区",	"Hedong District" },
	{ "tancheng",	"郯城县",	"Tancheng County" },
	{ "lanling",	"兰陵县",	"Lanling County" },
	{ "yishui",	"沂水县",	"Yishui County" },
	{ "yinan",	"沂南县",	"Yinan County" },
	{ "pingyi",	"平邑县",	"Pingyi County" },
	{ "feixian",	"费县",		"Feixian County" },
	{ "mengyin",	"蒙阴县",	"Mengyin County" },
	{ "junan",	"莒南县",	"Junan County" },
	{ "linshu",	"临沭县",	"Linshu County" },
	{ "gaoxin",	"高新区",	"High-tech Zone" },
	{ "jingkai",	"经开区",	"Economic Development Zone" },
	{ "lingang",	"临港区",	"Lingang Zone" },
};

const struct stage_info stages[STAGE__MAX] = {
	{ "declared",	"已申报",		"Declared" },
	{ "surveyed",	"已摸底",		"Surveyed" },
	{ "piloted",	"实施改造",		"Under renovation" },
	{ "renovated",	"已完工",		"Renovated" },
	{ "accepted",	"已验收",		"Accepted" },
	{ "managed",	"已实施物业管理",	"Under property management" },
	{ "withdrawn",	"已撤回",		"Withdrawn" },
};

const struct action_info actions[ACTION__MAX] = {
	{ "declare",	"申报",		"Declare" },
	{ "survey",	"摸底",		"Survey" },
	{ "launch",	"启动改造",	"Launch" },
	{ "complete",	"完工",		"Complete" },
	{ "accept",	"验收",		"Accept" },
	{ "hand_over",	"移交物业",	"Hand over" },
	{ "return",	"退回",		"Return" },
	{ "withdraw",	"撤回",		"Withdraw" },
};

const struct kind_info kinds[KIND__MAX] = {
	{ "cctv",	     "视频监控",	 "Video surveillance",	  DEPT_POLICE, 0 },
	{ "fire_lane",	     "消防通道",	 "Fire lane",		  DEPT_POLICE, 0 },
	{ "hydrant",	     "消防栓",		 "Fire hydrant",	  DEPT_POLICE, 0 },
	{ "fitness",	     "健身器材",	 "Fitness equipment",	  DEPT_SPORTS, 0 },
	{ "lift",	     "电梯",		 "Lift",		  DEPT_QUALITY, 0 },
	{ "courier",	     "快递服务点",	 "Courier point",	  DEPT_POSTAL, 0 },
	{ "water",	     "供水管网",	 "Water supply",	  DEPT_WATER, 0 },
	{ "drainage",	     "排水管网",	 "Drainage",		  DEPT_WATER, 0 },
	{ "power",	     "供电线路",	 "Power lines",		  DEPT_POWER, 0 },
	{ "telecom",	     "通信广电线路",	 "Telecom lines",	  DEPT_TELECOM, 0 },
	{ "heating",	     "供热管网",	 "Heating network",	  DEPT_HEAT, 0 },
	{ "gas",	     "燃气管网",	 "Gas network",		  DEPT_GAS, 0 },
	{ "anti_theft_door", "单元防盗门",	 "Anti-theft doors",	  DEPT_CONSTRUCTION, 0 },
	{ "guard_room",	     "门卫室",		 "Guard room",		  DEPT_CONSTRUCTION, 0 },
	{ "bike_shed",	     "自行车电动车棚",	 "Bicycle shed",	  DEPT_CONSTRUCTION, 0 },
	{ "garbage_chute",   "封闭垃圾道",	 "Sealed garbage chute",  DEPT_CONSTRUCTION, 0 },
	{ "closed_bins",     "密闭式垃圾箱",	 "Closed bins",		  DEPT_CONSTRUCTION, 0 },
	{ "clutter",	     "清理杂物",	 "Clutter clearance",	  DEPT_CONSTRUCTION, 0 },
	{ "road",	     "道路硬化",	 "Roads and squares",	  DEPT_CONSTRUCTION, 0 },
	{ "greening",	     "绿化补植",	 "Greening",		  DEPT_CONSTRUCTION, 0 },
	{ "mailbox",	     "信报箱",		 "Mailboxes",		  DEPT_CONSTRUCTION, 0 },
	{ "notice_board",    "物业公示栏",	 "Notice board",	  DEPT_CONSTRUCTION, 0 },
	{ "parking",	     "停车泊位",	 "Parking spaces",	  DEPT_CONSTRUCTION, 0 },
	{ "lighting",	     "路灯楼道灯",	 "Lighting",		  DEPT_CONSTRUCTION, 0 },
	{ "stair_repair",    "楼道门窗台阶扶手", "Stairwell repair",	  DEPT_CONSTRUCTION, 0 },
	{ "stair_paint",     "楼道墙面粉刷",	 "Stairwell painting",	  DEPT_CONSTRUCTION, 0 },
	{ "facade",	     "外墙维修涂饰",	 "Facade repair",	  DEPT_CONSTRUCTION, 0 },
	{ "property_room",   "物业服务用房",	 "Property-service room", DEPT_CONSTRUCTION, 1 },
	{ "energy_retrofit", "建筑节能改造",	 "Energy retrofit",	  DEPT_CONSTRUCTION, 0 },
	{ "other",	     "其他",		 "Other",		  DEPT_CONSTRUCTION, 0 },
};

const struct code_info conditions[COND__MAX] = {
	{ "good",	"完好",	"Good" },
	{ "poor",	"破损",	"Poor" },
	{ "missing",	"缺失",	"Missing" },
};

const struct code_info sources[SOURCE__MAX] = {
	{ "province",		"省级以奖代补资金",	"Province award" },
	{ "city",		"市级奖补资金",		"City award" },
	{ "county",		"县区财政资金",		"County budget" },
	{ "maintenance_fund",	"住宅专项维修资金",	"Maintenance fund" },
	{ "utility",		"专营单位投资",		"Utilities" },
	{ "original_unit",	"原产权单位出资",	"Original owning unit" },
	{ "owners",		"业主出资",		"Owners" },
	{ "other",		"其他",			"Other" },
};

const struct code_info modes[MODE__MAX] = {
	{ "professional",	"专业化物业管理",	"Professional management" },
	{ "community",		"社区托底管理",		"Community-backed management" },
};

_Static_assert(sizeof(depts) / sizeof(depts[0]) == DEPT__MAX, "depts");
_Static_assert(sizeof(roles) / sizeof(roles[0]) == ROLE__MAX, "roles");
_Static_assert(sizeof(counties) / sizeof(counties[0]) == COUNTY__MAX, "counties");
_Static_assert(sizeof(stages) / sizeof(stages[0]) == STAGE__MAX, "stages");
_Static_assert(sizeof(actions) / sizeof(actions[0]) == ACTION__MAX, "actions");
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == KIND__MAX, "kinds");
_Static_assert(sizeof(conditions) / sizeof(conditions[0]) == COND__MAX, "conditions");
_Static_assert(sizeof(sources) / sizeof(sources[0]) == SOURCE__MAX, "sources");
_Static_assert(sizeof(modes) / sizeof(modes[0]) == MODE__MAX, "modes");

/* Match s[0..len) exactly against a NUL-terminated code. */
static int
code_eq(const char *code, const char *s, size_t len)
{
	return strlen(code) == len && memcmp(code, s, len) == 0;
}

/*
 * Generic lookup over a table of structs whose first member is the code.
 */
static int
code_find(const void *tab, size_t n, size_t stride, const char *s, size_t len)
{
	const char	*p = tab;
	size_t		 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++, p += stride)
		if (code_eq(*(const char *const *)(const void *)p, s, len))
			return (int)i;
	return -1;
}

#define FIND(tab, s, len) \
	code_find((tab), sizeof(tab) / sizeof((tab)[0]), sizeof((tab)[0]), (s), (len))

int code_dept(const char *s, size_t len)	{ return FIND(depts, s, len); }
int code_role(const char *s, size_t len)	{ return FIND(roles, s, len); }
int code_county(const char *s, size_t len)	{ return FIND(counties, s, len); }
int code_stage(const char *s, size_t len)	{ return FIND(stages, s, len); }
int code_action(const char *s, size_t len)	{ return FIND(actions, s, len); }
int code_kind(const char *s, size_t len)	{ return FIND(kinds, s, len); }
int code_condition(const char *s, size_t len)	{ return FIND(conditions, s, len); }
int code_source(const char *s, size_t len)	{ return FIND(sources, s, len); }
int code_mode(const char *s, size_t len)	{ return FIND(modes, s, len); }
