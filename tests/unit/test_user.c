/*
 * test_user.c - the pure parts of local users (app/user.c): identity
 * validation, the password rule, reading it, argon2id hashing and the
 * login decision.  Table-driven; few hashes, because each costs 64 MiB
 * and tens of milliseconds (more under valgrind).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "codes.h"
#include "user.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct srow {
	const char	*sub, *name, *dept, *roles, *org;
	int		 want;		/* 0 or -1 */
	const char	*why;		/* part of the message when -1 */
};

static const struct srow srows[] = {
	{ "u1", "名字", "police", "clerk", NULL, 0, NULL },
	{ "u1", "n", "police", "clerk,approver,admin", NULL, 0, NULL },
	{ "u1", "n", "county", "viewer", "lanshan", 0, NULL },
	{ "u1", "n", "committee", "clerk", "lingang", 0, NULL },
	{ "", "n", "police", "clerk", NULL, -1, "--sub" },
	{ NULL, "n", "police", "clerk", NULL, -1, "--sub" },
	{ "a\tb", "n", "police", "clerk", NULL, -1, "--sub" },
	{ "u1", "", "police", "clerk", NULL, -1, "--name" },
	{ "u1", "a\nb", "police", "clerk", NULL, -1, "--name" },
	{ "u1", "n", "Police", "clerk", NULL, -1, "--dept" },
	{ "u1", "n", "mayor", "clerk", NULL, -1, "--dept" },
	{ "u1", "n", NULL, "clerk", NULL, -1, "--dept" },
	{ "u1", "n", "police", "boss", NULL, -1, "--roles" },
	{ "u1", "n", "police", "clerk,", NULL, -1, "--roles" },
	{ "u1", "n", "police", "", NULL, -1, "--roles" },
	{ "u1", "n", "police", NULL, NULL, -1, "--roles" },
	{ "u1", "n", "police", "clerk", "lanshan", -1, "--org" },
	{ "u1", "n", "county", "clerk", NULL, -1, "--org" },
	{ "u1", "n", "street", "clerk", "atlantis", -1, "--org" },
};

static void
test_spec_rows(void **state)
{
	struct user_spec	 u;
	const char		*why;
	size_t			 i;
	int			 r;

	(void)state;
	for (i = 0; i < NELEM(srows); i++) {
		why = NULL;
		r = user_spec_fill(&u, srows[i].sub, srows[i].name,
		    srows[i].dept, srows[i].roles, srows[i].org, &why);
		if (r != srows[i].want)
			fail_msg("row %zu: got %d, want %d", i, r, srows[i].want);
		if (r == -1 && (why == NULL || strstr(why, srows[i].why) == NULL))
			fail_msg("row %zu: message \"%s\" lacks %s", i,
			    why != NULL ? why : "(null)", srows[i].why);
	}
}

static void
test_spec_values(void **state)
{
	struct user_spec	 u;
	const char		*why;

	(void)state;
	assert_int_equal(user_spec_fill(&u, "x", "y", "street",
	    "approver,clerk,approver", "hedong", &why), 0);
	assert_string_equal(u.sub, "x");
	assert_int_equal(u.dept, DEPT_STREET);
	assert_int_equal(u.county, COUNTY_HEDONG);
	assert_int_equal(u.roles, ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_APPROVER));
	assert_int_equal(user_spec_fill(&u, "x", "y", "drc", "viewer", NULL,
	    &why), 0);
	assert_int_equal(u.county, -1);
}

struct prow {
	const char	*pw;
	size_t		 len;	/* 0: strlen */
	int		 want;
};

static const struct prow prows[] = {
	{ "0123456789", 0, 1 },
	{ "012345678", 0, 0 },			/* 9 */
	{ "", 0, 0 },
	{ "旧改系统登录密码很长", 0, 1 },		/* 10 characters, 30 bytes */
	{ "旧改系统登录密码", 0, 0 },		/* 8 characters, 24 bytes */
	{ "0123456789\t", 0, 0 },		/* control character */
	{ "0123456789\x7f", 0, 0 },
	{ "0123456789\xff", 0, 0 },		/* not UTF-8 */
	{ "0123456789\xc0\xaf", 0, 0 },		/* overlong */
	{ "0123456789\xe6\x97", 0, 0 },		/* truncated */
	{ "01234\0" "56789a", 12, 0 },		/* NUL */
	{ "correct horse battery staple", 0, 1 },
};

static void
test_password_rows(void **state)
{
	char		 big[200];
	const char	*why;
	size_t		 i, len;
	int		 r;

	(void)state;
	for (i = 0; i < NELEM(prows); i++) {
		why = NULL;
		len = prows[i].len ? prows[i].len : strlen(prows[i].pw);
		r = user_password_ok(prows[i].pw, len, &why);
		if (r != prows[i].want)
			fail_msg("row %zu: got %d, want %d", i, r, prows[i].want);
		if (r == 0 && why == NULL)
			fail_msg("row %zu: no message", i);
	}
	memset(big, 'a', sizeof(big));
	assert_int_equal(user_password_ok(big, 128, &why), 1);
	assert_int_equal(user_password_ok(big, 129, &why), 0);
	assert_non_null(strstr(why, "128"));
}

/* user_password_read over a line given as a memory stream. */
static long
read_line(const char *in, size_t len, char *buf, size_t sz)
{
	const char	*why = NULL;
	FILE		*f = fmemopen((void *)(uintptr_t)in, len, "r");
	long		 n;

	assert_non_null(f);
	n = user_password_read(f, buf, sz, &why);
	fclose(f);
	if (n == -1)
		assert_non_null(why);
	return n;
}

static void
test_password_read(void **state)
{
	char	 buf[USER_PW_MAX + 2], in[300];

	(void)state;
	assert_int_equal(read_line("secret pass\nrest", 16, buf, sizeof(buf)), 11);
	assert_string_equal(buf, "secret pass");
	assert_int_equal(read_line("crlf line!\r\n", 12, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "crlf line!");
	assert_int_equal(read_line("no newline", 10, buf, sizeof(buf)), 10);
	assert_int_equal(read_line("", 0, buf, sizeof(buf)), 0);
	assert_int_equal(read_line("ab\0cdefghijkl\n", 14, buf, sizeof(buf)), -1);
	memset(in, 'x', sizeof(in));
	assert_int_equal(read_line(in, 128, buf, sizeof(buf)), 128);
	assert_int_equal(read_line(in, 129, buf, sizeof(buf)), -1);
	assert_int_equal(read_line(in, sizeof(in), buf, sizeof(buf)), -1);
	assert_int_equal(buf[0], '\0');		/* wiped */
}

/* One hash, then every decision against it: two hashes in all. */
static void
test_hash_and_decide(void **state)
{
	char	 h[USER_HASH_MAX], h2[USER_HASH_MAX];

	(void)state;
	assert_int_equal(user_hash("correct horse battery", h), 0);
	assert_memory_equal(h, "$argon2id$", 10);
	assert_null(strstr(h, "correct horse battery"));
	assert_int_equal(user_auth_decide(h, 0, 0, "correct horse battery"),
	    USER_AUTH_OK);
	assert_int_equal(user_auth_decide(h, 0, 0, "correct horse batterY"),
	    USER_AUTH_BAD);
	assert_int_equal(user_auth_decide(h, 0, 0, ""), USER_AUTH_BAD);
	assert_int_equal(user_auth_decide(h, 1, 0, "correct horse battery"),
	    USER_AUTH_DISABLED);
	assert_int_equal(user_auth_decide(h, 0, 1, "correct horse battery"),
	    USER_AUTH_LOCKED);
	/* Unknown user or no password: the dummy hash, never yes. */
	assert_int_equal(user_auth_decide(NULL, 0, 0, "correct horse battery"),
	    USER_AUTH_BAD);
	assert_int_equal(user_auth_decide("plaintext", 0, 0, "plaintext"),
	    USER_AUTH_BAD);
	/* Salted: the same password hashes differently. */
	assert_int_equal(user_hash("correct horse battery", h2), 0);
	assert_string_not_equal(h, h2);
	assert_string_equal(user_auth_str(USER_AUTH_LOCKED), "locked");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_rows),
		cmocka_unit_test(test_spec_values),
		cmocka_unit_test(test_password_rows),
		cmocka_unit_test(test_password_read),
		cmocka_unit_test(test_hash_and_decide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
