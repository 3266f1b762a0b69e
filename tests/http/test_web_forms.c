/*
 * test_web_forms.c - the web forms' behaviour over HTTP (issue 4 §3, §5),
 * against the running stack, signed in through the login form as each
 * department (tests/lib/webc.h):
 *
 *  - every form post (declare, act, decide, edit, survey, plan, funding,
 *    works, sign-offs) refused with 403 when its CSRF token is missing,
 *    another session's or altered, its Origin another site's, or its
 *    nonce missing (415 for a body that is not a form), and then nothing
 *    in the database changed; the same post with its tokens works;
 *  - a form posted twice with the same nonce does its work once; the
 *    nonce of one form cannot carry another body;
 *  - a stale expected_version is the 409 page with a reload link;
 *    validation errors come back next to their field with the input
 *    kept; a failed guard is a 422 listing what is missing;
 *  - user text is escaped on the community page, in the list and in the
 *    search box; the language follows ?lang=, then the cookie, then
 *    Accept-Language, and every page has the switch;
 *  - the 404 page, and the 403 page with its reason for a community
 *    outside the user's county.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../include/i18n.h"
#include "../../include/wf.h"
#include "../lib/client.h"
#include "../lib/webc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* One signed-in browser per role. */
static struct webc	 committee;	/* lanshan committee clerk: declares */
static struct webc	 street;	/* lanshan street clerk: survey */
static struct webc	 cclerk;	/* lanshan county clerk: plan, funding */
static struct webc	 build;		/* construction clerk: tender, works */
static struct webc	 police;	/* police approver: sign-offs */
static struct webc	 housing;	/* housing approver: countersigns */
static struct webc	 viewer;	/* housing viewer: another session */

static const char *const evil[] = { "Origin: http://evil.example", NULL };
static const char *const nul[] = { "Origin: null", NULL };
static const char *const json[] = { "Content-Type: application/json", NULL };

static void
login_as(struct webc *s, const char *prefix, const char *dept, const char *org,
    const char *rolelist)
{
	const char	*u = web_user(prefix, dept, org, rolelist);

	webc_open(s);
	if (webc_login(s, u, WEBC_PASSWORD) != 303) {
		fprintf(stderr, "cannot sign in as %s\n", u);
		exit(2);
	}
}

static int
setup(void **state)
{
	(void)state;
	client_init();
	login_as(&committee, "wf-committee", "committee", "lanshan", "clerk");
	login_as(&street, "wf-street", "street", "lanshan", "clerk");
	login_as(&cclerk, "wf-cclerk", "county", "lanshan", "clerk");
	login_as(&build, "wf-build", "construction", NULL, "clerk");
	login_as(&police, "wf-police", "police", NULL, "approver");
	login_as(&housing, "wf-housing", "housing", NULL, "approver");
	login_as(&viewer, "wf-viewer", "housing", NULL, "viewer");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	webc_close(&committee);
	webc_close(&street);
	webc_close(&cclerk);
	webc_close(&build);
	webc_close(&police);
	webc_close(&housing);
	webc_close(&viewer);
	client_done();
	return 0;
}

/* ------------------------------------------------------------------ */
/* Helpers.                                                             */
/* ------------------------------------------------------------------ */

/* s as the HTML emitter writes it; one of 4 static buffers. */
static const char *
esc(const char *s)
{
	static char	 bufs[4][2048];
	static int	 n;
	char		*o = bufs[n++ % 4], *q = o;

	for (; *s != '\0' && q < o + sizeof(bufs[0]) - 8; s++)
		switch (*s) {
		case '&':  q += sprintf(q, "&amp;"); break;
		case '<':  q += sprintf(q, "&lt;"); break;
		case '>':  q += sprintf(q, "&gt;"); break;
		case '"':  q += sprintf(q, "&quot;"); break;
		case '\'': q += sprintf(q, "&#39;"); break;
		default:   *q++ = *s; break;
		}
	*q = '\0';
	return o;
}

/* The message m in Chinese as it appears on a page. */
static const char *
zh(enum msg m)
{
	return esc(msg(LANG_ZH, m));
}

/* "/communities/<id>" + suffix; one of 8 static buffers. */
static const char *
wpath(long long id, const char *suffix)
{
	static char	 bufs[8][128];
	static int	 n;
	char		*b = bufs[n++ % 8];

	snprintf(b, sizeof(bufs[0]), "/communities/%lld%s", id, suffix);
	return b;
}

/* GET page in s (200) and the tokens of its form posting to action. */
static void
tokens(struct webc *s, const char *page, const char *action, char *csrf,
    char *nonce)
{
	struct wresp	 r;

	webc_get(s, &r, page);
	if (r.status != 200 || webc_form_tokens(r.body, action, csrf, nonce) == -1)
		fail_msg("GET %s as %s: %ld, no form to %s: %s", page, s->sub,
		    r.status, action, r.body);
	wresp_free(&r);
}

/* The CSRF token of session s (that of its sign-out form). */
static const char *
session_csrf(struct webc *s)
{
	static char	 csrf[WEBC_TOK];
	char		 nonce[WEBC_TOK];

	tokens(s, "/communities", "/logout", csrf, nonce);
	return csrf;
}

/*
 * POST a form to action: csrf, nonce and back (each left out when NULL),
 * then fields.  Returns the status.
 */
static long
post(struct webc *s, struct wresp *r, const char *action, const char *csrf,
    const char *nonce, const char *back, const char *fields,
    const char *const *extra)
{
	char	*body;
	size_t	 n = strlen(fields) + 1024;
	long	 st;

	if ((body = malloc(n)) == NULL)
		fail_msg("out of memory");
	body[0] = '\0';
	if (csrf != NULL)
		snprintf(body + strlen(body), n - strlen(body), "csrf=%s&", csrf);
	if (nonce != NULL)
		snprintf(body + strlen(body), n - strlen(body), "nonce=%s&", nonce);
	if (back != NULL)
		snprintf(body + strlen(body), n - strlen(body), "back=%s&",
		    webc_enc(back));
	snprintf(body + strlen(body), n - strlen(body), "%s", fields);
	st = webc_post_form(s, r, action, body, extra);
	free(body);
	return st;
}

/* The error summary of a page ("" when none); static. */
static const char *
summary_of(const char *body)
{
	static char	 out[8192];
	const char	*p = strstr(body, "id=\"error-summary\""), *e;

	out[0] = '\0';
	if (p == NULL || (e = strstr(p, "</div>")) == NULL)
		return out;
	snprintf(out, sizeof(out), "%.*s", (int)(e - p), p);
	return out;
}

/* One bigint from SQL with one bigint parameter. */
static long long
sql1(const char *sql, long long id)
{
	char		 p0[32];
	const char	*p[1] = { p0 };
	PGresult	*res;
	long long	 v = -1;

	snprintf(p0, sizeof(p0), "%lld", id);
	res = PQexecParams(db(), sql, 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0))
		v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		fail_msg("%s: %s", sql, PQerrorMessage(db()));
	PQclear(res);
	return v;
}

static long long
events_of(long long id)
{
	return sql1("SELECT count(*) FROM event WHERE community_id = $1", id);
}

/* The item of kind in community id. */
static long long
item_of(long long id, const char *kind)
{
	char	 sql[160];

	snprintf(sql, sizeof(sql), "SELECT min(id) FROM item WHERE community_id = $1"
	    " AND kind = '%s'", kind);
	return sql1(sql, id);
}

/* Raise the version of community id behind the page's back (an item). */
static void
bump(long long id, const char *token, const char *body)
{
	struct resp	 r;
	int		 v = version_of(id);

	req(&r, "POST", cpath(id, "/items"), token, body, NULL, NULL);
	if (r.status != 201)
		fail_msg("bump %lld: %ld %s", id, r.status, r.body);
	resp_free(&r);
	if (version_of(id) == v)
		fail_msg("bump %lld: the version stayed %d", id, v);
}

/* A complete declaration form's fields, named name. */
static const char *
declare_fields(const char *name, const char *households)
{
	static char	 out[2048];

	snprintf(out, sizeof(out), "name=%s&county=lanshan&street=%s&committee=%s"
	    "&address=%s&built_year=1990&buildings=4&households=%s"
	    "&floor_area_m2=5200.50&state_land=true&urban_area=true"
	    "&multi_storey=true&structure_intact=true&in_other_plan=false"
	    "&dilapidated=false", webc_enc(name), webc_enc("测试街道"),
	    webc_enc("测试社区"), webc_enc("测试路 8 号"), households);
	return out;
}

/*
 * The refusals every form post must make before it does anything: the
 * page's form (action on page, as s) posted with fields and a CSRF
 * token or nonce missing, another session's, changed; from another
 * Origin; as JSON.  Each is refused and changes nothing.  Then the
 * same post with the page's tokens succeeds (303); when changes, the
 * database changed.  Returns the control's Location (static).
 */
static const char *
gauntlet(const char *label, struct webc *s, const char *page,
    const char *action, const char *fields, int changes)
{
	static char	 loc[1024];
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], other[WEBC_TOK];
	char		 flipped[WEBC_TOK];
	struct wresp	 r;
	long long	 fp;
	size_t		 i;

	tokens(s, page, action, csrf, nonce);
	snprintf(other, sizeof(other), "%s", session_csrf(&viewer));
	assert_string_not_equal(other, csrf);
	snprintf(flipped, sizeof(flipped), "%s", csrf);
	flipped[strlen(flipped) - 1] = flipped[strlen(flipped) - 1] == 'a' ? 'b' : 'a';
	if (strlen(nonce) != 32)
		fail_msg("[%s] the form has no nonce: '%s'", label, nonce);
	{
		const struct {
			const char		*what, *csrf, *nonce;
			const char *const	*extra;
			long			 want;
		} v[] = {
			{ "no csrf", NULL, nonce, NULL, 403 },
			{ "empty csrf", "", nonce, NULL, 403 },
			{ "another session's csrf", other, nonce, NULL, 403 },
			{ "csrf changed", flipped, nonce, NULL, 403 },
			{ "Origin of another site", csrf, nonce, evil, 403 },
			{ "Origin null", csrf, nonce, nul, 403 },
			{ "no nonce", csrf, NULL, NULL, 403 },
			{ "nonce not hex", csrf, "zz", NULL, 403 },
			{ "JSON body", csrf, nonce, json, 415 },
		};

		fp = db_fingerprint();
		for (i = 0; i < NELEM(v); i++) {
			post(s, &r, action, v[i].csrf, v[i].nonce, page, fields,
			    v[i].extra);
			if (r.status != v[i].want)
				fail_msg("[%s: %s] want %ld, got %ld: %s", label,
				    v[i].what, v[i].want, r.status, r.body);
			if (v[i].want == 403 && (strstr(r.body, zh(MSG_ERR_CSRF)) == NULL ||
			    strncmp(r.ctype, "text/html", 9) != 0))
				fail_msg("[%s: %s] not the CSRF page: %s", label,
				    v[i].what, r.body);
			wresp_free(&r);
			if (db_fingerprint() != fp)
				fail_msg("[%s: %s] the database changed", label,
				    v[i].what);
		}
	}
	/* Control: the form as the page gave it. */
	post(s, &r, action, csrf, nonce, page, fields, NULL);
	if (r.status != 303 || r.location[0] != '/')
		fail_msg("[%s] control: want 303, got %ld: %s", label, r.status,
		    r.body);
	snprintf(loc, sizeof(loc), "%s", r.location);
	wresp_free(&r);
	if (changes && db_fingerprint() == fp)
		fail_msg("[%s] control: nothing changed", label);
	return loc;
}

/* ------------------------------------------------------------------ */
/* CSRF, Origin and nonce on every form.                                */
/* ------------------------------------------------------------------ */

static void
t_csrf_declare(void **state)
{
	const char	*name = uniq("网页申报");
	const char	*loc;
	char		 want[64];
	long long	 id;

	(void)state;
	loc = gauntlet("declare", &committee, "/communities/new",
	    "/communities/new", declare_fields(name, "180"), 1);
	{
		PGresult	*res;
		const char	*p[1] = { name };

		/* Exactly one community of that name, and the answer leads to it. */
		res = PQexecParams(db(), "SELECT id, households FROM community"
		    " WHERE name = $1", 1, NULL, p, NULL, NULL, 0);
		assert_int_equal(PQntuples(res), 1);
		id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		assert_string_equal(PQgetvalue(res, 0, 1), "180");
		PQclear(res);
	}
	snprintf(want, sizeof(want), "/communities/%lld", id);
	assert_string_equal(loc, want);
}

static void
t_csrf_act_decide(void **state)
{
	long long	 id = make_at("lanshan", "declared");
	char		 f[256];
	const char	*loc;

	(void)state;
	snprintf(f, sizeof(f), "action=survey&expected_version=%d&comment=%s",
	    version_of(id), webc_enc("摸底完成"));
	loc = gauntlet("act", &street, wpath(id, ""), wpath(id, "/act"), f, 1);
	if (strncmp(loc, wpath(id, ""), strlen(wpath(id, ""))) != 0)
		fail_msg("act went to %s", loc);
	assert_int_equal(sql1("SELECT count(*) FROM round WHERE community_id = $1"
	    " AND status = 'open'", id), 1);
	/* Housing countersigns the survey. */
	snprintf(f, sizeof(f), "action=survey&decision=approve&expected_version=%d"
	    "&comment=%s", version_of(id), webc_enc("同意"));
	gauntlet("decide", &housing, wpath(id, ""), wpath(id, "/decide"), f, 1);
	assert_int_equal(sql1("SELECT count(*) FROM approval a JOIN round r ON"
	    " r.id = a.round_id WHERE r.community_id = $1 AND a.dept = 'housing'"
	    " AND a.decision = 'approve'", id), 1);
}

static void
t_csrf_survey(void **state)
{
	long long	 id = make_declared("lanshan");
	char		 f[256];

	(void)state;
	snprintf(f, sizeof(f), "expected_version=%d&item-cctv-condition=poor"
	    "&item-road-condition=missing", version_of(id));
	gauntlet("survey", &street, wpath(id, "/survey"), wpath(id, "/survey"), f, 1);
	assert_int_equal(sql1("SELECT count(*) FROM item WHERE community_id = $1",
	    id), 2);
}

static void
t_csrf_plan_funding(void **state)
{
	long long	 id = make_at("lanshan", "surveyed");
	char		 f[256];

	(void)state;
	snprintf(f, sizeof(f), "expected_version=%d&batch=2019", version_of(id));
	gauntlet("plan", &cclerk, wpath(id, "/plan"), wpath(id, "/plan"), f, 1);
	assert_int_equal(sql1("SELECT count(*) FROM community WHERE id = $1"
	    " AND batch = '2019'", id), 1);
	snprintf(f, sizeof(f), "expected_version=%d&source=city&planned_yuan=50000.00"
	    "&note=%s", version_of(id), webc_enc("市级补助"));
	gauntlet("funding", &cclerk, wpath(id, "/plan"), wpath(id, "/funding"), f, 1);
	assert_int_equal(sql1("SELECT count(*) FROM funding WHERE community_id = $1",
	    id), 1);
}

static void
t_csrf_edit_works(void **state)
{
	long long	 id = make_at("lanshan", "piloted");
	char		 f[512];

	(void)state;
	snprintf(f, sizeof(f), "expected_version=%d&contractor=%s&supervisor=%s"
	    "&tender_awarded_on=2016-05-02&site_manager=%s", version_of(id),
	    webc_enc("网页建设公司"), webc_enc("网页监理"), webc_enc("李工"));
	gauntlet("edit", &build, wpath(id, "/edit"), wpath(id, "/edit"), f, 1);
	assert_int_equal(sql1("SELECT count(*) FROM community WHERE id = $1"
	    " AND site_manager = '李工'", id), 1);
	snprintf(f, sizeof(f), "expected_version=%d&item-%lld-done=true&item-%lld-done=true",
	    version_of(id), item_of(id, "cctv"), item_of(id, "road"));
	gauntlet("works", &build, wpath(id, "/works"), wpath(id, "/works"), f, 1);
	assert_int_equal(sql1("SELECT count(*) FROM item WHERE community_id = $1"
	    " AND status = 'done'", id), 2);
}

static void
t_csrf_signoffs(void **state)
{
	long long	 id = make_at("lanshan", "renovated");
	char		 f[256];

	(void)state;
	snprintf(f, sizeof(f), "item=%lld&decision=approve&comment=%s",
	    item_of(id, "cctv"), webc_enc("合格"));
	gauntlet("signoffs", &police, "/signoffs", "/signoffs", f, 1);
	snprintf(f, sizeof(f), "SELECT count(*) FROM item WHERE id = $1"
	    " AND status = 'signed_off' AND decided_dept = 'police'");
	assert_int_equal(sql1(f, item_of(id, "cctv")), 1);
}

/* ------------------------------------------------------------------ */
/* The same form twice; a nonce with another body.                      */
/* ------------------------------------------------------------------ */

static void
t_double_post(void **state)
{
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], loc[1024], f[512];
	const char	*name = uniq("双击申报");
	struct wresp	 r;
	long long	 id, ev, n;

	(void)state;
	/* Declare: one community, both answers lead to it. */
	tokens(&committee, "/communities/new", "/communities/new", csrf, nonce);
	n = db_count("SELECT count(*) FROM community");
	post(&committee, &r, "/communities/new", csrf, nonce, "/communities/new",
	    declare_fields(name, "96"), NULL);
	EXPECT(&r, 303);
	snprintf(loc, sizeof(loc), "%s", r.location);
	wresp_free(&r);
	post(&committee, &r, "/communities/new", csrf, nonce, "/communities/new",
	    declare_fields(name, "96"), NULL);
	EXPECT(&r, 303);
	assert_string_equal(r.location, loc);
	wresp_free(&r);
	assert_int_equal(db_count("SELECT count(*) FROM community"), n + 1);
	/* The nonce cannot carry another body (another name). */
	post(&committee, &r, "/communities/new", csrf, nonce, "/communities/new",
	    declare_fields(uniq("换了名字"), "96"), NULL);
	if (r.status == 303 && strcmp(r.location, loc) != 0)
		fail_msg("a used nonce declared again: %s", r.location);
	if (r.status != 303 && (r.status < 400 || r.status >= 500))
		fail_msg("a used nonce with another body: %ld", r.status);
	wresp_free(&r);
	assert_int_equal(db_count("SELECT count(*) FROM community"), n + 1);

	/* Submit the survey twice: one submission, one event. */
	id = make_at("lanshan", "declared");
	tokens(&street, wpath(id, ""), wpath(id, "/act"), csrf, nonce);
	snprintf(f, sizeof(f), "action=survey&expected_version=%d", version_of(id));
	ev = events_of(id);
	post(&street, &r, wpath(id, "/act"), csrf, nonce, wpath(id, ""), f, NULL);
	EXPECT(&r, 303);
	snprintf(loc, sizeof(loc), "%s", r.location);
	wresp_free(&r);
	post(&street, &r, wpath(id, "/act"), csrf, nonce, wpath(id, ""), f, NULL);
	EXPECT(&r, 303);
	assert_string_equal(r.location, loc);
	wresp_free(&r);
	assert_int_equal(events_of(id), ev + 1);
	assert_int_equal(sql1("SELECT count(*) FROM round WHERE community_id = $1", id), 1);

	/* Countersign twice: one approval. */
	tokens(&housing, wpath(id, ""), wpath(id, "/decide"), csrf, nonce);
	snprintf(f, sizeof(f), "action=survey&decision=approve&expected_version=%d",
	    version_of(id));
	ev = events_of(id);
	post(&housing, &r, wpath(id, "/decide"), csrf, nonce, wpath(id, ""), f, NULL);
	EXPECT(&r, 303);
	wresp_free(&r);
	post(&housing, &r, wpath(id, "/decide"), csrf, nonce, wpath(id, ""), f, NULL);
	EXPECT(&r, 303);
	wresp_free(&r);
	assert_int_equal(events_of(id), ev + 1);
}

/* Sign-offs of several items at once, posted twice: each signed once. */
static void
t_double_post_bulk(void **state)
{
	long long	 a = make_at("lanshan", "renovated");
	long long	 b = make_at("lanshan", "renovated");
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], f[256];
	struct wresp	 r;
	long long	 ea = events_of(a), eb = events_of(b), fp;

	(void)state;
	tokens(&police, "/signoffs", "/signoffs", csrf, nonce);
	snprintf(f, sizeof(f), "item=%lld&item=%lld&decision=approve&comment=%s",
	    item_of(a, "cctv"), item_of(b, "cctv"), webc_enc("合格"));
	post(&police, &r, "/signoffs", csrf, nonce, "/signoffs", f, NULL);
	EXPECT(&r, 303);
	wresp_free(&r);
	assert_int_equal(events_of(a), ea + 1);
	assert_int_equal(events_of(b), eb + 1);
	post(&police, &r, "/signoffs", csrf, nonce, "/signoffs", f, NULL);
	EXPECT(&r, 303);
	wresp_free(&r);
	assert_int_equal(events_of(a), ea + 1);
	assert_int_equal(events_of(b), eb + 1);
	/* One item that is not police's (the road: construction) undoes all. */
	a = make_at("lanshan", "renovated");
	ea = events_of(a);
	fp = db_fingerprint();
	tokens(&police, "/signoffs", "/signoffs", csrf, nonce);
	snprintf(f, sizeof(f), "item=%lld&item=%lld&decision=approve&comment=ok",
	    item_of(a, "cctv"), item_of(a, "road"));
	post(&police, &r, "/signoffs", csrf, nonce, "/signoffs", f, NULL);
	if (r.status < 400 || r.status >= 500)
		fail_msg("a foreign item in a bulk sign-off: %ld %s", r.status, r.body);
	wresp_free(&r);
	assert_int_equal(events_of(a), ea);
	assert_int_equal(db_fingerprint(), fp);
}

/* ------------------------------------------------------------------ */
/* 409, 400/422 with the input kept, guards.                            */
/* ------------------------------------------------------------------ */

/* A post from a page drawn before someone else changed the record. */
static void
stale(const char *label, struct webc *s, const char *page, const char *action,
    const char *fields, long long id, const char *bumper, const char *bumpbody)
{
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], want[256];
	struct wresp	 r;
	long long	 fp;

	tokens(s, page, action, csrf, nonce);
	bump(id, bumper, bumpbody);
	fp = db_fingerprint();
	post(s, &r, action, csrf, nonce, page, fields, NULL);
	if (r.status != 409)
		fail_msg("[%s] stale version: want 409, got %ld: %s", label,
		    r.status, r.body);
	snprintf(want, sizeof(want), "href=\"%s\"", page);
	if (strstr(r.body, zh(MSG_ERR_409_TITLE)) == NULL ||
	    strstr(r.body, zh(MSG_RELOAD)) == NULL || strstr(r.body, want) == NULL)
		fail_msg("[%s] not the 409 page with a reload link to %s: %s", label,
		    page, r.body);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
t_stale_version(void **state)
{
	long long	 d = make_at("lanshan", "declared");
	long long	 s = make_at("lanshan", "surveyed");
	long long	 p = make_at("lanshan", "piloted");
	char		 f[512];

	(void)state;
	snprintf(f, sizeof(f), "action=survey&expected_version=%d", version_of(d));
	stale("act", &street, wpath(d, ""), wpath(d, "/act"), f, d,
	    tok_street("lanshan"), "{\"kind\":\"lift\",\"condition\":\"poor\"}");
	snprintf(f, sizeof(f), "expected_version=%d&item-lift-condition=good",
	    version_of(d));
	stale("survey", &street, wpath(d, "/survey"), wpath(d, "/survey"), f, d,
	    tok_street("lanshan"), "{\"kind\":\"gas\",\"condition\":\"poor\"}");
	snprintf(f, sizeof(f), "expected_version=%d&batch=2020", version_of(s));
	stale("plan", &cclerk, wpath(s, "/plan"), wpath(s, "/plan"), f, s,
	    tok_street("lanshan"), "{\"kind\":\"water\",\"condition\":\"poor\"}");
	(void)p;
	snprintf(f, sizeof(f), "expected_version=%d&contractor=x&supervisor=y"
	    "&tender_awarded_on=2016-05-02&site_manager=z", version_of(p));
	{
		char		 csrf[WEBC_TOK], nonce[WEBC_TOK];
		struct wresp	 r;
		struct resp	 a;
		long long	 fp;

		/* Construction marks an item done through the API meanwhile. */
		tokens(&build, wpath(p, "/edit"), wpath(p, "/edit"), csrf, nonce);
		req(&a, "POST", ipath(item_of(p, "cctv"), "/done"),
		    tok("t-construction-clerk", "construction", NULL, "clerk"), NULL,
		    NULL, NULL);
		EXPECT(&a, 200);
		resp_free(&a);
		fp = db_fingerprint();
		post(&build, &r, wpath(p, "/edit"), csrf, nonce, wpath(p, "/edit"), f,
		    NULL);
		EXPECT(&r, 409);
		if (strstr(r.body, zh(MSG_RELOAD)) == NULL)
			fail_msg("edit: no reload link: %s", r.body);
		wresp_free(&r);
		assert_int_equal(db_fingerprint(), fp);
	}
}

/* A refused post shows its page again: 400 or 422, the error at field. */
static void
kept(const char *label, const struct wresp *r, const char *field,
    const char *const *values)
{
	char	 want[512];
	size_t	 i;

	if (r->status != 400 && r->status != 422)
		fail_msg("[%s] want 400 or 422, got %ld: %s", label, r->status, r->body);
	if (strstr(r->body, "class=\"error-summary\"") == NULL)
		fail_msg("[%s] no error summary: %s", label, r->body);
	snprintf(want, sizeof(want), "id=\"%s-error\"", field);
	if (strstr(r->body, want) == NULL)
		fail_msg("[%s] no error next to %s: %s", label, field, r->body);
	snprintf(want, sizeof(want), "href=\"#%s\"", field);
	if (strstr(summary_of(r->body), want) == NULL)
		fail_msg("[%s] the summary does not link to %s: %s", label, field,
		    summary_of(r->body));
	for (i = 0; values != NULL && values[i] != NULL; i++)
		if (strstr(r->body, values[i]) == NULL)
			fail_msg("[%s] input not kept: %s", label, values[i]);
	/* A fresh nonce: the form can be corrected and sent again. */
}

static void
t_validation_kept(void **state)
{
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], f[1024], v1[256], v2[256];
	const char	*name = uniq("保留输入");
	const char	*vals[4] = { v1, v2, NULL, NULL };
	struct wresp	 r;
	long long	 fp, s, p;

	(void)state;
	/* Declare with households=abc: the name and abc come back. */
	tokens(&committee, "/communities/new", "/communities/new", csrf, nonce);
	fp = db_fingerprint();
	post(&committee, &r, "/communities/new", csrf, nonce, "/communities/new",
	    declare_fields(name, "abc"), NULL);
	snprintf(v1, sizeof(v1), "name=\"households\" value=\"abc\"");
	if (strstr(r.body, v1) == NULL)
		snprintf(v1, sizeof(v1), "value=\"abc\"");
	snprintf(v2, sizeof(v2), "value=\"%s\"", esc(name));
	kept("declare households=abc", &r, "households", vals);
	if (strstr(r.body, "<option value=\"true\" selected") == NULL)
		fail_msg("declare: the selects lost their choice: %s", r.body);
	{
		char	 c2[WEBC_TOK], n2[WEBC_TOK];

		/* The page shown again carries a form that can be sent. */
		if (webc_form_tokens(r.body, "/communities/new", c2, n2) == -1 ||
		    strcmp(n2, nonce) == 0)
			fail_msg("declare: no fresh form on the page again");
	}
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);

	/* Reject without a reason: the decide form says so. */
	{
		long long	 c = make_at("lanshan", "declared");
		struct resp	 a;

		snprintf(f, sizeof(f), "{\"action\":\"survey\",\"expected_version\":%d}",
		    version_of(c));
		req(&a, "POST", cpath(c, "/transitions"), tok_street("lanshan"), f,
		    NULL, NULL);
		EXPECT(&a, 202);
		resp_free(&a);
		tokens(&housing, wpath(c, ""), wpath(c, "/decide"), csrf, nonce);
		fp = db_fingerprint();
		snprintf(f, sizeof(f), "action=survey&decision=reject&comment=%%20%%20"
		    "&expected_version=%d", version_of(c));
		post(&housing, &r, wpath(c, "/decide"), csrf, nonce, wpath(c, ""), f,
		    NULL);
		if (r.status != 400 && r.status != 422)
			fail_msg("reject without a reason: %ld %s", r.status, r.body);
		if (strstr(r.body, "class=\"error-summary\"") == NULL ||
		    strstr(r.body, "class=\"error-message\"") == NULL ||
		    strstr(r.body, "field field-error") == NULL)
			fail_msg("reject without a reason: no error at the field: %s",
			    r.body);
		/* The decide form is there again to give the reason. */
		if (webc_form_tokens(r.body, wpath(c, "/decide"), csrf, nonce) == -1)
			fail_msg("reject: the decide form is gone: %s", r.body);
		wresp_free(&r);
		assert_int_equal(db_fingerprint(), fp);
		/* Control: with a reason it is rejected. */
		snprintf(f, sizeof(f), "action=survey&decision=reject&comment=%s"
		    "&expected_version=%d", webc_enc("户数不符"), version_of(c));
		post(&housing, &r, wpath(c, "/decide"), csrf, nonce, wpath(c, ""), f,
		    NULL);
		EXPECT(&r, 303);
		wresp_free(&r);
		assert_int_equal(sql1("SELECT count(*) FROM round WHERE community_id = $1"
		    " AND status = 'rejected'", c), 1);
	}

	/* Plan: an estimate that is no amount stays in its row. */
	s = make_at("lanshan", "surveyed");
	tokens(&cclerk, wpath(s, "/plan"), wpath(s, "/plan"), csrf, nonce);
	fp = db_fingerprint();
	snprintf(v2, sizeof(v2), "item-%lld-estimate_yuan", item_of(s, "road"));
	snprintf(f, sizeof(f), "expected_version=%d&%s=12x&batch=2021", version_of(s), v2);
	post(&cclerk, &r, wpath(s, "/plan"), csrf, nonce, wpath(s, "/plan"), f, NULL);
	snprintf(v1, sizeof(v1), "value=\"12x\"");
	vals[1] = "value=\"2021\"";
	kept("plan estimate=12x", &r, v2, vals);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);

	/* Funding: planned_yuan=abc. */
	tokens(&cclerk, wpath(s, "/plan"), wpath(s, "/funding"), csrf, nonce);
	snprintf(f, sizeof(f), "expected_version=%d&source=county&planned_yuan=abc"
	    "&note=%s", version_of(s), webc_enc("县级配套"));
	post(&cclerk, &r, wpath(s, "/funding"), csrf, nonce, wpath(s, "/plan"), f, NULL);
	snprintf(v1, sizeof(v1), "value=\"abc\"");
	vals[1] = "value=\"县级配套\"";
	kept("funding planned_yuan=abc", &r, "planned_yuan", vals);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);

	/* Tender: a date that is no date. */
	p = make_at("lanshan", "piloted");
	tokens(&build, wpath(p, "/edit"), wpath(p, "/edit"), csrf, nonce);
	fp = db_fingerprint();
	snprintf(f, sizeof(f), "expected_version=%d&contractor=%s&supervisor=y"
	    "&tender_awarded_on=2016-13-45&site_manager=z", version_of(p),
	    webc_enc("保留的公司"));
	post(&build, &r, wpath(p, "/edit"), csrf, nonce, wpath(p, "/edit"), f, NULL);
	snprintf(v1, sizeof(v1), "value=\"2016-13-45\"");
	vals[1] = "value=\"保留的公司\"";
	kept("tender date", &r, "tender_awarded_on", vals);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

/* A guard that fails: 422 listing what is missing, nothing changed. */
static void
t_guard_failure(void **state)
{
	long long	 d = make_declared("lanshan");	/* no items surveyed */
	long long	 s = make_at("lanshan", "surveyed");	/* no plan yet */
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], f[512];
	struct wresp	 r;
	const char	*sum;
	long long	 fp;

	(void)state;
	tokens(&street, wpath(d, ""), "/logout", csrf, nonce);
	fp = db_fingerprint();
	snprintf(f, sizeof(f), "action=survey&expected_version=%d&comment=%s",
	    version_of(d), webc_enc("请审核"));
	post(&street, &r, wpath(d, "/act"), csrf, webc_nonce(), wpath(d, ""), f, NULL);
	EXPECT(&r, 422);
	sum = summary_of(r.body);
	if (strstr(sum, esc(guards[GUARD_SURVEY_RECORDED].zh)) == NULL)
		fail_msg("the unmet guard is not listed: %s", sum);
	if (strstr(sum, esc(guards[GUARD_ELIGIBLE].zh)) != NULL)
		fail_msg("a met guard is listed: %s", sum);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);

	/* Launch without funding, notice or consent: each one listed. */
	tokens(&cclerk, wpath(s, ""), "/logout", csrf, nonce);
	snprintf(f, sizeof(f), "action=launch&expected_version=%d", version_of(s));
	post(&cclerk, &r, wpath(s, "/act"), csrf, webc_nonce(), wpath(s, ""), f, NULL);
	EXPECT(&r, 422);
	sum = summary_of(r.body);
	if (strstr(sum, esc(guards[GUARD_FUNDING_COVERS_ESTIMATE].zh)) == NULL ||
	    strstr(sum, esc(guards[GUARD_NOTICE_PERIOD].zh)) == NULL ||
	    strstr(sum, esc(guards[GUARD_RESIDENT_CONSENT].zh)) == NULL)
		fail_msg("launch: the unmet guards are not all listed: %s", sum);
	if (strstr(sum, esc(guards[GUARD_ITEMS_SELECTED].zh)) != NULL)
		fail_msg("launch: a met guard is listed: %s", sum);
	wresp_free(&r);
	/* In English too. */
	post(&cclerk, &r, wpath(s, "/act?lang=en"), csrf, webc_nonce(), wpath(s, ""),
	    f, NULL);
	EXPECT(&r, 422);
	if (strstr(summary_of(r.body), esc(guards[GUARD_RESIDENT_CONSENT].en)) == NULL)
		fail_msg("launch in English: %s", summary_of(r.body));
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	/* Restore Chinese for the other tests of this session. */
	webc_get(&cclerk, &r, "/communities?lang=zh");
	wresp_free(&r);
}

/* ------------------------------------------------------------------ */
/* Escaping, language, error pages.                                     */
/* ------------------------------------------------------------------ */

static void
t_escaping(void **state)
{
	static const char	 xss[] = "<script>alert(1)</script>";
	static const char	 attr[] = "\"><img src=x onerror=alert(2)>";
	struct resp		 a;
	struct wresp		 r;
	char			 body[1024], path[256];
	long long		 id;
	size_t			 i;

	(void)state;
	snprintf(body, sizeof(body), "{\"name\":\"<script>alert(1)</script>\","
	    "\"county\":\"lanshan\",\"street\":\"<b>街道</b>\","
	    "\"committee\":\"\\\"><img src=x onerror=alert(2)>\",\"address\":\"a&b\","
	    "\"built_year\":1988,\"buildings\":6,\"households\":240,"
	    "\"floor_area_m2\":15600.00,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false}");
	req(&a, "POST", "/api/v1/communities", tok_committee("lanshan"), body, NULL,
	    NULL);
	EXPECT(&a, 201);
	id = jint(&a, "id");
	resp_free(&a);
	/* A comment with markup, through the form. */
	{
		char	 csrf[WEBC_TOK], nonce[WEBC_TOK], f[512];

		tokens(&street, wpath(id, ""), "/logout", csrf, nonce);
		snprintf(f, sizeof(f), "action=survey&expected_version=%d&comment=%s",
		    version_of(id), webc_enc(attr));
		post(&street, &r, wpath(id, "/act"), csrf, webc_nonce(), wpath(id, ""),
		    f, NULL);
		/* Refused (no items): the comment comes back in the form, escaped. */
		if (strstr(r.body, "<img src=x") != NULL)
			fail_msg("comment raw on the page shown again: %s", r.body);
		wresp_free(&r);
	}
	for (i = 0; i < 4; i++) {
		const char *pg = i == 0 ? wpath(id, "") : i == 1 ?
		    "/communities?q=%3Cscript%3E" : i == 2 ? "/communities" :
		    wpath(id, "/survey");

		snprintf(path, sizeof(path), "%s", pg);
		webc_get(&street, &r, path);
		EXPECT(&r, 200);
		if (strstr(r.body, "<script>alert(1)") != NULL ||
		    strstr(r.body, "<img src=x") != NULL ||
		    strstr(r.body, "<b>街道") != NULL)
			fail_msg("[%s] raw markup on the page: %s", path, r.body);
		if (i != 2 && strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") == NULL)
			fail_msg("[%s] the name is not shown as text: %s", path, r.body);
		if (i == 1 && strstr(r.body, "value=\"&lt;script&gt;\"") == NULL)
			fail_msg("[%s] the search is not kept as text: %s", path, r.body);
		wresp_free(&r);
	}
	/* The title too. */
	webc_get(&street, &r, wpath(id, ""));
	if (strstr(r.body, "<title>&lt;script&gt;") == NULL)
		fail_msg("title: %s", r.body);
	if (strstr(r.body, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;") == NULL)
		fail_msg("committee not escaped as text: %s", r.body);
	wresp_free(&r);
	/* A query string that tries to break out of an attribute. */
	snprintf(path, sizeof(path), "%s?x=%%22%%3E%%3Cscript%%3Ealert(3)%%3C/script%%3E",
	    wpath(id, ""));
	webc_get(&street, &r, path);
	EXPECT(&r, 200);
	if (strstr(r.body, "<script>alert(3)") != NULL || strstr(r.body, "\"><script") != NULL)
		fail_msg("query reflected raw: %s", r.body);
	wresp_free(&r);
	(void)xss;
}

/* The page in r is in English (1) or Chinese (0). */
static void
lang_is(const char *label, const struct wresp *r, int en)
{
	const char	*want = en ? "<html lang=\"en\"" : "<html lang=\"zh-CN\"";

	if (r->status != 200 || strstr(r->body, want) == NULL)
		fail_msg("[%s] want %s, got %ld: %.300s", label, want, r->status,
		    r->body);
	if (en && strstr(r->body, esc(msg(LANG_EN, MSG_SIGN_OUT))) == NULL)
		fail_msg("[%s] the frame is not in English: %s", label, r->body);
	if (!en && strstr(r->body, esc(msg(LANG_ZH, MSG_SIGN_OUT))) == NULL)
		fail_msg("[%s] the frame is not in Chinese: %s", label, r->body);
}

static void
t_language(void **state)
{
	static const char *const en_gb[] = { "Accept-Language: en-GB,en;q=0.9", NULL };
	static const char *const zh_cn[] = {
		"Accept-Language: zh-CN,zh;q=0.9,en;q=0.8", NULL
	};
	struct webc	 s;
	struct wresp	 r;
	const char	*u = web_user("wf-lang", "street", "lanshan", "clerk");
	const char	*c;
	long long	 id = make_declared("lanshan");

	(void)state;
	webc_open(&s);
	assert_int_equal(webc_login(&s, u, WEBC_PASSWORD), 303);
	webc_get(&s, &r, wpath(id, ""));
	lang_is("default", &r, 0);
	wresp_free(&r);
	/* ?lang=en: English, and remembered. */
	webc_get(&s, &r, wpath(id, "?lang=en"));
	lang_is("?lang=en", &r, 1);
	if ((c = wresp_set_cookie(&r, "jiugai_lang")) == NULL ||
	    strncmp(c, "jiugai_lang=en;", 15) != 0 || strstr(c, "Path=/") == NULL)
		fail_msg("no language cookie: %s", r.headers);
	/* The switch offers Chinese, for this same page. */
	if (strstr(r.body, "class=\"lang-switch\"") == NULL ||
	    strstr(r.body, "lang=zh") == NULL)
		fail_msg("no switch back to Chinese: %s", r.body);
	wresp_free(&r);
	webc_get(&s, &r, "/communities");
	lang_is("cookie en", &r, 1);
	wresp_free(&r);
	/* The cookie beats Accept-Language. */
	webc_req(&s, &r, "GET", "/communities", NULL, zh_cn);
	lang_is("cookie en, Accept-Language zh", &r, 1);
	wresp_free(&r);
	/* ?lang=zh switches back, and that is remembered too. */
	webc_get(&s, &r, wpath(id, "?lang=zh"));
	lang_is("?lang=zh", &r, 0);
	wresp_free(&r);
	webc_req(&s, &r, "GET", wpath(id, ""), NULL, en_gb);
	lang_is("cookie zh, Accept-Language en", &r, 0);
	wresp_free(&r);
	webc_close(&s);
	/* No cookie: Accept-Language decides. */
	webc_open(&s);
	assert_int_equal(webc_login(&s, u, WEBC_PASSWORD), 303);
	webc_req(&s, &r, "GET", wpath(id, ""), NULL, en_gb);
	lang_is("Accept-Language en-GB", &r, 1);
	wresp_free(&r);
	webc_req(&s, &r, "GET", wpath(id, ""), NULL, zh_cn);
	lang_is("Accept-Language zh-CN", &r, 0);
	wresp_free(&r);
	/* The login page (signed out) follows the same rules. */
	webc_close(&s);
	webc_open(&s);
	webc_req(&s, &r, "GET", "/login", NULL, en_gb);
	if (r.status != 200 || strstr(r.body, "<html lang=\"en\"") == NULL ||
	    strstr(r.body, esc(msg(LANG_EN, MSG_SIGN_IN))) == NULL)
		fail_msg("English login page: %s", r.body);
	wresp_free(&r);
	webc_get(&s, &r, "/login?lang=en");
	if (strstr(r.body, "<html lang=\"en\"") == NULL)
		fail_msg("/login?lang=en: %s", r.body);
	wresp_free(&r);
	/* Nonsense is Chinese, not an error. */
	webc_get(&s, &r, "/login?lang=%3Cscript%3E");
	if (r.status != 200 || strstr(r.body, "<html lang=\"zh-CN\"") == NULL ||
	    strstr(r.body, "<script>") != NULL)
		fail_msg("?lang=<script>: %ld %s", r.status, r.body);
	wresp_free(&r);
	webc_close(&s);
}

/* Every page, error pages included, has the language switch. */
static void
t_switch_everywhere(void **state)
{
	long long	 d = make_at("lanshan", "declared");
	long long	 far = make_declared("hedong");
	struct {
		struct webc	*s;
		const char	*path;
		long		 status;
	} pages[] = {
		{ &street, "/tasks", 200 },
		{ &street, "/communities", 200 },
		{ &street, NULL, 200 },			/* the community */
		{ &street, NULL, 200 },			/* its survey */
		{ &committee, "/communities/new", 200 },
		{ &police, "/signoffs", 200 },
		{ &street, "/workflow", 200 },
		{ &street, "/communities/999999999", 404 },
		{ &street, NULL, 403 },			/* another county's */
		{ &street, "/no/such/page", 404 },
	};
	struct webc	 anon;
	struct wresp	 r;
	char		 p1[64], p2[64], p3[64], want[128];
	size_t		 i;

	(void)state;
	snprintf(p1, sizeof(p1), "%s", wpath(d, ""));
	snprintf(p2, sizeof(p2), "%s", wpath(d, "/survey"));
	snprintf(p3, sizeof(p3), "%s", wpath(far, ""));
	pages[2].path = p1;
	pages[3].path = p2;
	pages[8].path = p3;
	for (i = 0; i < NELEM(pages); i++) {
		webc_get(pages[i].s, &r, pages[i].path);
		if (r.status != pages[i].status)
			fail_msg("GET %s: want %ld, got %ld: %.400s", pages[i].path,
			    pages[i].status, r.status, r.body);
		snprintf(want, sizeof(want), "href=\"%s?lang=en\"", pages[i].path);
		if (strstr(r.body, "class=\"lang-switch\"") == NULL ||
		    strstr(r.body, want) == NULL)
			fail_msg("GET %s: no switch to English (%s): %s", pages[i].path,
			    want, r.body);
		if (strncmp(r.ctype, "text/html", 9) != 0 ||
		    strstr(r.body, "<h1") == NULL)
			fail_msg("GET %s: not a page: %s", pages[i].path, r.ctype);
		wresp_free(&r);
	}
	webc_open(&anon);
	webc_get(&anon, &r, "/login");
	if (strstr(r.body, "href=\"/login?lang=en\"") == NULL)
		fail_msg("login: no switch: %s", r.body);
	wresp_free(&r);
	webc_close(&anon);
}

static void
t_error_pages(void **state)
{
	long long	 far = make_declared("hedong");
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], f[256];
	struct wresp	 r;
	long long	 fp;

	(void)state;
	/* 404: an HTML page, not the API's JSON. */
	webc_get(&street, &r, "/communities/999999999");
	EXPECT(&r, 404);
	if (strncmp(r.ctype, "text/html", 9) != 0 ||
	    strstr(r.body, zh(MSG_ERR_404_TITLE)) == NULL || r.body[0] == '{')
		fail_msg("404 page: %s %s", r.ctype, r.body);
	wresp_free(&r);
	webc_get(&street, &r, "/communities/999999999/survey");
	if (r.status != 404 || strstr(r.body, zh(MSG_ERR_404_TITLE)) == NULL)
		fail_msg("404 survey: %ld %s", r.status, r.body);
	wresp_free(&r);
	/* 403 with its reason: a lanshan clerk and a hedong community. */
	webc_get(&street, &r, wpath(far, ""));
	EXPECT(&r, 403);
	if (strstr(r.body, zh(MSG_ERR_403_TITLE)) == NULL ||
	    strstr(r.body, zh(MSG_DENY_SCOPE)) == NULL)
		fail_msg("403 without the reason: %s", r.body);
	if (strstr(r.body, "测试小区") != NULL)
		fail_msg("403 shows the community's name: %s", r.body);
	wresp_free(&r);
	webc_get(&street, &r, wpath(far, "?lang=en"));
	if (r.status != 403 || strstr(r.body, esc(msg(LANG_EN, MSG_DENY_SCOPE))) == NULL)
		fail_msg("403 in English: %ld %s", r.status, r.body);
	wresp_free(&r);
	webc_get(&street, &r, "/communities?lang=zh");
	wresp_free(&r);
	webc_get(&street, &r, wpath(far, "/survey"));
	if (r.status != 403 || strstr(r.body, zh(MSG_DENY_SCOPE)) == NULL)
		fail_msg("403 survey page: %ld %s", r.status, r.body);
	wresp_free(&r);
	/* A post into another county: 403, nothing done. */
	tokens(&street, "/communities", "/logout", csrf, nonce);
	fp = db_fingerprint();
	snprintf(f, sizeof(f), "expected_version=%d&item-cctv-condition=poor",
	    version_of(far));
	post(&street, &r, wpath(far, "/survey"), csrf, webc_nonce(), wpath(far, "/survey"),
	    f, NULL);
	if (r.status != 403 || strstr(r.body, zh(MSG_DENY_SCOPE)) == NULL)
		fail_msg("post into another county: %ld %s", r.status, r.body);
	wresp_free(&r);
	snprintf(f, sizeof(f), "action=survey&expected_version=%d", version_of(far));
	post(&street, &r, wpath(far, "/act"), csrf, webc_nonce(), wpath(far, ""), f, NULL);
	EXPECT(&r, 403);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	/* A clerk may not countersign (an approver's form). */
	{
		long long	 c = make_at("lanshan", "declared");
		struct resp	 a;

		snprintf(f, sizeof(f), "{\"action\":\"survey\",\"expected_version\":%d}",
		    version_of(c));
		req(&a, "POST", cpath(c, "/transitions"), tok_street("lanshan"), f,
		    NULL, NULL);
		EXPECT(&a, 202);
		resp_free(&a);
		webc_get(&cclerk, &r, wpath(c, ""));
		if (r.status != 200 || strstr(r.body, wpath(c, "/decide")) != NULL)
			fail_msg("a clerk is offered the decide form: %s", r.body);
		wresp_free(&r);
		fp = db_fingerprint();
		snprintf(f, sizeof(f), "action=survey&decision=approve&expected_version=%d",
		    version_of(c));
		post(&cclerk, &r, wpath(c, "/decide"), session_csrf(&cclerk), webc_nonce(),
		    wpath(c, ""), f, NULL);
		if (r.status != 403 || strstr(r.body, zh(MSG_ERR_403_TITLE)) == NULL)
			fail_msg("a clerk approves: %ld %s", r.status, r.body);
		wresp_free(&r);
		assert_int_equal(db_fingerprint(), fp);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_csrf_declare),
		cmocka_unit_test(t_csrf_act_decide),
		cmocka_unit_test(t_csrf_survey),
		cmocka_unit_test(t_csrf_plan_funding),
		cmocka_unit_test(t_csrf_edit_works),
		cmocka_unit_test(t_csrf_signoffs),
		cmocka_unit_test(t_double_post),
		cmocka_unit_test(t_double_post_bulk),
		cmocka_unit_test(t_stale_version),
		cmocka_unit_test(t_validation_kept),
		cmocka_unit_test(t_guard_failure),
		cmocka_unit_test(t_escaping),
		cmocka_unit_test(t_language),
		cmocka_unit_test(t_switch_everywhere),
		cmocka_unit_test(t_error_pages),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
