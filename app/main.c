/*
 * main.c - `jiugai <command>`: the subcommand table.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "conf.h"
#include "db.h"
#include "gen.h"
#include "server.h"
#include "tools.h"
#include "user.h"

static int	cmd_token(int, char *[]);
static int	cmd_stmts(int, char *[]);

struct cmd {
	const char	*name;
	int		(*fn)(int, char *[]);
	const char	*help;
};

static const struct cmd cmds[] = {
	{ "serve",   server_main,  "run the FastCGI master and workers" },
	{ "migrate", migrate_main, "apply the database migrations" },
	{ "seed",    seed_main,    "create demo communities through the engine" },
	{ "gen",     gen_main,     "bulk-load a generated data set (N communities, M events)" },
	{ "token",   cmd_token,    "print a signed token for scripts" },
	{ "user",    user_main,    "add, list, disable, enable users; passwd" },
	{ "verify-audit", audit_verify_main, "recompute the audit chain's hashes" },
	{ "audit-head", audit_head_main, "print the audit chain's head (seq, hash)" },
	{ "replay",  replay_main,  "rebuild communities from their events (--check)" },
	{ "stmts",   cmd_stmts,    "list the SQL statements; print one's text" },
};

static int
cmd_token(int argc, char *argv[])
{
	struct auth_keys	 k;
	int			 rc;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		memset(&k, 0, sizeof(k));
		return auth_token_main(argc, argv, &k);
	}
	if (auth_keys_load(&k, conf_get(CONF_KEY_PUBLIC),
	    conf_get(CONF_KEY_PRIVATE), conf_get(CONF_ISSUER),
	    conf_get(CONF_AUDIENCE)) == -1) {
		fprintf(stderr, "jiugai token: cannot load the signing keys "
		    "(run `make run` first)\n");
		return 1;
	}
	rc = auth_token_main(argc, argv, &k);
	auth_keys_free(&k);
	return rc;
}

/*
 * The statement table as the workers prepare it, so that make bench runs
 * pgbench on the very same text (scripts/bench.sh).
 */
static int
cmd_stmts(int argc, char *argv[])
{
	size_t	 i;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--help") == 0)) {
		fprintf(argc > 2 ? stderr : stdout, "usage: jiugai stmts [NAME]\n"
		    "Without NAME, list every statement's name and number of "
		    "parameters;\nwith one, print its SQL on one line.\n");
		return argc > 2 ? 2 : 0;
	}
	for (i = 0; i < STMT__MAX; i++)
		if (argc == 1)
			printf("%s\t%d\n", stmts[i].name, stmts[i].nparams);
		else if (strcmp(argv[1], stmts[i].name) == 0) {
			printf("%s\n", stmts[i].sql);
			return 0;
		}
	if (argc == 1)
		return 0;
	fprintf(stderr, "jiugai stmts: no statement %s\n", argv[1]);
	return 1;
}

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: jiugai <command> [options]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-13s %s\n", cmds[i].name, cmds[i].help);
	fprintf(f, "\nEach command has --help.  Configuration: var/jiugai.conf "
	    "or JIUGAI_CONFIG, overridden by JIUGAI_<KEY>.\n");
}

int
main(int argc, char *argv[])
{
	size_t	 i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0) {
			if (conf_load() == -1)
				return 1;
			return cmds[i].fn(argc - 1, argv + 1);
		}
	fprintf(stderr, "jiugai: unknown command %s\n", argv[1]);
	usage(stderr);
	return 2;
}
