/*
 * test_lifecycle.c - a community walks declared -> managed over HTTP, on
 * the real stack, with exactly the departments of the workflow table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../lib/client.h"

static void
test_walk_to_managed(void **state)
{
	struct resp	 r;
	char		 path[256];
	long long	 id;

	(void)state;
	id = make_at("lanshan", "managed");
	snprintf(path, sizeof(path), "/api/v1/communities/%lld", id);
	assert_int_equal(req(&r, "GET", path, tok("t-v", "audit", NULL, "viewer"),
	    NULL, NULL, NULL), 200);
	assert_string_equal(jstr(&r, "stage"), "managed");
	assert_string_equal(jstr(&r, "mode"), "community");
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/events", id);
	assert_int_equal(req(&r, "GET", path, tok("t-v", "audit", NULL, "viewer"),
	    NULL, NULL, NULL), 200);
	assert_non_null(strstr(r.body, "\"hand_over\""));
	resp_free(&r);
	/* One event per stage change, in the database's own trail. */
	snprintf(path, sizeof(path), "SELECT count(*) FROM event WHERE community_id = %lld"
	    " AND action IN ('declare','survey','launch','complete','accept','hand_over')", id);
	assert_int_equal(db_count(path), 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_to_managed),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	client_done();
	return rc;
}
