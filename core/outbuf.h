/* A growable output buffer with JSON helpers, flushed to a FILE. */
#ifndef WEFT_OUTBUF_H
#define WEFT_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* A buffer with a FILE behind it writes it out once it holds this much:
 * large enough that writing costs few system calls (a write of 64 KiB per
 * 64 KiB was a tenth of a short-text run's system time), small enough to
 * keep memory and what a crash loses bounded. */
#define WEFT_OUTBUF_FLUSH_AT ((size_t)256 * 1024)

typedef struct weft_outbuf {
    char *buf;
    size_t len, cap;
    /* buf[len..fast) may be written without a check: the capacity, kept
     * under the flush threshold when f is set, and 0 after an error, so
     * the inline helpers below need one comparison. */
    size_t fast;
    FILE *f;      /* flushed into when len passes WEFT_OUTBUF_FLUSH_AT; NULL = keep in memory */
    int error;    /* errno of the first failed write or allocation, sticky */
    size_t limit; /* f NULL: 0, or the most bytes it may hold (then error E2BIG) */
    int borrowed; /* buf is the caller's (weft_outbuf_borrow): never realloc'd nor freed */
} weft_outbuf;

void weft_outbuf_init(weft_outbuf *o, FILE *f);
/* Fill cap bytes at buf that the caller owns (no FILE behind it): bytes
 * are written in place until they would pass cap, then moved to a heap
 * buffer of the outbuf's own, where writing goes on. So a caller can
 * render straight into memory it hands on (an --isolate worker renders
 * into a segment shared with the parent) and see by o->buf == buf
 * whether the bytes stayed there. weft_outbuf_free frees only the heap
 * buffer. */
void weft_outbuf_borrow(weft_outbuf *o, char *buf, size_t cap);
void weft_outbuf_free(weft_outbuf *o);
/* The slow halves of the inline writers: growth, flushing, errors. */
void weft_outbuf_put_slow(weft_outbuf *o, const char *s, size_t len);
void weft_outbuf_putc_slow(weft_outbuf *o, char c);

static inline void weft_outbuf_put(weft_outbuf *o, const char *s, size_t len) {
    if (o->len <= o->fast && len <= o->fast - o->len) {
        if (len) memcpy(o->buf + o->len, s, len);
        o->len += len;
    } else {
        weft_outbuf_put_slow(o, s, len);
    }
}

static inline void weft_outbuf_puts(weft_outbuf *o, const char *s) {
    weft_outbuf_put(o, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define WEFT_OUTBUF_LIT(o, lit) weft_outbuf_put((o), "" lit, sizeof(lit) - 1)

static inline void weft_outbuf_putc(weft_outbuf *o, char c) {
    if (o->len < o->fast)
        o->buf[o->len++] = c;
    else
        weft_outbuf_putc_slow(o, c);
}

void weft_outbuf_printf(weft_outbuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A JSON string literal, quotes included: escapes ", \ and control
 * characters, writes invalid UTF-8 bytes as U+FFFD, never raw bytes. */
void weft_outbuf_json_str(weft_outbuf *o, const char *s, size_t len);
/* Shortest text that reads back as the same double; null for NaN/Inf. */
void weft_outbuf_json_num(weft_outbuf *o, double v);
/* Shortest text that reads back as the same float (scores: 0.97f prints as
 * 0.97, not 0.97000002861); null for NaN/Inf. */
void weft_outbuf_json_float(weft_outbuf *o, float v);
void weft_outbuf_json_int(weft_outbuf *o, int64_t v);
/* Write what is buffered to f; returns 0 or the sticky error. */
int weft_outbuf_flush(weft_outbuf *o);
/* Forget the bytes past len (which must not exceed o->len) and a limit
 * error (E2BIG), so that a caller can drop what it rendered last. */
void weft_outbuf_truncate(weft_outbuf *o, size_t len);

#endif
