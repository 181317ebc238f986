/* The run loop. One worker for now; the loop is the unit a thread runs. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void doc_log(void *ud, const weft_doc *d, int level, const char *msg) {
    weft_engine_log(ud, level, "%s: %s", d->id, msg);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int weft_run(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
             weft_run_stats *st, char *err, size_t errsz) {
    memset(st, 0, sizeof *st);
    double t0 = now_s();
    weft_worker *wk = weft_worker_new(p, err, errsz);
    if (!wk) return -1;
    wk->timing = o->timing;
    weft_doc *d = weft_doc_new(p->eng->syms);
    if (!d) {
        weft_worker_free(wk);
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    d->log = doc_log;
    d->log_ud = p->eng;
    int rc = 0, k;
    while ((k = weft_reader_next(r, d)) > 0) {
        d->seq = st->docs++;
        d->log = doc_log;
        d->log_ud = p->eng;
        const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
        if (raw) st->bytes += raw->len;
        int failed = k == 2 || weft_worker_process(wk, d) != 0;
        st->failed += failed;
        int werr = w ? weft_writer_doc(w, d) : 0;
        weft_doc_reset(d);
        if (werr) {
            st->write_errno = werr;
            snprintf(err, errsz, "cannot write output: %s", strerror(werr));
            rc = -1;
            break;
        }
        if (failed && o->fail_fast) break;
    }
    st->seconds = now_s() - t0;
    st->nstages = p->nstages;
    st->stages = calloc(p->nstages ? p->nstages : 1, sizeof *st->stages);
    if (st->stages) memcpy(st->stages, wk->stats, p->nstages * sizeof *st->stages);
    weft_doc_free(d);
    weft_worker_free(wk);
    return rc;
}

void weft_run_stats_free(weft_run_stats *s) {
    free(s->stages);
    s->stages = NULL;
}
