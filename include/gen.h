/*
 * gen.h - `jiugai gen` (gen.c): a generated national-scale data set.
 */
#ifndef JIUGAI_GEN_H
#define JIUGAI_GEN_H

/*
 * `jiugai gen --communities N --events M [--seed S]`: bulk-load N
 * communities and M events (a valid audit chain from the current head) as
 * the owner role.  Exit 0 loaded, 1 failed (the transaction is rolled
 * back), 2 usage.
 */
int	gen_main(int argc, char *argv[]);

#endif
