/*
 * auth.c - verify the product's ES256 tokens, and load the keys.
 * Minting and `jiugai token` are in auth_token.c.
 *
 * libjwt 1.10.2 is used for the one thing it does well, the signature.
 * Everything it gets wrong (SECURITY.md) is done here first: the size
 * limit before any decoding, the header's algorithm, a strict parse of
 * header and payload with duplicate names refused (jin_parse_ex(), the
 * same path as request bodies), and every claim read from our own
 * parse, never from libjwt's getters.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "auth.h"
#include "codes.h"
#include "jsonin.h"

#define JSON_DEPTH	8	/* levels: flat, but aud and roles arrays */
#define LEEWAY_MAX	60	/* SECURITY.md: clock skew <= 60 s */
#define ES256_SIG_B64	86	/* base64url of R || S, 32 bytes each */
#define ES256_SIG_LEN	64

static const char *const auth_errs[AUTH__MAX] = {
	"ok",				/* AUTH_OK */
	"missing token",		/* AUTH_MISSING */
	"token too large",		/* AUTH_TOO_LARGE */
	"malformed token",		/* AUTH_MALFORMED */
	"token algorithm not allowed",	/* AUTH_BAD_ALG */
	"bad token signature",		/* AUTH_BAD_SIG */
	"token expired",		/* AUTH_EXPIRED */
	"token not yet valid",		/* AUTH_NOT_YET_VALID */
	"wrong token issuer",		/* AUTH_BAD_ISS */
	"wrong token audience",		/* AUTH_BAD_AUD */
	"invalid token claims",		/* AUTH_BAD_CLAIMS */
	"duplicate token claim",	/* AUTH_DUP_CLAIM */
};

_Static_assert(sizeof(auth_errs) / sizeof(auth_errs[0]) == AUTH__MAX,
    "auth_errs");

/* A segment of the token: header, payload or signature. */
struct seg {
	const char	*p;
	size_t		 len;
};

static int
b64u_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/*
 * Decode unpadded base64url s[0..len) into out, which has room for
 * len * 3 / 4 bytes.  A length of 1 mod 4 and non-zero leftover bits are
 * refused, so that every byte string has exactly one accepted spelling.
 */
static int
b64u_decode(const char *s, size_t len, unsigned char *out, size_t *outlen)
{
	unsigned int	 acc = 0;
	int		 bits = 0, v;
	size_t		 i, n = 0;

	if (len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		if ((v = b64u_val((unsigned char)s[i])) < 0)
			return -1;
		acc = (acc << 6) | (unsigned int)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	if (acc != 0)
		return -1;
	*outlen = n;
	return 0;
}

/*
 * Split tok[0..len) into exactly three segments of the base64url
 * alphabet.  Segments may be empty here; their contents decide later.
 */
static int
token_split(const char *tok, size_t len, struct seg seg[3])
{
	size_t	 i, n = 0, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && tok[i] != '.') {
			if (b64u_val((unsigned char)tok[i]) < 0)
				return -1;
			continue;
		}
		if (n == 3)
			return -1;
		seg[n].p = tok + start;
		seg[n].len = i - start;
		n++;
		start = i + 1;
	}
	return n == 3 ? 0 : -1;
}

/*
 * Decode one segment and parse it as a JSON object with jin_parse_ex():
 * RFC 8259 only (json-c alone takes single quotes, NaN and raw control
 * characters), and no name twice in any object, names compared as
 * json-c stores them, so that "rol\u0065s" equals "roles" and
 * "a\u0000b" equals "a\u0000c".  json-c (and libjwt's jansson) keep the
 * last of duplicate names silently, so a token could mean "viewer" to
 * one reader and "admin" to another.  A string holding U+0000 gives
 * nul_err: libjwt (jansson) cannot read such a token at all, so this is
 * the only place it can be named.  On AUTH_OK *out holds a new
 * reference.
 */
static enum auth_err
segment_json(const struct seg *seg, enum auth_err nul_err,
    struct json_object **out)
{
	unsigned char		 buf[AUTH_TOKEN_MAX];
	struct json_object	*obj;
	enum jin_err		 je;
	size_t			 len;
	int			 nul;

	*out = NULL;
	if (b64u_decode(seg->p, seg->len, buf, &len) == -1)
		return AUTH_MALFORMED;
	obj = jin_parse_ex((const char *)buf, len, JSON_DEPTH, JIN_KEY_NUL,
	    &nul, &je);
	if (obj == NULL)	/* JIN_NOT_OBJECT too: not a JWS segment */
		return je == JIN_DUPLICATE ? AUTH_DUP_CLAIM : AUTH_MALFORMED;
	if (nul) {
		json_object_put(obj);
		return nul_err;
	}
	*out = obj;
	return AUTH_OK;
}

/* Whether v is exactly the JSON string lit. */
static int
json_str_is(struct json_object *v, const char *lit)
{
	size_t	 len = strlen(lit);

	return json_object_is_type(v, json_type_string) &&
	    (size_t)json_object_get_string_len(v) == len &&
	    memcmp(json_object_get_string(v), lit, len) == 0;
}

/*
 * The header: alg exactly "ES256" (libjwt also takes "es256", "none" and
 * HS256 with our public key as secret); typ, if any, "JWT"; no crit,
 * since we understand no extension (RFC 7515 §4.1.11); kid ignored.
 */
static enum auth_err
header_check(struct json_object *h)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(h, "alg", &v) ||
	    !json_str_is(v, "ES256"))
		return AUTH_BAD_ALG;
	if (json_object_object_get_ex(h, "typ", &v) && !json_str_is(v, "JWT"))
		return AUTH_MALFORMED;
	if (json_object_object_get_ex(h, "crit", NULL))
		return AUTH_MALFORMED;
	return AUTH_OK;
}

/*
 * Check the signature with libjwt, and only that.  jwt_decode() takes
 * the algorithm from the header and, given no key, skips the check and
 * reports "none": so it is never called without our key, and whatever
 * algorithm it settled on is refused unless ES256.  It alloca()s each
 * segment, which the size limit has made safe.
 */
static enum auth_err
signature_check(const struct auth_keys *k, const char *token, size_t len,
    const struct seg *sig)
{
	char		 buf[AUTH_TOKEN_MAX + 1];
	unsigned char	 raw[ES256_SIG_B64];
	size_t		 rawlen;
	jwt_t		*jwt = NULL;
	enum auth_err	 e;

	if (k == NULL || k->pub == NULL || k->publen == 0 ||
	    k->publen > INT_MAX)
		return AUTH_BAD_SIG;
	/* JWS ES256 (RFC 7518 §3.4) is R || S; libjwt wants exactly that. */
	if (sig->len != ES256_SIG_B64 ||
	    b64u_decode(sig->p, sig->len, raw, &rawlen) == -1 ||
	    rawlen != ES256_SIG_LEN)
		return AUTH_BAD_SIG;
	memcpy(buf, token, len);
	buf[len] = '\0';
	if (jwt_decode(&jwt, buf, k->pub, (int)k->publen) != 0 || jwt == NULL)
		e = AUTH_BAD_SIG;
	else if (jwt_get_alg(jwt) != JWT_ALG_ES256)
		e = AUTH_BAD_ALG;
	else
		e = AUTH_OK;
	if (jwt != NULL)
		jwt_free(jwt);
	return e;
}

/*
 * Find the string claim key.  Returns 1 with *s and *len when present
 * and clean, 0 when absent, -1 when not a string (JSON null included) or
 * holding a NUL or other control character: json-c decodes \u0000, and a
 * C string would silently end there.
 */
static int
claim_get_str(struct json_object *pl, const char *key, const char **s,
    size_t *len)
{
	struct json_object	*v;
	size_t			 i;

	if (!json_object_object_get_ex(pl, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*s = json_object_get_string(v);
	*len = (size_t)json_object_get_string_len(v);
	if (strlen(*s) != *len)
		return -1;
	for (i = 0; i < *len; i++)
		if ((unsigned char)(*s)[i] < 0x20 || (*s)[i] == 0x7f)
			return -1;
	return 1;
}

/* As claim_get_str(), copied into dst; too long for dst is -1. */
static int
claim_str(struct json_object *pl, const char *key, char *dst, size_t dstsz)
{
	const char	*s;
	size_t		 len;
	int		 rc;

	if ((rc = claim_get_str(pl, key, &s, &len)) != 1)
		return rc;
	if (len >= dstsz)
		return -1;
	memcpy(dst, s, len + 1);
	return 1;
}

/* A JSON integer (not a double, not a string) in [0, AUTH_TIME_MAX]. */
static int
claim_time(struct json_object *pl, const char *key, long long *t)
{
	struct json_object	*v;
	int64_t			 x;

	if (!json_object_object_get_ex(pl, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	/* Past INT64_MAX json-c saturates, which AUTH_TIME_MAX also refuses. */
	x = json_object_get_int64(v);
	if (x < 0 || x > AUTH_TIME_MAX)
		return -1;
	*t = (long long)x;
	return 1;
}

/* Whether the string s[0..len) is exactly name. */
static int
str_eq(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(s, name, len) == 0;
}

static enum auth_err
claims_iss(const struct auth_keys *k, struct json_object *pl)
{
	const char	*s;
	size_t		 len;

	switch (claim_get_str(pl, "iss", &s, &len)) {
	case -1:
		return AUTH_BAD_CLAIMS;
	case 0:
		return AUTH_BAD_ISS;
	default:
		return str_eq(s, len, k->iss) ? AUTH_OK : AUTH_BAD_ISS;
	}
}

/* RFC 7519 §4.1.3: aud is one string or an array of them naming us. */
static enum auth_err
claims_aud(const struct auth_keys *k, struct json_object *pl)
{
	struct json_object	*a, *v;
	const char		*s;
	size_t			 i, n, len;
	int			 found = 0;

	if (!json_object_object_get_ex(pl, "aud", &a))
		return AUTH_BAD_AUD;
	if (json_object_is_type(a, json_type_string)) {
		if (claim_get_str(pl, "aud", &s, &len) != 1)
			return AUTH_BAD_CLAIMS;
		return str_eq(s, len, k->aud) ? AUTH_OK : AUTH_BAD_AUD;
	}
	if (!json_object_is_type(a, json_type_array))
		return AUTH_BAD_CLAIMS;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (!json_object_is_type(v, json_type_string))
			return AUTH_BAD_CLAIMS;
		s = json_object_get_string(v);
		len = (size_t)json_object_get_string_len(v);
		if (strlen(s) != len)
			return AUTH_BAD_CLAIMS;
		found |= str_eq(s, len, k->aud);
	}
	return found ? AUTH_OK : AUTH_BAD_AUD;
}

/* The lifetime's bounds under k, then the clock (also for a cached token). */
static enum auth_err
times_check(const struct auth_keys *k, const struct claims *c, long long now)
{
	long long	 leeway;

	leeway = k->leeway < 0 ? 0 :
	    k->leeway > LEEWAY_MAX ? LEEWAY_MAX : k->leeway;
	if (c->exp <= c->iat || c->exp - c->iat > k->max_ttl ||
	    c->nbf >= c->exp)
		return AUTH_BAD_CLAIMS;
	/* A clock outside the bounds could only overflow the sums below. */
	if (now < 0 || now > AUTH_TIME_MAX || now > c->exp + leeway)
		return AUTH_EXPIRED;
	if (now + leeway < c->nbf || now + leeway < c->iat)
		return AUTH_NOT_YET_VALID;
	return AUTH_OK;
}

/*
 * iat and exp required, nbf optional (iat when absent), all integers; a
 * bounded lifetime; then the clock, with at most LEEWAY_MAX of skew.
 */
static enum auth_err
claims_time(const struct auth_keys *k, struct json_object *pl,
    long long now, struct claims *c)
{
	if (claim_time(pl, "iat", &c->iat) != 1 ||
	    claim_time(pl, "exp", &c->exp) != 1)
		return AUTH_BAD_CLAIMS;
	switch (claim_time(pl, "nbf", &c->nbf)) {
	case -1:
		return AUTH_BAD_CLAIMS;
	case 0:
		c->nbf = c->iat;
		break;
	default:
		break;
	}
	return times_check(k, c, now);
}

/* roles: a non-empty array of known role codes, as a bitmask. */
static int
claims_roles(struct json_object *pl, unsigned *mask)
{
	struct json_object	*a, *v;
	size_t			 i, n;
	int			 r;

	*mask = 0;
	if (!json_object_object_get_ex(pl, "roles", &a) ||
	    !json_object_is_type(a, json_type_array))
		return -1;
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		if (!json_object_is_type(v, json_type_string))
			return -1;
		/* By length: "clerk\u0000x" is no role. */
		r = code_role(json_object_get_string(v),
		    (size_t)json_object_get_string_len(v));
		if (r < 0)
			return -1;
		*mask |= ROLE_BIT(r);
	}
	return *mask != 0 ? 0 : -1;
}

/*
 * Who the token speaks for: sub, name, jti, dept, roles, and org, which
 * scoped departments (county, street, committee) need and others may
 * not carry.
 */
static enum auth_err
claims_who(struct json_object *pl, struct claims *c)
{
	struct json_object	*v;

	if (claim_str(pl, "sub", c->sub, sizeof(c->sub)) != 1 ||
	    c->sub[0] == '\0' ||
	    claim_str(pl, "name", c->name, sizeof(c->name)) == -1 ||
	    claim_str(pl, "jti", c->jti, sizeof(c->jti)) == -1 ||
	    claim_str(pl, "dept", c->dept, sizeof(c->dept)) != 1 ||
	    (c->dept_id = code_dept(c->dept, strlen(c->dept))) < 0 ||
	    claims_roles(pl, &c->roles) == -1)
		return AUTH_BAD_CLAIMS;
	if (!depts[c->dept_id].scoped) {
		if (json_object_object_get_ex(pl, "org", &v) && v != NULL)
			return AUTH_BAD_CLAIMS;
		c->county_id = -1;
		return AUTH_OK;
	}
	if (claim_str(pl, "org", c->org, sizeof(c->org)) != 1 ||
	    (c->county_id = code_county(c->org, strlen(c->org))) < 0)
		return AUTH_BAD_CLAIMS;
	return AUTH_OK;
}

static enum auth_err
claims_check(const struct auth_keys *k, struct json_object *pl,
    long long now, struct claims *c)
{
	enum auth_err	 e;

	memset(c, 0, sizeof(*c));
	if ((e = claims_iss(k, pl)) != AUTH_OK ||
	    (e = claims_aud(k, pl)) != AUTH_OK ||
	    (e = claims_time(k, pl, now, c)) != AUTH_OK)
		return e;
	return claims_who(pl, c);
}

/*
 * The tokens this process verified lately, so that a client sending the
 * same token with every request pays for the signature (an ES256 verify
 * and libjwt parsing the PEM key: most of a worker's CPU per request)
 * once.  A hit needs the very same bytes (compared in constant time) and
 * the very same key material, iss and aud; it then yields the claims the
 * full check produced, and the clock and lifetime checks run again on
 * every hit, so an entry dies with its token's exp.  Nothing else about a
 * token can change: bearer tokens are not revoked (a web session's
 * revocation is looked up per request after this, web.c).  Only tokens
 * that passed are kept.  Direct-mapped on a hash of the signature.
 */
#define CACHE_SLOTS	32
#define CACHE_TOKEN_MAX	2048
#define CACHE_PUB_MAX	512

struct cached {
	size_t		 len;		/* 0: empty */
	char		 token[CACHE_TOKEN_MAX];
	size_t		 publen;
	unsigned char	 pub[CACHE_PUB_MAX];
	char		 iss[sizeof(((struct auth_keys *)0)->iss)];
	char		 aud[sizeof(((struct auth_keys *)0)->aud)];
	struct claims	 c;
};

static struct cached	 cache[CACHE_SLOTS];

static struct cached *
cache_slot(const struct seg *sig)
{
	uint32_t	 h = 2166136261u;	/* FNV-1a */
	size_t		 i;

	for (i = 0; i < sig->len; i++)
		h = (h ^ (unsigned char)sig->p[i]) * 16777619u;
	return &cache[h % CACHE_SLOTS];
}

static int
cache_fits(const struct auth_keys *k, size_t len)
{
	return k != NULL && k->pub != NULL && len <= CACHE_TOKEN_MAX &&
	    k->publen > 0 && k->publen <= CACHE_PUB_MAX;
}

/* The claims of token under k, or NULL. */
static const struct claims *
cache_get(const struct auth_keys *k, const char *token, size_t len,
    const struct seg *sig)
{
	const struct cached	*e = cache_slot(sig);

	if (!cache_fits(k, len) || e->len != len || e->publen != k->publen ||
	    CRYPTO_memcmp(e->token, token, len) != 0 ||
	    memcmp(e->pub, k->pub, k->publen) != 0 ||
	    strncmp(e->iss, k->iss, sizeof(e->iss)) != 0 ||
	    strncmp(e->aud, k->aud, sizeof(e->aud)) != 0)
		return NULL;
	return &e->c;
}

static void
cache_put(const struct auth_keys *k, const char *token, size_t len,
    const struct seg *sig, const struct claims *c)
{
	struct cached	*e = cache_slot(sig);
	size_t		 ni, na;

	if (!cache_fits(k, len))
		return;
	ni = strnlen(k->iss, sizeof(k->iss));
	na = strnlen(k->aud, sizeof(k->aud));
	if (ni >= sizeof(e->iss) || na >= sizeof(e->aud))
		return;
	e->len = len;
	memcpy(e->token, token, len);
	e->publen = k->publen;
	memcpy(e->pub, k->pub, k->publen);
	memcpy(e->iss, k->iss, ni + 1);
	memcpy(e->aud, k->aud, na + 1);
	e->c = *c;
}

/*
 * Verify token[0..len) at time now (contract in auth.h): AUTH_OK with
 * *out filled, or the reason with *out untouched; the caller answers 401
 * with auth_err_str().  Order matters: size before any decoding,
 * structure and header before libjwt sees anything, the signature before
 * any claim is believed.  Only a string holding U+0000 is named before
 * the signature (as AUTH_BAD_CLAIMS), because libjwt cannot read it.
 */
enum auth_err
auth_verify(const struct auth_keys *k, const char *token, size_t len,
    long long now, struct claims *out)
{
	struct seg		 seg[3];
	struct json_object	*hdr = NULL, *pl = NULL;
	const struct claims	*hit;
	struct claims		 c;
	enum auth_err		 e;

	memset(&c, 0, sizeof(c));
	if (token == NULL || len == 0)
		return AUTH_MISSING;
	if (len > AUTH_TOKEN_MAX)
		return AUTH_TOO_LARGE;
	if (token_split(token, len, seg) == -1)
		return AUTH_MALFORMED;
	if ((hit = cache_get(k, token, len, &seg[2])) != NULL) {
		if ((e = times_check(k, hit, now)) == AUTH_OK && out != NULL)
			*out = *hit;
		return e;
	}
	if ((e = segment_json(&seg[0], AUTH_MALFORMED, &hdr)) == AUTH_OK &&
	    (e = header_check(hdr)) == AUTH_OK &&
	    (e = segment_json(&seg[1], AUTH_BAD_CLAIMS, &pl)) == AUTH_OK &&
	    (e = signature_check(k, token, len, &seg[2])) == AUTH_OK)
		e = claims_check(k, pl, now, &c);
	json_object_put(hdr);
	json_object_put(pl);
	if (e == AUTH_OK)
		cache_put(k, token, len, &seg[2], &c);
	if (e == AUTH_OK && out != NULL)
		*out = c;
	return e;
}

/*
 * Whether s is a clean name (contract in auth.h): NUL-terminated within
 * sz bytes, no control characters.
 */
int
auth_clean_str(const char *s, size_t sz, int empty_ok)
{
	size_t	 i, len;

	if (s == NULL || (len = strnlen(s, sz)) == sz || (len == 0 && !empty_ok))
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/*
 * The 401 reason for e, from the auth_errs table; static storage, never
 * NULL.
 */
const char *
auth_err_str(enum auth_err e)
{
	if ((unsigned)e >= AUTH__MAX)
		return "invalid token";
	return auth_errs[e];
}

