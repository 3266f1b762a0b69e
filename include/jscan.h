/*
 * jscan.h - the raw-text checks behind every strict JSON parse.
 *
 * json-c 0.16 is lenient even in strict mode (SECURITY.md), so JSON
 * text is checked here before json-c builds anything: jscan_document()
 * for the RFC 8259 grammar, jscan_duplicate_key() for keys an object
 * names twice.  jin_parse_ex() (jsonin.h) runs both, then json-c; it is
 * the one path for request bodies and token headers and payloads alike.
 */
#ifndef JIUGAI_JSCAN_H
#define JIUGAI_JSCAN_H

#include <stddef.h>

/* Deepest nesting jscan_document() can be asked for: bounds its stack. */
#define JSCAN_DEPTH_MAX	64

/* What jscan_document() found in a text it accepted. */
#define JSCAN_NUL_STR	0x1	/* a string value holds \u0000 */
#define JSCAN_NUL_KEY	0x2	/* a key holds \u0000 */

/*
 * Incremental UTF-8 validation (RFC 3629 §4).  Start from
 * JSCAN_UTF8_INIT; the text is valid when every byte was accepted and
 * need is 0 at its end.
 */
struct jscan_utf8 {
	unsigned	 need;	/* continuation bytes still expected */
	unsigned char	 lo, hi;	/* bounds of the next one */
};

#define JSCAN_UTF8_INIT	{ 0, 0x80, 0xbf }

/*
 * Feed the next byte c of a text to u.  Returns 0, or -1 when c cannot
 * continue valid UTF-8: overlong forms, surrogates (U+D800..U+DFFF) and
 * code points past U+10FFFF are refused.  u is then unspecified.
 */
int	 jscan_utf8_feed(struct jscan_utf8 *u, unsigned char c);

/*
 * Whether c is JSON whitespace (RFC 8259 §2): space, tab, LF or CR,
 * nothing else (no \f, no BOM, no NUL).
 */
int	 jscan_is_ws(unsigned char c);

/*
 * Check that buf[0..len) is exactly one RFC 8259 value, with optional
 * whitespace around it: no NaN, Infinity, single quotes, comments,
 * trailing commas, leading zeros, raw control characters in strings,
 * lone surrogate escapes, invalid or overlong UTF-8, BOM or NUL byte.
 * Every value is a level, scalars included, the top one being 1; none
 * may be deeper than depth (1 to JSCAN_DEPTH_MAX, else every text is
 * refused) -- the same count as json_tokener_new_ex(depth).
 * An escaped \u0000 is not refused: *found (found may be NULL) gets
 * JSCAN_NUL_KEY and JSCAN_NUL_STR for where it appeared, or 0, and the
 * caller decides.  Returns the first significant byte ('{' for an
 * object), or -1 when the text is refused.  Allocates nothing.
 */
int	 jscan_document(const char *buf, size_t len, int depth,
	    unsigned *found);

/*
 * Look for an object (at any depth) of the JSON text buf[0..len) that
 * names the same key twice, comparing keys the way json-c stores them:
 * escapes decoded ("\u0061" equals "a") and cut at a \u0000
 * ("a\u0000b" equals "a"), for json-c would keep only the last value
 * of such keys.  The text should already have passed jscan_document();
 * on other text the answer is merely safe, not meaningful.
 * Returns 1 and copies the first repeated key (truncated on a character
 * boundary, NUL-terminated, when keysz > 0) into key; 0 when every key
 * is unique; -1 when memory runs out (callers must refuse the text).
 * Allocates only for the duration of the call.
 */
int	 jscan_duplicate_key(const char *buf, size_t len, char *key,
	    size_t keysz);

#endif
