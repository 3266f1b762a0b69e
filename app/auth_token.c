/*
 * auth_token.c - issue the product's ES256 tokens: auth_mint() and the
 * `jiugai token` subcommand (contracts in auth.h).
 *
 * Verification lives in auth.c; what is signed here passes the same
 * rules first, so that we never sign a token we would refuse.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jwt.h>
#include <openssl/rand.h>

#include "auth.h"
#include "opt.h"
#include "codes.h"

#define TOKEN_TTL	28800	/* `jiugai token` default, as token_ttl */

/* The same rules auth_verify() applies, for what we are about to sign. */
static int
mint_valid(const struct claims *c)
{
	int	 d;

	if (!auth_clean_str(c->sub, sizeof(c->sub), 0) ||
	    !auth_clean_str(c->name, sizeof(c->name), 1) ||
	    !auth_clean_str(c->dept, sizeof(c->dept), 0) ||
	    !auth_clean_str(c->org, sizeof(c->org), 1) ||
	    (d = code_dept(c->dept, strlen(c->dept))) < 0)
		return 0;
	if (c->roles == 0 || (c->roles & ~(ROLE_BIT(ROLE__MAX) - 1)) != 0)
		return 0;
	if (depts[d].scoped)
		return code_county(c->org, strlen(c->org)) >= 0;
	return c->org[0] == '\0';
}

/* {"roles":["clerk",...]} for jwt_add_grants_json(); codes need no escaping. */
static int
roles_json(unsigned mask, char *buf, size_t sz)
{
	size_t	 i, n;
	int	 rc;

	n = (size_t)snprintf(buf, sz, "{\"roles\":[");
	for (i = 0; i < ROLE__MAX; i++) {
		if (!(mask & ROLE_BIT(i)))
			continue;
		rc = snprintf(buf + n, sz - n, "%s\"%s\"",
		    buf[n - 1] == '[' ? "" : ",", roles[i]);
		if (rc < 0 || (size_t)rc >= sz - n)
			return -1;
		n += (size_t)rc;
	}
	rc = snprintf(buf + n, sz - n, "]}");
	return rc < 0 || (size_t)rc >= sz - n ? -1 : 0;
}

/* 128 random bits as 32 hex digits. */
static int
jti_new(char buf[33])
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 r[16];
	size_t			 i;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	for (i = 0; i < sizeof(r); i++) {
		buf[2 * i] = hex[r[i] >> 4];
		buf[2 * i + 1] = hex[r[i] & 0xf];
	}
	buf[32] = '\0';
	return 0;
}

/*
 * Sign a token for c with k->priv (contract in auth.h).  The caller
 * frees the result with free(); NULL on invalid claims, ttl outside
 * (0, max_ttl], no private key or a signing failure.  The claims pass
 * the same rules auth_verify() applies, so we never sign what we would
 * refuse.
 */
char *
auth_mint(const struct auth_keys *k, const struct claims *c, long long now,
    long ttl)
{
	jwt_t	*jwt = NULL;
	char	 jti[33], rolesbuf[128];
	char	*tok = NULL;

	if (k == NULL || c == NULL || k->priv == NULL || k->privlen == 0 ||
	    k->privlen > INT_MAX || ttl <= 0 || ttl > k->max_ttl ||
	    now < 0 || now > AUTH_TIME_MAX - ttl || now > LONG_MAX - ttl ||
	    !mint_valid(c) || jti_new(jti) == -1 ||
	    roles_json(c->roles, rolesbuf, sizeof(rolesbuf)) == -1 ||
	    jwt_new(&jwt) != 0)
		return NULL;
	if (jwt_set_alg(jwt, JWT_ALG_ES256, k->priv, (int)k->privlen) == 0 &&
	    jwt_add_grant(jwt, "iss", k->iss) == 0 &&
	    jwt_add_grant(jwt, "aud", k->aud) == 0 &&
	    jwt_add_grant(jwt, "sub", c->sub) == 0 &&
	    (c->name[0] == '\0' || jwt_add_grant(jwt, "name", c->name) == 0) &&
	    jwt_add_grant(jwt, "dept", c->dept) == 0 &&
	    (c->org[0] == '\0' || jwt_add_grant(jwt, "org", c->org) == 0) &&
	    jwt_add_grants_json(jwt, rolesbuf) == 0 &&
	    jwt_add_grant(jwt, "jti", jti) == 0 &&
	    jwt_add_grant_int(jwt, "iat", (long)now) == 0 &&
	    jwt_add_grant_int(jwt, "nbf", (long)now) == 0 &&
	    jwt_add_grant_int(jwt, "exp", (long)(now + ttl)) == 0)
		tok = jwt_encode_str(jwt);
	jwt_free(jwt);
	return tok;
}

/* Options of `jiugai token`, in the order of its usage line. */
enum topt {
	TOPT_SUB,
	TOPT_DEPT,
	TOPT_ROLES,
	TOPT_ORG,
	TOPT_NAME,
	TOPT_TTL,
	TOPT_HELP,
	TOPT__MAX
};

static const struct opt topts[TOPT__MAX] = {
	{ "sub",	1 },	/* user id */
	{ "dept",	1 },	/* department code */
	{ "roles",	1 },	/* comma-separated role codes */
	{ "org",	1 },	/* county code, scoped departments only */
	{ "name",	1 },	/* display name */
	{ "ttl",	1 },	/* lifetime in seconds */
	{ "help",	0 },
};

_Static_assert(sizeof(topts) / sizeof(topts[0]) == TOPT__MAX, "topts");

static const char token_usage[] =
    "usage: jiugai token --sub ID --dept CODE --roles ROLE[,ROLE...]\n"
    "                    [--org COUNTY] [--name NAME] [--ttl SECONDS]\n"
    "Print a token signed with key_private, for scripts.  Scoped\n"
    "departments (county, street, committee) need --org; --ttl defaults\n"
    "to 28800 seconds.\n";

/* List the codes of a table whose rows start with the code pointer. */
static void
codes_list(const void *tab, size_t n, size_t stride)
{
	const char	*p = tab;
	size_t		 i;

	fputs(" (one of:", stderr);
	for (i = 0; i < n; i++, p += stride)
		fprintf(stderr, " %s", *(const char *const *)(const void *)p);
	fputs(")\n", stderr);
}

#define CODES_LIST(tab) \
	codes_list((tab), sizeof(tab) / sizeof((tab)[0]), sizeof((tab)[0]))

/* Parse a comma-separated list of role codes into a bitmask. */
static int
token_roles(const char *s, unsigned *mask)
{
	const char	*comma;
	size_t		 len;
	int		 r;

	for (*mask = 0; ; s = comma + 1) {
		comma = strchr(s, ',');
		len = comma == NULL ? strlen(s) : (size_t)(comma - s);
		if ((r = code_role(s, len)) < 0) {
			fprintf(stderr, "jiugai token: unknown role '%.*s'",
			    (int)len, s);
			CODES_LIST(roles);
			return -1;
		}
		*mask |= ROLE_BIT(r);
		if (comma == NULL)
			return 0;
	}
}

static int
token_ttl(const char *s, long max, long *ttl)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 ||
	    v <= 0 || v > max) {
		fprintf(stderr, "jiugai token: --ttl must be 1 to %ld seconds\n",
		    max);
		return -1;
	}
	*ttl = (long)v;
	return 0;
}

/* Turn the options into claims, checking each against codes.h. */
static int
token_claims(const char *val[TOPT__MAX], struct claims *c)
{
	memset(c, 0, sizeof(*c));
	if (val[TOPT_SUB] == NULL || val[TOPT_DEPT] == NULL ||
	    val[TOPT_ROLES] == NULL) {
		fprintf(stderr, "jiugai token: --sub, --dept and --roles are "
		    "required\n%s", token_usage);
		return -1;
	}
	if (!auth_clean_str(val[TOPT_SUB], sizeof(c->sub), 0) ||
	    (val[TOPT_NAME] != NULL &&
	     !auth_clean_str(val[TOPT_NAME], sizeof(c->name), 1))) {
		fprintf(stderr, "jiugai token: --sub must be 1 to %zu and "
		    "--name at most %zu bytes, without control characters\n",
		    sizeof(c->sub) - 1, sizeof(c->name) - 1);
		return -1;
	}
	strcpy(c->sub, val[TOPT_SUB]);
	if (val[TOPT_NAME] != NULL)
		strcpy(c->name, val[TOPT_NAME]);
	if ((c->dept_id = code_dept(val[TOPT_DEPT],
	    strlen(val[TOPT_DEPT]))) < 0) {
		fprintf(stderr, "jiugai token: unknown department '%s'",
		    val[TOPT_DEPT]);
		CODES_LIST(depts);
		return -1;
	}
	strcpy(c->dept, depts[c->dept_id].code);
	if (token_roles(val[TOPT_ROLES], &c->roles) == -1)
		return -1;
	c->county_id = -1;
	if (!depts[c->dept_id].scoped) {
		if (val[TOPT_ORG] == NULL)
			return 0;
		fprintf(stderr, "jiugai token: --org is only for the scoped "
		    "departments county, street and committee\n");
		return -1;
	}
	if (val[TOPT_ORG] == NULL || (c->county_id =
	    code_county(val[TOPT_ORG], strlen(val[TOPT_ORG]))) < 0) {
		fprintf(stderr, "jiugai token: department '%s' needs --org "
		    "with a known county", c->dept);
		CODES_LIST(counties);
		return -1;
	}
	strcpy(c->org, counties[c->county_id].code);
	return 0;
}

/*
 * `jiugai token` (contract in auth.h): 0 with the token on stdout, 2 for
 * a bad command line, 1 without a private key or when signing fails.
 */
int
auth_token_main(int argc, char *argv[], const struct auth_keys *k)
{
	const char	*val[TOPT__MAX] = { NULL };
	struct claims	 c;
	char		*tok;
	long		 ttl;
	int		 rc;

	if (opt_collect(argc, argv, 1, topts, TOPT__MAX, val, "jiugai token",
	    token_usage) == -1)
		return 2;
	if (val[TOPT_HELP] != NULL) {
		fputs(token_usage, stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (token_claims(val, &c) == -1)
		return 2;
	if (k == NULL || k->priv == NULL) {
		fputs("jiugai token: no private key (key_private) "
		    "configured\n", stderr);
		return 1;
	}
	ttl = TOKEN_TTL < k->max_ttl ? TOKEN_TTL : k->max_ttl;
	if (val[TOPT_TTL] != NULL &&
	    token_ttl(val[TOPT_TTL], k->max_ttl, &ttl) == -1)
		return 2;
	if ((tok = auth_mint(k, &c, (long long)time(NULL), ttl)) == NULL) {
		fputs("jiugai token: could not sign the token\n", stderr);
		return 1;
	}
	rc = printf("%s\n", tok) < 0 || fflush(stdout) != 0 ? 1 : 0;
	free(tok);
	return rc;
}
