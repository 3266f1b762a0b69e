/*
 * script.c - what the clients of the load do (script.h): the users who
 * act, the kinds of act with the request and the event of each, and the
 * scripts that take a new community from its declaration through
 * countersigned rounds (some rejected once, then submitted again) to
 * `piloted` or `renovated`.  The data of each act satisfies the
 * workflow's guards, so every act must succeed: any other answer is a
 * failure of the run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/client.h"
#include "faults.h"
#include "script.h"

static const struct actor_def {
	const char	*sub;
	const char	*dept;
	int		 scoped;	/* org claim: the community's county */
	const char	*roles;
} actors[A__MAX] = {
	{ "t-committee",		"committee",	1, "clerk" },
	{ "t-street",			"street",	1, "clerk" },
	{ "t-county-clerk",		"county",	1, "clerk" },
	{ "t-county-approver",		"county",	1, "approver" },
	{ "t-housing-approver",		"housing",	0, "approver" },
	{ "t-drc-approver",		"drc",		0, "approver" },
	{ "t-finance-approver",		"finance",	0, "approver" },
	{ "t-construction-clerk",	"construction",	0, "clerk" },
	{ "t-construction-approver",	"construction",	0, "approver" },
};

/* Where a request goes. */
enum target {
	T_COMMUNITIES,
	T_COMMUNITY,
	T_ITEMS,
	T_TRANSITIONS,
	T_APPROVALS,
	T_FUNDING,
	T_ITEM_DONE,
	T__MAX
};

static const char *const targets[T__MAX] = {
	"",
	"",
	"/items",
	"/transitions",
	"/approvals",
	"/funding",
	"/done",
};

const struct kind_def script_kinds[K__MAX] = {
	{ "declare",	 "POST",  T_COMMUNITIES, 201 },
	{ "item_add",	 "POST",  T_ITEMS,	 201 },
	{ "submit",	 "POST",  T_TRANSITIONS, 202 },
	{ "approve",	 "POST",  T_APPROVALS,	 200 },
	{ "reject",	 "POST",  T_APPROVALS,	 200 },
	{ "edit",	 "PATCH", T_COMMUNITY,	 200 },
	{ "funding_add", "POST",  T_FUNDING,	 201 },
	{ "item_done",	 "POST",  T_ITEM_DONE,	 200 },
};

#define SURVEYED	"\"consent_households\":200,\"notice_posted_on\":\"%s\"," \
			"\"batch\":\"2017\""
#define TENDER		"\"contractor\":\"故障测试建设公司\",\"supervisor\":\"故障测试监理\"," \
			"\"tender_awarded_on\":\"2016-04-20\",\"site_manager\":\"张工\""
#define FUNDING		"{\"source\":\"province\",\"planned_yuan\":300000.00}"

/*
 * The scripts, one after the other, each ended by a K__MAX row.  The
 * last approval of a round fires its transition (fires names the stage).
 */
const struct step script_steps[] = {
	/* 0: declared -> renovated, every department approving at once. */
	{ K_DECLARE,	A_COMMITTEE,	NULL,		0, NULL },
	{ K_ITEM,	A_STREET,	"cctv",		0, NULL },
	{ K_ITEM,	A_STREET,	"road",		0, NULL },
	{ K_ITEM,	A_STREET,	"fitness",	0, NULL },
	{ K_SUBMIT,	A_STREET,	"survey",	0, NULL },
	{ K_APPROVE,	A_CAPPR,	"survey",	0, NULL },
	{ K_APPROVE,	A_HOUSING,	"survey",	0, "surveyed" },
	{ K_PATCH,	A_CCLERK,	SURVEYED,	0, NULL },
	{ K_FUNDING,	A_CCLERK,	FUNDING,	0, NULL },
	{ K_SUBMIT,	A_CCLERK,	"launch",	0, NULL },
	{ K_APPROVE,	A_FINANCE,	"launch",	0, NULL },
	{ K_APPROVE,	A_DRC,		"launch",	0, NULL },
	{ K_APPROVE,	A_CAPPR,	"launch",	0, "piloted" },
	{ K_PATCH,	A_BUILDER,	TENDER,		0, NULL },
	{ K_DONE,	A_BUILDER,	NULL,		0, NULL },
	{ K_DONE,	A_BUILDER,	NULL,		1, NULL },
	{ K_DONE,	A_BUILDER,	NULL,		2, NULL },
	{ K_SUBMIT,	A_BUILDER,	"complete",	0, NULL },
	{ K_APPROVE,	A_CONSTRUCTION,	"complete",	0, "renovated" },
	{ K__MAX,	A__MAX,		NULL,		0, NULL },
	/* 1: every round rejected once, then submitted again -> piloted. */
	{ K_DECLARE,	A_COMMITTEE,	NULL,		0, NULL },
	{ K_ITEM,	A_STREET,	"hydrant",	0, NULL },
	{ K_ITEM,	A_STREET,	"greening",	0, NULL },
	{ K_SUBMIT,	A_STREET,	"survey",	0, NULL },
	{ K_APPROVE,	A_CAPPR,	"survey",	0, NULL },
	{ K_REJECT,	A_HOUSING,	"survey",	0, NULL },
	{ K_SUBMIT,	A_STREET,	"survey",	0, NULL },
	{ K_APPROVE,	A_HOUSING,	"survey",	0, NULL },
	{ K_APPROVE,	A_CAPPR,	"survey",	0, "surveyed" },
	{ K_FUNDING,	A_CCLERK,	FUNDING,	0, NULL },
	{ K_PATCH,	A_CCLERK,	SURVEYED,	0, NULL },
	{ K_SUBMIT,	A_CCLERK,	"launch",	0, NULL },
	{ K_REJECT,	A_DRC,		"launch",	0, NULL },
	{ K_SUBMIT,	A_CCLERK,	"launch",	0, NULL },
	{ K_APPROVE,	A_DRC,		"launch",	0, NULL },
	{ K_APPROVE,	A_CAPPR,	"launch",	0, NULL },
	{ K_APPROVE,	A_FINANCE,	"launch",	0, "piloted" },
	{ K__MAX,	A__MAX,		NULL,		0, NULL },
};
#define NSTEPS	(sizeof(script_steps) / sizeof(script_steps[0]))

_Static_assert(sizeof(actors) / sizeof(actors[0]) == A__MAX, "actors");
_Static_assert(sizeof(targets) / sizeof(targets[0]) == T__MAX, "targets");
_Static_assert(sizeof(script_kinds) / sizeof(script_kinds[0]) == K__MAX, "kinds");

static const char *const counties[] = {
	"lanshan", "luozhuang", "hedong", "tancheng", "lanling", "yishui",
	"yinan", "pingyi", "feixian", "mengyin", "junan", "linshu", "gaoxin",
	"jingkai", "lingang",
};
#define NCOUNTIES	(sizeof(counties) / sizeof(counties[0]))


static char	 notice[16];
static size_t	 first[8];
static size_t	 nscripts;

void
script_init(void)
{
	time_t		 t = time(NULL) + 8 * 3600 - 20 * 86400;
	struct tm	 tm;
	size_t		 i;

	/* The plan was posted 20 days ago (Shanghai): notice_period holds. */
	gmtime_r(&t, &tm);
	strftime(notice, sizeof(notice), "%Y-%m-%d", &tm);
	nscripts = 0;
	first[nscripts++] = 0;
	for (i = 0; i + 1 < NSTEPS; i++)
		if (script_steps[i].kind == K__MAX && nscripts < 8)
			first[nscripts++] = i + 1;
}

size_t
script_next(const char **county)
{
	static unsigned	 turn;
	size_t		 row = first[turn % nscripts];

	*county = counties[turn % NCOUNTIES];
	turn++;
	return row;
}

const char *
script_token(size_t row, const char *county)
{
	const struct actor_def	*a = &actors[script_steps[row].actor];

	return tok(a->sub, a->dept, a->scoped ? county : NULL, a->roles);
}

void
script_request(size_t row, const struct script_ctx *c, char *path,
    size_t pathsz, char *body, size_t bodysz)
{
	const struct step	*s = &script_steps[row];
	const struct kind_def	*k = &script_kinds[s->kind];
	char			 fields[512];

	if (k->target == T_COMMUNITIES)
		snprintf(path, pathsz, "/api/v1/communities");
	else if (k->target == T_ITEM_DONE)
		snprintf(path, pathsz, "/api/v1/items/%lld%s", c->items[s->item],
		    targets[k->target]);
	else
		snprintf(path, pathsz, "/api/v1/communities/%lld%s", c->cid,
		    targets[k->target]);
	switch (s->kind) {
	case K_DECLARE:
		snprintf(body, bodysz, "{\"name\":\"%s\",\"county\":\"%s\","
		    "\"street\":\"测试街道\",\"committee\":\"测试社区\","
		    "\"address\":\"测试路1号\",\"built_year\":1988,\"buildings\":6,"
		    "\"households\":240,\"floor_area_m2\":15600.00,\"state_land\":true,"
		    "\"urban_area\":true,\"multi_storey\":true,\"structure_intact\":true,"
		    "\"in_other_plan\":false}", c->name, c->county);
		break;
	case K_ITEM:
		snprintf(body, bodysz, "{\"kind\":\"%s\",\"condition\":\"poor\","
		    "\"selected\":true,\"estimate_yuan\":100000.00}", s->arg);
		break;
	case K_SUBMIT:
		snprintf(body, bodysz, "{\"action\":\"%s\",\"expected_version\":%d,"
		    "\"comment\":\"提交审核\"}", s->arg, c->version);
		break;
	case K_APPROVE:
		snprintf(body, bodysz, "{\"action\":\"%s\",\"decision\":\"approve\","
		    "\"comment\":\"同意\"}", s->arg);
		break;
	case K_REJECT:
		snprintf(body, bodysz, "{\"action\":\"%s\",\"decision\":\"reject\","
		    "\"comment\":\"材料不全，退回补正\"}", s->arg);
		break;
	case K_PATCH:
		snprintf(fields, sizeof(fields), s->arg, notice);
		snprintf(body, bodysz, "{%s,\"expected_version\":%d}", fields,
		    c->version);
		break;
	case K_FUNDING:
		snprintf(body, bodysz, "%s", s->arg);
		break;
	case K_DONE:
	case K__MAX:
		body[0] = '\0';
		break;
	}
}

void
load_act_info(const struct act *a, struct act_info *out)
{
	const struct step	*s = &script_steps[a->def];

	memset(out, 0, sizeof(*out));
	out->method = script_kinds[s->kind].method;
	out->event = script_kinds[s->kind].event;
	out->sub = actors[s->actor].sub;
	if (s->kind == K_APPROVE || s->kind == K_REJECT)
		out->dept = actors[s->actor].dept;
	if (s->fires != NULL) {
		out->fires = s->arg;
		out->stage = s->fires;
	}
	if (s->kind == K_DECLARE)
		out->stage = "declared";
}

void
load_dump(const struct load *ld, const char *name)
{
	const char	*dir = getenv("JIUGAI_TEST_DIR");
	struct act_info	 in;
	char		 path[512];
	FILE		*f;
	size_t		 i;
	const struct act *a;

	if (dir == NULL)
		return;
	snprintf(path, sizeof(path), "%s/log/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		return;
	fprintf(f, "method\tpath\tkey\tcommunity\tevent\tround\titem\tdept\tfires"
	    "\tstage\tversion\tattempts\tfirst_failure\n");
	for (i = 0; i < ld->nacts; i++) {
		a = &ld->acts[i];
		load_act_info(a, &in);
		fprintf(f, "%s\t%s\t%s\t%lld\t%s\t%lld\t%lld\t%s\t%s\t%s\t%d\t%d\t%s\n",
		    in.method, a->path, a->key, a->cid, in.event, a->round, a->item,
		    in.dept ? in.dept : "", in.fires ? in.fires : "",
		    in.stage ? in.stage : "", a->version, a->attempts,
		    a->fail_phase >= 0 ? phase_names[a->fail_phase] : "");
	}
	fclose(f);
}
