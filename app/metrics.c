/*
 * metrics.c - request counters by route and status, a latency histogram
 * and database errors, in memory shared by the workers.
 */
#include <sys/mman.h>

#include <stddef.h>
#include <stdio.h>

#include "metrics.h"

static const int statuses[] = {
	200, 201, 202, 204, 400, 401, 403, 404, 405, 409, 411, 413, 415,
	422, 500, 502, 503, 0 /* other */
};
#define NSTATUS		(sizeof(statuses) / sizeof(statuses[0]))
/* Room for route.c's table (66 rows in issue 5) with some to spare. */
#define MAXROUTES	128

static const double buckets[] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
};
#define NBUCKETS	(sizeof(buckets) / sizeof(buckets[0]))

struct shared {
	unsigned long long	 req[MAXROUTES + 1][NSTATUS];
	unsigned long long	 hist[NBUCKETS + 1];	/* last: +Inf */
	unsigned long long	 sum_us;
	unsigned long long	 count;
	unsigned long long	 db_errors;
};

static struct shared	*m;

int
metrics_init(int nroutes)
{
	void	*p;

	if (nroutes > MAXROUTES)
		return -1;
	p = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	m = p;
	return 0;
}

static void
add(unsigned long long *p, unsigned long long v)
{
	__atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}

static unsigned long long
get(const unsigned long long *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

void
metrics_request(int route, int status, double seconds)
{
	size_t	 s, b;
	int	 r;

	if (m == NULL)
		return;
	r = (route < 0 || route >= MAXROUTES) ? MAXROUTES : route;
	for (s = 0; s < NSTATUS - 1 && statuses[s] != status; s++)
		continue;
	add(&m->req[r][s], 1);
	for (b = 0; b < NBUCKETS && seconds > buckets[b]; b++)
		continue;
	add(&m->hist[b], 1);
	add(&m->sum_us, (unsigned long long)(seconds * 1e6));
	add(&m->count, 1);
}

void
metrics_db_error(void)
{
	if (m != NULL)
		add(&m->db_errors, 1);
}

void
metrics_render(struct buf *b, const char *(*name)(int), int nroutes)
{
	unsigned long long	 v, cum = 0;
	size_t			 s, k;
	int			 r;

	buf_puts(b, "# HELP jiugai_requests_total Requests by route and status.\n"
	    "# TYPE jiugai_requests_total counter\n");
	if (m == NULL)
		return;
	for (r = 0; r <= nroutes && r <= MAXROUTES; r++)
		for (s = 0; s < NSTATUS; s++) {
			if ((v = get(&m->req[r == nroutes ? MAXROUTES : r][s])) == 0)
				continue;
			buf_printf(b, "jiugai_requests_total{route=\"%s\",status=\"%s%d\"} %llu\n",
			    name(r == nroutes ? -1 : r),
			    statuses[s] == 0 ? "other" : "",
			    statuses[s] == 0 ? 0 : statuses[s], v);
		}
	buf_puts(b, "# HELP jiugai_request_duration_seconds Time to answer.\n"
	    "# TYPE jiugai_request_duration_seconds histogram\n");
	for (k = 0; k < NBUCKETS; k++) {
		cum += get(&m->hist[k]);
		buf_printf(b, "jiugai_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
		    buckets[k], cum);
	}
	cum += get(&m->hist[NBUCKETS]);
	buf_printf(b, "jiugai_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
	buf_printf(b, "jiugai_request_duration_seconds_sum %.6f\n",
	    (double)get(&m->sum_us) / 1e6);
	buf_printf(b, "jiugai_request_duration_seconds_count %llu\n", get(&m->count));
	buf_printf(b, "# HELP jiugai_db_errors_total Database errors.\n"
	    "# TYPE jiugai_db_errors_total counter\njiugai_db_errors_total %llu\n",
	    get(&m->db_errors));
}
