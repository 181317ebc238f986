/*
 * Output buffer with JSON helpers.
 *
 * Bytes accumulate in memory and go to the FILE whenever the buffer passes
 * WEFT_OUTBUF_FLUSH_AT (256 KiB), so memory stays bounded whatever the size
 * of a document. The first failure (allocation, or a write error such as EPIPE or ENOSPC) is kept
 * in o->error; later calls do nothing, and flush returns it.
 */
#include "outbuf.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define FLUSH_AT  WEFT_OUTBUF_FLUSH_AT
#define MIN_CAP   ((size_t)4096)
#define REPLACE   "\xEF\xBF\xBD" /* U+FFFD */
#define REPLACE_N 3

void weft_outbuf_init(weft_outbuf *o, FILE *f) {
    o->buf = NULL;
    o->len = 0;
    o->cap = 0;
    o->fast = 0;
    o->f = f;
    o->error = 0;
    o->limit = 0;
    o->borrowed = 0;
}

void weft_outbuf_free(weft_outbuf *o) {
    if (!o->borrowed) free(o->buf);
    o->buf = NULL;
    o->len = o->cap = o->fast = 0;
    o->borrowed = 0;
}

/* Where the inline writers must stop and call the slow path. */
static void set_fast(weft_outbuf *o);

void weft_outbuf_borrow(weft_outbuf *o, char *buf, size_t cap) {
    weft_outbuf_init(o, NULL);
    o->buf = buf;
    o->cap = cap;
    o->borrowed = 1;
    set_fast(o);
}

static void set_fast(weft_outbuf *o) {
    size_t end = o->cap;
    if (o->error)
        end = 0;
    else if (o->f && end > FLUSH_AT - 1)
        end = FLUSH_AT - 1;
    else if (!o->f && o->limit && end > o->limit)
        end = o->limit;
    o->fast = end;
}

static void set_error(weft_outbuf *o, int err) {
    if (!o->error) o->error = err ? err : EIO;
    o->fast = 0;
}

/* Room for need more bytes; 0 or -1 (error recorded). */
static int reserve(weft_outbuf *o, size_t need) {
    if (o->error) return -1;
    if (!o->f && o->limit && (need > o->limit || o->len > o->limit - need)) {
        set_error(o, E2BIG);
        return -1;
    }
    if (o->cap - o->len >= need) return 0;
    if (need > SIZE_MAX / 2 - o->len) {
        set_error(o, ENOMEM);
        return -1;
    }
    size_t ncap = o->cap ? o->cap : MIN_CAP;
    while (ncap - o->len < need) ncap *= 2;
    char *p = o->borrowed ? malloc(ncap) : realloc(o->buf, ncap);
    if (!p) {
        set_error(o, ENOMEM);
        return -1;
    }
    if (o->borrowed && o->len) memcpy(p, o->buf, o->len);
    o->borrowed = 0;
    o->buf = p;
    o->cap = ncap;
    set_fast(o);
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

void weft_outbuf_truncate(weft_outbuf *o, size_t len) {
    if (len < o->len) o->len = len;
    if (o->error == E2BIG) o->error = 0;
    set_fast(o);
}

static inline void maybe_flush(weft_outbuf *o) {
    if (o->f && o->len >= FLUSH_AT) weft_outbuf_flush(o);
}

void weft_outbuf_put_slow(weft_outbuf *o, const char *s, size_t len) {
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

void weft_outbuf_putc_slow(weft_outbuf *o, char c) {
    if (reserve(o, 1)) return;
    o->buf[o->len++] = c;
    maybe_flush(o);
}

/* Room for n more bytes that the caller writes at o->buf + o->len itself:
 * flushes first when a file is behind the buffer and it would pass the
 * flush threshold. 0, or -1 (error recorded). */
static int room(weft_outbuf *o, size_t n) {
    if (o->len <= o->fast && n <= o->fast - o->len) return 0;
    if (o->f && o->len + n > FLUSH_AT && o->len) weft_outbuf_flush(o);
    return reserve(o, n);
}

void weft_outbuf_printf(weft_outbuf *o, const char *fmt, ...) {
    if (o->error) return;
    va_list ap;
    va_start(ap, fmt);
    size_t avail = o->cap - o->len;
    int n = vsnprintf(avail ? o->buf + o->len : NULL, avail, fmt, ap);
    va_end(ap);
    if (n < 0) {
        set_error(o, errno ? errno : EINVAL);
        return;
    }
    if ((size_t)n >= avail) {
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

/* Eight bytes that may all be copied as they are: ASCII, none below 0x20,
 * no '"', no '\\'. A "no" may be wrong (borrows between bytes), a "yes"
 * never is. */
static inline int plain8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t ctl = (x - ones * 0x20) & ~x;
    uint64_t q = x ^ (ones * '"');
    uint64_t bs = x ^ (ones * '\\');
    uint64_t hit = x | ctl | ((q - ones) & ~q) | ((bs - ones) & ~bs);
    return (hit & high) == 0;
}

/* The general case, from byte i on (the opening quote and s[0..i) are
 * written already). */
static void json_str_slow(weft_outbuf *o, const char *str, size_t len, size_t i) {
    const unsigned char *s = (const unsigned char *)str;
    size_t run = i;
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

/* Strings up to this long are copied straight into the buffer while they
 * are plain ASCII (labels, keys, ids, most short texts). */
#define STR_FAST_MAX ((size_t)16 * 1024)

void weft_outbuf_json_str(weft_outbuf *o, const char *str, size_t len) {
    if (len > STR_FAST_MAX || room(o, len + 2)) {
        weft_outbuf_putc(o, '"');
        json_str_slow(o, str, len, 0);
        return;
    }
    const unsigned char *s = (const unsigned char *)str;
    char *dst = o->buf + o->len + 1;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (!plain8(x)) break;
        memcpy(dst + i, &x, 8);
    }
    for (; i < len && s[i] < 0x80 && plain(s[i]); i++) dst[i] = (char)s[i];
    o->buf[o->len] = '"';
    if (i == len) {
        dst[len] = '"';
        o->len += len + 2;
        return;
    }
    o->len += 1 + i;
    json_str_slow(o, str, len, i);
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

/* Decimal digits of v, at p (room for 20). Returns the count. */
static size_t put_u64(char *p, uint64_t v) {
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
    return n;
}

/* k / 10000 written as printf("%g") and put_number_text would write it
 * once they agree it reads back (the caller checked that): the integer
 * part, then the fraction without trailing zeros, ".0" when there is none. */
static void put_decimal4(weft_outbuf *o, int64_t k, int negative) {
    char buf[48];
    size_t n = 0;
    if (negative) buf[n++] = '-';
    uint64_t a = k < 0 ? (uint64_t)0 - (uint64_t)k : (uint64_t)k;
    n += put_u64(buf + n, a / 10000);
    buf[n++] = '.';
    unsigned frac = (unsigned)(a % 10000);
    if (!frac) {
        buf[n++] = '0';
    } else {
        char d[4] = {(char)('0' + frac / 1000), (char)('0' + frac / 100 % 10),
                     (char)('0' + frac / 10 % 10), (char)('0' + frac % 10)};
        size_t nd = 4;
        while (d[nd - 1] == '0') nd--;
        memcpy(buf + n, d, nd);
        n += nd;
    }
    weft_outbuf_put(o, buf, n);
}

/* k with v == k / 10000 read back, when v has at most four decimals and
 * is small enough: then the loops below would stop at their first
 * precision (15 digits for a double, 6 for a float, enough for every
 * digit of k) and %g would write k's digits in fixed notation (|v| >=
 * 1e-4). Scores and their attributes are such numbers. Returns 0 when v
 * is not one; zero itself is the caller's. */
static int decimal4(double v, double max, int is_float, int64_t *k) {
    double x = v * 10000.0;
    if (!(x > -max && x < max)) return 0;
    int64_t r = (int64_t)(x < 0 ? x - 0.5 : x + 0.5);
    if (r == 0) return 0;
    double back = (double)r / 10000.0; /* correctly rounded, as strtod is */
    if (is_float ? (float)back != (float)v : back != v) return 0;
    *k = r;
    return 1;
}

void weft_outbuf_json_num(weft_outbuf *o, double v) {
    if (!isfinite(v)) {
        weft_outbuf_put(o, "null", 4);
        return;
    }
    int64_t k;
    if (v == 0) {
        put_decimal4(o, 0, signbit(v) != 0);
        return;
    }
    if (decimal4(v, 1e13, 0, &k)) {
        put_decimal4(o, k, k < 0);
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
    int64_t k;
    if (v == 0) {
        put_decimal4(o, 0, signbit(v) != 0);
        return;
    }
    /* |k| < 1e6: at most 6 significant digits, all a float's %.6g keeps */
    if (decimal4((double)v, 1e6, 1, &k)) {
        put_decimal4(o, k, k < 0);
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
    size_t n = 0;
    if (v < 0) buf[n++] = '-';
    n += put_u64(buf + n, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    weft_outbuf_put(o, buf, n);
}
