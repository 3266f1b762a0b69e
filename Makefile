# jiugai - GNU make.  `make run` and `make test` are the two commands.
.SUFFIXES:

CC	= cc
PKGS	 = libpq json-c libjwt fcgi libcrypto
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

tests-build: $(BUILD)/jiugai $(TEST_BINS) $(TOOLS)

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

clean:
	rm -rf build

-include $(APP_OBJS:.o=.d) $(TEST_BINS:$(BUILD)/tests/%=$(OBJDIR)/tests/%.d)

.PHONY: all deps run stop test asan valgrind clean tests-build
.SECONDARY:
