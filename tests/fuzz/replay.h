/* replay.h - feeds every file of a folder to a libFuzzer harness, for the
 * regression tests that replay corpora and kept crashes in make test.
 * Include after the harness, which defines LLVMFuzzerTestOneInput. */
#ifndef ATTN_FUZZ_REPLAY_H
#define ATTN_FUZZ_REPLAY_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>

/* Runs the harness on each file in dir (up to 2 MiB of each); returns how
 * many files it ran, 0 when the folder is missing or empty. */
static inline int replay_dir(const char *dir)
{
    static char buf[1 << 21];
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f)
            continue;
        size_t len = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
        n++;
    }
    closedir(dp);
    return n;
}

#endif
