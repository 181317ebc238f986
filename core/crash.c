/*
 * A signal handler cannot be handed a context, so what the crashing thread
 * was doing lives in thread-local storage: the one piece of mutable state
 * outside an engine, and only ever read by the handler of the same thread.
 */
#include "crash.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

typedef struct crash_ctx {
    const char *stage, *plugin, *doc, *callback;
} crash_ctx;

static _Thread_local crash_ctx here;
/* A file not to leave behind when the process dies (weft run -o's
 * temporary file): set before a run, read by the handlers. Process-wide
 * as the handlers are. */
static char doomed[4096];
static volatile sig_atomic_t doomed_set;

void weft_crash_context(const char *stage, const char *plugin, const char *doc_id) {
    here.stage = stage;
    here.plugin = plugin;
    here.doc = doc_id;
    here.callback = NULL;
}

void weft_crash_callback(const char *stage, const char *plugin, const char *callback) {
    here.stage = stage;
    here.plugin = plugin;
    here.doc = NULL;
    here.callback = callback;
}

static void put(const char *s) {
    if (!s) return;
    ssize_t n = write(STDERR_FILENO, s, strlen(s)); /* async-signal-safe */
    (void)n;
}

void weft_crash_remove_on_death(const char *path) {
    doomed_set = 0;
    if (!path || strlen(path) >= sizeof doomed) return;
    memcpy(doomed, path, strlen(path) + 1);
    doomed_set = 1;
}

void weft_crash_remove_now(void) {
    if (doomed_set) unlink(doomed); /* async-signal-safe */
    doomed_set = 0;
}

/* "[CALLBACK of ]stage 'S'[ of plugin P][ on document 'D']": what this
 * thread was running (here.stage set). */
static void put_where(void) {
    if (here.callback) {
        put(here.callback);
        put(" of ");
    }
    put(here.plugin ? "stage '" : "inline Lua stage '");
    put(here.stage);
    put("'");
    if (here.plugin) {
        put(" of plugin ");
        put(here.plugin);
    }
    if (here.doc) {
        put(" on document '");
        put(here.doc);
        put("'");
    }
}

/* What an exit() inside a stage cut short, named as a crash names it
 * (stdio is still usable in an atexit handler, but a plain write keeps one
 * code path). */
void weft_crash_exit_report_as(const char *outcome) {
    put("weft: the process was ended by exit() ");
    if (here.stage) {
        put("in ");
        put_where();
    } else
        put("outside any stage");
    put(" ");
    put(outcome);
    put("\n");
}

void weft_crash_exit_report(void) {
    weft_crash_exit_report_as("before the run finished: the output is incomplete");
}

static void on_crash(int sig) {
    if (here.stage) {
        put("\nweft: crashed (");
        put(sig == SIGSEGV  ? "SIGSEGV"
            : sig == SIGBUS ? "SIGBUS"
            : sig == SIGFPE ? "SIGFPE"
            : sig == SIGILL ? "SIGILL"
                            : "SIGABRT");
        put(") in ");
        put_where();
        put("\n");
    }
    weft_crash_remove_now();
    /* The handler was installed with SA_RESETHAND: re-raising ends the
     * process with the original signal (and a core dump if enabled). */
    raise(sig);
}

void weft_crash_install(void) {
    static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sa.sa_flags = (int)(SA_RESETHAND | SA_NODEFER);
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaction(sigs[i], &sa, NULL);
}
