/*
 * user.c - local users: the identity and password rules, argon2id hashing
 * and the login decision (contracts in user.h).  The subcommand that
 * manages users is user_cli.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "arena.h"
#include "codes.h"
#include "db.h"
#include "jscan.h"
#include "user.h"

static const char *const auth_words[USER_AUTH__MAX] = {
	"ok",		/* USER_AUTH_OK */
	"bad",		/* USER_AUTH_BAD */
	"disabled",	/* USER_AUTH_DISABLED */
	"locked",	/* USER_AUTH_LOCKED */
	"error",	/* USER_AUTH_ERROR */
};
_Static_assert(sizeof(auth_words) / sizeof(auth_words[0]) == USER_AUTH__MAX,
    "auth_words");

const char *
user_auth_str(enum user_auth r)
{
	return (unsigned)r < USER_AUTH__MAX ? auth_words[r] : "?";
}

/* Comma-separated role codes into a bitmask; 0 when any is unknown. */
static unsigned
roles_parse(const char *s)
{
	const char	*comma;
	size_t		 len;
	unsigned	 mask = 0;
	int		 r;

	for (;; s = comma + 1) {
		comma = strchr(s, ',');
		len = comma == NULL ? strlen(s) : (size_t)(comma - s);
		if ((r = code_role(s, len)) < 0)
			return 0;
		mask |= ROLE_BIT(r);
		if (comma == NULL)
			return mask;
	}
}

int
user_spec_fill(struct user_spec *u, const char *sub, const char *name,
    const char *dept, const char *rolelist, const char *org, const char **why)
{
	memset(u, 0, sizeof(*u));
	u->county = -1;
	if (!auth_clean_str(sub, sizeof(u->sub), 0)) {
		*why = "--sub must be 1 to 63 bytes without control characters";
		return -1;
	}
	if (!auth_clean_str(name, sizeof(u->name), 0)) {
		*why = "--name must be 1 to 127 bytes without control characters";
		return -1;
	}
	if (dept == NULL || (u->dept = code_dept(dept, strlen(dept))) < 0) {
		*why = "--dept is not a known department code";
		return -1;
	}
	if (rolelist == NULL || (u->roles = roles_parse(rolelist)) == 0) {
		*why = "--roles must be one or more of clerk, approver, viewer, "
		    "admin separated by commas";
		return -1;
	}
	if (!depts[u->dept].scoped && org != NULL) {
		*why = "--org is only for the scoped departments county, street "
		    "and committee";
		return -1;
	}
	if (depts[u->dept].scoped && (org == NULL ||
	    (u->county = code_county(org, strlen(org))) < 0)) {
		*why = "this department needs --org with a known county code";
		return -1;
	}
	strcpy(u->sub, sub);
	strcpy(u->name, name);
	return 0;
}

int
user_password_ok(const char *pw, size_t len, const char **why)
{
	struct jscan_utf8	 u = JSCAN_UTF8_INIT;
	size_t			 i, chars = 0;
	unsigned char		 c;
	int			 valid = 1;

	if (len > USER_PW_MAX) {
		*why = "the password is longer than 128 bytes";
		return 0;
	}
	if (memchr(pw, '\0', len) != NULL) {
		*why = "the password holds a NUL byte";
		return 0;
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)pw[i];
		if (c < 0x20 || c == 0x7f) {
			*why = "the password holds a control character";
			return 0;
		}
		if ((c & 0xc0) != 0x80)
			chars++;
		if (valid && jscan_utf8_feed(&u, c) == -1)
			valid = 0;
	}
	if (!valid || u.need != 0) {
		*why = "the password is not valid UTF-8";
		return 0;
	}
	if (chars < USER_PW_MIN) {
		*why = "the password must have at least 10 characters";
		return 0;
	}
	return 1;
}

long
user_password_read(FILE *f, char *buf, size_t sz, const char **why)
{
	size_t	 n = 0;
	int	 ch, nul = 0;

	while ((ch = getc(f)) != EOF && ch != '\n') {
		if (ch == '\0')
			nul = 1;
		if (n + 1 < sz)
			buf[n] = (char)ch;
		n++;
	}
	if (n > 0 && n < sz && buf[n - 1] == '\r')
		n--;
	if (n + 1 > sz || n > USER_PW_MAX) {
		sodium_memzero(buf, sz);
		*why = "the password is longer than 128 bytes";
		return -1;
	}
	buf[n] = '\0';
	if (nul) {
		sodium_memzero(buf, sz);
		*why = "the password holds a NUL byte";
		return -1;
	}
	return (long)n;
}

int
user_hash(const char *pw, char out[USER_HASH_MAX])
{
	if (sodium_init() < 0)
		return -1;
	return crypto_pwhash_str(out, pw, strlen(pw),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

/*
 * A hash of a random password with the same limits as user_hash(): made
 * once per process, so that unknown users cost a real verification.
 */
static const char *
dummy_hash(void)
{
	static char	 h[USER_HASH_MAX];
	unsigned char	 rnd[16];
	char		 pw[sizeof(rnd) * 2 + 1];

	if (h[0] == '\0') {
		randombytes_buf(rnd, sizeof(rnd));
		sodium_bin2hex(pw, sizeof(pw), rnd, sizeof(rnd));
		if (user_hash(pw, h) == -1)
			abort();	/* out of memory */
	}
	return h;
}

enum user_auth
user_auth_decide(const char *hash, int disabled, int locked, const char *pw)
{
	int	 match;

	if (sodium_init() < 0)
		abort();
	if (hash == NULL || strncmp(hash, "$argon2id$", 10) != 0) {
		/* Same work as a real check; the answer cannot be yes. */
		match = crypto_pwhash_str_verify(dummy_hash(), pw, strlen(pw));
		match = 0;
	} else
		match = crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
	if (disabled)
		return USER_AUTH_DISABLED;
	if (locked)
		return USER_AUTH_LOCKED;
	return match ? USER_AUTH_OK : USER_AUTH_BAD;
}

/* The claims of a row of STMT_USER_AUTH (columns 3 to 6). */
static void
row_claims(PGresult *res, const char *sub, struct claims *c)
{
	const char	*org = PQgetvalue(res, 0, 5);

	memset(c, 0, sizeof(*c));
	snprintf(c->sub, sizeof(c->sub), "%s", sub);
	snprintf(c->name, sizeof(c->name), "%s", PQgetvalue(res, 0, 3));
	snprintf(c->dept, sizeof(c->dept), "%s", PQgetvalue(res, 0, 4));
	snprintf(c->org, sizeof(c->org), "%s", org);
	c->dept_id = code_dept(c->dept, strlen(c->dept));
	c->county_id = *org == '\0' ? -1 : code_county(org, strlen(org));
	c->roles = roles_parse(PQgetvalue(res, 0, 6));
}

enum user_auth
user_check_password(struct arena *a, const char *sub, const char *pw,
    struct claims *out)
{
	PGresult	*res = NULL;
	const char	*p[3], *hash = NULL;
	char		 n1[16], n2[16];
	enum user_auth	 r;
	int		 disabled = 0, locked = 0;

	p[0] = sub;
	if (auth_clean_str(sub, sizeof(out->sub), 0)) {
		if (db_exec(a, STMT_USER_AUTH, p, &res) != JG_OK)
			return USER_AUTH_ERROR;
		if (PQntuples(res) == 1) {
			if (!PQgetisnull(res, 0, 0))
				hash = PQgetvalue(res, 0, 0);
			disabled = *PQgetvalue(res, 0, 1) == 't';
			locked = *PQgetvalue(res, 0, 2) == 't';
		}
	}
	r = user_auth_decide(hash, disabled, locked, pw);
	if (res == NULL || PQntuples(res) != 1)
		return r;
	if (r == USER_AUTH_OK) {
		if (db_exec(a, STMT_USER_LOGIN_OK, p, NULL) != JG_OK)
			return USER_AUTH_ERROR;
		if (out != NULL)
			row_claims(res, sub, out);
	} else if (r == USER_AUTH_BAD) {
		snprintf(n1, sizeof(n1), "%d", USER_LOCK_AFTER);
		snprintf(n2, sizeof(n2), "%d", USER_LOCK_SECONDS);
		p[1] = n1;
		p[2] = n2;
		if (db_exec(a, STMT_USER_LOGIN_FAIL, p, NULL) != JG_OK)
			return USER_AUTH_ERROR;
	}
	return r;
}
