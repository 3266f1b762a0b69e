-- 001_core.sql - reference sets, the workflow table, communities, rounds,
-- items, funding, the audit trail and idempotency keys.
--
-- The reference tables (dept, county, stage, item_kind, wf_transition,
-- wf_countersign) are filled by `jiugai migrate` from the C tables that the
-- engine uses, so there is one source of truth; PostgreSQL enforces them on
-- its own through foreign keys and triggers.

CREATE TABLE dept (
	code		text PRIMARY KEY,
	scoped		boolean NOT NULL
);

CREATE TABLE county (
	code		text PRIMARY KEY,
	name_zh		text NOT NULL
);

CREATE TABLE stage (
	code		text PRIMARY KEY,
	ord		integer NOT NULL UNIQUE
);

CREATE TABLE item_kind (
	code		text PRIMARY KEY,
	dept		text NOT NULL REFERENCES dept,
	permit		boolean NOT NULL,
	UNIQUE (code, dept)
);

-- One row per (action, from stage): `return` is expanded to its pairs.
CREATE TABLE wf_transition (
	action		text NOT NULL,
	from_stage	text REFERENCES stage,	-- NULL: creates the record
	to_stage	text NOT NULL REFERENCES stage,
	UNIQUE NULLS NOT DISTINCT (action, from_stage)
);

CREATE TABLE wf_countersign (
	action		text NOT NULL,
	dept		text NOT NULL REFERENCES dept,
	conditional	boolean NOT NULL,	-- needed only in some cases
	PRIMARY KEY (action, dept)
);

-- People who may sign in (the web forms add passwords); tokens carry
-- the same claims.
CREATE TABLE app_user (
	sub		text PRIMARY KEY,
	name		text NOT NULL,
	dept		text NOT NULL REFERENCES dept,
	org		text REFERENCES county,
	roles		text[] NOT NULL,
	password_hash	text,
	disabled	boolean NOT NULL DEFAULT false,
	created_at	timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE community (
	id			bigserial PRIMARY KEY,
	code			text NOT NULL UNIQUE,
	stage			text NOT NULL REFERENCES stage,
	version			integer NOT NULL DEFAULT 1 CHECK (version > 0),
	-- declared
	name			text NOT NULL CHECK (name <> ''),
	county			text NOT NULL REFERENCES county,
	street			text NOT NULL,
	committee		text NOT NULL,
	address			text NOT NULL,
	built_year		integer CHECK (built_year BETWEEN 1800 AND 2100),
	buildings		integer CHECK (buildings >= 0),
	households		integer CHECK (households >= 0),
	floor_area_m2		numeric(14,2) CHECK (floor_area_m2 >= 0),
	state_land		boolean,
	urban_area		boolean,
	multi_storey		boolean,
	structure_intact	boolean,
	in_other_plan		boolean,
	dilapidated		boolean NOT NULL DEFAULT false,
	exception_reason	text,
	-- surveyed
	consent_households	integer CHECK (consent_households >= 0),
	notice_posted_on	date,
	batch			text,
	-- piloted
	contractor		text,
	supervisor		text,
	tender_awarded_on	date,
	site_manager		text,
	-- accepted
	owners_meeting_on	date,
	mode			text CHECK (mode IN ('professional', 'community')),
	company			text,
	contract_start		date,
	contract_end		date,
	managed_area_m2		numeric(14,2) CHECK (managed_area_m2 >= 0),
	fee_yuan_per_m2_month	numeric(10,2) CHECK (fee_yuan_per_m2_month >= 0),
	managing_committee	text,
	-- bookkeeping
	declared_by_dept	text NOT NULL REFERENCES dept,
	declared_by_sub		text NOT NULL,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	stage_since		timestamptz NOT NULL DEFAULT now(),
	CHECK (contract_end IS NULL OR contract_start IS NULL
	    OR contract_end > contract_start),
	CHECK (consent_households IS NULL OR households IS NULL
	    OR consent_households <= households)
);
CREATE INDEX community_county_id ON community (county, id);
CREATE INDEX community_stage_id ON community (stage, id);

CREATE TABLE round (
	id		bigserial PRIMARY KEY,
	community_id	bigint NOT NULL REFERENCES community,
	action		text NOT NULL,
	from_stage	text NOT NULL REFERENCES stage,
	required	text[] NOT NULL CHECK (cardinality(required) > 0),
	submitted_by	text NOT NULL,
	submitted_name	text,
	submitted_dept	text NOT NULL REFERENCES dept,
	submitted_at	timestamptz NOT NULL DEFAULT now(),
	comment		text,
	status		text NOT NULL DEFAULT 'open'
			CHECK (status IN ('open', 'approved', 'rejected', 'cancelled')),
	closed_at	timestamptz,
	CHECK ((status = 'open') = (closed_at IS NULL))
);
-- At most one open round per community.
CREATE UNIQUE INDEX round_one_open ON round (community_id) WHERE status = 'open';

CREATE TABLE approval (
	round_id	bigint NOT NULL REFERENCES round,
	dept		text NOT NULL REFERENCES dept,
	decision	text NOT NULL CHECK (decision IN ('approve', 'reject')),
	by_sub		text NOT NULL,
	by_name		text,
	at		timestamptz NOT NULL DEFAULT now(),
	comment		text,
	PRIMARY KEY (round_id, dept)	-- one decision per department per round
);

CREATE TABLE item (
	id		bigserial PRIMARY KEY,
	community_id	bigint NOT NULL REFERENCES community,
	kind		text NOT NULL REFERENCES item_kind,
	condition	text CHECK (condition IN ('good', 'poor', 'missing')),
	selected	boolean NOT NULL DEFAULT false,
	estimate_yuan	numeric(14,2) CHECK (estimate_yuan >= 0),
	status		text NOT NULL DEFAULT 'planned'
			CHECK (status IN ('planned', 'done', 'signed_off')),
	decided_dept	text,		-- who last signed off or rejected
	decided_by	text,
	decided_at	timestamptz,
	decision_comment text,
	CHECK (status <> 'signed_off' OR decided_dept IS NOT NULL),
	-- Only the item's responsible department may decide on it.
	FOREIGN KEY (kind, decided_dept) REFERENCES item_kind (code, dept)
);
CREATE INDEX item_community ON item (community_id);

CREATE TABLE funding (
	id		bigserial PRIMARY KEY,
	community_id	bigint NOT NULL REFERENCES community,
	source		text NOT NULL CHECK (source IN ('province', 'city', 'county',
			    'maintenance_fund', 'utility', 'original_unit', 'owners', 'other')),
	planned_yuan	numeric(14,2) NOT NULL DEFAULT 0 CHECK (planned_yuan >= 0),
	received_yuan	numeric(14,2) NOT NULL DEFAULT 0 CHECK (received_yuan >= 0),
	note		text,
	created_by	text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX funding_community ON funding (community_id);

-- The audit trail: append-only.
CREATE TABLE event (
	id		bigserial PRIMARY KEY,
	community_id	bigint REFERENCES community,
	at		timestamptz NOT NULL DEFAULT now(),
	actor_sub	text NOT NULL,
	actor_name	text,
	actor_dept	text NOT NULL,
	actor_role	text NOT NULL,
	action		text NOT NULL,
	round_id	bigint,
	item_id		bigint,
	comment		text,
	before		jsonb,
	after		jsonb
);
CREATE INDEX event_community ON event (community_id, id);

CREATE TABLE idempotency (
	sub		text NOT NULL,
	key		text NOT NULL,
	request_hash	text NOT NULL,
	status		integer NOT NULL,
	body		text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (sub, key)
);

-- ---------------------------------------------------------------------
-- What PostgreSQL enforces on its own.
-- ---------------------------------------------------------------------

-- A stage change must be a row of the workflow table; a countersigned
-- transition needs a round of that action whose required departments
-- have all approved, closed in this very transaction.
CREATE FUNCTION community_stage_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	act	text;
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NOT EXISTS (SELECT 1 FROM wf_transition
		    WHERE from_stage IS NULL AND to_stage = NEW.stage) THEN
			RAISE EXCEPTION 'stage % is not where a community starts', NEW.stage
			    USING ERRCODE = 'check_violation';
		END IF;
		RETURN NEW;
	END IF;
	IF NEW.stage IS NOT DISTINCT FROM OLD.stage THEN
		RETURN NEW;
	END IF;
	SELECT t.action INTO act FROM wf_transition t
	    WHERE t.from_stage = OLD.stage AND t.to_stage = NEW.stage;
	IF act IS NULL THEN
		RAISE EXCEPTION 'no transition from % to % in the workflow table',
		    OLD.stage, NEW.stage USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.version <= OLD.version THEN
		RAISE EXCEPTION 'a stage change must raise the version'
		    USING ERRCODE = 'check_violation';
	END IF;
	IF EXISTS (SELECT 1 FROM wf_countersign c WHERE c.action = act)
	    AND NOT EXISTS (SELECT 1 FROM round r
		WHERE r.community_id = NEW.id AND r.action = act
		  AND r.from_stage = OLD.stage
		  AND (r.status = 'open' OR (r.status = 'approved' AND r.closed_at = now()))
		  AND NOT EXISTS (SELECT 1 FROM unnest(r.required) AS need(dept)
		      WHERE NOT EXISTS (SELECT 1 FROM approval a
			  WHERE a.round_id = r.id AND a.dept = need.dept
			    AND a.decision = 'approve'))) THEN
		RAISE EXCEPTION 'transition % needs the approval of every countersigning department', act
		    USING ERRCODE = 'check_violation';
	END IF;
	NEW.stage_since := now();
	RETURN NEW;
END $$;

CREATE TRIGGER community_stage BEFORE INSERT OR UPDATE OF stage ON community
    FOR EACH ROW EXECUTE FUNCTION community_stage_check();

CREATE FUNCTION refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
	    USING ERRCODE = 'insufficient_privilege';
END $$;

-- A round may only ask departments that the table names for its action.
CREATE FUNCTION round_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM wf_transition
	    WHERE action = NEW.action AND from_stage = NEW.from_stage) THEN
		RAISE EXCEPTION 'no transition % from %', NEW.action, NEW.from_stage
		    USING ERRCODE = 'check_violation';
	END IF;
	IF EXISTS (SELECT 1 FROM unnest(NEW.required) AS need(dept)
	    WHERE NOT EXISTS (SELECT 1 FROM wf_countersign c
		WHERE c.action = NEW.action AND c.dept = need.dept)) THEN
		RAISE EXCEPTION 'round asks a department the table does not name'
		    USING ERRCODE = 'check_violation';
	END IF;
	IF EXISTS (SELECT 1 FROM wf_countersign c
	    WHERE c.action = NEW.action AND NOT c.conditional
	      AND NOT (c.dept = ANY (NEW.required))) THEN
		RAISE EXCEPTION 'round omits a department the table requires'
		    USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.status <> 'open' THEN
		RAISE EXCEPTION 'a round starts open' USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER round_insert BEFORE INSERT ON round
    FOR EACH ROW EXECUTE FUNCTION round_check();

-- A round only ever closes, once; nothing else about it changes.
CREATE FUNCTION round_update_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.status <> 'open' OR NEW.status = 'open'
	    OR NEW.closed_at IS DISTINCT FROM now()
	    OR (NEW.id, NEW.community_id, NEW.action, NEW.from_stage, NEW.required,
		NEW.submitted_by, NEW.submitted_name, NEW.submitted_dept,
		NEW.submitted_at, NEW.comment)
	    IS DISTINCT FROM
	       (OLD.id, OLD.community_id, OLD.action, OLD.from_stage, OLD.required,
		OLD.submitted_by, OLD.submitted_name, OLD.submitted_dept,
		OLD.submitted_at, OLD.comment) THEN
		RAISE EXCEPTION 'a round may only be closed, once'
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER round_update BEFORE UPDATE ON round
    FOR EACH ROW EXECUTE FUNCTION round_update_check();
CREATE TRIGGER round_no_delete BEFORE DELETE ON round
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A decision must come from a department the open round still needs.
CREATE FUNCTION approval_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	r	round%ROWTYPE;
BEGIN
	SELECT * INTO r FROM round WHERE id = NEW.round_id;
	IF r.status <> 'open' THEN
		RAISE EXCEPTION 'round % is closed', NEW.round_id
		    USING ERRCODE = 'check_violation';
	END IF;
	IF NOT (NEW.dept = ANY (r.required)) THEN
		RAISE EXCEPTION 'department % does not countersign this round', NEW.dept
		    USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.by_sub = r.submitted_by THEN
		RAISE EXCEPTION 'the submitter may not approve the round'
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER approval_insert BEFORE INSERT ON approval
    FOR EACH ROW EXECUTE FUNCTION approval_check();

-- Decisions are never rewritten.
CREATE TRIGGER approval_frozen BEFORE UPDATE OR DELETE ON approval
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Items move planned -> done -> signed_off, or done -> planned (rejected).
CREATE FUNCTION item_status_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
	    (OLD.status = 'planned' AND NEW.status = 'done') OR
	    (OLD.status = 'done' AND NEW.status IN ('signed_off', 'planned'))) THEN
		RAISE EXCEPTION 'item status may not go from % to %', OLD.status, NEW.status
		    USING ERRCODE = 'check_violation';
	END IF;
	IF NEW.status IS DISTINCT FROM OLD.status AND OLD.status = 'done'
	    AND NEW.decided_dept IS NULL THEN
		RAISE EXCEPTION 'a sign-off decision names its department'
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER item_status BEFORE UPDATE OF status ON item
    FOR EACH ROW EXECUTE FUNCTION item_status_check();

-- Every item is born planned, with no decision on it.
CREATE FUNCTION item_insert_check() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status <> 'planned' OR NEW.decided_dept IS NOT NULL
	    OR NEW.decided_by IS NOT NULL OR NEW.decided_at IS NOT NULL THEN
		RAISE EXCEPTION 'an item starts planned, undecided'
		    USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER item_insert BEFORE INSERT ON item
    FOR EACH ROW EXECUTE FUNCTION item_insert_check();

-- The audit trail refuses UPDATE, DELETE and TRUNCATE.
CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE FUNCTION refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME
	    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER approval_no_truncate BEFORE TRUNCATE ON approval
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
