/*
 * buf.h - growable byte buffers in an arena, with JSON escaping (HTML: html.h).
 */
#ifndef JIUGAI_BUF_H
#define JIUGAI_BUF_H

#include <stddef.h>

#include "arena.h"

struct buf {
	struct arena	*a;
	char		*p;	/* always NUL-terminated */
	size_t		 len;
	size_t		 cap;
};

/* Start an empty buffer whose memory belongs to a. */
void	buf_init(struct buf *b, struct arena *a);
void	buf_add(struct buf *b, const char *s, size_t n);
void	buf_puts(struct buf *b, const char *s);
void	buf_putc(struct buf *b, char c);
void	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Append s as a quoted JSON string, escaping as RFC 8259 requires. */
void	buf_json_str(struct buf *b, const char *s);
void	buf_json_strn(struct buf *b, const char *s, size_t n);

#endif
