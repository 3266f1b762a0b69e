/*
 * http.c - the request from its FastCGI parameters, and error answers:
 * one exit for every failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

static enum method
method_of(const char *m)
{
	static const char *const names[METHOD__MAX] = {
		"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", ""
	};
	int	 i;

	for (i = 0; i < METHOD_OTHER; i++)
		if (m != NULL && strcmp(m, names[i]) == 0)
			return (enum method)i;
	return METHOD_OTHER;
}

/* A copy of a parameter (libfcgi's die at FCGX_Finish_r), or NULL. */
static const char *
param(struct req *r, const struct http_source *src, const char *name)
{
	const char	*v = src->get(src->ctx, name);

	return v == NULL ? NULL : arena_strdup(r->a, v);
}

/*
 * Fill r from src and read the body, refusing (400/413) a length that
 * is malformed, too large or not matched by the body; see http.h.
 */
enum jg_err
http_request_from_params(struct req *r, const struct http_source *src,
    long maxbody)
{
	const char	*cl;
	char		*end, *body;
	long long	 len;
	long		 n;
	size_t		 got = 0;

	r->method = method_of(src->get(src->ctx, "REQUEST_METHOD"));
	r->path = param(r, src, "DOCUMENT_URI");
	if (r->path == NULL)
		r->path = param(r, src, "SCRIPT_NAME");
	if (r->path == NULL)
		r->path = "/";
	r->query = param(r, src, "QUERY_STRING");
	r->ctype = param(r, src, "CONTENT_TYPE");
	if (r->ctype == NULL)
		r->ctype = "";
	r->authz = param(r, src, "HTTP_AUTHORIZATION");
	r->if_match = param(r, src, "HTTP_IF_MATCH");
	r->idem_key = param(r, src, "HTTP_IDEMPOTENCY_KEY");
	r->cookie = param(r, src, "HTTP_COOKIE");
	r->origin = param(r, src, "HTTP_ORIGIN");
	r->host = param(r, src, "JIUGAI_SITE");
	r->accept_lang = param(r, src, "HTTP_ACCEPT_LANGUAGE");
	r->accept = param(r, src, "HTTP_ACCEPT");
	cl = src->get(src->ctx, "HTTPS");
	r->https = cl != NULL && strcasecmp(cl, "on") == 0;
	r->body = "";
	cl = src->get(src->ctx, "CONTENT_LENGTH");
	if (cl == NULL || *cl == '\0')
		return JG_OK;
	/* Digits only (RFC 9110 §8.6): no sign, no blanks. */
	if (strspn(cl, "0123456789") != strlen(cl))
		return req_fail(r, JG_BAD_REQUEST, "malformed Content-Length");
	errno = 0;
	len = strtoll(cl, &end, 10);
	if (errno != 0 || *end != '\0' || len < 0)
		return req_fail(r, JG_BAD_REQUEST, "malformed Content-Length");
	if (len > maxbody)
		return JG_TOO_LARGE;
	body = arena_alloc(r->a, (size_t)len + 1);
	while (got < (size_t)len) {
		n = src->read(src->ctx, body + got, (size_t)len - got);
		if (n <= 0 || (size_t)n > (size_t)len - got)
			break;
		got += (size_t)n;
	}
	if (got != (size_t)len)
		return req_fail(r, JG_BAD_REQUEST,
		    "the body is shorter than its Content-Length");
	body[got] = '\0';
	r->body = body;
	r->bodylen = got;
	return JG_OK;
}

enum jg_err
req_fail(struct req *r, enum jg_err e, const char *msg)
{
	r->err_msg = msg;
	return e;
}

enum jg_err
req_fail_field(struct req *r, enum jg_err e, const char *field, const char *msg)
{
	struct buf	 b;

	buf_init(&b, r->a);
	buf_puts(&b, "{\"field\":");
	buf_json_str(&b, field);
	buf_putc(&b, '}');
	r->err_details = b.p;
	r->err_msg = msg;
	return e;
}

void
http_error(struct req *r, enum jg_err e)
{
	const struct err_info	*ei;

	if (e <= JG_OK || e >= JG__MAX)
		e = JG_INTERNAL;
	ei = &errs[e];
	r->status = ei->status;
	r->out_ctype = "application/json";
	r->etag = NULL;
	buf_init(&r->out, r->a);
	buf_puts(&r->out, "{\"error\":{\"code\":");
	buf_json_str(&r->out, ei->code);
	buf_puts(&r->out, ",\"message\":");
	buf_json_str(&r->out, r->err_msg != NULL ? r->err_msg : ei->message);
	if (r->err_details != NULL) {
		buf_puts(&r->out, ",\"details\":");
		buf_puts(&r->out, r->err_details);
	}
	buf_puts(&r->out, "}}\n");
}
