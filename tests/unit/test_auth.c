/*
 * test_auth.c - unit tests of app/auth.c: token verification, minting,
 * key loading and `jiugai token`.
 *
 * The group setup makes two throwaway EC P-256 key pairs in memory.
 * Tokens with arbitrary header and payload are signed here with OpenSSL
 * (ES256 as JWS wants it: raw R || S, 64 bytes, base64url), so that each
 * negative case is refused for its claim and not for its signature; the
 * first case (crafted_valid) proves such tokens verify.  The clock is
 * fixed at T0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "auth.h"
#include "codes.h"

#define T0	1700000000LL

/* The pieces of a valid payload, to be recombined by each case. */
#define ISS	"\"iss\":\"jiugai\""
#define AUD	"\"aud\":\"jiugai\""
#define IAT	"\"iat\":1700000000"
#define EXP	"\"exp\":1700003600"
#define SUB	"\"sub\":\"42\""
#define DEPT	"\"dept\":\"housing\""
#define ROLES	"\"roles\":[\"clerk\",\"approver\"]"
#define TIMES	IAT "," EXP
#define WHO	SUB "," DEPT "," ROLES
#define BASE	ISS "," AUD "," TIMES "," WHO
#define HDR	"{\"alg\":\"ES256\",\"typ\":\"JWT\"}"
#define S16	"0123456789abcdef"

/* The compared strings name both reasons when a test fails. */
#define assert_auth(got, want) \
	assert_string_equal(auth_err_str(got), auth_err_str(want))

struct fx {
	struct auth_keys	 k;		/* ours, iss = aud = "jiugai" */
	struct auth_keys	 other;		/* an unrelated pair */
	EVP_PKEY		*key;		/* ours, to sign crafted tokens */
	EVP_PKEY		*otherkey;
};

static unsigned char *
pem_of(EVP_PKEY *pkey, int priv, size_t *len)
{
	BIO		*b;
	char		*p;
	long		 n;
	unsigned char	*out;

	assert_non_null(b = BIO_new(BIO_s_mem()));
	/* PEM_write_bio_PrivateKey writes PKCS#8, as openssl genpkey does. */
	if (priv)
		assert_int_equal(PEM_write_bio_PrivateKey(b, pkey,
		    NULL, NULL, 0, NULL, NULL), 1);
	else
		assert_int_equal(PEM_write_bio_PUBKEY(b, pkey), 1);
	n = BIO_get_mem_data(b, &p);
	assert_true(n > 0);
	assert_non_null(out = malloc((size_t)n + 1));
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	BIO_free(b);
	return out;
}

static EVP_PKEY *
keys_make(struct auth_keys *k)
{
	EVP_PKEY	*pkey;

	assert_non_null(pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"));
	memset(k, 0, sizeof(*k));
	k->pub = pem_of(pkey, 0, &k->publen);
	k->priv = pem_of(pkey, 1, &k->privlen);
	strcpy(k->iss, "jiugai");
	strcpy(k->aud, "jiugai");
	k->leeway = 30;
	k->max_ttl = 86400;
	return pkey;
}

static int
group_setup(void **state)
{
	struct fx	*f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	f->key = keys_make(&f->k);
	f->otherkey = keys_make(&f->other);
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fx	*f = *state;

	auth_keys_free(&f->k);
	auth_keys_free(&f->other);
	EVP_PKEY_free(f->key);
	EVP_PKEY_free(f->otherkey);
	free(f);
	return 0;
}

/* base64url without padding, written independently of auth.c's decoder. */
static char *
b64u(const unsigned char *in, size_t n)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	char			*out;
	size_t			 i, o = 0;
	unsigned long		 v = 0;
	int			 bits = 0;

	assert_non_null(out = malloc(n * 4 / 3 + 4));
	for (i = 0; i < n; i++) {
		v = (v << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = a[(v >> bits) & 63];
		}
	}
	if (bits > 0)
		out[o++] = a[(v << (6 - bits)) & 63];
	out[o] = '\0';
	return out;
}

/*
 * header.payload.signature with both JSON texts taken verbatim, signed
 * with key (ECDSA P-256, SHA-256, DER converted to R || S), or with an
 * empty signature when key is NULL.  der leaves the signature in DER.
 */
static char *
craft_sig(EVP_PKEY *key, const char *hdr, const char *pl, int der)
{
	char		*h, *p, *s, *tok;
	unsigned char	 sig[128], raw[64];
	const unsigned char *q = sig;
	size_t		 siglen = sizeof(sig), len;
	EVP_MD_CTX	*md;
	ECDSA_SIG	*es;

	h = b64u((const unsigned char *)hdr, strlen(hdr));
	p = b64u((const unsigned char *)pl, strlen(pl));
	len = strlen(h) + strlen(p) + 200;
	assert_non_null(tok = malloc(len));
	snprintf(tok, len, "%s.%s", h, p);
	if (key == NULL) {
		s = strdup("");
	} else {
		assert_non_null(md = EVP_MD_CTX_new());
		assert_int_equal(EVP_DigestSignInit(md, NULL, EVP_sha256(),
		    NULL, key), 1);
		assert_int_equal(EVP_DigestSign(md, sig, &siglen,
		    (const unsigned char *)tok, strlen(tok)), 1);
		EVP_MD_CTX_free(md);
		if (der) {
			s = b64u(sig, siglen);
		} else {
			assert_non_null(es = d2i_ECDSA_SIG(NULL, &q,
			    (long)siglen));
			assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(es),
			    raw, 32), 32);
			assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(es),
			    raw + 32, 32), 32);
			ECDSA_SIG_free(es);
			s = b64u(raw, sizeof(raw));
		}
	}
	assert_true(strlen(tok) + 1 + strlen(s) < len);
	strcat(tok, ".");
	strcat(tok, s);
	free(h);
	free(p);
	free(s);
	return tok;
}

static char *
craft(EVP_PKEY *key, const char *hdr, const char *pl)
{
	return craft_sig(key, hdr, pl, 0);
}

/*
 * Verify tok with our keys at now; on refusal check that *out was left
 * alone, as the contract promises.
 */
static enum auth_err
verify(const struct fx *f, const char *tok, long long now, struct claims *out)
{
	struct claims	 c, guard;
	enum auth_err	 e;

	memset(&c, 0x5a, sizeof(c));
	memset(&guard, 0x5a, sizeof(guard));
	e = auth_verify(&f->k, tok, strlen(tok), now, &c);
	if (e != AUTH_OK)
		assert_memory_equal(&c, &guard, sizeof(c));
	if (out != NULL)
		*out = c;
	return e;
}

static void
expect_crafted(const struct fx *f, const char *hdr, const char *pl,
    long long now, enum auth_err want)
{
	char	*tok;

	tok = craft(f->key, hdr, pl);
	assert_auth(verify(f, tok, now, NULL), want);
	free(tok);
}

static char *
mint(const struct fx *f, const char *dept, const char *org, unsigned mask,
    long ttl)
{
	struct claims	 c;

	memset(&c, 0, sizeof(c));
	strcpy(c.sub, "42");
	strcpy(c.name, "张三");
	strcpy(c.dept, dept);
	strcpy(c.org, org);
	c.roles = mask;
	return auth_mint(&f->k, &c, T0, ttl);
}

/*
 * One test per crafted token: header, payload, clock, expected answer.
 */
#define CASE(fn, hdr, pl, now, want)					\
static void								\
fn(void **state)							\
{									\
	expect_crafted(*state, (hdr), (pl), (now), (want));		\
}

/* Controls: crafted tokens do verify, so the cases below test claims. */
CASE(crafted_valid, HDR, "{" BASE "}", T0, AUTH_OK)
CASE(header_without_typ, "{\"alg\":\"ES256\"}", "{" BASE "}", T0, AUTH_OK)
CASE(header_kid_ignored, "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k9\"}",
    "{" BASE "}", T0, AUTH_OK)
CASE(name_utf8_ok, HDR, "{" BASE ",\"name\":\"\\u5f20\\u4e09\"}", T0, AUTH_OK)
CASE(unknown_claim_ignored, HDR, "{" BASE ",\"x\":{\"y\":[1,2.5e3,null]}}",
    T0, AUTH_OK)
/* Only the top level counts: the same name in a nested object is fine. */
CASE(nested_same_name_ok, HDR,
    "{" BASE ",\"ctx\":{\"roles\":[\"admin\"],\"x\":{\"roles\":1}}}", T0, AUTH_OK)

/* Header. */
CASE(alg_lowercase, "{\"alg\":\"es256\",\"typ\":\"JWT\"}", "{" BASE "}", T0,
    AUTH_BAD_ALG)
CASE(alg_hs256_header, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{" BASE "}", T0,
    AUTH_BAD_ALG)
CASE(alg_rs256_header, "{\"alg\":\"RS256\",\"typ\":\"JWT\"}", "{" BASE "}", T0,
    AUTH_BAD_ALG)
CASE(alg_missing, "{\"typ\":\"JWT\"}", "{" BASE "}", T0, AUTH_BAD_ALG)
CASE(alg_not_string, "{\"alg\":[\"ES256\"]}", "{" BASE "}", T0, AUTH_BAD_ALG)
CASE(typ_wrong, "{\"alg\":\"ES256\",\"typ\":\"jwt\"}", "{" BASE "}", T0,
    AUTH_MALFORMED)
CASE(header_crit, "{\"alg\":\"ES256\",\"crit\":[\"exp\"]}", "{" BASE "}", T0,
    AUTH_MALFORMED)
CASE(header_dup, "{\"alg\":\"none\",\"alg\":\"ES256\"}", "{" BASE "}", T0,
    AUTH_DUP_CLAIM)
CASE(header_dup_escaped, "{\"alg\":\"ES256\",\"\\u0061lg\":\"ES256\"}",
    "{" BASE "}", T0, AUTH_DUP_CLAIM)
CASE(header_not_object, "[\"ES256\"]", "{" BASE "}", T0, AUTH_MALFORMED)

/* Duplicates and strict JSON in the payload. */
CASE(dup_roles, HDR, "{" BASE ",\"roles\":[\"admin\"]}", T0, AUTH_DUP_CLAIM)
CASE(dup_escaped, HDR, "{" BASE ",\"rol\\u0065s\":[\"admin\"]}", T0,
    AUTH_DUP_CLAIM)
CASE(dup_escaped_dept, HDR, "{" BASE ",\"\\u0064ept\":\"audit\"}", T0,
    AUTH_DUP_CLAIM)
/* json-c keys are C strings: it merges these two, so they are one name twice. */
CASE(dup_after_nul, HDR, "{" BASE ",\"a\\u0000b\":1,\"a\\u0000c\":2}", T0,
    AUTH_DUP_CLAIM)
CASE(payload_trailing_garbage, HDR, "{" BASE "} x", T0, AUTH_MALFORMED)
CASE(payload_two_objects, HDR, "{" BASE "}{}", T0, AUTH_MALFORMED)
CASE(payload_trailing_comma, HDR, "{" BASE ",}", T0, AUTH_MALFORMED)
CASE(payload_single_quotes, HDR, "{" BASE ",'x':1}", T0, AUTH_MALFORMED)
CASE(payload_nan, HDR, "{" BASE ",\"x\":NaN}", T0, AUTH_MALFORMED)
CASE(payload_leading_zero, HDR, "{" BASE ",\"x\":01}", T0, AUTH_MALFORMED)
CASE(payload_raw_control, HDR, "{" BASE ",\"x\":\"a\tb\"}", T0, AUTH_MALFORMED)
CASE(payload_lone_surrogate, HDR, "{" BASE ",\"x\":\"\\ud800\"}", T0,
    AUTH_MALFORMED)
CASE(payload_bad_utf8, HDR, "{" BASE ",\"x\":\"\xff\"}", T0, AUTH_MALFORMED)
CASE(payload_too_deep, HDR,
    "{" BASE ",\"x\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}", T0,
    AUTH_MALFORMED)
CASE(payload_not_object, HDR, "[1]", T0, AUTH_MALFORMED)

/* Times. */
CASE(exp_string, HDR, "{" ISS "," AUD "," IAT ",\"exp\":\"1700003600\"," WHO "}",
    T0, AUTH_BAD_CLAIMS)
CASE(exp_double, HDR, "{" ISS "," AUD "," IAT ",\"exp\":1700003600.0," WHO "}",
    T0, AUTH_BAD_CLAIMS)
CASE(exp_exponent, HDR, "{" ISS "," AUD "," IAT ",\"exp\":1.7000036e9," WHO "}",
    T0, AUTH_BAD_CLAIMS)
CASE(exp_missing, HDR, "{" ISS "," AUD "," IAT "," WHO "}", T0,
    AUTH_BAD_CLAIMS)
CASE(exp_null, HDR, "{" ISS "," AUD "," IAT ",\"exp\":null," WHO "}", T0,
    AUTH_BAD_CLAIMS)
CASE(exp_huge, HDR,
    "{" ISS "," AUD "," IAT ",\"exp\":9223372036854775807," WHO "}", T0,
    AUTH_BAD_CLAIMS)
CASE(iat_missing, HDR, "{" ISS "," AUD "," EXP "," WHO "}", T0,
    AUTH_BAD_CLAIMS)
CASE(iat_negative, HDR, "{" ISS "," AUD ",\"iat\":-1," EXP "," WHO "}", T0,
    AUTH_BAD_CLAIMS)
CASE(nbf_string, HDR, "{" BASE ",\"nbf\":\"1700000000\"}", T0,
    AUTH_BAD_CLAIMS)
CASE(expired, HDR, "{" BASE "}", T0 + 3600 + 31, AUTH_EXPIRED)
CASE(expired_within_leeway, HDR, "{" BASE "}", T0 + 3600 + 30, AUTH_OK)
CASE(nbf_future, HDR, "{" BASE ",\"nbf\":1700000600}", T0,
    AUTH_NOT_YET_VALID)
CASE(nbf_within_leeway, HDR, "{" BASE ",\"nbf\":1700000030}", T0, AUTH_OK)
CASE(iat_future, HDR, "{" BASE "}", T0 - 31, AUTH_NOT_YET_VALID)
CASE(iat_future_within_leeway, HDR, "{" BASE "}", T0 - 30, AUTH_OK)
CASE(lifetime_over_max, HDR,
    "{" ISS "," AUD "," IAT ",\"exp\":1700086401," WHO "}", T0, AUTH_BAD_CLAIMS)
CASE(lifetime_max_ok, HDR,
    "{" ISS "," AUD "," IAT ",\"exp\":1700086400," WHO "}", T0, AUTH_OK)
CASE(exp_equals_iat, HDR,
    "{" ISS "," AUD "," IAT ",\"exp\":1700000000," WHO "}", T0, AUTH_BAD_CLAIMS)

/* Issuer and audience. */
CASE(iss_wrong, HDR, "{\"iss\":\"evil\"," AUD "," TIMES "," WHO "}", T0,
    AUTH_BAD_ISS)
CASE(iss_prefix, HDR, "{\"iss\":\"jiugai2\"," AUD "," TIMES "," WHO "}", T0,
    AUTH_BAD_ISS)
CASE(iss_missing, HDR, "{" AUD "," TIMES "," WHO "}", T0, AUTH_BAD_ISS)
CASE(iss_number, HDR, "{\"iss\":1," AUD "," TIMES "," WHO "}", T0,
    AUTH_BAD_CLAIMS)
CASE(iss_embedded_nul, HDR,
    "{\"iss\":\"jiugai\\u0000x\"," AUD "," TIMES "," WHO "}", T0,
    AUTH_BAD_CLAIMS)
CASE(aud_wrong, HDR, "{" ISS ",\"aud\":\"other\"," TIMES "," WHO "}", T0,
    AUTH_BAD_AUD)
CASE(aud_missing, HDR, "{" ISS "," TIMES "," WHO "}", T0, AUTH_BAD_AUD)
CASE(aud_array_ok, HDR,
    "{" ISS ",\"aud\":[\"other\",\"jiugai\"]," TIMES "," WHO "}", T0, AUTH_OK)
CASE(aud_array_without, HDR,
    "{" ISS ",\"aud\":[\"other\"]," TIMES "," WHO "}", T0, AUTH_BAD_AUD)
CASE(aud_array_empty, HDR, "{" ISS ",\"aud\":[]," TIMES "," WHO "}", T0,
    AUTH_BAD_AUD)
CASE(aud_array_number, HDR,
    "{" ISS ",\"aud\":[1,\"jiugai\"]," TIMES "," WHO "}", T0, AUTH_BAD_CLAIMS)

/* Who. */
CASE(dept_unknown, HDR,
    "{" ISS "," AUD "," TIMES "," SUB ",\"dept\":\"mayor\"," ROLES "}", T0,
    AUTH_BAD_CLAIMS)
CASE(dept_wrong_case, HDR,
    "{" ISS "," AUD "," TIMES "," SUB ",\"dept\":\"Housing\"," ROLES "}", T0,
    AUTH_BAD_CLAIMS)
CASE(dept_missing, HDR, "{" ISS "," AUD "," TIMES "," SUB "," ROLES "}", T0,
    AUTH_BAD_CLAIMS)
CASE(role_unknown, HDR, "{" ISS "," AUD "," TIMES "," SUB "," DEPT
    ",\"roles\":[\"clerk\",\"root\"]}", T0, AUTH_BAD_CLAIMS)
CASE(roles_empty, HDR, "{" ISS "," AUD "," TIMES "," SUB "," DEPT
    ",\"roles\":[]}", T0, AUTH_BAD_CLAIMS)
CASE(roles_string, HDR, "{" ISS "," AUD "," TIMES "," SUB "," DEPT
    ",\"roles\":\"admin\"}", T0, AUTH_BAD_CLAIMS)
CASE(roles_missing, HDR, "{" ISS "," AUD "," TIMES "," SUB "," DEPT "}", T0,
    AUTH_BAD_CLAIMS)
CASE(scoped_without_org, HDR, "{" ISS "," AUD "," TIMES "," SUB
    ",\"dept\":\"street\"," ROLES "}", T0, AUTH_BAD_CLAIMS)
CASE(scoped_null_org, HDR, "{" ISS "," AUD "," TIMES "," SUB
    ",\"dept\":\"street\",\"org\":null," ROLES "}", T0, AUTH_BAD_CLAIMS)
CASE(scoped_unknown_org, HDR, "{" ISS "," AUD "," TIMES "," SUB
    ",\"dept\":\"street\",\"org\":\"beijing\"," ROLES "}", T0, AUTH_BAD_CLAIMS)
CASE(org_on_unscoped, HDR, "{" BASE ",\"org\":\"lanshan\"}", T0,
    AUTH_BAD_CLAIMS)
CASE(org_null_on_unscoped, HDR, "{" BASE ",\"org\":null}", T0, AUTH_OK)
CASE(sub_embedded_nul, HDR, "{" ISS "," AUD "," TIMES
    ",\"sub\":\"4\\u00002\"," DEPT "," ROLES "}", T0, AUTH_BAD_CLAIMS)
CASE(sub_control_char, HDR, "{" ISS "," AUD "," TIMES
    ",\"sub\":\"4\\n2\"," DEPT "," ROLES "}", T0, AUTH_BAD_CLAIMS)
CASE(sub_empty, HDR, "{" ISS "," AUD "," TIMES ",\"sub\":\"\"," DEPT "," ROLES
    "}", T0, AUTH_BAD_CLAIMS)
CASE(sub_number, HDR, "{" ISS "," AUD "," TIMES ",\"sub\":42," DEPT "," ROLES
    "}", T0, AUTH_BAD_CLAIMS)
CASE(sub_63_ok, HDR, "{" ISS "," AUD "," TIMES ",\"sub\":\"" S16 S16 S16
    "0123456789abcde\"," DEPT "," ROLES "}", T0, AUTH_OK)
CASE(sub_64_too_long, HDR, "{" ISS "," AUD "," TIMES ",\"sub\":\"" S16 S16 S16
    S16 "\"," DEPT "," ROLES "}", T0, AUTH_BAD_CLAIMS)
CASE(name_128_too_long, HDR, "{" BASE ",\"name\":\"" S16 S16 S16 S16 S16 S16
    S16 S16 "\"}", T0, AUTH_BAD_CLAIMS)
CASE(name_number, HDR, "{" BASE ",\"name\":7}", T0, AUTH_BAD_CLAIMS)
CASE(jti_number, HDR, "{" BASE ",\"jti\":7}", T0, AUTH_BAD_CLAIMS)

/* A token we minted verifies and says what we put in. */
static void
roundtrip(void **state)
{
	const struct fx	*f = *state;
	struct claims	 c;
	char		*tok;
	size_t		 i;

	assert_non_null(tok = mint(f, "housing", "",
	    ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_APPROVER), 3600));
	assert_auth(verify(f, tok, T0, &c), AUTH_OK);
	assert_string_equal(c.sub, "42");
	assert_string_equal(c.name, "张三");
	assert_string_equal(c.dept, "housing");
	assert_string_equal(c.org, "");
	assert_int_equal(c.dept_id, DEPT_HOUSING);
	assert_int_equal(c.county_id, -1);
	assert_int_equal(c.roles, ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_APPROVER));
	assert_int_equal(c.iat, T0);
	assert_int_equal(c.nbf, T0);
	assert_int_equal(c.exp, T0 + 3600);
	assert_int_equal(strlen(c.jti), 32);
	for (i = 0; i < 32; i++)
		assert_non_null(strchr("0123456789abcdef", c.jti[i]));
	free(tok);
}

static void
roundtrip_scoped(void **state)
{
	const struct fx	*f = *state;
	struct claims	 c;
	char		*tok;

	assert_non_null(tok = mint(f, "street", "lanshan",
	    ROLE_BIT(ROLE_VIEWER), 600));
	assert_auth(verify(f, tok, T0 + 599, &c), AUTH_OK);
	assert_string_equal(c.dept, "street");
	assert_string_equal(c.org, "lanshan");
	assert_int_equal(c.dept_id, DEPT_STREET);
	assert_int_equal(c.county_id, COUNTY_LANSHAN);
	assert_int_equal(c.roles, ROLE_BIT(ROLE_VIEWER));
	assert_auth(verify(f, tok, T0 + 600 + 31, NULL), AUTH_EXPIRED);
	free(tok);
}

/* Claims of a crafted token come from the payload, not from defaults. */
static void
crafted_claims_read(void **state)
{
	const struct fx	*f = *state;
	struct claims	 c;
	char		*tok;

	tok = craft(f->key, HDR, "{" ISS "," AUD "," TIMES ",\"nbf\":1700000010,"
	    "\"sub\":\"u7\",\"dept\":\"committee\",\"org\":\"gaoxin\","
	    "\"roles\":[\"admin\",\"admin\"],\"jti\":\"j1\",\"name\":\"x\"}");
	assert_auth(verify(f, tok, T0, &c), AUTH_OK);
	assert_string_equal(c.sub, "u7");
	assert_string_equal(c.jti, "j1");
	assert_int_equal(c.dept_id, DEPT_COMMITTEE);
	assert_int_equal(c.county_id, COUNTY_GAOXIN);
	assert_int_equal(c.roles, ROLE_BIT(ROLE_ADMIN));
	assert_int_equal(c.nbf, T0 + 10);
	free(tok);
}

static void
mint_jti_unique(void **state)
{
	const struct fx	*f = *state;
	struct claims	 a, b;
	char		*t1, *t2;

	assert_non_null(t1 = mint(f, "audit", "", ROLE_BIT(ROLE_VIEWER), 60));
	assert_non_null(t2 = mint(f, "audit", "", ROLE_BIT(ROLE_VIEWER), 60));
	assert_auth(verify(f, t1, T0, &a), AUTH_OK);
	assert_auth(verify(f, t2, T0, &b), AUTH_OK);
	assert_string_not_equal(a.jti, b.jti);
	free(t1);
	free(t2);
}

/* auth_mint() refuses what auth_verify() would refuse. */
static void
mint_refuses(void **state)
{
	const struct fx	*f = *state;
	struct auth_keys nopriv = f->k;
	struct claims	 c;
	char		*tok;

	assert_null(mint(f, "mayor", "", ROLE_BIT(ROLE_CLERK), 60));
	assert_null(mint(f, "street", "", ROLE_BIT(ROLE_CLERK), 60));
	assert_null(mint(f, "street", "beijing", ROLE_BIT(ROLE_CLERK), 60));
	assert_null(mint(f, "housing", "lanshan", ROLE_BIT(ROLE_CLERK), 60));
	assert_null(mint(f, "housing", "", 0, 60));
	assert_null(mint(f, "housing", "", ROLE_BIT(ROLE__MAX), 60));
	assert_null(mint(f, "housing", "", ROLE_BIT(ROLE_CLERK), 0));
	assert_null(mint(f, "housing", "", ROLE_BIT(ROLE_CLERK), 86401));
	memset(&c, 0, sizeof(c));
	strcpy(c.dept, "housing");
	c.roles = ROLE_BIT(ROLE_CLERK);
	assert_null(auth_mint(&f->k, &c, T0, 60));		/* empty sub */
	strcpy(c.sub, "4\n2");
	assert_null(auth_mint(&f->k, &c, T0, 60));		/* control */
	strcpy(c.sub, "42");
	nopriv.priv = NULL;
	nopriv.privlen = 0;
	assert_null(auth_mint(&nopriv, &c, T0, 60));
	/* The same claims do mint, so each refusal above is its own. */
	assert_non_null(tok = auth_mint(&f->k, &c, T0, 60));
	free(tok);
}

static void
alg_none(void **state)
{
	const struct fx	*f = *state;
	char		*tok;

	tok = craft(NULL, "{\"alg\":\"none\"}", "{" BASE "}");
	assert_int_equal(tok[strlen(tok) - 1], '.');
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_ALG);
	free(tok);
	tok = craft(NULL, "{\"alg\":\"none\",\"typ\":\"JWT\"}", "{" BASE "}");
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_ALG);
	free(tok);
}

/*
 * Algorithm confusion: an HS256 token whose HMAC secret is our public
 * key PEM.  libjwt alone accepts it (checked, so the token is a real
 * attack); we must not.
 */
static void
alg_hs256_public_key_secret(void **state)
{
	const struct fx	*f = *state;
	jwt_t		*jwt, *dec = NULL;
	char		*tok;

	assert_int_equal(jwt_new(&jwt), 0);
	assert_int_equal(jwt_set_alg(jwt, JWT_ALG_HS256, f->k.pub,
	    (int)f->k.publen), 0);
	assert_int_equal(jwt_add_grants_json(jwt, "{" BASE "}"), 0);
	assert_non_null(tok = jwt_encode_str(jwt));
	jwt_free(jwt);
	assert_int_equal(jwt_decode(&dec, tok, f->k.pub, (int)f->k.publen), 0);
	assert_int_equal(jwt_get_alg(dec), JWT_ALG_HS256);
	jwt_free(dec);
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_ALG);
	free(tok);
}

/* Without a key libjwt skips the check; we must refuse instead. */
static void
empty_key(void **state)
{
	const struct fx	*f = *state;
	struct auth_keys k = f->k;
	char		*tok;

	assert_non_null(tok = mint(f, "audit", "", ROLE_BIT(ROLE_VIEWER), 60));
	k.pub = NULL;
	assert_auth(auth_verify(&k, tok, strlen(tok), T0, NULL), AUTH_BAD_SIG);
	k.pub = f->k.pub;
	k.publen = 0;
	assert_auth(auth_verify(&k, tok, strlen(tok), T0, NULL), AUTH_BAD_SIG);
	assert_auth(auth_verify(NULL, tok, strlen(tok), T0, NULL), AUTH_BAD_SIG);
	assert_auth(verify(f, tok, T0, NULL), AUTH_OK);
	free(tok);
}

/*
 * CVE-2024-25189: a wrong signature of the same length.  Every
 * character of the signature but the last (whose low bits are padding)
 * is changed in turn, keeping base64url validity.
 */
static void
sig_same_length(void **state)
{
	const struct fx	*f = *state;
	char		*tok, *sig, saved;
	size_t		 len, i;

	assert_non_null(tok = mint(f, "audit", "", ROLE_BIT(ROLE_VIEWER), 60));
	len = strlen(tok);
	assert_auth(verify(f, tok, T0, NULL), AUTH_OK);
	assert_non_null(sig = strrchr(tok, '.'));
	sig++;
	assert_int_equal(strlen(sig), 86);
	for (i = 0; i + 1 < strlen(sig); i++) {
		saved = sig[i];
		sig[i] = saved == 'A' ? 'B' : 'A';
		assert_int_equal(strlen(tok), len);
		assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_SIG);
		sig[i] = saved;
	}
	assert_auth(verify(f, tok, T0, NULL), AUTH_OK);
	free(tok);
}

/* The same bytes spelt differently in the last character's spare bits. */
static void
sig_noncanonical(void **state)
{
	const struct fx	*f = *state;
	char		*tok;
	size_t		 len;

	assert_non_null(tok = mint(f, "audit", "", ROLE_BIT(ROLE_VIEWER), 60));
	len = strlen(tok);
	/* 86 chars carry 516 bits for 512: the last one's low 4 bits are 0. */
	tok[len - 1] = tok[len - 1] == 'A' ? 'B' : tok[len - 1] == 'Q' ? 'R' :
	    tok[len - 1] == 'g' ? 'h' : tok[len - 1] == 'w' ? 'x' : '!';
	assert_int_not_equal(tok[len - 1], '!');
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_SIG);
	free(tok);
}

static void
sig_other_key(void **state)
{
	const struct fx	*f = *state;
	char		*tok;

	tok = craft(f->otherkey, HDR, "{" BASE "}");
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_SIG);
	/* And it is a good token for the other key, so only the key differs. */
	assert_auth(auth_verify(&f->other, tok, strlen(tok), T0, NULL), AUTH_OK);
	free(tok);
}

/*
 * The per-process cache of verified tokens (auth.c): a second verify of
 * the same token gives the same claims, and the clock, the lifetime bound
 * and the key still decide; the same signature under another payload is
 * no hit.
 */
static void
cache_rechecks(void **state)
{
	const struct fx	*f = *state;
	struct auth_keys k = f->k;
	struct claims	 c, c2;
	char		*tok, *tok2, *spliced;
	const char	*sig, *sig2;
	size_t		 n;

	tok = craft(f->key, HDR, "{" BASE ",\"jti\":\"cache\"}");
	assert_auth(verify(f, tok, T0, &c), AUTH_OK);
	memset(&c2, 0, sizeof(c2));
	assert_auth(verify(f, tok, T0 + 10, &c2), AUTH_OK);
	assert_memory_equal(&c, &c2, sizeof(c));
	assert_string_equal(c2.sub, "42");
	assert_string_equal(c2.jti, "cache");
	assert_auth(verify(f, tok, T0 + 3600 + 31, NULL), AUTH_EXPIRED);
	assert_auth(verify(f, tok, T0 - 31, NULL), AUTH_NOT_YET_VALID);
	assert_auth(verify(f, tok, T0, NULL), AUTH_OK);
	assert_auth(auth_verify(&f->other, tok, strlen(tok), T0, NULL),
	    AUTH_BAD_SIG);
	k.max_ttl = 60;
	assert_auth(auth_verify(&k, tok, strlen(tok), T0, NULL),
	    AUTH_BAD_CLAIMS);
	snprintf(k.aud, sizeof(k.aud), "other");
	k.max_ttl = 86400;
	assert_auth(auth_verify(&k, tok, strlen(tok), T0, NULL), AUTH_BAD_AUD);
	/* Another payload with this token's signature. */
	tok2 = craft(f->key, HDR, "{" BASE ",\"jti\":\"cachf\"}");
	assert_non_null(sig = strrchr(tok, '.'));
	assert_non_null(sig2 = strrchr(tok2, '.'));
	n = (size_t)(sig2 - tok2);
	assert_non_null(spliced = malloc(n + strlen(sig) + 1));
	memcpy(spliced, tok2, n);
	strcpy(spliced + n, sig);
	assert_auth(verify(f, spliced, T0, NULL), AUTH_BAD_SIG);
	assert_auth(verify(f, tok2, T0, NULL), AUTH_OK);
	assert_auth(verify(f, tok, T0, NULL), AUTH_OK);
	free(spliced);
	free(tok2);
	free(tok);
}

static void
sig_wrong_length(void **state)
{
	const struct fx	*f = *state;
	char		*tok, *longer;
	size_t		 len;

	tok = craft(f->key, HDR, "{" BASE "}");
	len = strlen(tok);
	assert_non_null(longer = malloc(len + 5));
	snprintf(longer, len + 5, "%sAAAA", tok);
	assert_auth(verify(f, longer, T0, NULL), AUTH_BAD_SIG);
	tok[len - 4] = '\0';
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_SIG);
	free(longer);
	free(tok);
}

/* OpenSSL's native DER signature is not the JWS form. */
static void
sig_der(void **state)
{
	const struct fx	*f = *state;
	char		*tok;

	tok = craft_sig(f->key, HDR, "{" BASE "}", 1);
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_SIG);
	free(tok);
}

static void
too_large(void **state)
{
	const struct fx	*f = *state;
	char		*big;
	size_t		 n = 1024 * 1024;

	assert_non_null(big = malloc(n + 1));
	memset(big, 'A', n);
	big[n] = '\0';
	big[100] = big[200] = '.';
	assert_auth(auth_verify(&f->k, big, 9000, T0, NULL), AUTH_TOO_LARGE);
	assert_auth(auth_verify(&f->k, big, AUTH_TOKEN_MAX + 1, T0, NULL),
	    AUTH_TOO_LARGE);
	assert_auth(auth_verify(&f->k, big, n, T0, NULL), AUTH_TOO_LARGE);
	/* At the limit it is decoded, and refused for what it says. */
	assert_auth(auth_verify(&f->k, big, AUTH_TOKEN_MAX, T0, NULL),
	    AUTH_MALFORMED);
	free(big);
}

/* A payload near the limit is decoded without harm and still checked. */
static void
large_payload_ok(void **state)
{
	const struct fx	*f = *state;
	char		 pl[6000], *tok;
	size_t		 n;

	n = (size_t)snprintf(pl, sizeof(pl), "{" BASE ",\"pad\":\"");
	memset(pl + n, 'x', 5000);
	strcpy(pl + n + 5000, "\"}");
	tok = craft(f->key, HDR, pl);
	assert_true(strlen(tok) < AUTH_TOKEN_MAX);
	assert_auth(verify(f, tok, T0, NULL), AUTH_OK);
	free(tok);
}

static void
missing(void **state)
{
	const struct fx	*f = *state;

	assert_auth(auth_verify(&f->k, NULL, 10, T0, NULL), AUTH_MISSING);
	assert_auth(auth_verify(&f->k, "", 0, T0, NULL), AUTH_MISSING);
	assert_auth(auth_verify(&f->k, "abc", 0, T0, NULL), AUTH_MISSING);
}

static void
not_three_segments(void **state)
{
	const struct fx	*f = *state;
	char		*tok, *four;
	size_t		 len;

	tok = craft(f->key, HDR, "{" BASE "}");
	len = strlen(tok);
	assert_non_null(four = malloc(len + 3));
	snprintf(four, len + 3, "%s.A", tok);
	assert_auth(verify(f, four, T0, NULL), AUTH_MALFORMED);
	*strrchr(tok, '.') = '\0';
	assert_auth(verify(f, tok, T0, NULL), AUTH_MALFORMED);
	assert_auth(verify(f, "abc", T0, NULL), AUTH_MALFORMED);
	assert_auth(verify(f, "..", T0, NULL), AUTH_MALFORMED);
	free(four);
	free(tok);
}

static void
bad_base64url(void **state)
{
	const struct fx	*f = *state;
	static const char bad[] = { '+', '/', '=', ' ', '%', '\0', '\n' };
	char		*tok, *padded, saved;
	size_t		 i, len;

	tok = craft(f->key, HDR, "{" BASE "}");
	len = strlen(tok);
	assert_auth(verify(f, tok, T0, NULL), AUTH_OK);
	for (i = 0; i < sizeof(bad); i++) {
		saved = tok[5];
		tok[5] = bad[i];
		assert_auth(auth_verify(&f->k, tok, len, T0, NULL),
		    AUTH_MALFORMED);
		tok[5] = saved;
	}
	/* Padding: standard base64 would allow it, JWS does not. */
	assert_non_null(padded = malloc(len + 3));
	i = (size_t)(strchr(tok, '.') - tok);
	memcpy(padded, tok, i);
	memcpy(padded + i, "==", 2);
	strcpy(padded + i + 2, tok + i);
	assert_auth(verify(f, padded, T0, NULL), AUTH_MALFORMED);
	free(padded);
	free(tok);
}

/* A header of 1 mod 4 characters cannot be base64 at all. */
static void
bad_base64url_length(void **state)
{
	const struct fx	*f = *state;
	char		*tok, *sig;
	char		 buf[512];

	tok = craft(f->key, HDR, "{" BASE "}");
	sig = strchr(tok, '.');
	snprintf(buf, sizeof(buf), "eyJhbGciOiJFUzI1NiJ9A%s", sig);
	assert_auth(verify(f, buf, T0, NULL), AUTH_MALFORMED);
	free(tok);
}

/* len bounds the token: what follows it in memory is not read. */
static void
length_bounds_token(void **state)
{
	const struct fx	*f = *state;
	char		*tok, *buf;
	size_t		 len;

	tok = craft(f->key, HDR, "{" BASE "}");
	len = strlen(tok);
	assert_non_null(buf = malloc(len + 10));
	snprintf(buf, len + 10, "%s.garbage", tok);
	assert_auth(auth_verify(&f->k, buf, len, T0, NULL), AUTH_OK);
	assert_auth(auth_verify(&f->k, buf, len - 1, T0, NULL), AUTH_BAD_SIG);
	free(buf);
	free(tok);
}

/* Leeway above 60 s is held to 60 s. */
static void
leeway_capped(void **state)
{
	const struct fx	*f = *state;
	struct auth_keys k = f->k;
	char		*tok;

	tok = craft(f->key, HDR, "{" BASE "}");
	k.leeway = 3600;
	assert_auth(auth_verify(&k, tok, strlen(tok), T0 + 3600 + 60, NULL),
	    AUTH_OK);
	assert_auth(auth_verify(&k, tok, strlen(tok), T0 + 3600 + 61, NULL),
	    AUTH_EXPIRED);
	k.leeway = 0;
	assert_auth(auth_verify(&k, tok, strlen(tok), T0 + 3601, NULL),
	    AUTH_EXPIRED);
	free(tok);
}

static void
err_strings(void **state)
{
	int	 i, j;

	(void)state;
	assert_string_equal(auth_err_str(AUTH_EXPIRED), "token expired");
	for (i = 0; i < AUTH__MAX; i++) {
		assert_non_null(auth_err_str((enum auth_err)i));
		assert_true(strlen(auth_err_str((enum auth_err)i)) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(auth_err_str((enum auth_err)i),
			    auth_err_str((enum auth_err)j));
	}
	assert_non_null(auth_err_str(AUTH__MAX));
}

/* Write n bytes of data to a new temporary file; return its path. */
static char *
tmpfile_with(const void *data, size_t n)
{
	char	*path;
	int	 fd;

	assert_non_null(path = strdup("/tmp/test_auth.XXXXXX"));
	assert_true((fd = mkstemp(path)) != -1);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	return path;
}

static void
keys_load(void **state)
{
	const struct fx	*f = *state;
	struct auth_keys k;
	char		*pub, *priv, *tok;

	pub = tmpfile_with(f->k.pub, f->k.publen);
	priv = tmpfile_with(f->k.priv, f->k.privlen);
	assert_int_equal(auth_keys_load(&k, pub, priv, "iss1", "aud1"), 0);
	assert_int_equal(k.publen, f->k.publen);
	assert_memory_equal(k.pub, f->k.pub, k.publen);
	assert_non_null(k.priv);
	assert_string_equal(k.iss, "iss1");
	assert_string_equal(k.aud, "aud1");
	assert_int_equal(k.leeway, 30);
	assert_int_equal(k.max_ttl, 86400);
	assert_non_null(tok = auth_mint(&k, &(struct claims){ .sub = "1",
	    .dept = "drc", .roles = ROLE_BIT(ROLE_CLERK) }, T0, 60));
	assert_auth(auth_verify(&k, tok, strlen(tok), T0, NULL), AUTH_OK);
	/* Another issuer's configuration refuses it. */
	assert_auth(verify(f, tok, T0, NULL), AUTH_BAD_ISS);
	free(tok);
	auth_keys_free(&k);
	assert_null(k.pub);
	assert_null(k.priv);
	auth_keys_free(&k);

	/* Public key only: verifies, cannot mint. */
	assert_int_equal(auth_keys_load(&k, pub, NULL, "jiugai", "jiugai"), 0);
	assert_null(k.priv);
	assert_null(auth_mint(&k, &(struct claims){ .sub = "1",
	    .dept = "drc", .roles = ROLE_BIT(ROLE_CLERK) }, T0, 60));
	auth_keys_free(&k);
	unlink(pub);
	unlink(priv);
	free(pub);
	free(priv);
}

/*
 * A key file OpenSSL could only read with a passphrase (priv) or a
 * P-256 key of the wrong kind (an RSA public key otherwise).
 */
static char *
unusable_key_file(EVP_PKEY *pkey, int priv)
{
	BIO		*b;
	EVP_PKEY	*rsa = NULL;
	char		*p, *path;
	long		 n;

	assert_non_null(b = BIO_new(BIO_s_mem()));
	if (priv)
		assert_int_equal(PEM_write_bio_PrivateKey(b, pkey,
		    EVP_aes_256_cbc(), (const unsigned char *)"secret", 6,
		    NULL, NULL), 1);
	else {
		assert_non_null(rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA",
		    (size_t)1024));
		assert_int_equal(PEM_write_bio_PUBKEY(b, rsa), 1);
	}
	n = BIO_get_mem_data(b, &p);
	path = tmpfile_with(p, (size_t)n);
	BIO_free(b);
	EVP_PKEY_free(rsa);
	return path;
}

static void
keys_load_refuses(void **state)
{
	const struct fx	*f = *state;
	struct auth_keys k;
	char		*pub, *priv, *otherpriv, *shortf, *junk, *enc, *rsa;
	char		 junkdata[200];

	memset(junkdata, 'x', sizeof(junkdata));
	pub = tmpfile_with(f->k.pub, f->k.publen);
	priv = tmpfile_with(f->k.priv, f->k.privlen);
	otherpriv = tmpfile_with(f->other.priv, f->other.privlen);
	shortf = tmpfile_with(f->k.pub, 31);
	junk = tmpfile_with(junkdata, sizeof(junkdata));
	enc = unusable_key_file(f->key, 1);
	rsa = unusable_key_file(NULL, 0);
	/* Too short, missing, not a key, public and private swapped. */
	assert_int_equal(auth_keys_load(&k, shortf, NULL, "a", "a"), -1);
	assert_int_equal(auth_keys_load(&k, "/nonexistent/key.pem", NULL,
	    "a", "a"), -1);
	assert_int_equal(auth_keys_load(&k, junk, NULL, "a", "a"), -1);
	assert_int_equal(auth_keys_load(&k, pub, junk, "a", "a"), -1);
	assert_int_equal(auth_keys_load(&k, priv, pub, "a", "a"), -1);
	/* A private key that is not the public key's pair. */
	assert_int_equal(auth_keys_load(&k, pub, otherpriv, "a", "a"), -1);
	assert_null(k.pub);
	/* Encrypted (a server cannot type a passphrase), or not ES256. */
	assert_int_equal(auth_keys_load(&k, pub, enc, "a", "a"), -1);
	assert_int_equal(auth_keys_load(&k, rsa, NULL, "a", "a"), -1);
	/* Issuer and audience must be given. */
	assert_int_equal(auth_keys_load(&k, pub, priv, "", "a"), -1);
	assert_int_equal(auth_keys_load(&k, pub, priv, "a", NULL), -1);
	/* And the same files do load, so each refusal above is its own. */
	assert_int_equal(auth_keys_load(&k, pub, priv, "a", "a"), 0);
	auth_keys_free(&k);
	unlink(pub);
	unlink(priv);
	unlink(otherpriv);
	unlink(shortf);
	unlink(junk);
	unlink(enc);
	unlink(rsa);
	free(enc);
	free(rsa);
	free(pub);
	free(priv);
	free(otherpriv);
	free(shortf);
	free(junk);
}

/* Run `jiugai token` with args, capturing its stdout and stderr. */
static int
run_token(const struct auth_keys *k, const char *const *args, char *out,
    size_t outsz, char *err, size_t errsz)
{
	char	*argv[32];
	FILE	*fo, *fe;
	int	 argc = 0, so, se, rc;
	size_t	 n;

	argv[argc++] = (char *)"token";
	while (*args != NULL && argc < 31)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	assert_non_null(fo = tmpfile());
	assert_non_null(fe = tmpfile());
	fflush(stdout);
	fflush(stderr);
	so = dup(STDOUT_FILENO);
	se = dup(STDERR_FILENO);
	dup2(fileno(fo), STDOUT_FILENO);
	dup2(fileno(fe), STDERR_FILENO);
	rc = auth_token_main(argc, argv, k);
	fflush(stdout);
	fflush(stderr);
	dup2(so, STDOUT_FILENO);
	dup2(se, STDERR_FILENO);
	close(so);
	close(se);
	rewind(fo);
	n = fread(out, 1, outsz - 1, fo);
	out[n] = '\0';
	rewind(fe);
	n = fread(err, 1, errsz - 1, fe);
	err[n] = '\0';
	fclose(fo);
	fclose(fe);
	return rc;
}

static void
token_help(void **state)
{
	const struct fx	*f = *state;
	static const char *const args[] = { "--help", NULL };
	char		 out[4096], err[4096];

	assert_int_equal(run_token(&f->k, args, out, sizeof(out), err,
	    sizeof(err)), 0);
	assert_non_null(strstr(out, "usage: jiugai token"));
	assert_string_equal(err, "");
}

static void
token_prints_token(void **state)
{
	const struct fx	*f = *state;
	static const char *const args[] = { "--sub", "7", "--dept", "street",
	    "--org", "lanshan", "--roles", "clerk,approver", "--name=王五",
	    "--ttl", "600", NULL };
	static const char *const dflt[] = { "--sub", "8", "--dept", "finance",
	    "--roles", "viewer", NULL };
	char		 out[AUTH_TOKEN_MAX + 2], err[4096];
	struct claims	 c;
	size_t		 len;

	assert_int_equal(run_token(&f->k, args, out, sizeof(out), err,
	    sizeof(err)), 0);
	len = strlen(out);
	assert_true(len > 1);
	assert_int_equal(out[len - 1], '\n');
	assert_auth(auth_verify(&f->k, out, len - 1, (long long)time(NULL),
	    &c), AUTH_OK);
	assert_string_equal(c.sub, "7");
	assert_string_equal(c.name, "王五");
	assert_int_equal(c.county_id, COUNTY_LANSHAN);
	assert_int_equal(c.roles, ROLE_BIT(ROLE_CLERK) | ROLE_BIT(ROLE_APPROVER));
	assert_int_equal(c.exp - c.iat, 600);

	assert_int_equal(run_token(&f->k, dflt, out, sizeof(out), err,
	    sizeof(err)), 0);
	len = strlen(out);
	assert_auth(auth_verify(&f->k, out, len - 1, (long long)time(NULL),
	    &c), AUTH_OK);
	assert_int_equal(c.exp - c.iat, 28800);
	assert_int_equal(c.county_id, -1);
}

static void
token_errors(void **state)
{
	const struct fx	*f = *state;
	static const char *const bad[][12] = {
		{ "--sub", "1", "--dept", "mayor", "--roles", "clerk", NULL },
		{ "--sub", "1", "--dept", "drc", "--roles", "clerk,root", NULL },
		{ "--sub", "1", "--dept", "drc", "--roles", "clerk,", NULL },
		{ "--sub", "1", "--dept", "street", "--roles", "clerk", NULL },
		{ "--sub", "1", "--dept", "street", "--org", "beijing",
		  "--roles", "clerk", NULL },
		{ "--sub", "1", "--dept", "drc", "--org", "lanshan",
		  "--roles", "clerk", NULL },
		{ "--dept", "drc", "--roles", "clerk", NULL },
		{ "--sub", "", "--dept", "drc", "--roles", "clerk", NULL },
		{ "--sub", "1", "--dept", "drc", "--roles", "clerk",
		  "--ttl", "0", NULL },
		{ "--sub", "1", "--dept", "drc", "--roles", "clerk",
		  "--ttl", "86401", NULL },
		{ "--sub", "1", "--dept", "drc", "--roles", "clerk",
		  "--ttl", "60s", NULL },
		{ "--sub", "1", "--dept", "drc", "--roles", "clerk",
		  "--bogus", NULL },
		{ "--sub", "1", "--sub", "2", "--dept", "drc",
		  "--roles", "clerk", NULL },
		{ "--sub", "1", "--dept", "drc", "--roles", NULL },
		{ "--help=yes", NULL },
	};
	char		 out[4096], err[4096];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(run_token(&f->k, bad[i], out, sizeof(out),
		    err, sizeof(err)), 2);
		assert_string_equal(out, "");
		assert_true(strlen(err) > 0);
	}
}

static void
token_needs_private_key(void **state)
{
	const struct fx	*f = *state;
	static const char *const args[] = { "--sub", "1", "--dept", "drc",
	    "--roles", "clerk", NULL };
	struct auth_keys k = f->k;
	char		 out[4096], err[4096];

	k.priv = NULL;
	k.privlen = 0;
	assert_int_equal(run_token(&k, args, out, sizeof(out), err,
	    sizeof(err)), 1);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "key_private"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crafted_valid),
		cmocka_unit_test(header_without_typ),
		cmocka_unit_test(header_kid_ignored),
		cmocka_unit_test(name_utf8_ok),
		cmocka_unit_test(unknown_claim_ignored),
		cmocka_unit_test(nested_same_name_ok),
		cmocka_unit_test(alg_lowercase),
		cmocka_unit_test(alg_hs256_header),
		cmocka_unit_test(alg_rs256_header),
		cmocka_unit_test(alg_missing),
		cmocka_unit_test(alg_not_string),
		cmocka_unit_test(typ_wrong),
		cmocka_unit_test(header_crit),
		cmocka_unit_test(header_dup),
		cmocka_unit_test(header_dup_escaped),
		cmocka_unit_test(header_not_object),
		cmocka_unit_test(dup_roles),
		cmocka_unit_test(dup_escaped),
		cmocka_unit_test(dup_escaped_dept),
		cmocka_unit_test(dup_after_nul),
		cmocka_unit_test(payload_trailing_garbage),
		cmocka_unit_test(payload_two_objects),
		cmocka_unit_test(payload_trailing_comma),
		cmocka_unit_test(payload_single_quotes),
		cmocka_unit_test(payload_nan),
		cmocka_unit_test(payload_leading_zero),
		cmocka_unit_test(payload_raw_control),
		cmocka_unit_test(payload_lone_surrogate),
		cmocka_unit_test(payload_bad_utf8),
		cmocka_unit_test(payload_too_deep),
		cmocka_unit_test(payload_not_object),
		cmocka_unit_test(exp_string),
		cmocka_unit_test(exp_double),
		cmocka_unit_test(exp_exponent),
		cmocka_unit_test(exp_missing),
		cmocka_unit_test(exp_null),
		cmocka_unit_test(exp_huge),
		cmocka_unit_test(iat_missing),
		cmocka_unit_test(iat_negative),
		cmocka_unit_test(nbf_string),
		cmocka_unit_test(expired),
		cmocka_unit_test(expired_within_leeway),
		cmocka_unit_test(nbf_future),
		cmocka_unit_test(nbf_within_leeway),
		cmocka_unit_test(iat_future),
		cmocka_unit_test(iat_future_within_leeway),
		cmocka_unit_test(lifetime_over_max),
		cmocka_unit_test(lifetime_max_ok),
		cmocka_unit_test(exp_equals_iat),
		cmocka_unit_test(iss_wrong),
		cmocka_unit_test(iss_prefix),
		cmocka_unit_test(iss_missing),
		cmocka_unit_test(iss_number),
		cmocka_unit_test(iss_embedded_nul),
		cmocka_unit_test(aud_wrong),
		cmocka_unit_test(aud_missing),
		cmocka_unit_test(aud_array_ok),
		cmocka_unit_test(aud_array_without),
		cmocka_unit_test(aud_array_empty),
		cmocka_unit_test(aud_array_number),
		cmocka_unit_test(dept_unknown),
		cmocka_unit_test(dept_wrong_case),
		cmocka_unit_test(dept_missing),
		cmocka_unit_test(role_unknown),
		cmocka_unit_test(roles_empty),
		cmocka_unit_test(roles_string),
		cmocka_unit_test(roles_missing),
		cmocka_unit_test(scoped_without_org),
		cmocka_unit_test(scoped_null_org),
		cmocka_unit_test(scoped_unknown_org),
		cmocka_unit_test(org_on_unscoped),
		cmocka_unit_test(org_null_on_unscoped),
		cmocka_unit_test(sub_embedded_nul),
		cmocka_unit_test(sub_control_char),
		cmocka_unit_test(sub_empty),
		cmocka_unit_test(sub_number),
		cmocka_unit_test(sub_63_ok),
		cmocka_unit_test(sub_64_too_long),
		cmocka_unit_test(name_128_too_long),
		cmocka_unit_test(name_number),
		cmocka_unit_test(jti_number),
		cmocka_unit_test(roundtrip),
		cmocka_unit_test(roundtrip_scoped),
		cmocka_unit_test(crafted_claims_read),
		cmocka_unit_test(mint_jti_unique),
		cmocka_unit_test(mint_refuses),
		cmocka_unit_test(alg_none),
		cmocka_unit_test(alg_hs256_public_key_secret),
		cmocka_unit_test(empty_key),
		cmocka_unit_test(sig_same_length),
		cmocka_unit_test(sig_noncanonical),
		cmocka_unit_test(sig_other_key),
		cmocka_unit_test(cache_rechecks),
		cmocka_unit_test(sig_wrong_length),
		cmocka_unit_test(sig_der),
		cmocka_unit_test(too_large),
		cmocka_unit_test(large_payload_ok),
		cmocka_unit_test(missing),
		cmocka_unit_test(not_three_segments),
		cmocka_unit_test(bad_base64url),
		cmocka_unit_test(bad_base64url_length),
		cmocka_unit_test(length_bounds_token),
		cmocka_unit_test(leeway_capped),
		cmocka_unit_test(err_strings),
		cmocka_unit_test(keys_load),
		cmocka_unit_test(keys_load_refuses),
		cmocka_unit_test(token_help),
		cmocka_unit_test(token_prints_token),
		cmocka_unit_test(token_errors),
		cmocka_unit_test(token_needs_private_key),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
