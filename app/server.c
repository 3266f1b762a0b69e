/*
 * server.c - master and workers (DESIGN §1, SECURITY "libfcgi").
 *
 * The master opens the unix socket (0660, nginx's group), maps the shared
 * metrics, forks N workers and restarts any that dies.  SIGTERM or SIGINT
 * makes it pass SIGTERM on, wait for the workers to finish their request,
 * remove the socket and exit 0.  Each worker accepts with the FCGX_* API
 * only (no fcgi_stdio), holds one PostgreSQL connection, and answers one
 * request at a time from a per-request arena.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <grp.h>
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

static enum method
method_of(const char *m)
{
	static const char *const names[METHOD__MAX] = {
		"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE", ""
	};
	int	 i;

	for (i = 0; i < METHOD_OTHER; i++)
		if (m != NULL && strcmp(m, names[i]) == 0)
			return (enum method)i;
	return METHOD_OTHER;
}

/* A copy of a FastCGI parameter (they die at FCGX_Finish_r), or NULL. */
static const char *
param(struct req *r, FCGX_Request *fr, const char *name)
{
	const char	*v = FCGX_GetParam(name, fr->envp);

	return v == NULL ? NULL : arena_strdup(r->a, v);
}

/*
 * Fill r from the FastCGI request and read the body, refusing (411/413/
 * 400) a length that is missing, too large or not matched by the body.
 */
static enum jg_err
read_request(struct req *r, FCGX_Request *fr)
{
	const char	*cl;
	char		*end, *body;
	long long	 len;
	long		 max = conf_long(CONF_MAX_BODY, 65536);
	int		 n;
	size_t		 got = 0;

	r->method = method_of(FCGX_GetParam("REQUEST_METHOD", fr->envp));
	r->path = param(r, fr, "DOCUMENT_URI");
	if (r->path == NULL)
		r->path = param(r, fr, "SCRIPT_NAME");
	if (r->path == NULL)
		r->path = "/";
	r->query = param(r, fr, "QUERY_STRING");
	r->ctype = param(r, fr, "CONTENT_TYPE");
	if (r->ctype == NULL)
		r->ctype = "";
	r->authz = param(r, fr, "HTTP_AUTHORIZATION");
	r->if_match = param(r, fr, "HTTP_IF_MATCH");
	r->idem_key = param(r, fr, "HTTP_IDEMPOTENCY_KEY");
	r->body = "";
	cl = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
	if (cl == NULL || *cl == '\0') {
		if (r->method == METHOD_POST || r->method == METHOD_PATCH ||
		    r->method == METHOD_PUT)
			r->bodylen = 0;
		return JG_OK;
	}
	errno = 0;
	len = strtoll(cl, &end, 10);
	if (errno != 0 || *end != '\0' || len < 0)
		return req_fail(r, JG_BAD_REQUEST, "malformed Content-Length");
	if (len > max)
		return JG_TOO_LARGE;
	body = arena_alloc(r->a, (size_t)len + 1);
	while (got < (size_t)len) {
		n = FCGX_GetStr(body + got, (int)((size_t)len - got), fr->in);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != (size_t)len)
		return req_fail(r, JG_BAD_REQUEST,
		    "the body is shorter than its Content-Length");
	body[got] = '\0';
	r->body = body;
	r->bodylen = got;
	return JG_OK;
}

/*
 * The response head is formatted here with snprintf: libfcgi's own
 * FCGX_FPrintF does not know every C99 conversion (e.g. %zu).
 */
static void
write_response(struct req *r, FCGX_Request *fr)
{
	char		 head[512];
	const char	*reason;
	int		 n;

	switch (r->status) {
	case 200: reason = " OK"; break;
	case 201: reason = " Created"; break;
	case 202: reason = " Accepted"; break;
	default: reason = ""; break;
	}
	n = snprintf(head, sizeof(head), "Status: %d%s\r\nContent-Type: %s\r\n"
	    "Cache-Control: no-store\r\n%s%s%s%s%s%sContent-Length: %zu\r\n\r\n",
	    r->status, reason,
	    r->out_ctype != NULL ? r->out_ctype : "application/json",
	    r->etag != NULL ? "ETag: " : "", r->etag != NULL ? r->etag : "",
	    r->etag != NULL ? "\r\n" : "",
	    r->allow != NULL ? "Allow: " : "", r->allow != NULL ? r->allow : "",
	    r->allow != NULL ? "\r\n" : "", r->out.len);
	if (n < 0 || (size_t)n >= sizeof(head))
		n = snprintf(head, sizeof(head), "Status: 500\r\n\r\n");
	FCGX_PutStr(head, n, fr->out);
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

	handle(SIGTERM, on_stop);
	handle(SIGINT, on_stop);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	if (auth_keys_load(&route_keys, conf_get(CONF_KEY_PUBLIC), NULL,
	    conf_get(CONF_ISSUER), conf_get(CONF_AUDIENCE)) == -1) {
		log_err("cannot load the token key %s", conf_get(CONF_KEY_PUBLIC));
		return 1;
	}
	/* Not fatal: requests answer 503 until the database is back. */
	if (db_open() == -1)
		log_warn("database not reachable yet");
	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&fr, sock, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_err("FastCGI initialisation failed");
		return 1;
	}
	memset(&a, 0, sizeof(a));
	while (!stopping) {
		if (FCGX_Accept_r(&fr) < 0) {
			if (stopping)
				break;
			continue;
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

static void
usage(void)
{
	printf("usage: jiugai serve\n\n"
	    "Runs the FastCGI master and its workers in the foreground.\n"
	    "Configuration (jiugai.conf or JIUGAI_* variables): socket,\n"
	    "socket_group, workers, pidfile, database_url, key_public.\n");
}

int
server_main(int argc, char *argv[])
{
	pid_t		 pids[MAXWORKERS];
	const char	*path = conf_get(CONF_SOCKET), *pidfile;
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
	if ((sock = open_socket(path)) < 0)
		return 1;
	pidfile = conf_get(CONF_PIDFILE);
	if (pidfile[0] != '\0') {
		if ((f = fopen(pidfile, "w")) == NULL) {
			log_err("%s: %s", pidfile, strerror(errno));
			return 1;
		}
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
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
			if (i == n || stopping)
				continue;
			log_warn("worker %d ended (%s %d); restarting", (int)pid,
			    WIFSIGNALED(status) ? "signal" : "status",
			    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
			/* A crash loop must not spin the machine. */
			if (time(NULL) == last_spawn)
				sleep(1);
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
			if (waitpid(pids[i], &status, WNOHANG) == pids[i])
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
	unlink(path);
	if (pidfile[0] != '\0')
		unlink(pidfile);
	log_info("stopped");
	return 0;
}
