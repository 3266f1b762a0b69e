/*
 * http.c - error answers: one exit for every failure.
 */
#include <string.h>

#include "http.h"

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
