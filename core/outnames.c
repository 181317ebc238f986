/* Writer names: their keys, defaults, validation and precedence. */
#include "outnames.h"

#include "engine.h"
#include "params.h"

#include <stddef.h>
#include <string.h>

const char *const weft_output_name_keys[WEFT_OUT_NNAMES] = {
    "entity_layer", "token_layer", "sentence_layer", "source_attr", "report_attr"};

static const char *const defaults[WEFT_OUT_NNAMES] = {WEFT_OUT_ENTITY_LAYER, WEFT_OUT_TOKEN_LAYER,
                                                      WEFT_OUT_SENTENCE_LAYER, WEFT_OUT_SOURCE_ATTR,
                                                      WEFT_OUT_REPORT_ATTR};

const char **weft_output_name_slot(weft_output_names *n, int i) {
    switch (i) {
    case 0:
        return &n->entity_layer;
    case 1:
        return &n->token_layer;
    case 2:
        return &n->sentence_layer;
    case 3:
        return &n->source_attr;
    case 4:
        return &n->report_attr;
    default:
        return NULL;
    }
}

int weft_output_name_valid(const char *s) {
    if (!s) return 0;
    size_t n = strlen(s);
    if (n == 0 || n > 128) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '.' || c == '-';
        if (!ok) return 0;
    }
    return 1;
}

void weft_output_names_resolve(weft_output_names *dst, const weft_output_names *src) {
    weft_output_names copy = src ? *src : (weft_output_names){0};
    for (int i = 0; i < WEFT_OUT_NNAMES; i++) {
        const char **d = weft_output_name_slot(dst, i);
        const char *s = *weft_output_name_slot(&copy, i);
        if (!*d) *d = s ? s : defaults[i];
    }
}

/* "token, sentence, entity": the layers the pipeline's stages provide. */
static void list_layers(const weft_pipeline *p, char *buf, size_t size) {
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < p->nstages; i++) {
        const char *const *prov;
        size_t n = weft_stage_provides(&p->stages[i], &prov);
        for (size_t j = 0; j < n; j++) {
            if (strchr(prov[j], ':')) continue;
            int w = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", prov[j]);
            if (w < 0 || (size_t)w >= size - used) return;
            used += (size_t)w;
        }
    }
}

int weft_pipeline_provides(const weft_pipeline *p, const char *name) {
    for (size_t s = 0; s < p->nstages; s++)
        if (weft_stage_provides_name(&p->stages[s], name)) return 1;
    return 0;
}

const char *weft_pipeline_nearest_provide(const weft_pipeline *p, const char *name) {
    const char *cand[256];
    size_t nc = 0;
    const char *colon = strchr(name, ':');
    size_t kind = colon ? (size_t)(colon - name) + 1 : 0; /* "attr:" compares with attr: only */
    for (size_t s = 0; s < p->nstages; s++) {
        const char *const *prov;
        size_t n = weft_stage_provides(&p->stages[s], &prov);
        for (size_t j = 0; j < n && nc < 256; j++) {
            const char *c = strchr(prov[j], ':');
            if (kind ? !c || (size_t)(c - prov[j]) + 1 != kind || strncmp(prov[j], name, kind)
                     : c != NULL)
                continue;
            cand[nc++] = prov[j] + kind;
        }
    }
    return weft_did_you_mean(name + kind, cand, nc);
}

int weft_pipeline_check_output(const weft_pipeline *p, const weft_output_names *n, int from_options,
                               char *err, size_t errsz) {
    /* Only the layers: record and document attributes are not declared by
     * stages, and a missing report falls back to the generic summary. */
    for (int i = 0; i < 3; i++) {
        const char *name = *weft_output_name_slot((weft_output_names *)n, i);
        if (!name) continue;
        if (weft_pipeline_provides(p, name)) continue;
        char layers[512];
        list_layers(p, layers, sizeof layers);
        char key[32];
        snprintf(key, sizeof key, "%s", weft_output_name_keys[i]);
        if (from_options)
            for (char *c = key; *c; c++)
                if (*c == '_') *c = '-';
        snprintf(err, errsz, "%s%s%s '%s': no stage of the pipeline provides layer '%s' (%s%s)",
                 from_options ? "--" : p->spec.script, from_options ? "" : ": output.", key, name,
                 name, layers[0] ? "its layers: " : "it provides no layers", layers);
        return -1;
    }
    return 0;
}
