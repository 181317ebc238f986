/*
 * wordlen - the plugin guide's worked example: a word-length histogram.
 *
 * Build it with one line, against nothing but weft/plugin.h:
 *
 *     cc -std=c11 -shared -fPIC -fvisibility=hidden -I include \
 *        -o wordlen.so examples/plugins/wordlen.c
 *
 * then put wordlen.so in a folder on the plugin path and use it from Lua:
 *
 *     weft.stage "wordlen" { min_len = 2, unit = "chars" }
 *
 * It adds a layer "word" (one record per word, score = its length) and the
 * document attributes wordlen.count, wordlen.mean and wordlen.max.
 */
#include <stdlib.h>

#include "weft/plugin.h"

/* The parameters, as the core fills them in from the script. */
typedef struct wordlen_conf {
    int64_t min_len;  /* shorter words are not counted */
    int unit;         /* index into "bytes|chars" */
    int count_digits; /* do digits make words? */
} wordlen_conf;

static const weft_param wordlen_params[] = {{.name = "min_len",
                                             .type = WEFT_P_INT,
                                             .def = "1",
                                             .min = 1,
                                             .max = 1000,
                                             .offset = offsetof(wordlen_conf, min_len),
                                             .doc = "shortest word counted"},
                                            {.name = "unit",
                                             .type = WEFT_P_ENUM,
                                             .def = "chars",
                                             .choices = "bytes|chars",
                                             .offset = offsetof(wordlen_conf, unit),
                                             .doc = "measure lengths in bytes or characters"},
                                            {.name = "count_digits",
                                             .type = WEFT_P_BOOL,
                                             .def = "false",
                                             .offset = offsetof(wordlen_conf, count_digits),
                                             .doc = "treat digits as word characters"},
                                            {.name = NULL}};

/* Read-only after open(), shared by every worker: the conf and the names. */
typedef struct wordlen_shared {
    wordlen_conf conf;
    weft_sym word, count, mean, max;
} wordlen_shared;

static int wordlen_open(const weft_host *host, weft_setup *setup, const void *conf, void **shared,
                        weft_error *err) {
    wordlen_shared *s = malloc(sizeof *s);
    if (!s) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    s->conf = *(const wordlen_conf *)conf;
    /* Intern names once here; process() then works with integers. */
    s->word = host->intern(setup, "word");
    s->count = host->intern(setup, "wordlen.count");
    s->mean = host->intern(setup, "wordlen.mean");
    s->max = host->intern(setup, "wordlen.max");
    if (!s->word || !s->count || !s->mean || !s->max) {
        free(s);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    *shared = s;
    return WEFT_OK;
}

static void wordlen_close(void *shared) {
    free(shared);
}

/* Letters are ASCII letters and every non-ASCII byte (good enough for an
 * example: a real tokenizer uses Unicode word-break rules). */
static int is_word_byte(unsigned char c, int digits) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '\'' ||
           (digits && c >= '0' && c <= '9');
}

/* There is no create(): without per-worker scratch, process() receives the
 * shared struct as its state. */
static int wordlen_process(const weft_host *host, void *state, weft_doc *doc, weft_error *err) {
    const wordlen_shared *s = state;
    size_t len;
    const char *text = host->view(doc, host->default_view(doc), &len);
    int64_t count = 0, total = 0, max = 0;
    size_t i = 0;
    while (i < len) {
        if (!is_word_byte((unsigned char)text[i], s->conf.count_digits)) {
            i++;
            continue;
        }
        size_t b = i, chars = 0;
        for (; i < len && is_word_byte((unsigned char)text[i], s->conf.count_digits); i++)
            chars += ((unsigned char)text[i] & 0xC0) != 0x80; /* count lead bytes only */
        int64_t n = s->conf.unit == 0 ? (int64_t)(i - b) : (int64_t)chars;
        if (n < s->conf.min_len) continue;
        if (host->add(doc, s->word, (uint32_t)b, (uint32_t)i, 0, (float)n) < 0)
            return host->fail(err, WEFT_ENOMEM, (int64_t)b, "cannot add word at byte %zu", b);
        count++;
        total += n;
        if (n > max) max = n;
    }
    weft_value v = {.type = WEFT_V_INT, .u.i = count};
    host->doc_set(doc, s->count, &v);
    v = (weft_value){.type = WEFT_V_NUM, .u.d = count ? (double)total / (double)count : 0.0};
    host->doc_set(doc, s->mean, &v);
    v = (weft_value){.type = WEFT_V_INT, .u.i = max};
    host->doc_set(doc, s->max, &v);
    return WEFT_OK;
}

static const char *const wordlen_provides[] = {"word", "attr:wordlen.count", "attr:wordlen.mean",
                                               "attr:wordlen.max", NULL};

static const weft_stage_class wordlen_stage = {
    .size = sizeof(weft_stage_class),
    .flags = WEFT_STAGE_PURE,
    .name = "wordlen",
    .summary = "word-length histogram: a layer of words and their mean and longest length",
    .provides = wordlen_provides,
    .params = wordlen_params,
    .conf_size = sizeof(wordlen_conf),
    .open = wordlen_open,
    .process = wordlen_process,
    .close = wordlen_close,
};

static const weft_stage_class *const wordlen_stages[] = {&wordlen_stage, NULL};

static const weft_plugin wordlen_plugin = {
    WEFT_PLUGIN_HEADER,
    .name = "wordlen",
    .version = "1.0.0",
    .license = "MIT",
    .summary = "example plugin: word lengths",
    .stages = wordlen_stages,
};

WEFT_PLUGIN(wordlen_plugin)
