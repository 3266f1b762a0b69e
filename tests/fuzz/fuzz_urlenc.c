/*
 * fuzz_urlenc.c - query strings (app/urlenc.c): url_decode, url_encode,
 * query_get, query_each and query_only, each against its contract in
 * urlenc.h and against the plain reference model of lib/urlref.c (or,
 * for query_each, against query_get).
 *
 * Input: the raw bytes, decoded as a URL component, then the same bytes
 * up to their first NUL as a QUERY_STRING.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "urlenc.h"
#include "urlref.h"

/* The parameters the API's list route takes, and a stranger. */
static const char *const names[] = {
	"county", "stage", "q", "limit", "after", "lang",
};
#define NNAMES	(sizeof(names) / sizeof(names[0]))

/* url_decode() with a buffer that fits, one that may not, and the model. */
static void
check_decode(const uint8_t *data, size_t size)
{
	const char	*in = (const char *)data;
	char		*out, *ref, *enc, *dec, small[8];
	size_t		 smallsz = size > 0 ? (size_t)data[0] % sizeof(small) + 1 : 1;
	long		 r, rs, rr, e;
	size_t		 i;

	out = malloc(size + 1);
	FUZZ_CHECK(out != NULL);
	r = url_decode(in, size, out, size + 1, 0);
	rr = ref_decode(in, size, 0, &ref);
	FUZZ_CHECK(r == rr);
	if (r < 0)
		FUZZ_CHECK(out[0] == '\0');
	else {
		FUZZ_CHECK((size_t)r <= size && strlen(out) == (size_t)r);
		FUZZ_CHECK(memcmp(out, ref, (size_t)r + 1) == 0);
	}
	rs = url_decode(in, size, small, smallsz, 0);
	if (r >= 0 && (size_t)r < smallsz)
		FUZZ_CHECK(rs == r && memcmp(small, out, (size_t)r + 1) == 0);
	else
		FUZZ_CHECK(rs == -1 && small[0] == '\0');

	/* Encoding what decoded gives it back; a short buffer refuses. */
	if (r >= 0) {
		enc = malloc((size_t)r * 3 + 1);
		dec = malloc((size_t)r + 1);
		FUZZ_CHECK(enc != NULL && dec != NULL);
		e = url_encode(out, enc, (size_t)r * 3 + 1);
		FUZZ_CHECK(e >= r && strlen(enc) == (size_t)e);
		for (i = 0; i < (size_t)e; i++)
			FUZZ_CHECK(strchr("&=+ ?#/", enc[i]) == NULL);
		FUZZ_CHECK(url_decode(enc, (size_t)e, dec, (size_t)r + 1, 0) == r);
		FUZZ_CHECK(memcmp(dec, out, (size_t)r + 1) == 0);
		if (e > 0)
			FUZZ_CHECK(url_encode(out, enc, (size_t)e) == -1 &&
			    enc[0] == '\0');
		free(enc);
		free(dec);
	}
	free(ref);
	free(out);
}

/* query_get() for one name, with a roomy and a tight buffer. */
static void
check_get(const char *qs, const char *name)
{
	char	 out[256], ref[256], tight[4];
	int	 r;

	memset(out, 'X', sizeof(out));
	r = query_get(qs, name, out, sizeof(out));
	FUZZ_CHECK(r == ref_query_get(qs, name, ref, sizeof(ref)));
	if (r == 1) {
		FUZZ_CHECK(strcmp(out, ref) == 0);
		FUZZ_CHECK(fuzz_utf8(out, strlen(out)));
	} else
		FUZZ_CHECK(out[0] == '\0');
	r = query_get(qs, name, tight, sizeof(tight));
	FUZZ_CHECK(r == ref_query_get(qs, name, ref, sizeof(tight)));
	FUZZ_CHECK(r == 1 ? strcmp(tight, ref) == 0 : tight[0] == '\0');
}

/* What query_each's callback saw. */
struct each {
	int	 calls;
	char	 first[256];
};

static int
each_cb(const char *v, void *arg)
{
	struct each	*e = arg;

	FUZZ_CHECK(fuzz_utf8(v, strlen(v)));
	if (e->calls++ == 0)
		memcpy(e->first, v, strlen(v) + 1);
	return 0;
}

/*
 * query_each() agrees with query_get() where both answer, and calls
 * nothing at all for a string it refuses.
 */
static void
check_each(const char *qs, const char *name)
{
	struct each	 e;
	char		 out[256], got[256];
	int		 r, g;

	memset(&e, 0, sizeof(e));
	r = query_each(qs, name, out, sizeof(out), each_cb, &e);
	g = query_get(qs, name, got, sizeof(got));
	FUZZ_CHECK(out[0] == '\0');
	if (r < 0)
		FUZZ_CHECK(e.calls == 0 && g == -1);
	else
		FUZZ_CHECK(e.calls == r);
	if (g == 0)
		FUZZ_CHECK(r == 0);
	if (g == 1)
		FUZZ_CHECK(r == 1 && strcmp(e.first, got) == 0);
}

static void
check_only(const char *qs, size_t n)
{
	char	 bad[16], ref[QS_KEYMAX + 1];
	int	 r;

	memset(bad, 'X', sizeof(bad));
	r = query_only(qs, names, n, bad, sizeof(bad));
	FUZZ_CHECK(r == ref_query_only(qs, names, n, ref, sizeof(ref)));
	/* bad is the first unknown key, cut on a character boundary. */
	FUZZ_CHECK(strlen(bad) < sizeof(bad));
	FUZZ_CHECK(strncmp(bad, ref, strlen(bad)) == 0);
	FUZZ_CHECK(fuzz_utf8(bad, strlen(bad)));
	FUZZ_CHECK(strlen(bad) == strlen(ref) || strlen(bad) + 4 > sizeof(bad) - 1);
	if (r == 1)
		FUZZ_CHECK(bad[0] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*qs, first[QS_KEYMAX + 1], *ref;
	size_t		 i, klen;
	long		 n;

	check_decode(data, size);
	qs = fuzz_cstr(data, size);
	for (i = 0; i < NNAMES; i++) {
		check_get(qs, names[i]);
		check_each(qs, names[i]);
	}
	/* The first key, so that found, repeated and too-long values occur. */
	klen = strcspn(qs, "=&");
	n = ref_decode(qs, klen, 1, &ref);
	if (n > 0 && n <= QS_KEYMAX) {
		memcpy(first, ref, (size_t)n + 1);
		check_get(qs, first);
		check_each(qs, first);
	}
	free(ref);
	check_only(qs, NNAMES);
	check_only(qs, 0);
	free(qs);
	return 0;
}
