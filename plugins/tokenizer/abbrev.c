/*
 * The abbreviation set: open addressing over a string pool, FNV-1a hash.
 * The built-in list follows the usual English conventions (spaCy's exception
 * list, pySBD's abbreviation and sentence-starter lists, written out here).
 */
#include "abbrev.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "Apt",  "apt", "Bldg", "bldg", "Ste",    "ste",    "Ln",  NULL};
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

static uint64_t hash(const unsigned char *w, size_t n) {
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) h = (h ^ w[i]) * 1099511628211u;
    return h;
}

/* The words are short: a loop beats a call to memcmp. */
static inline int same(const char *p, const unsigned char *w, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] != w[i]) return 0;
    return 1;
}

static tok_abbrev_entry *slot(const tok_abbrev *a, const unsigned char *w, size_t n) {
    size_t i = (size_t)hash(w, n) & a->mask;
    for (;;) {
        tok_abbrev_entry *e = &a->slots[i];
        if (!e->flags || (e->len == n && same(a->pool + e->off, w, n))) return e;
        i = (i + 1) & a->mask;
    }
}

static int add(tok_abbrev *a, const char *w, size_t n, unsigned flags) {
    tok_abbrev_entry *e = slot(a, (const unsigned char *)w, n);
    if (e->flags) {
        e->flags |= (uint16_t)flags;
        return 0;
    }
    if (a->pool_len + n > a->pool_cap) {
        size_t cap = (a->pool_cap ? a->pool_cap * 2 : 4096) + n;
        char *p = realloc(a->pool, cap);
        if (!p) return -1;
        a->pool = p;
        a->pool_cap = cap;
    }
    memcpy(a->pool + a->pool_len, w, n);
    e->off = (uint32_t)a->pool_len;
    e->len = (uint16_t)n;
    e->flags = (uint16_t)flags;
    if (n > a->maxlen) a->maxlen = n;
    a->pool_len += n;
    a->count++;
    return 0;
}

static size_t count(const char *const *l) {
    size_t n = 0;
    while (l[n]) n++;
    return n;
}

int tok_abbrev_init(tok_abbrev *a, const char *const *extra, size_t nextra, char *err,
                    size_t errsz) {
    memset(a, 0, sizeof *a);
    size_t total = count(titles) + count(numeric) + count(plain) + nextra, cap = 64;
    while (cap < total * 2) cap *= 2; /* load factor <= 1/2 */
    a->slots = calloc(cap, sizeof *a->slots);
    if (!a->slots) goto oom;
    a->mask = cap - 1;
    const char *const *lists[] = {titles, numeric, plain};
    const unsigned flags[] = {AB_TITLE, AB_NUM, AB_PLAIN};
    for (int l = 0; l < 3; l++)
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
    free(a->slots);
    free(a->pool);
    memset(a, 0, sizeof *a);
}

unsigned tok_abbrev_find(const tok_abbrev *a, const unsigned char *w, size_t n) {
    if (n == 0 || n > a->maxlen) return 0;
    const tok_abbrev_entry *e = slot(a, w, n);
    if (e->flags) return e->flags;
    if (w[0] >= 'A' && w[0] <= 'Z') {
        unsigned char low[64];
        memcpy(low, w, n);
        low[0] = (unsigned char)(w[0] + 32);
        e = slot(a, low, n);
        return e->flags;
    }
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

int tok_sentence_starter(const unsigned char *w, size_t n) {
    for (const char *const *s = starters; *s; s++)
        if (strlen(*s) == n && !memcmp(*s, w, n)) return 1;
    return 0;
}
