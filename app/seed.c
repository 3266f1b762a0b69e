/*
 * seed.c - `jiugai seed`: demo communities in every stage, created by
 * calling the real dispatcher (tokens, engine, database) for every act,
 * so each demo record has a true audit trail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "api.h"
#include "conf.h"
#include "route.h"
#include "tools.h"
#include "user.h"

static struct auth_keys	 keys;
static struct arena	 A;
static int		 failures;

struct who {
	const char	*sub;
	const char	*name;
	int		 dept;
	int		 county;
	int		 role;
};

/* One act through the dispatcher; returns the status, *out the answer. */
static int
act(enum method m, const char *path, const struct who *w, const char *body,
    struct json_object **out)
{
	struct claims	 c;
	struct req	 r;
	char		*tok;
	int		 status;

	memset(&c, 0, sizeof(c));
	snprintf(c.sub, sizeof(c.sub), "%s", w->sub);
	snprintf(c.name, sizeof(c.name), "%s", w->name);
	snprintf(c.dept, sizeof(c.dept), "%s", depts[w->dept].code);
	if (w->county >= 0)
		snprintf(c.org, sizeof(c.org), "%s", counties[w->county].code);
	c.roles = ROLE_BIT(w->role);
	if ((tok = auth_mint(&keys, &c, (long long)time(NULL), 600)) == NULL) {
		fprintf(stderr, "jiugai seed: cannot sign a token\n");
		exit(1);
	}
	memset(&r, 0, sizeof(r));
	r.a = &A;
	r.method = m;
	r.path = path;
	r.query = "";
	r.ctype = "application/json";
	r.authz = arena_printf(&A, "Bearer %s", tok);
	r.body = body != NULL ? body : "";
	r.bodylen = strlen(r.body);
	r.now = (long long)time(NULL);
	free(tok);
	route_dispatch(&r);
	status = r.status;
	if (status >= 300) {
		fprintf(stderr, "jiugai seed: %s as %s: %d %s", path, w->sub,
		    status, r.out.p);
		failures++;
	}
	if (out != NULL)
		*out = json_tokener_parse(r.out.p);
	arena_reset(&A);
	return status;
}

static long long
jint(struct json_object *o, const char *k)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : 0;
}

static int
version_of(long long id, const struct who *w)
{
	struct json_object	*o;
	char			 path[64];
	int			 v;

	snprintf(path, sizeof(path), "/api/v1/communities/%lld", id);
	act(METHOD_GET, path, w, NULL, &o);
	v = (int)jint(o, "version");
	json_object_put(o);
	return v;
}

/* Submit action; the round stays open, waiting in the approvers' tasks. */
static void
submit(long long id, const char *action, const struct who *by)
{
	char	 path[96], body[256];

	snprintf(path, sizeof(path), "/api/v1/communities/%lld/transitions", id);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"expected_version\":%d,"
	    "\"comment\":\"材料齐全，请审核\"}", action, version_of(id, by));
	act(METHOD_POST, path, by, body, NULL);
}

/* Submit action and have every required department approve it. */
static void
advance(long long id, const char *action, const struct who *by,
    const struct who *const *approvers, size_t n)
{
	char			 path[96], body[256];
	size_t			 i;

	snprintf(path, sizeof(path), "/api/v1/communities/%lld/transitions", id);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"expected_version\":%d,"
	    "\"comment\":\"请审核\"}", action, version_of(id, by));
	act(METHOD_POST, path, by, body, NULL);
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/approvals", id);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"approve\","
	    "\"comment\":\"同意\"}", action);
	for (i = 0; i < n; i++)
		act(METHOD_POST, path, approvers[i], body, NULL);
}

static void
patch(long long id, const struct who *w, const char *fields)
{
	char	 path[64], body[1024];

	snprintf(path, sizeof(path), "/api/v1/communities/%lld", id);
	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    version_of(id, w));
	act(METHOD_PATCH, path, w, body, NULL);
}

static const char *const names[] = {
	"金雀山小区", "沂河花园", "新华路宿舍", "工人新村", "银雀山小区",
	"北园小区", "涑河苑", "临西八路家属院", "开阳小区", "书院小区",
	"清河南小区", "南坊小区", "砚池小区", "凤凰岭小区", "双月园",
	"解放路宿舍", "兰山路家属院", "启阳小区", "琅琊小区", "蒙山大道宿舍",
	"人民广场小区", "东关小区", "西郊小区", "沂州小区", "鲁南小区",
	"红旗小区", "建设小区", "友谊小区", "和平小区", "文化小区",
};
#define NCOMMUNITIES	(sizeof(names) / sizeof(names[0]))

static const int kinds_used[] = {
	KIND_CCTV, KIND_ROAD, KIND_WATER, KIND_FITNESS, KIND_LIGHTING,
};

static char	 approver_sub[DEPT__MAX][64];

/* The demo users, one per organisation and role that the seed uses. */
/* Every demo user's password, printed by `make run` (demo data only). */
#define DEMO_PASSWORD	"jiugai-demo-2016"

static int
seed_users(void)
{
	const char	*p[6];
	char		 sub[64], name[160], hash[USER_HASH_MAX];
	int		 c, d, r;

	/* One argon2id hash for all: slow hashing 189 times would slow make run. */
	if (user_hash(DEMO_PASSWORD, hash) == -1)
		return -1;

	for (d = 0; d < DEPT__MAX; d++) {
		snprintf(approver_sub[d], sizeof(approver_sub[d]), "%s-approver",
		    depts[d].code);
		for (r = ROLE_CLERK; r <= ROLE_VIEWER; r++) {
			for (c = 0; c < (depts[d].scoped ? COUNTY__MAX : 1); c++) {
				if (depts[d].scoped)
					snprintf(sub, sizeof(sub), "%s-%s-%s",
					    counties[c].code, depts[d].code, roles[r]);
				else
					snprintf(sub, sizeof(sub), "%s-%s",
					    depts[d].code, roles[r]);
				snprintf(name, sizeof(name), "%s%s%s",
				    depts[d].scoped ? counties[c].zh : "",
				    depts[d].zh, r == ROLE_CLERK ? "经办人" :
				    r == ROLE_APPROVER ? "审核人" : "查询");
				p[0] = sub;
				p[1] = name;
				p[2] = depts[d].code;
				p[3] = depts[d].scoped ? counties[c].code : NULL;
				p[4] = arena_printf(&A, "{%s}", roles[r]);
				p[5] = hash;
				if (db_exec(&A, STMT_USER_UPSERT, p, NULL) != JG_OK)
					return -1;
			}
		}
	}
	arena_reset(&A);
	return 0;
}

static void
seed_one(size_t i, int target)
{
	int			 county = (int)(i % COUNTY__MAX);
	struct who		 committee = { NULL, "社区居委会经办人",
				    DEPT_COMMITTEE, county, ROLE_CLERK };
	struct who		 street = { NULL, "街道办经办人",
				    DEPT_STREET, county, ROLE_CLERK };
	struct who		 cclerk = { NULL, "县区政府经办人",
				    DEPT_COUNTY, county, ROLE_CLERK };
	struct who		 capp = { NULL, "县区政府审核人",
				    DEPT_COUNTY, county, ROLE_APPROVER };
	struct who		 app[DEPT__MAX];
	struct who		 build = { "construction-clerk", "住建局经办人",
				    DEPT_CONSTRUCTION, -1, ROLE_CLERK };
	struct who		 housing = { "housing-clerk", "房产局经办人",
				    DEPT_HOUSING, -1, ROLE_CLERK };
	char			 subs[4][64];
	const struct who	*survey[] = { &capp, &app[DEPT_HOUSING] };
	const struct who	*launch[] = { &capp, &app[DEPT_DRC], &app[DEPT_FINANCE] };
	const struct who	*complete[] = { &app[DEPT_CONSTRUCTION] };
	const struct who	*accept[] = { &app[DEPT_CONSTRUCTION], &app[DEPT_AUDIT] };
	const struct who	*handover[] = { &app[DEPT_HOUSING], &app[DEPT_PRICING] };
	struct json_object	*o;
	long long		 id, items[5];
	char			 body[1024], path[96], notice[16];
	time_t			 t = time(NULL) - 30 * 86400;
	struct tm		 tm;
	size_t			 k;
	int			 d, households = 120 + (int)(i * 37) % 400;
	long long		 estimate = 0;

	snprintf(subs[0], sizeof(subs[0]), "%s-committee-clerk", counties[county].code);
	snprintf(subs[1], sizeof(subs[1]), "%s-street-clerk", counties[county].code);
	snprintf(subs[2], sizeof(subs[2]), "%s-county-clerk", counties[county].code);
	snprintf(subs[3], sizeof(subs[3]), "%s-county-approver", counties[county].code);
	committee.sub = subs[0];
	street.sub = subs[1];
	cclerk.sub = subs[2];
	capp.sub = subs[3];
	for (d = 0; d < DEPT__MAX; d++) {
		app[d].sub = approver_sub[d];
		app[d].name = "审核人";
		app[d].dept = d;
		app[d].county = -1;
		app[d].role = ROLE_APPROVER;
	}
	snprintf(body, sizeof(body),
	    "{\"name\":\"%s%s\",\"county\":\"%s\",\"street\":\"%s街道\","
	    "\"committee\":\"%s社区居委会\",\"address\":\"%s%s路%zu号\","
	    "\"built_year\":%d,\"buildings\":%zu,\"households\":%d,"
	    "\"floor_area_m2\":%d.50,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,"
	    "\"in_other_plan\":false,\"dilapidated\":%s}",
	    counties[county].zh, names[i], counties[county].code,
	    counties[county].zh, names[i], counties[county].zh, "沂蒙", i + 1,
	    1978 + (int)(i % 16), 4 + i % 9, households, households * 65,
	    i % 4 == 0 ? "true" : "false");
	act(METHOD_POST, "/api/v1/communities", &committee, body, &o);
	id = jint(o, "id");
	json_object_put(o);
	if (id == 0)
		return;
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/items", id);
	for (k = 0; k < sizeof(kinds_used) / sizeof(kinds_used[0]); k++) {
		snprintf(body, sizeof(body), "{\"kind\":\"%s\",\"condition\":\"%s\","
		    "\"selected\":true,\"estimate_yuan\":%lld.00}",
		    kinds[kinds_used[k]].code, k % 2 ? "missing" : "poor",
		    (long long)(80000 + 15000 * k));
		estimate += 80000 + 15000 * (long long)k;
		act(METHOD_POST, path, &street, body, &o);
		items[k] = jint(o, "id");
		json_object_put(o);
	}
	if (target == STAGE_WITHDRAWN) {
		snprintf(path, sizeof(path), "/api/v1/communities/%lld/transitions", id);
		snprintf(body, sizeof(body), "{\"action\":\"withdraw\","
		    "\"expected_version\":%d,\"comment\":\"居民意愿不足，撤回申报\"}",
		    version_of(id, &committee));
		act(METHOD_POST, path, &committee, body, NULL);
		snprintf(path, sizeof(path), "/api/v1/communities/%lld/approvals", id);
		act(METHOD_POST, path, &capp, "{\"action\":\"withdraw\","
		    "\"decision\":\"approve\",\"comment\":\"同意撤回\"}", NULL);
		return;
	}
	if (target == STAGE_DECLARED) {
		if (i % 12 == 0)
			submit(id, "survey", &street);
		return;
	}
	advance(id, "survey", &street, survey, 2);
	localtime_r(&t, &tm);
	strftime(notice, sizeof(notice), "%Y-%m-%d", &tm);
	snprintf(body, sizeof(body), "\"consent_households\":%d,"
	    "\"notice_posted_on\":\"%s\",\"batch\":\"%s\"",
	    households * 5 / 6, notice, i % 3 == 0 ? "2016-pilot" : "2017");
	patch(id, &cclerk, body);
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/funding", id);
	snprintf(body, sizeof(body), "{\"source\":\"province\",\"planned_yuan\":%lld.00,"
	    "\"note\":\"省级以奖代补\"}", estimate / 2);
	act(METHOD_POST, path, &cclerk, body, NULL);
	snprintf(body, sizeof(body), "{\"source\":\"county\",\"planned_yuan\":%lld.00,"
	    "\"note\":\"县区配套\"}", estimate - estimate / 2);
	act(METHOD_POST, path, &cclerk, body, NULL);
	if (target == STAGE_SURVEYED) {
		if (i % 12 == 1)
			submit(id, "launch", &cclerk);
		return;
	}
	advance(id, "launch", &cclerk, launch, 3);
	/*
	 * Money arrives once the works are launched: the province's award
	 * in full for two communities in three, the county's matching funds
	 * in full once the works are done and half before, so that the
	 * assessment has both counties in step and counties behind.
	 */
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/funding", id);
	if (i % 3 != 2) {
		snprintf(body, sizeof(body), "{\"source\":\"province\","
		    "\"received_yuan\":%lld.00,\"note\":\"省级资金到位\"}",
		    estimate / 2);
		act(METHOD_POST, path, &cclerk, body, NULL);
	}
	snprintf(body, sizeof(body), "{\"source\":\"county\","
	    "\"received_yuan\":%lld.00,\"note\":\"县区配套资金到位\"}",
	    target == STAGE_PILOTED ? (estimate - estimate / 2) / 2 :
	    estimate - estimate / 2);
	act(METHOD_POST, path, &cclerk, body, NULL);
	if (target == STAGE_PILOTED)
		return;
	patch(id, &build, "\"contractor\":\"临沂市城建工程有限公司\","
	    "\"supervisor\":\"临沂市建设监理有限公司\","
	    "\"tender_awarded_on\":\"2016-04-20\",\"site_manager\":\"王建国\"");
	for (k = 0; k < sizeof(kinds_used) / sizeof(kinds_used[0]); k++) {
		snprintf(path, sizeof(path), "/api/v1/items/%lld/done", items[k]);
		act(METHOD_POST, path, &build, NULL, NULL);
	}
	advance(id, "complete", &build, complete, 1);
	if (target == STAGE_RENOVATED)
		return;
	for (k = 0; k < sizeof(kinds_used) / sizeof(kinds_used[0]); k++) {
		snprintf(path, sizeof(path), "/api/v1/items/%lld/signoff", items[k]);
		act(METHOD_POST, path, &app[kinds[kinds_used[k]].dept],
		    "{\"decision\":\"approve\",\"comment\":\"验收合格\"}", NULL);
	}
	advance(id, "accept", &build, accept, 2);
	if (target == STAGE_ACCEPTED)
		return;
	if (i % 2 == 0)
		patch(id, &housing, "\"owners_meeting_on\":\"2016-07-10\","
		    "\"mode\":\"professional\",\"company\":\"临沂市安居物业服务有限公司\","
		    "\"contract_start\":\"2016-08-01\",\"contract_end\":\"2019-07-31\","
		    "\"managed_area_m2\":12000.00,\"fee_yuan_per_m2_month\":0.45");
	else
		patch(id, &housing, "\"owners_meeting_on\":\"2016-07-12\","
		    "\"mode\":\"community\",\"managing_committee\":\"社区居委会托底管理小组\"");
	advance(id, "hand_over", &housing, handover, 2);
}

int
seed_main(int argc, char *argv[])
{
	static const int targets[] = {
		STAGE_DECLARED, STAGE_SURVEYED, STAGE_PILOTED, STAGE_RENOVATED,
		STAGE_ACCEPTED, STAGE_MANAGED,
	};
	const char	*p[6] = { NULL, NULL, NULL, NULL, "1", NULL };
	PGresult	*res;
	size_t		 i;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: jiugai seed\n\nCreates %zu demo communities in every "
		    "stage through the workflow engine;\ndoes nothing when "
		    "communities exist.\n", NCOMMUNITIES);
		return 0;
	}
	if (auth_keys_load(&keys, conf_get(CONF_KEY_PUBLIC),
	    conf_get(CONF_KEY_PRIVATE), conf_get(CONF_ISSUER),
	    conf_get(CONF_AUDIENCE)) == -1 ||
	    auth_keys_load(&route_keys, conf_get(CONF_KEY_PUBLIC), NULL,
	    conf_get(CONF_ISSUER), conf_get(CONF_AUDIENCE)) == -1)
		return 1;
	if (db_open() == -1) {
		fprintf(stderr, "jiugai seed: database unreachable\n");
		return 1;
	}
	if (db_exec(&A, STMT_COMMUNITY_LIST, p, &res) != JG_OK) {
		fprintf(stderr, "jiugai seed: cannot read communities\n");
		return 1;
	}
	if (atoi(PQgetvalue(res, 0, 2)) > 0) {
		printf("seed: communities exist already; nothing to do\n");
		arena_free(&A);
		db_close();
		return 0;
	}
	arena_reset(&A);
	if (seed_users() == -1) {
		fprintf(stderr, "jiugai seed: cannot create the demo users\n");
		return 1;
	}
	for (i = 0; i < NCOMMUNITIES; i++)
		seed_one(i, i == NCOMMUNITIES - 1 ? STAGE_WITHDRAWN :
		    targets[i % (sizeof(targets) / sizeof(targets[0]))]);
	arena_free(&A);
	db_close();
	auth_keys_free(&keys);
	auth_keys_free(&route_keys);
	printf("seed: %zu demo communities created (%d acts refused); "
	    "demo users' password: %s\n", NCOMMUNITIES, failures, DEMO_PASSWORD);
	return failures == 0 ? 0 : 1;
}
