/*
 * raw.h - what curl cannot say: requests written byte for byte to nginx
 * over TCP (unnormalised paths, broken framing, slow or stalled clients),
 * and FastCGI records written straight to the workers' unix socket
 * (parameters and bodies nginx would never send).
 *
 * Environment (tests/run.sh): JIUGAI_TEST_URL (http://127.0.0.1:PORT),
 * JIUGAI_TEST_DIR (the workers' socket is JIUGAI_TEST_DIR/run/jiugai.sock).
 */
#ifndef JIUGAI_TEST_RAW_H
#define JIUGAI_TEST_RAW_H

#include <stddef.h>

/* A response as read off the wire; text is NUL-terminated. */
struct raw {
	int		 status;	/* 0: no status line (closed, timed out) */
	char		*text;		/* status line, headers and body */
	size_t		 len;
	const char	*body;		/* into text, after the blank line */
	int		 closed;	/* the peer closed (or reset) the connection */
	double		 secs;		/* from the first byte sent to the end */
};

/*
 * Send req[0..len) to nginx in one go (send errors are ignored: a server
 * may answer and close early), then read until a whole response (by its
 * Content-Length) is in, the peer closes, or timeout_ms pass.  Returns
 * the status (0: none).  Free with raw_free().
 */
int		 raw_http(struct raw *r, const char *req, size_t len, int timeout_ms);
/* The same for a NUL-terminated request. */
int		 raw_get(struct raw *r, const char *req, int timeout_ms);
void		 raw_free(struct raw *r);
/*
 * The value of header name (case-insensitive) in r, copied into out
 * (size n, NUL-terminated); returns how many times the header occurs.
 */
int		 raw_header(const struct raw *r, const char *name, char *out, size_t n);

/* A TCP connection to nginx, or -1; the caller closes it. */
int		 raw_connect(void);
/* Parse a response already read into r (status, body); text stays r's. */
void		 raw_parse(struct raw *r);

/*
 * One FastCGI request (role responder) straight to the workers' socket:
 * params is a NULL-terminated list of "NAME=value" strings; the body's
 * first len bytes go in STDIN records.  With close_stdin, an empty STDIN
 * record ends the stream; with hangup, the connection is closed right
 * after the body (nothing is read).  Reads STDOUT until END_REQUEST or
 * timeout_ms.  r->status comes from the "Status:" line (200 without one).
 * Returns the status, 0 when nothing came back, -1 when the socket cannot
 * be reached.
 */
int		 fcgi_request(struct raw *r, const char *const *params,
		    const char *body, size_t len, int close_stdin, int hangup,
		    int timeout_ms);

#endif
