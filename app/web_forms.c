/*
 * web_forms.c - (to be written).
 */
#include "api.h"
#include "html.h"
#include "web.h"

enum jg_err
web_declare_page(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_declare_post(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_edit_page(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_edit_post(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_survey_page(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_survey_post(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_plan_page(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_plan_post(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_funding_post(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_works_page(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

enum jg_err
web_works_post(struct req *r)
{
	return req_fail(r, JG_NOT_FOUND, "not yet");
}

