/*
 * Pattern entities found on tokens: DATE, TIME, MONEY, PERCENT, QUANTITY,
 * EMAIL, URL, PHONE. Token-level scanning instead of regular expressions
 * keeps the stage at a few nanoseconds a token and lets the gazetteer's
 * word classes (months, currencies, units) drive the patterns.
 */
#include "pat.h"
#include "weft/grow.h"

#include <string.h>

static int digit(char c) {
    return c >= '0' && c <= '9';
}

/* A plain number: digits with , . separators (1,000  5.3  38). */
static int number(const char *text, const ent_tok *t) {
    if (t->e - t->b == 0 || !digit(text[t->b])) return 0;
    for (uint32_t i = t->b; i < t->e; i++) {
        char c = text[i];
        if (!digit(c) && !((c == ',' || c == '.') && i + 1 < t->e && digit(text[i + 1]))) return 0;
    }
    return 1;
}

/* Digits-and-separator shapes: "dd-dd-dd" etc. Returns the number of
 * digit groups, fills their lengths (up to 4), sets *sep to the separator. */
static int groups(const char *s, size_t n, int len[4], char *sep) {
    int ng = 0, cur = 0;
    *sep = 0;
    for (size_t i = 0; i < n; i++) {
        if (digit(s[i])) {
            cur++;
            continue;
        }
        if (!cur || ng == 3) return 0;
        if (*sep && s[i] != *sep) return 0;
        *sep = s[i];
        len[ng++] = cur;
        cur = 0;
    }
    if (!cur) return 0;
    len[ng++] = cur;
    return ng;
}

static int year(const char *text, const ent_tok *t) {
    if (t->e - t->b != 4 || !number(text, t)) return 0;
    const char *s = text + t->b;
    return (s[0] == '1' && (s[1] == '8' || s[1] == '9')) || (s[0] == '2' && s[1] == '0');
}

static int day_num(const char *text, const ent_tok *t) {
    uint32_t n = t->ce - t->cb;
    const char *s = text + t->cb;
    if (n < 1 || !digit(s[0])) return 0;
    uint32_t d = 0, i = 0;
    while (i < n && digit(s[i])) d = d * 10 + (uint32_t)(s[i++] - '0');
    if (d < 1 || d > 31 || i > 2) return 0;
    if (i == n) return 1;
    /* 1st 2nd 3rd 4th */
    return n - i == 2;
}

static int time_tok(const char *text, const ent_tok *t) {
    int len[4];
    char sep;
    int ng = groups(text + t->b, t->e - t->b, len, &sep);
    return (ng == 2 || ng == 3) && sep == ':' && len[0] <= 2 && len[1] == 2 &&
           (ng == 2 || len[2] == 2);
}

static int date_tok(const char *text, const ent_tok *t) {
    int len[4];
    char sep;
    int ng = groups(text + t->b, t->e - t->b, len, &sep);
    if (ng != 3 || (sep != '-' && sep != '/' && sep != '.')) return 0;
    if (len[0] == 4) return len[1] <= 2 && len[2] <= 2;
    return len[0] <= 2 && len[1] <= 2 && (len[2] == 2 || len[2] == 4);
}

static int ampm(const char *text, const ent_tok *t) {
    static const char *const words[] = {"am",  "pm",  "a.m.", "p.m.", "gmt", "utc", "est",
                                        "edt", "cet", "bst",  "pst",  "a.m", "p.m", NULL};
    return ner_is_any(text, t, words);
}

/* Words before a month or a year that make it a date ("in May", "since 1998"). */
static const char *const month_cues[] = {"in",   "since", "until",  "by",   "last", "next", "early",
                                         "late", "mid",   "during", "this", "of",   NULL};
static const char *const year_cues[] = {"in",    "since",  "until", "by", "before",
                                        "after", "during", "from",  "of", NULL};
static const char *const percent_words[] = {"%", "percent", "pct", NULL};

static int currency_sym(const char *s, size_t n, size_t *len) {
    static const char *const syms[] = {"US$", "C$", "A$", "NZ$", "HK$", "S$", "$", "£",
                                       "€",   "¥",  "₹",  "R$",  "Rs.", "Rs", NULL};
    for (int i = 0; syms[i]; i++) {
        size_t k = strlen(syms[i]);
        if (n >= k && !memcmp(s, syms[i], k)) {
            *len = k;
            return 1;
        }
    }
    return 0;
}

static int add(ner_scratch *s, uint32_t tb, uint32_t te, uint32_t label, float score) {
    if (weft_grow((void **)&s->sp, &s->capsp, s->nsp + 1, sizeof *s->sp)) return -1;
    ent_tok *T = s->tok;
    s->sp[s->nsp++] = (ent_span){.tb = tb,
                                 .te = te,
                                 .b = T[tb].cb,
                                 .e = T[te - 1].ce,
                                 .label = label,
                                 .score = score,
                                 .source = SRC_PATTERN,
                                 .strong = 1};
    for (uint32_t i = tb; i < te; i++) T[i].used = 1;
    return 0;
}

/* Tokens that may belong to a phone number. */
static int phone_part(const char *text, const ent_tok *t) {
    for (uint32_t i = t->b; i < t->e; i++) {
        char c = text[i];
        if (!digit(c) && c != '-' && c != '+' && c != '(' && c != ')' && c != '.') return 0;
    }
    return 1;
}

/* [b, e) is a phone number: 7 to 15 digits in 2+ groups, starting with
 * '+', '(' or a digit, not a plain number and not a date. */
static int phone(const char *text, uint32_t b, uint32_t e) {
    int digits = 0, groups_ = 0, in = 0, dots = 0, others = 0;
    for (uint32_t i = b; i < e; i++) {
        char c = text[i];
        if (digit(c)) {
            digits++;
            if (!in) groups_++;
            in = 1;
        } else {
            in = 0;
            if (c == '.')
                dots++;
            else if (c != ' ')
                others++;
        }
    }
    if (digits < 7 || digits > 15 || groups_ < 2 || groups_ > 5) return 0;
    /* 1.234.567 is a number; a phone needs a dash, bracket, plus or space */
    if (!others && dots && !memchr(text + b, ' ', e - b)) return 0;
    return text[b] == '+' || text[b] == '(' || digit(text[b]);
}

int pat_sentence(const char *text, ner_scratch *s, uint32_t sb, uint32_t se) {
    ent_tok *T = s->tok;
    for (uint32_t i = sb; i < se; i++) {
        if (T[i].used) continue;
        ent_tok *t = &T[i];
        const char *w = text + t->b;
        size_t wl = t->e - t->b;
        /* EMAIL and URL: the tokenizer may have said so already */
        if (t->kind == K_EMAIL) {
            if (add(s, i, i + 1, L_EMAIL, 0.95f)) return -1;
            continue;
        }
        if (t->kind == K_URL) {
            if (add(s, i, i + 1, L_URL, 0.95f)) return -1;
            continue;
        }
        const char *at = memchr(w, '@', wl);
        if (at && at > w && memchr(at, '.', wl - (size_t)(at - w)) && w[wl - 1] != '.') {
            if (add(s, i, i + 1, L_EMAIL, 0.9f)) return -1;
            continue;
        }
        if ((wl > 7 && !memcmp(w, "http://", 7)) || (wl > 8 && !memcmp(w, "https://", 8)) ||
            (wl > 4 && !memcmp(w, "www.", 4))) {
            if (add(s, i, i + 1, L_URL, 0.9f)) return -1;
            continue;
        }
        /* PHONE: adjacent phone-ish tokens at most one space apart */
        if (phone_part(text, t) && !date_tok(text, t) && !time_tok(text, t)) {
            uint32_t j = i + 1;
            /* at most 12 parts ("+1 (202) 555-0143" is 8 tokens): keeps a line of a
             * million numbers linear */
            while (j < se && j < i + 12 && phone_part(text, &T[j]) && T[j].b - T[j - 1].e <= 1 &&
                   !T[j].used)
                j++;
            /* trim trailing lone punctuation */
            while (j > i + 1 && !digit(text[T[j - 1].e - 1]) && text[T[j - 1].e - 1] != ')') j--;
            /* inside a longer run of numbers: a table, not a phone */
            int more =
                j == i + 12 || (i > sb && phone_part(text, &T[i - 1]) && T[i].b - T[i - 1].e <= 1);
            if (!more && phone(text, t->b, T[j - 1].e) && (j > i + 1 || !number(text, t))) {
                if (add(s, i, j, L_PHONE, 0.8f)) return -1;
                /* the core of "(212)" drops its bracket; a phone keeps it */
                s->sp[s->nsp - 1].b = t->b;
                s->sp[s->nsp - 1].e = T[j - 1].e;
                i = j - 1;
                continue;
            }
        }
        /* PERCENT: 5%  5 %  5 percent  5 per cent  5 pct */
        if (number(text, t) || (wl > 1 && digit(w[0]) && w[wl - 1] == '%')) {
            if (w[wl - 1] == '%') {
                if (add(s, i, i + 1, L_PERCENT, 0.95f)) return -1;
                continue;
            }
            if (i + 1 < se && ner_is_any(text, &T[i + 1], percent_words)) {
                if (add(s, i, i + 2, L_PERCENT, 0.95f)) return -1;
                i++;
                continue;
            }
            if (i + 2 < se && ner_is_word(text, &T[i + 1], "per") &&
                ner_is_word(text, &T[i + 2], "cent")) {
                if (add(s, i, i + 3, L_PERCENT, 0.95f)) return -1;
                i += 2;
                continue;
            }
        }
        /* MONEY: $5  US$ 5  $ 5 million  5 million dollars  DM 5 */
        size_t cl;
        int sym = currency_sym(w, wl, &cl);
        if ((sym && (cl < wl ? digit(w[cl]) : (i + 1 < se && number(text, &T[i + 1])))) ||
            ((t->gf & G_CURRENCY) && t->shape == SH_UPPER && i + 1 < se &&
             number(text, &T[i + 1]))) {
            uint32_t j = i + 1;
            if (!(sym && cl < wl)) j++;
            while (j < se && (T[j].gf & G_NUMWORD)) j++;
            if (add(s, i, j, L_MONEY, 0.9f)) return -1;
            i = j - 1;
            continue;
        }
        if (number(text, t)) {
            uint32_t j = i + 1;
            while (j < se && (T[j].gf & G_NUMWORD)) j++;
            if (j < se && (T[j].gf & G_CURRENCY) && T[j].shape != SH_CAP) {
                if (add(s, i, j + 1, L_MONEY, 0.85f)) return -1;
                i = j;
                continue;
            }
            if (j < se && (T[j].gf & G_UNIT) && T[j].shape != SH_CAP && T[j].shape != SH_UPPER) {
                if (add(s, i, j + 1, L_QUANTITY, 0.8f)) return -1;
                i = j;
                continue;
            }
        }
        /* TIME: 10:30  10:30 GMT  3 p.m.  noon */
        if (time_tok(text, t)) {
            uint32_t j = i + 1;
            if (j < se && ampm(text, &T[j])) j++;
            if (add(s, i, j, L_TIME, 0.9f)) return -1;
            i = j - 1;
            continue;
        }
        if (day_num(text, t) && t->e - t->b <= 2 && i + 1 < se && ampm(text, &T[i + 1]) &&
            !ner_is_word(text, &T[i + 1], "est")) {
            if (add(s, i, i + 2, L_TIME, 0.85f)) return -1;
            i++;
            continue;
        }
        /* DATE: 1996-08-30  30/08/1996  August 30 , 1996  30 August  Friday */
        if (date_tok(text, t)) {
            if (add(s, i, i + 1, L_DATE, 0.9f)) return -1;
            continue;
        }
        if ((t->gf & G_MONTH) && t->shape == SH_CAP) {
            uint32_t b = i, j = i + 1;
            int anchored = 0;
            if (i > sb && !T[i - 1].used && day_num(text, &T[i - 1])) b = i - 1, anchored = 1;
            if (j < se && day_num(text, &T[j])) j++, anchored = 1;
            if (j + 1 < se && ner_is_word(text, &T[j], ",") && year(text, &T[j + 1]))
                j += 2, anchored = 1;
            else if (j < se && year(text, &T[j]))
                j++, anchored = 1;
            if (!anchored && i > sb && ner_is_any(text, &T[i - 1], month_cues)) anchored = 1;
            if (anchored) {
                if (add(s, b, j, L_DATE, 0.9f)) return -1;
                i = j - 1;
                continue;
            }
        }
        if ((t->gf & G_DAY) && (t->shape == SH_CAP || t->shape == SH_LOWER)) {
            uint32_t j = i + 1;
            /* "Friday , August 30" is one date */
            if (j + 1 < se && ner_is_word(text, &T[j], ",") && (T[j + 1].gf & G_MONTH)) {
                j += 2;
                if (j < se && day_num(text, &T[j])) j++;
                if (j + 1 < se && ner_is_word(text, &T[j], ",") && year(text, &T[j + 1])) j++;
                if (j < se && year(text, &T[j])) j++;
            }
            if (add(s, i, j, L_DATE, 0.85f)) return -1;
            i = j - 1;
            continue;
        }
        if (year(text, t) && i > sb && ner_is_any(text, &T[i - 1], year_cues)) {
            if (add(s, i, i + 1, L_DATE, 0.75f)) return -1;
            continue;
        }
    }
    return 0;
}
