/* Giving back a worker's scratch: one list of what bp_work owns, for the
 * stage's destroy() and for the programs that drive bp_work directly (the
 * unit tests), so that a new member is freed everywhere once it is freed
 * here. */
#include <stdlib.h>
#include <string.h>

#include "bp.h"

void bp_work_release(bp_work *w) {
    bp_buf_free(&w->text);
    bp_buf_free(&w->out);
    bp_buf_free(&w->tmp);
    bp_buf_free(&w->pruned);
    bp_buf_free(&w->dec);
    bp_runs_free(&w->runs);
    bp_runs_free(&w->outruns);
    bp_runs_free(&w->prune_map);
    free(w->blocks.b);
    free(w->els.e);
    free(w->classes);
    bp_ml_free(w->ml);
    free(w->lines);
    free(w->wbits);
    free(w->vruns);
    for (size_t i = 0; i < sizeof w->meta / sizeof w->meta[0]; i++) bp_buf_free(&w->meta[i]);
    const bp_shared *sh = w->sh;
    const bp_stoplist *stop = w->stop;
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->stop = stop;
}
