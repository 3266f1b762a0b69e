-- 012_scale.sql - what national scale showed (issue 6, docs/benchmarks.md
-- "National scale").
--
-- event.prev_hash and event.hash: the same rule as 003 (64 lowercase hex
-- digits), in a form PostgreSQL checks eight times faster.
--
-- PostgreSQL's regex engine runs the bounded repetition {64} slowly:
-- ~9.5 µs a value against ~1.2 µs for a length test and an unbounded
-- class (measured on 2.7 million events, docs/benchmarks.md "National
-- scale").  Every event insert checks both columns, so the old form cost
-- ~19 µs per event, and nearly half of a bulk load's time (`jiugai gen`).
-- Only [0-9a-f] may occur, so the length in characters is the length in
-- octets.  The names stay, and the existing rows are checked again.
ALTER TABLE event
	DROP CONSTRAINT event_prev_hash_hex,
	DROP CONSTRAINT event_hash_hex,
	ADD CONSTRAINT event_prev_hash_hex
	    CHECK (length(prev_hash) = 64 AND prev_hash ~ '^[0-9a-f]*$'),
	ADD CONSTRAINT event_hash_hex
	    CHECK (length(hash) = 64 AND hash ~ '^[0-9a-f]*$');

-- Task lists (GET /api/v1/tasks, STMT_TASKS) walk the open rounds in the
-- order they were submitted; round_submitted (008) holds every round,
-- closed ones too, so a department's list read all of them: 2.7 s at
-- 220,000 communities and 1.3 million rounds, 0.46 s with this index
-- (docs/benchmarks.md "National scale").  Open rounds are few; the index
-- stays small.
CREATE INDEX round_open_submitted ON round (submitted_at) WHERE status = 'open';
