/* Shared pieces of the weft command's verbs. The command is a client of
 * the public API only (weft/weft.h and weft/run.h), like any embedder. */
#ifndef WEFT_CLI_H
#define WEFT_CLI_H

#include <stddef.h>

#include "weft/run.h"
#include "weft/weft.h"

/* Exit codes (documented in `weft --help` and the man page). */
enum {
    EXIT_OK = 0,           /* every document processed */
    EXIT_DOCS = 1,         /* the run finished, some documents failed */
    EXIT_SETUP = 2,        /* usage, script, plugin or parameter error: nothing read */
    EXIT_OUTPUT = 3,       /* output could not be opened or written: the run stopped */
    EXIT_INTERRUPTED = 130 /* SIGINT or SIGTERM: stopped reading, output well-formed */
};

/* Read a whole file ("-" = stdin); NULL with a message on failure. */
char *cli_slurp(const char *path, size_t *len, char *err, size_t errsz);
/* An engine with the settings of o (plugins found beside the binary as
 * well); NULL with the error printed. Plugin files that failed to load are
 * kept for `weft plugins list`; cli_rejected prints them as errors and says
 * whether there were any (run and check refuse to go on then). */
weft_engine *cli_engine(weft_options *o);
/* A warning of the command itself, in the shape of every other warning
 * it prints (the engine's, a document's, a script's): "weft: warning:
 * MESSAGE" on stderr, one line. The caller checks -q. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Messages name the command's flags (--set, --plugin-path, ...). */
void cli_words(weft_options *o);
int cli_rejected(const char *verb, const weft_engine *e);

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

/* "weft VERB: unknown option 'ARG'" on stderr, with the closest of the
 * verb's options (names, "--long" or "-s") as a hint, else a pointer to
 * `weft VERB --help`. Returns EXIT_SETUP. */
int cli_unknown_option(const char *verb, const char *arg, const char *const *names, size_t n);
/* "weft VERB: WHAT 'ARG': expected a|b|c" and the nearest choice, if one is
 * near, else a pointer to --help; returns EXIT_SETUP. */
int cli_bad_choice(const char *verb, const char *what, const char *arg, const char *choices);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plugins(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_new_plugin(int argc, char **argv);
int cmd_test_stage(int argc, char **argv);
int cmd_train(int argc, char **argv);

#endif
