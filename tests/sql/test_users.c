/*
 * test_users.c - `jiugai user` against the test database (JIUGAI_BIN,
 * JIUGAI_CONFIG from tests/run.sh), and user_check_password() over the
 * server's own statements: add, refusals that write nothing, list,
 * passwd, disable/enable, the lock-out, and what the hash column holds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "arena.h"
#include "codes.h"
#include "conf.h"
#include "db.h"
#include "user.h"

static PGconn		*pg;
static struct arena	 A;
static char		 tag[32];	/* makes this run's subs unique */

/* Run `printf '%s' INPUT | jiugai user ARGS`; exit status, output in out. */
static int
tool(const char *input, char *out, size_t sz, const char *fmt, ...)
{
	const char	*bin = getenv("JIUGAI_BIN");
	char		 args[512], cmd[1400];
	va_list		 ap;
	FILE		*p;
	size_t		 n;
	int		 st;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "printf '%%s' '%s' | '%s' user %s 2>&1",
	    input, bin != NULL && *bin ? bin : "build/jiugai", args);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, sz - 1, p);
	out[n] = '\0';
	while (fgetc(p) != EOF)
		continue;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The number of rows of app_user with this sub. */
static int
count(const char *sub)
{
	const char	*p[1] = { sub };
	PGresult	*r;
	int		 n;

	r = PQexecParams(pg, "SELECT count(*) FROM app_user WHERE sub = $1",
	    1, NULL, p, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	n = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n;
}

/* The stored hash of sub (static buffer; "" when NULL). */
static const char *
hash_of(const char *sub)
{
	static char	 h[256];
	const char	*p[1] = { sub };
	PGresult	*r;

	r = PQexecParams(pg, "SELECT coalesce(password_hash, '') FROM app_user"
	    " WHERE sub = $1", 1, NULL, p, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
	assert_int_equal(PQntuples(r), 1);
	snprintf(h, sizeof(h), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return h;
}

static enum user_auth
check(const char *sub, const char *pw, struct claims *c)
{
	enum user_auth	 r = user_check_password(&A, sub, pw, c);

	arena_reset(&A);
	return r;
}

static char *
sub_of(const char *name)
{
	static char	 s[4][64];
	static int	 i;

	i = (i + 1) % 4;
	snprintf(s[i], sizeof(s[i]), "%s-%s", tag, name);
	return s[i];
}

static int
setup(void **state)
{
	(void)state;
	if (conf_load() == -1 || db_open() == -1)
		return -1;
	pg = PQconnectdb(conf_get(CONF_DATABASE_URL));
	if (PQstatus(pg) != CONNECTION_OK)
		return -1;
	snprintf(tag, sizeof(tag), "tu%ld", (long)getpid());
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	PQfinish(pg);
	arena_free(&A);
	db_close();
	return 0;
}

static void
test_add_list_check(void **state)
{
	struct claims	 c;
	char		 out[65536], line[256];
	const char	*s = sub_of("add");

	(void)state;
	assert_int_equal(tool("first password 1\n", out, sizeof(out),
	    "add --sub %s --name 'Test 用户' --dept county --org yinan "
	    "--roles approver,clerk", s), 0);
	assert_int_equal(count(s), 1);
	assert_memory_equal(hash_of(s), "$argon2id$", 10);
	assert_null(strstr(hash_of(s), "first password 1"));
	/* A second add of the same sub is refused and changes nothing. */
	assert_int_equal(tool("other password 2\n", out, sizeof(out),
	    "add --sub %s --name X --dept drc --roles viewer", s), 1);
	assert_non_null(strstr(out, "exists"));
	assert_int_equal(check(s, "first password 1", NULL), USER_AUTH_OK);
	/* list shows it, with its values. */
	assert_int_equal(tool("", out, sizeof(out), "list"), 0);
	snprintf(line, sizeof(line), "%s\tTest 用户\tcounty\tyinan\t"
	    "clerk,approver\tno\tno\tyes\n", s);
	if (strstr(out, line) == NULL)
		fail_msg("list lacks \"%s\"", line);
	/* The claims for the future token. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(check(s, "first password 1", &c), USER_AUTH_OK);
	assert_string_equal(c.sub, s);
	assert_string_equal(c.dept, "county");
	assert_string_equal(c.org, "yinan");
	assert_int_equal(c.roles, ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_APPROVER));
	assert_int_equal(check(s, "wrong password", NULL), USER_AUTH_BAD);
	assert_int_equal(check(sub_of("nobody"), "first password 1", NULL),
	    USER_AUTH_BAD);
}

static void
test_passwd(void **state)
{
	char		 out[4096], old[256];
	const char	*s = sub_of("pw");

	(void)state;
	assert_int_equal(tool("old password 11\n", out, sizeof(out),
	    "add --sub %s --name P --dept police --roles clerk", s), 0);
	snprintf(old, sizeof(old), "%s", hash_of(s));
	assert_int_equal(tool("short\n", out, sizeof(out), "passwd --sub %s", s),
	    2);
	assert_string_equal(hash_of(s), old);
	assert_int_equal(tool("new password 22\n", out, sizeof(out),
	    "passwd --sub %s", s), 0);
	assert_string_not_equal(hash_of(s), old);
	assert_memory_equal(hash_of(s), "$argon2id$", 10);
	assert_int_equal(check(s, "old password 11", NULL), USER_AUTH_BAD);
	assert_int_equal(check(s, "new password 22", NULL), USER_AUTH_OK);
	assert_int_equal(tool("new password 33\n", out, sizeof(out),
	    "passwd --sub %s", sub_of("ghost")), 1);
}

static void
test_disable_enable(void **state)
{
	char		 out[4096];
	const char	*s = sub_of("dis");

	(void)state;
	assert_int_equal(tool("disable me please\n", out, sizeof(out),
	    "add --sub %s --name D --dept water --roles viewer", s), 0);
	assert_int_equal(tool("", out, sizeof(out), "disable --sub %s", s), 0);
	assert_int_equal(check(s, "disable me please", NULL), USER_AUTH_DISABLED);
	assert_int_equal(tool("", out, sizeof(out), "enable --sub %s", s), 0);
	assert_int_equal(check(s, "disable me please", NULL), USER_AUTH_OK);
	assert_int_equal(tool("", out, sizeof(out), "disable --sub %s",
	    sub_of("ghost")), 1);
}

static void
test_lockout(void **state)
{
	char		 out[4096];
	const char	*s = sub_of("lock");
	int		 i;

	(void)state;
	assert_int_equal(tool("lock me out soon\n", out, sizeof(out),
	    "add --sub %s --name L --dept gas --roles clerk", s), 0);
	for (i = 0; i < USER_LOCK_AFTER; i++)
		assert_int_equal(check(s, "not the one!", NULL), USER_AUTH_BAD);
	/* Locked: even the right password is refused ... */
	assert_int_equal(check(s, "lock me out soon", NULL), USER_AUTH_LOCKED);
	assert_int_equal(tool("", out, sizeof(out), "list"), 0);
	assert_non_null(strstr(out, s));
	/* ... until an administrator enables the account again. */
	assert_int_equal(tool("", out, sizeof(out), "enable --sub %s", s), 0);
	assert_int_equal(check(s, "lock me out soon", NULL), USER_AUTH_OK);
}

/* Bad values: exit 2, a message, and no row. */
struct brow {
	const char	*input;
	const char	*args;		/* after --sub S */
	const char	*expect;
};

static const struct brow brows[] = {
	{ "long enough pw\n", "--name B --dept mayor --roles clerk", "--dept" },
	{ "long enough pw\n", "--name B --dept police --roles boss", "--roles" },
	{ "long enough pw\n", "--name B --dept police --roles clerk --org lanshan",
	  "--org" },
	{ "long enough pw\n", "--name B --dept street --roles clerk", "--org" },
	{ "long enough pw\n", "--name B --dept street --roles clerk --org mars",
	  "--org" },
	{ "long enough pw\n", "--dept police --roles clerk", "--name" },
	{ "long enough pw\n", "--name B --dept police --roles clerk --bogus 1",
	  "bogus" },
	{ "short\n", "--name B --dept police --roles clerk", "10 characters" },
	{ "\n", "--name B --dept police --roles clerk", "10 characters" },
	{ "", "--name B --dept police --roles clerk", "10 characters" },
};

static void
test_bad_values(void **state)
{
	char		 out[4096], big[200];
	const char	*s = sub_of("bad");
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < sizeof(brows) / sizeof(brows[0]); i++) {
		rc = tool(brows[i].input, out, sizeof(out), "add --sub %s %s", s,
		    brows[i].args);
		if (rc != 2 || strstr(out, brows[i].expect) == NULL)
			fail_msg("row %zu: exit %d (want 2), want \"%s\" in: %s",
			    i, rc, brows[i].expect, out);
		assert_int_equal(count(s), 0);
	}
	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(tool(big, out, sizeof(out), "add --sub %s --name B "
	    "--dept police --roles clerk", s), 2);
	assert_non_null(strstr(out, "128"));
	assert_int_equal(count(s), 0);
	assert_int_equal(tool("", out, sizeof(out), "frobnicate"), 2);
	assert_int_equal(tool("", out, sizeof(out), "--help"), 0);
	assert_non_null(strstr(out, "passwd"));
}

/* The database itself keeps plain text out of the hash column. */
static void
test_column_refuses_plain(void **state)
{
	const char	*p[1] = { sub_of("plain") };
	PGresult	*r;

	(void)state;
	r = PQexecParams(pg, "INSERT INTO app_user (sub, name, dept, roles,"
	    " password_hash) VALUES ($1, 'x', 'drc', '{clerk}', 'hunter2hunter2')",
	    1, NULL, p, NULL, NULL, 0);
	assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
	assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23514");
	PQclear(r);
	assert_int_equal(count(p[0]), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_list_check),
		cmocka_unit_test(test_passwd),
		cmocka_unit_test(test_disable_enable),
		cmocka_unit_test(test_lockout),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_column_refuses_plain),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
