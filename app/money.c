/*
 * money.c - the plan's money rules (money.h, docs/money.md).
 *
 * Integers only: fen, hundredths of a m², days.  Every division says how
 * it rounds.
 */
#include <stddef.h>

#include "money.h"

const char *const money_parts[PART__MAX] = {
	"utility_side_yuan", "beyond_meter_yuan", "owners_part_yuan",
};

const char *const money_party_codes[PARTY__MAX] = {
	"utility", "owners", "public",
};

/* The largest amount any sum here reaches: far below LLONG_MAX. */
#define MONEY_MAX	100000000000000LL	/* a trillion yuan, in fen */

int
money_utility(int kind)
{
	if (kind < 0 || kind >= KIND__MAX)
		return -1;
	switch (kinds[kind].dept) {
	case DEPT_WATER:
	case DEPT_POWER:
	case DEPT_GAS:
	case DEPT_HEAT:
	case DEPT_TELECOM:
		return (int)kinds[kind].dept;
	default:
		return -1;
	}
}

int
money_part_allowed(int kind, enum money_part part)
{
	if (kind < 0 || kind >= KIND__MAX)
		return 0;
	switch (part) {
	case PART_UTILITY_SIDE:
		return money_utility(kind) >= 0;
	case PART_BEYOND_METER:
		/* Seed §4(3): the one-third rule is the power company's. */
		return money_utility(kind) == DEPT_POWER;
	case PART_OWNERS:
		return 1;
	default:
		return 0;
	}
}

enum money_bad
money_item_check(const struct money_item *it, enum money_part *part)
{
	long long	 sum = 0;
	int		 i, any = 0;

	for (i = 0; i < PART__MAX; i++) {
		if (it->part[i] == MONEY_NONE)
			continue;
		if (part != NULL)
			*part = (enum money_part)i;
		if (it->part[i] < 0 || it->part[i] > MONEY_MAX)
			return MONEY_BAD_NEGATIVE;
		if (!money_part_allowed(it->kind, (enum money_part)i))
			return MONEY_BAD_KIND;
		sum += it->part[i];
		any = 1;
	}
	if (!any)
		return MONEY_OK;
	if (it->estimate == MONEY_NONE)
		return MONEY_BAD_NO_ESTIMATE;
	if (sum > it->estimate)
		return MONEY_BAD_EXCEEDS;
	return MONEY_OK;
}

long long
money_third(long long fen)
{
	/*
	 * fen / 3 leaves 0, 1/3 or 2/3 of a fen: never a half, so "to the
	 * nearest" needs no tie rule.  Adding 1 before dividing rounds 2/3
	 * up and 1/3 down.
	 */
	return fen <= 0 ? 0 : (fen + 1) / 3;
}

static long long
part_of(const struct money_item *it, enum money_part p)
{
	return it->part[p] == MONEY_NONE ? 0 : it->part[p];
}

void
money_item_share(const struct money_item *it, struct money_share *sh)
{
	sh->utility = money_utility(it->kind);
	sh->utility_fen = sh->owners_fen = sh->public_fen = 0;
	if (it->estimate == MONEY_NONE || it->estimate <= 0)
		return;
	if (sh->utility >= 0)
		sh->utility_fen = part_of(it, PART_UTILITY_SIDE) +
		    (sh->utility == DEPT_POWER ?
		    money_third(part_of(it, PART_BEYOND_METER)) : 0);
	sh->owners_fen = part_of(it, PART_OWNERS);
	/* Two thirds beyond the meter, and whatever no part names. */
	sh->public_fen = it->estimate - sh->utility_fen - sh->owners_fen;
}

/*
 * The party each funding source pays for.  Province, city and county
 * budgets are public funds; the maintenance fund belongs to the owners
 * together but may pay for common parts only; the original owning unit
 * and other money share the cost of the common works: all public.
 */
static const enum money_party source_party[SOURCE__MAX] = {
	PARTY_PUBLIC,	/* province */
	PARTY_PUBLIC,	/* city */
	PARTY_PUBLIC,	/* county */
	PARTY_PUBLIC,	/* maintenance_fund */
	PARTY_UTILITY,	/* utility */
	PARTY_PUBLIC,	/* original_unit */
	PARTY_OWNERS,	/* owners */
	PARTY_PUBLIC,	/* other */
};
_Static_assert(sizeof(source_party) / sizeof(source_party[0]) == SOURCE__MAX,
    "source_party");

enum money_party
money_source_party(int source)
{
	if (source < 0 || source >= SOURCE__MAX)
		return PARTY_PUBLIC;
	return source_party[source];
}

void
money_plan_init(struct money_plan *p)
{
	int	 i;

	p->estimate = 0;
	for (i = 0; i < DEPT__MAX; i++) {
		p->utility[i] = 0;
		p->has_utility[i] = 0;
	}
	for (i = 0; i < PARTY__MAX; i++)
		p->share[i] = 0;
	for (i = 0; i < SOURCE__MAX; i++)
		p->planned[i] = p->received[i] = 0;
}

void
money_plan_item(struct money_plan *p, const struct money_item *it)
{
	struct money_share	 sh;

	if (!it->selected)
		return;
	money_item_share(it, &sh);
	if (it->estimate != MONEY_NONE)
		p->estimate += it->estimate;
	if (sh.utility >= 0) {
		p->utility[sh.utility] += sh.utility_fen;
		p->has_utility[sh.utility] = 1;
	}
	p->share[PARTY_UTILITY] += sh.utility_fen;
	p->share[PARTY_OWNERS] += sh.owners_fen;
	p->share[PARTY_PUBLIC] += sh.public_fen;
}

void
money_plan_funding(struct money_plan *p, int source, long long planned,
    long long received)
{
	if (source < 0 || source >= SOURCE__MAX)
		return;
	p->planned[source] += planned;
	p->received[source] += received;
}

long long
money_plan_planned(const struct money_plan *p, enum money_party party)
{
	long long	 sum = 0;
	int		 s;

	for (s = 0; s < SOURCE__MAX; s++)
		if (money_source_party(s) == party)
			sum += p->planned[s];
	return sum;
}

long long
money_plan_received(const struct money_plan *p, enum money_party party)
{
	long long	 sum = 0;
	int		 s;

	for (s = 0; s < SOURCE__MAX; s++)
		if (money_source_party(s) == party)
			sum += p->received[s];
	return sum;
}

long long
money_plan_gap(const struct money_plan *p, enum money_party party)
{
	return p->share[party] - money_plan_planned(p, party);
}

/* ---- The property-management subsidy -------------------------------- */

int
money_rate_ok(long long rate_fen)
{
	return rate_fen >= MONEY_RATE_MIN && rate_fen <= MONEY_RATE_MAX;
}

/* H. Hinnant's days_from_civil: exact for every Gregorian date. */
long
money_days(int y, int m, int d)
{
	long	 era, yoe, doy, doe, yy = y - (m <= 2);

	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
money_ymd(long days, int *y, int *m, int *d)
{
	long	 z = days + 719468, era, doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
month_len(int y, int m)
{
	static const int	 len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
				    31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

int
money_date(const char *s, long *days)
{
	int	 v[3] = { 0, 0, 0 }, i, k, w[3] = { 4, 2, 2 };

	if (s == NULL)
		return -1;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < w[k]; i++, s++) {
			if (*s < '0' || *s > '9')
				return -1;
			v[k] = v[k] * 10 + (*s - '0');
		}
		if (k < 2 && *s++ != '-')
			return -1;
	}
	if (*s != '\0' || v[0] < 1 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > month_len(v[0], v[1]))
		return -1;
	*days = money_days(v[0], v[1], v[2]);
	return 0;
}

int
money_contract_ok(long start, long end)
{
	int	 y, m, d;
	long	 anniversary;

	money_ymd(start, &y, &m, &d);
	m += MONEY_CONTRACT_MONTHS;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	/* A day the month lacks (29-31) rolls over to the next month's 1st. */
	if (d > month_len(y, m))
		anniversary = money_days(y, m, month_len(y, m)) + 1;
	else
		anniversary = money_days(y, m, d);
	return end >= anniversary - 1;
}

int
money_month_covered(long start, long end, int y, int m)
{
	long	 first;

	if (m < 1 || m > 12)
		return 0;
	first = money_days(y, m, 1);
	return start <= first && first <= end;
}

long long
money_subsidy_month(long long area_centi, long long rate_fen)
{
	if (area_centi < 0 || area_centi > MONEY_MAX || !money_rate_ok(rate_fen))
		return -1;
	/*
	 * m²/100 x fen = fen/100: add half the divisor and divide, half up.
	 * At most 1e14 x 40, well inside a long long.
	 */
	return (area_centi * rate_fen + 50) / 100;
}

int
money_months_covered(long start, long end, int y, int from_m, int to_m)
{
	int	 m, n = 0;

	for (m = from_m < 1 ? 1 : from_m; m <= to_m && m <= 12; m++)
		n += money_month_covered(start, end, y, m);
	return n;
}
