/*
 * test_money.c - the plan's money rules (app/money.c, docs/money.md),
 * each with exact amounts worked out by hand in the comments.  All
 * amounts are fen: 100,000.00 yuan is 10000000.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "money.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define YUAN(y)		((long long)(y) * 100)

static struct money_item
item(int kind, long long estimate, long long side, long long beyond,
    long long owners)
{
	struct money_item	 it;

	it.kind = kind;
	it.selected = 1;
	it.estimate = estimate;
	it.part[PART_UTILITY_SIDE] = side;
	it.part[PART_BEYOND_METER] = beyond;
	it.part[PART_OWNERS] = owners;
	return it;
}

static void
share_of(const struct money_item *it, int utility, long long u, long long o,
    long long p)
{
	struct money_share	 sh;

	assert_int_equal(money_item_check(it, NULL), MONEY_OK);
	money_item_share(it, &sh);
	assert_int_equal(sh.utility, utility);
	assert_int_equal(sh.utility_fen, u);
	assert_int_equal(sh.owners_fen, o);
	assert_int_equal(sh.public_fen, p);
	assert_int_equal(sh.utility_fen + sh.owners_fen + sh.public_fen,
	    it->estimate == MONEY_NONE ? 0 : it->estimate);
}

/* Which kinds a utility renovates for itself (DESIGN §8's departments). */
static void
test_utility_of_kind(void **state)
{
	static const struct {
		int	 kind, utility;
	} rows[] = {
		{ KIND_WATER, DEPT_WATER },
		{ KIND_DRAINAGE, DEPT_WATER },
		{ KIND_POWER, DEPT_POWER },
		{ KIND_GAS, DEPT_GAS },
		{ KIND_HEATING, DEPT_HEAT },
		{ KIND_TELECOM, DEPT_TELECOM },
		{ KIND_CCTV, -1 },
		{ KIND_ROAD, -1 },
		{ KIND_LIFT, -1 },
		{ KIND_ENERGY_RETROFIT, -1 },
		{ KIND_OTHER, -1 },
		{ -1, -1 },
		{ KIND__MAX, -1 },
	};
	size_t	 i;
	int	 k, n = 0;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(money_utility(rows[i].kind), rows[i].utility);
	/* Exactly the six network kinds. */
	for (k = 0; k < KIND__MAX; k++)
		n += money_utility(k) >= 0;
	assert_int_equal(n, 6);
}

/* Which parts each kind may carry. */
static void
test_parts_allowed(void **state)
{
	(void)state;
	assert_true(money_part_allowed(KIND_WATER, PART_UTILITY_SIDE));
	assert_false(money_part_allowed(KIND_WATER, PART_BEYOND_METER));
	assert_true(money_part_allowed(KIND_WATER, PART_OWNERS));
	assert_true(money_part_allowed(KIND_POWER, PART_UTILITY_SIDE));
	assert_true(money_part_allowed(KIND_POWER, PART_BEYOND_METER));
	assert_false(money_part_allowed(KIND_GAS, PART_BEYOND_METER));
	assert_false(money_part_allowed(KIND_ROAD, PART_UTILITY_SIDE));
	assert_false(money_part_allowed(KIND_ROAD, PART_BEYOND_METER));
	assert_true(money_part_allowed(KIND_ROAD, PART_OWNERS));
	assert_false(money_part_allowed(-1, PART_OWNERS));
	assert_string_equal(money_parts[PART_BEYOND_METER], "beyond_meter_yuan");
}

/*
 * Water, 100,000.00 of which 40,000.00 the water company's own side and
 * 10,000.00 the owners' exclusive parts: the company 40,000.00, the
 * owners 10,000.00, public funds 100,000 - 40,000 - 10,000 = 50,000.00.
 */
static void
test_water(void **state)
{
	struct money_item it = item(KIND_WATER, YUAN(100000), YUAN(40000),
	    MONEY_NONE, YUAN(10000));

	(void)state;
	share_of(&it, DEPT_WATER, YUAN(40000), YUAN(10000), YUAN(50000));
}

/* Gas, heat, drainage and telecom follow the same own-side rule. */
static void
test_own_side_kinds(void **state)
{
	struct money_item	 it;

	(void)state;
	/* Gas 60,000.00: side 45,000.00, owners 5,000.00 -> public 10,000.00. */
	it = item(KIND_GAS, YUAN(60000), YUAN(45000), MONEY_NONE, YUAN(5000));
	share_of(&it, DEPT_GAS, YUAN(45000), YUAN(5000), YUAN(10000));
	/* Heating 80,000.50: side 30,000.25 -> public 50,000.25. */
	it = item(KIND_HEATING, 8000050, 3000025, MONEY_NONE, MONEY_NONE);
	share_of(&it, DEPT_HEAT, 3000025, 0, 5000025);
	/* Drainage is the water company's: side 12,000.00 of 20,000.00. */
	it = item(KIND_DRAINAGE, YUAN(20000), YUAN(12000), MONEY_NONE, MONEY_NONE);
	share_of(&it, DEPT_WATER, YUAN(12000), 0, YUAN(8000));
	/* Telecom, nothing split: all 30,000.00 public. */
	it = item(KIND_TELECOM, YUAN(30000), MONEY_NONE, MONEY_NONE, MONEY_NONE);
	share_of(&it, DEPT_TELECOM, 0, 0, YUAN(30000));
}

/*
 * Power, 120,000.00 of which 90,000.00 beyond the meter: the power
 * company pays 90,000 / 3 = 30,000.00; the other 60,000.00 beyond the
 * meter and the 30,000.00 no part names are public: 90,000.00.
 */
static void
test_power_third(void **state)
{
	struct money_item it = item(KIND_POWER, YUAN(120000), MONEY_NONE,
	    YUAN(90000), MONEY_NONE);

	(void)state;
	share_of(&it, DEPT_POWER, YUAN(30000), 0, YUAN(90000));
}

/*
 * Power, 200,000.00: its own property 20,000.00, beyond the meter
 * 100,000.00, owners 5,000.00.  The company: 20,000.00 + 33,333.33
 * (10,000,000 fen / 3 = 3,333,333.33 -> 3,333,333) = 53,333.33; owners
 * 5,000.00; public 200,000.00 - 53,333.33 - 5,000.00 = 141,666.67.
 */
static void
test_power_all_parts(void **state)
{
	struct money_item it = item(KIND_POWER, YUAN(200000), YUAN(20000),
	    YUAN(100000), YUAN(5000));

	(void)state;
	share_of(&it, DEPT_POWER, 5333333, YUAN(5000), 14166667);
}

/* One third, to the nearest fen (a third is never a half). */
static void
test_third_rounding(void **state)
{
	static const struct {
		long long	 in, want;
	} rows[] = {
		{ YUAN(100000), 3333333 },	/* 33,333.333.. -> 33,333.33 */
		{ YUAN(200000), 6666667 },	/* 66,666.666.. -> 66,666.67 */
		{ YUAN(90000), YUAN(30000) },	/* exact */
		{ 1, 0 },			/* 0.0033 -> 0.00 */
		{ 2, 1 },			/* 0.0067 -> 0.01 */
		{ 3, 1 },
		{ 0, 0 },
		{ 100000000000000LL, 33333333333333LL },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(money_third(rows[i].in), rows[i].want);
	/* With 100,000.00 beyond the meter, 33,333.33 for the company. */
	{
		struct money_item it = item(KIND_POWER, YUAN(100000), MONEY_NONE,
		    YUAN(100000), MONEY_NONE);

		share_of(&it, DEPT_POWER, 3333333, 0, 6666667);
	}
}

/* Other kinds: all public, but for the owners' part when given. */
static void
test_other_kinds(void **state)
{
	struct money_item	 it;

	(void)state;
	it = item(KIND_ROAD, YUAN(80000), MONEY_NONE, MONEY_NONE, MONEY_NONE);
	share_of(&it, -1, 0, 0, YUAN(80000));
	/* Anti-theft doors 50,000.00, owners' own doors 5,000.00. */
	it = item(KIND_ANTI_THEFT_DOOR, YUAN(50000), MONEY_NONE, MONEY_NONE,
	    YUAN(5000));
	share_of(&it, -1, 0, YUAN(5000), YUAN(45000));
	/* No estimate: nobody owes anything yet. */
	it = item(KIND_WATER, MONEY_NONE, MONEY_NONE, MONEY_NONE, MONEY_NONE);
	share_of(&it, DEPT_WATER, 0, 0, 0);
}

/* The checks the database makes too. */
static void
test_item_check(void **state)
{
	struct money_item	 it;
	enum money_part		 p;

	(void)state;
	/* Parts adding up to the estimate exactly: fine; one fen more: not. */
	it = item(KIND_WATER, YUAN(100000), YUAN(90000), MONEY_NONE, YUAN(10000));
	assert_int_equal(money_item_check(&it, &p), MONEY_OK);
	it.part[PART_OWNERS] += 1;
	assert_int_equal(money_item_check(&it, &p), MONEY_BAD_EXCEEDS);
	/* Power: the three parts together count. */
	it = item(KIND_POWER, YUAN(100), YUAN(40), YUAN(40), 2001);
	assert_int_equal(money_item_check(&it, &p), MONEY_BAD_EXCEEDS);
	it.part[PART_OWNERS] = YUAN(20);
	assert_int_equal(money_item_check(&it, &p), MONEY_OK);
	/* Parts need an estimate. */
	it = item(KIND_WATER, MONEY_NONE, YUAN(1), MONEY_NONE, MONEY_NONE);
	assert_int_equal(money_item_check(&it, &p), MONEY_BAD_NO_ESTIMATE);
	/* A part the kind has not. */
	it = item(KIND_WATER, YUAN(100), MONEY_NONE, YUAN(10), MONEY_NONE);
	assert_int_equal(money_item_check(&it, &p), MONEY_BAD_KIND);
	assert_int_equal(p, PART_BEYOND_METER);
	it = item(KIND_ROAD, YUAN(100), YUAN(10), MONEY_NONE, MONEY_NONE);
	assert_int_equal(money_item_check(&it, &p), MONEY_BAD_KIND);
	assert_int_equal(p, PART_UTILITY_SIDE);
	/* Negative amounts. */
	it = item(KIND_ROAD, YUAN(100), MONEY_NONE, MONEY_NONE, -5);
	assert_int_equal(money_item_check(&it, &p), MONEY_BAD_NEGATIVE);
	assert_int_equal(p, PART_OWNERS);
	/* Zero parts are parts: allowed, and they need an estimate too. */
	it = item(KIND_GAS, YUAN(0), 0, MONEY_NONE, 0);
	assert_int_equal(money_item_check(&it, &p), MONEY_OK);
	it.estimate = MONEY_NONE;
	assert_int_equal(money_item_check(&it, &p), MONEY_BAD_NO_ESTIMATE);
	/* Nothing split: nothing to check. */
	it = item(KIND_ROAD, MONEY_NONE, MONEY_NONE, MONEY_NONE, MONEY_NONE);
	assert_int_equal(money_item_check(&it, &p), MONEY_OK);
}

/* Funding sources and the parties they pay for. */
static void
test_source_party(void **state)
{
	static const struct {
		int			 source;
		enum money_party	 party;
	} rows[] = {
		{ SOURCE_PROVINCE, PARTY_PUBLIC },
		{ SOURCE_CITY, PARTY_PUBLIC },
		{ SOURCE_COUNTY, PARTY_PUBLIC },
		{ SOURCE_MAINTENANCE_FUND, PARTY_PUBLIC },
		{ SOURCE_UTILITY, PARTY_UTILITY },
		{ SOURCE_ORIGINAL_UNIT, PARTY_PUBLIC },
		{ SOURCE_OWNERS, PARTY_OWNERS },
		{ SOURCE_OTHER, PARTY_PUBLIC },
	};
	size_t	 i;

	(void)state;
	assert_int_equal(NELEM(rows), SOURCE__MAX);
	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(money_source_party(rows[i].source), rows[i].party);
}

/*
 * A community: water 100,000.00 (side 40,000.00, owners 10,000.00),
 * power 120,000.00 (beyond the meter 90,000.00), road 80,000.00, and
 * lighting 9,999.00 not selected.
 *   estimate  300,000.00
 *   water     40,000.00; power 30,000.00; utilities 70,000.00
 *   owners    10,000.00
 *   public    50,000 + 90,000 + 80,000 = 220,000.00
 * Planned: province 100,000, county 60,000, maintenance fund 20,000,
 * original unit 10,000, other 5,000 (public 195,000.00: gap 25,000.00);
 * utility 70,000 (gap 0); owners 8,000 (gap 2,000.00); city nothing.
 * Received: province 50,000 and owners 3,000.
 */
static void
test_plan(void **state)
{
	struct money_plan	 p;
	struct money_item	 it;

	(void)state;
	money_plan_init(&p);
	it = item(KIND_WATER, YUAN(100000), YUAN(40000), MONEY_NONE, YUAN(10000));
	money_plan_item(&p, &it);
	it = item(KIND_POWER, YUAN(120000), MONEY_NONE, YUAN(90000), MONEY_NONE);
	money_plan_item(&p, &it);
	it = item(KIND_ROAD, YUAN(80000), MONEY_NONE, MONEY_NONE, MONEY_NONE);
	money_plan_item(&p, &it);
	it = item(KIND_LIGHTING, YUAN(9999), MONEY_NONE, MONEY_NONE, YUAN(9999));
	it.selected = 0;
	money_plan_item(&p, &it);
	money_plan_funding(&p, SOURCE_PROVINCE, YUAN(100000), YUAN(50000));
	money_plan_funding(&p, SOURCE_COUNTY, YUAN(60000), 0);
	money_plan_funding(&p, SOURCE_MAINTENANCE_FUND, YUAN(20000), 0);
	money_plan_funding(&p, SOURCE_ORIGINAL_UNIT, YUAN(10000), 0);
	money_plan_funding(&p, SOURCE_OTHER, YUAN(5000), 0);
	money_plan_funding(&p, SOURCE_UTILITY, YUAN(70000), 0);
	money_plan_funding(&p, SOURCE_OWNERS, YUAN(5000), YUAN(3000));
	money_plan_funding(&p, SOURCE_OWNERS, YUAN(3000), 0);
	money_plan_funding(&p, -1, YUAN(1), YUAN(1));	/* ignored */

	assert_int_equal(p.estimate, YUAN(300000));
	assert_int_equal(p.utility[DEPT_WATER], YUAN(40000));
	assert_int_equal(p.utility[DEPT_POWER], YUAN(30000));
	assert_true(p.has_utility[DEPT_WATER] && p.has_utility[DEPT_POWER]);
	assert_false(p.has_utility[DEPT_GAS]);
	assert_int_equal(p.share[PARTY_UTILITY], YUAN(70000));
	assert_int_equal(p.share[PARTY_OWNERS], YUAN(10000));
	assert_int_equal(p.share[PARTY_PUBLIC], YUAN(220000));
	assert_int_equal(money_plan_planned(&p, PARTY_PUBLIC), YUAN(195000));
	assert_int_equal(money_plan_gap(&p, PARTY_PUBLIC), YUAN(25000));
	assert_int_equal(money_plan_gap(&p, PARTY_UTILITY), 0);
	assert_int_equal(money_plan_planned(&p, PARTY_OWNERS), YUAN(8000));
	assert_int_equal(money_plan_gap(&p, PARTY_OWNERS), YUAN(2000));
	assert_int_equal(money_plan_received(&p, PARTY_PUBLIC), YUAN(50000));
	assert_int_equal(money_plan_received(&p, PARTY_OWNERS), YUAN(3000));
	assert_int_equal(money_plan_received(&p, PARTY_UTILITY), 0);
	/* More planned than the share: a negative gap. */
	money_plan_funding(&p, SOURCE_CITY, YUAN(30000), 0);
	assert_int_equal(money_plan_gap(&p, PARTY_PUBLIC), -YUAN(5000));
}

/* The county's rate: 0.20 to 0.40 yuan, both ends included. */
static void
test_rate_bounds(void **state)
{
	(void)state;
	assert_false(money_rate_ok(19));
	assert_true(money_rate_ok(20));
	assert_true(money_rate_ok(30));
	assert_true(money_rate_ok(40));
	assert_false(money_rate_ok(41));
	assert_false(money_rate_ok(0));
	assert_int_equal(money_subsidy_month(10000, 19), -1);
	assert_int_equal(money_subsidy_month(10000, 41), -1);
	/* 100.00 m² at the bounds: 20.00 and 40.00 yuan a month. */
	assert_int_equal(money_subsidy_month(10000, 20), 2000);
	assert_int_equal(money_subsidy_month(10000, 40), 4000);
}

/* Area x rate a month, to the fen, half up. */
static void
test_subsidy_month(void **state)
{
	static const struct {
		long long	 area, rate, want;
	} rows[] = {
		/* 12,345.67 x 0.30 = 3,703.701 -> 3,703.70 */
		{ 1234567, 30, 370370 },
		/* 12,345.67 x 0.20 = 2,469.134 -> 2,469.13 */
		{ 1234567, 20, 246913 },
		/* 12,345.67 x 0.40 = 4,938.268 -> 4,938.27 */
		{ 1234567, 40, 493827 },
		/* 1.05 x 0.30 = 0.315 -> 0.32: the half goes up */
		{ 105, 30, 32 },
		/* 1.15 x 0.30 = 0.345 -> 0.35 */
		{ 115, 30, 35 },
		/* 1.01 x 0.30 = 0.303 -> 0.30 */
		{ 101, 30, 30 },
		{ 0, 30, 0 },
		/* 20,000.00 m² x 0.25 = 5,000.00 */
		{ 2000000, 25, 500000 },
		{ -1, 30, -1 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(money_subsidy_month(rows[i].area, rows[i].rate),
		    rows[i].want);
}

static long
day(const char *s)
{
	long	 d = 0;

	assert_int_equal(money_date(s, &d), 0);
	return d;
}

/* 3 years or more: 35 months are not enough, 36 are. */
static void
test_contract_threshold(void **state)
{
	static const struct {
		const char	*start, *end;
		int		 ok;
	} rows[] = {
		{ "2016-07-01", "2019-05-31", 0 },	/* 35 months */
		{ "2016-07-01", "2019-06-29", 0 },	/* 36 months less a day */
		{ "2016-07-01", "2019-06-30", 1 },	/* 36 months */
		{ "2016-07-01", "2019-07-01", 1 },	/* to the anniversary */
		{ "2016-07-01", "2021-06-30", 1 },	/* 5 years */
		{ "2016-07-15", "2019-07-13", 0 },
		{ "2016-07-15", "2019-07-14", 1 },
		{ "2016-01-01", "2018-12-31", 1 },	/* over the year end */
		{ "2016-01-01", "2018-12-30", 0 },
		/* 2019 has no 29 February: the term ends on the 28th. */
		{ "2016-02-29", "2019-02-27", 0 },
		{ "2016-02-29", "2019-02-28", 1 },
		{ "2016-11-30", "2019-11-29", 1 },
		{ "2016-11-30", "2019-11-28", 0 },
		{ "2015-11-30", "2018-11-29", 1 },
		{ "2016-01-31", "2019-01-30", 1 },
		{ "2016-01-31", "2019-01-29", 0 },
		{ "2016-12-31", "2019-12-30", 1 },
		{ "2016-12-31", "2019-12-29", 0 },
	};
	size_t	 i;

	(void)state;
	assert_int_equal(MONEY_CONTRACT_MONTHS, 36);
	for (i = 0; i < NELEM(rows); i++)
		if (money_contract_ok(day(rows[i].start), day(rows[i].end)) !=
		    rows[i].ok)
			fail_msg("%s to %s: want %d", rows[i].start, rows[i].end,
			    rows[i].ok);
}

/* The months a contract pays: those it is in force on the first day of. */
static void
test_months_covered(void **state)
{
	long	 s, e;
	int	 y, n;

	(void)state;
	/* 2016-07-01 to 2019-06-30: July-December 2016, 2017, 2018, Jan-June 2019. */
	s = day("2016-07-01");
	e = day("2019-06-30");
	assert_int_equal(money_months_covered(s, e, 2016, 1, 12), 6);
	assert_int_equal(money_months_covered(s, e, 2017, 1, 12), 12);
	assert_int_equal(money_months_covered(s, e, 2019, 1, 12), 6);
	assert_int_equal(money_months_covered(s, e, 2016, 1, 6), 0);
	assert_int_equal(money_months_covered(s, e, 2016, 1, 7), 1);
	assert_int_equal(money_months_covered(s, e, 2020, 1, 12), 0);
	assert_true(money_month_covered(s, e, 2019, 6));
	assert_false(money_month_covered(s, e, 2019, 7));
	assert_false(money_month_covered(s, e, 2016, 13));
	for (n = 0, y = 2015; y <= 2020; y++)
		n += money_months_covered(s, e, y, 1, 12);
	assert_int_equal(n, 36);
	/* 2016-07-15 to 2019-07-14: August 2016 to July 2019, 36 again. */
	s = day("2016-07-15");
	e = day("2019-07-14");
	assert_int_equal(money_months_covered(s, e, 2016, 1, 12), 5);
	assert_int_equal(money_months_covered(s, e, 2019, 1, 12), 7);
	for (n = 0, y = 2015; y <= 2020; y++)
		n += money_months_covered(s, e, y, 1, 12);
	assert_int_equal(n, 36);
}

/* Dates: strict YYYY-MM-DD, and days round-trip. */
static void
test_dates(void **state)
{
	static const char *const bad[] = {
		"2017-02-29", "2016-13-01", "2016-00-10", "2016-1-01",
		"2016-01-1", "2016-01-011", "20160101", "2016/01/01", "",
		"2016-04-31", "0000-01-01",
	};
	long	 d, k;
	int	 y, m, dd;
	size_t	 i;

	(void)state;
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(day("2016-02-29"), 16860);
	assert_int_equal(day("2000-03-01") - day("2000-02-28"), 2);
	assert_int_equal(day("1900-03-01") - day("1900-02-28"), 1);
	for (i = 0; i < NELEM(bad); i++)
		assert_int_equal(money_date(bad[i], &d), -1);
	assert_int_equal(money_date(NULL, &d), -1);
	for (k = day("1899-12-25"); k < day("2101-01-05"); k += 13) {
		money_ymd(k, &y, &m, &dd);
		assert_int_equal(money_days(y, m, dd), k);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utility_of_kind),
		cmocka_unit_test(test_parts_allowed),
		cmocka_unit_test(test_water),
		cmocka_unit_test(test_own_side_kinds),
		cmocka_unit_test(test_power_third),
		cmocka_unit_test(test_power_all_parts),
		cmocka_unit_test(test_third_rounding),
		cmocka_unit_test(test_other_kinds),
		cmocka_unit_test(test_item_check),
		cmocka_unit_test(test_source_party),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_rate_bounds),
		cmocka_unit_test(test_subsidy_month),
		cmocka_unit_test(test_contract_threshold),
		cmocka_unit_test(test_months_covered),
		cmocka_unit_test(test_dates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
