# jiugai - GNU make.  `make run` and `make test` are the two commands.
.SUFFIXES:

CC	= cc
# xlsxwriter: the .xlsx exports (app/export.c); its pkg-config name adds -lz.
# libqrencode: the QR code on the printed public notice (app/web_public.c).
PKGS	 = libpq json-c libjwt fcgi libcrypto libsodium xlsxwriter libqrencode
WARN	 = -Wall -Wextra -Wpedantic -Wmissing-prototypes -Wstrict-prototypes \
	   -Wwrite-strings -Wshadow -Werror
OPT	?= -O2 -g
SANITIZE ?=
SANFLAGS = $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all,)
CFLAGS	+= -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) \
	   $(SANFLAGS) -Iinclude -MMD -MP \
	   $(shell pkg-config --cflags $(PKGS) cmocka libcurl 2>/dev/null)
LDLIBS	+= $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDFLAGS	+= $(SANFLAGS)
TESTLIBS = $(shell pkg-config --libs cmocka libcurl 2>/dev/null)

BUILD	?= build
# `make V=1` shows every command.
Q	 = $(if $(V),,@)
OBJDIR	 = $(BUILD)/obj

# The product: every app/*.c; main.c holds only the subcommand table.
APP_SRCS  = $(sort $(wildcard app/*.c))
APP_OBJS  = $(APP_SRCS:app/%.c=$(OBJDIR)/app/%.o)
LIB_OBJS  = $(filter-out $(OBJDIR)/app/main.o,$(APP_OBJS))

# Tests: one executable per file, linked with the product's objects.
TEST_SRCS = $(sort $(wildcard tests/unit/*.c tests/sql/*.c tests/http/test_*.c))
TEST_BINS = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
TEST_COMMON = $(sort $(wildcard tests/lib/*.c))
TEST_COMMON_OBJS = $(TEST_COMMON:tests/%.c=$(OBJDIR)/tests/%.o)
TOOLS	  = $(BUILD)/tests/freeport

# Fuzzing: a libFuzzer harness per parser, tests/fuzz/fuzz_<name>.c, seeds in
# tests/fuzz/corpus/<name>/.  Built into $(BUILD)/fuzz/ by clang with ASan, UBSan and
# coverage; without libFuzzer the same harnesses get the plain main() of
# tests/fuzz/lib/standalone.c (still ASan + UBSan), which is all `make test` needs: it
# feeds each corpus file once (tests/fuzz/run.sh).  `make fuzz FUZZ_SECONDS=N` fuzzes.
FUZZ_CC	 ?= clang
FUZZ_SECONDS ?= 60
FUZZ_DIR  = $(BUILD)/fuzz
FUZZ_SRCS = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS = $(FUZZ_SRCS:tests/%.c=$(BUILD)/%)
FUZZ_OBJS = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(filter-out app/main.c,$(APP_SRCS)) \
	    $(sort $(wildcard tests/fuzz/lib/*.c)))
# "fuzzer" when $(FUZZ_CC) links libFuzzer: asked once, and only by a fuzz recipe.
FUZZ_MODE = $(eval FUZZ_MODE := $(shell printf 'int LLVMFuzzerTestOneInput(void) { return 0; }\n' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c -o /dev/null - 2>/dev/null && echo fuzzer))$(FUZZ_MODE)
FUZZ_CCX  = $(if $(FUZZ_MODE),$(FUZZ_CC),$(CC))
FUZZ_SAN_fuzzer	 = -fsanitize=fuzzer-no-link,address,undefined -DFUZZ_LIBFUZZER
FUZZ_SAN_	 = -fsanitize=address,undefined
FUZZ_LDSAN_fuzzer = -fsanitize=fuzzer,address,undefined
FUZZ_LDSAN_	 = -fsanitize=address,undefined
FUZZ_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g \
	    -fno-omit-frame-pointer -fno-sanitize-recover=all $(FUZZ_SAN_$(FUZZ_MODE)) \
	    -Iinclude -Itests/fuzz/lib -MMD -MP $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

all: $(BUILD)/jiugai

$(BUILD)/jiugai: $(APP_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(APP_OBJS) $(LDLIBS)

$(OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(OBJDIR)/tests/%.o $(LIB_OBJS) $(TEST_COMMON_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(TEST_COMMON_OBJS) $(LDLIBS) $(TESTLIBS)

$(BUILD)/tests/freeport: tests/tools/freeport.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $<

# Fault injection (tests/faults/): the load generator, the faults and the checks, linked
# into the short run inside `make test` (tests/http/test_zz_faults) and `make faults`.
FAULT_SRCS = $(filter-out tests/faults/faults.c,$(sort $(wildcard tests/faults/*.c)))
FAULT_OBJS = $(FAULT_SRCS:tests/%.c=$(OBJDIR)/tests/%.o)
FAULT_BINS = $(BUILD)/tests/http/test_zz_faults $(BUILD)/tests/faults/faults

$(FAULT_BINS): $(BUILD)/tests/%: $(OBJDIR)/tests/%.o $(FAULT_OBJS) $(LIB_OBJS) $(TEST_COMMON_OBJS)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(TESTLIBS)

# The product's code is judged by -Werror in the gcc build; here clang only warns.
$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	$(Q)$(FUZZ_CCX) $(FUZZ_CFLAGS) $(if $(filter app/%,$<),$(filter-out -Werror,$(WARN)),$(WARN)) \
	    -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_OBJS)
	@echo "  LD      $@"
	$(Q)$(FUZZ_CCX) $(FUZZ_LDSAN_$(FUZZ_MODE)) -o $@ $^ $(LDLIBS)

fuzz-build: $(FUZZ_BINS)

tests-build: $(BUILD)/jiugai $(TEST_BINS) $(TOOLS) fuzz-build

deps:
	bash scripts/deps.sh

run: deps
	$(MAKE) all
	bash scripts/run.sh

stop:
	bash scripts/stop.sh

test: deps
	$(MAKE) tests-build
	bash tests/run.sh

asan: deps
	$(MAKE) BUILD=build/asan SANITIZE=address,undefined OPT="-O1 -g" tests-build
	BUILD=build/asan JIUGAI_SANITIZE=1 bash tests/run.sh

valgrind: deps
	$(MAKE) tests-build
	JIUGAI_VALGRIND=1 bash tests/run.sh

# FAULTS_SECONDS of load (default 90) with every fault several times, on a stack of its own.
faults: deps
	$(MAKE) tests-build $(BUILD)/tests/faults/faults
	bash tests/faults/run.sh

# A PNG of each main page, in Chinese and in English, in var/screenshots/: a stack of its
# own with the demo data, Debian's Chromium through playwright-core (tests/browser/).
screenshots: deps
	$(MAKE) all $(BUILD)/tests/freeport
	bash tests/browser/screenshots.sh

# jiugai against the physical limits (issue 6, docs/benchmarks.md): a stack of its own
# with data `jiugai gen` loads; wrk through nginx vs nginx alone and vs pgbench running the
# same statements, and the city's assessment (one client). BENCH_SECONDS per run (10),
# BENCH_RUNS (3), BENCH_COMMUNITIES (20000), BENCH_EVENTS (2000000), BENCH_CONCURRENCY
# (2 x cores). The table is also saved in var/bench/latest.txt.
bench: deps
	$(MAKE) all $(BUILD)/tests/freeport
	BUILD=$(BUILD) bash scripts/bench.sh

# National scale (issue 6, docs/benchmarks.md): a stack of its own loaded by `jiugai gen`
# to 2,000, 20,000 and 220,000 communities (BENCH_SCALE_SIZES), 100 events each; p50/p99
# of list, search, community page, tasks and assessment per size, in var/bench/scale.txt,
# and the statements' EXPLAIN ANALYZE at the largest size in var/bench/explain.txt.
bench-scale: deps
	$(MAKE) all $(BUILD)/tests/freeport
	BUILD=$(BUILD) bash scripts/bench_scale.sh

fuzz: deps
	$(if $(FUZZ_MODE),,$(error make fuzz needs clang with libFuzzer (libclang-rt-14-dev)))
	$(MAKE) fuzz-build
	BUILD=$(BUILD) bash tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build

-include $(APP_OBJS:.o=.d) $(TEST_BINS:$(BUILD)/tests/%=$(OBJDIR)/tests/%.d)
-include $(FUZZ_OBJS:.o=.d) $(FUZZ_BINS:$(FUZZ_DIR)/%=$(FUZZ_DIR)/obj/tests/fuzz/%.d)
-include $(FAULT_OBJS:.o=.d) $(OBJDIR)/tests/faults/faults.d $(TEST_COMMON_OBJS:.o=.d)

.PHONY: all deps run stop test asan valgrind clean tests-build fuzz fuzz-build faults screenshots bench bench-scale
.SECONDARY:
