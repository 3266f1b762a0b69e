/*
 * gen.c - `jiugai gen --communities N --events M [--seed S]`: a national-
 * scale data set (issue 6 §3), bulk-loaded with COPY as the owner role.
 *
 * Each community gets a plan: the acts that took it to its stage, in the
 * order the workflow allows (declare, items, survey round, survey data,
 * funding, launch round, tender, items done, ...), plus extra acts until
 * the events add up to M: rejected submissions (submit, perhaps an
 * approval, a rejection) and revisions of item estimates.  The plans'
 * times are merged into one time-ordered stream, so the trail interleaves
 * communities as a real one would; the hash chain is computed here, from
 * the current head on, with audit_link() (the encoding verify-audit
 * checks), and the head is moved at the end.
 *
 * One transaction.  What must be off for rows that arrive where the
 * workflow would have taken them is off inside it only: the stage,
 * round, approval and item insert checks, and the chain's trigger, whose
 * work is done here.  When the load is at least a quarter of the trail
 * already there, the loaded tables' foreign keys and the trail's
 * non-unique indexes go too (their row-by-row checks and inserts would
 * dominate the load) and are made again from their catalogue definitions
 * before the commit: one join validates each key, one sort builds each
 * index.  Then VACUUM ANALYZE.
 *
 * Deterministic for a given N, M and seed (times are in 2016..2026, not
 * relative to today); ids continue from the sequences.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "audit.h"
#include "codes.h"
#include "conf.h"
#include "gen.h"
#include "wf.h"

#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

/* 2016-01-01 and 2026-06-30, UTC, in microseconds since the epoch. */
#define T_START		(1451606400LL * 1000000)
#define T_END		(1782777600LL * 1000000)
#define DAY		(86400LL * 1000000)

/* Plan steps: op in the low byte, a (item, round) and b above. */
enum op {
	OP_DECLARE,
	OP_ITEM_ADD,		/* a item, b revisions still to come */
	OP_ITEM_EDIT,		/* a item, b revisions still to come */
	OP_SUBMIT,		/* a round, b action */
	OP_APPROVE,		/* a round, b dept */
	OP_REJECT,		/* a round, b dept */
	OP_MOVE,		/* a round, b action */
	OP_EDIT,		/* b stage whose data is recorded */
	OP_FUNDING,		/* a funding line */
	OP_ITEM_DONE,		/* a item */
	OP_ITEM_SIGNOFF,	/* a item */
	OP__MAX
};
#define OPW(op, a, b)	((uint32_t)(op) | ((uint32_t)(a) << 8) | ((uint32_t)(b) << 16))
#define OP_OF(w)	((int)((w) & 0xff))
#define A_OF(w)		((int)(((w) >> 8) & 0xff))
#define B_OF(w)		((int)((w) >> 16))

/* How far apart acts are, relatively (0: the same transaction). */
static const int op_weight[OP__MAX] = { 0, 1, 4, 12, 3, 6, 0, 6, 2, 8, 3 };

/* Stages by share of communities, per cent. */
static const struct {
	enum stage	 stage;
	int		 pct;
} stage_share[] = {
	{ STAGE_DECLARED, 20 }, { STAGE_SURVEYED, 20 }, { STAGE_PILOTED, 25 },
	{ STAGE_RENOVATED, 10 }, { STAGE_ACCEPTED, 10 }, { STAGE_MANAGED, 12 },
	{ STAGE_WITHDRAWN, 3 },
};

/* The main line's actions, in order; stage k is reached by main[k - 1]. */
static const enum action main_line[] = {
	ACTION_SURVEY, ACTION_LAUNCH, ACTION_COMPLETE, ACTION_ACCEPT,
	ACTION_HAND_OVER,
};

static const char *const roots[] = {
	"金雀山", "沂河", "新华", "工人", "银雀山", "北园", "涑河", "临西",
	"开阳", "书院", "清河", "南坊", "砚池", "凤凰岭", "双月", "解放",
	"兰山", "启阳", "琅琊", "蒙山", "人民", "东关", "西郊", "沂州",
	"鲁南", "红旗", "建设", "友谊", "和平", "文化", "通达", "金坛",
	"孝友", "卧龙", "柳青", "沂龙湾", "滨河", "华夏", "宝泉", "青年",
};
#define NROOTS	(sizeof(roots) / sizeof(roots[0]))
static const char *const suffixes[] = {
	"小区", "花园", "新村", "宿舍", "家属院", "苑", "家园", "公寓",
};
#define NSUFFIXES (sizeof(suffixes) / sizeof(suffixes[0]))
static const char *const people[] = {
	"王建国", "李明", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "孙丽",
};
static const char *const reasons[] = {
	"材料不全，请补充后重新提交", "概算依据不足，请核实",
	"居民意见书缺页，请补齐", "资金来源未落实，请说明",
};

/* One community: what the plan needs and where its steps are. */
struct comm {
	int64_t		 t0, dur;	/* declared at; the plan's span */
	long long	 id;
	uint32_t	 g;		/* the attributes' index */
	uint32_t	 off, n;	/* its steps in ops[] and at[] */
	uint32_t	 item0, round0, fund0;	/* global offsets */
	uint8_t		 stage, nitems, nrounds, nfund;
	uint8_t		 open;		/* ends with an open round */
	uint8_t		 county;
};

/* Everything else about a community, derived again from g when needed. */
struct attr {
	int		 households, buildings, built_year, area_m2;
	int		 street, road, number, root, suffix, part;
	int		 dilapidated, consent_pct, professional, fee_cents;
	int		 kind[8];	/* distinct kinds, none needing a permit */
	int		 selected[8], condition[8];
	long long	 estimate[8];	/* yuan */
	int		 src[3];
};

struct gen {
	PGconn		*c;
	PGresult	*keys;		/* sql_keys: drop, then make again */
	uint64_t	 seed;
	long long	 ncomm, nevents;
	struct comm	*cs;
	uint32_t	*ops;
	int64_t		*at;
	long long	 nitems, nrounds, nfund, napprovals;
	long long	 base_comm, base_item, base_round, base_fund, base_event;
	long long	 head_seq;
	char		 head[AUDIT_HEXLEN + 1];
	/* The COPY buffer. */
	char		*buf;
	size_t		 len, cap;
};

/* ---- determinism ---------------------------------------------------- */

static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A random number in [0, n) from the stream *s. */
static uint32_t
rnd(uint64_t *s, uint32_t n)
{
	*s = mix(*s);
	return n == 0 ? 0 : (uint32_t)((*s >> 32) % n);
}

static void
attrs(const struct gen *g, uint32_t idx, struct attr *a)
{
	uint64_t	 s = g->seed * 0x100000001b3ULL ^ ((uint64_t)idx << 20) ^ 0xa77;
	int		 i, k, start, step, n;

	a->households = 40 + (int)rnd(&s, 900);
	a->buildings = 2 + a->households / 60 + (int)rnd(&s, 6);
	a->built_year = 1975 + (int)rnd(&s, 25);
	a->area_m2 = a->households * (55 + (int)rnd(&s, 35));
	a->street = (int)rnd(&s, 24);
	a->road = (int)rnd(&s, NROOTS);
	a->number = 1 + (int)rnd(&s, 300);
	a->root = (int)rnd(&s, NROOTS);
	a->suffix = (int)rnd(&s, NSUFFIXES);
	a->part = (int)rnd(&s, 4);
	a->dilapidated = rnd(&s, 100) < 6;
	a->consent_pct = 70 + (int)rnd(&s, 30);
	a->professional = rnd(&s, 3) != 0;
	a->fee_cents = 30 + 5 * (int)rnd(&s, 25);
	/* Kinds: a walk with a step prime to KIND__MAX - 1, so distinct. */
	n = KIND__MAX - 1;
	start = (int)rnd(&s, (uint32_t)n);
	step = 1 + 2 * (int)rnd(&s, 7);
	for (i = 0, k = start; i < 8; i++, k = (k + step) % n) {
		a->kind[i] = k >= KIND_PROPERTY_ROOM ? k + 1 : k;
		a->selected[i] = i == 0 || rnd(&s, 100) < 85;
		a->condition[i] = a->selected[i] ? 1 + (int)rnd(&s, 2) : COND_GOOD;
		a->estimate[i] = 10000 + 1000 * (long long)rnd(&s, 190);
	}
	for (i = 0; i < 3; i++)
		a->src[i] = i == 0 ? SOURCE_PROVINCE : i == 1 ? SOURCE_COUNTY :
		    SOURCE_MAINTENANCE_FUND;
}

/* ---- plans ---------------------------------------------------------- */

/* The departments that must approve action, as a DEPT_BIT mask. */
static unsigned
required(int action)
{
	size_t	 i;

	for (i = 0; i < wf_table_len; i++)
		if ((int)wf_table[i].action == action)
			return wf_table[i].countersign & ~wf_table[i].conditional;
	return 0;
}

static int
first_dept(unsigned mask, int nth)
{
	int	 d;

	for (d = 0; d < DEPT__MAX; d++)
		if ((mask & DEPT_BIT(d)) && nth-- == 0)
			return d;
	return -1;
}

static int
ndepts(unsigned mask)
{
	int	 d, n = 0;

	for (d = 0; d < DEPT__MAX; d++)
		n += (mask & DEPT_BIT(d)) != 0;
	return n;
}

struct planner {
	uint32_t	*out;		/* NULL: count only */
	uint32_t	 n;
	int		 nrounds;
};

static void
put(struct planner *p, uint32_t w)
{
	if (p->out != NULL)
		p->out[p->n] = w;
	p->n++;
}

/* A round for action: refused by its last department, or passed. */
static void
round_of(struct planner *p, int action, int rejected)
{
	unsigned	 req = required(action);
	int		 r = p->nrounds++, i, n = ndepts(req);

	put(p, OPW(OP_SUBMIT, r, action));
	if (rejected) {
		if (n > 1)
			put(p, OPW(OP_APPROVE, r, first_dept(req, 0)));
		put(p, OPW(OP_REJECT, r, first_dept(req, n - 1)));
		return;
	}
	for (i = 0; i < n; i++)
		put(p, OPW(OP_APPROVE, r, first_dept(req, i)));
	put(p, OPW(OP_MOVE, r, action));
}

/*
 * The steps of community c with extra acts: rejected submissions
 * spread over the countersigned actions it went through, item estimate
 * revisions over its items.  Returns the number of steps.
 */
static uint32_t
plan(struct comm *c, const struct attr *a, long long extra, uint32_t *out)
{
	struct planner	 p = { out, 0, 0 };
	int		 path[8], npath = 0, cycles[8], rev[8], i, k, reached;
	int		 ni = c->nitems, open_action = -1, cost, ncyc;
	long long	 x = extra;

	memset(cycles, 0, sizeof(cycles));
	memset(rev, 0, sizeof(rev));
	if (c->stage == STAGE_WITHDRAWN) {
		path[npath++] = ACTION_WITHDRAW;
		reached = 0;
	} else {
		reached = c->stage;
		for (k = 0; k < reached; k++)
			path[npath++] = main_line[k];
		if (c->open && reached < STAGE_MANAGED)
			open_action = path[npath++] = main_line[reached];
	}
	/*
	 * Extra acts: a rejected round costs 2 or 3, a revision 1.  A
	 * community still declared may have had its survey refused; no
	 * action is refused more than twice, the rest are revisions.
	 */
	ncyc = npath > 0 ? npath : 1;
	for (k = 0; x > 0; k++) {
		cost = 1 + (ndepts(required(npath > 0 ? path[k % ncyc] :
		    ACTION_SURVEY)) > 1);
		if (k % 2 == 0 && x >= cost + 1 && cycles[k % ncyc] < 2) {
			cycles[k % ncyc]++;
			x -= cost + 1;
		} else {
			rev[k % ni]++;
			x--;
		}
	}

	put(&p, OPW(OP_DECLARE, 0, 0));
	for (i = 0; i < ni; i++)
		put(&p, OPW(OP_ITEM_ADD, i, rev[i]));
	for (i = 0; i < ni; i++)
		for (k = rev[i] - 1; k >= 0; k--)
			put(&p, OPW(OP_ITEM_EDIT, i, k));
	for (k = 0; k < npath; k++) {
		for (i = 0; i < cycles[k]; i++)
			round_of(&p, path[k], 1);
		if (path[k] == open_action) {
			/* Submitted; some departments have approved. */
			unsigned req = required(path[k]);
			int r = p.nrounds++, n = ndepts(req);

			put(&p, OPW(OP_SUBMIT, r, path[k]));
			for (i = 0; i < n - 1 && i < (int)(c->g % 2) + 1; i++)
				put(&p, OPW(OP_APPROVE, r, first_dept(req, i)));
			break;
		}
		round_of(&p, path[k], 0);
		switch (path[k]) {
		case ACTION_SURVEY:
			put(&p, OPW(OP_EDIT, 0, STAGE_SURVEYED));
			for (i = 0; i < c->nfund; i++)
				put(&p, OPW(OP_FUNDING, i, 0));
			break;
		case ACTION_LAUNCH:
			put(&p, OPW(OP_EDIT, 0, STAGE_PILOTED));
			/* Under works: half done, unless completion is asked. */
			for (i = 0; i < ni; i++)
				if (a->selected[i] && (reached > STAGE_PILOTED ||
				    open_action == ACTION_COMPLETE || i % 2 == 0))
					put(&p, OPW(OP_ITEM_DONE, i, 0));
			break;
		case ACTION_COMPLETE:
			for (i = 0; i < ni; i++)
				if (a->selected[i] && (reached > STAGE_RENOVATED ||
				    open_action == ACTION_ACCEPT || i % 2 == 0))
					put(&p, OPW(OP_ITEM_SIGNOFF, i, 0));
			break;
		case ACTION_ACCEPT:
			if (reached == STAGE_MANAGED ||
			    open_action == ACTION_HAND_OVER)
				put(&p, OPW(OP_EDIT, 0, STAGE_ACCEPTED));
			break;
		default:
			break;
		}
	}
	if (npath == 0)
		for (i = 0; i < cycles[0]; i++)
			round_of(&p, ACTION_SURVEY, 1);
	c->nrounds = (uint8_t)p.nrounds;
	return p.n;
}

/* Times for c's steps: non-decreasing, spread over c->dur from c->t0. */
static void
times(const struct gen *g, const struct comm *c)
{
	uint64_t	 s = mix(g->seed ^ ((uint64_t)c->g * 0x2545f4914f6cdd1dULL));
	const uint32_t	*ops = g->ops + c->off;
	int64_t		*at = g->at + c->off;
	double		 w[1024], tot = 0, cum = 0;
	uint32_t	 i, n = c->n;
	double		*wp = n <= 1024 ? w : malloc(n * sizeof(double));

	if (wp == NULL)
		abort();
	for (i = 0; i < n; i++) {
		wp[i] = op_weight[OP_OF(ops[i])] * (0.5 + rnd(&s, 1000) / 1000.0);
		tot += wp[i];
	}
	for (i = 0; i < n; i++) {
		cum += wp[i];
		at[i] = c->t0 + (int64_t)((double)c->dur * (tot > 0 ? cum / tot : 0)) +
		    (int64_t)i;
	}
	if (wp != w)
		free(wp);
}

/* ---- text ------------------------------------------------------------ */

static void
grow(struct gen *g, size_t more)
{
	if (g->len + more <= g->cap)
		return;
	while (g->len + more > g->cap)
		g->cap = g->cap ? g->cap * 2 : 1 << 20;
	if ((g->buf = realloc(g->buf, g->cap)) == NULL)
		abort();
}

static void
out(struct gen *g, const char *s, size_t n)
{
	grow(g, n);
	memcpy(g->buf + g->len, s, n);
	g->len += n;
}

static void
outs(struct gen *g, const char *s)
{
	out(g, s, strlen(s));
}

/* A COPY text field: tabs, newlines and backslashes escaped; NULL as \N. */
static void
field(struct gen *g, const char *s, int last)
{
	const char	*p;

	if (s == NULL)
		out(g, "\\N", 2);
	else if (strpbrk(s, "\\\t\n\r") == NULL)
		outs(g, s);
	else
		for (p = s; *p != '\0'; p++)
			switch (*p) {
			case '\\': out(g, "\\\\", 2); break;
			case '\t': out(g, "\\t", 2); break;
			case '\n': out(g, "\\n", 2); break;
			case '\r': out(g, "\\r", 2); break;
			default: out(g, p, 1); break;
			}
	out(g, last ? "\n" : "\t", 1);
}

static void
fieldf(struct gen *g, int last, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fieldf(struct gen *g, int last, const char *fmt, ...)
{
	char	 s[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	field(g, s, last);
}

/* Date parts, bounded so that the compiler sees their widths. */
#define D2(x)	((unsigned)(x) % 100)
#define D4(x)	((unsigned)(x) % 10000)

/* Microseconds since the epoch as a timestamptz literal, UTC. */
static void
ts(int64_t us, char *s, size_t sz)
{
	time_t		 t = (time_t)(us / 1000000);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(s, sz, "%04u-%02u-%02u %02u:%02u:%02u.%06u+00",
	    D4(tm.tm_year + 1900), D2(tm.tm_mon + 1), D2(tm.tm_mday),
	    D2(tm.tm_hour), D2(tm.tm_min), D2(tm.tm_sec),
	    (unsigned)(us % 1000000));
}

/* The same instant as JSON shows it (ISO 8601, UTC). */
static void
ts_json(int64_t us, char *s, size_t sz)
{
	time_t		 t = (time_t)(us / 1000000);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(s, sz, "%04u-%02u-%02uT%02u:%02u:%02u.%06u+00:00",
	    D4(tm.tm_year + 1900), D2(tm.tm_mon + 1), D2(tm.tm_mday),
	    D2(tm.tm_hour), D2(tm.tm_min), D2(tm.tm_sec),
	    (unsigned)(us % 1000000));
}

/* The calendar day of an instant in the city (UTC+8). */
static void
day(int64_t us, char *s, size_t sz)
{
	time_t		 t = (time_t)(us / 1000000 + 8 * 3600);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	snprintf(s, sz, "%04u-%02u-%02u", D4(tm.tm_year + 1900),
	    D2(tm.tm_mon + 1), D2(tm.tm_mday));
}

/*
 * A JSON object as jsonb prints it: keys shorter first, then bytewise,
 * ", " and ": " between.  Values are JSON already.  The audit hash covers
 * this text, so it must be jsonb's own.
 */
struct jobj {
	int		 n;
	const char	*k[20];
	size_t		 kl[20];
	char		 v[20][400];
};

static void
jset(struct jobj *o, const char *k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
jset(struct jobj *o, const char *k, const char *fmt, ...)
{
	va_list	 ap;

	o->k[o->n] = k;
	o->kl[o->n] = strlen(k);
	va_start(ap, fmt);
	vsnprintf(o->v[o->n], sizeof(o->v[0]), fmt, ap);
	va_end(ap);
	o->n++;
}

static void
jstr(struct jobj *o, const char *k, const char *s)
{
	if (s == NULL)
		jset(o, k, "null");
	else
		jset(o, k, "\"%s\"", s);
}

static void
jtext(const struct jobj *o, char *s, size_t sz)
{
	int	 idx[20], i, j, t;
	size_t	 n = 0;

	for (i = 0; i < o->n; i++)
		idx[i] = i;
	for (i = 1; i < o->n; i++)
		for (j = i; j > 0; j--) {
			const int a = idx[j - 1], b = idx[j];

			if (o->kl[a] < o->kl[b] || (o->kl[a] == o->kl[b] &&
			    memcmp(o->k[a], o->k[b], o->kl[a]) <= 0))
				break;
			t = idx[j - 1];
			idx[j - 1] = idx[j];
			idx[j] = t;
		}
	n += (size_t)snprintf(s + n, sz - n, "{");
	for (i = 0; i < o->n && n < sz; i++)
		n += (size_t)snprintf(s + n, sz - n, "%s\"%s\": %s",
		    i ? ", " : "", o->k[idx[i]], o->v[idx[i]]);
	if (n < sz)
		snprintf(s + n, sz - n, "}");
}

/* ---- who does what --------------------------------------------------- */

struct actor {
	char		 sub[64];
	const char	*name, *dept, *role;
};

/* A clerk (role 0) or approver of dept, in the county when scoped. */
static void
who(struct actor *w, int dept, int county, int approver)
{
	static const char *const clerk_zh[DEPT__MAX] = {
		[DEPT_COUNTY] = "县区政府经办人", [DEPT_STREET] = "街道办经办人",
		[DEPT_COMMITTEE] = "社区居委会经办人",
		[DEPT_CONSTRUCTION] = "住建局经办人", [DEPT_HOUSING] = "房产局经办人",
	};

	w->dept = depts[dept].code;
	w->role = approver ? "approver" : "clerk";
	if (depts[dept].scoped)
		snprintf(w->sub, sizeof(w->sub), "%s-%s-%s", counties[county].code,
		    depts[dept].code, w->role);
	else
		snprintf(w->sub, sizeof(w->sub), "%s-%s", depts[dept].code, w->role);
	if (approver)
		w->name = dept == DEPT_COUNTY ? "县区政府审核人" : "审核人";
	else
		w->name = clerk_zh[dept] != NULL ? clerk_zh[dept] : "经办人";
}

/* Who initiates action. */
static int
initiator(int action)
{
	switch (action) {
	case ACTION_SURVEY:	return DEPT_STREET;
	case ACTION_LAUNCH:	return DEPT_COUNTY;
	case ACTION_COMPLETE:
	case ACTION_ACCEPT:	return DEPT_CONSTRUCTION;
	case ACTION_HAND_OVER:	return DEPT_HOUSING;
	default:		return DEPT_COMMITTEE;
	}
}

static const char *
depts_text(unsigned mask, char *s, size_t sz)
{
	size_t	 n = 0;
	int	 d;

	s[0] = '\0';
	for (d = 0; d < DEPT__MAX; d++)
		if (mask & DEPT_BIT(d))
			n += (size_t)snprintf(s + n, sz - n, "%s%s", n ? "," : "",
			    depts[d].code);
	return s;
}

/* ---- the rows ---------------------------------------------------------- */

static void
item_json(const struct gen *g, const struct comm *c, const struct attr *a,
    int i, int rev, int status, int64_t decided, char *s, size_t sz)
{
	struct jobj	 o;
	const struct kind_info *k = &kinds[a->kind[i]];
	const char	*util = NULL;
	char		 t[64];

	if (k->dept >= DEPT_WATER && k->dept <= DEPT_TELECOM)
		util = depts[k->dept].code;
	o.n = 0;
	jset(&o, "id", "%lld", g->base_item + c->item0 + i);
	jset(&o, "community_id", "%lld", c->id);
	jstr(&o, "kind", k->code);
	jstr(&o, "dept", depts[k->dept].code);
	jstr(&o, "condition", conditions[a->condition[i]].code);
	jset(&o, "selected", "%s", a->selected[i] ? "true" : "false");
	jset(&o, "estimate_yuan", "%lld.00", a->estimate[i] + 1000LL * rev);
	jstr(&o, "utility", util);
	jset(&o, "utility_side_yuan", "null");
	jset(&o, "beyond_meter_yuan", "null");
	jset(&o, "owners_part_yuan", "null");
	jstr(&o, "status", status == 0 ? "planned" : status == 1 ? "done" :
	    "signed_off");
	if (status == 2) {
		char sub[64];

		snprintf(sub, sizeof(sub), "%s-approver", depts[k->dept].code);
		ts_json(decided, t, sizeof(t));
		jstr(&o, "decided_dept", depts[k->dept].code);
		jstr(&o, "decided_by", sub);
		jstr(&o, "decided_at", t);
		jstr(&o, "decision_comment", "验收合格");
	} else {
		jset(&o, "decided_dept", "null");
		jset(&o, "decided_by", "null");
		jset(&o, "decided_at", "null");
		jset(&o, "decision_comment", "null");
	}
	jtext(&o, s, sz);
}

/* Planned funding: the selected estimate split over the lines, rounded up. */
static long long
fund_planned(const struct comm *c, const struct attr *a, int f)
{
	long long	 est = 0;
	int		 i;

	for (i = 0; i < c->nitems; i++)
		if (a->selected[i])
			est += a->estimate[i];
	return (est + c->nfund - 1) / c->nfund + (f == 0 ? 1000 : 0);
}

static const char *const fund_note[] = { "省级以奖代补", "县区配套", "维修资金列支" };

static void
fund_json(const struct gen *g, const struct comm *c, const struct attr *a,
    int f, int64_t at, char *s, size_t sz)
{
	struct jobj	 o;
	char		 t[64];
	long long	 planned = fund_planned(c, a, f);

	ts_json(at, t, sizeof(t));
	o.n = 0;
	jset(&o, "id", "%lld", g->base_fund + c->fund0 + f);
	jset(&o, "community_id", "%lld", c->id);
	jstr(&o, "source", sources[a->src[f]].code);
	jset(&o, "planned_yuan", "%lld.00", planned);
	jset(&o, "received_yuan", "%lld.00",
	    c->stage >= STAGE_RENOVATED && c->stage != STAGE_WITHDRAWN ? planned : 0);
	jstr(&o, "note", fund_note[f]);
	jstr(&o, "created_at", t);
	jtext(&o, s, sz);
}

/* The stage data an edit records, as the row will hold it. */
struct sdata {
	char	 consent[16], notice[16], batch[16];
	char	 contractor[96], supervisor[96], tender[16], manager[32];
	char	 meeting[16], company[96], cstart[16], cend[16], area[32];
	char	 fee[16], mcommittee[96];
	int	 has_survey, has_tender, has_mgmt;
};

static void
sdata_of(const struct gen *g, const struct comm *c, const struct attr *a,
    struct sdata *d)
{
	const uint32_t	*ops = g->ops + c->off;
	const int64_t	*at = g->at + c->off;
	uint32_t	 i;
	int		 y, mo, dd;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < c->n; i++) {
		if (OP_OF(ops[i]) != OP_EDIT)
			continue;
		switch (B_OF(ops[i])) {
		case STAGE_SURVEYED:
			d->has_survey = 1;
			snprintf(d->consent, sizeof(d->consent), "%d",
			    a->households * a->consent_pct / 100);
			day(at[i], d->notice, sizeof(d->notice));
			snprintf(d->batch, sizeof(d->batch), "%.4s%s", d->notice,
			    strncmp(d->notice, "2016", 4) == 0 ? "-pilot" : "");
			break;
		case STAGE_PILOTED:
			d->has_tender = 1;
			snprintf(d->contractor, sizeof(d->contractor),
			    "临沂市%s建筑工程有限公司", roots[(a->road + 3) % NROOTS]);
			snprintf(d->supervisor, sizeof(d->supervisor),
			    "临沂市%s建设监理有限公司", roots[(a->road + 7) % NROOTS]);
			day(at[i], d->tender, sizeof(d->tender));
			snprintf(d->manager, sizeof(d->manager), "%s",
			    people[a->number % 8]);
			break;
		case STAGE_ACCEPTED:
			d->has_mgmt = 1;
			day(at[i], d->meeting, sizeof(d->meeting));
			if (a->professional) {
				snprintf(d->company, sizeof(d->company),
				    "临沂市%s物业服务有限公司", roots[(a->root + 5) % NROOTS]);
				day(at[i] + 20 * DAY, d->cstart, sizeof(d->cstart));
				sscanf(d->cstart, "%d-%d-%d", &y, &mo, &dd);
				snprintf(d->cend, sizeof(d->cend), "%04u-%02u-%02u",
				    D4(y + 3), D2(mo), D2(dd > 28 ? 28 : dd));
				snprintf(d->area, sizeof(d->area), "%d.00",
				    a->area_m2 * 9 / 10);
				snprintf(d->fee, sizeof(d->fee), "%d.%02d",
				    a->fee_cents / 100, a->fee_cents % 100);
			} else
				snprintf(d->mcommittee, sizeof(d->mcommittee),
				    "%s社区托底管理小组", roots[a->root]);
			break;
		}
	}
}

static void
names(const struct comm *c, const struct attr *a, char *name, size_t nsz,
    char *street, size_t ssz, char *committee, size_t csz, char *addr,
    size_t asz)
{
	const char	*cz = counties[c->county].zh;
	static const char *const part[] = { "", "二期", "三期", "东区" };

	snprintf(name, nsz, "%s%s%s", roots[a->root], suffixes[a->suffix],
	    part[a->part]);
	snprintf(street, ssz, "%s%s街道", cz, roots[a->street]);
	snprintf(committee, csz, "%s%s社区居委会", roots[a->street],
	    roots[(a->street + a->root) % NROOTS]);
	snprintf(addr, asz, "%s%s路%d号", cz, roots[a->road], a->number);
}

static int
copy_begin(struct gen *g, const char *sql)
{
	PGresult	*res = PQexec(g->c, sql);

	if (PQresultStatus(res) != PGRES_COPY_IN) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	g->len = 0;
	return 0;
}

static int
copy_flush(struct gen *g, int force)
{
	if (g->len == 0 || (!force && g->len < (1 << 20)))
		return 0;
	if (PQputCopyData(g->c, g->buf, (int)g->len) != 1) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		return -1;
	}
	g->len = 0;
	return 0;
}

static int
copy_end(struct gen *g)
{
	PGresult	*res;
	int		 rc = 0;

	if (copy_flush(g, 1) == -1)
		return -1;
	if (PQputCopyEnd(g->c, NULL) != 1) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		return -1;
	}
	while ((res = PQgetResult(g->c)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
			rc = -1;
		}
		PQclear(res);
	}
	return rc;
}

static int
load_communities(struct gen *g)
{
	struct attr	 a;
	struct sdata	 d;
	struct comm	*c;
	char		 name[160], street[160], committee[160], addr[200];
	char		 t0[40], tu[40], tsince[40], sub[64];
	long long	 i;
	uint32_t	 k;
	int		 version;
	int64_t		 since;

	if (copy_begin(g, "COPY community (id, code, stage, version, name, county,"
	    " street, committee, address, built_year, buildings, households,"
	    " floor_area_m2, state_land, urban_area, multi_storey, structure_intact,"
	    " in_other_plan, dilapidated, consent_households, notice_posted_on, batch,"
	    " contractor, supervisor, tender_awarded_on, site_manager,"
	    " owners_meeting_on, mode, company, contract_start, contract_end,"
	    " managed_area_m2, fee_yuan_per_m2_month, managing_committee,"
	    " declared_by_dept, declared_by_sub, created_at, updated_at, stage_since)"
	    " FROM STDIN") == -1)
		return -1;
	for (i = 0; i < g->ncomm; i++) {
		c = &g->cs[i];
		attrs(g, c->g, &a);
		sdata_of(g, c, &a, &d);
		names(c, &a, name, sizeof(name), street, sizeof(street),
		    committee, sizeof(committee), addr, sizeof(addr));
		version = 1;
		since = g->at[c->off];
		for (k = 0; k < c->n; k++)
			switch (OP_OF(g->ops[c->off + k])) {
			case OP_MOVE:
				since = g->at[c->off + k];
				/* FALLTHROUGH */
			case OP_SUBMIT:
			case OP_APPROVE:
			case OP_REJECT:
			case OP_EDIT:
				version++;
				break;
			}
		ts(g->at[c->off], t0, sizeof(t0));
		ts(g->at[c->off + c->n - 1], tu, sizeof(tu));
		ts(since, tsince, sizeof(tsince));
		snprintf(sub, sizeof(sub), "%s-committee-clerk",
		    counties[c->county].code);
		fieldf(g, 0, "%lld", c->id);
		fieldf(g, 0, "%s-%06lld", counties[c->county].code, c->id);
		field(g, stages[c->stage].code, 0);
		fieldf(g, 0, "%d", version);
		field(g, name, 0);
		field(g, counties[c->county].code, 0);
		field(g, street, 0);
		field(g, committee, 0);
		field(g, addr, 0);
		fieldf(g, 0, "%d", a.built_year);
		fieldf(g, 0, "%d", a.buildings);
		fieldf(g, 0, "%d", a.households);
		fieldf(g, 0, "%d.50", a.area_m2);
		outs(g, "t\tt\tt\tt\tf\t");
		field(g, a.dilapidated ? "t" : "f", 0);
		field(g, d.has_survey ? d.consent : NULL, 0);
		field(g, d.has_survey ? d.notice : NULL, 0);
		field(g, d.has_survey ? d.batch : NULL, 0);
		field(g, d.has_tender ? d.contractor : NULL, 0);
		field(g, d.has_tender ? d.supervisor : NULL, 0);
		field(g, d.has_tender ? d.tender : NULL, 0);
		field(g, d.has_tender ? d.manager : NULL, 0);
		field(g, d.has_mgmt ? d.meeting : NULL, 0);
		field(g, d.has_mgmt ? (a.professional ? "professional" :
		    "community") : NULL, 0);
		field(g, d.has_mgmt && a.professional ? d.company : NULL, 0);
		field(g, d.has_mgmt && a.professional ? d.cstart : NULL, 0);
		field(g, d.has_mgmt && a.professional ? d.cend : NULL, 0);
		field(g, d.has_mgmt && a.professional ? d.area : NULL, 0);
		field(g, d.has_mgmt && a.professional ? d.fee : NULL, 0);
		field(g, d.has_mgmt && !a.professional ? d.mcommittee : NULL, 0);
		field(g, "committee", 0);
		field(g, sub, 0);
		field(g, t0, 0);
		field(g, tu, 0);
		field(g, tsince, 1);
		if (copy_flush(g, 0) == -1)
			return -1;
	}
	return copy_end(g);
}

static int
load_items(struct gen *g)
{
	struct attr	 a;
	struct comm	*c;
	long long	 i;
	uint32_t	 k, w;
	int		 j, status[8];
	int64_t		 decided[8];
	char		 t[40];

	if (copy_begin(g, "COPY item (id, community_id, kind, condition, selected,"
	    " estimate_yuan, status, decided_dept, decided_by, decided_at,"
	    " decision_comment) FROM STDIN") == -1)
		return -1;
	for (i = 0; i < g->ncomm; i++) {
		c = &g->cs[i];
		attrs(g, c->g, &a);
		memset(status, 0, sizeof(status));
		for (k = 0; k < c->n; k++) {
			w = g->ops[c->off + k];
			if (OP_OF(w) == OP_ITEM_DONE)
				status[A_OF(w)] = 1;
			else if (OP_OF(w) == OP_ITEM_SIGNOFF) {
				status[A_OF(w)] = 2;
				decided[A_OF(w)] = g->at[c->off + k];
			}
		}
		for (j = 0; j < c->nitems; j++) {
			const struct kind_info *kd = &kinds[a.kind[j]];

			fieldf(g, 0, "%lld", g->base_item + c->item0 + j);
			fieldf(g, 0, "%lld", c->id);
			field(g, kd->code, 0);
			field(g, conditions[a.condition[j]].code, 0);
			field(g, a.selected[j] ? "t" : "f", 0);
			fieldf(g, 0, "%lld.00", a.estimate[j]);
			field(g, status[j] == 0 ? "planned" : status[j] == 1 ?
			    "done" : "signed_off", 0);
			if (status[j] == 2) {
				char sub[64];

				snprintf(sub, sizeof(sub), "%s-approver",
				    depts[kd->dept].code);
				ts(decided[j], t, sizeof(t));
				field(g, depts[kd->dept].code, 0);
				field(g, sub, 0);
				field(g, t, 0);
				field(g, "验收合格", 1);
			} else
				outs(g, "\\N\t\\N\t\\N\t\\N\n");
		}
		if (copy_flush(g, 0) == -1)
			return -1;
	}
	return copy_end(g);
}

static int
load_funding(struct gen *g)
{
	struct attr	 a;
	struct comm	*c;
	long long	 i, planned;
	uint32_t	 k, w;
	char		 t[40], sub[64];

	if (copy_begin(g, "COPY funding (id, community_id, source, planned_yuan,"
	    " received_yuan, note, created_by, created_at) FROM STDIN") == -1)
		return -1;
	for (i = 0; i < g->ncomm; i++) {
		c = &g->cs[i];
		if (c->nfund == 0)
			continue;
		attrs(g, c->g, &a);
		snprintf(sub, sizeof(sub), "%s-county-clerk", counties[c->county].code);
		for (k = 0; k < c->n; k++) {
			w = g->ops[c->off + k];
			if (OP_OF(w) != OP_FUNDING)
				continue;
			planned = fund_planned(c, &a, A_OF(w));
			ts(g->at[c->off + k], t, sizeof(t));
			fieldf(g, 0, "%lld", g->base_fund + c->fund0 + A_OF(w));
			fieldf(g, 0, "%lld", c->id);
			field(g, sources[a.src[A_OF(w)]].code, 0);
			fieldf(g, 0, "%lld.00", planned);
			fieldf(g, 0, "%lld.00", c->stage >= STAGE_RENOVATED &&
			    c->stage != STAGE_WITHDRAWN ? planned : 0);
			field(g, fund_note[A_OF(w)], 0);
			field(g, sub, 0);
			field(g, t, 1);
		}
		if (copy_flush(g, 0) == -1)
			return -1;
	}
	return copy_end(g);
}

/* The stage an action starts from. */
static int
from_stage(int action)
{
	size_t	 j;

	for (j = 0; j < sizeof(main_line) / sizeof(main_line[0]); j++)
		if ((int)main_line[j] == action)
			return (int)j;
	return STAGE_DECLARED;
}

static void
round_row(struct gen *g, const struct comm *c, int r, int action, int64_t sub,
    const char *status, int64_t closed)
{
	struct actor	 w;
	char		 ta[40], tb[40], req[160];

	who(&w, initiator(action), c->county, 0);
	ts(sub, ta, sizeof(ta));
	fieldf(g, 0, "%lld", g->base_round + c->round0 + r);
	fieldf(g, 0, "%lld", c->id);
	field(g, actions[action].code, 0);
	field(g, stages[from_stage(action)].code, 0);
	fieldf(g, 0, "{%s}", depts_text(required(action), req, sizeof(req)));
	field(g, w.sub, 0);
	field(g, w.name, 0);
	field(g, w.dept, 0);
	field(g, ta, 0);
	field(g, "请审核", 0);
	field(g, status, 0);
	if (closed != 0)
		ts(closed, tb, sizeof(tb));
	field(g, closed != 0 ? tb : NULL, 1);
}

static int
load_rounds(struct gen *g)
{
	struct comm	*c;
	long long	 i;
	uint32_t	 k, op;
	int		 r, start[256], closed[256];

	if (copy_begin(g, "COPY round (id, community_id, action, from_stage,"
	    " required, submitted_by, submitted_name, submitted_dept,"
	    " submitted_at, comment, status, closed_at) FROM STDIN") == -1)
		return -1;
	for (i = 0; i < g->ncomm; i++) {
		c = &g->cs[i];
		for (k = 0; k < c->n; k++) {
			op = g->ops[c->off + k];
			r = A_OF(op);
			switch (OP_OF(op)) {
			case OP_SUBMIT:
				start[r] = (int)k;
				closed[r] = 0;
				break;
			case OP_MOVE:
			case OP_REJECT:
				closed[r] = 1;
				round_row(g, c, r, B_OF(g->ops[c->off + start[r]]),
				    g->at[c->off + start[r]], OP_OF(op) == OP_MOVE ?
				    "approved" : "rejected", g->at[c->off + k]);
				break;
			}
		}
		for (r = 0; r < c->nrounds; r++)
			if (!closed[r])
				round_row(g, c, r, B_OF(g->ops[c->off + start[r]]),
				    g->at[c->off + start[r]], "open", 0);
		if (copy_flush(g, 0) == -1)
			return -1;
	}
	return copy_end(g);
}

static int
load_approvals(struct gen *g)
{
	struct comm	*c;
	struct actor	 w;
	long long	 i;
	uint32_t	 k, op;
	char		 ta[40];

	if (copy_begin(g, "COPY approval (round_id, dept, decision, by_sub,"
	    " by_name, at, comment) FROM STDIN") == -1)
		return -1;
	for (i = 0; i < g->ncomm; i++) {
		c = &g->cs[i];
		for (k = 0; k < c->n; k++) {
			op = g->ops[c->off + k];
			if (OP_OF(op) != OP_APPROVE && OP_OF(op) != OP_REJECT)
				continue;
			who(&w, B_OF(op), c->county, 1);
			ts(g->at[c->off + k], ta, sizeof(ta));
			fieldf(g, 0, "%lld", g->base_round + c->round0 + A_OF(op));
			field(g, w.dept, 0);
			field(g, OP_OF(op) == OP_APPROVE ? "approve" : "reject", 0);
			field(g, w.sub, 0);
			field(g, w.name, 0);
			field(g, ta, 0);
			field(g, OP_OF(op) == OP_APPROVE ? "同意" :
			    reasons[(c->id + A_OF(op)) % 4], 1);
			g->napprovals++;
		}
		if (copy_flush(g, 0) == -1)
			return -1;
	}
	return copy_end(g);
}

/* ---- the trail ---------------------------------------------------------- */

struct ev {
	struct actor	 w;
	const char	*action, *comment;
	long long	 round, item;
	char		 before[2048], after[2048];
	int		 has_before, has_after;
};

static void
declare_json(const struct comm *c, const struct attr *a, char *s, size_t sz)
{
	struct jobj	 o;
	char		 name[160], street[160], committee[160], addr[200];

	names(c, a, name, sizeof(name), street, sizeof(street), committee,
	    sizeof(committee), addr, sizeof(addr));
	o.n = 0;
	jstr(&o, "name", name);
	jstr(&o, "stage", stages[STAGE_DECLARED].code);
	jstr(&o, "county", counties[c->county].code);
	jstr(&o, "street", street);
	jstr(&o, "committee", committee);
	jstr(&o, "address", addr);
	jset(&o, "built_year", "%d", a->built_year);
	jset(&o, "buildings", "%d", a->buildings);
	jset(&o, "households", "%d", a->households);
	jset(&o, "floor_area_m2", "\"%d.50\"", a->area_m2);
	jset(&o, "state_land", "true");
	jset(&o, "urban_area", "true");
	jset(&o, "multi_storey", "true");
	jset(&o, "structure_intact", "true");
	jset(&o, "in_other_plan", "false");
	jset(&o, "dilapidated", "%s", a->dilapidated ? "true" : "false");
	jtext(&o, s, sz);
}

/* An edit of stage's data: before all null, after the values. */
static void
edit_json(const struct sdata *d, int professional, int stage, struct ev *e)
{
	struct jobj	 b, o;

	b.n = o.n = 0;
	switch (stage) {
	case STAGE_SURVEYED:
		jset(&o, "consent_households", "%s", d->consent);
		jstr(&o, "notice_posted_on", d->notice);
		jstr(&o, "batch", d->batch);
		break;
	case STAGE_PILOTED:
		jstr(&o, "contractor", d->contractor);
		jstr(&o, "supervisor", d->supervisor);
		jstr(&o, "tender_awarded_on", d->tender);
		jstr(&o, "site_manager", d->manager);
		break;
	default:
		jstr(&o, "owners_meeting_on", d->meeting);
		jstr(&o, "mode", professional ? "professional" : "community");
		if (professional) {
			jstr(&o, "company", d->company);
			jstr(&o, "contract_start", d->cstart);
			jstr(&o, "contract_end", d->cend);
			jstr(&o, "managed_area_m2", d->area);
			jstr(&o, "fee_yuan_per_m2_month", d->fee);
		} else
			jstr(&o, "managing_committee", d->mcommittee);
		break;
	}
	for (b.n = 0; b.n < o.n; b.n++) {
		b.k[b.n] = o.k[b.n];
		b.kl[b.n] = o.kl[b.n];
		snprintf(b.v[b.n], sizeof(b.v[0]), "null");
	}
	jtext(&b, e->before, sizeof(e->before));
	jtext(&o, e->after, sizeof(e->after));
	e->has_before = e->has_after = 1;
}

/* Step k of community c as an event. */
static void
event_of(const struct gen *g, const struct comm *c, const struct attr *a,
    const struct sdata *d, uint32_t k, struct ev *e)
{
	uint32_t	 w = g->ops[c->off + k];
	int		 op = OP_OF(w), i = A_OF(w), b = B_OF(w), n;
	int64_t		 t = g->at[c->off + k];
	unsigned	 req;
	char		 list[160];

	e->comment = NULL;
	e->round = e->item = 0;
	e->has_before = e->has_after = 0;
	switch (op) {
	case OP_DECLARE:
		who(&e->w, DEPT_COMMITTEE, c->county, 0);
		e->action = actions[ACTION_DECLARE].code;
		declare_json(c, a, e->after, sizeof(e->after));
		e->has_after = 1;
		break;
	case OP_ITEM_ADD:
	case OP_ITEM_EDIT:
		who(&e->w, DEPT_STREET, c->county, 0);
		e->action = op == OP_ITEM_ADD ? "item_add" : "item_edit";
		e->item = g->base_item + c->item0 + i;
		if (op == OP_ITEM_EDIT) {
			item_json(g, c, a, i, b + 1, 0, 0, e->before,
			    sizeof(e->before));
			e->has_before = 1;
		}
		item_json(g, c, a, i, b, 0, 0, e->after, sizeof(e->after));
		e->has_after = 1;
		break;
	case OP_SUBMIT:
		who(&e->w, initiator(b), c->county, 0);
		e->action = "submit";
		e->round = g->base_round + c->round0 + i;
		e->comment = "请审核";
		snprintf(e->after, sizeof(e->after),
		    "{\"action\": \"%s\", \"required\": \"%s\"}", actions[b].code,
		    depts_text(required(b), list, sizeof(list)));
		e->has_after = 1;
		break;
	case OP_APPROVE:
	case OP_REJECT:
		who(&e->w, b, c->county, 1);
		e->action = op == OP_APPROVE ? "approve" : "reject";
		e->round = g->base_round + c->round0 + i;
		e->comment = op == OP_APPROVE ? "同意" : reasons[(c->id + i) % 4];
		break;
	case OP_MOVE:
		/* Fired by the last approval, in its transaction. */
		req = required(b);
		n = ndepts(req);
		who(&e->w, first_dept(req, n - 1), c->county, 1);
		e->action = actions[b].code;
		e->round = g->base_round + c->round0 + i;
		e->comment = "请审核";
		snprintf(e->before, sizeof(e->before), "{\"stage\": \"%s\"}",
		    stages[from_stage(b)].code);
		snprintf(e->after, sizeof(e->after), "{\"stage\": \"%s\"}",
		    stages[b == ACTION_WITHDRAW ? STAGE_WITHDRAWN :
		    from_stage(b) + 1].code);
		e->has_before = e->has_after = 1;
		break;
	case OP_EDIT:
		who(&e->w, b == STAGE_SURVEYED ? DEPT_COUNTY : b == STAGE_PILOTED ?
		    DEPT_CONSTRUCTION : DEPT_HOUSING, c->county, 0);
		e->action = "edit";
		edit_json(d, a->professional, b, e);
		break;
	case OP_FUNDING:
		who(&e->w, DEPT_COUNTY, c->county, 0);
		e->action = "funding_add";
		fund_json(g, c, a, i, t, e->after, sizeof(e->after));
		e->has_after = 1;
		break;
	case OP_ITEM_DONE:
		who(&e->w, DEPT_CONSTRUCTION, c->county, 0);
		e->action = "item_done";
		e->item = g->base_item + c->item0 + i;
		item_json(g, c, a, i, 0, 0, 0, e->before, sizeof(e->before));
		item_json(g, c, a, i, 0, 1, 0, e->after, sizeof(e->after));
		e->has_before = e->has_after = 1;
		break;
	case OP_ITEM_SIGNOFF:
		who(&e->w, kinds[a->kind[i]].dept, c->county, 1);
		e->action = "item_signoff";
		e->item = g->base_item + c->item0 + i;
		e->comment = "验收合格";
		item_json(g, c, a, i, 0, 1, 0, e->before, sizeof(e->before));
		item_json(g, c, a, i, 0, 2, t, e->after, sizeof(e->after));
		e->has_before = e->has_after = 1;
		break;
	}
}

/* The communities' next steps, earliest first (ties: lower index). */
struct heap {
	uint32_t	*h;
	uint32_t	*pos;
	size_t		 n;
	const struct gen *g;
};

static int
heap_less(const struct heap *q, uint32_t x, uint32_t y)
{
	int64_t	 a = q->g->at[q->g->cs[x].off + q->pos[x]];
	int64_t	 b = q->g->at[q->g->cs[y].off + q->pos[y]];

	return a < b || (a == b && x < y);
}

static void
heap_down(struct heap *q, size_t i)
{
	size_t		 l, m;
	uint32_t	 t;

	for (;;) {
		l = 2 * i + 1;
		m = i;
		if (l < q->n && heap_less(q, q->h[l], q->h[m]))
			m = l;
		if (l + 1 < q->n && heap_less(q, q->h[l + 1], q->h[m]))
			m = l + 1;
		if (m == i)
			return;
		t = q->h[i];
		q->h[i] = q->h[m];
		q->h[m] = t;
		i = m;
	}
}

static int
load_events(struct gen *g, int64_t *last)
{
	struct heap	 q;
	struct ev	 e;
	struct attr	*as;
	struct sdata	 d;
	const char	*val[AUDIT__MAX];
	size_t		 len[AUDIT__MAX];
	char		 num[4][32], micros[32], t[40], hash[AUDIT_HEXLEN + 1];
	char		 rnum[32], inum[32];
	long long	 seq = g->head_seq, k;
	uint32_t	 ci;
	struct comm	*c;
	size_t		 i;

	if (copy_begin(g, "COPY event (id, seq, prev_hash, hash, community_id, at,"
	    " actor_sub, actor_name, actor_dept, actor_role, action, round_id,"
	    " item_id, comment, before, after) FROM STDIN") == -1)
		return -1;
	/* The attributes of every community stay at hand: steps interleave. */
	if ((as = calloc((size_t)g->ncomm, sizeof(*as))) == NULL ||
	    (q.h = calloc((size_t)g->ncomm, sizeof(*q.h))) == NULL ||
	    (q.pos = calloc((size_t)g->ncomm, sizeof(*q.pos))) == NULL)
		abort();
	for (k = 0; k < g->ncomm; k++) {
		attrs(g, g->cs[k].g, &as[k]);
		q.h[k] = (uint32_t)k;
	}
	q.n = (size_t)g->ncomm;
	q.g = g;
	for (i = q.n / 2 + 1; i-- > 0;)
		heap_down(&q, i);
	while (q.n > 0) {
		ci = q.h[0];
		c = &g->cs[ci];
		/* Stage data is needed by edits only; cheap enough per edit. */
		if (OP_OF(g->ops[c->off + q.pos[ci]]) == OP_EDIT)
			sdata_of(g, c, &as[ci], &d);
		event_of(g, c, &as[ci], &d, q.pos[ci], &e);
		*last = g->at[c->off + q.pos[ci]];
		seq++;
		snprintf(num[0], sizeof(num[0]), "%lld", seq);
		snprintf(num[1], sizeof(num[1]), "%lld",
		    g->base_event + (seq - g->head_seq - 1));
		snprintf(num[2], sizeof(num[2]), "%lld", c->id);
		snprintf(micros, sizeof(micros), "%" PRId64, *last);
		snprintf(rnum, sizeof(rnum), "%lld", e.round);
		snprintf(inum, sizeof(inum), "%lld", e.item);
		val[AUDIT_SEQ] = num[0];
		val[AUDIT_ID] = num[1];
		val[AUDIT_COMMUNITY_ID] = num[2];
		val[AUDIT_AT] = micros;
		val[AUDIT_ACTOR_SUB] = e.w.sub;
		val[AUDIT_ACTOR_NAME] = e.w.name;
		val[AUDIT_ACTOR_DEPT] = e.w.dept;
		val[AUDIT_ACTOR_ROLE] = e.w.role;
		val[AUDIT_ACTION] = e.action;
		val[AUDIT_ROUND_ID] = e.round ? rnum : NULL;
		val[AUDIT_ITEM_ID] = e.item ? inum : NULL;
		val[AUDIT_COMMENT] = e.comment;
		val[AUDIT_BEFORE] = e.has_before ? e.before : NULL;
		val[AUDIT_AFTER] = e.has_after ? e.after : NULL;
		for (i = 0; i < AUDIT__MAX; i++)
			len[i] = val[i] != NULL ? strlen(val[i]) : 0;
		audit_link(g->head, val, len, hash);
		ts(*last, t, sizeof(t));
		field(g, val[AUDIT_ID], 0);
		field(g, val[AUDIT_SEQ], 0);
		field(g, g->head, 0);
		field(g, hash, 0);
		field(g, val[AUDIT_COMMUNITY_ID], 0);
		field(g, t, 0);
		for (i = AUDIT_ACTOR_SUB; i < AUDIT__MAX; i++)
			field(g, val[i], i == AUDIT__MAX - 1);
		memcpy(g->head, hash, sizeof(hash));
		if (copy_flush(g, 0) == -1)
			return -1;
		if (++q.pos[ci] == c->n)
			q.h[0] = q.h[--q.n];
		heap_down(&q, 0);
	}
	g->head_seq = seq;
	free(as);
	free(q.h);
	free(q.pos);
	return copy_end(g);
}

/* ---- the load ---------------------------------------------------------- */

static double
now_s(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int
exec(struct gen *g, const char *sql)
{
	PGresult	*res = PQexec(g->c, sql);
	ExecStatusType	 st = PQresultStatus(res);

	PQclear(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return 0;
	fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
	return -1;
}

/* n ids from seq, returning the first; 0 on error. */
static long long
reserve(struct gen *g, const char *seq, long long n)
{
	const char	*p[2];
	char		 num[32];
	PGresult	*res;
	long long	 first;

	p[0] = seq;
	res = PQexecParams(g->c, "SELECT nextval($1::regclass)", 1, NULL, p,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		PQclear(res);
		return 0;
	}
	first = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (n <= 1)
		return first;
	snprintf(num, sizeof(num), "%lld", first + n - 1);
	p[1] = num;
	res = PQexecParams(g->c, "SELECT setval($1::regclass, $2::bigint)", 2,
	    NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		first = 0;
	}
	PQclear(res);
	return first;
}

static int
by_t0(const void *x, const void *y)
{
	const struct comm	*a = x, *b = y;

	if (a->t0 != b->t0)
		return a->t0 < b->t0 ? -1 : 1;
	return a->g < b->g ? -1 : a->g > b->g;
}

/* The communities and their plans, ids still to come. */
static int
make_plans(struct gen *g)
{
	struct attr	 a;
	struct comm	*c;
	long long	 i, core = 0, extra, off = 0;
	uint64_t	 s;
	uint32_t	 pick, k;
	size_t		 j;
	int		 steps;

	if ((g->cs = calloc((size_t)g->ncomm, sizeof(*g->cs))) == NULL)
		abort();
	for (i = 0; i < g->ncomm; i++) {
		c = &g->cs[i];
		s = mix(g->seed * 0x9e3779b97f4a7c15ULL ^ (uint64_t)i);
		c->g = (uint32_t)i;
		pick = rnd(&s, 100);
		for (j = 0; pick >= (uint32_t)stage_share[j].pct; j++)
			pick -= (uint32_t)stage_share[j].pct;
		c->stage = (uint8_t)stage_share[j].stage;
		c->county = (uint8_t)rnd(&s, COUNTY__MAX);
		c->nitems = (uint8_t)(3 + rnd(&s, 6));
		c->nfund = c->stage == STAGE_DECLARED || c->stage == STAGE_WITHDRAWN ?
		    0 : (uint8_t)(1 + rnd(&s, 3));
		c->open = c->stage < STAGE_MANAGED && rnd(&s, 3) == 0;
		steps = c->stage == STAGE_WITHDRAWN ? 1 : c->stage + 1 + c->open;
		c->dur = (int64_t)steps * 150 * DAY / 1000 * (600 + rnd(&s, 800));
		c->t0 = T_START + (int64_t)((double)(T_END - c->dur - T_START) *
		    (rnd(&s, 1000000) / 1e6));
	}
	qsort(g->cs, (size_t)g->ncomm, sizeof(*g->cs), by_t0);
	for (i = 0; i < g->ncomm; i++) {
		attrs(g, g->cs[i].g, &a);
		core += plan(&g->cs[i], &a, 0, NULL);
	}
	if (g->nevents < core) {
		fprintf(stderr, "jiugai gen: %lld communities take at least %lld "
		    "events; --events %lld is too few\n", g->ncomm, core, g->nevents);
		return -1;
	}
	extra = g->nevents - core;
	if ((g->ops = malloc((size_t)g->nevents * sizeof(*g->ops))) == NULL ||
	    (g->at = malloc((size_t)g->nevents * sizeof(*g->at))) == NULL)
		abort();
	for (i = 0; i < g->ncomm; i++) {
		c = &g->cs[i];
		attrs(g, c->g, &a);
		c->off = (uint32_t)off;
		c->n = plan(c, &a, extra / g->ncomm + (i < extra % g->ncomm), g->ops + off);
		off += c->n;
		c->item0 = (uint32_t)g->nitems;
		c->round0 = (uint32_t)g->nrounds;
		c->fund0 = (uint32_t)g->nfund;
		g->nitems += c->nitems;
		g->nrounds += c->nrounds;
		g->nfund += c->nfund;
		times(g, c);
		for (k = 1; k < c->n; k++)
			if (g->at[c->off + k] < g->at[c->off + k - 1])
				abort();
	}
	if (off != g->nevents) {
		fprintf(stderr, "jiugai gen: planned %lld events, not %lld\n", off,
		    g->nevents);
		return -1;
	}
	return 0;
}

/* What the load must switch off, and on again (see the top of the file). */
static const char *const sql_off =
    "ALTER TABLE community DISABLE TRIGGER community_stage;"
    "ALTER TABLE item DISABLE TRIGGER item_insert;"
    "ALTER TABLE round DISABLE TRIGGER round_insert;"
    "ALTER TABLE approval DISABLE TRIGGER approval_insert;"
    "ALTER TABLE event DISABLE TRIGGER zz_event_chain;"
    "ALTER TABLE community DISABLE TRIGGER community_accepted;"
    "ALTER TABLE community DISABLE TRIGGER community_tally;"
    "ALTER TABLE community DISABLE TRIGGER stage_tally;"
    "ALTER TABLE community DISABLE TRIGGER stage_tally_move;"
    "ALTER TABLE item DISABLE TRIGGER item_tally;"
    "ALTER TABLE funding DISABLE TRIGGER funding_tally;"
    "ALTER TABLE approval DISABLE TRIGGER decision;"
    "ALTER TABLE round DISABLE TRIGGER round_pending_open;"
    "ALTER TABLE approval DISABLE TRIGGER round_pending_decided;"
    "ALTER TABLE item DISABLE TRIGGER signoff_pending_insert;"
    "SET LOCAL maintenance_work_mem = '512MB'";
static const char *const sql_on =
    "ALTER TABLE community ENABLE TRIGGER community_stage;"
    "ALTER TABLE item ENABLE TRIGGER item_insert;"
    "ALTER TABLE round ENABLE TRIGGER round_insert;"
    "ALTER TABLE approval ENABLE TRIGGER approval_insert;"
    "ALTER TABLE event ENABLE TRIGGER zz_event_chain;"
    "ALTER TABLE community ENABLE TRIGGER community_accepted;"
    "ALTER TABLE community ENABLE TRIGGER community_tally;"
    "ALTER TABLE community ENABLE TRIGGER stage_tally;"
    "ALTER TABLE community ENABLE TRIGGER stage_tally_move;"
    "ALTER TABLE item ENABLE TRIGGER item_tally;"
    "ALTER TABLE funding ENABLE TRIGGER funding_tally;"
    "ALTER TABLE approval ENABLE TRIGGER decision;"
    "ALTER TABLE round ENABLE TRIGGER round_pending_open;"
    "ALTER TABLE approval ENABLE TRIGGER round_pending_decided;"
    "ALTER TABLE item ENABLE TRIGGER signoff_pending_insert";

/*
 * The loaded tables' foreign keys and the trail's non-unique indexes, as
 * the catalogue defines them now: dropped for the load, made again after
 * it (one join validates each key; an index is built by one sort), which
 * is far cheaper than checking and inserting row by row.
 */
static const char *const sql_keys =
    "SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', conrelid::regclass,"
    "  conname),"
    " format('ALTER TABLE %I ADD CONSTRAINT %I %s', conrelid::regclass, conname,"
    "  pg_get_constraintdef(oid))"
    " FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('community'::regclass,"
    "  'item'::regclass, 'funding'::regclass, 'round'::regclass,"
    "  'approval'::regclass, 'event'::regclass)"
    " UNION ALL"
    " SELECT format('DROP INDEX %I', indexrelid::regclass),"
    "  pg_get_indexdef(indexrelid)"
    " FROM pg_index WHERE indrelid = 'event'::regclass AND NOT indisunique";

/* Column col of every row of res, run in turn. */
static int
exec_rows(struct gen *g, PGresult *res, int col)
{
	int	 i;

	for (i = 0; i < PQntuples(res); i++)
		if (exec(g, PQgetvalue(res, i, col)) == -1)
			return -1;
	return 0;
}

static int
load(struct gen *g)
{
	PGresult	*res;
	int		 big;
	const char	*p[3];
	char		 num[32], t[40];
	int64_t		 last = 0;
	long long	 i;
	double		 t0;

	if (exec(g, "BEGIN") == -1 || exec(g, sql_off) == -1)
		return -1;
	/*
	 * A load that is small beside the trail already there is cheaper
	 * row by row than rebuilding every index and key over the whole
	 * table: then nothing is dropped.
	 */
	res = PQexec(g->c, "SELECT reltuples::bigint FROM pg_class"
	    " WHERE oid = 'event'::regclass");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		PQclear(res);
		return -1;
	}
	big = g->nevents * 4 >= strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	g->keys = PQexec(g->c, big ? sql_keys : "SELECT '', '' WHERE false");
	if (PQresultStatus(g->keys) != PGRES_TUPLES_OK) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		return -1;
	}
	if (exec_rows(g, g->keys, 0) == -1)
		return -1;
	res = PQexec(g->c, "SELECT seq, hash FROM audit_head FOR UPDATE");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fprintf(stderr, "jiugai gen: no audit head: %s", PQerrorMessage(g->c));
		PQclear(res);
		return -1;
	}
	g->head_seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	snprintf(g->head, sizeof(g->head), "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	if ((g->base_comm = reserve(g, "community_id_seq", g->ncomm)) == 0 ||
	    (g->base_item = reserve(g, "item_id_seq", g->nitems)) == 0 ||
	    (g->base_round = reserve(g, "round_id_seq", g->nrounds)) == 0 ||
	    (g->base_fund = reserve(g, "funding_id_seq", g->nfund)) == 0 ||
	    (g->base_event = reserve(g, "event_id_seq", g->nevents)) == 0)
		return -1;
	for (i = 0; i < g->ncomm; i++)
		g->cs[i].id = g->base_comm + i;
	t0 = now_s();
	if (load_communities(g) == -1 || load_items(g) == -1 ||
	    load_funding(g) == -1 || load_rounds(g) == -1 ||
	    load_approvals(g) == -1)
		return -1;
	printf("gen: communities, items, funding, rounds, approvals in %.1f s\n",
	    now_s() - t0);
	t0 = now_s();
	if (load_events(g, &last) == -1)
		return -1;
	printf("gen: %lld events hashed and copied in %.1f s\n", g->nevents,
	    now_s() - t0);
	t0 = now_s();
	snprintf(num, sizeof(num), "%lld", g->head_seq);
	ts(last, t, sizeof(t));
	p[0] = num;
	p[1] = g->head;
	p[2] = t;
	res = PQexecParams(g->c, "UPDATE audit_head SET seq = $1::bigint,"
	    " hash = $2, at = greatest(at, $3::timestamptz)", 3, NULL, p, NULL,
	    NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g->c));
		PQclear(res);
		return -1;
	}
	PQclear(res);
	if (exec(g, sql_on) == -1 || exec_rows(g, g->keys, 1) == -1)
		return -1;
	printf("gen: triggers on, %d keys and indexes made again in %.1f s\n",
	    PQntuples(g->keys), now_s() - t0);
	/*
	 * What triggers keep as the workflow writes, whose triggers were off:
	 * the assessment's facts (sql/013), the task lists' pending rounds
	 * and sign-offs (sql/014).
	 */
	t0 = now_s();
	if (exec(g, "SELECT assessment_facts_rebuild(), round_pending_rebuild(),"
	    " signoff_pending_rebuild()") == -1 || exec(g, "COMMIT") == -1)
		return -1;
	printf("gen: assessment facts and task lists made again, committed in "
	    "%.1f s\n", now_s() - t0);
	return 0;
}

static int
gen_usage(FILE *f, int rc)
{
	fprintf(f, "usage: jiugai gen --communities N --events M [--seed S]\n\n"
	    "Bulk-loads N communities at every stage, with their items, funding,\n"
	    "rounds and approvals, and M events on the audit chain from its "
	    "current head,\nas the owner role (migrate_url).  The same N, M and "
	    "S give the same data.\nThen VACUUM ANALYZE.  Exit status: 0 loaded, "
	    "1 failed (nothing loaded),\n2 usage.\n");
	return rc;
}

int
gen_main(int argc, char *argv[])
{
	struct gen	 g;
	const char	*url;
	char		*end;
	long long	 v;
	double		 t0 = now_s(), t1;
	int		 i, rc = EXIT_FAIL;

	/* Progress lines as they come, also into a log file. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&g, 0, sizeof(g));
	g.seed = 1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0)
			return gen_usage(stdout, EXIT_OK);
		if (i + 1 >= argc)
			return gen_usage(stderr, EXIT_USAGE);
		v = strtoll(argv[i + 1], &end, 10);
		if (*argv[i + 1] == '\0' || *end != '\0' || v < 0)
			return gen_usage(stderr, EXIT_USAGE);
		if (strcmp(argv[i], "--communities") == 0)
			g.ncomm = v;
		else if (strcmp(argv[i], "--events") == 0)
			g.nevents = v;
		else if (strcmp(argv[i], "--seed") == 0)
			g.seed = (uint64_t)v;
		else
			return gen_usage(stderr, EXIT_USAGE);
		i++;
	}
	/* Offsets are 32-bit; a community's rounds are counted in a byte. */
	if (g.ncomm < 1 || g.ncomm > 10000000 || g.nevents > 2000000000LL ||
	    g.nevents / g.ncomm > 1000)
		return gen_usage(stderr, EXIT_USAGE);
	if (make_plans(&g) == -1)
		goto out;
	printf("gen: planned %lld communities, %lld items, %lld funding lines, "
	    "%lld rounds, %lld events in %.1f s\n", g.ncomm, g.nitems, g.nfund,
	    g.nrounds, g.nevents, now_s() - t0);
	url = conf_get(CONF_MIGRATE_URL);
	if (*url == '\0')
		url = conf_get(CONF_DATABASE_URL);
	g.c = PQconnectdb(url);
	if (PQstatus(g.c) != CONNECTION_OK || PQsetClientEncoding(g.c, "UTF8") != 0) {
		fprintf(stderr, "jiugai gen: %s", PQerrorMessage(g.c));
		goto out;
	}
	if (load(&g) == -1) {
		fprintf(stderr, "jiugai gen: nothing was loaded\n");
		goto out;
	}
	t1 = now_s();
	if (exec(&g, "VACUUM (ANALYZE) community, item, funding, round, approval,"
	    " event") == -1)
		goto out;
	printf("gen: VACUUM ANALYZE in %.1f s\n", now_s() - t1);
	printf("gen: loaded %lld communities, %lld items, %lld funding lines, "
	    "%lld rounds, %lld approvals, %lld events (seq to %lld) in %.1f s\n",
	    g.ncomm, g.nitems, g.nfund, g.nrounds, g.napprovals, g.nevents,
	    g.head_seq, now_s() - t0);
	rc = EXIT_OK;
out:
	PQclear(g.keys);
	PQfinish(g.c);
	free(g.cs);
	free(g.ops);
	free(g.at);
	free(g.buf);
	return rc;
}
