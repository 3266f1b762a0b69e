/*
 * db_stmts.c - every SQL statement the server runs, in one table.
 *
 * Parameters are numbered $n text values; handlers pass strings they have
 * validated.  Statement names are "s_" plus the enum's row number.
 */
#include "db.h"

/* Columns the engine reads (struct wf_snapshot), in this order. */
#define SNAPSHOT_SQL \
"SELECT c.id, c.stage, c.county, c.version, c.declared_by_dept," \
" (c.name <> '')::int, (c.street <> '')::int, (c.committee <> '')::int," \
" (c.address <> '')::int," \
" coalesce(c.built_year, -1), coalesce(c.buildings, -1), coalesce(c.households, -1)," \
" (c.floor_area_m2 IS NOT NULL)::int," \
" coalesce(c.state_land::int, -1), coalesce(c.urban_area::int, -1)," \
" coalesce(c.multi_storey::int, -1), coalesce(c.structure_intact::int, -1)," \
" coalesce(c.in_other_plan::int, -1)," \
" (coalesce(btrim(c.exception_reason), '') <> '')::int," \
" coalesce(c.consent_households, -1)," \
" coalesce(c.notice_posted_on - date '1970-01-01', -1)," \
" (coalesce(c.contractor, '') <> '')::int, (coalesce(c.supervisor, '') <> '')::int," \
" (c.tender_awarded_on IS NOT NULL)::int, (coalesce(c.site_manager, '') <> '')::int," \
" (c.owners_meeting_on IS NOT NULL)::int, coalesce(c.mode, '')," \
" (coalesce(c.company, '') <> '')::int, (c.contract_start IS NOT NULL)::int," \
" (c.contract_end IS NOT NULL)::int, (c.managed_area_m2 IS NOT NULL)::int," \
" (c.fee_yuan_per_m2_month IS NOT NULL)::int," \
" (coalesce(c.managing_committee, '') <> '')::int," \
" it.n, it.no_cond, it.sel, it.sel_no_est, it.sel_planned, it.sel_unsigned," \
" it.sel_permit, it.est_fen," \
" coalesce((SELECT sum(f.planned_yuan * 100) FROM funding f" \
"   WHERE f.community_id = c.id), 0)::bigint," \
" coalesce(r.id, 0), coalesce(r.action, ''), coalesce(r.submitted_by, '')," \
" coalesce(array_to_string(r.required, ','), '')," \
" coalesce((SELECT string_agg(a.dept, ',') FROM approval a" \
"   WHERE a.round_id = r.id AND a.decision = 'approve'), ''), r.comment" \
" FROM community c" \
" CROSS JOIN LATERAL (SELECT count(*) AS n," \
"   count(*) FILTER (WHERE i.condition IS NULL) AS no_cond," \
"   count(*) FILTER (WHERE i.selected) AS sel," \
"   count(*) FILTER (WHERE i.selected AND i.estimate_yuan IS NULL) AS sel_no_est," \
"   count(*) FILTER (WHERE i.selected AND i.status = 'planned') AS sel_planned," \
"   count(*) FILTER (WHERE i.selected AND i.status <> 'signed_off') AS sel_unsigned," \
"   count(*) FILTER (WHERE i.selected AND k.permit) AS sel_permit," \
"   coalesce(sum(i.estimate_yuan * 100) FILTER (WHERE i.selected), 0)::bigint AS est_fen" \
"   FROM item i JOIN item_kind k ON k.code = i.kind WHERE i.community_id = c.id) it" \
" LEFT JOIN round r ON r.community_id = c.id AND r.status = 'open'" \
" WHERE c.id = $1::bigint"

/* One PATCH statement for every stage: $2 holds only validated fields. */
#define SET_TEXT(f)	" " f " = CASE WHEN $2::jsonb ? '" f "' THEN $2::jsonb->>'" f "' ELSE c." f " END,"
#define SET_CAST(f, t)	" " f " = CASE WHEN $2::jsonb ? '" f "' THEN ($2::jsonb->>'" f "')::" t " ELSE c." f " END,"

#define PATCH_SQL \
"WITH old AS (SELECT to_jsonb(c) AS j FROM community c WHERE c.id = $1::bigint)," \
" upd AS (UPDATE community c SET" \
SET_TEXT("name") SET_TEXT("street") SET_TEXT("committee") SET_TEXT("address") \
SET_CAST("built_year", "int") SET_CAST("buildings", "int") \
SET_CAST("households", "int") SET_CAST("floor_area_m2", "numeric") \
SET_CAST("state_land", "boolean") SET_CAST("urban_area", "boolean") \
SET_CAST("multi_storey", "boolean") SET_CAST("structure_intact", "boolean") \
SET_CAST("in_other_plan", "boolean") \
" dilapidated = CASE WHEN $2::jsonb ? 'dilapidated'" \
"   THEN coalesce(($2::jsonb->>'dilapidated')::boolean, false) ELSE c.dilapidated END," \
SET_TEXT("exception_reason") \
SET_CAST("consent_households", "int") SET_CAST("notice_posted_on", "date") \
SET_TEXT("batch") \
SET_TEXT("contractor") SET_TEXT("supervisor") SET_CAST("tender_awarded_on", "date") \
SET_TEXT("site_manager") \
SET_CAST("owners_meeting_on", "date") SET_TEXT("mode") SET_TEXT("company") \
SET_CAST("contract_start", "date") SET_CAST("contract_end", "date") \
SET_CAST("managed_area_m2", "numeric") SET_CAST("fee_yuan_per_m2_month", "numeric") \
SET_TEXT("managing_committee") \
" version = c.version + 1, updated_at = now()" \
" WHERE c.id = $1::bigint AND c.version = $3::int RETURNING c.id, c.version)," \
" ev AS (INSERT INTO event (community_id, actor_sub, actor_name, actor_dept," \
"   actor_role, action, before, after)" \
"   SELECT upd.id, $4, $5, $6, $7, 'edit'," \
"   (SELECT jsonb_object_agg(k, old.j->k) FROM jsonb_object_keys($2::jsonb) AS k)," \
"   $2::jsonb FROM upd, old RETURNING id)" \
" SELECT upd.version FROM upd"

/*
 * The community list.  SHARE_BP is the share of households agreeing in
 * basis points, -1 without consent data: it must stay character for
 * character the expression of the indexes in sql/006_list_priority.sql,
 * or the planner no longer sees that they fit.
 */
#define SHARE_BP \
"(CASE WHEN c.consent_households IS NOT NULL AND c.households > 0" \
" THEN (c.consent_households::bigint * 10000 / c.households)::integer" \
" ELSE -1 END)"

/*
 * A page of the list as JSON text: each row's LIST_COLS by row_to_json
 * (compact, keys in this order), joined in SQL.  Built as json text, not
 * jsonb: jsonb_build_object and jsonb_agg convert every value to jsonb
 * and back to text, which took more than half of the statement's time
 * (50 rows: 2.0 ms against 0.9, docs/benchmarks.md).
 */
#define LIST_COLS \
"c.id, c.code, c.name, c.county, c.street, c.committee, c.stage," \
" c.version, c.households, c.dilapidated, c.batch, c.stage_since," \
" c.updated_at, c.consent_households, c.floor_area_m2"
#define LIST_JSON(order) \
"'[' || coalesce(string_agg(row_to_json(j)::text, ',' ORDER BY " order \
"), '') || ']'"
#define LIST_ROW " CROSS JOIN LATERAL (SELECT " LIST_COLS ") j"

/*
 * $1 county, $2 stage, $3 code or part of the name, $6 batch; NULL: any.
 * The name part is matched literally (LIKE with \, % and _ escaped: the
 * same rows as strpos(c.name, $3) > 0) because LIKE is what the trigram
 * index community_name_trgm serves (sql/014); with the code's unique
 * index the two make one BitmapOr, not a walk over every community.
 */
#define LIST_FILTER \
" ($1::text IS NULL OR c.county = $1)" \
"  AND ($2::text IS NULL OR c.stage = $2)" \
"  AND ($3::text IS NULL OR c.code = $3 OR c.name LIKE '%' ||" \
"   replace(replace(replace($3, '\\', '\\\\'), '%', '\\%'), '_', '\\_')" \
"   || '%')" \
"  AND ($6::text IS NULL OR c.batch = $6)"

#define TASK_ROW \
"jsonb_build_object('community_id', c.id, 'code', c.code, 'name', c.name," \
" 'county', c.county, 'stage', c.stage, 'version', c.version"

/*
 * The task lists, 500 of each at most.  Approvals to give are read from
 * round_pending (sql/014: the open rounds' departments that have not
 * decided, kept by triggers) in the order of its indexes, (dept,
 * submitted_at) or (dept, county, submitted_at), not by an anti-join
 * over every open round that names the department; the first 500 only
 * are joined to their communities.  Sign-offs likewise from
 * signoff_pending (done, selected items of renovated communities, by
 * the department that signs their kind off), in item id order.
 * Communities to act on: each stage's first 500 in the order of
 * community_stage_since or community_county_stage_since (sql/014), then
 * the first 500 of those; each list's JSON is built after its LIMIT.
 */
#define TASKS_SQL \
"SELECT jsonb_build_object(" \
" 'approvals', CASE WHEN $3::boolean THEN coalesce((SELECT jsonb_agg(t.j" \
"   ORDER BY t.since, t.id)" \
"   FROM (SELECT " TASK_ROW ", 'action', p.action, 'round_id', p.round_id," \
"     'since', p.submitted_at) AS j, p.submitted_at AS since, p.round_id AS id" \
"     FROM (SELECT p.* FROM round_pending p" \
"       WHERE p.dept = $1 AND ($2::text IS NULL OR p.county = $2)" \
"         AND p.submitted_by <> $5" \
"       ORDER BY p.submitted_at, p.round_id LIMIT 500) p" \
"     JOIN community c ON c.id = p.community_id) t), '[]'::jsonb)" \
"   ELSE '[]'::jsonb END," \
" 'signoffs', CASE WHEN $3::boolean THEN coalesce((SELECT jsonb_agg(t.j ORDER BY t.id)" \
"   FROM (SELECT " TASK_ROW ", 'item_id', s.item_id, 'kind', s.kind," \
"     'since', c.stage_since) AS j, s.item_id AS id" \
"     FROM (SELECT s.* FROM signoff_pending s" \
"       WHERE s.dept = $1 AND ($2::text IS NULL OR s.county = $2)" \
"       ORDER BY s.item_id LIMIT 500) s" \
"     JOIN community c ON c.id = s.community_id) t), '[]'::jsonb)" \
"   ELSE '[]'::jsonb END," \
" 'actions', coalesce((SELECT jsonb_agg(" TASK_ROW ", 'since', c.stage_since)" \
"   ORDER BY c.stage_since)" \
"   FROM (SELECT c.* FROM unnest($4::text[]) AS st(stage)" \
"     CROSS JOIN LATERAL (SELECT c.* FROM community c WHERE c.stage = st.stage" \
"       AND ($2::text IS NULL OR c.county = $2)" \
"       AND NOT EXISTS (SELECT 1 FROM round r WHERE r.community_id = c.id AND r.status = 'open')" \
"       ORDER BY c.stage_since LIMIT 500) c" \
"     ORDER BY c.stage_since LIMIT 500) c), '[]'::jsonb))"

/*
 * The ledger (台账, api_ledger.c): LIST_FILTER's parameters ($1 county,
 * $2 stage, $3 code or name, $6 batch), $4 the last id of the previous
 * chunk, $5 the chunk's size.  Stage dates are the day (in the city,
 * UTC+8) each stage was last entered, from the events, as
 * "declared=2016-04-01,surveyed=..."; stages after the current one (left
 * by a return) are not shown.
 */
#define LEDGER_SQL \
"SELECT c.id, c.code, c.name, c.county, c.street, c.committee, c.address," \
" c.built_year, c.buildings, c.households, c.floor_area_m2, c.dilapidated," \
" c.stage," \
" (SELECT string_agg(x.stage || '=' ||" \
"   to_char(x.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), ',')" \
"  FROM (SELECT e.after->>'stage' AS stage, max(e.at) AS at FROM event e" \
"   WHERE e.community_id = c.id AND e.after ? 'stage' GROUP BY 1) x" \
"  JOIN stage s ON s.code = x.stage WHERE s.ord <= cs.ord)," \
" c.batch, c.consent_households, it.sel, it.est, fu.planned, fu.received," \
" c.mode, c.company, to_char(c.contract_end, 'YYYY-MM-DD')" \
" FROM (SELECT c.* FROM community c WHERE " LIST_FILTER \
"  AND c.id > coalesce($4::bigint, 0) ORDER BY c.id LIMIT $5::int) c" \
" JOIN stage cs ON cs.code = c.stage" \
" CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE i.selected) AS sel," \
"   coalesce(sum(i.estimate_yuan) FILTER (WHERE i.selected), 0.00) AS est" \
"   FROM item i WHERE i.community_id = c.id) it" \
" CROSS JOIN LATERAL (SELECT coalesce(sum(f.planned_yuan), 0.00) AS planned," \
"   coalesce(sum(f.received_yuan), 0.00) AS received" \
"   FROM funding f WHERE f.community_id = c.id) fu" \
" ORDER BY c.id"

/*
 * The hand-over report (api_handover.c): communities accepted (waiting
 * for hand-over) and managed, of county $1 and batch $2 (NULL: any).
 * HO_SUBSIDY_ELIGIBLE is the plan's rule for the property-management
 * subsidy (seed §4(5)): professional management under a contract of 3
 * years or more.  The follow-up flags use today's date t in the city:
 * a professional contract that has ended or ends within 90 days, and a
 * community-backed (社区托底) management.
 */
#define HO_FILTER \
" c.stage IN ('accepted', 'managed')" \
"  AND ($1::text IS NULL OR c.county = $1)" \
"  AND ($2::text IS NULL OR c.batch = $2)"
#define HO_SUBSIDY_ELIGIBLE \
"coalesce(c.mode = 'professional'" \
" AND c.contract_end >= c.contract_start + interval '3 years', false)"
#define HO_EXPIRED(t) \
"coalesce(c.mode = 'professional' AND c.contract_end < " t "::date, false)"
#define HO_ENDING(t) \
"coalesce(c.mode = 'professional'" \
" AND c.contract_end BETWEEN " t "::date AND " t "::date + 90, false)"
#define HO_BACKED "coalesce(c.mode = 'community', false)"
#define HO_FOLLOW_UP(t) \
"(" HO_EXPIRED(t) " OR " HO_ENDING(t) " OR " HO_BACKED ")"

/*
 * The county assessment (api_assessment.c, docs/assessment.md): $1 from
 * and $2 to (dates in the city, both included), $3 a county or NULL
 * for all, $4 the pilots' deadline, $5 the roll-out's.  One JSON
 * object: a row per county and the city's (GROUPING SETS), the items,
 * funding and targets rolled up the same way, and each department's
 * decision times over the rounds opened in the period.  Everything comes
 * from the facts that sql/013 keeps as the workflow writes: stages per
 * county and deadline class (stage_tally, sg), items (item_tally),
 * funding (funding_tally), and each community's acceptance
 * (accepted_at: the last event that took it to 'accepted'), read as
 * ranges of the covering index community_accepted: the period's
 * acceptances (rg, am) and those by a deadline (lg).  The decision times
 * (dt) are decision_times() of sql/016: percentile_cont's answer from
 * the decisions' counts per month and band of time, and the few
 * decisions of the bands that hold the percentiles.  So the statement
 * reads a few thousand tally rows and the period's acceptances, not
 * every community, item, line, approval and event.
 * A batch named 试点 (or pilot) has the pilots' deadline, any other
 * the roll-out's; past it (late) means not withdrawn, the deadline
 * before $2, and not accepted by it: the class's communities not
 * withdrawn (sg.due) less those accepted by the deadline (lg).  Flags
 * compare with the yearly targets pro rata to the days of each year
 * in the period: green at 100% or more, amber at 80%, else red; the
 * city's row sums the targets but has no flags (counties have targets).
 * accepted_by_month: the renovated communities (ren) by the month of
 * their acceptance in the city, one entry for every month the period
 * touches, zeros included; they sum to the city's renovated_communities.
 */
/* Longer than C99's 4095 characters; gcc and clang take any length. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
static const char assessment_sql[] =
	"WITH p AS ( "
	" SELECT ($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai' AS lo, "
	"  ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS hi), "
	"am AS ( "
	" SELECT date_trunc('month', c.accepted_at AT TIME ZONE 'Asia/Shanghai') AS m, count(*) AS n "
	" FROM community c, p WHERE c.accepted_at >= p.lo AND c.accepted_at < p.hi "
	"  AND ($3::text IS NULL OR c.county = $3) GROUP BY 1), "
	"mo AS ( "
	" SELECT m FROM generate_series(date_trunc('month', $1::date::timestamp), "
	"  $2::date::timestamp, interval '1 month') m), "
	"sg AS ( "
	" SELECT t.county, grouping(t.county) AS total, "
	"  jsonb_build_object( "
	"   'declared', coalesce(sum(t.n) FILTER (WHERE t.stage = 'declared'), 0), "
	"   'surveyed', coalesce(sum(t.n) FILTER (WHERE t.stage = 'surveyed'), 0), "
	"   'piloted', coalesce(sum(t.n) FILTER (WHERE t.stage = 'piloted'), 0), "
	"   'renovated', coalesce(sum(t.n) FILTER (WHERE t.stage = 'renovated'), 0), "
	"   'accepted', coalesce(sum(t.n) FILTER (WHERE t.stage = 'accepted'), 0), "
	"   'managed', coalesce(sum(t.n) FILTER (WHERE t.stage = 'managed'), 0), "
	"   'withdrawn', coalesce(sum(t.n) FILTER (WHERE t.stage = 'withdrawn'), 0)) AS stages, "
	"  coalesce(sum(t.n) FILTER (WHERE t.stage = 'accepted'), 0) AS acc_n, "
	"  coalesce(sum(t.n) FILTER (WHERE t.stage = 'managed'), 0) AS man_n, "
	"  coalesce(sum(t.n) FILTER (WHERE t.stage <> 'withdrawn' "
	"   AND CASE WHEN t.pilot THEN $4::date ELSE $5::date END < $2::date), 0) AS due "
	" FROM stage_tally t WHERE $3::text IS NULL OR t.county = $3 "
	" GROUP BY GROUPING SETS ((t.county), ())), "
	"rg AS ( "
	" SELECT c.county, grouping(c.county) AS total, count(*) AS ren_n, "
	"  coalesce(sum(c.households), 0) AS ren_hh, coalesce(sum(c.floor_area_m2), 0) AS ren_area "
	" FROM community c, p WHERE c.accepted_at >= p.lo AND c.accepted_at < p.hi "
	"  AND ($3::text IS NULL OR c.county = $3) "
	" GROUP BY GROUPING SETS ((c.county), ())), "
	"lg AS ( "
	" SELECT c.county, grouping(c.county) AS total, count(*) AS ontime "
	" FROM community c "
	" WHERE c.accepted_at < (greatest($4::date, $5::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' "
	"  AND CASE WHEN c.pilot THEN $4::date ELSE $5::date END < $2::date "
	"  AND c.accepted_at < (CASE WHEN c.pilot THEN $4::date ELSE $5::date END + 1)::timestamp "
	"   AT TIME ZONE 'Asia/Shanghai' "
	"  AND ($3::text IS NULL OR c.county = $3) "
	" GROUP BY GROUPING SETS ((c.county), ())), "
	"g AS ( "
	" SELECT sg.county, sg.total, sg.stages, coalesce(rg.ren_n, 0) AS ren_n, "
	"  coalesce(rg.ren_hh, 0) AS ren_hh, coalesce(rg.ren_area, 0) AS ren_area, "
	"  sg.acc_n, sg.man_n, sg.due - coalesce(lg.ontime, 0) AS late "
	" FROM sg "
	" LEFT JOIN rg ON rg.total = sg.total AND rg.county IS NOT DISTINCT FROM sg.county "
	" LEFT JOIN lg ON lg.total = sg.total AND lg.county IS NOT DISTINCT FROM sg.county), "
	"ik AS ( "
	" SELECT t.county, grouping(t.county) AS total, t.kind, sum(t.selected) AS sel, "
	"  sum(t.signed_off) AS so "
	" FROM item_tally t WHERE t.selected > 0 AND ($3::text IS NULL OR t.county = $3) "
	" GROUP BY GROUPING SETS ((t.county, t.kind), (t.kind))), "
	"ig AS ( "
	" SELECT county, total, sum(sel) AS sel, sum(so) AS so, "
	"  jsonb_object_agg(kind, jsonb_build_object('selected', sel, 'signed_off', so)) AS kinds "
	" FROM ik GROUP BY county, total), "
	"fs AS ( "
	" SELECT t.county, grouping(t.county) AS total, t.source, "
	"  sum(t.planned_yuan) AS pl, sum(t.received_yuan) AS rc "
	" FROM funding_tally t WHERE t.lines > 0 AND ($3::text IS NULL OR t.county = $3) "
	" GROUP BY GROUPING SETS ((t.county, t.source), (t.source))), "
	"fg AS ( "
	" SELECT county, total, sum(pl) AS pl, sum(rc) AS rc, "
	"  jsonb_object_agg(source, jsonb_build_object('planned_yuan', pl, 'received_yuan', rc)) AS src "
	" FROM fs GROUP BY county, total), "
	"yr AS ( "
	" SELECT y, (least($2::date, make_date(y, 12, 31)) - greatest($1::date, make_date(y, 1, 1)) + 1)::numeric "
	"  / (make_date(y + 1, 1, 1) - make_date(y, 1, 1)) AS share "
	" FROM generate_series(extract(year FROM $1::date)::int, extract(year FROM $2::date)::int) y), "
	"tg AS ( "
	" SELECT t.county, grouping(t.county) AS total, "
	"  sum(t.households_target * yr.share) AS hh, sum(t.area_target_m2 * yr.share) AS area, "
	"  sum(t.communities_target * yr.share) AS n "
	" FROM target t JOIN yr ON yr.y = t.year "
	" WHERE $3::text IS NULL OR t.county = $3 "
	" GROUP BY GROUPING SETS ((t.county), ())), "
	"k AS ( "
	" SELECT k.code AS county, 0 AS total FROM county k WHERE $3::text IS NULL OR k.code = $3 "
	" UNION ALL SELECT NULL, 1), "
	"rows AS ( "
	" SELECT k.county, k.total, g.stages, g.ren_n, g.ren_hh, g.ren_area, g.acc_n, g.man_n, g.late, "
	"  coalesce(ig.sel, 0) AS sel, coalesce(ig.so, 0) AS so, coalesce(ig.kinds, '{}') AS kinds, "
	"  coalesce(fg.pl, 0) AS pl, coalesce(fg.rc, 0) AS rc, coalesce(fg.src, '{}') AS src, "
	"  round(tg.hh) AS t_hh, round(tg.area, 2) AS t_area, round(tg.n) AS t_n "
	" FROM k "
	" LEFT JOIN g ON g.total = k.total AND g.county IS NOT DISTINCT FROM k.county "
	" LEFT JOIN ig ON ig.total = k.total AND ig.county IS NOT DISTINCT FROM k.county "
	" LEFT JOIN fg ON fg.total = k.total AND fg.county IS NOT DISTINCT FROM k.county "
	" LEFT JOIN tg ON tg.total = k.total AND tg.county IS NOT DISTINCT FROM k.county), "
	"fl AS ( "
	" SELECT rows.*, "
	"  CASE WHEN total = 0 AND t_hh > 0 THEN CASE WHEN ren_hh >= t_hh THEN 'green' "
	"   WHEN ren_hh * 5 >= t_hh * 4 THEN 'amber' ELSE 'red' END END AS f_hh, "
	"  CASE WHEN total = 0 AND t_area > 0 THEN CASE WHEN ren_area >= t_area THEN 'green' "
	"   WHEN ren_area * 5 >= t_area * 4 THEN 'amber' ELSE 'red' END END AS f_area, "
	"  CASE WHEN total = 0 AND t_n > 0 THEN CASE WHEN ren_n >= t_n THEN 'green' "
	"   WHEN ren_n * 5 >= t_n * 4 THEN 'amber' ELSE 'red' END END AS f_n "
	" FROM rows), "
	"js AS ( "
	" SELECT fl.total, fl.county, jsonb_build_object( "
	"  'county', fl.county, "
	"  'stages', coalesce(fl.stages, '{\"declared\":0,\"surveyed\":0,\"piloted\":0,\"renovated\":0,\"accepted\":0,\"managed\":0,\"withdrawn\":0}'), "
	"  'renovated_communities', coalesce(fl.ren_n, 0), "
	"  'renovated_households', coalesce(fl.ren_hh, 0), "
	"  'renovated_area_m2', coalesce(fl.ren_area, 0), "
	"  'items_selected', fl.sel, 'items_signed_off', fl.so, 'items', fl.kinds, "
	"  'funds_planned_yuan', fl.pl, 'funds_received_yuan', fl.rc, "
	"  'funds_ratio', CASE WHEN fl.pl > 0 THEN round(fl.rc / fl.pl, 4) END, "
	"  'accepted', coalesce(fl.acc_n, 0), 'managed', coalesce(fl.man_n, 0), "
	"  'management_coverage', CASE WHEN fl.acc_n + fl.man_n > 0 "
	"   THEN round(fl.man_n::numeric / (fl.acc_n + fl.man_n), 4) END, "
	"  'past_deadline', coalesce(fl.late, 0), "
	"  'target', jsonb_build_object('households', fl.t_hh, 'area_m2', fl.t_area, 'communities', fl.t_n), "
	"  'flags', jsonb_build_object('households', fl.f_hh, 'area', fl.f_area, 'communities', fl.f_n), "
	"  'flag', CASE WHEN 'red' IN (fl.f_hh, fl.f_area, fl.f_n) THEN 'red' "
	"   WHEN 'amber' IN (fl.f_hh, fl.f_area, fl.f_n) THEN 'amber' "
	"   WHEN 'green' IN (fl.f_hh, fl.f_area, fl.f_n) THEN 'green' END) AS j, "
	"  fl.src "
	" FROM fl), "
	"dt AS ( "
	" SELECT t.dept_code AS dept, t.decisions AS n, t.median_s AS med, t.p90_s AS p90 "
	" FROM decision_times($1::date, $2::date, $3::text) t) "
	"SELECT jsonb_build_object( "
	" 'from', $1::date, 'to', $2::date, 'county', $3::text, "
	" 'deadlines', jsonb_build_object('pilot', $4::date, 'rollout', $5::date), "
	" 'counties', coalesce((SELECT jsonb_agg(js.j ORDER BY js.county) FROM js WHERE js.total = 0), '[]'), "
	" 'total', (SELECT js.j FROM js WHERE js.total = 1), "
	" 'departments', coalesce((SELECT jsonb_agg(jsonb_build_object('dept', dt.dept, 'decisions', dt.n, "
	"   'median_hours', round((dt.med / 3600)::numeric, 2), 'p90_hours', round((dt.p90 / 3600)::numeric, 2)) "
	"   ORDER BY dt.p90 DESC, dt.dept) FROM dt), '[]'), "
	" 'accepted_by_month', (SELECT jsonb_agg(jsonb_build_object('month', to_char(mo.m, 'YYYY-MM'), "
	"   'count', coalesce(am.n, 0)) ORDER BY mo.m) FROM mo LEFT JOIN am ON am.m = mo.m), "
	" 'funding', (SELECT jsonb_object_agg(coalesce(js.county, 'city'), js.src) FROM js)) ";
#pragma GCC diagnostic pop

const struct stmt_def stmts[STMT__MAX] = {
	{ "s_begin", "BEGIN", 0 },
	{ "s_commit", "COMMIT", 0 },
	{ "s_rollback", "ROLLBACK", 0 },
	{ "s_ping", "SELECT 1", 0 },
	/*
	 * Lock first, read after, in two statements: under READ COMMITTED a
	 * FOR UPDATE that waited re-reads the locked row only, while joined
	 * rows (round, approvals, items) would still come from the snapshot
	 * taken before the wait.
	 */
	{ "s_community_lock",
	  "SELECT c.id FROM community c WHERE c.id = $1::bigint FOR UPDATE", 1 },
	{ "s_snapshot", SNAPSHOT_SQL, 1 },
	/* The community's version too, read from its JSON, for the ETag. */
	{ "s_community_json",
	  "SELECT c.county, j.j, j.j->>'version' FROM community c"
	  " CROSS JOIN LATERAL community_json(c.id) AS j(j)"
	  " WHERE c.id = $1::bigint", 1 },
	{ "s_community_scope",
	  "SELECT c.county FROM community c WHERE c.id = $1::bigint", 1 },
	/*
	 * The page's rows are turned into JSON after the LIMIT: a search
	 * read from the indexes (sql/014) sorts every match, and building
	 * each one's object before the sort tripled its time (655 matches of
	 * a common name part: 18 ms against 6).
	 */
	{ "s_community_list",
	  "SELECT " LIST_JSON("c.id") ", max(c.id), count(*)"
	  " FROM (SELECT c.* FROM community c"
	  " WHERE " LIST_FILTER
	  "  AND c.id > coalesce($4::bigint, 0)"
	  " ORDER BY c.id LIMIT $5::int) c" LIST_ROW, 6 },
	/*
	 * The plan's priority: the key (dilapidated, share, id) descending,
	 * resumed after the key $4, $7, $8 (the first page passes one above
	 * every key, so the row comparison is always there for the index).
	 * $2 of the result is the last row's key, the cursor of the next page.
	 */
	{ "s_community_list_priority",
	  "SELECT " LIST_JSON("c.d DESC, c.s DESC, c.id DESC") ","
	  " (array_agg(c.d::int || '.' || c.s || '.' || c.id"
	  "  ORDER BY c.d, c.s, c.id))[1], count(*)"
	  " FROM (SELECT c.*, c.dilapidated AS d, " SHARE_BP " AS s"
	  " FROM community c"
	  " WHERE " LIST_FILTER
	  "  AND (c.dilapidated, " SHARE_BP ", c.id)"
	  "   < ($4::boolean, $7::int, $8::bigint)"
	  " ORDER BY c.dilapidated DESC, " SHARE_BP " DESC, c.id DESC"
	  " LIMIT $5::int) c" LIST_ROW, 8 },
	{ "s_community_insert",
	  "WITH n AS (SELECT nextval('community_id_seq') AS id)"
	  " INSERT INTO community (id, code, stage, county, name, street, committee,"
	  "  address, built_year, buildings, households, floor_area_m2, state_land,"
	  "  urban_area, multi_storey, structure_intact, in_other_plan, dilapidated,"
	  "  exception_reason, declared_by_dept, declared_by_sub)"
	  " SELECT n.id, $1 || '-' || lpad(n.id::text, 6, '0'), $2, $1, $3, $4, $5,"
	  "  $6, $7::int, $8::int, $9::int, $10::numeric, $11::boolean, $12::boolean,"
	  "  $13::boolean, $14::boolean, $15::boolean, coalesce($16::boolean, false),"
	  "  $17, $18, $19 FROM n RETURNING id", 19 },
	{ "s_community_patch", PATCH_SQL, 7 },
	{ "s_community_stage",
	  "UPDATE community SET stage = $2, version = version + 1, updated_at = now()"
	  " WHERE id = $1::bigint AND version = $3::int RETURNING version", 3 },
	{ "s_community_bump",
	  "UPDATE community SET version = version + 1, updated_at = now()"
	  " WHERE id = $1::bigint AND version = $2::int RETURNING version", 2 },
	{ "s_round_insert",
	  "INSERT INTO round (community_id, action, from_stage, required,"
	  "  submitted_by, submitted_name, submitted_dept, comment)"
	  " VALUES ($1::bigint, $2, $3, string_to_array($4, ','), $5, $6, $7, $8)"
	  " RETURNING id", 8 },
	{ "s_round_close",
	  "UPDATE round SET status = $2, closed_at = now()"
	  " WHERE id = $1::bigint AND status = 'open' RETURNING id", 2 },
	{ "s_round_json",
	  "SELECT round_json(r.id) || jsonb_build_object('community_id', c.id,"
	  "  'community_version', c.version)"
	  " FROM round r JOIN community c ON c.id = r.community_id"
	  " WHERE r.id = $1::bigint", 1 },
	{ "s_approval_insert",
	  "INSERT INTO approval (round_id, dept, decision, by_sub, by_name, comment)"
	  " VALUES ($1::bigint, $2, $3, $4, $5, $6)", 6 },
	{ "s_event_insert",
	  "INSERT INTO event (community_id, actor_sub, actor_name, actor_dept,"
	  "  actor_role, action, round_id, item_id, comment, before, after)"
	  " VALUES ($1::bigint, $2, $3, $4, $5, $6, $7::bigint, $8::bigint, $9,"
	  "  $10::jsonb, $11::jsonb) RETURNING id", 11 },
	{ "s_events_json",
	  "SELECT coalesce(jsonb_agg(event_json(e) ORDER BY e.id), '[]'::jsonb)"
	  " FROM event e WHERE e.community_id = $1::bigint", 1 },
	{ "s_item_insert",
	  "INSERT INTO item (community_id, kind, condition, selected, estimate_yuan,"
	  "  utility_side_yuan, beyond_meter_yuan, owners_part_yuan)"
	  " VALUES ($1::bigint, $2, $3, coalesce($4::boolean, false), $5::numeric,"
	  "  $6::numeric, $7::numeric, $8::numeric)"
	  " RETURNING id, item_json(item)", 8 },
	{ "s_item_lock",
	  "SELECT i.community_id, i.kind, i.status, i.selected::int, item_json(i)"
	  " FROM item i WHERE i.id = $1::bigint", 1 },
	{ "s_item_update",
	  "UPDATE item i SET"
	  " condition = CASE WHEN $2::jsonb ? 'condition' THEN $2::jsonb->>'condition'"
	  "  ELSE i.condition END,"
	  " selected = CASE WHEN $2::jsonb ? 'selected'"
	  "  THEN coalesce(($2::jsonb->>'selected')::boolean, false) ELSE i.selected END,"
	  " estimate_yuan = CASE WHEN $2::jsonb ? 'estimate_yuan'"
	  "  THEN ($2::jsonb->>'estimate_yuan')::numeric ELSE i.estimate_yuan END,"
	  " utility_side_yuan = CASE WHEN $2::jsonb ? 'utility_side_yuan'"
	  "  THEN ($2::jsonb->>'utility_side_yuan')::numeric ELSE i.utility_side_yuan END,"
	  " beyond_meter_yuan = CASE WHEN $2::jsonb ? 'beyond_meter_yuan'"
	  "  THEN ($2::jsonb->>'beyond_meter_yuan')::numeric ELSE i.beyond_meter_yuan END,"
	  " owners_part_yuan = CASE WHEN $2::jsonb ? 'owners_part_yuan'"
	  "  THEN ($2::jsonb->>'owners_part_yuan')::numeric ELSE i.owners_part_yuan END"
	  " WHERE i.id = $1::bigint RETURNING item_json(i)", 2 },
	{ "s_item_done",
	  "UPDATE item i SET status = 'done' WHERE i.id = $1::bigint"
	  " AND i.status = 'planned' RETURNING item_json(i)", 1 },
	{ "s_item_decide",
	  "UPDATE item i SET status = $2, decided_dept = $3, decided_by = $4,"
	  " decided_at = now(), decision_comment = $5"
	  " WHERE i.id = $1::bigint AND i.status = 'done' RETURNING item_json(i)", 5 },
	{ "s_item_json",
	  "SELECT item_json(i) FROM item i WHERE i.id = $1::bigint", 1 },
	{ "s_funding_insert",
	  "INSERT INTO funding (community_id, source, planned_yuan, received_yuan,"
	  "  note, created_by)"
	  " VALUES ($1::bigint, $2, $3::numeric, $4::numeric, $5, $6)"
	  " RETURNING id, funding_json(funding)", 6 },
	{ "s_tasks", TASKS_SQL, 5 },
	{ "s_idem_get",
	  "SELECT request_hash, status, body FROM idempotency"
	  " WHERE sub = $1 AND key = $2"
	  "  AND created_at > now() - make_interval(secs => $3::int)", 3 },
	{ "s_idem_put",
	  "INSERT INTO idempotency (sub, key, request_hash, status, body)"
	  " VALUES ($1, $2, $3, $4::int, $5)"
	  " ON CONFLICT (sub, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,"
	  "  status = EXCLUDED.status, body = EXCLUDED.body, created_at = now()"
	  "  WHERE idempotency.created_at <= now() - make_interval(secs => $6::int)"
	  " RETURNING 1", 6 },
	{ "s_user_upsert",
	  "INSERT INTO app_user (sub, name, dept, org, roles, password_hash,"
	  "  password_changed_at)"
	  " VALUES ($1, $2, $3, $4, $5::text[], $6, now())"
	  " ON CONFLICT (sub) DO UPDATE SET name = EXCLUDED.name,"
	  "  dept = EXCLUDED.dept, org = EXCLUDED.org, roles = EXCLUDED.roles", 6 },
	{ "s_audit_head",
	  "SELECT jsonb_build_object('seq', seq, 'hash', hash, 'at', at)"
	  " FROM audit_head", 0 },
	{ "s_user_auth",
	  "SELECT password_hash, disabled, coalesce(locked_until > now(), false),"
	  " name, dept, coalesce(org, ''), array_to_string(roles, ',')"
	  " FROM app_user WHERE sub = $1", 1 },
	{ "s_user_login_ok",
	  "UPDATE app_user SET failed_logins = 0, locked_until = NULL,"
	  " last_login_at = now() WHERE sub = $1", 1 },
	{ "s_user_login_fail",
	  "UPDATE app_user SET failed_logins = failed_logins + 1,"
	  " locked_until = CASE WHEN failed_logins + 1 >= $2::int"
	  "  THEN now() + make_interval(secs => $3::int) ELSE locked_until END"
	  " WHERE sub = $1", 3 },
	/*
	 * A row when the web session may no longer be used: signed out, or
	 * its user is gone, disabled, has a new password since the session
	 * began ($3, iat), or is no longer the department, area and roles
	 * the session's claims say ($4, $5, $6): sign in again.
	 */
	{ "s_session_revoked",
	  "SELECT 1 WHERE EXISTS (SELECT 1 FROM session_revoked WHERE jti = $1)"
	  " OR NOT EXISTS (SELECT 1 FROM app_user u WHERE u.sub = $2"
	  "  AND NOT u.disabled"
	  "  AND (u.password_changed_at IS NULL"
	  "   OR u.password_changed_at < to_timestamp($3::bigint) + interval '1 second')"
	  "  AND u.dept = $4 AND u.org IS NOT DISTINCT FROM $5"
	  "  AND u.roles @> $6::text[] AND u.roles <@ $6::text[])", 6 },
	/* Record the sign-out; forget sign-outs whose tokens are dead. */
	{ "s_session_revoke",
	  "WITH gone AS (DELETE FROM session_revoked"
	  "  WHERE expires_at < now() - interval '1 day')"
	  " INSERT INTO session_revoked (jti, expires_at)"
	  " VALUES ($1, to_timestamp($2::bigint)) ON CONFLICT (jti) DO NOTHING", 2 },
	/* Public columns only, no login: never community_json (sql/009). */
	{ "s_public_json", "SELECT public_json($1)", 1 },
	/* ---- money (api_money.c, api_item.c); amounts in fen ---- */
	{ "s_item_money",
	  "SELECT i.kind, (i.estimate_yuan * 100)::bigint,"
	  " (i.utility_side_yuan * 100)::bigint, (i.beyond_meter_yuan * 100)::bigint,"
	  " (i.owners_part_yuan * 100)::bigint"
	  " FROM item i WHERE i.id = $1::bigint", 1 },
	/* One row per item, or one of NULLs for a community without items. */
	{ "s_money_items",
	  "SELECT c.county, i.id, i.kind, i.selected::int,"
	  " (i.estimate_yuan * 100)::bigint, (i.utility_side_yuan * 100)::bigint,"
	  " (i.beyond_meter_yuan * 100)::bigint, (i.owners_part_yuan * 100)::bigint"
	  " FROM community c LEFT JOIN item i ON i.community_id = c.id"
	  " WHERE c.id = $1::bigint ORDER BY i.id", 1 },
	{ "s_money_funding",
	  "SELECT f.source, (sum(f.planned_yuan) * 100)::bigint,"
	  " (sum(f.received_yuan) * 100)::bigint"
	  " FROM funding f WHERE f.community_id = $1::bigint GROUP BY f.source", 1 },
	{ "s_subsidy_rates",
	  "SELECT code, (subsidy_rate_yuan_m2_month * 100)::int FROM county", 0 },
	/*
	 * Managed communities with a professional contract in force some
	 * day from $2 to $3, of county $1 (NULL: all); the 3-year rule and
	 * the months are money.c's.
	 */
	{ "s_subsidy_list",
	  "SELECT c.id, c.code, c.name, c.county, c.company,"
	  " to_char(c.contract_start, 'YYYY-MM-DD'), to_char(c.contract_end, 'YYYY-MM-DD'),"
	  " (c.managed_area_m2 * 100)::bigint"
	  " FROM community c WHERE c.stage = 'managed' AND c.mode = 'professional'"
	  "  AND c.managed_area_m2 IS NOT NULL"
	  "  AND ($1::text IS NULL OR c.county = $1)"
	  "  AND c.contract_end >= $2::date AND c.contract_start <= $3::date"
	  " ORDER BY c.county, c.id", 3 },
	/* ---- exports and hand-over (api_ledger.c, api_handover.c) ---- */
	/* How many rows the ledger would have, counted up to $5. */
	{ "s_ledger_count",
	  "SELECT count(*) FROM (SELECT 1 FROM community c WHERE " LIST_FILTER
	  "  AND c.id > coalesce($4::bigint, 0) LIMIT $5::int) x", 6 },
	{ "s_ledger_rows", LEDGER_SQL, 6 },
	/*
	 * $3 the list (waiting, managed, follow_up; NULL: both stages), a
	 * keyset on (stage_since, id) resumed after $4 (microseconds since
	 * the epoch) and $5, $6 rows, $7 today.  The last column is the
	 * row's stage_since in microseconds, for the cursor.
	 */
	{ "s_handover_rows",
	  "SELECT c.id, c.code, c.name, c.county, c.street, c.stage,"
	  " to_char(CASE WHEN c.stage = 'accepted' THEN c.stage_since"
	  "  ELSE (SELECT max(e.at) FROM event e WHERE e.community_id = c.id"
	  "   AND e.after->>'stage' = 'accepted') END"
	  "  AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),"
	  " CASE WHEN c.stage = 'accepted'"
	  "  THEN $7::date - (c.stage_since AT TIME ZONE 'Asia/Shanghai')::date END,"
	  " CASE WHEN c.stage = 'managed'"
	  "  THEN to_char(c.stage_since AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') END,"
	  " c.mode, c.company, c.managing_committee,"
	  " to_char(c.contract_start, 'YYYY-MM-DD'), to_char(c.contract_end, 'YYYY-MM-DD'),"
	  " CASE WHEN c.mode = 'professional' THEN c.contract_end - $7::date END,"
	  " c.managed_area_m2, c.fee_yuan_per_m2_month,"
	  " CASE WHEN c.stage = 'managed' THEN " HO_SUBSIDY_ELIGIBLE " END,"
	  " CASE WHEN c.stage = 'managed' THEN concat_ws(',',"
	  "  CASE WHEN " HO_EXPIRED("$7") " THEN 'contract_expired' END,"
	  "  CASE WHEN " HO_ENDING("$7") " THEN 'contract_ending' END,"
	  "  CASE WHEN " HO_BACKED " THEN 'community_backed' END) END,"
	  " (extract(epoch FROM c.stage_since) * 1000000)::bigint"
	  " FROM community c WHERE " HO_FILTER
	  "  AND ($3::text IS NULL OR ($3 = 'waiting' AND c.stage = 'accepted')"
	  "   OR ($3 = 'managed' AND c.stage = 'managed')"
	  "   OR ($3 = 'follow_up' AND c.stage = 'managed' AND " HO_FOLLOW_UP("$7") "))"
	  "  AND ($4::bigint IS NULL OR (c.stage_since, c.id) >"
	  "   (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5::bigint))"
	  " ORDER BY c.stage_since, c.id LIMIT $6::int", 7 },
	/* Per county: waiting, managed, professional, community-backed, eligible, follow-up. */
	{ "s_handover_coverage",
	  "SELECT c.county, count(*) FILTER (WHERE c.stage = 'accepted'),"
	  " count(*) FILTER (WHERE c.stage = 'managed'),"
	  " count(*) FILTER (WHERE c.stage = 'managed' AND c.mode = 'professional'),"
	  " count(*) FILTER (WHERE c.stage = 'managed' AND c.mode = 'community'),"
	  " count(*) FILTER (WHERE c.stage = 'managed' AND " HO_SUBSIDY_ELIGIBLE "),"
	  " count(*) FILTER (WHERE c.stage = 'managed' AND " HO_FOLLOW_UP("$3") ")"
	  " FROM community c WHERE " HO_FILTER " GROUP BY c.county", 3 },
	{ "s_export_begin",
	  "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0 },
	/*
	 * A ledger chunk's estimated cost passes jit_above_cost, and the
	 * compilation (30 to 80 ms) would cost more than the chunk's run
	 * (about 90 ms per 1000 rows): off for this transaction only.
	 */
	{ "s_export_nojit", "SET LOCAL jit = off", 0 },
	{ "s_assessment", assessment_sql, 5 },
	/* $1 county, $2 year, $3 households, $4 area m², $5 communities, $6 sub. */
	{ "s_target_set",
	  "INSERT INTO target AS t (county, year, households_target, area_target_m2,"
	  " communities_target, set_by) VALUES ($1, $2::int, $3::int, $4::numeric,"
	  " $5::int, $6) ON CONFLICT (county, year) DO UPDATE SET"
	  " households_target = EXCLUDED.households_target,"
	  " area_target_m2 = EXCLUDED.area_target_m2,"
	  " communities_target = EXCLUDED.communities_target,"
	  " set_by = EXCLUDED.set_by, set_at = now()"
	  " RETURNING jsonb_build_object('county', t.county, 'year', t.year,"
	  " 'households_target', t.households_target, 'area_target_m2',"
	  " t.area_target_m2, 'communities_target', t.communities_target,"
	  " 'set_by', t.set_by, 'set_at', t.set_at)", 6 },
	/*
	 * $1 year, $2 county (NULL: all).  With the year's 20 latest
	 * changes (sql/011), newest first; the times also as the city's
	 * "YYYY-MM-DD HH:MM" for the page.
	 */
	{ "s_target_list",
	  "SELECT jsonb_build_object('year', $1::int, 'targets', coalesce(("
	  " SELECT jsonb_agg(jsonb_build_object('county', t.county,"
	  " 'households_target', t.households_target, 'area_target_m2',"
	  " t.area_target_m2, 'communities_target', t.communities_target,"
	  " 'set_by', t.set_by, 'set_at', t.set_at, 'set_at_city',"
	  " to_char(t.set_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'))"
	  " ORDER BY t.county) FROM target t WHERE t.year = $1::int"
	  " AND ($2::text IS NULL OR t.county = $2)), '[]'),"
	  " 'history', coalesce((SELECT jsonb_agg(jsonb_build_object("
	  " 'county', h.county, 'old', jsonb_build_object('households_target',"
	  " h.old_households, 'area_target_m2', h.old_area_m2,"
	  " 'communities_target', h.old_communities), 'new', jsonb_build_object("
	  " 'households_target', h.new_households, 'area_target_m2',"
	  " h.new_area_m2, 'communities_target', h.new_communities),"
	  " 'changed_by', h.changed_by, 'changed_at', h.changed_at,"
	  " 'changed_at_city', to_char(h.changed_at AT TIME ZONE 'Asia/Shanghai',"
	  " 'YYYY-MM-DD HH24:MI')) ORDER BY h.changed_at DESC, h.id DESC)"
	  " FROM (SELECT * FROM target_change h WHERE h.year = $1::int"
	  " AND ($2::text IS NULL OR h.county = $2)"
	  " ORDER BY h.changed_at DESC, h.id DESC LIMIT 20) h), '[]'))", 2 },
};
_Static_assert(sizeof(stmts) / sizeof(stmts[0]) == STMT__MAX, "stmts");
