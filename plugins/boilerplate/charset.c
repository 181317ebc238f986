/* Input sniffing: HTML or plain text, binary or not, and which encoding to
 * hand libxml2. The bytes decide over a declaration that contradicts them:
 * a page declared ISO-8859-1 that is valid UTF-8 with non-ASCII characters
 * is UTF-8, and one declared UTF-8 that is not valid UTF-8 is windows-1252
 * (the usual mistake), so a wrong declaration costs no text. */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "bp.h"
#include "weft/textenc.h"

#define SNIFF_BYTES 8192

/* Labels libxml2 (through iconv) understands, by the names pages use.
 * ISO-8859-1 and ASCII mean windows-1252, as browsers treat them. */
static const struct {
    const char *label, *name;
} charsets[] = {{"utf-8", "UTF-8"},
                {"utf8", "UTF-8"},
                {"unicode-1-1-utf-8", "UTF-8"},
                {"iso-8859-1", "windows-1252"},
                {"iso8859-1", "windows-1252"},
                {"latin1", "windows-1252"},
                {"latin-1", "windows-1252"},
                {"l1", "windows-1252"},
                {"us-ascii", "windows-1252"},
                {"ascii", "windows-1252"},
                {"windows-1252", "windows-1252"},
                {"cp1252", "windows-1252"},
                {"x-cp1252", "windows-1252"},
                {"windows-1250", "windows-1250"},
                {"cp1250", "windows-1250"},
                {"windows-1251", "windows-1251"},
                {"cp1251", "windows-1251"},
                {"windows-1253", "windows-1253"},
                {"windows-1254", "windows-1254"},
                {"windows-1255", "windows-1255"},
                {"windows-1256", "windows-1256"},
                {"windows-1257", "windows-1257"},
                {"windows-1258", "windows-1258"},
                {"iso-8859-2", "ISO-8859-2"},
                {"iso-8859-3", "ISO-8859-3"},
                {"iso-8859-4", "ISO-8859-4"},
                {"iso-8859-5", "ISO-8859-5"},
                {"iso-8859-6", "ISO-8859-6"},
                {"iso-8859-7", "ISO-8859-7"},
                {"iso-8859-8", "ISO-8859-8"},
                {"iso-8859-9", "ISO-8859-9"},
                {"iso-8859-10", "ISO-8859-10"},
                {"iso-8859-13", "ISO-8859-13"},
                {"iso-8859-15", "ISO-8859-15"},
                {"iso-8859-16", "ISO-8859-16"},
                {"koi8-r", "KOI8-R"},
                {"koi8-u", "KOI8-U"},
                {"gb2312", "GB18030"},
                {"gbk", "GB18030"},
                {"gb18030", "GB18030"},
                {"big5", "BIG5"},
                {"shift_jis", "SHIFT_JIS"},
                {"shift-jis", "SHIFT_JIS"},
                {"sjis", "SHIFT_JIS"},
                {"euc-jp", "EUC-JP"},
                {"euc-kr", "EUC-KR"},
                {"iso-2022-jp", "ISO-2022-JP"},
                {NULL, NULL}};

static int lower(int c) {
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* The charset named in the first <meta ... charset=...> of the head. */
static const char *declared(const char *s, size_t n) {
    if (n > SNIFF_BYTES) n = SNIFF_BYTES;
    for (const char *m = s; (m = bp_find_ci(m, n - (size_t)(m - s), "<meta")) != NULL; m += 5) {
        const char *end = memchr(m, '>', n - (size_t)(m - s));
        if (!end) return NULL;
        const char *c = bp_find_ci(m, (size_t)(end - m), "charset");
        if (!c) continue;
        c += 7;
        while (c < end && (*c == ' ' || *c == '=' || *c == '"' || *c == '\'')) c++;
        char label[32];
        size_t k = 0;
        while (c < end && k + 1 < sizeof label && *c != '"' && *c != '\'' && *c != ';' &&
               *c != ' ' && *c != '/' && *c != '>')
            label[k++] = (char)lower((unsigned char)*c++);
        label[k] = '\0';
        for (size_t i = 0; charsets[i].label; i++)
            if (strcmp(label, charsets[i].label) == 0) return charsets[i].name;
        return ""; /* declared, but not one we know */
    }
    return NULL;
}

/* UTF-16 told by a byte order mark or by its NULs (weft/textenc.h): 1 and
 * *be, *skip (the mark's bytes), else 0. */
static int utf16(const char *raw, size_t n, int *be, size_t *skip) {
    *skip = weft_utf16_bom(raw, n, be);
    return *skip ||
           (memchr(raw, 0, n < SNIFF_BYTES ? n : SNIFF_BYTES) && weft_utf16_sniff(raw, n, be));
}

/* What the bytes that are not ASCII hold, for the charset guesses. */
const char *bp_sniff_charset(const char *raw, size_t n, const char **note) {
    const unsigned char *u = (const unsigned char *)raw;
    *note = NULL;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return "UTF-8";
    int be;
    size_t skip;
    if (utf16(raw, n, &be, &skip)) return be ? "UTF-16BE" : "UTF-16LE";
    size_t valid = weft_utf8_valid_prefix(raw, n);
    int ascii = 1;
    for (size_t i = 0; i < valid && ascii; i++) ascii = u[i] < 0x80;
    const char *decl = declared(raw, n);
    if (valid == n) {
        if (!ascii && decl && *decl && strcmp(decl, "UTF-8") != 0)
            *note = "declared charset contradicts the bytes (valid UTF-8): read as UTF-8";
        if (!ascii || !decl || !*decl) return "UTF-8";
        return decl;
    }
    /* Mostly UTF-8 with a few bad bytes (a truncated or mixed page): UTF-8,
     * the bad bytes become U+FFFD. */
    weft_utf8_counts k = weft_utf8_count(u, n);
    if (k.multi >= 8 && k.multi >= k.bad * 4) {
        *note = WEFT_TEXTENC_NOTE_FFFD;
        return "UTF-8";
    }
    if (decl && *decl && strcmp(decl, "UTF-8") != 0) return decl;
    if (decl && *decl) *note = "declared UTF-8 but the bytes are not: read as windows-1252";
    return "windows-1252";
}

/* Plain text has no declaration: the bytes alone decide, as the core
 * decides for the stages after (weft/textenc.h). */
const char *bp_text_charset(const char *raw, size_t n, const char **note) {
    switch (weft_textenc_guess(raw, n, note)) {
    case WEFT_TEXTENC_CP1252:
        return "windows-1252";
    case WEFT_TEXTENC_UTF16LE:
        return "UTF-16LE";
    case WEFT_TEXTENC_UTF16BE:
        return "UTF-16BE";
    default:
        return "UTF-8";
    }
}

/* With iconv, not libxml2's own conversion: libxml2 would stop at the first
 * byte the charset does not define (and print to stderr), losing the rest
 * of the page. */
int bp_to_utf8(const char *enc, const char *raw, size_t n, bp_buf *out) {
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) return -1;
    out->n = 0;
    if (bp_buf_reserve(out, n * 2 + 16)) {
        iconv_close(cd);
        return -2;
    }
    char *in = (char *)raw;
    size_t inleft = n;
    while (inleft) {
        if (out->cap - out->n < 64 && bp_buf_reserve(out, out->cap)) {
            iconv_close(cd);
            return -2;
        }
        char *o = out->p + out->n;
        size_t oleft = out->cap - out->n - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->n = (size_t)(o - out->p);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) {
            if (bp_buf_reserve(out, out->cap)) {
                iconv_close(cd);
                return -2;
            }
        } else {
            /* EILSEQ or EINVAL (truncated at the end): one byte becomes U+FFFD. */
            if (bp_buf_put(out, "\xEF\xBF\xBD", 3)) {
                iconv_close(cd);
                return -2;
            }
            in++;
            inleft--;
            iconv(cd, NULL, NULL, NULL, NULL);
        }
    }
    iconv_close(cd);
    out->p[out->n] = '\0';
    return 0;
}

/* The sniff the core shares (weft/textenc.h), so both say the same of the
 * same bytes. */
int bp_looks_html(const char *raw, size_t n) {
    return weft_looks_html(raw, n);
}

int bp_looks_binary(const char *raw, size_t n) {
    return weft_text_binary(raw, n, NULL);
}
