/* Phrase rules shared by the HTML and plain-text modes: lines that are share
 * buttons, "read more" teasers, cookie notices, copyright lines, subscribe
 * prompts and bylines. They only ever apply to short blocks, so a real
 * paragraph that happens to contain such words is kept. */
#include <string.h>

#include "bp.h"
#include "weft/unicode.h"

const char *const bp_reason_names[BP_NREASONS + 1] = {
    "keep",      "nav",      "link-dense", "share",
    "related",   "cookie",   "copyright",  "duplicate-title",
    "short",     "aside",    "footer",     "header",
    "form",      "hidden",   "comments",   "ad",
    "unlikely",  "outside",  "subscribe",  "byline",
    "duplicate", "low-text", "heading",    "list",
    "table",     "caption",  NULL};

/* Every byte with ASCII letters in lower case: folding is one load in the
 * phrase searches' inner loops. */
static const unsigned char ascii_fold[256] = {
    0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  13,  14,  15,  16,  17,  18,
    19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  31,  32,  33,  34,  35,  36,  37,
    38,  39,  40,  41,  42,  43,  44,  45,  46,  47,  48,  49,  50,  51,  52,  53,  54,  55,  56,
    57,  58,  59,  60,  61,  62,  63,  64,  97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107,
    108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 91,  92,  93,  94,
    95,  96,  97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113,
    114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 130, 131, 132,
    133, 134, 135, 136, 137, 138, 139, 140, 141, 142, 143, 144, 145, 146, 147, 148, 149, 150, 151,
    152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 165, 166, 167, 168, 169, 170,
    171, 172, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189,
    190, 191, 192, 193, 194, 195, 196, 197, 198, 199, 200, 201, 202, 203, 204, 205, 206, 207, 208,
    209, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227,
    228, 229, 230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246,
    247, 248, 249, 250, 251, 252, 253, 254, 255,
};

/* c is a byte (0..255). */
static inline int lower_ascii(int c) {
    return ascii_fold[(unsigned char)c];
}

/* The prefix is not measured first: most lines differ in the first byte. */
int bp_starts_with_ci(const char *s, size_t n, const char *prefix) {
    for (size_t i = 0;; i++) {
        if (!prefix[i]) return 1;
        if (i == n || lower_ascii((unsigned char)s[i]) != lower_ascii((unsigned char)prefix[i]))
            return 0;
    }
}

/* The first match, folding ASCII case. When the needle holds a byte that
 * case does not touch (not an ASCII letter: "http://" has ':'), candidates
 * are found by memchr on that byte; otherwise by memchr on the first
 * letter's two cases. */
const char *bp_find_ci(const char *s, size_t n, const char *needle) {
    size_t k = strlen(needle);
    if (!k || k > n) return NULL;
    size_t a = 0;
    while (a < k && (unsigned)((needle[a] | 0x20) - 'a') < 26) a++;
    if (a < k) {
        /* Candidates start at s + i for i in [0, n - k]: their byte a lies
         * in [s + a, s + a + n - k]. */
        const char *p = s + a, *last = s + a + (n - k);
        while (p <= last) {
            p = memchr(p, needle[a], (size_t)(last - p) + 1);
            if (!p) return NULL;
            const char *c = p - a;
            size_t j = 0;
            while (j < k &&
                   lower_ascii((unsigned char)c[j]) == lower_ascii((unsigned char)needle[j]))
                j++;
            if (j == k) return c;
            p++;
        }
        return NULL;
    }
    /* all letters: the candidates are the first letter in either case,
     * each found by memchr and taken in the order they come */
    char lo = (char)lower_ascii((unsigned char)needle[0]), up = (char)(lo & ~0x20);
    const char *last = s + (n - k), *pl = memchr(s, lo, n - k + 1), *pu = memchr(s, up, n - k + 1);
    while (pl || pu) {
        const char *c = !pu || (pl && pl < pu) ? pl : pu;
        size_t j = 1;
        while (j < k && lower_ascii((unsigned char)c[j]) == lower_ascii((unsigned char)needle[j]))
            j++;
        if (j == k) return c;
        if (c == pl)
            pl = pl < last ? memchr(pl + 1, lo, (size_t)(last - pl)) : NULL;
        else
            pu = pu < last ? memchr(pu + 1, up, (size_t)(last - pu)) : NULL;
    }
    return NULL;
}

/* Skips leading and trailing spaces and punctuation (ASCII and common
 * Unicode bullets/arrows/dashes). */
static void trim_punct(const char **s, size_t *n) {
    const unsigned char *u = (const unsigned char *)*s;
    size_t b = 0, e = *n;
    for (;;) {
        if (b < e && (u[b] < 0x80) && !((u[b] | 0x20) >= 'a' && (u[b] | 0x20) <= 'z') &&
            !(u[b] >= '0' && u[b] <= '9')) {
            b++;
            continue;
        }
        /* U+2000..U+27BF (punctuation, arrows, bullets, dingbats) and NBSP. */
        if (b + 2 < e && u[b] == 0xE2 && u[b + 1] >= 0x80 && u[b + 1] <= 0x9E) {
            b += 3;
            continue;
        }
        if (b + 1 < e && u[b] == 0xC2 &&
            (u[b + 1] == 0xA0 || u[b + 1] == 0xBB || u[b + 1] == 0xAB || u[b + 1] == 0xB7 ||
             u[b + 1] == 0xA9)) {
            b += 2;
            continue;
        }
        break;
    }
    while (e > b && u[e - 1] < 0x80 && !((u[e - 1] | 0x20) >= 'a' && (u[e - 1] | 0x20) <= 'z') &&
           !(u[e - 1] >= '0' && u[e - 1] <= '9'))
        e--;
    *s += b;
    *n = e - b;
}

/* A line made only of these (after punctuation) is a share or action button. */
static const char *const share_words[] = {
    "facebook",      "twitter",    "x",         "linkedin",   "pinterest",  "whatsapp",
    "telegram",      "reddit",     "email",     "e-mail",     "mail",       "print",
    "drucken",       "imprimer",   "imprimir",  "pdf",        "share",      "teilen",
    "partager",      "compartir",  "condividi", "udostępnij", "tweet",      "flipboard",
    "pocket",        "xing",       "instagram", "youtube",    "tumblr",     "weibo",
    "wechat",        "qq",         "google",    "google+",    "messenger",  "copy link",
    "link kopieren", "copy",       "comments",  "comment",    "kommentare", "like",
    "save",          "merken",     "feedback",  "rss",        "sms",        "bluesky",
    "mastodon",      "threads",    "vk",        "ok",         "top",        "back to top",
    "nach oben",     "zurück",     "back",      "next",       "previous",   "weiter",
    "home",          "startseite", "menu",      "menü",       "search",     "suche",
    "login",         "log in",     "sign in",   "anmelden",   "register",   "registrieren",
    "close",         "schließen",  "reply",     "antworten",  "répondre",   "responder",
    "reply",         "antworten",  "répondre",  "responder",  "twittern",   NULL};

static const char *const share_prefixes[] = {"share this",
                                             "share on",
                                             "share via",
                                             "share:",
                                             "share article",
                                             "share the article",
                                             "share story",
                                             "teilen auf",
                                             "teilen:",
                                             "diesen artikel teilen",
                                             "artikel teilen",
                                             "seite teilen",
                                             "beitrag teilen",
                                             "diesen beitrag teilen",
                                             "diese geschichte teilen",
                                             "partager sur",
                                             "partager :",
                                             "compartir en",
                                             "follow us",
                                             "follow me",
                                             "folgen sie uns",
                                             "folge uns",
                                             "suivez-nous",
                                             "síguenos",
                                             "like us on",
                                             "find us on",
                                             "connect with us",
                                             "join us on",
                                             "click to share",
                                             "click to email",
                                             "click to print",
                                             "opens in a new window",
                                             "open in new window",
                                             NULL};

static const char *const related_prefixes[] = {"related",
                                               "read more",
                                               "read also",
                                               "read next",
                                               "also read",
                                               "more news",
                                               "more from",
                                               "more stories",
                                               "more on this",
                                               "more about",
                                               "see also",
                                               "see more",
                                               "you may also like",
                                               "you might also like",
                                               "you may like",
                                               "recommended",
                                               "most popular",
                                               "most read",
                                               "most viewed",
                                               "popular stories",
                                               "popular posts",
                                               "trending",
                                               "top stories",
                                               "continue reading",
                                               "keep reading",
                                               "further reading",
                                               "latest news",
                                               "latest stories",
                                               "more:",
                                               "mehr zum thema",
                                               "mehr zu",
                                               "mehr lesen",
                                               "weiterlesen",
                                               "weitere artikel",
                                               "weitere informationen",
                                               "weitere nachrichten",
                                               "lesen sie auch",
                                               "lesen sie mehr",
                                               "auch interessant",
                                               "das könnte sie auch interessieren",
                                               "das könnte sie interessieren",
                                               "ähnliche artikel",
                                               "ähnliche beiträge",
                                               "verwandte beiträge",
                                               "weitere beiträge",
                                               "das könnte dich auch interessieren",
                                               "weiterführender link",
                                               "weiterführende artikel",
                                               "verwandte artikel",
                                               "zum artikel",
                                               "mehr dazu",
                                               "lire aussi",
                                               "lire la suite",
                                               "à lire aussi",
                                               "voir aussi",
                                               "en savoir plus",
                                               "leer más",
                                               "lee también",
                                               "te puede interesar",
                                               "noticias relacionadas",
                                               "temas relacionados",
                                               "artículos relacionados",
                                               "notas relacionadas",
                                               "contenido relacionado",
                                               "también te puede interesar",
                                               "lo más leído",
                                               "veja também",
                                               "veja mais",
                                               "notícias relacionadas",
                                               "artigos relacionados",
                                               "matérias relacionadas",
                                               "articles similaires",
                                               "articles liés",
                                               "sur le même sujet",
                                               "à lire également",
                                               "dans la même rubrique",
                                               "articoli correlati",
                                               "potrebbe interessarti",
                                               "ti potrebbe interessare",
                                               "lees ook",
                                               "gerelateerde artikelen",
                                               "podobne artykuły",
                                               "читайте также",
                                               "похожие статьи",
                                               "по теме",
                                               "διαβάστε επίσης",
                                               "σχετικά άρθρα",
                                               "powiązane artykuły",
                                               "czytaj też",
                                               "similar posts",
                                               "similar articles",
                                               "more like this",
                                               "leggi anche",
                                               "czytaj także",
                                               "czytaj więcej",
                                               "zobacz też",
                                               "zobacz także",
                                               "leia também",
                                               "leia mais",
                                               "zum weiterlesen",
                                               "weiterführende links",
                                               "weiterführende informationen",
                                               "originalartikel",
                                               "about the author",
                                               "über den autor",
                                               "über die autorin",
                                               "zur person",
                                               "anzeige -",
                                               "anzeige:",
                                               "*werbung",
                                               "werbung:",
                                               "werbung |",
                                               NULL};

static const char *const subscribe_needles[] = {"subscribe",
                                                "newsletter",
                                                "sign up for",
                                                "sign up to",
                                                "abonnieren",
                                                "abonnez-vous",
                                                "suscríbete",
                                                "inscrivez-vous",
                                                "get our free",
                                                "get the latest",
                                                "join our mailing",
                                                "enter your email",
                                                "your email address",
                                                "ihre e-mail-adresse",
                                                "zum newsletter",
                                                "jetzt abonnieren",
                                                "register now",
                                                "create an account",
                                                "create a free account",
                                                "download the",
                                                "download our app",
                                                "our app",
                                                "eingeloggt",
                                                "logged in",
                                                "log in to",
                                                "sign in to",
                                                "to comment",
                                                "um kommentare",
                                                NULL};

static const char *const cookie_needles[] = {"cookie",
                                             "gdpr",
                                             "datenschutzeinstellungen",
                                             "einwilligung",
                                             "privacy settings",
                                             "privacy preferences",
                                             "we value your privacy",
                                             NULL};

static const char *const ad_lines[] = {"advertisement",
                                       "advertisements",
                                       "advertising",
                                       "anzeige",
                                       "werbung",
                                       "publicité",
                                       "publicidad",
                                       "pubblicità",
                                       "reklama",
                                       "sponsored",
                                       "sponsored content",
                                       "promoted",
                                       "loading",
                                       "loading...",
                                       "paid content",
                                       "partner content",
                                       "ad",
                                       "ads",
                                       "externer inhalt",
                                       "external content",
                                       "anzeigen",
                                       NULL};

static const char *const byline_prefixes[] = {"by ",
                                              "posted by",
                                              "written by",
                                              "published by",
                                              "von ",
                                              "par ",
                                              "por ",
                                              "di ",
                                              "autor:",
                                              "author:",
                                              "text:",
                                              "published",
                                              "posted on",
                                              "posted:",
                                              "updated",
                                              "last updated",
                                              "veröffentlicht",
                                              "aktualisiert",
                                              "stand:",
                                              "publié",
                                              "mis à jour",
                                              "publicado",
                                              "actualizado",
                                              "opublikowano",
                                              "aggiornato",
                                              "pubblicato",
                                              "reviewed by",
                                              "fact checked by",
                                              "fact-checked by",
                                              NULL};

static const char *const caption_prefixes[] = {
    "photo:",       "photo by",   "photograph:", "image:",     "image by",     "picture:",
    "foto:",        "bild:",      "quelle:",     "source:",    "credit:",      "credits:",
    "getty images", "fotó:",      "zdjęcie:",    "abbildung:", "beitragsbild", "bildquelle",
    "bild via",     "vergrößern", "enlarge",     NULL};

/* What the site says of its comments, under the article: the policy
 * ("Comments are moderated ...", "We welcome comments that ...") and its
 * status ("Comments are closed."). Each phrase holds its verb, so a line
 * that opens with one is the notice; an article's sentence about comments
 * opens otherwise ("Residents sent comments to ...") or reports a source. */
static const char *const comment_policy[] = {"comments are moderated",
                                             "comments are closed",
                                             "comments are disabled",
                                             "comments are reviewed",
                                             "comments are subject to",
                                             "comments have been closed",
                                             "comments have been disabled",
                                             "commenting is closed",
                                             "commenting is disabled",
                                             "commenting has been",
                                             "all comments are",
                                             "all comments will be",
                                             "we welcome comments",
                                             "we welcome your comments",
                                             "we welcome all comments",
                                             "we encourage comments",
                                             "comment policy",
                                             "comments policy",
                                             "commenting policy",
                                             "please keep comments",
                                             "please keep your comments",
                                             "please read our comment",
                                             "please read our community",
                                             "kommentare sind geschlossen",
                                             "kommentare sind deaktiviert",
                                             "kommentare werden moderiert",
                                             "kommentare werden freigeschaltet",
                                             "kommentare werden vor",
                                             "kommentare werden geladen",
                                             "die kommentarfunktion",
                                             "kommentarfunktion",
                                             "kommentar-regeln",
                                             "kommentarregeln",
                                             "los comentarios están",
                                             "los comentarios son moderados",
                                             "comentarios cerrados",
                                             "les commentaires sont",
                                             "commentaires fermés",
                                             "i commenti sono",
                                             "os comentários são",
                                             "comentários encerrados",
                                             "reacties zijn gesloten",
                                             "komentarze są",
                                             "komentarze zostały",
                                             NULL};

static const char *const misc_prefixes[] = {"tags:",
                                            "tagged",
                                            "filed under",
                                            "categories:",
                                            "category:",
                                            "schlagwörter",
                                            "themen:",
                                            "stichworte",
                                            "kategorie",
                                            "posted in",
                                            "leave a comment",
                                            "leave a reply",
                                            "add comment",
                                            "write a comment",
                                            "kommentar schreiben",
                                            "kommentieren",
                                            "jump to comments",
                                            "click here",
                                            "hier klicken",
                                            "all rights reserved",
                                            "alle rechte vorbehalten",
                                            "skip to content",
                                            "skip to main content",
                                            "zum inhalt springen",
                                            "zur navigation",
                                            "you are here",
                                            "sie sind hier",
                                            "breadcrumb",
                                            "back to",
                                            "zurück zu",
                                            "previous article",
                                            "next article",
                                            "previous post",
                                            "next post",
                                            "vorheriger artikel",
                                            "nächster artikel",
                                            "page 1 of",
                                            "seite 1 von",
                                            "release date:",
                                            "last modified:",
                                            "news date",
                                            "date:",
                                            "datum:",
                                            NULL};

static const char *const copyright_needles[] = {"\xC2\xA9",
                                                "&copy",
                                                "all rights reserved",
                                                "alle rechte vorbehalten",
                                                "tous droits réservés",
                                                "todos los derechos reservados",
                                                NULL};

/* A cookie banner or a prompt to subscribe speaks for the site or to the
 * reader; a news sentence about tracking cookies, a consent ruling or a
 * newsletter's readers speaks of third parties. Whole words. */
static const char *const address_words[] = {"you",
                                            "your",
                                            "we",
                                            "our",
                                            "us",
                                            "this site",
                                            "this website",
                                            "wir",
                                            "unsere",
                                            "unserer",
                                            "unseren",
                                            "ihnen",
                                            "diese website",
                                            "diese seite",
                                            "nous",
                                            "vous",
                                            "votre",
                                            "vos",
                                            "notre",
                                            "nos",
                                            "ce site",
                                            "usted",
                                            "nuestro",
                                            "nuestra",
                                            "nuestros",
                                            "utilizamos",
                                            "usamos",
                                            "este sitio",
                                            "utilizziamo",
                                            "nostro",
                                            "nostri",
                                            "questo sito",
                                            "você",
                                            "nosso",
                                            "nossa",
                                            "używamy",
                                            "nasz",
                                            "nasza",
                                            "wij",
                                            "onze",
                                            "uw",
                                            "unser",
                                            "unserem",
                                            "dieser website",
                                            "diese webseite",
                                            "dieser webseite",
                                            "wyrażasz",
                                            "akceptujesz",
                                            NULL};

/* A banner or prompt may instead open with what it asks the reader to do. */
static const char *const prompt_starts[] = {"accept",      "allow",
                                            "agree",       "manage",
                                            "click",       "by continuing",
                                            "by using",    "by clicking",
                                            "continue",    "sign up",
                                            "log in",      "login",
                                            "sign in",     "register",
                                            "create",      "download",
                                            "get ",        "join",
                                            "enter",       "subscribe",
                                            "akzeptieren", "alle akzeptieren",
                                            "zustimmen",   "accepter",
                                            "aceptar",     "accetta",
                                            "akceptuj",    NULL};

/* Phrases only a prompt to subscribe or log in uses. */
static const char *const subscribe_cues[] = {"our newsletter", "free newsletter",
                                             "subscribe to",   "subscribe now",
                                             "subscribe for",  "subscribe today",
                                             "log in",         "login",
                                             "sign in",        "free trial",
                                             "abonnieren",     "abonnez",
                                             "suscr",          NULL};

/* An ad break: a short line every word of which is in ad_break_words,
 * with a word that says the text goes on (ad_break_on) and one that says
 * where or why (ad_break_at): "Story continues below advertisement",
 * "Article continues after this ad", "Scroll to continue reading",
 * "Weiterlesen nach der Anzeige", "La suite après la publicité". A
 * sentence about a story that continues holds other words. */
static const char *const ad_break_on[] = {
    "continue", "continues", "continued", "continuing", "weiter",   "weiterlesen", "fortgesetzt",
    "suite",    "continúa",  "continua",  "sigue",      "prosegue", NULL};
static const char *const ad_break_at[] = {"below",
                                          "after",
                                          "beneath",
                                          "under",
                                          "scroll",
                                          "ad",
                                          "ads",
                                          "advert",
                                          "adverts",
                                          "advertisement",
                                          "advertisements",
                                          "advertising",
                                          "sponsored",
                                          "main",
                                          "anzeige",
                                          "werbung",
                                          "publicité",
                                          "après",
                                          "ci-dessous",
                                          "anuncio",
                                          "publicidad",
                                          "después",
                                          "tras",
                                          "debajo",
                                          "pubblicità",
                                          "dopo",
                                          "sotto",
                                          NULL};
static const char *const ad_break_words[] = {"story",
                                             "article",
                                             "content",
                                             "text",
                                             "report",
                                             "post",
                                             "page",
                                             "reading",
                                             "read",
                                             "the",
                                             "this",
                                             "these",
                                             "an",
                                             "a",
                                             "message",
                                             "down",
                                             "to",
                                             "for",
                                             "with",
                                             "our",
                                             "of",
                                             "and",
                                             "rest",
                                             "keep",
                                             "is",
                                             "on",
                                             "lesen",
                                             "sie",
                                             "nach",
                                             "der",
                                             "artikel",
                                             "wird",
                                             "unten",
                                             "geht",
                                             "es",
                                             "la",
                                             "le",
                                             "de",
                                             "l'article",
                                             "l\xE2\x80\x99"
                                             "article",
                                             "cette",
                                             "annonce",
                                             "leyendo",
                                             "del",
                                             "noticia",
                                             "el",
                                             "artículo",
                                             "l'articolo",
                                             "l\xE2\x80\x99"
                                             "articolo",
                                             "articolo",
                                             "leggere",
                                             "il",
                                             NULL};

/* The role of an ad-break word: its tag in BP_PL_AD_BREAK. */
enum { ADB_ON = 1, ADB_AT = 2, ADB_WORD = 4 };

/* Phrase lists as bp_phrases holds them: each compiled once, at open(), so
 * a line is compared only with the phrases that start with its byte. The
 * order matches enum bp_phrase_list. */
static const char *const *const phrase_lists[BP_PL_COUNT] = {
    share_words,   share_prefixes,  related_prefixes, subscribe_needles, cookie_needles,
    ad_lines,      byline_prefixes, caption_prefixes, misc_prefixes,     NULL,
    address_words, prompt_starts,   subscribe_cues,   comment_policy};

/* The lists whose phrases may lie anywhere in a line, searched together in
 * one pass: the bit each one's phrases set in plist_contains' answer. */
enum { HIT_COPYRIGHT = 1u << 0, HIT_COOKIE = 1u << 1, HIT_SUBSCRIBE = 1u << 2, HIT_ALL = 7u };

/* Chains the phrases of plist pl by folded first byte, tagging each with
 * tag. Chained in reverse so each chain keeps the list's order. */
static void plist_add(bp_plist *pl, const char *const *words, uint8_t tag) {
    size_t k0 = pl->n, k = 0;
    while (words[k]) k++; /* the _Static_asserts below keep k0 + k in bounds */
    for (size_t i = 0; i < k; i++) {
        pl->w[k0 + i] = words[i];
        pl->tag[k0 + i] = tag;
        if (!words[i][0]) pl->empty = 1;
    }
    pl->n = k0 + k;
    for (size_t i = k0 + k; i-- > k0;) {
        const char *w = pl->w[i];
        if (!w[0]) continue;
        unsigned char c = (unsigned char)lower_ascii((unsigned char)w[0]);
        pl->next[i] = pl->head[c];
        pl->head[c] = (uint8_t)i;
    }
}

/* plist_contains' hash of a folded byte pair (shift's index). */
static inline unsigned pair_hash(unsigned a, unsigned b) {
    return (a << 5 ^ b) & 4095u;
}

/* Builds pl's skip table once every phrase is in. A list with more short
 * phrases than pl->shorts holds keeps minlen 0: it is read byte by byte. */
static void plist_index(bp_plist *pl) {
    /* the two-byte filter in front of the chains (plist_starts, and the
     * needle search's windows): a phrase's first two bytes folded, as
     * starts_ci compares them to the line's folded ones */
    memset(pl->start2, 0, sizeof pl->start2);
    pl->start2_all = 0;
    for (size_t i = 0; i < pl->n; i++) {
        const unsigned char *w = (const unsigned char *)pl->w[i];
        if (!w[0] || !w[1]) {
            pl->start2_all = 1;
            continue;
        }
        unsigned h = pair_hash(ascii_fold[w[0]], ascii_fold[w[1]]);
        pl->start2[h >> 6] |= (uint64_t)1 << (h & 63);
    }
    size_t m = 0, ns = 0;
    pl->minlen = 0;
    pl->nshort = 0;
    for (size_t i = 0; i < pl->n; i++) {
        size_t k = strlen(pl->w[i]);
        if (k >= BP_PLIST_SKIP_MIN) {
            if (!m || k < m) m = k;
        } else if (k) {
            ns++;
        }
    }
    if (ns > sizeof pl->shorts || m > 255) return;
    pl->short_cont = 0;
    for (size_t i = 0; i < pl->n; i++) {
        size_t k = strlen(pl->w[i]);
        if (!k || k >= BP_PLIST_SKIP_MIN) continue;
        for (size_t j = 0; j < k; j++)
            if (((unsigned char)pl->w[i][j] & 0xC0) == 0x80) pl->short_cont |= 1u << pl->nshort;
        pl->shorts[pl->nshort++] = (uint8_t)i;
    }
    if (!m) {
        pl->minlen = 0;
        pl->nshort = 0;
        return;
    }
    /* A window of m bytes ending with a pair no phrase holds in its first
     * m bytes moves on by m - 1; one ending with a pair a phrase holds
     * ending at offset j, by no more than m - 1 - j. */
    memset(pl->shift, (int)(m - 1), sizeof pl->shift);
    for (size_t i = 0; i < pl->n; i++) {
        const char *w = pl->w[i];
        if (strlen(w) < BP_PLIST_SKIP_MIN) continue;
        for (size_t j = 1; j < m; j++) {
            unsigned h = pair_hash((unsigned)lower_ascii((unsigned char)w[j - 1]),
                                   (unsigned)lower_ascii((unsigned char)w[j]));
            if (pl->shift[h] > m - 1 - j) pl->shift[h] = (uint8_t)(m - 1 - j);
        }
    }
    pl->minlen = (uint8_t)m;
}

static void plist_init(bp_plist *pl) {
    memset(pl, 0, sizeof *pl);
    memset(pl->head, 0xFF, sizeof pl->head);
}

#define PHRASES(list) (sizeof list / sizeof list[0] - 1)
_Static_assert(
    PHRASES(share_words) <= BP_PLIST_MAX && PHRASES(share_prefixes) <= BP_PLIST_MAX &&
        PHRASES(related_prefixes) <= BP_PLIST_MAX && PHRASES(subscribe_needles) <= BP_PLIST_MAX &&
        PHRASES(cookie_needles) <= BP_PLIST_MAX && PHRASES(ad_lines) <= BP_PLIST_MAX &&
        PHRASES(byline_prefixes) <= BP_PLIST_MAX && PHRASES(caption_prefixes) <= BP_PLIST_MAX &&
        PHRASES(misc_prefixes) <= BP_PLIST_MAX && PHRASES(address_words) <= BP_PLIST_MAX &&
        PHRASES(prompt_starts) <= BP_PLIST_MAX && PHRASES(subscribe_cues) <= BP_PLIST_MAX &&
        PHRASES(comment_policy) <= BP_PLIST_MAX &&
        PHRASES(ad_break_on) + PHRASES(ad_break_at) + PHRASES(ad_break_words) <= BP_PLIST_MAX,
    "a phrase list fits a bp_plist (chains are bytes)");
_Static_assert(PHRASES(copyright_needles) + PHRASES(cookie_needles) + PHRASES(subscribe_needles) <=
                   BP_PLIST_MAX,
               "the lists searched together fit one bp_plist");

/* The lists rule_facts_read compares with the line's start, their bits in
 * pstart_match's answer, and whether a phrase must be the whole line. */
enum {
    PS_SHARE_WORD = 1u << 0,
    PS_AD = 1u << 1,
    PS_SHARE_PREFIX = 1u << 2,
    PS_RELATED = 1u << 3,
    PS_BYLINE = 1u << 4,
    PS_CAPTION = 1u << 5,
    PS_MISC = 1u << 6,
    PS_COMMENT_POLICY = 1u << 7
};
static const struct {
    uint8_t list, bit, whole;
} pstart_lists[] = {{BP_PL_SHARE_WORDS, PS_SHARE_WORD, 1},
                    {BP_PL_AD, PS_AD, 1},
                    {BP_PL_SHARE_PREFIXES, PS_SHARE_PREFIX, 0},
                    {BP_PL_RELATED, PS_RELATED, 0},
                    {BP_PL_BYLINE, PS_BYLINE, 0},
                    {BP_PL_CAPTION, PS_CAPTION, 0},
                    {BP_PL_MISC, PS_MISC, 0},
                    {BP_PL_COMMENT_POLICY, PS_COMMENT_POLICY, 0}};
_Static_assert(8 * BP_PLIST_MAX <= BP_PSTART_MAX, "the start lists fit one bp_pstart");

static void pstart_build(bp_pstart *ps, const bp_phrases *ph) {
    memset(ps, 0, sizeof *ps);
    memset(ps->head2, 0xFF, sizeof ps->head2);
    memset(ps->head1, 0xFF, sizeof ps->head1);
    for (size_t k = 0; k < sizeof pstart_lists / sizeof pstart_lists[0]; k++) {
        const bp_plist *pl = &ph->l[pstart_lists[k].list];
        for (size_t i = 0; i < pl->n; i++) {
            const char *w = pl->w[i];
            size_t len = strlen(w);
            if (!len) {
                /* the empty phrase opens every line, and is none */
                if (!pstart_lists[k].whole) ps->always |= pstart_lists[k].bit;
                continue;
            }
            size_t at = ps->n++;
            ps->w[at] = w;
            ps->len[at] = (uint16_t)(len < 0xFFFF ? len : 0xFFFF);
            ps->bit[at] = pstart_lists[k].bit;
            ps->whole[at] = pstart_lists[k].whole;
            uint16_t *head =
                len == 1 ? &ps->head1[lower_ascii((unsigned char)w[0])]
                         : &ps->head2[pair_hash((unsigned)lower_ascii((unsigned char)w[0]),
                                                (unsigned)lower_ascii((unsigned char)w[1]))];
            ps->next[at] = *head;
            *head = (uint16_t)at;
        }
    }
}

void bp_phrases_init(bp_phrases *ph) {
    for (size_t k = 0; k < BP_PL_COUNT; k++) plist_init(&ph->l[k]);
    for (size_t k = 0; k < BP_PL_COUNT; k++)
        if (phrase_lists[k]) plist_add(&ph->l[k], phrase_lists[k], 1);
    plist_add(&ph->l[BP_PL_CONTAINS], copyright_needles, HIT_COPYRIGHT);
    plist_add(&ph->l[BP_PL_CONTAINS], cookie_needles, HIT_COOKIE);
    plist_add(&ph->l[BP_PL_CONTAINS], subscribe_needles, HIT_SUBSCRIBE);
    plist_add(&ph->l[BP_PL_AD_BREAK], ad_break_on, ADB_ON);
    plist_add(&ph->l[BP_PL_AD_BREAK], ad_break_at, ADB_AT);
    plist_add(&ph->l[BP_PL_AD_BREAK], ad_break_words, ADB_WORD);
    for (size_t k = 0; k < BP_PL_COUNT; k++) plist_index(&ph->l[k]);
    pstart_build(&ph->starts, ph);
    const bp_plist *pl = &ph->l[BP_PL_CONTAINS];
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++)
            ph->shift16[a | b << 8] = pl->shift[pair_hash(ascii_fold[a], ascii_fold[b])];
}

/* A line as the rules read it. Every phrase above is lower case: the
 * primitives below fold the line's ASCII case as they compare, so the line
 * is never copied. */
typedef struct rule_text {
    const char *s; /* the line, n bytes */
    size_t n;
    size_t tb, tn; /* the line with punctuation trimmed: s[tb, tb + tn) */
} rule_text;

/* Longest line whose phrase classes are read (bp_rule_classes): a longer
 * block is no prompt. */
#define RULE_CLASSES_MAX 1280

/* The character at u[0, n) (u[0] >= 0x80) in lower case, into out, when
 * its lower case has as many UTF-8 bytes (so a phrase's length is that of
 * the text it matches: "Ä" C3 84 gives "ä" C3 A4, Cyrillic "Ч" D0 A7 "ч"
 * D1 87); else, or for an invalid byte, the byte itself. Returns the bytes
 * taken. The phrase lists are lower case: this folds the line's side of
 * a comparison for the letters outside ASCII (Latin-1, Latin Extended,
 * Greek, Cyrillic, ...), as ascii_fold does for ASCII. */
static size_t fold_utf8(const unsigned char *u, size_t n, unsigned char out[4]) {
    int32_t cp;
    size_t k = weft_utf8_decode(u, n, &cp);
    if (cp < 0 || weft_utf8_encode(weft_uc_tolower((uint32_t)cp), out) != k) {
        out[0] = u[0];
        return 1;
    }
    return k;
}

/* Does t[0, tn) open with w (lower case), the line's case folded? The line
 * may hold NUL bytes: nothing is read past tn or w's end. */
static int word_starts(const char *t, size_t tn, const char *w) {
    const unsigned char *u = (const unsigned char *)t, *p = (const unsigned char *)w;
    for (size_t j = 0;;) {
        if (!p[j]) return 1;
        if (j == tn) return 0;
        if (u[j] < 0x80) {
            if (ascii_fold[u[j]] != p[j]) return 0;
            j++;
            continue;
        }
        unsigned char f[4];
        size_t k = fold_utf8(u + j, tn - j, f);
        for (size_t i = 0; i < k; i++) /* stops at w's NUL: f[i] >= 0x80 */
            if (p[j + i] != f[i]) return 0;
        j += k;
    }
}

/* Is t[0, tn) the word w, case aside? A fold keeps the length. */
static int word_is(const char *t, size_t tn, const char *w) {
    return word_starts(t, tn, w) && strlen(w) == tn;
}

/* The first two bytes of t[0, tn) (tn >= 1) folded as word_starts folds
 * them: the key of the chains and filters phrases are indexed by. */
static inline void fold_head(const char *t, size_t tn, unsigned char h[2]) {
    const unsigned char *u = (const unsigned char *)t;
    if (u[0] < 0x80 && (tn < 2 || u[1] < 0x80)) {
        h[0] = ascii_fold[u[0]];
        h[1] = tn < 2 ? 0 : ascii_fold[u[1]];
        return;
    }
    unsigned char f[4] = {0};
    size_t k = 1;
    if (u[0] < 0x80)
        f[0] = ascii_fold[u[0]];
    else
        k = fold_utf8(u, tn, f);
    h[0] = f[0];
    if (k >= 2) {
        h[1] = f[1];
    } else if (tn < 2) {
        h[1] = 0;
    } else {
        unsigned char g[4] = {0};
        if (u[1] < 0x80)
            g[0] = ascii_fold[u[1]];
        else
            fold_utf8(u + 1, tn - 1, g);
        h[1] = g[0];
    }
}

/* Is the trimmed line one of the phrases? Only the chain of its first
 * byte can match. */
/* Can a phrase of pl start t (tn bytes)? The two-byte filter; 1 when it
 * cannot tell. */
static inline int plist_may_start(const bp_plist *pl, const char *t, size_t tn) {
    if (pl->start2_all || tn < 2) return 1;
    unsigned char f[2];
    fold_head(t, tn, f);
    unsigned h = pair_hash(f[0], f[1]);
    return (int)(pl->start2[h >> 6] >> (h & 63) & 1);
}

/* The PS_* bits of the start lists with a phrase that is the trimmed line
 * t[0, tn) (tn > 0; share words, ads) or opens it (the prefix lists), as
 * word_starts compares: the line's case folded, the phrase's bytes as
 * they are (the line may hold NUL bytes: nothing reads past the phrase). */
static unsigned pstart_match(const bp_pstart *ps, const char *t, size_t tn) {
    unsigned got = ps->always;
    unsigned char f[2];
    fold_head(t, tn, f);
    unsigned f0 = f[0];
    for (uint16_t i = ps->head1[f0]; i != 0xFFFF; i = ps->next[i])
        if ((unsigned char)ps->w[i][0] == f0 && (!ps->whole[i] || tn == 1)) got |= ps->bit[i];
    if (tn < 2) return got;
    for (uint16_t i = ps->head2[pair_hash(f0, f[1])]; i != 0xFFFF; i = ps->next[i]) {
        size_t k = ps->len[i];
        if (k > tn || (ps->whole[i] && k != tn) || (got & ps->bit[i])) continue;
        if (word_starts(t, tn, ps->w[i])) got |= ps->bit[i];
    }
    return got;
}

/* Does the trimmed line start with one of the phrases (the empty one
 * starts every line)? With whole, the phrase must end a word there:
 * "subscribe" opens "Subscribe now" but not "Subscribers rose", "manage"
 * not "Management said" (a phrase ending in a space ends its word). */
static int plist_starts_at_word(const bp_plist *pl, const rule_text *l, int whole) {
    if (pl->empty) return 1;
    if (!l->tn) return 0;
    const char *t = l->s + l->tb;
    if (!plist_may_start(pl, t, l->tn)) return 0;
    unsigned char f[2];
    fold_head(t, l->tn, f);
    for (uint8_t i = pl->head[f[0]]; i != 0xFF; i = pl->next[i]) {
        if (!word_starts(t, l->tn, pl->w[i])) continue;
        if (!whole) return 1;
        size_t k = strlen(pl->w[i]);
        unsigned char after = k < l->tn ? (unsigned char)t[k] : ' ';
        if (pl->w[i][k - 1] == ' ' ||
            (!((after | 0x20) >= 'a' && (after | 0x20) <= 'z') && after < 0x80))
            return 1;
    }
    return 0;
}

static int plist_starts(const bp_plist *pl, const rule_text *l) {
    return plist_starts_at_word(pl, l, 0);
}

/* bp_starts_with_ci without measuring the prefix first. */
static int starts_ci(const char *s, size_t n, const char *prefix) {
    for (size_t j = 0;; j++) {
        if (!prefix[j]) return 1;
        if (j == n || lower_ascii((unsigned char)s[j]) != lower_ascii((unsigned char)prefix[j]))
            return 0;
    }
}

/* The phrases of pl's chain for the folded byte at s[p] that start there,
 * added to got (those whose tag got holds already are not compared). */
static unsigned plist_at(const bp_plist *pl, const char *s, size_t n, size_t p, unsigned got) {
    for (uint8_t i = pl->head[lower_ascii((unsigned char)s[p])]; i != 0xFF; i = pl->next[i])
        if (!(got & pl->tag[i]) && starts_ci(s + p, n - p, pl->w[i])) got |= pl->tag[i];
    return got;
}

/* The tags of the phrases found anywhere in s[0, n), folding its ASCII
 * case (at least those in want: the search may stop once they are all
 * found). The phrases of BP_PLIST_SKIP_MIN bytes or more are found by
 * Wu-Manber's search: a window of the shortest one's length moves along
 * the line by the skip table of its last byte pair, and only where the
 * table says a phrase may start are the phrases compared; every start is
 * still seen, so the answer is the byte-by-byte search's. The few shorter
 * phrases (the copyright sign) are searched for apart. An empty phrase is
 * never found. */
static unsigned plist_contains_at(const bp_plist *pl, const uint8_t *shift16, const char *s,
                                  size_t n, unsigned want, int nocont) {
    unsigned got = 0;
    if (!pl->minlen) {
        for (size_t p = 0; p < n; p++) {
            if (pl->head[lower_ascii((unsigned char)s[p])] == 0xFF) continue;
            got = plist_at(pl, s, n, p, got);
            if ((got & want) == want) return got;
        }
        return got;
    }
    for (size_t k = 0; k < pl->nshort; k++) {
        uint8_t i = pl->shorts[k];
        if (nocont && (pl->short_cont >> k & 1)) continue; /* not in a line without one */
        if (!(got & pl->tag[i]) && bp_find_ci(s, n, pl->w[i])) got |= pl->tag[i];
    }
    if ((got & want) == want) return got;
    size_t m = pl->minlen;
    const unsigned char *u = (const unsigned char *)s;
    if (shift16) {
        /* the same shifts, read by the raw byte pair: no folding, no hash */
        for (size_t e = m - 1; e < n;) {
            unsigned sh = shift16[u[e - 1] | (unsigned)u[e] << 8];
            if (sh) {
                e += sh;
                continue;
            }
            /* the two-byte filter before the chain, as plist_starts */
            size_t p = e + 1 - m;
            if (plist_may_start(pl, s + p, n - p)) {
                got = plist_at(pl, s, n, p, got);
                if ((got & want) == want) return got;
            }
            e++;
        }
        return got;
    }
    for (size_t e = m - 1; e < n;) {
        unsigned sh = pl->shift[pair_hash(ascii_fold[u[e - 1]], ascii_fold[u[e]])];
        if (sh) {
            e += sh;
            continue;
        }
        got = plist_at(pl, s, n, e + 1 - m, got);
        if ((got & want) == want) return got;
        e++;
    }
    return got;
}

static unsigned plist_contains(const bp_plist *pl, const char *s, size_t n, unsigned want) {
    return plist_contains_at(pl, NULL, s, n, want, 0);
}

/* Does the line end as a sentence (., ! or ?, before closing quotes and
 * brackets)? Tells a sentence from a label. */
static int has_sentence_end(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == '"' || s[n - 1] == ')')) n--;
    return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

/* The words that label a picture's credit at the end of its caption. */
static const char *const credit_labels[] = {"foto",    "fotos",  "photo",  "photos",     "bild",
                                            "kuva",    "image",  "imagen", "fotografía", "crédit",
                                            "crédito", "credit", "fotó",   "zdjęcie",    NULL};

/* Does the line end in a picture credit after its caption ("Cafe am Markt.
 * Foto: Stadt Marketing", "The minister in Berlin (Photo: dpa)", "... kanssa.
 * Kuva: JANE DOE")? The label follows a sentence end, an opening bracket or
 * a bar after three words of caption or more, and a credit of one to eight
 * words with no sentence end closes the line. A credit that opens the line
 * is caption_prefixes' ("Foto: dpa"); running text names no photographer
 * after a colon at its very end. */
#define CREDIT_MAX_WORDS 8
#define CREDIT_MAX_BYTES 60
static int trailing_credit(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == ')' || s[n - 1] == '*' || s[n - 1] == '_')) n--;
    const char *colon = NULL;
    for (size_t i = n; i > 0; i--)
        if (s[i - 1] == ':') {
            colon = s + i - 1;
            break;
        }
    if (!colon) return 0;
    size_t c = (size_t)(colon - s), cb = c + 1;
    while (cb < n && s[cb] == ' ') cb++;
    if (cb == n || n - cb > CREDIT_MAX_BYTES) return 0;
    size_t words = bp_count_words(s + cb, n - cb);
    if (words < 1 || words > CREDIT_MAX_WORDS) return 0;
    for (size_t i = cb; i < n; i++) /* "2.0" and "A." inside a name pass */
        if (s[i] == '!' || s[i] == '?' ||
            (s[i] == '.' && (i + 1 == n || s[i + 1] == ' ') && i >= cb + 2 && s[i - 2] != ' ' &&
             s[i - 2] != '.'))
            return 0;
    /* the label: the word before the colon, after any emphasis marks */
    size_t le = c;
    while (le > 0 && (s[le - 1] == '*' || s[le - 1] == '_')) le--;
    size_t lb = le;
    while (lb > 0 && s[lb - 1] != ' ' && s[lb - 1] != '(' && s[lb - 1] != '|' && s[lb - 1] != '*' &&
           s[lb - 1] != '_')
        lb--;
    int label = 0;
    for (size_t k = 0; credit_labels[k] && !label; k++)
        label = strlen(credit_labels[k]) == le - lb &&
                bp_starts_with_ci(s + lb, le - lb, credit_labels[k]);
    if (!label) return 0;
    /* what stands before it: a sentence end, a bracket or a bar */
    size_t b = lb;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == '*' || s[b - 1] == '_')) b--;
    if (b == 0) return 0;
    char p = s[b - 1];
    int sep = p == '(' || p == '|';
    if (sep)
        b--;
    else if (!has_sentence_end(s, b))
        return 0;
    return bp_count_words(s, b) >= 3;
}

/* What a link's label says of where it opens, at the line's end
 * ("Timetable (PDF) (opens in a new window)", "Privacy this link opens in
 * a new tab", "Fahrplan (öffnet in neuem Fenster)"). */
static const char *const link_suffixes[] = {"opens in a new window",
                                            "opens in new window",
                                            "open in a new window",
                                            "open in new window",
                                            "opens in a new tab",
                                            "opens in new tab",
                                            "open in a new tab",
                                            "open in new tab",
                                            "opens a new window",
                                            "opens a modal window",
                                            "öffnet in neuem fenster",
                                            "öffnet in einem neuen fenster",
                                            "öffnet sich in einem neuen fenster",
                                            "öffnet in neuem tab",
                                            "öffnet in einem neuen tab",
                                            "neues fenster",
                                            "neuer tab",
                                            "s'ouvre dans une nouvelle fenêtre",
                                            "ouvre une nouvelle fenêtre",
                                            "nouvelle fenêtre",
                                            "abre en una nueva ventana",
                                            "se abre en una nueva ventana",
                                            "nueva ventana",
                                            "abre em uma nova janela",
                                            "abre numa nova janela",
                                            "nova janela",
                                            "si apre in una nuova finestra",
                                            "nuova finestra",
                                            "opent in een nieuw venster",
                                            "nieuw venster",
                                            "otwiera się w nowym oknie",
                                            "w nowym oknie",
                                            "nowe okno",
                                            NULL};

/* Does the line end in a link's "(opens in a new window)", set off by a
 * bracket, a dash or "this link", after a label of one to ten words with no
 * sentence end: a link of a list, a menu or a share row? A sentence that
 * goes on after the suffix is prose. */
#define LINK_LABEL_MAX_WORDS 10
static int link_suffix(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == ')' || s[n - 1] == ']' || s[n - 1] == '*' ||
                 s[n - 1] == '_' || s[n - 1] == '.'))
        n--;
    /* most lines end in another word: the suffixes' last words first */
    static const char *const last_words[] = {"window",  "tab",    "fenster",  "fenêtre",
                                             "ventana", "janela", "finestra", "venster",
                                             "oknie",   "okno",   NULL};
    /* ... and before them their last letter (w, b, r, e, a, o) */
    unsigned char z = n ? (unsigned char)(s[n - 1] | 0x20) : 0;
    if (z != 'w' && z != 'b' && z != 'r' && z != 'e' && z != 'a' && z != 'o') return 0;
    size_t lw = n;
    while (lw && s[lw - 1] != ' ' && s[lw - 1] != '(' && n - lw < 9) lw--;
    if (n - lw < 3 || n - lw > 8) return 0;
    int last = 0;
    for (size_t k = 0; last_words[k] && !last; k++)
        last = strlen(last_words[k]) == n - lw && word_starts(s + lw, n - lw, last_words[k]);
    if (!last) return 0;
    for (size_t k = 0; link_suffixes[k]; k++) {
        size_t m = strlen(link_suffixes[k]);
        if (m > n || !bp_starts_with_ci(s + n - m, m, link_suffixes[k])) continue;
        size_t b = n - m;
        if (b && s[b - 1] != ' ' && s[b - 1] != '(' && s[b - 1] != '[' && s[b - 1] != '-') continue;
        /* the suffix is set off from the label: a bracket, a dash, or
         * "this link" ("The door opens in a new window frame" is prose) */
        while (b && s[b - 1] == ' ') b--;
        if (b && (s[b - 1] == '(' || s[b - 1] == '[' || s[b - 1] == '-'))
            b--;
        else if (b >= 9 && bp_starts_with_ci(s + b - 9, 9, "this link"))
            b -= 9;
        else
            return 0;
        while (b && s[b - 1] == ' ') b--;
        if (!b || has_sentence_end(s, b)) return 0;
        size_t words = bp_count_words(s, b);
        return words >= 1 && words <= LINK_LABEL_MAX_WORDS;
    }
    return 0;
}

/* A copyright notice names its holder or year after the word ("Copyright
 * 2025 Example Media", "Copyright: AFP", "Copyright (c)"); a sentence goes on
 * with a lowercase word ("Copyright holders of the logo sued"), and is the
 * user's text. */
static int is_copyright(const rule_text *l, unsigned hits) {
    if (hits & HIT_COPYRIGHT) return 1;
    const char *t = l->s + l->tb;
    size_t tn = l->tn, k = sizeof "copyright" - 1;
    if (!word_starts(t, tn, "copyright")) return 0;
    while (k < tn && t[k] == ' ') k++;
    return k == tn || !(t[k] >= 'a' && t[k] <= 'z') || !has_sentence_end(l->s, l->n);
}

int bp_is_copyright(const bp_phrases *ph, const char *s, size_t n) {
    rule_text l = {s, n, 0, n};
    return is_copyright(&l, plist_contains(&ph->l[BP_PL_CONTAINS], s, n, HIT_COPYRIGHT));
}

static int is_word_byte(char c) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

/* Plain text: is needle in the line as a word of its own (a plural 's'
 * allowed), not inside another ("our app" is not in "your appetite",
 * "subscribe" not in "subscriber")? */
static int contains_word(const rule_text *l, const char *needle) {
    size_t nn = strlen(needle);
    const char *h = l->s;
    for (size_t from = 0; from + nn <= l->n;) {
        const char *p = bp_find_ci(h + from, l->n - from, needle);
        if (!p) return 0;
        size_t b = (size_t)(p - h), e = b + nn;
        if (e < l->n && (h[e] | 0x20) == 's') e++;
        int left = b == 0 || !(is_word_byte(h[b - 1]) && is_word_byte(needle[0]));
        int right = e >= l->n || !(is_word_byte(h[e]) && is_word_byte(needle[nn - 1]));
        if (left && right) return 1;
        from = b + 1;
    }
    return 0;
}

/* Whether one of the phrases of list k is a word of the line; only called
 * once the line is known to hold one of them somewhere. */
static int contains_any_word(const bp_phrases *ph, size_t k, const rule_text *l) {
    const bp_plist *pl = &ph->l[k];
    for (size_t i = 0; i < pl->n; i++)
        if (contains_word(l, pl->w[i])) return 1;
    return 0;
}

/* A byte of ASCII punctuation around a word ("-", "|", ":", "...", "(ad)"). */
static int ad_break_punct(unsigned char c) {
    return c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9') &&
           c != '\'';
}

static int is_ad_break(const bp_plist *pl, const char *s, size_t n) {
    unsigned roles = 0;
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        size_t b = i, e = j;
        i = j;
        while (b < e && ad_break_punct((unsigned char)s[b])) b++;
        while (e > b && ad_break_punct((unsigned char)s[e - 1])) e--;
        /* a dash, an ellipsis or a bullet of three bytes (U+2010..U+2026) */
        if (e - b == 3 && (unsigned char)s[b] == 0xE2 && (unsigned char)s[b + 1] == 0x80) continue;
        if (b == e) continue;
        if (++words > 8) return 0;
        /* the word's role, by the chain of its first byte */
        unsigned tag = 0;
        unsigned char f[2];
        fold_head(s + b, e - b, f);
        for (uint8_t k = pl->head[f[0]]; k != 0xFF && !tag; k = pl->next[k])
            if (word_is(s + b, e - b, pl->w[k])) tag = pl->tag[k];
        if (!tag) return 0;
        roles |= tag;
    }
    return (roles & ADB_ON) && (roles & ADB_AT);
}

/* Words of a line: runs between spaces. */
size_t bp_count_words(const char *s, size_t n) {
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' ')) w++;
    return w;
}

/* What the phrase lists say of a line, read once: the rules and the
 * classifier's classes both come from it. */
typedef struct rule_facts {
    rule_text l;
    uint32_t chars;
    unsigned hits; /* HIT_* of the line, when chars <= 300 or classes are read */
    unsigned share_word : 1, ad : 1, ad_break : 1, share_prefix : 1, related : 1, byline : 1,
        caption : 1, misc : 1, comment_policy : 1;
} rule_facts;

/* Marks a character count the caller does not know (rule_facts_read counts
 * it then). */
#define RULE_CHARS_UNKNOWN UINT32_MAX

/* Fills f for s[0, n), of chars characters (bp_count_chars(s, n), or
 * RULE_CHARS_UNKNOWN); 0 when the trimmed line is empty. */
static int rule_facts_read(const bp_phrases *ph, const char *s, size_t n, int classes,
                           uint32_t chars, rule_facts *f) {
    const char *t = s;
    size_t tn = n;
    trim_punct(&t, &tn);
    if (tn == 0) return 0;
    f->l = (rule_text){s, n, (size_t)(t - s), tn};
    f->chars = chars != RULE_CHARS_UNKNOWN ? chars : bp_count_chars(s, n);
    /* a line of as many characters as bytes holds no byte from 0x80 to
     * 0xBF, so no phrase with one (the copyright sign) */
    f->hits = f->chars <= 300 || classes ? plist_contains_at(&ph->l[BP_PL_CONTAINS], ph->shift16, s,
                                                             n, HIT_ALL, f->chars == n)
                                         : 0;
    /* share words and ads are the line; the prefix lists open it */
    unsigned st = pstart_match(&ph->starts, t, tn);
    f->share_word = (st & PS_SHARE_WORD) != 0;
    f->ad = (st & PS_AD) != 0;
    f->ad_break =
        (unsigned)(!f->ad && f->chars <= 80 && is_ad_break(&ph->l[BP_PL_AD_BREAK], t, tn));
    f->share_prefix = (st & PS_SHARE_PREFIX) != 0;
    f->related = (st & PS_RELATED) != 0;
    f->byline = (st & PS_BYLINE) != 0;
    f->caption = (st & PS_CAPTION) != 0;
    f->misc = (st & PS_MISC) != 0;
    f->comment_policy = (st & PS_COMMENT_POLICY) != 0;
    return 1;
}

/* German addresses the reader as "Sie", "Ihre": capitalised where "sie"
 * (they) would not be, after the first word. Compared case-sensitively. */
static const char *const formal_you[] = {"Sie", "Ihre", "Ihr", "Ihnen", "Ihren", "Ihrer", NULL};

/* Is one of the words in the line, with this case, after its first word? */
static int has_cased_word_after_first(const char *s, size_t n, const char *const *words) {
    size_t i = 0;
    while (i < n && s[i] == ' ') i++;
    while (i < n && s[i] != ' ') i++; /* the first word: "Sie" may start a sentence */
    for (; i < n; i++) {
        if (s[i] == ' ' || is_word_byte(s[i - 1])) continue;
        for (const char *const *w = words; *w; w++) {
            size_t k = strlen(*w);
            if (k <= n - i && memcmp(s + i, *w, k) == 0 && (i + k == n || !is_word_byte(s[i + k])))
                return 1;
        }
    }
    return 0;
}

/* Does the line speak to the reader or for the site, or open with what it
 * asks the reader to do? */
static int addresses_reader(const bp_phrases *ph, const rule_text *l) {
    return contains_any_word(ph, BP_PL_ADDRESS, l) ||
           plist_starts_at_word(&ph->l[BP_PL_PROMPT_STARTS], l, 1) ||
           has_cased_word_after_first(l->s, l->n, formal_you);
}

/* Does the line read as a sentence of running text that speaks of a third
 * party, not to the reader ("Newsletter publishers have seen revenue fall,
 * the report said.")? Such a line keeps a phrase word it merely holds: a
 * banner, a prompt or a label is short, has no sentence end, or addresses the
 * reader. A colon or a bar marks a label ("Related: Fed raises rates."). */
static int third_party_sentence(const bp_phrases *ph, const rule_text *l) {
    const char *t = l->s + l->tb;
    size_t tn = l->tn;
    return has_sentence_end(l->s, l->n) && bp_count_words(t, tn) >= 8 && !memchr(t, ':', tn) &&
           !memchr(t, '|', tn) && !addresses_reader(ph, l);
}

/* Finite verbs a sentence's predicate holds in the languages of the
 * stoplists (auxiliaries and copulas, lower case: inside a sentence they
 * are). A prompt is an imperative or a label and holds none after its cue. */
static const char *const aux_verbs[] = {
    "is",     "are",    "was",   "were",  "has",    "have",    "had",    "will",  "would",  "can",
    "could",  "should", "may",   "might", "must",   "does",    "did",    "ist",   "sind",   "war",
    "waren",  "hat",    "haben", "hatte", "hatten", "wird",    "werden", "wurde", "wurden", "kann",
    "konnte", "muss",   "est",   "sont",  "était",  "étaient", "ont",    "avait", "sera",   "fut",
    "peut",   "doit",   "son",   "era",   "eran",   "fue",     "fueron", "han",   "había",  "está",
    "están",  "puede",  "è",     "sono",  "erano",  "hanno",   "fu",     "può",   "zijn",   "heeft",
    "hebben", "werd",   "wordt", "moet",  "é",      "são",     "foi",    "foram", "tem",    "têm",
    "estão",  "pode",   NULL};

/* Common English past tenses that no "-ed" shows: those that are no past
 * participle ("fell", "became") can only be a clause's verb; the others
 * ("found", "sent") may also qualify a noun ("the newsletter sent to
 * readers"). */
static const char *const past_only_verbs[] = {"rose",  "fell", "grew",  "went",   "came",  "took",
                                              "gave",  "saw",  "began", "became", "wrote", "drew",
                                              "drove", "flew", "knew",  "threw",  "broke", "spoke",
                                              "chose", "sank", "ran",   "shrank", NULL};
static const char *const past_verbs[] = {
    "made",    "said",  "told",  "got",    "won",  "lost",   "hit",   "left",   "kept",
    "held",    "led",   "paid",  "sold",   "sent", "spent",  "built", "bought", "brought",
    "thought", "found", "stood", "struck", "fled", "fought", "met",   "soared", NULL};

/* Is t[0, n) one of the words? Compared as they are (lower case). */
static int in_words(const char *t, size_t n, const char *const *words) {
    for (size_t k = 0; words[k]; k++)
        if (strlen(words[k]) == n && !memcmp(words[k], t, n)) return 1;
    return 0;
}

/* Is t[0, n) (a word, its punctuation trimmed) a verb that can only be a
 * clause's finite verb: an auxiliary, a copula or a past tense that is no
 * participle? */
static int clause_verb(const char *t, size_t n) {
    return in_words(t, n, aux_verbs) || in_words(t, n, past_only_verbs);
}

/* Is t[0, n) (a word, its punctuation trimmed) a finite verb: one of the
 * lists, or an English past tense ("appeared", "dropped"; not "need" or
 * "speed")? */
static int finite_verb(const char *t, size_t n) {
    if (n >= 5 && t[n - 2] == 'e' && t[n - 1] == 'd' && t[n - 3] != 'e') {
        size_t i = 0;
        while (i < n && t[i] >= 'a' && t[i] <= 'z') i++;
        if (i == n) return 1;
    }
    if (!(t[0] >= 'a' && t[0] <= 'z') && (unsigned char)t[0] < 0x80) return 0;
    return clause_verb(t, n) || in_words(t, n, past_verbs);
}

/* Does a line that opens with a phrase word read as a sentence of prose
 * about something else ("Subscribe numbers fell sharply in May.", "Related
 * stories appeared in three papers.") rather than as a prompt or a label
 * ("Subscribe to our newsletter.", "Read more about the election.",
 * "Comments are closed.")? A sentence end, four words or more, no colon or
 * bar of a label, nothing said to the reader (a prompt cue such as
 * "subscribe to" or "log in" is one), and a finite verb whose subject holds
 * the cue and a word after it: the first finite verb comes third or later.
 * A finite verb right after the cue makes a status line of the site's own
 * ("Comments are closed"). */
#define CUE_PROSE_WORDS 4

/* Does a phrase of pl of two words or more open the trimmed line ("read
 * more", "see also", "sign up", "by continuing")? Such a phrase is the
 * prompt itself, whatever verb follows ("Read more stories that appeared
 * in print."); a one-word cue may be a sentence's first word. */
static int opens_with_phrase(const bp_plist *pl, const rule_text *l) {
    const char *t = l->s + l->tb;
    if (!l->tn || !plist_may_start(pl, t, l->tn)) return 0;
    unsigned char f[2];
    fold_head(t, l->tn, f);
    for (uint8_t i = pl->head[f[0]]; i != 0xFF; i = pl->next[i]) {
        const char *w = pl->w[i], *sp = strchr(w, ' ');
        if (sp && sp[1] && word_starts(t, l->tn, w)) return 1;
    }
    return 0;
}
static int cue_in_prose(const bp_phrases *ph, const rule_text *l) {
    const char *t = l->s + l->tb;
    size_t tn = l->tn;
    if (!has_sentence_end(l->s, l->n) || bp_count_words(t, tn) < CUE_PROSE_WORDS ||
        memchr(t, ':', tn) || memchr(t, '|', tn) || contains_any_word(ph, BP_PL_ADDRESS, l) ||
        has_cased_word_after_first(l->s, l->n, formal_you) ||
        plist_contains(&ph->l[BP_PL_SUBSCRIBE_CUES], l->s, l->n, 1) ||
        opens_with_phrase(&ph->l[BP_PL_RELATED], l) ||
        opens_with_phrase(&ph->l[BP_PL_PROMPT_STARTS], l))
        return 0;
    size_t word = 0;
    for (size_t i = 0; i < tn;) {
        while (i < tn && t[i] == ' ') i++;
        size_t b = i;
        while (i < tn && t[i] != ' ') i++;
        size_t e = i;
        while (b < e && ad_break_punct((unsigned char)t[b])) b++;
        while (e > b && ad_break_punct((unsigned char)t[e - 1])) e--;
        if (b == e) continue;
        /* the first word is the cue ("related" reads as a past tense) */
        if (word && finite_verb(t + b, e - b)) return word >= 2;
        word++;
    }
    return 0;
}

/* Does a cue of a prompt (subscribe_cues) open the trimmed line or a clause
 * of it at s[at]: the line's start, or after a comma, a colon, a semicolon,
 * a sentence end, a bracket or a dash ("To keep reading, log in or
 * subscribe today.")? In running prose a cue follows another word: "rushed
 * to subscribe to the new bonds", "could not log in to the app". */
static int cue_opens_clause(const rule_text *l, size_t at) {
    const unsigned char *u = (const unsigned char *)l->s;
    size_t k = at;
    while (k > l->tb && (u[k - 1] == ' ' || u[k - 1] == '"' || u[k - 1] == '\'')) k--;
    if (k <= l->tb) return 1;
    unsigned char c = u[k - 1];
    if (c == ',' || c == ':' || c == ';' || c == '.' || c == '!' || c == '?' || c == '(' ||
        c == '-')
        return 1;
    /* an en or em dash, U+2013 / U+2014 */
    return k >= 3 && u[k - 3] == 0xE2 && u[k - 2] == 0x80 && (c == 0x93 || c == 0x94);
}

/* Does the line hold a cue of a prompt to subscribe or log in ("subscribe
 * to", "log in", "free trial")? In a sentence of running text about a third
 * party (third_party_sentence) a cue counts only where it opens the line or
 * a clause, as an imperative does: "Investors rushed to subscribe to the new
 * bond issue" and "Users could not log in to the app for hours" are news. */
static int subscribe_cue(const bp_phrases *ph, const rule_text *l) {
    const bp_plist *pl = &ph->l[BP_PL_SUBSCRIBE_CUES];
    if (!plist_contains(pl, l->s, l->n, 1)) return 0;
    if (!third_party_sentence(ph, l)) return 1;
    for (size_t i = 0; i < pl->n; i++) {
        for (size_t from = 0; from < l->n;) {
            const char *p = bp_find_ci(l->s + from, l->n - from, pl->w[i]);
            if (!p) break;
            size_t at = (size_t)(p - l->s);
            if (cue_opens_clause(l, at)) return 1;
            from = at + 1;
        }
    }
    return 0;
}

/* A prompt's words used as the subject of a sentence about it: "Accept all
 * cookies was the only button shown on the first screen, the regulator
 * found, while ...", "\"Subscribe to our newsletter\" pop-ups were also
 * criticised for appearing before users could read any content." The
 * sentence opens with the prompt, quoted or opening with a prompt phrase
 * (prompt_starts, subscribe_cues), a few words of its noun group, then a
 * finite verb of the clause (unquoted, an auxiliary, a copula or a past
 * tense that is no participle: "the newsletter sent to readers" is no
 * clause). From that
 * verb on the sentence speaks of the prompt, not to the reader: no reader
 * or site words, no prompt cue, no clause opening with an imperative, no
 * label mark; it goes on with more clause structure (a comma, a second
 * finite verb or a word that joins a clause) and is well beyond a
 * prompt's length. The prompt's own words ("our newsletter") are the
 * mention, not an address. */
#define PROMPT_PROSE_WORDS   12 /* words of the sentence, at least */
#define PROMPT_PROSE_REST    6  /* words from the verb on, at least */
#define PROMPT_QUOTE_WORDS   12 /* words of a quoted prompt, at most */
#define PROMPT_NOUN_WORDS    3  /* words between a quoted prompt and the verb, at most */
#define PROMPT_SUBJECT_WORDS 8  /* words before the verb of an unquoted one, at most */

/* Words that open a clause of their own or join two: a noun group that
 * holds one is no subject ("Subscribe to the newsletter, which is ...",
 * "Log in to see what is new"). */
static const char *const clause_words[] = {
    "if",    "which",   "that", "who", "whom", "whose", "what", "where", "when",
    "while", "because", "and",  "or",  "but",  "so",    "then", "und",   "oder",
    "wenn",  "dass",    "et",   "ou",  "si",   "que",   "qui",  "y",     "o",
    "e",     "se",      "che",  "en",  "om",   "als",   "dat",  NULL};

/* An opening quote at s[i]: its byte length, and *dbl whether it is a
 * double one (", “, „, «, ») or a single one (', ‘, ‚). 0 for none. */
static size_t open_quote(const unsigned char *u, size_t n, size_t i, int *dbl) {
    *dbl = 1;
    if (u[i] == '"') return 1;
    if (u[i] == '\'') {
        *dbl = 0;
        return 1;
    }
    if (i + 1 < n && u[i] == 0xC2 && (u[i + 1] == 0xAB || u[i + 1] == 0xBB)) return 2;
    if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80) {
        if (u[i + 2] == 0x9C || u[i + 2] == 0x9E) return 3;
        if (u[i + 2] == 0x98 || u[i + 2] == 0x9A) {
            *dbl = 0;
            return 3;
        }
    }
    return 0;
}

/* The end of the quote that s[b, n) goes on in: the byte after its closing
 * mark, or 0 when none closes it. A single closing mark is followed by no
 * letter (the apostrophe of "don't" closes nothing). */
static size_t close_quote(const unsigned char *u, size_t n, size_t b, int dbl) {
    for (size_t i = b; i < n; i++) {
        size_t k = 0;
        if (dbl) {
            if (u[i] == '"')
                k = 1;
            else if (i + 1 < n && u[i] == 0xC2 && (u[i + 1] == 0xAB || u[i + 1] == 0xBB))
                k = 2;
            else if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 &&
                     (u[i + 2] == 0x9C || u[i + 2] == 0x9D || u[i + 2] == 0x9E))
                k = 3;
        } else {
            if (u[i] == '\'')
                k = 1;
            else if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 &&
                     (u[i + 2] == 0x98 || u[i + 2] == 0x99))
                k = 3;
            if (k && i + k < n && is_word_byte((char)u[i + k])) k = 0;
        }
        if (k) return i + k;
    }
    return 0;
}

/* The next word of s[*i, n) (runs between white space): its bytes with
 * ASCII punctuation trimmed in [*b, *e), and the bytes after it in
 * punctuation (what follows the word before the next space). 0 at the
 * end. */
static int mention_word(const char *s, size_t n, size_t *i, size_t *b, size_t *e, int *broken) {
    const unsigned char *u = (const unsigned char *)s;
    while (*i < n && u[*i] <= ' ') (*i)++;
    if (*i >= n) return 0;
    size_t wb = *i;
    while (*i < n && u[*i] > ' ') (*i)++;
    size_t we = *i, x = wb, y = we;
    while (x < y && ad_break_punct(u[x])) x++;
    while (y > x && ad_break_punct(u[y - 1])) y--;
    /* the word ends a phrase (, ; : . ! ? a bracket), is a mark of its own
     * (a dash, a bar) or holds no letter of ASCII */
    int brk = x == y;
    for (size_t k = y; k < we && !brk; k++)
        brk = u[k] == ',' || u[k] == ';' || u[k] == ':' || u[k] == '.' || u[k] == '!' ||
              u[k] == '?' || u[k] == ')' || u[k] == '|';
    if (!brk && y - x == 3 && u[x] == 0xE2 && u[x + 1] == 0x80) brk = 1; /* a dash, a bullet */
    *b = x;
    *e = y;
    *broken = brk;
    return 1;
}

static int prompt_in_prose(const bp_phrases *ph, const rule_text *l) {
    const char *s = l->s;
    const unsigned char *u = (const unsigned char *)s;
    size_t n = l->n;
    if (!has_sentence_end(s, n)) return 0;
    /* the subject: a quoted prompt, or a prompt phrase opening the line */
    size_t i = 0, b, e, words = 0;
    int brk, quoted = 0;
    while (i < l->tb && u[i] <= ' ') i++;
    int dbl;
    size_t q = i < l->tb ? open_quote(u, n, i, &dbl) : 0;
    if (q) {
        size_t end = close_quote(u, n, i + q, dbl);
        if (!end) return 0;
        size_t in = i + q;
        while (in < end && mention_word(s, end, &in, &b, &e, &brk)) words++;
        if (!words || words > PROMPT_QUOTE_WORDS) return 0;
        i = end;
        quoted = 1;
    } else if (!plist_starts_at_word(&ph->l[BP_PL_PROMPT_STARTS], l, 1) &&
               !plist_starts(&ph->l[BP_PL_SUBSCRIBE_CUES], l)) {
        return 0;
    } else {
        i = l->tb;
    }
    /* its noun group, up to the clause's verb */
    size_t before = 0, verb = 0;
    int found = 0;
    while (mention_word(s, n, &i, &b, &e, &brk)) {
        /* after a quote the mention has ended: any finite verb is the
         * clause's ("... windows appeared"); after a prompt's own words an
         * "-ed" may qualify a noun ("the newsletter trusted by") */
        if (b < e &&
            (quoted ? finite_verb(s + b, e - b) : clause_verb(s + b, e - b) && words >= 2)) {
            verb = b;
            found = 1;
            words++;
            break;
        }
        if (brk || in_words(s + b, e - b, clause_words)) return 0;
        words++;
        if (++before > (quoted ? PROMPT_NOUN_WORDS : PROMPT_SUBJECT_WORDS)) return 0;
    }
    if (!found) return 0;
    /* the rest of the sentence, from the verb: about the prompt, not to
     * the reader */
    rule_text r = {s + verb, n - verb, 0, n - verb};
    if (memchr(r.s, ':', r.n) || memchr(r.s, '|', r.n) ||
        contains_any_word(ph, BP_PL_ADDRESS, &r) ||
        has_cased_word_after_first(r.s, r.n, formal_you) ||
        plist_contains(&ph->l[BP_PL_SUBSCRIBE_CUES], r.s, r.n, 1))
        return 0;
    size_t rest = 0, verbs = 0;
    size_t joins = 0;
    int comma = 0, clause_start = 0;
    size_t j = 0;
    while (mention_word(r.s, r.n, &j, &b, &e, &brk)) {
        rest++;
        if (b < e) {
            rule_text w = {r.s + b, r.n - b, 0, r.n - b};
            /* a clause that opens with what a prompt asks ("..., click
             * here") */
            if (clause_start && plist_starts_at_word(&ph->l[BP_PL_PROMPT_STARTS], &w, 1)) return 0;
            if (finite_verb(r.s + b, e - b)) verbs++;
            if (in_words(r.s + b, e - b, clause_words)) joins++;
        }
        clause_start = brk;
        if (brk && memchr(r.s + e, ',', j - e)) comma = 1;
    }
    return words + rest - 1 >= PROMPT_PROSE_WORDS && rest >= PROMPT_PROSE_REST &&
           (comma || verbs >= 2 || joins);
}

int bp_byline_word_ambiguous(const char *w, size_t n) {
    static const char *const words[] = {"von", "di", "par", "por", NULL};
    for (size_t k = 0; words[k]; k++)
        if (strlen(words[k]) == n && word_starts(w, n, words[k])) return 1;
    return 0;
}

/* Small words inside a name ("Ana de la Cruz", "Pieter van der Meer"), and
 * those that join two names ("Anna Schmidt und Peter Weber"). */
static const char *const name_particles[] = {"de",  "da", "di", "del", "della", "der", "van",
                                             "von", "le", "la", "du",  "dos",   "y",   NULL};
static const char *const name_joins[] = {"and", "und", "et", "e", "y", "&", NULL};

static int in_small(const char *const *l, const char *w, size_t n) {
    for (size_t k = 0; l[k]; k++)
        if (strlen(l[k]) == n && word_starts(w, n, l[k])) return 1;
    return 0;
}

/* Does a byte start a capitalised word (ASCII capital, or a letter past
 * ASCII, as the byline rule reads one)? */
static int name_initial(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || c >= 0xC0;
}

/* The most words of a byline's name. */
#define BP_NAME_WORDS 4

/* Bytes of Markdown link addresses in s ("[Jane Roe](https://x.org/jr)":
 * the "(...)" after "]"), which a reader never sees: a byline's length is
 * its words' ("**By [Jane Roe](a long profile address)**"). */
static size_t link_address_bytes(const char *s, size_t n) {
    size_t sum = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != ']' || s[i + 1] != '(') continue;
        const char *c = memchr(s + i + 2, ')', n - i - 2);
        if (!c) break;
        sum += (size_t)(c - (s + i + 1)) + 1;
        i = (size_t)(c - s);
    }
    return sum;
}

size_t bp_byline_name_len(const char *s, size_t n) {
    size_t i = 0, words = 0, end = 0;
    while (i < n && (s[i] == '*' || s[i] == '_' || s[i] == '[')) i++;
    while (i < n) {
        while (i < n && s[i] == ' ') i++;
        size_t b = i;
        while (i < n && s[i] != ' ' && s[i] != ',' && s[i] != '|' && s[i] != ']' && s[i] != '*' &&
               s[i] != '(' && !(s[i] == '_' && (i + 1 == n || s[i + 1] == ' ')))
            i++;
        if (i == b) break;
        if (name_initial((unsigned char)s[b])) {
            if (++words > BP_NAME_WORDS) return 0;
            end = i;
        } else if (in_small(name_joins, s + b, i - b) && words) {
            words = 0; /* a second name follows */
        } else if (!in_small(name_particles, s + b, i - b) || !words) {
            /* a lower-case word or a number: the name has ended only where
             * a date follows it ("Di Marco Rossi 3 marzo 2027") */
            if (!(s[b] >= '0' && s[b] <= '9')) return 0;
            break;
        }
        if (i < n && s[i] != ' ') break; /* a comma, a separator, a mark */
    }
    return words >= 2 ? end : 0;
}

/* The longest outlet's standards label read as one, in characters. */
#define BP_STANDARDS_CHARS 80

/* The longest of the labels below, with a full stop or a colon and a
 * space after it. */
#define BP_STANDARDS_LABEL 26

/* Labels of an outlet's standards footer. */
static const char *const standards_labels[] = {"our standards",           "editorial standards",
                                               "editorial guidelines",    "trust principles",
                                               "our editorial standards", NULL};

/* Is s[0, n) one of the labels, up to a trailing '.' or ':'? */
static int standards_is(const char *s, size_t n) {
    while (n && (s[n - 1] == '.' || s[n - 1] == ':' || s[n - 1] == ' ')) n--;
    for (size_t k = 0; standards_labels[k]; k++)
        if (strlen(standards_labels[k]) == n && word_starts(s, n, standards_labels[k])) return 1;
    return 0;
}

/* An outlet's standards footer as a label line: the label alone ("Our
 * Standards", "Editorial standards"), the label then a colon and a name
 * ("Our Standards: The Thomson Reuters Trust Principles."), or a name in
 * capitals ending in "Trust Principles". A sentence that merely holds the
 * words ("its editorial standards required ...") is none. t[0, tn): the
 * line trimmed. */
static int standards_label(const char *t, size_t tn) {
    if (tn < 13) return 0;
    unsigned char c0 = lower_ascii((unsigned char)t[0]);
    if (c0 != 'o' && c0 != 'e' && c0 != 't' && !(t[0] >= 'A' && t[0] <= 'Z')) return 0;
    if (tn <= BP_STANDARDS_LABEL && standards_is(t, tn)) return 1;
    const char *colon = memchr(t, ':', tn < BP_STANDARDS_LABEL ? tn : BP_STANDARDS_LABEL);
    if (colon && standards_is(t, (size_t)(colon - t))) {
        /* what follows the colon is a name: no more than eight words */
        size_t rest = tn - (size_t)(colon - t) - 1;
        return bp_count_words(colon + 1, rest) <= 8;
    }
    /* "The Thomson Reuters Trust Principles": every word capitalised */
    size_t e = tn;
    while (e && (t[e - 1] == '.' || t[e - 1] == ' ')) e--;
    static const char tp[] = "trust principles";
    size_t tl = sizeof tp - 1;
    if (e < tl || !word_starts(t + e - tl, tl, tp) || (e > tl && t[e - tl - 1] != ' ')) return 0;
    if (bp_count_words(t, e) > 8) return 0;
    for (size_t i = 0; i < e; i++)
        if ((i == 0 || t[i - 1] == ' ') && !(t[i] >= 'A' && t[i] <= 'Z')) return 0;
    return 1;
}

static int phrase_verdict(const bp_phrases *ph, const rule_facts *f, int short_block, int plain) {
    const rule_text *l = &f->l;
    const char *s = l->s, *t = l->s + l->tb;
    size_t n = l->n, tn = l->tn;
    uint32_t chars = f->chars;
    if (f->share_word) return BP_R_SHARE;
    if (f->ad || f->ad_break) return BP_R_AD;
    if (chars <= 120 && is_copyright(l, f->hits)) return BP_R_COPYRIGHT;
    if (chars <= 120 && f->share_prefix) return BP_R_SHARE;
    if (plain) {
        /* Scraped text: the needle is a word of the line, and a sentence
         * must read as the banner or the prompt itself. A few words are a
         * label ("Cookie settings") unless they end as a sentence: a review
         * ("Terrible. Cookie-cutter plot. Avoid.", "Great cookies!", "I will
         * subscribe again.") is the user's text. Words are counted only for
         * a line that holds a needle (most lines do not). */
        int label = !has_sentence_end(s, n);
        if (chars <= 300 && (f->hits & HIT_COOKIE) && contains_any_word(ph, BP_PL_COOKIE, l) &&
            ((label && bp_count_words(t, tn) <= 6) || addresses_reader(ph, l)) &&
            !prompt_in_prose(ph, l))
            return BP_R_COOKIE;
        /* a sentence that merely opens with the cue word is prose
         * ("Related stories appeared in three papers.") */
        if (chars <= 100 && f->related && !third_party_sentence(ph, l) && !cue_in_prose(ph, l))
            return BP_R_RELATED;
        if (chars <= 300 && trailing_credit(s, n)) return BP_R_CAPTION;
        /* the phrases hold the verb of the site's own voice ("are
         * moderated", "we welcome"): a line that opens with one is the
         * notice, unless it reports what someone said (rule_verdict) */
        if (chars <= 300 && f->comment_policy) return BP_R_NAV;
        if (chars <= 120 && link_suffix(s, n)) return BP_R_NAV;
        /* Opening with a noun of the list ("Newsletter publishers have
         * seen...") makes a label a prompt, not a sentence: an imperative
         * opening is in addresses_reader's prompt starts. */
        if (chars <= 200 && (f->hits & HIT_SUBSCRIBE) &&
            contains_any_word(ph, BP_PL_SUBSCRIBE, l) &&
            ((label && bp_count_words(t, tn) <= 5) ||
             (label && plist_starts(&ph->l[BP_PL_SUBSCRIBE], l)) || addresses_reader(ph, l) ||
             subscribe_cue(ph, l)) &&
            !cue_in_prose(ph, l) && !prompt_in_prose(ph, l))
            return BP_R_SUBSCRIBE;
    } else {
        /* HTML blocks: markup already told most furniture apart, so the
         * phrase rules keep their old reach, less running sentences about
         * third parties (the same test as for plain text). */
        if (chars <= 300 && (f->hits & HIT_COOKIE) && !third_party_sentence(ph, l) &&
            !prompt_in_prose(ph, l))
            return BP_R_COOKIE;
        if (!short_block) return BP_KEEP;
        if (chars <= 100 && f->related && !third_party_sentence(ph, l)) return BP_R_RELATED;
        if (chars <= 200 && (f->hits & HIT_SUBSCRIBE) && !third_party_sentence(ph, l) &&
            !prompt_in_prose(ph, l))
            return BP_R_SUBSCRIBE;
    }
    /* the byline fact first: the address scan and the sentence test are
     * for the few lines that have it */
    if (f->byline && chars <= 80 + link_address_bytes(s, n) && !has_sentence_end(s, n)) {
        /* "By Jane Doe", not "By the end of the day": a name follows. */
        const char *sp = memchr(t, ' ', tn);
        size_t pl = sp ? (size_t)(sp - t) : tn, at = pl + 1;
        /* Markdown emphasis or a link around the name ("By **Jane Roe**",
         * "By [Jane Roe](url)") */
        while (at < tn && (t[at] == '*' || t[at] == '_' || t[at] == '[')) at++;
        int name_prefix = pl <= 3 && tn > pl + 1;
        if (!name_prefix ||
            (at < tn && ((t[at] >= 'A' && t[at] <= 'Z') || (unsigned char)t[at] >= 0xC0) &&
             (!bp_byline_word_ambiguous(t, pl) || bp_byline_name_len(t + at, tn - at))))
            return BP_R_BYLINE;
    }
    if (plain && chars <= BP_STANDARDS_CHARS && standards_label(t, tn)) return BP_R_NAV;
    if (chars <= 100 && f->caption) return BP_R_CAPTION;
    if (chars <= 100 && f->misc) return BP_R_NAV;
    return BP_KEEP;
}

/* Reported speech: a sentence that names its source ("..., the editor
 * said.", "the hacker told victims", "according to the filing") is news
 * prose about a cookie, a subscription or a login, not the site's own
 * prompt: no banner quotes a source. Asked only of a line a phrase rule
 * would remove. */
static int reported_sentence(const rule_text *l) {
    static const char *const verbs[] = {"said",      "says",   "told",   "admitted",
                                        "according", "stated", "wrote",  "claimed",
                                        "insisted",  "warned", "argued", "reported"};
    if (!has_sentence_end(l->s, l->n) || bp_count_words(l->s + l->tb, l->tn) < 8) return 0;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (contains_word(l, verbs[i])) return 1;
    return 0;
}

/* The phrase rules' verdict, less those a reported sentence escapes (ads,
 * share words and bylines are what they are whatever they quote). */
static int rule_verdict(const bp_phrases *ph, const rule_facts *f, int short_block, int plain) {
    int v = phrase_verdict(ph, f, short_block, plain);
    if (v == BP_KEEP || v == BP_R_AD || v == BP_R_SHARE || v == BP_R_BYLINE) return v;
    return reported_sentence(&f->l) ? BP_KEEP : v;
}

static unsigned rule_classes(const rule_facts *f) {
    unsigned c = 0;
    if (f->share_word || f->share_prefix) c |= BP_RC_SHARE;
    if (f->ad) c |= BP_RC_AD;
    if (is_copyright(&f->l, f->hits)) c |= BP_RC_COPYRIGHT;
    if (f->hits & HIT_COOKIE) c |= BP_RC_COOKIE;
    if (f->related) c |= BP_RC_RELATED;
    if (f->hits & HIT_SUBSCRIBE) c |= BP_RC_SUBSCRIBE;
    if (f->byline) c |= BP_RC_BYLINE;
    if (f->caption) c |= BP_RC_CAPTION;
    if (f->misc || f->comment_policy) c |= BP_RC_MISC;
    return c;
}

int bp_rule_line(const bp_phrases *ph, const char *s, size_t n, int short_block) {
    rule_facts f;
    if (!rule_facts_read(ph, s, n, 0, RULE_CHARS_UNKNOWN, &f)) return BP_R_SHORT;
    return rule_verdict(ph, &f, short_block, 0);
}

int bp_rule_line_plain(const bp_phrases *ph, const char *s, size_t n) {
    rule_facts f;
    if (!rule_facts_read(ph, s, n, 0, RULE_CHARS_UNKNOWN, &f)) return BP_R_SHORT;
    return rule_verdict(ph, &f, 1, 1);
}

int bp_rule_scan_plain(const bp_phrases *ph, const char *s, size_t n, uint32_t chars,
                       unsigned *classes) {
    rule_facts f;
    int want = n <= RULE_CLASSES_MAX;
    *classes = 0;
    if (!rule_facts_read(ph, s, n, want, chars, &f)) return BP_R_SHORT;
    if (want) *classes = rule_classes(&f);
    return rule_verdict(ph, &f, 1, 1);
}

int bp_rule_asks(const bp_phrases *ph, const char *s, size_t n) {
    rule_facts f;
    if (!rule_facts_read(ph, s, n, 1, RULE_CHARS_UNKNOWN, &f)) return 0;
    return (f.hits & (HIT_COOKIE | HIT_SUBSCRIBE)) && !third_party_sentence(ph, &f.l) &&
           !reported_sentence(&f.l) && !prompt_in_prose(ph, &f.l);
}

/* The words of a cookie, newsletter or copyright label or its buttons
 * ("Cookie policy and privacy settings", "Daily newsletter sign-up form",
 * "Copyright and permissions"): a line of nothing else names no topic. */
static const char *const label_words[] = {"cookie",
                                          "cookies",
                                          "policy",
                                          "policies",
                                          "settings",
                                          "setting",
                                          "preferences",
                                          "preference",
                                          "privacy",
                                          "consent",
                                          "notice",
                                          "statement",
                                          "manage",
                                          "accept",
                                          "reject",
                                          "decline",
                                          "allow",
                                          "all",
                                          "necessary",
                                          "essential",
                                          "only",
                                          "customise",
                                          "customize",
                                          "options",
                                          "choices",
                                          "use",
                                          "newsletter",
                                          "newsletters",
                                          "sign-up",
                                          "signup",
                                          "sign",
                                          "up",
                                          "form",
                                          "daily",
                                          "weekly",
                                          "free",
                                          "email",
                                          "e-mail",
                                          "alerts",
                                          "updates",
                                          "subscribe",
                                          "subscription",
                                          "subscriptions",
                                          "copyright",
                                          "permissions",
                                          "terms",
                                          "conditions",
                                          "information",
                                          "info",
                                          "more",
                                          "learn",
                                          "details",
                                          "and",
                                          "of",
                                          "the",
                                          "for",
                                          "to",
                                          "a",
                                          "on",
                                          "in",
                                          "with",
                                          "by",
                                          "&",
                                          "gdpr",
                                          "data",
                                          "protection",
                                          "latest",
                                          "news",
                                          "get",
                                          "now",
                                          "today",
                                          "here",
                                          NULL};

/* Is every word of t[0, tn) (its ASCII punctuation trimmed) a label word? */
static int only_label_words(const char *t, size_t tn) {
    for (size_t i = 0; i < tn;) {
        while (i < tn && t[i] == ' ') i++;
        size_t b = i;
        while (i < tn && t[i] != ' ') i++;
        size_t e = i;
        while (b < e && ad_break_punct((unsigned char)t[b]) && t[b] != '&') b++;
        while (e > b && ad_break_punct((unsigned char)t[e - 1]) && t[e - 1] != '&') e--;
        if (b == e) continue;
        int known = 0;
        for (size_t k = 0; label_words[k] && !known; k++)
            known = word_is(t + b, e - b, label_words[k]);
        if (!known) return 0;
    }
    return 1;
}

int bp_rule_topic_line(const bp_phrases *ph, const char *s, size_t n) {
    rule_facts f;
    if (!rule_facts_read(ph, s, n, 0, RULE_CHARS_UNKNOWN, &f)) return 0;
    int v = rule_verdict(ph, &f, 1, 1);
    const rule_text *l = &f.l;
    const char *t = l->s + l->tb;
    size_t tn = l->tn;
    if (v == BP_R_COPYRIGHT) {
        /* "Copyright ruling hits publishers": the word, then a lowercase
         * one; not a notice's sign, year or holder */
        size_t k = sizeof "copyright" - 1;
        while (k < tn && t[k] == ' ') k++;
        if ((f.hits & HIT_COPYRIGHT) || k >= tn || !(t[k] >= 'a' && t[k] <= 'z')) return 0;
    } else if (v != BP_R_COOKIE && v != BP_R_SUBSCRIBE) {
        return 0;
    }
    return bp_count_words(t, tn) >= 3 && !only_label_words(t, tn) &&
           !has_sentence_end(l->s, l->n) && !memchr(t, ':', tn) && !memchr(t, '|', tn) &&
           !addresses_reader(ph, l) && !plist_contains(&ph->l[BP_PL_SUBSCRIBE_CUES], l->s, l->n, 1);
}

unsigned bp_rule_classes(const bp_phrases *ph, const char *s, size_t n) {
    rule_facts f;
    if (n > RULE_CLASSES_MAX || !rule_facts_read(ph, s, n, 1, RULE_CHARS_UNKNOWN, &f)) return 0;
    return rule_classes(&f);
}

/* The next character of s from *i that bp_same_words compares, case folded
 * through the shared Unicode table; -1 at the end. ASCII punctuation and
 * spaces are skipped; an invalid byte stands for itself, apart from every
 * code point. */
static int32_t next_compared(const char *s, size_t n, size_t *i) {
    while (*i < n) {
        unsigned char c = (unsigned char)s[*i];
        if (c < 0x80) {
            (*i)++;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
            if (c >= 'A' && c <= 'Z') return c | 0x20;
            continue;
        }
        int32_t cp;
        *i += weft_utf8_decode((const unsigned char *)s + *i, n - *i, &cp);
        return cp < 0 ? 0x110000 + c : (int32_t)weft_uc_fold((uint32_t)cp);
    }
    return -1;
}

int bp_words_prefix(const char *a, size_t an, const char *b, size_t bn) {
    size_t i = 0, j = 0, seen = 0;
    for (;;) {
        int32_t x = next_compared(a, an, &i);
        if (x < 0) break;
        if (x != next_compared(b, bn, &j)) return 0;
        seen++;
    }
    /* b goes on after a's last letter: not inside a word of b's */
    return seen && (j >= bn || !is_word_byte(b[j]) || !is_word_byte(b[j - 1]));
}

/* Equality on letters and digits only, case folded ("ŁÓDŹ NEWS" is
 * "Łódź News" as "LODZ NEWS" is "Lodz News"). */
int bp_same_words(const char *a, size_t an, const char *b, size_t bn) {
    size_t i = 0, j = 0;
    for (;;) {
        int32_t x = next_compared(a, an, &i), y = next_compared(b, bn, &j);
        if (x != y) return 0;
        if (x < 0) return 1;
    }
}
