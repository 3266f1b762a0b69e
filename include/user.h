/*
 * user.h - local users and their passwords (DESIGN §4, issue 4 §1).
 *
 * The pure parts (validation, the password rule, hashing, the login
 * decision) are separate from the database parts so that they can be
 * unit-tested.  Passwords are kept only as argon2id hashes made by
 * libsodium's crypto_pwhash_str; see docs/CONTRACTS.md.
 */
#ifndef JIUGAI_USER_H
#define JIUGAI_USER_H

#include <stddef.h>
#include <stdio.h>

#include <sodium.h>

#include "auth.h"

struct arena;

#define USER_PW_MIN		10	/* characters (UTF-8 code points) */
#define USER_PW_MAX		128	/* bytes */
#define USER_HASH_MAX		crypto_pwhash_STRBYTES
#define USER_LOCK_AFTER		5	/* consecutive failures ... */
#define USER_LOCK_SECONDS	900	/* ... lock the account this long */

/* The answer to a login attempt.  Only USER_AUTH_OK lets anyone in. */
enum user_auth {
	USER_AUTH_OK,
	USER_AUTH_BAD,		/* unknown user, no password set, or wrong one */
	USER_AUTH_DISABLED,	/* right or wrong: the account is disabled */
	USER_AUTH_LOCKED,	/* right or wrong: too many failures, wait */
	USER_AUTH_ERROR,	/* the database failed (503) */
	USER_AUTH__MAX
};

/* A user's identity, checked against codes.h by user_spec_fill(). */
struct user_spec {
	char		 sub[64];
	char		 name[128];
	int		 dept;		/* enum dept */
	int		 county;	/* enum county, or -1 when no org */
	unsigned	 roles;		/* ROLE_BIT(enum role) */
};

/*
 * Fill u from the textual values (org may be NULL), checking each: sub 1
 * to 63 bytes and name 1 to 127 bytes without control characters, a known
 * dept, one or more known roles separated by commas, and an org (a known
 * county) exactly when the department is scoped.  Returns 0, or -1 with
 * *why set to a short static message naming the bad value's option.
 */
int		 user_spec_fill(struct user_spec *u, const char *sub,
		    const char *name, const char *dept, const char *rolelist,
		    const char *org, const char **why);

/*
 * Whether pw (len bytes) is acceptable as a new password: at least
 * USER_PW_MIN characters, at most USER_PW_MAX bytes, valid UTF-8, no
 * control characters.  1, or 0 with *why set to a short static message.
 */
int		 user_password_ok(const char *pw, size_t len, const char **why);

/*
 * Read one line (the password) from f into buf (sz > USER_PW_MAX + 1),
 * without its line end.  Returns its length, or -1 with *why set when
 * the line is longer than USER_PW_MAX bytes or holds a NUL byte.
 */
long		 user_password_read(FILE *f, char *buf, size_t sz,
		    const char **why);

/*
 * Hash pw with argon2id (crypto_pwhash_str, the INTERACTIVE limits) into
 * out, a "$argon2id$..." string.  Returns 0, or -1 when out of memory.
 */
int		 user_hash(const char *pw, char out[USER_HASH_MAX]);

/*
 * The login decision for one stored row.  hash is NULL for an unknown
 * user or one without a password.  The password is always verified, by
 * crypto_pwhash_str_verify, against hash or else against a dummy hash of
 * the same cost, so that the answer takes the same time whatever the
 * reason.  USER_AUTH_LOCKED and USER_AUTH_DISABLED win over a right
 * password; never USER_AUTH_ERROR.
 */
enum user_auth	 user_auth_decide(const char *hash, int disabled, int locked,
		    const char *pw);

/*
 * Check sub's password in the database (db_open() first; results live in
 * a until its reset).  A failure counts towards the lock-out (USER_LOCK_AFTER
 * failures lock the account for USER_LOCK_SECONDS); success resets the
 * count and, when out is not NULL, fills it with the user's claims (no
 * jti, iat or exp).  Unknown users cost the same time as known ones.
 */
enum user_auth	 user_check_password(struct arena *a, const char *sub,
		    const char *pw, struct claims *out);

/* A short English word for an answer ("ok", "bad", ...), for logs. */
const char	*user_auth_str(enum user_auth r);

/*
 * `jiugai user add|list|disable|enable|passwd` (user_cli.c): exit 0 done,
 * 1 refused by the database (duplicate or unknown sub, unreachable),
 * 2 usage or an invalid value (nothing written).
 */
int		 user_main(int argc, char *argv[]);

#endif
