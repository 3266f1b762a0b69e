-- 010_event_stage.sql - the day each community reached each stage, fast.
--
-- The ledger exports, the public notice and the community page read the
-- stage dates from the events that changed a stage (after ? 'stage').
-- With millions of events a full ledger export spent nearly all its time
-- there (2.6 s for 20,000 communities and 2 million events; 0.7 s with
-- this index, docs/exports.md).
CREATE INDEX event_stage ON event (community_id, (after->>'stage'), at)
	WHERE after ? 'stage';
