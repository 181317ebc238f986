/* Unit tests: the embedding API of include/weft/weft.h with the shipped
 * plugins and profiles of the build tree (WEFT_FIXTURES names its
 * tests/plugins folder; the shipped plugins are two levels up). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "weft/weft.h"

static const char *build_dir(char *buf, size_t size) {
    const char *f = getenv("WEFT_FIXTURES");
    snprintf(buf, size, "%s", f ? f : "build/tests/plugins");
    char *cut = strstr(buf, "/tests/plugins");
    if (cut) *cut = '\0';
    return buf;
}

/* Messages a custom sink received, one line each. */
typedef struct sink {
    char text[8192];
    int levels[64];
    size_t n;
} sink;

static void capture(void *ud, int level, const char *msg) {
    sink *s = ud;
    size_t len = strlen(s->text);
    snprintf(s->text + len, sizeof s->text - len, "%s\n", msg);
    if (s->n < 64) s->levels[s->n] = level;
    s->n++;
}

/* An engine on the build tree's shipped plugins only; o may set more. */
static weft_engine *engine_with(weft_options *o) {
    char b[1024], path[1100], err[2048];
    snprintf(path, sizeof path, "%s/plugins", build_dir(b, sizeof b));
    o->plugin_path = path;
    o->only_plugin_path = 1;
    weft_engine *e = weft_open_with(o, err, sizeof err);
    if (!e) fail_msg("weft_open_with: %s", err);
    return e;
}

static weft_engine *engine(void) {
    weft_options o;
    weft_options_init(&o);
    return engine_with(&o);
}

static weft_pipeline *profile(weft_engine *e, const char *name, char *err, size_t errsz) {
    char path[256];
    snprintf(path, sizeof path, "scripts/profiles/%s.lua", name);
    return weft_load_script(e, path, err, errsz);
}

/* Counting needs no records pointer (out may be NULL). */
static size_t count(const weft_doc *d, const char *layer) {
    return weft_records(d, layer, NULL);
}

static const char *label_of(const weft_doc *d, const char *layer, size_t i) {
    const weft_ann *a;
    size_t n = weft_records(d, layer, &a);
    return i < n ? weft_name(d, a[i].label) : NULL;
}

/* Two pipelines on one engine, both built before the first processor:
 * the second interns names the first never saw. */
static void two_profiles_one_engine(void **st) {
    (void)st;
    static const char *const pairs[][2] = {{"tokens", "entities"}, {"sentiment", "clean"}};
    const char *text = "Mayor Helen Brandt opened the bridge in Port Elden. It was a great day.";
    for (size_t k = 0; k < 2; k++) {
        weft_engine *e = engine();
        char err[2048] = "";
        weft_pipeline *a = profile(e, pairs[k][0], err, sizeof err);
        if (!a) fail_msg("%s: %s", pairs[k][0], err);
        weft_pipeline *b = profile(e, pairs[k][1], err, sizeof err);
        if (!b) fail_msg("%s after %s: %s", pairs[k][1], pairs[k][0], err);
        weft_processor *wa = weft_processor_new(a, err, sizeof err);
        weft_processor *wb = weft_processor_new(b, err, sizeof err);
        assert_non_null(wa);
        assert_non_null(wb);
        const weft_doc *d = weft_process(wa, "a", text, strlen(text));
        assert_non_null(d);
        assert_int_equal(weft_errors(d), 0);
        if (k == 0) {
            assert_int_equal(count(d, "token"), 16);
            assert_string_equal(label_of(d, "token", 0), "word");
        } else {
            assert_int_equal(count(d, "sentiment"), 2);
            assert_non_null(weft_attribute(d, "sentiment.compound"));
        }
        d = weft_process(wb, "b", text, strlen(text));
        assert_non_null(d);
        assert_int_equal(weft_errors(d), 0);
        if (k == 0) {
            int per = 0;
            for (size_t i = 0; i < count(d, "entity"); i++)
                per |= strcmp(label_of(d, "entity", i), "PER") == 0;
            assert_true(per);
        } else {
            const weft_value *r = weft_attribute(d, "report");
            assert_non_null(r);
            assert_int_equal(r->type, WEFT_V_STR);
            assert_non_null(weft_layer_view(d, "boilerplate"));
        }
        weft_processor_free(wa);
        weft_processor_free(wb);
        weft_pipeline_free(a);
        weft_pipeline_free(b);
        weft_close(e);
    }
}

/* Once a processor exists the names are frozen: a pipeline needing new
 * ones fails and says so (not "out of memory"); one whose names all
 * exist still builds. */
static void pipeline_after_processor(void **st) {
    (void)st;
    weft_engine *e = engine();
    char err[2048] = "";
    weft_pipeline *a = profile(e, "tokens", err, sizeof err);
    assert_non_null(a);
    weft_processor *w = weft_processor_new(a, err, sizeof err);
    assert_non_null(w);
    weft_pipeline *b = profile(e, "entities", err, sizeof err);
    assert_null(b);
    if (!strstr(err, "names are frozen") || !strstr(err, "first processor"))
        fail_msg("unexpected message: %s", err);
    if (strstr(err, "out of memory")) fail_msg("frozen reported as out of memory: %s", err);
    weft_pipeline *again = profile(e, "tokens", err, sizeof err);
    if (!again) fail_msg("tokens again: %s", err);
    weft_processor *w2 = weft_processor_new(again, err, sizeof err);
    assert_non_null(w2);
    const weft_doc *d = weft_process(w2, "x", "one two", 7);
    assert_int_equal(count(d, "token"), 2);
    weft_processor_free(w2);
    weft_pipeline_free(again);
    weft_processor_free(w);
    weft_pipeline_free(a);
    weft_close(e);
}

/* A stage's warning, a script's print() and warn() reach a custom sink,
 * not stderr; verbosity filters warnings but never print(). */
static void log_sink_captures(void **st) {
    (void)st;
    for (int quiet = 0; quiet < 2; quiet++) {
        sink s = {"", {0}, 0};
        weft_options o;
        weft_options_init(&o);
        o.log = capture;
        o.log_ud = &s;
        if (quiet) o.verbosity = WEFT_LOG_ERROR;
        weft_engine *e = engine_with(&o);
        char err[2048];
        weft_pipeline *p = profile(e, "clean", err, sizeof err);
        if (!p) fail_msg("clean: %s", err);
        static const char script[] =
            "return weft.pipeline { weft.lua \"talk\" { run = function(doc)\n"
            "  print('said', 42); warn('careful') end } }";
        weft_pipeline *q =
            weft_load_source(e, "talk.lua", script, sizeof script - 1, err, sizeof err);
        if (!q) fail_msg("talk: %s", err);
        weft_processor *w = weft_processor_new(p, err, sizeof err);
        weft_processor *wq = weft_processor_new(q, err, sizeof err);
        assert_non_null(w);
        assert_non_null(wq);
        /* Nothing but menu items: the stage warns that it found no text. */
        assert_non_null(weft_process(w, "page-1", "Home\nMenu", 9));
        assert_non_null(weft_process(wq, "t", "x", 1));
        if (quiet) {
            assert_string_equal(s.text, "said\t42\n");
        } else {
            assert_string_equal(s.text, "page-1: boilerplate: no main text found\nsaid\t42\n"
                                        "Lua warning: careful\n");
            assert_int_equal(s.levels[0], WEFT_LOG_WARN);
            assert_int_equal(s.levels[2], WEFT_LOG_WARN);
        }
        assert_int_equal(s.levels[quiet ? 0 : 1], WEFT_LOG_PRINT);
        weft_processor_free(wq);
        weft_processor_free(w);
        weft_pipeline_free(q);
        weft_pipeline_free(p);
        weft_close(e);
    }
}

/* A NULL sink silences the library; broken plugin files are listed, not
 * fatal, with keep_rejected; profile_path is searched first. */
static void options_apply(void **st) {
    (void)st;
    const char *fx = getenv("WEFT_FIXTURES");
    weft_options o;
    weft_options_init(&o);
    assert_int_equal(o.size, sizeof o);
    assert_int_equal(o.verbosity, WEFT_LOG_WARN);
    assert_true(o.log == weft_log_stderr);
    o.plugin_path = fx ? fx : "build/tests/plugins";
    o.only_plugin_path = 1;
    char err[4096] = "";
    assert_null(weft_open_with(&o, err, sizeof err));
    assert_non_null(strstr(err, "plugins failed to load"));
    o.keep_rejected = 1;
    o.log = NULL;
    char dir[] = "/tmp/weft-embed-XXXXXX", file[64];
    assert_non_null(mkdtemp(dir));
    snprintf(file, sizeof file, "%s/mine.lua", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("return weft.pipeline { weft.lua \"x\" { run = function(doc) end } }\n", f);
    assert_int_equal(fclose(f), 0);
    o.profile_path = dir;
    weft_engine *e = weft_open_with(&o, err, sizeof err);
    if (!e) fail_msg("keep_rejected: %s", err);
    assert_true(weft_rejected_count(e) >= 3);
    const char *reason = NULL;
    assert_non_null(weft_rejected_plugin(e, 0, &reason));
    assert_non_null(reason);
    assert_null(weft_rejected_plugin(e, weft_rejected_count(e), NULL));
    weft_pipeline *p = weft_load_profile(e, "mine", err, sizeof err);
    remove(file);
    remove(dir);
    if (!p) fail_msg("profile from profile_path: %s", err);
    weft_pipeline_free(p);
    weft_close(e);
}

/* A pipeline of stage classes with no script; settings, check_only and
 * the description of the result. */
static void stages_in_memory(void **st) {
    (void)st;
    weft_engine *e = engine();
    static const char *const classes[] = {"tokenizer", "entities"};
    weft_setting set = {"entities", "min_score", "0.99"};
    weft_source s;
    weft_source_init(&s);
    s.stages = classes;
    s.nstages = 2;
    s.name = "two-stages";
    s.settings = &set;
    s.nsettings = 1;
    s.check_only = 1;
    char err[2048];
    weft_pipeline *p = weft_load(e, &s, err, sizeof err);
    if (!p) fail_msg("check: %s", err);
    assert_string_equal(weft_pipeline_script(p), "two-stages");
    assert_int_equal(weft_stage_count(p), 2);
    const char *plugin = NULL;
    int line = -1;
    assert_string_equal(weft_stage_name(p, 1, &plugin, &line), "entities");
    assert_string_equal(plugin, "entities");
    assert_int_equal(line, 0);
    assert_null(weft_stage_name(p, 2, NULL, NULL));
    assert_null(weft_processor_new(p, err, sizeof err)); /* nothing is open */
    assert_non_null(strstr(err, "checked only"));
    weft_pipeline_free(p);
    /* run for real: the setting took (no entity scores 0.99) */
    s.check_only = 0;
    p = weft_load(e, &s, err, sizeof err);
    if (!p) fail_msg("build: %s", err);
    weft_processor *w = weft_processor_new(p, err, sizeof err);
    assert_non_null(w);
    const char *text = "Mayor Helen Brandt spoke.";
    const weft_doc *d = weft_process(w, "x", text, strlen(text));
    assert_int_equal(weft_errors(d), 0);
    assert_int_equal(count(d, "entity"), 0);
    weft_processor_free(w);
    weft_pipeline_free(p);
    /* messages name the source and the stage, with no line */
    set.param = "min_scor";
    assert_null(weft_load(e, &s, err, sizeof err));
    assert_non_null(strstr(err, "two-stages: stage 'entities': unknown parameter 'min_scor' (did "
                                "you mean 'min_score'?) (set by setting entities.min_scor)"));
    const char *path = NULL;
    assert_non_null(weft_plugin_find(e, "tokenizer", &path));
    assert_non_null(strstr(path, "tokenizer.so"));
    assert_null(weft_plugin_find(e, "nope", NULL));
    weft_close(e);
}

/* Messages name options in the front end's own words (weft_options.say_*),
 * "{}" standing for STAGE.PARAM wherever it is. */
static void messages_in_front_end_words(void **st) {
    (void)st;
    weft_options o;
    weft_options_init(&o);
    o.say_set = "config[{}] (see --help)";
    o.say_plugin_path = "-P DIR";
    weft_engine *e = engine_with(&o);
    static const char *const classes[] = {"tokenizer"};
    weft_setting set = {"tokenizer", "stlye", "ptb"};
    weft_source s;
    weft_source_init(&s);
    s.stages = classes;
    s.nstages = 1;
    s.name = "one";
    s.settings = &set;
    s.nsettings = 1;
    s.check_only = 1;
    char err[2048];
    assert_null(weft_load(e, &s, err, sizeof err));
    assert_non_null(strstr(err, "unknown parameter 'stlye' (did you mean 'style'?) (set by "
                                "config[tokenizer.stlye] (see --help))"));
    set.stage = "tokeniser";
    assert_null(weft_load(e, &s, err, sizeof err));
    assert_non_null(strstr(err, "config[tokeniser.stlye] (see --help): the pipeline has no stage"));
    static const char *const none[] = {"no_such_stage"};
    s.stages = none;
    s.nsettings = 0;
    assert_null(weft_load(e, &s, err, sizeof err));
    assert_non_null(strstr(err, "add a plugin folder with -P DIR or WEFT_PLUGIN_PATH"));
    weft_close(e);
}

/* "Say this once per run" is a flag of the warning call (WEFT_LOG_ONCE),
 * whatever the text: such a warning is said for its first document, then
 * counted, and the count line names it by its text up to " ("; a plain
 * warning is said warn_repeats times. The flag survives a document's
 * messages kept and replayed (weft_doclog, as --isolate and the ordered
 * writer keep them). */
static void warn_once_flag(void **st) {
    (void)st;
    for (int kept = 0; kept < 2; kept++) {
        sink s = {"", {0}, 0};
        weft_options o;
        weft_options_init(&o);
        o.log = capture;
        o.log_ud = &s;
        o.warn_repeats = 2;
        weft_engine *e = engine_with(&o);
        weft_doc *d = weft_doc_new(e->syms);
        assert_non_null(d);
        weft_doclog l = {e, NULL, 0, 0};
        for (int i = 0; i < 4; i++) {
            char id[16];
            snprintf(id, sizeof id, "d%d", i);
            assert_int_equal(weft_doc_set_id(d, id), WEFT_OK);
            if (kept) {
                l.len = 0;
                weft_doclog_keep(&l, d, WEFT_LOG_WARN | WEFT_LOG_ONCE, "same advice (long)");
                weft_doclog_keep(&l, d, WEFT_LOG_WARN, "plain");
                weft_doclog_replay(e, l.p);
            } else {
                weft_engine_doc_log(e, d, WEFT_LOG_WARN | WEFT_LOG_ONCE, "same advice (long)");
                weft_engine_doc_log(e, d, WEFT_LOG_WARN, "plain");
            }
        }
        weft_engine_warn_summary(e);
        assert_string_equal(s.text, "d0: same advice (long)\nd0: plain\nd1: plain\n"
                                    "3 more documents: same advice (warn_repeats = 0 lists "
                                    "every one)\n"
                                    "2 more documents: plain (warn_repeats = 0 lists every one)\n");
        for (size_t i = 0; i < s.n && i < 64; i++) assert_int_equal(s.levels[i], WEFT_LOG_WARN);
        free(l.p);
        weft_doc_free(d);
        weft_close(e);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(log_sink_captures),        cmocka_unit_test(options_apply),
        cmocka_unit_test(stages_in_memory),         cmocka_unit_test(two_profiles_one_engine),
        cmocka_unit_test(pipeline_after_processor), cmocka_unit_test(messages_in_front_end_words),
        cmocka_unit_test(warn_once_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
