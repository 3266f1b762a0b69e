/*
 * inject.c - the faults, injected while the load (load.c) runs in a
 * thread of its own:
 *
 *  kill_worker           SIGKILL to a random child of the master (the pid
 *                        in JIUGAI_PIDFILE); done when the master has as
 *                        many workers as before and /readyz answers.
 *  pg_restart_fast       pg_ctl restart -m fast, as postgres, on the
 *  pg_restart_immediate  cluster in JIUGAI_TEST_DIR/pg (its configuration
 *                        stays: pg_ctl reuses postmaster.opts and
 *                        postgresql.conf includes jiugai.local.conf); then
 *                        the time from PostgreSQL ready to /readyz 200.
 *  sigterm_master        SIGTERM to the master, which drains its workers
 *                        and exits; then scripts/lib.sh's app_serve on
 *                        the same state directory, as tests/run.sh does,
 *                        so the stack (and its pid file) is as before.
 *
 * A fault's phase lasts until 2 s after the stack answers again (or the
 * next fault): the clients count their failures per phase, and nginx's
 * error log, read at each change, says how the failed requests failed.
 * Commands run through faults_cmd(): output to JIUGAI_TEST_DIR/log/faults.log.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "faults.h"

#define MAXKIDS		128
#define QUIET_AFTER	2.0	/* s after recovery until the phase is "none" again */

static double
mono(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
nap(double s)
{
	struct timespec	 t;

	if (s <= 0)
		return;
	t.tv_sec = (time_t)s;
	t.tv_nsec = (long)((s - (double)t.tv_sec) * 1e9);
	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		continue;
}

static const char *
state_dir(void)
{
	const char	*d = getenv("JIUGAI_TEST_DIR");

	return d != NULL && *d != '\0' ? d : NULL;
}

/* Process state letter of pid ('Z' zombie), or 0 when it is gone. */
static char
proc_state(pid_t pid, int *ppid)
{
	char	 path[64], line[1024], *rp, st = 0;
	FILE	*f;
	int	 pp = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL && (rp = strrchr(line, ')')) != NULL &&
	    sscanf(rp + 1, " %c %d", &st, &pp) != 2)
		st = 0;
	fclose(f);
	if (ppid != NULL)
		*ppid = pp;
	return st;
}

static int
alive(pid_t pid)
{
	char	 st = proc_state(pid, NULL);

	return st != 0 && st != 'Z';
}

/* Live children of parent, into out[0..max); returns how many. */
static int
children(pid_t parent, pid_t *out, int max)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0, pp;
	char		 st;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL && n < max) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		st = proc_state((pid_t)atoi(e->d_name), &pp);
		if (st != 0 && st != 'Z' && pp == (int)parent)
			out[n++] = (pid_t)atoi(e->d_name);
	}
	closedir(d);
	return n;
}

int
faults_master(void)
{
	const char	*pf = getenv("JIUGAI_PIDFILE");
	char		 path[512];
	FILE		*f;
	int		 pid = 0;

	if (pf == NULL || *pf == '\0') {
		if (state_dir() == NULL)
			return 0;
		snprintf(path, sizeof(path), "%s/run/jiugai.pid", state_dir());
		pf = path;
	}
	if ((f = fopen(pf, "r")) == NULL)
		return 0;
	if (fscanf(f, "%d", &pid) != 1 || pid <= 1)
		pid = 0;
	fclose(f);
	return pid > 0 && alive((pid_t)pid) ? pid : 0;
}

static size_t
discard(char *p, size_t sz, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return sz * n;
}

double
faults_until_ready(double limit)
{
	const char	*u = getenv("JIUGAI_TEST_URL");
	char		 url[300];
	double		 t0 = mono();
	long		 status;
	CURL		*c;

	if (u == NULL)
		return -1;
	snprintf(url, sizeof(url), "%s/readyz", u);
	while (mono() - t0 < limit) {
		status = 0;
		if ((c = curl_easy_init()) != NULL) {
			curl_easy_setopt(c, CURLOPT_URL, url);
			curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
			curl_easy_setopt(c, CURLOPT_TIMEOUT, 2L);
			curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
			if (curl_easy_perform(c) == CURLE_OK)
				curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
			curl_easy_cleanup(c);
		}
		if (status == 200)
			return mono() - t0;
		nap(0.05);
	}
	return -1;
}

int
faults_cmd(const char *dir, const char *const argv[], double limit,
    const char *outfile)
{
	char	 logp[512];
	pid_t	 pid;
	int	 st, fd, i;
	double	 t0 = mono();

	if (outfile == NULL) {
		snprintf(logp, sizeof(logp), "%s/log/faults.log",
		    state_dir() != NULL ? state_dir() : "/tmp");
		outfile = logp;
	}
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDONLY)) != -1)
			dup2(fd, 0);
		if ((fd = open(outfile, O_WRONLY | O_CREAT | O_APPEND, 0644)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		/* A daemon started from here must not keep our sockets open. */
		for (i = 3; i < 1024; i++)
			close(i);
		if (chdir(dir) == -1)
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (;;) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		if (mono() - t0 > limit) {
			fprintf(stderr, "faults: %s timed out after %.0f s\n", argv[0], limit);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		nap(0.05);
	}
}

static const char *
pg_ctl(void)
{
	static char	 path[512];
	const char	*bin = getenv("PGBIN");
	glob_t		 g;

	if (path[0] != '\0')
		return path;
	if (bin != NULL && *bin != '\0') {
		snprintf(path, sizeof(path), "%s/pg_ctl", bin);
	} else if (glob("/usr/lib/postgresql/*/bin/pg_ctl", 0, NULL, &g) == 0) {
		/* glob sorts: the newest version last (single digits aside). */
		snprintf(path, sizeof(path), "%s", g.gl_pathv[g.gl_pathc - 1]);
		globfree(&g);
	}
	return path;
}

/* PostgreSQL restarted: 0 and *ready (s from it being up to /readyz 200). */
static int
pg_restart(const char *mode, double *ready)
{
	char	 data[512], log[512], mopt[32];
	const char *argv[] = { "runuser", "-u", "postgres", "--", pg_ctl(),
	    "-D", data, "-m", mopt, "-w", "-t", "60", "-l", log, "restart", NULL };

	snprintf(data, sizeof(data), "%s/pg", state_dir());
	snprintf(log, sizeof(log), "%s/log/postgres.log", state_dir());
	snprintf(mopt, sizeof(mopt), "%s", mode);
	if (pg_ctl()[0] == '\0' || access(data, F_OK) != 0) {
		fprintf(stderr, "faults: no local PostgreSQL cluster in %s:"
		    " cannot restart it\n", data);
		return -1;
	}
	if (faults_cmd("/", argv, 90, NULL) != 0) {
		fprintf(stderr, "faults: pg_ctl restart -m %s failed (%s/log/faults.log)\n",
		    mode, state_dir());
		return -1;
	}
	*ready = faults_until_ready(30);
	return *ready >= 0 ? 0 : -1;
}

static int
kill_worker(unsigned *seed, double *ready)
{
	pid_t	 kids[MAXKIDS], now[MAXKIDS], victim;
	int	 master = faults_master(), n, m = 0;
	double	 t0;

	if (master == 0 || (n = children(master, kids, MAXKIDS)) == 0) {
		fprintf(stderr, "faults: no master or no workers to kill\n");
		return -1;
	}
	victim = kids[rand_r(seed) % n];
	if (kill(victim, SIGKILL) == -1)
		return -1;
	t0 = mono();
	/* The master notices and forks a new worker. */
	while (mono() - t0 < 15) {
		m = children(master, now, MAXKIDS);
		if (!alive(victim) && m >= n)
			break;
		nap(0.05);
	}
	if (m < n) {
		fprintf(stderr, "faults: the master did not replace worker %d\n",
		    (int)victim);
		return -1;
	}
	*ready = faults_until_ready(30);
	return *ready >= 0 ? 0 : -1;
}

/* scripts/lib.sh's app_serve on the state directory, as tests/run.sh does. */
static int
app_serve(void)
{
	const char	*root = getenv("JIUGAI_ROOT");
	char		 cwd[512], lib[600];
	const char	*argv[] = { "bash", "-c",
	    ". \"$1/scripts/lib.sh\" && app_serve \"$2\"", "bash", cwd,
	    state_dir(), NULL };

	if (root != NULL && *root != '\0')
		snprintf(cwd, sizeof(cwd), "%s", root);
	else if (getcwd(cwd, sizeof(cwd)) == NULL)
		return -1;
	snprintf(lib, sizeof(lib), "%s/scripts/lib.sh", cwd);
	if (access(lib, R_OK) != 0) {
		fprintf(stderr, "faults: %s not found (run from the repository root)\n",
		    lib);
		return -1;
	}
	return faults_cmd(cwd, argv, 150, NULL) == 0 ? 0 : -1;
}

static int
sigterm_master(double *ready)
{
	int	 master = faults_master();
	double	 t0;

	if (master == 0) {
		fprintf(stderr, "faults: no master to stop\n");
		return -1;
	}
	if (kill(master, SIGTERM) == -1)
		return -1;
	/* It drains: every worker finishes its request, then it exits. */
	t0 = mono();
	while (alive(master) && mono() - t0 < 150)
		nap(0.02);
	if (alive(master)) {
		fprintf(stderr, "faults: the master (%d) did not exit after SIGTERM\n",
		    master);
		return -1;
	}
	if (app_serve() == -1) {
		fprintf(stderr, "faults: app_serve failed (%s/log/faults.log)\n",
		    state_dir());
		return -1;
	}
	*ready = faults_until_ready(30);
	return *ready >= 0 ? 0 : -1;
}

static int
inject(enum phase f, unsigned *seed, double *ready)
{
	if (state_dir() == NULL) {
		fprintf(stderr, "faults: JIUGAI_TEST_DIR is not set\n");
		return -1;
	}
	if (f == PH_KILL_WORKER)
		return kill_worker(seed, ready);
	if (f == PH_PG_FAST)
		return pg_restart("fast", ready);
	if (f == PH_PG_IMMEDIATE)
		return pg_restart("immediate", ready);
	if (f == PH_SIGTERM_MASTER)
		return sigterm_master(ready);
	return 0;
}

/*
 * Count nginx's upstream errors logged since the last call, for phase p:
 * "prematurely closed" means a worker ended mid-request (it had accepted
 * it), "reset by peer" a connection closed unread (queued, never
 * accepted), "connect() ... failed" no master listening.
 */
static void
ngx_scan(struct phase_stats *ph, long *pos)
{
	char	 path[512], line[2048];
	FILE	*f;

	if (state_dir() == NULL)
		return;
	snprintf(path, sizeof(path), "%s/nginx/error.log", state_dir());
	if ((f = fopen(path, "r")) == NULL)
		return;
	if (fseek(f, *pos, SEEK_SET) == -1) {
		fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (ph == NULL)
			continue;
		if (strstr(line, "upstream prematurely closed") != NULL)
			ph->ngx_cut++;
		else if (strstr(line, "reset by peer") != NULL)
			ph->ngx_reset++;
		else if (strstr(line, "connect() to") != NULL)
			ph->ngx_refused++;
	}
	*pos = ftell(f);
	fclose(f);
}

static void *
load_thread(void *arg)
{
	struct load	*ld = arg;

	if (load_run(ld) == -1)
		fprintf(stderr, "faults: the load could not start\n");
	atomic_store(&ld->done, 1);
	return NULL;
}

int
faults_run(struct load *ld, const struct fault_at *sched, size_t n)
{
	struct phase_stats	*ph;
	pthread_t		 th;
	unsigned		 seed = (unsigned)getpid();
	double			 t0, t, ready, next;
	long			 pos = 0;
	size_t			 i;

	ngx_scan(NULL, &pos);
	if (pthread_create(&th, NULL, load_thread, ld) != 0)
		return -1;
	t0 = mono();
	for (i = 0; i < n && !atomic_load(&ld->done); i++) {
		while (mono() - t0 < sched[i].at && !atomic_load(&ld->done))
			nap(0.02);
		if (atomic_load(&ld->done))
			break;
		ph = &ld->ph[sched[i].fault];
		ngx_scan(&ld->ph[atomic_load(&ld->phase)], &pos);
		atomic_store(&ld->phase, (int)sched[i].fault);
		t = mono();
		ready = 0;
		ph->injected++;
		if (inject(sched[i].fault, &seed, &ready) == -1) {
			ph->inject_errors++;
			ready = faults_until_ready(30);
		}
		if (ready > ph->ready_max)
			ph->ready_max = ready;
		if (mono() - t > ph->down_max)
			ph->down_max = mono() - t;
		/* Quiet again a little after recovery, unless the next fault comes first. */
		next = i + 1 < n ? sched[i + 1].at : 1e9;
		t = mono();
		while (mono() - t < QUIET_AFTER && mono() - t0 < next &&
		    !atomic_load(&ld->done))
			nap(0.02);
		if (mono() - t0 < next) {
			ngx_scan(ph, &pos);
			atomic_store(&ld->phase, PH_NONE);
		}
	}
	pthread_join(th, NULL);
	ngx_scan(&ld->ph[atomic_load(&ld->phase)], &pos);
	return 0;
}
