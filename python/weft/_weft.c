/*
 * weft._weft - the CPython extension under `import weft`, built on the
 * embedding API of include/weft/weft.h and the writer of include/weft/run.h.
 *
 * A processed document crosses into Python as the JSON Lines object weft
 * run writes for it (same writer, same offsets unit), produced on the
 * thread that processed it. That keeps a result a snapshot that outlives
 * the processor's next document, costs the caller's thread (which holds
 * the GIL) nothing but making one str of it, and makes doc.to_json() the
 * CLI's output byte for byte. DocBase, weft.Doc's storage, holds it;
 * pipe_json wraps each result in one itself, so streaming runs no Python
 * code per document. weft/__init__.py parses it lazily, on first use.
 *
 * Threads: the GIL is released while C runs (processing, serialising,
 * waiting for workers). A Pipeline keeps a pool of processors for
 * single-document runs, so several Python threads may call it at once;
 * Pipeline.pipe_json runs its own worker threads, each with its own
 * processor, over a ring of batches filled from the Python iterable on
 * the caller's thread, and yields results in input order.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "weft/run.h"
#include "weft/weft.h"

/* The exception class lives in the module's state, found through the
 * module definition: no C global holds a Python object. */
typedef struct {
    PyObject *error;
} modstate;

static struct PyModuleDef weft_module;

static PyObject *error_type(void) {
    PyObject *m = PyState_FindModule(&weft_module);
    modstate *st = m ? PyModule_GetState(m) : NULL;
    return st && st->error ? st->error : PyExc_RuntimeError;
}

static int offunit_arg(PyObject *o, int dflt, int *out) {
    if (!o || o == Py_None) {
        *out = dflt;
        return 0;
    }
    const char *s = PyUnicode_Check(o) ? PyUnicode_AsUTF8(o) : NULL;
    int u = s ? weft_offunit_parse(s) : -1;
    if (u < 0) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_ValueError,
                         "offsets must be 'codepoints', 'bytes' or 'utf16', not %R", o);
        return -1;
    }
    *out = u;
    return 0;
}

/* The document as weft run -f jsonl writes it, without the newline;
 * malloc'ed. NULL when out of memory. Runs without the GIL. */
static char *doc_json(const weft_doc *d, int offsets, int span_text, size_t *len) {
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f) return NULL;
    weft_writer_opts o;
    memset(&o, 0, sizeof o);
    o.format = WEFT_FMT_JSONL;
    o.offsets = (weft_offunit)offsets;
    o.span_text = span_text;
    weft_writer *w = weft_writer_new(f, &o);
    int bad = !w || weft_writer_doc(w, d) != 0 || weft_writer_finish(w) != 0;
    weft_writer_free(w);
    if (fclose(f) != 0) bad = 1;
    if (bad) {
        free(buf);
        return NULL;
    }
    if (n && buf[n - 1] == '\n') buf[--n] = '\0';
    *len = n;
    return buf;
}

/* A writer kept for many documents (one per pipe worker), so a result
 * costs no writer, arena or stream setup: weft run's writer into a memory
 * stream, rewound after each document. Used without the GIL. */
typedef struct jsonbuf {
    FILE *f;
    char *buf;
    size_t size;
    weft_writer *w;
} jsonbuf;

static int jsonbuf_open(jsonbuf *j, int offsets, int span_text) {
    memset(j, 0, sizeof *j);
    if (!(j->f = open_memstream(&j->buf, &j->size))) return -1;
    weft_writer_opts o;
    memset(&o, 0, sizeof o);
    o.format = WEFT_FMT_JSONL;
    o.offsets = (weft_offunit)offsets;
    o.span_text = span_text;
    return (j->w = weft_writer_new(j->f, &o)) ? 0 : -1;
}

static void jsonbuf_close(jsonbuf *j) {
    weft_writer_free(j->w);
    if (j->f) fclose(j->f);
    free(j->buf);
    memset(j, 0, sizeof *j);
}

/* Append the document's JSON line, without the newline, to the growable
 * buffer *out (length *len, capacity *cap). 0, or -1 when out of memory (or
 * a write to memory failed); *len is then as before. */
static int jsonbuf_put(jsonbuf *j, const weft_doc *d, char **out, size_t *len, size_t *cap) {
    int rc = -1;
    if (weft_writer_doc(j->w, d) == 0 && weft_writer_finish(j->w) == 0) {
        off_t n = ftello(j->f);
        if (n > 0 && (size_t)n <= j->size) {
            size_t k = (size_t)n;
            if (j->buf[k - 1] == '\n') k--;
            if (*cap - *len < k) {
                size_t nc = *cap ? *cap : 4096;
                while (nc - *len < k) nc *= 2;
                char *nb = realloc(*out, nc);
                if (nb) {
                    *out = nb;
                    *cap = nc;
                }
            }
            if (*cap - *len >= k) {
                memcpy(*out + *len, j->buf, k);
                *len += k;
                rc = 0;
            }
        }
    }
    if (fseeko(j->f, 0, SEEK_SET) != 0) rc = -1;
    return rc;
}

/* A text argument: str (as UTF-8; lone surrogates from a surrogateescape
 * decoding go back to the bytes they stood for) or bytes-like read as is.
 * Returns a new reference to the object owning *text (it must be kept
 * alive while *text is used), NULL with an exception set. */
static PyObject *text_arg(PyObject *o, const char **text, Py_ssize_t *len) {
    if (PyUnicode_Check(o)) {
        const char *s = PyUnicode_AsUTF8AndSize(o, len);
        if (s) {
            *text = s;
            Py_INCREF(o);
            return o;
        }
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return NULL;
        PyErr_Clear();
        PyObject *b = PyUnicode_AsEncodedString(o, "utf-8", "surrogateescape");
        if (!b) return NULL;
        *text = PyBytes_AS_STRING(b);
        *len = PyBytes_GET_SIZE(b);
        return b;
    }
    if (PyBytes_Check(o)) {
        *text = PyBytes_AS_STRING(o);
        *len = PyBytes_GET_SIZE(o);
        Py_INCREF(o);
        return o;
    }
    if (PyByteArray_Check(o) || PyMemoryView_Check(o)) {
        PyObject *b = PyBytes_FromObject(o);
        if (!b) return NULL;
        *text = PyBytes_AS_STRING(b);
        *len = PyBytes_GET_SIZE(b);
        return b;
    }
    PyErr_Format(PyExc_TypeError, "a text must be str or bytes, not %.100s", Py_TYPE(o)->tp_name);
    return NULL;
}

/* An id argument: any object, as str(); NULL (no id) for None. New
 * reference to the str owning *id. */
static PyObject *id_arg(PyObject *o, const char **id) {
    *id = NULL;
    if (!o || o == Py_None) {
        Py_INCREF(Py_None);
        return Py_None;
    }
    PyObject *s = PyObject_Str(o);
    if (!s) return NULL;
    Py_ssize_t n;
    *id = PyUnicode_AsUTF8AndSize(s, &n);
    if (!*id) {
        Py_DECREF(s);
        return NULL;
    }
    if (strlen(*id) != (size_t)n) {
        Py_DECREF(s);
        PyErr_SetString(PyExc_ValueError, "an id must not contain NUL characters");
        return NULL;
    }
    return s;
}

/* ------------------------------------------------------------------------ */
/* Doc: the storage under weft.Doc                                           */

/* weft.Doc (weft/__init__.py) subclasses this type with no slots and no
 * __init__ of its own, so making a document (Pipeline.pipe makes one per
 * result, here, without calling into Python) and doc.to_json(), the two
 * things a stream of short texts does per document, run no Python
 * bytecode. What needs the parsed object (properties, layers) stays in
 * Python, which parses the JSON on first use and keeps it in _d. */
typedef struct {
    PyObject ob_base; /* PyObject_HEAD */
    PyObject *json;   /* the JSON line: str (from pipe) or bytes (from run) */
    PyObject *d;      /* the parsed object, or NULL */
    PyObject *layers; /* weft's _Layers view, which refers back to the doc */
    PyObject *enc;    /* the text encoded, for slicing by bytes or utf16 */
} DocObject;

static PyTypeObject DocType;

static PyObject *doc_wrap(PyTypeObject *t, PyObject *json) {
    DocObject *o = (DocObject *)t->tp_alloc(t, 0);
    if (!o) return NULL;
    Py_INCREF(json);
    o->json = json;
    return (PyObject *)o;
}

static PyObject *doc_new(PyTypeObject *t, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"json_line", NULL};
    PyObject *json;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O:Doc", kwlist, &json)) return NULL;
    return doc_wrap(t, json);
}

/* A Doc's layers refer back to it: a cycle, hence GC support. */
static int doc_traverse(DocObject *self, visitproc visit, void *arg) {
    Py_VISIT(self->json);
    Py_VISIT(self->d);
    Py_VISIT(self->layers);
    Py_VISIT(self->enc);
    return 0;
}

static int doc_clear(DocObject *self) {
    Py_CLEAR(self->json);
    Py_CLEAR(self->d);
    Py_CLEAR(self->layers);
    Py_CLEAR(self->enc);
    return 0;
}

static void doc_dealloc(DocObject *self) {
    PyObject_GC_UnTrack(self);
    doc_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *doc_to_json(DocObject *self, PyObject *unused) {
    (void)unused;
    PyObject *j = self->json;
    if (!j) {
        PyErr_SetString(PyExc_ValueError, "the document holds no JSON");
        return NULL;
    }
    if (PyBytes_Check(j))
        return PyUnicode_DecodeUTF8(PyBytes_AS_STRING(j), PyBytes_GET_SIZE(j), NULL);
    Py_INCREF(j);
    return j;
}

static PyMethodDef doc_methods[] = {
    {"to_json", (PyCFunction)doc_to_json, METH_NOARGS,
     "to_json($self, /)\n--\n\nThe document as one line of weft run -f jsonl (no newline)."},
    {NULL, NULL, 0, NULL},
};

/* Underscored: weft.Doc's own code uses them; the public API is its
 * properties. */
static PyMemberDef doc_members[] = {
    {"_json", T_OBJECT, offsetof(DocObject, json), READONLY, "The JSON line (str or bytes)."},
    {"_d", T_OBJECT, offsetof(DocObject, d), 0, "The parsed JSON object, or None."},
    {"_layers", T_OBJECT, offsetof(DocObject, layers), 0, "doc.layers once made, or None."},
    {"_enc", T_OBJECT, offsetof(DocObject, enc), 0, "The text encoded for slicing, or None."},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject DocType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "weft._weft.DocBase",
    .tp_basicsize = sizeof(DocObject),
    .tp_dealloc = (destructor)doc_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "DocBase(json_line)\n--\n\n"
              "Wrap one JSON Lines object as weft run writes it (bytes or str).\n"
              "The storage of weft.Doc; use that class.",
    .tp_traverse = (traverseproc)doc_traverse,
    .tp_clear = (inquiry)doc_clear,
    .tp_methods = doc_methods,
    .tp_members = doc_members,
    .tp_new = doc_new,
    .tp_free = PyObject_GC_Del,
};

/* ------------------------------------------------------------------------ */
/* Pipeline                                                                  */

typedef struct {
    PyObject ob_base; /* PyObject_HEAD, spelled out for clang-format */
    weft_engine *e;
    weft_pipeline *p;
    int offsets; /* the default unit of this pipeline's results */
    int span_text;
    pthread_mutex_t mu; /* guards the pool */
    weft_processor **pool;
    size_t npool, cap;
} PipelineObject;

static PyTypeObject PipelineType;

static void pipeline_dealloc(PipelineObject *self) {
    weft_warning_summary(self->e);
    for (size_t i = 0; i < self->npool; i++) weft_processor_free(self->pool[i]);
    free(self->pool);
    weft_pipeline_free(self->p);
    weft_close(self->e);
    pthread_mutex_destroy(&self->mu);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A processor for one run: from the pool, or a new one. NULL with err. */
static weft_processor *pool_take(PipelineObject *self, char *err, size_t errsz) {
    pthread_mutex_lock(&self->mu);
    weft_processor *w = self->npool ? self->pool[--self->npool] : NULL;
    if (!w) w = weft_processor_new(self->p, err, errsz);
    pthread_mutex_unlock(&self->mu);
    return w;
}

static void pool_give(PipelineObject *self, weft_processor *w) {
    pthread_mutex_lock(&self->mu);
    if (self->npool == self->cap) {
        size_t nc = self->cap ? 2 * self->cap : 4;
        weft_processor **np = realloc(self->pool, nc * sizeof *np);
        if (!np) {
            pthread_mutex_unlock(&self->mu);
            weft_processor_free(w);
            return;
        }
        self->pool = np;
        self->cap = nc;
    }
    self->pool[self->npool++] = w;
    pthread_mutex_unlock(&self->mu);
}

static PyObject *pipeline_run_json(PipelineObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"text", "id", "offsets", "span_text", NULL};
    PyObject *text_o, *id_o = Py_None, *off_o = Py_None;
    int span = -1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OOp", kwlist, &text_o, &id_o, &off_o, &span))
        return NULL;
    int unit;
    if (offunit_arg(off_o, self->offsets, &unit) != 0) return NULL;
    if (span < 0) span = self->span_text;
    const char *text, *id;
    Py_ssize_t len;
    PyObject *keep = text_arg(text_o, &text, &len);
    if (!keep) return NULL;
    PyObject *keep_id = id_arg(id_o, &id);
    if (!keep_id) {
        Py_DECREF(keep);
        return NULL;
    }
    char err[1024] = "";
    char *out = NULL;
    size_t outlen = 0;
    Py_BEGIN_ALLOW_THREADS;
    weft_processor *w = pool_take(self, err, sizeof err);
    if (w) {
        const weft_doc *d = weft_process(w, id, text, (size_t)len);
        if (d) out = doc_json(d, unit, span, &outlen);
        pool_give(self, w);
        if (!out) snprintf(err, sizeof err, "out of memory");
    }
    Py_END_ALLOW_THREADS;
    Py_DECREF(keep);
    Py_DECREF(keep_id);
    if (!out) {
        if (strcmp(err, "out of memory") == 0) return PyErr_NoMemory();
        PyErr_SetString(error_type(), err);
        return NULL;
    }
    PyObject *r = PyBytes_FromStringAndSize(out, (Py_ssize_t)outlen);
    free(out);
    return r;
}

static PyObject *pipeline_get_name(PipelineObject *self, void *c) {
    (void)c;
    const char *n = weft_pipeline_name(self->p);
    if (!n) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(n, (Py_ssize_t)strlen(n), "replace");
}

static PyObject *pipeline_get_script(PipelineObject *self, void *c) {
    (void)c;
    const char *n = weft_pipeline_script(self->p);
    if (!n) Py_RETURN_NONE;
    return PyUnicode_DecodeFSDefault(n);
}

static PyObject *pipeline_get_offsets(PipelineObject *self, void *c) {
    (void)c;
    static const char *const names[] = {"bytes", "codepoints", "utf16"};
    return PyUnicode_FromString(names[self->offsets]);
}

static PyObject *pipeline_get_stages(PipelineObject *self, void *c) {
    (void)c;
    size_t n = weft_stage_count(self->p);
    PyObject *l = PyList_New((Py_ssize_t)n);
    if (!l) return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *plugin = NULL;
        int line = 0;
        const char *name = weft_stage_name(self->p, i, &plugin, &line);
        PyObject *t = Py_BuildValue("(szi)", name, plugin, line);
        if (!t) {
            Py_DECREF(l);
            return NULL;
        }
        PyList_SET_ITEM(l, (Py_ssize_t)i, t);
    }
    return l;
}

/* ------------------------------------------------------------------------ */
/* The pipe: a ring of batches, worker threads, results in input order      */

/* As weft run's ring (core/run.c): documents cross between the caller's
 * thread and the workers in batches, one lock round trip per batch however
 * many documents it holds, because with short texts (a sentence, a tweet)
 * the hand-over, not the processing, was the cost. A batch is closed at
 * PIPE_BATCH_DOCS documents or PIPE_BATCH_BYTES of text, or when the input
 * ends (the first batches hold fewer: pipe_batch_docs).
 * PIPE_BATCHES_PER_WORKER batches per worker bound what is in flight
 * and let a slow document at the head not idle the other workers. */
#define PIPE_BATCH_DOCS         32
#define PIPE_BATCH_BYTES        ((size_t)64 << 10)
#define PIPE_BATCHES_PER_WORKER 3
#define PIPE_OUT_KEEP           ((size_t)1 << 20) /* a larger result buffer is freed once used */

enum { BATCH_FREE, BATCH_READY, BATCH_DONE };

typedef struct pitem {
    PyObject *keep, *keep_id; /* own text and id; touched with the GIL only */
    const char *text, *id;
    size_t len;
} pitem;

typedef struct pbatch {
    pitem item[PIPE_BATCH_DOCS];
    size_t n;     /* items */
    size_t bytes; /* text held */
    /* The results' JSON lines back to back (no newlines): result i ends at
     * end[i] and starts where result i-1 ended; oom[i]: it could not be
     * made (out of memory). Written by the worker, read by the caller. */
    char *out;
    size_t len, cap;
    size_t end[PIPE_BATCH_DOCS];
    unsigned char oom[PIPE_BATCH_DOCS];
    size_t taken; /* results handed out (caller's thread) */
    int state;
} pbatch;

typedef struct PipeObject PipeObject;

typedef struct pworker {
    PipeObject *pipe;
    weft_processor *w;
    jsonbuf out;
    pthread_t tid;
} pworker;

struct PipeObject {
    PyObject ob_base; /* PyObject_HEAD */
    PipelineObject *pl;
    PyObject *input;         /* the iterator; NULL once exhausted */
    PyTypeObject *doc;       /* results are made of this DocBase subtype, or are str */
    PyObject *k_text, *k_id; /* "text" and "id", made once, not per item */
    int offsets, span_text;
    size_t nw;        /* worker threads; 0: process on the caller's thread */
    pworker *workers; /* nw of them (one processor when nw is 0) */
    size_t started;   /* threads running */
    pbatch *batches;
    size_t nb;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    /* Batch sequence numbers: next_pub is the one the caller fills next,
     * next_dispatch the next READY one a worker takes, next_write the head
     * the caller hands out (only the caller moves next_pub and next_write). */
    uint64_t next_pub, next_dispatch, next_write;
    pbatch *cur;    /* the head batch, DONE, whose results are being handed out */
    uint64_t count; /* items read: default ids */
    /* Set (under mu) to stop the workers; also read between documents
     * without the lock, so that close() does not wait for a whole batch. */
    atomic_int stop;
    int closed;      /* close() was called, or Ctrl-C stopped the stream */
    pbatch *waiting; /* the head batch the caller's thread sleeps on, or NULL */
    /* the input failed: raised after the documents before it */
    PyObject *exc_type, *exc_value, *exc_tb;
};

static PyTypeObject PipeType;

/* Process a batch and render its results. Runs without the GIL. */
static void batch_run(pworker *wk, pbatch *b) {
    b->len = 0;
    for (size_t i = 0; i < b->n; i++) {
        /* stopping: the rest of the batch is dropped by pipe_close_now */
        if (atomic_load_explicit(&wk->pipe->stop, memory_order_relaxed)) break;
        pitem *it = &b->item[i];
        const weft_doc *d = weft_process(wk->w, it->id, it->text, it->len);
        b->oom[i] = !d || jsonbuf_put(&wk->out, d, &b->out, &b->len, &b->cap) != 0;
        b->end[i] = b->len;
    }
}

static void *pipe_worker(void *arg) {
    pworker *wk = arg;
    PipeObject *pp = wk->pipe;
    pthread_mutex_lock(&pp->mu);
    for (;;) {
        while (!pp->stop && pp->next_dispatch == pp->next_pub)
            pthread_cond_wait(&pp->work, &pp->mu);
        if (pp->stop) break;
        pbatch *b = &pp->batches[pp->next_dispatch++ % pp->nb];
        pthread_mutex_unlock(&pp->mu);
        batch_run(wk, b);
        pthread_mutex_lock(&pp->mu);
        b->state = BATCH_DONE;
        /* wake the caller's thread only for the batch it waits for */
        if (pp->waiting == b) pthread_cond_signal(&pp->done);
    }
    pthread_mutex_unlock(&pp->mu);
    return NULL;
}

static void pipe_stop_threads(PipeObject *pp) {
    if (!pp->started) return;
    pthread_mutex_lock(&pp->mu);
    pp->stop = 1;
    pthread_cond_broadcast(&pp->work);
    pthread_mutex_unlock(&pp->mu);
    Py_BEGIN_ALLOW_THREADS;
    for (size_t i = 0; i < pp->started; i++) pthread_join(pp->workers[i].tid, NULL);
    Py_END_ALLOW_THREADS;
    pp->started = 0;
}

/* Give back a batch's input references and make it FREE (no worker may be
 * on it: it is DONE, never published, or the threads are stopped). */
static void batch_clear(pbatch *b) {
    for (size_t i = 0; i < b->n; i++) {
        Py_CLEAR(b->item[i].keep);
        Py_CLEAR(b->item[i].keep_id);
    }
    b->n = b->bytes = b->len = b->taken = 0;
    if (b->cap > PIPE_OUT_KEEP) {
        free(b->out);
        b->out = NULL;
        b->cap = 0;
    }
    b->state = BATCH_FREE;
}

/* End the stream early: the workers finish the batch they hold and stop,
 * the documents not yet handed out are dropped with their inputs, and the
 * held-back warnings are counted now. Later next() calls end at once. */
static void pipe_close_now(PipeObject *pp) {
    if (pp->closed) return;
    pp->closed = 1;
    pipe_stop_threads(pp);
    for (size_t i = 0; pp->batches && i < pp->nb; i++) batch_clear(&pp->batches[i]);
    pp->cur = NULL;
    pp->next_pub = pp->next_dispatch = pp->next_write = 0;
    Py_CLEAR(pp->input);
    Py_CLEAR(pp->exc_type);
    Py_CLEAR(pp->exc_value);
    Py_CLEAR(pp->exc_tb);
    if (pp->pl) weft_warning_summary(pp->pl->e);
}

static PyObject *pipe_close(PipeObject *pp, PyObject *unused) {
    (void)unused;
    pipe_close_now(pp);
    Py_RETURN_NONE;
}

static PyObject *pipe_enter(PipeObject *pp, PyObject *unused) {
    (void)unused;
    Py_INCREF(pp);
    return (PyObject *)pp;
}

static PyObject *pipe_exit(PipeObject *pp, PyObject *args) {
    (void)args;
    pipe_close_now(pp);
    Py_RETURN_FALSE;
}

static PyMethodDef pipe_methods[] = {
    {"close", (PyCFunction)pipe_close, METH_NOARGS,
     "close()\n\nEnd the stream now: documents still in flight are dropped and\n"
     "the worker threads stop (each after the document it is on). Also\n"
     "called by `with pipeline.pipe(...) as docs:` on leaving the block."},
    {"__enter__", (PyCFunction)pipe_enter, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)pipe_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static void pipe_dealloc(PipeObject *pp) {
    pipe_stop_threads(pp);
    /* a stream left before its end */
    if (pp->pl && !pp->closed) weft_warning_summary(pp->pl->e);
    if (pp->batches) {
        for (size_t i = 0; i < pp->nb; i++) {
            batch_clear(&pp->batches[i]);
            free(pp->batches[i].out);
        }
        free(pp->batches);
        pthread_cond_destroy(&pp->work);
        pthread_cond_destroy(&pp->done);
        pthread_mutex_destroy(&pp->mu);
    }
    if (pp->workers) {
        size_t n = pp->nw ? pp->nw : 1;
        for (size_t i = 0; i < n; i++) {
            if (pp->workers[i].w) pool_give(pp->pl, pp->workers[i].w);
            jsonbuf_close(&pp->workers[i].out);
        }
        free(pp->workers);
    }
    Py_XDECREF(pp->exc_type);
    Py_XDECREF(pp->exc_value);
    Py_XDECREF(pp->exc_tb);
    Py_XDECREF(pp->input);
    Py_XDECREF(pp->doc);
    Py_XDECREF(pp->k_text);
    Py_XDECREF(pp->k_id);
    Py_XDECREF(pp->pl);
    Py_TYPE(pp)->tp_free((PyObject *)pp);
}

static PyObject *pipeline_pipe_json(PipelineObject *self, PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"texts", "jobs", "offsets", "span_text", "doc", NULL};
    PyObject *texts, *off_o = Py_None, *doc = Py_None;
    int jobs = 0, span = -1;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|iOpO", kwlist, &texts, &jobs, &off_o, &span,
                                     &doc))
        return NULL;
    if (doc != Py_None && !(PyType_Check(doc) && PyType_IsSubtype((PyTypeObject *)doc, &DocType))) {
        PyErr_Format(PyExc_TypeError, "doc must be a subclass of DocBase, not %R", doc);
        return NULL;
    }
    int unit;
    if (offunit_arg(off_o, self->offsets, &unit) != 0) return NULL;
    if (jobs < 0 || jobs > 1024) {
        PyErr_SetString(PyExc_ValueError,
                        "jobs must be 0 (the online CPUs) or a number of workers from 1 to 1024");
        return NULL;
    }
    if (jobs == 0) { /* as weft run -j: the online CPUs, at most 64 */
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
    }
    PyObject *it = PyObject_GetIter(texts);
    if (!it) return NULL;
    PipeObject *pp = PyObject_New(PipeObject, &PipeType);
    if (!pp) {
        Py_DECREF(it);
        return NULL;
    }
    /* everything after the header, zeroed, so dealloc is safe at any point */
    memset((char *)pp + sizeof(PyObject), 0, sizeof *pp - sizeof(PyObject));
    atomic_init(&pp->stop, 0);
    Py_INCREF(self);
    pp->pl = self;
    pp->input = it;
    if (doc != Py_None) {
        Py_INCREF(doc);
        pp->doc = (PyTypeObject *)doc;
    }
    pp->k_text = PyUnicode_InternFromString("text");
    pp->k_id = PyUnicode_InternFromString("id");
    if (!pp->k_text || !pp->k_id) {
        Py_DECREF(pp);
        return NULL;
    }
    pp->offsets = unit;
    pp->span_text = span < 0 ? self->span_text : span;
    pp->nw = jobs > 1 ? (size_t)jobs : 0;
    size_t nproc = pp->nw ? pp->nw : 1;
    /* On the caller's thread (jobs=1) one document at a time: each result
     * is out before the next item is asked for, as before batches. */
    pp->nb = pp->nw ? PIPE_BATCHES_PER_WORKER * pp->nw : 1;
    pp->workers = calloc(nproc, sizeof *pp->workers);
    pp->batches = calloc(pp->nb, sizeof *pp->batches);
    if (!pp->workers || !pp->batches) {
        free(pp->batches);
        pp->batches = NULL;
        Py_DECREF(pp);
        return PyErr_NoMemory();
    }
    pthread_mutex_init(&pp->mu, NULL);
    pthread_cond_init(&pp->work, NULL);
    pthread_cond_init(&pp->done, NULL);
    /* Processors are made before any thread starts, so a setup error (a
     * plugin's create() failing) raises before any document is read. */
    char err[1024] = "";
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS;
    for (size_t i = 0; i < nproc && !bad; i++) {
        pp->workers[i].pipe = pp;
        if (!(pp->workers[i].w = pool_take(self, err, sizeof err))) {
            bad = 1;
        } else if (jsonbuf_open(&pp->workers[i].out, unit, pp->span_text) != 0) {
            snprintf(err, sizeof err, "out of memory");
            bad = 1;
        }
    }
    for (size_t i = 0; !bad && i < pp->nw; i++) {
        if (pthread_create(&pp->workers[i].tid, NULL, pipe_worker, &pp->workers[i]) != 0) {
            snprintf(err, sizeof err, "cannot start worker thread %zu", i + 1);
            bad = 1;
        } else {
            pp->started++;
        }
    }
    Py_END_ALLOW_THREADS;
    if (bad) {
        PyErr_SetString(error_type(), err);
        Py_DECREF(pp);
        return NULL;
    }
    return (PyObject *)pp;
}

/* Documents the batch at next_pub may hold: the first batches of a stream
 * are small (1, 2, 4, ... per worker) so that the first results come after
 * one document, not after a whole batch of slow ones; full batches after. */
static size_t pipe_batch_docs(const PipeObject *pp) {
    uint64_t round = pp->next_pub / pp->nw;
    return round < 5 ? (size_t)1 << round : PIPE_BATCH_DOCS;
}

/* Fill the next item of the batch being filled from the input. 1: filled;
 * 0: the input is over (or failed: the exception is kept for later). */
static int pipe_read(PipeObject *pp, pbatch *b) {
    if (!pp->input) return 0;
    PyObject *item = PyIter_Next(pp->input);
    PyObject *text_o = item, *id_o = NULL, *keep_id = NULL, *keep = NULL;
    if (!item) goto over;
    if (PyDict_Check(item)) {
        text_o = PyDict_GetItemWithError(item, pp->k_text); /* borrowed */
        if (!text_o) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_KeyError, "a document given as a dict needs a 'text'");
            goto over;
        }
        id_o = PyDict_GetItemWithError(item, pp->k_id);
        if (!id_o && PyErr_Occurred()) goto over;
    }
    const char *text, *id;
    Py_ssize_t len;
    keep = text_arg(text_o, &text, &len);
    if (!keep) goto over;
    if (id_o && id_o != Py_None) {
        keep_id = id_arg(id_o, &id);
    } else { /* the item's position in the input, from 0 */
        keep_id = PyUnicode_FromFormat("%llu", (unsigned long long)pp->count);
        id = keep_id ? PyUnicode_AsUTF8(keep_id) : NULL;
        if (!id) Py_CLEAR(keep_id);
    }
    if (!keep_id) goto over;
    Py_DECREF(item);
    pp->count++;
    pitem *it = &b->item[b->n++];
    it->keep = keep;
    it->keep_id = keep_id;
    it->text = text;
    it->len = (size_t)len;
    it->id = id;
    b->bytes += (size_t)len;
    return 1;
over:
    Py_XDECREF(item);
    Py_XDECREF(keep);
    if (PyErr_Occurred()) PyErr_Fetch(&pp->exc_type, &pp->exc_value, &pp->exc_tb);
    Py_CLEAR(pp->input);
    return 0;
}

/* The next result of the head batch: the JSON line as a str, wrapped in
 * a Doc when the pipe makes them. */
static PyObject *batch_result(PipeObject *pp, pbatch *b) {
    size_t i = b->taken++;
    size_t from = i ? b->end[i - 1] : 0;
    if (b->oom[i]) return PyErr_NoMemory();
    PyObject *s = PyUnicode_DecodeUTF8(b->out + from, (Py_ssize_t)(b->end[i] - from), NULL);
    if (!s || !pp->doc) return s;
    PyObject *d = doc_wrap(pp->doc, s);
    Py_DECREF(s);
    return d;
}

/* Sleep until the head batch is done, waking every 100 ms to let Python
 * run its signal handlers: Ctrl-C stops the stream (0 on done, -1 with
 * the handler's exception set). */
static int pipe_wait(PipeObject *pp, pbatch *head) {
    for (;;) {
        int ready;
        Py_BEGIN_ALLOW_THREADS;
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_nsec += 100 * 1000 * 1000;
        if (t.tv_nsec >= 1000 * 1000 * 1000) {
            t.tv_sec++;
            t.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_mutex_lock(&pp->mu);
        pp->waiting = head;
        while (head->state != BATCH_DONE && pthread_cond_timedwait(&pp->done, &pp->mu, &t) == 0)
            ;
        ready = head->state == BATCH_DONE;
        pp->waiting = NULL;
        pthread_mutex_unlock(&pp->mu);
        Py_END_ALLOW_THREADS;
        if (ready) return 0;
        if (PyErr_CheckSignals() != 0) return -1;
    }
}

/* A signal handler raised (^C): close the stream, keep its exception. */
static PyObject *pipe_interrupted(PipeObject *pp) {
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    pipe_close_now(pp);
    PyErr_Restore(t, v, tb);
    return NULL;
}

static PyObject *pipe_next(PipeObject *pp) {
    if (pp->closed) return NULL;
    if (!pp->nw) { /* on this thread, one document at a time */
        pbatch *b = &pp->batches[0];
        batch_clear(b);
        if (pipe_read(pp, b)) {
            pworker *wk = &pp->workers[0];
            Py_BEGIN_ALLOW_THREADS;
            batch_run(wk, b);
            Py_END_ALLOW_THREADS;
            /* ^C during the document: raised here, and the stream closed,
             * as with worker threads */
            if (PyErr_CheckSignals() != 0) return pipe_interrupted(pp);
            PyObject *r = batch_result(pp, b);
            batch_clear(b);
            return r;
        }
    } else {
        /* Only this thread fills batches, hands results out and moves
         * next_pub and next_write. */
        for (;;) {
            pbatch *b = pp->cur;
            if (b) {
                if (b->taken < b->n) return batch_result(pp, b);
                batch_clear(b); /* its worker is done with it: no lock needed */
                pp->cur = NULL;
                pp->next_write++;
            }
            int inflight = pp->next_write < pp->next_pub;
            pbatch *head = &pp->batches[pp->next_write % pp->nb];
            if (inflight) { /* the GIL is let go only to wait */
                pthread_mutex_lock(&pp->mu);
                int ready = head->state == BATCH_DONE;
                pthread_mutex_unlock(&pp->mu);
                if (ready) {
                    pp->cur = head;
                    continue;
                }
            }
            if (pp->input && pp->next_pub - pp->next_write < pp->nb) {
                /* The batch at next_pub is FREE; only this thread touches
                 * it until it is published. */
                pbatch *fill = &pp->batches[pp->next_pub % pp->nb];
                size_t most = pipe_batch_docs(pp);
                while (fill->n < most && fill->bytes < PIPE_BATCH_BYTES && pipe_read(pp, fill))
                    ;
                if (fill->n) {
                    pthread_mutex_lock(&pp->mu);
                    fill->state = BATCH_READY;
                    pp->next_pub++;
                    pthread_cond_signal(&pp->work);
                    pthread_mutex_unlock(&pp->mu);
                }
                continue;
            }
            if (!inflight) break;
            if (pipe_wait(pp, head) != 0) return pipe_interrupted(pp);
            pp->cur = head;
        }
        pipe_stop_threads(pp);
    }
    /* the warnings held back, counted, once the stream is over */
    weft_warning_summary(pp->pl->e);
    if (pp->exc_type) {
        PyErr_Restore(pp->exc_type, pp->exc_value, pp->exc_tb);
        pp->exc_type = pp->exc_value = pp->exc_tb = NULL;
    }
    return NULL; /* StopIteration, or the input's exception */
}

static PyTypeObject PipeType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "weft._weft.PipeJSON",
    .tp_basicsize = sizeof(PipeObject),
    .tp_dealloc = (destructor)pipe_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Iterator of JSON results of Pipeline.pipe_json, in input order.",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)pipe_next,
    .tp_methods = pipe_methods,
};

static PyMethodDef pipeline_methods[] = {
    {"run_json", (PyCFunction)(void (*)(void))pipeline_run_json, METH_VARARGS | METH_KEYWORDS,
     "run_json(text, id=None, offsets=None, span_text=None) -> bytes\n\n"
     "Process one text (str or bytes) and return the document as weft run\n"
     "writes it in JSON Lines (without the newline). The GIL is released\n"
     "while the pipeline runs; several threads may call it at once."},
    {"pipe_json", (PyCFunction)(void (*)(void))pipeline_pipe_json, METH_VARARGS | METH_KEYWORDS,
     "pipe_json(texts, jobs=0, offsets=None, span_text=None, doc=None) -> iterator\n\n"
     "Process an iterable of texts (str, bytes, or dicts with 'text' and an\n"
     "optional 'id') on jobs worker threads (0: the online CPUs; 1: this\n"
     "thread) and yield each result's JSON line (a str) in input order, or\n"
     "doc(line) when doc, a subclass of DocBase, is given (made in C)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef pipeline_getset[] = {
    {"name", (getter)pipeline_get_name, NULL, "The name the script gave, or None.", NULL},
    {"script", (getter)pipeline_get_script, NULL, "The script it came from, or None.", NULL},
    {"offsets", (getter)pipeline_get_offsets, NULL, "The default offsets unit of results.", NULL},
    {"stages", (getter)pipeline_get_stages, NULL,
     "Each stage as (instance name, plugin or None for inline Lua, script line).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject PipelineType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "weft._weft.Pipeline",
    .tp_basicsize = sizeof(PipelineObject),
    .tp_dealloc = (destructor)pipeline_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A loaded weft pipeline (engine of its own); made by _weft.load.",
    .tp_methods = pipeline_methods,
    .tp_getset = pipeline_getset,
};

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

static const char *opt_str(PyObject *o) {
    return o && o != Py_None ? PyUnicode_AsUTF8(o) : NULL;
}

/* settings: a mapping {"stage.param": value} (value str(), bools as
 * true/false) into weft_setting entries whose strings live in *keep. */
static int settings_arg(PyObject *m, weft_setting **out, size_t *n, PyObject **keep) {
    *out = NULL;
    *n = 0;
    *keep = NULL;
    if (!m || m == Py_None) return 0;
    PyObject *items = PyMapping_Items(m);
    if (!items) return -1;
    Py_ssize_t k = PyList_GET_SIZE(items);
    *keep = PyList_New(0);
    *out = calloc(k ? (size_t)k : 1, sizeof **out);
    if (!*keep || !*out) {
        Py_DECREF(items);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < k; i++) {
        PyObject *kv = PyList_GET_ITEM(items, i);
        PyObject *key = PyTuple_GET_ITEM(kv, 0), *val = PyTuple_GET_ITEM(kv, 1);
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "a setting's key must be 'stage.param'");
            goto bad;
        }
        const char *ks = PyUnicode_AsUTF8(key);
        const char *dot = ks ? strchr(ks, '.') : NULL;
        if (!dot || dot == ks || !dot[1]) {
            PyErr_Format(PyExc_ValueError, "setting %R: want 'stage.param'", key);
            goto bad;
        }
        PyObject *stage = PyUnicode_FromStringAndSize(ks, dot - ks);
        PyObject *param = PyUnicode_FromString(dot + 1);
        PyObject *sv = PyBool_Check(val) ? PyUnicode_FromString(val == Py_True ? "true" : "false")
                                         : PyObject_Str(val);
        int ok = stage && param && sv && PyList_Append(*keep, stage) == 0 &&
                 PyList_Append(*keep, param) == 0 && PyList_Append(*keep, sv) == 0;
        Py_XDECREF(stage);
        Py_XDECREF(param);
        Py_XDECREF(sv);
        if (!ok) goto bad;
        (*out)[i].stage = PyUnicode_AsUTF8(stage);
        (*out)[i].param = PyUnicode_AsUTF8(param);
        (*out)[i].value = PyUnicode_AsUTF8(sv);
        if (!(*out)[i].stage || !(*out)[i].param || !(*out)[i].value) goto bad;
    }
    Py_DECREF(items);
    *n = (size_t)k;
    return 0;
bad:
    Py_DECREF(items);
    free(*out);
    *out = NULL;
    Py_CLEAR(*keep);
    return -1;
}

/* A count argument (None: *out unchanged): an int from 0 to max, else
 * ValueError or TypeError naming it. */
static int count_arg(PyObject *o, const char *name, unsigned long long max,
                     unsigned long long *out) {
    if (!o || o == Py_None) return 0;
    if (!PyLong_Check(o) || PyBool_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int (0: no limit), not %.80s", name,
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (v == -1 && PyErr_Occurred()) return -1;
    if (overflow < 0 || (!overflow && v < 0)) {
        PyErr_Format(PyExc_ValueError, "%s must be 0 or more, not %R", name, o);
        return -1;
    }
    if (overflow > 0 || (unsigned long long)v > max) {
        PyErr_Format(PyExc_ValueError, "%s is too large: %R", name, o);
        return -1;
    }
    *out = (unsigned long long)v;
    return 0;
}

static int verbosity_arg(PyObject *o, int *out) {
    static const char *const names[] = {"error", "warning", "note", "debug"};
    if (!o || o == Py_None) return 0;
    const char *s = PyUnicode_Check(o) ? PyUnicode_AsUTF8(o) : NULL;
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return 0;
        }
    if (!PyErr_Occurred())
        PyErr_Format(PyExc_ValueError,
                     "verbosity must be 'error', 'warning', 'note' or 'debug', not %R", o);
    return -1;
}

static PyObject *mod_load(PyObject *m, PyObject *args, PyObject *kw) {
    (void)m;
    static char *kwlist[] = {
        "profile",     "path",         "text",       "name",         "settings",
        "plugin_path", "profile_path", "offsets",    "span_text",    "verbosity",
        "unsafe_lua",  "lua_memory",   "lua_budget", "warn_repeats", NULL};
    PyObject *profile = Py_None, *path = Py_None, *text = Py_None, *name = Py_None;
    PyObject *settings = Py_None, *plugin_path = Py_None, *profile_path = Py_None;
    PyObject *off_o = Py_None, *verb_o = Py_None, *mem_o = Py_None, *budget_o = Py_None;
    PyObject *repeats_o = Py_None;
    int span = 0, unsafe = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|$OOOOOOOOpOpOOO", kwlist, &profile, &path, &text,
                                     &name, &settings, &plugin_path, &profile_path, &off_o, &span,
                                     &verb_o, &unsafe, &mem_o, &budget_o, &repeats_o))
        return NULL;
    int unit;
    if (offunit_arg(off_o, WEFT_OFF_CODEPOINTS, &unit) != 0) return NULL;
    weft_options o;
    weft_options_init(&o);
    if (verbosity_arg(verb_o, &o.verbosity) != 0) return NULL;
    o.unsafe_lua = unsafe;
    /* As weft run: a warning many documents give is shown for the first
     * three and counted after that (the counts when a pipe() ends and when
     * the pipeline goes); every one with verbosity "note" or "debug". */
    /* lua_memory in MiB, as weft run --lua-memory and weft.open in Lua */
    unsigned long long repeats = o.verbosity > WEFT_LOG_WARN ? 0 : 3, mem = o.lua_memory >> 20,
                       budget = o.lua_budget;
    if (count_arg(mem_o, "lua_memory", SIZE_MAX >> 20, &mem) != 0 ||
        count_arg(budget_o, "lua_budget", UINT64_MAX, &budget) != 0 ||
        count_arg(repeats_o, "warn_repeats", UINT_MAX, &repeats) != 0)
        return NULL;
    o.lua_memory = (size_t)mem << 20;
    o.lua_budget = (uint64_t)budget;
    o.warn_repeats = (unsigned)repeats;
    /* Messages name this function's arguments, not weft run's flags. */
    o.say_set = "settings['{}']";
    o.say_plugin_path = "plugin_path=";
    o.say_unsafe_lua = "unsafe_lua=True";
    o.say_insecure = "make it writable by its owner only";
    o.say_all_warnings = "warn_repeats=0";
    o.say_lua_memory = "lua_memory=";
    o.say_lua_budget = "lua_budget=";
    /* Results are weft run's JSON Lines objects: a script that skips work
     * its output will not show (weft.output) does so here as there. */
    o.output_format = "jsonl";
    o.plugin_path = opt_str(plugin_path);
    o.profile_path = opt_str(profile_path);
    weft_source src;
    weft_source_init(&src);
    src.profile = opt_str(profile);
    src.name = opt_str(name);
    PyObject *pathb = NULL;
    if (path != Py_None) {
        if (!PyUnicode_FSConverter(path, &pathb)) return NULL;
        src.path = PyBytes_AS_STRING(pathb);
    }
    Py_ssize_t tlen = 0;
    if (text != Py_None) {
        src.text = PyUnicode_AsUTF8AndSize(text, &tlen);
        src.len = (size_t)tlen;
        if (!src.name) src.name = "(lua)";
    }
    if (PyErr_Occurred()) {
        Py_XDECREF(pathb);
        return NULL;
    }
    weft_setting *sets;
    PyObject *keep;
    if (settings_arg(settings, &sets, &src.nsettings, &keep) != 0) {
        Py_XDECREF(pathb);
        return NULL;
    }
    src.settings = sets;
    char err[2048] = "";
    weft_engine *e;
    weft_pipeline *p = NULL;
    Py_BEGIN_ALLOW_THREADS;
    e = weft_open_with(&o, err, sizeof err);
    if (e) p = weft_load(e, &src, err, sizeof err);
    Py_END_ALLOW_THREADS;
    free(sets);
    Py_XDECREF(keep);
    Py_XDECREF(pathb);
    if (!p) {
        weft_close(e);
        PyErr_SetString(error_type(), err[0] ? err : "cannot load the pipeline");
        return NULL;
    }
    PipelineObject *self = PyObject_New(PipelineObject, &PipelineType);
    if (!self) {
        weft_pipeline_free(p);
        weft_close(e);
        return NULL;
    }
    self->e = e;
    self->p = p;
    self->offsets = unit;
    self->span_text = span;
    pthread_mutex_init(&self->mu, NULL);
    self->pool = NULL;
    self->npool = self->cap = 0;
    return (PyObject *)self;
}

static PyObject *mod_version(PyObject *m, PyObject *a) {
    (void)m;
    (void)a;
    return PyUnicode_FromString(weft_version());
}

static PyObject *mod_lua_version(PyObject *m, PyObject *a) {
    (void)m;
    (void)a;
    return PyUnicode_FromString(weft_lua_version());
}

static PyMethodDef module_methods[] = {
    {"load", (PyCFunction)(void (*)(void))mod_load, METH_VARARGS | METH_KEYWORDS,
     "load(*, profile=None, path=None, text=None, name=None, settings=None,\n"
     "     plugin_path=None, profile_path=None, offsets='codepoints',\n"
     "     span_text=False, verbosity=None, unsafe_lua=False, lua_memory=None,\n"
     "     lua_budget=None, warn_repeats=None) -> Pipeline\n\n"
     "A pipeline from exactly one of a profile name, a script path or script\n"
     "text, on an engine of its own. Raises weft.Error with weft's message."},
    {"version", mod_version, METH_NOARGS, "The version of libweft."},
    {"lua_version", mod_lua_version, METH_NOARGS, "The Lua libweft runs scripts with."},
    {NULL, NULL, 0, NULL},
};

static int module_traverse(PyObject *m, visitproc visit, void *arg) {
    modstate *st = PyModule_GetState(m);
    Py_VISIT(st->error);
    return 0;
}

static int module_clear(PyObject *m) {
    modstate *st = PyModule_GetState(m);
    Py_CLEAR(st->error);
    return 0;
}

static void module_free(void *m) {
    module_clear((PyObject *)m);
}

static struct PyModuleDef weft_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "weft._weft",
    .m_doc = "The C extension under the weft package; use `import weft`.",
    .m_size = sizeof(modstate),
    .m_methods = module_methods,
    .m_traverse = module_traverse,
    .m_clear = module_clear,
    .m_free = module_free,
};

PyMODINIT_FUNC PyInit__weft(void);

PyMODINIT_FUNC PyInit__weft(void) {
    if (PyType_Ready(&PipelineType) < 0 || PyType_Ready(&PipeType) < 0 ||
        PyType_Ready(&DocType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&weft_module);
    if (!m) return NULL;
    modstate *st = PyModule_GetState(m);
    st->error = PyErr_NewExceptionWithDoc(
        "weft.Error",
        "A pipeline could not be loaded or run; the message is weft's own\n"
        "(script:line, stage, parameter), as the weft command prints it.",
        NULL, NULL);
    if (!st->error || PyModule_AddObjectRef(m, "Error", st->error) < 0 ||
        PyModule_AddObjectRef(m, "Pipeline", (PyObject *)&PipelineType) < 0 ||
        PyModule_AddObjectRef(m, "DocBase", (PyObject *)&DocType) < 0 ||
        PyModule_AddObjectRef(m, "PipeJSON", (PyObject *)&PipeType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
