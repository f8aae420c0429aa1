/* sanitize.c - what LeakSanitizer must not count, in builds with
 * AddressSanitizer (make SANITIZE=1, the fuzzers); empty otherwise.
 *
 * Only leaks inside system libraries belong here, each with its reason:
 * - fontconfig 2.14 loses 288 bytes once per process while FcInit parses
 *   /etc/fonts with expat (attnlab calls FcInit only for a character DejaVu
 *   lacks, e.g. Chinese labels). LeakSanitizer's fast unwinder stops at the
 *   first frame inside the library (built without frame pointers), so the
 *   entry can only name the library; tests/valgrind.supp names the function
 *   (FcInitLoadConfigAndFonts), and make valgrind still catches a pattern
 *   attnlab would forget to destroy. Sanitized builds link the shared
 *   libraries (the Makefile), so the library's name is in the stack.
 * Compiled into the program itself so a sanitized attnlab run by hand or by
 * a script needs no LSAN_OPTIONS. */
#if defined(__SANITIZE_ADDRESS__)
#define ATTN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ATTN_ASAN 1
#endif
#endif

#ifdef ATTN_ASAN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
#else
typedef int sanitize_unused;  /* ISO C wants something in a translation unit */
#endif
