/* The run loop, single-threaded or with a ring of documents and N workers. */
#include "run.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add_stats(weft_run_stats *st, const weft_worker *wk, size_t n) {
    for (size_t i = 0; i < n; i++) {
        st->stages[i].ns += wk->stats[i].ns;
        st->stages[i].docs += wk->stats[i].docs;
        st->stages[i].failed += wk->stats[i].failed;
    }
}

/* Account a finished document and write it. 0, or -1 with err set. */
static int finish_doc(weft_run_stats *st, weft_writer *w, const weft_doc *d, int failed, char *err,
                      size_t errsz) {
    st->failed += failed;
    int werr = w ? weft_writer_doc(w, d) : 0;
    if (werr) {
        st->write_errno = werr;
        snprintf(err, errsz, "cannot write output: %s", strerror(werr));
        return -1;
    }
    return 0;
}

static void maybe_progress(weft_reader *r, const weft_run_opts *o, weft_run_stats *st, double t0,
                           double *last) {
    if (!o->progress || !o->progress_ms) return;
    double t = now_s();
    if ((t - *last) * 1000.0 < (double)o->progress_ms) return;
    *last = t;
    st->seconds = t - t0;
    o->progress(o->progress_ud, st, weft_reader_consumed(r));
}

static int read_doc(weft_reader *r, weft_doc *d, weft_engine *e, const weft_run_opts *o,
                    weft_run_stats *st) {
    if (o->interrupt && *o->interrupt) {
        st->interrupted = 1;
        return 0;
    }
    int k = weft_reader_next(r, d);
    if (o->interrupt && *o->interrupt) { /* the signal may have cut the read short */
        st->interrupted = 1;
        return 0;
    }
    if (k <= 0) return k;
    d->seq = st->docs++;
    d->log = weft_engine_doc_log;
    d->log_ud = e;
    const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
    if (raw) st->bytes += raw->len;
    return k;
}

static int run_serial(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
                      weft_run_stats *st, char *err, size_t errsz) {
    weft_worker *wk = weft_worker_new(p, err, errsz);
    if (!wk) return -1;
    wk->timing = o->timing;
    weft_doc *d = weft_doc_new(p->eng->syms);
    if (!d) {
        weft_worker_free(wk);
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    int rc = 0, k;
    double t0 = now_s(), last = t0;
    while ((k = read_doc(r, d, p->eng, o, st)) > 0) {
        maybe_progress(r, o, st, t0, &last);
        int failed = k == 2 || weft_worker_process(wk, d) != 0;
        rc = finish_doc(st, w, d, failed, err, errsz);
        weft_doc_reset(d);
        if (rc != 0 || (failed && o->fail_fast)) break;
    }
    add_stats(st, wk, p->nstages);
    weft_doc_free(d);
    weft_worker_free(wk);
    return rc;
}

/* ---- several workers ---- */

enum slot_state { SLOT_FREE, SLOT_READY, SLOT_RUNNING, SLOT_DONE };

#define RING_SLOTS_PER_WORKER 8
#define RING_BYTES            (8u << 20)

typedef struct slot {
    weft_doc *d;
    int state;
    int failed;
    size_t bytes; /* raw text held, for the ring's byte budget */
} slot;

typedef struct ring {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a slot became READY, or stop */
    pthread_cond_t done; /* a slot became DONE */
    slot *slots;
    size_t nslots;
    size_t nbusy;           /* slots the reader must always be able to fill: 2 per worker */
    uint64_t next_dispatch; /* seq of the next READY slot a worker takes */
    uint64_t next_read;     /* seq the reader fills next */
    int stop;
} ring;

typedef struct worker_thread {
    pthread_t tid;
    ring *rg;
    weft_worker *wk;
} worker_thread;

static void *worker_main(void *arg) {
    worker_thread *t = arg;
    ring *rg = t->rg;
    pthread_mutex_lock(&rg->mu);
    for (;;) {
        while (!rg->stop && rg->next_dispatch == rg->next_read)
            pthread_cond_wait(&rg->work, &rg->mu);
        if (rg->stop && rg->next_dispatch == rg->next_read) break;
        slot *s = &rg->slots[rg->next_dispatch++ % rg->nslots];
        int preset = s->failed; /* the reader already marked it failed */
        s->state = SLOT_RUNNING;
        pthread_mutex_unlock(&rg->mu);
        int failed = preset || weft_worker_process(t->wk, s->d) != 0;
        pthread_mutex_lock(&rg->mu);
        s->failed = failed;
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&rg->done);
    }
    pthread_mutex_unlock(&rg->mu);
    return NULL;
}

static int run_parallel(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
                        weft_run_stats *st, char *err, size_t errsz) {
    size_t nw = (size_t)o->jobs;
    ring rg;
    memset(&rg, 0, sizeof rg);
    /* Room for many small documents in flight, so that one slow document
     * at the head does not idle the other workers while it is written in
     * order; but past 2 per worker, only while the text held stays under
     * RING_BYTES, so memory stays bounded by the largest documents. */
    rg.nbusy = 2 * nw;
    rg.nslots = RING_SLOTS_PER_WORKER * nw;
    size_t inflight_bytes = 0;
    rg.slots = calloc(rg.nslots, sizeof *rg.slots);
    worker_thread *th = calloc(nw, sizeof *th);
    int rc = 0;
    size_t started = 0;
    if (!rg.slots || !th) {
        snprintf(err, errsz, "out of memory");
        rc = -1;
        goto out;
    }
    for (size_t i = 0; i < rg.nslots; i++)
        if (!(rg.slots[i].d = weft_doc_new(p->eng->syms))) {
            snprintf(err, errsz, "out of memory");
            rc = -1;
            goto out;
        }
    /* Workers are created before any thread starts, so a setup error
     * (a plugin's create() failing) stops the run before reading. */
    for (size_t i = 0; i < nw; i++) {
        th[i].rg = &rg;
        if (!(th[i].wk = weft_worker_new(p, err, errsz))) {
            rc = -1;
            goto out;
        }
        th[i].wk->timing = o->timing;
    }
    pthread_mutex_init(&rg.mu, NULL);
    pthread_cond_init(&rg.work, NULL);
    pthread_cond_init(&rg.done, NULL);
    for (; started < nw; started++)
        if (pthread_create(&th[started].tid, NULL, worker_main, &th[started]) != 0) {
            snprintf(err, errsz, "cannot start worker thread %zu", started + 1);
            rc = -1;
            break;
        }
    uint64_t next_write = 0, written = 0;
    double t0 = now_s(), last = t0;
    int eof = rc != 0, stop_reading = rc != 0;
    for (;;) {
        /* Write every finished document at the head of the ring, in order. */
        pthread_mutex_lock(&rg.mu);
        while (next_write < rg.next_read && rg.slots[next_write % rg.nslots].state == SLOT_DONE) {
            slot *s = &rg.slots[next_write % rg.nslots];
            pthread_mutex_unlock(&rg.mu);
            /* After a write error or --fail-fast, documents already read are
             * dropped, so the output is the same as with one worker. */
            if (!stop_reading) {
                written++;
                if (finish_doc(st, w, s->d, s->failed, err, errsz) != 0) rc = -1;
                if (rc != 0 || (s->failed && o->fail_fast)) stop_reading = 1;
            }
            weft_doc_reset(s->d);
            inflight_bytes -= s->bytes;
            s->bytes = 0;
            pthread_mutex_lock(&rg.mu);
            s->state = SLOT_FREE;
            s->failed = 0;
            next_write++;
        }
        uint64_t inflight = rg.next_read - next_write;
        int full = inflight == rg.nslots || (inflight >= rg.nbusy && inflight_bytes >= RING_BYTES);
        int idle = next_write == rg.next_read;
        if ((eof || stop_reading) && idle) {
            pthread_mutex_unlock(&rg.mu);
            break;
        }
        if (full || eof || stop_reading) {
            /* Nothing to read now: wait for the head document. */
            while (rg.slots[next_write % rg.nslots].state != SLOT_DONE)
                pthread_cond_wait(&rg.done, &rg.mu);
            pthread_mutex_unlock(&rg.mu);
            continue;
        }
        pthread_mutex_unlock(&rg.mu);
        /* The slot at next_read is FREE and only this thread touches it. */
        slot *s = &rg.slots[rg.next_read % rg.nslots];
        maybe_progress(r, o, st, t0, &last);
        int k = read_doc(r, s->d, p->eng, o, st);
        if (k <= 0) {
            eof = 1;
            continue;
        }
        const weft_view *raw = weft_doc_view(s->d, WEFT_SYM_RAW);
        s->bytes = raw ? raw->len : 0;
        inflight_bytes += s->bytes;
        pthread_mutex_lock(&rg.mu);
        s->failed = k == 2;
        s->state = SLOT_READY;
        rg.next_read++;
        pthread_cond_signal(&rg.work);
        pthread_mutex_unlock(&rg.mu);
    }
    pthread_mutex_lock(&rg.mu);
    rg.stop = 1;
    pthread_cond_broadcast(&rg.work);
    pthread_mutex_unlock(&rg.mu);
    for (size_t i = 0; i < started; i++) pthread_join(th[i].tid, NULL);
    st->docs = written;
    pthread_cond_destroy(&rg.work);
    pthread_cond_destroy(&rg.done);
    pthread_mutex_destroy(&rg.mu);
out:
    if (th)
        for (size_t i = 0; i < nw; i++)
            if (th[i].wk) {
                add_stats(st, th[i].wk, p->nstages);
                weft_worker_free(th[i].wk);
            }
    if (rg.slots)
        for (size_t i = 0; i < rg.nslots; i++) weft_doc_free(rg.slots[i].d);
    free(rg.slots);
    free(th);
    return rc;
}

int weft_run(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
             weft_run_stats *st, char *err, size_t errsz) {
    memset(st, 0, sizeof *st);
    st->nstages = p->nstages;
    st->stages = calloc(p->nstages ? p->nstages : 1, sizeof *st->stages);
    if (!st->stages) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    double t0 = now_s();
    int rc = o->jobs > 1 ? run_parallel(p, r, w, o, st, err, errsz)
                         : run_serial(p, r, w, o, st, err, errsz);
    st->seconds = now_s() - t0;
    return rc;
}

void weft_run_stats_free(weft_run_stats *s) {
    free(s->stages);
    s->stages = NULL;
}
