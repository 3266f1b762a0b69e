/*
 * err.c - statuses and messages of enum jg_err: the one source of truth.
 */
#include "err.h"

const struct err_info errs[JG__MAX] = {
	{ 200, "ok",			"OK" },
	{ 400, "bad_request",		"the request is malformed" },
	{ 401, "unauthorized",		"a valid token is required" },
	{ 403, "forbidden",		"you may not do this" },
	{ 404, "not_found",		"no such resource" },
	{ 405, "method_not_allowed",	"method not allowed here" },
	{ 409, "conflict",		"the record has changed or is not in a state that allows this" },
	{ 411, "length_required",	"Content-Length is required" },
	{ 413, "too_large",		"request body too large" },
	{ 415, "unsupported_media_type", "the body must be application/json" },
	{ 422, "guard_failed",		"the transition's conditions do not hold" },
	{ 422, "invalid",		"the request cannot be accepted" },
	{ 503, "unavailable",		"the database is not available; try again shortly" },
	{ 500, "internal",		"internal error" },
};
_Static_assert(sizeof(errs) / sizeof(errs[0]) == JG__MAX, "errs");
