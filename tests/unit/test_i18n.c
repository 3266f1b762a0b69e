/*
 * test_i18n.c - the message table and the choice of language (app/i18n.c).
 * Table-driven: each test is one behaviour, each row one input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Whether s holds a byte outside ASCII (Chinese text does). */
static int
has_non_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* Whether s is well-formed UTF-8 without control characters. */
static int
clean_utf8(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k, need;

	while (u[i] != '\0') {
		if (u[i] < 0x20 || u[i] == 0x7f)
			return 0;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] >= 0xc2 && u[i] <= 0xdf)
			need = 1;
		else if (u[i] >= 0xe0 && u[i] <= 0xef)
			need = 2;
		else if (u[i] >= 0xf0 && u[i] <= 0xf4)
			need = 3;
		else
			return 0;
		for (k = 1; k <= need; k++)
			if ((u[i + k] & 0xc0) != 0x80)
				return 0;
		i += need + 1;
	}
	return 1;
}

static void
test_every_message_both_languages(void **state)
{
	const char	*zh, *en;
	int		 m;

	(void)state;
	for (m = 0; m < MSG__MAX; m++) {
		zh = msg(LANG_ZH, (enum msg)m);
		en = msg(LANG_EN, (enum msg)m);
		if (zh == NULL || en == NULL || zh[0] == '\0' || en[0] == '\0')
			fail_msg("message %d is empty", m);
		if (!clean_utf8(zh) || !clean_utf8(en))
			fail_msg("message %d is not clean UTF-8", m);
		/* Leading or trailing spaces are a sign of a broken row. */
		if (zh[0] == ' ' || en[0] == ' ' ||
		    zh[strlen(zh) - 1] == ' ' || en[strlen(en) - 1] == ' ')
			fail_msg("message %d has edge spaces", m);
	}
}

static void
test_chinese_is_chinese(void **state)
{
	int	 m;

	(void)state;
	/* Every Chinese row but the name of English itself is in Chinese. */
	for (m = 0; m < MSG__MAX; m++)
		if (m != MSG_LANG_OTHER && !has_non_ascii(msg(LANG_ZH, m)))
			fail_msg("message %d: Chinese text is ASCII", m);
	/* And every English row is in English, but the name of Chinese. */
	for (m = 0; m < MSG__MAX; m++)
		if (m != MSG_LANG_OTHER && has_non_ascii(msg(LANG_EN, m)))
			fail_msg("message %d: English text is not ASCII", m);
}

static void
test_known_messages(void **state)
{
	(void)state;
	assert_string_equal(msg(LANG_ZH, MSG_SITE_NAME), "旧改");
	assert_string_equal(msg(LANG_EN, MSG_SITE_NAME),
	    "Old-community renovation");
	assert_string_equal(msg(LANG_ZH, MSG_MY_TASKS), "我的待办");
	assert_string_equal(msg(LANG_ZH, MSG_COMMUNITIES), "小区台账");
	assert_string_equal(msg(LANG_ZH, MSG_COMMUNITY), "小区详情");
	assert_string_equal(msg(LANG_ZH, MSG_WORKFLOW), "流程图");
	assert_string_equal(msg(LANG_ZH, MSG_LANG_OTHER), "English");
	assert_string_equal(msg(LANG_EN, MSG_LANG_OTHER), "中文");
}

static void
test_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(msg(LANG_ZH, MSG__MAX), "旧改");
	assert_string_equal(msg(LANG_ZH, (enum msg)-1), "旧改");
	assert_string_equal(msg_stage(LANG_ZH, STAGE__MAX), "?");
	assert_string_equal(msg_action(LANG_EN, ACTION__MAX), "?");
	assert_string_equal(msg_dept(LANG_EN, DEPT__MAX), "?");
	assert_string_equal(msg_county(LANG_EN, COUNTY__MAX), "?");
	assert_string_equal(lang_tag(LANG__MAX), "zh-CN");
}

static void
test_codes_reused(void **state)
{
	int	 s;

	(void)state;
	/* Stage names come from codes.h, not from a copy. */
	for (s = 0; s < STAGE__MAX; s++) {
		assert_ptr_equal(msg_stage(LANG_ZH, s), stages[s].zh);
		assert_ptr_equal(msg_stage(LANG_EN, s), stages[s].en);
		assert_true(msg_stage(LANG_ZH, s)[0] != '\0');
	}
	assert_string_equal(msg_stage(LANG_ZH, STAGE_WITHDRAWN), "已撤回");
	assert_string_equal(msg_dept(LANG_ZH, DEPT_POLICE), "公安局");
	assert_string_equal(msg_county(LANG_EN, COUNTY_LANSHAN),
	    "Lanshan District");
	assert_string_equal(msg_action(LANG_ZH, ACTION_DECLARE), "申报");
}

static void
test_lang_tags(void **state)
{
	(void)state;
	assert_string_equal(lang_tag(LANG_ZH), "zh-CN");
	assert_string_equal(lang_tag(LANG_EN), "en");
	assert_string_equal(lang_code(LANG_ZH), "zh");
	assert_string_equal(lang_code(LANG_EN), "en");
}

/* lang_pick's arguments and its answer. */
struct prow {
	const char	*query;
	const char	*accept;
	enum lang	 want;
};

static void
pick_rows(const struct prow *rows, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (lang_pick(rows[i].query, rows[i].accept) != rows[i].want)
			fail_msg("row %zu (?lang=%s, Accept-Language: %s): "
			    "want %s", i,
			    rows[i].query ? rows[i].query : "(none)",
			    rows[i].accept ? rows[i].accept : "(none)",
			    rows[i].want == LANG_EN ? "en" : "zh");
}

static void
test_pick_default(void **state)
{
	static const struct prow rows[] = {
		{ NULL, NULL, LANG_ZH },
		{ "", NULL, LANG_ZH },
		{ NULL, "", LANG_ZH },
		{ "", "", LANG_ZH },
	};

	(void)state;
	pick_rows(rows, NELEM(rows));
}

static void
test_pick_query(void **state)
{
	static const struct prow rows[] = {
		{ "en", NULL, LANG_EN },
		{ "EN", NULL, LANG_EN },
		{ "en-GB", NULL, LANG_EN },
		{ "zh", "en", LANG_ZH },	/* the query wins */
		{ "zh-CN", "en", LANG_ZH },
		{ "en", "zh-CN", LANG_EN },
		{ "fr", "en", LANG_ZH },	/* unknown: Chinese */
		{ "english", NULL, LANG_ZH },
		{ "en-", NULL, LANG_ZH },
		{ "en x", NULL, LANG_ZH },
		{ "en<script>", NULL, LANG_ZH },
	};

	(void)state;
	pick_rows(rows, NELEM(rows));
}

static void
test_pick_accept_simple(void **state)
{
	static const struct prow rows[] = {
		{ NULL, "en", LANG_EN },
		{ NULL, "en-US", LANG_EN },
		{ NULL, "en-GB,en;q=0.9", LANG_EN },
		{ NULL, "zh", LANG_ZH },
		{ NULL, "zh-CN", LANG_ZH },
		{ NULL, "zh-Hans-CN", LANG_ZH },
		{ NULL, "zh-CN,zh;q=0.9,en;q=0.8", LANG_ZH },
		{ NULL, "en-US,en;q=0.9,zh-CN;q=0.8", LANG_EN },
		{ NULL, "fr", LANG_ZH },		/* neither: default */
		{ NULL, "fr, en;q=0.5", LANG_EN },
		{ NULL, "de-CH, fr;q=0.9", LANG_ZH },
	};

	(void)state;
	pick_rows(rows, NELEM(rows));
}

static void
test_pick_accept_qvalues(void **state)
{
	static const struct prow rows[] = {
		{ NULL, "zh;q=0.5, en;q=0.8", LANG_EN },
		{ NULL, "en;q=0.5, zh;q=0.8", LANG_ZH },
		{ NULL, "en;q=0.5, zh;q=0.5", LANG_ZH },	/* tie */
		{ NULL, "en;q=0", LANG_ZH },			/* refused */
		{ NULL, "en;q=0.000", LANG_ZH },
		{ NULL, "en;q=0.001", LANG_EN },
		{ NULL, "en;q=1", LANG_EN },
		{ NULL, "en;q=1.000, zh;q=0.999", LANG_EN },
		{ NULL, "en ; q=0.9 , zh ; q=0.8", LANG_EN },	/* OWS */
		{ NULL, "en;Q=0.9,zh;q=0.1", LANG_EN },
		{ NULL, "zh;q=0.1, en-GB;q=0.2, en;q=0.05", LANG_EN }, /* max */
		{ NULL, "zh-TW;q=0.3, en;q=0.2", LANG_ZH },
		{ NULL, "en;q=0.", LANG_ZH },
		{ NULL, "en;q=1.", LANG_EN },
	};

	(void)state;
	pick_rows(rows, NELEM(rows));
}

static void
test_pick_accept_wildcard(void **state)
{
	static const struct prow rows[] = {
		{ NULL, "*", LANG_ZH },			/* both 1: tie */
		{ NULL, "en, *;q=0.5", LANG_EN },
		{ NULL, "*;q=0.5, en", LANG_EN },
		{ NULL, "zh, *;q=0.5", LANG_ZH },
		{ NULL, "*;q=0.9, zh;q=0.1", LANG_EN },	/* en only by "*" */
		{ NULL, "*;q=0.1, en;q=0", LANG_ZH },
		{ NULL, "fr, *;q=0.1", LANG_ZH },
	};

	(void)state;
	pick_rows(rows, NELEM(rows));
}

static void
test_pick_accept_garbage(void **state)
{
	static const struct prow rows[] = {
		{ NULL, "en;q=2", LANG_ZH },
		{ NULL, "en;q=1.5", LANG_ZH },
		{ NULL, "en;q=1.001", LANG_ZH },
		{ NULL, "en;q=0.1234", LANG_ZH },
		{ NULL, "en;q=abc", LANG_ZH },
		{ NULL, "en;q=", LANG_ZH },
		{ NULL, "en;q=-1", LANG_ZH },
		{ NULL, "en;", LANG_ZH },
		{ NULL, "en;level=1", LANG_ZH },
		{ NULL, "en_US", LANG_ZH },
		{ NULL, "e n", LANG_ZH },
		{ NULL, "en-", LANG_ZH },
		{ NULL, "en--GB", LANG_ZH },
		{ NULL, "toolongtag", LANG_ZH },
		{ NULL, "en-abcdefghi", LANG_ZH },
		{ NULL, "en\x01", LANG_ZH },
		{ NULL, "en\xe4\xb8\xad", LANG_ZH },
		{ NULL, "123", LANG_ZH },
		{ NULL, ";q=1", LANG_ZH },
		{ NULL, "en;q=0.9;q=0.8", LANG_ZH },
		{ NULL, "**", LANG_ZH },
	};

	(void)state;
	pick_rows(rows, NELEM(rows));
}

static void
test_pick_accept_empty_elements(void **state)
{
	static const struct prow rows[] = {
		{ NULL, ",en", LANG_EN },
		{ NULL, "en,,", LANG_EN },
		{ NULL, " , ,en", LANG_EN },
		{ NULL, ",,,", LANG_ZH },
	};

	(void)state;
	pick_rows(rows, NELEM(rows));
}

static void
test_pick_accept_limits(void **state)
{
	char	 h[2048];
	size_t	 i;

	(void)state;
	/* 32 ranges are read; a 33rd makes the header too long to trust. */
	h[0] = '\0';
	for (i = 0; i < 31; i++)
		strcat(h, "fr,");
	strcat(h, "en");
	assert_int_equal(lang_pick(NULL, h), LANG_EN);
	strcat(h, ",de");
	assert_int_equal(lang_pick(NULL, h), LANG_ZH);

	/* Over 1024 bytes: Chinese, whatever it says. */
	memset(h, ' ', 1100);
	memcpy(h + 1100, "en", 3);
	assert_int_equal(lang_pick(NULL, h), LANG_ZH);
	memset(h, ' ', 1000);
	memcpy(h + 1000, "en", 3);
	assert_int_equal(lang_pick(NULL, h), LANG_EN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_message_both_languages),
		cmocka_unit_test(test_chinese_is_chinese),
		cmocka_unit_test(test_known_messages),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_codes_reused),
		cmocka_unit_test(test_lang_tags),
		cmocka_unit_test(test_pick_default),
		cmocka_unit_test(test_pick_query),
		cmocka_unit_test(test_pick_accept_simple),
		cmocka_unit_test(test_pick_accept_qvalues),
		cmocka_unit_test(test_pick_accept_wildcard),
		cmocka_unit_test(test_pick_accept_garbage),
		cmocka_unit_test(test_pick_accept_empty_elements),
		cmocka_unit_test(test_pick_accept_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
