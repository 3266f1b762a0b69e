/*
 * auth_keys.c - loading and releasing the ES256 signing keys (PEM files).
 *
 * Both keys must be unencrypted EC P-256 keys; the private key, when
 * given, must match the public one.  A key file under 32 bytes is
 * refused (SECURITY.md: no trivially short secrets).
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

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "auth.h"

#define KEY_FILE_MIN	32	/* shorter cannot be a PEM key */
#define KEY_FILE_MAX	65536

/*
 * Out of memory: log and abort, as the rest of the product does.
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
	if (!auth_clean_str(src, sz, 0)) {
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
