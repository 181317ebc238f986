/* Interned names: small integer ids for layer, view, label and key names. */
#ifndef WEFT_SYMTAB_H
#define WEFT_SYMTAB_H

#include <stddef.h>
#include <stdint.h>

#include "weft/plugin.h"

typedef struct weft_symtab weft_symtab;

/* Ids handed out start at base + 1 (base 0 for the global table, and
 * WEFT_SYM_LOCAL for a document's local table). */
#define WEFT_SYM_LOCAL 0x80000000u

weft_symtab *weft_symtab_new(uint32_t base);
void weft_symtab_free(weft_symtab *t);
/* Why weft_symtab_add refused a new name: the two need different fixes
 * (free memory, or intern before the table froze), so they are never
 * reported as one. */
enum { WEFT_SYMTAB_OK = 0, WEFT_SYMTAB_NOMEM = -1, WEFT_SYMTAB_FROZEN = -2 };
/* The id of name in *out, adding it if new. Returns WEFT_SYMTAB_OK, or
 * WEFT_SYMTAB_FROZEN / WEFT_SYMTAB_NOMEM with *out = 0. */
int weft_symtab_add(weft_symtab *t, const char *name, size_t len, weft_sym *out);
/* weft_symtab_add for callers that need no reason: 0 when refused. */
weft_sym weft_symtab_intern(weft_symtab *t, const char *name, size_t len);
/* 0 when absent. Safe from any thread once the table is frozen. */
weft_sym weft_symtab_find(const weft_symtab *t, const char *name, size_t len);
/* NULL when sym is not from this table. */
const char *weft_symtab_name(const weft_symtab *t, weft_sym sym);
size_t weft_symtab_count(const weft_symtab *t);
/* After this, new names are refused (existing ones are still found), so
 * any thread may read the table without locks. Safe to call from several
 * threads at once. */
void weft_symtab_freeze(weft_symtab *t);
int weft_symtab_frozen(const weft_symtab *t);
/* Drop every name (for a document-local table reused across documents). */
void weft_symtab_clear(weft_symtab *t);

#endif
