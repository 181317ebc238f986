/* The tokenizer on arbitrary bytes, in both styles and every newline mode. */
#include "pipeline_harness.h"

static fz_pipeline z;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    static const char *const plugins[] = {"tokenizer", NULL};
    static const char *const scripts[] = {
        "return weft.pipeline { weft.stage 'tokenizer' {} }",
        "return weft.pipeline { weft.stage 'tokenizer' { style = 'ptb' } }",
        ("return weft.pipeline { weft.stage 'tokenizer' { newline_boundaries = 'single', "
         "hyphens = 'keep', abbreviations = { 'Dept.', 'approx' } } }"),
        "return weft.pipeline { weft.stage 'tokenizer' { style = 'ptb', newline_boundaries = "
        "'blank', hyphens = 'split', refine = false } }",
    };
    fz_pipeline_init(&z, plugins, scripts, sizeof scripts / sizeof *scripts);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_pipeline_run(&z, data, size);
    return 0;
}
