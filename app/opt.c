/*
 * opt.c - long options of the administrative subcommands.
 */
#include <stdio.h>
#include <string.h>

#include "opt.h"

int
opt_collect(int argc, char *argv[], int first, const struct opt *opts,
    size_t n, const char **val, const char *cmd, const char *usage)
{
	const char	*a, *eq;
	size_t		 len, o;
	int		 i;

	for (i = first; i < argc; i++) {
		a = argv[i];
		if (strncmp(a, "--", 2) != 0)
			goto bad;
		a += 2;
		len = (eq = strchr(a, '=')) == NULL ? strlen(a) : (size_t)(eq - a);
		for (o = 0; o < n; o++)
			if (strlen(opts[o].name) == len &&
			    memcmp(a, opts[o].name, len) == 0)
				break;
		if (o == n || val[o] != NULL || (!opts[o].arg && eq != NULL))
			goto bad;
		if (!opts[o].arg)
			val[o] = "";
		else if (eq != NULL)
			val[o] = eq + 1;
		else if (i + 1 < argc)
			val[o] = argv[++i];
		else
			goto bad;
	}
	return 0;
bad:
	fprintf(stderr, "%s: bad, repeated or incomplete option '%s'\n%s", cmd,
	    argv[i], usage);
	return -1;
}
