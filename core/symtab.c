/* Open-addressing hash table of names; ids are indices into an array. */
#include "symtab.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *name;
    size_t len;
    uint32_t hash;
} sym_entry;

struct weft_symtab {
    uint32_t base;
    atomic_int frozen;  /* set by the first worker, maybe on another thread */
    sym_entry *entries; /* id - base - 1 -> entry */
    size_t n, cap;
    uint32_t *slots; /* 0 = empty, else index + 1 */
    size_t nslots;   /* power of two */
};

static uint32_t hash_bytes(const char *s, size_t len) {
    uint32_t h = 2166136261u; /* FNV-1a: names are short */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

weft_symtab *weft_symtab_new(uint32_t base) {
    weft_symtab *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->base = base;
    return t;
}

void weft_symtab_clear(weft_symtab *t) {
    for (size_t i = 0; i < t->n; i++) free(t->entries[i].name);
    t->n = 0;
    if (t->slots) memset(t->slots, 0, t->nslots * sizeof *t->slots);
}

void weft_symtab_free(weft_symtab *t) {
    if (!t) return;
    weft_symtab_clear(t);
    free(t->entries);
    free(t->slots);
    free(t);
}

static size_t find_slot(const weft_symtab *t, const char *name, size_t len, uint32_t h) {
    size_t mask = t->nslots - 1, i = h & mask;
    for (;;) {
        uint32_t s = t->slots[i];
        if (s == 0) return i;
        const sym_entry *e = &t->entries[s - 1];
        if (e->hash == h && e->len == len && memcmp(e->name, name, len) == 0) return i;
        i = (i + 1) & mask;
    }
}

static int grow_slots(weft_symtab *t) {
    size_t nslots = t->nslots ? t->nslots * 2 : 64;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots) return -1;
    free(t->slots);
    t->slots = slots;
    t->nslots = nslots;
    for (size_t k = 0; k < t->n; k++) {
        const sym_entry *e = &t->entries[k];
        t->slots[find_slot(t, e->name, e->len, e->hash)] = (uint32_t)(k + 1);
    }
    return 0;
}

weft_sym weft_symtab_find(const weft_symtab *t, const char *name, size_t len) {
    if (!t || t->n == 0) return 0;
    uint32_t s = t->slots[find_slot(t, name, len, hash_bytes(name, len))];
    return s ? t->base + s : 0;
}

int weft_symtab_add(weft_symtab *t, const char *name, size_t len, weft_sym *out) {
    *out = weft_symtab_find(t, name, len);
    if (*out) return WEFT_SYMTAB_OK;
    if (atomic_load_explicit(&t->frozen, memory_order_relaxed)) return WEFT_SYMTAB_FROZEN;
    if (t->n >= 0x7fffffffu) return WEFT_SYMTAB_NOMEM;
    if ((t->n + 1) * 2 > t->nslots && grow_slots(t) != 0) return WEFT_SYMTAB_NOMEM;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        sym_entry *e = realloc(t->entries, cap * sizeof *e);
        if (!e) return WEFT_SYMTAB_NOMEM;
        t->entries = e;
        t->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return WEFT_SYMTAB_NOMEM;
    memcpy(copy, name, len);
    copy[len] = '\0';
    uint32_t h = hash_bytes(name, len);
    t->entries[t->n] = (sym_entry){copy, len, h};
    t->slots[find_slot(t, name, len, h)] = (uint32_t)(t->n + 1);
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
