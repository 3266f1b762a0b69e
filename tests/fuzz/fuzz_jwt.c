/*
 * fuzz_jwt.c - the token checks (app/auth.c): auth_verify's pre-checks
 * (size, segments, base64url, strict JSON, duplicate names, header)
 * before libjwt, the signature, and every claim check after it.
 *
 * The fuzzer cannot forge ES256, so without help it would never pass
 * the signature and never reach the claims.  The harness therefore
 * signs: with a key pair made in LLVMFuzzerInitialize, it turns the
 * fuzzer's header and payload texts into a correctly signed token.
 *
 * Input: byte 0 is the mode, byte 1 picks the clock (a digit, or any
 * byte modulo 8), then:
 *   'r'  the rest is a token, verified as it is;
 *   's'  the rest is "header\npayload", both taken verbatim, signed
 *        with our key;
 *   'o'  the same, signed with another key: never accepted.
 * Other mode bytes count modulo 3 in that order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "auth.h"
#include "codes.h"
#include "fuzz.h"

/* 2023-11-14T22:13:20Z, the harness's "now", and clocks around it. */
#define T0	1700000000LL
static const long long clocks[8] = {
	T0, T0 + 30, T0 - 31, T0 + 3600, T0 + 86400 + 31, 0, AUTH_TIME_MAX, -1,
};

static struct auth_keys	 keys;

/* The role codes, written out again (codes.c has them as roles[]). */
static const char *const roles_of[ROLE__MAX] = {
	"clerk", "approver", "viewer", "admin",
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct auth_keys	 other;

	(void)argc;
	(void)argv;
	fuzz_keys(&keys, 0);
	fuzz_keys(&other, 1);	/* pair 1 signs for 'o'; we trust only 0 */
	auth_keys_free(&other);
	return 0;
}

/* A string claim as the contract promises: NUL-terminated and clean. */
static int
clean(const char *s, size_t sz, int empty_ok)
{
	return auth_clean_str(s, sz, empty_ok);
}

/* What auth_verify() accepted must hold, whatever the token said. */
static void
check_claims(const struct claims *c, long long now)
{
	FUZZ_CHECK(clean(c->sub, sizeof(c->sub), 0));
	FUZZ_CHECK(clean(c->name, sizeof(c->name), 1));
	FUZZ_CHECK(clean(c->dept, sizeof(c->dept), 0));
	FUZZ_CHECK(clean(c->org, sizeof(c->org), 1));
	FUZZ_CHECK(clean(c->jti, sizeof(c->jti), 1));
	FUZZ_CHECK(c->dept_id >= 0 && c->dept_id < DEPT__MAX);
	FUZZ_CHECK(strcmp(depts[c->dept_id].code, c->dept) == 0);
	if (depts[c->dept_id].scoped)
		FUZZ_CHECK(c->county_id >= 0 && c->county_id < COUNTY__MAX &&
		    strcmp(counties[c->county_id].code, c->org) == 0);
	else
		FUZZ_CHECK(c->county_id == -1 && c->org[0] == '\0');
	FUZZ_CHECK(c->roles != 0 && c->roles < ROLE_BIT(ROLE__MAX));
	FUZZ_CHECK(c->iat >= 0 && c->iat < c->exp && c->nbf < c->exp);
	FUZZ_CHECK(c->exp - c->iat <= keys.max_ttl);
	FUZZ_CHECK(now >= 0 && now <= AUTH_TIME_MAX);
	FUZZ_CHECK(now <= c->exp + keys.leeway);
	FUZZ_CHECK(now + keys.leeway >= c->nbf && now + keys.leeway >= c->iat);
}

/* Whether the string member key of o is exactly s ("" when absent). */
static int
member_is(struct json_object *o, const char *key, const char *s)
{
	struct json_object	*v;

	/* A null org on a city department's token reads as none. */
	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return *s == '\0';
	return json_object_is_type(v, json_type_string) &&
	    strcmp(json_object_get_string(v), s) == 0;
}

static long long
member_int(struct json_object *o, const char *key, long long def)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v))
		return def;
	FUZZ_CHECK(json_object_is_type(v, json_type_int));
	return json_object_get_int64(v);
}

/*
 * An accepted token's claims are what its payload says: read it again
 * with json-c alone and compare (iss, aud, who, when, roles).
 */
static void
check_payload(const char *pl, size_t len, const struct claims *c)
{
	struct json_object	*o, *v, *e;
	size_t			 i, n;
	unsigned		 mask = 0;
	int			 r, aud = 0;

	/* The signed text holds no NUL: auth_verify refuses \u0000. */
	FUZZ_CHECK(strlen(pl) == len);
	o = json_tokener_parse(pl);
	FUZZ_CHECK(o != NULL && json_object_is_type(o, json_type_object));
	FUZZ_CHECK(member_is(o, "iss", keys.iss));
	FUZZ_CHECK(json_object_object_get_ex(o, "aud", &v));
	if (json_object_is_type(v, json_type_string))
		aud = strcmp(json_object_get_string(v), keys.aud) == 0;
	else {
		FUZZ_CHECK(json_object_is_type(v, json_type_array));
		n = json_object_array_length(v);
		for (i = 0; i < n; i++) {
			e = json_object_array_get_idx(v, i);
			FUZZ_CHECK(json_object_is_type(e, json_type_string));
			aud |= strcmp(json_object_get_string(e), keys.aud) == 0;
		}
	}
	FUZZ_CHECK(aud);
	FUZZ_CHECK(member_is(o, "sub", c->sub) && member_is(o, "name", c->name) &&
	    member_is(o, "dept", c->dept) && member_is(o, "org", c->org) &&
	    member_is(o, "jti", c->jti));
	FUZZ_CHECK(member_int(o, "iat", -1) == c->iat &&
	    member_int(o, "exp", -1) == c->exp &&
	    member_int(o, "nbf", c->iat) == c->nbf);
	FUZZ_CHECK(json_object_object_get_ex(o, "roles", &v) &&
	    json_object_is_type(v, json_type_array));
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		for (r = 0; r < ROLE__MAX; r++)
			if (strcmp(json_object_get_string(e), roles_of[r]) == 0)
				break;
		FUZZ_CHECK(r < ROLE__MAX);
		mask |= ROLE_BIT(r);
	}
	FUZZ_CHECK(mask == c->roles);
	json_object_put(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*rest, *nl, *t;
	char		*tok = NULL, *pl = NULL;
	size_t		 len, restlen, plen = 0;
	struct claims	 c, guard;
	enum auth_err	 e;
	long long	 now;
	int		 mode;

	if (size < 2)
		return 0;
	mode = data[0] == 'r' ? 0 : data[0] == 's' ? 1 : data[0] == 'o' ? 2 :
	    data[0] % 3;
	now = clocks[(data[1] >= '0' && data[1] <= '7') ? data[1] - '0' :
	    data[1] % 8];
	rest = (const char *)data + 2;
	restlen = size - 2;
	if (mode == 0) {
		/* The fuzzer's own buffer: exact, not NUL-terminated. */
		t = rest;
		len = restlen;
	} else {
		if ((nl = memchr(rest, '\n', restlen)) == NULL)
			return 0;
		tok = fuzz_sign(mode == 2, rest, (size_t)(nl - rest), nl + 1,
		    restlen - (size_t)(nl - rest) - 1);
		plen = restlen - (size_t)(nl - rest) - 1;
		pl = fuzz_cstr((const uint8_t *)nl + 1, plen);
		t = tok;
		len = strlen(tok);
	}
	memset(&c, 0x5a, sizeof(c));
	memset(&guard, 0x5a, sizeof(guard));
	e = auth_verify(&keys, t, len, now, &c);
	FUZZ_CHECK((unsigned)e < AUTH__MAX && auth_err_str(e) != NULL);
	if (fuzz_verbose())
		fprintf(stderr, "-> %s\n", auth_err_str(e));
	if (e == AUTH_OK) {
		FUZZ_CHECK(mode == 1);	/* no forgery, no other key */
		check_claims(&c, now);
		check_payload(pl, plen, &c);
	} else {
		/* Refused: *out untouched. */
		FUZZ_CHECK(memcmp(&c, &guard, sizeof(c)) == 0);
		if (len > AUTH_TOKEN_MAX)
			FUZZ_CHECK(e == AUTH_TOO_LARGE);
	}
	/* The same token again gives the same answer: no hidden state. */
	if (mode != 0)
		FUZZ_CHECK(auth_verify(&keys, t, len, now, NULL) == e);
	free(tok);
	free(pl);
	return 0;
}
