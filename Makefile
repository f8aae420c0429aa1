# attnlab - a terminal lab for the attention mechanism.
#   make          build ./attnlab (installs missing Debian packages first)
#   make run      open the lesson menu
#   make test     build and run every test
#   make SANITIZE=1 [test]   the same with AddressSanitizer and UBSan
#   make valgrind  a compute, exports and a check under valgrind, no leaks
#   make monkey    100,000 random keys over every lesson (SANITIZE=1 too)
#   make fuzz / make fuzz-number FUZZ_SECONDS=N   libFuzzer (clang)
#   make bench    time attention on this machine, against NumPy (docs/BENCH.md);
#                 never part of make test
#   make install PREFIX=/usr/local DESTDIR=
# Flags come from pkg-config. Never -ffast-math: it breaks inf and NaN checks.

PREFIX ?= /usr/local
DATADIR = $(PREFIX)/share/attnlab
CC ?= cc
PKGS = ncursesw openblas libpng libisal inih libcjson freetype2 fontconfig

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
  SANFLAGS =
endif

# Recursively expanded: read when a recipe runs, after deps.sh installed them.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm

# The program links static archives where Debian ships them; the tests and
# tools link the shared libraries, the same code. A shared library costs
# the dynamic loader time at every start: OpenBLAS's makes it map 36 MB and
# resolve some 13,000 symbols (1.7 to 2.5 ms here, perf), and the figure
# libraries (FreeType, fontconfig, libpng and theirs) with ncurses and inih
# another 1.0 ms (150 paired exports), together half of the 10 ms a figure
# export may take. Archives are bound at link time. The price is a 29 MB
# program, of which a run maps in only the pages it uses. Of OpenBLAS only
# the pthreads build is taken (the serial one is not thread-safe, the
# OpenMP one needs libgomp). cJSON and ISA-L ship no archive; libc and libm
# stay shared. STATIC=0 links every library shared, as does a missing archive.
STATIC ?= 1
STATIC_PKGS = ncursesw libpng inih freetype2 fontconfig
STATIC_LIBS = $(filter-out -lm -ldl -lpthread,$(shell pkg-config --static --libs $(STATIC_PKGS)))
STATIC_MISSING = $(shell for l in $(patsubst -l%,%,$(filter -l%,$(STATIC_LIBS))); do \
	[ "$$($(CC) -print-file-name=lib$$l.a)" != "lib$$l.a" ] || echo $$l; done)
BLAS_LIBDIR = $(shell pkg-config --variable=libdir openblas)
BLAS_ARCHIVE = $(if $(findstring openblas-pthread,$(BLAS_LIBDIR)),$(wildcard $(BLAS_LIBDIR)/libopenblas.a))
STATIC_READY = $(and $(filter 1,$(STATIC)),$(BLAS_ARCHIVE),$(if $(STATIC_MISSING),,yes))
BIN_LIBS = $(if $(STATIC_READY),$(BIN_STATIC_LIBS),$(PKG_LIBS))
BIN_STATIC_LIBS = -Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic $(BLAS_ARCHIVE) \
	$(shell pkg-config --libs libcjson libisal) -lpthread -ldl -lm
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SANFLAGS) $(PKG_CFLAGS) -DATTNLAB_DATADIR='"$(DATADIR)"' $(CFLAGS)
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

SRC = $(wildcard src/*.c)
LIB_SRC = $(filter-out src/main.c,$(SRC))
OBJ = $(SRC:src/%.c=$(BUILD)/%.o)
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/%.o)

TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit cli-test deps deps-test install uninstall clean bench bench-figure
all: $(BIN)

# Stamps: deps.sh runs again whenever it changes (a new dependency).
build/.deps-build: scripts/deps.sh
	@sh scripts/deps.sh build
	@mkdir -p build && touch $@
build/.deps-test: scripts/deps.sh
	@sh scripts/deps.sh test
	@mkdir -p build && touch $@

$(BUILD)/%.o: src/%.c | build/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# fast.c's 64-byte vector helpers are static inline inside its target-cloned
# kernels: no vector crosses a call boundary, so GCC's note that passing them
# changed ABI in 4.6 does not apply (a pragma does not silence that note).
$(BUILD)/fast.o: CFLAGS += -Wno-psabi

$(BIN): $(OBJ)
	@$(if $(STATIC_READY),:,echo "attnlab: linking shared libraries ($(if $(filter 1,$(STATIC)),no archive of:$(STATIC_MISSING:%= %)$(if $(BLAS_ARCHIVE),, openblas-pthread),STATIC=$(STATIC)))")
	$(CC) $(LDFLAGS_ALL) -o $@ $(OBJ) $(BIN_LIBS)

run: $(BIN)
	./$(BIN)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) | build/.deps-test
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -MMD -MP -o $@ $< $(LIB_OBJ) $(LDFLAGS_ALL) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

test: build/.deps-test $(BIN) $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; ./$$t; done
	ATTNLAB=./$(BIN) sh tests/cli_test.sh
	ATTNLAB=./$(BIN) sh tests/e2e_tmux.sh

# One 8x8 weights figure with its values and a colour bar, as a whole
# process, against matplotlib drawing the same figure (dev-time only).
BENCH_LESSON = tests/lessons/bench-8x8.lesson
bench-figure: $(BIN)
	@sh scripts/deps.sh bench
	@mkdir -p build/bench
	./$(BIN) compute $(BENCH_LESSON) --step 1 > build/bench/weights.json
	hyperfine -N --warmup 5 --runs 50 \
	    './$(BIN) export $(BENCH_LESSON) -o build/bench/attnlab.png' \
	    '/usr/bin/python3 scripts/bench_figure_matplotlib.py build/bench/weights.json build/bench/matplotlib.png'
	@ls -l build/bench/attnlab.png build/bench/matplotlib.png

# The terminal UI's costs (scripts/bench_ui.sh): programs in tests/bench/,
# linked like the tests but never run by make test.
BENCH_BIN = $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(wildcard tests/bench/*.c))
$(BUILD)/bench/%: tests/bench/%.c $(LIB_OBJ) | build/.deps-build
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Isrc -MMD -MP -o $@ $< $(LIB_OBJ) $(LDFLAGS_ALL) $(PKG_LIBS) -lutil

# Benchmarks (never part of make test): attention at scale against NumPy,
# then the figure export against matplotlib. Figures: docs/BENCH.md.
bench: $(BIN) $(BENCH_BIN)
	@sh scripts/deps.sh bench
	@ATTNLAB=./$(BIN) sh scripts/bench.sh
	@ATTNLAB=./$(BIN) BENCH_BIN=$(BUILD)/bench sh scripts/bench_ui.sh
	@$(MAKE) --no-print-directory bench-figure

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/attnlab
	install -m 644 lessons/*.lesson lessons/FORMAT.md $(DESTDIR)$(DATADIR)/lessons/
	install -m 644 attnlab.1 $(DESTDIR)$(PREFIX)/share/man/man1/attnlab.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/attnlab $(DESTDIR)$(PREFIX)/share/man/man1/attnlab.1
	rm -rf $(DESTDIR)$(DATADIR)

# A compute, exports (PNG, SVG, every step) and a check under valgrind: no
# error and no leak (definite, indirect or possible); then the terminal lab,
# headless: its screen tests, its bad-input tests and a 3,000-key monkey.
# Suppressions, for system libraries only, in tests/valgrind.supp. About
# 45 s; part of .ci/run.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	--error-exitcode=1 --num-callers=40 --suppressions=tests/valgrind.supp
.PHONY: valgrind
VALGRIND_TESTS = build/rel/tests/test_ui build/rel/tests/test_badinput build/rel/tests/test_monkey
valgrind: attnlab $(VALGRIND_TESTS)
	@rm -rf build/valgrind && mkdir -p build/valgrind/all
	$(VALGRIND) ./attnlab compute lessons/06-multi-head.lesson > build/valgrind/multihead.json
	$(VALGRIND) ./attnlab compute lessons/07-co-attention.lesson --step 2 > build/valgrind/co.json
	$(VALGRIND) ./attnlab export lessons/01-three-stages.lesson --step 3 --panel weights -o build/valgrind/w.png
	$(VALGRIND) ./attnlab export lessons/07-co-attention.lesson --step 2 -o build/valgrind/co.svg
	$(VALGRIND) ./attnlab export lessons/05-self-attention.lesson --step 3 --lang zh -o build/valgrind/zh.png 2>/dev/null
	$(VALGRIND) ./attnlab export lessons/06-multi-head.lesson --all -o build/valgrind/all
	$(VALGRIND) ./attnlab check lessons/*.lesson > /dev/null
	@set -e; for t in $(VALGRIND_TESTS); do echo "$(VALGRIND) $$t"; $(VALGRIND) $$t > build/valgrind/$${t##*/}.log 2>&1 || \
	    { cat build/valgrind/$${t##*/}.log; exit 1; }; done
	@echo "valgrind: no errors, no leaks"

# The key monkey at length (make test runs 3,000 events): 100,000 random
# keys, clicks and resizes over every lesson. MONKEY_SEED picks the walk.
MONKEY_KEYS ?= 100000
MONKEY_SEED ?= 1
.PHONY: monkey
monkey: build/.deps-test $(BUILD)/tests/test_monkey
	ATTNLAB_MONKEY_KEYS=$(MONKEY_KEYS) ATTNLAB_MONKEY_SEED=$(MONKEY_SEED) ./$(BUILD)/tests/test_monkey

clean:
	rm -rf build/rel build/san attnlab attnlab-san

-include $(OBJ:.o=.d) $(TEST_BIN:=.d) $(BENCH_BIN:=.d)

# Fuzzing the lesson parser (and through it the engine) with libFuzzer:
#   make fuzz FUZZ_SECONDS=600
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = $(CSTD) -Wno-psabi -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
build/fuzz_lesson: tests/fuzz/fuzz_lesson.c $(LIB_SRC) | build/.deps-build
	@sh scripts/deps.sh fuzz
	@mkdir -p build
	clang $(FUZZ_CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ tests/fuzz/fuzz_lesson.c $(LIB_SRC) $(PKG_LIBS)
.PHONY: fuzz
fuzz: build/fuzz_lesson
	@mkdir -p build/fuzz-corpus
	./build/fuzz_lesson -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 \
	    -artifact_prefix=tests/fuzz/regress/ -dict=tests/fuzz/lesson.dict \
	    build/fuzz-corpus tests/fuzz/corpus

# Fuzzing the number typed into a cell (editor_parse_number, then the editor
# and the engine with that number):  make fuzz-number FUZZ_SECONDS=600
build/fuzz_number: tests/fuzz/fuzz_number.c $(LIB_SRC) | build/.deps-build
	@sh scripts/deps.sh fuzz
	@mkdir -p build
	clang $(FUZZ_CFLAGS) $(PKG_CFLAGS) -Isrc -o $@ tests/fuzz/fuzz_number.c $(LIB_SRC) $(PKG_LIBS)
.PHONY: fuzz-number
fuzz-number: build/fuzz_number
	@mkdir -p build/fuzz-corpus-number tests/fuzz/regress-number
	./build/fuzz_number -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 \
	    -artifact_prefix=tests/fuzz/regress-number/ -dict=tests/fuzz/number.dict \
	    build/fuzz-corpus-number tests/fuzz/corpus-number
