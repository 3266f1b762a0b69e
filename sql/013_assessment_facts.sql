-- 013_assessment_facts.sql - the county assessment's figures kept as the
-- workflow writes them, so that the report reads a few hundred rows
-- instead of every item, funding line, approval and acceptance event
-- (issue 5 §8: the whole city over 20,000 communities and 2 million
-- events in under 200 ms; docs/benchmarks.md "Assessment").
--
-- Each fact is written by a trigger in the transaction that changes its
-- source, so it is never behind; only the owner writes the facts (the
-- application's role may read them); assessment_facts_rebuild() makes
-- them again from their sources (after `jiugai gen`, which loads with
-- these triggers off) and assessment_facts_check() counts the rows that
-- differ from a fresh computation (0 when all agree; the tests call it).
--
-- The item and funding tallies are per county: every writer in a county
-- takes the county's transaction-level advisory lock before it touches
-- them, so two transactions that change several kinds in different
-- orders wait for each other instead of deadlocking.  Writes in one
-- county are few per second (a government workflow); a county's writers
-- queue for the milliseconds of each other's commit.

-- ---------------------------------------------------------------------
-- A community's acceptance and its batch's deadline class.
-- ---------------------------------------------------------------------

-- accepted_at: when the community last entered 'accepted' (the time of
-- the event that took it there: both are now() of the transaction), kept
-- while it is managed, cleared when it leaves for any other stage.  The
-- trigger decides it; a value the application passes is overwritten.
ALTER TABLE community
	ADD COLUMN accepted_at timestamptz,
	ADD COLUMN pilot boolean NOT NULL
	    GENERATED ALWAYS AS (coalesce(batch ~* '试点|pilot', false)) STORED;

CREATE FUNCTION community_accepted_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		NEW.accepted_at := CASE WHEN NEW.stage = 'accepted' THEN now() END;
	ELSIF NEW.stage IS NOT DISTINCT FROM OLD.stage THEN
		NEW.accepted_at := OLD.accepted_at;
	ELSIF NEW.stage = 'accepted' THEN
		NEW.accepted_at := now();
	ELSIF NEW.stage = 'managed' THEN
		NEW.accepted_at := OLD.accepted_at;
	ELSE
		NEW.accepted_at := NULL;
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER community_accepted BEFORE INSERT OR UPDATE ON community
	FOR EACH ROW EXECUTE FUNCTION community_accepted_at();

-- The renovated communities of a period, and those accepted by a
-- deadline: ranges of acceptances, read from the index alone.
CREATE INDEX community_accepted ON community (accepted_at)
	INCLUDE (county, pilot, households, floor_area_m2)
	WHERE accepted_at IS NOT NULL;

-- ---------------------------------------------------------------------
-- Selected items per county and kind, funding per county and source:
-- communities that are not withdrawn.
-- ---------------------------------------------------------------------

-- Communities per county, stage and deadline class.
CREATE TABLE stage_tally (
	county		text NOT NULL REFERENCES county,
	stage		text NOT NULL REFERENCES stage,
	pilot		boolean NOT NULL,
	n		bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (county, stage, pilot)
);

CREATE TABLE item_tally (
	county		text NOT NULL REFERENCES county,
	kind		text NOT NULL REFERENCES item_kind,
	selected	bigint NOT NULL DEFAULT 0,
	signed_off	bigint NOT NULL DEFAULT 0,
	PRIMARY KEY (county, kind)
);

CREATE TABLE funding_tally (
	county		text NOT NULL REFERENCES county,
	source		text NOT NULL,
	lines		bigint NOT NULL DEFAULT 0,
	planned_yuan	numeric NOT NULL DEFAULT 0,
	received_yuan	numeric NOT NULL DEFAULT 0,
	PRIMARY KEY (county, source)
);

-- Each department's decisions: the round's opening and the decision's
-- time, with the community's county, for the decision-time percentiles.
CREATE TABLE decision (
	round_id	bigint NOT NULL,
	dept		text NOT NULL,
	county		text NOT NULL,
	submitted_at	timestamptz NOT NULL,
	decided_at	timestamptz NOT NULL,
	PRIMARY KEY (round_id, dept)
);
-- A department's decisions on the rounds opened in a period: one range.
CREATE INDEX decision_dept ON decision (dept, submitted_at)
	INCLUDE (decided_at, county);

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON stage_tally, item_tally,
    funding_tally, decision FROM jiugai;
GRANT SELECT ON stage_tally, item_tally, funding_tally, decision TO jiugai;

-- The county's lock for its tallies (class 20161: the plan's year).
CREATE FUNCTION tally_lock(cty text) RETURNS void
LANGUAGE sql AS $$
	SELECT pg_advisory_xact_lock(20161, hashtext(cty))
$$;

-- The one place each tally is written: add (or, with negative numbers,
-- take away) counts and sums to a county's row, under its lock.
CREATE FUNCTION tally_item_add(cty text, k text, dsel bigint, dso bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM tally_lock(cty);
	INSERT INTO item_tally AS t (county, kind, selected, signed_off)
	    VALUES (cty, k, dsel, dso)
	    ON CONFLICT (county, kind) DO UPDATE
	    SET selected = t.selected + EXCLUDED.selected,
		signed_off = t.signed_off + EXCLUDED.signed_off;
END
$$;

CREATE FUNCTION tally_funding_add(cty text, src text, dn bigint, dpl numeric,
    drc numeric) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM tally_lock(cty);
	INSERT INTO funding_tally AS t (county, source, lines, planned_yuan,
	    received_yuan) VALUES (cty, src, dn, dpl, drc)
	    ON CONFLICT (county, source) DO UPDATE
	    SET lines = t.lines + EXCLUDED.lines,
		planned_yuan = t.planned_yuan + EXCLUDED.planned_yuan,
		received_yuan = t.received_yuan + EXCLUDED.received_yuan;
END
$$;

-- One item's or funding line's change, counted in its community's
-- county unless the community is withdrawn.
CREATE FUNCTION tally_item(cid bigint, k text, dsel int, dso int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	cty	text;
BEGIN
	IF dsel = 0 AND dso = 0 THEN
		RETURN;
	END IF;
	SELECT c.county INTO cty FROM community c
	    WHERE c.id = cid AND c.stage <> 'withdrawn';
	IF cty IS NOT NULL THEN
		PERFORM tally_item_add(cty, k, dsel, dso);
	END IF;
END
$$;

CREATE FUNCTION tally_funding(cid bigint, src text, dn int, dpl numeric,
    drc numeric) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	cty	text;
BEGIN
	SELECT c.county INTO cty FROM community c
	    WHERE c.id = cid AND c.stage <> 'withdrawn';
	IF cty IS NOT NULL THEN
		PERFORM tally_funding_add(cty, src, dn, dpl, drc);
	END IF;
END
$$;

-- The triggers run as the owner (SECURITY DEFINER): the application's
-- role cannot write a tally itself.
CREATE FUNCTION item_tally_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.community_id = OLD.community_id
	    AND NEW.kind = OLD.kind AND NEW.selected = OLD.selected
	    AND NEW.status = OLD.status THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM tally_item(OLD.community_id, OLD.kind, -OLD.selected::int,
		    -(OLD.selected AND OLD.status = 'signed_off')::int);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM tally_item(NEW.community_id, NEW.kind, NEW.selected::int,
		    (NEW.selected AND NEW.status = 'signed_off')::int);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER item_tally AFTER INSERT OR UPDATE OR DELETE ON item
	FOR EACH ROW EXECUTE FUNCTION item_tally_apply();

CREATE FUNCTION funding_tally_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.community_id = OLD.community_id
	    AND NEW.source = OLD.source AND NEW.planned_yuan = OLD.planned_yuan
	    AND NEW.received_yuan = OLD.received_yuan THEN
		RETURN NULL;
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM tally_funding(OLD.community_id, OLD.source, -1,
		    -OLD.planned_yuan, -OLD.received_yuan);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM tally_funding(NEW.community_id, NEW.source, 1,
		    NEW.planned_yuan, NEW.received_yuan);
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER funding_tally AFTER INSERT OR UPDATE OR DELETE ON funding
	FOR EACH ROW EXECUTE FUNCTION funding_tally_apply();

-- Add sign (1 or -1) times one community's selected items and funding
-- lines to the tallies of county cty.
CREATE FUNCTION tally_community(cid bigint, cty text, sign int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	r	record;
BEGIN
	FOR r IN SELECT i.kind, count(*) AS sel,
	    count(*) FILTER (WHERE i.status = 'signed_off') AS so
	    FROM item i WHERE i.community_id = cid AND i.selected
	    GROUP BY i.kind ORDER BY i.kind LOOP
		PERFORM tally_item_add(cty, r.kind, sign * r.sel, sign * r.so);
	END LOOP;
	FOR r IN SELECT f.source, count(*) AS n, sum(f.planned_yuan) AS pl,
	    sum(f.received_yuan) AS rc
	    FROM funding f WHERE f.community_id = cid
	    GROUP BY f.source ORDER BY f.source LOOP
		PERFORM tally_funding_add(cty, r.source, sign * r.n, sign * r.pl,
		    sign * r.rc);
	END LOOP;
END
$$;

-- A community withdrawn (or back), or moved to another county: its items
-- and funding leave the old county's tallies and join the new one's
-- (both counties' locks first, in one order); its decisions move along.
CREATE FUNCTION community_tally_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	PERFORM tally_lock(least(OLD.county, NEW.county));
	PERFORM tally_lock(greatest(OLD.county, NEW.county));
	IF OLD.stage <> 'withdrawn' THEN
		PERFORM tally_community(OLD.id, OLD.county, -1);
	END IF;
	IF NEW.stage <> 'withdrawn' THEN
		PERFORM tally_community(NEW.id, NEW.county, 1);
	END IF;
	IF NEW.county IS DISTINCT FROM OLD.county THEN
		UPDATE decision d SET county = NEW.county FROM round r
		    WHERE r.community_id = NEW.id AND d.round_id = r.id;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER community_tally AFTER UPDATE OF stage, county ON community
	FOR EACH ROW
	WHEN ((OLD.stage = 'withdrawn') IS DISTINCT FROM (NEW.stage = 'withdrawn')
	    OR OLD.county IS DISTINCT FROM NEW.county)
	EXECUTE FUNCTION community_tally_apply();

-- A community counted under its county, stage and class: every move of
-- the workflow takes one from a stage and gives one to the next.
CREATE FUNCTION stage_tally_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	-- Both counties' locks, in one order, when a community changes county.
	IF TG_OP = 'UPDATE' AND OLD.county < NEW.county THEN
		PERFORM tally_lock(OLD.county);
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		PERFORM tally_lock(NEW.county);
	END IF;
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		PERFORM tally_lock(OLD.county);
		INSERT INTO stage_tally AS t (county, stage, pilot, n)
		    VALUES (OLD.county, OLD.stage, OLD.pilot, -1)
		    ON CONFLICT (county, stage, pilot) DO UPDATE SET n = t.n - 1;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO stage_tally AS t (county, stage, pilot, n)
		    VALUES (NEW.county, NEW.stage, NEW.pilot, 1)
		    ON CONFLICT (county, stage, pilot) DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER stage_tally AFTER INSERT OR DELETE ON community
	FOR EACH ROW EXECUTE FUNCTION stage_tally_apply();
CREATE TRIGGER stage_tally_move AFTER UPDATE OF stage, county, batch ON community
	FOR EACH ROW
	WHEN ((OLD.county, OLD.stage, OLD.pilot) IS DISTINCT FROM
	    (NEW.county, NEW.stage, NEW.pilot))
	EXECUTE FUNCTION stage_tally_apply();

CREATE FUNCTION decision_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	INSERT INTO decision (round_id, dept, county, submitted_at, decided_at)
	    SELECT NEW.round_id, NEW.dept, c.county, r.submitted_at, NEW.at
	    FROM round r JOIN community c ON c.id = r.community_id
	    WHERE r.id = NEW.round_id;
	RETURN NULL;
END
$$;

CREATE TRIGGER decision AFTER INSERT ON approval
	FOR EACH ROW EXECUTE FUNCTION decision_apply();

-- ---------------------------------------------------------------------
-- Made again from the sources; checked against them.
-- ---------------------------------------------------------------------

-- The facts as the sources give them, one view per fact.
CREATE VIEW stage_tally_source AS
	SELECT c.county, c.stage, c.pilot, count(*) AS n
	FROM community c GROUP BY c.county, c.stage, c.pilot;

CREATE VIEW item_tally_source AS
	SELECT c.county, i.kind, count(*) AS selected,
	    count(*) FILTER (WHERE i.status = 'signed_off') AS signed_off
	FROM item i JOIN community c ON c.id = i.community_id
	WHERE i.selected AND c.stage <> 'withdrawn'
	GROUP BY c.county, i.kind;

CREATE VIEW funding_tally_source AS
	SELECT c.county, f.source, count(*) AS lines,
	    sum(f.planned_yuan) AS planned_yuan,
	    sum(f.received_yuan) AS received_yuan
	FROM funding f JOIN community c ON c.id = f.community_id
	WHERE c.stage <> 'withdrawn'
	GROUP BY c.county, f.source;

CREATE VIEW decision_source AS
	SELECT a.round_id, a.dept, c.county, r.submitted_at, a.at AS decided_at
	FROM approval a JOIN round r ON r.id = a.round_id
	JOIN community c ON c.id = r.community_id;

CREATE VIEW accepted_at_source AS
	SELECT c.id, CASE WHEN c.stage IN ('accepted', 'managed') THEN
	    (SELECT max(e.at) FROM event e WHERE e.community_id = c.id
		AND e.after ? 'stage' AND e.after->>'stage' = 'accepted')
	    END AS accepted_at
	FROM community c;

CREATE FUNCTION assessment_facts_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	ALTER TABLE community DISABLE TRIGGER community_accepted;
	UPDATE community c SET accepted_at = s.accepted_at
	    FROM accepted_at_source s
	    WHERE s.id = c.id AND c.accepted_at IS DISTINCT FROM s.accepted_at;
	ALTER TABLE community ENABLE TRIGGER community_accepted;
	DELETE FROM stage_tally;
	INSERT INTO stage_tally SELECT * FROM stage_tally_source;
	DELETE FROM item_tally;
	INSERT INTO item_tally SELECT * FROM item_tally_source;
	DELETE FROM funding_tally;
	INSERT INTO funding_tally SELECT * FROM funding_tally_source;
	DELETE FROM decision;
	INSERT INTO decision SELECT * FROM decision_source;
END
$$;

-- Rows that differ between the facts and their sources (a zero count in
-- a tally is the same as no row).
CREATE FUNCTION assessment_facts_check() RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT (SELECT count(*) FROM community c JOIN accepted_at_source s
		ON s.id = c.id WHERE c.accepted_at IS DISTINCT FROM s.accepted_at)
	    + (SELECT count(*) FROM
		((SELECT * FROM stage_tally WHERE n <> 0
		  EXCEPT SELECT * FROM stage_tally_source)
		 UNION ALL
		 (SELECT * FROM stage_tally_source
		  EXCEPT SELECT * FROM stage_tally)) d)
	    + (SELECT count(*) FROM
		((SELECT * FROM item_tally WHERE selected <> 0 OR signed_off <> 0
		  EXCEPT SELECT * FROM item_tally_source)
		 UNION ALL
		 (SELECT * FROM item_tally_source
		  EXCEPT SELECT * FROM item_tally)) d)
	    + (SELECT count(*) FROM
		((SELECT * FROM funding_tally WHERE lines <> 0
		  EXCEPT SELECT * FROM funding_tally_source)
		 UNION ALL
		 (SELECT * FROM funding_tally_source
		  EXCEPT SELECT * FROM funding_tally)) d)
	    + (SELECT count(*) FROM
		((SELECT * FROM decision EXCEPT SELECT * FROM decision_source)
		 UNION ALL
		 (SELECT * FROM decision_source EXCEPT SELECT * FROM decision)) d)
$$;

GRANT EXECUTE ON FUNCTION assessment_facts_check() TO jiugai;

SELECT assessment_facts_rebuild();

-- The community's JSON stays as API v1 has it: the facts are the report's.
CREATE OR REPLACE FUNCTION community_json(cid bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT to_jsonb(c) - 'declared_by_sub' - 'accepted_at' - 'pilot'
	    || jsonb_build_object(
		'round', (SELECT round_json(r.id) FROM round r
		    WHERE r.community_id = c.id AND r.status = 'open'),
		'items', COALESCE((SELECT jsonb_agg(item_json(i) ORDER BY i.id)
		    FROM item i WHERE i.community_id = c.id), '[]'::jsonb),
		'funding', COALESCE((SELECT jsonb_agg(funding_json(f) ORDER BY f.id)
		    FROM funding f WHERE f.community_id = c.id), '[]'::jsonb),
		'stage_dates', COALESCE((SELECT jsonb_object_agg(s.stage, s.at)
		    FROM (SELECT e.after->>'stage' AS stage, max(e.at) AS at
			FROM event e WHERE e.community_id = c.id
			  AND e.after ? 'stage' GROUP BY 1) s
		    WHERE s.stage IS NOT NULL), '{}'::jsonb))
	FROM community c WHERE c.id = cid
$$;
