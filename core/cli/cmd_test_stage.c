/* weft test-stage PLUGIN.so STAGE: run one stage on one text and show what it
 * produced (GStreamer's harness idea, for plugin authors). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "Usage: weft test-stage PLUGIN.so STAGE [--text TEXT | FILE] [--set PARAM=V]...\n"
    "                       [--with STAGE]... [-f FMT]\n"
    "\n"
    "Run stage STAGE of the plugin file PLUGIN.so (plus the plugins on the usual path)\n"
    "on one document, TEXT or the contents of FILE (default: stdin), and print what it\n"
    "produced: every layer with its records, and the document attributes (-f text, the\n"
    "default), or any other format of `weft run`. --with STAGE runs another stage first\n"
    "(e.g. --with tokenizer for a stage that requires tokens); repeatable, in order.\n"
    "--set PARAM=V sets a parameter of STAGE. Exit codes as for `weft run`.\n";

/* Engine on the usual plugin path with PLUGIN.so first; rejected files
 * are errors, as for `weft run`. */
static weft_engine *engine(const char *plugin, const char *fmt) {
    weft_options o;
    weft_options_init(&o);
    o.plugin_path = plugin;
    o.keep_rejected = 1;
    cli_words(&o);
    o.output_format = fmt;
    char err[4096];
    weft_engine *e = weft_open_with(&o, err, sizeof err);
    if (!e) {
        fprintf(stderr, "weft: %s\n", err);
        return NULL;
    }
    if (cli_rejected("test-stage", e)) {
        weft_close(e);
        return NULL;
    }
    return e;
}

/* The one document: --text through a processor, a file (or stdin) through
 * the reader, as `weft run` would read it. Returns the exit code. */
static int run_one(weft_pipeline *p, const char *text, const char *file, weft_writer *w) {
    char err[8400] = "";
    weft_run_stats st;
    memset(&st, 0, sizeof st);
    int rc = 0;
    if (text) {
        weft_processor *pr = weft_processor_new(p, err, sizeof err);
        const weft_doc *d = pr ? weft_process(pr, "--text", text, strlen(text)) : NULL;
        if (pr && !d) snprintf(err, sizeof err, "out of memory");
        int werr = d ? weft_writer_doc(w, d) : 0;
        if (werr) snprintf(err, sizeof err, "cannot write output: %s", strerror(werr));
        st.docs = d != NULL;
        st.failed = d && weft_errors(d) > 0;
        rc = d && !werr ? 0 : -1;
        weft_processor_free(pr);
    } else {
        const char *inputs[] = {file ? file : "-"};
        weft_reader_opts in;
        memset(&in, 0, sizeof in);
        weft_reader *r = weft_reader_new(inputs, 1, &in);
        weft_run_opts o;
        memset(&o, 0, sizeof o);
        o.jobs = 1;
        rc = r ? weft_run(p, r, w, &o, &st, err, sizeof err) : -1;
        if (!r) snprintf(err, sizeof err, "out of memory");
        weft_reader_free(r);
    }
    int werr = weft_writer_finish(w);
    if (rc == 0 && werr) {
        snprintf(err, sizeof err, "cannot write output: %s", strerror(werr));
        rc = -1;
    }
    int code = EXIT_OK;
    if (rc != 0) {
        fprintf(stderr, "weft test-stage: %s\n", err);
        code = EXIT_OUTPUT;
    } else if (st.failed) {
        fprintf(stderr,
                "weft test-stage: %llu of %llu documents failed (see their \"errors\")%s%s\n",
                (unsigned long long)st.failed, (unsigned long long)st.docs,
                st.failed_msg[0] ? ": " : "", st.failed_msg);
        code = EXIT_DOCS;
    }
    weft_run_stats_free(&st);
    return code;
}

int cmd_test_stage(int argc, char **argv) {
    const char *plugin = NULL, *stage = NULL, *text = NULL, *file = NULL, *fmt = "text";
    weft_setting *sets = calloc((size_t)argc + 1, sizeof *sets);
    const char **stages = calloc((size_t)argc + 1, sizeof *stages);
    size_t nsets = 0, nstages = 0;
    int rc = EXIT_SETUP;
    weft_engine *e = NULL;
    weft_pipeline *p = NULL;
    weft_writer *w = NULL;
    if (!sets || !stages) goto out;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            rc = EXIT_OK;
            goto out;
        } else if (!strcmp(argv[i], "--text") && i + 1 < argc) {
            text = argv[++i];
        } else if (!strcmp(argv[i], "--set") && i + 1 < argc) {
            char *eq = strchr(argv[++i], '=');
            if (!eq || eq == argv[i]) {
                fprintf(stderr,
                        "weft test-stage: --set '%s': expected PARAM=VALUE (try `weft test-stage "
                        "--help`)\n",
                        argv[i]);
                goto out;
            }
            *eq = '\0';
            sets[nsets].param = argv[i];
            sets[nsets++].value = eq + 1;
        } else if (!strcmp(argv[i], "--with") && i + 1 < argc) {
            stages[nstages++] = argv[++i];
        } else if ((!strcmp(argv[i], "-f") || !strcmp(argv[i], "--format")) && i + 1 < argc) {
            fmt = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            static const char *const opts[] = {"--help", "--text", "--set", "--with", "--format"};
            rc = cli_unknown_option("test-stage", argv[i], opts, sizeof opts / sizeof opts[0]);
            goto out;
        } else if (!plugin) {
            plugin = argv[i];
        } else if (!stage) {
            stage = argv[i];
        } else if (!file) {
            file = argv[i];
        } else {
            fprintf(stderr, "weft test-stage: unexpected argument '%s'\n", argv[i]);
            goto out;
        }
    }
    if (!plugin || !stage) {
        fputs(usage, stderr);
        goto out;
    }
    int format = weft_format_parse(fmt);
    if (format < 0) {
        cli_bad_choice("test-stage", "-f", fmt, "jsonl|json|text|tsv|conll");
        goto out;
    }
    /* The plugin file is the point of the command: a missing one is an
     * error, not a run of a stage of that name found elsewhere. */
    struct stat pst;
    if (stat(plugin, &pst) != 0) {
        fprintf(stderr, "weft test-stage: plugin file %s: %s\n", plugin, strerror(errno));
        goto out;
    }
    stages[nstages++] = stage;
    for (size_t i = 0; i < nsets; i++) sets[i].stage = stage;
    if (!(e = engine(plugin, fmt))) goto out;
    /* The pipeline is built in memory, so messages name the plugin file
     * and the stage, with no script behind them. */
    weft_source src;
    weft_source_init(&src);
    src.stages = stages;
    src.nstages = nstages;
    src.name = plugin;
    src.settings = sets;
    src.nsettings = nsets;
    char err[4096];
    if (!(p = weft_load(e, &src, err, sizeof err))) {
        /* a stage that needs another first: say how to run that one too */
        static const char need[] = "which no earlier stage provides (stage '";
        const char *h = strstr(err, need), *q = h ? strchr(h + sizeof need - 1, '\'') : NULL;
        if (q)
            fprintf(stderr, "weft test-stage: %s; run it first with --with %.*s\n", err,
                    (int)(q - (h + sizeof need - 1)), h + sizeof need - 1);
        else
            fprintf(stderr, "weft test-stage: %s\n", err);
        goto out;
    }
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is EPIPE from the writer */
    weft_writer_opts wo;
    memset(&wo, 0, sizeof wo);
    wo.format = (weft_format)format;
    wo.color = wo.format == WEFT_FMT_TEXT && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    weft_output_names_resolve(&wo.names, weft_pipeline_output_names(p));
    if (!(w = weft_writer_new(stdout, &wo))) {
        fprintf(stderr, "weft test-stage: out of memory\n");
        goto out;
    }
    rc = run_one(p, text, file, w);
out:
    weft_writer_free(w);
    weft_pipeline_free(p);
    weft_close(e);
    free(sets);
    free(stages);
    return rc;
}
