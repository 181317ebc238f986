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

/* An engine on the build tree's shipped plugins only. */
static weft_engine *engine(void) {
    char b[1024], path[1100];
    snprintf(path, sizeof path, "%s/plugins", build_dir(b, sizeof b));
    weft_engine *e = weft_engine_new();
    assert_non_null(e);
    assert_int_equal(weft_engine_load_plugins(e, path, NULL), 0);
    return e;
}

static weft_pipeline *profile(weft_engine *e, const char *name, char *err, size_t errsz) {
    char path[256];
    snprintf(path, sizeof path, "scripts/profiles/%s.lua", name);
    return weft_load_script(e, path, err, errsz);
}

static size_t count(const weft_doc *d, const char *layer) {
    const weft_ann *a;
    return weft_records(d, layer, &a);
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_profiles_one_engine),
        cmocka_unit_test(pipeline_after_processor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
