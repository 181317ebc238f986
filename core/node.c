/* Parameter trees: what the user wrote, in a form plugins can walk. */
#include "node.h"

#include <stdio.h>
#include <stdlib.h>
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

typedef struct text_out {
    char *p;
    size_t size, len;
    int cut;
} text_out;

static void tput(text_out *t, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (t->len + 1 >= t->size) {
            t->cut = 1;
            return;
        }
        t->p[t->len++] = s[i];
    }
}

static void tputs(text_out *t, const char *s) {
    tput(t, s, strlen(s));
}

static void node_text(text_out *t, const weft_node *n, int depth) {
    char buf[64];
    if (!n) {
        tputs(t, "nil");
        return;
    }
    switch (n->type) {
    case WEFT_V_BOOL:
        tputs(t, n->u.b ? "true" : "false");
        return;
    case WEFT_V_INT:
        snprintf(buf, sizeof buf, "%lld", (long long)n->u.i);
        tputs(t, buf);
        return;
    case WEFT_V_NUM:
        snprintf(buf, sizeof buf, "%.17g", n->u.d);
        /* the shortest that reads back the same */
        for (int prec = 1; prec < 17; prec++) {
            char b2[64];
            snprintf(b2, sizeof b2, "%.*g", prec, n->u.d);
            if (strtod(b2, NULL) == n->u.d) {
                memcpy(buf, b2, sizeof b2);
                break;
            }
        }
        /* a whole number stays a float: 2.0, not 2 */
        if (!strpbrk(buf, ".eEn")) strncat(buf, ".0", sizeof buf - strlen(buf) - 1);
        tputs(t, buf);
        return;
    case WEFT_V_STR:
        tput(t, "\"", 1);
        for (uint32_t i = 0; i < n->n; i++) {
            unsigned char c = (unsigned char)n->u.str[i];
            if (c == '"' || c == '\\') {
                char e[2] = {'\\', (char)c};
                tput(t, e, 2);
            } else if (c < 0x20 || c == 0x7f) {
                snprintf(buf, sizeof buf, "\\%u", c);
                tputs(t, buf);
            } else {
                tput(t, (const char *)&c, 1);
            }
        }
        tput(t, "\"", 1);
        return;
    case WEFT_V_LIST:
    case WEFT_V_MAP:
        if (depth > 32) {
            tputs(t, "{...}");
            return;
        }
        tput(t, "{", 1);
        for (uint32_t i = 0; i < n->n; i++) {
            if (i) tputs(t, ", ");
            if (n->type == WEFT_V_MAP && n->u.kids[i].key) {
                tputs(t, n->u.kids[i].key);
                tputs(t, " = ");
            }
            node_text(t, &n->u.kids[i], depth + 1);
        }
        tput(t, "}", 1);
        return;
    default:
        tputs(t, "nil");
    }
}

void weft_node_to_text(const weft_node *n, char *out, size_t outsz) {
    if (!outsz) return;
    text_out t = {out, outsz, 0, 0};
    node_text(&t, n, 0);
    if (t.cut && outsz > 4) {
        t.len = t.len > outsz - 4 ? outsz - 4 : t.len;
        memcpy(out + t.len, "...", 3);
        t.len += 3;
    }
    out[t.len] = '\0';
}
