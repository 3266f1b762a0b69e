/*
 * webc.c - see webc.h.
 */
#include <sys/wait.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "webc.h"

static void
die(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	fprintf(stderr, "webc: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static const char *
site(void)
{
	const char	*u = getenv("JIUGAI_TEST_URL");

	if (u == NULL || *u == '\0')
		die("JIUGAI_TEST_URL is not set (run through tests/run.sh)");
	return u;
}

/* The host of the site ("127.0.0.1"), for cookie lines. */
static const char *
site_host(void)
{
	static char	 h[256];
	const char	*u = site(), *p;
	size_t		 n;

	if ((p = strstr(u, "://")) != NULL)
		u = p + 3;
	n = strcspn(u, ":/");
	snprintf(h, sizeof(h), "%.*s", (int)n, u);
	return h;
}

void
webc_open(struct webc *s)
{
	memset(s, 0, sizeof(*s));
	curl_global_init(CURL_GLOBAL_DEFAULT);	/* counted: harmless again */
	if ((s->curl = curl_easy_init()) == NULL)
		die("curl_easy_init");
	/* "" turns the cookie engine on with an empty jar. */
	curl_easy_setopt(s->curl, CURLOPT_COOKIEFILE, "");
}

void
webc_close(struct webc *s)
{
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	s->curl = NULL;
}

void
wresp_free(struct wresp *r)
{
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof(*r));
}

/* ---- Users ----------------------------------------------------------- */

static const char *
jiugai_bin(void)
{
	const char	*b = getenv("JIUGAI_BIN");

	return b != NULL && *b != '\0' ? b : "build/jiugai";
}

const char *
web_user(const char *prefix, const char *dept, const char *org,
    const char *roles)
{
	static char	 subs[8][64];
	static int	 n;
	char		*sub = subs[n++ % 8], cmd[1024];
	FILE		*p;
	int		 st;

	snprintf(sub, sizeof(subs[0]), "%s-%d-%ld-%d", prefix, (int)getpid(),
	    (long)time(NULL) % 100000, n);
	snprintf(cmd, sizeof(cmd), "'%s' user add --sub '%s' --name '测试 %s'"
	    " --dept '%s' --roles '%s'%s%s%s >/dev/null", jiugai_bin(), sub,
	    sub, dept, roles, org != NULL ? " --org '" : "",
	    org != NULL ? org : "", org != NULL ? "'" : "");
	if ((p = popen(cmd, "w")) == NULL)
		die("popen %s", cmd);
	fprintf(p, "%s\n", WEBC_PASSWORD);
	st = pclose(p);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		die("%s: exit status %d", cmd, st);
	return sub;
}

int
web_user_cli(const char *verb, const char *sub)
{
	char	 cmd[512];
	int	 st;

	snprintf(cmd, sizeof(cmd), "'%s' user %s --sub '%s' >/dev/null",
	    jiugai_bin(), verb, sub);
	st = system(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- Requests -------------------------------------------------------- */

static size_t
on_body(char *p, size_t sz, size_t n, void *arg)
{
	struct wresp	*r = arg;
	char		*nb;

	if ((nb = realloc(r->body, r->len + sz * n + 1)) == NULL)
		return 0;
	r->body = nb;
	memcpy(r->body + r->len, p, sz * n);
	r->len += sz * n;
	r->body[r->len] = '\0';
	return sz * n;
}

static size_t
on_header(char *p, size_t sz, size_t n, void *arg)
{
	struct wresp	*r = arg;
	size_t		 len = sz * n, have;
	char		*nh;

	/* A new status line (after a 100 Continue): only the last answer counts. */
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0 && r->headers != NULL)
		r->headers[0] = '\0';
	have = r->headers != NULL ? strlen(r->headers) : 0;
	if ((nh = realloc(r->headers, have + len + 1)) == NULL)
		return 0;
	r->headers = nh;
	memcpy(r->headers + have, p, len);
	r->headers[have + len] = '\0';
	return len;
}

/* Whether the NULL-terminated list extra has a header called name. */
static int
has_header(const char *const *extra, const char *name)
{
	size_t	 i, n = strlen(name);

	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		if (strncasecmp(extra[i], name, n) == 0 && extra[i][n] == ':')
			return 1;
	return 0;
}

long
webc_req(struct webc *s, struct wresp *r, const char *method, const char *path,
    const char *body, const char *const *extra)
{
	CURL			*c = s->curl;
	struct curl_slist	*h = NULL;
	char			 url[4096];
	size_t			 i;

	memset(r, 0, sizeof(*r));
	/*
	 * Undo the last request's method and body by hand: curl_easy_reset()
	 * would keep the jar, but then CURLOPT_COOKIEFILE "" must be set
	 * again, and libcurl leaks that list entry on every reset.
	 */
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, (char *)NULL);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	snprintf(url, sizeof(url), "%s%s", site(), path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0 || body != NULL)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		if (!has_header(extra, "Content-Type"))
			h = curl_slist_append(h, "Content-Type: "
			    "application/x-www-form-urlencoded");
	}
	h = curl_slist_append(h, "Expect:");
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		h = curl_slist_append(h, extra[i]);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(h);
	if (r->body == NULL && (r->body = calloc(1, 1)) == NULL)
		die("out of memory");
	if (r->headers == NULL && (r->headers = calloc(1, 1)) == NULL)
		die("out of memory");
	wresp_header(r, "Location", r->location, sizeof(r->location));
	wresp_header(r, "Content-Type", r->ctype, sizeof(r->ctype));
	return r->status;
}

long
webc_get(struct webc *s, struct wresp *r, const char *path)
{
	return webc_req(s, r, "GET", path, NULL, NULL);
}

long
webc_post_form(struct webc *s, struct wresp *r, const char *path,
    const char *body, const char *const *extra)
{
	const char	*h[16];
	char		 origin[512];
	size_t		 i = 0, k;

	if (!has_header(extra, "Origin")) {
		snprintf(origin, sizeof(origin), "Origin: %s", site());
		h[i++] = origin;
	}
	for (k = 0; extra != NULL && extra[k] != NULL && i < 15; k++)
		h[i++] = extra[k];
	h[i] = NULL;
	return webc_req(s, r, "POST", path, body != NULL ? body : "", h);
}

long
webc_login(struct webc *s, const char *sub, const char *password)
{
	struct wresp	 r;
	char		 csrf[WEBC_TOK], nonce[WEBC_TOK], body[1024];
	long		 st;

	if (webc_get(s, &r, "/login") != 200 ||
	    webc_form_tokens(r.body, "/login", csrf, nonce) == -1) {
		fprintf(stderr, "webc: GET /login: %ld\n", r.status);
		wresp_free(&r);
		return -1;
	}
	wresp_free(&r);
	snprintf(body, sizeof(body), "csrf=%s&next=%%2Ftasks&sub=%s&password=%s",
	    csrf, webc_enc(sub), webc_enc(password));
	st = webc_post_form(s, &r, "/login", body, NULL);
	if (st == 303)
		snprintf(s->sub, sizeof(s->sub), "%s", sub);
	wresp_free(&r);
	return st;
}

/* ---- Forms ----------------------------------------------------------- */

/* The value="..." of the input called name in [p, end), into out. */
static int
input_value(const char *p, const char *end, const char *name, char *out,
    size_t n)
{
	char		 pat[96];
	const char	*q, *v;
	size_t		 len;

	out[0] = '\0';
	snprintf(pat, sizeof(pat), "name=\"%s\"", name);
	if ((q = strstr(p, pat)) == NULL || q >= end)
		return -1;
	if ((v = strstr(q, "value=\"")) == NULL || v >= end ||
	    v > strchr(q, '>'))
		return -1;
	v += 7;
	len = strcspn(v, "\"");
	if (len >= n)
		return -1;
	memcpy(out, v, len);
	out[len] = '\0';
	return 0;
}

int
webc_form_tokens(const char *body, const char *action, char csrf[WEBC_TOK],
    char nonce[WEBC_TOK])
{
	char		 pat[1100];
	const char	*p, *end;

	csrf[0] = nonce[0] = '\0';
	if (body == NULL)
		return -1;
	snprintf(pat, sizeof(pat), "action=\"%s\"", action);
	if ((p = strstr(body, pat)) == NULL)
		return -1;
	if ((end = strstr(p, "</form>")) == NULL)
		end = p + strlen(p);
	if (input_value(p, end, "csrf", csrf, WEBC_TOK) == -1 || csrf[0] == '\0')
		return -1;
	input_value(p, end, "nonce", nonce, WEBC_TOK);
	return 0;
}

long
webc_submit(struct webc *s, struct wresp *r, const char *page,
    const char *action, const char *fields)
{
	char	 csrf[WEBC_TOK], nonce[WEBC_TOK], *body;
	size_t	 n;
	long	 st;

	if (webc_get(s, r, page) != 200 ||
	    webc_form_tokens(r->body, action, csrf, nonce) == -1)
		return -1;
	wresp_free(r);
	n = strlen(fields) + strlen(page) * 3 + 2 * WEBC_TOK + 64;
	if ((body = malloc(n)) == NULL)
		die("out of memory");
	snprintf(body, n, "csrf=%s&nonce=%s&back=%s%s%s", csrf, nonce,
	    webc_enc(page), *fields != '\0' ? "&" : "", fields);
	st = webc_post_form(s, r, action, body, NULL);
	free(body);
	return st;
}

/* ---- Cookies and headers --------------------------------------------- */

const char *
webc_cookie(struct webc *s, const char *name)
{
	static char		 vals[4][4096];
	static int		 n;
	struct curl_slist	*list = NULL, *l;
	char			*out = vals[n++ % 4];
	const char		*f[7], *p;
	const char		*found = NULL;
	long long		 exp;
	int			 k;

	if (curl_easy_getinfo(s->curl, CURLINFO_COOKIELIST, &list) != CURLE_OK)
		return NULL;
	/* Netscape lines: domain, tailmatch, path, secure, expires, name, value. */
	for (l = list; l != NULL; l = l->next) {
		p = l->data;
		for (k = 0; k < 7; k++) {
			f[k] = p;
			if (k < 6 && (p = strchr(p, '\t')) == NULL)
				break;
			if (k < 6)
				p++;
		}
		if (k < 7)
			continue;
		/* A cookie deleted by Max-Age=0 may linger, expired. */
		exp = strtoll(f[4], NULL, 10);
		if (exp != 0 && exp <= (long long)time(NULL))
			continue;
		if (strncmp(f[5], name, strlen(name)) == 0 &&
		    f[5][strlen(name)] == '\t') {
			snprintf(out, sizeof(vals[0]), "%s", f[6]);
			found = out;
		}
	}
	curl_slist_free_all(list);
	return found;
}

void
webc_set_cookie(struct webc *s, const char *name, const char *value)
{
	char	 line[8192];

	snprintf(line, sizeof(line), "%s\tFALSE\t/\tFALSE\t0\t%s\t%s",
	    site_host(), name, value);
	curl_easy_setopt(s->curl, CURLOPT_COOKIELIST, line);
}

int
wresp_header(const struct wresp *r, const char *name, char *out, size_t n)
{
	const char	*p = r->headers, *v;
	size_t		 nl = strlen(name), len;
	int		 count = 0;

	if (n > 0)
		out[0] = '\0';
	for (; p != NULL && *p != '\0'; p += strcspn(p, "\n"), p += *p == '\n') {
		if (strncasecmp(p, name, nl) != 0 || p[nl] != ':')
			continue;
		if (count++ > 0 || n == 0)
			continue;
		v = p + nl + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		len = strcspn(v, "\r\n");
		if (len >= n)
			len = n - 1;
		memcpy(out, v, len);
		out[len] = '\0';
	}
	return count;
}

const char *
wresp_set_cookie(const struct wresp *r, const char *name)
{
	static char	 out[8192];
	const char	*p = r->headers, *v;
	size_t		 nl = strlen(name), len;

	for (; p != NULL && *p != '\0'; p += strcspn(p, "\n"), p += *p == '\n') {
		if (strncasecmp(p, "Set-Cookie:", 11) != 0)
			continue;
		v = p + 11;
		while (*v == ' ')
			v++;
		if (strncmp(v, name, nl) != 0 || v[nl] != '=')
			continue;
		len = strcspn(v, "\r\n");
		if (len >= sizeof(out))
			len = sizeof(out) - 1;
		memcpy(out, v, len);
		out[len] = '\0';
		return out;
	}
	return NULL;
}

const char *
webc_enc(const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	static char		 bufs[8][4096];
	static int		 n;
	char			*o = bufs[n++ % 8], *q = o;
	unsigned char		 c;

	for (; *s != '\0' && q + 4 < o + sizeof(bufs[0]); s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~')
			*q++ = (char)c;
		else if (c == ' ')
			*q++ = '+';
		else {
			*q++ = '%';
			*q++ = hex[c >> 4];
			*q++ = hex[c & 0xf];
		}
	}
	*q = '\0';
	return o;
}

const char *
webc_nonce(void)
{
	static char	 out[33];
	static int	 seeded;
	int		 i;

	if (!seeded) {
		srandom((unsigned)time(NULL) ^ (unsigned)getpid() << 8);
		seeded = 1;
	}
	for (i = 0; i < 32; i++)
		out[i] = "0123456789abcdef"[random() & 0xf];
	out[32] = '\0';
	return out;
}
