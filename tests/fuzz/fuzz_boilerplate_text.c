/* The boilerplate stripper on arbitrary bytes read as scraped plain text. */
#include "pipeline_harness.h"

static fz_pipeline z;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    static const char *const plugins[] = {"boilerplate", NULL};
    static const char *const scripts[] = {
        "return weft.pipeline { weft.stage 'boilerplate' { input = 'text' } }",
        ("return weft.pipeline { weft.stage 'boilerplate' { input = 'text', favor = 'precision', "
         "length_low = 1, length_high = 2, stop_low = 0, stop_high = 0 } }"),
        "return weft.pipeline { weft.stage 'boilerplate' { input = 'text', favor = 'recall', "
        "keep_lists = false, language = 'de' } }",
    };
    fz_pipeline_init(&z, plugins, scripts, sizeof scripts / sizeof *scripts);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_pipeline_run(&z, data, size);
    return 0;
}
