/*
 * fuzz_json.c - JSON request bodies into their structs (app/jsonin.c,
 * app/jscan.c): jin_parse, then jin_extract against the field tables
 * of the API, each value checked against its field's contract, and
 * every accepted document printed by json-c and parsed again.
 *
 * Input: one byte naming the table (a letter below, or any byte modulo
 * their number), then the body.  The tables of app/api_flow.c and
 * app/api_item.c are static there, so they are repeated here row for
 * row; the community table is built from wf_fields as api_community.c
 * builds it.  Keep them in step.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "api_fields.h"
#include "codes.h"
#include "fuzz.h"
#include "jscan.h"
#include "jsonin.h"
#include "wf.h"

#define MAXFIELDS	64	/* at least every body's field count */

/* The handlers' own tables (app/api_fields.c). */
static struct table {
	char			 tag;
	enum api_body_kind	 kind;
} tables[] = {
	{ 'T', BODY_TRANSITION },	/* POST .../transitions */
	{ 'A', BODY_APPROVAL },		/* POST .../approvals */
	{ 'I', BODY_ITEM_NEW },		/* POST .../items */
	{ 'E', BODY_ITEM_EDIT },	/* PATCH /items/{id} */
	{ 'D', BODY_ITEM_DONE },	/* POST /items/{id}/done */
	{ 'S', BODY_ITEM_DECIDE },	/* POST /items/{id}/signoff */
	{ 'F', BODY_FUNDING_NEW },	/* POST .../funding */
	{ 'C', BODY_COMMUNITY },	/* POST, PATCH /communities */
};
#define NTABLES	(sizeof(tables) / sizeof(tables[0]))

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

/* Characters of valid UTF-8 s[0..len), or -1 with a forbidden control. */
static long long
chars(const char *s, size_t len, int text)
{
	const unsigned char	*p = (const unsigned char *)s;
	long long		 n = 0;
	size_t			 i;

	if (!fuzz_utf8(s, len))
		return -1;
	for (i = 0; i < len; i++) {
		if ((p[i] < 0x20 && !(text && (p[i] == '\n' || p[i] == '\t'))) ||
		    p[i] == 0x7f)
			return -1;
		if (p[i] == 0xc2 && i + 1 < len && p[i + 1] < 0xa0)
			return -1;
		n += (p[i] & 0xc0) != 0x80;
	}
	return n;
}

/*
 * Fen from the JSON text of a number, read independently: digits, then
 * at most two decimals; -1 for anything else (sign, exponent, more
 * decimals).  json-c prints a parsed double as its original text.
 */
static long long
money_of(struct json_object *obj, const char *name)
{
	struct json_object	*v;
	const char		*s;
	long long		 yuan = 0, fen = 0;
	int			 digits = 0, dec = -1;

	FUZZ_CHECK(json_object_object_get_ex(obj, name, &v) && v != NULL);
	for (s = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
	    *s != '\0'; s++) {
		if (*s == '.' && dec == -1 && digits > 0) {
			dec = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || dec == 2 || digits > 15)
			return -1;
		if (dec >= 0) {
			fen = fen * 10 + (*s - '0');
			dec++;
		} else {
			yuan = yuan * 10 + (*s - '0');
			digits++;
		}
	}
	if (dec == 0)
		return -1;
	return yuan * 100 + (dec == 1 ? fen * 10 : fen);
}

/* A value jin_extract() accepted must honour its field. */
static void
check_value(struct json_object *obj, const struct jin_field *f,
    const struct jin_value *v)
{
	long long	 n, max;
	int		 y, m, d;
	char		 money[32];

	FUZZ_CHECK(!v->is_null || v->present);
	if (!v->present) {
		FUZZ_CHECK(!(f->flags & JF_REQUIRED));
		return;
	}
	if (v->is_null) {
		FUZZ_CHECK(f->flags & JF_NULLABLE);
		FUZZ_CHECK(!(f->flags & JF_REQUIRED));
		return;
	}
	switch (f->type) {
	case JT_STRING:
	case JT_TEXT:
		FUZZ_CHECK(v->s != NULL && memchr(v->s, '\0', v->len) == NULL);
		n = chars(v->s, v->len, f->type == JT_TEXT);
		max = f->max != 0 ? f->max :
		    f->type == JT_TEXT ? JIN_TEXT_MAX : JIN_STRING_MAX;
		FUZZ_CHECK(n >= f->min && n <= max);
		FUZZ_CHECK(n > 0 || !(f->flags & JF_REQUIRED));
		break;
	case JT_INT:
		FUZZ_CHECK(v->i >= f->min && v->i <= f->max);
		break;
	case JT_MONEY:
		max = f->max != 0 ? f->max : JIN_MONEY_MAX;
		FUZZ_CHECK(v->i >= f->min && v->i <= max && v->i >= 0);
		jin_money_str(v->i, money, sizeof(money));
		FUZZ_CHECK(strlen(money) >= 4 && money[strlen(money) - 3] == '.');
		FUZZ_CHECK(money_of(obj, f->name) == v->i);
		break;
	case JT_BOOL:
		FUZZ_CHECK(v->i == 0 || v->i == 1);
		break;
	case JT_DATE:
		FUZZ_CHECK(v->s != NULL && v->len == 10);
		y = (int)(v->i / 10000);
		m = (int)(v->i / 100 % 100);
		d = (int)(v->i % 100);
		FUZZ_CHECK(y >= 1900 && y <= 2100 && m >= 1 && m <= 12 &&
		    d >= 1 && d <= 31);
		FUZZ_CHECK(v->s[4] == '-' && v->s[7] == '-');
		break;
	case JT_CODE:
		FUZZ_CHECK(v->s != NULL && f->lookup != NULL);
		FUZZ_CHECK(v->i >= 0 && v->i == f->lookup(v->s, v->len));
		break;
	default:
		FUZZ_CHECK(!"a type the table does not use");
	}
}

/* What json-c prints of an accepted document parses again, equal. */
static void
check_roundtrip(struct json_object *obj)
{
	struct json_object	*again;
	const char		*s;
	size_t			 len;
	enum jin_err		 je;

	s = json_object_to_json_string_length(obj, JSON_C_TO_STRING_PLAIN,
	    &len);
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(jscan_document(s, len, JIN_DEPTH, NULL) == '{');
	again = jin_parse(s, len, &je);
	FUZZ_CHECK(again != NULL && je == JIN_OK);
	FUZZ_CHECK(json_object_equal(obj, again));
	json_object_put(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct table	*t = NULL;
	const struct api_body	*fb;
	struct json_object	*obj;
	struct jin_value	 vals[MAXFIELDS];
	const char		*body, *errfield;
	enum jin_err		 je, xe;
	size_t			 i, len;
	int			 first;

	if (size == 0)
		return 0;
	for (i = 0; i < NTABLES; i++)
		if (tables[i].tag == (char)data[0])
			t = &tables[i];
	if (t == NULL)
		t = &tables[data[0] % NTABLES];
	fb = api_fields(t->kind);
	body = (const char *)data + 1;
	len = size - 1;

	je = JIN__MAX;
	obj = jin_parse(body, len, &je);
	first = jscan_document(body, len, JIN_DEPTH, NULL);
	if (fuzz_verbose())
		fprintf(stderr, "-> parse: %s\n", jin_err_str(je));
	if (obj == NULL) {
		FUZZ_CHECK(je == JIN_MALFORMED || je == JIN_NOT_OBJECT ||
		    je == JIN_DUPLICATE);
		/* Only a document the grammar took can be "no object". */
		if (je == JIN_NOT_OBJECT)
			FUZZ_CHECK(first >= 0 && first != '{');
		return 0;
	}
	FUZZ_CHECK(je == JIN_OK && first == '{');
	FUZZ_CHECK(json_object_is_type(obj, json_type_object));
	check_roundtrip(obj);

	memset(vals, 0x5a, sizeof(vals));
	errfield = "unset";
	xe = jin_extract(obj, fb->fields, fb->n, vals, &errfield);
	FUZZ_CHECK(xe < JIN__MAX && jin_err_str(xe) != NULL);
	if (fuzz_verbose())
		fprintf(stderr, "-> table %c: %s %s\n", t->tag, jin_err_str(xe),
		    errfield != NULL ? errfield : "");
	if (xe == JIN_OK) {
		FUZZ_CHECK(errfield == NULL);
		for (i = 0; i < fb->n; i++)
			check_value(obj, &fb->fields[i], &vals[i]);
	} else {
		FUZZ_CHECK(xe == JIN_UNKNOWN_FIELD || xe == JIN_TYPE ||
		    xe == JIN_INVALID || xe == JIN_MISSING);
		FUZZ_CHECK(errfield != NULL);
	}
	json_object_put(obj);
	return 0;
}
