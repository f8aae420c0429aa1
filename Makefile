# attnlab - a terminal lab for the attention mechanism.
#   make run      open the lesson menu (installs what it needs first)
#   make test     build and run every test
#   make SANITIZE=1 test   the same with AddressSanitizer and UBSan
#   make install PREFIX=/usr/local DESTDIR=
#   make deps     install the Debian packages to build and test (run, test
#                 and bench do it first; scripts/deps.sh)
# Developer targets (bench, valgrind, monkey, fuzz) live in mk/dev.mk; how
# the program is linked in mk/link.mk. Flags come from pkg-config. Never
# -ffast-math: it breaks inf and NaN checks.

PREFIX ?= /usr/local
DATADIR = $(PREFIX)/share/attnlab
CC ?= cc
PKGS = ncursesw openblas libpng libisal inih libcjson libzip freetype2 fontconfig sqlite3 cairo

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla
CSTD = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT ?= -O2 -g

ifeq ($(SANITIZE),1)
  BUILD = build/san
  BIN = attnlab-san
  SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  OPT = -O1 -g
  # shared libraries: LeakSanitizer's suppression names libfontconfig.so
  STATIC ?= 0
else
  BUILD = build/rel
  BIN = attnlab
endif

# Recursively expanded: read when a recipe runs, after `deps` installed them.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SANFLAGS) -Isrc $(PKG_CFLAGS) \
	-DATTNLAB_DATADIR='"$(DATADIR)"' $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

# src/ by layer, lowest first: base engine model lesson lab figure tui cli
# (tests/layers.sh checks that no file includes a higher layer).
SRC = $(wildcard src/*/*.c)
LIB_SRC = $(filter-out src/cli/main.c,$(SRC))
OBJ = $(SRC:src/%.c=$(BUILD)/%.o)
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o)
TEST_BIN = $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_*.c))

.PHONY: all run test deps install uninstall clean
all: $(BIN)

# Once per make, before anything compiles: apt-get only what is missing.
deps:
	@sh scripts/deps.sh test

$(BUILD)/%.o: src/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

include mk/link.mk

$(BIN): $(OBJ)
	$(LINK_NOTE)
	$(CC) $(LDFLAGS_ALL) -o $@ $(OBJ) $(BIN_LIBS)

run: $(BIN)
	./$(BIN)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -o $@ $< $(LIB_OBJ) $(LDFLAGS_ALL) $(PKG_LIBS) \
	    $(shell pkg-config --libs cmocka)

test: $(BIN) $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; ./$$t; done
	sh tests/layers.sh
	ATTNLAB=./$(BIN) sh tests/cli_test.sh
	ATTNLAB=./$(BIN) sh tests/e2e_tmux.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/attnlab
	install -m 644 lessons/*.lesson lessons/FORMAT.md $(DESTDIR)$(DATADIR)/lessons/
	install -m 644 attnlab.1 $(DESTDIR)$(PREFIX)/share/man/man1/attnlab.1
	install -d $(DESTDIR)$(DATADIR)/assets
	install -m 644 assets/translator_*.npz $(DESTDIR)$(DATADIR)/assets/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/attnlab $(DESTDIR)$(PREFIX)/share/man/man1/attnlab.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build/rel build/san attnlab attnlab-san

include mk/dev.mk

-include $(OBJ:.o=.d) $(TEST_BIN:=.d)
