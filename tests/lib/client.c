/*
 * client.c - see client.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "../../include/auth.h"
#include "../../include/codes.h"
#include "../../include/conf.h"
#include "client.h"

static struct auth_keys	 keys;
static char		 base[256];
static PGconn		*conn;

struct tokcache {
	char		*key;
	char		*tok;
	struct tokcache	*next;
};
static struct tokcache	*cache;

static void
die(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	fprintf(stderr, "client: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

void
client_init(void)
{
	const char	*u = getenv("JIUGAI_TEST_URL");

	if (u == NULL || *u == '\0')
		die("JIUGAI_TEST_URL is not set (run through tests/run.sh)");
	snprintf(base, sizeof(base), "%s", u);
	if (conf_load() == -1)
		die("cannot load the configuration");
	if (auth_keys_load(&keys, conf_get(CONF_KEY_PUBLIC),
	    conf_get(CONF_KEY_PRIVATE), conf_get(CONF_ISSUER),
	    conf_get(CONF_AUDIENCE)) == -1)
		die("cannot load the signing keys");
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void
client_done(void)
{
	struct tokcache	*c;

	while ((c = cache) != NULL) {
		cache = c->next;
		free(c->key);
		free(c->tok);
		free(c);
	}
	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
	auth_keys_free(&keys);
	curl_global_cleanup();
}

const char *
tok(const char *sub, const char *dept, const char *org, const char *rolelist)
{
	struct tokcache	*c;
	struct claims	 cl;
	char		 key[512], rl[128], *p, *save = NULL;
	int		 d, r;

	snprintf(key, sizeof(key), "%s|%s|%s|%s", sub, dept, org ? org : "", rolelist);
	for (c = cache; c != NULL; c = c->next)
		if (strcmp(c->key, key) == 0)
			return c->tok;
	memset(&cl, 0, sizeof(cl));
	snprintf(cl.sub, sizeof(cl.sub), "%s", sub);
	snprintf(cl.name, sizeof(cl.name), "测试 %s", sub);
	snprintf(cl.dept, sizeof(cl.dept), "%s", dept);
	if (org != NULL)
		snprintf(cl.org, sizeof(cl.org), "%s", org);
	if ((d = code_dept(dept, strlen(dept))) < 0)
		die("unknown dept %s", dept);
	cl.dept_id = d;
	snprintf(rl, sizeof(rl), "%s", rolelist);
	for (p = strtok_r(rl, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
		if ((r = code_role(p, strlen(p))) < 0)
			die("unknown role %s", p);
		cl.roles |= 1u << r;
	}
	c = calloc(1, sizeof(*c));
	c->key = strdup(key);
	c->tok = auth_mint(&keys, &cl, (long long)time(NULL), 7200);
	if (c->tok == NULL)
		die("cannot mint a token for %s", key);
	c->next = cache;
	cache = c;
	return c->tok;
}

static size_t
on_body(char *p, size_t sz, size_t n, void *arg)
{
	struct resp	*r = arg;
	char		*nb;

	if ((nb = realloc(r->body, r->len + sz * n + 1)) == NULL)
		return 0;
	r->body = nb;
	memcpy(r->body + r->len, p, sz * n);
	r->len += sz * n;
	r->body[r->len] = '\0';
	return sz * n;
}

static size_t
on_header(char *p, size_t sz, size_t n, void *arg)
{
	struct resp	*r = arg;
	size_t		 len = sz * n, k;
	char		*dst = NULL;
	size_t		 dstsz = 0, skip = 0;

	if (len > 6 && strncasecmp(p, "ETag: ", 6) == 0) {
		dst = r->etag;
		dstsz = sizeof(r->etag);
		skip = 6;
	} else if (len > 14 && strncasecmp(p, "Content-Type: ", 14) == 0) {
		dst = r->ctype;
		dstsz = sizeof(r->ctype);
		skip = 14;
	}
	if (dst != NULL) {
		k = len - skip;
		while (k > 0 && (p[skip + k - 1] == '\r' || p[skip + k - 1] == '\n'))
			k--;
		if (k >= dstsz)
			k = dstsz - 1;
		memcpy(dst, p + skip, k);
		dst[k] = '\0';
	}
	return len;
}

long
req(struct resp *r, const char *method, const char *path, const char *token,
    const char *body, const char *ctype, const char *const *extra)
{
	CURL			*c;
	struct curl_slist	*h = NULL;
	char			 url[1024], line[9000];
	size_t			 i;

	memset(r, 0, sizeof(*r));
	if ((c = curl_easy_init()) == NULL)
		return 0;
	snprintf(url, sizeof(url), "%s%s", base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (token != NULL) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, line);
	}
	if (body != NULL) {
		snprintf(line, sizeof(line), "Content-Type: %s",
		    ctype != NULL ? ctype : "application/json");
		h = curl_slist_append(h, line);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	h = curl_slist_append(h, "Expect:");
	for (i = 0; extra != NULL && extra[i] != NULL; i++)
		h = curl_slist_append(h, extra[i]);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (r->body != NULL)
		r->json = json_tokener_parse(r->body);
	return r->status;
}

void
resp_free(struct resp *r)
{
	if (r->json != NULL)
		json_object_put(r->json);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static struct json_object *
jfind(const struct resp *r, const char *key)
{
	struct json_object	*o = r->json, *v;
	char			 k[128], *p, *save = NULL;

	if (o == NULL)
		return NULL;
	snprintf(k, sizeof(k), "%s", key);
	for (p = strtok_r(k, ".", &save); p != NULL; p = strtok_r(NULL, ".", &save)) {
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, p, &v))
			return NULL;
		o = v;
	}
	return o;
}

const char *
jstr(const struct resp *r, const char *key)
{
	struct json_object	*v = jfind(r, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

long long
jint(const struct resp *r, const char *key)
{
	struct json_object	*v = jfind(r, key);

	return v != NULL ? json_object_get_int64(v) : 0;
}

const char *
jerr(const struct resp *r)
{
	const char	*s = jstr(r, "error.code");

	return s != NULL ? s : "";
}

PGconn *
db(void)
{
	const char	*url = getenv("JIUGAI_DATABASE_URL");

	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		return conn;
	if (conn != NULL)
		PQfinish(conn);
	conn = PQconnectdb(url != NULL ? url : conf_get(CONF_DATABASE_URL));
	if (PQstatus(conn) != CONNECTION_OK)
		die("database: %s", PQerrorMessage(conn));
	return conn;
}

long long
db_count(const char *sql)
{
	PGresult	*res = PQexec(db(), sql);
	long long	 n = -1;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		fprintf(stderr, "client: %s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	return n;
}

long long
db_fingerprint(void)
{
	return db_count("SELECT (SELECT count(*) FROM event)"
	    " + (SELECT count(*) FROM community) * 1000"
	    " + (SELECT coalesce(sum(version), 0) FROM community) * 7"
	    " + (SELECT count(*) FROM item) * 100000"
	    " + (SELECT count(*) FROM funding) * 1000000"
	    " + (SELECT count(*) FROM round) * 10000000"
	    " + (SELECT count(*) FROM approval) * 100000000");
}

int
version_of(long long id)
{
	struct resp	 r;
	char		 path[64];
	int		 v;

	snprintf(path, sizeof(path), "/api/v1/communities/%lld", id);
	req(&r, "GET", path, tok("t-viewer", "housing", NULL, "viewer"), NULL,
	    NULL, NULL);
	v = (int)jint(&r, "version");
	resp_free(&r);
	return v;
}

const char *
uniq(const char *prefix)
{
	static char	 buf[8][96];
	static int	 n;
	char		*b = buf[n++ % 8];

	snprintf(b, sizeof(buf[0]), "%s-%d-%ld-%d", prefix, (int)getpid(),
	    (long)time(NULL), n);
	return b;
}

static long long
must(struct resp *r, long want, const char *what)
{
	long long	 id;

	if (r->status != want)
		die("%s: want %ld, got %ld: %s", what, want, r->status,
		    r->body ? r->body : "");
	id = jint(r, "id");
	resp_free(r);
	return id;
}

long long
make_declared(const char *county)
{
	struct resp	 r;
	char		 body[1024];

	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"county\":\"%s\","
	    "\"street\":\"测试街道\",\"committee\":\"测试社区\",\"address\":\"测试路1号\","
	    "\"built_year\":1988,\"buildings\":6,\"households\":240,"
	    "\"floor_area_m2\":15600.00,\"state_land\":true,\"urban_area\":true,"
	    "\"multi_storey\":true,\"structure_intact\":true,\"in_other_plan\":false}",
	    uniq("测试小区"), county);
	req(&r, "POST", "/api/v1/communities",
	    tok("t-committee", "committee", county, "clerk"), body, NULL, NULL);
	return must(&r, 201, "declare");
}

long
advance(long long id, const char *county, const char *action,
    const char *submitter)
{
	struct resp		 r;
	struct json_object	*req_arr, *v;
	char			 path[96], body[256], sub[64];
	const char		*d;
	long			 st;
	size_t			 i, n;

	snprintf(path, sizeof(path), "/api/v1/communities/%lld/transitions", id);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"expected_version\":%d,"
	    "\"comment\":\"提交审核\"}", action, version_of(id));
	if ((st = req(&r, "POST", path, submitter, body, NULL, NULL)) != 202) {
		fprintf(stderr, "client: submit %s: %ld %s\n", action, st, r.body);
		resp_free(&r);
		return st;
	}
	if (!json_object_object_get_ex(r.json, "missing", &req_arr)) {
		resp_free(&r);
		return 0;
	}
	req_arr = json_object_get(req_arr);
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/approvals", id);
	snprintf(body, sizeof(body), "{\"action\":\"%s\",\"decision\":\"approve\","
	    "\"comment\":\"同意\"}", action);
	n = json_object_array_length(req_arr);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(req_arr, i);
		d = json_object_get_string(v);
		snprintf(sub, sizeof(sub), "t-%s-approver", d);
		st = req(&r, "POST", path, tok(sub, d,
		    strcmp(d, "county") == 0 ? county : NULL, "approver"),
		    body, NULL, NULL);
		if (st != 200)
			fprintf(stderr, "client: approve %s by %s: %ld %s\n",
			    action, d, st, r.body);
		resp_free(&r);
		if (st != 200)
			break;
	}
	json_object_put(req_arr);
	return st;
}

static void
post_ok(const char *path, const char *token, const char *body, long want)
{
	struct resp	 r;

	req(&r, "POST", path, token, body, NULL, NULL);
	must(&r, want, path);
}

static void
patch_ok(long long id, const char *token, const char *fields)
{
	struct resp	 r;
	char		 path[64], body[1024];

	snprintf(path, sizeof(path), "/api/v1/communities/%lld", id);
	snprintf(body, sizeof(body), "{%s,\"expected_version\":%d}", fields,
	    version_of(id));
	req(&r, "PATCH", path, token, body, NULL, NULL);
	must(&r, 200, "patch");
}

long long
make_at(const char *county, const char *stage)
{
	static const char *const kinds_used[] = { "cctv", "road", "fitness" };
	static const char *const order[] = {
		"declared", "surveyed", "piloted", "renovated", "accepted", "managed"
	};
	const char	*street = tok("t-street", "street", county, "clerk");
	const char	*cclerk = tok("t-county-clerk", "county", county, "clerk");
	const char	*build = tok("t-construction-clerk", "construction", NULL, "clerk");
	const char	*housing = tok("t-housing-clerk", "housing", NULL, "clerk");
	long long	 id, items[3];
	struct resp	 r;
	char		 path[96], body[512], notice[16], sub[64];
	time_t		 t = time(NULL) - 20 * 86400;
	struct tm	 tm;
	size_t		 k, target;

	for (target = 0; target < 6 && strcmp(order[target], stage) != 0; target++)
		continue;
	if (target == 6)
		die("make_at: unknown stage %s", stage);
	id = make_declared(county);
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/items", id);
	for (k = 0; k < 3; k++) {
		snprintf(body, sizeof(body), "{\"kind\":\"%s\",\"condition\":\"poor\","
		    "\"selected\":true,\"estimate_yuan\":100000.00}", kinds_used[k]);
		req(&r, "POST", path, street, body, NULL, NULL);
		items[k] = must(&r, 201, "item");
	}
	if (target == 0)
		return id;
	if (advance(id, county, "survey", street) != 200)
		die("make_at: survey");
	if (target == 1)
		return id;
	localtime_r(&t, &tm);
	strftime(notice, sizeof(notice), "%Y-%m-%d", &tm);
	snprintf(body, sizeof(body), "\"consent_households\":200,"
	    "\"notice_posted_on\":\"%s\",\"batch\":\"2017\"", notice);
	patch_ok(id, cclerk, body);
	snprintf(path, sizeof(path), "/api/v1/communities/%lld/funding", id);
	post_ok(path, cclerk, "{\"source\":\"province\",\"planned_yuan\":300000.00}", 201);
	if (advance(id, county, "launch", cclerk) != 200)
		die("make_at: launch");
	if (target == 2)
		return id;
	patch_ok(id, build, "\"contractor\":\"测试建设公司\",\"supervisor\":\"测试监理\","
	    "\"tender_awarded_on\":\"2016-04-20\",\"site_manager\":\"张工\"");
	for (k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "/api/v1/items/%lld/done", items[k]);
		post_ok(path, build, NULL, 200);
	}
	if (advance(id, county, "complete", build) != 200)
		die("make_at: complete");
	if (target == 3)
		return id;
	for (k = 0; k < 3; k++) {
		const char *d = k == 0 ? "police" : k == 1 ? "construction" : "sports";

		snprintf(path, sizeof(path), "/api/v1/items/%lld/signoff", items[k]);
		snprintf(sub, sizeof(sub), "t-%s-approver", d);
		post_ok(path, tok(sub, d, NULL, "approver"),
		    "{\"decision\":\"approve\",\"comment\":\"合格\"}", 200);
	}
	if (advance(id, county, "accept", build) != 200)
		die("make_at: accept");
	if (target == 4)
		return id;
	patch_ok(id, housing, "\"owners_meeting_on\":\"2016-07-10\","
	    "\"mode\":\"community\",\"managing_committee\":\"社区托底小组\"");
	if (advance(id, county, "hand_over", housing) != 200)
		die("make_at: hand_over");
	return id;
}

/* ------------------------------------------------------------------ */
/* Paths and the usual actors.                                          */
/* ------------------------------------------------------------------ */

/* what/ID + suffix in the next of a ring of 8 buffers. */
static const char *
ring_path(char ring[8][160], int *n, const char *what, long long id,
    const char *suffix)
{
	char	*b = ring[(*n)++ % 8];

	snprintf(b, 160, "/api/v1/%s/%lld%s", what, id, suffix);
	return b;
}

const char *
cpath(long long id, const char *suffix)
{
	static char	 buf[8][160];
	static int	 n;

	return ring_path(buf, &n, "communities", id, suffix);
}

const char *
ipath(long long item, const char *suffix)
{
	static char	 buf[8][160];
	static int	 n;

	return ring_path(buf, &n, "items", item, suffix);
}

const char *
tok_street(const char *county)
{
	return tok("t-street", "street", county, "clerk");
}

const char *
tok_committee(const char *county)
{
	return tok("t-committee", "committee", county, "clerk");
}

const char *
tok_cclerk(const char *county)
{
	return tok("t-county-clerk", "county", county, "clerk");
}

const char *
tok_viewer(void)
{
	return tok("t-viewer", "housing", NULL, "viewer");
}

long
req_me(struct resp *r, const char *authz)
{
	char		*line = NULL;
	const char	*h[2] = { NULL, NULL };
	size_t		 n;
	long		 st;

	if (authz != NULL) {
		n = strlen(authz) + 32;
		if ((line = malloc(n)) == NULL)
			die("req_me: out of memory");
		snprintf(line, n, "Authorization: %s", authz);
		h[0] = line;
	}
	st = req(r, "GET", "/api/v1/me", NULL, NULL, NULL, h);
	free(line);
	return st;
}

/* ------------------------------------------------------------------ */
/* Simultaneous requests with the curl multi interface.                */
/* ------------------------------------------------------------------ */

struct slot {
	CURL			*c;
	struct curl_slist	*h;
	char			*body;
	size_t			 len;
};

static size_t
slot_write(char *p, size_t sz, size_t n, void *arg)
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

void
req_burst(int n, const char *const *methods, const char *const *paths,
    const char *const *tokens, const char *const *bodies, const char *extra,
    long *status, char **answers)
{
	struct slot	*s;
	CURLM		*m;
	char		 url[512], line[9000];
	const char	*root = getenv("JIUGAI_TEST_URL");
	int		 i, running = 0;

	if (root == NULL || (s = calloc((size_t)n, sizeof(*s))) == NULL ||
	    (m = curl_multi_init()) == NULL)
		die("req_burst: cannot start");
	for (i = 0; i < n; i++) {
		if ((s[i].c = curl_easy_init()) == NULL)
			die("req_burst: curl_easy_init");
		snprintf(url, sizeof(url), "%s%s", root, paths[i]);
		snprintf(line, sizeof(line), "Authorization: Bearer %s", tokens[i]);
		s[i].h = curl_slist_append(NULL, line);
		s[i].h = curl_slist_append(s[i].h, "Content-Type: application/json");
		s[i].h = curl_slist_append(s[i].h, "Expect:");
		if (extra != NULL)
			s[i].h = curl_slist_append(s[i].h, extra);
		curl_easy_setopt(s[i].c, CURLOPT_URL, url);
		curl_easy_setopt(s[i].c, CURLOPT_COPYPOSTFIELDS, bodies[i]);
		curl_easy_setopt(s[i].c, CURLOPT_CUSTOMREQUEST,
		    methods != NULL ? methods[i] : "POST");
		curl_easy_setopt(s[i].c, CURLOPT_HTTPHEADER, s[i].h);
		curl_easy_setopt(s[i].c, CURLOPT_WRITEFUNCTION, slot_write);
		curl_easy_setopt(s[i].c, CURLOPT_WRITEDATA, &s[i]);
		curl_easy_setopt(s[i].c, CURLOPT_TIMEOUT, 60L);
		curl_easy_setopt(s[i].c, CURLOPT_FORBID_REUSE, 1L);
		curl_multi_add_handle(m, s[i].c);
	}
	do {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		if (running)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	} while (running);
	for (i = 0; i < n; i++) {
		status[i] = 0;
		curl_easy_getinfo(s[i].c, CURLINFO_RESPONSE_CODE, &status[i]);
		curl_multi_remove_handle(m, s[i].c);
		curl_easy_cleanup(s[i].c);
		curl_slist_free_all(s[i].h);
		if (answers != NULL)
			answers[i] = s[i].body;
		else
			free(s[i].body);
	}
	curl_multi_cleanup(m);
	free(s);
}
