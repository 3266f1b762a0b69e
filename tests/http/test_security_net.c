/*
 * test_security_net.c - attacks on the wire and on the processes, against
 * the running stack:
 *
 *  - security headers on every answer, errors included;
 *  - oversize headers, request lines and bodies (Content-Length, chunked,
 *    Expect: 100-continue), request smuggling shapes;
 *  - slow clients: headers byte by byte, a stalled body, a Content-Length
 *    far larger than the body sent (one 10-12 s wait for all of them);
 *  - FastCGI records nginx would never send, straight to the workers'
 *    socket: a body shorter or longer than CONTENT_LENGTH, malformed
 *    lengths, a client that hangs up mid-body;
 *  - privileges: the master and workers run as the unprivileged `user`,
 *    the sockets and keys have the right owners and modes, a master told
 *    to stay root refuses, and one whose whole process group gets SIGTERM
 *    exits;
 *  - nginx/production.conf.example passes `nginx -t` (with a throwaway
 *    self-signed certificate) and keeps every limit, timeout, header and
 *    error page of nginx/jiugai.conf.in;
 *  - at the end, the very same workers still serve.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <setjmp.h>
#include <signal.h>
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
#include "../lib/proc.h"
#include "../lib/raw.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* printf into a new buffer (vasprintf is not C17); its length in *n. */
static char *
vfmt(int *n, const char *fmt, va_list ap)
{
	va_list	 aq;
	char	*q;

	va_copy(aq, ap);
	*n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	assert_true(*n > 0);
	q = malloc((size_t)*n + 1);
	assert_non_null(q);
	vsnprintf(q, (size_t)*n + 1, fmt, ap);
	return q;
}

static double
now_s(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long long
items_of(long long id)
{
	char	 sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM item WHERE community_id = %lld", id);
	return db_count(sql);
}

/* A raw request built with printf; the answer in r. */
static int
rawf(struct raw *r, int timeout_ms, const char *fmt, ...)
{
	va_list	 ap;
	char	*q;
	int	 n;

	va_start(ap, fmt);
	q = vfmt(&n, fmt, ap);
	va_end(ap);
	raw_http(r, q, (size_t)n, timeout_ms);
	free(q);
	return r->status;
}

/* A JSON error of nginx or the app: code, and Content-Type JSON. */
static void
json_error(const char *label, const struct raw *r, int status, const char *code)
{
	char	 ct[128], want[64];

	if (r->status != status)
		fail_msg("[%s] want %d, got %d: %.400s", label, status, r->status, r->text);
	raw_header(r, "Content-Type", ct, sizeof(ct));
	if (strstr(ct, "application/json") == NULL)
		fail_msg("[%s] Content-Type %s: %.300s", label, ct, r->text);
	snprintf(want, sizeof(want), "\"code\":\"%s\"", code);
	if (strstr(r->body, want) == NULL)
		fail_msg("[%s] want %s: %.300s", label, want, r->body);
}

/* ------------------------------------------------------------------ */
/* 1. Headers on every answer.                                          */
/* ------------------------------------------------------------------ */

struct hdr_case {
	const char	*label;
	int		 status;
	int		 no_store;	/* Cache-Control: no-store, exactly once */
};

/* The security headers, exactly once each; Cache-Control as the case says. */
static void
check_headers(const struct hdr_case *c, const struct raw *r)
{
	static const char *const exact[][2] = {
		{ "X-Content-Type-Options", "nosniff" },
		{ "X-Frame-Options", "DENY" },
		{ "Referrer-Policy", "same-origin" },
		{ "Cross-Origin-Opener-Policy", "same-origin" },
		{ "Cross-Origin-Resource-Policy", "same-origin" },
		{ "Server", "nginx" },
	};
	char	 v[512];
	size_t	 i;
	int	 n;

	if (r->status != c->status)
		fail_msg("[%s] want %d, got %d: %.300s", c->label, c->status, r->status,
		    r->text);
	for (i = 0; i < NELEM(exact); i++) {
		n = raw_header(r, exact[i][0], v, sizeof(v));
		if (n != 1 || strcmp(v, exact[i][1]) != 0)
			fail_msg("[%s] %s: %d times, \"%s\"", c->label, exact[i][0], n, v);
	}
	if (raw_header(r, "Content-Security-Policy", v, sizeof(v)) != 1 ||
	    strstr(v, "default-src 'self'") == NULL ||
	    strstr(v, "frame-ancestors 'none'") == NULL ||
	    strstr(v, "object-src 'none'") == NULL ||
	    strstr(v, "base-uri 'none'") == NULL)
		fail_msg("[%s] Content-Security-Policy: %s", c->label, v);
	if (raw_header(r, "Permissions-Policy", v, sizeof(v)) != 1 ||
	    strstr(v, "camera=()") == NULL || strstr(v, "geolocation=()") == NULL)
		fail_msg("[%s] Permissions-Policy: %s", c->label, v);
	/* Plain HTTP: HSTS belongs to the TLS server (production.conf.example). */
	if (raw_header(r, "Strict-Transport-Security", v, sizeof(v)) != 0)
		fail_msg("[%s] HSTS over plain HTTP", c->label);
	n = raw_header(r, "Cache-Control", v, sizeof(v));
	if (c->no_store && (n != 1 || strcmp(v, "no-store") != 0))
		fail_msg("[%s] Cache-Control %d times: \"%s\"", c->label, n, v);
	if (!c->no_store && n != 0)
		fail_msg("[%s] Cache-Control on a static file: %s", c->label, v);
}

static void
test_security_headers_on_every_answer(void **state)
{
	static const struct hdr_case cases[] = {
		{ "healthz", 200, 1 },
		{ "app 401", 401, 1 },
		{ "app 404", 404, 1 },
		{ "app 405", 405, 1 },
		{ "nginx 413", 413, 1 },
		{ "nginx 400", 400, 1 },
		{ "nginx 414", 414, 1 },
		{ "nginx 400 header", 400, 1 },
		{ "static 404", 404, 0 },
		{ "static 403", 403, 0 },
		{ "app 413", 413, 1 },
	};
	struct raw	 r;
	char		*big;
	size_t		 i;

	(void)state;
	big = malloc(70000);
	assert_non_null(big);
	memset(big, 'a', 69999);
	big[69999] = '\0';
	for (i = 0; i < NELEM(cases); i++) {
		switch (i) {
		case 0:
			rawf(&r, 5000, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			break;
		case 1:
			rawf(&r, 5000, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			break;
		case 2:
			rawf(&r, 5000, "GET /api/v1/nothing HTTP/1.1\r\nHost: x\r\n"
			    "Connection: close\r\n\r\n");
			break;
		case 3:
			rawf(&r, 5000, "DELETE /api/v1/me HTTP/1.1\r\nHost: x\r\n"
			    "Connection: close\r\n\r\n");
			break;
		case 4:
			rawf(&r, 5000, "POST /api/v1/communities HTTP/1.1\r\nHost: x\r\n"
			    "Connection: close\r\nContent-Type: application/json\r\n"
			    "Content-Length: 2000000\r\nExpect: 100-continue\r\n\r\n");
			break;
		case 5:
			rawf(&r, 5000, "GET /api/v1/me%%00 HTTP/1.1\r\nHost: x\r\n"
			    "Connection: close\r\n\r\n");
			break;
		case 6:
			rawf(&r, 5000, "GET /api/v1/communities?q=%.9000s HTTP/1.1\r\nHost: x\r\n"
			    "Connection: close\r\n\r\n", big);
			break;
		case 7:
			rawf(&r, 5000, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: %.9000s\r\n"
			    "Connection: close\r\n\r\n", big);
			break;
		case 8:
			rawf(&r, 5000, "GET /static/no-such-file.css HTTP/1.1\r\nHost: x\r\n"
			    "Connection: close\r\n\r\n");
			break;
		case 9:
			rawf(&r, 5000, "GET /static/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
			break;
		default:
			rawf(&r, 5000, "POST /api/v1/communities HTTP/1.1\r\nHost: x\r\n"
			    "Connection: close\r\nContent-Type: application/json\r\n"
			    "Content-Length: 65537\r\n\r\n%.65537s", big);
			break;
		}
		check_headers(&cases[i], &r);
		raw_free(&r);
	}
	free(big);
}

/* ------------------------------------------------------------------ */
/* 2. Oversize headers, request lines and bodies.                       */
/* ------------------------------------------------------------------ */

static void
test_header_over_8k(void **state)
{
	static const char *const names[] = { "X-Big", "Cookie", "Referer", "User-Agent",
	    "If-Match" };
	struct raw	 r;
	char		*a;
	size_t		 i;

	(void)state;
	a = malloc(9001);
	assert_non_null(a);
	memset(a, 'a', 9000);
	a[9000] = '\0';
	for (i = 0; i < NELEM(names); i++) {
		rawf(&r, 5000, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n%s: %s\r\n"
		    "Connection: close\r\n\r\n", names[i], a);
		json_error(names[i], &r, 400, "bad_request");
		raw_free(&r);
	}
	/* 8000 bytes fit in one large buffer. */
	rawf(&r, 5000, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: %.8000s\r\n"
	    "Connection: close\r\n\r\n", a);
	assert_int_equal(r.status, 200);
	raw_free(&r);
	free(a);
}

static void
test_many_headers(void **state)
{
	struct raw	 r;
	char		*q, *p, *a;
	size_t		 i;

	(void)state;
	q = malloc(200000);
	a = malloc(7001);
	assert_non_null(q);
	assert_non_null(a);
	memset(a, 'b', 7000);
	a[7000] = '\0';
	/* 1000 small headers: 46 KB, over the 32 KB of header buffers. */
	p = q + sprintf(q, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
	for (i = 0; i < 1000; i++)
		p += sprintf(p, "X-H%zu: %040zu\r\n", i, i);
	p += sprintf(p, "\r\n");
	raw_http(&r, q, (size_t)(p - q), 5000);
	json_error("1000 headers", &r, 400, "bad_request");
	raw_free(&r);
	/* Five of 7000 bytes: each fits, together they do not. */
	p = q + sprintf(q, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
	for (i = 0; i < 5; i++)
		p += sprintf(p, "X-Big%zu: %s\r\n", i, a);
	p += sprintf(p, "\r\n");
	raw_http(&r, q, (size_t)(p - q), 5000);
	json_error("5 x 7000", &r, 400, "bad_request");
	raw_free(&r);
	/* Control: 100 headers are fine. */
	p = q + sprintf(q, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
	for (i = 0; i < 100; i++)
		p += sprintf(p, "X-H%zu: %040zu\r\n", i, i);
	p += sprintf(p, "\r\n");
	raw_http(&r, q, (size_t)(p - q), 5000);
	assert_int_equal(r.status, 200);
	raw_free(&r);
	free(q);
	free(a);
}

static void
test_request_line_over_8k(void **state)
{
	struct raw	 r;
	char		*a;

	(void)state;
	a = malloc(20001);
	assert_non_null(a);
	memset(a, 'a', 20000);
	a[20000] = '\0';
	rawf(&r, 5000, "GET /api/v1/communities?q=%.9000s HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n", a);
	json_error("9000", &r, 414, "too_large");
	raw_free(&r);
	rawf(&r, 5000, "GET /%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", a);
	json_error("20000 path", &r, 414, "too_large");
	raw_free(&r);
	/* Control: 7000 characters of query reach the app. */
	rawf(&r, 5000, "GET /api/v1/me?x=%.7000s HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n", a);
	assert_int_equal(r.status, 401);
	raw_free(&r);
	free(a);
}

/* max_body + 1 on every route that takes a body: the app's JSON 413, nothing read. */
static void
test_body_64k_plus_one_every_route(void **state)
{
	enum { ON_LIST, ON_COMMUNITY, ON_ITEM };
	static const struct {
		const char	*method;
		int		 on;
		const char	*suffix;
	} routes[] = {
		{ "POST", ON_LIST, "" }, { "PATCH", ON_COMMUNITY, "" },
		{ "POST", ON_COMMUNITY, "/items" }, { "POST", ON_COMMUNITY, "/funding" },
		{ "POST", ON_COMMUNITY, "/transitions" }, { "POST", ON_COMMUNITY, "/approvals" },
		{ "PATCH", ON_ITEM, "" }, { "POST", ON_ITEM, "/done" },
		{ "POST", ON_ITEM, "/signoff" },
	};
	struct resp	 r;
	char		*b, path[160];
	long long	 id, item, fp;
	size_t		 i;

	(void)state;
	id = make_declared("hedong");
	req(&r, "POST", cpath(id, "/items"), tok_street("hedong"), "{\"kind\":\"road\"}", NULL,
	    NULL);
	EXPECT(&r, 201);
	item = jint(&r, "id");
	resp_free(&r);
	b = malloc(65538);
	assert_non_null(b);
	memset(b, ' ', 65537);
	b[0] = '{';
	b[65536] = '}';
	b[65537] = '\0';
	for (i = 0; i < NELEM(routes); i++) {
		if (routes[i].on == ON_LIST)
			snprintf(path, sizeof(path), "/api/v1/communities");
		else if (routes[i].on == ON_COMMUNITY)
			snprintf(path, sizeof(path), "%s", cpath(id, routes[i].suffix));
		else
			snprintf(path, sizeof(path), "/api/v1/items/%lld%s", item,
			    routes[i].suffix);
		fp = db_fingerprint();
		req(&r, routes[i].method, path, tok_street("hedong"), b, NULL, NULL);
		if (r.status != 413 || strcmp(jerr(&r), "too_large") != 0)
			fail_msg("%s %s: want 413 too_large, got %ld: %s", routes[i].method,
			    path, r.status, r.body != NULL ? r.body : "");
		resp_free(&r);
		assert_int_equal(db_fingerprint(), fp);
	}
	/* 64 KiB exactly is read: white space around {} is a well-formed body. */
	b[65535] = '}';
	b[65536] = '\0';
	fp = db_fingerprint();
	req(&r, "POST", cpath(id, "/items"), tok_street("hedong"), b, NULL, NULL);
	EXPECT(&r, 400);
	assert_string_equal(jstr(&r, "error.details.field"), "kind");
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	free(b);
}

/* Chunked bodies: nginx counts them too; a small one is passed on whole. */
static void
test_chunked_bodies(void **state)
{
	struct raw	 r;
	char		*b, *q;
	long long	 id, n, fp;
	size_t		 len;
	const char	*t = tok_street("hedong");

	(void)state;
	id = make_declared("hedong");
	b = malloc(1100001);
	q = malloc(1110000);
	assert_non_null(b);
	assert_non_null(q);
	memset(b, 'a', 1100000);
	b[1100000] = '\0';
	fp = db_fingerprint();
	len = (size_t)sprintf(q, "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n%zx\r\n%s\r\n0\r\n\r\n", cpath(id, "/items"), t,
	    (size_t)1100000, b);
	raw_http(&r, q, len, 10000);
	json_error("chunked 1.1 MB", &r, 413, "too_large");
	raw_free(&r);
	len = (size_t)sprintf(q, "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n%zx\r\n%.65537s\r\n0\r\n\r\n",
	    cpath(id, "/items"), t, (size_t)65537, b);
	raw_http(&r, q, len, 10000);
	json_error("chunked 64 KiB + 1", &r, 413, "too_large");
	raw_free(&r);
	assert_int_equal(db_fingerprint(), fp);
	/* Control: a small body in three chunks is one well-formed body. */
	n = items_of(id);
	len = (size_t)sprintf(q, "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
	    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n"
	    "9\r\n{\"kind\":\"\r\n5\r\nroad\"\r\n15\r\n,\"condition\":\"poor\"}\r\n0\r\n\r\n",
	    cpath(id, "/items"), t);
	raw_http(&r, q, len, 10000);
	if (r.status != 201)
		fail_msg("chunked item: %d %.300s", r.status, r.text);
	raw_free(&r);
	assert_int_equal(items_of(id), n + 1);
	free(b);
	free(q);
}

/* Expect: 100-continue with an absurd length: refused before any body is sent. */
static void
test_expect_continue_huge(void **state)
{
	struct raw	 r;
	long long	 fp = db_fingerprint();

	(void)state;
	rawf(&r, 5000, "POST /api/v1/communities HTTP/1.1\r\nHost: x\r\n"
	    "Content-Type: application/json\r\nContent-Length: 50000000\r\n"
	    "Expect: 100-continue\r\n\r\n");
	json_error("Expect 50 MB", &r, 413, "too_large");
	assert_null(strstr(r.text, "100 Continue"));
	raw_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

/* Framing that could smuggle a second request past nginx: refused outright. */
static void
test_request_smuggling_shapes(void **state)
{
	static const struct {
		const char	*label, *headers, *body;
		int		 status;
	} cases[] = {
		{ "CL and TE", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
		  "0\r\n\r\n", 400 },
		{ "two CL", "Content-Length: 2\r\nContent-Length: 40\r\n", "{}", 400 },
		{ "CL list", "Content-Length: 2, 2\r\n", "{}", 400 },
		{ "negative CL", "Content-Length: -1\r\n", "{}", 400 },
		{ "CL +2", "Content-Length: +2\r\n", "{}", 400 },
		{ "CL 1e1", "Content-Length: 1e1\r\n", "{}", 400 },
		{ "CL hex", "Content-Length: 0x2\r\n", "{}", 400 },
		{ "TE twice", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
		  "0\r\n\r\n", 400 },
		{ "TE gzip", "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n", 501 },
		{ "TE space", "Transfer-Encoding : chunked\r\n", "0\r\n\r\n", 400 },
		{ "bad chunk size", "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n",
		  400 },
	};
	struct raw	 r;
	long long	 id, fp, n;
	size_t		 i;

	(void)state;
	id = make_declared("hedong");
	for (i = 0; i < NELEM(cases); i++) {
		fp = db_fingerprint();
		n = items_of(id);
		rawf(&r, 5000, "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
		    "Authorization: Bearer %s\r\nContent-Type: application/json\r\n%s\r\n%s"
		    "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
		    "Content-Type: application/json\r\nContent-Length: 34\r\n\r\n"
		    "{\"kind\":\"road\",\"condition\":\"poor\"}", cpath(id, "/items"),
		    tok_street("hedong"), cases[i].headers, cases[i].body, cpath(id, "/items"),
		    tok_street("hedong"));
		if (r.status != cases[i].status)
			fail_msg("[%s] want %d, got %d: %.300s", cases[i].label, cases[i].status,
			    r.status, r.text);
		/* One answer only: the hidden second request never ran. */
		if (strstr(r.body, "HTTP/1.1") != NULL)
			fail_msg("[%s] a second answer: %.600s", cases[i].label, r.text);
		raw_free(&r);
		assert_int_equal(items_of(id), n);
		assert_int_equal(db_fingerprint(), fp);
	}
	/* HTTP/1.0 has no chunked encoding. */
	rawf(&r, 5000, "POST %s HTTP/1.0\r\nHost: x\r\nContent-Type: application/json\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", cpath(id, "/items"));
	json_error("HTTP/1.0 TE", &r, 400, "bad_request");
	raw_free(&r);
}

/* ------------------------------------------------------------------ */
/* 3. Slow clients and short bodies.                                    */
/* ------------------------------------------------------------------ */

/* A connection with a request head (and part of a body) already sent. */
static int
open_with(const char *fmt, ...)
{
	va_list	 ap;
	char	*q;
	int	 n, fd;

	va_start(ap, fmt);
	q = vfmt(&n, fmt, ap);
	va_end(ap);
	fd = raw_connect();
	assert_true(fd >= 0);
	assert_int_equal(send(fd, q, (size_t)n, MSG_NOSIGNAL), n);
	free(q);
	return fd;
}

/*
 * A Content-Length far larger than the body, then the client half-closes:
 * nginx never passes the short body on (the JSON alone would create an
 * item), and says so at once.
 */
static void
test_short_body_then_eof(void **state)
{
	struct raw	 r;
	long long	 id, n, fp;
	int		 fd;
	double		 t0 = now_s();

	(void)state;
	id = make_declared("luozhuang");
	n = items_of(id);
	fp = db_fingerprint();
	fd = open_with("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n"
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", cpath(id, "/items"),
	    tok_street("luozhuang"));
	shutdown(fd, SHUT_WR);
	memset(&r, 0, sizeof(r));
	r.text = calloc(1, 1);
	assert_non_null(r.text);
	for (;;) {
		char	 b[4096], *nt;
		ssize_t	 k = recv(fd, b, sizeof(b), 0);

		if (k <= 0 || now_s() - t0 > 8)
			break;
		nt = realloc(r.text, r.len + (size_t)k + 1);
		assert_non_null(nt);
		r.text = nt;
		memcpy(r.text + r.len, b, (size_t)k);
		r.len += (size_t)k;
		r.text[r.len] = '\0';
	}
	close(fd);
	raw_parse(&r);
	if (r.status >= 200 && r.status < 300)
		fail_msg("a short body was taken: %.300s", r.text);
	assert_true(now_s() - t0 < 8);
	raw_free(&r);
	assert_int_equal(items_of(id), n);
	assert_int_equal(db_fingerprint(), fp);
}

struct slow {
	const char	*label;
	int		 fd;
	double		 closed;	/* seconds after the start; 0: still open */
	char		 got[4096];
	size_t		 len;
};

/*
 * Three clients at once, for one wait of at most 13 s: headers sent one
 * byte every half second (slowloris), a body that stops after 10 of its
 * 100 bytes, and a complete JSON item under a Content-Length of 60000.
 * nginx must close each (client_header_timeout, client_body_timeout: 10
 * s), answering at most 408; meanwhile the workers serve others at once;
 * afterwards nothing was created.
 */
static void
test_slow_clients(void **state)
{
	struct slow	 s[3];
	struct pollfd	 pfd[3];
	struct resp	 r;
	const char	*drip = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	long long	 id, n, fp;
	double		 t0, t, next_drip, checked = 0;
	size_t		 i, d = 0;
	ssize_t		 k;
	int		 open_n, st;

	(void)state;
	id = make_declared("lingang");
	n = items_of(id);
	fp = db_fingerprint();
	memset(s, 0, sizeof(s));
	s[0].label = "headers byte by byte";
	s[0].fd = open_with("GET /healthz HTTP/1.1\r\nHost: x\r\n");
	s[1].label = "stalled body";
	s[1].fd = open_with("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\":\"",
	    cpath(id, "/items"), tok_street("lingang"));
	s[2].label = "Content-Length 60000, 34 bytes sent";
	s[2].fd = open_with("POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
	    "Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n"
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", cpath(id, "/items"),
	    tok_street("lingang"));
	t0 = now_s();
	next_drip = t0 + 0.5;
	for (;;) {
		t = now_s();
		open_n = 0;
		for (i = 0; i < 3; i++) {
			pfd[i].fd = s[i].closed != 0 ? -1 : s[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
			open_n += s[i].closed == 0;
		}
		if (open_n == 0 || t - t0 > 13 + checked)
			break;
		/* While they hang, the workers answer others at once. */
		if (checked == 0 && t - t0 > 2) {
			req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL);
			EXPECT(&r, 200);
			resp_free(&r);
			checked = now_s() - t;
			/* (valgrind makes the worker itself slow) */
			assert_true(checked < (getenv("JIUGAI_VALGRIND") != NULL ? 15 : 3));
		}
		if (s[0].closed == 0 && t >= next_drip) {
			send(s[0].fd, drip + d % strlen(drip), 1, MSG_NOSIGNAL);
			d++;
			next_drip += 0.5;
		}
		if (poll(pfd, 3, 100) <= 0)
			continue;
		for (i = 0; i < 3; i++) {
			if (pfd[i].fd < 0 || pfd[i].revents == 0)
				continue;
			k = recv(s[i].fd, s[i].got + s[i].len,
			    sizeof(s[i].got) - 1 - s[i].len, 0);
			if (k > 0) {
				s[i].len += (size_t)k;
				s[i].got[s[i].len] = '\0';
			}
			if (k == 0 || (k < 0 && errno != EINTR && errno != EAGAIN))
				s[i].closed = now_s() - t0;
		}
	}
	for (i = 0; i < 3; i++) {
		close(s[i].fd);
		if (s[i].closed == 0)
			fail_msg("[%s] still open after 13 s", s[i].label);
		/* Not an early refusal: a timeout (nginx's are 10 s). */
		if (s[i].closed < 8)
			fail_msg("[%s] closed after %.1f s: %.200s", s[i].label, s[i].closed,
			    s[i].got);
		st = strncmp(s[i].got, "HTTP/1.", 7) == 0 ? atoi(s[i].got + 9) : 0;
		if (st != 0 && st != 408 && st != 400)
			fail_msg("[%s] answered %d: %.300s", s[i].label, st, s[i].got);
	}
	assert_true(d >= 10);
	assert_int_equal(items_of(id), n);
	assert_int_equal(db_fingerprint(), fp);
	req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
}

/* ------------------------------------------------------------------ */
/* 4. FastCGI straight to the workers.                                  */
/* ------------------------------------------------------------------ */

/* FastCGI parameters of a JSON POST to path; static storage, NULL-terminated. */
static const char *const *
fparams(const char *method, const char *path, const char *token, const char *cl)
{
	static char	 m[32], u[256], a[2048], c[64];
	static const char *p[12];
	int		 i = 0;

	snprintf(m, sizeof(m), "REQUEST_METHOD=%s", method);
	snprintf(u, sizeof(u), "DOCUMENT_URI=%s", path);
	snprintf(a, sizeof(a), "HTTP_AUTHORIZATION=Bearer %s", token);
	snprintf(c, sizeof(c), "CONTENT_LENGTH=%s", cl != NULL ? cl : "");
	p[i++] = m;
	p[i++] = u;
	p[i++] = "SCRIPT_NAME=/";
	p[i++] = "QUERY_STRING=";
	p[i++] = "SERVER_PROTOCOL=HTTP/1.1";
	p[i++] = "GATEWAY_INTERFACE=CGI/1.1";
	p[i++] = "HTTP_HOST=localhost";
	p[i++] = "CONTENT_TYPE=application/json";
	if (token != NULL)
		p[i++] = a;
	if (cl != NULL)
		p[i++] = c;
	p[i] = NULL;
	return p;
}

static const char item_json[] = "{\"kind\":\"road\",\"condition\":\"poor\"}";

/* The app never takes a short body as complete, nor reads past its length. */
static void
test_fcgi_body_length_mismatch(void **state)
{
	struct raw	 r;
	long long	 id, n, fp;
	const char	*t = tok_street("yinan");
	char		 cl[32], longer[256];

	(void)state;
	id = make_declared("yinan");
	/* Control: the exact length creates the item. */
	n = items_of(id);
	snprintf(cl, sizeof(cl), "%zu", strlen(item_json));
	if (fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, cl), item_json,
	    strlen(item_json), 1, 0, 10000) != 201)
		fail_msg("FastCGI control: %d %.300s", r.status, r.text);
	raw_free(&r);
	assert_int_equal(items_of(id), n + 1);
	/* CONTENT_LENGTH far larger than the body, stdin ended: 400, nothing. */
	n = items_of(id);
	fp = db_fingerprint();
	fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, "60000"), item_json,
	    strlen(item_json), 1, 0, 10000);
	if (r.status != 400 || strstr(r.body, "shorter") == NULL)
		fail_msg("short body: %d %.300s", r.status, r.text);
	raw_free(&r);
	fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, "35"), item_json,
	    strlen(item_json), 1, 0, 10000);
	assert_int_equal(r.status, 400);
	raw_free(&r);
	fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, "100"), "", 0, 1, 0, 10000);
	assert_int_equal(r.status, 400);
	raw_free(&r);
	/* A body longer than CONTENT_LENGTH: only the first 2 bytes, "{}", are read. */
	snprintf(longer, sizeof(longer), "{}%s", item_json);
	fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, "2"), longer,
	    strlen(longer), 1, 0, 10000);
	if (r.status != 400 || strstr(r.body, "\"kind\"") == NULL)
		fail_msg("long body: %d %.300s", r.status, r.text);
	raw_free(&r);
	assert_int_equal(items_of(id), n);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_fcgi_malformed_content_length(void **state)
{
	static const char *const bad[] = {
		"-1", "abc", "1e3", "0x22", "34abc", "99999999999999999999", "-0x1",
		"18446744073709551616", "34 34",
	};
	struct raw	 r;
	long long	 id, fp;
	const char	*t = tok_street("yinan");
	size_t		 i;

	(void)state;
	id = make_declared("yinan");
	fp = db_fingerprint();
	for (i = 0; i < NELEM(bad); i++) {
		fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, bad[i]), item_json,
		    strlen(item_json), 1, 0, 10000);
		if (r.status != 400 && r.status != 413)
			fail_msg("CONTENT_LENGTH %s: %d %.300s", bad[i], r.status, r.text);
		if (strstr(r.body, "\"error\"") == NULL)
			fail_msg("CONTENT_LENGTH %s: not a JSON error: %.300s", bad[i], r.body);
		raw_free(&r);
	}
	/* Over max_body: 413 before a byte of the body is read. */
	fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, "70000"), item_json,
	    strlen(item_json), 0, 0, 10000);
	if (r.status != 413)
		fail_msg("CONTENT_LENGTH 70000: %d %.300s", r.status, r.text);
	raw_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

/* A FastCGI client that hangs up mid-body costs its request, never a worker. */
static void
test_fcgi_hangup_mid_body(void **state)
{
	struct raw	 r;
	long long	 id, fp;
	const char	*t = tok_street("yinan");
	static const char *const ready[] = {
		"REQUEST_METHOD=GET", "DOCUMENT_URI=/readyz", "SCRIPT_NAME=/readyz",
		"QUERY_STRING=", NULL,
	};
	int		 i;

	(void)state;
	id = make_declared("yinan");
	fp = db_fingerprint();
	for (i = 0; i < 4; i++) {
		fcgi_request(&r, fparams("POST", cpath(id, "/items"), t, "5000"), item_json,
		    i % 2 == 0 ? strlen(item_json) : 0, 0, 1, 0);
		raw_free(&r);
	}
	/* Never even the end of the parameters. */
	for (i = 0; i < 2; i++) {
		fcgi_request(&r, NULL, NULL, 0, 0, 1, 0);
		raw_free(&r);
	}
	for (i = 0; i < 4; i++) {
		if (fcgi_request(&r, ready, NULL, 0, 1, 0, 10000) != 200)
			fail_msg("readyz over FastCGI: %d %.300s", r.status, r.text);
		raw_free(&r);
	}
	assert_int_equal(db_fingerprint(), fp);
}

/* ------------------------------------------------------------------ */
/* 5. Privileges.                                                       */
/* ------------------------------------------------------------------ */

static void
check_unprivileged(const char *what, pid_t pid, const struct passwd *pw)
{
	struct proc_ids	 ids;
	int		 i;

	if (proc_ids(pid, &ids) == -1)
		fail_msg("%s %d: gone", what, (int)pid);
	for (i = 0; i < 4; i++) {
		if (ids.uid[i] != pw->pw_uid)
			fail_msg("%s %d: uid[%d] %d, not %s (%d)", what, (int)pid, i,
			    (int)ids.uid[i], pw->pw_name, (int)pw->pw_uid);
		if (ids.gid[i] != pw->pw_gid)
			fail_msg("%s %d: gid[%d] %d, not %d", what, (int)pid, i,
			    (int)ids.gid[i], (int)pw->pw_gid);
	}
	for (i = 0; i < ids.ngroups; i++)
		if (ids.groups[i] == 0)
			fail_msg("%s %d: still in group root", what, (int)pid);
	if (ids.cap_eff != 0 || ids.cap_prm != 0)
		fail_msg("%s %d: capabilities %llx/%llx", what, (int)pid, ids.cap_eff,
		    ids.cap_prm);
}

/* The stack's master and every worker run as `user`, without capabilities. */
static void
test_workers_unprivileged(void **state)
{
	struct passwd	*pw;
	pid_t		 master = proc_master(), kids[128];
	int		 n, i;

	(void)state;
	assert_true(master > 1);
	pw = getpwnam(conf_get(CONF_USER));
	if (pw == NULL)
		fail_msg("no user %s", conf_get(CONF_USER));
	assert_true(pw->pw_uid != 0);
	check_unprivileged("master", master, pw);
	n = proc_children(master, kids, 128);
	assert_true(n >= 1);
	for (i = 0; i < n; i++)
		check_unprivileged("worker", kids[i], pw);
}

/* Who may reach what: the two sockets, the keys, the configuration. */
static void
test_sockets_and_keys(void **state)
{
	struct stat	 st;
	struct group	*gr;
	struct passwd	*pw = getpwnam(conf_get(CONF_USER));
	char		 path[512];
	const char	*d = getenv("JIUGAI_TEST_DIR");
	DIR		*dir;
	struct dirent	*e;
	int		 pg = 0;

	(void)state;
	assert_non_null(pw);
	assert_non_null(d);
	/* FastCGI: root's, nginx's group, 0660: only nginx reaches the workers. */
	assert_int_equal(stat(conf_get(CONF_SOCKET), &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0660);
	gr = getgrnam(conf_get(CONF_SOCKET_GROUP));
	assert_non_null(gr);
	assert_int_equal(st.st_gid, gr->gr_gid);
	assert_int_equal(st.st_uid, 0);
	/* PostgreSQL (trust auth): 0770, the app user's group. */
	snprintf(path, sizeof(path), "%s/run", d);
	if ((dir = opendir(path)) != NULL) {
		while ((e = readdir(dir)) != NULL) {
			if (strncmp(e->d_name, ".s.PGSQL.", 9) != 0 || strstr(e->d_name, ".lock"))
				continue;
			snprintf(path, sizeof(path), "%s/run/%s", d, e->d_name);
			assert_int_equal(stat(path, &st), 0);
			assert_int_equal(st.st_mode & 07777, 0770);
			assert_int_equal(st.st_gid, pw->pw_gid);
			pg++;
		}
		closedir(dir);
	}
	if (getenv("JIUGAI_DATABASE_URL") != NULL &&
	    strstr(getenv("JIUGAI_DATABASE_URL"), d) != NULL)
		assert_int_equal(pg, 1);
	/* The signing key and the configuration: root only. */
	assert_int_equal(stat(conf_get(CONF_KEY_PRIVATE), &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	assert_true(st.st_uid != pw->pw_uid);
	assert_int_equal(stat(getenv("JIUGAI_CONFIG"), &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	assert_true(st.st_uid != pw->pw_uid);
}

/* A second master of our own, in D/secmaster, with `user = ...` as given. */
struct master {
	char	 dir[512], conf[600], sock[600], pidf[600], log[600];
	pid_t	 pid;
};

static void
master_start(struct master *m, const char *user_line)
{
	FILE		*f;
	char		 env[3][700];
	char		*envp[6], *argv[3];
	int		 fd, i = 0;

	memset(m, 0, sizeof(*m));
	snprintf(m->dir, sizeof(m->dir), "%s/secmaster", getenv("JIUGAI_TEST_DIR"));
	mkdir(m->dir, 0755);
	snprintf(m->conf, sizeof(m->conf), "%s/jiugai.conf", m->dir);
	snprintf(m->sock, sizeof(m->sock), "%s/s.sock", m->dir);
	snprintf(m->pidf, sizeof(m->pidf), "%s/s.pid", m->dir);
	snprintf(m->log, sizeof(m->log), "%s/s.log", m->dir);
	unlink(m->sock);
	unlink(m->pidf);
	unlink(m->log);
	f = fopen(m->conf, "w");
	assert_non_null(f);
	fprintf(f, "database_url = %s\nsocket = %s\npidfile = %s\nworkers = 2\n"
	    "socket_group = %s\nkey_public = %s\nissuer = %s\naudience = %s\n%s\n",
	    conf_get(CONF_DATABASE_URL), m->sock, m->pidf, conf_get(CONF_SOCKET_GROUP),
	    conf_get(CONF_KEY_PUBLIC), conf_get(CONF_ISSUER), conf_get(CONF_AUDIENCE),
	    user_line);
	fclose(f);
	chmod(m->conf, 0600);
	/* None of the stack's JIUGAI_*: JIUGAI_PIDFILE would win over the file. */
	snprintf(env[0], sizeof(env[0]), "JIUGAI_CONFIG=%s", m->conf);
	envp[i++] = env[0];
	envp[i++] = (char *)"PATH=/usr/bin:/bin";
	if (getenv("ASAN_OPTIONS") != NULL) {
		snprintf(env[1], sizeof(env[1]), "ASAN_OPTIONS=%s", getenv("ASAN_OPTIONS"));
		envp[i++] = env[1];
	}
	if (getenv("UBSAN_OPTIONS") != NULL) {
		snprintf(env[2], sizeof(env[2]), "UBSAN_OPTIONS=%s", getenv("UBSAN_OPTIONS"));
		envp[i++] = env[2];
	}
	envp[i] = NULL;
	argv[0] = getenv("JIUGAI_BIN");
	argv[1] = (char *)"serve";
	argv[2] = NULL;
	assert_non_null(argv[0]);
	m->pid = fork();
	assert_true(m->pid >= 0);
	if (m->pid == 0) {
		setsid();
		if ((fd = open(m->log, O_WRONLY | O_CREAT | O_APPEND, 0644)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execve(argv[0], argv, envp);
		_exit(127);
	}
}

/* Wait up to secs for the master to exit; its wait status, or -1. */
static int
master_exit(struct master *m, double secs)
{
	double	 t0 = now_s();
	int	 st;

	while (now_s() - t0 < secs) {
		if (waitpid(m->pid, &st, WNOHANG) == m->pid) {
			m->pid = 0;
			return st;
		}
		usleep(20000);
	}
	return -1;
}

/* Whatever is left of it, gone. */
static void
master_kill(struct master *m)
{
	if (m->pid > 0) {
		kill(-m->pid, SIGKILL);
		waitpid(m->pid, NULL, 0);
		m->pid = 0;
	}
}

static int
log_has(const struct master *m, const char *text)
{
	FILE	*f = fopen(m->log, "r");
	char	 line[1024];
	int	 found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, text) != NULL;
	fclose(f);
	return found;
}

/* Started as root, the master will not stay root: it refuses, and cleans up. */
static void
test_master_refuses_to_stay_root(void **state)
{
	static const char *const lines[][2] = {
		{ "user =", "refusing to serve as root" },
		{ "user = root", "is root" },
		{ "user = no-such-user-jg", "no such user" },
	};
	struct master	 m;
	struct stat	 st;
	size_t		 i;
	int		 ws;

	(void)state;
	if (geteuid() != 0)
		skip();
	for (i = 0; i < NELEM(lines); i++) {
		master_start(&m, lines[i][0]);
		ws = master_exit(&m, 20);
		master_kill(&m);
		if (ws == -1 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 1)
			fail_msg("[%s] want exit 1, got wait status %d", lines[i][0], ws);
		if (!log_has(&m, lines[i][1]))
			fail_msg("[%s] the log does not say \"%s\"", lines[i][0], lines[i][1]);
		assert_int_equal(stat(m.sock, &st), -1);
		assert_int_equal(stat(m.pidf, &st), -1);
	}
}

/*
 * A master that drops root, and whose whole process group gets SIGTERM at
 * once (a service manager's default): workers run as `user`, and every
 * process exits promptly (the master used to wait forever for workers it
 * had already reaped).
 */
static void
test_master_drops_and_stops_on_group_sigterm(void **state)
{
	struct master	 m;
	struct passwd	*pw = getpwnam(conf_get(CONF_USER));
	struct stat	 st;
	pid_t		 kids[16];
	char		 line[256];
	double		 t0;
	int		 n = 0, ws, round;

	(void)state;
	if (geteuid() != 0)
		skip();
	assert_non_null(pw);
	for (round = 0; round < 2; round++) {
		snprintf(line, sizeof(line), "user = %s", pw->pw_name);
		master_start(&m, line);
		t0 = now_s();
		while (now_s() - t0 < 30) {
			n = proc_children(m.pid, kids, 16);
			if (n == 2 && stat(m.sock, &st) == 0)
				break;
			usleep(20000);
		}
		if (n != 2) {
			master_kill(&m);
			fail_msg("the second master has %d workers", n);
		}
		check_unprivileged("second master", m.pid, pw);
		check_unprivileged("its worker", kids[0], pw);
		check_unprivileged("its worker", kids[1], pw);
		assert_int_equal(st.st_mode & 07777, 0660);
		assert_true(log_has(&m, "serving as"));
		if (round == 0) {
			/*
			 * The whole group, with the workers winning the race:
			 * the master (stopped meanwhile) finds them already
			 * dead when it wakes up.
			 */
			kill(m.pid, SIGSTOP);
			kill(-m.pid, SIGTERM);
			t0 = now_s();
			while (proc_children(m.pid, kids + 2, 8) > 0 && now_s() - t0 < 15)
				usleep(20000);
			assert_int_equal(proc_children(m.pid, kids + 2, 8), 0);
			kill(m.pid, SIGCONT);
		} else
			kill(m.pid, SIGTERM);
		ws = master_exit(&m, 15);
		master_kill(&m);
		if (ws == -1 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
			fail_msg("[%s] SIGTERM: want exit 0, got wait status %d",
			    round == 0 ? "group" : "master", ws);
		assert_true(log_has(&m, "stopped"));
		assert_int_equal(kill(kids[0], 0) == -1 && kill(kids[1], 0) == -1, 1);
	}
}

/* ------------------------------------------------------------------ */
/* 6. The production example stays valid and as strict as this one.    */
/* ------------------------------------------------------------------ */

/* Run argv with its output to log; the exit status, or -1. */
static int
run(char *const argv[], const char *log)
{
	pid_t	 pid;
	int	 st, fd;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600)) >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* The whole of a file, NUL-terminated; malloc'd. */
static char *
slurp(const char *path)
{
	FILE	*f = fopen(path, "r");
	char	*b;
	long	 n;

	if (f == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = '\0';
	fclose(f);
	return b;
}

/* s with every "from" replaced by "to" (there must be one); malloc'd, s freed. */
static char *
replace(char *s, const char *from, const char *to)
{
	const char	*p, *r;
	char		*o, *q;
	size_t		 n = 0, fl = strlen(from), tl = strlen(to);

	for (p = s; (p = strstr(p, from)) != NULL; p += fl)
		n++;
	assert_true(n > 0);
	o = malloc(strlen(s) + n * tl + 1);
	assert_non_null(o);
	for (r = s, q = o; (p = strstr(r, from)) != NULL; r = p + fl) {
		memcpy(q, r, (size_t)(p - r));
		q += p - r;
		memcpy(q, to, tl);
		q += tl;
	}
	strcpy(q, r);
	free(s);
	return o;
}

/*
 * nginx -t on nginx/production.conf.example, rendered with a throwaway
 * self-signed certificate in the test directory (removed afterwards), as
 * an http-context file the way Debian's nginx.conf includes conf.d/.
 */
static void
test_production_example_passes_nginx_t(void **state)
{
	char		 d[512], p[4][700], *c, *conf;
	char		 key[700], cert[700], log[700], wrap[700];
	FILE		*f;
	int		 rc;

	(void)state;
	snprintf(d, sizeof(d), "%s/prodconf", getenv("JIUGAI_TEST_DIR"));
	mkdir(d, 0700);
	snprintf(key, sizeof(key), "%s/key.pem", d);
	snprintf(cert, sizeof(cert), "%s/cert.pem", d);
	snprintf(log, sizeof(log), "%s/log", d);
	{
		char *const argv[] = {
			(char *)"openssl", (char *)"req", (char *)"-x509", (char *)"-newkey",
			(char *)"ec", (char *)"-pkeyopt", (char *)"ec_paramgen_curve:P-256",
			(char *)"-nodes", (char *)"-days", (char *)"1", (char *)"-subj",
			(char *)"/CN=jiugai.example.gov.cn", (char *)"-keyout", key,
			(char *)"-out", cert, NULL,
		};

		assert_int_equal(run(argv, log), 0);
	}
	c = slurp("nginx/production.conf.example");
	c = replace(c, "/etc/ssl/jiugai/fullchain.pem", cert);
	c = replace(c, "/etc/ssl/private/jiugai.key", key);
	snprintf(p[0], sizeof(p[0]), "%s/", d);
	c = replace(c, "/var/log/nginx/", p[0]);
	snprintf(p[1], sizeof(p[1]), "%s/static/", d);
	c = replace(c, "/usr/local/share/jiugai/static/", p[1]);
	snprintf(p[2], sizeof(p[2]), "%s/jiugai.conf", d);
	f = fopen(p[2], "w");
	assert_non_null(f);
	fputs(c, f);
	fclose(f);
	free(c);
	snprintf(wrap, sizeof(wrap), "%s/nginx.conf", d);
	for (rc = 0; rc < 2; rc++) {
		f = fopen(wrap, "w");
		assert_non_null(f);
		fprintf(f, "user www-data;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
		    "events { worker_connections 64; }\nhttp {\n"
		    "\tinclude /etc/nginx/mime.types;\n"
		    "\tclient_body_temp_path %s/t1;\n\tfastcgi_temp_path %s/t2;\n"
		    "\tproxy_temp_path %s/t3;\n\tuwsgi_temp_path %s/t4;\n"
		    "\tscgi_temp_path %s/t5;\n\tinclude %s;\n%s}\n", d, d, d, d, d, d, d,
		    p[2], rc == 0 ? "" : "\tlisten 80;\n");
		fclose(f);
		snprintf(p[3], sizeof(p[3]), "%s/error.log", d);
		{
			char *const argv[] = {
				(char *)"nginx", (char *)"-q", (char *)"-t", (char *)"-e", p[3],
				(char *)"-p", p[0], (char *)"-c", wrap, NULL,
			};
			int	 t = run(argv, log);

			/* Round 1 breaks the file on purpose: the check can fail. */
			if (rc == 0 && t != 0) {
				conf = slurp(log);
				fail_msg("nginx -t on production.conf.example: %s", conf);
			}
			if (rc == 1)
				assert_true(t != 0);
		}
	}
	unlink(key);
	unlink(cert);
}

/* One directive line, comment and extra white space removed, into out. */
static void
directive(const char *line, char *out, size_t n)
{
	size_t	 k = 0;
	int	 sp = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	for (; *line != '\0' && *line != '\n' && k + 1 < n; line++) {
		if (*line == '#' && (k == 0 || sp))
			break;
		if (*line == ' ' || *line == '\t') {
			sp = 1;
			continue;
		}
		if (sp && k > 0)
			out[k++] = ' ';
		sp = 0;
		out[k++] = *line;
	}
	out[k] = '\0';
}

/*
 * Every limit, timeout, header and error page of the development
 * configuration is in the production example too, with the same value.
 */
static void
test_production_example_keeps_the_limits(void **state)
{
	static const char *const kinds[] = {
		"add_header ", "client_header_", "client_max_body_size ",
		"client_body_buffer_size ", "client_body_timeout ", "large_client_header_buffers ",
		"send_timeout ", "keepalive_timeout ", "reset_timedout_connection ",
		"fastcgi_connect_timeout ", "fastcgi_send_timeout ", "fastcgi_read_timeout ",
		"fastcgi_keep_conn ", "fastcgi_next_upstream ", "fastcgi_param ", "error_page ",
		"server_tokens ", "return 4", "return 5", "map ",
	};
	char		*dev = slurp("nginx/jiugai.conf.in");
	char		*prod = slurp("nginx/production.conf.example");
	char		 want[1024], have[1024];
	const char	*l, *m;
	size_t		 i, found;
	int		 checked = 0, ok;

	(void)state;
	for (l = dev; l != NULL && *l != '\0'; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		directive(l, want, sizeof(want));
		for (found = 0, i = 0; i < NELEM(kinds); i++)
			if (strncmp(want, kinds[i], strlen(kinds[i])) == 0)
				found = 1;
		if (!found)
			continue;
		checked++;
		for (ok = 0, m = prod; !ok && m != NULL && *m != '\0';
		    m = strchr(m, '\n') ? strchr(m, '\n') + 1 : NULL) {
			directive(m, have, sizeof(have));
			ok = strcmp(want, have) == 0;
		}
		if (!ok)
			fail_msg("production.conf.example lacks: %s", want);
	}
	assert_true(checked >= 25);
	assert_non_null(strstr(prod, "Strict-Transport-Security \"max-age=31536000; "
	    "includeSubDomains\" always;"));
	assert_non_null(strstr(prod, "ssl_protocols TLSv1.2 TLSv1.3;"));
	free(dev);
	free(prod);
}

/* ------------------------------------------------------------------ */
/* The server is whole afterwards.                                      */
/* ------------------------------------------------------------------ */

/* The very same workers as at the start: no attack above killed one. */
static void
test_zz_same_workers_still_serving(void **state)
{
	(void)state;
	proc_workers_still_serving();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_security_headers_on_every_answer),
		cmocka_unit_test(test_header_over_8k),
		cmocka_unit_test(test_many_headers),
		cmocka_unit_test(test_request_line_over_8k),
		cmocka_unit_test(test_body_64k_plus_one_every_route),
		cmocka_unit_test(test_chunked_bodies),
		cmocka_unit_test(test_expect_continue_huge),
		cmocka_unit_test(test_request_smuggling_shapes),
		cmocka_unit_test(test_short_body_then_eof),
		cmocka_unit_test(test_slow_clients),
		cmocka_unit_test(test_fcgi_body_length_mismatch),
		cmocka_unit_test(test_fcgi_malformed_content_length),
		cmocka_unit_test(test_fcgi_hangup_mid_body),
		cmocka_unit_test(test_workers_unprivileged),
		cmocka_unit_test(test_sockets_and_keys),
		cmocka_unit_test(test_master_refuses_to_stay_root),
		cmocka_unit_test(test_master_drops_and_stops_on_group_sigterm),
		cmocka_unit_test(test_production_example_passes_nginx_t),
		cmocka_unit_test(test_production_example_keeps_the_limits),
		cmocka_unit_test(test_zz_same_workers_still_serving),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, proc_workers_setup, NULL);
	client_done();
	return rc;
}
