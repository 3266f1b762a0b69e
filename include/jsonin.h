/*
 * jsonin.h - strict JSON request bodies.
 *
 * A body is parsed once by jin_parse(), which refuses anything that is
 * not exactly one RFC 8259 object (see SECURITY.md, json-c 0.16), and
 * its fields are then checked by jin_extract() against a const table
 * of struct jin_field, so that handlers only read validated values.
 */
#ifndef JIUGAI_JSONIN_H
#define JIUGAI_JSONIN_H

#include <stddef.h>

#include <json-c/json.h>

/* Deepest nesting accepted; every value, scalars included, is a level. */
#define JIN_DEPTH	 32

/* Default length limits (UTF-8 characters) when jin_field.max is 0. */
#define JIN_STRING_MAX	 200
#define JIN_TEXT_MAX	 2000

/* Default upper bound for money in fen (one trillion yuan). */
#define JIN_MONEY_MAX	 100000000000000LL

enum jin_err {
	JIN_OK,
	JIN_MALFORMED,		/* not RFC 8259 JSON, or too deep */
	JIN_NOT_OBJECT,		/* valid JSON whose top level is no object */
	JIN_DUPLICATE,		/* an object names a key twice */
	JIN_UNKNOWN_FIELD,	/* a key no field of the table names */
	JIN_TYPE,		/* wrong JSON type (or an unwanted null) */
	JIN_INVALID,		/* right type, bad value, range or format */
	JIN_MISSING,		/* a JF_REQUIRED field is absent or null */
	JIN__MAX
};

/*
 * Parse buf[0..len) as one JSON object, strictly: the text must be
 * RFC 8259 JSON (no NaN, Infinity, single quotes, comments, trailing
 * commas, raw control characters in strings, lone surrogates, invalid
 * or overlong UTF-8, BOM), no deeper than JIN_DEPTH, followed only by
 * space, tab, CR or LF.  Keys may not contain \u0000 (json-c would cut
 * them at the NUL and merge them with another key).
 * Returns a new object the caller releases with json_object_put(), or
 * NULL with *err (may be NULL) set to JIN_MALFORMED (also when memory
 * runs out), JIN_NOT_OBJECT or JIN_DUPLICATE.  HTTP: 400 bad_request.
 * Same as jin_parse_ex(buf, len, JIN_DEPTH, 0, NULL, err).
 */
struct json_object *jin_parse(const char *buf, size_t len, enum jin_err *err);

/* Flags of jin_parse_ex(). */
#define JIN_KEY_NUL	0x1	/* keys may hold \u0000, see below */

/*
 * jin_parse() for JSON that is not a request body, such as the header
 * and payload of a token (auth.c), with the caller's limits:
 *  depth  replaces JIN_DEPTH (1 to JIN_DEPTH; other values refuse
 *         every text as JIN_MALFORMED);
 *  flags  0, or JIN_KEY_NUL to accept keys holding \u0000 the way
 *         json-c stores them, cut at the NUL, so that "a\u0000b" and
 *         "a\u0000c" in one object are JIN_DUPLICATE;
 *  nul    (may be NULL) set to 1 when an object is returned and some
 *         string of the text, key or value, holds \u0000, else 0:
 *         json-c keeps it inside values, where C strings end early.
 * Returns, errors and precedence as jin_parse(): JIN_MALFORMED, then
 * JIN_NOT_OBJECT, then JIN_DUPLICATE.
 */
struct json_object *jin_parse_ex(const char *buf, size_t len, int depth,
    unsigned flags, int *nul, enum jin_err *err);

enum jin_type {
	JT_STRING,	/* one line: no control characters at all */
	JT_TEXT,	/* several lines: \n and \t allowed */
	JT_INT,		/* a JSON integer within [min, max] */
	JT_MONEY,	/* yuan, at most two decimals, no exponent */
	JT_BOOL,	/* true or false */
	JT_DATE,	/* "YYYY-MM-DD", a real date in 1900..2100 */
	JT_CODE,	/* a string of a closed set, see lookup */
	JT__MAX
};

#define JF_REQUIRED 0x1  /* must be present and not null */
#define JF_NULLABLE 0x2  /* JSON null allowed (value->is_null = 1) */

/*
 * One accepted key of a body.  min and max mean:
 *  JT_INT          the value range; there is no default, so a row
 *                  left at 0, 0 admits only 0 (fails closed);
 *  JT_STRING/TEXT  the length range in UTF-8 characters; max 0 means
 *                  JIN_STRING_MAX or JIN_TEXT_MAX;
 *  JT_MONEY        the range in fen; max 0 means JIN_MONEY_MAX.
 * lookup is for JT_CODE, e.g. code_kind() of codes.h: value->i is its
 * result, and a negative result makes the value invalid.
 */
struct jin_field {
	const char	*name;
	enum jin_type	 type;
	unsigned	 flags;
	long long	 min, max;
	int		(*lookup)(const char *s, size_t len);
};

/*
 * What jin_extract() found for one field.  s points into the json
 * object and lives as long as it does.
 */
struct jin_value {
	int		 present, is_null;
	const char	*s;	/* JT_STRING, TEXT, DATE, CODE */
	size_t		 len;
	long long	 i;	/* INT; MONEY in fen; BOOL 0/1; CODE enum; DATE YYYYMMDD */
};

/*
 * Check obj (an object from jin_parse) against fields[0..n) and fill
 * vals[0..n), vals[i] describing fields[i].  Callers list every field
 * they accept: there is no way to let a key through unchecked.
 * Errors, in this order of precedence: JIN_NOT_OBJECT (obj is no
 * object), JIN_UNKNOWN_FIELD (a key no field names), JIN_TYPE (wrong
 * JSON type, or null without JF_NULLABLE), JIN_INVALID (out of range
 * or badly formed), JIN_MISSING (a JF_REQUIRED field absent or null).
 * On error *errfield (errfield may be NULL) names the field, or the
 * offending key for JIN_UNKNOWN_FIELD; it is NULL on success.
 * HTTP: 400 bad_request with details.field.
 */
enum jin_err jin_extract(struct json_object *obj, const struct jin_field *fields,
    size_t n, struct jin_value *vals, const char **errfield);

/*
 * A short English message for e, for error responses: "malformed
 * JSON", "body must be a JSON object", "duplicate field", "unknown
 * field", "wrong type", "invalid value", "missing field".  Static.
 */
const char *jin_err_str(enum jin_err e);

/*
 * Write fen as yuan with exactly two decimals ("1234.50", "-0.05"),
 * ready to be a JSON number, into buf of sz (>= 32) bytes.
 */
void jin_money_str(long long fen, char *buf, size_t sz);

#endif
