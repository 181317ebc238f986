/*
 * Building a pipeline: script -> spec -> validated stages -> opened stages.
 * Everything that can be wrong with a script is found here, before any
 * document is read, and reported as one message naming script:line and stage.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash.h"
#include "engine.h"
#include "labels.h"
#include "node.h"
#include "params.h"

static void say(char *err, size_t errsz, const weft_stage_spec *s, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void say(char *err, size_t errsz, const weft_stage_spec *s, const char *fmt, ...) {
    int n = 0;
    /* line 0: a stage with no script behind it (weft_source.stages) */
    if (s && s->line > 0)
        n = snprintf(err, errsz, "%s:%d: stage '%s': ", s->script, s->line, s->name);
    else if (s)
        n = snprintf(err, errsz, "%s: stage '%s': ", s->script, s->name);
    if (n < 0 || (size_t)n >= errsz) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
    va_end(ap);
}

const char *weft_stage_file(const weft_stage *st) {
    if (!st->cls) return NULL;
    return st->plugin && st->plugin->path ? st->plugin->path : "built in";
}

void weft_stage_where(const weft_stage *st, char *buf, size_t n) {
    const char *file = weft_stage_file(st);
    if (file)
        snprintf(buf, n, "stage '%s' of plugin %s", st->name, file);
    else
        snprintf(buf, n, "inline Lua stage '%s'", st->name);
}

static void close_stages(weft_pipeline *p) {
    for (size_t i = p->nstages; i-- > 0;) {
        weft_stage *s = &p->stages[i];
        /* close() pairs with open(): a stage without open() has no shared
         * state to free */
        if (s->opened && s->cls->open && s->cls->close) {
            weft_crash_callback(s->name, weft_stage_file(s), "close()");
            s->cls->close(s->shared);
            weft_crash_context(NULL, NULL, NULL);
        }
        s->opened = 0;
        if (s->serial) {
            pthread_mutex_destroy(s->serial);
            free(s->serial);
            s->serial = NULL;
        }
    }
}

void weft_pipeline_free(weft_pipeline *p) {
    if (!p) return;
    close_stages(p);
    free(p->stages);
    free(p->source);
    weft_pipeline_spec_free(&p->spec);
    weft_arena_free(&p->arena);
    free(p);
}

/* Unknown stage: suggest a close name and mention files that failed to
 * load, since the stage may live in one of them. */
static void unknown_stage(weft_engine *e, const weft_stage_spec *s, char *err, size_t errsz) {
    const char *names[512];
    size_t n = weft_registry_stage_names(&e->reg, names, 512);
    const char *m = weft_did_you_mean(s->class_name, names, n);
    int len =
        s->line > 0
            ? snprintf(err, errsz, "%s:%d: unknown stage '%s'", s->script, s->line, s->class_name)
            : snprintf(err, errsz, "%s: unknown stage '%s'", s->script, s->class_name);
    if (m && len >= 0 && (size_t)len < errsz)
        len += snprintf(err + len, errsz - (size_t)len, " (did you mean '%s'?)", m);
    /* Say where weft looked and how to look elsewhere: a stage of a plugin
     * built outside the plugin folders is the common case. */
    if (len >= 0 && (size_t)len < errsz)
        len += snprintf(err + len, errsz - (size_t)len, "; weft looked in");
    for (size_t i = 0; i < e->reg.nsearch && len >= 0 && (size_t)len < errsz; i++)
        len += snprintf(err + len, errsz - (size_t)len, "%s%s", i ? ":" : " ", e->reg.search[i]);
    if (len >= 0 && (size_t)len < errsz) {
        if (e->reg.nsearch == 0) len += snprintf(err + len, errsz - (size_t)len, " no folder");
        len += snprintf(err + len, errsz - (size_t)len,
                        "; add a plugin folder with %s or WEFT_PLUGIN_PATH", e->say_plugin_path);
    }
    if (len >= 0 && (size_t)len < errsz) {
        if (n == 0)
            len += snprintf(err + len, errsz - (size_t)len,
                            "; no plugins are loaded (see `weft plugins list -v`)");
        else
            len += snprintf(err + len, errsz - (size_t)len,
                            "; `weft plugins list` shows the %zu known stages", n);
    }
    for (size_t i = 0; i < e->reg.nrejected && len >= 0 && (size_t)len < errsz; i++)
        len += snprintf(err + len, errsz - (size_t)len, "\n  rejected plugin %s: %s",
                        e->reg.rejected[i].path, e->reg.rejected[i].reason);
}

/* A setting as the front end spells it (weft_options.say_set, "{}" being
 * STAGE.PARAM): "--set x.y" on the command line, "setting x.y" in C. */
static const char *setting_ref(const weft_engine *e, const weft_setting *set, char *out,
                               size_t outsz) {
    const char *at = strstr(e->say_set, "{}");
    if (!at)
        snprintf(out, outsz, "%s %s.%s", e->say_set, set->stage, set->param);
    else
        snprintf(out, outsz, "%.*s%s.%s%s", (int)(at - e->say_set), e->say_set, set->stage,
                 set->param, at + 2);
    return out;
}

/* " (set by --set x.y)" when the value of parameter bad of stage st came
 * from a setting, not from the script the message points at; "" otherwise. */
static const char *set_by(const weft_pipeline *p, const weft_stage *st, const weft_setting *set,
                          size_t nset, const char *bad, char *note, size_t notesz) {
    if (!bad) return "";
    for (size_t i = 0; i < nset; i++) {
        char ref[320];
        if (strcmp(set[i].stage, st->name) != 0 || strcmp(set[i].param, bad) != 0) continue;
        snprintf(note, notesz, " (set by %s)", setting_ref(p->eng, &set[i], ref, sizeof ref));
        return note;
    }
    return "";
}

/* Put the settings' values into the stage's parameter map. */
static int apply_settings(weft_pipeline *p, weft_stage *st, const weft_setting *set, size_t nset,
                          char *err, size_t errsz) {
    weft_stage_spec *s = (weft_stage_spec *)st->spec;
    char ref[320];
    st->script_params = s->params;
    for (size_t i = 0; i < nset; i++) {
        if (strcmp(set[i].stage, st->name) != 0) continue;
        setting_ref(p->eng, &set[i], ref, sizeof ref);
        const weft_param *tab = st->cls ? st->cls->params : s->lua_params;
        const weft_param *pp = tab;
        while (pp && pp->name && strcmp(pp->name, set[i].param) != 0) pp++;
        if (!pp || !pp->name) {
            char hint[512];
            if (!st->cls && !s->nlua_params)
                snprintf(hint, sizeof hint,
                         " (this inline Lua stage declares none: weft.lua \"%s\" { params = { "
                         "%s = DEFAULT }, ... })",
                         s->name, set[i].param);
            else
                weft_params_unknown_hint(tab, set[i].param, hint, sizeof hint);
            say(err, errsz, s, "unknown parameter '%s'%s (set by %s)", set[i].param, hint, ref);
            return -1;
        }
        weft_node *val;
        char sub[400], abs[8192];
        const char *text = set[i].value;
        /* A relative path typed on the command line means the current
         * folder, not the script's. */
        if (pp->type == WEFT_P_PATH && text[0] && text[0] != '/') {
            char cwd[4096];
            if (getcwd(cwd, sizeof cwd)) {
                snprintf(abs, sizeof abs, "%s/%s", cwd, text);
                text = abs;
            }
        }
        if (weft_params_from_text(pp, text, &p->spec.arena, &val, sub, sizeof sub)) {
            /* the shape of a bad value in the script, plus where it came from */
            say(err, errsz, s, "%s (set by %s)", sub, ref);
            return -1;
        }
        /* Rebuild the map with the value replaced or appended. */
        weft_node *old = s->params;
        weft_node *map = weft_node_new(&p->spec.arena, WEFT_V_MAP);
        uint32_t n = old ? old->n : 0, k = 0;
        int found = 0;
        for (uint32_t j = 0; j < n; j++) found |= strcmp(old->u.kids[j].key, pp->name) == 0;
        weft_node *kids = map ? weft_node_kids(&p->spec.arena, map, n + !found) : NULL;
        if (!kids) {
            say(err, errsz, s, "out of memory");
            return -1;
        }
        for (uint32_t j = 0; j < n; j++, k++)
            kids[k] = strcmp(old->u.kids[j].key, pp->name) == 0 ? *val : old->u.kids[j];
        if (!found) kids[k] = *val;
        for (uint32_t j = 0; j < map->n; j++)
            if (!kids[j].key || strcmp(kids[j].key, pp->name) == 0) kids[j].key = pp->name;
        s->params = map;
        if (!st->cls) { /* where the value came from, for weft check */
            if (!st->set_by)
                st->set_by = weft_arena_calloc(&p->arena, s->nlua_params, sizeof *st->set_by);
            if (!st->set_by || !(st->set_by[pp - tab] = weft_arena_strdup(&p->arena, ref))) {
                say(err, errsz, s, "out of memory");
                return -1;
            }
        }
    }
    return 0;
}

/* An inline Lua stage's values (weft_stage_spec.lua_values): its
 * defaults, then what the script and --set gave, validated against its
 * declarations exactly as a plugin's parameters are against its table
 * (the same messages, did-you-mean and "(set by --set S.P)"), then read
 * back from the conf struct in their declared types. */
static int lua_values(weft_pipeline *p, weft_stage *st, const weft_setting *set, size_t nset,
                      char *err, size_t errsz) {
    weft_stage_spec *s = (weft_stage_spec *)st->spec;
    weft_arena *a = &p->spec.arena;
    const weft_node *user = s->params, *defs = s->lua_defaults;
    size_t n = s->nlua_params;
    char sub[600];
    if (user && user->n && !n) {
        say(err, errsz, s,
            "unknown parameter '%s' (this inline Lua stage declares none: weft.lua \"%s\" { "
            "params = { %s = DEFAULT }, ... })%s",
            user->u.kids[0].key, s->name, user->u.kids[0].key,
            set_by(p, st, set, nset, user->u.kids[0].key, sub, sizeof sub));
        return -1;
    }
    /* Each default alone first: a default that does not fit its own
     * declaration is the declaration's mistake, not a value's. */
    for (uint32_t i = 0; defs && i < defs->n; i++) {
        const weft_param *pp = s->lua_params;
        while (pp->name && strcmp(pp->name, defs->u.kids[i].key) != 0) pp++;
        weft_param one[2] = {*pp, {0}};
        one[0].offset = 0;
        weft_node map = {WEFT_V_MAP, 1, NULL, {.kids = &defs->u.kids[i]}};
        _Alignas(max_align_t) char conf[WEFT_LUA_PARAM_SLOT]; /* a typed conf: a double, a list */
        char sub2[400];
        if (weft_params_apply(one, sizeof conf, &map, conf, a, p->spec.script_dir, NULL, sub2,
                              sizeof sub2) != 0) {
            say(err, errsz, s, "params.%s: its default does not fit its declaration: %s", pp->name,
                sub2);
            return -1;
        }
    }
    /* the defaults, with the script's and --set's values over them */
    uint32_t nu = user ? user->n : 0, nd = defs ? defs->n : 0, k = 0;
    weft_node *merged = weft_node_new(a, WEFT_V_MAP);
    weft_node *kids = merged ? weft_node_kids(a, merged, nu + nd) : NULL;
    if (!merged || (nu + nd && !kids)) {
        say(err, errsz, s, "out of memory");
        return -1;
    }
    for (uint32_t i = 0; i < nu; i++) kids[k++] = user->u.kids[i];
    for (uint32_t i = 0; i < nd; i++)
        if (!weft_node_get(user, defs->u.kids[i].key)) kids[k++] = defs->u.kids[i];
    merged->n = k;
    void *conf = weft_arena_calloc(a, n ? n : 1, WEFT_LUA_PARAM_SLOT);
    weft_node *vals = weft_node_new(a, WEFT_V_MAP);
    if (!conf || !vals) {
        say(err, errsz, s, "out of memory");
        return -1;
    }
    const char *bad = NULL;
    if (weft_params_apply(s->lua_params, n * WEFT_LUA_PARAM_SLOT, merged, conf, a,
                          p->spec.script_dir, &bad, sub, sizeof sub) != 0) {
        char note[400];
        say(err, errsz, s, "%s%s", sub, set_by(p, st, set, nset, bad, note, sizeof note));
        return -1;
    }
    /* back to nodes, in the declarations' (name) order; a parameter that
     * has no value (no default, not set) stays absent: nil in Lua */
    weft_node *out = k ? weft_node_kids(a, vals, k) : NULL;
    if (k && !out) {
        say(err, errsz, s, "out of memory");
        return -1;
    }
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const weft_param *pp = &s->lua_params[i];
        if (!weft_node_get(merged, pp->name)) continue;
        weft_node *v = weft_params_to_node(pp, conf, a);
        if (!v) {
            say(err, errsz, s, "out of memory");
            return -1;
        }
        out[m] = *v;
        out[m++].key = pp->name;
    }
    vals->n = m;
    s->lua_values = vals;
    return 0;
}

static int settings_known(const weft_pipeline *p, const weft_setting *set, size_t nset, char *err,
                          size_t errsz) {
    for (size_t i = 0; i < nset; i++) {
        int found = 0;
        for (size_t j = 0; j < p->nstages && !found; j++)
            found = strcmp(p->stages[j].name, set[i].stage) == 0;
        if (!found) {
            const char *names[256];
            size_t n = 0, len = 0;
            char list[512] = "";
            for (size_t j = 0; j < p->nstages && n < 256; j++) {
                names[n++] = p->stages[j].name;
                int k = snprintf(list + len, sizeof list - len, "%s%s", j ? ", " : "",
                                 p->stages[j].name);
                if (k > 0 && (size_t)k < sizeof list - len) len += (size_t)k;
            }
            const char *m = weft_did_you_mean(set[i].stage, names, n);
            char ref[320];
            snprintf(err, errsz, "%s: the pipeline has no stage '%s'%s%s%s (its stages: %s)",
                     setting_ref(p->eng, &set[i], ref, sizeof ref), set[i].stage,
                     m ? " (did you mean '" : "", m ? m : "", m ? "'?)" : "", list);
            return -1;
        }
    }
    return 0;
}

static size_t list_len(const char *const *l) {
    size_t n = 0;
    while (l && l[n]) n++;
    return n;
}

size_t weft_stage_requires(const weft_stage *st, const char *const **out) {
    *out = st->cls ? st->cls->requires : (const char *const *)st->spec->requires;
    return st->cls ? list_len(*out) : st->spec->nrequires;
}

size_t weft_stage_provides(const weft_stage *st, const char *const **out) {
    *out = st->cls ? st->cls->provides : (const char *const *)st->spec->provides;
    return st->cls ? list_len(*out) : st->spec->nprovides;
}

int weft_stage_provides_name(const weft_stage *st, const char *name) {
    const char *const *prov;
    size_t n = weft_stage_provides(st, &prov);
    for (size_t i = 0; i < n; i++)
        if (strcmp(prov[i], name) == 0) return 1;
    return 0;
}

/* Every stage's requirements must be provided by an earlier stage. */
static int check_chain(weft_pipeline *p, char *err, size_t errsz) {
    size_t cap = 16, n = 0;
    const char **have = malloc(cap * sizeof *have);
    if (!have) return -1;
    have[n++] = "view:raw";
    int rc = 0;
    for (size_t i = 0; i < p->nstages && rc == 0; i++) {
        const weft_stage *st = &p->stages[i];
        const char *const *req, *const *prov;
        size_t nreq = weft_stage_requires(st, &req);
        size_t nprov = weft_stage_provides(st, &prov);
        for (size_t r = 0; r < nreq && rc == 0; r++) {
            int ok = 0;
            for (size_t h = 0; h < n && !ok; h++) ok = strcmp(have[h], req[r]) == 0;
            if (!ok) {
                /* Name a stage that could provide it, when one is loaded. */
                const char *hint = NULL;
                for (size_t a = 0; a < p->eng->reg.nplugins && !hint; a++)
                    for (size_t b = 0; p->eng->reg.plugins[a].desc->stages[b] && !hint; b++) {
                        const weft_stage_class *c = p->eng->reg.plugins[a].desc->stages[b];
                        for (size_t q = 0; c->provides && c->provides[q] && !hint; q++)
                            if (strcmp(c->provides[q], req[r]) == 0) hint = c->name;
                    }
                /* None: a name near it that an earlier stage provides
                 * ("tokens" for token) */
                const char *near = hint ? NULL : weft_did_you_mean(req[r], have, n);
                /* line 0: no script to add a weft.stage line to */
                int script = st->spec->line > 0;
                say(err, errsz, st->spec,
                    "requires '%s', which no earlier stage provides%s%s%s%s%s%s", req[r],
                    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "",
                    !hint    ? ""
                    : script ? " (add weft.stage \""
                             : " (stage '",
                    hint ? hint : "",
                    !hint    ? ""
                    : script ? "\" before it)"
                             : "' provides it)");
                rc = -1;
            }
        }
        /* The same plugin stage twice adds every record twice to the same
         * layers (a script that meant two configurations of it, say). */
        for (size_t j = 0; st->cls && nprov && j < i; j++) {
            if (p->stages[j].cls != st->cls) continue;
            char where[600];
            say(where, sizeof where, st->spec, "%s", "");
            weft_engine_log(p->eng, WEFT_LOG_WARN,
                            "%sa second '%s' stage (stage %zu; the first is stage %zu) adds its "
                            "records to the same layers ('%s'%s): each record twice, or the "
                            "stage fails",
                            where, st->cls->name, i + 1, j + 1, prov[0], nprov > 1 ? ", ..." : "");
            break;
        }
        for (size_t q = 0; q < nprov && rc == 0; q++) {
            if (n == cap) {
                const char **h2 = realloc(have, 2 * cap * sizeof *have);
                if (!h2) {
                    rc = -1;
                    break;
                }
                have = h2;
                cap *= 2;
            }
            have[n++] = prov[q];
        }
    }
    free(have);
    return rc;
}

static weft_pipeline *pipeline_new(weft_engine *e) {
    weft_pipeline *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->eng = e;
    weft_arena_init(&p->arena, 16 * 1024, 0);
    weft_arena_init(&p->spec.arena, 16 * 1024, 0);
    return p;
}

static weft_pipeline *build(weft_pipeline *p, const weft_setting *settings, size_t nsettings,
                            int check_only, char *err, size_t errsz);

weft_pipeline *weft_pipeline_build(weft_engine *e, const char *path, const char *source, size_t len,
                                   const weft_setting *settings, size_t nsettings, int check_only,
                                   char *err, size_t errsz) {
    weft_pipeline *p = pipeline_new(e);
    if (!p || !(p->source = malloc(len + 1))) {
        weft_pipeline_free(p);
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    memcpy(p->source, source, len);
    p->source[len] = '\0';
    p->source_len = len;
    weft_pipeline_spec_free(&p->spec);
    if (weft_lua_load_spec(path, source, len, &e->lua, &p->spec, err, errsz) != 0) {
        weft_pipeline_free(p);
        return NULL;
    }
    if (p->spec.nstages == 0) {
        snprintf(err, errsz, "%s: the pipeline has no stages", path);
        weft_pipeline_free(p);
        return NULL;
    }
    return build(p, settings, nsettings, check_only, err, errsz);
}

weft_pipeline *weft_pipeline_build_stages(weft_engine *e, const char *name,
                                          const char *const *classes, size_t n,
                                          const weft_setting *settings, size_t nsettings,
                                          int check_only, char *err, size_t errsz) {
    weft_pipeline *p = pipeline_new(e);
    if (!p) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    if (n == 0) {
        snprintf(err, errsz, "%s: the pipeline has no stages", name);
        weft_pipeline_free(p);
        return NULL;
    }
    weft_pipeline_spec *s = &p->spec;
    char cwd[4096];
    /* No script: relative PATH parameters mean the current folder. */
    s->script = weft_arena_strdup(&s->arena, name);
    s->script_dir = weft_arena_strdup(&s->arena, getcwd(cwd, sizeof cwd) ? cwd : ".");
    s->stages = weft_arena_calloc(&s->arena, n, sizeof *s->stages);
    int ok = s->script && s->script_dir && s->stages && (p->source = calloc(1, 1));
    for (size_t i = 0; ok && i < n; i++) {
        weft_stage_spec *st = &s->stages[i];
        st->name = st->class_name = weft_arena_strdup(&s->arena, classes[i]);
        st->params = weft_node_new(&s->arena, WEFT_V_MAP);
        st->script = s->script;
        ok = st->name && st->params;
    }
    if (!ok) {
        snprintf(err, errsz, "out of memory");
        weft_pipeline_free(p);
        return NULL;
    }
    s->nstages = n;
    return build(p, settings, nsettings, check_only, err, errsz);
}

/* Stages from p->spec: classes found, settings applied, parameters
 * validated, the chain checked and, unless check_only, every stage opened.
 * Frees p on failure. */
static weft_pipeline *build(weft_pipeline *p, const weft_setting *settings, size_t nsettings,
                            int check_only, char *err, size_t errsz) {
    weft_engine *e = p->eng;
    p->stages = calloc(p->spec.nstages, sizeof *p->stages);
    if (!p->stages) {
        snprintf(err, errsz, "out of memory");
        goto fail;
    }
    p->nstages = p->spec.nstages;
    for (size_t i = 0; i < p->nstages; i++) {
        weft_stage *st = &p->stages[i];
        const weft_stage_spec *s = &p->spec.stages[i];
        st->spec = s;
        st->name = s->name;
        st->index = i;
        if (!s->class_name) {
            p->has_lua = 1;
            continue;
        }
        st->cls = weft_registry_stage(&e->reg, s->class_name, &st->plugin);
        if (!st->cls) {
            unknown_stage(e, s, err, errsz);
            goto fail;
        }
    }
    if (settings_known(p, settings, nsettings, err, errsz) != 0) goto fail;
    for (size_t i = 0; i < p->nstages; i++) {
        weft_stage *st = &p->stages[i];
        if (apply_settings(p, st, settings, nsettings, err, errsz) != 0) goto fail;
        if (!st->cls) {
            if (lua_values(p, st, settings, nsettings, err, errsz) != 0) goto fail;
            continue;
        }
        st->conf = weft_arena_calloc(&p->arena, 1, st->cls->conf_size ? st->cls->conf_size : 1);
        char sub[600];
        if (!st->conf) {
            snprintf(err, errsz, "out of memory");
            goto fail;
        }
        const char *bad = NULL;
        if (weft_params_apply(st->cls->params, st->cls->conf_size, st->spec->params, st->conf,
                              &p->arena, p->spec.script_dir, &bad, sub, sizeof sub) != 0) {
            char note[400];
            say(err, errsz, st->spec, "%s%s", sub,
                set_by(p, st, settings, nsettings, bad, note, sizeof note));
            goto fail;
        }
    }
    if (check_chain(p, err, errsz) != 0 || weft_labels_check(p, err, errsz) != 0 ||
        weft_pipeline_check_output(p, &p->spec.output, 0, err, errsz) != 0)
        goto fail;
    p->reads_html = weft_pipeline_provides(p, "view:text");
    if (check_only) {
        p->check_only = 1;
        return p;
    }
    for (size_t i = 0; i < p->nstages; i++) {
        weft_stage *st = &p->stages[i];
        if (!st->cls || !st->cls->open) {
            st->opened = st->cls != NULL;
            continue;
        }
        weft_setup setup = {e, p, st, ""};
        weft_error perr = {0, 0, -1, ""};
        weft_crash_callback(st->name, weft_stage_file(st), "open()");
        int rc = st->cls->open(&e->host, &setup, st->conf, &st->shared, &perr);
        weft_crash_context(NULL, NULL, NULL);
        if (rc != WEFT_OK && setup.frozen_name[0]) {
            /* The plugin most likely reported the refused name as out of
             * memory: say what really happened. */
            say(err, errsz, st->spec,
                "plugin '%s' (%s) failed to open: it needs the new name '%s', but the engine's "
                "names are frozen since its first processor was created (build every pipeline "
                "before the first processor, or use another engine)",
                st->plugin->desc->name, st->plugin->path ? st->plugin->path : "built in",
                setup.frozen_name);
            goto fail;
        }
        if (rc != WEFT_OK) {
            say(err, errsz, st->spec, "plugin '%s' (%s) failed to open: %s", st->plugin->desc->name,
                st->plugin->path ? st->plugin->path : "built in",
                perr.msg[0] ? perr.msg : "no message given");
            goto fail;
        }
        st->opened = 1;
    }
    for (size_t i = 0; i < p->nstages; i++) {
        weft_stage *st = &p->stages[i];
        if (!st->cls || !(st->cls->flags & WEFT_STAGE_SERIAL)) continue;
        if (!(st->serial = malloc(sizeof *st->serial)) ||
            pthread_mutex_init(st->serial, NULL) != 0) {
            free(st->serial);
            st->serial = NULL;
            snprintf(err, errsz, "out of memory");
            goto fail;
        }
    }
    return p;
fail:
    weft_pipeline_free(p);
    return NULL;
}

weft_worker *weft_worker_new(weft_pipeline *p, char *err, size_t errsz) {
    weft_worker *w = calloc(1, sizeof *w);
    if (!w) goto oom;
    w->p = p;
    /* From the first worker on, names are read from several threads: no
     * more interning into the engine-wide table (documents intern locally).
     * Pipelines built before this point may intern freely, so one engine
     * can hold several pipelines. */
    weft_symtab_freeze(p->eng->syms);
    w->states = calloc(p->nstages, sizeof *w->states);
    w->stats = calloc(p->nstages, sizeof *w->stats);
    if (!w->states || !w->stats) goto oom;
    for (size_t i = 0; i < p->nstages; i++) {
        weft_stage *st = &p->stages[i];
        if (!st->cls) continue;
        if (!st->cls->create) { /* stateless: process() gets the shared state */
            w->states[i] = st->shared;
            continue;
        }
        weft_error perr = {0, 0, -1, ""};
        weft_crash_callback(st->name, weft_stage_file(st), "create()");
        int rc = st->cls->create(&p->eng->host, st->shared, &w->states[i], &perr);
        weft_crash_context(NULL, NULL, NULL);
        if (rc != WEFT_OK) {
            say(err, errsz, st->spec, "failed to create worker state: %s",
                perr.msg[0] ? perr.msg : "no message given");
            w->states[i] = NULL;
            weft_worker_free(w);
            return NULL;
        }
    }
    if (p->has_lua) {
        w->L = weft_lua_new(&p->eng->lua, p->spec.script, p->source, p->source_len, &p->spec, err,
                            errsz);
        if (!w->L) {
            weft_worker_free(w);
            return NULL;
        }
    }
    return w;
oom:
    snprintf(err, errsz, "out of memory");
    weft_worker_free(w);
    return NULL;
}

void weft_worker_free(weft_worker *w) {
    if (!w) return;
    if (w->states)
        for (size_t i = w->p->nstages; i-- > 0;) {
            const weft_stage *st = &w->p->stages[i];
            if (w->states[i] && st->cls && st->cls->create && st->cls->destroy) {
                weft_crash_callback(st->name, weft_stage_file(st), "destroy()");
                st->cls->destroy(w->states[i]);
                weft_crash_context(NULL, NULL, NULL);
            }
        }
    if (w->L) weft_lua_free(w->L);
    free(w->states);
    free(w->stats);
    free(w);
}
