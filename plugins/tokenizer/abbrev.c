/*
 * The abbreviation set: a weft_strmap from word to flags.
 * The built-in list follows the usual English conventions (spaCy's exception
 * list, pySBD's abbreviation and sentence-starter lists, written out here).
 */
#include "abbrev.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/unicode.h"
#include "weft/utf8.h"

static const char *const titles[] = {
    "Mr",    "Mrs",   "Ms",   "Mx",   "Dr",    "Prof", "Sen",    "Rep",  "Gov",  "Gen",
    "Lt",    "Col",   "Capt", "Cmdr", "Sgt",   "Maj",  "Adm",    "Rev",  "Hon",  "Pres",
    "Supt",  "Insp",  "Det",  "Fr",   "Mme",   "Mlle", "Messrs", "Mmes", "St",   "Mt",
    "Ft",    "Atty",  "Amb",  "Brig", "Cpl",   "Pvt",  "Gov",    "Sens", "Reps", "Drs",
    "Profs", "Mssrs", "Msgr", "Sr",   "Sra",   "Srta", "Rt",     "Gens", "Cdr",  "Comdr",
    "Ens",   "Cmdt",  "Sec",  "Secy", "Treas", NULL};
static const char *const numeric[] = {
    "No",   "Nos", "no",   "nos",  "Nr",     "nr",     "p",   "pp",  "Vol", "vol",  "Vols",
    "vols", "Fig", "fig",  "Figs", "figs",   "Art",    "art", "Sec", "sec", "Sect", "sect",
    "Ch",   "ch",  "Chap", "chap", "Eq",     "eq",     "Eqs", "eqs", "Ref", "ref",  "Tel",
    "tel",  "Op",  "op",   "ca",   "approx", "Approx", "Ex",  "ex",  "Pt",  "pt",   "Pts",
    "pts",  "Ps",  "ps",   "Para", "para",   "Ed",     "ed",  "Edn", "edn", "Rm",   "rm",
    "Apt",  "apt", "Bldg", "bldg", "Ste",    "ste",    "Ln",  "Ext", "ext", NULL};
static const char *const plain[] = {
    "Jr",   "Esq",   "Inc",  "Ltd",   "Co",     "co",   "Corp", "corp",  "Bros", "Assn",  "Assoc",
    "Dept", "dept",  "Univ", "univ",  "Ave",    "ave",  "Blvd", "blvd",  "Rd",   "rd",    "st",
    "Hwy",  "hwy",   "Sq",   "sq",    "etc",    "vs",   "v",    "al",    "cf",   "viz",   "ibid",
    "Ibid", "esp",   "govt", "Govt",  "misc",   "Jan",  "Feb",  "Mar",   "Apr",  "Jun",   "Jul",
    "Aug",  "Sep",   "Sept", "Oct",   "Nov",    "Dec",  "Mon",  "Tue",   "Tues", "Wed",   "Thu",
    "Thur", "Thurs", "Fri",  "Sat",   "Ala",    "Ariz", "Ark",  "Calif", "Colo", "Conn",  "Del",
    "Fla",  "Ga",    "Ill",  "Ind",   "Kan",    "Kans", "Ky",   "La",    "Md",   "Mass",  "Mich",
    "Minn", "Miss",  "Mo",   "Mont",  "Neb",    "Nebr", "Nev",  "Okla",  "Ore",  "Pa",    "Penn",
    "Tenn", "Tex",   "Va",   "Vt",    "Wash",   "Wis",  "Wisc", "Wyo",   "Ph.D", "PhD",   "M.D",
    "B.A",  "M.A",   "B.Sc", "M.Sc",  "D.Phil", "Mfg",  "mfg",  "Intl",  "intl", "Natl",  "natl",
    "dist", "Dist",  "div",  "Div",   "hr",     "hrs",  "mins", "sec",   "secs", "yr",    "yrs",
    "wk",   "wks",   "oz",   "lb",    "lbs",    "ft",   "sq",   "tbsp",  "tsp",  "pp",    "incl",
    "Incl", "excl",  "pct",  "trans", "vol",    "ver",  "Ver",  "abbr",  "Abbr", "a.k.a", "e.g",
    "i.e",  "U.S",   "U.K",  "U.N",   "E.U",    "D.C",  NULL};
/* Short forms that are also words or names ("min", "Max", "est"), or
 * that numeric lists and that are no word ("approx", "bldg"): also before
 * a lower-case word (AB_LOWER), where their period ends no sentence. */
static const char *const lower[] = {"approx", "min",  "max",  "avg",  "est", "qty",  "amt",
                                    "appt",   "orig", "resp", "wt",   "ht",  "bldg", "nr",
                                    "sect",   "chap", "edn",  "figs", "eqs", NULL};

static int add(tok_abbrev *a, const char *w, size_t n, unsigned flags) {
    weft_strmap_entry *e = weft_strmap_add(&a->map, w, n, NULL);
    if (!e) return -1;
    e->value |= flags;
    return 0;
}

static size_t count(const char *const *l) {
    size_t n = 0;
    while (l[n]) n++;
    return n;
}

int tok_abbrev_init(tok_abbrev *a, const char *const *extra, size_t nextra, char *err,
                    size_t errsz) {
    weft_strmap_init(&a->map);
    size_t total = count(titles) + count(numeric) + count(plain) + count(lower) + nextra;
    if (weft_hindex_reserve(&a->map.ix, total)) goto oom;
    const char *const *lists[] = {titles, numeric, plain, lower};
    const unsigned flags[] = {AB_TITLE, AB_NUM, AB_PLAIN, AB_LOWER};
    for (int l = 0; l < 4; l++)
        for (const char *const *w = lists[l]; *w; w++)
            if (add(a, *w, strlen(*w), flags[l])) goto oom;
    for (size_t i = 0; i < nextra; i++) {
        const char *w = extra[i];
        size_t n = strlen(w);
        if (n && w[n - 1] == '.') n--;
        const char *bad = NULL;
        if (n == 0)
            bad = "is empty";
        else if (n > 64)
            bad = "is longer than 64 bytes";
        for (size_t k = 0; k < n && !bad; k++)
            if ((unsigned char)w[k] <= ' ' || w[k] == 0x7F)
                bad = "contains whitespace or a control character";
        if (bad) {
            snprintf(err, errsz, "abbreviations[%zu] '%s' %s", i + 1, w, bad);
            tok_abbrev_free(a);
            return -1;
        }
        if (add(a, w, n, AB_PLAIN)) goto oom;
    }
    return 0;
oom:
    snprintf(err, errsz, "out of memory building the abbreviation list");
    tok_abbrev_free(a);
    return -1;
}

void tok_abbrev_free(tok_abbrev *a) {
    weft_strmap_free(&a->map);
}

unsigned tok_abbrev_find(const tok_abbrev *a, const unsigned char *w, size_t n) {
    if (n == 0 || n > a->map.maxlen) return 0;
    const weft_strmap_entry *e = weft_strmap_find(&a->map, (const char *)w, n);
    if (e) return e->value;
    /* a capitalised word: its first character lower-cased by the shared
     * table, so a user's `ул` matches `Ул.` as `approx` matches `Approx.` */
    int32_t cp;
    size_t k = weft_utf8_decode(w, n, &cp);
    if (cp < 0) return 0;
    uint32_t lc = weft_uc_tolower((uint32_t)cp);
    if (lc == (uint32_t)cp) return 0;
    unsigned char low[64];
    size_t m = weft_utf8_encode(lc, low);
    if (!m || m + (n - k) > sizeof low || m + (n - k) > a->map.maxlen) return 0;
    memcpy(low + m, w + k, n - k);
    e = weft_strmap_find(&a->map, (const char *)low, m + (n - k));
    return e ? e->value : 0;
}

int tok_caps_title(const unsigned char *w, size_t n) {
    if (n < 2 || n > 5) return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned)w[i] - 'A' >= 26u) return 0;
    for (const char *const *t = titles; *t; t++) {
        size_t i = 0;
        while (i < n && (*t)[i] && ((unsigned char)(*t)[i] | 0x20u) == (w[i] | 0x20u)) i++;
        if (i == n && !(*t)[n]) return 1;
    }
    return 0;
}

int tok_caps_starter(const unsigned char *w, size_t n) {
    /* the word capitalised ("THE" -> "The"), then the starter list */
    unsigned char cap[16];
    if (n < 1 || n > sizeof cap) return 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)w[i] - 'A' >= 26u) return 0;
        cap[i] = (unsigned char)(i ? w[i] | 0x20u : w[i]);
    }
    return tok_sentence_starter(cap, n);
}

/* Chat acronyms without a vowel that end sentences as words do. */
static const char *const chat[] = {"smh", "tbh", "idk", "brb", "wtf",  "btw",  "thx",  "pls",
                                   "plz", "nvm", "ppl", "lmk", "wth",  "hbu",  "wbu",  "gtg",
                                   "ftw", "fml", "dm",  "rn",  "tmrw", "ttyl", "jsyk", NULL};

/* w[0, n): lower-case ASCII letters, no vowel (y counts as one), and (with
 * nodouble) no letter twice in a row; not a chat acronym. */
static int vowelless(const unsigned char *w, size_t n, int nodouble) {
    for (size_t i = 0; i < n; i++) {
        unsigned c = w[i];
        /* bits a, e, i, o, u, y */
        if (c - 'a' >= 26u || (0x1104111u >> (c - 'a') & 1u) || (nodouble && i && c == w[i - 1]))
            return 0;
    }
    for (const char *const *c = chat; *c; c++)
        if (strlen(*c) == n && !memcmp(*c, w, n)) return 0;
    return 1;
}

int tok_abbrev_like(const unsigned char *w, size_t n) {
    if (n < 3 || n > 5) return 0;
    return vowelless(w, n, 1);
}

int tok_unit_like(const unsigned char *w, size_t n) {
    /* units and amounts with a vowel, in lower case */
    static const char *const vowelled[] = {"mio", "mil", "bil", "mi", "yd", "yds", "oz", NULL};
    if (n < 2 || n > 4) return 0;
    for (const char *const *u = vowelled; *u; u++)
        if (strlen(*u) == n && !memcmp(*u, w, n)) return 1;
    return vowelless(w, n, 0);
}

/* Lower-case words that open a clause: pronouns, "then", "so" and the
 * like. After "min." or "npm." such a word starts a new sentence in text
 * written in lower case ("turn it up to the max. it is great", "install
 * npm. then run it"); a short form's noun ("mgmt. team") or an article
 * ("approx. a third") does not. */
static const char *const clause_openers[] = {
    "i",      "you",      "he",     "she",    "it",    "we",   "they",  "this", "that", "there",
    "then",   "so",       "but",    "also",   "now",   "can",  "could", "do",   "does", "did",
    "is",     "was",      "what",   "when",   "where", "why",  "how",   "if",   "just", "maybe",
    "anyway", "whatever", "please", "thanks", "ok",    "okay", "lol",   "yes",  "no",   NULL};

int tok_clause_opener(const unsigned char *w, size_t n) {
    if (n == 0 || n > 8) return 0;
    for (const char *const *c = clause_openers; *c; c++)
        if ((unsigned char)(*c)[0] == w[0] && strlen(*c) == n && !memcmp(*c, w, n)) return 1;
    return 0;
}

static const char *const starters[] = {
    "A",       "After", "All",  "Although", "An",   "And",   "As",    "At",        "Because",
    "Being",   "But",   "Did",  "Each",     "For",  "He",    "Her",   "His",       "How",
    "However", "I",     "If",   "In",       "It",   "Its",   "Many",  "Meanwhile", "Millions",
    "More",    "Most",  "My",   "No",       "On",   "One",   "Our",   "She",       "So",
    "Some",    "That",  "The",  "Their",    "Then", "There", "These", "They",      "This",
    "Those",   "Today", "We",   "What",     "When", "Where", "While", "Who",       "Why",
    "Yet",     "You",   "Your", NULL};

/* by_first[c] is the index of the first starter whose first byte is 'A' + c
 * or later, so those starting with 'A' + c are [by_first[c], by_first[c +
 * 1]) (starters is in byte order; test_tokenizer checks every entry is
 * found, which a stale table would fail). */
static const unsigned char by_first[26] = {0,  8,  11, 11, 12, 13, 14, 14, 19, 24, 24, 24, 24,
                                           30, 31, 34, 34, 34, 34, 37, 47, 47, 47, 54, 54, 57};

/* A few starters share the first byte: each is compared byte by byte (a
 * binary search over all of them compared five or six). */
/* by_first_len[c] has bit n set when a starter of n bytes starts with
 * 'A' + c: most capitalised words (names, mid-sentence terms) have no such
 * starter and are turned down before the loop, whose exits the CPU
 * mispredicted. test_tokenizer finds every starter, so a stale bit shows. */
static const uint16_t by_first_len[25] = {
    0x12E, 0x0A8, 0x000, 0x008, 0x010, 0x008, 0x000, 0x08C, 0x00E, 0x000, 0x000, 0x000, 0x314,
    0x004, 0x00C, 0x000, 0x000, 0x000, 0x01C, 0x038, 0x000, 0x000, 0x03C, 0x000, 0x018};

int tok_sentence_starter(const unsigned char *w, size_t n) {
    if (n == 0) return 0;
    unsigned c = (unsigned)w[0] - 'A';
    if (c >= 25 || n > 15 || !(by_first_len[c] >> n & 1u)) return 0;
    for (size_t i = by_first[c]; i < by_first[c + 1]; i++) {
        const char *s = starters[i];
        size_t j = 1;
        while (j < n && s[j] && (unsigned char)s[j] == w[j]) j++;
        if (j == n && s[n] == '\0') return 1;
    }
    return 0;
}
