/*
 * auth.h - the product's own ES256 tokens (DESIGN §4, SECURITY "libjwt").
 *
 * libjwt 1.10.2 checks a signature and nothing else, and trusts the
 * token's own header for the algorithm.  auth_verify() therefore does
 * everything around it itself: size first, then a strict parse of header
 * and payload (duplicate names refused), then libjwt for the signature
 * only, then every claim read from its own parse against the code tables
 * of codes.h.  The clock is always passed in, so tests can fix it.
 */
#ifndef JIUGAI_AUTH_H
#define JIUGAI_AUTH_H

#include <stddef.h>

/* Longest token accepted; libjwt alloca()s each segment it decodes. */
#define AUTH_TOKEN_MAX	8192

/* Latest time a token may name: 9999-12-31T23:59:59Z; bounds every sum. */
#define AUTH_TIME_MAX	253402300799LL

/*
 * What a verified token says.  Strings are NUL-terminated and free of
 * control characters; empty when the claim was absent.
 */
struct claims {
	char		 sub[64];
	char		 name[128];
	char		 dept[16];
	char		 org[16];
	char		 jti[64];
	int		 dept_id;	/* enum dept */
	int		 county_id;	/* enum county of org, or -1 when no org */
	unsigned	 roles;		/* bitmask ROLE_BIT(enum role) */
	long long	 iat, nbf, exp;	/* nbf = iat when absent */
};

/*
 * The signing configuration.  Filled by auth_keys_load(), released by
 * auth_keys_free(); leeway and max_ttl may be changed after loading.
 */
struct auth_keys {
	unsigned char	*pub;		/* PEM of the ES256 public key (malloc'd) */
	size_t		 publen;
	unsigned char	*priv;		/* PEM of the ES256 private key, or NULL */
	size_t		 privlen;
	char		 iss[128];
	char		 aud[128];
	long		 leeway;	/* seconds of clock skew allowed, <= 60; default 30 */
	long		 max_ttl;	/* longest allowed exp - iat; default 86400 */
};

/* Why a token was refused; auth_err_str() gives each a short reason. */
enum auth_err {
	AUTH_OK,
	AUTH_MISSING,		/* no token at all */
	AUTH_TOO_LARGE,		/* over AUTH_TOKEN_MAX bytes */
	AUTH_MALFORMED,		/* not three base64url segments of strict JSON */
	AUTH_BAD_ALG,		/* header alg is not exactly "ES256" */
	AUTH_BAD_SIG,		/* signature does not verify (or no key) */
	AUTH_EXPIRED,		/* now > exp + leeway */
	AUTH_NOT_YET_VALID,	/* now + leeway < nbf or iat */
	AUTH_BAD_ISS,		/* iss is not ours */
	AUTH_BAD_AUD,		/* aud does not name us */
	AUTH_BAD_CLAIMS,	/* a claim missing, mistyped or unknown */
	AUTH_DUP_CLAIM,		/* a name appears twice in header or payload */
	AUTH__MAX
};

/*
 * Read the PEM public key at pubpath and, unless privpath is NULL, the
 * PEM private key at privpath into k (each malloc'd), and copy iss and
 * aud.  Both keys must be unencrypted EC P-256 keys of at least 32 bytes
 * of file, and the private key must match the public one.  Sets leeway
 * to 30 and max_ttl to 86400.  Returns 0, or -1 after a message on
 * stderr, with k left empty (auth_keys_free() is still safe).
 */
int		 auth_keys_load(struct auth_keys *k, const char *pubpath,
		    const char *privpath, const char *iss, const char *aud);

/*
 * Release what auth_keys_load() allocated (the private key is wiped
 * first) and zero k.  Safe on a zeroed or already freed struct.
 */
void		 auth_keys_free(struct auth_keys *k);

/*
 * Verify token[0..len) (need not be NUL-terminated) against k at time
 * now (seconds since the epoch; never read from the clock here).
 * Returns AUTH_OK and fills *out, or the first reason for refusal with
 * *out untouched.  Any error maps to HTTP 401 with auth_err_str().  A
 * token that passed is remembered per process (auth.c): the same bytes
 * under the same key skip the parse and the signature, never the clock.
 */
enum auth_err	 auth_verify(const struct auth_keys *k, const char *token,
		    size_t len, long long now, struct claims *out);

/*
 * Sign a token for c->sub, name, dept, org and roles with k->priv:
 * iss and aud from k, iat = nbf = now, exp = now + ttl, and a random
 * 128-bit hex jti.  The claims are validated as auth_verify() would
 * (known dept, roles and county; org exactly for scoped departments),
 * and 0 < ttl <= k->max_ttl.  Returns a malloc'd NUL-terminated token
 * that the caller frees with free(), or NULL on any invalid input,
 * missing private key or signing failure.
 */
char		*auth_mint(const struct auth_keys *k, const struct claims *c,
		    long long now, long ttl);

/*
 * A short English reason for e, fit for a 401 message ("token
 * expired").  Static storage; never NULL, even for out-of-range e.
 */
const char	*auth_err_str(enum auth_err e);

/*
 * Whether s is a NUL-terminated string of fewer than sz bytes with no
 * control character (C0 or DEL), and not empty unless empty_ok: the
 * rule for names, claims and options that become claims (auth.c and
 * auth_token.c).  1 or 0; a NULL s is 0.
 */
int		 auth_clean_str(const char *s, size_t sz, int empty_ok);

/*
 * Body of `jiugai token` (argv[0] is "token"):
 *   --sub ID --dept CODE --roles r1,r2 [--org COUNTY] [--name NAME]
 *   [--ttl SECONDS] [--help]
 * Prints a token signed with k->priv and a newline on stdout and returns
 * 0; --help prints usage on stdout and returns 0.  A bad or missing
 * option or value is reported on stderr with exit status 2; no private
 * key or a signing failure gives 1.  Reads the clock with time().
 */
int		 auth_token_main(int argc, char *argv[],
		    const struct auth_keys *k);

#endif
