/*
 * opt.h - long options of the administrative subcommands.
 */
#ifndef JIUGAI_OPT_H
#define JIUGAI_OPT_H

#include <stddef.h>

struct opt {
	const char	*name;		/* after "--" */
	int		 arg;		/* takes a value */
};

/*
 * Collect --name VALUE, --name=VALUE and bare --flag (val "") from
 * argv[first..argc) into val[i] for opts[i], each at most once.
 * Returns 0, or -1 after naming the bad, repeated or incomplete option
 * on stderr as "<cmd>: ..." followed by usage.
 */
int	opt_collect(int argc, char *argv[], int first, const struct opt *opts,
	    size_t n, const char **val, const char *cmd, const char *usage);

#endif
