/*
 * urlref.c - the reference model of urlref.h.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "urlenc.h"
#include "urlref.h"

static int
hex(char c)
{
	const char	*d = "0123456789abcdef", *p;

	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	if (c == '\0' || (p = strchr(d, c)) == NULL)
		return -1;
	return (int)(p - d);
}

long
ref_decode(const char *in, size_t len, int plus, char **out)
{
	char	*o;
	size_t	 i, n = 0;

	*out = NULL;
	if ((o = malloc(len + 1)) == NULL)
		abort();
	for (i = 0; i < len; i++) {
		if (in[i] == '%') {
			if (len - i < 3 || hex(in[i + 1]) < 0 ||
			    hex(in[i + 2]) < 0) {
				free(o);
				return -1;
			}
			o[n++] = (char)(hex(in[i + 1]) * 16 + hex(in[i + 2]));
			i += 2;
		} else if (plus && in[i] == '+')
			o[n++] = ' ';
		else
			o[n++] = in[i];
	}
	o[n] = '\0';
	if (memchr(o, '\0', n) != NULL || !fuzz_utf8(o, n)) {
		free(o);
		return -1;
	}
	*out = o;
	return (long)n;
}

/*
 * The pairs of qs, in order: *key gets the decoded key (malloc'd), and
 * *val and *vlen the undecoded value.  Returns 1 per pair, 0 at the end,
 * -1 for a malformed pair.  *pos walks the string; start it at 0.
 */
static int
pair(const char *qs, size_t *pos, char **key, const char **val,
    size_t *vlen)
{
	size_t	 len = strlen(qs), start = *pos, end, eq;
	char	*v;
	long	 klen;

	if (*pos > len)
		return 0;
	for (end = start; end < len && qs[end] != '&'; end++)
		continue;
	for (eq = start; eq < end && qs[eq] != '='; eq++)
		continue;
	*pos = end + 1;
	*key = NULL;
	klen = ref_decode(qs + start, eq - start, 1, key);
	if (klen <= 0 || klen > QS_KEYMAX) {
		free(*key);
		*key = NULL;
		return -1;
	}
	*val = eq < end ? qs + eq + 1 : qs + end;
	*vlen = (size_t)(qs + end - *val);
	if (ref_decode(*val, *vlen, 1, &v) < 0) {
		free(*key);
		*key = NULL;
		return -1;
	}
	free(v);
	return 1;
}

int
ref_query_get(const char *qs, const char *name, char *out, size_t outsz)
{
	const char	*val, *hit = NULL;
	char		*key, *v;
	size_t		 pos = 0, vlen, hitlen = 0;
	int		 rc, found = 0;
	long		 n;

	out[0] = '\0';
	if (qs == NULL || *qs == '\0')
		return 0;
	while ((rc = pair(qs, &pos, &key, &val, &vlen)) == 1) {
		if (strcmp(key, name) == 0) {
			found++;
			hit = val;
			hitlen = vlen;
		}
		free(key);
	}
	if (rc == -1 || found > 1)
		return -1;
	if (found == 0)
		return 0;
	n = ref_decode(hit, hitlen, 1, &v);
	if (n < 0 || (size_t)n + 1 > outsz) {
		free(v);
		return -1;
	}
	memcpy(out, v, (size_t)n + 1);
	free(v);
	return 1;
}

int
ref_query_only(const char *qs, const char *const *names, size_t n,
    char *bad, size_t badsz)
{
	const char	*val;
	char		*key;
	size_t		 pos = 0, vlen, i;
	int		 rc;

	bad[0] = '\0';
	if (qs == NULL || *qs == '\0')
		return 1;
	while ((rc = pair(qs, &pos, &key, &val, &vlen)) == 1) {
		for (i = 0; i < n; i++)
			if (names[i] != NULL && strcmp(key, names[i]) == 0)
				break;
		if (i == n) {
			if (strlen(key) < badsz)
				strcpy(bad, key);
			free(key);
			return 0;
		}
		free(key);
	}
	return rc == -1 ? 0 : 1;
}
