# Developer targets (included by the Makefile); none is part of make test.
.PHONY: bench bench-figure valgrind monkey fuzz fuzz-number

# Benchmarks: attention at scale against NumPy, the terminal UI's costs
# (scripts/bench_ui.sh, programs in tests/bench/), then the figure export
# against matplotlib. Figures and method: docs/BENCH.md.
BENCH_BIN = $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(wildcard tests/bench/*.c))
$(BUILD)/bench/%: tests/bench/%.c $(LIB_OBJ) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -o $@ $< $(LIB_OBJ) $(LDFLAGS_ALL) $(PKG_LIBS) -lutil
bench: $(BIN) $(BENCH_BIN)
	@sh scripts/deps.sh bench
	@ATTNLAB=./$(BIN) sh scripts/bench.sh
	@ATTNLAB=./$(BIN) BENCH_BIN=$(BUILD)/bench sh scripts/bench_ui.sh
	@$(MAKE) --no-print-directory bench-figure

# One 8x8 weights figure with its values and a colour bar, as a whole
# process, against matplotlib drawing the same figure, interleaved (rounds
# of hyperfine batches), medians; then a 12-page PDF deck.
bench-figure: $(BIN)
	@sh scripts/deps.sh bench
	@ATTNLAB=./$(BIN) sh scripts/bench_figure.sh

# A compute, exports (PNG, SVG, PDF deck, the cost chart, every step) and a check under valgrind: no
# error and no leak (definite, indirect or possible); then the terminal lab,
# headless: its screen tests, its bad-input tests and a 3,000-key monkey;
# and the saved progress (SQLite, two processes at once); the fused attention
# kernels that valgrind's CPU runs (it hides AVX-512: AVX2 and C) against CBLAS.
# valgrind 3.19 knows no AVX-512, so not vdpbf16ps either: its CPU is one
# without AVX512_BF16, on which test_bf16 skips the kernel (its conversion
# and refusal run) and bench --precision bf16 must refuse with exit 2.
# Suppressions, for system libraries only, in tests/valgrind.supp. About
# 45 s; part of .ci/run.
VALGRIND = valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	--error-exitcode=1 --num-callers=40 --suppressions=tests/valgrind.supp
VALGRIND_TESTS = build/rel/tests/test_ui build/rel/tests/test_badinput build/rel/tests/test_monkey \
	build/rel/tests/test_state build/rel/tests/test_predict build/rel/tests/test_exercise \
	build/rel/tests/test_npy build/rel/tests/test_dump_read build/rel/tests/test_dump_view \
	build/rel/tests/test_ui_dump build/rel/tests/test_bf16
valgrind: attnlab $(VALGRIND_TESTS) build/rel/tests/test_fast_isa
	@rm -rf build/valgrind && mkdir -p build/valgrind/all
	$(VALGRIND) ./attnlab compute lessons/06-multi-head.lesson > build/valgrind/multihead.json
	$(VALGRIND) ./attnlab compute lessons/07-co-attention.lesson --step 2 > build/valgrind/co.json
	$(VALGRIND) ./attnlab export lessons/01-three-stages.lesson --step 3 --panel weights -o build/valgrind/w.png
	$(VALGRIND) ./attnlab export lessons/07-co-attention.lesson --step 2 -o build/valgrind/co.svg
	$(VALGRIND) ./attnlab export lessons/05-self-attention.lesson --step 3 --lang zh -o build/valgrind/zh.png 2>/dev/null
	$(VALGRIND) ./attnlab export lessons/06-multi-head.lesson --all -o build/valgrind/all
	$(VALGRIND) ./attnlab export lessons/05-self-attention.lesson --all --notes --lang zh -o build/valgrind/deck.pdf
	$(VALGRIND) ./attnlab export lessons/08-cost.lesson --step 7 --log -o build/valgrind/cost.svg
	$(VALGRIND) ./attnlab check lessons/*.lesson > /dev/null
	$(VALGRIND) ./attnlab bench --precision bf16 2> build/valgrind/bf16.err; test $$? -eq 2 || \
	    { cat build/valgrind/bf16.err; exit 1; }
	ATTNLAB_EXP_STRIDE=100003 $(VALGRIND) build/rel/tests/test_fast_isa > build/valgrind/test_fast_isa.log 2>&1 || \
	    { cat build/valgrind/test_fast_isa.log; exit 1; }
	@set -e; for t in $(VALGRIND_TESTS); do echo "$(VALGRIND) $$t"; $(VALGRIND) $$t > build/valgrind/$${t##*/}.log 2>&1 || \
	    { cat build/valgrind/$${t##*/}.log; exit 1; }; done
	@echo "valgrind: no errors, no leaks"

# The key monkey at length (make test runs 3,000 events): 100,000 random
# keys, clicks and resizes over every lesson. MONKEY_SEED picks the walk.
MONKEY_KEYS ?= 100000
MONKEY_SEED ?= 1
monkey: $(BUILD)/tests/test_monkey
	ATTNLAB_MONKEY_KEYS=$(MONKEY_KEYS) ATTNLAB_MONKEY_SEED=$(MONKEY_SEED) ./$(BUILD)/tests/test_monkey

# libFuzzer (clang), one rule for both harnesses:
#   make fuzz [FUZZ=lesson|number|npy|npz|json] FUZZ_SECONDS=600
# lesson: the lesson parser and through it the engine; number: a number
# typed into a cell, then the editor and the engine; npy, npz, json: the
# readers of a model's attention (model/), then its checks and summaries
# (replayed by tests/test_dump_fuzz.c). Crashes are written to
# tests/fuzz/regress-NAME/ and replayed by make test once copied to found/.
FUZZ ?= lesson
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = $(CSTD) -Wno-psabi -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
build/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) | deps
	@sh scripts/deps.sh fuzz
	@mkdir -p build
	clang $(FUZZ_CFLAGS) -Isrc $(PKG_CFLAGS) -o $@ $< $(LIB_SRC) $(PKG_LIBS)
fuzz: build/fuzz_$(FUZZ)
	@mkdir -p build/fuzz-corpus-$(FUZZ) tests/fuzz/regress-$(FUZZ)
	./build/fuzz_$(FUZZ) -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 \
	    -artifact_prefix=tests/fuzz/regress-$(FUZZ)/ -dict=tests/fuzz/$(FUZZ).dict \
	    build/fuzz-corpus-$(FUZZ) tests/fuzz/$(subst corpus-lesson,corpus,corpus-$(FUZZ))
fuzz-number:
	@$(MAKE) --no-print-directory fuzz FUZZ=number
