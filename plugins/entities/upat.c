/*
 * User patterns. PCRE2 with PCRE2_UTF | PCRE2_MATCH_INVALID_UTF so matches
 * always fall on character boundaries even in raw views with stray bytes;
 * match and depth limits turn a catastrophic pattern such as (a+)+$ into a
 * clear per-document error instead of a hung run.
 */
#include "upat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/plugin.h"

void upat_free(upat_set *u) {
    for (size_t i = 0; i < u->n; i++) {
        pcre2_code_free(u->p[i].re);
        free(u->p[i].label);
        free(u->p[i].source);
    }
    free(u->p);
    pcre2_match_context_free(u->mctx);
    memset(u, 0, sizeof *u);
}

static const weft_node *kid(const weft_node *m, const char *key) {
    for (uint32_t i = 0; i < m->n; i++)
        if (m->u.kids[i].key && !strcmp(m->u.kids[i].key, key)) return &m->u.kids[i];
    return NULL;
}

static int label_ok(const char *s) {
    if (!*s || strlen(s) > 63) return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return 0;
    return 1;
}

int upat_compile(upat_set *u, const weft_node *tbl, uint32_t match_limit, uint32_t depth_limit,
                 int jit, char *err, size_t errsz) {
    memset(u, 0, sizeof *u);
    if (!tbl) return 0;
    if (tbl->type != WEFT_V_LIST && !(tbl->type == WEFT_V_MAP && tbl->n == 0)) {
        snprintf(err, errsz, "patterns: expected a list of { label = ..., regex = ... }");
        return -1;
    }
    u->mctx = pcre2_match_context_create(NULL);
    if (!u->mctx) goto oom;
    pcre2_set_match_limit(u->mctx, match_limit);
    pcre2_set_depth_limit(u->mctx, depth_limit);
    if (tbl->n == 0) return 0;
    u->p = calloc(tbl->n, sizeof *u->p);
    if (!u->p) goto oom;
    for (uint32_t i = 0; i < tbl->n; i++) {
        const weft_node *m = &tbl->u.kids[i];
        if (m->type != WEFT_V_MAP) {
            snprintf(err, errsz, "patterns[%u]: expected a table { label = ..., regex = ... }",
                     i + 1);
            return -1;
        }
        for (uint32_t k = 0; k < m->n; k++) {
            const char *key = m->u.kids[k].key;
            if (!key || (strcmp(key, "label") && strcmp(key, "regex") && strcmp(key, "caseless"))) {
                snprintf(err, errsz,
                         "patterns[%u]: unknown key '%s' (keys: label, regex, caseless)", i + 1,
                         key ? key : "?");
                return -1;
            }
        }
        const weft_node *lab = kid(m, "label"), *rx = kid(m, "regex"), *ci = kid(m, "caseless");
        if (!lab || lab->type != WEFT_V_STR || !label_ok(lab->u.str)) {
            snprintf(err, errsz,
                     "patterns[%u]: 'label' must be a name of 1-63 letters, digits, '_' or '-'",
                     i + 1);
            return -1;
        }
        if (!rx || rx->type != WEFT_V_STR || rx->n == 0) {
            snprintf(err, errsz, "patterns[%u] (%s): 'regex' must be a non-empty string", i + 1,
                     lab->u.str);
            return -1;
        }
        if (ci && ci->type != WEFT_V_BOOL) {
            snprintf(err, errsz, "patterns[%u] (%s): 'caseless' must be a boolean", i + 1,
                     lab->u.str);
            return -1;
        }
        uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP;
        if (ci && ci->u.b) opts |= PCRE2_CASELESS;
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)rx->u.str, rx->n, opts, &ec, &eo, NULL);
        if (!re) {
            PCRE2_UCHAR msg[256];
            pcre2_get_error_message(ec, msg, sizeof msg);
            snprintf(err, errsz, "patterns[%u] (%s): regex error at offset %zu: %s", i + 1,
                     lab->u.str, (size_t)eo, (const char *)msg);
            return -1;
        }
        u->p[u->n].re = re;
        u->n++;
        /* JIT is an optimisation; the interpreter is the fallback */
        if (jit) (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        if (!(u->p[u->n - 1].label = strdup(lab->u.str))) goto oom;
        if (!(u->p[u->n - 1].source = strdup(rx->u.str))) goto oom;
    }
    return 0;
oom:
    snprintf(err, errsz, "out of memory");
    return -1;
}

int upat_match(const upat_set *u, pcre2_match_data *md, const char *text, size_t len, upat_fn fn,
               void *ud, char *err, size_t errsz, size_t *where) {
    for (size_t k = 0; k < u->n; k++) {
        size_t off = 0;
        while (off <= len) {
            int rc = pcre2_match(u->p[k].re, (PCRE2_SPTR)text, len, off, 0, md, u->mctx);
            if (rc == PCRE2_ERROR_NOMATCH) break;
            if (rc < 0) {
                PCRE2_UCHAR msg[160];
                pcre2_get_error_message(rc, msg, sizeof msg);
                *where = off;
                snprintf(err, errsz, "pattern %zu (%s) stopped at byte %zu: %s", k + 1,
                         u->p[k].label, off, (const char *)msg);
                return -1;
            }
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t b = ov[0], e = ov[1];
            if (e > b && fn(ud, k, b, e)) return 1;
            if (e > b) {
                off = e;
            } else {
                /* empty match: step one character */
                off = e + 1;
                while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80) off++;
            }
        }
    }
    return 0;
}
