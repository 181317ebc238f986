/* Unit tests: the helpers shared by the core and plugins (weft/grow.h,
 * weft/hash.h, weft/sorted.h), the core's whole-file reader and the host's read_file. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "file.h"
#include "weft/grow.h"
#include "weft/hash.h"
#include "weft/sorted.h"

/* ------------------------------------------------------------------------ */
/* weft_grow                                                                 */

static void grow_doubles(void **st) {
    (void)st;
    int *a = NULL;
    size_t cap = 0;
    assert_int_equal(weft_grow((void **)&a, &cap, 1, sizeof *a), 0);
    assert_int_equal(cap, 8);
    assert_int_equal(weft_grow((void **)&a, &cap, 9, sizeof *a), 0);
    assert_int_equal(cap, 16);
    assert_int_equal(weft_grow((void **)&a, &cap, 100, sizeof *a), 0);
    assert_int_equal(cap, 128);
    assert_int_equal(weft_grow((void **)&a, &cap, 5, sizeof *a), 0); /* never shrinks */
    assert_int_equal(cap, 128);
    a[127] = 1;
    free(a);
}

/* The registry's copy of the growth helper had lost the overflow check, so
 * a count near SIZE_MAX wrapped to a small allocation. The registry now uses
 * weft_grow; these requests must fail and leave the array untouched. */
static void grow_refuses_overflow(void **st) {
    (void)st;
    char *a = malloc(8);
    assert_non_null(a);
    char *before = a;
    size_t cap = 8;
    assert_int_equal(weft_grow((void **)&a, &cap, SIZE_MAX / 8 + 2, 8), -1);
    assert_int_equal(weft_grow((void **)&a, &cap, SIZE_MAX, 2), -1);
    assert_int_equal(weft_grow((void **)&a, &cap, 9, SIZE_MAX / 4), -1);
    assert_ptr_equal(a, before);
    assert_int_equal(cap, 8);
    free(a);
}

/* ------------------------------------------------------------------------ */
/* FNV-1a and the tables                                                     */

static void fnv_vectors(void **st) {
    (void)st;
    /* Published FNV-1a 64 test vectors. */
    assert_true(weft_fnv64(WEFT_FNV64_INIT, "", 0) == 0xcbf29ce484222325ull);
    assert_true(weft_fnv64(WEFT_FNV64_INIT, "a", 1) == 0xaf63dc4c8601ec8cull);
    assert_true(weft_fnv64(WEFT_FNV64_INIT, "foobar", 6) == 0x85944171f73967e8ull);
    /* streamable: piece by piece is the same as all at once */
    uint64_t h = weft_fnv64(weft_fnv64(WEFT_FNV64_INIT, "foo", 3), "bar", 3);
    assert_true(h == 0x85944171f73967e8ull);
    h = WEFT_FNV64_INIT;
    for (const char *p = "foobar"; *p; p++) h = weft_fnv64_byte(h, (unsigned char)*p);
    assert_true(h == 0x85944171f73967e8ull);
}

static void hindex_collisions(void **st) {
    (void)st;
    /* Every entry gets the same hash: the caller's comparison decides. */
    weft_hindex ix;
    weft_hindex_init(&ix);
    assert_int_equal(weft_hindex_next(&ix, &(weft_hprobe){0, 0}), WEFT_HINDEX_NONE);
    for (size_t i = 0; i < 100; i++) assert_int_equal(weft_hindex_add(&ix, 42, i), 0);
    assert_int_equal(ix.n, 100);
    assert_true(ix.mask + 1 >= 200);
    unsigned seen[100] = {0};
    weft_hprobe p = weft_hindex_probe(&ix, 42);
    for (size_t i; (i = weft_hindex_next(&ix, &p)) != WEFT_HINDEX_NONE;) seen[i]++;
    for (size_t i = 0; i < 100; i++) assert_int_equal(seen[i], 1);
    p = weft_hindex_probe(&ix, 43);
    assert_int_equal(weft_hindex_next(&ix, &p), WEFT_HINDEX_NONE);
    weft_hindex_clear(&ix);
    assert_int_equal(ix.n, 0);
    p = weft_hindex_probe(&ix, 42);
    assert_int_equal(weft_hindex_next(&ix, &p), WEFT_HINDEX_NONE);
    assert_int_equal(weft_hindex_add(&ix, 42, WEFT_HINDEX_MAX), -1);
    assert_int_equal(weft_hindex_reserve(&ix, (size_t)WEFT_HINDEX_MAX + 1), -1);
    weft_hindex_free(&ix);
}

/* A map sized first is built without growing: no part moves while the
 * reserved keys are added, and they are all found. */
static void strmap_reserve_holds(void **st) {
    (void)st;
    weft_strmap m;
    weft_strmap_init(&m);
    assert_int_equal(weft_strmap_reserve(&m, 3000, 3000 * 8), 0);
    const void *e0 = m.e, *p0 = m.pool, *s0 = m.ix.slots;
    size_t mask = m.ix.mask;
    char key[32];
    for (int i = 0; i < 3000; i++) {
        int n = snprintf(key, sizeof key, "w%07d", i);
        assert_non_null(weft_strmap_add(&m, key, (size_t)n, NULL));
    }
    assert_ptr_equal(m.e, e0);
    assert_ptr_equal(m.pool, p0);
    assert_ptr_equal(m.ix.slots, s0);
    assert_int_equal(m.ix.mask, mask);
    for (int i = 0; i < 3000; i++) {
        int n = snprintf(key, sizeof key, "w%07d", i);
        assert_non_null(weft_strmap_find(&m, key, (size_t)n));
    }
    /* past the reservation it grows as before */
    assert_non_null(weft_strmap_add(&m, "one more key, longer than the rest", 34, NULL));
    assert_non_null(weft_strmap_find(&m, "w0000042", 8));
    /* sizes past the limits are refused, the map left usable */
    assert_int_equal(weft_strmap_reserve(&m, (size_t)WEFT_HINDEX_MAX, 0), -1);
    assert_int_equal(weft_strmap_reserve(&m, 1, (size_t)UINT32_MAX), -1);
    assert_non_null(weft_strmap_find(&m, "w0002999", 8));
    weft_strmap_free(&m);
}

static void strmap_map_and_set(void **st) {
    (void)st;
    weft_strmap m;
    weft_strmap_init(&m);
    assert_null(weft_strmap_find(&m, "x", 1));
    char key[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "key%d", i);
        int added = 0;
        weft_strmap_entry *e = weft_strmap_add(&m, key, (size_t)n, &added);
        assert_non_null(e);
        assert_true(added);
        e->value = (uint32_t)i * 3;
    }
    assert_int_equal(m.n, 5000);
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(key, sizeof key, "key%d", i);
        const weft_strmap_entry *e = weft_strmap_find(&m, key, (size_t)n);
        assert_non_null(e);
        assert_int_equal(e->value, (uint32_t)i * 3);
        assert_string_equal(weft_strmap_key(&m, e), key);
    }
    /* an existing key is found, not added again */
    int added = 1;
    weft_strmap_entry *e = weft_strmap_add(&m, "key7", 4, &added);
    assert_false(added);
    assert_int_equal(e->value, 21);
    /* byte strings: embedded NULs and prefixes are distinct keys */
    assert_non_null(weft_strmap_add(&m, "a\0b", 3, NULL));
    assert_null(weft_strmap_find(&m, "a", 1));
    assert_non_null(weft_strmap_find(&m, "a\0b", 3));
    assert_null(weft_strmap_find(&m, "key", 3));
    assert_null(weft_strmap_find(&m, "key70000", 8));
    uint64_t h = weft_strmap_hash("key12", 5);
    assert_non_null(weft_strmap_find_hashed(&m, "key12", 5, h));
    weft_strmap_free(&m);
    assert_null(weft_strmap_find(&m, "key1", 4));
}

/* ------------------------------------------------------------------------ */
/* Whole files                                                               */

static char tmpdir[] = "/tmp/weft-toolkit-XXXXXX";

static void write_file(const char *name, const char *data, size_t len) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static int setup_dir(void **st) {
    (void)st;
    if (!mkdtemp(tmpdir)) return -1;
    return 0;
}

static int remove_dir(void **st) {
    (void)st;
    const char *names[] = {"empty.txt", "ten.txt", "data.txt"};
    char path[256];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    return 0;
}

static void read_file_core(void **st) {
    (void)st;
    char path[256], err[512], *data;
    size_t len;
    /* missing */
    snprintf(path, sizeof path, "%s/missing.txt", tmpdir);
    assert_int_equal(weft_read_file(path, 0, &data, &len, err, sizeof err), WEFT_EIO);
    assert_null(data);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "No such file"));
    /* empty: a buffer holding just the NUL */
    write_file("empty.txt", "", 0);
    snprintf(path, sizeof path, "%s/empty.txt", tmpdir);
    assert_int_equal(weft_read_file(path, 0, &data, &len, err, sizeof err), WEFT_OK);
    assert_non_null(data);
    assert_int_equal(len, 0);
    assert_int_equal(data[0], '\0');
    free(data);
    /* at the cap, and over it */
    write_file("ten.txt", "0123456789", 10);
    snprintf(path, sizeof path, "%s/ten.txt", tmpdir);
    assert_int_equal(weft_read_file(path, 10, &data, &len, err, sizeof err), WEFT_OK);
    assert_int_equal(len, 10);
    assert_string_equal(data, "0123456789");
    free(data);
    assert_int_equal(weft_read_file(path, 9, &data, &len, err, sizeof err), WEFT_ELIMIT);
    assert_null(data);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "limit of 9"));
    /* a folder is not a file */
    assert_int_equal(weft_read_file(tmpdir, 0, &data, &len, err, sizeof err), WEFT_EIO);
    assert_non_null(strstr(err, tmpdir));
    /* a large file, read in one buffer of its size: every byte, then the NUL */
    size_t big = (size_t)3 << 20 | 12345;
    char *pat = malloc(big);
    assert_non_null(pat);
    for (size_t i = 0; i < big; i++) pat[i] = (char)('a' + (i * 7 + i / 4096) % 26);
    write_file("big.txt", pat, big);
    snprintf(path, sizeof path, "%s/big.txt", tmpdir);
    assert_int_equal(weft_read_file(path, 0, &data, &len, err, sizeof err), WEFT_OK);
    assert_int_equal(len, big);
    assert_memory_equal(data, pat, big);
    assert_int_equal(data[big], '\0');
    free(data);
    assert_int_equal(weft_read_file(path, big - 1, &data, &len, err, sizeof err), WEFT_ELIMIT);
    free(pat);
    /* a file whose size fstat does not know (st_size 0): read to its end */
    assert_int_equal(weft_read_file("/proc/self/status", 0, &data, &len, err, sizeof err), WEFT_OK);
    assert_true(len > 0);
    assert_int_equal(strlen(data), len);
    assert_non_null(strstr(data, "Name:"));
    free(data);
}

/* A stream has no size to check first: the cap is found while reading, and
 * the bytes past it are counted, not stored. */
static void slurp_stream_over_limit(void **st) {
    (void)st;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(write(fds[1], "abcdefghij", 10), 10);
    close(fds[1]);
    char *buf = NULL;
    size_t cap = 0, total = 0;
    assert_int_equal(weft_slurp(weft_read_fd, &fds[0], 4, &buf, &cap, &total), -1);
    assert_int_equal(total, 10);
    close(fds[0]);
    free(buf);
}

/* The host's read_file, as a plugin's open() calls it: names are found as
 * resolve_path finds them, errors name the file. */
static void host_read_file(void **st) {
    (void)st;
    weft_host h;
    weft_host_init(&h);
    assert_int_equal(h.abi_minor, WEFT_ABI_MINOR);
    assert_true(h.size >= offsetof(weft_host, free_data) + sizeof h.free_data);
    assert_non_null(h.read_file);
    weft_pipeline p;
    memset(&p, 0, sizeof p);
    p.spec.script_dir = tmpdir;
    weft_stage stage;
    memset(&stage, 0, sizeof stage);
    stage.name = "test";
    weft_setup s = {.eng = NULL, .p = &p, .stage = &stage};
    weft_error err;
    char *data;
    size_t len;

    write_file("data.txt", "one\ntwo\n", 8);
    assert_int_equal(h.read_file(&s, "data.txt", 0, &data, &len, &err), WEFT_OK);
    assert_int_equal(len, 8);
    assert_string_equal(data, "one\ntwo\n");
    h.free_data(data);
    h.free_data(NULL);

    assert_int_equal(h.read_file(&s, "missing.txt", 0, &data, &len, &err), WEFT_EIO);
    assert_int_equal(err.code, WEFT_EIO);
    assert_null(data);
    assert_non_null(strstr(err.msg, "cannot find missing.txt"));
    assert_non_null(strstr(err.msg, tmpdir)); /* where it looked */

    char abs[256];
    snprintf(abs, sizeof abs, "%s/missing.txt", tmpdir);
    assert_int_equal(h.read_file(&s, abs, 0, &data, &len, &err), WEFT_EIO);
    assert_non_null(strstr(err.msg, abs));

    write_file("empty.txt", "", 0);
    assert_int_equal(h.read_file(&s, "empty.txt", 0, &data, &len, &err), WEFT_OK);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    h.free_data(data);

    assert_int_equal(h.read_file(&s, "data.txt", 4, &data, &len, &err), WEFT_ELIMIT);
    assert_int_equal(err.code, WEFT_ELIMIT);
    assert_null(data);
    assert_non_null(strstr(err.msg, "data.txt"));

    assert_int_equal(h.read_file(&s, "", 0, &data, &len, &err), WEFT_EINVAL);
}

/* ------------------------------------------------------------------------ */
/* WEFT_LOWER_BOUND                                                          */

typedef struct span {
    uint32_t begin, end;
} span;
#define SPAN_BEGIN_LESS(s, key) ((s).begin < (key))
WEFT_LOWER_BOUND(first_span_at, span, uint32_t, SPAN_BEGIN_LESS)

static void lower_bound_edges(void **st) {
    (void)st;
    /* runs of equal keys: the first of a run is found, never a later one */
    const span a[] = {{2, 3}, {2, 9}, {5, 6}, {5, 7}, {5, 8}, {9, 9}};
    const size_t n = sizeof a / sizeof *a;
    assert_int_equal(first_span_at(a, 0, 5), 0); /* empty array */
    assert_int_equal(first_span_at(a, n, 0), 0); /* before everything */
    assert_int_equal(first_span_at(a, n, 2), 0);
    assert_int_equal(first_span_at(a, n, 3), 2);
    assert_int_equal(first_span_at(a, n, 5), 2);
    assert_int_equal(first_span_at(a, n, 6), 5);
    assert_int_equal(first_span_at(a, n, 9), 5);
    assert_int_equal(first_span_at(a, n, 10), n); /* past everything */
    assert_int_equal(first_span_at(a, n, UINT32_MAX), n);
    /* against a linear scan on every key of a longer array */
    span big[300];
    for (size_t i = 0; i < 300; i++) big[i] = (span){(uint32_t)(i / 3 * 2), 0};
    for (uint32_t k = 0; k < 205; k++) {
        size_t want = 0;
        while (want < 300 && big[want].begin < k) want++;
        assert_int_equal(first_span_at(big, 300, k), want);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grow_doubles),          cmocka_unit_test(strmap_reserve_holds),
        cmocka_unit_test(grow_refuses_overflow), cmocka_unit_test(fnv_vectors),
        cmocka_unit_test(hindex_collisions),     cmocka_unit_test(strmap_map_and_set),
        cmocka_unit_test(read_file_core),        cmocka_unit_test(slurp_stream_over_limit),
        cmocka_unit_test(host_read_file),        cmocka_unit_test(lower_bound_edges),
    };
    return cmocka_run_group_tests_name("toolkit", tests, setup_dir, remove_dir);
}
