# How ./attnlab is linked (included by the Makefile).
#
# The program links static archives where Debian ships them; the tests and
# tools link the shared libraries, the same code. A shared library costs
# the dynamic loader time at every start: OpenBLAS's makes it map 36 MB and
# resolve some 13,000 symbols (1.7 to 2.5 ms here, perf), and the figure
# libraries (FreeType, fontconfig, libpng and theirs) with ncurses and inih
# another 1.0 ms (150 paired exports), together half of the 10 ms a figure
# export may take. Archives are bound at link time. The price is a 29 MB
# program, of which a run maps in only the pages it uses. Of OpenBLAS only
# the pthreads build is taken (the serial one is not thread-safe, the
# OpenMP one needs libgomp). cJSON, ISA-L and libzip ship no archive; libc and libm
# stay shared. STATIC=0 links every library shared, as does a missing archive.
STATIC ?= 1
STATIC_PKGS = ncursesw libpng inih freetype2 fontconfig sqlite3 cairo
STATIC_LIBS = $(filter-out -lm -ldl -lpthread,$(shell pkg-config --static --libs $(STATIC_PKGS)))
STATIC_MISSING = $(shell for l in $(patsubst -l%,%,$(filter -l%,$(STATIC_LIBS))); do \
	[ "$$($(CC) -print-file-name=lib$$l.a)" != "lib$$l.a" ] || echo $$l; done)
BLAS_LIBDIR = $(shell pkg-config --variable=libdir openblas)
BLAS_ARCHIVE = $(if $(findstring openblas-pthread,$(BLAS_LIBDIR)),$(wildcard $(BLAS_LIBDIR)/libopenblas.a))
STATIC_READY = $(and $(filter 1,$(STATIC)),$(BLAS_ARCHIVE),$(if $(STATIC_MISSING),,yes))
BIN_STATIC_LIBS = -Wl,-Bstatic $(STATIC_LIBS) -Wl,-Bdynamic $(BLAS_ARCHIVE) \
	$(shell pkg-config --libs libcjson libisal libzip) -lpthread -ldl -lm
BIN_LIBS = $(if $(STATIC_READY),$(BIN_STATIC_LIBS),$(PKG_LIBS))
LINK_NOTE = @$(if $(STATIC_READY),:,echo "attnlab: linking shared libraries ($(if $(filter 1,$(STATIC)),no archive of:$(STATIC_MISSING:%= %)$(if $(BLAS_ARCHIVE),, openblas-pthread),STATIC=$(STATIC)))")

# fast.c's 64-byte vector helpers are static inline inside its target-cloned
# kernels: no vector crosses a call boundary, so neither of GCC's -Wpsabi
# messages applies (12: "AVX512F vector return without AVX512F enabled
# changes the ABI", and the note that 64-byte parameters changed ABI in 4.6).
# Only the flag silences the note; a pragma in the file does not.
$(BUILD)/engine/fast.o: CFLAGS += -Wno-psabi

# The fused kernels (fast_avx512.c, fast_avx2.c, fast_c.c: fast_kern.h
# compiled three times) keep their accumulators in registers only when
# optimised: at SANITIZE=1's -O1 they ran 10x slower than OpenBLAS, and the
# cost lesson's time budget then dropped lengths. -O2 even there; they stay
# instrumented.
KERNEL_OBJ = $(BUILD)/engine/fast_avx512.o $(BUILD)/engine/fast_avx2.o $(BUILD)/engine/fast_c.o \
	$(BUILD)/engine/fast_bf16_kern.o
$(KERNEL_OBJ): OPT = -O2 -g
$(KERNEL_OBJ): CFLAGS += -Wno-psabi
# The bf16 kernel (fast_bf16.h) is built for AVX512_BF16 as a whole file;
# fast_bf16.c calls into it only after cpuid. Elsewhere it compiles empty.
ifeq ($(shell uname -m),x86_64)
$(BUILD)/engine/fast_bf16_kern.o: CFLAGS += -mavx512bf16 -mavx512f -mavx512bw -mavx512vl
endif
