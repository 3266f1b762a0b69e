/*
 * metrics.h - counters shared by all workers (one anonymous shared
 * mapping made by the master before it forks), read by GET /metrics.
 */
#ifndef JIUGAI_METRICS_H
#define JIUGAI_METRICS_H

#include "buf.h"

/* Map the shared counters; call once in the master.  0 or -1. */
int	metrics_init(int nroutes);
/* Count one request of route (-1: none matched) with status and latency. */
void	metrics_request(int route, int status, double seconds);
/* Count one database error. */
void	metrics_db_error(void);
/* Prometheus text exposition of everything counted. */
void	metrics_render(struct buf *b, const char *(*name)(int), int nroutes);

#endif
