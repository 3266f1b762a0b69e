/*
 * jsonin.c - strict JSON request bodies.
 *
 * jin_parse_ex() is the one strict path from JSON text to a json-c
 * tree: jscan.c checks the grammar and duplicate keys first, because
 * json-c 0.16 alone is lenient (SECURITY.md); jin_extract() then checks
 * a body's fields against the caller's table.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jscan.h"
#include "jsonin.h"

_Static_assert(JIN_DEPTH <= JSCAN_DEPTH_MAX, "jscan can check JIN_DEPTH");

/*
 * Parse strictly (contract in jsonin.h).  The scanner vouches for the
 * grammar; json-c is asked anyway (with the same depth) and any
 * disagreement is refused, so that a future json-c that is stricter
 * than the scanner fails closed.  The order of the checks is the order
 * of precedence of the errors.
 */
struct json_object *
jin_parse_ex(const char *buf, size_t len, int depth, unsigned flags,
    int *nul, enum jin_err *err)
{
	struct json_tokener	*tok;
	struct json_object	*obj;
	enum jin_err		 dummy;
	char			 key[2];
	size_t			 end;
	unsigned		 found;
	int			 first;

	if (err == NULL)
		err = &dummy;
	*err = JIN_MALFORMED;
	if (nul != NULL)
		*nul = 0;
	if (buf == NULL || len > INT_MAX ||	/* json-c takes an int */
	    depth < 1 || depth > JIN_DEPTH)
		return NULL;
	if ((first = jscan_document(buf, len, depth, &found)) == -1)
		return NULL;
	/* json-c would cut such a key and merge it with another. */
	if ((found & JSCAN_NUL_KEY) && !(flags & JIN_KEY_NUL))
		return NULL;
	if (first != '{') {
		*err = JIN_NOT_OBJECT;
		return NULL;
	}
	switch (jscan_duplicate_key(buf, len, key, sizeof(key))) {
	case 0:
		break;
	case 1:
		*err = JIN_DUPLICATE;
		return NULL;
	default:
		return NULL;
	}
	if ((tok = json_tokener_new_ex(depth)) == NULL)
		return NULL;
	json_tokener_set_flags(tok,
	    JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	end = json_tokener_get_parse_end(tok);
	while (end < len && jscan_is_ws((unsigned char)buf[end]))
		end++;
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(obj, json_type_object) || end != len) {
		json_object_put(obj);
		obj = NULL;
	} else {
		*err = JIN_OK;
		if (nul != NULL)
			*nul = found != 0;
	}
	json_tokener_free(tok);
	return obj;
}

/* A request body: the body limits, and no key may hold \u0000. */
struct json_object *
jin_parse(const char *buf, size_t len, enum jin_err *err)
{

	return jin_parse_ex(buf, len, JIN_DEPTH, 0, NULL, err);
}

/*
 * Count the characters of the valid UTF-8 string s[0..len), or -1 when
 * it is not valid UTF-8 or holds a control character: C0, DEL and C1
 * always, except \n and \t where text allows them.
 */
static long long
text_chars(const char *s, size_t len, int text)
{
	struct jscan_utf8	 u = JSCAN_UTF8_INIT;
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;
	long long		 n = 0;

	for (i = 0; i < len; i++) {
		if (jscan_utf8_feed(&u, p[i]) == -1)
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
