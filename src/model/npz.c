/* npz.c - an .npz (a zip of .npy members, zip64 from np.savez) through
 * libzip: see npy.h. A member is streamed: its header first, then its data
 * converted chunk by chunk (npy_body.c), so it is never held whole twice. */
#include "model/npy_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/util.h"

struct Npz {
    zip_t *za;
    char *name;
};

static Npz *open_source(zip_source_t *src, const char *name, Diags *diags)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (!za) {
        diags_add(diags, name, 0, "not a readable .npz (zip): %s", zip_error_strerror(&err));
        zip_error_fini(&err);
        zip_source_free(src);
        return NULL;
    }
    zip_error_fini(&err);
    Npz *z = xcalloc(1, sizeof *z);
    z->za = za;
    z->name = xstrdup(name);
    return z;
}

Npz *npz_open(const char *path, Diags *diags)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diags_add(diags, path, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_filep_create(f, 0, -1, &err);   /* closes f */
    if (!src) {
        diags_add(diags, path, 0, "cannot read: %s", zip_error_strerror(&err));
        zip_error_fini(&err);
        fclose(f);
        return NULL;
    }
    zip_error_fini(&err);
    return open_source(src, path, diags);
}

Npz *npz_open_mem(const void *data, size_t len, const char *name, Diags *diags)
{
    void *copy = xmalloc(len ? len : 1);
    memcpy(copy, data, len);
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(copy, len, 1, &err);   /* frees copy */
    zip_error_fini(&err);
    if (!src) {
        free(copy);
        diags_add(diags, name, 0, "cannot read it as a zip");
        return NULL;
    }
    return open_source(src, name, diags);
}

void npz_close(Npz *z)
{
    if (!z) return;
    zip_discard(z->za);     /* read-only: nothing to write back */
    free(z->name);
    free(z);
}

int npz_has(const Npz *z, const char *name)
{
    char member[300];
    snprintf(member, sizeof member, "%s.npy", name);
    return zip_name_locate(z->za, member, 0) >= 0;
}

typedef struct {
    zip_file_t *f;
    const char *where;
    Diags *diags;
} ZipSrc;

static long zip_src_read(void *ctx, void *buf, size_t n)
{
    ZipSrc *s = ctx;
    size_t done = 0;
    while (done < n) {
        zip_int64_t got = zip_fread(s->f, (char *)buf + done, n - done);
        if (got < 0) {
            diags_add(s->diags, s->where, 0, "damaged data: %s", zip_file_strerror(s->f));
            return -1;
        }
        if (got == 0) break;
        done += (size_t)got;
    }
    return (long)done;
}


/* The members' names, for a message about a missing one. */
static void member_list(const Npz *z, char *buf, size_t len)
{
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    size_t used = 0;
    buf[0] = '\0';
    for (zip_int64_t i = 0; i < n && used + 1 < len; i++) {
        const char *m = zip_get_name(z->za, (zip_uint64_t)i, 0);
        if (!m) continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", m);
        if (w < 0) break;
        used += (size_t)w;
    }
    if (used >= len) snprintf(buf + len - 4, 4, "...");
}

/* Sizes the central directory claims, checked before anything is allocated
 * from them: a stored member is as long as it says, and deflate cannot
 * expand more than about 1032 times. */
static int member_sizes(Npz *z, zip_int64_t idx, const char *where, zip_uint64_t *size, Diags *diags)
{
    zip_stat_t st;
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE)) {
        diags_add(diags, where, 0, "damaged: no size in the zip directory");
        return -1;
    }
    *size = st.size;
    if (st.valid & ZIP_STAT_COMP_SIZE) {
        int stored = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_STORE;
        if ((stored && st.comp_size != st.size) || st.size / 1100 > st.comp_size) {
            diags_add(diags, where, 0, "damaged: the zip says %llu bytes packed into %llu",
                      (unsigned long long)st.size, (unsigned long long)st.comp_size);
            return -1;
        }
    }
    return 0;
}

/* The member's magic, version and header, read from f. */
static int member_header(ZipSrc *s, zip_uint64_t size, NpyHeader *h)
{
    unsigned char pre[12];
    long got = zip_src_read(s, pre, 10);
    if (got < 0) return -1;
    if (got == 10 && pre[6] >= 2 && pre[6] <= 3) {
        long more = zip_src_read(s, pre + 10, 2);
        if (more < 0) return -1;
        got += more;
    }
    if (got < 10 || memcmp(pre, "\x93NUMPY", 6) != 0 || pre[6] < 1 || pre[6] > 3 || (pre[6] > 1 && got < 12))
    {
        (void)npy_header_parse(pre, (size_t)got, s->where, h, s->diags);   /* words the error */
        return -1;
    }
    size_t hlen = pre[6] == 1 ? (size_t)pre[8] | (size_t)pre[9] << 8
                              : (size_t)pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 |
                                (size_t)pre[11] << 24;
    if (hlen > size - (zip_uint64_t)got || hlen > 1 << 20) {
        diags_add(s->diags, s->where, 0, "damaged: a .npy header of %zu bytes", hlen);
        return -1;
    }
    unsigned char *all = xmalloc((size_t)got + hlen);
    memcpy(all, pre, (size_t)got);
    int rc = -1;
    if (zip_src_read(s, all + got, hlen) == (long)hlen)
        rc = npy_header_parse(all, (size_t)got + hlen, s->where, h, s->diags);
    else if (!diags_errors(s->diags))
        diags_add(s->diags, s->where, 0, "truncated: the member ends inside its .npy header");
    free(all);
    return rc;
}

int npz_read(Npz *z, const char *name, NpyArray *out, Diags *diags)
{
    memset(out, 0, sizeof *out);
    char member[300], where[700];
    snprintf(member, sizeof member, "%s.npy", name);
    snprintf(where, sizeof where, "%s: %s", z->name, member);
    zip_int64_t idx = zip_name_locate(z->za, member, 0);
    if (idx < 0) {
        char list[300];
        member_list(z, list, sizeof list);
        diags_add(diags, z->name, 0, "has no %s (its members: %s)", member, list[0] ? list : "none");
        return -1;
    }
    zip_uint64_t size;
    if (member_sizes(z, idx, where, &size, diags) < 0) return -1;
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f) {
        diags_add(diags, where, 0, "cannot read this member: %s", zip_strerror(z->za));
        return -1;
    }
    ZipSrc s = {f, where, diags};
    NpyHeader h;
    int errs = diags_errors(diags), rc = member_header(&s, size, &h);
    if (rc == 0 && h.bytes != size - h.data_off) {   /* before allocating */
        diags_add(diags, where, 0, "%s: the header's shape needs %zu bytes of data, the member has %llu",
                  h.bytes > size - h.data_off ? "truncated" : "damaged", h.bytes,
                  (unsigned long long)(size - h.data_off));
        rc = -1;
    }
    if (rc == 0) rc = npy_body_read(&h, zip_src_read, &s, where, out, diags);
    zip_fclose(f);
    if (rc < 0 && diags_errors(diags) == errs) diags_add(diags, where, 0, "damaged member");
    return rc;
}
