-- tests/bench/transition.sql - the communities `make bench`'s transition
-- scenario approves (psql -v n=N -f transition.sql, as jiugai_owner, after
-- `jiugai gen` loaded the data set and the assessment was measured on it).
--
-- N communities at stage piloted, each with the construction works done
-- (tender recorded, five items of which the selected ones are done) and an
-- open round for `complete` submitted by its construction clerk: the one
-- approval construction's approver gives fires piloted -> renovated at
-- once (app/wf_table.c: construction alone countersigns `complete`).
-- Each community can be approved once; scripts/bench.sh hands out
-- distinct ones, half to wrk and half to pgbench, by arithmetic on the
-- ids: one INSERT gives the communities consecutive ids and one INSERT in
-- id order gives their rounds consecutive ids too, which bench.sh checks.
-- No history events: the chain gets only what the approvals append.
--
-- The assessment's tallies (sql/013) are made again at the end, as jiugai
-- gen makes them, not row by row: their triggers update a few rows per
-- county over and over, and in one transaction every update of a row
-- leaves a version the next one walks past (60,000 communities took five
-- minutes so, against seconds).
\set ON_ERROR_STOP 1

BEGIN;
ALTER TABLE community DISABLE TRIGGER stage_tally;
ALTER TABLE item DISABLE TRIGGER item_tally;
ALTER TABLE funding DISABLE TRIGGER funding_tally;
-- Rows arrive where the workflow would have taken them (as jiugai gen's do).
ALTER TABLE community DISABLE TRIGGER community_stage;
INSERT INTO community (code, stage, county, name, street, committee, address,
    built_year, buildings, households, floor_area_m2, state_land, urban_area,
    multi_storey, structure_intact, in_other_plan, dilapidated,
    consent_households, notice_posted_on, batch,
    contractor, supervisor, tender_awarded_on, site_manager,
    declared_by_dept, declared_by_sub, created_at, updated_at, stage_since)
SELECT 'bt-' || lpad(g::text, 7, '0'), 'piloted', k.code,
    '过渡测试小区' || g, '测试街道' || (g % 40), '测试社区' || (g % 400),
    '过渡路' || g || '号',
    1975 + g % 25, 2 + g % 20, 40 + g % 460, (40 + g % 460) * 68.5,
    true, true, true, true, false, false,
    (40 + g % 460) * 3 / 4, date '2018-03-01' + g % 300, '2018',
    '测试建设公司' || g % 30, '测试监理公司' || g % 20,
    date '2019-01-01' + g % 300, '测试项目经理' || g % 50,
    'committee', 'bench-transition',
    now() - interval '2 years', now() - interval '30 days',
    now() - interval '30 days'
FROM generate_series(1, :n) AS g
JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i,
	count(*) OVER () AS nk FROM county) AS k ON k.i = g % k.nk
ORDER BY g;
ALTER TABLE community ENABLE TRIGGER community_stage;
-- Items are born planned; these are born done (selected) or left planned
-- (not selected), as the works would have left them.
ALTER TABLE item DISABLE TRIGGER item_insert;
INSERT INTO item (community_id, kind, condition, selected, estimate_yuan, status)
SELECT c.id, k.code, (ARRAY['good', 'poor', 'missing'])[1 + (c.id + k.i) % 3],
    (c.id + k.i) % 3 <> 0, 10000 + ((c.id * 7 + k.i * 13) % 90) * 1000,
    CASE WHEN (c.id + k.i) % 3 <> 0 THEN 'done' ELSE 'planned' END
FROM community c
JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i,
	count(*) OVER () AS nk FROM item_kind) AS k
    ON (k.i - c.id % k.nk + k.nk) % k.nk < 5
WHERE c.declared_by_sub = 'bench-transition';
ALTER TABLE item ENABLE TRIGGER item_insert;

INSERT INTO funding (community_id, source, planned_yuan, received_yuan, created_by)
SELECT c.id, 'city', 500000, 100000, 'bench-transition'
FROM community c WHERE c.declared_by_sub = 'bench-transition';

INSERT INTO round (community_id, action, from_stage, required, submitted_by,
    submitted_name, submitted_dept, comment)
SELECT c.id, 'complete', 'piloted', ARRAY['construction'], 'bench-clerk',
    '测试', 'construction', NULL
FROM community c WHERE c.declared_by_sub = 'bench-transition'
ORDER BY c.id;

ALTER TABLE community ENABLE TRIGGER stage_tally;
ALTER TABLE item ENABLE TRIGGER item_tally;
ALTER TABLE funding ENABLE TRIGGER funding_tally;
SELECT assessment_facts_rebuild();
COMMIT;

ANALYZE community;
ANALYZE item;
ANALYZE funding;
ANALYZE round;
