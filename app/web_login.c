/*
 * web_login.c - signing in and out, and the start page.
 *
 * The login form is protected like every other form: its CSRF token is
 * bound to a random value in the WEB_LOGIN cookie (there is no session
 * yet), and its Origin must be this site.  The password is checked by
 * user_check_password() (argon2id, the lock-out counter); nginx limits
 * how fast one address may post it (nginx/jiugai.conf.in).  Signing out
 * records the session's jti, so the cookie's token is refused from then
 * on even if someone kept a copy.
 */
#include <openssl/rand.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "conf.h"
#include "cookie.h"
#include "html.h"
#include "log.h"
#include "route.h"
#include "urlenc.h"
#include "user.h"
#include "web.h"

/* A local path to go to after signing in, or "/tasks". */
static const char *
next_path(struct req *r, const char *v)
{
	const char	*p;

	if (v == NULL || v[0] != '/' || v[1] == '/' || v[1] == '\\' ||
	    strlen(v) > 1000 || strncmp(v, "/login", 6) == 0)
		return "/tasks";
	for (p = v; *p != '\0'; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e ||
		    *p == '\\')
			return "/tasks";
	return arena_strdup(r->a, v);
}

/* Set a new login cookie and give the form's CSRF token for it. */
static const char *
login_token(struct req *r)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 raw[16];
	char			 v[33];
	size_t			 i;

	if (cookie_get(r->cookie, WEB_LOGIN, v, sizeof(v)) != 1 ||
	    strlen(v) != 32 || strspn(v, hex) != 32) {
		if (RAND_bytes(raw, sizeof(raw)) != 1)
			abort();
		for (i = 0; i < sizeof(raw); i++) {
			v[2 * i] = hex[raw[i] >> 4];
			v[2 * i + 1] = hex[raw[i] & 0xf];
		}
		v[32] = '\0';
		web_cookie(r, WEB_LOGIN, v, "/login", 3600, 1, "Strict");
	}
	return web_mac(r, "login", v);
}

static enum jg_err
login_form(struct req *r, int status, enum msg notice, int is_error)
{
	struct buf	 b;
	char		 next[1024], exp[8];
	const char	*csrf, *sub;

	if (r->method == METHOD_POST) {
		const char *n = web_field(r, "next");

		snprintf(next, sizeof(next), "%s", next_path(r, n));
	} else {
		if (query_get(r->query, "next", next, sizeof(next)) != 1)
			snprintf(next, sizeof(next), "/tasks");
		snprintf(next, sizeof(next), "%s", next_path(r, next));
	}
	csrf = login_token(r);
	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, MSG_LOGIN_TITLE), NULL);
	html_open(&b, "div", "class", "narrow");
	html_elem(&b, "h1", web_t(r, MSG_LOGIN_TITLE));
	if (r->method != METHOD_POST &&
	    query_get(r->query, "expired", exp, sizeof(exp)) == 1)
		notice = MSG_LOGIN_EXPIRED;
	if (r->method != METHOD_POST &&
	    query_get(r->query, "out", exp, sizeof(exp)) == 1)
		notice = MSG_LOGIN_SIGNED_OUT;
	if (notice != MSG__MAX && is_error) {
		html_open(&b, "div", "class", "error-summary", "role", "alert",
		    "tabindex", "-1", "id", "error-summary");
		html_elem(&b, "h2", web_t(r, MSG_ERROR_SUMMARY));
		html_open(&b, "ul");
		html_open(&b, "li");
		html_elem(&b, "a", web_t(r, notice), "href", "#password");
		html_close(&b, "li");
		html_close(&b, "ul");
		html_close(&b, "div");
	} else if (notice != MSG__MAX)
		html_elem(&b, "p", web_t(r, notice), "class", "notice",
		    "role", "status");
	html_elem(&b, "p", web_t(r, MSG_LOGIN_LEAD));
	html_form_post(&b, "/login", csrf);
	html_open(&b, "input", "type", "hidden", "name", "next", "value", next);
	sub = r->method == METHOD_POST ? web_field(r, "sub") : NULL;
	html_open(&b, "div", "class", "field");
	html_elem(&b, "label", web_t(r, MSG_USERNAME), "for", "sub");
	html_open(&b, "input", "type", "text", "id", "sub", "name", "sub",
	    "value", sub != NULL ? sub : "", "autocomplete", "username",
	    "autocapitalize", "none", "spellcheck", "false", "required",
	    (const char *)NULL);
	html_close(&b, "div");
	html_open(&b, "div", "class", is_error ? "field field-error" : "field");
	html_elem(&b, "label", web_t(r, MSG_PASSWORD), "for", "password");
	html_open(&b, "input", "type", "password", "id", "password",
	    "name", "password", "autocomplete", "current-password",
	    "required", (const char *)NULL);
	html_close(&b, "div");
	html_elem(&b, "button", web_t(r, MSG_SIGN_IN), "type", "submit");
	html_form_end(&b);
	html_close(&b, "div");
	web_page_end(r, &b);
	web_answer(r, &b, status);
	return JG_OK;
}

enum jg_err
web_login_page(struct req *r)
{
	return login_form(r, 200, MSG__MAX, 0);
}

enum jg_err
web_login_post(struct req *r)
{
	struct claims	 c;
	const char	*sub = web_field(r, "sub"), *pw = web_field(r, "password");
	char		*tok;
	long		 ttl;
	enum user_auth	 a;

	if (sub == NULL || pw == NULL || sub[0] == '\0' || strlen(sub) > 63 ||
	    strlen(pw) > USER_PW_MAX)
		return login_form(r, 401, MSG_LOGIN_BAD, 1);
	memset(&c, 0, sizeof(c));
	a = user_check_password(r->a, sub, pw, &c);
	switch (a) {
	case USER_AUTH_OK:
		break;
	case USER_AUTH_LOCKED:
		log_info("login %s: locked", sub);
		return login_form(r, 429, MSG_LOGIN_LOCKED, 1);
	case USER_AUTH_DISABLED:
		log_info("login %s: disabled", sub);
		return login_form(r, 403, MSG_LOGIN_DISABLED, 1);
	case USER_AUTH_ERROR:
		return login_form(r, 503, MSG_LOGIN_UNAVAILABLE, 1);
	default:
		log_info("login %s: refused", sub);
		return login_form(r, 401, MSG_LOGIN_BAD, 1);
	}
	ttl = conf_long(CONF_TOKEN_TTL, 28800);
	if (ttl <= 0 || ttl > route_keys.max_ttl)
		ttl = route_keys.max_ttl;
	if ((tok = auth_mint(&route_keys, &c, r->now, ttl)) == NULL) {
		log_err("login %s: cannot sign a session", sub);
		return login_form(r, 503, MSG_LOGIN_UNAVAILABLE, 1);
	}
	web_cookie(r, WEB_SESSION, tok, "/", ttl, 1, "Strict");
	free(tok);
	web_cookie(r, WEB_LOGIN, "", "/login", 0, 1, "Strict");
	log_info("login %s: ok", sub);
	return web_redirect(r, next_path(r, web_field(r, "next")));
}

enum jg_err
web_logout(struct req *r)
{
	const char	*p[2] = { r->claims.jti, api_num(r, r->claims.exp) };
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_SESSION_REVOKE, p, NULL)) != JG_OK)
		return e;
	web_cookie(r, WEB_SESSION, "", "/", 0, 1, "Strict");
	log_info("logout %s", r->claims.sub);
	return web_redirect(r, "/login?out=1");
}

enum jg_err
web_home(struct req *r)
{
	if (web_auth(r) == JG_OK && web_session_live(r) == JG_OK)
		return web_redirect(r, "/tasks");
	r->err_msg = NULL;
	r->authed = 0;
	return web_redirect(r, "/login");
}
