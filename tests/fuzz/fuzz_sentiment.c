/* The sentiment scorer on arbitrary bytes: per sentence of the tokenizer's
 * sentence layer, and over the whole text. */
#include "pipeline_harness.h"

static fz_pipeline z;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    static const char *const plugins[] = {"tokenizer", "sentiment", NULL};
    static const char *const scripts[] = {
        "return weft.pipeline { weft.stage 'tokenizer' {}, weft.stage 'sentiment' {} }",
        "return weft.pipeline { weft.stage 'sentiment' { scope = 'document' } }",
        ("return weft.pipeline { weft.stage 'tokenizer' { newline_boundaries = 'single' }, "
         "weft.stage 'sentiment' {} }"),
    };
    fz_pipeline_init(&z, plugins, scripts, sizeof scripts / sizeof *scripts);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_pipeline_run(&z, data, size);
    return 0;
}
