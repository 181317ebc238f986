/* The per-document hot path: run every stage on one document. */
#include <stdio.h>
#include <time.h>

#include "crash.h"
#include "engine.h"

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int weft_worker_process(weft_worker *w, weft_doc *d) {
    const weft_pipeline *p = w->p;
    const weft_host *host = &p->eng->host;
    for (size_t i = 0; i < p->nstages; i++) {
        const weft_stage *st = &p->stages[i];
        weft_error err;
        err.code = 0;
        err.offset = -1;
        err.msg[0] = '\0';
        d->stage = st->name;
        weft_crash_context(st->name, st->plugin ? st->plugin->path : "inline Lua", d->id);
        if (w->stage_mark) *w->stage_mark = (uint32_t)i + 1;
        uint64_t t0 = w->timing ? now_ns() : 0;
        int rc;
        if (!st->cls) {
            rc = weft_lua_run_stage(w->L, i, d, &err);
        } else if (st->serial) {
            pthread_mutex_lock(st->serial);
            rc = st->cls->process(host, w->states[i], d, &err);
            pthread_mutex_unlock(st->serial);
        } else {
            rc = st->cls->process(host, w->states[i], d, &err);
        }
        if (w->timing) w->stats[i].ns += now_ns() - t0;
        weft_crash_context(NULL, NULL, NULL);
        w->stats[i].docs++;
        if (rc == WEFT_OK) rc = weft_doc_sort_layers(d);
        if (rc != WEFT_OK) {
            w->stats[i].failed++;
            if (!err.msg[0])
                snprintf(err.msg, sizeof err.msg, "failed without a message (code %d)", rc);
            weft_doc_error_add(d, st->name, rc, err.offset, err.msg);
            d->failed = 1;
            d->stage = NULL;
            return 1;
        }
    }
    d->stage = NULL;
    return 0;
}
