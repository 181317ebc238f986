/*
 * The run loop: reader -> workers -> writer. The caller's thread reads and
 * writes; with jobs > 1, worker threads process documents from a fixed ring
 * of slots, so memory stays bounded by the ring (two documents per worker)
 * whatever the size of the input, and output keeps input order.
 */
#ifndef WEFT_RUN_H
#define WEFT_RUN_H

#include <signal.h>
#include <stdint.h>

#include "engine.h"
#include "reader.h"
#include "writer.h"

struct weft_run_stats;

typedef struct weft_run_opts {
    int fail_fast; /* stop after the first failed document */
    int timing;    /* per-stage times in stats */
    int jobs;      /* worker threads; <= 1 runs everything on the caller's thread */
    /* When set and non-zero (a signal handler's flag), no more documents are
     * read; those in flight are finished and written. */
    volatile sig_atomic_t *interrupt;
    /* Called on the caller's thread about every progress_ms (0: never)
     * with the stats so far and the reader's consumed bytes. */
    void (*progress)(void *ud, const struct weft_run_stats *st, uint64_t consumed);
    void *progress_ud;
    unsigned progress_ms;
} weft_run_opts;

typedef struct weft_run_stats {
    uint64_t docs;   /* documents read (good and bad) */
    uint64_t failed; /* documents with at least one error */
    uint64_t bytes;  /* bytes of raw text */
    double seconds;
    int write_errno;          /* output failed: the run stopped */
    int interrupted;          /* stopped early by opts->interrupt */
    weft_stage_stats *stages; /* nstages entries, owned by the caller via weft_run_stats_free */
    size_t nstages;
} weft_run_stats;

/* 0 when the run went to the end (documents may have failed: see stats),
 * else an error message in err (worker setup or output failure). */
int weft_run(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
             weft_run_stats *stats, char *err, size_t errsz);
void weft_run_stats_free(weft_run_stats *s);

#endif
