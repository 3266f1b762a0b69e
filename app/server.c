/*
 * server.c - master and workers (DESIGN §1, SECURITY "libfcgi").
 *
 * The master opens the unix socket (0660, nginx's group), maps the shared
 * metrics, reads the token key, drops root for the configured `user`,
 * then forks N workers and restarts any that dies.  SIGTERM or SIGINT
 * makes it pass SIGTERM on, wait for the workers to finish their request,
 * remove the socket and exit 0.  Each worker accepts with the FCGX_* API
 * only (no fcgi_stdio), holds one PostgreSQL connection, and answers one
 * request at a time from a per-request arena.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <malloc.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "conf.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "route.h"
#include "server.h"

#define MAXWORKERS	64

static volatile sig_atomic_t	 stopping;
static volatile sig_atomic_t	 child_exited;
static sigset_t			 oldmask;	/* the mask workers run with */

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static void
on_child(int sig)
{
	(void)sig;
	child_exited = 1;
}

/* Install a handler without SA_RESTART, so accept() returns EINTR. */
static void
handle(int sig, void (*fn)(int))
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* libfcgi behind http_request_from_params() (http.h). */
static const char *
fcgi_get(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

static long
fcgi_read(void *ctx, char *buf, size_t n)
{
	return FCGX_GetStr(buf, n > INT_MAX ? INT_MAX : (int)n,
	    ((FCGX_Request *)ctx)->in);
}

/* Fill r from the FastCGI request and read the body (400/413). */
static enum jg_err
read_request(struct req *r, FCGX_Request *fr)
{
	const struct http_source	 src = { fcgi_get, fcgi_read, fr };

	return http_request_from_params(r, &src,
	    conf_long(CONF_MAX_BODY, 65536));
}

/*
 * The response head is formatted here with snprintf: libfcgi's own
 * FCGX_FPrintF does not know every C99 conversion (e.g. %zu).
 */
static void
write_response(struct req *r, FCGX_Request *fr)
{
	struct buf	 h;
	const char	*reason;
	size_t		 i;

	switch (r->status) {
	case 200: reason = " OK"; break;
	case 201: reason = " Created"; break;
	case 202: reason = " Accepted"; break;
	case 303: reason = " See Other"; break;
	default: reason = ""; break;
	}
	buf_init(&h, r->a);
	buf_printf(&h, "Status: %d%s\r\nContent-Type: %s\r\n"
	    "Cache-Control: no-store\r\n", r->status, reason,
	    r->out_ctype != NULL ? r->out_ctype : "application/json");
	if (r->etag != NULL)
		buf_printf(&h, "ETag: %s\r\n", r->etag);
	if (r->allow != NULL)
		buf_printf(&h, "Allow: %s\r\n", r->allow);
	if (r->location != NULL)
		buf_printf(&h, "Location: %s\r\n", r->location);
	/* A file to save (exports): never on an error page made after it. */
	if (r->disposition != NULL && r->status == 200)
		buf_printf(&h, "Content-Disposition: %s\r\n", r->disposition);
	for (i = 0; i < sizeof(r->set_cookie) / sizeof(r->set_cookie[0]); i++)
		if (r->set_cookie[i] != NULL)
			buf_printf(&h, "Set-Cookie: %s\r\n", r->set_cookie[i]);
	buf_printf(&h, "Content-Length: %zu\r\n\r\n", r->out.len);
	FCGX_PutStr(h.p, (int)h.len, fr->out);
	if (r->method != METHOD_HEAD)
		FCGX_PutStr(r->out.p, (int)r->out.len, fr->out);
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int
worker(int sock)
{
	FCGX_Request	 fr;
	struct arena	 a;
	struct req	 r;
	struct timespec	 t0;
	enum jg_err	 e;
	int		 draining = 0;

	/*
	 * Keep the heap between requests: by default glibc gives memory
	 * above 128 KiB at the top of the heap back after every request
	 * that freed it (a list page's arena chunks and libpq result), and
	 * the next request takes it again, page faults and zeroing
	 * included: 0.6 brk() a request under the list's load.
	 */
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	handle(SIGTERM, on_stop);
	handle(SIGINT, on_stop);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	/* route_keys: loaded by the master before it dropped root. */
	/* Not fatal: requests answer 503 until the database is back. */
	if (db_open() == -1)
		log_warn("database not reachable yet");
	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&fr, sock, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_err("FastCGI initialisation failed");
		return 1;
	}
	memset(&a, 0, sizeof(a));
	for (;;) {
		/*
		 * Draining: the listening socket is made non-blocking, so the
		 * workers answer every connection already queued and leave
		 * when accept() finds none (EAGAIN) instead of dropping them.
		 */
		if (stopping && !draining) {
			draining = 1;
			fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) | O_NONBLOCK);
		}
		if (FCGX_Accept_r(&fr) < 0) {
			/* Interrupted by the signal: try again, non-blocking. */
			if (!stopping || !draining)
				continue;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		memset(&r, 0, sizeof(r));
		r.a = &a;
		r.now = (long long)time(NULL);
		r.route = -1;
		buf_init(&r.out, &a);
		if ((e = read_request(&r, &fr)) != JG_OK)
			http_error(&r, e);
		else
			route_dispatch(&r);
		write_response(&r, &fr);
		FCGX_Finish_r(&fr);
		metrics_request(r.route, r.status, elapsed(&t0));
		arena_reset(&a);
	}
	FCGX_Free(&fr, 1);
	arena_free(&a);
	db_close();
	auth_keys_free(&route_keys);
	return 0;
}

static pid_t
spawn(int sock)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		log_err("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* The master's handlers and mask stay in the master. */
		stopping = 0;
		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		_exit(worker(sock));
	}
	return pid;
}

/* Is a SIGTERM or SIGINT waiting (blocked) for the master? */
static int
stop_pending(void)
{
	sigset_t	 p;

	return sigpending(&p) == 0 &&
	    (sigismember(&p, SIGTERM) == 1 || sigismember(&p, SIGINT) == 1);
}

static int
open_socket(const char *path)
{
	const char	*group = conf_get(CONF_SOCKET_GROUP);
	struct group	*gr;
	int		 sock;

	unlink(path);
	/* The backlog covers bursts: a full queue is an instant 502. */
	if ((sock = FCGX_OpenSocket(path, 1024)) < 0) {
		log_err("cannot listen on %s", path);
		return -1;
	}
	if (group[0] != '\0') {
		if ((gr = getgrnam(group)) == NULL) {
			log_err("no such group: %s", group);
			return -1;
		}
		if (chown(path, (uid_t)-1, gr->gr_gid) == -1) {
			log_err("chown %s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (chmod(path, 0660) == -1) {
		log_err("chmod %s: %s", path, strerror(errno));
		return -1;
	}
	return sock;
}

/*
 * Become the unprivileged `user` (conf) for good, before any worker
 * exists: the socket is open and the keys are read, and nothing after
 * needs root.  A master not started as root keeps its identity; one
 * started as root with no `user`, or with a user that is root, refuses.
 */
static int
drop_root(void)
{
	const char	*name = conf_get(CONF_USER);
	struct passwd	*pw;

	if (geteuid() != 0 && getuid() != 0) {
		if (name[0] != '\0')
			log_info("not started as root: serving as uid %d "
			    "(user = %s not applied)", (int)geteuid(), name);
		return 0;
	}
	if (name[0] == '\0') {
		log_err("refusing to serve as root: set `user` to an "
		    "unprivileged account");
		return -1;
	}
	if ((pw = getpwnam(name)) == NULL) {
		log_err("no such user: %s (scripts/lib.sh creates it)", name);
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		log_err("user %s is root: refusing", name);
		return -1;
	}
	/* Groups first: they can only be changed while still root. */
	if (initgroups(pw->pw_name, pw->pw_gid) == -1 ||
	    setgid(pw->pw_gid) == -1 || setuid(pw->pw_uid) == -1) {
		log_err("cannot become %s: %s", name, strerror(errno));
		return -1;
	}
	if (setuid(0) != -1 || getuid() == 0 || geteuid() == 0 ||
	    getgid() == 0 || getegid() == 0) {
		log_err("root could be regained after dropping it");
		return -1;
	}
	log_info("serving as %s (uid %d)", name, (int)pw->pw_uid);
	return 0;
}

static void
usage(void)
{
	printf("usage: jiugai serve\n\n"
	    "Runs the FastCGI master and its workers in the foreground.\n"
	    "Configuration (jiugai.conf or JIUGAI_* variables): socket,\n"
	    "socket_group, workers, pidfile, database_url, key_public,\n"
	    "user (started as root, it serves as this user; default jiugai).\n");
}

int
server_main(int argc, char *argv[])
{
	pid_t		 pids[MAXWORKERS];
	const char	*path = conf_get(CONF_SOCKET), *pidfile, *privkey;
	long		 n = conf_long(CONF_WORKERS, 0);
	int		 sock, i, status, alive;
	time_t		 deadline, last_spawn = 0;
	pid_t		 pid;
	FILE		*f;
	sigset_t	 block;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		usage();
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "jiugai serve: unexpected argument %s\n", argv[1]);
		return 2;
	}
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 2;
	if (n > MAXWORKERS)
		n = MAXWORKERS;
	if (metrics_init(nroutes) == -1) {
		log_err("cannot map the metrics");
		return 1;
	}
	/* Read while still root (the key directory is root's); inherited by fork. */
	/* The private key signs the web sessions of the login form. */
	privkey = conf_get(CONF_KEY_PRIVATE);
	if (privkey[0] == '\0' || access(privkey, R_OK) != 0)
		privkey = NULL;
	if (privkey != NULL && auth_keys_load(&route_keys,
	    conf_get(CONF_KEY_PUBLIC), privkey, conf_get(CONF_ISSUER),
	    conf_get(CONF_AUDIENCE)) == -1) {
		log_warn("cannot use the signing key %s: the login form "
		    "will not sign anyone in", privkey);
		privkey = NULL;
	}
	if (privkey == NULL && auth_keys_load(&route_keys,
	    conf_get(CONF_KEY_PUBLIC), NULL,
	    conf_get(CONF_ISSUER), conf_get(CONF_AUDIENCE)) == -1) {
		log_err("cannot load the token key %s", conf_get(CONF_KEY_PUBLIC));
		return 1;
	}
	if ((sock = open_socket(path)) < 0) {
		auth_keys_free(&route_keys);
		return 1;
	}
	pidfile = conf_get(CONF_PIDFILE);
	if (pidfile[0] != '\0') {
		if ((f = fopen(pidfile, "w")) == NULL) {
			log_err("%s: %s", pidfile, strerror(errno));
			close(sock);
			unlink(path);
			auth_keys_free(&route_keys);
			return 1;
		}
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	if (drop_root() == -1) {
		close(sock);
		unlink(path);
		if (pidfile[0] != '\0')
			unlink(pidfile);
		auth_keys_free(&route_keys);
		return 1;
	}
	/*
	 * The signals that wake the master are blocked except inside
	 * sigsuspend(), so none can slip in between a check and the wait.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &oldmask);
	handle(SIGTERM, on_stop);
	handle(SIGINT, on_stop);
	handle(SIGCHLD, on_child);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < n; i++)
		pids[i] = spawn(sock);
	log_info("listening on %s with %ld workers", path, n);

	while (!stopping) {
		if (!child_exited)
			sigsuspend(&oldmask);
		child_exited = 0;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < n; i++)
				if (pids[i] == pid)
					break;
			if (i == n)
				continue;
			/* Reaped: never wait for (or signal) that pid again. */
			if (stopping) {
				pids[i] = 0;
				continue;
			}
			log_warn("worker %d ended (%s %d); restarting", (int)pid,
			    WIFSIGNALED(status) ? "signal" : "status",
			    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
			pids[i] = 0;
			/*
			 * A crash loop must not spin the machine, nor keep this
			 * loop from ever returning to the (blocked) SIGTERM.
			 */
			if (time(NULL) == last_spawn)
				sleep(1);
			if (stop_pending()) {
				stopping = 1;
				break;
			}
			last_spawn = time(NULL);
			pids[i] = spawn(sock);
		}
	}
	sigprocmask(SIG_SETMASK, &oldmask, NULL);

	log_info("stopping: draining workers");
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	deadline = time(NULL) + 10;
	for (;;) {
		alive = 0;
		for (i = 0; i < n; i++) {
			if (pids[i] <= 0)
				continue;
			/* Its pid, or -1 when it was reaped above: gone. */
			if (waitpid(pids[i], &status, WNOHANG) != 0)
				pids[i] = 0;
			else
				alive++;
		}
		if (alive == 0)
			break;
		if (time(NULL) > deadline) {
			for (i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGKILL);
		}
		usleep(50000);
	}
	close(sock);
	/*
	 * Without root these may fail (the run directory is not ours);
	 * whoever started the master removes them then (scripts/lib.sh).
	 */
	unlink(path);
	if (pidfile[0] != '\0')
		unlink(pidfile);
	auth_keys_free(&route_keys);
	log_info("stopped");
	return 0;
}
