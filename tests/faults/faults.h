/*
 * faults.h - fault injection (issue 3 item 6): a load generator that
 * drives real acts on many communities at once, the faults injected while
 * it runs (a worker SIGKILLed, PostgreSQL restarted fast and immediate,
 * the master sent SIGTERM and started again), and the checks in SQL that
 * no act a client saw succeed was lost and none was recorded twice.
 *
 * Used by tests/http/test_zz_faults.c (the short run inside `make test`)
 * and tests/faults/faults.c (`make faults`).  Both run against the stack
 * tests/run.sh or tests/faults/run.sh started; environment as in
 * tests/lib/client.h plus JIUGAI_TEST_DIR and JIUGAI_BIN.
 */
#ifndef JIUGAI_TEST_FAULTS_H
#define JIUGAI_TEST_FAULTS_H

#include <stdatomic.h>
#include <stddef.h>

/* What is being done to the stack; failures are counted per phase. */
enum phase {
	PH_NONE,		/* no fault, or 2 s after one was over */
	PH_KILL_WORKER,		/* SIGKILL to a random worker */
	PH_PG_FAST,		/* pg_ctl restart -m fast */
	PH_PG_IMMEDIATE,	/* pg_ctl restart -m immediate */
	PH_SIGTERM_MASTER,	/* SIGTERM to the master, then app_serve */
	PH__MAX
};

extern const char *const phase_names[PH__MAX];

/* Per phase: what the clients saw, and what the injector measured. */
struct phase_stats {
	int		 injected;	/* times this fault was injected */
	int		 inject_errors;	/* times injecting or recovering failed */
	double		 ready_max;	/* s from PostgreSQL (or the master) back to /readyz 200 */
	double		 down_max;	/* s from the fault to /readyz 200 */
	long		 answers;	/* answers (or errors) received in this phase */
	long		 failed;	/* connection errors, 502, 503, 504: retried */
	long		 fail_conn;
	long		 fail_502;
	long		 fail_503;
	long		 fail_504;
	long		 gave_up;	/* acts abandoned after the retry budget */
	long		 unexpected;	/* any other answer */
	long		 after_commit;	/* failed answers whose act had committed (check) */
	/* nginx's error log in this phase: how the failed requests failed. */
	long		 ngx_cut;	/* a worker closed the connection mid-request */
	long		 ngx_reset;	/* reset before any answer (never accepted) */
	long		 ngx_refused;	/* no one listening on the socket */
};

/* One act a client saw succeed. */
struct act {
	int		 def;		/* row of the script (load.c) */
	int		 comm;		/* index into load.comms */
	long long	 cid;
	long long	 round;		/* submit: the new round; decisions: theirs */
	long long	 item;		/* item_add, item_done */
	int		 version;	/* the community's version after it */
	int		 attempts;
	int		 fail_phase;	/* phase of the first failed attempt, -1 none */
	double		 fail_at;	/* wall clock of that failure, 0 none */
	char		 key[64];	/* Idempotency-Key */
	char		 path[64];	/* e.g. /api/v1/communities/12/approvals */
};

/* One community the load created. */
struct comm {
	long long	 id;
	int		 version;	/* after the last act the client saw */
	int		 abandoned;	/* an act gave up or was answered unexpectedly */
};

struct load {
	/* Settings. */
	int		 agents;	/* communities in flight at once */
	double		 seconds;	/* start acts for this long */
	double		 retry_budget;	/* s one act may be retried */
	/* Results (written by the load thread; read after it ended). */
	struct act	*acts;
	size_t		 nacts, capacts;
	struct comm	*comms;
	size_t		 ncomms, capcomms;
	struct phase_stats ph[PH__MAX];
	long		 requests;	/* attempts sent */
	long		 version_skew;	/* an answer's version other than expected */
	double		 elapsed;
	char		 prefix[48];	/* of every Idempotency-Key of this run */
	char		 notes[8][400];	/* the first unexpected answers */
	int		 nnotes;
	/* Shared with the injector. */
	atomic_int	 phase;
	atomic_int	 stop;		/* end early */
	atomic_int	 done;		/* the load thread has finished */
};

/* Script rows, for the checks: the event an act leaves and what it fires. */
struct act_info {
	const char	*method;
	const char	*event;		/* "approve", "item_add", ... */
	const char	*dept;		/* approve/reject: the deciding department */
	const char	*fires;		/* the transition it fires, or NULL */
	const char	*stage;		/* the stage it reaches, or NULL */
	const char	*sub;		/* the acting user (Idempotency-Key owner) */
};
void		 load_act_info(const struct act *a, struct act_info *out);
/* The acts, a line each (tab-separated, with a header), into JIUGAI_TEST_DIR/log/NAME. */
void		 load_dump(const struct load *ld, const char *name);

/*
 * Set defaults (12 agents, 15 s, 60 s retry budget) and a unique key
 * prefix; load_run() runs the load until seconds have passed (then lets
 * every act in flight finish, bounded by the retry budget).  Call
 * client_init() first.  Returns 0, or -1 when it could not start.
 * load_free() releases the results.
 */
void		 load_init(struct load *ld);
int		 load_run(struct load *ld);
void		 load_free(struct load *ld);

/* A schedule: faults at offsets (seconds after the load started). */
struct fault_at {
	double		 at;
	enum phase	 fault;
};

/*
 * Run the load in a thread and inject the faults of the schedule while
 * it runs; returns when both are over.  Faults that cannot be injected on
 * this stack (no local cluster) count as inject_errors with a note on
 * stderr.  Returns 0, or -1 when the load could not start.
 */
int		 faults_run(struct load *ld, const struct fault_at *sched, size_t n);

/*
 * Run argv in dir with stdin from /dev/null, stdout and stderr appended to
 * outfile (NULL: JIUGAI_TEST_DIR/log/faults.log), no inherited descriptor
 * beyond those; SIGKILL after limit seconds.  Returns the exit status, or
 * -1 (killed, timed out, or could not start).
 */
int		 faults_cmd(const char *dir, const char *const argv[], double limit,
		    const char *outfile);
/* The master's pid from JIUGAI_PIDFILE (or JIUGAI_TEST_DIR/run/jiugai.pid), or 0. */
int		 faults_master(void);
/* Seconds until GET /readyz answers 200, or -1 after limit seconds. */
double		 faults_until_ready(double limit);

/* What the checks found. */
struct check {
	long long	 acts;		/* acts the clients saw succeed */
	long long	 expected;	/* events they imply (with fired transitions) */
	long long	 lost;		/* implied events missing from the trail */
	long long	 duplicated;	/* events beyond what the acts imply */
	long long	 rows;		/* rows (items, funding, rounds, approvals, version) off */
	long long	 trail_dups;	/* whole trail: a round's act, an item, a declaration twice */
	long long	 idem_missing;	/* seen acts without their one Idempotency-Key row */
	long long	 idem_unseen;	/* key rows of this run no seen act explains */
	long long	 stage_off;	/* communities whose stage differs from their events */
	long long	 data_off;	/* stage data differing from the last declare/edit */
	int		 replay_tool;	/* jiugai replay --check: -1 absent, else exit status */
	int		 verify_tool;	/* jiugai verify-audit: -1 absent, else exit status */
	int		 error;		/* a check could not run */
	char		 note[1024];
};

/*
 * The checks, in SQL on JIUGAI_DATABASE_URL (fills ld->ph[].after_commit
 * too).  Returns 0 when every check could run (whatever it found).
 */
int		 check_run(struct load *ld, struct check *ck);
/* The report: failed requests per fault, then lost and duplicated acts. */
void		 check_report(const struct load *ld, const struct check *ck,
		    const char *prefix);
/* 1 when the run passed: nothing lost, duplicated or unexplained. */
int		 check_passed(const struct load *ld, const struct check *ck);

#endif
