/*
 * raw.c - see raw.h.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "raw.h"

static double
now(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int
raw_connect(void)
{
	const char		*u = getenv("JIUGAI_TEST_URL");
	struct sockaddr_in	 sa;
	char			 host[64];
	const char		*p;
	int			 fd, port;

	if (u == NULL || strncmp(u, "http://", 7) != 0)
		return -1;
	p = strrchr(u + 7, ':');
	if (p == NULL || (size_t)(p - (u + 7)) >= sizeof(host))
		return -1;
	memcpy(host, u + 7, (size_t)(p - (u + 7)));
	host[p - (u + 7)] = '\0';
	port = atoi(p + 1);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		return -1;
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

void
raw_parse(struct raw *r)
{
	char	*e;

	r->status = 0;
	r->body = r->text + r->len;
	if (r->len > 12 && strncmp(r->text, "HTTP/1.", 7) == 0)
		r->status = atoi(r->text + 9);
	if ((e = strstr(r->text, "\r\n\r\n")) != NULL)
		r->body = e + 4;
}

/*
 * Is r one whole HTTP response: its head, and as many body bytes as its
 * Content-Length says?  (nginx may keep reading a refused request's body
 * for seconds before it closes: no need to wait for that.)
 */
static int
complete(const struct raw *r)
{
	const char	*e = strstr(r->text, "\r\n\r\n"), *p;
	size_t		 head;

	if (e == NULL)
		return 0;
	head = (size_t)(e + 4 - r->text);
	for (p = r->text; p < e; p = strstr(p, "\r\n") + 2)
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			return r->len >= head + strtoul(p + 15, NULL, 10);
	return 0;
}

/*
 * Append whatever fd has to r until it closes or the deadline passes (or,
 * with http, until a whole response is in).
 */
static void
read_all(struct raw *r, int fd, double deadline, int http)
{
	struct pollfd	 pfd;
	char		 buf[16384], *nt;
	ssize_t		 n;
	int		 ms;

	for (;;) {
		ms = (int)((deadline - now()) * 1000);
		if (ms <= 0)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, ms) <= 0)
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0) {
			if (n == 0 || errno == ECONNRESET)
				r->closed = 1;
			if (n == 0 || errno != EINTR)
				break;
			continue;
		}
		if ((nt = realloc(r->text, r->len + (size_t)n + 1)) == NULL)
			break;
		r->text = nt;
		memcpy(r->text + r->len, buf, (size_t)n);
		r->len += (size_t)n;
		r->text[r->len] = '\0';
		if (http && complete(r))
			break;
	}
}

int
raw_http(struct raw *r, const char *req, size_t len, int timeout_ms)
{
	double	 t0 = now();
	size_t	 off = 0;
	ssize_t	 n;
	int	 fd;

	memset(r, 0, sizeof(*r));
	r->text = calloc(1, 1);
	if (r->text == NULL || (fd = raw_connect()) == -1)
		return 0;
	while (off < len) {
		n = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
	}
	read_all(r, fd, t0 + timeout_ms / 1000.0, 1);
	close(fd);
	r->secs = now() - t0;
	raw_parse(r);
	return r->status;
}

int
raw_get(struct raw *r, const char *req, int timeout_ms)
{
	return raw_http(r, req, strlen(req), timeout_ms);
}

void
raw_free(struct raw *r)
{
	free(r->text);
	memset(r, 0, sizeof(*r));
}

int
raw_header(const struct raw *r, const char *name, char *out, size_t n)
{
	const char	*p = r->text, *eol, *end = r->body;
	size_t		 nl = strlen(name), k;
	int		 count = 0;

	if (n > 0)
		out[0] = '\0';
	if (p == NULL)
		return 0;
	while (p < end && (eol = strstr(p, "\r\n")) != NULL && eol < end) {
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			if (count++ == 0 && n > 0) {
				p += nl + 1;
				while (*p == ' ')
					p++;
				k = (size_t)(eol - p) < n - 1 ? (size_t)(eol - p) : n - 1;
				memcpy(out, p, k);
				out[k] = '\0';
			}
		}
		p = eol + 2;
	}
	return count;
}

/* ------------------------------------------------------------------ */
/* FastCGI.                                                             */
/* ------------------------------------------------------------------ */

enum {
	FCGI_BEGIN_REQUEST = 1,
	FCGI_END_REQUEST = 3,
	FCGI_PARAMS = 4,
	FCGI_STDIN = 5,
	FCGI_STDOUT = 6
};

struct obuf {
	unsigned char	*p;
	size_t		 len, cap;
};

static void
put(struct obuf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 256;
		if ((b->p = realloc(b->p, b->cap)) == NULL)
			abort();
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* One record of type t, request id 1, no padding. */
static void
record(struct obuf *b, int t, const void *p, size_t n)
{
	unsigned char	 h[8] = { 1, (unsigned char)t, 0, 1,
	    (unsigned char)(n >> 8), (unsigned char)n, 0, 0 };

	put(b, h, 8);
	if (n > 0)
		put(b, p, n);
}

static void
putlen(struct obuf *b, size_t n)
{
	unsigned char	 l[4];

	if (n < 128) {
		l[0] = (unsigned char)n;
		put(b, l, 1);
		return;
	}
	l[0] = (unsigned char)(0x80 | (n >> 24));
	l[1] = (unsigned char)(n >> 16);
	l[2] = (unsigned char)(n >> 8);
	l[3] = (unsigned char)n;
	put(b, l, 4);
}

/* Data split into records of at most 32 KiB. */
static void
stream(struct obuf *b, int t, const char *p, size_t n)
{
	size_t	 k;

	while (n > 0) {
		k = n > 32768 ? 32768 : n;
		record(b, t, p, k);
		p += k;
		n -= k;
	}
}

static int
fcgi_connect(void)
{
	const char		*d = getenv("JIUGAI_TEST_DIR");
	struct sockaddr_un	 sa;
	int			 fd;

	if (d == NULL)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/run/jiugai.sock", d) >=
	    sizeof(sa.sun_path))
		return -1;
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The STDOUT stream of the records in in[0..n), into r->text. */
static void
fcgi_stdout(struct raw *r, const unsigned char *in, size_t n)
{
	size_t	 off = 0, clen, plen;
	char	*out;

	out = calloc(1, n + 1);
	if (out == NULL)
		return;
	r->len = 0;
	while (off + 8 <= n) {
		clen = (size_t)in[off + 4] << 8 | in[off + 5];
		plen = in[off + 6];
		if (off + 8 + clen + plen > n)
			break;
		if (in[off + 1] == FCGI_STDOUT) {
			memcpy(out + r->len, in + off + 8, clen);
			r->len += clen;
		}
		off += 8 + clen + plen;
	}
	out[r->len] = '\0';
	free(r->text);
	r->text = out;
}

int
fcgi_request(struct raw *r, const char *const *params, const char *body,
    size_t len, int close_stdin, int hangup, int timeout_ms)
{
	static const unsigned char begin[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
	struct obuf	 b = { NULL, 0, 0 }, pb = { NULL, 0, 0 };
	const char	*eq, *s;
	double		 t0 = now();
	size_t		 off = 0, i, nl;
	ssize_t		 n;
	int		 fd;

	memset(r, 0, sizeof(*r));
	r->text = calloc(1, 1);
	if (r->text == NULL || (fd = fcgi_connect()) == -1)
		return -1;
	record(&b, FCGI_BEGIN_REQUEST, begin, sizeof(begin));
	for (i = 0; params != NULL && params[i] != NULL; i++) {
		if ((eq = strchr(params[i], '=')) == NULL)
			continue;
		nl = (size_t)(eq - params[i]);
		putlen(&pb, nl);
		putlen(&pb, strlen(eq + 1));
		put(&pb, params[i], nl);
		put(&pb, eq + 1, strlen(eq + 1));
	}
	stream(&b, FCGI_PARAMS, (const char *)pb.p, pb.len);
	record(&b, FCGI_PARAMS, NULL, 0);
	stream(&b, FCGI_STDIN, body, len);
	if (close_stdin)
		record(&b, FCGI_STDIN, NULL, 0);
	while (off < b.len) {
		n = send(fd, b.p + off, b.len - off, MSG_NOSIGNAL);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break;
		}
		off += (size_t)n;
	}
	free(b.p);
	free(pb.p);
	if (hangup) {
		close(fd);
		r->secs = now() - t0;
		return 0;
	}
	read_all(r, fd, t0 + timeout_ms / 1000.0, 0);
	close(fd);
	r->secs = now() - t0;
	fcgi_stdout(r, (const unsigned char *)r->text, r->len);
	r->body = r->text + r->len;
	r->status = 0;
	if (r->len > 0) {
		r->status = 200;
		if ((s = strstr(r->text, "\r\n\r\n")) != NULL)
			r->body = s + 4;
		if (strncasecmp(r->text, "Status:", 7) == 0)
			r->status = atoi(r->text + 7);
	}
	return r->status;
}
