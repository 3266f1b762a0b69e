/*
 * webc.h - a cookie-aware web client for the HTTP suites of the web
 * pages (issue 4): a browser's session as a curl handle with its own
 * cookie jar, users with passwords made by the real CLI, the login form,
 * and the CSRF token and nonce of a form taken from the page that shows
 * it, the way a browser posts them.
 *
 * Environment (tests/run.sh): JIUGAI_TEST_URL (the site; also the Origin
 * every form post sends unless told otherwise), JIUGAI_BIN and
 * JIUGAI_CONFIG (for `jiugai user ...`).
 */
#ifndef JIUGAI_TEST_WEBC_H
#define JIUGAI_TEST_WEBC_H

#include <stddef.h>

/* The password of every user web_user() makes. */
#define WEBC_PASSWORD	"webc-test-password-2016"
/* Room for a CSRF token or a nonce (hex) and its NUL. */
#define WEBC_TOK	160

/* One browser: a curl handle whose cookie engine keeps the session. */
struct webc {
	void	*curl;		/* CURL * */
	char	 sub[64];	/* who signed in last ("" before) */
};

/* One answer (redirects are never followed). */
struct wresp {
	long	 status;	/* 0: no answer */
	char	*body;		/* NUL-terminated, never NULL after a request */
	size_t	 len;
	char	*headers;	/* the header lines as received, NUL-terminated */
	char	 location[1024];
	char	 ctype[128];
};

/* A new browser with an empty cookie jar; aborts the run on error. */
void		 webc_open(struct webc *s);
void		 webc_close(struct webc *s);
void		 wresp_free(struct wresp *r);

/*
 * A new user with password WEBC_PASSWORD, made by `$JIUGAI_BIN user
 * add` (the hash is the CLI's argon2id): sub is prefix plus something
 * unique to this run.  org may be NULL (departments that are not
 * scoped).  Returns the sub, in one of 8 rotating static buffers; aborts
 * the run when the CLI fails.
 */
const char	*web_user(const char *prefix, const char *dept, const char *org,
		    const char *roles);
/* `$JIUGAI_BIN user VERB --sub SUB` (disable, enable); its exit status. */
int		 web_user_cli(const char *verb, const char *sub);

/*
 * One request to path (with its query): method "GET", "HEAD", "POST",
 * ...; body (may be NULL) goes with Content-Type
 * application/x-www-form-urlencoded unless extra names one; extra is a
 * NULL-terminated list of "Header: value" lines (may be NULL; "Name:"
 * alone removes a header curl would send).  The jar's cookies go along
 * and Set-Cookie lines land in it.  Returns the status.
 */
long		 webc_req(struct webc *s, struct wresp *r, const char *method,
		    const char *path, const char *body, const char *const *extra);
long		 webc_get(struct webc *s, struct wresp *r, const char *path);
/*
 * POST body to path as a form, with Origin: JIUGAI_TEST_URL unless extra
 * holds an Origin line of its own ("Origin:" alone: none at all).
 */
long		 webc_post_form(struct webc *s, struct wresp *r, const char *path,
		    const char *body, const char *const *extra);

/*
 * Sign in as sub through the login form (GET /login, then POST it with
 * its CSRF token and next=/tasks).  Returns the POST's status: 303 when
 * the session cookie was set.
 */
long		 webc_login(struct webc *s, const char *sub, const char *password);

/*
 * The CSRF token and nonce of the form on page body whose action is
 * exactly action, into csrf and nonce ("" when the form has none).
 * Returns 0, or -1 when the page has no such form or it has no token.
 */
int		 webc_form_tokens(const char *body, const char *action,
		    char csrf[WEBC_TOK], char nonce[WEBC_TOK]);
/*
 * GET page, then post fields ("k=v&...", URL-encoded, may be "") to the
 * form of that page whose action is action, with the form's csrf, nonce
 * and back=page as a browser would.  Returns the status of the POST, or
 * -1 when the page has no such form (r then holds the page).
 */
long		 webc_submit(struct webc *s, struct wresp *r, const char *page,
		    const char *action, const char *fields);

/* The value of cookie name in the jar, or NULL; in one of 4 static buffers. */
const char	*webc_cookie(struct webc *s, const char *name);
/* Put name=value (Path=/) into the jar, replacing one of that name. */
void		 webc_set_cookie(struct webc *s, const char *name, const char *value);

/*
 * The value of header name (case-insensitive) in r into out (size n);
 * returns how many times it occurs.
 */
int		 wresp_header(const struct wresp *r, const char *name, char *out,
		    size_t n);
/* The whole Set-Cookie value for cookie name in r, or NULL; static buffer. */
const char	*wresp_set_cookie(const struct wresp *r, const char *name);

/* s URL-encoded (form style), in one of 8 rotating static buffers. */
const char	*webc_enc(const char *s);
/* A fresh random nonce of the form's shape (32 hex digits); static buffer. */
const char	*webc_nonce(void);

#endif
