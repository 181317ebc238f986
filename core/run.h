/* The run loop: reader -> worker -> writer, one document at a time. */
#ifndef WEFT_RUN_H
#define WEFT_RUN_H

#include <stdint.h>

#include "engine.h"
#include "reader.h"
#include "writer.h"

typedef struct weft_run_opts {
    int fail_fast; /* stop after the first failed document */
    int timing;    /* per-stage times in stats */
} weft_run_opts;

typedef struct weft_run_stats {
    uint64_t docs;   /* documents read (good and bad) */
    uint64_t failed; /* documents with at least one error */
    uint64_t bytes;  /* bytes of raw text */
    double seconds;
    int write_errno;          /* output failed: the run stopped */
    weft_stage_stats *stages; /* nstages entries, owned by the caller via weft_run_stats_free */
    size_t nstages;
} weft_run_stats;

/* 0 when the run went to the end (documents may have failed: see stats),
 * else an error message in err (worker setup or output failure). */
int weft_run(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
             weft_run_stats *stats, char *err, size_t errsz);
void weft_run_stats_free(weft_run_stats *s);

#endif
