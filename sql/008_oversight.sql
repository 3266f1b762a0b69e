-- 008_oversight.sql - the county assessment (考核, issue 5 §2).
--
-- The office sets each county's yearly targets; GET
-- /api/v1/reports/assessment compares what the records say was renovated
-- against them, pro rata to the period asked for (docs/assessment.md).
-- The plan's deadlines (pilots by 2016-06-30, roll-out by 2020-12-31) are
-- settings of the server (pilot_deadline, rollout_deadline in
-- docs/CONTRACTS.md), not rows: they change with a new plan, not by hand.

-- One row per county and year.  A NULL target is "not set": the report
-- shows no flag for it rather than a red one.  The housing bureau's admin
-- edits the rows (the server role inserts and updates them: 003's default
-- privileges); set_by/set_at say who did last.
CREATE TABLE target (
	county			text NOT NULL REFERENCES county,
	year			integer NOT NULL CHECK (year BETWEEN 2016 AND 2100),
	households_target	integer CHECK (households_target >= 0),
	area_target_m2		numeric(14,2) CHECK (area_target_m2 >= 0),
	communities_target	integer CHECK (communities_target >= 0),
	set_by			text NOT NULL,
	set_at			timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (county, year)
);
-- Targets are corrected, never removed: a year without one is a row of
-- NULLs.
REVOKE DELETE ON target FROM jiugai;

-- The decision times are over the rounds opened in the period: without
-- this, a year's rounds are a scan of them all.
CREATE INDEX round_submitted ON round (submitted_at);
