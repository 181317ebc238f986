/*
 * The run loop: reader -> workers -> writer. The caller's thread reads and
 * writes; with jobs > 1, jobs - 1 worker threads and the caller's thread
 * (when it has nothing to read) process and render batches of
 * documents from a fixed ring (three batches per worker), so memory stays
 * bounded by the ring whatever the size of the input, and output keeps
 * input order. The options, stats and weft_run are public
 * (include/weft/run.h).
 */
#ifndef WEFT_RUN_INTERNAL_H
#define WEFT_RUN_INTERNAL_H

#include "engine.h"
#include "reader.h"
#include "weft/run.h"
#include "writer.h"

/* Zeroes st and gives it one slot per stage of p, as every run mode starts;
 * -1 with err filled when out of memory. */
int weft_run_stats_start(weft_run_stats *st, const weft_pipeline *p, char *err, size_t errsz);

/* The calling thread's salvage context outside the documents: from this
 * call on, a stage's exit() on this thread (in its create() or destroy())
 * finishes w (weft_run_salvage); NULL ends it. ended: the run went to the
 * end, every document is written (weft_run_salvage says so). weft_run sets
 * it itself; weft_run_isolated around the parent's create() and destroy(). */
void weft_run_salvage_writer(weft_writer *w, int ended);

#endif
