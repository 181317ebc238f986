/* Open-addressing hash table of names; ids are indices into an array. */
#include "symtab.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "weft/grow.h"
#include "weft/hash.h"

typedef struct {
    char *name;
    size_t len;
} sym_entry;

struct weft_symtab {
    uint32_t base;
    atomic_int frozen;  /* set by the first worker, maybe on another thread */
    sym_entry *entries; /* id - base - 1 -> entry */
    size_t n, cap;
    weft_hindex ix;
};

static uint64_t hash_bytes(const char *s, size_t len) {
    return weft_fnv64(WEFT_FNV64_INIT, s, len);
}

weft_symtab *weft_symtab_new(uint32_t base) {
    weft_symtab *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->base = base;
    weft_hindex_init(&t->ix);
    return t;
}

void weft_symtab_clear(weft_symtab *t) {
    for (size_t i = 0; i < t->n; i++) free(t->entries[i].name);
    t->n = 0;
    weft_hindex_clear(&t->ix);
}

void weft_symtab_free(weft_symtab *t) {
    if (!t) return;
    weft_symtab_clear(t);
    free(t->entries);
    weft_hindex_free(&t->ix);
    free(t);
}

static weft_sym find_hashed(const weft_symtab *t, const char *name, size_t len, uint64_t h) {
    for (weft_hprobe p = weft_hindex_probe(&t->ix, h);;) {
        size_t i = weft_hindex_next(&t->ix, &p);
        if (i == WEFT_HINDEX_NONE) return 0;
        const sym_entry *e = &t->entries[i];
        if (e->len == len && memcmp(e->name, name, len) == 0) return t->base + (uint32_t)i + 1;
    }
}

weft_sym weft_symtab_find(const weft_symtab *t, const char *name, size_t len) {
    if (!t || t->n == 0) return 0;
    return find_hashed(t, name, len, hash_bytes(name, len));
}

int weft_symtab_add(weft_symtab *t, const char *name, size_t len, weft_sym *out) {
    uint64_t h = hash_bytes(name, len);
    *out = t->n ? find_hashed(t, name, len, h) : 0;
    if (*out) return WEFT_SYMTAB_OK;
    if (atomic_load_explicit(&t->frozen, memory_order_relaxed)) return WEFT_SYMTAB_FROZEN;
    if (t->n >= 0x7fffffffu) return WEFT_SYMTAB_NOMEM;
    if (weft_grow((void **)&t->entries, &t->cap, t->n + 1, sizeof *t->entries))
        return WEFT_SYMTAB_NOMEM;
    char *copy = malloc(len + 1);
    if (!copy) return WEFT_SYMTAB_NOMEM;
    memcpy(copy, name, len);
    copy[len] = '\0';
    if (weft_hindex_add(&t->ix, h, t->n)) {
        free(copy);
        return WEFT_SYMTAB_NOMEM;
    }
    t->entries[t->n] = (sym_entry){copy, len};
    t->n++;
    *out = t->base + (uint32_t)t->n;
    return WEFT_SYMTAB_OK;
}

weft_sym weft_symtab_intern(weft_symtab *t, const char *name, size_t len) {
    weft_sym s;
    weft_symtab_add(t, name, len, &s);
    return s;
}

const char *weft_symtab_name(const weft_symtab *t, weft_sym sym) {
    if (!t || sym <= t->base || sym - t->base > t->n) return NULL;
    return t->entries[sym - t->base - 1].name;
}

size_t weft_symtab_count(const weft_symtab *t) {
    return t->n;
}

void weft_symtab_freeze(weft_symtab *t) {
    atomic_store_explicit(&t->frozen, 1, memory_order_relaxed);
}

int weft_symtab_frozen(const weft_symtab *t) {
    return atomic_load_explicit(&t->frozen, memory_order_relaxed);
}
