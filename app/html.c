/*
 * html.c - the HTML emitter: escaping, the tag allow-list, URL checks and
 * the page skeleton.
 *
 * Everything here writes into a struct buf.  Markup written as it is
 * (buf_puts of a literal) appears only in this file and in
 * html_raw_trusted(); every value goes through html_textn().
 */
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "log.h"

#define ATTR_NAME_MAX	32
#define SCHEME_MAX	16

/* The elements pages may use; void ones have no end tag. */
static const struct {
	const char	*name;
	int		 isvoid;
} tags[] = {
	{ "a", 0 },		{ "abbr", 0 },		{ "article", 0 },
	{ "aside", 0 },		{ "body", 0 },		{ "br", 1 },
	{ "button", 0 },	{ "caption", 0 },	{ "circle", 0 },
	{ "code", 0 },		{ "col", 1 },		{ "colgroup", 0 },
	{ "dd", 0 },		{ "defs", 0 },		{ "del", 0 },
	{ "details", 0 },	{ "div", 0 },		{ "dl", 0 },
	{ "dt", 0 },		{ "em", 0 },		{ "fieldset", 0 },
	{ "footer", 0 },	{ "form", 0 },		{ "g", 0 },
	{ "h1", 0 },		{ "h2", 0 },		{ "h3", 0 },
	{ "h4", 0 },		{ "head", 0 },		{ "header", 0 },
	{ "hr", 1 },		{ "html", 0 },		{ "img", 1 },
	{ "input", 1 },		{ "ins", 0 },		{ "label", 0 },
	{ "legend", 0 },	{ "li", 0 },		{ "line", 0 },
	{ "link", 1 },		{ "main", 0 },		{ "marker", 0 },
	{ "meta", 1 },		{ "meter", 0 },		{ "nav", 0 },
	{ "ol", 0 },		{ "optgroup", 0 },	{ "option", 0 },
	{ "p", 0 },		{ "path", 0 },		{ "polygon", 0 },
	{ "polyline", 0 },	{ "pre", 0 },		{ "progress", 0 },
	{ "rect", 0 },		{ "section", 0 },	{ "select", 0 },
	{ "small", 0 },		{ "span", 0 },		{ "strong", 0 },
	{ "summary", 0 },	{ "svg", 0 },		{ "table", 0 },
	{ "tbody", 0 },		{ "td", 0 },		{ "text", 0 },
	{ "textarea", 0 },	{ "tfoot", 0 },		{ "th", 0 },
	{ "thead", 0 },		{ "time", 0 },		{ "title", 0 },
	{ "tr", 0 },		{ "tspan", 0 },		{ "ul", 0 },
};

/* Attributes whose value is a URL. */
static const char *const url_attrs[] = {
	"action", "cite", "formaction", "href", "poster", "src",
};

/* Attribute names refused outright (on* is refused by prefix). */
static const char *const bad_attrs[] = {
	"http-equiv",	/* <meta http-equiv=refresh> is a redirect */
	"srcdoc",	/* a whole document in an attribute */
	"style",	/* CSS is one file; the CSP forbids inline style */
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The camelCase attributes of SVG that the diagram needs, by exact name:
 * an exception to the [a-z-] rule for these and nothing else.  None of
 * them holds a URL or script.
 */
static const char *const svg_attrs[] = {
	"markerHeight", "markerWidth", "preserveAspectRatio", "refX", "refY",
	"viewBox",
};

/* The allow-list index of tag, or -1. */
static int
tag_find(const char *tag)
{
	size_t	 i;

	if (tag == NULL)
		return -1;
	for (i = 0; i < NELEM(tags); i++)
		if (strcmp(tags[i].name, tag) == 0)
			return (int)i;
	return -1;
}

static int
in_list(const char *const *list, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/*
 * The length of the well-formed UTF-8 sequence at s (at most n bytes),
 * or 0 when it is not one; *bad then holds how many bytes the ill-formed
 * part (its maximal subpart, Unicode §3.9) spans, to be replaced by one
 * U+FFFD.
 */
static size_t
utf8_len(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 need, j;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 1;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		need = 2;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* no overlong forms */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		need = 3;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	j = 1;
	if (j < n && s[j] >= lo && s[j] <= hi) {
		j++;
		while (j <= need && j < n && s[j] >= 0x80 && s[j] <= 0xbf)
			j++;
	}
	if (j == need + 1)
		return j;
	*bad = j;
	return 0;
}

void
html_textn(struct buf *b, const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k, bad;

	while (i < n) {
		switch (u[i]) {
		case '&':  buf_add(b, "&amp;", 5); i++; continue;
		case '<':  buf_add(b, "&lt;", 4); i++; continue;
		case '>':  buf_add(b, "&gt;", 4); i++; continue;
		case '"':  buf_add(b, "&quot;", 6); i++; continue;
		case '\'': buf_add(b, "&#39;", 5); i++; continue;
		case '\t':
		case '\n':
		case '\r':
			buf_putc(b, (char)u[i++]);
			continue;
		default:
			break;
		}
		if (u[i] < 0x20 || u[i] == 0x7f) {	/* C0 and DEL */
			i++;
			continue;
		}
		if (u[i] < 0x80) {
			/* A run of plain ASCII at once. */
			for (k = i; k < n && u[k] >= 0x20 && u[k] < 0x7f &&
			    strchr("&<>\"'", u[k]) == NULL; k++)
				continue;
			buf_add(b, s + i, k - i);
			i = k;
			continue;
		}
		if ((k = utf8_len(u + i, n - i, &bad)) == 0) {
			buf_add(b, "\xef\xbf\xbd", 3);	/* U+FFFD */
			i += bad;
			continue;
		}
		/* C1 controls, U+0080 to U+009F, are dropped too. */
		if (!(u[i] == 0xc2 && u[i + 1] <= 0x9f))
			buf_add(b, s + i, k);
		i += k;
	}
}

void
html_text(struct buf *b, const char *s)
{
	if (s != NULL)
		html_textn(b, s, strlen(s));
}

/* Whether c is ignored in a URL's scheme: spaces and controls. */
static int
url_ignored(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/*
 * A URL is safe when it has no scheme (a relative reference) or its
 * scheme is http or https.  The scheme is read as a browser would, only
 * more suspiciously: spaces and control characters anywhere before the
 * first '/', '?' or '#' are ignored ("java\tscript:"), and a '&' there
 * (a character reference, "javascript&#58;") refuses the URL outright.
 */
int
html_url_ok(const char *value)
{
	const unsigned char	*s = (const unsigned char *)value;
	char			 scheme[SCHEME_MAX];
	size_t			 n = 0, i, j;

	if (s == NULL)
		return 0;
	for (i = 0; url_ignored(s[i]) && s[i] != '\0'; i++)
		continue;
	/* "//host" and "/\host" leave the site. */
	if (s[i] == '/' || s[i] == '\\') {
		for (j = i + 1; url_ignored(s[j]) && s[j] != '\0'; j++)
			continue;
		return s[j] != '/' && s[j] != '\\';
	}
	for (; s[i] != '\0'; i++) {
		if (url_ignored(s[i]))
			continue;
		if (strchr("/\\?#", s[i]) != NULL)
			return 1;	/* relative: no scheme */
		if (s[i] == '&')
			return 0;
		if (s[i] == ':') {
			if (n >= SCHEME_MAX)
				return 0;
			scheme[n] = '\0';
			return strcasecmp(scheme, "http") == 0 ||
			    strcasecmp(scheme, "https") == 0;
		}
		if (n < SCHEME_MAX - 1)
			scheme[n] = (char)s[i];
		n++;
	}
	return 1;
}

/* Whether name may be an attribute name. */
static int
attr_name_ok(const char *name)
{
	size_t	 i;

	if (name == NULL || name[0] == '\0')
		return 0;
	if (in_list(svg_attrs, NELEM(svg_attrs), name))
		return 1;
	for (i = 0; name[i] != '\0'; i++)
		if (i >= ATTR_NAME_MAX ||
		    !((name[i] >= 'a' && name[i] <= 'z') || name[i] == '-'))
			return 0;
	return strncmp(name, "on", 2) != 0 &&
	    !in_list(bad_attrs, NELEM(bad_attrs), name);
}

int
html_attr(struct buf *b, const char *name, const char *value)
{
	int	 r = 0;

	if (!attr_name_ok(name)) {
		log_warn("html: attribute name refused");
		return -1;
	}
	buf_putc(b, ' ');
	buf_puts(b, name);
	if (value == NULL)
		return 0;
	if (in_list(url_attrs, NELEM(url_attrs), name) &&
	    !html_url_ok(value)) {
		value = "#";
		r = 1;
	}
	buf_add(b, "=\"", 2);
	html_text(b, value);
	buf_putc(b, '"');
	return r;
}

/* The start tag of allow-listed tag t with the attribute pairs of ap. */
static void
open_tag(struct buf *b, int t, va_list ap)
{
	const char	*name, *value;

	buf_putc(b, '<');
	buf_puts(b, tags[t].name);
	while ((name = va_arg(ap, const char *)) != NULL) {
		value = va_arg(ap, const char *);
		html_attr(b, name, value);
	}
	buf_putc(b, '>');
}

int
html_open_(struct buf *b, const char *tag, ...)
{
	va_list	 ap;
	int	 t;

	if ((t = tag_find(tag)) < 0) {
		log_warn("html: tag refused");
		return -1;
	}
	va_start(ap, tag);
	open_tag(b, t, ap);
	va_end(ap);
	return 0;
}

int
html_close(struct buf *b, const char *tag)
{
	int	 t;

	if ((t = tag_find(tag)) < 0 || tags[t].isvoid) {
		log_warn("html: end tag refused");
		return -1;
	}
	buf_add(b, "</", 2);
	buf_puts(b, tags[t].name);
	buf_putc(b, '>');
	return 0;
}

int
html_elem_(struct buf *b, const char *tag, const char *text, ...)
{
	va_list	 ap;
	int	 t;

	if ((t = tag_find(tag)) < 0 || tags[t].isvoid) {
		log_warn("html: element refused");
		return -1;
	}
	va_start(ap, text);
	open_tag(b, t, ap);
	va_end(ap);
	html_text(b, text);
	return html_close(b, tag);
}

void
html_raw_trusted_(struct buf *b, const char *literal)
{
	buf_puts(b, literal);
}

void
html_page_begin(struct buf *b, enum lang l, const char *title)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"");
	buf_puts(b, lang_tag(l));
	buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	if (title != NULL && title[0] != '\0') {
		html_text(b, title);
		buf_puts(b, " - ");
	}
	html_text(b, msg(l, MSG_SITE_NAME));
	buf_puts(b, "</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/jiugai.css\">\n"
	    "</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
	html_text(b, msg(l, MSG_SKIP_TO_MAIN));
	buf_puts(b, "</a>\n<header class=\"site-header\">"
	    "<div class=\"width\">\n<a class=\"site-name\" href=\"/\">");
	html_text(b, msg(l, MSG_SITE_NAME));
	buf_puts(b, "</a>\n");
}

void
html_page_main(struct buf *b)
{
	buf_puts(b, "</div></header>\n"
	    "<main id=\"main\" class=\"width\" tabindex=\"-1\">\n");
}

void
html_page_end(struct buf *b, enum lang l)
{
	buf_puts(b, "</main>\n<footer class=\"site-footer\">"
	    "<div class=\"width\">");
	html_text(b, msg(l, MSG_SITE_LONG));
	buf_puts(b, "</div></footer>\n</body>\n</html>\n");
}

void
html_lang_switch(struct buf *b, enum lang l, const char *path)
{
	enum lang	 other = l == LANG_EN ? LANG_ZH : LANG_EN;
	const char	*href;

	href = arena_printf(b->a, "%s%clang=%s", path != NULL ? path : "",
	    path != NULL && strchr(path, '?') != NULL ? '&' : '?',
	    lang_code(other));
	html_open(b, "a", "class", "lang-switch", "href", href,
	    "hreflang", lang_code(other), "lang", lang_tag(other));
	html_text(b, msg(l, MSG_LANG_OTHER));
	html_close(b, "a");
}

void
html_form_post(struct buf *b, const char *action, const char *csrf)
{
	html_open(b, "form", "method", "post", "action", action);
	html_open(b, "input", "type", "hidden", "name", HTML_CSRF_FIELD,
	    "value", csrf != NULL ? csrf : "");
	buf_putc(b, '\n');
}

void
html_form_get(struct buf *b, const char *action)
{
	html_open(b, "form", "method", "get", "action", action);
	buf_putc(b, '\n');
}

void
html_form_end(struct buf *b)
{
	html_close(b, "form");
	buf_putc(b, '\n');
}
