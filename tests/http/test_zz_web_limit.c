/*
 * test_zz_web_limit.c - nginx limits how fast one address may post the
 * login form (nginx/jiugai.conf.in, location = /login; issue 4 §1):
 *
 *  - many login posts at once from one client: beyond the burst nginx
 *    answers 429 itself (its own page, with the security headers), the
 *    rest reach the application;
 *  - while the limit holds, GET /login (showing the form) is never
 *    limited, and another post is refused at once;
 *  - the limit recovers at its rate: the suite waits for it, so that the
 *    suites after this one (the browser suite signs in often) are not
 *    refused.
 *
 * tests/run.sh sets the test stack's limit (JIUGAI_LOGIN_RATE=600r/m,
 * JIUGAI_LOGIN_BURST=40); the binary reads the same variables to know
 * how many posts exceed the burst and how long recovery takes.  Named
 * zz_ to run after every other http suite: it spends the address's
 * budget.
 *
 * The posts carry no login cookie, so the application refuses each one
 * (403, the CSRF check) before any password hashing: what is measured is
 * nginx, and no account's lock-out counter moves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>

#define MAXREQ	200

/* One request of a batch. */
struct slot {
	CURL		*c;
	int		 post;
	long		 status;
	char		*body;
	size_t		 len;
	char		 xfo[64];	/* X-Frame-Options, to see nginx's headers */
	double		 at;		/* when the answer was complete */
};

static char	 site[256];
static double	 rate;		/* posts per second */
static int	 burst;

static double
now(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
setup(void **state)
{
	const char	*u = getenv("JIUGAI_TEST_URL");
	const char	*r = getenv("JIUGAI_LOGIN_RATE");
	const char	*b = getenv("JIUGAI_LOGIN_BURST");
	char		*end;

	(void)state;
	if (u == NULL || *u == '\0') {
		fprintf(stderr, "JIUGAI_TEST_URL is not set (run through tests/run.sh)\n");
		return -1;
	}
	snprintf(site, sizeof(site), "%s", u);
	/* The defaults are those of scripts/lib.sh (production). */
	rate = strtod(r != NULL ? r : "10r/m", &end);
	if (strncmp(end, "r/m", 3) == 0)
		rate /= 60.0;
	burst = b != NULL ? atoi(b) : 10;
	if (rate <= 0 || burst <= 0 || burst > MAXREQ / 3) {
		fprintf(stderr, "cannot use rate %s burst %s\n", r, b);
		return -1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	curl_global_cleanup();
	return 0;
}

static size_t
on_body(char *p, size_t sz, size_t n, void *arg)
{
	struct slot	*s = arg;
	char		*nb;

	if ((nb = realloc(s->body, s->len + sz * n + 1)) == NULL)
		return 0;
	s->body = nb;
	memcpy(s->body + s->len, p, sz * n);
	s->len += sz * n;
	s->body[s->len] = '\0';
	return sz * n;
}

static size_t
on_header(char *p, size_t sz, size_t n, void *arg)
{
	struct slot	*s = arg;
	size_t		 len = sz * n, k;

	if (len > 17 && strncasecmp(p, "X-Frame-Options: ", 17) == 0) {
		k = strcspn(p + 17, "\r\n");
		if (k >= sizeof(s->xfo))
			k = sizeof(s->xfo) - 1;
		memcpy(s->xfo, p + 17, k);
		s->xfo[k] = '\0';
	}
	return len;
}

/* Start request s in m: a login post (no cookie, no token) or GET /login. */
static void
start(CURLM *m, struct slot *s, int post)
{
	char	 url[512];

	memset(s, 0, sizeof(*s));
	s->post = post;
	if ((s->c = curl_easy_init()) == NULL)
		fail_msg("curl_easy_init");
	snprintf(url, sizeof(url), "%s/login", site);
	curl_easy_setopt(s->c, CURLOPT_URL, url);
	curl_easy_setopt(s->c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(s->c, CURLOPT_WRITEDATA, s);
	curl_easy_setopt(s->c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(s->c, CURLOPT_HEADERDATA, s);
	curl_easy_setopt(s->c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(s->c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(s->c, CURLOPT_PRIVATE, s);
	if (post)
		curl_easy_setopt(s->c, CURLOPT_COPYPOSTFIELDS,
		    "sub=wl-nobody&password=not-a-password&next=%2Ftasks");
	curl_multi_add_handle(m, s->c);
}

/* Run m until every request in it is answered, or until stop() says so. */
static void
drive(CURLM *m, int (*stop)(struct slot *, int), int total)
{
	CURLMsg		*msg;
	struct slot	*s;
	int		 running = 1, left, done = 0;

	while (running) {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			fail_msg("curl_multi_perform");
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
			curl_easy_getinfo(s->c, CURLINFO_RESPONSE_CODE, &s->status);
			s->at = now();
			done++;
			if (stop != NULL && stop(s, done))
				return;
		}
		if (running)
			curl_multi_poll(m, NULL, 0, 200, NULL);
	}
	(void)total;
}

static void
finish(CURLM *m, struct slot *s, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		curl_multi_remove_handle(m, s[i].c);
		curl_easy_cleanup(s[i].c);
		free(s[i].body);
	}
}

/* Stop driving at the first 429: the limit holds now. */
static int
first_429(struct slot *s, int done)
{
	(void)done;
	return s->status == 429;
}

/* One login post, alone: its status. */
static long
one_post(void)
{
	CURLM		*m = curl_multi_init();
	struct slot	 s;
	long		 st;

	start(m, &s, 1);
	drive(m, NULL, 1);
	st = s.status;
	finish(m, &s, 1);
	curl_multi_cleanup(m);
	return st;
}

static double	 t_burst;	/* when the burst began */

static void
t_limit_bites(void **state)
{
	static struct slot	 s[MAXREQ];
	CURLM			*m;
	int			 nposts = burst * 3 / 2 + 10, ngets = 20;
	int			 i, limited = 0, passed = 0, gets_ok = 0;
	int			 first_get, late;

	(void)state;
	if ((m = curl_multi_init()) == NULL)
		fail_msg("curl_multi_init");
	t_burst = now();
	/* More posts at once than the burst lets through. */
	for (i = 0; i < nposts; i++)
		start(m, &s[i], 1);
	drive(m, first_429, nposts);
	/*
	 * nginx refuses now; posts of the burst wait in its queue.  Showing
	 * the form is not counted, and another post is refused at once.
	 */
	first_get = nposts;
	for (i = 0; i < ngets; i++)
		start(m, &s[first_get + i], 0);
	late = first_get + ngets;
	start(m, &s[late], 1);
	drive(m, NULL, late + 1);
	for (i = 0; i < nposts; i++) {
		if (s[i].status == 429) {
			limited++;
			/* nginx's own page, with the server's security headers. */
			if (s[i].body == NULL || strstr(s[i].body, "<h1>") == NULL ||
			    strstr(s[i].body, "href=\"/login\"") == NULL ||
			    strcmp(s[i].xfo, "DENY") != 0)
				fail_msg("429 is not nginx's page: %s [%s]", s[i].body,
				    s[i].xfo);
		} else if (s[i].status == 403)
			passed++;	/* reached the app: no login cookie */
		else
			fail_msg("post %d: status %ld: %s", i, s[i].status, s[i].body);
	}
	for (i = first_get; i < late; i++)
		if (s[i].status == 200 && s[i].body != NULL &&
		    strstr(s[i].body, "action=\"/login\"") != NULL)
			gets_ok++;
	print_message("# %d posts at once: %d refused by nginx, %d reached the app;"
	    " %d GETs answered meanwhile\n", nposts, limited, passed, gets_ok);
	if (limited == 0)
		fail_msg("%d posts at once, burst %d: none refused", nposts, burst);
	/* The burst itself goes through (1 + burst; a little slack for the clock). */
	if (passed < burst - 5)
		fail_msg("only %d of %d posts passed with a burst of %d", passed, nposts,
		    burst);
	if (gets_ok != ngets)
		fail_msg("GET /login while the posts are limited: %d of %d answered",
		    gets_ok, ngets);
	/* (Unless the machine was so slow that the limit had drained meanwhile.) */
	if (s[late].status != 429 && s[late].at - t_burst < (burst - 10) / rate)
		fail_msg("a post during the limit, after %.2f s: %ld",
		    s[late].at - t_burst, s[late].status);
	finish(m, s, late + 1);
	curl_multi_cleanup(m);
}

/* Wait until the address may post again at the full burst. */
static void
t_limit_recovers(void **state)
{
	double	 until = t_burst + burst / rate + 1.0;
	int	 i;
	long	 st;

	(void)state;
	while (now() < until)
		usleep(100000);
	/* A few posts in a row: none refused (the first few are not even delayed). */
	for (i = 0; i < 3; i++)
		if ((st = one_post()) != 403)
			fail_msg("post %d after %.1f s: %ld", i + 1, now() - t_burst, st);
	/* Leave the budget as full as it was for the suites that follow. */
	usleep((useconds_t)(3.0 / rate * 1e6) + 200000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_limit_bites),
		cmocka_unit_test(t_limit_recovers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
