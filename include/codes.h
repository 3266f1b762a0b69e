/*
 * codes.h - the closed sets of DESIGN §8: departments, roles, counties,
 * stages, actions, item kinds, conditions, funding sources, hand-over modes.
 *
 * Each set is an enum closed by an X__MAX sentinel and a const table of
 * the same length (checked with _Static_assert in codes.c).  Lookups by
 * code return the enum value or -1 when the code is unknown.
 */
#ifndef JIUGAI_CODES_H
#define JIUGAI_CODES_H

#include <stddef.h>

enum dept {
	DEPT_DRC,
	DEPT_POLICE,
	DEPT_CIVIL,
	DEPT_FINANCE,
	DEPT_PLANNING,
	DEPT_HOUSING,
	DEPT_CONSTRUCTION,
	DEPT_PRICING,
	DEPT_URBAN,
	DEPT_AUDIT,
	DEPT_SPORTS,
	DEPT_QUALITY,
	DEPT_POSTAL,
	DEPT_WATER,
	DEPT_POWER,
	DEPT_GAS,
	DEPT_HEAT,
	DEPT_TELECOM,
	DEPT_COUNTY,	/* scoped: county/district government */
	DEPT_STREET,	/* scoped: street office */
	DEPT_COMMITTEE,	/* scoped: community committee */
	DEPT__MAX
};

struct dept_info {
	const char	*code;
	const char	*zh;
	const char	*en;
	int		 scoped;	/* needs an org claim (a county) */
};

enum role {
	ROLE_CLERK,
	ROLE_APPROVER,
	ROLE_VIEWER,
	ROLE_ADMIN,
	ROLE__MAX
};

#define ROLE_BIT(r)	(1u << (r))

enum county {
	COUNTY_LANSHAN,
	COUNTY_LUOZHUANG,
	COUNTY_HEDONG,
	COUNTY_TANCHENG,
	COUNTY_LANLING,
	COUNTY_YISHUI,
	COUNTY_YINAN,
	COUNTY_PINGYI,
	COUNTY_FEIXIAN,
	COUNTY_MENGYIN,
	COUNTY_JUNAN,
	COUNTY_LINSHU,
	COUNTY_GAOXIN,
	COUNTY_JINGKAI,
	COUNTY_LINGANG,
	COUNTY__MAX
};

struct county_info {
	const char	*code;
	const char	*zh;
	const char	*en;
};

enum stage {
	STAGE_DECLARED,
	STAGE_SURVEYED,
	STAGE_PILOTED,
	STAGE_RENOVATED,
	STAGE_ACCEPTED,
	STAGE_MANAGED,
	STAGE_WITHDRAWN,
	STAGE__MAX
};

struct stage_info {
	const char	*code;
	const char	*zh;
	const char	*en;
};

enum action {
	ACTION_DECLARE,
	ACTION_SURVEY,
	ACTION_LAUNCH,
	ACTION_COMPLETE,
	ACTION_ACCEPT,
	ACTION_HAND_OVER,
	ACTION_RETURN,
	ACTION_WITHDRAW,
	ACTION__MAX
};

struct action_info {
	const char	*code;
	const char	*zh;
	const char	*en;
};

enum kind {
	KIND_CCTV,
	KIND_FIRE_LANE,
	KIND_HYDRANT,
	KIND_FITNESS,
	KIND_LIFT,
	KIND_COURIER,
	KIND_WATER,
	KIND_DRAINAGE,
	KIND_POWER,
	KIND_TELECOM,
	KIND_HEATING,
	KIND_GAS,
	KIND_ANTI_THEFT_DOOR,
	KIND_GUARD_ROOM,
	KIND_BIKE_SHED,
	KIND_GARBAGE_CHUTE,
	KIND_CLOSED_BINS,
	KIND_CLUTTER,
	KIND_ROAD,
	KIND_GREENING,
	KIND_MAILBOX,
	KIND_NOTICE_BOARD,
	KIND_PARKING,
	KIND_LIGHTING,
	KIND_STAIR_REPAIR,
	KIND_STAIR_PAINT,
	KIND_FACADE,
	KIND_PROPERTY_ROOM,
	KIND_ENERGY_RETROFIT,
	KIND_OTHER,
	KIND__MAX
};

struct kind_info {
	const char	*code;
	const char	*zh;
	const char	*en;
	enum dept	 dept;		/* signs the item off */
	int		 permit;	/* needs a planning permit */
};

enum condition {
	COND_GOOD,
	COND_POOR,
	COND_MISSING,
	COND__MAX
};

enum source {
	SOURCE_PROVINCE,
	SOURCE_CITY,
	SOURCE_COUNTY,
	SOURCE_MAINTENANCE_FUND,
	SOURCE_UTILITY,
	SOURCE_ORIGINAL_UNIT,
	SOURCE_OWNERS,
	SOURCE_OTHER,
	SOURCE__MAX
};

enum mode {
	MODE_PROFESSIONAL,
	MODE_COMMUNITY,
	MODE__MAX
};

struct code_info {
	const char	*code;
	const char	*zh;
	const char	*en;
};

extern const struct dept_info	 depts[DEPT__MAX];
extern const char		*const roles[ROLE__MAX];
extern const struct county_info	 counties[COUNTY__MAX];
extern const struct stage_info	 stages[STAGE__MAX];
extern const struct action_info	 actions[ACTION__MAX];
extern const struct kind_info	 kinds[KIND__MAX];
extern const struct code_info	 conditions[COND__MAX];
extern const struct code_info	 sources[SOURCE__MAX];
extern const struct code_info	 modes[MODE__MAX];

/*
 * Look a code up in its set.  Each returns the enum value, or -1 when s
 * (of length len) is not a member.  s need not be NUL-terminated.
 */
int	code_dept(const char *s, size_t len);
int	code_role(const char *s, size_t len);
int	code_county(const char *s, size_t len);
int	code_stage(const char *s, size_t len);
int	code_action(const char *s, size_t len);
int	code_kind(const char *s, size_t len);
int	code_condition(const char *s, size_t len);
int	code_source(const char *s, size_t len);
int	code_mode(const char *s, size_t len);

#endif
