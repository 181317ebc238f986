/*
 * Crash reports: when a plugin crashes the process (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGABRT inside process()), say which stage, plugin file and
 * document it was working on before the process dies as it would have.
 */
#ifndef WEFT_CRASH_H
#define WEFT_CRASH_H

/* weft_crash_install (the CLI calls it, once) is public: weft/run.h. */
#include "weft/run.h"
/* Name what this thread is about to run; the strings must outlive the call.
 * NULL stage clears it. */
void weft_crash_context(const char *stage, const char *plugin, const char *doc_id);

#endif
