/* The per-document hot path: run every stage on one document. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "crash.h"
#include "decode.h"
#include "engine.h"
#include "weft/textenc.h"

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* How raw was decoded, when the stages read that (no stage made a text of
 * its own: the boilerplate stage decodes raw itself and says so). */
static void decode_note(weft_doc *d, const char *note) {
    if (note && d->log && weft_doc_default_view(d) == WEFT_SYM_DECODED)
        d->log(d->log_ud, d, WEFT_LOG_INFO, note);
}

/* Every layer a stage of p declares in `provides` ("token", not "view:text"
 * or "attr:title") becomes a layer of d, empty when no stage added to it:
 * the output's "layers" then holds the same keys for every document, one
 * rule whether a stage found nothing, created no layer because it found
 * nothing (an inline Lua stage creates a layer by adding to it), did not
 * run after a failure, or the document failed (docs/design-notes.md,
 * "Output"). A document without any view has nothing to hang them on. */
int weft_pipeline_declared_layers(const weft_pipeline *p, weft_doc *d) {
    weft_sym view = weft_doc_default_view(d);
    if (!view || !weft_doc_view(d, view)) return WEFT_OK;
    for (size_t i = 0; i < p->nstages; i++) {
        const char *const *prov;
        size_t n = weft_stage_provides(&p->stages[i], &prov);
        for (size_t k = 0; k < n; k++) {
            const char *name = prov[k];
            if (!name || strchr(name, ':')) continue; /* a view or an attribute */
            weft_sym s = weft_doc_sym(d, name, strlen(name));
            if (!s) return WEFT_ENOMEM;
            if (weft_doc_layer(d, s)) continue;
            int rc = weft_doc_layer_new(d, s, view, NULL);
            if (rc != WEFT_OK) return rc;
        }
    }
    return WEFT_OK;
}

/* The declared layers after the stages ran (or one failed): a document that
 * cannot hold them (out of memory) says so in its errors. */
static int finish_layers(const weft_pipeline *p, weft_doc *d, int failed) {
    if (weft_pipeline_declared_layers(p, d) == WEFT_OK) return failed;
    weft_doc_error_add(d, "output", WEFT_ENOMEM, -1, "out of memory adding the declared layers");
    d->failed = 1;
    return 1;
}

/* A page given to a pipeline that cannot read it: said, not fixed (the
 * text is the user's; design-notes.md, "HTML into a pipeline without an
 * HTML stage"). Plain text has no '<' to look at: one memchr. */
static void html_unread(const weft_pipeline *p, weft_doc *d) {
    if (p->reads_html || !d->log) return;
    const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
    if (raw && weft_looks_html(raw->text, raw->len))
        d->log(d->log_ud, d, WEFT_LOG_WARN | WEFT_LOG_ONCE, WEFT_WARN_HTML);
}

int weft_worker_process(weft_worker *w, weft_doc *d) {
    const weft_pipeline *p = w->p;
    const weft_host *host = &p->eng->host;
    const char *note;
    html_unread(p, d);
    int drc = weft_doc_decode_raw(d, &note);
    if (drc != WEFT_OK) {
        weft_doc_error_add(d, "decode", drc, -1,
                           drc == WEFT_ELIMIT ? "raw too long to decode as UTF-8"
                                              : "out of memory decoding raw as UTF-8");
        d->failed = 1;
        return finish_layers(p, d, 1);
    }
    for (size_t i = 0; i < p->nstages; i++) {
        const weft_stage *st = &p->stages[i];
        weft_error err;
        err.code = 0;
        err.offset = -1;
        err.msg[0] = '\0';
        d->stage = st->name;
        weft_crash_context(st->name, weft_stage_file(st), d->id);
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
            decode_note(d, note);
            return finish_layers(p, d, 1);
        }
    }
    d->stage = NULL;
    decode_note(d, note);
    return finish_layers(p, d, 0);
}
