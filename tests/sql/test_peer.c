/*
 * test_peer.c - the workers' operating-system account reaches only the
 * application role: peer authentication with a user map (scripts/lib.sh),
 * so a compromised worker cannot log in as the owner or a superuser and
 * rewrite the audit trail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static char	 psql[512];
static char	 run[512];

/* Exit status of psql run as os_user, logging in as role. */
static int
login(const char *os_user, const char *role)
{
	char	 cmd[2048];
	int	 rc;

	snprintf(cmd, sizeof(cmd), "cd / && runuser -u %s -- %s -X -q -h %s -U %s"
	    " -d jiugai -c 'SELECT 1' >/dev/null 2>&1", os_user, psql, run, role);
	rc = system(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static int
setup(void **state)
{
	const char	*dir = getenv("JIUGAI_TEST_DIR");
	glob_t		 g;
	char		 pgver[600];

	(void)state;
	if (dir == NULL)
		return -1;
	snprintf(run, sizeof(run), "%s/run", dir);
	snprintf(pgver, sizeof(pgver), "%s/pg/PG_VERSION", dir);
	if (access(pgver, F_OK) != 0)
		return -1;	/* an external database: not ours to check */
	if (glob("/usr/lib/postgresql/*/bin/psql", 0, NULL, &g) != 0)
		return -1;
	snprintf(psql, sizeof(psql), "%s", g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
	return 0;
}

static void
test_worker_account_reaches_app_role(void **state)
{
	(void)state;
	assert_int_equal(login("jiugai", "jiugai"), 0);
}

static void
test_worker_account_cannot_be_owner(void **state)
{
	(void)state;
	assert_int_not_equal(login("jiugai", "jiugai_owner"), 0);
}

static void
test_worker_account_cannot_be_superuser(void **state)
{
	(void)state;
	assert_int_not_equal(login("jiugai", "postgres"), 0);
}

static void
test_other_accounts_refused(void **state)
{
	(void)state;
	/* www-data (nginx) cannot even open the socket, nor log in. */
	assert_int_not_equal(login("www-data", "jiugai"), 0);
	assert_int_not_equal(login("nobody", "jiugai"), 0);
}

static void
test_postgres_account_is_superuser_only(void **state)
{
	(void)state;
	assert_int_equal(login("postgres", "postgres"), 0);
	assert_int_not_equal(login("postgres", "jiugai_owner"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worker_account_reaches_app_role),
		cmocka_unit_test(test_worker_account_cannot_be_owner),
		cmocka_unit_test(test_worker_account_cannot_be_superuser),
		cmocka_unit_test(test_other_accounts_refused),
		cmocka_unit_test(test_postgres_account_is_superuser_only),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
