/*
 * Pattern entities found on tokens: DATE, TIME, MONEY, PERCENT, QUANTITY,
 * EMAIL, URL, PHONE. Token-level scanning instead of regular expressions
 * keeps the stage at a few nanoseconds a token and lets the gazetteer's
 * word classes (months, currencies, units) drive the patterns.
 *
 * Each family of patterns is a function that only looks (which tokens would
 * it tag at token i?) and a row of the table pat_families giving its label
 * and score; pat_sentence tries the rows in order at each free token.
 */
#include "pat.h"
#include "weft/clock.h"
#include "weft/grow.h"

#include <string.h>

static int digit(char c) {
    return c >= '0' && c <= '9';
}

/* A plain number: digits with , . separators (1,000  5.3  38). */
/* Where the token's leading number ends: digits, each ',' or '.' followed
 * by a digit; t->b when it does not start with a digit. */
static uint32_t number_end(const char *text, const ent_tok *t) {
    uint32_t i = t->b;
    if (i == t->e || !digit(text[i])) return i;
    while (i < t->e && (digit(text[i]) ||
                        ((text[i] == ',' || text[i] == '.') && i + 1 < t->e && digit(text[i + 1]))))
        i++;
    return i;
}

static int number(const char *text, const ent_tok *t) {
    return t->e > t->b && number_end(text, t) == t->e;
}

/* A number or a range of two joined by a hyphen ("10-20", "1.5-2"), as the
 * stage's token reader and `hyphens = "keep"` give it: an amount for the
 * percent, money and quantity patterns ("10-20%", "$10-20 million", "5-10
 * km"). */
static int amount(const char *text, const ent_tok *t) {
    uint32_t d = number_end(text, t);
    if (d == t->b) return 0;
    if (d == t->e) return 1;
    if (text[d] != '-' || d + 1 >= t->e || !digit(text[d + 1])) return 0;
    ent_tok rest = *t;
    rest.b = d + 1;
    return number_end(text, &rest) == t->e;
}

/* A number with a scale suffix, as headlines write amounts: "1.2bn",
 * "12m", "500k", "3tn" (the tokenizer keeps them one token). Only read
 * after a currency sign, where the suffix cannot be a unit. */
static int scaled_number(const char *text, const ent_tok *t) {
    static const char *const suffix[] = {"k", "m", "mn", "bn", "b", "tn", "trn", NULL};
    uint32_t d = number_end(text, t);
    if (d == t->b || d == t->e) return 0;
    for (const char *const *x = suffix; *x; x++) {
        size_t k = strlen(*x);
        if (k != t->e - d) continue;
        size_t j = 0;
        while (j < k && (text[d + j] | 0x20) == (*x)[j]) j++;
        if (j == k) return 1;
    }
    return 0;
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

/* Digits of s[0, n) as a number, or -1 when not all digits (or too long). */
static int num_of(const char *s, size_t n) {
    if (!n || n > 4) return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!digit(s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Bytes s[0, n) that are a span of years: "2010-2015", "2015-16", "1998–2001",
 * "2010 - 2015" (a hyphen or an en dash, a space or none on each side), the
 * second year after the first. */
static int year_range_str(const char *s, size_t n) {
    if (n < 7) return 0;
    int a = num_of(s, 4);
    if (a < 1800 || a > 2099) return 0;
    size_t d = 4;
    if (s[d] == ' ') d++;
    if (d < n && s[d] == '-')
        d++;
    else if (d + 3 <= n && !memcmp(s + d, "\xE2\x80\x93", 3))
        d += 3;
    else
        return 0;
    if (d < n && s[d] == ' ' && (s[4] == ' ')) d++;
    if (n - d != 2 && n - d != 4) return 0;
    int z = num_of(s + d, n - d);
    if (z < 0) return 0;
    return n - d == 2 ? z > a % 100 : z > a && z <= 2099;
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

/* Zones written after a clock time ("8:00 PM ET", "14.05 BST"); short ones
 * that are also words ("ET", "PT") only count there. The list is
 * weft/clock.h's, which the sentence splitter reads too. */
static int zone(const char *text, const ent_tok *t) {
    return ner_is_any(text, t, weft_clock_zones());
}

/* A clock time written with a dot ("14.05"), which is also a plain number:
 * hours to 23, minutes to 59. */
static int dot_time(const char *text, const ent_tok *t) {
    const char *s = text + t->b;
    size_t n = t->e - t->b;
    if (n < 4 || n > 5 || s[n - 3] != '.') return 0;
    for (size_t i = 0; i < n; i++)
        if (i != n - 3 && !digit(s[i])) return 0;
    int h = n == 5 ? (s[0] - '0') * 10 + (s[1] - '0') : s[0] - '0';
    return h <= 23 && s[n - 2] <= '5';
}

/* What may follow an hour: a.m./p.m., or one of the common zones ("3 GMT"). */
static int ampm(const char *text, const ent_tok *t) {
    static const char *const zones[] = {"gmt", "utc", "est", "edt", "cet", "bst", "pst", NULL};
    return ner_is_any(text, t, weft_clock_ampm()) || ner_is_any(text, t, zones);
}

/* Words before a month or a year that make it a date ("in May", "since 1998"). */
static const char *const month_cues[] = {"in",   "since", "until",  "by",   "last", "next", "early",
                                         "late", "mid",   "during", "this", "of",   NULL};
static const char *const year_cues[] = {"in",    "since",  "until", "by", "before",
                                        "after", "during", "from",  "of", NULL};
static const char *const percent_words[] = {"%", "percent", "pct", NULL};
/* Words that narrow a year, a decade or a month: "early 2016", "the late
 * 1990s", "mid-1980s", "late May". */
static const char *const period_mods[] = {"early", "mid", "late", NULL};
/* Words before a year that is the date of the noun after it ("the 2016
 * election", "a 2019 study", "its 2020 report"); a count has none ("2016
 * people"). */
static const char *const year_dets[] = {"the", "a",   "an",    "this", "that", "its", "his",
                                        "her", "our", "their", "my",   "your", NULL};
/* Words between two years of one span of time ("from 2010 to 2015",
 * "between 2010 and 2015", "2010 - 2015"). */
static const char *const year_joins[] = {"and", "or", "to", "through", NULL};

static int currency_sym(const char *s, size_t n, size_t *len) {
#define SYM(x)                                                                                     \
    { x, sizeof x - 1 }
    static const struct {
        const char *s;
        size_t n;
    } syms[] = {SYM("US$"), SYM("C$"), SYM("A$"), SYM("NZ$"), SYM("HK$"), SYM("S$"),  SYM("$"),
                SYM("£"),   SYM("€"),  SYM("¥"),  SYM("₹"),   SYM("R$"),  SYM("Rs."), SYM("Rs")};
#undef SYM
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        if (n >= syms[i].n && s[0] == syms[i].s[0] && !memcmp(s, syms[i].s, syms[i].n)) {
            *len = syms[i].n;
            return 1;
        }
    }
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

/* One sentence being scanned. */
typedef struct scan {
    const char *text;
    const ent_tok *T;
    uint32_t sb, se;
} scan;

/* -- EMAIL and URL: the tokenizer may have said so already ---------------- */
static int f_email_token(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b, (void)e;
    return p->T[i].kind == K_EMAIL;
}
static int f_url_token(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b, (void)e;
    return p->T[i].kind == K_URL;
}
static int f_email(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b, (void)e;
    const char *w = p->text + p->T[i].b;
    size_t wl = p->T[i].e - p->T[i].b;
    const char *at = memchr(w, '@', wl);
    return at && at > w && memchr(at, '.', wl - (size_t)(at - w)) && w[wl - 1] != '.';
}
static int f_url(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b, (void)e;
    const char *w = p->text + p->T[i].b;
    size_t wl = p->T[i].e - p->T[i].b;
    return (wl > 7 && !memcmp(w, "http://", 7)) || (wl > 8 && !memcmp(w, "https://", 8)) ||
           (wl > 4 && !memcmp(w, "www.", 4));
}

/* -- PHONE: adjacent phone-ish tokens at most one space apart ------------ */
static int f_phone(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b;
    const char *text = p->text;
    const ent_tok *T = p->T, *t = &T[i];
    if (!phone_part(text, t)) return 0;
    uint32_t j = i + 1, se = p->se;
    /* at most 12 parts ("+1 (202) 555-0143" is 8 tokens): keeps a line of a
     * million numbers linear */
    while (j < se && j < i + 12 && phone_part(text, &T[j]) && T[j].b - T[j - 1].e <= 1 &&
           !T[j].used)
        j++;
    /* trim trailing lone punctuation */
    while (j > i + 1 && !digit(text[T[j - 1].e - 1]) && text[T[j - 1].e - 1] != ')') j--;
    /* fewer than 7 bytes hold fewer than phone()'s 7 digits: most numbers
     * stop here, before the date and time tests (all of them pure tests
     * that must hold, so their order changes nothing) */
    if (T[j - 1].e - t->b < 7 || date_tok(text, t) || time_tok(text, t)) return 0;
    /* inside a longer run of numbers: a table, not a phone */
    int more =
        j == i + 12 || (i > p->sb && phone_part(text, &T[i - 1]) && T[i].b - T[i - 1].e <= 1);
    if (more || !phone(text, t->b, T[j - 1].e) || (j == i + 1 && number(text, t)) ||
        year_range_str(text + t->b, T[j - 1].e - t->b))
        return 0;
    *e = j;
    return 1;
}

/* -- PERCENT: 5%  5 %  5 percent  5 per cent  5 pct ----------------------- */
static int f_percent(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b;
    const char *text = p->text;
    const ent_tok *T = p->T, *t = &T[i];
    const char *w = text + t->b;
    size_t wl = t->e - t->b;
    if (!amount(text, t) && !(wl > 1 && digit(w[0]) && w[wl - 1] == '%')) return 0;
    if (w[wl - 1] == '%') return 1;
    if (i + 1 < p->se && ner_is_any(text, &T[i + 1], percent_words)) {
        *e = i + 2;
        return 1;
    }
    if (i + 2 < p->se && ner_is_word(text, &T[i + 1], "per") &&
        ner_is_word(text, &T[i + 2], "cent")) {
        *e = i + 3;
        return 1;
    }
    return 0;
}

/* "US$5": the tokenizer splits the country's letters from the dollar sign
 * ("US" "$" "5"); letters that name a dollar, glued to a "$" token. (Each
 * starts with a letter first_byte_offers gives ON_CURRENCY.) */
static int dollar_prefix(const scan *p, uint32_t i) {
    static const char *const pre[] = {"US", "C", "A", "AU", "NZ", "HK", "S", "R", "NT", "CA"};
    const ent_tok *T = p->T;
    if (i + 1 >= p->se || T[i].e != T[i + 1].b || T[i + 1].e - T[i + 1].b != 1 ||
        p->text[T[i + 1].b] != '$')
        return 0;
    size_t n = T[i].e - T[i].b;
    for (size_t k = 0; k < sizeof pre / sizeof pre[0]; k++)
        if (strlen(pre[k]) == n && !memcmp(p->text + T[i].b, pre[k], n)) return 1;
    return 0;
}

/* -- MONEY and QUANTITY: $5  US$ 5  $ 5 million  DM 5  5 million dollars  5 km */
static int f_money(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    if (dollar_prefix(p, i)) return f_money(p, i + 1, b, e);
    (void)b;
    const char *text = p->text;
    const ent_tok *T = p->T, *t = &T[i];
    const char *w = text + t->b;
    size_t wl = t->e - t->b, cl;
    uint32_t se = p->se;
    int sym = currency_sym(w, wl, &cl);
    if (!((sym && (cl < wl ? digit(w[cl])
                           : (i + 1 < se &&
                              (amount(text, &T[i + 1]) || scaled_number(text, &T[i + 1]))))) ||
          ((t->gf & G_CURRENCY) && t->shape == SH_UPPER && i + 1 < se && amount(text, &T[i + 1]))))
        return 0;
    uint32_t j = i + 1;
    if (!(sym && cl < wl)) j++;
    while (j < se && (T[j].gf & G_NUMWORD)) j++;
    *e = j;
    return 1;
}
/* The token after a number and its number words ("5 million"), or se. */
static uint32_t after_number(const scan *p, uint32_t i) {
    uint32_t j = i + 1;
    while (j < p->se && (p->T[j].gf & G_NUMWORD)) j++;
    return j;
}
static int f_money_after(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b;
    if (!amount(p->text, &p->T[i])) return 0;
    uint32_t j = after_number(p, i);
    if (j >= p->se || !(p->T[j].gf & G_CURRENCY) || p->T[j].shape == SH_CAP) return 0;
    *e = j + 1;
    return 1;
}
static int f_quantity(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b;
    if (!amount(p->text, &p->T[i])) return 0;
    uint32_t j = after_number(p, i);
    if (j >= p->se || !(p->T[j].gf & G_UNIT) || p->T[j].shape == SH_CAP ||
        p->T[j].shape == SH_UPPER)
        return 0;
    *e = j + 1;
    return 1;
}

/* -- TIME: 10:30  10:30 GMT  3 p.m. --------------------------------------- */
/* A clock time's tail: "a.m.", then a zone ("10:15 a.m. EDT", "8:00 PM ET"). */
static uint32_t time_tail(const scan *p, uint32_t j) {
    if (j < p->se && ampm(p->text, &p->T[j])) j++;
    if (j < p->se && zone(p->text, &p->T[j]) && p->T[j].shape != SH_LOWER) j++;
    return j;
}
static int f_time(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b;
    if (!time_tok(p->text, &p->T[i])) return 0;
    *e = time_tail(p, i + 1);
    return 1;
}
/* "14.05 BST", "9.30 pm": a dotted time only with its zone or a.m./p.m. */
static int f_time_dot(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b;
    if (!dot_time(p->text, &p->T[i])) return 0;
    uint32_t j = time_tail(p, i + 1);
    if (j == i + 1) return 0;
    *e = j;
    return 1;
}
/* "3pm", "11am": an hour glued to its a.m./p.m. in one token. */
static int hour_ampm_tok(const char *text, const ent_tok *t) {
    const char *s = text + t->cb;
    uint32_t n = t->ce - t->cb, i = 0, h = 0;
    while (i < n && i < 2 && digit(s[i])) h = h * 10 + (uint32_t)(s[i++] - '0');
    if (!i || h < 1 || h > 12 || n - i != 2) return 0;
    return ((s[i] | 0x20) == 'a' || (s[i] | 0x20) == 'p') && (s[i + 1] | 0x20) == 'm';
}
/* "8 p.m.", "8 p.m. ET", "3pm", "3pm GMT": an hour with a.m./p.m. (and
 * its zone). */
static int f_time_hour(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    const ent_tok *T = p->T;
    (void)b;
    if (hour_ampm_tok(p->text, &T[i])) {
        *e = time_tail(p, i + 1);
        return 1;
    }
    if (!(day_num(p->text, &T[i]) && T[i].e - T[i].b <= 2 && i + 1 < p->se &&
          ampm(p->text, &T[i + 1]) && !ner_is_word(p->text, &T[i + 1], "est")))
        return 0;
    *e = time_tail(p, i + 1);
    return 1;
}

/* -- DATE: 1996-08-30  30/08/1996  August 30 , 1996  30 August  Friday ---- */
static int f_date_numeric(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b, (void)e;
    return date_tok(p->text, &p->T[i]);
}

/* Bytes of s[0, n) that are a numeric date with plausible values:
 * YYYY-MM-DD (also with / or .), DD/MM/YYYY or MM/DD/YYYY (also 2-digit
 * years, with - or .), then for YYYY-MM-DD an ISO 8601 time ("T10:15",
 * ":00", ".5", "Z" or "+01:00"). 0 when it is none. */
static size_t date_str(const char *s, size_t n) {
    size_t at[3], len[3], k = 0, i = 0;
    char sep = 0;
    while (k < 3) {
        size_t b = i;
        while (i < n && digit(s[i])) i++;
        if (i == b) return 0;
        at[k] = b, len[k] = i - b, k++;
        if (k == 3) break;
        if (i >= n || (s[i] != '-' && s[i] != '/' && s[i] != '.')) return 0;
        if (sep && s[i] != sep) return 0;
        sep = s[i++];
    }
    if (i < n && digit(s[i])) return 0;
    int a = num_of(s + at[0], len[0]), m = num_of(s + at[1], len[1]), c = num_of(s + at[2], len[2]);
    if (len[0] == 4) {
        if (len[1] > 2 || len[2] > 2 || m < 1 || m > 12 || c < 1 || c > 31) return 0;
        if (a < 1800 || a > 2099) return 0;
        /* an ISO 8601 time after it */
        if (i + 3 < n && s[i] == 'T' && digit(s[i + 1]) && digit(s[i + 2]) && s[i + 3] == ':') {
            size_t t = i + 1;
            while (t < n && (digit(s[t]) || s[t] == ':' || s[t] == '.')) t++;
            if (t < n && s[t] == 'Z') {
                t++;
            } else if (t + 2 < n && (s[t] == '+' || s[t] == '-') && digit(s[t + 1])) {
                t++;
                while (t < n && (digit(s[t]) || s[t] == ':')) t++;
            }
            i = t;
        }
        return i;
    }
    if (len[0] > 2 || len[1] > 2 || (len[2] != 2 && len[2] != 4) || a < 1 || m < 1 || a > 31 ||
        m > 31 || (a > 12 && m > 12))
        return 0;
    if (len[2] == 4 && (c < 1800 || c > 2099)) return 0;
    return i;
}

/* A numeric date the tokenizer cut into touching tokens ("03 / 06 / 2025",
 * "2025 - 06 - 03T10:15:00 Z"; the stage joins the hyphenated numbers, so
 * "2025-06-03T10:15:00 Z"): the tokens whose bytes together are one. */
static int f_date_split(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    (void)b;
    const ent_tok *T = p->T;
    uint32_t j = i + 1;
    while (j < p->se && j < i + 10 && T[j].b == T[j - 1].e) j++;
    if (j < i + 2) return 0; /* one token is date-numeric's */
    const char *s = p->text + T[i].b;
    size_t n = date_str(s, T[j - 1].e - T[i].b);
    if (!n) return 0;
    uint32_t k = i + 1;
    while (k < j && T[k].e - T[i].b < n) k++;
    if (k == j || T[k].e - T[i].b != n) return 0; /* ends inside a token */
    /* part of a longer run of numbers ("2025-06-03-17"), not a date */
    if (k + 1 < j && digit(p->text[T[k + 1].b])) return 0;
    if (k + 2 < j && !digit(p->text[T[k + 1].b]) && digit(p->text[T[k + 2].b]) &&
        T[k + 1].e - T[k + 1].b == 1)
        return 0;
    *e = k + 1;
    return 1;
}
/* Is token t exactly the text lit (raw bytes, not its core)? */
static int tok_is(const char *text, const ent_tok *t, const char *lit) {
    size_t n = strlen(lit);
    return t->e - t->b == n && !memcmp(text + t->b, lit, n);
}

/* A dash between two numbers: "-" or an en dash. */
static int dash_tok(const char *text, const ent_tok *t) {
    return tok_is(text, t, "-") || tok_is(text, t, "\xE2\x80\x93");
}

/* An apostrophe token, ' or U+2019. */
static int apos_tok(const char *text, const ent_tok *t) {
    return tok_is(text, t, "'") || tok_is(text, t, "\xE2\x80\x99");
}

/* The token after a possessive glued to token i: "'s" or "’s" as one
 * token (the tokenizer's, after a number) or as two ("'", "s"); 0 when
 * none follows. */
static uint32_t poss_after(const scan *p, uint32_t i) {
    const char *text = p->text;
    const ent_tok *T = p->T;
    if (i + 1 >= p->se || T[i + 1].b != T[i].e) return 0;
    if (tok_is(text, &T[i + 1], "'s") || tok_is(text, &T[i + 1], "\xE2\x80\x99s")) return i + 2;
    if (i + 2 < p->se && apos_tok(text, &T[i + 1]) && tok_is(text, &T[i + 2], "s") &&
        T[i + 2].b == T[i + 1].e)
        return i + 3;
    return 0;
}

/* Does s[0, n) name a decade: a year ending in 0 then "s" ("1990s",
 * "1880s", "2000s"): 4; two digits ending in 0 then "s" ("90s", "00s"),
 * which need an apostrophe or "the" to be one: 2; else 0. */
static int decade_str(const char *s, size_t n) {
    if (n != 3 && n != 5) return 0;
    if (s[n - 1] != 's' || s[n - 2] != '0') return 0;
    for (size_t k = 0; k + 1 < n; k++)
        if (!digit(s[k])) return 0;
    if (n == 3) return 2;
    int v = num_of(s, 4);
    return v >= 1100 && v <= 2090 ? 4 : 0;
}

/* The first token of the modifier before token i, glued to it or a word
 * apart ("early 2016", "mid - 1980s", "late ' 90s"), or i when there is
 * none. Only free tokens. */
static uint32_t period_start(const scan *p, uint32_t i) {
    const char *text = p->text;
    const ent_tok *T = p->T;
    if (i >= p->sb + 2 && dash_tok(text, &T[i - 1]) && T[i - 1].b == T[i - 2].e &&
        T[i].b == T[i - 1].e && !T[i - 1].used && !T[i - 2].used &&
        ner_is_any(text, &T[i - 2], period_mods))
        return i - 2;
    if (i > p->sb && !T[i - 1].used && ner_is_any(text, &T[i - 1], period_mods)) return i - 1;
    return i;
}

/* A token that is a year in the range year() takes, read on its core
 * ("2016's" in one token is the year 2016). */
static int year_core(const char *text, const ent_tok *t) {
    if (t->ce - t->cb != 4) return 0;
    const char *s = text + t->cb;
    int v = num_of(s, 4);
    return v >= 1800 && v <= 2099;
}

static int f_date_month(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    const char *text = p->text;
    const ent_tok *T = p->T;
    uint32_t sb = p->sb, se = p->se;
    if (!(T[i].gf & G_MONTH) || T[i].shape != SH_CAP) return 0;
    uint32_t start = i, j = i + 1;
    int anchored = 0;
    if (i > sb && !T[i - 1].used && day_num(text, &T[i - 1])) start = i - 1, anchored = 1;
    if (j < se && day_num(text, &T[j])) j++, anchored = 1;
    if (j + 1 < se && ner_is_word(text, &T[j], ",") && year(text, &T[j + 1]))
        j += 2, anchored = 1;
    else if (j < se && year(text, &T[j]))
        j++, anchored = 1;
    if (!anchored && i > sb && ner_is_any(text, &T[i - 1], month_cues)) anchored = 1;
    if (!anchored) return 0;
    if (start == i) start = period_start(p, i); /* "late May", "mid-June 2025" */
    *b = start, *e = j;
    return 1;
}
static int f_date_weekday(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    const char *text = p->text;
    const ent_tok *T = p->T;
    uint32_t se = p->se;
    (void)b;
    if (!(T[i].gf & G_DAY) || (T[i].shape != SH_CAP && T[i].shape != SH_LOWER)) return 0;
    uint32_t j = i + 1;
    /* "Friday , August 30" is one date */
    if (j + 1 < se && ner_is_word(text, &T[j], ",") && (T[j + 1].gf & G_MONTH)) {
        j += 2;
        if (j < se && day_num(text, &T[j])) j++;
        if (j + 1 < se && ner_is_word(text, &T[j], ",") && year(text, &T[j + 1])) j++;
        if (j < se && year(text, &T[j])) j++;
    } else {
        /* so is "Tue 3 June 2025", "Wednesday , 4 June" (the news sites'
         * datelines) */
        uint32_t k = j;
        if (k < se && ner_is_word(text, &T[k], ",")) k++;
        if (k + 1 < se && day_num(text, &T[k]) && (T[k + 1].gf & G_MONTH) &&
            T[k + 1].shape == SH_CAP) {
            j = k + 2;
            if (j + 1 < se && ner_is_word(text, &T[j], ",") && year(text, &T[j + 1])) j++;
            if (j < se && year(text, &T[j])) j++;
        }
    }
    *e = j;
    return 1;
}

/* -- DATE: decades: "the 1990s", "the '90s", "the early 2000s", "mid-1980s".
 * A four-digit decade is a date wherever it stands, unless a count is meant
 * ("1000s of fans" is out of range; "2000s of fans", with no "the", cue or
 * modifier before, is none); two digits need an apostrophe ("'90s") or
 * "the" ("the 90s"; not "in her 90s"). "the 1990's" (year, apostrophe, s)
 * is a decade too. The span takes the apostrophe and the modifiers, not
 * "the". */
static int f_date_decade(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    const char *text = p->text;
    const ent_tok *T = p->T, *t = &T[i];
    uint32_t cb = t->cb, ce = t->ce, end = i + 1;
    int mid_in = 0; /* "mid-1980s" kept one token by the tokenizer */
    if (ce - cb > 4 && (text[cb] | 0x20) == 'm' && (text[cb + 1] | 0x20) == 'i' &&
        (text[cb + 2] | 0x20) == 'd' && text[cb + 3] == '-')
        cb += 4, mid_in = 1;
    int kind = decade_str(text + cb, ce - cb);
    if (!kind && !mid_in && (ce - cb == 4 || ce - cb == 2) && text[ce - 1] == '0' &&
        digit(text[cb]) && digit(text[cb + 1]) && (ce - cb == 2 || year_core(text, t)) &&
        (end = poss_after(p, i)))
        kind = (int)(ce - cb); /* "1990's", "the 90's" */
    if (!kind) return 0;
    uint32_t start = i;
    int apos = cb > t->b && text[cb - 1] == '\'';
    if (!apos && !mid_in && i > p->sb && apos_tok(text, &T[i - 1]) && T[i - 1].e == t->b &&
        !T[i - 1].used && (i - 1 == p->sb || T[i - 2].e < T[i - 1].b || dash_tok(text, &T[i - 2])))
        start = i - 1, apos = 1;
    if (!mid_in) start = period_start(p, start);
    int the = start > p->sb && ner_is_word(text, &T[start - 1], "the");
    if (kind == 2 && !apos && !the) return 0;
    if (kind == 4 && start == i && !the && end < p->se && ner_is_word(text, &T[end], "of") &&
        !(i > p->sb && ner_is_any(text, &T[i - 1], year_cues)))
        return 0;
    *b = start, *e = end;
    return 1;
}

/* -- DATE: a year: after a word that makes it one ("in 2016", "since 1998"),
 * after a modifier ("early 2016", "mid-2017"), between a determiner and
 * the word it dates ("the 2016 election", "a 2019 study"), before a
 * possessive ("2016's budget"), and the second year of a span of time
 * ("from 2010 to 2015", "2010 - 2015"). */
static int f_date_year(const scan *p, uint32_t i, uint32_t *b, uint32_t *e) {
    const char *text = p->text;
    const ent_tok *T = p->T, *t = &T[i];
    /* "2010-2015": the span of years, cut at the dash or whole */
    if (year_range_str(text + t->b, t->e - t->b)) return 1;
    if (i + 2 < p->se && dash_tok(text, &T[i + 1]) && T[i + 1].b - t->e <= 1 &&
        T[i + 2].b - T[i + 1].e <= 1 && year_range_str(text + t->b, T[i + 2].e - t->b)) {
        *e = i + 3;
        return 1;
    }
    if (!year_core(text, t)) return 0;
    /* the year alone or with its possessive: not "2016.5", "2016x" */
    if (!year(text, t) && !(t->cut && text[t->ce] == '\'')) return 0;
    if (i > p->sb && ner_is_any(text, &T[i - 1], year_cues)) return 1;
    uint32_t start = period_start(p, i);
    if (start < i) {
        *b = start;
        return 1;
    }
    if (i > p->sb && ner_is_any(text, &T[i - 1], year_dets) && i + 1 < p->se &&
        (T[i + 1].shape == SH_LOWER || T[i + 1].shape == SH_CAP || T[i + 1].shape == SH_UPPER))
        return 1;
    if ((t->cut && text[t->ce] == '\'') || poss_after(p, i)) return 1; /* "2016's" */
    if (i >= p->sb + 2 && T[i - 2].used && year_core(text, &T[i - 2]) &&
        (ner_is_any(text, &T[i - 1], year_joins) || dash_tok(text, &T[i - 1])))
        return 1;
    return 0;
}

/* What a token offers the gates below: cheap facts computed once a token. */
enum {
    ON_DIGIT = 1 << 0,      /* the token starts with a digit */
    ON_CORE_DIGIT = 1 << 1, /* its core starts with a digit ("(3" -> 3) */
    ON_EMAIL = 1 << 2,      /* the tokenizer's EMAIL */
    ON_URL = 1 << 3,        /* the tokenizer's URL */
    ON_MONTH = 1 << 4,
    ON_DAY = 1 << 5,
    ON_PHONE = 1 << 6,    /* empty, or starts with a byte phone_part allows */
    ON_CURRENCY = 1 << 7, /* starts with the first byte of a currency_sym sign, or G_CURRENCY */
    ON_WEB = 1 << 8,      /* starts with 'h' or 'w' (f_url's prefixes) */
    ON_AT = 1 << 9,       /* holds an '@' (f_email) */
    ON_MID = 1 << 10,     /* "mid-..." in one token ("mid-1980s") */
};

/* ON_PHONE, ON_CURRENCY and ON_WEB of a token's first byte (bit 1 << byte
 * % 64 of one of four masks: ASCII 0-63, 64-127, then 0xC2 and 0xE2). */
static unsigned first_byte_offers(unsigned char c) {
#define B(x) (1ull << ((unsigned)(x) % 64))
    static const uint64_t phone = B('0') | B('1') | B('2') | B('3') | B('4') | B('5') | B('6') |
                                  B('7') | B('8') | B('9') | B('-') | B('+') | B('(') | B(')') |
                                  B('.');
    static const uint64_t cur_lo = B('$'),
                          cur_hi = B('U') | B('C') | B('A') | B('N') | B('H') | B('S') | B('R');
    static const uint64_t web_hi = B('h') | B('w');
#undef B
    const uint64_t bit = 1ull << (c % 64);
    if (c < 64) return ((phone & bit) ? ON_PHONE : 0) | ((cur_lo & bit) ? ON_CURRENCY : 0);
    if (c < 128) return ((cur_hi & bit) ? ON_CURRENCY : 0) | ((web_hi & bit) ? ON_WEB : 0);
    return c == 0xC2 || c == 0xE2 ? ON_CURRENCY : 0; /* £ ¥; € ₹ */
}

static unsigned token_offers(const char *text, const ent_tok *t) {
    return (t->e > t->b && digit(text[t->b]) ? ON_DIGIT : 0) |
           (t->ce > t->cb && digit(text[t->cb]) ? ON_CORE_DIGIT : 0) |
           (t->kind == K_EMAIL ? ON_EMAIL : 0) | (t->kind == K_URL ? ON_URL : 0) |
           (t->gf & G_MONTH ? ON_MONTH : 0) | (t->gf & G_DAY ? ON_DAY : 0) |
           (t->ce - t->cb > 4 && (text[t->cb] | 0x20) == 'm' && text[t->cb + 3] == '-' ? ON_MID
                                                                                       : 0) |
           (t->gf & G_CURRENCY ? ON_CURRENCY : 0) |
           (t->e > t->b ? first_byte_offers((unsigned char)text[t->b]) : ON_PHONE) |
           (t->e > t->b && memchr(text + t->b, '@', t->e - t->b) ? ON_AT : 0);
}

/* A family: does it match at token i (the span [*b, *e) was preset to the
 * token i alone; a match may widen it)? It only looks; the table says what a
 * match is. gate: ON_* facts one of which the token must offer for find to
 * match, a necessary condition find checks again, so that a word like
 * "the" skips most families without a call. Every family has one: a token
 * that offers nothing tries none. raw: the span keeps its tokens' brackets
 * ("(212) 555-0143"); 2: only at its start (the apostrophe of "'90s", a
 * token whose core is empty). */
typedef int (*pat_find)(const scan *p, uint32_t i, uint32_t *b, uint32_t *e);
typedef struct pat_family {
    const char *name;
    pat_find find;
    unsigned gate;
    uint32_t label;
    float score;
    uint8_t raw;
} pat_family;

/* In order: at each free token the first family that matches wins. */
static const pat_family pat_families[] = {
    {"email-token", f_email_token, ON_EMAIL, L_EMAIL, 0.95f, 0},
    {"url-token", f_url_token, ON_URL, L_URL, 0.95f, 0},
    {"email", f_email, ON_AT, L_EMAIL, 0.9f, 0},
    {"url", f_url, ON_WEB, L_URL, 0.9f, 0},
    {"date-split", f_date_split, ON_DIGIT, L_DATE, 0.9f, 0},
    {"phone", f_phone, ON_PHONE, L_PHONE, 0.8f, 1},
    {"percent", f_percent, ON_DIGIT, L_PERCENT, 0.95f, 0},
    {"money", f_money, ON_CURRENCY, L_MONEY, 0.9f, 0},
    {"money-after", f_money_after, ON_DIGIT, L_MONEY, 0.85f, 0},
    {"quantity", f_quantity, ON_DIGIT, L_QUANTITY, 0.8f, 0},
    {"time", f_time, ON_DIGIT, L_TIME, 0.9f, 0},
    {"time-hour", f_time_hour, ON_CORE_DIGIT, L_TIME, 0.85f, 0},
    {"time-dot", f_time_dot, ON_DIGIT, L_TIME, 0.85f, 0},
    {"date-numeric", f_date_numeric, ON_DIGIT, L_DATE, 0.9f, 0},
    {"date-month", f_date_month, ON_MONTH, L_DATE, 0.9f, 0},
    {"date-weekday", f_date_weekday, ON_DAY, L_DATE, 0.85f, 0},
    {"date-decade", f_date_decade, ON_CORE_DIGIT | ON_MID, L_DATE, 0.8f, 2},
    {"date-year", f_date_year, ON_DIGIT, L_DATE, 0.75f, 0},
};
#define NFAMILIES (sizeof pat_families / sizeof pat_families[0])

static int add(ner_scratch *s, uint32_t tb, uint32_t te, const pat_family *f) {
    if (weft_grow((void **)&s->sp, &s->capsp, s->nsp + 1, sizeof *s->sp)) return -1;
    ent_tok *T = s->tok;
    s->sp[s->nsp++] = (ent_span){.tb = tb,
                                 .te = te,
                                 .b = f->raw ? T[tb].b : T[tb].cb,
                                 .e = f->raw == 1 ? T[te - 1].e : T[te - 1].ce,
                                 .label = f->label,
                                 .score = f->score,
                                 .source = SRC_PATTERN,
                                 .strong = 1};
    for (uint32_t i = tb; i < te; i++) T[i].used = 1;
    return 0;
}

int pat_sentence(const char *text, ner_scratch *s, uint32_t sb, uint32_t se) {
    const scan p = {text, s->tok, sb, se};
    /* the families each ON_* fact lets try (bit k: pat_families[k]), so
     * that a token tries only those its facts open, in the table's order */
    enum { NON = 11 };
    _Static_assert(NFAMILIES <= 32, "a family mask is 32 bits");
    _Static_assert(ON_MID == 1 << (NON - 1), "NON counts the ON_* facts");
    uint32_t opens[NON] = {0};
    for (size_t k = 0; k < NFAMILIES; k++)
        for (unsigned g = pat_families[k].gate; g; g &= g - 1) opens[__builtin_ctz(g)] |= 1u << k;
    for (uint32_t i = sb; i < se; i++) {
        if (s->tok[i].used) continue;
        unsigned offers = token_offers(text, &s->tok[i]);
        uint32_t fams = 0;
        for (unsigned o = offers; o; o &= o - 1) fams |= opens[__builtin_ctz(o)];
        for (; fams; fams &= fams - 1) {
            const pat_family *f = &pat_families[__builtin_ctz(fams)];
            uint32_t b = i, e = i + 1;
            if (!f->find(&p, i, &b, &e)) continue;
            if (add(s, b, e, f)) return -1;
            i = e - 1;
            break;
        }
    }
    return 0;
}

int pat_family_at(const char *text, const ner_scratch *s, uint32_t sb, uint32_t se, uint32_t i,
                  size_t k, uint32_t *b, uint32_t *e) {
    if (k >= NFAMILIES || i < sb || i >= se) return -1;
    const scan p = {text, s->tok, sb, se};
    *b = i, *e = i + 1;
    return pat_families[k].find(&p, i, b, e);
}

const char *pat_family_name(size_t k) {
    return k < NFAMILIES ? pat_families[k].name : NULL;
}

size_t pat_family_find(const char *name) {
    for (size_t k = 0; k < NFAMILIES; k++)
        if (!strcmp(pat_families[k].name, name)) return k;
    return SIZE_MAX;
}
