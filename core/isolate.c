/*
 * Isolated runs (weft run --isolate): the pipeline runs in worker
 * processes, so a plugin that crashes (or loops forever, with a document
 * timeout) costs the document it held, not the run.
 *
 * The parent opens the pipeline and creates one worker (every stage's
 * create()) before it forks: each worker process starts from a copy of that
 * state, open() runs once, and a replacement starts as clean as the first.
 * The parent finds documents (weft_reader_next_raw: a record's line, a
 * file's path), hands each child a queue of them through memory shared
 * with it (struct iso_ring; the socket carries wake-ups, notes and what is
 * too big for the shared memory), and writes the results in input order. A child decodes each
 * (weft_reader_decode) and renders it as the run's writer would (weft_render_doc) straight into
 * memory shared with the parent (struct iso_spool), with its per-stage
 * counts and the decoder's notes; the parent writes the bytes from there,
 * so the output is byte for byte that of a run without --isolate.
 *
 * What a child is doing lives in a small shared mapping (struct iso_mark):
 * the document it is on, since when, and the stage (worker.c stores the
 * stage index). When a child dies, the parent reaps it, keeps the results
 * that reached it and those waiting in its spool (struct iso_spool), and
 * blames the document the mark names: that document is
 * tried once more in a new worker, then fails with an error record naming
 * the stage, the plugin file and the signal. Every other document the child
 * had not answered is sent again to its replacement. A document running
 * longer than the timeout has its worker killed and fails at once (it is
 * not retried: the time is spent).
 *
 * Memory stays bounded as in run.c: a window of documents in flight (count
 * and bytes), and per child a queue of at most QUEUE_DOCS documents.
 */
#define _GNU_SOURCE /* MSG_NOSIGNAL, SOCK_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "reader.h"
#include "run.h"

/* A child's queue is deep, so that it still has work while the parent
 * takes a batch of results and sends the next tasks (at 64 a child of the
 * short texts ran dry at nearly every batch); what bounds memory for big
 * documents is the bytes. */
#define SLOTS_PER_WORKER 1024         /* documents in flight per worker */
#define WINDOW_BYTES     (16u << 20)  /* raw text in flight, past 2 per worker */
#define QUEUE_DOCS       512          /* documents queued on one child */
#define QUEUE_BYTES      (2u << 20)   /* raw text queued on one child, past one */
#define CHILD_FLUSH_DOCS 128          /* a child sends its results this often */
#define CHILD_FLUSH_AT   (192u << 10) /* or when this many bytes wait */
#define NOTE_SEGS        2            /* segments a child's note names, when it need not hurry */
#define IDLE_MS          200          /* the parent heard nothing this long: children hand over */
#define SLOT_KEEP        (16u << 10)  /* a slot's buffers kept for the next document */
#define SPARES           2            /* bigger result buffers kept for the next big result */
#define SPARE_MAX        (2u << 20)   /* the biggest kept so */
#define SPOOL_SEGS       8            /* a child's shared result segments, used in turn */
#define SEG_BYTES        (256u << 10) /* each; a bigger result goes through the socket */
#define RUN_DOCS         64           /* documents handed to one child in a row */
#define IO_CHUNK         (256u << 10)
#define RING_BYTES       (1u << 20)   /* a child's task ring (struct iso_ring) */
#define RING_INLINE      (256u << 10) /* a bigger task goes through the socket */
#define SOCK_BUF         (4 << 20)    /* socket buffer asked for, each way */

/* ---- messages: a fixed header, then the bytes ---- */

/* A document to run. The parent only finds where a document is (the
 * reader's pending record or file, reader.h): the child decodes it, so the
 * parent neither parses JSON nor reads and inflates files (issue #17). A
 * document the reader made whole (stdin, a FIFO) goes as id and text. */
typedef struct iso_task {
    uint64_t seq;
    uint32_t kind; /* WEFT_PEND_LINE, WEFT_PEND_FILE, or WEFT_PEND_NONE: read whole */
    uint32_t gz;   /* a file: read through zlib */
    uint64_t lineno;
    uint64_t alen; /* the id (whole) or the path, with its NUL */
    uint64_t blen; /* the text (whole), the record with a NUL (line), 0 (file) */
} iso_task;

typedef struct iso_result {
    uint64_t seq;
    uint64_t failed;
    uint64_t rawlen;   /* the document's text: the run's byte count */
    uint64_t consumed; /* input bytes decoding read (a file's), for progress */
    uint64_t notelen;  /* the decoder's notes, each with its NUL */
    uint64_t len;      /* rendered bytes, after nstages weft_stage_stats and the notes */
} iso_result;

/* Shared with one child; written by the child, read by the parent. Each
 * child's mark has a cache line of its own: the child stores into it at
 * every document and stage, and with the marks side by side (24 bytes
 * each) two children's stores fought over one line at -j 2 (#17). */
typedef struct iso_mark {
    _Alignas(64) _Atomic uint64_t doc; /* seq + 1 of the document in hand, 0 when idle */
    _Atomic uint64_t start_ns;         /* when it was taken (CLOCK_MONOTONIC) */
    volatile uint32_t stage;           /* index + 1 of the stage running (worker.c) */
    _Atomic uint32_t stop;             /* set by the parent when interrupted: start nothing more */
    _Atomic uint32_t flush;            /* set by the parent when idle: hand over what is done */
} iso_mark;

/* Where a child puts its results, shared with the parent, so that their
 * bytes are neither sent through the kernel nor copied: the child renders
 * each document straight into the segment it fills, then sends a note (an
 * iso_result with seq ISO_NOTE naming the segment and its count of
 * results) and goes on in the next one. The parent writes the results
 * from the segment and gives it back (busy = 0) once the last of them is
 * written, waking the child with an ISO_WAKE task if it waits for it. A
 * segment holds the rendered bytes from its start up and a head per
 * result (iso_result and the stage counts) from its end down, so the
 * bytes of consecutive results lie end to end and go out in one write.
 * A child that needs a segment the parent still holds (results waiting
 * for an earlier document of another child) says so (ISO_STARVED); the
 * parent then copies those results out and gives the segments back.
 * When the child dies, the parent takes the whole results of the segment
 * it was filling, so the documents it finished before the one that
 * killed it are kept, not run again. A result bigger than a segment is
 * sent through the socket, after the note of the segment before it (the
 * socket keeps the order). */
typedef struct iso_spool {
    _Atomic uint32_t nres[SPOOL_SEGS]; /* whole results in each */
    _Atomic uint32_t busy[SPOOL_SEGS]; /* noted, not yet taken by the parent */
    _Atomic uint32_t cur;              /* the segment being filled */
    _Atomic uint32_t waiting;          /* the child waits for the next one */
    char data[SPOOL_SEGS][SEG_BYTES];
} iso_spool;

/* What goes with a result before its rendered bytes: the decoder's two
 * notes, the document's messages (weft_doclog) and, for a failed document,
 * its id after ISO_FAILED_ID (the parent, which left the record to the
 * child to decode, knows no id: --fail-fast's last word names it), each
 * with its NUL, those that are there. */
#define NOTES         4
#define ISO_FAILED_ID '\x1c'     /* first byte of the note of a failed document's id */
#define ISO_NOTE      UINT64_MAX /* iso_result.seq of a note: rawlen = segment, consumed = results */
#define ISO_STARVED   1u         /* iso_result.failed of a note: the child waits for a segment */
#define ISO_WAKE      0x7777u    /* iso_task.kind that only wakes a child */

/* Where the parent puts a child's tasks, shared with the child, so that
 * handing a document over is one copy of its task into memory the child
 * reads, with no system call (#17): before, the parent copied each task
 * into the slot that kept it, then into the socket's send buffer, and the
 * kernel copied it twice more (send, recv). Entries lie end to end from
 * position 0 up (positions never wrap; an entry lies at position %
 * RING_BYTES, whole: one that would cross the end starts at 0, after a
 * RING_PAD entry). The parent writes an entry, then stores head; the
 * child reads up to head. An entry is kept until the result of its
 * document is taken, so the tasks a dead child did not answer are still
 * there for its replacement, which starts at the oldest of them: nothing
 * is sent again, and the parent reads the task there if it must decode
 * it itself. A task bigger than RING_INLINE (or one that does not fit)
 * goes through the socket as before, with a RING_SOCK entry at its place
 * so the child takes it in order. A child that runs out of tasks sets
 * waiting and sleeps in recv; the parent, after storing head, sends it an
 * ISO_WAKE task if it finds waiting set (both sequentially consistent, so
 * one of the two sees the other and no wake-up is lost). */
typedef struct ring_hdr {
    uint32_t len;  /* the entry's bytes, this header included, a multiple of 8 */
    uint32_t what; /* RING_* */
} ring_hdr;

enum { RING_TASK = 1, RING_SOCK, RING_PAD, RING_SKIP };

typedef struct iso_ring {
    _Alignas(64) _Atomic uint64_t head;    /* the position up to which entries are written */
    _Atomic uint64_t nput;                 /* tasks written (RING_TASK, RING_SOCK entries) */
    _Alignas(64) _Atomic uint32_t waiting; /* the child sleeps in recv for the next task */
    _Alignas(64) char data[RING_BYTES];
} iso_ring;

static size_t align8(size_t n) {
    return (n + 7) & ~(size_t)7;
}

typedef struct iso_buf {
    char *p;
    size_t len, cap, off; /* bytes [off, len) are pending */
} iso_buf;

static int buf_reserve(iso_buf *b, size_t need) {
    if (b->off && b->off == b->len) b->off = b->len = 0;
    if (b->cap - b->len >= need) return 0;
    if (b->off) { /* compact before growing */
        memmove(b->p, b->p + b->off, b->len - b->off);
        b->len -= b->off;
        b->off = 0;
        if (b->cap - b->len >= need) return 0;
    }
    size_t ncap = b->cap ? b->cap : 256; /* a slot per document in flight holds two */
    while (ncap - b->len < need) {
        if (ncap > SIZE_MAX / 2) return -1;
        ncap *= 2;
    }
    char *p = realloc(b->p, ncap);
    if (!p) return -1;
    b->p = p;
    b->cap = ncap;
    return 0;
}

static int buf_put(iso_buf *b, const void *s, size_t n) {
    if (buf_reserve(b, n)) return -1;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    return 0;
}

static void buf_free(iso_buf *b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Forward: the run's spare buffers, sending to a child. */
struct iso_child;
static int push(struct iso_child *c);
struct iso_run;
static void out_from_spare(struct iso_run *R, iso_buf *out, size_t need);

static uint64_t mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ------------------------------------------------------------------------ */
/* The child                                                                 */

static int send_all(int fd, const char *p, size_t n) {
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Decode the pending document of task t (path a, record b) into d (reset):
 * 1, or 2 when the input cannot be read as a document (d then says why).
 * Notes found while decoding go to pd->note, in d's arena. */
static int task_decode(weft_reader *rd, weft_jsonl_scratch *sc, weft_doc *d, const iso_task *t,
                       const char *a, char *b, weft_pending *pd) {
    memset(pd, 0, sizeof *pd);
    pd->kind = (int)t->kind;
    pd->path = a;
    pd->bytes = b;
    pd->len = t->blen ? (size_t)t->blen - 1 : 0;
    pd->lineno = (size_t)t->lineno;
    pd->gz = (int)t->gz;
    return weft_reader_decode(rd, sc, d, pd);
}

/* The head of each result in a segment: its iso_result and stage counts. */
static size_t head_size(size_t nstages) {
    return sizeof(iso_result) + nstages * sizeof(weft_stage_stats);
}

/* Where a child is in the segment it fills: results and rendered bytes. */
typedef struct spool_pos {
    size_t n, used;
    uint32_t unsent, first;       /* segments handed over whose note is not sent yet, from first */
    const _Atomic uint32_t *stop; /* the child's iso_mark.stop: the parent halted */
} spool_pos;

/* Drop the ISO_WAKE tasks at the front of in: they only ended a wait. */
static void drop_wakes(iso_buf *in) {
    iso_task t;
    while (in->len - in->off >= sizeof t) {
        memcpy(&t, in->p + in->off, sizeof t);
        if (t.kind != ISO_WAKE) break;
        in->off += sizeof t;
    }
}

/* Wait for bytes from the parent, into in (what was there may move). The
 * child exits at the end of the stream: the parent closed the socket
 * (done) or shut it for writing (interrupted). */
/* 0, or -1 when the parent closed the socket: the child is done. */
static int child_recv(int fd, iso_buf *in) {
    for (;;) {
        if (buf_reserve(in, IO_CHUNK)) _exit(3);
        ssize_t n = recv(fd, in->p + in->len, in->cap - in->len, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        in->len += (size_t)n;
        drop_wakes(in);
        return 0;
    }
}

/* A worker process's end when nothing went wrong: what it holds is freed
 * first, so that a leak checker following the fork sees none. */
static _Noreturn void child_done(weft_doc *d, iso_buf *in, iso_buf *tk, weft_jsonl_scratch *sc,
                                 weft_doclog *dlog) {
    weft_doc_free(d);
    free(dlog->p);
    buf_free(in);
    buf_free(tk);
    free(sc->buf);
    _exit(0);
}

/* Send the note of the segments handed over since the last one: the
 * first and how many (their counts are in the spool). */
static void send_notes(int fd, spool_pos *pos) {
    if (!pos->unsent) return;
    iso_result note = {ISO_NOTE, 0, pos->first, pos->unsent, 0, 0};
    if (send_all(fd, (const char *)&note, sizeof note)) _exit(0);
    pos->unsent = 0;
}

/* Hand the segment being filled to the parent and move to the next one,
 * once the parent has given it back; tasks that arrive while waiting are
 * kept in in. The note goes now when hurry is set (the child is about to
 * wait, or to send a result through the socket, which must follow it),
 * else once it names NOTE_SEGS segments (each note wakes the parent).
 * The child exits if the parent is gone. */
static void spool_flush(int fd, iso_spool *sp, spool_pos *pos, iso_buf *in, int hurry) {
    if (!pos->n) {
        if (hurry) send_notes(fd, pos);
        return;
    }
    uint32_t k = atomic_load(&sp->cur), next = (k + 1) % SPOOL_SEGS;
    atomic_store(&sp->busy[k], 1);
    if (!pos->unsent++) pos->first = k;
    if (hurry || pos->unsent >= NOTE_SEGS) send_notes(fd, pos);
    /* seq_cst against the parent's busy = 0 then exchange of waiting: one
     * of the two sees the other, so no wake-up is lost */
    int told = 0;
    while (atomic_load(&sp->busy[next])) {
        send_notes(fd, pos); /* the parent gives segments back as it takes them */
        atomic_store(&sp->waiting, 1);
        if (!atomic_load(&sp->busy[next])) break;
        if (!told) { /* the parent may hold it for results it cannot write yet */
            iso_result w = {ISO_NOTE, ISO_STARVED, next, 0, 0, 0};
            if (send_all(fd, (const char *)&w, sizeof w)) _exit(0);
            told = 1;
        }
        if (child_recv(fd, in)) {
            /* End of stream, so recv no longer waits. Closed (the run is
             * over: done, --fail-fast, a write error): nobody gives the
             * segment back, and spinning here would keep the parent
             * waiting for this process to end. Shut for writing
             * (interrupted): the parent still gives segments back, but
             * wakes no one: look again in a while. */
            if (!atomic_load(&sp->busy[next])) break;
            if (!atomic_load_explicit(pos->stop, memory_order_acquire)) _exit(0);
            struct timespec ms = {0, 1000000};
            nanosleep(&ms, NULL);
        }
    }
    atomic_store(&sp->waiting, 0);
    atomic_store(&sp->nres[next], 0);
    atomic_store(&sp->cur, next); /* after its count: a crash never shows stale results */
    pos->n = pos->used = 0;
}

/* Put result r (stats, the notes note[0..NOTES) of nl bytes, rendered bytes
 * body) as the next one of the segment being filled, at its place: the
 * body is there already when body is that place. */
static void spool_put(iso_spool *sp, spool_pos *pos, size_t ns, const iso_result *r,
                      const weft_stage_stats *stats, const char *const note[NOTES],
                      const size_t nl[NOTES], const char *body) {
    uint32_t cur = atomic_load_explicit(&sp->cur, memory_order_relaxed);
    char *seg = sp->data[cur], *at = seg + pos->used;
    for (int k = 0; k < NOTES; k++)
        if (nl[k]) {
            memcpy(at, note[k], nl[k]);
            at += nl[k];
        }
    if (r->len && body != at) memcpy(at, body, (size_t)r->len);
    char *head = seg + SEG_BYTES - head_size(ns) * (pos->n + 1);
    memcpy(head, r, sizeof *r);
    if (ns) memcpy(head + sizeof *r, stats, ns * sizeof *stats);
    for (int k = 0; k < NOTES; k++) pos->used += nl[k];
    pos->used += (size_t)r->len;
    pos->n++;
    atomic_store_explicit(&sp->nres[cur], (uint32_t)pos->n, memory_order_release);
}

/* Runs in the forked process and never returns. */
static _Noreturn void child_main(int fd, weft_reader *rd, weft_worker *wk, weft_render *tw,
                                 iso_mark *mark, iso_spool *sp, iso_ring *ring, uint64_t at,
                                 uint64_t taken, int timed) {
    /* a child's own counts would die with it: without the shared ones
     * (weft_engine_share_warnings) it logs every warning */
    if (!wk->p->eng->wshared) wk->p->eng->warn_repeats = 0;
    static const int quiet[] = {SIGINT, SIGTERM, SIGPIPE};
    static const int deadly[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    /* The parent decides when a run stops: a terminal's ^C reaches the whole
     * process group, and the parent tells its children (iso_mark.stop). */
    for (size_t i = 0; i < sizeof quiet / sizeof *quiet; i++) signal(quiet[i], SIG_IGN);
    /* Die of the signal itself (no crash report, no sanitizer's handler):
     * the parent reads how its child ended and writes the error record. */
    for (size_t i = 0; i < sizeof deadly / sizeof *deadly; i++) signal(deadly[i], SIG_DFL);
    /* A plugin that prints goes to stderr: the child writes nothing to the
     * output itself (the parent does, through its own buffer: stdio's is
     * empty at every fork, weft_outbuf_flush fflushes it),
     * and a stray printf inside the JSON Lines would break it for every
     * reader after. */
    if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) _exit(3);
    weft_pipeline *p = wk->p;
    size_t ns = p->nstages;
    wk->stage_mark = &mark->stage;
    weft_doc *d = weft_doc_new(p->eng->syms);
    weft_jsonl_scratch sc = {0};
    iso_buf in = {0}, tk = {0}; /* from the socket; a task of the ring, copied */
    /* a document's messages go with its result, said by the parent as it
     * writes the document: in input order, and not at all for one after
     * the failure that stops a --fail-fast run */
    weft_doclog dlog = {p->eng, NULL, 0, 0};
    spool_pos pos = {0, 0, 0, 0, &mark->stop};
    size_t hsz = head_size(ns);
    if (!d || buf_reserve(&in, IO_CHUNK)) _exit(3);
    size_t pending = 0;
    for (;;) {
        /* Interrupted: what is done goes out, nothing more is started;
         * the parent reads to the end of the stream. */
        if (atomic_load_explicit(&mark->stop, memory_order_acquire)) {
            spool_flush(fd, sp, &pos, &in, 1);
            child_done(d, &in, &tk, &sc, &dlog);
        }
        if (at == atomic_load_explicit(&ring->head, memory_order_acquire)) {
            /* No task left: what is done goes out before waiting (and
             * tasks that come meanwhile are run first). */
            spool_flush(fd, sp, &pos, &in, 1);
            pending = 0;
            atomic_store(&ring->waiting, 1); /* seq_cst: see iso_ring */
            if (at == atomic_load(&ring->head) && child_recv(fd, &in))
                child_done(d, &in, &tk, &sc, &dlog); /* the parent closed the socket */
            atomic_store(&ring->waiting, 0);
            continue;
        }
        ring_hdr h;
        const char *entry = ring->data + at % RING_BYTES;
        memcpy(&h, entry, sizeof h);
        if (h.len < sizeof h || h.len % 8 || h.len > RING_BYTES - at % RING_BYTES) _exit(3);
        at += h.len;
        if (h.what == RING_PAD || h.what == RING_SKIP) continue;
        taken++;
        iso_task t;
        char *a;
        size_t need = 0; /* a task from the socket: its bytes in in */
        if (h.what == RING_TASK) {
            /* a copy of its own: decoding may rewrite a record in place,
             * and the ring's is the one a replacement would run again */
            memcpy(&t, entry + sizeof h, sizeof t);
            size_t n = (size_t)(t.alen + t.blen);
            if (sizeof h + sizeof t + n > h.len) _exit(3);
            tk.len = tk.off = 0;
            if (buf_put(&tk, entry + sizeof h + sizeof t, n)) _exit(3);
            a = tk.p;
        } else { /* RING_SOCK: the next task on the socket */
            int flushed = 0;
            for (;;) {
                drop_wakes(&in);
                if (in.len - in.off >= sizeof t) {
                    memcpy(&t, in.p + in.off, sizeof t);
                    need = sizeof t + (size_t)(t.alen + t.blen);
                    if (in.len - in.off >= need) break;
                    if (buf_reserve(&in, need - (in.len - in.off))) _exit(3);
                }
                /* What is done goes out before waiting. While it waits
                 * for a segment back the flush reads the socket too, and
                 * may bring the rest of this task: look again before
                 * waiting, or wait for bytes that are all here already. */
                if (!flushed) {
                    spool_flush(fd, sp, &pos, &in, 1);
                    pending = 0;
                    flushed = 1;
                    continue;
                }
                flushed = 0;
                if (child_recv(fd, &in)) child_done(d, &in, &tk, &sc, &dlog);
            }
            a = in.p + in.off + sizeof t;
        }
        {
            /* only a timeout reads it (a clock read costs about 0.1 us
             * here, 3 % of a short text) */
            if (timed) atomic_store_explicit(&mark->start_ns, mono_ns(), memory_order_relaxed);
            atomic_store_explicit(&mark->doc, t.seq + 1, memory_order_release);
            weft_doc_reset(d);
            d->seq = t.seq;
            dlog.len = 0;
            d->log = weft_doclog_keep;
            d->log_ud = &dlog;
            uint64_t consumed = weft_reader_consumed(rd);
            weft_pending pd;
            memset(&pd, 0, sizeof pd);
            int failed;
            if (t.kind == WEFT_PEND_NONE) {
                failed = weft_doc_set_id(d, a) != WEFT_OK ||
                         weft_doc_set_raw(d, a + t.alen, (size_t)t.blen, 1) != WEFT_OK;
                if (failed) _exit(3); /* out of memory: as good as a crash */
            } else {
                /* a document the input fails is written as it is, not run */
                failed = task_decode(rd, &sc, d, &t, a, a + t.alen, &pd) == 2;
            }
            consumed = weft_reader_consumed(rd) - consumed;
            if (!failed)
                failed = weft_worker_process(wk, d) != 0;
            else if (weft_pipeline_declared_layers(p, d) != WEFT_OK)
                _exit(3); /* out of memory: as good as a crash */
            mark->stage = 0;
            const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
            /* a failed document's id (cut to fit) and first error:
             * ISO_FAILED_ID, the id's length in bytes, ':', the id, the error */
            char fid[448] = "";
            if (failed) {
                char m[sizeof((weft_run_stats *)0)->failed_msg];
                weft_doc_first_error(d, m, sizeof m);
                const char *id = d->id ? d->id : "";
                int idlen = (int)strnlen(id, 160);
                snprintf(fid, sizeof fid, "%c%d:%.*s%s", ISO_FAILED_ID, idlen, idlen, id, m);
            }
            size_t nl[NOTES] = {pd.note[0] ? strlen(pd.note[0]) + 1 : 0,
                                pd.note[1] ? strlen(pd.note[1]) + 1 : 0,
                                dlog.len ? dlog.len + 1 : 0, fid[0] ? strlen(fid) + 1 : 0};
            const char *note[NOTES] = {pd.note[0], pd.note[1], dlog.p, fid};
            /* the bytes the writer would write for the document at this
             * place of the output (every document read is written, in
             * order), straight into the segment after its notes while
             * they fit there, else into memory of the outbuf's own */
            size_t nls = nl[0] + nl[1] + nl[2] + nl[3];
            size_t fixed = hsz * (pos.n + 1) + pos.used + nls;
            char *place = sp->data[atomic_load_explicit(&sp->cur, memory_order_relaxed)] +
                          (fixed <= SEG_BYTES ? pos.used + nls : 0);
            weft_outbuf rendered;
            weft_outbuf_borrow(&rendered, place, fixed <= SEG_BYTES ? SEG_BYTES - fixed : 0);
            if (weft_render_doc(tw, &rendered, d, t.seq) != 0) _exit(3);
            /* the task's bytes are not needed from here on (waiting for a
             * segment may move them) */
            in.off += need;
            iso_result r = {t.seq, (uint64_t)failed, raw ? raw->len : 0, consumed,
                            nls,   rendered.len};
            /* The result is safe (in the spool, or sent) before the
             * document is let go: a crash from here on blames no one. */
            if (fixed <= SEG_BYTES && rendered.buf == place) {
                spool_put(sp, &pos, ns, &r, wk->stats, note, nl, place);
            } else {
                int big = hsz + nls + rendered.len > SEG_BYTES;
                /* Done: what follows waits for the parent (a segment
                 * back, room in the socket), which may be held up writing
                 * to a slow reader, and a --doc-timeout must not count
                 * that wait as the document's. A crash from here on is
                 * weft's: the document is run again, not blamed. */
                atomic_store_explicit(&mark->doc, 0, memory_order_release);
                spool_flush(fd, sp, &pos, &in, big);
                if (!big) {
                    spool_put(sp, &pos, ns, &r, wk->stats, note, nl, rendered.buf);
                } else {
                    const char *part[7] = {(const char *)&r, (const char *)wk->stats,
                                           note[0],          note[1],
                                           note[2],          note[3],
                                           rendered.buf};
                    size_t plen[7] = {
                        sizeof r, ns * sizeof *wk->stats, nl[0], nl[1], nl[2], nl[3], rendered.len};
                    for (int k = 0; k < 7; k++)
                        if (plen[k] && send_all(fd, part[k], plen[k])) {
                            weft_outbuf_free(&rendered);
                            child_done(d, &in, &tk, &sc, &dlog);
                        }
                }
            }
            weft_outbuf_free(&rendered);
            memset(wk->stats, 0, ns * sizeof *wk->stats);
            atomic_store_explicit(&mark->doc, 0, memory_order_release);
            if (++pending >= CHILD_FLUSH_DOCS || pos.used >= CHILD_FLUSH_AT) {
                /* the note goes at once when the tasks run low: the
                 * parent hands out more when it takes it */
                uint64_t left = atomic_load_explicit(&ring->nput, memory_order_relaxed) - taken;
                spool_flush(fd, sp, &pos, &in, left < QUEUE_DOCS / 4);
                pending = 0;
            } else if (atomic_load_explicit(&mark->flush, memory_order_relaxed)) {
                /* slow documents: what is done is written without waiting
                 * for a segment's worth (the run's output is flushed at
                 * least every 200 ms, README) */
                atomic_store_explicit(&mark->flush, 0, memory_order_relaxed);
                spool_flush(fd, sp, &pos, &in, 1);
                pending = 0;
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* The parent                                                                */

enum { S_FREE, S_QUEUED, S_DONE };

typedef struct iso_slot {
    weft_doc *d;  /* read whole: kept until written, to send again */
    iso_buf task; /* pend, not inring: the task as sent, kept to send again */
    int pend;     /* left pending by the reader: a child decodes it */
    int inring;   /* queued: its task is in the child's ring, else it went through the socket */
    uint64_t tpos, tend; /* queued: its entry in the child's ring (iso_ring) */
    int decoded;         /* pend, and decoded into d here (after a crash) */
    int state;
    int failed;
    int own;           /* written from d by the parent (reader failure, crash), not from out */
    int tries;         /* workers that died on it */
    size_t bytes;      /* its text, or what the reader expects until it is decoded */
    uint64_t rawlen;   /* pend: its text, for the run's byte count */
    uint64_t consumed; /* pend: input a child read for it, for progress */
    char *note[2];     /* pend: the decoder's notes, passed on as it is written */
    char *log;         /* the document's messages (weft_doclog), said as it is written */
    char *failid;      /* a child's failed document: its id (ISO_FAILED_ID), NULL: none */
    char *failmsg;     /* and its first error (weft_doc_first_error) */
    const char *ref;   /* rendered by a child: its bytes in the child's segment, */
    size_t reflen;
    uint32_t refkid, refseg; /* which is held until they are written */
    iso_buf out;             /* or a copy of them (through the socket, or copied out) */
} iso_slot;

typedef struct iso_child {
    pid_t pid; /* 0: none */
    int fd;    /* the parent's end of the socket, -1 when none */
    iso_buf tx, rx;
    uint64_t *queue; /* seqs sent and not answered, oldest first (a ring) */
    size_t qhead, qn, qbytes;
    int deaths;                /* ended since its last result without a document to blame */
    int starved;               /* it said it waits for a segment (ISO_STARVED) */
    uint32_t held[SPOOL_SEGS]; /* results of each segment not yet written */
    iso_mark *mark;
    iso_spool *spool;
    iso_ring *ring;
    uint64_t wr;       /* where the next entry of its ring goes */
    uint64_t nput;     /* tasks written into its ring */
    uint32_t seg_next; /* the segment its next note starts with */
    uint64_t rel;      /* its ring's oldest entry still needed (a task not answered) */
} iso_child;

typedef struct iso_run {
    weft_pipeline *p;
    weft_reader *r;
    weft_writer *w;
    const weft_run_opts *o;
    weft_run_stats *st;
    uint64_t timeout_ns;
    weft_worker *proto; /* what every child starts from */
    weft_render *twin;  /* renders in the children as the writer would write */
    iso_slot *slots;
    size_t nslots; /* a power of two: a slot is found with a mask, not a division */
    size_t mask;   /* nslots - 1 */
    size_t window; /* documents in flight at most (SLOTS_PER_WORKER each) */
    iso_child *kids;
    size_t nkids;
    iso_mark *marks;
    size_t marks_len;
    iso_spool *spools;
    iso_ring *rings;
    uint64_t inflight;        /* text bytes in flight */
    size_t run_kid, run_left; /* the child taking documents in a row, and how many more */
    int halted;               /* interrupted: the children start nothing more, none is replaced */
    weft_jsonl_scratch sc;    /* decoding here, after a crash */
    /* A result bigger than a segment comes through the socket into its
     * slot's buffer, freed once written (a slot keeps SLOT_KEEP): each such
     * news page was fresh memory faulted in, about 900 page faults on the
     * dev pages (#17). Up to SPARES such buffers wait here for the next. */
    iso_buf spare[SPARES];
    size_t nspare;
    char *err;
    size_t errsz;
} iso_run;

/* Empty out is to take need bytes: past a slot's keep, from a spare if
 * there is one (the biggest: growing it is a realloc in place or a copy
 * of nothing). */
static void out_from_spare(iso_run *R, iso_buf *out, size_t need) {
    if (need <= SLOT_KEEP || out->cap >= need || !R->nspare) return;
    size_t best = 0;
    for (size_t i = 1; i < R->nspare; i++)
        if (R->spare[i].cap > R->spare[best].cap) best = i;
    buf_free(out);
    *out = R->spare[best];
    out->len = out->off = 0;
    R->spare[best] = R->spare[--R->nspare];
}

static iso_slot *slot_of(iso_run *R, uint64_t seq) {
    return &R->slots[seq & R->mask];
}

static int queue_task(iso_run *R, iso_child *c, uint64_t seq) {
    iso_slot *s = slot_of(R, seq);
    if (s->pend) return buf_put(&c->tx, s->task.p, s->task.len);
    const weft_view *raw = weft_doc_view(s->d, WEFT_SYM_RAW);
    const char *id = s->d->id ? s->d->id : "";
    iso_task t = {seq, WEFT_PEND_NONE, 0, 0, strlen(id) + 1, raw ? raw->len : 0};
    if (buf_put(&c->tx, &t, sizeof t) || buf_put(&c->tx, id, (size_t)t.alen) ||
        buf_put(&c->tx, raw ? raw->text : "", (size_t)t.blen))
        return -1;
    return 0;
}

/* Keep the task of a document the reader left pending (its path and
 * record are valid until the next read), to go through the socket. 0, or
 * -1 when out of memory. */
static int keep_task(iso_slot *s, uint64_t seq, const weft_pending *pd) {
    size_t pl = strlen(pd->path) + 1, bl = pd->kind == WEFT_PEND_LINE ? pd->len + 1 : 0;
    iso_task t = {seq, (uint32_t)pd->kind, (uint32_t)pd->gz, pd->lineno, pl, bl};
    s->task.len = s->task.off = 0;
    if (buf_put(&s->task, &t, sizeof t) || buf_put(&s->task, pd->path, pl) ||
        (bl && (buf_put(&s->task, pd->bytes, pd->len) || buf_put(&s->task, "", 1))))
        return -1;
    s->pend = 1;
    return 0;
}

static uint64_t ring_free(const iso_child *c) {
    return RING_BYTES - (c->wr - c->rel);
}

/* Room for an entry of len bytes (a multiple of 8) in c's ring, after a
 * RING_PAD entry when it would cross the end: its position, or UINT64_MAX
 * when it does not fit. */
static uint64_t ring_take(iso_child *c, size_t len) {
    size_t off = (size_t)(c->wr % RING_BYTES);
    size_t pad = RING_BYTES - off < len ? RING_BYTES - off : 0;
    if (pad + len > ring_free(c)) return UINT64_MAX;
    if (pad) {
        ring_hdr h = {(uint32_t)pad, RING_PAD};
        memcpy(c->ring->data + off, &h, sizeof h);
        c->wr += pad;
    }
    uint64_t at = c->wr;
    c->wr += len;
    return at;
}

/* Let c see the entries written into its ring, waking it if it waits for
 * them (see iso_ring). 0, or -1 when out of memory. */
static int ring_publish(iso_child *c) {
    atomic_store_explicit(&c->ring->nput, c->nput, memory_order_relaxed);
    atomic_store(&c->ring->head, c->wr);
    if (atomic_load(&c->ring->waiting) && atomic_exchange(&c->ring->waiting, 0)) {
        iso_task t = {0, ISO_WAKE, 0, 0, 0, 0};
        if (buf_put(&c->tx, &t, sizeof t)) return -1;
        if (push(c) != 0) c->tx.off = c->tx.len = 0; /* gone: its end of stream tells */
    }
    return 0;
}

/* Hand document seq (just read: pd, or whole in its slot's d) to c: its
 * task into c's ring, or when it is too big for it into the slot and the
 * socket, with a RING_SOCK entry at its place. 0, or -1 when out of
 * memory. */
static int put_task(iso_run *R, iso_child *c, uint64_t seq, const weft_pending *pd) {
    iso_slot *s = slot_of(R, seq);
    iso_task t = {seq, WEFT_PEND_NONE, 0, 0, 0, 0};
    const char *a, *b;
    size_t blen;
    if (pd->kind) {
        a = pd->path;
        b = pd->bytes;
        blen = pd->kind == WEFT_PEND_LINE ? pd->len : 0;
        t = (iso_task){
            seq,        (uint32_t)pd->kind, (uint32_t)pd->gz,
            pd->lineno, strlen(a) + 1,      pd->kind == WEFT_PEND_LINE ? pd->len + 1 : 0};
    } else {
        const weft_view *raw = weft_doc_view(s->d, WEFT_SYM_RAW);
        a = s->d->id ? s->d->id : "";
        b = raw ? raw->text : "";
        blen = raw ? raw->len : 0;
        t.alen = strlen(a) + 1;
        t.blen = blen;
    }
    size_t len = align8(sizeof(ring_hdr) + sizeof t + (size_t)(t.alen + t.blen));
    uint64_t at = len <= RING_INLINE ? ring_take(c, len) : UINT64_MAX;
    s->inring = at != UINT64_MAX;
    if (s->inring) {
        char *e = c->ring->data + at % RING_BYTES;
        ring_hdr h = {(uint32_t)len, RING_TASK};
        memcpy(e, &h, sizeof h);
        e += sizeof h;
        memcpy(e, &t, sizeof t);
        e += sizeof t;
        memcpy(e, a, (size_t)t.alen);
        e += t.alen;
        if (blen) memcpy(e, b, blen);
        if (t.blen > blen) e[blen] = 0; /* a record's NUL */
    } else {
        /* has_room keeps space for this entry */
        if ((pd->kind && keep_task(s, seq, pd)) ||
            (at = ring_take(c, sizeof(ring_hdr))) == UINT64_MAX)
            return -1;
        ring_hdr h = {(uint32_t)sizeof h, RING_SOCK};
        memcpy(c->ring->data + at % RING_BYTES, &h, sizeof h);
        if (queue_task(R, c, seq)) return -1;
    }
    s->tpos = at;
    s->tend = c->wr;
    c->nput++;
    return ring_publish(c);
}

/* A message of s's document, said when it is written (weft_doclog), after
 * what it holds already. */
static void slot_log(iso_run *R, iso_slot *s, int level, const char *msg) {
    size_t n = s->log ? strlen(s->log) : 0;
    weft_doclog l = {R->p->eng, s->log, n, n ? n + 1 : 0};
    weft_doclog_keep(&l, s->d, level, msg);
    s->log = l.p;
}

/* Add the kept log of a child (a string weft_doclog_is) to s's. */
static void slot_log_add(iso_slot *s, const char *kept, size_t n) {
    if (!s->log) {
        s->log = strndup(kept, n); /* NULL: out of memory, the messages are lost */
        return;
    }
    size_t have = strlen(s->log);
    char *p = n ? realloc(s->log, have + n) : NULL; /* kept's GS is not repeated */
    if (!p) return;
    memcpy(p + have, kept + 1, n - 1);
    p[have + n - 1] = '\0';
    s->log = p;
}

static void free_notes(iso_slot *s) {
    for (int k = 0; k < 2; k++)
        if (s->note[k]) {
            free(s->note[k]);
            s->note[k] = NULL;
        }
    free(s->failid);
    s->failid = NULL;
    free(s->failmsg);
    s->failmsg = NULL;
}

/* Decode a pending document into s->d here, once: one that crashed its
 * workers is written from it, and the warnings name its id. Decoding may
 * rewrite a record in place, so it works on a copy and the task stays as
 * sent. 0, or -1 when out of memory. */
static int decode_here(iso_run *R, const iso_child *c, iso_slot *s) {
    if (!s->pend || s->decoded) return 0;
    /* the task is in c's ring (kept until answered), or was kept here */
    const char *task =
        s->inring ? c->ring->data + s->tpos % RING_BYTES + sizeof(ring_hdr) : s->task.p;
    iso_task t;
    memcpy(&t, task, sizeof t);
    size_t n = (size_t)(t.alen + t.blen);
    char *copy = malloc(n ? n : 1);
    if (!copy) return -1;
    memcpy(copy, task + sizeof t, n);
    weft_doc_reset(s->d);
    s->d->seq = t.seq;
    s->d->log = weft_engine_doc_log;
    s->d->log_ud = R->p->eng;
    weft_pending pd;
    task_decode(R->r, &R->sc, s->d, &t, copy, copy + t.alen, &pd);
    free(copy);
    free_notes(s);
    for (int k = 0; k < 2; k++) /* NULL: out of memory, the note is lost */
        if (pd.note[k]) s->note[k] = strdup(pd.note[k]);
    const weft_view *raw = weft_doc_view(s->d, WEFT_SYM_RAW);
    s->rawlen = raw ? raw->len : 0;
    s->consumed = 0; /* the reader counted what it read here */
    s->decoded = 1;
    return 0;
}

static void enqueue(iso_run *R, iso_child *c, uint64_t seq) {
    c->queue[(c->qhead + c->qn++) & R->mask] = seq;
    c->qbytes += slot_of(R, seq)->bytes;
}

static uint64_t dequeue(iso_run *R, iso_child *c) {
    uint64_t seq = c->queue[c->qhead];
    c->qhead = (c->qhead + 1) & R->mask;
    c->qn--;
    iso_slot *s = slot_of(R, seq);
    c->qbytes -= s->bytes;
    /* answered: its ring entry (and any before it) may be written over */
    c->rel = c->qn ? s->tend : c->wr;
    return seq;
}

/* Where seq is in c's queue, or -1. */
static long queue_find(const iso_run *R, const iso_child *c, uint64_t seq) {
    for (size_t k = 0; k < c->qn; k++)
        if (c->queue[(c->qhead + k) & R->mask] == seq) return (long)k;
    return -1;
}

/* Take the k-th document out of the queue of c (dead), keeping the
 * others' order; its ring entry is skipped by the replacement. */
static void queue_remove(iso_run *R, iso_child *c, size_t k) {
    iso_slot *s = slot_of(R, c->queue[(c->qhead + k) & R->mask]);
    c->qbytes -= s->bytes;
    ring_hdr h;
    memcpy(&h, c->ring->data + s->tpos % RING_BYTES, sizeof h);
    h.what = RING_SKIP;
    memcpy(c->ring->data + s->tpos % RING_BYTES, &h, sizeof h);
    for (; k + 1 < c->qn; k++)
        c->queue[(c->qhead + k) & R->mask] = c->queue[(c->qhead + k + 1) & R->mask];
    if (!--c->qn) c->rel = c->wr;
}

/* Fork child i from the prototype worker. 0, or -1 with err set. */
static int spawn(iso_run *R, size_t i) {
    iso_child *c = &R->kids[i];
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(R->err, R->errsz, "cannot start a worker process: %s", strerror(errno));
        return -1;
    }
    atomic_store(&c->mark->doc, 0);
    c->starved = 0;
    for (size_t k = 0; k < SPOOL_SEGS; k++) {
        c->held[k] = 0; /* what a dead child's segments held was copied out */
        atomic_store(&c->spool->nres[k], 0);
        atomic_store(&c->spool->busy[k], 0);
    }
    atomic_store(&c->spool->cur, 0);
    atomic_store(&c->spool->waiting, 0);
    c->seg_next = 0;
    /* the tasks it left are still in the ring, from rel up */
    atomic_store(&c->ring->head, c->wr);
    atomic_store(&c->ring->waiting, 0);
    atomic_store(&c->mark->start_ns, 0);
    c->mark->stage = 0;
    atomic_store(&c->mark->stop, 0);
    atomic_store(&c->mark->flush, 0);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(R->err, R->errsz, "cannot start a worker process: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        int sz = SOCK_BUF;
        setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
        setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
#ifdef __linux__
        /* A parent killed outright takes its workers along. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
        if (getppid() != parent) _exit(0);
        /* Another child's socket held open here would hide that child's
         * end from the parent, and the parent's close from that child. */
        for (size_t j = 0; j < R->nkids; j++)
            if (R->kids[j].fd >= 0) close(R->kids[j].fd);
        close(sv[0]);
        child_main(sv[1], R->r, R->proto, R->twin, c->mark, c->spool, c->ring, c->rel,
                   c->nput - c->qn, R->timeout_ns != 0);
    }
    close(sv[1]);
    /* Room for a batch of rendered documents in the socket (the default is
     * about 200 KiB): fewer wake-ups of the child waiting to send. Best
     * effort; the kernel caps it at net.core.wmem_max. */
    int sz = SOCK_BUF;
    setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
    int fl = fcntl(sv[0], F_GETFL);
    if (fl < 0 || fcntl(sv[0], F_SETFL, fl | O_NONBLOCK) != 0) {
        snprintf(R->err, R->errsz, "cannot start a worker process: %s", strerror(errno));
        close(sv[0]);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    c->pid = pid;
    c->fd = sv[0];
    c->tx.len = c->tx.off = 0;
    c->rx.len = c->rx.off = 0;
    /* What the last child held and did not answer goes to this one: those
     * in the ring are there still, the others are sent again. */
    for (size_t k = 0; k < c->qn; k++)
        if (!slot_of(R, c->queue[(c->qhead + k) & R->mask])->inring &&
            queue_task(R, c, c->queue[(c->qhead + k) & R->mask])) {
            snprintf(R->err, R->errsz, "out of memory");
            return -1;
        }
    return 0;
}

/* Take the result r of the document at the head of c's queue: its stats,
 * notes and rendered bytes (body) are where the arguments say; seg is the
 * segment of c that holds body until it is written, or -1 when body is
 * to be copied now. 0, or -1 with err set. */
static int take_one(iso_run *R, iso_child *c, const iso_result *rp, const char *stats,
                    const char *notes, const char *body, int seg) {
    size_t ns = R->p->nstages;
    const iso_result r = *rp;
    dequeue(R, c);
    for (size_t i = 0; i < ns; i++) {
        weft_stage_stats one;
        memcpy(&one, stats + i * sizeof one, sizeof one);
        R->st->stages[i].ns += one.ns;
        R->st->stages[i].docs += one.docs;
        R->st->stages[i].failed += one.failed;
    }
    c->deaths = 0; /* it got somewhere */
    iso_slot *s = slot_of(R, r.seq);
    if (s->pend) {
        /* the reader's guess (a file's size on disk) becomes the text's */
        R->inflight = R->inflight - s->bytes + (size_t)r.rawlen;
        s->bytes = (size_t)r.rawlen;
        s->rawlen = r.rawlen;
        if (!s->decoded) s->consumed = r.consumed;
    }
    /* NULL: out of memory, the note is lost */
    const char *note = notes, *end = note + r.notelen;
    for (int k = s->note[0] != NULL; note < end;) {
        size_t m = strnlen(note, (size_t)(end - note));
        if (weft_doclog_is(note)) {
            slot_log_add(s, note, m);
        } else if (m && note[0] == ISO_FAILED_ID) {
            /* the id's length, ':', the id, the first error */
            char *colon;
            unsigned long idlen = strtoul(note + 1, &colon, 10);
            free(s->failid);
            free(s->failmsg);
            s->failid = s->failmsg = NULL;
            if (*colon == ':' && idlen <= (size_t)(note + m - colon - 1)) {
                /* NULL: out of memory, unnamed or unsaid */
                s->failid = strndup(colon + 1, (size_t)idlen);
                s->failmsg = strndup(colon + 1 + idlen, (size_t)(note + m - colon - 1) - idlen);
            }
        } else if (s->pend && k < 2) {
            s->note[k++] = strndup(note, m);
        }
        note += m + 1;
    }
    s->out.len = s->out.off = 0;
    if (seg >= 0) {
        s->ref = body;
        s->reflen = (size_t)r.len;
        s->refkid = (uint32_t)(c - R->kids);
        s->refseg = (uint32_t)seg;
        c->held[seg]++;
    } else if (out_from_spare(R, &s->out, (size_t)r.len), buf_put(&s->out, body, (size_t)r.len)) {
        snprintf(R->err, R->errsz, "out of memory");
        return -1;
    }
    s->failed = r.failed != 0;
    s->state = S_DONE;
    return 0;
}

/* The size of the whole result at p (n bytes there), or 0 when it is not
 * all there yet. */
static size_t result_size(const iso_run *R, const char *p, size_t n, iso_result *r) {
    if (n < sizeof *r) return 0;
    memcpy(r, p, sizeof *r);
    if (r->seq == ISO_NOTE) return sizeof *r;
    size_t statsz = R->p->nstages * sizeof(weft_stage_stats);
    if (r->notelen > n || r->len > n) return 0;
    size_t need = sizeof *r + statsz + (size_t)r->notelen + (size_t)r->len;
    return need <= n ? need : 0;
}

/* Give c's segment k back, waking c if it waits for it. 0, or -1 with err
 * set. */
static int seg_release(iso_run *R, iso_child *c, uint32_t k) {
    /* seq_cst: see spool_flush */
    atomic_store(&c->spool->busy[k], 0);
    if (atomic_exchange(&c->spool->waiting, 0)) {
        iso_task t = {0, ISO_WAKE, 0, 0, 0, 0};
        if (buf_put(&c->tx, &t, sizeof t)) {
            snprintf(R->err, R->errsz, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* Take the first n whole results of c's segment k, the results of those
 * still in c's queue (skip: the others, taken before, are left alone),
 * holding the segment for their bytes. 0, or -1 with err set. */
static int take_heads(iso_run *R, iso_child *c, uint32_t k, size_t n, int skip) {
    size_t hsz = head_size(R->p->nstages);
    if (n > SEG_BYTES / hsz) {
        snprintf(R->err, R->errsz, "a worker process sent a bad note");
        return -1;
    }
    const char *data = c->spool->data[k];
    size_t lim = SEG_BYTES - n * hsz, off = 0;
    for (size_t i = 0; i < n; i++) {
        const char *head = data + SEG_BYTES - (i + 1) * hsz;
        iso_result r;
        memcpy(&r, head, sizeof r);
        if (r.notelen > lim - off || r.len > lim - off - r.notelen) {
            snprintf(R->err, R->errsz, "a worker process sent a bad note");
            return -1;
        }
        const char *notes = data + off;
        off += (size_t)(r.notelen + r.len);
        if (skip && queue_find(R, c, r.seq) < 0) continue;
        if (!c->qn || c->queue[c->qhead] != r.seq) {
            snprintf(R->err, R->errsz, "a worker process answered out of turn");
            return -1;
        }
        if (take_one(R, c, &r, head + sizeof r, notes, notes + r.notelen, (int)k)) return -1;
    }
    return 0;
}

/* Take the results of c's segment k (n of them), noted by the child; the
 * segment is given back once they are written. 0, or -1 with err set. */
static int take_seg(iso_run *R, iso_child *c, uint64_t k, uint64_t n) {
    if (k >= SPOOL_SEGS || !n || c->held[k] || !atomic_load(&c->spool->busy[k])) {
        snprintf(R->err, R->errsz, "a worker process sent a bad note");
        return -1;
    }
    return take_heads(R, c, (uint32_t)k, (size_t)n, 0);
}

/* Take the results of the m segments of c from k on, which its note
 * names (their counts are in the spool). 0, or -1 with err set. */
static int take_note(iso_run *R, iso_child *c, uint64_t k, uint64_t m) {
    if (k >= SPOOL_SEGS || !m || m > SPOOL_SEGS || k != c->seg_next) {
        snprintf(R->err, R->errsz, "a worker process sent a bad note");
        return -1;
    }
    for (uint64_t i = 0; i < m; i++) {
        uint32_t seg = (uint32_t)((k + i) % SPOOL_SEGS);
        if (take_seg(R, c, seg, atomic_load_explicit(&c->spool->nres[seg], memory_order_acquire)))
            return -1;
    }
    c->seg_next = (uint32_t)((k + m) % SPOOL_SEGS);
    return 0;
}

/* Copy out the results of child i that its segments hold, so that it can
 * have them back (give_back: now; else the child is dead and its
 * replacement starts from empty segments). 0, or -1 with err set. */
static int copy_out(iso_run *R, size_t i, int give_back) {
    iso_child *c = &R->kids[i];
    /* Only the segments whose note was taken: one noted since (its note
     * not read yet) is busy too, and giving it back would let the child
     * write over results the parent has not seen. */
    unsigned held = 0;
    for (unsigned k = 0; k < SPOOL_SEGS; k++)
        if (c->held[k]) held |= 1u << k;
    if (!held) return 0;
    for (size_t j = 0; j < R->nslots; j++) {
        iso_slot *s = &R->slots[j];
        if (!s->ref || s->refkid != i) continue;
        s->out.len = s->out.off = 0;
        out_from_spare(R, &s->out, s->reflen);
        if (buf_put(&s->out, s->ref, s->reflen)) {
            snprintf(R->err, R->errsz, "out of memory");
            return -1;
        }
        s->ref = NULL;
    }
    for (uint32_t k = 0; k < SPOOL_SEGS; k++)
        if (held & (1u << k)) {
            c->held[k] = 0;
            if (give_back && seg_release(R, c, k)) return -1;
        }
    return 0;
}

/* Take every whole result in c's buffer. 0, or -1 (out of memory, or a
 * child that answers out of turn) with err set. */
static int take_results(iso_run *R, iso_child *c) {
    iso_result r;
    size_t need;
    while ((need = result_size(R, c->rx.p + c->rx.off, c->rx.len - c->rx.off, &r)) > 0) {
        if (r.seq == ISO_NOTE) {
            if (r.failed == ISO_STARVED)
                c->starved = 1; /* the loop sees to it once it has written what it can */
            else if (take_note(R, c, r.rawlen, r.consumed))
                return -1;
            c->rx.off += need;
            continue;
        }
        if (!c->qn || c->queue[c->qhead] != r.seq) {
            snprintf(R->err, R->errsz, "a worker process answered out of turn");
            return -1;
        }
        const char *at = c->rx.p + c->rx.off + sizeof r;
        const char *notes = at + R->p->nstages * sizeof(weft_stage_stats);
        if (take_one(R, c, &r, at, notes, notes + r.notelen, -1)) return -1;
        c->rx.off += need;
    }
    return 0;
}

/* After c's process ended: the results it had finished and not noted,
 * from the segment it was filling. Those of a segment it noted just before
 * it died were taken with the note; the head of the queue says which are
 * still wanted. 0, or -1 with err set. */
static int take_spool(iso_run *R, iso_child *c) {
    uint32_t k = atomic_load(&c->spool->cur) % SPOOL_SEGS;
    /* first those it handed over and had not named in a note yet (they
     * come before the one it was filling) */
    for (uint32_t i = 0; i < SPOOL_SEGS; i++) {
        uint32_t seg = (c->seg_next + i) % SPOOL_SEGS;
        if (seg == k || !atomic_load(&c->spool->busy[seg]) || c->held[seg]) break;
        size_t n = atomic_load_explicit(&c->spool->nres[seg], memory_order_acquire);
        if (n && take_heads(R, c, seg, n, 1)) return -1;
        atomic_store(&c->spool->nres[seg], 0);
    }
    size_t n = atomic_load_explicit(&c->spool->nres[k], memory_order_acquire);
    if (n && take_heads(R, c, k, n, 1)) return -1;
    atomic_store(&c->spool->nres[k], 0);
    return 0;
}

/* Read what c sent. 1 at end of stream, 0, or -1 with err set. */
static int pull(iso_run *R, iso_child *c) {
    for (;;) {
        if (buf_reserve(&c->rx, IO_CHUNK)) {
            snprintf(R->err, R->errsz, "out of memory");
            return -1;
        }
        ssize_t k = recv(c->fd, c->rx.p + c->rx.len, c->rx.cap - c->rx.len, 0);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (k <= 0) {
            if (take_results(R, c)) return -1;
            return 1;
        }
        c->rx.len += (size_t)k;
        if (c->rx.cap - c->rx.len >= IO_CHUNK / 2 && (size_t)k < IO_CHUNK / 2) break;
    }
    return take_results(R, c);
}

/* Send what is pending to c. 0, or 1 when c is gone (its end of stream
 * tells the rest). */
static int push(iso_child *c) {
    while (c->tx.off < c->tx.len) {
        ssize_t k = send(c->fd, c->tx.p + c->tx.off, c->tx.len - c->tx.off, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (k <= 0) return 1;
        c->tx.off += (size_t)k;
    }
    c->tx.off = c->tx.len = 0;
    return 0;
}

static const char *sig_name(int sig) {
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV";
    case SIGBUS:
        return "SIGBUS";
    case SIGFPE:
        return "SIGFPE";
    case SIGILL:
        return "SIGILL";
    case SIGABRT:
        return "SIGABRT";
    case SIGKILL:
        return "SIGKILL";
    case SIGTERM:
        return "SIGTERM";
    case SIGSYS:
        return "SIGSYS";
    case SIGTRAP:
        return "SIGTRAP";
    default:
        return NULL;
    }
}

/* Child c has ended (timed_out: the parent killed it). Keep the results
 * that reached the parent, blame the document its mark names, start a
 * replacement. 0, or -1 with err set. */
static int child_ended(iso_run *R, size_t i, int timed_out, uint64_t killed_doc) {
    iso_child *c = &R->kids[i];
    int status = 0;
    while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR) {
    }
    c->pid = 0;
    /* Whatever it sent before it ended is still in the socket, and what it
     * finished since is in its spool. */
    int rc = pull(R, c);
    close(c->fd);
    c->fd = -1;
    /* its replacement starts from empty segments */
    if (rc < 0 || take_spool(R, c) || copy_out(R, i, 0)) return -1;
    uint64_t doc = atomic_load_explicit(&c->mark->doc, memory_order_acquire);
    uint32_t stage = c->mark->stage;
    /* Results it had not sent yet are lost: those documents are simply
     * sent again. A timeout blames the document it was measured on only. */
    long at = doc && (!timed_out || doc == killed_doc) ? queue_find(R, c, doc - 1) : -1;
    if (at < 0 && !R->halted && ++c->deaths >= 3) {
        snprintf(R->err, R->errsz,
                 "worker processes keep ending outside any document (last: %s %d)",
                 WIFSIGNALED(status) ? "signal" : "exit status",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        return -1;
    }
    if (at >= 0) {
        c->deaths = 0;
        iso_slot *s = slot_of(R, doc - 1);
        if (decode_here(R, c, s)) {
            snprintf(R->err, R->errsz, "out of memory");
            return -1;
        }
        const weft_stage *stg = stage && stage <= R->p->nstages ? &R->p->stages[stage - 1] : NULL;
        const char *sname = stg ? stg->name : "isolate";
        char how[160], where[4200], msg[4600];
        if (timed_out)
            snprintf(how, sizeof how, "ran longer than the document timeout (%.3g s)",
                     (double)R->timeout_ns / 1e9);
        else if (WIFSIGNALED(status) && sig_name(WTERMSIG(status)))
            snprintf(how, sizeof how, "crashed the worker process (%s)",
                     sig_name(WTERMSIG(status)));
        else if (WIFSIGNALED(status))
            snprintf(how, sizeof how, "crashed the worker process (signal %d)", WTERMSIG(status));
        else
            snprintf(how, sizeof how, "ended the worker process (exit status %d)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        if (stg) {
            memcpy(where, "in ", 3);
            weft_stage_where(stg, where + 3, sizeof where - 3);
        } else
            snprintf(where, sizeof where, "outside any stage");
        s->tries++;
        if (timed_out || s->tries >= 2) {
            snprintf(msg, sizeof msg, "%s %s%s", how, where,
                     timed_out ? "; the worker was replaced"
                               : "; tried twice, in two worker processes");
            queue_remove(R, c, (size_t)at);
            /* counted as other document warnings are (three, then a
             * count): a plugin that crashes on every document would
             * otherwise print two lines a document */
            slot_log(R, s, WEFT_LOG_WARN, msg);
            weft_doc_error_add(s->d, sname, timed_out ? WEFT_ELIMIT : WEFT_EINTERNAL, -1, msg);
            if (weft_pipeline_declared_layers(R->p, s->d) != WEFT_OK) {
                snprintf(R->err, R->errsz, "out of memory");
                return -1;
            }
            s->d->failed = 1;
            s->failed = 1;
            s->own = 1;
            s->state = S_DONE;
            if (stg) {
                R->st->stages[stage - 1].docs++;
                R->st->stages[stage - 1].failed++;
            }
        } else {
            snprintf(msg, sizeof msg, "%s %s; %s", how, where,
                     R->halted ? "not tried again: the run was interrupted"
                               : "trying it once more in a new worker");
            slot_log(R, s, WEFT_LOG_WARN, msg);
        }
    }
    /* Interrupted: nothing more is started, so no replacement either; what
     * it left undone is not written. */
    if (R->halted) return 0;
    return spawn(R, i);
}

static int has_room(const iso_child *c) {
    return c->fd >= 0 && c->qn < QUEUE_DOCS && (!c->qn || c->qbytes < QUEUE_BYTES) &&
           ring_free(c) >= RING_INLINE;
}

/* The child that takes the next document: the one taking them in a row
 * (RUN_DOCS, so that their results lie end to end in its segments and are
 * written in one piece), else the shortest queue with room; NULL when
 * every queue is full. */
static iso_child *pick(iso_run *R) {
    if (R->run_left && has_room(&R->kids[R->run_kid])) {
        R->run_left--;
        return &R->kids[R->run_kid];
    }
    iso_child *best = NULL;
    for (size_t i = 0; i < R->nkids; i++) {
        iso_child *c = &R->kids[i];
        if (has_room(c) && (!best || c->qn < best->qn)) best = c;
    }
    if (best) {
        R->run_kid = (size_t)(best - R->kids);
        R->run_left = RUN_DOCS - 1;
    }
    return best;
}

/* The next document into d, or left pending in pd (reader.h). */
static int read_doc(iso_run *R, weft_doc *d, weft_pending *pd) {
    const weft_run_opts *o = R->o;
    if (o->interrupt && *o->interrupt) {
        R->st->interrupted = 1;
        return 0;
    }
    int k = weft_reader_next_raw(R->r, d, pd, 1);
    if (o->interrupt && *o->interrupt) { /* the signal may have cut the read short */
        R->st->interrupted = 1;
        return 0;
    }
    if (k <= 0) return k;
    uint64_t seq = R->st->docs++;
    /* a pending one is decoded by a child (its d stays as it is, and
     * untouched: a slot's d is rarely in the cache) */
    if (k == 1 && pd->kind) return k;
    d->seq = seq;
    d->log = weft_engine_doc_log;
    d->log_ud = R->p->eng;
    const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
    if (raw) R->st->bytes += raw->len;
    return k;
}

static void progress(iso_run *R, uint64_t t0, uint64_t *last) {
    const weft_run_opts *o = R->o;
    if (!o->progress || !o->progress_ms) return;
    uint64_t t = mono_ns();
    if (t - *last < (uint64_t)o->progress_ms * 1000000u) return;
    *last = t;
    R->st->seconds = (double)(t - t0) / 1e9;
    o->progress(o->progress_ud, R->st, weft_reader_consumed(R->r));
}

/* Milliseconds poll may sleep: until the earliest document deadline. */
static int poll_ms(iso_run *R, uint64_t now) {
    int ms = R->o->progress && R->o->progress_ms ? (int)R->o->progress_ms : -1;
    /* The interrupt flag may be set by another thread (an embedding
     * program), which does not end a wait as a signal does. */
    if (R->o->interrupt && !R->halted && (ms < 0 || ms > 100)) ms = 100;
    /* a child with work wakes the parent at least this often, else it is
     * told to hand over what it has done (iso_mark.flush) */
    for (size_t i = 0; i < R->nkids; i++)
        if (R->kids[i].qn && (ms < 0 || ms > IDLE_MS)) ms = IDLE_MS;
    if (!R->timeout_ns) return ms;
    for (size_t i = 0; i < R->nkids; i++) {
        uint64_t doc = atomic_load_explicit(&R->kids[i].mark->doc, memory_order_acquire);
        if (!doc && !R->kids[i].qn) continue;
        uint64_t start =
            doc ? atomic_load_explicit(&R->kids[i].mark->start_ns, memory_order_relaxed) : now;
        uint64_t end = start + R->timeout_ns;
        int left = end <= now ? 0 : (int)((end - now) / 1000000u) + 1;
        if (left > 100) left = 100; /* a document just taken is seen soon */
        if (ms < 0 || left < ms) ms = left;
    }
    return ms;
}

static int check_timeouts(iso_run *R) {
    if (!R->timeout_ns) return 0;
    uint64_t now = mono_ns();
    for (size_t i = 0; i < R->nkids; i++) {
        iso_child *c = &R->kids[i];
        if (!c->pid) continue;
        uint64_t doc = atomic_load_explicit(&c->mark->doc, memory_order_acquire);
        uint64_t start = atomic_load_explicit(&c->mark->start_ns, memory_order_relaxed);
        if (!doc || doc != atomic_load_explicit(&c->mark->doc, memory_order_acquire)) continue;
        if (now < start || now - start < R->timeout_ns) continue;
        kill(c->pid, SIGKILL);
        if (child_ended(R, i, 1, doc)) return -1;
    }
    return 0;
}

/* Interrupted: every child finishes the document in hand, sends what it
 * has done and ends (the parent's end of the socket is shut for writing,
 * so one waiting for work sees the end at once); tasks not yet sent are
 * dropped. */
static void halt_kids(iso_run *R) {
    R->halted = 1;
    for (size_t i = 0; i < R->nkids; i++) {
        iso_child *c = &R->kids[i];
        atomic_store_explicit(&c->mark->stop, 1, memory_order_release);
        c->tx.off = c->tx.len = 0;
        if (c->fd >= 0) shutdown(c->fd, SHUT_WR);
    }
}

/* Make slot s free for the next document once it is written (or
 * dropped), giving back the segment that held its bytes if it was the
 * last. 0, or -1 with err set. */
static int slot_free(iso_run *R, iso_slot *s) {
    /* a record a child decoded left d as it was (a tenth of the parent's
     * time on short texts went to resetting it) */
    if (!s->pend || s->decoded) weft_doc_reset(s->d);
    R->inflight -= s->bytes;
    s->bytes = 0;
    s->state = S_FREE;
    s->failed = s->own = s->tries = s->pend = s->decoded = s->inring = 0;
    s->rawlen = s->consumed = 0;
    free_notes(s);
    free(s->log);
    s->log = NULL;
    if (s->ref) {
        iso_child *c = &R->kids[s->refkid];
        s->ref = NULL;
        if (!--c->held[s->refseg] && seg_release(R, c, s->refseg)) return -1;
    }
    s->out.len = s->out.off = 0;
    s->task.len = s->task.off = 0;
    if (s->out.cap > SLOT_KEEP) { /* a slot keeps no big buffer: a spare, or freed */
        if (s->out.cap <= SPARE_MAX && R->nspare < SPARES) {
            R->spare[R->nspare++] = s->out;
            memset(&s->out, 0, sizeof s->out);
        } else {
            buf_free(&s->out);
        }
    }
    if (s->task.cap > SLOT_KEEP) buf_free(&s->task);
    return 0;
}

static int kids_alive(const iso_run *R) {
    for (size_t i = 0; i < R->nkids; i++)
        if (R->kids[i].pid) return 1;
    return 0;
}

/* The id of the first failed document, for --fail-fast's last word, and
 * its first error, for the summary when every document fails, as the run
 * without --isolate keeps them: those its child sent, else (a document
 * read or decoded here, one whose worker died) its own. */
static void note_failed_id(weft_run_stats *st, const iso_slot *s) {
    const weft_doc *d = s->d && (s->own || !s->pend || s->decoded) ? s->d : NULL;
    const char *id = s->failid ? s->failid : d ? d->id : NULL;
    if (!st->failed_id[0] && id) snprintf(st->failed_id, sizeof st->failed_id, "%s", id);
    if (st->failed_msg[0]) return;
    if (s->failmsg && !s->own)
        snprintf(st->failed_msg, sizeof st->failed_msg, "%s", s->failmsg);
    else if (d)
        weft_doc_first_error(d, st->failed_msg, sizeof st->failed_msg);
}

static int loop(iso_run *R) {
    const weft_run_opts *o = R->o;
    uint64_t next_write = 0, next_read = 0, written = 0;
    uint64_t t0 = mono_ns(), last = t0;
    int eof = 0, stop = 0, rc = 0;
    struct pollfd *pfd = calloc(R->nkids, sizeof *pfd);
    if (!pfd) {
        snprintf(R->err, R->errsz, "out of memory");
        return -1;
    }
    for (;;) {
        /* Every finished document at the head, in order. */
        while (next_write < next_read && slot_of(R, next_write)->state == S_DONE) {
            iso_slot *s = slot_of(R, next_write);
            size_t m = 1; /* documents written at once */
            /* After a write error or --fail-fast, documents already read
             * are dropped, so the output is the same as with one worker. */
            if (!stop) {
                /* results that lie end to end in a segment go out in one
                 * piece (a later one's notes go to stderr before it) */
                size_t len = s->reflen;
                if (s->ref && !(s->failed && o->fail_fast))
                    while (next_write + m < next_read) {
                        const iso_slot *t = slot_of(R, next_write + m);
                        if (t->state != S_DONE || !t->ref || t->ref != s->ref + len ||
                            t->refkid != s->refkid || t->refseg != s->refseg || t->note[0] ||
                            t->log)
                            break;
                        len += t->reflen;
                        m++;
                        if (t->failed && o->fail_fast) break;
                    }
                for (size_t j = 0; j < m; j++) {
                    const iso_slot *t = slot_of(R, next_write + j);
                    R->st->failed += (uint64_t)t->failed;
                    if (t->failed) note_failed_id(R->st, t);
                    R->st->bytes += t->rawlen;
                    if (t->consumed) weft_reader_count(R->r, t->consumed);
                    if (t->failed && o->fail_fast) stop = 1;
                }
                written += m;
                for (int k = 0; k < 2; k++) /* the reader's notes, in input order */
                    if (s->note[k]) weft_reader_note(R->r, s->note[k]);
                if (s->log) weft_doclog_replay(R->p->eng, s->log);
                struct iovec span = {(void *)(uintptr_t)s->ref, len};
                int werr = s->own   ? weft_writer_doc(R->w, s->d)
                           : s->ref ? weft_writer_put_iov(R->w, &span, 1, m)
                                    : weft_writer_put_rendered(R->w, s->out.p ? s->out.p : "",
                                                               s->out.len, 1);
                if (werr) {
                    R->st->write_errno = werr;
                    snprintf(R->err, R->errsz, "cannot write output: %s", strerror(werr));
                    rc = -1;
                    stop = 1;
                }
            }
            for (; m; m--, next_write++)
                if (slot_free(R, slot_of(R, next_write))) {
                    rc = -1;
                    goto out;
                }
        }
        /* A child waits for a segment that holds results which cannot be
         * written yet (an earlier document is still out): copy them out. */
        for (size_t i = 0; i < R->nkids; i++)
            if (R->kids[i].starved) {
                R->kids[i].starved = 0;
                if (atomic_load(&R->kids[i].spool->waiting) && copy_out(R, i, 1)) {
                    rc = -1;
                    goto out;
                }
            }
        /* Interrupted (as run.c does): nothing more is read or started,
         * and what was done is written in input order up to the first
         * document not done, once every child has ended. */
        if (!R->halted && o->interrupt && *o->interrupt) {
            R->st->interrupted = 1;
            eof = 1;
            halt_kids(R);
        }
        if (R->halted && !kids_alive(R)) break;
        /* At the end of the input, once all is written. On --fail-fast or
         * a write error at once: what is still out will not be written, so
         * it is not waited for either (its warnings would name documents
         * past the stop); shutdown_kids ends the busy children. */
        if (stop || (eof && next_write == next_read)) break;
        /* Read and hand out while the window has room. A read that may
         * wait for input (a pipe with nothing ready) comes after what is in
         * flight is written, as in weft_run: blocked in it, the parent
         * would take no results, and a slow feed would see each document
         * only when the next one came. */
        int wait_input = 0;
        while (!eof && !stop) {
            uint64_t inflight = next_read - next_write;
            if (inflight == R->window || (inflight >= 2 * R->nkids && R->inflight >= WINDOW_BYTES))
                break;
            if (weft_reader_may_wait(R->r)) {
                if (inflight) {
                    wait_input = 1;
                    break;
                }
                int werr = weft_writer_flush(R->w);
                if (werr && !stop) {
                    R->st->write_errno = werr;
                    snprintf(R->err, R->errsz, "cannot write output: %s", strerror(werr));
                    rc = -1;
                    stop = 1;
                    break;
                }
            }
            iso_child *c = pick(R);
            if (!c) break;
            iso_slot *s = slot_of(R, next_read);
            if (!s->d && !(s->d = weft_doc_new(R->p->eng->syms))) { /* made when first used */
                snprintf(R->err, R->errsz, "out of memory");
                rc = -1;
                goto out;
            }
            progress(R, t0, &last);
            weft_pending pd;
            int k = read_doc(R, s->d, &pd);
            if (k <= 0) {
                eof = 1;
                break;
            }
            /* the reading thread's notes go out with their document */
            free_notes(s);
            for (int m = 0; m < 2; m++) /* NULL: out of memory, the note is lost */
                if (pd.note[m]) s->note[m] = strdup(pd.note[m]);
            if (pd.kind) {
                s->pend = 1; /* its task goes to the child, not its d */
                s->bytes = pd.size;
            } else {
                const weft_view *raw = weft_doc_view(s->d, WEFT_SYM_RAW);
                s->bytes = raw ? raw->len : 0;
            }
            R->inflight += s->bytes;
            if (k == 2) { /* the reader failed it: nothing to run */
                s->state = S_DONE;
                s->failed = 1;
                s->own = 1;
            } else {
                s->state = S_QUEUED;
                enqueue(R, c, next_read);
                if (put_task(R, c, next_read, &pd)) {
                    snprintf(R->err, R->errsz, "out of memory");
                    rc = -1;
                    goto out;
                }
            }
            next_read++;
            if (slot_of(R, next_write)->state == S_DONE) break; /* write it first */
        }
        if (next_write < next_read && slot_of(R, next_write)->state == S_DONE) continue;
        if ((eof || stop) && next_write == next_read) continue;
        /* Wait for results, room to send, or a deadline. */
        for (size_t i = 0; i < R->nkids; i++) {
            iso_child *c = &R->kids[i];
            if (c->tx.off < c->tx.len && push(c) != 0) c->tx.off = c->tx.len = 0;
            pfd[i].fd = c->fd;
            pfd[i].events = (short)(POLLIN | (c->tx.off < c->tx.len ? POLLOUT : 0));
            pfd[i].revents = 0;
        }
        int n = poll(pfd, (nfds_t)R->nkids, poll_ms(R, mono_ns()));
        if (n < 0 && errno != EINTR) {
            snprintf(R->err, R->errsz, "poll: %s", strerror(errno));
            rc = -1;
            break;
        }
        if (n == 0 || wait_input) /* slow documents or input: what is done goes out */
            for (size_t i = 0; i < R->nkids; i++)
                if (R->kids[i].qn)
                    atomic_store_explicit(&R->kids[i].mark->flush, 1, memory_order_relaxed);
        for (size_t i = 0; n > 0 && i < R->nkids; i++) {
            iso_child *c = &R->kids[i];
            short ev = pfd[i].revents;
            if (!ev || c->fd < 0) continue;
            int ended = 0;
            if (ev & (POLLIN | POLLHUP | POLLERR)) {
                int k = pull(R, c);
                if (k < 0) {
                    rc = -1;
                    goto out;
                }
                ended = k == 1;
            }
            /* A child gone while it was sent to: its end of stream follows. */
            if (!ended && (ev & POLLOUT) && push(c) != 0) c->tx.off = c->tx.len = 0;
            if (ended && child_ended(R, i, 0, 0)) {
                rc = -1;
                goto out;
            }
        }
        if (check_timeouts(R)) {
            rc = -1;
            break;
        }
    }
out:
    R->st->docs = written;
    free(pfd);
    return rc;
}

static void shutdown_kids(iso_run *R) {
    for (size_t i = 0; i < R->nkids; i++) {
        iso_child *c = &R->kids[i];
        if (c->fd >= 0) close(c->fd);
        c->fd = -1;
        /* A child still busy holds documents nobody will write. */
        if (c->pid && c->qn) kill(c->pid, SIGKILL);
    }
    for (size_t i = 0; i < R->nkids; i++) {
        iso_child *c = &R->kids[i];
        if (!c->pid) continue;
        while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR) {
        }
        c->pid = 0;
    }
}

void weft_isolate_opts_init(weft_isolate_opts *io) {
    memset(io, 0, sizeof *io);
    io->size = sizeof *io;
}

int weft_run_isolated(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
                      const weft_isolate_opts *iopts, weft_run_stats *st, char *err, size_t errsz) {
    weft_isolate_opts io;
    weft_isolate_opts_init(&io);
    if (iopts) memcpy(&io, iopts, iopts->size < sizeof io ? iopts->size : sizeof io);
    if (weft_run_stats_start(st, p, err, errsz)) return -1;
    if (!w) {
        snprintf(err, errsz, "an isolated run needs a writer");
        return -1;
    }
    uint64_t t0 = mono_ns();
    /* the workers count warnings together, as threads do; without the
     * shared memory each logs every one */
    if (p->eng->warn_repeats) (void)weft_engine_share_warnings(p->eng);
    iso_run R;
    memset(&R, 0, sizeof R);
    R.p = p;
    R.r = r;
    R.w = w;
    R.o = o;
    R.st = st;
    R.err = err;
    R.errsz = errsz;
    R.timeout_ns = io.doc_timeout > 0 ? (uint64_t)(io.doc_timeout * 1e9) : 0;
    if (io.doc_timeout > 0 && !R.timeout_ns) R.timeout_ns = 1;
    R.nkids = o->jobs > 1 ? (size_t)o->jobs : 1;
    R.window = SLOTS_PER_WORKER * R.nkids;
    for (R.nslots = SLOTS_PER_WORKER; R.nslots < R.window;) R.nslots *= 2;
    R.mask = R.nslots - 1;
    int rc = -1;
    R.slots = calloc(R.nslots, sizeof *R.slots);
    R.kids = calloc(R.nkids, sizeof *R.kids);
    R.marks_len = R.nkids * sizeof(iso_mark);
    R.marks = mmap(NULL, R.marks_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (R.marks == MAP_FAILED) R.marks = NULL;
    R.spools = mmap(NULL, R.nkids * sizeof(iso_spool), PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (R.spools == MAP_FAILED) R.spools = NULL;
    R.rings = mmap(NULL, R.nkids * sizeof(iso_ring), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (R.rings == MAP_FAILED) R.rings = NULL;
    if (!R.slots || !R.kids || !R.marks || !R.spools || !R.rings) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < R.nkids; i++) {
        R.kids[i].fd = -1;
        R.kids[i].mark = &R.marks[i];
        R.kids[i].spool = &R.spools[i];
        R.kids[i].ring = &R.rings[i];
        if (!(R.kids[i].queue = calloc(R.nslots, sizeof *R.kids[i].queue))) {
            snprintf(err, errsz, "out of memory");
            goto done;
        }
    }
    /* create() runs here, once: a stage that cannot make its state stops
     * the run before anything is read, as in weft_run. */
    weft_run_salvage_writer(w, 0); /* an exit() in create() closes the output */
    R.proto = weft_worker_new(p, err, errsz);
    weft_run_salvage_writer(NULL, 0);
    if (!R.proto) goto done;
    R.proto->timing = o->timing;
    if (!(R.twin = weft_render_new(w))) {
        snprintf(err, errsz, "out of memory");
        goto done;
    }
    fflush(NULL); /* nothing buffered is copied into the children */
    rc = 0;
    for (size_t i = 0; i < R.nkids && rc == 0; i++) rc = spawn(&R, i);
    /* what the reader says of a document goes out as it is written */
    weft_reader_keep_notes(r, 1);
    if (rc == 0) rc = loop(&R);
    weft_reader_keep_notes(r, 0);
    shutdown_kids(&R);
done:
    if (R.kids)
        for (size_t i = 0; i < R.nkids; i++) {
            buf_free(&R.kids[i].tx);
            buf_free(&R.kids[i].rx);
            free(R.kids[i].queue);
        }
    if (R.slots)
        for (size_t i = 0; i < R.nslots; i++) {
            weft_doc_free(R.slots[i].d);
            buf_free(&R.slots[i].out);
            buf_free(&R.slots[i].task);
            free_notes(&R.slots[i]);
            free(R.slots[i].log);
        }
    for (size_t i = 0; i < R.nspare; i++) buf_free(&R.spare[i]);
    free(R.sc.buf);
    if (R.marks) munmap(R.marks, R.marks_len);
    if (R.spools) munmap(R.spools, R.nkids * sizeof(iso_spool));
    if (R.rings) munmap(R.rings, R.nkids * sizeof(iso_ring));
    weft_render_free(R.twin);
    /* in destroy(): every document is written, when the loop went to the end */
    weft_run_salvage_writer(w, rc == 0 && !(o->interrupt && *o->interrupt));
    weft_worker_free(R.proto);
    weft_run_salvage_writer(NULL, 0);
    free(R.slots);
    free(R.kids);
    st->seconds = (double)(mono_ns() - t0) / 1e9;
    return rc;
}
