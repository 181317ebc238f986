/*
 * The model-file loader of weft/linear.h (weft_lin_load): bytes as a model file, under a
 * table cap of 2^20 weights so that a file asking for a huge table is refused quickly.
 * A failure must name its line and leave the model zeroed. A success must hold only finite
 * weights (and no -0), and survive the round trip: save, load again, the same model bit for
 * bit, and saving that gives the same bytes. The loaded model also scores a feature vector
 * hashed from the input, as a plugin would.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/linear.h"

#define CAP ((size_t)1 << 20)

static void die(const char *msg, const char *detail) {
    fprintf(stderr, "fuzz_linear_load: %s%s%s\n", msg, detail ? ": " : "", detail ? detail : "");
    abort();
}

static char *save_mem(const weft_lin_model *m, size_t *n) {
    char *buf = NULL;
    FILE *f = open_memstream(&buf, n);
    if (!f) die("open_memstream failed", NULL);
    if (weft_lin_save(m, f) != 0) die("save failed", NULL);
    if (fclose(f) != 0) die("fclose failed", NULL);
    return buf;
}

static int same(const weft_lin_model *a, const weft_lin_model *b) {
    if (a->nclass != b->nclass || a->bits != b->bits || a->nmeta != b->nmeta) return 0;
    if (memcmp(a->w, b->w, weft_lin_nweights(a) * sizeof(float)) ||
        memcmp(a->bias, b->bias, a->nclass * sizeof(float)))
        return 0;
    for (uint32_t c = 0; c < a->nclass; c++)
        if (strcmp(a->label[c], b->label[c])) return 0;
    for (size_t i = 0; i < a->nmeta; i++)
        if (strcmp(a->meta_key[i], b->meta_key[i]) || strcmp(a->meta_val[i], b->meta_val[i]))
            return 0;
    return 1;
}

static void check_zeroed(const weft_lin_model *m) {
    if (m->w || m->bias || m->label || m->meta_key || m->meta_val || m->nmeta || m->nclass ||
        m->bits)
        die("a failed load left the model set", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* a copy of exactly size bytes, so ASan sees any read past the end */
    char *buf = (char *)malloc(size ? size : 1);
    if (!buf) return 0;
    memcpy(buf, data, size);
    weft_lin_model m, back;
    char err[256];
    memset(&m, 0x5a, sizeof m);
    if (weft_lin_load_max(&m, buf, size, CAP, err, sizeof err) != 0) {
        if (strncmp(err, "line ", 5) != 0) die("an error without its line", err);
        check_zeroed(&m);
        free(buf);
        return 0;
    }
    size_t nw = weft_lin_nweights(&m);
    for (size_t i = 0; i < nw; i++)
        if (!isfinite(m.w[i]) || (m.w[i] == 0.0f && signbit(m.w[i])))
            die("a weight is -0 or not finite", NULL);
    for (uint32_t c = 0; c < m.nclass; c++)
        if (!isfinite(m.bias[c]) || (m.bias[c] == 0.0f && signbit(m.bias[c])))
            die("a bias is -0 or not finite", NULL);
    /* score, as a plugin would */
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    for (size_t i = 0; i + 4 <= size && i < 64; i += 4)
        if (weft_lin_fv_add_kv(&fv, "f", buf + i, 4, 1.0f)) die("out of memory", NULL);
    float *s = (float *)malloc(m.nclass * sizeof *s);
    if (!s) die("out of memory", NULL);
    if (weft_lin_predict(&m, &fv, s) >= m.nclass) die("predicted a class that is not", NULL);
    free(s);
    weft_lin_fv_free(&fv);
    /* round trip */
    size_t n1, n2;
    char *s1 = save_mem(&m, &n1);
    if (weft_lin_load_max(&back, s1, n1, CAP, err, sizeof err) != 0)
        die("a saved model does not load", err);
    if (!same(&m, &back)) die("load(save(model)) is another model", NULL);
    char *s2 = save_mem(&back, &n2);
    if (n1 != n2 || memcmp(s1, s2, n1)) die("saving the reloaded model gives other bytes", NULL);
    free(s1);
    free(s2);
    weft_lin_model_free(&back);
    weft_lin_model_free(&m);
    free(buf);
    return 0;
}
