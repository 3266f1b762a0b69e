/*
 * test_zz_dbrestart.c - the workers answer 503 while PostgreSQL is away
 * and reconnect by themselves when it returns (SECURITY "libpq 15").
 * Runs last (file order): it stops the database the other suites use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../lib/client.h"

static char	 pgctl[512];
static char	 pgdata[512];

/* Run pg_ctl as postgres; 0 on success. */
static int
pg(const char *how)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), "cd / && runuser -u postgres -- %s -D %s %s"
	    " >/dev/null 2>&1", pgctl, pgdata, how);
	return system(cmd);
}

static double
now(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Seconds until /readyz answers 200, or -1 after limit seconds. */
static double
until_ready(double limit)
{
	struct resp	 r;
	double		 t0 = now();
	long		 st;

	while (now() - t0 < limit) {
		st = req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL);
		resp_free(&r);
		if (st == 200)
			return now() - t0;
		usleep(100000);
	}
	return -1;
}

static int
setup(void **state)
{
	const char	*dir = getenv("JIUGAI_TEST_DIR");
	glob_t		 g;

	(void)state;
	if (dir == NULL)
		return -1;
	snprintf(pgdata, sizeof(pgdata), "%s/pg", dir);
	if (access(pgdata, F_OK) != 0)
		return -1;
	if (glob("/usr/lib/postgresql/*/bin/pg_ctl", 0, NULL, &g) != 0)
		return -1;
	snprintf(pgctl, sizeof(pgctl), "%s", g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
	return 0;
}

static void
test_503_while_database_away(void **state)
{
	struct resp	 r;
	const char	*t = tok("t-viewer", "audit", NULL, "viewer");

	(void)state;
	assert_true(until_ready(5) >= 0);
	assert_int_equal(pg("stop -m fast -w"), 0);
	assert_int_equal(req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL), 503);
	assert_string_equal(jerr(&r), "unavailable");
	resp_free(&r);
	assert_int_equal(req(&r, "GET", "/api/v1/communities", t, NULL, NULL, NULL), 503);
	assert_string_equal(jerr(&r), "unavailable");
	assert_null(strstr(r.body, "PQ"));
	resp_free(&r);
	assert_int_equal(req(&r, "POST", "/api/v1/communities",
	    tok("t-committee", "committee", "lanshan", "clerk"),
	    "{\"name\":\"x\",\"county\":\"lanshan\"}", NULL, NULL), 503);
	resp_free(&r);
	/* Liveness does not depend on the database. */
	assert_int_equal(req(&r, "GET", "/healthz", NULL, NULL, NULL, NULL), 200);
	resp_free(&r);
}

static void
test_back_within_5s_of_start(void **state)
{
	struct resp	 r;
	double		 t;

	(void)state;
	assert_int_equal(pg("start -w -l /dev/null"), 0);
	t = until_ready(5);
	assert_true(t >= 0);
	assert_int_equal(req(&r, "GET", "/api/v1/communities?limit=1",
	    tok("t-viewer", "audit", NULL, "viewer"), NULL, NULL, NULL), 200);
	resp_free(&r);
}

static void
test_fast_restart_is_invisible_to_readers(void **state)
{
	struct resp	 r;
	int		 i, ok = 0;

	(void)state;
	assert_int_equal(pg("restart -m fast -w -l /dev/null"), 0);
	/*
	 * Every worker still holds a dead connection: the first statement
	 * fails, nothing has been done, so the worker reconnects and
	 * answers as if nothing happened.
	 */
	for (i = 0; i < 8; i++) {
		if (req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL) == 200)
			ok++;
		resp_free(&r);
	}
	assert_int_equal(ok, 8);
}

static void
test_immediate_restart_then_writes_work(void **state)
{
	struct resp	 r;
	long long	 id;

	(void)state;
	assert_int_equal(pg("restart -m immediate -w -l /dev/null"), 0);
	assert_true(until_ready(5) >= 0);
	id = make_declared("hedong");
	assert_true(id > 0);
	(void)r;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_503_while_database_away),
		cmocka_unit_test(test_back_within_5s_of_start),
		cmocka_unit_test(test_fast_restart_is_invisible_to_readers),
		cmocka_unit_test(test_immediate_restart_then_writes_work),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, setup, NULL);
	client_done();
	return rc;
}
