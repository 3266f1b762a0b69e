/*
 * tools.h - the administrative subcommands: migrate, seed, verify-audit,
 * audit-head and replay.
 */
#ifndef JIUGAI_TOOLS_H
#define JIUGAI_TOOLS_H

/* `jiugai migrate`: apply sql/NNN_*.sql in order, then sync the tables. */
int	migrate_main(int argc, char *argv[]);
/* `jiugai seed`: demo communities through the engine. */
int	seed_main(int argc, char *argv[]);
/*
 * `jiugai verify-audit [--from SEQ --hash HEX]` (audit.c): recompute the
 * audit chain; exit 0 intact, 1 broken (first bad event named), 2 usage
 * or database error.
 */
int	audit_verify_main(int argc, char *argv[]);
/* `jiugai audit-head` (audit.c): print seq=, hash= and at= of the head. */
int	audit_head_main(int argc, char *argv[]);
/*
 * `jiugai replay --check [--community ID]` (replay.c): rebuild stage and
 * stage data from the events; exit 0 all match, 1 differences, 2 usage
 * or database error.
 */
int	replay_main(int argc, char *argv[]);

#endif
