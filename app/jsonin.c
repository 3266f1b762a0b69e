/*
 * jsonin.c - strict JSON request bodies.
 *
 * json-c 0.16 is lenient even with JSON_TOKENER_STRICT: it takes
 * NaN, Infinity and 1. as numbers, single-quoted keys, raw control
 * characters inside strings, overlong and surrogate UTF-8 (its
 * VALIDATE_UTF8 only checks the shape of sequences), turns lone
 * \uD800 escapes into U+FFFD, cuts keys at \u0000 and lets the last
 * of two equal keys win.  So a body is first checked by the small
 * RFC 8259 scanner below, which is stricter than json-c in every
 * case, then for duplicate keys; only then does json-c build the tree.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonin.h"

/*
 * Incremental UTF-8 validation (RFC 3629 §4).  The bounds on the
 * first continuation byte depend on the lead byte: they are what
 * refuse overlong forms, surrogates and code points past U+10FFFF.
 */
struct utf8 {
	unsigned	 need;	/* continuation bytes still expected */
	unsigned char	 lo, hi;	/* bounds of the next one */
};

static int
utf8_feed(struct utf8 *u, unsigned char c)
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
};

static int	scan_value(struct scan *, int);

/* JSON whitespace is exactly these four (RFC 8259 §2); no \f, no BOM. */
static int
is_ws(unsigned char c)
{

	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
scan_ws(struct scan *s)
{

	while (s->p < s->end && is_ws(*s->p))
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
 * one into U+FFFD.  A key may not hold \u0000, which json-c would cut.
 */
static int
scan_uescape(struct scan *s, int key)
{
	unsigned	 v, lo;

	if (hex4(s->p, s->end, &v) == -1)
		return -1;
	s->p += 4;
	if (v == 0 && key)
		return -1;
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
	struct utf8	 u = { 0, 0x80, 0xbf };
	unsigned char	 c;

	s->p++;			/* the opening quote */
	while (s->p < s->end) {
		c = *s->p++;
		if (u.need > 0 || c >= 0x80) {
			if (utf8_feed(&u, c) == -1)
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
 * json_tokener_new_ex(JIN_DEPTH) for arrays and objects alike, so
 * json-c never refuses what the scanner accepted.
 */
static int
scan_value(struct scan *s, int depth)
{

	if (depth > JIN_DEPTH || s->p == s->end)
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
 * Validate a whole document.  Returns its first significant byte
 * ('{' for an object), or -1 when it is not exactly one JSON value
 * followed by whitespace.
 */
static int
scan_document(const char *buf, size_t len)
{
	struct scan	 s;
	int		 first;

	s.p = (const unsigned char *)buf;
	s.end = s.p + len;
	scan_ws(&s);
	if (s.p == s.end)
		return -1;
	first = *s.p;
	if (scan_value(&s, 1) == -1)
		return -1;
	scan_ws(&s);
	return s.p == s.end ? first : -1;
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

/* Decode the key raw[0..len) and record it for the innermost object. */
static int
dscan_key(struct dscan *d, const unsigned char *raw, size_t len, size_t pos)
{
	const unsigned char	*p = raw, *end = raw + len;
	char			*out = d->scratch + d->used;
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
			for (r = q + 1; r < end && is_ws(*r); r++)
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
 * Report the duplicate that the text reaches first.  Sorting (O(n log
 * n)) rather than comparing every pair keeps an object of thousands of
 * keys cheap.
 */
int
jin_duplicate_key(const char *buf, size_t len, char *key, size_t keysz)
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

/*
 * The scanner vouches for the grammar; json-c is asked anyway (with
 * the same limits) and any disagreement is refused, so that a future
 * json-c that is stricter than the scanner fails closed.
 */
struct json_object *
jin_parse(const char *buf, size_t len, enum jin_err *err)
{
	struct json_tokener	*tok;
	struct json_object	*obj;
	enum jin_err		 dummy;
	char			 key[2];
	size_t			 end;
	int			 first;

	if (err == NULL)
		err = &dummy;
	*err = JIN_MALFORMED;
	if (buf == NULL || len > INT_MAX)	/* json-c takes an int */
		return NULL;
	if ((first = scan_document(buf, len)) == -1)
		return NULL;
	if (first != '{') {
		*err = JIN_NOT_OBJECT;
		return NULL;
	}
	switch (jin_duplicate_key(buf, len, key, sizeof(key))) {
	case 0:
		break;
	case 1:
		*err = JIN_DUPLICATE;
		return NULL;
	default:
		return NULL;
	}
	if ((tok = json_tokener_new_ex(JIN_DEPTH)) == NULL)
		return NULL;
	json_tokener_set_flags(tok,
	    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	end = json_tokener_get_parse_end(tok);
	while (end < len && is_ws((unsigned char)buf[end]))
		end++;
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(obj, json_type_object) || end != len) {
		json_object_put(obj);
		obj = NULL;
	} else
		*err = JIN_OK;
	json_tokener_free(tok);
	return obj;
}

/*
 * Count the characters of the valid UTF-8 string s[0..len), or -1 when
 * it is not valid UTF-8 or holds a control character: C0, DEL and C1
 * always, except \n and \t where text allows them.
 */
static long long
text_chars(const char *s, size_t len, int text)
{
	struct utf8		 u = { 0, 0x80, 0xbf };
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;
	long long		 n = 0;

	for (i = 0; i < len; i++) {
		if (utf8_feed(&u, p[i]) == -1)
			return -1;
		if (p[i] < 0x20 && !(text && (p[i] == '\n' || p[i] == '\t')))
			return -1;
		if (p[i] == 0x7f ||
		    (p[i] == 0xc2 && i + 1 < len && p[i + 1] < 0xa0))
			return -1;	/* DEL, U+0080..U+009F */
		if ((p[i] & 0xc0) != 0x80)
			n++;
	}
	return u.need == 0 ? n : -1;
}

/* Borrow a string value's bytes; refuse the \u0000 json-c lets in. */
static enum jin_err
get_str(struct json_object *v, struct jin_value *out)
{

	if (!json_object_is_type(v, json_type_string))
		return JIN_TYPE;
	out->s = json_object_get_string(v);
	out->len = (size_t)json_object_get_string_len(v);
	if (memchr(out->s, '\0', out->len) != NULL)
		return JIN_INVALID;
	return JIN_OK;
}

static enum jin_err
check_text(const struct jin_field *f, struct json_object *v,
    struct jin_value *out)
{
	enum jin_err	 e;
	long long	 n, max;

	if ((e = get_str(v, out)) != JIN_OK)
		return e;
	if ((n = text_chars(out->s, out->len, f->type == JT_TEXT)) < 0)
		return JIN_INVALID;
	max = f->max != 0 ? f->max :
	    f->type == JT_TEXT ? JIN_TEXT_MAX : JIN_STRING_MAX;
	if (n < f->min || n > max)
		return JIN_INVALID;
	if (n == 0 && (f->flags & JF_REQUIRED))
		return JIN_INVALID;
	return JIN_OK;
}

/*
 * json-c saturates integers that do not fit int64 (and reads
 * 99999999999999999999 as UINT64_MAX), so the two extremes are
 * refused: they may not be what the client wrote.
 */
static enum jin_err
check_int(const struct jin_field *f, struct json_object *v,
    struct jin_value *out)
{
	int64_t	 i;

	if (!json_object_is_type(v, json_type_int))
		return JIN_TYPE;
	i = json_object_get_int64(v);
	if (i == INT64_MIN || i == INT64_MAX || i < f->min || i > f->max)
		return JIN_INVALID;
	out->i = i;
	return JIN_OK;
}

static enum jin_err
check_bool(const struct jin_field *f, struct json_object *v,
    struct jin_value *out)
{

	(void)f;
	if (!json_object_is_type(v, json_type_boolean))
		return JIN_TYPE;
	out->i = json_object_get_boolean(v) ? 1 : 0;
	return JIN_OK;
}

/*
 * Read yuan text "123", "123.4" or "123.45" into fen, exactly: no
 * sign, no exponent, no leading zero, at most 15 integer digits (so
 * that fen cannot overflow).
 */
static int
money_parse(const char *s, long long *fen)
{
	long long	 yuan = 0, frac = 0;
	size_t		 n, i;

	n = strspn(s, "0123456789");
	if (n == 0 || n > 15 || (s[0] == '0' && n > 1))
		return -1;
	for (i = 0; i < n; i++)
		yuan = yuan * 10 + (s[i] - '0');
	s += n;
	if (*s == '.') {
		n = strspn(++s, "0123456789");
		if (n == 0 || n > 2)
			return -1;
		frac = (s[0] - '0') * 10 + (n == 2 ? s[1] - '0' : 0);
		s += n;
	}
	if (*s != '\0')
		return -1;
	*fen = yuan * 100 + frac;
	return 0;
}

/*
 * A double is judged by its original token, which json-c 0.16 keeps
 * as the double's serialisation: no floating point touches money.
 */
static enum jin_err
check_money(const struct jin_field *f, struct json_object *v,
    struct jin_value *out)
{
	long long	 fen, max;
	int64_t		 i;

	if (json_object_is_type(v, json_type_int)) {
		i = json_object_get_int64(v);
		if (i < 0 || i > LLONG_MAX / 100)
			return JIN_INVALID;
		fen = (long long)i * 100;
	} else if (json_object_is_type(v, json_type_double)) {
		if (money_parse(json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN), &fen) == -1)
			return JIN_INVALID;
	} else
		return JIN_TYPE;
	max = f->max != 0 ? f->max : JIN_MONEY_MAX;
	if (fen < f->min || fen > max)
		return JIN_INVALID;
	out->i = fen;
	return JIN_OK;
}

static int
leap(int y)
{

	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Exactly YYYY-MM-DD, a day that exists, year 1900..2100. */
static enum jin_err
check_date(const struct jin_field *f, struct json_object *v,
    struct jin_value *out)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const char shape[] = "dddd-dd-dd";
	enum jin_err	 e;
	const char	*s;
	int		 y, m, d, i;

	(void)f;
	if ((e = get_str(v, out)) != JIN_OK)
		return e;
	if (out->len != sizeof(shape) - 1)
		return JIN_INVALID;
	for (s = out->s, i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return JIN_INVALID;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	    (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return JIN_INVALID;
	out->i = (long long)y * 10000 + m * 100 + d;
	return JIN_OK;
}

static enum jin_err
check_code(const struct jin_field *f, struct json_object *v,
    struct jin_value *out)
{
	enum jin_err	 e;
	int		 r;

	if ((e = get_str(v, out)) != JIN_OK)
		return e;
	if (f->lookup == NULL || (r = f->lookup(out->s, out->len)) < 0)
		return JIN_INVALID;
	out->i = r;
	return JIN_OK;
}

/* How each jin_type is checked. */
static enum jin_err (*const checks[JT__MAX])(const struct jin_field *,
    struct json_object *, struct jin_value *) = {
	check_text,	/* JT_STRING */
	check_text,	/* JT_TEXT */
	check_int,	/* JT_INT */
	check_money,	/* JT_MONEY */
	check_bool,	/* JT_BOOL */
	check_date,	/* JT_DATE */
	check_code,	/* JT_CODE */
};

_Static_assert(sizeof(checks) / sizeof(checks[0]) == JT__MAX,
    "one checker per jin_type");

static const struct jin_field *
field_find(const struct jin_field *fields, size_t n, const char *key,
    size_t *idx)
{

	for (*idx = 0; *idx < n; (*idx)++)
		if (strcmp(fields[*idx].name, key) == 0)
			return &fields[*idx];
	return NULL;
}

/* One value; v is NULL for a JSON null, as json-c represents it. */
static enum jin_err
check_one(const struct jin_field *f, struct json_object *v,
    struct jin_value *out)
{

	out->present = 1;
	if (v == NULL || json_object_is_type(v, json_type_null)) {
		if (!(f->flags & JF_NULLABLE))
			return JIN_TYPE;
		out->is_null = 1;
		return JIN_OK;
	}
	if ((unsigned)f->type >= JT__MAX)
		return JIN_INVALID;	/* a bad table refuses everything */
	return checks[f->type](f, v, out);
}

/*
 * Two passes so that an unknown key is reported whatever its place in
 * the body; json-c keeps keys in their order, so errors are stable.
 */
enum jin_err
jin_extract(struct json_object *obj, const struct jin_field *fields,
    size_t n, struct jin_value *vals, const char **errfield)
{
	const struct jin_field	*f;
	const char		*dummy;
	enum jin_err		 e;
	size_t			 i;

	if (errfield == NULL)
		errfield = &dummy;
	*errfield = NULL;
	if (n > 0)
		memset(vals, 0, n * sizeof(*vals));
	if (!json_object_is_type(obj, json_type_object))
		return JIN_NOT_OBJECT;
	json_object_object_foreach(obj, key1, val1) {
		(void)val1;
		if (field_find(fields, n, key1, &i) == NULL) {
			*errfield = key1;
			return JIN_UNKNOWN_FIELD;
		}
	}
	json_object_object_foreach(obj, key, val) {
		if ((f = field_find(fields, n, key, &i)) == NULL)
			return JIN_UNKNOWN_FIELD;	/* not reached */
		if ((e = check_one(f, val, &vals[i])) != JIN_OK) {
			*errfield = f->name;
			return e;
		}
	}
	for (i = 0; i < n; i++)
		if ((fields[i].flags & JF_REQUIRED) &&
		    (!vals[i].present || vals[i].is_null)) {
			*errfield = fields[i].name;
			return JIN_MISSING;
		}
	return JIN_OK;
}

static const char *const jin_msgs[JIN__MAX] = {
	"ok",				/* JIN_OK */
	"malformed JSON",		/* JIN_MALFORMED */
	"body must be a JSON object",	/* JIN_NOT_OBJECT */
	"duplicate field",		/* JIN_DUPLICATE */
	"unknown field",		/* JIN_UNKNOWN_FIELD */
	"wrong type",			/* JIN_TYPE */
	"invalid value",		/* JIN_INVALID */
	"missing field",		/* JIN_MISSING */
};

_Static_assert(sizeof(jin_msgs) / sizeof(jin_msgs[0]) == JIN__MAX,
    "one message per jin_err");

/* A static message for e; out of range is still a message. */
const char *
jin_err_str(enum jin_err e)
{

	if ((unsigned)e >= JIN__MAX)
		return "invalid request";
	return jin_msgs[e];
}

/* Unsigned arithmetic so that LLONG_MIN prints too. */
void
jin_money_str(long long fen, char *buf, size_t sz)
{
	unsigned long long	 u;

	if (buf == NULL || sz == 0)
		return;
	u = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
	snprintf(buf, sz, "%s%llu.%02llu", fen < 0 ? "-" : "", u / 100, u % 100);
}
