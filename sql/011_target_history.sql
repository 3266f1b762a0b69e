-- 011_target_history.sql - who changed a county's yearly targets, and from
-- what to what (issue 5 §2: the office sets the targets the counties are
-- rated against; a rating that turns green because a target was lowered
-- must say who lowered it and when).
--
-- target keeps who changed it last (set_by, set_at, sql/008).  Every
-- insert and every update that changes a value is also written here by
-- a trigger, so that a change made by hand with psql is recorded as well
-- as one made through POST /api/v1/reports/targets.  A change that does
-- not say who made it (an UPDATE that leaves set_at as it was) is
-- stamped with the database role that made it, "db:<role>", and the
-- time of its transaction, on the row and in its history alike.  The
-- rows here are never changed or removed: the server role may only add
-- them.

CREATE TABLE target_change (
	id			bigserial PRIMARY KEY,
	county			text NOT NULL REFERENCES county,
	year			integer NOT NULL,
	-- NULL before: the row was new, or the target was not set.
	old_households		integer,
	new_households		integer,
	old_area_m2		numeric(14,2),
	new_area_m2		numeric(14,2),
	old_communities		integer,
	new_communities		integer,
	changed_by		text NOT NULL,
	changed_at		timestamptz NOT NULL DEFAULT now()
);
-- The page shows a year's latest changes first.
CREATE INDEX target_change_year ON target_change (year, changed_at DESC, id DESC);
REVOKE UPDATE, DELETE, TRUNCATE ON target_change FROM jiugai;

CREATE FUNCTION target_stamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.set_at IS NOT DISTINCT FROM OLD.set_at AND (
	    NEW.households_target IS DISTINCT FROM OLD.households_target OR
	    NEW.area_target_m2 IS DISTINCT FROM OLD.area_target_m2 OR
	    NEW.communities_target IS DISTINCT FROM OLD.communities_target) THEN
		NEW.set_by := 'db:' || session_user;
		NEW.set_at := now();
	END IF;
	RETURN NEW;
END;
$$;

CREATE TRIGGER target_stamp BEFORE UPDATE ON target
	FOR EACH ROW EXECUTE FUNCTION target_stamp();

CREATE FUNCTION target_record() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND
	    NEW.households_target IS NOT DISTINCT FROM OLD.households_target AND
	    NEW.area_target_m2 IS NOT DISTINCT FROM OLD.area_target_m2 AND
	    NEW.communities_target IS NOT DISTINCT FROM OLD.communities_target THEN
		RETURN NULL;	-- saved again unchanged: nothing to record
	END IF;
	INSERT INTO public.target_change (county, year,
	    old_households, new_households, old_area_m2, new_area_m2,
	    old_communities, new_communities, changed_by, changed_at)
	VALUES (NEW.county, NEW.year,
	    CASE WHEN TG_OP = 'UPDATE' THEN OLD.households_target END,
	    NEW.households_target,
	    CASE WHEN TG_OP = 'UPDATE' THEN OLD.area_target_m2 END,
	    NEW.area_target_m2,
	    CASE WHEN TG_OP = 'UPDATE' THEN OLD.communities_target END,
	    NEW.communities_target,
	    NEW.set_by, NEW.set_at);
	RETURN NULL;
END;
$$;

CREATE TRIGGER target_record AFTER INSERT OR UPDATE ON target
	FOR EACH ROW EXECUTE FUNCTION target_record();

-- The targets set before this migration: their last change, as far as
-- it is known.
INSERT INTO target_change (county, year, new_households, new_area_m2,
    new_communities, changed_by, changed_at)
SELECT county, year, households_target, area_target_m2, communities_target,
    set_by, set_at
FROM target;
