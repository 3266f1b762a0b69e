/*
 * check.c - after a fault run, in SQL (libpq on JIUGAI_DATABASE_URL):
 *
 *  - lost: every act a client saw succeed left its event (item_add with
 *    its item, submit and each decision with their round and department,
 *    each fired transition with its round and the stage reached ...);
 *  - duplicated: no event beyond what the acts imply, on every community
 *    the clients kept track of; on the others, no event that must be
 *    unique (a decision per round and department, an item_add per item,
 *    a transition per round) twice;
 *  - rows: items, funding lines, rounds, decisions and the version of
 *    each community are what the acts imply;
 *  - idempotency: each act's key is stored once, for its user, and no key
 *    of the run is stored that no seen act explains; a failed attempt
 *    whose act had committed already (the answer was lost, the retry got
 *    the stored one) is counted per fault;
 *  - replay: each community's stage is that of its last transition event
 *    and its stage data that of its last declare/edit events; the audit
 *    chain verifies.  `jiugai replay --check` and `jiugai verify-audit`
 *    are run too when the binary has them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "faults.h"

static void
addnote(struct check *ck, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
addnote(struct check *ck, const char *fmt, ...)
{
	size_t	 len = strlen(ck->note);
	va_list	 ap;

	if (len + 2 >= sizeof(ck->note))
		return;
	va_start(ap, fmt);
	vsnprintf(ck->note + len, sizeof(ck->note) - len, fmt, ap);
	va_end(ap);
}

/* One statement; NULL (and a note) on error. */
static PGresult *
q(PGconn *c, struct check *ck, const char *sql, int nparams,
    const char *const *params)
{
	PGresult	*res = PQexecParams(c, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType	 st = PQresultStatus(res);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	ck->error = 1;
	addnote(ck, "SQL failed: %.200s [%.80s...] ", PQerrorMessage(c), sql);
	PQclear(res);
	return NULL;
}

/* The single number a query answers, or -1. */
static long long
q1(PGconn *c, struct check *ck, const char *sql, int nparams,
    const char *const *params)
{
	PGresult	*res = q(c, ck, sql, nparams, params);
	long long	 n = -1;

	if (res == NULL)
		return -1;
	if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
		n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

static void
field(char **p, char *end, const char *s)
{
	int	 n;

	n = snprintf(*p, (size_t)(end - *p), "%s\t", s != NULL ? s : "\\N");
	if (n > 0 && *p + n < end)
		*p += n;
}

static const char *
num(char *b, size_t sz, long long v)
{
	if (v == 0)
		return NULL;
	snprintf(b, sz, "%lld", v);
	return b;
}

/* The acts (and the transitions they fired) into temporary tables. */
static int
load_acts(PGconn *c, struct check *ck, const struct load *ld)
{
	struct act_info	 in;
	PGresult	*res;
	char		 line[1024], *p, *end = line + sizeof(line), b[4][64];
	size_t		 i;
	const struct act *a;

	if ((res = q(c, ck, "CREATE TEMP TABLE f_act (seq int, cid bigint,"
	    " action text, rnd bigint, item bigint, dept text, stage text,"
	    " sub text, key text, fail_at double precision, fail_phase int)",
	    0, NULL)) == NULL)
		return -1;
	PQclear(res);
	if ((res = q(c, ck, "CREATE TEMP TABLE f_comm (cid bigint PRIMARY KEY,"
	    " version int, tracked boolean)", 0, NULL)) == NULL)
		return -1;
	PQclear(res);
	res = PQexec(c, "COPY f_act FROM STDIN");
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		addnote(ck, "COPY: %.200s", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	for (i = 0; i < ld->nacts; i++) {
		a = &ld->acts[i];
		load_act_info(a, &in);
		p = line;
		snprintf(b[3], sizeof(b[3]), "%zu", i);
		field(&p, end, b[3]);
		field(&p, end, num(b[0], sizeof(b[0]), a->cid));
		field(&p, end, in.event);
		field(&p, end, num(b[1], sizeof(b[1]), a->round));
		field(&p, end, num(b[2], sizeof(b[2]), a->item));
		field(&p, end, in.dept);
		field(&p, end, in.fires == NULL ? in.stage : NULL);
		field(&p, end, in.sub);
		field(&p, end, a->key);
		snprintf(b[3], sizeof(b[3]), "%.6f", a->fail_at);
		field(&p, end, a->fail_at > 0 ? b[3] : NULL);
		snprintf(b[2], sizeof(b[2]), "%d", a->fail_phase);
		field(&p, end, a->fail_phase >= 0 ? b[2] : NULL);
		p[-1] = '\n';
		if (in.fires != NULL) {
			snprintf(b[3], sizeof(b[3]), "%zu", i);
			field(&p, end, b[3]);
			field(&p, end, num(b[0], sizeof(b[0]), a->cid));
			field(&p, end, in.fires);
			field(&p, end, num(b[1], sizeof(b[1]), a->round));
			field(&p, end, NULL);
			field(&p, end, NULL);
			field(&p, end, in.stage);
			field(&p, end, NULL);
			field(&p, end, NULL);
			field(&p, end, NULL);
			field(&p, end, NULL);
			p[-1] = '\n';
		}
		if (PQputCopyData(c, line, (int)(p - line)) != 1)
			break;
	}
	if (PQputCopyEnd(c, NULL) != 1)
		return -1;
	res = PQgetResult(c);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		addnote(ck, "COPY: %.200s", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	while ((res = PQgetResult(c)) != NULL)
		PQclear(res);

	res = PQexec(c, "COPY f_comm FROM STDIN");
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		addnote(ck, "COPY: %.200s", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	for (i = 0; i < ld->ncomms; i++) {
		snprintf(line, sizeof(line), "%lld\t%d\t%s\n", ld->comms[i].id,
		    ld->comms[i].version, ld->comms[i].abandoned ? "f" : "t");
		if (PQputCopyData(c, line, (int)strlen(line)) != 1)
			break;
	}
	if (PQputCopyEnd(c, NULL) != 1)
		return -1;
	res = PQgetResult(c);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		addnote(ck, "COPY: %.200s", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	while ((res = PQgetResult(c)) != NULL)
		PQclear(res);
	return 0;
}

/*
 * The events the acts imply against those in the trail, per (community,
 * action, round, item, deciding department, stage reached).
 */
static const char EVENTS_SQL[] =
"WITH tr AS (SELECT DISTINCT action FROM wf_transition),"
" ac AS (SELECT cid, action, coalesce(rnd, 0) AS rnd, coalesce(item, 0) AS item,"
"   coalesce(dept, '') AS dept, coalesce(stage, '') AS stage, count(*) AS n"
"   FROM f_act GROUP BY 1, 2, 3, 4, 5, 6),"
" ev AS (SELECT e.community_id AS cid, e.action, coalesce(e.round_id, 0) AS rnd,"
"   coalesce(e.item_id, 0) AS item,"
"   CASE WHEN e.action IN ('approve', 'reject') THEN e.actor_dept ELSE '' END AS dept,"
"   CASE WHEN e.action IN (SELECT action FROM tr)"
"     THEN coalesce(e.after->>'stage', '') ELSE '' END AS stage, count(*) AS n"
"   FROM event e JOIN f_comm f ON f.cid = e.community_id GROUP BY 1, 2, 3, 4, 5, 6)"
" SELECT cid, action, rnd, item, dept, stage, coalesce(ac.n, 0) AS want,"
"   coalesce(ev.n, 0) AS got, f.tracked"
" FROM ac FULL JOIN ev USING (cid, action, rnd, item, dept, stage)"
" JOIN f_comm f USING (cid)"
" WHERE coalesce(ev.n, 0) <> coalesce(ac.n, 0)"
" ORDER BY cid, action";

/* Rows the acts imply, on the communities the clients kept track of. */
static const char ROWS_SQL[] =
"SELECT f.cid, f.version, c.version,"
"  (SELECT count(*) FROM item i WHERE i.community_id = f.cid),"
"  (SELECT count(*) FROM f_act a WHERE a.cid = f.cid AND a.action = 'item_add'),"
"  (SELECT count(*) FROM funding x WHERE x.community_id = f.cid),"
"  (SELECT count(*) FROM f_act a WHERE a.cid = f.cid AND a.action = 'funding_add'),"
"  (SELECT count(*) FROM round r WHERE r.community_id = f.cid),"
"  (SELECT count(*) FROM f_act a WHERE a.cid = f.cid AND a.action = 'submit'),"
"  (SELECT count(*) FROM approval p JOIN round r ON r.id = p.round_id"
"    WHERE r.community_id = f.cid),"
"  (SELECT count(*) FROM f_act a WHERE a.cid = f.cid"
"    AND a.action IN ('approve', 'reject')),"
"  (SELECT count(*) FROM item i WHERE i.community_id = f.cid AND i.status = 'done'),"
"  (SELECT count(*) FROM f_act a WHERE a.cid = f.cid AND a.action = 'item_done')"
" FROM f_comm f LEFT JOIN community c ON c.id = f.cid WHERE f.tracked";

/*
 * In the whole trail (every suite's communities): no round with two events
 * of one action (two decisions of one department, two submissions, two
 * firings), no item added twice, no community declared twice.
 */
static const char TRAIL_SQL[] =
"SELECT (SELECT count(*) FROM (SELECT 1 FROM event WHERE round_id IS NOT NULL"
"   GROUP BY round_id, action,"
"     CASE WHEN action IN ('approve', 'reject') THEN actor_dept END"
"   HAVING count(*) > 1) r)"
" + (SELECT count(*) FROM (SELECT 1 FROM event WHERE action = 'item_add'"
"   GROUP BY item_id HAVING count(*) > 1) i)"
" + (SELECT count(*) FROM (SELECT 1 FROM event WHERE action = 'declare'"
"   GROUP BY community_id HAVING count(*) > 1) d)";

/* Each seen act's key stored exactly once, for its user. */
static const char IDEM_MISSING_SQL[] =
"SELECT count(*) FROM f_act a WHERE a.key IS NOT NULL"
" AND (SELECT count(*) FROM idempotency i WHERE i.sub = a.sub AND i.key = a.key) <> 1";

/* Keys of this run stored for an act no client saw succeed. */
static const char IDEM_UNSEEN_SQL[] =
"SELECT count(*) FROM idempotency i WHERE starts_with(i.key, $1)"
" AND NOT EXISTS (SELECT 1 FROM f_act a WHERE a.key = i.key AND a.sub = i.sub)";

/*
 * A failed attempt whose act had committed before the failure came back:
 * the answer was lost on the way (the retry got the stored one).  The
 * key's row is written in the act's transaction, at its start time.
 */
static const char AFTER_COMMIT_SQL[] =
"SELECT a.fail_phase, count(*) FROM f_act a"
" JOIN idempotency i ON i.sub = a.sub AND i.key = a.key"
" WHERE a.fail_at IS NOT NULL AND extract(epoch FROM i.created_at) < a.fail_at"
" GROUP BY 1";

/* The stage replayed from the events: that of the last transition event. */
static const char STAGE_SQL[] =
"SELECT count(*) FROM community c JOIN f_comm f ON f.cid = c.id"
" WHERE c.stage IS DISTINCT FROM (SELECT e.after->>'stage' FROM event e"
"   WHERE e.community_id = c.id AND e.after ? 'stage'"
"     AND e.action IN (SELECT action FROM wf_transition)"
"   ORDER BY e.id DESC LIMIT 1)";

/*
 * The stage data replayed: each field as the last declare/edit event left
 * it (compared as text: the events keep numbers as the client wrote them).
 */
static const char DATA_SQL[] =
"WITH last AS (SELECT DISTINCT ON (e.community_id, k.key) e.community_id AS cid,"
"   k.key, k.value FROM event e JOIN f_comm f ON f.cid = e.community_id,"
"   jsonb_each(e.after) AS k"
"   WHERE e.action IN ('declare', 'edit') AND k.key <> 'stage'"
"   ORDER BY e.community_id, k.key, e.id DESC)"
" SELECT count(*) FROM last JOIN community c ON c.id = last.cid"
" WHERE to_jsonb(c) ->> last.key IS DISTINCT FROM last.value #>> '{}'";

static void
check_events(PGconn *c, struct check *ck)
{
	PGresult	*res = q(c, ck, EVENTS_SQL, 0, NULL);
	long long	 want, got, d;
	int		 i, shown = 0, tracked, unique;
	const char	*action;

	if (res == NULL)
		return;
	for (i = 0; i < PQntuples(res); i++) {
		action = PQgetvalue(res, i, 1);
		want = strtoll(PQgetvalue(res, i, 6), NULL, 10);
		got = strtoll(PQgetvalue(res, i, 7), NULL, 10);
		tracked = PQgetvalue(res, i, 8)[0] == 't';
		/* edit and funding_add may come more than once per community. */
		unique = strcmp(action, "edit") != 0 && strcmp(action, "funding_add") != 0;
		d = 0;
		if (got < want) {
			ck->lost += want - got;
			d = 1;
		} else if (tracked) {
			ck->duplicated += got - want;
			d = 1;
		} else if (unique && got > 1) {
			/* Untracked: an act that gave up may have committed, once. */
			ck->duplicated += got - 1;
			d = 1;
		}
		if (d && shown++ < 5)
			addnote(ck, "community %s: %s round %s item %s %s %s: %lld"
			    " events for %lld acts; ", PQgetvalue(res, i, 0), action,
			    PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
			    PQgetvalue(res, i, 4), PQgetvalue(res, i, 5), got, want);
	}
	PQclear(res);
}

static void
check_rows(PGconn *c, struct check *ck)
{
	PGresult	*res = q(c, ck, ROWS_SQL, 0, NULL);
	int		 i, k, off, shown = 0;

	if (res == NULL)
		return;
	for (i = 0; i < PQntuples(res); i++) {
		off = 0;
		for (k = 1; k + 1 < PQnfields(res); k += 2)
			if (strcmp(PQgetvalue(res, i, k), PQgetvalue(res, i, k + 1)) != 0)
				off = 1;
		if (!off)
			continue;
		ck->rows++;
		if (shown++ < 3)
			addnote(ck, "community %s: version %s/%s items %s/%s funding %s/%s"
			    " rounds %s/%s decisions %s/%s done %s/%s (client/database"
			    " and database/client); ", PQgetvalue(res, i, 0),
			    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
			    PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
			    PQgetvalue(res, i, 5), PQgetvalue(res, i, 6),
			    PQgetvalue(res, i, 7), PQgetvalue(res, i, 8),
			    PQgetvalue(res, i, 9), PQgetvalue(res, i, 10),
			    PQgetvalue(res, i, 11), PQgetvalue(res, i, 12));
	}
	PQclear(res);
}

static void
check_after_commit(PGconn *c, struct check *ck, struct load *ld)
{
	PGresult	*res = q(c, ck, AFTER_COMMIT_SQL, 0, NULL);
	int		 i, p;

	if (res == NULL)
		return;
	for (i = 0; i < PQntuples(res); i++) {
		p = atoi(PQgetvalue(res, i, 0));
		if (p >= 0 && p < PH__MAX)
			ld->ph[p].after_commit = strtol(PQgetvalue(res, i, 1), NULL, 10);
	}
	PQclear(res);
}

/*
 * jiugai SUB ARG when the binary has SUB (its --help succeeds): its exit
 * status, or -1 when it has not.  The output's last line goes to the note.
 */
static int
tool(struct check *ck, const char *sub, const char *arg)
{
	const char	*bin = getenv("JIUGAI_BIN"), *dir = getenv("JIUGAI_TEST_DIR");
	const char	*help[] = { bin, sub, "--help", NULL };
	const char	*argv[] = { bin, sub, arg, NULL };
	char		 out[512], line[512], last[512] = "";
	FILE		*f;
	int		 st;

	if (bin == NULL || dir == NULL)
		return -1;
	snprintf(out, sizeof(out), "%s/log/faults.%s.out", dir, sub);
	remove(out);
	if (faults_cmd(".", help, 30, out) != 0)
		return -1;
	remove(out);
	st = faults_cmd(".", argv, 300, out);
	if ((f = fopen(out, "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (line[0] != '\n')
				snprintf(last, sizeof(last), "%s", line);
		fclose(f);
	}
	last[strcspn(last, "\n")] = '\0';
	addnote(ck, "%s%s%s: exit %d%s%.200s; ", sub, arg != NULL ? " " : "",
	    arg != NULL ? arg : "", st, last[0] ? ": " : "", last);
	return st;
}

int
check_run(struct load *ld, struct check *ck)
{
	const char	*url = getenv("JIUGAI_DATABASE_URL");
	const char	*params[1] = { ld->prefix };
	struct act_info	 in;
	PGconn		*c;
	size_t		 i;

	memset(ck, 0, sizeof(*ck));
	ck->replay_tool = ck->verify_tool = -1;
	ck->acts = (long long)ld->nacts;
	for (i = 0; i < ld->nacts; i++) {
		load_act_info(&ld->acts[i], &in);
		ck->expected += in.fires != NULL ? 2 : 1;
	}
	c = PQconnectdb(url != NULL ? url : "");
	if (PQstatus(c) != CONNECTION_OK) {
		addnote(ck, "database: %.200s", PQerrorMessage(c));
		PQfinish(c);
		ck->error = 1;
		return -1;
	}
	if (load_acts(c, ck, ld) == -1) {
		ck->error = 1;
		PQfinish(c);
		return -1;
	}
	check_events(c, ck);
	check_rows(c, ck);
	ck->trail_dups = q1(c, ck, TRAIL_SQL, 0, NULL);
	ck->idem_missing = q1(c, ck, IDEM_MISSING_SQL, 0, NULL);
	ck->idem_unseen = q1(c, ck, IDEM_UNSEEN_SQL, 1, params);
	check_after_commit(c, ck, ld);
	ck->stage_off = q1(c, ck, STAGE_SQL, 0, NULL);
	ck->data_off = q1(c, ck, DATA_SQL, 0, NULL);
	PQfinish(c);

	ck->replay_tool = tool(ck, "replay", "--check");
	if (ck->replay_tool == -1)
		addnote(ck, "jiugai replay --check not available: the stage was"
		    " replayed in SQL only; ");
	ck->verify_tool = tool(ck, "verify-audit", NULL);
	if (ck->verify_tool == -1)
		addnote(ck, "jiugai verify-audit not available: audit chain"
		    " NOT checked; ");
	return ck->error ? -1 : 0;
}

int
check_passed(const struct load *ld, const struct check *ck)
{
	long	 gave_up = 0, unexpected = 0;
	int	 p;

	for (p = 0; p < PH__MAX; p++) {
		gave_up += ld->ph[p].gave_up;
		unexpected += ld->ph[p].unexpected;
	}
	return !ck->error && ck->lost == 0 && ck->duplicated == 0 && ck->rows == 0 &&
	    ck->trail_dups == 0 &&
	    ck->idem_missing == 0 && (ck->idem_unseen == 0 || gave_up > 0) &&
	    ck->stage_off == 0 && ck->data_off == 0 && ld->version_skew == 0 &&
	    unexpected == 0 && gave_up == 0 && ck->replay_tool <= 0 &&
	    ck->verify_tool <= 0 && ld->ph[PH_SIGTERM_MASTER].after_commit == 0 &&
	    ld->ph[PH_SIGTERM_MASTER].ngx_cut == 0;
}

void
check_report(const struct load *ld, const struct check *ck, const char *pfx)
{
	const struct phase_stats	*s;
	int				 p;
	long				 failed = 0;

	printf("%sfailed requests per fault (%ld requests in %.1f s, %d clients,"
	    " %zu communities):\n", pfx, ld->requests, ld->elapsed, ld->agents,
	    ld->ncomms);
	printf("%s%-20s %5s %7s %6s %5s %5s %5s %5s %5s %5s %7s %6s %5s %7s %6s\n",
	    pfx, "fault", "times", "answers", "failed", "502", "503", "other", "cut",
	    "reset", "refus", "lostans", "gaveup", "unexp", "ready_s", "down_s");
	for (p = 0; p < PH__MAX; p++) {
		s = &ld->ph[p];
		failed += s->failed;
		printf("%s%-20s %5d %7ld %6ld %5ld %5ld %5ld %5ld %5ld %5ld %7ld %6ld"
		    " %5ld %7.2f %6.2f\n", pfx, phase_names[p], s->injected,
		    s->answers, s->failed, s->fail_502, s->fail_503,
		    s->fail_conn + s->fail_504, s->ngx_cut, s->ngx_reset,
		    s->ngx_refused, s->after_commit, s->gave_up, s->unexpected,
		    s->ready_max, s->down_max);
		if (s->inject_errors > 0)
			printf("%s  (%d of these injections failed)\n", pfx,
			    s->inject_errors);
	}
	printf("%s(failed: answers 502/503/504 or no connection, each retried with its"
	    " Idempotency-Key;\n"
	    "%s cut/reset/refus: nginx's log: a worker ended mid-request / a queued"
	    " request was never accepted / no master listened;\n"
	    "%s lostans: failed answers of acts that had committed (the retry got"
	    " the stored answer);\n"
	    "%s ready_s: max s from PostgreSQL or the new master up to /readyz 200;"
	    " down_s: from the fault)\n", pfx, pfx, pfx, pfx);
	printf("%sacts seen to succeed: %lld (implying %lld events); failed requests:"
	    " %ld\n", pfx, ck->acts, ck->expected, failed);
	printf("%slost acts: %lld   duplicated acts: %lld (whole trail: %lld)"
	    "   rows off: %lld   version skew: %ld\n", pfx, ck->lost,
	    ck->duplicated, ck->trail_dups, ck->rows, ld->version_skew);
	printf("%sidempotency keys missing: %lld   unexplained: %lld   stage off"
	    " replay: %lld   stage data off: %lld\n", pfx, ck->idem_missing,
	    ck->idem_unseen, ck->stage_off, ck->data_off);
	printf("%sreplay --check: %s   verify-audit: %s\n", pfx,
	    ck->replay_tool < 0 ? "not available (SQL replay only)" :
	    ck->replay_tool == 0 ? "ok" : "FAILED",
	    ck->verify_tool < 0 ? "not available (chain NOT checked)" :
	    ck->verify_tool == 0 ? "ok" : "FAILED");
	for (p = 0; p < ld->nnotes; p++)
		printf("%sclient: %s\n", pfx, ld->notes[p]);
	if (ck->note[0] != '\0')
		printf("%snote: %s\n", pfx, ck->note);
	printf("%sresult: %s\n", pfx, check_passed(ld, ck) ? "PASS" : "FAIL");
	fflush(stdout);
}
