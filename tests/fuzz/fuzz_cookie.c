/*
 * fuzz_cookie.c - the Cookie request header (app/cookie.c): cookie_get
 * against its contract in cookie.h and against a plain second reading
 * of it below (split on ';', then on the first '=').
 *
 * Input: the header, up to its first NUL (a FastCGI parameter is a C
 * string).
 */
#include <stdlib.h>
#include <string.h>

#include "cookie.h"
#include "fuzz.h"

static int
is_tchar(unsigned char c)
{
	return c > 32 && c < 127 && !strchr("\"(),/:;<=>?@[\\]{}", c);
}

static int
is_octet(unsigned char c)
{
	return c > 32 && c < 127 && c != '"' && c != ',' && c != ';' &&
	    c != '\\';
}

/* The model: the contract of cookie.h, read literally. */
static int
ref_cookie(const char *h, const char *name, char *out, size_t outsz)
{
	const char	*seg, *semi, *eq, *hit = NULL, *p;
	size_t		 hitlen = 0, i, nlen;
	int		 found = 0;

	out[0] = '\0';
	for (p = name; *p != '\0'; p++)
		if (!is_tchar((unsigned char)*p))
			return -1;
	if (*name == '\0')
		return -1;
	if (h == NULL || *h == '\0')
		return 0;
	for (p = h; *p != '\0'; p++)
		if ((unsigned char)*p < 32 || *p == 127)
			return -1;
	for (seg = h;; seg = semi + 2) {
		semi = strchr(seg, ';');
		if (semi != NULL && semi[1] != ' ')
			return -1;
		eq = strchr(seg, '=');
		if (eq == NULL || (semi != NULL && eq > semi) || eq == seg)
			return -1;
		for (p = seg; p < eq; p++)
			if (!is_tchar((unsigned char)*p))
				return -1;
		nlen = (size_t)(eq - seg);
		if (nlen == strlen(name) && strncmp(seg, name, nlen) == 0) {
			found++;
			hit = eq + 1;
			hitlen = semi != NULL ? (size_t)(semi - hit) : strlen(hit);
		}
		if (semi == NULL)
			break;
	}
	if (found != 1)
		return found == 0 ? 0 : -1;
	if (hitlen >= 2 && hit[0] == '"' && hit[hitlen - 1] == '"') {
		hit++;
		hitlen -= 2;
	}
	for (i = 0; i < hitlen; i++)
		if (!is_octet((unsigned char)hit[i]))
			return -1;
	if (hitlen + 1 > outsz)
		return -1;
	memcpy(out, hit, hitlen);
	out[hitlen] = '\0';
	return 1;
}

static void
check(const char *h, const char *name, size_t outsz)
{
	char	 out[512], ref[512];
	size_t	 i;
	int	 r;

	memset(out, 'X', sizeof(out));
	r = cookie_get(h, name, out, outsz);
	FUZZ_CHECK(r == ref_cookie(h, name, ref, outsz));
	if (r == 1) {
		FUZZ_CHECK(strlen(out) < outsz && strcmp(out, ref) == 0);
		for (i = 0; out[i] != '\0'; i++)
			FUZZ_CHECK(is_octet((unsigned char)out[i]));
	} else
		FUZZ_CHECK(out[0] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*h, name[64];
	size_t	 n;

	h = fuzz_cstr(data, size);
	check(h, "jiugai_token", 512);
	check(h, "sid", 512);
	check(h, "sid", 5);
	/* The first name of the header, whatever it is. */
	n = strcspn(h, "=; ");
	if (n > 0 && n < sizeof(name)) {
		memcpy(name, h, n);
		name[n] = '\0';
		check(h, name, 512);
		check(h, name, 1 + size % 16);
	}
	free(h);
	return 0;
}
