/*
 * jscan.c - RFC 8259 scanner and duplicate-key finder (contracts in
 * jscan.h).
 *
 * json-c 0.16 is lenient even with JSON_TOKENER_STRICT: it takes
 * NaN, Infinity and 1. as numbers, single-quoted keys, raw control
 * characters inside strings, overlong and surrogate UTF-8 (its
 * VALIDATE_UTF8 only checks the shape of sequences), turns lone
 * \uD800 escapes into U+FFFD, cuts keys at \u0000 and lets the last
 * of two equal keys win.  So a text is first checked by the small
 * scanner below, which is stricter than json-c in every case, then for
 * duplicate keys; only then does json-c build the tree (jin_parse_ex()).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"

/*
 * Feed one byte to the UTF-8 automaton (contract in jscan.h).  The
 * bounds on the first continuation byte depend on the lead byte: they
 * are what refuse overlong forms, surrogates and code points past
 * U+10FFFF.
 */
int
jscan_utf8_feed(struct jscan_utf8 *u, unsigned char c)
{

	if (u->need > 0) {
		if (c < u->lo || c > u->hi)
			return -1;
		u->need--;
		u->lo = 0x80;
		u->hi = 0xbf;
		return 0;
	}
	u->lo = 0x80;
	u->hi = 0xbf;
	if (c < 0x80)
		return 0;
	if (c >= 0xc2 && c <= 0xdf)
		u->need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		u->need = 2;
		if (c == 0xe0)
			u->lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			u->hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		u->need = 3;
		if (c == 0xf0)
			u->lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			u->hi = 0x8f;	/* past U+10FFFF */
	} else
		return -1;
	return 0;
}

/* The RFC 8259 scanner: p walks buf, never past end. */
struct scan {
	const unsigned char	*p;
	const unsigned char	*end;
	int			 depth;	/* deepest level allowed */
	unsigned		 found;	/* JSCAN_NUL_* */
};

static int	scan_value(struct scan *, int);

/* JSON whitespace is exactly these four (RFC 8259 §2); no \f, no BOM. */
int
jscan_is_ws(unsigned char c)
{

	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
scan_ws(struct scan *s)
{

	while (s->p < s->end && jscan_is_ws(*s->p))
		s->p++;
}

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

/* Four hex digits at p into *v, or -1. */
static int
hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
	int	 i, d;

	if (end - p < 4)
		return -1;
	for (*v = 0, i = 0; i < 4; i++) {
		if ((d = hexval(p[i])) < 0)
			return -1;
		*v = *v << 4 | (unsigned)d;
	}
	return 0;
}

/*
 * A \u escape, s->p just after the "u".  Surrogates must come as a
 * high-low pair (RFC 7493 §2.1): json-c would silently turn a lone
 * one into U+FFFD.  \u0000 is noted for the caller: json-c keeps it in
 * values but cuts keys there, and C strings end there.
 */
static int
scan_uescape(struct scan *s, int key)
{
	unsigned	 v, lo;

	if (hex4(s->p, s->end, &v) == -1)
		return -1;
	s->p += 4;
	if (v == 0)
		s->found |= key ? JSCAN_NUL_KEY : JSCAN_NUL_STR;
	if (v >= 0xdc00 && v <= 0xdfff)
		return -1;
	if (v < 0xd800 || v > 0xdbff)
		return 0;
	if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
	    hex4(s->p + 2, s->end, &lo) == -1 || lo < 0xdc00 || lo > 0xdfff)
		return -1;
	s->p += 6;
	return 0;
}

static int
scan_string(struct scan *s, int key)
{
	struct jscan_utf8 u = JSCAN_UTF8_INIT;
	unsigned char	 c;

	s->p++;			/* the opening quote */
	while (s->p < s->end) {
		c = *s->p++;
		if (u.need > 0 || c >= 0x80) {
			if (jscan_utf8_feed(&u, c) == -1)
				return -1;
		} else if (c == '"')
			return 0;
		else if (c < 0x20)
			return -1;	/* raw controls: json-c takes them */
		else if (c == '\\') {
			if (s->p == s->end)
				return -1;
			c = *s->p++;
			if (c == 'u') {
				if (scan_uescape(s, key) == -1)
					return -1;
			} else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0')
				return -1;
		}
	}
	return -1;
}

static int
scan_digits(struct scan *s)
{
	const unsigned char	*start = s->p;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return s->p > start ? 0 : -1;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; NaN and 1. fail. */
static int
scan_number(struct scan *s)
{

	if (s->p < s->end && *s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (scan_digits(s) == -1)
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (scan_digits(s) == -1)
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (scan_digits(s) == -1)
			return -1;
	}
	return 0;
}

static int
scan_word(struct scan *s, const char *w)
{
	size_t	 n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/* s->p at "{"; members are at depth + 1. */
static int
scan_object(struct scan *s, int depth)
{

	s->p++;
	scan_ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (s->p == s->end || *s->p != '"' || scan_string(s, 1) == -1)
			return -1;
		scan_ws(s);
		if (s->p == s->end || *s->p++ != ':')
			return -1;
		scan_ws(s);
		if (scan_value(s, depth + 1) == -1)
			return -1;
		scan_ws(s);
		if (s->p == s->end)
			return -1;
		if (*s->p == '}') {
			s->p++;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
		scan_ws(s);	/* a key must follow: no trailing comma */
	}
}

static int
scan_array(struct scan *s, int depth)
{

	s->p++;
	scan_ws(s);
	if (s->p < s->end && *s->p == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (scan_value(s, depth + 1) == -1)
			return -1;
		scan_ws(s);
		if (s->p == s->end)
			return -1;
		if (*s->p == ']') {
			s->p++;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
		scan_ws(s);
	}
}

/*
 * One value at nesting level depth (the top level is 1).  Counting
 * scalars as a level makes the limit at least as strict as json-c's
 * json_tokener_new_ex(s->depth) for arrays and objects alike, so
 * json-c never refuses what the scanner accepted.
 */
static int
scan_value(struct scan *s, int depth)
{

	if (depth > s->depth || s->p == s->end)
		return -1;
	switch (*s->p) {
	case '{':
		return scan_object(s, depth);
	case '[':
		return scan_array(s, depth);
	case '"':
		return scan_string(s, 0);
	case 't':
		return scan_word(s, "true");
	case 'f':
		return scan_word(s, "false");
	case 'n':
		return scan_word(s, "null");
	default:
		return scan_number(s);
	}
}

/*
 * Validate a whole document (contract in jscan.h): its first
 * significant byte, or -1 when it is not exactly one JSON value within
 * depth, surrounded by whitespace.
 */
int
jscan_document(const char *buf, size_t len, int depth, unsigned *found)
{
	struct scan	 s;
	int		 first;

	if (found != NULL)
		*found = 0;
	if (buf == NULL || depth < 1 || depth > JSCAN_DEPTH_MAX)
		return -1;
	s.p = (const unsigned char *)buf;
	s.end = s.p + len;
	s.depth = depth;
	s.found = 0;
	scan_ws(&s);
	if (s.p == s.end)
		return -1;
	first = *s.p;
	if (scan_value(&s, 1) == -1)
		return -1;
	scan_ws(&s);
	if (s.p != s.end)
		return -1;
	if (found != NULL)
		*found = s.found;
	return first;
}

/* Duplicate keys: every key of the text, decoded, with its object. */
struct dkey {
	size_t		 obj;	/* ordinal of its object */
	size_t		 pos;	/* offset in the text: reports the first */
	const char	*dec;	/* decoded bytes, in the scratch buffer */
	size_t		 len;
};

struct dscan {
	struct dkey	*keys;
	size_t		 nkeys, keycap;
	size_t		*stack;	/* ordinals of the open objects */
	size_t		 depth, stackcap, nobj;
	char		*scratch;	/* decoded keys, never more than the text */
	size_t		 used;
};

/*
 * Room for element n of an array p of *cap elements of sz bytes:
 * returns p, or p grown, or NULL when memory runs out (p then stays
 * valid and is still the caller's to free).
 */
static void *
grow(void *p, size_t *cap, size_t n, size_t sz)
{
	size_t	 ncap;

	if (n < *cap)
		return p;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap > SIZE_MAX / sz || (p = realloc(p, ncap * sz)) == NULL)
		return NULL;
	*cap = ncap;
	return p;
}

/* Append the UTF-8 encoding of cp to out. */
static size_t
utf8_put(char *out, unsigned long cp)
{

	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decode the escape at p (just after the backslash) into out, as
 * json-c would: a lone surrogate becomes U+FFFD.  Never writes more
 * bytes than it consumes, so out may be as long as the raw text.
 */
static size_t
key_unescape(const unsigned char **pp, const unsigned char *end, char *out)
{
	const unsigned char	*p = *pp;
	unsigned		 v, lo;
	const char		*from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
	const char		*q;

	if (p == end)
		return 0;
	if (*p != 'u' || hex4(p + 1, end, &v) == -1) {
		q = *p != '\0' ? strchr(from, *p) : NULL;
		out[0] = q != NULL ? to[q - from] : (char)*p;
		*pp = p + 1;
		return 1;
	}
	p += 5;
	if (v >= 0xd800 && v <= 0xdbff && end - p >= 6 && p[0] == '\\' &&
	    p[1] == 'u' && hex4(p + 2, end, &lo) == 0 &&
	    lo >= 0xdc00 && lo <= 0xdfff) {
		v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
		p += 6;
	} else if (v >= 0xd800 && v <= 0xdfff)
		v = 0xfffd;
	*pp = p;
	return utf8_put(out, v);
}

/*
 * Decode the key raw[0..len) and record it for the innermost object,
 * cut at its first NUL as json-c keeps it.
 */
static int
dscan_key(struct dscan *d, const unsigned char *raw, size_t len, size_t pos)
{
	const unsigned char	*p = raw, *end = raw + len;
	char			*out = d->scratch + d->used, *nul;
	struct dkey		*keys;
	size_t			 n = 0;

	if ((keys = grow(d->keys, &d->keycap, d->nkeys,
	    sizeof(*keys))) == NULL)
		return -1;
	d->keys = keys;
	while (p < end) {
		if (*p == '\\') {
			p++;
			n += key_unescape(&p, end, out + n);
		} else
			out[n++] = (char)*p++;
	}
	if ((nul = memchr(out, '\0', n)) != NULL)
		n = (size_t)(nul - out);
	d->keys[d->nkeys].obj = d->stack[d->depth - 1];
	d->keys[d->nkeys].pos = pos;
	d->keys[d->nkeys].dec = out;
	d->keys[d->nkeys].len = n;
	d->nkeys++;
	d->used += n;
	return 0;
}

/*
 * Collect every key of the text.  A string is a key when a colon
 * follows it inside an open object; this walk is memory-safe on any
 * input, though meaningful only on valid JSON.
 */
static int
dscan_walk(struct dscan *d, const unsigned char *p, const unsigned char *end)
{
	const unsigned char	*start = p, *q, *r;
	size_t			*stack;

	for (; p < end; p++) {
		if (*p == '{') {
			if ((stack = grow(d->stack, &d->stackcap, d->depth,
			    sizeof(*stack))) == NULL)
				return -1;
			d->stack = stack;
			d->stack[d->depth++] = d->nobj++;
		} else if (*p == '}' && d->depth > 0)
			d->depth--;
		else if (*p == '"') {
			for (q = p + 1; q < end && *q != '"'; q++)
				if (*q == '\\' && q + 1 < end)
					q++;
			if (q == end)
				return 0;
			for (r = q + 1; r < end && jscan_is_ws(*r); r++)
				continue;
			if (d->depth > 0 && r < end && *r == ':' &&
			    dscan_key(d, p + 1, (size_t)(q - p - 1),
			    (size_t)(p - start)) == -1)
				return -1;
			p = q;
		}
	}
	return 0;
}

static int
dkey_cmp(const void *a, const void *b)
{
	const struct dkey	*x = a, *y = b;
	int			 c;

	if (x->obj != y->obj)
		return x->obj < y->obj ? -1 : 1;
	c = memcmp(x->dec, y->dec, x->len < y->len ? x->len : y->len);
	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->pos != y->pos)	/* so that the first pair is the earliest */
		return x->pos < y->pos ? -1 : 1;
	return 0;
}

/* Copy src[0..len) into dst, cut at a character boundary and at NUL. */
static void
copy_utf8(char *dst, size_t dstsz, const char *src, size_t len)
{
	size_t	 n;

	if (dstsz == 0)
		return;
	n = len < dstsz - 1 ? len : dstsz - 1;
	if (n < len)	/* do not split a multibyte character */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Find a repeated key (contract in jscan.h), reporting the duplicate
 * that the text reaches first.  Sorting (O(n log n)) rather than
 * comparing every pair keeps an object of thousands of keys cheap.
 */
int
jscan_duplicate_key(const char *buf, size_t len, char *key, size_t keysz)
{
	struct dscan	 d;
	const struct dkey *best = NULL;
	size_t		 i;
	int		 rc = -1;

	if (keysz > 0)
		key[0] = '\0';
	if (buf == NULL || len == 0)
		return 0;
	memset(&d, 0, sizeof(d));
	if ((d.scratch = malloc(len)) == NULL)
		return -1;
	if (dscan_walk(&d, (const unsigned char *)buf,
	    (const unsigned char *)buf + len) == -1)
		goto out;
	if (d.nkeys > 1)
		qsort(d.keys, d.nkeys, sizeof(*d.keys), dkey_cmp);
	for (i = 1; i < d.nkeys; i++) {
		if (d.keys[i].obj != d.keys[i - 1].obj ||
		    d.keys[i].len != d.keys[i - 1].len ||
		    memcmp(d.keys[i].dec, d.keys[i - 1].dec, d.keys[i].len))
			continue;
		if (best == NULL || d.keys[i].pos < best->pos)
			best = &d.keys[i];
	}
	if (best != NULL)
		copy_utf8(key, keysz, best->dec, best->len);
	rc = best != NULL;
out:
	free(d.keys);
	free(d.stack);
	free(d.scratch);
	return rc;
}
