/* The engine: names, plugins, limits and logging for one embedding. */
#include "engine.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "weft/hash.h"

static size_t warn_shared_bytes(void) {
    return sizeof(struct weft_warn_shared) + WEFT_WARN_KINDS * sizeof(struct weft_warn_slot);
}

weft_engine *weft_engine_new(void) {
    weft_engine *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    weft_host_init(&e->host);
    weft_registry_init(&e->reg);
    weft_lua_limits_default(&e->lua);
    e->lua.log = weft_engine_sink;
    e->lua.log_ud = e;
    e->log = weft_log_stderr;
    e->verbosity = WEFT_LOG_WARN;
    pthread_mutex_init(&e->warn_lock, NULL);
    e->syms = weft_symtab_new(0);
    /* raw, text and decoded get the fixed ids WEFT_SYM_RAW, WEFT_SYM_TEXT
     * and WEFT_SYM_DECODED. */
    if (!e->syms || weft_symtab_intern(e->syms, "raw", 3) != WEFT_SYM_RAW ||
        weft_symtab_intern(e->syms, "text", 4) != WEFT_SYM_TEXT ||
        weft_symtab_intern(e->syms, "decoded", 7) != WEFT_SYM_DECODED) {
        weft_engine_free(e);
        return NULL;
    }
    return e;
}

void weft_engine_free(weft_engine *e) {
    if (!e) return;
    weft_registry_free(&e->reg);
    weft_symtab_free(e->syms);
    free(e->profile_path);
    for (size_t i = 0; i < e->nwarns; i++) free(e->warns[i].msg);
    free(e->warns);
    pthread_mutex_destroy(&e->warn_lock);
    if (e->wshared) {
        pthread_mutex_destroy(&e->wshared->lock);
        munmap(e->wshared, warn_shared_bytes());
    }
    free(e);
}

int weft_engine_load_plugins(weft_engine *e, const char *extra, const char *exe_dir) {
    if (weft_registry_add_search_list(&e->reg, extra) != 0) return -1;
    if (weft_registry_add_search_list(&e->reg, getenv("WEFT_PLUGIN_PATH")) != 0) return -1;
    if (exe_dir) {
        /* build/weft finds build/plugins; PREFIX/bin/weft finds
         * PREFIX/lib/weft/plugins. Nothing relative to the current folder. */
        static const char *const rel[] = {"plugins", "../lib/weft/plugins"};
        for (size_t i = 0; i < 2; i++) {
            char dir[4096], real[PATH_MAX];
            snprintf(dir, sizeof dir, "%s/%s", exe_dir, rel[i]);
            /* shown in messages: say /usr/lib/weft/plugins, not bin/../lib */
            if (weft_registry_add_search(&e->reg, realpath(dir, real) ? real : dir) != 0) return -1;
        }
    }
    return weft_registry_scan(&e->reg);
}

void weft_log_stderr(void *ud, int level, const char *msg) {
    (void)ud;
    static const char *const names[] = {"error", "warning", "note", "debug"};
    /* One write per message, so lines from several workers never interleave. */
    char line[2048];
    size_t len;
    if (level == WEFT_LOG_PRINT) {
        len = strlen(msg);
        if (len <= sizeof line - 1) {
            memcpy(line, msg, len);
        } else { /* a long print(): in pieces */
            fwrite(msg, 1, len, stderr);
            len = 0;
        }
    } else {
        snprintf(line, sizeof line, "weft: %s: %s",
                 names[level < 0   ? 0
                       : level > 3 ? 3
                                   : level],
                 msg);
        len = strlen(line);
        if (len == sizeof line - 1) len--;
    }
    line[len++] = '\n';
    fwrite(line, 1, len, stderr);
    if (level == WEFT_LOG_PRINT) fflush(stderr);
}

void weft_engine_sink(void *ud, int level, const char *msg) {
    weft_engine *e = ud;
    if ((level > e->verbosity && level != WEFT_LOG_PRINT) || !e->log) return;
    e->log(e->log_ud, level, msg);
}

/* Whether a document's warning msg is still to be logged (its first
 * warn_repeats times), counting it. A short text through the news profile
 * warns for every document of a million otherwise. */
static void shared_lock(struct weft_warn_shared *w) {
    /* a worker killed while it held the lock (a timeout) leaves the
     * counts as they were: they stay usable */
    if (pthread_mutex_lock(&w->lock) == EOWNERDEAD) pthread_mutex_consistent(&w->lock);
}

/* How many times a document warning is said before it is only counted:
 * warn_repeats, but once for a warning given with WEFT_LOG_ONCE (advice
 * that is the same each time: one document named is enough). */
static uint64_t repeats(const weft_engine *e, int once) {
    return once ? 1 : e->warn_repeats;
}

/* Warnings are counted by kind: the same text but for its numbers (a
 * size, a line, a count), so that "document of 581 bytes is larger than
 * --max-doc-bytes 500" and "document of 805 bytes ..." are one warning,
 * said warn_repeats times and then counted. A run of digits stands for any
 * other run of digits. */
static int same_kind(const char *a, const char *b, size_t max) {
    size_t i = 0, j = 0;
    while (i < max && a[i] && b[j]) {
        int da = a[i] >= '0' && a[i] <= '9', db = b[j] >= '0' && b[j] <= '9';
        if (da && db) {
            while (i < max && a[i] >= '0' && a[i] <= '9') i++;
            while (b[j] >= '0' && b[j] <= '9') j++;
            continue;
        }
        if (a[i] != b[j]) return 0;
        i++, j++;
    }
    /* a kept message may have been cut at max - 1 bytes */
    return (i >= max - 1 || !a[i]) && (i >= max - 1 || !b[j]);
}

/* The hash of a kind reads its first KIND_HASH_CHARS characters, digit runs
 * collapsed: a fixed count, so that two messages of one kind whose digit
 * runs differ in length hash alike even when the shared slot's copy is cut
 * (WEFT_WARN_MSG); same_kind decides the rest. */
#define KIND_HASH_CHARS 128
static uint64_t kind_hash(const char *msg, size_t max) {
    uint64_t h = WEFT_FNV64_INIT;
    size_t seen = 0;
    for (size_t i = 0; i < max && msg[i] && seen < KIND_HASH_CHARS; i++, seen++) {
        if (msg[i] >= '0' && msg[i] <= '9') {
            while (i + 1 < max && msg[i + 1] >= '0' && msg[i + 1] <= '9') i++;
            h = weft_fnv64(h, "#", 1);
        } else
            h = weft_fnv64(h, msg + i, 1);
    }
    return h;
}

static int shared_warn_shown(weft_engine *e, const char *msg, int once) {
    struct weft_warn_shared *w = e->wshared;
    uint64_t h = kind_hash(msg, WEFT_WARN_MSG - 1);
    int show = 1;
    shared_lock(w);
    size_t i = 0;
    while (i < w->n && (w->slot[i].hash != h || !same_kind(w->slot[i].msg, msg, WEFT_WARN_MSG)))
        i++;
    if (i < w->n) {
        show = ++w->slot[i].count <= repeats(e, w->slot[i].once);
        if (strncmp(w->slot[i].msg, msg, WEFT_WARN_MSG - 1)) w->slot[i].varied = 1;
    } else if (w->n < WEFT_WARN_KINDS) {
        struct weft_warn_slot *sl = &w->slot[w->n++];
        sl->hash = h;
        sl->count = 1;
        sl->once = once;
        sl->varied = 0;
        snprintf(sl->msg, sizeof sl->msg, "%s", msg);
    }
    pthread_mutex_unlock(&w->lock);
    return show;
}

int weft_engine_share_warnings(weft_engine *e) {
    if (e->wshared) return 0;
    struct weft_warn_shared *w =
        mmap(NULL, warn_shared_bytes(), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (w == MAP_FAILED) return -1;
    pthread_mutexattr_t a;
    int ok = pthread_mutexattr_init(&a) == 0;
    if (ok) {
        ok = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0 &&
             pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) == 0 &&
             pthread_mutex_init(&w->lock, &a) == 0;
        pthread_mutexattr_destroy(&a);
    }
    if (!ok) {
        munmap(w, warn_shared_bytes());
        return -1;
    }
    /* the counts so far go along */
    pthread_mutex_lock(&e->warn_lock);
    for (size_t i = 0; i < e->nwarns; i++) {
        struct weft_warn_slot *sl = &w->slot[w->n++];
        sl->hash = kind_hash(e->warns[i].msg, WEFT_WARN_MSG - 1);
        sl->count = e->warns[i].count;
        sl->once = e->warns[i].once;
        sl->varied = e->warns[i].varied;
        snprintf(sl->msg, sizeof sl->msg, "%s", e->warns[i].msg);
        free(e->warns[i].msg);
    }
    e->nwarns = 0;
    e->wshared = w;
    pthread_mutex_unlock(&e->warn_lock);
    return 0;
}

static int warn_shown(weft_engine *e, const char *msg, int once) {
    if (e->wshared) return shared_warn_shown(e, msg, once);
    int show = 1;
    pthread_mutex_lock(&e->warn_lock);
    size_t i = 0;
    while (i < e->nwarns && !same_kind(e->warns[i].msg, msg, SIZE_MAX)) i++;
    if (i < e->nwarns) {
        show = ++e->warns[i].count <= repeats(e, e->warns[i].once);
        if (strcmp(e->warns[i].msg, msg)) e->warns[i].varied = 1;
    } else if (e->nwarns < WEFT_WARN_KINDS) {
        if (!e->warns) e->warns = calloc(WEFT_WARN_KINDS, sizeof *e->warns);
        char *m = e->warns ? strdup(msg) : NULL;
        if (m)
            e->warns[e->nwarns++] = (struct weft_warn_count){m, 1, once, 0};
        else
            free(m);
    }
    pthread_mutex_unlock(&e->warn_lock);
    return show;
}

/* The line for a warning said count times, of which only the first
 * repeats() were printed. Advice said once is not said again whole: its
 * text up to its first " (" names it; a kind whose documents varied in
 * their numbers is named by its first. */
static void say_count(const weft_engine *e, uint64_t count, const char *msg, int once, int varied) {
    uint64_t shown = repeats(e, once);
    if (count <= shown || !e->log) return;
    char line[2048];
    const char *cut = once ? strstr(msg, " (") : NULL;
    int len = cut && cut - msg < 1024 ? (int)(cut - msg) : 1024;
    snprintf(line, sizeof line, "%llu more documents%s: %.*s (%s lists every one)",
             (unsigned long long)(count - shown), varied ? " with a warning like" : "", len, msg,
             e->say_all_warnings);
    e->log(e->log_ud, WEFT_LOG_WARN, line);
}

void weft_engine_warn_summary(weft_engine *e) {
    struct weft_warn_shared *w = e->wshared;
    if (w) {
        shared_lock(w);
        for (size_t i = 0; i < w->n; i++) {
            say_count(e, w->slot[i].count, w->slot[i].msg, w->slot[i].once, w->slot[i].varied);
        }
        w->n = 0;
        pthread_mutex_unlock(&w->lock);
    }
    pthread_mutex_lock(&e->warn_lock);
    for (size_t i = 0; i < e->nwarns; i++) {
        say_count(e, e->warns[i].count, e->warns[i].msg, e->warns[i].once, e->warns[i].varied);
        free(e->warns[i].msg);
    }
    e->nwarns = 0;
    pthread_mutex_unlock(&e->warn_lock);
}

/* level may hold WEFT_LOG_ONCE. */
static void doc_log_id(weft_engine *e, const char *id, int level, const char *msg) {
    int once = (level & WEFT_LOG_ONCE) != 0;
    level &= ~WEFT_LOG_ONCE;
    if (level > e->verbosity || !e->log) return;
    if (level == WEFT_LOG_WARN && e->warn_repeats && !warn_shown(e, msg, once)) return;
    char line[2048];
    snprintf(line, sizeof line, "%s: %s", id, msg);
    e->log(e->log_ud, level, line);
}

void weft_engine_note(weft_engine *e, const char *line) {
    if (WEFT_LOG_WARN > e->verbosity || !e->log) return;
    /* the kind leaves out the document's name: "ID: message" */
    const char *kind = strstr(line, ": ");
    kind = kind && kind[2] ? kind + 2 : line;
    if (e->warn_repeats && !warn_shown(e, kind, 0)) return;
    e->log(e->log_ud, WEFT_LOG_WARN, line);
}

void weft_engine_doc_log(void *ud, const weft_doc *d, int level, const char *msg) {
    doc_log_id(ud, d->id, level, msg);
}

/* A kept message: its level as a digit ('a' + level for a warning given
 * with WEFT_LOG_ONCE), the document's id, US, the
 * message, RS; the whole after a GS, so that a kept log is one string with
 * no NUL, told apart from a decoder's note where the two travel together
 * (isolate.c). A US, RS or GS in an id or a message becomes '?'. */
#define DL_GS '\x1d'
#define DL_RS '\x1e'
#define DL_US '\x1f'

/* Room for n more bytes and the NUL; 0, or -1 when out of memory. */
static int doclog_room(weft_doclog *l, size_t n) {
    if (n > SIZE_MAX / 4) return -1;
    if (l->cap - l->len > n) return 0;
    size_t cap = l->cap ? l->cap : 256;
    while (cap - l->len <= n) {
        if (cap > SIZE_MAX / 2) return -1;
        cap *= 2;
    }
    char *p = realloc(l->p, cap);
    if (!p) return -1;
    l->p = p;
    l->cap = cap;
    return 0;
}

static void doclog_text(weft_doclog *l, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        l->p[l->len++] = c == DL_GS || c == DL_RS || c == DL_US ? '?' : c;
    }
}

void weft_doclog_keep(void *ud, const weft_doc *d, int level, const char *msg) {
    weft_doclog *l = ud;
    int once = (level & WEFT_LOG_ONCE) != 0;
    level &= ~WEFT_LOG_ONCE;
    /* what would not be shown is not kept (out of memory: lost) */
    if (level < 0 || level > 9 || level > l->e->verbosity || !l->e->log) return;
    const char *id = d->id ? d->id : "";
    size_t il = strlen(id), ml = strlen(msg);
    if (il > SIZE_MAX / 4 || ml > SIZE_MAX / 4 || doclog_room(l, 4 + il + ml)) return;
    if (!l->len) l->p[l->len++] = DL_GS;
    l->p[l->len++] = (char)((once ? 'a' : '0') + level);
    doclog_text(l, id, il);
    l->p[l->len++] = DL_US;
    doclog_text(l, msg, ml);
    l->p[l->len++] = DL_RS;
    l->p[l->len] = '\0';
}

int weft_doclog_is(const char *s) {
    return s && s[0] == DL_GS;
}

void weft_doclog_replay(weft_engine *e, const char *s) {
    if (!weft_doclog_is(s)) return;
    s++;
    while (*s) {
        const char *us = strchr(s, DL_US), *rs = us ? strchr(us, DL_RS) : NULL;
        if (!us || !rs || us == s) return; /* cut short: what is whole was said */
        char id[512], msg[2048];
        snprintf(id, sizeof id, "%.*s", (int)(us - s - 1), s + 1);
        snprintf(msg, sizeof msg, "%.*s", (int)(rs - us - 1), us + 1);
        int level = s[0] >= 'a' ? (s[0] - 'a') | WEFT_LOG_ONCE : s[0] - '0';
        doc_log_id(e, id, level, msg);
        s = rs + 1;
    }
}

void weft_engine_log(weft_engine *e, int level, const char *fmt, ...) {
    if (level > e->verbosity || !e->log) return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    e->log(e->log_ud, level, msg);
}
