/*
 * fuzz_http.c - the FastCGI parameters of a request and what the
 * dispatcher does with them before any database work:
 * http_request_from_params() (app/http.c: method, DOCUMENT_URI,
 * QUERY_STRING, CONTENT_TYPE, CONTENT_LENGTH against the body, the
 * headers; If-Match as api_expected() reads it), then route_dispatch() (app/route.c: route matching, 404 and
 * 405, body and content type, Idempotency-Key, the token) and the
 * routes that need no database.
 *
 * No database is ever reached: the configuration names one behind a
 * socket directory that does not exist, so a request that gets past
 * the token to a database route is answered 503, and the harness
 * checks after every input that no connection was ever made.
 *
 * Input: FastCGI parameters as "NAME=VALUE" lines, up to an empty line;
 * the rest is the body, delivered in the chunks FCGX_GetStr would.  In
 * any value, "@TOKEN@" becomes a valid token (a street office clerk of
 * lanshan, minted in LLVMFuzzerInitialize with the harness's clock).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "auth.h"
#include "conf.h"
#include "db.h"
#include "fuzz.h"
#include "http.h"
#include "jscan.h"
#include "route.h"

#define T0		1700000000LL	/* the harness's clock */
#define MAXPARAMS	64
#define MAXBODY		1024		/* max_body: 413 within reach */
#define PLACEHOLDER	"@TOKEN@"

static char		*token;
static struct arena	 a;

struct input {
	char		*names[MAXPARAMS];
	char		*values[MAXPARAMS];
	int		 n;
	const char	*body;
	size_t		 bodylen, off;
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct claims	 c;

	(void)argc;
	(void)argv;
	/* Nothing from the developer's var/jiugai.conf; no reachable database. */
	setenv("JIUGAI_CONFIG", "/dev/null", 1);
	setenv("JIUGAI_DATABASE_URL",
	    "host=/nonexistent/jiugai-fuzz dbname=none connect_timeout=1", 1);
	if (conf_load() == -1)
		abort();
	fuzz_keys(&route_keys, 0);
	memset(&c, 0, sizeof(c));
	strcpy(c.sub, "fuzz-1");
	strcpy(c.name, "Fuzz");
	strcpy(c.dept, "street");
	strcpy(c.org, "lanshan");
	c.roles = ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_VIEWER);
	if ((token = auth_mint(&route_keys, &c, T0, 3600)) == NULL)
		abort();
	return 0;
}

/* The first parameter called name, as FCGX_GetParam finds it. */
static const char *
in_get(void *ctx, const char *name)
{
	const struct input	*in = ctx;
	int			 i;

	for (i = 0; i < in->n; i++)
		if (strcmp(in->names[i], name) == 0)
			return in->values[i];
	return NULL;
}

/* At most 1000 bytes a call, so that the reading loop loops. */
static long
in_read(void *ctx, char *buf, size_t n)
{
	struct input	*in = ctx;
	size_t		 left = in->bodylen - in->off;

	if (n > left)
		n = left;
	if (n > 1000)
		n = 1000;
	memcpy(buf, in->body + in->off, n);
	in->off += n;
	return (long)n;
}

/* A malloc'd copy of s[0..len) with the placeholder replaced once. */
static char *
value(const char *s, size_t len)
{
	char		*v, *p;
	size_t		 plen = strlen(PLACEHOLDER), tlen = strlen(token);

	v = malloc(len + tlen + 1);
	FUZZ_CHECK(v != NULL);
	memcpy(v, s, len);
	v[len] = '\0';
	if ((p = strstr(v, PLACEHOLDER)) != NULL) {
		memmove(p + tlen, p + plen, strlen(p + plen) + 1);
		memcpy(p, token, tlen);
	}
	return v;
}

/* Split the input into parameters and body; NULs end a parameter. */
static void
parse(struct input *in, const char *d, size_t size)
{
	const char	*end = d + size, *nl, *eq, *nul;
	size_t		 len;

	memset(in, 0, sizeof(*in));
	while (d < end) {
		nl = memchr(d, '\n', (size_t)(end - d));
		len = (size_t)((nl != NULL ? nl : end) - d);
		if (len == 0) {		/* the empty line: the body follows */
			d++;
			break;
		}
		if ((nul = memchr(d, '\0', len)) != NULL)
			len = (size_t)(nul - d);
		if ((eq = memchr(d, '=', len)) != NULL && in->n < MAXPARAMS) {
			in->names[in->n] = value(d, (size_t)(eq - d));
			in->values[in->n] = value(eq + 1, len - (size_t)(eq - d) - 1);
			in->n++;
		}
		d = nl != NULL ? nl + 1 : end;
	}
	in->body = d;
	in->bodylen = (size_t)(end - d);
}

/*
 * A CONTENT_LENGTH of plain digits decides the outcome on its own:
 * over MAXBODY 413, more than the body 400, else exactly that much body.
 */
static void
check_length(struct input *in, const struct req *r, enum jg_err e)
{
	const char	*cl = in_get(in, "CONTENT_LENGTH");
	long long	 n;

	if (cl == NULL || *cl == '\0') {
		FUZZ_CHECK(e == JG_OK && r->bodylen == 0);
		return;
	}
	if (strspn(cl, "0123456789") != strlen(cl) || strlen(cl) > 18)
		return;
	n = atoll(cl);
	if (n > MAXBODY)
		FUZZ_CHECK(e == JG_TOO_LARGE);
	else if ((size_t)n > in->bodylen)
		FUZZ_CHECK(e == JG_BAD_REQUEST);
	else
		FUZZ_CHECK(e == JG_OK && r->bodylen == (size_t)n);
}

/*
 * If-Match (api_util.c): 0 without one, else a version in 1..2e9 or -1;
 * "N", W/"N" and N mean N.
 */
static void
check_if_match(struct req *r)
{
	const char	*s = r->if_match;
	char		 want[32];
	int		 v = api_expected(r, NULL);

	FUZZ_CHECK(s != NULL ? v == -1 || (v >= 1 && v <= 2000000000) : v == 0);
	if (s == NULL || v <= 0)
		return;
	snprintf(want, sizeof(want), "%d", v);
	FUZZ_CHECK(strstr(s, want) != NULL);
	if (strspn(s, "0123456789") == strlen(s) && s[0] != '0' &&
	    strlen(s) <= 9)
		FUZZ_CHECK(strcmp(s, want) == 0);
}

static void
check_answer(const struct req *r)
{
	static const int ok[] = {
		200, 201, 202, 400, 401, 403, 404, 405, 409, 411, 413, 415,
		422, 503,
	};
	size_t	 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (r->status == ok[i])
			break;
	/* No 500, nor any status the product does not define, for input. */
	if (i == sizeof(ok) / sizeof(ok[0]))
		fprintf(stderr, "status %d: %s\n", r->status,
		    r->out.p != NULL ? r->out.p : "(no body)");
	FUZZ_CHECK(i < sizeof(ok) / sizeof(ok[0]));
	FUZZ_CHECK(r->out_ctype != NULL && r->out.p != NULL);
	FUZZ_CHECK(strlen(r->out.p) == r->out.len);
	if (strncmp(r->out_ctype, "application/json", 16) == 0)
		FUZZ_CHECK(jscan_document(r->out.p, r->out.len, JSCAN_DEPTH_MAX,
		    NULL) >= 0);
	if (r->status == 405)
		FUZZ_CHECK(r->allow != NULL && r->allow[0] != '\0');
	FUZZ_CHECK(!db_ok());
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input		 in;
	struct req		 r;
	struct http_source	 src = { in_get, in_read, &in };
	enum jg_err		 e;
	int			 i;

	parse(&in, (const char *)data, size);
	/* As the worker does (server.c). */
	memset(&r, 0, sizeof(r));
	r.a = &a;
	r.now = T0;
	r.route = -1;
	buf_init(&r.out, &a);
	e = http_request_from_params(&r, &src, MAXBODY);
	check_length(&in, &r, e);
	if (e == JG_OK) {
		FUZZ_CHECK(r.path != NULL && r.ctype != NULL && r.body != NULL);
		FUZZ_CHECK(r.bodylen <= MAXBODY && r.body[r.bodylen] == '\0');
		FUZZ_CHECK(r.bodylen == 0 || memcmp(r.body, in.body, r.bodylen) == 0);
		FUZZ_CHECK((unsigned)r.method < METHOD__MAX);
		check_if_match(&r);
		route_dispatch(&r);
	} else {
		FUZZ_CHECK(e == JG_BAD_REQUEST || e == JG_TOO_LARGE);
		http_error(&r, e);
	}
	if (fuzz_verbose())
		fprintf(stderr, "-> %d %s", r.status, r.out.p);
	check_answer(&r);
	arena_reset(&a);
	for (i = 0; i < in.n; i++) {
		free(in.names[i]);
		free(in.values[i]);
	}
	return 0;
}
