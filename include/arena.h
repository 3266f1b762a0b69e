/*
 * arena.h - one memory pool per request, reset when the request ends.
 *
 * Everything a request allocates comes from its arena; handlers never
 * free.  Non-memory resources (PGresult, json_object) are registered as
 * cleanups and released, newest first, by arena_reset().  Allocation
 * failure logs and aborts: ordinary code needs no NULL checks.
 */
#ifndef JIUGAI_ARENA_H
#define JIUGAI_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;
struct arena_cleanup;

struct arena {
	struct arena_chunk	*head;
	struct arena_cleanup	*cleanups;
};

/* Zeroed memory of n bytes, aligned for any type, owned by the arena. */
void	*arena_alloc(struct arena *a, size_t n);
/* Copies of strings, owned by the arena. */
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_strndup(struct arena *a, const char *s, size_t n);
/* A formatted string owned by the arena. */
char	*arena_printf(struct arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
char	*arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
/* Run fn(p) at the next arena_reset(), newest registration first. */
void	 arena_cleanup(struct arena *a, void (*fn)(void *), void *p);
/* Run the cleanups and release all memory but one chunk for reuse. */
void	 arena_reset(struct arena *a);
/* arena_reset() and release everything. */
void	 arena_free(struct arena *a);

#endif
