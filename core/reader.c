/*
 * Input: files, directories, stdin and JSON Lines.
 *
 * Inputs are walked depth-first in the order given. A directory contributes
 * its entries sorted by name (strcmp: byte order, independent of the
 * locale), recursively; names starting with '.' are skipped, and so are
 * symbolic links to directories (no loops) and entries that are neither
 * regular files nor links to them (FIFOs, sockets, devices). An argument
 * named explicitly is read whatever it is (a FIFO from <(...) works).
 *
 * One plain file is one document whose raw view is every byte of it, read
 * straight into the document's arena (so the document stays valid while the
 * reader moves on, e.g. on another worker, and no reader buffer holds a copy
 * the size of the largest document read). JSON Lines are split in place
 * from blocks of a regular file (split_line), or read with getline from a
 * pipe or a terminal, one record per non-blank line, parsed with jansson (which rejects invalid
 * UTF-8 and handles \u escapes and surrogate pairs; \u0000 is allowed since
 * a raw view may hold any bytes).
 *
 * Compressed input: files whose name ends in .gz (x.txt.gz is one document,
 * x.jsonl.gz a JSON Lines stream) and standard input are read through zlib,
 * whose transparent mode passes uncompressed bytes through unchanged, so
 * `zcat`-free pipelines and plain stdin both work.
 *
 * Nothing here stops the run: an unreadable file, a malformed line or a
 * record without text yields a document with an "input" error (return 2)
 * and the next call moves on.
 */
/* fopencookie() lets getline() read a zlib stream like any FILE. */
#define _GNU_SOURCE
#include "reader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <jansson.h>
#include <poll.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "file.h"
#include "jsonl_fast.h"
#include "weft/grow.h"
#include "weft/textenc.h"

static size_t fix_lone_surrogates(char *s, size_t len, char first[8]);

typedef struct pending {
    char *path;
    int top; /* named on the command line (not found in a directory) */
} pending;

struct weft_reader {
    weft_input input;
    char *id_field;
    char *text_field;
    size_t max_doc_bytes;
    void (*note)(void *ud, const char *msg);
    void *note_ud;
    const char *const *include, *const *exclude;
    size_t ninclude, nexclude;

    pending *stack; /* inputs still to visit; the next one is last */
    size_t nstack, capstack;

    /* The JSON Lines stream being read, if any. */
    FILE *jf;
    char *jpath;
    int jclose; /* jf is ours to fclose (not stdin) */
    int jpoll;  /* fd + 1 under jf when it is no regular file (a pipe, a terminal), else 0 */
    size_t lineno;
    char *line;
    char *lp; /* the line split_line returned, in ibuf */
    size_t linecap;
    weft_jsonl_scratch fast; /* records read without jansson */
    char *jbuf;              /* jf's stdio buffer (STREAM_BUF bytes); kept for the next stream */
    /* Records split in place (split_line): a regular file read in big
     * blocks into ibuf, each line handed out as a pointer into it. getline
     * copied every line out of stdio's buffer (with a lock and a memchr of
     * its own), and the reading thread copies it once more into a batch:
     * on short texts that was most of what the reading thread did (#17).
     * Kept for the next stream, like line. */
    int inplace; /* this stream is split in place (regular, no --max-doc-bytes) */
    int ieof;    /* nothing more to read into ibuf */
    char *ibuf;  /* bytes read, ipos..ilen not handed out yet */
    size_t icap, ipos, ilen;

    int silent_fail; /* fail_doc writes no warning (a read broken by a signal) */
    int keep_notes;  /* weft_reader_keep_notes: fail_doc's warning goes in fail_note */
    char fail_note[1200];
    char *held; /* the path of the file last left pending */
    uint64_t seq;
    /* input bytes read so far (compressed files: uncompressed); workers
     * decoding files add to it */
    _Atomic uint64_t consumed;
};

int weft_input_parse(const char *s) {
    static const char *const names[] = {"auto", "text", "html", "jsonl"};
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, names[i]) == 0) return i;
    return -1;
}

static int push(weft_reader *r, char *path, int top) {
    if (weft_grow((void **)&r->stack, &r->capstack, r->nstack + 1, sizeof *r->stack)) return -1;
    r->stack[r->nstack++] = (pending){path, top};
    return 0;
}

weft_reader *weft_reader_new(const char *const *inputs, size_t ninputs, const weft_reader_opts *o) {
    weft_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    weft_reader_opts def = {0};
    if (!o) o = &def;
    atomic_init(&r->consumed, 0);
    r->input = o->input;
    r->max_doc_bytes = o->max_doc_bytes;
    r->note = o->note;
    r->note_ud = o->note_ud;
    r->include = o->include;
    r->ninclude = o->ninclude;
    r->exclude = o->exclude;
    r->nexclude = o->nexclude;
    r->id_field = strdup(o->id_field ? o->id_field : "id");
    r->text_field = strdup(o->text_field ? o->text_field : "text");
    if (!r->id_field || !r->text_field) goto fail;
    for (size_t i = ninputs; i-- > 0;) {
        char *p = strdup(inputs[i]);
        if (!p || push(r, p, 1)) {
            free(p);
            goto fail;
        }
    }
    return r;
fail:
    weft_reader_free(r);
    return NULL;
}

static void close_stream(weft_reader *r) {
    if (r->jf && r->jclose) fclose(r->jf);
    r->jf = NULL;
    r->jpoll = 0;
    r->inplace = r->ieof = 0;
    r->ipos = r->ilen = 0;
    free(r->jpath);
    r->jpath = NULL;
}

void weft_reader_free(weft_reader *r) {
    if (!r) return;
    close_stream(r);
    free(r->held);
    for (size_t i = 0; i < r->nstack; i++) free(r->stack[i].path);
    free(r->stack);
    free(r->line);
    free(r->ibuf);
    free(r->fast.buf);
    free(r->jbuf); /* after close_stream: jf used it */
    free(r->id_field);
    free(r->text_field);
    free(r);
}

/* ------------------------------------------------------------------------ */

/* d as a document that stands for an input we could not read: id and one
 * "input" error. */
static void fill_failed(weft_doc *d, const char *id, int code, const char *msg) {
    weft_doc_set_id(d, id);
    weft_doc_set_raw(d, "", 0, 0);
    weft_doc_error_add(d, "input", code, -1, msg);
    d->failed = 1;
}

/* The warning for a failed input: the error record goes wherever the
 * output goes (a file with -o), so the input is also named on stderr. */
static void note_line(char *line, size_t size, const char *id, const char *msg) {
    size_t il = strlen(id);
    if (strncmp(msg, id, il) == 0 && msg[il] == ':')
        snprintf(line, size, "%s", msg); /* it names the input already */
    else
        snprintf(line, size, "%.160s: %s", id, msg);
}

void weft_reader_note(const weft_reader *r, const char *msg) {
    if (r->note)
        r->note(r->note_ud, msg);
    else
        weft_log_stderr(NULL, WEFT_LOG_WARN, msg);
}

/* A failed document made on the reading thread: numbered, and its warning
 * passed on at once. Returns 2. */
static int fail_doc(weft_reader *r, weft_doc *d, const char *id, int code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail_doc(weft_reader *r, weft_doc *d, const char *id, int code, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fill_failed(d, id, code, msg);
    d->seq = r->seq++;
    if (r->silent_fail) return 2;
    char line[1200];
    note_line(line, sizeof line, id, msg);
    if (r->keep_notes)
        memcpy(r->fail_note, line, sizeof line); /* to pd->note: weft_reader_next_raw */
    else
        weft_reader_note(r, line);
    return 2;
}

/* A note found while decoding, for the reading thread: into d's arena
 * (out of memory: lost, and a failed document's record still says it). */
static void add_note(weft_doc *d, weft_pending *pd, const char *msg) {
    int i = pd->note[0] != NULL;
    if (!pd->note[i]) pd->note[i] = weft_arena_strdup(&d->arena, msg);
}

/* A failed document made while decoding (on any thread): the warning is
 * left in pd->note, in d's arena, unless silent. Returns 2. */
static int dfail(weft_doc *d, weft_pending *pd, int silent, const char *id, int code,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int dfail(weft_doc *d, weft_pending *pd, int silent, const char *id, int code,
                 const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fill_failed(d, id, code, msg);
    if (silent) return 2;
    char line[1200];
    note_line(line, sizeof line, id, msg);
    add_note(d, pd, line);
    return 2;
}

static int has_suffix(const char *s, const char *suf) {
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static int is_jsonl_path(const weft_reader *r, const char *path) {
    if (r->input == WEFT_IN_JSONL) return 1;
    if (r->input != WEFT_IN_AUTO) return 0;
    return has_suffix(path, ".jsonl") || has_suffix(path, ".ndjson") ||
           has_suffix(path, ".jsonl.gz") || has_suffix(path, ".ndjson.gz");
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Push the visible entries of a directory, sorted, so the first comes out
 * next. 0, or an errno value. */
static int expand_dir(weft_reader *r, const char *path) {
    DIR *dir = opendir(path);
    if (!dir) return errno ? errno : EIO;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int err = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(dir);
        if (!e) {
            err = errno;
            break;
        }
        if (e->d_name[0] == '.') continue; /* hidden, "." and ".." */
        if (weft_grow((void **)&names, &cap, n + 1, sizeof *names)) {
            err = ENOMEM;
            break;
        }
        size_t pl = strlen(path), nl = strlen(e->d_name);
        int slash = pl > 0 && path[pl - 1] != '/';
        char *full = malloc(pl + (size_t)slash + nl + 1);
        if (!full) {
            err = ENOMEM;
            break;
        }
        memcpy(full, path, pl);
        if (slash) full[pl] = '/';
        memcpy(full + pl + slash, e->d_name, nl + 1);
        names[n++] = full;
    }
    closedir(dir);
    if (!err) {
        if (n) qsort(names, n, sizeof *names, cmp_names);
        for (size_t i = n; i-- > 0;) {
            if (push(r, names[i], 0)) {
                err = ENOMEM;
                for (size_t j = 0; j <= i; j++) free(names[j]);
                break;
            }
        }
    } else {
        for (size_t i = 0; i < n; i++) free(names[i]);
    }
    free(names);
    return err;
}

/* Room kept free before each read of a source of unknown size. */
#define READ_CHUNK ((size_t)64 * 1024)

/*
 * Where a plain document's bytes land: read the source to its end straight
 * into the document's arena (there is no reader buffer to copy from, and so
 * none that keeps the size of the largest document ever read). hint is the
 * size expected (a regular file's), 0 if unknown: the buffer starts one byte
 * larger, so the read that finds the end needs no growth. A source of
 * unknown size grows the buffer by doubling (weft_arena_realloc: in place
 * when it can, else a copy whose old block goes with the document). Past
 * max_doc_bytes the rest is counted but not stored. *out gets the bytes,
 * NUL-terminated; *total the bytes counted. With upto_hint, reading stops
 * once hint bytes are in (a regular file's size as fstat gave it: one read
 * call, not a second to see the end). Returns 0, an errno value, or -1 when
 * the total passed the limit.
 */
static int read_into_doc(const weft_reader *r, weft_doc *d, weft_read_fn rd, void *ctx, size_t hint,
                         int upto_hint, char **out, size_t *total) {
    size_t limit = r->max_doc_bytes;
    size_t cap = hint && hint < SIZE_MAX - 2 ? hint + 1 : READ_CHUNK;
    if (limit && cap > limit + 1) cap = limit + 1;
    char *buf = weft_arena_alloc(&d->arena, cap + 1); /* + 1: the NUL */
    size_t len = 0;
    int over = 0;
    *total = 0;
    *out = NULL;
    if (!buf) return ENOMEM;
    for (;;) {
        if (!over && len == cap) {
            if (cap > (SIZE_MAX - 1) / 2) return ENOMEM;
            char *nb = weft_arena_realloc(&d->arena, buf, cap + 1, 2 * cap + 1);
            if (!nb) return ENOMEM;
            buf = nb;
            cap *= 2;
        }
        char sink[4096];
        char *dst = over ? sink : buf + len;
        size_t room = over ? sizeof sink : cap - len;
        ssize_t got = rd(ctx, dst, room);
        if (got < 0) return errno ? errno : EIO;
        if (got == 0) break;
        *total += (size_t)got;
        if (!over) len += (size_t)got;
        if (limit && *total > limit) over = 1;
        if (upto_hint && *total == hint) break; /* no read to see the end */
    }
    buf[len] = '\0';
    *out = buf;
    return over ? -1 : 0;
}

static int too_big(const weft_reader *r, weft_doc *d, weft_pending *pd, const char *id, size_t n) {
    return dfail(d, pd, 0, id, WEFT_ELIMIT,
                 "document of %zu bytes is larger than --max-doc-bytes %zu", n, r->max_doc_bytes);
}

/* gzread as a weft_read_fn: a corrupt or truncated stream fails with EILSEQ. */
static ssize_t gz_read(void *ctx, void *buf, size_t n) {
    gzFile g = ctx;
    int got = gzread(g, buf, n > (1u << 30) ? (1u << 30) : (unsigned)n);
    int zerr = Z_OK;
    if (got < 0) {
        gzerror(g, &zerr);
        if (zerr != Z_ERRNO) errno = EILSEQ; /* corrupt compressed data */
        return -1;
    }
    if (got == 0) {
        gzerror(g, &zerr);
        if (zerr == Z_BUF_ERROR) { /* truncated stream */
            errno = EILSEQ;
            return -1;
        }
    }
    return got;
}

/* The uncompressed size a .gz file of n bytes announces in its last 4
 * (the last member's ISIZE, modulo 2^32), 0 when unknown or implausible.
 * Only a hint for the first allocation: inflating goes on to the real end
 * either way. Without it a page grew by doubling from 64 KiB, each step a
 * copy onto fresh pages (page faults were most of the news run's system
 * time). */
static size_t gz_size_hint(const unsigned char *p, size_t n) {
    if (n < 18 || p[0] != 0x1f || p[1] != 0x8b) return 0; /* not gzip */
    const unsigned char *t = p + n - 4;
    uint64_t u = (uint64_t)t[0] | (uint64_t)t[1] << 8 | (uint64_t)t[2] << 16 | (uint64_t)t[3] << 24;
    /* deflate cannot do better than about 1032:1 */
    if (u == 0 || u / 1032 > (uint64_t)n || u >= SIZE_MAX) return 0;
    return (size_t)u;
}

/* A .gz file's bytes in memory, inflated as gzread reads a file: gzip
 * members one after the other; bytes that do not start a member are copied
 * as they are when no member came before (zlib's transparent mode) and
 * ignored after one (trailing garbage); a member cut short or corrupt fails
 * with EILSEQ, as gz_read says. */
typedef struct gz_mem {
    z_stream zs;
    const unsigned char *p;
    size_t n, pos;
    int state; /* GZM_LOOK, GZM_MEMBER, GZM_COPY, GZM_END */
    int members, inited;
} gz_mem;

enum { GZM_LOOK, GZM_MEMBER, GZM_COPY, GZM_END };

static ssize_t gz_mem_read(void *ctx, void *buf, size_t n) {
    gz_mem *g = ctx;
    unsigned char *dst = buf;
    size_t out = 0;
    if (n > (1u << 30)) n = 1u << 30;
    while (out < n && g->state != GZM_END) {
        size_t left = g->n - g->pos;
        if (g->state == GZM_LOOK) {
            if (left >= 2 && g->p[g->pos] == 0x1f && g->p[g->pos + 1] == 0x8b) {
                int zr = g->inited ? inflateReset(&g->zs) : inflateInit2(&g->zs, 16 + MAX_WBITS);
                if (zr != Z_OK) {
                    errno = zr == Z_MEM_ERROR ? ENOMEM : EILSEQ;
                    return -1;
                }
                g->inited = 1;
                g->members++;
                g->state = GZM_MEMBER;
            } else {
                g->state = g->members || !left ? GZM_END : GZM_COPY;
            }
            continue;
        }
        if (g->state == GZM_COPY) {
            size_t k = left < n - out ? left : n - out;
            memcpy(dst + out, g->p + g->pos, k);
            out += k;
            g->pos += k;
            if (g->pos == g->n) g->state = GZM_END;
            continue;
        }
        uInt in = left > UINT_MAX ? UINT_MAX : (uInt)left;
        g->zs.next_in = (Bytef *)(uintptr_t)(g->p + g->pos);
        g->zs.avail_in = in;
        g->zs.next_out = dst + out;
        g->zs.avail_out = (uInt)(n - out);
        int zr = inflate(&g->zs, Z_NO_FLUSH);
        g->pos += in - g->zs.avail_in;
        out = (size_t)(g->zs.next_out - dst);
        if (zr == Z_STREAM_END) {
            g->state = GZM_LOOK;
        } else if (zr == Z_MEM_ERROR) {
            errno = ENOMEM;
            return -1;
        } else if (zr != Z_OK) { /* corrupt, or cut short (Z_BUF_ERROR: no input left) */
            errno = EILSEQ;
            return -1;
        }
    }
    return (ssize_t)out;
}

/* Compressed files up to this size are read whole (one read call) and
 * inflated from memory; larger ones, and what is not a regular file, are
 * streamed through gzread. */
#define GZ_WHOLE_MAX ((size_t)64 << 20)
/* The scratch buffer that held a larger file is freed after it. */
#define GZ_KEEP ((size_t)4 << 20)

/* As read_into_doc, through zlib. fd stays open. A regular file (st, its
 * fstat) of at most GZ_WHOLE_MAX is read into sc, the caller's scratch
 * (a worker's: warm from the file before), with one read call, and
 * inflated from there: open, fstat, read, close. Through gzread it was
 * fifteen system calls a page (two preads for the size hint, a dup, an
 * lseek, a read per 8 KiB, a second close), #17. */
static int read_gz_into_doc(const weft_reader *r, weft_doc *d, int fd, const struct stat *st,
                            weft_jsonl_scratch *sc, char **out, size_t *total) {
    *total = 0;
    if (st && sc && st->st_size >= 0 && (uint64_t)st->st_size <= GZ_WHOLE_MAX) {
        size_t n = (size_t)st->st_size;
        if (sc->cap < n + 1) {
            free(sc->buf); /* nothing in it to keep */
            sc->cap = 0;
            if (!(sc->buf = malloc(n + 1))) return ENOMEM;
            sc->cap = n + 1;
        }
        size_t len = 0;
        while (len < n) {
            ssize_t got = weft_read_fd(&fd, sc->buf + len, n - len);
            if (got < 0) return errno ? errno : EIO;
            if (got == 0) break; /* the file shrank: what is there */
            len += (size_t)got;
        }
        gz_mem g;
        memset(&g, 0, sizeof g);
        g.p = (const unsigned char *)sc->buf;
        g.n = len;
        int err = read_into_doc(r, d, gz_mem_read, &g, gz_size_hint(g.p, len), 0, out, total);
        if (g.inited) inflateEnd(&g.zs);
        if (sc->cap > GZ_KEEP) {
            free(sc->buf);
            sc->buf = NULL;
            sc->cap = 0;
        }
        return err;
    }
    int fd2 = dup(fd);
    gzFile g = fd2 >= 0 ? gzdopen(fd2, "rb") : NULL;
    if (!g) {
        if (fd2 >= 0) close(fd2);
        return ENOMEM;
    }
    int err = read_into_doc(r, d, gz_read, g, 0, 0, out, total);
    gzclose(g);
    return err;
}

/* One plain document from fd, id as given; gz: read through zlib. Returns
 * 1 or 2 (no sequence number: the caller gives it); warnings go to pd. */
static int read_plain(weft_reader *r, weft_doc *d, weft_pending *pd, int fd, const char *id,
                      const char *what, int gz, weft_jsonl_scratch *sc) {
    struct stat st;
    size_t hint = 0;
    int reg = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!gz && reg && st.st_size > 0) {
        if (r->max_doc_bytes && (uint64_t)st.st_size > r->max_doc_bytes)
            return too_big(r, d, pd, id, (size_t)st.st_size);
        if ((uint64_t)st.st_size < SIZE_MAX) hint = (size_t)st.st_size;
    }
    size_t total;
    char *text;
    int err = gz ? read_gz_into_doc(r, d, fd, reg ? &st : NULL, sc, &text, &total)
                 : read_into_doc(r, d, weft_read_fd, &fd, hint, hint > 0, &text, &total);
    if (err == EILSEQ)
        return dfail(d, pd, 0, id, WEFT_EDATA, "%s: corrupt or truncated gzip data", what);
    if (err < 0) return too_big(r, d, pd, id, total);
    if (err) /* ^C broke the read (EINTR): no warning */
        return dfail(d, pd, err == EINTR, id, WEFT_EIO, "%s: %s", what, strerror(err));
    atomic_fetch_add_explicit(&r->consumed, total, memory_order_relaxed);
    /* An image or a program in a folder of texts would give every stage
     * junk to read (entities in an ELF header): it fails here, named. */
    size_t at;
    if (weft_text_binary(text, total, &at))
        return dfail(d, pd, 0, id, WEFT_EDATA,
                     "%s: binary data, not text (control byte 0x%02X at offset %zu)", what,
                     (unsigned char)text[at], at);
    int rc = weft_doc_set_id(d, id);
    if (rc == WEFT_OK) rc = weft_doc_set_raw(d, text, total, 0); /* already in the arena */
    if (rc == WEFT_ELIMIT) return too_big(r, d, pd, id, total);
    if (rc != WEFT_OK)
        return dfail(d, pd, 0, id, rc, "%s: out of memory reading %zu bytes", what, total);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* JSON Lines                                                                */

static int blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

static void number_id(char *out, size_t size, const json_t *v) {
    if (json_is_integer(v)) {
        snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return;
    }
    double x = json_real_value(v);
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, size, "%.*g", prec, x);
        if (strtod(out, NULL) == x) break;
    }
}

/* Next record of the open stream: 1 or 2 as weft_reader_next, 0 at its end. */
/* Longest JSON Lines record read into memory when --max-doc-bytes is set:
 * room for the text with every character escaped, plus the other fields. */
static size_t line_limit(const weft_reader *r) {
    if (!r->max_doc_bytes) return SIZE_MAX;
    return r->max_doc_bytes > (SIZE_MAX - 65536) / 6 ? SIZE_MAX : r->max_doc_bytes * 6 + 65536;
}

/* Bytes read at a time from a JSON Lines stream (stdio's, zlib's or ibuf) */
#define STREAM_BUF (256u << 10)

/* The next line of an in-place stream, '\n' included (the last one may
 * lack it), into r->lp: a pointer into ibuf, valid until the next call.
 * Only a line that crosses the end of what was read is moved, once, to
 * the start of ibuf before the next block is read after it; ibuf grows to
 * the longest line, as getline's buffer does. Returns the length, or -1
 * at the end of the stream or on an error (ferror). */
static ssize_t split_line(weft_reader *r) {
    size_t scan = r->ipos; /* bytes before scan hold no '\n' */
    for (;;) {
        char *nl = scan < r->ilen ? memchr(r->ibuf + scan, '\n', r->ilen - scan) : NULL;
        if (nl || (r->ieof && r->ipos < r->ilen)) {
            size_t end = nl ? (size_t)(nl - r->ibuf) + 1 : r->ilen;
            r->lp = r->ibuf + r->ipos;
            ssize_t n = (ssize_t)(end - r->ipos);
            r->ipos = end;
            return n;
        }
        if (r->ieof) return -1;
        size_t part = r->ilen - r->ipos;
        if (r->ipos) {
            memmove(r->ibuf, r->ibuf + r->ipos, part);
            r->ipos = 0;
            r->ilen = part;
        }
        scan = part;
        if (r->ilen == r->icap) {
            size_t ncap = r->icap ? r->icap * 2 : STREAM_BUF;
            if (ncap <= r->icap || ncap > (size_t)SSIZE_MAX) {
                errno = ENOMEM;
                return -1;
            }
            char *p = realloc(r->ibuf, ncap);
            if (!p) {
                errno = ENOMEM;
                return -1;
            }
            r->ibuf = p;
            r->icap = ncap;
        }
        size_t want = r->icap - r->ilen;
        size_t got = fread(r->ibuf + r->ilen, 1, want, r->jf);
        r->ilen += got;
        if (got < want) {
            if (ferror(r->jf)) return -1;
            r->ieof = 1;
        }
    }
}

/* getline, but past limit the rest of the line is skipped instead of
 * buffered (memory stays bounded on a 200 MB line). Returns the length
 * (which may exceed limit: then *cut is set and the buffer holds a prefix),
 * or -1 at end of input or on an error. */
static ssize_t read_line(weft_reader *r, size_t limit, int *cut) {
    *cut = 0;
    if (r->inplace) return split_line(r);
    if (limit == SIZE_MAX) return getline(&r->line, &r->linecap, r->jf);
    size_t len = 0;
    for (;;) {
        if (!*cut && r->linecap - len < 65536 + 1) {
            size_t ncap = r->linecap ? r->linecap * 2 : 65536 + 1;
            while (ncap - len < 65536 + 1) ncap *= 2;
            char *p = realloc(r->line, ncap);
            if (!p) {
                errno = ENOMEM;
                return -1;
            }
            r->line = p;
            r->linecap = ncap;
        }
        char sink[4096];
        char *dst = *cut ? sink : r->line + len;
        size_t room = *cut ? sizeof sink : r->linecap - len;
        if (!fgets(dst, (int)(room > INT32_MAX ? INT32_MAX : room), r->jf))
            return len ? (ssize_t)len : -1;
        size_t got = strlen(dst); /* a NUL inside the line cuts it: JSON forbids raw NULs */
        int eol = got && dst[got - 1] == '\n';
        if (*cut) {
            len += got;
        } else {
            len += got;
            if (len > limit) *cut = 1;
        }
        if (eol) return (ssize_t)len;
    }
}

/* A JSON Lines record that failed (on any thread): the error document goes
 * by the record's own id (rid) when it has one, else by FILE:LINE (lid),
 * and its message starts with FILE:LINE either way, then the column where
 * the JSON broke when col > 0. Returns 2. */
static int record_fail(weft_doc *d, weft_pending *pd, const char *lid, const char *rid, int code,
                       int col, const char *msg) {
    if (col > 0) return dfail(d, pd, 0, rid ? rid : lid, code, "%s: column %d: %s", lid, col, msg);
    return dfail(d, pd, 0, rid ? rid : lid, code, "%s: %s", lid, msg);
}

static int record_too_big(const weft_reader *r, weft_doc *d, weft_pending *pd, const char *lid,
                          const char *rid, size_t n) {
    char msg[160];
    snprintf(msg, sizeof msg, "document of %zu bytes is larger than --max-doc-bytes %zu", n,
             r->max_doc_bytes);
    return record_fail(d, pd, lid, rid, WEFT_ELIMIT, 0, msg);
}

/* A record's id (NULL: it has none) and text read: the document, or an
 * error document. */
static int record_doc(const weft_reader *r, weft_doc *d, weft_pending *pd, const char *lid,
                      const char *id, const char *text, size_t tl) {
    if (r->max_doc_bytes && tl > r->max_doc_bytes) return record_too_big(r, d, pd, lid, id, tl);
    int e = weft_doc_set_id(d, id ? id : lid);
    if (e == WEFT_OK) e = weft_doc_set_raw(d, text, tl, 1);
    if (e == WEFT_OK) return 1;
    if (e == WEFT_ELIMIT) return record_too_big(r, d, pd, lid, id, tl);
    return record_fail(d, pd, lid, id, e, 0, "out of memory");
}

/* A record line that is not valid UTF-8 (jansson refuses it), as UTF-8,
 * decided as for a plain text (weft/textenc.h): each bad byte is its
 * windows-1252 character when the line reads as Latin text, else U+FFFD;
 * valid sequences stay. JSON's own syntax is ASCII, so only the strings
 * change. NULL when out of memory; *note says how it was read. */
static char *utf8_line(const char *s, size_t len, size_t *outlen, const char **note) {
    weft_textenc enc = weft_textenc_guess(s, len, note);
    if (!*note) *note = WEFT_TEXTENC_NOTE_FFFD;
    if (len > SIZE_MAX / 3 - 1) return NULL;
    char *out = malloc(len * 3 + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t ok = weft_utf8_valid_prefix(s + i, len - i);
        memcpy(out + o, s + i, ok);
        o += ok;
        i += ok;
        if (i < len) {
            uint32_t cp = enc == WEFT_TEXTENC_CP1252 ? weft_cp1252((unsigned char)s[i]) : 0xFFFD;
            o += weft_utf8_encode(cp, (unsigned char *)out + o);
            i++;
        }
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

/* Record lineno of the stream path (s, not blank; rewritten in place when
 * it holds lone surrogates) into d: 1 or 2, warnings to pd. On any thread:
 * it reads only the reader's options, and decodes in the caller's sc. */
/* "a number", "an object"... for a message about a JSON value. */
static const char *json_kind(const json_t *v) {
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    default:
        return "null";
    }
}

/* The characters in s[0, n), counted as jansson counts its columns (a
 * UTF-8 sequence is one); at most INT32_MAX - 1. */
static int columns(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c < INT32_MAX - 1 ? (int)c : INT32_MAX - 1;
}

/* Where a record's JSON broke, and why, in JSON Lines terms. jansson puts
 * the column after the token it could not take ("invalid token near 'not'"
 * at column 3 of "not json at all"); the user looks for where that token
 * starts, which is where the line goes wrong. A record is one line, so what
 * jansson calls the end of the file is the end of the line. */
static int json_error_column(const char *s, size_t len, const json_error_t *e, char *why,
                             size_t whysz) {
    static const char eof[] = "end of file expected", near_eof[] = " near end of file";
    size_t l = strlen(e->text), nl = sizeof near_eof - 1;
    while (len && (s[len - 1] == '\n' || s[len - 1] == '\r')) len--;
    int col = e->column > 0 ? e->column : 1;
    if (l >= nl && strcmp(e->text + l - nl, near_eof) == 0) {
        /* "[1,2": the line ends before the value does */
        snprintf(why, whysz, "%.*s at the end of the line", (int)(l - nl), e->text);
        return columns(s, len) + 1;
    }
    static const char *const cut[] = {"unexpected newline", "premature end of input"};
    for (size_t i = 0; i < 2; i++) {
        size_t cl = strlen(cut[i]);
        if (strncmp(e->text, cut[i], cl) == 0) { /* a string still open where the line ends */
            snprintf(why, whysz, "the line ends inside a string%s", e->text + cl);
            return columns(s, len) + 1;
        }
    }
    if (strncmp(e->text, eof, sizeof eof - 1) == 0)
        snprintf(why, whysz, "end of line expected%s", e->text + sizeof eof - 1);
    else
        snprintf(why, whysz, "%s", e->text);
    const char *near = strstr(e->text, " near '");
    if (!near || e->position <= 0 || (size_t)e->position > len) return col;
    near += 7;
    size_t tl = strlen(near);
    if (!tl || near[tl - 1] != '\'') return col;
    tl--; /* the token as jansson quotes it, when it is the bytes before position */
    size_t end = (size_t)e->position;
    if (tl == 0 || tl > end || memcmp(s + end - tl, near, tl) != 0) return col;
    /* in a string ("invalid escape near '"cut \'"), the bad byte is the
     * last one quoted; else the token quoted is the one not expected */
    if (near[0] == '"' && !strstr(e->text, "expected")) return columns(s, end);
    return columns(s, end - tl) + 1;
}

/* The notes of a record, each as its warning line names the record. */
static void record_notes(weft_doc *d, weft_pending *pd, const char *id, char (*notes)[320], int n) {
    for (int i = 0; i < n; i++) {
        char line[512];
        note_line(line, sizeof line, id, notes[i]);
        add_note(d, pd, line);
    }
}

static int decode_line(const weft_reader *r, weft_jsonl_scratch *sc, weft_doc *d, weft_pending *pd,
                       char *s, size_t len, const char *path, size_t lineno) {
    size_t pl = strlen(path);
    char *lid = malloc(pl + 24);
    if (!lid) return dfail(d, pd, 0, path, WEFT_ENOMEM, "out of memory");
    snprintf(lid, pl + 24, "%s:%zu", path, lineno);

    const char *fid, *ftext;
    size_t ftl;
    if (weft_jsonl_flat(s, len, r->id_field, r->text_field, sc, &fid, &ftext, &ftl)) {
        int rc = record_doc(r, d, pd, lid, fid, ftext, ftl);
        free(lid);
        return rc;
    }
    json_error_t jerr;
    json_t *root = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    /* notes on a record read not exactly as written, said once its id is
     * known, as the record's other warnings are ("a2: f.jsonl:2: ...") */
    char notes[2][320];
    int nnotes = 0;
    char *conv = NULL;
    const char *encnote = NULL;
    if (!root && weft_utf8_valid_prefix(s, len) != len) {
        /* raw Latin-1 bytes in a string: decoded as a plain text would be,
         * rather than the record lost */
        size_t clen;
        if (!(conv = utf8_line(s, len, &clen, &encnote))) {
            free(lid);
            return dfail(d, pd, 0, path, WEFT_ENOMEM, "out of memory");
        }
        s = conv;
        len = clen;
        root = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        if (root) snprintf(notes[nnotes++], sizeof notes[0], "%.200s: %s", lid, encnote);
    }
    size_t fixed = 0;
    char first[8] = "";
    if (!root && (fixed = fix_lone_surrogates(s, len, first)) > 0) {
        /* strict JSON refuses them; the text around them is worth more */
        root = json_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        if (root)
            snprintf(notes[nnotes++], sizeof notes[0],
                     "%.200s: %zu lone surrogate escape%s (first \\u%s) read as U+FFFD", lid, fixed,
                     fixed == 1 ? "" : "s", first);
    }
    int rc;
    /* a JSON array (a file of them, or one spread over lines): JSON Lines
     * is something else, say what */
    size_t lead = 0;
    while (lead < len && (s[lead] == ' ' || s[lead] == '\t' || s[lead] == '\r')) lead++;
    static const char array_hint[] =
        "not a JSON object but an array: JSON Lines is one object a line "
        "(jq -c '.[]' FILE turns an array into JSON Lines)";
    if (lead < len && s[lead] == '[' && (!root || json_is_array(root))) {
        record_notes(d, pd, lid, notes, nnotes);
        rc = record_fail(d, pd, lid, NULL, WEFT_EDATA, 0, array_hint);
    } else if (!root) {
        /* broken JSON: the id it starts with, if it still says one */
        const char *rid = NULL;
        if (!weft_jsonl_lead_id(s, len, r->id_field, sc, &rid)) rid = NULL;
        char why[JSON_ERROR_TEXT_LENGTH + 16];
        int col = json_error_column(s, len, &jerr, why, sizeof why);
        rc = record_fail(d, pd, lid, rid, WEFT_EDATA, col, why);
    } else if (!json_is_object(root)) {
        record_notes(d, pd, lid, notes, nnotes);
        rc = record_fail(d, pd, lid, NULL, WEFT_EDATA, 0, "not a JSON object");
    } else {
        json_t *text = json_object_get(root, r->text_field);
        json_t *idv = json_object_get(root, r->id_field);
        char num[64];
        const char *id = NULL;
        if (json_is_string(idv)) {
            id = json_string_value(idv);
        } else if (json_is_number(idv)) {
            number_id(num, sizeof num, idv);
            id = num;
        }
        record_notes(d, pd, id ? id : lid, notes, nnotes);
        if (!json_is_string(text)) {
            char msg[400];
            if (text) {
                snprintf(msg, sizeof msg, "no string field '%.100s' (it is %s)", r->text_field,
                         json_kind(text));
            } else {
                /* a corpus that names it otherwise ("content", "body"): say
                 * what the record has and how to read another field */
                int len = snprintf(msg, sizeof msg,
                                   "no string field '%.100s' (the record has:", r->text_field);
                const char *key;
                json_t *v;
                size_t k = 0;
                json_object_foreach(root, key, v) {
                    (void)v;
                    if (len < 0 || (size_t)len >= sizeof msg - 120) break;
                    if (k++ == 6) {
                        len += snprintf(msg + len, sizeof msg - (size_t)len, " ...");
                        break;
                    }
                    len += snprintf(msg + len, sizeof msg - (size_t)len, "%s '%.40s'",
                                    k > 1 ? "," : "", key);
                }
                if (len >= 0 && (size_t)len < sizeof msg)
                    snprintf(msg + len, sizeof msg - (size_t)len,
                             "%s; --text-field NAME reads another)", k ? "" : " no field");
            }
            rc = record_fail(d, pd, lid, id, WEFT_EDATA, 0, msg);
        } else {
            rc = record_doc(r, d, pd, lid, id, json_string_value(text), json_string_length(text));
        }
    }
    json_decref(root);
    free(conv);
    free(lid);
    return rc;
}

/* Next record of the open stream: 1 or 2 as weft_reader_next, 0 at its
 * end. With defer, a record is copied into d's arena and left pending. */
static int next_line(weft_reader *r, weft_doc *d, weft_pending *pd, int defer) {
    size_t limit = line_limit(r);
    for (;;) {
        errno = 0;
        int cut;
        ssize_t n = read_line(r, limit, &cut);
        if (n > 0) atomic_fetch_add_explicit(&r->consumed, (uint64_t)n, memory_order_relaxed);
        if (n >= 0 && cut) {
            r->lineno++;
            char lid[64];
            snprintf(lid, sizeof lid, ":%zu", r->lineno);
            size_t pl = strlen(r->jpath);
            char *full = malloc(pl + sizeof lid);
            if (full) {
                memcpy(full, r->jpath, pl);
                memcpy(full + pl, lid, strlen(lid) + 1);
            }
            const char *where = full ? full : r->jpath, *rid = NULL;
            /* the id the record starts with, in the part of it read */
            if (r->inplace || !r->line ||
                !weft_jsonl_lead_id(r->line, strlen(r->line), r->id_field, &r->fast, &rid))
                rid = NULL;
            int rc = fail_doc(r, d, rid ? rid : where, WEFT_ELIMIT,
                              "%s: record of %zd bytes is larger than --max-doc-bytes %zu "
                              "allows; skipped",
                              where, n, r->max_doc_bytes);
            free(full);
            return rc;
        }
        if (n < 0) {
            if (ferror(r->jf)) {
                int err = errno ? errno : EIO;
                char *path = r->jpath;
                r->jpath = NULL;
                size_t line = r->lineno + 1;
                close_stream(r);
                char id[64];
                snprintf(id, sizeof id, ":%zu", line);
                size_t pl = strlen(path);
                char *full = malloc(pl + sizeof id);
                int rc;
                /* a signal (^C) broke the read: the run stops, nothing is wrong
                 * with the input, so no warning on stderr */
                r->silent_fail = err == EINTR;
                if (full) {
                    memcpy(full, path, pl);
                    memcpy(full + pl, id, strlen(id) + 1);
                    rc = fail_doc(r, d, full, WEFT_EIO, "%s: %s", path, strerror(err));
                } else {
                    rc = fail_doc(r, d, path, WEFT_EIO, "%s: %s", path, strerror(err));
                }
                free(full);
                free(path);
                r->silent_fail = 0;
                return rc;
            }
            return 0;
        }
        r->lineno++;
        char *s = r->inplace ? r->lp : r->line;
        size_t len = (size_t)n;
        if (r->lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* a byte order mark before the first record */
            len -= 3;
        }
        if (blank(s, len)) continue;
        pd->lineno = r->lineno;
        pd->size = len;
        if (!defer) {
            d->seq = r->seq++;
            return decode_line(r, &r->fast, d, pd, s, len, r->jpath, r->lineno);
        }
        d->seq = r->seq++;
        pd->bytes = s; /* the caller copies what it keeps */
        pd->path = r->jpath;
        pd->len = len;
        pd->kind = WEFT_PEND_LINE;
        return 1;
    }
}

static int hex4(const char *p, unsigned *v) {
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int h = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (h < 0) return -1;
        *v = *v << 4 | (unsigned)h;
    }
    return 0;
}

/* Rewrites, in place, every \uXXXX escape of a lone surrogate (a high one
 * not followed by a low one, a low one not after a high one) to \uFFFD,
 * the same length. Returns how many; the first one's hex digits go to
 * first. Called only on a line jansson refused. */
static size_t fix_lone_surrogates(char *s, size_t len, char first[8]) {
    first[0] = '\0';
    size_t n = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '\\') continue;
        if (s[i + 1] != 'u' || i + 6 > len) {
            i++; /* \\, \", ...: skip the escaped character */
            continue;
        }
        unsigned v, w;
        if (hex4(s + i + 2, &v) != 0) {
            i++;
            continue;
        }
        int lone = 0;
        if (v >= 0xD800 && v <= 0xDBFF) {
            if (i + 12 <= len && s[i + 6] == '\\' && s[i + 7] == 'u' && hex4(s + i + 8, &w) == 0 &&
                w >= 0xDC00 && w <= 0xDFFF) {
                i += 11; /* a pair: keep both */
                continue;
            }
            lone = 1;
        } else if (v >= 0xDC00 && v <= 0xDFFF) {
            lone = 1; /* a low one after a high one was skipped with it */
        }
        if (lone) {
            if (n++ == 0) memcpy(first, s + i + 2, 4), first[4] = '\0';
            memcpy(s + i + 2, "FFFD", 4);
        }
        i += 5;
    }
    return n;
}

static ssize_t gz_cookie_read(void *cookie, char *buf, size_t size) {
    int got = gzread(cookie, buf, size > (1u << 30) ? (1u << 30) : (unsigned)size);
    int zerr = Z_OK;
    if (got == 0) gzerror(cookie, &zerr);
    if (got < 0 || zerr == Z_BUF_ERROR) { /* corrupt or truncated */
        if (got < 0) gzerror(cookie, &zerr);
        errno = zerr == Z_ERRNO ? errno : EILSEQ;
        return -1;
    }
    return got;
}

static int gz_cookie_close(void *cookie) {
    return gzclose(cookie) == Z_OK ? 0 : EOF;
}

/* A FILE reading fd through zlib (fd is taken over). */
/* JSON Lines streams are read in blocks this big: with stdio's 4 KiB,
 * the read system calls of a short-text run cost as much as its pipeline's
 * thread hand-overs. */

static FILE *gz_file(int fd) {
    gzFile g = gzdopen(fd, "rb");
    if (!g) return NULL;
    gzbuffer(g, STREAM_BUF); /* before the first read; a failure keeps zlib's default */
    cookie_io_functions_t io = {.read = gz_cookie_read, .close = gz_cookie_close};
    FILE *f = fopencookie(g, "r", io);
    if (!f) gzclose(g);
    return f;
}

/* stdin as a FILE: bytes are handed on as read() returns them, so a record
 * that comes down a slow pipe is read when it arrives (zlib's gzread waits
 * until its whole buffer is filled), and gzip data (1f 8b at the start) is
 * inflated as it comes, member after member. */
typedef struct pipe_stream {
    int fd;
    int gz;  /* -1 not known yet, 0 plain, 1 gzip */
    int eof; /* read() said end of input */
    int end; /* inflate reached the end of a member and nothing followed yet */
    z_stream zs;
    unsigned char in[64u << 10];
} pipe_stream;

/* More input into p->in; 0 at the end of input, -1 (errno) on error. */
static ssize_t pipe_fill(pipe_stream *p) {
    ssize_t k = read(p->fd, p->in, sizeof p->in);
    if (k == 0) p->eof = 1;
    if (k > 0) {
        p->zs.next_in = p->in;
        p->zs.avail_in = (uInt)k;
    }
    return k;
}

static ssize_t pipe_cookie_read(void *cookie, char *buf, size_t size) {
    pipe_stream *p = cookie;
    if (p->gz < 0) {
        /* the first two bytes say which: a slow pipe may bring one first */
        while (p->zs.avail_in < 2 && !p->eof) {
            ssize_t k = read(p->fd, p->in + p->zs.avail_in, sizeof p->in - p->zs.avail_in);
            if (k < 0) return -1;
            if (k == 0) p->eof = 1;
            p->zs.avail_in += (uInt)k;
        }
        p->zs.next_in = p->in;
        p->gz = p->zs.avail_in >= 2 && p->in[0] == 0x1f && p->in[1] == 0x8b;
        if (p->gz && inflateInit2(&p->zs, 16 + MAX_WBITS) != Z_OK) {
            p->gz = 0;
            errno = ENOMEM;
            return -1;
        }
    }
    if (!p->gz) {
        if (p->zs.avail_in) {
            size_t n = size < p->zs.avail_in ? size : p->zs.avail_in;
            memcpy(buf, p->zs.next_in, n);
            p->zs.next_in += n;
            p->zs.avail_in -= (uInt)n;
            return (ssize_t)n;
        }
        return p->eof ? 0 : read(p->fd, buf, size);
    }
    for (;;) {
        if (!p->zs.avail_in && !p->eof && pipe_fill(p) < 0) return -1;
        if (p->end) {
            if (!p->zs.avail_in) {
                if (p->eof) return 0; /* the last member ended cleanly */
                continue;
            }
            if (inflateReset(&p->zs) != Z_OK) break; /* another member follows */
            p->end = 0;
        }
        p->zs.next_out = (Bytef *)buf;
        p->zs.avail_out = size > (1u << 30) ? (1u << 30) : (uInt)size;
        uInt before = p->zs.avail_out;
        int rc = inflate(&p->zs, Z_NO_FLUSH);
        size_t got = before - p->zs.avail_out;
        if (rc == Z_STREAM_END)
            p->end = 1;
        else if (rc != Z_OK && rc != Z_BUF_ERROR)
            break; /* corrupt data */
        if (got) return (ssize_t)got;
        if (p->eof && !p->zs.avail_in && !p->end) break; /* truncated */
    }
    errno = EILSEQ;
    return -1;
}

static int pipe_cookie_close(void *cookie) {
    pipe_stream *p = cookie;
    if (p->gz == 1) inflateEnd(&p->zs);
    int rc = close(p->fd);
    free(p);
    return rc;
}

/* A FILE reading fd (taken over) as pipe_cookie_read does. */
static FILE *pipe_file(int fd) {
    pipe_stream *p = calloc(1, sizeof *p);
    if (!p) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    p->fd = fd;
    p->gz = -1;
    cookie_io_functions_t io = {.read = pipe_cookie_read, .close = pipe_cookie_close};
    FILE *f = fopencookie(p, "r", io);
    if (!f) pipe_cookie_close(p);
    return f;
}

static int open_stream(weft_reader *r, weft_doc *d, const char *path, int is_stdin) {
    FILE *f;
    int fd = -1;
    if (is_stdin) {
        fd = dup(STDIN_FILENO);
        f = fd >= 0 ? pipe_file(fd) : NULL;
    } else if (has_suffix(path, ".gz")) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        f = fd >= 0 ? gz_file(fd) : NULL;
        if (!f && fd >= 0 && errno == 0) errno = ENOMEM;
    } else {
        f = fopen(path, "rb");
        if (f) {
            fd = fileno(f);
            struct stat fst;
            if (!r->max_doc_bytes && fstat(fd, &fst) == 0 && S_ISREG(fst.st_mode)) {
                /* split in place (split_line): fread goes straight into ibuf */
                setvbuf(f, NULL, _IONBF, 0);
            } else {
                /* glibc ignores the size without a buffer of ours; without
                 * memory, stdio's default buffer does */
                if (!r->jbuf) r->jbuf = malloc(STREAM_BUF);
                if (r->jbuf) setvbuf(f, r->jbuf, _IOFBF, STREAM_BUF);
            }
        }
    }
    if (!f) return fail_doc(r, d, path, WEFT_EIO, "%s: %s", path, strerror(errno));
    r->jpath = strdup(path);
    if (!r->jpath) {
        if (!is_stdin) fclose(f);
        return fail_doc(r, d, path, WEFT_ENOMEM, "%s: out of memory", path);
    }
    r->jf = f;
    r->jclose = 1;
    r->lineno = 0;
    struct stat st;
    r->jpoll = fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) ? fd + 1 : 0;
    /* A pipe or terminal keeps getline: a block read there would wait for
     * a whole block, not for the next line. */
    r->inplace = fd >= 0 && !r->jpoll && !r->max_doc_bytes;
    r->ieof = 0;
    r->ipos = r->ilen = 0;
    return 0;
}

/* ------------------------------------------------------------------------ */

static int glob_match(const char *pattern, const char *path) {
    const char *base = strrchr(path, '/');
    return fnmatch(pattern, strchr(pattern, '/') ? path : base ? base + 1 : path, 0) == 0;
}

static int excluded(const weft_reader *r, const char *path) {
    for (size_t i = 0; i < r->nexclude; i++)
        if (glob_match(r->exclude[i], path)) return 1;
    return 0;
}

static int included(const weft_reader *r, const char *path) {
    if (excluded(r, path)) return 0;
    if (r->ninclude == 0) return 1;
    for (size_t i = 0; i < r->ninclude; i++)
        if (glob_match(r->include[i], path)) return 1;
    return 0;
}

/* Whether a whole stdin read as one document is JSON Lines the user meant
 * as a document a line: its first line is an object holding the text
 * field, and so is the next line if there is one. */
static int looks_like_jsonl(const char *s, size_t n, const char *field) {
    size_t fl = strlen(field);
    for (int line = 0; line < 2; line++) {
        while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++, n--;
        if (!n) return line > 0;
        const char *nl = memchr(s, '\n', n);
        size_t e = nl ? (size_t)(nl - s) : n;
        size_t t = e;
        while (t && (s[t - 1] == ' ' || s[t - 1] == '\t' || s[t - 1] == '\r')) t--;
        if (s[0] != '{' || t < 2 || s[t - 1] != '}') return 0;
        int found = 0;
        for (const char *p = s; !found && (p = memchr(p, '"', t - (size_t)(p - s))) != NULL; p++) {
            if ((size_t)(p - s) + fl + 2 > t || memcmp(p + 1, field, fl) != 0 || p[fl + 1] != '"')
                continue;
            const char *c = p + fl + 2;
            while (c < s + t && (*c == ' ' || *c == '\t')) c++;
            found = c < s + t && *c == ':';
        }
        if (!found) return 0;
        s += e;
        n -= e;
    }
    return 1;
}

/* Visit one input; 1 or 2 when it produced a document, 0 to go on. A
 * regular file is left pending with defer. */
static int visit(weft_reader *r, weft_doc *d, weft_pending *pd, const char *path, int top,
                 int defer) {
    if (top && strcmp(path, "-") == 0) {
        if (r->input == WEFT_IN_JSONL) return open_stream(r, d, "-", 1);
        int rc = read_plain(r, d, pd, STDIN_FILENO, "-", "stdin", 1, NULL);
        d->seq = r->seq++;
        const weft_view *raw = rc == 1 ? weft_doc_view(d, WEFT_SYM_RAW) : NULL;
        if (raw && r->input == WEFT_IN_AUTO && looks_like_jsonl(raw->text, raw->len, r->text_field))
            add_note(d, pd,
                     "-: stdin looks like JSON Lines but was read as one document: "
                     "pass --input jsonl to read a document a line");
        return rc;
    }
    struct stat st;
    if ((top ? stat(path, &st) : lstat(path, &st)) != 0)
        return fail_doc(r, d, path, WEFT_EIO, "%s: %s", path, strerror(errno));
    if (S_ISLNK(st.st_mode)) {
        /* --include/--exclude first: a link they leave out is not read,
         * so whether it points anywhere does not matter */
        if (!top && !included(r, path)) return 0;
        if (stat(path, &st) != 0)
            return fail_doc(r, d, path, WEFT_EIO, "%s: %s", path, strerror(errno));
        if (S_ISDIR(st.st_mode)) return 0; /* never follow links to directories */
    }
    if (S_ISDIR(st.st_mode)) {
        if (!top && excluded(r, path)) return 0;
        int err = expand_dir(r, path);
        if (err) return fail_doc(r, d, path, WEFT_EIO, "%s: %s", path, strerror(err));
        return 0;
    }
    if (!top && (!S_ISREG(st.st_mode) || !included(r, path))) return 0;
    if (is_jsonl_path(r, path)) return open_stream(r, d, path, 0);
    int gz = has_suffix(path, ".gz");
    /* only a regular file: a FIFO read on another thread could not be cut
     * short by ^C */
    if (defer && S_ISREG(st.st_mode)) {
        pd->path = path; /* kept until the next call */
        pd->kind = WEFT_PEND_FILE;
        pd->gz = gz;
        pd->size = st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX ? (size_t)st.st_size : 0;
        d->seq = r->seq++;
        return 1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail_doc(r, d, path, WEFT_EIO, "%s: %s", path, strerror(errno));
    int rc = read_plain(r, d, pd, fd, path, path, gz, &r->fast);
    close(fd);
    d->seq = r->seq++;
    return rc;
}

int weft_reader_next_raw(weft_reader *r, weft_doc *d, weft_pending *pd, int defer) {
    memset(pd, 0, sizeof *pd);
    free(r->held);
    r->held = NULL;
    int rc = 0;
    for (;;) {
        if (r->jf) {
            if ((rc = next_line(r, d, pd, defer)) != 0) break;
            close_stream(r);
            continue;
        }
        if (r->nstack == 0) return 0;
        pending p = r->stack[--r->nstack];
        rc = visit(r, d, pd, p.path, p.top, defer);
        if (pd->kind == WEFT_PEND_FILE)
            r->held = p.path;
        else
            free(p.path);
        if (rc) break;
    }
    if (r->keep_notes) { /* the caller passes them on with their document */
        if (r->fail_note[0]) add_note(d, pd, r->fail_note);
        r->fail_note[0] = '\0';
        return rc;
    }
    for (int i = 0; i < 2; i++) /* found here, on the reading thread */
        if (pd->note[i]) weft_reader_note(r, pd->note[i]);
    pd->note[0] = pd->note[1] = NULL;
    return rc;
}

void weft_reader_keep_notes(weft_reader *r, int keep) {
    r->keep_notes = keep;
    r->fail_note[0] = '\0';
}

int weft_reader_decode(weft_reader *r, weft_jsonl_scratch *sc, weft_doc *d, weft_pending *pd) {
    int kind = pd->kind;
    pd->kind = WEFT_PEND_NONE;
    if (kind == WEFT_PEND_LINE)
        return decode_line(r, sc, d, pd, pd->bytes, pd->len, pd->path, pd->lineno);
    if (kind != WEFT_PEND_FILE) return 1;
    int fd = open(pd->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dfail(d, pd, 0, pd->path, WEFT_EIO, "%s: %s", pd->path, strerror(errno));
    int rc = read_plain(r, d, pd, fd, pd->path, pd->path, pd->gz, sc);
    close(fd);
    return rc;
}

int weft_reader_next(weft_reader *r, weft_doc *d) {
    weft_pending pd;
    return weft_reader_next_raw(r, d, &pd, 0);
}

/* Whether stdio holds a whole line of jf unread: glibc's read pointers,
 * as gnulib's freadahead reads them (the FILE layout is in glibc's public
 * headers); elsewhere 0, so that only the kernel is asked. */
static int stdio_has_line(FILE *f) {
#if defined(__GLIBC__)
    const char *p = f->_IO_read_ptr, *e = f->_IO_read_end;
    return p && e > p && memchr(p, '\n', (size_t)(e - p)) != NULL;
#else
    (void)f;
    return 0;
#endif
}

int weft_reader_may_wait(const weft_reader *r) {
    if (!r->jf || !r->jpoll || stdio_has_line(r->jf)) return 0;
    struct pollfd pf = {.fd = r->jpoll - 1, .events = POLLIN};
    return poll(&pf, 1, 0) == 0;
}

void weft_reader_count(weft_reader *r, uint64_t n) {
    atomic_fetch_add_explicit(&r->consumed, n, memory_order_relaxed);
}

uint64_t weft_reader_consumed(const weft_reader *r) {
    return atomic_load_explicit(&r->consumed, memory_order_relaxed);
}
