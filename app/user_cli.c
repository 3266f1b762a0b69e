/*
 * user_cli.c - `jiugai user add|list|disable|enable|passwd` (contract in
 * user.h and docs/CONTRACTS.md).  Connects with database_url, the
 * application's role, which may read, insert and update app_user but
 * never delete from it: users are disabled, not removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "codes.h"
#include "conf.h"
#include "opt.h"
#include "user.h"

/* The statements of this tool (the server's are in db_stmts.c). */
static const char *const sql_add =
    "INSERT INTO app_user (sub, name, dept, org, roles, password_hash,"
    " password_changed_at) VALUES ($1, $2, $3, $4, $5::text[], $6, now())"
    " ON CONFLICT (sub) DO NOTHING RETURNING 1";
static const char *const sql_list =
    "SELECT sub, name, dept, coalesce(org, '-'), array_to_string(roles, ','),"
    " CASE WHEN disabled THEN 'yes' ELSE 'no' END,"
    " CASE WHEN locked_until > now() THEN 'yes' ELSE 'no' END,"
    " CASE WHEN password_hash IS NULL THEN 'no' ELSE 'yes' END"
    " FROM app_user ORDER BY sub";
static const char *const sql_passwd =
    "UPDATE app_user SET password_hash = $2, password_changed_at = now(),"
    " failed_logins = 0, locked_until = NULL WHERE sub = $1 RETURNING 1";
static const char *const sql_disable =
    "UPDATE app_user SET disabled = true WHERE sub = $1 RETURNING 1";
static const char *const sql_enable =
    "UPDATE app_user SET disabled = false, failed_logins = 0,"
    " locked_until = NULL WHERE sub = $1 RETURNING 1";

enum uopt {
	UOPT_SUB,
	UOPT_NAME,
	UOPT_DEPT,
	UOPT_ROLES,
	UOPT_ORG,
	UOPT__MAX
};

static const struct opt uopts[UOPT__MAX] = {
	{ "sub", 1 },	/* user id (the token's sub) */
	{ "name", 1 },	/* display name */
	{ "dept", 1 },	/* department code */
	{ "roles", 1 },	/* comma-separated role codes */
	{ "org", 1 },	/* county code, scoped departments only */
};
_Static_assert(sizeof(uopts) / sizeof(uopts[0]) == UOPT__MAX, "uopts");

static const char user_usage[] =
    "usage: jiugai user add --sub ID --name NAME --dept CODE --roles R[,R...]\n"
    "                       [--org COUNTY]      (password on stdin)\n"
    "       jiugai user passwd --sub ID         (new password on stdin)\n"
    "       jiugai user disable|enable --sub ID\n"
    "       jiugai user list\n"
    "The password is one line of 10 to 128 bytes (at least 10 characters);\n"
    "it is stored only as an argon2id hash.  Scoped departments (county,\n"
    "street, committee) need --org.  enable also clears a lock-out.\n"
    "Exit 0 done, 1 refused by the database, 2 usage or invalid value.\n";

/* Only the options in the mask allowed were given. */
static int
only(const char *val[UOPT__MAX], unsigned allowed)
{
	int	 o;

	for (o = 0; o < UOPT__MAX; o++)
		if (val[o] != NULL && !(allowed & (1u << o))) {
			fprintf(stderr, "jiugai user: --%s is not an option of "
			    "this command\n%s", uopts[o].name, user_usage);
			return 0;
		}
	return 1;
}

/* Read, check and hash the password on stdin.  0, or -1 (told). */
static int
read_hash(char hash[USER_HASH_MAX])
{
	char		 pw[USER_PW_MAX + 2];
	const char	*why = NULL;
	long		 n;
	int		 tty = isatty(STDIN_FILENO), rc = -1;

	if (tty)
		fputs("password: ", stderr);
	if ((n = user_password_read(stdin, pw, sizeof(pw), &why)) >= 0) {
		if (n == 0 && tty)
			why = "no password given";
		else if (user_password_ok(pw, (size_t)n, &why))
			rc = user_hash(pw, hash);
		if (rc == -1 && why == NULL)
			why = "cannot hash the password (out of memory)";
	}
	sodium_memzero(pw, sizeof(pw));
	if (rc == -1)
		fprintf(stderr, "jiugai user: %s\n", why);
	return rc;
}

/* Run sql; 1 with a row, 0 without, -1 on error (told). */
static int
exec1(PGconn *c, const char *sql, int n, const char *const *p)
{
	PGresult	*res;
	int		 rc;

	res = PQexecParams(c, sql, n, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "jiugai user: %s", PQerrorMessage(c));
		rc = -1;
	} else
		rc = PQntuples(res) > 0;
	PQclear(res);
	return rc;
}

/* The roles of a mask as a text[] literal, in table order. */
static void
roles_literal(unsigned mask, char *buf, size_t sz)
{
	size_t	 n = 0;
	int	 r;

	n += (size_t)snprintf(buf + n, sz - n, "{");
	for (r = 0; r < ROLE__MAX; r++)
		if (mask & ROLE_BIT(r))
			n += (size_t)snprintf(buf + n, sz - n, "%s%s",
			    n > 1 ? "," : "", roles[r]);
	snprintf(buf + n, sz - n, "}");
}

static int
cmd_add(PGconn *c, const char *val[UOPT__MAX])
{
	struct user_spec	 u;
	const char		*p[6], *why;
	char			 hash[USER_HASH_MAX], rl[64];
	int			 rc;

	if (user_spec_fill(&u, val[UOPT_SUB], val[UOPT_NAME], val[UOPT_DEPT],
	    val[UOPT_ROLES], val[UOPT_ORG], &why) == -1) {
		fprintf(stderr, "jiugai user: %s\n", why);
		return 2;
	}
	if (read_hash(hash) == -1)
		return 2;
	roles_literal(u.roles, rl, sizeof(rl));
	p[0] = u.sub;
	p[1] = u.name;
	p[2] = depts[u.dept].code;
	p[3] = u.county >= 0 ? counties[u.county].code : NULL;
	p[4] = rl;
	p[5] = hash;
	if ((rc = exec1(c, sql_add, 6, p)) == 0)
		fprintf(stderr, "jiugai user: %s exists already (use passwd to "
		    "change its password)\n", u.sub);
	return rc == 1 ? 0 : 1;
}

static int
cmd_list(PGconn *c)
{
	PGresult	*res;
	int		 i, j;

	res = PQexec(c, sql_list);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "jiugai user: %s", PQerrorMessage(c));
		PQclear(res);
		return 1;
	}
	printf("sub\tname\tdept\torg\troles\tdisabled\tlocked\tpassword\n");
	for (i = 0; i < PQntuples(res); i++)
		for (j = 0; j < PQnfields(res); j++)
			printf("%s%c", PQgetvalue(res, i, j),
			    j + 1 < PQnfields(res) ? '\t' : '\n');
	PQclear(res);
	return 0;
}

/* passwd, disable and enable: one UPDATE of one user. */
static int
cmd_update(PGconn *c, const char *verb, const char *sub)
{
	const char	*p[2];
	char		 hash[USER_HASH_MAX];
	int		 rc;

	p[0] = sub;
	if (strcmp(verb, "passwd") == 0) {
		if (read_hash(hash) == -1)
			return 2;
		p[1] = hash;
		rc = exec1(c, sql_passwd, 2, p);
	} else
		rc = exec1(c, strcmp(verb, "disable") == 0 ? sql_disable :
		    sql_enable, 1, p);
	if (rc == 0)
		fprintf(stderr, "jiugai user: no user %s\n", sub);
	return rc == 1 ? 0 : 1;
}

int
user_main(int argc, char *argv[])
{
	const char	*val[UOPT__MAX] = { NULL };
	const char	*verb = argc > 1 ? argv[1] : "";
	PGconn		*c;
	int		 rc, add = strcmp(verb, "add") == 0,
			 list = strcmp(verb, "list") == 0;

	if (strcmp(verb, "--help") == 0 || strcmp(verb, "help") == 0) {
		fputs(user_usage, stdout);
		return 0;
	}
	if (!add && !list && strcmp(verb, "passwd") != 0 &&
	    strcmp(verb, "disable") != 0 && strcmp(verb, "enable") != 0) {
		fprintf(stderr, "jiugai user: unknown command '%s'\n%s", verb,
		    user_usage);
		return 2;
	}
	if (opt_collect(argc, argv, 2, uopts, UOPT__MAX, val, "jiugai user",
	    user_usage) == -1 ||
	    !only(val, add ? 0x1fu : list ? 0u : 1u << UOPT_SUB))
		return 2;
	if (!list && val[UOPT_SUB] == NULL) {
		fprintf(stderr, "jiugai user: --sub is required\n%s", user_usage);
		return 2;
	}
	if (!list && !add && !auth_clean_str(val[UOPT_SUB], 64, 0)) {
		fprintf(stderr, "jiugai user: no user %s\n", val[UOPT_SUB]);
		return 1;
	}
	c = PQconnectdb(conf_get(CONF_DATABASE_URL));
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "jiugai user: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	if (add)
		rc = cmd_add(c, val);
	else if (list)
		rc = cmd_list(c);
	else
		rc = cmd_update(c, verb, val[UOPT_SUB]);
	PQfinish(c);
	return rc;
}
