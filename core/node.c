/* Parameter trees: what the user wrote, in a form plugins can walk. */
#include "node.h"

#include <string.h>

weft_node *weft_node_new(weft_arena *a, uint32_t type) {
    weft_node *n = weft_arena_calloc(a, 1, sizeof *n);
    if (n) n->type = type;
    return n;
}

weft_node *weft_node_kids(weft_arena *a, weft_node *parent, uint32_t n) {
    weft_node *kids = n ? weft_arena_calloc(a, n, sizeof *kids) : NULL;
    if (n && !kids) return NULL;
    parent->n = n;
    parent->u.kids = kids;
    return kids;
}

const weft_node *weft_node_get(const weft_node *map, const char *key) {
    if (!map || map->type != WEFT_V_MAP) return NULL;
    for (uint32_t i = 0; i < map->n; i++)
        if (map->u.kids[i].key && strcmp(map->u.kids[i].key, key) == 0) return &map->u.kids[i];
    return NULL;
}

weft_node *weft_node_from_text(weft_arena *a, const char *text) {
    weft_node *n = weft_node_new(a, WEFT_V_STR);
    if (!n) return NULL;
    n->n = (uint32_t)strlen(text);
    n->u.str = weft_arena_strdup(a, text);
    return n->u.str ? n : NULL;
}

const char *weft_node_type_name(const weft_node *n) {
    if (!n) return "nothing";
    switch (n->type) {
    case WEFT_V_BOOL:
        return "a boolean";
    case WEFT_V_INT:
        return "an integer";
    case WEFT_V_NUM:
        return "a number";
    case WEFT_V_STR:
        return "a string";
    case WEFT_V_LIST:
        return "a list";
    case WEFT_V_MAP:
        return "a table";
    default:
        return "nothing";
    }
}

static int copy_into(weft_arena *a, weft_node *dst, const weft_node *src) {
    *dst = *src;
    if (src->key && !(dst->key = weft_arena_strdup(a, src->key))) return -1;
    if (src->type == WEFT_V_STR) {
        dst->u.str = weft_arena_strndup(a, src->u.str, src->n);
        return dst->u.str ? 0 : -1;
    }
    if (src->type == WEFT_V_LIST || src->type == WEFT_V_MAP) {
        weft_node *kids = weft_node_kids(a, dst, src->n);
        if (src->n && !kids) return -1;
        for (uint32_t i = 0; i < src->n; i++)
            if (copy_into(a, &kids[i], &src->u.kids[i]) != 0) return -1;
    }
    return 0;
}

weft_node *weft_node_copy(weft_arena *a, const weft_node *n) {
    weft_node *c = weft_node_new(a, WEFT_V_NONE);
    if (!c || copy_into(a, c, n) != 0) return NULL;
    return c;
}
