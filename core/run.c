/* The run loop, single-threaded or with a ring of documents and N workers. */
#include "run.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#include "weft/grow.h"

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
/* The id of the first failed document, for --fail-fast's last word. */
static void note_failed(weft_run_stats *st, const char *id) {
    if (!st->failed_id[0] && id) snprintf(st->failed_id, sizeof st->failed_id, "%s", id);
}

static void note_failed_msg(weft_run_stats *st, const char *msg) {
    if (!st->failed_msg[0] && msg) snprintf(st->failed_msg, sizeof st->failed_msg, "%s", msg);
}

static int finish_doc(weft_run_stats *st, weft_writer *w, const weft_doc *d, int failed, char *err,
                      size_t errsz) {
    st->failed += failed;
    if (failed) {
        note_failed(st, d->id);
        char m[sizeof st->failed_msg];
        weft_doc_first_error(d, m, sizeof m);
        note_failed_msg(st, m);
    }
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

/* The next document into d; with pd, it may be left pending (reader.h):
 * its bytes are counted when it is decoded. */
static int read_doc(weft_reader *r, weft_doc *d, weft_pending *pd, weft_engine *e,
                    const weft_run_opts *o, weft_run_stats *st) {
    if (o->interrupt && *o->interrupt) {
        st->interrupted = 1;
        return 0;
    }
    int k = pd ? weft_reader_next_raw(r, d, pd, 1) : weft_reader_next(r, d);
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

/* The run the calling thread takes part in, for weft_run_salvage: an
 * atexit handler runs in the thread that called exit() and is handed no
 * context, so, like crash.c's, it lives in thread-local storage (set and
 * cleared by the run, read only by the same thread). */
typedef struct salvage_ctx {
    struct ring *rg;         /* NULL: one worker (run_serial) */
    struct worker_thread *t; /* this thread's, with rg */
    weft_writer *w;
    int ended; /* the run went to the end: only the stages' destroy() is left */
} salvage_ctx;
static _Thread_local salvage_ctx here_run;

static int run_serial(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
                      weft_run_stats *st, char *err, size_t errsz) {
    /* from the stages' create() to their destroy(): an exit() there
     * finishes the writer too (nothing is left half-written) */
    here_run = (salvage_ctx){NULL, NULL, w, 0};
    weft_worker *wk = weft_worker_new(p, err, errsz);
    if (!wk) {
        here_run = (salvage_ctx){NULL, NULL, NULL, 0};
        return -1;
    }
    wk->timing = o->timing;
    weft_doc *d = weft_doc_new(p->eng->syms);
    if (!d) {
        weft_worker_free(wk);
        here_run = (salvage_ctx){NULL, NULL, NULL, 0};
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    int rc = 0, k;
    double t0 = now_s(), last = t0;
    while ((k = read_doc(r, d, NULL, p->eng, o, st)) > 0) {
        maybe_progress(r, o, st, t0, &last);
        int failed = k == 2 || weft_worker_process(wk, d) != 0;
        if (k == 2 && weft_pipeline_declared_layers(p, d) != WEFT_OK)
            weft_doc_error_add(d, "output", WEFT_ENOMEM, -1,
                               "out of memory adding the declared layers");
        rc = finish_doc(st, w, d, failed, err, errsz);
        weft_doc_reset(d);
        if (rc != 0 || (failed && o->fail_fast)) break;
    }
    add_stats(st, wk, p->nstages);
    weft_doc_free(d);
    here_run.ended = rc == 0 && !(o->interrupt && *o->interrupt);
    weft_worker_free(wk);
    here_run = (salvage_ctx){NULL, NULL, NULL, 0};
    return rc;
}

/* ---- several workers ----
 *
 * The caller's thread reads documents into batches and writes finished
 * batches in input order; workers take whole batches, decode each
 * document the reader left pending (a JSON Lines record to parse, a file
 * to read and inflate: reader.h), run the pipeline on it and render it
 * (writer.h's weft_render) into a scratch buffer of the worker's own, copied
 * into the batch's output buffer once the batch is done, so that writing is
 * a copy and reading is finding where the next document is. (Rendered
 * straight into a buffer the writing thread had read on another core, each
 * small store waited for its cache line: worker_thread. The writing thread
 * renders the batches it processes in place: batch_run.) A batch is handed
 * over with one lock round trip however many documents it holds; it is
 * closed at BATCH_DOCS documents or BATCH_BYTES of text, at the end of the
 * input, or at once when a worker is waiting for work and the next read
 * may have to wait for input (weft_reader_may_wait: a pipe or a terminal
 * with nothing ready), so a slow or interactive input is not held back
 * to fill a batch.
 *
 * With N workers, N - 1 are threads and the caller's thread is the Nth:
 * when it has nothing to read (the ring is full, or the input is at its
 * end) it takes a batch no thread has taken yet and processes it, so that
 * -j N keeps N threads busy, not N + 1 sharing N cores. With a thread of
 * its own, the caller's thread slept on a full ring and woke to write and
 * read: on 2 cores, -j 2 ran 3 threads, and every time the writer had to
 * win back a core the workers could run dry (#17; design-notes.md has the
 * figures). It does not take a batch when the
 * next read may wait (a pipe): then it writes each batch as soon as the
 * threads have done it, as before.
 *
 * The writing thread sleeps only when the ring is full, and then until
 * half of what is in flight is done (the rest keeps the workers busy), so
 * it is woken once per several batches; a worker wakes it only then (or
 * after WAIT_MS, when the head batch alone will do: slow documents). The
 * ring holds BATCHES_PER_WORKER batches per worker plus RING_EXTRA, so that
 * with few workers a wake-up's latency on a loaded machine (a time slice
 * or more) does not leave them without work: with 6 batches of 32 short
 * texts, -j 2 made 7,000 futex calls for 116,000 documents, with 16 of 64
 * about 1,800.
 *
 * Once nothing more is written (a write error, --fail-fast), the workers
 * skip the documents left in flight instead of processing them for nothing.
 *
 * The ring's byte count (inflight) is the one counter every thread writes:
 * it is added to once per batch handed over and corrected once per batch
 * done, not per document, so that its cache line does not travel between
 * the cores for every short text.
 *
 * Memory: past two batches per worker only while the text in flight stays
 * under RING_BYTES, so memory stays bounded by the largest documents. A document whose output would
 * not fit in OUT_LIMIT is not rendered by its worker: the writing thread renders it straight to the
 * output, in slices, as with one worker. */

#define BATCH_DOCS         64
#define BATCH_BYTES        ((size_t)64 << 10)
#define BATCHES_PER_WORKER 3
#define RING_EXTRA         10
#define RING_BYTES         ((size_t)8 << 20)
#define OUT_LIMIT          ((size_t)4 << 20)
#define OUT_KEEP           ((size_t)1 << 20)   /* a larger output buffer is freed once written */
#define OUT_SWAP           ((size_t)256 << 10) /* a batch rendered this big takes the scratch */
#define WAIT_MS            100 /* the writing thread waits this long for more than the head */

enum batch_state { BATCH_FREE, BATCH_READY, BATCH_DONE };

/* A batch holds up to BATCH_DOCS records in input order. A record left
 * pending by the reader (most: a JSON Lines record, a file found in a
 * folder) is only its bytes and path in the batch's raw buffer, decoded
 * by the worker into a document of its own, which it reuses for the next
 * record; other records (an input that could not be read, stdin) come as
 * a document the reading thread filled. Documents in the ring were 64 per
 * batch, each one's arena and layers touched once: 3,000 page faults at
 * -j 2, most of the run's system time on short texts. */
typedef struct batch {
    weft_doc *docs[BATCH_DOCS];    /* a document read whole, or kept to be rendered by the writing
                                      thread; made when first needed */
    weft_pending pend[BATCH_DOCS]; /* kind: decode it; bytes and path are offsets into raw */
    uint64_t seq[BATCH_DOCS];      /* of a pending record */
    char *note[BATCH_DOCS][2];     /* from decoding, for the writing thread to pass on */
    char *log[BATCH_DOCS];     /* the document's messages (weft_doclog), said as it is written */
    size_t rawlen[BATCH_DOCS]; /* text of a decoded record, for the stats */
    unsigned char failed[BATCH_DOCS];
    char *failed_id[BATCH_DOCS]; /* a failed document's id, for --fail-fast (NULL: out of memory) */
    char *failed_msg[BATCH_DOCS]; /* and its first error (weft_doc_first_error; NULL: out of memory)
                                   */
    unsigned char deferred[BATCH_DOCS]; /* not rendered: the writing thread renders docs[i] */
    size_t end[BATCH_DOCS];             /* end of each document's bytes in out */
    size_t n;
    size_t bytes; /* raw text held (expected, until decoded), for the ring's byte budget */
    char *raw;    /* pending records and their paths */
    size_t rawlen_, rawcap;
    weft_outbuf out;             /* from its worker's pool while in flight (empty when FREE) */
    struct worker_thread *owner; /* whose pool out goes back to once written */
    int out_mine;                /* out is owner's own or new, not another thread's */
    int state;
    uint64_t bseq; /* its place in the input: the ring's next_pub when published */
} batch;

typedef struct ring {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a batch became READY, or stop */
    pthread_cond_t done; /* a batch became DONE */
    batch *b;
    size_t nb;
    struct worker_thread *th; /* the threads, for their stacks of output buffers */
    size_t nth;
    uint64_t next_dispatch; /* seq of the next READY batch a worker takes */
    uint64_t next_pub;      /* seq of the batch being filled */
    atomic_size_t idle;     /* workers waiting for a batch (the reader peeks) */
    atomic_size_t inflight; /* bytes of the batches in flight: decoding corrects the guess */
    weft_reader *r;         /* workers decode with it */
    weft_engine *eng;
    uint64_t base;       /* documents the writer had written before the run */
    weft_writer *w;      /* NULL: nothing rendered */
    uint64_t head, last; /* the writing thread waits for batches head..last, while head_wait */
    int head_wait;       /* so that a worker finishing another batch does not wake it */
    int stop;
    atomic_int drop; /* nothing more is written: workers skip what is left */
    /* the run's interrupt flag (a signal handler sets it): workers skip
     * what is left of their batch as soon as they see it */
    volatile sig_atomic_t *interrupt;
    /* A stage called exit() (weft_run_salvage): the exiting thread writes
     * what is finished; the writing thread, when it next takes the lock,
     * waits for the process to end instead of going on. Under mu. */
    int dying;
    int writing;         /* the writing thread writes batches (outside the lock) */
    uint64_t next_write; /* seq of the first batch not written yet */
    const weft_run_opts *o;
    struct out_runs *runs;
} ring;

typedef struct worker_thread {
    pthread_t tid;
    ring *rg;
    weft_worker *wk;
    weft_render *render;
    weft_doc *doc;         /* pending records are decoded into it; NULL: make one */
    weft_doclog log;       /* the messages of the document being processed */
    weft_jsonl_scratch sc; /* decoding JSON Lines */
    /* A batch's documents are rendered here, then copied into the
     * batch's output buffer in one go: only this thread ever touches it,
     * so it stays in this core's cache. Rendered straight into the batch's
     * buffer, which the writing thread had read on another core, every
     * small store of the JSON writer waited for its cache line to come
     * back: at -j 2 the worker thread spent three times as long in
     * weft_outbuf_json_int as the calling thread (which reads its own
     * output) on the same share of documents, and the run took 35-45 %
     * more CPU than -j 1 (#17). */
    weft_outbuf scr;
    /* Output buffers this thread filled before, written and given back:
     * a stack, the last one back on top. The copy then goes to memory this
     * core wrote last rather than to any batch's; with the scratch buffer
     * alone -j 2 still took about 10 % more CPU. The threads hold no more
     * buffers between them than the ring has batches (a thread with none
     * takes another's before it makes one), so a stack has room for nb.
     * Guarded by the ring's lock. */
    weft_outbuf *pool;
    size_t npool;
    /* What it is processing, for weft_run_salvage: the batch (NULL: none),
     * the document's index in it and the buffer its output goes to. */
    batch *cur;
    size_t cur_i;
    weft_outbuf *cur_o;
} worker_thread;

/* Give t's batch b an output buffer: the one t got back last, or a new
 * empty one. Called with the ring's lock held. */
static void batch_take_out(worker_thread *t, batch *b) {
    worker_thread *from = t;
    /* none of its own back yet: another thread's, so that the threads
     * hold no more buffers between them than the ring has slots (each
     * keeping its own would let nw x nb pile up) */
    for (size_t i = 0; !from->npool && i < t->rg->nth; i++) from = &t->rg->th[i];
    if (from->npool) {
        b->out = from->pool[--from->npool];
        b->out_mine = from == t;
    } else {
        weft_outbuf_init(&b->out, NULL);
        b->out.limit = OUT_LIMIT;
        b->out_mine = 1;
    }
    b->owner = t;
}

/* The written batch b's output buffer back to the thread that rendered
 * into it; a big or failed one is freed. Called with the ring's lock held. */
static void batch_give_out(batch *b) {
    worker_thread *t = b->owner;
    if (t && t->npool < t->rg->nb && !b->out.error && b->out.cap <= OUT_KEEP) {
        weft_outbuf_truncate(&b->out, 0);
        t->pool[t->npool++] = b->out;
    } else {
        weft_outbuf_free(&b->out);
    }
    weft_outbuf_init(&b->out, NULL);
    b->out.limit = OUT_LIMIT;
    b->owner = NULL;
}

/* Decode pending record i of b into t's document; NULL when out of memory. */
static weft_doc *batch_decode(worker_thread *t, batch *b, size_t i) {
    if (!t->doc && !(t->doc = weft_doc_new(t->rg->eng->syms))) return NULL;
    weft_doc *d = t->doc;
    d->seq = b->seq[i];
    d->log = weft_engine_doc_log;
    d->log_ud = t->rg->eng;
    weft_pending pd = b->pend[i];
    pd.bytes = b->raw + (size_t)(uintptr_t)pd.bytes;
    pd.path = b->raw + (size_t)(uintptr_t)pd.path;
    if (weft_reader_decode(t->rg->r, &t->sc, d, &pd) == 2) b->failed[i] = 1;
    /* after any the reading thread found; NULL: out of memory, the note is lost */
    for (int k = 0, at = b->note[i][0] != NULL; k < 2 && at < 2; k++)
        if (pd.note[k]) b->note[i][at++] = strdup(pd.note[k]);
    const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
    b->rawlen[i] = raw ? raw->len : 0;
    return d;
}

/* Decode, process and render b's documents, rendering into o. */
static void batch_process(worker_thread *t, batch *b, weft_outbuf *o) {
    size_t guessed = 0, got = 0; /* the pending records' sizes, as guessed and as decoded */
    t->cur = b;
    t->cur_o = o;
    for (size_t i = 0; i < b->n; i++) {
        t->cur_i = i;
        b->deferred[i] = 0;
        if (atomic_load_explicit(&t->rg->drop, memory_order_relaxed) ||
            (t->rg->interrupt && *t->rg->interrupt)) {
            b->deferred[i] = 3; /* skipped: not written */
            b->end[i] = o->len;
            continue;
        }
        int own = b->pend[i].kind != WEFT_PEND_NONE;
        weft_doc *d = own ? batch_decode(t, b, i) : b->docs[i];
        if (own && d) {
            guessed += b->pend[i].size;
            got += b->rawlen[i];
        }
        if (!d) { /* no document to decode into: out of memory */
            b->deferred[i] = 2;
            b->end[i] = o->len;
            continue;
        }
        /* its messages wait for it to be written: in input order, and
         * none from a document after the one that stops the run */
        t->log.len = 0;
        d->log = weft_doclog_keep;
        d->log_ud = &t->log;
        if (b->failed[i]) { /* the input failed it: not run */
            if (weft_pipeline_declared_layers(t->wk->p, d) != WEFT_OK)
                weft_doc_error_add(d, "output", WEFT_ENOMEM, -1,
                                   "out of memory adding the declared layers");
        } else
            b->failed[i] = weft_worker_process(t->wk, d) != 0;
        if (b->failed[i] && d->id) b->failed_id[i] = strdup(d->id);
        if (b->failed[i]) {
            char m[sizeof((weft_run_stats *)0)->failed_msg];
            weft_doc_first_error(d, m, sizeof m);
            b->failed_msg[i] = strdup(m);
        }
        /* NULL: out of memory, the messages are lost */
        if (t->log.len) b->log[i] = strdup(t->log.p);
        if (t->render) {
            size_t mark = o->len;
            if (weft_render_doc(t->render, o, d, t->rg->base + d->seq) != 0) {
                weft_outbuf_truncate(o, mark);
                b->deferred[i] = 1;
            }
        }
        b->end[i] = o->len;
        if (!own) continue;
        if (b->deferred[i]) {
            /* the writing thread renders it: the batch keeps the document
             * and the worker takes the batch's spare one, if any */
            t->doc = b->docs[i];
            b->docs[i] = d;
        } else {
            weft_doc_reset(d);
        }
    }
    t->cur = NULL;
    /* once per batch: the ring's byte count is shared by every thread */
    b->bytes = b->bytes - guessed + got;
    if (got > guessed)
        atomic_fetch_add_explicit(&t->rg->inflight, got - guessed, memory_order_relaxed);
    else if (guessed > got)
        atomic_fetch_sub_explicit(&t->rg->inflight, guessed - got, memory_order_relaxed);
}

/* Process batch b as thread t: rendered into t's scratch buffer, then
 * copied into the batch's own. A batch of OUT_SWAP or more (a few web
 * pages) is not copied: the scratch buffer becomes the batch's and the
 * batch's (from t's stack) the scratch. The copy is what keeps a short
 * text's small stores in lines this core owns (worker_thread.scr); for a
 * batch this big it was a memcpy and a second buffer to fault in (#17).
 * Out of memory for the copy, nothing of the batch is written and the run
 * stops with that error, as when there is no document to decode into.
 * writer: t is the writing (calling) thread. */
static void batch_run(worker_thread *t, batch *b, int writer) {
    /* The writing thread renders straight into a buffer of its own (or a
     * new one): its lines were last read by this very thread, writing them
     * out, so no other core holds them and the copy buys nothing. Out of
     * memory there, the documents not rendered are left to the writing
     * thread (deferred), as from the scratch buffer. */
    if (writer && b->out_mine) {
        batch_process(t, b, &b->out);
        return;
    }
    weft_outbuf_truncate(&t->scr, 0);
    batch_process(t, b, &t->scr);
    if (t->scr.len >= OUT_SWAP && !t->scr.error) {
        weft_outbuf tmp = b->out;
        b->out = t->scr;
        t->scr = tmp;
    } else if (t->scr.len) {
        weft_outbuf_put(&b->out, t->scr.buf, t->scr.len);
    }
    if (b->out.error) {
        for (size_t i = 0; i < b->n; i++)
            if (b->deferred[i] != 3) b->deferred[i] = 2;
        weft_outbuf_truncate(&b->out, 0);
    }
    if (t->scr.error || t->scr.cap > OUT_KEEP) {
        weft_outbuf_free(&t->scr);
        weft_outbuf_init(&t->scr, NULL);
        t->scr.limit = OUT_LIMIT;
    }
}

/* Copy pending record i (its bytes and path, valid until the next read)
 * into b's raw buffer; pend[i] keeps their offsets. 0, or -1 when out of
 * memory. A path is kept once for a run of records from the same stream. */
static int batch_keep(batch *b, size_t i, const weft_pending *pd) {
    size_t pl = strlen(pd->path);
    int same = i > 0 && b->pend[i - 1].kind &&
               strcmp(b->raw + (size_t)(uintptr_t)b->pend[i - 1].path, pd->path) == 0;
    size_t blen = pd->kind == WEFT_PEND_LINE ? pd->len + 1 : 0;
    size_t need = blen + (same ? 0 : pl + 1);
    if (need > SIZE_MAX - b->rawlen_) return -1;
    if (weft_grow((void **)&b->raw, &b->rawcap, b->rawlen_ + need, 1)) return -1;
    b->pend[i] = *pd;
    if (same) {
        b->pend[i].path = b->pend[i - 1].path;
    } else {
        memcpy(b->raw + b->rawlen_, pd->path, pl + 1);
        b->pend[i].path = (const char *)(uintptr_t)b->rawlen_;
        b->rawlen_ += pl + 1;
    }
    b->pend[i].bytes = NULL;
    if (blen) {
        memcpy(b->raw + b->rawlen_, pd->bytes, pd->len);
        b->raw[b->rawlen_ + pd->len] = '\0';
        b->pend[i].bytes = (char *)(uintptr_t)b->rawlen_;
        b->rawlen_ += blen;
    }
    return 0;
}

/* Are batches head..last all done? Called with the lock held. */
static int span_done(const ring *rg) {
    for (uint64_t s = rg->head; s <= rg->last; s++)
        if (rg->b[s % rg->nb].state != BATCH_DONE) return 0;
    return 1;
}

static void *worker_main(void *arg) {
    worker_thread *t = arg;
    ring *rg = t->rg;
    here_run = (salvage_ctx){rg, t, rg->w, 0};
    pthread_mutex_lock(&rg->mu);
    for (;;) {
        /* once a stage has called exit() (ring_salvage), no new batch is
         * taken: each would be another chance of a second exit() */
        while (rg->dying || (!rg->stop && rg->next_dispatch == rg->next_pub)) {
            atomic_fetch_add(&rg->idle, 1);
            pthread_cond_wait(&rg->work, &rg->mu);
            atomic_fetch_sub(&rg->idle, 1);
        }
        if (rg->stop && rg->next_dispatch == rg->next_pub) break;
        uint64_t seq = rg->next_dispatch++;
        batch *b = &rg->b[seq % rg->nb];
        batch_take_out(t, b);
        pthread_mutex_unlock(&rg->mu);
        batch_run(t, b, 0);
        pthread_mutex_lock(&rg->mu);
        b->state = BATCH_DONE;
        if (rg->dying)
            pthread_cond_broadcast(&rg->done);
        else if (rg->head_wait && seq >= rg->head && seq <= rg->last && span_done(rg))
            pthread_cond_signal(&rg->done);
    }
    pthread_mutex_unlock(&rg->mu);
    return NULL;
}

static void batch_clear(batch *b) {
    for (size_t i = 0; i < b->n; i++) {
        if (b->docs[i]) weft_doc_reset(b->docs[i]);
        b->failed[i] = 0;
        free(b->failed_id[i]);
        b->failed_id[i] = NULL;
        free(b->failed_msg[i]);
        b->failed_msg[i] = NULL;
        b->deferred[i] = 0;
        b->rawlen[i] = 0;
        for (int k = 0; k < 2; k++) {
            free(b->note[i][k]);
            b->note[i][k] = NULL;
        }
        free(b->log[i]);
        b->log[i] = NULL;
        memset(&b->pend[i], 0, sizeof b->pend[i]);
    }
    b->n = 0;
    b->bytes = 0;
    b->rawlen_ = 0;
    if (b->rawcap > OUT_KEEP) {
        free(b->raw);
        b->raw = NULL;
        b->rawcap = 0;
    }
}

/* Rendered bytes the writing thread has yet to write, in input order: a
 * run per finished batch at most, so that all the batches done at the
 * head of the ring go out together, from the batches' own buffers
 * (weft_writer_put_iov: one writev, no copy into the writer's). */
typedef struct out_runs {
    struct iovec *iov; /* cap entries */
    size_t n, cap;
    uint64_t ndocs;
} out_runs;

/* A write error: recorded, and nothing more is written. */
static void write_failed(weft_run_stats *st, int werr, int *stop, int *rc, char *err,
                         size_t errsz) {
    st->write_errno = werr;
    snprintf(err, errsz, "cannot write output: %s", strerror(werr));
    *rc = -1;
    *stop = 1;
}

/* Write what q holds. 0 or an errno value. */
static int runs_flush(out_runs *q, weft_writer *w) {
    int e = w && q->n ? weft_writer_put_iov(w, q->iov, q->n, q->ndocs) : 0;
    q->n = 0;
    q->ndocs = 0;
    return e;
}

/* Queue len bytes holding ndocs documents; written first when q is full. */
static int runs_add(out_runs *q, weft_writer *w, const char *buf, size_t len, uint64_t ndocs) {
    int e = q->n == q->cap ? runs_flush(q, w) : 0;
    if (e || (!len && !ndocs)) return e;
    q->iov[q->n].iov_base = (void *)(uintptr_t)buf;
    q->iov[q->n].iov_len = len;
    q->n++;
    q->ndocs += ndocs;
    return 0;
}

/* Write a finished batch in order: runs of rendered documents queued in q
 * (written by the caller once every finished batch is in it), deferred
 * ones rendered here after what q holds. After a write error or a failed
 * document with --fail-fast, *stop is set and the rest is dropped, so the
 * output is the same as with one worker. Returns the documents written. */
static uint64_t batch_write(batch *b, weft_engine *e, weft_reader *r, weft_writer *w, out_runs *q,
                            const weft_run_opts *o, weft_run_stats *st, int *stop, int *rc,
                            char *err, size_t errsz) {
    uint64_t written = 0;
    size_t from = 0, upto = 0, ndocs = 0;
    int werr = 0;
    for (size_t i = 0; i < b->n && !*stop; i++) {
        if (b->deferred[i] == 3) { /* interrupted: what comes after is not written */
            *stop = 1;
            break;
        }
        written++;
        st->failed += b->failed[i];
        if (b->failed[i]) {
            note_failed(st, b->failed_id[i]);
            note_failed_msg(st, b->failed_msg[i]);
        }
        for (int k = 0; k < 2; k++) /* notes: this thread's */
            if (b->note[i][k]) weft_reader_note(r, b->note[i][k]);
        if (b->log[i]) weft_doclog_replay(e, b->log[i]);
        st->bytes += b->rawlen[i];
        if (b->deferred[i] == 2) {
            snprintf(err, errsz, "out of memory");
            *rc = -1;
            *stop = 1;
            break;
        }
        if (w && b->deferred[i]) {
            if (!werr) werr = runs_add(q, w, b->out.buf + from, upto - from, ndocs);
            if (!werr) werr = runs_flush(q, w);
            if (!werr) werr = weft_writer_doc(w, b->docs[i]);
            from = upto = b->end[i];
            ndocs = 0;
        } else {
            upto = b->end[i];
            ndocs++;
        }
        if (werr || (b->failed[i] && o->fail_fast)) *stop = 1;
    }
    if (w && !werr && ndocs) werr = runs_add(q, w, b->out.buf + from, upto - from, ndocs);
    if (werr) write_failed(st, werr, stop, rc, err, errsz);
    return written;
}

/* The writing thread, with the ring's lock: once a stage has called exit()
 * (ring_salvage), it waits for the process to end, touching nothing. */
static void halt_if_dying(ring *rg) {
    while (rg->dying) pthread_cond_wait(&rg->work, &rg->mu);
}

/* How long the exiting thread waits for the writing thread and for the
 * batches before its own: a batch another thread cannot finish (it called
 * exit() too, or waits on a lock the exiting stage holds) must not hang the
 * process; past it, what is finished in order is written. */
#define SALVAGE_WAIT_S 2

/* In the thread that called exit() inside a stage, while the others may
 * still run: write every document finished before the one it was
 * processing, in input order, as after SIGINT. It waits for the writing
 * thread to finish what it was writing (then that thread halts) and for
 * the batches before its own, which other threads may still be
 * processing; documents after its own are not written, so that the output
 * is the input's first documents. Nothing is written once the run stopped
 * writing (--fail-fast's failure, a write error, an interrupt: the output
 * ends there) or while the writing thread is still writing after the wait.
 * 0: the writer may be finished; 1: it must not be touched (the writing
 * thread still writes). A second thread calling exit() waits here for the
 * first to end the process. */
static int ring_salvage(ring *rg, worker_thread *t) {
    /* NULL: the thread is outside a document (the calling thread between
     * batches): every batch handed out comes before the exit */
    batch *b = t->cur;
    pthread_mutex_lock(&rg->mu);
    if (rg->dying) { /* a second exit(): the first one writes and ends the process */
        halt_if_dying(rg);
        pthread_mutex_unlock(&rg->mu);
        return 1;
    }
    rg->dying = 1;
    pthread_cond_broadcast(&rg->done);
    /* rg->done waits on CLOCK_MONOTONIC (run_parallel): a deadline on
     * another clock would be decades away */
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += SALVAGE_WAIT_S;
    int late = 0;
    while (rg->writing && !late)
        late = pthread_cond_timedwait(&rg->done, &rg->mu, &until) == ETIMEDOUT;
    if (rg->writing) {
        pthread_mutex_unlock(&rg->mu);
        return 1;
    }
    if (atomic_load(&rg->drop) || (rg->interrupt && *rg->interrupt)) {
        pthread_mutex_unlock(&rg->mu);
        return 0;
    }
    uint64_t upto = rg->next_write, end = b ? b->bseq : rg->next_dispatch;
    while (upto < end) {
        if (rg->b[upto % rg->nb].state == BATCH_DONE) {
            upto++;
            continue;
        }
        if (late || pthread_cond_timedwait(&rg->done, &rg->mu, &until) == ETIMEDOUT) late = 1;
        if (late && rg->b[upto % rg->nb].state != BATCH_DONE) break;
    }
    int stop = 0, rc = 0;
    char err[256];
    /* The counts of what is written here go to a copy, not to the run's
     * stats: the reading thread updates those without the lock (read_doc,
     * the progress line) while it reads, and nothing reads them after
     * this, since the process ends. */
    weft_run_stats counts, *st = &counts;
    memset(st, 0, sizeof *st);
    for (uint64_t s = rg->next_write; s < upto && !stop; s++)
        batch_write(&rg->b[s % rg->nb], rg->eng, rg->r, rg->w, rg->runs, rg->o, st, &stop, &rc, err,
                    sizeof err);
    if (b && !stop && upto == b->bseq && t->cur_i) {
        /* its own batch's documents before this one: rendered into
         * t->cur_o, which becomes the batch's buffer */
        if (t->cur_o != &b->out) {
            weft_outbuf tmp = b->out;
            b->out = *t->cur_o;
            *t->cur_o = tmp;
        }
        size_t n = b->n;
        b->n = t->cur_i;
        batch_write(b, rg->eng, rg->r, rg->w, rg->runs, rg->o, st, &stop, &rc, err, sizeof err);
        b->n = n;
    }
    (void)runs_flush(rg->runs, rg->w);
    pthread_mutex_unlock(&rg->mu);
    return 0;
}

void weft_run_salvage_writer(weft_writer *w, int ended) {
    here_run = (salvage_ctx){NULL, NULL, w, ended};
}

int weft_run_salvage(void) {
    salvage_ctx c = here_run;
    if (!c.w) return 0;
    if (c.rg && ring_salvage(c.rg, c.t)) return 0;
    if (weft_writer_finish(c.w) != 0) return -1;
    return c.ended ? 2 : 1;
}

static int run_parallel(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
                        weft_run_stats *st, char *err, size_t errsz) {
    size_t nw = (size_t)o->jobs;
    ring rg;
    memset(&rg, 0, sizeof rg);
    atomic_init(&rg.idle, 0);
    atomic_init(&rg.drop, 0);
    atomic_init(&rg.inflight, 0);
    rg.r = r;
    rg.eng = p->eng;
    rg.interrupt = o->interrupt;
    weft_doc *spare = NULL; /* the reading thread's next document */
    rg.nb = BATCHES_PER_WORKER * nw + RING_EXTRA;
    rg.w = w;
    rg.base = w ? weft_writer_count(w) : 0;
    size_t nbusy = 2 * nw; /* batches always allowed in flight, whatever their size */
    rg.b = calloc(rg.nb, sizeof *rg.b);
    out_runs runs = {calloc(rg.nb, sizeof *runs.iov), 0, rg.nb, 0};
    worker_thread *th = calloc(nw, sizeof *th);
    /* from the stages' create() on: an exit() outside a document (there,
     * or in destroy()) finishes the writer too (weft_run_salvage) */
    here_run = (salvage_ctx){NULL, NULL, w, 0};
    rg.th = th;
    rg.nth = nw;
    int rc = 0;
    size_t started = 0;
    if (!rg.b || !th || !runs.iov) {
        snprintf(err, errsz, "out of memory");
        rc = -1;
        goto out;
    }
    for (size_t i = 0; i < rg.nb; i++) {
        weft_outbuf_init(&rg.b[i].out, NULL);
        rg.b[i].out.limit = OUT_LIMIT;
    }
    /* Workers are created before any thread starts, so a setup error
     * (a plugin's create() failing) stops the run before reading. */
    for (size_t i = 0; i < nw; i++) {
        th[i].rg = &rg;
        th[i].log.e = p->eng;
        weft_outbuf_init(&th[i].scr, NULL);
        th[i].scr.limit = OUT_LIMIT;
        if (!(th[i].pool = calloc(rg.nb, sizeof *th[i].pool))) {
            snprintf(err, errsz, "out of memory");
            rc = -1;
            goto out;
        }
        if (!(th[i].wk = weft_worker_new(p, err, errsz))) {
            rc = -1;
            goto out;
        }
        th[i].wk->timing = o->timing;
        if (w && !(th[i].render = weft_render_new(w))) {
            snprintf(err, errsz, "out of memory");
            rc = -1;
            goto out;
        }
    }
    pthread_mutex_init(&rg.mu, NULL);
    pthread_cond_init(&rg.work, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&rg.done, &ca);
    pthread_condattr_destroy(&ca);
    /* th[nw - 1] is the calling thread's: it processes batches too */
    for (; started < nw - 1; started++)
        if (pthread_create(&th[started].tid, NULL, worker_main, &th[started]) != 0) {
            snprintf(err, errsz, "cannot start worker thread %zu", started + 1);
            rc = -1;
            break;
        }
    uint64_t written = 0;
    rg.o = o;
    rg.runs = &runs;
    here_run = (salvage_ctx){&rg, &th[nw - 1], w, 0};
    double t0 = now_s(), last = t0;
    weft_reader_keep_notes(r, 1);
    int eof = rc != 0, stop_reading = rc != 0;
    for (;;) {
        /* Interrupted: nothing more is read, the workers skip what they
         * have not started, and what was done before is written in order
         * up to the first document skipped. */
        if (o->interrupt && *o->interrupt) st->interrupted = 1;
        if (st->interrupted) eof = 1;
        /* Write every finished batch at the head of the ring, in order,
         * in one go; then they are free. */
        pthread_mutex_lock(&rg.mu);
        halt_if_dying(&rg);
        for (;;) {
            uint64_t upto = rg.next_write;
            while (upto < rg.next_pub && rg.b[upto % rg.nb].state == BATCH_DONE) upto++;
            if (upto == rg.next_write) break;
            rg.writing = 1;
            pthread_mutex_unlock(&rg.mu);
            for (uint64_t s = rg.next_write; s < upto && !stop_reading; s++)
                written += batch_write(&rg.b[s % rg.nb], p->eng, r, w, &runs, o, st, &stop_reading,
                                       &rc, err, errsz);
            int werr = runs_flush(&runs, w);
            if (werr && !stop_reading) write_failed(st, werr, &stop_reading, &rc, err, errsz);
            for (uint64_t s = rg.next_write; s < upto; s++) {
                batch *b = &rg.b[s % rg.nb];
                atomic_fetch_sub_explicit(&rg.inflight, b->bytes, memory_order_relaxed);
                batch_clear(b);
            }
            pthread_mutex_lock(&rg.mu);
            /* said before the batches are let go, so that a stage's exit()
             * (ring_salvage) writes nothing past where this stopped */
            if (stop_reading) atomic_store(&rg.drop, 1);
            for (; rg.next_write < upto; rg.next_write++) {
                batch *b = &rg.b[rg.next_write % rg.nb];
                batch_give_out(b);
                b->state = BATCH_FREE;
            }
            rg.writing = 0;
            if (rg.dying) pthread_cond_broadcast(&rg.done);
            halt_if_dying(&rg);
        }
        if (stop_reading) atomic_store(&rg.drop, 1); /* the rest is dropped unread */
        if ((eof || stop_reading) && rg.next_write == rg.next_pub) {
            pthread_mutex_unlock(&rg.mu);
            break;
        }
        uint64_t inflight = rg.next_pub - rg.next_write;
        int full = inflight == rg.nb ||
                   (inflight >= nbusy &&
                    atomic_load_explicit(&rg.inflight, memory_order_relaxed) >= RING_BYTES);
        /* A read that may wait for input (a pipe) comes after what is in
         * flight is written, so that each document is out before more
         * input arrives. */
        int prompt = 0;
        if (!full && inflight && weft_reader_may_wait(r)) full = prompt = 1;
        if (full || eof || stop_reading) {
            /* Nothing to read now: process a batch that no worker has
             * taken yet, as one of the N workers, unless a read may wait
             * (then what is in flight is written as soon as it is done). */
            if (!prompt && rg.next_dispatch < rg.next_pub) {
                batch *b = &rg.b[rg.next_dispatch++ % rg.nb];
                batch_take_out(&th[nw - 1], b);
                pthread_mutex_unlock(&rg.mu);
                batch_run(&th[nw - 1], b, 1);
                pthread_mutex_lock(&rg.mu);
                b->state = BATCH_DONE;
                if (rg.dying) pthread_cond_broadcast(&rg.done);
                pthread_mutex_unlock(&rg.mu);
                continue;
            }
            /* Or wait for the head batch, and when the
             * ring is merely full, for half of what is in flight (the
             * rest keeps the workers busy meanwhile), so that the writing
             * thread is woken once per several batches rather than for
             * each. At the end of the input, for all of it. Input from a
             * slow pipe waits for the head only, to be written at once.
             * Slow documents must not hold output back: past WAIT_MS the
             * head alone will do. */
            uint64_t want = prompt ? 1 : (eof || stop_reading) ? inflight : inflight / 2;
            rg.head = rg.next_write;
            rg.last = rg.next_write + (want ? want : 1) - 1;
            if (!span_done(&rg)) {
                struct timespec dl;
                clock_gettime(CLOCK_MONOTONIC, &dl);
                dl.tv_nsec += WAIT_MS * 1000000L;
                dl.tv_sec += dl.tv_nsec / 1000000000L;
                dl.tv_nsec %= 1000000000L;
                rg.head_wait = 1;
                /* a signal does not end a wait: look at the interrupt flag
                 * every WAIT_MS, so that a slow batch does not hold up ^C */
                while (!span_done(&rg) && !rg.dying && !(o->interrupt && *o->interrupt)) {
                    if (pthread_cond_timedwait(&rg.done, &rg.mu, &dl) == ETIMEDOUT) {
                        rg.last = rg.head;
                        clock_gettime(CLOCK_MONOTONIC, &dl);
                        dl.tv_nsec += WAIT_MS * 1000000L;
                        dl.tv_sec += dl.tv_nsec / 1000000000L;
                        dl.tv_nsec %= 1000000000L;
                    }
                }
                rg.head_wait = 0;
            }
            pthread_mutex_unlock(&rg.mu);
            continue;
        }
        pthread_mutex_unlock(&rg.mu);
        /* The batch at next_pub is FREE and only this thread touches it
         * until it is published. */
        batch *fill = &rg.b[rg.next_pub % rg.nb];
        for (;;) {
            /* spare takes what is read; a document read whole moves into
             * the batch, whose old one (reset) becomes the spare */
            if (!spare && !(spare = weft_doc_new(p->eng->syms))) {
                snprintf(err, errsz, "out of memory");
                rc = -1;
                stop_reading = 1;
                break;
            }
            maybe_progress(r, o, st, t0, &last);
            size_t i = fill->n;
            weft_pending pd;
            int k = read_doc(r, spare, &pd, p->eng, o, st);
            if (k <= 0) {
                weft_doc_reset(spare);
                eof = 1;
                break;
            }
            size_t bytes;
            if (pd.kind) {
                if (batch_keep(fill, i, &pd)) {
                    snprintf(err, errsz, "out of memory");
                    rc = -1;
                    stop_reading = 1;
                    break;
                }
                fill->seq[i] = spare->seq;
                bytes = pd.size;
            } else {
                const weft_view *raw = weft_doc_view(spare, WEFT_SYM_RAW);
                bytes = raw ? raw->len : 0;
                weft_doc *old = fill->docs[i];
                fill->docs[i] = spare;
                spare = old;
            }
            /* the reading thread's notes go out with their document */
            for (int m = 0; m < 2; m++) /* NULL: out of memory, the note is lost */
                if (pd.note[m]) fill->note[i][m] = strdup(pd.note[m]);
            fill->failed[i] = k == 2;
            fill->n++;
            fill->bytes += bytes;
            /* A worker is idle, or will be (nothing else in flight; at
             * the start the workers may not have reached their wait yet). */
            int starved = atomic_load_explicit(&rg.idle, memory_order_relaxed) > 0 ||
                          rg.next_pub == rg.next_write;
            if (fill->n == BATCH_DOCS || fill->bytes >= BATCH_BYTES ||
                (starved && weft_reader_may_wait(r)))
                break;
        }
        if (stop_reading || !fill->n) { /* nothing to hand over */
            batch_clear(fill);
            continue;
        }
        atomic_fetch_add_explicit(&rg.inflight, fill->bytes, memory_order_relaxed);
        pthread_mutex_lock(&rg.mu);
        fill->state = BATCH_READY;
        fill->bseq = rg.next_pub++;
        pthread_cond_signal(&rg.work);
        pthread_mutex_unlock(&rg.mu);
    }
    pthread_mutex_lock(&rg.mu);
    rg.stop = 1;
    pthread_cond_broadcast(&rg.work);
    pthread_mutex_unlock(&rg.mu);
    for (size_t i = 0; i < started; i++) pthread_join(th[i].tid, NULL);
    /* rg is gone: every batch was written */
    here_run = (salvage_ctx){NULL, NULL, w, rc == 0 && !(o->interrupt && *o->interrupt)};
    weft_reader_keep_notes(r, 0);
    st->docs = written;
    pthread_cond_destroy(&rg.work);
    pthread_cond_destroy(&rg.done);
    pthread_mutex_destroy(&rg.mu);
out:
    if (th)
        for (size_t i = 0; i < nw; i++) {
            if (th[i].wk) {
                add_stats(st, th[i].wk, p->nstages);
                weft_worker_free(th[i].wk);
            }
            weft_render_free(th[i].render);
            weft_doc_free(th[i].doc);
            free(th[i].log.p);
            free(th[i].sc.buf);
            weft_outbuf_free(&th[i].scr);
            for (size_t k = 0; k < th[i].npool; k++) weft_outbuf_free(&th[i].pool[k]);
            free(th[i].pool);
        }
    if (rg.b)
        for (size_t i = 0; i < rg.nb; i++) {
            for (size_t k = 0; k < BATCH_DOCS; k++) {
                weft_doc_free(rg.b[i].docs[k]);
                free(rg.b[i].note[k][0]);
                free(rg.b[i].note[k][1]);
                free(rg.b[i].log[k]);
                free(rg.b[i].failed_id[k]);
                free(rg.b[i].failed_msg[k]);
            }
            free(rg.b[i].raw);
            weft_outbuf_free(&rg.b[i].out);
        }
    here_run = (salvage_ctx){NULL, NULL, NULL, 0};
    weft_doc_free(spare);
    free(runs.iov);
    free(rg.b);
    free(th);
    return rc;
}

int weft_run_stats_start(weft_run_stats *st, const weft_pipeline *p, char *err, size_t errsz) {
    memset(st, 0, sizeof *st);
    st->nstages = p->nstages;
    st->stages = calloc(p->nstages ? p->nstages : 1, sizeof *st->stages);
    if (!st->stages) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    return 0;
}

int weft_run(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
             weft_run_stats *st, char *err, size_t errsz) {
    if (weft_run_stats_start(st, p, err, errsz)) return -1;
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
