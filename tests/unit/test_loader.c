/* Unit tests: the plugin loader against the fixture shared objects in
 * the build tree's tests/plugins (WEFT_FIXTURES), and descriptor checks in-process. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "registry.h"

static const char *fixtures(void) {
    const char *d = getenv("WEFT_FIXTURES");
    return d ? d : "build/tests/plugins";
}

static void load_expect(const char *file, const char *want) {
    weft_registry r;
    weft_registry_init(&r);
    char path[1024], err[1024] = "";
    snprintf(path, sizeof path, "%s/%s", fixtures(), file);
    int rc = weft_registry_load_file(&r, path, err, sizeof err);
    if (want) {
        assert_int_not_equal(rc, 0);
        if (!strstr(err, want)) fail_msg("'%s' does not contain '%s'", err, want);
        if (!strstr(err, path)) fail_msg("'%s' does not name the file", err);
        assert_int_equal(r.nrejected, 1);
        assert_string_equal(r.rejected[0].path, path);
        assert_int_equal(r.nplugins, 0);
    } else {
        if (rc != 0) fail_msg("load failed: %s", err);
        assert_int_equal(r.nplugins, 1);
    }
    weft_registry_free(&r);
}

static void good_plugin_loads(void **st) {
    (void)st;
    load_expect("good.so", NULL);
    weft_registry r;
    weft_registry_init(&r);
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/good.so", fixtures());
    assert_int_equal(weft_registry_load_file(&r, path, err, sizeof err), 0);
    const weft_loaded_plugin *lp = NULL;
    const weft_stage_class *c = weft_registry_stage(&r, "mark", &lp);
    assert_non_null(c);
    assert_string_equal(lp->desc->name, "good");
    assert_string_equal(lp->desc->version, "1.2.3");
    assert_string_equal(lp->dir, fixtures());
    assert_null(weft_registry_stage(&r, "nope", NULL));
    assert_ptr_equal(weft_registry_plugin(&r, "good"), lp);
    /* loading the same path again is a no-op, a copy elsewhere a duplicate */
    assert_int_equal(weft_registry_load_file(&r, path, err, sizeof err), 0);
    assert_int_equal(r.nplugins, 1);
    weft_registry_free(&r);
}

static void no_entry(void **st) {
    (void)st;
    load_expect("no_entry.so", "not a weft plugin: it exports no weft_plugin_v1 symbol");
}
static void abi_v2(void **st) {
    (void)st;
    load_expect("abi_v2.so", "built for weft plugin ABI 2 (exports weft_plugin_v2)");
}
static void fingerprint(void **st) {
    (void)st;
    load_expect("bad_fingerprint.so", "layout fingerprint");
}
static void undefined_symbol(void **st) {
    (void)st;
    load_expect("undefined_sym.so", "weft_fixture_missing_function");
}
/* ABI minor 1 appended read_file and free_data to weft_host: a plugin
 * built against minor 0 (whose weft_host was smaller) still loads. */
static void older_minor_loads(void **st) {
    (void)st;
    load_expect("old_minor.so", NULL);
    weft_registry r;
    weft_registry_init(&r);
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s/old_minor.so", fixtures());
    assert_int_equal(weft_registry_load_file(&r, path, err, sizeof err), 0);
    const weft_loaded_plugin *lp = weft_registry_plugin(&r, "old_minor");
    assert_non_null(lp);
    assert_int_equal(lp->desc->abi_minor, 0);
    assert_true(WEFT_ABI_MINOR >= 1);
    weft_registry_free(&r);
}
static void missing_file(void **st) {
    (void)st;
    load_expect("does_not_exist.so", "cannot be loaded");
}

static void scan_records_rejections(void **st) {
    (void)st;
    weft_registry r;
    weft_registry_init(&r);
    assert_int_equal(weft_registry_add_search_list(&r, "/nonexistent/weft:/also/not/there"), 0);
    assert_int_equal(weft_registry_add_search(&r, fixtures()), 0);
    assert_int_equal(weft_registry_add_search(&r, fixtures()), 0); /* deduplicated */
    assert_int_equal(r.nsearch, 3);
    int bad = weft_registry_scan(&r);
    /* every fixture but good.so (and open_fails.so and old_minor.so, which
     * load) is rejected */
    assert_int_equal(bad, 4);
    assert_int_equal(r.nmissing, 2);
    assert_non_null(weft_registry_plugin(&r, "good"));
    assert_non_null(weft_registry_plugin(&r, "open_fails"));
    assert_non_null(weft_registry_plugin(&r, "old_minor"));
    weft_registry_free(&r);
}

static int noop(const weft_host *h, void *s, weft_doc *d, weft_error *e) {
    (void)h, (void)s, (void)d, (void)e;
    return 0;
}

static void descriptor_checks(void **st) {
    (void)st;
    char err[512];
    weft_stage_class sc = {.size = sizeof sc, .name = "ok_stage", .process = noop};
    const weft_stage_class *stages[] = {&sc, NULL};
    weft_plugin p = {WEFT_PLUGIN_HEADER, .name = "ok", .stages = stages};
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), 0);

    weft_plugin q = p;
    q.abi_minor = WEFT_ABI_MINOR + 1;
    assert_int_not_equal(weft_plugin_check(&q, err, sizeof err), 0);
    assert_non_null(strstr(err, "newer than this weft"));
    q = p;
    q.name = "Bad-Name";
    assert_int_not_equal(weft_plugin_check(&q, err, sizeof err), 0);
    assert_non_null(strstr(err, "is not of the form"));
    q = p;
    q.size = 8;
    assert_int_not_equal(weft_plugin_check(&q, err, sizeof err), 0);
    const weft_stage_class *none[] = {NULL};
    q = p;
    q.stages = none;
    assert_int_not_equal(weft_plugin_check(&q, err, sizeof err), 0);
    assert_non_null(strstr(err, "declares no stages"));
    weft_stage_class np = sc;
    np.process = NULL;
    const weft_stage_class *s2[] = {&np, NULL};
    q = p;
    q.stages = s2;
    assert_int_not_equal(weft_plugin_check(&q, err, sizeof err), 0);
    assert_non_null(strstr(err, "no process callback"));
    const weft_stage_class *dup[] = {&sc, &sc, NULL};
    q = p;
    q.stages = dup;
    assert_int_not_equal(weft_plugin_check(&q, err, sizeof err), 0);
    assert_non_null(strstr(err, "declared twice"));
    assert_int_not_equal(weft_plugin_check(NULL, err, sizeof err), 0);

    /* two plugins providing the same stage: the second names the first */
    weft_registry r;
    weft_registry_init(&r);
    assert_int_equal(weft_registry_add_builtin(&r, &p, err, sizeof err), 0);
    weft_plugin other = p;
    other.name = "other";
    assert_int_not_equal(weft_registry_add_builtin(&r, &other, err, sizeof err), 0);
    assert_non_null(strstr(err, "stage 'ok_stage' is already provided by plugin 'ok'"));
    weft_registry_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_plugin_loads),
        cmocka_unit_test(no_entry),
        cmocka_unit_test(abi_v2),
        cmocka_unit_test(fingerprint),
        cmocka_unit_test(undefined_symbol),
        cmocka_unit_test(older_minor_loads),
        cmocka_unit_test(missing_file),
        cmocka_unit_test(scan_records_rejections),
        cmocka_unit_test(descriptor_checks),
    };
    return cmocka_run_group_tests_name("loader", tests, NULL, NULL);
}
