/*
 * log.c - timestamped lines on stderr.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static void
log_v(const char *level, const char *fmt, va_list ap)
{
	char		 ts[32], msg[2048];
	time_t		 t = time(NULL);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One write per line, so lines of several workers do not mix. */
	dprintf(STDERR_FILENO, "%s [%d] %s: %s\n", ts, (int)getpid(), level, msg);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_v("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_v("warn", fmt, ap);
	va_end(ap);
}

void
log_err(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_v("error", fmt, ap);
	va_end(ap);
}
