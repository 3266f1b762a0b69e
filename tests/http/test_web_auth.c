/*
 * test_web_auth.c - signing in and out of the web pages (issue 4 §1, §3),
 * against the running stack, as a browser does it (tests/lib/webc.h: a
 * cookie jar, the login form's CSRF token, the site's Origin):
 *
 *  - the login page and its cookie; a good login and the session cookie's
 *    attributes (Secure under HTTPS, through the FastCGI socket with
 *    HTTPS=on, since the test stack has no TLS); where it goes next, and
 *    that it never goes to another site;
 *  - refusals: a wrong password (the name kept, no session), the lock-out
 *    after five, a disabled user, a login post without its cookie, with a
 *    wrong token or from another site (and none of these counts as a
 *    failed password);
 *  - signed out: pages send the visitor to the login with the way back;
 *    logout needs the form's token, clears the cookie, and the old
 *    cookie's token is refused from then on; forged, expired and garbage
 *    cookies go back to the login;
 *  - GET and HEAD never change anything (GET /logout is a 405).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../include/conf.h"
#include "../lib/client.h"
#include "../lib/jwtcraft.h"
#include "../lib/raw.h"
#include "../lib/webc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static long long	 cid;		/* a lanshan community the pages show */
static char		 cpage[64];	/* "/communities/<cid>" */
static char		 clerk[64];	/* a lanshan street clerk who may see it */

static int
setup(void **state)
{
	(void)state;
	client_init();
	cid = make_declared("lanshan");
	snprintf(cpage, sizeof(cpage), "/communities/%lld", cid);
	snprintf(clerk, sizeof(clerk), "%s", web_user("wa-clerk", "street",
	    "lanshan", "clerk"));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	craft_done();
	client_done();
	return 0;
}

/* ------------------------------------------------------------------ */
/* Helpers.                                                             */
/* ------------------------------------------------------------------ */

/* One SQL value about a user as text ("" when NULL or no row); static. */
static const char *
user_col(const char *col, const char *sub)
{
	static char	 out[256];
	char		 sql[256];
	const char	*p[1] = { sub };
	PGresult	*res;

	snprintf(sql, sizeof(sql), "SELECT %s::text FROM app_user WHERE sub = $1",
	    col);
	res = PQexecParams(db(), sql, 1, NULL, p, NULL, NULL, 0);
	out[0] = '\0';
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0))
		snprintf(out, sizeof(out), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return out;
}

/* The login form's CSRF token from a fresh GET /login in s; static. */
static const char *
login_csrf(struct webc *s)
{
	static char	 csrf[WEBC_TOK];
	char		 nonce[WEBC_TOK];
	struct wresp	 r;

	if (webc_get(s, &r, "/login") != 200 ||
	    webc_form_tokens(r.body, "/login", csrf, nonce) == -1)
		fail_msg("GET /login: %ld %s", r.status, r.body);
	wresp_free(&r);
	return csrf;
}

/* POST the login form of s with csrf, sub, password and next (NULL: none). */
static long
login_post(struct webc *s, struct wresp *r, const char *csrf, const char *sub,
    const char *pw, const char *next, const char *const *extra)
{
	char	 body[2048];

	snprintf(body, sizeof(body), "csrf=%s&sub=%s&password=%s%s%s", csrf,
	    webc_enc(sub), webc_enc(pw), next != NULL ? "&next=" : "",
	    next != NULL ? webc_enc(next) : "");
	return webc_post_form(s, r, "/login", body, extra);
}

/* r set no session cookie, and the jar of s holds none. */
static void
no_session(const char *label, struct webc *s, const struct wresp *r)
{
	const char	*c = wresp_set_cookie(r, "jiugai_session");

	if (c != NULL && strncmp(c, "jiugai_session=;", 16) != 0)
		fail_msg("[%s] a session cookie was set: %s", label, c);
	if (webc_cookie(s, "jiugai_session") != NULL)
		fail_msg("[%s] the jar holds a session", label);
}

/* GET path in s is the page (200) and shows the signed-in user sub. */
static void
signed_in(const char *label, struct webc *s, const char *path, const char *sub)
{
	struct wresp	 r;

	if (webc_get(s, &r, path) != 200 || strstr(r.body, sub) == NULL ||
	    strstr(r.body, "action=\"/logout\"") == NULL)
		fail_msg("[%s] GET %s as %s: %ld %s", label, path, sub, r.status,
		    r.body);
	wresp_free(&r);
}

/* GET path in s goes to the login page; its Location in loc (size n). */
static void
to_login(const char *label, struct webc *s, const char *path, char *loc,
    size_t n)
{
	struct wresp	 r;

	webc_get(s, &r, path);
	if (r.status != 303 || strncmp(r.location, "/login?next=", 12) != 0)
		fail_msg("[%s] GET %s: want 303 to /login, got %ld (%s) %s", label,
		    path, r.status, r.location, r.body);
	if (loc != NULL)
		snprintf(loc, n, "%s", r.location);
	wresp_free(&r);
}

/* The session table and users as they stand: changes iff either does. */
static char *
auth_state(void)
{
	PGresult	*res;
	char		*out;

	res = PQexec(db(), "SELECT md5(concat_ws('|',"
	    " (SELECT string_agg(u::text, ',' ORDER BY u.sub) FROM app_user u),"
	    " (SELECT count(*) FROM session_revoked)))");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		fail_msg("auth_state: %s", PQerrorMessage(db()));
	out = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	assert_non_null(out);
	return out;
}

/* ------------------------------------------------------------------ */
/* The login page and a good login.                                     */
/* ------------------------------------------------------------------ */

static void
t_login_page(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	const char	*c;
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], h[256];

	(void)state;
	webc_open(&s);
	webc_get(&s, &r, "/login");
	EXPECT(&r, 200);
	if (strncmp(r.ctype, "text/html", 9) != 0)
		fail_msg("Content-Type %s", r.ctype);
	/* Chinese by default (curl sends no Accept-Language). */
	if (strstr(r.body, "<html lang=\"zh-CN\"") == NULL ||
	    strstr(r.body, "登录") == NULL)
		fail_msg("not the Chinese login page: %s", r.body);
	if (strstr(r.body, "class=\"lang-switch\"") == NULL ||
	    strstr(r.body, "lang=en") == NULL)
		fail_msg("no language switch: %s", r.body);
	if (webc_form_tokens(r.body, "/login", csrf, nonce) == -1 ||
	    strlen(csrf) != 64)
		fail_msg("no login form with a token: %s", r.body);
	if (strstr(r.body, "name=\"sub\"") == NULL ||
	    strstr(r.body, "type=\"password\"") == NULL ||
	    strstr(r.body, "<label for=\"password\"") == NULL)
		fail_msg("no labelled fields: %s", r.body);
	/* The cookie the token is bound to: for the login form only. */
	if ((c = wresp_set_cookie(&r, "jiugai_login")) == NULL)
		fail_msg("no login cookie: %s", r.headers);
	if (strspn(c + 13, "0123456789abcdef") != 32 || c[45] != ';' ||
	    strstr(c, "; HttpOnly") == NULL || strstr(c, "; SameSite=Strict") == NULL ||
	    strstr(c, "; Path=/login") == NULL || strstr(c, "Secure") != NULL)
		fail_msg("login cookie: %s", c);
	if (wresp_set_cookie(&r, "jiugai_session") != NULL)
		fail_msg("a session cookie before signing in: %s", r.headers);
	wresp_header(&r, "Cache-Control", h, sizeof(h));
	if (strcmp(h, "no-store") != 0)
		fail_msg("Cache-Control: %s", h);
	wresp_free(&r);
	/* Shown again with the cookie: the same cookie, the same token. */
	webc_get(&s, &r, "/login");
	EXPECT(&r, 200);
	if (wresp_set_cookie(&r, "jiugai_login") != NULL)
		fail_msg("a second login cookie: %s", r.headers);
	webc_form_tokens(r.body, "/login", h, nonce);
	assert_string_equal(h, csrf);
	wresp_free(&r);
	webc_close(&s);
}

static void
t_login_good(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	const char	*c;
	char		 next[128];

	(void)state;
	webc_open(&s);
	snprintf(next, sizeof(next), "%s?tab=items", cpage);
	login_post(&s, &r, login_csrf(&s), clerk, WEBC_PASSWORD, next, NULL);
	EXPECT(&r, 303);
	assert_string_equal(r.location, next);
	if ((c = wresp_set_cookie(&r, "jiugai_session")) == NULL)
		fail_msg("no session cookie: %s", r.headers);
	/* A JWT (three parts), HttpOnly, SameSite=Strict, for the whole site. */
	if (strchr(c, '.') == NULL || strstr(c, "; HttpOnly") == NULL ||
	    strstr(c, "; SameSite=Strict") == NULL || strstr(c, "; Path=/;") == NULL)
		fail_msg("session cookie: %s", c);
	/* Plain http: no Secure (the browser would then never send it back). */
	if (strstr(c, "Secure") != NULL)
		fail_msg("Secure over http: %s", c);
	/* The login form's cookie has done its work. */
	if ((c = wresp_set_cookie(&r, "jiugai_login")) == NULL ||
	    strstr(c, "Max-Age=0") == NULL)
		fail_msg("login cookie not cleared: %s", r.headers);
	wresp_free(&r);
	assert_non_null(webc_cookie(&s, "jiugai_session"));
	signed_in("after login", &s, cpage, clerk);
	assert_string_equal(user_col("failed_logins", clerk), "0");
	/* The login page while signed in still works (another user may sign in). */
	webc_get(&s, &r, "/login");
	EXPECT(&r, 200);
	wresp_free(&r);
	/* "/" goes to the tasks when signed in, to the login when not. */
	webc_get(&s, &r, "/");
	EXPECT(&r, 303);
	assert_string_equal(r.location, "/tasks");
	wresp_free(&r);
	webc_close(&s);
	webc_open(&s);
	webc_get(&s, &r, "/");
	EXPECT(&r, 303);
	assert_string_equal(r.location, "/login");
	wresp_free(&r);
	webc_close(&s);
}

/* next= never leads off the site (nor back to the login). */
static void
t_login_next(void **state)
{
	static const char *const bad[] = {
		"//evil.example", "https://evil.example", "/\\evil.example",
		"\\\\evil.example", "javascript:alert(1)",
		"/ok\r\nSet-Cookie: x=1", "evil.example", "/login?next=//evil.example",
		"", "/\t/evil.example",
	};
	struct webc	 s;
	struct wresp	 r;
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], want[128];
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(bad); i++) {
		webc_open(&s);
		login_post(&s, &r, login_csrf(&s), clerk, WEBC_PASSWORD, bad[i], NULL);
		if (r.status != 303 || strcmp(r.location, "/tasks") != 0)
			fail_msg("[next=%s] want 303 to /tasks, got %ld to %s", bad[i],
			    r.status, r.location);
		if (strstr(r.headers, "\nSet-Cookie: x=") != NULL ||
		    strstr(r.headers, "\nx=1") != NULL)
			fail_msg("[next=%s] header injected: %s", bad[i], r.headers);
		wresp_free(&r);
		webc_close(&s);
	}
	/* The page keeps next only when it is a local path. */
	webc_open(&s);
	webc_get(&s, &r, "/login?next=%2F%2Fevil.example");
	EXPECT(&r, 200);
	if (strstr(r.body, "value=\"//evil.example") != NULL ||
	    strstr(r.body, "href=\"//evil.example") != NULL ||
	    strstr(r.body, "name=\"next\" value=\"/tasks\"") == NULL)
		fail_msg("next kept from the query: %s", r.body);
	wresp_free(&r);
	snprintf(want, sizeof(want), "/login?next=%%2Fcommunities%%2F%lld", cid);
	webc_get(&s, &r, want);
	snprintf(want, sizeof(want), "name=\"next\" value=\"%s\"", cpage);
	if (r.status != 200 || strstr(r.body, want) == NULL)
		fail_msg("local next not kept: %s", r.body);
	webc_form_tokens(r.body, "/login", csrf, nonce);
	wresp_free(&r);
	/* Control: a local next is followed. */
	login_post(&s, &r, csrf, clerk, WEBC_PASSWORD, cpage, NULL);
	EXPECT(&r, 303);
	assert_string_equal(r.location, cpage);
	wresp_free(&r);
	webc_close(&s);
}

/* HTTPS (the FastCGI socket with HTTPS=on): every cookie gets Secure. */
static void
t_https_secure(void **state)
{
	struct raw	 r;
	const char	*p[16], *c;
	char		 cookie[128], body[512], cl[32], ck[160], *line;
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK];
	int		 i = 0;

	(void)state;
	p[i++] = "REQUEST_METHOD=GET";
	p[i++] = "DOCUMENT_URI=/login";
	p[i++] = "SCRIPT_NAME=/login";
	p[i++] = "QUERY_STRING=";
	p[i++] = "SERVER_PROTOCOL=HTTP/1.1";
	p[i++] = "HTTPS=on";
	p[i++] = "HTTP_HOST=localhost";
	p[i++] = "JIUGAI_SITE=https://localhost";
	p[i] = NULL;
	if (fcgi_request(&r, p, "", 0, 1, 0, 10000) != 200)
		fail_msg("GET /login over HTTPS: %d %.400s", r.status, r.text);
	if ((c = strstr(r.text, "Set-Cookie: jiugai_login=")) == NULL)
		fail_msg("no login cookie: %.400s", r.text);
	line = strndup(c, strcspn(c, "\r\n"));
	assert_non_null(line);
	if (strstr(line, "; Secure") == NULL || strstr(line, "HttpOnly") == NULL)
		fail_msg("login cookie over HTTPS: %s", line);
	snprintf(cookie, sizeof(cookie), "%.*s", 32 + 13, c + 12);
	free(line);
	if (webc_form_tokens(r.body, "/login", csrf, nonce) == -1)
		fail_msg("no form: %s", r.body);
	raw_free(&r);
	/* Sign in over HTTPS: the session cookie is Secure. */
	snprintf(body, sizeof(body), "csrf=%s&sub=%s&password=%s&next=%%2Ftasks",
	    csrf, clerk, WEBC_PASSWORD);
	snprintf(cl, sizeof(cl), "CONTENT_LENGTH=%zu", strlen(body));
	snprintf(ck, sizeof(ck), "HTTP_COOKIE=%s", cookie);
	i = 0;
	p[i++] = "REQUEST_METHOD=POST";
	p[i++] = "DOCUMENT_URI=/login";
	p[i++] = "SCRIPT_NAME=/login";
	p[i++] = "QUERY_STRING=";
	p[i++] = "SERVER_PROTOCOL=HTTP/1.1";
	p[i++] = "HTTPS=on";
	p[i++] = "HTTP_HOST=localhost";
	p[i++] = "JIUGAI_SITE=https://localhost";
	p[i++] = "HTTP_ORIGIN=https://localhost";
	p[i++] = "CONTENT_TYPE=application/x-www-form-urlencoded";
	p[i++] = cl;
	p[i++] = ck;
	p[i] = NULL;
	if (fcgi_request(&r, p, body, strlen(body), 1, 0, 10000) != 303)
		fail_msg("POST /login over HTTPS: %d %.600s", r.status, r.text);
	if ((c = strstr(r.text, "Set-Cookie: jiugai_session=")) == NULL)
		fail_msg("no session cookie: %.600s", r.text);
	line = strndup(c, strcspn(c, "\r\n"));
	assert_non_null(line);
	if (strstr(line, "; Secure") == NULL || strstr(line, "; HttpOnly") == NULL ||
	    strstr(line, "; SameSite=Strict") == NULL)
		fail_msg("session cookie over HTTPS: %s", line);
	free(line);
	raw_free(&r);
	/* The http Origin is another site for an https page. */
	p[8] = "HTTP_ORIGIN=http://localhost";
	if (fcgi_request(&r, p, body, strlen(body), 1, 0, 10000) != 403 ||
	    strstr(r.text, "jiugai_session=ey") != NULL)
		fail_msg("POST /login from http to https: %d %.600s", r.status, r.text);
	raw_free(&r);
}

/* ------------------------------------------------------------------ */
/* Refused logins.                                                      */
/* ------------------------------------------------------------------ */

static void
t_login_wrong_password(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	const char	*u = web_user("wa-wrong", "housing", NULL, "viewer");
	char		 want[160];

	(void)state;
	webc_open(&s);
	login_post(&s, &r, login_csrf(&s), u, "not-the-password-1", "/tasks", NULL);
	EXPECT(&r, 401);
	snprintf(want, sizeof(want), "name=\"sub\" value=\"%s\"", u);
	if (strstr(r.body, want) == NULL)
		fail_msg("the user name is not kept: %s", r.body);
	if (strstr(r.body, "error-summary") == NULL || strstr(r.body,
	    "not-the-password") != NULL)
		fail_msg("no error, or the password shown again: %s", r.body);
	no_session("wrong password", &s, &r);
	wresp_free(&r);
	assert_string_equal(user_col("failed_logins", u), "1");
	/* An unknown user answers the same page. */
	login_post(&s, &r, login_csrf(&s), "wa-nobody-at-all", "not-the-password-1",
	    NULL, NULL);
	EXPECT(&r, 401);
	no_session("unknown user", &s, &r);
	wresp_free(&r);
	/* Empty fields: 401, not a crash. */
	login_post(&s, &r, login_csrf(&s), "", "", NULL, NULL);
	EXPECT(&r, 401);
	wresp_free(&r);
	/* Control: the right password works and resets the count. */
	login_post(&s, &r, login_csrf(&s), u, WEBC_PASSWORD, NULL, NULL);
	EXPECT(&r, 303);
	wresp_free(&r);
	assert_string_equal(user_col("failed_logins", u), "0");
	webc_close(&s);
}

static void
t_login_lockout(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	const char	*u = web_user("wa-lock", "finance", NULL, "clerk");
	int		 i;

	(void)state;
	webc_open(&s);
	for (i = 0; i < 5; i++) {
		login_post(&s, &r, login_csrf(&s), u, "guess-number-12345", NULL, NULL);
		if (r.status != 401)
			fail_msg("wrong password %d: %ld", i + 1, r.status);
		wresp_free(&r);
	}
	/* Locked: the right password is refused too. */
	login_post(&s, &r, login_csrf(&s), u, WEBC_PASSWORD, NULL, NULL);
	EXPECT(&r, 429);
	if (strstr(r.body, "name=\"sub\"") == NULL || strstr(r.body, "error-summary") == NULL)
		fail_msg("not the login page with the reason: %s", r.body);
	no_session("locked", &s, &r);
	wresp_free(&r);
	if (strcmp(user_col("(locked_until > now())", u), "true") != 0)
		fail_msg("not locked in the database");
	/* `user enable` lifts the lock: then the password works. */
	assert_int_equal(web_user_cli("enable", u), 0);
	assert_int_equal(webc_login(&s, u, WEBC_PASSWORD), 303);
	webc_close(&s);
}

static void
t_login_disabled(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	const char	*u = web_user("wa-off", "police", NULL, "approver");

	(void)state;
	webc_open(&s);
	assert_int_equal(webc_login(&s, u, WEBC_PASSWORD), 303);	/* control */
	webc_close(&s);
	assert_int_equal(web_user_cli("disable", u), 0);
	webc_open(&s);
	login_post(&s, &r, login_csrf(&s), u, WEBC_PASSWORD, NULL, NULL);
	EXPECT(&r, 403);
	if (strstr(r.body, "name=\"sub\"") == NULL || strstr(r.body, "error-summary") == NULL)
		fail_msg("not the login page with the reason: %s", r.body);
	no_session("disabled", &s, &r);
	wresp_free(&r);
	login_post(&s, &r, login_csrf(&s), u, "wrong-password-here", NULL, NULL);
	EXPECT(&r, 403);
	no_session("disabled, wrong password", &s, &r);
	wresp_free(&r);
	webc_close(&s);
}

/* A login post that is not the login form's: 403, and no password was tried. */
static void
t_login_csrf(void **state)
{
	static const char *const evil[] = { "Origin: http://evil.example", NULL };
	static const char *const nul[] = { "Origin: null", NULL };
	static const char *const port[] = { "Origin: http://127.0.0.1:1", NULL };
	static const char *const none[] = { "Origin:", NULL };
	struct webc	 s, o;
	struct wresp	 r;
	const char	*u = web_user("wa-csrf", "housing", NULL, "clerk");
	char		 csrf[WEBC_TOK], other[WEBC_TOK];

	(void)state;
	webc_open(&s);
	webc_open(&o);
	snprintf(csrf, sizeof(csrf), "%s", login_csrf(&s));
	snprintf(other, sizeof(other), "%s", login_csrf(&o));
	assert_string_not_equal(csrf, other);
	/* Another browser's token (the attacker's own login page). */
	login_post(&s, &r, other, u, "wrong-password-here", NULL, NULL);
	EXPECT(&r, 403);
	no_session("another token", &s, &r);
	wresp_free(&r);
	login_post(&s, &r, other, u, WEBC_PASSWORD, NULL, NULL);
	EXPECT(&r, 403);
	no_session("another token, right password", &s, &r);
	wresp_free(&r);
	/* No token; a token changed by one digit. */
	login_post(&s, &r, "", u, WEBC_PASSWORD, NULL, NULL);
	EXPECT(&r, 403);
	no_session("no token", &s, &r);
	wresp_free(&r);
	other[0] = csrf[0] == '0' ? '1' : '0';
	memcpy(other + 1, csrf + 1, strlen(csrf));
	login_post(&s, &r, other, u, WEBC_PASSWORD, NULL, NULL);
	EXPECT(&r, 403);
	no_session("token off by one digit", &s, &r);
	wresp_free(&r);
	/* Without the login cookie the right token means nothing. */
	webc_close(&o);
	webc_open(&o);
	login_post(&o, &r, csrf, u, WEBC_PASSWORD, NULL, NULL);
	EXPECT(&r, 403);
	no_session("no login cookie", &o, &r);
	wresp_free(&r);
	webc_close(&o);
	webc_close(&s);
	webc_open(&s);
	snprintf(csrf, sizeof(csrf), "%s", login_csrf(&s));
	/* From another site, or a sandboxed one. */
	login_post(&s, &r, csrf, u, WEBC_PASSWORD, NULL, evil);
	EXPECT(&r, 403);
	no_session("Origin evil", &s, &r);
	wresp_free(&r);
	login_post(&s, &r, csrf, u, WEBC_PASSWORD, NULL, nul);
	EXPECT(&r, 403);
	no_session("Origin null", &s, &r);
	wresp_free(&r);
	login_post(&s, &r, csrf, u, WEBC_PASSWORD, NULL, port);
	EXPECT(&r, 403);
	no_session("Origin other port", &s, &r);
	wresp_free(&r);
	/* A JSON body is not a form. */
	{
		static const char *const js[] = { "Content-Type: application/json", NULL };

		webc_post_form(&s, &r, "/login", "{\"sub\":\"x\",\"password\":\"y\"}", js);
		if (r.status != 415 && r.status != 403)
			fail_msg("JSON login: %ld", r.status);
		no_session("JSON body", &s, &r);
		wresp_free(&r);
	}
	/* None of these tried the password. */
	assert_string_equal(user_col("failed_logins", u), "0");
	/* Control: no Origin at all (older browsers) - the token decides. */
	login_post(&s, &r, csrf, u, WEBC_PASSWORD, NULL, none);
	EXPECT(&r, 303);
	wresp_free(&r);
	webc_close(&s);
}

/* ------------------------------------------------------------------ */
/* Signed out, logout, bad cookies.                                     */
/* ------------------------------------------------------------------ */

static void
t_signed_out(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	char		 loc[1100], path[96], want[200];
	long long	 fp = db_fingerprint();

	(void)state;
	webc_open(&s);
	to_login("tasks", &s, "/tasks", loc, sizeof(loc));
	assert_string_equal(loc, "/login?next=%2Ftasks");
	snprintf(path, sizeof(path), "%s?tab=items&x=1", cpage);
	to_login("community", &s, path, loc, sizeof(loc));
	snprintf(want, sizeof(want), "/login?next=%%2Fcommunities%%2F%lld%%3Ftab%%3Ditems%%26x%%3D1",
	    cid);
	assert_string_equal(loc, want);
	to_login("list", &s, "/communities", NULL, 0);
	to_login("workflow", &s, "/workflow", NULL, 0);
	to_login("signoffs", &s, "/signoffs", NULL, 0);
	/* A form posted without a session: to the login, nothing done. */
	snprintf(path, sizeof(path), "%s/act", cpage);
	snprintf(want, sizeof(want), "csrf=x&nonce=%s&back=%s&action=survey"
	    "&expected_version=1", webc_nonce(), webc_enc(cpage));
	webc_post_form(&s, &r, path, want, NULL);
	if (r.status != 303 || strncmp(r.location, "/login?next=", 12) != 0)
		fail_msg("form without a session: %ld %s", r.status, r.location);
	wresp_free(&r);
	/* The API is not the web: 401 JSON, never a redirect. */
	webc_get(&s, &r, "/api/v1/me");
	EXPECT(&r, 401);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	webc_close(&s);
}

static void
t_logout(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	const char	*c;
	char		 old[4096], csrf[WEBC_TOK], nonce[WEBC_TOK], body[256];
	char		 loc[1100];
	long long	 revoked;

	(void)state;
	webc_open(&s);
	assert_int_equal(webc_login(&s, clerk, WEBC_PASSWORD), 303);
	snprintf(old, sizeof(old), "%s", webc_cookie(&s, "jiugai_session"));
	webc_get(&s, &r, cpage);
	EXPECT(&r, 200);
	if (webc_form_tokens(r.body, "/logout", csrf, nonce) == -1)
		fail_msg("no sign-out form: %s", r.body);
	wresp_free(&r);
	revoked = db_count("SELECT count(*) FROM session_revoked");
	/* Logout needs the form's token: no signing out from another site. */
	webc_post_form(&s, &r, "/logout", "csrf=0000", NULL);
	EXPECT(&r, 403);
	wresp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s", csrf);
	{
		static const char *const evil[] = { "Origin: http://evil.example", NULL };

		webc_post_form(&s, &r, "/logout", body, evil);
		EXPECT(&r, 403);
		wresp_free(&r);
	}
	assert_int_equal(db_count("SELECT count(*) FROM session_revoked"), revoked);
	signed_in("refused logouts", &s, cpage, clerk);
	/* The real thing. */
	webc_post_form(&s, &r, "/logout", body, NULL);
	EXPECT(&r, 303);
	assert_string_equal(r.location, "/login?out=1");
	if ((c = wresp_set_cookie(&r, "jiugai_session")) == NULL ||
	    strncmp(c, "jiugai_session=;", 16) != 0 || strstr(c, "Max-Age=0") == NULL ||
	    strstr(c, "Path=/;") == NULL)
		fail_msg("cookie not cleared: %s", r.headers);
	wresp_free(&r);
	assert_null(webc_cookie(&s, "jiugai_session"));
	assert_int_equal(db_count("SELECT count(*) FROM session_revoked"),
	    revoked + 1);
	/* The login page says so. */
	webc_get(&s, &r, "/login?out=1");
	if (r.status != 200 || strstr(r.body, "class=\"notice\"") == NULL)
		fail_msg("signed-out notice: %s", r.body);
	wresp_free(&r);
	to_login("after logout", &s, cpage, loc, sizeof(loc));
	if (strstr(loc, "expired=1") != NULL)
		fail_msg("no cookie, yet expired: %s", loc);
	/* Someone kept the old cookie: refused, cleared, marked expired. */
	webc_set_cookie(&s, "jiugai_session", old);
	webc_get(&s, &r, cpage);
	if (r.status != 303 || strncmp(r.location, "/login?next=", 12) != 0 ||
	    strstr(r.location, "&expired=1") == NULL)
		fail_msg("old cookie: %ld %s %s", r.status, r.location, r.body);
	if ((c = wresp_set_cookie(&r, "jiugai_session")) == NULL ||
	    strstr(c, "Max-Age=0") == NULL)
		fail_msg("old cookie not cleared: %s", r.headers);
	if (strstr(r.body, clerk) != NULL)
		fail_msg("the page of a signed-out session: %s", r.body);
	wresp_free(&r);
	/* ... and cannot post a form with its old token either. */
	webc_set_cookie(&s, "jiugai_session", old);
	snprintf(body, sizeof(body), "csrf=%s&nonce=%s&action=survey"
	    "&expected_version=%d", csrf, webc_nonce(), version_of(cid));
	{
		long long	 fp = db_fingerprint();
		char		 act[96];

		snprintf(act, sizeof(act), "%s/act", cpage);
		webc_post_form(&s, &r, act, body, NULL);
		if (r.status != 303 || strncmp(r.location, "/login?next=", 12) != 0)
			fail_msg("old cookie, form: %ld %s", r.status, r.location);
		wresp_free(&r);
		assert_int_equal(db_fingerprint(), fp);
	}
	/* The login page shows the expiry notice. */
	webc_get(&s, &r, "/login?next=%2Ftasks&expired=1");
	if (r.status != 200 || strstr(r.body, "class=\"notice\"") == NULL)
		fail_msg("expired notice: %s", r.body);
	wresp_free(&r);
	webc_close(&s);
}

/*
 * A session token made by hand: sub as a lanshan street clerk with roles
 * (JSON array text), jti (NULL: none), valid from iat to exp, signed with
 * key.  malloc'd.
 */
static char *
forge(const char *sub, const char *rolearr, const char *jti, long long iat,
    long long exp, EVP_PKEY *key)
{
	char	 c[1024], j[96];

	j[0] = '\0';
	if (jti != NULL)
		snprintf(j, sizeof(j), ",\"jti\":\"%s\"", jti);
	snprintf(c, sizeof(c), "{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"%s\","
	    "\"name\":\"伪造\",\"dept\":\"street\",\"org\":\"lanshan\","
	    "\"roles\":%s%s,\"iat\":%lld,\"nbf\":%lld,\"exp\":%lld}",
	    conf_get(CONF_ISSUER), conf_get(CONF_AUDIENCE), sub, rolearr, j, iat,
	    iat, exp);
	return craft_forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", c, key);
}

/* Cookies the server did not give (or no longer honours): to the login. */
static void
t_bad_cookies(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	char		*forged[8], jti[33];
	long long	 now = (long long)time(NULL);
	const char	*garbage[] = { "x", "abc.def.ghi", "\"quoted\"", "%00", "...",
	    "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." };
	size_t		 i;
	int		 n = 0;

	(void)state;
	/* A fresh jti each run: the control must never be a signed-out one. */
	snprintf(jti, sizeof(jti), "%s", webc_nonce());
	/* Expired an hour ago, signed with our key. */
	forged[n++] = forge(clerk, "[\"clerk\"]", jti, now - 7200, now - 3600,
	    craft_our_key());
	/* Valid, but signed with a key the stack never saw. */
	forged[n++] = forge(clerk, "[\"clerk\"]", jti, now, now + 600,
	    craft_other_key());
	/* Our key, valid, but no jti: a session is one that can be signed out. */
	forged[n++] = forge(clerk, "[\"clerk\"]", NULL, now, now + 600,
	    craft_our_key());
	/* Our key, for nobody: no such user. */
	forged[n++] = forge("wa-forged-nobody", "[\"clerk\"]", jti, now,
	    now + 600, craft_our_key());
	/* Our key, the user, but more roles than the user has. */
	forged[n++] = forge(clerk, "[\"clerk\",\"approver\"]", jti, now,
	    now + 600, craft_our_key());
	for (i = 0; i < (size_t)n + NELEM(garbage); i++) {
		const char *v = i < (size_t)n ? forged[i] : garbage[i - n];

		webc_open(&s);
		webc_set_cookie(&s, "jiugai_session", v);
		webc_get(&s, &r, cpage);
		if (r.status != 303 || strncmp(r.location, "/login?next=", 12) != 0)
			fail_msg("[cookie %zu] want 303 to login, got %ld %s", i,
			    r.status, r.location);
		if (i < (size_t)n && strstr(r.location, "expired=1") == NULL)
			fail_msg("[cookie %zu] not marked expired: %s", i, r.location);
		if (strstr(r.body, "伪造") != NULL)
			fail_msg("[cookie %zu] shown as signed in: %s", i, r.body);
		wresp_free(&r);
		webc_close(&s);
	}
	/* Control: the user's own claims, our key, now: accepted. */
	forged[n] = forge(clerk, "[\"clerk\"]", jti, now, now + 600,
	    craft_our_key());
	webc_open(&s);
	webc_set_cookie(&s, "jiugai_session", forged[n]);
	webc_get(&s, &r, cpage);
	if (r.status != 200 || strstr(r.body, "伪造") == NULL)
		fail_msg("control cookie: %ld %s", r.status, r.body);
	wresp_free(&r);
	webc_close(&s);
	for (i = 0; i <= (size_t)n; i++)
		free(forged[i]);
}

/*
 * A session ends when its user is disabled or gets a new password: the
 * cookie is refused at the next request.
 */
static void
t_session_revoked_by_user(void **state)
{
	struct webc	 a, b;
	struct wresp	 r;
	const char	*u1 = web_user("wa-gone", "street", "lanshan", "clerk");
	const char	*u2 = web_user("wa-newpw", "street", "lanshan", "clerk");
	char		 cmd[512];
	time_t		 t0;

	(void)state;
	webc_open(&a);
	webc_open(&b);
	assert_int_equal(webc_login(&a, u1, WEBC_PASSWORD), 303);
	assert_int_equal(webc_login(&b, u2, WEBC_PASSWORD), 303);
	t0 = time(NULL);
	signed_in("before disable", &a, cpage, u1);
	assert_int_equal(web_user_cli("disable", u1), 0);
	webc_get(&a, &r, cpage);
	if (r.status != 303 || strstr(r.location, "expired=1") == NULL)
		fail_msg("disabled user's session: %ld %s", r.status, r.location);
	wresp_free(&r);
	/* A new password: the sessions that began before it end. */
	signed_in("before passwd", &b, cpage, u2);
	while (time(NULL) < t0 + 2)	/* the check allows a second of skew */
		usleep(100000);
	snprintf(cmd, sizeof(cmd), "echo 'another-password-2016' | '%s' user passwd"
	    " --sub '%s' >/dev/null", getenv("JIUGAI_BIN") != NULL ?
	    getenv("JIUGAI_BIN") : "build/jiugai", u2);
	assert_int_equal(system(cmd), 0);
	webc_get(&b, &r, cpage);
	if (r.status != 303 || strstr(r.location, "expired=1") == NULL)
		fail_msg("session after a new password: %ld %s", r.status, r.location);
	wresp_free(&r);
	webc_close(&b);
	webc_open(&b);
	assert_int_equal(webc_login(&b, u2, "another-password-2016"), 303);
	signed_in("new password", &b, cpage, u2);
	webc_close(&b);
	webc_close(&a);
}

/* GET /logout is a 405: a link or an image cannot sign anyone out. */
static void
t_get_logout(void **state)
{
	struct webc	 s;
	struct wresp	 r;
	char		 allow[64];
	long long	 revoked = db_count("SELECT count(*) FROM session_revoked");

	(void)state;
	webc_open(&s);
	assert_int_equal(webc_login(&s, clerk, WEBC_PASSWORD), 303);
	webc_get(&s, &r, "/logout");
	EXPECT(&r, 405);
	if (strncmp(r.ctype, "text/html", 9) != 0 || strstr(r.body, "<h1>") == NULL)
		fail_msg("405 is not a page: %s %s", r.ctype, r.body);
	wresp_header(&r, "Allow", allow, sizeof(allow));
	if (strstr(allow, "POST") == NULL)
		fail_msg("Allow: %s", allow);
	if (wresp_set_cookie(&r, "jiugai_session") != NULL)
		fail_msg("GET /logout touched the cookie: %s", r.headers);
	wresp_free(&r);
	webc_get(&s, &r, "/logout?csrf=x");
	EXPECT(&r, 405);
	wresp_free(&r);
	assert_int_equal(db_count("SELECT count(*) FROM session_revoked"), revoked);
	signed_in("after GET /logout", &s, cpage, clerk);
	webc_close(&s);
}

/* GET and HEAD of every web route change nothing, signed in or not. */
static void
t_safe_methods(void **state)
{
	static const char *const paths[] = {
		"/", "/login", "/login?next=%2Ftasks&expired=1", "/logout", "/tasks",
		"/communities", "/communities/new", "/workflow", "/signoffs",
		"/login?lang=en", "/nonexistent",
	};
	static const char *const sub[] = {
		"", "/act", "/decide", "/edit", "/survey", "/plan", "/funding",
		"/works",
	};
	struct webc	 s, anon;
	struct wresp	 r;
	char		*before, path[128];
	long long	 fp;
	size_t		 i, k;

	(void)state;
	webc_open(&s);
	webc_open(&anon);
	assert_int_equal(webc_login(&s, clerk, WEBC_PASSWORD), 303);
	fp = db_fingerprint();
	before = auth_state();
	for (k = 0; k < 2; k++) {
		const char	*m = k == 0 ? "GET" : "HEAD";

		for (i = 0; i < NELEM(paths) + NELEM(sub); i++) {
			if (i < NELEM(paths))
				snprintf(path, sizeof(path), "%s", paths[i]);
			else
				snprintf(path, sizeof(path), "%s%s", cpage,
				    sub[i - NELEM(paths)]);
			webc_req(&s, &r, m, path, NULL, NULL);
			if (r.status == 0 || r.status >= 500)
				fail_msg("%s %s: %ld", m, path, r.status);
			wresp_free(&r);
			webc_req(&anon, &r, m, path, NULL, NULL);
			if (r.status == 0 || r.status >= 500)
				fail_msg("%s %s signed out: %ld", m, path, r.status);
			wresp_free(&r);
		}
	}
	assert_int_equal(db_fingerprint(), fp);
	{
		char	*after = auth_state();

		if (strcmp(before, after) != 0)
			fail_msg("GET/HEAD changed users or sessions");
		free(after);
	}
	free(before);
	/* A GET of a form's action never acts. */
	snprintf(path, sizeof(path), "%s/act?action=survey&expected_version=%d&csrf=x",
	    cpage, version_of(cid));
	webc_get(&s, &r, path);
	if (r.status != 405 && r.status != 404)
		fail_msg("GET of /act: %ld", r.status);
	wresp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	signed_in("after GET/HEAD", &s, cpage, clerk);
	webc_close(&anon);
	webc_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_login_page),
		cmocka_unit_test(t_login_good),
		cmocka_unit_test(t_login_next),
		cmocka_unit_test(t_https_secure),
		cmocka_unit_test(t_login_wrong_password),
		cmocka_unit_test(t_login_lockout),
		cmocka_unit_test(t_login_disabled),
		cmocka_unit_test(t_login_csrf),
		cmocka_unit_test(t_signed_out),
		cmocka_unit_test(t_logout),
		cmocka_unit_test(t_bad_cookies),
		cmocka_unit_test(t_session_revoked_by_user),
		cmocka_unit_test(t_get_logout),
		cmocka_unit_test(t_safe_methods),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
