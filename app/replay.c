/*
 * replay.c - `jiugai replay --check`: every community's stage and stage
 * data (the fields of wf_fields) rebuilt from its events alone, in chain
 * order, and compared with the stored row (docs/audit.md).
 *
 * What each event records, and so what replay reads:
 *   declare            after: the declared fields and "stage"
 *   edit               after: the changed fields
 *   the other actions  after: "stage", the stage moved to
 *   anything else      nothing about stage data (rounds, decisions,
 *                      items, funding); one that carries a field or a
 *                      stage is reported, since replay would not know it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "codes.h"
#include "conf.h"
#include "tools.h"
#include "wf.h"

#define EXIT_MATCH	0
#define EXIT_DIFFER	1
#define EXIT_USAGE	2

/* Communities per round trip (their events come in one query). */
#define PAGE		"500"

/* This tool's statements (the server's are in db_stmts.c). */
static const char *const sql_begin =
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
/* Each row with every column as its text (or null), keyed by name. */
static const char *const sql_communities =
    "SELECT c.id::text, c.code, c.stage,"
    " (SELECT jsonb_object_agg(k, v #>> '{}')"
    "   FROM jsonb_each(to_jsonb(c)) AS e(k, v))::text"
    " FROM community c WHERE c.id > $1::bigint"
    "  AND ($2::bigint IS NULL OR c.id = $2::bigint)"
    " ORDER BY c.id LIMIT " PAGE;
static const char *const sql_events =
    "SELECT e.community_id::text, e.seq::text, e.action, e.after::text"
    " FROM event e WHERE e.community_id BETWEEN $1::bigint AND $2::bigint"
    " ORDER BY e.community_id, e.seq";

enum ev_kind {
	EV_DECLARE,	/* starts the record: fields and stage */
	EV_MOVE,	/* a transition: the stage */
	EV_EDIT,	/* a PATCH: fields */
	EV_OTHER,	/* no stage data */
};

/* Events that are not workflow actions but change stage data. */
static const struct {
	const char	*action;
	enum ev_kind	 kind;
} ev_named[] = {
	{ "edit", EV_EDIT },
};

/* Columns with a NOT NULL default: what absence or null stores. */
static const struct {
	const char	*field;
	const char	*value;
} ev_defaults[] = {
	{ "dilapidated", "false" },
};

/* One community as its events tell it. */
struct state {
	long long	 id;
	const char	*code;
	int		 declared;	/* declare events seen */
	char		*stage;
	char		**val;		/* per wf_fields entry; NULL is SQL NULL */
};

static long long	 ndiff;

static void __attribute__((format(printf, 2, 3)))
differ(const struct state *s, const char *fmt, ...)
{
	va_list	 ap;

	printf("replay: community %lld (%s): ", s->id, s->code);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	ndiff++;
}

static char *
xstrdup(const char *s)
{
	char	*p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL)
		abort();
	return p;
}

static void
set(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static enum ev_kind
ev_kind(const char *action)
{
	size_t	 i;
	int	 a;

	for (i = 0; i < sizeof(ev_named) / sizeof(ev_named[0]); i++)
		if (strcmp(ev_named[i].action, action) == 0)
			return ev_named[i].kind;
	if ((a = code_action(action, strlen(action))) < 0)
		return EV_OTHER;
	return a == ACTION_DECLARE ? EV_DECLARE : EV_MOVE;
}

static const char *
ev_default(const char *field)
{
	size_t	 i;

	for (i = 0; i < sizeof(ev_defaults) / sizeof(ev_defaults[0]); i++)
		if (strcmp(ev_defaults[i].field, field) == 0)
			return ev_defaults[i].value;
	return NULL;
}

/* A JSON value as the text PostgreSQL would show (NULL for null). */
static char *
jtext(struct json_object *v)
{
	char	 num[32];

	switch (json_object_get_type(v)) {
	case json_type_null:
		return NULL;
	case json_type_boolean:
		return xstrdup(json_object_get_boolean(v) ? "true" : "false");
	case json_type_int:
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_object_get_int64(v));
		return xstrdup(num);
	case json_type_string:
		return xstrdup(json_object_get_string(v));
	default:
		return xstrdup(json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN));
	}
}

/* Hundredths of a decimal text ("12", "12.3", "-12.30"); 0 if not one. */
static int
fen(const char *s, long long *out)
{
	long long	 v = 0;
	int		 neg = 0, dec = -1;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s < '0' || *s > '9')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || dec >= 2 || v > 100000000000000LL)
			return 0;
		v = v * 10 + (*s - '0');
		if (dec >= 0)
			dec++;
	}
	for (dec = dec < 0 ? 0 : dec; dec < 2; dec++)
		v *= 10;
	*out = neg ? -v : v;
	return 1;
}

static int
same(const struct wf_field *f, const char *a, const char *b)
{
	long long	 x, y;

	if (a == NULL || b == NULL)
		return a == b;
	if (f->type == WF_DECIMAL && fen(a, &x) && fen(b, &y))
		return x == y;
	return strcmp(a, b) == 0;
}

static void
state_reset(struct state *s)
{
	size_t	 i;

	free(s->stage);
	s->stage = NULL;
	for (i = 0; i < wf_fields_len; i++)
		set(&s->val[i], ev_default(wf_fields[i].name));
}

/* One event, in chain order. */
static void
apply(struct state *s, const char *seq, const char *action, const char *after)
{
	enum ev_kind		 kind = ev_kind(action);
	const struct wf_field	*f;
	struct json_object	*o = NULL;
	char			*v;
	int			 moved = 0;

	if (after != NULL && ((o = json_tokener_parse(after)) == NULL ||
	    !json_object_is_type(o, json_type_object))) {
		differ(s, "event seq %s (%s): after is not a JSON object", seq,
		    action);
		json_object_put(o);
		return;
	}
	if (kind == EV_DECLARE) {
		if (s->declared++)
			differ(s, "event seq %s: a second declaration", seq);
		state_reset(s);
	} else if (kind != EV_OTHER && !s->declared)
		differ(s, "event seq %s (%s) comes before the declaration", seq,
		    action);
	if (o != NULL) {
		json_object_object_foreach(o, key, jv) {
			f = wf_field_find(key, strlen(key));
			if (kind == EV_OTHER) {
				if (f != NULL || strcmp(key, "stage") == 0)
					differ(s, "event seq %s (%s) carries %s, "
					    "which replay does not take from that "
					    "kind of event", seq, action, key);
				continue;
			}
			if (strcmp(key, "stage") == 0 && kind != EV_EDIT) {
				v = jtext(jv);
				if (v == NULL || code_stage(v, strlen(v)) < 0)
					differ(s, "event seq %s (%s): no such "
					    "stage %s", seq, action,
					    v != NULL ? v : "null");
				free(s->stage);
				s->stage = v;
				moved = 1;
			} else if (f != NULL) {
				v = jtext(jv);
				if (v == NULL && ev_default(f->name) != NULL)
					v = xstrdup(ev_default(f->name));
				free(s->val[f - wf_fields]);
				s->val[f - wf_fields] = v;
			} else
				differ(s, "event seq %s (%s) records %s, which is "
				    "no stage data", seq, action, key);
		}
	}
	if ((kind == EV_DECLARE || kind == EV_MOVE) && !moved)
		differ(s, "event seq %s (%s) does not record the stage it led "
		    "to", seq, action);
	json_object_put(o);
}

/* The replayed state against the stored row (stage, and all as JSON). */
static void
compare(const struct state *s, const char *stage, const char *row)
{
	struct json_object	*o, *jv;
	const struct wf_field	*f;
	char			*v;
	size_t			 i;

	if (!s->declared) {
		differ(s, "no declare event: the record has no history");
		return;
	}
	if (s->stage == NULL || strcmp(s->stage, stage) != 0)
		differ(s, "stage: stored %s, the events give %s", stage,
		    s->stage != NULL ? s->stage : "none");
	if ((o = json_tokener_parse(row)) == NULL) {
		differ(s, "the stored row cannot be read");
		return;
	}
	for (i = 0; i < wf_fields_len; i++) {
		f = &wf_fields[i];
		if (!json_object_object_get_ex(o, f->name, &jv)) {
			differ(s, "%s: no such column in the table", f->name);
			continue;
		}
		v = jtext(jv);
		if (!same(f, v, s->val[i]))
			differ(s, "%s: stored %s%.80s%s, the events give %s%.80s%s",
			    f->name, v ? "\"" : "", v ? v : "null", v ? "\"" : "",
			    s->val[i] ? "\"" : "", s->val[i] ? s->val[i] : "null",
			    s->val[i] ? "\"" : "");
		free(v);
	}
	json_object_put(o);
}

static PGresult *
query(PGconn *c, const char *sql, int n, const char *const *p)
{
	PGresult	*res = PQexecParams(c, sql, n, NULL, p, NULL, NULL, 0);

	if (PQresultStatus(res) == PGRES_TUPLES_OK ||
	    PQresultStatus(res) == PGRES_COMMAND_OK)
		return res;
	fprintf(stderr, "jiugai replay: %s", PQerrorMessage(c));
	PQclear(res);
	return NULL;
}

/*
 * One page of communities and their events, merged in id order.
 * Returns the number of communities (0: done), -1 on a database error.
 */
static int
replay_page(PGconn *c, const char *after, const char *only, char *last,
    size_t lastsz, long long *nevents)
{
	const char	*p[2] = { after, only };
	struct state	 s;
	PGresult	*cs, *es;
	long long	 ecid;
	int		 i, j = 0, n, ne;

	if ((cs = query(c, sql_communities, 2, p)) == NULL)
		return -1;
	if ((n = PQntuples(cs)) == 0) {
		PQclear(cs);
		return 0;
	}
	p[0] = PQgetvalue(cs, 0, 0);
	p[1] = PQgetvalue(cs, n - 1, 0);
	if ((es = query(c, sql_events, 2, p)) == NULL) {
		PQclear(cs);
		return -1;
	}
	ne = PQntuples(es);
	*nevents += ne;
	memset(&s, 0, sizeof(s));
	if ((s.val = calloc(wf_fields_len, sizeof(*s.val))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		s.id = strtoll(PQgetvalue(cs, i, 0), NULL, 10);
		s.code = PQgetvalue(cs, i, 1);
		s.declared = 0;
		state_reset(&s);
		for (; j < ne; j++) {
			ecid = strtoll(PQgetvalue(es, j, 0), NULL, 10);
			if (ecid != s.id)
				break;
			apply(&s, PQgetvalue(es, j, 1), PQgetvalue(es, j, 2),
			    PQgetisnull(es, j, 3) ? NULL : PQgetvalue(es, j, 3));
		}
		compare(&s, PQgetvalue(cs, i, 2), PQgetvalue(cs, i, 3));
	}
	snprintf(last, lastsz, "%s", PQgetvalue(cs, n - 1, 0));
	for (i = 0; i < (int)wf_fields_len; i++)
		free(s.val[i]);
	free(s.val);
	free(s.stage);
	PQclear(es);
	PQclear(cs);
	return n;
}

static int
replay_usage(FILE *f, int rc)
{
	fprintf(f, "usage: jiugai replay --check [--community ID]\n\n"
	    "Rebuilds every community's stage and stage data from its events "
	    "alone, in\nchain order, and reports each difference from the "
	    "stored row; then\nchecks the assessment's facts and the task lists "
	    "against their sources.\n\nExit status: 0 all match, 1 differences (each "
	    "printed), 2 usage or database\nerror.\n");
	return rc;
}

int
replay_main(int argc, char *argv[])
{
	PGconn		*c;
	PGresult	*res;
	const char	*only = NULL;
	char		 last[32] = "0", *end;
	long long	 ncomm = 0, nevents = 0, facts = 0;
	int		 i, n, check = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0)
			return replay_usage(stdout, EXIT_MATCH);
		if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (strcmp(argv[i], "--community") == 0 && i + 1 < argc) {
			only = argv[++i];
			if (strtoll(only, &end, 10) <= 0 || *end != '\0' ||
			    strlen(only) > 18)
				return replay_usage(stderr, EXIT_USAGE);
		} else
			return replay_usage(stderr, EXIT_USAGE);
	}
	if (!check)
		return replay_usage(stderr, EXIT_USAGE);
	c = PQconnectdb(conf_get(CONF_DATABASE_URL));
	if (PQstatus(c) != CONNECTION_OK || PQsetClientEncoding(c, "UTF8") != 0) {
		fprintf(stderr, "jiugai replay: %s", PQerrorMessage(c));
		PQfinish(c);
		return EXIT_USAGE;
	}
	/* One snapshot: rows and events as of the same instant. */
	if ((res = query(c, sql_begin, 0, NULL)) == NULL) {
		PQfinish(c);
		return EXIT_USAGE;
	}
	PQclear(res);
	ndiff = 0;
	while ((n = replay_page(c, last, only, last, sizeof(last), &nevents)) > 0)
		ncomm += n;
	if (n < 0) {
		PQfinish(c);
		return EXIT_USAGE;
	}
	printf("replay: %lld communities, %lld events: %s", ncomm, nevents,
	    ndiff == 0 ? "every stored row matches its events\n" : "");
	if (ndiff != 0)
		printf("%lld differences\n", ndiff);
	/*
	 * What triggers keep as the workflow writes, against a fresh
	 * computation from the sources in the same snapshot: the assessment's
	 * facts (sql/013: acceptance times, stage, item and funding tallies,
	 * decisions) and the task lists' pending rounds and sign-offs (014).
	 */
	if (only == NULL) {
		if ((res = query(c, "SELECT assessment_facts_check() +"
		    " round_pending_check() + signoff_pending_check()", 0,
		    NULL)) == NULL) {
			PQfinish(c);
			return EXIT_USAGE;
		}
		facts = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		if (facts == 0)
			printf("replay: the assessment's facts and the task "
			    "lists match their sources\n");
		else
			printf("replay: %lld rows of the assessment's facts or "
			    "the task lists differ from their sources\n", facts);
	}
	PQfinish(c);
	return ndiff == 0 && facts == 0 ? EXIT_MATCH : EXIT_DIFFER;
}
