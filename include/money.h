/*
 * money.h - the plan's money rules (DOMAIN.md "Where the money comes
 * from", seed §4(3) and §4(5)), computed and never typed: who pays which
 * part of an item's estimate, what each party owes a community's plan
 * against the funding planned, and the property-management subsidy.
 *
 * Pure functions on integers: amounts are fen, areas hundredths of a m²,
 * dates days since 1970-01-01.  The database supplies the numbers; the
 * rules, the rounding and the mapping of funding sources to parties are
 * written out in docs/money.md.
 */
#ifndef JIUGAI_MONEY_H
#define JIUGAI_MONEY_H

#include "codes.h"

/* An amount not recorded (a NULL column). */
#define MONEY_NONE	(-1LL)

/* The parts an item's estimate may be split into. */
enum money_part {
	PART_UTILITY_SIDE,	/* the utility's own facilities: it pays all */
	PART_BEYOND_METER,	/* power beyond the meter: the utility pays 1/3 */
	PART_OWNERS,		/* the owners' exclusive parts: they pay all */
	PART__MAX
};

/* The API's name of each part: "utility_side_yuan", ... */
extern const char *const money_parts[PART__MAX];

/*
 * The utility (enum dept) that renovates its own side of an item of
 * kind: the kind's department when it is a utility (water, power, gas,
 * heat, telecom), else -1.  sql/007_money.sql derives item_kind.utility
 * the same way.
 */
int		 money_utility(int kind);
/* 1 when an item of kind may carry part. */
int		 money_part_allowed(int kind, enum money_part part);

struct money_item {
	int		 kind;			/* enum kind */
	int		 selected;
	long long	 estimate;		/* fen, or MONEY_NONE */
	long long	 part[PART__MAX];	/* fen, or MONEY_NONE */
};

enum money_bad {
	MONEY_OK,
	MONEY_BAD_KIND,		/* a part the kind does not have */
	MONEY_BAD_NEGATIVE,	/* a negative amount */
	MONEY_BAD_NO_ESTIMATE,	/* parts without an estimate */
	MONEY_BAD_EXCEEDS,	/* the parts add up to more than the estimate */
};

/*
 * Whether the item's parts are acceptable, the rules that the database
 * enforces too; on failure *part (may be NULL) names the part to blame.
 */
enum money_bad	 money_item_check(const struct money_item *it,
		    enum money_part *part);

/* One third of fen (>= 0), to the nearest fen: a third is never a half. */
long long	 money_third(long long fen);

/* Who pays an item, in fen; utility_fen + owners_fen + public_fen = estimate. */
struct money_share {
	int		 utility;	/* enum dept, or -1 */
	long long	 utility_fen;
	long long	 owners_fen;
	long long	 public_fen;
};

/*
 * Split an item that passes money_item_check: the utility pays its own
 * side in full and one third of the power beyond the meter, the owners
 * their exclusive parts, and the rest is left for public funds.  Without
 * an estimate every share is 0.
 */
void		 money_item_share(const struct money_item *it,
		    struct money_share *sh);

/* The parties that pay for a plan, and that funding sources stand for. */
enum money_party {
	PARTY_UTILITY,		/* the utilities (funding source "utility") */
	PARTY_OWNERS,		/* the owners ("owners") */
	PARTY_PUBLIC,		/* the common works: every other source */
	PARTY__MAX
};

extern const char *const money_party_codes[PARTY__MAX];

/* The party whose share funding from source (enum source) pays for. */
enum money_party money_source_party(int source);

/* A community's plan: the shares of its selected items, and its funding. */
struct money_plan {
	long long	 estimate;		/* selected items' estimates */
	long long	 utility[DEPT__MAX];	/* per paying utility */
	int		 has_utility[DEPT__MAX]; /* a selected item of its */
	long long	 share[PARTY__MAX];
	long long	 planned[SOURCE__MAX];
	long long	 received[SOURCE__MAX];
};

void		 money_plan_init(struct money_plan *p);
/* Add an item (unselected ones count for nothing). */
void		 money_plan_item(struct money_plan *p, const struct money_item *it);
/* Add a funding line (or sum) of source. */
void		 money_plan_funding(struct money_plan *p, int source,
		    long long planned, long long received);
/* Funding planned or received toward party's share. */
long long	 money_plan_planned(const struct money_plan *p, enum money_party);
long long	 money_plan_received(const struct money_plan *p, enum money_party);
/* The share not yet planned: share - planned (negative: planned beyond it). */
long long	 money_plan_gap(const struct money_plan *p, enum money_party);

/* ---- The property-management subsidy (seed §4(5)) ------------------- */

/* The county's rate, fen per m² a month: 0.20 to 0.40 yuan. */
#define MONEY_RATE_MIN		20
#define MONEY_RATE_MAX		40
#define MONEY_RATE_DEFAULT	30
/* "签订3年以上物业服务合同": the contract's least length in months. */
#define MONEY_CONTRACT_MONTHS	36

int		 money_rate_ok(long long rate_fen);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
long		 money_days(int y, int m, int d);
/* The date of days; the inverse of money_days. */
void		 money_ymd(long days, int *y, int *m, int *d);
/* "YYYY-MM-DD" (a real date) into *days: 0, or -1. */
int		 money_date(const char *s, long *days);

/*
 * Whether a contract from start to end, both days included, runs at
 * least MONEY_CONTRACT_MONTHS months: end is no earlier than the day
 * before the same day of the month that many months after start (the
 * first of the next month when that month is too short: 2016-02-29
 * starts a term that 2019-02-28 completes).
 * 2016-07-01 to 2019-06-30 is 36 months; to 2019-05-31, 35.
 */
int		 money_contract_ok(long start, long end);

/*
 * Whether the contract pays month m of year y: it is in force on the
 * month's first day.  A 36-month contract so pays exactly 36 months.
 */
int		 money_month_covered(long start, long end, int y, int m);

/*
 * The subsidy of one month for area_centi (hundredths of a m²) at
 * rate_fen, in fen, rounded half up: 12,345.67 m² at 0.30 = 3,703.70.
 * -1 for a negative or impossibly large area or a rate out of bounds.
 */
long long	 money_subsidy_month(long long area_centi, long long rate_fen);

/* Months m (from_m to to_m, 1-12) of year y that the contract pays. */
int		 money_months_covered(long start, long end, int y, int from_m,
		    int to_m);

#endif
