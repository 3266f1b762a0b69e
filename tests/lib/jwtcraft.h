/*
 * jwtcraft.h - tokens made by hand for the JWT tests: base64url, the
 * stack's own private key and a key it has never seen, and ES256
 * signatures (R || S) over any header and payload text, so a test can
 * say exactly what a token holds, right or wrong.
 *
 * Every function asserts (cmocka) on failure; every char * returned is
 * malloc'd and the caller frees it.  The keys are cached until
 * craft_done().
 */
#ifndef JIUGAI_TEST_JWTCRAFT_H
#define JIUGAI_TEST_JWTCRAFT_H

#include <stddef.h>

#include <openssl/evp.h>

/* base64url without padding of p[0..len). */
char		*craft_b64url(const unsigned char *p, size_t len);
/* The same for the NUL-terminated s. */
char		*craft_b64s(const char *s);

/* The stack's own signing key (CONF_KEY_PRIVATE); owned by the cache. */
EVP_PKEY	*craft_our_key(void);
/* A fresh EC P-256 key the stack has never seen; owned by the cache. */
EVP_PKEY	*craft_other_key(void);

/* The raw ES256 signature (R || S, 64 bytes) of in by key. */
void		 craft_es256(const char *in, EVP_PKEY *key, unsigned char raw[64]);
/* header.payload, base64url-encoded. */
char		*craft_signing_input(const char *header, const char *payload);
/* in + "." + the base64url of sig[0..siglen). */
char		*craft_with_sig(const char *in, const unsigned char *sig,
		    size_t siglen);
/* A token: header and payload (JSON text) signed ES256 with key. */
char		*craft_forge(const char *header, const char *payload, EVP_PKEY *key);

/* Free the cached keys. */
void		 craft_done(void);

#endif
