-- 002_json.sql - the JSON shapes of API v1 (DESIGN §8), built where the
-- data lives so that a read is one statement.

CREATE FUNCTION round_json(rid bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'id', r.id,
	    'action', r.action,
	    'from_stage', r.from_stage,
	    'status', r.status,
	    'submitted_by', r.submitted_by,
	    'submitted_name', r.submitted_name,
	    'submitted_dept', r.submitted_dept,
	    'submitted_at', r.submitted_at,
	    'comment', r.comment,
	    'required', to_jsonb(r.required),
	    'approvals', COALESCE((SELECT jsonb_agg(jsonb_build_object(
		    'dept', a.dept, 'decision', a.decision, 'by', a.by_sub,
		    'by_name', a.by_name, 'at', a.at, 'comment', a.comment)
		    ORDER BY a.at, a.dept)
		FROM approval a WHERE a.round_id = r.id), '[]'::jsonb),
	    'missing', COALESCE((SELECT jsonb_agg(need.dept ORDER BY need.ord)
		FROM unnest(r.required) WITH ORDINALITY AS need(dept, ord)
		WHERE NOT EXISTS (SELECT 1 FROM approval a
		    WHERE a.round_id = r.id AND a.dept = need.dept
		      AND a.decision = 'approve')), '[]'::jsonb),
	    'closed_at', r.closed_at)
	FROM round r WHERE r.id = rid
$$;

CREATE FUNCTION item_json(i item) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'id', i.id,
	    'community_id', i.community_id,
	    'kind', i.kind,
	    'dept', k.dept,
	    'condition', i.condition,
	    'selected', i.selected,
	    'estimate_yuan', i.estimate_yuan,
	    'status', i.status,
	    'decided_dept', i.decided_dept,
	    'decided_by', i.decided_by,
	    'decided_at', i.decided_at,
	    'decision_comment', i.decision_comment)
	FROM item_kind k WHERE k.code = i.kind
$$;

CREATE FUNCTION funding_json(f funding) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'id', f.id,
	    'community_id', f.community_id,
	    'source', f.source,
	    'planned_yuan', f.planned_yuan,
	    'received_yuan', f.received_yuan,
	    'note', f.note,
	    'created_at', f.created_at)
$$;

CREATE FUNCTION community_json(cid bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT to_jsonb(c) - 'declared_by_sub'
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

CREATE FUNCTION event_json(e event) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object(
	    'id', e.id,
	    'community_id', e.community_id,
	    'at', e.at,
	    'actor', jsonb_build_object('sub', e.actor_sub, 'name', e.actor_name,
		'dept', e.actor_dept, 'role', e.actor_role),
	    'action', e.action,
	    'round_id', e.round_id,
	    'item_id', e.item_id,
	    'comment', e.comment,
	    'before', e.before,
	    'after', e.after)
$$;
