/*
 * cookie.h - reading one cookie from a Cookie request header (RFC 6265).
 */
#ifndef JIUGAI_COOKIE_H
#define JIUGAI_COOKIE_H

#include <stddef.h>

/*
 * Find the cookie name in header, the value of a Cookie request header
 * (HTTP_COOKIE; NULL or "" has no cookies).  The header must have the
 * shape a user agent sends (RFC 6265 §4.2.1, §5.4): "name=value" pairs
 * separated by exactly "; ", every name a token (RFC 7230 §3.2.6), and
 * no control character (C0 or DEL) anywhere.  The wanted cookie's value
 * must be cookie-octets (§4.1.1: printable ASCII except space, DQUOTE,
 * comma, semicolon and backslash), optionally inside one pair of
 * DQUOTEs, which are removed.  Other cookies' values are only checked
 * for control characters and ';': another application on the same host
 * may set values browsers pass although the RFC forbids them.
 * Returns 1 with the value in out (NUL-terminated), 0 when name is
 * absent (out holds ""), or -1 (out holds "" when outsz > 0) when the
 * header is malformed, name appears twice (a cookie "tossed" in by a
 * sibling subdomain or another path must not be picked at random), the
 * value is not cookie-octets, the value and its NUL do not fit in
 * outsz, name is not a token, or out is NULL or outsz 0.
 * Callers treat -1 as no session at all (HTTP 401), never as a guess.
 */
int	cookie_get(const char *header, const char *name, char *out,
	    size_t outsz);

#endif
