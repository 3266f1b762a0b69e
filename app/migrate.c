/*
 * migrate.c - `jiugai migrate`: numbered SQL files applied once each, in
 * order, each in its own transaction; then the reference tables are made
 * to match the C tables (codes.c, wf_table.c), the single source of truth;
 * then, if a file was applied, the tables are vacuumed (vacuum_tables).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <openssl/evp.h>

#include "codes.h"
#include "conf.h"
#include "tools.h"
#include "wf.h"

/* The bookkeeping statements of this tool (the server's are in db_stmts.c). */
static const char *const sql_setup =
    "SET client_min_messages = warning;"
    "SELECT pg_advisory_lock(727271);"
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version text PRIMARY KEY, checksum text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now())";
static const char *const sql_applied =
    "SELECT checksum FROM schema_migrations WHERE version = $1";
static const char *const sql_record =
    "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)";
static const char *const sql_tables =
    "SELECT string_agg(quote_ident(tablename), ', ' ORDER BY tablename)"
    " FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user";
static const char *const sql_dept =
    "INSERT INTO dept (code, scoped) VALUES ($1, $2::boolean)"
    " ON CONFLICT (code) DO UPDATE SET scoped = EXCLUDED.scoped";
static const char *const sql_county =
    "INSERT INTO county (code, name_zh) VALUES ($1, $2)"
    " ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh";
static const char *const sql_stage =
    "INSERT INTO stage (code, ord) VALUES ($1, $2::int)"
    " ON CONFLICT (code) DO UPDATE SET ord = EXCLUDED.ord";
static const char *const sql_kind =
    "INSERT INTO item_kind (code, dept, permit) VALUES ($1, $2, $3::boolean)"
    " ON CONFLICT (code) DO UPDATE SET dept = EXCLUDED.dept,"
    " permit = EXCLUDED.permit";
static const char *const sql_wf_clear =
    "DELETE FROM wf_transition; DELETE FROM wf_countersign";
static const char *const sql_wf_transition =
    "INSERT INTO wf_transition (action, from_stage, to_stage) VALUES ($1, $2, $3)";
static const char *const sql_wf_countersign =
    "INSERT INTO wf_countersign (action, dept, conditional)"
    " VALUES ($1, $2, $3::boolean)";

static int
ok(PGconn *c, PGresult *res, const char *what)
{
	ExecStatusType	 st = PQresultStatus(res);

	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(res);
		return 1;
	}
	fprintf(stderr, "jiugai migrate: %s: %s", what, PQerrorMessage(c));
	PQclear(res);
	return 0;
}

static int
run(PGconn *c, const char *sql, int n, const char *const *p, const char *what)
{
	if (n == 0)
		return ok(c, PQexec(c, sql), what);
	return ok(c, PQexecParams(c, sql, n, NULL, p, NULL, NULL, 0), what);
}

static int
sqlfile(const struct dirent *d)
{
	size_t	 n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".sql") == 0 &&
	    d->d_name[0] >= '0' && d->d_name[0] <= '9';
}

static char *
slurp(const char *path)
{
	FILE	*f;
	long	 n;
	char	*s;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if (n < 0 || (s = malloc((size_t)n + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		fclose(f);
		return NULL;
	}
	s[n] = '\0';
	fclose(f);
	return s;
}

/* SHA-256 of s as hex into out (65 bytes). */
static void
checksum(const char *s, char *out)
{
	unsigned char	 md[EVP_MAX_MD_SIZE];
	unsigned int	 n = 0, i;

	EVP_Digest(s, strlen(s), md, &n, EVP_sha256(), NULL);
	for (i = 0; i < n && i < 32; i++)
		snprintf(out + i * 2, 3, "%02x", md[i]);
}

/*
 * Apply each file not yet recorded.  A recorded file whose text has
 * changed since is an error: an applied migration is never edited, a
 * change is a new numbered file.
 */
static int
apply_files(PGconn *c, const char *dir, int *napplied)
{
	struct dirent	**list;
	const char	*p[2];
	char		 path[4096], *sql, sum[65];
	PGresult	*res;
	int		 n, i, rc = 0, applied;

	*napplied = 0;
	if ((n = scandir(dir, &list, sqlfile, alphasort)) < 0) {
		fprintf(stderr, "jiugai migrate: cannot read %s\n", dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		p[0] = list[i]->d_name;
		if (rc != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if ((sql = slurp(path)) == NULL) {
			fprintf(stderr, "jiugai migrate: cannot read %s\n", path);
			rc = -1;
			continue;
		}
		checksum(sql, sum);
		p[1] = sum;
		res = PQexecParams(c, sql_applied, 1, NULL, p, NULL, NULL, 0);
		applied = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
		if (applied && strcmp(PQgetvalue(res, 0, 0), sum) != 0) {
			fprintf(stderr, "jiugai migrate: %s was changed after it was "
			    "applied; put changes in a new numbered file\n", p[0]);
			rc = -1;
		}
		PQclear(res);
		if (applied) {
			free(sql);
			continue;
		}
		if (!run(c, "BEGIN", 0, NULL, "begin") ||
		    !run(c, sql, 0, NULL, list[i]->d_name) ||
		    !run(c, sql_record, 2, p, "record") ||
		    !run(c, "COMMIT", 0, NULL, "commit")) {
			run(c, "ROLLBACK", 0, NULL, "rollback");
			rc = -1;
		} else {
			printf("applied %s\n", list[i]->d_name);
			(*napplied)++;
		}
		free(sql);
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return rc;
}

/*
 * After a migration, VACUUM (ANALYZE) the application's tables.  A
 * migration that rewrites a table (ALTER TABLE ... ADD COLUMN ...
 * GENERATED, sql/016) leaves its visibility map empty, and until a
 * VACUUM sets it again every index-only scan reads the heap too: the
 * assessment's decisions took 5 times as long at 2.5 million.
 * Autovacuum would not come soon to a table without dead rows.  Pages
 * already all-visible are skipped; at 20 million events this takes
 * about 10 s.  VACUUM cannot run in a transaction, so it comes after.
 */
static int
vacuum_tables(PGconn *c)
{
	PGresult	*res;
	char		*sql;
	size_t		 n;
	int		 rc;

	res = PQexec(c, sql_tables);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fprintf(stderr, "jiugai migrate: tables: %s", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	if (PQgetisnull(res, 0, 0)) {
		PQclear(res);
		return 0;
	}
	n = strlen(PQgetvalue(res, 0, 0)) + sizeof("VACUUM (ANALYZE) ");
	if ((sql = malloc(n)) == NULL) {
		PQclear(res);
		return -1;
	}
	snprintf(sql, n, "VACUUM (ANALYZE) %s", PQgetvalue(res, 0, 0));
	PQclear(res);
	rc = run(c, sql, 0, NULL, "vacuum") ? 0 : -1;
	free(sql);
	return rc;
}

/* Rows of wf_transition: return is expanded into its concrete pairs. */
static int
sync_workflow(PGconn *c)
{
	const struct wf_transition	*t;
	const char			*p[3];
	size_t				 i;
	int				 st, d;

	if (!run(c, sql_wf_clear, 0, NULL, "workflow"))
		return 0;
	for (i = 0; i < wf_table_len; i++) {
		t = &wf_table[i];
		p[0] = actions[t->action].code;
		for (st = (t->from == WF_FROM_NONE ? -1 : 0); st < STAGE__MAX; st++) {
			if (st == -1) {
				p[1] = NULL;
				p[2] = stages[t->to].code;
			} else {
				if (t->from == WF_FROM_NONE || wf_find(t->action, st) != t)
					continue;
				p[1] = stages[st].code;
				p[2] = stages[wf_target(t, st)].code;
			}
			if (!run(c, sql_wf_transition, 3, p, "wf_transition"))
				return 0;
			if (st == -1)
				break;
		}
		for (d = 0; d < DEPT__MAX; d++) {
			if (!(t->countersign & DEPT_BIT(d)))
				continue;
			p[1] = depts[d].code;
			p[2] = (t->conditional & DEPT_BIT(d)) ? "true" : "false";
			if (!run(c, sql_wf_countersign, 3, p, "wf_countersign"))
				return 0;
		}
	}
	return 1;
}

static int
sync_tables(PGconn *c)
{
	const char	*p[3];
	char		 num[16];
	int		 i;

	if (!run(c, "BEGIN", 0, NULL, "begin"))
		return -1;
	for (i = 0; i < DEPT__MAX; i++) {
		p[0] = depts[i].code;
		p[1] = depts[i].scoped ? "true" : "false";
		if (!run(c, sql_dept, 2, p, "dept"))
			goto fail;
	}
	for (i = 0; i < COUNTY__MAX; i++) {
		p[0] = counties[i].code;
		p[1] = counties[i].zh;
		if (!run(c, sql_county, 2, p, "county"))
			goto fail;
	}
	for (i = 0; i < STAGE__MAX; i++) {
		snprintf(num, sizeof(num), "%d", i);
		p[0] = stages[i].code;
		p[1] = num;
		if (!run(c, sql_stage, 2, p, "stage"))
			goto fail;
	}
	for (i = 0; i < KIND__MAX; i++) {
		p[0] = kinds[i].code;
		p[1] = depts[kinds[i].dept].code;
		p[2] = kinds[i].permit ? "true" : "false";
		if (!run(c, sql_kind, 3, p, "item_kind"))
			goto fail;
	}
	if (!sync_workflow(c))
		goto fail;
	if (!run(c, "COMMIT", 0, NULL, "commit"))
		return -1;
	return 0;
fail:
	run(c, "ROLLBACK", 0, NULL, "rollback");
	return -1;
}

int
migrate_main(int argc, char *argv[])
{
	PGconn		*c;
	const char	*url;
	int		 rc, napplied = 0;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: jiugai migrate\n\nApplies %s/NNN_*.sql not yet "
		    "recorded in schema_migrations, each in a transaction,\n"
		    "then syncs the reference and workflow tables from the "
		    "program's own tables,\nand after any file applied, "
		    "VACUUM (ANALYZE) of the application's tables.\nConnects with migrate_url (the "
		    "owner role), or database_url when that is empty.\n",
		    conf_get(CONF_SQL_DIR));
		return 0;
	}
	/* As the owner role; the server's own role owns nothing (docs/audit.md). */
	url = conf_get(CONF_MIGRATE_URL);
	if (*url == '\0')
		url = conf_get(CONF_DATABASE_URL);
	c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "jiugai migrate: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	rc = run(c, sql_setup, 0, NULL, "setup") &&
	    apply_files(c, conf_get(CONF_SQL_DIR), &napplied) == 0 &&
	    sync_tables(c) == 0 &&
	    (napplied == 0 || vacuum_tables(c) == 0) ? 0 : 1;
	if (rc != 0 && *conf_get(CONF_MIGRATE_URL) == '\0')
		fprintf(stderr, "jiugai migrate: hint: migrations run as the "
		    "owner of the database; set migrate_url (docs/audit.md)\n");
	PQfinish(c);
	return rc;
}
