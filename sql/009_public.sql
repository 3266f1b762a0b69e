-- 009_public.sql - the residents' public notice (公示, issue 5 §6).
--
-- GET /public/communities/{code} needs no login, so what it shows is
-- chosen here, column by column, by public_json() below: the
-- community's name and address, its selected items with their budget
-- and responsible department, its funding summed by source, the dates
-- it reached each stage, and the county office residents may ask.
-- Never a person: no user, sub, comment, approval, contractor's site
-- manager or managing committee.  community_json() (002) names its
-- actors and must never serve this page.

-- The office that answers residents' questions in each county, with its
-- telephone and address: a setting per county, kept by the owner role.
CREATE TABLE county_office (
	county		text PRIMARY KEY REFERENCES county,
	office		text NOT NULL CHECK (office <> ''),
	phone		text,
	address		text
);

-- `jiugai migrate` fills the county table from codes.c only after the
-- files have run, so on a new database it is empty at this point: put
-- the codes the rows below need in first (the sync then sets the names
-- again, as it always does).
INSERT INTO county (code, name_zh) VALUES
	('lanshan', '兰山区'), ('luozhuang', '罗庄区'), ('hedong', '河东区'),
	('tancheng', '郯城县'), ('lanling', '兰陵县'), ('yishui', '沂水县'),
	('yinan', '沂南县'), ('pingyi', '平邑县'), ('feixian', '费县'),
	('mengyin', '蒙阴县'), ('junan', '莒南县'), ('linshu', '临沭县'),
	('gaoxin', '高新区'), ('jingkai', '经开区'), ('lingang', '临港区')
ON CONFLICT (code) DO NOTHING;

-- DEMO VALUES, to be replaced by each county's real office: a local
-- number never starts with 0, so "0539-00001NN" reaches no one, and
-- every address says it is an example.
INSERT INTO county_office (county, office, phone, address) VALUES
	('lanshan', '兰山区老旧小区改造办公室', '0539-0000101', '临沂市兰山区（示例地址）'),
	('luozhuang', '罗庄区老旧小区改造办公室', '0539-0000102', '临沂市罗庄区（示例地址）'),
	('hedong', '河东区老旧小区改造办公室', '0539-0000103', '临沂市河东区（示例地址）'),
	('tancheng', '郯城县老旧小区改造办公室', '0539-0000104', '郯城县（示例地址）'),
	('lanling', '兰陵县老旧小区改造办公室', '0539-0000105', '兰陵县（示例地址）'),
	('yishui', '沂水县老旧小区改造办公室', '0539-0000106', '沂水县（示例地址）'),
	('yinan', '沂南县老旧小区改造办公室', '0539-0000107', '沂南县（示例地址）'),
	('pingyi', '平邑县老旧小区改造办公室', '0539-0000108', '平邑县（示例地址）'),
	('feixian', '费县老旧小区改造办公室', '0539-0000109', '费县（示例地址）'),
	('mengyin', '蒙阴县老旧小区改造办公室', '0539-0000110', '蒙阴县（示例地址）'),
	('junan', '莒南县老旧小区改造办公室', '0539-0000111', '莒南县（示例地址）'),
	('linshu', '临沭县老旧小区改造办公室', '0539-0000112', '临沭县（示例地址）'),
	('gaoxin', '高新区老旧小区改造办公室', '0539-0000113', '临沂高新区（示例地址）'),
	('jingkai', '经开区老旧小区改造办公室', '0539-0000114', '临沂经开区（示例地址）'),
	('lingang', '临港区老旧小区改造办公室', '0539-0000115', '临沂临港区（示例地址）');

-- The server reads the offices; only the owner changes them.
REVOKE ALL ON county_office FROM jiugai;
GRANT SELECT ON county_office TO jiugai;

-- The notice of the community with this code, or NULL when there is none
-- or it was withdrawn.  Amounts are yuan with 2 decimals; funding is
-- summed per source in the order of the sources' list; stage_dates holds
-- the day each stage up to the current one was last reached (declared:
-- the day of the declaration), in the server's time zone.
CREATE FUNCTION public_json(ccode text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'code', c.code,
	    'name', c.name,
	    'county', c.county,
	    'street', c.street,
	    'address', c.address,
	    'built_year', c.built_year,
	    'buildings', c.buildings,
	    'households', c.households,
	    'floor_area_m2', c.floor_area_m2,
	    'stage', c.stage,
	    'notice_posted_on', c.notice_posted_on,
	    'items', COALESCE((SELECT jsonb_agg(jsonb_build_object(
		    'kind', i.kind, 'dept', k.dept,
		    'estimate_yuan', i.estimate_yuan, 'status', i.status)
		    ORDER BY i.id)
		FROM item i JOIN item_kind k ON k.code = i.kind
		WHERE i.community_id = c.id AND i.selected), '[]'::jsonb),
	    'estimate_total_yuan', (SELECT COALESCE(sum(i.estimate_yuan), 0.00)
		FROM item i WHERE i.community_id = c.id AND i.selected),
	    'funding', COALESCE((SELECT jsonb_agg(jsonb_build_object(
		    'source', f.source, 'planned_yuan', f.planned,
		    'received_yuan', f.received) ORDER BY f.ord)
		FROM (SELECT fu.source, sum(fu.planned_yuan) AS planned,
			sum(fu.received_yuan) AS received,
			array_position(ARRAY['province', 'city', 'county',
			    'maintenance_fund', 'utility', 'original_unit',
			    'owners', 'other'], fu.source) AS ord
		    FROM funding fu WHERE fu.community_id = c.id
		    GROUP BY fu.source) f), '[]'::jsonb),
	    'funding_total', (SELECT jsonb_build_object(
		    'planned_yuan', COALESCE(sum(fu.planned_yuan), 0.00),
		    'received_yuan', COALESCE(sum(fu.received_yuan), 0.00))
		FROM funding fu WHERE fu.community_id = c.id),
	    'stage_dates', jsonb_build_object('declared', c.created_at::date)
		|| COALESCE((SELECT jsonb_object_agg(s.stage, s.day)
		    FROM (SELECT e.after->>'stage' AS stage,
			    max(e.at)::date AS day
			FROM event e WHERE e.community_id = c.id
			  AND e.after ? 'stage'
			GROUP BY 1) s
		    JOIN stage st ON st.code = s.stage
		    WHERE s.stage <> 'declared' AND st.ord <= cur.ord),
		    '{}'::jsonb),
	    'office', (SELECT jsonb_build_object('office', o.office,
		    'phone', o.phone, 'address', o.address)
		FROM county_office o WHERE o.county = c.county))
	FROM community c JOIN stage cur ON cur.code = c.stage
	WHERE c.code = ccode AND c.stage <> 'withdrawn'
$$;

GRANT EXECUTE ON FUNCTION public_json(text) TO jiugai;
