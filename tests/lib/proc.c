/*
 * proc.c - see proc.h.
 */
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../include/conf.h"
#include "client.h"
#include "proc.h"

static pid_t	 remembered[128];
static int	 nremembered;

pid_t
proc_master(void)
{
	const char	*pidfile = getenv("JIUGAI_PIDFILE");
	FILE		*f;
	int		 pid = 0;

	if (pidfile == NULL || (f = fopen(pidfile, "r")) == NULL)
		return 0;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 1 ? (pid_t)pid : 0;
}

static int
cmp_pid(const void *a, const void *b)
{
	pid_t	 x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int
proc_children(pid_t parent, pid_t *out, int max)
{
	DIR		*d;
	struct dirent	*e;
	FILE		*f;
	char		 path[300], line[1024], *rp, st;
	int		 n = 0, ppid;

	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL && n < max) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(line, sizeof(line), f) != NULL &&
		    (rp = strrchr(line, ')')) != NULL &&
		    sscanf(rp + 1, " %c %d", &st, &ppid) == 2 &&
		    ppid == (int)parent && st != 'Z')
			out[n++] = (pid_t)atoi(e->d_name);
		fclose(f);
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof(*out), cmp_pid);
	return n;
}

int
proc_ids(pid_t pid, struct proc_ids *ids)
{
	FILE		*f;
	char		 path[64], line[1024], *p, *end;
	unsigned long	 v[4];
	long		 g;

	memset(ids, 0, sizeof(*ids));
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "Uid: %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3]) == 4) {
			ids->uid[0] = (uid_t)v[0];
			ids->uid[1] = (uid_t)v[1];
			ids->uid[2] = (uid_t)v[2];
			ids->uid[3] = (uid_t)v[3];
		} else if (sscanf(line, "Gid: %lu %lu %lu %lu", &v[0], &v[1], &v[2],
		    &v[3]) == 4) {
			ids->gid[0] = (gid_t)v[0];
			ids->gid[1] = (gid_t)v[1];
			ids->gid[2] = (gid_t)v[2];
			ids->gid[3] = (gid_t)v[3];
		} else if (strncmp(line, "Groups:", 7) == 0) {
			for (p = line + 7;; p = end) {
				g = strtol(p, &end, 10);
				if (end == p || ids->ngroups == 32)
					break;
				ids->groups[ids->ngroups++] = (gid_t)g;
			}
		} else if (strncmp(line, "CapEff:", 7) == 0)
			ids->cap_eff = strtoull(line + 7, NULL, 16);
		else if (strncmp(line, "CapPrm:", 7) == 0)
			ids->cap_prm = strtoull(line + 7, NULL, 16);
	}
	fclose(f);
	return 0;
}

int
proc_workers_remember(void)
{
	nremembered = proc_children(proc_master(), remembered, 128);
	return nremembered > 0 ? 0 : -1;
}

int
proc_workers_same(char *why, size_t n)
{
	pid_t	 now[128];
	int	 k, i;
	long	 want = conf_long(CONF_WORKERS, 0);

	k = proc_children(proc_master(), now, 128);
	if (k != nremembered) {
		snprintf(why, n, "%d workers at the start, %d now", nremembered, k);
		return -1;
	}
	for (i = 0; i < k; i++)
		if (now[i] != remembered[i]) {
			snprintf(why, n, "worker %d is gone (a crash?), %d is new",
			    (int)remembered[i], (int)now[i]);
			return -1;
		}
	if (want > 0 && k != want) {
		snprintf(why, n, "%d workers, configured %ld", k, want);
		return -1;
	}
	return 0;
}

int
proc_workers_setup(void **state)
{
	(void)state;
	return proc_workers_remember();
}

void
proc_workers_still_serving(void)
{
	struct resp	 r;
	char		 why[256];
	int		 i;

	for (i = 0; i < 4; i++) {
		req(&r, "GET", "/readyz", NULL, NULL, NULL, NULL);
		EXPECT(&r, 200);
		resp_free(&r);
	}
	if (proc_workers_same(why, sizeof(why)) != 0)
		fail_msg("%s", why);
}
