/*
 * The boilerplate stage's shared state as its unit tests want it: the
 * English stoplist and the default configuration, without a host. For the
 * tests that include the stage's sources (boilerplate/sources.inc) first.
 */
#ifndef WEFT_TEST_BP_FIXTURE_H
#define WEFT_TEST_BP_FIXTURE_H

static bp_shared *shared_en(void) {
    bp_shared *sh = calloc(1, sizeof *sh);
    assert_non_null(sh);
    sh->lists = calloc(1, sizeof *sh->lists);
    assert_non_null(sh->lists);
    char err[256];
    const char *path = "plugins/boilerplate/data/stop-English.txt";
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s (run the tests from the repository root)", path);
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof text);
    int rc = bp_stop_load_text(&sh->lists[0], path, text, len, err, sizeof err);
    if (rc) fail_msg("%s", err);
    strcpy(sh->lists[0].code, "en");
    sh->nlists = 1;
    sh->fixed_list = -1;
    sh->prune = 1; /* as open() sets it with libxml2 2.9 */
    bp_classwords_init(&sh->cw);
    bp_phrases_init(&sh->ph);
    sh->conf = (bp_conf){.keep_headings = 1,
                         .keep_lists = 1,
                         .keep_tables = 1,
                         .favor = 1,
                         .max_link_density = 0.5,
                         .retry_chars = 500,
                         .stop_low = 0.30,
                         .stop_high = 0.32,
                         .length_low = 70,
                         .length_high = 200};
    return sh;
}

static void free_shared(bp_shared *sh) {
    bp_stop_free(&sh->lists[0]);
    free(sh->lists);
    free(sh);
}

#endif
