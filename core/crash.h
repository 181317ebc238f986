/*
 * Crash reports: when a plugin crashes the process (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGABRT inside process(), open(), create(), close() or
 * destroy()), say which stage, plugin file and document or callback it was
 * working on before the process dies as it would have.
 */
#ifndef WEFT_CRASH_H
#define WEFT_CRASH_H

/* weft_crash_install (the CLI calls it, once) is public: weft/run.h. */
#include "weft/run.h"
/* Name what this thread is about to run; the strings must outlive the call.
 * NULL stage clears it. plugin is the plugin file, NULL for an inline Lua
 * stage. */
void weft_crash_context(const char *stage, const char *plugin, const char *doc_id);
/* The same for a callback that runs outside any document ("open()",
 * "create()", "close()", "destroy()"). */
void weft_crash_callback(const char *stage, const char *plugin, const char *callback);

#endif
