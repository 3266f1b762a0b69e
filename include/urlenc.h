/*
 * urlenc.h - query strings and application/x-www-form-urlencoded
 * bodies.  Decoded text is always valid UTF-8 without NUL bytes;
 * control characters such as a textarea's CR LF pass, for the field
 * validators to judge.
 */
#ifndef JIUGAI_URLENC_H
#define JIUGAI_URLENC_H

#include <stddef.h>

/* Longest parameter name, decoded; a longer one makes the string malformed. */
#define QS_KEYMAX	64

/*
 * Percent-decode in[0..len) into out (outsz bytes, NUL-terminated),
 * turning '+' into a space when plus is 1 (form encoding).
 * Returns the decoded length, or -1 (out then holds "" when outsz > 0)
 * on a bad or truncated %xx, a %00 or raw NUL, invalid or overlong
 * UTF-8, or when the result and its NUL do not fit in outsz.
 */
long	url_decode(const char *in, size_t len, char *out, size_t outsz, int plus);

/*
 * Find name in a query string or form body "a=1&b=2" (qs may be NULL
 * or "").  A pair without "=" has the empty value.  The whole string
 * is checked, whichever name is asked for: every pair must decode,
 * and no key may be empty ("a=1&&b=2", "=1") or longer than QS_KEYMAX.
 * Returns 1 with the decoded value in out, 0 when name is absent (out
 * holds ""), -1 when the string is malformed, name appears twice, or
 * the value does not fit outsz.  HTTP: 400 bad_request.
 */
int	query_get(const char *qs, const char *name, char *out, size_t outsz);

/*
 * Every value of name, for the one place a name may repeat: checkboxes
 * sharing a name ("item=3&item=7").  The whole string is checked first,
 * as query_get() does, so nothing is called for a malformed one; then
 * fn(value, arg) is called for each value of name in order, decoded
 * into out (outsz bytes).  Returns how many there were (0: none), or -1
 * when the string is malformed, a value does not fit outsz, or fn
 * returned -1, which stops the walk.
 */
int	query_each(const char *qs, const char *name, char *out, size_t outsz,
	    int (*fn)(const char *value, void *arg), void *arg);

/*
 * Refuse unknown parameters: returns 1 when every key of qs is one of
 * names[0..n).  Otherwise returns 0 and copies into bad (badsz bytes,
 * NUL-terminated, cut on a character boundary) the first unknown key,
 * decoded, or the empty string when qs is malformed (see query_get):
 * a well-formed key is never empty.  HTTP: 400 bad_request.
 */
int	query_only(const char *qs, const char *const *names, size_t n,
	    char *bad, size_t badsz);

/*
 * Percent-encode the NUL-terminated s for a URL component: every byte
 * except A-Z a-z 0-9 - . _ ~ (RFC 3986 unreserved) becomes %XX.
 * Returns the length written to out (NUL-terminated), or -1 (out then
 * holds "" when outsz > 0) when it does not fit.
 */
long	url_encode(const char *s, char *out, size_t outsz);

#endif
