/*
 * fuzz_webform.c - a posted web form turned into an API body
 * (web_form_json in app/web.c), for every body table of the API.
 *
 * Whatever the form holds, the result must be one strict JSON object
 * (jin_parse accepts it) whose keys are all names of the table, so
 * that a form can never smuggle a field, a second value or broken JSON
 * past the handler's own validation.
 *
 * Input: the raw form body (cut at its first NUL).  The first byte, when
 * there is one, also picks a row prefix: none, "item-1-" or "x-".
 */
#include <stdlib.h>
#include <string.h>

#include "api_fields.h"
#include "arena.h"
#include "fuzz.h"
#include "jsonin.h"
#include "web.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefixes[] = { NULL, "item-1-", "x-" };
	struct arena		 a;
	struct req		 r;
	struct json_object	*o, *v;
	const struct api_body	*f;
	const char		*json, *prefix;
	char			*body;
	size_t			 i, k;
	enum jin_err		 je;
	int			 known;

	body = fuzz_cstr(data, size);
	prefix = size > 0 ? prefixes[data[0] % 3] : NULL;
	memset(&a, 0, sizeof(a));
	for (k = 0; k < BODY__MAX; k++) {
		memset(&r, 0, sizeof(r));
		r.a = &a;
		r.form = body;
		f = api_fields((enum api_body_kind)k);
		json = web_form_json(&r, f->fields, f->n, prefix, NULL);
		FUZZ_CHECK(json != NULL);
		o = jin_parse(json, strlen(json), &je);
		FUZZ_CHECK(o != NULL);
		json_object_object_foreach(o, key, val) {
			(void)val;
			for (known = 0, i = 0; i < f->n; i++)
				if (strcmp(f->fields[i].name, key) == 0)
					known = 1;
			FUZZ_CHECK(known);
		}
		(void)v;
		json_object_put(o);
		arena_reset(&a);
	}
	arena_free(&a);
	free(body);
	return 0;
}
