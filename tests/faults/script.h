/*
 * script.h - inside tests/faults: the scripts the clients of the load
 * follow (script.c), for load.c.  Each script is a run of rows of
 * script_steps[], one act each, ended by a row of kind K__MAX; a new
 * community starts at a script's first row.
 */
#ifndef JIUGAI_TEST_FAULTS_SCRIPT_H
#define JIUGAI_TEST_FAULTS_SCRIPT_H

#include <stddef.h>

/* The kinds of act: the request, its answer, the event it leaves. */
enum kind {
	K_DECLARE,
	K_ITEM,
	K_SUBMIT,
	K_APPROVE,
	K_REJECT,
	K_PATCH,
	K_FUNDING,
	K_DONE,
	K__MAX
};

/* Who acts: the same users as the other suites (tests/lib/client.c). */
enum actor {
	A_COMMITTEE,
	A_STREET,
	A_CCLERK,
	A_CAPPR,
	A_HOUSING,
	A_DRC,
	A_FINANCE,
	A_BUILDER,
	A_CONSTRUCTION,
	A__MAX
};

/* One row of a script. */
struct step {
	enum kind	 kind;		/* K__MAX ends a script */
	enum actor	 actor;
	const char	*arg;		/* item kind, action, PATCH fields, funding body */
	int		 item;		/* K_DONE: which item of the community */
	const char	*fires;		/* the stage reached when this act fires */
};

struct kind_def {
	const char	*event;		/* the event it leaves */
	const char	*method;
	int		 target;	/* where the request goes (script.c) */
	long		 want;		/* the status of success */
};

extern const struct kind_def	 script_kinds[K__MAX];
extern const struct step	 script_steps[];

/* What a request is built from. */
struct script_ctx {
	long long	 cid;		/* the community (0 before K_DECLARE) */
	const long long	*items;		/* its items, in the order added */
	const char	*county;
	int		 version;	/* its version as the client counted */
	const char	*name;		/* unique, for K_DECLARE */
};

/* The date and the scripts' first rows; once, before the rest. */
void		 script_init(void);
/* The first row of the next script and the county of its community, in turn. */
size_t		 script_next(const char **county);
/* The path (after the base URL) and body ("" for none) of row's request. */
void		 script_request(size_t row, const struct script_ctx *c, char *path,
		    size_t pathsz, char *body, size_t bodysz);
/* Authorization for row's actor in county: the bearer token (tests/lib/client.c's cache). */
const char	*script_token(size_t row, const char *county);

#endif
