/*
 * urlref.h - a second, deliberately plain reading of urlenc.h's
 * contracts, for the harnesses to compare app/urlenc.c against.  Slow
 * and simple on purpose: two passes, no shared code with urlenc.c.
 */
#ifndef JIUGAI_URLREF_H
#define JIUGAI_URLREF_H

#include <stddef.h>

/*
 * Percent-decode in[0..len) (plus: '+' is a space) into a malloc'd
 * buffer *out (NUL-terminated, freed by the caller, NULL on failure),
 * then refuse a NUL byte or invalid UTF-8.  Returns the decoded length
 * or -1.
 */
long	ref_decode(const char *in, size_t len, int plus, char **out);

/*
 * query_get() as urlenc.h states it: 1 with the value in out, 0 when
 * absent, -1 when malformed, repeated or too long for outsz.
 */
int	ref_query_get(const char *qs, const char *name, char *out,
	    size_t outsz);

/*
 * query_only() as urlenc.h states it, except that bad receives the
 * whole first unknown key, uncut (badsz must be large enough: it is
 * at most QS_KEYMAX bytes).
 */
int	ref_query_only(const char *qs, const char *const *names, size_t n,
	    char *bad, size_t badsz);

#endif
