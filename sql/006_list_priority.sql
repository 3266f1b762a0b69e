-- 006_list_priority.sql - the communities list in the plan's priority
-- (seed §2(3)): dilapidated houses first, then the share of households
-- agreeing, highest first; communities without consent data after those
-- with it.  GET /api/v1/communities?sort=priority pages through it by a
-- keyset on (dilapidated, share, id), so a page is a short index scan
-- however many communities there are, never a sort of all of them.
--
-- The share expression is the one of SHARE_BP in app/db_stmts.c, in
-- basis points, -1 without data; the two must stay the same expression
-- or the planner no longer matches the query to these indexes.  The
-- multiplication is done in bigint: 1,000,000 households times 10,000
-- would not fit an integer.

CREATE INDEX community_priority ON community (dilapidated,
	(CASE WHEN consent_households IS NOT NULL AND households > 0
	 THEN (consent_households::bigint * 10000 / households)::integer
	 ELSE -1 END), id);

-- A county's users see their county only: their lists start with it.
CREATE INDEX community_county_priority ON community (county, dilapidated,
	(CASE WHEN consent_households IS NOT NULL AND households > 0
	 THEN (consent_households::bigint * 10000 / households)::integer
	 ELSE -1 END), id);

-- The stage filter, often with few rows (withdrawn, managed).
CREATE INDEX community_stage_priority ON community (stage, dilapidated,
	(CASE WHEN consent_households IS NOT NULL AND households > 0
	 THEN (consent_households::bigint * 10000 / households)::integer
	 ELSE -1 END), id);

-- A batch ("2016-pilot", "2017") is asked for exactly, in either order.
CREATE INDEX community_batch_priority ON community (batch, dilapidated,
	(CASE WHEN consent_households IS NOT NULL AND households > 0
	 THEN (consent_households::bigint * 10000 / households)::integer
	 ELSE -1 END), id);
CREATE INDEX community_batch_id ON community (batch, id);
