/*
 * faults.c - `make faults`: the full fault run, on the stack that
 * tests/faults/run.sh started.  FAULTS_SECONDS (default 90) of load by
 * FAULTS_CLIENTS (default 12) clients, with every fault injected
 * FAULTS_SECONDS / 25 times (at least once) at even intervals; then the
 * checks of check.c and the report.  Exit status 0 when nothing was lost,
 * duplicated or unexplained, 1 otherwise, 2 when it could not run.
 *
 * The acts the clients saw succeed are written to
 * JIUGAI_TEST_DIR/log/faults.acts.tsv for a post-mortem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/client.h"
#include "faults.h"

#define MAXFAULTS	64

static double
setting(const char *name, double def, double min, double max)
{
	const char	*v = getenv(name);
	char		*end;
	double		 d;

	if (v == NULL || *v == '\0')
		return def;
	d = strtod(v, &end);
	if (*end != '\0' || d < min || d > max) {
		fprintf(stderr, "faults: %s must be a number from %g to %g\n", name,
		    min, max);
		exit(2);
	}
	return d;
}

int
main(void)
{
	static const enum phase kinds[] = {
		PH_KILL_WORKER, PH_PG_FAST, PH_SIGTERM_MASTER, PH_PG_IMMEDIATE,
	};
	struct fault_at	 sched[MAXFAULTS];
	struct load	 ld;
	struct check	 ck;
	size_t		 n = 0, i, k, nkinds = sizeof(kinds) / sizeof(kinds[0]);
	double		 seconds, gap;
	int		 rounds, ok;

	client_init();
	load_init(&ld);
	seconds = setting("FAULTS_SECONDS", 90, 10, 3600);
	ld.seconds = seconds;
	ld.agents = (int)setting("FAULTS_CLIENTS", 12, 1, 64);
	rounds = (int)(seconds / 25);
	if (rounds < 1)
		rounds = 1;
	if ((size_t)rounds * nkinds > MAXFAULTS)
		rounds = (int)(MAXFAULTS / nkinds);
	/* Faults from 3 s in to 5 s before the end, evenly. */
	gap = (seconds - 8) / (double)((size_t)rounds * nkinds);
	for (i = 0; i < (size_t)rounds; i++)
		for (k = 0; k < nkinds; k++, n++) {
			sched[n].at = 3 + gap * (double)n;
			sched[n].fault = kinds[k];
		}
	printf("faults: %.0f s of load by %d clients, %zu faults (%d of each kind),"
	    " one every %.1f s\n", seconds, ld.agents, n, rounds, gap);
	fflush(stdout);
	if (faults_run(&ld, sched, n) == -1) {
		fprintf(stderr, "faults: could not run the load\n");
		return 2;
	}
	check_run(&ld, &ck);
	load_dump(&ld, "faults.acts.tsv");
	printf("acts: %s/log/faults.acts.tsv\n", getenv("JIUGAI_TEST_DIR"));
	check_report(&ld, &ck, "");
	ok = check_passed(&ld, &ck);
	for (k = 0; k < nkinds; k++)
		if (ld.ph[kinds[k]].inject_errors > 0 ||
		    ld.ph[kinds[k]].injected != rounds)
			ok = 0;
	if (ld.ph[PH_PG_FAST].ready_max > 5 || ld.ph[PH_PG_IMMEDIATE].ready_max > 5) {
		printf("FAIL: /readyz took more than 5 s after PostgreSQL returned\n");
		ok = 0;
	}
	load_free(&ld);
	client_done();
	return ok ? 0 : 1;
}
