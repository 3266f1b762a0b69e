/*
 * jwtcraft.c - see jwtcraft.h.
 */
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../include/conf.h"
#include "jwtcraft.h"

static EVP_PKEY		*okey;		/* the stack's private key */
static EVP_PKEY		*xkey;		/* a key the stack has never seen */

char *
craft_b64url(const unsigned char *p, size_t len)
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

char *
craft_b64s(const char *s)
{
	return craft_b64url((const unsigned char *)s, strlen(s));
}

EVP_PKEY *
craft_our_key(void)
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

EVP_PKEY *
craft_other_key(void)
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

void
craft_es256(const char *in, EVP_PKEY *key, unsigned char raw[64])
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

char *
craft_signing_input(const char *header, const char *payload)
{
	char	*h = craft_b64s(header), *p = craft_b64s(payload), *out;
	size_t	 n = strlen(h) + strlen(p) + 2;

	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s.%s", h, p);
	free(h);
	free(p);
	return out;
}

char *
craft_with_sig(const char *in, const unsigned char *sig, size_t siglen)
{
	char	*s = craft_b64url(sig, siglen), *out;
	size_t	 n = strlen(in) + strlen(s) + 2;

	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s.%s", in, s);
	free(s);
	return out;
}

char *
craft_forge(const char *header, const char *payload, EVP_PKEY *key)
{
	unsigned char	 raw[64];
	char		*in = craft_signing_input(header, payload), *out;

	craft_es256(in, key, raw);
	out = craft_with_sig(in, raw, sizeof(raw));
	free(in);
	return out;
}

void
craft_done(void)
{
	EVP_PKEY_free(okey);
	EVP_PKEY_free(xkey);
	okey = xkey = NULL;
}
