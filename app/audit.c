/*
 * audit.c - the audit trail's hash chain on the C side: `jiugai
 * verify-audit` walks the chain and recomputes every link from the rows'
 * own columns; `jiugai audit-head` prints the head for safe keeping
 * outside the database.  The encoding is that of audit_hash() in
 * sql/003_audit_chain.sql and docs/audit.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <openssl/evp.h>

#include "audit.h"
#include "conf.h"
#include "tools.h"

/* Exit statuses of the tools. */
#define EXIT_INTACT	0
#define EXIT_BROKEN	1
#define EXIT_USAGE	2

/* Events read per round trip. */
#define PAGE		"5000"

const char audit_genesis[AUDIT_HEXLEN + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/*
 * The columns of enum audit_col as text, then prev_hash and hash.  Plain
 * casts and built-ins only: nothing a changed schema function could bend.
 */
#define EVENT_COLS \
	"seq::text, id::text, community_id::text," \
	" (extract(epoch FROM at) * 1000000)::bigint::text," \
	" actor_sub, actor_name, actor_dept, actor_role, action," \
	" round_id::text, item_id::text, comment, before::text, after::text," \
	" prev_hash, hash"
#define COL_PREV	AUDIT__MAX
#define COL_HASH	(AUDIT__MAX + 1)

/* This tool's statements (the server's are in db_stmts.c). */
static const char *const sql_begin =
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
static const char *const sql_head =
    "SELECT seq::text, hash,"
    " to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    " FROM audit_head";
static const char *const sql_one =
    "SELECT " EVENT_COLS " FROM event e WHERE e.seq = $1::bigint";
/* e.seq: a bare "seq" in ORDER BY would be the text output column. */
static const char *const sql_page =
    "SELECT " EVENT_COLS " FROM event e WHERE e.seq > $1::bigint"
    " ORDER BY e.seq LIMIT " PAGE;

void
audit_link(const char *prev, const char *const val[AUDIT__MAX],
    const size_t len[AUDIT__MAX], char out[AUDIT_HEXLEN + 1])
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n = 0, i;
	char		 num[32];
	EVP_MD_CTX	*ctx;
	int		 c, k;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		abort();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, prev, strlen(prev));
	for (c = 0; c < AUDIT__MAX; c++) {
		EVP_DigestUpdate(ctx, "\x1f", 1);
		if (val[c] == NULL) {
			EVP_DigestUpdate(ctx, "N", 1);
			continue;
		}
		k = snprintf(num, sizeof(num), "%zu:", len[c]);
		EVP_DigestUpdate(ctx, num, (size_t)k);
		EVP_DigestUpdate(ctx, val[c], len[c]);
	}
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < n && i < AUDIT_HEXLEN / 2; i++)
		snprintf(out + i * 2, 3, "%02x", md[i]);
	out[AUDIT_HEXLEN] = '\0';
}

int
audit_is_hash(const char *s)
{
	size_t	 i;

	for (i = 0; i < AUDIT_HEXLEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[AUDIT_HEXLEN] == '\0';
}

/* The configured database, as the application's role, for reading. */
static PGconn *
audit_connect(const char *tool)
{
	PGconn	*c = PQconnectdb(conf_get(CONF_DATABASE_URL));

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "jiugai %s: %s", tool, PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	/* The encoding hashes UTF-8 octets. */
	if (PQsetClientEncoding(c, "UTF8") != 0) {
		fprintf(stderr, "jiugai %s: cannot use UTF-8: %s", tool,
		    PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Run sql with up to one parameter; NULL (and a message) on failure. */
static PGresult *
audit_query(PGconn *c, const char *tool, const char *sql, const char *param)
{
	PGresult	*res;
	ExecStatusType	 st;

	res = PQexecParams(c, sql, param != NULL ? 1 : 0, NULL,
	    param != NULL ? &param : NULL, NULL, NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	fprintf(stderr, "jiugai %s: %s", tool, PQerrorMessage(c));
	PQclear(res);
	return NULL;
}

/* Recompute the link of row i of res on prev into out. */
static void
row_link(PGresult *res, int i, const char *prev, char out[AUDIT_HEXLEN + 1])
{
	const char	*val[AUDIT__MAX];
	size_t		 len[AUDIT__MAX];
	int		 c;

	for (c = 0; c < AUDIT__MAX; c++) {
		val[c] = PQgetisnull(res, i, c) ? NULL : PQgetvalue(res, i, c);
		len[c] = (size_t)PQgetlength(res, i, c);
	}
	audit_link(prev, val, len, out);
}

struct walk {
	PGconn		*c;
	char		 prev[AUDIT_HEXLEN + 1];	/* hash of the last good link */
	long long	 next;				/* seq the next link must have */
	long long	 checked;
};

/*
 * The first bad row, named.  Returns EXIT_BROKEN so that callers can
 * return it directly.
 */
static int
bad(PGresult *res, int i, const char *why)
{
	printf("verify-audit: BROKEN at seq %s (event id %s): %s\n",
	    PQgetvalue(res, i, AUDIT_SEQ), PQgetvalue(res, i, AUDIT_ID), why);
	return EXIT_BROKEN;
}

/* Start from the checkpoint: the event seq from must have hash hash. */
static int
walk_from(struct walk *w, long long from, const char *hash)
{
	char		 num[32], h[AUDIT_HEXLEN + 1];
	PGresult	*res;
	int		 rc = EXIT_INTACT;

	w->next = from + 1;
	if (from == 0) {
		if (strcmp(hash, audit_genesis) != 0) {
			printf("verify-audit: BROKEN: the checkpoint at seq 0 must be "
			    "the genesis hash (64 zeros)\n");
			return EXIT_BROKEN;
		}
		snprintf(w->prev, sizeof(w->prev), "%s", audit_genesis);
		return EXIT_INTACT;
	}
	snprintf(num, sizeof(num), "%lld", from);
	if ((res = audit_query(w->c, "verify-audit", sql_one, num)) == NULL)
		return EXIT_USAGE;
	if (PQntuples(res) != 1) {
		printf("verify-audit: BROKEN: there is no event seq %lld, where the "
		    "checkpoint is: it was removed, or the checkpoint is not of "
		    "this database\n", from);
		PQclear(res);
		return EXIT_BROKEN;
	}
	row_link(res, 0, PQgetvalue(res, 0, COL_PREV), h);
	if (strcmp(PQgetvalue(res, 0, COL_HASH), hash) != 0)
		rc = bad(res, 0, "its hash is not the checkpoint's: the history up "
		    "to the checkpoint was rewritten");
	else if (strcmp(h, hash) != 0)
		rc = bad(res, 0, "its contents do not match its hash: the row was "
		    "changed");
	else
		snprintf(w->prev, sizeof(w->prev), "%s", hash);
	PQclear(res);
	return rc;
}

/* Every link after w->next - 1, in seq order. */
static int
walk_chain(struct walk *w)
{
	char		 num[32], h[AUDIT_HEXLEN + 1], why[160];
	PGresult	*res;
	long long	 seq;
	int		 i, n;

	for (;;) {
		snprintf(num, sizeof(num), "%lld", w->next - 1);
		if ((res = audit_query(w->c, "verify-audit", sql_page, num)) == NULL)
			return EXIT_USAGE;
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			return EXIT_INTACT;
		}
		for (i = 0; i < n; i++) {
			seq = strtoll(PQgetvalue(res, i, AUDIT_SEQ), NULL, 10);
			if (seq != w->next) {
				snprintf(why, sizeof(why), "seq %lld is missing: "
				    "an event was removed", w->next);
				goto broken;
			}
			if (strcmp(PQgetvalue(res, i, COL_PREV), w->prev) != 0) {
				snprintf(why, sizeof(why), "its prev_hash is not "
				    "the hash of seq %lld", w->next - 1);
				goto broken;
			}
			row_link(res, i, w->prev, h);
			if (strcmp(h, PQgetvalue(res, i, COL_HASH)) != 0) {
				snprintf(why, sizeof(why), "its contents do not "
				    "match its hash: the row was changed");
				goto broken;
			}
			memcpy(w->prev, h, sizeof(h));
			w->next++;
			w->checked++;
		}
		PQclear(res);
	}
broken:
	bad(res, i, why);
	PQclear(res);
	return EXIT_BROKEN;
}

/* The head must be the last link: nothing cut off the end. */
static int
walk_head(struct walk *w, PGresult *head)
{
	long long	 hseq = strtoll(PQgetvalue(head, 0, 0), NULL, 10);

	if (hseq != w->next - 1) {
		printf("verify-audit: BROKEN: the chain ends at seq %lld but the "
		    "head is at seq %lld: events were removed from the end\n",
		    w->next - 1, hseq);
		return EXIT_BROKEN;
	}
	if (strcmp(PQgetvalue(head, 0, 1), w->prev) != 0) {
		printf("verify-audit: BROKEN: the head's hash is not that of "
		    "seq %lld\n", hseq);
		return EXIT_BROKEN;
	}
	return EXIT_INTACT;
}

static int
verify_usage(FILE *f, int rc)
{
	fprintf(f, "usage: jiugai verify-audit [--from SEQ --hash HEX]\n\n"
	    "Walks the audit chain in seq order and recomputes every event's "
	    "hash from its\ncolumns.  With a checkpoint (a head printed "
	    "earlier by `jiugai audit-head`),\nchecks that event SEQ still has "
	    "hash HEX and walks on from there.\n\nExit status: 0 intact, 1 "
	    "broken (the first bad event is named), 2 usage or\ndatabase "
	    "error.\n");
	return rc;
}

int
audit_verify_main(int argc, char *argv[])
{
	struct walk	 w;
	PGresult	*head = NULL, *res;
	const char	*hash = NULL;
	long long	 from = -1, first;
	char		*end;
	int		 i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0)
			return verify_usage(stdout, EXIT_INTACT);
		if (strcmp(argv[i], "--from") == 0 && i + 1 < argc) {
			from = strtoll(argv[++i], &end, 10);
			if (end == argv[i] || *end != '\0' || from < 0)
				return verify_usage(stderr, EXIT_USAGE);
		} else if (strcmp(argv[i], "--hash") == 0 && i + 1 < argc) {
			hash = argv[++i];
			if (!audit_is_hash(hash)) {
				fprintf(stderr, "jiugai verify-audit: --hash takes "
				    "64 lowercase hex digits\n");
				return EXIT_USAGE;
			}
		} else
			return verify_usage(stderr, EXIT_USAGE);
	}
	if ((from >= 0) != (hash != NULL))
		return verify_usage(stderr, EXIT_USAGE);

	memset(&w, 0, sizeof(w));
	if ((w.c = audit_connect("verify-audit")) == NULL)
		return EXIT_USAGE;
	/* One snapshot: the head and the chain as of the same instant. */
	rc = EXIT_USAGE;
	if ((res = audit_query(w.c, "verify-audit", sql_begin, NULL)) == NULL)
		goto out;
	PQclear(res);
	if ((head = audit_query(w.c, "verify-audit", sql_head, NULL)) == NULL)
		goto out;
	if (PQntuples(head) != 1) {
		printf("verify-audit: BROKEN: audit_head has %d rows, not one\n",
		    PQntuples(head));
		rc = EXIT_BROKEN;
		goto out;
	}
	if (from < 0) {
		snprintf(w.prev, sizeof(w.prev), "%s", audit_genesis);
		w.next = 1;
	} else if ((rc = walk_from(&w, from, hash)) != EXIT_INTACT)
		goto out;
	first = w.next;
	if ((rc = walk_chain(&w)) != EXIT_INTACT ||
	    (rc = walk_head(&w, head)) != EXIT_INTACT)
		goto out;
	if (w.checked > 0)
		printf("verify-audit: intact: %lld events checked (seq %lld to "
		    "%lld)\n", w.checked, first, w.next - 1);
	else
		printf("verify-audit: intact: no events after seq %lld\n",
		    first - 1);
	printf("head: seq=%s hash=%s at=%s\n", PQgetvalue(head, 0, 0),
	    PQgetvalue(head, 0, 1), PQgetvalue(head, 0, 2));
out:
	PQclear(head);
	PQfinish(w.c);
	return rc;
}

int
audit_head_main(int argc, char *argv[])
{
	PGconn		*c;
	PGresult	*res;
	int		 rc = EXIT_USAGE;

	if (argc > 1) {
		fprintf(strcmp(argv[1], "--help") == 0 ? stdout : stderr,
		    "usage: jiugai audit-head\n\nPrints the head of the audit "
		    "chain: its seq, its hash and when it was appended\n(UTC).  "
		    "Keep a copy outside the database: later, `jiugai "
		    "verify-audit\n--from SEQ --hash HASH` shows that event SEQ "
		    "still has that hash, so that\nno history up to it was "
		    "rewritten, and checks every event since.\n");
		return strcmp(argv[1], "--help") == 0 ? EXIT_INTACT : EXIT_USAGE;
	}
	if ((c = audit_connect("audit-head")) == NULL)
		return EXIT_USAGE;
	if ((res = audit_query(c, "audit-head", sql_head, NULL)) != NULL) {
		if (PQntuples(res) == 1) {
			printf("seq=%s hash=%s at=%s\n", PQgetvalue(res, 0, 0),
			    PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
			rc = EXIT_INTACT;
		} else
			fprintf(stderr, "jiugai audit-head: audit_head has %d "
			    "rows, not one\n", PQntuples(res));
		PQclear(res);
	}
	PQfinish(c);
	return rc;
}
