/*
 * log.h - one line per message on stderr, with the process id.
 * Internals (SQL text, libpq messages) go here, never to clients.
 */
#ifndef JIUGAI_LOG_H
#define JIUGAI_LOG_H

void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
