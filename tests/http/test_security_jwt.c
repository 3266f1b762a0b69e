/*
 * test_security_jwt.c - the JWT pitfalls of SECURITY.md over HTTP, against
 * the running stack, beyond those test_input.c already tries (alg none,
 * HS256 keyed with the public key, lowercase alg, expiry, other keys,
 * tokens over 8 KiB): duplicate claims, nbf in the future, claims missing
 * or of the wrong JSON type, an unbounded lifetime, signatures of the
 * right length that are wrong (zero, swapped, the curve order, another
 * token's: CVE-2024-25189, CVE-2022-21449), header tricks (embedded jwk,
 * jku, x5u, kid), alg spellings, tokens in the wrong place, malformed
 * segments.  Every refusal is a 401 on a read and on a write that changes
 * nothing; every family has a control the stack accepts.
 */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "../../include/conf.h"
#include "../lib/client.h"
#include "../lib/jwtcraft.h"
#include "../lib/proc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NOCLAIM		LLONG_MIN

/* A refusal is short and factual: no 500, no SQL or library text. */
static void
no_leak(const char *label, const struct resp *r)
{
	static const char *const bad[] = {
		"SELECT", "ERROR:", "libjwt", "jwt_", "OpenSSL", "internal",
	};
	size_t	 i;

	if (r->status == 500 || r->status == 0)
		fail_msg("[%s] status %ld: %s", label, r->status,
		    r->body != NULL ? r->body : "(no answer)");
	for (i = 0; i < NELEM(bad); i++)
		if (r->body != NULL && strstr(r->body, bad[i]) != NULL)
			fail_msg("[%s] internals in the answer (%s): %s", label, bad[i],
			    r->body);
}

/* ------------------------------------------------------------------ */
/* Token forging.                                                       */
/* ------------------------------------------------------------------ */

static long long	 victim;	/* a community the refused writes aim at */

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

/* The token is accepted: /api/v1/me answers as sub. */
static void
accepted_tok(const char *label, const char *t, const char *sub)
{
	struct resp	 r;
	char		*a = malloc(strlen(t) + 8);

	assert_non_null(a);
	sprintf(a, "Bearer %s", t);
	req_me(&r, a);
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
	req_me(&r, a);
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
	char	*t = craft_forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", c, craft_our_key());

	refused_tok(label, t);
	free(t);
}

/* ------------------------------------------------------------------ */
/* The tests.                                                          */
/* ------------------------------------------------------------------ */

/* libjwt: the last of duplicate keys wins; we refuse any duplicate. */
static void
test_jwt_duplicate_claims(void **state)
{
	long long	 now = (long long)time(NULL);
	char		*t, a[160], b[160];

	(void)state;
	t = craft_forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", good_claims(), craft_our_key());
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
	t = craft_forge("{\"alg\":\"ES256\"}", claims("", "", NULL, NULL, now, now, now + 600),
	    craft_our_key());
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
	t = craft_forge("{\"alg\":\"ES256\"}", claims("", "", NULL, NULL, now, now,
	    now + 3600), craft_our_key());
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
	craft_es256(in, craft_our_key(), good);
	t = craft_with_sig(in, good, 64);
	accepted_tok("re-signed with our key", t, "t-viewer");
	free(t);

	memset(bad, 0, sizeof(bad));
	t = craft_with_sig(in, bad, 64);
	refused_tok("r = s = 0", t);
	free(t);
	memcpy(bad, p256_n, 32);
	memcpy(bad + 32, p256_n, 32);
	t = craft_with_sig(in, bad, 64);
	refused_tok("r = s = n", t);
	free(t);
	memcpy(bad, good, 32);
	memset(bad + 32, 0, 32);
	t = craft_with_sig(in, bad, 64);
	refused_tok("s = 0", t);
	free(t);
	memset(bad, 0, 32);
	memcpy(bad + 32, good + 32, 32);
	t = craft_with_sig(in, bad, 64);
	refused_tok("r = 0", t);
	free(t);
	memcpy(bad, good + 32, 32);
	memcpy(bad + 32, good, 32);
	t = craft_with_sig(in, bad, 64);
	refused_tok("r and s swapped", t);
	free(t);
	memcpy(bad, good, 64);
	bad[63] ^= 0x01;
	t = craft_with_sig(in, bad, 64);
	refused_tok("last bit flipped", t);
	free(t);
	memset(bad, 0xff, sizeof(bad));
	t = craft_with_sig(in, bad, 64);
	refused_tok("all ones", t);
	free(t);
	/* A valid signature, of another token. */
	o = craft_forge("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", good_claims(), craft_our_key());
	t = malloc(strlen(in) + 100);
	assert_non_null(t);
	sprintf(t, "%s.%s", in, strrchr(o, '.') + 1);
	assert_int_equal(strlen(strrchr(t, '.') + 1), 86);
	refused_tok("another token's signature", t);
	free(t);
	free(o);
	/* The same signature, by a key the stack has never seen. */
	craft_es256(in, craft_other_key(), other);
	t = craft_with_sig(in, other, 64);
	refused_tok("the other key's signature", t);
	free(t);
	/* Lengths around 64. */
	for (i = 0; i < 2; i++) {
		t = craft_with_sig(in, good, i == 0 ? 63 : 32);
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
	assert_int_equal(EVP_PKEY_get_bn_param(craft_other_key(), OSSL_PKEY_PARAM_EC_PUB_X, &x), 1);
	assert_int_equal(EVP_PKEY_get_bn_param(craft_other_key(), OSSL_PKEY_PARAM_EC_PUB_Y, &y), 1);
	assert_int_equal(BN_bn2binpad(x, xb, 32), 32);
	assert_int_equal(BN_bn2binpad(y, yb, 32), 32);
	BN_free(x);
	BN_free(y);
	xs = craft_b64url(xb, 32);
	ys = craft_b64url(yb, 32);
	snprintf(h, sizeof(h), "{\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\",\"crv\":\"P-256\","
	    "\"x\":\"%s\",\"y\":\"%s\"}}", xs, ys);
	t = craft_forge(h, good_claims(), craft_other_key());
	refused_tok("embedded jwk", t);
	free(t);
	free(xs);
	free(ys);
	t = craft_forge("{\"alg\":\"ES256\",\"jku\":\"http://127.0.0.1:9/keys.json\"}",
	    good_claims(), craft_other_key());
	refused_tok("jku", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\",\"x5u\":\"http://127.0.0.1:9/cert.pem\"}",
	    good_claims(), craft_other_key());
	refused_tok("x5u", t);
	free(t);
	for (i = 0; i < NELEM(kids); i++) {
		snprintf(h, sizeof(h), "{\"alg\":\"ES256\",\"kid\":\"%s\"}", kids[i]);
		t = craft_forge(h, good_claims(), craft_other_key());
		refused_tok(kids[i], t);
		free(t);
		/* HS256 keyed with what such a kid would read: nothing. */
		snprintf(h, sizeof(h), "{\"alg\":\"HS256\",\"kid\":\"%s\"}", kids[i]);
		in = craft_signing_input(h, good_claims());
		assert_non_null(HMAC(EVP_sha256(), "", 0, (const unsigned char *)in,
		    strlen(in), mac, &maclen));
		t = craft_with_sig(in, mac, maclen);
		refused_tok("HS256, empty key", t);
		free(t);
		free(in);
	}
	/* JWE shapes and a nested token. */
	refused_tok("five segments", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aaaa.bbbb.cccc");
	t = craft_forge("{\"alg\":\"ES256\",\"cty\":\"JWT\"}", good_claims(), craft_other_key());
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
		t = craft_forge(h, good_claims(), craft_our_key());
		refused_tok(algs[i], t);
		free(t);
	}
	t = craft_forge("{\"typ\":\"JWT\",\"alg\":\"ES256\"}", good_claims(), craft_our_key());
	accepted_tok("alg second", t, "t-forged");
	free(t);
}

/* Tokens anywhere but "Authorization: Bearer <token>" are not tokens. */
static void
test_jwt_token_placement(void **state)
{
	const char	*good = tok("t-viewer", "housing", NULL, "viewer");
	char		*forged = craft_forge("{\"alg\":\"ES256\"}", claims_who(WHO_TAIL
	    "\"sub\":\"t-admin\",\"dept\":\"audit\",\"roles\":[\"admin\",\"approver\"]", "",
	    "", NULL, NULL, (long long)time(NULL) - 10, (long long)time(NULL) - 10,
	    (long long)time(NULL) + 600), craft_other_key());
	char		 path[4096], h1[8192], h2[4096];
	const char	*h[3];
	struct resp	 r;
	size_t		 k;

	(void)state;
	snprintf(path, sizeof(path), "/api/v1/me?access_token=%s", good);
	req(&r, "GET", path, NULL, NULL, NULL, NULL);
	EXPECT(&r, 401);
	resp_free(&r);
	/* Whatever cookie the web login uses, a forged token in it is no session. */
	snprintf(h1, sizeof(h1), "Cookie: token=%s; jwt=%s; access_token=%s; session=%s; "
	    "jiugai=%s; jiugai_token=%s", forged, forged, forged, forged, forged, forged);
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
	req_me(&r, h1);
	EXPECT(&r, 401);
	resp_free(&r);
	snprintf(h1, sizeof(h1), "Bearer %s.", good);
	req_me(&r, h1);
	EXPECT(&r, 401);
	resp_free(&r);
	snprintf(h1, sizeof(h1), "Basic %s", good);
	req_me(&r, h1);
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
	t = craft_forge("not json", good_claims(), craft_our_key());
	refused_tok("header not JSON", t);
	free(t);
	t = craft_forge("[\"ES256\"]", good_claims(), craft_our_key());
	refused_tok("header an array", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\"} x", good_claims(), craft_our_key());
	refused_tok("header with trailing garbage", t);
	free(t);
	t = craft_forge("{\"alg\":\"ES256\",}", good_claims(), craft_our_key());
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
	t = craft_forge(h, "{}", craft_our_key());
	assert_true(strlen(t) < 8192);
	refused_tok("big header", t);
	free(t);
	free(h);
}

/* ------------------------------------------------------------------ */
/* The server is whole afterwards.                                      */
/* ------------------------------------------------------------------ */

/* The very same workers as at the start: no attack above killed one. */
static void
test_zz_same_workers_still_serving(void **state)
{
	(void)state;
	proc_workers_still_serving();
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
		cmocka_unit_test(test_zz_same_workers_still_serving),
	};
	int	 rc;

	client_init();
	rc = cmocka_run_group_tests(tests, proc_workers_setup, NULL);
	craft_done();
	client_done();
	return rc;
}
