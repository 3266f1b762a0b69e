-- 016_decision_times.sql - each department's median and 90th-percentile
-- decision time in the assessment (issue 5 §2, issue 6 §3), exact,
-- without sorting the period's decisions.
--
-- The report gives, per department, percentile_cont(0.5) and (0.9) of
-- the seconds from a round's opening to the department's decision, over
-- the rounds opened in the period.  Computed from `decision` (sql/013),
-- that sorted every decision of the period: 164,000 for 2020 at 220,000
-- communities with 25 events each, about 120 ms of the report's 218 ms.
--
-- Now each decision falls in a band of its time (16 a doubling, below),
-- and `decision_month` counts the decisions per department, month of
-- opening (in the city's time) and band, kept by a trigger as decisions
-- are made.  For a period, decision_times() adds up the whole months'
-- counts and counts the decisions of its part-months directly, finds
-- from the totals the band that holds each order statistic the two
-- percentiles need and its rank there, and reads that one band's
-- decisions of the period (an index range) for the value.  The answer
-- is percentile_cont's, to the last bit: the same order statistics and
-- the same arithmetic (orderedsetaggs.c: floor and ceil of p × (n - 1),
-- lo + (p × (n - 1) - floor) × (hi - lo)).  tests/sql/test_gen.c
-- compares the two on many periods.
--
-- A county's report (a county's users, or ?county=) does the same with
-- the county's counts (`decision_county_month`) and decisions.

-- The band of a time of s seconds: the top 16 bits of the float8
-- (sign, exponent, four bits of mantissa), which order as the values do
-- for s >= 0; below 0 (a clock set back) mirrored under -1.  Exact: no
-- rounding of a logarithm can put two times in bands out of their order.
CREATE FUNCTION decision_band(s float8) RETURNS int
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT CASE WHEN s >= 0 THEN x.top ELSE -1 - x.top END
	FROM (SELECT get_byte(float8send(abs(s)), 0) * 256
	    + get_byte(float8send(abs(s)), 1) AS top) x
$$;

-- The month (its first day) a time falls in, in the city.
CREATE FUNCTION city_month(t timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	SELECT date_trunc('month', t AT TIME ZONE 'Asia/Shanghai')::date
$$;

-- The time as the report takes it (date_part, a float8, as before) and
-- its band, stored with the decision.
ALTER TABLE decision
	ADD COLUMN seconds float8 GENERATED ALWAYS AS
	    (date_part('epoch', decided_at - submitted_at)) STORED,
	ADD COLUMN band int GENERATED ALWAYS AS
	    (decision_band(date_part('epoch', decided_at - submitted_at))) STORED;

-- The part-months, by department and opening; a band's decisions of the
-- period, by department, band and opening; the same in a county.
DROP INDEX decision_dept;
CREATE INDEX decision_dept ON decision (dept, submitted_at)
	INCLUDE (band, county);
CREATE INDEX decision_band ON decision (dept, band, submitted_at)
	INCLUDE (seconds);
CREATE INDEX decision_county_band ON decision (county, dept, band,
	submitted_at) INCLUDE (seconds);

CREATE TABLE decision_month (
	dept		text NOT NULL,
	month		date NOT NULL,
	band		int NOT NULL,
	n		bigint NOT NULL,
	PRIMARY KEY (dept, month, band)
);
CREATE TABLE decision_county_month (
	county		text NOT NULL,
	dept		text NOT NULL,
	month		date NOT NULL,
	band		int NOT NULL,
	n		bigint NOT NULL,
	PRIMARY KEY (county, dept, month, band)
);
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON decision_month,
    decision_county_month FROM jiugai;
GRANT SELECT ON decision_month, decision_county_month TO jiugai;

CREATE FUNCTION decision_month_apply() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE decision_month t SET n = t.n - 1
		    WHERE t.dept = OLD.dept
		      AND t.month = city_month(OLD.submitted_at)
		      AND t.band = OLD.band;
		UPDATE decision_county_month t SET n = t.n - 1
		    WHERE t.county = OLD.county AND t.dept = OLD.dept
		      AND t.month = city_month(OLD.submitted_at)
		      AND t.band = OLD.band;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO decision_month AS t (dept, month, band, n)
		    VALUES (NEW.dept, city_month(NEW.submitted_at), NEW.band, 1)
		    ON CONFLICT (dept, month, band) DO UPDATE SET n = t.n + 1;
		INSERT INTO decision_county_month AS t
		    (county, dept, month, band, n)
		    VALUES (NEW.county, NEW.dept, city_month(NEW.submitted_at),
			NEW.band, 1)
		    ON CONFLICT (county, dept, month, band)
		    DO UPDATE SET n = t.n + 1;
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER decision_month AFTER INSERT OR DELETE ON decision
	FOR EACH ROW EXECUTE FUNCTION decision_month_apply();
CREATE TRIGGER decision_month_move
	AFTER UPDATE OF dept, county, submitted_at, decided_at ON decision
	FOR EACH ROW EXECUTE FUNCTION decision_month_apply();

CREATE VIEW decision_month_source AS
	SELECT d.dept, city_month(d.submitted_at) AS month, d.band,
	    count(*) AS n
	FROM decision d GROUP BY 1, 2, 3;

CREATE VIEW decision_county_month_source AS
	SELECT d.county, d.dept, city_month(d.submitted_at) AS month, d.band,
	    count(*) AS n
	FROM decision d GROUP BY 1, 2, 3, 4;

-- The r-th and (r+1)-th (from 0) times among dept's decisions in band b
-- opened in [lo, hi), in the county cty or the city, in order; one when
-- the band has no more.
CREATE FUNCTION decision_nth(k text, b int, lo timestamptz, hi timestamptz,
    cty text, r bigint) RETURNS float8[]
LANGUAGE sql STABLE AS $$
	SELECT array_agg(x.seconds ORDER BY x.seconds)
	FROM (SELECT d.seconds FROM decision d
	    WHERE cty IS NULL AND d.dept = k AND d.band = b
	      AND d.submitted_at >= lo AND d.submitted_at < hi
	    ORDER BY d.seconds OFFSET r LIMIT 2) x
	HAVING cty IS NULL
	UNION ALL
	SELECT array_agg(x.seconds ORDER BY x.seconds)
	FROM (SELECT d.seconds FROM decision d
	    WHERE d.county = cty AND d.dept = k AND d.band = b
	      AND d.submitted_at >= lo AND d.submitted_at < hi
	    ORDER BY d.seconds OFFSET r LIMIT 2) x
	HAVING cty IS NOT NULL
$$;

-- Each department's decisions on the rounds opened from d0 to d1 (the
-- city's dates, both included), in the county cty or the whole city:
-- how many, and percentile_cont(0.5) and (0.9) of their seconds.
-- Departments without a decision are left out.
CREATE FUNCTION decision_times(d0 date, d1 date, cty text)
RETURNS TABLE (dept_code text, decisions bigint, median_s float8,
    p90_s float8)
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
DECLARE
	lo	timestamptz := d0::timestamp AT TIME ZONE 'Asia/Shanghai';
	hi	timestamptz := (d1 + 1)::timestamp AT TIME ZONE 'Asia/Shanghai';
	-- The whole months: from the first that starts on or after d0 to
	-- the last that ends on or before d1.
	m0	date := (date_trunc('month', d0 - 1) + interval '1 month')::date;
	m1	date := date_trunc('month', d1 + 1)::date;
	e0	timestamptz;
	e1	timestamptz;
	code	text;
	bands	int[];
	counts	bigint[];
	total	bigint;
	res	float8[];
	p	float8;
	rn	float8;
	lo_rank	bigint;
	vals	float8[];
	i	int;
	below	bigint;
BEGIN
	IF m0 < m1 THEN
		e0 := m0::timestamp AT TIME ZONE 'Asia/Shanghai';
		e1 := m1::timestamp AT TIME ZONE 'Asia/Shanghai';
	ELSE
		-- No whole month: every decision is counted directly.
		e0 := hi;
		e1 := hi;
	END IF;
	FOR code IN SELECT k.code FROM dept k ORDER BY k.code LOOP
		SELECT array_agg(s.band ORDER BY s.band),
		    array_agg(s.n ORDER BY s.band), sum(s.n)
		    INTO bands, counts, total
		FROM (SELECT u.band, sum(u.n)::bigint AS n FROM (
			SELECT m.band, m.n FROM decision_month m
			WHERE cty IS NULL AND m.dept = code
			  AND m.month >= m0 AND m.month < m1
			UNION ALL
			SELECT m.band, m.n FROM decision_county_month m
			WHERE m.county = cty AND m.dept = code
			  AND m.month >= m0 AND m.month < m1
			UNION ALL
			SELECT d.band, 1 FROM decision d
			WHERE d.dept = code AND (cty IS NULL OR d.county = cty)
			  AND d.submitted_at >= lo AND d.submitted_at < e0
			UNION ALL
			SELECT d.band, 1 FROM decision d
			WHERE d.dept = code AND (cty IS NULL OR d.county = cty)
			  AND d.submitted_at >= e1 AND d.submitted_at < hi) u
		    GROUP BY u.band HAVING sum(u.n) > 0) s;
		CONTINUE WHEN total IS NULL OR total = 0;
		res := '{}';
		FOREACH p IN ARRAY ARRAY[0.5, 0.9]::float8[] LOOP
			rn := p * (total - 1)::float8;
			lo_rank := floor(rn)::bigint;
			-- The band of the lower rank: the first whose running
			-- count passes it.
			below := 0;
			i := 1;
			WHILE below + counts[i] <= lo_rank LOOP
				below := below + counts[i];
				i := i + 1;
			END LOOP;
			-- It and the next time, which percentile_cont
			-- interpolates between (when p × (n - 1) is not whole):
			-- the band's next, or the next band's first.
			vals := decision_nth(code, bands[i], lo, hi, cty,
			    lo_rank - below);
			IF ceil(rn)::bigint = lo_rank THEN
				vals := ARRAY[vals[1], vals[1]];
			ELSIF cardinality(vals) < 2 THEN
				vals := vals || (decision_nth(code, bands[i + 1],
				    lo, hi, cty, 0))[1];
			END IF;
			res := res || (vals[1] + ((rn - floor(rn)) *
			    (vals[2] - vals[1])));
		END LOOP;
		dept_code := code;
		decisions := total;
		median_s := res[1];
		p90_s := res[2];
		RETURN NEXT;
	END LOOP;
END
$$;

-- ---------------------------------------------------------------------
-- Made again and checked, with the months' counts (sql/013's functions,
-- whose SELECT * no longer matches decision's columns).
-- ---------------------------------------------------------------------

CREATE OR REPLACE FUNCTION assessment_facts_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	ALTER TABLE community DISABLE TRIGGER community_accepted;
	UPDATE community c SET accepted_at = s.accepted_at
	    FROM accepted_at_source s
	    WHERE s.id = c.id AND c.accepted_at IS DISTINCT FROM s.accepted_at;
	ALTER TABLE community ENABLE TRIGGER community_accepted;
	DELETE FROM stage_tally;
	INSERT INTO stage_tally SELECT * FROM stage_tally_source;
	DELETE FROM item_tally;
	INSERT INTO item_tally SELECT * FROM item_tally_source;
	DELETE FROM funding_tally;
	INSERT INTO funding_tally SELECT * FROM funding_tally_source;
	-- Row by row, the months' trigger would upsert once a decision.
	ALTER TABLE decision DISABLE TRIGGER decision_month;
	DELETE FROM decision;
	INSERT INTO decision (round_id, dept, county, submitted_at, decided_at)
	    SELECT round_id, dept, county, submitted_at, decided_at
	    FROM decision_source;
	ALTER TABLE decision ENABLE TRIGGER decision_month;
	DELETE FROM decision_month;
	INSERT INTO decision_month SELECT * FROM decision_month_source;
	DELETE FROM decision_county_month;
	INSERT INTO decision_county_month
	    SELECT * FROM decision_county_month_source;
END
$$;

CREATE OR REPLACE FUNCTION assessment_facts_check() RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT (SELECT count(*) FROM community c JOIN accepted_at_source s
		ON s.id = c.id WHERE c.accepted_at IS DISTINCT FROM s.accepted_at)
	    + (SELECT count(*) FROM
		((SELECT * FROM stage_tally WHERE n <> 0
		  EXCEPT SELECT * FROM stage_tally_source)
		 UNION ALL
		 (SELECT * FROM stage_tally_source
		  EXCEPT SELECT * FROM stage_tally)) d)
	    + (SELECT count(*) FROM
		((SELECT * FROM item_tally WHERE selected <> 0 OR signed_off <> 0
		  EXCEPT SELECT * FROM item_tally_source)
		 UNION ALL
		 (SELECT * FROM item_tally_source
		  EXCEPT SELECT * FROM item_tally)) d)
	    + (SELECT count(*) FROM
		((SELECT * FROM funding_tally WHERE lines <> 0
		  EXCEPT SELECT * FROM funding_tally_source)
		 UNION ALL
		 (SELECT * FROM funding_tally_source
		  EXCEPT SELECT * FROM funding_tally)) d)
	    + (SELECT count(*) FROM
		((SELECT round_id, dept, county, submitted_at, decided_at
		  FROM decision EXCEPT SELECT * FROM decision_source)
		 UNION ALL
		 (SELECT * FROM decision_source EXCEPT
		  SELECT round_id, dept, county, submitted_at, decided_at
		  FROM decision)) d)
	    + (SELECT count(*) FROM
		((SELECT * FROM decision_month WHERE n <> 0
		  EXCEPT SELECT * FROM decision_month_source)
		 UNION ALL
		 (SELECT * FROM decision_month_source
		  EXCEPT SELECT * FROM decision_month)) d)
	    + (SELECT count(*) FROM
		((SELECT * FROM decision_county_month WHERE n <> 0
		  EXCEPT SELECT * FROM decision_county_month_source)
		 UNION ALL
		 (SELECT * FROM decision_county_month_source
		  EXCEPT SELECT * FROM decision_county_month)) d)
$$;

-- The table's decisions are all there; their months are counted once.
INSERT INTO decision_month SELECT * FROM decision_month_source;
INSERT INTO decision_county_month SELECT * FROM decision_county_month_source;
ANALYZE decision, decision_month, decision_county_month;
