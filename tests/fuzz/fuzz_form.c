/*
 * fuzz_form.c - application/x-www-form-urlencoded bodies (app/urlenc.c
 * with plus = 1): url_decode against its model and against the same
 * text with every '+' spelled "%20", and query_get over a whole body
 * for the fields a web form posts, against lib/urlref.c.
 *
 * Input: the raw body.  A form body is read up to its first NUL (the
 * product refuses a NUL anyway).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "urlenc.h"
#include "urlref.h"

/* Fields the web forms post (csrf and nonce: one-time tokens). */
static const char *const fields[] = {
	"csrf", "nonce", "action", "decision", "comment", "expected_version",
	"name", "password", "kind", "estimate_yuan",
};
#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))

/* url_decode(plus = 1) equals url_decode(plus = 0) of "+" as "%20". */
static void
check_plus(const uint8_t *data, size_t size)
{
	const char	*in = (const char *)data;
	char		*spelled, *a, *b, *ref;
	size_t		 i, n = 0;
	long		 ra, rb;

	spelled = malloc(size * 3 + 1);
	a = malloc(size + 1);
	b = malloc(size + 1);
	FUZZ_CHECK(spelled != NULL && a != NULL && b != NULL);
	for (i = 0; i < size; i++) {
		if (in[i] == '+') {
			memcpy(spelled + n, "%20", 3);
			n += 3;
		} else
			spelled[n++] = in[i];
	}
	ra = url_decode(in, size, a, size + 1, 1);
	rb = url_decode(spelled, n, b, size + 1, 0);
	FUZZ_CHECK(ra == rb);
	FUZZ_CHECK(ra == ref_decode(in, size, 1, &ref));
	if (ra >= 0) {
		FUZZ_CHECK(memcmp(a, b, (size_t)ra + 1) == 0);
		FUZZ_CHECK(memcmp(a, ref, (size_t)ra + 1) == 0);
		/* No '+' is left when plus is 1, unless it was escaped. */
		if (memchr(in, '%', size) == NULL)
			FUZZ_CHECK(memchr(a, '+', (size_t)ra) == NULL);
	} else
		FUZZ_CHECK(a[0] == '\0' && b[0] == '\0');
	free(ref);
	free(spelled);
	free(a);
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*body, out[2048], ref[2048];
	size_t	 i;
	int	 r;

	check_plus(data, size);
	body = fuzz_cstr(data, size);
	for (i = 0; i < NFIELDS; i++) {
		memset(out, 'X', sizeof(out));
		r = query_get(body, fields[i], out, sizeof(out));
		FUZZ_CHECK(r == ref_query_get(body, fields[i], ref, sizeof(ref)));
		if (r == 1)
			FUZZ_CHECK(strcmp(out, ref) == 0 &&
			    fuzz_utf8(out, strlen(out)));
		else
			FUZZ_CHECK(out[0] == '\0');
	}
	free(body);
	return 0;
}
