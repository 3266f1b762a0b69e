/*
 * test_audit.c - the tamper-evident audit trail and replay (docs/audit.md).
 *
 * Records are made through the real API; the attacks are made straight on
 * the database: as the application's role (JIUGAI_DATABASE_URL), which
 * must be refused every rewrite with SQLSTATE 42501, and as the postgres
 * superuser over the test cluster's socket, whose edits (made with
 * session_replication_role = replica, the same as disabling the
 * triggers) `jiugai verify-audit` and `jiugai replay --check` must catch.
 * Every superuser edit is undone before the test ends, and the chain and
 * the replay are shown clean again.
 */
#include <sys/wait.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "audit.h"
#include "conf.h"
#include "../lib/client.h"

#define INSUFFICIENT_PRIVILEGE	"42501"
#define NCONC			20	/* simultaneous requests */

static PGconn	*app;		/* the server's role */
static PGconn	*su;		/* postgres, or NULL without a local cluster */
static char	 last_error[1024];

#define FMT(a, b)	__attribute__((format(printf, a, b)))

static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Run sql on c; "" when it succeeded, else its SQLSTATE (static). */
static const char * FMT(2, 3)
sql(PGconn *c, const char *fmt, ...)
{
	static char	 state[8];
	char		 q[4096];
	va_list		 ap;
	PGresult	*res;
	ExecStatusType	 st;
	const char	*s;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	res = PQexec(c, q);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		state[0] = '\0';
	else {
		s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		snprintf(state, sizeof(state), "%s", s != NULL ? s : "?");
		snprintf(last_error, sizeof(last_error), "%.200s -> %s", q,
		    PQerrorMessage(c));
	}
	PQclear(res);
	return state;
}

#define OK(c, ...) do {						\
	if (*sql(c, __VA_ARGS__) != '\0')					\
		fail_msg("%s", last_error);					\
} while (0)

/* The first value of a query, malloc'd ("" for NULL). */
static char * FMT(2, 3)
one(PGconn *c, const char *fmt, ...)
{
	char		 q[4096], *v;
	va_list		 ap;
	PGresult	*res;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	res = PQexec(c, q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		print_error("query failed: %s -- %s", q, PQerrorMessage(c));
		PQclear(res);
		fail();
	}
	v = strdup(PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
	PQclear(res);
	assert_non_null(v);
	return v;
}

static long long FMT(2, 3)
num(PGconn *c, const char *fmt, ...)
{
	char		 q[4096], *v;
	va_list		 ap;
	long long	 n;

	va_start(ap, fmt);
	vsnprintf(q, sizeof(q), fmt, ap);
	va_end(ap);
	v = one(c, "%s", q);
	n = strtoll(v, NULL, 10);
	free(v);
	return n;
}

/* Run `jiugai ARGS`; its exit status, its output (stdout and stderr) in out. */
static int FMT(3, 4)
tool(char *out, size_t sz, const char *fmt, ...)
{
	const char	*bin = getenv("JIUGAI_BIN");
	char		 args[512], cmd[1200];
	va_list		 ap;
	FILE		*p;
	size_t		 n;
	int		 st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", bin != NULL && *bin ? bin :
	    "build/jiugai", args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sz - 1, p);
	out[n] = '\0';
	/* Drain what did not fit, so that the tool is not killed by SIGPIPE. */
	while (fgetc(p) != EOF)
		continue;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* verify-audit (with extra arguments) must exit want. */
static void
verify(int want, const char *args, const char *expect)
{
	char	 out[8192];
	int	 rc = tool(out, sizeof(out), "verify-audit %s", args);

	if (rc != want || (expect != NULL && strstr(out, expect) == NULL))
		fail_msg("verify-audit %s: exit %d (want %d), want \"%s\" in: %s",
		    args, rc, want, expect != NULL ? expect : "", out);
}

static void
replay(int want, const char *args, const char *expect)
{
	char	 out[16384];
	int	 rc = tool(out, sizeof(out), "replay --check %s", args);

	if (rc != want || (expect != NULL && strstr(out, expect) == NULL))
		fail_msg("replay --check %s: exit %d (want %d), want \"%s\" in: %s",
		    args, rc, want, expect != NULL ? expect : "", out);
}

/* The head as audit-head prints it. */
static void
head(long long *seq, char hash[AUDIT_HEXLEN + 1])
{
	char	 out[512];

	assert_int_equal(tool(out, sizeof(out), "audit-head"), 0);
	if (sscanf(out, "seq=%lld hash=%64s", seq, hash) != 2)
		fail_msg("audit-head printed: %s", out);
	assert_true(audit_is_hash(hash));
}

static void
need_su(void)
{
	if (su == NULL)
		skip();
}

/* ---- the chain ------------------------------------------------------ */

/* Gap-free, fork-free, ending at the head: checked in SQL, independently. */
static void
chain_shape(void)
{
	assert_int_equal(num(app, "SELECT count(*) FROM event"),
	    num(app, "SELECT coalesce(max(seq), 0) FROM event"));
	assert_int_equal(num(app, "SELECT count(*) FROM (SELECT prev_hash,"
	    " lag(hash, 1, repeat('0', 64)) OVER (ORDER BY seq) AS want"
	    " FROM event) l WHERE prev_hash <> want"), 0);
	assert_int_equal(num(app, "SELECT count(*) FROM audit_head h"
	    " WHERE h.seq = (SELECT coalesce(max(seq), 0) FROM event)"
	    "  AND h.hash = coalesce((SELECT hash FROM event ORDER BY seq DESC"
	    "   LIMIT 1), repeat('0', 64))"), 1);
}

static void
test_chain_verifies(void **state)
{
	long long	 seq, before = num(app, "SELECT seq FROM audit_head");
	char		 hash[AUDIT_HEXLEN + 1], args[128], *h;

	(void)state;
	make_at("tancheng", "piloted");
	head(&seq, hash);
	assert_true(seq > before);
	h = one(app, "SELECT hash FROM event WHERE seq = %lld", seq);
	assert_string_equal(h, hash);
	free(h);
	chain_shape();
	verify(0, "", "intact");
	/* From a checkpoint: the head itself, and one in the middle. */
	snprintf(args, sizeof(args), "--from %lld --hash %s", seq, hash);
	verify(0, args, "intact");
	h = one(app, "SELECT hash FROM event WHERE seq = %lld", before + 1);
	snprintf(args, sizeof(args), "--from %lld --hash %s", before + 1, h);
	free(h);
	verify(0, args, "intact");
	verify(0, "--from 0 --hash 0000000000000000000000000000000000000000000000"
	    "000000000000000000", "intact");
	/* A checkpoint that is not this chain's. */
	snprintf(args, sizeof(args), "--from %lld --hash %064d", seq, 7);
	verify(1, args, "checkpoint");
	verify(2, "--from 3", NULL);
	verify(2, "--hash abc --from 3", NULL);
	verify(2, "--bogus", NULL);
}

/*
 * The C encoding and the database's agree on the awkward cases: the unit
 * separator and "N" inside values, NULLs, multi-byte text, nested jsonb.
 * Whatever the inserter puts in seq, prev_hash and hash is overwritten.
 */
static void
test_encoding_agrees(void **state)
{
	const char	*val[AUDIT__MAX];
	size_t		 len[AUDIT__MAX];
	char		 h[AUDIT_HEXLEN + 1], *hs, *hh;
	PGresult	*res;
	long long	 hseq = num(app, "SELECT seq FROM audit_head");
	int		 c;

	(void)state;
	/* The worked example of docs/audit.md. */
	{
		const char *const ex[AUDIT__MAX] = { "1", "7", NULL,
		    "1704067200000000", "u1", NULL, "audit", "viewer", "probe",
		    NULL, NULL, NULL, NULL, "{\"a\": 1}" };
		size_t exlen[AUDIT__MAX];

		for (c = 0; c < AUDIT__MAX; c++)
			exlen[c] = ex[c] != NULL ? strlen(ex[c]) : 0;
		audit_link(audit_genesis, ex, exlen, h);
		assert_string_equal(h, "c8bae3f11a635e633efdb323279134324e9abf19"
		    "14a363ffb533c967ba3e4b35");
		hs = one(app, "SELECT audit_hash(repeat('0', 64),"
		    " jsonb_populate_record(NULL::event, '{\"seq\": 1, \"id\": 7,"
		    " \"at\": \"2024-01-01T00:00:00Z\", \"actor_sub\": \"u1\","
		    " \"actor_dept\": \"audit\", \"actor_role\": \"viewer\","
		    " \"action\": \"probe\", \"after\": {\"a\": 1}}'))");
		assert_string_equal(hs, h);
		free(hs);
	}
	hh = one(app, "SELECT hash FROM audit_head");
	OK(app, "BEGIN");
	res = PQexec(app, "INSERT INTO event (actor_sub, actor_name, actor_dept,"
	    " actor_role, action, comment, before, after, seq, prev_hash, hash)"
	    " VALUES ('t-audit', NULL, 'audit', 'viewer', 'probe',"
	    " E'a\\x1fN\\x1f3:x 审计\\n', '{\"b\": [1, 2.50, null]}',"
	    " '{\"名\": \"值\", \"a\": {\"z\": true}}', 1,"
	    " repeat('0', 64), repeat('f', 64))"
	    " RETURNING seq::text, id::text, community_id::text,"
	    " (extract(epoch FROM at) * 1000000)::bigint::text, actor_sub,"
	    " actor_name, actor_dept, actor_role, action, round_id::text,"
	    " item_id::text, comment, before::text, after::text, prev_hash, hash");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		print_error("insert: %s", PQerrorMessage(app));
		PQclear(res);
		sql(app, "ROLLBACK");
		fail();
	}
	assert_int_equal(strtoll(PQgetvalue(res, 0, AUDIT_SEQ), NULL, 10), hseq + 1);
	assert_string_equal(PQgetvalue(res, 0, AUDIT__MAX), hh);
	for (c = 0; c < AUDIT__MAX; c++) {
		val[c] = PQgetisnull(res, 0, c) ? NULL : PQgetvalue(res, 0, c);
		len[c] = (size_t)PQgetlength(res, 0, c);
	}
	assert_null(val[AUDIT_ACTOR_NAME]);
	assert_non_null(strchr(val[AUDIT_COMMENT], 0x1f));
	audit_link(hh, val, len, h);
	assert_string_equal(h, PQgetvalue(res, 0, AUDIT__MAX + 1));
	/* The link moves if any one value does. */
	val[AUDIT_COMMENT] = "a";
	len[AUDIT_COMMENT] = 1;
	audit_link(hh, val, len, h);
	assert_string_not_equal(h, PQgetvalue(res, 0, AUDIT__MAX + 1));
	hs = one(app, "SELECT hash FROM audit_head");
	assert_string_equal(hs, PQgetvalue(res, 0, AUDIT__MAX + 1));
	free(hs);
	PQclear(res);
	OK(app, "ROLLBACK");
	/* Rolled back: nothing appended, no gap left behind. */
	assert_int_equal(num(app, "SELECT seq FROM audit_head"), hseq);
	hs = one(app, "SELECT hash FROM audit_head");
	assert_string_equal(hs, hh);
	free(hs);
	free(hh);
}

/* The application's role cannot rewrite history, even around triggers. */
static void
test_app_role_refused(void **state)
{
	static const char *const attacks[] = {
		"UPDATE event SET comment = 'forged' WHERE id = (SELECT max(id) FROM event)",
		"UPDATE event SET hash = repeat('0', 64)",
		"DELETE FROM event WHERE id = (SELECT max(id) FROM event)",
		"TRUNCATE event",
		"TRUNCATE community CASCADE",
		"ALTER TABLE event DISABLE TRIGGER USER",
		"ALTER TABLE event DISABLE TRIGGER zz_event_chain",
		"ALTER TABLE event DISABLE TRIGGER event_append_only",
		"DROP TRIGGER zz_event_chain ON event",
		"DROP TRIGGER event_append_only ON event",
		"ALTER TABLE event OWNER TO CURRENT_USER",
		"ALTER TABLE event DROP CONSTRAINT event_seq_key",
		"CREATE OR REPLACE FUNCTION audit_hash(prev text, e event) RETURNS text"
		" LANGUAGE sql AS $$ SELECT prev $$",
		"CREATE OR REPLACE FUNCTION event_chain() RETURNS trigger"
		" LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
		"CREATE FUNCTION public.evil() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
		"UPDATE audit_head SET seq = 0",
		"DELETE FROM audit_head",
		"INSERT INTO audit_head (one, seq, hash, at) VALUES (false, 0, repeat('0', 64), now())",
		"UPDATE approval SET comment = 'forged'",
		"DELETE FROM approval",
		"TRUNCATE approval",
		"SET session_replication_role = replica",
		"INSERT INTO dept (code, scoped) VALUES ('evil', false)",
		"DELETE FROM wf_transition",
	};
	long long	 n = num(app, "SELECT count(*) FROM event");
	char		*h = one(app, "SELECT hash FROM audit_head");
	char		*h2;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		OK(app, "BEGIN");
		if (strcmp(sql(app, "%s", attacks[i]), INSUFFICIENT_PRIVILEGE) != 0) {
			sql(app, "ROLLBACK");
			fail_msg("not refused with 42501: %s (%s)", attacks[i],
			    last_error);
		}
		sql(app, "ROLLBACK");
	}
	assert_int_equal(num(app, "SELECT count(*) FROM event"), n);
	h2 = one(app, "SELECT hash FROM audit_head");
	assert_string_equal(h, h2);
	free(h);
	free(h2);
	verify(0, "", "intact");
}

/* The event's row as it is, to put back after a superuser's edit. */
static void
save_row(long long id, const char *as)
{
	OK(su, "DROP TABLE IF EXISTS %s", as);
	OK(su, "CREATE TEMP TABLE %s AS SELECT * FROM event WHERE id = %lld", as, id);
}

static void
restore_row(long long id, const char *as)
{
	OK(su, "BEGIN");
	OK(su, "SET LOCAL session_replication_role = replica");
	OK(su, "DELETE FROM event WHERE id = %lld", id);
	OK(su, "INSERT INTO event SELECT * FROM %s", as);
	OK(su, "COMMIT");
	OK(su, "DROP TABLE %s", as);
}

/* A row edited by hand, around every trigger, is named. */
static void
test_hand_edit_caught(void **state)
{
	long long	 cid, id, seq;
	char		 want[128];

	(void)state;
	need_su();
	cid = make_declared("yinan");
	make_declared("yinan");		/* so that the edited row is not the last */
	id = num(app, "SELECT min(id) FROM event WHERE community_id = %lld", cid);
	seq = num(app, "SELECT seq FROM event WHERE id = %lld", id);
	verify(0, "", "intact");
	save_row(id, "saved_edit");
	OK(su, "BEGIN");
	OK(su, "SET LOCAL session_replication_role = replica");
	OK(su, "UPDATE event SET comment = 'nothing happened' WHERE id = %lld", id);
	OK(su, "COMMIT");
	snprintf(want, sizeof(want), "seq %lld (event id %lld)", seq, id);
	verify(1, "", want);
	verify(1, "", "contents do not match");
	/* The same with the triggers disabled by ALTER TABLE, as the owner would. */
	restore_row(id, "saved_edit");
	verify(0, "", "intact");
	save_row(id, "saved_edit");
	OK(su, "BEGIN");
	OK(su, "ALTER TABLE event DISABLE TRIGGER USER");
	OK(su, "UPDATE event SET actor_dept = 'audit' WHERE id = %lld", id);
	OK(su, "ALTER TABLE event ENABLE TRIGGER USER");
	OK(su, "COMMIT");
	verify(1, "", want);
	restore_row(id, "saved_edit");
	verify(0, "", "intact");
}

/* A row removed from the middle or the end is noticed. */
static void
test_removal_caught(void **state)
{
	long long	 a, b, ida, idb, seqa;
	char		 want[128];

	(void)state;
	need_su();
	a = make_declared("feixian");
	b = make_declared("feixian");
	ida = num(app, "SELECT min(id) FROM event WHERE community_id = %lld", a);
	idb = num(app, "SELECT max(id) FROM event WHERE community_id = %lld", b);
	seqa = num(app, "SELECT seq FROM event WHERE id = %lld", ida);
	assert_int_equal(num(app, "SELECT seq FROM audit_head"),
	    num(app, "SELECT seq FROM event WHERE id = %lld", idb));
	/* The middle: the next one names the gap. */
	save_row(ida, "saved_mid");
	OK(su, "BEGIN");
	OK(su, "SET LOCAL session_replication_role = replica");
	OK(su, "DELETE FROM event WHERE id = %lld", ida);
	OK(su, "COMMIT");
	snprintf(want, sizeof(want), "seq %lld is missing", seqa);
	verify(1, "", want);
	restore_row(ida, "saved_mid");
	verify(0, "", "intact");
	/* The end: the head remembers. */
	save_row(idb, "saved_tail");
	OK(su, "BEGIN");
	OK(su, "SET LOCAL session_replication_role = replica");
	OK(su, "DELETE FROM event WHERE id = %lld", idb);
	OK(su, "COMMIT");
	verify(1, "", "removed from the end");
	restore_row(idb, "saved_tail");
	verify(0, "", "intact");
}

/* Recompute every link from seq on, as a forger with superuser rights would. */
static void
rechain(long long from)
{
	OK(su, "DO $$ DECLARE e event; h text; BEGIN"
	    " SELECT prev_hash INTO h FROM event WHERE seq = %lld;"
	    " FOR e IN SELECT * FROM event WHERE seq >= %lld ORDER BY seq LOOP"
	    "  e.prev_hash := h; h := audit_hash(h, e);"
	    "  UPDATE event SET prev_hash = e.prev_hash, hash = h WHERE id = e.id;"
	    " END LOOP;"
	    " UPDATE audit_head SET hash = h; END $$", from, from);
}

/*
 * A forger who rewrites a row and recomputes every later link keeps the
 * chain consistent: only a head copied outside the database catches it.
 */
static void
test_rewrite_caught_by_checkpoint(void **state)
{
	long long	 cid, seq, id, hseq;
	char		 hash[AUDIT_HEXLEN + 1], args[160], *name;

	(void)state;
	need_su();
	cid = make_declared("mengyin");
	make_declared("mengyin");
	head(&hseq, hash);
	snprintf(args, sizeof(args), "--from %lld --hash %s", hseq, hash);
	id = num(app, "SELECT min(id) FROM event WHERE community_id = %lld", cid);
	seq = num(app, "SELECT seq FROM event WHERE id = %lld", id);
	name = one(app, "SELECT actor_sub FROM event WHERE id = %lld", id);
	OK(su, "BEGIN");
	OK(su, "SET LOCAL session_replication_role = replica");
	OK(su, "UPDATE event SET actor_sub = 'someone-else' WHERE id = %lld", id);
	rechain(seq);
	OK(su, "COMMIT");
	verify(0, "", "intact");		/* consistent in itself ... */
	verify(1, args, "not the checkpoint's");	/* ... but not the copy */
	/* Undo: the same contents give the same hashes again. */
	OK(su, "BEGIN");
	OK(su, "SET LOCAL session_replication_role = replica");
	OK(su, "UPDATE event SET actor_sub = '%s' WHERE id = %lld", name, id);
	rechain(seq);
	OK(su, "COMMIT");
	free(name);
	verify(0, args, "intact");
	verify(0, "", "intact");
}

/* ---- concurrent appends ---------------------------------------------- */

/* n requests at once (req_burst); statuses into status[]. */
static void
burst(int n, const char *const *methods, char *const *paths,
    const char *const *tokens, char *const *bodies, long *status)
{
	const char	*p[NCONC], *b[NCONC];
	char		*got[NCONC];
	int		 i;

	for (i = 0; i < n; i++) {
		p[i] = paths[i];
		b[i] = bodies[i];
	}
	req_burst(n, methods, p, tokens, b, NULL, status, got);
	for (i = 0; i < n; i++) {
		if (status[i] != 200)
			print_message("# %s %s: %ld %s\n", methods[i], paths[i],
			    status[i], got[i] != NULL ? got[i] : "");
		free(got[i]);
	}
}

/*
 * Twenty writers at once, on twenty communities: edits, and approvals
 * (the second of which fires the transition, two events in one
 * transaction).  The chain stays a single line with no gap or fork.
 */
static void
test_concurrent_appends(void **state)
{
	const char	*county = "junan";
	const char	*methods[NCONC];
	char		*paths[NCONC], *bodies[NCONC];
	static char	 pathbuf[NCONC][96], bodybuf[NCONC][160];
	const char	*tokens[NCONC];
	long long	 ids[NCONC], seq0;
	long		 status[NCONC];
	int		 i, round;
	struct resp	 r;
	char		 path[96], body[160];

	(void)state;
	for (i = 0; i < NCONC; i++) {
		if (i < NCONC / 2) {
			ids[i] = make_declared(county);
			continue;
		}
		ids[i] = make_at(county, "declared");
		snprintf(path, sizeof(path), "/api/v1/communities/%lld/transitions",
		    ids[i]);
		snprintf(body, sizeof(body), "{\"action\":\"survey\",\"comment\":"
		    "\"并发\",\"expected_version\":%d}", version_of(ids[i]));
		assert_int_equal(req(&r, "POST", path, tok("t-street", "street",
		    county, "clerk"), body, NULL, NULL), 202);
		resp_free(&r);
	}
	seq0 = num(app, "SELECT seq FROM audit_head");
	for (round = 0; round < 2; round++) {
		for (i = 0; i < NCONC; i++) {
			methods[i] = i < NCONC / 2 ? "PATCH" : "POST";
			paths[i] = pathbuf[i];
			bodies[i] = bodybuf[i];
			snprintf(paths[i], sizeof(pathbuf[i]),
			    "/api/v1/communities/%lld%s", ids[i],
			    i < NCONC / 2 ? "" : "/approvals");
			if (i < NCONC / 2) {
				tokens[i] = tok("t-street", "street", county,
				    "clerk");
				snprintf(bodies[i], sizeof(bodybuf[i]),
				    "{\"households\":%d,\"expected_version\":%d}",
				    250 + i + round, round + 1);
			} else {
				tokens[i] = round == 0 ?
				    tok("t-county-approver", "county", county, "approver") :
				    tok("t-housing-approver", "housing", NULL, "approver");
				snprintf(bodies[i], sizeof(bodybuf[i]),
				    "{\"action\":\"survey\",\"decision\":\"approve\","
				    "\"comment\":\"同意%d\"}", round);
			}
		}
		burst(NCONC, methods, paths, tokens, bodies, status);
		for (i = 0; i < NCONC; i++)
			assert_int_equal(status[i], 200);
	}
	/* 20 edits, 20 approvals, 10 transitions. */
	assert_int_equal(num(app, "SELECT count(*) FROM event WHERE seq > %lld", seq0),
	    2 * NCONC + NCONC / 2);
	assert_int_equal(num(app, "SELECT count(*) FROM community WHERE county = '%s'"
	    " AND stage = 'surveyed' AND id >= %lld", county, ids[NCONC / 2]),
	    NCONC / 2);
	chain_shape();
	verify(0, "", "intact");
}

/*
 * Twenty transactions of the application's role overlapping for real in
 * the database: each appends, sleeps while holding its place, appends
 * again.  They queue on the head one after the other; no seq is taken
 * twice, none is skipped, each link names the one before.
 */
static void
test_concurrent_transactions(void **state)
{
	const char	*url = getenv("JIUGAI_DATABASE_URL");
	PGconn		*c[NCONC];
	PGresult	*res;
	char		 q[1024];
	long long	 seq0 = num(app, "SELECT seq FROM audit_head");
	int		 i, failed = 0;

	(void)state;
	for (i = 0; i < NCONC; i++) {
		c[i] = PQconnectdb(url != NULL ? url : conf_get(CONF_DATABASE_URL));
		assert_int_equal(PQstatus(c[i]), CONNECTION_OK);
	}
	for (i = 0; i < NCONC; i++) {
		snprintf(q, sizeof(q), "BEGIN;"
		    " INSERT INTO event (actor_sub, actor_dept, actor_role, action,"
		    "  comment) VALUES ('t-audit-%d', 'audit', 'viewer', 'probe', 'a');"
		    " SELECT pg_sleep(0.02);"
		    " INSERT INTO event (actor_sub, actor_dept, actor_role, action,"
		    "  comment) VALUES ('t-audit-%d', 'audit', 'viewer', 'probe', 'b');"
		    " COMMIT", i, i);
		assert_int_equal(PQsendQuery(c[i], q), 1);
	}
	for (i = 0; i < NCONC; i++) {
		while ((res = PQgetResult(c[i])) != NULL) {
			if (PQresultStatus(res) != PGRES_COMMAND_OK &&
			    PQresultStatus(res) != PGRES_TUPLES_OK) {
				print_error("connection %d: %s", i, PQerrorMessage(c[i]));
				failed++;
			}
			PQclear(res);
		}
		PQfinish(c[i]);
	}
	assert_int_equal(failed, 0);
	assert_int_equal(num(app, "SELECT count(*) FROM event WHERE seq > %lld",
	    seq0), 2 * NCONC);
	/* Each transaction's two links are adjacent: appends never interleave. */
	assert_int_equal(num(app, "SELECT count(*) FROM event a JOIN event b"
	    " ON b.seq = a.seq + 1 WHERE a.seq > %lld AND a.comment = 'a'"
	    " AND b.actor_sub = a.actor_sub AND b.comment = 'b'", seq0), NCONC);
	chain_shape();
	verify(0, "", "intact");
}

/* ---- the head over HTTP ---------------------------------------------- */

static void
test_head_api(void **state)
{
	struct resp	 r;
	char		*h;
	long long	 seq;

	(void)state;
	assert_int_equal(req(&r, "GET", "/api/v1/audit/head",
	    tok("t-audit-viewer", "audit", NULL, "viewer"), NULL, NULL, NULL), 200);
	seq = num(app, "SELECT seq FROM audit_head");
	assert_int_equal(jint(&r, "seq"), seq);
	h = one(app, "SELECT hash FROM audit_head");
	assert_non_null(jstr(&r, "hash"));
	assert_string_equal(jstr(&r, "hash"), h);
	assert_non_null(jstr(&r, "at"));
	free(h);
	resp_free(&r);
	/* Any signed-in user; nobody else. */
	assert_int_equal(req(&r, "GET", "/api/v1/audit/head",
	    tok("t-committee", "committee", "lanshan", "clerk"), NULL, NULL, NULL), 200);
	resp_free(&r);
	assert_int_equal(req(&r, "GET", "/api/v1/audit/head", NULL, NULL, NULL,
	    NULL), 401);
	resp_free(&r);
	assert_int_equal(req(&r, "POST", "/api/v1/audit/head",
	    tok("t-audit-viewer", "audit", NULL, "viewer"), "{}", NULL, NULL), 405);
	resp_free(&r);
}

/* ---- replay ----------------------------------------------------------- */

static void
test_replay_clean(void **state)
{
	char	 args[64];
	long long id;

	(void)state;
	id = make_at("pingyi", "managed");
	replay(0, "", "every stored row matches");
	snprintf(args, sizeof(args), "--community %lld", id);
	replay(0, args, "1 communities");
	replay(2, "--community x", NULL);
	replay(2, "--community 5 --bogus", NULL);
	{
		char	 out[1024];

		assert_int_equal(tool(out, sizeof(out), "replay"), 2);
	}
}

/* A stored row changed behind the events' back is reported, field by field. */
static void
test_replay_catches_hand_edit(void **state)
{
	long long	 id = make_at("yishui", "piloted");
	char		 want[128], args[64];

	(void)state;
	snprintf(args, sizeof(args), "--community %lld", id);
	replay(0, args, "matches");
	/* The application's role may update the row: that is what replay is for. */
	OK(app, "UPDATE community SET households = households + 1, batch = 'forged'"
	    " WHERE id = %lld", id);
	snprintf(want, sizeof(want), "community %lld (", id);
	replay(1, "", want);
	replay(1, args, "households: stored \"241\", the events give \"240\"");
	replay(1, args, "batch: stored \"forged\", the events give \"2017\"");
	replay(1, args, "2 differences");
	OK(app, "UPDATE community SET households = households - 1, batch = '2017'"
	    " WHERE id = %lld", id);
	replay(0, "", "every stored row matches");
}

/* A community that no event declared has no history to replay. */
static void
test_replay_catches_row_without_events(void **state)
{
	long long	 id;
	char		 args[64];

	(void)state;
	need_su();
	id = num(su, "INSERT INTO community (code, stage, name, county, street,"
	    " committee, address, declared_by_dept, declared_by_sub)"
	    " VALUES ('%s', 'declared', '无中生有', 'linshu', '街道', '社区', '路',"
	    " 'committee', 'nobody') RETURNING id", uniq("ghost"));
	snprintf(args, sizeof(args), "--community %lld", id);
	replay(1, args, "no declare event");
	OK(su, "DELETE FROM community WHERE id = %lld", id);
	replay(0, "", "every stored row matches");
}

/* ---- harness ------------------------------------------------------------ */

static int
group_setup(void **state)
{
	const char	*url = getenv("JIUGAI_DATABASE_URL");
	const char	*dir = getenv("JIUGAI_TEST_DIR");
	char		 conninfo[1024], pgdata[1024];
	FILE		*f;

	(void)state;
	app = PQconnectdb(url != NULL ? url : conf_get(CONF_DATABASE_URL));
	if (PQstatus(app) != CONNECTION_OK) {
		fprintf(stderr, "test_audit: database: %s", PQerrorMessage(app));
		return -1;
	}
	PQsetNoticeProcessor(app, quiet, NULL);
	sql(app, "SET statement_timeout = '30s'");
	/* The superuser, over the socket of the local test cluster. */
	snprintf(pgdata, sizeof(pgdata), "%s/pg/PG_VERSION", dir != NULL ? dir : "");
	if (dir != NULL && (f = fopen(pgdata, "r")) != NULL) {
		fclose(f);
		snprintf(conninfo, sizeof(conninfo), "host=%s/run dbname=jiugai"
		    " user=postgres connect_timeout=5", dir);
		su = PQconnectdb(conninfo);
		if (PQstatus(su) != CONNECTION_OK) {
			fprintf(stderr, "test_audit: superuser: %s",
			    PQerrorMessage(su));
			PQfinish(su);
			su = NULL;
		} else {
			PQsetNoticeProcessor(su, quiet, NULL);
			sql(su, "SET statement_timeout = '30s'");
		}
	}
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	PQfinish(app);
	if (su != NULL)
		PQfinish(su);
	return 0;
}

/* Whatever a failed assertion left open is rolled back. */
static int
teardown(void **state)
{
	(void)state;
	if (PQtransactionStatus(app) != PQTRANS_IDLE)
		sql(app, "ROLLBACK");
	if (su != NULL && PQtransactionStatus(su) != PQTRANS_IDLE)
		sql(su, "ROLLBACK");
	return 0;
}

#define T(f)	cmocka_unit_test_teardown(f, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_chain_verifies),
		T(test_encoding_agrees),
		T(test_app_role_refused),
		T(test_hand_edit_caught),
		T(test_removal_caught),
		T(test_rewrite_caught_by_checkpoint),
		T(test_concurrent_appends),
		T(test_concurrent_transactions),
		T(test_head_api),
		T(test_replay_clean),
		T(test_replay_catches_hand_edit),
		T(test_replay_catches_row_without_events),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	client_done();
	return rc;
}
