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
};

struct route {
	enum method	 method;
	const char	*pattern;	/* "{id}" matches a positive number */
	enum jg_err	(*fn)(struct req *);
	unsigned	 flags;
	const char	*name;		/* metrics label */
};

extern const struct route	 routes[];
extern const int		 nroutes;

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
