/*
 * standalone.c - a main() for the harnesses where libFuzzer is missing:
 * feeds every file named on the command line, or found in a directory
 * named there, once to LLVMFuzzerTestOneInput().  Options ("-runs=0")
 * are ignored, so the command line is the same as a libFuzzer binary's.
 * Built with ASan and UBSan, a bad input still aborts the run.  Empty
 * where libFuzzer brings its own main() (FUZZ_LIBFUZZER, see Makefile).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#ifndef FUZZ_LIBFUZZER

int	 LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Run the file at path; -1 when it cannot be read. */
static int
run_file(const char *path)
{
	FILE		*f;
	uint8_t		*buf;
	long		 n;

	if ((f = fopen(path, "rb")) == NULL ||
	    fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	/* Exactly n bytes, so that ASan sees a read past the input. */
	if ((buf = malloc(n == 0 ? 1 : (size_t)n)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	fprintf(stderr, "Running: %s\n", path);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct dirent	**ents;
	struct stat	 st;
	char		 path[4096];
	int		 i, j, n, ran = 0, bad = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		if (stat(argv[i], &st) == -1) {
			perror(argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]) == -1;
			ran++;
			continue;
		}
		if ((n = scandir(argv[i], &ents, NULL, alphasort)) < 0) {
			perror(argv[i]);
			bad++;
			continue;
		}
		for (j = 0; j < n; j++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i],
			    ents[j]->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
				bad += run_file(path) == -1;
				ran++;
			}
			free(ents[j]);
		}
		free(ents);
	}
	fprintf(stderr, "Done %d runs (standalone driver)\n", ran);
	return bad > 0 ? 1 : 0;
}

#endif /* !FUZZ_LIBFUZZER */
