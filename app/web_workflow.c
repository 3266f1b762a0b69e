/*
 * web_workflow.c - (to be written).
 */
#include "api.h"
#include "html.h"
#include "web.h"

enum jg_err
web_workflow(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

