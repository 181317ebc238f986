/* The boilerplate stripper on arbitrary bytes read as HTML, with each
 * `favor` setting and without headings, lists and tables. */
#include "pipeline_harness.h"

static fz_pipeline z;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    static const char *const plugins[] = {"boilerplate", NULL};
    static const char *const scripts[] = {
        "return weft.pipeline { weft.stage 'boilerplate' { input = 'html' } }",
        "return weft.pipeline { weft.stage 'boilerplate' { input = 'html', favor = 'precision' } }",
        ("return weft.pipeline { weft.stage 'boilerplate' { input = 'html', favor = 'recall', "
         "keep_headings = false, keep_lists = false, keep_tables = false, retry_chars = 0 } }"),
        "return weft.pipeline { weft.stage 'boilerplate' { input = 'auto' } }",
    };
    fz_pipeline_init(&z, plugins, scripts, sizeof scripts / sizeof *scripts);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_pipeline_run(&z, data, size);
    return 0;
}
