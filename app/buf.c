/*
 * buf.c - growable buffers on an arena.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"

void
buf_init(struct buf *b, struct arena *a)
{
	b->a = a;
	b->cap = 256;
	b->p = arena_alloc(a, b->cap);
	b->len = 0;
}

static void
buf_grow(struct buf *b, size_t n)
{
	size_t	 cap;
	char	*p;

	if (b->len + n + 1 <= b->cap)
		return;
	for (cap = b->cap * 2; cap < b->len + n + 1; cap *= 2)
		continue;
	p = arena_alloc(b->a, cap);
	memcpy(p, b->p, b->len + 1);
	b->p = p;
	b->cap = cap;
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_json_strn(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t		 i;
	unsigned char	 c;
	char		 esc[7];

	buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		switch (c) {
		case '"':  buf_add(b, "\\\"", 2); break;
		case '\\': buf_add(b, "\\\\", 2); break;
		case '\n': buf_add(b, "\\n", 2); break;
		case '\r': buf_add(b, "\\r", 2); break;
		case '\t': buf_add(b, "\\t", 2); break;
		default:
			/* '<' too, so JSON can never close a script element. */
			if (c < 0x20 || c == 0x7f || c == '<') {
				memcpy(esc, "\\u00", 4);
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 0xf];
				buf_add(b, esc, 6);
			} else
				buf_putc(b, (char)c);
		}
	}
	buf_putc(b, '"');
}

void
buf_json_str(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, "null");
	else
		buf_json_strn(b, s, strlen(s));
}
