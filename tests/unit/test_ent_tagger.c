/*
 * Unit tests of the entities plugin's statistical tagger: the CoNLL reader
 * (tag schemes, documents, malformed lines with their file and line), the
 * features (what they see and what they do not), and the trainer end to
 * end on a small corpus written here: trained, saved, loaded through the
 * strict loader and tagged again, it must get every entity right.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "entities/gaz.c"
#include "entities/classify.c"
#include "entities/conll.c"
#include "entities/docmem.c"
#include "entities/features.c"
#include "entities/ner.c"
#include "entities/pat.c"
#include "entities/beam.c"
#include "entities/tagger.c"
#include "entities/tgpack.c"
#include "entities/train.c"
#include "entities/wordnet.c"
#include "entities/wordcase.c"

/* ---- the reader ---- */

static int read_str(cn_corpus *c, const char *s, char *err, size_t errlen) {
    return cn_read(c, "t.conll", s, strlen(s), err, errlen);
}

static void test_conll_iob1_and_docs(void **st) {
    (void)st;
    cn_corpus c = {0};
    char err[256] = "";
    /* IOB1 (I- opens an entity, B- only between two of a type), two documents */
    const char *s = "-DOCSTART- -X- O\n\nEU NNP I-ORG\nrejects VBZ O\nGerman JJ I-MISC\n"
                    "\nPeter\tI-PER\nBlackburn\tI-PER\nJohn\tB-PER\n\n-DOCSTART- O\n\nX I-LOC\r\n";
    assert_int_equal(read_str(&c, s, err, sizeof err), 0);
    assert_int_equal(c.ndoc, 2);
    assert_int_equal(c.ntype, 4);
    assert_int_equal(c.ntokens, 7);
    assert_int_equal(c.doc[0].nsent, 2);
    assert_int_equal(c.doc[1].ntok, 1);
    /* the text is rebuilt with one blank between tokens, a newline between sentences */
    assert_int_equal(c.doc[0].len, strlen("EU rejects German\nPeter Blackburn John"));
    assert_memory_equal(c.text + c.doc[0].text, "EU rejects German\nPeter Blackburn John",
                        c.doc[0].len);
    assert_int_equal(cn_sort_types(&c), 0);
    assert_string_equal(c.type[0], "LOC");
    assert_string_equal(c.type[3], "PER");
    /* ORG = type 2: B is 5; PER = 3: B 7, I 8 */
    assert_int_equal(c.tag[0], 5);
    assert_int_equal(c.tag[1], 0);
    assert_int_equal(c.tag[3], 7);
    assert_int_equal(c.tag[4], 8);
    assert_int_equal(c.tag[5], 7); /* B-PER after I-PER: a new entity */
    cn_free(&c);
}

static void test_conll_sentences_as_docs(void **st) {
    (void)st;
    cn_corpus c = {0};
    char err[256] = "";
    /* without -DOCSTART- (WNUT-17) each sentence is a document; IOB2 and any type name */
    assert_int_equal(
        read_str(&c, "a\tB-creative-work\nb\tI-creative-work\n\n\nc\tO\n\n", err, sizeof err), 0);
    assert_int_equal(c.ndoc, 2);
    assert_int_equal(c.ntype, 1);
    assert_string_equal(c.type[0], "creative-work");
    assert_int_equal(c.tag[0], 1);
    assert_int_equal(c.tag[1], 2);
    cn_free(&c);
}

static void expect_error(const char *text, size_t n, const char *want) {
    cn_corpus c = {0};
    char err[256] = "";
    assert_int_equal(cn_read(&c, "bad.conll", text, n, err, sizeof err), -1);
    if (!strstr(err, want)) fail_msg("error '%s' lacks '%s'", err, want);
    cn_free(&c);
}

static void test_conll_errors(void **st) {
    (void)st;
    expect_error("a O\nb\n", 6, "bad.conll:2: a token line needs a token and a tag");
    expect_error("a O\n\nb X-PER\n", 13, "bad.conll:3: bad tag 'X-PER'");
    expect_error("a O\nb PER\n", 10, "bad.conll:2: bad tag 'PER'");
    expect_error("a B-\n", 5, "bad.conll:1: bad tag 'B-'");
    expect_error("a O\nb\0 O\n", 9, "bad.conll:2: NUL byte");
    char big[128];
    snprintf(big, sizeof big, "a B-%050d\n", 1);
    expect_error(big, strlen(big), "bad.conll:1: bad tag");
}

static void test_conll_retype(void **st) {
    (void)st;
    cn_corpus c = {0};
    char err[256] = "";
    assert_int_equal(read_str(&c, "a B-X\n", err, sizeof err), 0);
    char *types[] = {"Y"};
    assert_int_equal(cn_retype(&c, types, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "type 'X'"));
    cn_free(&c);
}

/* ---- the features ---- */

typedef struct doc1 {
    cn_corpus c;
    gaz g;
    ner_scratch s;
    tg_scratch t;
} doc1;

static void doc_load(doc1 *d, const char *conll) {
    char err[256] = "";
    memset(d, 0, sizeof *d);
    gaz_init(&d->g);
    assert_int_equal(gaz_add(&d->g, "paris", 5, G_CITY, 2000000, 0, 0), 0);
    assert_int_equal(read_str(&d->c, conll, err, sizeof err), 0);
    assert_int_equal(analyse(&d->g, &d->c, &d->c.doc[0], &d->s, &d->t), 0);
}

static void doc_free(doc1 *d) {
    cn_free(&d->c);
    gaz_free(&d->g);
    ner_scratch_free(&d->s);
    tg_scratch_free(&d->t);
}

static int has_id(const weft_lin_fv *fv, uint32_t id) {
    for (size_t i = 0; i < fv->n; i++)
        if (fv->f[i].id == id) return 1;
    return 0;
}

static void test_features(void **st) {
    (void)st;
    doc1 d;
    doc_load(&d, "-DOCSTART- O\n\nObama O\nvisited O\nParis O\nand O\nNATO O\n.\tO\n\n"
                 "Obama O\nleft O\n");
    const tg_tokf *F = d.t.f;
    /* shapes: Obama and Paris alike, NATO not; the folded word ignores case */
    assert_int_equal(F[0].shape, F[2].shape);
    assert_int_not_equal(F[0].shape, F[4].shape);
    assert_int_equal(F[0].low, F[6].low);
    assert_int_equal(F[0].raw, F[6].raw);
    assert_true(F[0].sstart);
    assert_false(F[1].sstart);
    /* the gazetteer's flags are features, not answers */
    assert_true(F[2].gf & G_CITY);
    /* the same token in the same context has the same features; the
     * previous class and the document's history change them */
    weft_lin_fv a, b;
    weft_lin_fv_init(&a);
    weft_lin_fv_init(&b);
    assert_int_equal(tg_history_reset(&d.t, d.s.ntok), 0);
    assert_int_equal(tg_features(&d.t, F, 6, 6, 8, 0, 0, &a), 0);
    assert_int_equal(tg_features(&d.t, F, 6, 6, 8, 0, 0, &b), 0);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.f, b.f, a.n * sizeof *a.f);
    tg_history_note(&d.t, &F[0], 7); /* "Obama" was labelled B-(type 3) earlier */
    assert_int_equal(tg_features(&d.t, F, 6, 6, 8, 0, 0, &b), 0);
    assert_int_equal(b.n, a.n + 2);
    assert_int_equal(tg_features(&d.t, F, 1, 0, 6, 7, 0, &b), 0);
    assert_int_equal(tg_features(&d.t, F, 1, 0, 6, 0, 0, &a), 0);
    assert_int_equal(a.n, b.n);
    assert_memory_not_equal(a.f, b.f, a.n * sizeof *a.f);
    /* a feature is a hash of its template and value: the word "visited" is there */
    assert_true(has_id(&a, h32(tmpl(1), F[1].low)));
    assert_false(has_id(&a, h32(tmpl(1), F[2].low)));
    /* the shapes of the token and the two after it ("visited Paris and"),
     * and at a sentence's end the missing second one ("Obama left") */
    assert_true(has_id(&a, h32(h32(tmpl(43), h32(F[1].shape, F[2].shape)), F[3].shape)));
    assert_false(has_id(&a, h32(h32(tmpl(43), h32(F[1].shape, F[2].shape)), F[4].shape)));
    assert_int_equal(tg_features(&d.t, F, 6, 6, 8, 0, 0, &b), 0);
    assert_true(has_id(&b, h32(h32(tmpl(43), h32(F[6].shape, F[7].shape)), EOS)));
    weft_lin_fv_free(&a);
    weft_lin_fv_free(&b);
    doc_free(&d);
}

/* tg_prepare's cache of the text fields: each token's fields, on the
 * first pass (filling the cache) and the second (reading it), are those
 * text_fields makes without it, for the same word in several cases and
 * wrappings (a core shorter than the token) and in two scripts. */
static void same_text_fields(const doc1 *d) {
    for (size_t i = 0; i < d->s.ntok; i++) {
        tg_tokf want;
        memset(&want, 0, sizeof want);
        text_fields(d->c.text + d->c.doc[0].text, &d->s.tok[i], &want);
        const tg_tokf *f = &d->t.f[i];
        assert_int_equal(f->raw, want.raw);
        assert_int_equal(f->shape, want.shape);
        assert_memory_equal(f->pre, want.pre, sizeof want.pre);
        assert_memory_equal(f->suf, want.suf, sizeof want.suf);
    }
}

static void test_text_cache(void **st) {
    (void)st;
    doc1 d;
    doc_load(&d, "-DOCSTART- O\n\nVelmora O\nVelmora, O\n(Velmora) O\nVELMORA O\n"
                 "velmora O\nVelmora's O\nVelmora O\n\xc3\x89lys\xc3\xa9\x65 O\n"
                 "\xc3\x89LYS\xc3\x89\x45 O\nU.S. O\nU.S O\nU.S. O\n.\tO\n");
    assert_non_null(d.t.tc);
    same_text_fields(&d);
    const tg_tokf *F = d.t.f;
    assert_int_equal(F[0].raw, F[6].raw); /* the same token, once from the cache */
    assert_int_equal(F[0].pre[3], F[1].pre[3]);
    assert_int_not_equal(F[0].raw, F[1].raw);
    assert_int_not_equal(F[0].shape, F[3].shape);
    assert_int_equal(tg_prepare(&d.g, d.c.text + d.c.doc[0].text, &d.s, &d.t), 0);
    same_text_fields(&d);
    doc_free(&d);
}

/* ---- WordNet noun classes (wordnet.h) ---- */

static const char wn_text[] = "# a comment\n"
                              "band\tgroup\t-\n"
                              "railway\tartifact\t-\n"
                              "battle of the bulge\t-\tMISC\n"
                              "paris\tplant\tLOC,PER\n";

static void wn_expect_error(const char *text, const char *want) {
    gaz wn;
    char err[256] = "";
    gaz_init(&wn);
    assert_int_equal(wn_load(&wn, "wn.tsv", text, strlen(text), err, sizeof err), -1);
    if (!strstr(err, want)) fail_msg("error '%s' lacks '%s'", err, want);
    gaz_free(&wn);
}

static void test_wordnet_load(void **st) {
    (void)st;
    gaz wn;
    char err[256] = "";
    gaz_init(&wn);
    assert_int_equal(wn_load(&wn, "wn.tsv", wn_text, strlen(wn_text), err, sizeof err), 0);
    uint64_t h;
    const gaz_entry *e = ner_find1(&wn, "Band", 4, &h);
    assert_non_null(e);
    assert_int_equal((e->flags >> WN_SS_SHIFT) & WN_SS_MASK, 14); /* noun.group */
    assert_int_equal((e->flags >> WN_CLS_SHIFT) & WN_CLS_MASK, 0);
    e = ner_find1(&wn, "PARIS", 5, &h);
    assert_non_null(e);
    assert_int_equal((e->flags >> WN_SS_SHIFT) & WN_SS_MASK, 20); /* noun.plant */
    assert_int_equal((e->flags >> WN_CLS_SHIFT) & WN_CLS_MASK, WN_LOC | WN_PER);
    assert_null(ner_find1(&wn, "album", 5, &h));
    gaz_free(&wn);
    wn_expect_error("band\tgroup\n", "wn.tsv:1: want phrase TAB supersense TAB classes");
    wn_expect_error("band\tgroup\t-\nx\tbogus\t-\n", "wn.tsv:2: unknown supersense");
    wn_expect_error("x\t-\tPER,FOO\n", "wn.tsv:1: unknown class");
    wn_expect_error("\tgroup\t-\n", "wn.tsv:1: empty phrase");
}

/* What the nouns around a capitalised run name, and a named instance over
 * several tokens, reach the tokens' fields and features (names made up). */
static void test_wordnet_features(void **st) {
    (void)st;
    doc1 d;
    char err[256] = "";
    gaz wn;
    memset(&d, 0, sizeof d);
    gaz_init(&d.g);
    gaz_init(&wn);
    assert_int_equal(wn_load(&wn, "wn.tsv", wn_text, strlen(wn_text), err, sizeof err), 0);
    assert_int_equal(read_str(&d.c,
                              "-DOCSTART- O\n\nthe O\nband O\nVelmora O\nDrift O\nrode O\n"
                              "the O\nHarlow O\nCreek O\nrailway O\nto O\nthe O\nBattle O\n"
                              "of O\nthe O\nBulge O\n.\tO\n",
                              err, sizeof err),
                     0);
    d.t.wn = &wn;
    assert_int_equal(analyse(&d.g, &d.c, &d.c.doc[0], &d.s, &d.t), 0);
    const tg_tokf *F = d.t.f;
    assert_int_equal(F[1].wss, 14);    /* band: group */
    assert_int_equal(F[2].wrprev, 14); /* "the band Velmora Drift" */
    assert_int_equal(F[3].wrprev, 14);
    assert_int_equal(F[2].wrnext, 0); /* "rode": not in the table */
    assert_int_equal(F[2].wrhead, 0); /* "Drift": not in the table */
    assert_int_equal(F[6].wrnext, 6); /* "Harlow Creek railway": artifact */
    assert_int_equal(F[7].wrnext, 6);
    assert_int_equal(F[1].wrprev, 0); /* a lower-case word has no run */
    /* "Battle of the Bulge": a MISC instance, its first token and the rest */
    assert_int_equal(F[11].wcls, WN_MISC * 2);
    assert_int_equal(F[12].wcls, WN_MISC * 2 + 1);
    assert_int_equal(F[14].wcls, WN_MISC * 2 + 1);
    assert_int_equal(F[15].wcls, 0);
    weft_lin_fv a;
    weft_lin_fv_init(&a);
    assert_int_equal(tg_features(&d.t, F, 2, 0, 16, 0, 0, &a), 0);
    assert_true(has_id(&a, h32(tmpl(50), 14)));         /* the run's noun before */
    assert_true(has_id(&a, h32(h32(tmpl(46), 14), 1))); /* the noun before, capitalised token */
    size_t with = a.n;
    d.t.wn = NULL; /* without the table, none of the templates */
    assert_int_equal(tg_features(&d.t, F, 2, 0, 16, 0, 0, &a), 0);
    assert_false(has_id(&a, h32(tmpl(50), 14)));
    assert_true(a.n < with);
    weft_lin_fv_free(&a);
    /* the scratch's cache of one-token entries: the same fields from it a
     * second time, and another table's after the table changes */
    d.t.wn = &wn;
    assert_int_equal(analyse(&d.g, &d.c, &d.c.doc[0], &d.s, &d.t), 0);
    assert_int_equal(d.t.f[1].wss, 14);
    assert_int_equal(d.t.f[6].wrnext, 6);
    assert_int_equal(d.t.f[11].wcls, WN_MISC * 2);
    gaz wn2;
    gaz_init(&wn2);
    const char *other = "band\tanimal\t-\nrailway\tact\t-\n";
    assert_int_equal(wn_load(&wn2, "wn2.tsv", other, strlen(other), err, sizeof err), 0);
    d.t.wn = &wn2;
    assert_int_equal(analyse(&d.g, &d.c, &d.c.doc[0], &d.s, &d.t), 0);
    assert_int_equal(d.t.f[1].wss, 5);    /* band: animal, not group */
    assert_int_equal(d.t.f[6].wrnext, 4); /* railway: act */
    assert_int_equal(d.t.f[11].wcls, 0);  /* no Battle of the Bulge there */
    doc_free(&d);
    gaz_free(&wn);
    gaz_free(&wn2);
}

/* The word list with case: a line's first letter says its class, a word in
 * both cases has both, the table is looked up by the token's gazetteer hash
 * (so any case, and the core without its possessive), and the tagger reads
 * the class of a token, of its neighbours and of its capitalised run's last
 * word. The list and the sentences are written here. */
static void test_wordcase(void **st) {
    (void)st;
    const char *list = "# a comment\nAberdeen\nBath\nbath\nalbum\nthe\nrailway\nopened\n\n"
                       "\xc3\x89vora\n\xc3\xa9"
                       "clair\n";
    wc_table wc;
    char err[256] = "";
    assert_int_equal(wc_load_mem(&wc, "w.txt", list, strlen(list), err, sizeof err), 0);
    assert_int_equal(wc.n, 8);
    assert_true(wc_bytes(&wc) >= 16 * sizeof(uint32_t));
#define CLS(w) wc_class(&wc, gaz_hash_tok(GAZ_SEED, w, strlen(w), 1))
    assert_int_equal(CLS("aberdeen"), WC_CAP);
    assert_int_equal(CLS("ABERDEEN"), WC_CAP);
    assert_int_equal(CLS("Bath"), WC_CAP | WC_LOWER);
    assert_int_equal(CLS("Railway"), WC_LOWER);
    assert_int_equal(CLS("\xc3\xa9vora"), WC_CAP); /* Évora, any case */
    assert_int_equal(CLS("\xc3\x89"
                         "CLAIR"),
                     WC_LOWER);
    assert_int_equal(CLS("Saco"), 0);
    assert_int_equal(wc_class(NULL, 1), 0);
#undef CLS
    wc_table bad;
    assert_int_equal(wc_load_mem(&bad, "w.txt", "bath\nNew York\n", 15, err, sizeof err), -1);
    assert_non_null(strstr(err, "w.txt:2:"));
    assert_null(bad.slot);

    cn_corpus c = {0};
    gaz g;
    ner_scratch s = {0};
    tg_scratch t = {0};
    gaz_init(&g);
    g.wc = &wc;
    t.wordcase = 1;
    assert_int_equal(
        read_str(&c,
                 "-DOCSTART- O\n\nThe O\nSaco O\nRailway O\nopened O\nin O\nAberdeen's O\n.\tO\n\n"
                 "Album O\nof O\nBath O\n",
                 err, sizeof err),
        0);
    assert_int_equal(analyse(&g, &c, &c.doc[0], &s, &t), 0);
    const tg_tokf *F = t.f;
    assert_int_equal(F[0].wc, WC_LOWER); /* "The" opening the sentence: a word */
    assert_int_equal(F[1].wc, 0);        /* "Saco": unknown */
    assert_int_equal(F[2].wc, WC_LOWER);
    assert_int_equal(F[5].wc, WC_CAP); /* "Aberdeen's": the core, without 's */
    assert_int_equal(F[6].wc, TG_WC_NONE);
    assert_int_equal(F[7].wc, WC_LOWER);
    assert_int_equal(F[9].wc, WC_CAP | WC_LOWER);
    /* runs: "The Saco Railway" ends with an ordinary word; "Aberdeen's" and
     * "Bath" stand alone; the run does not cross "of"; "opened" is in none */
    assert_int_equal(F[0].wrun, 1 + (WC_LOWER << 2 | 1));
    assert_int_equal(F[1].wrun, 1 + (WC_LOWER << 2 | 2));
    assert_int_equal(F[2].wrun, 1 + (WC_LOWER << 2 | 3));
    assert_int_equal(F[3].wrun, 0);
    assert_int_equal(F[5].wrun, 1 + (WC_CAP << 2 | 0));
    assert_int_equal(F[9].wrun, 1 + ((WC_CAP | WC_LOWER) << 2 | 0));
    assert_int_equal(F[1].wmix, (1u << WC_LOWER | 1u << 0) | 3u << 5);
    /* the features: the token's class with its case and sentence start, the
     * neighbours' classes, the run's */
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    assert_int_equal(tg_features(&t, F, 1, 0, 7, 0, 0, &fv), 0);
    assert_true(has_id(&fv, h32(h32(tmpl(52), 0), 1)));
    assert_true(has_id(&fv, h32(h32(tmpl(53), WC_LOWER | 1u << 3), 1)));
    assert_true(has_id(&fv, h32(h32(tmpl(54), WC_LOWER | 1u << 3), 1)));
    assert_true(has_id(&fv, h32(h32(tmpl(55), F[1].wrun), 0)));
    assert_true(has_id(&fv, h32(h32(tmpl(57), WC_LOWER | 1u << 3), 0)));
    assert_true(has_id(&fv, h32(h32(tmpl(58), WC_LOWER | 1u << 3), 0)));
    assert_int_equal(tg_features(&t, F, 0, 0, 7, 0, 0, &fv), 0);
    assert_true(has_id(&fv, h32(h32(tmpl(52), WC_LOWER), 1 | 2)));
    assert_true(has_id(&fv, h32(h32(tmpl(53), BOS), 1)));
    assert_true(has_id(&fv, h32(h32(tmpl(57), BOS), WC_LOWER)));
    /* a lower-case token gets no run or pair features */
    assert_int_equal(tg_features(&t, F, 3, 0, 7, 0, 0, &fv), 0);
    assert_true(has_id(&fv, h32(h32(tmpl(52), WC_LOWER), 0)));
    assert_false(has_id(&fv, h32(h32(tmpl(57), WC_LOWER | 1u << 3), WC_LOWER)));
    /* a model without the word list's features (tg_model.wordcase 0) gets none */
    t.wordcase = 0;
    assert_int_equal(tg_features(&t, F, 0, 0, 7, 0, 0, &fv), 0);
    assert_false(has_id(&fv, h32(h32(tmpl(52), WC_LOWER), 1 | 2)));
    t.wordcase = 1;
    /* without the list every word is unknown */
    g.wc = NULL;
    assert_int_equal(analyse(&g, &c, &c.doc[0], &s, &t), 0);
    assert_int_equal(t.f[2].wc, 0);
    weft_lin_fv_free(&fv);
    cn_free(&c);
    gaz_free(&g);
    wc_free(&wc);
    ner_scratch_free(&s);
    tg_scratch_free(&t);
}

static void test_best_obeys_bio(void **st) {
    (void)st;
    tg_model tm;
    const char *types[] = {"LOC", "PER"};
    assert_int_equal(tg_model_init(&tm, 8, 2, types), 0);
    assert_int_equal(tm.m.nclass, 5);
    assert_string_equal(tm.type[1], "PER");
    float sc[5] = {0, 0, 5, 0, 1}; /* I-LOC scores best, I-PER next */
    /* after O neither I- class is allowed: O (0) wins over B- classes at 0 */
    assert_int_equal(tg_best(&tm, sc, 0), 0);
    assert_int_equal(tg_best(&tm, sc, 1), 2); /* after B-LOC: I-LOC */
    assert_int_equal(tg_best(&tm, sc, 3), 4); /* after B-PER: I-PER */
    tg_model_free(&tm);
}

/* A B-X right after an X continues it: one long name split in two by the
 * greedy tagger ("Newell | H. Beaty") comes out whole; a B-X after another
 * type, after O or at the sentence start stays a beginning. */
static void test_decide_continues(void **st) {
    (void)st;
    tg_model tm;
    const char *types[] = {"LOC", "PER"};
    assert_int_equal(tg_model_init(&tm, 8, 2, types), 0);
    float sc[5] = {0, 0, 0, 5, 1};              /* B-PER scores best */
    assert_int_equal(tg_best(&tm, sc, 3), 3);   /* tg_best alone: a new PER after B-PER */
    assert_int_equal(tg_decide(&tm, sc, 3), 4); /* decided: I-PER, the same name goes on */
    assert_int_equal(tg_decide(&tm, sc, 4), 4); /* after I-PER too */
    assert_int_equal(tg_decide(&tm, sc, 0), 3); /* after O: B-PER */
    assert_int_equal(tg_decide(&tm, sc, 1), 3); /* after B-LOC: B-PER, another name */
    assert_int_equal(tg_decide(&tm, sc, 2), 3); /* after I-LOC */
    float o[5] = {5, 0, 0, 1, 1};               /* O scores best: nothing to continue */
    assert_int_equal(tg_decide(&tm, o, 3), 0);
    tg_model_free(&tm);
}

/* An unsure span takes the type of the sure spans of the same words when
 * they outweigh every span of its own type; sure spans, other words and a
 * name the document mostly types its own way stay as they are. Classes:
 * types LOC 0, ORG 1, PER 2 (B 1/3/5, I 2/4/6). */
static void test_defer_to_sure(void **st) {
    (void)st;
    enum { N = 14 };
    /* tokens' folded hashes: 10 = "Ruch", 20 = "Chorzow", 30/31 = "Kestrel Lane" */
    const uint64_t h[N] = {10, 0, 10, 0, 10, 0, 20, 0, 20, 30, 31, 0, 30, 31};
    const uint16_t lab0[N] = {3, 0, 3, 0, 1, 0, 1, 0, 5, 3, 4, 0, 1, 2};
    const float prob[N] = {0.95f, 1,    0.97f, 1,    0.5f, 1,     0.99f,
                           1,     0.4f, 0.6f,  0.6f, 1,    0.95f, 0.95f};
    ent_tok T[N];
    memset(T, 0, sizeof T);
    for (size_t i = 0; i < N; i++) T[i].h = h[i];
    tg_scratch t = {0};
    assert_int_equal(weft_grow((void **)&t.lab, &t.caplab, N, sizeof *t.lab), 0);
    assert_int_equal(weft_grow((void **)&t.prob, &t.capprob, N, sizeof *t.prob), 0);
    memcpy(t.lab, lab0, sizeof lab0);
    memcpy(t.prob, prob, sizeof prob);
    assert_int_equal(tg_defer_to_sure(&t, T, N, 3), 0);
    assert_int_equal(t.lab[4], 3); /* "Ruch" LOC 0.5 beside two sure ORG: ORG */
    assert_int_equal(t.lab[0], 3);
    assert_int_equal(t.lab[6], 1); /* a sure span keeps its type */
    assert_int_equal(t.lab[8], 1); /* "Chorzow" PER 0.4 beside a sure LOC 0.99: LOC */
    /* "Kestrel Lane" ORG 0.6 beside a sure LOC 0.95: LOC, both tokens */
    assert_int_equal(t.lab[9], 1);
    assert_int_equal(t.lab[10], 2);
    assert_int_equal(t.lab[12], 1);
    /* no sure span of another type: nothing moves */
    const uint16_t lab1[4] = {5, 0, 1, 0};
    const float prob1[4] = {0.6f, 1, 0.8f, 1};
    ent_tok U[4];
    memset(U, 0, sizeof U);
    U[0].h = U[2].h = 7;
    memcpy(t.lab, lab1, sizeof lab1);
    memcpy(t.prob, prob1, sizeof prob1);
    assert_int_equal(tg_defer_to_sure(&t, U, 4, 3), 0);
    assert_int_equal(t.lab[0], 5);
    /* the unsure type's mentions together outweigh the sure one: they stay */
    const uint16_t lab2[6] = {5, 5, 5, 0, 3, 0};
    const float prob2[6] = {0.6f, 0.55f, 0.5f, 1, 0.92f, 1};
    ent_tok V[6];
    memset(V, 0, sizeof V);
    V[0].h = V[1].h = V[2].h = V[4].h = 9;
    memcpy(t.lab, lab2, sizeof lab2);
    memcpy(t.prob, prob2, sizeof prob2);
    assert_int_equal(tg_defer_to_sure(&t, V, 6, 3), 0);
    assert_int_equal(t.lab[0], 5);
    assert_int_equal(t.lab[2], 5);
    assert_int_equal(t.lab[4], 3);
    tg_scratch_free(&t);
}

/* ---- train, save, load, tag ---- */

typedef struct memfile {
    const char *name, *text;
} memfile;

static int mem_read(void *ud, const char *name, char **buf, size_t *len, char *err, size_t errlen) {
    for (const memfile *m = ud; m->name; m++)
        if (!strcmp(m->name, name)) {
            *len = strlen(m->text);
            *buf = malloc(*len + 1);
            assert_non_null(*buf);
            memcpy(*buf, m->text, *len + 1);
            return 0;
        }
    snprintf(err, errlen, "cannot open %s", name);
    return -1;
}

static void mem_release(void *ud, char *buf) {
    (void)ud;
    free(buf);
}

/* A small world: people, places and firms in a few sentence patterns. */
static char *synthetic(void) {
    static const char *per[] = {"Alice Smith", "Bob", "Carol Jones", "Dmitri", "Erin Walsh"};
    static const char *loc[] = {"Oslo", "Lima", "New Haven", "Kyoto", "Cape Town"};
    static const char *org[] = {"Acme Corp", "Globex", "Initech Ltd", "Umbrella", "Hooli Inc"};
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
#define PUT(...) n += (size_t)snprintf(s + n, cap - n, __VA_ARGS__)
#define ENT(name, type)                                                                            \
    do {                                                                                           \
        char tmp[64];                                                                              \
        snprintf(tmp, sizeof tmp, "%s", name);                                                     \
        int first = 1;                                                                             \
        for (char *w = strtok(tmp, " "); w; w = strtok(NULL, " "), first = 0)                      \
            PUT("%s %s-%s\n", w, first ? "B" : "I", type);                                         \
    } while (0)
    for (int d = 0; d < 5; d++) {
        PUT("-DOCSTART- O\n\n");
        for (int k = 0; k < 5; k++) {
            int i = (d + k) % 5, j = (d + 2 * k) % 5;
            ENT(per[i], "PER");
            PUT("flew to O\n");
            ENT(loc[j], "LOC");
            PUT("for O\n");
            ENT(org[(i + j) % 5], "ORG");
            PUT(". O\n\nthe O\nboss O\nof O\n");
            ENT(org[j], "ORG");
            PUT("met O\n");
            ENT(per[j], "PER");
            PUT("in O\n");
            ENT(loc[i], "LOC");
            PUT(". O\n\n");
        }
    }
    assert_true(n < cap - 1);
    return s;
#undef PUT
#undef ENT
}

/* Tags every document of the corpus with tm and scores it against its gold
 * tags. With a packed copy pm, each document is tagged again through it and
 * must come back with the same classes and probabilities to the bit. The
 * scratches keep the last document's state for the caller. */
static prf3 tag_corpus(const gaz *g, const cn_corpus *c, tg_model *tm, tg_model *pm, ner_scratch *s,
                       tg_scratch *t) {
    prf3 all = {0}, per[8];
    for (size_t k = 0; k < c->ndoc; k++) {
        const size_t nt = c->doc[k].ntok;
        assert_int_equal(analyse(g, c, &c->doc[k], s, t), 0);
        assert_int_equal(tg_tag(tm, s, t), 0);
        score_doc(c->tag + c->doc[k].tok, t->lab, nt, &all, per);
        if (!pm) continue;
        uint16_t *lab = malloc(nt * sizeof *lab);
        float *prob = malloc(nt * sizeof *prob);
        assert_non_null(lab);
        assert_non_null(prob);
        memcpy(lab, t->lab, nt * sizeof *lab);
        memcpy(prob, t->prob, nt * sizeof *prob);
        /* a token's probability is the final paths' weight share that agrees
         * with the best path, which weighs 1 of at most 4 (the others less) */
        for (size_t x = 0; x < nt; x++) {
            assert_true(prob[x] >= 0.25f - 1e-6f);
            assert_true(prob[x] <= 1.0f + 1e-6f);
        }
        assert_int_equal(tg_history_reset(t, s->ntok), 0); /* as the first tagging began */
        assert_int_equal(tg_tag(pm, s, t), 0);
        assert_memory_equal(lab, t->lab, nt * sizeof *lab);
        assert_memory_equal(prob, t->prob, nt * sizeof *prob);
        free(lab);
        free(prob);
    }
    return all;
}

static void test_train_then_tag(void **st) {
    (void)st;
    char *corpus = synthetic();
    memfile files[] = {{"syn.conll", corpus}, {"bad.conll", "a O\nb Q-X\n"}, {NULL, NULL}};
    ent_train_io io = {files, mem_read, mem_release};
    gaz g;
    gaz_init(&g);
    char path[] = "/tmp/weft-test-ner-XXXXXX", err[512] = "";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char *argv[] = {"--data", "syn.conll", "--dev", "syn.conll", "-o",
                    path,     "--seed",    "7",     "--epochs",  "20",
                    "--bits", "16",        "-q",    "--meta",    "licence=CC0-1.0"};
    if (ent_train(&g, NULL, &io, 15, argv, err, sizeof err)) fail_msg("%s", err);
    /* the file loads strictly and is a tagger model */
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 22];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    tg_model tm;
    memset(&tm, 0, sizeof tm);
    assert_int_equal(weft_lin_load(&tm.m, buf, n, err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&tm, err, sizeof err), 0);
    assert_string_equal(weft_lin_model_meta(&tm.m, "licence"), "CC0-1.0");
    assert_string_equal(weft_lin_model_meta(&tm.m, "seed"), "7");
    assert_string_equal(weft_lin_model_meta(&tm.m, "dev-f1"), "100.00");
    /* every entity of the corpus comes back, through the stage's own tg_tag */
    cn_corpus c = {0};
    assert_int_equal(read_str(&c, corpus, err, sizeof err), 0);
    assert_int_equal(cn_retype(&c, (char *const *)tm.type, tm.ntype, err, sizeof err), 0);
    ner_scratch s = {0};
    tg_scratch t = {0};
    prf3 all = tag_corpus(&g, &c, &tm, NULL, &s, &t);
    assert_true(all.tp > 100);
    assert_int_equal(all.fp, 0);
    assert_int_equal(all.fn, 0);
    /* the same seed writes the same bytes */
    char path2[] = "/tmp/weft-test-ner-XXXXXX";
    fd = mkstemp(path2);
    assert_true(fd >= 0);
    close(fd);
    argv[5] = path2;
    assert_int_equal(ent_train(&g, NULL, &io, 15, argv, err, sizeof err), 0);
    f = fopen(path2, "rb");
    assert_non_null(f);
    static char buf2[1 << 22];
    size_t n2 = fread(buf2, 1, sizeof buf2, f);
    fclose(f);
    assert_int_equal(n, n2);
    assert_memory_equal(buf, buf2, n);
    /* a bad training file: its name and line */
    char *bad[] = {"--data", "bad.conll", "-o", path2, "-q"};
    assert_int_equal(ent_train(&g, NULL, &io, 5, bad, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad.conll:2: bad tag 'Q-X'"));
    char *noout[] = {"--data", "syn.conll"};
    assert_int_equal(ent_train(&g, NULL, &io, 2, noout, err, sizeof err), -2); /* bad arguments */
    assert_non_null(strstr(err, "-o MODEL"));
    /* packed for tagging (tgpack.h), the same classes and probabilities to the bit */
    tg_model pm;
    memset(&pm, 0, sizeof pm);
    assert_int_equal(weft_lin_load(&pm.m, buf, n, err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&pm, err, sizeof err), 0);
    assert_int_equal(tg_model_pack(&pm), 0);
    assert_non_null(pm.pk.idx);
    assert_null(pm.m.w);
    tag_corpus(&g, &c, &tm, &pm, &s, &t);
    tg_model_free(&pm);
    remove(path);
    remove(path2);
    tg_model_free(&tm);
    cn_free(&c);
    ner_scratch_free(&s);
    tg_scratch_free(&t);
    gaz_free(&g);
    free(corpus);
}

/* Trained with a beam (--beam 4, early update), the model says so (meta
 * beam), is rebuilt byte for byte from the same seed, tags every entity of
 * its corpus back through tg_tag's beam, and tags the same, with the same
 * probabilities, once packed (integer sums, the transition table) as from
 * the float table. The split features are tg_features' own. */
/* Reads a model file written by ent_train. */
static void load_file(const char *path, weft_lin_model *m) {
    static char buf[1 << 22];
    char err[256] = "";
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (weft_lin_load(m, buf, n, err, sizeof err)) fail_msg("%s", err);
}

/* --runs N: N runs with seeds SEED.. and the mean of their weights; one
 * run is the plain trainer, the same bytes. */
static void test_train_runs(void **st) {
    (void)st;
    char *corpus = synthetic();
    memfile files[] = {{"syn.conll", corpus}, {NULL, NULL}};
    ent_train_io io = {files, mem_read, mem_release};
    gaz g;
    gaz_init(&g);
    char pa[] = "/tmp/weft-test-ner-XXXXXX", pb[] = "/tmp/weft-test-ner-XXXXXX",
         pm[] = "/tmp/weft-test-ner-XXXXXX", err[512] = "";
    char *paths[] = {pa, pb, pm};
    for (int k = 0; k < 3; k++) {
        int fd = mkstemp(paths[k]);
        assert_true(fd >= 0);
        close(fd);
    }
    char *argv[] = {"--data",   "syn.conll", "--dev",  "syn.conll", "-o", pa,       "--seed", "7",
                    "--epochs", "20",        "--bits", "16",        "-q", "--runs", "1"};
    if (ent_train(&g, NULL, &io, 15, argv, err, sizeof err)) fail_msg("%s", err);
    argv[5] = pb, argv[7] = "8";
    if (ent_train(&g, NULL, &io, 15, argv, err, sizeof err)) fail_msg("%s", err);
    argv[5] = pm, argv[7] = "7", argv[14] = "2";
    if (ent_train(&g, NULL, &io, 15, argv, err, sizeof err)) fail_msg("%s", err);
    argv[14] = "0";
    assert_int_equal(ent_train(&g, NULL, &io, 15, argv, err, sizeof err), -2);
    weft_lin_model a, b;
    tg_model tm;
    memset(&tm, 0, sizeof tm);
    load_file(pa, &a);
    load_file(pb, &b);
    load_file(pm, &tm.m);
    assert_int_equal(tg_model_bind(&tm, err, sizeof err), 0);
    assert_string_equal(weft_lin_model_meta(&tm.m, "runs"), "2");
    assert_string_equal(weft_lin_model_meta(&tm.m, "seed"), "7");
    assert_non_null(strchr(weft_lin_model_meta(&tm.m, "epochs"), ','));
    assert_null(weft_lin_model_meta(&a, "runs"));
    /* each weight the mean of the two runs', up to the rounding of the
     * three quantised files (half a unit each) */
    size_t differ = 0;
    for (size_t i = 0; i < weft_lin_nweights(&a); i++) {
        const float d = 2 * tm.m.w[i] - (a.w[i] + b.w[i]);
        assert_true(d <= 2.01f && d >= -2.01f);
        differ += a.w[i] != b.w[i];
    }
    assert_true(differ > 0); /* the two seeds learnt different weights */
    /* the mean model still tags its corpus without a mistake */
    cn_corpus c = {0};
    assert_int_equal(read_str(&c, corpus, err, sizeof err), 0);
    assert_int_equal(cn_retype(&c, (char *const *)tm.type, tm.ntype, err, sizeof err), 0);
    ner_scratch s = {0};
    tg_scratch t = {0};
    prf3 all = tag_corpus(&g, &c, &tm, NULL, &s, &t);
    assert_true(all.tp > 100);
    assert_int_equal(all.fp + all.fn, 0);
    cn_free(&c);
    ner_scratch_free(&s);
    tg_scratch_free(&t);
    tg_model_free(&tm);
    weft_lin_model_free(&a);
    weft_lin_model_free(&b);
    for (int k = 0; k < 3; k++) remove(paths[k]);
    gaz_free(&g);
    free(corpus);
}

static void test_train_beam_then_tag(void **st) {
    (void)st;
    char *corpus = synthetic();
    memfile files[] = {{"syn.conll", corpus}, {NULL, NULL}};
    ent_train_io io = {files, mem_read, mem_release};
    gaz g;
    gaz_init(&g);
    char path[] = "/tmp/weft-test-ner-XXXXXX", path2[] = "/tmp/weft-test-ner-XXXXXX", err[512] = "";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    fd = mkstemp(path2);
    assert_true(fd >= 0);
    close(fd);
    char *argv[] = {"--data",   "syn.conll", "--dev",  "syn.conll", "-o", path,     "--seed", "7",
                    "--epochs", "20",        "--bits", "16",        "-q", "--beam", "4"};
    if (ent_train(&g, NULL, &io, 15, argv, err, sizeof err)) fail_msg("%s", err);
    argv[5] = path2;
    if (ent_train(&g, NULL, &io, 15, argv, err, sizeof err)) fail_msg("%s", err);
    static char buf[1 << 22], buf2[1 << 22];
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    f = fopen(path2, "rb");
    assert_non_null(f);
    size_t n2 = fread(buf2, 1, sizeof buf2, f);
    fclose(f);
    assert_int_equal(n, n2);
    assert_memory_equal(buf, buf2, n);
    tg_model tm, pm;
    memset(&tm, 0, sizeof tm);
    memset(&pm, 0, sizeof pm);
    assert_int_equal(weft_lin_load(&tm.m, buf, n, err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&tm, err, sizeof err), 0);
    assert_int_equal(tm.beam, 4);
    assert_string_equal(weft_lin_model_meta(&tm.m, "dev-f1"), "100.00");
    assert_int_equal(weft_lin_load(&pm.m, buf, n, err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&pm, err, sizeof err), 0);
    assert_int_equal(tg_model_pack(&pm), 0);
    assert_non_null(pm.pk.idx);
    assert_non_null(pm.trans);
    cn_corpus c = {0};
    assert_int_equal(read_str(&c, corpus, err, sizeof err), 0);
    assert_int_equal(cn_retype(&c, (char *const *)tm.type, tm.ntype, err, sizeof err), 0);
    ner_scratch s = {0};
    tg_scratch t = {0};
    prf3 all = tag_corpus(&g, &c, &tm, &pm, &s, &t);
    assert_true(all.tp > 100);
    assert_int_equal(all.fp, 0);
    assert_int_equal(all.fn, 0);
    /* the split features are tg_features' own, in another order */
    const tg_tokf *F = t.f;
    weft_lin_fv a, b;
    weft_lin_fv_init(&a);
    weft_lin_fv_init(&b);
    assert_int_equal(tg_features(&t, F, 1, 0, 4, 3, 1, &a), 0);
    assert_int_equal(tg_features_static(&t, F, 1, 0, 4, &b), 0);
    assert_int_equal(tg_features_prev(&t, F, 1, 3, &b), 0);
    uint32_t id[2];
    tg_trans_ids(3, 1, id);
    assert_int_equal(weft_lin_fv_add(&b, id[0], 1.0f), 0);
    assert_int_equal(weft_lin_fv_add(&b, id[1], 1.0f), 0);
    assert_int_equal(a.n, b.n);
    for (size_t x = 0; x < a.n; x++) {
        int found = 0;
        for (size_t y = 0; y < b.n && !found; y++) found = a.f[x].id == b.f[y].id;
        assert_true(found);
    }
    /* the beam's fast path makes tg_features_prev's ids, class by class */
    const uint32_t cls[3] = {0, 3, 4};
    uint32_t pid[3 * TG_NPREV];
    tg_prev_ids(&t, &F[1], cls, 3, pid);
    for (uint32_t q = 0; q < 3; q++) {
        weft_lin_fv_clear(&b);
        assert_int_equal(tg_features_prev(&t, F, 1, cls[q], &b), 0);
        assert_int_equal(b.n, TG_NPREV);
        for (uint32_t k = 0; k < TG_NPREV; k++) assert_int_equal(b.f[k].id, pid[q * TG_NPREV + k]);
    }
    /* tg_prev_ids takes the hash of small rule values from the scratch's
     * table (TG_SMALLV), tg_features_prev hashes them: the same ids on
     * both sides of the table's end */
    const uint32_t rules[] = {0, 1, 7, TG_SMALLV - 1, TG_SMALLV, TG_SMALLV + 1, 1000, 0xFFFFFFFFu};
    for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
        tg_tokf X[2] = {F[0], F[1]};
        X[1].rule = rules[r];
        tg_prev_ids(&t, &X[1], cls, 3, pid);
        for (uint32_t q = 0; q < 3; q++) {
            weft_lin_fv_clear(&b);
            assert_int_equal(tg_features_prev(&t, X, 1, cls[q], &b), 0);
            for (uint32_t k = 0; k < TG_NPREV; k++)
                assert_int_equal(b.f[k].id, pid[q * TG_NPREV + k]);
        }
    }
    weft_lin_fv_free(&a);
    weft_lin_fv_free(&b);
    remove(path);
    remove(path2);
    tg_model_free(&tm);
    tg_model_free(&pm);
    cn_free(&c);
    ner_scratch_free(&s);
    tg_scratch_free(&t);
    gaz_free(&g);
    free(corpus);
}

/* Packed scores equal weft_lin_scores to the bit: integer weights, some
 * past 16 bits (the side table), repeated and colliding ids; a model that
 * would not score exactly is left unpacked. */
/* A model with more nonzero rows than a 16-bit index holds (a mean of
 * several runs' models has them) is packed too, and scores the same. */
static void test_packed_many_rows(void **st) {
    (void)st;
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 17, 9, NULL), 0);
    uint32_t r = 777;
    for (size_t row = 0; row < ((size_t)1 << 17); row++) {
        if (row % 8 == 0) continue; /* 114,688 nonzero rows */
        for (uint32_t c = 0; c < 9; c++) {
            r = r * 1103515245u + 12345u;
            m.w[row * 9 + c] = (float)((int32_t)((r >> 8) % 201) - 100);
        }
    }
    tg_packed p;
    assert_int_equal(tg_pack(&p, &m, TG_MAXF), 0);
    assert_true(p.nrow > 100000);
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    for (int round = 0; round < 100; round++) {
        weft_lin_fv_clear(&fv);
        for (int k = 0; k < 60; k++) {
            r = r * 1103515245u + 12345u;
            assert_int_equal(weft_lin_fv_add(&fv, r, 1.0f), 0);
        }
        float a[9], b[9];
        weft_lin_scores(&m, &fv, a);
        tg_packed_scores(&p, &fv, b);
        assert_memory_equal(a, b, sizeof a);
    }
    weft_lin_fv_free(&fv);
    tg_packed_free(&p);
    weft_lin_model_free(&m);
}

static void test_packed_scores(void **st) {
    (void)st;
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 10, 9, NULL), 0);
    uint32_t r = 12345;
    for (size_t i = 0; i < weft_lin_nweights(&m); i++) {
        r = r * 1103515245u + 12345u;
        uint32_t x = r >> 8;
        if (x % 4) continue; /* most rows zero, as trained */
        m.w[i] = (float)((int32_t)(x % 60001) - 30000);
        if (x % 97 == 0) m.w[i] *= 3.0f; /* past int16 */
    }
    for (uint32_t c = 0; c < 9; c++) m.bias[c] = (float)(100000 - 7777 * (int)c);
    tg_packed p;
    assert_int_equal(tg_pack(&p, &m, TG_MAXF), 0);
    assert_true(p.nbig > 0);
    assert_true(p.nrow > 1);
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    for (int round = 0; round < 200; round++) {
        weft_lin_fv_clear(&fv);
        for (int k = 0; k < round % TG_MAXF; k++) {
            r = r * 1103515245u + 12345u;
            assert_int_equal(weft_lin_fv_add(&fv, k % 5 == 4 ? fv.f[0].id : r, 1.0f), 0);
        }
        float a[9], b[9];
        weft_lin_scores(&m, &fv, a);
        tg_packed_scores(&p, &fv, b);
        assert_memory_equal(a, b, sizeof a);
    }
    tg_packed_free(&p);
    /* a weight that is not an integer, then sums that could pass 2^24 */
    m.w[3] = 0.5f;
    assert_int_equal(tg_pack(&p, &m, TG_MAXF), 1);
    assert_null(p.idx);
    m.w[3] = 200000.0f;
    assert_int_equal(tg_pack(&p, &m, TG_MAXF), 1);
    /* weights up to TGP_SMALL in size (int16 rows, summed in int16 lanes
     * a group at a time), many at the extremes, one row just past it (a
     * big row): the same row up to TG_MAXF times fills every lane of a
     * group to its limit */
    memset(m.w, 0, weft_lin_nweights(&m) * sizeof *m.w);
    for (size_t i = 0; i < weft_lin_nweights(&m); i++) {
        r = r * 1103515245u + 12345u;
        uint32_t x = r >> 8;
        if (x % 3) continue;
        m.w[i] = x % 5 == 0   ? (float)TGP_SMALL
                 : x % 5 == 1 ? -(float)TGP_SMALL
                              : (float)((int32_t)(x % (2 * TGP_SMALL + 1)) - TGP_SMALL);
    }
    for (uint32_t c = 0; c < 9; c++) m.w[9 * 7 + c] = c % 2 ? -(float)TGP_SMALL : (float)TGP_SMALL;
    m.w[9 * 5 + 2] = (float)(TGP_SMALL + 1);
    assert_int_equal(tg_pack(&p, &m, TG_MAXF), 0);
    assert_int_equal(p.nbig, 1);
    for (int round = 0; round < 300; round++) {
        weft_lin_fv_clear(&fv);
        for (int k = 0; k < round % (TG_MAXF + 1); k++) {
            r = r * 1103515245u + 12345u;
            uint32_t id = round % 3 == 0 ? 7u : round % 3 == 1 && k % 7 == 3 ? 5u : r;
            assert_int_equal(weft_lin_fv_add(&fv, id, 1.0f), 0);
        }
        float a[9], b[9], c[9] = {0}, d[9];
        weft_lin_scores(&m, &fv, a);
        tg_packed_scores(&p, &fv, b);
        assert_memory_equal(a, b, sizeof a);
        /* without the bias, onto other scores */
        for (uint32_t q = 0; q < 9; q++) c[q] = a[q] - m.bias[q] + 3.0f, d[q] = 3.0f;
        tg_packed_add(&p, &fv, d);
        assert_memory_equal(c, d, sizeof c);
        /* and from the ids alone onto a base, all TGP_STRIDE slots */
        uint32_t ids[TG_MAXF];
        float base[TGP_STRIDE], out[TGP_STRIDE];
        for (size_t k = 0; k < fv.n; k++) ids[k] = fv.f[k].id;
        for (uint32_t q = 0; q < TGP_STRIDE; q++) base[q] = (float)q - 4.0f;
        tg_packed_base_add(&p, ids, fv.n, base, out);
        for (uint32_t q = 0; q < 9; q++) c[q] = a[q] - m.bias[q] + base[q];
        assert_memory_equal(c, out, sizeof c);
        /* all TGP_STRIDE slots of the scores, 0 past the classes */
        float all[TGP_STRIDE];
        for (uint32_t q = 0; q < TGP_STRIDE; q++) all[q] = 99.0f;
        tg_packed_scores_all(&p, &fv, all);
        assert_memory_equal(a, all, sizeof a);
        for (uint32_t q = 9; q < TGP_STRIDE; q++) assert_true(all[q] == 0.0f);
    }
    /* three ids (a beam's previous-class features, its fast path): rows
     * at the int16 limits three times, the big row among them, and the
     * all-zero row, against the scores of the same vector */
    const uint32_t pick[] = {7u, 5u, 0u, 1u, 2u, 3u, 7u, 7u, 4u, 6u};
    for (int round = 0; round < 1000; round++) {
        uint32_t ids[3];
        weft_lin_fv_clear(&fv);
        for (int k = 0; k < 3; k++) {
            r = r * 1103515245u + 12345u;
            ids[k] = round % 4 == 3 ? r : pick[(r >> 8) % 10];
            assert_int_equal(weft_lin_fv_add(&fv, ids[k], 1.0f), 0);
        }
        float a[9], base[TGP_STRIDE], out[TGP_STRIDE], c[9];
        weft_lin_scores(&m, &fv, a);
        for (uint32_t q = 0; q < TGP_STRIDE; q++) base[q] = 0.25f * (float)q - 1.0f;
        tg_packed_base_add(&p, ids, 3, base, out);
        for (uint32_t q = 0; q < 9; q++) c[q] = a[q] - m.bias[q] + base[q];
        assert_memory_equal(c, out, sizeof c);
    }
    tg_packed_free(&p);
    weft_lin_fv_free(&fv);
    weft_lin_model_free(&m);
}

/* tg_features writes up to TG_MAXF features unchecked: the most it can
 * write (every gazetteer flag on a token and its neighbours, a phrase,
 * a history) stays within. */
/* The packed model's beam step (step_lean, beam.c) against the general
 * loop (a float table): the same tags and the same probabilities where
 * many paths tie. Weights of -1, 0 and 1 on a table of 256 rows (and a
 * model of zeros, where every path ties) give equal scores all along, so
 * offer()'s order (an equal score after the ones there, a state's first
 * candidate kept over an equal later one) decides; weights of -116000, 0
 * and 116000 (big rows, near the packing's bound) on tokens of many
 * features put paths millions apart (passing_lean's float test on large
 * differences); beams narrower and wider than the classes allowed after
 * a class, one type and four. */
static void test_beam_lean_ties(void **st) {
    (void)st;
    const char *types[] = {"LOC", "ORG", "PER", "MISC"};
    const uint32_t beams[] = {2, 4, 7, 16};
    uint32_t r = 12345;
    enum { NT = 60 };
    tg_tokf F[NT];
    memset(F, 0, sizeof F);
    for (int i = 0; i < NT; i++) {
        r = r * 1103515245u + 12345u;
        F[i].low = (r >> 8) % 5;
        F[i].raw = (r >> 12) % 3;
        F[i].shape = (r >> 16) % 4;
        F[i].rule = (r >> 20) % 3;
        F[i].cap = (r >> 24) & 1u;
        /* gazetteer flags and affixes: many features a token */
        r = r * 1103515245u + 12345u;
        F[i].gf = r >> 3;
        for (int k = 0; k < 4; k++) F[i].pre[k] = F[i].suf[k] = 1 + (r >> (k + 8)) % 3;
    }
    for (size_t nty = 1; nty <= 4; nty += 3) {
        for (int mode = 0; mode < 3; mode++) { /* -1/0/1, zeros, -1e5/0/1e5 */
            for (size_t b = 0; b < sizeof beams / sizeof *beams; b++) {
                tg_model tm, pm;
                assert_int_equal(tg_model_init(&tm, 8, nty, types), 0);
                assert_int_equal(tg_model_init(&pm, 8, nty, types), 0);
                const uint32_t nc = tm.m.nclass;
                for (size_t k = 0; k < weft_lin_nweights(&tm.m); k++) {
                    r = r * 1103515245u + 12345u;
                    tm.m.w[k] = pm.m.w[k] =
                        (float)(((int32_t)((r >> 8) % 3) - 1) * (mode == 2 ? 116000 : mode == 0));
                }
                for (uint32_t c = 0; c < nc; c++)
                    tm.m.bias[c] = pm.m.bias[c] = mode == 1 ? 0.0f : 1.0f;
                tm.beam = pm.beam = beams[b];
                assert_int_equal(tg_model_pack(&pm), 0);
                assert_non_null(pm.pk.idx);
                assert_non_null(pm.trans);
                tg_scratch t = {0};
                assert_int_equal(tg_history_reset(&t, NT), 0);
                /* sentences of 1, 2, 17 and 40 tokens */
                const uint32_t cut[] = {0, 1, 3, 20, NT};
                for (int q = 0; q + 1 < (int)(sizeof cut / sizeof *cut); q++) {
                    uint16_t lab[NT];
                    float prob[NT];
                    const uint32_t sb = cut[q], se = cut[q + 1];
                    assert_int_equal(tg_beam_sentence(&tm, &t, F, sb, se, NULL, NULL, 1), 0);
                    memcpy(lab, t.lab + sb, (se - sb) * sizeof *lab);
                    memcpy(prob, t.prob + sb, (se - sb) * sizeof *prob);
                    assert_int_equal(tg_beam_sentence(&pm, &t, F, sb, se, NULL, NULL, 1), 0);
                    assert_memory_equal(lab, t.lab + sb, (se - sb) * sizeof *lab);
                    assert_memory_equal(prob, t.prob + sb, (se - sb) * sizeof *prob);
                }
                tg_scratch_free(&t);
                tg_model_free(&tm);
                tg_model_free(&pm);
            }
        }
    }
}

static void test_features_bound(void **st) {
    (void)st;
    tg_tokf F[3];
    memset(F, 0, sizeof F);
    for (int i = 0; i < 3; i++) {
        F[i].gf = 0xFFFFFFFFu;
        F[i].phr = 3;
        F[i].cap = 1;
        F[i].wrun = 1;
        F[i].low = 77 + (uint32_t)i;
        F[i].wss = F[i].wcls = F[i].wrhead = F[i].wrnext = F[i].wrprev = 5;
        for (int k = 0; k < 4; k++) F[i].pre[k] = F[i].suf[k] = 1 + (uint32_t)k;
    }
    tg_scratch t = {0};
    gaz wn; /* the WordNet templates read only that a table is set */
    gaz_init(&wn);
    t.wn = &wn;
    t.wordcase = 1;
    assert_int_equal(tg_history_reset(&t, 3), 0);
    tg_history_note(&t, &F[1], 7);
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    assert_int_equal(tg_features(&t, F, 1, 0, 3, 1, 2, &fv), 0);
    assert_true(fv.n > 100);
    assert_true(fv.n <= TG_MAXF_BASE + TG_MAXF_WN + TG_MAXF_WC);
    assert_true(fv.n <= TG_MAXF);
    weft_lin_fv_free(&fv);
    tg_scratch_free(&t);
    gaz_free(&wn);
}

static void test_model_bind_rejects(void **st) {
    (void)st;
    const char *wrong = "weft-linear 1\nmeta features other-1\nclasses 3 O B-X I-X\nbits 8\n"
                        "bias 0 0 0\nend\n";
    const char *layout = "weft-linear 1\nmeta features " TG_FEATURES "\nclasses 3 O I-X B-X\n"
                         "bits 8\nbias 0 0 0\nend\n";
    char err[256];
    tg_model tm;
    memset(&tm, 0, sizeof tm);
    assert_int_equal(weft_lin_load(&tm.m, wrong, strlen(wrong), err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&tm, err, sizeof err), -1);
    assert_non_null(strstr(err, "features 'other-1'"));
    tg_model_free(&tm);
    /* a model of an older feature set (the word list without WordNet) is
     * refused, and the message says what to do */
    const char *old = "weft-linear 1\nmeta features entities-tagger-3+wordcase\nclasses 3 O B-X "
                      "I-X\nbits 8\nbias 0 0 0\nend\n";
    assert_int_equal(weft_lin_load(&tm.m, old, strlen(old), err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&tm, err, sizeof err), -1);
    assert_non_null(strstr(err, "features 'entities-tagger-3+wordcase'"));
    assert_non_null(strstr(err, "retrain"));
    tg_model_free(&tm);
    /* both sets: the word list's flag set */
    const char *both = "weft-linear 1\nmeta features " TG_FEATURES_WC "\nclasses 3 O B-X "
                       "I-X\nbits 8\nbias 0 0 0\nend\n";
    assert_int_equal(weft_lin_load(&tm.m, both, strlen(both), err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&tm, err, sizeof err), 0);
    assert_int_equal(tm.wordcase, 1);
    tg_model_free(&tm);
    assert_int_equal(weft_lin_load(&tm.m, layout, strlen(layout), err, sizeof err), 0);
    assert_int_equal(tg_model_bind(&tm, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a B-X I-X pair"));
    tg_model_free(&tm);
    /* a beam the decoder does not offer */
    const char *beams[] = {"0", "17", "4x"};
    for (int i = 0; i < 3; i++) {
        char m[256];
        snprintf(m, sizeof m,
                 "weft-linear 1\nmeta features " TG_FEATURES "\nmeta beam %s\n"
                 "classes 3 O B-X I-X\nbits 8\nbias 0 0 0\nend\n",
                 beams[i]);
        assert_int_equal(weft_lin_load(&tm.m, m, strlen(m), err, sizeof err), 0);
        assert_int_equal(tg_model_bind(&tm, err, sizeof err), -1);
        assert_non_null(strstr(err, "bad meta beam"));
        tg_model_free(&tm);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conll_iob1_and_docs),
        cmocka_unit_test(test_conll_sentences_as_docs),
        cmocka_unit_test(test_conll_errors),
        cmocka_unit_test(test_conll_retype),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_text_cache),
        cmocka_unit_test(test_wordnet_load),
        cmocka_unit_test(test_wordnet_features),
        cmocka_unit_test(test_wordcase),
        cmocka_unit_test(test_best_obeys_bio),
        cmocka_unit_test(test_decide_continues),
        cmocka_unit_test(test_defer_to_sure),
        cmocka_unit_test(test_train_then_tag),
        cmocka_unit_test(test_train_beam_then_tag),
        cmocka_unit_test(test_train_runs),
        cmocka_unit_test(test_model_bind_rejects),
        cmocka_unit_test(test_packed_scores),
        cmocka_unit_test(test_packed_many_rows),
        cmocka_unit_test(test_features_bound),
        cmocka_unit_test(test_beam_lean_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
