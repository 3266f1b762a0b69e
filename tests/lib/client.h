/*
 * client.h - what the HTTP and SQL suites share: a libcurl client for the
 * real stack (nginx -> workers -> PostgreSQL) started by tests/run.sh,
 * tokens signed with the stack's own key, a libpq handle on the same
 * database for "nothing changed" checks, and a walker that takes a new
 * community to any stage through the API.
 *
 * Environment (tests/run.sh): JIUGAI_TEST_URL, JIUGAI_CONFIG,
 * JIUGAI_DATABASE_URL, JIUGAI_PIDFILE.
 */
#ifndef JIUGAI_TEST_CLIENT_H
#define JIUGAI_TEST_CLIENT_H

#include <stddef.h>

#include <json-c/json.h>
#include <libpq-fe.h>

struct resp {
	long			 status;
	char			*body;		/* NUL-terminated */
	size_t			 len;
	struct json_object	*json;		/* NULL when the body is not JSON */
	char			 etag[64];
	char			 ctype[128];
};

/* Read the environment, load the signing key; aborts the test run on error. */
void		 client_init(void);
void		 client_done(void);

/*
 * A token for sub in dept (org: county code or NULL) with roles "r1,r2".
 * Returned string is owned by a cache; valid until client_done().
 */
const char	*tok(const char *sub, const char *dept, const char *org,
		    const char *roles);

/*
 * One request.  token may be NULL (no Authorization), ctype NULL means
 * "application/json" when body is not NULL; extra is a NULL-terminated
 * list of "Header: value" lines or NULL.  Returns the status (0 when the
 * request could not be made).  Free with resp_free().
 */
long		 req(struct resp *r, const char *method, const char *path,
		    const char *token, const char *body, const char *ctype,
		    const char *const *extra);
void		 resp_free(struct resp *r);

/*
 * In a cmocka test: fail with the answer when r (a struct resp, or a
 * struct raw from raw.h) does not have status want.
 */
#define EXPECT(r, want) do {						\
	if ((r)->status != (long)(want))				\
		fail_msg("%s:%d: want %ld, got %ld: %s", __FILE__,	\
		    __LINE__, (long)(want), (long)(r)->status,		\
		    (r)->body != NULL ? (r)->body : "(no body)");	\
} while (0)

/* Values from r->json by key (NULL/0 when absent); "a.b" walks objects. */
const char	*jstr(const struct resp *r, const char *key);
long long	 jint(const struct resp *r, const char *key);
/* The error code of a JSON error answer ("" when none). */
const char	*jerr(const struct resp *r);

/* The test database: a connection, and a count from a query. */
PGconn		*db(void);
long long	 db_count(const char *sql);
/* Everything that acts leave behind, summed: changes iff something was written. */
long long	 db_fingerprint(void);

/* Current version of community id. */
int		 version_of(long long id);

/* A fresh, fully filled declared community in county; returns its id. */
long long	 make_declared(const char *county);
/*
 * A fresh community taken through the API to stage (a stage code), with
 * the right departments acting; returns its id (aborts on failure).
 */
long long	 make_at(const char *county, const char *stage);
/*
 * Submit action on id as the given token and approve it by every
 * department that the round requires (approvers of the community's
 * county where scoped).  Returns the final status of the last call.
 */
long		 advance(long long id, const char *county, const char *action,
		    const char *submitter);
/* Unique names for test records. */
const char	*uniq(const char *prefix);

/*
 * "/api/v1/communities/ID" + suffix and "/api/v1/items/ID" + suffix, each
 * in one of 8 rotating static buffers (valid for the next 7 calls).
 */
const char	*cpath(long long id, const char *suffix);
const char	*ipath(long long item, const char *suffix);

/* Tokens of the usual actors (see tok()): clerks of county, a viewer. */
const char	*tok_street(const char *county);
const char	*tok_committee(const char *county);
const char	*tok_cclerk(const char *county);
const char	*tok_viewer(void);

/* GET /api/v1/me with this exact Authorization value (NULL: none); as req(). */
long		 req_me(struct resp *r, const char *authz);

/*
 * n requests at once (curl multi): request i is methods[i] (methods NULL:
 * all POST) of paths[i] with Bearer tokens[i] and the JSON bodies[i],
 * plus the header line extra (NULL: none).  The statuses land in
 * status[i] (0: no answer) and, when answers is not NULL, the bodies in
 * answers[i] (malloc'd, may be NULL; the caller frees them).
 */
void		 req_burst(int n, const char *const *methods,
		    const char *const *paths, const char *const *tokens,
		    const char *const *bodies, const char *extra, long *status,
		    char **answers);

#endif
