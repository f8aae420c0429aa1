/* lesson_find.c - where the bundled lessons are, and naming one by path,
 * number or name. */
#define _POSIX_C_SOURCE 200809L
#include "lesson/lesson.h"

#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* ------------------------------------------------------ finding */

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

#ifndef ATTNLAB_DATADIR
#define ATTNLAB_DATADIR "/usr/local/share/attnlab"
#endif

const char *lesson_dir(void)
{
    static char found[PATH_MAX + 64];     /* returned: lives until the next call */
    const char *env = getenv("ATTNLAB_LESSONS");
    if (env && *env && is_dir(env))
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(found, sizeof found, "%s/lessons", exe);
            if (is_dir(found))
                return found;
            snprintf(found, sizeof found, "%s/../share/attnlab/lessons", exe);
            if (is_dir(found))
                return found;
        }
    }
    snprintf(found, sizeof found, "%s/lessons", ATTNLAB_DATADIR);
    return is_dir(found) ? found : NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lesson_list(char ***paths)
{
    *paths = NULL;
    const char *dir = lesson_dir();
    if (!dir)
        return 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    int n = 0, cap = 16;
    char **v = xmalloc((size_t)cap * sizeof(char *));
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.' || !ends_with(e->d_name, ".lesson"))
            continue;
        if (n == cap)
            v = xrealloc(v, (size_t)(cap *= 2) * sizeof(char *));
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        v[n] = xmalloc(len);
        snprintf(v[n], len, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(dp);
    qsort(v, (size_t)n, sizeof(char *), cmp_str);
    *paths = v;
    return n;
}

char *lesson_resolve(const char *arg)
{
    struct stat st;
    int found = stat(arg, &st);
    if (found == 0 && S_ISREG(st.st_mode))
        return xstrdup(arg);
    if (found != 0 && (errno == ELOOP || errno == EACCES))
        return xstrdup(arg);    /* lesson_load says what is wrong, not "no lesson" */
    if (strchr(arg, '/'))
        return NULL;
    char **list;
    int n = lesson_list(&list);
    char *hit = NULL;
    char *end;
    long num = strtol(arg, &end, 10);
    if (*arg && *end == '\0') {
        /* the file numbered so ("11-..." for 11), else the num-th in order */
        for (int i = 0; i < n && !hit; i++)
            if (lesson_number(list[i]) == num)
                hit = xstrdup(list[i]);
        if (!hit && num >= 1 && num <= n && lesson_number(list[num - 1]) == 0)
            hit = xstrdup(list[num - 1]);
    } else {
        for (int i = 0; i < n && !hit; i++) {
            const char *base = strrchr(list[i], '/') + 1;
            const char *name = base;
            while (isdigit((unsigned char)*name))
                name++;
            if (*name == '-')
                name++;
            size_t len = strlen(arg);
            if ((strncmp(name, arg, len) == 0 && strcmp(name + len, ".lesson") == 0) || strcmp(base, arg) == 0)
                hit = xstrdup(list[i]);
        }
    }
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    return hit;
}

int lesson_number(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    int num = 0;
    for (const char *c = base; isdigit((unsigned char)*c) && num < 100000; c++)
        num = num * 10 + (*c - '0');
    return num;
}

const char *lesson_label(const LessonStep *s, bool query, int i, char *buf, size_t n)
{
    char **labels = query ? s->queries : s->keys;
    int count = query ? s->n_queries : s->n_keys;
    if (labels && i < count)
        return labels[i];
    snprintf(buf, n, "%c%d", query ? 'q' : 'k', i);
    return buf;
}
