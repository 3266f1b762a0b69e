/*
 * html.h - writing HTML that is escaped by construction.
 *
 * Pages are written into the request's arena buffer (buf.h) only through
 * these functions.  Text and attribute values are always escaped; tag
 * names come from a fixed allow-list, attribute names must be lower-case
 * letters and '-' (and never an event handler or style); URL-valued
 * attributes accept only relative references and http(s).  The one way
 * to write markup as it is, html_raw_trusted(), accepts string literals
 * only, so no run-time value can reach it.
 *
 * Text is cleaned on the way out: invalid UTF-8 becomes U+FFFD, control
 * characters other than tab, line feed and carriage return are dropped.
 *
 * Refusals (an unknown tag, a bad attribute name) write nothing, return
 * -1 and log a warning: they are programming errors, and the page stays
 * well-formed and harmless.
 */
#ifndef JIUGAI_HTML_H
#define JIUGAI_HTML_H

#include "buf.h"
#include "i18n.h"

/* The name of the hidden form field that carries the CSRF token. */
#define HTML_CSRF_FIELD	"csrf"

/* Append s as text: & < > " ' escaped, UTF-8 cleaned.  NULL writes nothing. */
void	html_text(struct buf *b, const char *s);
/* The same for the n bytes at s (need not be NUL-terminated). */
void	html_textn(struct buf *b, const char *s, size_t n);

/*
 * Append ` name="value"`, the value escaped as text.  A NULL value writes
 * the bare ` name` (a boolean attribute such as required).  The name must
 * be 1 to 32 of [a-z-], and neither "style", "srcdoc" nor on*; the only
 * exceptions are SVG's viewBox, preserveAspectRatio, refX, refY,
 * markerWidth and markerHeight, spelt exactly so.  For the
 * URL-valued names (href, src, action, formaction, cite, poster) a value
 * that is not a relative reference or an http: or https: URL - whatever
 * its case, spaces, control characters or character references - is
 * written as "#"; so is a scheme-relative "//host".
 * Returns 0, 1 when a URL was replaced by "#", or -1 (nothing written)
 * for a refused name.
 */
int	html_attr(struct buf *b, const char *name, const char *value);

/* Whether value may be written as the value of a URL attribute. */
int	html_url_ok(const char *value);

/*
 * Append the start tag <tag name="value" ...>.  The variable arguments
 * are name, value pairs (a NULL value: boolean attribute), ended by the
 * NULL the macro adds: html_open(b, "a", "href", url, "class", "x").
 * Each pair goes through html_attr(); refused pairs are skipped.
 * Returns 0, or -1 (nothing written) when tag is not on the allow-list.
 */
int	html_open_(struct buf *b, const char *tag, ...)
	    __attribute__((sentinel));
#define html_open(b, ...)	html_open_((b), __VA_ARGS__, (const char *)NULL)

/*
 * Append </tag>.  Returns -1 (nothing written) when tag is not on the
 * allow-list or is a void element (input, br, meta, ...), which has none.
 */
int	html_close(struct buf *b, const char *tag);

/*
 * <tag attrs...>text</tag> in one call: html_elem(b, "td", name,
 * "class", "num").  text is escaped; NULL writes an empty element.
 * Returns as html_open_(); a void element is refused.
 */
int	html_elem_(struct buf *b, const char *tag, const char *text, ...)
	    __attribute__((sentinel));
#define html_elem(b, ...)	html_elem_((b), __VA_ARGS__, (const char *)NULL)

/*
 * Append markup as it is.  Only a string literal compiles ("" lit ""),
 * so what it writes is always in the source code, never a value.
 */
void	html_raw_trusted_(struct buf *b, const char *literal);
#define html_raw_trusted(b, lit)	html_raw_trusted_((b), "" lit "")

/*
 * The page skeleton, in three calls:
 *   html_page_begin(b, lang, title)  doctype, <html lang>, <head> with
 *       charset, viewport, "<title>title - site name</title>" and the
 *       stylesheet /static/jiugai.css; <body>, the skip link to #main, and
 *       the opened site header with the site name linking to "/";
 *   (the caller may add navigation, the language switch, the user here)
 *   html_page_main(b)  closes the header and opens <main id="main">;
 *   html_page_end(b, lang)  closes main, writes the footer, closes the page.
 * title is escaped; NULL gives the site name alone.
 */
void	html_page_begin(struct buf *b, enum lang l, const char *title);
void	html_page_main(struct buf *b);
void	html_page_end(struct buf *b, enum lang l);

/*
 * The language switch: a link to path?lang=xx for the other language,
 * labelled in that language's own name, with hreflang and lang set.
 * path is the current path (no query); it goes through the URL check.
 */
void	html_lang_switch(struct buf *b, enum lang l, const char *path);

/*
 * <form method="post" action="action"> and its hidden CSRF field, always:
 * csrf is the token of the session (NULL writes an empty value, which
 * the server will refuse).  Close with html_form_end().
 */
void	html_form_post(struct buf *b, const char *action, const char *csrf);
/* <form method="get" action="action">: filters and searches, no token. */
void	html_form_get(struct buf *b, const char *action);
void	html_form_end(struct buf *b);

#endif
