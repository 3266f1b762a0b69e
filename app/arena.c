/*
 * arena.c - a bump allocator in chunks, with cleanup hooks.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN	(64 * 1024)
#define ALIGN		(_Alignof(max_align_t))

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;	/* usable bytes after the header */
	size_t			 used;
	max_align_t		 data[];
};

struct arena_cleanup {
	struct arena_cleanup	*next;
	void			(*fn)(void *);
	void			*p;
};

static void
oom(size_t n)
{
	fprintf(stderr, "jiugai: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk	*c = a->head;
	size_t			 off, sz;
	void			*p;

	if (n == 0)
		n = 1;
	if (c != NULL) {
		off = (c->used + ALIGN - 1) & ~(ALIGN - 1);
		if (off <= c->size && c->size - off >= n) {
			p = (char *)c->data + off;
			c->used = off + n;
			memset(p, 0, n);
			return p;
		}
	}
	if (n > SIZE_MAX / 2)
		oom(n);
	sz = n > CHUNK_MIN ? n : CHUNK_MIN;
	if ((c = malloc(sizeof(*c) + sz)) == NULL)
		oom(n);
	c->size = sz;
	c->used = n;
	/*
	 * A big allocation gets its own chunk behind the current one, so
	 * the current chunk's free space stays usable.
	 */
	if (a->head != NULL && n > CHUNK_MIN / 2) {
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = a->head;
		a->head = c;
	}
	memset(c->data, 0, n);
	return c->data;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 n;
	char	*p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom(0);
	p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_cleanup(struct arena *a, void (*fn)(void *), void *p)
{
	struct arena_cleanup	*c = arena_alloc(a, sizeof(*c));

	c->fn = fn;
	c->p = p;
	c->next = a->cleanups;
	a->cleanups = c;
}

static void
run_cleanups(struct arena *a)
{
	struct arena_cleanup	*c;

	/* Cleanups live in the arena itself: take each before its memory goes. */
	while ((c = a->cleanups) != NULL) {
		a->cleanups = c->next;
		c->fn(c->p);
	}
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk	*c, *next;

	run_cleanups(a);
	if (a->head == NULL)
		return;
	for (c = a->head->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head->next = NULL;
	a->head->used = 0;
	/* An oversized first chunk is not kept for the next request. */
	if (a->head->size > 4 * CHUNK_MIN) {
		free(a->head);
		a->head = NULL;
	}
}

void
arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->head);
	a->head = NULL;
}
