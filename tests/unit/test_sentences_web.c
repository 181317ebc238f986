/*
 * The tokenizer's learned sentence boundaries on the classes of web text
 * that issue 15's held-out halves of UD EWT dev miss (mail signatures and
 * headers, separators, source credits, lists run into a line): the feature
 * functions on their own, and sentences through the shipped model. The
 * texts are written for these tests, not taken from UD. Run from the
 * repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tokenizer/abbrev.c"
#include "tokenizer/sentences.c"
#include "tokenizer/sentmodel.c"
#include "tokenizer/tokens.c"
#include "tokenizer/wordbreak.c"

typedef struct rec {
    uint32_t begin, end; /* first, like weft_ann: tok_seq reads them by stride */
} rec;

/* A text, its tokens and (after segment) its sentences. */
typedef struct doc {
    const char *text;
    rec *r;
    uint16_t *info;
    size_t n, cap;
    rec *sent;
    size_t ns, scap;
    tok_seq q;
} doc;

static int collect(void *ctx, uint32_t b, uint32_t e, unsigned info) {
    doc *d = ctx;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->r = realloc(d->r, d->cap * sizeof *d->r);
        d->info = realloc(d->info, d->cap * sizeof *d->info);
        assert_non_null(d->r);
        assert_non_null(d->info);
    }
    d->r[d->n] = (rec){b, e};
    d->info[d->n++] = (uint16_t)info;
    return 0;
}

static int collect_sent(void *ctx, uint32_t b, uint32_t e) {
    doc *d = ctx;
    if (d->ns == d->scap) {
        d->scap = d->scap ? d->scap * 2 : 16;
        d->sent = realloc(d->sent, d->scap * sizeof *d->sent);
        assert_non_null(d->sent);
    }
    d->sent[d->ns++] = (rec){b, e};
    return 0;
}

static tok_abbrev abbr; /* built once in the group setup, read-only */
static weft_lin_model model;

static int group_setup(void **state) {
    (void)state;
    char err[256];
    if (tok_abbrev_init(&abbr, NULL, 0, err, sizeof err)) return -1;
    FILE *f = fopen("plugins/tokenizer/data/sentence-model.txt", "rb");
    if (!f) return -1;
    static char buf[4 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n == 0 || n == sizeof buf || weft_lin_load(&model, buf, n, err, sizeof err)) return -1;
    const char *fs = weft_lin_model_meta(&model, "features");
    return fs && !strcmp(fs, TOK_SENT_FEATURES) ? 0 : -1;
}

static int group_teardown(void **state) {
    (void)state;
    tok_abbrev_free(&abbr);
    weft_lin_model_free(&model);
    return 0;
}

static void tokenize(doc *d, const char *text) {
    memset(d, 0, sizeof *d);
    d->text = text;
    tok_opts o = {.ptb = 0, .refine = 1, .hyphens = TOK_HYPHENS_AUTO, .abbrev = &abbr};
    size_t len = strlen(text);
    assert_int_equal(tok_scan(&o, (const unsigned char *)text, len, collect, d), 0);
    d->q = (tok_seq){(const unsigned char *)text, len, d->r, sizeof *d->r, d->n, d->info};
}

static void doc_free(doc *d) {
    free(d->r);
    free(d->info);
    free(d->sent);
    memset(d, 0, sizeof *d);
}

/* The first token at byte offset of the first occurrence of s. */
static size_t token_at(const doc *d, const char *s) {
    const char *p = strstr(d->text, s);
    assert_non_null(p);
    uint32_t b = (uint32_t)(p - d->text);
    for (size_t i = 0; i < d->n; i++)
        if (d->r[i].begin == b) return i;
    fail_msg("no token starts at \"%s\"", s);
    return 0;
}

/* The text's sentences through the shipped model, newlines = auto, as
 * "sentence|sentence|...", compared with want. */
/* The sentences of d, joined by "|", against want; frees d. */
static int sentences_are(doc *d, const char *text, const char *want, const char *how) {
    size_t cap = strlen(text) + 2 * d->ns + 1;
    char *got = malloc(cap), *p = got;
    assert_non_null(got);
    *p = '\0';
    for (size_t i = 0; i < d->ns; i++)
        p += sprintf(p, "%s%.*s", i ? "|" : "", (int)(d->sent[i].end - d->sent[i].begin),
                     text + d->sent[i].begin);
    int ok = !strcmp(got, want);
    if (!ok) print_error("%sinput: %s\n  got:  %s\n  want: %s\n", how, text, got, want);
    free(got);
    doc_free(d);
    return ok;
}

static int expect(const char *text, const char *want) {
    doc d;
    tokenize(&d, text);
    tok_learn l;
    tok_learn_init(&l);
    assert_int_equal(tok_sentences_learned(&d.q, TOK_NL_AUTO, &model, &l, collect_sent, &d), 0);
    tok_learn_free(&l);
    return sentences_are(&d, text, want, "");
}

/* alone_before: a sentence of signs or one bracketed group before the gap. */
static void test_alone_before(void **state) {
    (void)state;
    doc d;
    tokenize(&d, "It rained all day.\n-- Posted by Ann (Local News) Rain is back (again) now");
    size_t posted = token_at(&d, "Posted"), local = token_at(&d, "(Local");
    size_t rain = token_at(&d, "Rain"), now = token_at(&d, "now");
    /* "--" alone since the line start */
    assert_int_equal(alone_before(&d.q, posted, posted - token_at(&d, "--")), 1);
    /* "(Local News)" alone */
    assert_int_equal(alone_before(&d.q, rain, rain - local), 2);
    /* a sentence with words, and one that only ends in a bracket */
    assert_int_equal(alone_before(&d.q, local, local - posted), 0);
    assert_int_equal(alone_before(&d.q, now, now - rain), 0);
    /* after a word, a bracket too long, no sentence */
    assert_int_equal(alone_before(&d.q, now - 1, 2), 0);
    assert_int_equal(alone_before(&d.q, rain, ALONE_MAX + 1), 0);
    assert_int_equal(alone_before(&d.q, rain, rain + 1), 0);
    assert_int_equal(alone_before(&d.q, rain, 0), 0);
    doc_free(&d);
}

/* Separators and credits stand alone; the shipped model learns it. */
static void test_alone_sentences(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("We will see what the court says.\n-- Posted by Mary Smith to Notes at 4:12 PM",
                 "We will see what the court says.|--|Posted by Mary Smith to Notes at 4:12 PM");
    ok &= expect("Best regards, Tom\n________________ Get your free copy of the report today.",
                 "Best regards, Tom|________________|Get your free copy of the report today.");
    /* a source credit in brackets before the story it credits */
    ok &= expect(
        "More trains will run from May. (City Desk) The mayor opened the new station today.",
        "More trains will run from May.|(City Desk)|The mayor opened the new station today.");
    ok &= expect("Thanks for the photos!\n--\nSent by Lee from the farm office",
                 "Thanks for the photos!|--|Sent by Lee from the farm office");
    assert_true(ok);
}

/* A name a transcript sets on its own lines is no boundary in running
 * text: repeated lines are not a sentence cue by themselves. */
static void test_repeated_lines_in_prose(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Jane Doe\nWhat did you see?\nJohn Smith\nI saw the lights.\nJane Doe\n"
                 "And then?\nJohn Smith\nThe police told Jane Doe Wednesday that they met.",
                 "Jane Doe|What did you see?|John Smith|I saw the lights.|Jane Doe|And then?|"
                 "John Smith|The police told Jane Doe Wednesday that they met.");
    assert_true(ok);
}

/* No sentence ends on an opening bracket, whatever the model says. */
static void test_no_end_on_opener(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Tim Henman ( Britain ) beat Doug Flach ( United States ) 6-3 6-2",
                 "Tim Henman ( Britain ) beat Doug Flach ( United States ) 6-3 6-2");
    ok &= expect("Red Star ( Yugoslavia ) beat Dinamo ( Russia )",
                 "Red Star ( Yugoslavia ) beat Dinamo ( Russia )");
    assert_true(ok);
}

/* A numbered list run into a line: "1)" after a word, with "2)" after a
 * word later on the line, starts the list; numbers in running text and
 * markers after "and" do not. */
static void test_inline_list(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("We stay in Rome for three days 1) what hotel is near the station 2) I would "
                 "like a quiet room 3) also want a cheap tour",
                 "We stay in Rome for three days|1) what hotel is near the station|2) I would "
                 "like a quiet room|3) also want a cheap tour");
    ok &= expect("My questions 1.) where do I park 2.) how much is it",
                 "My questions|1.) where do I park|2.) how much is it");

    /* one marker, no list */
    ok &= expect("Take exit 1) and go north", "Take exit 1) and go north");
    /* the second marker after a joiner: parts of one sentence */
    ok &= expect("There are two reasons 1) cost and 2) time.",
                 "There are two reasons 1) cost and 2) time.");
    ok &= expect("We booked rooms 1) and 2) for the week.",
                 "We booked rooms 1) and 2) for the week.");
    /* after a colon the list is the sentence's own */
    ok &= expect("Two reasons: 1) cost 2) time.", "Two reasons: 1) cost 2) time.");
    assert_true(ok);
    /* "1." and "2." after words are ordinals as often (German "1. und 2."):
     * no list; "1)" and "2)" are one */
    doc d;
    tokenize(&d, "Lehrstoff 1. und 2. Semester");
    assert_int_equal(inline_list(&d.q, token_at(&d, "1.")), 0);
    doc_free(&d);
    tokenize(&d, "Lehrstoff 1) und 2) Semester");
    assert_int_equal(inline_list(&d.q, token_at(&d, "1)")), 1);
    doc_free(&d);
}

/* In Title Case every word is capitalised: a sentence starter there ("On",
 * "We", "The") is no sign of a new sentence. */
static void test_title_case(void **state) {
    (void)state;
    doc d;
    tokenize(&d, "Great Work You And Your Crew Have Done On Our New Roof Today. Anna Brown These "
                 "look fine. We Are Happy");
    assert_int_equal(title_run(&d.q, token_at(&d, "On")), 1);
    /* lower case after the starter, or fewer than two capitalised words
     * before it, or a line break: not a run */
    assert_int_equal(title_run(&d.q, token_at(&d, "These")), 0);
    assert_int_equal(title_run(&d.q, token_at(&d, "We")), 0);
    assert_int_equal(title_run(&d.q, token_at(&d, "Great")), 0);
    doc_free(&d);
    int ok = 1;
    ok &= expect("Thanks For The Fast Service And Great Job You And Your Team Have Done On Our "
                 "New Roof, The Tiles On The Side Look Great And The Power We Are Making Is "
                 "Great",
                 "Thanks For The Fast Service And Great Job You And Your Team Have Done On Our "
                 "New Roof, The Tiles On The Side Look Great And The Power We Are Making Is "
                 "Great");
    assert_true(ok);
}

/* Separator rules: four or more of one of _ = * - ~ # between white space
 * stand alone, before and after. */
static void test_separators(void **state) {
    (void)state;
    doc d;
    tokenize(&d, "Call me on Monday ==================== Get the report. He paused --- then "
                 "left ----== Posted");
    size_t rule = token_at(&d, "===="), get = token_at(&d, "Get");
    assert_true(sep_start(&d.q, rule));
    assert_true(sep_to(&d.q, E(&d.q, get - 1)));
    /* three dashes are a dash; a mixed run is no rule */
    size_t dash = token_at(&d, "---");
    assert_false(sep_start(&d.q, dash));
    assert_false(sep_to(&d.q, E(&d.q, dash)));
    assert_false(sep_start(&d.q, token_at(&d, "----==")));
    assert_false(sep_to(&d.q, E(&d.q, token_at(&d, "Posted") - 1)));
    doc_free(&d);
    /* glued to a word: no rule */
    tokenize(&d, "name____ here");
    assert_false(sep_to(&d.q, E(&d.q, token_at(&d, "here") - 1)));
    doc_free(&d);
    int ok = 1;
    ok &= expect("Call me on Monday for the details ==================== The next meeting is in "
                 "May.",
                 "Call me on Monday for the details|====================|The next meeting is in "
                 "May.");
    ok &= expect("See you at the lake, Tom tom@example.org ______________ Get your free mail "
                 "account today",
                 "See you at the lake, Tom tom@example.org|______________|Get your free mail "
                 "account today");
    ok &= expect("Sales rose in March.\n**********\nThe next report is due in June.",
                 "Sales rose in March.|**********|The next report is due in June.");
    /* a dash inside a sentence is no separator */
    ok &= expect("He paused --- then he left the room.", "He paused --- then he left the room.");
    assert_true(ok);
}

static int credit(const doc *d, const char *open, const char *next) {
    size_t b = token_at(d, open), k = token_at(d, next);
    tok_cand_info c = {k, TC_TRANS, 0, 0, k - b, 0, TOK_SW_UNKNOWN};
    return credit_before(&d->q, &c);
}

/* A bracketed credit or stage direction that stands alone is a sentence
 * of its own; a bracketed list marker is not. */
static void test_credits(void **state) {
    (void)state;
    doc d;
    tokenize(&d, "(Harbour News) The ferry is late. (Applause.) But we go on. (a) The fee is due. "
                 "(iv) The form is new. (2) The end. (see http://example.org/x) Then we ate. "
                 "(A) The last. (Lake Times) more text");
    assert_true(credit(&d, "(Harbour", "The ferry"));
    assert_true(credit(&d, "(Applause", "But"));
    assert_true(credit(&d, "(see", "Then"));
    assert_false(credit(&d, "(a)", "The fee"));
    assert_false(credit(&d, "(iv)", "The form"));
    assert_false(credit(&d, "(2)", "The end"));
    assert_false(credit(&d, "(A)", "The last"));
    /* before a lower-case word: no credit */
    assert_false(credit(&d, "(Lake", "more"));
    doc_free(&d);
    int ok = 1;
    ok &= expect("The storm hit the coast on Monday. (Weather Desk) Officials said the roads were "
                 "closed.",
                 "The storm hit the coast on Monday.|(Weather Desk)|Officials said the roads were "
                 "closed.");
    ok &= expect("[http://example.org/news/storm.html] (Coast Herald) \"We are ready,\" the mayor "
                 "said.",
                 "[http://example.org/news/storm.html]|(Coast Herald)|\"We are ready,\" the mayor "
                 "said.");
    assert_true(ok);
}

/* No sentence starts on a closing bracket: it closes the one before. */
static void test_no_start_on_closer(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Where should we go? (We land at noon and fly home the next day. ) Take the "
                 "tram to the old town.",
                 "Where should we go?|(We land at noon and fly home the next day. )|Take the "
                 "tram to the old town.");
    ok &= expect("It works [see the notes. ] and it is cheap.",
                 "It works [see the notes. ] and it is cheap.");
    assert_true(ok);
}

/* No boundary inside a list marker ("2) The", "1.) The"), after a line
 * start or a word, where the rules go on after the marker and the model
 * would weigh a bracket before a capital as a transition. */
static void test_inside_marker(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Two reasons 1) The price is low 2) The food is good.",
                 "Two reasons|1) The price is low|2) The food is good.");
    ok &= expect("Steps:\n1) Open the box.\n2) Lift the lid.",
                 "Steps:|1) Open the box.|2) Lift the lid.");
    ok &= expect("We need 1.) Tents 2.) Stoves", "We need|1.) Tents|2.) Stoves");
    assert_true(ok);
}

/* "ext." takes a number: no boundary between them. */
static void test_extension(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Thank you.\nAnna Berg ext. 4412", "Thank you.|Anna Berg ext. 4412");
    ok &= expect("Ask for Tom on Ext. 20 when you arrive.",
                 "Ask for Tom on Ext. 20 when you arrive.");
    assert_true(ok);
}

/* A postscript mark starts the sentence after it; it is none of its own. */
static void test_postscript(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("See you in May.\nAnna\nP.S. I found your scarf in the car.",
                 "See you in May.|Anna|P.S. I found your scarf in the car.");
    ok &= expect("Good luck with the move! PS. Send me the new address.",
                 "Good luck with the move!|PS. Send me the new address.");
    ok &= expect("Talk soon.\nPS -- There is cake in the kitchen.",
                 "Talk soon.|PS -- There is cake in the kitchen.");
    assert_true(ok);
    doc d;
    tokenize(&d, "PS: Bring the maps. PSS. No. PS, Tom Here. ps - Yes");
    tok_cand_info c = {token_at(&d, "Bring"), TC_PUNCT, 0, 0, 2, 0, TOK_SW_UNKNOWN};
    assert_true(postscript_before(&d.q, &c));
    /* "PSS" is no mark, nor "PS," */
    c.k = token_at(&d, "No");
    assert_false(postscript_before(&d.q, &c));
    c.k = token_at(&d, "Tom");
    assert_false(postscript_before(&d.q, &c));
    c.k = token_at(&d, "Yes");
    c.since = 2;
    assert_true(postscript_before(&d.q, &c));
    /* a sentence that only ends in "PS" */
    c.k = token_at(&d, "Tom");
    c.since = 6;
    assert_false(postscript_before(&d.q, &c));
    doc_free(&d);
}

/* A sentence starter glued to a hyphen is part of a compound. */
static void test_compound_starter(void **state) {
    (void)state;
    doc d;
    tokenize(&d, "the Enron On-Line desk; We - they");
    assert_true(compound_at(&d.q, token_at(&d, "On-")));
    assert_false(compound_at(&d.q, token_at(&d, "We")));
    doc_free(&d);
    int ok = 1;
    ok &= expect("Access to the Gas segment of Enron On-Line was cut off this morning.",
                 "Access to the Gas segment of Enron On-Line was cut off this morning.");
    assert_true(ok);
}

/* A short quotation inside a sentence before a capitalised word: a
 * nickname or a title, the sentence goes on; a quoted sentence with its
 * terminator, a bracket, a line break or a long quotation still end it. */
static void test_inner_quote(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Harold \"Junior\" Baptiste played for the Reds in 1987.",
                 "Harold \"Junior\" Baptiste played for the Reds in 1987.");
    ok &= expect("The film \"Dust Road\" Opened in Leeds last week.",
                 "The film \"Dust Road\" Opened in Leeds last week.");
    ok &= expect("He said \"no\" Monday and walked out.", "He said \"no\" Monday and walked out.");
    ok &= expect("She wrote \"Stop.\" Then she left the room.",
                 "She wrote \"Stop.\"|Then she left the room.");
    assert_true(ok);
    doc d;
    tokenize(&d, "a \"b\" C; a (b) C; x\n\"b\" C; a \"b c d e f\" C");
    tok_cand_info c = {0};
    c.type = TC_TRANS;
    size_t want[] = {1, 0, 0, 0};
    /* each C in turn: only the first is after a short inner quotation */
    size_t seen = 0;
    for (size_t i = 0; i < d.n; i++)
        if (d.text[d.r[i].begin] == 'C') {
            c.k = i;
            assert_int_equal(inner_quote_before(&d.q, &c), want[seen]);
            seen++;
        }
    assert_int_equal(seen, 4);
    doc_free(&d);
}

/* A web or mail address, then a capitalised word on its line: the
 * address ended the sentence. */
static void test_address_end(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("The moulds are sold at http://example.com/moulds/start.html It is a good "
                 "place to begin.",
                 "The moulds are sold at http://example.com/moulds/start.html|It is a good "
                 "place to begin.");
    ok &= expect("Write to me at anna.berg@example.org Groups: garden, birds",
                 "Write to me at anna.berg@example.org|Groups: garden, birds");
    /* a lower-case word after an address goes on */
    ok &= expect("Go to http://example.com/help and look for the form.",
                 "Go to http://example.com/help and look for the form.");
    assert_true(ok);
    doc d;
    tokenize(&d, "see http://example.com/a It is; mail bob@example.org\nThanks");
    tok_cand_info c = {token_at(&d, "It"), TC_TRANS, 0, 0, 3, 0, TOK_SW_UNKNOWN};
    assert_true(address_end(&d.q, &c));
    /* a line break is the line model's to decide */
    c.k = token_at(&d, "Thanks");
    assert_false(address_end(&d.q, &c));
    doc_free(&d);
}

/* No sentence ends on a currency sign, nor on a closing bracket before a
 * number on its line (results tables, phone lists). */
static void test_amounts(void **state) {
    (void)state;
    doc d;
    tokenize(&d, "fined $ 1,000 ; ( Kenya ) 12.71 seconds ; (Home) 555-0199 ; (ok)\n7 ; "
                 "\xe2\x82\xac 5 and \xc2\xa3 8 ; ( Peru ) Lima");
    assert_true(amount_after(&d.q, token_at(&d, "1,000")));
    assert_true(amount_after(&d.q, token_at(&d, "12.71")));
    assert_true(amount_after(&d.q, token_at(&d, "555")));
    assert_true(amount_after(&d.q, token_at(&d, "5 and")));
    assert_true(amount_after(&d.q, token_at(&d, "8 ;")));
    /* a line break, or a word after the bracket */
    assert_false(amount_after(&d.q, token_at(&d, "7 ;")));
    assert_false(amount_after(&d.q, token_at(&d, "Lima")));
    doc_free(&d);
    int ok = 1;
    ok &= expect("Ann Lee ( Kenya ) 12.71 seconds , Mia Berg ( Norway ) 12.80 seconds",
                 "Ann Lee ( Kenya ) 12.71 seconds , Mia Berg ( Norway ) 12.80 seconds");
    ok &= expect("The club was fined $ 2,500 ( 1,900 euros ) for the delay .",
                 "The club was fined $ 2,500 ( 1,900 euros ) for the delay .");
    assert_true(ok);
}

/* A number after a relation or approximation sign is the sign's operand:
 * no sentence starts at it. A period after the number still ends one. */
static void test_relation_signs(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("They measured a value of ~ 20 kg in the sample.",
                 "They measured a value of ~ 20 kg in the sample.");
    ok &= expect("We found p > 0.05 in all groups.", "We found p > 0.05 in all groups.");
    ok &= expect("Set x = 12 here and rerun it.", "Set x = 12 here and rerun it.");
    ok &= expect("It holds for n < 8 and for n ≥ 20 as well.",
                 "It holds for n < 8 and for n ≥ 20 as well.");
    ok &= expect("The mean was x = 3. 5 runs failed.", "The mean was x = 3.|5 runs failed.");
    /* a ">" glued to an address closes it */
    ok &= expect("From: Ann Lee <ann@example.org> 04/11/2003 10:15 AM",
                 "From: Ann Lee <ann@example.org>|04/11/2003 10:15 AM");
    assert_true(ok);
}

/* A period after a short form, before a lower-case word, ends no sentence;
 * after an ordinary word it may (informal text). */
static void test_short_form_lower(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("It weighs approx. two kilos now.", "It weighs approx. two kilos now.");
    ok &=
        expect("The min. wage went up. Prices did too.", "The min. wage went up.|Prices did too.");
    ok &= expect("Ask the bldg. manager or the mgmt. office first.",
                 "Ask the bldg. manager or the mgmt. office first.");
    ok &= expect("Buy fruit, e.g. apples, incl. pears, and us vs. them.",
                 "Buy fruit, e.g. apples, incl. pears, and us vs. them.");
    ok &= expect("It took 5 min. Then we left.", "It took 5 min.|Then we left.");
    /* in text written in lower case a clause after the short form starts a
     * sentence: a pronoun, "then", "so" ("npm", "hmph", "max" end it) */
    ok &= expect("I installed it with npm. then it broke again.",
                 "I installed it with npm.|then it broke again.");
    ok &= expect("ugh hmph. whatever you say", "ugh hmph.|whatever you say");
    ok &= expect("Turn it up to the max. it is so good", "Turn it up to the max.|it is so good");
    ok &= expect("I need the pdf. can you send it", "I need the pdf.|can you send it");
    ok &= expect("It is approx. a third of it.", "It is approx. a third of it.");
    /* a unit's short form after a number, before a lower-case word or
     * another short form: no sentence end ("bn", "kg", "mio"); a clause
     * opener or a capital after it still starts one */
    ok &= expect("He earned $3.5 bn. vs. $2 bn. last year.",
                 "He earned $3.5 bn. vs. $2 bn. last year.");
    ok &= expect("It cost 5 kg. vs. 3 kg. in May.", "It cost 5 kg. vs. 3 kg. in May.");
    ok &= expect("The budget rose to 40 mio. last year.", "The budget rose to 40 mio. last year.");
    ok &= expect("Sales hit 3 mn. units in May.", "Sales hit 3 mn. units in May.");
    ok &= expect("I ran 10 km. it was fun", "I ran 10 km.|it was fun");
    ok &= expect("It took 5 km. Then we rested.", "It took 5 km.|Then we rested.");
    ok &= expect("we got 2 smh. my dad was mad", "we got 2 smh.|my dad was mad");
    assert_true(ok);
}

/* A numbered list run into a line after a colon, items capitalised: each
 * item from its number on is a sentence, the first with the colon's
 * sentence. Lower-case items after a colon stay one sentence. */
static void test_colon_list(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Shopping: 1. Bread and jam 2. Fresh milk 3. Green tea",
                 "Shopping: 1. Bread and jam|2. Fresh milk|3. Green tea");
    ok &= expect("Steps: 1. Open the box. 2. Take out the radio. 3. Plug it in.",
                 "Steps: 1. Open the box.|2. Take out the radio.|3. Plug it in.");
    ok &= expect("1. Wash the cups 2. Dry the plates", "1. Wash the cups|2. Dry the plates");
    ok &= expect("Two reasons: 1) cost 2) time.", "Two reasons: 1) cost 2) time.");
    /* one marker, no list: the period after the number ends a sentence */
    ok &= expect("Score: 3. Then we left.", "Score: 3.|Then we left.");
    /* after a colon an item may open with a quote or a number */
    ok &= expect("Options: 1. \"Red\" 2. \"Blue\"", "Options: 1. \"Red\"|2. \"Blue\"");
    ok &= expect("Agenda: 1. 2024 budget 2. 2025 plan", "Agenda: 1. 2024 budget|2. 2025 plan");
    assert_true(ok);
    doc d;
    tokenize(&d, "Plan: 1. Eat and 2. Sleep");
    size_t last;
    assert_int_equal(run_in_list(&d.q, token_at(&d, "1."), &last), 0);
    doc_free(&d);
}

/* A numbered list run into a line after an ordinary word, items
 * capitalised: each item from its number on is a sentence. A number that
 * ends a sentence, a reference ("chapter 1 ... chapter 2") and German
 * ordinals stay as they were. */
static void test_run_in_list(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("my list 1. First item 2. Second item", "my list 1. First item|2. Second item");
    ok &= expect("Things to pack 1. Warm socks 2. A torch 3. Maps",
                 "Things to pack 1. Warm socks|2. A torch|3. Maps");
    /* a sentence starter after the number: the number ended a sentence */
    ok &= expect("See chapter 1. Then read chapter 2. Then stop.",
                 "See chapter 1.|Then read chapter 2.|Then stop.");
    ok &= expect("We won game 1. Next we lost game 2. Sad.",
                 "We won game 1.|Next we lost game 2.|Sad.");
    ok &= expect("Page 1. Next page 2. Done.", "Page 1.|Next page 2.|Done.");
    /* a number after a verb or a preposition completes its clause */
    ok &= expect("Lena placed 1. Jonas was 2. Mia came 3.",
                 "Lena placed 1.|Jonas was 2.|Mia came 3.");
    ok &= expect("The ferry left at 1. Buses run until 2. Trams stop later.",
                 "The ferry left at 1.|Buses run until 2.|Trams stop later.");
    ok &= expect("Pack these 1. Warm socks 2. A torch", "Pack these 1. Warm socks|2. A torch");
    /* ordinals after the words German sets before them */
    ok &= expect("Es gilt vom 1. Januar bis 2. Februar.", "Es gilt vom 1.|Januar bis 2.|Februar.");
    ok &= expect("Der Termin ist am 1. Mai und am 2. Juni.",
                 "Der Termin ist am 1.|Mai und am 2.|Juni.");
    assert_true(ok);
}

/* "2." after a word is the next marker of a list only while the item is
 * one sentence: "The next part is 2." ends on a number. "2)" is a marker
 * whatever the item holds. */
static void test_list_item_sentences(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Note: 1. This is it. The next part is 2. Still",
                 "Note: 1. This is it.|The next part is 2.|Still");
    ok &= expect("1. This is it. The next part is 2. Still more",
                 "1. This is it.|The next part is 2.|Still more");
    ok &= expect("1. Buy milk 2. Call mom", "1. Buy milk|2. Call mom");
    /* inside a line, "2." after a word that a number completes ends the
     * item; at a line start it is the next marker whatever ends the line */
    ok &=
        expect("1. Count slowly to 2. Then breathe out", "1. Count slowly to 2.|Then breathe out");
    ok &= expect("1. Ask for\n2. Sign here", "1. Ask for|2. Sign here");
    ok &= expect("Steps: 1. Open it. Wait a bit. 2. Close it.",
                 "Steps: 1. Open it.|Wait a bit.|2. Close it.");
    /* the colon introduces speech: lower case stays one sentence, capitals
     * are a list */
    ok &= expect("He said: 1. we go", "He said: 1. we go");
    ok &= expect("He said: 1. We go now. 2. They stay.", "He said: 1. We go now.|2. They stay.");
    assert_true(ok);
}

/* In informal text a line break before a lower-case word ends a sentence,
 * unless a reader reads on: a short piece of a sentence begun after a
 * terminator on its line, or a verb after a subject that ends the line. */
static void test_informal_line_goes_on(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("sorry!! QA found\ntwo blockers", "sorry!!|QA found\ntwo blockers");
    ok &= expect("thanks!! see you\ntomorrow at noon", "thanks!!|see you\ntomorrow at noon");
    ok &= expect("ok so the meeting\nis moved to friday", "ok so the meeting\nis moved to friday");
    ok &= expect("great food. the staff\nwere friendly", "great food.|the staff\nwere friendly");
    /* lines that are units, a clause opener, thanks, a dropped subject, a
     * question */
    ok &= expect("love this park\nthis is a great park", "love this park|this is a great park");
    ok &= expect("im 15 btw\nwhat about downtown", "im 15 btw|what about downtown");
    ok &= expect("ok. thank you\nhouse boat is nice", "ok.|thank you|house boat is nice");
    ok &= expect("loved it\nwas great", "loved it|was great");
    ok &= expect("i love this place\nwill come back", "i love this place|will come back");
    ok &= expect("the plan\nis it ready", "the plan|is it ready");
    ok &= expect("haha. me too\ngotta go", "haha.|me too|gotta go");
    ok &= expect("ok. see you then\nbring snacks", "ok.|see you then|bring snacks");
    ok &= expect("buy milk\nget eggs\ncall mom", "buy milk|get eggs|call mom");
    /* a line cut inside a clause: a possessive, or a verb that wants more
     * after a subject pronoun, before a word that opens no clause; not in
     * a block of item lines, nor before a clause opener */
    ok &= expect("i think we need\nmore chairs for friday",
                 "i think we need\nmore chairs for friday");
    ok &= expect("ugh i left my\nkeys at work", "ugh i left my\nkeys at work");
    ok &= expect("they should\nfix the lift. see you", "they should\nfix the lift.|see you");
    ok &= expect("stuff we need\nmore chairs\npaper cups", "stuff we need|more chairs|paper cups");
    ok &= expect("i hope\nyou sleep well", "i hope|you sleep well");
    assert_true(ok);
}

/* The rules alone (tok_sentences, newlines = auto) as expect has it. */
static int expect_rules(const char *text, const char *want) {
    doc d;
    tokenize(&d, text);
    assert_int_equal(tok_sentences(&d.q, TOK_NL_AUTO, collect_sent, &d), 0);
    return sentences_are(&d, text, want, "rules, ");
}

/* A hard-wrapped line that ends on a word no sentence ends on (a verb of
 * saying, a determiner, a preposition outside the joiners) or on a phrase
 * left open (a word after an article or a verb of saying) before a
 * capitalised word goes on; headings, blocks of item lines and a title
 * line before a long block still split. */
static void test_wrapped_open_line(void **state) {
    (void)state;
    static const char *const joined[] = {
        "\"It will pass,\" wrote\nSenator Ana Ruiz.",
        "The plan was announced, police told\nLocal radio on Friday.",
        "\"Fine by me,\" said Ana\nRuiz, the chair.",
        "A spokesman says\nOfficer Lee saw nothing.",
        "Trucks queued on the road\nNorth of the city.",
        "Profits fell at the firm\nBosch in the spring.",
        "Talks went on during\nMarch and April.",
        "The council gave its\nGreen light on Monday.",
        "The long report on the state of the roads in the county was sent on\n"
        "Friday to the office of the head of the regional transport authority,\n"
        "which will now write a short note on the findings for the\nMayor.",
        NULL};
    int ok = 1;
    for (const char *const *t = joined; *t; t++) {
        ok &= expect(*t, *t);
        ok &= expect_rules(*t, *t);
    }
    ok &= expect("Weather\n\nThe storm moved east.", "Weather|The storm moved east.");
    ok &= expect("Feeding the cat\nThe first rule is this.",
                 "Feeding the cat|The first rule is this.");
    ok &= expect("Wash the car\nFeed the cat\nWater the plants",
                 "Wash the car|Feed the cat|Water the plants");
    ok &= expect_rules("Wash the car\nFeed the cat\nWater the plants",
                       "Wash the car|Feed the cat|Water the plants");
    ok &= expect("Notes on the trip\nLisbon was warm and sunny all week long, and the food was "
                 "good. We walked a lot. We saw the old town and the river.",
                 "Notes on the trip|Lisbon was warm and sunny all week long, and the food was "
                 "good.|We walked a lot.|We saw the old town and the river.");
    assert_true(ok);
}

/* Mail quote marks opening a line belong to the sentence after them. */
static void test_mail_quotes(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("On Monday Jane wrote:\n> Are you coming to the party?\n> I hope so.\nYes, I "
                 "will.",
                 "On Monday Jane wrote:|> Are you coming to the party?|> I hope so.|Yes, I will.");
    ok &= expect(">> Did it work?\n> No, it failed.\nTry again.",
                 ">> Did it work?|> No, it failed.|Try again.");
    assert_true(ok);
}

/* A title in capitals before a word in capitals ends no sentence:
 * headlines and news datelines ("ST. LOUIS (AP) -"); a sentence starter in
 * capitals after it still may. */
static void test_caps_title(void **state) {
    (void)state;
    assert_true(tok_caps_title((const unsigned char *)"ST", 2));
    assert_true(tok_caps_title((const unsigned char *)"PROF", 4));
    assert_false(tok_caps_title((const unsigned char *)"St", 2));
    assert_false(tok_caps_title((const unsigned char *)"CO", 2));
    assert_false(tok_caps_title((const unsigned char *)"STREET", 6));
    assert_false(tok_caps_title((const unsigned char *)"S", 1));
    assert_true(tok_caps_starter((const unsigned char *)"THE", 3));
    assert_false(tok_caps_starter((const unsigned char *)"LOUIS", 5));
    int ok = 1;
    ok &= expect("ST. LOUIS (Wirepost) \xe2\x80\x94 The river rose two feet overnight.",
                 "ST. LOUIS (Wirepost) \xe2\x80\x94 The river rose two feet overnight.");
    ok &= expect("FT. MYERS, Fla., Oct. 9 (Wirepost) - Crews cleared the roads.",
                 "FT. MYERS, Fla., Oct. 9 (Wirepost) - Crews cleared the roads.");
    ok &= expect("BUS TOUR TO MT. HOOD AND DR. GRAY'S FARM",
                 "BUS TOUR TO MT. HOOD AND DR. GRAY'S FARM");
    /* a starter in capitals after the period */
    ok &=
        expect("WE PARKED ON OAK ST. THE SHOP WAS SHUT", "WE PARKED ON OAK ST.|THE SHOP WAS SHUT");
    assert_true(ok);
}

/* A sign that parts a line's fields (a pipe, a broken bar, a box-drawing
 * bar, a middle dot) ends no sentence and is none of its own: a name and
 * a role, a title and its site, a menu. A terminator before it still ends
 * one; a line break after it still may. */
static void test_field_signs(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("Maren Holt | Lead Designer", "Maren Holt | Lead Designer");
    ok &= expect("Ten Quick Soups | The Pantry Blog", "Ten Quick Soups | The Pantry Blog");
    ok &= expect("Start | Prices | Contact Us", "Start | Prices | Contact Us");
    ok &= expect("Garden Notes \xc2\xb7 Spring Planting", "Garden Notes \xc2\xb7 Spring Planting");
    ok &= expect("Owen Pryce \xe2\x94\x82 Night Editor", "Owen Pryce \xe2\x94\x82 Night Editor");
    ok &= expect("The shop is closed. | Open again on Monday.",
                 "The shop is closed.|| Open again on Monday.");
    ok &= expect("Maren Holt | Lead Designer\nWe met the new team on Friday.",
                 "Maren Holt | Lead Designer|We met the new team on Friday.");
    assert_true(ok);
}

/* A double period is decided as an ellipsis: before a capitalised word it
 * ends a sentence, glued to the words on both sides too (as "world.Today"
 * is); before a lower-case word it does not, as "..." does not. */
static void test_double_period(void **state) {
    (void)state;
    int ok = 1;
    ok &= expect("the kettle broke..Then I bought a new one",
                 "the kettle broke..|Then I bought a new one");
    ok &= expect("the kettle broke.. Then I bought a new one",
                 "the kettle broke..|Then I bought a new one");
    ok &= expect("we waited an hour...Nobody came", "we waited an hour...|Nobody came");
    ok &= expect("restart in safe mode.. also unplug the dock",
                 "restart in safe mode.. also unplug the dock");
    ok &=
        expect("the soup was fine..wont order it again", "the soup was fine..wont order it again");
    ok &= expect("pages 5..9 of the guide", "pages 5..9 of the guide");
    ok &= expect("the codes run from AB...XZ in the table",
                 "the codes run from AB...XZ in the table");
    ok &= expect("...Now the second act begins.", "...Now the second act begins.");
    assert_true(ok);
}

/* Two capitalised words after a number on one line are a name going on
 * ("In 2021 Anna Link"): the gap is a candidate only because of the
 * number, and no sentence ends there; after a clock's "AM"/"PM" (a mail
 * header) one may, and before a sentence starter the model decides. */
static void test_name_after_number(void **state) {
    (void)state;
    doc d;
    tokenize(&d, "In 2021 Anna Link said no ; at 10:15 AM Please ; Unit 3 Intro The end ; "
                 "in 2021 Anna\nLink ; 7 bikes Went home");
    size_t k = token_at(&d, "Link said");
    tok_cand_info c = {k, TC_TRANS, 0, 0, k, 0, TOK_SW_UNKNOWN};
    assert_int_equal(tok_candidate(&d.q, k, TOK_NL_AUTO, 0, &c.forced, NULL), TC_TRANS);
    assert_true(name_after_number(&d.q, &c));
    /* a clock's tail before the gap */
    c.k = token_at(&d, "Please");
    assert_false(name_after_number(&d.q, &c));
    /* a sentence starter at the gap */
    c.k = token_at(&d, "The end");
    assert_false(name_after_number(&d.q, &c));
    /* a line break at the gap */
    c.k = token_at(&d, "Link ;");
    assert_false(name_after_number(&d.q, &c));
    /* a lower-case word before the gap */
    c.k = token_at(&d, "Went");
    assert_false(name_after_number(&d.q, &c));
    doc_free(&d);
    int ok = 1;
    ok &= expect("In 2021 Anna Link said no.", "In 2021 Anna Link said no.");
    ok &= expect("In 2021 Baltic Link Ferries paid 650,000 euros.",
                 "In 2021 Baltic Link Ferries paid 650,000 euros.");
    ok &= expect("By 2030 Nordic Link Ferries will be gone.",
                 "By 2030 Nordic Link Ferries will be gone.");
    ok &= expect("The 1906 Lake Vale Regatta drew 40 boats.",
                 "The 1906 Lake Vale Regatta drew 40 boats.");
    ok &= expect("Since 1985 Harbour Mutual Bank has kept its name.",
                 "Since 1985 Harbour Mutual Bank has kept its name.");
    ok &= expect("Ferndale 27 Oakport Rovers 14 was the final score.",
                 "Ferndale 27 Oakport Rovers 14 was the final score.");
    /* a mail header's clock still ends its line's first sentence */
    ok &= expect("Ann Lee 04/11/2003 10:15 AM Please call me when you land.",
                 "Ann Lee 04/11/2003 10:15 AM|Please call me when you land.");
    assert_true(ok);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alone_before),
        cmocka_unit_test(test_alone_sentences),
        cmocka_unit_test(test_repeated_lines_in_prose),
        cmocka_unit_test(test_no_end_on_opener),
        cmocka_unit_test(test_inline_list),
        cmocka_unit_test(test_inside_marker),
        cmocka_unit_test(test_title_case),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_credits),
        cmocka_unit_test(test_no_start_on_closer),
        cmocka_unit_test(test_extension),
        cmocka_unit_test(test_postscript),
        cmocka_unit_test(test_compound_starter),
        cmocka_unit_test(test_inner_quote),
        cmocka_unit_test(test_address_end),
        cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_relation_signs),
        cmocka_unit_test(test_short_form_lower),
        cmocka_unit_test(test_colon_list),
        cmocka_unit_test(test_mail_quotes),
        cmocka_unit_test(test_run_in_list),
        cmocka_unit_test(test_list_item_sentences),
        cmocka_unit_test(test_informal_line_goes_on),
        cmocka_unit_test(test_caps_title),
        cmocka_unit_test(test_field_signs),
        cmocka_unit_test(test_double_period),
        cmocka_unit_test(test_name_after_number),

        cmocka_unit_test(test_wrapped_open_line),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
