/*
 * load.c - the load generator of the fault runs: `agents` communities in
 * flight at once, each taken through a script of real acts (declare, add
 * items, submit, countersign, reject, edit, fund, mark items done) by the
 * departments the workflow names, over libcurl's multi interface.
 *
 * Every request carries an Idempotency-Key.  A request that fails the way
 * a fault makes requests fail (no connection, 502, 503, 504) is sent again
 * with the same key and body, with backoff, for at most retry_budget
 * seconds: a retry can never do an act twice.  Every act whose success the
 * client saw is recorded (struct act) for the checks of check.c.  Any
 * other answer is unexpected: noted, and the community abandoned (the
 * client no longer knows its version).
 */
#include <sys/time.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "faults.h"
#include "script.h"

const char *const phase_names[PH__MAX] = {
	"none",
	"kill_worker",
	"pg_restart_fast",
	"pg_restart_immediate",
	"sigterm_master",
};
_Static_assert(sizeof(phase_names) / sizeof(phase_names[0]) == PH__MAX, "phases");

#define MAXITEMS	4
#define BACKOFF_MIN	0.1
#define BACKOFF_MAX	2.0

/* One client: one community at a time, one request at a time. */
struct agent {
	struct load	*ld;
	unsigned	 seed;
	size_t		 pos;		/* current row of script_steps[] */
	int		 comm;		/* index into ld->comms, -1 none */
	const char	*county;
	long long	 round;
	long long	 items[MAXITEMS];
	int		 nitems;
	/* The act in progress. */
	int		 active;	/* an act is being tried */
	int		 busy;		/* its request is in the multi handle */
	CURL		*h;
	struct curl_slist *hdrs;
	char		 url[320];
	char		 body[1024];
	char		 key[64];
	char		*resp;
	size_t		 resplen;
	int		 attempts;
	double		 started;	/* monotonic, first attempt */
	double		 retry_at;	/* monotonic, 0: not waiting */
	double		 fail_at;	/* wall clock of the first failure */
	int		 fail_phase;
	int		 finished;	/* stopped for good */
};

static char	 base[160];
static long	 seq;

static double
mono(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double
wall(void)
{
	struct timeval	 t;

	gettimeofday(&t, NULL);
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

void
load_init(struct load *ld)
{
	memset(ld, 0, sizeof(*ld));
	ld->agents = 12;
	ld->seconds = 15;
	ld->retry_budget = 60;
	snprintf(ld->prefix, sizeof(ld->prefix), "flt-%d-%ld-", (int)getpid(),
	    (long)time(NULL));
	atomic_init(&ld->phase, PH_NONE);
	atomic_init(&ld->stop, 0);
	atomic_init(&ld->done, 0);
	script_init();
}

void
load_free(struct load *ld)
{
	free(ld->acts);
	free(ld->comms);
	ld->acts = NULL;
	ld->comms = NULL;
	ld->nacts = ld->ncomms = 0;
}

static void
note(struct load *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
note(struct load *ld, const char *fmt, ...)
{
	va_list	 ap;

	if (ld->nnotes >= (int)(sizeof(ld->notes) / sizeof(ld->notes[0])))
		return;
	va_start(ap, fmt);
	vsnprintf(ld->notes[ld->nnotes++], sizeof(ld->notes[0]), fmt, ap);
	va_end(ap);
}

static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	void	*np;

	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 256;
	if ((np = realloc(p, *cap * size)) == NULL) {
		fprintf(stderr, "faults: out of memory\n");
		abort();
	}
	return np;
}

static size_t
on_body(char *p, size_t sz, size_t n, void *arg)
{
	struct agent	*ag = arg;
	char		*nb;

	if ((nb = realloc(ag->resp, ag->resplen + sz * n + 1)) == NULL)
		return 0;
	ag->resp = nb;
	memcpy(ag->resp + ag->resplen, p, sz * n);
	ag->resplen += sz * n;
	ag->resp[ag->resplen] = '\0';
	return sz * n;
}

/* A new community for ag, with a script picked in turn. */
static void
agent_new(struct agent *ag)
{
	ag->pos = script_next(&ag->county);
	ag->comm = -1;
	ag->round = 0;
	ag->nitems = 0;
}

/* The current community of ag. */
static struct comm *
agent_comm(struct agent *ag)
{
	return ag->comm >= 0 ? &ag->ld->comms[ag->comm] : NULL;
}

/* Build the request of the current step: URL, body, key. */
static void
act_prepare(struct agent *ag)
{
	struct comm		*c = agent_comm(ag);
	struct script_ctx	 ctx;
	char			 path[160], name[96];

	snprintf(name, sizeof(name), "故障测试小区-%s%ld", ag->ld->prefix, seq);
	ctx.cid = c != NULL ? c->id : 0;
	ctx.items = ag->items;
	ctx.county = ag->county;
	ctx.version = c != NULL ? c->version : 0;
	ctx.name = name;
	script_request(ag->pos, &ctx, path, sizeof(path), ag->body, sizeof(ag->body));
	snprintf(ag->url, sizeof(ag->url), "%s%s", base, path);
	snprintf(ag->key, sizeof(ag->key), "%s%ld", ag->ld->prefix, seq++);
	ag->attempts = 0;
	ag->started = mono();
	ag->retry_at = 0;
	ag->fail_at = 0;
	ag->fail_phase = -1;
	ag->active = 1;
}

/* Send the current act's request (again): same URL, body and key. */
static int
act_send(struct agent *ag, CURLM *m)
{
	const struct step	*s = &script_steps[ag->pos];
	char			 line[2048];

	free(ag->resp);
	ag->resp = NULL;
	ag->resplen = 0;
	if ((ag->h = curl_easy_init()) == NULL)
		return -1;
	snprintf(line, sizeof(line), "Authorization: Bearer %s",
	    script_token(ag->pos, ag->county));
	ag->hdrs = curl_slist_append(NULL, line);
	snprintf(line, sizeof(line), "Idempotency-Key: %s", ag->key);
	ag->hdrs = curl_slist_append(ag->hdrs, line);
	ag->hdrs = curl_slist_append(ag->hdrs, "Expect:");
	if (ag->body[0] != '\0') {
		ag->hdrs = curl_slist_append(ag->hdrs,
		    "Content-Type: application/json");
		curl_easy_setopt(ag->h, CURLOPT_POSTFIELDS, ag->body);
		curl_easy_setopt(ag->h, CURLOPT_POSTFIELDSIZE, (long)strlen(ag->body));
	}
	curl_easy_setopt(ag->h, CURLOPT_URL, ag->url);
	curl_easy_setopt(ag->h, CURLOPT_CUSTOMREQUEST, script_kinds[s->kind].method);
	curl_easy_setopt(ag->h, CURLOPT_HTTPHEADER, ag->hdrs);
	curl_easy_setopt(ag->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(ag->h, CURLOPT_WRITEDATA, ag);
	curl_easy_setopt(ag->h, CURLOPT_PRIVATE, (void *)ag);
	curl_easy_setopt(ag->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(ag->h, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(ag->h, CURLOPT_TIMEOUT, 30L);
	if (curl_multi_add_handle(m, ag->h) != CURLM_OK)
		return -1;
	ag->attempts++;
	ag->ld->requests++;
	ag->busy = 1;
	return 0;
}

/* Give up on the current community (the client lost track of it). */
static void
agent_abandon(struct agent *ag)
{
	struct comm	*c = agent_comm(ag);

	if (c != NULL)
		c->abandoned = 1;
	ag->active = 0;
	agent_new(ag);
}

static long long
jget_int(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_int64(v);
}

static const char *
jget_str(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The act succeeded: record it and move the agent on. */
static void
act_done(struct agent *ag)
{
	struct load		*ld = ag->ld;
	const struct step	*s = &script_steps[ag->pos];
	struct json_object	*j = json_tokener_parse(ag->resp != NULL ? ag->resp : "");
	struct comm		*c;
	struct act		*a;
	const char		*stage;
	long long		 id = jget_int(j, "id");
	int			 ver;

	if (s->kind == K_DECLARE) {
		if (id <= 0) {
			note(ld, "declare: no id in %.200s", ag->resp ? ag->resp : "");
			ld->ph[atomic_load(&ld->phase)].unexpected++;
			json_object_put(j);
			agent_abandon(ag);
			return;
		}
		ld->comms = grow(ld->comms, &ld->capcomms, ld->ncomms, sizeof(*c));
		ag->comm = (int)ld->ncomms++;
		c = &ld->comms[ag->comm];
		memset(c, 0, sizeof(*c));
		c->id = id;
		c->version = 0;
	}
	c = agent_comm(ag);
	c->version++;
	/* Answers that are the community name its version: it must agree. */
	if ((ver = (int)jget_int(j, "version")) > 0 && ver != c->version) {
		ld->version_skew++;
		note(ld, "community %lld: answer has version %d, client counted %d",
		    c->id, ver, c->version);
	}
	if (s->fires != NULL && ((stage = jget_str(j, "stage")) == NULL ||
	    strcmp(stage, s->fires) != 0)) {
		ld->version_skew++;
		note(ld, "community %lld: %s did not reach %s: %.200s", c->id,
		    s->arg, s->fires, ag->resp ? ag->resp : "");
	}
	if (s->kind == K_SUBMIT)
		ag->round = id;
	if (s->kind == K_ITEM && ag->nitems < MAXITEMS)
		ag->items[ag->nitems++] = id;
	json_object_put(j);

	ld->acts = grow(ld->acts, &ld->capacts, ld->nacts, sizeof(*a));
	a = &ld->acts[ld->nacts++];
	memset(a, 0, sizeof(*a));
	a->def = (int)ag->pos;
	a->comm = ag->comm;
	a->cid = c->id;
	a->round = (s->kind == K_SUBMIT || s->kind == K_APPROVE ||
	    s->kind == K_REJECT) ? ag->round : 0;
	a->item = s->kind == K_ITEM ? id : s->kind == K_DONE ?
	    ag->items[s->item] : 0;
	a->version = c->version;
	a->attempts = ag->attempts;
	a->fail_phase = ag->fail_phase;
	a->fail_at = ag->fail_at;
	snprintf(a->key, sizeof(a->key), "%s", ag->key);
	snprintf(a->path, sizeof(a->path), "%s", ag->url + strlen(base));

	ag->active = 0;
	ag->pos++;
	if (script_steps[ag->pos].kind == K__MAX)
		agent_new(ag);
}

static int
retryable(CURLcode rc, long status)
{
	return rc != CURLE_OK || status == 0 || status == 502 || status == 503 ||
	    status == 504;
}

/* An answer (or a failure) arrived for ag's request. */
static void
act_answer(struct agent *ag, CURLcode rc)
{
	struct load		*ld = ag->ld;
	const struct kind_def	*k = &script_kinds[script_steps[ag->pos].kind];
	struct phase_stats	*ph;
	long			 status = 0;
	int			 p = atomic_load(&ld->phase);
	double			 backoff;

	curl_easy_getinfo(ag->h, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(ag->hdrs);
	ag->hdrs = NULL;
	ag->busy = 0;
	ph = &ld->ph[p];
	ph->answers++;
	if (rc == CURLE_OK && status == k->want) {
		act_done(ag);
		return;
	}
	if (!retryable(rc, status)) {
		ph->unexpected++;
		note(ld, "%s %s (%s): %ld %.200s", k->method,
		    ag->url + strlen(base), phase_names[p], status,
		    ag->resp != NULL ? ag->resp : "");
		agent_abandon(ag);
		return;
	}
	ph->failed++;
	if (rc != CURLE_OK || status == 0)
		ph->fail_conn++;
	else if (status == 502)
		ph->fail_502++;
	else if (status == 503)
		ph->fail_503++;
	else
		ph->fail_504++;
	if (ag->fail_phase < 0) {
		ag->fail_phase = p;
		ag->fail_at = wall();
	}
	if (mono() - ag->started > ld->retry_budget) {
		ld->ph[ag->fail_phase].gave_up++;
		note(ld, "%s %s: gave up after %d attempts (last %ld, curl %d)",
		    k->method, ag->url + strlen(base),
		    ag->attempts, status, (int)rc);
		agent_abandon(ag);
		return;
	}
	backoff = BACKOFF_MIN * (double)(1 << (ag->attempts < 6 ? ag->attempts - 1 : 5));
	if (backoff > BACKOFF_MAX)
		backoff = BACKOFF_MAX;
	/* Jitter: clients that failed together do not retry together. */
	backoff *= 0.75 + 0.5 * (double)rand_r(&ag->seed) / (double)RAND_MAX;
	ag->retry_at = mono() + backoff;
}

int
load_run(struct load *ld)
{
	struct agent	*ags;
	CURLM		*m;
	CURLMsg		*msg;
	struct agent	*ag;
	char		*priv;
	const char	*u = getenv("JIUGAI_TEST_URL");
	double		 t0 = mono(), now, hard;
	int		 i, running, left, live;

	if (u == NULL || *u == '\0' || ld->agents <= 0)
		return -1;
	snprintf(base, sizeof(base), "%s", u);
	if ((m = curl_multi_init()) == NULL)
		return -1;
	if ((ags = calloc((size_t)ld->agents, sizeof(*ags))) == NULL) {
		curl_multi_cleanup(m);
		return -1;
	}
	for (i = 0; i < ld->agents; i++) {
		ags[i].ld = ld;
		ags[i].seed = (unsigned)(getpid() * 31 + i);
		agent_new(&ags[i]);
	}
	/* After the load time, acts in flight get their retry budget, then some. */
	hard = t0 + ld->seconds + ld->retry_budget + 35;
	for (;;) {
		now = mono();
		live = 0;
		for (i = 0; i < ld->agents; i++) {
			ag = &ags[i];
			if (ag->finished)
				continue;
			if (!ag->active && !ag->busy) {
				if (now - t0 >= ld->seconds || atomic_load(&ld->stop)) {
					ag->finished = 1;
					continue;
				}
				act_prepare(ag);
			}
			live++;
			if (ag->busy || (ag->retry_at > 0 && now < ag->retry_at))
				continue;
			ag->retry_at = 0;
			if (act_send(ag, m) == -1) {
				note(ld, "cannot start a request");
				ag->finished = 1;
				live--;
			}
		}
		if (live == 0 || now > hard)
			break;
		curl_multi_perform(m, &running);
		curl_multi_poll(m, NULL, 0, 20, NULL);
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
			ag = (struct agent *)(void *)priv;
			curl_multi_remove_handle(m, msg->easy_handle);
			act_answer(ag, msg->data.result);
			curl_easy_cleanup(msg->easy_handle);
			ag->h = NULL;
		}
	}
	for (i = 0; i < ld->agents; i++) {
		ag = &ags[i];
		if (ag->busy) {
			note(ld, "a request was still in flight at the hard deadline");
			ld->ph[atomic_load(&ld->phase)].gave_up++;
			curl_multi_remove_handle(m, ag->h);
			curl_easy_cleanup(ag->h);
			curl_slist_free_all(ag->hdrs);
			if (agent_comm(ag) != NULL)
				agent_comm(ag)->abandoned = 1;
		} else if (ag->active) {
			ld->ph[ag->fail_phase >= 0 ? ag->fail_phase : PH_NONE].gave_up++;
			if (agent_comm(ag) != NULL)
				agent_comm(ag)->abandoned = 1;
		}
		free(ag->resp);
	}
	free(ags);
	curl_multi_cleanup(m);
	ld->elapsed = mono() - t0;
	return 0;
}
