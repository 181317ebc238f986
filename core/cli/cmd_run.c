/* weft run and weft check. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char run_usage[] =
    "Usage: weft run (-p PROFILE | SCRIPT.lua) [OPTIONS] [INPUT]...\n"
    "\n"
    "Run a pipeline over documents and write one result per document, in input order.\n"
    "INPUT is a file (one document), a folder (every file below it, sorted; hidden files\n"
    "skipped), a .jsonl/.ndjson file (one document per line), or - for stdin. With no\n"
    "INPUT, stdin is read.\n"
    "\n"
    "Pipeline:\n"
    "  -p, --profile NAME       a shipped or user profile instead of SCRIPT.lua\n"
    "      --profile-path DIRS  colon-separated folders searched first for profiles\n"
    "      --set STAGE.PARAM=V  override a stage parameter (validated like the script), also\n"
    "                           one an inline Lua stage declares; a list: A,B or '[A, B]'\n"
    "      --plugin-path DIRS   colon-separated plugin folders or .so files, searched first\n"
    "      --unsafe-lua         give inline Lua stages the whole standard library (io, os...)\n"
    "      --allow-insecure-plugins  load plugin files others could have written (group- or\n"
    "                           world-writable, or owned by another user)\n"
    "      --lua-memory MIB     memory cap of each Lua state (default 64, 0 = none)\n"
    "      --lua-budget N       VM instructions per inline stage call (default 100000000, 0 = "
    "none)\n"
    "Input:\n"
    "      --input KIND         auto (default: .jsonl/.ndjson files are JSON Lines, a\n"
    "                           document a line; other files are one document each),\n"
    "                           text or html (every file is one document), jsonl (every\n"
    "                           input is JSON Lines); HTML or not is the boilerplate\n"
    "                           stage's call (--set boilerplate.input=html|text); a page\n"
    "                           into a pipeline without it is named in a warning\n"
    "      --id-field NAME      JSON Lines field holding the id (default id)\n"
    "      --text-field NAME    JSON Lines field holding the text (default text)\n"
    "      --max-doc-bytes N    documents larger than N bytes (64K, 10M, 1G) fail instead\n"
    "                           of running\n"
    "      --include GLOB       in folders, read only files matching GLOB (repeatable; a\n"
    "                           GLOB without '/' matches the file name)\n"
    "      --exclude GLOB       in folders, skip files and folders matching GLOB (repeatable)\n";
/* The rest of the usage (one literal would pass C's 4095-byte limit). */
static const char run_usage2[] =
    "Output:\n"
    "  -f, --format FMT         jsonl (default), json, text (a report: the pipeline's own\n"
    "                           when it sets one), tsv (one entity per line; a failed\n"
    "                           document's errors as rows labelled !error), conll\n"
    "                           (one token per line with BIO entity tags) or html (one\n"
    "                           self-contained page: entities marked, sentences tinted\n"
    "                           by tone, an index; no script)\n"
    "  -o, --output FILE        write to FILE (atomically: a temporary file renamed at the end)\n"
    "      --offsets UNIT       bytes (default), codepoints or utf16\n"
    "      --span-text          add each annotation's text to its record\n"
    "      --view NAME          write this view (default: text if present, else decoded\n"
    "                           (input that was not UTF-8, decoded), else raw)\n"
    "      --show-removed       html: show the blocks the boilerplate stage removed, greyed\n"
    "      --entity-layer NAME  layer tsv and conll read entities from (default entity)\n"
    "      --token-layer NAME   layer conll reads tokens from (default token)\n"
    "      --sentence-layer NAME  layer conll reads sentences from (default sentence)\n"
    "      --source-attr NAME   entity attribute of tsv's source column (default source)\n"
    "      --report-attr NAME   document attribute text prints as the report (default\n"
    "                           report); these five override the script's\n"
    "                           weft.pipeline { output = { entity_layer = ..., ... } }\n"
    "Run:\n"
    "  -j, --jobs N             workers: N - 1 threads and the calling thread (default:\n"
    "                           the number of online CPUs); the output keeps input order\n"
    "                           whatever N is\n"
    "      --fail-fast          stop at the first document that fails (the later ones are\n"
    "                           not read, and nothing is said of them)\n"
    "      --isolate            run the pipeline in worker processes: a plugin that crashes\n"
    "                           costs the document it was on (an error record naming the\n"
    "                           stage, plugin file and signal), not the run\n"
    "      --doc-timeout SECS   with --isolate: a document that runs longer fails and its\n"
    "                           worker process is replaced\n"
    "      --stats              per-stage time (wall-clock, summed over workers), share and\n"
    "                           throughput on stderr at the end, and the time outside the\n"
    "                           stages (reading, parsing, writing, waiting)\n"
    "  -q, --quiet              no warnings or progress on stderr (progress is shown only\n"
    "                           when stderr is a terminal)\n"
    "  -v, --verbose            notes, and every repeat of a warning (else 3, then a count)\n"
    "  -h, --help               this help\n"
    "\n"
    "A document that fails gets an error record (stage, message, and the offset when the\n"
    "error has a place in the text) in the output and the run goes on. Exit code 0: all\n"
    "documents processed; 1: some failed; 2: setup error, nothing read; 3: the output\n"
    "could not be opened or written; 130: interrupted (SIGINT/SIGTERM: the documents being\n"
    "processed are finished, the others not started; what was done is written in input\n"
    "order up to the first one not done, the output closed well-formed; -o FILE is left\n"
    "untouched; a second signal stops at once, and what was not yet written is lost). A\n"
    "stage that calls exit() mid-run: exit code 1 and a message naming it; the documents\n"
    "before that one are written in input order, as after a signal.\n";

static const char check_usage[] =
    "Usage: weft check (-p PROFILE | SCRIPT.lua) [--set STAGE.PARAM=V]... [--plugin-path DIRS]\n"
    "                  [--profile-path DIRS] [--allow-insecure-plugins] [--unsafe-lua]\n"
    "                  [--lua-memory MIB] [--lua-budget N]\n"
    "\n"
    "Load the plugins, evaluate the script in the sandbox, validate every stage's parameters\n"
    "and the requires/provides chain (and the labels stages expect of their providers),\n"
    "without opening any stage or reading any document (so a data file a stage loads in\n"
    "open(), such as a lexicon, is checked by run only).\n"
    "Prints the stages on success, under each inline Lua stage the parameters it declares\n"
    "with their values. Exit code 0 when valid, 2 otherwise.\n";

enum {
    OPT_SET = 256,
    OPT_PLUGIN_PATH,
    OPT_PROFILE_PATH,
    OPT_UNSAFE,
    OPT_INSECURE,
    OPT_LUA_MEM,
    OPT_LUA_BUDGET,
    OPT_INPUT,
    OPT_ID_FIELD,
    OPT_TEXT_FIELD,
    OPT_MAX_DOC,
    OPT_INCLUDE,
    OPT_EXCLUDE,
    OPT_OFFSETS,
    OPT_SPAN_TEXT,
    OPT_VIEW,
    OPT_SHOW_REMOVED,
    OPT_ENTITY_LAYER, /* the five writer names, in weft_output_name_keys order */
    OPT_TOKEN_LAYER,
    OPT_SENTENCE_LAYER,
    OPT_SOURCE_ATTR,
    OPT_REPORT_ATTR,
    OPT_FAIL_FAST,
    OPT_STATS,
    OPT_ISOLATE,
    OPT_DOC_TIMEOUT
};

static const struct option long_opts[] = {
    {"profile", required_argument, NULL, 'p'},
    {"profile-path", required_argument, NULL, OPT_PROFILE_PATH},
    {"set", required_argument, NULL, OPT_SET},
    {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
    {"unsafe-lua", no_argument, NULL, OPT_UNSAFE},
    {"allow-insecure-plugins", no_argument, NULL, OPT_INSECURE},
    {"lua-memory", required_argument, NULL, OPT_LUA_MEM},
    {"lua-budget", required_argument, NULL, OPT_LUA_BUDGET},
    {"input", required_argument, NULL, OPT_INPUT},
    {"id-field", required_argument, NULL, OPT_ID_FIELD},
    {"text-field", required_argument, NULL, OPT_TEXT_FIELD},
    {"max-doc-bytes", required_argument, NULL, OPT_MAX_DOC},
    {"include", required_argument, NULL, OPT_INCLUDE},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"offsets", required_argument, NULL, OPT_OFFSETS},
    {"span-text", no_argument, NULL, OPT_SPAN_TEXT},
    {"view", required_argument, NULL, OPT_VIEW},
    {"show-removed", no_argument, NULL, OPT_SHOW_REMOVED},
    {"entity-layer", required_argument, NULL, OPT_ENTITY_LAYER},
    {"token-layer", required_argument, NULL, OPT_TOKEN_LAYER},
    {"sentence-layer", required_argument, NULL, OPT_SENTENCE_LAYER},
    {"source-attr", required_argument, NULL, OPT_SOURCE_ATTR},
    {"report-attr", required_argument, NULL, OPT_REPORT_ATTR},
    {"jobs", required_argument, NULL, 'j'},
    {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},
    {"stats", no_argument, NULL, OPT_STATS},
    {"isolate", no_argument, NULL, OPT_ISOLATE},
    {"doc-timeout", required_argument, NULL, OPT_DOC_TIMEOUT},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

typedef struct run_args {
    const char *profile, *profile_path, *plugin_path, *output;
    weft_setting *sets;
    size_t nsets;
    const char **globs; /* includes from the front, excludes from the back */
    size_t ninc, nexc;
    weft_options eng; /* Lua limits and sandbox; the rest is set in build() */
    weft_reader_opts in;
    weft_writer_opts out;
    weft_run_opts run;
    weft_isolate_opts iso; /* with isolate */
    int isolate;
    int stats, quiet, verbose, allow_insecure;
    char **inputs;
    size_t ninputs;
    const char *script;
} run_args;

/* The one piece of process-wide state: what a signal handler may touch. */
static volatile sig_atomic_t interrupted;
/* a progress line is on the terminal: the signal's message clears it first */
static volatile sig_atomic_t progress_line;

/* the pid of the command in progress (0: none), for the atexit check, and
 * where it is: loading the stages (open()), running, or closing them */
static volatile sig_atomic_t run_pid;
enum { PHASE_SETUP = 1, PHASE_RUN, PHASE_TEARDOWN };
static volatile sig_atomic_t run_phase;
/* -o's temporary file, its final name and its stream, for the atexit
 * check: an exit() in destroy() after the run went to the end keeps it */
static char salvage_tmp[4096];
static const char *salvage_out;
static FILE *salvage_file;

/* A stage that calls exit() ends the process in the middle of a run:
 * say so, and do not let it pass for success (exit status 0 with half the
 * output). An isolated worker process has its own pid: its parent tells.
 * Before the run (open()) nothing was read; after it (close()) the output
 * is whole, but the stages after the exiting one were never closed, and a
 * stage that writes its own files in close() lost them: neither is a
 * success either. */
static void on_exit_in_run(void) {
    if (!run_pid || run_pid != (sig_atomic_t)getpid()) return;
    if (run_phase == PHASE_SETUP) {
        weft_crash_exit_report_as("before the run began: nothing was read");
        _exit(EXIT_SETUP);
    }
    if (run_phase == PHASE_TEARDOWN) {
        weft_crash_exit_report_as("after the run: the output is complete, but the stages "
                                  "were not all closed");
        _exit(EXIT_FAILURE);
    }
    /* what was finished is written, as after SIGINT (-o's file goes, as
     * then: it is all or nothing); in a stage's destroy() after the run
     * went to the end, the output is whole, and -o's file is kept */
    int salvaged = weft_run_salvage();
    if (salvaged > 0) fflush(stdout);
    if (salvaged == 2) {
        weft_crash_exit_report_as("after the run: the output is complete, but the stages "
                                  "were not all closed");
        if (salvage_tmp[0] && (!salvage_file || fflush(salvage_file) == 0) &&
            rename(salvage_tmp, salvage_out) == 0)
            weft_crash_remove_on_death(NULL);
        weft_crash_remove_now();
        _exit(EXIT_FAILURE);
    }
    weft_crash_exit_report();
    weft_crash_remove_now();
    _exit(EXIT_FAILURE);
}

static void on_signal(int sig) {
    /* the second signal: the default action, at once; what is not written
     * yet is lost, and -o's temporary file goes */
    if (interrupted) {
        weft_crash_remove_now();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    /* A document stuck in a long stage would otherwise leave the user
     * wondering whether the signal was seen (write is signal-safe). */
    static const char clear[] = "\r\033[K";
    static const char msg[] =
        "weft: interrupted: finishing the documents being processed (again to stop at once)\n";
    if (!interrupted && ((progress_line && write(STDERR_FILENO, clear, sizeof clear - 1) < 0) ||
                         write(STDERR_FILENO, msg, sizeof msg - 1) < 0)) {
        /* nothing to do: stderr is gone */
    }
    interrupted = 1;
}

static int usage_error(const char *verb, const char *fmt, const char *arg) {
    fprintf(stderr, "weft %s: ", verb);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (try `weft %s --help`)\n", verb);
    return EXIT_SETUP;
}

static int parse_size(const char *s, unsigned long long *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-') return -1;
    *out = v;
    return 0;
}

/* A size in bytes, with coreutils' suffixes: K, M, G (or k, KiB, MiB, GiB)
 * are powers of 1024, kB, MB, GB of 1000. */
static int parse_bytes(const char *s, unsigned long long *out) {
    static const struct {
        const char *suffix;
        unsigned long long mul;
    } units[] = {{"", 1},           {"k", 1ull << 10},   {"K", 1ull << 10},  {"KiB", 1ull << 10},
                 {"M", 1ull << 20}, {"MiB", 1ull << 20}, {"G", 1ull << 30},  {"GiB", 1ull << 30},
                 {"kB", 1000},      {"KB", 1000},        {"MB", 1000000ull}, {"GB", 1000000000ull}};
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-') return -1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(end, units[i].suffix)) continue;
        if (v > ULLONG_MAX / units[i].mul) return -1;
        *out = v * units[i].mul;
        return 0;
    }
    return -1;
}

/* STAGE.PARAM=VALUE, split in place. */
static int parse_setting(char *s, weft_setting *out) {
    char *eq = strchr(s, '=');
    char *dot = eq ? memchr(s, '.', (size_t)(eq - s)) : NULL;
    if (!eq || !dot || dot == s || dot + 1 == eq) return -1;
    *dot = '\0';
    *eq = '\0';
    out->stage = s;
    out->param = dot + 1;
    out->value = eq + 1;
    return 0;
}

static int parse_args(const char *verb, int argc, char **argv, run_args *a) {
    memset(a, 0, sizeof *a);
    weft_options_init(&a->eng);
    weft_isolate_opts_init(&a->iso);
    a->sets = calloc((size_t)argc, sizeof *a->sets);
    a->globs = calloc((size_t)argc, sizeof *a->globs);
    if (!a->sets || !a->globs) return usage_error(verb, "%s", "out of memory");
    optind = 1;
    opterr = 0;
    int c;
    unsigned long long v;
    while ((c = getopt_long(argc, argv, "p:f:o:j:qvh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (a->profile && strcmp(a->profile, optarg)) {
                fprintf(stderr,
                        "weft %s: -p given twice ('%s' and '%s'): a run has one pipeline "
                        "(try `weft %s --help`)\n",
                        verb, a->profile, optarg, verb);
                return EXIT_SETUP;
            }
            a->profile = optarg;
            break;
        case OPT_PROFILE_PATH:
            a->profile_path = optarg;
            break;
        case OPT_SET:
            if (parse_setting(optarg, &a->sets[a->nsets]) != 0)
                return usage_error(verb, "--set '%s': expected STAGE.PARAM=VALUE", optarg);
            a->nsets++;
            break;
        case OPT_PLUGIN_PATH:
            a->plugin_path = optarg;
            break;
        case OPT_UNSAFE:
            a->eng.unsafe_lua = 1;
            break;
        case OPT_INSECURE:
            a->allow_insecure = 1;
            break;
        case OPT_LUA_MEM:
            if (parse_size(optarg, &v) || v > (1ull << 20))
                return usage_error(verb, "--lua-memory '%s': expected MiB (0 = none)", optarg);
            a->eng.lua_memory = (size_t)v << 20;
            break;
        case OPT_LUA_BUDGET:
            if (parse_size(optarg, &v))
                return usage_error(verb, "--lua-budget '%s': expected a count (0 = none)", optarg);
            a->eng.lua_budget = v;
            break;
        case OPT_INPUT: {
            int k = weft_input_parse(optarg);
            if (k < 0) return cli_bad_choice(verb, "--input", optarg, "auto|text|html|jsonl");
            a->in.input = (weft_input)k;
            break;
        }
        case OPT_ID_FIELD:
            a->in.id_field = optarg;
            break;
        case OPT_TEXT_FIELD:
            a->in.text_field = optarg;
            break;
        case OPT_MAX_DOC:
            if (parse_bytes(optarg, &v) == 0 && v == 0)
                return usage_error(verb,
                                   "--max-doc-bytes '%s': the limit must be above 0 (there "
                                   "is none by default)",
                                   optarg);
            if (parse_bytes(optarg, &v) || v > SIZE_MAX)
                return usage_error(verb,
                                   "--max-doc-bytes '%s': expected a size in bytes (65536, 64K, "
                                   "10M, 1G; kB, MB, GB are powers of 1000)",
                                   optarg);
            a->in.max_doc_bytes = (size_t)v;
            break;
        case OPT_INCLUDE:
            a->globs[a->ninc++] = optarg;
            break;
        case OPT_EXCLUDE:
            a->globs[(size_t)argc - 1 - a->nexc++] = optarg;
            break;
        case 'f': {
            int k = weft_format_parse(optarg);
            if (k < 0) return cli_bad_choice(verb, "-f", optarg, "jsonl|json|text|tsv|conll|html");
            a->out.format = (weft_format)k;
            break;
        }
        case 'o':
            a->output = optarg;
            break;
        case OPT_OFFSETS: {
            int k = weft_offunit_parse(optarg);
            if (k < 0) return cli_bad_choice(verb, "--offsets", optarg, "bytes|codepoints|utf16");
            a->out.offsets = (weft_offunit)k;
            break;
        }
        case OPT_SPAN_TEXT:
            a->out.span_text = 1;
            break;
        case OPT_VIEW:
            a->out.view = optarg;
            break;
        case OPT_SHOW_REMOVED:
            a->out.show_removed = 1;
            break;
        case OPT_ENTITY_LAYER:
        case OPT_TOKEN_LAYER:
        case OPT_SENTENCE_LAYER:
        case OPT_SOURCE_ATTR:
        case OPT_REPORT_ATTR:
            if (!weft_output_name_valid(optarg)) {
                char what[256];
                const struct option *lo = long_opts;
                while (lo->name && lo->val != c) lo++;
                snprintf(what, sizeof what, "--%s '%.200s'", lo->name ? lo->name : "?", optarg);
                return usage_error(verb,
                                   "%s: expected a layer or attribute name (1 to 128 letters, "
                                   "digits, '_', '.' or '-')",
                                   what);
            }
            *weft_output_name_slot(&a->out.names, c - OPT_ENTITY_LAYER) = optarg;
            break;
        case 'j':
            if (parse_size(optarg, &v) || v == 0 || v > 1024)
                return usage_error(verb, "-j '%s': expected a number of workers from 1 to 1024",
                                   optarg);
            a->run.jobs = (int)v;
            break;
        case OPT_FAIL_FAST:
            a->run.fail_fast = 1;
            break;
        case OPT_STATS:
            a->stats = 1;
            break;
        case OPT_ISOLATE:
            a->isolate = 1;
            break;
        case OPT_DOC_TIMEOUT: {
            char *end;
            errno = 0;
            double t = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(t > 0) || t > 1e6)
                return usage_error(verb, "--doc-timeout '%s': expected seconds above 0", optarg);
            a->iso.doc_timeout = t;
            break;
        }
        case 'q':
            a->quiet = 1;
            break;
        case 'v':
            a->verbose = 1;
            break;
        case 'h':
            return -1;
        case ':':
            return usage_error(verb, "option '%s' needs a value", argv[optind - 1]);
        default: {
            /* the closest long option as a hint ("--fail-fst") */
            enum { NOPT = sizeof long_opts / sizeof long_opts[0] };
            char buf[NOPT][40];
            const char *names[NOPT];
            size_t n = 0;
            for (const struct option *lo = long_opts; lo->name; lo++, n++) {
                snprintf(buf[n], sizeof buf[n], "--%s", lo->name);
                names[n] = buf[n];
            }
            return cli_unknown_option(verb, argv[optind - 1], names, n);
        }
        }
    }
    if (a->iso.doc_timeout > 0 && !a->isolate)
        return usage_error(verb, "%s", "--doc-timeout needs --isolate");
    if (!a->profile) {
        if (optind >= argc) return usage_error(verb, "%s", "give a SCRIPT.lua or -p PROFILE");
        a->script = argv[optind++];
    }
    /* said rather than ignored: only the report has a place to show them */
    if (a->out.show_removed && a->out.format != WEFT_FMT_HTML)
        return usage_error(verb, "%s",
                           "--show-removed shows removed text in the report: add -f html");
    a->in.include = a->globs;
    a->in.ninclude = a->ninc;
    a->in.exclude = a->globs + (size_t)argc - a->nexc;
    a->in.nexclude = a->nexc;
    a->inputs = argv + optind;
    a->ninputs = (size_t)(argc - optind);
    /* `weft run -p news my.lua page.html`: the script is read as a page */
    if (a->profile)
        for (size_t i = 0; i < a->ninputs; i++) {
            size_t n = strlen(a->inputs[i]);
            if (n > 4 && !strcmp(a->inputs[i] + n - 4, ".lua"))
                cli_warn("%s is read as a document: -p %s names the pipeline "
                         "(to run the script, give it in place of -p)",
                         a->inputs[i], a->profile);
        }
    return 0;
}

/* Build the pipeline named by the arguments; prints the error itself. */
static weft_pipeline *build(const char *verb, run_args *a, weft_engine **eng, int check_only) {
    static const char *const formats[] = {"jsonl", "json", "text", "tsv", "conll", "html"};
    weft_options *o = &a->eng;
    o->plugin_path = a->plugin_path;
    o->profile_path = a->profile_path;
    o->allow_insecure_plugins = a->allow_insecure;
    o->output_format = formats[a->out.format];
    if (a->quiet) o->verbosity = WEFT_LOG_ERROR;
    if (a->verbose) o->verbosity = WEFT_LOG_INFO;
    /* a warning that every document gives is said three times and counted
     * after that; -v says each */
    o->warn_repeats = a->verbose ? 0 : 3;
    /* Reported in this order: no such profile or script, broken plugin
     * files, then anything wrong with the pipeline. */
    *eng = cli_engine(o);
    if (!*eng) return NULL;
    char path[4096], err[4096];
    if (a->profile) {
        if (weft_profile_find(*eng, a->profile, path, sizeof path) != 0) {
            char near[128];
            if (weft_profile_near(*eng, a->profile, near, sizeof near) == 0)
                fprintf(stderr, "weft %s: no profile named '%s' (did you mean '%s'?)\n", verb,
                        a->profile, near);
            else
                fprintf(stderr,
                        "weft %s: no profile named '%s' (`weft profiles list` shows them)\n", verb,
                        a->profile);
            goto fail;
        }
    } else {
        snprintf(path, sizeof path, "%s", a->script);
    }
    size_t len;
    char *src = cli_slurp(path, &len, err, sizeof err);
    if (!src) {
        /* `weft run news page.html`: a profile's name where the script goes */
        char ppath[4096];
        if (!a->profile && !strchr(a->script, '/') &&
            weft_profile_find(*eng, a->script, ppath, sizeof ppath) == 0)
            fprintf(stderr, "weft %s: %s (to run the profile '%s', use -p %s)\n", verb, err,
                    a->script, a->script);
        else
            fprintf(stderr, "weft %s: %s\n", verb, err);
        goto fail;
    }
    if (cli_rejected(verb, *eng)) {
        free(src);
        goto fail;
    }
    weft_source s;
    weft_source_init(&s);
    s.text = src;
    s.len = len;
    s.name = path;
    s.settings = a->sets;
    s.nsettings = a->nsets;
    s.check_only = check_only;
    weft_pipeline *p = weft_load(*eng, &s, err, sizeof err);
    free(src);
    if (p) return p;
    fprintf(stderr, "weft %s: %s\n", verb, err);
fail:
    weft_close(*eng);
    *eng = NULL;
    return NULL;
}

typedef struct progress_ctx {
    uint64_t total; /* input bytes, 0 when unknown */
    int shown;      /* a progress line is on the terminal */
    /* the progress line (main thread) and messages (any worker) share
     * the terminal line */
    pthread_mutex_t lock;
} progress_ctx;

/* The log sink while a progress line may be on screen: clear it before a
 * message, so the message starts at the left margin and the line is
 * redrawn below it at the next tick. */
static void log_over_progress(void *ud, int level, const char *msg) {
    progress_ctx *pc = ud;
    pthread_mutex_lock(&pc->lock);
    if (pc->shown) fputs("\r\033[K", stderr);
    pc->shown = 0;
    progress_line = 0;
    weft_log_stderr(NULL, level, msg);
    pthread_mutex_unlock(&pc->lock);
}

/* The reader's notes (a record read not exactly as written): warnings,
 * kept off the progress line, silent with -q. */
static void reader_note(void *ud, const char *msg) {
    /* through the engine's log (over the progress line), collapsed by
     * kind as a document's warnings are */
    weft_warning_note(ud, msg);
}

static void quiet_note(void *ud, const char *msg) {
    (void)ud, (void)msg;
}

static void show_progress(void *ud, const weft_run_stats *st, uint64_t consumed) {
    progress_ctx *pc = ud;
    pthread_mutex_lock(&pc->lock);
    double mb = (double)consumed / 1e6, rate = st->seconds > 0 ? mb / st->seconds : 0;
    char eta[64] = "";
    if (pc->total && consumed && rate > 0 && consumed <= pc->total)
        snprintf(eta, sizeof eta, ", %.0f%%, ETA %.0f s",
                 100.0 * (double)consumed / (double)pc->total,
                 ((double)(pc->total - consumed) / 1e6) / rate);
    fprintf(stderr, "\rweft: %llu documents, %.1f MB of input read, %.1f MB/s%s   ",
            (unsigned long long)st->docs, mb, rate, eta);
    pc->shown = 1;
    progress_line = 1;
    pthread_mutex_unlock(&pc->lock);
}

/* Total input size when every input is a plain file (not a folder, stdin
 * or compressed), else 0. */
static uint64_t input_total(char **inputs, size_t n) {
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        size_t l = strlen(inputs[i]);
        if (!strcmp(inputs[i], "-") || (l > 3 && !strcmp(inputs[i] + l - 3, ".gz")) ||
            stat(inputs[i], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
        total += (uint64_t)st.st_size;
    }
    return total;
}

/* The end of a run with --stats. Bytes are the documents' text as read
 * (st->bytes: a JSON Lines record's text field, a file's content after
 * gunzip), beside the input read (JSON syntax, ids, compressed bytes), which
 * the progress line counts. Stage times are wall-clock time inside each
 * stage's calls, summed over the workers; the row after them is the rest of
 * the workers' time (jobs x the run's wall time): reading and parsing the
 * input, rendering and writing the output, and waiting for either. */
static void print_stats(const weft_pipeline *p, const weft_run_stats *s, uint64_t read, int jobs) {
    double staged = 0;
    for (size_t i = 0; i < s->nstages; i++) staged += (double)s->stages[i].ns / 1e9;
    double whole = s->seconds * (jobs > 1 ? jobs : 1), other = whole - staged;
    if (other < 0) other = 0; /* a clock's granularity */
    if (whole < staged) whole = staged;
    double text_mb = (double)s->bytes / 1e6;
    /* a few big documents: 0.38 docs/s, not "0 docs/s" */
    double docs_s = s->seconds > 0 ? (double)s->docs / s->seconds : 0.0;
    fprintf(stderr,
            "weft: %llu document%s (%llu failed), %.1f MB of text (%.1f MB of input read) in %.3f "
            "s: %.*f docs/s, %.2f MB/s of text\n",
            (unsigned long long)s->docs, s->docs == 1 ? "" : "s", (unsigned long long)s->failed,
            text_mb, (double)read / 1e6, s->seconds, docs_s < 10 ? 2 : 0, docs_s,
            s->seconds > 0 ? text_mb / s->seconds : 0.0);
    if (jobs > 1)
        fprintf(stderr,
                "times: wall-clock time of each stage's calls, summed over %d workers "
                "(shares of %d x %.3f s)\n",
                jobs, jobs, s->seconds);
    else
        fprintf(stderr, "times: wall-clock time of each stage's calls (shares of %.3f s)\n",
                s->seconds);
    fprintf(stderr, "%-20s %12s %7s %12s %12s\n", "stage", "time (ms)", "share", "docs/s", "MB/s");
    for (size_t i = 0; i < s->nstages; i++) {
        double sec = (double)s->stages[i].ns / 1e9;
        double ds = sec > 0 ? (double)s->stages[i].docs / sec : 0.0;
        fprintf(stderr, "%-20s %12.1f %6.1f%% %12.*f %12.2f\n", weft_stage_name(p, i, NULL, NULL),
                sec * 1e3, whole > 0 ? 100.0 * sec / whole : 0.0, ds < 10 ? 2 : 0, ds,
                sec > 0 ? text_mb / sec : 0.0);
    }
    fprintf(stderr, "%-20s %12.1f %6.1f%%   (reading and parsing input, writing output%s)\n",
            "(outside stages)", other * 1e3, whole > 0 ? 100.0 * other / whole : 0.0,
            jobs > 1 ? ", workers waiting" : "");
}

/* -f tsv with no entity layer writes just a header, -f conll with no token
 * layer just document ids: legal, but almost never what was meant, so say
 * it once, before any document. */
static void warn_empty_format(const weft_pipeline *p, const weft_writer_opts *o) {
    weft_output_names only;
    memset(&only, 0, sizeof only);
    const char *fmt, *layer, *opt, *left;
    if (o->format == WEFT_FMT_TSV) {
        fmt = "tsv", layer = only.entity_layer = o->names.entity_layer, opt = "--entity-layer";
        left = "only its header line";
    } else if (o->format == WEFT_FMT_CONLL) {
        fmt = "conll", layer = only.token_layer = o->names.token_layer, opt = "--token-layer";
        left = "only the document ids";
    } else {
        return;
    }
    char err[1024];
    if (!layer) return;
    if (weft_pipeline_check_output(p, &only, 1, err, sizeof err) == 0) {
        /* tokens but no entities: every tag O, which reads as "nothing found" */
        if (o->format != WEFT_FMT_CONLL || !o->names.entity_layer) return;
        memset(&only, 0, sizeof only);
        layer = only.entity_layer = o->names.entity_layer;
        if (weft_pipeline_check_output(p, &only, 1, err, sizeof err) == 0) return;
        opt = "--entity-layer";
        left = "O for every token";
    }
    const char *layers = strrchr(err, '(');
    cli_warn("-f %s reads layer '%s', which no stage of this pipeline provides "
             "%s: the output will hold %s (%s NAME names another layer)",
             fmt, layer, layers ? layers : "", left, opt);
}

/* --view NAME that no stage makes: every document would be written in its
 * default view without a word (raw and decoded are the core's). */
static void warn_missing_view(const weft_pipeline *p, const char *view) {
    if (!view || strcmp(view, "raw") == 0 || strcmp(view, "decoded") == 0) return;
    char want[300];
    snprintf(want, sizeof want, "view:%s", view);
    if (weft_pipeline_provides(p, want)) return;
    cli_warn("--view %s: no stage of this pipeline provides view '%s': each "
             "document is written in its default view (text, else decoded, else raw)",
             view, view);
}

/* --report-attr NAME (or the script's output.report_attr) that no stage
 * declares it provides ("attr:NAME"): every document would be written as
 * the generic summary without a word. The default name, "report", is only
 * used when a stage sets it: the generic summary is the default. */
static void warn_missing_report(const weft_pipeline *p, const weft_writer_opts *o,
                                const char *given, const char *how) {
    if (!given || (o->format != WEFT_FMT_TEXT && o->format != WEFT_FMT_HTML)) return;
    char want[300];
    snprintf(want, sizeof want, "attr:%s", given);
    if (weft_pipeline_provides(p, want)) return;
    const char *near = weft_pipeline_nearest_provide(p, want);
    cli_warn("%s %s: no stage of this pipeline provides attribute "
             "'%s' (\"attr:%s\" in its provides)%s%s%s: a document without it as a string is "
             "written as the generic summary",
             how, given, given, given, near ? " (did you mean '" : "", near ? near : "",
             near ? "'?)" : "");
}

int cmd_run(int argc, char **argv) {
    run_args a;
    int rc = parse_args("run", argc, argv, &a);
    if (rc != 0) {
        free(a.sets);
        free(a.globs);
        if (rc < 0) {
            fputs(run_usage, stdout);
            fputs(run_usage2, stdout);
        }
        return rc < 0 ? EXIT_OK : rc;
    }
    progress_ctx pc = {0, 0, PTHREAD_MUTEX_INITIALIZER};
    int progress = !a.quiet && isatty(STDERR_FILENO);
    if (progress) a.eng.log = log_over_progress, a.eng.log_ud = &pc;
    weft_engine *e = NULL;
    run_pid = (sig_atomic_t)getpid();
    run_phase = PHASE_SETUP;
    atexit(on_exit_in_run);
    /* until the run, an exit() (in close(), from a failed output check
     * or an output that cannot be opened) is still before anything ran */
    weft_pipeline *p = build("run", &a, &e, 0);
    char cerr[1024];
    if (p && weft_pipeline_check_output(p, &a.out.names, 1, cerr, sizeof cerr) != 0) {
        fprintf(stderr, "weft run: %s\n", cerr);
        weft_pipeline_free(p);
        weft_close(e);
        p = NULL;
    }
    if (!p) {
        run_pid = 0;
        free(a.sets);
        free(a.globs);
        return EXIT_SETUP;
    }
    /* A closed pipe is reported as EPIPE by the writer, not as a signal. */
    signal(SIGPIPE, SIG_IGN);
    /* SIGINT/SIGTERM: stop reading, finish the documents being processed
     * (the rest of the ring is skipped), write in order what was done,
     * close the output well-formed. A second signal kills. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    a.run.interrupt = &interrupted;
    FILE *out = stdout;
    char tmp[4096] = "";
    struct stat ost;
    if (a.output && stat(a.output, &ost) == 0 && !S_ISREG(ost.st_mode)) {
        /* A device or a FIFO (/dev/null, a named pipe) is written to
         * directly: renaming a temporary file over it would replace it. */
        out = fopen(a.output, "w");
        if (!out) {
            fprintf(stderr, "weft run: cannot write %s: %s\n", a.output, strerror(errno));
            weft_pipeline_free(p);
            weft_close(e);
            run_pid = 0;
            free(a.sets);
            free(a.globs);
            return EXIT_OUTPUT;
        }
    } else if (a.output) {
        snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", a.output);
        int fd = mkstemp(tmp);
        if (fd >= 0) {
            /* mkstemp makes the file 0600; give it the mode a plain open
             * would (or the mode of the file it replaces). */
            mode_t mask = umask(022);
            umask(mask);
            fchmod(fd, a.output && stat(a.output, &ost) == 0 ? ost.st_mode & 07777 : 0666 & ~mask);
        }
        out = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!out) {
            fprintf(stderr, "weft run: cannot write %s: %s\n", a.output, strerror(errno));
            if (fd >= 0) {
                close(fd);
                unlink(tmp);
            }
            weft_pipeline_free(p);
            weft_close(e);
            run_pid = 0;
            free(a.sets);
            free(a.globs);
            return EXIT_OUTPUT;
        }
    }
    a.out.color =
        a.out.format == WEFT_FMT_TEXT && !a.output && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    a.in.note = a.quiet ? quiet_note : reader_note;
    a.in.note_ud = e;
    static const char *const stdin_only[] = {"-"};
    /* `weft run -p news` and nothing else: it reads the terminal, which
     * looks like a hang to whoever meant to give a file */
    if (!a.ninputs && !a.quiet && isatty(STDIN_FILENO))
        fprintf(stderr, "weft run: reading a document from the terminal (end it with Ctrl-D; "
                        "give files or folders after the options to read those)\n");
    weft_reader *r = weft_reader_new(a.ninputs ? (const char *const *)a.inputs : stdin_only,
                                     a.ninputs ? a.ninputs : 1, &a.in);
    const weft_output_names *sn = weft_pipeline_output_names(p);
    const char *report_how = a.out.names.report_attr ? "--report-attr" : "output.report_attr";
    const char *report_given = a.out.names.report_attr ? a.out.names.report_attr
                               : sn                    ? sn->report_attr
                                                       : NULL;
    weft_output_names_resolve(&a.out.names, sn); /* options over the script */
    if (!a.quiet) warn_missing_report(p, &a.out, report_given, report_how);
    if (!a.quiet) warn_empty_format(p, &a.out);
    if (!a.quiet) warn_missing_view(p, a.out.view);
    /* --input html says the files are pages: said before any is read when
     * nothing here reads pages (each that looks like one is named too) */
    if (!a.quiet && a.in.input == WEFT_IN_HTML && !weft_pipeline_provides(p, "view:text"))
        cli_warn("--input html: no stage of this pipeline reads HTML (none "
                 "makes a text view, as the boilerplate stage does): the markup is processed as "
                 "text; use -p news or -p clean, or put weft.stage \"boilerplate\" {} at the "
                 "head of the script");
    weft_writer *w = weft_writer_new(out, &a.out);
    char err[8400] = "";
    weft_run_stats st;
    memset(&st, 0, sizeof st);
    a.run.timing = a.stats;
    pc.total = input_total(a.inputs, a.ninputs);
    if (progress) {
        a.run.progress = show_progress;
        a.run.progress_ud = &pc;
        a.run.progress_ms = 250;
    }
    if (a.run.jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        a.run.jobs = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
    }
    if (tmp[0]) {
        weft_crash_remove_on_death(tmp);
        memcpy(salvage_tmp, tmp, sizeof salvage_tmp);
        salvage_out = a.output;
        salvage_file = out;
    }
    run_phase = PHASE_RUN;
    int run_rc = !r || !w    ? -1
                 : a.isolate ? weft_run_isolated(p, r, w, &a.run, &a.iso, &st, err, sizeof err)
                             : weft_run(p, r, w, &a.run, &st, err, sizeof err);
    run_phase = PHASE_TEARDOWN;
    if (!r || !w) snprintf(err, sizeof err, "out of memory");
    int werr = w ? weft_writer_finish(w) : 0;
    if (run_rc == 0 && werr) {
        snprintf(err, sizeof err, "cannot write output: %s", strerror(werr));
        st.write_errno = werr;
        run_rc = -1;
    }
    int to_file = out != stdout;
    int closed = to_file ? fclose(out) : fflush(stdout);
    if (closed != 0 && run_rc == 0) {
        st.write_errno = errno;
        snprintf(err, sizeof err, "cannot write %s: %s", to_file ? a.output : "output",
                 strerror(errno));
        run_rc = -1;
    }
    if (tmp[0]) {
        /* -o is all or nothing: an interrupted or failed run leaves FILE as
         * it was. */
        if (run_rc == 0 && !st.interrupted && rename(tmp, a.output) != 0) {
            snprintf(err, sizeof err, "cannot rename %s to %s: %s", tmp, a.output, strerror(errno));
            run_rc = -1;
        }
        if (run_rc != 0 || st.interrupted) unlink(tmp);
        weft_crash_remove_on_death(NULL);
    }
    if (pc.shown) fputs("\r\033[K", stderr);
    pc.shown = 0;
    progress_line = 0;
    weft_warning_summary(e);
    if (a.stats && st.stages) print_stats(p, &st, r ? weft_reader_consumed(r) : 0, a.run.jobs);
    int code = EXIT_OK;
    /* an empty folder, or a glob that leaves every file out: an empty
     * output and exit 0 would look like a run that found nothing */
    if (run_rc == 0 && !st.interrupted && st.docs == 0 && a.ninputs && !a.quiet)
        cli_warn("no document was read: %s hold%s no file to read (an empty "
                 "folder, hidden files only, or every file left out by --include/--exclude)",
                 a.ninputs == 1 ? a.inputs[0] : "the inputs", a.ninputs == 1 ? "s" : "");
    if (run_rc != 0) {
        /* A reader that stopped reading (`| head`) is not an error. */
        if (st.write_errno != EPIPE) fprintf(stderr, "weft run: %s\n", err);
        /* Only a failed write is exit 3; the run's other failures (a
         * stage's create() refusing, a script that describes other stages
         * when a worker evaluates it again) happen before any document. */
        code = st.write_errno == EPIPE ? EXIT_OK : st.write_errno ? EXIT_OUTPUT : EXIT_SETUP;
    } else if (st.interrupted) {
        fprintf(stderr, "weft run: interrupted after %llu documents%s\n",
                (unsigned long long)st.docs, tmp[0] ? "; the output file was not written" : "");
        code = EXIT_INTERRUPTED;
    } else if (st.failed && a.run.fail_fast) {
        /* Counting what was left would mean reading the rest of the input,
         * which --fail-fast is there to spare. */
        if (!a.quiet)
            fprintf(stderr,
                    "weft run: stopped early (--fail-fast) at the first failed document, %s%s%s"
                    "document %llu%s; the documents after it were not read or run (see its "
                    "\"errors\")\n",
                    st.failed_id[0] ? "'" : "", st.failed_id, st.failed_id[0] ? "' (" : "",
                    (unsigned long long)st.docs, st.failed_id[0] ? ")" : "");
        code = EXIT_DOCS;
    } else if (st.failed) {
        /* every document failed (a script's bug, most often): the first
         * error is said here, not only in the output */
        if (st.failed < st.docs) st.failed_msg[0] = '\0';
        if (!a.quiet)
            fprintf(stderr,
                    "weft run: %llu of %llu documents failed (see their \"errors\")%s%s%s%s\n",
                    (unsigned long long)st.failed, (unsigned long long)st.docs,
                    st.failed_msg[0] ? "; the first, '" : "", st.failed_msg[0] ? st.failed_id : "",
                    st.failed_msg[0] ? "': " : "", st.failed_msg);
        code = EXIT_DOCS;
    }
    weft_run_stats_free(&st);
    weft_writer_free(w);
    weft_reader_free(r);
    weft_pipeline_free(p);
    weft_close(e);
    run_pid = 0;
    free(a.sets);
    free(a.globs);
    return code;
}

int cmd_check(int argc, char **argv) {
    run_args a;
    int rc = parse_args("check", argc, argv, &a);
    if (rc != 0) {
        free(a.sets);
        free(a.globs);
        if (rc < 0) fputs(check_usage, stdout);
        return rc < 0 ? EXIT_OK : rc;
    }
    if (a.ninputs) {
        free(a.sets);
        free(a.globs);
        return usage_error("check", "unexpected argument '%s'", a.inputs[0]);
    }
    weft_engine *e = NULL;
    weft_pipeline *p = build("check", &a, &e, 1);
    free(a.sets);
    free(a.globs);
    if (!p) return EXIT_SETUP;
    const char *name = weft_pipeline_name(p);
    size_t n = weft_stage_count(p);
    /* a pipeline without a name is not "pipeline ''" */
    if (name && *name)
        printf("%s: ok: pipeline '%s', %zu stage%s\n", weft_pipeline_script(p), name, n,
               n == 1 ? "" : "s");
    else
        printf("%s: ok: an unnamed pipeline, %zu stage%s\n", weft_pipeline_script(p), n,
               n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const char *plugin;
        int line;
        const char *stage = weft_stage_name(p, i, &plugin, &line);
        printf("  %zu. %-18s %s (line %d)\n", i + 1, stage, plugin ? plugin : "inline Lua", line);
        /* an inline stage's parameters: the value in force, its type,
         * default and doc */
        const char *pname, *type, *doc;
        char value[160], def[160];
        for (size_t k = 0; (pname = weft_stage_lua_param(p, i, k, &type, &doc, value, sizeof value,
                                                         def, sizeof def));
             k++) {
            const char *from = weft_stage_lua_param_source(p, i, k);
            printf("       %s = %s (%s, default %s%s%s)%s%s\n", pname, value, type, def,
                   from ? ", set by " : "", from ? from : "", doc[0] ? ": " : "", doc);
        }
    }
    weft_pipeline_free(p);
    weft_close(e);
    return EXIT_OK;
}
