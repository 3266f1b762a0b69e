/*
 * cookie.c - the Cookie request header (RFC 6265 §4.2.1, §5.4).
 *
 * Browsers send "a=1; b=2": pairs separated by exactly "; ".  The
 * header is walked once, whichever cookie is asked for, so that a
 * malformed header or a control character is refused as a whole rather
 * than half read.  Only the wanted cookie's value is held to the
 * RFC's cookie-octets; see cookie.h for why the others are not.
 */
#include <string.h>

#include "cookie.h"

/* RFC 7230 §3.2.6 tchar: visible ASCII except the delimiters. */
static int
tchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("\"(),/:;<=>?@[\\]{}", c) == NULL;
}

/* RFC 6265 §4.1.1 cookie-octet. */
static int
cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

static int
is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* Whether s is a non-empty token. */
static int
token(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!tchar((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * Copy the wanted value v[0..len) into out: cookie-octets, optionally
 * in DQUOTEs, which are dropped.  -1 when it is no cookie-value or does
 * not fit with its NUL.
 */
static int
value_copy(const char *v, size_t len, char *out, size_t outsz)
{
	size_t	 i;

	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		v++;
		len -= 2;
	}
	for (i = 0; i < len; i++)
		if (!cookie_octet((unsigned char)v[i]))
			return -1;
	if (len >= outsz)
		return -1;
	memcpy(out, v, len);
	out[len] = '\0';
	return 0;
}

/* Find the cookie name in header; contract in cookie.h. */
int
cookie_get(const char *header, const char *name, char *out, size_t outsz)
{
	const char	*p, *q, *e;
	size_t		 namelen;
	int		 found = 0;

	if (out == NULL || outsz == 0)
		return -1;
	out[0] = '\0';
	if (name == NULL || !token(name))
		return -1;
	if (header == NULL || *header == '\0')
		return 0;
	namelen = strlen(name);
	for (p = header;;) {
		for (q = p; tchar((unsigned char)*q); q++)
			continue;
		if (q == p || *q != '=')
			goto bad;
		for (e = q + 1; *e != '\0' && *e != ';'; e++)
			if (is_ctl((unsigned char)*e))
				goto bad;
		if ((size_t)(q - p) == namelen && memcmp(p, name, namelen) == 0 &&
		    (found++ ||
		    value_copy(q + 1, (size_t)(e - q - 1), out, outsz) == -1))
			goto bad;
		if (*e == '\0')
			return found;
		/* "; " exactly, and another pair after it. */
		if (e[1] != ' ')
			goto bad;
		p = e + 2;
	}
bad:
	out[0] = '\0';
	return -1;
}
