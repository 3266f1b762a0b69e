/*
 * test_web_workflow.c - the workflow diagram and its table
 * (app/web_workflow.c), drawn from wf_table without a database.
 *
 * The drawing must be well-formed XML (a small checker below: balanced
 * tags, quoted attributes, only the character references html.c
 * writes), carry its accessible name, and show every stage, action,
 * way back and guard of the table in both languages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html.h"
#include "web.h"
#include "../lib/xmlcheck.h"
#include "wf.h"

static struct arena	 A;

static int
setup(void **state)
{
	(void)state;
	memset(&A, 0, sizeof(A));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

static const char *
svg(enum lang l)
{
	struct buf	 b;

	buf_init(&b, &A);
	web_workflow_svg(&b, l);
	return b.p;
}

static const char *
table(enum lang l)
{
	struct buf	 b;

	buf_init(&b, &A);
	web_workflow_table(&b, l);
	return b.p;
}

static void
test_checker_refuses(void **state)
{
	static const char *const bad[] = {
		"<svg><g></svg>",
		"<svg></g>",
		"<svg><rect x=\"1></rect></svg>",
		"<svg><rect x=1></rect></svg>",
		"<svg>a & b</svg>",
		"<svg>a < b</svg>",
		"<svg></svg><svg></svg>",
		"<svg>",
		"text<svg></svg>",
		"<svg><text>&nbsp;</text></svg>",
	};
	const char	*why;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (xml_well_formed(bad[i], &why))
			fail_msg("accepted: %s", bad[i]);
	assert_true(xml_well_formed("<svg a=\"&amp;&#39;\"><g><text>x&lt;y"
	    "</text></g></svg>\n", &why));
}

static void
test_well_formed(void **state)
{
	const char	*why = "";
	int		 l;

	(void)state;
	for (l = 0; l < LANG__MAX; l++) {
		if (!xml_well_formed(svg((enum lang)l), &why))
			fail_msg("%s: the SVG is not well-formed: %s",
			    lang_code((enum lang)l), why);
		if (!xml_well_formed(table((enum lang)l), &why))
			fail_msg("%s: the table is not well-formed: %s",
			    lang_code((enum lang)l), why);
	}
}

/* The accessible name, the title, the viewBox that lets it scale. */
static void
test_accessible(void **state)
{
	const char	*s;
	int		 l;

	(void)state;
	for (l = 0; l < LANG__MAX; l++) {
		s = svg((enum lang)l);
		assert_non_null(strstr(s, " role=\"img\""));
		assert_non_null(strstr(s, arena_printf(&A, " aria-label=\"%s\"",
		    msg((enum lang)l, MSG_WF_SVG_LABEL))));
		assert_non_null(strstr(s, arena_printf(&A, "<title>%s</title>",
		    msg((enum lang)l, MSG_WF_H1))));
		assert_non_null(strstr(s, " viewBox=\"0 0 "));
		assert_true(strncmp(s, "<svg ", 5) == 0);
		s = table((enum lang)l);
		assert_non_null(strstr(s, "<caption>"));
		assert_non_null(strstr(s, "<th scope=\"col\">"));
	}
}

/* s as html.c writes text. */
static const char *
esc(const char *s)
{
	struct buf	 b;

	buf_init(&b, &A);
	html_text(&b, s);
	return b.p;
}

/* How often needle occurs in s. */
static int
count(const char *s, const char *needle)
{
	int	 n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* Every stage and action of the table is drawn, and listed. */
static void
test_every_stage_and_action(void **state)
{
	const char	*s, *t;
	size_t		 i;
	int		 l, st;

	(void)state;
	for (l = 0; l < LANG__MAX; l++) {
		s = svg((enum lang)l);
		t = table((enum lang)l);
		for (i = 0; i < wf_table_len; i++) {
			const char *a = msg_action((enum lang)l,
			    wf_table[i].action);

			if (strstr(s, arena_printf(&A, ">%s</text>", a)) == NULL)
				fail_msg("%s: action %s not drawn",
				    lang_code((enum lang)l), a);
			if (strstr(t, arena_printf(&A,
			    "<th scope=\"row\">%s</th>", a)) == NULL)
				fail_msg("%s: action %s not listed",
				    lang_code((enum lang)l), a);
			if (wf_table[i].to >= 0 && strstr(s, arena_printf(&A,
			    ">%s</text>", msg_stage((enum lang)l,
			    wf_table[i].to))) == NULL)
				fail_msg("stage %d not drawn", wf_table[i].to);
		}
		/* Every stage is somewhere in the table's rows. */
		for (st = 0; st < STAGE__MAX; st++)
			if (strstr(s, arena_printf(&A, ">%s</text>",
			    msg_stage((enum lang)l, st))) == NULL)
				fail_msg("stage %s missing", stages[st].code);
	}
}

/* One dashed arrow, and one row, per stage a way back applies to. */
static void
test_ways_back(void **state)
{
	const char	*s, *t;
	size_t		 i;
	int		 st, want = 0, l;

	(void)state;
	for (i = 0; i < wf_table_len; i++)
		if (wf_table[i].flags & WF_BACK)
			for (st = 0; st < STAGE__MAX; st++)
				if (wf_find(wf_table[i].action, st) == &wf_table[i])
					want++;
	assert_true(want > 0);
	for (l = 0; l < LANG__MAX; l++) {
		s = svg((enum lang)l);
		t = table((enum lang)l);
		assert_int_equal(count(s, "class=\"wf-arrow wf-back\""), want);
		for (i = 0; i < wf_table_len; i++)
			if (wf_table[i].flags & WF_BACK)
				assert_int_equal(count(t, arena_printf(&A,
				    "<th scope=\"row\">%s</th>", msg_action(
				    (enum lang)l, wf_table[i].action))), want);
		/* Every row else once in the table, every arrow once drawn. */
		assert_int_equal(count(s, "class=\"wf-arrow\""),
		    (int)wf_table_len - 1);
		assert_int_equal(count(t, "<tr>"),
		    (int)wf_table_len - 1 + want + 1);
	}
}

/* Guards, departments and the conditional countersigners in the table. */
static void
test_table_facts(void **state)
{
	const char	*t;
	size_t		 i;
	int		 l, g, d;

	(void)state;
	for (l = 0; l < LANG__MAX; l++) {
		t = table((enum lang)l);
		for (i = 0; i < wf_table_len; i++) {
			for (g = 0; g < GUARD__MAX; g++)
				if ((wf_table[i].guards & GUARD_BIT(g)) &&
				    strstr(t, arena_printf(&A, "<li>%s</li>",
				    esc(l == LANG_EN ? guards[g].en :
				    guards[g].zh))) == NULL)
					fail_msg("guard %s missing", guards[g].name);
			for (d = 0; d < DEPT__MAX; d++) {
				if (!(wf_table[i].countersign & DEPT_BIT(d)))
					continue;
				if (strstr(t, (wf_table[i].conditional &
				    DEPT_BIT(d)) ? arena_printf(&A, "%s%s%s",
				    msg_dept((enum lang)l, d), l == LANG_EN ?
				    " " : "", msg((enum lang)l,
				    MSG_WF_WHEN_PERMIT)) : msg_dept((enum lang)l,
				    d)) == NULL)
					fail_msg("countersigner %s missing",
					    depts[d].code);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_checker_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_well_formed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accessible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_stage_and_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ways_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_facts, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
