/*
 * test_security.c - attacks on what the application itself reads, against
 * the running stack (nginx -> workers -> PostgreSQL):
 *
 *  - the JWT pitfalls of SECURITY.md over HTTP that test_input.c does not
 *    already try: duplicate claims, nbf in the future, claims of the wrong
 *    JSON type or missing, an unbounded lifetime, signatures of the right
 *    length that are wrong (zero, swapped, the curve order, another
 *    token's), header tricks (embedded jwk, jku, kid), alg spellings, and
 *    tokens in the wrong place;
 *  - SQL injection strings in every text field the API stores (each stage's
 *    text fields by PATCH, declarations, funding notes, item and flow
 *    comments, Idempotency-Key) and in every list query parameter: the
 *    right status, stored literally where accepted, and nothing else in
 *    the database changed;
 *  - path traversal on static files and application routes (raw requests:
 *    curl would normalise the paths).
 *
 * Wire-level attacks (sizes, framing, slow clients, FastCGI, privileges)
 * are in test_security_net.c.  Each binary checks at its end that no
 * worker died while it ran.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../include/conf.h"
#include "../../include/urlenc.h"
#include "../lib/client.h"
#include "../lib/proc.h"
#include "../lib/raw.h"

#define EXPECT(r, want) do {						\
	if ((r)->status != (long)(want))				\
		fail_msg("%s:%d: want %ld, got %ld: %s", __FILE__,	\
		    __LINE__, (long)(want), (r)->status,		\
		    (r)->body != NULL ? (r)->body : "(no body)");	\
} while (0)

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NOCLAIM		LLONG_MIN

/* ------------------------------------------------------------------ */
/* Helpers: paths, tokens, the database.                                */
/* ------------------------------------------------------------------ */

static const char *
cpath(long long id, const char *suffix)
{
	static char	 buf[8][160];
	static int	 n;
	char		*b = buf[n++ % 8];

	snprintf(b, sizeof(buf[0]), "/api/v1/communities/%lld%s", id, suffix);
	return b;
}

static const char *
ipath(long long id, const char *suffix)
{
	static char	 buf[4][160];
	static int	 n;
	char		*b = buf[n++ % 4];

	snprintf(b, sizeof(buf[0]), "/api/v1/items/%lld%s", id, suffix);
	return b;
}

static const char *
street(const char *county)
{
	return tok("t-street", "street", county, "clerk");
}

static const char *
committee(const char *county)
{
	return tok("t-committee", "committee", county, "clerk");
}

static const char *
cclerk(const char *county)
{
	return tok("t-county-clerk", "county", county, "clerk");
}

static const char *
viewer(void)
{
	return tok("t-viewer", "housing", NULL, "viewer");
}

static const char *
approver(const char *dept)
{
	static char	 sub[4][64];
	static int	 n;
	char		*s = sub[n++ % 4];

	snprintf(s, sizeof(sub[0]), "t-%s-approver", dept);
	return tok(s, dept, NULL, "approver");
}

static const char *
clerk(const char *dept)
{
	static char	 sub[4][64];
	static int	 n;
	char		*s = sub[n++ % 4];

	snprintf(s, sizeof(sub[0]), "t-%s-clerk", dept);
	return tok(s, dept, NULL, "clerk");
}

/* One text value from SQL with one bigint parameter ("" on NULL). */
static char *
sql_text(const char *sql, long long id)
{
	char		 p0[32];
	const char	*p[1] = { p0 };
	PGresult	*res;
	char		*out;

	snprintf(p0, sizeof(p0), "%lld", id);
	res = PQexecParams(db(), sql, 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		fail_msg("%s: %s", sql, PQerrorMessage(db()));
	out = strdup(PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
	PQclear(res);
	assert_non_null(out);
	return out;
}

/*
 * Everything in the database that does not belong to community id: its
 * rows, items, funding, rounds, approvals and the count and end of the
 * events.  Equal before and after a request iff the request touched
 * nothing but that community.  Returned string is malloc'd.
 */
static char *
world(long long id)
{
	return sql_text("SELECT md5(concat_ws('|',"
	    " (SELECT string_agg(c::text, ',' ORDER BY c.id) FROM community c"
	    "   WHERE c.id <> $1::bigint),"
	    " (SELECT string_agg(i::text, ',' ORDER BY i.id) FROM item i"
	    "   WHERE i.community_id <> $1::bigint),"
	    " (SELECT string_agg(f::text, ',' ORDER BY f.id) FROM funding f"
	    "   WHERE f.community_id <> $1::bigint),"
	    " (SELECT string_agg(r::text, ',' ORDER BY r.id) FROM round r"
	    "   WHERE r.community_id <> $1::bigint),"
	    " (SELECT string_agg(a::text, ',' ORDER BY a.round_id, a.dept) FROM approval a"
	    "   WHERE a.round_id IN (SELECT id FROM round WHERE community_id <> $1::bigint)),"
	    " (SELECT count(*) || ':' || coalesce(max(id), 0) FROM event"
	    "   WHERE community_id IS DISTINCT FROM $1::bigint)))", id);
}

static void
same_world(const char *label, const char *before, long long id)
{
	char	*after = world(id);

	if (strcmp(before, after) != 0)
		fail_msg("[%s] rows outside community %lld changed", label, id);
	free(after);
}

static long long
events_of(long long id)
{
	char		*s = sql_text("SELECT count(*) FROM event WHERE community_id = $1",
	    id);
	long long	 n = strtoll(s, NULL, 10);

	free(s);
	return n;
}

/* s as a JSON string literal (quotes included); malloc'd. */
static char *
jesc(const char *s)
{
	char	*o = malloc(strlen(s) * 6 + 3), *q = o;

	assert_non_null(o);
	*q++ = '"';
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\') {
			*q++ = '\\';
			*q++ = *s;
		} else if ((unsigned char)*s < 0x20) {
			q += sprintf(q, "\\u%04x", (unsigned char)*s);
		} else
			*q++ = *s;
	}
	*q++ = '"';
	*q = '\0';
	return o;
}

/*
 * No SQL text, stack trace or internal error in an answer (words that the
 * request itself holds, label, may come back echoed as a field name).
 */
static void
no_leak(const char *label, const struct resp *r)
{
	static const char *const bad[] = {
		"SELECT", "INSERT", "UPDATE ", "syntax error", "ERROR:", "PQ",
		"pg_", "relation \"", "internal",
	};
	size_t	 i;

	if (r->status == 500 || r->status == 0)
		fail_msg("[%s] status %ld: %s", label, r->status,
		    r->body != NULL ? r->body : "(no answer)");
	for (i = 0; i < NELEM(bad); i++)
		if (r->body != NULL && r->status >= 400 && strstr(label, bad[i]) == NULL &&
		    strstr(r->body, bad[i]) != NULL)
			fail_msg("[%s] internals in the answer (%s): %s", label, bad[i],
			    r->body);
}

/* The injection strings: each fits the shortest text field (batch, 40). */
static const char *const inj[] = {
	"'; DROP TABLE community; --",
	"' OR '1'='1",
	"1; DELETE FROM event",
	"\\'; UPDATE community SET stage='x';--",
	"\" OR \"\"=\"",
	"' UNION SELECT sub FROM event --",
	"$$; DROP TABLE item; $$",
	"1' AND pg_sleep(3) IS NULL --",
	"%_%' OR name LIKE '%",
	"'); COMMIT; DROP TABLE item; --",
	"E'\\x27'; SET ROLE postgres; --",
	"\xe2\x80\x99 OR 1=1 --",		/* U+2019, a "smart" quote */
	"admin'/*",
	"$1::text",
	"\\\\' || chr(39) || '",
	"'||(SELECT version())||'",
};

/* ------------------------------------------------------------------ */
/* Token forging.                                                       */
/* ------------------------------------------------------------------ */

static EVP_PKEY		*okey;		/* the stack's private key */
static EVP_PKEY		*xkey;		/* a key the stack has never seen */
static long long	 victim;	/* a community the refused writes aim at */

static char *
b64url(const unsigned char *p, size_t len)
{
	static const char	 a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char			*o = malloc(len * 4 / 3 + 4), *q = o;
	size_t			 i;
	unsigned		 v;

	assert_non_null(o);
	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
		*q++ = a[v >> 18 & 63];
		*q++ = a[v >> 12 & 63];
		*q++ = a[v >> 6 & 63];
		*q++ = a[v & 63];
	}
	if (len - i == 1) {
		v = (unsigned)p[i] << 16;
		*q++ = a[v >> 18 & 63];
		*q++ = a[v >> 12 & 63];
	} else if (len - i == 2) {
		v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8;
		*q++ = a[v >> 18 & 63];
		*q++ = a[v >> 12 & 63];
		*q++ = a[v >> 6 & 63];
	}
	*q = '\0';
	return o;
}

static char *
b64s(const char *s)
{
	return b64url((const unsigned char *)s, strlen(s));
}

static EVP_PKEY *
our_key(void)
{
	FILE	*f;

	if (okey != NULL)
		return okey;
	f = fopen(conf_get(CONF_KEY_PRIVATE), "r");
	assert_non_null(f);
	okey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(okey);
	return okey;
}

static EVP_PKEY *
other_key(void)
{
	EVP_PKEY_CTX	*ctx;

	if (xkey != NULL)
		return xkey;
	ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
	assert_non_null(ctx);
	assert_int_equal(EVP_PKEY_keygen_init(ctx), 1);
	assert_int_equal(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx,
	    NID_X9_62_prime256v1), 1);
	assert_int_equal(EVP_PKEY_keygen(ctx, &xkey), 1);
	EVP_PKEY_CTX_free(ctx);
	return xkey;
}

/* The raw ES256 signature (R || S, 64 bytes) of in by key. */
static void
es256(const char *in, EVP_PKEY *key, unsigned char raw[64])
{
	EVP_MD_CTX		*ctx;
	ECDSA_SIG		*sig;
	const BIGNUM		*r, *s;
	const unsigned char	*p;
	unsigned char		 der[160];
	size_t			 derlen = sizeof(der);

	ctx = EVP_MD_CTX_new();
	assert_non_null(ctx);
	assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key), 1);
	assert_int_equal(EVP_DigestSign(ctx, der, &derlen, (const unsigned char *)in,
	    strlen(in)), 1);
	EVP_MD_CTX_free(ctx);
	p = der;
	sig = d2i_ECDSA_SIG(NULL, &p, (long)derlen);
	assert_non_null(sig);
	ECDSA_SIG_get0(sig, &r, &s);
	assert_int_equal(BN_bn2binpad(r, raw, 32), 32);
	assert_int_equal(BN_bn2binpad(s, raw + 32, 32), 32);
	ECDSA_SIG_free(sig);
}

/* header.payload, base64url-encoded; malloc'd. */
static char *
signing_input(const char *header, const char *payload)
{
	char	*h = b64s(header), *p = b64s(payload), *out;
	size_t	 n = strlen(h) + strlen(p) + 2;

	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s.%s", h, p);
	free(h);
	free(p);
	return out;
}

/* in + "." + the base64url of sig; malloc'd. */
static char *
with_sig(const char *in, const unsigned char *sig, size_t siglen)
{
	char	*s = b64url(sig, siglen), *out;
	size_t	 n = strlen(in) + strlen(s) + 2;

	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s.%s", in, s);
	free(s);
	return out;
}

/* A token: header and payload (JSON text) signed ES256 with key. */
static char *
forge(const char *header, const char *payload, EVP_PKEY *key)
{
	unsigned char	 raw[64];
	char		*in = signing_input(header, payload), *out;

	es256(in, key, raw);
	out = with_sig(in, raw, sizeof(raw));
	free(in);
	return out;
}

/* Who the forged tokens speak for, unless a test says otherwise. */
#define WHO_TAIL "\"name\":\"伪造\",\"jti\":\"0123456789abcdef0123456789abcdef\","
#define WHO	WHO_TAIL "\"sub\":\"t-forged\",\"dept\":\"housing\",\"roles\":[\"viewer\"]"

/*
 * Claims: who (NULL: WHO) between iss/aud and the times; before is put
 * right after the opening brace (ending in a comma), after right before
 * the closing one (starting with a comma); iss or aud NULL is the
 * stack's own, "" leaves it out; a time of NOCLAIM leaves that claim
 * out.  Static buffer.
 */
static const char *
claims_who(const char *who, const char *before, const char *after,
    const char *iss, const char *aud, long long iat, long long nbf, long long exp)
{
	static char	 buf[4][2048];
	static int	 n;
	char		*b = buf[n++ % 4], t[3][40];

	if (who == NULL)
		who = WHO;
	if (iss == NULL)
		iss = conf_get(CONF_ISSUER);
	if (aud == NULL)
		aud = conf_get(CONF_AUDIENCE);
	t[0][0] = t[1][0] = t[2][0] = '\0';
	if (iat != NOCLAIM)
		snprintf(t[0], sizeof(t[0]), ",\"iat\":%lld", iat);
	if (nbf != NOCLAIM)
		snprintf(t[1], sizeof(t[1]), ",\"nbf\":%lld", nbf);
	if (exp != NOCLAIM)
		snprintf(t[2], sizeof(t[2]), ",\"exp\":%lld", exp);
	snprintf(b, sizeof(buf[0]), "{%s%s%s%s%s%s%s%s%s%s%s%s}", before,
	    *iss ? "\"iss\":\"" : "", iss, *iss ? "\"," : "",
	    *aud ? "\"aud\":\"" : "", aud, *aud ? "\"," : "",
	    who, t[0], t[1], t[2], after);
	return b;
}

static const char *
claims(const char *before, const char *after, const char *iss, const char *aud,
    long long iat, long long nbf, long long exp)
{
	return claims_who(NULL, before, after, iss, aud, iat, nbf, exp);
}

/* The good claims, issued 10 s ago for 10 minutes. */
static const char *
good_claims(void)
{
	long long	 now = (long long)time(NULL);

	return claims("", "", NULL, NULL, now - 10, now - 10, now + 600);
}

/* GET /api/v1/me with this Authorization value; the answer in r. */
static long
me_as(const char *authz, struct resp *r)
{
	char		*line;
	const char	*h[2] = { NULL, NULL };
	size_t		 n = strlen(authz) + 32;
	long		 st;

	line = malloc(n);
	assert_non_null(line);
	snprintf(line, n, "Authorization: %s", authz);
	h[0] = line;
	st = req(r, "GET", "/api/v1/me", NULL, NULL, NULL, h);
	free(line);
	return st;
}

/* The token is accepted: /api/v1/me answers as sub. */
static void
accepted_tok(const char *label, const char *t, const char *sub)
{
	struct resp	 r;
	char		*a = malloc(strlen(t) + 8);

	assert_non_null(a);
	sprintf(a, "Bearer %s", t);
	me_as(a, &r);
	free(a);
	if (r.status != 200 || jstr(&r, "sub") == NULL || strcmp(jstr(&r, "sub"), sub) != 0)
		fail_msg("[%s] control: want 200 as %s, got %ld: %s", label, sub,
		    r.status, r.body != NULL ? r.body : "");
	resp_free(&r);
}

/* The token is refused: 401 on a read, 401 on a write that changes nothing. */
static void
refused_tok(const char *label, const char *t)
{
	struct resp	 r;
	char		*a;
	const char	*h[2] = { NULL, NULL };
	long long	 fp;
	size_t		 n = strlen(t) + 32;

	if (victim == 0)
		victim = make_declared("lanshan");
	a = malloc(n);
	assert_non_null(a);
	snprintf(a, n, "Bearer %s", t);
	me_as(a, &r);
	if (r.status != 401 || strcmp(jerr(&r), "unauthorized") != 0)
		fail_msg("[%s] GET: want 401 unauthorized, got %ld: %s", label, r.status,
		    r.body != NULL ? r.body : "");
	no_leak(label, &r);
	resp_free(&r);
	snprintf(a, n, "Authorization: Bearer %s", t);
	h[0] = a;
	fp = db_fingerprint();
	req(&r, "POST", cpath(victim, "/items"), NULL,
	    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h);
	if (r.status != 401)
		fail_msg("[%s] POST: want 401, got %ld: %s", label, r.status,
		    r.body != NULL ? r.body : "");
	resp_free(&r);
	free(a);
	assert_int_equal(db_fingerprint(), fp);
}

/* Sign claims text c with the stack's key and expect a refusal. */
static void
refused_claims(const char *label, const char *c)
{
	char	*t = forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", c, our_key());

	refused_tok(label, t);
	free(t);
}

/* ------------------------------------------------------------------ */
/* 1. JWT.                                                              */
/* ------------------------------------------------------------------ */

/* libjwt: the last of duplicate keys wins; we refuse any duplicate. */
static void
test_jwt_duplicate_claims(void **state)
{
	long long	 now = (long long)time(NULL);
	char		*t, a[160], b[160];

	(void)state;
	t = forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", good_claims(), our_key());
	accepted_tok("forged with our key", t, "t-forged");
	free(t);
	refused_claims("roles twice, admin last",
	    claims("", ",\"roles\":[\"viewer\",\"admin\",\"clerk\",\"approver\"]", NULL,
	    NULL, now - 10, now - 10, now + 600));
	refused_claims("roles twice, admin first",
	    claims("\"roles\":[\"admin\"],", "", NULL, NULL, now - 10, now - 10,
	    now + 600));
	refused_claims("sub twice", claims("", ",\"sub\":\"t-admin\"", NULL, NULL,
	    now - 10, now - 10, now + 600));
	refused_claims("dept twice", claims("", ",\"dept\":\"audit\"", NULL, NULL,
	    now - 10, now - 10, now + 600));
	refused_claims("org added twice", claims("\"org\":\"lanshan\",",
	    ",\"org\":\"hedong\"", NULL, NULL, now - 10, now - 10, now + 600));
	snprintf(a, sizeof(a), ",\"exp\":%lld", now + 600);
	refused_claims("exp twice, expired first", claims("", a, NULL, NULL, now - 7200,
	    now - 7200, now - 3600));
	snprintf(b, sizeof(b), ",\"exp\":%lld", now - 3600);
	refused_claims("exp twice, expired last", claims("", b, NULL, NULL, now - 10,
	    now - 10, now + 600));
	refused_claims("iss twice", claims("\"iss\":\"someone-else\",", "", NULL, NULL,
	    now - 10, now - 10, now + 600));
	refused_claims("escaped twin of roles", claims("",
	    ",\"\\u0072oles\":[\"admin\"]", NULL, NULL, now - 10, now - 10, now + 600));
}

static void
test_jwt_nbf_in_the_future(void **state)
{
	long long	 now = (long long)time(NULL);
	char		*t;

	(void)state;
	refused_claims("nbf in an hour", claims("", "", NULL, NULL, now, now + 3600,
	    now + 7200));
	refused_claims("nbf in 5 minutes", claims("", "", NULL, NULL, now, now + 300,
	    now + 900));
	refused_claims("nbf and iat in 5 minutes", claims("", "", NULL, NULL,
	    now + 300, now + 300, now + 900));
	/* Control: nbf now is fine. */
	t = forge("{\"alg\":\"ES256\"}", claims("", "", NULL, NULL, now, now, now + 600),
	    our_key());
	accepted_tok("nbf now", t, "t-forged");
	free(t);
}

/* Every claim present, with its JSON type (libjwt reads a missing one as -1). */
static void
test_jwt_claim_types_and_presence(void **state)
{
	long long	 now = (long long)time(NULL), iat = now - 10, exp = now + 600;
	char		 x[160];

	(void)state;
	refused_claims("no exp", claims("", "", NULL, NULL, iat, iat, NOCLAIM));
	refused_claims("no iat", claims("", "", NULL, NULL, NOCLAIM, iat, exp));
	refused_claims("no iss", claims("", "", "", NULL, iat, iat, exp));
	refused_claims("no aud", claims("", "", NULL, "", iat, iat, exp));
	snprintf(x, sizeof(x), ",\"exp\":\"%lld\"", exp);
	refused_claims("exp a string", claims("", x, NULL, NULL, iat, iat, NOCLAIM));
	snprintf(x, sizeof(x), ",\"exp\":%lld.5", exp);
	refused_claims("exp a fraction", claims("", x, NULL, NULL, iat, iat, NOCLAIM));
	snprintf(x, sizeof(x), ",\"exp\":%lldE0", exp);
	refused_claims("exp an exponent", claims("", x, NULL, NULL, iat, iat, NOCLAIM));
	refused_claims("exp null", claims("", ",\"exp\":null", NULL, NULL, iat, iat,
	    NOCLAIM));
	refused_claims("exp -1", claims("", "", NULL, NULL, iat, iat, -1));
	refused_claims("exp huge", claims("", ",\"exp\":99999999999999999999", NULL,
	    NULL, iat, iat, NOCLAIM));
	snprintf(x, sizeof(x), ",\"iat\":\"%lld\"", iat);
	refused_claims("iat a string", claims("", x, NULL, NULL, NOCLAIM, iat, exp));
	snprintf(x, sizeof(x), ",\"nbf\":true");
	refused_claims("nbf true", claims("", x, NULL, NULL, iat, NOCLAIM, exp));
	refused_claims("iss a number", claims("\"iss\":7,", "", "", NULL, iat, iat, exp));
	refused_claims("aud an object", claims("\"aud\":{\"x\":1},", "", NULL, "", iat,
	    iat, exp));
	refused_claims("roles a string", claims_who(WHO_TAIL "\"sub\":\"t-forged\","
	    "\"dept\":\"housing\",\"roles\":\"viewer\"", "", "", NULL, NULL, iat, iat,
	    exp));
	refused_claims("roles of numbers", claims_who(WHO_TAIL "\"sub\":\"t-forged\","
	    "\"dept\":\"housing\",\"roles\":[1]", "", "", NULL, NULL, iat, iat, exp));
	refused_claims("unknown role", claims_who(WHO_TAIL "\"sub\":\"t-forged\","
	    "\"dept\":\"housing\",\"roles\":[\"root\"]", "", "", NULL, NULL, iat, iat,
	    exp));
	refused_claims("unknown dept", claims_who(WHO_TAIL "\"sub\":\"t-forged\","
	    "\"dept\":\"nasa\",\"roles\":[\"viewer\"]", "", "", NULL, NULL, iat, iat,
	    exp));
	refused_claims("sub a number", claims_who(WHO_TAIL "\"sub\":42,"
	    "\"dept\":\"housing\",\"roles\":[\"viewer\"]", "", "", NULL, NULL, iat, iat,
	    exp));
	refused_claims("sub empty", claims_who(WHO_TAIL "\"sub\":\"\","
	    "\"dept\":\"housing\",\"roles\":[\"viewer\"]", "", "", NULL, NULL, iat, iat,
	    exp));
	refused_claims("no sub", claims_who(WHO_TAIL "\"dept\":\"housing\","
	    "\"roles\":[\"viewer\"]", "", "", NULL, NULL, iat, iat, exp));
	refused_claims("sub with NUL", claims_who(WHO_TAIL "\"sub\":\"t-viewer\\u0000admin\","
	    "\"dept\":\"housing\",\"roles\":[\"viewer\"]", "", "", NULL, NULL, iat, iat,
	    exp));
	refused_claims("payload an array", "[1,2,3]");
	refused_claims("payload a string", "\"admin\"");
}

/* A bounded lifetime: exp - iat at most the stack's maximum (a day). */
static void
test_jwt_lifetime_bounded(void **state)
{
	long long	 now = (long long)time(NULL);
	char		*t;

	(void)state;
	refused_claims("ten years", claims("", "", NULL, NULL, now, now,
	    now + 10LL * 365 * 86400));
	refused_claims("two days", claims("", "", NULL, NULL, now - 10, now - 10,
	    now + 2 * 86400));
	refused_claims("issued a month ago", claims("", "", NULL, NULL,
	    now - 30 * 86400, now - 30 * 86400, now + 600));
	t = forge("{\"alg\":\"ES256\"}", claims("", "", NULL, NULL, now, now,
	    now + 3600), our_key());
	accepted_tok("an hour", t, "t-forged");
	free(t);
}

/* P-256's group order n, big-endian. */
static const unsigned char p256_n[32] = {
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84,
	0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

/*
 * Wrong signatures of exactly the right length (64 bytes, 86 characters)
 * on a real token's header and payload: CVE-2024-25189 and "psychic
 * signatures" (r = s = 0, CVE-2022-21449) are refused.
 */
static void
test_jwt_same_length_wrong_signature(void **state)
{
	const char	*real = tok("t-viewer", "housing", NULL, "viewer");
	unsigned char	 good[64], bad[64], other[64];
	char		*in, *t, *o;
	size_t		 i;

	(void)state;
	in = strdup(real);
	assert_non_null(in);
	*strrchr(in, '.') = '\0';
	assert_int_equal(strlen(strrchr(real, '.') + 1), 86);
	es256(in, our_key(), good);
	t = with_sig(in, good, 64);
	accepted_tok("re-signed with our key", t, "t-viewer");
	free(t);

	memset(bad, 0, sizeof(bad));
	t = with_sig(in, bad, 64);
	refused_tok("r = s = 0", t);
	free(t);
	memcpy(bad, p256_n, 32);
	memcpy(bad + 32, p256_n, 32);
	t = with_sig(in, bad, 64);
	refused_tok("r = s = n", t);
	free(t);
	memcpy(bad, good, 32);
	memset(bad + 32, 0, 32);
	t = with_sig(in, bad, 64);
	refused_tok("s = 0", t);
	free(t);
	memset(bad, 0, 32);
	memcpy(bad + 32, good + 32, 32);
	t = with_sig(in, bad, 64);
	refused_tok("r = 0", t);
	free(t);
	memcpy(bad, good + 32, 32);
	memcpy(bad + 32, good, 32);
	t = with_sig(in, bad, 64);
	refused_tok("r and s swapped", t);
	free(t);
	memcpy(bad, good, 64);
	bad[63] ^= 0x01;
	t = with_sig(in, bad, 64);
	refused_tok("last bit flipped", t);
	free(t);
	memset(bad, 0xff, sizeof(bad));
	t = with_sig(in, bad, 64);
	refused_tok("all ones", t);
	free(t);
	/* A valid signature, of another token. */
	o = forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", good_claims(), our_key());
	t = malloc(strlen(in) + 100);
	assert_non_null(t);
	sprintf(t, "%s.%s", in, strrchr(o, '.') + 1);
	assert_int_equal(strlen(strrchr(t, '.') + 1), 86);
	refused_tok("another token's signature", t);
	free(t);
	free(o);
	/* The same signature, by a key the stack has never seen. */
	es256(in, other_key(), other);
	t = with_sig(in, other, 64);
	refused_tok("the other key's signature", t);
	free(t);
	/* Lengths around 64. */
	for (i = 0; i < 2; i++) {
		t = with_sig(in, good, i == 0 ? 63 : 32);
		refused_tok(i == 0 ? "63 bytes" : "32 bytes", t);
		free(t);
	}
	free(in);
}

/* What a token's header may not bring: its own key, a key URL, a key path. */
static void
test_jwt_header_tricks(void **state)
{
	BIGNUM		*x = NULL, *y = NULL;
	unsigned char	 xb[32], yb[32], mac[EVP_MAX_MD_SIZE];
	unsigned int	 maclen = 0;
	char		*xs, *ys, h[1024], *t, *in;
	static const char *const kids[] = {
		"../../../../../../dev/null", "/dev/null", "' OR '1'='1", "0", "",
		"file:///etc/passwd",
	};
	size_t		 i;

	(void)state;
	assert_int_equal(EVP_PKEY_get_bn_param(other_key(), OSSL_PKEY_PARAM_EC_PUB_X, &x), 1);
	assert_int_equal(EVP_PKEY_get_bn_param(other_key(), OSSL_PKEY_PARAM_EC_PUB_Y, &y), 1);
	assert_int_equal(BN_bn2binpad(x, xb, 32), 32);
	assert_int_equal(BN_bn2binpad(y, yb, 32), 32);
	BN_free(x);
	BN_free(y);
	xs = b64url(xb, 32);
	ys = b64url(yb, 32);
	snprintf(h, sizeof(h), "{\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\","
	    "\"x\":\"%s\",\"y\":\"%s\"}}", xs, ys);
	t = forge(h, good_claims(), other_key());
	refused_tok("embedded jwk", t);
	free(t);
	free(xs);
	free(ys);
	t = forge("{\"alg\":\"ES256\",\"jku\":\"http://127.0.0.1:9/keys.json\"}",
	    good_claims(), other_key());
	refused_tok("jku", t);
	free(t);
	t = forge("{\"alg\":\"ES256\",\"x5u\":\"http://127.0.0.1:9/cert.pem\"}",
	    good_claims(), other_key());
	refused_tok("x5u", t);
	free(t);
	for (i = 0; i < NELEM(kids); i++) {
		snprintf(h, sizeof(h), "{\"alg\":\"ES256\",\"kid\":\"%s\"}", kids[i]);
		t = forge(h, good_claims(), other_key());
		refused_tok(kids[i], t);
		free(t);
		/* HS256 keyed with what such a kid would read: nothing. */
		snprintf(h, sizeof(h), "{\"alg\":\"HS256\",\"kid\":\"%s\"}", kids[i]);
		in = signing_input(h, good_claims());
		assert_non_null(HMAC(EVP_sha256(), "", 0, (const unsigned char *)in,
		    strlen(in), mac, &maclen));
		t = with_sig(in, mac, maclen);
		refused_tok("HS256, empty key", t);
		free(t);
		free(in);
	}
	/* JWE shapes and a nested token. */
	refused_tok("five segments", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc");
	t = forge("{\"alg\":\"ES256\",\"cty\":\"JWT\"}", good_claims(), other_key());
	refused_tok("cty JWT, other key", t);
	free(t);
}

/* Only "ES256", spelt exactly so; everything else refused before any key is used. */
static void
test_jwt_alg_spellings(void **state)
{
	static const char *const algs[] = {
		"\"ES256 \"", "\" ES256\"", "\"ES256\\u0000\"", "\"Es256\"", "\"ES 256\"",
		"\"ES512\"", "\"RS256\"", "\"PS256\"", "\"EdDSA\"", "\"HS256\"", "\"none\"",
		"\"NONE\"", "\"\"", "[\"ES256\"]", "null", "256", "{\"alg\":\"ES256\"}",
	};
	char	 h[256], *t;
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(algs); i++) {
		snprintf(h, sizeof(h), "{\"alg\":%s,\"typ\":\"JWT\"}", algs[i]);
		t = forge(h, good_claims(), our_key());
		refused_tok(algs[i], t);
		free(t);
	}
	t = forge("{\"typ\":\"JWT\",\"alg\":\"ES256\"}", good_claims(), our_key());
	accepted_tok("alg second", t, "t-forged");
	free(t);
}

/* Tokens anywhere but "Authorization: Bearer <token>" are not tokens. */
static void
test_jwt_token_placement(void **state)
{
	const char	*good = tok("t-viewer", "housing", NULL, "viewer");
	char		*forged = forge("{\"alg\":\"ES256\"}", claims_who(WHO_TAIL
	    "\"sub\":\"t-admin\",\"dept\":\"audit\",\"roles\":[\"admin\",\"approver\"]", "",
	    "", NULL, NULL, (long long)time(NULL) - 10, (long long)time(NULL) - 10,
	    (long long)time(NULL) + 600), other_key());
	char		 path[4096], h1[4096], h2[4096], b64[4096];
	const char	*h[3];
	struct resp	 r;
	size_t		 k;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/me?access_token=%s", good);
	req(&r, "GET", path, NULL, NULL, NULL, NULL);
	EXPECT(&r, 401);
	resp_free(&r);
	snprintf(h1, sizeof(h1), "Cookie: token=%s; jwt=%s; access_token=%s", good, good,
	    good);
	h[0] = h1;
	h[1] = NULL;
	req(&r, "GET", "/api/v1/communities", NULL, NULL, NULL, h);
	EXPECT(&r, 401);
	resp_free(&r);
	h[0] = "X-Remote-User: t-admin";
	h[1] = "X-Forwarded-User: t-admin";
	h[2] = NULL;
	req(&r, "GET", "/api/v1/me", NULL, NULL, NULL, h);
	EXPECT(&r, 401);
	resp_free(&r);
	snprintf(h1, sizeof(h1), "Bearer %s junk", good);
	me_as(h1, &r);
	EXPECT(&r, 401);
	resp_free(&r);
	snprintf(h1, sizeof(h1), "Bearer %s.", good);
	me_as(h1, &r);
	EXPECT(&r, 401);
	resp_free(&r);
	k = strlen(good);
	assert_true(k < sizeof(b64));
	snprintf(h1, sizeof(h1), "Basic %s", good);
	me_as(h1, &r);
	EXPECT(&r, 401);
	resp_free(&r);
	/* Two Authorization headers: nginx refuses the request (JSON 400). */
	snprintf(h1, sizeof(h1), "Authorization: Bearer %s", good);
	snprintf(h2, sizeof(h2), "Authorization: Bearer %s", forged);
	for (k = 0; k < 2; k++) {
		h[0] = k == 0 ? h1 : h2;
		h[1] = k == 0 ? h2 : h1;
		h[2] = NULL;
		req(&r, "GET", "/api/v1/me", NULL, NULL, NULL, h);
		EXPECT(&r, 400);
		assert_string_equal(jerr(&r), "bad_request");
		resp_free(&r);
	}
	free(forged);
}

/* Segments that are not base64url JSON objects of sane depth. */
static void
test_jwt_malformed_encodings(void **state)
{
	const char	*real = tok("t-viewer", "housing", NULL, "viewer");
	long long	 now = (long long)time(NULL);
	char		*t, *deep, *h;
	char		 buf[8192];
	size_t		 i, n;

	(void)state;
	refused_tok("empty segments", "..");
	refused_tok("empty header", ".e30.AAAA");
	refused_tok("one dot", "eyJhbGciOiJFUzI1NiJ9.");
	snprintf(buf, sizeof(buf), "%s", real);
	buf[strchr(buf, '.') - buf + 3] = '+';
	refused_tok("'+' in the payload", buf);
	snprintf(buf, sizeof(buf), "%s", real);
	buf[strchr(buf, '.') - buf + 3] = '=';
	refused_tok("'=' in the payload", buf);
	snprintf(buf, sizeof(buf), "%s", real);
	buf[strchr(buf, '.') - buf + 3] = ' ';
	refused_tok("a space in the payload", buf);
	t = forge("not json", good_claims(), our_key());
	refused_tok("header not JSON", t);
	free(t);
	t = forge("[\"ES256\"]", good_claims(), our_key());
	refused_tok("header an array", t);
	free(t);
	t = forge("{\"alg\":\"ES256\"} x", good_claims(), our_key());
	refused_tok("header with trailing garbage", t);
	free(t);
	t = forge("{\"alg\":\"ES256\",}", good_claims(), our_key());
	refused_tok("header with trailing comma", t);
	free(t);
	/* 1500 levels of arrays inside a claim: the depth limit, signed right. */
	n = 1500;
	deep = malloc(2 * n + 64);
	assert_non_null(deep);
	i = (size_t)sprintf(deep, ",\"x\":");
	memset(deep + i, '[', n);
	memset(deep + i + n, ']', n);
	deep[i + 2 * n] = '\0';
	refused_claims("1500 levels deep", claims("", deep, NULL, NULL, now - 10,
	    now - 10, now + 600));
	free(deep);
	refused_claims("invalid UTF-8 in name", claims_who("\"name\":\"\xff\xfe\","
	    "\"jti\":\"0123456789abcdef0123456789abcdef\",\"sub\":\"t-forged\","
	    "\"dept\":\"housing\",\"roles\":[\"viewer\"]", "", "", NULL, NULL, now - 10,
	    now - 10, now + 600));
	refused_claims("trailing garbage", "{\"sub\":\"t-forged\"}x");
	/* A header of 6 KiB: still under 8 KiB, refused, no crash. */
	h = malloc(6200);
	assert_non_null(h);
	n = (size_t)sprintf(h, "{\"alg\":\"ES256\",\"x\":\"");
	memset(h + n, 'a', 4400);
	strcpy(h + n + 4400, "\"}");
	t = forge(h, "{}", our_key());
	assert_true(strlen(t) < 8192);
	refused_tok("big header", t);
	free(t);
	free(h);
}

/* ------------------------------------------------------------------ */
/* 2. SQL injection in every text field and query parameter.            */
/* ------------------------------------------------------------------ */

/*
 * PATCH field = each injection string on community id as token: 200,
 * stored literally (answer and database), one event more, the version
 * one more, and nothing outside the community changed.
 */
static void
patch_texts(long long id, const char *token, const char *field)
{
	struct resp	 r;
	char		*w = world(id), *lit, *stored, sql[128], body[512];
	long long	 ev;
	const char	*got;
	size_t		 i;
	int		 v;

	snprintf(sql, sizeof(sql), "SELECT %s FROM community WHERE id = $1", field);
	for (i = 0; i < NELEM(inj); i++) {
		v = version_of(id);
		ev = events_of(id);
		lit = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"%s\":%s,\"expected_version\":%d}", field,
		    lit, v);
		free(lit);
		req(&r, "PATCH", cpath(id, ""), token, body, NULL, NULL);
		no_leak(inj[i], &r);
		if (r.status != 200)
			fail_msg("PATCH %s = %s: %ld %s", field, inj[i], r.status, r.body);
		got = jstr(&r, field);
		if (got == NULL || strcmp(got, inj[i]) != 0)
			fail_msg("PATCH %s = %s: answered %s", field, inj[i], got ? got : "null");
		if (jint(&r, "version") != v + 1)
			fail_msg("PATCH %s: version %lld after %d", field, jint(&r, "version"), v);
		resp_free(&r);
		stored = sql_text(sql, id);
		if (strcmp(stored, inj[i]) != 0)
			fail_msg("%s stored as %s, sent %s", field, stored, inj[i]);
		free(stored);
		assert_int_equal(events_of(id), ev + 1);
	}
	same_world(field, w, id);
	free(w);
}

static void
test_sqli_declaration(void **state)
{
	struct resp	 r;
	char		 name[256], body[4096], *w, *ln, *ls, *stored;
	static const char *const fields[] = { "street", "committee", "address" };
	long long	 id;
	size_t		 i, k;

	(void)state;
	for (i = 0; i < NELEM(inj); i++) {
		snprintf(name, sizeof(name), "%s %s", inj[i], uniq("sqli"));
		ln = jesc(name);
		ls = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"name\":%s,\"county\":\"yishui\","
		    "\"street\":%s,\"committee\":%s,\"address\":%s,\"built_year\":1988,"
		    "\"buildings\":6,\"households\":240,\"floor_area_m2\":15600.00,"
		    "\"state_land\":true,\"urban_area\":true,\"multi_storey\":true,"
		    "\"structure_intact\":true,\"in_other_plan\":false}", ln, ls, ls, ls);
		free(ln);
		free(ls);
		w = world(-1);
		req(&r, "POST", "/api/v1/communities", committee("yishui"), body, NULL, NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 201);
		id = jint(&r, "id");
		assert_string_equal(jstr(&r, "name"), name);
		for (k = 0; k < NELEM(fields); k++)
			assert_string_equal(jstr(&r, fields[k]), inj[i]);
		assert_string_equal(jstr(&r, "stage"), "declared");
		resp_free(&r);
		stored = sql_text("SELECT name || '|' || street || '|' || committee || '|' ||"
		    " address FROM community WHERE id = $1", id);
		snprintf(body, sizeof(body), "%s|%s|%s|%s", name, inj[i], inj[i], inj[i]);
		assert_string_equal(stored, body);
		free(stored);
		assert_int_equal(events_of(id), 1);
		same_world("declare", w, id);
		free(w);
	}
}

static void
test_sqli_declared_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_declared("yinan");
	patch_texts(id, street("yinan"), "name");
	patch_texts(id, street("yinan"), "street");
	patch_texts(id, street("yinan"), "committee");
	patch_texts(id, street("yinan"), "address");
	patch_texts(id, cclerk("yinan"), "exception_reason");
}

static void
test_sqli_surveyed_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_at("pingyi", "surveyed");
	patch_texts(id, cclerk("pingyi"), "batch");
}

static void
test_sqli_piloted_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_at("pingyi", "piloted");
	patch_texts(id, clerk("construction"), "contractor");
	patch_texts(id, clerk("construction"), "supervisor");
	patch_texts(id, clerk("construction"), "site_manager");
}

static void
test_sqli_accepted_fields(void **state)
{
	long long	 id;

	(void)state;
	id = make_at("feixian", "accepted");
	patch_texts(id, clerk("housing"), "company");
	patch_texts(id, clerk("housing"), "managing_committee");
}

static void
test_sqli_funding_notes(void **state)
{
	struct resp	 r;
	char		 body[512], *lit, *w, *stored;
	long long	 id, fid;
	size_t		 i;

	(void)state;
	id = make_at("mengyin", "surveyed");
	w = world(id);
	for (i = 0; i < NELEM(inj); i++) {
		lit = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"source\":\"other\",\"planned_yuan\":1.00,"
		    "\"note\":%s}", lit);
		free(lit);
		req(&r, "POST", cpath(id, "/funding"), cclerk("mengyin"), body, NULL, NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 201);
		fid = jint(&r, "id");
		assert_true(fid > 0);
		assert_string_equal(jstr(&r, "note"), inj[i]);
		resp_free(&r);
		stored = sql_text("SELECT note FROM funding WHERE id = $1", fid);
		assert_string_equal(stored, inj[i]);
		free(stored);
	}
	same_world("funding", w, id);
	free(w);
	assert_int_equal(db_count("SELECT count(*) FROM funding") > 0, 1);
}

/* The ids of community id's items, in order (up to max). */
static size_t
items_of(long long id, long long *out, size_t max)
{
	struct resp		 r;
	struct json_object	*a;
	size_t			 n = 0, i;

	req(&r, "GET", cpath(id, ""), viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	if (json_object_object_get_ex(r.json, "items", &a))
		for (i = 0; i < json_object_array_length(a) && n < max; i++)
			out[n++] = json_object_get_int64(json_object_object_get(
			    json_object_array_get_idx(a, i), "id"));
	resp_free(&r);
	return n;
}

/* count(*) of event rows of item with this comment. */
static long long
event_comments(long long item, const char *comment)
{
	char		 p0[32];
	const char	*p[2] = { p0, comment };
	PGresult	*res;
	long long	 n = -1;

	snprintf(p0, sizeof(p0), "%lld", item);
	res = PQexecParams(db(), "SELECT count(*) FROM event WHERE item_id = $1::bigint"
	    " AND comment = $2", 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return n;
}

static void
test_sqli_item_comments(void **state)
{
	static const char *const depts[3] = { "police", "construction", "sports" };
	struct resp	 r;
	long long	 p, q, items[8];
	char		 body[512], *lit, *w, *stored;
	size_t		 n, k;

	(void)state;
	/* Done, with a comment: construction clerk, stage piloted. */
	p = make_at("junan", "piloted");
	n = items_of(p, items, 8);
	assert_int_equal(n, 3);
	w = world(p);
	for (k = 0; k < n; k++) {
		lit = jesc(inj[k]);
		snprintf(body, sizeof(body), "{\"comment\":%s}", lit);
		free(lit);
		req(&r, "POST", ipath(items[k], "/done"), clerk("construction"), body, NULL,
		    NULL);
		no_leak(inj[k], &r);
		EXPECT(&r, 200);
		assert_string_equal(jstr(&r, "status"), "done");
		resp_free(&r);
		assert_int_equal(event_comments(items[k], inj[k]), 1);
	}
	same_world("done", w, p);
	free(w);
	/* Sign-off, with a comment: the item's department, stage renovated. */
	q = make_at("junan", "renovated");
	n = items_of(q, items, 8);
	assert_int_equal(n, 3);
	w = world(q);
	for (k = 0; k < n; k++) {
		lit = jesc(inj[3 + k]);
		snprintf(body, sizeof(body), "{\"decision\":\"approve\",\"comment\":%s}", lit);
		free(lit);
		req(&r, "POST", ipath(items[k], "/signoff"), approver(depts[k]), body, NULL,
		    NULL);
		no_leak(inj[3 + k], &r);
		EXPECT(&r, 200);
		assert_string_equal(jstr(&r, "status"), "signed_off");
		resp_free(&r);
		stored = sql_text("SELECT decision_comment FROM item WHERE id = $1", items[k]);
		assert_string_equal(stored, inj[3 + k]);
		free(stored);
	}
	same_world("signoff", w, q);
	free(w);
}

/* Submission and rejection comments: rounds open and close, the stage stays. */
static void
test_sqli_flow_comments(void **state)
{
	struct resp	 r;
	long long	 id, rid;
	char		 body[512], *lit, *w, *stored;
	size_t		 i;

	(void)state;
	id = make_at("tancheng", "declared");
	w = world(id);
	for (i = 0; i < NELEM(inj); i++) {
		lit = jesc(inj[i]);
		snprintf(body, sizeof(body), "{\"action\":\"survey\",\"expected_version\":%d,"
		    "\"comment\":%s}", version_of(id), lit);
		req(&r, "POST", cpath(id, "/transitions"), street("tancheng"), body, NULL,
		    NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 202);
		rid = jint(&r, "id");
		resp_free(&r);
		stored = sql_text("SELECT comment FROM round WHERE id = $1", rid);
		assert_string_equal(stored, inj[i]);
		free(stored);
		snprintf(body, sizeof(body), "{\"action\":\"survey\",\"decision\":\"reject\","
		    "\"comment\":%s}", lit);
		free(lit);
		req(&r, "POST", cpath(id, "/approvals"), approver("housing"), body, NULL, NULL);
		no_leak(inj[i], &r);
		EXPECT(&r, 200);
		resp_free(&r);
		stored = sql_text("SELECT comment FROM approval WHERE round_id = $1", rid);
		assert_string_equal(stored, inj[i]);
		free(stored);
	}
	stored = sql_text("SELECT stage FROM community WHERE id = $1", id);
	assert_string_equal(stored, "declared");
	free(stored);
	same_world("comments", w, id);
	free(w);
}

/* A refused list query: status, field, JSON error, no internals, nothing changed. */
static void
list_refused(const char *label, const char *path, const char *field)
{
	struct resp	 r;
	long long	 fp = db_fingerprint();
	const char	*f;

	req(&r, "GET", path, viewer(), NULL, NULL, NULL);
	no_leak(label, &r);
	if (r.status != 400 || strcmp(jerr(&r), "bad_request") != 0)
		fail_msg("[%s] %s: want 400 bad_request, got %ld: %s", label, path, r.status,
		    r.body != NULL ? r.body : "");
	f = jstr(&r, "error.details.field");
	if (field != NULL && (f == NULL || strcmp(f, field) != 0))
		fail_msg("[%s] want details.field %s: %s", label, field, r.body);
	resp_free(&r);
	assert_int_equal(db_fingerprint(), fp);
}

static void
test_sqli_query_parameters(void **state)
{
	static const char *const closed[] = { "county", "stage", "limit", "after" };
	struct resp		 r;
	struct json_object	*a;
	char			 enc[512], path[1200];
	const char		*nm;
	long long		 fp;
	size_t			 i, k;
	struct timespec		 t0, t1;

	(void)state;
	for (i = 0; i < NELEM(inj); i++) {
		assert_true(url_encode(inj[i], enc, sizeof(enc)) > 0);
		for (k = 0; k < NELEM(closed); k++) {
			snprintf(path, sizeof(path), "/api/v1/communities?%s=%s", closed[k], enc);
			list_refused(inj[i], path, closed[k]);
			/* After a valid parameter too. */
			snprintf(path, sizeof(path), "/api/v1/communities?limit=5&%s=%s",
			    strcmp(closed[k], "limit") == 0 ? "after" : closed[k], enc);
			list_refused(inj[i], path, NULL);
		}
		/* As a parameter name. */
		snprintf(path, sizeof(path), "/api/v1/communities?%s=1", enc);
		list_refused(inj[i], path, NULL);
		/* q searches for the text itself, quickly (pg_sleep is text here). */
		snprintf(path, sizeof(path), "/api/v1/communities?q=%s&limit=200", enc);
		fp = db_fingerprint();
		clock_gettime(CLOCK_MONOTONIC, &t0);
		req(&r, "GET", path, viewer(), NULL, NULL, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		no_leak(inj[i], &r);
		EXPECT(&r, 200);
		assert_true(t1.tv_sec - t0.tv_sec < 3);
		assert_true(json_object_object_get_ex(r.json, "items", &a));
		for (k = 0; k < json_object_array_length(a); k++) {
			nm = json_object_get_string(json_object_object_get(
			    json_object_array_get_idx(a, k), "name"));
			if (nm == NULL || strstr(nm, inj[i]) == NULL)
				fail_msg("q=%s matched %s", inj[i], nm != NULL ? nm : "null");
		}
		resp_free(&r);
		assert_int_equal(db_fingerprint(), fp);
	}
	/* The communities named by test_sqli_declaration are found, literally. */
	assert_true(url_encode(inj[0], enc, sizeof(enc)) > 0);
	snprintf(path, sizeof(path), "/api/v1/communities?county=yishui&q=%s", enc);
	req(&r, "GET", path, viewer(), NULL, NULL, NULL);
	EXPECT(&r, 200);
	assert_true(json_object_object_get_ex(r.json, "items", &a));
	assert_true(json_object_array_length(a) >= 1);
	resp_free(&r);
}

/* Idempotency-Key and If-Match carry text to the database too; ids in paths. */
static void
test_sqli_headers_and_ids(void **state)
{
	static const char *const paths[] = {
		"/api/v1/communities/1%20OR%201=1", "/api/v1/communities/1;DROP%20TABLE%20event",
		"/api/v1/communities/1'--", "/api/v1/communities/1%27%20OR%20%271%27=%271",
		"/api/v1/communities/(SELECT%201)", "/api/v1/communities/1%00",
	};
	struct resp	 r1, r2;
	char		 key[256], body[128];
	const char	*h[2] = { key, NULL };
	long long	 id, fp, items;
	size_t		 i;

	(void)state;
	id = make_declared("lanling");
	for (i = 0; i < NELEM(inj); i++) {
		/* Header values: no control characters; these have none. */
		snprintf(key, sizeof(key), "Idempotency-Key: %s %s", inj[i], uniq("k"));
		items = db_count("SELECT count(*) FROM item");
		req(&r1, "POST", cpath(id, "/items"), street("lanling"),
		    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h);
		no_leak(key, &r1);
		if (r1.status == 201) {
			fp = db_fingerprint();
			req(&r2, "POST", cpath(id, "/items"), street("lanling"),
			    "{\"kind\":\"road\",\"condition\":\"poor\"}", NULL, h);
			EXPECT(&r2, 201);
			assert_string_equal(r2.body, r1.body);
			resp_free(&r2);
			assert_int_equal(db_fingerprint(), fp);
			assert_int_equal(db_count("SELECT count(*) FROM item"), items + 1);
		} else if (r1.status == 400) {
			assert_int_equal(db_count("SELECT count(*) FROM item"), items);
		} else
			fail_msg("[%s] %ld: %s", key, r1.status, r1.body);
		resp_free(&r1);
	}
	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "If-Match: \"%s\"", inj[i]);
		fp = db_fingerprint();
		req(&r1, "PATCH", cpath(id, ""), street("lanling"), "{\"address\":\"x\"}",
		    NULL, h);
		no_leak(key, &r1);
		EXPECT(&r1, 400);
		resp_free(&r1);
		assert_int_equal(db_fingerprint(), fp);
	}
	for (i = 0; i < NELEM(paths); i++) {
		fp = db_fingerprint();
		req(&r1, "GET", paths[i], viewer(), NULL, NULL, NULL);
		no_leak(paths[i], &r1);
		if (r1.status != 404 && r1.status != 400)
			fail_msg("GET %s: %ld", paths[i], r1.status);
		resp_free(&r1);
		snprintf(body, sizeof(body), "%s/items", paths[i]);
		req(&r1, "POST", body, street("lanling"), "{\"kind\":\"road\"}", NULL, NULL);
		no_leak(body, &r1);
		if (r1.status != 404 && r1.status != 400)
			fail_msg("POST %s: %ld", body, r1.status);
		resp_free(&r1);
		assert_int_equal(db_fingerprint(), fp);
	}
}

/* ------------------------------------------------------------------ */
/* 3. Path traversal.                                                   */
/* ------------------------------------------------------------------ */

/* Text that only a file outside app/static would contain. */
static const char *const secrets[] = {
	"root:x:0:", "database_url", "PRIVATE KEY", "PUBLIC KEY", ".SUFFIXES",
	"#include", "[Unit]", "FCGX_", "daemon on;", "LISTEN",
};

/* One raw GET of path: a status in allowed (0-terminated), no file's text. */
static int
traverse(const char *path, const int *allowed)
{
	struct raw	 r;
	char		 rq[2048];
	size_t		 i;
	int		 ok = 0;

	snprintf(rq, sizeof(rq), "GET %s HTTP/1.1\r\nHost: localhost\r\n"
	    "Connection: close\r\n\r\n", path);
	raw_get(&r, rq, 5000);
	for (i = 0; allowed[i] != 0; i++)
		if (r.status == allowed[i])
			ok = 1;
	if (!ok)
		fail_msg("GET %s: status %d: %.300s", path, r.status, r.text);
	for (i = 0; i < NELEM(secrets); i++)
		if (strstr(r.text, secrets[i]) != NULL)
			fail_msg("GET %s: the answer holds \"%s\": %.300s", path, secrets[i],
			    r.body);
	if (raw_header(&r, "X-Content-Type-Options", rq, sizeof(rq)) != 1 ||
	    strcmp(rq, "nosniff") != 0)
		fail_msg("GET %s: no X-Content-Type-Options", path);
	i = (size_t)r.status;
	raw_free(&r);
	return (int)i;
}

static void
test_traversal_static(void **state)
{
	static const char *const paths[] = {
		"/static/../jiugai.conf", "/static/../server.c", "/static/../../Makefile",
		"/static/../../../../../../etc/passwd", "/static/./../../Makefile",
		"/static/%2e%2e/%2e%2e/Makefile", "/static/%2E%2E/%2E%2E/Makefile",
		"/static/..%2f..%2fMakefile", "/static/%2e%2e%2f%2e%2e%2fMakefile",
		"/static/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
		"/static/..%5c..%5cMakefile", "/static/%252e%252e/%252e%252e/Makefile",
		"/static/%252e%252e%252f%252e%252e%252fMakefile",
		"/static/%c0%ae%c0%ae/%c0%ae%c0%ae/Makefile", "/static/....//....//Makefile",
		"/static/..;/..;/Makefile", "/static/.%2e/.%2e/Makefile", "/static//etc/passwd",
		"/static/%2fetc%2fpasswd", "/static/..", "/static/%2e%2e", "/static/../",
		"/static../Makefile", "/static/../../var/keys/jwt.key",
		"/static/../../.git/config", "/static/~root/.bashrc",
	};
	static const int allowed[] = { 400, 403, 404, 0 };
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(paths); i++)
		traverse(paths[i], allowed);
}

static void
test_traversal_encoded_nul(void **state)
{
	static const char *const paths[] = {
		"/static/x%00.css", "/static/..%00/Makefile", "/static/%00../../Makefile",
		"/api/v1/me%00", "/healthz%00.json", "/api/v1/communities/1%00/events",
		"/%00", "/static/%2500",
	};
	static const int allowed[] = { 400, 404, 0 };
	struct raw	 r;
	char		 rq[512], ct[128];
	size_t		 i;

	(void)state;
	for (i = 0; i < NELEM(paths); i++)
		traverse(paths[i], allowed);
	/* A decoded NUL is nginx's JSON 400 (it used to be a 500). */
	for (i = 0; i < 4; i++) {
		snprintf(rq, sizeof(rq), "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
		    paths[i]);
		raw_get(&r, rq, 5000);
		if (r.status != 400)
			fail_msg("GET %s: %d", paths[i], r.status);
		raw_header(&r, "Content-Type", ct, sizeof(ct));
		assert_non_null(strstr(ct, "application/json"));
		assert_non_null(strstr(r.body, "\"bad_request\""));
		raw_free(&r);
	}
}

static void
test_traversal_app_routes(void **state)
{
	static const char *const paths[] = {
		"/api/v1/communities/1/../../../etc/passwd", "/api/v1/../../etc/passwd",
		"/api/v1/communities/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"/api/v1/communities/1%2f..%2f..%2f..%2fMakefile",
		"/api/v1/communities/1/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
		"/api/v1/communities/%252e%252e/%252e%252e/etc/passwd",
		"/api/v1/communities/1/events/../../../../../static/../jiugai.conf",
		"/healthz/../../../etc/passwd", "/readyz/..%2f..%2fjiugai.conf",
		"/metrics/../../Makefile", "/api/v1/communities/1/..", "/api/v1/me/..%2f..%2f..",
		"/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
		"/api/v1/communities/..\\..\\..\\etc\\passwd",
	};
	static const int allowed[] = { 400, 401, 403, 404, 0 };
	size_t	 i;

	(void)state;
	for (i = 0; i < NELEM(paths); i++)
		traverse(paths[i], allowed);
}

/* No directory listing; a real static file (when there is one) is served plainly. */
static void
test_static_listing_and_control(void **state)
{
	static const int no_list[] = { 403, 404, 0 };
	static const int found[] = { 200, 0 };
	static const int missing[] = { 400, 404, 0 };
	DIR		*d;
	struct dirent	*e;
	char		 p[600];

	(void)state;
	traverse("/static/", no_list);
	traverse("/static/%2e/", no_list);
	if ((d = opendir("app/static")) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || e->d_type != DT_REG || strlen(e->d_name) > 200)
			continue;
		snprintf(p, sizeof(p), "/static/%s", e->d_name);
		traverse(p, found);
		snprintf(p, sizeof(p), "/static/%s/", e->d_name);
		traverse(p, missing);
		snprintf(p, sizeof(p), "/static/%s%%00.txt", e->d_name);
		traverse(p, missing);
		snprintf(p, sizeof(p), "/static/../static/%s", e->d_name);
		traverse(p, found);
		break;
	}
	closedir(d);
}

/* ------------------------------------------------------------------ */
/* The server is whole afterwards.                                      */
/* ------------------------------------------------------------------ */

static pid_t	 workers0[128];
static int	 nworkers0;

static int
setup(void **state)
{
	(void)state;
	nworkers0 = proc_children(proc_master(), workers0, 128);
	return nworkers0 > 0 ? 0 : -1;
}

/* The same workers as at the start: no attack above killed one. */
static void
test_zz_same_workers_still_serving(void **state)
{
	struct resp	 r;
	pid_t		 now[128];
	int		 n, i;

	(void)state;
	req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL);
	EXPECT(&r, 200);
	resp_free(&r);
	n = proc_children(proc_master(), now, 128);
	if (n != nworkers0)
		fail_msg("%d workers at the start, %d now", nworkers0, n);
	for (i = 0; i < n; i++)
		if (now[i] != workers0[i])
			fail_msg("worker %d is gone (a crash?); now %d", (int)workers0[i],
			    (int)now[i]);
	assert_int_equal(n, (int)conf_long(CONF_WORKERS, n));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jwt_duplicate_claims),
		cmocka_unit_test(test_jwt_nbf_in_the_future),
		cmocka_unit_test(test_jwt_claim_types_and_presence),
		cmocka_unit_test(test_jwt_lifetime_bounded),
		cmocka_unit_test(test_jwt_same_length_wrong_signature),
		cmocka_unit_test(test_jwt_header_tricks),
		cmocka_unit_test(test_jwt_alg_spellings),
		cmocka_unit_test(test_jwt_token_placement),
		cmocka_unit_test(test_jwt_malformed_encodings),
		cmocka_unit_test(test_sqli_declaration),
		cmocka_unit_test(test_sqli_declared_fields),
		cmocka_unit_test(test_sqli_surveyed_fields),
		cmocka_unit_test(test_sqli_piloted_fields),
		cmocka_unit_test(test_sqli_accepted_fields),
		cmocka_unit_test(test_sqli_funding_notes),
		cmocka_unit_test(test_sqli_item_comments),
		cmocka_unit_test(test_sqli_flow_comments),
		cmocka_unit_test(test_sqli_query_parameters),
		cmocka_unit_test(test_sqli_headers_and_ids),
		cmocka_unit_test(test_traversal_static),
		cmocka_unit_test(test_traversal_encoded_nul),
		cmocka_unit_test(test_traversal_app_routes),
		cmocka_unit_test(test_static_listing_and_control),
		cmocka_unit_test(test_zz_same_workers_still_serving),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, setup, NULL);
	EVP_PKEY_free(okey);
	EVP_PKEY_free(xkey);
	client_done();
	return rc;
}
