/* Input: files, directories, stdin, JSON Lines (core/reader.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <jansson.h>

#include "doc.h"
#include "jsonl_fast.h"
#include "reader.h"
#include "symtab.h"

typedef struct fixture {
    char dir[64];
    weft_symtab *g;
    weft_doc *d;
    /* Read as weft_run does with workers: records and files left pending,
     * copied, and decoded on another thread into another document (d2)
     * after the reader has moved on. */
    int defer;
    weft_doc *d2;
    weft_jsonl_scratch sc;
} fixture;

static void put_file(const char *dir, const char *name, const char *content, size_t len) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, len, f), len);
    fclose(f);
}

#define PUT(fx, name, lit) put_file((fx)->dir, name, lit, sizeof(lit) - 1)

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    strcpy(fx->dir, "/tmp/weft-reader-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    char p[256];
    snprintf(p, sizeof p, "%s/sub", fx->dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/sub/deeper", fx->dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/.git", fx->dir);
    assert_int_equal(mkdir(p, 0755), 0);

    PUT(fx, "b.txt", "bee");
    PUT(fx, "a.txt", "ay\xFF"); /* any bytes are fine in raw */
    PUT(fx, "B.html", "<p>upper</p>");
    PUT(fx, ".hidden", "secret");
    PUT(fx, ".git/config", "secret too");
    PUT(fx, "sub/c.txt", "sea");
    PUT(fx, "sub/empty.txt", "");
    PUT(fx, "sub/deeper/d.txt", "dee");
    PUT(fx, "z.jsonl",
        "{\"id\":\"first\",\"text\":\"one\"}\n"
        "\n"
        "{\"text\":\"no id\"}\n"
        "{\"id\": 42, \"text\":\"num\"}\n"
        "{bad json\n"
        "{\"id\":\"x\",\"body\":\"nope\"}\n"
        "{\"id\":\"u\",\"text\":\"caf\\u00e9 \\ud83d\\ude00 nul:\\u0000.\"}\n"
        "   \t\r\n"
        "{\"id\":1.5,\"text\":\"\"}\n"
        "[1,2]\n"
        "{\"text\":\"\xC3\x28\"}\n"
        "{\"id\":\"last\",\"text\":42}"); /* no final newline */
    /* A link to a directory is skipped (loops!), a link to a file is read. */
    snprintf(p, sizeof p, "%s/loop", fx->dir);
    assert_int_equal(symlink(fx->dir, p), 0);
    snprintf(p, sizeof p, "%s/sub/link.txt", fx->dir);
    assert_int_equal(symlink("c.txt", p), 0);

    fx->g = weft_symtab_new(0);
    weft_symtab_intern(fx->g, "raw", 3);
    weft_symtab_intern(fx->g, "text", 4);
    weft_symtab_freeze(fx->g);
    fx->d = weft_doc_new(fx->g);
    fx->d2 = weft_doc_new(fx->g);
    *state = fx;
    return 0;
}

static int setup_deferred(void **state) {
    setup(state);
    ((fixture *)*state)->defer = 1;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", fx->dir);
    weft_doc_free(fx->d);
    weft_doc_free(fx->d2);
    free(fx->sc.buf);
    weft_symtab_free(fx->g);
    free(fx);
    return 0;
}

typedef struct expect {
    int rc;
    const char *id;     /* after the temp dir prefix when it starts with '/' */
    const char *raw;    /* expected raw text (rc 1), NULL to skip */
    size_t rawlen;      /* when raw holds a NUL */
    const char *errsub; /* substring of the error message (rc 2) */
} expect;

typedef struct decode_job {
    weft_reader *r;
    fixture *fx;
    weft_pending pd;
    int rc;
} decode_job;

static void *decode_thread(void *arg) {
    decode_job *j = arg;
    j->rc = weft_reader_decode(j->r, &j->fx->sc, j->fx->d2, &j->pd);
    return NULL;
}

/* The next document as weft_run's workers get it: pending ones decoded on
 * a thread of their own from copies, after the reader read on (the
 * documents of the fixtures are never the last of a reader). */
static int next_deferred(fixture *fx, weft_reader *r, weft_doc **out) {
    weft_pending pd;
    int rc = weft_reader_next_raw(r, fx->d, &pd, 1);
    *out = fx->d;
    if (rc != 1 || !pd.kind) return rc;
    char *bytes = pd.bytes ? strndup(pd.bytes, pd.len) : NULL, *path = strdup(pd.path);
    assert_non_null(path);
    if (pd.bytes) memset(pd.bytes, 'X', pd.len); /* the reader's copy is gone */
    decode_job j = {r, fx, pd, 0};
    j.pd.bytes = bytes;
    j.pd.path = path;
    weft_doc_reset(fx->d2);
    fx->d2->seq = fx->d->seq;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, decode_thread, &j), 0);
    pthread_join(t, NULL);
    for (int k = 0; k < 2; k++)
        if (j.pd.note[k]) weft_reader_note(r, j.pd.note[k]);
    assert_int_equal(j.pd.kind, WEFT_PEND_NONE);
    free(bytes);
    free(path);
    *out = fx->d2;
    return j.rc;
}

static void next_is(fixture *fx, weft_reader *r, const expect *e, size_t i) {
    weft_doc *d = fx->d;
    weft_doc_reset(d);
    int rc = fx->defer ? next_deferred(fx, r, &d) : weft_reader_next(r, d);
    char want_id[512];
    if (e->id && e->id[0] == '/')
        snprintf(want_id, sizeof want_id, "%s%s", fx->dir, e->id);
    else
        snprintf(want_id, sizeof want_id, "%s", e->id ? e->id : "");
    if (rc != e->rc)
        fail_msg("#%zu: rc %d want %d (id %s, error %s)", i, rc, e->rc, d->id,
                 d->nerrors ? d->errors[0].msg : "-");
    if (rc == 0) return;
    if (strcmp(d->id, want_id) != 0) fail_msg("#%zu: id %s want %s", i, d->id, want_id);
    assert_int_equal(d->seq, i);
    const weft_view *v = weft_doc_view(d, WEFT_SYM_RAW);
    assert_non_null(v);
    if (rc == 1) {
        assert_int_equal(d->nerrors, 0);
        if (e->raw) {
            size_t n = e->rawlen ? e->rawlen : strlen(e->raw);
            if (v->len != n || memcmp(v->text, e->raw, n) != 0)
                fail_msg("#%zu %s: raw \"%.*s\" want \"%s\"", i, d->id, (int)v->len, v->text,
                         e->raw);
        }
    } else {
        assert_int_equal(d->nerrors, 1);
        assert_string_equal(d->errors[0].stage, "input");
        if (e->errsub && !strstr(d->errors[0].msg, e->errsub))
            fail_msg("#%zu: error \"%s\" lacks \"%s\"", i, d->errors[0].msg, e->errsub);
    }
}

static void run_expect(fixture *fx, weft_reader *r, const expect *e, size_t n) {
    for (size_t i = 0; i < n; i++) next_is(fx, r, &e[i], i);
    weft_doc_reset(fx->d);
    assert_int_equal(weft_reader_next(r, fx->d), 0);
    assert_int_equal(weft_reader_next(r, fx->d), 0); /* stays at the end */
}

static void test_walk(void **state) {
    fixture *fx = *state;
    char missing[128];
    snprintf(missing, sizeof missing, "%s/missing.txt", fx->dir);
    const char *inputs[] = {fx->dir, missing};
    weft_reader *r = weft_reader_new(inputs, 2, NULL);
    assert_non_null(r);
    char nul_text[] = "caf\xC3\xA9 \xF0\x9F\x98\x80 nul:\0.";
    const expect e[] = {
        {1, "/B.html", "<p>upper</p>", 0, NULL}, /* byte order: 'B' < 'a' */
        {1, "/a.txt", "ay\xFF", 0, NULL},
        {1, "/b.txt", "bee", 0, NULL},
        /* loop -> skipped */
        {1, "/sub/c.txt", "sea", 0, NULL},
        {1, "/sub/deeper/d.txt", "dee", 0, NULL},
        {1, "/sub/empty.txt", "", 0, NULL},
        {1, "/sub/link.txt", "sea", 0, NULL},
        {1, "first", "one", 0, NULL},
        {1, "/z.jsonl:3", "no id", 0, NULL},
        {1, "42", "num", 0, NULL},
        {2, "/z.jsonl:5", NULL, 0, "z.jsonl:5: column"},
        /* a failed record goes by its own id, its message by file and line */
        {2, "x", NULL, 0, "z.jsonl:6: no string field 'text'"},
        {1, "u", nul_text, sizeof nul_text - 1, NULL},
        {1, "1.5", "", 0, NULL},
        {2, "/z.jsonl:10", NULL, 0, "z.jsonl:10: not a JSON object"},
        /* invalid UTF-8 (a lone 0xC3): decoded as a plain text is, windows-1252 */
        {1, "/z.jsonl:11", "\xC3\x83(", 0, NULL},
        {2, "last", NULL, 0, "z.jsonl:12: no string field 'text'"},
        {2, "/missing.txt", NULL, 0, strerror(ENOENT)},
    };
    run_expect(fx, r, e, sizeof e / sizeof *e);
    weft_reader_free(r);
}

static void test_trailing_slash_and_fields(void **state) {
    fixture *fx = *state;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/sub/", fx->dir);
    PUT(fx, "sub/deeper/x.ndjson", "{\"key\":\"k1\",\"body\":\"b1\",\"text\":\"ignored\"}\n");
    const char *inputs[] = {sub};
    weft_reader_opts o = {.id_field = "key", .text_field = "body"};
    weft_reader *r = weft_reader_new(inputs, 1, &o);
    const expect e[] = {
        {1, "/sub/c.txt", "sea", 0, NULL},
        {1, "/sub/deeper/d.txt", "dee", 0, NULL},
        {1, "k1", "b1", 0, NULL},
        {1, "/sub/empty.txt", "", 0, NULL},
        {1, "/sub/link.txt", "sea", 0, NULL},
    };
    run_expect(fx, r, e, sizeof e / sizeof *e);
    weft_reader_free(r);
}

static void test_max_doc_bytes(void **state) {
    fixture *fx = *state;
    char a[128], b[128], z[128];
    snprintf(a, sizeof a, "%s/a.txt", fx->dir);
    snprintf(b, sizeof b, "%s/b.txt", fx->dir);
    PUT(fx, "sizes.jsonl",
        "{\"id\":\"short\",\"text\":\"abc\"}\n"
        "{\"id\":\"long\",\"text\":\"abcd\"}\n");
    snprintf(z, sizeof z, "%s/sizes.jsonl", fx->dir);
    const char *inputs[] = {a, b, z};
    weft_reader_opts o = {.max_doc_bytes = 3};
    weft_reader *r = weft_reader_new(inputs, 3, &o);
    const expect e[] = {
        {1, "/a.txt", "ay\xFF", 0, NULL},
        {1, "/b.txt", "bee", 0, NULL},
        {1, "short", "abc", 0, NULL},
        {2, "long", NULL, 0, "sizes.jsonl:2: document of 4 bytes is larger than --max-doc-bytes 3"},
    };
    run_expect(fx, r, e, sizeof e / sizeof *e);
    weft_reader_free(r);
    o.max_doc_bytes = 2;
    const char *one[] = {b};
    r = weft_reader_new(one, 1, &o);
    const expect e2[] = {
        {2, "/b.txt", NULL, 0, "document of 3 bytes is larger than --max-doc-bytes 2"},
    };
    run_expect(fx, r, e2, 1);
    weft_reader_free(r);
}

/* A record that fails goes by its own id when it says one, also when its
 * JSON breaks after the id or it is too long to read whole; its message
 * starts with the file and line. */
static void test_failed_record_ids(void **state) {
    fixture *fx = *state;
    char *huge = malloc(70100);
    assert_non_null(huge);
    int n = snprintf(huge, 70100, "{\"id\":\"huge\",\"text\":\"");
    memset(huge + n, 'a', 70000);
    memcpy(huge + n + 70000, "\"}\n", 4);
    PUT(fx, "ids.jsonl",
        "{\"id\":\"t1\",\"text\":\"cut off\n"
        "{\"id\":\"t2\",\"text\":5}\n"
        "{\"n\":1.5,\"ok\":true,\"id\":\"t3\" \"text\":\"x\"}\n"
        "{\"meta\":{\"a\":1},\"id\":\"t4\",\n"
        "{\"id\":\"nul\\u0000\",\"text\":\n"
        "{\"id\":\"\xC3\xA9"
        "1\",\"text\":\"x\n"
        "{\"id\":7,\"text\":null}\n"
        "{\"text\":\"t\",\"id\":\"late\"\n");
    char p[128];
    snprintf(p, sizeof p, "%s/big.jsonl", fx->dir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(huge, 1, (size_t)n + 70003, f), (size_t)n + 70003);
    assert_int_equal(fclose(f), 0);
    free(huge);
    char a[128];
    snprintf(a, sizeof a, "%s/ids.jsonl", fx->dir);
    const char *inputs[] = {a, p};
    weft_reader_opts o = {.max_doc_bytes = 3};
    weft_reader *r = weft_reader_new(inputs, 2, &o);
    const expect e[] = {
        {2, "t1", NULL, 0, "ids.jsonl:1: column"},
        {2, "t2", NULL, 0, "ids.jsonl:2: no string field 'text'"},
        {2, "t3", NULL, 0, "ids.jsonl:3: column"},
        {2, "/ids.jsonl:4", NULL, 0, "ids.jsonl:4: column"}, /* a nested value before it */
        {2, "/ids.jsonl:5", NULL, 0, "ids.jsonl:5: column"}, /* an id with a NUL */
        {2,
         "\xC3\xA9"
         "1",
         NULL, 0, "ids.jsonl:6: column"},
        {2, "7", NULL, 0, "ids.jsonl:7: no string field 'text'"},
        {2, "late", NULL, 0, "ids.jsonl:8: column"},
        {2, "huge", NULL, 0, "big.jsonl:1: record of 70024 bytes is larger than --max-doc-bytes 3"},
    };
    run_expect(fx, r, e, sizeof e / sizeof *e);
    weft_reader_free(r);
}

static void test_forced_jsonl(void **state) {
    fixture *fx = *state;
    PUT(fx, "records.txt", "{\"text\":\"t1\"}\n{\"text\":\"t2\"}\n");
    char p[128];
    snprintf(p, sizeof p, "%s/records.txt", fx->dir);
    const char *inputs[] = {p};
    weft_reader_opts o = {.input = WEFT_IN_JSONL};
    weft_reader *r = weft_reader_new(inputs, 1, &o);
    const expect e[] = {
        {1, "/records.txt:1", "t1", 0, NULL},
        {1, "/records.txt:2", "t2", 0, NULL},
    };
    run_expect(fx, r, e, 2);
    weft_reader_free(r);

    /* and with --input text, a .jsonl file is one plain document */
    char z[128];
    snprintf(z, sizeof z, "%s/sizes.jsonl", fx->dir);
    PUT(fx, "sizes.jsonl", "{\"text\":\"x\"}\n");
    const char *zi[] = {z};
    o.input = WEFT_IN_TEXT;
    r = weft_reader_new(zi, 1, &o);
    const expect e2[] = {{1, "/sizes.jsonl", "{\"text\":\"x\"}\n", 0, NULL}};
    run_expect(fx, r, e2, 1);
    weft_reader_free(r);
}

static void test_stdin(void **state) {
    fixture *fx = *state;
    PUT(fx, "stdin.txt", "{\"text\":\"s1\"}\n\n{\"id\":\"two\",\"text\":\"s2\"}\n");
    char p[128];
    snprintf(p, sizeof p, "%s/stdin.txt", fx->dir);
    const char *inputs[] = {"-"};

    assert_non_null(freopen(p, "rb", stdin));
    weft_reader *r = weft_reader_new(inputs, 1, NULL);
    const expect e[] = {
        {1, "-", "{\"text\":\"s1\"}\n\n{\"id\":\"two\",\"text\":\"s2\"}\n", 0, NULL}};
    run_expect(fx, r, e, 1);
    weft_reader_free(r);

    assert_non_null(freopen(p, "rb", stdin));
    weft_reader_opts o = {.input = WEFT_IN_JSONL};
    r = weft_reader_new(inputs, 1, &o);
    const expect e2[] = {
        {1, "-:1", "s1", 0, NULL},
        {1, "two", "s2", 0, NULL},
    };
    run_expect(fx, r, e2, 2);
    weft_reader_free(r);
}

static void test_dangling_link(void **state) {
    fixture *fx = *state;
    char p[128], q[128];
    snprintf(p, sizeof p, "%s/broken", fx->dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(q, sizeof q, "%s/broken/0-dangling.txt", fx->dir);
    assert_int_equal(symlink("/nonexistent/weft", q), 0);
    PUT(fx, "broken/1-fine.txt", "fine");
    const char *inputs[] = {p};
    weft_reader *r = weft_reader_new(inputs, 1, NULL);
    /* the bad entry is reported, and the walk goes on */
    const expect e[] = {
        {2, "/broken/0-dangling.txt", NULL, 0, strerror(ENOENT)},
        {1, "/broken/1-fine.txt", "fine", 0, NULL},
    };
    run_expect(fx, r, e, 2);
    weft_reader_free(r);
}

/* A dangling link that --exclude (or a missing --include) leaves out is
 * not read, so it is no error. */
static void test_dangling_link_filtered(void **state) {
    fixture *fx = *state;
    char p[128], q[128];
    snprintf(p, sizeof p, "%s/filtered", fx->dir);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(q, sizeof q, "%s/filtered/0-dangling.lnk", fx->dir);
    assert_int_equal(symlink("/nonexistent/weft", q), 0);
    PUT(fx, "filtered/1-fine.txt", "fine");
    const char *inputs[] = {p};
    const char *exclude[] = {"*.lnk"}, *include[] = {"*.txt"};
    weft_reader_opts o = {.exclude = exclude, .nexclude = 1};
    const expect e[] = {{1, "/filtered/1-fine.txt", "fine", 0, NULL}};
    weft_reader *r = weft_reader_new(inputs, 1, &o);
    run_expect(fx, r, e, 1);
    weft_reader_free(r);
    weft_reader_opts in = {.include = include, .ninclude = 1};
    r = weft_reader_new(inputs, 1, &in);
    run_expect(fx, r, e, 1);
    weft_reader_free(r);
}

typedef struct notes {
    int n;
    char last[512], prev[512];
} notes;

static void take_note(void *ud, const char *msg) {
    notes *ns = ud;
    ns->n++;
    memcpy(ns->prev, ns->last, sizeof ns->prev);
    snprintf(ns->last, sizeof ns->last, "%s", msg);
}

/* A lone surrogate escape (Python's json.dumps of a str holding an
 * undecodable byte) is read as U+FFFD with a note; pairs and escaped
 * backslashes are left as they are; the record keeps its id. */
static void test_lone_surrogate(void **state) {
    fixture *fx = *state;
    PUT(fx, "sur.jsonl",
        "{\"id\":\"py\",\"text\":\"a\\udc00b\"}\n"
        "{\"id\":\"pair\",\"text\":\"\\ud83d\\ude00 \\\\udc00\"}\n"
        "{\"id\":\"bad\",\"text\":\"\\udc00\",}\n"
        "{\"id\":\"hi\",\"text\":\"\\ud800\\ud800\\udc00\\ud800\"}\n"
        "{\"id\":\"two\",\"text\":5,\"x\":\"\\udc00\"}\n"); /* two notes */
    char p[128];
    snprintf(p, sizeof p, "%s/sur.jsonl", fx->dir);
    const char *inputs[] = {p};
    notes ns = {0, "", ""};
    weft_reader_opts o = {.note = take_note, .note_ud = &ns};
    weft_reader *r = weft_reader_new(inputs, 1, &o);
    const expect e[] = {
        {1, "py",
         "a\xEF\xBF\xBD"
         "b",
         0, NULL},
        {1, "pair", "\xF0\x9F\x98\x80 \\udc00", 0, NULL},
        {2, "bad", NULL, 0, "sur.jsonl:3: column"}, /* still malformed otherwise */
        {1, "hi", "\xEF\xBF\xBD\xF0\x90\x80\x80\xEF\xBF\xBD", 0, NULL},
        {2, "two", NULL, 0, "sur.jsonl:5: no string field 'text'"},
    };
    run_expect(fx, r, e, 5);
    weft_reader_free(r);
    /* three notes of surrogates read as U+FFFD, one of the malformed line,
     * and the last record's failure after its surrogate's note */
    assert_int_equal(ns.n, 5);
    assert_non_null(strstr(ns.last, "sur.jsonl:5: no string field 'text'"));
    assert_int_equal(strncmp(ns.last, "two: ", 5), 0);
    assert_non_null(strstr(ns.prev, "sur.jsonl:5: 1 lone surrogate escape (first \\udc00)"));
}

static void test_unreadable_dir(void **state) {
    fixture *fx = *state;
    if (geteuid() == 0) skip(); /* root reads everything */
    char p[128];
    snprintf(p, sizeof p, "%s/locked", fx->dir);
    assert_int_equal(mkdir(p, 0), 0);
    const char *inputs[] = {p};
    weft_reader *r = weft_reader_new(inputs, 1, NULL);
    const expect e[] = {{2, "/locked", NULL, 0, strerror(EACCES)}};
    run_expect(fx, r, e, 1);
    weft_reader_free(r);
    rmdir(p);
}

/* Plain documents are read straight into the document's arena: a regular
 * file (size known), a .gz (size unknown, the buffer grows) and stdin come
 * back byte for byte, and the small documents after a large one leave the
 * document holding no more than its capped chunk. */
static void test_read_into_arena(void **state) {
    fixture parent = *(fixture *)*state, *fx = &parent; /* its own folder, its document */
    strcpy(fx->dir, "/tmp/weft-arena-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    size_t big = (size_t)3 << 20;
    char *text = malloc(big);
    assert_non_null(text);
    for (size_t i = 0; i < big; i++) text[i] = (char)('a' + i % 23);
    put_file(fx->dir, "1-big.txt", text, big);
    char p[256];
    snprintf(p, sizeof p, "%s/2-big.txt.gz", fx->dir);
    gzFile g = gzopen(p, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, text, (unsigned)big), (int)big);
    assert_int_equal(gzclose(g), Z_OK);
    PUT(fx, "3-small.txt", "small");
    PUT(fx, "4-empty.txt", "");
    const char *inputs[] = {fx->dir};
    weft_reader *r = weft_reader_new(inputs, 1, NULL);
    assert_non_null(r);
    weft_doc *d = fx->d;
    size_t held_small = 0;
    for (int i = 0;; i++) {
        weft_doc_reset(d);
        int rc = weft_reader_next(r, d);
        if (rc == 0) break;
        const weft_view *v = weft_doc_view(d, WEFT_SYM_RAW);
        assert_non_null(v);
        if (strstr(d->id, "big")) {
            assert_int_equal(rc, 1);
            assert_int_equal(v->len, big);
            assert_memory_equal(v->text, text, big);
        } else if (strstr(d->id, "small")) {
            assert_int_equal(v->len, 5);
            assert_memory_equal(v->text, "small", 5);
        } else if (strstr(d->id, "empty")) {
            assert_int_equal(v->len, 0);
            assert_int_equal(v->text[0], '\0');
        }
        if (strstr(d->id, "4-empty")) {
            weft_doc_reset(d);
            held_small = weft_doc_held(d);
        }
    }
    weft_reader_free(r);
    free(text);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", fx->dir);
    assert_true(held_small > 0);
    assert_true(held_small <= WEFT_ARENA_KEEP + 64 * 1024);
}

/* A .gz file's trailer sizes its buffer, but only as a hint: with two
 * members the trailer holds the second one's size alone, and all of both
 * is still read. */
/* Records split in place from blocks of 256 KiB (reader.c's split_line):
 * thousands of lines crossing block ends, one line longer than two blocks
 * (the buffer grows), blank lines, a byte order mark, no final newline;
 * plain and through zlib. Every record is the same as read line by line. */
static void test_split_blocks(void **state) {
    fixture *fx = *state;
    size_t nrec = 3000, cap = (size_t)8 << 20, len = 0;
    char *file = malloc(cap);
    char **texts = calloc(nrec, sizeof *texts);
    assert_non_null(file);
    assert_non_null(texts);
    memcpy(file, "\xEF\xBB\xBF", 3);
    len = 3;
    size_t line = 1, last_line = 0;
    for (size_t i = 0; i < nrec; i++) {
        size_t tl = i == 1234 ? (size_t)700 << 10 : 1 + i * 37 % 1500;
        texts[i] = malloc(tl + 1);
        assert_non_null(texts[i]);
        for (size_t k = 0; k < tl; k++) texts[i][k] = (char)('a' + (i + k * 3) % 26);
        texts[i][tl] = '\0';
        assert_true(len + tl + 64 < cap);
        if (i + 1 < nrec) {
            len += (size_t)sprintf(file + len, "{\"id\":\"r%zu\",\"text\":\"%s\"}\n", i, texts[i]);
            line++;
        } else { /* no id: named by its line; no final newline */
            len += (size_t)sprintf(file + len, "{\"text\":\"%s\"}", texts[i]);
            last_line = line;
        }
        if (i % 7 == 3) { /* a blank line, another of spaces */
            memcpy(file + len, "\n  \r\n", 5);
            len += 5;
            line += 2;
        }
    }
    put_file(fx->dir, "big.jsonl", file, len);
    char gzp[256];
    snprintf(gzp, sizeof gzp, "%s/big2.jsonl.gz", fx->dir);
    gzFile g = gzopen(gzp, "wb1");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, file, (unsigned)len), (int)len);
    assert_int_equal(gzclose(g), Z_OK);
    expect *e = calloc(2 * nrec, sizeof *e);
    char ids[2][64];
    assert_non_null(e);
    for (int f = 0; f < 2; f++) {
        snprintf(ids[f], sizeof ids[f], "/%s:%zu", f ? "big2.jsonl.gz" : "big.jsonl", last_line);
        for (size_t i = 0; i < nrec; i++) {
            expect *x = &e[f * nrec + i];
            x->rc = 1;
            x->raw = texts[i];
            char *id = malloc(32);
            assert_non_null(id);
            snprintf(id, 32, "r%zu", i);
            x->id = i + 1 < nrec ? id : ids[f];
            if (i + 1 == nrec) free(id);
        }
    }
    char p1[256];
    snprintf(p1, sizeof p1, "%s/big.jsonl", fx->dir);
    const char *inputs[] = {p1, gzp};
    weft_reader *r = weft_reader_new(inputs, 2, NULL);
    assert_non_null(r);
    run_expect(fx, r, e, 2 * nrec);
    assert_int_equal(weft_reader_consumed(r), 2 * len);
    weft_reader_free(r);
    for (size_t i = 0; i < 2 * nrec; i++)
        if (i % nrec + 1 < nrec) free((char *)e[i].id);
    for (size_t i = 0; i < nrec; i++) free(texts[i]);
    free(texts);
    free(e);
    free(file);
}

static void test_gz_size_hint(void **state) {
    fixture parent = *(fixture *)*state, *fx = &parent;
    strcpy(fx->dir, "/tmp/weft-gzhint-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    size_t big = (size_t)300 << 10;
    char *text = malloc(big + 4);
    assert_non_null(text);
    for (size_t i = 0; i < big; i++) text[i] = (char)('a' + i * 7 % 19);
    memcpy(text + big, "tail", 4);
    char p[256];
    snprintf(p, sizeof p, "%s/one.txt.gz", fx->dir);
    gzFile g = gzopen(p, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, text, (unsigned)(big + 4)), (int)(big + 4));
    assert_int_equal(gzclose(g), Z_OK);
    snprintf(p, sizeof p, "%s/two.txt.gz", fx->dir);
    g = gzopen(p, "wb");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, text, (unsigned)big), (int)big);
    assert_int_equal(gzclose(g), Z_OK);
    g = gzopen(p, "ab"); /* a second member */
    assert_non_null(g);
    assert_int_equal(gzwrite(g, "tail", 4), 4);
    assert_int_equal(gzclose(g), Z_OK);
    const char *inputs[] = {fx->dir};
    weft_reader *r = weft_reader_new(inputs, 1, NULL);
    assert_non_null(r);
    for (int i = 0; i < 2; i++) {
        weft_doc_reset(fx->d);
        assert_int_equal(weft_reader_next(r, fx->d), 1);
        const weft_view *v = weft_doc_view(fx->d, WEFT_SYM_RAW);
        assert_non_null(v);
        assert_int_equal(v->len, big + 4);
        assert_memory_equal(v->text, text, big + 4);
    }
    weft_doc_reset(fx->d);
    assert_int_equal(weft_reader_next(r, fx->d), 0);
    weft_reader_free(r);
    free(text);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", fx->dir);
}

static void test_input_parse(void **state) {
    (void)state;
    assert_int_equal(weft_input_parse("auto"), WEFT_IN_AUTO);
    assert_int_equal(weft_input_parse("text"), WEFT_IN_TEXT);
    assert_int_equal(weft_input_parse("html"), WEFT_IN_HTML);
    assert_int_equal(weft_input_parse("jsonl"), WEFT_IN_JSONL);
    assert_int_equal(weft_input_parse("csv"), -1);
}

/* A record the fast path accepts reads as jansson reads it: same id, same
 * text bytes. Records it refuses go to jansson, so only acceptance must
 * be checked, over lines built to cover every branch of the grammar. */
static void check_flat(const char *line, int want_fast) {
    weft_jsonl_scratch sc = {0};
    const char *id = NULL, *text = NULL;
    size_t tl = 0;
    int fast = weft_jsonl_flat(line, strlen(line), "id", "text", &sc, &id, &text, &tl);
    if (want_fast >= 0 && fast != want_fast)
        fail_msg("%s: fast path %d, wanted %d", line, fast, want_fast);
    if (fast) {
        json_error_t jerr;
        json_t *root = json_loadb(line, strlen(line), JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        if (!root || !json_is_object(root))
            fail_msg("%s: fast path took what jansson refuses", line);
        json_t *t = json_object_get(root, "text"), *i = json_object_get(root, "id");
        assert_true(json_is_string(t));
        assert_int_equal(json_string_length(t), tl);
        assert_memory_equal(json_string_value(t), text, tl);
        if (i) {
            assert_true(json_is_string(i));
            assert_non_null(id);
            assert_string_equal(json_string_value(i), id);
        } else {
            assert_null(id);
        }
        json_decref(root);
    }
    free(sc.buf);
}

static void test_jsonl_fast_path(void **state) {
    (void)state;
    check_flat("{\"id\":\"a\",\"text\":\"hello world\"}\n", 1);
    check_flat("  { \"text\" : \"x\" , \"id\" : \"b\" }  \r\n", 1);
    check_flat("{\"text\":\"no id\"}", 1);
    check_flat("{\"text\":\"\"}", 1);
    check_flat("{\"other\":\"v\",\"text\":\"t\",\"more\":\"w\"}", 1);
    check_flat("{\"text\":\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t end\"}", 1);
    check_flat("{\"text\":\"\\u00e9\\u20ac\\ud83d\\ude00\\u0041\"}", 1);
    check_flat("{\"id\":\"\\u00e9\",\"text\":\"t\"}", 1);
    /* left to jansson */
    check_flat("{\"text\":\"caf\xc3\xa9\"}", 0);      /* non-ASCII bytes */
    check_flat("{\"text\":\"a\\u0000b\"}", 0);        /* NUL */
    check_flat("{\"text\":\"\\ud83d\"}", 0);          /* lone high surrogate */
    check_flat("{\"text\":\"\\ude00\"}", 0);          /* lone low surrogate */
    check_flat("{\"text\":\"\\ud83d\\u0041\"}", 0);   /* bad pair */
    check_flat("{\"text\":\"\\x\"}", 0);              /* bad escape */
    check_flat("{\"text\":\"\\u12G4\"}", 0);          /* bad hex */
    check_flat("{\"text\":\"tab\there\"}", 0);        /* raw control byte */
    check_flat("{\"id\":7,\"text\":\"t\"}", 0);       /* a number */
    check_flat("{\"text\":\"t\",\"n\":null}", 0);     /* null */
    check_flat("{\"text\":\"t\",\"o\":{}}", 0);       /* nested */
    check_flat("{\"text\":\"a\",\"text\":\"b\"}", 0); /* repeated key */
    check_flat("{\"te\\u0078t\":\"t\"}", 0);          /* escaped key */
    check_flat("{\"id\":\"a\"}", 0);                  /* no text */
    check_flat("{}", 0);
    check_flat("{\"text\":\"t\"} x", 0); /* trailing bytes */
    check_flat("{\"text\":\"t\",}", 0);  /* trailing comma */
    check_flat("{\"text\":\"t\"", 0);    /* unclosed */
    check_flat("{\"text\":\"t", 0);
    check_flat("{\"text\" \"t\"}", 0);
    check_flat("[\"text\"]", 0);
    check_flat("\"text\"", 0);
    check_flat("{\"text\":\"\\", 0);
    check_flat("{\"text\":\"\\u12", 0);
    check_flat("{\"text\":\"\\ud83d\\ude0", 0);
    /* every prefix of a good record, and single-byte changes of it: when
     * the fast path takes one, jansson agrees */
    const char *good =
        "{\"id\":\"x\\u00e9\",\"text\":\"a \\\"b\\\" \\ud83d\\ude00 c\",\"k\":\"v\"}";
    size_t n = strlen(good);
    char buf[128];
    for (size_t i = 0; i <= n; i++) {
        memcpy(buf, good, i);
        buf[i] = '\0';
        check_flat(buf, -1);
    }
    static const char subst[] = " \"\\{}:,u0aZ\t";
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof subst - 1; k++) {
            memcpy(buf, good, n + 1);
            buf[i] = subst[k];
            check_flat(buf, -1);
        }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_parse),
        cmocka_unit_test(test_walk),
        cmocka_unit_test(test_trailing_slash_and_fields),
        cmocka_unit_test(test_max_doc_bytes),
        cmocka_unit_test(test_failed_record_ids),
        cmocka_unit_test(test_forced_jsonl),
        cmocka_unit_test(test_stdin),
        cmocka_unit_test(test_dangling_link),
        cmocka_unit_test(test_dangling_link_filtered),
        cmocka_unit_test(test_lone_surrogate),
        cmocka_unit_test(test_jsonl_fast_path),
        cmocka_unit_test(test_unreadable_dir),
        cmocka_unit_test(test_read_into_arena),
        cmocka_unit_test_setup_teardown(test_walk, setup_deferred, teardown),
        cmocka_unit_test_setup_teardown(test_max_doc_bytes, setup_deferred, teardown),
        cmocka_unit_test_setup_teardown(test_lone_surrogate, setup_deferred, teardown),
        cmocka_unit_test_setup_teardown(test_gz_size_hint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_blocks, setup_deferred, teardown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
