/*
 * test_security.c - SQL injection and path traversal, against the running
 * stack (nginx -> workers -> PostgreSQL):
 *
 *  - SQL injection strings in every text field the API stores (each
 *    stage's text fields by PATCH, declarations, funding notes, item and
 *    flow comments, Idempotency-Key) and in every list query parameter:
 *    the right status, stored literally where accepted, and nothing else
 *    in the database changed (every row outside the community at hand
 *    compared before and after);
 *  - path traversal on static files and application routes, with raw
 *    requests (curl would normalise the paths): 400/401/403/404, never a
 *    byte of a file outside app/static.
 *
 * The JWT pitfalls are in test_security_jwt.c; sizes, framing, slow
 * clients, FastCGI and privileges in test_security_net.c.  Each binary
 * checks at its end that no worker died while it ran.
 */
#include <sys/types.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../include/urlenc.h"
#include "../lib/client.h"
#include "../lib/proc.h"
#include "../lib/raw.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Helpers: paths, tokens, the database.                                */
/* ------------------------------------------------------------------ */

static const char *
approver(const char *dept)
{
	static char	 sub[4][64];
	static int	 n;
	char		*s = sub[n++ % 4];

	snprintf(s, sizeof(sub[0]), "t-%s-approver", dept);
	return tok(s, dept, NULL, "approver");
}

static const char *
clerk(const char *dept)
{
	static char	 sub[4][64];
	static int	 n;
	char		*s = sub[n++ % 4];

	snprintf(s, sizeof(sub[0]), "t-%s-clerk", dept);
	return tok(s, dept, NULL, "clerk");
}

/* One text value from SQL with one bigint parameter ("" on NULL). */
static char *
sql_text(const char *sql, long long id)
{
	char		 p0[32];
	const char	*p[1] = { p0 };
	PGresult	*res;
	char		*out;

	snprintf(p0, sizeof(p0), "%lld", id);
	res = PQexecParams(db(), sql, 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		fail_msg("%s: %s", sql, PQerrorMessage(db()));
	out = strdup(PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
	PQclear(res);
	assert_non_null(out);
	return out;
}

/*
 * Everything in the database that does not belong to community id: its
 * rows, items, funding, rounds, approvals and the count and end of the
 * events.  Equal before and after a request iff the request touched
 * nothing but that community.  Returned string is malloc'd.
 */
static char *
world(long long id)
{
	return sql_text("SELECT md5(concat_ws('|',"
	    " (SELECT string_agg(c::text, ',' ORDER BY c.id) FROM community c"
	    "   WHERE c.id <> $1::bigint),"
	    " (SELECT string_agg(i::text, ',' ORDER BY i.id) FROM item i"
	    "   WHERE i.community_id <> $1::bigint),"
	    " (SELECT string_agg(f::text, ',' ORDER BY f.id) FROM funding f"
	    "   WHERE f.community_id <> $1::bigint),"
	    " (SELECT string_agg(r::text, ',' ORDER BY r.id) FROM round r"
	    "   WHERE r.community_id <> $1::bigint),"
	    " (SELECT string_agg(a::text, ',' ORDER BY a.round_id, a.dept) FROM approval a"
	    "   WHERE a.round_id IN (SELECT id FROM round WHERE community_id <> $1::bigint)),"
	    " (SELECT count(*) || ':' || coalesce(max(id), 0) FROM event"
	    "   WHERE community_id IS DISTINCT FROM $1::bigint)))", id);
}

static void
same_world(const char *label, const char *before, long long id)
{
	char	*after = world(id);

	if (strcmp(before, after) != 0)
		fail_msg("[%s] rows outside community %lld changed", label, id);
	free(after);
}

static long long
events_of(long long id)
{
	char		*s = sql_text("SELECT count(*) FROM event WHERE community_id = $1",
	    id);
	long long	 n = strtoll(s, NULL, 10);

	free(s);
	return n;
}

/* s as a JSON string literal (quotes included); malloc'd. */
static char *
jesc(const char *s)
{
	char	*o = malloc(strlen(s) * 6 + 3), *q = o;

	assert_non_null(o);
	*q++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\') {
			*q++ = '\\';
			*q++ = *s;
		} else if ((unsigned char)*s < 0x20) {
			q += sprintf(q, "\\u%04x", (unsigned char)*s);
		} else
			*q++ = *s;
	}
	*q++ = '"';
	*q = '\0';
	return o;
}

/*
 * No SQL text, stack trace or internal error in an answer (words that the
 * request itself holds, label, may come back echoed as a field name).
 */
static void
no_leak(const char *label, const struct resp *r)
{
	static const char *const bad[] = {
		"SELECT", "INSERT", "UPDATE ", "syntax error", "ERROR:", "PQ",
		"pg_", "relation \"", "internal",
	};
	size_t	 i;

	if (r->status == 500 || r->status == 0)
		fail_msg("[%s] status %ld: %s", label, r->status,
		    r->body != NULL ? r->body : "(no answer)");
	for (i = 0; i < NELEM(bad); i++)
		if (r->body != NULL && r->status >= 400 && strstr(label, bad[i]) == NULL &&
		    strstr(r->body, bad[i]) != NULL)
			fail_msg("[%s] internals in the answer (%s): %s", label, bad[i],
			    r->body);
}

/* The injection strings: each fits the shortest text field (batch, 40). */
static const char *const inj[] = {
	"'; DROP TABLE community; --",
	"' OR '1'='1",
	"1; DELETE FROM event",
	"\\'; UPDATE community SET stage='x';--",
	"\" OR \"\"=\"",
	"' UNION SELECT sub FROM event --",
	"$$; DROP TABLE item; $$",
	"1' AND pg_sleep(3) IS NULL --",
	"%_%' OR name LIKE '%",
	"'); COMMIT; DROP TABLE item; --",
	"E'\\x27'; SET ROLE postgres; --",
	"\xe2\x80\x99 OR 1=1 --",		/* U+2019, a "smart" quote */
	"admin'/*",
	"$1::text",
	"\\\\' || chr(39) || '",
	"'||(SELECT version())||'",
};

/* ------------------------------------------------------------------ */
/* 1. SQL injection in every text field and query parameter.            */
/* ------------------------------------------------------------------ */

/*
 * PATCH field = each injection string on community id as token: 200,
 * stored literally (answer and database), one event more, the version
 * one more, and nothing outside the community changed.
 */
static void
patch_texts(long long id, const char *token, const char *field)
{
	struct resp	 r;
	char		*w = world(id), *lit, *stored, sql[128], body[512];
	long long	 ev;
	const char	*got;
	size_t		 i;
	int		 v;

	snprintf(sql, sizeof(sql), "SELECT %s FROM community WHERE id = $1", field);
	for (i = 0; i < NELEM(inj); i++) {
		v = version_of(id);
		ev = events_of(id);
		lit = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"%s\":%s,\"expected_version\":%d}", field,
		    lit, v);
		free(lit);
		req(&r, "PATCH", cpath(id, ""), token, body, NULL, NULL);
		no_leak(inj[i], &r);
		if (r.status != 200)
			fail_msg("PATCH %s = %s: %ld %s", field, inj[i], r.status, r.body);
		got = jstr(&r, field);
		if (got == NULL || strcmp(got, inj[i]) != 0)
			fail_msg("PATCH %s = %s: answered %s", field, inj[i], got ? got : "null");
		if (jint(&r, "version") != v + 1)
			fail_msg("PATCH %s: version %lld after %d", field, jint(&r, "version"), v);
		resp_free(&r);
		stored = sql_text(sql, id);
		if (strcmp(stored, inj[i]) != 0)
			fail_msg("%s stored as %s, sent %s", field, stored, inj[i]);
		free(stored);
		assert_int_equal(events_of(id), ev + 1);
	}
	same_world(field, w, id);
	free(w);
}

static void
test_sqli_declaration(void **state)
{
	struct resp	 r;
	char		 name[256], body[4096], *w, *ln, *ls, *stored;
	static const char *const fields[] = { "street", "committee", "address" };
	long long	 id;
	size_t		 i, k;

	(void)state;
	for (i = 0; i < NELEM(inj); i++) {
		snprintf(name, sizeof(name), "%s %s", inj[i], uniq("sqli"));
		ln = jesc(name);
		ls = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"name\":%s,\"county\":\"yishui\","
		    "\"street\":%s,\"committee\":%s,\"address\":%s,\"built_year\":1988,"
		    "\"buildings\":6,\"households\":240,\"floor_area_m2\":15600.00,"
		    "\"state_land\":true,\"urban_area\":true,\"multi_storey\":true,"
		    "\"structure_intact\":true,\"in_other_plan\":false}", ln, ls, ls, ls);
		free(ln);
		free(ls);
		w = world(-1);
		req(&r, "POST", "/api/v1/communities", tok_committee("yishui"), body, NULL, NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 201);
		id = jint(&r, "id");
		assert_string_equal(jstr(&r, "name"), name);
		for (k = 0; k < NELEM(fields); k++)
			assert_string_equal(jstr(&r, fields[k]), inj[i]);
		assert_string_equal(jstr(&r, "stage"), "declared");
		resp_free(&r);
		stored = sql_text("SELECT name || '|' || street || '|' || committee || '|' ||"
		    " address FROM community WHERE id = $1", id);
		snprintf(body, sizeof(body), "%s|%s|%s|%s", name, inj[i], inj[i], inj[i]);
		assert_string_equal(stored, body);
		free(stored);
		assert_int_equal(events_of(id), 1);
		same_world("declare", w, id);
		free(w);
	}
}

static void
test_sqli_declared_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("yinan");
	patch_texts(id, tok_street("yinan"), "name");
	patch_texts(id, tok_street("yinan"), "street");
	patch_texts(id, tok_street("yinan"), "committee");
	patch_texts(id, tok_street("yinan"), "address");
	patch_texts(id, tok_cclerk("yinan"), "exception_reason");
}

static void
test_sqli_surveyed_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_at("pingyi", "surveyed");
	patch_texts(id, tok_cclerk("pingyi"), "batch");
}

static void
test_sqli_piloted_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_at("pingyi", "piloted");
	patch_texts(id, clerk("construction"), "contractor");
	patch_texts(id, clerk("construction"), "supervisor");
	patch_texts(id, clerk("construction"), "site_manager");
}

static void
test_sqli_accepted_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_at("feixian", "accepted");
	patch_texts(id, clerk("housing"), "company");
	patch_texts(id, clerk("housing"), "managing_committee");
}

static void
test_sqli_funding_notes(void **state)
{
	struct resp	 r;
	char		 body[512], *lit, *w, *stored;
	long long	 id, fid;
	size_t		 i;

	(void)state;
	id = make_at("mengyin", "surveyed");
	w = world(id);
	for (i = 0; i < NELEM(inj); i++) {
		lit = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"source\":\"other\",\"planned_yuan\":1.00,"
		    "\"note\":%s}", lit);
		free(lit);
		req(&r, "POST", cpath(id, "/funding"), tok_cclerk("mengyin"), body, NULL, NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 201);
		fid = jint(&r, "id");
		assert_true(fid > 0);
		assert_string_equal(jstr(&r, "note"), inj[i]);
		resp_free(&r);
		stored = sql_text("SELECT note FROM funding WHERE id = $1", fid);
		assert_string_equal(stored, inj[i]);
		free(stored);
	}
	same_world("funding", w, id);
	free(w);
	assert_int_equal(db_count("SELECT count(*) FROM funding") > 0, 1);
}

/* The ids of community id's items, in order (up to max). */
static size_t
items_of(long long id, long long *out, size_t max)
{
	struct resp		 r;
	struct json_object	*a;
	size_t			 n = 0, i;

	req(&r, "GET", cpath(id, ""), tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	if (json_object_object_get_ex(r.json, "items", &a))
		for (i = 0; i < json_object_array_length(a) && n < max; i++)
			out[n++] = json_object_get_int64(json_object_object_get(
			    json_object_array_get_idx(a, i), "id"));
	resp_free(&r);
	return n;
}

/* count(*) of event rows of item with this comment. */
static long long
event_comments(long long item, const char *comment)
{
	char		 p0[32];
	const char	*p[2] = { p0, comment };
	PGresult	*res;
	long long	 n = -1;

	snprintf(p0, sizeof(p0), "%lld", item);
	res = PQexecParams(db(), "SELECT count(*) FROM event WHERE item_id = $1::bigint"
	    " AND comment = $2", 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

static void
test_sqli_item_comments(void **state)
{
	static const char *const depts[3] = { "police", "construction", "sports" };
	struct resp	 r;
	long long	 p, q, items[8];
	char		 body[512], *lit, *w, *stored;
	size_t		 n, k;

	(void)state;
	/* Done, with a comment: construction clerk, stage piloted. */
	p = make_at("junan", "piloted");
	n = items_of(p, items, 8);
	assert_int_equal(n, 3);
	w = world(p);
	for (k = 0; k < n; k++) {
		lit = jesc(inj[k]);
		snprintf(body, sizeof(body), "{\"comment\":%s}", lit);
		free(lit);
		req(&r, "POST", ipath(items[k], "/done"), clerk("construction"), body, NULL,
		    NULL);
		no_leak(inj[k], &r);
		EXPECT(&r, 200);
		assert_string_equal(jstr(&r, "status"), "done");
		resp_free(&r);
		assert_int_equal(event_comments(items[k], inj[k]), 1);
	}
	same_world("done", w, p);
	free(w);
	/* Sign-off, with a comment: the item's department, stage renovated. */
	q = make_at("junan", "renovated");
	n = items_of(q, items, 8);
	assert_int_equal(n, 3);
	w = world(q);
	for (k = 0; k < n; k++) {
		lit = jesc(inj[3 + k]);
		snprintf(body, sizeof(body), "{\"decision\":\"approve\",\"comment\":%s}", lit);
		free(lit);
		req(&r, "POST", ipath(items[k], "/signoff"), approver(depts[k]), body, NULL,
		    NULL);
		no_leak(inj[3 + k], &r);
		EXPECT(&r, 200);
		assert_string_equal(jstr(&r, "status"), "signed_off");
		resp_free(&r);
		stored = sql_text("SELECT decision_comment FROM item WHERE id = $1", items[k]);
		assert_string_equal(stored, inj[3 + k]);
		free(stored);
	}
	same_world("signoff", w, q);
	free(w);
}

/* Submission and rejection comments: rounds open and close, the stage stays. */
static void
test_sqli_flow_comments(void **state)
{
	struct resp	 r;
	long long	 id, rid;
	char		 body[512], *lit, *w, *stored;
	size_t		 i;

	(void)state;
	id = make_at("tancheng", "declared");
	w = world(id);
	for (i = 0; i < NELEM(inj); i++) {
		lit = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"action\":\"survey\",\"expected_version\":%d,"
		    "\"comment\":%s}", version_of(id), lit);
		req(&r, "POST", cpath(id, "/transitions"), tok_street("tancheng"), body, NULL,
		    NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 202);
		rid = jint(&r, "id");
		resp_free(&r);
		stored = sql_text("SELECT comment FROM round WHERE id = $1", rid);
		assert_string_equal(stored, inj[i]);
		free(stored);
		snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"reject\","
		    "\"comment\":%s}", lit);
		free(lit);
		req(&r, "POST", cpath(id, "/approvals"), approver("housing"), body, NULL, NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 200);
		resp_free(&r);
		stored = sql_text("SELECT comment FROM approval WHERE round_id = $1", rid);
		assert_string_equal(stored, inj[i]);
		free(stored);
	}
	stored = sql_text("SELECT stage FROM community WHERE id = $1", id);
	assert_string_equal(stored, "declared");
	free(stored);
	same_world("comments", w, id);
	free(w);
}

/* A refused list query: status, field, JSON error, no internals, nothing changed. */
static void
list_refused(const char *label, const char *path, const char *field)
{
	struct resp	 r;
	long long	 fp = db_fingerprint();
	const char	*f;

	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	no_leak(label, &r);
	if (r.status != 400 || strcmp(jerr(&r), "bad_request") != 0)
		fail_msg("[%s] %s: want 400 bad_request, got %ld: %s", label, path, r.status,
		    r.body != NULL ? r.body : "");
	f = jstr(&r, "error.details.field");
	if (field != NULL && (f == NULL || strcmp(f, field) != 0))
		fail_msg("[%s] want details.field %s: %s", label, field, r.body);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_sqli_query_parameters(void **state)
{
	static const char *const closed[] = { "county", "stage", "limit", "after" };
	struct resp		 r;
	struct json_object	*a;
	char			 enc[512], path[1200];
	const char		*nm;
	long long		 fp;
	size_t			 i, k;
	struct timespec		 t0, t1;

	(void)state;
	for (i = 0; i < NELEM(inj); i++) {
		assert_true(url_encode(inj[i], enc, sizeof(enc)) > 0);
		for (k = 0; k < NELEM(closed); k++) {
			snprintf(path, sizeof(path), "/api/v1/communities?%s=%s", closed[k], enc);
			list_refused(inj[i], path, closed[k]);
			/* After a valid parameter too. */
			snprintf(path, sizeof(path), "/api/v1/communities?limit=5&%s=%s",
			    strcmp(closed[k], "limit") == 0 ? "after" : closed[k], enc);
			list_refused(inj[i], path, NULL);
		}
		/* As a parameter name. */
		snprintf(path, sizeof(path), "/api/v1/communities?%s=1", enc);
		list_refused(inj[i], path, NULL);
		/* q searches for the text itself, quickly (pg_sleep is text here). */
		snprintf(path, sizeof(path), "/api/v1/communities?q=%s&limit=200", enc);
		fp = db_fingerprint();
		clock_gettime(CLOCK_MONOTONIC, &t0);
		req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		no_leak(inj[i], &r);
		EXPECT(&r, 200);
		assert_true(t1.tv_sec - t0.tv_sec < 3);
		assert_true(json_object_object_get_ex(r.json, "items", &a));
		for (k = 0; k < json_object_array_length(a); k++) {
			nm = json_object_get_string(json_object_object_get(
			    json_object_array_get_idx(a, k), "name"));
			if (nm == NULL || strstr(nm, inj[i]) == NULL)
				fail_msg("q=%s matched %s", inj[i], nm != NULL ? nm : "null");
		}
		resp_free(&r);
		assert_int_equal(db_fingerprint(), fp);
	}
	/* The communities named by test_sqli_declaration are found, literally. */
	assert_true(url_encode(inj[0], enc, sizeof(enc)) > 0);
	snprintf(path, sizeof(path), "/api/v1/communities?county=yishui&q=%s", enc);
	req(&r, "GET", path, tok_viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(json_object_object_get_ex(r.json, "items", &a));
	assert_true(json_object_array_length(a) >= 1);
	resp_free(&r);
}

/* Idempotency-Key and If-Match carry text to the database too; ids in paths. */
static void
test_sqli_headers_and_ids(void **state)
{
	static const char *const paths[] = {
		"/api/v1/communities/1%20OR%201=1", "/api/v1/communities/1;DROP%20TABLE%20event",
		"/api/v1/communities/1'--", "/api/v1/communities/1%27%20OR%20%271%27=%271",
		"/api/v1/communities/(SELECT%201)", "/api/v1/communities/1%00",
	};
	struct resp	 r1, r2;
	char		 key[256], body[128];
	const char	*h[2] = { key, NULL };
	long long	 id, fp, items;
	size_t		 i;

	(void)state;
	id = make_declared("lanling");
	for (i = 0; i < NELEM(inj); i++) {
		/* Header values: no control characters; these have none. */
		snprintf(key, sizeof(key), "Idempotency-Key: %s %s", inj[i], uniq("k"));
		items = db_count("SELECT count(*) FROM item");
		req(&r1, "POST", cpath(id, "/items"), tok_street("lanling"),
		    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h);
		no_leak(key, &r1);
		if (r1.status == 201) {
			fp = db_fingerprint();
			req(&r2, "POST", cpath(id, "/items"), tok_street("lanling"),
			    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h);
			EXPECT(&r2, 201);
			assert_string_equal(r2.body, r1.body);
			resp_free(&r2);
			assert_int_equal(db_fingerprint(), fp);
			assert_int_equal(db_count("SELECT count(*) FROM item"), items + 1);
		} else if (r1.status == 400) {
			assert_int_equal(db_count("SELECT count(*) FROM item"), items);
		} else
			fail_msg("[%s] %ld: %s", key, r1.status, r1.body);
		resp_free(&r1);
	}
	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "If-Match: \"%s\"", inj[i]);
		fp = db_fingerprint();
		req(&r1, "PATCH", cpath(id, ""), tok_street("lanling"), "{\"address\":\"x\"}",
		    NULL, h);
		no_leak(key, &r1);
		EXPECT(&r1, 400);
		resp_free(&r1);
		assert_int_equal(db_fingerprint(), fp);
	}
	for (i = 0; i < NELEM(paths); i++) {
		fp = db_fingerprint();
		req(&r1, "GET", paths[i], tok_viewer(), NULL, NULL, NULL);
		no_leak(paths[i], &r1);
		if (r1.status != 404 && r1.status != 400)
			fail_msg("GET %s: %ld", paths[i], r1.status);
		resp_free(&r1);
		snprintf(body, sizeof(body), "%s/items", paths[i]);
		req(&r1, "POST", body, tok_street("lanling"), "{\"kind\":\"road\"}", NULL, NULL);
		no_leak(body, &r1);
		if (r1.status != 404 && r1.status != 400)
			fail_msg("POST %s: %ld", body, r1.status);
		resp_free(&r1);
		assert_int_equal(db_fingerprint(), fp);
	}
}

/* ------------------------------------------------------------------ */
/* 2. Path traversal.                                                   */
/* ------------------------------------------------------------------ */

/* Text that only a file outside app/static would contain. */
static const char *const secrets[] = {
	"root:x:0:", "database_url", "PRIVATE KEY", "PUBLIC KEY", ".SUFFIXES",
	"#include", "[Unit]", "FCGX_", "daemon on;", "LISTEN",
};

/* One raw GET of path: a status in allowed (0-terminated), no file's text. */
static int
traverse(const char *path, const int *allowed)
{
	struct raw	 r;
	char		 rq[2048];
	size_t		 i;
	int		 ok = 0;

	snprintf(rq, sizeof(rq), "GET %s HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n", path);
	raw_get(&r, rq, 5000);
	for (i = 0; allowed[i] != 0; i++)
		if (r.status == allowed[i])
			ok = 1;
	if (!ok)
		fail_msg("GET %s: status %d: %.300s", path, r.status, r.text);
	for (i = 0; i < NELEM(secrets); i++)
		if (strstr(r.text, secrets[i]) != NULL)
			fail_msg("GET %s: the answer holds \"%s\": %.300s", path, secrets[i],
			    r.body);
	if (raw_header(&r, "X-Content-Type-Options", rq, sizeof(rq)) != 1 ||
	    strcmp(rq, "nosniff") != 0)
		fail_msg("GET %s: no X-Content-Type-Options", path);
	i = (size_t)r.status;
	raw_free(&r);
	return (int)i;
}

static void
test_traversal_static(void **state)
{
	static const char *const paths[] = {
		"/static/../jiugai.conf", "/static/../server.c", "/static/../../Makefile",
		"/static/../../../../../../etc/passwd", "/static/./../../Makefile",
		"/static/%2e%2e/%2e%2e/Makefile", "/static/%2E%2E/%2E%2E/Makefile",
		"/static/..%2f..%2fMakefile", "/static/%2e%2e%2f%2e%2e%2fMakefile",
		"/static/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
		"/static/..%5c..%5cMakefile", "/static/%252e%252e/%252e%252e/Makefile",
		"/static/%252e%252e%252f%252e%252e%252fMakefile",
		"/static/%c0%ae%c0%ae/%c0%ae%c0%ae/Makefile", "/static/....//....//Makefile",
		"/static/..;/..;/Makefile", "/static/.%2e/.%2e/Makefile", "/static//etc/passwd",
		"/static/%2fetc%2fpasswd", "/static/..", "/static/%2e%2e", "/static/../",
		"/static../Makefile", "/static/../../var/keys/jwt.key",
		"/static/../../.git/config", "/static/~root/.bashrc",
	};
	/* 303: a web path sends the unsigned-in visitor to the login page. */
	static const int allowed[] = { 303, 400, 403, 404, 0 };
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(paths); i++)
		traverse(paths[i], allowed);
}

static void
test_traversal_encoded_nul(void **state)
{
	static const char *const paths[] = {
		"/static/x%00.css", "/static/..%00/Makefile", "/static/%00../../Makefile",
		"/api/v1/me%00", "/healthz%00.json", "/api/v1/communities/1%00/events",
		"/%00", "/static/%2500",
	};
	static const int allowed[] = { 400, 404, 0 };
	struct raw	 r;
	char		 rq[512], ct[128];
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(paths); i++)
		traverse(paths[i], allowed);
	/* A decoded NUL is nginx's JSON 400 (it used to be a 500). */
	for (i = 0; i < 4; i++) {
		snprintf(rq, sizeof(rq), "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
		    paths[i]);
		raw_get(&r, rq, 5000);
		if (r.status != 400)
			fail_msg("GET %s: %d", paths[i], r.status);
		raw_header(&r, "Content-Type", ct, sizeof(ct));
		assert_non_null(strstr(ct, "application/json"));
		assert_non_null(strstr(r.body, "\"bad_request\""));
		raw_free(&r);
	}
}

static void
test_traversal_app_routes(void **state)
{
	static const char *const paths[] = {
		"/api/v1/communities/1/../../../etc/passwd", "/api/v1/../../etc/passwd",
		"/api/v1/communities/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"/api/v1/communities/1%2f..%2f..%2f..%2fMakefile",
		"/api/v1/communities/1/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
		"/api/v1/communities/%252e%252e/%252e%252e/etc/passwd",
		"/api/v1/communities/1/events/../../../../../static/../jiugai.conf",
		"/healthz/../../../etc/passwd", "/readyz/..%2f..%2fjiugai.conf",
		"/metrics/../../Makefile", "/api/v1/communities/1/..", "/api/v1/me/..%2f..%2f..",
		"/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
		"/api/v1/communities/..\\..\\..\\etc\\passwd",
	};
	static const int allowed[] = { 303, 400, 401, 403, 404, 0 };
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(paths); i++)
		traverse(paths[i], allowed);
}

/* No directory listing; a real static file (when there is one) is served plainly. */
static void
test_static_listing_and_control(void **state)
{
	static const int no_list[] = { 403, 404, 0 };
	static const int found[] = { 200, 0 };
	static const int missing[] = { 400, 404, 0 };
	DIR		*d;
	struct dirent	*e;
	char		 p[600];

	(void)state;
	traverse("/static/", no_list);
	traverse("/static/%2e/", no_list);
	if ((d = opendir("app/static")) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || e->d_type != DT_REG || strlen(e->d_name) > 200)
			continue;
		snprintf(p, sizeof(p), "/static/%s", e->d_name);
		traverse(p, found);
		snprintf(p, sizeof(p), "/static/%s/", e->d_name);
		traverse(p, missing);
		snprintf(p, sizeof(p), "/static/%s%%00.txt", e->d_name);
		traverse(p, missing);
		snprintf(p, sizeof(p), "/static/../static/%s", e->d_name);
		traverse(p, found);
		break;
	}
	closedir(d);
}

/* ------------------------------------------------------------------ */
/* The server is whole afterwards.                                      */
/* ------------------------------------------------------------------ */

/* The very same workers as at the start: no attack above killed one. */
static void
test_zz_same_workers_still_serving(void **state)
{
	(void)state;
	proc_workers_still_serving();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqli_declaration),
		cmocka_unit_test(test_sqli_declared_fields),
		cmocka_unit_test(test_sqli_surveyed_fields),
		cmocka_unit_test(test_sqli_piloted_fields),
		cmocka_unit_test(test_sqli_accepted_fields),
		cmocka_unit_test(test_sqli_funding_notes),
		cmocka_unit_test(test_sqli_item_comments),
		cmocka_unit_test(test_sqli_flow_comments),
		cmocka_unit_test(test_sqli_query_parameters),
		cmocka_unit_test(test_sqli_headers_and_ids),
		cmocka_unit_test(test_traversal_static),
		cmocka_unit_test(test_traversal_encoded_nul),
		cmocka_unit_test(test_traversal_app_routes),
		cmocka_unit_test(test_static_listing_and_control),
		cmocka_unit_test(test_zz_same_workers_still_serving),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, proc_workers_setup, NULL);
	client_done();
	return rc;
}
