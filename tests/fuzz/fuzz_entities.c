/* The entity tagger on arbitrary bytes, after the tokenizer, with the
 * shipped gazetteers and with a user pattern and label filter. */
#include "pipeline_harness.h"

static fz_pipeline z;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    static const char *const plugins[] = {"tokenizer", "entities", NULL};
    static const char *const scripts[] = {
        "return weft.pipeline { weft.stage 'tokenizer' {}, weft.stage 'entities' {} }",
        ("return weft.pipeline { weft.stage 'tokenizer' { style = 'ptb' }, weft.stage 'entities' { "
         "labels = { 'PER', 'ORG', 'CODE' }, min_score = 0.3, jit = false, patterns = { "
         "{ label = 'CODE', regex = '[A-Z]{2}-\\\\d+' }, { label = 'ORG', regex = 'acme\\\\w*', "
         "caseless = true } } } }"),
        ("return weft.pipeline { weft.stage 'tokenizer' { newline_boundaries = 'single' }, "
         "weft.stage 'entities' { builtin = false, patterns = { { label = 'X', regex = "
         "'(a|aa)+$' } }, match_limit = 1000 } }"),
    };
    fz_pipeline_init(&z, plugins, scripts, sizeof scripts / sizeof *scripts);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_pipeline_run(&z, data, size);
    return 0;
}
