/* Shared pieces of the weft command's verbs. */
#ifndef WEFT_CLI_H
#define WEFT_CLI_H

#include <stddef.h>

#include "engine.h"
#include "version.h"

/* Exit codes (documented in `weft --help` and the man page). */
enum {
    EXIT_OK = 0,           /* every document processed */
    EXIT_DOCS = 1,         /* the run finished, some documents failed */
    EXIT_SETUP = 2,        /* usage, script, plugin or parameter error: nothing read */
    EXIT_OUTPUT = 3,       /* output could not be written: the run stopped */
    EXIT_INTERRUPTED = 130 /* SIGINT or SIGTERM: stopped reading, output well-formed */
};

/* Folder of the running executable (for plugins and profiles) into buf;
 * NULL when unknown. */
const char *cli_exe_dir(char *buf, size_t size);
/* Read a whole file ("-" = stdin); NULL with a message on failure. */
char *cli_slurp(const char *path, size_t *len, char *err, size_t errsz);
/* Profile folders in search order: --profile-path entries (colon-separated),
 * $XDG_CONFIG_HOME/weft/profiles (~/.config/weft/profiles), then the shipped
 * folder beside the binary. Returns how many were written. */
size_t cli_profile_dirs(const char *extra, char dirs[][4096], size_t max);
/* Find a profile by name in those folders; writes the path, 0 when found. */
int cli_find_profile(const char *name, const char *extra, char *out, size_t outsz);
/* Engine with plugins loaded; prints rejected files when strict. */
weft_engine *cli_engine(const char *plugin_path, int strict, int allow_insecure);

/* A boolean option of a verb: --long (and -s when short is set). */
typedef struct cli_flag {
    const char *name, *short_name;
    int *value;
} cli_flag;

/* Arguments of `weft VERB [SUB [NAME]] [--PATH_OPT DIRS] [FLAGS]`, the shape
 * of `plugins` and `profiles`. Returns -1 when the caller goes on, else the
 * exit code (help printed, or a usage error reported). */
int cli_sub_args(const char *verb, const char *usage, int argc, char **argv, const char *path_opt,
                 const char **path, const cli_flag *flags, const char **sub, const char **name);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_new_plugin(int argc, char **argv);
int cmd_test_stage(int argc, char **argv);

#endif
