/*
 * route.h - the route table and the dispatcher.
 */
#ifndef JIUGAI_ROUTE_H
#define JIUGAI_ROUTE_H

#include "http.h"

enum route_flag {
	R_AUTH		= 0x01,	/* needs a verified token */
	R_JSON		= 0x02,	/* needs a JSON body */
	R_JSON_OPT	= 0x04,	/* a body, when sent, is JSON */
	R_TXN		= 0x08,	/* runs in one transaction; Idempotency-Key */
	R_DB		= 0x10,	/* needs the database */
	R_WEB		= 0x20,	/* an HTML page: session cookie, error pages */
	R_FORM		= 0x40,	/* a posted form: CSRF token and Origin checked */
};

struct route {
	enum method	 method;
	const char	*pattern;	/* "{id}": a positive number; "{code}": route_match() */
	enum jg_err	(*fn)(struct req *);
	unsigned	 flags;
	const char	*name;		/* metrics label */
	/*
	 * R_FORM: shows the form's page again after a refusal that the
	 * user can correct (400 naming a field, 422), the input kept.
	 */
	enum jg_err	(*redo)(struct req *);
};

extern const struct route	 routes[];
extern const int		 nroutes;

/* The longest "{code}" a path may hold. */
#define ROUTE_CODE_MAX	40

/*
 * Whether path matches pattern: "{id}" takes 1 to 15 digits without a
 * leading zero (into *id), "{code}" 1 to ROUTE_CODE_MAX of [a-z0-9-]
 * (*code points at it in path, *codelen its length); everything else
 * must be the same, to the end.  *id and *code are left alone when the
 * pattern has no such segment.
 */
int		 route_match(const char *pattern, const char *path,
		    long long *id, const char **code, size_t *codelen);

/* The metrics label of route i ("none" out of range). */
const char	*route_name(int i);

/* The keys the worker verifies tokens with (loaded once per process). */
extern struct auth_keys		 route_keys;

/*
 * Answer r: match the route (404, 405), check the body's type and size
 * (415, 413), authenticate (401), run the handler inside a transaction
 * when the route changes data, and turn any error into its answer.
 * r->status, r->out and r->out_ctype are always set on return.
 */
void	route_dispatch(struct req *r);

#endif
