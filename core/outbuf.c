/*
 * Output buffer with JSON helpers.
 *
 * Bytes accumulate in memory and go to the FILE whenever the buffer passes
 * 64 KiB, so memory stays bounded whatever the size of a document. The first
 * failure (allocation, or a write error such as EPIPE or ENOSPC) is kept in
 * o->error; later calls do nothing, and flush returns it.
 */
#include "outbuf.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define FLUSH_AT  ((size_t)64 * 1024)
#define MIN_CAP   ((size_t)4096)
#define REPLACE   "\xEF\xBF\xBD" /* U+FFFD */
#define REPLACE_N 3

void weft_outbuf_init(weft_outbuf *o, FILE *f) {
    o->buf = NULL;
    o->len = 0;
    o->cap = 0;
    o->f = f;
    o->error = 0;
}

void weft_outbuf_free(weft_outbuf *o) {
    free(o->buf);
    o->buf = NULL;
    o->len = o->cap = 0;
}

static void set_error(weft_outbuf *o, int err) {
    if (!o->error) o->error = err ? err : EIO;
}

/* Room for need more bytes; 0 or -1 (error recorded). */
static int reserve(weft_outbuf *o, size_t need) {
    if (o->error) return -1;
    if (o->cap - o->len >= need) return 0;
    if (need > SIZE_MAX / 2 - o->len) {
        set_error(o, ENOMEM);
        return -1;
    }
    size_t ncap = o->cap ? o->cap : MIN_CAP;
    while (ncap - o->len < need) ncap *= 2;
    char *p = realloc(o->buf, ncap);
    if (!p) {
        set_error(o, ENOMEM);
        return -1;
    }
    o->buf = p;
    o->cap = ncap;
    return 0;
}

int weft_outbuf_flush(weft_outbuf *o) {
    if (o->error) {
        o->len = 0;
        return o->error;
    }
    if (!o->f) return 0;
    if (o->len) {
        errno = 0;
        size_t n = fwrite(o->buf, 1, o->len, o->f);
        if (n != o->len) set_error(o, errno);
        o->len = 0;
    }
    if (!o->error) {
        errno = 0;
        if (fflush(o->f) != 0 || ferror(o->f)) set_error(o, errno);
    }
    return o->error;
}

static inline void maybe_flush(weft_outbuf *o) {
    if (o->f && o->len >= FLUSH_AT) weft_outbuf_flush(o);
}

void weft_outbuf_put(weft_outbuf *o, const char *s, size_t len) {
    while (len && !o->error) {
        /* Big writes go in slices so the buffer never holds much more than
         * FLUSH_AT when it has a file behind it. */
        size_t n = (o->f && len > FLUSH_AT) ? FLUSH_AT : len;
        if (reserve(o, n)) return;
        memcpy(o->buf + o->len, s, n);
        o->len += n;
        s += n;
        len -= n;
        maybe_flush(o);
    }
}

void weft_outbuf_puts(weft_outbuf *o, const char *s) {
    weft_outbuf_put(o, s, strlen(s));
}

void weft_outbuf_putc(weft_outbuf *o, char c) {
    if (reserve(o, 1)) return;
    o->buf[o->len++] = c;
    maybe_flush(o);
}

void weft_outbuf_printf(weft_outbuf *o, const char *fmt, ...) {
    if (o->error) return;
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->cap - o->len;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        set_error(o, errno ? errno : EINVAL);
        return;
    }
    if ((size_t)n >= room) {
        if (reserve(o, (size_t)n + 1)) return;
        va_start(ap, fmt);
        vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    o->len += (size_t)n;
    maybe_flush(o);
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                      */

/* The ASCII bytes a JSON string may hold as they are. DEL (0x7F) is legal
 * JSON and stays raw. */
static inline int plain(unsigned char c) {
    return c >= 0x20 && c != '"' && c != '\\';
}

void weft_outbuf_json_str(weft_outbuf *o, const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0, run = 0;
    weft_outbuf_putc(o, '"');
    while (i < len && !o->error) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (plain(c)) {
                i++;
                continue;
            }
            weft_outbuf_put(o, str + run, i - run);
            char esc[8];
            switch (c) {
            case '"':
                weft_outbuf_put(o, "\\\"", 2);
                break;
            case '\\':
                weft_outbuf_put(o, "\\\\", 2);
                break;
            case '\b':
                weft_outbuf_put(o, "\\b", 2);
                break;
            case '\f':
                weft_outbuf_put(o, "\\f", 2);
                break;
            case '\n':
                weft_outbuf_put(o, "\\n", 2);
                break;
            case '\r':
                weft_outbuf_put(o, "\\r", 2);
                break;
            case '\t':
                weft_outbuf_put(o, "\\t", 2);
                break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                weft_outbuf_put(o, esc, 6);
            }
            run = ++i;
            continue;
        }
        int32_t cp;
        size_t n = weft_utf8_decode(s + i, len - i, &cp);
        if (cp < 0) {
            weft_outbuf_put(o, str + run, i - run);
            weft_outbuf_put(o, REPLACE, REPLACE_N);
            run = ++i;
        } else if (cp == 0x2028 || cp == 0x2029) {
            /* Legal JSON, but not legal in JavaScript source before ES2019. */
            weft_outbuf_put(o, str + run, i - run);
            weft_outbuf_put(o, cp == 0x2028 ? "\\u2028" : "\\u2029", 6);
            i += n;
            run = i;
        } else {
            i += n;
        }
    }
    weft_outbuf_put(o, str + run, i - run);
    weft_outbuf_putc(o, '"');
}

/* printf("%g") follows LC_NUMERIC; JSON wants '.'. An integral value gets
 * ".0" so it reads back as a number with a fraction, not an integer
 * ("-0" would read back as the integer 0 and lose its sign). */
static void put_number_text(weft_outbuf *o, char *buf) {
    int plain_int = 1;
    for (char *p = buf; *p; p++) {
        if (*p == ',') *p = '.';
        if (*p != '-' && (*p < '0' || *p > '9')) plain_int = 0;
    }
    weft_outbuf_puts(o, buf);
    if (plain_int) weft_outbuf_put(o, ".0", 2);
}

void weft_outbuf_json_num(weft_outbuf *o, double v) {
    if (!isfinite(v)) {
        weft_outbuf_put(o, "null", 4);
        return;
    }
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    put_number_text(o, buf);
}

void weft_outbuf_json_float(weft_outbuf *o, float v) {
    if (!isfinite(v)) {
        weft_outbuf_put(o, "null", 4);
        return;
    }
    char buf[40];
    for (int prec = 6; prec <= 9; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, (double)v);
        if (strtof(buf, NULL) == v) break;
    }
    put_number_text(o, buf);
}

void weft_outbuf_json_int(weft_outbuf *o, int64_t v) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRId64, v);
    weft_outbuf_put(o, buf, (size_t)n);
}
