/*
 * test_zz_faults.c - the short fault run (issue 3 item 6; `make faults`
 * is the long one): about 17 s of load by 12 clients
 * (tests/faults/load.c) while a worker is SIGKILLed, PostgreSQL restarted
 * fast, then immediate, and the master sent SIGTERM and started again with
 * scripts/lib.sh's app_serve, as tests/run.sh started it.  Then, in SQL:
 * no act a client saw succeed is lost, none is recorded twice, every
 * stage matches its events, the chain verifies (when verify-audit
 * exists), /readyz is back within 5 s of PostgreSQL, and the stack is
 * left running for whatever comes after.
 *
 * Runs after test_zz_dbrestart (file order).  Without a local cluster
 * (JIUGAI_DATABASE_URL given to tests/run.sh) the PostgreSQL faults are
 * left out and their test skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../lib/client.h"
#include "../faults/faults.h"

static struct load	 ld;
static struct check	 ck;
static int		 ran;		/* the load ran and the checks could run */
static int		 local_pg;	/* a cluster in JIUGAI_TEST_DIR/pg to restart */

static void
test_load_under_faults(void **state)
{
	struct fault_at	 sched[4];
	size_t		 n = 0, i;
	int		 rc;
	const char	*dir = getenv("JIUGAI_TEST_DIR");
	char		 path[512];

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/pg/PG_VERSION", dir);
	local_pg = access(path, F_OK) == 0;
	assert_true(faults_until_ready(10) >= 0);
	sched[n].at = 2;
	sched[n++].fault = PH_KILL_WORKER;
	if (local_pg) {
		sched[n].at = 5.5;
		sched[n++].fault = PH_PG_FAST;
		sched[n].at = 9;
		sched[n++].fault = PH_PG_IMMEDIATE;
	}
	sched[n].at = 12.5;
	sched[n++].fault = PH_SIGTERM_MASTER;
	load_init(&ld);
	ld.seconds = 17;
	assert_int_equal(faults_run(&ld, sched, n), 0);
	rc = check_run(&ld, &ck);
	load_dump(&ld, "faults.acts.tsv");
	check_report(&ld, &ck, "# ");
	assert_int_equal(rc, 0);
	ran = 1;
	for (i = 0; i < n; i++) {
		assert_int_equal(ld.ph[sched[i].fault].injected, 1);
		assert_int_equal(ld.ph[sched[i].fault].inject_errors, 0);
	}
	/* The load did real work, even under valgrind. */
	assert_true(ld.nacts >= 20);
	assert_true(ld.ncomms >= 2);
}

static void
test_no_lost_act(void **state)
{
	(void)state;
	assert_true(ran);
	assert_int_equal(ck.error, 0);
	assert_int_equal(ck.lost, 0);
	assert_int_equal(ck.idem_missing, 0);
}

static void
test_no_act_recorded_twice(void **state)
{
	(void)state;
	assert_true(ran);
	assert_int_equal(ck.duplicated, 0);
	assert_int_equal(ck.trail_dups, 0);
	assert_int_equal(ck.rows, 0);
	assert_int_equal(ck.idem_unseen, 0);
	assert_int_equal(ld.version_skew, 0);
}

static void
test_every_act_succeeded_in_the_end(void **state)
{
	int	 p;

	(void)state;
	assert_true(ran);
	for (p = 0; p < PH__MAX; p++) {
		assert_int_equal(ld.ph[p].gave_up, 0);
		assert_int_equal(ld.ph[p].unexpected, 0);
	}
}

static void
test_stage_matches_replay(void **state)
{
	(void)state;
	assert_true(ran);
	assert_int_equal(ck.stage_off, 0);
	assert_int_equal(ck.data_off, 0);
	/* jiugai replay --check, when it exists (-1: not yet). */
	assert_true(ck.replay_tool <= 0);
}

static void
test_audit_chain_verifies(void **state)
{
	(void)state;
	assert_true(ran);
	if (ck.verify_tool == -1)
		skip();		/* jiugai verify-audit does not exist yet */
	assert_int_equal(ck.verify_tool, 0);
}

static void
test_ready_within_5s_of_postgresql(void **state)
{
	(void)state;
	assert_true(ran);
	if (!local_pg)
		skip();
	assert_true(ld.ph[PH_PG_FAST].ready_max <= 5.0);
	assert_true(ld.ph[PH_PG_IMMEDIATE].ready_max <= 5.0);
}

static void
test_drain_answers_requests_in_flight(void **state)
{
	(void)state;
	assert_true(ran);
	/* No act committed by the draining workers lost its answer... */
	assert_int_equal(ld.ph[PH_SIGTERM_MASTER].after_commit, 0);
	/* ...and no worker ended with a request half done (nginx's log). */
	assert_int_equal(ld.ph[PH_SIGTERM_MASTER].ngx_cut, 0);
}

static void
test_stack_left_running(void **state)
{
	struct resp	 r;
	const char	*pidfile = getenv("JIUGAI_PIDFILE");
	char		 path[64], cmd[256];
	FILE		*f;
	size_t		 len, i;
	int		 master = faults_master(), serve = 0;

	(void)state;
	/* The pid file names a live `jiugai serve`: stop_all will find it. */
	assert_non_null(pidfile);
	assert_true(master > 0);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", master);
	assert_non_null(f = fopen(path, "r"));
	len = fread(cmd, 1, sizeof(cmd) - 1, f);
	fclose(f);
	cmd[len] = '\0';
	for (i = 0; i < len; i += strlen(cmd + i) + 1)
		if (strcmp(cmd + i, "serve") == 0)
			serve = 1;
	assert_true(serve);
	assert_int_equal(req(&r, "GET", "/healthz", NULL, NULL, NULL, NULL), 200);
	resp_free(&r);
	assert_true(faults_until_ready(10) >= 0);
	assert_true(make_declared("lanshan") > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_under_faults),
		cmocka_unit_test(test_no_lost_act),
		cmocka_unit_test(test_no_act_recorded_twice),
		cmocka_unit_test(test_every_act_succeeded_in_the_end),
		cmocka_unit_test(test_stage_matches_replay),
		cmocka_unit_test(test_audit_chain_verifies),
		cmocka_unit_test(test_ready_within_5s_of_postgresql),
		cmocka_unit_test(test_drain_answers_requests_in_flight),
		cmocka_unit_test(test_stack_left_running),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	load_free(&ld);
	client_done();
	return rc;
}
