/*
 * web_public.c - 公示, the residents' public notice of one community
 * (issue 5 §6): GET /public/communities/{code}, no login.
 *
 * What it shows is chosen in one place, sql/009's public_json(): the
 * name and address, the selected items with their budget and
 * responsible department, the funding summed by source, the day each
 * stage was reached, the county office to ask.  Nobody's name, no
 * comment and no decision ever reaches this file, so nothing here can
 * show one by mistake.  The same path answers that JSON to a client
 * that prefers application/json; a withdrawn community is not found.
 *
 * The print view (?print=1, or .../print) is the sheet for the notice
 * board: one A4 page (jiugai.css, "Public notice") with a QR code of the
 * page's address drawn as SVG rectangles from libqrencode's matrix, so
 * that a resident can scan the paper and read the same plan online.
 */
#include <qrencode.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"
#include "chart.h"
#include "conf.h"
#include "html.h"
#include "log.h"
#include "urlenc.h"
#include "web.h"

#define QR_QUIET	4	/* modules of white around the code (ISO 18004) */

struct pub {
	struct req		*r;
	struct buf		*b;
	enum lang		 l;
	struct json_object	*c;	/* public_json() */
	const char		*path;	/* /public/communities/{code} */
	const char		*url;	/* the same, absolute; NULL: unknown */
	int			 print;
};

static void
json_put(void *o)
{
	json_object_put(o);
}

static const char *
t(struct pub *p, enum msg m)
{
	return msg(p->l, m);
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static size_t
jlen(struct json_object *a)
{
	return a != NULL && json_object_is_type(a, json_type_array) ?
	    json_object_array_length(a) : 0;
}

/*
 * Yuan as the database wrote them ("1234.50", "0", "12.5") to fen, by
 * the digits: no floating point.  -1 when it is not such a number.
 */
static long long
yuan_fen(const char *s)
{
	long long	 fen = 0;
	size_t		 n, k;

	if (s == NULL || (n = strspn(s, "0123456789")) == 0 || n > 15)
		return -1;
	for (k = 0; k < n; k++)
		fen = fen * 10 + (s[k] - '0');
	fen *= 100;
	s += n;
	if (*s == '.') {
		s++;
		n = strspn(s, "0123456789");
		if (n == 0 || n > 2)
			return -1;
		fen += (s[0] - '0') * 10 + (n == 2 ? s[1] - '0' : 0);
		s += n;
	}
	return *s == '\0' ? fen : -1;
}

/* Fen as yuan with thousands separators: 1234567 -> "12,345.67". */
static const char *
money(struct pub *p, long long fen)
{
	return fen < 0 ? "?" : chart_num(p->r->a, fen, 2);
}

/* The amount at key of o, formatted. */
static const char *
jmoney(struct pub *p, struct json_object *o, const char *key)
{
	struct json_object	*v = jget(o, key);

	return money(p, v != NULL ? yuan_fen(json_object_get_string(v)) : 0);
}

/* Message m with {1} replaced by a1: each language keeps its word order. */
static const char *
fill(struct pub *p, enum msg m, const char *a1)
{
	const char	*s = t(p, m);
	struct buf	 b;

	buf_init(&b, p->r->a);
	for (; *s != '\0'; s++) {
		if (strncmp(s, "{1}", 3) == 0) {
			buf_puts(&b, a1);
			s += 2;
		} else
			buf_putc(&b, *s);
	}
	return b.p;
}

/* ---- The address of the notice -------------------------------------- */

/*
 * "http(s)://host[:port]" with nothing else in it (no path, user or
 * blank): JIUGAI_SITE comes from the Host header, which the client
 * chooses, so only a plain origin may go into the QR code.
 */
static int
origin_ok(const char *s)
{
	const char	*h;

	if (s == NULL)
		return 0;
	if (strncasecmp(s, "https://", 8) == 0)
		h = s + 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		h = s + 7;
	else
		return 0;
	return *h != '\0' && strlen(s) < 256 && strspn(h,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-:[]") == strlen(h);
}

/*
 * The notice's absolute address: the configured public_url (the site as
 * residents reach it), else the address this request was made to.
 */
static const char *
notice_url(struct req *r, const char *path)
{
	const char	*base = conf_get(CONF_PUBLIC_URL);
	size_t		 n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	if (n > 0) {
		base = arena_strndup(r->a, base, n);
		if (origin_ok(base))
			return arena_printf(r->a, "%s%s", base, path);
		log_warn("public_url is not http(s)://host[:port]; ignored");
	}
	return origin_ok(r->host) ? arena_printf(r->a, "%s%s", r->host,
	    path) : NULL;
}

/* ---- The QR code ---------------------------------------------------- */

int
web_qr_svg(struct buf *b, const char *text, const char *label)
{
	QRcode		*qr;
	const char	*side;
	int		 w, x, y, run;

	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return -1;
	w = qr->width;
	side = arena_printf(b->a, "%d", w + 2 * QR_QUIET);
	html_open(b, "svg", "class", "qr", "viewBox",
	    arena_printf(b->a, "0 0 %s %s", side, side), "role", "img",
	    "aria-label", label, "shape-rendering", "crispEdges");
	html_open(b, "g", "fill", "#000");
	/* One rectangle per run of dark modules along a row (bit 0: dark). */
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x += run > 0 ? run : 1) {
			for (run = 0; x + run < w &&
			    (qr->data[y * w + x + run] & 1); run++)
				continue;
			if (run == 0)
				continue;
			html_open(b, "rect",
			    "x", arena_printf(b->a, "%d", x + QR_QUIET),
			    "y", arena_printf(b->a, "%d", y + QR_QUIET),
			    "width", arena_printf(b->a, "%d", run),
			    "height", "1");
			html_close(b, "rect");
		}
	html_close(b, "g");
	html_close(b, "svg");
	QRcode_free(qr);
	return 0;
}

/* ---- Content negotiation -------------------------------------------- */

/*
 * A qvalue (RFC 9110 §12.4.2: "0" [ "." 0*3DIGIT ] or "1" [ "." 0*3"0" ])
 * in thousandths; anything else counts as 0.
 */
static int
qvalue(const char *s, size_t n)
{
	size_t	 i;
	int	 v;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1') ||
	    (n > 1 && s[1] != '.'))
		return 0;
	v = s[0] == '1' ? 1000 : 0;
	for (i = 2; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || (s[0] == '1' && s[i] != '0'))
			return 0;
		v += (s[i] - '0') * (i == 2 ? 100 : i == 3 ? 10 : 1);
	}
	return v;
}

/*
 * How specific the media range rng[0..n) ("type/sub;q=0.5") is for want
 * ("type/sub"): 3 exact, 2 "type/ *", 1 "* / *", 0 no match; *q is its
 * weight in thousandths.
 */
static int
range_match(const char *rng, size_t n, const char *want, int *q)
{
	const char	*end = rng + n, *semi = memchr(rng, ';', n), *prm;
	const char	*slash = strchr(want, '/');
	size_t		 tn = semi != NULL ? (size_t)(semi - rng) : n, pn;
	size_t		 tl = (size_t)(slash - want) + 1;	/* "type/" */
	int		 spec = 0;

	while (tn > 0 && (rng[tn - 1] == ' ' || rng[tn - 1] == '\t'))
		tn--;
	if (tn == 3 && strncmp(rng, "*/*", 3) == 0)
		spec = 1;
	else if (tn == tl + 1 && rng[tl] == '*' &&
	    strncasecmp(rng, want, tl) == 0)
		spec = 2;
	else if (tn == strlen(want) && strncasecmp(rng, want, tn) == 0)
		spec = 3;
	if (spec == 0)
		return 0;
	*q = 1000;
	/* The parameters: ";q=" is the weight, the others do not matter. */
	for (prm = semi; prm != NULL; prm = semi) {
		prm++;
		while (prm < end && (*prm == ' ' || *prm == '\t'))
			prm++;
		semi = memchr(prm, ';', (size_t)(end - prm));
		pn = (size_t)((semi != NULL ? semi : end) - prm);
		if (pn >= 2 && (prm[0] == 'q' || prm[0] == 'Q') && prm[1] == '=')
			*q = qvalue(prm + 2, pn - 2);
	}
	return spec;
}

/* The weight the Accept header gives want: its most specific range's. */
static int
accept_weight(const char *accept, const char *want)
{
	const char	*s = accept, *comma;
	size_t		 n;
	int		 best = 0, q = 0, spec, weight = 0, ranges = 0;

	while (*s != '\0' && ranges++ < 32) {
		while (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		comma = strchr(s, ',');
		n = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if (n > 0 && (spec = range_match(s, n, want, &q)) > best) {
			best = spec;
			weight = q;
		}
		s += n;
	}
	return weight;
}

int
web_prefers_json(const char *accept)
{
	if (accept == NULL || strlen(accept) > 1024)
		return 0;
	return accept_weight(accept, "application/json") >
	    accept_weight(accept, "text/html");
}

/* ---- The page ------------------------------------------------------- */

static void
row(struct pub *p, const char *dt, const char *dd)
{
	if (dd == NULL || *dd == '\0')
		return;
	html_elem(p->b, "dt", dt);
	html_elem(p->b, "dd", dd);
}

/* A value of the notice as text ("" when null). */
static const char *
js(struct pub *p, const char *key)
{
	return web_jstr(p->c, key);
}

static const char *
stage_name(struct pub *p, const char *code)
{
	return msg_stage(p->l, (enum stage)code_stage(code, strlen(code)));
}

static void
about(struct pub *p)
{
	const char	*cty = js(p, "county");

	html_elem(p->b, "h2", t(p, MSG_PUB_ABOUT));
	html_open(p->b, "dl", "class", "summary");
	row(p, msg_field(p->l, "county"), msg_county(p->l,
	    (enum county)code_county(cty, strlen(cty))));
	row(p, msg_field(p->l, "street"), js(p, "street"));
	row(p, msg_field(p->l, "address"), js(p, "address"));
	row(p, msg_field(p->l, "built_year"), js(p, "built_year"));
	row(p, msg_field(p->l, "buildings"), js(p, "buildings"));
	row(p, msg_field(p->l, "households"), js(p, "households"));
	row(p, msg_field(p->l, "floor_area_m2"), js(p, "floor_area_m2"));
	row(p, t(p, MSG_PUB_STAGE), stage_name(p, js(p, "stage")));
	row(p, msg_field(p->l, "notice_posted_on"), js(p, "notice_posted_on"));
	html_close(p->b, "dl");
}

/* The six stages of the main line, each with the day it was reached. */
static void
timeline(struct pub *p)
{
	struct json_object	*dates = jget(p->c, "stage_dates");
	const char		*cur = js(p, "stage"), *on;
	int			 st = code_stage(cur, strlen(cur)), i;

	html_elem(p->b, "h2", t(p, MSG_C_PROGRESS));
	html_open(p->b, "ol", "class", "lifecycle");
	for (i = STAGE_DECLARED; i <= STAGE_MANAGED; i++) {
		if (i < st)
			html_open(p->b, "li", "class", "done");
		else if (i == st)
			html_open(p->b, "li", "class", "current",
			    "aria-current", "step");
		else
			html_open(p->b, "li");
		html_text(p->b, msg_stage(p->l, (enum stage)i));
		if (i <= st)
			html_elem(p->b, "span", t(p, i < st ?
			    MSG_C_STAGE_DONE : MSG_C_STAGE_CURRENT),
			    "class", "visually-hidden");
		on = web_jstr(dates, stages[i].code);
		if (i <= st && *on != '\0')
			html_elem(p->b, "time", on, "datetime", on);
		html_close(p->b, "li");
	}
	html_close(p->b, "ol");
}

static void
th_col(struct pub *p, const char *text, int numeric)
{
	if (numeric)
		html_elem(p->b, "th", text, "scope", "col", "class", "num");
	else
		html_elem(p->b, "th", text, "scope", "col");
}

static void
items(struct pub *p)
{
	static const struct {
		const char	*code;
		enum msg	 m;
	} status[] = {
		{ "planned", MSG_PUB_ST_PLANNED },
		{ "done", MSG_PUB_ST_DONE },
		{ "signed_off", MSG_PUB_ST_SIGNED },
	};
	struct json_object	*its = jget(p->c, "items"), *it;
	struct buf		*b = p->b;
	const char		*k, *d, *s;
	size_t			 i, j, n = jlen(its);

	html_elem(b, "h2", t(p, MSG_PUB_ITEMS));
	if (n == 0) {
		html_elem(b, "p", t(p, MSG_PUB_NO_PLAN), "class", "pub-none");
		return;
	}
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "class", "pub-items");
	html_open(b, "thead");
	html_open(b, "tr");
	th_col(p, msg_field(p->l, "kind"), 0);
	th_col(p, t(p, MSG_PUB_COL_DEPT), 0);
	th_col(p, t(p, MSG_PUB_COL_BUDGET), 1);
	th_col(p, t(p, MSG_PUB_COL_PROGRESS), 0);
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	for (i = 0; i < n; i++) {
		it = json_object_array_get_idx(its, i);
		k = web_jstr(it, "kind");
		d = web_jstr(it, "dept");
		s = web_jstr(it, "status");
		html_open(b, "tr");
		html_elem(b, "th", msg_kind(p->l, (enum kind)code_kind(k,
		    strlen(k))), "scope", "row");
		html_elem(b, "td", msg_dept(p->l, (enum dept)code_dept(d,
		    strlen(d))));
		if (jget(it, "estimate_yuan") != NULL)
			html_elem(b, "td", jmoney(p, it, "estimate_yuan"),
			    "class", "num");
		else
			html_elem(b, "td", t(p, MSG_NOT_RECORDED), "class",
			    "num");
		for (j = 0; j < sizeof(status) / sizeof(status[0]); j++)
			if (strcmp(s, status[j].code) == 0)
				html_elem(b, "td", t(p, status[j].m));
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	html_open(b, "tfoot");
	html_open(b, "tr");
	html_elem(b, "th", t(p, MSG_PUB_TOTAL), "scope", "row", "colspan", "2");
	html_elem(b, "td", jmoney(p, p->c, "estimate_total_yuan"),
	    "class", "num");
	html_elem(b, "td", NULL);
	html_close(b, "tr");
	html_close(b, "tfoot");
	html_close(b, "table");
	html_close(b, "div");
}

static void
funding(struct pub *p)
{
	struct json_object	*fs = jget(p->c, "funding"), *f;
	struct buf		*b = p->b;
	const char		*src;
	size_t			 i, n = jlen(fs);

	html_open(b, "section");
	html_elem(b, "h2", t(p, MSG_PUB_FUNDING));
	if (n == 0) {
		html_elem(b, "p", t(p, MSG_PUB_NO_FUNDING), "class", "pub-none");
		html_close(b, "section");
		return;
	}
	html_open(b, "div", "class", "table-wrap");
	html_open(b, "table", "class", "pub-funding");
	html_open(b, "thead");
	html_open(b, "tr");
	th_col(p, msg_field(p->l, "source"), 0);
	th_col(p, t(p, MSG_PUB_COL_PLANNED), 1);
	th_col(p, t(p, MSG_PUB_COL_RECEIVED), 1);
	html_close(b, "tr");
	html_close(b, "thead");
	html_open(b, "tbody");
	for (i = 0; i < n; i++) {
		f = json_object_array_get_idx(fs, i);
		src = web_jstr(f, "source");
		html_open(b, "tr");
		html_elem(b, "th", msg_source(p->l, code_source(src,
		    strlen(src))), "scope", "row");
		html_elem(b, "td", jmoney(p, f, "planned_yuan"), "class", "num");
		html_elem(b, "td", jmoney(p, f, "received_yuan"), "class", "num");
		html_close(b, "tr");
	}
	html_close(b, "tbody");
	f = jget(p->c, "funding_total");
	html_open(b, "tfoot");
	html_open(b, "tr");
	html_elem(b, "th", t(p, MSG_PUB_TOTAL), "scope", "row");
	html_elem(b, "td", jmoney(p, f, "planned_yuan"), "class", "num");
	html_elem(b, "td", jmoney(p, f, "received_yuan"), "class", "num");
	html_close(b, "tr");
	html_close(b, "tfoot");
	html_close(b, "table");
	html_close(b, "div");
	html_close(b, "section");
}

/* The office to ask, and on the sheet the QR code beside it. */
static void
contact(struct pub *p)
{
	struct json_object	*o = jget(p->c, "office");
	struct buf		*b = p->b;

	html_open(b, "div", "class", "pub-contact");
	html_open(b, "div");
	html_elem(b, "h2", t(p, MSG_PUB_CONTACT));
	if (o == NULL || json_object_get_type(o) != json_type_object)
		html_elem(b, "p", t(p, MSG_PUB_NO_OFFICE));
	else {
		html_elem(b, "p", t(p, MSG_PUB_CONTACT_LEAD));
		html_open(b, "dl", "class", "summary");
		row(p, t(p, MSG_PUB_OFFICE), web_jstr(o, "office"));
		row(p, t(p, MSG_PUB_PHONE), web_jstr(o, "phone"));
		row(p, t(p, MSG_PUB_OFFICE_ADDRESS), web_jstr(o, "address"));
		html_close(b, "dl");
	}
	html_close(b, "div");
	if (p->print && p->url != NULL) {
		html_open(b, "div", "class", "pub-qr");
		if (web_qr_svg(b, p->url, t(p, MSG_PUB_QR_LABEL)) != 0)
			log_warn("qrencode: cannot encode the notice's address");
		html_elem(b, "p", t(p, MSG_PUB_QR_CAPTION));
		html_elem(b, "p", p->url, "class", "pub-url");
		html_close(b, "div");
	}
	html_close(b, "div");
}

/* The day, in China (UTC+8 all year, as the database's Asia/Shanghai). */
static const char *
today(struct pub *p)
{
	time_t		 now = (time_t)(p->r->now + 8 * 3600);
	struct tm	 tm;
	char		 d[16];

	gmtime_r(&now, &tm);
	strftime(d, sizeof(d), "%Y-%m-%d", &tm);
	return arena_strdup(p->r->a, d);
}

static enum jg_err
notice(struct req *r, int print)
{
	struct pub	 p;
	struct buf	 b;
	PGresult	*res;
	const char	*prm[1] = { r->code };
	const char	*json;
	enum jg_err	 e;
	char		 v[8];

	memset(&p, 0, sizeof(p));
	p.r = r;
	p.b = &b;
	p.l = (enum lang)r->lang;
	p.print = print || (query_get(r->query, "print", v, sizeof(v)) == 1 &&
	    strcmp(v, "1") == 0);
	if (r->code == NULL)
		return JG_NOT_FOUND;
	if ((e = db_exec(r->a, STMT_PUBLIC_JSON, prm, &res)) != JG_OK)
		return e;
	json = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ?
	    PQgetvalue(res, 0, 0) : NULL;
	/* The API's shape for a client that asks for JSON. */
	if (!p.print && web_prefers_json(r->accept)) {
		if (json == NULL) {
			req_fail(r, JG_NOT_FOUND, "no such community");
			http_error(r, JG_NOT_FOUND);
		} else
			api_answer(r, 200, json);
		return JG_OK;
	}
	if (json == NULL)
		return req_fail(r, JG_NOT_FOUND, "no such community");
	if ((p.c = json_tokener_parse(json)) == NULL)
		return req_fail(r, JG_INTERNAL, "public_json is not JSON");
	arena_cleanup(r->a, json_put, p.c);
	p.path = arena_printf(r->a, "/public/communities/%s", r->code);
	p.url = notice_url(r, p.path);

	buf_init(&b, r->a);
	web_page_begin(r, &b, arena_printf(r->a, "%s %s", js(&p, "name"),
	    t(&p, MSG_PUB_KICKER)), NULL);
	html_open(&b, "article", "class", p.print ? "pub pub-sheet" : "pub");
	html_elem(&b, "p", t(&p, MSG_PUB_KICKER), "class", "pub-kicker");
	html_elem(&b, "h1", js(&p, "name"));
	html_elem(&b, "p", t(&p, MSG_PUB_LEAD), "class", "pub-lead");
	if (p.print) {
		html_open(&b, "div", "class", "pub-screen");
		html_elem(&b, "p", t(&p, MSG_PUB_PRINT_HINT));
		html_open(&b, "p");
		html_elem(&b, "a", t(&p, MSG_PUB_BACK), "href", p.path);
		html_close(&b, "p");
		html_close(&b, "div");
	} else {
		html_open(&b, "p", "class", "pub-screen");
		html_elem(&b, "a", t(&p, MSG_PUB_PRINT_LINK), "href",
		    arena_printf(r->a, "%s/print", p.path));
		html_close(&b, "p");
	}
	about(&p);
	timeline(&p);
	items(&p);
	/* Side by side on paper, where height is short. */
	html_open(&b, "div", "class", "pub-bottom");
	funding(&p);
	contact(&p);
	html_close(&b, "div");
	if (p.print)
		html_elem(&b, "p", fill(&p, MSG_PUB_PRINTED, today(&p)),
		    "class", "pub-printed");
	html_close(&b, "article");
	web_page_end(r, &b);
	web_answer(r, &b, 200);
	return JG_OK;
}

enum jg_err
web_public(struct req *r)
{
	return notice(r, 0);
}

enum jg_err
web_public_print(struct req *r)
{
	return notice(r, 1);
}
