/*
 * err.h - the one error enum: every handler returns one of these, and one
 * function (http_error in http.c) turns it into a response.
 */
#ifndef JIUGAI_ERR_H
#define JIUGAI_ERR_H

enum jg_err {
	JG_OK,
	JG_BAD_REQUEST,		/* 400 malformed */
	JG_UNAUTHORIZED,	/* 401 no or bad token */
	JG_FORBIDDEN,		/* 403 not allowed */
	JG_NOT_FOUND,		/* 404 */
	JG_METHOD,		/* 405 */
	JG_CONFLICT,		/* 409 stale version or illegal transition */
	JG_LENGTH_REQUIRED,	/* 411 */
	JG_TOO_LARGE,		/* 413 */
	JG_MEDIA_TYPE,		/* 415 */
	JG_GUARD,		/* 422 guards failed */
	JG_INVALID,		/* 422 well-formed but unacceptable */
	JG_UNAVAILABLE,		/* 503 database down */
	JG_INTERNAL,		/* 500 a bug: never for bad input */
	JG__MAX
};

struct err_info {
	int		 status;
	const char	*code;
	const char	*message;	/* default short message */
};

extern const struct err_info errs[JG__MAX];

#endif
