/* `weft train STAGE`: a stage class's optional train hook, called with a
 * setup of its own (no pipeline runs), so its data files are found the way
 * open() finds them. The core knows nothing of what is trained. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "params.h"
#include "registry.h"

int weft_train(weft_engine *e, const char *stage, int argc, char *const *argv, char *err,
               size_t errsz) {
    const weft_loaded_plugin *from = NULL;
    const weft_stage_class *c = weft_registry_stage(&e->reg, stage, &from);
    if (!c) {
        const char *names[512];
        size_t n = weft_registry_stage_names(&e->reg, names, 512);
        const char *m = weft_did_you_mean(stage, names, n);
        snprintf(err, errsz, "no loaded plugin has a stage '%s'%s%s%s (see `weft plugins list`)",
                 stage, m ? " (did you mean '" : "", m ? m : "", m ? "'?)" : "");
        return 2;
    }
    if (!WEFT_CLASS_HAS(c, train) || !c->train) {
        snprintf(err, errsz, "stage '%s' has nothing to train", stage);
        return 2;
    }
    char cwd[4096];
    weft_pipeline p;
    memset(&p, 0, sizeof p);
    p.eng = e;
    p.spec.script_dir = getcwd(cwd, sizeof cwd) ? cwd : ".";
    weft_stage st;
    memset(&st, 0, sizeof st);
    st.name = c->name;
    st.cls = c;
    st.plugin = from;
    weft_setup setup = {e, &p, &st, ""};
    weft_error perr = {0, 0, -1, ""};
    int rc = c->train(&e->host, &setup, argc, argv, &perr);
    if (rc != WEFT_OK) {
        snprintf(err, errsz, "%s", perr.msg[0] ? perr.msg : "training failed (no message given)");
        return rc == WEFT_EINVAL ? 2 : 1; /* bad arguments are a usage error */
    }
    return 0;
}
