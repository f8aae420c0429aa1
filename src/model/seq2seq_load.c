/* seq2seq_load.c - an S2sModel read from the training script's .npz: every
 * member checked for its shape against the hyperparameters, so the forward
 * pass (seq2seq.c) never reads past an array. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/utf8.h"
#include "base/util.h"
#include "model/npy.h"
#include "model/seq2seq.h"

typedef struct {
    Npz *z;
    const char *path;
    Diags *diags;
    bool bad;
} Reader;

/* Member name as a float array of exactly rows x cols (cols 0: a vector of
 * rows), stolen from the NpyArray; NULL (and r->bad) otherwise. */
/* Reads member name into *a unless the reader has failed already; false
 * (and r->bad) when it cannot. */
static bool read_member(Reader *r, const char *name, NpyArray *a)
{
    if (!r->bad && npz_read(r->z, name, a, r->diags) != 0)
        r->bad = true;
    return !r->bad;
}

static float *take(Reader *r, const char *name, long rows, long cols)
{
    NpyArray a = {0};
    if (!read_member(r, name, &a))
        return NULL;
    long want = cols ? rows * cols : rows;
    bool ok = !a.strings && (long)a.count == want &&
              (cols ? a.ndim == 2 && a.shape[0] == rows : a.ndim == 1);
    if (!ok) {
        diags_add(r->diags, r->path, 0, "member %s: expected %ld x %ld floats, found %zu%s",
                  name, rows, cols ? cols : 1, a.count, a.strings ? " strings" : "");
        npy_array_free(&a);
        r->bad = true;
        return NULL;
    }
    float *d = a.data;
    a.data = NULL;
    npy_array_free(&a);
    return d;
}

/* Member name as strings (a unicode array); *n gets the count. */
static char **take_strings(Reader *r, const char *name, int *n)
{
    NpyArray a = {0};
    if (!read_member(r, name, &a))
        return NULL;
    if (!a.strings || a.count == 0) {
        diags_add(r->diags, r->path, 0, "member %s: expected a unicode array", name);
        npy_array_free(&a);
        r->bad = true;
        return NULL;
    }
    char **s = a.strings;
    *n = (int)a.count;
    a.strings = NULL;
    npy_array_free(&a);
    return s;
}

static void take_gru(Reader *r, S2sGru *g, const char *prefix, int in, int hid)
{
    char name[64];
    g->in = in;
    g->hid = hid;
    snprintf(name, sizeof name, "%s_wih", prefix);
    g->wih = take(r, name, 3L * hid, in);
    snprintf(name, sizeof name, "%s_whh", prefix);
    g->whh = take(r, name, 3L * hid, hid);
    snprintf(name, sizeof name, "%s_bih", prefix);
    g->bih = take(r, name, 3L * hid, 0);
    snprintf(name, sizeof name, "%s_bhh", prefix);
    g->bhh = take(r, name, 3L * hid, 0);
}

/* hparams: [E, H, D, A, attention, max_out], each a small whole number. */
static void take_hparams(Reader *r, S2sModel *m)
{
    float *hp = take(r, "hparams", 6, 0);
    if (!hp)
        return;
    int v[6];
    for (int i = 0; i < 6; i++) {
        if (!(hp[i] >= 0 && hp[i] <= 4096 && hp[i] == (float)(int)hp[i])) {
            diags_add(r->diags, r->path, 0, "member hparams: value %d is not a size", i);
            r->bad = true;
            free(hp);
            return;
        }
        v[i] = (int)hp[i];
    }
    free(hp);
    m->E = v[0], m->H = v[1], m->D = v[2], m->A = v[3], m->attention = v[4] != 0;
    m->max_out = v[5];
    if (m->E < 1 || m->H < 1 || m->D < 1 || m->max_out < 1 || (m->attention && m->A < 1)) {
        diags_add(r->diags, r->path, 0, "member hparams: a size is 0");
        r->bad = true;
    }
}

/* Every source entry but "<pad>" must be one character (a code point). */
static void source_code_points(Reader *r, S2sModel *m)
{
    m->src_cp = xcalloc((size_t)m->n_src, sizeof *m->src_cp);
    for (int i = 1; i < m->n_src; i++) {
        const char *s = m->src_vocab[i];
        unsigned cp = utf8_next(&s);
        if (cp == 0 || *s) {
            diags_add(r->diags, r->path, 0, "member src_vocab: entry %d is not one character", i);
            r->bad = true;
            return;
        }
        m->src_cp[i] = cp;
    }
}

S2sModel *s2s_load(const char *path, Diags *diags)
{
    Reader r = {npz_open(path, diags), path, diags, false};
    if (!r.z)
        return NULL;
    S2sModel *m = xcalloc(1, sizeof *m);
    take_hparams(&r, m);
    m->src_vocab = take_strings(&r, "src_vocab", &m->n_src);
    m->tgt_vocab = take_strings(&r, "tgt_vocab", &m->n_tgt);
    int n_about = 0;
    char **about = take_strings(&r, "about", &n_about);
    if (about) {
        m->about = about[0];
        for (int i = 1; i < n_about; i++)
            free(about[i]);
        free(about);
    }
    if (!r.bad && (m->n_src < 2 || m->n_tgt < 3)) {
        diags_add(diags, path, 0, "the vocabularies are too small");
        r.bad = true;
    }
    if (!r.bad)
        source_code_points(&r, m);
    int E = m->E, H = m->H, D = m->D, A = m->A;
    m->emb_in = take(&r, "emb_in", m->n_src, E);
    take_gru(&r, &m->enc_f, "enc_f", E, H);
    take_gru(&r, &m->enc_b, "enc_b", E, H);
    m->init_w = take(&r, "init_w", D, 2L * H);
    m->init_b = take(&r, "init_b", D, 0);
    m->emb_out = take(&r, "emb_out", m->n_tgt, E);
    take_gru(&r, &m->dec, "dec", E + 2 * H, D);
    if (m->attention) {
        m->att_w = take(&r, "att_w", A, D);
        m->att_u = take(&r, "att_u", A, 2L * H);
        m->att_v = take(&r, "att_v", A, 0);
    }
    m->out_w = take(&r, "out_w", m->n_tgt, (long)D + 2L * H);
    m->out_b = take(&r, "out_b", m->n_tgt, 0);
    npz_close(r.z);
    if (r.bad) {
        s2s_free(m);
        return NULL;
    }
    return m;
}

static void free_strings(char **s, int n)
{
    for (int i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

static void free_gru(S2sGru *g)
{
    free(g->wih);
    free(g->whh);
    free(g->bih);
    free(g->bhh);
}

void s2s_free(S2sModel *m)
{
    if (!m)
        return;
    free_strings(m->src_vocab, m->n_src);
    free_strings(m->tgt_vocab, m->n_tgt);
    free(m->src_cp);
    free(m->about);
    free(m->emb_in);
    free_gru(&m->enc_f);
    free_gru(&m->enc_b);
    free(m->init_w);
    free(m->init_b);
    free(m->emb_out);
    free_gru(&m->dec);
    free(m->att_w);
    free(m->att_u);
    free(m->att_v);
    free(m->out_w);
    free(m->out_b);
    free(m);
}

#ifndef ATTNLAB_DATADIR
#define ATTNLAB_DATADIR "/usr/local/share/attnlab"
#endif

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

const char *s2s_find_asset(const char *file)
{
    static char found[PATH_MAX + 128];    /* returned: lives until the next call */
    const char *env = getenv("ATTNLAB_ASSETS");
    if (env && *env) {
        snprintf(found, sizeof found, "%s/%s", env, file);
        return is_file(found) ? found : NULL;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
    if (slash) {
        *slash = '\0';
        /* the build tree (attnlab beside assets/, the tests one level deeper), then an install */
        const char *up[] = {"%s/assets/%s", "%s/../../../assets/%s", "%s/../share/attnlab/assets/%s"};
        for (size_t i = 0; i < sizeof up / sizeof *up; i++) {
            snprintf(found, sizeof found, up[i], exe, file);
            if (is_file(found))
                return found;
        }
    }
    snprintf(found, sizeof found, "%s/assets/%s", ATTNLAB_DATADIR, file);
    return is_file(found) ? found : NULL;
}
