/*
 * auth.c - verify and mint the product's ES256 tokens, and `jiugai token`.
 *
 * libjwt 1.10.2 is used for the one thing it does well, the signature.
 * Everything it gets wrong (SECURITY.md) is done here first: the size
 * limit before any decoding, the header's algorithm, a strict parse of
 * header and payload with duplicate names refused, and every claim read
 * from our own parse, never from libjwt's getters.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "auth.h"
#include "codes.h"

#define JSON_DEPTH	8	/* header and payload are flat; aud/roles arrays */
#define KEY_FILE_MIN	32	/* shorter cannot be a PEM key */
#define KEY_FILE_MAX	65536
#define LEEWAY_MAX	60	/* SECURITY.md: clock skew <= 60 s */
#define TIME_MAX	253402300799LL	/* 9999-12-31T23:59:59Z; bounds every sum */
#define ES256_SIG_B64	86	/* base64url of R || S, 32 bytes each */
#define ES256_SIG_LEN	64
#define TOKEN_TTL	28800	/* `jiugai token` default, as token_ttl */

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

/* A decoded top-level member name, pointing into jscan.names. */
struct jname {
	const char	*s;
	size_t		 len;
};

/* State of the strict scanner over one decoded segment. */
struct jscan {
	const unsigned char	*p, *end;
	char			*names;		/* decoded names, back to back */
	size_t			 nameslen;
	struct jname		*tab;		/* top-level names */
	size_t			 ntab, captab;
	int			 nul;		/* a string held \u0000 */
};

enum jscan_res {
	JSCAN_OK,
	JSCAN_BAD,	/* not RFC 8259 JSON, or not an object */
	JSCAN_DUP,	/* a top-level name twice */
	JSCAN_NUL	/* some string holds U+0000 */
};

/*
 * Out of memory is not the token's fault: log and abort, as the rest of
 * the product does.
 */
static void *
auth_alloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL) {
		fputs("auth: out of memory\n", stderr);
		abort();
	}
	return p;
}

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
 * Parse buf[0..len) with json-c in strict mode into one object, the
 * whole input consumed.  A raw NUL byte would end json-c's input early,
 * so it is refused first.  Returns a new reference or NULL.
 */
static struct json_object *
json_strict(const unsigned char *buf, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*obj;

	if (len == 0 || len > INT_MAX || memchr(buf, '\0', len) != NULL)
		return NULL;
	if ((tok = json_tokener_new_ex(JSON_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok,
	    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, (const char *)buf, (int)len);
	if (obj != NULL &&
	    (json_tokener_get_error(tok) != json_tokener_success ||
	     json_tokener_get_parse_end(tok) != len ||
	     !json_object_is_type(obj, json_type_object))) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

static void
js_ws(struct jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int
js_hex4(struct jscan *s, unsigned long *cp)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*d;
	int			 i;
	unsigned char		 c;

	if (s->end - s->p < 4)
		return -1;
	for (*cp = 0, i = 0; i < 4; i++) {
		c = *s->p++;
		if (c >= 'A' && c <= 'F')
			c = (unsigned char)(c - 'A' + 'a');
		if (c == '\0' || (d = strchr(hex, c)) == NULL)
			return -1;
		*cp = (*cp << 4) | (unsigned long)(d - hex);
	}
	return 0;
}

/* Write code point cp as UTF-8 to dst (unless NULL); return its length. */
static size_t
js_utf8(char *dst, unsigned long cp)
{
	unsigned char	 b[4];
	size_t		 n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (dst != NULL)
		memcpy(dst, b, n);
	return n;
}

/* The character an escape \c stands for, or -1 (\u is handled apart). */
static int
js_escape(unsigned char c)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char	*p;

	if (c == '\0' || (p = strchr(from, c)) == NULL)
		return -1;
	return to[p - from];
}

/*
 * Scan a double-quoted string, decoding it into dst (unless NULL; room
 * for as many bytes as the raw text) with its length in *dstlen.  Raw
 * control characters and lone surrogates are refused; U+0000 is noted.
 * Decoding never lengthens: "\uXXXX" is 6 bytes for at most 3.
 */
static int
js_string(struct jscan *s, char *dst, size_t *dstlen)
{
	unsigned long	 cp, lo;
	size_t		 n = 0;
	unsigned char	 c;
	int		 e;

	if (s->p == s->end || *s->p != '"')
		return -1;
	for (s->p++; s->p < s->end; ) {
		c = *s->p++;
		if (c == '"') {
			if (dstlen != NULL)
				*dstlen = n;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c == '\\' && s->p < s->end && *s->p == 'u') {
			s->p++;
			if (js_hex4(s, &cp) == -1 ||
			    (cp >= 0xdc00 && cp <= 0xdfff))
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (s->end - s->p < 2 || s->p[0] != '\\' ||
				    s->p[1] != 'u')
					return -1;
				s->p += 2;
				if (js_hex4(s, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			if (cp == 0)
				s->nul = 1;
			n += js_utf8(dst == NULL ? NULL : dst + n, cp);
			continue;
		}
		if (c == '\\') {
			if (s->p == s->end || (e = js_escape(*s->p++)) == -1)
				return -1;
			c = (unsigned char)e;
		}
		if (dst != NULL)
			dst[n] = (char)c;
		n++;
	}
	return -1;
}

static int
js_digits(struct jscan *s)
{
	const unsigned char	*start = s->p;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > start ? 0 : -1;
}

/* RFC 8259 §6: no NaN, no Infinity, no leading zeros, no bare ".5". */
static int
js_number(struct jscan *s)
{
	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (js_digits(s) == -1)
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (js_digits(s) == -1)
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (js_digits(s) == -1)
			return -1;
	}
	return 0;
}

static int
js_literal(struct jscan *s, const char *word)
{
	size_t	 len = strlen(word);

	if ((size_t)(s->end - s->p) < len || memcmp(s->p, word, len) != 0)
		return -1;
	s->p += len;
	return 0;
}

static int	js_value(struct jscan *, int);

/*
 * Scan an object's members.  At the top level (top != 0) each decoded
 * name is recorded in s->tab for the duplicate check.
 */
static int
js_members(struct jscan *s, int depth, int top)
{
	char	*name;
	size_t	 len;

	s->p++;
	js_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		name = top ? s->names + s->nameslen : NULL;
		if (js_string(s, name, &len) == -1)
			return -1;
		if (top) {
			if (s->ntab == s->captab)
				return -1;
			s->tab[s->ntab].s = name;
			s->tab[s->ntab++].len = len;
			s->nameslen += len;
		}
		js_ws(s);
		if (s->p == s->end || *s->p++ != ':')
			return -1;
		js_ws(s);
		if (js_value(s, depth) == -1)
			return -1;
		js_ws(s);
		if (s->p == s->end)
			return -1;
		if (*s->p == '}') {
			s->p++;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
		js_ws(s);
	}
}

static int
js_elements(struct jscan *s, int depth)
{
	s->p++;
	js_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (js_value(s, depth) == -1)
			return -1;
		js_ws(s);
		if (s->p == s->end)
			return -1;
		if (*s->p == ']') {
			s->p++;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
		js_ws(s);
	}
}

static int
js_value(struct jscan *s, int depth)
{
	if (depth > JSON_DEPTH || s->p == s->end)
		return -1;
	switch (*s->p) {
	case '"':
		return js_string(s, NULL, NULL);
	case '{':
		return js_members(s, depth + 1, 0);
	case '[':
		return js_elements(s, depth + 1);
	case 't':
		return js_literal(s, "true");
	case 'f':
		return js_literal(s, "false");
	case 'n':
		return js_literal(s, "null");
	default:
		return js_number(s);
	}
}

static int
jname_cmp(const void *a, const void *b)
{
	const struct jname	*x = a, *y = b;
	int			 c;

	c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/*
 * Check buf[0..len), already accepted by json-c, against RFC 8259
 * ourselves and collect the names of its top-level object, decoded, so
 * that "rol\u0065s" equals "roles".  json-c (and libjwt's jansson) keep
 * the last of duplicate names silently, so a token could mean "viewer"
 * to one reader and "admin" to another: duplicates are refused.  json-c
 * also lets single quotes, NaN and raw control characters through in
 * strict mode; those are refused here.  *nnames gets the name count.
 */
static enum jscan_res
json_scan(const unsigned char *buf, size_t len, size_t *nnames)
{
	struct jscan	 s;
	enum jscan_res	 res = JSCAN_BAD;
	size_t		 i;

	memset(&s, 0, sizeof(s));
	s.p = buf;
	s.end = buf + len;
	s.names = auth_alloc(len);
	/* Each member takes at least 5 bytes: "":0, */
	s.captab = len / 4 + 1;
	s.tab = auth_alloc(s.captab * sizeof(*s.tab));
	js_ws(&s);
	if (s.p < s.end && *s.p == '{' && js_members(&s, 1, 1) == 0) {
		js_ws(&s);
		if (s.p == s.end)
			res = JSCAN_OK;
	}
	if (res == JSCAN_OK) {
		qsort(s.tab, s.ntab, sizeof(*s.tab), jname_cmp);
		for (i = 1; i < s.ntab && res == JSCAN_OK; i++)
			if (jname_cmp(&s.tab[i - 1], &s.tab[i]) == 0)
				res = JSCAN_DUP;
	}
	if (res == JSCAN_OK && s.nul)
		res = JSCAN_NUL;
	*nnames = s.ntab;
	free(s.names);
	free(s.tab);
	return res;
}

/*
 * Decode one segment and parse it as a JSON object, strictly and twice:
 * json-c for the values, our scanner for what json-c lets through.  A
 * string holding U+0000 gives nul_err: libjwt (jansson) cannot read
 * such a token at all, so this is the only place it can be named.
 * On AUTH_OK *out holds a new reference.
 */
static enum auth_err
segment_json(const struct seg *seg, enum auth_err nul_err,
    struct json_object **out)
{
	unsigned char		 buf[AUTH_TOKEN_MAX];
	struct json_object	*obj;
	size_t			 len, nnames;
	enum jscan_res		 res;

	*out = NULL;
	if (b64u_decode(seg->p, seg->len, buf, &len) == -1 ||
	    (obj = json_strict(buf, len)) == NULL)
		return AUTH_MALFORMED;
	res = json_scan(buf, len, &nnames);
	/* Names json-c merged that we did not (e.g. after a NUL) are duplicates too. */
	if ((res == JSCAN_OK || res == JSCAN_NUL) &&
	    nnames != (size_t)json_object_object_length(obj))
		res = JSCAN_DUP;
	if (res == JSCAN_OK) {
		*out = obj;
		return AUTH_OK;
	}
	json_object_put(obj);
	if (res == JSCAN_DUP)
		return AUTH_DUP_CLAIM;
	return res == JSCAN_NUL ? nul_err : AUTH_MALFORMED;
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

/* A JSON integer (not a double, not a string) in [0, TIME_MAX]. */
static int
claim_time(struct json_object *pl, const char *key, long long *t)
{
	struct json_object	*v;
	int64_t			 x;

	if (!json_object_object_get_ex(pl, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	/* Past INT64_MAX json-c saturates, which TIME_MAX also refuses. */
	x = json_object_get_int64(v);
	if (x < 0 || x > TIME_MAX)
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

/*
 * iat and exp required, nbf optional (iat when absent), all integers; a
 * bounded lifetime; then the clock, with at most LEEWAY_MAX of skew.
 */
static enum auth_err
claims_time(const struct auth_keys *k, struct json_object *pl,
    long long now, struct claims *c)
{
	long long	 leeway;

	leeway = k->leeway < 0 ? 0 :
	    k->leeway > LEEWAY_MAX ? LEEWAY_MAX : k->leeway;
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
	if (c->exp <= c->iat || c->exp - c->iat > k->max_ttl ||
	    c->nbf >= c->exp)
		return AUTH_BAD_CLAIMS;
	/* A clock outside the bounds could only overflow the sums below. */
	if (now < 0 || now > TIME_MAX || now > c->exp + leeway)
		return AUTH_EXPIRED;
	if (now + leeway < c->nbf || now + leeway < c->iat)
		return AUTH_NOT_YET_VALID;
	return AUTH_OK;
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
	struct claims		 c;
	enum auth_err		 e;

	if (token == NULL || len == 0)
		return AUTH_MISSING;
	if (len > AUTH_TOKEN_MAX)
		return AUTH_TOO_LARGE;
	if (token_split(token, len, seg) == -1)
		return AUTH_MALFORMED;
	if ((e = segment_json(&seg[0], AUTH_MALFORMED, &hdr)) == AUTH_OK &&
	    (e = header_check(hdr)) == AUTH_OK &&
	    (e = segment_json(&seg[1], AUTH_BAD_CLAIMS, &pl)) == AUTH_OK &&
	    (e = signature_check(k, token, len, &seg[2])) == AUTH_OK)
		e = claims_check(k, pl, now, &c);
	json_object_put(hdr);
	json_object_put(pl);
	if (e == AUTH_OK && out != NULL)
		*out = c;
	return e;
}

/* A NUL-terminated string of fewer than sz bytes, no control characters. */
static int
clean_str(const char *s, size_t sz, int empty_ok)
{
	size_t	 i, len;

	if (s == NULL || (len = strnlen(s, sz)) == sz || (len == 0 && !empty_ok))
		return 0;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* The same rules auth_verify() applies, for what we are about to sign. */
static int
mint_valid(const struct claims *c)
{
	int	 d;

	if (!clean_str(c->sub, sizeof(c->sub), 0) ||
	    !clean_str(c->name, sizeof(c->name), 1) ||
	    !clean_str(c->dept, sizeof(c->dept), 0) ||
	    !clean_str(c->org, sizeof(c->org), 1) ||
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
	    now < 0 || now > TIME_MAX - ttl || now > LONG_MAX - ttl ||
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

/*
 * OpenSSL's default would prompt on the terminal for an encrypted key;
 * refuse instead: a server cannot answer.
 */
static int
no_passphrase(char *buf, int size, int rw, void *u)
{
	(void)buf;
	(void)size;
	(void)rw;
	(void)u;
	return -1;
}

/* Read the whole key file at path into a malloc'd, NUL-terminated buffer. */
static int
key_read(const char *path, unsigned char **buf, size_t *len)
{
	struct stat	 st;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fd;

	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", path == NULL ? "key file" : path,
		    path == NULL ? "not configured" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < KEY_FILE_MIN || st.st_size > KEY_FILE_MAX) {
		fprintf(stderr, "%s: not a key file of %d to %d bytes\n",
		    path, KEY_FILE_MIN, KEY_FILE_MAX);
		close(fd);
		return -1;
	}
	*buf = auth_alloc((size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		n = read(fd, *buf + off, (size_t)st.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "%s: short read\n", path);
			close(fd);
			return -1;
		}
		off += (size_t)n;
	}
	close(fd);
	(*buf)[off] = '\0';
	*len = off;
	return 0;
}

/* Parse a PEM key (private if priv) and require EC on P-256. */
static EVP_PKEY *
key_parse(const unsigned char *pem, size_t len, int priv)
{
	BIO		*bio;
	EVP_PKEY	*pkey;
	char		 group[32];

	if ((bio = BIO_new_mem_buf(pem, (int)len)) == NULL)
		return NULL;
	pkey = priv ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) :
	    PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
	BIO_free(bio);
	if (pkey != NULL && (EVP_PKEY_get_id(pkey) != EVP_PKEY_EC ||
	    EVP_PKEY_get_group_name(pkey, group, sizeof(group), NULL) != 1 ||
	    strcmp(group, "prime256v1") != 0)) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

/*
 * Refuse at start-up what would fail every request: keys that are not
 * ES256 keys, or a private key that does not match the public one.
 */
static int
key_check(const struct auth_keys *k, const char *pubpath,
    const char *privpath)
{
	EVP_PKEY	*pub, *priv = NULL;
	int		 rc = -1;

	if ((pub = key_parse(k->pub, k->publen, 0)) == NULL)
		fprintf(stderr, "%s: not a PEM EC P-256 public key\n", pubpath);
	else if (k->priv != NULL &&
	    (priv = key_parse(k->priv, k->privlen, 1)) == NULL)
		fprintf(stderr, "%s: not an unencrypted PEM EC P-256 "
		    "private key\n", privpath);
	else if (priv != NULL && EVP_PKEY_eq(pub, priv) != 1)
		fprintf(stderr, "%s: does not match %s\n", privpath, pubpath);
	else
		rc = 0;
	EVP_PKEY_free(pub);
	EVP_PKEY_free(priv);
	return rc;
}

static int
name_copy(char *dst, size_t sz, const char *src, const char *what)
{
	if (!clean_str(src, sz, 0)) {
		fprintf(stderr, "token %s: must be 1 to %zu characters\n",
		    what, sz - 1);
		return -1;
	}
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

/*
 * Load and check the ES256 keys and names (contract in auth.h).  Every
 * check that would otherwise fail each request is made here, at start-up:
 * 0, or -1 with a message on stderr and k empty.
 */
int
auth_keys_load(struct auth_keys *k, const char *pubpath,
    const char *privpath, const char *iss, const char *aud)
{
	memset(k, 0, sizeof(*k));
	if (name_copy(k->iss, sizeof(k->iss), iss, "issuer") == -1 ||
	    name_copy(k->aud, sizeof(k->aud), aud, "audience") == -1 ||
	    key_read(pubpath, &k->pub, &k->publen) == -1 ||
	    (privpath != NULL &&
	     key_read(privpath, &k->priv, &k->privlen) == -1) ||
	    key_check(k, pubpath, privpath) == -1) {
		auth_keys_free(k);
		return -1;
	}
	k->leeway = 30;
	k->max_ttl = 86400;
	return 0;
}

/*
 * Wipe and free the keys; k is zeroed, so a second call is harmless.
 */
void
auth_keys_free(struct auth_keys *k)
{
	if (k == NULL)
		return;
	if (k->priv != NULL)
		OPENSSL_cleanse(k->priv, k->privlen);
	free(k->priv);
	free(k->pub);
	memset(k, 0, sizeof(*k));
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

static const struct topt_info {
	const char	*name;		/* after "--" */
	int		 arg;		/* takes a value */
} topts[TOPT__MAX] = {
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

/* Collect --opt VALUE and --opt=VALUE into val[]; each at most once. */
static int
token_args(int argc, char *argv[], const char *val[TOPT__MAX])
{
	const char	*a, *eq;
	size_t		 len;
	int		 i, o;

	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strncmp(a, "--", 2) != 0)
			goto bad;
		a += 2;
		len = (eq = strchr(a, '=')) == NULL ? strlen(a) : (size_t)(eq - a);
		for (o = 0; o < TOPT__MAX; o++)
			if (str_eq(a, len, topts[o].name))
				break;
		if (o == TOPT__MAX || val[o] != NULL ||
		    (!topts[o].arg && eq != NULL))
			goto bad;
		if (!topts[o].arg)
			val[o] = "";
		else if (eq != NULL)
			val[o] = eq + 1;
		else if (i + 1 < argc)
			val[o] = argv[++i];
		else
			goto bad;
	}
	return 0;
bad:
	fprintf(stderr, "jiugai token: bad, repeated or incomplete option "
	    "'%s'\n%s", argv[i], token_usage);
	return -1;
}

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
	if (!clean_str(val[TOPT_SUB], sizeof(c->sub), 0) ||
	    (val[TOPT_NAME] != NULL &&
	     !clean_str(val[TOPT_NAME], sizeof(c->name), 1))) {
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

	if (token_args(argc, argv, val) == -1)
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
