/*
 * tools.h - the administrative subcommands: migrate and seed.
 */
#ifndef JIUGAI_TOOLS_H
#define JIUGAI_TOOLS_H

/* `jiugai migrate`: apply sql/NNN_*.sql in order, then sync the tables. */
int	migrate_main(int argc, char *argv[]);
/* `jiugai seed`: demo communities through the engine. */
int	seed_main(int argc, char *argv[]);

#endif
