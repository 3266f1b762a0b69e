/*
 * fuzz.h - what the harnesses of tests/fuzz/ share.
 *
 * Each tests/fuzz/fuzz_<name>.c is one libFuzzer harness for one parser,
 * with its seed corpus in tests/fuzz/corpus/<name>/.  A harness checks
 * more than "no crash": it asserts the parser's contract on every input
 * with FUZZ_CHECK, which aborts, so that libFuzzer (or the plain driver
 * of main.c) records the input as a crash.
 */
#ifndef JIUGAI_FUZZ_H
#define JIUGAI_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"

/* The libFuzzer entry points (LLVMFuzzerInitialize is optional). */
int	 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int	 LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * Whether FUZZ_VERBOSE is set in the environment: harnesses then say
 * what each input came to, to check what a corpus file exercises.
 */
int	 fuzz_verbose(void);

/* Report a broken contract on stderr and abort. */
#define FUZZ_CHECK(c)	((c) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #c))

void	 fuzz_fail(const char *file, int line, const char *what)
	    __attribute__((noreturn));

/*
 * A malloc'd NUL-terminated copy of data[0..size), cut at its first
 * NUL, as a C string from libfcgi would be.  Aborts when out of memory.
 */
char	*fuzz_cstr(const uint8_t *data, size_t size);

/* Whether s[0..len) is valid UTF-8 (RFC 3629, as urlenc.c and jscan.c). */
int	 fuzz_utf8(const char *s, size_t len);

/*
 * Fill k with a fresh ES256 key pair (PEM, malloc'd as auth_keys_load()
 * would), iss = aud = "jiugai", leeway 30 s, max_ttl one day.  which is
 * 0 or 1: two independent pairs, for "signed by someone else".  Aborts
 * on failure.  Release with auth_keys_free().
 */
void	 fuzz_keys(struct auth_keys *k, int which);

/*
 * A compact JWS of the texts hdr[0..hlen) and pl[0..plen), taken
 * verbatim, signed ES256 (R || S) with key pair which of fuzz_keys().
 * Returns a malloc'd NUL-terminated token.  Aborts on failure.
 */
char	*fuzz_sign(int which, const char *hdr, size_t hlen, const char *pl,
	    size_t plen);

#endif
