/*
 * urlenc.c - query strings and form bodies.
 *
 * Everything a client percent-encodes is decoded here once, strictly:
 * a bad escape, a NUL or invalid UTF-8 refuses the whole string rather
 * than passing a guess to the handlers.
 */
#include <limits.h>
#include <string.h>

#include "jscan.h"
#include "urlenc.h"

static int
hexval(unsigned char c)
{

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode in[0..len) into out, or only validate it when out is NULL
 * (values of parameters nobody asked for must still be well formed).
 * Returns the decoded length or -1.
 */
static long
decode(const char *in, size_t len, char *out, size_t outsz, int plus)
{
	struct jscan_utf8 u = JSCAN_UTF8_INIT;
	size_t		 i, n = 0;
	int		 hi, lo;
	unsigned char	 c;

	if ((in == NULL && len > 0) || (out != NULL && outsz == 0) ||
	    len > LONG_MAX)
		return -1;
	for (i = 0; i < len; i++, n++) {
		c = (unsigned char)in[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (hi = hexval((unsigned char)in[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)in[i + 2])) < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c == '\0' || jscan_utf8_feed(&u, c) == -1)
			return -1;
		if (out != NULL) {
			if (n + 1 >= outsz)
				return -1;
			out[n] = (char)c;
		}
	}
	if (u.need > 0)
		return -1;
	if (out != NULL)
		out[n] = '\0';
	return (long)n;
}

/* Decode into out or fail with out emptied; see urlenc.h. */
long
url_decode(const char *in, size_t len, char *out, size_t outsz, int plus)
{
	long	 n;

	if (out == NULL || outsz == 0)
		return -1;
	if ((n = decode(in, len, out, outsz, plus)) == -1)
		out[0] = '\0';
	return n;
}

/* One "key=value" of a query string, undecoded. */
struct qpair {
	const char	*key, *val;
	size_t		 klen, vlen;
};

/*
 * Split the next pair off *cur, which becomes NULL after the last one,
 * so that a trailing "&" yields an (empty, malformed) pair too.
 */
static int
qs_next(const char **cur, struct qpair *p)
{
	const char	*s = *cur, *end, *eq;

	if (s == NULL)
		return 0;
	if ((end = strchr(s, '&')) != NULL)
		*cur = end + 1;
	else {
		end = s + strlen(s);
		*cur = NULL;
	}
	eq = memchr(s, '=', (size_t)(end - s));
	p->key = s;
	p->klen = (size_t)((eq != NULL ? eq : end) - s);
	p->val = eq != NULL ? eq + 1 : end;
	p->vlen = (size_t)(end - p->val);
	return 1;
}

/* Start a walk: no pairs at all in a NULL or empty string. */
static const char *
qs_start(const char *qs)
{

	return qs != NULL && *qs != '\0' ? qs : NULL;
}

/* Decode a pair's key; an empty or overlong key is malformed. */
static int
key_decode(const struct qpair *p, char key[QS_KEYMAX + 1])
{

	return decode(p->key, p->klen, key, QS_KEYMAX + 1, 1) > 0 ? 0 : -1;
}

/*
 * Look name up, checking the whole string; see urlenc.h.  Two equal
 * names are refused rather than picking one: a proxy or framework in
 * front of us may pick the other (parameter pollution).
 */
int
query_get(const char *qs, const char *name, char *out, size_t outsz)
{
	const char	*cur = qs_start(qs);
	struct qpair	 p;
	char		 key[QS_KEYMAX + 1];
	int		 found = 0;

	if (out == NULL || outsz == 0)
		return -1;
	out[0] = '\0';
	if (name == NULL)
		return -1;
	while (qs_next(&cur, &p)) {
		if (key_decode(&p, key) == -1)
			goto bad;
		if (strcmp(key, name) != 0) {
			if (decode(p.val, p.vlen, NULL, 0, 1) == -1)
				goto bad;
		} else if (found++ ||
		    decode(p.val, p.vlen, out, outsz, 1) == -1)
			goto bad;
	}
	return found;
bad:
	out[0] = '\0';
	return -1;
}

/*
 * Every value of name: one pass to check the string, one to call fn, so
 * that a caller never acts on the first values of a string that turns
 * out to be malformed further on.  See urlenc.h.
 */
int
query_each(const char *qs, const char *name, char *out, size_t outsz,
    int (*fn)(const char *, void *), void *arg)
{
	const char	*cur;
	struct qpair	 p;
	char		 key[QS_KEYMAX + 1];
	int		 n = 0, pass;

	if (out == NULL || outsz == 0 || name == NULL || fn == NULL)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		cur = qs_start(qs);
		while (qs_next(&cur, &p)) {
			if (key_decode(&p, key) == -1)
				goto bad;
			if (strcmp(key, name) != 0) {
				if (pass == 0 &&
				    decode(p.val, p.vlen, NULL, 0, 1) == -1)
					goto bad;
				continue;
			}
			if (decode(p.val, p.vlen, out, outsz, 1) == -1)
				goto bad;
			if (pass == 1) {
				if (fn(out, arg) == -1)
					goto bad;
				n++;
			}
		}
	}
	out[0] = '\0';
	return n;
bad:
	out[0] = '\0';
	return -1;
}

/* Copy the NUL-terminated src into dst, cut at a character boundary. */
static void
copy_utf8(char *dst, size_t dstsz, const char *src)
{
	size_t	 n, len = strlen(src);

	if (dst == NULL || dstsz == 0)
		return;
	n = len < dstsz - 1 ? len : dstsz - 1;
	if (n < len)
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Refuse unknown or malformed parameters; *bad is the first unknown
 * key, or "" for a malformed string.  See urlenc.h.
 */
int
query_only(const char *qs, const char *const *names, size_t n,
    char *bad, size_t badsz)
{
	const char	*cur = qs_start(qs);
	struct qpair	 p;
	char		 key[QS_KEYMAX + 1];
	size_t		 i;

	copy_utf8(bad, badsz, "");
	while (qs_next(&cur, &p)) {
		if (key_decode(&p, key) == -1 ||
		    decode(p.val, p.vlen, NULL, 0, 1) == -1)
			return 0;
		for (i = 0; i < n; i++)
			if (names[i] != NULL && strcmp(key, names[i]) == 0)
				break;
		if (i == n) {
			copy_utf8(bad, badsz, key);
			return 0;
		}
	}
	return 1;
}

static int
unreserved(unsigned char c)
{

	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

/*
 * Encode for a URL component, or fail with out emptied; reserved
 * characters are always escaped so that a value never splits a query.
 */
long
url_encode(const char *s, char *out, size_t outsz)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	size_t			 n = 0;

	if (out == NULL || outsz == 0)
		return -1;
	if (s == NULL)
		goto over;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (unreserved(*p)) {
			if (n + 1 >= outsz)
				goto over;
			out[n++] = (char)*p;
		} else {
			if (n + 3 >= outsz)
				goto over;
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 0xf];
		}
	}
	out[n] = '\0';
	return (long)n;
over:
	out[0] = '\0';
	return -1;
}
