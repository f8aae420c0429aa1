/* paired.c - is program B faster than program A? Runs the two commands
 * alternately, N times each (after 10 untimed pairs), their output thrown
 * away, and prints the median and the 10th and 90th percentiles of each
 * command's wall time with the number of pairs in which B was faster.
 *
 * On a shared machine whose speed drifts from one minute to the next, two
 * batches run one after the other compare two moments, not two programs;
 * alternating runs see the same moments. Used for the before-and-after
 * figures in docs/BENCH.md.
 *
 * usage: paired N COMMAND-A... -- COMMAND-B...   (paths, not searched in PATH)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Wall time of one run, or a negative number when it fails. */
static double run(char **argv)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return now_ms() - t0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print(const char *name, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, by_value);
    printf("%s: median %.2f ms (10th percentile %.2f, 90th %.2f)\n", name, t[n / 2], t[n / 10], t[n * 9 / 10]);
}

int main(int argc, char **argv)
{
    int sep = 2;
    while (sep < argc && strcmp(argv[sep], "--") != 0)
        sep++;
    int n = argc > 1 ? atoi(argv[1]) : 0;
    if (n < 2 || sep == 2 || sep >= argc - 1) {
        fprintf(stderr, "usage: paired N COMMAND-A... -- COMMAND-B...\n");
        return 2;
    }
    argv[sep] = NULL;
    char **a = argv + 2, **b = argv + sep + 1;
    double *ta = malloc((size_t)n * sizeof *ta), *tb = malloc((size_t)n * sizeof *tb);
    if (!ta || !tb)
        return 1;
    for (int k = 0; k < 10; k++)
        if (run(a) < 0 || run(b) < 0) {
            fprintf(stderr, "paired: a command failed\n");
            return 1;
        }
    int b_faster = 0;
    for (int k = 0; k < n; k++) {
        if (k % 2) {                /* each goes first half the time */
            tb[k] = run(b);
            ta[k] = run(a);
        } else {
            ta[k] = run(a);
            tb[k] = run(b);
        }
        if (ta[k] < 0 || tb[k] < 0) {
            fprintf(stderr, "paired: a command failed\n");
            return 1;
        }
        b_faster += tb[k] < ta[k];
    }
    print("A", ta, n);
    print("B", tb, n);
    printf("B was faster in %d of %d pairs\n", b_faster, n);
    free(ta);
    free(tb);
    return 0;
}
