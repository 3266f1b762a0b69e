-- tests/bench/gen.sql - the data set of `make bench`: :n communities at every
-- stage, bulk-inserted by the owner role (psql -v n=N -f gen.sql, as
-- jiugai_owner) on top of the demo data of `jiugai seed`.
--
-- Deterministic (no random()): the same n gives the same rows, so runs
-- compare. Per community: 5 items, one funding row, one event per stage it
-- has reached (the audit chain's trigger hashes each, so the chain stays
-- valid), and for a third of those with a countersigned next step an open
-- round asking the departments the workflow table requires. This is a
-- first cut of issue 6's `jiugai gen`: proportions are plausible, not
-- measured.
\set ON_ERROR_STOP 1

-- Stages by share: 20 % declared, 20 % surveyed, 25 % piloted, 10 %
-- renovated, 10 % accepted, 12 % managed, 3 % withdrawn.
CREATE TEMP TABLE bench_stage (lo int, hi int, stage text, ord int, action text);
INSERT INTO bench_stage VALUES
	(0, 20, 'declared', 0, 'declare'), (20, 40, 'surveyed', 1, 'survey'),
	(40, 65, 'piloted', 2, 'launch'), (65, 75, 'renovated', 3, 'complete'),
	(75, 85, 'accepted', 4, 'accept'), (85, 97, 'managed', 5, 'hand_over'),
	(97, 100, 'withdrawn', 6, 'withdraw');

-- The insert trigger admits only a starting stage: these rows arrive where
-- the workflow would have taken them, so it is off for this one statement
-- (the owner may; ALTER TABLE waits for no one: the server is not running).
BEGIN;
ALTER TABLE community DISABLE TRIGGER community_stage;
INSERT INTO community (code, stage, county, name, street, committee, address,
    built_year, buildings, households, floor_area_m2, state_land, urban_area,
    multi_storey, structure_intact, in_other_plan, dilapidated,
    consent_households, notice_posted_on, batch,
    contractor, supervisor, tender_awarded_on, site_manager,
    owners_meeting_on, mode, company, contract_start, contract_end,
    managed_area_m2, fee_yuan_per_m2_month, managing_committee,
    declared_by_dept, declared_by_sub, created_at, updated_at, stage_since)
SELECT 'b' || k.code || '-' || lpad(g::text, 7, '0'), s.stage, k.code,
    '测试小区' || g, '测试街道' || (g % 40), '测试社区' || (g % 400),
    '测试路' || g || '号',
    1975 + g % 25, 2 + g % 20, h, h * 68.5, true, true, true, g % 50 <> 0, false,
    g % 17 = 0,
    CASE WHEN s.ord BETWEEN 1 AND 5 THEN h * (70 + g % 30) / 100 END,
    CASE WHEN s.ord BETWEEN 1 AND 5 THEN date '2017-03-01' + g % 300 END,
    CASE WHEN s.ord BETWEEN 1 AND 5 THEN (2017 + g % 3)::text END,
    CASE WHEN s.ord BETWEEN 2 AND 5 THEN '测试建设公司' || g % 30 END,
    CASE WHEN s.ord BETWEEN 2 AND 5 THEN '测试监理公司' || g % 20 END,
    CASE WHEN s.ord BETWEEN 2 AND 5 THEN date '2018-01-01' + g % 300 END,
    CASE WHEN s.ord BETWEEN 2 AND 5 THEN '测试项目经理' || g % 50 END,
    CASE WHEN s.ord = 5 THEN date '2019-06-01' + g % 200 END,
    CASE WHEN s.ord = 5 THEN CASE WHEN g % 3 = 0 THEN 'community' ELSE 'professional' END END,
    CASE WHEN s.ord = 5 AND g % 3 <> 0 THEN '测试物业公司' || g % 40 END,
    CASE WHEN s.ord = 5 AND g % 3 <> 0 THEN date '2020-01-01' + g % 200 END,
    CASE WHEN s.ord = 5 AND g % 3 <> 0 THEN date '2023-01-01' + g % 200 END,
    CASE WHEN s.ord = 5 THEN h * 60 END,
    CASE WHEN s.ord = 5 AND g % 3 <> 0 THEN 0.5 + (g % 10) / 10.0 END,
    CASE WHEN s.ord = 5 AND g % 3 = 0 THEN '测试业委会' || g END,
    'committee', 'bench-gen',
    now() - interval '3 years', now() - (g % 1000) * interval '1 hour',
    now() - (g % 1000) * interval '1 hour'
FROM generate_series(1, :n) AS g
CROSS JOIN LATERAL (SELECT 40 + g % 460 AS h) AS hh
JOIN bench_stage s ON (g * 37) % 100 >= s.lo AND (g * 37) % 100 < s.hi
JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i,
	count(*) OVER () AS nk FROM county) AS k ON k.i = g % k.nk;
ALTER TABLE community ENABLE TRIGGER community_stage;
COMMIT;

-- Five items each, of five different kinds; items are born planned.
INSERT INTO item (community_id, kind, condition, selected, estimate_yuan)
SELECT c.id, k.code, (ARRAY['good', 'poor', 'missing'])[1 + (c.id + k.i) % 3],
    (c.id + k.i) % 3 <> 0, 10000 + ((c.id * 7 + k.i * 13) % 90) * 1000
FROM community c
JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i,
	count(*) OVER () AS nk FROM item_kind) AS k
    ON (k.i - c.id % k.nk + k.nk) % k.nk < 5
WHERE c.declared_by_sub = 'bench-gen';

INSERT INTO funding (community_id, source, planned_yuan, received_yuan, created_by)
SELECT c.id, 'city', 50000 + (c.id % 50) * 1000, (c.id % 50) * 500, 'bench-gen'
FROM community c WHERE c.declared_by_sub = 'bench-gen' AND c.stage <> 'declared';

-- Open rounds: the next step forward of a third of the communities whose
-- next step is countersigned, asking every department the table requires.
INSERT INTO round (community_id, action, from_stage, required, submitted_by,
    submitted_name, submitted_dept, comment)
SELECT c.id, t.action, c.stage, r.required, 'bench-gen', '测试', 'committee', NULL
FROM community c
JOIN wf_transition t ON t.from_stage = c.stage
    AND t.action NOT IN ('return', 'withdraw')
JOIN LATERAL (SELECT array_agg(w.dept ORDER BY w.dept) AS required
	FROM wf_countersign w WHERE w.action = t.action AND NOT w.conditional) AS r
    ON r.required IS NOT NULL
WHERE c.declared_by_sub = 'bench-gen' AND c.id % 3 = 0;

-- The events of each stage reached (withdrawn: declared, then withdrawn),
-- committed in chunks: every insert moves the chain's one-row head, and
-- thousands of its versions in one transaction would make each step slower.
DO $$
DECLARE
	c_lo	bigint;
	c_hi	bigint;
BEGIN
	SELECT min(id), max(id) INTO c_lo, c_hi FROM community
	    WHERE declared_by_sub = 'bench-gen';
	WHILE c_lo <= c_hi LOOP
		INSERT INTO event (community_id, at, actor_sub, actor_name, actor_dept,
		    actor_role, action, after)
		SELECT c.id, c.stage_since - (c.ord_now - s.ord) * interval '60 days',
		    'bench-gen', '测试', 'committee', 'clerk', s.action,
		    jsonb_build_object('stage', s.stage)
		FROM (SELECT c.*, bs.ord AS ord_now FROM community c
			JOIN bench_stage bs ON bs.stage = c.stage
			WHERE c.id >= c_lo AND c.id < c_lo + 500
			  AND c.declared_by_sub = 'bench-gen') AS c
		JOIN bench_stage s ON (c.stage = 'withdrawn' AND s.stage IN ('declared', 'withdrawn'))
		    OR (c.stage <> 'withdrawn' AND s.ord <= c.ord_now)
		ORDER BY c.id, s.ord;
		COMMIT;
		c_lo := c_lo + 500;
	END LOOP;
END $$;

ANALYZE community;
ANALYZE item;
ANALYZE funding;
ANALYZE round;
ANALYZE event;
