/* weft: the command line. Dispatches to the verbs in cmd_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Usage: weft COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "A text-processing pipeline: C plugins chained by Lua scripts.\n"
    "\n"
    "Commands:\n"
    "  run (-p PROFILE | SCRIPT.lua) [INPUT]...   run a pipeline over files, folders or stdin\n"
    "  check (-p PROFILE | SCRIPT.lua)            validate a pipeline without reading documents\n"
    "  plugins list [-v]                          loaded plugins; -v: search path, rejected files\n"
    "  plugins info NAME                          a plugin's stages and their parameters\n"
    "  profiles list                              shipped and user profiles (for run -p)\n"
    "  profiles show NAME                         the script a profile runs\n"
    "  new-plugin NAME [DIR]                      write a ready-to-build plugin to start from\n"
    "  test-stage PLUGIN.so STAGE [--text TEXT]   run one stage on one text, show its output\n"
    "  train STAGE ARGS...                        train a stage's model (weft train entities "
    "--help)\n"
    "\n"
    "Options:\n"
    "  -h, --help      help (also `weft COMMAND --help`)\n"
    "  -V, --version   version, plugin ABI and Lua version\n"
    "\n"
    "Exit codes:\n"
    "  0  every document was processed\n"
    "  1  the run finished but some documents failed (each has an error record)\n"
    "  2  usage, script, plugin or parameter error: no document was read\n"
    "  3  the output could not be opened or written: nothing more is read\n"
    "  130  interrupted by SIGINT or SIGTERM: documents in flight written, output well-formed\n"
    "\n"
    "Environment:\n"
    "  WEFT_PLUGIN_PATH   colon-separated plugin folders, searched after --plugin-path\n"
    "  WEFT_PROFILE_PATH  colon-separated profile folders, searched after --profile-path\n"
    "\n"
    "Examples:\n"
    "  weft run pipeline.lua page.html\n"
    "  weft run pipeline.lua -f text corpus/\n"
    "  cat docs.jsonl | weft run pipeline.lua --input jsonl - > out.jsonl\n"
    "  weft plugins info tokenizer\n";

int main(int argc, char **argv) {
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_SETUP;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("weft %s (plugin ABI %d.%d, %s)\n", weft_version(), WEFT_ABI_MAJOR, WEFT_ABI_MINOR,
               weft_lua_version());
        return EXIT_OK;
    }
    weft_crash_install();
    if (!strcmp(cmd, "run")) return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "plugins")) return cmd_plugins(argc - 1, argv + 1);
    if (!strcmp(cmd, "profiles")) return cmd_profiles(argc - 1, argv + 1);
    if (!strcmp(cmd, "new-plugin")) return cmd_new_plugin(argc - 1, argv + 1);
    if (!strcmp(cmd, "test-stage")) return cmd_test_stage(argc - 1, argv + 1);
    if (!strcmp(cmd, "train")) return cmd_train(argc - 1, argv + 1);
    static const char *const verbs[] = {"run",        "check", "plugins", "profiles", "new-plugin",
                                        "test-stage", "train", "help",    "version"};
    const char *m = weft_nearest(cmd, verbs, sizeof verbs / sizeof verbs[0]);
    if (m)
        fprintf(stderr, "weft: unknown command '%s' (did you mean '%s'?)\n", cmd, m);
    else
        fprintf(stderr, "weft: unknown command '%s' (try `weft --help`)\n", cmd);
    return EXIT_SETUP;
}
