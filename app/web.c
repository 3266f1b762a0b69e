/*
 * web.c - what every web page shares: language, the session cookie, the
 * CSRF token and form nonce, the page frame, labelled fields, error
 * pages, and the bridge from forms to the API handlers.  See web.h.
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "conf.h"
#include "cookie.h"
#include "html.h"
#include "log.h"
#include "route.h"
#include "urlenc.h"
#include "web.h"

/* ---- Small helpers -------------------------------------------------- */

static void
json_put(void *p)
{
	json_object_put(p);
}

const char *
web_t(const struct req *r, enum msg m)
{
	return msg((enum lang)r->lang, m);
}

/* Put a Set-Cookie header in the first free slot. */
void
web_cookie(struct req *r, const char *name, const char *value, const char *path,
    long maxage, int httponly, const char *samesite)
{
	size_t	 i;

	for (i = 0; i < sizeof(r->set_cookie) / sizeof(r->set_cookie[0]); i++)
		if (r->set_cookie[i] == NULL) {
			r->set_cookie[i] = arena_printf(r->a,
			    "%s=%s; Path=%s; Max-Age=%ld%s; SameSite=%s%s",
			    name, value, path, maxage,
			    httponly ? "; HttpOnly" : "", samesite,
			    r->https ? "; Secure" : "");
			return;
		}
	log_warn("no room for the cookie %s", name);
}

/* 2n hex digits of fresh randomness, on the arena. */
static const char *
random_hex(struct req *r, size_t n)
{
	unsigned char	 raw[32];
	char		*hex;
	size_t		 i;

	if (n > sizeof(raw))
		n = sizeof(raw);
	if (RAND_bytes(raw, (int)n) != 1)
		abort();
	hex = arena_alloc(r->a, n * 2 + 1);
	for (i = 0; i < n; i++)
		snprintf(hex + i * 2, 3, "%02x", raw[i]);
	return hex;
}

/*
 * HMAC-SHA256 of purpose "\n" value under a key derived from the
 * signing key (never sent anywhere), as hex; NULL without a private key.
 */
const char *
web_mac(struct req *r, const char *purpose, const char *value)
{
	static unsigned char	 key[32];
	static int		 have;
	unsigned char		 md[EVP_MAX_MD_SIZE];
	unsigned int		 mdlen = 0, i;
	char			*hex, *msgtxt;

	if (!have) {
		EVP_MD_CTX *ctx;

		if (route_keys.priv == NULL)
			return NULL;
		if ((ctx = EVP_MD_CTX_new()) == NULL)
			abort();
		EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
		EVP_DigestUpdate(ctx, "jiugai web mac v1\n", 18);
		EVP_DigestUpdate(ctx, route_keys.priv, route_keys.privlen);
		EVP_DigestFinal_ex(ctx, key, &mdlen);
		EVP_MD_CTX_free(ctx);
		have = 1;
	}
	msgtxt = arena_printf(r->a, "%s\n%s", purpose, value);
	if (HMAC(EVP_sha256(), key, sizeof(key), (unsigned char *)msgtxt,
	    strlen(msgtxt), md, &mdlen) == NULL)
		abort();
	hex = arena_alloc(r->a, mdlen * 2 + 1);
	for (i = 0; i < mdlen; i++)
		snprintf(hex + i * 2, 3, "%02x", md[i]);
	return hex;
}

/* Constant-time comparison of two NUL-terminated strings. */
static int
same_secret(const char *a, const char *b)
{
	size_t	 n;

	if (a == NULL || b == NULL || (n = strlen(a)) != strlen(b) || n == 0)
		return 0;
	return CRYPTO_memcmp(a, b, n) == 0;
}

/* A path of this site that is safe to redirect to ("/..."), or NULL. */
static const char *
local_path(const char *s)
{
	const char	*p;

	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return NULL;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e ||
		    *p == '\\')
			return NULL;
	return strlen(s) < 1024 ? s : NULL;
}

/* The current path and query, without any lang= pair. */
static const char *
here(struct req *r, int keep_query)
{
	struct buf	 b;
	const char	*q = r->query, *amp;
	size_t		 n;

	if (!keep_query || q == NULL || *q == '\0')
		return r->path;
	buf_init(&b, r->a);
	buf_puts(&b, r->path);
	while (*q != '\0') {
		amp = strchr(q, '&');
		n = amp != NULL ? (size_t)(amp - q) : strlen(q);
		if (!(n >= 5 && strncmp(q, "lang=", 5) == 0) && n > 0) {
			buf_putc(&b, b.len == strlen(r->path) ? '?' : '&');
			buf_add(&b, q, n);
		}
		q += n;
		if (*q == '&')
			q++;
	}
	return b.p;
}

/* ---- Language and session ------------------------------------------ */

void
web_lang(struct req *r)
{
	char	 v[16];

	if (query_get(r->query, "lang", v, sizeof(v)) == 1 && v[0] != '\0') {
		r->lang = lang_pick(v, NULL);
		web_cookie(r, WEB_LANG, lang_code((enum lang)r->lang), "/",
		    31536000L, 0, "Lax");
		return;
	}
	if (cookie_get(r->cookie, WEB_LANG, v, sizeof(v)) == 1) {
		r->lang = strcmp(v, "en") == 0 ? LANG_EN : LANG_ZH;
		return;
	}
	r->lang = lang_pick(NULL, r->accept_lang);
}

enum jg_err
web_auth(struct req *r)
{
	char		*tok;
	enum auth_err	 ae;
	int		 c;

	tok = arena_alloc(r->a, AUTH_TOKEN_MAX + 1);
	c = cookie_get(r->cookie, WEB_SESSION, tok, AUTH_TOKEN_MAX + 1);
	if (c != 1 || tok[0] == '\0') {
		r->session_expired = c == -1;
		return req_fail(r, JG_UNAUTHORIZED, "sign in first");
	}
	ae = auth_verify(&route_keys, tok, strlen(tok), r->now, &r->claims);
	if (ae != AUTH_OK || r->claims.jti[0] == '\0') {
		r->session_expired = 1;
		return req_fail(r, JG_UNAUTHORIZED, auth_err_str(ae));
	}
	r->authed = 1;
	r->actor.sub = r->claims.sub;
	r->actor.dept = r->claims.dept_id;
	r->actor.county = r->claims.county_id;
	r->actor.roles = r->claims.roles;
	r->csrf = web_mac(r, "session", r->claims.jti);
	return JG_OK;
}

enum jg_err
web_session_live(struct req *r)
{
	const char	*p[6];
	PGresult	*res;
	enum jg_err	 e;
	struct buf	 rl;
	int		 i;

	buf_init(&rl, r->a);
	buf_putc(&rl, '{');
	for (i = 0; i < ROLE__MAX; i++)
		if (r->claims.roles & ROLE_BIT(i))
			buf_printf(&rl, "%s%s", rl.len > 1 ? "," : "", roles[i]);
	buf_putc(&rl, '}');
	p[0] = r->claims.jti;
	p[1] = r->claims.sub;
	p[2] = api_num(r, r->claims.iat);
	p[3] = r->claims.dept;
	p[4] = r->claims.org[0] != '\0' ? r->claims.org : NULL;
	p[5] = rl.p;
	if ((e = db_exec(r->a, STMT_SESSION_REVOKED, p, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 0) {
		r->authed = 0;
		r->session_expired = 1;
		return req_fail(r, JG_UNAUTHORIZED, "signed out");
	}
	return JG_OK;
}

/* "application/x-www-form-urlencoded", optionally with a charset. */
static int
ctype_form(const char *ct)
{
	static const char	 f[] = "application/x-www-form-urlencoded";
	const char		*p;

	if (strncasecmp(ct, f, sizeof(f) - 1) != 0)
		return 0;
	p = ct + sizeof(f) - 1;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return 1;
	if (*p++ != ';')
		return 0;
	while (*p == ' ')
		p++;
	return strcasecmp(p, "charset=utf-8") == 0;
}

/* Whether the Origin header, when there is one, names this site. */
static int
origin_ok(struct req *r)
{
	if (r->origin == NULL)
		return 1;	/* not sent: the CSRF token decides alone */
	return r->host != NULL && strcasecmp(r->host, r->origin) == 0;
}

enum jg_err
web_form_check(struct req *r, int txn)
{
	const char	*sent, *want, *nonce, *back;
	char		 v[80];

	if (r->method != METHOD_POST)
		return JG_OK;
	if (r->bodylen > 0 && !ctype_form(r->ctype))
		return req_fail(r, JG_MEDIA_TYPE,
		    "the body must be application/x-www-form-urlencoded");
	r->form = r->body;
	if ((back = local_path(web_field(r, "back"))) != NULL)
		r->back = back;
	if (!origin_ok(r))
		return req_fail(r, JG_FORBIDDEN, "csrf: the form came from another site");
	sent = web_field(r, HTML_CSRF_FIELD);
	if (r->authed)
		want = r->csrf;
	else if (cookie_get(r->cookie, WEB_LOGIN, v, sizeof(v)) == 1)
		want = web_mac(r, "login", v);
	else
		want = NULL;
	if (!same_secret(sent, want))
		return req_fail(r, JG_FORBIDDEN, "csrf: the form's token is missing or wrong");
	if (!txn)
		return JG_OK;
	nonce = web_field(r, WEB_NONCE_FIELD);
	if (nonce == NULL || strlen(nonce) != 32 ||
	    strspn(nonce, "0123456789abcdef") != 32)
		return req_fail(r, JG_FORBIDDEN, "csrf: the form's nonce is missing");
	r->idem_key = arena_printf(r->a, "form:%s", nonce);
	return JG_OK;
}

/* ---- Forms ---------------------------------------------------------- */

const char *
web_field(struct req *r, const char *name)
{
	char	*out;
	size_t	 sz;

	if (r->form == NULL)
		return NULL;
	sz = strlen(r->form) + 1;
	out = arena_alloc(r->a, sz);
	if (query_get(r->form, name, out, sz) != 1)
		return NULL;
	return out;
}

const char *
web_val(struct req *r, const char *name, const char *dflt)
{
	const char	*v;

	if (r->err_msg == NULL && r->err_details == NULL)
		return dflt;
	v = web_field(r, name);
	return v != NULL ? v : dflt;
}

/* Looks like a JSON number of the kind (integer, or up to 2 decimals). */
static int
numeric(const char *s, int decimals)
{
	const char	*p = s;
	size_t		 n;

	if (*p == '-')
		p++;
	n = strspn(p, "0123456789");
	if (n == 0 || n > 15 || (p[0] == '0' && n > 1))
		return 0;
	p += n;
	if (decimals && *p == '.') {
		p++;
		n = strspn(p, "0123456789");
		if (n == 0 || n > 2)
			return 0;
		p += n;
	}
	return *p == '\0';
}

const char *
web_form_json(struct req *r, const struct jin_field *fields, size_t n,
    const char *prefix, const char *extra)
{
	struct buf	 b, t;
	const char	*v, *p;
	size_t		 i;

	buf_init(&b, r->a);
	buf_putc(&b, '{');
	for (i = 0; i < n; i++) {
		v = web_field(r, prefix != NULL ?
		    arena_printf(r->a, "%s%s", prefix, fields[i].name) :
		    fields[i].name);
		if (v == NULL)
			continue;
		/* Numbers, dates and codes: blanks around them mean nothing. */
		if (fields[i].type != JT_TEXT && fields[i].type != JT_STRING) {
			while (*v == ' ' || *v == '\t')
				v++;
			t.p = arena_strdup(r->a, v);
			for (p = t.p + strlen(t.p); p > t.p &&
			    (p[-1] == ' ' || p[-1] == '\t'); p--)
				continue;
			((char *)t.p)[p - t.p] = '\0';
			v = t.p;
		}
		if (*v == '\0' && !(fields[i].flags & JF_NULLABLE))
			continue;
		if (b.len > 1)
			buf_putc(&b, ',');
		buf_json_str(&b, fields[i].name);
		buf_putc(&b, ':');
		if (*v == '\0') {
			buf_puts(&b, "null");
			continue;
		}
		switch (fields[i].type) {
		case JT_INT:
			if (numeric(v, 0)) {
				buf_puts(&b, v);
				continue;
			}
			break;
		case JT_MONEY:
			if (numeric(v, 1)) {
				buf_puts(&b, v);
				continue;
			}
			break;
		case JT_BOOL:
			if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
				buf_puts(&b, v);
				continue;
			}
			break;
		case JT_TEXT:
			/* A textarea sends CR LF; the API keeps LF. */
			buf_init(&t, r->a);
			for (p = v; *p != '\0'; p++)
				if (!(p[0] == '\r' && p[1] == '\n'))
					buf_putc(&t, *p);
			v = t.p != NULL ? t.p : "";
			break;
		default:
			break;
		}
		buf_json_str(&b, v);
	}
	if (extra != NULL && *extra != '\0') {
		if (b.len > 1)
			buf_putc(&b, ',');
		buf_puts(&b, extra);
	}
	buf_putc(&b, '}');
	return b.p;
}

void
web_form_open(struct req *r, struct buf *b, const char *action)
{
	html_form_post(b, action, r->csrf);
	html_open(b, "input", "type", "hidden", "name", WEB_NONCE_FIELD,
	    "value", random_hex(r, 16));
	html_open(b, "input", "type", "hidden", "name", "back",
	    "value", r->back != NULL ? r->back : here(r, 1));
	buf_putc(b, '\n');
}

enum jg_err
web_redirect(struct req *r, const char *location)
{
	r->status = 303;
	r->out_ctype = "text/plain; charset=utf-8";
	buf_init(&r->out, r->a);
	buf_puts(&r->out, location);
	return JG_OK;
}

void
web_see_other(struct req *r)
{
	const char	*to = local_path(r->out.p);
	struct buf	 b;

	r->location = to != NULL ? to : "/";
	r->status = 303;
	buf_init(&b, r->a);
	html_page_begin(&b, (enum lang)r->lang, NULL);
	html_page_main(&b);
	html_open(&b, "p");
	html_elem(&b, "a", web_t(r, MSG_CONTINUE), "href", r->location);
	html_close(&b, "p");
	html_page_end(&b, (enum lang)r->lang);
	r->out = b;
	r->out_ctype = "text/html; charset=utf-8";
	r->etag = NULL;
}

/* ---- Fields --------------------------------------------------------- */

/* A field's name and id on the page: r->field_prefix, then name. */
static const char *
field_id(struct req *r, const char *name)
{
	return r->field_prefix != NULL ?
	    arena_printf(r->a, "%s%s", r->field_prefix, name) : name;
}

const char *
web_error_field(struct req *r)
{
	struct json_object	*d, *f;

	if (r->err_details == NULL ||
	    (d = json_tokener_parse(r->err_details)) == NULL)
		return NULL;
	arena_cleanup(r->a, json_put, d);
	if (!json_object_object_get_ex(d, "field", &f))
		return NULL;
	return json_object_get_string(f);
}

/* The message for the field in error, in the page's language. */
static const char *
field_message(struct req *r)
{
	const char	*m = r->err_msg != NULL ? r->err_msg : "";

	if (strstr(m, "missing") != NULL || strstr(m, "required") != NULL)
		return web_t(r, MSG_FIELD_REQUIRED);
	if (strstr(m, "invalid") != NULL || strstr(m, "type") != NULL ||
	    strstr(m, "range") != NULL)
		return web_t(r, MSG_FIELD_INVALID);
	return web_t(r, MSG_FIELD_CHECK);
}

int
web_field_error(struct req *r, struct buf *b, const char *name)
{
	const char	*f = web_error_field(r);

	if (f == NULL || strcmp(f, name) != 0)
		return 0;
	html_open(b, "p", "class", "error-message", "id",
	    arena_printf(r->a, "%s-error", field_id(r, name)));
	html_elem(b, "span", r->lang == LANG_EN ? "Error: " : "错误：",
	    "class", "visually-hidden");
	html_text(b, field_message(r));
	html_close(b, "p");
	return 1;
}

void
web_error_summary(struct req *r, struct buf *b)
{
	struct json_object	*d, *gs, *g;
	const char		*f, *name;
	size_t			 i, k;

	if (r->err_msg == NULL && r->err_details == NULL)
		return;
	html_open(b, "div", "class", "error-summary", "role", "alert",
	    "tabindex", "-1", "id", "error-summary");
	html_elem(b, "h2", web_t(r, MSG_ERROR_SUMMARY));
	html_open(b, "ul");
	if ((f = web_error_field(r)) != NULL) {
		html_open(b, "li");
		html_open(b, "a", "href", arena_printf(r->a, "#%s",
		    field_id(r, f)));
		html_text(b, msg_field((enum lang)r->lang, f));
		html_text(b, r->lang == LANG_EN ? ": " : "：");
		html_text(b, field_message(r));
		html_close(b, "a");
		html_close(b, "li");
	} else if (r->err_details != NULL &&
	    (d = json_tokener_parse(r->err_details)) != NULL &&
	    (arena_cleanup(r->a, json_put, d), 1) &&
	    json_object_object_get_ex(d, "guards", &gs) &&
	    json_object_is_type(gs, json_type_array)) {
		for (i = 0; i < json_object_array_length(gs); i++) {
			g = json_object_array_get_idx(gs, i);
			name = json_object_get_string(g);
			for (k = 0; k < GUARD__MAX; k++)
				if (name != NULL && strcmp(guards[k].name, name) == 0)
					html_elem(b, "li", r->lang == LANG_EN ?
					    guards[k].en : guards[k].zh);
		}
	} else
		html_elem(b, "li", r->err_msg != NULL &&
		    strncmp(r->err_msg, "csrf", 4) == 0 ?
		    web_t(r, MSG_ERR_CSRF) : web_t(r, MSG_ERR_400_BODY));
	html_close(b, "ul");
	html_close(b, "div");
}

/* The opening of a field: wrapper, label, hint and error. */
static void
field_begin(struct req *r, struct buf *b, const char *name, const char *label,
    const char *hint, int *err)
{
	*err = web_error_field(r) != NULL && strcmp(web_error_field(r), name) == 0;
	html_open(b, "div", "class", *err ? "field field-error" : "field");
	html_elem(b, "label", label, "for", field_id(r, name));
	if (hint != NULL)
		html_elem(b, "p", hint, "class", "hint",
		    "id", arena_printf(r->a, "%s-hint", field_id(r, name)));
	web_field_error(r, b, name);
}

static const char *
described_by(struct req *r, const char *name, const char *hint, int err)
{
	if (hint == NULL && !err)
		return NULL;
	name = field_id(r, name);
	return arena_printf(r->a, "%s%s%s", hint != NULL ?
	    arena_printf(r->a, "%s-hint", name) : "",
	    hint != NULL && err ? " " : "",
	    err ? arena_printf(r->a, "%s-error", name) : "");
}

void
web_input(struct req *r, struct buf *b, const char *type, const char *name,
    const char *label, const char *hint, const char *value)
{
	const char	*v = web_val(r, field_id(r, name), value), *db;
	int		 err;

	field_begin(r, b, name, label, hint, &err);
	db = described_by(r, name, hint, err);
	name = field_id(r, name);
	if (db != NULL && err)
		html_open(b, "input", "type", type, "id", name, "name", name,
		    "value", v != NULL ? v : "", "aria-describedby", db,
		    "aria-invalid", "true");
	else if (db != NULL)
		html_open(b, "input", "type", type, "id", name, "name", name,
		    "value", v != NULL ? v : "", "aria-describedby", db);
	else
		html_open(b, "input", "type", type, "id", name, "name", name,
		    "value", v != NULL ? v : "");
	html_close(b, "div");
	buf_putc(b, '\n');
}

void
web_textarea(struct req *r, struct buf *b, const char *name,
    const char *label, const char *hint, const char *value)
{
	const char	*v = web_val(r, field_id(r, name), value), *db;
	int		 err;

	field_begin(r, b, name, label, hint, &err);
	db = described_by(r, name, hint, err);
	name = field_id(r, name);
	if (db != NULL)
		html_open(b, "textarea", "id", name, "name", name, "rows", "3",
		    "aria-describedby", db);
	else
		html_open(b, "textarea", "id", name, "name", name, "rows", "3");
	html_text(b, v);
	html_close(b, "textarea");
	html_close(b, "div");
	buf_putc(b, '\n');
}

void
web_select(struct req *r, struct buf *b, const char *name, const char *label,
    const char *hint, const char *value, const char *const *opts, size_t n,
    int blank)
{
	const char	*v = web_val(r, field_id(r, name), value), *db;
	size_t		 i;
	int		 err;

	field_begin(r, b, name, label, hint, &err);
	db = described_by(r, name, hint, err);
	name = field_id(r, name);
	if (db != NULL)
		html_open(b, "select", "id", name, "name", name,
		    "aria-describedby", db);
	else
		html_open(b, "select", "id", name, "name", name);
	if (blank)
		html_elem(b, "option", web_t(r, MSG_NOT_RECORDED), "value", "");
	for (i = 0; i < n; i++) {
		if (v != NULL && strcmp(v, opts[2 * i]) == 0)
			html_elem(b, "option", opts[2 * i + 1], "value",
			    opts[2 * i], "selected", (const char *)NULL);
		else
			html_elem(b, "option", opts[2 * i + 1], "value",
			    opts[2 * i]);
	}
	html_close(b, "select");
	html_close(b, "div");
	buf_putc(b, '\n');
}

void
web_yesno(struct req *r, struct buf *b, const char *name, const char *label,
    const char *value)
{
	const char	*opts[4] = { "true", web_t(r, MSG_YES),
	    "false", web_t(r, MSG_NO) };

	web_select(r, b, name, label, NULL, value, opts, 2, 1);
}

void
web_county_filter(struct req *r, struct buf *b, const char *value)
{
	const char	*opts[2 * (COUNTY__MAX + 1)];
	size_t		 i, n;

	if (depts[r->actor.dept].scoped) {
		html_open(b, "p", "class", "field");
		html_elem(b, "strong", web_t(r, MSG_LIST_YOUR_AREA));
		html_text(b, r->lang == LANG_EN ? ": " : "：");
		html_text(b, msg_county((enum lang)r->lang,
		    (enum county)r->actor.county));
		html_close(b, "p");
		return;
	}
	opts[0] = "";
	opts[1] = web_t(r, MSG_LIST_ALL);
	for (i = 0, n = 1; i < COUNTY__MAX; i++, n++) {
		opts[2 * n] = counties[i].code;
		opts[2 * n + 1] = msg_county((enum lang)r->lang, (enum county)i);
	}
	web_select(r, b, "county", web_t(r, MSG_LIST_COUNTY), NULL, value,
	    opts, n, 0);
}

void
web_qadd(struct buf *b, const char *name, const char *v)
{
	char	 enc[3 * 512 + 1];	/* the filters' values: 512 at most */

	if (*v == '\0' || url_encode(v, enc, sizeof(enc)) < 0)
		return;
	if (b->len > 0 && b->p[b->len - 1] != '?')
		buf_putc(b, '&');
	buf_puts(b, name);
	buf_putc(b, '=');
	buf_puts(b, enc);
}

/* ---- The page frame ------------------------------------------------- */

static void
nav_link(struct req *r, struct buf *b, const char *href, enum msg m,
    const char *current)
{
	html_open(b, "li");
	if (current != NULL && strcmp(current, href) == 0)
		html_elem(b, "a", web_t(r, m), "href", href,
		    "aria-current", "page");
	else
		html_elem(b, "a", web_t(r, m), "href", href);
	html_close(b, "li");
}

/* Whether the actor's department signs off any kind of item. */
static int
signs_items(const struct req *r)
{
	int	 k;

	for (k = 0; k < KIND__MAX; k++)
		if ((int)kinds[k].dept == r->actor.dept)
			return 1;
	return 0;
}

/* Whether the actor may declare communities at all. */
static int
may_declare(const struct req *r)
{
	const struct wf_transition	*t = wf_find(ACTION_DECLARE, WF_FROM_NONE);

	return t != NULL && (t->initiators & DEPT_BIT(r->actor.dept)) &&
	    (r->actor.roles & ROLE_BIT(t->role));
}

/*
 * Whether 物业移交台账 belongs in the actor's navigation: the departments
 * that start or countersign the hand-over (the housing bureau, pricing),
 * and viewers, who follow the programme.  Anyone signed in may open it.
 */
static int
tracks_handover(const struct req *r)
{
	const struct wf_transition	*t = wf_find(ACTION_HAND_OVER,
					    STAGE_ACCEPTED);

	return (t != NULL && ((t->initiators | t->countersign) &
	    DEPT_BIT(r->actor.dept))) || (r->actor.roles & ROLE_BIT(ROLE_VIEWER));
}

/*
 * Whether 考核评估 belongs in the actor's navigation: the office (the
 * housing bureau), audit, finance and the DRC, and the county
 * governments, which see their own county.  Anyone signed in may open it.
 */
static int
assesses(const struct req *r)
{
	switch (r->actor.dept) {
	case DEPT_HOUSING:
	case DEPT_AUDIT:
	case DEPT_FINANCE:
	case DEPT_DRC:
	case DEPT_COUNTY:
		return 1;
	default:
		return 0;
	}
}

void
web_page_begin(struct req *r, struct buf *b, const char *title,
    const char *current)
{
	html_page_begin(b, (enum lang)r->lang, title);
	if (r->authed) {
		html_open(b, "nav", "aria-label", web_t(r, MSG_NAV_LABEL));
		html_open(b, "ul");
		nav_link(r, b, "/tasks", MSG_MY_TASKS, current);
		nav_link(r, b, "/communities", MSG_COMMUNITIES, current);
		if (may_declare(r))
			nav_link(r, b, "/communities/new", MSG_DECLARE_NEW,
			    current);
		if (signs_items(r))
			nav_link(r, b, "/signoffs", MSG_SIGNOFFS, current);
		if (tracks_handover(r))
			nav_link(r, b, "/handover", MSG_HANDOVER_NAV, current);
		if (assesses(r))
			nav_link(r, b, "/reports/assessment", MSG_AS_NAV,
			    current);
		nav_link(r, b, "/workflow", MSG_WORKFLOW, current);
		html_close(b, "ul");
		html_close(b, "nav");
		html_open(b, "div", "class", "user");
		html_elem(b, "span", r->claims.name[0] != '\0' ?
		    r->claims.name : r->claims.sub, "class", "user-name");
		html_elem(b, "span", msg_dept((enum lang)r->lang,
		    (enum dept)r->actor.dept), "class", "user-dept");
		html_form_post(b, "/logout", r->csrf);
		html_elem(b, "button", web_t(r, MSG_SIGN_OUT), "type", "submit",
		    "class", "link");
		html_form_end(b);
		html_close(b, "div");
	}
	html_open(b, "div", "aria-label", web_t(r, MSG_LANG_LABEL),
	    "class", "lang");
	html_lang_switch(b, (enum lang)r->lang, r->back != NULL ? r->back :
	    here(r, 1));
	html_close(b, "div");
	html_page_main(b);
}

void
web_page_end(struct req *r, struct buf *b)
{
	html_page_end(b, (enum lang)r->lang);
}

void
web_answer(struct req *r, struct buf *b, int status)
{
	r->status = status;
	r->out = *b;
	r->out_ctype = "text/html; charset=utf-8";
	r->etag = NULL;
}

/* ---- Error pages ---------------------------------------------------- */

void
web_error(struct req *r, enum jg_err e)
{
	static const struct {
		enum jg_err	 e;
		enum msg	 title, body;
	} pages[] = {
		{ JG_BAD_REQUEST, MSG_ERR_400_TITLE, MSG_ERR_400_BODY },
		{ JG_FORBIDDEN, MSG_ERR_403_TITLE, MSG_ERR_403_BODY },
		{ JG_NOT_FOUND, MSG_ERR_404_TITLE, MSG_ERR_404_BODY },
		{ JG_CONFLICT, MSG_ERR_409_TITLE, MSG_ERR_409_BODY },
		{ JG_GUARD, MSG_ERR_422_TITLE, MSG_ERR_422_BODY },
		{ JG_INVALID, MSG_ERR_400_TITLE, MSG_ERR_400_BODY },
		{ JG_UNAVAILABLE, MSG_ERR_503_TITLE, MSG_ERR_503_BODY },
	};
	static const enum msg deny[WF_DENY__MAX] = {
		MSG_ERR_403_BODY, MSG_DENY_SCOPE, MSG_DENY_DEPT, MSG_DENY_ROLE,
		MSG_DENY_DECLARER, MSG_DENY_FOUR_EYES, MSG_DENY_DECIDED,
	};
	struct buf	 b;
	enum msg	 title = MSG_ERR_GENERIC_TITLE, body = MSG_ERR_400_BODY;
	const char	*next, *m;
	size_t		 i;
	char		 enc[2048];

	/* Cookies already set (the language chosen) stay; a 405 keeps its Allow. */
	r->etag = NULL;
	if (e == JG_UNAUTHORIZED) {
		/* To the login page, and back here (or to the form's page). */
		next = r->method == METHOD_POST ? (r->back != NULL ? r->back : "/")
		    : here(r, 1);
		if (url_encode(next, enc, sizeof(enc)) < 0)
			snprintf(enc, sizeof(enc), "%%2F");
		if (r->session_expired)
			web_cookie(r, WEB_SESSION, "", "/", 0, 1, "Strict");
		r->location = arena_printf(r->a, "/login?next=%s%s", enc,
		    r->session_expired ? "&expired=1" : "");
		r->status = 303;
		buf_init(&b, r->a);
		web_page_begin(r, &b, web_t(r, MSG_LOGIN_TITLE), NULL);
		html_open(&b, "p");
		html_elem(&b, "a", web_t(r, MSG_SIGN_IN), "href", r->location);
		html_close(&b, "p");
		web_page_end(r, &b);
		r->out = b;
		r->out_ctype = "text/html; charset=utf-8";
		return;
	}
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (pages[i].e == e) {
			title = pages[i].title;
			body = pages[i].body;
		}
	/* A 409 that is not a stale version: say what stands in the way. */
	if (e == JG_CONFLICT && (m = r->err_msg) != NULL &&
	    strstr(m, "changed meanwhile") == NULL) {
		title = MSG_ERR_409_STATE_TITLE;
		if (strstr(m, "countersign") != NULL ||
		    strstr(m, "open submission") != NULL)
			body = MSG_ERR_409_ROUND;
		else if (strstr(m, "not possible") != NULL)
			body = MSG_ERR_409_STAGE;
		else if (strcmp(m, wf_deny_msg[WF_DENY_DECIDED]) == 0)
			body = MSG_DENY_DECIDED;
		else if (strncmp(m, "the item", 8) == 0)
			body = MSG_ERR_409_ITEM;
	}
	buf_init(&b, r->a);
	web_page_begin(r, &b, web_t(r, title), NULL);
	html_elem(&b, "h1", web_t(r, title));
	if (e == JG_FORBIDDEN && r->err_msg != NULL &&
	    strncmp(r->err_msg, "csrf", 4) == 0)
		html_elem(&b, "p", web_t(r, MSG_ERR_CSRF));
	else if (e == JG_FORBIDDEN) {
		body = MSG_ERR_403_BODY;
		for (i = 1; i < WF_DENY__MAX; i++)
			if (r->err_msg != NULL && wf_deny_msg[i] != NULL &&
			    strcmp(r->err_msg, wf_deny_msg[i]) == 0)
				body = deny[i];
		html_elem(&b, "p", web_t(r, body), "class", "reason");
	} else if (e == JG_GUARD || e == JG_INVALID) {
		html_elem(&b, "p", web_t(r, e == JG_GUARD ? body :
		    MSG_ERR_400_BODY));
		if (e == JG_GUARD)
			web_error_summary(r, &b);
	} else
		html_elem(&b, "p", web_t(r, body));
	html_open(&b, "p");
	if (e == JG_CONFLICT || e == JG_UNAVAILABLE)
		html_elem(&b, "a", web_t(r, MSG_RELOAD), "href",
		    r->back != NULL ? r->back : r->method == METHOD_POST ? "/" :
		    here(r, 1), "class", "button");
	else
		html_elem(&b, "a", web_t(r, MSG_BACK_HOME), "href", "/");
	html_close(&b, "p");
	web_page_end(r, &b);
	web_answer(r, &b, errs[e].status);
}

/* ---- Calling the API handlers --------------------------------------- */

enum jg_err
web_call(struct req *r, enum jg_err (*fn)(struct req *), long long id,
    const char *query, const char *json, struct json_object **out)
{
	const char		*body = r->body, *q = r->query;
	const char		*ctype = r->out_ctype, *etag = r->etag;
	const char		*if_match = r->if_match;
	size_t			 bodylen = r->bodylen;
	long long		 rid = r->id;
	int			 status = r->status;
	struct buf		 saved = r->out;
	struct json_object	*o;
	enum jg_err		 e;

	r->body = json != NULL ? json : "";
	r->bodylen = strlen(r->body);
	r->query = query;
	r->id = id;
	r->if_match = NULL;
	buf_init(&r->out, r->a);
	e = fn(r);
	if (e == JG_OK && out != NULL) {
		*out = NULL;
		if ((o = json_tokener_parse(r->out.p != NULL ? r->out.p : "")) != NULL) {
			arena_cleanup(r->a, json_put, o);
			*out = o;
		} else
			e = JG_INTERNAL;
	}
	r->body = body;
	r->bodylen = bodylen;
	r->query = q;
	r->id = rid;
	r->if_match = if_match;
	r->out = saved;
	r->status = status;
	r->out_ctype = ctype;
	r->etag = etag;
	return e;
}

const char *
web_jstr(struct json_object *o, const char *key)
{
	struct json_object	*v;
	const char		*s;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	s = json_object_get_string(v);
	return s != NULL ? s : "";
}

long long
web_jint(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	return json_object_get_int64(v);
}

int
web_jbool(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	return json_object_get_boolean(v);
}

const char *
web_when(struct req *r, const char *ts)
{
	char	*s;

	if (ts == NULL || strlen(ts) < 10)
		return "";
	s = arena_strndup(r->a, ts, strlen(ts) >= 16 ? 16 : 10);
	if (s[10] == 'T')
		s[10] = ' ';
	return s;
}

/* Seconds since the epoch of a PostgreSQL timestamptz in JSON, or -1. */
static long long
ts_epoch(const char *ts)
{
	struct tm	 tm;
	const char	*p;
	int		 sign, oh = 0, om = 0;

	memset(&tm, 0, sizeof(tm));
	if (ts == NULL || sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	p = ts + 19;
	while (*p == '.' || isdigit((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) < 1)
			return -1;
		return (long long)timegm(&tm) - sign * (oh * 3600LL + om * 60LL);
	}
	return (long long)timegm(&tm);
}

const char *
web_waited(struct req *r, const char *ts)
{
	long long	 t = ts_epoch(ts), d;
	int		 en = r->lang == LANG_EN;

	if (t < 0)
		return "";
	d = r->now - t;
	if (d < 0)
		d = 0;
	if (d >= 86400)
		d /= 86400, en = en ? 1 : 0;
	else if (d >= 3600)
		d /= 3600, en = en ? 3 : 2;
	else
		d /= 60, en = en ? 5 : 4;
	switch (en) {
	case 0: return arena_printf(r->a, "%lld 天", d);
	case 1: return arena_printf(r->a, "%lld day%s", d, d == 1 ? "" : "s");
	case 2: return arena_printf(r->a, "%lld 小时", d);
	case 3: return arena_printf(r->a, "%lld hour%s", d, d == 1 ? "" : "s");
	case 4: return arena_printf(r->a, "%lld 分钟", d);
	default: return arena_printf(r->a, "%lld minute%s", d, d == 1 ? "" : "s");
	}
}

/* ---- Pages with several forms (web_community.c) --------------------- */

void
web_error_summary_at(struct req *r, struct buf *b, const char *id,
    const char *message)
{
	const char	*f = web_error_field(r);

	if (id == NULL || (f == NULL && message == NULL) ||
	    (r->err_msg == NULL && r->err_details == NULL)) {
		web_error_summary(r, b);
		return;
	}
	html_open(b, "div", "class", "error-summary", "role", "alert",
	    "tabindex", "-1", "id", "error-summary");
	html_elem(b, "h2", web_t(r, MSG_ERROR_SUMMARY));
	html_open(b, "ul");
	html_open(b, "li");
	html_open(b, "a", "href", arena_printf(r->a, "#%s", id));
	if (message != NULL)
		html_text(b, message);
	else {
		html_text(b, msg_field((enum lang)r->lang, f));
		html_text(b, r->lang == LANG_EN ? ": " : "：");
		html_text(b, field_message(r));
	}
	html_close(b, "a");
	html_close(b, "li");
	html_close(b, "ul");
	html_close(b, "div");
}

void
web_textarea_in(struct req *r, struct buf *b, const char *id,
    const char *name, const char *label, const char *hint, const char *error,
    int mine)
{
	const char	*f = web_error_field(r), *v = NULL, *db = NULL;
	const char	*hid = arena_printf(r->a, "%s-hint", id);
	const char	*eid = arena_printf(r->a, "%s-error", id);

	/* Another form's post: neither its text nor its error belong here. */
	if (mine) {
		v = web_val(r, name, NULL);
		if (error == NULL && f != NULL && strcmp(f, name) == 0)
			error = field_message(r);
	} else
		error = NULL;
	html_open(b, "div", "class", error != NULL ? "field field-error" : "field");
	html_elem(b, "label", label, "for", id);
	if (hint != NULL)
		html_elem(b, "p", hint, "class", "hint", "id", hid);
	if (error != NULL) {
		html_open(b, "p", "class", "error-message", "id", eid);
		html_elem(b, "span", r->lang == LANG_EN ? "Error: " : "错误：",
		    "class", "visually-hidden");
		html_text(b, error);
		html_close(b, "p");
	}
	if (hint != NULL && error != NULL)
		db = arena_printf(r->a, "%s %s", hid, eid);
	else if (hint != NULL)
		db = hid;
	else if (error != NULL)
		db = eid;
	if (error != NULL)
		html_open(b, "textarea", "id", id, "name", name, "rows", "3",
		    "aria-describedby", db, "aria-invalid", "true");
	else if (db != NULL)
		html_open(b, "textarea", "id", id, "name", name, "rows", "3",
		    "aria-describedby", db);
	else
		html_open(b, "textarea", "id", id, "name", name, "rows", "3");
	html_text(b, v);
	html_close(b, "textarea");
	html_close(b, "div");
	buf_putc(b, '\n');
}
