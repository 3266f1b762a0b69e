-- 003_audit_chain.sql - the audit trail as a hash chain, and the
-- application's role.
--
-- Every event row carries seq (its place in the chain), prev_hash and
-- hash = SHA-256(prev_hash || canonical encoding of the row); the encoding
-- is defined in docs/audit.md and by audit_hash() below, and recomputed
-- independently in C by `jiugai verify-audit` (app/audit.c).  Appends are
-- serialised on the single row of audit_head, so the chain cannot fork.
--
-- Runs as the owner role (migrate_url).  The server connects as the role
-- jiugai, which owns nothing and may only read and append the trail.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jiugai') THEN
		RAISE EXCEPTION 'role jiugai (the application''s role) does not exist'
		    USING HINT = 'CREATE ROLE jiugai LOGIN; see docs/audit.md';
	END IF;
	IF current_user = 'jiugai' OR pg_has_role('jiugai', current_user, 'MEMBER')
	    OR (SELECT rolsuper FROM pg_roles WHERE rolname = 'jiugai') THEN
		RAISE EXCEPTION 'migrations must run as the owner role, and the '
		    'application''s role jiugai must be neither that role, nor a '
		    'member of it, nor a superuser'
		    USING HINT = 'set migrate_url to connect as the owner (e.g. '
		    'jiugai_owner); see docs/audit.md';
	END IF;
END $$;

-- ---------------------------------------------------------------------
-- The chain.
-- ---------------------------------------------------------------------

ALTER TABLE event
	ADD COLUMN seq		bigint,
	ADD COLUMN prev_hash	text,
	ADD COLUMN hash		text;

-- One value of the encoding: "N" for NULL, else its length in UTF-8
-- octets, ':' and the octets, so that no value can spill into the next.
CREATE FUNCTION audit_field(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN v IS NULL THEN 'N'
	    ELSE octet_length(convert_to(v, 'UTF8'))::text || ':' || v END
$$;

-- hash = hex(SHA-256(prev || for each column in this fixed order:
-- 0x1F, audit_field(column as text))).  Timestamps are UTC epoch
-- microseconds, jsonb its own (canonical) text.  Changing this list is a
-- new chain format: verify-audit (app/audit.c) encodes the same columns.
CREATE FUNCTION audit_hash(prev text, e event) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
	SELECT encode(sha256(convert_to(prev
	    || E'\x1f' || public.audit_field(e.seq::text)
	    || E'\x1f' || public.audit_field(e.id::text)
	    || E'\x1f' || public.audit_field(e.community_id::text)
	    || E'\x1f' || public.audit_field((extract(epoch FROM e.at) * 1000000)::bigint::text)
	    || E'\x1f' || public.audit_field(e.actor_sub)
	    || E'\x1f' || public.audit_field(e.actor_name)
	    || E'\x1f' || public.audit_field(e.actor_dept)
	    || E'\x1f' || public.audit_field(e.actor_role)
	    || E'\x1f' || public.audit_field(e.action)
	    || E'\x1f' || public.audit_field(e.round_id::text)
	    || E'\x1f' || public.audit_field(e.item_id::text)
	    || E'\x1f' || public.audit_field(e.comment)
	    || E'\x1f' || public.audit_field(e.before::text)
	    || E'\x1f' || public.audit_field(e.after::text), 'UTF8')), 'hex')
$$;

-- The end of the chain: exactly one row.  seq 0 and 64 zeros are genesis.
CREATE TABLE audit_head (
	one		boolean PRIMARY KEY DEFAULT true CHECK (one),
	seq		bigint NOT NULL CHECK (seq >= 0),
	hash		text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
	at		timestamptz NOT NULL	-- when the last event was appended
);
INSERT INTO audit_head (seq, hash, at) VALUES (0, repeat('0', 64), now());

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();

-- The rows that exist already (demo data), chained in id order: the only
-- time event rows are ever updated, by the owner, in this transaction.
ALTER TABLE event DISABLE TRIGGER event_append_only;
DO $$
DECLARE
	e	event;
	h	text := repeat('0', 64);
	n	bigint := 0;
BEGIN
	FOR e IN SELECT * FROM event ORDER BY id LOOP
		n := n + 1;
		e.seq := n;
		e.prev_hash := h;
		h := audit_hash(h, e);
		UPDATE event SET seq = n, prev_hash = e.prev_hash, hash = h
		    WHERE id = e.id;
	END LOOP;
	IF n > 0 THEN
		UPDATE audit_head SET seq = n, hash = h,
		    at = (SELECT max(at) FROM event);
	END IF;
END $$;
ALTER TABLE event ENABLE TRIGGER event_append_only;

ALTER TABLE event
	ALTER COLUMN seq SET NOT NULL,
	ALTER COLUMN prev_hash SET NOT NULL,
	ALTER COLUMN hash SET NOT NULL,
	ADD CONSTRAINT event_seq_key UNIQUE (seq),
	ADD CONSTRAINT event_seq_positive CHECK (seq > 0),
	ADD CONSTRAINT event_prev_hash_hex CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
	ADD CONSTRAINT event_hash_hex CHECK (hash ~ '^[0-9a-f]{64}$');
-- Replay reads each community's events in chain order.
CREATE INDEX event_community_seq ON event (community_id, seq);

-- Append one link: lock the head (concurrent appends wait here, so each
-- sees the previous one's hash), take the next seq, hash, move the head.
-- Whatever the inserter put in seq, prev_hash and hash is overwritten.
-- SECURITY DEFINER: the application's role cannot write audit_head
-- itself; the fixed search_path keeps its objects out of this function.
CREATE FUNCTION event_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
	h	public.audit_head%ROWTYPE;
BEGIN
	SELECT * INTO STRICT h FROM public.audit_head FOR UPDATE;
	NEW.seq := h.seq + 1;
	NEW.prev_hash := h.hash;
	NEW.hash := public.audit_hash(h.hash, NEW);
	UPDATE public.audit_head SET seq = NEW.seq, hash = NEW.hash, at = NEW.at;
	RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION event_chain() FROM PUBLIC;

-- "zz": BEFORE triggers fire in name order, and the chain must hash the
-- row exactly as it will be stored, so it fires last.
CREATE TRIGGER zz_event_chain BEFORE INSERT ON event
    FOR EACH ROW EXECUTE FUNCTION event_chain();

-- The trail as the API shows it now also names each event's link.
CREATE OR REPLACE FUNCTION event_json(e event) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'id', e.id,
	    'seq', e.seq,
	    'community_id', e.community_id,
	    'at', e.at,
	    'actor', jsonb_build_object('sub', e.actor_sub, 'name', e.actor_name,
		'dept', e.actor_dept, 'role', e.actor_role),
	    'action', e.action,
	    'round_id', e.round_id,
	    'item_id', e.item_id,
	    'comment', e.comment,
	    'before', e.before,
	    'after', e.after,
	    'prev_hash', e.prev_hash,
	    'hash', e.hash)
$$;

-- ---------------------------------------------------------------------
-- The application's role: what it needs, nothing more.  It owns nothing,
-- so it can neither ALTER a table nor disable a trigger.
-- ---------------------------------------------------------------------

REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO jiugai;

-- Everything, then narrowed table by table; tables that other migrations
-- created before this one keep read and write (never TRUNCATE).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO jiugai;
-- Reference tables: filled by `jiugai migrate` (the owner) only.
REVOKE INSERT, UPDATE, DELETE ON dept, county, stage, item_kind,
    wf_transition, wf_countersign, schema_migrations FROM jiugai;
-- Working tables: no row is ever deleted by the application.
REVOKE DELETE ON app_user, community, round, item, funding FROM jiugai;
-- Append-only: the trail and the countersignatures.
REVOKE UPDATE, DELETE ON event, approval FROM jiugai;
-- Read only: written by event_chain() as the owner.
REVOKE INSERT, UPDATE, DELETE ON audit_head FROM jiugai;
-- idempotency keeps SELECT, INSERT, UPDATE and DELETE (expired keys).

GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO jiugai;
GRANT EXECUTE ON FUNCTION audit_field(text), audit_hash(text, event),
    round_json(bigint), item_json(item), funding_json(funding),
    community_json(bigint), event_json(event) TO jiugai;

-- Tables and sequences of later migrations (run by this same owner).
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO jiugai;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO jiugai;
