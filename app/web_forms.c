/*
 * web_forms.c - the forms that record a community's data: 申报 (declare),
 * the current stage's data (edit: 基本信息, 方案信息, 招投标信息,
 * 物业移交信息), 摸底 (survey: the whole item catalogue as one table),
 * 改造方案 (plan: selection and estimates, public notice and consent,
 * funding lines) and 施工 (works: items marked done, several at once).
 *
 * A page asks the engine what this user may change now (wf_may_initiate,
 * wf_may_edit, wf_may_item, wf_item_stage_ok) and offers only that.  A
 * post turns the form into the bodies of the API's own handlers and runs
 * them in the dispatcher's one transaction, so that the refusal of any
 * row undoes every row.  Table rows name their fields with a prefix
 * ("item-12-estimate_yuan"); an API error naming a field is renamed to
 * the row's field, so that the page shows it at the right row.
 *
 * Optimistic concurrency: every form carries the version it was drawn
 * from.  A post of several calls first locks the community
 * (api_snapshot) and compares that version with the current one (409
 * otherwise); the calls that follow each raise the version, and run
 * under that lock without a version of their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_fields.h"
#include "html.h"
#include "money.h"
#include "web.h"

#define MAXFIELDS	64
#define FIELD_TICKS	"items"		/* works: the error "tick one at least" */

/* How a stage data field looks on a form, beyond what its type says. */
#define LOOK_NOBLANK	0x1	/* yes / no with a default: no blank choice */
#define LOOK_OPTIONAL	0x2	/* never one of the required declaration fields */

static const struct look {
	const char	*name;
	enum msg	 hint;		/* MSG__MAX: the type's own hint */
	unsigned	 flags;
} looks[] = {
	{ "built_year",		MSG_F_HINT_YEAR,	0 },
	/* The database keeps false for "not said" (DESIGN §8). */
	{ "dilapidated",	MSG__MAX,		LOOK_NOBLANK },
	{ "exception_reason",	MSG_F_HINT_EXCEPTION,	LOOK_OPTIONAL },
	{ "consent_households",	MSG_F_HINT_CONSENT,	0 },
	{ "batch",		MSG_F_HINT_BATCH,	0 },
	{ "company",		MSG_F_HINT_PROFESSIONAL, 0 },
	{ "managing_committee",	MSG_F_HINT_COMMUNITY,	0 },
};

/* A form being written: where, and how errors are shown. */
struct form {
	struct req	*r;
	struct buf	*b;
	int		 blanks;	/* required fields were missing: mark blanks */
};

/* A community as its pages need it. */
struct cty {
	struct wf_snapshot	 s;	/* the engine's view */
	struct json_object	*c;	/* as GET shows it */
	const char		*name;
	const char		*path;	/* "/communities/12" */
};

static const struct look *
look_of(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(looks) / sizeof(looks[0]); i++)
		if (strcmp(looks[i].name, name) == 0)
			return &looks[i];
	return NULL;
}

/* The field named name of body k. */
static const struct jin_field *
body_field(enum api_body_kind k, const char *name)
{
	const struct api_body	*body = api_fields(k);
	size_t			 i;

	for (i = 0; i < body->n; i++)
		if (strcmp(body->fields[i].name, name) == 0)
			return &body->fields[i];
	return NULL;
}

/* s without the blanks around it, on the arena. */
static const char *
trim(struct req *r, const char *s)
{
	size_t	 n;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(r->a, s, n);
}

/*
 * Yuan as written ("1234", "1234.5", "12.30") into *fen: 1, or 0 for a
 * blank, or -1 when it is no amount (the API will say so).
 */
static int
fen_of(const char *s, long long *fen)
{
	long long	 v = 0;
	size_t		 n = 0, d = 0;

	*fen = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return 0;
	for (; *s >= '0' && *s <= '9' && n < 15; s++, n++)
		v = v * 10 + (*s - '0');
	if (n == 0)
		return -1;
	v *= 100;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9' && d < 2; s++, d++)
			v += (*s - '0') * (d == 0 ? 10 : 1);
		if (d == 0)
			return -1;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s != '\0')
		return -1;
	*fen = v;
	return 1;
}

/* Fen as yuan with thousands separators: "1,234,567.50". */
static const char *
yuan(struct req *r, long long fen)
{
	char		 digits[32], out[48];
	size_t		 n, i, o = 0;
	long long	 a = fen < 0 ? -fen : fen;

	snprintf(digits, sizeof(digits), "%lld", a / 100);
	n = strlen(digits);
	if (fen < 0)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	snprintf(out + o, sizeof(out) - o, ".%02lld", a % 100);
	return arena_strdup(r->a, out);
}

/* A money value of an answer, for reading: "" when none. */
static const char *
yuan_of(struct req *r, struct json_object *o, const char *key)
{
	const char	*s = web_jstr(o, key);
	long long	 fen;

	return fen_of(s, &fen) == 1 ? yuan(r, fen) : s;
}

/* Whether the posted amount differs from the recorded one. */
static int
money_changed(const char *posted, const char *now)
{
	long long	 a, b;
	int		 pa = fen_of(posted, &a), pb = fen_of(now, &b);

	if (pa < 0 || pb < 0)
		return pa != pb || strcmp(posted, now) != 0;
	return pa != pb || a != b;
}

/* The items of a community answer. */
static size_t
items_of(struct json_object *c, struct json_object **arr)
{
	if (c == NULL || !json_object_object_get_ex(c, "items", arr) ||
	    !json_object_is_type(*arr, json_type_array))
		return 0;
	return json_object_array_length(*arr);
}

static int
kind_of(struct json_object *it)
{
	const char	*k = web_jstr(it, "kind");

	return code_kind(k, strlen(k));
}

/* ---- Errors ---------------------------------------------------------- */

/* Point the API's field error at the form's field prefix + field. */
static void
refield(struct req *r, const char *prefix, const char *field)
{
	struct buf	 b;

	if (field == NULL && (field = web_error_field(r)) == NULL)
		return;
	buf_init(&b, r->a);
	buf_puts(&b, "{\"field\":");
	buf_json_str(&b, arena_printf(r->a, "%s%s", prefix, field));
	buf_putc(&b, '}');
	r->err_details = b.p;
}

/* Whether the failed post was refused for guard g. */
static int
refused_guard(struct req *r, enum guard g)
{
	struct json_object	*d, *gs;
	size_t			 i;
	int			 found = 0;

	if (r->err_details == NULL ||
	    (d = json_tokener_parse(r->err_details)) == NULL)
		return 0;
	if (json_object_object_get_ex(d, "guards", &gs) &&
	    json_object_is_type(gs, json_type_array))
		for (i = 0; i < json_object_array_length(gs); i++) {
			const char *name = json_object_get_string(
			    json_object_array_get_idx(gs, i));

			if (name != NULL && strcmp(name, guards[g].name) == 0)
				found = 1;
		}
	json_object_put(d);
	return found;
}

/* What to tell the user about the field in error. */
static const char *
err_text(struct req *r)
{
	const char	*m = r->err_msg != NULL ? r->err_msg : "";
	const char	*f = web_error_field(r);

	if (f != NULL && strcmp(f, FIELD_TICKS) == 0)
		return web_t(r, MSG_F_NONE_TICKED);
	if (strstr(m, "inconsistent") != NULL)
		return web_t(r, f != NULL && strcmp(f, "contract_end") == 0 ?
		    MSG_F_CONTRACT_ORDER : MSG_F_CONSENT_MAX);
	if (strstr(m, "missing") != NULL || strstr(m, "required") != NULL ||
	    strstr(m, "needs") != NULL || strstr(m, "record the") != NULL)
		return web_t(r, MSG_FIELD_REQUIRED);
	if (strstr(m, "invalid") != NULL || strstr(m, "type") != NULL ||
	    strstr(m, "range") != NULL)
		return web_t(r, MSG_FIELD_INVALID);
	return web_t(r, MSG_FIELD_CHECK);
}

/* The error of field name (optional: never required), or NULL. */
static const char *
error_of(struct form *f, const char *name, int optional)
{
	const char	*ef = web_error_field(f->r);

	if (ef != NULL && strcmp(ef, name) == 0)
		return err_text(f->r);
	if (f->blanks && !optional && wf_blank(web_field(f->r, name)) &&
	    web_field(f->r, name) != NULL)
		return web_t(f->r, MSG_FIELD_REQUIRED);
	return NULL;
}

static void
error_p(struct form *f, const char *name, const char *err)
{
	html_open(f->b, "p", "class", "error-message", "id",
	    arena_printf(f->r->a, "%s-error", name));
	html_elem(f->b, "span", arena_printf(f->r->a, "%s%s",
	    web_t(f->r, MSG_F_ERROR), f->r->lang == LANG_EN ? ": " : "："),
	    "class", "visually-hidden");
	html_text(f->b, err);
	html_close(f->b, "p");
}

static void
summary_open(struct form *f)
{
	html_open(f->b, "div", "class", "error-summary", "role", "alert",
	    "tabindex", "-1", "id", "error-summary");
	html_elem(f->b, "h2", web_t(f->r, MSG_ERROR_SUMMARY));
	html_open(f->b, "ul");
}

/* One line of the summary: "label：message", linking to the field. */
static void
summary_line(struct form *f, const char *field, const char *label,
    const char *text)
{
	html_open(f->b, "li");
	html_open(f->b, "a", "href", arena_printf(f->r->a, "#%s", field));
	if (label != NULL && *label != '\0') {
		html_text(f->b, label);
		html_text(f->b, f->r->lang == LANG_EN ? ": " : "：");
	}
	html_text(f->b, text);
	html_close(f->b, "a");
	html_close(f->b, "li");
}

/*
 * The error summary.  label names the field in error when the page
 * knows it better than msg_field() does (a table row).  After missing
 * required fields, every blank one of fs[0..n) is listed.
 */
static void
summary(struct form *f, const char *label, const struct wf_field *const *fs,
    size_t n)
{
	struct req	*r = f->r;
	const char	*ef = web_error_field(r);
	const struct look *lk;
	size_t		 i;

	if (r->err_msg == NULL && r->err_details == NULL)
		return;
	if (f->blanks) {
		summary_open(f);
		for (i = 0; i < n; i++) {
			lk = look_of(fs[i]->name);
			if (error_of(f, fs[i]->name, lk != NULL &&
			    (lk->flags & LOOK_OPTIONAL)) != NULL)
				summary_line(f, fs[i]->name, msg_field(
				    (enum lang)r->lang, fs[i]->name),
				    web_t(r, MSG_FIELD_REQUIRED));
		}
		html_close(f->b, "ul");
		html_close(f->b, "div");
		return;
	}
	if (ef == NULL) {
		web_error_summary(r, f->b);
		return;
	}
	summary_open(f);
	summary_line(f, ef, label != NULL ? label : strcmp(ef, FIELD_TICKS) == 0 ?
	    NULL : msg_field((enum lang)r->lang, ef), err_text(r));
	html_close(f->b, "ul");
	html_close(f->b, "div");
}

/* ---- Fields ---------------------------------------------------------- */

/* id, name, aria-describedby and aria-invalid of a control. */
static void
ctl_attrs(struct form *f, const char *name, const char *hint, const char *err)
{
	struct req	*r = f->r;

	html_attr(f->b, "id", name);
	html_attr(f->b, "name", name);
	if (hint != NULL || err != NULL)
		html_attr(f->b, "aria-describedby", arena_printf(r->a, "%s%s%s",
		    hint != NULL ? arena_printf(r->a, "%s-hint", name) : "",
		    hint != NULL && err != NULL ? " " : "",
		    err != NULL ? arena_printf(r->a, "%s-error", name) : ""));
	if (err != NULL)
		html_attr(f->b, "aria-invalid", "true");
}

/*
 * <input>: mode is its inputmode (NULL: none).  Numbers are text with
 * a numeric keyboard rather than type=number, so that what the user
 * typed reaches the server and its message, not the browser's.
 */
static void
ctl_input(struct form *f, const char *type, const char *mode, const char *cls,
    const char *name, const char *value, const char *hint, const char *err)
{
	html_raw_trusted(f->b, "<input");
	html_attr(f->b, "type", type);
	ctl_attrs(f, name, hint, err);
	html_attr(f->b, "value", value != NULL ? value : "");
	if (mode != NULL)
		html_attr(f->b, "inputmode", mode);
	if (cls != NULL)
		html_attr(f->b, "class", cls);
	html_raw_trusted(f->b, ">");
}

/* <select> of n (value, text) pairs; blank (may be NULL) is a first "". */
static void
ctl_select(struct form *f, const char *name, const char *value,
    const char *const *opts, size_t n, const char *blank, const char *hint,
    const char *err)
{
	size_t	 i;

	if (value == NULL)
		value = "";
	html_raw_trusted(f->b, "<select");
	ctl_attrs(f, name, hint, err);
	html_raw_trusted(f->b, ">");
	if (blank != NULL)
		html_elem(f->b, "option", blank, "value", "");
	for (i = 0; i < n; i++)
		if (strcmp(value, opts[2 * i]) == 0)
			html_elem(f->b, "option", opts[2 * i + 1], "value",
			    opts[2 * i], "selected", (const char *)NULL);
		else
			html_elem(f->b, "option", opts[2 * i + 1], "value",
			    opts[2 * i]);
	html_close(f->b, "select");
}

static void
ctl_textarea(struct form *f, const char *name, const char *value,
    const char *hint, const char *err)
{
	html_raw_trusted(f->b, "<textarea");
	ctl_attrs(f, name, hint, err);
	html_attr(f->b, "rows", "4");
	html_raw_trusted(f->b, ">");
	html_text(f->b, value);
	html_close(f->b, "textarea");
}

/* The frame of a labelled field: wrapper, label, hint, error. */
static void
field_open(struct form *f, const char *name, const char *label,
    const char *hint, const char *err)
{
	html_open(f->b, "div", "class", err != NULL ? "field field-error" : "field");
	html_elem(f->b, "label", label, "for", name);
	if (hint != NULL)
		html_elem(f->b, "p", hint, "class", "hint", "id",
		    arena_printf(f->r->a, "%s-hint", name));
	if (err != NULL)
		error_p(f, name, err);
}

static void
field_close(struct form *f)
{
	html_close(f->b, "div");
	buf_putc(f->b, '\n');
}

/* A labelled one-line input. */
static void
text_field(struct form *f, const char *type, const char *mode, const char *cls,
    const char *name, const char *label, const char *hint, const char *value,
    int optional)
{
	const char	*err = error_of(f, name, optional);

	field_open(f, name, label, hint, err);
	ctl_input(f, type, mode, cls, name, web_val(f->r, name, value), hint, err);
	field_close(f);
}

/* The hint of a stage data field, or NULL. */
static const char *
hint_of(struct req *r, const struct wf_field *wf)
{
	const struct look	*lk = look_of(wf->name);

	if (lk != NULL && lk->hint != MSG__MAX)
		return web_t(r, lk->hint);
	switch (wf->type) {
	case WF_DECIMAL:
		return web_t(r, MSG_F_HINT_DECIMAL);
	case WF_DATE:
		return web_t(r, MSG_F_HINT_DATE);
	default:
		return NULL;
	}
}

/* A stage data field, by its type, showing the value of answer c. */
static void
stage_field(struct form *f, const struct wf_field *wf, struct json_object *c)
{
	struct req		*r = f->r;
	const struct look	*lk = look_of(wf->name);
	const char		*name = wf->name, *hint = hint_of(r, wf), *err;
	const char		*label = msg_field((enum lang)r->lang, name);
	const char		*v, *opts[2 * (COUNTY__MAX + MODE__MAX + 2)];
	int			 optional = lk != NULL && (lk->flags & LOOK_OPTIONAL);
	size_t			 i, n = 0;

	v = web_val(r, name, web_jstr(c, name));
	switch (wf->type) {
	case WF_TEXT:
		if (wf->max <= 400) {
			text_field(f, "text", NULL, NULL, name, label, hint,
			    v, optional);
			return;
		}
		err = error_of(f, name, optional);
		field_open(f, name, label, hint, err);
		ctl_textarea(f, name, v, hint, err);
		field_close(f);
		return;
	case WF_INT:
		text_field(f, "text", "numeric", "short", name, label, hint, v,
		    optional);
		return;
	case WF_DECIMAL:
		text_field(f, "text", "decimal", "short", name, label, hint, v,
		    optional);
		return;
	case WF_DATE:
		text_field(f, "date", NULL, "short", name, label, hint, v,
		    optional);
		return;
	case WF_BOOL:
		opts[n++] = "true";
		opts[n++] = web_t(r, MSG_YES);
		opts[n++] = "false";
		opts[n++] = web_t(r, MSG_NO);
		break;
	case WF_MODE:
		for (i = 0; i < MODE__MAX; i++) {
			opts[n++] = modes[i].code;
			opts[n++] = msg_mode((enum lang)r->lang, (int)i);
		}
		break;
	case WF_COUNTY:
		/* The counties the engine lets this user act in. */
		for (i = 0; i < COUNTY__MAX; i++)
			if (wf_in_scope(&r->actor, (int)i)) {
				opts[n++] = counties[i].code;
				opts[n++] = msg_county((enum lang)r->lang,
				    (enum county)i);
			}
		if (n == 2 && *v == '\0')
			v = opts[0];
		break;
	}
	if (lk != NULL && (lk->flags & LOOK_NOBLANK) && *v == '\0')
		v = "false";
	err = error_of(f, name, optional);
	field_open(f, name, label, hint, err);
	ctl_select(f, name, v, opts, n / 2, (lk != NULL &&
	    (lk->flags & LOOK_NOBLANK)) || n == 2 ? NULL :
	    web_t(r, MSG_F_CHOOSE), hint, err);
	field_close(f);
}

/*
 * Stage data fields fs[0..n): the facts first, then the yes / no
 * questions of eligibility in a fieldset of their own, then long texts.
 */
static void
stage_fields(struct form *f, const struct wf_field *const *fs, size_t n,
    struct json_object *c)
{
	size_t	 i;
	int	 bools = 0, facts = 0;

	for (i = 0; i < n; i++)
		if (fs[i]->type == WF_BOOL)
			bools++;
		else if (!(fs[i]->type == WF_TEXT && fs[i]->max > 400))
			facts++;
	/* Two groups need their names; a single one has the page's. */
	if (bools > 0 && facts > 0) {
		html_open(f->b, "fieldset");
		html_elem(f->b, "legend", web_t(f->r, MSG_F_BASIC));
	}
	for (i = 0; i < n; i++)
		if (fs[i]->type != WF_BOOL &&
		    !(fs[i]->type == WF_TEXT && fs[i]->max > 400))
			stage_field(f, fs[i], c);
	if (bools > 0 && facts > 0)
		html_close(f->b, "fieldset");
	if (bools > 0) {
		html_open(f->b, "fieldset");
		html_elem(f->b, "legend", web_t(f->r, MSG_F_ELIGIBILITY));
		html_elem(f->b, "p", web_t(f->r, MSG_F_ELIGIBILITY_HINT),
		    "class", "hint");
		for (i = 0; i < n; i++)
			if (fs[i]->type == WF_BOOL)
				stage_field(f, fs[i], c);
		html_close(f->b, "fieldset");
	}
	for (i = 0; i < n; i++)
		if (fs[i]->type == WF_TEXT && fs[i]->max > 400)
			stage_field(f, fs[i], c);
}

/* The body fields for fs[0..n) (and the version when ver), into out. */
static size_t
body_subset(const struct wf_field *const *fs, size_t n, int ver,
    struct jin_field *out)
{
	const struct jin_field	*j;
	size_t			 i, k = 0;

	for (i = 0; i < n && k < MAXFIELDS - 1; i++)
		if ((j = body_field(BODY_COMMUNITY, fs[i]->name)) != NULL)
			out[k++] = *j;
	if (ver && (j = body_field(BODY_COMMUNITY, "expected_version")) != NULL)
		out[k++] = *j;
	return k;
}

/* ---- The community and the page frame ------------------------------- */

static enum jg_err
cty_load(struct req *r, struct cty *k)
{
	enum jg_err	 e;

	/* The engine's snapshot first: in a post, it locks the record. */
	if ((e = api_snapshot(r, r->id, &k->s)) != JG_OK)
		return e;
	if ((e = web_call(r, api_community_get, r->id, NULL, NULL, &k->c)) != JG_OK)
		return e;
	k->name = web_jstr(k->c, "name");
	k->path = arena_printf(r->a, "/communities/%lld", r->id);
	return JG_OK;
}

/* The version the form was drawn from is still the current one. */
static enum jg_err
same_version(struct req *r, const struct wf_snapshot *s)
{
	const char	*v = web_field(r, "expected_version");
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return req_fail(r, JG_CONFLICT, "the form names no version");
	n = strtol(v, &end, 10);
	if (*end != '\0' || n != s->version)
		return req_fail(r, JG_CONFLICT,
		    "the community was changed meanwhile; reload it");
	return JG_OK;
}

static void
hidden_version(struct form *f, const struct wf_snapshot *s)
{
	html_open(f->b, "input", "type", "hidden", "name", "expected_version",
	    "value", web_val(f->r, "expected_version",
	    api_num(f->r, s->version)));
	buf_putc(f->b, '\n');
}

/* Frame and back link; the caller writes the summary, then heading(). */
static void
page_begin(struct form *f, struct cty *k, const char *h1)
{
	web_page_begin(f->r, f->b, arena_printf(f->r->a, "%s - %s", h1, k->name),
	    NULL);
	html_open(f->b, "p");
	html_elem(f->b, "a", web_t(f->r, MSG_F_BACK), "href", k->path,
	    "class", "back-link");
	html_close(f->b, "p");
}

/* The community's name above the page's heading. */
static void
heading(struct form *f, struct cty *k, const char *h1)
{
	html_elem(f->b, "p", k->name, "class", "caption");
	html_elem(f->b, "h1", h1);
}

static void
button(struct form *f, enum msg m)
{
	html_elem(f->b, "button", web_t(f->r, m), "type", "submit");
	html_form_end(f->b);
	buf_putc(f->b, '\n');
}

/* The data is frozen while a round is open: say so instead of a form. */
static enum jg_err
frozen_page(struct form *f, struct cty *k, const char *h1)
{
	page_begin(f, k, h1);
	heading(f, k, h1);
	html_elem(f->b, "h2", web_t(f->r, MSG_F_FROZEN_TITLE));
	html_elem(f->b, "p", web_t(f->r, MSG_F_FROZEN), "class", "notice");
	web_page_end(f->r, f->b);
	web_answer(f->r, f->b, 409);
	return JG_OK;
}

/* Nothing to do here at this stage (a stale link): say so, and where it is. */
static enum jg_err
not_now_page(struct form *f, struct cty *k, const char *h1)
{
	f->r->err_msg = NULL;
	f->r->err_details = NULL;
	page_begin(f, k, h1);
	heading(f, k, h1);
	html_elem(f->b, "p", web_t(f->r, MSG_F_NOT_NOW), "class", "notice");
	html_open(f->b, "dl", "class", "summary");
	html_elem(f->b, "dt", web_t(f->r, MSG_F_CURRENT_STAGE));
	html_elem(f->b, "dd", msg_stage((enum lang)f->r->lang,
	    (enum stage)k->s.stage));
	html_close(f->b, "dl");
	web_page_end(f->r, f->b);
	web_answer(f->r, f->b, 409);
	return JG_OK;
}

static enum msg
stage_title(int stage)
{
	switch (stage) {
	case STAGE_DECLARED:
		return MSG_F_EDIT_DECLARED;
	case STAGE_SURVEYED:
		return MSG_F_EDIT_SURVEYED;
	case STAGE_PILOTED:
		return MSG_F_EDIT_PILOTED;
	case STAGE_ACCEPTED:
		return MSG_F_EDIT_ACCEPTED;
	default:
		return MSG_F_EDIT_OTHER;
	}
}

/* The first stage where item operation op is allowed, or -1. */
static int
op_stage(enum item_op op)
{
	int	 st;

	for (st = 0; st < STAGE__MAX; st++)
		if (wf_item_stage_ok(op, st))
			return st;
	return -1;
}

/*
 * The data fields of stage that this user may change in s, into out;
 * *why is the first refusal (WF_OK when none was refused).  A field
 * fixed at declaration is never offered.
 */
static size_t
editable(struct req *r, const struct wf_snapshot *s, int stage,
    const struct wf_field **out, enum wf_deny *why)
{
	enum wf_deny	 d;
	size_t		 i, n = 0;

	*why = WF_OK;
	for (i = 0; i < wf_fields_len && n < MAXFIELDS; i++) {
		if ((int)wf_fields[i].stage != stage || wf_fields[i].fixed)
			continue;
		if ((d = wf_may_edit(&wf_fields[i], s, &r->actor)) != WF_OK) {
			if (*why == WF_OK)
				*why = d;
			continue;
		}
		out[n++] = &wf_fields[i];
	}
	return n;
}

/* ---- 申报: declare --------------------------------------------------- */

/* The declaration's fields this user may fill in, into out. */
static size_t
declare_fields(struct req *r, const struct wf_transition *t,
    const struct wf_field **out)
{
	size_t	 i, n = 0;

	for (i = 0; i < wf_fields_len && n < MAXFIELDS; i++)
		if ((int)wf_fields[i].stage == t->to &&
		    (wf_fields[i].editors == 0 ||
		    (wf_fields[i].editors & DEPT_BIT(r->actor.dept))))
			out[n++] = &wf_fields[i];
	return n;
}

/* May this user declare at all?  The engine's reason when not. */
static enum jg_err
may_declare(struct req *r, const struct wf_transition **t)
{
	struct wf_snapshot	 s;
	enum wf_deny		 d;

	if ((*t = wf_find(ACTION_DECLARE, WF_FROM_NONE)) == NULL)
		return JG_INTERNAL;
	memset(&s, 0, sizeof(s));
	s.stage = WF_FROM_NONE;
	s.county = r->actor.county;
	s.declared_by_dept = r->actor.dept;
	if ((d = wf_may_initiate(*t, &s, &r->actor)) != WF_OK)
		return api_deny(r, d);
	return JG_OK;
}

enum jg_err
web_declare_page(struct req *r)
{
	const struct wf_transition	*t;
	const struct wf_field		*fs[MAXFIELDS];
	struct form			 f;
	struct buf			 b;
	const char			*h1 = web_t(r, MSG_F_DECLARE_TITLE);
	enum jg_err			 e;
	size_t				 n;

	if ((e = may_declare(r, &t)) != JG_OK)
		return e;
	n = declare_fields(r, t, fs);
	buf_init(&b, r->a);
	f.r = r;
	f.b = &b;
	f.blanks = refused_guard(r, GUARD_REQUIRED_FIELDS);
	web_page_begin(r, &b, h1, "/communities/new");
	summary(&f, NULL, fs, n);
	html_elem(&b, "h1", h1);
	html_elem(&b, "p", web_t(r, MSG_F_DECLARE_LEAD));
	web_form_open(r, &b, "/communities/new");
	stage_fields(&f, fs, n, NULL);
	button(&f, MSG_F_DECLARE_SUBMIT);
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_declare_post(struct req *r)
{
	const struct wf_transition	*t;
	const struct wf_field		*fs[MAXFIELDS];
	struct jin_field		 sub[MAXFIELDS];
	struct json_object		*o;
	enum jg_err			 e;
	size_t				 n;

	if ((e = may_declare(r, &t)) != JG_OK)
		return e;
	n = body_subset(fs, declare_fields(r, t, fs), 0, sub);
	e = web_call(r, api_community_create, 0, NULL,
	    web_form_json(r, sub, n, NULL, NULL), &o);
	if (e != JG_OK)
		return e;
	return web_redirect(r, arena_printf(r->a, "/communities/%lld",
	    web_jint(o, "id")));
}

/* ---- The current stage's data ---------------------------------------- */

/*
 * A refusal of the database without a field (its CHECKs: the contract
 * ends before it starts, more households agree than there are): name
 * the posted field that can make it so.
 */
static void
name_inconsistent(struct req *r, const struct jin_field *sub, size_t n)
{
	size_t	 i;

	if (web_error_field(r) != NULL)
		return;
	for (i = 0; i < n; i++)
		if (strcmp(sub[i].name, "contract_end") == 0) {
			refield(r, "", "contract_end");
			return;
		}
	for (i = 0; i < n; i++)
		if (strcmp(sub[i].name, "consent_households") == 0) {
			refield(r, "", "consent_households");
			return;
		}
}

enum jg_err
web_edit_page(struct req *r)
{
	const struct wf_field	*fs[MAXFIELDS];
	struct cty		 k;
	struct form		 f;
	struct buf		 b;
	const char		*h1;
	enum wf_deny		 why;
	enum jg_err		 e;
	size_t			 i, n;

	if ((e = cty_load(r, &k)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	f.r = r;
	f.b = &b;
	f.blanks = 0;
	h1 = web_t(r, stage_title(k.s.stage));
	if (k.s.round_id != 0)
		return frozen_page(&f, &k, h1);
	n = editable(r, &k.s, k.s.stage, fs, &why);
	if (n == 0 && why != WF_OK)
		return api_deny(r, why);
	if (n == 0)
		return not_now_page(&f, &k, h1);
	page_begin(&f, &k, h1);
	summary(&f, NULL, fs, n);
	heading(&f, &k, h1);
	/* What was fixed at declaration, for reference. */
	for (i = 0; i < wf_fields_len; i++)
		if ((int)wf_fields[i].stage == k.s.stage && wf_fields[i].fixed) {
			const char *v = web_jstr(k.c, wf_fields[i].name);

			html_open(&b, "dl", "class", "summary");
			html_elem(&b, "dt", msg_field((enum lang)r->lang,
			    wf_fields[i].name));
			html_elem(&b, "dd", wf_fields[i].type == WF_COUNTY ?
			    msg_county((enum lang)r->lang,
			    (enum county)code_county(v, strlen(v))) : v);
			html_close(&b, "dl");
		}
	web_form_open(r, &b, arena_printf(r->a, "%s/edit", k.path));
	hidden_version(&f, &k.s);
	stage_fields(&f, fs, n, k.c);
	button(&f, MSG_F_SAVE);
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_edit_post(struct req *r)
{
	const struct wf_field	*fs[MAXFIELDS];
	struct jin_field	 sub[MAXFIELDS];
	struct wf_snapshot	 s;
	enum wf_deny		 why;
	enum jg_err		 e;
	size_t			 n;

	if ((e = api_snapshot(r, r->id, &s)) != JG_OK)
		return e;
	if (s.round_id != 0)
		return req_fail(r, JG_CONFLICT,
		    "the data is frozen while a submission awaits countersigning");
	n = editable(r, &s, s.stage, fs, &why);
	if (n == 0 && why != WF_OK)
		return api_deny(r, why);
	if (n == 0)
		return req_fail(r, JG_CONFLICT, "this stage has no data to edit");
	/* Only the fields shown, and the version the page was drawn from. */
	n = body_subset(fs, n, 1, sub);
	e = web_call(r, api_community_patch, r->id, NULL,
	    web_form_json(r, sub, n, NULL, NULL), NULL);
	if (e == JG_INVALID)
		name_inconsistent(r, sub, n);
	if (e != JG_OK)
		return e;
	return web_redirect(r, arena_printf(r->a, "/communities/%lld", r->id));
}

/* ---- 摸底: the survey -------------------------------------------------- */

/* The first item of kind in the answer's items, or NULL. */
static struct json_object *
item_of_kind(struct json_object *c, int kind)
{
	struct json_object	*arr, *it;
	size_t			 i, n = items_of(c, &arr);

	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, i);
		if (kind_of(it) == kind)
			return it;
	}
	return NULL;
}

/*
 * Whether this user may change the items of k: 1, or 0 with the page
 * answered by the error (the engine's reason, or 409 for the stage).
 */
static enum jg_err
items_gate(struct req *r, struct cty *k, int *may)
{
	enum wf_deny	 d, why = WF_OK;
	int		 kind, any = 0;

	for (kind = 0; kind < KIND__MAX; kind++) {
		d = wf_may_item(ITEM_OP_EDIT, kind, &k->s, &r->actor);
		may[kind] = d == WF_OK;
		if (d == WF_OK)
			any = 1;
		else if (why == WF_OK)
			why = d;
	}
	if (!any)
		return api_deny(r, why);
	if (!wf_item_stage_ok(ITEM_OP_EDIT, k->s.stage))
		return req_fail(r, JG_CONFLICT, arena_printf(r->a,
		    "items cannot be changed at stage %s",
		    stages[k->s.stage].code));
	return JG_OK;
}

enum jg_err
web_survey_page(struct req *r)
{
	struct cty		 k;
	struct form		 f;
	struct buf		 b;
	struct json_object	*it;
	const char		*h1 = web_t(r, MSG_F_SURVEY_TITLE);
	const char		*ef, *name, *cur, *err, *label = NULL;
	const char		*opts[2 * COND__MAX];
	int			 may[KIND__MAX], kind, c;
	enum jg_err		 e;

	if ((e = cty_load(r, &k)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	f.r = r;
	f.b = &b;
	f.blanks = 0;
	if (k.s.round_id != 0)
		return frozen_page(&f, &k, h1);
	if ((e = items_gate(r, &k, may)) == JG_CONFLICT)
		return not_now_page(&f, &k, h1);
	if (e != JG_OK)
		return e;
	for (c = 0; c < COND__MAX; c++) {
		opts[2 * c] = conditions[c].code;
		opts[2 * c + 1] = msg_condition((enum lang)r->lang, c);
	}
	/* A row's error is named after its kind. */
	if ((ef = web_error_field(r)) != NULL)
		for (kind = 0; kind < KIND__MAX; kind++)
			if (strcmp(ef, arena_printf(r->a, "item-%s-condition",
			    kinds[kind].code)) == 0)
				label = arena_printf(r->a, "%s %s",
				    msg_kind((enum lang)r->lang, (enum kind)kind),
				    msg_field((enum lang)r->lang, "condition"));
	page_begin(&f, &k, h1);
	summary(&f, label, NULL, 0);
	heading(&f, &k, h1);
	html_elem(&b, "p", web_t(r, MSG_F_SURVEY_LEAD));
	web_form_open(r, &b, arena_printf(r->a, "%s/survey", k.path));
	hidden_version(&f, &k.s);
	html_open(&b, "div", "class", "table-wrap");
	html_open(&b, "table", "class", "survey");
	html_open(&b, "thead");
	html_open(&b, "tr");
	html_elem(&b, "th", msg_field((enum lang)r->lang, "kind"), "scope", "col");
	html_elem(&b, "th", web_t(r, MSG_F_DEPT), "scope", "col");
	html_elem(&b, "th", msg_field((enum lang)r->lang, "condition"),
	    "scope", "col");
	html_close(&b, "tr");
	html_close(&b, "thead");
	/* The catalogue is in the order of the departments: one group each. */
	for (kind = 0; kind < KIND__MAX; kind++) {
		if (kind == 0 || kinds[kind].dept != kinds[kind - 1].dept) {
			if (kind > 0)
				html_close(&b, "tbody");
			html_open(&b, "tbody");
		}
		it = item_of_kind(k.c, kind);
		cur = it != NULL ? web_jstr(it, "condition") : "";
		name = arena_printf(r->a, "item-%s-condition", kinds[kind].code);
		err = error_of(&f, name, 1);
		html_open(&b, "tr");
		html_open(&b, "th", "scope", "row");
		if (may[kind])
			html_elem(&b, "label", msg_kind((enum lang)r->lang,
			    (enum kind)kind), "for", name);
		else
			html_text(&b, msg_kind((enum lang)r->lang, (enum kind)kind));
		html_close(&b, "th");
		html_elem(&b, "td", msg_dept((enum lang)r->lang, kinds[kind].dept));
		if (!may[kind]) {
			html_elem(&b, "td", *cur != '\0' ? msg_condition(
			    (enum lang)r->lang, code_condition(cur, strlen(cur))) :
			    web_t(r, MSG_F_NOT_SURVEYED));
			html_close(&b, "tr");
			continue;
		}
		html_open(&b, "td", "class", err != NULL ? "field-error" : "cell");
		if (err != NULL)
			error_p(&f, name, err);
		ctl_select(&f, name, web_val(r, name, cur), opts, COND__MAX,
		    web_t(r, MSG_F_NOT_SURVEYED), NULL, err);
		html_close(&b, "td");
		html_close(&b, "tr");
		buf_putc(&b, '\n');
	}
	html_close(&b, "tbody");
	html_close(&b, "table");
	html_close(&b, "div");
	button(&f, MSG_F_SURVEY_SAVE);
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_survey_post(struct req *r)
{
	struct cty		 k;
	struct json_object	*it;
	struct jin_field	 one;
	struct buf		 kb;
	const char		*prefix, *v;
	int			 may[KIND__MAX], kind;
	enum jg_err		 e;

	if ((e = cty_load(r, &k)) != JG_OK ||
	    (e = same_version(r, &k.s)) != JG_OK ||
	    (e = items_gate(r, &k, may)) != JG_OK)
		return e;
	for (kind = 0; kind < KIND__MAX; kind++) {
		prefix = arena_printf(r->a, "item-%s-", kinds[kind].code);
		v = trim(r, web_field(r, arena_printf(r->a, "%scondition", prefix)));
		if (!may[kind] || v == NULL)
			continue;
		if ((it = item_of_kind(k.c, kind)) == NULL) {
			if (*v == '\0')
				continue;	/* not surveyed: nothing to record */
			one = *body_field(BODY_ITEM_NEW, "condition");
			buf_init(&kb, r->a);
			buf_puts(&kb, "\"kind\":");
			buf_json_str(&kb, kinds[kind].code);
			e = web_call(r, api_item_create, r->id, NULL,
			    web_form_json(r, &one, 1, prefix, kb.p), NULL);
		} else {
			if (strcmp(web_jstr(it, "condition"), v) == 0)
				continue;
			one = *body_field(BODY_ITEM_EDIT, "condition");
			e = web_call(r, api_item_patch, web_jint(it, "id"), NULL,
			    web_form_json(r, &one, 1, prefix, NULL), NULL);
		}
		if (e != JG_OK) {
			refield(r, prefix, NULL);
			return e;
		}
	}
	return web_redirect(r, arena_printf(r->a, "/communities/%lld", r->id));
}

/* ---- 改造方案: the plan and its funding ------------------------------ */

/* What the plan page offers this user: items, fields, funding. */
struct plan {
	int			 items;		/* may change the items */
	const struct wf_field	*fs[MAXFIELDS];	/* the plan's data fields */
	size_t			 nfs;
	int			 funding;	/* may add a funding line */
};

/*
 * The plan is drawn up in the stage where funding is first planned; its
 * data is that stage's fields.  JG_OK when the user may do anything.
 */
static enum jg_err
plan_gate(struct req *r, struct cty *k, struct plan *p)
{
	enum wf_deny	 why, d;
	int		 st = op_stage(ITEM_OP_FUNDING);

	memset(p, 0, sizeof(*p));
	/* The items' rule names departments, whatever the kind. */
	why = wf_may_item(ITEM_OP_EDIT, -1, &k->s, &r->actor);
	p->items = why == WF_OK && wf_item_stage_ok(ITEM_OP_EDIT, k->s.stage);
	if (k->s.stage == st) {
		p->nfs = editable(r, &k->s, st, p->fs, &d);
		if (why == WF_OK)
			why = d;
	}
	d = wf_may_item(ITEM_OP_FUNDING, -1, &k->s, &r->actor);
	p->funding = d == WF_OK && wf_item_stage_ok(ITEM_OP_FUNDING, k->s.stage);
	if (why == WF_OK)
		why = d;
	if (p->items || p->nfs > 0 || p->funding)
		return JG_OK;
	if (why != WF_OK)
		return api_deny(r, why);
	return req_fail(r, JG_CONFLICT, arena_printf(r->a,
	    "the plan cannot be changed at stage %s", stages[k->s.stage].code));
}

/*
 * Under an editable utility item: the parts of its estimate that decide
 * who pays (money.h), each with its own field "item-12-owners_part_yuan".
 */
static void
plan_split(struct form *f, struct json_object *it, int kind, const char *kn)
{
	struct req	*r = f->r;
	struct buf	*b = f->b;
	const char	*name, *err;
	int		 i;

	html_open(b, "tr", "class", "split");
	html_elem(b, "td", NULL);
	html_open(b, "td", "colspan", "4");
	for (i = 0; i < PART__MAX; i++) {
		if (!money_part_allowed(kind, (enum money_part)i))
			continue;
		name = arena_printf(r->a, "item-%lld-%s", web_jint(it, "id"),
		    money_parts[i]);
		err = error_of(f, name, 1);
		html_open(b, "div", "class", err != NULL ? "split-field field-error" :
		    "split-field");
		html_open(b, "label", "for", name);
		html_elem(b, "span", arena_printf(r->a, "%s ", kn), "class",
		    "visually-hidden");
		html_text(b, msg_field((enum lang)r->lang, money_parts[i]));
		html_close(b, "label");
		if (err != NULL)
			error_p(f, name, err);
		ctl_input(f, "text", "decimal", "short", name, web_val(r, name,
		    web_jstr(it, money_parts[i])), NULL, err);
		html_close(b, "div");
	}
	html_close(b, "td");
	html_close(b, "tr");
	buf_putc(b, '\n');
}

/* The items table of the plan; editable rows when p->items. */
static long long
plan_items(struct form *f, struct cty *k, const struct plan *p)
{
	struct req		*r = f->r;
	struct buf		*b = f->b;
	struct json_object	*arr, *it;
	const char		*opts[4], *name, *err, *kn, *cur;
	long long		 total = 0, fen;
	size_t			 i, n = items_of(k->c, &arr);
	int			 kind, splits = 0;

	opts[0] = "true";
	opts[1] = web_t(r, MSG_YES);
	opts[2] = "false";
	opts[3] = web_t(r, MSG_NO);
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "class", "plan");
	html_open(b, "thead");
	html_open(b, "tr");
	html_elem(b, "th", msg_field((enum lang)r->lang, "kind"), "scope", "col");
	html_elem(b, "th", web_t(r, MSG_F_DEPT), "scope", "col");
	html_elem(b, "th", msg_field((enum lang)r->lang, "condition"), "scope", "col");
	html_elem(b, "th", msg_field((enum lang)r->lang, "selected"), "scope", "col");
	html_elem(b, "th", msg_field((enum lang)r->lang, "estimate_yuan"),
	    "scope", "col", "class", "num");
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, i);
		kind = kind_of(it);
		kn = msg_kind((enum lang)r->lang, (enum kind)kind);
		cur = web_jstr(it, "condition");
		if (web_jbool(it, "selected") &&
		    fen_of(web_jstr(it, "estimate_yuan"), &fen) == 1)
			total += fen;
		html_open(b, "tr");
		html_elem(b, "th", kn, "scope", "row");
		html_elem(b, "td", kind >= 0 ? msg_dept((enum lang)r->lang,
		    kinds[kind].dept) : "");
		html_elem(b, "td", *cur != '\0' ? msg_condition((enum lang)r->lang,
		    code_condition(cur, strlen(cur))) : web_t(r, MSG_F_NOT_SURVEYED));
		if (!p->items || kind < 0) {
			html_elem(b, "td", web_jbool(it, "selected") ?
			    web_t(r, MSG_YES) : web_t(r, MSG_NO));
			html_elem(b, "td", yuan_of(r, it, "estimate_yuan"),
			    "class", "num");
			html_close(b, "tr");
			continue;
		}
		name = arena_printf(r->a, "item-%lld-selected", web_jint(it, "id"));
		err = error_of(f, name, 1);
		html_open(b, "td", "class", err != NULL ? "field-error" : "cell");
		html_elem(b, "label", arena_printf(r->a, "%s %s", kn,
		    msg_field((enum lang)r->lang, "selected")), "for", name,
		    "class", "visually-hidden");
		if (err != NULL)
			error_p(f, name, err);
		ctl_select(f, name, web_val(r, name, web_jbool(it, "selected") ?
		    "true" : "false"), opts, 2, NULL, NULL, err);
		html_close(b, "td");
		name = arena_printf(r->a, "item-%lld-estimate_yuan",
		    web_jint(it, "id"));
		err = error_of(f, name, 1);
		html_open(b, "td", "class", err != NULL ? "field-error num" : "num");
		html_elem(b, "label", arena_printf(r->a, "%s %s", kn,
		    msg_field((enum lang)r->lang, "estimate_yuan")), "for", name,
		    "class", "visually-hidden");
		if (err != NULL)
			error_p(f, name, err);
		ctl_input(f, "text", "decimal", "short", name, web_val(r, name,
		    web_jstr(it, "estimate_yuan")), NULL, err);
		html_close(b, "td");
		html_close(b, "tr");
		buf_putc(b, '\n');
		if (money_utility(kind) >= 0) {
			plan_split(f, it, kind, kn);
			splits++;
		}
	}
	html_close(b, "tbody");
	html_open(b, "tfoot");
	html_open(b, "tr");
	html_elem(b, "th", web_t(r, MSG_F_TOTAL_ESTIMATE), "scope", "row",
	    "colspan", "4");
	html_elem(b, "td", yuan(r, total), "class", "num");
	html_close(b, "tr");
	html_close(b, "tfoot");
	html_close(b, "table");
	html_close(b, "div");
	if (splits > 0)
		html_elem(b, "p", web_t(r, MSG_M_PLAN_SPLIT), "class", "hint");
	return total;
}

/* The funding lines, their totals and what is still missing. */
static void
plan_funding(struct form *f, struct cty *k, long long estimate)
{
	struct req		*r = f->r;
	struct buf		*b = f->b;
	struct json_object	*arr, *l;
	const char		*src;
	long long		 planned = 0, received = 0, fen;
	size_t			 i, n = 0;

	if (json_object_object_get_ex(k->c, "funding", &arr) &&
	    json_object_is_type(arr, json_type_array))
		n = json_object_array_length(arr);
	if (n == 0) {
		html_elem(b, "p", web_t(r, MSG_F_FUNDING_NONE));
		return;
	}
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table");
	html_open(b, "thead");
	html_open(b, "tr");
	html_elem(b, "th", msg_field((enum lang)r->lang, "source"), "scope", "col");
	html_elem(b, "th", msg_field((enum lang)r->lang, "planned_yuan"),
	    "scope", "col", "class", "num");
	html_elem(b, "th", msg_field((enum lang)r->lang, "received_yuan"),
	    "scope", "col", "class", "num");
	html_elem(b, "th", msg_field((enum lang)r->lang, "note"), "scope", "col");
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	for (i = 0; i < n; i++) {
		l = json_object_array_get_idx(arr, i);
		src = web_jstr(l, "source");
		if (fen_of(web_jstr(l, "planned_yuan"), &fen) == 1)
			planned += fen;
		if (fen_of(web_jstr(l, "received_yuan"), &fen) == 1)
			received += fen;
		html_open(b, "tr");
		html_elem(b, "th", msg_source((enum lang)r->lang,
		    code_source(src, strlen(src))), "scope", "row");
		html_elem(b, "td", yuan_of(r, l, "planned_yuan"), "class", "num");
		html_elem(b, "td", yuan_of(r, l, "received_yuan"), "class", "num");
		html_elem(b, "td", web_jstr(l, "note"));
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	html_open(b, "tfoot");
	html_open(b, "tr");
	html_elem(b, "th", web_t(r, MSG_F_TOTAL), "scope", "row");
	html_elem(b, "td", yuan(r, planned), "class", "num");
	html_elem(b, "td", yuan(r, received), "class", "num");
	html_elem(b, "td", NULL);
	html_close(b, "tr");
	html_close(b, "tfoot");
	html_close(b, "table");
	html_close(b, "div");
	if (estimate > planned) {
		html_open(b, "dl", "class", "summary");
		html_elem(b, "dt", web_t(r, MSG_F_GAP));
		html_elem(b, "dd", yuan(r, estimate - planned), "class", "gap");
		html_close(b, "dl");
	} else if (estimate > 0)
		html_elem(b, "p", web_t(r, MSG_F_COVERED));
}

/* The error of a plan row, named after its item. */
static const char *
plan_label(struct req *r, struct cty *k)
{
	struct json_object	*arr, *it;
	const char		*ef = web_error_field(r), *fld;
	size_t			 i, n = items_of(k->c, &arr);

	if (ef == NULL || strncmp(ef, "item-", 5) != 0)
		return NULL;
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, i);
		fld = arena_printf(r->a, "item-%lld-", web_jint(it, "id"));
		if (strncmp(ef, fld, strlen(fld)) == 0)
			return arena_printf(r->a, "%s %s", msg_kind(
			    (enum lang)r->lang, (enum kind)kind_of(it)),
			    msg_field((enum lang)r->lang, ef + strlen(fld)));
	}
	return NULL;
}

enum jg_err
web_plan_page(struct req *r)
{
	struct cty		 k;
	struct plan		 p;
	struct form		 f;
	struct buf		 b;
	struct json_object	*arr;
	const char		*h1 = web_t(r, MSG_F_PLAN_TITLE);
	const char		*amount, *opts[2 * SOURCE__MAX];
	long long		 estimate = 0;
	enum jg_err		 e;
	int			 i;

	if ((e = cty_load(r, &k)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	f.r = r;
	f.b = &b;
	f.blanks = 0;
	if (k.s.round_id != 0)
		return frozen_page(&f, &k, h1);
	if ((e = plan_gate(r, &k, &p)) == JG_CONFLICT)
		return not_now_page(&f, &k, h1);
	if (e != JG_OK)
		return e;
	page_begin(&f, &k, h1);
	summary(&f, plan_label(r, &k), NULL, 0);
	heading(&f, &k, h1);

	html_elem(&b, "h2", web_t(r, MSG_F_PLAN_ITEMS));
	if (p.items || p.nfs > 0) {
		web_form_open(r, &b, arena_printf(r->a, "%s/plan", k.path));
		hidden_version(&f, &k.s);
	}
	if (items_of(k.c, &arr) == 0)
		html_elem(&b, "p", web_t(r, MSG_F_PLAN_NONE));
	else {
		if (p.items) {
			html_elem(&b, "p", web_t(r, MSG_F_PLAN_LEAD));
			html_elem(&b, "p", web_t(r, MSG_F_HINT_MONEY), "class",
			    "hint");
		}
		estimate = plan_items(&f, &k, &p);
	}
	if (p.nfs > 0) {
		html_open(&b, "fieldset");
		html_elem(&b, "legend", web_t(r, MSG_F_PLAN_NOTICE));
		stage_fields(&f, p.fs, p.nfs, k.c);
		html_close(&b, "fieldset");
	}
	if (p.items || p.nfs > 0)
		button(&f, MSG_F_PLAN_SAVE);

	html_elem(&b, "h2", web_t(r, MSG_F_FUNDING), "id", "funding");
	plan_funding(&f, &k, estimate);
	if (p.funding) {
		html_elem(&b, "h3", web_t(r, MSG_F_FUNDING_ADD));
		web_form_open(r, &b, arena_printf(r->a, "%s/funding", k.path));
		hidden_version(&f, &k.s);
		for (i = 0; i < SOURCE__MAX; i++) {
			opts[2 * i] = sources[i].code;
			opts[2 * i + 1] = msg_source((enum lang)r->lang, i);
		}
		{
			const char *err = error_of(&f, "source", 0);

			field_open(&f, "source", msg_field((enum lang)r->lang,
			    "source"), NULL, err);
			ctl_select(&f, "source", web_val(r, "source", ""), opts,
			    SOURCE__MAX, web_t(r, MSG_F_CHOOSE), NULL, err);
			field_close(&f);
		}
		/* Money is planned while the plan is drawn up, received after. */
		amount = k.s.stage == op_stage(ITEM_OP_FUNDING) ?
		    "planned_yuan" : "received_yuan";
		text_field(&f, "text", "decimal", "short", amount,
		    msg_field((enum lang)r->lang, amount),
		    web_t(r, MSG_F_HINT_MONEY), "", 0);
		text_field(&f, "text", NULL, NULL, "note",
		    msg_field((enum lang)r->lang, "note"), NULL, "", 1);
		button(&f, MSG_F_FUNDING_SAVE);
	}
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_plan_post(struct req *r)
{
	struct cty		 k;
	struct plan		 p;
	struct json_object	*arr, *it;
	struct jin_field	 sub[MAXFIELDS];
	struct wf_snapshot	 now;
	const char		*prefix, *v, *cur;
	enum jg_err		 e;
	size_t			 i, n, ns;
	int			 k2;

	if ((e = cty_load(r, &k)) != JG_OK ||
	    (e = same_version(r, &k.s)) != JG_OK ||
	    (e = plan_gate(r, &k, &p)) != JG_OK)
		return e;
	n = p.items ? items_of(k.c, &arr) : 0;
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, i);
		prefix = arena_printf(r->a, "item-%lld-", web_jint(it, "id"));
		ns = 0;
		/* Only what changed: the audit trail says what was done. */
		v = trim(r, web_field(r, arena_printf(r->a, "%sselected", prefix)));
		if (v != NULL && strcmp(v, web_jbool(it, "selected") ?
		    "true" : "false") != 0)
			sub[ns++] = *body_field(BODY_ITEM_EDIT, "selected");
		v = web_field(r, arena_printf(r->a, "%sestimate_yuan", prefix));
		if (v != NULL && money_changed(v, web_jstr(it, "estimate_yuan")))
			sub[ns++] = *body_field(BODY_ITEM_EDIT, "estimate_yuan");
		/* The parts go with the estimate: they are checked together. */
		for (k2 = 0; k2 < PART__MAX; k2++) {
			if (!money_part_allowed(kind_of(it), (enum money_part)k2))
				continue;
			v = web_field(r, arena_printf(r->a, "%s%s", prefix,
			    money_parts[k2]));
			if (v != NULL && money_changed(v, web_jstr(it,
			    money_parts[k2])))
				sub[ns++] = *body_field(BODY_ITEM_EDIT,
				    money_parts[k2]);
		}
		if (ns == 0)
			continue;
		e = web_call(r, api_item_patch, web_jint(it, "id"), NULL,
		    web_form_json(r, sub, ns, prefix, NULL), NULL);
		if (e != JG_OK) {
			refield(r, prefix, NULL);
			return e;
		}
	}
	ns = 0;
	for (i = 0; i < p.nfs; i++) {
		v = web_field(r, p.fs[i]->name);
		cur = web_jstr(k.c, p.fs[i]->name);
		if (v == NULL || (p.fs[i]->type == WF_DECIMAL ?
		    !money_changed(v, cur) : strcmp(p.fs[i]->type == WF_TEXT ?
		    v : trim(r, v), cur) == 0))
			continue;
		sub[ns++] = *body_field(BODY_COMMUNITY, p.fs[i]->name);
	}
	if (ns > 0) {
		/* The items raised the version; the lock is still ours. */
		if ((e = api_snapshot(r, r->id, &now)) != JG_OK)
			return e;
		e = web_call(r, api_community_patch, r->id, NULL,
		    web_form_json(r, sub, ns, NULL, arena_printf(r->a,
		    "\"expected_version\":%d", now.version)), NULL);
		if (e == JG_INVALID)
			name_inconsistent(r, sub, ns);
		if (e != JG_OK)
			return e;
	}
	return web_redirect(r, arena_printf(r->a, "/communities/%lld", r->id));
}

enum jg_err
web_funding_post(struct req *r)
{
	const struct api_body	*body = api_fields(BODY_FUNDING_NEW);
	struct wf_snapshot	 s;
	enum jg_err		 e;

	if ((e = api_snapshot(r, r->id, &s)) != JG_OK ||
	    (e = same_version(r, &s)) != JG_OK)
		return e;
	e = web_call(r, api_funding_create, r->id, NULL,
	    web_form_json(r, body->fields, body->n, NULL, NULL), NULL);
	if (e != JG_OK)
		return e;
	/* Back to the plan: several lines are usually added in a row. */
	return web_redirect(r, arena_printf(r->a, "/communities/%lld/plan#funding",
	    r->id));
}

/* ---- 施工: works -------------------------------------------------------- */

/* The status of an item as a tag. */
static void
status_tag(struct req *r, struct buf *b, struct json_object *it)
{
	const char	*st = web_jstr(it, "status");

	if (strcmp(st, "signed_off") == 0)
		html_elem(b, "span", web_t(r, MSG_F_ST_SIGNED), "class", "tag done");
	else if (strcmp(st, "done") == 0)
		html_elem(b, "span", web_t(r, MSG_F_ST_DONE), "class",
		    "tag waiting");
	else if (*web_jstr(it, "decided_dept") != '\0') {
		/* Back to planned after a refused sign-off: say why. */
		html_elem(b, "span", web_t(r, MSG_F_ST_REJECTED), "class",
		    "tag refused");
		if (*web_jstr(it, "decision_comment") != '\0')
			html_elem(b, "p", web_jstr(it, "decision_comment"),
			    "class", "hint");
	} else
		html_elem(b, "span", web_t(r, MSG_F_ST_PLANNED), "class", "tag grey");
}

/* May this user mark item it done now? */
static int
may_done(struct req *r, struct cty *k, struct json_object *it)
{
	return k->s.round_id == 0 &&
	    wf_item_stage_ok(ITEM_OP_DONE, k->s.stage) &&
	    web_jbool(it, "selected") &&
	    strcmp(web_jstr(it, "status"), "planned") == 0 &&
	    wf_may_item(ITEM_OP_DONE, kind_of(it), &k->s, &r->actor) == WF_OK;
}

/* The data of the works stage (the tender), and a link to change it. */
static void
works_data(struct form *f, struct cty *k)
{
	struct req		*r = f->r;
	const struct wf_field	*fs[MAXFIELDS];
	enum wf_deny		 why;
	const char		*v;
	size_t			 i;
	int			 st = op_stage(ITEM_OP_DONE);

	html_elem(f->b, "h2", web_t(r, stage_title(st)));
	html_open(f->b, "dl", "class", "summary");
	for (i = 0; i < wf_fields_len; i++) {
		if ((int)wf_fields[i].stage != st)
			continue;
		v = web_jstr(k->c, wf_fields[i].name);
		html_elem(f->b, "dt", msg_field((enum lang)r->lang,
		    wf_fields[i].name));
		html_elem(f->b, "dd", *v != '\0' ? v : web_t(r, MSG_NOT_RECORDED));
	}
	html_close(f->b, "dl");
	if (k->s.stage == st && k->s.round_id == 0 &&
	    editable(r, &k->s, st, fs, &why) > 0) {
		html_open(f->b, "p");
		html_elem(f->b, "a", web_t(r, MSG_F_TENDER_EDIT), "href",
		    arena_printf(r->a, "%s/edit", k->path));
		html_close(f->b, "p");
	}
}

enum jg_err
web_works_page(struct req *r)
{
	struct cty		 k;
	struct form		 f;
	struct buf		 b;
	struct json_object	*arr, *it;
	const char		*h1 = web_t(r, MSG_F_WORKS_TITLE);
	const char		*name, *err;
	size_t			 i, n, shown = 0, may = 0;
	enum jg_err		 e;

	if ((e = cty_load(r, &k)) != JG_OK)
		return e;
	buf_init(&b, r->a);
	f.r = r;
	f.b = &b;
	f.blanks = 0;
	n = items_of(k.c, &arr);
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, i);
		if (web_jbool(it, "selected"))
			shown++;
		if (may_done(r, &k, it))
			may++;
	}
	page_begin(&f, &k, h1);
	summary(&f, NULL, NULL, 0);
	heading(&f, &k, h1);
	works_data(&f, &k);
	html_elem(&b, "h2", web_t(r, MSG_F_ITEMS));
	if (shown == 0) {
		html_elem(&b, "p", web_t(r, MSG_F_WORKS_NONE));
		web_page_end(r, &b);
		web_answer(r, &b, 200);
		return JG_OK;
	}
	if (may > 0) {
		html_elem(&b, "p", web_t(r, MSG_F_WORKS_LEAD));
		web_form_open(r, &b, arena_printf(r->a, "%s/works", k.path));
		hidden_version(&f, &k.s);
	}
	err = error_of(&f, FIELD_TICKS, 1);
	html_open(&b, "div", "class", err != NULL ? "table-wrap field-error" :
	    "table-wrap", "id", FIELD_TICKS);
	if (err != NULL)
		error_p(&f, FIELD_TICKS, err);
	html_open(&b, "table", "class", "works");
	html_open(&b, "thead");
	html_open(&b, "tr");
	if (may > 0)
		html_elem(&b, "th", web_t(r, MSG_F_MARK), "scope", "col");
	html_elem(&b, "th", msg_field((enum lang)r->lang, "kind"), "scope", "col");
	html_elem(&b, "th", web_t(r, MSG_F_DEPT), "scope", "col");
	html_elem(&b, "th", web_t(r, MSG_F_STATUS), "scope", "col");
	html_close(&b, "tr");
	html_close(&b, "thead");
	html_open(&b, "tbody");
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, i);
		if (!web_jbool(it, "selected"))
			continue;
		name = arena_printf(r->a, "item-%lld-done", web_jint(it, "id"));
		html_open(&b, "tr");
		if (may > 0) {
			html_open(&b, "td");
			if (may_done(r, &k, it)) {
				if (strcmp(web_val(r, name, ""), "true") == 0)
					html_open(&b, "input", "type", "checkbox",
					    "id", name, "name", name, "value",
					    "true", "checked", (const char *)NULL);
				else
					html_open(&b, "input", "type", "checkbox",
					    "id", name, "name", name, "value",
					    "true");
			}
			html_close(&b, "td");
		}
		html_open(&b, "th", "scope", "row");
		if (may > 0 && may_done(r, &k, it))
			html_elem(&b, "label", msg_kind((enum lang)r->lang,
			    (enum kind)kind_of(it)), "for", name);
		else
			html_text(&b, msg_kind((enum lang)r->lang,
			    (enum kind)kind_of(it)));
		html_close(&b, "th");
		html_elem(&b, "td", msg_dept((enum lang)r->lang,
		    kind_of(it) >= 0 ? kinds[kind_of(it)].dept : DEPT__MAX));
		html_open(&b, "td");
		status_tag(r, &b, it);
		html_close(&b, "td");
		html_close(&b, "tr");
		buf_putc(&b, '\n');
	}
	html_close(&b, "tbody");
	html_close(&b, "table");
	html_close(&b, "div");
	if (may > 0) {
		err = error_of(&f, "comment", 1);
		field_open(&f, "comment", msg_field((enum lang)r->lang, "comment"),
		    web_t(r, MSG_F_HINT_DONE_COMMENT), err);
		ctl_textarea(&f, "comment", web_val(r, "comment", ""),
		    web_t(r, MSG_F_HINT_DONE_COMMENT), err);
		field_close(&f);
		button(&f, MSG_F_MARK_DONE);
	}
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_works_post(struct req *r)
{
	struct cty		 k;
	struct json_object	*arr, *it;
	const char		*body, *v;
	size_t			 i, n, done = 0;
	enum jg_err		 e;

	if ((e = cty_load(r, &k)) != JG_OK ||
	    (e = same_version(r, &k.s)) != JG_OK)
		return e;
	/* One comment, recorded with each item ticked. */
	body = web_form_json(r, body_field(BODY_ITEM_DONE, "comment"), 1,
	    NULL, NULL);
	n = items_of(k.c, &arr);
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(arr, i);
		v = web_field(r, arena_printf(r->a, "item-%lld-done",
		    web_jint(it, "id")));
		if (v == NULL || strcmp(v, "true") != 0)
			continue;
		if ((e = web_call(r, api_item_done, web_jint(it, "id"), NULL,
		    body, NULL)) != JG_OK)
			return e;
		done++;
	}
	if (done == 0)
		return req_fail_field(r, JG_BAD_REQUEST, FIELD_TICKS,
		    "tick at least one item");
	return web_redirect(r, arena_printf(r->a, "/communities/%lld", r->id));
}
