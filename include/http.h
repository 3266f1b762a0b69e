/*
 * http.h - the request context, and the one way a response leaves.
 */
#ifndef JIUGAI_HTTP_H
#define JIUGAI_HTTP_H

#include <stddef.h>

#include "arena.h"
#include "auth.h"
#include "buf.h"
#include "err.h"
#include "wf.h"

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_PATCH,
	METHOD_PUT,
	METHOD_DELETE,
	METHOD_OTHER,
	METHOD__MAX
};

/*
 * Everything about one request.  All pointers are into the request's
 * arena (copied out of libfcgi's parameters, which die at FCGX_Finish_r).
 */
struct req {
	struct arena	*a;
	enum method	 method;
	const char	*path;		/* DOCUMENT_URI, decoded by nginx */
	const char	*query;		/* QUERY_STRING, raw */
	const char	*ctype;		/* CONTENT_TYPE or "" */
	const char	*authz;		/* HTTP_AUTHORIZATION or NULL */
	const char	*if_match;	/* HTTP_IF_MATCH or NULL */
	const char	*idem_key;	/* HTTP_IDEMPOTENCY_KEY or NULL */
	const char	*cookie;	/* HTTP_COOKIE or NULL */
	const char	*origin;	/* HTTP_ORIGIN or NULL */
	const char	*host;		/* JIUGAI_SITE: scheme://host:port asked for */
	const char	*accept_lang;	/* HTTP_ACCEPT_LANGUAGE or NULL */
	const char	*accept;	/* HTTP_ACCEPT or NULL */
	int		 https;		/* HTTPS is "on" */
	const char	*body;		/* NUL-terminated copy */
	size_t		 bodylen;
	long long	 now;		/* seconds since the epoch, at arrival */
	int		 route;		/* index into the route table, -1 */
	long long	 id;		/* the {id} of the path, 0 when none */
	const char	*code;		/* the {code} of the path, NULL when none */
	/* After authentication. */
	int		 authed;
	struct claims	 claims;
	struct wf_actor	 actor;
	const char	*role;		/* the role recorded in events */
	/* The response. */
	int		 status;
	struct buf	 out;
	const char	*out_ctype;
	const char	*etag;		/* version of the community answered */
	const char	*allow;		/* a 405's Allow header */
	const char	*location;	/* a redirect's Location header */
	const char	*disposition;	/* a download's Content-Disposition (200 only) */
	const char	*set_cookie[4];	/* Set-Cookie headers (NULL: none) */
	/* The web pages (web.h). */
	int		 lang;		/* enum lang of the page */
	const char	*form;		/* a posted form's body, or NULL */
	const char	*csrf;		/* the session's CSRF token, or NULL */
	const char	*back;		/* the page a form came from */
	int		 session_expired; /* a session cookie was refused */
	/*
	 * Put before the name and id of each field web_input() & co. draw
	 * (a page with two forms that share field names); NULL: none.
	 */
	const char	*field_prefix;
	/* Error detail, set by handlers before returning an error. */
	const char	*err_msg;	/* overrides errs[].message */
	const char	*err_details;	/* a JSON value, or NULL */
};

/* Set a specific message (arena copy not needed for literals). */
enum jg_err	 req_fail(struct req *r, enum jg_err e, const char *msg);
/* Fail naming the offending field: details {"field": name}. */
enum jg_err	 req_fail_field(struct req *r, enum jg_err e, const char *field,
		    const char *msg);
/* Write the standard JSON error body for e into r (status, ctype, out). */
void		 http_error(struct req *r, enum jg_err e);

/*
 * Where a request comes from (server.c: libfcgi; tests/fuzz: bytes).
 * get(ctx, name) returns the FastCGI parameter name or NULL; the string
 * need only live until the next call.  read(ctx, buf, n) reads up to n
 * bytes of the body into buf and returns how many, 0 at its end or -1.
 */
struct http_source {
	const char	*(*get)(void *ctx, const char *name);
	long		 (*read)(void *ctx, char *buf, size_t n);
	void		*ctx;
};

/*
 * Fill r (whose arena is set) from src: the method (REQUEST_METHOD;
 * unknown ones are METHOD_OTHER), path (DOCUMENT_URI, else SCRIPT_NAME,
 * else "/"), QUERY_STRING, CONTENT_TYPE ("" when absent), and the
 * Authorization, If-Match and Idempotency-Key headers, all copied into
 * the arena; then the body, NUL-terminated.  CONTENT_LENGTH is checked
 * before any of the body is read: absent or empty means no body;
 * anything but decimal digits (no sign, no blanks) or a number too large
 * to read is JG_BAD_REQUEST (400), over maxbody JG_TOO_LARGE (413); a
 * body shorter than
 * it is JG_BAD_REQUEST.
 * Returns JG_OK, or the error with r->err_msg set where it helps.
 * Reads nothing but src: no configuration, clock or database.
 */
enum jg_err	 http_request_from_params(struct req *r,
		    const struct http_source *src, long maxbody);

#endif
