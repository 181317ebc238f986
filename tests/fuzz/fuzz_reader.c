/*
 * The JSON Lines reader (core/reader.c) on arbitrary bytes written to a
 * .jsonl file, plain or gzip-compressed. The first byte picks the options:
 *   bit 0  --max-doc-bytes 24 (the bounded line reader, records cut)
 *   bit 1  the file is gzip-compressed (.jsonl.gz, read through zlib)
 *   bit 2  custom id and text fields ("key", "body")
 * Checks: every non-blank line yields exactly one document, in order; a
 * document's text is the line's text field; a failed record has one
 * message, which starts with the file and line, and goes by its own id
 * field when it has one, else by the file and line.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "doc.h"
#include "reader.h"
#include "weft/utf8.h"

static char dir[64];
static char plain_path[128], gz_path[128];
static weft_symtab *syms;
static weft_doc *doc;

static void cleanup(void) {
    unlink(plain_path);
    unlink(gz_path);
    rmdir(dir);
}

static void die(const char *msg) {
    fprintf(stderr, "fuzz_reader: %s\n", msg);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "/tmp/weft-fuzz-reader-XXXXXX");
    if (!mkdtemp(dir)) die("mkdtemp failed");
    snprintf(plain_path, sizeof plain_path, "%s/in.jsonl", dir);
    snprintf(gz_path, sizeof gz_path, "%s/in.jsonl.gz", dir);
    atexit(cleanup);
    syms = weft_symtab_new(0);
    if (!syms || !weft_symtab_intern(syms, "raw", 3) || !weft_symtab_intern(syms, "text", 4))
        die("out of memory");
    doc = weft_doc_new(syms);
    if (!doc) die("out of memory");
    return 0;
}

static int is_blank(const uint8_t *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
    return 1;
}

/* The non-blank lines of data, as the reader must see them. */
typedef struct {
    const uint8_t *s;
    size_t n, lineno;
} line;

static size_t split(const uint8_t *data, size_t size, line *out, size_t max) {
    size_t n = 0, lineno = 0, start = 0;
    while (start < size && n < max) {
        const uint8_t *nl = memchr(data + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - data) + 1 : size;
        const uint8_t *s = data + start;
        size_t len = end - start;
        lineno++;
        if (lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, len -= 3;
        if (!is_blank(s, len)) out[n++] = (line){s, len, lineno};
        start = end;
    }
    return n;
}

static void write_input(const char *path, int gz, const uint8_t *data, size_t size) {
    if (gz) {
        gzFile g = gzopen(path, "wb");
        if (!g || (size && gzwrite(g, data, (unsigned)size) != (int)size) || gzclose(g) != Z_OK)
            die("cannot write the gzip input");
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) die("cannot write the input");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1 || size > 1 << 16) return 0;
    uint8_t mode = data[0];
    data++, size--;
    int limited = mode & 1, gz = mode & 2, custom = mode & 4;
    const char *path = gz ? gz_path : plain_path;
    write_input(path, gz, data, size);

    weft_reader_opts o = {.input = WEFT_IN_JSONL,
                          .max_doc_bytes = limited ? 24 : 0,
                          .id_field = custom ? "key" : NULL,
                          .text_field = custom ? "body" : NULL};
    const char *inputs[] = {path};
    weft_reader *r = weft_reader_new(inputs, 1, &o);
    if (!r) die("reader_new failed");

    static line lines[1 << 16];
    size_t nlines = split(data, size, lines, sizeof lines / sizeof *lines);
    size_t ndocs = 0;
    for (;;) {
        weft_doc_reset(doc);
        int rc = weft_reader_next(r, doc);
        if (rc == 0) break;
        if (rc != 1 && rc != 2) die("reader_next returned neither 0, 1 nor 2");
        /* {"id":""} is taken as written: an empty id is the user's choice. */
        if (!doc->id) die("a document without an id");
        if (rc == 2 && (doc->nerrors != 1 || !doc->errors[0].msg[0]))
            die("a failed record without exactly one message");
        if (rc == 1 && doc->nerrors) die("a good record with an error");
        /* NUL bytes cut lines in the bounded reader: only the plain
         * reader's records are compared line by line. */
        if (!limited) {
            if (ndocs >= nlines) die("more documents than non-blank lines");
            const line *l = &lines[ndocs];
            if (rc == 2) {
                char want[32], where[200];
                snprintf(want, sizeof want, ":%zu", l->lineno);
                snprintf(where, sizeof where, "%s%s: ", path, want);
                if (strncmp(doc->errors[0].msg, where, strlen(where)) != 0)
                    die("a failed record's message does not start with its file and line");
                /* its id: the record's own id field when strict JSON reads
                 * one as a string; a number's text, or the id a broken
                 * record starts with, cannot be checked here; else the
                 * file and line */
                json_error_t jerr;
                json_t *root =
                    json_loadb((const char *)l->s, l->n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
                json_t *idv =
                    json_is_object(root) ? json_object_get(root, custom ? "key" : "id") : NULL;
                if (json_is_string(idv)) {
                    if (strcmp(doc->id, json_string_value(idv)) != 0)
                        die("a failed record does not go by its own id");
                } else if (root && !json_is_number(idv)) {
                    const char *tail = doc->id + strlen(doc->id) - strlen(want);
                    if (strlen(doc->id) < strlen(want) || strcmp(tail, want) != 0)
                        die("a failed record without an id does not name its line");
                }
                json_decref(root);
            } else {
                json_error_t jerr;
                json_t *root =
                    json_loadb((const char *)l->s, l->n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
                json_t *t = root ? json_object_get(root, custom ? "body" : "text") : NULL;
                const weft_view *v = weft_doc_view(doc, WEFT_SYM_RAW);
                /* A line strict JSON refuses is read only when it holds a
                 * lone surrogate escape, read as U+FFFD, or bytes that are
                 * not UTF-8, transcoded as a plain text is: the oracle
                 * cannot say its text, only that it had something to
                 * repair, and that the text read is UTF-8. */
                if (!root) {
                    int escape = 0;
                    for (size_t k = 0; k + 1 < l->n && !escape; k++)
                        escape = l->s[k] == '\\' && l->s[k + 1] == 'u';
                    int bad_utf8 = weft_utf8_valid_prefix((const char *)l->s, l->n) < l->n;
                    if (!escape && !bad_utf8) die("a good record strict JSON refuses");
                    if (v && weft_utf8_valid_prefix(v->text, v->len) < v->len)
                        die("a repaired record's text is not UTF-8");
                } else if (!json_is_string(t) || !v || v->len != json_string_length(t) ||
                           memcmp(v->text, json_string_value(t), v->len) != 0)
                    die("a document's text is not its line's text field");
                json_decref(root);
            }
        }
        ndocs++;
    }
    if (!limited && ndocs != nlines) die("fewer documents than non-blank lines");
    weft_reader_free(r);
    return 0;
}
