/*
 * web_signoff.c - (to be written).
 */
#include "api.h"
#include "html.h"
#include "web.h"

enum jg_err
web_signoffs_page(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_signoffs_post(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

