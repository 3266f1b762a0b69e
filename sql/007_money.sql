-- 007_money.sql - the plan's money rules (DOMAIN.md "Where the money comes
-- from", seed §4(3) and §4(5)): an item's estimate split into the parts
-- that decide who pays, and each county's property-management subsidy
-- rate.  The shares themselves are computed by app/money.c from these
-- numbers (docs/money.md); the database keeps the numbers consistent.

-- The utility that renovates its own side of an item of this kind: the
-- kind's department when that department is a utility (DESIGN §8: water
-- and drainage -> water, power, gas, heating -> heat, telecom), else NULL.
-- Derived from dept, which `jiugai migrate` syncs from app/codes.c, so
-- there is no second list of kinds to keep in step; money_utility() in
-- app/money.c is the same rule (tests/sql/test_money_sql.c compares them).
ALTER TABLE item_kind ADD COLUMN utility text GENERATED ALWAYS AS
	(CASE WHEN dept IN ('water', 'power', 'gas', 'heat', 'telecom')
	 THEN dept END) STORED;

-- The parts of an item's estimate (yuan):
--   utility_side_yuan   the utility's own facilities (专营设施), which it
--                       pays in full; kinds with a utility only;
--   beyond_meter_yuan   power facilities outside the household meter or
--                       entry point (分户计量装置或入户端口以外), of which
--                       the power company pays one third; power only;
--   owners_part_yuan    the owners' exclusive parts (业主专有部分), which
--                       the owners pay; any kind.
-- What no part names is the common work left for public funds.  The
-- parts never add up to more than the estimate, and need one.
ALTER TABLE item
	ADD COLUMN utility_side_yuan numeric(14,2) CHECK (utility_side_yuan >= 0),
	ADD COLUMN beyond_meter_yuan numeric(14,2) CHECK (beyond_meter_yuan >= 0),
	ADD COLUMN owners_part_yuan numeric(14,2) CHECK (owners_part_yuan >= 0),
	ADD CONSTRAINT item_parts_within_estimate CHECK (
	    (utility_side_yuan IS NULL AND beyond_meter_yuan IS NULL
	     AND owners_part_yuan IS NULL)
	    OR (estimate_yuan IS NOT NULL
		AND coalesce(utility_side_yuan, 0) + coalesce(beyond_meter_yuan, 0)
		    + coalesce(owners_part_yuan, 0) <= estimate_yuan));

-- Which kinds may carry which parts: a rule across two tables, so a
-- trigger.
CREATE FUNCTION item_parts_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	u	text;
BEGIN
	SELECT k.utility INTO u FROM item_kind k WHERE k.code = NEW.kind;
	IF NEW.utility_side_yuan IS NOT NULL AND u IS NULL THEN
		RAISE EXCEPTION 'an item of kind % has no utility side', NEW.kind
		    USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.beyond_meter_yuan IS NOT NULL AND u IS DISTINCT FROM 'power' THEN
		RAISE EXCEPTION 'only power items have a part beyond the meter'
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER item_parts BEFORE INSERT OR UPDATE OF kind, utility_side_yuan,
    beyond_meter_yuan ON item
    FOR EACH ROW EXECUTE FUNCTION item_parts_check();

-- The county's property-management subsidy (seed §4(5): 0.2 to 0.4 yuan per
-- m² of managed area a month), set by the housing bureau per county.  The
-- server only reads it; docs/money.md says how to change it.
ALTER TABLE county ADD COLUMN subsidy_rate_yuan_m2_month numeric(4,2)
	NOT NULL DEFAULT 0.30
	CHECK (subsidy_rate_yuan_m2_month BETWEEN 0.20 AND 0.40);

-- Every change of a rate is kept, with who made it (the database role:
-- rates are set by the owner, never by the server): the subsidies of past
-- months can be checked against the rate of their day.  Append-only.
CREATE TABLE county_rate_change (
	id		bigserial PRIMARY KEY,
	county		text NOT NULL REFERENCES county,
	old_rate	numeric(4,2) NOT NULL,
	new_rate	numeric(4,2) NOT NULL,
	changed_by	text NOT NULL DEFAULT session_user,
	changed_at	timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION county_rate_log() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.subsidy_rate_yuan_m2_month IS DISTINCT FROM OLD.subsidy_rate_yuan_m2_month THEN
		INSERT INTO county_rate_change (county, old_rate, new_rate)
		    VALUES (NEW.code, OLD.subsidy_rate_yuan_m2_month,
			NEW.subsidy_rate_yuan_m2_month);
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER county_rate AFTER UPDATE OF subsidy_rate_yuan_m2_month ON county
    FOR EACH ROW EXECUTE FUNCTION county_rate_log();
CREATE TRIGGER county_rate_change_frozen BEFORE UPDATE OR DELETE
    ON county_rate_change FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER county_rate_change_no_truncate BEFORE TRUNCATE
    ON county_rate_change FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
-- The server reads the history; the owner's trigger writes it.
REVOKE INSERT, UPDATE, DELETE ON county_rate_change FROM jiugai;

-- The item as the API shows it: 002's shape plus the parts and the utility.
CREATE OR REPLACE FUNCTION item_json(i item) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'id', i.id,
	    'community_id', i.community_id,
	    'kind', i.kind,
	    'dept', k.dept,
	    'condition', i.condition,
	    'selected', i.selected,
	    'estimate_yuan', i.estimate_yuan,
	    'utility', k.utility,
	    'utility_side_yuan', i.utility_side_yuan,
	    'beyond_meter_yuan', i.beyond_meter_yuan,
	    'owners_part_yuan', i.owners_part_yuan,
	    'status', i.status,
	    'decided_dept', i.decided_dept,
	    'decided_by', i.decided_by,
	    'decided_at', i.decided_at,
	    'decision_comment', i.decision_comment)
	FROM item_kind k WHERE k.code = i.kind
$$;
