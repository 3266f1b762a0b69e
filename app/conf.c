/*
 * conf.c - key = value configuration with environment overrides.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"

struct conf_def {
	const char	*name;	/* in the file; JIUGAI_<NAME> in the environment */
	const char	*def;
};

static const struct conf_def defs[CONF__MAX] = {
	{ "database_url",	"dbname=jiugai connect_timeout=5" },
	{ "migrate_url",	"" },		/* empty: database_url */
	{ "socket",		"var/run/jiugai.sock" },
	{ "workers",		"0" },		/* 0: one per core */
	{ "socket_group",	"" },
	{ "pidfile",		"" },
	{ "key_public",		"var/keys/jwt.pub" },
	{ "key_private",	"var/keys/jwt.key" },
	{ "issuer",		"jiugai" },
	{ "audience",		"jiugai" },
	{ "token_ttl",		"28800" },
	{ "max_body",		"65536" },
	{ "notice_days",	"7" },
	{ "consent_num",	"2" },
	{ "consent_den",	"3" },
	{ "sql_dir",		"sql" },
	{ "statement_timeout",	"30000" },	/* milliseconds */
	{ "idempotency_ttl",	"86400" },	/* seconds an Idempotency-Key is kept */
	{ "user",		"jiugai" },	/* serve drops root for this user */
	{ "public_url",		"" },		/* empty: the address asked for */
	{ "pilot_deadline",	"2016-06-30" },	/* pilots accepted by (seed §5) */
	{ "rollout_deadline",	"2020-12-31" },	/* everything else by */
};
_Static_assert(sizeof(defs) / sizeof(defs[0]) == CONF__MAX, "conf defs");

static char	*vals[CONF__MAX];

static int
conf_find(const char *name)
{
	int	 i;

	for (i = 0; i < CONF__MAX; i++)
		if (strcmp(defs[i].name, name) == 0)
			return i;
	return -1;
}

static void
conf_set(int k, const char *v)
{
	free(vals[k]);
	if ((vals[k] = strdup(v)) == NULL)
		abort();
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int
conf_file(const char *path, int must)
{
	FILE	*f;
	char	 line[4096], *k, *v, *eq;
	int	 n = 0, key, rc = 0;

	if ((f = fopen(path, "r")) == NULL) {
		if (!must && errno == ENOENT)
			return 0;
		fprintf(stderr, "jiugai: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		n++;
		k = trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			fprintf(stderr, "jiugai: %s:%d: expected key = value\n", path, n);
			rc = -1;
			continue;
		}
		*eq = '\0';
		v = trim(eq + 1);
		k = trim(k);
		if ((key = conf_find(k)) < 0) {
			fprintf(stderr, "jiugai: %s:%d: unknown key %s\n", path, n, k);
			rc = -1;
			continue;
		}
		conf_set(key, v);
	}
	fclose(f);
	return rc;
}

int
conf_load(void)
{
	const char	*path, *v;
	char		 env[64];
	size_t		 j;
	int		 i;

	for (i = 0; i < CONF__MAX; i++)
		conf_set(i, defs[i].def);
	if ((path = getenv("JIUGAI_CONFIG")) != NULL && *path != '\0') {
		if (conf_file(path, 1) == -1)
			return -1;
	} else if (conf_file("var/jiugai.conf", 0) == -1)
		return -1;
	for (i = 0; i < CONF__MAX; i++) {
		snprintf(env, sizeof(env), "JIUGAI_%s", defs[i].name);
		for (j = 7; env[j] != '\0'; j++)
			env[j] = (char)toupper((unsigned char)env[j]);
		if ((v = getenv(env)) != NULL && *v != '\0')
			conf_set(i, v);
	}
	return 0;
}

const char *
conf_get(enum conf_key k)
{
	return vals[k] != NULL ? vals[k] : defs[k].def;
}

long
conf_long(enum conf_key k, long def)
{
	const char	*s = conf_get(k);
	char		*end;
	long		 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return def;
	return v;
}
