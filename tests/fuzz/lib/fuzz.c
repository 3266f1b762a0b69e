/*
 * fuzz.c - helpers of the fuzz harnesses: checks, strings, and an ES256
 * key pair to sign tokens with (see fuzz.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "fuzz.h"

static EVP_PKEY	*pkeys[2];

int
fuzz_verbose(void)
{
	static int	 v = -1;

	if (v == -1)
		v = getenv("FUZZ_VERBOSE") != NULL;
	return v;
}

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: contract broken: %s\n", file, line, what);
	abort();
}

static void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		abort();
	return p;
}

char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	const uint8_t	*nul = memchr(data, '\0', size);
	size_t		 n = nul != NULL ? (size_t)(nul - data) : size;
	char		*s = xmalloc(n + 1);

	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* RFC 3629 §4, written out independently of the product's automata. */
int
fuzz_utf8(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	unsigned long		 cp;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = p[i] & 0x1f;
		} else if ((p[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = p[i] & 0x0f;
		} else if ((p[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = p[i] & 0x07;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

static unsigned char *
pem_of(EVP_PKEY *pkey, int priv, size_t *len)
{
	BIO		*b;
	char		*p;
	long		 n;
	unsigned char	*out;

	if ((b = BIO_new(BIO_s_mem())) == NULL)
		abort();
	if ((priv ? PEM_write_bio_PrivateKey(b, pkey, NULL, NULL, 0, NULL,
	    NULL) : PEM_write_bio_PUBKEY(b, pkey)) != 1)
		abort();
	if ((n = BIO_get_mem_data(b, &p)) <= 0)
		abort();
	out = xmalloc((size_t)n + 1);
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	BIO_free(b);
	return out;
}

void
fuzz_keys(struct auth_keys *k, int which)
{
	EVP_PKEY	**pk = &pkeys[which != 0];

	if (*pk == NULL &&
	    (*pk = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) == NULL)
		abort();
	memset(k, 0, sizeof(*k));
	k->pub = pem_of(*pk, 0, &k->publen);
	k->priv = pem_of(*pk, 1, &k->privlen);
	strcpy(k->iss, "jiugai");
	strcpy(k->aud, "jiugai");
	k->leeway = 30;
	k->max_ttl = 86400;
}

/* base64url without padding; out has room for n * 4 / 3 + 4 bytes. */
static size_t
b64u(const unsigned char *in, size_t n, char *out)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t			 i, o = 0;
	unsigned long		 v = 0;
	int			 bits = 0;

	for (i = 0; i < n; i++) {
		v = (v << 8 | in[i]) & 0xffff;
		bits += 8;
		while (bits >= 6) {
			bits -= 6;
			out[o++] = a[(v >> bits) & 63];
		}
	}
	if (bits > 0)
		out[o++] = a[(v << (6 - bits)) & 63];
	out[o] = '\0';
	return o;
}

char *
fuzz_sign(int which, const char *hdr, size_t hlen, const char *pl,
    size_t plen)
{
	EVP_PKEY		*pk = pkeys[which != 0];
	unsigned char		 der[128], raw[64];
	const unsigned char	*q = der;
	size_t			 derlen = sizeof(der), n;
	char			*tok;
	EVP_MD_CTX		*md;
	ECDSA_SIG		*es;

	if (pk == NULL)
		abort();
	tok = xmalloc(hlen * 4 / 3 + plen * 4 / 3 + 128);
	n = b64u((const unsigned char *)hdr, hlen, tok);
	tok[n++] = '.';
	n += b64u((const unsigned char *)pl, plen, tok + n);
	if ((md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, pk) != 1 ||
	    EVP_DigestSign(md, der, &derlen, (unsigned char *)tok, n) != 1)
		abort();
	EVP_MD_CTX_free(md);
	/* JWS wants R || S (RFC 7518 §3.4), OpenSSL gives DER. */
	if ((es = d2i_ECDSA_SIG(NULL, &q, (long)derlen)) == NULL ||
	    BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32) != 32 ||
	    BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32) != 32)
		abort();
	ECDSA_SIG_free(es);
	tok[n++] = '.';
	b64u(raw, sizeof(raw), tok + n);
	return tok;
}
