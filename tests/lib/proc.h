/*
 * proc.h - the server's processes as /proc shows them: the master (from
 * JIUGAI_PIDFILE), its live workers, and who each runs as.
 */
#ifndef JIUGAI_TEST_PROC_H
#define JIUGAI_TEST_PROC_H

#include <sys/types.h>

#include <stddef.h>

/* The master's pid from JIUGAI_PIDFILE, or 0. */
pid_t	proc_master(void);
/* Live (not zombie) children of parent into out[0..max), sorted; how many, or -1. */
int	proc_children(pid_t parent, pid_t *out, int max);

struct proc_ids {
	uid_t			 uid[4];	/* real, effective, saved, fs */
	gid_t			 gid[4];
	gid_t			 groups[32];	/* supplementary */
	int			 ngroups;
	unsigned long long	 cap_eff, cap_prm;
};

/* Fill ids from /proc/pid/status; 0, or -1 when the process is gone. */
int	proc_ids(pid_t pid, struct proc_ids *ids);

/*
 * Remember the stack's workers now (a cmocka group setup): 0, or -1 when
 * there is no master or it has no worker.
 */
int	proc_workers_remember(void);
/*
 * 0 when exactly the remembered workers still run (none died and was
 * replaced), and the master has as many as `workers` says; else -1 with
 * what differs in why[0..n).
 */
int	proc_workers_same(char *why, size_t n);

/* A cmocka group setup that runs proc_workers_remember(). */
int	proc_workers_setup(void **state);
/*
 * The last test of a hostile suite: /readyz answers 200 four times and
 * exactly the remembered workers still serve (proc_workers_same); else
 * the current test fails with what differs.
 */
void	proc_workers_still_serving(void);

#endif
