/* Parameter trees (weft_node): built from Lua tables or --set strings. */
#ifndef WEFT_NODE_H
#define WEFT_NODE_H

#include <stddef.h>

#include "arena.h"
#include "weft/plugin.h"

/* All nodes and strings come from the arena and die with it. */
weft_node *weft_node_new(weft_arena *a, uint32_t type);
/* Children are laid out in one array: allocate it at once. */
weft_node *weft_node_kids(weft_arena *a, weft_node *parent, uint32_t n);
/* Find a key in a MAP node; NULL if absent. */
const weft_node *weft_node_get(const weft_node *map, const char *key);
/* "true", "12", "0.5", "a,b" as typed for --set: a string node that the
 * validator coerces to the parameter's type. */
weft_node *weft_node_from_text(weft_arena *a, const char *text);
/* Human name of a node's type with its article, for messages: "a string". */
const char *weft_node_type_name(const weft_node *n);
/* n as a Lua script writes it (3, 0.5, true, "a\"b", {"a", "b"},
 * {k = 1}; NULL: nil) into out, cut to fit ("..." at the end when cut). */
void weft_node_to_text(const weft_node *n, char *out, size_t outsz);
/* Deep copy into another arena. */
weft_node *weft_node_copy(weft_arena *a, const weft_node *n);

#endif
