/* A growable output buffer with JSON helpers, flushed to a FILE. */
#ifndef WEFT_OUTBUF_H
#define WEFT_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct weft_outbuf {
    char *buf;
    size_t len, cap;
    FILE *f;   /* flushed into when len passes 64 KiB; NULL = keep in memory */
    int error; /* errno of the first failed write or allocation, sticky */
} weft_outbuf;

void weft_outbuf_init(weft_outbuf *o, FILE *f);
void weft_outbuf_free(weft_outbuf *o);
void weft_outbuf_put(weft_outbuf *o, const char *s, size_t len);
void weft_outbuf_puts(weft_outbuf *o, const char *s);
void weft_outbuf_putc(weft_outbuf *o, char c);
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

#endif
