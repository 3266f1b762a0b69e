-- 014_search_tasks.sql - search by code or name part, and the task lists,
-- at national scale (issue 6 §3, docs/benchmarks.md "National scale").
--
-- ---------------------------------------------------------------------
-- Search (GET /api/v1/communities?q=, LIST_FILTER in app/db_stmts.c).
-- ---------------------------------------------------------------------
--
-- q is a community's code or a part of its name.  strpos() had no index,
-- so a code or a rare name part read all 220,000 communities (~110 ms and
-- ~210 ms); LIST_FILTER now says `c.name LIKE '%' || q || '%'` (q's \, %
-- and _ escaped: the same rows), which a trigram index serves, and the
-- planner ORs it with the code's unique index (a BitmapOr of two probes).
--
-- pg_trgm is a contrib extension (Debian: postgresql-contrib, which
-- scripts/deps.sh installs) and trusted since PostgreSQL 13: the owner of
-- the database may create it, as `jiugai migrate` connects (migrate_url,
-- docs/audit.md).  Its functions stay executable by PUBLIC; the
-- application's role needs nothing more.  A server without the contrib
-- files stops here with "could not open extension control file".
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Trigrams of CJK characters are hashed like any others (C.UTF-8 counts
-- them as letters); a part of fewer than three characters has no trigram
-- and the planner keeps the walk in id order it used before.
CREATE INDEX community_name_trgm ON community USING gin (name gin_trgm_ops);

-- Between the index (every match, then sorted by id) and the walk in id
-- order that stops at the page's 50th match, the planner chooses by how
-- many names it expects to match.  With the default sample (100) it
-- expected 2,176 of 220,000 for a part that 655 hold, and walked 16,000
-- rows (27 ms); with 1,000, 596 (the index: 6 ms).
ALTER TABLE community ALTER COLUMN name SET STATISTICS 1000;
ANALYZE community (name);

-- ---------------------------------------------------------------------
-- Rounds waiting for a department (GET /api/v1/tasks, TASKS_SQL).
-- ---------------------------------------------------------------------
--
-- A department's approvals to give were found by walking every open
-- round that names it and asking approval whether it had decided: at
-- 220,000 communities 22,000 open rounds name housing and it has decided
-- all but three, so the list of three took ~120 ms (0.46 s with 20
-- million events), and a county approver's list as long.  round_pending
-- holds what the anti-join computed, one row per open round and
-- department that has not decided yet, with the community's county and
-- what the list shows of the round, so that a list is one index range
-- read in order and only its first 500 rows are joined to their
-- communities: (dept, submitted_at) for the city's departments, (dept,
-- county, submitted_at) for a county's.  (Joined to round for its action
-- and submitter, the planner hashed all 62,000 open rounds for a
-- county's 1,900 pending ones.)
--
-- Written by triggers in the transaction that opens a round, decides on
-- it or closes it (never behind); only the owner writes it (the
-- functions are SECURITY DEFINER, as 013's); round_pending_rebuild()
-- makes it again from the sources, round_pending_check() counts the rows
-- that differ from them (0 when all agree; the tests call it).
CREATE TABLE round_pending (
	round_id	bigint NOT NULL,
	dept		text NOT NULL,
	county		text NOT NULL,
	submitted_at	timestamptz NOT NULL,
	community_id	bigint NOT NULL,
	action		text NOT NULL,
	submitted_by	text NOT NULL,
	PRIMARY KEY (round_id, dept)
);
CREATE INDEX round_pending_dept ON round_pending (dept, submitted_at, round_id);
CREATE INDEX round_pending_county ON round_pending
	(dept, county, submitted_at, round_id);

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON round_pending FROM jiugai;
GRANT SELECT ON round_pending TO jiugai;

-- What round_pending must hold: required departments that have neither
-- approved nor rejected, of open rounds.
CREATE VIEW round_pending_source AS
	SELECT DISTINCT r.id AS round_id, d.dept, c.county, r.submitted_at,
	    r.community_id, r.action, r.submitted_by
	FROM round r JOIN community c ON c.id = r.community_id
	CROSS JOIN LATERAL unnest(r.required) AS d(dept)
	WHERE r.status = 'open'
	    AND NOT EXISTS (SELECT 1 FROM approval a
		WHERE a.round_id = r.id AND a.dept = d.dept);

-- A round opened (the application opens rounds only; a bulk load may
-- insert closed ones, which the WHEN skips).  Decisions already there
-- count: a load may copy them before their round.
CREATE FUNCTION round_pending_open() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	INSERT INTO round_pending
	    SELECT * FROM round_pending_source s WHERE s.round_id = NEW.id
	    ON CONFLICT DO NOTHING;
	RETURN NULL;
END
$$;

CREATE TRIGGER round_pending_open AFTER INSERT ON round
	FOR EACH ROW WHEN (NEW.status = 'open')
	EXECUTE FUNCTION round_pending_open();

-- A round closed (approved, rejected, cancelled): nobody waits any more.
CREATE FUNCTION round_pending_close() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	DELETE FROM round_pending WHERE round_id = NEW.id;
	RETURN NULL;
END
$$;

CREATE TRIGGER round_pending_close AFTER UPDATE OF status ON round
	FOR EACH ROW WHEN (OLD.status = 'open' AND NEW.status <> 'open')
	EXECUTE FUNCTION round_pending_close();

-- A department decided (either way).
CREATE FUNCTION round_pending_decided() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	DELETE FROM round_pending WHERE round_id = NEW.round_id
	    AND dept = NEW.dept;
	RETURN NULL;
END
$$;

CREATE TRIGGER round_pending_decided AFTER INSERT ON approval
	FOR EACH ROW EXECUTE FUNCTION round_pending_decided();

-- A community moved to another county (PATCH refuses it while a round is
-- open; any other writer is followed all the same).
CREATE FUNCTION round_pending_county() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE round_pending p SET county = NEW.county
	    FROM round r
	    WHERE r.community_id = NEW.id AND r.status = 'open'
		AND p.round_id = r.id;
	RETURN NULL;
END
$$;

CREATE TRIGGER round_pending_county AFTER UPDATE OF county ON community
	FOR EACH ROW WHEN (OLD.county IS DISTINCT FROM NEW.county)
	EXECUTE FUNCTION round_pending_county();

CREATE FUNCTION round_pending_rebuild() RETURNS void
LANGUAGE sql AS $$
	DELETE FROM round_pending;
	INSERT INTO round_pending SELECT * FROM round_pending_source;
$$;

CREATE FUNCTION round_pending_check() RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT count(*) FROM
	    ((SELECT * FROM round_pending EXCEPT SELECT * FROM round_pending_source)
	     UNION ALL
	     (SELECT * FROM round_pending_source EXCEPT SELECT * FROM round_pending)) d
$$;

GRANT EXECUTE ON FUNCTION round_pending_check() TO jiugai;

SELECT round_pending_rebuild();

-- ---------------------------------------------------------------------
-- Items waiting for a department's sign-off (TASKS_SQL).
-- ---------------------------------------------------------------------
--
-- Done, selected items of renovated communities, by the department that
-- signs their kind off.  Done items are mostly in piloted communities
-- (186,000 of 217,000 at 220,000 communities), so the list walked the
-- items in id order and looked up each one's community: police's 500
-- took ~230 ms, construction's with its approvals ~500 ms.  Kept like
-- round_pending: signoff_pending_rebuild(), signoff_pending_check().
CREATE TABLE signoff_pending (
	item_id		bigint PRIMARY KEY,
	dept		text NOT NULL,
	county		text NOT NULL,
	community_id	bigint NOT NULL,
	kind		text NOT NULL
);
CREATE INDEX signoff_pending_dept ON signoff_pending (dept, item_id);
CREATE INDEX signoff_pending_county ON signoff_pending (dept, county, item_id);
CREATE INDEX signoff_pending_community ON signoff_pending (community_id);

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON signoff_pending FROM jiugai;
GRANT SELECT ON signoff_pending TO jiugai;

CREATE VIEW signoff_pending_source AS
	SELECT i.id AS item_id, k.dept, c.county, i.community_id, i.kind
	FROM item i JOIN item_kind k ON k.code = i.kind
	JOIN community c ON c.id = i.community_id
	WHERE i.status = 'done' AND i.selected AND c.stage = 'renovated';

-- An item inserted done, or whose status or selection changed.
CREATE FUNCTION signoff_pending_item() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	DELETE FROM signoff_pending WHERE item_id = NEW.id;
	INSERT INTO signoff_pending
	    SELECT * FROM signoff_pending_source s WHERE s.item_id = NEW.id;
	RETURN NULL;
END
$$;

CREATE TRIGGER signoff_pending_insert AFTER INSERT ON item
	FOR EACH ROW WHEN (NEW.status = 'done' AND NEW.selected)
	EXECUTE FUNCTION signoff_pending_item();
CREATE TRIGGER signoff_pending_update
	AFTER UPDATE OF status, selected, kind, community_id ON item
	FOR EACH ROW
	WHEN ((OLD.status, OLD.selected, OLD.kind, OLD.community_id)
	    IS DISTINCT FROM (NEW.status, NEW.selected, NEW.kind, NEW.community_id))
	EXECUTE FUNCTION signoff_pending_item();

-- A community entering or leaving 'renovated', or moved while in it.
CREATE FUNCTION signoff_pending_community() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	DELETE FROM signoff_pending WHERE community_id = NEW.id;
	INSERT INTO signoff_pending
	    SELECT * FROM signoff_pending_source s WHERE s.community_id = NEW.id;
	RETURN NULL;
END
$$;

CREATE TRIGGER signoff_pending_community AFTER UPDATE OF stage, county
	ON community FOR EACH ROW
	WHEN ((OLD.stage = 'renovated') IS DISTINCT FROM (NEW.stage = 'renovated')
	    OR (NEW.stage = 'renovated' AND OLD.county IS DISTINCT FROM NEW.county))
	EXECUTE FUNCTION signoff_pending_community();

-- A kind given to another department (`jiugai migrate` makes item_kind
-- match app/codes.c).
CREATE FUNCTION signoff_pending_kind() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	UPDATE signoff_pending SET dept = NEW.dept WHERE kind = NEW.code;
	RETURN NULL;
END
$$;

CREATE TRIGGER signoff_pending_kind AFTER UPDATE OF dept ON item_kind
	FOR EACH ROW WHEN (OLD.dept IS DISTINCT FROM NEW.dept)
	EXECUTE FUNCTION signoff_pending_kind();

CREATE FUNCTION signoff_pending_rebuild() RETURNS void
LANGUAGE sql AS $$
	DELETE FROM signoff_pending;
	INSERT INTO signoff_pending SELECT * FROM signoff_pending_source;
$$;

CREATE FUNCTION signoff_pending_check() RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT count(*) FROM
	    ((SELECT * FROM signoff_pending
	      EXCEPT SELECT * FROM signoff_pending_source)
	     UNION ALL
	     (SELECT * FROM signoff_pending_source
	      EXCEPT SELECT * FROM signoff_pending)) d
$$;

GRANT EXECUTE ON FUNCTION signoff_pending_check() TO jiugai;

SELECT signoff_pending_rebuild();

-- ---------------------------------------------------------------------
-- Communities whose next step the caller's organisation starts
-- (TASKS_SQL): per stage, the longest waiting first.
-- ---------------------------------------------------------------------
--
-- Every community of the stages (construction: 55,000 piloted and
-- renovated ones) was read and sorted by stage_since for the first 500:
-- 80-140 ms.  The statement now asks each stage for its first 500 in
-- this order and keeps the first 500 of those.
CREATE INDEX community_stage_since ON community (stage, stage_since);
CREATE INDEX community_county_stage_since ON community
	(county, stage, stage_since);
